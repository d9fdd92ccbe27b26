//! The oxigraph store: in memory (default) or on disk with RocksDB (`--store DIR`, cargo
//! feature `rocksdb`). Loads go through the bulk loader. An on-disk store is always built
//! in a fresh directory beside the target and swapped in only once it is complete, so a
//! failed build never damages the store that was there.

use crate::error::{Error, Result};
use crate::graph::Sink;
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A new in-memory store holding `quads`.
pub fn memory(quads: impl IntoIterator<Item = Quad>) -> Result<Store> {
    let store = Store::new()?;
    load(&store, quads)?;
    Ok(store)
}

/// Loads `quads` into `store` in one bulk load (one commit).
pub fn load(store: &Store, quads: impl IntoIterator<Item = Quad>) -> Result<()> {
    let mut loader = store.bulk_loader();
    loader.load_quads(quads)?;
    loader.commit()?;
    Ok(())
}

/// Quads per batch that [`scan`] hands over.
pub const SCAN_BATCH: usize = 8192;

/// Reads every quad of `store` (of the named graph `graph` only, if given) into `sink` in
/// batches, on up to `threads` reading threads, in no particular order (the caller sorts).
///
/// Reading a store is decoding: oxigraph looks every term of every quad up in its string
/// table, a RocksDB point read, and that — not the scan — is the time of an export (one
/// thread: about 9 µs a quad on a 10^6-museum store). So the store is cut into its (graph,
/// predicate) slices, counted first on encoded terms (`GROUP BY` decodes only its keys: a
/// full scan without lookups), and the reading threads take the slices, biggest first,
/// each from the graph-predicate-object index; this thread only forwards their batches.
pub fn scan(
    store: &Store,
    graph: Option<NamedNodeRef<'_>>,
    threads: usize,
    sink: &mut dyn Sink,
) -> Result<()> {
    let slices = if threads > 1 {
        slices(store, graph)?
    } else {
        Vec::new()
    };
    if slices.len() < 2 {
        let quads = store.quads_for_pattern(None, None, None, graph.map(Into::into));
        let mut batch = Vec::with_capacity(SCAN_BATCH);
        for quad in quads {
            batch.push(quad?);
            if batch.len() == SCAN_BATCH {
                sink.push(std::mem::replace(
                    &mut batch,
                    Vec::with_capacity(SCAN_BATCH),
                ))?;
            }
        }
        return sink.push(batch);
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Quad>>>(4 * threads);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(slices.len()) {
            let (tx, next, slices) = (tx.clone(), &next, &slices);
            scope.spawn(move || {
                let mut batch = Vec::with_capacity(SCAN_BATCH);
                let mut emit = |quad: Quad| {
                    batch.push(quad);
                    if batch.len() < SCAN_BATCH {
                        return true;
                    }
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(SCAN_BATCH));
                    tx.send(Ok(full)).is_ok() // false: the sink failed, this thread stops
                };
                while let Some((g, p)) = slices.get(next.fetch_add(1, Ordering::Relaxed)) {
                    match read_slice(store, g, p, &mut emit) {
                        Ok(true) => {}
                        Ok(false) => return,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
                if !batch.is_empty() {
                    let _ = tx.send(Ok(batch));
                }
            });
        }
        drop(tx);
        // the first error ends the scan; dropping `rx` then stops the readers
        for batch in rx {
            sink.push(batch?)?;
        }
        Ok(())
    })
}

