//! Arbitrary bytes as a dataset's manifest (`mura.toml`) beside the minimal fixture's
//! source texts and records, opened by the real folder reader (`source::open`, which
//! reads files: the bytes are written to a folder under /dev/shm or the temp dir). A
//! manifest that opens is then streamed through the checker and the mapper (any base IRI,
//! languages and sources it declares) and the quads must survive the N-Quads round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mura_fuzz::{folder, repo, round_trip};
use std::path::PathBuf;
use std::sync::OnceLock;

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let parent = if shm.is_dir() {
            shm
        } else {
            std::env::temp_dir()
        };
        let dir = parent.join(format!("mura-fuzz-manifest-{}", std::process::id()));
        let fixture = repo().join("tests/fixtures/minimal");
        std::fs::create_dir_all(dir.join("sources")).unwrap();
        for entry in std::fs::read_dir(fixture.join("sources")).unwrap() {
            let p = entry.unwrap().path();
            std::fs::copy(&p, dir.join("sources").join(p.file_name().unwrap())).unwrap();
        }
        for entry in std::fs::read_dir(&fixture).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "toml") && p.file_name().unwrap() != "mura.toml" {
                std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
            }
        }
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = dir();
    std::fs::write(dir.join("mura.toml"), data).unwrap();
    let Ok(opened) = mura::source::open(dir, None) else {
        return;
    };
    let folder = folder(opened.dataset);
    let mut quads = Vec::new();
    if mura::graph::stream(&folder, &mut quads, &mut mura::progress::Silent).is_ok() {
        round_trip(&quads);
    }
});
