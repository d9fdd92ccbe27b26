//! Export profiles (`mura export --profile NAME`, `mura profiles`) on the shipped dataset:
//! every profile is byte-identical twice, re-reads with oxigraph (JSON-LD against the local
//! copies of its published context in `../shared/vendor/`, nothing fetched) to exactly the
//! triples of its N-Triples output, keeps or narrows languages, and the named queries in
//! `queries/schema/` answer from the schema.org profile's output. The tests that read
//! `../shared` or run xmllint are ignored without them (see build.rs).

mod common;

use common::*;
use oxigraph::io::{LoadedDocument, RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The shipped profiles, sorted, with their default format.
const PROFILES: &[(&str, &str)] = &[
    ("edm", "rdfxml"),
    ("linked-art", "jsonld"),
    ("schema", "jsonld"),
    ("void", "turtle"),
    ("wikidata", "turtle"),
];

/// Profiles whose JSON-LD embeds nodes without `id` (blank nodes when read back), and
/// whose texts are plain strings with a `language` reference instead of a language tag.
const ANONYMOUS: &[&str] = &["linked-art"];

/// Runs mura and returns stdout as bytes (asserting success).
fn bytes_of(args: &[&str]) -> Vec<u8> {
    let out = mura().args(args).output().expect("mura runs");
    assert!(
        out.status.success(),
        "mura {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs mura, asserts exit status 2 and nothing on stdout; returns stderr.
fn failure(args: &[&str]) -> String {
    let out = mura().args(args).output().expect("mura runs");
    assert_eq!(out.status.code(), Some(2), "mura {args:?} should fail");
    assert!(out.stdout.is_empty(), "mura {args:?} printed to stdout");
    String::from_utf8(out.stderr).unwrap()
}

/// The local copy of a published JSON-LD context, for oxigraph's document loader (a test
/// that reads JSON-LD is ignored without `../shared`; see build.rs).
fn local_context(url: &str) -> Option<PathBuf> {
    match url.trim_end_matches('/') {
        "https://schema.org" | "http://schema.org" => {
            Some(shared_file("vendor/schemaorg/schemaorgcontext.jsonld"))
        }
        "https://linked.art/ns/v1/linked-art.json" => {
            Some(shared_file("vendor/linked-art/ns/v1/linked-art.json"))
        }
        _ => None,
    }
}

/// Parses RDF with oxigraph into sorted, deduplicated N-Triples lines; JSON-LD contexts
/// come from `../shared/vendor/` (an unknown context URL fails: nothing is fetched).
fn triples(data: &[u8], format: RdfFormat) -> Vec<String> {
    let parser = RdfParser::from_format(format);
    let mut lines = BTreeSet::new();
    for quad in parser.for_slice(data).with_document_loader(|url| {
        let path = local_context(url).ok_or_else(|| format!("no local copy of {url}"))?;
        Ok(LoadedDocument {
            url: url.to_owned(),
            content: std::fs::read(&path)?,
            format: RdfFormat::JsonLd {
                profile: Default::default(),
            },
        })
    }) {
        let quad = quad.unwrap_or_else(|e| panic!("the {format} output does not parse: {e}"));
        assert!(
            !matches!(quad.subject, NamedOrBlankNode::BlankNode(_))
                && !matches!(quad.object, Term::BlankNode(_)),
            "blank node in the {format} output: {quad}"
        );
        lines.insert(format!(
            "{} {} {} .",
            quad.subject, quad.predicate, quad.object
        ));
    }
    lines.into_iter().collect()
}

fn format_of(name: &str) -> RdfFormat {
    mura::format::rdf_format(name).unwrap()
}

/// The profile's N-Triples output, parsed.
fn ntriples(profile: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["export", "--profile", profile, "--format", "ntriples"];
    args.extend_from_slice(extra);
    triples(&bytes_of(&args), RdfFormat::NTriples)
}

#[test]
fn profiles_lists_every_profile_with_its_description() {
    let out = stdout_of(&["profiles"]);
    let names: Vec<&str> = out
        .lines()
        .skip(2)
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let expected: Vec<&str> = PROFILES.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, expected, "mura profiles:\n{out}");
    for (name, format) in PROFILES {
        let toml: toml::Table =
            std::fs::read_to_string(root().join(format!("ontology/profiles/{name}/profile.toml")))
                .unwrap()
                .parse()
                .unwrap();
        let en = toml["description"]["en"].as_str().unwrap();
        let kk = toml["description"]["kk"].as_str().unwrap();
        assert!(
            out.lines().any(|l| l.starts_with(&format!("| {name} "))
                && l.contains(&format!("| {format} "))
                && l.contains(en)),
            "no row `{name} | {format} | {en}` in:\n{out}"
        );
        let out_kk = stdout_of(&["profiles", "--lang", "kk"]);
        assert!(out_kk.contains(kk), "no Kazakh description of {name}");
    }
    let count = match PROFILES.len() {
        1 => "(1 row)\n".to_owned(),
        n => format!("({n} rows)\n"),
    };
    assert!(out.ends_with(&count), "{out}");
}

#[test]
fn every_profile_is_byte_identical_twice_in_its_format_and_ntriples() {
    for (name, _) in PROFILES {
        for format in [None, Some("ntriples"), Some("turtle")] {
            let mut args = vec!["export", "--profile", name];
            if let Some(f) = format {
                args.extend(["--format", f]);
            }
            let first = bytes_of(&args);
            let second = bytes_of(&args);
            assert!(!first.is_empty(), "{args:?}: empty");
            assert!(first == second, "{args:?}: two exports differ");
        }
    }
}

#[test]
#[cfg_attr(
    not(mura_shared),
    ignore = "needs ../shared/vendor beside the project (the JSON-LD contexts; CI provides it)"
)]
fn every_profile_reads_back_to_the_triples_of_its_ntriples_output() {
    for (name, format) in PROFILES.iter().filter(|(n, _)| !ANONYMOUS.contains(n)) {
        let expected = ntriples(name, &[]);
        assert!(
            expected.len() > 50,
            "{name}: only {} triples",
            expected.len()
        );
        let own = bytes_of(&["export", "--profile", name]);
        let got = triples(&own, format_of(format));
        assert_same_text(
            &format!("{name} ({format}) read by oxigraph vs its N-Triples"),
            &expected.join("\n"),
            &got.join("\n"),
        );
        let ttl = bytes_of(&["export", "--profile", name, "--format", "turtle"]);
        assert_eq!(triples(&ttl, RdfFormat::Turtle), expected, "{name} Turtle");
    }
}

