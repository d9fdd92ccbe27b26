//! The use cases, one per subcommand, over the one pipeline: open a dataset folder
//! ([`crate::source`]), check and map it into a sink ([`crate::graph::stream`]), validate
//! ([`crate::validate`]), export ([`crate::export`]) or query ([`crate::query`]). The
//! binary calls one function here per subcommand; a server calls them the same way.
//!
//! TOML records and CSV tables take the same path, get the same summary, the same dataset
//! description in the meta graph, and the same options. SHACL: a graph built from TOML
//! records is validated as a whole before anything is written; a graph from CSV tables is
//! not (a graph of millions of rows does not fit the validator's memory), and options that
//! ask for SHACL on tables (`--shapes`, `--allow-warnings false`) are refused with the
//! reason instead of being ignored.

pub mod init;

use crate::error::{Error, Result};
use crate::export::profile::{self, Profiles};
use crate::export::{self, sort::Sorter};
use crate::graph::{self, Summary, load, store};
use crate::progress::Progress;
use crate::query::{self, federation};
use crate::source::{self, Folder};
use crate::validate;
use crate::wikidata::{endpoint, link, quickstatements};
use crate::{check, format};
use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The note given instead of SHACL validation for CSV tables.
pub const NO_SHACL: &str = "SHACL shapes are not checked on CSV tables (validating millions of rows in one graph needs gigabytes); every row passed the record checks";

/// Where the graph comes from: a dataset folder or a store built earlier.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub data: Option<PathBuf>,
    pub store: Option<PathBuf>,
    pub base: Option<String>,
}

impl Input {
    /// The dataset folder: `--data`, else the working directory when it has a manifest,
    /// else `./data` when that is a dataset; otherwise there is no dataset here.
    pub fn data_dir(&self) -> Result<PathBuf> {
        if let Some(dir) = &self.data {
            return Ok(dir.clone());
        }
        if Path::new(source::MANIFEST).is_file() {
            return Ok(PathBuf::from("."));
        }
        let data = PathBuf::from("data");
        if data.join(source::MANIFEST).is_file() || !source::csv::find_tables(&data).is_empty() {
            return Ok(data);
        }
        Err(Error::NoDataset {
            dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        })
    }

    /// The dataset folder, opened (manifest, sources, TOML records; tables found).
    pub fn folder(&self) -> Result<Folder> {
        source::open(&self.data_dir()?, self.base.as_deref())
    }
}

/// SHACL checking of a build or export (on by default).
#[derive(Debug, Clone)]
pub struct Checks {
    pub validate: bool,
    pub allow_warnings: bool,
    /// Shapes files; empty means the shipped shapes (`./ontology/shapes.ttl` when present).
    pub shapes: Vec<PathBuf>,
    /// Label languages for the report.
    pub langs: Vec<String>,
}

impl Default for Checks {
    fn default() -> Self {
        Self {
            validate: true,
            allow_warnings: true,
            shapes: Vec::new(),
            langs: Vec::new(),
        }
    }
}

impl Checks {
    /// Whether these checks can run on `folder`: options that ask for SHACL on CSV tables
    /// are refused; the default (validate) becomes a note.
    fn applicable(&self, folder: &Folder, progress: &mut dyn Progress) -> Result<bool> {
        if !folder.has_tables() {
            return Ok(self.validate);
        }
        if self.validate && !self.shapes.is_empty() {
            return Err(Error::Usage(format!(
                "--shapes does not apply to CSV tables: {NO_SHACL}. Build the records as TOML to validate them, or drop --shapes"
            )));
        }
        if self.validate && !self.allow_warnings {
            return Err(Error::Usage(format!(
                "--allow-warnings false does not apply to CSV tables: {NO_SHACL}. Drop it, or pass --no-validate"
            )));
        }
        if self.validate {
            progress.note(NO_SHACL);
        }
        Ok(false)
    }

