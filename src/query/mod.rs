//! SPARQL over the graph: resolving what to run (a named query from `queries/`, a file, or
//! inline text), running it with the union of all graphs as the default graph (unless the
//! query names its own dataset with FROM), and printing the answer: an aligned table for
//! people, a W3C results format (JSON, XML, CSV, TSV) for programs, or RDF for
//! CONSTRUCT/DESCRIBE. [`federation`] answers SERVICE calls.

pub mod federation;

use crate::error::{Error, Result};
use crate::export;
use crate::vocab;
use oxigraph::io::RdfFormat;
use oxigraph::model::*;
use oxigraph::sparql::results::QueryResultsFormat;
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A query to run, with a name for messages.
#[derive(Debug, Clone)]
pub struct QueryText {
    pub origin: String,
    pub text: String,
}

/// Finds a query: an existing file path, else `NAME` as `queries_dir/NAME.rq`.
pub fn resolve(arg: &str, queries_dir: &Path) -> Result<QueryText> {
    let as_path = PathBuf::from(arg);
    let named = queries_dir.join(format!("{arg}.rq"));
    let path = if as_path.is_file() {
        as_path
    } else if named.is_file() {
        named
    } else {
        let names = named_queries(queries_dir).unwrap_or_default();
        return Err(Error::Usage(format!(
            "no query file `{arg}` and no named query `{arg}` in {}: use one of {} or -e 'SPARQL'",
            queries_dir.display(),
            if names.is_empty() {
                "(none found)".to_owned()
            } else {
                names.join(", ")
            }
        )));
    };
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    Ok(QueryText {
        origin: path.display().to_string(),
        text,
    })
}

/// Names of the `*.rq` files in `dir`, sorted.
pub fn named_queries(dir: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    Ok(names)
}

/// The question a named query answers: its leading `#` comment lines.
pub fn header(text: &str) -> String {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join("\n")
}

/// How to print an answer.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// W3C results format for SELECT/ASK; `None` prints a table.
    pub results: Option<QueryResultsFormat>,
    /// RDF format for CONSTRUCT/DESCRIBE (default Turtle).
    pub rdf: Option<RdfFormat>,
    /// Label languages for IRIs in the table view, in order of preference.
    pub langs: Vec<String>,
    /// Dataset base IRI, for compact names and prefixes.
    pub base: String,
    /// Stop the query's evaluation after this long (`mura query --timeout`): an
    /// [`Error::QueryTimeout`].
    pub timeout: Option<Duration>,
}

/// Runs `work` with a token that is cancelled once `timeout` has passed; returns what
/// `work` returned and whether the deadline was reached. One watchdog thread serves every
/// query of the process (a thread per query would cost a spawn per request under load).
pub fn with_timeout<T>(timeout: Duration, work: impl FnOnce(CancellationToken) -> T) -> (T, bool) {
    let token = CancellationToken::new();
    let key = watchdog().watch(Instant::now() + timeout, token.clone());
    let out = work(token.clone());
    watchdog().forget(key);
    (out, token.is_cancelled())
}

/// The last key handed out, and each running query's token by (deadline, key).
type Deadlines = (u64, BTreeMap<(Instant, u64), CancellationToken>);

/// The deadlines of the running queries, earliest first; its thread cancels each token
/// whose deadline has passed.
struct Watchdog {
    deadlines: Mutex<Deadlines>,
    changed: Condvar,
}

fn watchdog() -> &'static Watchdog {
    static WATCHDOG: OnceLock<&'static Watchdog> = OnceLock::new();
    WATCHDOG.get_or_init(|| {
        let w: &'static Watchdog = Box::leak(Box::new(Watchdog {
            deadlines: Mutex::new((0, BTreeMap::new())),
            changed: Condvar::new(),
        }));
        std::thread::Builder::new()
            .name("mura query watchdog".into())
            .spawn(move || w.run())
            .expect("the query watchdog thread starts");
        w
    })
}

