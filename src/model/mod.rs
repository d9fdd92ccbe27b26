//! The curated record model: what a museum data curator writes, one TOML table (or CSV
//! row) per entity or event, deserialised through serde, and the dataset's manifest.
//!
//! Values are parsed once, when they are read: dates ([`CuratedDate`]), coordinates
//! ([`Coordinate`]) and web addresses ([`WebAddress`]) are typed here, so a bad one is
//! refused by the reader with its location and nothing downstream parses again. Which kinds
//! each reference field accepts is the one table [`REFERENCES`]. Checks that need the whole
//! dataset (references, duplicate ids, excerpts against the source text) live in
//! [`crate::check`].
//!
//! Every record has an `id` (a Latin slug that becomes the last segment of its IRI), a
//! `name` per language, and either a `cite` (the source and paragraph that state it) or
//! nothing, in which case everything it says is background knowledge attributed to the
//! dataset's background source.

mod dataset;
mod value;

pub use dataset::*;
pub use value::*;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Names, descriptions or notes keyed by language tag (`kk`, `en`, `ru`, …).
pub type LangMap = BTreeMap<String, String>;

/// Where a record's statements come from: a source declared in the manifest, the
/// paragraph (1-based, counting the non-empty paragraphs of the source text), a short
/// excerpt that must appear verbatim in that paragraph, and the fact numbers it supports.
/// A record may cite any number of sources; a citation with `fields` supports only those
/// fields (`member_of`, `name.en`), one without supports the whole record.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    pub source: String,
    pub paragraph: u32,
    pub excerpt: String,
    #[serde(default)]
    pub facts: Vec<String>,
    /// The record is stated inside a quotation (a `[[quotation]]` id): "according to".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Only these fields are stated by this citation (empty: the whole record).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

impl Cite {
    /// Whether this citation states `field` (`name.en` is covered by `name` too).
    pub fn covers(&self, field: &str) -> bool {
        self.fields.is_empty() || self.fields.iter().any(|f| field_within(field, f))
    }
}

/// Whether `field` is `scope` or inside it (`name.en` within `name`).
pub fn field_within(field: &str, scope: &str) -> bool {
    field == scope
        || field
            .strip_prefix(scope)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// What one source says of a field where it differs from the curated record: the value
/// it states, kept in that source's graph with its citation, while the record keeps the
/// curated value. `value` is a text or a list of ids or texts, as the field takes.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The field, as in the record (`among`, `date`, `name.en`).
    pub field: String,
    pub value: ClaimValue,
    /// Required: a claim is always some source's (the checker says so when it is missing).
    #[serde(default)]
    pub source: String,
    pub paragraph: u32,
    pub excerpt: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
}

impl Claim {
    /// The claim's citation: its source, paragraph and excerpt, for its field only.
    pub fn cite(&self) -> Cite {
        Cite {
            source: self.source.clone(),
            paragraph: self.paragraph,
            excerpt: self.excerpt.clone(),
            facts: self.facts.clone(),
            via: None,
            fields: vec![self.field.clone()],
        }
    }
}

/// The value of a claim.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum ClaimValue {
    Text(String),
    List(Vec<String>),
}

/// `cite = { … }` or `cite = [{ … }, { … }]` (or `[[museum.cite]]` tables).
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Cite>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Cite),
        Many(Vec<Cite>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(c)) => vec![c],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// Fields every record kind has.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Common {
    pub id: String,
    #[serde(default)]
    pub name: LangMap,
    #[serde(default)]
    pub description: LangMap,
    #[serde(default)]
    pub note: LangMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// The sources that state this record (one table or a list of them).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub cite: Vec<Cite>,
    /// Values that sources state differently from the curated ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// Background source for what this record says beyond its `cite` (life dates, full
    /// names, translations); defaults to the manifest's `background`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceType {
    City,
    Country,
    Region,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    #[serde(flatten)]
    pub common: Common,
    #[serde(rename = "type")]
    pub place_type: PlaceType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(
        default,
        deserialize_with = "value::latitude",
        skip_serializing_if = "Option::is_none"
    )]
    pub lat: Option<Coordinate>,
    #[serde(
        default,
        deserialize_with = "value::longitude",
        skip_serializing_if = "Option::is_none"
    )]
    pub lon: Option<Coordinate>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum OrganisationType {
    InternationalOrganisation,
    Association,
    CityAdministration,
    Organisation,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    #[serde(flatten)]
    pub common: Common,
    #[serde(rename = "type")]
    pub org_type: OrganisationType,
    #[serde(default)]
    pub short_name: LangMap,
    /// Headquarters or seat (a place id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<CuratedDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<WebAddress>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum MuseumType {
    Museum,
    HouseMuseum,
    MemorialMuseum,
    MuseumComplex,
    CultureCentre,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Museum {
    #[serde(flatten)]
    pub common: Common,
    #[serde(rename = "type", default)]
    pub museum_type: Option<MuseumType>,
    /// The city the museum is in (a place id).
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_of: Option<String>,
    #[serde(default)]
    pub named_after: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<CuratedDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<WebAddress>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub born: Option<CuratedDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub died: Option<CuratedDate>,
}

/// An award (the prize itself, not one conferral of it).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Award {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conferred_by: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    #[serde(flatten)]
    pub common: Common,
    #[serde(rename = "type")]
    pub event_type: EventType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<CuratedDate>,
    /// Where it took place (a place id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The institution where it took place (an organisation or museum id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default)]
    pub organisers: Vec<String>,
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub supported_by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub award: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conferred_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presented_by: Option<String>,
    #[serde(default)]
    pub among: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// Free-text reason or theme (e.g. what an award recognises), per language.
    #[serde(default)]
    pub reason: LangMap,
}

