//! Every IRI mura writes, in one place: the mura ontology (`ontology/mura.ttl`) and the
//! standard vocabularies it reuses (schema.org, CIDOC-CRM, PROV-O, DCTERMS, SKOS, ORG,
//! FOAF, W3C Geo, OWL, Wikidata). A test checks that each term exists in `ontology/` or in
//! the vocabulary it claims (schema.org and CIDOC-CRM releases in `../shared/vendor/`).
//!
//! schema.org terms use `http://schema.org/`, the namespace the schema.org JSON-LD context
//! expands to, so that embedded JSON-LD and mura's RDF name the same terms.

use oxigraph::model::NamedNodeRef;

/// Namespace prefixes mura writes in Turtle, TriG and RDF/XML (only those used appear).
pub const PREFIXES: &[(&str, &str)] = &[
    ("mura", MURA),
    ("schema", SCHEMA),
    ("crm", CRM),
    ("prov", PROV),
    ("dcterms", DCTERMS),
    ("skos", SKOS),
    ("org", ORG),
    ("foaf", FOAF),
    ("geo", GEO),
    ("owl", OWL),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("xsd", XSD),
    ("wd", WD),
    ("wdt", WDT),
    // Wikidata statements (the `wikidata` export profile)
    ("p", "http://www.wikidata.org/prop/"),
    ("ps", "http://www.wikidata.org/prop/statement/"),
    ("pq", "http://www.wikidata.org/prop/qualifier/"),
    ("pr", "http://www.wikidata.org/prop/reference/"),
    ("wikibase", "http://wikiba.se/ontology#"),
    ("void", VOID),
    ("dcat", DCAT),
    ("sh", SH),
    ("mush", MUSH),
];

pub const MURA: &str = "https://w3id.org/mura/ontology#";
pub const SCHEMA: &str = "http://schema.org/";
pub const CRM: &str = "http://www.cidoc-crm.org/cidoc-crm/";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const ORG: &str = "http://www.w3.org/ns/org#";
pub const FOAF: &str = "http://xmlns.com/foaf/0.1/";
pub const GEO: &str = "http://www.w3.org/2003/01/geo/wgs84_pos#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const WD: &str = "http://www.wikidata.org/entity/";
pub const WDT: &str = "http://www.wikidata.org/prop/direct/";
pub const VOID: &str = "http://rdfs.org/ns/void#";
pub const DCAT: &str = "http://www.w3.org/ns/dcat#";
pub const SH: &str = "http://www.w3.org/ns/shacl#";
/// mura's SHACL shapes (`ontology/shapes.ttl`).
pub const MUSH: &str = "https://w3id.org/mura/shapes#";

macro_rules! terms {
    ($module:ident, $ns:literal, { $($name:ident = $local:literal),* $(,)? }) => {
        pub mod $module {
            use super::NamedNodeRef;
            $(pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!($ns, $local));)*
            /// Every term of this module, for the ontology test.
            pub const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
        }
    };
}

// The mura ontology's terms (`ontology/mura.ttl`, namespace [`MURA`]); `ont`, so that
// `vocab::ont::MUSEUM` does not read like a path into the crate.
terms!(ont, "https://w3id.org/mura/ontology#", {
    // classes: one primary class per kind of record
    CITY = "City",
    COUNTRY = "Country",
    REGION = "Region",
    ORGANISATION = "Organisation",
    MUSEUM = "Museum",
    PERSON = "Person",
    AWARD = "Award",
    SELECTION = "Selection",
    AWARD_CONFERRAL = "AwardConferral",
    TRAVELLING_EXHIBITION = "TravellingExhibition",
    INTERNSHIP = "Internship",
    EXHIBITION_PROGRAMME = "ExhibitionProgramme",
    MEMORANDUM_SIGNING = "MemorandumSigning",
    POST = "Post",
    QUOTATION = "Quotation",
    POLICY = "Policy",
    SOURCE = "Source",
    PARAGRAPH = "Paragraph",
    CLAIM = "Claim",
    SOURCE_GRAPH = "SourceGraph",
    // concepts: organisation and museum types
    INTERNATIONAL_ORGANISATION = "InternationalOrganisation",
    ASSOCIATION = "Association",
    CITY_ADMINISTRATION = "CityAdministration",
    GENERIC_ORGANISATION = "GenericOrganisation",
    GENERAL_MUSEUM = "GeneralMuseum",
    HOUSE_MUSEUM = "HouseMuseum",
    MEMORIAL_MUSEUM = "MemorialMuseum",
    MUSEUM_COMPLEX = "MuseumComplex",
    CULTURE_CENTRE = "CultureCentre",
    // properties
    ORGANISATION_TYPE = "organisationType",
    MUSEUM_TYPE = "museumType",
    NAMED_AFTER = "namedAfter",
    BIRTH_DATE_CIRCA = "birthDateCirca",
    DEATH_DATE_CIRCA = "deathDateCirca",
    CONFERRED_BY = "conferredBy",
    AWARD_PROP = "award",
    RECIPIENT = "recipient",
    PRESENTED_BY = "presentedBy",
    AMONG_MUSEUMS_OF = "amongMuseumsOf",
    HOST_INSTITUTION = "hostInstitution",
    COUNT = "count",
    REASON = "reason",
    SAID_AT = "saidAt",
    APPLIES_TO = "appliesTo",
    DECIDED_BY = "decidedBy",
    AUDIENCE = "audience",
    EXCERPT = "excerpt",
    SUPPORTS_FACT = "supportsFact",
    ACCORDING_TO = "accordingTo",
    PARAGRAPH_NUMBER = "paragraphNumber",
    IS_BACKGROUND = "isBackground",
});

