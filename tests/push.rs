//! `mura push` and `mura export --shard`: against a real Oxigraph server (pip
//! `oxigraph==0.5.13`) and a throwaway Virtuoso 7 (`.ci/virtuoso.sh`), through fault
//! proxies (dropped connections, a SIGKILL mid-upload), and against a recording loopback
//! server for the exact requests of the fuseki and qlever dialects.

mod common;

use common::endpoint::{Endpoint, free_port, header, read_message};
use common::{copy_dir, mura, root};
use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

type Graphs = BTreeMap<String, BTreeSet<String>>;

const ARTICLE: &str = "https://w3id.org/mura/id/graph/article";
/// The graph of the curators' own statements (English names among them).
const CURATION: &str = "https://w3id.org/mura/id/graph/curation";
const LIVE: [&str; 4] = [
    "https://w3id.org/mura/id/graph/article",
    "https://w3id.org/mura/id/graph/curation",
    "https://w3id.org/mura/id/graph/meta",
    "https://w3id.org/mura/id/graph/wikidata",
];

/// Parses N-Quads into graph → triples (`s p o` in canonical N-Triples).
fn by_graph(nquads: &[u8]) -> Graphs {
    let mut graphs = Graphs::new();
    for q in RdfParser::from_format(RdfFormat::NQuads).for_slice(nquads) {
        let q = q.expect("valid N-Quads");
        graphs
            .entry(q.graph_name.to_string().trim_matches(['<', '>']).to_owned())
            .or_default()
            .insert(format!("{} {} {}", q.subject, q.predicate, q.object));
    }
    graphs
}

/// What mura pushes for a dataset folder: its export as N-Quads, per graph.
fn expected(data: &Path) -> Graphs {
    by_graph(&common::stdout_bytes_of(&[
        "export",
        "--data",
        data.to_str().unwrap(),
        "--format",
        "nquads",
        "--quiet",
    ]))
}

fn http() -> oxhttp::Client {
    oxhttp::Client::new().with_global_timeout(std::time::Duration::from_secs(60))
}

/// The triples of `graph` as the store's Graph Store endpoint `gsp?param=graph` returns them.
fn read_graph(gsp: &str, param: &str, graph: &str) -> BTreeSet<String> {
    let url = format!(
        "{gsp}?{}",
        form_urlencoded::Serializer::new(String::new())
            .append_pair(param, graph)
            .finish()
    );
    let response = http()
        .request(
            oxhttp::model::Request::builder()
                .uri(&url)
                .header("Accept", "application/n-triples")
                .body(())
                .unwrap(),
        )
        .expect("the store answers");
    if response.status().as_u16() == 404 {
        return BTreeSet::new();
    }
    assert!(
        response.status().is_success(),
        "GET {url}: {}",
        response.status()
    );
    let format = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .and_then(RdfFormat::from_media_type)
        .unwrap_or(RdfFormat::NTriples);
    let body = response.into_body().to_vec().unwrap();
    RdfParser::from_format(format)
        .for_slice(&body)
        .map(|t| {
            let t = t.expect("valid RDF");
            format!("{} {} {}", t.subject, t.predicate, t.object)
        })
        .collect()
}

/// The named graphs of an Oxigraph server (`GRAPH ?g {}` lists empty ones too).
fn oxigraph_graphs(url: &str) -> BTreeSet<String> {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
        .finish();
    let response = http()
        .request(
            oxhttp::model::Request::builder()
                .method("POST")
                .uri(format!("{url}/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/sparql-results+json")
                .body(body)
                .unwrap(),
        )
        .expect("the store answers");
    let json: serde_json::Value =
        serde_json::from_slice(&response.into_body().to_vec().unwrap()).unwrap();
    json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["g"]["value"].as_str().unwrap().to_owned())
        .collect()
}

fn oxigraph_state(url: &str) -> Graphs {
    oxigraph_graphs(url)
        .into_iter()
        .map(|g| {
            let triples = read_graph(&format!("{url}/store"), "graph", &g);
            (g, triples)
        })
        .collect()
}

/// A copy of the shipped dataset with one museum's English name changed.
fn changed_dataset(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("changed");
    copy_dir(&root().join("data"), &data);
    let museums = data.join("museums.toml");
    let text = std::fs::read_to_string(&museums).unwrap();
    assert!(text.contains("Ykylas Museum of Folk Musical Instruments"));
    std::fs::write(
        &museums,
        text.replace(
            "Ykylas Museum of Folk Musical Instruments",
            "Ykylas Museum of Folk Instruments",
        ),
    )
    .unwrap();
    data
}

