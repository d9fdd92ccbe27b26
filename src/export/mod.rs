//! Writing RDF: deterministic output in every format oxigraph serialises.
//!
//! Quads are sorted (graph, subject, `rdf:type` first, predicate, object) before they reach
//! oxigraph's serializer, which then groups a subject's triples with `;` and `,`. Only the
//! prefixes actually used are declared: the vocabulary prefixes of [`crate::vocab`] and one
//! prefix per path segment under the dataset's base (`museum:`, `person:`, …). Graph-only
//! formats (Turtle, N-Triples, RDF/XML, N3) get the union of the selected graphs; dataset
//! formats (TriG, N-Quads, JSON-LD) keep the named graphs. Files are written by the one
//! atomic writer ([`atomic`]), so a failed export leaves nothing behind.
//!
//! Sub-modules: the external sort for graphs larger than memory ([`sort`]), JSON-LD
//! compaction ([`jsonld`]), the EDM RDF/XML layout ([`edm`]), the export profiles
//! ([`profile`]) and N-Triples/N-Quads lines without `fmt` ([`line`]).

pub mod atomic;
pub mod edm;
pub mod jsonld;
pub mod line;
pub mod profile;
pub mod sort;

pub use atomic::to_path_or_stdout;

use crate::error::{Error, Result};
use crate::graph::Sink;
use crate::graph::mapping::sort_quads;
use crate::vocab;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::*;
use std::collections::{BTreeMap, HashSet};
use std::io::{BufWriter, Write};

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
                .map_err(|e| Error::Internal(format!("invalid prefix IRI: {e}")))?;
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

/// A sink writing N-Triples (the union of the graphs) or N-Quads as the quads come, in
/// the order they come (the streamed export of tables: deterministic, not sorted).
pub struct QuadWriter<W: Write> {
    out: BufWriter<W>,
    format: RdfFormat,
}

impl<W: Write> QuadWriter<W> {
    /// A writer of `format`, N-Triples or N-Quads.
    pub fn new(format: RdfFormat, out: W) -> Self {
        Self {
            out: BufWriter::with_capacity(1 << 20, out),
            format,
        }
    }

    /// Flushes the output.
    pub fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(Error::Serialize)
    }
}

impl<W: Write> Sink for QuadWriter<W> {
    fn push(&mut self, batch: Vec<Quad>) -> Result<()> {
        write_lines(&batch, self.format, &mut self.out)
    }

    fn text_format(&self) -> Option<RdfFormat> {
        Some(self.format)
    }

    fn push_text(&mut self, text: Vec<u8>, _quads: u64) -> Result<()> {
        self.out.write_all(&text).map_err(Error::Serialize)
    }
}

/// Writes `quads` as N-Triples (their triples) or N-Quads, one line a quad ([`line`]: the
/// bytes of oxigraph's serializers), so lines written apart (the mapping workers' chunks)
/// concatenate into the same bytes. `format` is N-Triples or N-Quads.
pub fn write_lines(quads: &[Quad], format: RdfFormat, mut out: impl Write) -> Result<()> {
    let dataset = format.supports_datasets();
    let mut buf = Vec::with_capacity(quads.len().min(1 << 14) * 160);
    for quad in quads {
        line::quad(quad.as_ref(), dataset, &mut buf);
        if buf.len() >= 1 << 20 {
            out.write_all(&buf).map_err(Error::Serialize)?;
            buf.clear();
        }
    }
    out.write_all(&buf).map_err(Error::Serialize)
}

/// A sink that counts the quads passing and reports the total to a progress bar.
pub struct Counted<'a> {
    pub sink: &'a mut dyn Sink,
    pub progress: &'a mut dyn crate::progress::Progress,
    pub quads: u64,
}

impl Sink for Counted<'_> {
    fn push(&mut self, batch: Vec<Quad>) -> Result<()> {
        self.quads += batch.len() as u64;
        self.sink.push(batch)?;
        self.progress.update(0, self.quads, self.quads);
        Ok(())
    }
}

impl Sink for sort::Sorter {
    fn push(&mut self, batch: Vec<Quad>) -> Result<()> {
        for q in &batch {
            sort::Sorter::push(self, q)?;
        }
        Ok(())
    }
}

/// Prefixes whose namespace some IRI in `quads` uses with a plain local name.
pub fn used_prefixes(quads: &[Quad], base: &str) -> Vec<(String, String)> {
    let mut prefixes = Prefixes::new(base);
    for q in quads {
        prefixes.add_quad(q.as_ref(), true);
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

    /// Considers the IRIs of `q`, its graph name only when `graph` (a graph-only format
    /// writes no graph names).
    pub fn add_quad(&mut self, q: QuadRef<'_>, graph: bool) {
        if let NamedOrBlankNodeRef::NamedNode(n) = q.subject {
            self.consider(n.as_str());
        }
        self.consider(q.predicate.as_str());
        match q.object {
            TermRef::NamedNode(n) => self.consider(n.as_str()),
            TermRef::Literal(l) if l.language().is_none() => self.consider(l.datatype().as_str()),
            _ => {}
        }
        if let (GraphNameRef::NamedNode(n), true) = (q.graph_name, graph) {
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
