//! Crash safety, proven by killing the process: `mura export -o FILE` and
//! `mura build --store DIR` (feature `rocksdb`) are SIGKILLed at moments chosen by what
//! they have visibly done (a temporary file or staging directory appears, it holds N
//! bytes), never by a sleep alone; afterwards the old file or store is intact and the next
//! run cleans what the killed one left. A full disk is a file-size limit (`ulimit -f`, with
//! SIGXFSZ ignored so a write fails with EFBIG as on a full disk): works unprivileged, no
//! tmpfs or loop device needed. `mura link --apply` is killed in tests/link.rs (it needs
//! the loopback endpoint).

mod common;

use common::generator::{self, SEED};
use common::*;
use std::path::{Path, PathBuf};

/// Museums for a build of about 100,000 rows (1.85 rows per museum, see gen.rs).
const MUSEUMS_100K: u64 = 54_000;

/// The generator's tables for `n` museums in `dir`.
fn tables(n: u64, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let sizes = generator::write_tables(n, SEED, dir);
    assert!(n != MUSEUMS_100K || sizes.rows() >= 99_000, "{sizes:?}");
    dir.to_path_buf()
}

/// The files in `dir` (names), sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// The temporary files of exports to `target` (`.{name}.{pid}-{n}.mura-tmp`).
fn temporaries(target: &Path) -> Vec<PathBuf> {
    let name = target.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with(&format!(".{name}.")) && n.ends_with(".mura-tmp")
            })
        })
        .collect()
}

/// `mura export -o FILE` killed when its temporary file appears, and again when it holds
/// 4 MB: FILE keeps its old bytes, and the next export replaces it and removes the killed
/// runs' temporaries.
#[test]
fn a_killed_export_leaves_the_old_file_and_the_next_one_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tables(MUSEUMS_100K, &tmp.path().join("data"));
    let out_dir = tmp.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("graph.nt");
    // the old file: a finished export of the minimal dataset
    let old = stdout_bytes_of(&[
        "export",
        "--data",
        "tests/fixtures/minimal",
        "--format",
        "nt",
    ]);
    std::fs::write(&target, &old).unwrap();

    let args = [
        "export",
        "-q",
        "--data",
        data.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ];
    for (moment, bytes) in [
        ("its temporary file appears", 0),
        ("it wrote 4 MB", 4 << 20),
    ] {
        let mut child = spawn(&args);
        let mine = format!(".{}-", child.id());
        let own = |p: &PathBuf| p.to_string_lossy().contains(&mine);
        kill_when(&mut child, moment, || {
            temporaries(&target)
                .iter()
                .filter(|t| own(t))
                .any(|t| std::fs::metadata(t).is_ok_and(|m| m.len() >= bytes))
        });
        assert_eq!(
            std::fs::read(&target).unwrap(),
            old,
            "killed when {moment}: the old file changed"
        );
        assert!(
            temporaries(&target).iter().any(own),
            "the killed export left no temporary"
        );
    }
    // the second run removed the first one's temporary when it started
    assert_eq!(names(&out_dir).len(), 2, "{:?}", names(&out_dir));

    // the next export (a small one, to the same file) succeeds and clears the leftovers
    let out = mura()
        .args(["export", "-q", "--data", "tests/fixtures/two-sources", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(names(&out_dir), vec!["graph.nt".to_owned()]);
    let new = std::fs::read_to_string(&target).unwrap();
    assert!(new.contains("kk-outlet"), "the new export is not in place");
}

/// Runs mura with `args` under a file-size limit of `kib` KiB with SIGXFSZ ignored: a write
/// past it fails with EFBIG ("File too large"), as a write to a full disk fails with
/// ENOSPC. Returns the output.
fn with_file_limit(kib: u64, args: &[&str]) -> std::process::Output {
    let mura = assert_cmd::cargo::cargo_bin("mura");
    std::process::Command::new("bash")
        .current_dir(root())
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" \"$@\""))
        .arg(mura)
        .args(args)
        .output()
        .expect("bash runs")
}

