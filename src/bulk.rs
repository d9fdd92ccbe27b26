//! Bulk input: CSV tables (`places.csv`, `people.csv`, `organisations.csv`, `museums.csv`,
//! `awards.csv`) in a dataset folder, read row by row through serde into the record model
//! of [`crate::record`], checked like TOML records and mapped one row at a time, so memory
//! holds the ids (for reference checks), never the rows.
//!
//! The layout is the one of `../shared/bench/gen_csv.py` (see README "Bulk CSV tables"):
//! ids are unique per table and every reference column names its table (`city` → places,
//! `member_of` / `conferred_by` → organisations, `named_after` / `presenter` → people,
//! `recipient` → museums), so a museum `1` and a place `1` are different records
//! (`{base}museum/1`, `{base}place/1`). Tables are read in that order, each referring only
//! to tables read before it, so one pass suffices. A place's `country` is an ISO 3166-1
//! alpha-2 code: mura mints one country place per code from a built-in table ([`COUNTRIES`]).
//! `awards.csv` rows are award conferrals (`mura:AwardConferral` events).
//!
//! A folder without `mura.toml` gets a default manifest ([`default_dataset`]); with one, its
//! base, languages, required name languages and sources apply, and its TOML records are
//! loaded too (table rows may refer to them; they cannot refer to rows).

use crate::error::{Error, Location, Result};
use crate::ingest::{self, Dataset, DatasetInfo, Source, SourceInfo};
use crate::mapping::RecordMapper;
use crate::record::*;
use oxigraph::model::Quad;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One bulk table: its file name, the record kind of its rows, and its columns.
pub struct Table {
    pub file: &'static str,
    pub kind: Kind,
    /// Columns that must be present in the header.
    pub required: &'static [&'static str],
    /// Further columns it may have (beyond the common ones, [`COMMON`]).
    pub optional: &'static [&'static str],
}

/// Columns every table may have.
pub const COMMON: &[&str] = &[
    "name_en",
    "name_kk",
    "name_ru",
    "description_en",
    "description_kk",
    "description_ru",
    "wikidata",
    "source",
    "source_paragraph",
    "excerpt",
];

/// The tables, in the order they are read (each refers only to earlier ones).
pub const TABLES: &[Table] = &[
    Table {
        file: "places.csv",
        kind: Kind::Place,
        required: &["id"],
        optional: &["type", "country", "lat", "lon"],
    },
    Table {
        file: "people.csv",
        kind: Kind::Person,
        required: &["id"],
        optional: &["birth_year", "death_year"],
    },
    Table {
        file: "organisations.csv",
        kind: Kind::Organisation,
        required: &["id"],
        optional: &["type", "city", "founded", "website"],
    },
    Table {
        file: "museums.csv",
        kind: Kind::Museum,
        required: &["id", "city"],
        optional: &["type", "member_of", "named_after", "founded", "website"],
    },
    Table {
        file: "awards.csv",
        kind: Kind::Event,
        required: &["id"],
        optional: &["conferred_by", "recipient", "presenter", "date"],
    },
];

/// ISO 3166-1 alpha-2 codes mura knows: (code, place id, name kk, name en, Wikidata id —
/// only ids verified in the project's facts, else none).
pub const COUNTRIES: &[(&str, &str, &str, &str, Option<&str>)] = &[
    ("AZ", "azerbaijan", "Әзірбайжан", "Azerbaijan", Some("Q227")),
    ("CN", "china", "Қытай", "China", None),
    ("KG", "kyrgyzstan", "Қырғызстан", "Kyrgyzstan", Some("Q813")),
    ("KZ", "kazakhstan", "Қазақстан", "Kazakhstan", Some("Q232")),
    ("MN", "mongolia", "Моңғолия", "Mongolia", None),
    ("RU", "russia", "Ресей", "Russia", None),
    (
        "TM",
        "turkmenistan",
        "Түрікменстан",
        "Turkmenistan",
        Some("Q874"),
    ),
    ("TR", "turkiye", "Түркия", "Türkiye", Some("Q43")),
    ("UZ", "uzbekistan", "Өзбекстан", "Uzbekistan", Some("Q265")),
];

/// True when `dir` holds at least one bulk table.
pub fn is_bulk(dir: &Path) -> bool {
    TABLES.iter().any(|t| dir.join(t.file).is_file())
}

