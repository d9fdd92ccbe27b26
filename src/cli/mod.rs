//! The command line: clap derive structures whose doc comments are the `--help` text;
//! [`run`] turns them into library calls, [`progress`] draws long work on stderr.

pub mod progress;
pub mod run;

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
  mura validate                               check the graph against ontology/shapes.ttl (SHACL)
  mura link                                   propose Wikidata items for unlinked entities (dry run)
  mura export --format quickstatements        QuickStatements v1 for Wikidata, referenced to the article
  mura profiles                               the export profiles for aggregators
  mura export --profile schema -o museums.jsonld   schema.org JSON-LD for museum websites
  mura push http://127.0.0.1:7878 --dialect oxigraph   load the graphs into an Oxigraph server (atomic per graph)

Every command works with no arguments inside a dataset folder (one with a mura.toml) or beside
one named `data/` (the project's checkout); `--data DIR` picks another dataset, `--store DIR` a
built store. `mura init DIR` writes a new dataset.";

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
    /// Dataset folder (manifest `mura.toml` + record files) [default: the working directory when it has a mura.toml, else ./data]
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// A store built with `mura build --store DIR`, instead of the dataset
    #[arg(long, value_name = "DIR", conflicts_with_all = ["data", "base"])]
    pub store: Option<PathBuf>,
    /// Base IRI for minted IRIs, overriding the manifest's `base` (must end with / or #)
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
}

/// SHACL checks of `build` and `export`.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Do not validate against the SHACL shapes (they are checked by default and a
    /// violating graph is never written)
    #[arg(long)]
    pub no_validate: bool,
    /// Let shape warnings through (violations never are); `--allow-warnings false` fails on them
    #[arg(long, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set)]
    pub allow_warnings: bool,
    /// Shapes files [default: ontology/shapes.ttl]
    #[arg(long = "shapes", value_name = "FILE")]
    pub shapes: Vec<PathBuf>,
    /// No progress bar, log lines or closing rate summary on standard error
    #[arg(short, long)]
    pub quiet: bool,
}

/// The `--dialect` of `mura push`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DialectArg {
    Gsp,
    Virtuoso,
    Oxigraph,
    Fuseki,
    Qlever,
    NeptuneFiles,
}

impl From<DialectArg> for mura::push::Dialect {
    fn from(d: DialectArg) -> Self {
        match d {
            DialectArg::Gsp => mura::push::Dialect::Gsp,
            DialectArg::Virtuoso => mura::push::Dialect::Virtuoso,
            DialectArg::Oxigraph => mura::push::Dialect::Oxigraph,
            DialectArg::Fuseki => mura::push::Dialect::Fuseki,
            DialectArg::Qlever => mura::push::Dialect::Qlever,
            DialectArg::NeptuneFiles => mura::push::Dialect::NeptuneFiles,
        }
    }
}

