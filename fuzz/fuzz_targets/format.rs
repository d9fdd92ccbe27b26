//! The one format resolver (`mura::format`), shared by the CLI's `--format` and the
//! server's negotiation: the first line of the input is a `--format` value / extension /
//! media type, the rest an HTTP `Accept` header. Asserts: a resolved RDF format resolves
//! again from its short name and from its media type; `resolve_rdf` agrees with
//! `rdf_format`; `negotiate` only ever picks an offer, picks the first offer for a blank
//! header, and picks an offer the header names exactly when that is the only range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mura::format::*;
use oxigraph::io::RdfFormat;
use std::path::Path;

const OFFERS: &[&[&str]] = &[
    &[
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "text/html",
    ],
    &[
        "text/turtle",
        "application/n-triples",
        "application/n-quads",
        "application/trig",
        "application/rdf+xml",
        "application/ld+json",
        "text/n3",
        "text/html",
    ],
    &[],
];

fn same(a: RdfFormat, b: RdfFormat) -> bool {
    rdf_format_name(a) == rdf_format_name(b)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (value, accept) = text.split_once('\n').unwrap_or((text, ""));
    if let Some(f) = rdf_format(value) {
        let by_name = rdf_format(rdf_format_name(f)).expect("a format's name resolves");
        assert!(
            same(f, by_name),
            "{value:?}: name of {f:?} gives {by_name:?}"
        );
        let by_media = rdf_format(rdf_media_type(f)).expect("a format's media type resolves");
        assert!(
            same(f, by_media),
            "{value:?}: media type of {f:?} gives {by_media:?}"
        );
        let explicit = resolve_rdf(Some(value), None, RdfFormat::Turtle).expect("explicit");
        assert!(same(f, explicit));
    } else {
        assert!(resolve_rdf(Some(value), None, RdfFormat::Turtle).is_err());
    }
    let _ = results_format(value);
    let _ = resolve_rdf(None, Some(Path::new(value)), RdfFormat::Turtle);
    for offers in OFFERS {
        let picked = negotiate(Some(accept), offers);
        if let Some(p) = picked {
            assert!(offers.contains(&p), "{accept:?} picked {p:?}, not offered");
        }
        if accept.trim().is_empty() {
            assert_eq!(picked, offers.first().copied());
        }
        if offers.contains(&accept.trim()) {
            assert_eq!(picked, Some(accept.trim()), "exact single range {accept:?}");
        }
        assert_eq!(negotiate(None, offers), offers.first().copied());
    }
});
