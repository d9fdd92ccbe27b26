//! Bulk CSV tables: the layout of `../shared/bench/gen_csv.py` end to end (Cyrillic names,
//! quoted cells, empty optional cells, references), from the project's own generator
//! (`tests/common/gen.rs`, seeded: no Python, no `../shared`); CSV syntax (BOM, CRLF,
//! embedded commas, quotes and line breaks), and every malformed-table error with its exact
//! message and nothing written. (`.ci/run` builds gen_csv.py's own tables too.)

mod common;

use common::generator::{self, SEED, Sizes};
use common::*;
use std::path::Path;

/// Writes the generator's tables for `n` museums (gen_csv.py's default seed) into `dir`.
fn gen_tables(n: u64, dir: &Path) -> Sizes {
    generator::write_tables(n, SEED, dir)
}

const B: &str = "https://w3id.org/mura/id/";
const RDF_TYPE: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
const S: &str = "http://schema.org/";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The N-Triples lines of `subject` (an IRI under the base), sorted.
fn lines_of(nt: &str, subject: &str) -> Vec<String> {
    let prefix = format!("<{B}{subject}> ");
    let mut lines: Vec<String> = nt
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

fn expect(subject: &str, rest: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = rest
        .iter()
        .map(|r| format!("<{B}{subject}> {r} ."))
        .collect();
    lines.sort();
    lines
}

#[test]
fn generated_tables_map_row_by_row() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("n200");
    gen_tables(200, &data);
    let nt = stdout_of(&[
        "export",
        "--data",
        data.to_str().unwrap(),
        "--format",
        "ntriples",
        "--quiet",
    ]);
    // museum 194: a quoted English name with `"` and `,`, Kazakh and Russian Cyrillic,
    // every reference column filled
    let wd = "<http://www.wikidata.org/entity/Q900000324>";
    assert_eq!(
        lines_of(&nt, "museum/194"),
        expect(
            "museum/194",
            &[
                &format!("<{S}containedInPlace> <{B}place/5>"),
                &format!("<{S}foundingDate> \"1897\"^^<{XSD}gYear>"),
                &format!("<{S}memberOf> <{B}organisation/17>"),
                &format!("<{S}name> \"\\\"Ғынза\\\" House-Museum, No. 194\"@en"),
                &format!("<{S}name> \"Ғынза Үй-музейі 194\"@kk"),
                &format!("<{S}name> \"Дом-музей «Ғынза» 194\"@ru"),
                &format!("<{S}sameAs> {wd}"),
                &format!("<{S}url> <https://museum-194.example.org/>"),
                &format!("{RDF_TYPE} <{S}Museum>"),
                &format!("{RDF_TYPE} <{S}Organization>"),
                &format!("{RDF_TYPE} <https://w3id.org/mura/ontology#Museum>"),
                &format!("<http://www.w3.org/2002/07/owl#sameAs> {wd}"),
                &format!("<https://w3id.org/mura/ontology#namedAfter> <{B}person/57>"),
            ]
        )
    );
    // museum 2: empty named_after and website give no triple
    let m2 = lines_of(&nt, "museum/2");
    assert_eq!(m2.len(), 11, "{m2:#?}");
    assert!(
        !m2.iter()
            .any(|l| l.contains("namedAfter") || l.contains("url"))
    );
    // award row 21: a conferral with an empty presenter
    assert_eq!(
        lines_of(&nt, "event/21"),
        expect(
            "event/21",
            &[
                &format!("<{S}name> \"Museum of the Year 1994 #21\"@en"),
                &format!("<{S}startDate> \"1994-06-17\"^^<{XSD}date>"),
                &format!("{RDF_TYPE} <{S}Event>"),
                &format!("{RDF_TYPE} <https://w3id.org/mura/ontology#AwardConferral>"),
                &format!("<https://w3id.org/mura/ontology#conferredBy> <{B}organisation/16>"),
                &format!("<https://w3id.org/mura/ontology#recipient> <{B}museum/29>"),
            ]
        )
    );
    // place 7: country code TR → the minted country place `turkiye`
    assert!(nt.contains(&format!(
        "<{B}place/7> <{S}containedInPlace> <{B}place/turkiye> ."
    )));
    assert_eq!(
        lines_of(&nt, "place/turkiye"),
        expect(
            "place/turkiye",
            &[
                &format!("<{S}name> \"Türkiye\"@en"),
                &format!("<{S}name> \"Түркия\"@kk"),
                &format!("<{S}sameAs> <http://www.wikidata.org/entity/Q43>"),
                &format!("{RDF_TYPE} <{S}Country>"),
                &format!("{RDF_TYPE} <https://w3id.org/mura/ontology#Country>"),
                "<http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q43>",
            ]
        )
    );
    // person 16, with an empty death year: birth only
    let wd = "<http://www.wikidata.org/entity/Q900000026>";
    assert_eq!(
        lines_of(&nt, "person/16"),
        expect(
            "person/16",
            &[
                &format!("<{S}birthDate> \"1967\"^^<{XSD}gYear>"),
                &format!("<{S}name> \"Timur Aimauytov 16\"@en"),
                &format!("<{S}name> \"Тимур Аймауытов 16\"@kk"),
                &format!("<{S}sameAs> {wd}"),
                &format!("{RDF_TYPE} <{S}Person>"),
                &format!("{RDF_TYPE} <https://w3id.org/mura/ontology#Person>"),
                &format!("<http://www.w3.org/2002/07/owl#sameAs> {wd}"),
            ]
        )
    );
    // no duplicates in the stream
    let all: Vec<&str> = nt.lines().collect();
    let unique: std::collections::HashSet<&str> = all.iter().copied().collect();
    assert_eq!(all.len(), unique.len());
    assert_eq!(all.len(), 3762);
}