/// Hands the quads of one (graph, predicate) slice to `emit` until it returns false (then
/// returns false). A SPARQL pattern with the graph and predicate bound decodes only the
/// subject and object: the two terms every quad repeats are not looked up again (and
/// the reading threads do not queue on the one cache shard that holds them).
fn read_slice(
    store: &Store,
    graph: &GraphName,
    predicate: &NamedNode,
    emit: &mut dyn FnMut(Quad) -> bool,
) -> Result<bool> {
    let pattern = match graph {
        GraphName::NamedNode(g) => format!("GRAPH {g} {{ ?s {predicate} ?o }}"),
        GraphName::DefaultGraph => format!("?s {predicate} ?o"),
        GraphName::BlankNode(_) => {
            // a blank graph name cannot be written in a query: decode whole quads
            for quad in
                store.quads_for_pattern(None, Some(predicate.as_ref()), None, Some(graph.as_ref()))
            {
                if !emit(quad?) {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
    };
    each_solution(
        store,
        &format!("SELECT ?s ?o WHERE {{ {pattern} }}"),
        "a slice of the store",
        &mut |solution| {
            let subject = match solution.get(0) {
                Some(Term::NamedNode(s)) => NamedOrBlankNode::NamedNode(s.clone()),
                Some(Term::BlankNode(s)) => NamedOrBlankNode::BlankNode(s.clone()),
                _ => return Err(Error::Internal("a slice row without a subject".into())),
            };
            let Some(object) = solution.get(1) else {
                return Err(Error::Internal("a slice row without an object".into()));
            };
            let quad = Quad::new(subject, predicate.clone(), object.clone(), graph.clone());
            Ok(emit(quad))
        },
    )
}

/// The (graph, predicate) slices of `store` (or of `graph`), biggest first (ties by IRI).
fn slices(store: &Store, graph: Option<NamedNodeRef<'_>>) -> Result<Vec<(GraphName, NamedNode)>> {
    let text = match graph {
        Some(g) => format!("SELECT ?g ?p (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} BIND({g} AS ?g) }} GROUP BY ?g ?p"),
        None => "SELECT ?g ?p (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g ?p".to_owned(),
    };
    let mut slices = Vec::new();
    each_solution(store, &text, "the store's slices", &mut |solution| {
        let graph = match solution.get("g") {
            None => GraphName::DefaultGraph,
            Some(Term::NamedNode(g)) => GraphName::NamedNode(g.clone()),
            Some(Term::BlankNode(g)) => GraphName::BlankNode(g.clone()),
            Some(other) => return Err(Error::Internal(format!("a graph name {other}"))),
        };
        let (Some(Term::NamedNode(p)), Some(Term::Literal(n))) =
            (solution.get("p"), solution.get("n"))
        else {
            return Err(Error::Internal("a slice without predicate or count".into()));
        };
        let n: u64 = n
            .value()
            .parse()
            .map_err(|_| Error::Internal(format!("a slice count {n}")))?;
        slices.push((n, graph, p.clone()));
        Ok(true)
    })?;
    slices.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.to_string().cmp(&b.1.to_string()))
            .then_with(|| a.2.cmp(&b.2))
    });
    Ok(slices.into_iter().map(|(_, g, p)| (g, p)).collect())
}

/// Runs the SELECT `text` on `store` and hands each solution to `f` until it returns false
/// (then returns false); errors name `origin`.
fn each_solution(
    store: &Store,
    text: &str,
    origin: &str,
    f: &mut dyn FnMut(oxigraph::sparql::QuerySolution) -> Result<bool>,
) -> Result<bool> {
    let failed = |source| Error::QueryEvaluation {
        origin: origin.into(),
        source,
    };
    let results = SparqlEvaluator::new()
        .parse_query(text)
        .map_err(|source| Error::QuerySyntax {
            origin: origin.into(),
            source,
        })?
        .on_store(store)
        .execute()
        .map_err(failed)?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(Error::Internal(format!("{origin} is not a SELECT")));
    };
    for solution in solutions {
        if !f(solution.map_err(failed)?)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Builds an on-disk store at `dir` with `fill` (which loads the new, empty store): written
/// to `.{name}.building` beside it, then swapped in (the old store, if any, is removed only
/// after the swap), so a failed build never damages the store that was there.
#[cfg(feature = "rocksdb")]
pub fn build_on_disk_with<T>(dir: &Path, fill: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
    use std::fs;
    let name = dir
        .file_name()
        .ok_or_else(|| Error::Usage(format!("--store {}: name a directory", dir.display())))?
        .to_string_lossy()
        .into_owned();
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if dir.exists() && !dir.join("CURRENT").is_file() {
        return Err(Error::Usage(format!(
            "--store {}: the directory exists and is not an oxigraph store; choose another path or remove it",
            dir.display()
        )));
    }
    let building = parent.join(format!(".{name}.building"));
    let old = parent.join(format!(".{name}.old"));
    let io = |path: &Path, source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    recover(dir)?;
    for leftover in [&building, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(|e| io(leftover, e))?;
        }
    }
    let result = (|| {
        let store = Store::open(&building)?;
        let value = fill(&store)?;
        store.flush()?;
        Ok::<_, Error>(value)
    })();
    let value = match result {
        Ok(value) => value,
        Err(e) => {
            let _ = fs::remove_dir_all(&building);
            return Err(e);
        }
    };
    if dir.exists() {
        fs::rename(dir, &old).map_err(|e| io(dir, e))?;
    }
    fs::rename(&building, dir).map_err(|e| io(dir, e))?;
    if old.exists() {
        fs::remove_dir_all(&old).map_err(|e| io(&old, e))?;
    }
    Ok(value)
}

#[cfg(not(feature = "rocksdb"))]
pub fn build_on_disk_with<T>(dir: &Path, _fill: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
    Err(no_rocksdb(dir))
}

