//! Compacted JSON-LD for export profiles: triples in, a JSON-LD document that uses a
//! published context (`"@context": "https://schema.org"`, the Linked Art context) out.
//!
//! Oxigraph writes only flat expanded JSON-LD, and no Rust JSON-LD crate compacts offline
//! against a context it is not allowed to fetch, so compaction is done here for what a
//! profile declares in its `profile.toml` `[jsonld]` table: the vocabulary namespace whose
//! IRIs become short terms (`http://schema.org/name` → `name`), the explicit terms of the
//! context (`identified_by` → `crm:P1_is_identified_by`), its prefixes (`xsd:gYear`), and
//! the datatypes the context coerces (so such values can be plain strings). Everything else
//! is written so that it expands the same under any context: `{"@id": …}` for IRIs,
//! `{"@value", "@language"}` for tagged text, `{"@value", "@type"}` for typed literals.
//! A node referenced exactly once is nested inside its referrer (keeping its `@id`); the
//! rest are top-level nodes of one `@graph` (or one document each, [`compact_split`]).
//! Keys are sorted and nodes ordered by IRI, so the same triples give the same bytes.

use crate::error::{Error, Result};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::*;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

/// The `[jsonld]` table of a `profile.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The `@context` value written in every document (a URL).
    pub context: String,
    /// The context's `@vocab`: IRIs under it are written as their local name.
    #[serde(default)]
    pub vocab: Option<String>,
    /// Prefixes the context defines (`xsd = "http://www.w3.org/2001/XMLSchema#"`).
    #[serde(default)]
    pub prefixes: BTreeMap<String, String>,
    /// Terms the context defines: term = IRI (properties and classes).
    #[serde(default)]
    pub terms: BTreeMap<String, String>,
    /// Terms whose values the context coerces to a datatype: term = datatype IRI; a value
    /// of that datatype is written as a plain string.
    #[serde(default)]
    pub coerce: BTreeMap<String, String>,
    /// Terms whose values the context coerces to IRIs (`"@type": "@id"`): a reference
    /// that is not nested is written as a plain IRI string.
    #[serde(default)]
    pub ids: Vec<String>,
    /// Terms always written as JSON arrays, even with one value (`"@container": "@set"`
    /// terms whose JSON Schema wants arrays, as in Linked Art).
    #[serde(default)]
    pub arrays: Vec<String>,
    /// Types (terms) whose nodes are written without their `id` when nested, as the
    /// Linked Art JSON Schemas want embedded Names, TimeSpans, AttributeAssignments and
    /// texts; they expand to blank nodes (the other formats keep the minted IRIs).
    #[serde(default)]
    pub anonymous: Vec<String>,
    /// Types (terms) of records: a node of such a type minted under the dataset's base is
    /// always a top-level node (its own document with `--split`), never nested, as Linked
    /// Art records are; others referenced once are nested.
    #[serde(default)]
    pub records: Vec<String>,
    /// A reference to a top-level node repeats its type and these properties (IRIs), as
    /// Linked Art references do (`{"id", "type", "_label"}`); the triples are the same.
    #[serde(default)]
    pub reference_properties: Vec<String>,
    /// The context's alias of `@id` (`id` in Linked Art).
    #[serde(default = "default_id")]
    pub id: String,
    /// The context's alias of `@type` (`type` in Linked Art).
    #[serde(default = "default_type")]
    pub r#type: String,
}

fn default_id() -> String {
    "@id".into()
}

fn default_type() -> String {
    "@type".into()
}

/// Compaction state for one set of triples.
struct Compactor<'a> {
    settings: &'a Settings,
    /// subject → (predicate, object) in input order.
    nodes: BTreeMap<String, Vec<(NamedNode, Term)>>,
    /// Nodes written inside their only referrer.
    nested: BTreeSet<String>,
    /// IRI → term, for the context's explicit terms.
    reverse: HashMap<&'a str, &'a str>,
}

