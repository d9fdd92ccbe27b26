//! Credentials for writes (SPARQL updates, Graph Store PUT/POST/DELETE): a Bearer token
//! read from `--token-file` and/or Basic users from an `--htpasswd` file of bcrypt entries
//! (`user:$2y$…`, as `htpasswd -B` writes). Reads never need credentials. A write without
//! valid credentials is 401 with a `WWW-Authenticate` challenge; on a read-only server it
//! is 403 whatever the credentials.

use super::Options;
use crate::error::{Error, Result};
use std::path::Path;

/// The credentials a server accepts.
#[derive(Default)]
pub struct Auth {
    token: Option<String>,
    users: Vec<(String, String)>,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

impl Auth {
    /// Reads the token file and the htpasswd file the options name.
    pub fn load(options: &Options) -> Result<Self> {
        let mut auth = Auth::default();
        if let Some(path) = &options.token_file {
            let token = read(path)?.trim().to_owned();
            if token.len() < 16 {
                return Err(Error::Usage(format!(
                    "--token-file {}: the token must be at least 16 characters (e.g. `openssl rand -hex 32 > {}`)",
                    path.display(),
                    path.display()
                )));
            }
            auth.token = Some(token);
        }
        if let Some(path) = &options.htpasswd {
            for (n, line) in read(path)?.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                match line.split_once(':') {
                    Some((user, hash)) if hash.starts_with("$2") => {
                        auth.users.push((user.to_owned(), hash.to_owned()))
                    }
                    _ => {
                        return Err(Error::data(
                            crate::error::Location::file(path).line(n + 1),
                            "not a bcrypt htpasswd entry `user:$2y$…`: write it with `htpasswd -B FILE USER`",
                        ));
                    }
                }
            }
        }
        Ok(auth)
    }

    /// Whether any credential is configured.
    pub fn configured(&self) -> bool {
        self.token.is_some() || !self.users.is_empty()
    }

    /// Whether an `Authorization` header value carries valid credentials.
    pub fn check(&self, authorization: Option<&str>) -> bool {
        let Some(value) = authorization.map(str::trim) else {
            return false;
        };
        let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
        let rest = rest.trim();
        if scheme.eq_ignore_ascii_case("bearer") {
            return self
                .token
                .as_deref()
                .is_some_and(|t| same(t.as_bytes(), rest.as_bytes()));
        }
        if scheme.eq_ignore_ascii_case("basic") && !self.users.is_empty() {
            use base64::Engine as _;
            let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(rest) else {
                return false;
            };
            let Ok(decoded) = String::from_utf8(decoded) else {
                return false;
            };
            let Some((user, password)) = decoded.split_once(':') else {
                return false;
            };
            return self
                .users
                .iter()
                .find(|(u, _)| u == user)
                .is_some_and(|(_, hash)| bcrypt::verify(password, hash).unwrap_or(false));
        }
        false
    }

    /// The `WWW-Authenticate` challenge of a 401.
    pub fn challenge(&self) -> String {
        let mut schemes = Vec::new();
        if self.token.is_some() {
            schemes.push(r#"Bearer realm="mura""#);
        }
        if !self.users.is_empty() {
            schemes.push(r#"Basic realm="mura", charset="UTF-8""#);
        }
        if schemes.is_empty() {
            schemes.push(r#"Bearer realm="mura""#);
        }
        schemes.join(", ")
    }
}

/// Constant-time comparison of equal-length secrets.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
