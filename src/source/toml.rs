//! Reading a dataset folder's TOML: the manifest (`mura.toml`, checked here: base IRI,
//! languages, sources and their texts) and the record files (`*.toml`, one array of tables
//! per kind: `[[museum]]`, `[[person]]`, …), each record [`Located`] at its table. A TOML
//! error is located at its line, record and field. The records are checked by
//! [`crate::check`], not here.

use super::{Located, MANIFEST, Origin, SourceFile, line_of, paragraphs, read_text};
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
    // the field: named in the message (`missing field `city``), else the key on the error's line
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let named = ["missing field", "unknown field", "duplicate field"]
        .iter()
        .any(|p| message.starts_with(p))
        .then(|| message.split('`').nth(1).map(str::to_owned))
        .flatten();
    let line_key = text[line_start..line_end]
        .split_once('=')
        .and_then(|(key, _)| {
            let key = key.trim();
            let bare = !key.is_empty()
                && key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
            bare.then(|| key.to_owned())
        });
    // a field named inside an inline table (`cite = { … }`) is that key's part
    let field = match (&named, &line_key) {
        (Some(name), Some(key)) if key != name => Some(format!("{key}.{name}")),
        (Some(name), _) => Some(name.clone()),
        (None, key) => key.clone(),
    };
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
    let message = if is_value {
        message
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
    let parsed: RecordFile = ::toml::from_str(&text).map_err(|e| toml_error(&path, &text, &e))?;
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
    let manifest: ManifestFile =
        ::toml::from_str(&text).map_err(|e| toml_error(&manifest_path, &text, &e))?;
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
            Some(rel) => paragraphs(&read_text(&root.join(rel))?),
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