impl<'a> Compactor<'a> {
    fn new(quads: &[Quad], settings: &'a Settings, base: &str) -> Self {
        let mut nodes: BTreeMap<String, Vec<(NamedNode, Term)>> = BTreeMap::new();
        for q in quads {
            let s = match &q.subject {
                NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
                NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
            };
            nodes
                .entry(s)
                .or_default()
                .push((q.predicate.clone(), q.object.clone()));
        }
        let mut referrers: HashMap<String, Vec<String>> = HashMap::new();
        for (s, props) in &nodes {
            for (p, o) in props {
                if let Term::NamedNode(o) = o {
                    if p.as_ref() != rdf::TYPE && nodes.contains_key(o.as_str()) {
                        referrers
                            .entry(o.as_str().to_owned())
                            .or_default()
                            .push(s.clone());
                    }
                }
            }
        }
        let record_types: BTreeSet<String> = settings
            .records
            .iter()
            .filter_map(|t| settings.terms.get(t).cloned())
            .collect();
        let is_record = |s: &str| {
            s.starts_with(base)
                && nodes[s].iter().any(|(p, o)| {
                    p.as_ref() == rdf::TYPE
                        && matches!(o, Term::NamedNode(t) if record_types.contains(t.as_str()))
                })
        };
        let mut nested: BTreeSet<String> = referrers
            .iter()
            .filter(|(o, r)| r.len() == 1 && r[0] != **o && !is_record(o))
            .map(|(o, _)| o.clone())
            .collect();
        // A cycle of nodes each referenced once would leave them all nested: lift the
        // first unreachable one of each cycle to the top level.
        loop {
            let mut reached = BTreeSet::new();
            let mut stack: Vec<String> = nodes
                .keys()
                .filter(|s| !nested.contains(*s))
                .cloned()
                .collect();
            while let Some(s) = stack.pop() {
                if !reached.insert(s.clone()) {
                    continue;
                }
                for (_, o) in &nodes[&s] {
                    if let Term::NamedNode(o) = o {
                        if nested.contains(o.as_str()) {
                            stack.push(o.as_str().to_owned());
                        }
                    }
                }
            }
            match nodes.keys().find(|s| !reached.contains(*s)) {
                Some(s) => {
                    nested.remove(s);
                }
                None => break,
            }
        }
        let reverse = settings
            .terms
            .iter()
            .map(|(t, iri)| (iri.as_str(), t.as_str()))
            .collect();
        Self {
            settings,
            nodes,
            nested,
            reverse,
        }
    }

    /// A property or class IRI as the context writes it.
    fn term(&self, iri: &str) -> String {
        if let Some(t) = self.reverse.get(iri) {
            return (*t).to_owned();
        }
        if let Some(vocab) = &self.settings.vocab {
            if let Some(local) = iri.strip_prefix(vocab.as_str()) {
                if !local.is_empty()
                    && local.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !self.settings.terms.contains_key(local)
                {
                    return local.to_owned();
                }
            }
        }
        self.prefixed(iri).unwrap_or_else(|| iri.to_owned())
    }

