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
        let kind = record.kind().key();
        let at =
            key_offset(&self.file.text, self.span.start, kind, field).unwrap_or(self.span.start);
        Location::file(&self.file.path)
            .line(line_of(&self.file.text, at))
            .record(kind, record.id())
            .field(field)
    }

    pub fn location(&self, record: &Record) -> Location {
        Location::file(&self.file.path)
            .line(line_of(&self.file.text, self.span.start))
            .record(record.kind().key(), record.id())
    }
}

/// The byte offset of the line that sets `field` (dotted: `cite.excerpt`, `name.en`) in
/// the table whose header starts at `header` (`[[museum]]`, `[dataset]`). The table runs
/// to the next header that is not one of its sub-tables (`[museum.cite]`); toml spans of
/// tables cover the header only, so the keys are found in the text.
fn key_offset(text: &str, header: usize, kind: &str, field: &str) -> Option<usize> {
    let (first, leaf) = (
        field.split('.').next().unwrap_or(field),
        field.rsplit('.').next().unwrap_or(field),
    );
    let sets = |line: &str, key: &str| {
        line.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(['=', '.']))
    };
    let mut lines = Vec::new();
    let mut offset = header;
    for (i, line) in text[header.min(text.len())..]
        .split_inclusive('\n')
        .enumerate()
    {
        let trimmed = line.trim_start();
        if i > 0 && trimmed.starts_with('[') && !trimmed.starts_with(&format!("[{kind}.")) {
            break;
        }
        lines.push((offset, line));
        offset += line.len();
    }
    let inline =
        |line: &str| line.contains(&format!("{leaf} =")) || line.contains(&format!("{leaf}="));
    let find = |pred: &dyn Fn(&str) -> bool| lines.iter().find(|(_, l)| pred(l)).map(|(o, _)| *o);
    find(&|l| sets(l, field))
        .or_else(|| find(&|l| sets(l, first) && inline(l)))
        .or_else(|| find(&|l| sets(l, leaf)))
        .or_else(|| find(&|l| sets(l, first)))
}

