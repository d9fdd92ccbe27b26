//! Bad input: the catalogue of [docs/errors.md](../docs/errors.md). One fixture per
//! defect (`tests/fixtures/<case>/`, each a copy of `tests/fixtures/minimal/` with exactly
//! one file changed or added); the inputs too big to commit (a 10 MB field, 10,000 levels
//! of nesting, a file past the size limit, a table of 50 MB) are generated into a temp dir
//! by the test. For every case the real binary must exit with status 2, print exactly one
//! located message (file, line, record, field, the bad value and a sentence saying what
//! to do) and write nothing. A few inputs that look odd but are fine (a byte-order mark
//! and CRLF in TOML, a table with a trailing empty line or none at its end) must build.

mod common;

use common::*;
use std::path::Path;

/// Runs `mura build` and `mura export -o` on fixture `case` and checks the exit status, the
/// exact message on stderr and that the export left no file (not even a temporary one).
fn rejects(case: &str, message: &str) {
    assert!(
        fixture(case).join("mura.toml").is_file(),
        "fixture {case} is missing"
    );
    rejects_in(&format!("tests/fixtures/{case}"), message);
}

/// [`rejects`] for the dataset folder `data` (as given to `--data`).
fn rejects_in(data: &str, message: &str) {
    let expected = format!("{message}\n");
    fails(
        &format!("mura build --data {data}"),
        mura().args(["build", "-q", "--data", data]),
        &expected,
    );
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("out.ttl");
    fails(
        &format!("mura export --data {data}"),
        mura()
            .args(["export", "-q", "--data", data, "-o"])
            .arg(&target),
        &expected,
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        left.is_empty(),
        "{data}: mura export left files behind: {left:?}"
    );
}

/// A copy of the minimal fixture in a temp dir with `file` written as `content`: the cases
/// too big to commit. Returns the dir and the dataset's path.
fn generated(file: &str, content: &[u8]) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&fixture("minimal"), &data);
    std::fs::write(data.join(file), content).unwrap();
    let shown = data.display().to_string();
    (tmp, shown)
}

