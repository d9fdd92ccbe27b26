//! A polite client for remote SPARQL 1.1 endpoints (the Wikidata Query Service by default),
//! shared by `mura link` and the federated queries (`SERVICE`) of `mura query`.
//!
//! It speaks the SPARQL 1.1 Protocol (POST, `application/x-www-form-urlencoded`
//! `query=…`, `Accept: application/sparql-results+json`) over oxhttp — the HTTP client
//! oxigraph itself uses — and follows the Wikimedia robot policy: a descriptive
//! User-Agent with a contact ([`DEFAULT_USER_AGENT`], `--user-agent` to name yourself), a
//! timeout under a minute, at most N requests in any 60 s, and on HTTP 429 or 503 it
//! waits for `Retry-After` (else backs off exponentially) and retries. Answers can be kept
//! in a local cache keyed by endpoint and query, so a rerun does not ask again.

use crate::error::{Error, Result};
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE, RETRY_AFTER};
use oxhttp::model::{Method, Request, StatusCode};
use oxigraph::model::{Term, Variable};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use std::collections::VecDeque;
use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The Wikidata Query Service.
pub const WDQS: &str = "https://query.wikidata.org/sparql";

/// mura's User-Agent: the tool, its version and where to find the project (the contact the
/// Wikimedia User-Agent policy asks for). Replace it with your own contact (`--user-agent
/// "my-project/1.0 (https://example.org/; me@example.org) mura/0.1"`) when you run mura
/// against WDQS for a project of your own.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "mura/",
    env!("CARGO_PKG_VERSION"),
    " (+https://w3id.org/mura/; linked-data tool for cultural-heritage records) oxhttp/0.3"
);

/// The longest `Retry-After` mura waits out; a longer one is an error saying when to retry.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub user_agent: String,
    /// Per request (connect, send, receive); under 60 s, as WDQS stops queries at 60 s.
    pub timeout: Duration,
    /// At most this many requests (cache hits excluded) in any `rate_window` (60 s).
    pub max_per_minute: u32,
    /// The window of the request cap: a minute, shorter only in tests.
    pub rate_window: Duration,
    /// Folder of cached answers; `None` asks the endpoint every time.
    pub cache: Option<PathBuf>,
    /// Retries after 429/503 before giving up.
    pub max_retries: u32,
    /// Where notes go (waiting for Retry-After, …): the binary prints them on stderr.
    pub notify: fn(&str),
    /// The flag that names the endpoint, for messages (`--endpoint` for `mura link`,
    /// `--service-endpoint` for `mura query`).
    pub endpoint_flag: &'static str,
}

fn print_note(note: &str) {
    eprintln!("mura: {note}");
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            timeout: Duration::from_secs(30),
            max_per_minute: 30,
            rate_window: Duration::from_secs(60),
            cache: None,
            max_retries: 5,
            notify: print_note,
            endpoint_flag: "--endpoint",
        }
    }
}

/// A table of SPARQL SELECT results.
#[derive(Debug, Clone, Default)]
pub struct Solutions {
    pub variables: Vec<Variable>,
    pub rows: Vec<Vec<Option<Term>>>,
}

impl Solutions {
    /// The value of `var` in `row`.
    pub fn get<'a>(&self, row: &'a [Option<Term>], var: &str) -> Option<&'a Term> {
        let i = self.variables.iter().position(|v| v.as_str() == var)?;
        row.get(i)?.as_ref()
    }
}

/// The SPARQL client (shareable across threads: the rate window is behind a mutex).
pub struct Client {
    http: oxhttp::Client,
    options: ClientOptions,
    sent: Mutex<VecDeque<Instant>>,
}

