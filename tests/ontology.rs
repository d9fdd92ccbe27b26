//! The ontology: every term mura writes, and every term its ontology files use, is defined
//! somewhere a reader can look it up.
//!
//! The namespace of a term decides where it must be defined:
//! - `mura:` in `ontology/mura.ttl` (typed, labelled and commented in English and Kazakh);
//! - `schema:` in the schema.org release `../shared/vendor/schemaorg/schemaorg-current-http.ttl`
//!   (and not superseded there);
//! - `crm:` in CIDOC-CRM 7.1.2 `../shared/vendor/cidoc-crm/7.1.2/CIDOC_CRM_v7.1.2.ttl`;
//! - Wikidata ids (`wd:Q…`, `wd:P…`, `wdt:P…`) in [`WIKIDATA_VERIFIED`], the ids verified
//!   in `../shared/facts.md`;
//! - every other standard vocabulary mura uses (PROV, DCTERMS, SKOS, ORG, FOAF, Geo, OWL,
//!   RDF, RDFS, XSD, VoID, DCAT, SHACL) in `ontology/external.ttl`.
//!
//! The vendored releases are read from `../shared` (never copied into the project). The
//! three tests that need them are ignored when `../shared` is not beside the project (cfg
//! `mura_shared`, see build.rs); under `CI=true` they run, and fail naming the missing
//! file. The check of the ontology files themselves needs nothing outside the project.

mod common;

use common::{root, shared, stdout_of};
use mura::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

const MURA_TTL: &str = "ontology/mura.ttl";
const EXTERNAL_TTL: &str = "ontology/external.ttl";
/// Under `../shared`.
const SCHEMA_TTL: &str = "vendor/schemaorg/schemaorg-current-http.ttl";
/// Under `../shared`.
const CRM_TTL: &str = "vendor/cidoc-crm/7.1.2/CIDOC_CRM_v7.1.2.ttl";

/// The shipped dataset's base (`data/mura.toml`): IRIs under it are instances, not terms.
const DATA_BASE: &str = "https://w3id.org/mura/id/";
/// The ontology's own IRI (the namespace without `#`).
const ONTOLOGY_IRI: &str = "https://w3id.org/mura/ontology";

/// The Wikidata classes and properties verified by the curators, copied from
/// `../shared/facts.md`, section "Wikidata classes and properties (verified)". The instance
/// ids of that file (places, the Louvre) are left out on purpose: the ontology names
/// classes and properties, never instances. Add an id here only after adding it to
/// facts.md as verified.
const WIKIDATA_VERIFIED: &[&str] = &[
    // classes
    "Q33506",   // museum
    "Q2087181", // historic house museum
    "Q5",       // human
    "Q6256",    // country
    "Q3624078", // sovereign state
    "Q515",     // city
    "Q1549591", // big city
    "Q5119",    // capital
    "Q484652",  // international organization
    "Q245065",  // intergovernmental organization
    "Q618779",  // award
    // properties
    "P31",   // instance of
    "P279",  // subclass of
    "P17",   // country
    "P131",  // located in the administrative territorial entity
    "P159",  // headquarters location
    "P276",  // location
    "P361",  // part of
    "P527",  // has part(s)
    "P463",  // member of
    "P749",  // parent organization
    "P355",  // subsidiary
    "P166",  // award received
    "P1027", // conferred by
    "P585",  // point in time
    "P580",  // start time
    "P582",  // end time
    "P39",   // position held
    "P1308", // officeholder
    "P2388", // office held by head of the organization
    "P488",  // chairperson
    "P138",  // named after
    "P625",  // coordinate location
    "P569",  // date of birth
    "P570",  // date of death
    "P19",   // place of birth
    "P20",   // place of death
    "P27",   // country of citizenship
    "P106",  // occupation
    "P1448", // official name
    "P1705", // native label
    "P856",  // official website
    "P571",  // inception
    "P6",    // head of government
];

