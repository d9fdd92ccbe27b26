//! No behaviour lost: the shipped dataset's export in every format, every named graph and
//! every profile hashes to the sha256 recorded in `tests/expected/exports.sha256` (taken
//! before the one-pipeline rework). A change that alters an export on purpose updates the
//! list in the same commit and says why.

mod common;

use common::stdout_bytes_of;
use sha2::{Digest, Sha256};

/// (name in the list, `mura export` arguments)
const EXPORTS: &[(&str, &[&str])] = &[
    ("turtle", &["--format", "turtle"]),
    ("ntriples", &["--format", "ntriples"]),
    ("nquads", &["--format", "nquads"]),
    ("trig", &["--format", "trig"]),
    ("rdfxml", &["--format", "rdfxml"]),
    ("jsonld", &["--format", "jsonld"]),
    ("n3", &["--format", "n3"]),
    ("graph-article", &["--graph", "article"]),
    ("graph-curation", &["--graph", "curation"]),
    ("graph-wikidata", &["--graph", "wikidata"]),
    ("graph-meta", &["--graph", "meta"]),
    ("quickstatements", &["--format", "quickstatements"]),
    ("profile-schema", &["--profile", "schema"]),
    ("profile-edm", &["--profile", "edm"]),
    ("profile-void", &["--profile", "void"]),
    ("profile-linked-art", &["--profile", "linked-art"]),
    ("profile-wikidata", &["--profile", "wikidata"]),
    (
        "profile-schema-nt",
        &["--profile", "schema", "--format", "ntriples"],
    ),
    (
        "profile-linked-art-kk",
        &["--profile", "linked-art", "--lang", "kk"],
    ),
];

#[test]
fn every_export_is_byte_identical_to_the_recorded_list() {
    let expected = include_str!("expected/exports.sha256");
    let mut got = String::new();
    for (name, args) in EXPORTS {
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        let bytes = stdout_bytes_of(&all);
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        got.push_str(&format!("{hex}  {name}\n"));
    }
    common::assert_same_text("sha256 of every export", expected, &got);
}
