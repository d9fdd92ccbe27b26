//! The command line: clap derive structures whose doc comments are the `--help` text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  mura build                                  check the shipped dataset, build it in memory, print a summary
  mura build --store kg                       build an on-disk store in ./kg (needs the `rocksdb` feature)
  mura query award                            run queries/award.rq (a named query)
  mura query award --lang kk                  show entities by their Kazakh names
  mura query -e 'SELECT * WHERE { ?s ?p ?o } LIMIT 5' --format json
  mura query my-question.rq --store kg        a query file against a built store
  mura export -o almaty.ttl                   sorted, pretty Turtle (format from the extension)
  mura export --format trig --graph article   only what the article states, as TriG
  mura queries                                list the named queries and their questions

Every command works with no arguments on the shipped dataset (`./data`, else the one beside
the mura sources); `--data DIR` picks another dataset, `--store DIR` a built store.";

/// mura — curated cultural-heritage records → a linked-data knowledge graph.
///
/// mura reads a dataset folder (a manifest `mura.toml` and TOML records of museums, people,
/// organisations, places, awards, events, each fact with the source paragraph it comes
/// from), checks it, maps it to RDF with provenance in an Oxigraph store, answers SPARQL
/// and exports deterministic RDF (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD).
#[derive(Debug, Parser)]
#[command(name = "mura", version, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where the graph comes from.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Dataset folder (manifest `mura.toml` + record files) [default: ./data, else the shipped dataset]
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// A store built with `mura build --store DIR`, instead of the dataset
    #[arg(long, value_name = "DIR", conflicts_with_all = ["data", "base"])]
    pub store: Option<PathBuf>,
    /// Base IRI for minted IRIs, overriding the manifest's `base` (must end with / or #)
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the dataset, build the graph and print a summary (entities per class, triples
    /// per graph). Without --store the graph is built in memory and discarded: a check.
    Build {
        /// Dataset folder [default: ./data, else the shipped dataset]
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Build a persistent on-disk (RocksDB) store here; it is built beside the old one
        /// and swapped in, so a failed build leaves the old store intact
        #[arg(long, value_name = "DIR")]
        store: Option<PathBuf>,
        /// Base IRI for minted IRIs, overriding the manifest's `base`
        #[arg(long, value_name = "IRI")]
        base: Option<String>,
    },
    /// Run a SPARQL query: a name from queries/ (`mura query award`), a .rq file, or -e.
    ///
    /// The default graph is the union of all named graphs (unless the query says FROM).
    /// SELECT and ASK print an aligned table unless --format asks for a W3C results format
    /// (json, xml, csv, tsv); CONSTRUCT and DESCRIBE print RDF (--format any RDF format,
    /// default turtle).
    Query {
        /// Named query (file stem in queries/) or path of a .rq file
        #[arg(value_name = "QUERY", required_unless_present = "expression", conflicts_with = "expression")]
        query: Option<String>,
        /// The query text itself
        #[arg(short = 'e', long = "expression", value_name = "SPARQL")]
        expression: Option<String>,
        /// Output format: json, xml, csv, tsv (SELECT/ASK) or an RDF format (CONSTRUCT/DESCRIBE)
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Show entities in the table by their name in these languages (kk, en, ru; comma-separated, first found wins)
        #[arg(long, value_name = "LANG", value_delimiter = ',')]
        lang: Vec<String>,
        /// Folder of named queries [default: ./queries, else the shipped queries]
        #[arg(long, value_name = "DIR")]
        queries: Option<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Export the graph as sorted, deterministic RDF (same input, same bytes).
    ///
    /// Turtle, N-Triples and RDF/XML hold the union of the graphs; TriG, N-Quads and JSON-LD
    /// keep the named graphs (one per source). Files are written atomically.
    Export {
        /// Output file [default: standard output]
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// turtle, ntriples, nquads, trig, rdfxml, jsonld, n3 or a media type [default: from
        /// the output file's extension, else turtle]
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Only this named graph: a source id (`article`, `curation`, `wikidata`, `meta`) or an IRI
        #[arg(long, value_name = "GRAPH")]
        graph: Option<String>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// List the named queries in queries/ with the question each answers.
    Queries {
        /// Folder of named queries [default: ./queries, else the shipped queries]
        #[arg(long, value_name = "DIR")]
        queries: Option<PathBuf>,
    },
}
