//! The SPARQL 1.1 Protocol at `/sparql` (and `/query`, `/update`): queries by GET, POST
//! form or POST direct; updates by POST form or direct (writable servers, with
//! credentials); `default-graph-uri`/`named-graph-uri` and `using-graph-uri`/
//! `using-named-graph-uri`; the answer's format by `Accept` (W3C results JSON, XML, CSV,
//! TSV, an HTML table for browsers; any RDF format for CONSTRUCT/DESCRIBE; 406 when none
//! fits); a service description on `GET /sparql` without a query. The default graph is the
//! union of all graphs, as in `mura query`, unless the query or the request names a
//! dataset. A body must be UTF-8: another `charset` is refused (400) whatever its bytes.
//! SERVICE is refused unless `--allow-service` names the endpoint.

use super::{Answer, State, header, limits, not_acceptable, params, read_body, text, with_type};
use crate::format;
use oxhttp::model::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, VARY};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::*;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    DefaultServiceHandler, QueryEvaluationError, QueryResults, QuerySolutionIter, SparqlEvaluator,
};
use spargebra::{Query, SparqlParser};
use std::sync::atomic::Ordering;

/// Which operations a path accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `/sparql`, `/query`: queries and updates.
    Any,
    /// `/update`: updates only.
    Update,
}

/// Media types of SELECT answers, in the order preferred when `Accept` allows any.
pub const SELECT_TYPES: &[&str] = &[
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
    "application/xml",
    "text/html",
];
/// Media types of ASK answers.
pub const ASK_TYPES: &[&str] = &[
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "application/json",
    "application/xml",
    "text/csv",
    "text/tab-separated-values",
];
/// Media types of RDF answers (CONSTRUCT, DESCRIBE, documents).
pub const RDF_TYPES: &[&str] = &[
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "application/n-quads",
    "application/trig",
    "text/n3",
    "application/x-turtle",
    "text/plain",
];

enum Operation {
    Query {
        text: String,
        default: Vec<NamedNode>,
        named: Vec<NamedNode>,
    },
    Update {
        text: String,
        using: Vec<NamedNode>,
        using_named: Vec<NamedNode>,
    },
    Description,
}

fn bad(message: impl Into<String>) -> Response<Body> {
    let mut m = message.into();
    m.push('\n');
    text(StatusCode::BAD_REQUEST, m)
}

/// The values of `name` among `params`.
fn values<'a>(params: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    params
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn iris(
    params: &[(String, String)],
    name: &str,
) -> std::result::Result<Vec<NamedNode>, Response<Body>> {
    values(params, name)
        .into_iter()
        .map(|v| NamedNode::new(v).map_err(|e| bad(format!("{name} `{v}` is not an IRI: {e}"))))
        .collect()
}

/// The media type and charset of a Content-Type header.
pub(crate) fn content_type(request: &Request<Body>) -> Option<(String, Option<String>)> {
    let value = header(request, CONTENT_TYPE.as_str())?;
    let mut parts = value.split(';');
    let media = parts.next()?.trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_ascii_lowercase())
    });
    Some((media, charset))
}

/// 400 unless the charset (if any) is UTF-8 and the bytes are.
pub(crate) fn utf8(
    body: Vec<u8>,
    charset: Option<&str>,
) -> std::result::Result<String, Response<Body>> {
    if let Some(c) = charset {
        if c != "utf-8" && c != "utf8" {
            return Err(bad(format!(
                "the body must be UTF-8: charset={c} is not accepted"
            )));
        }
    }
    String::from_utf8(body).map_err(|e| bad(format!("the body is not valid UTF-8: {e}")))
}

