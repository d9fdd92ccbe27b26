//! The named competency queries in `queries/`: every `NAME.rq` is run with
//! `mura query NAME --format tsv` and its output compared, byte for byte, with the expected
//! answer in `NAME.tsv` (checked by hand against facts.md and the article). The federated
//! ones ask a loopback Oxigraph server instead of Wikidata, and are ignored without one.
//!
//! To update an expected answer after a deliberate data or query change:
//! `mura query NAME --format tsv > queries/NAME.tsv`, then check the diff row by row.

mod common;

use common::endpoint::Endpoint;
use common::{assert_same_text, fixture, mura, root, stdout_of};
use std::path::PathBuf;

/// Queries whose answers are not compared, each with the reason. Keep it short and
/// explained: a query belongs here only when its answer cannot be fixed offline (e.g. a
/// federated query with SERVICE <https://query.wikidata.org/sparql>). Their headers and
/// expected files are still checked.
const SKIP: &[(&str, &str)] = &[
    // ("wikidata-labels", "federated: SERVICE to the Wikidata endpoint needs the network"),
];

fn queries_dir() -> PathBuf {
    root().join("queries")
}

/// The names (file stems) of `queries/*.rq`, sorted.
fn query_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(queries_dir())
        .expect("queries/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Federated queries (`SERVICE <https://query.wikidata.org/sparql>`) run offline: against
/// a loopback endpoint serving `tests/fixtures/wikidata-subset.ttl`, through
/// `--service-endpoint`.
fn is_federated(name: &str) -> bool {
    std::fs::read_to_string(queries_dir().join(format!("{name}.rq")))
        .is_ok_and(|t| t.contains("SERVICE <https://query.wikidata.org/sparql>"))
}

fn skip_reason(name: &str) -> Option<&'static str> {
    SKIP.iter().find(|(n, _)| *n == name).map(|(_, why)| *why)
}

#[test]
fn there_are_at_least_fourteen_named_queries() {
    let names = query_names();
    assert!(
        names.len() >= 14,
        "only {} named queries: {names:?}",
        names.len()
    );
    for required in [
        "members",
        "award",
        "exhibition-cities",
        "internship-cities",
        "namesakes",
        "offices",
        "countries",
        "quotation",
        "free-entry",
        "counted-activities",
        "fact-source",
        "fact-provenance",
        "unlinked",
        "linked",
        "background",
    ] {
        assert!(
            names.iter().any(|n| n == required),
            "missing queries/{required}.rq"
        );
    }
}

#[test]
fn skip_list_names_existing_queries_with_reasons() {
    let names = query_names();
    for (name, reason) in SKIP {
        assert!(
            names.iter().any(|n| n == name),
            "SKIP names `{name}`, which is not in queries/"
        );
        assert!(
            !reason.trim().is_empty(),
            "SKIP entry `{name}` needs a reason"
        );
    }
}

