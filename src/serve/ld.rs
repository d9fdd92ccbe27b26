//! Linked Data: every entity, named graph and source under the base IRI dereferences.
//! The base IRI's path is kept (`https://w3id.org/mura/id/museum/x` is served at
//! `/id/museum/x`, see [`super::local_prefix`]); an entity IRI answers 303 See Other to
//! its HTML page `/page/…` or its data `/data/….ttl|.jsonld|.nt|.rdf|.nq|.trig` by
//! `Accept` (`?format=` and a suffix override), with `Vary: Accept` and `Link` alternates.
//! A data document holds the entity's statements in every graph and the reification nodes
//! that give their sources (a named graph's document is the graph). Export profiles
//! (`schema`, `linked-art`, `edm`, `wikidata`), restricted to the entity, are chosen by
//! `Accept-Profile` or `?_profile=` and named in `Content-Profile`. Unknown IRIs and paths
//! that try to leave the tree are 404; documents carry an `ETag` from their bytes and
//! answer `If-None-Match` with 304. `/.well-known/void` is the dataset description.

use super::sparql::RDF_TYPES;
use super::{Answer, State, header, not_acceptable, params, status, text, with_type};
use crate::export::profile::{self, Profiles};
use crate::format;
use crate::vocab;
use oxhttp::model::header::{ACCEPT, ETAG, IF_NONE_MATCH, LOCATION, VARY};
use oxhttp::model::{Body, HeaderValue, Request, Response, StatusCode};
use oxigraph::io::RdfFormat;
use oxigraph::model::*;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// The profiles an entity document can be viewed through.
pub const PROFILES: &[&str] = &["schema", "linked-art", "edm", "wikidata"];

/// Document suffixes and their formats.
pub const SUFFIXES: &[(&str, &str)] = &[
    ("ttl", "text/turtle"),
    ("jsonld", "application/ld+json"),
    ("nt", "application/n-triples"),
    ("rdf", "application/rdf+xml"),
    ("nq", "application/n-quads"),
    ("trig", "application/trig"),
];

fn not_found(what: &str) -> Response<Body> {
    text(
        StatusCode::NOT_FOUND,
        format!("{what} is not in this dataset\n"),
    )
}

/// A local name that cannot leave the tree: slug segments only.
fn safe(rest: &str) -> bool {
    !rest.is_empty()
        && rest.split('/').all(|s| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
        })
}

/// Whether the store says anything about `iri` (as a subject or a named graph).
pub(crate) fn known(state: &State, iri: &NamedNode) -> bool {
    state
        .store
        .quads_for_pattern(Some(iri.as_ref().into()), None, None, None)
        .next()
        .is_some()
        || state
            .store
            .contains_named_graph(iri.as_ref())
            .unwrap_or(false)
}

/// The dataset IRI of a local name, when it is safe and known.
fn resolve(state: &State, rest: &str) -> Option<NamedNode> {
    if !safe(rest) {
        return None;
    }
    let iri = NamedNode::new(format!("{}{rest}", state.base)).ok()?;
    known(state, &iri).then_some(iri)
}

fn alternates(state: &State, rest: &str) -> String {
    let mut links = vec![format!(
        "<{}/page/{rest}>; rel=\"alternate\"; type=\"text/html\"",
        state.root
    )];
    for (ext, media) in SUFFIXES {
        links.push(format!(
            "<{}/data/{rest}.{ext}>; rel=\"alternate\"; type=\"{media}\"",
            state.root
        ));
    }
    links.join(", ")
}