fn operation(
    state: &State,
    request: &mut Request<Body>,
) -> std::result::Result<Operation, Response<Body>> {
    let url = params(request);
    let method = request.method().clone();
    let mut all = url.clone();
    if method == Method::GET || method == Method::HEAD {
        if !values(&url, "update").is_empty() {
            return Err(bad(
                "updates are sent by POST (form or application/sparql-update), not GET",
            ));
        }
    } else if method == Method::POST {
        let Some((media, charset)) = content_type(request) else {
            return Err(bad(
                "a POST needs a Content-Type: application/x-www-form-urlencoded, application/sparql-query or application/sparql-update",
            ));
        };
        let body = read_body(state, request)?;
        let body = utf8(body, charset.as_deref())?;
        match media.as_str() {
            "application/x-www-form-urlencoded" => {
                all.extend(form_urlencoded::parse(body.as_bytes()).into_owned());
            }
            "application/sparql-query" => {
                if !values(&url, "query").is_empty() || !values(&url, "update").is_empty() {
                    return Err(bad(
                        "a direct POST carries the operation in its body, not also in the URL",
                    ));
                }
                return Ok(Operation::Query {
                    text: body,
                    default: iris(&url, "default-graph-uri")?,
                    named: iris(&url, "named-graph-uri")?,
                });
            }
            "application/sparql-update" => {
                if !values(&url, "query").is_empty() || !values(&url, "update").is_empty() {
                    return Err(bad(
                        "a direct POST carries the operation in its body, not also in the URL",
                    ));
                }
                return Ok(Operation::Update {
                    text: body,
                    using: iris(&url, "using-graph-uri")?,
                    using_named: iris(&url, "using-named-graph-uri")?,
                });
            }
            other => {
                return Err(text(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "Content-Type {other} is not a SPARQL request: use application/x-www-form-urlencoded, application/sparql-query or application/sparql-update\n"
                    ),
                ));
            }
        }
    } else {
        let mut r = text(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{method} is not allowed here: use GET or POST\n"),
        );
        r.headers_mut()
            .insert("Allow", HeaderValue::from_static("GET, HEAD, POST"));
        return Err(r);
    }
    let queries = values(&all, "query");
    let updates = values(&all, "update");
    match (queries.len(), updates.len()) {
        (0, 0) if method != Method::POST => Ok(Operation::Description),
        (1, 0) => Ok(Operation::Query {
            text: queries[0].to_owned(),
            default: iris(&all, "default-graph-uri")?,
            named: iris(&all, "named-graph-uri")?,
        }),
        (0, 1) => Ok(Operation::Update {
            text: updates[0].to_owned(),
            using: iris(&all, "using-graph-uri")?,
            using_named: iris(&all, "using-named-graph-uri")?,
        }),
        (0, 0) => Err(bad("the request has no `query` or `update` parameter")),
        _ => Err(bad("a request carries exactly one `query` or one `update`")),
    }
}

/// Answers a SPARQL Protocol request.
pub(crate) fn handle(
    state: &State,
    request: &mut Request<Body>,
    endpoint: Endpoint,
    hash: &mut Option<String>,
) -> Answer {
    match operation(state, request)? {
        Operation::Description if endpoint == Endpoint::Any => description(state, request),
        Operation::Description => Err(bad("send an update by POST")),
        Operation::Query { .. } if endpoint == Endpoint::Update => {
            Err(bad("/update takes updates; send queries to /sparql"))
        }
        Operation::Query {
            text,
            default,
            named,
        } => {
            *hash = Some(super::hash(&text));
            query(state, request, &text, default, named)
        }
        Operation::Update {
            text,
            using,
            using_named,
        } => {
            *hash = Some(super::hash(&text));
            update(state, request, &text, using, using_named)
        }
    }
}

/// SERVICE restricted to `--allow-service` endpoints, answered by mura's federation handler.
struct AllowList {
    allowed: Vec<String>,
    inner: crate::query::federation::Handler,
}

impl DefaultServiceHandler for AllowList {
    type Error = QueryEvaluationError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &spargebra::algebra::GraphPattern,
        base_iri: Option<&oxiri::Iri<String>>,
    ) -> std::result::Result<QuerySolutionIter<'static>, Self::Error> {
        if !self.allowed.iter().any(|a| a == service_name.as_str()) {
            return Err(QueryEvaluationError::Service(
                format!(
                    "SERVICE {service_name} is not allowed on this server (see --allow-service)"
                )
                .into(),
            ));
        }
        self.inner.handle(service_name, pattern, base_iri)
    }
}

fn evaluator(state: &State, text: &str) -> std::result::Result<SparqlEvaluator, Response<Body>> {
    let e = SparqlEvaluator::new();
    if state.options.allow_service.is_empty() {
        return Ok(e.without_default_http_service_handler());
    }
    let inner = crate::query::federation::Handler::new(&Default::default(), text, &state.store)
        .map_err(|e| text_500(&e))?;
    Ok(e.with_default_service_handler(AllowList {
        allowed: state.options.allow_service.clone(),
        inner,
    }))
}

/// A parser whose base IRI is the endpoint (the protocol's "service-defined BASE URI").
fn parser(state: &State) -> std::result::Result<SparqlParser, Response<Body>> {
    SparqlParser::new()
        .with_base_iri(state.endpoint())
        .map_err(|e| text_500(&e))
}