/// An export that hits the file-size limit fails with a clear message, leaves the old
/// file as it was and no temporary.
#[test]
fn an_export_onto_a_full_disk_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tables(2_000, &tmp.path().join("data"));
    let out_dir = tmp.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("graph.nt");
    std::fs::write(&target, "old\n").unwrap();
    let out = with_file_limit(
        256,
        &[
            "export",
            "-q",
            "--data",
            data.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_same_text(
        "stderr of an export onto a full disk",
        &format!(
            "mura: cannot write {}: File too large (os error 27)\n",
            target.display()
        ),
        &String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
    assert_eq!(names(&out_dir), vec!["graph.nt".to_owned()]);
}

#[cfg(feature = "rocksdb")]
mod store {
    use super::*;

    /// Total size of the regular files under `dir` (0 when it does not exist).
    fn size_of(dir: &Path) -> u64 {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        entries
            .flatten()
            .map(|e| {
                let path = e.path();
                if path.is_dir() {
                    size_of(&path)
                } else {
                    e.metadata().map(|m| m.len()).unwrap_or(0)
                }
            })
            .sum()
    }

    /// The counts a store answers: quads per graph, as `mura query --store` prints them.
    fn counts(store: &Path) -> String {
        stdout_of(&[
            "query",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "tsv",
            "-e",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        ])
    }

    fn build(data: &Path, store: &Path) {
        let out = mura()
            .args(["build", "-q", "--data"])
            .arg(data)
            .arg("--store")
            .arg(store)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `mura build --store DIR` of 100,000 rows (about a million quads, which oxigraph's
    /// bulk loader writes as SST files into the staging directory in batches of 300,000)
    /// killed when its staging directory appears, when the first SST file appears, and when
    /// the staging directory holds 8 MB: each time the previous store opens and answers the
    /// same counts, and the next build removes the staging directory and swaps its own
    /// store in.
    #[test]
    fn a_killed_build_leaves_the_previous_store_and_the_next_one_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let big = tables(MUSEUMS_100K, &tmp.path().join("big"));
        let small = tables(200, &tmp.path().join("small"));
        let stores = tmp.path().join("stores");
        std::fs::create_dir(&stores).unwrap();
        let store = stores.join("kg");
        let building = stores.join(".kg.building");
        build(&small, &store);
        let before = counts(&store);
        assert!(before.lines().count() > 1, "{before}");

        let args = [
            "build",
            "-q",
            "--data",
            big.to_str().unwrap(),
            "--store",
            store.to_str().unwrap(),
        ];
        let sst = || {
            std::fs::read_dir(&building).is_ok_and(|d| {
                d.flatten()
                    .any(|e| e.file_name().to_string_lossy().ends_with(".sst"))
            })
        };
        let appears = || building.is_dir();
        let holds_8_mb = || size_of(&building) >= 8 << 20;
        let moments: [(&str, &dyn Fn() -> bool); 3] = [
            ("the staging directory appears", &appears),
            ("the first SST file appears", &sst),
            ("the staging directory holds 8 MB", &holds_8_mb),
        ];
        for (moment, seen) in moments {
            let mut child = spawn(&args);
            kill_when(&mut child, moment, seen);
            assert_same_text(
                &format!("counts of the previous store after a kill when {moment}"),
                &before,
                &counts(&store),
            );
        }
        assert!(
            building.exists(),
            "the killed build left no staging directory"
        );

        // the next build (the small tables again, plus nothing else) cleans up
        build(&small, &store);
        assert_eq!(names(&stores), vec!["kg".to_owned()]);
        assert_same_text("counts after the next build", &before, &counts(&store));
    }

    /// A build killed in the middle of its swap (the old store moved to `.kg.old`, the new
    /// one complete in `.kg.building`, `kg` gone) is the one moment no poll can hit, so the
    /// test makes that state itself: the store opens as the previous one, and the next build
    /// cleans up.
    #[test]
    fn a_build_killed_mid_swap_keeps_the_previous_store() {
        let tmp = tempfile::tempdir().unwrap();
        let small = tables(200, &tmp.path().join("small"));
        let other = tables(300, &tmp.path().join("other"));
        let stores = tmp.path().join("stores");
        std::fs::create_dir(&stores).unwrap();
        let store = stores.join("kg");
        build(&small, &store);
        let before = counts(&store);
        // the state of a swap cut short
        build(&other, &stores.join("new"));
        std::fs::rename(&store, stores.join(".kg.old")).unwrap();
        std::fs::rename(stores.join("new"), stores.join(".kg.building")).unwrap();

        assert_same_text("counts after a cut swap", &before, &counts(&store));
        build(&other, &store);
        assert_eq!(names(&stores), vec!["kg".to_owned()]);
        assert_ne!(counts(&store), before, "the next build was not swapped in");
    }

    /// A build that hits the file-size limit fails with a clear message and the previous
    /// store is untouched, with no staging directory left.
    #[test]
    fn a_build_onto_a_full_disk_fails_cleanly() {
        let tmp = tempfile::tempdir().unwrap();
        let small = tables(200, &tmp.path().join("small"));
        let big = tables(5_000, &tmp.path().join("big"));
        let stores = tmp.path().join("stores");
        std::fs::create_dir(&stores).unwrap();
        let store = stores.join("kg");
        build(&small, &store);
        let before = counts(&store);
        let out = with_file_limit(
            1024,
            &[
                "build",
                "-q",
                "--data",
                big.to_str().unwrap(),
                "--store",
                store.to_str().unwrap(),
            ],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        // the SST file's name is random: the message up to it, and after it
        let prefix = format!(
            "mura: store error: IO error: While appending to file: {}/.kg.building/bulk-",
            stores.display()
        );
        assert!(
            stderr.starts_with(&prefix) && stderr.ends_with(".sst: File too large\n"),
            "{stderr}"
        );
        assert_same_text("counts after a full disk", &before, &counts(&store));
        assert_eq!(names(&stores), vec!["kg".to_owned()]);
    }
}