/// `mura:` terms the ontology declares although mura never writes them: the two SKOS
/// concept schemes that hold the organisation and museum types.
const ONTOLOGY_ONLY: &[&str] = &["OrganisationTypes", "MuseumTypes"];

/// Namespaces whose terms `ontology/external.ttl` records.
const EXTERNAL_NAMESPACES: &[&str] = &[
    vocab::PROV,
    vocab::DCTERMS,
    vocab::SKOS,
    vocab::ORG,
    vocab::FOAF,
    vocab::GEO,
    vocab::OWL,
    vocab::RDF,
    vocab::RDFS,
    vocab::XSD,
    vocab::VOID,
    vocab::DCAT,
    vocab::SH,
];

const OWL_CLASS: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#Class");
const OWL_OBJECT_PROPERTY: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#ObjectProperty");
const OWL_DATATYPE_PROPERTY: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#DatatypeProperty");
const OWL_ONTOLOGY: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#Ontology");
const OWL_VERSION_INFO: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#versionInfo");
const SKOS_CONCEPT: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#Concept");
const SKOS_CONCEPT_SCHEME: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#ConceptScheme");
const SKOS_IN_SCHEME: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#inScheme");
const SCHEMA_SUPERSEDED_BY: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://schema.org/supersededBy");
const CC_BY_4: &str = "https://creativecommons.org/licenses/by/4.0/";

/// Which definition a term's namespace asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Home {
    Mura,
    Schema,
    Crm,
    /// `wd:` (items and property entities) or `wdt:` (direct claims).
    Wikidata,
    External(&'static str),
    /// An IRI under the dataset base: an instance, never a term.
    Data,
    /// A vocabulary's namespace IRI itself (`http://www.w3.org/ns/prov#`), not a term.
    Namespace,
    /// No known vocabulary (web pages, licences, …).
    Unknown,
}

fn home(iri: &str) -> Home {
    let mut known: Vec<(&'static str, Home)> = vec![
        (vocab::MURA, Home::Mura),
        (vocab::SCHEMA, Home::Schema),
        (vocab::CRM, Home::Crm),
        (vocab::WD, Home::Wikidata),
        (vocab::WDT, Home::Wikidata),
        (DATA_BASE, Home::Data),
    ];
    known.extend(
        EXTERNAL_NAMESPACES
            .iter()
            .map(|ns| (*ns, Home::External(ns))),
    );
    match known
        .iter()
        .filter(|(ns, _)| iri.starts_with(ns))
        .max_by_key(|(ns, _)| ns.len())
    {
        Some((ns, _)) if iri.len() == ns.len() => Home::Namespace,
        Some((_, h)) => *h,
        None => Home::Unknown,
    }
}

/// Shortens an IRI to `prefix:local` for messages.
fn short(iri: &str) -> String {
    for (prefix, ns) in vocab::PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() {
                return format!("{prefix}:{local}");
            }
        }
    }
    format!("<{iri}>")
}

fn path_in_shared(rel: &str) -> Result<PathBuf, String> {
    let path = shared().join(rel);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: the ontology tests check schema.org and CIDOC-CRM terms against the \
             vendored releases in ../shared/vendor (CI provides them; never copy them into the \
             project). Make ../shared available beside the project and run again.",
            path.display()
        ))
    }
}

fn parse_file(path: &Path, format: RdfFormat) -> Result<Graph, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_bytes(&bytes, format, &path.display().to_string())
}

fn parse_bytes(bytes: &[u8], format: RdfFormat, what: &str) -> Result<Graph, String> {
    let mut graph = Graph::new();
    for quad in RdfParser::from_format(format).for_slice(bytes) {
        let quad = quad.map_err(|e| format!("{what} does not parse: {e}"))?;
        graph.insert(&Triple::from(quad));
    }
    Ok(graph)
}

/// The project's own ontology files, parsed once for all tests.
struct Ontology {
    mura: Graph,
    external: Graph,
}

