//! Server-rendered HTML for people (no JavaScript, one small stylesheet, landmarks,
//! headings and tables with headers): the index and query page at `/` (the entity kinds,
//! a query form posting to `/sparql`, the named queries of `queries/` as examples), query
//! results as a table, and one page per entity — its label in the reader's language
//! (`?lang=`, else `Accept-Language`; kk, en, ru, with a switch), its types, every
//! statement with linked values and, for every stated fact, the source, paragraph number
//! and quoted excerpt; background facts marked as such; Wikidata links; incoming links.

use super::{Answer, State, header, params, with_type};
use crate::vocab::{DCTERMS, MURA, OWL, PROV, RDF};
use oxhttp::model::header::VARY;
use oxhttp::model::{Body, HeaderValue, Request, Response};
use oxigraph::model::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

/// The stylesheet at `/style.css`.
pub const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem;color:#1b1b1b;background:#fff}
a{color:#0645ad}a:focus{outline:2px solid #000}
header,footer{border-bottom:1px solid #ccc;padding:.5rem 0}footer{border:0;border-top:1px solid #ccc;margin-top:2rem;font-size:.9rem}
nav ul{list-style:none;padding:0;display:flex;gap:1rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
.source{font-size:.9rem;color:#333}.bg{font-size:.8rem;background:#fff3cd;padding:0 .3rem;border-radius:.2rem}
blockquote{margin:.2rem 0 .2rem 1rem;font-style:italic}
textarea{width:100%;font-family:monospace}
";

/// Languages pages are offered in.
pub const LANGS: &[&str] = &["kk", "en", "ru"];

/// A named query shown on the query page.
#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    pub question: String,
    pub text: String,
}

/// The named queries of `dir`.
pub fn examples(dir: &Path) -> crate::Result<Vec<Example>> {
    let mut out = Vec::new();
    for name in crate::query::named_queries(dir)? {
        let q = crate::query::resolve(&name, dir)?;
        out.push(Example {
            question: crate::query::header(&q.text),
            name,
            text: q.text,
        });
    }
    Ok(out)
}

/// HTML-escapes text.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn nn(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

/// The reader's language: `?lang=`, else the best of `Accept-Language`, else English.
pub fn language(request: &Request<Body>) -> &'static str {
    if let Some((_, v)) = params(request).into_iter().find(|(k, _)| k == "lang") {
        if let Some(l) = LANGS.iter().find(|l| **l == v) {
            return l;
        }
    }
    let mut best: Option<(&'static str, f32)> = None;
    for part in header(request, "Accept-Language").unwrap_or("").split(',') {
        let mut it = part.split(';');
        let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or("");
        let q = it
            .find_map(|p| p.trim().strip_prefix("q=")?.parse::<f32>().ok())
            .unwrap_or(1.0);
        if let Some(l) = LANGS.iter().find(|l| **l == primary) {
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((l, q));
            }
        }
    }
    best.map(|(l, _)| l).unwrap_or("en")
}

/// Labels of IRIs (schema:name) in a language, with fallbacks.
pub(crate) struct Labels<'a> {
    state: &'a State,
    lang: &'a str,
    cache: std::cell::RefCell<HashMap<NamedNode, Option<String>>>,
}

impl<'a> Labels<'a> {
    pub fn new(state: &'a State, lang: &'a str) -> Self {
        Self {
            state,
            lang,
            cache: Default::default(),
        }
    }

    /// The label, or `None` when the IRI has no name.
    pub fn get(&self, iri: &NamedNode) -> Option<String> {
        if let Some(hit) = self.cache.borrow().get(iri) {
            return hit.clone();
        }
        let names = crate::query::names_in(&self.state.store, iri);
        let found = crate::query::pick_name(&names, &[self.lang, "en", "*"]);
        self.cache.borrow_mut().insert(iri.clone(), found.clone());
        found
    }

    /// A link to an IRI: a local page for dataset IRIs, else the IRI itself.
    pub fn link(&self, iri: &NamedNode) -> String {
        let shown = self
            .get(iri)
            .unwrap_or_else(|| crate::query::compact(iri.as_str(), &self.state.base));
        let href = match self.state.local_name(iri.as_str()) {
            Some(rest) => format!("/page/{rest}?lang={}", self.lang),
            None => iri.as_str().to_owned(),
        };
        format!("<a href=\"{}\">{}</a>", esc(&href), esc(&shown))
    }

    /// A term as HTML.
    pub fn term(&self, term: &Term) -> String {
        match term {
            Term::NamedNode(n) => self.link(n),
            Term::BlankNode(b) => format!("_:{}", esc(b.as_str())),
            Term::Literal(l) => match l.language() {
                Some(lang) => format!("<span lang=\"{}\">{}</span>", esc(lang), esc(l.value())),
                None => esc(l.value()),
            },
            #[allow(unreachable_patterns)]
            other => esc(&other.to_string()),
        }
    }
}

/// A whole page.
fn page(lang: &str, title: &str, body: &str, switch_path: Option<&str>) -> Response<Body> {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — mura</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n<header>\n<nav aria-label=\"site\"><ul><li><a href=\"/\">mura</a></li><li><a href=\"/#query\">SPARQL</a></li><li><a href=\"/.well-known/void\">dataset description</a></li></ul></nav>\n",
        esc(title)
    );
    if let Some(path) = switch_path {
        html.push_str("<nav aria-label=\"language\"><ul>");
        for l in LANGS {
            let name = match *l {
                "kk" => "Қазақша",
                "ru" => "Русский",
                _ => "English",
            };
            if *l == lang {
                let _ = write!(
                    html,
                    "<li><strong aria-current=\"true\" lang=\"{l}\">{name}</strong></li>"
                );
            } else {
                let _ = write!(
                    html,
                    "<li><a href=\"{}?lang={l}\" lang=\"{l}\" hreflang=\"{l}\">{name}</a></li>",
                    esc(path)
                );
            }
        }
        html.push_str("</ul></nav>\n");
    }
    let _ = write!(
        html,
        "</header>\n<main>\n{body}</main>\n<footer>mura — curated cultural-heritage records as linked data</footer>\n</body>\n</html>\n"
    );
    let mut r = with_type(
        Response::builder().body(Body::from(html)).unwrap(),
        "text/html; charset=utf-8",
    );
    r.headers_mut()
        .insert(VARY, HeaderValue::from_static("Accept, Accept-Language"));
    r
}

