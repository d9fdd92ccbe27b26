//! CSV tables (`places.csv`, `people.csv`, `organisations.csv`, `museums.csv`,
//! `awards.csv`) in a dataset folder, read row by row through serde into the record model
//! of [`crate::model`]: each row a [`Located`] record, checked by [`crate::check`] and
//! mapped by [`crate::graph`] like a TOML record, so memory holds the ids (for reference
//! checks), never the rows.
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
//! Header problems (unknown or missing columns, undeclared languages) are the reader's;
//! everything about a row's values is the checker's.

use super::{Located, MAX_CSV_LINE_BYTES, MAX_FIELD_BYTES, Origin, mebibytes};
use crate::error::{Error, Location, Result};
use crate::model::*;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One bulk table: its file name, the record kind of its rows, and its columns.
#[derive(Debug)]
pub struct Table {
    pub file: &'static str,
    pub kind: Kind,
    /// Columns that must be present in the header.
    pub required: &'static [&'static str],
    /// Further columns it may have (beyond the common ones, [`COMMON`]).
    pub optional: &'static [&'static str],
    /// The table each reference column names (one of the kinds [`REFERENCES`] accepts
    /// for the field): ids are unique per table, so a column must say which.
    pub references: &'static [(&'static str, Kind)],
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
    "source_2",
    "source_paragraph_2",
    "excerpt_2",
    "source_3",
    "source_paragraph_3",
    "excerpt_3",
];

