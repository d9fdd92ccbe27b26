//! SHACL validation (`ontology/shapes.ttl`): the shipped dataset conforms; each fixture of
//! `tests/fixtures/shacl/` breaks exactly one rule and `mura validate` reports exactly the
//! expected results; `build` and `export` refuse a violating dataset and write nothing; the
//! report formats and languages; and a property-based test that mutates the shipped graph
//! (drop a name, swap life dates, share a Wikidata item) and finds the violation it makes.

mod common;

use common::*;
use mura::validate::{self, Report};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::xsd;
use oxigraph::model::*;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestRunner};
use std::collections::BTreeSet;

const BASE: &str = "https://w3id.org/mura/id/";
const MUSH: &str = "https://w3id.org/mura/shapes#";

/// One expected result: severity, source shape (local name in `mush:`), focus node
/// (`:path` under the base, else the full IRI) and the path as the JSON report writes it.
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

/// Every fixture of tests/fixtures/shacl and exactly the results `mura validate` gives.
const FIXTURES: &[(&str, &[Expected])] = &[
    ("valid", &[]),
    (
        "primary-type-missing",
        &[(
            "violation",
            "EntityPrimaryType",
            ":place/kazakhstan",
            Some("rdf:type"),
        )],
    ),
    (
        "primary-type-two",
        &[(
            "violation",
            "EntityPrimaryType",
            ":place/kazakhstan",
            Some("rdf:type"),
        )],
    ),
    (
        "name-kk-missing",
        &[(
            "violation",
            "EntityNameKk",
            ":place/kazakhstan",
            Some("schema:name"),
        )],
    ),
    (
        "name-en-missing",
        &[(
            "violation",
            "EntityNameEn",
            ":place/kazakhstan",
            Some("schema:name"),
        )],
    ),
    (
        "name-two-kk",
        &[(
            "violation",
            "EntityNameUniqueLang",
            ":place/kazakhstan",
            Some("schema:name"),
        )],
    ),
    (
        "name-empty",
        &[(
            "violation",
            "EntityNameNotEmpty",
            ":place/kazakhstan",
            Some("schema:name"),
        )],
    ),
    (
        "date-untyped",
        &[(
            "violation",
            "FoundingDateTyped",
            ":museum/ykylas-museum",
            Some("schema:foundingDate"),
        )],
    ),
    (
        "date-wrongly-typed",
        &[(
            "violation",
            "BirthDateTyped",
            ":person/sultan-raev",
            Some("schema:birthDate"),
        )],
    ),
    (
        "death-before-birth",
        &[(
            "violation",
            "PersonBirthBeforeDeath",
            ":person/ykylas-dukenuly",
            Some("schema:birthDate"),
        )],
    ),
    (
        "city-without-country",
        &[(
            "violation",
            "CityInCountry",
            ":place/almaty",
            Some("schema:containedInPlace"),
        )],
    ),
    (
        "museum-without-city",
        &[(
            "violation",
            "MuseumInCity",
            ":museum/ykylas-museum",
            Some("schema:containedInPlace"),
        )],
    ),
    (
        "museum-secondary-type-missing",
        &[("violation", "MuseumShape", ":museum/ykylas-museum", None)],
    ),
    (
        "conferral-without-award",
        &[(
            "violation",
            "ConferralAward",
            ":event/award-conferral",
            Some("mura:award"),
        )],
    ),
    (
        "conferral-without-recipient",
        &[(
            "violation",
            "ConferralRecipient",
            ":event/award-conferral",
            Some("mura:recipient"),
        )],
    ),
    (
        "conferral-without-conferrer",
        &[(
            "violation",
            "ConferralConferrer",
            ":event/award-conferral",
            Some("mura:conferredBy"),
        )],
    ),
    (
        "conferral-without-date",
        &[(
            "violation",
            "ConferralDate",
            ":event/award-conferral",
            Some("schema:startDate"),
        )],
    ),
    (
        "award-without-name",
        &[
            (
                "violation",
                "ConferralAward",
                ":event/award-conferral",
                Some("mura:award"),
            ),
            (
                "violation",
                "EntityNameEn",
                ":award/best-museum-of-the-turkic-world",
                Some("schema:name"),
            ),
            (
                "violation",
                "EntityNameKk",
                ":award/best-museum-of-the-turkic-world",
                Some("schema:name"),
            ),
        ],
    ),
    (
        "wikidata-bad-iri",
        &[
            (
                "violation",
                "EntitySchemaWikidataLink",
                ":place/kazakhstan",
                Some("schema:sameAs"),
            ),
            (
                "violation",
                "EntityWikidataLink",
                ":place/kazakhstan",
                Some("owl:sameAs"),
            ),
        ],
    ),
    (
        "wikidata-shared",
        &[
            (
                "violation",
                "EntityWikidataUnique",
                ":place/almaty",
                Some("owl:sameAs/^owl:sameAs"),
            ),
            (
                "violation",
                "EntityWikidataUnique",
                ":place/kazakhstan",
                Some("owl:sameAs/^owl:sameAs"),
            ),
        ],
    ),
    (
        "statement-without-paragraph",
        &[(
            "violation",
            "StatementParagraph",
            ":statement/0000000000000001",
            Some("prov:wasDerivedFrom"),
        )],
    ),
    (
        "claim-without-source",
        &[(
            "violation",
            "StatementParagraph",
            ":statement/0000000000000001",
            Some("prov:wasDerivedFrom"),
        )],
    ),
    (
        "paragraph-without-source",
        &[(
            "violation",
            "ParagraphSource",
            ":source/article/p1",
            Some("dcterms:isPartOf"),
        )],
    ),
    (
        "iri-outside-base",
        &[(
            "violation",
            "MintedIriShape",
            "https://example.org/place/kazakhstan",
            None,
        )],
    ),
    (
        "post-without-holder",
        &[(
            "violation",
            "PostHolder",
            ":post/turksoy-secretary-general",
            Some("org:heldBy"),
        )],
    ),
    (
        "count-not-positive",
        &[(
            "violation",
            "MemorandumSigningCount",
            ":event/memoranda",
            Some("mura:count"),
        )],
    ),
    (
        "policy-without-decider",
        &[(
            "warning",
            "PolicyDecidedBy",
            ":policy/free-entry",
            Some("mura:decidedBy"),
        )],
    ),
];

