//! The SPARQL 1.1 Graph Store HTTP Protocol at `/store`. A graph is named indirectly
//! (`/store?default`, `/store?graph=IRI`) or directly: `/store/PATH` is the graph whose IRI
//! is that URL (`{root}/store/PATH`, the server's public root). GET/HEAD read (a missing
//! named graph is 404; `/store` alone is the whole dataset as TriG/N-Quads), and on a
//! writable server with credentials PUT (201 when the graph is new, else 204), POST
//! (merge; an RDF body or `multipart/form-data` whose parts are RDF files; to `/store`
//! alone it creates a new graph under `/store/`: 201 with `Location`) and DELETE (204, 404
//! when missing). Every write is one store transaction: readers see the graph before or
//! after it, never half-replaced.

use super::sparql::{RDF_TYPES, content_type, may_write};
use super::{Answer, State, header, not_acceptable, params, read_body, status, text};
use crate::format;
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::*;
use std::sync::atomic::Ordering;

enum Target {
    Default,
    Named(NamedNode),
    Dataset,
}

fn bad(m: String) -> Response<Body> {
    text(StatusCode::BAD_REQUEST, m + "\n")
}

fn target(
    state: &State,
    request: &Request<Body>,
    direct: Option<&str>,
) -> Result<Target, Response<Body>> {
    let p = params(request);
    let default = p.iter().any(|(k, _)| k == "default");
    let graph = p.iter().find(|(k, _)| k == "graph").map(|(_, v)| v.clone());
    if let Some(path) = direct.filter(|p| !p.is_empty()) {
        if default || graph.is_some() {
            return Err(bad(format!(
                "/store/{path} names its graph by its URL: drop ?default and ?graph= (or send them to /store)"
            )));
        }
        let iri = format!("{}/store/{path}", state.root);
        return NamedNode::new(&iri)
            .map(Target::Named)
            .map_err(|e| bad(format!("graph `{iri}` is not an IRI: {e}")));
    }
    match (default, graph) {
        (true, Some(_)) => Err(bad("use either ?default or ?graph=IRI, not both".into())),
        (true, None) => Ok(Target::Default),
        (false, Some(g)) => NamedNode::new(&g)
            .map(Target::Named)
            .map_err(|e| bad(format!("graph `{g}` is not an IRI: {e}"))),
        (false, None) => Ok(Target::Dataset),
    }
}

