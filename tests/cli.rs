//! The real `mura` binary on the shipped dataset and the fixtures: the build summary,
//! deterministic export in every format, round trips through oxigraph's parsers, pretty
//! Turtle, graph selection, output format selection, help, pipes, queries and the store.

mod common;

use common::*;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
use std::collections::BTreeSet;
use std::path::Path;

/// Every export format by its `--format` name, and whether it keeps the named graphs.
const FORMATS: &[(&str, bool)] = &[
    ("turtle", false),
    ("ntriples", false),
    ("nquads", true),
    ("trig", true),
    ("rdfxml", false),
    ("jsonld", true),
];

fn rdf_format(name: &str) -> RdfFormat {
    mura::format::rdf_format(name).unwrap_or_else(|| panic!("unknown format {name}"))
}

/// Runs mura, asserts it fails with status 2 and returns its stderr.
fn stderr_of_failure(args: &[&str]) -> String {
    let out = mura().args(args).output().expect("mura runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "mura {args:?} should exit with 2, stderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.is_empty(),
        "mura {args:?} printed to stdout on failure"
    );
    String::from_utf8(out.stderr).unwrap()
}

/// Parses `text` as `format` with oxigraph; the quads as sorted N-Quads lines. With
/// `union`, graph names are dropped (and duplicates merged): the union of the graphs.
fn canonical(text: &str, format: RdfFormat, union: bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for quad in RdfParser::from_format(format).for_slice(text.as_bytes()) {
        let quad = quad.unwrap_or_else(|e| panic!("the {format} export does not parse: {e}"));
        assert!(
            !matches!(quad.subject, NamedOrBlankNode::BlankNode(_))
                && !matches!(quad.object, Term::BlankNode(_)),
            "blank node in the {format} export: {quad}"
        );
        let quad = if union {
            Quad::new(
                quad.subject,
                quad.predicate,
                quad.object,
                GraphName::DefaultGraph,
            )
        } else {
            quad
        };
        lines.push(format!("{quad} ."));
    }
    lines.sort();
    if union {
        lines.dedup();
    }
    lines
}

/// The golden file pins the exact summary. When the data or the mapping changes on
/// purpose, check the new counts against data/ by eye, then regenerate it with
/// `mura build > tests/expected/build-summary.txt` from the project root.
#[test]
fn build_prints_the_summary_of_the_shipped_data() {
    let out = stdout_of(&["build"]);
    let golden = std::fs::read_to_string(root().join("tests/expected/build-summary.txt")).unwrap();
    assert_same_text(
        "mura build (tests/expected/build-summary.txt)",
        &golden,
        &out,
    );
    // the counts a reader checks against data/ by eye
    for (class, n) in [
        ("mura:Museum", 9),
        ("mura:Person", 9),
        ("mura:City", 10),
        ("mura:Country", 11),
        ("mura:Region", 2),
        ("mura:Organisation", 3),
        ("mura:Award", 1),
    ] {
        let row = out
            .lines()
            .find(|l| l.starts_with(&format!("| {class} ")))
            .unwrap_or_else(|| panic!("no {class} row"));
        assert!(
            row.contains(&format!("| {n} ")),
            "{class}: expected {n}, row {row}"
        );
    }
    let ttl = stdout_of(&["export"]);
    assert!(
        ttl.contains("museum:louvre a "),
        "the Louvre is one of the museums"
    );
}

#[test]
fn export_is_byte_identical_across_runs_in_every_format() {
    for (name, _) in FORMATS {
        let first = mura().args(["export", "--format", name]).output().unwrap();
        let second = mura().args(["export", "--format", name]).output().unwrap();
        assert!(
            first.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&first.stderr)
        );
        assert!(!first.stdout.is_empty(), "{name}: empty export");
        assert!(first.stdout == second.stdout, "{name}: two exports differ");
    }
}

