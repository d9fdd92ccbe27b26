//! `mura link`: proposes Wikidata items for the places, organisations, museums, people and
//! awards that have no `wikidata` id yet, and (with `--apply`) writes accepted ids into
//! the data files.
//!
//! Candidates come from any SPARQL 1.1 endpoint with Wikidata's shapes (WDQS by default):
//! items whose `rdfs:label` or `skos:altLabel` equals one of the record's names in kk, en
//! or ru, in another of those languages, or transliterated between Kazakh Cyrillic and
//! Latin ([`crate::wikidata::translit`]), in a few capitalisations. Each candidate is then scored on
//! evidence: how its labels match (compared case-, diacritics- and script-insensitively),
//! whether `wdt:P31/wdt:P279*` reaches the expected class (museum, human, city, country,
//! international organisation, award), its country (P17) and location (P131) against the
//! record's places, life dates (P569/P570) against `born`/`died`, and named-after (P138)
//! against the museum's namesakes. Entities are linked in stages — countries, then cities
//! and regions, organisations and awards, people, museums — so that an id accepted in an
//! earlier stage is context for a later one (a city's country, a museum's city).
//!
//! Queries are batched (`VALUES`), every label goes in as an escaped literal
//! ([`crate::wikidata::endpoint::string_literal`]), never as query text.

use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::model::{Kind, OrganisationType, PlaceType, Record, check_wikidata};
use crate::source::Located;
use crate::wikidata::endpoint::{self, Client, lang_literal};
use crate::wikidata::translit;
use oxigraph::model::Term;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Languages whose labels are searched and compared.
pub const LANGS: [&str; 3] = ["kk", "en", "ru"];

/// Wikidata classes an entity is expected to be an instance of (via P31/P279*), with the
/// word the evidence uses. Ids from facts.md's verified list.
const MUSEUM: (&str, &str) = ("Q33506", "museum");
const HUMAN: (&str, &str) = ("Q5", "human");
const CITY: (&str, &str) = ("Q515", "city");
const COUNTRY: (&str, &str) = ("Q6256", "country");
const INTERNATIONAL_ORGANISATION: (&str, &str) = ("Q484652", "international organization");
const AWARD: (&str, &str) = ("Q618779", "award");

/// How many entities' names go in one label query, and items in one details query.
const ENTITIES_PER_QUERY: usize = 20;
const ITEMS_PER_QUERY: usize = 100;

/// What `mura link` is asked to do.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    pub endpoint: String,
    /// Accept the best candidate at or above this score (for `--apply` and as context).
    pub min_score: f64,
    /// The best must be ahead of the runner-up by at least this much to be accepted.
    pub margin: f64,
    /// Candidates shown per entity.
    pub top: usize,
    /// Only these record ids (empty: every record without an id).
    pub only: Vec<String>,
    /// Write accepted ids into the data files.
    pub apply: bool,
}

impl Default for LinkOptions {
    fn default() -> Self {
        Self {
            endpoint: endpoint::WDQS.to_owned(),
            min_score: 0.75,
            margin: 0.1,
            top: 3,
            only: Vec::new(),
            apply: false,
        }
    }
}

/// One scored candidate item.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub item: String,
    pub label: String,
    pub description: String,
    pub score: f64,
    pub evidence: Vec<String>,
}

/// The candidates for one entity, best first, and whether the best was accepted.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub kind: Kind,
    pub id: String,
    pub candidates: Vec<Scored>,
    pub accepted: Option<String>,
    /// Why the best was not accepted, when it was not.
    pub note: Option<String>,
}

impl Proposal {
    /// `place/almaty`.
    pub fn entity(&self) -> String {
        format!("{}/{}", self.kind.key(), self.id)
    }
}

/// An id written into a data file.
#[derive(Debug, Clone)]
pub struct Applied {
    pub file: PathBuf,
    pub kind: Kind,
    pub id: String,
    pub item: String,
}