/// Answers a Graph Store request; `direct` is the PATH of `/store/PATH` (direct graph
/// identification), `None` for `/store` itself.
pub(crate) fn handle(state: &State, request: &mut Request<Body>, direct: Option<&str>) -> Answer {
    let target = target(state, request, direct)?;
    let store = &state.store;
    let storage = |e: oxigraph::store::StorageError| {
        text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("store error: {e}\n"),
        )
    };
    let method = request.method().clone();
    if method == Method::GET || method == Method::HEAD {
        let accept = header(request, ACCEPT.as_str());
        let (graph, quads): (Option<GraphName>, Vec<Quad>) = match &target {
            Target::Dataset => {
                let offers = ["application/trig", "application/n-quads"];
                let media =
                    format::negotiate(accept, &offers).ok_or_else(|| not_acceptable(&offers))?;
                let quads: Vec<Quad> = store.iter().filter_map(Result::ok).collect();
                let format = format::rdf_format(media).unwrap_or(RdfFormat::TriG);
                return super::ld::document(state, request, quads, format, media);
            }
            Target::Default => (Some(GraphName::DefaultGraph), Vec::new()),
            Target::Named(g) => {
                if !store.contains_named_graph(g).map_err(storage)? {
                    return Err(text(StatusCode::NOT_FOUND, format!("no graph <{g}>\n")));
                }
                (Some(g.clone().into()), Vec::new())
            }
        };
        let graph = graph.unwrap_or_default();
        let mut quads = quads;
        quads.extend(
            store
                .quads_for_pattern(None, None, None, Some(graph.as_ref()))
                .filter_map(Result::ok)
                .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)),
        );
        let offers = &RDF_TYPES[..4];
        let media = format::negotiate(accept, offers).ok_or_else(|| not_acceptable(offers))?;
        let format = format::rdf_format(media).unwrap_or(RdfFormat::Turtle);
        return super::ld::document(state, request, quads, format, media);
    }
    if !matches!(method, Method::PUT | Method::POST | Method::DELETE) {
        let mut r = text(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{method} is not allowed on /store\n"),
        );
        r.headers_mut().insert(
            "Allow",
            HeaderValue::from_static("GET, HEAD, PUT, POST, DELETE"),
        );
        return Err(r);
    }
    may_write(state, request)?;
    let (graph, created_iri) = match target {
        Target::Default => (GraphName::DefaultGraph, None),
        Target::Named(g) => (GraphName::NamedNode(g), None),
        Target::Dataset if method == Method::POST => {
            let id = super::hash_bytes(
                format!(
                    "{:?}{}",
                    std::time::SystemTime::now(),
                    state.generation.load(Ordering::SeqCst)
                )
                .as_bytes(),
            );
            let g = NamedNode::new_unchecked(format!("{}/store/{id}", state.root));
            // a new graph is named under /store/, so its IRI is also its URL
            (GraphName::NamedNode(g.clone()), Some(g))
        }
        Target::Dataset => {
            return Err(bad("name the graph: ?default or ?graph=IRI".into()));
        }
    };
    // the default graph always exists; a write to it "creates" content (201) when it was
    // empty, as for a new named graph
    let existed = match &graph {
        GraphName::NamedNode(g) => store.contains_named_graph(g).map_err(storage)?,
        _ => store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .next()
            .is_some(),
    };
    if method == Method::DELETE {
        if !existed {
            return Err(text(StatusCode::NOT_FOUND, format!("no graph {graph}\n")));
        }
        match &graph {
            GraphName::NamedNode(g) => store.remove_named_graph(g).map_err(storage)?,
            _ => store
                .clear_graph(GraphNameRef::DefaultGraph)
                .map_err(storage)?,
        };
        // after the write: an answer rendered meanwhile is kept under the older generation
        state.generation.fetch_add(1, Ordering::SeqCst);
        return Ok(status(StatusCode::NO_CONTENT));
    }
    let Some((media, _)) = content_type(request) else {
        return Err(bad(
            "a PUT or POST needs a Content-Type (an RDF media type such as text/turtle)".into(),
        ));
    };
    let body = read_body(state, request)?;
    let parts = if media == "multipart/form-data" && method == Method::POST {
        let value = header(request, CONTENT_TYPE.as_str()).unwrap_or("");
        multipart(value, &body)?
    } else {
        vec![Part {
            name: "the body".into(),
            media: media.clone(),
            format: rdf_format_of(&media, None)?,
            bytes: body,
        }]
    };
    let mut quads = Vec::new();
    for part in &parts {
        let mut parser = RdfParser::from_format(part.format);
        if let GraphName::NamedNode(g) = &graph {
            parser = parser
                .with_base_iri(g.as_str())
                .map_err(|e| bad(format!("graph IRI: {e}")))?;
        }
        for q in parser.for_slice(&part.bytes) {
            let q =
                q.map_err(|e| bad(format!("cannot parse {} as {}: {e}", part.name, part.media)))?;
            quads.push(Quad::new(q.subject, q.predicate, q.object, graph.clone()));
        }
    }
    let mut transaction = store.start_transaction().map_err(storage)?;
    if method == Method::PUT {
        transaction.clear_graph(graph.as_ref()).map_err(storage)?;
    }
    if let GraphName::NamedNode(g) = &graph {
        transaction.insert_named_graph(g);
    }
    transaction.extend(&quads);
    transaction.commit().map_err(storage)?;
    state.generation.fetch_add(1, Ordering::SeqCst);
    if let Some(g) = created_iri {
        let mut r = status(StatusCode::CREATED);
        // the new graph's IRI, which is also its URL on this server (direct identification)
        r.headers_mut()
            .insert(LOCATION, HeaderValue::from_str(g.as_str()).unwrap());
        return Ok(r);
    }
    Ok(status(if existed {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::CREATED
    }))
}

