//! mura turns curated cultural-heritage records into a provenance-aware linked-data
//! knowledge graph in an embedded Oxigraph store, answers SPARQL over it and exports it
//! deterministically.
//!
//! The pipeline, one module per stage: [`record`] (the curated model) → [`ingest`] (read and
//! check a dataset folder) → [`mapping`] (records → quads, pure) → [`store`] (in memory or
//! on disk) → [`query`] / [`export`]. [`format`] is the one format resolver and [`vocab`]
//! holds every IRI. The functions below are the library API the `mura` binary calls, one
//! per subcommand; a server can call them the same way.

pub mod bulk;
pub mod edm;
pub mod endpoint;
pub mod error;
pub mod export;
pub mod extsort;
pub mod federation;
pub mod format;
pub mod ingest;
pub mod jsonld;
pub mod link;
pub mod mapping;
pub mod pipeline;
pub mod profile;
pub mod progress;
pub mod query;
pub mod quickstatements;
pub mod record;
pub mod store;
pub mod translit;
pub mod validate;
pub mod vocab;

pub use error::{Error, Location, Result};

use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder of the shipped dataset and queries when mura runs from its source tree.
const SHIPPED: &str = env!("CARGO_MANIFEST_DIR");

/// `./NAME` if it exists, else the shipped `NAME` folder of the source tree.
fn default_dir(name: &str) -> PathBuf {
    let here = PathBuf::from(name);
    if here.is_dir() {
        here
    } else {
        Path::new(SHIPPED).join(name)
    }
}

/// Where the graph comes from: a dataset folder (built in memory on the fly) or a store.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub data: Option<PathBuf>,
    pub store: Option<PathBuf>,
    pub base: Option<String>,
}

impl Input {
    pub fn data_dir(&self) -> PathBuf {
        self.data.clone().unwrap_or_else(|| default_dir("data"))
    }
}

/// The default folder of named queries (`./queries`, else the shipped one).
pub fn default_queries_dir() -> PathBuf {
    default_dir("queries")
}

/// Reads and checks a dataset, applying a `--base` override.
pub fn load_dataset(data: &Path, base: Option<&str>) -> Result<ingest::Dataset> {
    let mut ds = ingest::load(data)?;
    if let Some(base) = base {
        ds.set_base(base)?;
    }
    Ok(ds)
}

/// An opened graph and the dataset base IRI it was minted under.
pub struct Graph {
    pub store: Store,
    pub base: String,
}

/// Opens the graph of `input`: the on-disk store, or the dataset mapped into memory.
pub fn open(input: &Input) -> Result<Graph> {
    if let Some(dir) = &input.store {
        let store = store::open(dir)?;
        let base = base_of(&store);
        return Ok(Graph { store, base });
    }
    if bulk::is_bulk(&input.data_dir()) {
        let (store, base) = pipeline::memory_store(&input.data_dir(), input.base.as_deref())?;
        return Ok(Graph { store, base });
    }
    let ds = load_dataset(&input.data_dir(), input.base.as_deref())?;
    let store = store::memory(graph_quads(&ds)?)?;
    Ok(Graph {
        store,
        base: ds.info.base,
    })
}

/// The quads of a dataset's graph: the mapped records plus the dataset description (the
/// `void` export profile: statistics, vocabularies, sources, Wikidata linkset) in the meta
/// graph, so every full export carries it in its header graph. The counts describe the
/// mapped graph, before the description is added. Sorted, deterministic.
pub fn graph_quads(ds: &ingest::Dataset) -> Result<Vec<Quad>> {
    let mut quads = mapping::map_dataset(ds);
    // ./ontology/profiles/void if there is one, else the shipped profile (a folder with
    // its own ontology/ but no profiles must still build)
    let mut dir = default_profiles_dir();
    if !dir.join("void/profile.toml").is_file() {
        dir = Path::new(SHIPPED).join("ontology/profiles");
    }
    let profile = profile::load(&dir, "void")?;
    let description = profile::run(&store::memory(quads.iter().cloned())?, &profile)?;
    let meta = mapping::meta_graph_iri(&ds.info.base);
    let known: std::collections::HashSet<Quad> = quads.iter().cloned().collect();
    quads.extend(
        description
            .into_iter()
            .map(|q| Quad::new(q.subject, q.predicate, q.object, meta.clone()))
            .filter(|q| !known.contains(q)),
    );
    mapping::sort_quads(&mut quads);
    Ok(quads)
}