/// An office in an organisation and who holds it (W3C ORG `org:Post`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Post {
    #[serde(flatten)]
    pub common: Common,
    pub organisation: String,
    pub holder: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Quotation {
    #[serde(flatten)]
    pub common: Common,
    pub speaker: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said_at: Option<String>,
    /// The quoted words, verbatim, in the language of `lang`.
    pub text: String,
    pub lang: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    #[serde(flatten)]
    pub common: Common,
    pub applies_to: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

    /// The record as a TOML value (its fields as the files write them).
    fn to_toml(&self) -> Result<toml::Value, toml::ser::Error> {
        macro_rules! each {
            ($($variant:ident),*) => {
                match self {
                    $(Record::$variant(r) => toml::Value::try_from(r),)*
                }
            };
        }
        each!(
            Place,
            Organisation,
            Museum,
            Person,
            Award,
            Event,
            Post,
            Quotation,
            Policy
        )
    }

    /// Whether the record sets `field` (dotted: `name.en`).
    pub fn has_field(&self, field: &str) -> bool {
        let mut value = self.to_toml().ok();
        for key in field.split('.') {
            value = value.and_then(|v| v.get(key).cloned());
        }
        value.is_some()
    }

    /// This record as a claim's source has it: the claim's field set to its value (checked
    /// like any value of that field); the error is a sentence naming the field and the fix.
    pub fn with_claim(&self, claim: &Claim) -> Result<Record, String> {
        const NOT_CLAIMABLE: [&str; 5] = ["id", "cite", "claims", "background", "type"];
        let top = claim.field.split('.').next().unwrap_or_default();
        if NOT_CLAIMABLE.contains(&top) {
            return Err(format!(
                "`{}` cannot be claimed: a claim gives another value of a field such as a name, a date or a list of ids",
                claim.field
            ));
        }
        let bad = |e: &dyn std::fmt::Display| {
            let e = e.to_string();
            let kind = self.kind().key();
            let a = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!(
                "the claimed value does not fit `{}` of {a} {kind}: {}",
                claim.field,
                e.lines().next().unwrap_or_default()
            )
        };
        let mut value = self.to_toml().map_err(|e| bad(&e))?;
        set(&mut value, &claim.field, &claim.value).map_err(|e| bad(&e))?;
        macro_rules! back {
            ($($variant:ident),*) => {
                match self {
                    $(Record::$variant(_) => Record::$variant(value.try_into().map_err(|e| bad(&e))?),)*
                }
            };
        }
        let claimed = back!(
            Place,
            Organisation,
            Museum,
            Person,
            Award,
            Event,
            Post,
            Quotation,
            Policy
        );
        Ok(claimed)
    }

    /// Every reference this record makes to another record, as (field, id), in field
    /// order; the kinds each field accepts are in [`REFERENCES`] ([`accepts`]).
    pub fn references(&self) -> Vec<(&'static str, &str)> {
        type Refs<'a> = Vec<(&'static str, &'a str)>;
        fn opt<'a>(out: &mut Refs<'a>, field: &'static str, value: &'a Option<String>) {
            if let Some(v) = value {
                out.push((field, v.as_str()));
            }
        }
        fn list<'a>(out: &mut Refs<'a>, field: &'static str, values: &'a [String]) {
            out.extend(values.iter().map(|v| (field, v.as_str())));
        }
        let mut out: Refs<'_> = Vec::new();
        for cite in &self.common().cite {
            opt(&mut out, "cite.via", &cite.via);
        }
        match self {
            Record::Place(r) => opt(&mut out, "country", &r.country),
            Record::Organisation(r) => opt(&mut out, "location", &r.location),
            Record::Museum(r) => {
                out.push(("city", r.city.as_str()));
                opt(&mut out, "member_of", &r.member_of);
                list(&mut out, "named_after", &r.named_after);
            }
            Record::Person(_) => {}
            Record::Award(r) => opt(&mut out, "conferred_by", &r.conferred_by),
            Record::Event(r) => {
                opt(&mut out, "place", &r.place);
                opt(&mut out, "host", &r.host);
                list(&mut out, "organisers", &r.organisers);
                list(&mut out, "participants", &r.participants);
                list(&mut out, "supported_by", &r.supported_by);
                opt(&mut out, "award", &r.award);
                opt(&mut out, "recipient", &r.recipient);
                opt(&mut out, "conferred_by", &r.conferred_by);
                opt(&mut out, "presented_by", &r.presented_by);
                list(&mut out, "among", &r.among);
                opt(&mut out, "part_of", &r.part_of);
            }
            Record::Post(r) => {
                out.push(("organisation", r.organisation.as_str()));
                out.push(("holder", r.holder.as_str()));
            }
            Record::Quotation(r) => {
                out.push(("speaker", r.speaker.as_str()));
                opt(&mut out, "said_at", &r.said_at);
            }
            Record::Policy(r) => {
                list(&mut out, "applies_to", &r.applies_to);
                opt(&mut out, "decided_by", &r.decided_by);
            }
        }
        out
    }
}