/// Every vocabulary file the term checks need: the ontology files and the vendored
/// releases of `../shared`.
struct Vocabularies {
    mura: &'static Graph,
    external: &'static Graph,
    schema: Graph,
    crm: Graph,
}

/// Both loaded once; an error (a missing vendor file, a Turtle syntax error) is kept so
/// that every test fails with it rather than with a poisoned lock.
static ONTOLOGY: LazyLock<Result<Ontology, String>> = LazyLock::new(|| {
    Ok(Ontology {
        mura: parse_file(&root().join(MURA_TTL), RdfFormat::Turtle)?,
        external: parse_file(&root().join(EXTERNAL_TTL), RdfFormat::Turtle)?,
    })
});

static VOCABULARIES: LazyLock<Result<Vocabularies, String>> = LazyLock::new(|| {
    let ontology = ONTOLOGY.as_ref()?;
    Ok(Vocabularies {
        mura: &ontology.mura,
        external: &ontology.external,
        schema: parse_file(&path_in_shared(SCHEMA_TTL)?, RdfFormat::Turtle)?,
        crm: parse_file(&path_in_shared(CRM_TTL)?, RdfFormat::Turtle)?,
    })
});

fn ontology() -> &'static Ontology {
    match &*ONTOLOGY {
        Ok(o) => o,
        Err(e) => panic!("{e}"),
    }
}

fn vocabularies() -> &'static Vocabularies {
    match &*VOCABULARIES {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    }
}

fn is_subject(graph: &Graph, iri: &str) -> bool {
    graph
        .triples_for_subject(NamedNodeRef::new_unchecked(iri))
        .next()
        .is_some()
}

/// The literals of `iri`'s `predicate` in `lang`.
fn texts<'a>(
    graph: &'a Graph,
    iri: &'a str,
    predicate: NamedNodeRef<'a>,
    lang: &'a str,
) -> Vec<&'a str> {
    graph
        .objects_for_subject_predicate(NamedNodeRef::new_unchecked(iri), predicate)
        .filter_map(|o| match o {
            TermRef::Literal(l) if l.language() == Some(lang) => Some(l.value()),
            _ => None,
        })
        .collect()
}

fn types<'a>(graph: &'a Graph, iri: &'a str) -> Vec<NamedNodeRef<'a>> {
    graph
        .objects_for_subject_predicate(NamedNodeRef::new_unchecked(iri), rdf::TYPE)
        .filter_map(|o| match o {
            TermRef::NamedNode(n) => Some(n),
            _ => None,
        })
        .collect()
}