#[test]
fn lang_narrows_literals_to_the_chosen_languages() {
    for (name, _) in PROFILES.iter().filter(|(n, _)| !ANONYMOUS.contains(n)) {
        let all = ntriples(name, &[]);
        let tags = |lines: &[String]| -> BTreeSet<String> {
            lines
                .iter()
                .filter_map(|l| l.rsplit_once("\"@"))
                .map(|(_, rest)| rest.trim_end_matches(" .").to_owned())
                .collect()
        };
        let all_tags = tags(&all);
        assert!(
            all_tags.contains("kk") && all_tags.contains("en"),
            "{name}: {all_tags:?}"
        );
        let kk = ntriples(name, &["--lang", "kk"]);
        assert_eq!(
            tags(&kk),
            BTreeSet::from(["kk".to_owned()]),
            "{name} --lang kk"
        );
        // nothing but the other languages' literals is dropped
        let dropped: Vec<&String> = all.iter().filter(|l| !kk.contains(l)).collect();
        assert!(
            dropped
                .iter()
                .all(|l| l.ends_with("\"@en .") || l.ends_with("\"@ru .")),
            "{name} --lang kk dropped more than en/ru literals: {dropped:?}"
        );
        let kk_en = ntriples(name, &["--lang", "kk,en"]);
        assert_eq!(
            tags(&kk_en),
            BTreeSet::from(["en".into(), "kk".into()]),
            "{name}"
        );
    }
}

#[test]
fn schema_queries_answer_from_the_schema_profile_output() {
    let tmp = tempfile::tempdir().unwrap();
    let nt = tmp.path().join("schema.nt");
    stdout_of(&["export", "--profile", "schema", "-o", nt.to_str().unwrap()]);
    // -o FILE.nt: the extension picks N-Triples over the profile's JSON-LD
    assert!(
        std::fs::read_to_string(&nt)
            .unwrap()
            .starts_with("<https://")
    );
    let dir = root().join("queries/schema");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "rq").then(|| p.file_stem().unwrap().to_string_lossy().into())
        })
        .collect();
    names.sort();
    assert_eq!(names, ["award", "exhibition-cities", "members"]);
    for name in names {
        let rq = dir.join(format!("{name}.rq"));
        let expected = std::fs::read_to_string(dir.join(format!("{name}.tsv"))).unwrap();
        let got = stdout_of(&[
            "query",
            rq.to_str().unwrap(),
            "--rdf",
            nt.to_str().unwrap(),
            "--format",
            "tsv",
        ]);
        assert_same_text(&format!("queries/schema/{name}"), &expected, &got);
    }
}

#[test]
fn schema_answers_the_acceptance_questions() {
    let members = std::fs::read_to_string(root().join("queries/schema/members.tsv")).unwrap();
    assert_eq!(members.lines().count(), 1 + 8, "8 member museums");
    assert!(
        members
            .lines()
            .skip(1)
            .all(|l| l.contains("\"@kk\t\"") || l.contains("\"@kk\t"))
    );
    let cities =
        std::fs::read_to_string(root().join("queries/schema/exhibition-cities.tsv")).unwrap();
    let names: Vec<&str> = cities
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "\"Istanbul\"@en",
            "\"Naples\"@en",
            "\"Prague\"@en",
            "\"Seoul\"@en",
            "\"Vienna\"@en"
        ]
    );
    let award = std::fs::read_to_string(root().join("queries/schema/award.tsv")).unwrap();
    let row = award.lines().nth(1).unwrap();
    assert!(
        row.starts_with("\"Association of Almaty Museums\"@en\t"),
        "{row}"
    );
    assert!(row.contains("\"International Organization of Turkic Culture (TURKSOY)\"@en"));
}

