//! Shared helpers for the integration tests: the real `mura` binary, temp dirs, fixtures
//! and readable diffs.
#![allow(dead_code)]

pub mod endpoint;
/// The CSV table generator (`gen` is a reserved word in Rust 2024).
#[path = "gen.rs"]
pub mod generator;
pub mod virtuoso;
pub mod w3c;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The project root (where `data/`, `queries/` and `ontology/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture dataset under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// `../shared` beside the project (read-only material: vendor vocabularies, bench kit).
pub fn shared() -> PathBuf {
    root().join("../shared")
}

/// A file of `../shared` that a test reads. The tests that read one are ignored when
/// build.rs finds no `../shared` (cfg `mura_shared`); under `CI=true` they run, and a
/// missing file fails here, named.
pub fn shared_file(rel: &str) -> PathBuf {
    let path = shared().join(rel);
    assert!(
        path.is_file(),
        "{} is missing: this test reads ../shared beside the project (CI provides it; never \
         copy it into the project)",
        path.display()
    );
    path
}

/// The `mura` binary, run from the project root.
pub fn mura() -> Command {
    let mut cmd = Command::cargo_bin("mura").expect("the mura binary is built");
    cmd.current_dir(root());
    cmd
}

/// Runs mura with `args`, asserts success and returns stdout.
pub fn stdout_of(args: &[&str]) -> String {
    String::from_utf8(stdout_bytes_of(args)).expect("UTF-8 output")
}

/// Runs mura with `args`, asserts success and returns stdout as bytes.
pub fn stdout_bytes_of(args: &[&str]) -> Vec<u8> {
    let out = mura().args(args).output().expect("mura runs");
    assert!(
        out.status.success(),
        "mura {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Asserts two texts are equal, printing a line diff (expected vs got) when they are not.
pub fn assert_same_text(what: &str, expected: &str, got: &str) {
    if expected == got {
        return;
    }
    let mut report = format!("{what}: output differs (- expected, + got)\n");
    let e: Vec<&str> = expected.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    for i in 0..e.len().max(g.len()) {
        match (e.get(i), g.get(i)) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => {
                if let Some(a) = a {
                    report.push_str(&format!("{:>4} - {a}\n", i + 1));
                }
                if let Some(b) = b {
                    report.push_str(&format!("{:>4} + {b}\n", i + 1));
                }
            }
        }
    }
    panic!("{report}");
}

/// Copies a dataset folder (recursively) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
