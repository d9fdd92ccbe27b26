//! The curated record model: what a museum data curator writes, one TOML table (or CSV
//! row) per entity or event, deserialised through serde.
//!
//! This module owns the shape of the data and the checks that need nothing but one field
//! (slugs, dates, Wikidata ids, numbers). Checks that need the whole dataset (references,
//! duplicate ids, excerpts against the source text) live in [`crate::ingest`].
//!
//! Every record has an `id` (a Latin slug that becomes the last segment of its IRI), a
//! `name` per language, and either a `cite` (the source and paragraph that state it) or
//! nothing, in which case everything it says is background knowledge attributed to the
//! dataset's background source.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Names, descriptions or notes keyed by language tag (`kk`, `en`, `ru`, …).
pub type LangMap = BTreeMap<String, String>;

/// Where a record's statements come from: a source declared in the manifest, the
/// paragraph (1-based, counting the non-empty paragraphs of the source text), a short
/// excerpt that must appear verbatim in that paragraph, and the fact numbers it supports.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    pub source: String,
    pub paragraph: u32,
    pub excerpt: String,
    #[serde(default)]
    pub facts: Vec<String>,
    /// The record is stated inside a quotation (a `[[quotation]]` id): "according to".
    #[serde(default)]
    pub via: Option<String>,
}

/// Fields every record kind has.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Common {
    pub id: String,
    #[serde(default)]
    pub name: LangMap,
    #[serde(default)]
    pub description: LangMap,
    #[serde(default)]
    pub note: LangMap,
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub cite: Option<Cite>,
    /// Background source for what this record says beyond its `cite` (life dates, full
    /// names, translations); defaults to the manifest's `background`.
    #[serde(default)]
    pub background: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceType {
    City,
    Country,
    Region,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    #[serde(flatten)]
    pub common: Common,
    #[serde(rename = "type")]
    pub place_type: PlaceType,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub lat: Option<String>,
    #[serde(default)]
    pub lon: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum OrganisationType {
    InternationalOrganisation,
    Association,
    CityAdministration,
    Organisation,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    #[serde(flatten)]
    pub common: Common,
    #[serde(rename = "type")]
    pub org_type: OrganisationType,
    #[serde(default)]
    pub short_name: LangMap,
    /// Headquarters or seat (a place id).
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub founded: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum MuseumType {
    Museum,
    HouseMuseum,
    MemorialMuseum,
    MuseumComplex,
    CultureCentre,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Museum {
    #[serde(flatten)]
    pub common: Common,
    #[serde(rename = "type", default)]
    pub museum_type: Option<MuseumType>,
    /// The city the museum is in (a place id).
    pub city: String,
    #[serde(default)]
    pub member_of: Option<String>,
    #[serde(default)]
    pub named_after: Vec<String>,
    #[serde(default)]
    pub founded: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default)]
    pub born: Option<String>,
    #[serde(default)]
    pub died: Option<String>,
}

/// An award (the prize itself, not one conferral of it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Award {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default)]
    pub conferred_by: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum EventType {
    /// An organisation selected the best among candidates (`among` lists countries).
    Selection,
    /// An award handed to a recipient.
    AwardConferral,
    /// A travelling exhibition held in one place.
    TravellingExhibition,
    /// An internship or training stay in one place (optionally at a `host` institution).
    Internship,
    /// A counted programme of exhibitions (`count`).
    ExhibitionProgramme,
    /// A counted programme of signed memoranda (`count`).
    MemorandumSigning,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    #[serde(flatten)]
    pub common: Common,
    #[serde(rename = "type")]
    pub event_type: EventType,
    #[serde(default)]
    pub date: Option<String>,
    /// Where it took place (a place id).
    #[serde(default)]
    pub place: Option<String>,
    /// The institution where it took place (an organisation or museum id).
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub organisers: Vec<String>,
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub supported_by: Vec<String>,
    #[serde(default)]
    pub award: Option<String>,
    #[serde(default)]
    pub recipient: Option<String>,
    #[serde(default)]
    pub conferred_by: Option<String>,
    #[serde(default)]
    pub presented_by: Option<String>,
    #[serde(default)]
    pub among: Vec<String>,
    #[serde(default)]
    pub count: Option<u32>,
    #[serde(default)]
    pub part_of: Option<String>,
    /// Free-text reason or theme (e.g. what an award recognises), per language.
    #[serde(default)]
    pub reason: LangMap,
}

/// An office in an organisation and who holds it (W3C ORG `org:Post`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Post {
    #[serde(flatten)]
    pub common: Common,
    pub organisation: String,
    pub holder: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quotation {
    #[serde(flatten)]
    pub common: Common,
    pub speaker: String,
    #[serde(default)]
    pub said_at: Option<String>,
    /// The quoted words, verbatim, in the language of `lang`.
    pub text: String,
    pub lang: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    #[serde(flatten)]
    pub common: Common,
    pub applies_to: Vec<String>,
    #[serde(default)]
    pub decided_by: Option<String>,
    /// Who benefits, per language.
    #[serde(default)]
    pub audience: LangMap,
}

/// The kinds of record, in the order their files are conventionally read and their
/// IRIs' path segment (`{base}{segment}/{id}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Place,
    Organisation,
    Museum,
    Person,
    Award,
    Event,
    Post,
    Quotation,
    Policy,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Place,
        Kind::Organisation,
        Kind::Museum,
        Kind::Person,
        Kind::Award,
        Kind::Event,
        Kind::Post,
        Kind::Quotation,
        Kind::Policy,
    ];

    /// The TOML table name (`[[museum]]`) and IRI path segment.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Place => "place",
            Kind::Organisation => "organisation",
            Kind::Museum => "museum",
            Kind::Person => "person",
            Kind::Award => "award",
            Kind::Event => "event",
            Kind::Post => "post",
            Kind::Quotation => "quotation",
            Kind::Policy => "policy",
        }
    }
}