    fn prefixed(&self, iri: &str) -> Option<String> {
        self.settings.prefixes.iter().find_map(|(p, ns)| {
            let local = iri.strip_prefix(ns.as_str())?;
            (!local.is_empty()
                && local
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .then(|| format!("{p}:{local}"))
        })
    }

    /// Writes a node's `rdf:type`s as the type key: one short name, or an array of them.
    fn insert_types(&self, obj: &mut Map<String, Value>, props: &[(NamedNode, Term)]) {
        let types: Vec<Value> = props
            .iter()
            .filter(|(p, _)| p.as_ref() == rdf::TYPE)
            .filter_map(|(_, o)| match o {
                Term::NamedNode(t) => Some(json!(self.term(t.as_str()))),
                _ => None,
            })
            .collect();
        match types.len() {
            0 => {}
            1 => {
                obj.insert(self.settings.r#type.clone(), types[0].clone());
            }
            _ => {
                obj.insert(self.settings.r#type.clone(), Value::Array(types));
            }
        }
    }

    fn node(&self, subject: &str) -> Value {
        let mut obj = Map::new();
        obj.insert(self.settings.id.clone(), json!(subject));
        let props = &self.nodes[subject];
        self.insert_types(&mut obj, props);
        let mut by_key: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (p, o) in props {
            if p.as_ref() == rdf::TYPE && matches!(o, Term::NamedNode(_)) {
                continue;
            }
            let key = self.term(p.as_str());
            let value = self.value(&key, o);
            by_key.entry(key).or_default().push(value);
        }
        for (key, mut values) in by_key {
            let value = if values.len() == 1 && !self.settings.arrays.contains(&key) {
                values.pop().unwrap_or(Value::Null)
            } else {
                Value::Array(values)
            };
            obj.insert(key, value);
        }
        Value::Object(obj)
    }

    fn value(&self, key: &str, object: &Term) -> Value {
        match object {
            Term::NamedNode(n) if self.nested.contains(n.as_str()) => {
                let mut node = self.node(n.as_str());
                let anonymous = node
                    .get(&self.settings.r#type)
                    .and_then(Value::as_str)
                    .is_some_and(|t| self.settings.anonymous.iter().any(|a| a == t));
                if let (true, Value::Object(m)) = (anonymous, &mut node) {
                    m.remove(&self.settings.id);
                }
                node
            }
            Term::NamedNode(n) if self.settings.ids.iter().any(|t| t == key) => json!(n.as_str()),
            Term::NamedNode(n) => {
                let mut m = Map::new();
                m.insert(self.settings.id.clone(), json!(n.as_str()));
                if !self.settings.reference_properties.is_empty() {
                    if let Some(props) = self.nodes.get(n.as_str()) {
                        self.insert_types(&mut m, props);
                        for iri in &self.settings.reference_properties {
                            let k = self.term(iri);
                            let values: Vec<Value> = props
                                .iter()
                                .filter(|(p, _)| p.as_str() == iri)
                                .map(|(_, o)| self.value(&k, o))
                                .collect();
                            match values.len() {
                                0 => {}
                                1 => {
                                    m.insert(k, values[0].clone());
                                }
                                _ => {
                                    m.insert(k, Value::Array(values));
                                }
                            }
                        }
                    }
                }
                Value::Object(m)
            }
            Term::BlankNode(b) => json!({ "@id": format!("_:{}", b.as_str()) }),
            Term::Literal(l) => {
                if let Some(lang) = l.language() {
                    return json!({ "@value": l.value(), "@language": lang });
                }
                let dt = l.datatype();
                let coerced = self.settings.coerce.get(key).map(String::as_str);
                if coerced == Some(dt.as_str()) {
                    return json!(l.value());
                }
                if coerced.is_none() {
                    if dt == xsd::STRING {
                        return json!(l.value());
                    }
                    if dt == xsd::BOOLEAN && matches!(l.value(), "true" | "false") {
                        return json!(l.value() == "true");
                    }
                    if dt == xsd::INTEGER {
                        if let Ok(n) = l.value().parse::<i64>() {
                            if n.to_string() == l.value() {
                                return json!(n);
                            }
                        }
                    }
                }
                let ty = self
                    .prefixed(dt.as_str())
                    .unwrap_or_else(|| dt.as_str().to_owned());
                json!({ "@value": l.value(), "@type": ty })
            }
            #[allow(unreachable_patterns)]
            _ => json!(object.to_string()),
        }
    }

    fn roots(&self) -> impl Iterator<Item = &String> {
        self.nodes.keys().filter(|s| !self.nested.contains(*s))
    }
}

/// One document: `{"@context": …, "@graph": [top-level nodes by IRI]}`.
pub fn compact(quads: &[Quad], settings: &Settings, base: &str) -> Value {
    let c = Compactor::new(quads, settings, base);
    let graph: Vec<Value> = c.roots().map(|s| c.node(s)).collect();
    let mut doc = Map::new();
    doc.insert("@context".into(), json!(settings.context));
    doc.insert("@graph".into(), Value::Array(graph));
    Value::Object(doc)
}

/// One document per top-level node (its nested nodes inside): (IRI, document), by IRI.
pub fn compact_split(quads: &[Quad], settings: &Settings, base: &str) -> Vec<(String, Value)> {
    let c = Compactor::new(quads, settings, base);
    c.roots()
        .map(|s| {
            let Value::Object(node) = c.node(s) else {
                unreachable!("a node is a JSON object")
            };
            let mut doc = Map::new();
            doc.insert("@context".into(), json!(settings.context));
            doc.extend(node);
            (s.clone(), Value::Object(doc))
        })
        .collect()
}

/// Writes a document as pretty JSON (two-space indent) with a final newline.
pub fn write_json(doc: &Value, out: &mut dyn Write) -> Result<()> {
    let mut w = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut w, doc).map_err(|e| Error::Serialize(e.into()))?;
    w.write_all(b"\n").map_err(Error::Serialize)?;
    w.flush().map_err(Error::Serialize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        toml::from_str("context = \"https://schema.org\"\nvocab = \"http://schema.org/\"\n")
            .unwrap()
    }

    fn quad(s: &str, p: &str, o: Term) -> Quad {
        Quad::new(
            NamedNode::new_unchecked(s),
            NamedNode::new_unchecked(p),
            o,
            GraphName::DefaultGraph,
        )
    }

    #[test]
    fn a_node_referenced_once_is_nested_and_a_cycle_is_not_lost() {
        let n = |s: &str| Term::NamedNode(NamedNode::new_unchecked(s));
        let quads = vec![
            quad("http://e/a", "http://schema.org/knows", n("http://e/b")),
            quad(
                "http://e/b",
                "http://schema.org/name",
                Literal::new_language_tagged_literal_unchecked("B", "kk").into(),
            ),
            // c and d reference each other once each: one must stay top-level
            quad("http://e/c", "http://schema.org/knows", n("http://e/d")),
            quad("http://e/d", "http://schema.org/knows", n("http://e/c")),
        ];
        let doc = compact(&quads, &settings(), "http://e/");
        assert_eq!(
            doc,
            json!({
                "@context": "https://schema.org",
                "@graph": [
                    {"@id": "http://e/a", "knows": {"@id": "http://e/b", "name": {"@language": "kk", "@value": "B"}}},
                    {"@id": "http://e/c", "knows": {"@id": "http://e/d", "knows": {"@id": "http://e/c"}}}
                ]
            })
        );
    }

    #[test]
    fn literals_keep_their_datatype_and_iris_outside_the_vocabulary_stay_full() {
        let quads = vec![
            quad(
                "http://e/p",
                "http://schema.org/birthDate",
                Literal::new_typed_literal("1843", xsd::G_YEAR).into(),
            ),
            quad(
                "http://e/p",
                "http://schema.org/count",
                Literal::new_typed_literal("7", xsd::INTEGER).into(),
            ),
            quad(
                "http://e/p",
                "http://example.org/other",
                Literal::new_simple_literal("x").into(),
            ),
        ];
        let mut s = settings();
        s.prefixes
            .insert("xsd".into(), "http://www.w3.org/2001/XMLSchema#".into());
        let doc = compact(&quads, &s, "http://e/");
        assert_eq!(
            doc["@graph"][0],
            json!({
                "@id": "http://e/p",
                "birthDate": {"@type": "xsd:gYear", "@value": "1843"},
                "count": 7,
                "http://example.org/other": "x"
            })
        );
    }
}