#[derive(Debug, Clone, Default)]
pub struct LinkReport {
    pub proposals: Vec<Proposal>,
    pub applied: Vec<Applied>,
}

/// What the record says that a candidate can be checked against.
#[derive(Debug, Clone)]
struct Want<'a> {
    located: &'a Located,
    names: Vec<(String, String)>,
    class: Option<(&'static str, &'static str)>,
    country: Option<String>,
    location: Option<String>,
    born: Option<(i32, bool)>,
    died: Option<(i32, bool)>,
    named_after: Vec<String>,
}

/// What the endpoint says about a candidate item.
#[derive(Debug, Clone, Default)]
struct Facts {
    /// Labels and aliases (compared); `names` only the labels (shown).
    labels: Vec<(String, String)>,
    names: Vec<(String, String)>,
    descriptions: Vec<(String, String)>,
    p31: BTreeSet<String>,
    p17: BTreeSet<String>,
    p131: BTreeSet<String>,
    p138: BTreeSet<String>,
    born: Vec<i32>,
    died: Vec<i32>,
    classes: BTreeSet<String>,
}

/// The stage an entity is linked in (earlier stages give context to later ones), or `None`
/// for kinds mura does not link (events, posts, quotations, policies).
fn stage(record: &Record) -> Option<u8> {
    match record {
        Record::Place(p) if p.place_type == PlaceType::Country => Some(0),
        Record::Place(_) => Some(1),
        Record::Organisation(_) | Record::Award(_) => Some(2),
        Record::Person(_) => Some(3),
        Record::Museum(_) => Some(4),
        _ => None,
    }
}

/// Proposes items for every linkable record of `ds` without a `wikidata` id (or only those
/// in `options.only`), and writes accepted ids when `options.apply`.
pub fn link(ds: &Dataset, client: &Client, options: &LinkOptions) -> Result<LinkReport> {
    for id in &options.only {
        let found = ds.records.iter().find(|l| l.record.id() == id);
        match found {
            None => {
                return Err(Error::Usage(format!(
                    "--entity `{id}`: no record has that id in {}",
                    ds.root.display()
                )));
            }
            Some(l) if stage(&l.record).is_none() => {
                return Err(Error::Usage(format!(
                    "--entity `{id}` is a {}: mura links places, organisations, museums, people and awards",
                    l.record.kind().key()
                )));
            }
            Some(_) => {}
        }
    }
    // Ids known so far: the curated ones, then those accepted stage by stage.
    let curated: HashMap<&str, String> = ds
        .records
        .iter()
        .filter_map(|l| Some((l.record.id(), l.record.common().wikidata.clone()?)))
        .collect();
    let mut known: HashMap<String, String> = curated
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    let by_id: HashMap<&str, &Record> = ds
        .records
        .iter()
        .map(|l| (l.record.id(), &l.record))
        .collect();
    let mut report = LinkReport::default();
    for current in 0..=4u8 {
        let todo: Vec<&Located> = ds
            .records
            .iter()
            .filter(|l| stage(&l.record) == Some(current))
            .filter(|l| l.record.common().wikidata.is_none())
            .filter(|l| options.only.is_empty() || options.only.iter().any(|o| o == l.record.id()))
            .collect();
        if todo.is_empty() {
            continue;
        }
        let wants: Vec<Want<'_>> = todo.iter().map(|l| want(l, &by_id, &known)).collect();
        let candidates = find_candidates(client, &options.endpoint, &wants)?;
        let items: BTreeSet<String> = candidates.values().flatten().cloned().collect();
        let facts = fetch_facts(client, &options.endpoint, &items, &wants)?;
        for (i, w) in wants.iter().enumerate() {
            let mut scored: Vec<Scored> = candidates
                .get(&i)
                .into_iter()
                .flatten()
                .map(|item| score(w, item, facts.get(item).cloned().unwrap_or_default()))
                .collect();
            scored.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| qnum(&a.item).cmp(&qnum(&b.item)))
            });
            let (accepted, note) = accept(&scored, options, &curated, w.located.record.id());
            if let Some(item) = &accepted {
                known.insert(w.located.record.id().to_owned(), item.clone());
            }
            scored.truncate(options.top.max(1));
            report.proposals.push(Proposal {
                kind: w.located.record.kind(),
                id: w.located.record.id().to_owned(),
                candidates: scored,
                accepted,
                note,
            });
        }
    }
    if options.apply {
        report.applied = apply(ds, &report.proposals)?;
    }
    Ok(report)
}

