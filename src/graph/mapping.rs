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

use super::iri::*;
use crate::model::*;
use crate::model::{Dataset, Source};
use crate::vocab::{self, dcterms, foaf, geo, ont, org, owl, prov, schema, skos};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::*;
use std::collections::HashSet;
use std::hash::Hasher;

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

/// Records → quads, one record at a time: each call appends one record's quads, so the
/// streaming paths hold nothing. A record's references are minted with the kinds the
/// checker resolved them to ([`crate::check::Checker::check`]).
pub struct Mapper<'a> {
    ds: &'a Dataset,
    base: &'a str,
    out: Vec<Quad>,
    /// Named graphs that received a quad (the meta graph describes only those).
    used: HashSet<NamedNode>,
}

impl<'a> Mapper<'a> {
    /// A mapper for records checked against `ds` (its manifest: base, sources, languages).
    pub fn new(ds: &'a Dataset) -> Self {
        Mapper {
            ds,
            base: &ds.info.base,
            out: Vec::new(),
            used: HashSet::new(),
        }
    }

    /// Appends the quads of `record` to `out`; `kinds` are its references' kinds, in the
    /// order of [`Record::references`].
    pub fn record(&mut self, record: &Record, kinds: &[Kind], out: &mut Vec<Quad>) {
        self.map(record, kinds);
        out.append(&mut self.out);
    }

    /// Appends the meta graph: the dataset, its sources, their paragraphs and the source
    /// graphs that received a quad so far.
    pub fn meta(&mut self, out: &mut Vec<Quad>) {
        self.describe_sources();
        out.append(&mut self.out);
    }
}