fn shacl_fixture(name: &str) -> String {
    format!("tests/fixtures/shacl/{name}.ttl")
}

/// Runs mura and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = mura().args(args).output().expect("mura runs");
    (
        out.status.code().expect("mura exits"),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

fn short_focus(iri: &str) -> String {
    match iri.strip_prefix(BASE) {
        Some(rest) => format!(":{rest}"),
        None => iri.to_owned(),
    }
}

#[test]
fn the_shipped_dataset_has_no_violations_and_one_warning() {
    let (code, out, err) = run(&["validate"]);
    assert_eq!(code, 0, "stderr: {err}");
    assert_same_text(
        "mura validate",
        "no violations: 0 violations, 1 warning, 0 info (shapes: ontology/shapes.ttl)

mush:PersonShape \"Person\"
  :person/yerbolat-dossayev \"Yerbolat Dossayev\"
    warning   schema:birthDate (mush:PersonHasLifeDates): Advice: add the person's year of birth (as background knowledge with its source).
",
        &out,
    );
}

#[test]
fn kazakh_messages_and_labels() {
    let (code, out, _) = run(&["validate", "--lang", "kk"]);
    assert_eq!(code, 0);
    assert_same_text(
        "mura validate --lang kk",
        "no violations: 0 violations, 1 warning, 0 info (shapes: ontology/shapes.ttl)

mush:PersonShape \"Адам\"
  :person/yerbolat-dossayev \"Ерболат Досаев\"
    warning   schema:birthDate (mush:PersonHasLifeDates): Кеңес: адамның туған жылын қосыңыз (дереккөзі бар қосымша мәлімет ретінде).
",
        &out,
    );
}

#[test]
fn every_fixture_gives_exactly_its_expected_results() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(root().join("tests/fixtures/shacl"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".ttl").map(str::to_owned))
        .collect();
    let listed: BTreeSet<String> = FIXTURES.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "every fixture in tests/fixtures/shacl is in FIXTURES and vice versa"
    );
    for (name, expected) in FIXTURES {
        let file = shacl_fixture(name);
        let (code, out, err) = run(&["validate", "--rdf", &file, "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {out}\n{err}"));
        let got: Vec<(String, String, String, Option<String>)> = doc["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["severity"].as_str().unwrap().to_owned(),
                    r["sourceShape"]
                        .as_str()
                        .unwrap()
                        .strip_prefix(MUSH)
                        .unwrap_or_else(|| panic!("{name}: source shape outside mush: {r}"))
                        .to_owned(),
                    short_focus(r["focusNode"].as_str().unwrap()),
                    r["path"].as_str().map(str::to_owned),
                )
            })
            .collect();
        let want: Vec<(String, String, String, Option<String>)> = expected
            .iter()
            .map(|(s, shape, focus, path)| {
                (
                    s.to_string(),
                    shape.to_string(),
                    focus.to_string(),
                    path.map(str::to_owned),
                )
            })
            .collect();
        assert_eq!(got, want, "{name}: results of mura validate --rdf {file}");
        let violations = expected.iter().filter(|e| e.0 == "violation").count();
        assert_eq!(
            doc["conforms"],
            expected.is_empty(),
            "{name}: sh:conforms is true only without results"
        );
        assert_eq!(doc["violations"], violations, "{name}: violations");
        assert_eq!(
            code,
            if violations == 0 { 0 } else { 1 },
            "{name}: exit code (stderr: {err})"
        );
    }
}

