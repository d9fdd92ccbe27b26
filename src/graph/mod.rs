//! Records → the graph. [`stream`] is the one pipeline every input goes through: the
//! records of a dataset folder (TOML records, then CSV rows) are checked by the one
//! [`Checker`], mapped by the one pure [`mapping::Mapper`] and handed in batches to a
//! [`Sink`] — a store loader ([`load`]), an RDF stream or the external sort
//! ([`crate::export`]), or a `Vec` in memory. [`describe`] adds the dataset description.

pub mod iri;
pub mod load;
pub mod mapping;
pub mod parallel;
pub mod store;
pub mod summary;

pub use iri::*;
pub use summary::Summary;

use crate::check::Checker;
use crate::error::{Error, Result};
use crate::export::profile;
use crate::model::Dataset;
use crate::progress::Progress;
use crate::source::Folder;
use crate::source::csv::TableReader;
use mapping::Mapper;
use oxigraph::io::RdfFormat;
use oxigraph::model::Quad;
use oxigraph::store::Store;

/// Where quads go, in batches (any order; duplicates possible on the TOML path, which
/// sorts and dedups before writing).
pub trait Sink {
    fn push(&mut self, batch: Vec<Quad>) -> Result<()>;

    /// The line-based format (N-Triples or N-Quads) in which this sink also takes batches
    /// already written ([`Sink::push_text`]): the mapping workers then serialise their
    /// chunks in parallel, and the sink only writes bytes. `None`: quads only.
    fn text_format(&self) -> Option<RdfFormat> {
        None
    }

    /// A batch of `quads` quads serialised in [`Sink::text_format`]; the lines are the ones
    /// oxigraph's serializer writes for them, so text and quad batches mix in one output.
    fn push_text(&mut self, _text: Vec<u8>, _quads: u64) -> Result<()> {
        Err(Error::Internal(
            "a text batch reached a sink that takes quads only".into(),
        ))
    }
}

/// A batch on its way to a sink: quads, or quads already serialised ([`Sink::push_text`]).
pub enum Batch {
    Quads(Vec<Quad>),
    Text(Vec<u8>, u64),
}

impl Batch {
    /// Hands the batch to `sink`.
    pub fn into_sink(self, sink: &mut dyn Sink) -> Result<()> {
        match self {
            Batch::Quads(quads) => sink.push(quads),
            Batch::Text(text, quads) => sink.push_text(text, quads),
        }
    }
}

impl Sink for Vec<Quad> {
    fn push(&mut self, mut batch: Vec<Quad>) -> Result<()> {
        self.append(&mut batch);
        Ok(())
    }
}

/// A sink on the other end of a channel: the consumer runs on another thread, and takes
/// text in `text` (its own [`Sink::text_format`]).
pub struct Channel {
    tx: std::sync::mpsc::SyncSender<Batch>,
    text: Option<RdfFormat>,
}

impl Sink for Channel {
    fn push(&mut self, batch: Vec<Quad>) -> Result<()> {
        self.tx
            .send(Batch::Quads(batch))
            .map_err(|_| Error::SinkClosed)
    }

    fn text_format(&self) -> Option<RdfFormat> {
        self.text
    }

    fn push_text(&mut self, text: Vec<u8>, quads: u64) -> Result<()> {
        self.tx
            .send(Batch::Text(text, quads))
            .map_err(|_| Error::SinkClosed)
    }
}

/// Runs `fill` with a sink whose batches `consume` receives on a second thread (mapping
/// and writing overlap on two cores). The consumer's error comes first: the producer then
/// only saw the channel close.
pub fn on_second_thread<T: Send>(
    consume: impl FnOnce(&mut dyn Iterator<Item = Vec<Quad>>) -> Result<T> + Send,
    fill: impl FnOnce(&mut dyn Sink) -> Result<()>,
) -> Result<T> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(8);
    std::thread::scope(|scope| {
        let consumer = scope.spawn(move || {
            // the channel takes no text (`text: None`), so every batch is quads
            consume(&mut rx.into_iter().filter_map(|batch| match batch {
                Batch::Quads(quads) => Some(quads),
                Batch::Text(..) => None,
            }))
        });
        let filled = fill(&mut Channel { tx, text: None });
        let value = consumer.join().map_err(|_| Error::ThreadPanicked)??;
        filled?;
        Ok(value)
    })
}

/// Runs `fill` on a second thread and hands its batches to `sink` on this one (for a
/// writer that cannot leave this thread, such as standard output). The sink's error comes
/// first: the producer then only saw the channel close.
pub fn from_second_thread<T: Send>(
    fill: impl FnOnce(&mut dyn Sink) -> Result<T> + Send,
    sink: &mut dyn Sink,
) -> Result<T> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(8);
    let text = sink.text_format();
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || fill(&mut Channel { tx, text }));
        let mut consumed = Ok(());
        for batch in rx.iter() {
            consumed = batch.into_sink(sink);
            if consumed.is_err() {
                break;
            }
        }
        drop(rx);
        let produced = producer.join().map_err(|_| Error::ThreadPanicked)?;
        consumed?;
        produced
    })
}

/// What [`stream`] read.
#[derive(Debug, Clone, Default)]
pub struct Streamed {
    pub rows: u64,
    pub quads: u64,
}

