//! The HTTP side of `mura push`: one oxhttp client (the stack oxigraph and `mura link`
//! already use), the credentials (Basic, Bearer, or HTTP Digest with MD5 and `qop=auth`,
//! which is all Virtuoso accepts), and bounded retries: a connection error or a 5xx is
//! retried after `wait`, `2·wait`, `4·wait`… (at most 30 s each) up to `retries` times; a
//! 4xx is not retried. Credentials go only into `Authorization` headers, never into a
//! message, a log line or a URL.

use super::error::{PushError, store_message};
use md5::{Digest, Md5};
use oxhttp::model::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use oxhttp::model::{Body, Method, Request, Response};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Who mura is to the store. `Debug` never shows a secret.
#[derive(Clone, Default)]
pub enum Credentials {
    #[default]
    None,
    /// A user and password: HTTP Basic, or Digest when the store asks for it (Virtuoso).
    User { user: String, password: String },
    /// `Authorization: Bearer TOKEN` (QLever's access token, a proxy's token).
    Token(String),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::None => write!(f, "None"),
            Credentials::User { user, .. } => {
                write!(f, "User {{ user: {user:?}, password: <hidden> }}")
            }
            Credentials::Token(_) => write!(f, "Token(<hidden>)"),
        }
    }
}

/// How a user and password are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserAuth {
    /// Basic on every request.
    Basic,
    /// Digest: sent once the store's challenge (401 `WWW-Authenticate: Digest …`) is known.
    Digest,
}

/// Retry policy.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub retries: u32,
    pub wait: Duration,
}

/// The store's Digest challenge and the nonce count sent under it.
#[derive(Debug, Clone)]
struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    qop: bool,
}

/// A client of one store.
pub struct Http {
    client: oxhttp::Client,
    /// The store's base URL, for messages.
    pub store: String,
    credentials: Credentials,
    user_auth: UserAuth,
    retry: Retry,
    challenge: Mutex<Option<Challenge>>,
    nc: AtomicU32,
}

/// What a request carries.
pub struct Call<'a> {
    pub method: Method,
    pub url: String,
    pub content_type: Option<&'a str>,
    pub accept: Option<&'a str>,
    pub body: Vec<u8>,
    /// What the request does, for messages ("uploading chunk 2 of <…>").
    pub what: String,
    /// Whether a 5xx is retried (not for a swap: a store's refusal to swap is not transient,
    /// and the live graph is as it was).
    pub retry_server_errors: bool,
}

impl Http {
    pub fn new(
        store: &str,
        credentials: Credentials,
        user_auth: UserAuth,
        retry: Retry,
        timeout: Duration,
    ) -> Self {
        Http {
            client: oxhttp::Client::new()
                .with_global_timeout(timeout)
                .with_user_agent(concat!("mura/", env!("CARGO_PKG_VERSION"), " (mura push)"))
                .expect("a valid User-Agent"),
            store: store.to_owned(),
            credentials,
            user_auth,
            retry,
            challenge: Mutex::new(None),
            nc: AtomicU32::new(0),
        }
    }

    /// Sends `call`, retrying connection errors and 5xx, answering one Digest challenge;
    /// returns a 2xx response (body unread) or the error naming the store, what was done,
    /// the status and the store's message.
    pub fn send(&self, call: &Call) -> Result<Response<Body>, PushError> {
        let mut attempt = 0;
        let mut answered_challenge = false;
        loop {
            attempt += 1;
            let request = self.request(call)?;
            let failure = match self.client.request(request) {
                Err(e) => Failure::Connection(e.to_string()),
                Ok(response) => {
                    let status = response.status();
                    if status.is_success() {
                        return Ok(response);
                    }
                    if status.as_u16() == 401 {
                        let challenge = response
                            .headers()
                            .get(WWW_AUTHENTICATE)
                            .and_then(|v| v.to_str().ok())
                            .and_then(parse_digest);
                        let has_user = matches!(self.credentials, Credentials::User { .. });
                        if let (Some(challenge), true, false) =
                            (challenge, has_user, answered_challenge)
                        {
                            *self.challenge.lock().expect("the challenge lock") = Some(challenge);
                            answered_challenge = true;
                            attempt -= 1;
                            continue;
                        }
                    }
                    let message = store_message(&response.into_body().to_vec().unwrap_or_default());
                    if status.is_server_error() && call.retry_server_errors {
                        Failure::Status(status.as_u16(), message)
                    } else if matches!(status.as_u16(), 401 | 403) {
                        return Err(PushError::Refused {
                            store: self.store.clone(),
                            what: call.what.clone(),
                            status: status.as_u16(),
                            message,
                            hint: match self.credentials {
                                Credentials::None => {
                                    "the store asks for credentials: give --user NAME with --password-file FILE (or MURA_PUSH_PASSWORD), or --token-file FILE (or MURA_PUSH_TOKEN)"
                                }
                                _ => {
                                    "the store refused the credentials: check --user and --password-file, or --token-file"
                                }
                            },
                        });
                    } else {
                        return Err(PushError::Status {
                            store: self.store.clone(),
                            what: call.what.clone(),
                            status: status.as_u16(),
                            message,
                        });
                    }
                }
            };
            if attempt > self.retry.retries {
                return Err(match failure {
                    Failure::Connection(reason) => PushError::Unreachable {
                        store: self.store.clone(),
                        what: call.what.clone(),
                        url: self.store.clone(),
                        attempts: attempt,
                        reason,
                    },
                    Failure::Status(status, message) => PushError::Status {
                        store: self.store.clone(),
                        what: call.what.clone(),
                        status,
                        message: match attempt {
                            1 => message,
                            n => format!("{message} (after {n} attempts)"),
                        },
                    },
                });
            }
            let factor = 1u32 << (attempt - 1).min(6);
            std::thread::sleep((self.retry.wait * factor).min(Duration::from_secs(30)));
        }
    }

