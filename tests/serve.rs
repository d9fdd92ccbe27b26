//! `mura serve` end to end on loopback: servers started in-process by the library
//! (`mura::serve::serve`), requests by oxhttp's client. Linked Data (303s, formats,
//! profiles, ETags), the HTML pages, the bad requests (each status asserted), credentials
//! and the limits (timeout, body cap, CORS, health, the access log).

mod common;

use mura::serve::{self, Access, AccessLog, Options, Source};
use oxhttp::model::{Body, Method, Request, Response};
use oxigraph::io::{RdfFormat, RdfParser};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

const TOKEN: &str = "serve-test-token-0123456789abcdef";

struct Log(Mutex<Vec<Access>>);

impl AccessLog for Log {
    fn record(&self, access: &Access) {
        self.0.lock().unwrap().push(access.clone());
    }
}

fn start(options: Options, log: Option<Arc<dyn AccessLog>>) -> serve::Server {
    let input = mura::Input {
        data: Some(common::root().join("data")),
        store: None,
        base: None,
    };
    serve::serve(
        Source::Input(input),
        Options {
            bind: "127.0.0.1:0".parse().unwrap(),
            queries_dir: Some(common::root().join("queries")),
            ..options
        },
        log,
    )
    .expect("the server starts")
}

/// The shipped dataset, read-only, shared by the tests.
fn shipped() -> &'static (serve::Server, Arc<Log>) {
    static SERVER: OnceLock<(serve::Server, Arc<Log>)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let log = Arc::new(Log(Mutex::new(Vec::new())));
        let server = start(Options::default(), Some(log.clone()));
        (server, log)
    })
}