/// The numeric part of a Q-id, for a stable order among equal scores.
fn qnum(item: &str) -> u64 {
    item.trim_start_matches('Q').parse().unwrap_or(u64::MAX)
}

/// Whether the best candidate is accepted, and if not, why.
fn accept(
    scored: &[Scored],
    options: &LinkOptions,
    curated: &HashMap<&str, String>,
    id: &str,
) -> (Option<String>, Option<String>) {
    let Some(best) = scored.first() else {
        return (None, Some("no candidate".into()));
    };
    if best.score < options.min_score {
        return (
            None,
            Some(format!(
                "best score {:.2} is under --min-score {:.2}",
                best.score, options.min_score
            )),
        );
    }
    if let Some(second) = scored.get(1) {
        if best.score - second.score < options.margin {
            return (
                None,
                Some(format!(
                    "{} and {} score within {:.2} of each other: choose by hand",
                    best.item, second.item, options.margin
                )),
            );
        }
    }
    if let Some((other, _)) = curated
        .iter()
        .filter(|(other, q)| **other != id && **q == best.item)
        .min()
    {
        return (
            None,
            Some(format!("{} is already the id of `{other}`", best.item)),
        );
    }
    (Some(best.item.clone()), None)
}

fn year_of(date: &Option<crate::model::CuratedDate>) -> Option<(i32, bool)> {
    let d = date.as_ref()?;
    Some((d.year(), d.circa))
}

fn want<'a>(
    located: &'a Located,
    by_id: &HashMap<&str, &Record>,
    known: &HashMap<String, String>,
) -> Want<'a> {
    let record = &located.record;
    let common = record.common();
    let mut names: Vec<(String, String)> = common
        .name
        .iter()
        .filter(|(lang, _)| LANGS.contains(&lang.as_str()))
        .map(|(l, t)| (l.clone(), t.clone()))
        .collect();
    let qid = |id: &str| known.get(id).cloned();
    let country_of = |place: &str| match by_id.get(place) {
        Some(Record::Place(p)) => p.country.as_deref().and_then(qid),
        _ => None,
    };
    let mut w = Want {
        located,
        names: Vec::new(),
        class: None,
        country: None,
        location: None,
        born: None,
        died: None,
        named_after: Vec::new(),
    };
    match record {
        Record::Place(p) => {
            w.class = match p.place_type {
                PlaceType::City => Some(CITY),
                PlaceType::Country => Some(COUNTRY),
                PlaceType::Region => None,
            };
            w.country = p.country.as_deref().and_then(qid);
        }
        Record::Organisation(o) => {
            if o.org_type == OrganisationType::InternationalOrganisation {
                w.class = Some(INTERNATIONAL_ORGANISATION);
            }
            for (lang, text) in &o.short_name {
                if LANGS.contains(&lang.as_str()) {
                    names.push((lang.clone(), text.clone()));
                }
            }
            if let Some(place) = &o.location {
                w.country = country_of(place);
            }
        }
        Record::Museum(m) => {
            w.class = Some(MUSEUM);
            w.location = qid(&m.city);
            w.country = country_of(&m.city);
            w.named_after = m.named_after.iter().filter_map(|p| qid(p)).collect();
        }
        Record::Person(p) => {
            w.class = Some(HUMAN);
            w.born = year_of(&p.born);
            w.died = year_of(&p.died);
        }
        Record::Award(_) => w.class = Some(AWARD),
        _ => {}
    }
    w.names = names;
    w
}

