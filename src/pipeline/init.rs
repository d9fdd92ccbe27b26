//! `mura init DIR`: a new dataset that builds and validates at once — a manifest, a source
//! text, and one record file per kind, each opening with the comment that documents its
//! fields (the shipped dataset's file headers are the model).

use crate::error::{Error, Result};
use crate::export::atomic;
use std::path::{Path, PathBuf};

/// The files of a new dataset: (path inside the folder, text).
const FILES: &[(&str, &str)] = &[
    ("mura.toml", include_str!("init/mura.toml")),
    (
        "sources/example.en.txt",
        include_str!("init/example.en.txt"),
    ),
    ("places.toml", include_str!("init/places.toml")),
    (
        "organisations.toml",
        include_str!("init/organisations.toml"),
    ),
    ("museums.toml", include_str!("init/museums.toml")),
    ("people.toml", include_str!("init/people.toml")),
    ("awards.toml", include_str!("init/awards.toml")),
    ("events.toml", include_str!("init/events.toml")),
    ("posts.toml", include_str!("init/posts.toml")),
    ("quotations.toml", include_str!("init/quotations.toml")),
    ("policies.toml", include_str!("init/policies.toml")),
];

/// Writes a new dataset into `dir` (created; it must not hold a dataset already). Returns
/// the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.join(crate::source::MANIFEST).exists() {
        return Err(Error::Usage(format!(
            "{} already holds a dataset (it has a {}): choose a new folder",
            dir.display(),
            crate::source::MANIFEST
        )));
    }
    let mut written = Vec::new();
    for (name, text) in FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        atomic::write_bytes(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
