//! Helpers shared by the fuzz targets (fuzz_targets/): the repository's folders, the
//! minimal fixture's dataset, and the N-Quads round trip every mapped graph must survive.

use mura::export::QuadWriter;
use mura::graph::Sink;
use mura::model::Dataset;
use mura::source::Folder;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root (the parent of fuzz/).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `tests/fixtures/minimal`, opened once: a manifest with sources and texts, and records.
pub fn minimal() -> &'static Folder {
    static FOLDER: OnceLock<Folder> = OnceLock::new();
    FOLDER.get_or_init(|| {
        mura::source::open(&repo().join("tests/fixtures/minimal"), None)
            .expect("the minimal fixture opens")
    })
}

/// A folder of `dataset`'s TOML records only (no tables).
pub fn folder(dataset: Dataset) -> Folder {
    Folder {
        dataset,
        tables: Vec::new(),
        table_bytes: 0,
    }
}

/// Maps `record` twice, into owned quads (appended to `quads`) and into N-Quads lines
/// (`Output::Lines`, the streamed exports' path), and asserts that the lines are the bytes
/// oxigraph's own N-Quads serializer writes for those quads.
pub fn map_both(
    mapper: &mut mura::graph::mapping::Mapper<'_>,
    record: &mura::model::Record,
    checked: &mura::check::Checked,
    quads: &mut Vec<Quad>,
) {
    use mura::graph::mapping::Output;
    let mut owned = Output::Quads(Vec::new());
    mapper.record(record, checked, &mut owned);
    let mut lines = Output::Lines {
        dataset: true,
        text: Vec::new(),
        quads: 0,
    };
    mapper.record(record, checked, &mut lines);
    let (Output::Quads(owned), Output::Lines { text, quads: n, .. }) = (owned, lines) else {
        unreachable!("the outputs keep their kinds");
    };
    let mut expected =
        oxigraph::io::RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
    for q in &owned {
        expected.serialize_quad(q).expect("N-Quads serialisation");
    }
    let expected = expected.finish().expect("N-Quads flush");
    assert_eq!(
        n,
        owned.len() as u64,
        "the lines count other quads than were mapped"
    );
    assert!(
        text == expected,
        "the mapper's lines differ from oxigraph's N-Quads:\n{}\n---\n{}",
        String::from_utf8_lossy(&text),
        String::from_utf8_lossy(&expected)
    );
    quads.extend(owned);
}

/// Writes `quads` as N-Quads through both of mura's writers — the streaming sink of a
/// streamed export (`export::QuadWriter`) and the sorted, deduplicated writer of
/// `mura export` (`export::write_quads`) — parses each back with oxigraph's N-Quads parser,
/// and asserts that the set of quads is the same as the mapped one, as text and as terms
/// (the TOML path may yield duplicates; the writers dedup, the set is what counts).
pub fn round_trip(quads: &[Quad]) {
    let mut streamed = Vec::new();
    {
        let mut writer = QuadWriter::new(RdfFormat::NQuads, &mut streamed);
        writer.push(quads.to_vec()).expect("N-Quads serialisation");
        writer.finish().expect("N-Quads flush");
    }
    let mut sorted = Vec::new();
    mura::export::write_quads(
        quads.to_vec(),
        RdfFormat::NQuads,
        "https://example.org/mura/",
        &mut sorted,
    )
    .expect("sorted N-Quads serialisation");
    let mut original: Vec<String> = quads.iter().map(Quad::to_string).collect();
    original.sort();
    original.dedup();
    let set: std::collections::HashSet<&Quad> = quads.iter().collect();
    for (writer, bytes) in [("QuadWriter", &streamed), ("write_quads", &sorted)] {
        let parsed: Vec<Quad> = RdfParser::from_format(RdfFormat::NQuads)
            .for_slice(bytes)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| {
                panic!(
                    "{writer} wrote N-Quads oxigraph cannot read: {e}\n{}",
                    String::from_utf8_lossy(bytes)
                )
            });
        let mut reread: Vec<String> = parsed.iter().map(Quad::to_string).collect();
        reread.sort();
        reread.dedup();
        if original != reread {
            let only_original: Vec<_> = original.iter().filter(|q| !reread.contains(q)).collect();
            let only_reread: Vec<_> = reread.iter().filter(|q| !original.contains(q)).collect();
            panic!(
                "{writer}: the N-Quads round trip changed the graph:\n mapped only: {only_original:#?}\n re-parsed only: {only_reread:#?}"
            );
        }
        for q in &parsed {
            assert!(
                set.contains(q),
                "{writer}: a re-parsed quad differs as a term: {q}"
            );
        }
    }
}

/// The quads of `folder` through the one pipeline (`graph::stream`), sorted and
/// deduplicated; mapping is pure, so a second stream must give the same.
pub fn stream_twice(folder: &Folder) -> mura::Result<Vec<Quad>> {
    let mut quads = Vec::new();
    mura::graph::stream(folder, &mut quads, &mut mura::progress::Silent)?;
    let mut again = Vec::new();
    mura::graph::stream(folder, &mut again, &mut mura::progress::Silent)
        .expect("the second stream of the same records fails where the first did not");
    let key = |qs: &[Quad]| {
        let mut v: Vec<String> = qs.iter().map(Quad::to_string).collect();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(
        key(&quads),
        key(&again),
        "the same records mapped to different quads"
    );
    Ok(quads)
}
