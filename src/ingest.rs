//! Reading a dataset folder: the manifest (`mura.toml`), the record files (`*.toml`, one
//! array of tables per kind: `[[museum]]`, `[[person]]`, …) and the source texts, then every
//! check that needs the whole dataset (unique ids, references, excerpts that must appear
//! verbatim in the cited paragraph, declared languages, the base IRI).
//!
//! The first problem found stops the load with an [`Error::Data`] naming the file, line,
//! record and field. Nothing downstream (mapping, store, export) ever sees unchecked data.

use crate::error::{Error, Location, Result};
use crate::record::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The manifest file name inside a dataset folder.
pub const MANIFEST: &str = "mura.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetInfo {
    pub id: String,
    /// Base IRI for every minted IRI (`{base}{kind}/{id}`); must end with `/` or `#`.
    pub base: String,
    pub title: LangMap,
    #[serde(default)]
    pub description: LangMap,
    pub licence: String,
    #[serde(default)]
    pub created: Option<String>,
    /// Language tags allowed in names and texts.
    pub languages: Vec<String>,
    /// Languages every record must have a name in.
    #[serde(default = "default_required_languages")]
    pub required_languages: Vec<String>,
    /// The source that background knowledge is attributed to by default.
    pub background: String,
    /// The source that Wikidata identifiers are attributed to.
    #[serde(default)]
    pub links: Option<String>,
}

fn default_required_languages() -> Vec<String> {
    vec!["kk".into(), "en".into()]
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    pub id: String,
    pub title: LangMap,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    pub language: String,
    /// Path of the source text, relative to the dataset folder.
    #[serde(default)]
    pub text: Option<PathBuf>,
    /// Background knowledge rather than a source the dataset transcribes.
    #[serde(default)]
    pub background: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    dataset: DatasetInfo,
    #[serde(default, rename = "source")]
    sources: Vec<Spanned<SourceInfo>>,
}

/// A declared source with its paragraphs (the non-empty lines of its text, 1-based).
#[derive(Debug, Clone)]
pub struct Source {
    pub info: SourceInfo,
    pub paragraphs: Vec<String>,
}

/// A record with where it was read from.
#[derive(Debug, Clone)]
pub struct Located {
    pub record: Record,
    pub origin: Origin,
}

/// The file text and byte span of one record, to point errors at a line.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
}

#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

impl Origin {
    /// The location of `field` (dotted for nested keys: `cite.excerpt`) in this record.
    pub fn locate(&self, record: &Record, field: &str) -> Location {
        let block = &self.file.text[self.span.clone()];
        let key = field.rsplit('.').next().unwrap_or(field);
        let mut offset = self.span.start;
        let mut line_offset = None;
        for line in block.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let is_key = trimmed
                .strip_prefix(key)
                .map(|rest| rest.trim_start().starts_with(['=', '.']))
                .unwrap_or(false);
            let inline = line.contains(&format!("{key} =")) || line.contains(&format!("{key}="));
            if is_key || (line_offset.is_none() && inline) {
                line_offset = Some(offset);
                if is_key {
                    break;
                }
            }
            offset += line.len();
        }
        let at = line_offset.unwrap_or(self.span.start);
        Location::file(&self.file.path)
            .line(line_of(&self.file.text, at))
            .record(record.kind().key(), record.id())
            .field(field)
    }

    pub fn location(&self, record: &Record) -> Location {
        Location::file(&self.file.path)
            .line(line_of(&self.file.text, self.span.start))
            .record(record.kind().key(), record.id())
    }
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// A checked dataset: manifest, sources and records, ready for the mapping.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub root: PathBuf,
    pub info: DatasetInfo,
    pub sources: Vec<Source>,
    pub records: Vec<Located>,
}

impl Dataset {
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.info.id == id)
    }

    /// Overrides the base IRI (`--base`), checking it like the manifest's.
    pub fn set_base(&mut self, base: &str) -> Result<()> {
        check_base(base).map_err(|m| Error::Usage(format!("--base: {m}")))?;
        self.info.base = base.to_owned();
        Ok(())
    }
}

/// Every record kind's array of tables in one file.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RecordFile {
    #[serde(default)]
    place: Vec<Spanned<Place>>,
    #[serde(default)]
    organisation: Vec<Spanned<Organisation>>,
    #[serde(default)]
    museum: Vec<Spanned<Museum>>,
    #[serde(default)]
    person: Vec<Spanned<Person>>,
    #[serde(default)]
    award: Vec<Spanned<Award>>,
    #[serde(default)]
    event: Vec<Spanned<Event>>,
    #[serde(default)]
    post: Vec<Spanned<Post>>,
    #[serde(default)]
    quotation: Vec<Spanned<Quotation>>,
    #[serde(default)]
    policy: Vec<Spanned<Policy>>,
}

fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned();
        Error::data(
            Location::file(path).line(line_of(&text, offset)),
            "the file is not valid UTF-8: save it as UTF-8",
        )
    })
}

/// Turns a TOML deserialisation error into a located one: line, and the record and field
/// when the error sits inside a `[[kind]]` table.
fn toml_error(path: &Path, text: &str, err: &toml::de::Error) -> Error {
    let offset = err.span().map(|s| s.start).unwrap_or(0);
    let mut location = Location::file(path).line(line_of(text, offset));
    // the nearest `[[kind]]` header before the error, and the id inside that block
    let before = &text[..offset.min(text.len())];
    if let Some(header) = before.rfind("[[") {
        let rest = &text[header + 2..];
        if let Some(end) = rest.find("]]") {
            let kind = rest[..end].trim().to_owned();
            let block_end = rest[end..].find("\n[[").map(|e| end + e).unwrap_or(rest.len());
            let id = rest[end..block_end].lines().find_map(|l| {
                let l = l.trim_start();
                let v = l.strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
                Some(v.trim_matches('"').to_owned())
            });
            location = location.record(&kind, id.as_deref().unwrap_or("?"));
        }
    }
    let message = err.message().trim().to_owned();
    if let Some(field) = message.split('`').nth(1) {
        location = location.field(field);
    }
    let is_syntax = !message.contains("field") && !message.contains("invalid");
    let message = if is_syntax {
        format!("TOML syntax error: {message}")
    } else {
        format!("{message}; see the field list at the top of the file")
    };
    Error::data(location, message)
}

/// Reads and checks the dataset in `root`.
pub fn load(root: &Path) -> Result<Dataset> {
    let manifest_path = root.join(MANIFEST);
    if !manifest_path.is_file() {
        return Err(Error::Usage(format!(
            "{} has no {MANIFEST}: point --data at a dataset folder (the shipped one is `data/`)",
            root.display()
        )));
    }
    let text = read(&manifest_path)?;
    let manifest: ManifestFile =
        toml::from_str(&text).map_err(|e| toml_error(&manifest_path, &text, &e))?;
    let info = manifest.dataset;
    let here = |what: &str| Location::file(&manifest_path).field(what.to_owned());
    check_base(&info.base).map_err(|m| Error::data(here("dataset.base"), m))?;
    for lang in info.languages.iter().chain(&info.required_languages) {
        check_language(lang).map_err(|m| Error::data(here("dataset.languages"), m))?;
    }

    let mut sources: Vec<Source> = Vec::new();
    for spanned in manifest.sources {
        let at = Location::file(&manifest_path).line(line_of(&text, spanned.span().start));
        let src = spanned.into_inner();
        let at = at.record("source", &src.id);
        check_slug(&src.id).map_err(|m| Error::data(at.clone().field("id"), m))?;
        if sources.iter().any(|s| s.info.id == src.id) {
            return Err(Error::data(
                at.field("id"),
                format!("source `{}` is declared twice: give each source its own id", src.id),
            ));
        }
        if let Some(url) = &src.url {
            check_iri(url).map_err(|m| Error::data(at.clone().field("url"), m))?;
        }
        if let Some(date) = &src.date {
            CuratedDate::parse(date).map_err(|m| Error::data(at.clone().field("date"), m))?;
        }
        let paragraphs = match &src.text {
            Some(rel) => paragraphs(&read(&root.join(rel))?),
            None => Vec::new(),
        };
        sources.push(Source {
            info: src,
            paragraphs,
        });
    }
    for (field, id) in [("dataset.background", Some(&info.background)), ("dataset.links", info.links.as_ref())] {
        if let Some(id) = id {
            if !sources.iter().any(|s| &s.info.id == id && s.info.background) {
                return Err(Error::data(
                    here(field),
                    format!("`{id}` is not a declared background source: add a [[source]] with this id and `background = true`"),
                ));
            }
        }
    }

    let mut files: Vec<PathBuf> = std::fs::read_dir(root)
        .map_err(|source| Error::Read {
            path: root.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.file_name().is_some_and(|n| n != MANIFEST)
        })
        .collect();
    files.sort();

    let mut records = Vec::new();
    for path in files {
        let text = read(&path)?;
        let parsed: RecordFile = toml::from_str(&text).map_err(|e| toml_error(&path, &text, &e))?;
        let file = Arc::new(SourceFile { path, text });
        let mut push = |span: Range<usize>, record: Record| {
            records.push(Located {
                record,
                origin: Origin {
                    file: file.clone(),
                    span,
                },
            })
        };
        macro_rules! take {
            ($field:ident, $variant:ident) => {
                for r in parsed.$field {
                    let span = r.span();
                    push(span, Record::$variant(r.into_inner()));
                }
            };
        }
        take!(place, Place);
        take!(organisation, Organisation);
        take!(museum, Museum);
        take!(person, Person);
        take!(award, Award);
        take!(event, Event);
        take!(post, Post);
        take!(quotation, Quotation);
        take!(policy, Policy);
    }
    records.sort_by_key(|l| (l.origin.file.path.clone(), l.origin.span.start));

    let dataset = Dataset {
        root: root.to_path_buf(),
        info,
        sources,
        records,
    };
    check(&dataset)?;
    Ok(dataset)
}

