//! `mura link` against a real SPARQL endpoint on loopback (the Oxigraph server loaded with
//! `tests/fixtures/wikidata-subset.ttl`: the verified items of facts.md plus decoys), and
//! the sameAs links of the shipped graph against facts.md.

mod common;

use common::endpoint::{Endpoint, proxy};
use common::{assert_same_text, copy_dir, fixture, mura, root, shared_file, stdout_of};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

fn wikidata_endpoint() -> Endpoint {
    Endpoint::start(&fixture("wikidata-subset.ttl"))
}

/// A copy of the shipped dataset with the `wikidata = …` lines of `ids` removed (all of
/// them when `ids` is empty).
fn data_without_ids(dir: &Path, ids: &[&str]) -> std::path::PathBuf {
    let data = dir.join("data");
    copy_dir(&root().join("data"), &data);
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = String::new();
        let mut current = String::new();
        for line in text.split_inclusive('\n') {
            if let Some(id) = line.strip_prefix("id = ") {
                current = id.trim().trim_matches('"').to_owned();
            }
            if line.starts_with("wikidata = ")
                && (ids.is_empty() || ids.contains(&current.as_str()))
            {
                continue;
            }
            out.push_str(line);
        }
        std::fs::write(&path, out).unwrap();
    }
    data
}

/// The rows of the candidate table: (entity, candidate, score).
fn rows(out: &str) -> Vec<(String, String, f64)> {
    out.lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (
                cells[0].to_owned(),
                cells[1].to_owned(),
                cells[4].parse().unwrap_or(-1.0),
            )
        })
        .collect()
}