/// The node with `@id` `id` anywhere in a JSON-LD document.
fn find<'a>(node: &'a serde_json::Value, id: &str) -> Option<&'a serde_json::Value> {
    match node {
        serde_json::Value::Object(m) => {
            if m.get("@id").and_then(|v| v.as_str()) == Some(id) && m.len() > 1 {
                return Some(node);
            }
            m.values().find_map(|v| find(v, id))
        }
        serde_json::Value::Array(a) => a.iter().find_map(|v| find(v, id)),
        _ => None,
    }
}

#[test]
fn schema_is_compacted_against_the_schema_org_context() {
    let doc: serde_json::Value =
        serde_json::from_slice(&bytes_of(&["export", "--profile", "schema"])).unwrap();
    assert_eq!(doc["@context"], "https://schema.org");
    let id = |kind: &str| format!("https://w3id.org/mura/id/{kind}");
    let museum = find(&doc, &id("museum/ykylas-museum")).unwrap();
    assert_eq!(
        museum["@type"],
        serde_json::json!(["Museum", "Organization"])
    );
    assert_eq!(
        museum["memberOf"],
        serde_json::json!({"@id": id("organisation/almaty-museums-association")})
    );
    assert_eq!(
        museum["name"][1],
        serde_json::json!({"@language": "kk", "@value": "Ықылас атындағы халық музыкалық аспаптар музейі"})
    );
    let person = find(&doc, &id("person/ykylas-dukenuly")).unwrap();
    assert_eq!(
        person["birthDate"],
        serde_json::json!({"@type": "xsd:gYear", "@value": "1843"})
    );
    let turksoy = find(&doc, &id("organisation/turksoy")).unwrap();
    assert_eq!(turksoy["sameAs"], "http://www.wikidata.org/entity/Q1993710");
    // the award: text on the recipient, and the conferral nested in it (referenced once)
    let association = find(&doc, &id("organisation/almaty-museums-association")).unwrap();
    assert_eq!(
        association["award"],
        serde_json::json!([
            {"@language": "en", "@value": "Best Museum of the Turkic World"},
            {"@language": "kk", "@value": "Түркі әлемінің үздік музейі"}
        ])
    );
    // subjectOf: the conferral and the article that states it
    let subject_of = association["subjectOf"].as_array().unwrap();
    assert_eq!(subject_of.len(), 2, "{subject_of:?}");
    let conferral = subject_of
        .iter()
        .find(|n| n["@id"] == id("event/best-museum-award-2024"))
        .unwrap();
    assert!(
        subject_of
            .iter()
            .any(|n| n["@id"] == id("source/article") || n["@id"] == "source:article"),
        "{subject_of:?}"
    );
    assert_eq!(conferral["organizer"]["@id"], id("organisation/turksoy"));
    assert_eq!(conferral["about"]["@type"], "Thing");
    let exhibition = find(&doc, &id("event/travelling-exhibition-vienna")).unwrap();
    assert_eq!(exhibition["@type"], "ExhibitionEvent");
    assert_eq!(exhibition["location"]["@id"], id("place/vienna"));
    // no key is an expanded IRI
    let text = serde_json::to_string(&doc).unwrap();
    assert!(
        !text.contains("\"http://schema.org/"),
        "an expanded schema.org IRI"
    );
}

#[test]
#[cfg_attr(
    not(mura_shared),
    ignore = "needs ../shared/vendor beside the project (the JSON-LD contexts; CI provides it)"
)]
fn split_writes_one_document_per_entity_with_the_same_triples() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    stdout_of(&[
        "export",
        "--profile",
        "schema",
        "--split",
        dir.to_str().unwrap(),
    ]);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.contains(&"museum-ykylas-museum.jsonld".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"person-ykylas-dukenuly.jsonld".to_owned()),
        "{names:?}"
    );
    let mut all = BTreeSet::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(doc["@context"], "https://schema.org", "{}", file.display());
        assert!(doc["@id"].is_string() && doc.get("@graph").is_none());
        all.extend(triples(&bytes, format_of("jsonld")));
    }
    let all: Vec<String> = all.into_iter().collect();
    assert_eq!(
        all,
        ntriples("schema", &[]),
        "the split files hold the profile's triples"
    );
}

