//! `mura export --format quickstatements`: QuickStatements v1 commands, checked line by
//! line against the v1 grammar (https://www.wikidata.org/wiki/Help:QuickStatements):
//!
//! ```text
//! line      = "CREATE" | subject TAB command
//! subject   = "LAST" | Q-id
//! command   = ("L" | "D" | "A") lang TAB string            label, description, alias
//!           | P-id TAB value (TAB P-id TAB value)* (TAB S-id TAB value)*
//! value     = Q-id | "LAST" | string | lang ":" string | time | quantity
//! string    = '"' (no '"', tab or line break)* '"'
//! time      = ("+" | "-") year "-" MM "-" DD "T00:00:00Z/" precision   (9 year, 10 month, 11 day)
//! ```
//! plus mura's rules: `LAST` only after a `CREATE`, every statement referenced to the
//! article (`S854` its URL, `S813` the retrieved date), the same bytes on every run.

mod common;

use common::{assert_same_text, copy_dir, mura, root, stdout_of};
use regex::Regex;

const ARTICLE: &str =
    "\"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html\"";
const RETRIEVED: &str = "+2026-11-25T00:00:00Z/11";

/// Checks `text` line by line; returns the problems found (empty when it conforms).
fn grammar_problems(text: &str) -> Vec<String> {
    let item = r"Q[1-9][0-9]*";
    let lang = r"[a-z]{2,3}(?:-[a-z0-9]+)*";
    let string = r#""[^"\t\r\n]*""#;
    let time = r"[+-][0-9]{1,16}-[0-9]{2}-[0-9]{2}T00:00:00Z/(?:[0-9]|1[0-4])";
    let quantity = r"[+-]?[0-9]+(?:\.[0-9]+)?";
    let value = format!("(?:{item}|LAST|{string}|{lang}:{string}|{time}|{quantity})");
    let term = Regex::new(&format!(r"^(?:LAST|{item})\t[LDA]{lang}\t{string}$")).unwrap();
    let statement = Regex::new(&format!(
        r"^(?:LAST|{item})\tP[1-9][0-9]*\t{value}(?:\tP[1-9][0-9]*\t{value})*(?:\tS[1-9][0-9]*\t{value})*$"
    ))
    .unwrap();
    let mut problems = Vec::new();
    if !text.ends_with('\n') {
        problems.push("the output does not end with a line break".into());
    }
    let mut created = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line == "CREATE" {
            created = true;
            continue;
        }
        if line.starts_with("LAST\t") && !created {
            problems.push(format!("line {n}: LAST before any CREATE: {line}"));
        }
        if term.is_match(line) {
            continue;
        }
        if !statement.is_match(line) {
            problems.push(format!("line {n}: not a v1 command: {line:?}"));
            continue;
        }
        // Every statement carries the article as its reference, after its qualifiers.
        let reference = format!("\tS854\t{ARTICLE}\tS813\t{RETRIEVED}");
        if !line.ends_with(&reference) {
            problems.push(format!(
                "line {n}: no S854 article reference / S813 date: {line}"
            ));
        }
    }
    problems
}

#[test]
fn the_grammar_check_rejects_what_v1_cannot_read() {
    for bad in [
        "Q1\tLen\tAlmaty\n",                // unquoted string
        "LAST\tLen\t\"x\"\n",               // LAST without CREATE
        "Q1 P31 Q5\n",                      // spaces, not tabs
        "Q1\tP31\tQ5\n",                    // no reference
        "Q1\tP585\t2024-08\tS854\t\"u\"\n", // time without sign and precision
        "Q1\tP31\tQ5\tS854\t\"a\"b\"\n",    // quote inside a string
        "Q01\tP31\tQ5\n",                   // leading zero
    ] {
        assert!(!grammar_problems(bad).is_empty(), "accepted: {bad:?}");
    }
    let good = format!(
        "CREATE\nLAST\tLkk\t\"Алматы\"\nLAST\tP31\tQ5\tS854\t{ARTICLE}\tS813\t{RETRIEVED}\n\
         Q1\tP166\tQ2\tP585\t+2024-08-00T00:00:00Z/10\tP1027\tQ3\tS854\t{ARTICLE}\tS813\t{RETRIEVED}\n"
    );
    assert_eq!(grammar_problems(&good), Vec::<String>::new());
}

