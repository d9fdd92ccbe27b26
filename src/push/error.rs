//! The errors of `mura push`: each names the store (its base URL), what was being done
//! (and to which graph), the HTTP status and the store's own message — an HTML error page
//! (Virtuoso's) reduced to its text. Credentials never appear in them.

use std::path::PathBuf;

/// A failed push, check or file export.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// Reading or mapping the dataset (the pipeline's own, located errors).
    #[error(transparent)]
    Mura(#[from] crate::Error),
    /// The store answered with an error status.
    #[error("{store}: {what}: HTTP {status}: {message}")]
    Status {
        store: String,
        what: String,
        status: u16,
        message: String,
    },
    /// The store refused the credentials (401 or 403 after authenticating).
    #[error("{store}: {what}: HTTP {status}: {message} ({hint})")]
    Refused {
        store: String,
        what: String,
        status: u16,
        message: String,
        hint: &'static str,
    },
    /// No answer at all after every retry.
    #[error(
        "{store}: {what}: no answer after {attempts} attempts ({reason}): is the store running at {url}?"
    )]
    Unreachable {
        store: String,
        what: String,
        url: String,
        attempts: u32,
        reason: String,
    },
    /// The store holds another number of triples than mura sent.
    #[error(
        "{store}: graph <{graph}>: the {stage} holds {found} triples, mura sent {expected}; the live graph is {live}"
    )]
    Count {
        store: String,
        graph: String,
        stage: &'static str,
        expected: u64,
        found: u64,
        live: &'static str,
    },
    /// An answer that is not what the protocol promises.
    #[error("{store}: {what}: {message}")]
    Protocol {
        store: String,
        what: String,
        message: String,
    },
    /// Options that do not fit together, or a bad value.
    #[error("{0}")]
    Usage(String),
    /// A local file could not be read or written.
    #[error("cannot {what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

impl PushError {
    pub(crate) fn io(what: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        PushError::Io {
            what,
            path: path.into(),
            source,
        }
    }
}

/// The text of an error body: an HTML page reduced to its words (tags, scripts, styles and
/// the head dropped, entities decoded, whitespace collapsed), plain text as it is; at most
/// 400 characters.
pub fn store_message(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let lower = text.to_ascii_lowercase();
    // by its tags: a plain-text message quoting an update holds IRIs such as `<https://…>`
    let looks_html = [
        "<!doctype",
        "<html",
        "<body",
        "<head",
        "<title",
        "<pre>",
        "<p>",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
    ]
    .iter()
    .any(|tag| lower.contains(tag));
    let mut out = String::new();
    if looks_html {
        // drop the head, scripts and styles with what they hold
        let mut rest = text.to_string();
        for tag in ["head", "script", "style"] {
            rest = drop_elements(&rest, tag);
        }
        let mut plain = String::new();
        let mut in_tag = false;
        for c in rest.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    plain.push(' ');
                }
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        out = plain
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&");
    } else {
        out.push_str(&text);
    }
    let collapsed: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut message: String = collapsed.chars().take(400).collect();
    if collapsed.chars().count() > 400 {
        message.push('…');
    }
    if message.is_empty() {
        message = "(no message)".into();
    }
    message
}

/// `text` without the `<tag …>…</tag>` elements (ASCII case-insensitive).
fn drop_elements(text: &str, tag: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut kept = String::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find(&open).map(|i| at + i) {
        kept.push_str(&text[at..start]);
        match lower[start..].find(&close) {
            Some(end) => at = start + end + close.len(),
            None => return kept,
        }
    }
    kept.push_str(&text[at..]);
    kept
}

#[cfg(test)]
mod tests {
    use super::store_message;

    #[test]
    fn html_error_pages_become_their_text() {
        let page = b"<!DOCTYPE html><html><head><title>Error</title><style>p{}</style></head>\n<body><h3>Error 37000</h3><pre>SP030: SPARQL compiler, line 1: syntax error at 'x' before '&lt;end&gt;'</pre></body></html>";
        assert_eq!(
            store_message(page),
            "Error 37000 SP030: SPARQL compiler, line 1: syntax error at 'x' before '<end>'"
        );
        assert_eq!(store_message(b"  plain\n text "), "plain text");
        // Virtuoso's plain-text SR171 keeps the IRIs of the update it quotes
        assert_eq!(
            store_message(b"Virtuoso S1T00 Error SR171: Transaction timed out\n\nSPARQL query:\nCOPY <https://w3id.org/mura/id/graph/tables?mura-staging=1> TO <https://w3id.org/mura/id/graph/tables>"),
            "Virtuoso S1T00 Error SR171: Transaction timed out SPARQL query: COPY <https://w3id.org/mura/id/graph/tables?mura-staging=1> TO <https://w3id.org/mura/id/graph/tables>"
        );
        assert_eq!(store_message(b""), "(no message)");
    }
}