/// Sets `field` (dotted: `name.en`) of a record's TOML form to `value`. The field must be
/// one the record kind has: an unknown one is refused by the record's deserialisation.
fn set(record: &mut toml::Value, field: &str, value: &ClaimValue) -> Result<(), String> {
    let value = match value {
        ClaimValue::Text(t) => toml::Value::String(t.clone()),
        ClaimValue::List(l) => {
            toml::Value::Array(l.iter().cloned().map(toml::Value::String).collect())
        }
    };
    let mut table = record
        .as_table_mut()
        .ok_or_else(|| "the record is not a table".to_owned())?;
    let mut keys = field.split('.').peekable();
    while let Some(key) = keys.next() {
        if keys.peek().is_none() {
            table.insert(key.to_owned(), value);
            return Ok(());
        }
        table = table
            .entry(key.to_owned())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
            .ok_or_else(|| format!("`{key}` has no parts"))?;
    }
    Ok(())
}

const PLACE: &[Kind] = &[Kind::Place];
const PERSON: &[Kind] = &[Kind::Person];
const ORG: &[Kind] = &[Kind::Organisation, Kind::Museum];
const AGENT: &[Kind] = &[Kind::Organisation, Kind::Museum, Kind::Person];
const EVENT: &[Kind] = &[Kind::Event];
const AWARD: &[Kind] = &[Kind::Award];
const QUOTATION: &[Kind] = &[Kind::Quotation];

/// The one table of references: (record kind, field, the kinds of record it may name).
/// The TOML and CSV readers, the checker and the mapper all go by it.
pub const REFERENCES: &[(Kind, &str, &[Kind])] = &[
    (Kind::Place, "country", PLACE),
    (Kind::Organisation, "location", PLACE),
    (Kind::Museum, "city", PLACE),
    (Kind::Museum, "member_of", ORG),
    (Kind::Museum, "named_after", PERSON),
    (Kind::Award, "conferred_by", ORG),
    (Kind::Event, "place", PLACE),
    (Kind::Event, "host", ORG),
    (Kind::Event, "organisers", AGENT),
    (Kind::Event, "participants", AGENT),
    (Kind::Event, "supported_by", AGENT),
    (Kind::Event, "award", AWARD),
    (Kind::Event, "recipient", AGENT),
    (Kind::Event, "conferred_by", ORG),
    (Kind::Event, "presented_by", PERSON),
    (Kind::Event, "among", PLACE),
    (Kind::Event, "part_of", EVENT),
    (Kind::Post, "organisation", ORG),
    (Kind::Post, "holder", PERSON),
    (Kind::Quotation, "speaker", PERSON),
    (Kind::Quotation, "said_at", EVENT),
    (Kind::Policy, "applies_to", ORG),
    (Kind::Policy, "decided_by", AGENT),
];

/// The kinds a reference field of `kind` accepts (`cite.via` names a quotation). A field
/// missing from [`REFERENCES`] is a programming error caught by the model's tests.
pub fn accepts(kind: Kind, field: &str) -> &'static [Kind] {
    if field == "cite.via" {
        return QUOTATION;
    }
    REFERENCES
        .iter()
        .find(|(k, f, _)| *k == kind && *f == field)
        .map_or(&[], |(_, _, kinds)| kinds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_field_is_in_the_table() {
        let records = [
            "[[museum]]\nid='m'\ncity='c'\nmember_of='o'\nnamed_after=['p']",
            "[[event]]\nid='e'\ntype='award-conferral'\nplace='c'\nhost='o'\norganisers=['o']\nparticipants=['o']\nsupported_by=['o']\naward='a'\nrecipient='o'\nconferred_by='o'\npresented_by='p'\namong=['c']\npart_of='e'",
        ];
        for text in records {
            let file: toml::Table = toml::from_str(text).unwrap();
            let (key, value) = file.into_iter().next().unwrap();
            let table = value.as_array().unwrap()[0].clone();
            let record = match key.as_str() {
                "museum" => Record::Museum(table.try_into().unwrap()),
                _ => Record::Event(table.try_into().unwrap()),
            };
            for (field, _) in record.references() {
                assert!(
                    !accepts(record.kind(), field).is_empty(),
                    "{field} is not in REFERENCES"
                );
            }
        }
    }
}