/// One RDF document of a write: the whole body, or one part of a multipart body.
struct Part {
    /// How messages name it: "the body" or "part `NAME`".
    name: String,
    media: String,
    format: RdfFormat,
    bytes: Vec<u8>,
}

/// The RDF format of a media type, else of a file name's extension; 415 when neither is
/// RDF.
fn rdf_format_of(media: &str, filename: Option<&str>) -> Result<RdfFormat, Response<Body>> {
    if let Some(f) = format::rdf_format(media) {
        return Ok(f);
    }
    if let Some(f) = filename
        .and_then(|n| n.rsplit_once('.'))
        .and_then(|(_, ext)| format::rdf_format(ext))
    {
        return Ok(f);
    }
    Err(text(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!(
            "Content-Type {media} is not an RDF format this server reads: send text/turtle, \
             application/n-triples, application/rdf+xml, application/ld+json or multipart/form-data of those\n"
        ),
    ))
}

/// The parts of a `multipart/form-data` body (RFC 7578), each an RDF file named by its
/// own `Content-Type` or its file name's extension. Lines may end in CRLF or LF.
fn multipart(content_type: &str, body: &[u8]) -> Result<Vec<Part>, Response<Body>> {
    let boundary = content_type
        .split(';')
        .skip(1)
        .find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("boundary")
                .then(|| v.trim().trim_matches('"').to_owned())
        })
        .filter(|b| !b.is_empty())
        .ok_or_else(|| bad("a multipart/form-data body needs a boundary= parameter".into()))?;
    let delimiter = format!("--{boundary}").into_bytes();
    let find = |from: usize| {
        body[from..]
            .windows(delimiter.len())
            .position(|w| w == delimiter.as_slice())
            .map(|i| i + from)
    };
    let unterminated = || {
        bad(format!(
            "the multipart body does not end with --{boundary}--"
        ))
    };
    let mut at = find(0).ok_or_else(unterminated)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body[at..].starts_with(b"--") {
            return Ok(parts);
        }
        let start = at + line_end(&body[at..]).ok_or_else(unterminated)?;
        let next = find(start).ok_or_else(unterminated)?;
        // the line break before the delimiter belongs to it
        let mut end = next;
        if end > start && body[end - 1] == b'\n' {
            end -= 1;
            if end > start && body[end - 1] == b'\r' {
                end -= 1;
            }
        }
        parts.push(part(&body[start..end], parts.len() + 1)?);
        at = next + delimiter.len();
    }
}

/// The length of the first line of `bytes`, with its CRLF or LF.
fn line_end(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n').map(|i| i + 1)
}

fn part(bytes: &[u8], number: usize) -> Result<Part, Response<Body>> {
    let mut at = 0;
    let mut media = None;
    let mut name = format!("part {number}");
    let mut filename = None;
    loop {
        let len = line_end(&bytes[at..]).ok_or_else(|| {
            bad(format!(
                "{name} of the multipart body has no blank line after its headers"
            ))
        })?;
        let line = String::from_utf8_lossy(&bytes[at..at + len]);
        at += len;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(bad(format!(
                "{name} of the multipart body has a header line without a colon: `{line}`"
            )));
        };
        if key.trim().eq_ignore_ascii_case("content-type") {
            media = Some(
                value
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase(),
            );
        } else if key.trim().eq_ignore_ascii_case("content-disposition") {
            for p in value.split(';').skip(1) {
                if let Some((k, v)) = p.split_once('=') {
                    let v = v.trim().trim_matches('"').to_owned();
                    match k.trim() {
                        "name" => name = format!("part `{v}`"),
                        "filename" => filename = Some(v),
                        _ => {}
                    }
                }
            }
        }
    }
    let media = media.unwrap_or_else(|| "application/octet-stream".into());
    let format = rdf_format_of(&media, filename.as_deref())?;
    Ok(Part {
        name,
        media,
        format,
        bytes: bytes[at..].to_vec(),
    })
}