#[test]
fn profile_errors_say_what_to_do() {
    let err = failure(&["export", "--profile", "nope"]);
    assert!(
        err.starts_with("mura: no export profile `nope` in ")
            && err.ends_with(&format!(
                ": use one of {} (`mura profiles` lists them)\n",
                PROFILES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        "{err}"
    );
    let tmp = tempfile::tempdir().unwrap();
    let split = tmp.path().join("x");
    let err = failure(&[
        "export",
        "--profile",
        "schema",
        "--format",
        "turtle",
        "--split",
        split.to_str().unwrap(),
    ]);
    assert_eq!(
        err,
        "mura: --split writes JSON-LD documents, not turtle: drop --format or use --format jsonld\n"
    );
    assert!(!split.exists(), "a refused --split created its folder");
    let err = failure(&["export", "--split", split.to_str().unwrap()]);
    assert!(err.contains("--profile"), "{err}");
}

#[test]
fn a_profile_query_that_constructs_a_blank_node_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bad");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("profile.toml"),
        "format = \"turtle\"\n[description]\nen = \"bad\"\nkk = \"жаман\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("blank.rq"),
        "# a blank node per museum\nCONSTRUCT { [] <http://example.org/p> ?m } WHERE { ?m a <http://schema.org/Museum> }\n",
    )
    .unwrap();
    let profiles = tmp.path().to_str().unwrap();
    let err = failure(&["export", "--profile", "bad", "--profiles", profiles]);
    let expected_start = format!(
        "mura: {}: the query constructs a blank node (",
        Path::new(profiles).join("bad/blank.rq").display()
    );
    assert!(err.starts_with(&expected_start), "{err}");
    assert!(
        err.ends_with(
            "): mint an IRI instead, e.g. BIND(IRI(CONCAT(STR(?s), \"/part\")) AS ?part)\n"
        ),
        "{err}"
    );
    std::fs::write(dir.join("blank.rq"), "CONSTRUCT WHERE { ?s ?p ?o }\n").unwrap();
    let err = failure(&["export", "--profile", "bad", "--profiles", profiles]);
    assert_eq!(
        err,
        format!(
            "mura: {}:1: a profile query opens with a `#` comment saying what it builds\n",
            Path::new(profiles).join("bad/blank.rq").display()
        )
    );
}

/// xmllint. The test that runs it is ignored when build.rs finds none (cfg
/// `mura_xmllint`); under `CI=true` it runs, and a missing xmllint fails here, named.
fn xmllint() -> &'static str {
    let found = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "xmllint is missing (apt-get install libxml2-utils): CI must validate the EDM output"
    );
    "xmllint"
}

#[test]
#[cfg_attr(
    not(mura_shared),
    ignore = "needs ../shared/vendor beside the project (Europeana's EDM XSD) and xmllint; CI provides both"
)]
#[cfg_attr(
    all(mura_shared, not(mura_xmllint)),
    ignore = "needs xmllint: apt-get install libxml2-utils (CI installs it)"
)]
fn edm_validates_against_the_europeana_xsd() {
    let xmllint = xmllint();
    let tmp = tempfile::tempdir().unwrap();
    let rdf = tmp.path().join("edm.rdf");
    stdout_of(&["export", "--profile", "edm", "-o", rdf.to_str().unwrap()]);
    let xsd = shared_file("vendor/edm-xsd/EDM.xsd");
    let run = |file: &Path| {
        std::process::Command::new(xmllint)
            .args(["--noout", "--nonet", "--schema"])
            .arg(&xsd)
            .arg(file)
            .output()
            .unwrap()
    };
    let out = run(&rdf);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.contains(" validates"),
        "xmllint rejects the EDM export:\n{stderr}"
    );
    // the check can fail: the same entity with its elements out of XSD order is rejected
    let text = std::fs::read_to_string(&rdf).unwrap();
    let swapped = text.replacen(
        "    <owl:sameAs rdf:resource=\"http://www.wikidata.org/entity/Q1993710\"/>\n",
        "",
        1,
    );
    let swapped = swapped.replacen(
        "    <skos:prefLabel xml:lang=\"en\">International Organization of Turkic Culture (TURKSOY)</skos:prefLabel>\n",
        "    <owl:sameAs rdf:resource=\"http://www.wikidata.org/entity/Q1993710\"/>\n    <skos:prefLabel xml:lang=\"en\">International Organization of Turkic Culture (TURKSOY)</skos:prefLabel>\n",
        1,
    );
    assert_ne!(swapped, text);
    let bad = tmp.path().join("bad.rdf");
    std::fs::write(&bad, swapped).unwrap();
    assert!(
        !run(&bad).status.success(),
        "xmllint accepted elements out of order"
    );
}

#[test]
fn edm_has_the_contextual_entities() {
    let xml = String::from_utf8(bytes_of(&["export", "--profile", "edm"])).unwrap();
    let count = |s: &str| xml.matches(s).count();
    assert_eq!(
        count("<edm:Agent "),
        9 + 3 + 9,
        "9 museums, 3 organisations, 9 people"
    );
    assert_eq!(
        count("<edm:Place "),
        10 + 11 + 2,
        "10 cities, 11 countries, 2 regions"
    );
    assert_eq!(count("<edm:TimeSpan "), 1);
    assert_eq!(count("<skos:Concept "), 1);
    assert!(xml.contains(
        "  <edm:Agent rdf:about=\"https://w3id.org/mura/id/person/ykylas-dukenuly\">\n    <skos:prefLabel xml:lang=\"en\">Ykylas Dukenuly</skos:prefLabel>\n    <skos:prefLabel xml:lang=\"kk\">Ықылас Дүкенұлы</skos:prefLabel>\n    <skos:prefLabel xml:lang=\"ru\">Ыкылас Дукенов</skos:prefLabel>\n    <rdaGr2:biographicalInformation xml:lang=\"en\">kobyz player and composer</rdaGr2:biographicalInformation>\n    <rdaGr2:biographicalInformation xml:lang=\"kk\">қобызшы, композитор</rdaGr2:biographicalInformation>\n    <rdaGr2:dateOfBirth rdf:datatype=\"http://www.w3.org/2001/XMLSchema#gYear\">1843</rdaGr2:dateOfBirth>\n    <rdaGr2:dateOfDeath rdf:datatype=\"http://www.w3.org/2001/XMLSchema#gYear\">1916</rdaGr2:dateOfDeath>\n  </edm:Agent>\n"
    ), "{xml}");
    assert!(xml.contains(
        "  <edm:Place rdf:about=\"https://w3id.org/mura/id/place/almaty\">\n    <skos:prefLabel xml:lang=\"en\">Almaty</skos:prefLabel>\n    <skos:prefLabel xml:lang=\"kk\">Алматы</skos:prefLabel>\n    <skos:prefLabel xml:lang=\"ru\">Алматы</skos:prefLabel>\n    <dcterms:isPartOf rdf:resource=\"https://w3id.org/mura/id/place/kazakhstan\"/>\n    <owl:sameAs rdf:resource=\"http://www.wikidata.org/entity/Q35493\"/>\n  </edm:Place>\n"
    ));
}