fn run(args: &[&str]) -> std::process::Output {
    mura().args(args).output().expect("mura runs")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "mura {args:?} failed:\n{}",
        stderr(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

// ---------------------------------------------------------------- Oxigraph server

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the oxigraph server (pip oxigraph==0.5.13; CI provides it)"
)]
fn pushes_the_shipped_dataset_into_oxigraph_and_reads_it_back_per_graph() {
    let store = Endpoint::start_empty_writable();
    let want = expected(&root().join("data"));
    assert_eq!(want.keys().map(String::as_str).collect::<Vec<_>>(), LIVE);
    let out = ok(&["push", &store.url, "--dialect", "oxigraph", "--quiet"]);
    let report: String = LIVE
        .iter()
        .map(|g| {
            let n = want[*g].len();
            format!("replaced <{g}>: {n} triples (the store had 0, now {n})\n")
        })
        .collect();
    assert_eq!(out, report);
    // the same graphs, triple for triple (no blank nodes: equal sets are isomorphic graphs)
    assert_eq!(oxigraph_state(&store.url), want);
    let kazakh = "\"Ықылас атындағы халық музыкалық аспаптар музейі\"@kk";
    assert!(want[ARTICLE].iter().any(|t| t.ends_with(kazakh)));
    // twice: the same state, and no staging graph left
    ok(&[
        "push",
        &store.url,
        "--dialect",
        "oxigraph",
        "--quiet",
        "--chunk",
        "300",
    ]);
    assert_eq!(oxigraph_state(&store.url), want);
    let check = ok(&[
        "push",
        &store.url,
        "--dialect",
        "oxigraph",
        "--check",
        "--quiet",
    ]);
    for g in LIVE {
        let n = want[g].len();
        assert!(
            check.contains(&format!(
                "same <{g}>: mura {n} triples, store {n}; 0 missing in the store, 0 only in the store\n"
            )),
            "{check}"
        );
    }
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the oxigraph server (pip oxigraph==0.5.13; CI provides it)"
)]
fn a_changed_dataset_replaces_the_graphs_and_check_names_the_difference() {
    let store = Endpoint::start_empty_writable();
    let tmp = tempfile::tempdir().unwrap();
    let changed = changed_dataset(tmp.path());
    ok(&["push", &store.url, "--dialect", "oxigraph", "--quiet"]);
    // --check against the changed dataset: exit 1, counts and the differing triples
    let out = run(&[
        "push",
        &store.url,
        "--dialect",
        "oxigraph",
        "--check",
        "--quiet",
        "--graph",
        "curation",
        "--data",
        changed.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let n = expected(&changed)[CURATION].len();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "differs <{CURATION}>: mura {n} triples, store {n}; 1 missing in the store, 1 only in the store\n  \
             missing in the store: <https://w3id.org/mura/id/museum/ykylas-museum> <http://schema.org/name> \"Ykylas Museum of Folk Instruments\"@en .\n  \
             only in the store:    <https://w3id.org/mura/id/museum/ykylas-museum> <http://schema.org/name> \"Ykylas Museum of Folk Musical Instruments\"@en .\n"
        )
    );
    ok(&[
        "push",
        &store.url,
        "--dialect",
        "oxigraph",
        "--quiet",
        "--data",
        changed.to_str().unwrap(),
    ]);
    let state = oxigraph_state(&store.url);
    assert_eq!(state, expected(&changed));
    assert!(
        !state
            .values()
            .flatten()
            .any(|t| t.contains("Folk Musical Instruments\"@en"))
    );
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the oxigraph server (pip oxigraph==0.5.13; CI provides it)"
)]
fn append_adds_without_replacing() {
    let store = Endpoint::start_empty_writable();
    let tmp = tempfile::tempdir().unwrap();
    let changed = changed_dataset(tmp.path());
    ok(&[
        "push",
        &store.url,
        "--dialect",
        "oxigraph",
        "--quiet",
        "--graph",
        "curation",
    ]);
    let before = expected(&root().join("data"))[CURATION].len();
    let out = ok(&[
        "push",
        &store.url,
        "--dialect",
        "oxigraph",
        "--quiet",
        "--graph",
        "curation",
        "--append",
        "--data",
        changed.to_str().unwrap(),
    ]);
    assert_eq!(
        out,
        format!(
            "appended to <{CURATION}>: {before} triples sent (the store had {before}, now {})\n",
            before + 1
        )
    );
}