/// The base IRI recorded in a store: the IRI of its `void:Dataset` minus `dataset`.
fn base_of(store: &Store) -> String {
    store
        .quads_for_pattern(
            None,
            Some(oxigraph::model::vocab::rdf::TYPE),
            Some(vocab::void::DATASET.into()),
            None,
        )
        .filter_map(|q| match q.ok()?.subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().strip_suffix("dataset").map(str::to_owned),
            _ => None,
        })
        .next()
        .unwrap_or_default()
}

/// What `mura build` did.
pub struct BuildReport {
    pub summary: store::Summary,
    pub target: String,
    /// The SHACL report, when the build was validated (it holds only warnings then).
    pub validation: Option<validate::Report>,
}

/// SHACL checking of a build or export (on by default).
#[derive(Debug, Clone)]
pub struct Checks {
    pub validate: bool,
    pub allow_warnings: bool,
    /// Shapes files; empty means the shipped `ontology/shapes.ttl`.
    pub shapes: Vec<PathBuf>,
    /// Label languages for the report.
    pub langs: Vec<String>,
    /// No progress or summary lines on stderr (bulk builds and exports).
    pub quiet: bool,
}

impl Default for Checks {
    fn default() -> Self {
        Self {
            validate: true,
            allow_warnings: true,
            shapes: Vec::new(),
            langs: Vec::new(),
            quiet: false,
        }
    }
}

impl Checks {
    fn shapes_files(&self) -> Vec<PathBuf> {
        if self.shapes.is_empty() {
            vec![validate::default_shapes_file()]
        } else {
            self.shapes.clone()
        }
    }

    /// Validates `quads`; a violation (or a warning without `allow_warnings`) is an error
    /// whose message is the readable report.
    fn run(&self, quads: &[Quad], base: &str) -> Result<Option<validate::Report>> {
        if !self.validate {
            return Ok(None);
        }
        let shapes = validate::load_shapes(&self.shapes_files(), Some(base))?;
        let report = validate::validate(quads, &shapes)?;
        let warnings = report.count(validate::Severity::Warning);
        if !report.conforms() || (!self.allow_warnings && warnings > 0) {
            let mut text = Vec::new();
            let labels = validate::Labels {
                quads,
                langs: &self.langs,
                base,
            };
            validate::write_text(&report, &shapes, &labels, &mut text).map_err(Error::Serialize)?;
            return Err(Error::NotConforming {
                violations: report.count(validate::Severity::Violation),
                warnings,
                report: String::from_utf8_lossy(&text).trim_end().to_owned(),
            });
        }
        Ok(Some(report))
    }
}

/// Checks, maps and validates a dataset, then loads it in memory or into an on-disk store
/// at `store_dir`. Nothing is written when the data breaks a rule or a shape.
pub fn build(
    data: &Path,
    base: Option<&str>,
    store_dir: Option<&Path>,
    checks: &Checks,
) -> Result<BuildReport> {
    let ds = load_dataset(data, base)?;
    let quads = graph_quads(&ds)?;
    let validation = checks.run(&quads, &ds.info.base)?;
    let summary_store = store::memory(quads.iter().cloned())?;
    let summary = store::summary(&summary_store)?;
    let target = match store_dir {
        Some(dir) => {
            store::build_on_disk(dir, quads)?;
            format!("store {}", dir.display())
        }
        None => "memory (use --store DIR to keep it)".to_owned(),
    };
    Ok(BuildReport {
        summary,
        target,
        validation,
    })
}

/// Validates the graph of `input` (or an RDF file) against shapes; returns the report, the
/// validated quads (for labels) and the base IRI.
pub fn validate_graph(
    input: &Input,
    rdf: Option<&Path>,
    checks: &Checks,
) -> Result<(validate::Report, validate::Shapes, Vec<Quad>, String)> {
    let (quads, base) = match rdf {
        Some(path) => read_rdf_file(path)?,
        None => {
            let graph = open(input)?;
            let quads = graph.store.iter().collect::<Result<Vec<_>, _>>()?;
            (quads, graph.base)
        }
    };
    let shapes = validate::load_shapes(
        &checks.shapes_files(),
        (!base.is_empty()).then_some(base.as_str()),
    )?;
    let report = validate::validate(&quads, &shapes)?;
    Ok((report, shapes, quads, base))
}

