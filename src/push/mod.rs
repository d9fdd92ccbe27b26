//! `mura push`: delivers the graph into a triple store someone already runs (Virtuoso,
//! Oxigraph server, Fuseki, QLever, any Graph Store Protocol store), one named graph at a
//! time under the same graph IRI, atomically and verified; or writes the files a store's
//! bulk loader reads (Virtuoso `--bulk-dir`, Amazon Neptune).
//!
//! The graph comes from the one pipeline: a dataset folder (TOML records are built in
//! memory with their dataset description, as `mura build` does; CSV tables stream), a
//! built store, or N-Quads part files of a sharded export. It is spooled to disk one
//! N-Triples file per graph ([`spool`]), so memory holds 8 bytes a quad, not the triples.
//!
//! **Atomic replace** (the default), per graph `G`:
//! 1. leftover staging graphs of `G` from a killed run (IRIs starting with
//!    `G?mura-staging=`) are dropped;
//! 2. the triples are POSTed in chunks of `--chunk` N-Triples (100,000 by default) into the
//!    staging graph `G?mura-staging=RUN` (RUN: the start time in hex and the process id),
//!    `--parallel` requests at a time;
//! 3. the staging graph's `COUNT(*)` must equal mura's count, else it is dropped and the
//!    push fails with the live graph untouched;
//! 4. one SPARQL Update replaces the live graph: `MOVE <staging> TO <G>`, or for Virtuoso
//!    and Oxigraph a faster equivalent followed by dropping the staging graph (see
//!    `Pusher::swap`). A single update is one transaction; readers see the old graph or the
//!    new. Big Virtuoso graphs are swapped without its transaction log, reported as such;
//! 5. the live graph's count must equal mura's.
//!
//! A failure at any step before 4 leaves `G` as it was and drops the staging graph (or, when
//! the store is gone, the next run finds and drops it). A re-run is always safe: it starts
//! over (restart, not resume) and ends in the same state. `--append` POSTs straight into
//! `G`. `--check` compares without writing: counts, and a sample of the triples missing on
//! either side. `--dry-run` spools and reports, sending nothing.

pub mod dialect;
mod error;
pub mod files;
pub mod http;
pub mod spool;

pub use dialect::{Dialect, Endpoints, QueryMethod, Upload};
pub use error::{PushError, store_message};
pub use http::Credentials;

use crate::progress::Progress;
use http::{Call, Http, Retry};
use oxhttp::model::Method;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Quad, Term};
use spool::{Hashes, Spool, quad_hash};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// Names the setting behind Virtuoso's SR171: its SPARQL endpoint stops any update after
/// `[SPARQL] MaxQueryExecutionTime` (60 s in its shipped ini), which a swap of 18.6M triples
/// outlasts here.
fn timed_out(e: PushError) -> PushError {
    match e {
        PushError::Status {
            store,
            what,
            status,
            message,
        } if message.contains("SR171") => PushError::Status {
            store,
            what,
            status,
            message: format!(
                "{message} (Virtuoso's [SPARQL] MaxQueryExecutionTime, 60 s in its shipped virtuoso.ini, stopped the swap and the live graph is unchanged: raise it on the server, 0 for no limit, or push with --append)"
            ),
        },
        e => e,
    }
}

/// Virtuoso graphs up to this many triples are swapped inside its transaction log, bigger ones
/// without it (see `Pusher::swap`): a 400k-triple COPY passed the default 50 MB
/// `TransactionAfterImageLimit` here, a 1.86M one did not.
pub const VIRTUOSO_LOGGED_SWAP: u64 = 250_000;

/// The biggest graph `mura push` replaces atomically in an Oxigraph server: its swap is one
/// transaction held in the server's memory, and it grows faster than the graph (100k triples:
/// 4.9 s; 1.86M: 284 s and 6.4 GB of server memory, oxigraph 0.5.13 here). Bigger graphs are
/// refused before anything is sent, naming `--append` and `oxigraph load`.
pub const OXIGRAPH_SWAP_MAX: u64 = 2_000_000;

/// The marker between a live graph's IRI and the run id in its staging graph's IRI.
pub const STAGING: &str = "mura-staging=";

/// What to push.
#[derive(Debug, Clone)]
pub enum Source {
    /// A dataset folder or a built store.
    Input(crate::Input),
    /// N-Quads (or TriG) files, e.g. the parts of `mura export --shard I/N`.
    Files(Vec<PathBuf>),
}

