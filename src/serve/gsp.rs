//! The SPARQL 1.1 Graph Store HTTP Protocol at `/store` (indirect graph identification):
//! `?default` or `?graph=IRI`; GET/HEAD read (a missing named graph is 404; no parameter
//! is the whole dataset as TriG/N-Quads), and on a writable server with credentials PUT
//! (201 when the graph is new, else 204), POST (merge; to `/store` alone it creates a new
//! graph: 201 with `Location`) and DELETE (204, 404 when missing).

use super::sparql::{RDF_TYPES, content_type, may_write};
use super::{Answer, State, header, not_acceptable, params, read_body, status, text};
use crate::format;
use oxhttp::model::header::{ACCEPT, LOCATION};
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

fn target(request: &Request<Body>) -> Result<Target, Response<Body>> {
    let p = params(request);
    let default = p.iter().any(|(k, _)| k == "default");
    let graph = p.iter().find(|(k, _)| k == "graph").map(|(_, v)| v.clone());
    match (default, graph) {
        (true, Some(_)) => Err(bad("use either ?default or ?graph=IRI, not both".into())),
        (true, None) => Ok(Target::Default),
        (false, Some(g)) => NamedNode::new(&g)
            .map(Target::Named)
            .map_err(|e| bad(format!("graph `{g}` is not an IRI: {e}"))),
        (false, None) => Ok(Target::Dataset),
    }
}

/// Answers a Graph Store request.
pub(crate) fn handle(state: &State, request: &mut Request<Body>) -> Answer {
    let target = target(request)?;
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
            (GraphName::NamedNode(g.clone()), Some(g))
        }
        Target::Dataset => {
            return Err(bad("name the graph: ?default or ?graph=IRI".into()));
        }
    };
    let existed = match &graph {
        GraphName::NamedNode(g) => store.contains_named_graph(g).map_err(storage)?,
        _ => true,
    };
    state.generation.fetch_add(1, Ordering::SeqCst);
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
        return Ok(status(StatusCode::NO_CONTENT));
    }
    let Some((media, _)) = content_type(request) else {
        return Err(bad(
            "a PUT or POST needs a Content-Type (an RDF media type such as text/turtle)".into(),
        ));
    };
    let Some(format) = format::rdf_format(&media) else {
        return Err(text(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Content-Type {media} is not an RDF format this server reads\n"),
        ));
    };
    let body = read_body(state, request)?;
    let mut parser = RdfParser::from_format(format);
    if let GraphName::NamedNode(g) = &graph {
        parser = parser
            .with_base_iri(g.as_str())
            .map_err(|e| bad(format!("graph IRI: {e}")))?;
    }
    let mut quads = Vec::new();
    for q in parser.for_slice(&body) {
        let q = q.map_err(|e| bad(format!("cannot parse the {media} body: {e}")))?;
        quads.push(Quad::new(q.subject, q.predicate, q.object, graph.clone()));
    }
    if method == Method::PUT {
        store.clear_graph(graph.as_ref()).map_err(storage)?;
    }
    if let GraphName::NamedNode(g) = &graph {
        store.insert_named_graph(g).map_err(storage)?;
    }
    store.extend(quads).map_err(storage)?;
    if let Some(g) = created_iri {
        let mut r = status(StatusCode::CREATED);
        // the new graph's IRI (read it back with GET /store?graph=IRI)
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