/// One record of any kind.
#[derive(Debug, Clone)]
pub enum Record {
    Place(Place),
    Organisation(Organisation),
    Museum(Museum),
    Person(Person),
    Award(Award),
    Event(Event),
    Post(Post),
    Quotation(Quotation),
    Policy(Policy),
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Record::Place(_) => Kind::Place,
            Record::Organisation(_) => Kind::Organisation,
            Record::Museum(_) => Kind::Museum,
            Record::Person(_) => Kind::Person,
            Record::Award(_) => Kind::Award,
            Record::Event(_) => Kind::Event,
            Record::Post(_) => Kind::Post,
            Record::Quotation(_) => Kind::Quotation,
            Record::Policy(_) => Kind::Policy,
        }
    }

    pub fn common(&self) -> &Common {
        match self {
            Record::Place(r) => &r.common,
            Record::Organisation(r) => &r.common,
            Record::Museum(r) => &r.common,
            Record::Person(r) => &r.common,
            Record::Award(r) => &r.common,
            Record::Event(r) => &r.common,
            Record::Post(r) => &r.common,
            Record::Quotation(r) => &r.common,
            Record::Policy(r) => &r.common,
        }
    }

    pub fn id(&self) -> &str {
        &self.common().id
    }

    /// Every reference this record makes to another record: (field, id, kinds allowed).
    pub fn references(&self) -> Vec<(&'static str, &str, &'static [Kind])> {
        const PLACE: &[Kind] = &[Kind::Place];
        const PERSON: &[Kind] = &[Kind::Person];
        const ORG: &[Kind] = &[Kind::Organisation, Kind::Museum];
        const AGENT: &[Kind] = &[Kind::Organisation, Kind::Museum, Kind::Person];
        const EVENT: &[Kind] = &[Kind::Event];
        const AWARD: &[Kind] = &[Kind::Award];
        const QUOTATION: &[Kind] = &[Kind::Quotation];
        type Refs<'a> = Vec<(&'static str, &'a str, &'static [Kind])>;
        fn opt<'a>(
            out: &mut Refs<'a>,
            field: &'static str,
            value: &'a Option<String>,
            kinds: &'static [Kind],
        ) {
            if let Some(v) = value {
                out.push((field, v.as_str(), kinds));
            }
        }
        let mut out: Refs<'_> = Vec::new();
        if let Some(cite) = &self.common().cite {
            opt(&mut out, "cite.via", &cite.via, QUOTATION);
        }
        match self {
            Record::Place(r) => opt(&mut out, "country", &r.country, PLACE),
            Record::Organisation(r) => opt(&mut out, "location", &r.location, PLACE),
            Record::Museum(r) => {
                out.push(("city", r.city.as_str(), PLACE));
                opt(&mut out, "member_of", &r.member_of, ORG);
                out.extend(
                    r.named_after
                        .iter()
                        .map(|p| ("named_after", p.as_str(), PERSON)),
                );
            }
            Record::Person(_) => {}
            Record::Award(r) => opt(&mut out, "conferred_by", &r.conferred_by, ORG),
            Record::Event(r) => {
                opt(&mut out, "place", &r.place, PLACE);
                opt(&mut out, "host", &r.host, ORG);
                opt(&mut out, "award", &r.award, AWARD);
                opt(&mut out, "recipient", &r.recipient, AGENT);
                opt(&mut out, "conferred_by", &r.conferred_by, ORG);
                opt(&mut out, "presented_by", &r.presented_by, PERSON);
                opt(&mut out, "part_of", &r.part_of, EVENT);
                for (field, list, kinds) in [
                    ("organisers", &r.organisers, AGENT),
                    ("participants", &r.participants, AGENT),
                    ("supported_by", &r.supported_by, AGENT),
                    ("among", &r.among, PLACE),
                ] {
                    out.extend(list.iter().map(|v| (field, v.as_str(), kinds)));
                }
            }
            Record::Post(r) => {
                out.push(("organisation", r.organisation.as_str(), ORG));
                out.push(("holder", r.holder.as_str(), PERSON));
            }
            Record::Quotation(r) => {
                out.push(("speaker", r.speaker.as_str(), PERSON));
                opt(&mut out, "said_at", &r.said_at, EVENT);
            }
            Record::Policy(r) => {
                out.extend(r.applies_to.iter().map(|v| ("applies_to", v.as_str(), ORG)));
                opt(&mut out, "decided_by", &r.decided_by, AGENT);
            }
        }
        out
    }
}