#[test]
fn every_format_round_trips_through_oxigraph() {
    let nquads = stdout_of(&["export", "--format", "nquads"]);
    let reference = canonical(&nquads, RdfFormat::NQuads, false);
    assert!(reference.len() > 1000, "only {} quads", reference.len());

    // the N-Quads export is exactly what the library maps (with the dataset description)
    let input = mura::Input {
        data: Some(root().join("data")),
        ..mura::Input::default()
    };
    let store = mura::graph::store::memory(mura::graph_quads(&input).unwrap()).unwrap();
    let library = mura::canonical_nquads(&store).unwrap();
    assert_same_text(
        "N-Quads export vs the mapped dataset",
        &library.join("\n"),
        &reference.join("\n"),
    );

    let triples = {
        let mut t: Vec<String> = reference
            .iter()
            .map(|l| canonical(l, RdfFormat::NQuads, true).remove(0))
            .collect();
        t.sort();
        t.dedup();
        t
    };
    for (name, datasets) in FORMATS {
        let text = stdout_of(&["export", "--format", name]);
        let format = rdf_format(name);
        assert_eq!(format.supports_datasets(), *datasets, "{name}");
        let (got, expected) = if *datasets {
            (canonical(&text, format, false), &reference)
        } else {
            (canonical(&text, format, true), &triples)
        };
        assert_same_text(
            &format!("{name} export parsed by oxigraph"),
            &expected.join("\n"),
            &got.join("\n"),
        );
    }
}

/// Checks that every prefix declared in `text` (`@prefix p: <…> .` lines) is used after
/// the declarations; returns the body.
fn assert_prefixes_used<'a>(what: &str, text: &'a str) -> &'a str {
    let body_start = text
        .lines()
        .take_while(|l| l.starts_with("@prefix "))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let (head, body) = text.split_at(body_start);
    assert!(!head.is_empty(), "{what}: no prefixes declared");
    for line in head.lines() {
        let prefix = line["@prefix ".len()..].split(':').next().unwrap();
        let needle = format!("{prefix}:");
        let used = body.match_indices(&needle).any(|(i, _)| {
            body[..i]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || "^,;([".contains(c))
        });
        assert!(
            used,
            "{what}: prefix `{prefix}:` is declared but never used"
        );
    }
    assert!(
        !body.contains("@prefix"),
        "{what}: a prefix declared after the first statement"
    );
    body
}

#[test]
fn turtle_is_pretty() {
    let ttl = stdout_of(&["export"]);
    let body = assert_prefixes_used("turtle", &ttl);

    // blocks: a line at column 0 starts a subject, tab-indented lines continue it
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    for line in body.lines() {
        if line.starts_with('\t') {
            blocks
                .last_mut()
                .expect("a continuation line before any subject")
                .push(line);
        } else {
            assert!(!line.is_empty(), "blank line in the Turtle body");
            blocks.push(vec![line]);
        }
    }
    let mut seen = BTreeSet::new();
    let mut typed_blocks = 0;
    for block in &blocks {
        let mut words = block[0].split(' ');
        let subject = words.next().unwrap();
        assert!(
            seen.insert(subject),
            "subject {subject} has more than one block"
        );
        if words.next() == Some("a") {
            typed_blocks += 1;
        }
        assert!(
            block.last().unwrap().ends_with(" ."),
            "block of {subject} does not end with ` .`"
        );
        for line in &block[1..] {
            let predicate = line.trim_start().split(' ').next().unwrap();
            assert!(
                predicate != "a" && predicate != "rdf:type",
                "{subject}: rdf:type after another predicate: {line}"
            );
        }
    }
    // one block per subject, and every subject with a type has `a` first
    let triples = canonical(&ttl, RdfFormat::Turtle, true);
    let subjects: BTreeSet<&str> = triples
        .iter()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    let typed: BTreeSet<&str> = triples
        .iter()
        .filter(|l| {
            l.split(' ').nth(1) == Some("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>")
        })
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(blocks.len(), subjects.len(), "one block per subject");
    assert_eq!(
        typed_blocks,
        typed.len(),
        "every typed subject starts with `a`"
    );

    let trig = stdout_of(&["export", "--format", "trig"]);
    assert_prefixes_used("trig", &trig);
    let minimal = stdout_of(&["export", "--data", "tests/fixtures/minimal"]);
    let body = assert_prefixes_used("turtle of the minimal fixture", &minimal);
    assert!(
        !minimal.contains("@prefix skos:"),
        "skos is not used by the minimal fixture"
    );
    assert!(body.contains("museum:ykylas-museum a "));
}

