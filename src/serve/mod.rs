//! `mura serve`: the graph over HTTP on loopback by default and read-only by default — the
//! SPARQL 1.1 Protocol ([`sparql`]), the Graph Store Protocol ([`gsp`]), Linked Data
//! dereferencing with content negotiation and profiles ([`ld`]), server-rendered HTML
//! pages ([`html`]), credentials for writes ([`auth`]) and the limits that keep one client
//! from starving the others ([`limits`]). [`serve`] starts a server in the calling process
//! (tests call it; the binary calls [`run`], which also waits for SIGINT/SIGTERM); the HTTP
//! stack is oxhttp's server, the one oxigraph's own `serve` uses (a thread per connection,
//! a connection cap and read/write timeouts built in). The library prints nothing: the
//! one access-log line per request goes to an [`AccessLog`] the caller provides.

// Handlers return `Result<Response, Response>` so `?` answers early with an error response;
// one response is built per request, so boxing the larger `Err` would buy nothing.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod cache;
pub mod gsp;
pub mod html;
pub mod ld;
pub mod limits;
pub mod sparql;

use crate::error::{Error, Result};
use crate::pipeline::{self, Graph, Input};
use oxhttp::model::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    CONTENT_LENGTH, CONTENT_TYPE, ORIGIN, VARY,
};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::model::Quad;
use oxigraph::store::Store;
use std::collections::HashMap;
use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server answers from.
pub enum Source {
    /// A dataset folder (or `Input::store`), built in memory at start-up.
    Input(Input),
    /// An on-disk store (`--store DIR`); created empty when missing and `writable`.
    Store(PathBuf),
    /// A graph the caller already has (tests: an empty store for the W3C suites).
    Graph(Graph),
}

/// How the server behaves; [`Options::default`] is `mura serve` without flags.
#[derive(Debug, Clone)]
pub struct Options {
    /// Address to listen on; port 0 picks a free port ([`Server::addr`] tells which).
    pub bind: SocketAddr,
    /// The URL at which this server's root is reached from outside (behind a proxy);
    /// default `http://{bind}`.
    pub public_base: Option<String>,
    /// Longest a query may evaluate before it is cancelled (503).
    pub timeout: Duration,
    /// Accept SPARQL updates and Graph Store writes (with credentials).
    pub writable: bool,
    /// A file holding the Bearer token that writes need.
    pub token_file: Option<PathBuf>,
    /// An htpasswd file of bcrypt (`$2y$`) entries for Basic authentication of writes.
    pub htpasswd: Option<PathBuf>,
    /// SERVICE endpoints queries may call (none by default: SERVICE is refused).
    pub allow_service: Vec<String>,
    /// Origins allowed by CORS (none by default; `*` for any).
    pub cors: Vec<String>,
    /// Largest request body accepted (413 beyond).
    pub max_body_bytes: usize,
    /// Queries evaluated at once; beyond it 503 with `Retry-After`.
    pub max_concurrent_queries: usize,
    /// Named queries shown as examples on the query page [default: ./queries when present].
    pub queries_dir: Option<PathBuf>,
    /// Export profiles folder [default: ./ontology/profiles, else the shipped ones].
    pub profiles_dir: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            public_base: None,
            timeout: Duration::from_secs(30),
            writable: false,
            token_file: None,
            htpasswd: None,
            allow_service: Vec::new(),
            cors: Vec::new(),
            max_body_bytes: 16 * 1024 * 1024,
            max_concurrent_queries: 8,
            queries_dir: None,
            profiles_dir: None,
        }
    }
}

/// One answered request, for the access log.
#[derive(Debug, Clone)]
pub struct Access {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub elapsed: Duration,
    /// A short hash of the SPARQL text, when the request carried one.
    pub query_hash: Option<String>,
}

impl std::fmt::Display for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {} {}ms",
            self.method,
            self.path,
            self.status,
            self.elapsed.as_millis()
        )?;
        if let Some(h) = &self.query_hash {
            write!(f, " q={h}")?;
        }
        Ok(())
    }
}

/// Where access-log lines go (the binary writes them to stderr).
pub trait AccessLog: Send + Sync {
    fn record(&self, access: &Access);
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
}