#[test]
fn the_text_report_names_rule_entity_and_label() {
    let (code, out, _) = run(&["validate", "--rdf", &shacl_fixture("wikidata-shared")]);
    assert_eq!(code, 1);
    assert_same_text(
        "wikidata-shared",
        "does not conform: 2 violations, 0 warnings, 0 info (shapes: ontology/shapes.ttl)

mush:EntityShape \"Entity\"
  :place/almaty \"Almaty\"
    violation owl:sameAs/^owl:sameAs (mush:EntityWikidataUnique): Another entity is linked to the same Wikidata item: merge them or fix one link.
  :place/kazakhstan \"Kazakhstan\"
    violation owl:sameAs/^owl:sameAs (mush:EntityWikidataUnique): Another entity is linked to the same Wikidata item: merge them or fix one link.
",
        &out,
    );
}

/// Parses a Turtle validation report: (sh:conforms, number of sh:result, number of
/// sh:resultPath).
fn turtle_report(text: &str) -> (bool, usize, usize) {
    let sh = |local: &str| NamedNode::new_unchecked(format!("http://www.w3.org/ns/shacl#{local}"));
    let mut conforms = None;
    let mut results = 0;
    let mut paths = 0;
    for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes()) {
        let quad = quad.unwrap_or_else(|e| panic!("the Turtle report does not parse: {e}"));
        if quad.predicate == sh("conforms") {
            assert!(conforms.is_none(), "two sh:conforms");
            conforms = Some(quad.object == Literal::from(true).into());
        } else if quad.predicate == sh("result") {
            results += 1;
        } else if quad.predicate == sh("resultPath") {
            paths += 1;
        }
    }
    (
        conforms.expect("the report has sh:conforms"),
        results,
        paths,
    )
}

#[test]
fn the_turtle_report_is_a_w3c_validation_report() {
    let (code, out, _) = run(&["validate", "--format", "turtle"]);
    // one warning: no violation (exit 0), but sh:conforms false, as SHACL §3.6.1 says
    assert_eq!(code, 0);
    assert_eq!(turtle_report(&out), (false, 1, 1));
    let (code, out, _) = run(&[
        "validate",
        "--rdf",
        &shacl_fixture("award-without-name"),
        "--format",
        "turtle",
    ]);
    assert_eq!(code, 1);
    assert_eq!(turtle_report(&out), (false, 3, 3));
    // A sequence path is written as the SHACL list of the source shape's sh:path.
    let (code, out, _) = run(&[
        "validate",
        "--rdf",
        &shacl_fixture("wikidata-shared"),
        "--format",
        "turtle",
    ]);
    assert_eq!(code, 1);
    assert_eq!(turtle_report(&out), (false, 2, 2));
    assert!(
        out.contains("_:path0001_1 rdf:first owl:sameAs ;\n\trdf:rest _:path0001_2 .\n"),
        "{out}"
    );
    assert!(
        out.contains("_:path0001_3 sh:inversePath owl:sameAs .\n"),
        "{out}"
    );
}

#[test]
fn validate_errors_exit_2() {
    let (code, out, err) = run(&["validate", "--rdf", "tests/fixtures/shacl/missing.ttl"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "mura: cannot read tests/fixtures/shacl/missing.ttl: No such file or directory (os error 2)\n"
    );
    let (code, _, err) = run(&["validate", "--rdf", "README.md"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "mura: cannot tell the RDF format of README.md from its extension: name it .ttl, .nt, .nq, .trig, .rdf, .jsonld or .n3\n"
    );
}

/// tests/fixtures/minimal copied to a temp dir, with the city's country removed.
fn city_without_country() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("minimal"), dir.path());
    let places = dir.path().join("places.toml");
    let text = std::fs::read_to_string(&places).unwrap();
    let edited = text.replacen("country = \"kazakhstan\"\n", "", 1);
    assert_ne!(text, edited, "the minimal fixture's city names its country");
    std::fs::write(&places, edited).unwrap();
    dir
}

