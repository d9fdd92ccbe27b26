//! The answers of the read-only Linked Data paths (`/page/…`, `/data/…`,
//! `/.well-known/void`) kept until the next write: an entity's document or page is the same
//! bytes for the same request until the store changes, so it is rendered once. The key is
//! the path, the query string and the headers the answer is negotiated on (`Accept`,
//! `Accept-Language`, `Accept-Profile`); only 200 answers are kept, at most
//! [`MAX_ENTRIES`] (the cache is emptied when full, so odd headers cannot grow it without
//! bound). Conditional requests (`If-None-Match`) bypass it and get their 304 from the
//! handler.

use oxhttp::model::header::{ACCEPT, ACCEPT_LANGUAGE, IF_NONE_MATCH};
use oxhttp::model::{Body, HeaderMap, Method, Request, Response, StatusCode};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How many answers are kept at most.
pub const MAX_ENTRIES: usize = 4096;

struct Entry {
    generation: u64,
    status: StatusCode,
    headers: HeaderMap,
    body: Arc<Vec<u8>>,
}

/// Kept answers by request key.
#[derive(Default)]
pub struct Answers(Mutex<HashMap<String, Entry>>);

fn key(request: &Request<Body>) -> Option<String> {
    if request.method() != Method::GET || request.headers().contains_key(IF_NONE_MATCH) {
        return None;
    }
    let h = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    Some(format!(
        "{}?{}\n{}\n{}\n{}",
        request.uri().path(),
        request.uri().query().unwrap_or(""),
        h(ACCEPT.as_str()),
        h(ACCEPT_LANGUAGE.as_str()),
        h("accept-profile")
    ))
}

impl Answers {
    /// The kept answer to `request` at store `generation`, else `answer()` (kept when 200).
    pub fn get_or(
        &self,
        request: &Request<Body>,
        generation: u64,
        answer: impl FnOnce() -> super::Answer,
    ) -> super::Answer {
        let Some(key) = key(request) else {
            return answer();
        };
        if let Some(e) = self.lock().get(&key).filter(|e| e.generation == generation) {
            let mut r = Response::new(Body::from(e.body.as_ref().clone()));
            *r.status_mut() = e.status;
            *r.headers_mut() = e.headers.clone();
            return Ok(r);
        }
        let r = answer()?;
        if r.status() != StatusCode::OK {
            return Ok(r);
        }
        let (parts, body) = r.into_parts();
        let bytes = body.to_vec().map_err(|e| {
            super::text(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("reading an answer: {e}\n"),
            )
        })?;
        let body = Arc::new(bytes);
        let mut map = self.lock();
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(
            key,
            Entry {
                generation,
                status: parts.status,
                headers: parts.headers.clone(),
                body: Arc::clone(&body),
            },
        );
        drop(map);
        Ok(Response::from_parts(
            parts,
            Body::from(body.as_ref().clone()),
        ))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