/// The manifest of a folder of tables without `mura.toml`: base `--base` or
/// `https://w3id.org/mura/id/`, languages kk, en, ru, names required in `en` only (awards
/// have only `name_en`), no licence (none is claimed for data mura did not write), and one
/// background source `tables` that every row is attributed to.
pub fn default_dataset(root: &Path) -> Dataset {
    let lang = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    Dataset {
        root: root.to_path_buf(),
        info: DatasetInfo {
            id: "bulk".into(),
            base: "https://w3id.org/mura/id/".into(),
            title: lang(&[("en", "Bulk dataset (CSV tables)")]),
            description: LangMap::new(),
            licence: String::new(),
            created: None,
            languages: vec!["kk".into(), "en".into(), "ru".into()],
            required_languages: vec!["en".into()],
            background: "tables".into(),
            links: None,
        },
        sources: vec![Source {
            info: SourceInfo {
                id: "tables".into(),
                title: lang(&[("en", "The dataset's CSV tables")]),
                publisher: None,
                url: None,
                date: None,
                language: "en".into(),
                text: None,
                background: true,
            },
            paragraphs: Vec::new(),
        }],
        records: Vec::new(),
    }
}

/// A folder of tables, opened: its manifest (given or default), TOML records and tables.
pub struct Bulk {
    pub dataset: Dataset,
    pub tables: Vec<(&'static Table, PathBuf)>,
    /// Total size of the tables, for progress.
    pub bytes: u64,
}

/// Opens the bulk dataset in `root` (reading the manifest and TOML records, not the rows).
pub fn open(root: &Path, base: Option<&str>) -> Result<Bulk> {
    let mut dataset = if root.join(ingest::MANIFEST).is_file() {
        ingest::load(root)?
    } else {
        default_dataset(root)
    };
    if let Some(base) = base {
        dataset.set_base(base)?;
    }
    let tables: Vec<(&'static Table, PathBuf)> = TABLES
        .iter()
        .map(|t| (t, root.join(t.file)))
        .filter(|(_, p)| p.is_file())
        .collect();
    let bytes = tables
        .iter()
        .map(|(_, p)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();
    Ok(Bulk {
        dataset,
        tables,
        bytes,
    })
}

/// One CSV row as serde reads it: every column any table may have (empty cells are `None`).
#[derive(Debug, Default, Deserialize)]
struct Row {
    id: String,
    name_en: Option<String>,
    name_kk: Option<String>,
    name_ru: Option<String>,
    description_en: Option<String>,
    description_kk: Option<String>,
    description_ru: Option<String>,
    wikidata: Option<String>,
    source: Option<String>,
    source_paragraph: Option<u32>,
    excerpt: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    country: Option<String>,
    lat: Option<String>,
    lon: Option<String>,
    birth_year: Option<String>,
    death_year: Option<String>,
    city: Option<String>,
    member_of: Option<String>,
    named_after: Option<String>,
    founded: Option<String>,
    website: Option<String>,
    conferred_by: Option<String>,
    recipient: Option<String>,
    presenter: Option<String>,
    date: Option<String>,
}

/// Counts of a streamed run.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub rows: u64,
    pub quads: u64,
    pub bytes: u64,
}

/// Where the streamed quads go, in batches; `progress` sees the counts after each batch.
pub struct Sink<'a> {
    pub emit: &'a mut dyn FnMut(Vec<Quad>) -> Result<()>,
    pub progress: &'a mut dyn FnMut(&Counts),
}

const BATCH: usize = 16 * 1024;

/// Reads, checks and maps every record of `bulk` (TOML records, then the table rows, then
/// the dataset description), handing the quads to `sink` in batches. The first bad row
/// stops the run with an error naming file, line, record and column.
pub fn stream(bulk: &Bulk, sink: Sink<'_>) -> Result<Counts> {
    let ds = &bulk.dataset;
    let mut mapper = RecordMapper::new(ds);
    let mut counts = Counts::default();
    let mut batch: Vec<Quad> = Vec::with_capacity(BATCH + 64);
    let mut flush = |batch: &mut Vec<Quad>, counts: &mut Counts, force: bool| -> Result<()> {
        if batch.len() >= BATCH || (force && !batch.is_empty()) {
            counts.quads += batch.len() as u64;
            (sink.emit)(std::mem::replace(batch, Vec::with_capacity(BATCH + 64)))?;
            (sink.progress)(counts);
        }
        Ok(())
    };
    for located in &ds.records {
        mapper.map_indexed(&located.record, &mut batch);
        counts.rows += 1;
        flush(&mut batch, &mut counts, false)?;
    }
    // ids per kind: seeded with the TOML records, grown table by table
    let mut ids: HashMap<Kind, HashSet<Box<str>>> = HashMap::new();
    for located in &ds.records {
        ids.entry(located.record.kind())
            .or_default()
            .insert(located.record.id().into());
    }
    let mut countries_done: HashSet<&'static str> = HashSet::new();
    let mut bytes_before = 0u64;
    for (table, path) in &bulk.tables {
        let mut reader = TableReader::open(table, path, ds)?;
        let mut row_bytes = 0;
        while let Some((line, row)) = reader.next_row()? {
            let at = |column: &str| {
                Location::file(path)
                    .line(line)
                    .record(table.kind.key(), &row.id)
                    .field(column)
            };
            let record = to_record(table, &row, ds, &at)?;
            check_record(table, &record, ds, &mut ids, &at)?;
            if let Record::Place(p) = &record {
                if let Some(code) = row.country.as_deref() {
                    let entry = country(code).expect("checked");
                    if countries_done.insert(entry.0) && p.country.is_some() {
                        let minted = country_record(entry);
                        if !ids.get(&Kind::Place).is_some_and(|s| s.contains(entry.1)) {
                            mapper.map(&minted, &mut batch);
                            ids.entry(Kind::Place).or_default().insert(entry.1.into());
                        }
                    }
                }
            }
            mapper.map(&record, &mut batch);
            counts.rows += 1;
            row_bytes = reader.position();
            counts.bytes = bytes_before + row_bytes;
            flush(&mut batch, &mut counts, false)?;
        }
        bytes_before += row_bytes;
    }
    let extra: Vec<_> = Vec::new();
    mapper.meta(&extra, &mut batch);
    flush(&mut batch, &mut counts, true)?;
    counts.bytes = bulk.bytes;
    (sink.progress)(&counts);
    Ok(counts)
}

/// The country entry of an ISO code.
fn country(
    code: &str,
) -> Option<&'static (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
)> {
    COUNTRIES.iter().find(|c| c.0 == code)
}

