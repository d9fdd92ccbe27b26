//! Europeana EDM RDF/XML: the layout the EDM-external XSD (`EDM.xsd`) accepts.
//!
//! Oxigraph's RDF/XML writer produces valid RDF/XML, but the XSD wants more: every
//! contextual entity as a typed node element (`<edm:Agent rdf:about="…">`), its property
//! elements in the order of the class's `xs:sequence`, `rdf:resource` for IRIs, text with
//! `xml:lang` or `rdf:datatype` for literals, and plain text for the `xs:float` coordinates.
//! [`write`] takes the `edm` profile's triples and writes them in that layout: entities
//! grouped by class (Agent, Place, TimeSpan, Concept) and sorted by IRI, properties in XSD
//! order, values sorted. A triple the XSD has no place for is an error naming it, so the
//! profile's queries and this layout cannot silently drift apart.

use crate::error::{Error, Result};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::*;
use std::collections::BTreeMap;
use std::io::Write;

const EDM: &str = "http://www.europeana.eu/schemas/edm/";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const OWL: &str = "http://www.w3.org/2002/07/owl#";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const DCTERMS: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const RDAGR2: &str = "http://rdvocab.info/ElementsGr2/";
const WGS84: &str = "http://www.w3.org/2003/01/geo/wgs84_pos#";
const RDF_NS: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// Namespace prefixes, in the order they are declared.
const NAMESPACES: &[(&str, &str)] = &[
    ("rdf", RDF_NS),
    ("edm", EDM),
    ("skos", SKOS),
    ("dc", DC),
    ("dcterms", DCTERMS),
    ("foaf", FOAF),
    ("rdaGr2", RDAGR2),
    ("wgs84_pos", WGS84),
    ("owl", OWL),
];

/// A contextual class and its property elements in `xs:sequence` order (CONTEXTS.xsd,
/// SKOS.xsd of the EDM-external schemas); `true` marks `xs:float` elements (no attributes).
struct Class {
    element: &'static str,
    iri: &'static str,
    properties: &'static [(&'static str, bool)],
}

const CLASSES: &[Class] = &[
    Class {
        element: "edm:Agent",
        iri: "http://www.europeana.eu/schemas/edm/Agent",
        properties: &[
            ("skos:prefLabel", false),
            ("skos:altLabel", false),
            ("skos:note", false),
            ("dc:date", false),
            ("dc:identifier", false),
            ("dcterms:hasPart", false),
            ("dcterms:isPartOf", false),
            ("edm:begin", false),
            ("edm:end", false),
            ("edm:hasMet", false),
            ("edm:isRelatedTo", false),
            ("foaf:name", false),
            ("rdaGr2:biographicalInformation", false),
            ("rdaGr2:dateOfBirth", false),
            ("rdaGr2:dateOfDeath", false),
            ("rdaGr2:dateOfEstablishment", false),
            ("rdaGr2:dateOfTermination", false),
            ("rdaGr2:gender", false),
            ("rdaGr2:placeOfBirth", false),
            ("rdaGr2:placeOfDeath", false),
            ("rdaGr2:professionOrOccupation", false),
            ("owl:sameAs", false),
        ],
    },
    Class {
        element: "edm:Place",
        iri: "http://www.europeana.eu/schemas/edm/Place",
        properties: &[
            ("wgs84_pos:lat", true),
            ("wgs84_pos:long", true),
            ("wgs84_pos:alt", true),
            ("skos:prefLabel", false),
            ("skos:altLabel", false),
            ("skos:note", false),
            ("dcterms:hasPart", false),
            ("dcterms:isPartOf", false),
            ("edm:isNextInSequence", false),
            ("owl:sameAs", false),
        ],
    },
    Class {
        element: "edm:TimeSpan",
        iri: "http://www.europeana.eu/schemas/edm/TimeSpan",
        properties: &[
            ("skos:prefLabel", false),
            ("skos:altLabel", false),
            ("skos:note", false),
            ("dcterms:hasPart", false),
            ("dcterms:isPartOf", false),
            ("edm:begin", false),
            ("edm:end", false),
            ("edm:isNextInSequence", false),
            ("owl:sameAs", false),
            ("skos:hiddenLabel", false),
            ("skos:notation", false),
        ],
    },
    Class {
        element: "skos:Concept",
        iri: "http://www.w3.org/2004/02/skos/core#Concept",
        properties: &[
            ("skos:prefLabel", false),
            ("skos:altLabel", false),
            ("skos:broader", false),
            ("skos:narrower", false),
            ("skos:related", false),
            ("skos:exactMatch", false),
            ("skos:closeMatch", false),
            ("skos:note", false),
            ("skos:notation", false),
            ("skos:inScheme", false),
        ],
    },
];