    /// Validates `quads`; a violation (or a warning without `allow_warnings`) is an error
    /// whose message is the readable report.
    fn run(&self, quads: &[Quad], base: &str) -> Result<validate::Report> {
        let shapes = validate::load_shapes(&self.shapes, Some(base))?;
        let report = validate::validate(quads, &shapes)?;
        let warnings = report.count(validate::Severity::Warning);
        if report.has_violations() || (!self.allow_warnings && warnings > 0) {
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
        Ok(report)
    }
}

/// An opened graph and the dataset base IRI it was minted under.
pub struct Graph {
    pub store: Store,
    pub base: String,
}

/// What `mura build` did.
pub struct BuildReport {
    pub summary: Summary,
    pub target: String,
    pub base: String,
    /// The SHACL report, when the build was validated (it holds only warnings then).
    pub validation: Option<validate::Report>,
}

/// Streams the graph of `folder` into `store` (its records, then the dataset description
/// computed over what was loaded, in the meta graph), validating a graph of TOML records
/// when `validate`. Returns the summary of what the store holds and the report.
fn fill(
    store: &Store,
    folder: &Folder,
    checks: &Checks,
    validate: bool,
    progress: &mut dyn Progress,
) -> Result<(Summary, Option<validate::Report>)> {
    let mut summary = Summary::default();
    let mut rows = 0;
    load::into_store(store, |sink| {
        let mut counting = graph::summary::Counting {
            inner: sink,
            summary: Summary::default(),
        };
        rows = graph::stream(folder, &mut counting, progress)?.rows;
        summary = counting.summary;
        Ok(())
    })?;
    // The description's new quads go in with one commit (all or none), not a transaction
    // per quad: right after a bulk load RocksDB may hold more level-0 files than its
    // write-stall limit, and each transaction would wait for compaction to catch up.
    let mut description = Vec::new();
    for q in graph::describe(store, &folder.dataset)? {
        if !store.contains(&q)? && !description.contains(&q) {
            summary.add(&q);
            description.push(q);
        }
    }
    graph::store::load(store, description)?;
    let report = match validate {
        true => {
            let quads: Vec<Quad> = store.iter().collect::<Result<_, _>>()?;
            Some(checks.run(&quads, &folder.dataset.info.base)?)
        }
        false => None,
    };
    progress.finish(rows, summary.quads);
    Ok((summary, report))
}

/// Checks, maps and (for TOML records) validates a dataset, then loads it in memory or
/// into an on-disk store at `store_dir` (built beside the old one and swapped in). Nothing
/// is written when a record breaks a rule or the graph a shape.
pub fn build(
    input: &Input,
    store_dir: Option<&Path>,
    checks: &Checks,
    progress: &mut dyn Progress,
) -> Result<BuildReport> {
    let folder = input.folder()?;
    progress.start("build", folder.table_bytes);
    let validate = checks.applicable(&folder, progress)?;
    let ((summary, validation), target) = match store_dir {
        Some(dir) => (
            store::build_on_disk_with(dir, |store| {
                fill(store, &folder, checks, validate, progress)
            })?,
            format!("store {}", dir.display()),
        ),
        None => (
            fill(&Store::new()?, &folder, checks, validate, progress)?,
            "memory (use --store DIR to keep it)".to_owned(),
        ),
    };
    Ok(BuildReport {
        summary,
        target,
        base: folder.dataset.info.base.clone(),
        validation,
    })
}

/// Opens the graph of `input`: the on-disk store, or the dataset built in memory
/// (validated when `checks` asks for it and the dataset is TOML records).
pub fn open_checked(input: &Input, checks: &Checks, progress: &mut dyn Progress) -> Result<Graph> {
    if let Some(dir) = &input.store {
        let (store, base) = source::store::open(dir)?;
        return Ok(Graph { store, base });
    }
    let folder = input.folder()?;
    let validate = checks.applicable(&folder, progress)?;
    let store = Store::new()?;
    fill(&store, &folder, checks, validate, progress)?;
    Ok(Graph {
        store,
        base: folder.dataset.info.base.clone(),
    })
}

/// Opens the graph of `input` without SHACL (queries, validation itself).
pub fn open(input: &Input) -> Result<Graph> {
    let checks = Checks {
        validate: false,
        ..Checks::default()
    };
    open_checked(input, &checks, &mut crate::progress::Silent)
}

/// Every quad of the graph of `input` as `mura build` loads it, sorted: the canonical
/// form for comparisons.
pub fn graph_quads(input: &Input) -> Result<Vec<Quad>> {
    let graph = open(input)?;
    let mut quads: Vec<Quad> = graph.store.iter().collect::<Result<_, _>>()?;
    graph::mapping::sort_quads(&mut quads);
    Ok(quads)
}

/// The mapped records and the meta graph of the dataset of `input`, without the dataset
/// description, sorted and without duplicates (what the export profiles run over).
pub fn mapped_quads(input: &Input) -> Result<Vec<Quad>> {
    let mut quads = Vec::new();
    graph::stream(&input.folder()?, &mut quads, &mut crate::progress::Silent)?;
    graph::mapping::sort_quads(&mut quads);
    quads.dedup();
    Ok(quads)
}

/// Writes a build summary: entities per class and triples per graph.
pub fn write_summary(report: &BuildReport, out: &mut dyn Write) -> std::io::Result<()> {
    let s = &report.summary;
    let base = &report.base;
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
        match v.count(validate::Severity::Warning) {
            0 => writeln!(out, "\nSHACL: conforms")?,
            1 => writeln!(
                out,
                "\nSHACL: no violations (1 warning; `mura validate` shows it)"
            )?,
            n => writeln!(
                out,
                "\nSHACL: no violations ({n} warnings; `mura validate` shows them)"
            )?,
        }
    }
    Ok(())
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
    let shapes =
        validate::load_shapes(&checks.shapes, (!base.is_empty()).then_some(base.as_str()))?;
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
    let base = source::store::base_of(&store);
    Ok((quads, base))
}