/// A date as curators write it: `1843`, `2024-08`, `2024-08-15`, optionally prefixed
/// with `c. ` for "circa". Maps to `xsd:gYear`, `xsd:gYearMonth` or `xsd:date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratedDate {
    pub lexical: String,
    pub precision: DatePrecision,
    pub circa: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    Year,
    YearMonth,
    Day,
}

impl CuratedDate {
    /// Parses a curated date; the error is a sentence naming the value and the fix.
    pub fn parse(value: &str) -> Result<Self, String> {
        let (circa, rest) = match value.strip_prefix("c. ") {
            Some(rest) => (true, rest),
            None => (false, value),
        };
        let bad = || {
            format!(
                "`{value}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (prefix `c. ` for circa)"
            )
        };
        let parts: Vec<&str> = rest.split('-').collect();
        let num = |s: &str, len: usize| -> Result<u32, String> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let precision = match parts.as_slice() {
            [y] => {
                num(y, 4)?;
                DatePrecision::Year
            }
            [y, m] => {
                num(y, 4)?;
                let m = num(m, 2)?;
                if !(1..=12).contains(&m) {
                    return Err(format!("`{value}` has month {m}: months run from 01 to 12"));
                }
                DatePrecision::YearMonth
            }
            [y, m, d] => {
                let y = num(y, 4)?;
                let m = num(m, 2)?;
                let d = num(d, 2)?;
                if !(1..=12).contains(&m) {
                    return Err(format!("`{value}` has month {m}: months run from 01 to 12"));
                }
                let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                let days = match m {
                    2 if leap => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                if !(1..=days).contains(&d) {
                    return Err(format!("`{value}` has day {d}: that month has {days} days"));
                }
                DatePrecision::Day
            }
            _ => return Err(bad()),
        };
        Ok(CuratedDate {
            lexical: rest.to_owned(),
            precision,
            circa,
        })
    }

    /// The first year, for ordering checks (a death never precedes a birth).
    pub fn year(&self) -> i32 {
        self.lexical[..4].parse().unwrap_or(0)
    }
}

/// The checks of one record's values that need nothing but the record itself: dates,
/// coordinates, web addresses and a death that precedes a birth. Returns the first bad field
/// (as named in [`Record`]'s structs) and a sentence naming the value and the fix; the TOML
/// and CSV readers turn the field into their own location (key or column).
pub fn check_values(record: &Record) -> Result<(), (&'static str, String)> {
    fn date(
        field: &'static str,
        value: &Option<String>,
    ) -> Result<Option<CuratedDate>, (&'static str, String)> {
        value
            .as_deref()
            .map(CuratedDate::parse)
            .transpose()
            .map_err(|m| (field, m))
    }
    fn iri(field: &'static str, value: &Option<String>) -> Result<(), (&'static str, String)> {
        match value {
            Some(v) => crate::ingest::check_iri(v).map_err(|m| (field, m)),
            None => Ok(()),
        }
    }
    match record {
        Record::Place(p) => {
            if let Some(v) = &p.lat {
                check_coordinate(v, 90.0).map_err(|m| ("lat", m))?;
            }
            if let Some(v) = &p.lon {
                check_coordinate(v, 180.0).map_err(|m| ("lon", m))?;
            }
        }
        Record::Organisation(o) => {
            date("founded", &o.founded)?;
            iri("website", &o.website)?;
        }
        Record::Museum(m) => {
            date("founded", &m.founded)?;
            iri("website", &m.website)?;
        }
        Record::Person(p) => {
            let born = date("born", &p.born)?;
            let died = date("died", &p.died)?;
            if let (Some(b), Some(d)) = (&born, &died) {
                if d.year() < b.year() {
                    return Err((
                        "died",
                        format!(
                            "death `{}` precedes birth `{}`: check both dates",
                            d.lexical, b.lexical
                        ),
                    ));
                }
            }
        }
        Record::Event(e) => {
            date("date", &e.date)?;
        }
        Record::Award(_) | Record::Post(_) | Record::Quotation(_) | Record::Policy(_) => {}
    }
    Ok(())
}

/// Checks an id: a lowercase Latin slug (`a-z`, `0-9`, single hyphens).
pub fn check_slug(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not a valid id: use lowercase Latin letters, digits and single hyphens (e.g. `ykylas-museum`)"
        ))
    }
}