/// What `mura push` does.
#[derive(Debug, Clone)]
pub struct Options {
    /// The store's base URL (`http://127.0.0.1:8890`).
    pub url: String,
    pub dialect: Dialect,
    pub gsp_url: Option<String>,
    pub update_url: Option<String>,
    pub query_url: Option<String>,
    /// Only these graphs: IRIs, or names (`article` is the graph whose IRI ends `/graph/article`).
    pub graphs: Vec<String>,
    /// Triples per request.
    pub chunk: usize,
    /// Requests in flight at once while uploading a graph.
    pub parallel: usize,
    /// Virtuoso: graphs of up to this many triples are swapped inside its transaction log.
    pub virtuoso_logged_swap: u64,
    /// Oxigraph: the biggest graph replaced atomically (see [`OXIGRAPH_SWAP_MAX`]).
    pub oxigraph_swap_max: u64,
    pub append: bool,
    pub dry_run: bool,
    pub check: bool,
    pub credentials: Credentials,
    pub retries: u32,
    /// The first wait before a retry (doubled each time, at most 30 s).
    pub retry_wait: Duration,
    /// Per request.
    pub timeout: Duration,
    /// Virtuoso: write bulk-loader files here instead of pushing; neptune-files: the output.
    pub bulk_dir: Option<PathBuf>,
    /// neptune-files: the loader request's `source` (an `s3://` URI of the uploaded folder).
    pub neptune_source: Option<String>,
    pub neptune_role: Option<String>,
    pub neptune_region: Option<String>,
    /// Where the spool folder goes [default: the system's temporary folder].
    pub spool_dir: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            url: String::new(),
            dialect: Dialect::Gsp,
            gsp_url: None,
            update_url: None,
            query_url: None,
            graphs: Vec::new(),
            chunk: 100_000,
            parallel: 2,
            virtuoso_logged_swap: VIRTUOSO_LOGGED_SWAP,
            oxigraph_swap_max: OXIGRAPH_SWAP_MAX,
            append: false,
            dry_run: false,
            check: false,
            credentials: Credentials::None,
            retries: 4,
            retry_wait: Duration::from_millis(500),
            timeout: Duration::from_secs(300),
            bulk_dir: None,
            neptune_source: None,
            neptune_role: None,
            neptune_region: None,
            spool_dir: None,
        }
    }
}

/// What happened to one graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Replaced,
    Appended,
    /// `--dry-run`: nothing sent.
    DryRun,
    /// `--check`: compared; `same` when counts agree and no triple is missing either side.
    Checked {
        same: bool,
    },
    /// Written to bulk-loader files.
    Written,
}

/// One graph's outcome.
#[derive(Debug, Clone)]
pub struct GraphReport {
    pub graph: String,
    /// mura's triples in it.
    pub triples: u64,
    /// The store's count before (None when not asked).
    pub before: Option<u64>,
    /// The store's count after (for `--check`: the store's count).
    pub after: Option<u64>,
    pub action: Action,
    /// `--check`: triples of mura's the store lacks (count, and a sample in N-Triples).
    pub missing: u64,
    pub missing_sample: Vec<String>,
    /// `--check`: triples the store holds that mura's graph has not.
    pub extra: u64,
    pub extra_sample: Vec<String>,
    /// The swap ran without the store's transaction log (Virtuoso, big graphs): one
    /// transaction, durable from the store's next checkpoint.
    pub unlogged: bool,
    /// `--check`: the store sent only this many of its triples (a capped answer), so only
    /// the counts were compared.
    pub read_back: Option<u64>,
}

/// What `mura push` did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub store: String,
    pub graphs: Vec<GraphReport>,
    /// Staging graphs of earlier runs that were dropped.
    pub removed_staging: Vec<String>,
    /// Files written (bulk-loader and Neptune modes).
    pub files: Vec<PathBuf>,
    /// A command for the operator to run (Virtuoso's bulk loader; Neptune's loader request).
    pub command: Option<String>,
    /// Quads seen twice in the input (dropped), and quads of the default graph (not pushed).
    pub duplicates: u64,
    pub default_graph: u64,
}

impl Report {
    /// True when a `--check` found a difference.
    pub fn differs(&self) -> bool {
        self.graphs
            .iter()
            .any(|g| g.action == Action::Checked { same: false })
    }
}