impl Watchdog {
    fn watch(&self, deadline: Instant, token: CancellationToken) -> (Instant, u64) {
        let mut guard = self.deadlines.lock().unwrap_or_else(|e| e.into_inner());
        guard.0 += 1;
        let key = (deadline, guard.0);
        guard.1.insert(key, token);
        drop(guard);
        self.changed.notify_one();
        key
    }

    fn forget(&self, key: (Instant, u64)) {
        let mut guard = self.deadlines.lock().unwrap_or_else(|e| e.into_inner());
        guard.1.remove(&key);
    }

    fn run(&self) {
        let mut guard = self.deadlines.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let now = Instant::now();
            while let Some(entry) = guard.1.first_entry() {
                if entry.key().0 > now {
                    break;
                }
                entry.remove().cancel();
            }
            guard = match guard.1.first_key_value() {
                None => self.changed.wait(guard).unwrap_or_else(|e| e.into_inner()),
                Some((&(deadline, _), _)) => {
                    match self.changed.wait_timeout(guard, deadline - now) {
                        Ok((g, _)) => g,
                        Err(e) => e.into_inner().0,
                    }
                }
            };
        }
    }
}

/// Runs `query` on `store` and writes the answer to `out`.
pub fn run(store: &Store, query: &QueryText, output: &Output, out: &mut dyn Write) -> Result<()> {
    run_with(SparqlEvaluator::new(), store, query, output, out)
}

/// [`run`] with a configured evaluator (e.g. mura's SERVICE handler, see
/// [`crate::query::federation`]), within `output.timeout` when one is set.
pub fn run_with(
    evaluator: SparqlEvaluator,
    store: &Store,
    query: &QueryText,
    output: &Output,
    out: &mut dyn Write,
) -> Result<()> {
    let Some(limit) = output.timeout else {
        return answer(evaluator, store, query, output, out);
    };
    let (result, fired) = with_timeout(limit, |token| {
        answer(
            evaluator.with_cancellation_token(token),
            store,
            query,
            output,
            out,
        )
    });
    match result {
        Err(_) if fired => Err(Error::QueryTimeout {
            origin: query.origin.clone(),
            seconds: limit.as_secs(),
        }),
        result => result,
    }
}

/// Evaluates `query` and writes its answer.
fn answer(
    evaluator: SparqlEvaluator,
    store: &Store,
    query: &QueryText,
    output: &Output,
    out: &mut dyn Write,
) -> Result<()> {
    // a SERVICE error's text is both its message and its source: say it once
    let eval_err = |source| match source {
        oxigraph::sparql::QueryEvaluationError::Service(inner) => Error::Service {
            origin: query.origin.clone(),
            message: inner.to_string(),
        },
        source => Error::QueryEvaluation {
            origin: query.origin.clone(),
            source,
        },
    };
    let mut prepared = evaluator
        .parse_query(&query.text)
        .map_err(|source| Error::QuerySyntax {
            origin: query.origin.clone(),
            source,
        })?;
    let dataset = prepared.dataset();
    if dataset.default_graph_graphs() == Some(&[GraphName::DefaultGraph][..])
        && dataset.available_named_graphs().is_none()
    {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let write_err = |source| Error::Write {
        path: "<stdout>".into(),
        source,
    };
    match prepared.on_store(store).execute().map_err(eval_err)? {
        QueryResults::Solutions(solutions) => {
            let variables: Vec<Variable> = solutions.variables().to_vec();
            let mut rows: Vec<Vec<Option<Term>>> = Vec::new();
            if let Some(format) = output.results {
                let mut serializer = QueryResultsSerializer::from_format(format)
                    .serialize_solutions_to_writer(&mut *out, variables.clone())
                    .map_err(write_err)?;
                for s in solutions {
                    serializer
                        .serialize(&s.map_err(eval_err)?)
                        .map_err(write_err)?;
                }
                serializer.finish().map_err(write_err)?;
                return Ok(());
            }
            for s in solutions {
                let s = s.map_err(eval_err)?;
                rows.push(variables.iter().map(|v| s.get(v).cloned()).collect());
            }
            let names = Names::new(store, output);
            let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|t| t.as_ref().map(|t| names.show(t)).unwrap_or_default())
                        .collect()
                })
                .collect();
            write_table(out, &header, &cells).map_err(write_err)
        }
        QueryResults::Boolean(value) => match output.results {
            Some(format) => {
                QueryResultsSerializer::from_format(format)
                    .serialize_boolean_to_writer(&mut *out, value)
                    .map_err(write_err)?;
                Ok(())
            }
            None => writeln!(out, "{}", if value { "yes" } else { "no" }).map_err(write_err),
        },
        QueryResults::Graph(triples) => {
            let mut quads = Vec::new();
            for t in triples {
                let t = t.map_err(eval_err)?;
                quads.push(t.in_graph(GraphName::DefaultGraph));
            }
            let format = output.rdf.unwrap_or(RdfFormat::Turtle);
            export::write_quads(quads, format, &output.base, out)
        }
    }
}