impl Client {
    pub fn new(options: ClientOptions) -> Result<Self> {
        if options.timeout.is_zero() || options.timeout >= Duration::from_secs(60) {
            return Err(Error::Usage(format!(
                "--timeout {} s: use 1 to 59 seconds (WDQS stops queries at 60 s)",
                options.timeout.as_secs()
            )));
        }
        if options.max_per_minute == 0 {
            return Err(Error::Usage(
                "--max-requests-per-minute 0 would never send a request: use 1 or more".into(),
            ));
        }
        let http = oxhttp::Client::new()
            .with_global_timeout(options.timeout)
            .with_redirection_limit(3)
            .with_user_agent(options.user_agent.clone())
            .map_err(|_| {
                Error::Usage(format!(
                    "--user-agent `{}` is not a valid HTTP header value: use printable ASCII",
                    options.user_agent
                ))
            })?;
        Ok(Self {
            http,
            options,
            sent: Mutex::new(VecDeque::new()),
        })
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// Runs a SELECT query on `endpoint` and parses the JSON results.
    pub fn select(&self, endpoint: &str, query: &str) -> Result<Solutions> {
        let body = self.fetch(endpoint, query)?;
        parse_json_results(endpoint, &body)
    }

    /// The raw `application/sparql-results+json` answer to `query`, from the cache or the
    /// endpoint (then cached).
    pub fn fetch(&self, endpoint: &str, query: &str) -> Result<Vec<u8>> {
        let cache_file = self
            .options
            .cache
            .as_ref()
            .map(|dir| dir.join(format!("{:016x}.json", cache_key(endpoint, query))));
        if let Some(file) = &cache_file {
            if let Some(body) = read_cached(file, endpoint, query) {
                return Ok(body);
            }
        }
        let body = self.request_with_retries(endpoint, query)?;
        if let Some(file) = &cache_file {
            write_cached(file, endpoint, query, &body)?;
        }
        Ok(body)
    }

    fn request_with_retries(&self, endpoint: &str, query: &str) -> Result<Vec<u8>> {
        let mut attempt = 0;
        loop {
            self.wait_for_rate_window();
            let request = Request::builder()
                .method(Method::POST)
                .uri(endpoint)
                .header(ACCEPT, "application/sparql-results+json")
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(
                    form_urlencoded::Serializer::new(String::new())
                        .append_pair("query", query)
                        .finish()
                        .into_bytes(),
                )
                .map_err(|e| endpoint_error(endpoint, format!("is not a usable URL ({e})")))?;
            let response = self.http.request(request).map_err(|e| {
                endpoint_error(
                    endpoint,
                    format!(
                        "cannot be reached ({e}): check {} and the network",
                        self.options.endpoint_flag
                    ),
                )
            })?;
            let status = response.status();
            if status.is_success() {
                return response.into_body().to_vec().map_err(|e| {
                    endpoint_error(endpoint, format!("sent an answer that broke off ({e})"))
                });
            }
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let text = response.into_body().to_string().unwrap_or_default();
            let busy = status == StatusCode::TOO_MANY_REQUESTS
                || status == StatusCode::SERVICE_UNAVAILABLE;
            if !busy {
                return Err(endpoint_error(
                    endpoint,
                    format!("answered HTTP {status}: {}", first_line(&text)),
                ));
            }
            if attempt >= self.options.max_retries {
                return Err(endpoint_error(
                    endpoint,
                    format!(
                        "answered HTTP {status} {} times in a row: try again later, or lower --max-requests-per-minute",
                        attempt + 1
                    ),
                ));
            }
            let wait = retry_after.unwrap_or(Duration::from_secs(2u64 << attempt.min(6)));
            if wait > MAX_RETRY_AFTER {
                return Err(endpoint_error(
                    endpoint,
                    format!(
                        "answered HTTP {status} and asks to wait {} s: try again after that",
                        wait.as_secs()
                    ),
                ));
            }
            (self.options.notify)(&format!(
                "{endpoint} answered HTTP {status}; waiting {} s ({}) before retrying",
                wait.as_secs(),
                if retry_after.is_some() {
                    "Retry-After"
                } else {
                    "back-off"
                }
            ));
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// Sleeps until fewer than `max_per_minute` requests were sent in the last 60 s.
    fn wait_for_rate_window(&self) {
        let window = self.options.rate_window;
        let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let now = Instant::now();
            while sent
                .front()
                .is_some_and(|t| now.duration_since(*t) >= window)
            {
                sent.pop_front();
            }
            if sent.len() < self.options.max_per_minute as usize {
                sent.push_back(now);
                return;
            }
            let oldest = *sent.front().expect("the window is full");
            let wait = window.saturating_sub(now.duration_since(oldest));
            (self.options.notify)(&format!(
                "{} requests in the last {} s (--max-requests-per-minute); waiting {} ms",
                sent.len(),
                window.as_secs(),
                wait.as_millis()
            ));
            std::thread::sleep(wait);
        }
    }
}

fn endpoint_error(endpoint: &str, message: String) -> Error {
    Error::Endpoint {
        endpoint: endpoint.to_owned(),
        message,
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut out: String = line.chars().take(200).collect();
    if out.is_empty() {
        out.push_str("(empty body)");
    }
    out
}

/// Parses an `application/sparql-results+json` SELECT answer.
pub fn parse_json_results(endpoint: &str, body: &[u8]) -> Result<Solutions> {
    let bad = |e: String| {
        endpoint_error(
            endpoint,
            format!("sent an answer that is not SPARQL JSON results ({e})"),
        )
    };
    match QueryResultsParser::from_format(QueryResultsFormat::Json)
        .for_slice(body)
        .map_err(|e| bad(e.to_string()))?
    {
        SliceQueryResultsParserOutput::Solutions(reader) => {
            let variables = reader.variables().to_vec();
            let mut rows = Vec::new();
            for solution in reader {
                let solution = solution.map_err(|e| bad(e.to_string()))?;
                rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
            }
            Ok(Solutions { variables, rows })
        }
        SliceQueryResultsParserOutput::Boolean(_) => Err(bad("a boolean, not solutions".into())),
    }
}

/// The cache key: FNV-1a 64 of the endpoint and the query (the entry also stores both and
/// is used only when they match, so a hash collision costs a request, never a wrong answer).
pub fn cache_key(endpoint: &str, query: &str) -> u64 {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(endpoint.as_bytes());
    hasher.write(&[0]);
    hasher.write(query.as_bytes());
    hasher.finish()
}

fn read_cached(file: &std::path::Path, endpoint: &str, query: &str) -> Option<Vec<u8>> {
    let text = std::fs::read(file).ok()?;
    let entry: serde_json::Value = serde_json::from_slice(&text).ok()?;
    if entry["endpoint"] != endpoint || entry["query"] != query {
        return None;
    }
    Some(entry["answer"].as_str()?.as_bytes().to_vec())
}

fn write_cached(file: &std::path::Path, endpoint: &str, query: &str, body: &[u8]) -> Result<()> {
    let write_err = |source| Error::Write {
        path: file.to_path_buf(),
        source,
    };
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(write_err)?;
    }
    let entry = serde_json::json!({
        "endpoint": endpoint,
        "query": query,
        "answer": String::from_utf8_lossy(body),
    });
    let tmp = file.with_extension("json.tmp");
    std::fs::write(&tmp, entry.to_string()).map_err(write_err)?;
    std::fs::rename(&tmp, file).map_err(write_err)
}

/// A SPARQL string literal for `text`: quotes, backslashes and line breaks escaped, so the
/// text can never end the literal or change the query around it.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A language-tagged SPARQL literal (`"Алматы"@kk`); the tag must be a checked language
/// tag (letters, digits and hyphens).
pub fn lang_literal(text: &str, lang: &str) -> String {
    debug_assert!(
        !lang.is_empty() && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
        "unchecked language tag {lang:?}"
    );
    format!("{}@{lang}", string_literal(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_everything_that_could_end_them() {
        assert_eq!(string_literal("Алматы"), "\"Алматы\"");
        assert_eq!(string_literal("a\"b"), "\"a\\\"b\"");
        assert_eq!(string_literal("a\\b"), "\"a\\\\b\"");
        assert_eq!(string_literal("a\nb\r\tc"), "\"a\\nb\\r\\tc\"");
        assert_eq!(string_literal("} ."), "\"} .\"");
        assert_eq!(lang_literal("x", "kk"), "\"x\"@kk");
    }

    #[test]
    fn cache_keys_differ_by_endpoint_and_query() {
        let a = cache_key("http://a/sparql", "SELECT * {}");
        assert_eq!(a, cache_key("http://a/sparql", "SELECT * {}"));
        assert_ne!(a, cache_key("http://b/sparql", "SELECT * {}"));
        assert_ne!(a, cache_key("http://a/sparql", "SELECT * { }"));
        // The separator keeps "ab" + "c" apart from "a" + "bc".
        assert_ne!(cache_key("ab", "c"), cache_key("a", "bc"));
    }

    #[test]
    fn the_request_cap_holds_back_the_third_request_in_a_window() {
        fn quiet(_: &str) {}
        let client = Client::new(ClientOptions {
            max_per_minute: 2,
            rate_window: Duration::from_millis(300),
            notify: quiet,
            ..ClientOptions::default()
        })
        .unwrap();
        let start = Instant::now();
        client.wait_for_rate_window();
        client.wait_for_rate_window();
        assert!(
            start.elapsed() < Duration::from_millis(150),
            "the first two wait"
        );
        client.wait_for_rate_window();
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_millis(300),
            "third sent after {waited:?}"
        );
        client.wait_for_rate_window();
        assert!(
            start.elapsed() < Duration::from_millis(600),
            "the fourth fits the new window"
        );
    }

    #[test]
    fn bad_options_are_refused_with_the_fix() {
        let err = |o: ClientOptions| Client::new(o).err().map(|e| e.to_string());
        assert_eq!(
            err(ClientOptions {
                timeout: Duration::from_secs(60),
                ..ClientOptions::default()
            }),
            Some("--timeout 60 s: use 1 to 59 seconds (WDQS stops queries at 60 s)".into())
        );
        assert_eq!(
            err(ClientOptions {
                user_agent: "bad\nagent".into(),
                ..ClientOptions::default()
            }),
            Some(
                "--user-agent `bad\nagent` is not a valid HTTP header value: use printable ASCII"
                    .into()
            )
        );
    }
}