#[test]
fn edm_refuses_a_property_the_xsd_has_no_place_for() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("edm2");
    copy_dir(&root().join("ontology/profiles/edm"), &dir);
    std::fs::write(
        dir.join("extra.rq"),
        "# a schema:name on an agent, which EDM has no element for\nCONSTRUCT { ?m <http://schema.org/name> ?n } WHERE { ?m a <https://w3id.org/mura/ontology#Museum> ; <http://schema.org/name> ?n }\n",
    )
    .unwrap();
    let err = failure(&[
        "export",
        "--profile",
        "edm2",
        "--profiles",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(
        err,
        "mura: EDM RDF/XML: edm:Agent has no property <http://schema.org/name> in the EDM XSD: change the edm profile's queries\n"
    );
}

/// Runs a SELECT over `--rdf FILE` (or the shipped data) and returns its TSV body rows.
fn rows(query: &str, rdf: Option<&Path>) -> Vec<String> {
    let mut args = vec!["query", "-e", query, "--format", "tsv"];
    if let Some(rdf) = rdf {
        args.extend(["--rdf", rdf.to_str().unwrap()]);
    }
    stdout_of(&args)
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

#[test]
fn void_counts_what_the_mapping_produced() {
    let tmp = tempfile::tempdir().unwrap();
    let ttl = tmp.path().join("void.ttl");
    stdout_of(&["export", "--profile", "void", "-o", ttl.to_str().unwrap()]);
    // independently: the distinct triples and the record count of the mapped graph
    let mapped = mura::mapped_quads(&mura::Input {
        data: Some(root().join("data")),
        ..mura::Input::default()
    })
    .unwrap();
    let distinct: BTreeSet<String> = mapped
        .iter()
        .map(|q| format!("{} {} {}", q.subject, q.predicate, q.object))
        .collect();
    let dataset = "<https://w3id.org/mura/id/dataset>";
    let q = |p: &str| format!("SELECT ?v WHERE {{ {dataset} <http://rdfs.org/ns/void#{p}> ?v }}");
    let int = |n: usize| format!("{n}");
    assert_eq!(rows(&q("triples"), Some(&ttl)), [int(distinct.len())]);
    // the records: one per `[[kind]]` table in data/*.toml
    let records: usize = std::fs::read_dir(root().join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .filter(|l| l.starts_with("[[") && !l.starts_with("[[source]]"))
                .count()
        })
        .sum();
    assert_eq!(rows(&q("entities"), Some(&ttl)), [int(records)]);
    assert_eq!(records, 67);
    let links = mapped
        .iter()
        .filter(|q| {
            q.predicate.as_str() == "http://www.w3.org/2002/07/owl#sameAs"
                && q.object
                    .to_string()
                    .starts_with("<http://www.wikidata.org/entity/Q")
        })
        .map(|q| q.subject.to_string())
        .collect::<BTreeSet<_>>()
        .len();
    assert_eq!(
        rows(
            "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?n ?p WHERE { ?l a void:Linkset ; void:triples ?n ; void:linkPredicate ?p }",
            Some(&ttl)
        ),
        [format!("{links}\t<http://www.w3.org/2002/07/owl#sameAs>")]
    );
    assert_eq!(links, 23);
    // per class: the museums, as the build summary counts them
    assert_eq!(
        rows(
            "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?n WHERE { ?d void:classPartition ?p . ?p void:class <https://w3id.org/mura/ontology#Museum> ; void:entities ?n }",
            Some(&ttl)
        ),
        ["9"]
    );
    assert_eq!(
        rows(
            "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?l WHERE { ?d dcterms:license ?l }",
            Some(&ttl)
        ),
        ["<https://creativecommons.org/licenses/by/4.0/>"]
    );
    let titles = rows(
        "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT (LANG(?t) AS ?l) WHERE { <https://w3id.org/mura/id/dataset> dcterms:title ?t } ORDER BY ?l",
        Some(&ttl),
    );
    assert_eq!(titles, ["\"en\"", "\"kk\""]);
    let text = std::fs::read_to_string(&ttl).unwrap();
    assert!(!text.contains("sparqlEndpoint"), "no invented endpoint");
    assert!(text.contains("void:uriSpace \"https://w3id.org/mura/id/\""));
}

#[test]
fn every_full_export_carries_the_dataset_description_in_its_meta_graph() {
    let void = ntriples("void", &[]);
    let meta = triples(
        &bytes_of(&["export", "--graph", "meta", "--format", "ntriples"]),
        RdfFormat::NTriples,
    );
    let missing: Vec<&String> = void.iter().filter(|t| !meta.contains(t)).collect();
    assert!(missing.is_empty(), "not in the meta graph: {missing:?}");
    // the description is the same when queried from the graph itself
    assert_eq!(
        rows(
            "SELECT ?n WHERE { GRAPH <https://w3id.org/mura/id/graph/meta> { <https://w3id.org/mura/id/dataset> <http://rdfs.org/ns/void#entities> ?n } }",
            None
        ),
        ["67"]
    );
}

/// Linked Art JSON-LD read by oxigraph, as N-Triples lines with every blank node written
/// `_:b`, sorted and deduplicated (references repeat their record's type and label); and
/// the IRIs the document names. (.ci/profiles_check.py checks the true isomorphism.)
fn anonymous_triples(json: &[u8]) -> (Vec<String>, BTreeSet<String>) {
    let doc: serde_json::Value = serde_json::from_slice(json).unwrap();
    let mut ids = BTreeSet::new();
    fn walk(v: &serde_json::Value, ids: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("id", serde_json::Value::String(s)) => {
                            ids.insert(s.clone());
                        }
                        _ => walk(v, ids),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, ids)),
            _ => {}
        }
    }
    walk(&doc, &mut ids);
    let mut lines = Vec::new();
    let parser = RdfParser::from_format(format_of("jsonld"));
    for quad in parser.for_slice(json).with_document_loader(|url| {
        let path = local_context(url).ok_or_else(|| format!("no local copy of {url}"))?;
        Ok(LoadedDocument {
            url: url.to_owned(),
            content: std::fs::read(&path)?,
            format: format_of("jsonld"),
        })
    }) {
        let q = quad.unwrap();
        let s = match &q.subject {
            NamedOrBlankNode::BlankNode(_) => "_:b".to_owned(),
            other => other.to_string(),
        };
        let o = match &q.object {
            Term::BlankNode(_) => "_:b".to_owned(),
            other => other.to_string(),
        };
        lines.push(format!("{s} {} {o} .", q.predicate));
    }
    lines.sort();
    lines.dedup();
    (lines, ids)
}