/// Reads an RDF file (format from its extension) and the base of the dataset it describes.
fn read_rdf_file(path: &Path) -> Result<(Vec<Quad>, String)> {
    let format = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(format::rdf_format)
        .ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the RDF format of {} from its extension: name it .ttl, .nt, .nq, .trig, .rdf, .jsonld or .n3",
                path.display()
            ))
        })?;
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let quads = oxigraph::io::RdfParser::from_format(format)
        .for_slice(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|source| {
            let source: oxigraph::io::RdfParseError = source.into();
            if matches!(format, RdfFormat::JsonLd { .. })
                && source.to_string().contains("LoadDocumentCallback")
            {
                return Error::Usage(format!(
                    "{} uses a remote JSON-LD @context, which mura does not fetch: export the profile as N-Triples or Turtle (`--format nt`) and read that file",
                    path.display()
                ));
            }
            Error::Parse {
                origin: path.display().to_string(),
                source,
            }
        })?;
    let store = store::memory(quads.iter().cloned())?;
    let base = base_of(&store);
    Ok((quads, base))
}

/// The base IRI of the dataset in `data` (after `--base`), for printing; empty if unreadable.
pub fn dataset_base(data: &Path, base: Option<&str>) -> String {
    if let Some(base) = base {
        return base.to_owned();
    }
    if bulk::is_bulk(data) {
        return bulk::open(data, None)
            .map(|b| b.dataset.info.base)
            .unwrap_or_default();
    }
    ingest::load(data).map(|d| d.info.base).unwrap_or_default()
}

/// Prints a build summary: entities per class and triples per graph.
pub fn write_summary(report: &BuildReport, base: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let s = &report.summary;
    writeln!(out, "built {} quads into {}", s.quads, report.target)?;
    writeln!(out, "\nentities per class:")?;
    let rows: Vec<Vec<String>> = s
        .classes
        .iter()
        .map(|(k, n)| vec![query::compact(k, base), n.to_string()])
        .collect();
    query::write_table(out, &["class".into(), "entities".into()], &rows)?;
    writeln!(out, "\ntriples per graph:")?;
    let rows: Vec<Vec<String>> = s
        .graphs
        .iter()
        .map(|(k, n)| vec![query::compact(k, base), n.to_string()])
        .collect();
    query::write_table(out, &["graph".into(), "triples".into()], &rows)?;
    if let Some(v) = &report.validation {
        writeln!(
            out,
            "\nSHACL: conforms ({} warnings; `mura validate` shows them)",
            v.count(validate::Severity::Warning)
        )?;
    }
    Ok(())
}

/// Options of `mura export`.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: RdfFormat,
    /// Only this named graph (an IRI, or a source id such as `article`).
    pub graph: Option<String>,
    pub output: Option<PathBuf>,
}

/// Exports the graph of `input` deterministically. A graph built from data is validated
/// first (a store was validated when it was built).
pub fn export(input: &Input, options: &ExportOptions, checks: &Checks) -> Result<()> {
    if input.store.is_none() && bulk::is_bulk(&input.data_dir()) && options.graph.is_none() {
        return export::to_path_or_stdout(options.output.as_deref(), |out| {
            pipeline::export_tables(
                &input.data_dir(),
                input.base.as_deref(),
                options.format,
                out,
                checks.quiet,
            )
        });
    }
    if input.store.is_some() {
        // a store may hold millions of quads: sort them externally
        let graph = open(input)?;
        let selected = match &options.graph {
            None => None,
            Some(g) => Some(resolve_graph(&graph, g)?),
        };
        return export::to_path_or_stdout(options.output.as_deref(), |out| {
            pipeline::export_store(
                &graph.store,
                selected.as_ref(),
                &graph.base,
                options.format,
                out,
                checks.quiet,
            )
        });
    }
    let graph = open(input)?;
    if input.store.is_none() {
        let all: Vec<Quad> = graph.store.iter().collect::<Result<_, _>>()?;
        checks.run(&all, &graph.base)?;
    }
    let selected = match &options.graph {
        None => None,
        Some(g) => Some(resolve_graph(&graph, g)?),
    };
    let quads: Vec<Quad> = match &selected {
        Some(g) => graph
            .store
            .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
            .collect::<Result<_, _>>()?,
        None => graph.store.iter().collect::<Result<_, _>>()?,
    };
    export::to_path_or_stdout(options.output.as_deref(), |out| {
        export::write_quads(quads, options.format, &graph.base, out)
    })
}

