//! One pipeline for every input, and a self-contained binary: `mura init` writes a dataset
//! that builds, validates and exports from an empty directory with the shapes and profiles
//! embedded in the binary; TOML records and CSV tables take the same options (or are
//! refused with the reason) and get the same dataset description.

mod common;

use common::*;
use std::path::Path;

/// `mura ARGS` run in `dir` (not the project root): (status code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = mura().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn init_writes_a_dataset_that_builds_validates_and_exports_anywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = run_in(tmp.path(), &["init", "ds"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 11, "{out}");
    assert!(out.starts_with("wrote ds/mura.toml\n"), "{out}");
    for kind in ["places", "museums", "events", "policies"] {
        let text = std::fs::read_to_string(tmp.path().join(format!("ds/{kind}.toml"))).unwrap();
        assert!(
            text.starts_with("# "),
            "{kind}.toml opens with its field list"
        );
    }
    let (code, out, err) = run_in(tmp.path(), &["build", "--data", "ds"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("| mura:Museum  | 1        |"),
        "the example museum is built:\n{out}"
    );
    assert!(out.contains("SHACL: conforms"), "{out}");
    let (code, out, err) = run_in(tmp.path(), &["validate", "--data", "ds"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = run_in(tmp.path(), &["export", "--data", "ds", "-o", "x.ttl"]);
    assert_eq!(code, 0, "{err}");
    let ttl = std::fs::read_to_string(tmp.path().join("x.ttl")).unwrap();
    assert!(
        ttl.contains("void:triples"),
        "the description is in the export"
    );
    let (code, out, err) = run_in(
        tmp.path(),
        &["export", "--data", "ds", "--profile", "schema"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("The Example Museum of the City"), "{out}");
    // a second init into the same folder is refused, nothing is overwritten
    let (code, _, err) = run_in(tmp.path(), &["init", "ds"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "mura: ds already holds a dataset (it has a mura.toml): choose a new folder\n"
    );
}

#[test]
fn outside_a_dataset_build_says_so_and_points_to_data_and_init() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = run_in(tmp.path(), &["build"]);
    assert_eq!((code, out.as_str()), (2, ""));
    let dir = tmp.path().canonicalize().unwrap();
    assert_eq!(
        err,
        format!(
            "mura: no dataset in {}: a dataset folder has a `mura.toml` manifest (or CSV tables); point --data at one, or create one with `mura init DIR`\n",
            dir.display()
        )
    );
}

/// A folder of two small tables (gen_csv.py's layout).
fn tables(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("places.csv"),
        "id,name_en,name_kk,country,lat,lon\n1,Almaty,Алматы,KZ,43.2389,76.8897\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("museums.csv"),
        "id,name_en,name_kk,city,founded\n1,\"Museum, one\",Музей,1,1980\n2,Museum two,,1,\n",
    )
    .unwrap();
}

#[test]
fn tables_take_the_same_options_or_refuse_them_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path().join("t");
    tables(&t);
    let t = t.to_str().unwrap();
    // the default: built, with a note that SHACL is not run on tables
    let (code, out, err) = run_in(tmp.path(), &["build", "--data", t]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("SHACL shapes are not checked on CSV tables"),
        "{err}"
    );
    assert!(out.contains("| mura:Museum  | 2        |"), "{out}");
    // --no-validate: the same build, and no note
    let (code, out2, err) = run_in(tmp.path(), &["build", "--data", t, "--no-validate"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("SHACL"), "{err}");
    assert_eq!(out, out2);
    // options that ask for SHACL are refused, never ignored
    let (code, _, err) = run_in(
        tmp.path(),
        &["build", "--data", t, "--shapes", "my-shapes.ttl"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "mura: --shapes does not apply to CSV tables: SHACL shapes are not checked on CSV tables (validating millions of rows in one graph needs gigabytes); every row passed the record checks. Build the records as TOML to validate them, or drop --shapes\n"
    );
    let (code, _, err) = run_in(
        tmp.path(),
        &["build", "--data", t, "--allow-warnings", "false"],
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("mura: --allow-warnings false does not apply to CSV tables: "),
        "{err}"
    );
}

#[test]
fn tables_and_records_get_the_same_dataset_description() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path().join("t");
    tables(&t);
    let ask = "SELECT ?n WHERE { GRAPH ?g { ?d a <http://rdfs.org/ns/void#Dataset> ; <http://rdfs.org/ns/void#entities> ?n } }";
    let (code, out, err) = run_in(
        tmp.path(),
        &[
            "query",
            "--data",
            t.to_str().unwrap(),
            "-e",
            ask,
            "--format",
            "tsv",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // 2 museums, 1 city and the country minted for KZ
    assert_eq!(out, "?n\n4\n");
    let data = root().join("data");
    let (code, out, err) = run_in(
        tmp.path(),
        &[
            "query",
            "--data",
            data.to_str().unwrap(),
            "-e",
            ask,
            "--format",
            "tsv",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "?n\n67\n");
}

#[test]
fn an_id_listed_twice_in_one_field_is_refused_in_tables_and_records() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path().join("t");
    tables(&t);
    std::fs::write(t.join("people.csv"), "id,name_en\n1,Ykylas\n").unwrap();
    std::fs::write(
        t.join("museums.csv"),
        "id,name_en,city,named_after\n1,Museum one,1,1;1\n",
    )
    .unwrap();
    let (code, _, err) = run_in(tmp.path(), &["build", "--data", "t", "--no-validate"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "mura: t/museums.csv:2: museum `1`, field `named_after`: `1` is listed twice in `named_after`: list each id once\n"
    );
    run_in(tmp.path(), &["init", "ds"]);
    let people = tmp.path().join("ds/people.toml");
    let mut text = std::fs::read_to_string(&people).unwrap();
    text.push_str("\n[[person]]\nid = \"p\"\nname = { kk = \"П\", en = \"P\" }\n");
    std::fs::write(&people, text).unwrap();
    let museums = tmp.path().join("ds/museums.toml");
    let text = std::fs::read_to_string(&museums).unwrap();
    std::fs::write(
        &museums,
        text.replace(
            "city = \"example-city\"\n",
            "city = \"example-city\"\nnamed_after = [\"p\", \"p\"]\n",
        ),
    )
    .unwrap();
    let (code, _, err) = run_in(tmp.path(), &["build", "--data", "ds"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "mura: ds/museums.toml:33: museum `example-museum`, field `named_after`: `p` is listed twice in `named_after`: list each id once\n"
    );
}