/// Runs `mura build` on fixture `case` and returns its summary: a case that must be
/// accepted.
fn builds(case: &str) -> String {
    stdout_of(&["build", "-q", "--data", &format!("tests/fixtures/{case}")])
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

/// Every committed case (refused or accepted): each is `minimal` with one file changed or
/// added.
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
    "nul-byte",
    "bom-crlf",
    "duplicate-key",
    "mixed-script-id",
    "bidi-label",
    "part-of-cycle",
    "self-reference",
    "year-zero",
    "negative-year",
    "february-29",
    "latitude-91",
    "longitude-181",
    "url-with-space",
    "unknown-kind",
    "wrong-type",
    "duplicate-source",
    "bad-language-tag",
    "undeclared-background",
    "missing-source-text",
    "publisher-slug-collision",
    "manifest-unknown-field",
    "csv-unknown-language",
    "csv-header-repeated",
    "csv-trailing-empty-line",
    "csv-no-final-newline",
    "csv-nul-byte",
    "csv-cell-count",
    "csv-latitude",
    "csv-unknown-country",
    "csv-missing-column",
    "csv-duplicate-id",
    "csv-unknown-column",
    "csv-bidi-label",
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

/// Each fixture is the minimal one with exactly one file changed (or, for
/// `duplicate-id`, one record added to one file) or one file added (a CSV table): the
/// defect is the only difference.
#[test]
fn each_case_differs_from_minimal_in_one_file() {
    let minimal = fixture("minimal");
    let base = files(&minimal);
    for case in CASES {
        let dir = fixture(case);
        let have = files(&dir);
        let added: Vec<_> = have.iter().filter(|f| !base.contains(f)).collect();
        assert!(
            base.iter().all(|f| have.contains(f)),
            "{case} lacks files of minimal"
        );
        let changed: Vec<_> = base
            .iter()
            .filter(|f| {
                std::fs::read(minimal.join(f)).unwrap() != std::fs::read(dir.join(f)).unwrap()
            })
            .collect();
        assert_eq!(
            changed.len() + added.len(),
            1,
            "{case} should change or add exactly one file of minimal, changes {changed:?}, adds {added:?}"
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
        "mura: tests/fixtures/invalid-date/museums.toml:10: museum `ykylas-museum`, field `founded`: `2023-02-30` has day 30: February 2023 has 28 days (2023 is not a leap year)",
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
fn nul_byte() {
    rejects(
        "nul-byte",
        "mura: tests/fixtures/nul-byte/people.toml:8: the file holds a NUL byte (U+0000), which text never has: it was saved as UTF-16 or is not a text file; save it as UTF-8 text",
    );
}

#[test]
fn duplicate_key() {
    rejects(
        "duplicate-key",
        "mura: tests/fixtures/duplicate-key/museums.toml:8: museum `ykylas-museum`, field `city`: TOML syntax error: `city` is set twice in this table: keep one of the two lines",
    );
}

#[test]
fn mixed_script_id() {
    rejects(
        "mixed-script-id",
        "mura: tests/fixtures/mixed-script-id/museums.toml:4: museum `ykylаs-museum`, field `id`: `ykylаs-museum` is not a valid id: `а` (U+0430) is a Cyrillic letter that looks like Latin `a`; write `ykylas-museum`",
    );
}

#[test]
fn bidi_label() {
    rejects(
        "bidi-label",
        "mura: tests/fixtures/bidi-label/people.toml:5: person `ykylas-dukenuly`, field `name.en`: the name in `en` holds the bidirectional control U+202E, which makes text show in another order than it is stored: remove it (Unicode's bidi algorithm orders Arabic, Hebrew and Latin by itself)",
    );
}

#[test]
fn part_of_cycle() {
    rejects(
        "part-of-cycle",
        "mura: tests/fixtures/part-of-cycle/museums.toml:17: event `spring-exhibitions`, field `part_of`: `part_of` goes round in a circle (spring-exhibitions → year-of-exhibitions → spring-exhibitions): an event cannot be part of itself; remove one of these links",
    );
}

#[test]
fn self_reference() {
    rejects(
        "self-reference",
        "mura: tests/fixtures/self-reference/museums.toml:17: event `spring-exhibitions`, field `part_of`: `spring-exhibitions` is this event itself: a record cannot refer to itself; name another event",
    );
}

#[test]
fn year_zero() {
    rejects(
        "year-zero",
        "mura: tests/fixtures/year-zero/museums.toml:10: museum `ykylas-museum`, field `founded`: `0000` has year 0, which the calendar does not have: years run from 0001 (1 AD)",
    );
}

#[test]
fn negative_year() {
    rejects(
        "negative-year",
        "mura: tests/fixtures/negative-year/people.toml:6: person `ykylas-dukenuly`, field `born`: `-0500` is a year before the common era, which mura does not take: write years from 0001 to 9999",
    );
}

#[test]
fn february_29() {
    rejects(
        "february-29",
        "mura: tests/fixtures/february-29/museums.toml:10: museum `ykylas-museum`, field `founded`: `2023-02-29` has day 29: February 2023 has 28 days (2023 is not a leap year)",
    );
}

#[test]
fn latitude_91() {
    rejects(
        "latitude-91",
        "mura: tests/fixtures/latitude-91/places.toml:8: place `almaty`, field `lat`: `91` is not a latitude: write decimal degrees between -90 and 90",
    );
}

#[test]
fn longitude_181() {
    rejects(
        "longitude-181",
        "mura: tests/fixtures/longitude-181/places.toml:9: place `almaty`, field `lon`: `181` is not a longitude: write decimal degrees between -180 and 180",
    );
}

#[test]
fn url_with_space() {
    rejects(
        "url-with-space",
        "mura: tests/fixtures/url-with-space/organisations.toml:8: organisation `almaty-museums-association`, field `website`: `https://example.org/museums association/` holds a space, which an IRI cannot: write each space as `%20` (`https://example.org/museums%20association/`)",
    );
}

#[test]
fn unknown_kind() {
    rejects(
        "unknown-kind",
        "mura: tests/fixtures/unknown-kind/people.toml:3: unknown record kind `[[persn]]`: use one of [[place]], [[organisation]], [[museum]], [[person]], [[award]], [[event]], [[post]], [[quotation]], [[policy]]",
    );
}

#[test]
fn wrong_type() {
    rejects(
        "wrong-type",
        "mura: tests/fixtures/wrong-type/museums.toml:10: museum `ykylas-museum`, field `founded`: invalid type: integer `1980`, expected a string; see the field list at the top of the file",
    );
}

#[test]
fn duplicate_source() {
    rejects(
        "duplicate-source",
        "mura: tests/fixtures/duplicate-source/mura.toml:24: source `article`, field `id`: source `article` is declared twice: give each source its own id",
    );
}

#[test]
fn bad_language_tag() {
    rejects(
        "bad-language-tag",
        "mura: tests/fixtures/bad-language-tag/mura.toml:10: dataset `mura-minimal`, field `languages`: `en_GB` is not a BCP 47 language tag (e.g. `kk`, `en`, `ru`)",
    );
}

#[test]
fn undeclared_background() {
    rejects(
        "undeclared-background",
        "mura: tests/fixtures/undeclared-background/mura.toml:11: dataset `mura-minimal`, field `background`: `notes` is not a declared background source: add a [[source]] with this id and `background = true`",
    );
}

#[test]
fn missing_source_text() {
    rejects(
        "missing-source-text",
        "mura: tests/fixtures/missing-source-text/mura.toml:21: source `article`, field `text`: the source text `sources/text.txt` is not in the dataset folder: give the path of its text file, relative to mura.toml",
    );
}

#[test]
fn publisher_slug_collision() {
    rejects(
        "publisher-slug-collision",
        "mura: tests/fixtures/publisher-slug-collision/mura.toml:26: source `curation`, field `publisher`: publisher `Example Org` becomes the agent id `example-org`, as does `example.org` of source `article`: spell one publisher the same way in both sources, or tell two apart by a letter or digit",
    );
}

#[test]
fn manifest_unknown_field() {
    rejects(
        "manifest-unknown-field",
        "mura: tests/fixtures/manifest-unknown-field/mura.toml:8: field `license`: unknown field `license`, expected one of `id`, `base`, `title`, `description`, `licence`, `created`, `languages`, `required_languages`, `background`, `links`; see the field list at the top of the file",
    );
}

#[test]
fn csv_unknown_language() {
    rejects(
        "csv-unknown-language",
        "mura: tests/fixtures/csv-unknown-language/places.csv:1: field `name_de`: `name_de` is in language `de`, which tables do not have: their name columns are name_en, name_kk and name_ru (write other languages in TOML records)",
    );
}

#[test]
fn csv_header_repeated() {
    rejects(
        "csv-header-repeated",
        "mura: tests/fixtures/csv-header-repeated/places.csv:3: the row repeats the header line: remove it (were two tables joined into one?)",
    );
}

#[test]
fn csv_nul_byte() {
    rejects(
        "csv-nul-byte",
        "mura: tests/fixtures/csv-nul-byte/places.csv:2: place `shymkent`, field `name_kk`: the cell holds a NUL byte (U+0000), which text never has: the table was saved as UTF-16 or is not a text file; save it as UTF-8 text",
    );
}

#[test]
fn csv_cell_count() {
    rejects(
        "csv-cell-count",
        "mura: tests/fixtures/csv-cell-count/places.csv:3: field `source`: the row has 5 cells but the header has 4 (there are cells after the last column `source`): quote cells that contain commas (\"a, b\") and give every row one cell per column",
    );
}

#[test]
fn csv_latitude() {
    rejects(
        "csv-latitude",
        "mura: tests/fixtures/csv-latitude/places.csv:2: place `shymkent`, field `lat`: `-91.5` is not a latitude: write decimal degrees between -90 and 90",
    );
}

#[test]
fn csv_unknown_country() {
    rejects(
        "csv-unknown-country",
        "mura: tests/fixtures/csv-unknown-country/places.csv:2: place `shymkent`, field `country`: unknown country code `XK`: write an ISO 3166-1 alpha-2 code mura knows (AZ, CN, KG, KZ, MN, RU, TM, TR, UZ)",
    );
}

#[test]
fn csv_missing_column() {
    rejects(
        "csv-missing-column",
        "mura: tests/fixtures/csv-missing-column/museums.csv:1: field `city`: museums.csv has no column `city`: add it to the header line",
    );
}

#[test]
fn csv_duplicate_id() {
    rejects(
        "csv-duplicate-id",
        "mura: tests/fixtures/csv-duplicate-id/places.csv:3: place `shymkent`, field `id`: id `shymkent` is already used by another place: ids are unique per table; rename one",
    );
}

#[test]
fn csv_unknown_column() {
    rejects(
        "csv-unknown-column",
        "mura: tests/fixtures/csv-unknown-column/places.csv:1: field `population`: unknown column `population` in places.csv: the columns are id, type, country, lat, lon, name_en, name_kk, name_ru, description_en, description_kk, description_ru, wikidata, source, source_paragraph, excerpt, source_2, source_paragraph_2, excerpt_2, source_3, source_paragraph_3, excerpt_3",
    );
}

#[test]
fn csv_bidi_label() {
    rejects(
        "csv-bidi-label",
        "mura: tests/fixtures/csv-bidi-label/places.csv:2: place `shymkent`, field `name_en`: the name in `en` holds the bidirectional control U+2067, which makes text show in another order than it is stored: remove it (Unicode's bidi algorithm orders Arabic, Hebrew and Latin by itself)",
    );
}

// ---- accepted: odd-looking input that is fine ----

/// A TOML file saved with a byte-order mark and Windows line ends builds the same graph
/// as the minimal one.
#[test]
fn a_bom_and_crlf_in_toml_are_fine() {
    let bytes = std::fs::read(fixture("bom-crlf").join("museums.toml")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "the fixture lost its BOM"
    );
    assert!(
        bytes.windows(2).filter(|w| w == b"\r\n").count() > 5
            && !bytes.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
        "the fixture's lines do not all end in CRLF"
    );
    assert_eq!(builds("bom-crlf"), builds("minimal"));
}

/// A table with an empty last line and one without a final line break read the same two
/// rows.
#[test]
fn a_csv_with_a_trailing_empty_line_or_none_at_the_end_is_fine() {
    let trailing = std::fs::read(fixture("csv-trailing-empty-line").join("places.csv")).unwrap();
    assert!(trailing.ends_with(b"\n\n"));
    let none = std::fs::read(fixture("csv-no-final-newline").join("places.csv")).unwrap();
    assert!(!none.ends_with(b"\n"));
    let a = builds("csv-trailing-empty-line");
    assert_eq!(a, builds("csv-no-final-newline"));
    // the minimal dataset's city and the two of the table
    assert!(
        a.lines()
            .any(|l| l.starts_with("| mura:City ") && l.contains("| 3 ")),
        "{a}"
    );
}

// ---- limits: inputs too big to commit, generated ----

/// The minimal people.toml with `description.en` of `len` bytes.
fn person_with_description(len: usize) -> Vec<u8> {
    let text = std::fs::read_to_string(fixture("minimal").join("people.toml")).unwrap();
    let long = "a".repeat(len);
    text.replace("en = \"composer\"", &format!("en = \"{long}\""))
        .into_bytes()
}

#[test]
fn a_toml_field_of_10_mb() {
    let (_tmp, data) = generated("people.toml", &person_with_description(10 << 20));
    rejects_in(
        &data,
        &format!(
            "mura: {data}/people.toml:8: person `ykylas-dukenuly`, field `description.en`: the value is 10485760 bytes long, more than the 1 MiB mura takes in one field: shorten it (long text belongs in a source text, cited by paragraph)"
        ),
    );
}

/// A field just under the limit is read (the limit is the documented one, not lower).
#[test]
fn a_toml_field_at_the_limit_is_read() {
    let (_tmp, data) = generated("people.toml", &person_with_description(1 << 20));
    let out = stdout_of(&["build", "-q", "--data", &data]);
    assert!(out.starts_with("built "), "{out}");
}

#[test]
fn toml_nested_10000_levels_deep() {
    let text = std::fs::read_to_string(fixture("minimal").join("museums.toml")).unwrap();
    let deep = format!("{}\"x\"{}", "[".repeat(10_000), "]".repeat(10_000));
    let text = text.replace(
        "named_after = [\"ykylas-dukenuly\"]",
        &format!("named_after = {deep}"),
    );
    let (_tmp, data) = generated("museums.toml", text.as_bytes());
    rejects_in(
        &data,
        &format!(
            "mura: {data}/museums.toml:9: museum `ykylas-museum`, field `named_after`: the value nests arrays or inline tables more than 32 levels deep, more than mura reads (a record needs 3): flatten it"
        ),
    );
}

/// A record file past 64 MiB is refused before it is read (a sparse file: the test
/// writes a few bytes).
#[test]
fn a_toml_file_past_the_size_limit() {
    let (_tmp, data) = generated(
        "places.toml",
        &std::fs::read(fixture("minimal").join("places.toml")).unwrap(),
    );
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(Path::new(&data).join("places.toml"))
        .unwrap();
    file.set_len((64 << 20) + 1).unwrap();
    rejects_in(
        &data,
        &format!(
            "mura: {data}/places.toml: the file is 67108865 bytes, more than the 64 MiB mura reads from one file: split its records into several files, or put bulk records in CSV tables (they stream)"
        ),
    );
}

#[test]
fn a_csv_cell_of_10_mb() {
    let table = format!(
        "id,name_en,name_kk,description_en,source\nshymkent,Shymkent,Шымкент,{},curation\n",
        "a".repeat(10 << 20)
    );
    let (_tmp, data) = generated("places.csv", table.as_bytes());
    rejects_in(
        &data,
        &format!(
            "mura: {data}/places.csv:2: place `shymkent`, field `description_en`: the cell is 10485760 bytes long, more than the 1 MiB mura takes in one field: shorten it (long text belongs in a source text, cited by paragraph)"
        ),
    );
}

/// A table without line breaks is refused at 16 MiB, not read into memory whole.
#[test]
fn a_csv_line_past_the_limit() {
    let mut table = b"id,name_en,name_kk,source\n".to_vec();
    table.extend(std::iter::repeat_n(b'x', 17 << 20));
    let (_tmp, data) = generated("places.csv", &table);
    rejects_in(
        &data,
        &format!(
            "mura: {data}/places.csv:2: the line is longer than the 16 MiB mura reads as one row: end each row with a line break (is this a CSV table?)"
        ),
    );
}

/// Exports the minimal dataset plus a places.csv of `rows` rows of 10 kB each to
/// N-Triples; returns the table's size and the peak memory mura's closing summary reports
/// (`VmHWM` of the process, read by itself at the end: no sampling, no timing).
fn export_peak(rows: usize) -> (u64, u64) {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&fixture("minimal"), &data);
    let mut table =
        std::io::BufWriter::new(std::fs::File::create(data.join("places.csv")).unwrap());
    writeln!(table, "id,name_en,name_kk,description_en,source").unwrap();
    let filler = "d".repeat(10_000);
    for i in 0..rows {
        writeln!(table, "p{i},Place {i},Орын {i},{filler},curation").unwrap();
    }
    table.into_inner().unwrap().sync_all().unwrap();
    let size = std::fs::metadata(data.join("places.csv")).unwrap().len();
    let out = tmp.path().join("out.nt");
    let run = mura()
        .args(["export", "--data"])
        .arg(&data)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let exported = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .filter(|l| {
            l.contains("/place/p") && l.ends_with("<https://w3id.org/mura/ontology#City> .")
        })
        .count();
    assert_eq!(exported, rows, "every row is in the export");
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("mura export: ") && l.contains(" triples in "))
        .unwrap_or_else(|| panic!("no closing summary in\n{stderr}"));
    let peak: u64 = summary
        .rsplit_once(", peak memory ")
        .and_then(|(_, mb)| mb.strip_suffix(" MB")?.parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in `{summary}`"));
    (size, peak * 1_000_000)
}

/// A table streams: a 96 MB table raises mura's peak memory over that of a 1 MB one by
/// less than half the table's size. What may be in flight is bounded by design (4 chunks
/// per mapping worker, each cut after 1 MiB of table and held as rows, quads and text:
/// about 30 MB with two workers), so the bound holds under any load, while a
/// reader that held the table, or a queue that filled with its rows, would add 96 MB or
/// more. A peak relative to a small table's, because a debug binary's own footprint
/// (~35 MB) is of the order of the table.
#[test]
fn a_csv_larger_than_memory_would_hold_streams() {
    let (small, small_peak) = export_peak(100);
    let (large, large_peak) = export_peak(9_600);
    assert!(large > 96_000_000, "{large}");
    let growth = large_peak.saturating_sub(small_peak);
    assert!(
        growth < large / 2,
        "peak memory {small_peak} → {large_peak} bytes for tables of {small} → {large} bytes: the table does not stream"
    );
}

// ---- the command line ----

#[test]
fn base_override_that_is_not_an_iri() {
    let expected = "mura: --base: `not an iri` is not an absolute IRI: write it like `https://example.org/path/`\n";
    fails(
        "mura build --base",
        mura().args([
            "build",
            "--data",
            "tests/fixtures/minimal",
            "--base",
            "not an iri",
        ]),
        expected,
    );
    let tmp = tempfile::tempdir().unwrap();
    fails(
        "mura export --base",
        mura()
            .args([
                "export",
                "--data",
                "tests/fixtures/minimal",
                "--base",
                "not an iri",
                "-o",
            ])
            .arg(tmp.path().join("out.ttl")),
        expected,
    );
    assert!(
        std::fs::read_dir(tmp.path()).unwrap().next().is_none(),
        "mura export wrote a file"
    );
}

#[test]
fn a_data_folder_that_does_not_exist() {
    fails(
        "mura build --data tests/fixtures/no-such-dataset",
        mura().args(["build", "--data", "tests/fixtures/no-such-dataset"]),
        "mura: cannot read tests/fixtures/no-such-dataset: no such folder: point --data at a dataset folder\n",
    );
}

#[test]
fn a_folder_without_a_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    fails(
        "mura build --data EMPTY",
        mura().args(["build", "--data"]).arg(tmp.path()),
        &format!(
            "mura: no dataset in {}: a dataset folder has a `mura.toml` manifest (or CSV tables); point --data at one, or create one with `mura init DIR`\n",
            tmp.path().display()
        ),
    );
}

#[test]
fn an_export_to_an_unknown_extension() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("out.xyz");
    fails(
        "mura export -o out.xyz",
        mura()
            .args(["export", "--data", "tests/fixtures/minimal", "-o"])
            .arg(&target),
        &format!(
            "mura: cannot tell the RDF format of {} from its extension: add --format (turtle, ntriples, nquads, trig, rdfxml, jsonld)\n",
            target.display()
        ),
    );
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none());
}