impl Server {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://{addr}`, the root URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops serving: new requests get 503, and this returns once the requests in flight
    /// are answered (or `grace` has passed). The listening socket stays bound until the
    /// process ends (oxhttp's listener has no stop).
    pub fn shutdown(&self, grace: Duration) {
        self.state.draining.store(true, Ordering::SeqCst);
        let until = Instant::now() + grace;
        while self.state.in_flight.load(Ordering::SeqCst) > 0 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The store it answers from.
    pub fn store(&self) -> &Store {
        &self.state.store
    }
}

/// Profile name → (store generation, the profile's output over the whole store).
pub(crate) type ProfileCache = HashMap<String, (u64, Arc<Vec<Quad>>)>;

/// The shared state of every request.
pub(crate) struct State {
    pub store: Store,
    pub base: String,
    pub options: Options,
    pub auth: auth::Auth,
    /// The server path under which `base` is served (`/id/` for `…/mura/id/`).
    pub local_prefix: String,
    /// The public root URL, no trailing slash.
    pub root: String,
    pub slots: limits::Slots,
    pub in_flight: AtomicUsize,
    pub draining: AtomicBool,
    /// Bumped by every write: cached profile outputs of older generations are stale.
    pub generation: AtomicU64,
    pub profile_cache: Mutex<ProfileCache>,
    /// Rendered Linked Data answers, until the next write.
    pub answers: cache::Answers,
    pub examples: Vec<html::Example>,
    pub log: Option<Arc<dyn AccessLog>>,
}

impl State {
    /// The SPARQL endpoint URL (the base IRI of queries and updates).
    pub fn endpoint(&self) -> String {
        format!("{}/sparql", self.root)
    }

    /// The IRI a server path names, when it is under the local prefix (or the base IRI's
    /// own path).
    pub fn iri_of_path(&self, path: &str) -> Option<String> {
        let rest = path.strip_prefix(&self.local_prefix).or_else(|| {
            let full = base_path(&self.base)?;
            path.strip_prefix(full.as_str())
        })?;
        Some(format!("{}{rest}", self.base))
    }

    /// The part of an IRI under the base (`museum/x`), when it is a dataset IRI.
    pub fn local_name<'a>(&self, iri: &'a str) -> Option<&'a str> {
        iri.strip_prefix(&self.base).filter(|r| !r.is_empty())
    }
}

/// The path of a base IRI (`/mura/id/` of `https://w3id.org/mura/id/`).
fn base_path(base: &str) -> Option<String> {
    let after_scheme = base.split_once("://")?.1;
    let slash = after_scheme.find('/')?;
    Some(after_scheme[slash..].to_owned())
}

/// The server path for a base IRI: its path, less the first segment when it has two or more
/// (the namespace a w3id.org-style redirect strips: `…/mura/id/` is served at `/id/`).
pub fn local_prefix(base: &str) -> String {
    let Some(path) = base_path(base) else {
        return "/id/".into();
    };
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    if segments.len() >= 2 {
        format!("/{}/", segments[1..].join("/"))
    } else if segments[0].is_empty() {
        "/id/".into()
    } else {
        format!("/{}/", segments[0])
    }
}

/// Opens the source and starts serving it; returns at once with the running server.
pub fn serve(source: Source, options: Options, log: Option<Arc<dyn AccessLog>>) -> Result<Server> {
    let graph = open_source(source, &options)?;
    let mut addr = options.bind;
    if addr.port() == 0 {
        // oxhttp binds by address only: find a free port first
        let probe = TcpListener::bind(addr).map_err(|e| bind_error(addr, e))?;
        addr = probe.local_addr().map_err(|e| bind_error(addr, e))?;
    }
    let state = new_state(graph, options, log, addr)?;
    let handler_state = Arc::clone(&state);
    let server = oxhttp::Server::new(move |request| on_request(&handler_state, request))
        .bind(addr)
        .with_global_timeout(Duration::from_secs(60).max(state.options.timeout * 2))
        .with_max_concurrent_connections(128)
        .with_server_name(concat!("mura/", env!("CARGO_PKG_VERSION")))
        .map_err(|e| Error::Internal(format!("server name: {e}")))?;
    // the listener threads live as long as the process (oxhttp has no stop)
    std::mem::forget(server.spawn().map_err(|e| bind_error(addr, e))?);
    Ok(Server { addr, state })
}

fn open_source(source: Source, options: &Options) -> Result<Graph> {
    match source {
        Source::Input(input) => pipeline::open(&input),
        Source::Graph(g) => Ok(g),
        Source::Store(dir) => open_store(&dir, options.writable),
    }
}

