//! mura turns curated cultural-heritage records into a provenance-aware linked-data
//! knowledge graph in an embedded Oxigraph store, answers SPARQL over it and exports it
//! deterministically.
//!
//! The pipeline, one folder per stage (see ARCHITECTURE.md): [`model`] (the curated
//! records and the manifest) ← [`source`] (TOML records, CSV tables, a store) →
//! [`check`] (the one checker) → [`graph`] (the one pure mapper, IRIs, the store, the
//! loader, the dataset description) → sinks: [`export`] (sorted RDF, the external sort,
//! JSON-LD, EDM, profiles, the one atomic writer), [`query`] (SPARQL, federation),
//! [`validate`] (SHACL), [`wikidata`] (linking, QuickStatements), [`serve`] (HTTP: SPARQL
//! Protocol, Graph Store, Linked Data pages), [`push`] (into a triple store someone runs:
//! staged, swapped, verified). [`pipeline`] holds the
//! use cases the binary calls, one per subcommand; [`format`] is the one format resolver,
//! [`vocab`] holds every IRI, [`progress`] is how long work reports back.

pub mod check;
pub mod error;
pub mod export;
pub mod format;
pub mod graph;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod push;
pub mod query;
pub mod serve;
pub mod source;
pub mod validate;
pub mod vocab;
pub mod wikidata;

pub use error::{Error, Location, Result};
pub use pipeline::*;
