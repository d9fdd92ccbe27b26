//! The W3C SPARQL 1.1 Protocol and Graph Store Protocol manifests
//! (`../shared/vendor/w3c-sparql-protocol/`) run by the harness in `common/w3c.rs`
//! against `mura serve --writable` with a Bearer token (in-process, on loopback) and, for
//! comparison, against `oxigraph serve` (pip `oxigraph==0.5.13`). Each run prints
//! `suite: N passed, N failed, N skipped`; the README quotes both scores.

mod common;

use common::w3c::{self, Score, Target};
use mura::pipeline::Graph;
use mura::serve::{self, Options, Source};
use std::path::PathBuf;

const TOKEN: &str = "w3c-harness-token-0123456789";

fn suite(rel: &str) -> PathBuf {
    common::shared_file(&format!("vendor/w3c-sparql-protocol/{rel}"))
}

fn mura_target(dir: &tempfile::TempDir) -> (serve::Server, Target) {
    let token = dir.path().join("token");
    std::fs::write(&token, TOKEN).unwrap();
    let graph = Graph {
        store: oxigraph::store::Store::new().unwrap(),
        base: "http://example.org/mura/id/".into(),
    };
    let server = serve::serve(
        Source::Graph(graph),
        Options {
            bind: "127.0.0.1:0".parse().unwrap(),
            writable: true,
            token_file: Some(token),
            ..Options::default()
        },
        None,
    )
    .expect("the server starts");
    let target = Target {
        root: server.url(),
        authorization: Some(format!("Bearer {TOKEN}")),
    };
    (server, target)
}

fn no_skip(_: &str, _: &[String]) -> Option<String> {
    None
}

#[test]
#[cfg_attr(
    not(mura_shared),
    ignore = "needs ../shared/vendor/w3c-sparql-protocol (CI provides it)"
)]
fn mura_passes_the_w3c_protocol_suite() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, target) = mura_target(&dir);
    let score = w3c::run(&suite("protocol/manifest.ttl"), &target, &no_skip);
    print!("{}", score.report("mura, SPARQL 1.1 Protocol"));
    assert_eq!(score.failed.len(), 0, "{}", score.report("protocol"));
    assert_eq!(score.passed.len(), 34);
}

#[test]
#[cfg_attr(
    not(mura_shared),
    ignore = "needs ../shared/vendor/w3c-sparql-protocol (CI provides it)"
)]
fn mura_passes_the_graph_store_suites() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, target) = mura_target(&dir);
    let mut report = String::new();
    let mut failed = 0;
    for (name, rel) in gsp_suites() {
        let score = w3c::run(&suite(rel), &target, &no_skip);
        report.push_str(&score.report(&format!("mura, {name}")));
        failed += score.failed.len() + score.skipped.len();
    }
    let score = w3c::run_prose(&suite(HTTP_RDF_UPDATE), &target, &prose_setup);
    report.push_str(&score.report("mura, http-rdf-update (deprecated)"));
    failed += score.failed.len() + score.skipped.len();
    print!("{report}");
    assert_eq!(failed, 0, "{report}");
}

const HTTP_RDF_UPDATE: &str = "http-rdf-update/manifest.ttl";

/// The deprecated suite deletes `person/2.ttl` as an "existing graph", but none of the
/// tests it lists creates that graph: the harness PUTs it first.
fn prose_setup(name: &str) -> Vec<w3c::Exchange> {
    if name != "delete__existing_graph" {
        return Vec::new();
    }
    vec![w3c::Exchange {
        method: "PUT".into(),
        path: "/store/person/2.ttl".into(),
        headers: vec![("Content-Type".into(), "text/turtle".into())],
        body: Some(
            b"<http://example.org/person/2> a <http://xmlns.com/foaf/0.1/Person> .\n".to_vec(),
        ),
        status: 201,
        content_type: None,
    }]
}

fn gsp_suites() -> [(&'static str, &'static str); 2] {
    [
        ("GSP direct", "graph-store-protocol/manifest-direct.ttl"),
        ("GSP indirect", "graph-store-protocol/manifest-indirect.ttl"),
    ]
}

fn oxigraph_scores() -> Vec<(String, Score)> {
    let endpoint = common::endpoint::Endpoint::start_empty_writable();
    let target = Target {
        root: endpoint.url.clone(),
        authorization: None,
    };
    let mut scores = vec![(
        "oxigraph, SPARQL 1.1 Protocol".to_owned(),
        w3c::run(&suite("protocol/manifest.ttl"), &target, &no_skip),
    )];
    for (name, rel) in gsp_suites() {
        scores.push((
            format!("oxigraph, {name}"),
            w3c::run(&suite(rel), &target, &no_skip),
        ));
    }
    scores.push((
        "oxigraph, http-rdf-update (deprecated)".to_owned(),
        w3c::run_prose(&suite(HTTP_RDF_UPDATE), &target, &prose_setup),
    ));
    scores
}

/// The same harness against oxigraph's own server: its scores are printed (the README
/// quotes them), and the harness must find it a working peer.
#[test]
#[cfg_attr(
    not(all(mura_shared, mura_oxigraph)),
    ignore = "needs ../shared and the oxigraph server (MURA_TEST_OXIGRAPH; CI provides both)"
)]
fn the_harness_runs_against_oxigraph_serve() {
    let scores = oxigraph_scores();
    for (name, score) in &scores {
        print!("{}", score.report(name));
    }
    assert!(
        scores[0].1.passed.len() >= 25,
        "oxigraph should pass most protocol tests"
    );
}