#[test]
fn graph_selects_one_named_graph() {
    let all = canonical(
        &stdout_of(&["export", "--format", "nquads"]),
        RdfFormat::NQuads,
        false,
    );
    let article = "<https://w3id.org/mura/id/graph/article>";
    let expected: Vec<&String> = all
        .iter()
        .filter(|l| l.ends_with(&format!(" {article} .")))
        .collect();
    assert!(!expected.is_empty() && expected.len() < all.len());
    for graph in ["article", "https://w3id.org/mura/id/graph/article"] {
        let got = canonical(
            &stdout_of(&["export", "--format", "nquads", "--graph", graph]),
            RdfFormat::NQuads,
            false,
        );
        assert_eq!(got.iter().collect::<Vec<_>>(), expected, "--graph {graph}");
    }
    // graph-only formats get that graph's triples
    let ttl = canonical(
        &stdout_of(&["export", "--graph", "article"]),
        RdfFormat::Turtle,
        true,
    );
    assert_eq!(ttl.len(), expected.len());
}

#[test]
fn an_unknown_graph_lists_the_graphs() {
    let err = stderr_of_failure(&["export", "--graph", "nope"]);
    assert_same_text(
        "mura export --graph nope",
        "mura: no graph `nope` in this dataset: use one of article, curation, meta, wikidata\n",
        &err,
    );
}

#[test]
fn output_format_follows_the_extension_unless_format_is_given() {
    let turtle = stdout_of(&["export"]);
    let ntriples = stdout_of(&["export", "--format", "ntriples"]);
    let tmp = tempfile::tempdir().unwrap();
    let path = |name: &str| tmp.path().join(name).to_str().unwrap().to_owned();
    let read = |name: &str| std::fs::read_to_string(tmp.path().join(name)).unwrap();

    stdout_of(&["export", "-o", &path("out.ttl")]);
    assert!(read("out.ttl") == turtle, "-o out.ttl is Turtle");
    stdout_of(&["export", "-o", &path("out.nt")]);
    assert!(read("out.nt") == ntriples, "-o out.nt is N-Triples");
    stdout_of(&["export", "--format", "ntriples", "-o", &path("forced.ttl")]);
    assert!(
        read("forced.ttl") == ntriples,
        "--format wins over the extension"
    );
    let written = |dir: &Path| -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let before = written(tmp.path());

    let err = stderr_of_failure(&["export", "-o", &path("out.docx")]);
    assert!(
        err.starts_with("mura: cannot tell the RDF format of ") && err.contains("--format"),
        "{err}"
    );
    assert_eq!(written(tmp.path()), before, "a failed export wrote a file");
    stdout_of(&["export", "--format", "turtle", "-o", &path("out.docx")]);
    assert!(read("out.docx") == turtle);
}

#[test]
fn help_shows_examples() {
    let help = stdout_of(&["--help"]);
    assert!(help.contains("Examples:"), "{help}");
    assert!(
        help.contains("mura export --format trig --graph article"),
        "{help}"
    );
    assert!(help.contains("mura query -e"), "{help}");
    let help = stdout_of(&["query", "--help"]);
    assert!(help.contains("mura query award"), "{help}");
    assert!(help.contains("-e, --expression"), "{help}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let bin = assert_cmd::cargo::cargo_bin("mura");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"("$0" export; echo "mura-exit=$?" >&2) | head -1"#)
        .arg(&bin)
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("mura-exit=0"),
        "mura did not exit 0: {stderr}"
    );
    assert!(
        !stderr.contains("mura:"),
        "mura reported an error: {stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn query_ask_and_syntax_errors() {
    assert_eq!(
        stdout_of(&["query", "-e", "ASK { ?s ?p ?o }"]).trim(),
        "yes"
    );
    let ask = "ASK { <https://example.org/mura/museum/ykylas-museum> ?p ?o }";
    assert_eq!(
        stdout_of(&["query", "--data", "tests/fixtures/minimal", "-e", ask]).trim(),
        "yes"
    );
    assert_eq!(stdout_of(&["query", "-e", ask]).trim(), "no");
    let err = stderr_of_failure(&["query", "-e", "SELEC * WHERE { ?s ?p ?o }"]);
    assert!(err.starts_with("mura: SPARQL syntax error in -e"), "{err}");
}

#[cfg(not(feature = "rocksdb"))]
#[test]
fn store_needs_the_rocksdb_feature() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("kg");
    let store = store.to_str().unwrap();
    for args in [
        vec!["build", "--store", store],
        vec!["query", "-e", "ASK { ?s ?p ?o }", "--store", store],
        vec!["export", "--store", store],
    ] {
        let err = stderr_of_failure(&args);
        assert!(
            err.starts_with(&format!(
                "mura: --store {store}: this mura was built without the on-disk store"
            )),
            "{err}"
        );
        assert!(
            err.contains("--features rocksdb"),
            "the message names the feature: {err}"
        );
    }
    assert!(
        std::fs::read_dir(tmp.path()).unwrap().next().is_none(),
        "something was written"
    );
}

