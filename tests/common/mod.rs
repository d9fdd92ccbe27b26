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
use std::os::unix::process::ExitStatusExt;
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
    output_of(mura().args(args))
}

/// Runs `cmd` (a [`mura`] command with its arguments and environment), asserts success
/// and returns stdout as bytes.
pub fn output_of(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().expect("mura runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs `cmd` and asserts that it failed on bad input: exit status 2, nothing on standard
/// output and exactly `stderr` on standard error (`what` names the run in a failure). The
/// one "run and expect failure" helper of the integration tests.
pub fn fails(what: &str, cmd: &mut Command, stderr: &str) {
    let out = cmd.output().expect("mura runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{what}: should exit with 2, stderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.is_empty(),
        "{what}: printed to stdout:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_same_text(
        &format!("{what}: stderr"),
        stderr,
        &String::from_utf8_lossy(&out.stderr),
    );
}

/// Starts mura with `args` (from the project root), output discarded.
pub fn spawn(args: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("mura"))
        .current_dir(root())
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("mura starts")
}

/// Waits until `seen()` holds (polling what the child has written), then SIGKILLs the
/// child and asserts it was killed, not finished. Fails if the child ended before: the
/// moment was never reached. The deadline only bounds a broken test; the moment itself is
/// the observation.
pub fn kill_when(child: &mut std::process::Child, what: &str, seen: impl Fn() -> bool) {
    let status = kill_once(child, what, seen);
    assert!(
        status.signal() == Some(9),
        "mura was not killed when {what} ({status})"
    );
}

/// [`kill_when`] for a moment a quick child may outrun (its last writes): returns how the
/// child ended, killed or finished.
pub fn kill_once(
    child: &mut std::process::Child,
    what: &str,
    seen: impl Fn() -> bool,
) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(600);
    while !seen() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("mura ended ({status}) before {what}");
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{what} never happened"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let _ = child.kill();
    child.wait().unwrap()
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