/// `/`: entity kinds and the query form.
pub(crate) fn index(state: &State, request: &Request<Body>) -> Answer {
    let lang = language(request);
    let labels = Labels::new(state, lang);
    let mut kinds: BTreeMap<String, Vec<NamedNode>> = BTreeMap::new();
    for q in state
        .store
        .quads_for_pattern(None, Some(nn(RDF, "type").as_ref()), None, None)
        .filter_map(Result::ok)
    {
        if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(class)) = (&q.subject, &q.object) {
            if let Some(kind) = class.as_str().strip_prefix(MURA) {
                let list = kinds.entry(kind.to_owned()).or_default();
                if !list.contains(s) {
                    list.push(s.clone());
                }
            }
        }
    }
    let mut body = String::from(
        "<h1>mura</h1>\n<section aria-labelledby=\"kinds\"><h2 id=\"kinds\">Entity kinds</h2>\n",
    );
    if kinds.is_empty() {
        body.push_str("<p>The store is empty.</p>\n");
    }
    for (kind, list) in &kinds {
        let _ = write!(
            body,
            "<details><summary>{} ({})</summary><ul>",
            esc(kind),
            list.len()
        );
        let mut items: Vec<(String, String)> = list
            .iter()
            .take(200)
            .map(|n| (labels.get(n).unwrap_or_default(), labels.link(n)))
            .collect();
        items.sort();
        for (_, link) in items {
            let _ = write!(body, "<li>{link}</li>");
        }
        body.push_str("</ul></details>\n");
    }
    body.push_str("</section>\n");
    let chosen = params(request)
        .into_iter()
        .find(|(k, _)| k == "example")
        .and_then(|(_, v)| state.examples.iter().find(|e| e.name == v).cloned());
    let text = chosen
        .as_ref()
        .map(|e| e.text.clone())
        .unwrap_or_else(|| "SELECT * WHERE { ?s ?p ?o } LIMIT 10".into());
    let _ = write!(
        body,
        "<section aria-labelledby=\"query\"><h2 id=\"query\">Query (SPARQL)</h2>\n<form method=\"post\" action=\"/sparql\">\n<label for=\"q\">SPARQL query (the default graph is the union of all graphs)</label>\n<textarea id=\"q\" name=\"query\" rows=\"14\">{}</textarea>\n<button type=\"submit\">Run</button>\n</form>\n",
        esc(&text)
    );
    if !state.examples.is_empty() {
        body.push_str("<h3>Named queries</h3>\n<ul class=\"examples\">");
        for e in &state.examples {
            let _ = write!(
                body,
                "<li><a href=\"/?example={}#query\">{}</a> — {}</li>",
                esc(&e.name),
                esc(&e.name),
                esc(e.question.lines().next().unwrap_or(""))
            );
        }
        body.push_str("</ul>\n");
    }
    body.push_str("</section>\n");
    Ok(page(lang, "mura", &body, Some("/")))
}