/// A `--graph` value: a full IRI, or a short name resolved under `{base}graph/`.
fn resolve_graph(graph: &Graph, value: &str) -> Result<NamedNode> {
    let iri = if value.contains(':') {
        value.to_owned()
    } else {
        format!("{}graph/{value}", graph.base)
    };
    let node = NamedNode::new(&iri)
        .map_err(|_| Error::Usage(format!("--graph `{value}` is not an IRI or a graph name")))?;
    let known: Vec<String> = graph
        .store
        .named_graphs()
        .filter_map(|g| match g.ok()? {
            NamedOrBlankNode::NamedNode(n) => Some(
                n.as_str()
                    .strip_prefix(&format!("{}graph/", graph.base))
                    .unwrap_or(n.as_str())
                    .to_owned(),
            ),
            _ => None,
        })
        .collect();
    if !graph.store.contains_named_graph(&node)? {
        let mut known = known;
        known.sort();
        return Err(Error::Usage(format!(
            "no graph `{value}` in this dataset: use one of {}",
            known.join(", ")
        )));
    }
    Ok(node)
}

/// The default folder of export profiles (`./ontology/profiles`, else the shipped one).
pub fn default_profiles_dir() -> PathBuf {
    default_dir("ontology").join("profiles")
}

/// Options of `mura export --profile NAME`.
#[derive(Debug, Clone, Default)]
pub struct ProfileExport {
    /// Profile name (a folder of `profiles_dir`).
    pub profile: String,
    /// `--format` value; default: the profile's format (or the output file's extension).
    pub format: Option<String>,
    pub output: Option<PathBuf>,
    /// Write one JSON-LD document per entity into this folder instead of one document.
    pub split: Option<PathBuf>,
    /// Keep only literals in these languages (and untagged ones); empty keeps all.
    pub langs: Vec<String>,
    /// Where the profiles live [default: [`default_profiles_dir`]].
    pub profiles_dir: Option<PathBuf>,
}

/// The triples of profile `profile` applied to the graph of `input` (validated first
/// when built from data), narrowed to `langs`; and the dataset base IRI.
pub fn profile_quads(
    input: &Input,
    profile: &profile::Profile,
    langs: &[String],
    checks: &Checks,
) -> Result<(Vec<Quad>, String)> {
    // Profiles that turn tagged texts into plain strings (Linked Art names) narrow their
    // input to `langs` too.
    let narrow_input = |quads: Vec<Quad>| {
        if profile.settings.narrow_input {
            profile::narrow_languages(quads, langs)
        } else {
            quads
        }
    };
    // Profiles run over the mapped graph: the dataset description of the meta graph is
    // itself the `void` profile's output, computed from the mapped graph.
    let graph = match &input.store {
        Some(dir) if profile.name == "void" => {
            return Err(Error::Usage(format!(
                "a store already holds the dataset description in its meta graph: use `mura export --store {} --graph meta`, or run --profile void on the dataset (--data)",
                dir.display()
            )));
        }
        Some(_) => {
            let graph = open(input)?;
            let quads: Vec<Quad> = graph.store.iter().collect::<Result<_, _>>()?;
            Graph {
                store: store::memory(narrow_input(quads))?,
                base: graph.base,
            }
        }
        None => {
            let ds = load_dataset(&input.data_dir(), input.base.as_deref())?;
            let mapped = mapping::map_dataset(&ds);
            checks.run(&graph_quads(&ds)?, &ds.info.base)?;
            Graph {
                store: store::memory(narrow_input(mapped))?,
                base: ds.info.base,
            }
        }
    };
    let quads = profile::run(&graph.store, profile)?;
    Ok((profile::narrow_languages(quads, langs), graph.base))
}