#[test]
fn a_store_that_is_not_running_is_a_clear_error_after_the_retries() {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let out = run(&[
        "push",
        &url,
        "--dialect",
        "oxigraph",
        "--retries",
        "2",
        "--retry-wait",
        "1",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let head = format!(
        "mura: {url}: listing staging graphs left by earlier runs: no answer after 3 attempts ("
    );
    let tail = format!("): is the store running at {url}?\n");
    assert!(err.starts_with(&head) && err.ends_with(&tail), "{err}");
}

// ---------------------------------------------------------------- faults

/// A loopback proxy in front of `upstream`: relays the first `relay` requests; after that it
/// drops each connection unanswered (`hold: false`), or keeps it open without an answer
/// and reports it on the channel (`hold: true`).
struct FaultProxy {
    url: String,
    held: std::sync::mpsc::Receiver<()>,
}

fn fault_proxy(upstream: u16, relay: usize, hold: bool) -> FaultProxy {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let request = read_message(&mut stream);
            if n >= relay {
                if hold {
                    kept.push(stream);
                    let _ = tx.send(());
                }
                continue;
            }
            let Ok(mut up) = TcpStream::connect(("127.0.0.1", upstream)) else {
                continue;
            };
            let _ = up.write_all(&request);
            let response = read_message(&mut up);
            let _ = stream.write_all(&response);
        }
    });
    FaultProxy {
        url: format!("http://127.0.0.1:{port}"),
        held: rx,
    }
}

