//! Loading a stream of quads into a store with oxigraph's bulk loader, on a second thread:
//! the records are read and checked on the calling thread, mapped on the mapping pool's
//! workers ([`super::parallel`]) and handed over a bounded channel to the loader, which
//! fills its batches and writes each with [`LOADER_THREADS`] worker(s) of its own.
//! Memory: the channel holds a few batches, the loader one batch of [`LOADER_MEMORY_MB`].
//! `MURA_LOADER_THREADS` and `MURA_LOADER_MB` override both (BENCHMARKS.md records what
//! was tried).
//!
//! The loader commits once, at the end. Committing batch by batch ("without atomicity")
//! built a 10^6 store in 106–113 s instead of 116–125 s, but left it in a shape that reads
//! slower: the sorted Turtle of a 10^5 store took 18.7 s against 11.5 s from the same
//! rows loaded in one commit (BENCHMARKS.md). A store is built once and read many times.

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

/// Loads everything `fill` pushes into `store` (committed at the end; nothing is committed
/// when `fill` fails).
pub fn into_store(store: &Store, fill: impl FnOnce(&mut dyn Sink) -> Result<()>) -> Result<()> {
    on_second_thread(
        |batches| {
            let mut loader = store
                .bulk_loader()
                .with_num_threads(setting("MURA_LOADER_THREADS", LOADER_THREADS))
                .with_max_memory_size_in_megabytes(setting("MURA_LOADER_MB", LOADER_MEMORY_MB));
            loader.load_quads(batches.flatten())?;
            Ok(loader)
        },
        fill,
    )?
    .commit()?;
    Ok(())
}
