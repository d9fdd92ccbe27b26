//! Records → quads. Pure: a checked [`Dataset`] in, RDF quads out, no I/O.
//!
//! Layout of the graph (see README "Data model"):
//! - every entity is `{base}{kind}/{id}` with one primary `mura:` class plus the matching
//!   schema.org class(es), so schema.org tools and SPARQL users see familiar terms;
//! - one named graph per source, `{base}graph/{source}`: what a record's `cite` states goes
//!   in the cited source's graph; background knowledge (life dates, translations, full
//!   names, Wikidata identifiers) goes in the graph of a background source;
//! - a name or text is *stated* by the source only if it appears verbatim in the cited
//!   paragraph, otherwise it is background;
//! - every stated triple is also described by a standard RDF reification node
//!   `{base}statement/{hash}` (`rdf:subject`/`rdf:predicate`/`rdf:object`) with
//!   `prov:wasDerivedFrom` the paragraph `{base}source/{source}/p{n}`, the quoted
//!   `mura:excerpt` and the `mura:supportsFact` numbers;
//! - `{base}graph/meta` describes the dataset, the sources, their paragraphs and the
//!   graphs (DCTERMS, PROV-O).
//!
//! No blank nodes are minted, so the same records always give the same quads; the output
//! is sorted and free of duplicates.

use crate::ingest::{Dataset, Source};
use crate::record::*;
use crate::vocab::{self, dcterms, foaf, geo, mura, org, owl, prov, schema, skos};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::*;
use std::collections::{HashMap, HashSet};
use std::hash::Hasher;

/// Maps a checked dataset to its quads, sorted (graph, subject, predicate, object).
pub fn map_dataset(ds: &Dataset) -> Vec<Quad> {
    let mut m = Mapper::new(ds, false);
    for located in &ds.records {
        m.record(&located.record);
    }
    m.meta();
    let mut quads = m.out;
    sort_quads(&mut quads);
    quads.dedup();
    quads
}

/// Maps records one at a time for the streaming (bulk) path: each call appends one
/// record's quads to `out`, so nothing accumulates. References are resolved by the kind
/// of the field (the CSV layout names one table per reference column), not by an index;
/// the caller has checked them. No duplicates arise: ids are unique per kind and every
/// field is emitted once.
pub struct RecordMapper<'a> {
    m: Mapper<'a>,
}

impl<'a> RecordMapper<'a> {
    /// A mapper for records checked against `ds` (its manifest: base, sources, languages);
    /// `ds.records` (the TOML records beside the tables) are indexed for [`Self::map_indexed`].
    pub fn new(ds: &'a Dataset) -> Self {
        Self {
            m: Mapper::new(ds, true),
        }
    }

    /// Appends the quads of a table row's `record` to `out` (references by field kind).
    pub fn map(&mut self, record: &Record, out: &mut Vec<Quad>) {
        self.m.typed = true;
        self.m.record(record);
        out.append(&mut self.m.out);
    }

    /// Appends the quads of a TOML record of the dataset (references through the id index).
    pub fn map_indexed(&mut self, record: &Record, out: &mut Vec<Quad>) {
        self.m.typed = false;
        self.m.record(record);
        out.append(&mut self.m.out);
    }

    /// Appends the dataset description (meta graph) for the graphs used so far, plus
    /// `extra_graphs` (graphs that records mapped elsewhere filled).
    pub fn meta(&mut self, extra_graphs: &[NamedNode], out: &mut Vec<Quad>) {
        self.m.used.extend(extra_graphs.iter().cloned());
        self.m.meta();
        out.append(&mut self.m.out);
    }
}

/// Sorts quads by graph, subject, `rdf:type` first, predicate, object (string forms).
pub fn sort_quads(quads: &mut [Quad]) {
    quads.sort_by_cached_key(|q| {
        (
            q.graph_name.to_string(),
            q.subject.to_string(),
            q.predicate != rdf::TYPE,
            q.predicate.to_string(),
            q.object.to_string(),
        )
    });
}

/// IRI of a record: `{base}{kind}/{id}`.
pub fn entity_iri(base: &str, kind: Kind, id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}{}/{id}", kind.key()))
}

/// IRI of the named graph holding what `source` states.
pub fn graph_iri(base: &str, source: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}graph/{source}"))
}

