//! The one checker: every rule a record must keep, for records from any source (TOML
//! files, CSV rows), each rule and each sentence written once. A rule's error names the
//! record's file, line, record and field ([`crate::source::Origin::locate`]: the TOML key
//! or the CSV column), the bad value and the fix.
//!
//! Two passes over a source: [`Checker::declare`] records an id (a valid slug, unique in
//! its scope: across the dataset for TOML records, per table for CSV rows), then
//! [`Checker::check`] checks the record and resolves each of its references to the kind
//! of record it names — the kinds a field accepts are the model's one table,
//! [`crate::model::REFERENCES`] — which the mapper then uses to mint the IRI. Memory holds
//! the ids, never the records. No reference repeats within a field, so the mapper never
//! emits a quad twice: a summary can count quads as they stream by.

use crate::error::{Error, Result};
use crate::model::*;
use crate::source::{Located, MANIFEST, Origin};
use std::collections::{HashMap, HashSet};

/// What checking a record resolved: the kind each of its references names (in the order
/// of [`Record::references`]), and for each claim the record as that source has it, with
/// its references' kinds.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub kinds: Vec<Kind>,
    pub claims: Vec<(Record, Vec<Kind>)>,
}

/// The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
/// refused in names and texts, where they reorder what a reader sees ("Trojan Source").
/// The marks U+200E and U+200F stay allowed.
pub const BIDI_CONTROLS: &[char] = &[
    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// The ids declared so far, and the checks that need them.
pub struct Checker<'a> {
    ds: &'a Dataset,
    /// FNV, not std's SipHash: a bulk build looks up millions of short ids (SipHash took
    /// 3% of a CSV export's time, perf).
    ids: HashMap<Kind, HashSet<Box<str>, fnv::FnvBuildHasher>>,
    /// Each declared event's `part_of`, to refuse a circle of them.
    part_of: HashMap<Box<str>, Box<str>>,
    /// Where each TOML record's id was declared (`file:line`), for the duplicate message.
    places: HashMap<Box<str>, (Kind, String)>,
}

impl<'a> Checker<'a> {
    /// A checker for records of the dataset `ds` (its manifest: languages, sources).
    pub fn new(ds: &'a Dataset) -> Self {
        Self {
            ds,
            ids: HashMap::new(),
            part_of: HashMap::new(),
            places: HashMap::new(),
        }
    }

    /// Whether a record of `kind` with `id` was declared.
    pub fn knows(&self, kind: Kind, id: &str) -> bool {
        self.ids.get(&kind).is_some_and(|s| s.contains(id))
    }

    /// Declares the id of `located`: a valid slug, not used before in its scope.
    pub fn declare(&mut self, located: &Located) -> Result<()> {
        let record = &located.record;
        let (id, kind) = (record.id(), record.kind());
        let at = |field: &str| located.origin.locate(record, field);
        check_slug(id).map_err(|m| Error::data(at("id"), m))?;
        let per_kind = located.origin.ids_per_kind();
        let clash = if per_kind {
            self.knows(kind, id).then_some(kind)
        } else {
            Kind::ALL.into_iter().find(|k| self.knows(*k, id))
        };
        if let Some(other) = clash {
            let by = match self.places.get(id) {
                Some((k, place)) if *k == other => format!("the {} at {place}", other.key()),
                _ => format!("another {}", other.key()),
            };
            let scope = if per_kind {
                "per table"
            } else {
                "across the dataset"
            };
            return Err(Error::data(
                at("id"),
                format!("id `{id}` is already used by {by}: ids are unique {scope}; rename one"),
            ));
        }
        if matches!(located.origin, Origin::Toml { .. }) {
            self.places
                .insert(id.into(), (kind, located.origin.place()));
        }
        self.ids.entry(kind).or_default().insert(id.into());
        if let Record::Event(Event {
            part_of: Some(whole),
            ..
        }) = record
        {
            self.part_of.insert(id.into(), whole.as_str().into());
        }
        Ok(())
    }