/// The verified ids of facts.md: (English name, Q-id) for the organisations and places
/// tables, with the countries given in parentheses ("South Korea (Q884)").
fn verified_ids() -> BTreeSet<(String, String)> {
    let facts = std::fs::read_to_string(shared_file("facts.md")).unwrap();
    let mut out = BTreeSet::new();
    let mut section = "";
    for line in facts.lines() {
        if let Some(title) = line.strip_prefix("### ") {
            section = if title.starts_with("Organisations") {
                "org"
            } else if title.starts_with("Places") {
                "places"
            } else {
                ""
            };
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let qid = |cell: &str| {
            cell.split_whitespace()
                .next()
                .filter(|w| w.starts_with('Q') && w[1..].chars().all(|c| c.is_ascii_digit()))
                .map(str::to_owned)
        };
        match section {
            "org" if cells.len() == 5 => {
                if let Some(q) = qid(cells[4]) {
                    out.insert((cells[2].to_owned(), q));
                }
            }
            "places" if cells.len() == 4 => {
                if let Some(q) = qid(cells[2]) {
                    out.insert((cells[1].to_owned(), q));
                }
                // "city, South Korea (Q884)": the country of a foreign city.
                if let Some((before, after)) = cells[3].split_once(" (Q") {
                    let country = before.rsplit(", ").next().unwrap().to_owned();
                    out.insert((country, format!("Q{}", after.trim_end_matches(')'))));
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
#[cfg_attr(
    not(mura_shared),
    ignore = "needs ../shared/facts.md beside the project (CI provides it)"
)]
fn the_shipped_graph_links_exactly_the_verified_ids_of_facts_md() {
    let verified = verified_ids();
    assert_eq!(
        verified.len(),
        23,
        "TURKSOY, the Louvre, 16 places, 5 countries: {verified:?}"
    );
    let query = "PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX schema: <http://schema.org/>
SELECT ?name ?item ?same WHERE {
  ?e owl:sameAs ?item ; schema:name ?name . FILTER(lang(?name) = \"en\")
  OPTIONAL { ?e schema:sameAs ?same FILTER(?same = ?item) }
} ORDER BY ?name";
    let out = stdout_of(&["query", "-e", query, "--format", "tsv"]);
    let mut linked = BTreeSet::new();
    for line in out.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let name = cells[0].trim_start_matches('"').trim_end_matches("\"@en");
        let item = cells[1]
            .strip_prefix("<http://www.wikidata.org/entity/")
            .and_then(|s| s.strip_suffix('>'))
            .unwrap_or_else(|| panic!("owl:sameAs to a non-Wikidata IRI: {line}"));
        assert_eq!(
            cells[2], cells[1],
            "{name}: owl:sameAs without schema:sameAs"
        );
        linked.insert((name.to_owned(), item.to_owned()));
    }
    assert_eq!(linked, verified, "sameAs links vs facts.md");
    // And no schema:sameAs without its owl:sameAs.
    let stray = stdout_of(&[
        "query",
        "-e",
        "PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX schema: <http://schema.org/>
SELECT ?e ?x WHERE { ?e schema:sameAs ?x FILTER NOT EXISTS { ?e owl:sameAs ?x } } ORDER BY ?e",
        "--format",
        "tsv",
    ]);
    assert_eq!(stray, "?e\t?x\n");
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn almaty_without_its_id_gets_q35493_first_and_the_decoy_lower() {
    let endpoint = wikidata_endpoint();
    let tmp = tempfile::tempdir().unwrap();
    let data = data_without_ids(tmp.path(), &["almaty"]);
    let out = stdout_of(&[
        "link",
        "--data",
        data.to_str().unwrap(),
        "--endpoint",
        &endpoint.url,
        "--entity",
        "almaty",
    ]);
    assert_same_text(
        "mura link --entity almaty",
        "\
| entity       | candidate  | label  | description                | score | evidence                                                  |
|--------------|------------|--------|----------------------------|-------|-----------------------------------------------------------|
| place/almaty | Q35493     | Almaty | largest city in Kazakhstan | 0.90  | label kk+en+ru; city (Q515); P17 Q232                     |
| place/almaty | Q999000001 | Almaty | village (test decoy)       | 0.00  | label en+ru; not city (P31 Q999000090); P17 Q813 not Q232 |
(2 rows)

accepted (score >= 0.75, ahead of the next by >= 0.10):
  place/almaty -> Q35493
dry run: nothing written (--apply writes the accepted ids into the data files)
",
        &out,
    );
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn every_removed_id_is_ranked_first_and_no_decoy_above_it() {
    let endpoint = wikidata_endpoint();
    let tmp = tempfile::tempdir().unwrap();
    let data = data_without_ids(tmp.path(), &[]);
    let out = stdout_of(&[
        "link",
        "--data",
        data.to_str().unwrap(),
        "--endpoint",
        &endpoint.url,
    ]);
    let expected =
        std::fs::read_to_string(root().join("tests/expected/link-all-ids-removed.txt")).unwrap();
    assert_same_text("mura link on the dataset without ids", &expected, &out);
    // The same, checked rule by rule: the right item first for every verified entity.
    let rows = rows(&out);
    let shipped = std::fs::read_to_string(root().join("data/places.toml")).unwrap()
        + &std::fs::read_to_string(root().join("data/organisations.toml")).unwrap()
        + &std::fs::read_to_string(root().join("data/museums.toml")).unwrap();
    let mut expected_first = Vec::new();
    let mut id = String::new();
    for line in shipped.lines() {
        if let Some(v) = line.strip_prefix("id = ") {
            id = v.trim_matches('"').to_owned();
        }
        if let Some(q) = line.strip_prefix("wikidata = ") {
            expected_first.push((id.clone(), q.trim_matches('"').to_owned()));
        }
    }
    assert_eq!(expected_first.len(), 23);
    for (id, q) in &expected_first {
        let mine: Vec<&(String, String, f64)> = rows
            .iter()
            .filter(|(e, _, _)| e.rsplit('/').next() == Some(id.as_str()))
            .collect();
        let first = mine
            .first()
            .unwrap_or_else(|| panic!("no row for {id}:\n{out}"));
        assert_eq!(&first.1, q, "{id}: wrong item first:\n{out}");
        for (_, other, score) in &mine[1..] {
            assert!(
                *score < first.2,
                "{id}: {other} ({score}) is not below {q} ({}):\n{out}",
                first.2
            );
        }
        assert!(
            out.contains(&format!("  {} -> {q}\n", first.0)),
            "{id} -> {q} not accepted:\n{out}"
        );
    }
    // Decoys are never accepted.
    assert!(!out.contains("-> Q999"), "a decoy was accepted:\n{out}");
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn apply_writes_back_exactly_the_shipped_ids_keeping_comments() {
    let endpoint = wikidata_endpoint();
    let tmp = tempfile::tempdir().unwrap();
    let data = data_without_ids(tmp.path(), &[]);
    let before: Vec<(String, String)> = ["places.toml", "organisations.toml", "museums.toml"]
        .iter()
        .map(|f| {
            (
                f.to_string(),
                std::fs::read_to_string(data.join(f)).unwrap(),
            )
        })
        .collect();
    let args = [
        "link",
        "--data",
        data.to_str().unwrap(),
        "--endpoint",
        &endpoint.url,
        "--apply",
    ];
    let out = stdout_of(&args);
    assert!(out.ends_with("23 ids written\n"), "{out}");
    assert!(
        out.contains(&format!(
            "wrote wikidata = \"Q35493\" to {} (place `almaty`)\n",
            data.join("places.toml").display()
        )),
        "{out}"
    );
    // Every comment and every other line is kept, in order; the only new lines are the ids.
    for (name, old) in &before {
        let new = std::fs::read_to_string(data.join(name)).unwrap();
        let added: Vec<&str> = {
            let mut old_lines = old.lines().peekable();
            let mut added = Vec::new();
            for line in new.lines() {
                if old_lines.peek() == Some(&line) {
                    old_lines.next();
                } else {
                    added.push(line);
                }
            }
            assert!(old_lines.next().is_none(), "{name}: a line was lost");
            added
        };
        assert!(
            added.iter().all(|l| l.starts_with("wikidata = \"Q")),
            "{name}: unexpected new lines {added:?}"
        );
    }
    // The graph built from the edited data is the shipped graph, byte for byte.
    let shipped = stdout_of(&["export", "--format", "nquads"]);
    let edited = stdout_of(&[
        "export",
        "--format",
        "nquads",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert!(
        edited == shipped,
        "the applied ids differ from the shipped ones"
    );
    // A second run finds nothing left to link among the verified ones and writes nothing.
    let again = stdout_of(&args);
    assert!(again.ends_with("0 ids written\n"), "{again}");
    assert!(!again.contains("-> Q"), "{again}");
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn a_curated_id_is_never_replaced() {
    let endpoint = wikidata_endpoint();
    let tmp = tempfile::tempdir().unwrap();
    let data = data_without_ids(tmp.path(), &["almaty"]);
    // A curator chose an id by hand (here: a decoy): link leaves the record alone.
    let places = data.join("places.toml");
    let text = std::fs::read_to_string(&places).unwrap().replace(
        "id = \"almaty\"\n",
        "id = \"almaty\"\nwikidata = \"Q999000001\"\n",
    );
    std::fs::write(&places, &text).unwrap();
    let out = stdout_of(&[
        "link",
        "--data",
        data.to_str().unwrap(),
        "--endpoint",
        &endpoint.url,
        "--apply",
    ]);
    assert!(!out.contains("place/almaty"), "{out}");
    assert_eq!(std::fs::read_to_string(&places).unwrap(), text);
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn a_429_with_retry_after_is_waited_out_and_the_user_agent_is_sent() {
    let endpoint = wikidata_endpoint();
    let proxy = proxy(endpoint.port, 1);
    let tmp = tempfile::tempdir().unwrap();
    let data = data_without_ids(tmp.path(), &["almaty"]);
    let start = Instant::now();
    let out = mura()
        .args([
            "link",
            "--data",
            data.to_str().unwrap(),
            "--endpoint",
            &proxy.url,
            "--entity",
            "almaty",
            "--user-agent",
            "mura-test/1.0 (https://example.org/mura-test; test@example.org)",
        ])
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "mura: {} answered HTTP 429 Too Many Requests; waiting 1 s (Retry-After) before retrying\n",
            proxy.url
        )
    );
    assert!(
        elapsed >= Duration::from_secs(1),
        "did not wait: {elapsed:?}"
    );
    assert!(stdout.contains("  place/almaty -> Q35493\n"), "{stdout}");
    // The label, details and class queries, plus the refused first attempt.
    assert_eq!(proxy.hits.load(Ordering::SeqCst), 4);
    let agents = proxy.agents.lock().unwrap();
    assert!(
        agents
            .iter()
            .all(|a| a == "mura-test/1.0 (https://example.org/mura-test; test@example.org)"),
        "{agents:?}"
    );
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn the_default_user_agent_names_mura_and_a_contact() {
    let endpoint = wikidata_endpoint();
    let proxy = proxy(endpoint.port, 0);
    let tmp = tempfile::tempdir().unwrap();
    let data = data_without_ids(tmp.path(), &["almaty"]);
    stdout_of(&[
        "link",
        "--data",
        data.to_str().unwrap(),
        "--endpoint",
        &proxy.url,
        "--entity",
        "almaty",
    ]);
    let agents = proxy.agents.lock().unwrap();
    let expected = format!(
        "mura/{} (+https://w3id.org/mura/; linked-data tool for cultural-heritage records) oxhttp/0.3",
        env!("CARGO_PKG_VERSION")
    );
    assert!(
        !agents.is_empty() && agents.iter().all(|a| *a == expected),
        "{agents:?}"
    );
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn a_rerun_with_a_cache_asks_the_endpoint_nothing() {
    let endpoint = wikidata_endpoint();
    let proxy = proxy(endpoint.port, 0);
    let tmp = tempfile::tempdir().unwrap();
    let data = data_without_ids(tmp.path(), &["almaty", "paris", "louvre"]);
    let cache = tmp.path().join("cache");
    let args = [
        "link",
        "--data",
        data.to_str().unwrap(),
        "--endpoint",
        &proxy.url,
        "--cache",
        cache.to_str().unwrap(),
    ];
    let first = stdout_of(&args);
    let asked = proxy.hits.load(Ordering::SeqCst);
    assert!(asked > 0);
    let second = stdout_of(&args);
    assert_eq!(
        proxy.hits.load(Ordering::SeqCst),
        asked,
        "the rerun asked the endpoint"
    );
    assert_eq!(first, second);
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), asked);
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn injection_attempts_in_labels_are_inert() {
    let endpoint = wikidata_endpoint();
    let tmp = tempfile::tempdir().unwrap();
    let data = data_without_ids(tmp.path(), &[]);
    // Names that would widen the query if they were spliced in as text.
    let places = data.join("places.toml");
    let text = std::fs::read_to_string(&places).unwrap().replace(
        "name = { kk = \"Еуропа\", en = \"Europe\", ru = \"Европа\" }",
        r#"name = { kk = "Еуропа\" } ?item ?p ?o . } #", en = "x\"@en } UNION { ?item ?p ?o } #", ru = "}\n} LIMIT 1 \\" }"#,
    );
    assert!(text.contains("UNION"), "the replacement did not apply");
    std::fs::write(&places, &text).unwrap();
    let out = stdout_of(&[
        "link",
        "--data",
        data.to_str().unwrap(),
        "--endpoint",
        &endpoint.url,
        "--entity",
        "europe",
    ]);
    assert!(
        out.starts_with(
            "| entity       | candidate | label          | description | score | evidence |\n"
        ) && out.contains("| place/europe | -         | (no candidate) |")
            && out.contains("(1 row)"),
        "{out}"
    );
}

#[test]
fn bad_link_options_fail_with_the_fix() {
    let err = |args: &[&str]| {
        let out = mura().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    assert_eq!(
        err(&["link", "--timeout", "60"]),
        "mura: --timeout 60 s: use 1 to 59 seconds (WDQS stops queries at 60 s)\n"
    );
    assert_eq!(
        err(&["link", "--min-score", "1.5"]),
        "mura: --min-score 1.5: use a score between 0 and 1\n"
    );
    assert_eq!(
        err(&["link", "--entity", "nowhere"]),
        "mura: --entity `nowhere`: no record has that id in data\n"
    );
    assert_eq!(
        err(&["link", "--entity", "raev-quotation"]),
        "mura: --entity `raev-quotation` is a quotation: mura links places, organisations, museums, people and awards\n"
    );
    // Nothing listens on port 9 of loopback: the endpoint is named with what to check.
    let refused = err(&[
        "link",
        "--entity",
        "europe",
        "--endpoint",
        "http://127.0.0.1:9/sparql",
    ]);
    assert!(
        refused.starts_with("mura: SPARQL endpoint http://127.0.0.1:9/sparql cannot be reached (")
            && refused.ends_with("): check --endpoint and the network\n"),
        "{refused}"
    );
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn a_federated_query_asks_the_service_endpoint_once_about_the_linked_items_only() {
    let endpoint = wikidata_endpoint();
    let proxy = proxy(endpoint.port, 0);
    let out = stdout_of(&[
        "query",
        "exhibition-cities-wikidata",
        "--format",
        "tsv",
        "--service-endpoint",
        &proxy.url,
    ]);
    let expected =
        std::fs::read_to_string(root().join("queries/exhibition-cities-wikidata.tsv")).unwrap();
    assert_same_text("exhibition-cities-wikidata via the proxy", &expected, &out);
    // The fixture's coordinates, for the five cities of the exhibitions.
    assert!(
        out.contains("<http://www.wikidata.org/entity/Q406>\t\"Point(28.98 41.01)\"^^"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 6, "{out}");
    // One request (not one per city), with mura's User-Agent, bound to the linked items.
    assert_eq!(proxy.hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        proxy.agents.lock().unwrap()[0],
        format!(
            "mura/{} (+https://w3id.org/mura/; linked-data tool for cultural-heritage records) oxhttp/0.3",
            env!("CARGO_PKG_VERSION")
        )
    );
    let query = proxy.queries.lock().unwrap()[0].clone();
    assert!(
        query.contains("VALUES ( ?item ) {")
            && query.contains("<http://www.wikidata.org/entity/Q35493>"),
        "the SERVICE pattern is not restricted to the linked items:\n{query}"
    );
}

#[test]
fn a_federated_query_names_an_unreachable_service() {
    let out = mura()
        .args([
            "query",
            "wikidata-kk-labels",
            "--service-endpoint",
            "http://127.0.0.1:9/sparql",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("mura: query ")
            && err.contains("SPARQL endpoint http://127.0.0.1:9/sparql cannot be reached (")
            && err
                .trim_end()
                .ends_with("check --service-endpoint and the network"),
        "{err}"
    );
    // said once (it was repeated, and named `mura link`'s --endpoint)
    assert_eq!(err.matches("cannot be reached").count(), 1, "{err}");
}

#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn a_kazakh_cyrillic_name_finds_an_item_by_its_latin_label() {
    let endpoint = wikidata_endpoint();
    let tmp = tempfile::tempdir().unwrap();
    let data = data_without_ids(tmp.path(), &["almaty"]);
    // Only the old name, in Cyrillic: the fixture has it only as the Latin alias "Alma-Ata".
    let places = data.join("places.toml");
    let text = std::fs::read_to_string(&places).unwrap().replace(
        "name = { kk = \"Алматы\", en = \"Almaty\", ru = \"Алматы\" }",
        "name = { kk = \"Алма-Ата\", en = \"Alma Ata (old name)\" }",
    );
    assert!(text.contains("Алма-Ата"), "the replacement did not apply");
    std::fs::write(&places, &text).unwrap();
    let out = stdout_of(&[
        "link",
        "--data",
        data.to_str().unwrap(),
        "--endpoint",
        &endpoint.url,
        "--entity",
        "almaty",
    ]);
    let rows = rows(&out);
    assert_eq!(rows.len(), 1, "{out}");
    assert_eq!(rows[0].1, "Q35493", "{out}");
    assert!(
        out.contains("label en \"Alma-Ata\" ≈ kk \"Алма-Ата\"; city (Q515); P17 Q232"),
        "{out}"
    );
}

/// The TOML files of a dataset folder: name and text.
fn toml_files(data: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// `mura link --apply` SIGKILLed after its third request to the endpoint (it is still
/// asking: nothing written yet) leaves every TOML file as it was, byte for byte; killed
/// once it has begun writing (the first file changed), every file is either its old text
/// or its fully applied one, never a part; and the next run finishes the job.
#[test]
#[cfg_attr(
    not(mura_oxigraph),
    ignore = "needs the Oxigraph server: pip install oxigraph==0.5.13, then MURA_TEST_OXIGRAPH=PATH or PATH (CI does)"
)]
fn a_killed_link_apply_leaves_the_toml_files_whole() {
    let endpoint = wikidata_endpoint();
    // the result of an uninterrupted run, to compare with
    let done = tempfile::tempdir().unwrap();
    let applied_data = data_without_ids(done.path(), &[]);
    let out = stdout_of(&[
        "link",
        "--data",
        applied_data.to_str().unwrap(),
        "--endpoint",
        &endpoint.url,
        "--apply",
    ]);
    assert!(out.ends_with("23 ids written\n"), "{out}");
    let applied = toml_files(&applied_data);

    let tmp = tempfile::tempdir().unwrap();
    let data = data_without_ids(tmp.path(), &[]);
    let before = toml_files(&data);
    assert_ne!(before, applied);

    // while it asks the endpoint
    let proxy = proxy(endpoint.port, 0);
    let args = [
        "link",
        "--data",
        data.to_str().unwrap(),
        "--endpoint",
        &proxy.url,
        "--apply",
    ];
    let mut child = common::spawn(&args);
    common::kill_when(&mut child, "its third request", || {
        proxy.hits.load(Ordering::SeqCst) >= 3
    });
    assert!(
        toml_files(&data) == before,
        "a link killed while asking changed the data"
    );

    // while it writes
    // (its writes take milliseconds: it may finish before the kill lands; the files must
    // be whole either way)
    let mut child = common::spawn(&args);
    common::kill_once(&mut child, "the first file changed", || {
        toml_files(&data) != before
    });
    let now = toml_files(&data);
    for (((name, text), (_, old)), (_, new)) in now.iter().zip(&before).zip(&applied) {
        assert!(
            text == old || text == new,
            "{name} is neither its old text nor the applied one"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".mura-tmp"))
        .collect();

    // the next run finishes: the files are the applied ones, no temporary is left
    stdout_of(&args);
    assert!(
        toml_files(&data) == applied,
        "the run after the kill did not finish the job (left by the kill: {leftovers:?})"
    );
    assert!(
        std::fs::read_dir(&data).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".mura-tmp")),
        "a temporary file is left in the data folder"
    );
}