/// Pushes the graph of `source` to the store of `options` (or checks, or writes files).
pub fn push(
    source: &Source,
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<Report, PushError> {
    if options.chunk == 0 {
        return Err(PushError::Usage(
            "--chunk 0 would never send a triple: use 1 or more (default 100000)".into(),
        ));
    }
    if options.parallel == 0 {
        return Err(PushError::Usage(
            "--parallel 0 would never send a request: use 1 or more (default 2)".into(),
        ));
    }
    if options.bulk_dir.is_some()
        && !matches!(options.dialect, Dialect::Virtuoso | Dialect::NeptuneFiles)
    {
        return Err(PushError::Usage(format!(
            "--bulk-dir writes Virtuoso's bulk-loader files: it needs --dialect virtuoso (or neptune-files), not {}",
            options.dialect.name()
        )));
    }
    if options.dialect == Dialect::NeptuneFiles && options.bulk_dir.is_none() {
        return Err(PushError::Usage(
            "--dialect neptune-files writes files: name the folder with --bulk-dir DIR".into(),
        ));
    }
    let run = run_id();
    let store = options.url.trim_end_matches('/').to_owned();
    let spool = fill_spool(source, options, &run, progress)?;
    let mut report = Report {
        store: store.clone(),
        duplicates: spool.duplicates,
        default_graph: spool.default_graph,
        ..Report::default()
    };
    if let Some(dir) = &options.bulk_dir {
        files::write(&spool, options, dir, &mut report)?;
        return Ok(report);
    }
    if options.dry_run {
        for (graph, file) in &spool.graphs {
            report
                .graphs
                .push(graph_report(graph, file.triples, Action::DryRun));
        }
        return Ok(report);
    }
    let endpoints = dialect::endpoints(
        options.dialect,
        &store,
        options.gsp_url.as_deref(),
        options.update_url.as_deref(),
        options.query_url.as_deref(),
        matches!(options.credentials, Credentials::None),
    );
    let pusher = Pusher {
        http: Http::new(
            &store,
            options.credentials.clone(),
            endpoints.user_auth,
            Retry {
                retries: options.retries,
                wait: options.retry_wait,
            },
            options.timeout,
        ),
        endpoints,
        options,
        run,
    };
    if options.check {
        for (graph, file) in &spool.graphs {
            report
                .graphs
                .push(pusher.check(graph, file, &spool.hashes)?);
        }
        return Ok(report);
    }
    if !options.append && options.dialect == Dialect::Oxigraph {
        let big = spool
            .graphs
            .iter()
            .find(|(_, f)| f.triples > options.oxigraph_swap_max);
        if let Some((graph, file)) = big {
            return Err(PushError::Usage(format!(
                "graph <{graph}> has {} triples, more than the {} an Oxigraph server can swap in atomically here (--oxigraph-swap-max: it holds the whole swap in memory, 6.4 GB for 1.86M triples): push it with --append into an empty graph (not atomic), load it with `oxigraph load`, or raise --oxigraph-swap-max",
                file.triples, options.oxigraph_swap_max
            )));
        }
    }
    if !options.append {
        let live: Vec<&str> = spool.graphs.keys().map(String::as_str).collect();
        report.removed_staging = pusher.drop_leftovers(&live)?;
        for g in &report.removed_staging {
            progress.note(&format!(
                "dropped the staging graph <{g}> a killed run left"
            ));
        }
    }
    for (graph, file) in &spool.graphs {
        let done = if options.append {
            pusher.append(graph, file, progress)?
        } else {
            pusher.replace(graph, file, progress)?
        };
        report.graphs.push(done);
    }
    Ok(report)
}

fn graph_report(graph: &str, triples: u64, action: Action) -> GraphReport {
    GraphReport {
        graph: graph.to_owned(),
        triples,
        before: None,
        after: None,
        action,
        missing: 0,
        missing_sample: Vec::new(),
        extra: 0,
        extra_sample: Vec::new(),
        unlogged: false,
        read_back: None,
    }
}

/// A run's id: the start time (seconds, hex) and the process id.
fn run_id() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    format!("{secs:x}-{}", std::process::id())
}

/// The staging graph of `live` in run `run`.
pub fn staging_iri(live: &str, run: &str) -> String {
    let sep = if live.contains('?') { '&' } else { '?' };
    format!("{live}{sep}{STAGING}{run}")
}