/// The offset of the last line before `end` that starts (after indentation) with `header`.
fn header_before(text: &str, end: usize, header: &str) -> Option<usize> {
    text[..end]
        .match_indices(header)
        .filter(|(i, _)| {
            text[..*i]
                .rsplit('\n')
                .next()
                .is_some_and(|indent| indent.trim().is_empty())
        })
        .map(|(i, _)| i)
        .last()
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
    let offset = err.span().map(|s| s.start).unwrap_or(0).min(text.len());
    let message = err.message().trim().to_owned();
    // serde's messages for a well-formed file with wrong content; anything else is syntax
    let is_syntax = ![
        "missing field",
        "unknown field",
        "duplicate field",
        "invalid type",
        "invalid value",
        "invalid length",
        "unknown variant",
    ]
    .iter()
    .any(|p| message.starts_with(p));
    // the field: named in the message (`missing field `city``), else the key on the error's line
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let named = ["missing field", "unknown field", "duplicate field"]
        .iter()
        .any(|p| message.starts_with(p))
        .then(|| message.split('`').nth(1).map(str::to_owned))
        .flatten();
    let field = named.clone().or_else(|| {
        let (key, _) = text[line_start..line_end].split_once('=')?;
        let key = key.trim();
        let bare = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
        bare.then(|| key.to_owned())
    });
    let mut at = offset;
    let mut record = None;
    // the nearest `[[kind]]` header line at or before the error's line (not one quoted in a
    // comment), and the id inside that block
    if let Some(header) = header_before(text, line_end, "[[") {
        let rest = &text[header + 2..];
        if let Some(end) = rest.find("]]") {
            let kind = rest[..end].trim().to_owned();
            let block_end = rest[end..]
                .find("\n[[")
                .map(|e| end + e)
                .unwrap_or(rest.len());
            let id = rest[end..block_end].lines().find_map(|l| {
                let l = l.trim_start();
                let v = l.strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
                Some(v.trim_matches('"').to_owned())
            });
            // an unknown or duplicate key is reported at its table: point at the key itself
            if let Some(name) = named.as_deref().filter(|_| !message.starts_with("missing")) {
                at = key_offset(text, header, &kind, name).unwrap_or(at);
            }
            record = Some((kind, id.unwrap_or_else(|| "?".into())));
        }
    }
    let mut location = Location::file(path).line(line_of(text, at));
    if let Some((kind, id)) = &record {
        location = location.record(kind, id);
    }
    if let Some(field) = field {
        location = location.field(field);
    }
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
    let header = header_before(&text, text.len(), "[dataset]").unwrap_or(0);
    let here = |key: &str| {
        let at = key_offset(&text, header, "dataset", key).unwrap_or(header);
        Location::file(&manifest_path)
            .line(line_of(&text, at))
            .record("dataset", &info.id)
            .field(key)
    };
    check_base(&info.base).map_err(|m| Error::data(here("base"), m))?;
    for (field, langs) in [
        ("languages", &info.languages),
        ("required_languages", &info.required_languages),
    ] {
        for lang in langs {
            check_language(lang).map_err(|m| Error::data(here(field), m))?;
        }
    }

    let mut sources: Vec<Source> = Vec::new();
    for spanned in manifest.sources {
        let start = spanned.span().start;
        let src = spanned.into_inner();
        let at = |key: &str| {
            let offset = key_offset(&text, start, "source", key).unwrap_or(start);
            Location::file(&manifest_path)
                .line(line_of(&text, offset))
                .record("source", &src.id)
                .field(key)
        };
        check_slug(&src.id).map_err(|m| Error::data(at("id"), m))?;
        if sources.iter().any(|s| s.info.id == src.id) {
            return Err(Error::data(
                at("id"),
                format!(
                    "source `{}` is declared twice: give each source its own id",
                    src.id
                ),
            ));
        }
        if let Some(url) = &src.url {
            check_iri(url).map_err(|m| Error::data(at("url"), m))?;
        }
        if let Some(date) = &src.date {
            CuratedDate::parse(date).map_err(|m| Error::data(at("date"), m))?;
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
    for (field, id) in [
        ("background", Some(&info.background)),
        ("links", info.links.as_ref()),
    ] {
        if let Some(id) = id {
            if !sources
                .iter()
                .any(|s| &s.info.id == id && s.info.background)
            {
                return Err(Error::data(
                    here(field),
                    format!(
                        "`{id}` is not a declared background source: add a [[source]] with this id and `background = true`"
                    ),
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
    let by_id: BTreeMap<&str, Kind> = ds
        .records
        .iter()
        .map(|l| (l.record.id(), l.record.kind()))
        .collect();

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
                        format!(
                            "the {field} in `{lang}` is empty: write the text or remove the key"
                        ),
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
                    format!(
                        "no name in `{lang}`: every record needs a name in {}",
                        info.required_languages.join(" and ")
                    ),
                ));
            }
        }
        check_texts("description", &common.description)?;
        check_texts("note", &common.note)?;
        if let Some(q) = &common.wikidata {
            check_wikidata(q).map_err(|m| Error::data(at("wikidata"), m))?;
        }
        if let Some(bg) = &common.background {
            if !ds
                .sources
                .iter()
                .any(|s| &s.info.id == bg && s.info.background)
            {
                return Err(Error::data(
                    at("background"),
                    format!(
                        "`{bg}` is not a declared background source: declare it in {MANIFEST} with `background = true`"
                    ),
                ));
            }
        }
        if let Some(cite) = &common.cite {
            let Some(source) = ds.source(&cite.source) else {
                return Err(Error::data(
                    at("cite.source"),
                    format!(
                        "unknown source `{}`: declare it as a [[source]] in {MANIFEST}",
                        cite.source
                    ),
                ));
            };
            if source.paragraphs.is_empty() {
                return Err(Error::data(
                    at("cite.source"),
                    format!(
                        "source `{}` has no text to cite: give it `text = \"sources/…\"` in {MANIFEST}",
                        cite.source
                    ),
                ));
            }
            let n = cite.paragraph as usize;
            let Some(paragraph) = n.checked_sub(1).and_then(|i| source.paragraphs.get(i)) else {
                return Err(Error::data(
                    at("cite.paragraph"),
                    format!(
                        "paragraph {n} does not exist: source `{}` has paragraphs 1 to {}",
                        cite.source,
                        source.paragraphs.len()
                    ),
                ));
            };
            if cite.excerpt.trim().is_empty() || !paragraph.contains(&cite.excerpt) {
                return Err(Error::data(
                    at("cite.excerpt"),
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
                        at("cite.facts"),
                        format!(
                            "`{fact}` is not a fact number: write it as F followed by digits, e.g. `F2`"
                        ),
                    ));
                }
            }
        }
        for (field, target, kinds) in record.references() {
            match by_id.get(target) {
                None => {
                    return Err(Error::data(
                        at(field),
                        format!(
                            "unknown id `{target}`: no record has this id; add a [[{}]] with it or fix the spelling",
                            kinds[0].key()
                        ),
                    ));
                }
                Some(kind) if !kinds.contains(kind) => {
                    let allowed: Vec<&str> = kinds.iter().map(|k| k.key()).collect();
                    return Err(Error::data(
                        at(field),
                        format!(
                            "`{target}` is a {}, but `{field}` takes a {}",
                            kind.key(),
                            allowed.join(" or ")
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        check_values(record).map_err(|(field, m)| Error::data(at(field), m))?;
        match record {
            Record::Organisation(o) => check_texts("short_name", &o.short_name)?,
            Record::Event(e) => check_texts("reason", &e.reason)?,
            Record::Quotation(q) => {
                if !info.languages.contains(&q.lang) {
                    return Err(Error::data(
                        at("lang"),
                        format!(
                            "language `{}` is not declared: use one of {}",
                            q.lang,
                            info.languages.join(", ")
                        ),
                    ));
                }
                if q.text.trim().is_empty() {
                    return Err(Error::data(
                        at("text"),
                        "the quotation text is empty: copy the quoted words from the source",
                    ));
                }
                if let Some(cite) = &common.cite {
                    let paragraph = &ds.source(&cite.source).expect("checked above").paragraphs
                        [cite.paragraph as usize - 1];
                    if !paragraph.contains(&q.text) {
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
            Record::Policy(p) => check_texts("audience", &p.audience)?,
            Record::Place(_)
            | Record::Museum(_)
            | Record::Person(_)
            | Record::Award(_)
            | Record::Post(_) => {}
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