terms!(schema, "http://schema.org/", {
    CITY = "City",
    COUNTRY = "Country",
    PLACE = "Place",
    ORGANIZATION = "Organization",
    GOVERNMENT_ORGANIZATION = "GovernmentOrganization",
    MUSEUM = "Museum",
    PERSON = "Person",
    EVENT = "Event",
    EXHIBITION_EVENT = "ExhibitionEvent",
    QUOTATION = "Quotation",
    NEWS_ARTICLE = "NewsArticle",
    NAME = "name",
    ALTERNATE_NAME = "alternateName",
    DESCRIPTION = "description",
    SAME_AS = "sameAs",
    CONTAINED_IN_PLACE = "containedInPlace",
    LOCATION = "location",
    MEMBER_OF = "memberOf",
    FOUNDING_DATE = "foundingDate",
    URL = "url",
    BIRTH_DATE = "birthDate",
    DEATH_DATE = "deathDate",
    START_DATE = "startDate",
    ORGANIZER = "organizer",
    ATTENDEE = "attendee",
    SPONSOR = "sponsor",
    SUPER_EVENT = "superEvent",
    SPOKEN_BY_CHARACTER = "spokenByCharacter",
    TEXT = "text",
    IN_LANGUAGE = "inLanguage",
    PUBLISHER = "publisher",
    DATE_PUBLISHED = "datePublished",
});

terms!(prov, "http://www.w3.org/ns/prov#", {
    ENTITY = "Entity",
    ORGANIZATION = "Organization",
    WAS_DERIVED_FROM = "wasDerivedFrom",
    HAD_PRIMARY_SOURCE = "hadPrimarySource",
    WAS_QUOTED_FROM = "wasQuotedFrom",
});

terms!(dcterms, "http://purl.org/dc/terms/", {
    TITLE = "title",
    DESCRIPTION = "description",
    PUBLISHER = "publisher",
    SOURCE = "source",
    ISSUED = "issued",
    CREATED = "created",
    LANGUAGE = "language",
    LICENSE = "license",
    IS_PART_OF = "isPartOf",
});

terms!(skos, "http://www.w3.org/2004/02/skos/core#", {
    NOTE = "note",
});

terms!(org, "http://www.w3.org/ns/org#", {
    POST = "Post",
    POST_IN = "postIn",
    HELD_BY = "heldBy",
});

terms!(foaf, "http://xmlns.com/foaf/0.1/", {
    NAME = "name",
    ORGANIZATION = "Organization",
    HOMEPAGE = "homepage",
});

terms!(geo, "http://www.w3.org/2003/01/geo/wgs84_pos#", {
    LAT = "lat",
    LONG = "long",
});

terms!(owl, "http://www.w3.org/2002/07/owl#", {
    SAME_AS = "sameAs",
});

terms!(void, "http://rdfs.org/ns/void#", {
    DATASET = "Dataset",
});

/// Every term module's `ALL`, for the ontology test (`tests/ontology.rs`): each listed term
/// must be defined in `ontology/` or in the vendored vocabulary its namespace names.
pub const ALL_TERMS: &[&[NamedNodeRef<'static>]] = &[
    ont::ALL,
    schema::ALL,
    prov::ALL,
    dcterms::ALL,
    skos::ALL,
    org::ALL,
    foaf::ALL,
    geo::ALL,
    owl::ALL,
    void::ALL,
];

/// Wikidata item IRI for an id such as `Q35493`.
pub fn wikidata_item(id: &str) -> String {
    format!("{WD}{id}")
}
