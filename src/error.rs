//! mura's error type: every failure a user can cause names where it happened (file, line,
//! record, field) and says, in a sentence, what was wrong and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in the input a problem was found. Only `file` is always known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// `museum `ykylas-museum`` — the record kind and id, when known.
    pub record: Option<String>,
    pub field: Option<String>,
}

impl Location {
    pub fn file(file: impl AsRef<Path>) -> Self {
        Self {
            file: file.as_ref().to_path_buf(),
            ..Self::default()
        }
    }

    pub fn line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn record(mut self, kind: &str, id: &str) -> Self {
        self.record = Some(format!("{kind} `{id}`"));
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        match (&self.record, &self.field) {
            (Some(r), Some(field)) => write!(f, ": {r}, field `{field}`"),
            (Some(r), None) => write!(f, ": {r}"),
            (None, Some(field)) => write!(f, ": field `{field}`"),
            (None, None) => Ok(()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input data: a sentence with the bad value and the fix.
    #[error("{location}: {message}")]
    Data {
        location: Box<Location>,
        message: String,
    },

    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A command-line value or combination that cannot work; says which flag to use.
    #[error("{0}")]
    Usage(String),

    #[error("SPARQL syntax error in {origin}")]
    QuerySyntax {
        origin: String,
        source: oxigraph::sparql::SparqlSyntaxError,
    },

    /// A SERVICE call of a query failed; `message` says why and what to check.
    #[error("query {origin} failed: {message}")]
    Service { origin: String, message: String },

    /// A query ran past `mura query --timeout` and was cancelled.
    #[error(
        "query {origin} ran longer than --timeout {seconds} s and was stopped: make it more selective (fewer patterns, a LIMIT) or give it more time with --timeout"
    )]
    QueryTimeout { origin: String, seconds: u64 },

    #[error("query {origin} failed")]
    QueryEvaluation {
        origin: String,
        source: oxigraph::sparql::QueryEvaluationError,
    },

    /// The graph breaks SHACL shapes; `report` is the readable report.
    #[error(
        "{}: nothing was written\n{report}",
        if *violations > 0 {
            "the graph breaks the SHACL shapes"
        } else {
            "the graph has SHACL warnings and --allow-warnings is false"
        }
    )]
    NotConforming {
        violations: usize,
        warnings: usize,
        report: String,
    },

    /// A remote SPARQL endpoint failed (`mura link`, SERVICE): says what to check.
    #[error("SPARQL endpoint {endpoint} {message}")]
    Endpoint { endpoint: String, message: String },

    #[error("store error")]
    Storage(#[from] oxigraph::store::StorageError),

    #[error("cannot write RDF")]
    Serialize(#[source] std::io::Error),

    /// No dataset where one was looked for.
    #[error(
        "no dataset in {}: a dataset folder has a `mura.toml` manifest (or CSV tables); point --data at one, or create one with `mura init DIR`",
        dir.display()
    )]
    NoDataset { dir: PathBuf },

    /// A worker thread of mura's (loader, writer, sorter) panicked: a bug to report.
    #[error("a worker thread of mura stopped unexpectedly (a bug: please report it)")]
    ThreadPanicked,

    /// The consumer of a stream of quads stopped before the stream ended (its own error is
    /// the one reported).
    #[error("the writer stopped before the stream ended")]
    SinkClosed,

    /// An internal invariant failed (a prefix IRI, a SHACL engine error): a bug to report.
    #[error("internal error: {0}")]
    Internal(String),

    #[error("cannot parse RDF from {origin}")]
    Parse {
        origin: String,
        source: oxigraph::io::RdfParseError,
    },
}

impl Error {
    pub fn data(location: Location, message: impl Into<String>) -> Self {
        Error::Data {
            location: Box::new(location),
            message: message.into(),
        }
    }

    /// True when the error is a closed output pipe (`mura export | head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Write { source, .. } | Error::Serialize(source) => {
                source.kind() == std::io::ErrorKind::BrokenPipe
            }
            Error::QueryEvaluation { source, .. } => {
                // oxigraph wraps the writer's io::Error; walk the sources for its kind
                let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(source);
                while let Some(e) = cause {
                    if let Some(io) = e.downcast_ref::<std::io::Error>() {
                        return io.kind() == std::io::ErrorKind::BrokenPipe;
                    }
                    cause = e.source();
                }
                false
            }
            _ => false,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
