//! Where records come from: a dataset folder's manifest and TOML record files
//! ([`toml`]), its CSV tables ([`csv`]), or an existing store ([`store`]). Every reader
//! yields [`Located`] records — a record and the place it was read from — and nothing
//! else: checking is [`crate::check`]'s, mapping [`crate::graph`]'s.

pub mod csv;
pub mod store;
pub mod toml;

use crate::error::{Error, Location, Result};
use crate::model::{Dataset, Kind, Record, check_base};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The manifest file name inside a dataset folder.
pub const MANIFEST: &str = "mura.toml";

/// A record with where it was read from.
#[derive(Debug, Clone)]
pub struct Located {
    pub record: Record,
    pub origin: Origin,
}

/// Where a record was read: a table of a TOML file (its text and byte span, to point at
/// the line of a key), or a row of a CSV table (its line, and the table's layout).
#[derive(Debug, Clone)]
pub enum Origin {
    Toml {
        file: Arc<SourceFile>,
        span: Range<usize>,
    },
    Csv {
        path: Arc<Path>,
        line: usize,
        table: &'static self::csv::Table,
    },
    /// A record mura makes itself (a country minted for an ISO code of a table row).
    Minted { path: Arc<Path>, line: usize },
}

/// A file's path and text, shared by the records read from it.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

impl Origin {
    /// The location of `field` (as named in the model, dotted for nested keys:
    /// `cite.excerpt`, `name.kk`) in this record: the line of its key, or the row and the
    /// column it was read from.
    pub fn locate(&self, record: &Record, field: &str) -> Location {
        let kind = record.kind().key();
        match self {
            Origin::Toml { file, span } => {
                let at = self::toml::key_offset(&file.text, span.start, kind, field)
                    .unwrap_or(span.start);
                Location::file(&file.path)
                    .line(line_of(&file.text, at))
                    .record(kind, record.id())
                    .field(field)
            }
            Origin::Csv { path, line, .. } | Origin::Minted { path, line } => Location::file(path)
                .line(*line)
                .record(kind, record.id())
                .field(self::csv::column_of(field)),
        }
    }

    /// `file:line` of the record.
    pub fn place(&self) -> String {
        match self {
            Origin::Toml { file, span } => {
                format!(
                    "{}:{}",
                    file.path.display(),
                    line_of(&file.text, span.start)
                )
            }
            Origin::Csv { path, line, .. } | Origin::Minted { path, line } => {
                format!("{}:{line}", path.display())
            }
        }
    }

    /// Ids of TOML records are unique across the dataset (a reference names an id, and the
    /// id decides the kind); ids of table rows are unique per table (a reference column
    /// names its table).
    pub fn ids_per_kind(&self) -> bool {
        !matches!(self, Origin::Toml { .. })
    }

    /// The one kind a reference `field` may name here, where the source's layout fixes it
    /// (a CSV column names its table); `None` when the id decides.
    pub fn narrows(&self, field: &str) -> Option<Kind> {
        match self {
            Origin::Csv { table, .. } => table
                .references
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, k)| *k),
            Origin::Minted { .. } => Some(Kind::Place),
            Origin::Toml { .. } => None,
        }
    }
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// A dataset folder, opened: the manifest with its sources and TOML records, and the CSV
/// tables beside them (read row by row later, never held).
#[derive(Debug, Clone)]
pub struct Folder {
    pub dataset: Dataset,
    pub tables: Vec<(&'static self::csv::Table, PathBuf)>,
    /// Total size of the tables in bytes, for progress.
    pub table_bytes: u64,
}

impl Folder {
    /// True when rows stream from CSV tables (the bulk path: no SHACL, see ARCHITECTURE.md).
    pub fn has_tables(&self) -> bool {
        !self.tables.is_empty()
    }
}

/// Opens the dataset folder `root` (manifest, sources and TOML records; the tables are
/// only found), applying a `--base` override. A folder of tables may go without a
/// manifest ([`csv::default_dataset`]); any other folder needs one.
pub fn open(root: &Path, base: Option<&str>) -> Result<Folder> {
    let tables = self::csv::find_tables(root);
    if !root.join(MANIFEST).is_file() && tables.is_empty() {
        return Err(if root.is_dir() {
            Error::NoDataset {
                dir: root.to_path_buf(),
            }
        } else {
            Error::Read {
                path: root.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such folder: point --data at a dataset folder",
                ),
            }
        });
    }
    let mut dataset = if root.join(MANIFEST).is_file() {
        self::toml::read(root)?
    } else {
        self::csv::default_dataset(root)
    };
    if let Some(base) = base {
        check_base(base).map_err(|m| Error::Usage(format!("--base: {m}")))?;
        dataset.info.base = base.to_owned();
    }
    let table_bytes = tables
        .iter()
        .map(|(_, p)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();
    Ok(Folder {
        dataset,
        tables,
        table_bytes,
    })
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

/// Reads a file as UTF-8; invalid bytes are a located error.
pub fn read_text(path: &Path) -> Result<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_skip_blank_lines_and_metadata() {
        let p = paragraphs(" date 2024-08 First one.\n\nSecond.\n\n\n  Third.  \n");
        assert_eq!(p, vec!["First one.", "Second.", "Third."]);
    }
}
