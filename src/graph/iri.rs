//! IRI minting: every IRI mura makes, under the dataset's base — entities
//! (`{base}{kind}/{id}`), named graphs (`{base}graph/{source}`), sources and their
//! paragraphs (`{base}source/{id}/p{n}`).

use crate::model::Kind;
use oxigraph::model::NamedNode;

/// IRI of a record: `{base}{kind}/{id}`.
pub fn entity_iri(base: &str, kind: Kind, id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}{}/{id}", kind.key()))
}

/// IRI of the named graph holding what `source` states.
pub fn graph_iri(base: &str, source: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}graph/{source}"))
}

/// IRI of the dataset-description graph.
pub fn meta_graph_iri(base: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}graph/meta"))
}

pub fn source_iri(base: &str, source: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}source/{source}"))
}

pub fn paragraph_iri(base: &str, source: &str, n: u32) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}source/{source}/p{n}"))
}

/// A Latin slug of free text (`The Astana Times` → `the-astana-times`).
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}
