//! An existing store as a source: a graph built earlier with `mura build --store DIR`,
//! opened read-only, and the base IRI its dataset description records.

use crate::error::Result;
use crate::vocab;
use oxigraph::model::NamedOrBlankNode;
use oxigraph::store::Store;
use std::path::Path;

/// Opens the on-disk store at `dir` and reads its dataset's base IRI.
pub fn open(dir: &Path) -> Result<(Store, String)> {
    let store = crate::graph::store::open(dir)?;
    let base = base_of(&store);
    Ok((store, base))
}

/// The base IRI recorded in a store: the IRI of its `void:Dataset` minus `dataset`
/// (empty when it has none).
pub fn base_of(store: &Store) -> String {
    store
        .quads_for_pattern(
            None,
            Some(oxigraph::model::vocab::rdf::TYPE),
            Some(vocab::void::DATASET.into()),
            None,
        )
        .filter_map(|q| match q.ok()?.subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().strip_suffix("dataset").map(str::to_owned),
            _ => None,
        })
        .next()
        .unwrap_or_default()
}
