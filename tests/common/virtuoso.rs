//! A throwaway Virtuoso Open Source 7 on loopback for the push tests: `.ci/virtuoso.sh
//! start` in a temp folder (its own database and ini, free 127.0.0.1 ports, a dba password
//! of its own), stopped (`shutdown` through isql-vt) when dropped. The tests that start one
//! are marked `#[cfg_attr(not(mura_virtuoso), ignore = …)]` (build.rs: `virtuoso-t` on the
//! PATH, or `CI=true`).

use super::endpoint::free_port;
use super::root;
use std::process::Command;

pub struct Virtuoso {
    pub url: String,
    pub isql_port: u16,
    pub password: String,
    pub dir: tempfile::TempDir,
}

impl Virtuoso {
    pub fn start() -> Virtuoso {
        let dir = tempfile::tempdir().expect("a temp dir");
        let (http, isql) = (free_port(), free_port());
        let password = "MuraTest42".to_owned();
        let out = Command::new(root().join(".ci/virtuoso.sh"))
            .arg("start")
            .arg(dir.path())
            .args([http.to_string(), isql.to_string(), password.clone()])
            .output()
            .unwrap_or_else(|e| panic!("cannot run .ci/virtuoso.sh: {e}"));
        assert!(
            out.status.success(),
            "a throwaway Virtuoso did not start (apt-get install virtuoso-opensource; .ci/run does):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Virtuoso {
            url: format!("http://127.0.0.1:{http}"),
            isql_port: isql,
            password,
            dir,
        }
    }

    /// Runs `sql` through isql-vt as dba.
    pub fn isql(&self, sql: &str) -> String {
        let out = Command::new("isql-vt")
            .arg(format!("127.0.0.1:{}", self.isql_port))
            .args(["dba", &self.password])
            .arg(format!("exec={sql}"))
            .output()
            .expect("isql-vt runs");
        assert!(
            out.status.success(),
            "isql-vt {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = Command::new(root().join(".ci/virtuoso.sh"))
            .arg("stop")
            .arg(self.dir.path())
            .args([self.isql_port.to_string(), self.password.clone()])
            .output();
    }
}
