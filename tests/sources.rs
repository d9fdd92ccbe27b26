//! Several sources per statement, and sources that disagree (`tests/fixtures/two-sources`,
//! two fictional outlets in Kazakh and English, marked as a test fixture): facts stated by
//! both, one stated only by the second, a list they disagree on and a date one of them
//! gives to the day. The named queries, the Linked Art record and the QuickStatements
//! lines are compared with hand-checked files in `tests/expected/two-sources/`.

mod common;

use common::*;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/two-sources";

fn expected(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/expected/two-sources").join(name)).unwrap()
}

#[test]
fn statements_of_several_sources_each_with_its_paragraph() {
    let got = stdout_of(&[
        "query",
        "several-sources",
        "--data",
        FIXTURE,
        "--format",
        "tsv",
    ]);
    assert_same_text("several-sources", &expected("several-sources.tsv"), &got);
    // the members are stated by both outlets, the reason of the award only by the second
    assert!(got.contains("ykylas-museum>\t<http://schema.org/memberOf>"));
    let reason = stdout_of(&[
        "query",
        "--data",
        FIXTURE,
        "--format",
        "tsv",
        "-e",
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> \
         PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dcterms: <http://purl.org/dc/terms/> \
         SELECT ?source WHERE { ?st rdf:predicate <https://w3id.org/mura/ontology#reason> ; \
         prov:wasDerivedFrom/dcterms:isPartOf ?source }",
    ]);
    assert_eq!(
        reason,
        "?source\n<https://example.org/two/source/en-outlet>\n"
    );
}