#[test]
fn an_unknown_export_format() {
    fails(
        "mura export --format turtel",
        mura().args([
            "export",
            "--data",
            "tests/fixtures/minimal",
            "--format",
            "turtel",
        ]),
        "mura: unknown RDF format `turtel`: use turtle, ntriples, nquads, trig, rdfxml, jsonld or n3 (or a media type such as text/turtle)\n",
    );
}

#[test]
fn a_sparql_syntax_error() {
    fails(
        "mura query -e SELEC",
        mura().args([
            "query",
            "--data",
            "tests/fixtures/minimal",
            "-e",
            "SELEC * WHERE {}",
        ]),
        "mura: SPARQL syntax error in -e: error at 1:10: expected CONSTRUCT\n",
    );
}

#[test]
fn a_query_timeout_of_zero() {
    fails(
        "mura query --timeout 0",
        mura().args([
            "query",
            "--data",
            "tests/fixtures/minimal",
            "--timeout",
            "0",
            "-e",
            "ASK {}",
        ]),
        "mura: --timeout 0: give the query at least 1 second\n",
    );
}

/// A cross product of the graph with itself three times (338³ ≈ 39 million rows to
/// count: minutes in a debug build) is cancelled by `--timeout 1`.
#[test]
fn a_runaway_query_is_stopped_by_timeout() {
    fails(
        "mura query --timeout 1",
        mura().args([
            "query",
            "--data",
            "tests/fixtures/minimal",
            "--timeout",
            "1",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        ]),
        "mura: query -e ran longer than --timeout 1 s and was stopped: make it more selective (fewer patterns, a LIMIT) or give it more time with --timeout\n",
    );
}

/// The timeout stops only what runs past it: a quick query answers as before.
#[test]
fn a_quick_query_within_its_timeout_answers() {
    let out = stdout_of(&[
        "query",
        "--data",
        "tests/fixtures/minimal",
        "--timeout",
        "30",
        "-e",
        "ASK { ?s a ?o }",
    ]);
    assert_eq!(out, "yes\n");
}
