//! `mura serve`'s request handling without sockets (`serve::handler_for_fuzzing`: routing,
//! the SPARQL Protocol's query string and form bodies, the Graph Store Protocol's bodies,
//! `Accept`, `Accept-Language` and `Accept-Profile` negotiation, Linked Data pages, CORS,
//! HEAD). The input is a request in HTTP/1.1's text layout, parsed leniently:
//!
//! ```text
//! METHOD /path?query
//! Header-Name: value
//! …
//! <empty line>
//! body bytes
//! ```
//!
//! A header `x-fuzz-write` sends the request to a writable server over an empty store
//! (emptied again after every request) with the right Bearer token added; without it the
//! request goes to a read-only server over the shipped dataset (`data/`). The handler must
//! answer every request with a response whose body reads to the end, without panicking;
//! a 5xx other than 503 (timeout, busy) is a failure too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mura::pipeline::{Graph, Input};
use mura::serve::{Options, Source, handler_for_fuzzing};
use oxhttp::model::{Body, HeaderName, HeaderValue, Method, Request, Response, Uri};
use oxigraph::store::Store;
use std::io::Read;
use std::sync::OnceLock;
use std::time::Duration;

type Handler = Box<dyn Fn(&mut Request<Body>) -> Response<Body> + Send + Sync>;

const TOKEN: &str = "fuzz-token-0123456789abcdef";

fn options() -> Options {
    Options {
        timeout: Duration::from_secs(2),
        max_body_bytes: 64 * 1024,
        queries_dir: Some(mura_fuzz::repo().join("queries")),
        cors: vec!["https://example.org".into()],
        ..Options::default()
    }
}

fn read_only() -> &'static Handler {
    static H: OnceLock<Handler> = OnceLock::new();
    H.get_or_init(|| {
        let input = Input {
            data: Some(mura_fuzz::repo().join("data")),
            store: None,
            base: None,
        };
        Box::new(handler_for_fuzzing(Source::Input(input), options()).unwrap())
    })
}

fn writable() -> &'static (Handler, Store) {
    static H: OnceLock<(Handler, Store)> = OnceLock::new();
    H.get_or_init(|| {
        let token_file =
            std::env::temp_dir().join(format!("mura-fuzz-token-{}", std::process::id()));
        std::fs::write(&token_file, TOKEN).unwrap();
        let store = Store::new().unwrap();
        let graph = Graph {
            store: store.clone(),
            base: "https://w3id.org/mura/id/".into(),
        };
        let options = Options {
            writable: true,
            token_file: Some(token_file),
            ..options()
        };
        let handler: Handler =
            Box::new(handler_for_fuzzing(Source::Graph(graph), options).unwrap());
        (handler, store)
    })
}

/// The request in `data`, or `None` where a real HTTP server would have refused it before
/// the handler (no request line, an invalid method, URI or header).
fn request(data: &[u8]) -> Option<(Request<Body>, bool)> {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[][..]),
    };
    let mut lines = head.split(|&b| b == b'\n');
    let first = lines.next()?;
    let first = std::str::from_utf8(first).ok()?;
    let (method, target) = first.split_once(' ').unwrap_or((first, "/"));
    let method = Method::from_bytes(method.as_bytes()).ok()?;
    let uri: Uri = format!("http://localhost:7878{}", target.trim_end())
        .parse()
        .ok()?;
    let mut builder = Request::builder().method(method).uri(uri);
    let mut write = false;
    for line in lines {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let colon = line.iter().position(|&b| b == b':')?;
        let name = HeaderName::from_bytes(&line[..colon]).ok()?;
        let value = HeaderValue::from_bytes(line[colon + 1..].trim_ascii()).ok()?;
        if name.as_str() == "x-fuzz-write" {
            write = true;
            builder = builder.header("authorization", format!("Bearer {TOKEN}"));
            continue;
        }
        builder = builder.header(name, value);
    }
    Some((builder.body(Body::from(body.to_vec())).ok()?, write))
}

fuzz_target!(|data: &[u8]| {
    let Some((mut request, write)) = request(data) else {
        return;
    };
    let described = format!("{} {}", request.method(), request.uri());
    let mut response = if write {
        let (handler, _) = writable();
        handler(&mut request)
    } else {
        read_only()(&mut request)
    };
    let status = response.status();
    let mut body = Vec::new();
    response
        .body_mut()
        .take(8 << 20)
        .read_to_end(&mut body)
        .expect("the response body reads");
    if write {
        writable().1.clear().unwrap();
    }
    assert!(
        !status.is_server_error() || status.as_u16() == 503,
        "{described}: {status}: {}",
        String::from_utf8_lossy(&body)
    );
});