/// The label literals searched for a record's names: each name in each of kk/en/ru, the
/// Latin transliteration of Cyrillic names (as en) and the Cyrillic one of Latin names (as
/// kk and ru), each as written, in Title Case and in lowercase.
fn search_literals(names: &[(String, String)]) -> BTreeSet<(String, String)> {
    let mut texts: BTreeSet<(String, Option<&str>)> = BTreeSet::new();
    for (lang, text) in names {
        texts.insert((text.clone(), None));
        let latin = translit::to_latin(text);
        if latin != *text {
            texts.insert((latin, Some("en")));
        } else if lang == "en" {
            let cyrillic = translit::to_cyrillic(text);
            texts.insert((cyrillic.clone(), Some("kk")));
            texts.insert((cyrillic, Some("ru")));
        }
    }
    let mut out = BTreeSet::new();
    for (text, only) in texts {
        let variants = [text.clone(), title_case(&text), text.to_lowercase()];
        for lang in LANGS {
            if only.is_some_and(|o| o != lang) {
                continue;
            }
            for v in &variants {
                if !v.trim().is_empty() {
                    out.insert((v.clone(), lang.to_owned()));
                }
            }
        }
    }
    out
}

fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c.is_whitespace() || c == '-';
    }
    out
}

const PREFIXES: &str = "PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
";

/// The query for items labelled with any of `literals` (text, language).
pub fn label_query(literals: &[(String, String)]) -> String {
    let mut q = String::from(PREFIXES);
    q.push_str("SELECT DISTINCT ?name ?item WHERE {\n  VALUES ?name {");
    for (text, lang) in literals {
        let _ = write!(q, "\n    {}", lang_literal(text, lang));
    }
    q.push_str(
        "\n  }\n  { ?item rdfs:label ?name } UNION { ?item skos:altLabel ?name }\n}\nLIMIT 5000\n",
    );
    q
}

/// The query for what `items` say about labels, descriptions, P31, P17, P131, P138, P569
/// and P570 (labels and descriptions in kk, en and ru only).
pub fn details_query(items: &[&str]) -> String {
    let mut q = String::from(PREFIXES);
    q.push_str("SELECT ?item ?p ?o WHERE {\n  VALUES ?item {");
    for item in items {
        let _ = write!(q, " wd:{item}");
    }
    q.push_str(
        " }
  VALUES ?p { rdfs:label skos:altLabel schema:description wdt:P31 wdt:P17 wdt:P131 wdt:P138 wdt:P569 wdt:P570 }
  ?item ?p ?o .
  FILTER(!isLiteral(?o) || lang(?o) = \"\" || lang(?o) = \"kk\" || lang(?o) = \"en\" || lang(?o) = \"ru\")
}
",
    );
    q
}

/// The query for which of `classes` each of `items` is an instance of (P31/P279*).
pub fn class_query(items: &[&str], classes: &[&str]) -> String {
    let mut q = String::from(PREFIXES);
    q.push_str("SELECT DISTINCT ?item ?class WHERE {\n  VALUES ?item {");
    for item in items {
        let _ = write!(q, " wd:{item}");
    }
    q.push_str(" }\n  VALUES ?class {");
    for class in classes {
        let _ = write!(q, " wd:{class}");
    }
    q.push_str(" }\n  ?item wdt:P31/wdt:P279* ?class .\n}\n");
    q
}

/// `Q123` from `http://www.wikidata.org/entity/Q123` (only well-formed item ids).
fn item_id(term: &Term) -> Option<String> {
    match term {
        Term::NamedNode(n) => {
            let id = n.as_str().strip_prefix(crate::vocab::WD)?;
            check_wikidata(id).ok()?;
            Some(id.to_owned())
        }
        _ => None,
    }
}

