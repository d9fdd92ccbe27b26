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

/// The largest file mura reads whole: a manifest, a TOML record file or a source text
/// (64 MiB; the shipped files are a few kB). A larger one is refused before it is read:
/// bulk records belong in CSV tables, which stream and have no size limit.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// The longest value of one field: a TOML string or a CSV cell (1 MiB). Longer text
/// belongs in a source text, cited by paragraph.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// The deepest nesting of TOML arrays and inline tables (32 levels; a record needs 3:
/// `cite = [{ fields = [...] }]`). Deeper input is refused before it is parsed, so the
/// parser's recursion never meets it.
pub const MAX_NESTING: usize = 32;

/// The longest line of a CSV table (16 MiB): a row is held whole while it is read, so a
/// line without end is refused at this length instead of filling memory.
pub const MAX_CSV_LINE_BYTES: usize = 16 << 20;

/// A size in bytes as people read it (`64 MiB`, `1 MiB`, `10.0 MB` of a file).
pub fn mebibytes(bytes: u64) -> String {
    if bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{:.1} MiB", bytes as f64 / f64::from(1u32 << 20))
    }
}

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

/// Reads a file as UTF-8 text (a leading byte-order mark dropped): a file larger than
/// [`MAX_FILE_BYTES`], invalid UTF-8 or a NUL byte is a located error.
pub fn read_text(path: &Path) -> Result<String> {
    use std::io::Read;
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let too_big = |len: u64| {
        Error::data(
            Location::file(path),
            format!(
                "the file is {len} bytes, more than the {} mura reads from one file: split its records into several files, or put bulk records in CSV tables (they stream)",
                mebibytes(MAX_FILE_BYTES)
            ),
        )
    };
    let len = file.metadata().map_err(read_err)?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_big(len));
    }
    // never more than the limit, whatever the metadata said (a pipe, a growing file)
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned();
        Error::data(
            Location::file(path).line(line_of(&text, offset)),
            "the file is not valid UTF-8: save it as UTF-8",
        )
    })?;
    if let Some(offset) = text.find('\0') {
        return Err(Error::data(
            Location::file(path).line(line_of(&text, offset)),
            "the file holds a NUL byte (U+0000), which text never has: it was saved as UTF-16 or is not a text file; save it as UTF-8 text",
        ));
    }
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
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