#[test]
#[cfg_attr(
    not(mura_shared),
    ignore = "needs ../shared/vendor beside the project (the JSON-LD contexts; CI provides it)"
)]
fn linked_art_reads_back_to_its_ntriples_with_embedded_nodes_anonymous() {
    let json = bytes_of(&["export", "--profile", "linked-art"]);
    let (got, ids) = anonymous_triples(&json);
    let nt = ntriples("linked-art", &[]);
    let subjects: BTreeSet<&str> = nt
        .iter()
        .filter_map(|l| l.split_once(' ').map(|(s, _)| s))
        .collect();
    let anon = |term: &str| -> String {
        match term.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
            Some(iri) if !ids.contains(iri) && subjects.contains(term) => "_:b".to_owned(),
            _ => term.to_owned(),
        }
    };
    let mut expected: Vec<String> = nt
        .iter()
        .map(|l| {
            let (s, rest) = l.split_once(' ').unwrap();
            let (p, o) = rest.split_once(' ').unwrap();
            let o = o.strip_suffix(" .").unwrap();
            format!("{} {p} {} .", anon(s), anon(o))
        })
        .collect();
    expected.sort();
    expected.dedup();
    assert!(expected.len() > 500, "{}", expected.len());
    assert_same_text(
        "linked-art JSON-LD (embedded nodes as _:b) vs its N-Triples",
        &expected.join("\n"),
        &got.join("\n"),
    );
    // the embedded nodes that lost their id are the Names, TimeSpans, assignments, texts
    let anonymous: BTreeSet<&str> = nt
        .iter()
        .filter_map(|l| l.split_once(' ').map(|(s, _)| s))
        .filter(|s| anon(s) == "_:b")
        .collect();
    assert!(
        anonymous.iter().all(|s| s.contains("/name/")
            || s.ends_with("/timespan>")
            || s.ends_with("/assignment>")
            || s.ends_with("/excerpt>")
            || s.contains("/text/")
            || s.contains("/award-name/")
            || s.contains("/reason/")),
        "{anonymous:?}"
    );
    let ttl = bytes_of(&["export", "--profile", "linked-art", "--format", "turtle"]);
    assert_eq!(
        triples(&ttl, RdfFormat::Turtle),
        nt,
        "Turtle keeps every minted IRI"
    );
}

