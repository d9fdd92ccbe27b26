//! QuickStatements v1 (`mura export --format quickstatements`): the commands that hand
//! Wikidata what the dataset knows and Wikidata may lack, each statement with a reference
//! to the article that states it.
//!
//! Two parts, in a fixed order so the same records give the same bytes:
//! 1. a `CREATE` block for each entity the article states (it has a `cite` to a source
//!    with a URL) that has no item yet — museums, organisations, people, awards; places
//!    are linked (`mura link`), never created — with its labels (`Lkk`, `Len`, `Lru`),
//!    descriptions (`Dkk`, `Den`, `Dru`) and the statements whose value is an existing
//!    item: instance of (P31) and, for museums, located in (P131);
//! 2. statements between linked entities: award received (P166) with point in time (P585)
//!    and conferred by (P1027) qualifiers, part of / has part (P361/P527) for the
//!    association and its museums, named after (P138), position held (P39).
//!
//! Only statements the source grounds are written: a statement comes from the `cite` of the
//! record that states it, and its reference is that source's URL (`S854`) with the
//! dataset's creation date as retrieved (`S813`). Background knowledge (life dates, the
//! countries of cities, translations) has no citable source and is left out. A statement
//! that needs an item which does not exist yet (two new entities) cannot be said in v1,
//! which refers to new items only as `LAST`: it is counted in the notes — link or create
//! those entities, then export again.

use crate::error::Result;
use crate::model::Dataset;
use crate::model::{CuratedDate, DatePrecision, Kind, MuseumType, OrganisationType, Record};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// What was written and what was left out.
#[derive(Debug, Default, Clone)]
pub struct Output {
    pub text: String,
    /// Sentences on what was left out and why (printed on stderr by the binary).
    pub notes: Vec<String>,
}

/// True when `--format` (or, without it, the output file's extension `.qs`) asks for
/// QuickStatements.
pub fn wanted(format: Option<&str>, output: Option<&std::path::Path>) -> bool {
    match format {
        Some(f) => matches!(
            f.to_ascii_lowercase().as_str(),
            "quickstatements" | "qs" | "text/x-quickstatements"
        ),
        None => output.is_some_and(|p| p.extension().is_some_and(|e| e == "qs")),
    }
}

/// A QuickStatements string value; `None` when the text holds a double quote, a tab or a
/// line break, which v1 has no way to escape.
fn quoted(text: &str) -> Option<String> {
    (!text.contains(['"', '\t', '\n', '\r'])).then(|| format!("\"{text}\""))
}

/// `+2024-08-00T00:00:00Z/10`: a v1 time value at the date's precision.
pub fn time_value(date: &CuratedDate) -> String {
    let l = &date.lexical;
    match date.precision {
        DatePrecision::Year => format!("+{l}-00-00T00:00:00Z/9"),
        DatePrecision::YearMonth => format!("+{l}-00T00:00:00Z/10"),
        DatePrecision::Day => format!("+{l}T00:00:00Z/11"),
    }
}

/// A language map's entries: kk, en, ru first, then the others by tag.
fn in_language_order(map: &crate::model::LangMap) -> Vec<(&str, &str)> {
    let rank = |l: &str| {
        crate::wikidata::link::LANGS
            .iter()
            .position(|x| *x == l)
            .unwrap_or(3)
    };
    let mut entries: Vec<(&str, &str)> =
        map.iter().map(|(l, t)| (l.as_str(), t.as_str())).collect();
    entries.sort_by_key(|(l, _)| (rank(l), *l));
    entries
}

/// Wikidata's verified classes (facts.md) for what a created item is an instance of.
fn class_of(record: &Record) -> Option<&'static str> {
    match record {
        Record::Museum(m) if m.museum_type == Some(MuseumType::HouseMuseum) => Some("Q2087181"),
        Record::Museum(_) => Some("Q33506"),
        Record::Person(_) => Some("Q5"),
        Record::Organisation(o) if o.org_type == OrganisationType::InternationalOrganisation => {
            Some("Q484652")
        }
        Record::Award(_) => Some("Q618779"),
        _ => None,
    }
}