#[test]
fn fields_the_sources_disagree_on_with_each_value() {
    let got = stdout_of(&[
        "query",
        "disagreements",
        "--data",
        FIXTURE,
        "--format",
        "tsv",
    ]);
    assert_same_text("disagreements", &expected("disagreements.tsv"), &got);
    // the record keeps the curated values: three countries, the month
    let among = stdout_of(&[
        "query",
        "--data",
        FIXTURE,
        "--format",
        "tsv",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { <https://example.org/two/event/selection> \
         <https://w3id.org/mura/ontology#amongMuseumsOf> ?c }",
    ]);
    assert_eq!(among, "?n\n3\n");
}

#[test]
fn linked_art_has_one_attribution_per_source() {
    let tmp = tempfile::tempdir().unwrap();
    let split = tmp.path().join("split");
    stdout_of(&[
        "export",
        "--data",
        FIXTURE,
        "--profile",
        "linked-art",
        "--split",
        split.to_str().unwrap(),
    ]);
    let got = std::fs::read_to_string(split.join("event-conferral.jsonld")).unwrap();
    assert_same_text(
        "Linked Art conferral",
        &expected("linked-art-conferral.jsonld"),
        &got,
    );
}

#[test]
fn quickstatements_reference_every_source() {
    let got = stdout_of(&["export", "--data", FIXTURE, "--format", "quickstatements"]);
    assert_same_text("QuickStatements", &expected("quickstatements.qs"), &got);
    assert!(got.contains(
        "LAST\tP31\tQ33506\tS854\t\"https://example.org/kk-outlet/item\"\nLAST\tP31\tQ33506\tS854\t\"https://example.org/en-outlet/item\"\n"
    ));
}

#[test]
fn the_wikidata_profile_has_one_reference_per_source_with_its_quotation() {
    let got = stdout_of(&[
        "export",
        "--data",
        FIXTURE,
        "--profile",
        "wikidata",
        "--format",
        "ntriples",
    ]);
    let refs: Vec<&str> = got
        .lines()
        .filter(|l| l.contains("<http://www.wikidata.org/prop/reference/P1683>"))
        .collect();
    assert_eq!(refs.len(), 2, "{got}");
    assert!(
        refs.iter()
            .any(|l| l.contains("/wikidata/reference/kk-outlet>"))
    );
    assert!(
        refs.iter()
            .any(|l| l.contains("/wikidata/reference/en-outlet>"))
    );
}

/// `mura build` of the fixture with `from` replaced by `to` in its records: the exact
/// error, exit 2, and nothing written.
fn refused(from: &str, to: &str, message: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    copy_dir(&root().join(FIXTURE), &ds);
    let records = ds.join("records.toml");
    let text = std::fs::read_to_string(&records).unwrap();
    assert!(text.contains(from), "the fixture has {from}");
    std::fs::write(&records, text.replace(from, to)).unwrap();
    let store = tmp.path().join("kg");
    let out = mura()
        .current_dir(tmp.path())
        .args(["export", "--data", "ds", "-o", "x.ttl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("mura: {message}\n")
    );
    assert!(!tmp.path().join("x.ttl").exists() && !Path::new(&store).exists());
}

#[test]
fn a_second_citation_whose_excerpt_is_not_in_its_paragraph() {
    refused(
        "excerpt = \"the Kasteyev Museum\"",
        "excerpt = \"the Kasteev Museum\"",
        "ds/records.toml:59: museum `kasteyev-museum`, field `cite.2.excerpt`: the excerpt `the Kasteev Museum` is not in paragraph 4 of source `en-outlet`: copy it verbatim from that paragraph",
    );
}

#[test]
fn a_citation_of_an_unknown_source() {
    refused(
        "{ source = \"en-outlet\", paragraph = 2, excerpt = \"its Best Museum award\" }",
        "{ source = \"en-wire\", paragraph = 2, excerpt = \"its Best Museum award\" }",
        "ds/records.toml:68: award `best-museum`, field `cite.2.source`: unknown source `en-wire`: declare it as a [[source]] in mura.toml",
    );
}

#[test]
fn a_conflicting_claim_without_a_source() {
    refused(
        "value = [\"turkiye\", \"kazakhstan\"], source = \"en-outlet\", paragraph = 3",
        "value = [\"turkiye\", \"kazakhstan\"], paragraph = 3",
        "ds/records.toml:80: event `selection`, field `claims.source`: the claim on `among` names no source: a claim is what one source states, so add `source = \"…\"` with its paragraph and excerpt",
    );
}

#[test]
fn a_claimed_value_that_does_not_fit_its_field() {
    refused(
        "value = \"2024-08-15\"",
        "value = \"2024-08-32\"",
        "ds/records.toml:100: event `conferral`, field `claims.field`: the claimed value does not fit `date` of an event: `2024-08-32` has day 32: that month has 31 days",
    );
}

#[test]
fn a_citation_of_a_field_the_record_does_not_have() {
    refused(
        "fields = [\"member_of\", \"name.en\"]",
        "fields = [\"member_of\", \"website\"]",
        "ds/records.toml:49: museum `ykylas-museum`, field `cite.fields`: the citation names `website`, which this museum does not have: name fields it sets (e.g. `name.en`, `member_of`)",
    );
}

/// The fixture's manifest and sources with tables instead of its TOML records: a city and
/// one museum citing both outlets, the English one with `excerpt_2`; in `t/` of a temp dir.
fn tables_citing_both(excerpt_2: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path().join("t");
    copy_dir(&root().join(FIXTURE), &t);
    std::fs::remove_file(t.join("records.toml")).unwrap();
    std::fs::write(
        t.join("places.csv"),
        "id,name_en,name_kk,type\nalmaty,Almaty,Алматы,city\n",
    )
    .unwrap();
    std::fs::write(
        t.join("museums.csv"),
        format!(
            "id,name_en,name_kk,city,source,source_paragraph,excerpt,source_2,source_paragraph_2,excerpt_2\n\
             kasteyev,Kasteyev Museum,Қастеев музейі,almaty,kk-outlet,4,Қастеев музейі,en-outlet,4,{excerpt_2}\n"
        ),
    )
    .unwrap();
    tmp
}

#[test]
fn a_bad_second_citation_in_csv_is_located_at_its_own_column() {
    let tmp = tables_citing_both("the Kasteev Museum");
    let out = mura()
        .current_dir(tmp.path())
        .args(["build", "--data", "t", "--no-validate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "mura: t/museums.csv:2: museum `kasteyev`, field `excerpt_2`: the excerpt `the Kasteev Museum` is not in paragraph 4 of source `en-outlet`: copy it verbatim from that paragraph\n"
    );
}

#[test]
fn csv_rows_cite_a_second_source_in_numbered_columns() {
    let tmp = tables_citing_both("the Kasteyev Museum");
    let t = tmp.path().join("t");
    let got = stdout_of(&[
        "query",
        "--data",
        t.to_str().unwrap(),
        "--format",
        "tsv",
        "-e",
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> \
         SELECT ?g (COUNT(?st) AS ?n) WHERE { GRAPH ?g { ?st a rdf:Statement } } GROUP BY ?g ORDER BY ?g",
    ]);
    assert_eq!(
        got,
        "?g\t?n\n<https://example.org/two/graph/en-outlet>\t5\n<https://example.org/two/graph/kk-outlet>\t5\n"
    );
}