/// The place record minted for a country code.
fn country_record(
    entry: &(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
    ),
) -> Record {
    let (_, id, kk, en, wikidata) = *entry;
    Record::Place(Place {
        common: Common {
            id: id.into(),
            name: [
                ("kk".to_owned(), kk.to_owned()),
                ("en".to_owned(), en.to_owned()),
            ]
            .into_iter()
            .collect(),
            wikidata: wikidata.map(str::to_owned),
            ..Common::default()
        },
        place_type: PlaceType::Country,
        country: None,
        lat: None,
        lon: None,
    })
}

/// A CSV table being read: header checked, rows deserialised one at a time.
struct TableReader<'a> {
    path: &'a Path,
    reader: csv::Reader<std::io::BufReader<std::fs::File>>,
    headers: csv::StringRecord,
    record: csv::StringRecord,
}

impl<'a> TableReader<'a> {
    fn open(table: &Table, path: &'a Path, ds: &Dataset) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(std::io::BufReader::with_capacity(1 << 20, file));
        let headers = reader
            .headers()
            .map_err(|e| csv_error(path, None, &e))?
            .clone();
        let at = |column: &str| Location::file(path).line(1).field(column);
        for column in &headers {
            let known = table.required.contains(&column)
                || table.optional.contains(&column)
                || COMMON.contains(&column);
            if !known {
                let mut all: Vec<&str> = table.required.to_vec();
                all.extend(table.optional);
                all.extend(COMMON);
                return Err(Error::data(
                    at(column),
                    format!(
                        "unknown column `{column}` in {}: the columns are {}",
                        table.file,
                        all.join(", ")
                    ),
                ));
            }
            let lang = column
                .strip_prefix("name_")
                .or_else(|| column.strip_prefix("description_"));
            if let Some(lang) = lang {
                if !ds.info.languages.iter().any(|l| l == lang) {
                    return Err(Error::data(
                        at(column),
                        format!(
                            "language `{lang}` is not declared: use one of {} or add it to `languages` in {}",
                            ds.info.languages.join(", "),
                            ingest::MANIFEST
                        ),
                    ));
                }
            }
        }
        for column in table.required {
            if !headers.iter().any(|h| h == *column) {
                return Err(Error::data(
                    at(column),
                    format!(
                        "{} has no column `{column}`: add it to the header line",
                        table.file
                    ),
                ));
            }
        }
        Ok(Self {
            path,
            reader,
            headers,
            record: csv::StringRecord::new(),
        })
    }