/// Splits a source text into paragraphs: its non-empty lines, trimmed. A leading
/// `date YYYY-MM` on the first line is metadata, not text, and is dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(first) = out.first_mut() {
        if let Some(rest) = first.strip_prefix("date ") {
            if let Some((_, text)) = rest.split_once(' ') {
                *first = text.trim_start().to_owned();
            }
        }
    }
    out
}

fn check_base(base: &str) -> Result<(), String> {
    check_iri(base)?;
    if !(base.ends_with('/') || base.ends_with('#')) {
        return Err(format!(
            "base IRI `{base}` must end with `/` or `#` so that ids can be appended to it"
        ));
    }
    Ok(())
}

/// Checks an absolute IRI (RFC 3987) with iri-string.
pub fn check_iri(value: &str) -> Result<(), String> {
    iri_string::types::IriStr::new(value)
        .map(|_| ())
        .map_err(|_| {
            format!("`{value}` is not an absolute IRI: write it like `https://example.org/path/`")
        })
}

fn check_language(tag: &str) -> Result<(), String> {
    oxigraph::model::Literal::new_language_tagged_literal("x", tag)
        .map(|_| ())
        .map_err(|_| format!("`{tag}` is not a BCP 47 language tag (e.g. `kk`, `en`, `ru`)"))
}