#[test]
fn linked_art_lang_narrows_names_and_texts() {
    let language = |lines: &[String], tag: &str| {
        lines
            .iter()
            .filter(|l| l.ends_with(&format!("<https://w3id.org/mura/id/language/{tag}> .")))
            .count()
    };
    let all = ntriples("linked-art", &[]);
    assert!(language(&all, "kk") > 50 && language(&all, "en") > 50 && language(&all, "ru") > 10);
    let kk = ntriples("linked-art", &["--lang", "kk"]);
    assert!(language(&kk, "kk") > 50);
    assert_eq!((language(&kk, "en"), language(&kk, "ru")), (0, 0));
    // every record keeps a _label (the Kazakh name when English is left out)
    let label = |lines: &[String], id: &str| -> Vec<String> {
        lines
            .iter()
            .filter(|l| {
                l.starts_with(&format!(
                    "<https://w3id.org/mura/id/{id}> <http://www.w3.org/2000/01/rdf-schema#label>"
                ))
            })
            .cloned()
            .collect()
    };
    assert_eq!(
        label(&kk, "organisation/turksoy"),
        [
            "<https://w3id.org/mura/id/organisation/turksoy> <http://www.w3.org/2000/01/rdf-schema#label> \"ТҮРКСОЙ (түркі мәдениетінің халықаралық ұйымы)\" ."
        ]
    );
    assert_eq!(
        label(&all, "organisation/turksoy"),
        [
            "<https://w3id.org/mura/id/organisation/turksoy> <http://www.w3.org/2000/01/rdf-schema#label> \"International Organization of Turkic Culture (TURKSOY)\" ."
        ]
    );
}

#[test]
fn linked_art_records_have_the_crm_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("la");
    stdout_of(&[
        "export",
        "--profile",
        "linked-art",
        "--split",
        dir.to_str().unwrap(),
    ]);
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
    };
    let id = |path: &str| format!("https://w3id.org/mura/id/{path}");
    let museum = read("museum-ykylas-museum.jsonld");
    assert_eq!(
        museum["@context"],
        "https://linked.art/ns/v1/linked-art.json"
    );
    assert_eq!(museum["type"], "Group");
    assert_eq!(
        museum["_label"],
        "Ykylas Museum of Folk Musical Instruments"
    );
    assert_eq!(
        museum["member_of"],
        serde_json::json!([{"id": id("organisation/almaty-museums-association"), "type": "Group", "_label": "Association of Almaty Museums"}])
    );
    let award = read("event-best-museum-award-2024.jsonld");
    assert_eq!(award["type"], "Activity");
    assert_eq!(award["classified_as"][0]["_label"], "awarding");
    assert_eq!(award["carried_out_by"][0]["id"], id("organisation/turksoy"));
    let participants: Vec<&str> = award["participant"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        participants,
        [
            id("organisation/almaty-museums-association"),
            id("person/sultan-raev")
        ]
    );
    assert_eq!(
        award["timespan"],
        serde_json::json!({"type": "TimeSpan", "begin_of_the_begin": "2024-08-01T00:00:00Z", "end_of_the_end": "2024-08-31T23:59:59Z"})
    );
    let person = read("person-ykylas-dukenuly.jsonld");
    assert_eq!(person["type"], "Person");
    assert_eq!(person["born"]["type"], "Birth");
    assert_eq!(
        person["born"]["timespan"],
        serde_json::json!({"type": "TimeSpan", "begin_of_the_begin": "1843-01-01T00:00:00Z", "end_of_the_end": "1843-12-31T23:59:59Z"})
    );
    assert_eq!(person["died"]["type"], "Death");
    let exhibition = read("event-travelling-exhibition-vienna.jsonld");
    assert_eq!(exhibition["took_place_at"][0]["id"], id("place/vienna"));
    let assignment = &exhibition["attributed_by"][0];
    assert_eq!(assignment["type"], "AttributeAssignment");
    assert!(assignment.get("id").is_none(), "embedded: no id");
    assert_eq!(assignment["assigned"][0]["id"], id("place/vienna"));
    assert_eq!(assignment["referred_to_by"][0]["content"], "Вена");
    assert_eq!(exhibition["referred_to_by"][0]["type"], "LinguisticObject");
    assert!(
        exhibition["referred_to_by"][0]["content"]
            .as_str()
            .unwrap()
            .contains("Вена"),
        "the quotation's paragraph: {}",
        exhibition["referred_to_by"][0]
    );
    let almaty = read("place-almaty.jsonld");
    assert_eq!(
        almaty["part_of"],
        serde_json::json!([{"id": id("place/kazakhstan"), "type": "Place", "_label": "Kazakhstan"}])
    );
    assert_eq!(
        almaty["equivalent"][0]["id"],
        "http://www.wikidata.org/entity/Q35493"
    );
}