/// IRI of the dataset-description graph.
pub fn meta_graph_iri(base: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}graph/meta"))
}

pub fn source_iri(base: &str, source: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}source/{source}"))
}

pub fn paragraph_iri(base: &str, source: &str, n: u32) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}source/{source}/p{n}"))
}

/// A Latin slug of free text (`The Astana Times` → `the-astana-times`).
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Whether `text` appears in `paragraph` ignoring case and white space: a label written
/// `Д. А. Қонаев музейі` or capitalised at the start is still the source's wording for
/// `…, Д.А.Қонаев музейі, …` or `… мультимедиялық …`.
pub fn loosely_contains(paragraph: &str, text: &str) -> bool {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let needle = fold(text);
    !needle.is_empty() && fold(paragraph).contains(&needle)
}

/// A typed literal for a checked curated date.
pub fn date_literal(date: &CuratedDate) -> Literal {
    let datatype = match date.precision {
        DatePrecision::Year => xsd::G_YEAR,
        DatePrecision::YearMonth => xsd::G_YEAR_MONTH,
        DatePrecision::Day => xsd::DATE,
    };
    Literal::new_typed_literal(&date.lexical, datatype)
}

struct Mapper<'a> {
    ds: &'a Dataset,
    base: &'a str,
    /// The kind of every id (the whole-dataset path); empty on the streaming path, where
    /// the field's kind decides.
    kinds: HashMap<&'a str, Kind>,
    /// Resolve references by the field's kind (table rows) rather than by `kinds`.
    typed: bool,
    out: Vec<Quad>,
    /// Named graphs that received a quad (the meta graph describes only those).
    used: HashSet<NamedNode>,
}

impl<'a> Mapper<'a> {
    /// A mapper over `ds`'s manifest, with its records indexed by id for references;
    /// `typed` resolves references by the field's kind (the bulk layout) instead.
    fn new(ds: &'a Dataset, typed: bool) -> Self {
        Mapper {
            ds,
            base: &ds.info.base,
            kinds: ds
                .records
                .iter()
                .map(|l| (l.record.id(), l.record.kind()))
                .collect(),
            typed,
            out: Vec::new(),
            used: HashSet::new(),
        }
    }
}

/// What one record's triples are attributed to.
struct Ctx<'a> {
    subject: NamedNode,
    cite: Option<&'a Cite>,
    paragraph: Option<&'a str>,
    source_lang: &'a str,
    background: NamedNode,
}

