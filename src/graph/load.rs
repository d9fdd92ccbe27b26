//! Loading a stream of quads into a store with oxigraph's bulk loader, on a second thread:
//! the records are read and checked on the calling thread, mapped on the mapping pool's
//! workers ([`super::parallel`]) and handed over a bounded channel to the loader, which
//! fills its batches and writes each with [`LOADER_THREADS`] worker(s) of its own.
//! Memory: the channel holds a few batches, the loader one batch of [`LOADER_MEMORY_MB`].
//! `MURA_LOADER_THREADS` and `MURA_LOADER_MB` override both (BENCHMARKS.md records what
//! was tried).
//!
//! The loader commits each batch as it is written ("without atomicity"), so RocksDB
//! compacts while the rest loads, instead of ingesting every batch at the end as dozens
//! of overlapping level-0 files that the dataset description then has to read through
//! while one large compaction runs (10^6 museums: 106.5 s against 120.2 s, BENCHMARKS.md;
//! `MURA_LOADER_ATOMIC=1` restores the single commit for comparison). That gives up
//! nothing: a store on disk is only ever loaded in a fresh `.building` directory that is
//! removed when the build fails ([`super::store::build_on_disk_with`]), and an in-memory
//! store is always loaded in one commit.

use super::{Sink, on_second_thread};
use crate::error::Result;
use oxigraph::store::Store;

/// The bulk loader's memory budget (its batch size follows from it: MB × 1000 ÷ threads
/// quads, so 300,000-quad batches with 2 threads). For a million museums on this 2-core
/// machine: 300 MB built the store in 123–125 s (four runs) with a 625 MB peak, 600 MB in
/// 115 s with 853 MB; 1 thread with 600 MB took 155 s and 1,050 MB (BENCHMARKS.md).
pub const LOADER_MEMORY_MB: usize = 600;

/// The loader's worker threads: 2 built a 100k-museum store in 21 s against 30 s with 1
/// (the mapping workers and the loader share the cores; BENCHMARKS.md).
pub const LOADER_THREADS: usize = 2;

/// A setting from the environment (`MURA_LOADER_THREADS`, `MURA_LOADER_MB`: benchmarks try
/// other values with them), else `default`.
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| (1..=65_536).contains(n))
        .unwrap_or(default)
}

/// Loads everything `fill` pushes into `store`: an in-memory store in one commit at the
/// end (nothing when `fill` fails), an on-disk one batch by batch (see the module comment
/// for why that loses nothing).
pub fn into_store(store: &Store, fill: impl FnOnce(&mut dyn Sink) -> Result<()>) -> Result<()> {
    on_second_thread(
        |batches| {
            let mut loader = store
                .bulk_loader()
                .with_num_threads(setting("MURA_LOADER_THREADS", LOADER_THREADS))
                .with_max_memory_size_in_megabytes(setting("MURA_LOADER_MB", LOADER_MEMORY_MB));
            if setting("MURA_LOADER_ATOMIC", 0) == 0 {
                loader = loader.without_atomicity();
            }
            loader.load_quads(batches.flatten())?;
            Ok(loader)
        },
        fill,
    )?
    .commit()?;
    Ok(())
}