fn request(
    root: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Response<Body> {
    let mut b = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(format!("{root}{path}"));
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    oxhttp::Client::new()
        .with_global_timeout(Duration::from_secs(60))
        .request(
            b.body(body.map(Body::from).unwrap_or_else(Body::empty))
                .unwrap(),
        )
        .expect("the server answers")
}

fn get(path: &str, headers: &[(&str, &str)]) -> Response<Body> {
    request(&shipped().0.url(), "GET", path, headers, None)
}

/// A raw HTTP/1.1 exchange (oxhttp's client will not send `Origin`, a browser-only header).
fn raw(addr: std::net::SocketAddr, line: &str, headers: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "{line} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

fn header(r: &Response<Body>, name: &str) -> String {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

fn body(r: Response<Body>) -> String {
    r.into_body().to_string().unwrap()
}

const MUSEUM: &str = "/id/museum/ykylas-museum";

#[test]
fn entity_iris_answer_303_by_accept() {
    // (oxhttp's client turns a redirect it may not follow into an error: raw exchanges)
    let addr = shipped().0.addr();
    let get_line = format!("GET {MUSEUM}");
    let r = raw(addr, &get_line, "Accept: text/turtle\r\n");
    assert!(r.starts_with("HTTP/1.1 303"), "{r}");
    assert!(
        r.contains(&format!(
            "location: http://{addr}/data/museum/ykylas-museum.ttl\r\n"
        )),
        "{r}"
    );
    assert!(r.contains("vary: Accept\r\n"), "{r}");
    assert!(
        r.contains("rel=\"alternate\"; type=\"application/ld+json\""),
        "{r}"
    );
    let r = raw(addr, &get_line, "Accept: text/html,*/*;q=0.8\r\n");
    assert!(
        r.contains(&format!(
            "location: http://{addr}/page/museum/ykylas-museum\r\n"
        )),
        "{r}"
    );
    let r = raw(addr, &format!("{get_line}?format=nt"), "");
    assert!(r.contains("/data/museum/ykylas-museum.nt\r\n"), "{r}");
    // following the redirect gives the museum's triples
    let client = oxhttp::Client::new().with_redirection_limit(2);
    let r = client
        .request(
            Request::builder()
                .uri(format!("{}{MUSEUM}", shipped().0.url()))
                .header("Accept", "text/turtle")
                .body(Body::empty())
                .unwrap(),
        )
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = body(r);
    assert!(
        text.contains("museum:ykylas-museum a schema:Museum"),
        "{text}"
    );
}

#[test]
fn every_data_format_parses_and_names_the_entity() {
    for (ext, format) in [
        ("ttl", RdfFormat::Turtle),
        ("nt", RdfFormat::NTriples),
        ("rdf", RdfFormat::RdfXml),
        (
            "jsonld",
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
        ("nq", RdfFormat::NQuads),
        ("trig", RdfFormat::TriG),
    ] {
        let r = get(&format!("/data/museum/ykylas-museum.{ext}"), &[]);
        assert_eq!(r.status(), 200, "{ext}");
        assert!(
            header(&r, "content-type").starts_with(format.media_type()),
            "{ext}"
        );
        let bytes = r.into_body().to_vec().unwrap();
        let quads: Vec<_> = RdfParser::from_format(format)
            .for_slice(&bytes)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{ext}: {e}"));
        assert!(quads.iter().any(|q| q.subject.to_string()
            == "<https://w3id.org/mura/id/museum/ykylas-museum>"));
    }
}

#[test]
fn etags_and_profiles() {
    let r = get("/data/museum/ykylas-museum.ttl", &[]);
    let etag = header(&r, "etag");
    assert!(etag.starts_with('"'));
    let r = get(
        "/data/museum/ykylas-museum.ttl",
        &[("If-None-Match", &etag)],
    );
    assert_eq!(r.status(), 304);
    let r = get("/data/museum/ykylas-museum.ttl?_profile=schema", &[]);
    assert_eq!(r.status(), 200);
    assert!(header(&r, "content-profile").contains("profile-schema"));
    let r = get(
        "/data/museum/ykylas-museum.jsonld",
        &[("Accept-Profile", "<urn:x:edm>")],
    );
    assert_eq!(r.status(), 200);
    assert!(header(&r, "content-profile").contains("profile-edm"));
    let r = get("/.well-known/void", &[("Accept", "text/turtle")]);
    assert_eq!(r.status(), 200);
    assert!(body(r).contains("void:"));
}

#[test]
fn the_entity_page_speaks_kazakh_and_cites_the_paragraph() {
    let r = get(
        "/page/event/best-museum-award-2024",
        &[("Accept-Language", "kk")],
    );
    assert_eq!(r.status(), 200);
    let html = body(r);
    assert!(html.contains("<html lang=\"kk\">"));
    assert!(html.contains("марапатын табыстау"), "the Kazakh label");
    assert!(
        html.contains("paragraph 2"),
        "the award fact's source paragraph"
    );
    assert!(html.contains("<blockquote>"), "the quoted excerpt");
    assert!(html.contains("?lang=en"), "a language switch");
    let r = get("/page/person/sultan-raev?lang=en", &[]);
    let html = body(r);
    assert!(html.contains("Referred to by"));
    assert!(html.contains("background"), "background facts are marked");
}

#[test]
fn the_query_page_runs_a_named_query_into_a_table() {
    let html = body(get("/?example=award", &[]));
    assert!(html.contains("<form method=\"post\" action=\"/sparql\">"));
    assert!(html.contains("Entity kinds"));
    let query = std::fs::read_to_string(common::root().join("queries/award.rq")).unwrap();
    let form: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("query", &query)
        .finish();
    let r = request(
        &shipped().0.url(),
        "POST",
        "/sparql",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ],
        Some(form.into_bytes()),
    );
    assert_eq!(r.status(), 200);
    let html = body(r);
    assert!(html.contains("<table class=\"results\">"), "{html}");
    assert!(html.contains("1 row"));
}

#[test]
fn bad_requests_get_their_status() {
    let root = shipped().0.url();
    // malformed query: 400 with the parser's message
    let r = get("/sparql?query=SELECT%20%7B", &[]);
    assert_eq!(r.status(), 400);
    assert!(body(r).contains("SPARQL syntax error"));
    // unknown format: 406
    let r = get(
        "/sparql?query=SELECT%20*%20%7B%7D",
        &[("Accept", "image/png")],
    );
    assert_eq!(r.status(), 406);
    let r = get("/data/museum/ykylas-museum?format=docx", &[]);
    assert_eq!(r.status(), 406);
    // path traversal and unknown IRIs: 404
    for path in [
        "/page/../Cargo.toml",
        "/data/..%2F..%2Fetc%2Fpasswd.ttl",
        "/page/museum/../../etc/passwd",
        "/data/museum/no-such-museum.ttl",
        "/id/museum/no-such-museum",
    ] {
        assert_eq!(get(path, &[]).status(), 404, "{path}");
    }
    // non-UTF-8 body: 400
    let r = request(
        &root,
        "POST",
        "/sparql",
        &[("Content-Type", "application/sparql-query")],
        Some(vec![0xff, 0xfe, 0x41]),
    );
    assert_eq!(r.status(), 400);
    // update on a read-only server: 403
    let r = request(
        &root,
        "POST",
        "/sparql",
        &[
            ("Content-Type", "application/sparql-update"),
            ("Authorization", "Bearer x"),
        ],
        Some(b"CLEAR ALL".to_vec()),
    );
    assert_eq!(r.status(), 403);
}

#[test]
fn writes_need_credentials_and_bodies_have_a_cap() {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, TOKEN).unwrap();
    let server = start(
        Options {
            writable: true,
            token_file: Some(token),
            max_body_bytes: 1000,
            timeout: Duration::from_secs(1),
            cors: vec!["https://allowed.example".into()],
            ..Options::default()
        },
        None,
    );
    let root = server.url();
    let update = |auth: Option<&str>| {
        let mut h = vec![("Content-Type", "application/sparql-update")];
        if let Some(a) = auth {
            h.push(("Authorization", a));
        }
        request(
            &root,
            "POST",
            "/update",
            &h,
            Some(b"INSERT DATA { <urn:a> <urn:b> <urn:c> }".to_vec()),
        )
    };
    let r = update(None);
    assert_eq!(r.status(), 401);
    assert!(header(&r, "www-authenticate").starts_with("Bearer"));
    assert_eq!(update(Some("Bearer wrong-token-wrong-token")).status(), 401);
    assert_eq!(update(Some(&format!("Bearer {TOKEN}"))).status(), 204);
    // oversized body: 413
    let r = request(
        &root,
        "POST",
        "/sparql",
        &[("Content-Type", "application/sparql-query")],
        Some(vec![b' '; 5000]),
    );
    assert_eq!(r.status(), 413);
    // a slow query is cancelled: 503, never a 200 with a cut body
    let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let r = request(
        &root,
        "POST",
        "/sparql",
        &[("Content-Type", "application/sparql-query")],
        Some(slow.as_bytes().to_vec()),
    );
    assert_eq!(r.status(), 503);
    // CORS: only the listed origin
    let r = raw(
        server.addr(),
        "GET /health",
        "Origin: https://allowed.example\r\n",
    );
    assert!(
        r.contains("access-control-allow-origin: https://allowed.example"),
        "{r}"
    );
    let r = raw(
        server.addr(),
        "GET /health",
        "Origin: https://evil.example\r\n",
    );
    assert!(!r.contains("access-control-allow-origin"), "{r}");
    assert!(r.ends_with("ok\n"), "{r}");
    server.shutdown(Duration::from_secs(5));
    assert_eq!(request(&root, "GET", "/health", &[], None).status(), 503);
}

#[test]
fn cors_is_off_by_default_and_the_log_has_a_line_per_request() {
    let r = raw(
        shipped().0.addr(),
        "GET /health",
        "Origin: https://any.example\r\n",
    );
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(!r.contains("access-control-allow-origin"), "{r}");
    get("/sparql?query=ASK%7B%7D", &[]);
    let log = shipped().1.0.lock().unwrap().clone();
    let line = log
        .iter()
        .find(|a| {
            a.method == "GET" && a.path == "/sparql" && a.status == 200 && a.query_hash.is_some()
        })
        .expect("a logged query");
    let text = line.to_string();
    assert!(text.starts_with("GET /sparql 200 "), "{text}");
    assert!(text.contains(" q="), "{text}");
}

#[test]
fn writable_needs_credentials_at_start() {
    let err = serve::serve(
        Source::Input(mura::Input {
            data: Some(common::root().join("data")),
            store: None,
            base: None,
        }),
        Options {
            bind: "127.0.0.1:0".parse().unwrap(),
            writable: true,
            ..Options::default()
        },
        None,
    )
    .err()
    .expect("refused");
    assert!(err.to_string().contains("--token-file"), "{err}");
}

/// `htpasswd -B` entry for `curator` / `kazakh-curator-pass` (bcrypt, cost 5).
const HTPASSWD: &str = "curator:$2y$05$xmu/abAessAni935DQ2PAOtDLl7nn3p0qV.fr75vcxkAE0bB0rEOa\n";
/// `Basic` credentials: base64 of `curator:kazakh-curator-pass` and of `curator:wrong`.
const CURATOR: &str = "Basic Y3VyYXRvcjprYXpha2gtY3VyYXRvci1wYXNz";
const WRONG_PASSWORD: &str = "Basic Y3VyYXRvcjp3cm9uZw==";

#[test]
fn basic_auth_from_an_htpasswd_file_and_graph_store_bad_requests() {
    let dir = tempfile::tempdir().unwrap();
    let htpasswd = dir.path().join("htpasswd");
    std::fs::write(&htpasswd, HTPASSWD).unwrap();
    let server = start(
        Options {
            writable: true,
            htpasswd: Some(htpasswd),
            ..Options::default()
        },
        None,
    );
    let root = server.url();
    let put = |auth: &str, path: &str, ct: &str, body: &str| {
        request(
            &root,
            "PUT",
            path,
            &[("Content-Type", ct), ("Authorization", auth)],
            Some(body.as_bytes().to_vec()),
        )
    };
    let triple = "<urn:x> <urn:y> \"Алматы\" .\n";
    let r = put(WRONG_PASSWORD, "/store/notes", "text/turtle", triple);
    assert_eq!(r.status(), 401);
    assert_eq!(
        header(&r, "www-authenticate"),
        "Basic realm=\"mura\", charset=\"UTF-8\""
    );
    assert_eq!(
        put(CURATOR, "/store/notes", "text/turtle", triple).status(),
        201
    );
    // direct identification: /store/notes is the graph <{root}/store/notes>
    let r = request(
        &root,
        "GET",
        &format!(
            "/store?graph={}",
            form_urlencoded::byte_serialize(format!("{root}/store/notes").as_bytes())
                .collect::<String>()
        ),
        &[("Accept", "application/n-triples")],
        None,
    );
    assert_eq!(r.status(), 200);
    assert_eq!(body(r), triple);
    let r = put(CURATOR, "/store/notes?default", "text/turtle", triple);
    assert_eq!(r.status(), 400);
    assert_eq!(
        body(r),
        "/store/notes names its graph by its URL: drop ?default and ?graph= (or send them to /store)\n"
    );
    let post = |ct: &str, body: &str| {
        request(
            &root,
            "POST",
            "/store/notes",
            &[("Content-Type", ct), ("Authorization", CURATOR)],
            Some(body.as_bytes().to_vec()),
        )
    };
    let r = post("multipart/form-data", triple);
    assert_eq!(r.status(), 400);
    assert_eq!(
        body(r),
        "a multipart/form-data body needs a boundary= parameter\n"
    );
    let r = post(
        "multipart/form-data; boundary=XYZ",
        "--XYZ\r\nContent-Type: text/turtle\r\n\r\n<urn:x> <urn:y> \"z\" .\r\n",
    );
    assert_eq!(r.status(), 400);
    assert_eq!(body(r), "the multipart body does not end with --XYZ--\n");
    let r = post(
        "multipart/form-data; boundary=XYZ",
        "--XYZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nhello\r\n--XYZ--\r\n",
    );
    assert_eq!(r.status(), 415);
    assert_eq!(
        body(r),
        "Content-Type image/png is not an RDF format this server reads: send text/turtle, \
         application/n-triples, application/rdf+xml, application/ld+json or multipart/form-data of those\n"
    );
    let r = post(
        "multipart/form-data; boundary=XYZ",
        "--XYZ\r\nContent-Disposition: form-data; name=\"b.ttl\"; filename=\"b.ttl\"\r\n\r\n<urn:x> <urn:y> \"no dot\"\r\n--XYZ--\r\n",
    );
    assert_eq!(r.status(), 400);
    assert!(body(r).starts_with("cannot parse part `b.ttl` as application/octet-stream: "),);
    // a kept answer is not served after a write
    let doc = || {
        body(request(
            &root,
            "GET",
            "/data/museum/ykylas-museum.nt",
            &[],
            None,
        ))
    };
    let before = doc();
    assert_eq!(before, doc());
    let note = "<https://w3id.org/mura/id/museum/ykylas-museum> <urn:note> \"жаңа\" .";
    let r = request(
        &root,
        "POST",
        "/update",
        &[
            ("Content-Type", "application/sparql-update"),
            ("Authorization", CURATOR),
        ],
        Some(format!("INSERT DATA {{ {note} }}").into_bytes()),
    );
    assert_eq!(r.status(), 204);
    let after = doc();
    assert!(!before.contains(note) && after.contains(note), "{after}");
    // nothing of the refused writes reached the graph
    let r = request(
        &root,
        "GET",
        "/store/notes",
        &[("Accept", "application/n-triples")],
        None,
    );
    assert_eq!(body(r), triple);
}

/// The real binary: SIGTERM stops it after answering, it says so, exits 0 and frees the
/// port.
#[test]
fn sigterm_stops_mura_serve_and_frees_the_port() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_mura"))
        .current_dir(common::root())
        .args(["serve", "--bind", &bind, "--quiet"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let root = format!("http://{bind}");
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(&bind).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "mura serve did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(body(request(&root, "GET", "/health", &[], None)), "ok\n");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr,
        format!("mura: serving on {root}/ (Ctrl-C stops)\nmura: stopped\n")
    );
    assert!(std::net::TcpStream::connect(&bind).is_err());
}