/// `prefix:local` of an IRI in one of [`NAMESPACES`].
fn qname(iri: &str) -> Option<String> {
    NAMESPACES.iter().find_map(|(p, ns)| {
        iri.strip_prefix(ns)
            .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .map(|l| format!("{p}:{l}"))
    })
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// One property element: `<skos:prefLabel xml:lang="kk">…</skos:prefLabel>`.
fn element(name: &str, value: &Term, float: bool) -> Result<String> {
    Ok(match value {
        Term::NamedNode(n) if !float => {
            format!("<{name} rdf:resource=\"{}\"/>", escape(n.as_str(), true))
        }
        Term::Literal(l) => {
            let text = escape(l.value(), false);
            if let Some(lang) = l.language() {
                format!(
                    "<{name} xml:lang=\"{}\">{text}</{name}>",
                    escape(lang, true)
                )
            } else if float || l.datatype() == xsd::STRING {
                format!("<{name}>{text}</{name}>")
            } else {
                format!(
                    "<{name} rdf:datatype=\"{}\">{text}</{name}>",
                    escape(l.datatype().as_str(), true)
                )
            }
        }
        other => {
            return Err(Error::Usage(format!(
                "EDM RDF/XML: {name} cannot hold {other} (a coordinate is a plain number, other values an IRI or a literal)"
            )));
        }
    })
}

/// Writes the triples of `quads` (graph names ignored) as EDM RDF/XML.
pub fn write(quads: &[Quad], out: &mut dyn Write) -> Result<()> {
    let mut nodes: BTreeMap<String, Vec<(&NamedNode, &Term)>> = BTreeMap::new();
    for q in quads {
        let NamedOrBlankNode::NamedNode(s) = &q.subject else {
            return Err(Error::Usage(format!(
                "EDM RDF/XML: every contextual entity needs an IRI (rdf:about), not {}",
                q.subject
            )));
        };
        nodes
            .entry(s.as_str().to_owned())
            .or_default()
            .push((&q.predicate, &q.object));
    }
    // class index → subject → property elements in sequence order
    let mut entities: Vec<BTreeMap<String, Vec<String>>> = vec![BTreeMap::new(); CLASSES.len()];
    for (subject, props) in &nodes {
        let classes: Vec<usize> = props
            .iter()
            .filter(|(p, _)| p.as_ref() == rdf::TYPE)
            .filter_map(|(_, o)| match o {
                Term::NamedNode(t) => CLASSES.iter().position(|c| c.iri == t.as_str()),
                _ => None,
            })
            .collect();
        let [class] = classes[..] else {
            return Err(Error::Usage(format!(
                "EDM RDF/XML: <{subject}> must have exactly one of the classes edm:Agent, edm:Place, edm:TimeSpan, skos:Concept (it has {})",
                classes.len()
            )));
        };
        let spec = &CLASSES[class];
        let mut ordered: Vec<(usize, String)> = Vec::new();
        for (p, o) in props {
            if p.as_ref() == rdf::TYPE {
                if matches!(o, Term::NamedNode(t) if t.as_str() == spec.iri) {
                    continue;
                }
                return Err(Error::Usage(format!(
                    "EDM RDF/XML: <{subject}> has a second type {o}, which the EDM XSD does not allow"
                )));
            }
            let name = qname(p.as_str());
            let position = name
                .as_deref()
                .and_then(|n| spec.properties.iter().position(|(e, _)| *e == n));
            let (Some(name), Some(position)) = (name, position) else {
                return Err(Error::Usage(format!(
                    "EDM RDF/XML: {} has no property {p} in the EDM XSD: change the edm profile's queries",
                    spec.element
                )));
            };
            ordered.push((position, element(&name, o, spec.properties[position].1)?));
        }
        ordered.sort();
        entities[class].insert(
            subject.clone(),
            ordered.into_iter().map(|(_, e)| e).collect(),
        );
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rdf:RDF");
    for (prefix, ns) in NAMESPACES {
        xml.push_str(&format!("\n    xmlns:{prefix}=\"{ns}\""));
    }
    xml.push_str(">\n");
    for (class, subjects) in CLASSES.iter().zip(&entities) {
        for (subject, elements) in subjects {
            xml.push_str(&format!(
                "  <{} rdf:about=\"{}\">\n",
                class.element,
                escape(subject, true)
            ));
            for e in elements {
                xml.push_str("    ");
                xml.push_str(e);
                xml.push('\n');
            }
            xml.push_str(&format!("  </{}>\n", class.element));
        }
    }
    xml.push_str("</rdf:RDF>\n");
    out.write_all(xml.as_bytes()).map_err(Error::Serialize)?;
    out.flush().map_err(Error::Serialize)
}