/// What one record's triples are attributed to.
struct Ctx<'a> {
    subject: NamedNode,
    /// The record's references with the kinds they resolved to: (field, id, kind).
    refs: Vec<(&'static str, &'a str, Kind)>,
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
        self.add(&st, ont::EXCERPT, excerpt, &graph);
        for fact in &cite.facts {
            self.add(
                &st,
                ont::SUPPORTS_FACT,
                Literal::new_simple_literal(fact),
                &graph,
            );
        }
        if let Some(via) = &cite.via {
            let q = self.iri(Kind::Quotation, via);
            self.add(&st, ont::ACCORDING_TO, q, &graph);
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
    fn date(&mut self, ctx: &Ctx<'_>, p: NamedNodeRef<'_>, date: &Option<CuratedDate>) {
        if let Some(date) = date {
            self.background(ctx, p, date_literal(date));
        }
    }

    /// The record's references in `field`, stated with predicate `p`.
    fn link(&mut self, ctx: &Ctx<'_>, field: &str, p: NamedNodeRef<'_>) {
        for (f, id, kind) in &ctx.refs {
            if *f == field {
                let o = self.iri(*kind, id);
                self.stated(ctx, p, o);
            }
        }
    }

    fn map(&mut self, record: &Record, kinds: &[Kind]) {
        let common = record.common();
        let info = &self.ds.info;
        let cite = common.cite.as_ref();
        let source: Option<&Source> = cite.and_then(|c| self.ds.source(&c.source));
        let ctx = Ctx {
            subject: self.iri(record.kind(), &common.id),
            refs: record
                .references()
                .into_iter()
                .zip(kinds)
                .map(|((field, id), kind)| (field, id, *kind))
                .collect(),
            cite,
            paragraph: cite.and_then(|c| self.ds.paragraph(&c.source, c.paragraph)),
            source_lang: source.map(|s| s.info.language.as_str()).unwrap_or("und"),
            background: graph_iri(
                self.base,
                common.background.as_deref().unwrap_or(&info.background),
            ),
        };
        let (primary, secondary): (NamedNodeRef<'_>, &[NamedNodeRef<'_>]) = match record {
            Record::Place(p) => match p.place_type {
                PlaceType::City => (ont::CITY, &[schema::CITY]),
                PlaceType::Country => (ont::COUNTRY, &[schema::COUNTRY]),
                PlaceType::Region => (ont::REGION, &[schema::PLACE]),
            },
            Record::Organisation(o) if o.org_type == OrganisationType::CityAdministration => (
                ont::ORGANISATION,
                &[schema::ORGANIZATION, schema::GOVERNMENT_ORGANIZATION],
            ),
            Record::Organisation(_) => (ont::ORGANISATION, &[schema::ORGANIZATION]),
            Record::Museum(_) => (ont::MUSEUM, &[schema::MUSEUM, schema::ORGANIZATION]),
            Record::Person(_) => (ont::PERSON, &[schema::PERSON]),
            Record::Award(_) => (ont::AWARD, &[]),
            Record::Event(e) => match e.event_type {
                EventType::Selection => (ont::SELECTION, &[schema::EVENT]),
                EventType::AwardConferral => (ont::AWARD_CONFERRAL, &[schema::EVENT]),
                EventType::TravellingExhibition => {
                    (ont::TRAVELLING_EXHIBITION, &[schema::EXHIBITION_EVENT])
                }
                EventType::Internship => (ont::INTERNSHIP, &[schema::EVENT]),
                EventType::ExhibitionProgramme => {
                    (ont::EXHIBITION_PROGRAMME, &[schema::EXHIBITION_EVENT])
                }
                EventType::MemorandumSigning => (ont::MEMORANDUM_SIGNING, &[schema::EVENT]),
            },
            Record::Post(_) => (ont::POST, &[org::POST]),
            Record::Quotation(_) => (ont::QUOTATION, &[schema::QUOTATION]),
            Record::Policy(_) => (ont::POLICY, &[]),
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
                for (field, id, kind) in &ctx.refs {
                    if *field == "country" {
                        let o = self.iri(*kind, id);
                        self.background(&ctx, schema::CONTAINED_IN_PLACE, o);
                    }
                }
                for (prop, value) in [(geo::LAT, &p.lat), (geo::LONG, &p.lon)] {
                    if let Some(v) = value {
                        self.background(
                            &ctx,
                            prop,
                            Literal::new_typed_literal(v.as_str(), xsd::DECIMAL),
                        );
                    }
                }
            }
            Record::Organisation(o) => {
                let concept = match o.org_type {
                    OrganisationType::InternationalOrganisation => ont::INTERNATIONAL_ORGANISATION,
                    OrganisationType::Association => ont::ASSOCIATION,
                    OrganisationType::CityAdministration => ont::CITY_ADMINISTRATION,
                    OrganisationType::Organisation => ont::GENERIC_ORGANISATION,
                };
                self.stated(&ctx, ont::ORGANISATION_TYPE, concept.into_owned());
                self.texts(&ctx, schema::ALTERNATE_NAME, &o.short_name);
                self.link(&ctx, "location", schema::LOCATION);
                self.date(&ctx, schema::FOUNDING_DATE, &o.founded);
                if let Some(url) = &o.website {
                    self.background(&ctx, schema::URL, NamedNode::new_unchecked(url.as_str()));
                }
            }
            Record::Museum(m) => {
                if let Some(t) = m.museum_type {
                    let concept = match t {
                        MuseumType::Museum => ont::GENERAL_MUSEUM,
                        MuseumType::HouseMuseum => ont::HOUSE_MUSEUM,
                        MuseumType::MemorialMuseum => ont::MEMORIAL_MUSEUM,
                        MuseumType::MuseumComplex => ont::MUSEUM_COMPLEX,
                        MuseumType::CultureCentre => ont::CULTURE_CENTRE,
                    };
                    self.stated(&ctx, ont::MUSEUM_TYPE, concept.into_owned());
                }
                self.link(&ctx, "city", schema::CONTAINED_IN_PLACE);
                self.link(&ctx, "member_of", schema::MEMBER_OF);
                self.link(&ctx, "named_after", ont::NAMED_AFTER);
                self.date(&ctx, schema::FOUNDING_DATE, &m.founded);
                if let Some(url) = &m.website {
                    self.background(&ctx, schema::URL, NamedNode::new_unchecked(url.as_str()));
                }
            }
            Record::Person(p) => {
                self.date(&ctx, schema::BIRTH_DATE, &p.born);
                self.date(&ctx, schema::DEATH_DATE, &p.died);
                for (date, flag) in [
                    (&p.born, ont::BIRTH_DATE_CIRCA),
                    (&p.died, ont::DEATH_DATE_CIRCA),
                ] {
                    if date.as_ref().is_some_and(|d| d.circa) {
                        self.background(&ctx, flag, Literal::from(true));
                    }
                }
            }
            Record::Award(_) => self.link(&ctx, "conferred_by", ont::CONFERRED_BY),
            Record::Event(e) => {
                // An event's date is the curators' reading (the article gives only its own
                // month of publication), so it is background, never stated.
                self.date(&ctx, schema::START_DATE, &e.date);
                for (field, p) in [
                    ("place", schema::LOCATION),
                    ("host", ont::HOST_INSTITUTION),
                    ("organisers", schema::ORGANIZER),
                    ("participants", schema::ATTENDEE),
                    ("supported_by", schema::SPONSOR),
                    ("award", ont::AWARD_PROP),
                    ("recipient", ont::RECIPIENT),
                    ("conferred_by", ont::CONFERRED_BY),
                    ("presented_by", ont::PRESENTED_BY),
                    ("among", ont::AMONG_MUSEUMS_OF),
                    ("part_of", schema::SUPER_EVENT),
                ] {
                    self.link(&ctx, field, p);
                }
                if let Some(n) = e.count {
                    self.stated(&ctx, ont::COUNT, Literal::from(i64::from(n)));
                }
                self.texts(&ctx, ont::REASON, &e.reason);
            }
            Record::Post(_) => {
                self.link(&ctx, "organisation", org::POST_IN);
                self.link(&ctx, "holder", org::HELD_BY);
            }
            Record::Quotation(q) => {
                self.link(&ctx, "speaker", schema::SPOKEN_BY_CHARACTER);
                self.link(&ctx, "said_at", ont::SAID_AT);
                let text = [(q.lang.clone(), q.text.clone())].into_iter().collect();
                self.texts(&ctx, schema::TEXT, &text);
                self.stated(
                    &ctx,
                    schema::IN_LANGUAGE,
                    Literal::new_simple_literal(&q.lang),
                );
            }
            Record::Policy(p) => {
                self.link(&ctx, "applies_to", ont::APPLIES_TO);
                self.link(&ctx, "decided_by", ont::DECIDED_BY);
                self.texts(&ctx, ont::AUDIENCE, &p.audience);
            }
        }
    }

    /// The dataset, its sources, their paragraphs and the source graphs, in the meta graph.
    fn describe_sources(&mut self) {
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
            self.add(&dataset, dcterms::CREATED, date_literal(created), &g);
        }
        for source in &self.ds.sources {
            let s = &source.info;
            let iri = source_iri(self.base, &s.id);
            self.add(&iri, rdf::TYPE, ont::SOURCE.into_owned(), &g);
            self.add(&iri, rdf::TYPE, prov::ENTITY.into_owned(), &g);
            if !s.background && s.url.is_some() {
                self.add(&iri, rdf::TYPE, schema::NEWS_ARTICLE.into_owned(), &g);
            }
            self.add(&iri, ont::IS_BACKGROUND, Literal::from(s.background), &g);
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
                self.add(
                    &iri,
                    schema::URL,
                    NamedNode::new_unchecked(url.as_str()),
                    &g,
                );
            }
            if let Some(date) = &s.date {
                self.add(&iri, dcterms::ISSUED, date_literal(date), &g);
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
                self.add(&p, rdf::TYPE, ont::PARAGRAPH.into_owned(), &g);
                self.add(&p, dcterms::IS_PART_OF, iri.clone(), &g);
                self.add(&p, ont::PARAGRAPH_NUMBER, Literal::from(i64::from(n)), &g);
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
            self.add(&graph, rdf::TYPE, ont::SOURCE_GRAPH.into_owned(), &g);
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