    /// Checks a declared record: its values, citations and claims; returns the kind each
    /// of its references names and the record as each claim's source has it.
    pub fn check(&self, located: &Located) -> Result<Checked> {
        let record = &located.record;
        let common = record.common();
        let info = &self.ds.info;
        let at = |field: &str| located.origin.locate(record, field);
        let texts = |field: &str, map: &LangMap| -> Result<()> {
            for (lang, text) in map {
                let at = || at(&format!("{field}.{lang}"));
                declared_language(info, lang).map_err(|m| Error::data(at(), m))?;
                if text.trim().is_empty() {
                    return Err(Error::data(
                        at(),
                        format!("the {field} in `{lang}` is empty: write the text or remove it"),
                    ));
                }
                if let Some(c) = text.chars().find(|c| BIDI_CONTROLS.contains(c)) {
                    return Err(Error::data(
                        at(),
                        format!(
                            "the {field} in `{lang}` holds the bidirectional control U+{:04X}, which makes text show in another order than it is stored: remove it (Unicode's bidi algorithm orders Arabic, Hebrew and Latin by itself)",
                            u32::from(c)
                        ),
                    ));
                }
            }
            Ok(())
        };
        texts("name", &common.name)?;
        for lang in &info.required_languages {
            if !common.name.contains_key(lang) {
                return Err(Error::data(
                    at(&format!("name.{lang}")),
                    format!(
                        "no name in `{lang}`: every record needs a name in {}",
                        info.required_languages.join(" and ")
                    ),
                ));
            }
        }
        texts("description", &common.description)?;
        texts("note", &common.note)?;
        if let Some(q) = &common.wikidata {
            check_wikidata(q).map_err(|m| Error::data(at("wikidata"), m))?;
        }
        if let Some(bg) = &common.background {
            background_source(self.ds, bg).map_err(|m| Error::data(at("background"), m))?;
        }
        for (i, cite) in common.cite.iter().enumerate() {
            // the second citation's fields are `cite.2.excerpt` (CSV: `excerpt_2`)
            let key = match i {
                0 => "cite".to_owned(),
                i => format!("cite.{}", i + 1),
            };
            self.cite(cite, &key, &at)?;
            for field in &cite.fields {
                if !record.has_field(field) {
                    return Err(Error::data(
                        at("cite.fields"),
                        format!(
                            "the citation names `{field}`, which this {} does not have: name fields it sets (e.g. `name.en`, `member_of`)",
                            record.kind().key()
                        ),
                    ));
                }
            }
        }
        let kinds = self.references(record, &located.origin)?;
        let mut claims = Vec::new();
        for claim in &common.claims {
            if claim.source.is_empty() {
                return Err(Error::data(
                    at("claims.source"),
                    format!(
                        "the claim on `{}` names no source: a claim is what one source states, so add `source = \"…\"` with its paragraph and excerpt",
                        claim.field
                    ),
                ));
            }
            self.cite(&claim.cite(), "claims", &at)?;
            let claimed = record
                .with_claim(claim)
                .map_err(|m| Error::data(at("claims.field"), m))?;
            let claimed_kinds = self.references(&claimed, &located.origin)?;
            claims.push((claimed, claimed_kinds));
        }
        match record {
            Record::Person(p) => {
                if let (Some(b), Some(d)) = (&p.born, &p.died) {
                    if d.year() < b.year() {
                        return Err(Error::data(
                            at("died"),
                            format!(
                                "death `{}` precedes birth `{}`: check both dates",
                                d.lexical, b.lexical
                            ),
                        ));
                    }
                }
            }
            Record::Organisation(o) => texts("short_name", &o.short_name)?,
            Record::Event(e) => {
                texts("reason", &e.reason)?;
                self.part_of_circle(record.id())
                    .map_err(|m| Error::data(at("part_of"), m))?;
            }
            Record::Quotation(q) => {
                declared_language(info, &q.lang).map_err(|m| Error::data(at("lang"), m))?;
                if q.text.trim().is_empty() {
                    return Err(Error::data(
                        at("text"),
                        "the quotation text is empty: copy the quoted words from the source",
                    ));
                }
                for cite in common.cite.iter().filter(|c| c.covers("text")) {
                    let paragraph = self.ds.paragraph(&cite.source, cite.paragraph);
                    if !paragraph.is_some_and(|p| p.contains(&q.text)) {
                        return Err(Error::data(
                            at("text"),
                            format!(
                                "the quotation text is not verbatim in paragraph {} of source `{}`: copy it exactly",
                                cite.paragraph, cite.source
                            ),
                        ));
                    }
                }
            }
            Record::Policy(p) => texts("audience", &p.audience)?,
            Record::Place(_) | Record::Museum(_) | Record::Award(_) | Record::Post(_) => {}
        }
        Ok(Checked { kinds, claims })
    }

    /// Follows `part_of` from the event `id`: coming back to it is a circle.
    fn part_of_circle(&self, id: &str) -> Result<(), String> {
        let mut path = vec![id];
        let mut at = id;
        while let Some(next) = self.part_of.get(at) {
            if &**next == id {
                path.push(next);
                return Err(format!(
                    "`part_of` goes round in a circle ({}): an event cannot be part of itself; remove one of these links",
                    path.join(" → ")
                ));
            }
            if path.contains(&&**next) {
                // a circle further on, reported at its own events
                return Ok(());
            }
            path.push(next);
            at = next;
        }
        Ok(())
    }

