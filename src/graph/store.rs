//! The oxigraph store: in memory (default) or on disk with RocksDB (`--store DIR`, cargo
//! feature `rocksdb`). Loads go through the bulk loader. An on-disk store is always built
//! in a fresh directory beside the target and swapped in only once it is complete, so a
//! failed build never damages the store that was there.

use crate::error::{Error, Result};
use oxigraph::model::Quad;
use oxigraph::store::Store;
use std::path::Path;

/// A new in-memory store holding `quads`.
pub fn memory(quads: impl IntoIterator<Item = Quad>) -> Result<Store> {
    let store = Store::new()?;
    load(&store, quads)?;
    Ok(store)
}

/// Loads `quads` into `store` in one bulk load (one commit).
pub fn load(store: &Store, quads: impl IntoIterator<Item = Quad>) -> Result<()> {
    let mut loader = store.bulk_loader();
    loader.load_quads(quads)?;
    loader.commit()?;
    Ok(())
}

/// Builds an on-disk store at `dir` with `fill` (which loads the new, empty store): written
/// to `.{name}.building` beside it, then swapped in (the old store, if any, is removed only
/// after the swap), so a failed build never damages the store that was there.
#[cfg(feature = "rocksdb")]
pub fn build_on_disk_with<T>(dir: &Path, fill: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
    use std::fs;
    let name = dir
        .file_name()
        .ok_or_else(|| Error::Usage(format!("--store {}: name a directory", dir.display())))?
        .to_string_lossy()
        .into_owned();
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if dir.exists() && !dir.join("CURRENT").is_file() {
        return Err(Error::Usage(format!(
            "--store {}: the directory exists and is not an oxigraph store; choose another path or remove it",
            dir.display()
        )));
    }
    let building = parent.join(format!(".{name}.building"));
    let old = parent.join(format!(".{name}.old"));
    let io = |path: &Path, source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    recover(dir)?;
    for leftover in [&building, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(|e| io(leftover, e))?;
        }
    }
    let result = (|| {
        let store = Store::open(&building)?;
        let value = fill(&store)?;
        store.flush()?;
        Ok::<_, Error>(value)
    })();
    let value = match result {
        Ok(value) => value,
        Err(e) => {
            let _ = fs::remove_dir_all(&building);
            return Err(e);
        }
    };
    if dir.exists() {
        fs::rename(dir, &old).map_err(|e| io(dir, e))?;
    }
    fs::rename(&building, dir).map_err(|e| io(dir, e))?;
    if old.exists() {
        fs::remove_dir_all(&old).map_err(|e| io(&old, e))?;
    }
    Ok(value)
}

#[cfg(not(feature = "rocksdb"))]
pub fn build_on_disk_with<T>(dir: &Path, _fill: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
    Err(no_rocksdb(dir))
}

/// Puts back the previous store of `dir` when a build was killed in the middle of its
/// swap (after the old store was moved to `.{name}.old`, before the new one took its
/// place): the swap never happened, so the old store is the store.
#[cfg(feature = "rocksdb")]
fn recover(dir: &Path) -> Result<()> {
    let (Some(name), Some(parent)) = (dir.file_name(), dir.parent()) else {
        return Ok(());
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let old = parent.join(format!(".{}.old", name.to_string_lossy()));
    if !dir.exists() && old.join("CURRENT").is_file() {
        std::fs::rename(&old, dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    Ok(())
}

/// Opens an existing on-disk store read-only (putting back the previous store when a
/// build was killed mid-swap, see [`recover`]).
#[cfg(feature = "rocksdb")]
pub fn open(dir: &Path) -> Result<Store> {
    recover(dir)?;
    if !dir.join("CURRENT").is_file() {
        return Err(Error::Usage(format!(
            "--store {}: no store there; build one with `mura build --store {}`",
            dir.display(),
            dir.display()
        )));
    }
    Ok(Store::open_read_only(dir)?)
}

#[cfg(not(feature = "rocksdb"))]
pub fn open(dir: &Path) -> Result<Store> {
    Err(no_rocksdb(dir))
}

#[cfg(not(feature = "rocksdb"))]
fn no_rocksdb(dir: &Path) -> Error {
    Error::Usage(format!(
        "--store {}: this mura was built without the on-disk store; rebuild with `cargo build --release --features rocksdb` (needs libclang: `apt-get install libclang-dev`), or leave out --store to work in memory",
        dir.display()
    ))
}
