//! `mura serve` in a real browser: Debian's headless Chromium, driven through chromedriver
//! with the W3C WebDriver protocol (plain JSON over HTTP, spoken here with oxhttp, so no
//! browser-automation crate is needed). The browser asks for Kazakh (`--lang=kk`, hence
//! `Accept-Language: kk`), opens the award conferral's entity page and finds its Kazakh label
//! and the source paragraph of the award fact; then opens the query page, picks a named
//! query, presses Run (the form posts to `/sparql`) and finds the results table. Screenshots
//! go to the test's temp dir (or to `MURA_BROWSER_SHOTS` when set, to look at them).

mod common;

use mura::serve::{self, Options, Source};
use oxhttp::model::{Body, Method, Request};
use serde_json::{Value, json};
use std::io::Read;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A chromedriver process and one browser session in it; both end when dropped.
struct Browser {
    driver: Child,
    url: String,
    session: String,
}

impl Browser {
    fn start(profile: &std::path::Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (apt-get install chromium-driver)");
        let url = format!("http://127.0.0.1:{port}");
        let mut browser = Browser {
            driver,
            url,
            session: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--lang=kk",
                         "--window-size=1200,1600",
                         format!("--user-data-dir={}", profile.display())],
                "prefs": {"intl.accept_languages": "kk"}
            }
        }}});
        let session = loop {
            match browser.call_at("POST", "/session", Some(&capabilities)) {
                Some(v) => break v,
                None if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(200)),
                None => panic!("chromedriver did not start a Chromium session within 30 s"),
            }
        };
        browser.session = session["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        browser
    }

    /// One WebDriver command; `None` when the driver does not answer (yet).
    fn call_at(&self, method: &str, path: &str, body: Option<&Value>) -> Option<Value> {
        let request = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(format!("{}{path}", self.url))
            .header("Content-Type", "application/json")
            .body(match body {
                Some(b) => Body::from(b.to_string()),
                None => Body::empty(),
            })
            .unwrap();
        let response = oxhttp::Client::new()
            .with_global_timeout(Duration::from_secs(60))
            .request(request)
            .ok()?;
        let mut text = String::new();
        response.into_body().read_to_string(&mut text).ok()?;
        let value: Value = serde_json::from_str(&text).ok()?;
        Some(value["value"].clone())
    }

    /// A command of this session, which must succeed.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let value = self
            .call_at(method, &path, body.as_ref())
            .unwrap_or_else(|| panic!("WebDriver {method} {path} got no answer"));
        assert!(
            value.get("error").is_none(),
            "WebDriver {method} {path}: {value}"
        );
        value
    }

    fn open(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url})));
    }

    fn source(&self) -> String {
        self.call("GET", "/source", None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn element(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_owned()
    }

    /// The page's address now.
    fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap().to_owned()
    }

    /// Whether the page holds an element matching `css`.
    fn has(&self, css: &str) -> bool {
        let path = format!("/session/{}/element", self.session);
        let body = json!({"using": "css selector", "value": css});
        self.call_at("POST", &path, Some(&body))
            .is_some_and(|v| v.get("error").is_none())
    }

    /// Waits until `done` holds (a click's navigation ends after the click returns), at most
    /// 10 s.
    fn wait_until(&self, what: &str, done: impl Fn(&Self) -> bool) {
        let start = std::time::Instant::now();
        while !done(self) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "waited 10 s for {what}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.call("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Saves a PNG screenshot of the window to `path`.
    fn screenshot(&self, path: &std::path::Path) {
        use base64::Engine;
        let png = self.call("GET", "/screenshot", None);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            self.call_at("DELETE", &path, None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[test]
#[cfg_attr(
    not(mura_chromium),
    ignore = "needs chromium and chromedriver: apt-get install chromium chromium-driver (CI installs them)"
)]
fn a_browser_reads_the_kazakh_page_and_runs_a_named_query() {
    let tmp = tempfile::tempdir().unwrap();
    let shots = std::env::var_os("MURA_BROWSER_SHOTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&shots).unwrap();
    let server = serve::serve(
        Source::Input(mura::Input {
            data: Some(common::root().join("data")),
            ..mura::Input::default()
        }),
        Options {
            bind: "127.0.0.1:0".parse().unwrap(),
            queries_dir: Some(common::root().join("queries")),
            ..Options::default()
        },
        None,
    )
    .expect("the server starts");
    let browser = Browser::start(&tmp.path().join("profile"));

    // the entity IRI's path: the browser follows the 303 to the HTML page
    browser.open(&format!("{}/id/event/best-museum-award-2024", server.url()));
    let page = browser.source();
    browser.screenshot(&shots.join("entity-page-kk.png"));
    assert!(page.contains("<html lang=\"kk\">"), "the page is in Kazakh");
    assert!(page.contains("марапатын табыстау"), "the Kazakh label");
    assert!(
        page.contains("paragraph 2"),
        "the award fact's source paragraph"
    );
    assert!(page.contains("<blockquote>"), "the quoted excerpt");

    // the query page: pick the named query `members`, press Run, read the table
    browser.open(&format!("{}/", server.url()));
    browser.click("a[href='/?example=members#query']");
    browser.wait_until("the page of the `members` example", |b| {
        b.url().contains("example=members")
    });
    browser.click("form[action='/sparql'] button[type='submit']");
    browser.wait_until("the results page", |b| b.has("table"));
    let results = browser.source();
    browser.screenshot(&shots.join("query-results.png"));
    assert!(results.contains("<table"), "a results table");
    assert!(
        results.contains("ykylas-museum"),
        "the members are in the table"
    );
}