    /// Bytes read so far.
    fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The next row and its line number, or `None` at the end.
    fn next_row(&mut self) -> Result<Option<(usize, Row)>> {
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(|e| csv_error(self.path, Some(&self.headers), &e))?;
        if !more {
            return Ok(None);
        }
        let line = self.record.position().map_or(0, |p| p.line() as usize);
        let row: Row = self.record.deserialize(Some(&self.headers)).map_err(|e| {
            let field = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => err.field(),
                _ => None,
            };
            let column = field
                .and_then(|i| self.headers.get(i as usize))
                .unwrap_or("?");
            let value = field
                .and_then(|i| self.record.get(i as usize))
                .unwrap_or("");
            let id = self
                .headers
                .iter()
                .position(|h| h == "id")
                .and_then(|i| self.record.get(i))
                .unwrap_or("?");
            Error::data(
                Location::file(self.path)
                    .line(line)
                    .record(kind_of(self.path), id)
                    .field(column),
                format!("`{value}` is not a number: write a whole number such as 2"),
            )
        })?;
        Ok(Some((line, row)))
    }
}

/// The record kind key of a table file (for error locations).
fn kind_of(path: &Path) -> &'static str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    TABLES
        .iter()
        .find(|t| t.file == name)
        .map_or("row", |t| t.kind.key())
}

/// A located sentence for a CSV syntax or encoding error.
fn csv_error(path: &Path, headers: Option<&csv::StringRecord>, err: &csv::Error) -> Error {
    let column = |i: usize| {
        headers
            .and_then(|h| h.get(i))
            .map(str::to_owned)
            .unwrap_or_else(|| format!("#{}", i + 1))
    };
    match err.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => {
            let line = pos.as_ref().map_or(0, |p| p.line() as usize);
            let (expected_len, len) = (*expected_len as usize, *len as usize);
            let field = if len < expected_len {
                column(len)
            } else {
                column(expected_len - 1)
            };
            let what = if len < expected_len {
                format!("column `{field}` and after are missing")
            } else {
                format!("there are cells after the last column `{field}`")
            };
            Error::data(
                Location::file(path).line(line).field(field),
                format!(
                    "the row has {len} cells but the header has {expected_len} ({what}): quote cells that contain commas (\"a, b\") and give every row one cell per column"
                ),
            )
        }
        csv::ErrorKind::Utf8 { pos, err } => {
            let line = pos.as_ref().map_or(0, |p| p.line() as usize);
            Error::data(
                Location::file(path).line(line).field(column(err.field())),
                "the cell is not valid UTF-8: save the table as UTF-8",
            )
        }
        csv::ErrorKind::Io(e) => Error::Read {
            path: path.to_path_buf(),
            source: std::io::Error::new(e.kind(), e.to_string()),
        },
        _ => Error::data(
            Location::file(path).line(err.position().map_or(0, |p| p.line() as usize)),
            format!("cannot read the CSV table: {err}"),
        ),
    }
}

type At<'a> = dyn Fn(&str) -> Location + 'a;

