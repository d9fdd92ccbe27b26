//! Export profiles: the shapes aggregators ingest (schema.org, Europeana EDM, VoID/DCAT,
//! Linked Art, Wikidata), as data rather than code.
//!
//! A profile is a folder `ontology/profiles/<name>/` holding a `profile.toml` (a one-line
//! description in en and kk, the default output format and, for JSON-LD profiles, the
//! context to compact against) and SPARQL CONSTRUCT queries (`*.rq`, each opening with a
//! `#` comment saying what it builds). [`run`] evaluates every query over the native graph
//! (the union of its named graphs) and collects the constructed triples, sorted and free
//! of duplicates; [`narrow_languages`] keeps only chosen languages; [`write`] serialises
//! them: compacted JSON-LD ([`crate::export::jsonld`]) for a profile with a context, the EDM
//! RDF/XML layout ([`crate::export::edm`]) for `rdfxml_layout = "edm"`, any other format through
//! [`crate::export::write_quads`]. Constructed blank nodes are refused: a profile mints
//! IRIs (`IRI(CONCAT(STR(?s), "/…"))`) so its output is deterministic.

use crate::error::{Error, Location, Result};
use crate::export;
use crate::graph::mapping::sort_quads;
use oxigraph::io::RdfFormat;
use oxigraph::model::*;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `profile.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// One line per language (`en`, `kk` at least).
    pub description: BTreeMap<String, String>,
    /// Default output format (a `--format` name: jsonld, rdfxml, turtle, …).
    pub format: String,
    /// JSON-LD compaction settings (profiles written as compacted JSON-LD).
    #[serde(default)]
    pub jsonld: Option<crate::export::jsonld::Settings>,
    /// Apply `--lang` to the native graph before the queries run too (for profiles that
    /// turn tagged texts into plain strings, such as Linked Art's `content`).
    #[serde(default)]
    pub narrow_input: bool,
    /// A special RDF/XML layout: `edm` (Europeana's EDM-external XSD element order).
    #[serde(default)]
    pub rdfxml_layout: Option<String>,
}

/// A loaded profile: its settings and its CONSTRUCT queries, by file name.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub dir: PathBuf,
    pub settings: Settings,
    pub queries: Vec<(String, String)>,
}

impl Profile {
    /// The description in the first of `langs` it has, else English.
    pub fn description(&self, langs: &[String]) -> &str {
        langs
            .iter()
            .find_map(|l| self.settings.description.get(l))
            .or_else(|| self.settings.description.get("en"))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The format of `--format` if given, else the profile's default.
    pub fn format(&self, explicit: Option<&str>, path: Option<&Path>) -> Result<RdfFormat> {
        let default = crate::format::rdf_format(&self.settings.format).ok_or_else(|| {
            Error::data(
                Location::file(self.dir.join("profile.toml")).field("format"),
                format!(
                    "unknown format `{}`: use turtle, ntriples, rdfxml or jsonld",
                    self.settings.format
                ),
            )
        })?;
        match (explicit, path) {
            (None, Some(p)) if p.extension().is_none() => Ok(default),
            (None, None) => Ok(default),
            _ => crate::format::resolve_rdf(explicit, path, default),
        }
    }
}

/// The shipped profiles (`ontology/profiles/`), compiled into the binary: the folder in
/// the source tree stays the source of truth.
static SHIPPED: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/ontology/profiles");

/// A profile's folder, its `profile.toml` text and its queries (file name, text).
type ProfileFiles = (PathBuf, String, Vec<(String, String)>);

/// Where export profiles come from: a folder (`--profiles DIR`, or `./ontology/profiles`
/// when the working directory has one) or the copy embedded in the binary.
#[derive(Debug, Clone)]
pub enum Profiles {
    Folder(PathBuf),
    Shipped,
}

impl Profiles {
    /// `--profiles DIR` if given, else `./ontology/profiles` if it holds profiles, else the
    /// shipped ones.
    pub fn choose(dir: Option<&Path>) -> Self {
        match dir {
            Some(dir) => Profiles::Folder(dir.to_path_buf()),
            None if Path::new("ontology/profiles").is_dir() => {
                Profiles::Folder(PathBuf::from("ontology/profiles"))
            }
            None => Profiles::Shipped,
        }
    }

    fn describe(&self) -> String {
        match self {
            Profiles::Folder(dir) => dir.display().to_string(),
            Profiles::Shipped => "the shipped profiles".to_owned(),
        }
    }

    /// Names of the profiles (sub-folders with a `profile.toml`), sorted.
    pub fn names(&self) -> Result<Vec<String>> {
        let mut names: Vec<String> = match self {
            Profiles::Folder(dir) => std::fs::read_dir(dir)
                .map_err(|source| Error::Read {
                    path: dir.to_path_buf(),
                    source,
                })?
                .filter_map(|e| e.ok())
                .filter(|e| e.path().join("profile.toml").is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect(),
            Profiles::Shipped => SHIPPED
                .dirs()
                .filter(|d| d.get_file(d.path().join("profile.toml")).is_some())
                .map(|d| d.path().to_string_lossy().into_owned())
                .collect(),
        };
        names.sort();
        Ok(names)
    }

    /// The `profile.toml` text and the `*.rq` files (name, text) of profile `name`, sorted
    /// by name; `None` when there is no such profile.
    fn files(&self, name: &str) -> Result<Option<ProfileFiles>> {
        match self {
            Profiles::Folder(dir) => {
                let folder = dir.join(name);
                let toml_path = folder.join("profile.toml");
                if !toml_path.is_file() {
                    return Ok(None);
                }
                let read = |path: &Path| {
                    std::fs::read_to_string(path).map_err(|source| Error::Read {
                        path: path.to_path_buf(),
                        source,
                    })
                };
                let text = read(&toml_path)?;
                let mut queries = Vec::new();
                for entry in std::fs::read_dir(&folder).map_err(|source| Error::Read {
                    path: folder.clone(),
                    source,
                })? {
                    let path = entry
                        .map_err(|source| Error::Read {
                            path: folder.clone(),
                            source,
                        })?
                        .path();
                    if path.extension().is_some_and(|e| e == "rq") {
                        let file = path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        queries.push((file, read(&path)?));
                    }
                }
                queries.sort();
                Ok(Some((folder, text, queries)))
            }
            Profiles::Shipped => {
                let Some(dir) = SHIPPED.get_dir(name) else {
                    return Ok(None);
                };
                let text = |f: &include_dir::File<'_>| f.contents_utf8().unwrap_or("").to_owned();
                let Some(toml) = dir.get_file(dir.path().join("profile.toml")) else {
                    return Ok(None);
                };
                let mut queries: Vec<(String, String)> = dir
                    .files()
                    .filter(|f| f.path().extension().is_some_and(|e| e == "rq"))
                    .map(|f| {
                        let file = f
                            .path()
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        (file, text(f))
                    })
                    .collect();
                queries.sort();
                Ok(Some((
                    PathBuf::from("ontology/profiles").join(name),
                    text(toml),
                    queries,
                )))
            }
        }
    }

    /// Loads profile `name`.
    pub fn load(&self, name: &str) -> Result<Profile> {
        let Some((folder, text, files)) = self.files(name)? else {
            let known = self.names()?;
            return Err(Error::Usage(format!(
                "no export profile `{name}` in {}: use one of {} (`mura profiles` lists them)",
                self.describe(),
                known.join(", ")
            )));
        };
        let toml_path = folder.join("profile.toml");
        let settings: Settings = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start].matches('\n').count() + 1)
                .unwrap_or(1);
            Error::data(
                Location::file(&toml_path).line(line),
                e.message().to_owned(),
            )
        })?;
        for lang in ["en", "kk"] {
            if !settings.description.contains_key(lang) {
                return Err(Error::data(
                    Location::file(&toml_path).field("description"),
                    format!("the description has no `{lang}` line: add `{lang} = \"…\"`"),
                ));
            }
        }
        if files.is_empty() {
            return Err(Error::data(
                Location::file(&folder),
                "the profile has no CONSTRUCT queries: add at least one `*.rq` file",
            ));
        }
        for (file, text) in &files {
            if !text.trim_start().starts_with('#') {
                return Err(Error::data(
                    Location::file(folder.join(file)).line(1),
                    "a profile query opens with a `#` comment saying what it builds",
                ));
            }
        }
        Ok(Profile {
            name: name.to_owned(),
            dir: folder,
            settings,
            queries: files,
        })
    }

    /// Every profile.
    pub fn load_all(&self) -> Result<Vec<Profile>> {
        self.names()?.iter().map(|n| self.load(n)).collect()
    }
}