impl Vocabularies {
    /// `Ok` when `iri` is defined where its namespace says, else a message naming the term
    /// and the file it must be in.
    fn check_term(&self, iri: &str) -> Result<(), String> {
        let name = short(iri);
        match home(iri) {
            Home::Mura => {
                let mut missing = Vec::new();
                if types(self.mura, iri).is_empty() {
                    missing.push("rdf:type".to_owned());
                }
                for (predicate, p) in [(rdfs::LABEL, "rdfs:label"), (rdfs::COMMENT, "rdfs:comment")]
                {
                    for lang in ["en", "kk"] {
                        if texts(self.mura, iri, predicate, lang).is_empty() {
                            missing.push(format!("{p}@{lang}"));
                        }
                    }
                }
                if missing.is_empty() {
                    Ok(())
                } else if !is_subject(self.mura, iri) {
                    Err(format!("{name} is not declared in {MURA_TTL}"))
                } else {
                    Err(format!("{name} in {MURA_TTL} lacks {}", missing.join(", ")))
                }
            }
            Home::Schema => {
                let file = format!("../shared/{SCHEMA_TTL}");
                if !is_subject(&self.schema, iri) {
                    return Err(format!(
                        "{name} is not a term of schema.org release 30.0 ({file})"
                    ));
                }
                match self.schema.object_for_subject_predicate(
                    NamedNodeRef::new_unchecked(iri),
                    SCHEMA_SUPERSEDED_BY,
                ) {
                    Some(by) => Err(format!("{name} is superseded by {by} in {file}")),
                    None => Ok(()),
                }
            }
            Home::Crm => {
                if types(&self.crm, iri).is_empty() {
                    Err(format!(
                        "{name} is not a term of CIDOC-CRM 7.1.2 (../shared/{CRM_TTL})"
                    ))
                } else {
                    Ok(())
                }
            }
            Home::Wikidata => {
                let id = iri.rsplit('/').next().unwrap_or(iri);
                if WIKIDATA_VERIFIED.contains(&id) {
                    Ok(())
                } else {
                    Err(format!(
                        "{name}: Wikidata id {id} is not verified in ../shared/facts.md \
                         (WIKIDATA_VERIFIED in tests/ontology.rs)"
                    ))
                }
            }
            Home::External(ns) => {
                let mut missing = Vec::new();
                if types(self.external, iri).is_empty() {
                    missing.push("rdf:type");
                }
                if !self.external.contains(TripleRef::new(
                    NamedNodeRef::new_unchecked(iri),
                    rdfs::IS_DEFINED_BY,
                    NamedNodeRef::new_unchecked(ns),
                )) {
                    missing.push("rdfs:isDefinedBy its namespace");
                }
                if texts(self.external, iri, rdfs::LABEL, "en").is_empty() {
                    missing.push("rdfs:label@en");
                }
                if missing.is_empty() {
                    Ok(())
                } else if !is_subject(self.external, iri) {
                    Err(format!("{name} is not declared in {EXTERNAL_TTL}"))
                } else {
                    Err(format!(
                        "{name} in {EXTERNAL_TTL} lacks {}",
                        missing.join(", ")
                    ))
                }
            }
            Home::Data => Err(format!(
                "{name} is a data IRI (under {DATA_BASE}), used where a term is expected"
            )),
            Home::Namespace => Err(format!(
                "{name} is a vocabulary namespace, used where a term is expected"
            )),
            Home::Unknown => Err(format!(
                "{name} belongs to no vocabulary mura knows: add its namespace to src/vocab.rs and \
                 the term to {EXTERNAL_TTL}"
            )),
        }
    }
}

/// Panics with every problem, one per line.
fn assert_no_problems(what: &str, problems: BTreeSet<String>) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s)\n  {}",
        problems.len(),
        problems.into_iter().collect::<Vec<_>>().join("\n  ")
    );
}