/// Checks a Wikidata item id (`Q` followed by a number without leading zero).
pub fn check_wikidata(id: &str) -> Result<(), String> {
    let digits = id.strip_prefix('Q').unwrap_or("");
    if !digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
    {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not a Wikidata item id: write it as Q followed by digits, e.g. `Q35493`"
        ))
    }
}

/// Checks a decimal coordinate within `limit` degrees.
pub fn check_coordinate(value: &str, limit: f64) -> Result<(), String> {
    match value.parse::<f64>() {
        Ok(v) if v.abs() <= limit && !value.contains(['e', 'E']) => Ok(()),
        _ => Err(format!(
            "`{value}` is not a coordinate: write decimal degrees between -{limit} and {limit}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            CuratedDate::parse("2024-08").unwrap().precision,
            DatePrecision::YearMonth
        );
        let c = CuratedDate::parse("c. 1705").unwrap();
        assert!(c.circa);
        assert_eq!(c.year(), 1705);
        assert!(CuratedDate::parse("2023-02-29").is_err());
        assert!(CuratedDate::parse("2024-02-29").is_ok());
        assert!(CuratedDate::parse("2024-13").is_err());
        assert!(CuratedDate::parse("24-08").is_err());
        assert!(CuratedDate::parse("").is_err());
    }

    #[test]
    fn slugs_and_ids() {
        assert!(check_slug("ykylas-museum").is_ok());
        assert!(check_slug("Ykylas").is_err());
        assert!(check_slug("a--b").is_err());
        assert!(check_wikidata("Q35493").is_ok());
        assert!(check_wikidata("Q035493").is_err());
        assert!(check_wikidata("35493").is_err());
    }
}