/// Candidate items per want (index into `wants`), from batched label queries.
fn find_candidates(
    client: &Client,
    endpoint: &str,
    wants: &[Want<'_>],
) -> Result<BTreeMap<usize, BTreeSet<String>>> {
    let mut out: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (chunk_no, chunk) in wants.chunks(ENTITIES_PER_QUERY).enumerate() {
        let mut users: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for (j, w) in chunk.iter().enumerate() {
            for lit in search_literals(&w.names) {
                users
                    .entry(lit)
                    .or_default()
                    .push(chunk_no * ENTITIES_PER_QUERY + j);
            }
        }
        let literals: Vec<(String, String)> = users.keys().cloned().collect();
        let answer = client.select(endpoint, &label_query(&literals))?;
        for row in &answer.rows {
            let (Some(Term::Literal(name)), Some(item)) = (
                answer.get(row, "name"),
                answer.get(row, "item").and_then(item_id),
            ) else {
                continue;
            };
            let key = (
                name.value().to_owned(),
                name.language().unwrap_or("").to_owned(),
            );
            for i in users.get(&key).into_iter().flatten() {
                out.entry(*i).or_default().insert(item.clone());
            }
        }
    }
    Ok(out)
}

/// Facts about every candidate item, from batched details and class queries.
fn fetch_facts(
    client: &Client,
    endpoint: &str,
    items: &BTreeSet<String>,
    wants: &[Want<'_>],
) -> Result<HashMap<String, Facts>> {
    let mut facts: HashMap<String, Facts> = HashMap::new();
    let classes: BTreeSet<&str> = wants.iter().filter_map(|w| w.class.map(|c| c.0)).collect();
    let classes: Vec<&str> = classes.into_iter().collect();
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    for chunk in items.chunks(ITEMS_PER_QUERY) {
        let answer = client.select(endpoint, &details_query(chunk))?;
        for row in &answer.rows {
            let (Some(item), Some(Term::NamedNode(p)), Some(o)) = (
                answer.get(row, "item").and_then(item_id),
                answer.get(row, "p"),
                answer.get(row, "o"),
            ) else {
                continue;
            };
            let f = facts.entry(item).or_default();
            let local = p.as_str().rsplit(['/', '#']).next().unwrap_or("");
            match (local, o) {
                ("label" | "altLabel", Term::Literal(l)) => {
                    let text = (l.language().unwrap_or("").to_owned(), l.value().to_owned());
                    if local == "label" {
                        f.names.push(text.clone());
                    }
                    f.labels.push(text);
                }
                ("description", Term::Literal(l)) => f
                    .descriptions
                    .push((l.language().unwrap_or("").to_owned(), l.value().to_owned())),
                ("P569", Term::Literal(l)) => f.born.extend(year_of_xsd(l.value())),
                ("P570", Term::Literal(l)) => f.died.extend(year_of_xsd(l.value())),
                (prop, o) => {
                    let Some(value) = item_id(o) else { continue };
                    match prop {
                        "P31" => f.p31.insert(value),
                        "P17" => f.p17.insert(value),
                        "P131" => f.p131.insert(value),
                        "P138" => f.p138.insert(value),
                        _ => false,
                    };
                }
            }
        }
        if !classes.is_empty() {
            let answer = client.select(endpoint, &class_query(chunk, &classes))?;
            for row in &answer.rows {
                if let (Some(item), Some(class)) = (
                    answer.get(row, "item").and_then(item_id),
                    answer.get(row, "class").and_then(item_id),
                ) {
                    facts.entry(item).or_default().classes.insert(class);
                }
            }
        }
    }
    for f in facts.values_mut() {
        f.labels.sort();
        f.names.sort();
        f.descriptions.sort();
    }
    Ok(facts)
}

/// The year of an `xsd:dateTime`/`xsd:date` lexical form (`1900-01-01T00:00:00Z`,
/// `-0500-…`).
fn year_of_xsd(value: &str) -> Option<i32> {
    let (sign, rest) = match value.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, value.strip_prefix('+').unwrap_or(value)),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(sign * digits.parse::<i32>().ok()?)
}

fn pick(texts: &[(String, String)]) -> String {
    for lang in ["en", "kk", "ru"] {
        if let Some((_, t)) = texts.iter().find(|(l, _)| l == lang) {
            return t.clone();
        }
    }
    texts.first().map(|(_, t)| t.clone()).unwrap_or_default()
}

fn list(items: &BTreeSet<String>) -> String {
    items.iter().cloned().collect::<Vec<_>>().join(",")
}

/// Scores `item` for `w`: 0..=1, with the evidence for each part.
fn score(w: &Want<'_>, item: &str, f: Facts) -> Scored {
    let mut evidence = Vec::new();
    let mut total = 0.0;
    // Labels: exact in the same language (case and diacritics aside) is best; the same
    // key across languages or scripts next; a close key last.
    let mut same_lang: BTreeSet<&str> = BTreeSet::new();
    let mut best: f64 = 0.0;
    let mut how = String::new();
    for (lang, text) in &w.names {
        let (folded, key) = (translit::fold(text), translit::key(text));
        for (clang, ctext) in &f.labels {
            if clang == lang && translit::fold(ctext) == folded {
                same_lang.insert(lang.as_str());
                best = 1.0;
            } else if translit::key(ctext) == key {
                if best < 0.9 {
                    best = 0.9;
                    how = format!("label {clang} \"{ctext}\" ≈ {lang} \"{text}\"");
                }
            } else {
                let sim = translit::similarity(&translit::key(ctext), &key);
                if sim >= 0.8 && 0.6 * sim > best {
                    best = 0.6 * sim;
                    how = format!("label {clang} \"{ctext}\" ~{sim:.2}");
                }
            }
        }
    }
    total += 0.35 * best + 0.05 * same_lang.len().min(3) as f64;
    if !same_lang.is_empty() {
        evidence.push(format!(
            "label {}",
            LANGS
                .iter()
                .filter(|l| same_lang.contains(*l))
                .copied()
                .collect::<Vec<_>>()
                .join("+")
        ));
    } else if !how.is_empty() {
        evidence.push(how);
    }
    if let Some((class, word)) = w.class {
        if f.classes.contains(class) {
            total += 0.3;
            evidence.push(format!("{word} ({class})"));
        } else if !f.p31.is_empty() {
            total -= 0.3;
            evidence.push(format!("not {word} (P31 {})", list(&f.p31)));
        } else {
            evidence.push("no P31".into());
        }
    }
    for (prop, want, values, bonus, malus) in [
        ("P17", &w.country, &f.p17, 0.1, 0.3),
        ("P131", &w.location, &f.p131, 0.1, 0.2),
    ] {
        let Some(want) = want else { continue };
        if values.contains(want) {
            total += bonus;
            evidence.push(format!("{prop} {want}"));
        } else if !values.is_empty() {
            total -= malus;
            evidence.push(format!("{prop} {} not {want}", list(values)));
        }
    }
    for (what, want, years) in [("born", &w.born, &f.born), ("died", &w.died, &f.died)] {
        let Some((year, circa)) = want else { continue };
        let tolerance = if *circa { 5 } else { 1 };
        if years.iter().any(|y| (y - year).abs() <= tolerance) {
            total += 0.1;
            evidence.push(format!("{what} {year}"));
        } else if let Some(y) = years.iter().min() {
            total -= 0.4;
            evidence.push(format!("{what} {y} not {year}"));
        }
    }
    if !w.named_after.is_empty() {
        if let Some(q) = w.named_after.iter().find(|q| f.p138.contains(*q)) {
            total += 0.1;
            evidence.push(format!("P138 {q}"));
        } else if !f.p138.is_empty() {
            total -= 0.1;
            evidence.push(format!(
                "P138 {} not {}",
                list(&f.p138),
                w.named_after.join(",")
            ));
        }
    }
    let score = (total.clamp(0.0, 1.0) * 100.0).round() / 100.0;
    Scored {
        item: item.to_owned(),
        label: pick(if f.names.is_empty() {
            &f.labels
        } else {
            &f.names
        }),
        description: pick(&f.descriptions),
        score,
        evidence,
    }
}

/// Writes every accepted id into its record's file (one atomic rewrite per file, keeping
/// the file's layout and comments), never over an id already there.
fn apply(ds: &Dataset, proposals: &[Proposal]) -> Result<Vec<Applied>> {
    let mut by_file: BTreeMap<PathBuf, Vec<(Kind, &str, &str)>> = BTreeMap::new();
    for p in proposals {
        let Some(item) = &p.accepted else { continue };
        let Some(located) = ds.records.iter().find(|l| l.record.id() == p.id) else {
            continue;
        };
        let crate::source::Origin::Toml { file, .. } = &located.origin else {
            continue;
        };
        by_file
            .entry(file.path.clone())
            .or_default()
            .push((p.kind, p.id.as_str(), item.as_str()));
    }
    let mut applied = Vec::new();
    for (file, edits) in by_file {
        let text = std::fs::read_to_string(&file).map_err(|source| Error::Read {
            path: file.clone(),
            source,
        })?;
        let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| {
            Error::data(
                crate::error::Location::file(&file),
                format!(
                    "cannot be edited as TOML ({e}): fix the file, then rerun `mura link --apply`"
                ),
            )
        })?;
        for (kind, id, item) in edits {
            let Some(tables) = doc
                .get_mut(kind.key())
                .and_then(toml_edit::Item::as_array_of_tables_mut)
            else {
                continue;
            };
            for table in tables.iter_mut() {
                if table.get("id").and_then(toml_edit::Item::as_str) != Some(id)
                    || table.contains_key("wikidata")
                {
                    continue;
                }
                table.insert("wikidata", toml_edit::value(item));
                applied.push(Applied {
                    file: file.clone(),
                    kind,
                    id: id.to_owned(),
                    item: item.to_owned(),
                });
            }
        }
        crate::export::atomic::write_bytes(&file, doc.to_string().as_bytes())?;
    }
    Ok(applied)
}

