//! The one summary of a graph: entities per primary `mura:` class and quads per named
//! graph, counted as the quads stream into a sink (the same for TOML and CSV inputs).

use crate::error::Result;
use crate::graph::Sink;
use crate::vocab;
use oxigraph::model::vocab::rdf;
use oxigraph::model::*;
use std::collections::{BTreeMap, HashSet};
use std::hash::Hasher;

/// What a graph holds: entities per primary class and quads per named graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub classes: BTreeMap<String, u64>,
    pub graphs: BTreeMap<String, u64>,
    pub quads: u64,
    /// Hashes of the (class, entity) pairs counted: an entity typed by two sources (in two
    /// graphs) counts once.
    seen: HashSet<u64>,
}

/// The mura classes that describe provenance, not records: not counted as entities.
const NOT_ENTITIES: [&str; 3] = ["Source", "Paragraph", "SourceGraph"];

impl Summary {
    /// Counts one quad.
    pub fn add(&mut self, q: &Quad) {
        self.quads += 1;
        let graph = match &q.graph_name {
            GraphName::NamedNode(n) => n.as_str(),
            GraphName::DefaultGraph => "(default graph)",
            GraphName::BlankNode(_) => "(blank node graph)",
        };
        match self.graphs.get_mut(graph) {
            Some(n) => *n += 1,
            None => {
                self.graphs.insert(graph.to_owned(), 1);
            }
        }
        if q.predicate == rdf::TYPE {
            if let Term::NamedNode(class) = &q.object {
                let local = class.as_str().strip_prefix(vocab::MURA);
                let mut hasher = fnv::FnvHasher::default();
                hasher.write(class.as_str().as_bytes());
                hasher.write(q.subject.to_string().as_bytes());
                if local.is_some_and(|l| !NOT_ENTITIES.contains(&l))
                    && self.seen.insert(hasher.finish())
                {
                    *self.classes.entry(class.as_str().to_owned()).or_default() += 1;
                }
            }
        }
    }

    /// The summary of `quads`.
    pub fn of<'a>(quads: impl IntoIterator<Item = &'a Quad>) -> Self {
        let mut summary = Summary::default();
        for q in quads {
            summary.add(q);
        }
        summary
    }
}

/// A sink that counts what passes into `inner`.
pub struct Counting<'a> {
    pub inner: &'a mut dyn Sink,
    pub summary: Summary,
}

impl Sink for Counting<'_> {
    fn push(&mut self, batch: Vec<Quad>) -> Result<()> {
        for q in &batch {
            self.summary.add(q);
        }
        self.inner.push(batch)
    }
}