/// Exports the graph of `input` through an export profile (`mura export --profile`):
/// one document to `output` (or stdout), or with `split` one JSON-LD file per entity.
/// Returns the files written.
pub fn export_profile(
    input: &Input,
    options: &ProfileExport,
    checks: &Checks,
) -> Result<Vec<PathBuf>> {
    let dir = options
        .profiles_dir
        .clone()
        .unwrap_or_else(default_profiles_dir);
    let profile = profile::load(&dir, &options.profile)?;
    if options.split.is_some() && options.output.is_some() {
        return Err(Error::Usage(
            "--split DIR writes one file per entity and -o FILE one file: use one of them".into(),
        ));
    }
    let format = profile.format(options.format.as_deref(), options.output.as_deref())?;
    if let Some(split) = &options.split {
        if !matches!(format, RdfFormat::JsonLd { .. }) {
            return Err(Error::Usage(format!(
                "--split writes JSON-LD documents, not {}: drop --format or use --format jsonld",
                format::rdf_format_name(format)
            )));
        }
        let (quads, base) = profile_quads(input, &profile, &options.langs, checks)?;
        return profile::write_split(&profile, &quads, &base, split);
    }
    let (quads, base) = profile_quads(input, &profile, &options.langs, checks)?;
    export::to_path_or_stdout(options.output.as_deref(), |out| {
        profile::write(&profile, quads, format, &base, out)
    })?;
    Ok(options.output.iter().cloned().collect())
}

/// Runs a query (named, file or inline) on the graph of `input`.
pub fn run_query(
    input: &Input,
    query: &query::QueryText,
    output: &mut query::Output,
    out: &mut dyn Write,
) -> Result<()> {
    run_query_with_services(
        input,
        query,
        output,
        out,
        &federation::ServiceOptions::default(),
    )
}

/// [`run_query`] with SERVICE calls made as `services` says (mura's User-Agent and
/// timeout; `--service-endpoint` for the Wikidata SERVICE).
pub fn run_query_with_services(
    input: &Input,
    query: &query::QueryText,
    output: &mut query::Output,
    out: &mut dyn Write,
    services: &federation::ServiceOptions,
) -> Result<()> {
    let graph = open(input)?;
    output.base = graph.base.clone();
    let handler = federation::Handler::new(services, &query.text, &graph.store)?;
    let evaluator = oxigraph::sparql::SparqlEvaluator::new().with_default_service_handler(handler);
    query::run_with(evaluator, &graph.store, query, output, out)
}

/// Runs a query on the triples of an RDF file (format from its extension), e.g. an
/// export profile's output (`mura query FILE --rdf schema.nt`).
pub fn run_query_on_rdf(
    path: &Path,
    query: &query::QueryText,
    output: &mut query::Output,
    out: &mut dyn Write,
) -> Result<()> {
    let (quads, base) = read_rdf_file(path)?;
    output.base = base;
    query::run(&store::memory(quads)?, query, output, out)
}

/// Every quad of a store as N-Quads lines, sorted: a canonical text for comparisons.
pub fn canonical_nquads(store: &Store) -> Result<Vec<String>> {
    let mut lines: Vec<String> = store
        .iter()
        .map(|q| q.map(|q| format!("{q} .")))
        .collect::<Result<_, _>>()?;
    lines.sort();
    Ok(lines)
}

/// Proposes Wikidata items for the records of the dataset in `data` that have none
/// (`mura link`), from the SPARQL endpoint in `options`; with `options.apply`, writes the
/// accepted ids into the data files.
pub fn link(
    data: &Path,
    options: &link::LinkOptions,
    client: endpoint::ClientOptions,
) -> Result<link::LinkReport> {
    let ds = ingest::load(data)?;
    let client = endpoint::Client::new(client)?;
    link::link(&ds, &client, options)
}

/// Writes the QuickStatements v1 commands of the dataset of `input` (`mura export --format
/// quickstatements`) to `output` or standard output; returns the notes on what was left out.
pub fn export_quickstatements(input: &Input, output: Option<&Path>) -> Result<Vec<String>> {
    if input.store.is_some() {
        return Err(Error::Usage(
            "--format quickstatements works from the dataset's records and their citations: use --data DIR, not --store".into(),
        ));
    }
    let ds = load_dataset(&input.data_dir(), input.base.as_deref())?;
    let qs = quickstatements::write(&ds)?;
    export::to_path_or_stdout(output, |out| {
        out.write_all(qs.text.as_bytes()).map_err(Error::Serialize)
    })?;
    Ok(qs.notes)
}