/// A row as a record of the model (types checked; references checked in [`check_record`]).
fn to_record(table: &Table, row: &Row, ds: &Dataset, at: &At<'_>) -> Result<Record> {
    let mut name = LangMap::new();
    let mut description = LangMap::new();
    for (lang, n, d) in [
        ("en", &row.name_en, &row.description_en),
        ("kk", &row.name_kk, &row.description_kk),
        ("ru", &row.name_ru, &row.description_ru),
    ] {
        if let Some(n) = n {
            name.insert(lang.to_owned(), n.clone());
        }
        if let Some(d) = d {
            description.insert(lang.to_owned(), d.clone());
        }
    }
    let (cite, background) = match (&row.source, row.source_paragraph, &row.excerpt) {
        (None, None, None) => (None, None),
        (Some(source), None, None) if ds.source(source).is_some_and(|s| s.info.background) => {
            (None, Some(source.clone()))
        }
        (Some(source), Some(paragraph), Some(excerpt)) => (
            Some(Cite {
                source: source.clone(),
                paragraph,
                excerpt: excerpt.clone(),
                facts: Vec::new(),
                via: None,
            }),
            None,
        ),
        _ => {
            return Err(Error::data(
                at("source"),
                "a cited row needs `source`, `source_paragraph` and `excerpt` (or only `source`, naming a background source)",
            ));
        }
    };
    let common = Common {
        id: row.id.clone(),
        name,
        description,
        note: LangMap::new(),
        wikidata: row.wikidata.clone(),
        cite,
        background,
    };
    let bad_type = |what: &str, allowed: &[&str]| {
        Error::data(
            at("type"),
            format!(
                "`{what}` is not a {} type: use one of {}",
                table.kind.key(),
                allowed.join(", ")
            ),
        )
    };
    Ok(match table.kind {
        Kind::Place => {
            let place_type = match row.kind.as_deref() {
                None | Some("city") => PlaceType::City,
                Some("country") => PlaceType::Country,
                Some("region") => PlaceType::Region,
                Some(other) => return Err(bad_type(other, &["city", "country", "region"])),
            };
            let country = match row.country.as_deref() {
                None => None,
                Some(code) => match country(code) {
                    Some(c) => Some(c.1.to_owned()),
                    None => {
                        let known: Vec<&str> = COUNTRIES.iter().map(|c| c.0).collect();
                        return Err(Error::data(
                            at("country"),
                            format!(
                                "unknown country code `{code}`: write an ISO 3166-1 alpha-2 code mura knows ({})",
                                known.join(", ")
                            ),
                        ));
                    }
                },
            };
            Record::Place(Place {
                common,
                place_type,
                country,
                lat: row.lat.clone(),
                lon: row.lon.clone(),
            })
        }
        Kind::Person => Record::Person(Person {
            common,
            born: row.birth_year.clone(),
            died: row.death_year.clone(),
        }),
        Kind::Organisation => {
            let org_type = match row.kind.as_deref() {
                None | Some("organisation") => OrganisationType::Organisation,
                Some("association") => OrganisationType::Association,
                Some("international-organisation") => OrganisationType::InternationalOrganisation,
                Some("city-administration") => OrganisationType::CityAdministration,
                Some(other) => {
                    return Err(bad_type(
                        other,
                        &[
                            "organisation",
                            "association",
                            "international-organisation",
                            "city-administration",
                        ],
                    ));
                }
            };
            Record::Organisation(Organisation {
                common,
                org_type,
                short_name: LangMap::new(),
                location: row.city.clone(),
                founded: row.founded.clone(),
                website: row.website.clone(),
            })
        }
        Kind::Museum => {
            let museum_type = match row.kind.as_deref() {
                None => None,
                Some("museum") => Some(MuseumType::Museum),
                Some("house-museum") => Some(MuseumType::HouseMuseum),
                Some("memorial-museum") => Some(MuseumType::MemorialMuseum),
                Some("museum-complex") => Some(MuseumType::MuseumComplex),
                Some("culture-centre") => Some(MuseumType::CultureCentre),
                Some(other) => {
                    return Err(bad_type(
                        other,
                        &[
                            "museum",
                            "house-museum",
                            "memorial-museum",
                            "museum-complex",
                            "culture-centre",
                        ],
                    ));
                }
            };
            Record::Museum(Museum {
                common,
                museum_type,
                city: row.city.clone().ok_or_else(|| {
                    Error::data(
                        at("city"),
                        "the cell is empty: every museum needs a city (a place id)",
                    )
                })?,
                member_of: row.member_of.clone(),
                named_after: row
                    .named_after
                    .as_deref()
                    .map(|v| v.split(';').map(|s| s.trim().to_owned()).collect())
                    .unwrap_or_default(),
                founded: row.founded.clone(),
                website: row.website.clone(),
            })
        }
        _ => Record::Event(Event {
            common,
            event_type: EventType::AwardConferral,
            date: row.date.clone(),
            place: None,
            host: None,
            organisers: Vec::new(),
            participants: Vec::new(),
            supported_by: Vec::new(),
            award: None,
            recipient: row.recipient.clone(),
            conferred_by: row.conferred_by.clone(),
            presented_by: row.presenter.clone(),
            among: Vec::new(),
            count: None,
            part_of: None,
            reason: LangMap::new(),
        }),
    })
}

