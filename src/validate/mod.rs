//! SHACL validation of a built graph against `ontology/shapes.ttl` (or other shapes).
//!
//! The engine is the `shacl` crate of the rudof project: a SHACL Core validator in Rust that
//! works with oxigraph 0.5 (one oxigraph in the build), so no JVM or Python is needed at run
//! time; CI cross-checks every verdict with pySHACL. The data graph is the union of the
//! build's named graphs. Reports are grouped by node shape and focus node and name entities
//! by label; they render as text, as the W3C validation report graph (Turtle) or as JSON.
//! Violations make a graph non-conforming; warnings and infos never do.

use crate::error::{Error, Result};
use crate::export;
use crate::query;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::*;
use rudof_rdf::rdf_core::term::Object;
use rudof_rdf::rdf_core::{RDFFormat, SHACLPath};
use rudof_rdf::rdf_impl::{OxigraphInMemory, ReaderMode};
use shacl::validator::processor::{GraphValidation, ShaclProcessor};
use shacl::validator::store::ShaclDataManager;
use shacl::validator::{ShaclConfig, ShaclValidationMode};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

const SH: &str = "http://www.w3.org/ns/shacl#";
/// The base-IRI pattern written in the shipped shapes, rewritten to the dataset's base.
const SHIPPED_BASE_PATTERN: &str = r"^https://w3id\\.org/mura/id/";

/// Loaded shapes: compiled for the engine, and as a graph for names and messages.
pub struct Shapes {
    pub files: Vec<PathBuf>,
    schema: shacl::ir::IRSchema,
    graph: Graph,
}

/// How serious a result is (`sh:resultSeverity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Violation,
    Warning,
    Info,
}

impl Severity {
    fn iri(self) -> NamedNode {
        NamedNode::new_unchecked(format!(
            "{SH}{}",
            match self {
                Severity::Violation => "Violation",
                Severity::Warning => "Warning",
                Severity::Info => "Info",
            }
        ))
    }

    fn word(self) -> &'static str {
        match self {
            Severity::Violation => "violation",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One validation result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// The node shape the failing constraint belongs to.
    pub node_shape: Option<NamedNode>,
    /// `sh:sourceShape`: the property shape (or node shape) of the failing constraint.
    pub source_shape: Option<Term>,
    pub component: String,
    pub focus: Term,
    /// The property path: a predicate, an inverse, or another path in SPARQL syntax.
    pub path: Option<PathStep>,
    pub value: Option<Term>,
    /// `sh:message` by language (`""` for an untagged message or the engine's own text).
    pub messages: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Predicate(NamedNode),
    Inverse(NamedNode),
    Other(String),
}

impl PathStep {
    fn show(&self, base: &str) -> String {
        match self {
            PathStep::Predicate(p) => query::compact(p.as_str(), base),
            PathStep::Inverse(p) => format!("^{}", query::compact(p.as_str(), base)),
            PathStep::Other(s) => compact_path(s, base),
        }
    }
}

/// A validation report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when the report has no result at all: SHACL's `sh:conforms` (§3.6.1), which a
    /// warning makes false too.
    pub fn conforms(&self) -> bool {
        self.findings.is_empty()
    }

