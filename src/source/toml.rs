//! Reading a dataset folder's TOML: the manifest (`mura.toml`, checked here: base IRI,
//! languages, sources and their texts) and the record files (`*.toml`, one array of tables
//! per kind: `[[museum]]`, `[[person]]`, …), each record [`Located`] at its table. A TOML
//! error is located at its line, record and field. The records are checked by
//! [`crate::check`], not here.

use super::{
    Located, MANIFEST, MAX_FIELD_BYTES, MAX_NESTING, Origin, SourceFile, line_of, mebibytes,
    paragraphs, read_text,
};
use crate::error::{Error, Location, Result};
use crate::model::*;
use ::toml::Spanned;
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    dataset: DatasetInfo,
    #[serde(default, rename = "source")]
    sources: Vec<Spanned<SourceInfo>>,
}

/// The byte offset of the line that sets `field` (dotted: `cite.excerpt`, `name.en`) in
/// the table whose header starts at `header` (`[[museum]]`, `[dataset]`). The table runs
/// to the next header that is not one of its sub-tables (`[museum.cite]`); toml spans of
/// tables cover the header only, so the keys are found in the text.
pub(crate) fn key_offset(text: &str, header: usize, kind: &str, field: &str) -> Option<usize> {
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

/// The location of byte `offset` of a TOML file: its line, the `[[kind]]` record around it
/// and the field — `named` (by a serde message) or the key on the offset's line, with the
/// key of an inline table before `offset` (`name = { en = "…" }` → `name.en`). A key
/// `point_at` (an unknown or duplicate key, reported at its table) moves the line to it.
fn locate(
    path: &Path,
    text: &str,
    offset: usize,
    named: Option<&str>,
    point_at: Option<&str>,
) -> Location {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let bare = |key: &str| {
        !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
    };
    let line_key = text[line_start..line_end]
        .split_once('=')
        .and_then(|(key, _)| {
            let key = key.trim();
            bare(key).then(|| key.to_owned())
        });
    // the key of an inline table that holds `offset`: the last `key =` before it after a
    // `{` or `,`
    let inner = text[line_start..offset]
        .rsplit_once('=')
        .and_then(|(before, _)| {
            let key = before.rsplit(['{', ',']).next()?.trim();
            bare(key).then(|| key.to_owned())
        })
        .filter(|key| Some(key) != line_key.as_ref() && named.is_none());
    // a field named inside an inline table (`cite = { … }`) is that key's part
    let field = match (named, &line_key, inner) {
        (Some(name), Some(key), _) if key != name => Some(format!("{key}.{name}")),
        (Some(name), _, _) => Some(name.to_owned()),
        (None, Some(key), Some(inner)) => Some(format!("{key}.{inner}")),
        (None, key, _) => key.clone(),
    };
    let mut at = offset;
    let mut record = None;
    // the nearest `[[kind]]` header line at or before the offset's line (not one quoted in
    // a comment), and the id inside that block
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
            if let Some(name) = point_at {
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
    location
}

/// Refuses TOML past mura's limits before the parser sees it: a string longer than
/// [`MAX_FIELD_BYTES`], arrays or inline tables nested deeper than [`MAX_NESTING`]. A
/// lexical pass (comments, the four kinds of strings, brackets), linear and without
/// recursion.
fn check_limits(path: &Path, text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            q @ (b'"' | b'\'') => {
                let start = i;
                let multi = bytes[i..].starts_with(if q == b'"' { b"\"\"\"" } else { b"\'\'\'" });
                i += if multi { 3 } else { 1 };
                // the end of the string: its closing quote(s); a basic string's `\` escapes
                // the next byte; a one-line string ends at the line's end at the latest
                loop {
                    match bytes.get(i) {
                        None => break,
                        Some(b'\\') if q == b'"' => i += 2,
                        Some(b'\n') if !multi => break,
                        Some(&b) if b == q => {
                            if !multi {
                                i += 1;
                                break;
                            }
                            if bytes[i..].starts_with(&[q, q, q]) {
                                i += 3;
                                // up to two more quotes belong to the string
                                while bytes.get(i) == Some(&q) {
                                    i += 1;
                                }
                                break;
                            }
                            i += 1;
                        }
                        Some(_) => i += 1,
                    }
                }
                let quotes = if multi { 6 } else { 2 };
                let len = (i.min(bytes.len()) - start).saturating_sub(quotes);
                if len > MAX_FIELD_BYTES {
                    return Err(Error::data(
                        locate(path, text, start, None, None),
                        format!(
                            "the value is {len} bytes long, more than the {} mura takes in one field: shorten it (long text belongs in a source text, cited by paragraph)",
                            mebibytes(MAX_FIELD_BYTES as u64)
                        ),
                    ));
                }
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Error::data(
                        locate(path, text, i, None, None),
                        format!(
                            "the value nests arrays or inline tables more than {MAX_NESTING} levels deep, more than mura reads (a record needs 3): flatten it"
                        ),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Parses a TOML file's text into `T`, within mura's limits; errors located.
fn parse<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    check_limits(path, text)?;
    ::toml::from_str(text).map_err(|e| toml_error(path, text, &e))
}

/// Turns a TOML deserialisation error into a located one: line, and the record and field
/// when the error sits inside a `[[kind]]` table.
fn toml_error(path: &Path, text: &str, err: &::toml::de::Error) -> Error {
    let offset = err.span().map(|s| s.start).unwrap_or(0).min(text.len());
    let message = err.message().trim().to_owned();
    // serde's messages for a well-formed file with wrong content; anything else is syntax
    // a value the model refused when it was read (a date, a coordinate, a web address):
    // the sentence already names the value and the fix
    let is_value = message.starts_with('`');
    let is_syntax = !is_value
        && ![
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
    let named = ["missing field", "unknown field", "duplicate field"]
        .iter()
        .any(|p| message.starts_with(p))
        .then(|| message.split('`').nth(1).map(str::to_owned))
        .flatten();
    // an unknown key at the top of a record file is a misspelt kind (`[[persn]]`)
    if message.starts_with("unknown field") && message.contains("`place`, `organisation`") {
        let kind = named.clone().unwrap_or_default();
        let at = header_before(text, text.len(), &format!("[[{kind}]]")).unwrap_or(offset);
        let kinds: Vec<String> = crate::model::Kind::ALL
            .iter()
            .map(|k| format!("[[{}]]", k.key()))
            .collect();
        return Error::data(
            Location::file(path).line(line_of(text, at)),
            format!(
                "unknown record kind `[[{kind}]]`: use one of {}",
                kinds.join(", ")
            ),
        );
    }
    let named_at = named.as_deref().filter(|_| !message.starts_with("missing"));
    let location = locate(path, text, offset, named.as_deref(), named_at);
    let message = if is_value {
        message
    } else if message == "duplicate key" {
        let key = location.field.clone().unwrap_or_else(|| "this key".into());
        format!("TOML syntax error: `{key}` is set twice in this table: keep one of the two lines")
    } else if is_syntax {
        format!("TOML syntax error: {message}")
    } else {
        format!("{message}; see the field list at the top of the file")
    };
    Error::data(location, message)
}

/// The records of one TOML record file (`path` and its text), each [`Located`] at its
/// table, in table order per kind (unchecked). [`read`] calls it for each file; the fuzz
/// target `toml_records` feeds it arbitrary text.
pub fn parse_records(path: PathBuf, text: String) -> Result<Vec<Located>> {
    let parsed: RecordFile = parse(&path, &text)?;
    let file = Arc::new(SourceFile { path, text });
    let mut records = Vec::new();
    let mut push = |span: Range<usize>, record: Record| {
        records.push(Located {
            record,
            origin: Origin::Toml {
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
    Ok(records)
}

/// Reads the manifest (checked) and the TOML records (unchecked) of the dataset in `root`.
pub fn read(root: &Path) -> Result<Dataset> {
    let manifest_path = root.join(MANIFEST);
    let text = read_text(&manifest_path)?;
    let manifest: ManifestFile = parse(&manifest_path, &text)?;
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
    // the licence becomes an IRI of the meta graph (dct:license): an invalid one would be
    // written as N-Triples no parser reads (found by the fuzz target `manifest`)
    check_iri(&info.licence).map_err(|m| Error::data(here("licence"), m))?;
    // the keys of titles and descriptions become language tags (found by `manifest`)
    for (field, texts) in [("title", &info.title), ("description", &info.description)] {
        for lang in texts.keys() {
            check_language(lang).map_err(|m| Error::data(here(field), m))?;
        }
    }
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
        check_language(&src.language).map_err(|m| Error::data(at("language"), m))?;
        for lang in src.title.keys() {
            check_language(lang).map_err(|m| Error::data(at("title"), m))?;
        }
        let paragraphs = match &src.text {
            Some(rel) if !root.join(rel).is_file() => {
                return Err(Error::data(
                    at("text"),
                    format!(
                        "the source text `{}` is not in the dataset folder: give the path of its text file, relative to {MANIFEST}",
                        rel.display()
                    ),
                ));
            }
            Some(rel) => paragraphs(&read_text(&root.join(rel))?),
            None => Vec::new(),
        };
        // a publisher becomes the agent `{base}agent/{slug}`: two publishers spelt
        // differently must not become one agent
        if let Some(publisher) = &src.publisher {
            let slug = crate::graph::iri::slugify(publisher);
            let same = sources.iter().find_map(|s| {
                let other = s.info.publisher.as_deref()?;
                (other != publisher && crate::graph::iri::slugify(other) == slug)
                    .then(|| (s.info.id.clone(), other.to_owned()))
            });
            if let Some((other_id, other)) = same {
                return Err(Error::data(
                    at("publisher"),
                    format!(
                        "publisher `{publisher}` becomes the agent id `{slug}`, as does `{other}` of source `{other_id}`: spell one publisher the same way in both sources, or tell two apart by a letter or digit"
                    ),
                ));
            }
        }
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
        let text = read_text(&path)?;
        records.extend(parse_records(path, text)?);
    }
    // file order, then the order of the tables in the file
    records.sort_by_cached_key(|l| match &l.origin {
        Origin::Toml { file, span } => (file.path.clone(), span.start),
        _ => (PathBuf::new(), 0),
    });
    Ok(Dataset {
        root: root.to_path_buf(),
        info,
        sources,
        records,
    })
}