/// Puts back the previous store of `dir` when a build was killed in the middle of its
/// swap (after the old store was moved to `.{name}.old`, before the new one took its
/// place): the swap never happened, so the old store is the store.
#[cfg(feature = "rocksdb")]
fn recover(dir: &Path) -> Result<()> {
    let (Some(name), Some(parent)) = (dir.file_name(), dir.parent()) else {
        return Ok(());
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let old = parent.join(format!(".{}.old", name.to_string_lossy()));
    if !dir.exists() && old.join("CURRENT").is_file() {
        std::fs::rename(&old, dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    Ok(())
}

/// Opens an existing on-disk store read-only (putting back the previous store when a
/// build was killed mid-swap, see [`recover`]).
#[cfg(feature = "rocksdb")]
pub fn open(dir: &Path) -> Result<Store> {
    recover(dir)?;
    if !dir.join("CURRENT").is_file() {
        return Err(Error::Usage(format!(
            "--store {}: no store there; build one with `mura build --store {}`",
            dir.display(),
            dir.display()
        )));
    }
    Ok(Store::open_read_only(dir)?)
}

#[cfg(not(feature = "rocksdb"))]
pub fn open(dir: &Path) -> Result<Store> {
    Err(no_rocksdb(dir))
}

#[cfg(not(feature = "rocksdb"))]
fn no_rocksdb(dir: &Path) -> Error {
    Error::Usage(format!(
        "--store {}: this mura was built without the on-disk store; rebuild with `cargo build --release --features rocksdb` (needs libclang: `apt-get install libclang-dev`), or leave out --store to work in memory",
        dir.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, Literal};

    fn iri(s: &str) -> NamedNode {
        NamedNode::new(format!("https://example.org/{s}")).unwrap()
    }

    /// Quads in the default graph, two named graphs and a blank-node graph, with blank and
    /// named subjects and IRI, literal and blank objects; more than a batch in one slice.
    fn quads() -> Vec<Quad> {
        let graphs = [
            GraphName::DefaultGraph,
            GraphName::NamedNode(iri("g1")),
            GraphName::NamedNode(iri("g2")),
            GraphName::BlankNode(BlankNode::new("bg").unwrap()),
        ];
        let mut quads = Vec::new();
        for (i, graph) in graphs.iter().enumerate() {
            for p in 0..3 {
                for s in 0..(if p == 0 { SCAN_BATCH + 5 } else { 7 }) {
                    let subject: NamedOrBlankNode = if s % 3 == 0 {
                        BlankNode::new(format!("b{s}")).unwrap().into()
                    } else {
                        iri(&format!("s{s}")).into()
                    };
                    let object: Term = match s % 3 {
                        0 => Literal::new_language_tagged_literal(format!("сөз {s}"), "kk")
                            .unwrap()
                            .into(),
                        1 => iri(&format!("o{i}")).into(),
                        _ => BlankNode::new(format!("o{s}")).unwrap().into(),
                    };
                    quads.push(Quad::new(
                        subject,
                        iri(&format!("p{p}")),
                        object,
                        graph.clone(),
                    ));
                }
            }
        }
        quads.sort_by_key(|q| q.to_string());
        quads
    }

    fn scanned(store: &Store, graph: Option<NamedNodeRef<'_>>, threads: usize) -> Vec<Quad> {
        let mut out = Vec::new();
        scan(store, graph, threads, &mut out).unwrap();
        out.sort_by_key(|q| q.to_string());
        out
    }

    #[test]
    fn scan_reads_every_quad_once_on_any_number_of_threads() {
        let quads = quads();
        let store = memory(quads.clone()).unwrap();
        for threads in [1, 2, 7] {
            assert_eq!(scanned(&store, None, threads), quads, "{threads} threads");
        }
    }

    #[test]
    fn scan_of_one_graph_reads_that_graph_only() {
        let quads = quads();
        let store = memory(quads.clone()).unwrap();
        let g1 = iri("g1");
        let want: Vec<Quad> = quads
            .into_iter()
            .filter(|q| q.graph_name == GraphName::NamedNode(g1.clone()))
            .collect();
        assert_eq!(want.len(), SCAN_BATCH + 5 + 14);
        for threads in [1, 2, 7] {
            assert_eq!(scanned(&store, Some(g1.as_ref()), threads), want);
        }
    }

    #[test]
    fn scan_of_an_empty_store_reads_nothing() {
        let store = memory(Vec::new()).unwrap();
        assert!(scanned(&store, None, 2).is_empty());
    }

    /// A sink that fails on its second batch.
    struct Failing(usize);

    impl Sink for Failing {
        fn push(&mut self, _batch: Vec<Quad>) -> Result<()> {
            self.0 += 1;
            if self.0 == 2 {
                return Err(Error::Internal("the sink is full".into()));
            }
            Ok(())
        }
    }

    #[test]
    fn a_failing_sink_ends_the_scan_with_its_error() {
        let store = memory(quads()).unwrap();
        for threads in [1, 2, 7] {
            let mut sink = Failing(0);
            let err = scan(&store, None, threads, &mut sink).unwrap_err();
            assert_eq!(
                err.to_string(),
                Error::Internal("the sink is full".into()).to_string()
            );
            assert_eq!(sink.0, 2, "{threads} threads: no batch after the failure");
        }
    }
}