fn text_500(e: &dyn std::fmt::Display) -> Response<Body> {
    text(StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n"))
}

/// What a finished query gave.
pub(crate) enum Answered {
    Bytes(Vec<u8>),
    Table {
        variables: Vec<Variable>,
        rows: Vec<Vec<Option<Term>>>,
    },
}

fn query(
    state: &State,
    request: &Request<Body>,
    text_: &str,
    default: Vec<NamedNode>,
    named: Vec<NamedNode>,
) -> Answer {
    let parsed = parser(state)?
        .parse_query(text_)
        .map_err(|e| bad(format!("SPARQL syntax error: {e}")))?;
    let offers = match &parsed {
        Query::Select { .. } => SELECT_TYPES,
        Query::Ask { .. } => ASK_TYPES,
        _ => RDF_TYPES,
    };
    let Some(media) = format::negotiate(header(request, ACCEPT.as_str()), offers) else {
        return Err(not_acceptable(offers));
    };
    let answered = evaluate(state, text_, parsed, default, named, media)?;
    match answered {
        Answered::Bytes(bytes) => Ok(ok(bytes, media)),
        Answered::Table { variables, rows } => Ok(super::html::results(
            state, request, text_, &variables, &rows,
        )),
    }
}

/// A 200 with `Vary: Accept`.
pub(crate) fn ok(bytes: Vec<u8>, media: &str) -> Response<Body> {
    let media = if media.starts_with("text/") || media.ends_with("json") || media.ends_with("xml") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_owned()
    };
    let mut r = with_type(Response::builder().body(Body::from(bytes)).unwrap(), &media);
    r.headers_mut()
        .insert(VARY, HeaderValue::from_static("Accept"));
    r
}

/// Evaluates a parsed query within the limits into `media` (buffered: the status is decided
/// only once the whole answer is there).
pub(crate) fn evaluate(
    state: &State,
    text_: &str,
    parsed: Query,
    default: Vec<NamedNode>,
    named: Vec<NamedNode>,
    media: &str,
) -> std::result::Result<Answered, Response<Body>> {
    let Some(_slot) = state.slots.try_acquire() else {
        let mut r = text(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many queries are running: retry in a second\n",
        );
        r.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from_static("1"));
        return Err(r);
    };
    let base = evaluator(state, text_)?;
    let timeout = state.options.timeout;
    let (result, fired) = limits::with_timeout(timeout, |token| {
        let mut prepared = base.with_cancellation_token(token).for_query(parsed);
        if !default.is_empty() || !named.is_empty() {
            let ds = prepared.dataset_mut();
            ds.set_default_graph(default.into_iter().map(GraphName::from).collect());
            ds.set_available_named_graphs(named.into_iter().map(NamedOrBlankNode::from).collect());
        } else {
            let ds = prepared.dataset();
            if ds.default_graph_graphs() == Some(&[GraphName::DefaultGraph][..])
                && ds.available_named_graphs().is_none()
            {
                prepared.dataset_mut().set_default_graph_as_union();
            }
        }
        run(prepared.on_store(&state.store).execute(), media)
    });
    match result {
        Ok(a) => Ok(a),
        Err(_) if fired => Err(text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the query ran longer than this server's limit of {} s and was stopped\n",
                timeout.as_secs_f64()
            ),
        )),
        Err(Failure::Eval(e)) => Err(bad(format!("query evaluation failed: {e}"))),
        Err(Failure::Io(e)) => Err(text_500(&e)),
    }
}

enum Failure {
    Eval(QueryEvaluationError),
    Io(std::io::Error),
}

impl From<QueryEvaluationError> for Failure {
    fn from(e: QueryEvaluationError) -> Self {
        Failure::Eval(e)
    }
}
impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

fn run(
    results: std::result::Result<QueryResults<'_>, QueryEvaluationError>,
    media: &str,
) -> std::result::Result<Answered, Failure> {
    let mut out = Vec::new();
    match results? {
        QueryResults::Solutions(solutions) => {
            if media == "text/html" {
                let variables = solutions.variables().to_vec();
                let mut rows = Vec::new();
                for s in solutions {
                    let s = s?;
                    rows.push(variables.iter().map(|v| s.get(v).cloned()).collect());
                }
                return Ok(Answered::Table { variables, rows });
            }
            let format = results_format(media);
            let mut ser = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())?;
            for s in solutions {
                ser.serialize(&s?)?;
            }
            ser.finish()?;
        }
        QueryResults::Boolean(b) => {
            QueryResultsSerializer::from_format(results_format(media))
                .serialize_boolean_to_writer(&mut out, b)?;
        }
        QueryResults::Graph(triples) => {
            let format = format::rdf_format(media).unwrap_or(RdfFormat::Turtle);
            let mut w = RdfSerializer::from_format(format).for_writer(&mut out);
            for t in triples {
                w.serialize_triple(&t?)?;
            }
            w.finish()?;
        }
    }
    Ok(Answered::Bytes(out))
}

fn results_format(media: &str) -> QueryResultsFormat {
    match media {
        "application/json" => QueryResultsFormat::Json,
        "application/xml" => QueryResultsFormat::Xml,
        m => format::results_format(m).unwrap_or(QueryResultsFormat::Json),
    }
}