#[cfg(feature = "rocksdb")]
mod on_disk {
    use super::*;
    use std::collections::BTreeMap;

    const QUERIES: &[&str] = &[
        "ASK { ?s ?p ?o }",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        "SELECT ?museum ?city WHERE { ?museum a <https://w3id.org/mura/ontology#Museum> ; <http://schema.org/containedInPlace> ?city } ORDER BY ?museum",
    ];

    /// The answers of [`QUERIES`] and the N-Quads export, from `source` args.
    fn answers(source: &[&str]) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for q in QUERIES {
            let mut args = vec!["query", "-e", q];
            args.extend_from_slice(source);
            out.insert(q.to_string(), stdout_of(&args));
        }
        let mut args = vec!["export", "--format", "nquads"];
        args.extend_from_slice(source);
        out.insert("export".into(), stdout_of(&args));
        out
    }

    fn assert_no_leftovers(parent: &Path) {
        let names: BTreeSet<String> = std::fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            BTreeSet::from(["kg".to_owned()]),
            "leftovers beside the store"
        );
    }

    #[test]
    fn build_query_rebuild_and_a_failed_build() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("kg");
        let store = dir.to_str().unwrap();
        let in_memory = answers(&[]);

        // build: same summary as in memory, same answers
        let summary = stdout_of(&["build", "--store", store]);
        let golden =
            std::fs::read_to_string(root().join("tests/expected/build-summary.txt")).unwrap();
        let golden = golden.replacen(
            "into memory (use --store DIR to keep it)",
            &format!("into store {store}"),
            1,
        );
        assert_same_text("mura build --store", &golden, &summary);
        assert_eq!(
            answers(&["--store", store]),
            in_memory,
            "the store answers like the in-memory graph"
        );
        assert_no_leftovers(tmp.path());

        // rebuild over it with other data, then with the shipped data again
        stdout_of(&[
            "build",
            "--data",
            "tests/fixtures/minimal",
            "--store",
            store,
        ]);
        let minimal = answers(&["--store", store]);
        assert_eq!(minimal, answers(&["--data", "tests/fixtures/minimal"]));
        assert_ne!(minimal, in_memory);
        stdout_of(&["build", "--store", store]);
        assert_eq!(answers(&["--store", store]), in_memory);
        assert_no_leftovers(tmp.path());

        // a failed build leaves the old store intact and queryable
        let err = stderr_of_failure(&[
            "build",
            "--data",
            "tests/fixtures/unknown-reference",
            "--store",
            store,
        ]);
        assert!(err.contains("unknown id `almatty`"), "{err}");
        assert_eq!(
            answers(&["--store", store]),
            in_memory,
            "the old store survives a failed build"
        );
        assert_no_leftovers(tmp.path());
    }

    #[test]
    fn a_directory_that_is_not_a_store_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("kg");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        let err = stderr_of_failure(&["build", "--store", dir.to_str().unwrap()]);
        assert!(err.contains("is not an oxigraph store"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
            "mine"
        );
        assert_no_leftovers(tmp.path());
    }

    #[test]
    fn querying_a_missing_store_says_how_to_build_one() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("none");
        let err = stderr_of_failure(&[
            "query",
            "-e",
            "ASK { ?s ?p ?o }",
            "--store",
            dir.to_str().unwrap(),
        ]);
        assert!(err.contains("mura build --store"), "{err}");
    }
}