/// Runs the profile's CONSTRUCT queries over `store` (default graph: the union of the
/// named graphs) and returns the triples (in the default graph), sorted, no duplicates.
///
/// The queries are independent reads of one store, so they run on up to
/// [`crate::graph::parallel::map_threads`] threads (the VoID description's queries took
/// 48.7 s one after another on a settled 10^6-museum store: BENCHMARKS.md). The result does not
/// depend on the threads: each query's triples are kept apart and merged in file order,
/// and the first failing query in file order is the error reported.
pub fn run(store: &Store, profile: &Profile) -> Result<Vec<Quad>> {
    run_on(store, profile, crate::graph::parallel::map_threads())
}

/// [`run`] on at most `threads` threads.
fn run_on(store: &Store, profile: &Profile, threads: usize) -> Result<Vec<Quad>> {
    let n = profile.queries.len();
    let threads = threads.min(n);
    let results: Vec<Result<Vec<Quad>>> = if threads <= 1 {
        (0..n).map(|i| run_query(store, profile, i)).collect()
    } else {
        let next = AtomicUsize::new(0);
        let slots: Vec<Mutex<Option<Result<Vec<Quad>>>>> =
            (0..n).map(|_| Mutex::new(None)).collect();
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        let result = run_query(store, profile, i);
                        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                    }
                });
            }
        });
        slots
            .into_iter()
            .map(|slot| {
                slot.into_inner()
                    .unwrap_or_else(|e| e.into_inner())
                    .expect("every query ran")
            })
            .collect()
    };
    let mut out = Vec::new();
    for result in results {
        out.extend(result?);
    }
    sort_quads(&mut out);
    out.dedup();
    Ok(out)
}