/// The shared state of a server answering at `addr` (credentials loaded, examples read).
fn new_state(
    graph: Graph,
    options: Options,
    log: Option<Arc<dyn AccessLog>>,
    addr: SocketAddr,
) -> Result<Arc<State>> {
    let auth = auth::Auth::load(&options)?;
    if options.writable && !auth.configured() {
        return Err(Error::Usage(
            "--writable needs credentials: add --token-file FILE (a Bearer token) and/or --htpasswd FILE (bcrypt Basic)".into(),
        ));
    }
    let root = options
        .public_base
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
        .trim_end_matches('/')
        .to_owned();
    let queries_dir = options
        .queries_dir
        .clone()
        .or_else(|| Some(PathBuf::from("queries")).filter(|d| d.is_dir()));
    let examples = queries_dir
        .map(|d| html::examples(&d))
        .transpose()?
        .unwrap_or_default();
    Ok(Arc::new(State {
        local_prefix: local_prefix(&graph.base),
        store: graph.store,
        base: graph.base,
        auth,
        root,
        slots: limits::Slots::new(options.max_concurrent_queries),
        options,
        in_flight: AtomicUsize::new(0),
        draining: AtomicBool::new(false),
        generation: AtomicU64::new(0),
        profile_cache: Mutex::new(HashMap::new()),
        answers: cache::Answers::default(),
        examples,
        log,
    }))
}

/// The request handler [`serve`] runs, over `source`, without a listener: a request in,
/// its response out (routing, negotiation, the protocols, CORS, HEAD), as `options.bind`
/// would answer it. For the fuzz target `serve_request` (fuzz/); not a stable API.
#[doc(hidden)]
pub fn handler_for_fuzzing(
    source: Source,
    options: Options,
) -> Result<impl Fn(&mut Request<Body>) -> Response<Body>> {
    let graph = open_source(source, &options)?;
    let addr = options.bind;
    let state = new_state(graph, options, None, addr)?;
    Ok(move |request: &mut Request<Body>| on_request(&state, request))
}

/// [`serve`], then blocks until `stop` receives (or its sender is dropped), then shuts
/// down gracefully (in-flight requests are answered, for up to 10 s). `ready` is called
/// with the running server first (the binary prints its URL).
pub fn run(
    source: Source,
    options: Options,
    log: Option<Arc<dyn AccessLog>>,
    ready: impl FnOnce(&Server),
    stop: std::sync::mpsc::Receiver<()>,
) -> Result<()> {
    let server = serve(source, options, log)?;
    ready(&server);
    let _ = stop.recv();
    server.shutdown(Duration::from_secs(10));
    Ok(())
}

#[cfg(feature = "rocksdb")]
fn open_store(dir: &std::path::Path, writable: bool) -> Result<Graph> {
    let store = if writable {
        Store::open(dir)?
    } else {
        crate::graph::store::open(dir)?
    };
    let base = crate::source::store::base_of(&store);
    Ok(Graph { store, base })
}

#[cfg(not(feature = "rocksdb"))]
fn open_store(dir: &std::path::Path, _writable: bool) -> Result<Graph> {
    crate::graph::store::open(dir)?;
    unreachable!("graph::store::open fails without the rocksdb feature")
}

fn bind_error(addr: SocketAddr, e: std::io::Error) -> Error {
    Error::Usage(format!(
        "cannot listen on {addr}: {e} (pick another with --bind 127.0.0.1:PORT)"
    ))
}

/// An answer, or an early answer (an error response) through `?`.
pub(crate) type Answer = std::result::Result<Response<Body>, Response<Body>>;

fn on_request(state: &Arc<State>, request: &mut Request<Body>) -> Response<Body> {
    let start = Instant::now();
    state.in_flight.fetch_add(1, Ordering::SeqCst);
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let mut query_hash = None;
    let mut response = if state.draining.load(Ordering::SeqCst) {
        text(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is shutting down\n",
        )
    } else {
        route(state, request, &mut query_hash).unwrap_or_else(|r| r)
    };
    cors(state, request, &mut response);
    if method == Method::HEAD {
        *response.body_mut() = Body::empty();
    }
    state.in_flight.fetch_sub(1, Ordering::SeqCst);
    if let Some(log) = &state.log {
        log.record(&Access {
            method: method.to_string(),
            path,
            status: response.status().as_u16(),
            elapsed: start.elapsed(),
            query_hash,
        });
    }
    response
}

fn route(state: &State, request: &mut Request<Body>, hash: &mut Option<String>) -> Answer {
    if request.method() == Method::OPTIONS {
        return Ok(status(StatusCode::NO_CONTENT));
    }
    let path = request.uri().path().to_owned();
    match path.as_str() {
        "/sparql" | "/query" => sparql::handle(state, request, sparql::Endpoint::Any, hash),
        "/update" => sparql::handle(state, request, sparql::Endpoint::Update, hash),
        "/store" => gsp::handle(state, request, None),
        p if p.starts_with("/store/") => gsp::handle(state, request, Some(&p["/store/".len()..])),
        _ => {
            only_get(request)?;
            let generation = state.generation.load(Ordering::SeqCst);
            match path.as_str() {
                "/" => html::index(state, request),
                "/health" => Ok(text(StatusCode::OK, "ok\n")),
                "/style.css" => Ok(with_type(
                    Response::builder()
                        .header("Cache-Control", "max-age=3600")
                        .body(Body::from(html::STYLE))
                        .unwrap(),
                    "text/css; charset=utf-8",
                )),
                "/.well-known/void" => state
                    .answers
                    .get_or(request, generation, || ld::void(state, request)),
                p if p.starts_with("/page/") => state.answers.get_or(request, generation, || {
                    ld::page(state, request, &p["/page/".len()..])
                }),
                p if p.starts_with("/data/") => state.answers.get_or(request, generation, || {
                    ld::data(state, request, &p["/data/".len()..])
                }),
                p => ld::entity(state, request, p),
            }
        }
    }
}