/// Formats of `mura validate`'s report.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Turtle,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a new dataset folder: a manifest, an example source text and one record file
    /// per kind, each opening with the comment that lists its fields. It builds and
    /// validates as it is; replace the example records with yours.
    #[command(after_help = "Examples:
  mura init my-dataset && mura build --data my-dataset")]
    Init {
        /// The folder to create (it must not hold a dataset yet)
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Check the dataset, build the graph and print a summary (entities per class, triples
    /// per graph). Without --store the graph is built in memory and discarded: a check.
    ///
    /// The graph is validated against the SHACL shapes first; a violation stops the build
    /// with a report and nothing is written.
    #[command(after_help = "Examples:
  mura build                                  the shipped dataset, in memory
  mura build --data my-dataset                another dataset folder
  mura build --store kg                       an on-disk store in ./kg (feature `rocksdb`)")]
    Build {
        /// Dataset folder [default: the working directory when it has a mura.toml, else ./data]
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Build a persistent on-disk (RocksDB) store here; it is built beside the old one
        /// and swapped in, so a failed build leaves the old store intact
        #[arg(long, value_name = "DIR")]
        store: Option<PathBuf>,
        /// Base IRI for minted IRIs, overriding the manifest's `base`
        #[arg(long, value_name = "IRI")]
        base: Option<String>,
        #[command(flatten)]
        checks: CheckArgs,
    },
    /// Run a SPARQL query: a name from queries/ (`mura query award`), a .rq file, or -e.
    #[command(after_help = "Examples:
  mura query award                            run queries/award.rq
  mura query members --lang kk                entities shown by their Kazakh names
  mura query fact-source --format json        W3C SPARQL results JSON
  mura query -e 'SELECT * WHERE { ?s ?p ?o } LIMIT 5'
  mura query my-question.rq --store kg        a query file against a built store
  mura query exhibition-cities-wikidata       federated: coordinates and population from Wikidata
  mura query wikidata-kk-labels --service-endpoint http://localhost:7878/query   the same against a local copy")]
    ///
    /// The default graph is the union of all named graphs (unless the query says FROM).
    /// SELECT and ASK print an aligned table unless --format asks for a W3C results format
    /// (json, xml, csv, tsv); CONSTRUCT and DESCRIBE print RDF (--format any RDF format,
    /// default turtle).
    Query {
        /// Named query (file stem in queries/) or path of a .rq file
        #[arg(
            value_name = "QUERY",
            required_unless_present = "expression",
            conflicts_with = "expression"
        )]
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
        /// Folder of named queries [default: ./queries]
        #[arg(long, value_name = "DIR")]
        queries: Option<PathBuf>,
        /// Send `SERVICE <https://query.wikidata.org/sparql>` to this SPARQL endpoint instead
        /// (a mirror, or a local store for offline runs)
        #[arg(long, value_name = "URL")]
        service_endpoint: Option<String>,
        /// User-Agent of SERVICE requests: name your project and a contact [default: mura's own]
        #[arg(long, value_name = "TEXT")]
        user_agent: Option<String>,
        /// Stop the query after this many seconds (exit 2); SERVICE requests get the same
        /// limit, at most 59 [default: no limit on the query, 30 s per SERVICE request]
        #[arg(long, value_name = "SECS")]
        timeout: Option<u64>,
        /// Query this RDF file (format from its extension, e.g. a profile's output) instead
        /// of a dataset or store
        #[arg(long, value_name = "FILE", conflicts_with_all = ["data", "store"])]
        rdf: Option<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Export the graph as sorted, deterministic RDF (same input, same bytes).
    #[command(after_help = "Examples:
  mura export -o almaty.ttl                   Turtle, chosen by the extension
  mura export --format trig                   TriG to standard output, one graph per source
  mura export --graph article -o article.nq   only what the article states
  mura export --format quickstatements        QuickStatements v1 for Wikidata (CREATE blocks, referenced statements)
  mura export --profile schema -o almaty.jsonld    schema.org JSON-LD (compacted)
  mura export --profile schema --split site/  one JSON-LD file per entity
  mura export --profile edm -o edm.rdf        Europeana EDM RDF/XML
  mura export --profile void --lang kk,en     the dataset description (VoID/DCAT), kk and en only")]
    ///
    /// Turtle, N-Triples and RDF/XML hold the union of the graphs; TriG, N-Quads and JSON-LD
    /// keep the named graphs (one per source). Files are written atomically.
    Export {
        /// Output file [default: standard output]
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// turtle, ntriples, nquads, trig, rdfxml, jsonld, n3 or a media type [default: from
        /// the output file's extension, else turtle]; `quickstatements` (or a `.qs` file)
        /// writes QuickStatements v1 commands for Wikidata, each statement referenced to
        /// its source
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Only this named graph: a source id (`article`, `curation`, `wikidata`, `meta`) or an IRI
        #[arg(long, value_name = "GRAPH", conflicts_with = "profile")]
        graph: Option<String>,
        /// Export through a profile for aggregators (`mura profiles` lists them: schema,
        /// edm, void, linked-art, wikidata); its default format unless --format or -o says
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// With --profile: one JSON-LD file per entity in this folder
        #[arg(
            long,
            value_name = "DIR",
            requires = "profile",
            conflicts_with = "output"
        )]
        split: Option<PathBuf>,
        /// With --profile: keep only literals in these languages (and untagged ones), e.g. kk,en
        #[arg(long, value_name = "LANG", value_delimiter = ',', requires = "profile")]
        lang: Vec<String>,
        /// Folder of export profiles [default: ./ontology/profiles, else the shipped ones]
        #[arg(long, value_name = "DIR", requires = "profile")]
        profiles: Option<PathBuf>,
        /// Only the I-th of N stable partitions of the records (by an FNV-1a hash of kind
        /// and id), streamed as N-Quads or N-Triples; the union of the N parts is the whole
        /// export, and `mura push` takes the parts
        #[arg(long, value_name = "I/N", conflicts_with_all = ["profile", "graph"])]
        shard: Option<String>,
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        checks: CheckArgs,
    },
    /// List the export profiles (ontology/profiles/) with a one-line description.
    Profiles {
        /// Folder of export profiles [default: ./ontology/profiles, else the shipped ones]
        #[arg(long, value_name = "DIR")]
        profiles: Option<PathBuf>,
        /// Describe them in this language (en or kk)
        #[arg(long, value_name = "LANG", value_delimiter = ',')]
        lang: Vec<String>,
    },
    /// Validate the graph against SHACL shapes (default: ontology/shapes.ttl).
    ///
    /// Runs a SHACL Core engine (rudof's `shacl`) over the union of the graphs and prints a
    /// report grouped by shape and focus node, naming entities by label. Exit status: 0 when
    /// the graph conforms (warnings allowed), 1 when there are violations, 2 on error.
    #[command(after_help = "Examples:
  mura validate                              the shipped dataset against ontology/shapes.ttl
  mura validate --lang kk                    messages and labels in Kazakh
  mura validate --format turtle              the W3C validation report graph
  mura validate --rdf export.ttl --format json   any RDF file, e.g. an edited export")]
    Validate {
        /// Shapes files (Turtle) [default: ontology/shapes.ttl]
        #[arg(long, value_name = "FILE", num_args = 1..)]
        shapes: Vec<PathBuf>,
        /// Report format: text, turtle (the W3C report graph) or json
        #[arg(long, value_name = "FORMAT", default_value = "text")]
        format: ReportFormat,
        /// Languages for messages and labels, in order of preference (kk, en, ru)
        #[arg(long, value_name = "LANG", value_delimiter = ',')]
        lang: Vec<String>,
        /// Validate this RDF file (format from its extension) instead of a dataset or store
        #[arg(long, value_name = "FILE", conflicts_with_all = ["data", "store"])]
        rdf: Option<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Propose Wikidata items for the places, organisations, museums, people and awards
    /// that have no `wikidata` id, from a SPARQL endpoint (WDQS by default).
    ///
    /// Candidates are items labelled like the record (kk, en, ru; case, diacritics and
    /// Kazakh Cyrillic/Latin transliteration aside), scored on class (P31/P279*), country
    /// (P17), location (P131), life dates (P569/P570) and named-after (P138). Prints a
    /// table of candidates with the evidence for each score. Nothing is written unless
    /// --apply: then the accepted ids (score >= --min-score, clearly ahead of the next
    /// candidate) are written into the data files, keeping their layout and comments; a
    /// curated id is never replaced.
    ///
    /// mura is a polite WDQS client: it sends a User-Agent naming itself and a contact
    /// (set your own with --user-agent), batches its queries, waits out HTTP 429 /
    /// Retry-After, sends at most --max-requests-per-minute and can cache answers (--cache).
    #[command(after_help = "Examples:
  mura link                                   propose items for every unlinked record (dry run)
  mura link --entity almaty-akimat            only this record
  mura link --cache ~/.cache/mura-link        keep answers; a rerun asks the endpoint nothing
  mura link --apply --min-score 0.85          write the ids scoring 0.85 or more
  mura link --endpoint http://localhost:7878/query   a mirror or a local store with Wikidata's shapes")]
    Link {
        /// Dataset folder [default: the working directory when it has a mura.toml, else ./data]
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// SPARQL 1.1 endpoint with Wikidata's shapes (wd:, wdt:, rdfs:label, schema:description)
        #[arg(long, value_name = "URL", default_value = mura::wikidata::endpoint::WDQS)]
        endpoint: String,
        /// Only these record ids (repeat or comma-separate)
        #[arg(long = "entity", value_name = "ID", value_delimiter = ',')]
        entity: Vec<String>,
        /// Write the accepted ids into the data files
        #[arg(long)]
        apply: bool,
        /// Only show the proposals (the default)
        #[arg(long, conflicts_with = "apply")]
        dry_run: bool,
        /// Lowest score (0 to 1) at which the best candidate is accepted
        #[arg(long, value_name = "S", default_value_t = 0.75)]
        min_score: f64,
        /// Candidates shown per entity
        #[arg(long, value_name = "N", default_value_t = 3)]
        top: usize,
        /// Folder of cached endpoint answers (keyed by endpoint and query)
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// User-Agent header: name your project and a contact [default: mura's own]
        #[arg(long, value_name = "TEXT")]
        user_agent: Option<String>,
        /// Per-request timeout in seconds (1-59)
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        timeout: u64,
        /// Most requests sent in any 60 seconds
        #[arg(long, value_name = "N", default_value_t = 30)]
        max_requests_per_minute: u32,
    },
    /// Serve the graph over HTTP: SPARQL 1.1 Protocol at /sparql, Graph Store Protocol at
    /// /store, every entity IRI dereferenceable (HTML pages and RDF by content negotiation),
    /// a query page at /. Read-only and on loopback unless told otherwise.
    #[command(after_help = "Examples:
  mura serve                                  the shipped dataset at http://127.0.0.1:7878/
  mura serve --bind 127.0.0.1:8080 --public-base https://kg.example.org
  mura serve --store kg --writable --token-file token.txt   updates with Authorization: Bearer …
  curl -L -H 'Accept: text/turtle' http://127.0.0.1:7878/id/museum/ykylas-museum")]
    Serve {
        /// Dataset folder [default: the working directory when it has a mura.toml, else ./data]
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Serve this on-disk store instead (created empty when missing and --writable)
        #[arg(long, value_name = "DIR", conflicts_with = "data")]
        store: Option<PathBuf>,
        /// Address to listen on (loopback by default; port 0 picks a free port)
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
        bind: std::net::SocketAddr,
        /// The public URL of this server's root, when it runs behind a proxy
        #[arg(long, value_name = "URL")]
        public_base: Option<String>,
        /// Longest a query may run, in seconds (then 503)
        #[arg(long, value_name = "S", default_value_t = 30)]
        timeout: u64,
        /// Accept SPARQL updates and Graph Store writes (needs --token-file or --htpasswd)
        #[arg(long)]
        writable: bool,
        /// File holding the Bearer token that writes need
        #[arg(long, value_name = "FILE")]
        token_file: Option<PathBuf>,
        /// htpasswd file of bcrypt entries (`htpasswd -B`) for Basic auth of writes
        #[arg(long, value_name = "FILE")]
        htpasswd: Option<PathBuf>,
        /// Let queries call this SERVICE endpoint (repeat; SERVICE is refused otherwise)
        #[arg(long, value_name = "URL")]
        allow_service: Vec<String>,
        /// Allow this origin by CORS (repeat; `*` for any; off by default)
        #[arg(long, value_name = "ORIGIN")]
        cors: Vec<String>,
        /// Largest request body in bytes (413 beyond)
        #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
        max_body: usize,
        /// Queries evaluated at once (503 with Retry-After beyond)
        #[arg(long, value_name = "N", default_value_t = 8)]
        max_queries: usize,
        /// Folder of named queries shown on the query page [default: ./queries]
        #[arg(long, value_name = "DIR")]
        queries: Option<PathBuf>,
        /// No access log on standard error
        #[arg(short, long)]
        quiet: bool,
    },
    /// Push the graph into a triple store that already runs (Virtuoso, Oxigraph server,
    /// Fuseki, QLever, any Graph Store Protocol store), each named graph under its own IRI.
    ///
    /// Each graph is uploaded in chunks of N-Triples into a staging graph
    /// (`GRAPH?mura-staging=RUN`), its count checked, then swapped in with one SPARQL
    /// `MOVE`, so readers see the old graph or the new one, never half; afterwards the
    /// store's count must equal mura's. A failure leaves the live graph untouched and drops
    /// the staging graph; staging graphs a killed run left are dropped by the next run.
    /// Credentials come from --password-file, --token-file, MURA_PUSH_PASSWORD or
    /// MURA_PUSH_TOKEN, never from the command line, and are never printed.
    #[command(after_help = "Examples:
  mura push http://127.0.0.1:7878 --dialect oxigraph             the shipped dataset into an Oxigraph server
  mura push http://127.0.0.1:8890 --dialect virtuoso --user dba --password-file pw   Digest auth
  mura push http://127.0.0.1:3030/kg --dialect fuseki --graph article
  mura push http://127.0.0.1:7019 --dialect qlever --token-file token
  mura push http://127.0.0.1:7878 --dialect oxigraph part-*.nq   the parts of `mura export --shard I/N`
  mura push http://127.0.0.1:7878 --dialect oxigraph --check     compare without writing
  mura push http://127.0.0.1:8890 --dialect virtuoso --bulk-dir /srv/load   files for Virtuoso's bulk loader")]
    Push {
        /// The store's base URL (the dialect knows the paths under it)
        #[arg(value_name = "URL")]
        url: String,
        /// N-Quads (.nq) or TriG files to push instead of a dataset (e.g. shard parts)
        #[arg(value_name = "FILES", conflicts_with_all = ["data", "store"])]
        files: Vec<PathBuf>,
        /// Dataset folder [default: the working directory when it has a mura.toml, else ./data]
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// A store built with `mura build --store DIR`, instead of the dataset
        #[arg(long, value_name = "DIR", conflicts_with = "data")]
        store: Option<PathBuf>,
        /// The kind of store: gsp (Graph Store Protocol at URL/store, SPARQL at URL/update and
        /// URL/query), oxigraph, virtuoso, fuseki (URL = …/DATASET), qlever, neptune-files
        #[arg(long, value_enum, default_value = "gsp")]
        dialect: DialectArg,
        /// Only this graph: a name (`article`, `curation`, `wikidata`, `meta`) or an IRI (repeat)
        #[arg(long, value_name = "NAME")]
        graph: Vec<String>,
        /// Triples per request
        #[arg(long, value_name = "N", default_value_t = 100_000)]
        chunk: usize,
        /// Requests in flight at once while uploading a graph
        #[arg(long, value_name = "N", default_value_t = 2)]
        parallel: usize,
        /// Virtuoso: swap graphs of up to N triples inside its transaction log; bigger ones
        /// are swapped in one transaction without the log (durable from Virtuoso's next
        /// checkpoint). Raise it with the server's TransactionAfterImageLimit
        #[arg(long, value_name = "N", default_value_t = mura::push::VIRTUOSO_LOGGED_SWAP)]
        virtuoso_logged_swap: u64,
        /// Oxigraph: refuse to replace a graph of more than N triples, since Oxigraph holds a
        /// whole swap in the server's memory (1.86M triples took 6.4 GB and 284 s here); push
        /// bigger graphs with --append into an empty graph, or load them with `oxigraph load`
        #[arg(long, value_name = "N", default_value_t = mura::push::OXIGRAPH_SWAP_MAX)]
        oxigraph_swap_max: u64,
        /// Add the triples to the live graphs instead of replacing them
        #[arg(long, conflicts_with = "check")]
        append: bool,
        /// Read and spool the graph, print what would be sent, send nothing
        #[arg(long, conflicts_with = "check")]
        dry_run: bool,
        /// Compare the store with mura's graph without writing: counts, and a sample of the
        /// triples missing on either side (exit 1 when they differ)
        #[arg(long)]
        check: bool,
        /// Graph Store Protocol endpoint, overriding the dialect's
        #[arg(long, value_name = "URL")]
        gsp_url: Option<String>,
        /// SPARQL Update endpoint, overriding the dialect's
        #[arg(long, value_name = "URL")]
        update_url: Option<String>,
        /// SPARQL query endpoint, overriding the dialect's
        #[arg(long, value_name = "URL")]
        query_url: Option<String>,
        /// User name (Basic auth; Digest for virtuoso); the password from --password-file or
        /// MURA_PUSH_PASSWORD
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// File holding the password (its first line)
        #[arg(long, value_name = "FILE", requires = "user")]
        password_file: Option<PathBuf>,
        /// File holding a Bearer token (its first line); else MURA_PUSH_TOKEN
        #[arg(long, value_name = "FILE", conflicts_with = "user")]
        token_file: Option<PathBuf>,
        /// Retries of a request after a connection error or a 5xx (waits double each time)
        #[arg(long, value_name = "N", default_value_t = 4)]
        retries: u32,
        /// The first wait before a retry, in milliseconds
        #[arg(long, value_name = "MS", default_value_t = 500)]
        retry_wait: u64,
        /// Longest a request may take, in seconds
        #[arg(long, value_name = "S", default_value_t = 300)]
        timeout: u64,
        /// virtuoso: write `.nt.gz` files with `.graph` sidecars for its bulk loader here and
        /// print the isql-vt command, instead of pushing; neptune-files: the output folder
        #[arg(long, value_name = "DIR")]
        bulk_dir: Option<PathBuf>,
        /// neptune-files: the S3 URI the folder is uploaded to (the loader's `source`)
        #[arg(long, value_name = "S3-URI")]
        neptune_source: Option<String>,
        /// neptune-files: the IAM role the loader assumes (`iamRoleArn`)
        #[arg(long, value_name = "ARN")]
        neptune_role: Option<String>,
        /// neptune-files: the AWS region
        #[arg(long, value_name = "REGION")]
        neptune_region: Option<String>,
        /// No progress on standard error
        #[arg(short, long)]
        quiet: bool,
    },
    /// List the named queries in queries/ with the question each answers.
    Queries {
        /// Folder of named queries [default: ./queries]
        #[arg(long, value_name = "DIR")]
        queries: Option<PathBuf>,
    },
}