    fn request(&self, call: &Call) -> Result<Request<Body>, PushError> {
        let mut builder = Request::builder()
            .method(call.method.clone())
            .uri(&call.url);
        if let Some(t) = call.content_type {
            builder = builder.header(CONTENT_TYPE, t);
        }
        if let Some(a) = call.accept {
            builder = builder.header(ACCEPT, a);
        }
        if let Some(value) = self.authorization(call)? {
            builder = builder.header(AUTHORIZATION, value);
        }
        builder
            .body(Body::from(call.body.clone()))
            .map_err(|e| PushError::Usage(format!("`{}` is not a usable URL ({e})", call.url)))
    }

    /// The `Authorization` value for `call`, if any.
    fn authorization(&self, call: &Call) -> Result<Option<String>, PushError> {
        Ok(match &self.credentials {
            Credentials::None => None,
            Credentials::Token(token) => Some(format!("Bearer {token}")),
            Credentials::User { user, password } => {
                let challenge = self.challenge.lock().expect("the challenge lock").clone();
                match (self.user_auth, challenge) {
                    (_, Some(c)) => Some(self.digest(&c, user, password, call)?),
                    (UserAuth::Basic, None) => {
                        use base64::Engine;
                        let pair = format!("{user}:{password}");
                        Some(format!(
                            "Basic {}",
                            base64::engine::general_purpose::STANDARD.encode(pair)
                        ))
                    }
                    (UserAuth::Digest, None) => None,
                }
            }
        })
    }

    /// RFC 7616 Digest with MD5: `response = MD5(HA1:nonce:nc:cnonce:auth:HA2)`,
    /// `HA1 = MD5(user:realm:password)`, `HA2 = MD5(method:uri)` (the request target).
    fn digest(
        &self,
        c: &Challenge,
        user: &str,
        password: &str,
        call: &Call,
    ) -> Result<String, PushError> {
        let uri: oxhttp::model::Uri = call
            .url
            .parse()
            .map_err(|e| PushError::Usage(format!("`{}` is not a usable URL ({e})", call.url)))?;
        let target = uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        let ha1 = md5_hex(&format!("{user}:{}:{password}", c.realm));
        let ha2 = md5_hex(&format!("{}:{target}", call.method));
        let nc = format!("{:08x}", self.nc.fetch_add(1, Ordering::SeqCst) + 1);
        let cnonce = md5_hex(&format!(
            "{}:{}:{nc}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        ))[..16]
            .to_owned();
        let mut value = format!(
            "Digest username=\"{user}\", realm=\"{}\", nonce=\"{}\", uri=\"{target}\", algorithm=MD5",
            c.realm, c.nonce
        );
        if c.qop {
            let response = md5_hex(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", c.nonce));
            value.push_str(&format!(
                ", qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\""
            ));
        } else {
            let response = md5_hex(&format!("{ha1}:{}:{ha2}", c.nonce));
            value.push_str(&format!(", response=\"{response}\""));
        }
        if let Some(opaque) = &c.opaque {
            value.push_str(&format!(", opaque=\"{opaque}\""));
        }
        Ok(value)
    }
}

enum Failure {
    Connection(String),
    Status(u16, String),
}

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The parameters of a `WWW-Authenticate: Digest …` challenge (None for another scheme).
fn parse_digest(header: &str) -> Option<Challenge> {
    let rest = header.trim().strip_prefix("Digest")?.trim_start();
    let mut params = std::collections::HashMap::new();
    let mut s = rest;
    while !s.is_empty() {
        let (key, after) = s.split_once('=')?;
        let key = key
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_ascii_lowercase();
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"')?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim(), &after[end..])
        };
        params.insert(key, value.to_owned());
        s = next.trim_start().trim_start_matches(',').trim_start();
    }
    Some(Challenge {
        realm: params.get("realm").cloned().unwrap_or_default(),
        nonce: params.get("nonce").cloned()?,
        opaque: params.get("opaque").cloned(),
        qop: params
            .get("qop")
            .is_some_and(|q| q.split(',').any(|v| v.trim() == "auth")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_matches_rfc_2617_example() {
        // RFC 2617 §3.5: Mufasa / Circle Of Life, nc 00000001, cnonce 0a4f113b
        let c = parse_digest(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        )
        .unwrap();
        assert_eq!(c.realm, "testrealm@host.com");
        assert!(c.qop);
        let ha1 = md5_hex("Mufasa:testrealm@host.com:Circle Of Life");
        let ha2 = md5_hex("GET:/dir/index.html");
        assert_eq!(
            md5_hex(&format!("{ha1}:{}:00000001:0a4f113b:auth:{ha2}", c.nonce)),
            "6629fae49393a05397450978507c4ef1"
        );
    }

    #[test]
    fn credentials_never_print() {
        let c = Credentials::User {
            user: "dba".into(),
            password: "s3cret".into(),
        };
        assert!(!format!("{c:?}").contains("s3cret"));
        assert!(!format!("{:?}", Credentials::Token("t0k".into())).contains("t0k"));
    }
}