/// 405 unless GET or HEAD.
pub(crate) fn only_get(request: &Request<Body>) -> std::result::Result<(), Response<Body>> {
    if request.method() == Method::GET || request.method() == Method::HEAD {
        Ok(())
    } else {
        let mut r = text(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{} is not allowed here: use GET\n", request.method()),
        );
        r.headers_mut()
            .insert("Allow", HeaderValue::from_static("GET, HEAD"));
        Err(r)
    }
}

fn cors(state: &State, request: &Request<Body>, response: &mut Response<Body>) {
    let Some(origin) = header(request, ORIGIN.as_str()) else {
        return;
    };
    let allowed = state
        .options
        .cors
        .iter()
        .any(|o| o == "*" || o.trim_end_matches('/') == origin);
    response
        .headers_mut()
        .append(VARY, HeaderValue::from_static("Origin"));
    if !allowed {
        return;
    }
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    if request.method() == Method::OPTIONS {
        h.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, HEAD, POST, PUT, DELETE"),
        );
        h.insert(
            ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Accept, Accept-Profile, Authorization, Content-Type"),
        );
    }
}

/// A request header as text.
pub(crate) fn header<'a>(request: &'a Request<Body>, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The URL query parameters, decoded.
pub(crate) fn params(request: &Request<Body>) -> Vec<(String, String)> {
    form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

/// The request body, at most `max_body_bytes` (413 beyond).
pub(crate) fn read_body(
    state: &State,
    request: &mut Request<Body>,
) -> std::result::Result<Vec<u8>, Response<Body>> {
    let max = state.options.max_body_bytes;
    let too_large = || {
        text(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than this server's limit of {max} bytes\n"),
        )
    };
    if let Some(len) = header(request, CONTENT_LENGTH.as_str()).and_then(|l| l.parse::<u64>().ok())
    {
        if len > max as u64 {
            return Err(too_large());
        }
    }
    let mut body = Vec::new();
    request
        .body_mut()
        .take(max as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| {
            text(
                StatusCode::BAD_REQUEST,
                format!("cannot read the body: {e}\n"),
            )
        })?;
    if body.len() > max {
        return Err(too_large());
    }
    Ok(body)
}

/// A plain-text response.
pub(crate) fn text(status: StatusCode, body: impl Into<String>) -> Response<Body> {
    let mut r = Response::builder()
        .status(status)
        .body(Body::from(body.into()))
        .unwrap();
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// An empty response.
pub(crate) fn status(status: StatusCode) -> Response<Body> {
    Response::builder()
        .status(status)
        .body(Body::empty())
        .unwrap()
}

/// Sets the Content-Type.
pub(crate) fn with_type(mut r: Response<Body>, media: &str) -> Response<Body> {
    if let Ok(v) = HeaderValue::from_str(media) {
        r.headers_mut().insert(CONTENT_TYPE, v);
    }
    r
}

/// 406 with the media types on offer.
pub(crate) fn not_acceptable(offers: &[&str]) -> Response<Body> {
    let mut r = text(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "none of the media types in Accept can be served here; available: {}\n",
            offers.join(", ")
        ),
    );
    r.headers_mut()
        .insert(VARY, HeaderValue::from_static("Accept"));
    r
}

/// A short hash of a query text, for the access log.
pub(crate) fn hash(text: &str) -> String {
    hash_bytes(text.as_bytes())
}

/// A short content hash (ETags, the access log).
pub(crate) fn hash_bytes(bytes: &[u8]) -> String {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(bytes);
    format!("{:016x}", h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_map_to_local_prefixes() {
        assert_eq!(local_prefix("https://w3id.org/mura/id/"), "/id/");
        assert_eq!(local_prefix("https://example.org/id/"), "/id/");
        assert_eq!(local_prefix("https://example.org/"), "/id/");
        assert_eq!(local_prefix("http://example.org/a/b/c/"), "/b/c/");
    }
}