/// Spools the graph of `source`, keeping the selected graphs.
fn fill_spool(
    source: &Source,
    options: &Options,
    run: &str,
    progress: &mut dyn Progress,
) -> Result<Spool, PushError> {
    let mut spool = Spool::new(options.spool_dir.as_deref(), run, Vec::new())?;
    let mut seen = std::collections::BTreeSet::new();
    let wanted = |g: &str| {
        options.graphs.is_empty()
            || options
                .graphs
                .iter()
                .any(|w| g == w || g.ends_with(&format!("/graph/{w}")))
    };
    let mut add = |spool: &mut Spool, quad: &Quad| -> Result<(), PushError> {
        if let oxigraph::model::GraphName::NamedNode(g) = &quad.graph_name {
            if !seen.contains(g.as_str()) {
                seen.insert(g.as_str().to_owned());
            }
            if !wanted(g.as_str()) {
                return Ok(());
            }
        }
        spool.add(quad)
    };
    match source {
        Source::Input(input) if input.store.is_some() => {
            let graph = crate::pipeline::open(input)?;
            for quad in graph.store.iter() {
                add(&mut spool, &quad.map_err(crate::Error::from)?)?;
            }
        }
        Source::Input(input) => {
            let folder = input.folder()?;
            if folder.has_tables() {
                // tables may be millions of rows: stream them (no dataset description)
                progress.start("push: mapping", folder.table_bytes);
                let mut sink = FnSink(|batch: Vec<Quad>| {
                    for q in &batch {
                        add(&mut spool, q)
                            .map_err(|e| crate::Error::Internal(format!("spooling: {e}")))?;
                    }
                    Ok(())
                });
                let done = crate::graph::from_second_thread(
                    |sink| crate::graph::stream(&folder, sink, &mut crate::progress::Silent),
                    &mut sink,
                )?;
                progress.finish(done.rows, done.quads);
            } else {
                let graph = crate::pipeline::open(input)?;
                for quad in graph.store.iter() {
                    add(&mut spool, &quad.map_err(crate::Error::from)?)?;
                }
            }
        }
        Source::Files(paths) => {
            for path in paths {
                let format = match path.extension().and_then(|e| e.to_str()) {
                    Some("nq") => RdfFormat::NQuads,
                    Some("trig") => RdfFormat::TriG,
                    _ => {
                        return Err(PushError::Usage(format!(
                            "{}: mura push reads N-Quads (.nq) or TriG (.trig) files, which name their graphs; write them with `mura export --format nquads`",
                            path.display()
                        )));
                    }
                };
                let file = std::fs::File::open(path)
                    .map_err(|e| PushError::io("read", path.clone(), e))?;
                for quad in RdfParser::from_format(format).for_reader(BufReader::new(file)) {
                    let quad = quad.map_err(|e| crate::Error::Parse {
                        origin: path.display().to_string(),
                        source: e,
                    })?;
                    add(&mut spool, &quad)?;
                }
            }
        }
    }
    spool.finish()?;
    for w in &options.graphs {
        if !seen
            .iter()
            .any(|g| g == w || g.ends_with(&format!("/graph/{w}")))
        {
            let known: Vec<String> = seen
                .iter()
                .map(|g| match g.rsplit_once("/graph/") {
                    Some((_, name)) => name.to_owned(),
                    None => g.clone(),
                })
                .collect();
            return Err(PushError::Usage(format!(
                "--graph `{w}`: no such graph in what is pushed; the graphs are {}",
                known.join(", ")
            )));
        }
    }
    Ok(spool)
}

/// A sink that is a closure.
struct FnSink<F>(F);

impl<F: FnMut(Vec<Quad>) -> crate::Result<()>> crate::graph::Sink for FnSink<F> {
    fn push(&mut self, batch: Vec<Quad>) -> crate::Result<()> {
        (self.0)(batch)
    }
}

/// One push run against one store.
struct Pusher<'a> {
    http: Http,
    endpoints: Endpoints,
    options: &'a Options,
    run: String,
}

