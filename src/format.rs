//! The one format resolver, shared by the CLI and the HTTP server (`mura serve`): a
//! `--format` value, a file extension or a media type → oxigraph's [`RdfFormat`] or
//! [`QueryResultsFormat`]; an HTTP `Accept` header → the offered media type the client
//! prefers ([`negotiate`]). An explicit `--format` always wins over the extension.

use crate::error::{Error, Result};
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;
use std::path::Path;

/// RDF format from a short name (`turtle`, `ttl`, `ntriples`, `nt`, `nquads`, `trig`,
/// `rdfxml`, `jsonld`, `n3`), an extension or a media type.
pub fn rdf_format(value: &str) -> Option<RdfFormat> {
    let v = value.trim().to_ascii_lowercase();
    match v.as_str() {
        "turtle" | "ttl" => Some(RdfFormat::Turtle),
        "ntriples" | "n-triples" | "nt" => Some(RdfFormat::NTriples),
        "nquads" | "n-quads" | "nq" => Some(RdfFormat::NQuads),
        "trig" => Some(RdfFormat::TriG),
        "rdfxml" | "rdf-xml" | "rdf/xml" | "rdf" | "owl" => Some(RdfFormat::RdfXml),
        "jsonld" | "json-ld" => Some(RdfFormat::JsonLd {
            profile: Default::default(),
        }),
        "n3" => Some(RdfFormat::N3),
        _ if v.contains('/') => RdfFormat::from_media_type(&v),
        _ => RdfFormat::from_extension(&v),
    }
}

/// SPARQL results format from a short name (`json`, `xml`, `csv`, `tsv`), an extension
/// (`srj`, `srx`) or a media type.
pub fn results_format(value: &str) -> Option<QueryResultsFormat> {
    let v = value.trim().to_ascii_lowercase();
    if v.contains('/') {
        QueryResultsFormat::from_media_type(&v)
    } else {
        QueryResultsFormat::from_extension(&v)
    }
}

/// The RDF format for an output: `--format` if given, else the file's extension.
pub fn resolve_rdf(
    explicit: Option<&str>,
    path: Option<&Path>,
    default: RdfFormat,
) -> Result<RdfFormat> {
    if let Some(value) = explicit {
        return rdf_format(value).ok_or_else(|| {
            Error::Usage(format!(
                "unknown RDF format `{value}`: use turtle, ntriples, nquads, trig, rdfxml, jsonld or n3 (or a media type such as text/turtle)"
            ))
        });
    }
    let Some(path) = path else { return Ok(default) };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    rdf_format(ext).ok_or_else(|| {
        Error::Usage(format!(
            "cannot tell the RDF format of {} from its extension: add --format (turtle, ntriples, nquads, trig, rdfxml, jsonld)",
            path.display()
        ))
    })
}

/// Short name of an RDF format, for messages and the summary.
pub fn rdf_format_name(format: RdfFormat) -> &'static str {
    match format {
        RdfFormat::Turtle => "turtle",
        RdfFormat::NTriples => "ntriples",
        RdfFormat::NQuads => "nquads",
        RdfFormat::TriG => "trig",
        RdfFormat::RdfXml => "rdfxml",
        RdfFormat::N3 => "n3",
        _ => "jsonld",
    }
}

/// The media type of `offered` that an HTTP `Accept` header prefers: the highest `q` of
/// the most specific matching range (`type/sub` over `type/*` over `*/*`), ties going to
/// the earlier offer. A missing or blank header accepts anything (the first offer wins);
/// `None` means nothing offered is acceptable (HTTP 406).
pub fn negotiate<'a>(accept: Option<&str>, offered: &[&'a str]) -> Option<&'a str> {
    let accept = accept.map(str::trim).unwrap_or("");
    if accept.is_empty() {
        return offered.first().copied();
    }
    let ranges: Vec<(String, String, f32)> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            let (main, sub) = media.split_once('/')?;
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((main.trim().to_owned(), sub.trim().to_owned(), q))
        })
        .collect();
    let mut best: Option<(&'a str, f32)> = None;
    for &offer in offered {
        let (main, sub) = offer.split_once('/').unwrap_or((offer, ""));
        // the most specific range that matches this offer decides its q
        let q = ranges
            .iter()
            .filter_map(|(m, s, q)| {
                let specificity = match (m.as_str(), s.as_str()) {
                    (m, s) if m == main && s == sub => 3,
                    (m, "*") if m == main => 2,
                    ("*", "*") => 1,
                    _ => return None,
                };
                Some((specificity, *q))
            })
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, q)| q);
        if let Some(q) = q.filter(|q| *q > 0.0) {
            if best.is_none_or(|(_, b)| q > b) {
                best = Some((offer, q));
            }
        }
    }
    best.map(|(offer, _)| offer)
}

/// The media type mura answers with for an RDF format (JSON-LD as `application/ld+json`).
pub fn rdf_media_type(format: RdfFormat) -> &'static str {
    format.media_type()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_pick_the_preferred_offer() {
        let offers = ["application/sparql-results+json", "text/csv", "text/html"];
        assert_eq!(negotiate(None, &offers), Some(offers[0]));
        assert_eq!(negotiate(Some("text/csv"), &offers), Some("text/csv"));
        assert_eq!(
            negotiate(Some("text/html,application/xhtml+xml,*/*;q=0.8"), &offers),
            Some("text/html")
        );
        assert_eq!(
            negotiate(Some("text/*;q=0.5, */*;q=0.1"), &offers),
            Some("text/csv")
        );
        assert_eq!(negotiate(Some("image/png"), &offers), None);
        assert_eq!(
            negotiate(Some("text/csv;q=0, text/*"), &offers),
            Some("text/html")
        );
    }

    #[test]
    fn names_extensions_and_media_types_agree() {
        assert_eq!(rdf_format("ttl"), Some(RdfFormat::Turtle));
        assert_eq!(rdf_format("text/turtle"), Some(RdfFormat::Turtle));
        assert_eq!(rdf_format("application/n-quads"), Some(RdfFormat::NQuads));
        assert_eq!(rdf_format("rdfxml"), Some(RdfFormat::RdfXml));
        assert!(matches!(
            rdf_format("jsonld"),
            Some(RdfFormat::JsonLd { .. })
        ));
        assert_eq!(results_format("tsv"), Some(QueryResultsFormat::Tsv));
        assert_eq!(
            results_format("application/sparql-results+json"),
            Some(QueryResultsFormat::Json)
        );
        assert!(rdf_format("docx").is_none());
    }

    #[test]
    fn explicit_format_overrides_extension() {
        let f = resolve_rdf(Some("nt"), Some(Path::new("out.ttl")), RdfFormat::Turtle).unwrap();
        assert_eq!(f, RdfFormat::NTriples);
        assert!(resolve_rdf(None, Some(Path::new("out.docx")), RdfFormat::Turtle).is_err());
    }
}