/// An entity (or graph) IRI: 303 to its page or data document.
pub(crate) fn entity(state: &State, request: &Request<Body>, path: &str) -> Answer {
    let Some(iri) = state.iri_of_path(path) else {
        return Err(not_found(path));
    };
    let rest = state.local_name(&iri).unwrap_or("").to_owned();
    if resolve(state, &rest).is_none() {
        return Err(not_found(&iri));
    }
    let p = params(request);
    let explicit = p
        .iter()
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.as_str());
    let mut offers = vec!["text/html", "application/xhtml+xml"];
    offers.extend(RDF_TYPES.iter().copied());
    let media = match explicit {
        Some("html") => "text/html",
        Some(f) => media_of_ext(f)
            .or_else(|| format::rdf_format(f).map(format::rdf_media_type))
            .ok_or_else(|| not_acceptable(&offers))?,
        None => format::negotiate(header(request, ACCEPT.as_str()), &offers)
            .ok_or_else(|| not_acceptable(&offers))?,
    };
    let profile = p
        .iter()
        .find(|(k, _)| k == "_profile")
        .map(|(_, v)| format!("?_profile={v}"))
        .unwrap_or_default();
    let target = if media == "text/html" || media == "application/xhtml+xml" {
        format!("{}/page/{rest}", state.root)
    } else {
        let ext = SUFFIXES
            .iter()
            .find(|(_, m)| *m == media)
            .map(|(e, _)| *e)
            .unwrap_or("ttl");
        format!("{}/data/{rest}.{ext}{profile}", state.root)
    };
    let mut r = text(StatusCode::SEE_OTHER, format!("See {target}\n"));
    let h = r.headers_mut();
    h.insert(
        LOCATION,
        HeaderValue::from_str(&target).map_err(|_| not_found(&iri))?,
    );
    h.insert(VARY, HeaderValue::from_static("Accept"));
    if let Ok(v) = HeaderValue::from_str(&alternates(state, &rest)) {
        h.insert("Link", v);
    }
    Ok(r)
}

fn media_of_ext(ext: &str) -> Option<&'static str> {
    SUFFIXES.iter().find(|(e, _)| *e == ext).map(|(_, m)| *m)
}

/// `/page/{rest}`: the HTML page.
pub(crate) fn page(state: &State, request: &Request<Body>, rest: &str) -> Answer {
    let iri = resolve(state, rest).ok_or_else(|| not_found(rest))?;
    super::html::entity(state, request, &iri)
}

/// The requested profile: `?_profile=`, else `Accept-Profile` (`<…/NAME>` or a token).
fn requested_profile(request: &Request<Body>) -> Option<String> {
    if let Some((_, v)) = params(request).into_iter().find(|(k, _)| k == "_profile") {
        return Some(v);
    }
    let accept = header(request, "Accept-Profile")?;
    accept.split(',').find_map(|p| {
        let p = p.split(';').next()?.trim().trim_matches(['<', '>']);
        let name = p.rsplit([':', '/', '#']).next()?;
        PROFILES.contains(&name).then(|| name.to_owned())
    })
}

/// The IRI `Content-Profile` names a profile by.
pub fn profile_iri(name: &str) -> String {
    format!("{}profile-{name}", vocab::MURA)
}

/// A profile's output over the whole store, cached until the next write.
pub(crate) fn profile_quads(state: &State, name: &str) -> Result<Arc<Vec<Quad>>, Response<Body>> {
    let generation = state.generation.load(Ordering::SeqCst);
    let mut cache = state
        .profile_cache
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some((g, quads)) = cache.get(name) {
        if *g == generation {
            return Ok(Arc::clone(quads));
        }
    }
    let fail = |e: crate::Error| text(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}\n"));
    let mut profiles = Profiles::choose(state.options.profiles_dir.as_deref());
    if !profiles.names().map_err(fail)?.iter().any(|n| n == name) {
        profiles = Profiles::Shipped;
    }
    let p = profiles.load(name).map_err(fail)?;
    let quads = Arc::new(profile::run(&state.store, &p).map_err(fail)?);
    cache.insert(name.to_owned(), (generation, Arc::clone(&quads)));
    Ok(quads)
}

/// The entity's statements (every graph) and the reification nodes that give their
/// sources; a named graph's whole content.
pub(crate) fn describe(state: &State, iri: &NamedNode) -> Vec<Quad> {
    let store = &state.store;
    let mut quads: Vec<Quad> = store
        .quads_for_pattern(Some(iri.as_ref().into()), None, None, None)
        .filter_map(Result::ok)
        .collect();
    let rdf_subject = NamedNode::new_unchecked(format!("{}subject", vocab::RDF));
    let statements: HashSet<NamedOrBlankNode> = store
        .quads_for_pattern(
            None,
            Some(rdf_subject.as_ref()),
            Some(iri.as_ref().into()),
            None,
        )
        .filter_map(|q| q.ok().map(|q| q.subject))
        .collect();
    for st in statements {
        quads.extend(
            store
                .quads_for_pattern(Some(st.as_ref()), None, None, None)
                .filter_map(Result::ok),
        );
    }
    if store.contains_named_graph(iri.as_ref()).unwrap_or(false) {
        quads.extend(
            store
                .quads_for_pattern(None, None, None, Some(iri.as_ref().into()))
                .filter_map(Result::ok),
        );
    }
    quads
}

