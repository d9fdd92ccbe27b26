//! The stores `mura push` speaks to and how: each dialect knows its paths under the base
//! URL (`--gsp-url`, `--update-url`, `--query-url` override them), how triples are uploaded
//! (Graph Store Protocol POST of N-Triples, or SPARQL `INSERT DATA`), how queries are sent
//! and how a user and password are presented.
//!
//! | dialect | upload | update | query | user auth |
//! |---|---|---|---|---|
//! | `gsp` | `POST URL/store?graph=G` | `URL/update` | `URL/query` (form POST) | Basic |
//! | `oxigraph` | `POST URL/store?graph=G&no_transaction` | `URL/update` | `URL/query` (form POST) | Basic |
//! | `virtuoso` | `POST URL/sparql-graph-crud-auth?graph-uri=G` | `URL/sparql-auth` | `URL/sparql` (GET) | Digest |
//! | `fuseki` | `POST URL/data?graph=G` (URL = `…/DATASET`) | `URL/update` | `URL/query` (form POST) | Basic |
//! | `qlever` | `INSERT DATA` to `URL/` | `URL/` | `URL/` (form POST) | Bearer token |
//! | `neptune-files` | files only, no network | | | |
//!
//! Virtuoso: N-Triples only (it answers 200 to N-Quads and stores nothing), named graphs
//! only, queries by GET (a direct `application/sparql-query` POST hangs), updates by a direct
//! `application/sparql-update` POST to the authenticated endpoint.

use super::http::UserAuth;

/// A kind of store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Any SPARQL 1.1 Graph Store Protocol + Update store.
    #[default]
    Gsp,
    Virtuoso,
    Oxigraph,
    Fuseki,
    Qlever,
    /// Amazon Neptune's bulk loader: N-Quads files and the loader request, no network.
    NeptuneFiles,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Gsp => "gsp",
            Dialect::Virtuoso => "virtuoso",
            Dialect::Oxigraph => "oxigraph",
            Dialect::Fuseki => "fuseki",
            Dialect::Qlever => "qlever",
            Dialect::NeptuneFiles => "neptune-files",
        }
    }
}

/// How triples reach a graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upload {
    /// `POST {url}?{param}=G`, `Content-Type: application/n-triples`.
    Gsp { url: String, param: &'static str },
    /// `INSERT DATA { GRAPH <G> { … } }` to the update endpoint.
    InsertData,
}

/// How queries are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryMethod {
    /// `GET {url}?query=…`.
    Get,
    /// `POST`, `application/x-www-form-urlencoded`, `query=…`.
    Form,
}

/// Where and how to talk to a store.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub upload: Upload,
    /// Where a graph is read back (`--check`): the upload's GSP endpoint, except Virtuoso's
    /// anonymous `/sparql-graph-crud` when no credentials are given.
    pub read: Upload,
    pub update: String,
    pub query: String,
    pub query_method: QueryMethod,
    pub user_auth: UserAuth,
}

/// The endpoints of `dialect` under `base` (no trailing slash), with the overrides.
pub fn endpoints(
    dialect: Dialect,
    base: &str,
    gsp: Option<&str>,
    update: Option<&str>,
    query: Option<&str>,
    anonymous: bool,
) -> Endpoints {
    let base = base.trim_end_matches('/');
    let (store, param, update_path, query_path, query_method, user_auth) = match dialect {
        Dialect::Gsp | Dialect::Oxigraph | Dialect::NeptuneFiles => (
            Some(format!("{base}/store")),
            "graph",
            format!("{base}/update"),
            format!("{base}/query"),
            QueryMethod::Form,
            UserAuth::Basic,
        ),
        Dialect::Virtuoso => (
            Some(format!("{base}/sparql-graph-crud-auth")),
            "graph-uri",
            format!("{base}/sparql-auth"),
            format!("{base}/sparql"),
            QueryMethod::Get,
            UserAuth::Digest,
        ),
        Dialect::Fuseki => (
            Some(format!("{base}/data")),
            "graph",
            format!("{base}/update"),
            format!("{base}/query"),
            QueryMethod::Form,
            UserAuth::Basic,
        ),
        Dialect::Qlever => (
            None,
            "graph",
            format!("{base}/"),
            format!("{base}/"),
            QueryMethod::Form,
            UserAuth::Basic,
        ),
    };
    let upload = match (gsp, store) {
        (Some(url), _) => Upload::Gsp {
            url: url.to_owned(),
            param,
        },
        (None, Some(url)) => Upload::Gsp { url, param },
        (None, None) => Upload::InsertData,
    };
    let read = match (&upload, dialect, anonymous) {
        (Upload::Gsp { param, .. }, Dialect::Virtuoso, true) if gsp.is_none() => Upload::Gsp {
            url: format!("{base}/sparql-graph-crud"),
            param,
        },
        _ => upload.clone(),
    };
    Endpoints {
        upload,
        read,
        update: update.map(str::to_owned).unwrap_or(update_path),
        query: query.map(str::to_owned).unwrap_or(query_path),
        query_method,
        user_auth,
    }
}

/// `url` with the query parameter `key=value` appended (percent-encoded).
pub fn with_param(url: &str, key: &str, value: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    let pair = form_urlencoded::Serializer::new(String::new())
        .append_pair(key, value)
        .finish();
    format!("{url}{sep}{pair}")
}