/// gen_csv.py's tables: each file, its header, and the columns that may be empty.
const LAYOUT: &[(&str, &str, &[&str])] = &[
    (
        "places.csv",
        "id,name_en,name_kk,country,wikidata,lat,lon",
        &[],
    ),
    (
        "people.csv",
        "id,name_en,name_kk,birth_year,death_year,wikidata",
        &["death_year"],
    ),
    ("organisations.csv", "id,name_en,name_kk,city,wikidata", &[]),
    (
        "museums.csv",
        "id,name_en,name_kk,name_ru,city,member_of,named_after,founded,wikidata,website",
        &["named_after", "website"],
    ),
    (
        "awards.csv",
        "id,name_en,conferred_by,recipient,presenter,date",
        &["presenter"],
    ),
];

/// The generator (tests/common/gen.rs): the same seed gives the same bytes and another seed
/// other tables; the layout is gen_csv.py's (files, headers, row counts, empty cells only
/// in the optional columns, Kazakh names in Cyrillic, quoted cells); and its tables build.
#[test]
fn the_generator_is_deterministic_and_its_tables_build() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    let sizes = generator::write_tables(200, SEED, &a);
    generator::write_tables(200, SEED, &b);
    generator::write_tables(200, SEED + 1, &c);
    assert_eq!(
        sizes,
        Sizes {
            places: 10,
            people: 100,
            organisations: 20,
            museums: 200,
            awards: 40
        }
    );
    let rows = [
        sizes.places,
        sizes.people,
        sizes.organisations,
        sizes.museums,
        sizes.awards,
    ];
    let mut files: Vec<String> = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<&str> = LAYOUT.iter().map(|(f, _, _)| *f).collect();
    expected.sort();
    assert_eq!(files, expected);
    for ((file, header, optional), rows) in LAYOUT.iter().zip(rows) {
        let bytes = std::fs::read(a.join(file)).unwrap();
        assert!(
            bytes == std::fs::read(b.join(file)).unwrap(),
            "{file}: two runs with seed {SEED} differ"
        );
        let other = std::fs::read(c.join(file)).unwrap();
        assert!(
            bytes != other,
            "{file}: seeds {SEED} and {} give the same table",
            SEED + 1
        );
        for table in [&bytes, &other] {
            let mut reader = csv::Reader::from_reader(table.as_slice());
            let columns: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
            assert_eq!(columns.join(","), *header, "{file}: header");
            let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            assert_eq!(records.len() as u64, rows, "{file}: rows");
            for (i, column) in columns.iter().enumerate() {
                let empty = records.iter().filter(|r| r[i].is_empty()).count();
                if optional.contains(&column.as_str()) {
                    assert!(
                        empty > 0 && empty < records.len(),
                        "{file}: optional column `{column}` has {empty} empty cells of {}",
                        records.len()
                    );
                } else {
                    assert_eq!(empty, 0, "{file}: column `{column}` has empty cells");
                }
                if column == "name_kk" || column == "name_ru" {
                    let latin = records
                        .iter()
                        .find(|r| !r[i].chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)));
                    assert!(
                        latin.is_none(),
                        "{file}: {column} not in Cyrillic: {latin:?}"
                    );
                }
            }
        }
    }
    // one English museum name in 97 needs quoting: a quote and a comma
    let museums = std::fs::read_to_string(a.join("museums.csv")).unwrap();
    assert!(
        museums.contains("\n97,\"\"\"Сенсен\"\" House-Museum, No. 97\",")
            && museums.contains("\n194,\"\"\"Ғынза\"\" House-Museum, No. 194\","),
        "{museums}"
    );
    for dir in [&a, &c] {
        let out = stdout_of(&["build", "--data", dir.to_str().unwrap(), "--quiet"]);
        assert!(
            out.contains("| mura:Museum         | 200      |"),
            "{}: {out}",
            dir.display()
        );
    }
}

