//! Federated queries: how `mura query` answers `SERVICE <https://query.wikidata.org/sparql>`
//! (or any other SERVICE IRI) in a query over the local graph.
//!
//! oxigraph's own HTTP service handler sends `User-Agent: Oxigraph/…` with no contact and
//! cannot be pointed elsewhere, so mura installs its own [`Handler`] as the default service
//! handler: the same client as `mura link` ([`crate::wikidata::endpoint`]: mura's User-Agent, a
//! timeout under 60 s, 429/Retry-After, a request cap), `--service-endpoint URL` to send the
//! Wikidata SERVICE to another endpoint (a mirror, or a local store so the queries run
//! offline), and one request per distinct SERVICE pattern (oxigraph asks once per outer
//! solution).
//!
//! oxigraph sends a SERVICE's pattern without the outer solution's bindings, so
//! `?city owl:sameAs ?item . SERVICE <wdqs> { ?item wdt:P625 ?c }` would ask WDQS for every
//! coordinate it has. The handler therefore binds each variable that the query uses as
//! the object of `owl:sameAs` or `schema:sameAs` to the Wikidata items the local graph
//! links to (`VALUES ?item { wd:… }`), so the remote side answers only about them.

use crate::error::Result;
use crate::vocab::{self, owl, schema};
use crate::wikidata::endpoint::{Client, ClientOptions, Solutions, WDQS};
use oxigraph::model::{NamedNode, Term, Variable};
use oxigraph::sparql::{DefaultServiceHandler, QueryEvaluationError, QuerySolutionIter};
use oxigraph::store::Store;
use oxiri::Iri;
use spargebra::algebra::GraphPattern;
use spargebra::term::{GroundTerm, NamedNodePattern, TermPattern};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// How SERVICE calls are made.
#[derive(Debug, Clone, Default)]
pub struct ServiceOptions {
    /// Send the Wikidata SERVICE (`<https://query.wikidata.org/sparql>`) here instead.
    pub service_endpoint: Option<String>,
    pub client: ClientOptions,
}

/// mura's default SERVICE handler.
pub struct Handler {
    client: Client,
    service_endpoint: Option<String>,
    /// Variables bound to the local graph's Wikidata links.
    bound: BTreeMap<Variable, Vec<NamedNode>>,
    answers: Mutex<HashMap<(String, String), Arc<Solutions>>>,
}

impl Handler {
    /// A handler for `query` (already parsed by the caller; its text is parsed again here
    /// to find the sameAs variables) over `store`.
    pub fn new(options: &ServiceOptions, query: &str, store: &Store) -> Result<Self> {
        let client = Client::new(options.client.clone())?;
        let mut vars = BTreeSet::new();
        if let Ok(parsed) = spargebra::SparqlParser::new().parse_query(query) {
            let (spargebra::Query::Select { pattern, .. }
            | spargebra::Query::Construct { pattern, .. }
            | spargebra::Query::Describe { pattern, .. }
            | spargebra::Query::Ask { pattern, .. }) = &parsed;
            same_as_variables(pattern, &mut vars);
        }
        let mut items: BTreeSet<NamedNode> = BTreeSet::new();
        if !vars.is_empty() {
            for p in [owl::SAME_AS, schema::SAME_AS] {
                for quad in store.quads_for_pattern(None, Some(p), None, None) {
                    if let Term::NamedNode(n) = quad?.object {
                        if n.as_str().starts_with(vocab::WD) {
                            items.insert(n);
                        }
                    }
                }
            }
        }
        let items: Vec<NamedNode> = items.into_iter().collect();
        Ok(Self {
            client,
            service_endpoint: options.service_endpoint.clone(),
            bound: vars.into_iter().map(|v| (v, items.clone())).collect(),
            answers: Mutex::new(HashMap::new()),
        })
    }

    /// The URL a SERVICE IRI is sent to.
    fn url_of(&self, service: &NamedNode) -> String {
        match &self.service_endpoint {
            Some(url) if service.as_str() == WDQS => url.clone(),
            _ => service.as_str().to_owned(),
        }
    }

    /// `pattern` with each bound variable it uses restricted by VALUES.
    fn restrict(&self, pattern: &GraphPattern) -> GraphPattern {
        let mut used = BTreeSet::new();
        pattern.on_in_scope_variable(|v| {
            used.insert(v.clone());
        });
        let mut out = pattern.clone();
        for (var, items) in &self.bound {
            if !used.contains(var) {
                continue;
            }
            out = GraphPattern::Join {
                left: Box::new(GraphPattern::Values {
                    variables: vec![var.clone()],
                    bindings: items
                        .iter()
                        .map(|n| vec![Some(GroundTerm::NamedNode(n.clone()))])
                        .collect(),
                }),
                right: Box::new(out),
            };
        }
        out
    }
}

/// Variables used as the object of `owl:sameAs` / `schema:sameAs` anywhere in `pattern`.
fn same_as_variables(pattern: &GraphPattern, out: &mut BTreeSet<Variable>) {
    match pattern {
        GraphPattern::Bgp { patterns } => {
            for t in patterns {
                let same_as = matches!(&t.predicate, NamedNodePattern::NamedNode(p)
                    if p.as_ref() == owl::SAME_AS || p.as_ref() == schema::SAME_AS);
                if let (true, TermPattern::Variable(v)) = (same_as, &t.object) {
                    out.insert(v.clone());
                }
            }
        }
        GraphPattern::Join { left, right }
        | GraphPattern::LeftJoin { left, right, .. }
        | GraphPattern::Lateral { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right } => {
            same_as_variables(left, out);
            same_as_variables(right, out);
        }
        GraphPattern::Filter { inner, .. }
        | GraphPattern::Graph { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Group { inner, .. } => same_as_variables(inner, out),
        // What a SERVICE binds is remote: not a local link.
        GraphPattern::Service { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
    }
}

fn service_error(e: impl std::fmt::Display) -> QueryEvaluationError {
    QueryEvaluationError::Service(e.to_string().into())
}

impl DefaultServiceHandler for Handler {
    type Error = QueryEvaluationError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> std::result::Result<QuerySolutionIter<'static>, Self::Error> {
        let url = self.url_of(service_name);
        let query = spargebra::Query::Select {
            dataset: None,
            pattern: self.restrict(pattern),
            base_iri: base_iri.cloned(),
        }
        .to_string();
        let key = (url.clone(), query.clone());
        let cached = self
            .answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        let answer = match cached {
            Some(a) => a,
            None => {
                let a = Arc::new(self.client.select(&url, &query).map_err(|e| {
                    service_error(format!("{e}{}", crate::query::federation::cause(&e)))
                })?);
                self.answers
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key, Arc::clone(&a));
                a
            }
        };
        let variables: Arc<[Variable]> = answer.variables.clone().into();
        let rows: Vec<_> = answer.rows.iter().cloned().map(Ok).collect();
        Ok(QuerySolutionIter::from_tuples(variables, rows))
    }
}

/// `: cause` of an error with a source, for messages that cross oxigraph's error type.
fn cause(e: &crate::Error) -> String {
    std::error::Error::source(e)
        .map(|s| format!(": {s}"))
        .unwrap_or_default()
}
