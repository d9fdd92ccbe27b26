//! Typed values of the record model, parsed once by the readers: curated dates,
//! coordinates, web addresses; and the checks of a lone value (slugs, Wikidata ids,
//! language tags, IRIs). Every error is a sentence naming the value and the fix.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
        if rest.starts_with('-') {
            return Err(format!(
                "`{value}` is a year before the common era, which mura does not take: write years from 0001 to 9999"
            ));
        }
        let parts: Vec<&str> = rest.split('-').collect();
        let num = |s: &str, len: usize| -> Result<u32, String> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        if parts.first() == Some(&"0000") {
            return Err(format!(
                "`{value}` has year 0, which the calendar does not have: years run from 0001 (1 AD)"
            ));
        }
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
                    return Err(if m == 2 {
                        let leap = if leap {
                            "a leap year"
                        } else {
                            "not a leap year"
                        };
                        format!(
                            "`{value}` has day {d}: February {y:04} has {days} days ({y:04} is {leap})"
                        )
                    } else {
                        format!("`{value}` has day {d}: that month has {days} days")
                    });
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

/// Cyrillic and Greek letters that look like lowercase Latin ones, and the Latin letter.
const LOOK_ALIKES: &[(char, char)] = &[
    ('а', 'a'),
    ('в', 'b'),
    ('е', 'e'),
    ('ё', 'e'),
    ('і', 'i'),
    ('ј', 'j'),
    ('к', 'k'),
    ('м', 'm'),
    ('н', 'h'),
    ('о', 'o'),
    ('р', 'p'),
    ('с', 'c'),
    ('т', 't'),
    ('у', 'y'),
    ('х', 'x'),
    ('ѕ', 's'),
    ('ԁ', 'd'),
    ('α', 'a'),
    ('ε', 'e'),
    ('ι', 'i'),
    ('κ', 'k'),
    ('ν', 'v'),
    ('ο', 'o'),
    ('ρ', 'p'),
    ('τ', 't'),
    ('υ', 'u'),
    ('χ', 'x'),
];

/// Checks an id: a lowercase Latin slug (`a-z`, `0-9`, single hyphens). An id that mixes
/// in a Cyrillic or Greek look-alike of a Latin letter is named as such, with the id
/// spelt in Latin.
pub fn check_slug(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        return Ok(());
    }
    let look_alike = |c: char| LOOK_ALIKES.iter().find(|(l, _)| *l == c).map(|(_, a)| *a);
    if let Some(c) = id.chars().find(|c| look_alike(*c).is_some()) {
        let latin: String = id.chars().map(|c| look_alike(c).unwrap_or(c)).collect();
        let script = if ('\u{370}'..='\u{3ff}').contains(&c) {
            "Greek"
        } else {
            "Cyrillic"
        };
        let fix = if check_slug(&latin).is_ok() {
            format!("write `{latin}`")
        } else {
            "use lowercase Latin letters, digits and single hyphens".to_owned()
        };
        return Err(format!(
            "`{id}` is not a valid id: `{c}` (U+{:04X}) is a {script} letter that looks like Latin `{}`; {fix}",
            u32::from(c),
            look_alike(c).unwrap_or('?')
        ));
    }
    Err(format!(
        "`{id}` is not a valid id: use lowercase Latin letters, digits and single hyphens (e.g. `ykylas-museum`)"
    ))
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
        _ => {
            let what = if limit == 90.0 {
                "a latitude"
            } else if limit == 180.0 {
                "a longitude"
            } else {
                "a coordinate"
            };
            Err(format!(
                "`{value}` is not {what}: write decimal degrees between -{limit} and {limit}"
            ))
        }
    }
}

impl<'de> Deserialize<'de> for CuratedDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CuratedDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for CuratedDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let circa = if self.circa { "c. " } else { "" };
        serializer.serialize_str(&format!("{circa}{}", self.lexical))
    }
}

impl Serialize for Coordinate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl Serialize for WebAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A decimal coordinate in degrees, in canonical `xsd:decimal` form (`43.250` → `43.25`),
/// as a store keeps it, so streamed and stored exports agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coordinate(pub String);

impl Coordinate {
    /// Parses decimal degrees within `limit` (90 for latitude, 180 for longitude).
    pub fn parse(value: &str, limit: f64) -> Result<Self, String> {
        check_coordinate(value, limit)?;
        Ok(Coordinate(
            value
                .parse::<oxsdatatypes::Decimal>()
                .map_or_else(|_| value.to_owned(), |d| d.to_string()),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn coordinate<'de, D: Deserializer<'de>>(
    deserializer: D,
    limit: f64,
) -> Result<Option<Coordinate>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => Coordinate::parse(&text, limit)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// serde `deserialize_with` for a latitude (within 90 degrees).
pub fn latitude<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Coordinate>, D::Error> {
    coordinate(d, 90.0)
}

/// serde `deserialize_with` for a longitude (within 180 degrees).
pub fn longitude<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Coordinate>, D::Error> {
    coordinate(d, 180.0)
}

/// An absolute IRI (a web page, a source's URL), checked when read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebAddress(String);

impl WebAddress {
    pub fn parse(value: &str) -> Result<Self, String> {
        check_iri(value)?;
        Ok(WebAddress(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for WebAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        WebAddress::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Checks an absolute IRI (RFC 3987) with iri-string.
pub fn check_iri(value: &str) -> Result<(), String> {
    let escaped = value.replace(' ', "%20");
    if escaped != value && iri_string::types::IriStr::new(&escaped).is_ok() {
        return Err(format!(
            "`{value}` holds a space, which an IRI cannot: write each space as `%20` (`{escaped}`)"
        ));
    }
    iri_string::types::IriStr::new(value)
        .map(|_| ())
        .map_err(|_| {
            format!("`{value}` is not an absolute IRI: write it like `https://example.org/path/`")
        })
}

/// Checks a dataset base IRI: absolute, ending with `/` or `#`.
pub fn check_base(base: &str) -> Result<(), String> {
    check_iri(base)?;
    if !(base.ends_with('/') || base.ends_with('#')) {
        return Err(format!(
            "base IRI `{base}` must end with `/` or `#` so that ids can be appended to it"
        ));
    }
    Ok(())
}

/// Checks a BCP 47 language tag.
pub fn check_language(tag: &str) -> Result<(), String> {
    oxigraph::model::Literal::new_language_tagged_literal("x", tag)
        .map(|_| ())
        .map_err(|_| format!("`{tag}` is not a BCP 47 language tag (e.g. `kk`, `en`, `ru`)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_must_be_absolute_and_open() {
        assert!(check_base("https://w3id.org/mura/id/").is_ok());
        assert!(check_base("https://w3id.org/mura/id").is_err());
        assert!(check_base("not an iri/").is_err());
    }

    #[test]
    fn coordinates_are_canonical() {
        assert_eq!(Coordinate::parse("43.250", 90.0).unwrap().as_str(), "43.25");
        assert!(Coordinate::parse("91", 90.0).is_err());
        assert!(Coordinate::parse("1e2", 180.0).is_err());
    }

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