/// Generated descriptions (kk, en, ru) for a new museum or organisation in `city`.
fn generated_description(record: &Record, city: Option<&Record>) -> Vec<(String, String)> {
    let name = |lang: &str| city.and_then(|c| c.common().name.get(lang)).cloned();
    let (kk, en, ru) = match record {
        Record::Museum(_) => ("музей", "museum", "музей"),
        Record::Organisation(o) => match o.org_type {
            OrganisationType::Association => ("бірлестік", "association", "объединение"),
            OrganisationType::CityAdministration => (
                "қала әкімдігі",
                "city administration",
                "городская администрация",
            ),
            _ => ("ұйым", "organisation", "организация"),
        },
        Record::Award(_) => ("марапат", "award", "награда"),
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    match (name("kk"), name("en"), name("ru")) {
        (Some(ck), Some(ce), Some(cr)) => {
            out.push(("kk".into(), format!("{ck} қаласындағы {kk}")));
            out.push(("en".into(), format!("{en} in {ce}")));
            out.push(("ru".into(), format!("{ru} в городе {cr}")));
        }
        _ => {
            out.push(("kk".into(), kk.to_owned()));
            out.push(("en".into(), en.to_owned()));
            out.push(("ru".into(), ru.to_owned()));
        }
    }
    out
}

/// The references of one record's statements, one per citing source: each becomes its own
/// line of the same statement, which QuickStatements merges into one statement with
/// several references.
struct References(Vec<String>);

impl References {
    /// `statement` once per reference, tab-separated, one line each (no final newline).
    fn lines(&self, statement: &str) -> String {
        self.0
            .iter()
            .map(|r| format!("{statement}\t{r}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

struct Writer<'a> {
    ds: &'a Dataset,
    by_id: HashMap<&'a str, &'a Record>,
    retrieved: Option<String>,
    out: Output,
    waiting: usize,
}

impl<'a> Writer<'a> {
    fn item(&self, id: &str) -> Option<&'a str> {
        self.by_id.get(id)?.common().wikidata.as_deref()
    }

    /// The references of what `record`'s citations state, one per source: `S854 "url"`
    /// (and `S813` retrieved); `None` when no citation names a source with a URL.
    fn reference(&self, record: &Record) -> Option<References> {
        let mut refs: Vec<String> = Vec::new();
        for cite in &record.common().cite {
            let Some(source) = self.ds.source(&cite.source) else {
                continue;
            };
            if source.info.background {
                continue;
            }
            let Some(url) = source.info.url.as_ref().and_then(|u| quoted(u.as_str())) else {
                continue;
            };
            let mut r = format!("S854\t{url}");
            if let Some(t) = &self.retrieved {
                let _ = write!(r, "\tS813\t{t}");
            }
            if !refs.contains(&r) {
                refs.push(r);
            }
        }
        (!refs.is_empty()).then_some(References(refs))
    }

    fn line(&mut self, subject: &str, rest: &str) {
        let _ = writeln!(self.out.text, "{subject}\t{rest}");
    }

    fn create(&mut self, record: &'a Record) {
        let Some(reference) = self.reference(record) else {
            return;
        };
        let common = record.common();
        self.out.text.push_str("CREATE\n");
        for (lang, text) in in_language_order(&common.name) {
            match quoted(text) {
                Some(q) => self.line("LAST", &format!("L{lang}\t{q}")),
                None => self.out.notes.push(format!(
                    "{} `{}`: the {lang} label holds a double quote, tab or line break, which QuickStatements v1 cannot carry: add it by hand",
                    record.kind().key(),
                    common.id
                )),
            }
        }
        let city = match record {
            Record::Museum(m) => self.by_id.get(m.city.as_str()).copied(),
            Record::Organisation(o) => o
                .location
                .as_deref()
                .and_then(|l| self.by_id.get(l))
                .copied(),
            _ => None,
        };
        let descriptions: Vec<(String, String)> = match record {
            Record::Person(_) => in_language_order(&common.description)
                .into_iter()
                .map(|(l, t)| (l.to_owned(), t.to_owned()))
                .collect(),
            _ => generated_description(record, city),
        };
        for (lang, text) in descriptions {
            if let Some(q) = quoted(&text) {
                self.line("LAST", &format!("D{lang}\t{q}"));
            }
        }
        if let Some(class) = class_of(record) {
            let text = reference.lines(&format!("LAST\tP31\t{class}"));
            self.out.text.push_str(&text);
            self.out.text.push('\n');
        }
        if let Record::Museum(m) = record {
            if let Some(city) = self.item(&m.city) {
                let text = reference.lines(&format!("LAST\tP131\t{city}"));
                self.out.text.push_str(&text);
                self.out.text.push('\n');
            }
        }
    }

    /// Collects a statement between two entities: written when both have items, counted
    /// as waiting when one of them is new.
    fn statement(
        &mut self,
        lines: &mut BTreeMap<(u64, String, u64), String>,
        subject: &str,
        property: &str,
        value: &str,
        qualifiers: &str,
        reference: &References,
    ) {
        let (Some(s), Some(v)) = (self.item(subject), self.item(value)) else {
            self.waiting += 1;
            return;
        };
        let num = |q: &str| q.trim_start_matches('Q').parse::<u64>().unwrap_or(u64::MAX);
        lines.insert(
            (num(s), property.to_owned(), num(v)),
            reference.lines(&format!("{s}\t{property}\t{v}{qualifiers}")),
        );
    }
}

/// Writes the QuickStatements v1 commands for `ds`.
pub fn write(ds: &Dataset) -> Result<Output> {
    let retrieved = ds.info.created.as_ref().map(time_value);
    let mut w = Writer {
        ds,
        by_id: ds
            .records
            .iter()
            .map(|l| (l.record.id(), &l.record))
            .collect(),
        retrieved,
        out: Output::default(),
        waiting: 0,
    };
    for located in &ds.records {
        let r = &located.record;
        let creatable = matches!(
            r.kind(),
            Kind::Museum | Kind::Organisation | Kind::Person | Kind::Award
        );
        if creatable && r.common().wikidata.is_none() {
            w.create(r);
        }
    }
    let mut lines = BTreeMap::new();
    for located in &ds.records {
        let r = &located.record;
        let Some(reference) = w.reference(r) else {
            continue;
        };
        match r {
            Record::Event(e) => {
                if let (Some(recipient), Some(award)) = (&e.recipient, &e.award) {
                    let mut qualifiers = String::new();
                    if let Some(d) = &e.date {
                        let _ = write!(qualifiers, "\tP585\t{}", time_value(d));
                    }
                    if let Some(by) = e.conferred_by.as_deref().and_then(|b| w.item(b)) {
                        let _ = write!(qualifiers, "\tP1027\t{by}");
                    }
                    w.statement(
                        &mut lines,
                        recipient,
                        "P166",
                        award,
                        &qualifiers,
                        &reference,
                    );
                }
            }
            Record::Museum(m) => {
                if let Some(assoc) = &m.member_of {
                    w.statement(&mut lines, &m.common.id, "P361", assoc, "", &reference);
                    w.statement(&mut lines, assoc, "P527", &m.common.id, "", &reference);
                }
                for person in &m.named_after {
                    w.statement(&mut lines, &m.common.id, "P138", person, "", &reference);
                }
            }
            Record::Post(p) => {
                w.statement(&mut lines, &p.holder, "P39", &p.common.id, "", &reference);
            }
            _ => {}
        }
    }
    for line in lines.into_values() {
        w.out.text.push_str(&line);
        w.out.text.push('\n');
    }
    if w.waiting > 0 {
        w.out.notes.push(format!(
            "{} statements (award received, part of, has part, named after, position held) wait for items: \
             link those entities (`mura link`) or create them with the CREATE blocks, add their ids, and export again",
            w.waiting
        ));
    }
    Ok(w.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_carry_their_precision() {
        let t = |s: &str| time_value(&CuratedDate::parse(s).unwrap());
        assert_eq!(t("2024-08"), "+2024-08-00T00:00:00Z/10");
        assert_eq!(t("1843"), "+1843-00-00T00:00:00Z/9");
        assert_eq!(t("2026-11-25"), "+2026-11-25T00:00:00Z/11");
    }

    #[test]
    fn strings_v1_cannot_carry_are_refused() {
        assert_eq!(quoted("Алматы").as_deref(), Some("\"Алматы\""));
        assert_eq!(quoted("a \"b\""), None);
        assert_eq!(quoted("a\tb"), None);
        assert_eq!(quoted("a\nb"), None);
    }

    #[test]
    fn format_names_and_extension() {
        assert!(wanted(Some("quickstatements"), None));
        assert!(wanted(Some("QS"), None));
        assert!(!wanted(Some("turtle"), Some(std::path::Path::new("x.qs"))));
        assert!(wanted(None, Some(std::path::Path::new("out/x.qs"))));
        assert!(!wanted(None, Some(std::path::Path::new("x.ttl"))));
    }
}
