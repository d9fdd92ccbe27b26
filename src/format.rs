//! The one format resolver, shared by the CLI and (later) the HTTP server: a `--format`
//! value, a file extension or a media type → oxigraph's [`RdfFormat`] or
//! [`QueryResultsFormat`]. An explicit `--format` always wins over the extension.

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

#[cfg(test)]
mod tests {
    use super::*;

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
