//! Bad input: one fixture per defect (`tests/fixtures/<case>/`, each a copy of
//! `tests/fixtures/minimal/` with exactly one thing wrong). For every case the real binary
//! must exit with status 2, print exactly one located message (file, line, record, field
//! and a sentence saying what to do) and write nothing.

mod common;

use common::*;
use std::path::Path;

/// Runs `mura build` and `mura export -o` on fixture `case` and checks the exit status, the
/// exact message on stderr and that the export left no file (not even a temporary one).
fn rejects(case: &str, message: &str) {
    let data = format!("tests/fixtures/{case}");
    assert!(
        fixture(case).join("mura.toml").is_file(),
        "fixture {case} is missing"
    );
    let expected = format!("{message}\n");

    let out = mura()
        .args(["build", "--data", &data])
        .output()
        .expect("mura runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{case}: mura build should exit with 2"
    );
    assert!(
        out.stdout.is_empty(),
        "{case}: mura build printed to stdout:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_same_text(
        &format!("{case}: stderr of mura build"),
        &expected,
        &String::from_utf8_lossy(&out.stderr),
    );

    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("out.ttl");
    let out = mura()
        .args(["export", "--data", &data, "-o"])
        .arg(&target)
        .output()
        .expect("mura runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{case}: mura export should exit with 2"
    );
    assert!(
        out.stdout.is_empty(),
        "{case}: mura export printed to stdout"
    );
    assert_same_text(
        &format!("{case}: stderr of mura export"),
        &expected,
        &String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        !target.exists(),
        "{case}: mura export wrote {}",
        target.display()
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        left.is_empty(),
        "{case}: mura export left files behind: {left:?}"
    );
}

/// Every regular file under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

const CASES: &[&str] = &[
    "toml-syntax",
    "unknown-reference",
    "wrong-kind-reference",
    "duplicate-id",
    "invalid-iri",
    "invalid-base",
    "base-without-slash",
    "invalid-date",
    "death-before-birth",
    "unknown-language",
    "missing-field",
    "unknown-field",
    "empty-label",
    "missing-kk-name",
    "excerpt-not-in-paragraph",
    "paragraph-out-of-range",
    "bad-wikidata-id",
    "invalid-slug",
    "invalid-utf8",
];

#[test]
fn the_minimal_fixture_builds_and_exports() {
    let out = stdout_of(&["build", "--data", "tests/fixtures/minimal"]);
    assert!(out.starts_with("built "), "{out}");
    for class in [
        "mura:City",
        "mura:Organisation",
        "mura:Museum",
        "mura:Person",
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("| {class} ")) && l.contains("| 1 ")),
            "no {class} in\n{out}"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("out.ttl");
    let out = mura()
        .args(["export", "--data", "tests/fixtures/minimal", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ttl = std::fs::read_to_string(&target).unwrap();
    assert!(ttl.contains("museum:ykylas-museum a "), "{ttl}");
}

/// Each bad fixture is the minimal one with exactly one file changed (or, for
/// `duplicate-id`, one record added to one file): the defect is the only difference.
#[test]
fn each_case_differs_from_minimal_in_one_file() {
    let minimal = fixture("minimal");
    let base = files(&minimal);
    for case in CASES {
        let dir = fixture(case);
        assert_eq!(files(&dir), base, "{case} has other files than minimal");
        let changed: Vec<_> = base
            .iter()
            .filter(|f| {
                std::fs::read(minimal.join(f)).unwrap() != std::fs::read(dir.join(f)).unwrap()
            })
            .collect();
        assert_eq!(
            changed.len(),
            1,
            "{case} should change exactly one file of minimal, changes {changed:?}"
        );
    }
}

#[test]
fn the_invalid_utf8_fixture_really_is_invalid() {
    let bytes = std::fs::read(fixture("invalid-utf8").join("people.toml")).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "tests/fixtures/invalid-utf8/people.toml lost its invalid byte"
    );
}

#[test]
fn toml_syntax() {
    rejects(
        "toml-syntax",
        "mura: tests/fixtures/toml-syntax/museums.toml:7: museum `ykylas-museum`, field `city`: TOML syntax error: invalid basic string, expected `\"`",
    );
}

#[test]
fn unknown_reference() {
    rejects(
        "unknown-reference",
        "mura: tests/fixtures/unknown-reference/museums.toml:7: museum `ykylas-museum`, field `city`: unknown id `almatty`: no place has this id; add a [[place]] record or a row to places.csv with it, or fix the spelling",
    );
}

#[test]
fn wrong_kind_reference() {
    rejects(
        "wrong-kind-reference",
        "mura: tests/fixtures/wrong-kind-reference/museums.toml:7: museum `ykylas-museum`, field `city`: `ykylas-dukenuly` is a person, but `city` takes a place",
    );
}

#[test]
fn duplicate_id() {
    rejects(
        "duplicate-id",
        "mura: tests/fixtures/duplicate-id/places.toml:14: place `ykylas-museum`, field `id`: id `ykylas-museum` is already used by the museum at tests/fixtures/duplicate-id/museums.toml:3: ids are unique across the dataset; rename one",
    );
}

