//! Writing RDF: deterministic output in every format oxigraph serialises.
//!
//! Quads are sorted (graph, subject, `rdf:type` first, predicate, object) before they reach
//! oxigraph's serializer, which then groups a subject's triples with `;` and `,`. Only the
//! prefixes actually used are declared: the vocabulary prefixes of [`crate::vocab`] and one
//! prefix per path segment under the dataset's base (`museum:`, `person:`, …). Graph-only
//! formats (Turtle, N-Triples, RDF/XML, N3) get the union of the selected graphs; dataset
//! formats (TriG, N-Quads, JSON-LD) keep the named graphs. Files are written to a temporary
//! name beside the target and renamed into place, so a failed export leaves nothing behind.

use crate::error::{Error, Result};
use crate::mapping::sort_quads;
use crate::vocab;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::*;
use std::collections::{BTreeMap, HashSet};
use std::io::{BufWriter, Write};
use std::path::Path;

/// Serialises `quads` (any order, duplicates allowed) deterministically to `out`.
/// `base` is the dataset's base IRI, used for the per-kind prefixes.
pub fn write_quads(
    mut quads: Vec<Quad>,
    format: RdfFormat,
    base: &str,
    out: impl Write,
) -> Result<()> {
    if !format.supports_datasets() {
        let mut seen = HashSet::new();
        quads = quads
            .into_iter()
            .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
            .filter(|q| seen.insert(q.clone()))
            .collect();
    }
    sort_quads(&mut quads);
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(
        format,
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml | RdfFormat::N3
    ) {
        for (prefix, ns) in used_prefixes(&quads, base) {
            serializer = serializer
                .with_prefix(prefix, ns)
                .map_err(|e| Error::Usage(format!("invalid prefix IRI: {e}")))?;
        }
    }
    let mut writer = serializer.for_writer(BufWriter::new(out));
    for quad in &quads {
        writer.serialize_quad(quad).map_err(Error::Serialize)?;
    }
    writer
        .finish()
        .map_err(Error::Serialize)?
        .flush()
        .map_err(Error::Serialize)?;
    Ok(())
}

/// Writes with `write` to `path` atomically (temporary file, then rename), or to stdout.
pub fn to_path_or_stdout(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let Some(path) = path else {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        return write(&mut lock);
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })?;
        write(&mut file)?;
        file.sync_all().map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })?;
        std::fs::rename(&tmp, path).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Prefixes whose namespace some IRI in `quads` uses with a plain local name.
pub fn used_prefixes(quads: &[Quad], base: &str) -> Vec<(String, String)> {
    let mut prefixes = Prefixes::new(base);
    for q in quads {
        prefixes.add_quad(q);
    }
    prefixes.finish()
}

/// The prefixes a stream of quads uses, collected one quad at a time (namespaces already
/// found used are remembered, so a long stream stays cheap).
pub struct Prefixes {
    base: String,
    candidates: Vec<(String, String)>,
    used: BTreeMap<String, String>,
    /// Namespaces (IRI up to the last `/` or `#`) already found used.
    done: HashSet<String>,
}

impl Prefixes {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            candidates: vocab::PREFIXES
                .iter()
                .map(|(p, ns)| ((*p).to_owned(), (*ns).to_owned()))
                .collect(),
            used: BTreeMap::new(),
            done: HashSet::new(),
        }
    }

    fn consider(&mut self, iri: &str) {
        let ns_end = iri.rfind(['/', '#']).map_or(0, |i| i + 1);
        if self.done.contains(&iri[..ns_end]) {
            return;
        }
        if let Some(rest) = iri.strip_prefix(self.base.as_str()) {
            if let Some((segment, local)) = rest.split_once('/') {
                if is_prefix_name(segment)
                    && is_local_name(local)
                    && !self.candidates.iter().any(|(p, _)| p == segment)
                {
                    self.candidates
                        .push((segment.to_owned(), format!("{}{segment}/", self.base)));
                    self.done.clear();
                }
            }
        }
        for (prefix, ns) in &self.candidates {
            if let Some(local) = iri.strip_prefix(ns.as_str()) {
                if is_local_name(local) {
                    self.used.insert(prefix.clone(), ns.clone());
                    if ns.len() == ns_end {
                        self.done.insert(ns.clone());
                    }
                }
            }
        }
    }

    pub fn add_quad(&mut self, q: &Quad) {
        if let NamedOrBlankNode::NamedNode(n) = &q.subject {
            self.consider(n.as_str());
        }
        self.consider(q.predicate.as_str());
        match &q.object {
            Term::NamedNode(n) => self.consider(n.as_str()),
            Term::Literal(l) if l.language().is_none() => self.consider(l.datatype().as_str()),
            _ => {}
        }
        if let GraphName::NamedNode(n) = &q.graph_name {
            self.consider(n.as_str());
        }
    }

    pub fn finish(self) -> Vec<(String, String)> {
        self.used.into_iter().collect()
    }
}

fn is_prefix_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A local name Turtle can write after a prefix without escapes.
fn is_local_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['-', '.'])
        && !s.ends_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}