#[test]
fn build_summary_counts_entities_and_graphs() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("n200");
    gen_tables(200, &data);
    let out = stdout_of(&["build", "--data", data.to_str().unwrap(), "--quiet"]);
    assert_same_text(
        "build summary",
        "built 3840 quads into memory (use --store DIR to keep it)

entities per class:
| class               | entities |
|---------------------|----------|
| mura:AwardConferral | 40       |
| mura:City           | 10       |
| mura:Country        | 5        |
| mura:Museum         | 200      |
| mura:Organisation   | 20       |
| mura:Person         | 100      |
(6 rows)

triples per graph:
| graph         | triples |
|---------------|---------|
| :graph/meta   | 89      |
| :graph/tables | 3751    |
(2 rows)
",
        &out,
    );
}

#[test]
fn progress_and_summary_go_to_stderr_unless_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("n20");
    gen_tables(20, &data);
    let out = mura()
        .args(["export", "--data", data.to_str().unwrap(), "--format", "nt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    // not a terminal: no bar; the closing summary line with rows, triples, seconds, rate
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with("mura export: 46 rows, 486 triples in ") && last.contains(" triples/s)"),
        "{err}"
    );
    let quiet = mura()
        .args([
            "export",
            "--data",
            data.to_str().unwrap(),
            "--format",
            "nt",
            "-q",
        ])
        .output()
        .unwrap();
    assert!(quiet.stderr.is_empty());
}