/// Every cross-record and whole-dataset check, in file order; the first failure is returned.
fn check(ds: &Dataset) -> Result<()> {
    let info = &ds.info;
    let mut seen: HashMap<&str, &Located> = HashMap::new();
    for located in &ds.records {
        let record = &located.record;
        let id = record.id();
        let at = |field: &str| located.origin.locate(record, field);
        check_slug(id).map_err(|m| Error::data(at("id"), m))?;
        if let Some(first) = seen.insert(id, located) {
            return Err(Error::data(
                at("id"),
                format!(
                    "id `{id}` is already used by the {} at {}:{}: ids are unique across the dataset; rename one",
                    first.record.kind().key(),
                    first.origin.file.path.display(),
                    line_of(&first.origin.file.text, first.origin.span.start)
                ),
            ));
        }
    }
    let by_id: BTreeMap<&str, Kind> = ds.records.iter().map(|l| (l.record.id(), l.record.kind())).collect();

    for located in &ds.records {
        let record = &located.record;
        let common = record.common();
        let at = |field: &str| located.origin.locate(record, field);
        let check_texts = |field: &str, map: &LangMap| -> Result<()> {
            for (lang, text) in map {
                if !info.languages.contains(lang) {
                    return Err(Error::data(
                        at(&format!("{field}.{lang}")),
                        format!(
                            "language `{lang}` is not declared: use one of {} or add it to `languages` in {MANIFEST}",
                            info.languages.join(", ")
                        ),
                    ));
                }
                if text.trim().is_empty() {
                    return Err(Error::data(
                        at(&format!("{field}.{lang}")),
                        format!("the {field} in `{lang}` is empty: write the text or remove the key"),
                    ));
                }
            }
            Ok(())
        };
        check_texts("name", &common.name)?;
        for lang in &info.required_languages {
            if !common.name.contains_key(lang) {
                return Err(Error::data(
                    at("name"),
                    format!("no name in `{lang}`: every record needs a name in {}", info.required_languages.join(" and ")),
                ));
            }
        }
        check_texts("description", &common.description)?;
        check_texts("note", &common.note)?;
        if let Some(q) = &common.wikidata {
            check_wikidata(q).map_err(|m| Error::data(at("wikidata"), m))?;
        }
        if let Some(bg) = &common.background {
            if !ds.sources.iter().any(|s| &s.info.id == bg && s.info.background) {
                return Err(Error::data(at("background"), format!("`{bg}` is not a declared background source: declare it in {MANIFEST} with `background = true`")));
            }
        }
        if let Some(cite) = &common.cite {
            let Some(source) = ds.source(&cite.source) else {
                return Err(Error::data(at("cite.source"), format!("unknown source `{}`: declare it as a [[source]] in {MANIFEST}", cite.source)));
            };
            if source.paragraphs.is_empty() {
                return Err(Error::data(at("cite.source"), format!("source `{}` has no text to cite: give it `text = \"sources/…\"` in {MANIFEST}", cite.source)));
            }
            let n = cite.paragraph as usize;
            let Some(paragraph) = n.checked_sub(1).and_then(|i| source.paragraphs.get(i)) else {
                return Err(Error::data(at("cite.paragraph"), format!("paragraph {n} does not exist: source `{}` has paragraphs 1 to {}", cite.source, source.paragraphs.len())));
            };
            if cite.excerpt.trim().is_empty() || !paragraph.contains(&cite.excerpt) {
                return Err(Error::data(at("cite.excerpt"), format!("the excerpt `{}` is not in paragraph {n} of source `{}`: copy it verbatim from that paragraph", cite.excerpt, cite.source)));
            }
            for fact in &cite.facts {
                let ok = fact.strip_prefix('F').is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
                if !ok {
                    return Err(Error::data(at("cite.facts"), format!("`{fact}` is not a fact number: write it as F followed by digits, e.g. `F2`")));
                }
            }
        }
        for (field, target, kinds) in record.references() {
            match by_id.get(target) {
                None => {
                    return Err(Error::data(at(field), format!("unknown id `{target}`: no record has this id; add a [[{}]] with it or fix the spelling", kinds[0].key())));
                }
                Some(kind) if !kinds.contains(kind) => {
                    let allowed: Vec<&str> = kinds.iter().map(|k| k.key()).collect();
                    return Err(Error::data(at(field), format!("`{target}` is a {}, but `{field}` takes a {}", kind.key(), allowed.join(" or "))));
                }
                Some(_) => {}
            }
        }
        let date = |field: &str, value: &Option<String>| -> Result<Option<CuratedDate>> {
            value.as_deref().map(CuratedDate::parse).transpose().map_err(|m| Error::data(at(field), m))
        };
        let iri = |field: &str, value: &Option<String>| -> Result<()> {
            match value {
                Some(v) => check_iri(v).map_err(|m| Error::data(at(field), m)),
                None => Ok(()),
            }
        };
        match record {
            Record::Place(p) => {
                if let Some(v) = &p.lat {
                    check_coordinate(v, 90.0).map_err(|m| Error::data(at("lat"), m))?;
                }
                if let Some(v) = &p.lon {
                    check_coordinate(v, 180.0).map_err(|m| Error::data(at("lon"), m))?;
                }
            }
            Record::Organisation(o) => {
                check_texts("short_name", &o.short_name)?;
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
                        return Err(Error::data(at("died"), format!("death `{}` precedes birth `{}`: check both dates", d.lexical, b.lexical)));
                    }
                }
            }
            Record::Award(_) | Record::Post(_) => {}
            Record::Event(e) => {
                date("date", &e.date)?;
                check_texts("reason", &e.reason)?;
            }
            Record::Quotation(q) => {
                if !info.languages.contains(&q.lang) {
                    return Err(Error::data(at("lang"), format!("language `{}` is not declared: use one of {}", q.lang, info.languages.join(", "))));
                }
                if q.text.trim().is_empty() {
                    return Err(Error::data(at("text"), "the quotation text is empty: copy the quoted words from the source"));
                }
                if let Some(cite) = &common.cite {
                    let paragraph = &ds.source(&cite.source).expect("checked above").paragraphs[cite.paragraph as usize - 1];
                    if !paragraph.contains(&q.text) {
                        return Err(Error::data(at("text"), format!("the quotation text is not verbatim in paragraph {} of source `{}`: copy it exactly", cite.paragraph, cite.source)));
                    }
                }
            }
            Record::Policy(p) => check_texts("audience", &p.audience)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_skip_blank_lines_and_metadata() {
        let p = paragraphs(" date 2024-08 First one.\n\nSecond.\n\n\n  Third.  \n");
        assert_eq!(p, vec!["First one.", "Second.", "Third."]);
    }

    #[test]
    fn base_must_be_absolute_and_open() {
        assert!(check_base("https://w3id.org/mura/id/").is_ok());
        assert!(check_base("https://w3id.org/mura/id").is_err());
        assert!(check_base("not an iri/").is_err());
    }
}