/// Checks and maps every record of `folder` — its TOML records, then the rows of its
/// tables, then the meta graph — into `sink`. The first bad record stops the stream with
/// an error naming its file, line, record and field.
pub fn stream(
    folder: &Folder,
    sink: &mut dyn Sink,
    progress: &mut dyn Progress,
) -> Result<Streamed> {
    stream_shard(folder, Shard::WHOLE, sink, progress)
}

/// One of N stable partitions of a dataset's records (`mura export --shard I/N`): a record
/// belongs to shard `fnv1a64("{kind}/{id}") % count`. FNV-1a is fixed by its definition
/// (std's hasher is randomised per process and may change between releases), so the same
/// record lands in the same shard on every machine and every run.
///
/// Every shard reads and declares all records (references resolve across shards; a
/// duplicate id is still found) but checks and maps only its own; the countries CSV rows
/// introduce and the meta graph's description of the sources used go into every shard
/// that meets them, so parts may repeat those quads: the union of the N parts, as a set,
/// is exactly the unsharded stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 0-based here; `--shard I/N` counts from 1.
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// The whole dataset (one part).
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Parses `I/N` (1 ≤ I ≤ N).
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = || {
            Error::Usage(format!(
                "--shard `{text}`: write I/N with 1 <= I <= N, e.g. --shard 3/8"
            ))
        };
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (i, n): (u64, u64) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if i == 0 || n == 0 || i > n {
            return Err(bad());
        }
        Ok(Shard {
            index: i - 1,
            count: n,
        })
    }

    /// Whether the record `kind`/`id` belongs to this shard.
    pub fn holds(&self, kind: crate::model::Kind, id: &str) -> bool {
        if self.count <= 1 {
            return true;
        }
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in kind.key().bytes().chain([b'/']).chain(id.bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash % self.count == self.index
    }
}

/// [`stream`] of one shard's records only. Records are read, declared and checked on this
/// thread, in order, and mapped on [`parallel::map_threads`] workers (see [`parallel`]).
pub fn stream_shard(
    folder: &Folder,
    shard: Shard,
    sink: &mut dyn Sink,
    progress: &mut dyn Progress,
) -> Result<Streamed> {
    let ds = &folder.dataset;
    std::thread::scope(|scope| {
        let pool = parallel::Pool::start(scope, ds, parallel::map_threads(), sink.text_format());
        read_checked(folder, shard, pool, sink, progress)
    })
}

/// The reading side of [`stream_shard`]: every record checked, in order, into `pool`.
fn read_checked(
    folder: &Folder,
    shard: Shard,
    mut pool: parallel::Pool<'_>,
    sink: &mut dyn Sink,
    progress: &mut dyn Progress,
) -> Result<Streamed> {
    let ds = &folder.dataset;
    let mut checker = Checker::new(ds);
    let mut mapper = Mapper::new(ds);
    let mut done = Streamed::default();
    let mut bytes = 0u64;
    for located in &ds.records {
        checker.declare(located)?;
    }
    for located in &ds.records {
        if !shard.holds(located.record.kind(), located.record.id()) {
            continue;
        }
        let checked = checker.check(located)?;
        pool.add(located.record.clone(), checked, 0, sink)?;
        done.rows += 1;
    }
    for (table, path) in &folder.tables {
        let mut reader = TableReader::open(table, path, ds)?;
        let mut position = 0;
        while let Some(row) = reader.next_row(ds)? {
            if let Some(country) = row.country {
                let place = &country.record;
                if !checker.knows(place.kind(), place.id()) {
                    checker.declare(&country)?;
                    let checked = checker.check(&country)?;
                    pool.add(country.record, checked, bytes + position, sink)?;
                }
            }
            checker.declare(&row.located)?;
            position = reader.position();
            if !shard.holds(row.located.record.kind(), row.located.record.id()) {
                continue;
            }
            let checked = checker.check(&row.located)?;
            done.rows += 1;
            if pool.add(row.located.record, checked, bytes + position, sink)? {
                progress.update(bytes + position, done.rows, pool.quads);
            }
        }
        bytes += position;
    }
    done.quads = pool.finish(&mut mapper, sink)?;
    let mut meta = Vec::new();
    mapper.meta(&mut meta);
    done.quads += meta.len() as u64;
    sink.push(meta)?;
    progress.update(folder.table_bytes, done.rows, done.quads);
    Ok(done)
}

/// The dataset description (the `void` export profile: statistics, vocabularies,
/// sources, Wikidata linkset) of the graph in `store`, as quads of the meta graph. The
/// profile is `./ontology/profiles/void` when the working directory has one, else the
/// shipped one (a folder with its own `ontology/` but no profiles still builds).
pub fn describe(store: &Store, ds: &Dataset) -> Result<Vec<Quad>> {
    let mut profiles = profile::Profiles::choose(None);
    if !profiles.names()?.iter().any(|n| n == "void") {
        profiles = profile::Profiles::Shipped;
    }
    let void = profiles.load("void")?;
    let meta = meta_graph_iri(&ds.info.base);
    Ok(profile::run(store, &void)?
        .into_iter()
        .map(|q| Quad::new(q.subject, q.predicate, q.object, meta.clone()))
        .collect())
}