/// 403 on a read-only server, 401 without valid credentials.
pub(crate) fn may_write(
    state: &State,
    request: &Request<Body>,
) -> std::result::Result<(), Response<Body>> {
    if !state.options.writable {
        return Err(text(
            StatusCode::FORBIDDEN,
            "this server is read-only (start it with --writable and credentials to accept writes)\n",
        ));
    }
    if !state.auth.check(header(request, AUTHORIZATION.as_str())) {
        let mut r = text(
            StatusCode::UNAUTHORIZED,
            "writes need credentials: Authorization: Bearer TOKEN (or Basic)\n",
        );
        if let Ok(v) = HeaderValue::from_str(&state.auth.challenge()) {
            r.headers_mut().insert("WWW-Authenticate", v);
        }
        return Err(r);
    }
    Ok(())
}

fn update(
    state: &State,
    request: &Request<Body>,
    text_: &str,
    using: Vec<NamedNode>,
    using_named: Vec<NamedNode>,
) -> Answer {
    may_write(state, request)?;
    let parsed = parser(state)?
        .parse_update(text_)
        .map_err(|e| bad(format!("SPARQL update syntax error: {e}")))?;
    let mut prepared = SparqlEvaluator::new()
        .without_default_http_service_handler()
        .for_update(parsed);
    if !using.is_empty() || !using_named.is_empty() {
        if prepared.using_datasets().any(|d| !d.is_default_dataset()) {
            return Err(bad(
                "the update has USING or WITH: it cannot also take using-graph-uri/using-named-graph-uri",
            ));
        }
        for ds in prepared.using_datasets_mut() {
            ds.set_default_graph(using.iter().cloned().map(GraphName::from).collect());
            ds.set_available_named_graphs(
                using_named
                    .iter()
                    .cloned()
                    .map(NamedOrBlankNode::from)
                    .collect(),
            );
        }
    }
    prepared
        .on_store(&state.store)
        .execute()
        .map_err(|e| bad(format!("update failed: {e}")))?;
    state.generation.fetch_add(1, Ordering::SeqCst);
    Ok(super::status(StatusCode::NO_CONTENT))
}

/// The SPARQL service description (Turtle or another RDF format by Accept).
fn description(state: &State, request: &Request<Body>) -> Answer {
    if format::negotiate(header(request, ACCEPT.as_str()), &["text/html"]).is_some()
        && format::negotiate(header(request, ACCEPT.as_str()), RDF_TYPES) != Some("text/turtle")
        && header(request, ACCEPT.as_str()).is_some_and(|a| a.contains("text/html"))
    {
        // a browser: the query page
        return super::html::index(state, request);
    }
    let Some(media) = format::negotiate(header(request, ACCEPT.as_str()), RDF_TYPES) else {
        return Err(not_acceptable(RDF_TYPES));
    };
    let sd = "http://www.w3.org/ns/sparql-service-description#";
    let n = |l: &str| NamedNode::new_unchecked(format!("{sd}{l}"));
    let endpoint = NamedNode::new_unchecked(state.endpoint());
    let rdf_type = NamedNode::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    let mut quads = vec![
        Quad::new(
            endpoint.clone(),
            rdf_type.clone(),
            n("Service"),
            GraphName::DefaultGraph,
        ),
        Quad::new(
            endpoint.clone(),
            n("endpoint"),
            endpoint.clone(),
            GraphName::DefaultGraph,
        ),
        Quad::new(
            endpoint.clone(),
            n("supportedLanguage"),
            n("SPARQL11Query"),
            GraphName::DefaultGraph,
        ),
        Quad::new(
            endpoint.clone(),
            n("feature"),
            n("UnionDefaultGraph"),
            GraphName::DefaultGraph,
        ),
    ];
    if state.options.writable {
        quads.push(Quad::new(
            endpoint.clone(),
            n("supportedLanguage"),
            n("SPARQL11Update"),
            GraphName::DefaultGraph,
        ));
    }
    for f in [
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
        "http://www.w3.org/ns/formats/SPARQL_Results_XML",
        "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
        "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
        "http://www.w3.org/ns/formats/Turtle",
        "http://www.w3.org/ns/formats/N-Triples",
        "http://www.w3.org/ns/formats/RDF_XML",
        "http://www.w3.org/ns/formats/JSON-LD",
    ] {
        quads.push(Quad::new(
            endpoint.clone(),
            n("resultFormat"),
            NamedNode::new_unchecked(f),
            GraphName::DefaultGraph,
        ));
    }
    let format = format::rdf_format(media).unwrap_or(RdfFormat::Turtle);
    let mut out = Vec::new();
    crate::export::write_quads(quads, format, &state.base, &mut out).map_err(|e| text_500(&e))?;
    Ok(ok(out, media))
}