/// Prints the proposals as a table, then what was (or would be) written.
pub fn write_report(
    report: &LinkReport,
    options: &LinkOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut rows = Vec::new();
    for p in &report.proposals {
        if p.candidates.is_empty() {
            rows.push(vec![
                p.entity(),
                "-".into(),
                "(no candidate)".into(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for c in &p.candidates {
            rows.push(vec![
                p.entity(),
                c.item.clone(),
                c.label.clone(),
                c.description.clone(),
                format!("{:.2}", c.score),
                c.evidence.join("; "),
            ]);
        }
    }
    let header: Vec<String> = [
        "entity",
        "candidate",
        "label",
        "description",
        "score",
        "evidence",
    ]
    .map(String::from)
    .to_vec();
    crate::query::write_table(out, &header, &rows)?;
    writeln!(
        out,
        "\naccepted (score >= {:.2}, ahead of the next by >= {:.2}):",
        options.min_score, options.margin
    )?;
    let mut any = false;
    for p in &report.proposals {
        match (&p.accepted, &p.note) {
            (Some(item), _) => {
                any = true;
                writeln!(out, "  {} -> {item}", p.entity())?;
            }
            (None, Some(note)) if !p.candidates.is_empty() => {
                writeln!(out, "  {}: not accepted: {note}", p.entity())?;
            }
            _ => {}
        }
    }
    if !any {
        writeln!(out, "  (none)")?;
    }
    if options.apply {
        for a in &report.applied {
            writeln!(
                out,
                "wrote wikidata = \"{}\" to {} ({} `{}`)",
                a.item,
                a.file.display(),
                a.kind.key(),
                a.id
            )?;
        }
        writeln!(out, "{} ids written", report.applied.len())?;
    } else {
        writeln!(
            out,
            "dry run: nothing written (--apply writes the accepted ids into the data files)"
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use spargebra::algebra::GraphPattern;

    /// The VALUES rows of the first VALUES clause in a parsed query.
    fn values_of(pattern: &GraphPattern) -> Option<Vec<String>> {
        match pattern {
            GraphPattern::Values { bindings, .. } => Some(
                bindings
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|t| t.as_ref().map(|t| t.to_string()).unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect(),
            ),
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::LeftJoin { left, right, .. }
            | GraphPattern::Minus { left, right } => values_of(left).or_else(|| values_of(right)),
            GraphPattern::Filter { inner, .. }
            | GraphPattern::Graph { inner, .. }
            | GraphPattern::Extend { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::Group { inner, .. }
            | GraphPattern::Service { inner, .. } => values_of(inner),
            _ => None,
        }
    }

    #[test]
    fn injection_attempts_stay_inside_their_literals() {
        let hostile = [
            "Almaty\" } ?item ?p ?o . #",
            "a\\\"b",
            "line\nbreak\r\n",
            "} UNION { ?s ?p ?o }",
            "\\u0022 } #",
            "'; DROP ALL; '",
        ];
        let literals: Vec<(String, String)> = hostile
            .iter()
            .map(|t| ((*t).to_owned(), "en".to_owned()))
            .collect();
        let text = label_query(&literals);
        let query = spargebra::SparqlParser::new()
            .parse_query(&text)
            .unwrap_or_else(|e| panic!("built query does not parse: {e}\n{text}"));
        let spargebra::Query::Select { pattern, .. } = query else {
            panic!("not a SELECT: {text}");
        };
        let mut got = values_of(&pattern).expect("a VALUES clause");
        got.sort();
        let mut expected: Vec<String> = hostile
            .iter()
            .map(|t| {
                oxigraph::model::Literal::new_language_tagged_literal_unchecked(*t, "en")
                    .to_string()
            })
            .collect();
        expected.sort();
        assert_eq!(got, expected, "the VALUES rows are exactly the labels");
        // And the query still has its own shape: one UNION of two label patterns.
        assert_eq!(text.matches("UNION").count(), 2, "{text}");
    }

    #[test]
    fn search_literals_cover_languages_scripts_and_case() {
        let lits = search_literals(&[("kk".into(), "Алматы".into())]);
        for (t, l) in [
            ("Алматы", "kk"),
            ("Алматы", "ru"),
            ("Алматы", "en"),
            ("алматы", "kk"),
            ("Almaty", "en"),
            ("almaty", "en"),
        ] {
            assert!(
                lits.contains(&(t.into(), l.into())),
                "missing {t}@{l}: {lits:?}"
            );
        }
        assert!(!lits.contains(&("Almaty".into(), "kk".into())));
        let lits = search_literals(&[("en".into(), "raiymbek batyr".into())]);
        assert!(lits.contains(&("Raiymbek Batyr".into(), "en".into())));
        assert!(lits.contains(&("раиымбек батыр".into(), "kk".into())));
    }

    #[test]
    fn years_of_wikidata_dates() {
        assert_eq!(year_of_xsd("1900-01-01T00:00:00Z"), Some(1900));
        assert_eq!(year_of_xsd("+1843-00-00T00:00:00Z"), Some(1843));
        assert_eq!(year_of_xsd("-0500-01-01T00:00:00Z"), Some(-500));
        assert_eq!(year_of_xsd("x"), None);
    }
}