    /// True when a result is a violation: what makes mura refuse a graph (warnings and
    /// infos are let through by default).
    pub fn has_violations(&self) -> bool {
        self.count(Severity::Violation) > 0
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The shipped shapes (`ontology/shapes.ttl`), compiled into the binary; the file in the
/// source tree stays the source of truth.
pub const SHIPPED_SHAPES: &str = include_str!("../../ontology/shapes.ttl");

/// Where the shipped shapes are said to come from.
const SHIPPED_SHAPES_NAME: &str = "ontology/shapes.ttl";

/// Escapes a base IRI as a regular expression written inside a Turtle string.
fn base_pattern(base: &str) -> String {
    let mut out = String::from("^");
    for c in base.chars() {
        if ".+*?()[]{}|^$\\".contains(c) {
            out.push_str("\\\\");
        }
        out.push(c);
    }
    out
}

/// Reads and compiles shapes files (none: `./ontology/shapes.ttl` when the working
/// directory has one, else the shipped shapes); the shipped base-IRI rule is rewritten to
/// `base`.
pub fn load_shapes(files: &[PathBuf], base: Option<&str>) -> Result<Shapes> {
    let mut files = files.to_vec();
    if files.is_empty() && Path::new(SHIPPED_SHAPES_NAME).is_file() {
        files.push(PathBuf::from(SHIPPED_SHAPES_NAME));
    }
    let mut texts = Vec::new();
    for file in &files {
        let content = std::fs::read_to_string(file).map_err(|source| Error::Read {
            path: file.clone(),
            source,
        })?;
        texts.push((file.clone(), content));
    }
    if texts.is_empty() {
        texts.push((
            PathBuf::from(SHIPPED_SHAPES_NAME),
            SHIPPED_SHAPES.to_owned(),
        ));
    }
    let files: Vec<PathBuf> = texts.iter().map(|(f, _)| f.clone()).collect();
    let mut text = String::new();
    let mut graph = Graph::new();
    for (file, mut content) in texts {
        if let Some(base) = base {
            content = content.replace(SHIPPED_BASE_PATTERN, &base_pattern(base));
        }
        for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(content.as_bytes()) {
            let triple = triple.map_err(|source| Error::Parse {
                origin: file.display().to_string(),
                source: source.into(),
            })?;
            graph.insert(&Triple::from(triple));
        }
        text.push_str(&content);
        text.push('\n');
    }
    // Several files are merged as one N-Triples document so their prefixes cannot clash.
    let mut nt = Vec::new();
    export::write_quads(
        graph
            .iter()
            .map(|t| t.into_owned().in_graph(GraphName::DefaultGraph))
            .collect(),
        RdfFormat::NTriples,
        "",
        &mut nt,
    )?;
    let origin = files
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let schema = ShaclDataManager::load(&mut nt.as_slice(), &origin, &RDFFormat::NTriples, None)
        .map_err(|e| Error::Usage(format!("the shapes in {origin} are not valid SHACL: {e}")))?;
    Ok(Shapes {
        files,
        schema,
        graph,
    })
}

/// Validates the union of `quads`' graphs against `shapes`.
pub fn validate(quads: &[Quad], shapes: &Shapes) -> Result<Report> {
    let mut seen = HashSet::new();
    let mut nt = String::new();
    for q in quads {
        let t = TripleRef::new(q.subject.as_ref(), q.predicate.as_ref(), q.object.as_ref());
        if seen.insert(t) {
            nt.push_str(&t.to_string());
            nt.push_str(" .\n");
        }
    }
    let data = OxigraphInMemory::from_str(&nt, &RDFFormat::NTriples, None, &ReaderMode::default())
        .map_err(|e| Error::Internal(format!("cannot read the graph for validation: {e}")))?;
    let mut validation = GraphValidation::new(data.into());
    let report = validation
        .validate(
            &shapes.schema,
            &ShaclValidationMode::Native,
            &ShaclConfig::default(),
        )
        .map_err(|e| Error::Internal(format!("SHACL validation failed: {e}")))?;
    let mut findings: Vec<Finding> = report
        .results()
        .iter()
        .map(|r| {
            let source_shape = r.source().map(object_term);
            let severity = match r.severity().to_string().as_str() {
                s if s.ends_with("Warning") => Severity::Warning,
                s if s.ends_with("Info") => Severity::Info,
                _ => Severity::Violation,
            };
            let path = r.path().map(|p| match p {
                SHACLPath::Predicate { pred } => {
                    PathStep::Predicate(NamedNode::new_unchecked(pred.as_str()))
                }
                SHACLPath::Inverse { path } => match path.as_ref() {
                    SHACLPath::Predicate { pred } => {
                        PathStep::Inverse(NamedNode::new_unchecked(pred.as_str()))
                    }
                    _ => PathStep::Other(sparql_path(p)),
                },
                _ => PathStep::Other(sparql_path(p)),
            });
            let mut messages = BTreeMap::new();
            if let Some(Term::NamedNode(shape)) = &source_shape {
                for t in shapes.graph.objects_for_subject_predicate(
                    shape,
                    NamedNodeRef::new_unchecked(&format!("{SH}message")),
                ) {
                    if let TermRef::Literal(l) = t {
                        messages
                            .insert(l.language().unwrap_or("").to_owned(), l.value().to_owned());
                    }
                }
            }
            if messages.is_empty() {
                for (lang, text) in r.message().iter() {
                    messages.insert(
                        lang.as_ref().map(|l| l.to_string()).unwrap_or_default(),
                        text.clone(),
                    );
                }
            }
            Finding {
                severity,
                node_shape: source_shape
                    .as_ref()
                    .and_then(|s| node_shape_of(&shapes.graph, s)),
                source_shape,
                component: r.constraint_component().to_string(),
                focus: object_term(r.focus_node()),
                path,
                value: r.value().map(object_term),
                messages,
            }
        })
        .collect();
    findings.sort_by_cached_key(|f| {
        (
            f.node_shape.as_ref().map(|n| n.to_string()),
            f.focus.to_string(),
            f.severity,
            f.source_shape.as_ref().map(|s| s.to_string()),
            f.path.as_ref().map(|p| format!("{p:?}")),
            f.value.as_ref().map(|v| v.to_string()),
        )
    });
    findings.dedup();
    Ok(Report { findings })
}

/// A SHACL path in SPARQL property-path syntax, IRIs in angle brackets
/// (`<http://www.w3.org/2002/07/owl#sameAs>/^<http://www.w3.org/2002/07/owl#sameAs>`).
fn sparql_path(path: &SHACLPath) -> String {
    let group = |p: &SHACLPath| match p {
        SHACLPath::Predicate { .. } => sparql_path(p),
        SHACLPath::Inverse { path } if matches!(**path, SHACLPath::Predicate { .. }) => {
            sparql_path(p)
        }
        _ => format!("({})", sparql_path(p)),
    };
    let join =
        |paths: &[SHACLPath], sep: &str| paths.iter().map(group).collect::<Vec<_>>().join(sep);
    match path {
        SHACLPath::Predicate { pred } => format!("<{}>", pred.as_str()),
        SHACLPath::Inverse { path } => format!("^{}", group(path)),
        SHACLPath::Sequence { paths } => join(paths, "/"),
        SHACLPath::Alternative { paths } => join(paths, "|"),
        SHACLPath::ZeroOrMore { path } => format!("{}*", group(path)),
        SHACLPath::OneOrMore { path } => format!("{}+", group(path)),
        SHACLPath::ZeroOrOne { path } => format!("{}?", group(path)),
    }
}

/// Compacts every `<IRI>` of a SPARQL path with the known prefixes.
fn compact_path(path: &str, base: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&query::compact(&rest[start + 1..start + len], base));
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The node shape a source shape belongs to: itself if it is a node shape, else the node
/// shape that lists it with `sh:property`.
fn node_shape_of(graph: &Graph, source: &Term) -> Option<NamedNode> {
    let Term::NamedNode(source) = source else {
        return None;
    };
    let property = NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#property");
    let node_shape = NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#NodeShape");
    if graph.contains(TripleRef::new(source, rdf::TYPE, node_shape)) {
        return Some(source.clone());
    }
    graph
        .subjects_for_predicate_object(property, source)
        .find_map(|s| match s {
            NamedOrBlankNodeRef::NamedNode(n) => Some(n.into_owned()),
            _ => None,
        })
}

/// Converts the engine's term into an oxigraph term.
fn object_term(object: &Object) -> Term {
    match object {
        Object::Iri(iri) => NamedNode::new_unchecked(iri.as_str()).into(),
        Object::BlankNode(id) => BlankNode::new_unchecked(id.clone()).into(),
        Object::Literal(lit) => {
            let lexical = lit.lexical_form();
            match lit.lang() {
                Some(lang) => {
                    Literal::new_language_tagged_literal_unchecked(lexical, lang.to_string()).into()
                }
                None => {
                    let datatype = lit.datatype().to_string();
                    let datatype = datatype.trim_start_matches('<').trim_end_matches('>');
                    let datatype = match datatype.strip_prefix("xsd:") {
                        Some(local) => {
                            format!("{}{local}", xsd::STRING.as_str().trim_end_matches("string"))
                        }
                        None => datatype.to_owned(),
                    };
                    Literal::new_typed_literal(lexical, NamedNode::new_unchecked(datatype)).into()
                }
            }
        }
        other => Literal::new_simple_literal(other.to_string()).into(),
    }
}

/// How to name things in a report.
pub struct Labels<'a> {
    pub quads: &'a [Quad],
    pub langs: &'a [String],
    pub base: &'a str,
}

impl Labels<'_> {
    fn name(&self, term: &Term, shapes: Option<&Graph>) -> String {
        let compact = match term {
            Term::NamedNode(n) => query::compact(n.as_str(), self.base),
            Term::Literal(l) => format!("\"{}\"", l.value()),
            other => other.to_string(),
        };
        let Term::NamedNode(node) = term else {
            return compact;
        };
        let mut names: Vec<Literal> = Vec::new();
        let label_props = [
            crate::vocab::schema::NAME,
            NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label"),
        ];
        for q in self.quads {
            if q.subject.as_ref() == NamedOrBlankNodeRef::NamedNode(node.as_ref())
                && label_props.contains(&q.predicate.as_ref())
            {
                if let Term::Literal(l) = &q.object {
                    names.push(l.clone());
                }
            }
        }
        if let Some(g) = shapes {
            for t in g.objects_for_subject_predicate(node, label_props[1]) {
                if let TermRef::Literal(l) = t {
                    names.push(l.into_owned());
                }
            }
        }
        let langs: Vec<&str> = self
            .langs
            .iter()
            .map(String::as_str)
            .chain(["en", "kk"])
            .collect();
        let label = query::pick_name(&names, &langs);
        match label {
            Some(label) => format!("{compact} \"{label}\""),
            None => compact,
        }
    }