/// A fresh Oxigraph server into which the changed dataset was pushed, the dataset's temp
/// dir (kept alive) and the store's state per graph: the "live graphs" a faulty run must
/// leave alone.
fn store_holding_the_changed_dataset() -> (Endpoint, tempfile::TempDir, Graphs) {
    let store = Endpoint::start_empty_writable();
    let tmp = tempfile::tempdir().unwrap();
    let changed = changed_dataset(tmp.path());
    ok(&[
        "push",
        &store.url,
        "--dialect",
        "oxigraph",
        "--quiet",
        "--data",
        changed.to_str().unwrap(),
    ]);
    let old = oxigraph_state(&store.url);
    (store, tmp, old)
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the oxigraph server (pip oxigraph==0.5.13; CI provides it)"
)]
fn a_connection_dropped_mid_upload_leaves_the_live_graph_and_the_next_run_cleans_up() {
    let (store, _tmp, old) = store_holding_the_changed_dataset();
    // relayed: the staging list, the live count, chunks 1 and 2 of the article graph
    let proxy = fault_proxy(store.port, 4, false);
    let out = run(&[
        "push",
        &proxy.url,
        "--dialect",
        "oxigraph",
        "--quiet",
        "--chunk",
        "500",
        "--parallel",
        "1",
        "--retries",
        "1",
        "--retry-wait",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let head = format!(
        "mura: {}: uploading chunk 3 of 5 (500 triples) of graph <{ARTICLE}> into <{ARTICLE}?mura-staging=",
        proxy.url
    );
    assert!(err.starts_with(&head), "{err}");
    assert!(err.contains(">: no answer after 2 attempts ("), "{err}");
    // the live graphs are the old ones; the staging graph (2 chunks) is still there
    let graphs = oxigraph_graphs(&store.url);
    let staging: Vec<&String> = graphs
        .iter()
        .filter(|g| g.contains("?mura-staging="))
        .collect();
    assert_eq!(staging.len(), 1, "{graphs:?}");
    assert_eq!(
        read_graph(&format!("{}/store", store.url), "graph", staging[0]).len(),
        1000
    );
    for g in LIVE {
        assert_eq!(
            read_graph(&format!("{}/store", store.url), "graph", g),
            old[g]
        );
    }
    // the next run drops it and succeeds
    let out = run(&["push", &store.url, "--dialect", "oxigraph"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "mura: dropped the staging graph <{}> a killed run left\n",
            staging[0]
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(oxigraph_state(&store.url), expected(&root().join("data")));
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the oxigraph server (pip oxigraph==0.5.13; CI provides it)"
)]
fn sigkill_mid_upload_leaves_the_live_graph_and_the_next_run_leaves_no_staging_graph() {
    let (store, _tmp, old) = store_holding_the_changed_dataset();
    let proxy = fault_proxy(store.port, 4, true);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mura"))
        .current_dir(root())
        .args([
            "push",
            &proxy.url,
            "--dialect",
            "oxigraph",
            "--quiet",
            "--chunk",
            "500",
            "--parallel",
            "1",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // the third chunk is on the wire, unanswered: kill -9
    proxy.held.recv().expect("mura sends the third chunk");
    child.kill().unwrap();
    child.wait().unwrap();
    for g in LIVE {
        assert_eq!(
            read_graph(&format!("{}/store", store.url), "graph", g),
            old[g]
        );
    }
    assert_eq!(
        oxigraph_graphs(&store.url).len(),
        5,
        "the four live graphs and one staging graph"
    );
    ok(&["push", &store.url, "--dialect", "oxigraph", "--quiet"]);
    assert_eq!(
        oxigraph_graphs(&store.url),
        LIVE.iter().map(|g| g.to_string()).collect()
    );
    assert_eq!(oxigraph_state(&store.url), expected(&root().join("data")));
}

// ---------------------------------------------------------------- recorded contracts

/// A loopback store that records every request and keeps triple counts per graph: GSP
/// POSTs of N-Triples and `INSERT DATA` add, `MOVE` and `DROP` move and drop, COUNT
/// queries answer from the counts, the staging-graph listing answers none.
struct Recorder {
    url: String,
    log: Arc<Mutex<Vec<String>>>,
    hits: Arc<AtomicUsize>,
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

fn recorder(auth: &'static str, fail: Option<(&'static str, &'static str)>) -> Recorder {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let hits = Arc::new(AtomicUsize::new(0));
    let (l, h) = (Arc::clone(&log), Arc::clone(&hits));
    std::thread::spawn(move || {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            h.fetch_add(1, Ordering::SeqCst);
            let request = read_message(&mut stream);
            let end = request.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
            let head = String::from_utf8_lossy(&request[..end]).to_string();
            let body = String::from_utf8_lossy(&request[end + 4..]).to_string();
            let line = head.lines().next().unwrap().to_owned();
            let mut parts = line.split(' ');
            let (method, target) = (
                parts.next().unwrap().to_owned(),
                parts.next().unwrap().to_owned(),
            );
            let ctype = header(&request, "content-type").unwrap_or_default();
            let accept = header(&request, "accept").unwrap_or_default();
            let authorization = header(&request, "authorization").unwrap_or_default();
            let params: Vec<(String, String)> = target
                .split_once('?')
                .map(|(_, q)| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
                .unwrap_or_default();
            let query = if ctype == "application/x-www-form-urlencoded" {
                form_urlencoded::parse(body.as_bytes())
                    .find(|(k, _)| k == "query")
                    .map(|(_, v)| v.into_owned())
            } else {
                params
                    .iter()
                    .find(|(k, _)| k == "query")
                    .map(|(_, v)| v.clone())
            };
            let lines = body.lines().filter(|l| l.ends_with(" .")).count();
            let summary = match (&query, ctype.as_str()) {
                (Some(q), _) => format!("query={q}"),
                (None, "application/sparql-update") if body.starts_with("INSERT DATA") => {
                    format!(
                        "INSERT DATA {{ GRAPH <{}> {{ {lines} triples }} }}",
                        between(&body, "GRAPH <", ">").unwrap()
                    )
                }
                (None, "application/sparql-update") => body.clone(),
                _ => format!("{lines} triples"),
            };
            l.lock().unwrap().push(format!(
                "{method} {target} | type {ctype} | accept {accept} | auth {authorization} | {summary}"
            ));
            let (status, ctype_out, out): (&str, &str, String) = if authorization != auth {
                ("401 Unauthorized", "text/plain", "bad credentials".into())
            } else if let Some((when, page)) =
                fail.filter(|(when, _)| summary.starts_with(when) || target.contains(when))
            {
                let _ = when;
                ("500 Internal Server Error", "text/html", page.into())
            } else if let Some(q) = &query {
                if q.contains("COUNT(*)") {
                    let g = between(q, "GRAPH <", ">").unwrap();
                    let n = counts.get(g).copied().unwrap_or(0);
                    (
                        "200 OK",
                        "application/sparql-results+json",
                        format!(
                            r#"{{"head":{{"vars":["n"]}},"results":{{"bindings":[{{"n":{{"type":"literal","datatype":"http://www.w3.org/2001/XMLSchema#integer","value":"{n}"}}}}]}}}}"#
                        ),
                    )
                } else {
                    (
                        "200 OK",
                        "application/sparql-results+json",
                        r#"{"head":{"vars":["g"]},"results":{"bindings":[]}}"#.into(),
                    )
                }
            } else if ctype == "application/sparql-update" {
                if body.starts_with("INSERT DATA") {
                    *counts
                        .entry(between(&body, "GRAPH <", ">").unwrap().to_owned())
                        .or_default() += lines;
                } else if let Some(rest) = body.strip_prefix("MOVE <") {
                    let (from, to) = rest.split_once("> TO <").unwrap();
                    let n = counts.remove(from).unwrap_or(0);
                    counts.insert(to.trim_end_matches('>').to_owned(), n);
                } else if let Some(g) = body.strip_prefix("DROP SILENT GRAPH <") {
                    counts.remove(g.trim_end_matches('>'));
                }
                ("204 No Content", "text/plain", String::new())
            } else {
                let g = params
                    .iter()
                    .find(|(k, _)| k == "graph" || k == "graph-uri")
                    .unwrap()
                    .1
                    .clone();
                *counts.entry(g).or_default() += lines;
                ("204 No Content", "text/plain", String::new())
            };
            let _ = stream.write_all(
                format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {ctype_out}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{out}",
                    out.len()
                )
                .as_bytes(),
            );
        }
    });
    Recorder {
        url: format!("http://127.0.0.1:{port}"),
        log,
        hits,
    }
}

impl Recorder {
    /// The log with the run id of staging graphs replaced by `RUN`.
    fn requests(&self) -> Vec<String> {
        let run = regex::Regex::new(r"mura-staging(=|%3D)[0-9a-f]+-[0-9]+").unwrap();
        self.log
            .lock()
            .unwrap()
            .iter()
            .map(|l| run.replace_all(l, "mura-staging${1}RUN").into_owned())
            .collect()
    }
}

const META: &str = "https://w3id.org/mura/id/graph/meta";
const LIST: &str = "query=SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), \"mura-staging=\")) }";

fn count(graph: &str) -> String {
    format!("query=SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
}

fn secret(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn fuseki_requests_are_the_graph_store_protocol_with_basic_auth() {
    let tmp = tempfile::tempdir().unwrap();
    let store = recorder("Basic bXVyYTpwYXNz", None);
    let url = format!("{}/kg", store.url);
    let pw = secret(tmp.path(), "pw", "pass\n");
    let out = ok(&[
        "push",
        &url,
        "--dialect",
        "fuseki",
        "--graph",
        "meta",
        "--chunk",
        "100",
        "--parallel",
        "1",
        "--user",
        "mura",
        "--password-file",
        &pw,
        "--quiet",
    ]);
    let n = expected(&root().join("data"))[META].len();
    assert_eq!(
        out,
        format!("replaced <{META}>: {n} triples (the store had 0, now {n})\n")
    );
    let form = "type application/x-www-form-urlencoded | accept application/sparql-results+json | auth Basic bXVyYTpwYXNz";
    let data = "POST /kg/data?graph=https%3A%2F%2Fw3id.org%2Fmura%2Fid%2Fgraph%2Fmeta%3Fmura-staging%3DRUN | type application/n-triples | accept  | auth Basic bXVyYTpwYXNz";
    assert_eq!(
        store.requests(),
        vec![
            format!("POST /kg/query | {form} | {LIST}"),
            format!("POST /kg/query | {form} | {}", count(META)),
            format!("{data} | 100 triples"),
            format!("{data} | 100 triples"),
            format!("{data} | {} triples", n - 200),
            format!(
                "POST /kg/query | {form} | {}",
                count(&format!("{META}?mura-staging=RUN"))
            ),
            format!(
                "POST /kg/update | type application/sparql-update | accept  | auth Basic bXVyYTpwYXNz | MOVE <{META}?mura-staging=RUN> TO <{META}>"
            ),
            format!("POST /kg/query | {form} | {}", count(META)),
        ]
    );
}

#[test]
fn qlever_requests_are_sparql_updates_with_a_bearer_token() {
    let tmp = tempfile::tempdir().unwrap();
    let store = recorder("Bearer s3cr3t-t0ken", None);
    let token = secret(tmp.path(), "token", "s3cr3t-t0ken\n");
    let out = ok(&[
        "push",
        &store.url,
        "--dialect",
        "qlever",
        "--graph",
        "meta",
        "--chunk",
        "200",
        "--parallel",
        "1",
        "--token-file",
        &token,
        "--quiet",
    ]);
    let n = expected(&root().join("data"))[META].len();
    assert_eq!(
        out,
        format!("replaced <{META}>: {n} triples (the store had 0, now {n})\n")
    );
    let form = "type application/x-www-form-urlencoded | accept application/sparql-results+json | auth Bearer s3cr3t-t0ken";
    let update = "POST / | type application/sparql-update | accept  | auth Bearer s3cr3t-t0ken";
    assert_eq!(
        store.requests(),
        vec![
            format!("POST / | {form} | {LIST}"),
            format!("POST / | {form} | {}", count(META)),
            format!(
                "{update} | INSERT DATA {{ GRAPH <{META}?mura-staging=RUN> {{ 200 triples }} }}"
            ),
            format!(
                "{update} | INSERT DATA {{ GRAPH <{META}?mura-staging=RUN> {{ {} triples }} }}",
                n - 200
            ),
            format!(
                "POST / | {form} | {}",
                count(&format!("{META}?mura-staging=RUN"))
            ),
            format!("{update} | MOVE <{META}?mura-staging=RUN> TO <{META}>"),
            format!("POST / | {form} | {}", count(META)),
        ]
    );
    // the token is in no output
    assert!(!out.contains("s3cr3t"));
}

#[test]
fn a_wrong_token_is_a_clear_error_and_nothing_is_sent() {
    let tmp = tempfile::tempdir().unwrap();
    let store = recorder("Bearer right", None);
    let token = secret(tmp.path(), "token", "wrong-token\n");
    let out = run(&[
        "push",
        &store.url,
        "--dialect",
        "qlever",
        "--token-file",
        &token,
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "mura: {}: listing staging graphs left by earlier runs: HTTP 401: bad credentials (the store refused the credentials: check --user and --password-file, or --token-file)\n",
            store.url
        )
    );
    assert!(!stderr(&out).contains("wrong-token"));
    assert_eq!(store.hits.load(Ordering::SeqCst), 1);
    // without credentials the message says how to give them
    let out = run(&["push", &store.url, "--dialect", "qlever", "--quiet"]);
    assert_eq!(
        stderr(&out),
        format!(
            "mura: {}: listing staging graphs left by earlier runs: HTTP 401: bad credentials (the store asks for credentials: give --user NAME with --password-file FILE (or MURA_PUSH_PASSWORD), or --token-file FILE (or MURA_PUSH_TOKEN))\n",
            store.url
        )
    );
}

#[test]
fn an_html_error_page_becomes_its_text_and_the_staging_graph_is_dropped() {
    let page = "<html><head><title>Error</title></head><body><h3>Error 42000</h3><pre>SR186: No permission to execute procedure DB.DBA.SPARQL_INSERT_DICT_CONTENT</pre></body></html>";
    let store = recorder("", Some(("/store?graph=", page)));
    let out = run(&[
        "push",
        &store.url,
        "--dialect",
        "gsp",
        "--graph",
        "meta",
        "--retries",
        "0",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let head = format!(
        "mura: {}: uploading chunk 1 of 1 ({} triples) of graph <{META}> into <{META}?mura-staging=",
        store.url,
        expected(&root().join("data"))[META].len()
    );
    let tail = ">: HTTP 500: Error 42000 SR186: No permission to execute procedure DB.DBA.SPARQL_INSERT_DICT_CONTENT\n";
    assert!(err.starts_with(&head) && err.ends_with(tail), "{err}");
    let requests = store.requests();
    assert_eq!(
        requests.last().unwrap(),
        &format!(
            "POST /update | type application/sparql-update | accept  | auth  | DROP SILENT GRAPH <{META}?mura-staging=RUN>"
        )
    );
}

// ---------------------------------------------------------------- files, options

#[test]
fn bad_push_options_are_refused_with_the_reason() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["push", "http://127.0.0.1:9", "--chunk", "0"],
            "mura: --chunk 0 would never send a triple: use 1 or more (default 100000)\n",
        ),
        (
            &["push", "http://127.0.0.1:9", "--bulk-dir", "x"],
            "mura: --bulk-dir writes Virtuoso's bulk-loader files: it needs --dialect virtuoso (or neptune-files), not gsp\n",
        ),
        (
            &["push", "http://127.0.0.1:9", "--dialect", "neptune-files"],
            "mura: --dialect neptune-files writes files: name the folder with --bulk-dir DIR\n",
        ),
        (
            &["push", "http://127.0.0.1:9", "--dry-run", "--graph", "nope"],
            "mura: --graph `nope`: no such graph in what is pushed; the graphs are article, curation, meta, wikidata\n",
        ),
        (
            // refused after spooling, before any request (nothing listens on port 9)
            &[
                "push",
                "http://127.0.0.1:9",
                "--dialect",
                "oxigraph",
                "--oxigraph-swap-max",
                "5",
            ],
            "mura: graph <https://w3id.org/mura/id/graph/article> has 2238 triples, more than the 5 an Oxigraph server can swap in atomically here (--oxigraph-swap-max: it holds the whole swap in memory, 6.4 GB for 1.86M triples): push it with --append into an empty graph (not atomic), load it with `oxigraph load`, or raise --oxigraph-swap-max\n",
        ),
        (
            &["push", "http://127.0.0.1:9", "README.md"],
            "mura: README.md: mura push reads N-Quads (.nq) or TriG (.trig) files, which name their graphs; write them with `mura export --format nquads`\n",
        ),
    ];
    for (args, message) in cases {
        let out = mura()
            .args(args)
            .env_remove("MURA_PUSH_PASSWORD")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), message, "{args:?}");
    }
    let out = mura()
        .args(["push", "http://127.0.0.1:9", "--user", "dba"])
        .env_remove("MURA_PUSH_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(
        stderr(&out),
        "mura: --user dba: give the password with --password-file FILE or the MURA_PUSH_PASSWORD environment variable (never on the command line)\n"
    );
}

#[test]
fn dry_run_sends_nothing() {
    let store = recorder("", None);
    let out = ok(&["push", &store.url, "--dry-run", "--quiet"]);
    let want = expected(&root().join("data"));
    let lines: Vec<String> = LIVE
        .iter()
        .map(|g| {
            format!(
                "would replace <{g}>: {} triples (dry run, nothing sent)\n",
                want[*g].len()
            )
        })
        .collect();
    assert_eq!(out, lines.concat());
    assert_eq!(store.hits.load(Ordering::SeqCst), 0);
}

#[test]
fn neptune_files_are_loader_ready_nquads_and_the_loader_request() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("neptune");
    let out = ok(&[
        "push",
        "https://db.cluster.example:8182",
        "--dialect",
        "neptune-files",
        "--bulk-dir",
        dir.to_str().unwrap(),
        "--neptune-source",
        "s3://kg-bucket/mura/",
        "--neptune-role",
        "arn:aws:iam::123456789012:role/NeptuneLoadFromS3",
        "--neptune-region",
        "eu-central-1",
        "--quiet",
    ]);
    let dir = dir.canonicalize().unwrap();
    let mut union = Vec::new();
    for (i, name) in ["article", "curation", "meta", "wikidata"]
        .iter()
        .enumerate()
    {
        union.extend(std::fs::read(dir.join(format!("{:02}-{name}.nq", i + 1))).unwrap());
    }
    assert_eq!(by_graph(&union), expected(&root().join("data")));
    let request: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("loader-request.json")).unwrap()).unwrap();
    assert_eq!(
        request,
        serde_json::json!({
            "source": "s3://kg-bucket/mura/", "format": "nquads",
            "iamRoleArn": "arn:aws:iam::123456789012:role/NeptuneLoadFromS3",
            "region": "eu-central-1", "failOnError": "TRUE", "parallelism": "MEDIUM",
            "queueRequest": "TRUE"
        })
    );
    assert!(out.ends_with(&format!(
        "then run:\n  aws s3 cp --recursive {0} s3://kg-bucket/mura/ && curl -X POST -H 'Content-Type: application/json' https://db.cluster.example:8182/loader -d @{0}/loader-request.json\n",
        dir.display()
    )), "{out}");
}

// ---------------------------------------------------------------- shards

#[test]
fn shards_partition_the_export_and_their_union_is_the_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("tables");
    common::generator::write_tables(150, 11, &data);
    let d = data.to_str().unwrap();
    let whole: BTreeSet<String> = ok(&["export", "--data", d, "--format", "nquads", "--quiet"])
        .lines()
        .map(str::to_owned)
        .collect();
    for n in [1, 2, 7] {
        let mut union = BTreeSet::new();
        let mut sizes = Vec::new();
        for i in 1..=n {
            let part = tmp.path().join(format!("part-{i}-of-{n}.nq"));
            let shard = format!("{i}/{n}");
            ok(&[
                "export",
                "--data",
                d,
                "--shard",
                &shard,
                "--format",
                "nquads",
                "-o",
                part.to_str().unwrap(),
                "--quiet",
            ]);
            let text = std::fs::read_to_string(&part).unwrap();
            // deterministic: the same part twice is the same bytes
            assert_eq!(
                ok(&[
                    "export", "--data", d, "--shard", &shard, "--format", "nquads", "--quiet"
                ]),
                text
            );
            sizes.push(text.lines().count());
            union.extend(text.lines().map(str::to_owned));
        }
        assert_eq!(union, whole, "the union of {n} parts");
        if n > 1 {
            assert!(
                sizes.iter().all(|s| *s < whole.len()),
                "{n} parts: {sizes:?}"
            );
        }
    }
    for (shard, message) in [
        (
            "0/3",
            "mura: --shard `0/3`: write I/N with 1 <= I <= N, e.g. --shard 3/8\n",
        ),
        (
            "4/3",
            "mura: --shard `4/3`: write I/N with 1 <= I <= N, e.g. --shard 3/8\n",
        ),
        (
            "x",
            "mura: --shard `x`: write I/N with 1 <= I <= N, e.g. --shard 3/8\n",
        ),
    ] {
        let out = run(&[
            "export", "--data", d, "--shard", shard, "--format", "nquads",
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(stderr(&out), message);
    }
    let out = run(&[
        "export", "--data", d, "--shard", "1/2", "--format", "turtle",
    ]);
    assert_eq!(
        stderr(&out),
        "mura: --shard writes N-Quads or N-Triples (streamed parts, concatenated or pushed later): use --format nquads\n"
    );
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the oxigraph server (pip oxigraph==0.5.13; CI provides it)"
)]
fn pushing_the_parts_of_a_sharded_export_is_pushing_the_dataset() {
    let store = Endpoint::start_empty_writable();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("tables");
    common::generator::write_tables(120, 5, &data);
    let d = data.to_str().unwrap();
    let mut parts = Vec::new();
    for i in 1..=3 {
        let part = tmp.path().join(format!("part-{i}.nq"));
        ok(&[
            "export",
            "--data",
            d,
            "--shard",
            &format!("{i}/3"),
            "--format",
            "nquads",
            "-o",
            part.to_str().unwrap(),
            "--quiet",
        ]);
        parts.push(part.to_str().unwrap().to_owned());
    }
    let mut args = vec![
        "push",
        &store.url,
        "--dialect",
        "oxigraph",
        "--quiet",
        "--chunk",
        "1000",
    ];
    args.extend(parts.iter().map(String::as_str));
    ok(&args);
    // the store now holds exactly the dataset's graph
    let check = run(&[
        "push",
        &store.url,
        "--dialect",
        "oxigraph",
        "--check",
        "--data",
        d,
        "--quiet",
    ]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert_eq!(oxigraph_state(&store.url), expected(&data));
}

// ---------------------------------------------------------------- Virtuoso

#[test]
#[cfg_attr(
    not(mura_virtuoso),
    ignore = "needs virtuoso-t (apt-get install virtuoso-opensource; CI provides it)"
)]
fn virtuoso_with_digest_auth_atomic_replace_wrong_password_and_bulk_files() {
    let v = common::virtuoso::Virtuoso::start();
    let tmp = tempfile::tempdir().unwrap();
    let pw = secret(tmp.path(), "pw", &format!("{}\n", v.password));
    let bad = secret(tmp.path(), "bad", "not-the-password\n");
    let want = expected(&root().join("data"));
    let crud = format!("{}/sparql-graph-crud", v.url);
    let state = || -> Graphs {
        LIVE.iter()
            .map(|g| (g.to_string(), read_graph(&crud, "graph-uri", g)))
            .filter(|(_, t)| !t.is_empty())
            .collect()
    };
    let push = [
        "push",
        &v.url,
        "--dialect",
        "virtuoso",
        "--user",
        "dba",
        "--password-file",
        &pw,
        "--quiet",
    ];
    ok(&push);
    // read back through Virtuoso's GSP (its \uXXXX escapes parse to the same Kazakh literals)
    assert_eq!(state(), want);
    ok(&push);
    assert_eq!(state(), want);
    let check = ok(&[
        "push",
        &v.url,
        "--dialect",
        "virtuoso",
        "--check",
        "--quiet",
    ]);
    assert!(!check.contains("differs"), "{check}");
    // graphs bigger than --virtuoso-logged-swap: one COPY without Virtuoso's log, the same state,
    // and the staging graphs dropped afterwards
    let mut unlogged = push.to_vec();
    unlogged.extend(["--virtuoso-logged-swap", "0"]);
    let out = ok(&unlogged);
    let swapped = out
        .lines()
        .filter(|l| {
            l.starts_with("replaced <") && l.ends_with("; swapped in one transaction without Virtuoso's log (durable from its next checkpoint)")
        })
        .count();
    assert_eq!(swapped, want.len(), "{out}");
    assert_eq!(state(), want);
    let staging = v.isql(
        "SPARQL SELECT COUNT(DISTINCT ?g) AS ?n WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), 'mura-staging=')) };",
    );
    let n = staging
        .lines()
        .skip_while(|l| !l.starts_with("____"))
        .nth(2);
    assert_eq!(n.map(str::trim), Some("0"), "{staging}");
    // a changed dataset: only the new triples
    let changed = changed_dataset(tmp.path());
    let mut args = push.to_vec();
    args.extend(["--data", changed.to_str().unwrap()]);
    ok(&args);
    let new = expected(&changed);
    assert_eq!(state(), new);
    // a wrong password: exit 2, the store's 401, nothing changed
    let out = run(&[
        "push",
        &v.url,
        "--dialect",
        "virtuoso",
        "--user",
        "dba",
        "--password-file",
        &bad,
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("mura: {}: uploading chunk 1 of 1 ({} triples) of graph <{ARTICLE}> into <{ARTICLE}?mura-staging=", v.url, want[ARTICLE].len()))
            && err.contains(">: HTTP 401: ")
            && err.ends_with(" (the store refused the credentials: check --user and --password-file, or --token-file)\n"),
        "{err}"
    );
    assert!(!err.contains("not-the-password"));
    assert_eq!(state(), new);
    // bulk-loader files: loaded by Virtuoso's own loader, they are the same graphs
    let bulk = v.dir.path().join("load");
    let out = ok(&[
        "push",
        &v.url,
        "--dialect",
        "virtuoso",
        "--bulk-dir",
        bulk.to_str().unwrap(),
        "--quiet",
    ]);
    let command = out.lines().last().unwrap().trim();
    let sql = command
        .split_once("exec=\"")
        .map(|(_, s)| s.trim_end_matches('"'))
        .expect("an isql-vt exec command");
    v.isql(sql);
    assert_eq!(state(), want);
}