/// Options of `mura export`.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: RdfFormat,
    /// Only this named graph (an IRI, or a source id such as `article`).
    pub graph: Option<String>,
    pub output: Option<PathBuf>,
    /// Only this stable partition of the records (`--shard I/N`): streamed N-Triples or
    /// N-Quads, in record order, without the dataset description (see [`graph::Shard`]).
    pub shard: Option<graph::Shard>,
}

/// Exports the graph of `input` deterministically: sorted and pretty, through the
/// external sort for a store or tables (they may not fit in memory), in memory for TOML
/// records (validated first). Tables stream to N-Triples and N-Quads in row order.
pub fn export(
    input: &Input,
    options: &ExportOptions,
    checks: &Checks,
    progress: &mut dyn Progress,
) -> Result<()> {
    if let Some(shard) = options.shard {
        if input.store.is_some() || options.graph.is_some() {
            return Err(Error::Usage(
                "--shard partitions the records of a dataset folder: drop --store and --graph"
                    .into(),
            ));
        }
        if !matches!(options.format, RdfFormat::NTriples | RdfFormat::NQuads) {
            return Err(Error::Usage(
                "--shard writes N-Quads or N-Triples (streamed parts, concatenated or pushed later): use --format nquads".into(),
            ));
        }
        if shard.count > 1 {
            progress.note("SHACL is not checked on a shard (a part is not the whole graph); `mura build` checks the dataset");
        }
    }
    if input.store.is_none() && options.graph.is_none() {
        let folder = input.folder()?;
        if folder.has_tables() || options.shard.is_some() {
            let shard = options.shard.unwrap_or(graph::Shard::WHOLE);
            progress.start("export", folder.table_bytes);
            if folder.has_tables() {
                checks.applicable(&folder, progress)?;
            }
            progress.note("the dataset description (VoID counts) is written by builds: `mura build --store DIR` then `mura export --store DIR` carries it");
            let base = folder.dataset.info.base.clone();
            return export::to_path_or_stdout(options.output.as_deref(), |out| {
                let done = if matches!(options.format, RdfFormat::NTriples | RdfFormat::NQuads) {
                    let mut writer = export::QuadWriter::new(options.format, &mut *out);
                    let streamed = graph::from_second_thread(
                        |sink| graph::stream_shard(&folder, shard, sink, progress),
                        &mut writer,
                    )?;
                    writer.finish()?;
                    streamed
                } else {
                    let mut sorter = Sorter::new(options.format, &base);
                    let streamed = graph::from_second_thread(
                        |sink| graph::stream(&folder, sink, progress),
                        &mut sorter,
                    )?;
                    progress.note("sorting");
                    sorter.finish(options.format, out)?;
                    streamed
                };
                progress.finish(done.rows, done.quads);
                Ok(())
            });
        }
    }
    let graph = open_checked(input, checks, progress)?;
    let selected = match &options.graph {
        None => None,
        Some(g) => Some(resolve_graph(&graph, g)?),
    };
    if input.store.is_some() {
        // a store may hold millions of quads: sort them externally
        progress.start("export", 0);
        return export::to_path_or_stdout(options.output.as_deref(), |out| {
            // one thread reads the store (RocksDB reads and term decoding), this one makes
            // the sort keys, a third sorts and writes each run
            let mut sorter = Sorter::new(options.format, &graph.base);
            let store = &graph.store;
            let selected = selected.as_ref();
            graph::from_second_thread(
                |sink| {
                    store::scan(
                        store,
                        selected.map(|g| g.as_ref()),
                        graph::parallel::map_threads(),
                        sink,
                    )
                },
                &mut export::Counted {
                    sink: &mut sorter,
                    progress: &mut *progress,
                    quads: 0,
                },
            )?;
            let pushed = sorter.pushed;
            let written = sorter.finish(options.format, out)?;
            progress.finish(pushed, written);
            Ok(())
        });
    }
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
    /// Where the profiles live [default: [`Profiles::choose`]].
    pub profiles_dir: Option<PathBuf>,
}