const CITY_REPORT: &str =
    "does not conform: 1 violation, 0 warnings, 0 info (shapes: ontology/shapes.ttl)

mush:CityShape \"City\"
  :place/almaty \"Almaty\"
    violation schema:containedInPlace (mush:CityInCountry): A city is in a country.
";

#[test]
fn build_and_export_refuse_a_violating_dataset() {
    let data = city_without_country();
    let d = data.path().to_str().unwrap();
    let (code, out, err) = run(&["build", "--data", d]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_same_text(
        "mura build",
        &format!("mura: the graph breaks the SHACL shapes: nothing was written\n{CITY_REPORT}"),
        &err,
    );

    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("out.ttl");
    let (code, _, err) = run(&["export", "--data", d, "-o", target.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_same_text(
        "mura export",
        &format!("mura: the graph breaks the SHACL shapes: nothing was written\n{CITY_REPORT}"),
        &err,
    );
    let left: Vec<_> = std::fs::read_dir(out_dir.path()).unwrap().collect();
    assert!(left.is_empty(), "export wrote {left:?}");

    // --no-validate lets it through; `mura validate --data` still reports it (exit 1).
    let (code, _, err) = run(&["build", "--data", d, "--no-validate"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = run(&[
        "export",
        "--data",
        d,
        "--no-validate",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(target.is_file());
    let (code, out, _) = run(&["validate", "--data", d]);
    assert_eq!(code, 1);
    assert_same_text("mura validate --data", CITY_REPORT, &out);
}

#[test]
fn allow_warnings_false_fails_on_a_warning() {
    let (code, out, err) = run(&["build", "--allow-warnings", "false"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_same_text(
        "mura build --allow-warnings false",
        "mura: the graph has SHACL warnings and --allow-warnings is false: nothing was written
no violations: 0 violations, 1 warning, 0 info (shapes: ontology/shapes.ttl)

mush:PersonShape \"Person\"
  :person/yerbolat-dossayev \"Yerbolat Dossayev\"
    warning   schema:birthDate (mush:PersonHasLifeDates): Advice: add the person's year of birth (as background knowledge with its source).
",
        &err,
    );
    // The default lets the warning through.
    let (code, out, _) = run(&["build"]);
    assert_eq!(code, 0);
    assert!(out.ends_with("SHACL: no violations (1 warning; `mura validate` shows it)\n"));
}

// ---------------------------------------------------------------- property-based

/// A mutation of the shipped graph and the (source shape, focus node) pairs it must add.
#[derive(Debug, Clone)]
enum Mutation {
    /// Drop every name of the entity in this language.
    DropName { entity: Index, kk: bool },
    /// Swap a person's birth and death dates (only people born before they died).
    SwapDates { person: Index },
    /// Link one entity to another's Wikidata item.
    ShareWikidata { from: Index, to: Index },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), any::<bool>()).prop_map(|(entity, kk)| Mutation::DropName { entity, kk }),
        any::<Index>().prop_map(|person| Mutation::SwapDates { person }),
        (any::<Index>(), any::<Index>())
            .prop_map(|(from, to)| Mutation::ShareWikidata { from, to }),
    ]
}

fn iri(s: &str) -> NamedNode {
    NamedNode::new_unchecked(s)
}

fn schema(local: &str) -> NamedNode {
    iri(&format!("http://schema.org/{local}"))
}

fn owl_same_as() -> NamedNode {
    iri("http://www.w3.org/2002/07/owl#sameAs")
}

/// Subjects of `predicate` in `quads`, sorted, without duplicates.
fn subjects_of(quads: &[Quad], predicate: &NamedNode) -> Vec<NamedOrBlankNode> {
    let set: BTreeSet<String> = quads
        .iter()
        .filter(|q| &q.predicate == predicate)
        .map(|q| q.subject.to_string())
        .collect();
    let mut out: Vec<NamedOrBlankNode> = Vec::new();
    for s in set {
        let q = quads
            .iter()
            .find(|q| q.subject.to_string() == s)
            .expect("subject");
        out.push(q.subject.clone());
    }
    out
}

fn object_of(quads: &[Quad], subject: &NamedOrBlankNode, predicate: &NamedNode) -> Option<Term> {
    quads
        .iter()
        .find(|q| &q.subject == subject && &q.predicate == predicate)
        .map(|q| q.object.clone())
}

fn pairs(report: &Report) -> BTreeSet<(String, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.source_shape
                    .as_ref()
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                f.focus.to_string(),
            )
        })
        .collect()
}

/// Applies `m` to `quads`; returns the mutated quads and the pairs the report must gain.
fn apply(quads: &[Quad], m: &Mutation) -> (Vec<Quad>, BTreeSet<(String, String)>) {
    let shape = |local: &str| format!("<{MUSH}{local}>");
    let mut out = quads.to_vec();
    let mut expected = BTreeSet::new();
    match m {
        Mutation::DropName { entity, kk } => {
            let entities = subjects_of(quads, &schema("name"));
            let e = entity.get(&entities);
            let lang = if *kk { "kk" } else { "en" };
            let before = out.len();
            out.retain(|q| {
                !(&q.subject == e
                    && q.predicate == schema("name")
                    && matches!(&q.object, Term::Literal(l) if l.language() == Some(lang)))
            });
            assert!(out.len() < before, "{e} has a {lang} name");
            let rule = if *kk { "EntityNameKk" } else { "EntityNameEn" };
            expected.insert((shape(rule), e.to_string()));
        }
        Mutation::SwapDates { person } => {
            let (birth, death) = (schema("birthDate"), schema("deathDate"));
            let people: Vec<NamedOrBlankNode> = subjects_of(quads, &death)
                .into_iter()
                .filter(
                    |p| match (object_of(quads, p, &birth), object_of(quads, p, &death)) {
                        (Some(Term::Literal(b)), Some(Term::Literal(d))) => {
                            b.datatype() == xsd::G_YEAR
                                && d.datatype() == xsd::G_YEAR
                                && b.value().parse::<i32>().unwrap()
                                    < d.value().parse::<i32>().unwrap()
                        }
                        _ => false,
                    },
                )
                .collect();
            assert!(
                people.len() >= 5,
                "people born before they died: {people:?}"
            );
            let p = person.get(&people);
            for q in out.iter_mut().filter(|q| &q.subject == p) {
                if q.predicate == birth {
                    q.predicate = death.clone();
                } else if q.predicate == death {
                    q.predicate = birth.clone();
                }
            }
            expected.insert((shape("PersonBirthBeforeDeath"), p.to_string()));
        }
        Mutation::ShareWikidata { from, to } => {
            let linked = subjects_of(quads, &owl_same_as());
            let entities = subjects_of(quads, &schema("name"));
            let f = from.get(&linked);
            let item = object_of(quads, f, &owl_same_as()).unwrap();
            let others: Vec<&NamedOrBlankNode> = entities.iter().filter(|e| *e != f).collect();
            let t = (*to.get(&others)).clone();
            let graph = GraphName::NamedNode(iri(&format!("{BASE}graph/wikidata")));
            out.push(Quad::new(
                t.clone(),
                owl_same_as(),
                item.clone(),
                graph.clone(),
            ));
            out.push(Quad::new(t.clone(), schema("sameAs"), item, graph));
            expected.insert((shape("EntityWikidataUnique"), f.to_string()));
            expected.insert((shape("EntityWikidataUnique"), t.to_string()));
        }
    }
    (out, expected)
}

/// Mutations of the shipped graph add exactly the violations they should, and no other.
#[test]
fn mutations_of_the_shipped_graph_break_the_expected_rule() {
    let quads = mura::mapped_quads(&mura::Input {
        data: Some(root().join("data")),
        ..mura::Input::default()
    })
    .unwrap();
    let shapes = validate::load_shapes(&[], Some("https://w3id.org/mura/id/")).unwrap();
    let baseline = validate::validate(&quads, &shapes).unwrap();
    assert!(!baseline.has_violations());
    let baseline = pairs(&baseline);

    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&mutation(), |m| {
            let (mutated, expected) = apply(&quads, &m);
            let report = validate::validate(&mutated, &shapes).unwrap();
            prop_assert!(
                report.has_violations(),
                "{m:?} left the graph without violations"
            );
            let got = pairs(&report);
            let want: BTreeSet<_> = baseline.union(&expected).cloned().collect();
            prop_assert_eq!(got, want, "{:?}", m);
            Ok(())
        })
        .unwrap();
}

#[test]
fn every_fixture_is_turtle_with_the_dataset_node() {
    // A guard on the fixtures themselves: each is Turtle with the dataset node.
    for (name, _) in FIXTURES {
        let text = std::fs::read_to_string(root().join(shacl_fixture(name))).unwrap();
        let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let dataset = iri(&format!("{BASE}dataset"));
        assert!(
            quads
                .iter()
                .any(|q| q.subject == NamedOrBlankNode::from(dataset.clone())),
            "{name} has the dataset node"
        );
    }
}