/// Query results as a table.
pub(crate) fn results(
    state: &State,
    request: &Request<Body>,
    query: &str,
    variables: &[Variable],
    rows: &[Vec<Option<Term>>],
) -> Response<Body> {
    let lang = language(request);
    let labels = Labels::new(state, lang);
    let mut body = format!(
        "<h1>Results</h1>\n<details><summary>Query</summary><pre>{}</pre></details>\n<p>{} row{}</p>\n<table class=\"results\">\n<thead><tr>",
        esc(query),
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    for v in variables {
        let _ = write!(body, "<th scope=\"col\">{}</th>", esc(v.as_str()));
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        body.push_str("<tr>");
        for cell in row {
            let _ = write!(
                body,
                "<td>{}</td>",
                cell.as_ref().map(|t| labels.term(t)).unwrap_or_default()
            );
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody></table>\n<p><a href=\"/#query\">New query</a></p>\n");
    page(lang, "Results", &body, None)
}

/// Where a fact comes from.
struct Provenance {
    source_title: String,
    paragraph: Option<String>,
    excerpt: Option<String>,
}

/// An entity's page.
pub(crate) fn entity(state: &State, request: &Request<Body>, iri: &NamedNode) -> Answer {
    let lang = language(request);
    let labels = Labels::new(state, lang);
    let store = &state.store;
    let rest = state.local_name(iri.as_str()).unwrap_or("");
    let title = labels
        .get(iri)
        .unwrap_or_else(|| crate::query::compact(iri.as_str(), &state.base));
    let objects = |s: &NamedOrBlankNode, p: &str, ns: &str| -> Vec<Term> {
        store
            .quads_for_pattern(Some(s.as_ref()), Some(nn(ns, p).as_ref()), None, None)
            .filter_map(|q| q.ok().map(|q| q.object))
            .collect()
    };
    let lit = |terms: Vec<Term>, lang: &str| -> Option<String> {
        let mut all: Vec<Literal> = terms
            .into_iter()
            .filter_map(|t| match t {
                Term::Literal(l) => Some(l),
                _ => None,
            })
            .collect();
        all.sort_by_key(|l| (l.language() != Some(lang), l.language() != Some("en")));
        all.first().map(|l| l.value().to_owned())
    };
    // graph -> background?
    let mut background: HashMap<GraphName, bool> = HashMap::new();
    let mut is_background = |g: &GraphName| -> bool {
        *background.entry(g.clone()).or_insert_with(|| match g {
            GraphName::NamedNode(g) => {
                let g: NamedOrBlankNode = g.clone().into();
                objects(&g, "wasDerivedFrom", PROV)
                    .iter()
                    .any(|src| match src {
                        Term::NamedNode(src) => objects(&src.clone().into(), "isBackground", MURA)
                            .iter()
                            .any(|t| matches!(t, Term::Literal(l) if l.value() == "true")),
                        _ => false,
                    })
            }
            _ => false,
        })
    };
    // statement nodes about this entity: (p, o) -> provenance
    let mut provenance: HashMap<(NamedNode, Term), Vec<Provenance>> = HashMap::new();
    for st in store
        .quads_for_pattern(
            None,
            Some(nn(RDF, "subject").as_ref()),
            Some(iri.as_ref().into()),
            None,
        )
        .filter_map(|q| q.ok().map(|q| q.subject))
    {
        let Some(Term::NamedNode(p)) = objects(&st, "predicate", RDF).into_iter().next() else {
            continue;
        };
        let Some(o) = objects(&st, "object", RDF).into_iter().next() else {
            continue;
        };
        let excerpt = lit(objects(&st, "excerpt", MURA), lang);
        for para in objects(&st, "wasDerivedFrom", PROV) {
            let Term::NamedNode(para) = para else {
                continue;
            };
            let para: NamedOrBlankNode = para.into();
            let number = lit(objects(&para, "paragraphNumber", MURA), lang);
            let source_title = objects(&para, "isPartOf", DCTERMS)
                .into_iter()
                .find_map(|s| match s {
                    Term::NamedNode(s) => lit(objects(&s.into(), "title", DCTERMS), lang),
                    _ => None,
                })
                .unwrap_or_default();
            provenance
                .entry((p.clone(), o.clone()))
                .or_default()
                .push(Provenance {
                    source_title,
                    paragraph: number,
                    excerpt: excerpt.clone(),
                });
        }
    }
    let subject: NamedOrBlankNode = iri.clone().into();
    let mut by_predicate: BTreeMap<String, (NamedNode, Vec<(Term, bool)>)> = BTreeMap::new();
    for q in store
        .quads_for_pattern(Some(subject.as_ref()), None, None, None)
        .filter_map(Result::ok)
    {
        let bg = is_background(&q.graph_name);
        let entry = by_predicate
            .entry(crate::query::compact(q.predicate.as_str(), &state.base))
            .or_insert_with(|| (q.predicate.clone(), Vec::new()));
        if let Some(existing) = entry.1.iter_mut().find(|(t, _)| *t == q.object) {
            existing.1 &= bg;
        } else {
            entry.1.push((q.object, bg));
        }
    }
    let mut body = format!(
        "<article>\n<h1>{}</h1>\n<p class=\"iri\"><code>{}</code> · <a href=\"/data/{}.ttl\">Turtle</a> · <a href=\"/data/{}.jsonld\">JSON-LD</a> · <a href=\"/data/{}.nt\">N-Triples</a> · <a href=\"/data/{}.rdf\">RDF/XML</a></p>\n",
        esc(&title),
        esc(iri.as_str()),
        esc(rest),
        esc(rest),
        esc(rest),
        esc(rest)
    );
    let types: Vec<String> = objects(&subject, "type", RDF)
        .iter()
        .map(|t| labels.term(t))
        .collect();
    if !types.is_empty() {
        let _ = writeln!(body, "<p>Types: {}</p>", types.join(", "));
    }
    let wikidata: Vec<String> = objects(&subject, "sameAs", OWL)
        .iter()
        .filter_map(|t| match t {
            Term::NamedNode(n) if n.as_str().contains("wikidata.org/entity/") => Some(format!(
                "<a href=\"{}\">Wikidata {}</a>",
                esc(n.as_str()),
                esc(n.as_str().rsplit('/').next().unwrap_or(""))
            )),
            _ => None,
        })
        .collect();
    if !wikidata.is_empty() {
        let _ = writeln!(body, "<p>Linked: {}</p>", wikidata.join(", "));
    }
    body.push_str("<h2>Statements</h2>\n<table class=\"statements\">\n<thead><tr><th scope=\"col\">property</th><th scope=\"col\">value</th><th scope=\"col\">source</th></tr></thead>\n<tbody>\n");
    for (name, (predicate, values)) in &by_predicate {
        for (value, bg) in values {
            let mut source = String::new();
            if let Some(provs) = provenance.get(&(predicate.clone(), value.clone())) {
                for p in provs {
                    let _ = write!(
                        source,
                        "<div class=\"source\">{}{}{}</div>",
                        esc(&p.source_title),
                        p.paragraph
                            .as_ref()
                            .map(|n| format!(", paragraph {}", esc(n)))
                            .unwrap_or_default(),
                        p.excerpt
                            .as_ref()
                            .map(|e| format!("<blockquote>“{}”</blockquote>", esc(e)))
                            .unwrap_or_default()
                    );
                }
            } else if *bg {
                source.push_str("<span class=\"bg\">background (curators' knowledge)</span>");
            }
            let _ = writeln!(
                body,
                "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td></tr>",
                esc(predicate.as_str()),
                esc(name),
                labels.term(value),
                source
            );
        }
    }
    body.push_str("</tbody></table>\n");
    // incoming links (not from the reification nodes)
    let mut incoming: Vec<(String, String)> = store
        .quads_for_pattern(None, None, Some(iri.as_ref().into()), None)
        .filter_map(Result::ok)
        .filter(|q| !q.predicate.as_str().starts_with(RDF))
        .filter_map(|q| match q.subject {
            NamedOrBlankNode::NamedNode(s) => Some((
                labels.link(&s),
                crate::query::compact(q.predicate.as_str(), &state.base),
            )),
            _ => None,
        })
        .collect();
    incoming.sort();
    incoming.dedup();
    if !incoming.is_empty() {
        body.push_str("<h2>Referred to by</h2>\n<ul class=\"incoming\">");
        for (link, p) in incoming {
            let _ = write!(body, "<li>{link} ({})</li>", esc(&p));
        }
        body.push_str("</ul>\n");
    }
    body.push_str("</article>\n");
    Ok(page(lang, &title, &body, Some(&format!("/page/{rest}"))))
}