/// The triples of profile `profile` applied to the graph of `input` (validated first
/// when built from TOML records), narrowed to `langs`; and the dataset base IRI.
pub fn profile_quads(
    input: &Input,
    profile: &profile::Profile,
    langs: &[String],
    checks: &Checks,
) -> Result<(Vec<Quad>, String)> {
    if let (Some(dir), "void") = (&input.store, profile.name.as_str()) {
        return Err(Error::Usage(format!(
            "a store already holds the dataset description in its meta graph: use `mura export --store {} --graph meta`, or run --profile void on the dataset (--data)",
            dir.display()
        )));
    }
    let graph = open_checked(input, checks, &mut crate::progress::Silent)?;
    let mut quads: Vec<Quad> = match &input.store {
        Some(_) => graph.store.iter().collect::<Result<_, _>>()?,
        // Profiles run over the mapped graph: the dataset description of the meta graph is
        // itself the `void` profile's output, computed from the mapped graph.
        None => {
            let mut mapped = Vec::new();
            graph::stream(&input.folder()?, &mut mapped, &mut crate::progress::Silent)?;
            mapped
        }
    };
    // Profiles that turn tagged texts into plain strings (Linked Art names) narrow their
    // input to `langs` too.
    if profile.settings.narrow_input {
        quads = profile::narrow_languages(quads, langs);
    }
    let out = profile::run(&store::memory(quads)?, profile)?;
    Ok((profile::narrow_languages(out, langs), graph.base))
}

/// Exports the graph of `input` through an export profile (`mura export --profile`):
/// one document to `output` (or stdout), or with `split` one JSON-LD file per entity.
/// Returns the files written.
pub fn export_profile(
    input: &Input,
    options: &ProfileExport,
    checks: &Checks,
) -> Result<Vec<PathBuf>> {
    let profile = Profiles::choose(options.profiles_dir.as_deref()).load(&options.profile)?;
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

/// A dataset folder's TOML records, checked (the records `mura link` and QuickStatements
/// work from).
fn checked_dataset(input: &Input) -> Result<crate::model::Dataset> {
    let folder = input.folder()?;
    check::dataset(&folder.dataset)?;
    Ok(folder.dataset)
}

/// Proposes Wikidata items for the records of the dataset in `input` that have none
/// (`mura link`), from the SPARQL endpoint in `options`; with `options.apply`, writes the
/// accepted ids into the data files.
pub fn link(
    input: &Input,
    options: &link::LinkOptions,
    client: endpoint::ClientOptions,
) -> Result<link::LinkReport> {
    let ds = checked_dataset(input)?;
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
    let ds = checked_dataset(input)?;
    let qs = quickstatements::write(&ds)?;
    export::to_path_or_stdout(output, |out| {
        out.write_all(qs.text.as_bytes()).map_err(Error::Serialize)
    })?;
    Ok(qs.notes)
}