    /// A citation: a declared source with text, an existing paragraph, an excerpt verbatim
    /// in it, fact numbers of the form `F2`.
    fn cite(
        &self,
        cite: &Cite,
        key: &str,
        at: &dyn Fn(&str) -> crate::error::Location,
    ) -> Result<()> {
        let at = |field: &str| at(&format!("{key}.{field}"));
        let Some(source) = self.ds.source(&cite.source) else {
            return Err(Error::data(
                at("source"),
                format!(
                    "unknown source `{}`: declare it as a [[source]] in {MANIFEST}",
                    cite.source
                ),
            ));
        };
        if source.paragraphs.is_empty() {
            return Err(Error::data(
                at("source"),
                format!(
                    "source `{}` has no text to cite: give it `text = \"sources/…\"` in {MANIFEST}",
                    cite.source
                ),
            ));
        }
        let n = cite.paragraph;
        let Some(paragraph) = self.ds.paragraph(&cite.source, n) else {
            return Err(Error::data(
                at("paragraph"),
                format!(
                    "paragraph {n} does not exist: source `{}` has paragraphs 1 to {}",
                    cite.source,
                    source.paragraphs.len()
                ),
            ));
        };
        if cite.excerpt.trim().is_empty() || !paragraph.contains(&cite.excerpt) {
            return Err(Error::data(
                at("excerpt"),
                format!(
                    "the excerpt `{}` is not in paragraph {n} of source `{}`: copy it verbatim from that paragraph",
                    cite.excerpt, cite.source
                ),
            ));
        }
        for fact in &cite.facts {
            let ok = fact
                .strip_prefix('F')
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return Err(Error::data(
                    at("facts"),
                    format!(
                        "`{fact}` is not a fact number: write it as F followed by digits, e.g. `F2`"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Resolves every reference of a record to the kind of the record it names.
    fn references(&self, record: &Record, origin: &Origin) -> Result<Vec<Kind>> {
        let mut kinds = Vec::new();
        let references = record.references();
        for (i, (field, target)) in references.iter().copied().enumerate() {
            if references[..i].contains(&(field, target)) {
                return Err(Error::data(
                    origin.locate(record, field),
                    format!("`{target}` is listed twice in `{field}`: list each id once"),
                ));
            }
            let accepted = accepts(record.kind(), field);
            let narrowed = origin.narrows(field);
            let candidates = match &narrowed {
                Some(kind) => std::slice::from_ref(kind),
                None => accepted,
            };
            if let Some(kind) = candidates.iter().find(|k| self.knows(**k, target)) {
                if *kind == record.kind() && target == record.id() {
                    return Err(Error::data(
                        origin.locate(record, field),
                        format!(
                            "`{target}` is this {} itself: a record cannot refer to itself; name another {}",
                            kind.key(),
                            kind.key()
                        ),
                    ));
                }
                kinds.push(*kind);
                continue;
            }
            let at = origin.locate(record, field);
            let elsewhere = Kind::ALL.into_iter().find(|k| self.knows(*k, target));
            if let (None, Some(other)) = (narrowed, elsewhere) {
                let allowed: Vec<&str> = accepted.iter().map(|k| k.key()).collect();
                return Err(Error::data(
                    at,
                    format!(
                        "`{target}` is a {}, but `{field}` takes a {}",
                        other.key(),
                        allowed.join(" or ")
                    ),
                ));
            }
            let wanted: Vec<&str> = candidates.iter().map(|k| k.key()).collect();
            let first = candidates.first().copied().unwrap_or(Kind::Place);
            let table = crate::source::csv::TABLES
                .iter()
                .find(|t| t.kind == first)
                .map(|t| format!(" or a row to {}", t.file))
                .unwrap_or_default();
            return Err(Error::data(
                at,
                format!(
                    "unknown id `{target}`: no {} has this id; add a [[{}]] record{table} with it, or fix the spelling",
                    wanted.join(" or "),
                    first.key()
                ),
            ));
        }
        Ok(kinds)
    }
}

/// A language tag the manifest declares (`languages`).
pub fn declared_language(info: &DatasetInfo, lang: &str) -> Result<(), String> {
    if info.languages.iter().any(|l| l == lang) {
        Ok(())
    } else {
        Err(format!(
            "language `{lang}` is not declared: use one of {} or add it to `languages` in {MANIFEST}",
            info.languages.join(", ")
        ))
    }
}

/// A source the manifest declares with `background = true`.
pub fn background_source(ds: &Dataset, id: &str) -> Result<(), String> {
    if ds.source(id).is_some_and(|s| s.info.background) {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not a declared background source: add a [[source]] with this id and `background = true` to {MANIFEST}"
        ))
    }
}

/// Checks every TOML record of `ds` (declare all, then check each, in file order) and
/// returns what each check resolved.
pub fn dataset(ds: &Dataset) -> Result<Vec<Checked>> {
    let mut checker = Checker::new(ds);
    for located in &ds.records {
        checker.declare(located)?;
    }
    ds.records.iter().map(|l| checker.check(l)).collect()
}