/// The column a record field is read from.
fn column_of(field: &str) -> &str {
    match field {
        "born" => "birth_year",
        "died" => "death_year",
        "location" => "city",
        "presented_by" => "presenter",
        "cite.source" => "source",
        "cite.paragraph" => "source_paragraph",
        "cite.excerpt" => "excerpt",
        other => other,
    }
}

/// The per-row checks of [`crate::ingest`], with the same sentences; references are looked
/// up in the ids of the table the column names. Records the row's id.
fn check_record(
    table: &Table,
    record: &Record,
    ds: &Dataset,
    ids: &mut HashMap<Kind, HashSet<Box<str>>>,
    at: &At<'_>,
) -> Result<()> {
    let info = &ds.info;
    let common = record.common();
    let id = common.id.as_str();
    check_slug(id).map_err(|m| Error::data(at("id"), m))?;
    let own = ids.entry(table.kind).or_default();
    if own.contains(id) {
        return Err(Error::data(
            at("id"),
            format!(
                "id `{id}` is already used by another {} row or record: ids are unique per table; rename one",
                table.kind.key()
            ),
        ));
    }
    for (lang, text) in &common.name {
        if text.trim().is_empty() {
            return Err(Error::data(
                at(&format!("name_{lang}")),
                format!("the name in `{lang}` is blank: write the text or leave the cell empty"),
            ));
        }
    }
    for lang in &info.required_languages {
        if !common.name.contains_key(lang) {
            return Err(Error::data(
                at(&format!("name_{lang}")),
                format!(
                    "no name in `{lang}`: every record needs a name in {}",
                    info.required_languages.join(" and ")
                ),
            ));
        }
    }
    if let Some(q) = &common.wikidata {
        check_wikidata(q).map_err(|m| Error::data(at("wikidata"), m))?;
    }
    if let Some(cite) = &common.cite {
        let Some(source) = ds.source(&cite.source) else {
            return Err(Error::data(
                at("source"),
                format!(
                    "unknown source `{}`: declare it as a [[source]] in {}",
                    cite.source,
                    ingest::MANIFEST
                ),
            ));
        };
        let n = cite.paragraph as usize;
        let Some(paragraph) = n.checked_sub(1).and_then(|i| source.paragraphs.get(i)) else {
            return Err(Error::data(
                at("source_paragraph"),
                format!(
                    "paragraph {n} does not exist: source `{}` has {} paragraphs of text",
                    cite.source,
                    source.paragraphs.len()
                ),
            ));
        };
        if !paragraph.contains(&cite.excerpt) {
            return Err(Error::data(
                at("excerpt"),
                format!(
                    "the excerpt is not verbatim in paragraph {n} of source `{}`: copy it exactly",
                    cite.source
                ),
            ));
        }
    }
    for (field, target, kinds) in record.references() {
        // the table layout fixes one kind per column
        let kind = match (table.kind, field) {
            (Kind::Place, "country") => continue, // a minted country, checked in to_record
            (_, "city" | "location") => Kind::Place,
            (_, "member_of" | "conferred_by") => Kind::Organisation,
            (_, "named_after" | "presented_by") => Kind::Person,
            (_, "recipient") => Kind::Museum,
            _ => kinds[0],
        };
        if !ids.get(&kind).is_some_and(|s| s.contains(target)) {
            let file = TABLES
                .iter()
                .find(|t| t.kind == kind)
                .map_or("the tables", |t| t.file);
            return Err(Error::data(
                at(column_of(field)),
                format!(
                    "unknown id `{target}`: no {} has this id; add a row to {file} or fix the id",
                    kind.key()
                ),
            ));
        }
    }
    check_values(record).map_err(|(field, m)| Error::data(at(column_of(field)), m))?;
    ids.entry(table.kind).or_default().insert(id.into());
    Ok(())
}
