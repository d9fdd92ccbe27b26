//! Mapping on several threads, in record order. The reading thread reads, declares and
//! checks every record (the checks need the ids declared before it, so they stay in
//! order), then hands checked records in chunks to [`MAP_THREADS`] workers, each with its
//! own [`Mapper`]; the chunks' quads reach the sink in the order the chunks were cut, so
//! the output is the same bytes as one thread's, whatever the number of workers.
//!
//! Memory: at most [`IN_FLIGHT`] chunks per worker are queued, mapping or waiting for their
//! turn; a chunk is cut at [`CHUNK_ROWS`] records or [`CHUNK_BYTES`] of table, so rows of
//! long texts do not make it big.

use super::mapping::{Mapper, Output};
use super::{Batch, Sink};
use crate::check::Checked;
use crate::error::{Error, Result};
use crate::model::{Dataset, Record};
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;
use std::collections::{BTreeMap, HashSet};
use std::sync::mpsc::{Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::{Scope, ScopedJoinHandle};

/// Records per chunk handed to a worker (about 16k quads of the bulk tables).
pub const CHUNK_ROWS: usize = 1024;

/// Table bytes per chunk: a chunk is cut after this much of a table even when it holds
/// fewer than [`CHUNK_ROWS`] records (a cell may be up to a MiB). 1 MiB, not 2: with two
/// workers, 8 chunks may be in flight, each held as rows, quads and their text, and at 2 MiB
/// a 96 MB table of 10 KB rows raised the peak by 54 MB (`tests/bad_input.rs`).
pub const CHUNK_BYTES: u64 = 1 << 20;

/// Chunks per worker between the reader and the sink (queued, mapping, or mapped and
/// waiting for an earlier chunk).
pub const IN_FLIGHT: usize = 4;

/// Mapping threads, the threads a profile's queries run on and the store export's readers:
/// `MURA_MAP_THREADS` when set to a number from 1 to 64 (benchmarks compare settings with
/// it), else the machine's cores, at most 4 (the reader and the sink have a thread each
/// besides).
pub fn map_threads() -> usize {
    if let Some(n) = std::env::var("MURA_MAP_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| (1..=64).contains(n))
    {
        return n;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

type Job = (u64, Vec<(Record, Checked)>);
type Mapped = (u64, std::thread::Result<Result<Batch>>);

/// The workers and the chunks in flight.
pub struct Pool<'scope> {
    jobs: Option<SyncSender<Job>>,
    results: Receiver<Mapped>,
    workers: Vec<ScopedJoinHandle<'scope, HashSet<NamedNode>>>,
    chunk: Vec<(Record, Checked)>,
    chunk_start: u64,
    /// Mapped chunks waiting for an earlier one.
    ready: BTreeMap<u64, Batch>,
    next_cut: u64,
    next_out: u64,
    in_flight: usize,
    /// Quads handed to the sink so far.
    pub quads: u64,
}

impl<'scope> Pool<'scope> {
    /// Starts `threads` workers mapping records of `ds`; with `text`, they also serialise
    /// their chunks in that line-based format (see [`Sink::text_format`]).
    pub fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        ds: &'env Dataset,
        threads: usize,
        text: Option<RdfFormat>,
    ) -> Self
    where
        'env: 'scope,
    {
        let threads = threads.max(1);
        let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(threads * IN_FLIGHT);
        let queue = Arc::new(Mutex::new(queue));
        let (done, results) = std::sync::mpsc::channel::<Mapped>();
        let workers = (0..threads)
            .map(|_| {
                let (queue, done) = (Arc::clone(&queue), done.clone());
                scope.spawn(move || work(ds, text, &queue, &done))
            })
            .collect();
        Pool {
            jobs: Some(jobs),
            results,
            workers,
            chunk: Vec::with_capacity(CHUNK_ROWS),
            chunk_start: 0,
            ready: BTreeMap::new(),
            next_cut: 0,
            next_out: 0,
            in_flight: threads * IN_FLIGHT,
            quads: 0,
        }
    }

    /// Adds a checked record; `bytes` is how far into the tables the reader is. Hands the
    /// chunk on when it is full, and mapped chunks whose turn it is to `sink`.
    pub fn add(
        &mut self,
        record: Record,
        checked: Checked,
        bytes: u64,
        sink: &mut dyn Sink,
    ) -> Result<bool> {
        self.chunk.push((record, checked));
        let full =
            self.chunk.len() >= CHUNK_ROWS || bytes.saturating_sub(self.chunk_start) >= CHUNK_BYTES;
        if full {
            self.chunk_start = bytes;
            self.cut(sink)?;
        }
        Ok(full)
    }

    /// Hands the chunk being filled to the workers (waiting while too many are in flight).
    fn cut(&mut self, sink: &mut dyn Sink) -> Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        while self.next_cut - self.next_out >= self.in_flight as u64 {
            self.receive(sink, true)?;
        }
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK_ROWS));
        let jobs = self.jobs.as_ref().ok_or(Error::ThreadPanicked)?;
        jobs.send((self.next_cut, chunk))
            .map_err(|_| Error::ThreadPanicked)?;
        self.next_cut += 1;
        self.receive(sink, false)
    }

    /// Takes the mapped chunks (waiting for one when `wait`) and hands those whose turn it
    /// is to `sink`.
    fn receive(&mut self, sink: &mut dyn Sink, wait: bool) -> Result<()> {
        if wait {
            let mapped = self.results.recv().map_err(|_| Error::ThreadPanicked)?;
            self.take(mapped)?;
        }
        while let Ok(mapped) = self.results.try_recv() {
            self.take(mapped)?;
        }
        while let Some(batch) = self.ready.remove(&self.next_out) {
            self.next_out += 1;
            self.quads += match &batch {
                Batch::Quads(quads) => quads.len() as u64,
                Batch::Text(_, quads) => *quads,
            };
            batch.into_sink(sink)?;
        }
        Ok(())
    }

    fn take(&mut self, (seq, batch): Mapped) -> Result<()> {
        let batch = batch.map_err(|_| Error::ThreadPanicked)??;
        self.ready.insert(seq, batch);
        Ok(())
    }

    /// Maps what is left, hands everything to `sink` in order, stops the workers and adds
    /// the named graphs they filled to `mapper` (the meta graph describes those). Returns
    /// the quads handed to `sink`.
    pub fn finish(mut self, mapper: &mut Mapper<'_>, sink: &mut dyn Sink) -> Result<u64> {
        self.cut(sink)?;
        while self.next_out < self.next_cut {
            self.receive(sink, true)?;
        }
        self.jobs = None;
        for worker in self.workers.drain(..) {
            mapper.add_used(worker.join().map_err(|_| Error::ThreadPanicked)?);
        }
        Ok(self.quads)
    }
}

/// A worker: maps the chunks it takes from `queue` until the queue closes (and serialises
/// them in `text`); returns the named graphs its quads went into.
fn work(
    ds: &Dataset,
    text: Option<RdfFormat>,
    queue: &Mutex<Receiver<Job>>,
    done: &Sender<Mapped>,
) -> HashSet<NamedNode> {
    let mut mapper = Mapper::new(ds);
    loop {
        let job = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => break,
        };
        let Ok((seq, chunk)) = job else { break };
        let mapped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut out = match text {
                None => Output::Quads(Vec::with_capacity(chunk.len() * 20)),
                Some(format) => Output::Lines {
                    dataset: format.supports_datasets(),
                    text: Vec::with_capacity(chunk.len() * 20 * 160),
                    quads: 0,
                },
            };
            for (record, checked) in &chunk {
                mapper.record(record, checked, &mut out);
            }
            Ok(match out {
                Output::Quads(quads) => Batch::Quads(quads),
                Output::Lines { text, quads, .. } => Batch::Text(text, quads),
            })
        }));
        if done.send((seq, mapped)).is_err() {
            break;
        }
    }
    mapper.into_used()
}