impl Pusher<'_> {
    /// Runs a SELECT and returns its solutions.
    fn select(
        &self,
        query: &str,
        what: &str,
    ) -> Result<crate::wikidata::endpoint::Solutions, PushError> {
        let accept = Some("application/sparql-results+json");
        let call = match self.endpoints.query_method {
            QueryMethod::Get => Call {
                method: Method::GET,
                url: dialect::with_param(&self.endpoints.query, "query", query),
                content_type: None,
                accept,
                body: Vec::new(),
                what: what.to_owned(),
                retry_server_errors: true,
            },
            QueryMethod::Form => Call {
                method: Method::POST,
                url: self.endpoints.query.clone(),
                content_type: Some("application/x-www-form-urlencoded"),
                accept,
                body: form_urlencoded::Serializer::new(String::new())
                    .append_pair("query", query)
                    .finish()
                    .into_bytes(),
                what: what.to_owned(),
                retry_server_errors: true,
            },
        };
        let body = self
            .http
            .send(&call)?
            .into_body()
            .to_vec()
            .map_err(|e| self.protocol(what, format!("the answer broke off ({e})")))?;
        crate::wikidata::endpoint::parse_json_results(&self.http.store, &body).map_err(|e| {
            self.protocol(
                what,
                format!("{e}; the answer began: {}", store_message(&body)),
            )
        })
    }

    fn protocol(&self, what: &str, message: String) -> PushError {
        PushError::Protocol {
            store: self.http.store.clone(),
            what: what.to_owned(),
            message,
        }
    }

    /// The number of triples in `graph`.
    fn count(&self, graph: &str, what: &str) -> Result<u64, PushError> {
        let query = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}");
        let solutions = self.select(&query, what)?;
        let value = solutions
            .rows
            .first()
            .and_then(|row| solutions.get(row, "n"))
            .and_then(|t| match t {
                Term::Literal(l) => l.value().parse::<u64>().ok(),
                _ => None,
            });
        value.ok_or_else(|| self.protocol(what, "the COUNT query gave no number".into()))
    }

    /// Sends a SPARQL Update.
    fn update(&self, update: &str, what: &str) -> Result<(), PushError> {
        self.send_update(update, what, true)
    }

    fn send_update(&self, update: &str, what: &str, retry: bool) -> Result<(), PushError> {
        self.http.send(&Call {
            method: Method::POST,
            url: self.endpoints.update.clone(),
            content_type: Some("application/sparql-update"),
            accept: None,
            body: update.as_bytes().to_vec(),
            what: what.to_owned(),
            retry_server_errors: retry,
        })?;
        Ok(())
    }

    /// Replaces `live` by `staging` in one update, one transaction: readers see the old
    /// graph or the new one. Returns whether Virtuoso ran it without its transaction log.
    ///
    /// - Most stores: `MOVE <staging> TO <live>`.
    /// - Oxigraph evaluates MOVE quad by quad (25.6 s for 186k triples on its server here),
    ///   so it gets the steps MOVE is defined as (SPARQL 1.1 Update §3.2.5) minus the last:
    ///   `DROP SILENT GRAPH <live> ; ADD <staging> TO <live>`.
    /// - Virtuoso gets `COPY <staging> TO <live>`: its MOVE deletes the staging graph row by
    ///   row inside the transaction (38 s for 1.86M triples here, against 11.5 s for the COPY).
    ///   It also aborts a transaction whose log outgrows `TransactionAfterImageLimit` (SR325,
    ///   50 MB by default: a 1.86M-triple COPY failed, a 400k one passed), and only at commit,
    ///   after doing all the work. So a graph of more than `--virtuoso-logged-swap` triples
    ///   ([`VIRTUOSO_LOGGED_SWAP`]), or one refused with SR325, is copied with
    ///   `DEFINE sql:log-enable 0`: still one transaction (a reader polling the count saw only the old count, then the new), but
    ///   not written to Virtuoso's transaction log, so it is durable from Virtuoso's next
    ///   checkpoint; a crash before that brings back the old graph and the staging graph,
    ///   which the next push drops.
    ///
    /// Oxigraph's and Virtuoso's staging graph is dropped afterwards, outside the swap.
    fn swap(
        &self,
        staging: &str,
        live: &str,
        triples: u64,
        progress: &mut dyn Progress,
    ) -> Result<bool, PushError> {
        let what = format!("replacing graph <{live}> by its staging graph <{staging}>");
        match self.options.dialect {
            Dialect::Oxigraph => {
                let update = format!("DROP SILENT GRAPH <{live}> ; ADD <{staging}> TO <{live}>");
                self.send_update(&update, &what, false)?;
                self.drop_staging(staging)?;
                Ok(false)
            }
            Dialect::Virtuoso => {
                let copy = format!("COPY <{staging}> TO <{live}>");
                let unlogged = format!("DEFINE sql:log-enable 0 {copy}");
                let send = |update: &str| self.send_update(update, &what, false).map_err(timed_out);
                let unlogged = if triples > self.options.virtuoso_logged_swap {
                    send(&unlogged)?;
                    true
                } else {
                    match send(&copy) {
                        Err(PushError::Status { message, .. }) if message.contains("SR325") => {
                            progress.note(&format!(
                                "Virtuoso cannot swap <{live}> inside its transaction log limit (SR325, TransactionAfterImageLimit); swapping again in one transaction without the log"
                            ));
                            send(&unlogged)?;
                            true
                        }
                        other => {
                            other?;
                            false
                        }
                    }
                };
                self.drop_staging(staging)?;
                Ok(unlogged)
            }
            _ => {
                let update = format!("MOVE <{staging}> TO <{live}>");
                self.send_update(&update, &what, false).map(|()| false)
            }
        }
    }

    /// Drops a staging graph: after the swap (Virtuoso, Oxigraph), on a failure, or left by
    /// an earlier run. Virtuoso drops it in its row-autocommit mode without the log
    /// (`DEFINE sql:log-enable 2`: 3.8 s for 1.86M triples, against 15 s logged): nothing
    /// reads a staging graph, and a crash leaves it for the next run to drop.
    fn drop_staging(&self, staging: &str) -> Result<(), PushError> {
        let update = match self.options.dialect {
            Dialect::Virtuoso => format!("DEFINE sql:log-enable 2 DROP SILENT GRAPH <{staging}>"),
            _ => format!("DROP SILENT GRAPH <{staging}>"),
        };
        self.update(&update, &format!("dropping the staging graph <{staging}>"))
    }

    /// Drops the staging graphs earlier runs left for the graphs in `live`.
    fn drop_leftovers(&self, live: &[&str]) -> Result<Vec<String>, PushError> {
        let query = format!(
            "SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(CONTAINS(STR(?g), \"{STAGING}\")) }}"
        );
        let solutions = self.select(&query, "listing staging graphs left by earlier runs")?;
        let mut removed = Vec::new();
        for row in &solutions.rows {
            let Some(Term::NamedNode(g)) = solutions.get(row, "g") else {
                continue;
            };
            let g = g.as_str();
            let ours = live.iter().any(|l| {
                g.strip_prefix(l).is_some_and(|rest| {
                    rest.starts_with(&format!("?{STAGING}"))
                        || rest.starts_with(&format!("&{STAGING}"))
                })
            });
            if ours {
                self.drop_staging(g)?;
                removed.push(g.to_owned());
            }
        }
        Ok(removed)
    }

    /// Uploads the spooled triples of `file` into `target` in chunks.
    fn upload(
        &self,
        live: &str,
        target: &str,
        file: &spool::GraphFile,
        progress: &mut dyn Progress,
    ) -> Result<(), PushError> {
        progress.start(&format!("push <{live}>"), file.triples);
        let reader = std::fs::File::open(&file.path)
            .map_err(|e| PushError::io("read the spool file", &file.path, e))?;
        let mut reader = BufReader::with_capacity(1 << 20, reader);
        let total_chunks = file.triples.div_ceil(self.options.chunk as u64);
        let (tx, rx) = std::sync::mpsc::sync_channel::<(u64, Vec<u8>, u64)>(self.options.parallel);
        let rx = Mutex::new(rx);
        let failed = AtomicBool::new(false);
        let sent = AtomicU64::new(0);
        let chunks_done = AtomicU64::new(0);
        let error: Mutex<Option<PushError>> = Mutex::new(None);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..self.options.parallel)
                .map(|_| {
                    scope.spawn(|| -> Result<(), PushError> {
                        loop {
                            let next = rx.lock().expect("the chunk queue").recv();
                            let Ok((i, lines, n)) = next else {
                                return Ok(());
                            };
                            if failed.load(Ordering::SeqCst) {
                                continue;
                            }
                            let what = format!(
                                "uploading chunk {i} of {total_chunks} ({n} triples) of graph <{live}> into <{target}>"
                            );
                            if let Err(e) = self.post_chunk(target, lines, &what) {
                                // keep draining the queue so the reader never blocks on it
                                failed.store(true, Ordering::SeqCst);
                                error.lock().expect("the error slot").get_or_insert(e);
                                continue;
                            }
                            sent.fetch_add(n, Ordering::SeqCst);
                            chunks_done.fetch_add(1, Ordering::SeqCst);
                        }
                    })
                })
                .collect();
            let mut read = || -> Result<(), PushError> {
                let mut index = 0;
                loop {
                    let mut lines = Vec::with_capacity(self.options.chunk * 160);
                    let mut n = 0u64;
                    while n < self.options.chunk as u64 {
                        let before = lines.len();
                        let got = reader
                            .read_until(b'\n', &mut lines)
                            .map_err(|e| PushError::io("read the spool file", &file.path, e))?;
                        if got == 0 {
                            break;
                        }
                        if lines[before..].iter().any(|b| !b.is_ascii_whitespace()) {
                            n += 1;
                        }
                    }
                    if n == 0 || failed.load(Ordering::SeqCst) {
                        return Ok(());
                    }
                    index += 1;
                    if tx.send((index, lines, n)).is_err() {
                        return Ok(());
                    }
                    let s = sent.load(Ordering::SeqCst);
                    progress.update(s, chunks_done.load(Ordering::SeqCst), s);
                }
            };
            let read_result = read();
            drop(tx);
            let mut joined = None;
            for w in workers {
                let r = w
                    .join()
                    .unwrap_or_else(|_| Err(PushError::Mura(crate::Error::ThreadPanicked)));
                if let (Err(e), None) = (r, &joined) {
                    joined = Some(e);
                }
            }
            // a failed request first; a spool read error or a panic next
            let first = error
                .lock()
                .expect("the error slot")
                .take()
                .or(read_result.err())
                .or(joined);
            let s = sent.load(Ordering::SeqCst);
            progress.update(s, chunks_done.load(Ordering::SeqCst), s);
            match first {
                Some(e) => Err(e),
                None => {
                    progress.finish(chunks_done.load(Ordering::SeqCst), s);
                    Ok(())
                }
            }
        })
    }

    /// POSTs one chunk of N-Triples lines into `target`.
    fn post_chunk(&self, target: &str, lines: Vec<u8>, what: &str) -> Result<(), PushError> {
        let call = match &self.endpoints.upload {
            Upload::Gsp { url, param } => Call {
                method: Method::POST,
                url: match self.options.dialect {
                    // its bulk loader: the request is not one transaction, which only the
                    // staging graph (or --append) sees; 1.6 s for 100k triples, 2.7 s without
                    Dialect::Oxigraph => {
                        format!("{}&no_transaction", dialect::with_param(url, param, target))
                    }
                    _ => dialect::with_param(url, param, target),
                },
                content_type: Some("application/n-triples"),
                accept: None,
                body: lines,
                what: what.to_owned(),
                retry_server_errors: true,
            },
            Upload::InsertData => {
                let mut body = format!("INSERT DATA {{ GRAPH <{target}> {{\n").into_bytes();
                body.extend_from_slice(&lines);
                body.extend_from_slice(b"} }\n");
                Call {
                    method: Method::POST,
                    url: self.endpoints.update.clone(),
                    content_type: Some("application/sparql-update"),
                    accept: None,
                    body,
                    what: what.to_owned(),
                    retry_server_errors: true,
                }
            }
        };
        self.http.send(&call)?;
        Ok(())
    }

    /// Atomic replace of `live` (see the module head).
    fn replace(
        &self,
        live: &str,
        file: &spool::GraphFile,
        progress: &mut dyn Progress,
    ) -> Result<GraphReport, PushError> {
        let before = self.count(live, &format!("counting graph <{live}>"))?;
        let staging = staging_iri(live, &self.run);
        let staged = (|| {
            self.upload(live, &staging, file, progress)?;
            let found = self.count(&staging, &format!("counting staging graph <{staging}>"))?;
            if found != file.triples {
                return Err(PushError::Count {
                    store: self.http.store.clone(),
                    graph: live.to_owned(),
                    stage: "staging graph",
                    expected: file.triples,
                    found,
                    live: "untouched",
                });
            }
            self.swap(&staging, live, file.triples, progress)
        })();
        let unlogged = match staged {
            Ok(unlogged) => unlogged,
            Err(e) => {
                // best effort: a store that is gone keeps it until the next run drops it
                let _ = self.drop_staging(&staging);
                return Err(e);
            }
        };
        let after = self.count(live, &format!("counting graph <{live}> after the swap"))?;
        if after != file.triples {
            return Err(PushError::Count {
                store: self.http.store.clone(),
                graph: live.to_owned(),
                stage: "live graph after the swap",
                expected: file.triples,
                found: after,
                live: "replaced but differs: run `mura push --check`",
            });
        }
        Ok(GraphReport {
            before: Some(before),
            after: Some(after),
            unlogged,
            ..graph_report(live, file.triples, Action::Replaced)
        })
    }

    /// `--append`: straight into `live`.
    fn append(
        &self,
        live: &str,
        file: &spool::GraphFile,
        progress: &mut dyn Progress,
    ) -> Result<GraphReport, PushError> {
        let before = self.count(live, &format!("counting graph <{live}>"))?;
        self.upload(live, live, file, progress)?;
        let after = self.count(live, &format!("counting graph <{live}> after the upload"))?;
        Ok(GraphReport {
            before: Some(before),
            after: Some(after),
            ..graph_report(live, file.triples, Action::Appended)
        })
    }

    /// `--check`: the store's graph beside mura's.
    fn check(
        &self,
        live: &str,
        file: &spool::GraphFile,
        ours: &Hashes,
    ) -> Result<GraphReport, PushError> {
        const SAMPLE: usize = 5;
        let count = self.count(live, &format!("counting graph <{live}>"))?;
        let what = format!("reading graph <{live}>");
        let call = match &self.endpoints.read {
            Upload::Gsp { url, param } => Call {
                method: Method::GET,
                url: dialect::with_param(url, param, live),
                content_type: None,
                accept: Some("application/n-triples, text/turtle;q=0.9"),
                body: Vec::new(),
                what: what.clone(),
                retry_server_errors: true,
            },
            Upload::InsertData => Call {
                method: Method::POST,
                url: self.endpoints.query.clone(),
                content_type: Some("application/x-www-form-urlencoded"),
                accept: Some("application/n-triples, text/turtle;q=0.9"),
                body: form_urlencoded::Serializer::new(String::new())
                    .append_pair(
                        "query",
                        &format!(
                            "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{live}> {{ ?s ?p ?o }} }}"
                        ),
                    )
                    .finish()
                    .into_bytes(),
                what: what.clone(),
                retry_server_errors: true,
            },
        };
        let graph = NamedNode::new(live)
            .map_err(|e| PushError::Usage(format!("<{live}> is not an IRI ({e})")))?;
        let (theirs, extra, extra_sample) = if count == 0 {
            (Hashes::default(), 0, Vec::new())
        } else {
            let response = self.http.send(&call)?;
            let format = response
                .headers()
                .get(oxhttp::model::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .and_then(RdfFormat::from_media_type)
                .unwrap_or(RdfFormat::NTriples);
            let mut theirs = Hashes::default();
            let (mut extra, mut extra_sample) = (0u64, Vec::new());
            for triple in RdfParser::from_format(format).for_reader(response.into_body()) {
                let q =
                    triple.map_err(|e| self.protocol(&what, format!("unreadable RDF ({e})")))?;
                let q = Quad::new(q.subject, q.predicate, q.object, graph.clone());
                let h = quad_hash(&q);
                if !theirs.insert(h) {
                    continue;
                }
                if !ours.contains(&h) {
                    extra += 1;
                    if extra_sample.len() < SAMPLE {
                        extra_sample.push(format!("{} {} {} .", q.subject, q.predicate, q.object));
                    }
                }
            }
            (theirs, extra, extra_sample)
        };
        // Virtuoso cuts every answer at its ResultSetMaxRows (10,000 by default), its Graph
        // Store GET included: a read-back shorter than the count compares counts only.
        let read_back = theirs.len() as u64;
        if read_back < count {
            return Ok(GraphReport {
                after: Some(count),
                read_back: Some(read_back),
                ..graph_report(
                    live,
                    file.triples,
                    Action::Checked {
                        same: count == file.triples,
                    },
                )
            });
        }
        let (mut missing, mut missing_sample) = (0u64, Vec::new());
        let reader = std::fs::File::open(&file.path)
            .map_err(|e| PushError::io("read the spool file", &file.path, e))?;
        for triple in RdfParser::from_format(RdfFormat::NTriples).for_reader(BufReader::new(reader))
        {
            let q = triple.map_err(|e| self.protocol("re-reading the spool", e.to_string()))?;
            let q = Quad::new(q.subject, q.predicate, q.object, graph.clone());
            if !theirs.contains(&quad_hash(&q)) {
                missing += 1;
                if missing_sample.len() < SAMPLE {
                    missing_sample.push(format!("{} {} {} .", q.subject, q.predicate, q.object));
                }
            }
        }
        let same = count == file.triples && missing == 0 && extra == 0;
        Ok(GraphReport {
            before: None,
            after: Some(count),
            missing,
            missing_sample,
            extra,
            extra_sample,
            ..graph_report(live, file.triples, Action::Checked { same })
        })
    }
}