/// `/data/{rest}[.ext]`: the entity's data document.
pub(crate) fn data(state: &State, request: &Request<Body>, path: &str) -> Answer {
    let p = params(request);
    let (rest, ext) = match path.rsplit_once('.') {
        Some((r, e)) if media_of_ext(e).is_some() => (r, Some(e)),
        _ => (path, None),
    };
    let iri = resolve(state, rest).ok_or_else(|| not_found(path))?;
    let explicit = p
        .iter()
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.as_str());
    let media = match (explicit, ext) {
        (Some(f), _) => media_of_ext(f)
            .or_else(|| format::rdf_format(f).map(format::rdf_media_type))
            .ok_or_else(|| not_acceptable(RDF_TYPES))?,
        (None, Some(e)) => media_of_ext(e).unwrap_or("text/turtle"),
        (None, None) => format::negotiate(header(request, ACCEPT.as_str()), RDF_TYPES)
            .ok_or_else(|| not_acceptable(RDF_TYPES))?,
    };
    let format = format::rdf_format(media).unwrap_or(RdfFormat::Turtle);
    let profile = requested_profile(request);
    let quads = match &profile {
        Some(name) => {
            if !PROFILES.contains(&name.as_str()) {
                return Err(text(
                    StatusCode::NOT_ACCEPTABLE,
                    format!("no profile `{name}`: use one of {}\n", PROFILES.join(", ")),
                ));
            }
            let all = profile_quads(state, name)?;
            let hash = format!("{}#", iri.as_str());
            let slash = format!("{}/", iri.as_str());
            all.iter()
                .filter(|q| match &q.subject {
                    NamedOrBlankNode::NamedNode(s) => {
                        s == &iri || s.as_str().starts_with(&hash) || s.as_str().starts_with(&slash)
                    }
                    _ => false,
                })
                .cloned()
                .collect()
        }
        None => describe(state, &iri),
    };
    let mut r = document(state, request, quads, format, media)?;
    let h = r.headers_mut();
    h.insert(VARY, HeaderValue::from_static("Accept, Accept-Profile"));
    if let Some(name) = profile {
        if let Ok(v) = HeaderValue::from_str(&format!("<{}>", profile_iri(&name))) {
            h.insert("Content-Profile", v);
        }
    }
    if let Ok(v) = HeaderValue::from_str(&alternates(state, rest)) {
        h.insert("Link", v);
    }
    Ok(r)
}

/// Serialises `quads` with an ETag; 304 when `If-None-Match` has it.
pub(crate) fn document(
    state: &State,
    request: &Request<Body>,
    quads: Vec<Quad>,
    format: RdfFormat,
    media: &str,
) -> Answer {
    let mut out = Vec::new();
    crate::export::write_quads(quads, format, &state.base, &mut out)
        .map_err(|e| text(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}\n")))?;
    let etag = format!("\"{}\"", super::hash_bytes(&out));
    if header(request, IF_NONE_MATCH.as_str())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        let mut r = status(StatusCode::NOT_MODIFIED);
        r.headers_mut()
            .insert(ETAG, HeaderValue::from_str(&etag).unwrap());
        return Ok(r);
    }
    let mut r = super::sparql::ok(out, media);
    r.headers_mut()
        .insert(ETAG, HeaderValue::from_str(&etag).unwrap());
    Ok(r)
}

/// `/.well-known/void`: the dataset description (the `void` profile).
pub(crate) fn void(state: &State, request: &Request<Body>) -> Answer {
    let media = format::negotiate(header(request, ACCEPT.as_str()), RDF_TYPES)
        .ok_or_else(|| not_acceptable(RDF_TYPES))?;
    let format = format::rdf_format(media).unwrap_or(RdfFormat::Turtle);
    let quads = profile_quads(state, "void")?;
    let r = document(state, request, quads.as_ref().clone(), format, media)?;
    Ok(with_type(r, media))
}
