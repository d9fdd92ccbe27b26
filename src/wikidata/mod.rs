//! Wikidata: the SPARQL endpoint client ([`endpoint`]: User-Agent, timeouts, rate limits,
//! cache), reconciliation of records with items ([`link`]), Kazakh transliteration for
//! label matching ([`translit`]) and QuickStatements v1 ([`quickstatements`]).

pub mod endpoint;
pub mod link;
pub mod quickstatements;
pub mod translit;