impl Mapper<'_> {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>, g: &NamedNode) {
        if !self.used.contains(g) {
            self.used.insert(g.clone());
        }
        self.out.push(Quad::new(
            s.clone(),
            p.into_owned(),
            o.into(),
            GraphName::NamedNode(g.clone()),
        ));
    }

    fn iri(&self, kind: Kind, id: &str) -> NamedNode {
        entity_iri(self.base, kind, id)
    }

    /// The IRI of a referenced record (ingest checked that it exists): its kind from the
    /// id index, else (streaming path) the kind the field takes.
    fn reference(&self, id: &str, field_kind: Kind) -> NamedNode {
        let kind = if self.typed {
            field_kind
        } else {
            self.kinds.get(id).copied().unwrap_or(field_kind)
        };
        self.iri(kind, id)
    }

    /// A triple the record's cite states (or background when it has no cite).
    fn stated(&mut self, ctx: &Ctx<'_>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        let o = o.into();
        let Some(cite) = ctx.cite else {
            self.add(&ctx.subject, p, o, &ctx.background);
            return;
        };
        let graph = graph_iri(self.base, &cite.source);
        self.add(&ctx.subject, p, o.clone(), &graph);
        let mut hasher = fnv::FnvHasher::default();
        hasher.write(format!("{} {p} {o} {graph}", ctx.subject).as_bytes());
        let st =
            NamedNode::new_unchecked(format!("{}statement/{:016x}", self.base, hasher.finish()));
        self.add(&st, rdf::TYPE, rdf::STATEMENT, &graph);
        self.add(&st, rdf::SUBJECT, ctx.subject.clone(), &graph);
        self.add(&st, rdf::PREDICATE, p.into_owned(), &graph);
        self.add(&st, rdf::OBJECT, o, &graph);
        self.add(
            &st,
            prov::WAS_DERIVED_FROM,
            paragraph_iri(self.base, &cite.source, cite.paragraph),
            &graph,
        );
        let excerpt =
            Literal::new_language_tagged_literal_unchecked(&cite.excerpt, ctx.source_lang);
        self.add(&st, mura::EXCERPT, excerpt, &graph);
        for fact in &cite.facts {
            self.add(
                &st,
                mura::SUPPORTS_FACT,
                Literal::new_simple_literal(fact),
                &graph,
            );
        }
        if let Some(via) = &cite.via {
            let q = self.iri(Kind::Quotation, via);
            self.add(&st, mura::ACCORDING_TO, q, &graph);
        }
    }

    fn background(&mut self, ctx: &Ctx<'_>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.add(&ctx.subject, p, o, &ctx.background.clone());
    }

    /// Language-tagged texts: stated when verbatim in the cited paragraph, else background.
    /// A text in another language than the source's counts only if it differs from the
    /// source-language text (an English award name quoted in a Kazakh article is stated; a
    /// Russian name spelled like the Kazakh one is not).
    fn texts(&mut self, ctx: &Ctx<'_>, p: NamedNodeRef<'_>, map: &LangMap) {
        for (lang, text) in map {
            let literal = Literal::new_language_tagged_literal_unchecked(text, lang);
            let same_as_source_text =
                lang != ctx.source_lang && map.get(ctx.source_lang) == Some(text);
            if !same_as_source_text
                && ctx
                    .paragraph
                    .is_some_and(|para| loosely_contains(para, text))
            {
                self.stated(ctx, p, literal);
            } else {
                self.background(ctx, p, literal);
            }
        }
    }

    /// A date: always background knowledge (sources here give none that a record cites).
    fn date(
        &mut self,
        ctx: &Ctx<'_>,
        p: NamedNodeRef<'_>,
        value: &Option<String>,
    ) -> Option<CuratedDate> {
        let date = CuratedDate::parse(value.as_deref()?).expect("dates are checked by ingest");
        self.background(ctx, p, date_literal(&date));
        Some(date)
    }

    fn refs(&mut self, ctx: &Ctx<'_>, p: NamedNodeRef<'_>, ids: &[String], kind: Kind) {
        for id in ids {
            let o = self.reference(id, kind);
            self.stated(ctx, p, o);
        }
    }

    fn opt_ref(&mut self, ctx: &Ctx<'_>, p: NamedNodeRef<'_>, id: &Option<String>, kind: Kind) {
        if let Some(id) = id {
            let o = self.reference(id, kind);
            self.stated(ctx, p, o);
        }
    }

    fn record(&mut self, record: &Record) {
        let common = record.common();
        let info = &self.ds.info;
        let cite = common.cite.as_ref();
        let source: Option<&Source> = cite.and_then(|c| self.ds.source(&c.source));
        let ctx = Ctx {
            subject: self.iri(record.kind(), &common.id),
            cite,
            paragraph: cite
                .zip(source)
                .and_then(|(c, s)| s.paragraphs.get(c.paragraph as usize - 1))
                .map(String::as_str),
            source_lang: source.map(|s| s.info.language.as_str()).unwrap_or("und"),
            background: graph_iri(
                self.base,
                common.background.as_deref().unwrap_or(&info.background),
            ),
        };
        let (primary, secondary): (NamedNodeRef<'_>, &[NamedNodeRef<'_>]) = match record {
            Record::Place(p) => match p.place_type {
                PlaceType::City => (mura::CITY, &[schema::CITY]),
                PlaceType::Country => (mura::COUNTRY, &[schema::COUNTRY]),
                PlaceType::Region => (mura::REGION, &[schema::PLACE]),
            },
            Record::Organisation(o) if o.org_type == OrganisationType::CityAdministration => (
                mura::ORGANISATION,
                &[schema::ORGANIZATION, schema::GOVERNMENT_ORGANIZATION],
            ),
            Record::Organisation(_) => (mura::ORGANISATION, &[schema::ORGANIZATION]),
            Record::Museum(_) => (mura::MUSEUM, &[schema::MUSEUM, schema::ORGANIZATION]),
            Record::Person(_) => (mura::PERSON, &[schema::PERSON]),
            Record::Award(_) => (mura::AWARD, &[]),
            Record::Event(e) => match e.event_type {
                EventType::Selection => (mura::SELECTION, &[schema::EVENT]),
                EventType::AwardConferral => (mura::AWARD_CONFERRAL, &[schema::EVENT]),
                EventType::TravellingExhibition => {
                    (mura::TRAVELLING_EXHIBITION, &[schema::EXHIBITION_EVENT])
                }
                EventType::Internship => (mura::INTERNSHIP, &[schema::EVENT]),
                EventType::ExhibitionProgramme => {
                    (mura::EXHIBITION_PROGRAMME, &[schema::EXHIBITION_EVENT])
                }
                EventType::MemorandumSigning => (mura::MEMORANDUM_SIGNING, &[schema::EVENT]),
            },
            Record::Post(_) => (mura::POST, &[org::POST]),
            Record::Quotation(_) => (mura::QUOTATION, &[schema::QUOTATION]),
            Record::Policy(_) => (mura::POLICY, &[]),
        };
        self.stated(&ctx, rdf::TYPE, primary.into_owned());
        for class in secondary {
            self.stated(&ctx, rdf::TYPE, class.into_owned());
        }
        self.texts(&ctx, schema::NAME, &common.name);
        self.texts(&ctx, schema::DESCRIPTION, &common.description);
        for (lang, text) in &common.note {
            self.background(
                &ctx,
                skos::NOTE,
                Literal::new_language_tagged_literal_unchecked(text, lang),
            );
        }
        if let Some(q) = &common.wikidata {
            let links = info.links.as_deref().unwrap_or(&info.background);
            let g = graph_iri(self.base, links);
            let item = NamedNode::new_unchecked(vocab::wikidata_item(q));
            self.add(&ctx.subject, owl::SAME_AS, item.clone(), &g);
            self.add(&ctx.subject, schema::SAME_AS, item, &g);
        }
        match record {
            Record::Place(p) => {
                // Which country a city is in is the curators' knowledge, not the source's.
                if let Some(country) = &p.country {
                    let o = self.reference(country, Kind::Place);
                    self.background(&ctx, schema::CONTAINED_IN_PLACE, o);
                }
                for (prop, value) in [(geo::LAT, &p.lat), (geo::LONG, &p.lon)] {
                    if let Some(v) = value {
                        // the canonical form, as a store keeps it (`43.250` → `43.25`), so
                        // streamed and stored exports agree
                        let lexical = v
                            .parse::<oxsdatatypes::Decimal>()
                            .map_or_else(|_| v.clone(), |d| d.to_string());
                        self.background(
                            &ctx,
                            prop,
                            Literal::new_typed_literal(lexical, xsd::DECIMAL),
                        );
                    }
                }
            }
            Record::Organisation(o) => {
                let concept = match o.org_type {
                    OrganisationType::InternationalOrganisation => mura::INTERNATIONAL_ORGANISATION,
                    OrganisationType::Association => mura::ASSOCIATION,
                    OrganisationType::CityAdministration => mura::CITY_ADMINISTRATION,
                    OrganisationType::Organisation => mura::GENERIC_ORGANISATION,
                };
                self.stated(&ctx, mura::ORGANISATION_TYPE, concept.into_owned());
                self.texts(&ctx, schema::ALTERNATE_NAME, &o.short_name);
                self.opt_ref(&ctx, schema::LOCATION, &o.location, Kind::Place);
                self.date(&ctx, schema::FOUNDING_DATE, &o.founded);
                if let Some(url) = &o.website {
                    self.background(&ctx, schema::URL, NamedNode::new_unchecked(url));
                }
            }
            Record::Museum(m) => {
                if let Some(t) = m.museum_type {
                    let concept = match t {
                        MuseumType::Museum => mura::GENERAL_MUSEUM,
                        MuseumType::HouseMuseum => mura::HOUSE_MUSEUM,
                        MuseumType::MemorialMuseum => mura::MEMORIAL_MUSEUM,
                        MuseumType::MuseumComplex => mura::MUSEUM_COMPLEX,
                        MuseumType::CultureCentre => mura::CULTURE_CENTRE,
                    };
                    self.stated(&ctx, mura::MUSEUM_TYPE, concept.into_owned());
                }
                self.opt_ref(
                    &ctx,
                    schema::CONTAINED_IN_PLACE,
                    &Some(m.city.clone()),
                    Kind::Place,
                );
                self.opt_ref(&ctx, schema::MEMBER_OF, &m.member_of, Kind::Organisation);
                self.refs(&ctx, mura::NAMED_AFTER, &m.named_after, Kind::Person);
                self.date(&ctx, schema::FOUNDING_DATE, &m.founded);
                if let Some(url) = &m.website {
                    self.background(&ctx, schema::URL, NamedNode::new_unchecked(url));
                }
            }
            Record::Person(p) => {
                let born = self.date(&ctx, schema::BIRTH_DATE, &p.born);
                let died = self.date(&ctx, schema::DEATH_DATE, &p.died);
                for (date, flag) in [
                    (born, mura::BIRTH_DATE_CIRCA),
                    (died, mura::DEATH_DATE_CIRCA),
                ] {
                    if date.is_some_and(|d| d.circa) {
                        self.background(&ctx, flag, Literal::from(true));
                    }
                }
            }
            Record::Award(a) => self.opt_ref(
                &ctx,
                mura::CONFERRED_BY,
                &a.conferred_by,
                Kind::Organisation,
            ),
            Record::Event(e) => {
                // An event's date is the curators' reading (the article gives only its own
                // month of publication), so it is background, never stated.
                self.date(&ctx, schema::START_DATE, &e.date);
                self.opt_ref(&ctx, schema::LOCATION, &e.place, Kind::Place);
                self.opt_ref(&ctx, mura::HOST_INSTITUTION, &e.host, Kind::Organisation);
                self.refs(&ctx, schema::ORGANIZER, &e.organisers, Kind::Organisation);
                self.refs(&ctx, schema::ATTENDEE, &e.participants, Kind::Organisation);
                self.refs(&ctx, schema::SPONSOR, &e.supported_by, Kind::Organisation);
                self.opt_ref(&ctx, mura::AWARD_PROP, &e.award, Kind::Award);
                self.opt_ref(&ctx, mura::RECIPIENT, &e.recipient, Kind::Museum);
                self.opt_ref(
                    &ctx,
                    mura::CONFERRED_BY,
                    &e.conferred_by,
                    Kind::Organisation,
                );
                self.opt_ref(&ctx, mura::PRESENTED_BY, &e.presented_by, Kind::Person);
                self.refs(&ctx, mura::AMONG_MUSEUMS_OF, &e.among, Kind::Place);
                self.opt_ref(&ctx, schema::SUPER_EVENT, &e.part_of, Kind::Event);
                if let Some(n) = e.count {
                    self.stated(&ctx, mura::COUNT, Literal::from(i64::from(n)));
                }
                self.texts(&ctx, mura::REASON, &e.reason);
            }
            Record::Post(p) => {
                self.opt_ref(
                    &ctx,
                    org::POST_IN,
                    &Some(p.organisation.clone()),
                    Kind::Organisation,
                );
                self.opt_ref(&ctx, org::HELD_BY, &Some(p.holder.clone()), Kind::Person);
            }
            Record::Quotation(q) => {
                self.opt_ref(
                    &ctx,
                    schema::SPOKEN_BY_CHARACTER,
                    &Some(q.speaker.clone()),
                    Kind::Person,
                );
                self.opt_ref(&ctx, mura::SAID_AT, &q.said_at, Kind::Event);
                let text = [(q.lang.clone(), q.text.clone())].into_iter().collect();
                self.texts(&ctx, schema::TEXT, &text);
                self.stated(
                    &ctx,
                    schema::IN_LANGUAGE,
                    Literal::new_simple_literal(&q.lang),
                );
            }
            Record::Policy(p) => {
                self.refs(&ctx, mura::APPLIES_TO, &p.applies_to, Kind::Museum);
                self.opt_ref(&ctx, mura::DECIDED_BY, &p.decided_by, Kind::Person);
                self.texts(&ctx, mura::AUDIENCE, &p.audience);
            }
        }
    }

    /// The dataset, its sources, their paragraphs and the source graphs, in the meta graph.
    fn meta(&mut self) {
        let info = &self.ds.info;
        let g = meta_graph_iri(self.base);
        let dataset = NamedNode::new_unchecked(format!("{}dataset", self.base));
        self.add(&dataset, rdf::TYPE, vocab::void::DATASET.into_owned(), &g);
        for (lang, t) in &info.title {
            self.add(
                &dataset,
                dcterms::TITLE,
                Literal::new_language_tagged_literal_unchecked(t, lang),
                &g,
            );
        }
        for (lang, t) in &info.description {
            self.add(
                &dataset,
                dcterms::DESCRIPTION,
                Literal::new_language_tagged_literal_unchecked(t, lang),
                &g,
            );
        }
        if !info.licence.is_empty() {
            self.add(
                &dataset,
                dcterms::LICENSE,
                NamedNode::new_unchecked(&info.licence),
                &g,
            );
        }
        if let Some(created) = &info.created {
            if let Ok(d) = CuratedDate::parse(created) {
                self.add(&dataset, dcterms::CREATED, date_literal(&d), &g);
            }
        }
        for source in &self.ds.sources {
            let s = &source.info;
            let iri = source_iri(self.base, &s.id);
            self.add(&iri, rdf::TYPE, mura::SOURCE.into_owned(), &g);
            self.add(&iri, rdf::TYPE, prov::ENTITY.into_owned(), &g);
            if !s.background && s.url.is_some() {
                self.add(&iri, rdf::TYPE, schema::NEWS_ARTICLE.into_owned(), &g);
            }
            self.add(&iri, mura::IS_BACKGROUND, Literal::from(s.background), &g);
            for (lang, t) in &s.title {
                self.add(
                    &iri,
                    dcterms::TITLE,
                    Literal::new_language_tagged_literal_unchecked(t, lang),
                    &g,
                );
            }
            self.add(
                &iri,
                dcterms::LANGUAGE,
                Literal::new_simple_literal(&s.language),
                &g,
            );
            if let Some(url) = &s.url {
                self.add(&iri, schema::URL, NamedNode::new_unchecked(url), &g);
            }
            if let Some(date) = s.date.as_deref().and_then(|d| CuratedDate::parse(d).ok()) {
                self.add(&iri, dcterms::ISSUED, date_literal(&date), &g);
            }
            if let Some(publisher) = &s.publisher {
                let agent =
                    NamedNode::new_unchecked(format!("{}agent/{}", self.base, slugify(publisher)));
                self.add(&iri, dcterms::PUBLISHER, agent.clone(), &g);
                self.add(&agent, rdf::TYPE, prov::ORGANIZATION.into_owned(), &g);
                self.add(&agent, rdf::TYPE, foaf::ORGANIZATION.into_owned(), &g);
                self.add(
                    &agent,
                    foaf::NAME,
                    Literal::new_simple_literal(publisher),
                    &g,
                );
            }
            for (i, text) in source.paragraphs.iter().enumerate() {
                let n = i as u32 + 1;
                let p = paragraph_iri(self.base, &s.id, n);
                self.add(&p, rdf::TYPE, mura::PARAGRAPH.into_owned(), &g);
                self.add(&p, dcterms::IS_PART_OF, iri.clone(), &g);
                self.add(&p, mura::PARAGRAPH_NUMBER, Literal::from(i64::from(n)), &g);
                self.add(
                    &p,
                    schema::TEXT,
                    Literal::new_language_tagged_literal_unchecked(text, &s.language),
                    &g,
                );
            }
            let graph = graph_iri(self.base, &s.id);
            if !self.used.contains(&graph) {
                continue;
            }
            self.add(&graph, rdf::TYPE, mura::SOURCE_GRAPH.into_owned(), &g);
            self.add(&graph, prov::WAS_DERIVED_FROM, iri.clone(), &g);
            self.add(&graph, dcterms::SOURCE, iri, &g);
            self.add(&graph, dcterms::IS_PART_OF, dataset.clone(), &g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_labels_ignore_case_and_spacing() {
        let p = "…, Д.А.Қонаев музейі, мультимедиялық дәстүрлі музыка орталығы";
        assert!(loosely_contains(p, "Д. А. Қонаев музейі"));
        assert!(loosely_contains(
            p,
            "Мультимедиялық дәстүрлі музыка орталығы"
        ));
        assert!(!loosely_contains(p, "Қонаев атындағы музей"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("The Astana Times"), "the-astana-times");
        assert_eq!(slugify("zakon.kz"), "zakon-kz");
    }
}
