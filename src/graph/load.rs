//! Loading a stream of quads into a store with oxigraph's bulk loader, on a second thread:
//! the records are read, checked and mapped on the calling thread and handed over a
//! bounded channel to the loader, which fills its batches and writes each with one worker
//! of its own (`with_num_threads(1)`), so both cores of the reference machine are busy and
//! not oversubscribed. Memory: the channel holds a few batches, the loader one batch of
//! [`LOADER_MEMORY_MB`].

use super::{Sink, on_second_thread};
use crate::error::Result;
use oxigraph::store::Store;

/// The bulk loader's memory budget (its batch size follows from it).
pub const LOADER_MEMORY_MB: usize = 300;

/// Loads everything `fill` pushes into `store` (committed at the end; nothing is committed
/// when `fill` fails).
pub fn into_store(store: &Store, fill: impl FnOnce(&mut dyn Sink) -> Result<()>) -> Result<()> {
    on_second_thread(
        |batches| {
            let mut loader = store
                .bulk_loader()
                .with_num_threads(1)
                .with_max_memory_size_in_megabytes(LOADER_MEMORY_MB);
            loader.load_quads(batches.flatten())?;
            Ok(loader)
        },
        fill,
    )?
    .commit()?;
    Ok(())
}