/// A small dataset of tables; `edit` changes one file before the run.
fn tables(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let files = [
        (
            "places.csv",
            "id,name_en,name_kk,country,wikidata,lat,lon\n1,Almaty,Алматы,KZ,Q35493,43.2389,76.8897\n",
        ),
        (
            "people.csv",
            "id,name_en,name_kk,birth_year,death_year,wikidata\n1,Abai Kunanbayev,Абай Құнанбайұлы,1845,1904,\n",
        ),
        (
            "organisations.csv",
            "id,name_en,name_kk,city,wikidata\n1,Association,Қауымдастық,1,\n",
        ),
        (
            "museums.csv",
            "id,name_en,name_kk,name_ru,city,member_of,named_after,founded,wikidata,website\n1,Abai Museum,Абай музейі,Музей Абая,1,1,1,1940,,https://abai.example.org/\n",
        ),
        (
            "awards.csv",
            "id,name_en,conferred_by,recipient,presenter,date\n1,Heritage Prize,1,1,1,2024-08-15\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// Runs `mura export --data DIR -o DIR/out.nt` expecting failure; returns stderr and checks
/// that nothing was written (no output file, no temporary file).
fn export_fails(dir: &Path) -> String {
    let out = mura()
        .args(["export", "-q", "--data", dir.to_str().unwrap(), "-o"])
        .arg(dir.join("out.nt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".csv"))
        .collect();
    assert!(names.is_empty(), "written: {names:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn malformed_tables_name_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("t");
    let museums = dir.join("museums.csv");
    let m = museums.display();
    let header = "id,name_en,name_kk,name_ru,city,member_of,named_after,founded,wikidata,website\n";
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "wrong column count",
            format!("{header}1,Abai Museum,Абай музейі,Музей Абая,1,1,1,1940,\n").into_bytes(),
            format!(
                "mura: {m}:2: field `website`: the row has 9 cells but the header has 10 (column `website` and after are missing): quote cells that contain commas (\"a, b\") and give every row one cell per column\n"
            ),
        ),
        (
            "bad id reference",
            format!("{header}1,Abai Museum,Абай музейі,,7,1,,1940,,\n").into_bytes(),
            format!(
                "mura: {m}:2: museum `1`, field `city`: unknown id `7`: no place has this id; add a [[place]] record or a row to places.csv with it, or fix the spelling\n"
            ),
        ),
        (
            "bad number",
            b"id,name_en,city,source,source_paragraph\n1,Abai Museum,1,tables,two\n".to_vec(),
            format!(
                "mura: {m}:2: museum `1`, field `source_paragraph`: `two` is not a number: write a whole number such as 2\n"
            ),
        ),
        (
            "bad year",
            format!("{header}1,Abai Museum,Абай музейі,,1,1,,19x0,,\n").into_bytes(),
            format!(
                "mura: {m}:2: museum `1`, field `founded`: `19x0` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (prefix `c. ` for circa)\n"
            ),
        ),
        (
            "invalid UTF-8",
            [
                header.as_bytes(),
                b"1,Abai Museum,\xff\xfe,,1,1,,1940,,\n".as_slice(),
            ]
            .concat(),
            format!(
                "mura: {m}:2: field `name_kk`: the cell is not valid UTF-8: save the table as UTF-8\n"
            ),
        ),
        (
            "duplicate id",
            format!("{header}1,A,А,,1,,,,,\n1,B,Б,,1,,,,,\n").into_bytes(),
            format!(
                "mura: {m}:3: museum `1`, field `id`: id `1` is already used by another museum: ids are unique per table; rename one\n"
            ),
        ),
        (
            "missing required name",
            format!("{header}1,,Абай музейі,,1,,,,,\n").into_bytes(),
            format!(
                "mura: {m}:2: museum `1`, field `name_en`: no name in `en`: every record needs a name in en\n"
            ),
        ),
        (
            "unknown column",
            b"id,name_en,city,colour\n1,A,1,red\n".to_vec(),
            format!(
                "mura: {m}:1: field `colour`: unknown column `colour` in museums.csv: the columns are id, city, type, member_of, named_after, founded, website, name_en, name_kk, name_ru, description_en, description_kk, description_ru, wikidata, source, source_paragraph, excerpt, source_2, source_paragraph_2, excerpt_2, source_3, source_paragraph_3, excerpt_3\n"
            ),
        ),
    ];
    for (what, text, expected) in cases {
        let _ = std::fs::remove_dir_all(&dir);
        tables(&dir);
        std::fs::write(&museums, text).unwrap();
        let err = export_fails(&dir);
        assert_eq!(err, expected, "{what}");
    }
    // an unknown country code names the codes mura knows
    let _ = std::fs::remove_dir_all(&dir);
    tables(&dir);
    std::fs::write(dir.join("places.csv"), "id,name_en,country\n1,Almaty,XX\n").unwrap();
    assert_eq!(
        export_fails(&dir),
        format!(
            "mura: {}:2: place `1`, field `country`: unknown country code `XX`: write an ISO 3166-1 alpha-2 code mura knows (AZ, CN, KG, KZ, MN, RU, TM, TR, UZ)\n",
            dir.join("places.csv").display()
        )
    );
}

#[test]
fn bom_crlf_and_quoted_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("t");
    tables(&dir);
    // a UTF-8 BOM, CRLF line ends, a quoted cell with a comma, doubled quotes and a line break
    std::fs::write(
        dir.join("museums.csv"),
        "\u{feff}id,name_en,name_kk,city,member_of\r\n1,\"The \"\"Abai\"\", Museum\",\"Абай\r\nмузейі\",1,1\r\n",
    )
    .unwrap();
    let nt = stdout_of(&[
        "export",
        "-q",
        "--data",
        dir.to_str().unwrap(),
        "--format",
        "nt",
    ]);
    let names: Vec<&str> = nt
        .lines()
        .filter(|l| l.starts_with(&format!("<{B}museum/1> <{S}name>")))
        .collect();
    assert_eq!(
        names,
        [
            format!("<{B}museum/1> <{S}name> \"The \\\"Abai\\\", Museum\"@en ."),
            format!("<{B}museum/1> <{S}name> \"Абай\\r\\nмузейі\"@kk ."),
        ]
    );
}

/// Rows are mapped on several threads (`MURA_MAP_THREADS`, default: the cores) in chunks of
/// 1,024 records: whatever the number of threads, the streamed N-Triples and N-Quads, a
/// shard and the sorted Turtle are the same bytes, rows in table order.
#[test]
fn mapping_threads_do_not_change_a_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("n3000");
    let sizes = gen_tables(3000, &data);
    assert!(sizes.rows() > 5 * 1024, "{sizes:?}: several chunks");
    let data = data.to_str().unwrap();
    let export = |threads: &str, args: &[&str]| {
        output_of(
            mura()
                .env("MURA_MAP_THREADS", threads)
                .args(["export", "-q", "--data", data])
                .args(args),
        )
    };
    for args in [
        &["--format", "ntriples"][..],
        &["--format", "nquads"],
        &["--format", "nquads", "--shard", "2/3"],
        &[],
    ] {
        let one = export("1", args);
        assert!(one.len() > 1 << 20, "{args:?}: {} bytes", one.len());
        for threads in ["2", "3"] {
            assert!(
                export(threads, args) == one,
                "{args:?}: {threads} mapping threads wrote other bytes than one"
            );
        }
    }
    // row order: museum 1 comes before museum 3000, which comes before the first award (event 1)
    let nt = String::from_utf8(export("3", &["--format", "ntriples"])).unwrap();
    let at = |iri: &str| {
        nt.find(&format!("\n<{B}{iri}> "))
            .unwrap_or_else(|| panic!("{iri} not in the export"))
    };
    assert!(at("museum/1") < at("museum/3000") && at("museum/3000") < at("event/1"));
}

#[test]
fn turtle_from_tables_is_sorted_and_stable() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("t");
    tables(&dir);
    let a = stdout_of(&["export", "-q", "--data", dir.to_str().unwrap()]);
    let b = stdout_of(&["export", "-q", "--data", dir.to_str().unwrap()]);
    assert_eq!(a, b);
    assert!(a.contains(
        "museum:1 a schema:Museum , schema:Organization , mura:Museum ;\n\tschema:containedInPlace place:1 ;"
    ), "{a}");
}

/// The on-disk store path: the streamed build, the sorted export of the store (identical to
/// the export straight from the tables), queries, and a bad row leaving no store behind.
#[cfg(feature = "rocksdb")]
#[test]
fn tables_into_an_on_disk_store() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("n200");
    gen_tables(200, &data);
    let store = tmp.path().join("kg");
    let d = data.to_str().unwrap();
    let s = store.to_str().unwrap();
    let out = stdout_of(&["build", "-q", "--data", d, "--store", s]);
    assert!(
        out.starts_with(&format!("built 3840 quads into store {s}\n")),
        "{out}"
    );
    // the store holds the streamed graph plus the dataset description in the meta graph
    // (a streamed export of tables has no description: it cannot count before writing)
    let nq = |args: &[&str]| -> std::collections::BTreeSet<String> {
        let mut all = vec!["export", "-q"];
        all.extend_from_slice(args);
        stdout_of(&all).lines().map(str::to_owned).collect()
    };
    let stored = nq(&["--store", s, "--format", "nquads"]);
    let streamed = nq(&["--data", d, "--format", "nquads"]);
    let meta = format!("<{B}graph/meta> .");
    let description: std::collections::BTreeSet<String> =
        nq(&["--data", d, "--profile", "void", "--format", "ntriples"])
            .iter()
            .map(|t| format!("{} {meta}", t.trim_end_matches(" .")))
            .collect();
    let expected: std::collections::BTreeSet<String> =
        streamed.union(&description).cloned().collect();
    assert_same_text(
        "N-Quads of the store vs the streamed tables and their description",
        &expected.into_iter().collect::<Vec<_>>().join("\n"),
        &stored.into_iter().collect::<Vec<_>>().join("\n"),
    );
    // the external sort of a store and the in-memory export give the same bytes
    for format in ["turtle", "trig"] {
        let from_store = stdout_of(&[
            "export", "-q", "--store", s, "--graph", "tables", "--format", format,
        ]);
        let in_memory = stdout_of(&[
            "export", "-q", "--data", d, "--graph", "tables", "--format", format,
        ]);
        assert_same_text(
            &format!("{format} from store vs in memory"),
            &in_memory,
            &from_store,
        );
    }
    let q = stdout_of(&[
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/mura/ontology#Museum> }",
        "--store",
        s,
        "--format",
        "tsv",
    ]);
    assert_eq!(q, "?n\n200\n");

    // a bad row: the build fails and neither the store nor a building folder is left
    let bad = tmp.path().join("bad");
    tables(&bad);
    std::fs::write(
        bad.join("awards.csv"),
        "id,name_en,conferred_by,recipient,presenter,date\n1,Prize,1,2,1,2024-08-15\n",
    )
    .unwrap();
    let bad_store = tmp.path().join("bad-kg");
    let out = mura()
        .args(["build", "-q", "--data", bad.to_str().unwrap(), "--store"])
        .arg(&bad_store)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "mura: {}:2: event `1`, field `recipient`: unknown id `2`: no museum has this id; add a [[museum]] record or a row to museums.csv with it, or fix the spelling\n",
            bad.join("awards.csv").display()
        )
    );
    let left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("bad-kg"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Tables beside the TOML records of a dataset with a manifest: rows refer to TOML records,
/// the manifest's required languages apply, TOML records map as before.
#[test]
fn tables_beside_toml_records() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    copy_dir(&root().join("data"), &dir);
    std::fs::write(
        dir.join("museums.csv"),
        "id,name_en,name_kk,city,member_of\nkasteyev-museum,Kasteyev State Museum of Arts,Ә. Қастеев атындағы мемлекеттік өнер музейі,almaty,almaty-museums-association\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let nt = stdout_of(&["export", "-q", "--data", d, "--format", "nt"]);
    let museum = "<https://w3id.org/mura/id/museum/kasteyev-museum>";
    assert!(nt.contains(&format!(
        "{museum} <http://schema.org/containedInPlace> <https://w3id.org/mura/id/place/almaty> ."
    )));
    assert!(nt.contains(&format!(
        "{museum} <http://schema.org/memberOf> <https://w3id.org/mura/id/organisation/almaty-museums-association> ."
    )));
    // everything the TOML records give is still there, graph by graph (the meta graph is
    // left out: its dataset description counts the whole dataset, and the streaming path of
    // tables does not write that description)
    let meta = "<https://w3id.org/mura/id/graph/meta> .";
    let with_tables = stdout_of(&["export", "-q", "--data", d, "--format", "nq"]);
    let all: std::collections::HashSet<&str> = with_tables.lines().collect();
    let shipped = stdout_of(&["export", "-q", "--format", "nq"]);
    let missing: Vec<&str> = shipped
        .lines()
        .filter(|l| !l.ends_with(meta))
        .filter(|l| !all.contains(l))
        .collect();
    assert!(missing.is_empty(), "{missing:#?}");
    // the shipped manifest requires kk names
    std::fs::write(
        dir.join("museums.csv"),
        "id,name_en,city\nkasteyev-museum,Kasteyev State Museum of Arts,almaty\n",
    )
    .unwrap();
    let out = mura()
        .args(["export", "-q", "--data", d, "--format", "nt"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "mura: {}:2: museum `kasteyev-museum`, field `name_kk`: no name in `kk`: every record needs a name in kk and en\n",
            dir.join("museums.csv").display()
        )
    );
}