#[test]
fn invalid_iri() {
    rejects(
        "invalid-iri",
        "mura: tests/fixtures/invalid-iri/organisations.toml:8: organisation `almaty-museums-association`, field `website`: `www.example.org/association` is not an absolute IRI: write it like `https://example.org/path/`",
    );
}

#[test]
fn invalid_base() {
    rejects(
        "invalid-base",
        "mura: tests/fixtures/invalid-base/mura.toml:6: dataset `mura-minimal`, field `base`: `example.org/mura/` is not an absolute IRI: write it like `https://example.org/path/`",
    );
}

#[test]
fn base_without_slash() {
    rejects(
        "base-without-slash",
        "mura: tests/fixtures/base-without-slash/mura.toml:6: dataset `mura-minimal`, field `base`: base IRI `https://example.org/mura` must end with `/` or `#` so that ids can be appended to it",
    );
}

#[test]
fn invalid_date() {
    rejects(
        "invalid-date",
        "mura: tests/fixtures/invalid-date/museums.toml:10: museum `ykylas-museum`, field `founded`: `2023-02-30` has day 30: that month has 28 days",
    );
}

#[test]
fn death_before_birth() {
    rejects(
        "death-before-birth",
        "mura: tests/fixtures/death-before-birth/people.toml:7: person `ykylas-dukenuly`, field `died`: death `1816` precedes birth `1843`: check both dates",
    );
}

#[test]
fn unknown_language() {
    rejects(
        "unknown-language",
        "mura: tests/fixtures/unknown-language/people.toml:5: person `ykylas-dukenuly`, field `name.de`: language `de` is not declared: use one of kk, en, ru or add it to `languages` in mura.toml",
    );
}

#[test]
fn missing_field() {
    rejects(
        "missing-field",
        "mura: tests/fixtures/missing-field/museums.toml:3: museum `ykylas-museum`, field `city`: missing field `city`; see the field list at the top of the file",
    );
}

#[test]
fn unknown_field() {
    rejects(
        "unknown-field",
        "mura: tests/fixtures/unknown-field/museums.toml:8: museum `ykylas-museum`, field `membr_of`: unknown field `membr_of`; see the field list at the top of the file",
    );
}

#[test]
fn empty_label() {
    rejects(
        "empty-label",
        "mura: tests/fixtures/empty-label/organisations.toml:5: organisation `almaty-museums-association`, field `name.en`: the name in `en` is empty: write the text or remove it",
    );
}

#[test]
fn missing_kk_name() {
    rejects(
        "missing-kk-name",
        "mura: tests/fixtures/missing-kk-name/people.toml:5: person `ykylas-dukenuly`, field `name.kk`: no name in `kk`: every record needs a name in kk and en",
    );
}

#[test]
fn excerpt_not_in_paragraph() {
    rejects(
        "excerpt-not-in-paragraph",
        "mura: tests/fixtures/excerpt-not-in-paragraph/people.toml:9: person `ykylas-dukenuly`, field `cite.excerpt`: the excerpt `күйші Ықылас Дүкенұлы туралы` is not in paragraph 2 of source `article`: copy it verbatim from that paragraph",
    );
}

#[test]
fn paragraph_out_of_range() {
    rejects(
        "paragraph-out-of-range",
        "mura: tests/fixtures/paragraph-out-of-range/people.toml:9: person `ykylas-dukenuly`, field `cite.paragraph`: paragraph 3 does not exist: source `article` has paragraphs 1 to 2",
    );
}

#[test]
fn bad_wikidata_id() {
    rejects(
        "bad-wikidata-id",
        "mura: tests/fixtures/bad-wikidata-id/places.toml:10: place `almaty`, field `wikidata`: `Q035493` is not a Wikidata item id: write it as Q followed by digits, e.g. `Q35493`",
    );
}

#[test]
fn invalid_slug() {
    rejects(
        "invalid-slug",
        "mura: tests/fixtures/invalid-slug/museums.toml:4: museum `Ykylas_Museum`, field `id`: `Ykylas_Museum` is not a valid id: use lowercase Latin letters, digits and single hyphens (e.g. `ykylas-museum`)",
    );
}

#[test]
fn invalid_utf8() {
    rejects(
        "invalid-utf8",
        "mura: tests/fixtures/invalid-utf8/people.toml:8: the file is not valid UTF-8: save it as UTF-8",
    );
}

#[test]
fn base_override_that_is_not_an_iri() {
    let expected = "mura: --base: `not an iri` is not an absolute IRI: write it like `https://example.org/path/`\n";
    let out = mura()
        .args([
            "build",
            "--data",
            "tests/fixtures/minimal",
            "--base",
            "not an iri",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_same_text(
        "mura build --base",
        expected,
        &String::from_utf8_lossy(&out.stderr),
    );

    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("out.ttl");
    let out = mura()
        .args([
            "export",
            "--data",
            "tests/fixtures/minimal",
            "--base",
            "not an iri",
            "-o",
        ])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_same_text(
        "mura export --base",
        expected,
        &String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        std::fs::read_dir(tmp.path()).unwrap().next().is_none(),
        "mura export wrote a file"
    );
}
