//! Build script: finds the test material that lives outside the crate and tells the tests
//! with cfgs, so that `cargo test` on a lone clone lists what it cannot run as
//! `ignored, <reason>` instead of failing (or passing without checking anything).
//!
//! - `mura_shared`: `../shared/vendor/` and `../shared/facts.md` exist beside the package
//!   (vendored vocabularies, schemas and JSON-LD contexts; the verified Wikidata ids);
//! - `mura_xmllint`: `xmllint --version` runs (`apt-get install libxml2-utils`);
//! - `mura_oxigraph`: `MURA_TEST_OXIGRAPH` is set, or `oxigraph --version` runs (the
//!   Oxigraph server of `pip install oxigraph==0.5.13`);
//! - `mura_chromium`: `chromium` and `chromedriver` run (`apt-get install chromium
//!   chromium-driver`), for the real-browser test of `mura serve`;
//! - `mura_virtuoso`: `virtuoso-t` is on the PATH (`apt-get install virtuoso-opensource`),
//!   for the push tests against a throwaway Virtuoso (`.ci/virtuoso.sh`).
//!
//! Under `CI=true` every cfg is set whatever is found: the tests are then required, and one
//! whose material is missing fails with a message naming the missing path or program.
//! A test that needs material says so with
//! `#[cfg_attr(not(mura_shared), ignore = "needs ../shared/… (CI provides it)")]`.
//!
//! The script reruns when `CI`, `PATH` or `MURA_TEST_OXIGRAPH` change, or when the
//! `../shared` paths it found change. A path that does not exist cannot be watched (cargo
//! would rebuild the crate on every run), so after putting `../shared` beside the project,
//! or installing a program without changing `PATH`, run `touch build.rs` once.
//! Nothing here affects the library or the binary: only the tests read these cfgs.

use std::path::Path;
use std::process::{Command, Stdio};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    for var in ["CI", "PATH", "MURA_TEST_OXIGRAPH"] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");

    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let shared = Path::new(&manifest).join("../shared");
    let vendor = shared.join("vendor");
    let facts = shared.join("facts.md");
    for path in [&vendor, &facts] {
        if path.exists() {
            println!("cargo::rerun-if-changed={}", path.display());
        }
    }
    cfg("mura_shared", ci || (vendor.is_dir() && facts.is_file()));

    cfg("mura_xmllint", ci || runs("xmllint"));

    let oxigraph = std::env::var_os("MURA_TEST_OXIGRAPH").is_some_and(|v| !v.is_empty());
    cfg("mura_oxigraph", ci || oxigraph || runs("oxigraph"));
    cfg(
        "mura_chromium",
        ci || (runs("chromium") && runs("chromedriver")),
    );
    cfg("mura_virtuoso", ci || on_path("virtuoso-t"));
}

/// Whether `program` is an executable file in a folder of the PATH (`virtuoso-t
/// --version` would start nothing but prints to stderr and exits 1 on some builds).
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Declares `name` (so `unexpected_cfgs` knows it) and sets it when `on`.
fn cfg(name: &str, on: bool) {
    println!("cargo::rustc-check-cfg=cfg({name})");
    if on {
        println!("cargo::rustc-cfg={name}");
    }
}

/// Whether `program --version` runs and succeeds (found on the PATH).
fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