/// The distinct triples of the profile's `index`th query, in the default graph, in the
/// order constructed.
fn run_query(store: &Store, profile: &Profile, index: usize) -> Result<Vec<Quad>> {
    let (file, text) = &profile.queries[index];
    let origin = profile.dir.join(file).display().to_string();
    let mut prepared =
        SparqlEvaluator::new()
            .parse_query(text)
            .map_err(|source| Error::QuerySyntax {
                origin: origin.clone(),
                source,
            })?;
    prepared.dataset_mut().set_default_graph_as_union();
    let eval_err = |source| Error::QueryEvaluation {
        origin: origin.clone(),
        source,
    };
    let QueryResults::Graph(triples) = prepared.on_store(store).execute().map_err(eval_err)? else {
        return Err(Error::data(
            Location::file(&origin),
            "a profile query must be a CONSTRUCT query",
        ));
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for triple in triples {
        let triple = triple.map_err(eval_err)?;
        if matches!(triple.subject, NamedOrBlankNode::BlankNode(_))
            || matches!(triple.object, Term::BlankNode(_))
        {
            return Err(Error::data(
                Location::file(&origin),
                format!(
                    "the query constructs a blank node ({triple}): mint an IRI instead, e.g. BIND(IRI(CONCAT(STR(?s), \"/part\")) AS ?part)"
                ),
            ));
        }
        let quad = triple.in_graph(GraphName::DefaultGraph);
        if seen.insert(quad.clone()) {
            out.push(quad);
        }
    }
    Ok(out)
}

/// Keeps literals tagged with one of `langs` (and every untagged literal); no `langs`
/// keeps everything.
pub fn narrow_languages(quads: Vec<Quad>, langs: &[String]) -> Vec<Quad> {
    if langs.is_empty() {
        return quads;
    }
    quads
        .into_iter()
        .filter(|q| match &q.object {
            Term::Literal(l) => l
                .language()
                .is_none_or(|tag| langs.iter().any(|w| w.eq_ignore_ascii_case(tag))),
            _ => true,
        })
        .collect()
}

/// Writes a profile's quads in `format`: compacted JSON-LD for a profile with a JSON-LD
/// context, the EDM layout for RDF/XML of an EDM profile, else the generic writer.
pub fn write(
    profile: &Profile,
    quads: Vec<Quad>,
    format: RdfFormat,
    base: &str,
    out: &mut dyn Write,
) -> Result<()> {
    match (format, &profile.settings.jsonld) {
        (RdfFormat::JsonLd { .. }, Some(settings)) => {
            let doc = crate::export::jsonld::compact(&quads, settings, base);
            crate::export::jsonld::write_json(&doc, out)
        }
        (RdfFormat::RdfXml, _) if profile.settings.rdfxml_layout.as_deref() == Some("edm") => {
            crate::export::edm::write(&quads, out)
        }
        _ => export::write_quads(quads, format, base, out),
    }
}

/// Writes one compacted JSON-LD file per top-level entity into `dir` (created if
/// missing), named after the entity's IRI below `base` (`museum-ykylas-museum.jsonld`).
/// Returns the files written, sorted.
pub fn write_split(
    profile: &Profile,
    quads: &[Quad],
    base: &str,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let Some(settings) = &profile.settings.jsonld else {
        return Err(Error::Usage(format!(
            "--split writes one JSON-LD document per entity, and profile `{}` has no JSON-LD context: use a JSON-LD profile (schema, linked-art) or drop --split",
            profile.name
        )));
    };
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for (iri, doc) in crate::export::jsonld::compact_split(quads, settings, base) {
        let stem = iri.strip_prefix(base).unwrap_or(&iri);
        let stem: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let path = dir.join(format!("{}.jsonld", stem.trim_matches('-')));
        export::to_path_or_stdout(Some(&path), |out| {
            crate::export::jsonld::write_json(&doc, out)
        })?;
        written.push(path);
    }
    written.sort();
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;

    /// The threads the queries run on change nothing: every shipped profile gives the same
    /// triples on 1, 2 and 7 threads, and of two failing queries the first in file order is
    /// the error reported, however the threads finish.
    #[test]
    fn profile_threads_do_not_change_the_result_or_the_error() {
        let store = Store::new().unwrap();
        let trig = r#"
            @prefix mura: <https://w3id.org/mura/ontology#> .
            @prefix schema: <https://schema.org/> .
            <urn:meta> { <urn:ds> a <http://rdfs.org/ns/void#Dataset> . <urn:src> a mura:Source . }
            <urn:g1> { <urn:m1> a mura:Museum, schema:Museum ; schema:name "M1"@en, "М1"@kk . }
            <urn:g2> { <urn:m1> a mura:Museum . <urn:p1> a mura:Person ; schema:name "P1"@en . }
        "#;
        store.load_from_slice(RdfFormat::TriG, trig).unwrap();
        for profile in Profiles::Shipped.load_all().unwrap() {
            let one = run_on(&store, &profile, 1).unwrap();
            if profile.name == "void" {
                assert!(!one.is_empty());
            }
            for threads in [2, 7] {
                assert_eq!(
                    run_on(&store, &profile, threads).unwrap(),
                    one,
                    "{}",
                    profile.name
                );
            }
        }
        let profile = Profile {
            name: "bad".into(),
            dir: PathBuf::from("bad"),
            settings: Profiles::Shipped.load("void").unwrap().settings,
            queries: vec![
                (
                    "a.rq".into(),
                    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }".into(),
                ),
                ("b.rq".into(), "CONSTRUCT { [] <urn:p> 1 } WHERE {}".into()),
                ("c.rq".into(), "SELECT * WHERE { ?s ?p ?o }".into()),
            ],
        };
        for threads in [1, 2, 3] {
            let err = run_on(&store, &profile, threads).unwrap_err().to_string();
            assert!(
                err.contains("b.rq") && err.contains("constructs a blank node"),
                "{err}"
            );
        }
    }

    /// `void:triples` counts distinct triples over the graphs (a triple stated in three
    /// graphs counts once) without holding them in a set: the biggest graph's triples, and
    /// each other triple in the first graph holding it.
    #[test]
    fn void_counts_each_triple_once_whatever_the_graphs_holding_it() {
        let store = Store::new().unwrap();
        let trig = r#"
            <urn:meta> { <urn:ds> a <http://rdfs.org/ns/void#Dataset> . }
            <urn:g1> { <urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 . <urn:c> <urn:p> 3 . <urn:x> <urn:p> 9 . }
            <urn:g2> { <urn:a> <urn:p> 1 . <urn:d> <urn:p> 4 . <urn:e> <urn:p> 5 . <urn:f> <urn:p> 6 . <urn:y> <urn:p> 8 . }
            <urn:g0> { <urn:a> <urn:p> 1 . <urn:d> <urn:p> 4 . <urn:z> <urn:p> 7 . }
            <urn:g3> { <urn:x> <urn:p> 9 . <urn:y> <urn:p> 8 . <urn:z> <urn:p> 7 . <urn:w> <urn:p> 0 . <urn:ds> a <http://rdfs.org/ns/void#Dataset> . }
        "#;
        store.load_from_slice(RdfFormat::TriG, trig).unwrap();
        let void = Profiles::Shipped.load("void").unwrap();
        let triples: Vec<String> = run(&store, &void)
            .unwrap()
            .into_iter()
            .filter(|q| {
                q.subject.to_string() == "<urn:ds>"
                    && q.predicate.as_str() == "http://rdfs.org/ns/void#triples"
            })
            .map(|q| q.object.to_string())
            .collect();
        // a b c x d e f y z w, and `<urn:ds> a void:Dataset` (in two graphs)
        assert_eq!(
            triples,
            ["\"11\"^^<http://www.w3.org/2001/XMLSchema#integer>"]
        );
    }

    /// The class partitions, `void:entities` and the Wikidata linkset count each
    /// (member, class) pair and each link once when several graphs state it, in memory and
    /// (with the `rocksdb` feature) on disk: the queries drop the copies with REDUCED,
    /// which relies on oxigraph reading a predicate-bound pattern in (predicate, object,
    /// subject, graph) order. A change of that order in an oxigraph upgrade fails here.
    #[test]
    fn void_counts_each_member_and_link_once_whatever_the_graphs_stating_it() {
        let trig = r#"
            @prefix mura: <https://w3id.org/mura/ontology#> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            <urn:meta> { <urn:ds> a <http://rdfs.org/ns/void#Dataset> . <urn:src> a mura:Source . }
            <urn:g2> { <urn:m1> a mura:Museum . <urn:m2> a mura:Museum . <urn:p1> a mura:Person .
                       <urn:m1> owl:sameAs <http://www.wikidata.org/entity/Q1> . }
            <urn:g1> { <urn:m1> a mura:Museum . <urn:p1> a mura:Person . <urn:p2> a mura:Person .
                       <urn:m1> owl:sameAs <http://www.wikidata.org/entity/Q1> .
                       <urn:p1> owl:sameAs <http://www.wikidata.org/entity/Q2> .
                       <urn:p1> owl:sameAs <http://example.org/not-wikidata> . }
            <urn:g3> { <urn:m2> a mura:Museum . <urn:p2> a mura:Person . <urn:m3> a mura:Museum .
                       <urn:p1> owl:sameAs <http://www.wikidata.org/entity/Q2> . }
        "#;
        #[allow(unused_mut)] // pushed to only with the rocksdb feature
        let mut stores: Vec<(&str, Store, Option<tempfile::TempDir>)> =
            vec![("memory", Store::new().unwrap(), None)];
        #[cfg(feature = "rocksdb")]
        {
            let dir = tempfile::tempdir().unwrap();
            stores.push(("on disk", Store::open(dir.path()).unwrap(), Some(dir)));
        }
        let void = Profiles::Shipped.load("void").unwrap();
        for (kind, store, _dir) in stores {
            store.load_from_slice(RdfFormat::TriG, trig).unwrap();
            let mut counts: Vec<String> = run(&store, &void)
                .unwrap()
                .into_iter()
                .filter(|q| {
                    q.predicate.as_str() == "http://rdfs.org/ns/void#entities"
                        || (q.predicate.as_str() == "http://rdfs.org/ns/void#triples"
                            && q.subject.to_string().contains("linkset"))
                })
                .map(|q| {
                    let name = q.subject.to_string();
                    let name = name.rsplit('/').next().unwrap_or_default().to_owned();
                    let n = q.object.to_string();
                    format!("{name} {}", n.split('"').nth(1).unwrap_or_default())
                })
                .collect();
            counts.sort();
            assert_eq!(
                counts,
                [
                    "<urn:ds> 5",
                    "Dataset-3fb6ff86> 1",
                    "Museum-40069d66> 3",
                    "Person-9eec1cb7> 2",
                    "Source-1eefd264> 1",
                    "wikidata> 2",
                ],
                "{kind}"
            );
        }
    }
}