#[test]
fn every_query_has_en_and_kk_headers_and_an_expected_answer() {
    let mut problems = Vec::new();
    for name in query_names() {
        let text = std::fs::read_to_string(queries_dir().join(format!("{name}.rq"))).unwrap();
        let mut lines = text.lines();
        match lines.next() {
            Some(l) if l.starts_with("# en: ") && l.len() > "# en: ".len() => {}
            other => problems.push(format!(
                "{name}.rq: first line must be `# en: <question>`, got {other:?}"
            )),
        }
        match lines.next() {
            Some(l) if l.starts_with("# kk: ") && l.len() > "# kk: ".len() => {}
            other => problems.push(format!(
                "{name}.rq: second line must be `# kk: <question>`, got {other:?}"
            )),
        }
        if !queries_dir().join(format!("{name}.tsv")).is_file() {
            problems.push(format!("{name}.rq has no expected answer {name}.tsv"));
        }
        let upper = text.to_uppercase();
        if upper.contains("SELECT") && !upper.contains("ORDER BY") {
            problems.push(format!(
                "{name}.rq: a SELECT needs ORDER BY for a deterministic answer"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_expected_answer_has_a_query() {
    for entry in std::fs::read_dir(queries_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tsv") {
            assert!(
                path.with_extension("rq").is_file(),
                "{} has no query",
                path.display()
            );
        }
    }
}

/// Runs `mura query NAME --format tsv` (through `service` for a federated query) and
/// compares the answer with `queries/NAME.tsv`.
fn assert_expected_answer(name: &str, service: Option<&str>) {
    let mut args = vec!["query", name, "--format", "tsv"];
    if let Some(url) = service {
        args.extend(["--service-endpoint", url]);
    }
    let expected_path = queries_dir().join(format!("{name}.tsv"));
    let expected = std::fs::read_to_string(&expected_path)
        .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
    let got = stdout_of(&args);
    assert_same_text(
        &format!("mura query {name} --format tsv vs queries/{name}.tsv"),
        &expected,
        &got,
    );
}

#[test]
fn every_query_gives_its_expected_answer() {
    let mut checked = 0;
    for name in query_names() {
        if let Some(why) = skip_reason(&name) {
            eprintln!("skipping {name}: {why}");
            continue;
        }
        if is_federated(&name) {
            continue; // every_federated_query_gives_its_expected_answer_offline
        }
        assert_expected_answer(&name, None);
        checked += 1;
    }
    assert!(checked >= 14, "only {checked} queries compared");
}

/// The federated queries, with their Wikidata SERVICE sent to a loopback endpoint serving
/// `tests/fixtures/wikidata-subset.ttl`.
#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn every_federated_query_gives_its_expected_answer_offline() {
    let names: Vec<String> = query_names()
        .into_iter()
        .filter(|n| is_federated(n) && skip_reason(n).is_none())
        .collect();
    assert!(names.len() >= 2, "only {names:?} are federated");
    let endpoint = Endpoint::start(&fixture("wikidata-subset.ttl"));
    for name in &names {
        assert_expected_answer(name, Some(&endpoint.url));
    }
}

#[test]
fn award_table_view_is_aligned_and_counts_its_row() {
    let out = stdout_of(&["query", "award"]);
    assert!(
        out.contains("Best Museum of the Turkic World"),
        "no award name in:\n{out}"
    );
    assert!(out.contains("Sultan Raev"), "no presenter in:\n{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.last(), Some(&"(1 row)"), "no row count in:\n{out}");
    // Header, rule, one row: all pipe-framed and of the same width (in characters).
    let table = &lines[..lines.len() - 1];
    assert_eq!(table.len(), 3, "expected header, rule and one row:\n{out}");
    let widths: Vec<usize> = table.iter().map(|l| l.chars().count()).collect();
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "rows not aligned ({widths:?}):\n{out}"
    );
    assert!(
        table.iter().all(|l| l.starts_with('|') && l.ends_with('|')),
        "not a table:\n{out}"
    );
    assert!(
        table[1].starts_with("|-"),
        "no rule under the header:\n{out}"
    );
    // The columns line up: every `|` is at the same character position on every line.
    let bars = |l: &str| {
        l.chars()
            .enumerate()
            .filter(|(_, c)| *c == '|')
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        bars(table[0]),
        bars(table[2]),
        "columns not aligned:\n{out}"
    );
}

#[test]
fn members_in_kazakh_show_kazakh_names_for_the_museums() {
    let out = stdout_of(&["query", "members", "--lang", "kk"]);
    // The museum IRIs are shown by their Kazakh names, not as compact IRIs.
    assert!(
        !out.contains(":museum/"),
        "museum IRIs not replaced by Kazakh names:\n{out}"
    );
    for kk in [
        "Ықылас атындағы халық музыкалық аспаптар музейі",
        "Ахмет Байтұрсынұлының музей үйі",
        "Алматы қаласының тарихының музейі",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(&format!("| {kk} "))),
            "no row starting with the Kazakh name `{kk}`:\n{out}"
        );
    }
    assert!(
        out.trim_end().ends_with("(8 rows)"),
        "expected 8 members:\n{out}"
    );
}

#[test]
fn an_unknown_named_query_fails_with_the_list_of_names() {
    let out = mura().args(["query", "no-such-query"]).output().unwrap();
    assert!(!out.status.success(), "an unknown query must fail");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("members"),
        "the error should list the named queries:\n{err}"
    );
}