/// Writes a report: one line per graph, then the staging graphs dropped and the notes.
pub fn write_report(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for g in &report.graphs {
        match &g.action {
            Action::Replaced => writeln!(
                out,
                "replaced <{}>: {} triples (the store had {}, now {}){}",
                g.graph,
                g.triples,
                g.before.unwrap_or(0),
                g.after.unwrap_or(0),
                if g.unlogged {
                    "; swapped in one transaction without Virtuoso's log (durable from its next checkpoint)"
                } else {
                    ""
                }
            )?,
            Action::Appended => writeln!(
                out,
                "appended to <{}>: {} triples sent (the store had {}, now {})",
                g.graph,
                g.triples,
                g.before.unwrap_or(0),
                g.after.unwrap_or(0)
            )?,
            Action::DryRun => writeln!(
                out,
                "would replace <{}>: {} triples (dry run, nothing sent)",
                g.graph, g.triples
            )?,
            Action::Written => writeln!(out, "wrote <{}>: {} triples", g.graph, g.triples)?,
            Action::Checked { same } => {
                let detail = match g.read_back {
                    Some(_) => "triples not compared".to_owned(),
                    None => format!(
                        "{} missing in the store, {} only in the store",
                        g.missing, g.extra
                    ),
                };
                writeln!(
                    out,
                    "{} <{}>: mura {} triples, store {}; {detail}",
                    if *same { "same" } else { "differs" },
                    g.graph,
                    g.triples,
                    g.after.unwrap_or(0),
                )?;
                if let Some(n) = g.read_back {
                    writeln!(
                        out,
                        "  the store sent only {n} of its triples (a capped answer, e.g. Virtuoso's ResultSetMaxRows): compared by count only"
                    )?;
                }
                for t in &g.missing_sample {
                    writeln!(out, "  missing in the store: {t}")?;
                }
                for t in &g.extra_sample {
                    writeln!(out, "  only in the store:    {t}")?;
                }
            }
        }
    }
    for f in &report.files {
        writeln!(out, "wrote {}", f.display())?;
    }
    if let Some(c) = &report.command {
        writeln!(out, "then run:\n  {c}")?;
    }
    Ok(())
}

/// The spooled N-Triples of a graph as a reader (for the file writers).
pub(crate) fn open_spooled(file: &spool::GraphFile) -> Result<BufReader<std::fs::File>, PushError> {
    std::fs::File::open(&file.path)
        .map(|f| BufReader::with_capacity(1 << 20, f))
        .map_err(|e| PushError::io("read the spool file", &file.path, e))
}

/// A short file name for a graph IRI (`…/graph/article` → `article`).
pub(crate) fn graph_file_name(graph: &str, index: usize) -> String {
    let name = graph.rsplit(['/', '#']).next().unwrap_or("");
    let slug = crate::graph::slugify(name);
    if slug.is_empty() {
        format!("graph-{index}")
    } else {
        format!("{index:02}-{slug}")
    }
}