#[test]
fn wikidata_has_the_award_statement_with_qualifiers_and_a_reference() {
    let tmp = tempfile::tempdir().unwrap();
    let ttl = tmp.path().join("wikidata.ttl");
    stdout_of(&[
        "export",
        "--profile",
        "wikidata",
        "-o",
        ttl.to_str().unwrap(),
    ]);
    let statement = rows(
        "PREFIX p: <http://www.wikidata.org/prop/> PREFIX ps: <http://www.wikidata.org/prop/statement/> \
         PREFIX pq: <http://www.wikidata.org/prop/qualifier/> PREFIX pr: <http://www.wikidata.org/prop/reference/> \
         PREFIX wdt: <http://www.wikidata.org/prop/direct/> PREFIX prov: <http://www.w3.org/ns/prov#> \
         PREFIX wikibase: <http://wikiba.se/ontology#> \
         SELECT ?recipient ?st ?award ?when ?by ?url WHERE { \
           ?recipient wdt:P166 ?award ; p:P166 ?st . \
           ?st a wikibase:Statement ; ps:P166 ?award ; pq:P585 ?when ; pq:P1027 ?by ; \
               prov:wasDerivedFrom [ a wikibase:Reference ; pr:P854 ?url ] }",
        Some(&ttl),
    );
    assert_eq!(
        statement,
        [
            "<https://w3id.org/mura/id/organisation/almaty-museums-association>\t\
          <https://w3id.org/mura/id/event/best-museum-award-2024/wikidata/statement>\t\
          <https://w3id.org/mura/id/award/best-museum-of-the-turkic-world>\t\
          \"2024-08\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>\t\
          <http://www.wikidata.org/entity/Q1993710>\t\
          <https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html>"
        ]
    );
    let classes = rows(
        "PREFIX wdt: <http://www.wikidata.org/prop/direct/> \
         SELECT ?class (COUNT(?item) AS ?n) WHERE { ?item wdt:P31 ?class } GROUP BY ?class ORDER BY ?class",
        Some(&ttl),
    );
    assert_eq!(
        classes,
        [
            "<http://www.wikidata.org/entity/Q2087181>\t1",
            "<http://www.wikidata.org/entity/Q33506>\t8",
            "<http://www.wikidata.org/entity/Q484652>\t1",
            "<http://www.wikidata.org/entity/Q5>\t9",
            "<http://www.wikidata.org/entity/Q515>\t10",
            "<http://www.wikidata.org/entity/Q618779>\t1",
            "<http://www.wikidata.org/entity/Q6256>\t11",
        ]
    );
    // linked entities are their Wikidata items, unlinked ones keep the dataset's IRIs
    assert_eq!(
        rows(
            "PREFIX wdt: <http://www.wikidata.org/prop/direct/> SELECT ?city WHERE { <https://w3id.org/mura/id/museum/ykylas-museum> wdt:P131 ?city ; wdt:P463 ?a }",
            Some(&ttl)
        ),
        ["<http://www.wikidata.org/entity/Q35493>"]
    );
    let text = std::fs::read_to_string(&ttl).unwrap();
    assert!(!text.contains("_:"), "no blank nodes");
    assert!(
        !text.contains("mura/ontology#"),
        "no mura terms in the Wikidata profile"
    );
}

#[test]
fn a_profile_without_a_kazakh_description_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("half");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("profile.toml"),
        "format = \"turtle\"\n[description]\nen = \"half\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("all.rq"),
        "# everything\nCONSTRUCT WHERE { ?s ?p ?o }\n",
    )
    .unwrap();
    let profiles = tmp.path().to_str().unwrap();
    let err = failure(&["export", "--profile", "half", "--profiles", profiles]);
    assert_eq!(
        err,
        format!(
            "mura: {}: field `description`: the description has no `kk` line: add `kk = \"…\"`\n",
            Path::new(profiles).join("half/profile.toml").display()
        )
    );
    let err = failure(&["profiles", "--profiles", profiles]);
    assert!(err.contains("the description has no `kk` line"), "{err}");
}

#[test]
fn void_on_a_store_points_at_the_stored_description() {
    let err = failure(&["export", "--profile", "void", "--store", "no-such-store"]);
    assert_eq!(
        err,
        "mura: a store already holds the dataset description in its meta graph: use `mura export --store no-such-store --graph meta`, or run --profile void on the dataset (--data)\n"
    );
}

#[test]
fn querying_compacted_json_ld_says_to_use_ntriples() {
    let tmp = tempfile::tempdir().unwrap();
    let json = tmp.path().join("schema.jsonld");
    stdout_of(&[
        "export",
        "--profile",
        "schema",
        "-o",
        json.to_str().unwrap(),
    ]);
    let err = failure(&[
        "query",
        "queries/schema/members.rq",
        "--rdf",
        json.to_str().unwrap(),
    ]);
    assert_eq!(
        err,
        format!(
            "mura: {} uses a remote JSON-LD @context, which mura does not fetch: export the profile as N-Triples or Turtle (`--format nt`) and read that file\n",
            json.display()
        )
    );
}

#[test]
fn a_folder_with_its_own_ontology_but_no_profiles_still_builds_with_the_description() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("ontology")).unwrap();
    let data = root().join("data");
    let out = mura()
        .current_dir(tmp.path())
        .args([
            "export",
            "--data",
            data.to_str().unwrap(),
            "--graph",
            "meta",
            "--format",
            "ntriples",
            "--no-validate",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("<http://rdfs.org/ns/void#entities> \"67\"^^"),
        "{text}"
    );
}