/// Test 1: every term of every `terms!` module in src/vocab.rs is defined.
#[test]
#[cfg_attr(
    not(mura_shared),
    ignore = "needs ../shared/vendor beside the project (schema.org, CIDOC-CRM; CI provides it)"
)]
fn every_vocab_term_is_defined() {
    let v = vocabularies();
    // ALL_TERMS must list every module: count the `terms!(` invocations in the source.
    let source =
        std::fs::read_to_string(root().join("src/vocab.rs")).expect("src/vocab.rs is readable");
    let modules = source
        .lines()
        .filter(|l| l.trim_start().starts_with("terms!("))
        .count();
    assert_eq!(
        modules,
        vocab::ALL_TERMS.len(),
        "src/vocab.rs has {modules} terms! modules but ALL_TERMS lists {}: add the new module's ALL",
        vocab::ALL_TERMS.len()
    );
    let mut problems = BTreeSet::new();
    for term in vocab::ALL_TERMS.iter().flat_map(|m| m.iter()) {
        if let Err(e) = v.check_term(term.as_str()) {
            problems.insert(e);
        }
        // A mura class or concept is capitalised, a property is not; the declared type must agree.
        if home(term.as_str()) == Home::Mura {
            let local = &term.as_str()[vocab::MURA.len()..];
            let declared = types(v.mura, term.as_str());
            let expected: &[NamedNodeRef<'_>] = if local.starts_with(char::is_uppercase) {
                &[OWL_CLASS, SKOS_CONCEPT]
            } else {
                &[OWL_OBJECT_PROPERTY, OWL_DATATYPE_PROPERTY]
            };
            if !declared.is_empty() && !declared.iter().any(|t| expected.contains(t)) {
                problems.insert(format!(
                    "{} in {MURA_TTL} must be typed one of {}",
                    short(term.as_str()),
                    expected
                        .iter()
                        .map(|t| short(t.as_str()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    assert_no_problems("terms of src/vocab.rs", problems);
}

/// Test 2: every predicate, class, datatype and vocabulary IRI of the shipped graph is defined.
#[test]
#[cfg_attr(
    not(mura_shared),
    ignore = "needs ../shared/vendor beside the project (schema.org, CIDOC-CRM; CI provides it)"
)]
fn every_term_in_the_shipped_graph_is_defined() {
    let v = vocabularies();
    let nt = stdout_of(&["export", "--format", "nt"]);
    let graph = parse_bytes(
        nt.as_bytes(),
        RdfFormat::NTriples,
        "`mura export --format nt`",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        graph.len() > 100,
        "the shipped graph has only {} triples",
        graph.len()
    );

    let mut problems = BTreeSet::new();
    // What kind of object each mura predicate takes, for the Object/Datatype property check.
    let mut object_kinds: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let check = |iri: &str, role: &str, problems: &mut BTreeSet<String>| {
        if let Err(e) = v.check_term(iri) {
            problems.insert(format!("{e} (emitted as {role})"));
        }
    };
    for t in graph.iter() {
        check(t.predicate.as_str(), "a predicate", &mut problems);
        if let NamedOrBlankNodeRef::NamedNode(s) = t.subject {
            if !matches!(home(s.as_str()), Home::Data | Home::Unknown) {
                check(s.as_str(), "a subject", &mut problems);
            }
        }
        match t.object {
            TermRef::NamedNode(o) if t.predicate == rdf::TYPE => {
                check(o.as_str(), "a class", &mut problems)
            }
            TermRef::NamedNode(o) if t.predicate == rdf::PREDICATE => {
                check(o.as_str(), "the predicate of a statement", &mut problems)
            }
            // The dataset description lists the vocabularies it uses by their namespaces.
            TermRef::NamedNode(o)
                if t.predicate.as_str() == "http://rdfs.org/ns/void#vocabulary"
                    && home(o.as_str()) == Home::Namespace => {}
            TermRef::NamedNode(o) => match home(o.as_str()) {
                // Instances: the dataset's own IRIs and Wikidata items (owl:sameAs links).
                Home::Data | Home::Unknown => {}
                Home::Wikidata
                    if o.as_str()
                        .strip_prefix(vocab::WD)
                        .is_some_and(|id| id.starts_with('Q')) => {}
                _ => check(o.as_str(), "an object", &mut problems),
            },
            TermRef::Literal(l) => check(l.datatype().as_str(), "a datatype", &mut problems),
            _ => {}
        }
        if home(t.predicate.as_str()) == Home::Mura {
            let kind = if matches!(t.object, TermRef::Literal(_)) {
                "literal"
            } else {
                "IRI"
            };
            object_kinds
                .entry(t.predicate.as_str().to_owned())
                .or_default()
                .insert(kind);
        }
    }
    for (predicate, kinds) in &object_kinds {
        let declared = types(v.mura, predicate);
        for kind in kinds {
            let (expected, name) = match *kind {
                "literal" => (OWL_DATATYPE_PROPERTY, "owl:DatatypeProperty"),
                _ => (OWL_OBJECT_PROPERTY, "owl:ObjectProperty"),
            };
            if !declared.contains(&expected) {
                problems.insert(format!(
                    "{} has {kind} objects in the shipped graph, so {MURA_TTL} must declare it {name}",
                    short(predicate)
                ));
            }
        }
    }
    // The types mura emits for organisations and museums are concepts of the right scheme.
    for (predicate, scheme) in [
        (vocab::ont::ORGANISATION_TYPE, "OrganisationTypes"),
        (vocab::ont::MUSEUM_TYPE, "MuseumTypes"),
    ] {
        let scheme = NamedNode::new_unchecked(format!("{}{scheme}", vocab::MURA));
        for t in graph.triples_for_predicate(predicate) {
            if let TermRef::NamedNode(concept) = t.object {
                if !v
                    .mura
                    .contains(TripleRef::new(concept, SKOS_IN_SCHEME, scheme.as_ref()))
                {
                    problems.insert(format!(
                        "{} (object of {}) must be skos:inScheme {} in {MURA_TTL}",
                        short(concept.as_str()),
                        short(predicate.as_str()),
                        short(scheme.as_str())
                    ));
                }
            }
        }
    }
    assert_no_problems(
        "terms of the shipped graph (`mura export --format nt`)",
        problems,
    );
}

/// Test 3: every schema.org, CIDOC-CRM and Wikidata IRI the ontology files use exists (and
/// so does every other vocabulary term they use).
#[test]
#[cfg_attr(
    not(mura_shared),
    ignore = "needs ../shared/vendor beside the project (schema.org, CIDOC-CRM; CI provides it)"
)]
fn every_term_the_ontology_uses_exists() {
    let v = vocabularies();
    let mut problems = BTreeSet::new();
    for (file, graph) in [(MURA_TTL, v.mura), (EXTERNAL_TTL, v.external)] {
        let mut check = |iri: &str, role: &str, must_be_term: bool| match home(iri) {
            // The ontology IRI, licences and web pages are not vocabulary terms.
            Home::Unknown | Home::Namespace if !must_be_term => {}
            _ if iri == ONTOLOGY_IRI => {}
            _ => {
                if let Err(e) = v.check_term(iri) {
                    problems.insert(format!("{file} uses {} as {role}: {e}", short(iri)));
                }
            }
        };
        for t in graph.iter() {
            if let NamedOrBlankNodeRef::NamedNode(s) = t.subject {
                check(s.as_str(), "a subject", false);
            }
            check(t.predicate.as_str(), "a predicate", true);
            match t.object {
                TermRef::NamedNode(o) => check(o.as_str(), "an object", false),
                TermRef::Literal(l) => check(l.datatype().as_str(), "a datatype", true),
                _ => {}
            }
        }
    }
    assert_no_problems("terms used in ontology/*.ttl", problems);
}

/// Test 4: the ontology files parse; the ontology is described; each mura term has exactly
/// one English and one Kazakh label and comment, and only terms mura writes are declared.
#[test]
fn the_ontology_is_well_formed() {
    let v = ontology();
    let mut problems = BTreeSet::new();

    // The ontology header.
    let ontology = NamedNodeRef::new_unchecked(ONTOLOGY_IRI);
    if !v
        .mura
        .contains(TripleRef::new(ontology, rdf::TYPE, OWL_ONTOLOGY))
    {
        problems.insert(format!(
            "<{ONTOLOGY_IRI}> must be an owl:Ontology in {MURA_TTL}"
        ));
    }
    let dcterms = |local: &str| NamedNode::new_unchecked(format!("{}{local}", vocab::DCTERMS));
    for local in ["title", "description"] {
        for lang in ["en", "kk"] {
            if texts(&v.mura, ONTOLOGY_IRI, dcterms(local).as_ref(), lang).len() != 1 {
                problems.insert(format!(
                    "the ontology needs exactly one dcterms:{local}@{lang} in {MURA_TTL}"
                ));
            }
        }
    }
    if !v.mura.contains(TripleRef::new(
        ontology,
        dcterms("license").as_ref(),
        NamedNodeRef::new_unchecked(CC_BY_4),
    )) {
        problems.insert(format!(
            "the ontology needs dcterms:license <{CC_BY_4}> in {MURA_TTL}"
        ));
    }
    if v.mura
        .object_for_subject_predicate(ontology, OWL_VERSION_INFO)
        .is_none()
    {
        problems.insert(format!("the ontology needs owl:versionInfo in {MURA_TTL}"));
    }

    // Every mura term: one label and one comment per language, Kazakh in Cyrillic.
    let emitted: BTreeSet<&str> = vocab::ont::ALL.iter().map(|t| t.as_str()).collect();
    let declared: BTreeSet<&str> = v
        .mura
        .iter()
        .filter_map(|t| match t.subject {
            NamedOrBlankNodeRef::NamedNode(s) if home(s.as_str()) == Home::Mura => Some(s.as_str()),
            _ => None,
        })
        .collect();
    for iri in &declared {
        let name = short(iri);
        let local = &iri[vocab::MURA.len()..];
        if !emitted.contains(iri) && !ONTOLOGY_ONLY.contains(&local) {
            problems.insert(format!(
                "{name} is declared in {MURA_TTL} but is not in vocab::ont::ALL (src/vocab.rs): \
                 remove it or add it there"
            ));
        }
        for (predicate, p) in [(rdfs::LABEL, "rdfs:label"), (rdfs::COMMENT, "rdfs:comment")] {
            for lang in ["en", "kk"] {
                let found = texts(&v.mura, iri, predicate, lang);
                if found.len() != 1 {
                    problems.insert(format!(
                        "{name} has {} {p}@{lang} in {MURA_TTL}, expected exactly one",
                        found.len()
                    ));
                }
                if lang == "kk" {
                    for text in found {
                        let cyrillic = text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
                        let latin_in_label = predicate == rdfs::LABEL
                            && text.chars().any(|c| c.is_ascii_alphabetic());
                        if !cyrillic || latin_in_label {
                            problems.insert(format!(
                                "{name}'s {p}@kk in {MURA_TTL} is not Kazakh Cyrillic: {text:?}"
                            ));
                        }
                    }
                }
            }
        }
        let kinds = types(&v.mura, iri);
        if kinds.contains(&SKOS_CONCEPT)
            && !v
                .mura
                .objects_for_subject_predicate(NamedNodeRef::new_unchecked(iri), SKOS_IN_SCHEME)
                .any(|s| matches!(s, TermRef::NamedNode(s) if types(&v.mura, s.as_str()).contains(&SKOS_CONCEPT_SCHEME)))
        {
            problems.insert(format!("{name} is a skos:Concept in no skos:ConceptScheme of {MURA_TTL}"));
        }
    }
    for local in ONTOLOGY_ONLY {
        let iri = format!("{}{local}", vocab::MURA);
        if !types(&v.mura, &iri).contains(&SKOS_CONCEPT_SCHEME) {
            problems.insert(format!(
                "mura:{local} must be a skos:ConceptScheme in {MURA_TTL}"
            ));
        }
    }

    // external.ttl records each vocabulary it covers, and only terms of those vocabularies.
    for ns in EXTERNAL_NAMESPACES {
        if !v.external.contains(TripleRef::new(
            NamedNodeRef::new_unchecked(ns),
            rdf::TYPE,
            OWL_ONTOLOGY,
        )) {
            problems.insert(format!(
                "<{ns}> must be recorded as an owl:Ontology in {EXTERNAL_TTL}"
            ));
        }
    }
    for t in v.external.iter() {
        if let NamedOrBlankNodeRef::NamedNode(s) = t.subject {
            if !matches!(home(s.as_str()), Home::External(_) | Home::Namespace) {
                problems.insert(format!(
                    "{EXTERNAL_TTL} describes {}, which is not a term of a non-vendored vocabulary",
                    short(s.as_str())
                ));
            }
        }
    }
    assert_no_problems("ontology/mura.ttl and ontology/external.ttl", problems);
}