#[test]
fn the_shipped_dataset_gives_valid_referenced_quickstatements() {
    let out = mura()
        .args(["export", "--format", "quickstatements"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(grammar_problems(&text), Vec::<String>::new(), "\n{text}");
    let expected =
        std::fs::read_to_string(root().join("tests/expected/quickstatements.qs")).unwrap();
    assert_same_text("mura export --format quickstatements", &expected, &text);
    // The statements between entities that still need items are counted, not dropped silently.
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mura: 26 statements (award received, part of, has part, named after, position held) wait for items: \
         link those entities (`mura link`) or create them with the CREATE blocks, add their ids, and export again\n"
    );
    // 13 new items: 8 museums, the association, the akimat, the award, the two officials.
    assert_eq!(text.lines().filter(|l| *l == "CREATE").count(), 13);
    // Namesakes and places are background or linkable, never created.
    assert!(!text.contains("\"Kunaev\"") && !text.contains("\"Dinmukhamed Kunaev\""));
    assert!(!text.contains("\"Europe\""));
    // Same input, same bytes.
    assert_eq!(stdout_of(&["export", "--format", "quickstatements"]), text);
}

#[test]
fn linked_entities_get_award_part_of_named_after_and_position_statements() {
    // A copy of the dataset where every entity has an item. The ids Q999000101… are
    // fictitious (a test of the writer, not data).
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&root().join("data"), &data);
    let ids = [
        ("almaty-museums-association", "Q999000101"),
        ("best-museum-of-the-turkic-world", "Q999000102"),
        ("ykylas-museum", "Q999000103"),
        ("ykylas-dukenuly", "Q999000104"),
        ("sultan-raev", "Q999000105"),
        ("turksoy-secretary-general", "Q999000106"),
        ("mukanov-musrepov-museum", "Q999000107"),
        ("sabit-mukanov", "Q999000108"),
        ("gabit-musrepov", "Q999000109"),
    ];
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (id, q) in ids {
            text = text.replace(
                &format!("id = \"{id}\"\n"),
                &format!("id = \"{id}\"\nwikidata = \"{q}\"\n"),
            );
        }
        std::fs::write(&path, text).unwrap();
    }
    let text = stdout_of(&["export", "--format", "qs", "--data", data.to_str().unwrap()]);
    assert_eq!(grammar_problems(&text), Vec::<String>::new(), "\n{text}");
    let r = format!("\tS854\t{ARTICLE}\tS813\t{RETRIEVED}");
    let statements: Vec<&str> = text.lines().filter(|l| l.starts_with("Q")).collect();
    assert_eq!(
        statements,
        vec![
            format!(
                "Q999000101\tP166\tQ999000102\tP585\t+2024-08-00T00:00:00Z/10\tP1027\tQ1993710{r}"
            ),
            format!("Q999000101\tP527\tQ999000103{r}"),
            format!("Q999000101\tP527\tQ999000107{r}"),
            format!("Q999000103\tP138\tQ999000104{r}"),
            format!("Q999000103\tP361\tQ999000101{r}"),
            format!("Q999000105\tP39\tQ999000106{r}"),
            format!("Q999000107\tP138\tQ999000108{r}"),
            format!("Q999000107\tP138\tQ999000109{r}"),
            format!("Q999000107\tP361\tQ999000101{r}"),
        ],
        "\n{text}"
    );
    // Linked entities are not created again.
    assert!(
        !text.contains("\"Association of Almaty Museums\""),
        "{text}"
    );
}

#[test]
fn quickstatements_options_that_cannot_work_fail_with_the_fix() {
    let out = mura()
        .args([
            "export",
            "--format",
            "quickstatements",
            "--graph",
            "article",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mura: --graph does not apply to --format quickstatements: the commands cover the whole dataset\n"
    );
}
