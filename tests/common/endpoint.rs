//! A real SPARQL 1.1 endpoint on loopback for the tests: the Oxigraph server
//! (`pip install oxigraph==0.5.13` puts an `oxigraph` binary in the venv; `.ci/run`
//! installs it and sets `MURA_TEST_OXIGRAPH`), loaded with a Turtle fixture and serving
//! it read-only at `http://127.0.0.1:PORT/query`.
//!
//! The tests that start one are marked `#[cfg_attr(not(mura_oxigraph), ignore = …)]`:
//! build.rs sets `mura_oxigraph` when it finds the binary (and always under `CI=true`), so
//! without it they are listed as ignored, and with the cfg set a missing binary fails.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The `oxigraph` server binary: `$MURA_TEST_OXIGRAPH` (when not empty), else `oxigraph`
/// on the PATH (as build.rs looks for it).
fn oxigraph_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MURA_TEST_OXIGRAPH").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let on_path = Command::new("oxigraph")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    on_path.then(|| PathBuf::from("oxigraph"))
}

/// A running endpoint; stopped when dropped.
pub struct Endpoint {
    child: Child,
    pub port: u16,
    pub url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

impl Endpoint {
    /// Loads `ttl` and serves it. Panics, naming the binary, when there is none: the tests
    /// that call it are ignored without one, unless `CI=true` requires it.
    pub fn start(ttl: &Path) -> Endpoint {
        let Some(bin) = oxigraph_binary() else {
            panic!(
                "no oxigraph server: set MURA_TEST_OXIGRAPH to the `oxigraph` binary or put it on \
                 the PATH (`pip install oxigraph==0.5.13`; .ci/run does this)"
            );
        };
        let dir = tempfile::tempdir().expect("a temp dir");
        let store = dir.path().join("store");
        let load = Command::new(&bin)
            .args(["load", "--location"])
            .arg(&store)
            .arg("--file")
            .arg(ttl)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
        assert!(
            load.status.success(),
            "oxigraph load {} failed:\n{}",
            ttl.display(),
            String::from_utf8_lossy(&load.stderr)
        );
        let port = free_port();
        let child = Command::new(&bin)
            .args(["serve-read-only", "--location"])
            .arg(&store)
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let endpoint = Endpoint {
            child,
            port,
            url: format!("http://127.0.0.1:{port}/query"),
            _dir: dir,
        };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the oxigraph server did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        endpoint
    }
}

impl Endpoint {
    /// An empty, writable Oxigraph server (`oxigraph serve`, no credentials): the peer the
    /// W3C protocol harness also runs against. `url` is its root.
    pub fn start_empty_writable() -> Endpoint {
        let Some(bin) = oxigraph_binary() else {
            panic!(
                "no oxigraph server: set MURA_TEST_OXIGRAPH to the `oxigraph` binary or put it on \
                 the PATH (`pip install oxigraph==0.5.13`; .ci/run does this)"
            );
        };
        let dir = tempfile::tempdir().expect("a temp dir");
        let port = free_port();
        let child = Command::new(&bin)
            .args(["serve", "--location"])
            .arg(dir.path().join("store"))
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let endpoint = Endpoint {
            child,
            port,
            url: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the oxigraph server did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        endpoint
    }
}

/// A loopback HTTP proxy in front of an endpoint: answers the first `refuse` requests with
/// `429 Too Many Requests` and `Retry-After: 1`, relays the others, and records each
/// request's User-Agent.
pub struct Proxy {
    pub url: String,
    pub hits: Arc<AtomicUsize>,
    pub agents: Arc<Mutex<Vec<String>>>,
    /// The bodies of the requests (form-encoded `query=…`), decoded.
    pub queries: Arc<Mutex<Vec<String>>>,
}

/// Reads one HTTP message (headers, then a Content-Length or chunked body, or up to EOF).
pub fn read_message(stream: &mut TcpStream) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
            let length: Option<usize> = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok());
            let chunked = head.contains("transfer-encoding: chunked");
            let request = !head.starts_with("http/");
            let done = match length {
                Some(n) => buf.len() >= end + 4 + n,
                None if chunked => buf[end + 4..].ends_with(b"0\r\n\r\n"),
                None => request,
            };
            if done {
                return buf;
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return buf,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

pub fn header(request: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(request);
    text.split("\r\n\r\n").next()?.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
    })
}

pub fn proxy(upstream_port: u16, refuse: usize) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let agents = Arc::new(Mutex::new(Vec::new()));
    let queries = Arc::new(Mutex::new(Vec::new()));
    let (h, a, q) = (Arc::clone(&hits), Arc::clone(&agents), Arc::clone(&queries));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let request = read_message(&mut stream);
            a.lock()
                .unwrap()
                .push(header(&request, "user-agent").unwrap_or_default());
            if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                let body = &request[end + 4..];
                let query = form_urlencoded::parse(body)
                    .find(|(k, _)| k == "query")
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default();
                q.lock().unwrap().push(query);
            }
            let n = h.fetch_add(1, Ordering::SeqCst);
            if n < refuse {
                let _ = stream.write_all(
                    b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Type: text/plain\r\n\
                      Content-Length: 18\r\nConnection: close\r\n\r\nToo many requests\n",
                );
                continue;
            }
            let Ok(mut up) = TcpStream::connect(("127.0.0.1", upstream_port)) else {
                continue;
            };
            let _ = up.write_all(&request);
            let response = read_message(&mut up);
            let _ = stream.write_all(&response);
        }
    });
    Proxy {
        url: format!("http://127.0.0.1:{port}/query"),
        hits,
        agents,
        queries,
    }
}