/// Writes an aligned, pipe-separated table (Markdown-compatible) with a row count.
pub fn write_table(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let line = |out: &mut dyn Write, cells: &[String]| -> std::io::Result<()> {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - width(c))))
            .collect();
        writeln!(out, "| {} |", padded.join(" | "))
    };
    line(out, header)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "|-{}-|", rule.join("-|-"))?;
    for row in rows {
        line(out, row)?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )
}

/// How the table view shows terms: IRIs as labels (with `--lang`) or compact names.
struct Names<'a> {
    store: &'a Store,
    langs: &'a [String],
    base: &'a str,
    cache: std::cell::RefCell<HashMap<String, Option<String>>>,
}

impl<'a> Names<'a> {
    fn new(store: &'a Store, output: &'a Output) -> Self {
        Self {
            store,
            langs: &output.langs,
            base: &output.base,
            cache: Default::default(),
        }
    }

    fn show(&self, term: &Term) -> String {
        match term {
            Term::NamedNode(n) => self
                .label(n)
                .unwrap_or_else(|| compact(n.as_str(), self.base)),
            Term::BlankNode(b) => format!("_:{}", b.as_str()),
            Term::Literal(l) => match l.language() {
                Some(lang) => format!("{}@{lang}", l.value()),
                None => l.value().to_owned(),
            },
            #[allow(unreachable_patterns)]
            other => other.to_string(),
        }
    }

    fn label(&self, node: &NamedNode) -> Option<String> {
        if self.langs.is_empty() {
            return None;
        }
        if let Some(hit) = self.cache.borrow().get(node.as_str()) {
            return hit.clone();
        }
        let langs: Vec<&str> = self.langs.iter().map(String::as_str).collect();
        let found = pick_name(&names_in(self.store, node), &langs);
        self.cache
            .borrow_mut()
            .insert(node.as_str().to_owned(), found.clone());
        found
    }
}

/// The one way mura chooses a label: among `names` (an entity's `schema:name` literals),
/// the first language of `langs` that has one (`*`: any language), the smallest text of it
/// for determinism; `None` when no language matches. Tables, SHACL reports and the
/// server's pages all go by it.
pub fn pick_name(names: &[Literal], langs: &[&str]) -> Option<String> {
    langs.iter().find_map(|lang| {
        names
            .iter()
            .filter(|l| *lang == "*" || l.language() == Some(lang))
            .map(|l| l.value().to_owned())
            .min()
    })
}

/// The `schema:name` literals of `node` in `store`.
pub fn names_in(store: &Store, node: &NamedNode) -> Vec<Literal> {
    store
        .quads_for_pattern(
            Some(node.as_ref().into()),
            Some(vocab::schema::NAME),
            None,
            None,
        )
        .filter_map(|q| match q.ok()?.object {
            Term::Literal(l) => Some(l),
            _ => None,
        })
        .collect()
}

/// `prefix:local` for IRIs under a known namespace or the dataset base, else `<iri>`.
pub fn compact(iri: &str, base: &str) -> String {
    if let Some(rest) = iri.strip_prefix(base) {
        if !base.is_empty() {
            return format!(":{rest}");
        }
    }
    for (prefix, ns) in vocab::PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() && !local.contains(['/', '#']) {
                return format!("{prefix}:{local}");
            }
        }
    }
    format!("<{iri}>")
}
