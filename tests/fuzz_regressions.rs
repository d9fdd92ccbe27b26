//! What the fuzz targets found (fuzz/, FUZZING.md), one test per finding with its input,
//! and the targets' properties on the stable toolchain, over their seeds: every dataset folder of `tests/fixtures` and `data/` that streams maps to quads
//! that both N-Quads writers write and oxigraph's parser reads back equal, the same quads
//! a second time (mapping is pure); every record file read through
//! `source::toml::parse_records` gives the records `source::open` gives; every committed
//! CSV seed reads through `TableReader::from_reader` to rows or a located error.

mod common;

use mura::export::QuadWriter;
use mura::graph::Sink;
use mura::source::csv::{TABLES, TableReader, default_dataset};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use std::collections::BTreeSet;
use std::path::Path;

fn stream(folder: &mura::source::Folder) -> mura::Result<Vec<Quad>> {
    let mut quads = Vec::new();
    mura::graph::stream(folder, &mut quads, &mut mura::progress::Silent)?;
    Ok(quads)
}

fn set(quads: &[Quad]) -> BTreeSet<String> {
    quads.iter().map(Quad::to_string).collect()
}

fn reparse(bytes: &[u8]) -> Vec<Quad> {
    RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .expect("mura's N-Quads parse")
}

#[test]
fn every_fixture_that_streams_survives_the_n_quads_round_trip() {
    let mut dirs: Vec<_> = std::fs::read_dir(common::root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("mura.toml").is_file())
        .collect();
    dirs.sort();
    dirs.push(common::root().join("data"));
    let mut streamed = Vec::new();
    for dir in &dirs {
        let Ok(folder) = mura::source::open(dir, None) else {
            continue;
        };
        let Ok(quads) = stream(&folder) else {
            continue;
        };
        assert_eq!(
            set(&quads),
            set(&stream(&folder).unwrap()),
            "{}: a second stream",
            dir.display()
        );
        let mut bytes = Vec::new();
        let mut writer = QuadWriter::new(RdfFormat::NQuads, &mut bytes);
        writer.push(quads.clone()).unwrap();
        writer.finish().unwrap();
        assert_eq!(set(&quads), set(&reparse(&bytes)), "{}", dir.display());
        let mut sorted = Vec::new();
        mura::export::write_quads(
            quads.clone(),
            RdfFormat::NQuads,
            &folder.dataset.info.base,
            &mut sorted,
        )
        .unwrap();
        assert_eq!(set(&quads), set(&reparse(&sorted)), "{}", dir.display());
        streamed.push(dir.file_name().unwrap().to_string_lossy().into_owned());
    }
    for name in ["data", "minimal", "two-sources"] {
        assert!(
            streamed.iter().any(|s| s == name),
            "{name} streams: {streamed:?}"
        );
    }
}

#[test]
fn parse_records_is_the_path_the_folder_reader_takes() {
    let dir = common::root().join("data");
    let folder = mura::source::open(&dir, None).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("mura.toml"))
        .collect();
    files.sort();
    let mut ids = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let records = mura::source::toml::parse_records(path, text).unwrap();
        ids.extend(records.iter().map(|l| l.record.id().to_owned()));
    }
    let mut read: Vec<String> = folder
        .dataset
        .records
        .iter()
        .map(|l| l.record.id().to_owned())
        .collect();
    ids.sort();
    read.sort();
    assert_eq!(ids, read);
}

#[test]
fn csv_seeds_read_to_rows_or_located_errors() {
    let seeds = common::root().join("fuzz/seeds/csv_table");
    let mut rows = 0;
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let (&first, rest) = bytes.split_first().unwrap();
        let table = &TABLES[(first as usize >> 1) % TABLES.len()];
        let ds = default_dataset(Path::new("fuzz"));
        let path = Path::new("fuzz").join(table.file);
        let input = Box::new(std::io::Cursor::new(rest.to_vec()));
        let Ok(mut reader) = TableReader::from_reader(table, &path, input, &ds) else {
            continue;
        };
        while let Ok(Some(_)) = reader.next_row(&ds) {
            rows += 1;
        }
    }
    assert!(rows >= 5, "{rows} rows read from the CSV seeds");
}

/// The minimal fixture with `mura.toml` replaced by `manifest`, in a temporary folder.
fn minimal_with_manifest(manifest: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("minimal"), dir.path());
    std::fs::write(dir.path().join("mura.toml"), manifest).unwrap();
    dir
}

/// Found by `manifest` (2026-12-02): a licence that is not an IRI
/// (`https://creativecom { s.org/…`) was minted as the object of `dct:license` unchecked,
/// and `mura export --format nquads` wrote a line no N-Quads parser reads. The manifest
/// reader now refuses it, at its line, like the base IRI.
#[test]
fn a_licence_that_is_not_an_iri_is_refused_at_its_line() {
    let input = std::fs::read(common::fixture("fuzz/manifest-licence-not-an-iri.toml")).unwrap();
    let dir = minimal_with_manifest(&input);
    let err = mura::source::open(dir.path(), None).unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("mura.toml:8")
            && message.contains("licence")
            && message
                .contains("`https://creativecom { s.org/licenses/by/3.0/` is not an absolute IRI"),
        "{message}"
    );
    // the command line: exit 2, the same sentence, nothing written
    let out = dir.path().join("out.nq");
    common::mura()
        .args(["export", "--data"])
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not an absolute IRI"));
    assert!(!out.exists());
}

/// Found by `manifest` (2026-12-02): the keys of a source's title (and of the dataset's
/// title and description) were not checked as language tags; `0en = "An Almaty museum"`
/// became `"An Almaty museum"@0en`, which no N-Quads parser reads. Now refused at the line.
#[test]
fn a_title_key_that_is_not_a_language_tag_is_refused() {
    let input = std::fs::read(common::fixture(
        "fuzz/manifest-title-language-not-a-tag.toml",
    ))
    .unwrap();
    let dir = minimal_with_manifest(&input);
    let err = mura::source::open(dir.path(), None).unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("mura.toml:16")
            && message.contains("field `title`")
            && message.contains("`0en` is not a BCP 47 language tag"),
        "{message}"
    );
}

/// Found by `manifest` (2026-12-02, after the fix above): an upper-case language tag
/// (`EN = "…"`, valid BCP 47) was written as `"…"@EN`; oxigraph's parser reads it back as
/// `"…"@en`, another term, so an export re-read was not the graph mura built. The mapper
/// now writes tags in lower case.
#[test]
fn upper_case_language_tags_are_written_in_lower_case() {
    let manifest = std::fs::read_to_string(common::fixture("minimal/mura.toml"))
        .unwrap()
        .replace(
            "title = { en = \"Curators' background notes\" }",
            "title = { EN = \"Curators' background notes\" }",
        );
    assert!(manifest.contains("EN = "));
    let dir = minimal_with_manifest(manifest.as_bytes());
    let folder = mura::source::open(dir.path(), None).unwrap();
    let quads = stream(&folder).unwrap();
    let text: Vec<String> = quads.iter().map(Quad::to_string).collect();
    assert!(
        text.iter()
            .any(|q| q.contains("\"Curators' background notes\"@en"))
    );
    assert!(!text.iter().any(|q| q.contains("@EN")));
    let mut bytes = Vec::new();
    let mut writer = QuadWriter::new(RdfFormat::NQuads, &mut bytes);
    writer.push(quads.clone()).unwrap();
    writer.finish().unwrap();
    assert_eq!(set(&quads), set(&reparse(&bytes)));
}