/// The tables, in the order they are read (each refers only to earlier ones).
pub const TABLES: &[Table] = &[
    Table {
        file: "places.csv",
        kind: Kind::Place,
        required: &["id"],
        optional: &["type", "country", "lat", "lon"],
        references: &[("country", Kind::Place)],
    },
    Table {
        file: "people.csv",
        kind: Kind::Person,
        required: &["id"],
        optional: &["birth_year", "death_year"],
        references: &[],
    },
    Table {
        file: "organisations.csv",
        kind: Kind::Organisation,
        required: &["id"],
        optional: &["type", "city", "founded", "website"],
        references: &[("location", Kind::Place)],
    },
    Table {
        file: "museums.csv",
        kind: Kind::Museum,
        required: &["id", "city"],
        optional: &["type", "member_of", "named_after", "founded", "website"],
        references: &[
            ("city", Kind::Place),
            ("member_of", Kind::Organisation),
            ("named_after", Kind::Person),
        ],
    },
    Table {
        file: "awards.csv",
        kind: Kind::Event,
        required: &["id"],
        optional: &["conferred_by", "recipient", "presenter", "date"],
        references: &[
            ("conferred_by", Kind::Organisation),
            ("recipient", Kind::Museum),
            ("presented_by", Kind::Person),
        ],
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

/// The tables present in `dir`, in reading order.
pub fn find_tables(dir: &Path) -> Vec<(&'static Table, PathBuf)> {
    TABLES
        .iter()
        .map(|t| (t, dir.join(t.file)))
        .filter(|(_, p)| p.is_file())
        .collect()
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
    source_2: Option<String>,
    source_paragraph_2: Option<u32>,
    excerpt_2: Option<String>,
    source_3: Option<String>,
    source_paragraph_3: Option<u32>,
    excerpt_3: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    country: Option<String>,
    #[serde(default, deserialize_with = "latitude")]
    lat: Option<Coordinate>,
    #[serde(default, deserialize_with = "longitude")]
    lon: Option<Coordinate>,
    birth_year: Option<CuratedDate>,
    death_year: Option<CuratedDate>,
    city: Option<String>,
    member_of: Option<String>,
    named_after: Option<String>,
    founded: Option<CuratedDate>,
    website: Option<WebAddress>,
    conferred_by: Option<String>,
    recipient: Option<String>,
    presenter: Option<String>,
    date: Option<CuratedDate>,
}

/// The country entry of an ISO code.
pub fn country(
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
pub fn country_record(
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
pub struct TableReader {
    table: &'static Table,
    path: Arc<Path>,
    reader: ::csv::Reader<LineLimit<Box<dyn std::io::Read + Send>>>,
    headers: ::csv::StringRecord,
    record: ::csv::StringRecord,
}

/// One row read: the record, and the country place its ISO code names (mura mints it the
/// first time a code is seen).
pub struct TableRow {
    pub located: Located,
    pub country: Option<Located>,
}

impl TableReader {
    /// Opens `path` as `table`, checking its header against the table's columns and the
    /// dataset's languages.
    pub fn open(table: &'static Table, path: &Path, ds: &Dataset) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let file = std::io::BufReader::with_capacity(1 << 20, file);
        Self::from_reader(table, path, Box::new(file), ds)
    }

    /// [`TableReader::open`] over the bytes of `input`, named `path` in messages (the
    /// fuzz target `csv_table` reads from memory through it).
    pub fn from_reader(
        table: &'static Table,
        path: &Path,
        input: Box<dyn std::io::Read + Send>,
        ds: &Dataset,
    ) -> Result<Self> {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(LineLimit {
                inner: input,
                run: 0,
                line: 1,
            });
        let headers = reader
            .headers()
            .map_err(|e| csv_error(path, None, &e))?
            .clone();
        let at = |column: &str| Location::file(path).line(1).field(column);
        for column in &headers {
            let known = table.required.contains(&column)
                || table.optional.contains(&column)
                || COMMON.contains(&column);
            let lang = column
                .strip_prefix("name_")
                .or_else(|| column.strip_prefix("description_"));
            if let (false, Some(lang)) = (known, lang) {
                let what = column.split('_').next().unwrap_or("name");
                return Err(Error::data(
                    at(column),
                    format!(
                        "`{column}` is in language `{lang}`, which tables do not have: their {what} columns are {what}_en, {what}_kk and {what}_ru (write other languages in TOML records)"
                    ),
                ));
            }
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
            if let Some(lang) = lang {
                crate::check::declared_language(&ds.info, lang)
                    .map_err(|m| Error::data(at(column), m))?;
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
            table,
            path: Arc::from(path),
            reader,
            headers,
            record: ::csv::StringRecord::new(),
        })
    }

    /// Bytes read so far.
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The next row as a located record, or `None` at the end. A cell that does not
    /// parse (a number, a date, a coordinate, a web address) is an error at its column.
    pub fn next_row(&mut self, ds: &Dataset) -> Result<Option<TableRow>> {
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(|e| csv_error(&self.path, Some(&self.headers), &e))?;
        if !more {
            return Ok(None);
        }
        let line = self.record.position().map_or(0, |p| p.line() as usize);
        if self.record == self.headers {
            return Err(Error::data(
                Location::file(&self.path).line(line),
                "the row repeats the header line: remove it (were two tables joined into one?)",
            ));
        }
        let cell_at = |i: usize| {
            let id = self
                .headers
                .iter()
                .position(|h| h == "id")
                .and_then(|i| self.record.get(i))
                .unwrap_or("?");
            Location::file(&self.path)
                .line(line)
                .record(self.table.kind.key(), id)
                .field(self.headers.get(i).unwrap_or("?"))
        };
        for (i, cell) in self.record.iter().enumerate() {
            if cell.len() > MAX_FIELD_BYTES {
                return Err(Error::data(
                    cell_at(i),
                    format!(
                        "the cell is {} bytes long, more than the {} mura takes in one field: shorten it (long text belongs in a source text, cited by paragraph)",
                        cell.len(),
                        mebibytes(MAX_FIELD_BYTES as u64)
                    ),
                ));
            }
            if cell.contains('\0') {
                return Err(Error::data(
                    cell_at(i),
                    "the cell holds a NUL byte (U+0000), which text never has: the table was saved as UTF-16 or is not a text file; save it as UTF-8 text",
                ));
            }
        }
        let row: Row = self.record.deserialize(Some(&self.headers)).map_err(|e| {
            let (field, message) = match e.kind() {
                ::csv::ErrorKind::Deserialize { err, .. } => (
                    err.field(),
                    match err.kind() {
                        ::csv::DeserializeErrorKind::Message(m) if m.starts_with('`') => {
                            Some(m.clone())
                        }
                        _ => None,
                    },
                ),
                _ => (None, None),
            };
            // a value the model refused names itself (`19x0` is not a date): its column is
            // the one holding that value (serde does not say which field a custom error is)
            let field = field.map(|i| i as usize).or_else(|| {
                let value = message.as_deref()?.split('`').nth(1)?;
                self.record.iter().position(|cell| cell == value)
            });
            let column = field.and_then(|i| self.headers.get(i)).unwrap_or("?");
            let value = field.and_then(|i| self.record.get(i)).unwrap_or("");
            let id = self
                .headers
                .iter()
                .position(|h| h == "id")
                .and_then(|i| self.record.get(i))
                .unwrap_or("?");
            Error::data(
                Location::file(&self.path)
                    .line(line)
                    .record(self.table.kind.key(), id)
                    .field(column),
                message.unwrap_or_else(|| {
                    format!("`{value}` is not a number: write a whole number such as 2")
                }),
            )
        })?;
        let origin = Origin::Csv {
            path: self.path.clone(),
            line,
            table: self.table,
        };
        let at = |column: &str| {
            Location::file(&self.path)
                .line(line)
                .record(self.table.kind.key(), &row.id)
                .field(column)
        };
        let record = to_record(self.table, &row, ds, &at)?;
        let country = match (&record, row.country.as_deref()) {
            (Record::Place(_), Some(code)) => country(code).map(|entry| Located {
                record: country_record(entry),
                origin: Origin::Minted {
                    path: self.path.clone(),
                    line,
                },
            }),
            _ => None,
        };
        Ok(Some(TableRow {
            located: Located { record, origin },
            country,
        }))
    }
}

/// A located sentence for a CSV syntax or encoding error.
fn csv_error(path: &Path, headers: Option<&::csv::StringRecord>, err: &::csv::Error) -> Error {
    let column = |i: usize| {
        headers
            .and_then(|h| h.get(i))
            .map(str::to_owned)
            .unwrap_or_else(|| format!("#{}", i + 1))
    };
    match err.kind() {
        ::csv::ErrorKind::UnequalLengths {
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
        ::csv::ErrorKind::Utf8 { pos, err } => {
            let line = pos.as_ref().map_or(0, |p| p.line() as usize);
            Error::data(
                Location::file(path).line(line).field(column(err.field())),
                "the cell is not valid UTF-8: save the table as UTF-8",
            )
        }
        ::csv::ErrorKind::Io(e) if e.get_ref().is_some_and(|e| e.is::<LineTooLong>()) => {
            let line = e
                .get_ref()
                .and_then(|e| e.downcast_ref::<LineTooLong>())
                .map_or(0, |l| l.0);
            Error::data(
                Location::file(path).line(line),
                format!(
                    "the line is longer than the {} mura reads as one row: end each row with a line break (is this a CSV table?)",
                    mebibytes(MAX_CSV_LINE_BYTES as u64)
                ),
            )
        }
        ::csv::ErrorKind::Io(e) => Error::Read {
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

/// A reader that refuses a line longer than [`MAX_CSV_LINE_BYTES`] (with its number), so a
/// table without line breaks cannot fill memory while one row is read.
struct LineLimit<R> {
    inner: R,
    /// Bytes since the last line break.
    run: usize,
    /// The line being read (1-based).
    line: usize,
}

/// The error [`LineLimit`] returns: the line that was too long.
#[derive(Debug)]
struct LineTooLong(usize);

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} is too long", self.0)
    }
}

impl std::error::Error for LineTooLong {}

impl<R: std::io::Read> std::io::Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if b == b'\n' {
                self.run = 0;
                self.line += 1;
            } else {
                self.run += 1;
                if self.run > MAX_CSV_LINE_BYTES {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        LineTooLong(self.line),
                    ));
                }
            }
        }
        Ok(n)
    }
}

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
    // the first citation may instead name a background source alone; `_2`, `_3` cite
    // further sources
    let mut cite = Vec::new();
    let mut background = None;
    for (n, source, paragraph, excerpt) in [
        ("", &row.source, row.source_paragraph, &row.excerpt),
        ("_2", &row.source_2, row.source_paragraph_2, &row.excerpt_2),
        ("_3", &row.source_3, row.source_paragraph_3, &row.excerpt_3),
    ] {
        match (source, paragraph, excerpt) {
            (None, None, None) => {}
            (Some(source), None, None)
                if n.is_empty() && ds.source(source).is_some_and(|s| s.info.background) =>
            {
                background = Some(source.clone());
            }
            (Some(source), Some(paragraph), Some(excerpt)) => cite.push(Cite {
                source: source.clone(),
                paragraph,
                excerpt: excerpt.clone(),
                facts: Vec::new(),
                via: None,
                fields: Vec::new(),
            }),
            _ => {
                return Err(Error::data(
                    at(&format!("source{n}")),
                    format!(
                        "a cited row needs `source{n}`, `source_paragraph{n}` and `excerpt{n}` (or only `source`, naming a background source)"
                    ),
                ));
            }
        }
    }
    let common = Common {
        id: row.id.clone(),
        name,
        description,
        note: LangMap::new(),
        wikidata: row.wikidata.clone(),
        cite,
        claims: Vec::new(),
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

/// The column a record field (as the model and the checker name it) is read from.
pub fn column_of(field: &str) -> String {
    if let Some(lang) = field.strip_prefix("name.") {
        return format!("name_{lang}");
    }
    if let Some(lang) = field.strip_prefix("description.") {
        return format!("description_{lang}");
    }
    if let Some(rest) = field.strip_prefix("cite.") {
        if let Some((n, part)) = rest
            .split_once('.')
            .filter(|(n, _)| n.parse::<u8>().is_ok())
        {
            return format!("{}_{n}", column_of(&format!("cite.{part}")));
        }
    }
    let column = match field {
        "born" => "birth_year",
        "died" => "death_year",
        "location" => "city",
        "presented_by" => "presenter",
        "cite.source" => "source",
        "cite.paragraph" => "source_paragraph",
        "cite.excerpt" => "excerpt",
        other => other,
    };
    column.to_owned()
}