    fn message<'m>(&self, messages: &'m BTreeMap<String, String>) -> &'m str {
        self.langs
            .iter()
            .map(String::as_str)
            .chain(["en", ""])
            .find_map(|l| messages.get(l))
            .or_else(|| messages.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// A readable report: a verdict line, then results grouped by node shape and focus node.
pub fn write_text(
    report: &Report,
    shapes: &Shapes,
    labels: &Labels<'_>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let v = report.count(Severity::Violation);
    let w = report.count(Severity::Warning);
    let i = report.count(Severity::Info);
    let files: Vec<String> = shapes
        .files
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    writeln!(
        out,
        "{}: {v} violation{}, {w} warning{}, {i} info (shapes: {})",
        if report.conforms() {
            "conforms"
        } else if !report.has_violations() {
            "no violations"
        } else {
            "does not conform"
        },
        if v == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" },
        files.join(", ")
    )?;
    let mut last_shape = None;
    let mut last_focus = None;
    for f in &report.findings {
        if last_shape != Some(&f.node_shape) {
            let shape = match &f.node_shape {
                Some(s) => labels.name(&Term::NamedNode(s.clone()), Some(&shapes.graph)),
                None => "(shape without a name)".into(),
            };
            writeln!(out, "\n{shape}")?;
            last_shape = Some(&f.node_shape);
            last_focus = None;
        }
        if last_focus != Some(&f.focus) {
            writeln!(out, "  {}", labels.name(&f.focus, None))?;
            last_focus = Some(&f.focus);
        }
        let path = f
            .path
            .as_ref()
            .map(|p| p.show(labels.base))
            .unwrap_or_else(|| "(node)".into());
        let value = f
            .value
            .as_ref()
            .filter(|v| *v != &f.focus)
            .map(|v| format!(" [value {}]", labels.name(v, None)))
            .unwrap_or_default();
        let rule = match &f.source_shape {
            Some(Term::NamedNode(s)) if Some(s) != f.node_shape.as_ref() => {
                format!(" ({})", query::compact(s.as_str(), labels.base))
            }
            _ => String::new(),
        };
        writeln!(
            out,
            "    {:<9} {path}{rule}: {}{value}",
            f.severity.word(),
            labels.message(&f.messages)
        )?;
    }
    Ok(())
}

/// The W3C SHACL validation report graph, as deterministic Turtle. A path other than a
/// predicate or an inverse is copied from the source shape's `sh:path` in `shapes`.
pub fn write_turtle(
    report: &Report,
    shapes: &Shapes,
    base: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let sh = |local: &str| NamedNode::new_unchecked(format!("{SH}{local}"));
    let g = GraphName::DefaultGraph;
    let root = BlankNode::new_unchecked("report");
    let mut quads = vec![
        Quad::new(root.clone(), rdf::TYPE, sh("ValidationReport"), g.clone()),
        Quad::new(
            root.clone(),
            sh("conforms"),
            Literal::from(report.conforms()),
            g.clone(),
        ),
    ];
    for (n, f) in report.findings.iter().enumerate() {
        let r = BlankNode::new_unchecked(format!("result{:04}", n + 1));
        quads.push(Quad::new(root.clone(), sh("result"), r.clone(), g.clone()));
        quads.push(Quad::new(
            r.clone(),
            rdf::TYPE,
            sh("ValidationResult"),
            g.clone(),
        ));
        quads.push(Quad::new(
            r.clone(),
            sh("resultSeverity"),
            f.severity.iri(),
            g.clone(),
        ));
        quads.push(Quad::new(
            r.clone(),
            sh("focusNode"),
            f.focus.clone(),
            g.clone(),
        ));
        quads.push(Quad::new(
            r.clone(),
            sh("sourceConstraintComponent"),
            NamedNode::new_unchecked(&f.component),
            g.clone(),
        ));
        if let Some(s) = &f.source_shape {
            quads.push(Quad::new(
                r.clone(),
                sh("sourceShape"),
                s.clone(),
                g.clone(),
            ));
        }
        if let Some(v) = &f.value {
            quads.push(Quad::new(r.clone(), sh("value"), v.clone(), g.clone()));
        }
        match &f.path {
            Some(PathStep::Predicate(p)) => {
                quads.push(Quad::new(r.clone(), sh("resultPath"), p.clone(), g.clone()))
            }
            Some(PathStep::Inverse(p)) => {
                let path = BlankNode::new_unchecked(format!("path{:04}", n + 1));
                quads.push(Quad::new(
                    r.clone(),
                    sh("resultPath"),
                    path.clone(),
                    g.clone(),
                ));
                quads.push(Quad::new(path, sh("inversePath"), p.clone(), g.clone()));
            }
            Some(PathStep::Other(_)) => {
                let path = match &f.source_shape {
                    Some(Term::NamedNode(shape)) => shapes
                        .graph
                        .object_for_subject_predicate(shape, &sh("path"))
                        .map(TermRef::into_owned),
                    _ => None,
                };
                if let Some(path) = path {
                    let mut names = 0;
                    let path = copy_blank_structure(
                        &shapes.graph,
                        path,
                        &format!("path{:04}", n + 1),
                        &mut names,
                        &mut quads,
                    );
                    quads.push(Quad::new(r.clone(), sh("resultPath"), path, g.clone()));
                }
            }
            None => {}
        }
        for (lang, text) in &f.messages {
            let message = if lang.is_empty() {
                Literal::new_simple_literal(text)
            } else {
                Literal::new_language_tagged_literal_unchecked(text, lang)
            };
            quads.push(Quad::new(
                r.clone(),
                sh("resultMessage"),
                message,
                g.clone(),
            ));
        }
    }
    export::write_quads(quads, RdfFormat::Turtle, base, out)
}

/// Copies `term` and, when it is a blank node, the triples below it (a SHACL path: lists,
/// `sh:inversePath`, …) from `graph` into `quads`, with blank nodes renamed `{prefix}_{k}`
/// in a fixed order (the triples of a path node have distinct predicates).
fn copy_blank_structure(
    graph: &Graph,
    term: Term,
    prefix: &str,
    names: &mut usize,
    quads: &mut Vec<Quad>,
) -> Term {
    let Term::BlankNode(node) = term else {
        return term;
    };
    *names += 1;
    let copy = BlankNode::new_unchecked(format!("{prefix}_{names}"));
    let mut triples: Vec<(NamedNode, Term)> = graph
        .triples_for_subject(&node)
        .map(|t| (t.predicate.into_owned(), t.object.into_owned()))
        .collect();
    triples.sort_by_cached_key(|(p, _)| p.to_string());
    for (p, o) in triples {
        let o = copy_blank_structure(graph, o, prefix, names, quads);
        quads.push(Quad::new(copy.clone(), p, o, GraphName::DefaultGraph));
    }
    copy.into()
}

/// The report as JSON: verdict, counts and one object per result.
pub fn write_json(report: &Report, labels: &Labels<'_>, out: &mut dyn Write) -> Result<()> {
    let results: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "severity": f.severity,
                "nodeShape": f.node_shape.as_ref().map(|n| n.as_str()),
                "sourceShape": f.source_shape.as_ref().map(term_string),
                "component": f.component,
                "focusNode": term_string(&f.focus),
                "focusLabel": labels.name(&f.focus, None),
                "path": f.path.as_ref().map(|p| p.show("")),
                "value": f.value.as_ref().map(term_string),
                "message": labels.message(&f.messages),
                "messages": f.messages,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "conforms": report.conforms(),
        "violations": report.count(Severity::Violation),
        "warnings": report.count(Severity::Warning),
        "infos": report.count(Severity::Info),
        "results": results,
    });
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(|e| Error::Serialize(e.into()))?;
    writeln!(out).map_err(Error::Serialize)
}

fn term_string(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}
