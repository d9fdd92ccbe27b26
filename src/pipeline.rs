//! The streaming paths for big inputs: CSV tables ([`crate::bulk`]) → oxigraph's bulk
//! loader (on disk or in memory), CSV tables → an RDF file with no store, and a store →
//! sorted RDF through the external sort ([`crate::extsort`]).
//!
//! Threads: the rows are read, checked and mapped on one thread and handed over a bounded
//! channel to the loader, which fills its batches on a second thread and writes each batch
//! with one worker of its own (`with_num_threads(1)`), so the two cores of the reference
//! machine are both busy and not oversubscribed. Memory: the channel holds a few batches,
//! the loader one batch of [`LOADER_MEMORY_MB`]; the rows are never held, only their ids.

use crate::bulk::{self, Bulk, Counts, Sink};
use crate::error::{Error, Result};
use crate::extsort::Sorter;
use crate::progress::Progress;
use crate::store::{self, Summary};
use crate::vocab;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::rdf;
use oxigraph::model::*;
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::mpsc::sync_channel;

/// The bulk loader's memory budget (its batch size follows from it).
pub const LOADER_MEMORY_MB: usize = 300;

/// The note printed instead of SHACL validation on bulk builds.
pub const NO_SHACL: &str = "SHACL shapes are not checked on CSV tables (validating millions of rows in one graph needs gigabytes); every row passed the record checks";

/// What a bulk build did.
pub struct BulkReport {
    pub counts: Counts,
    pub summary: Summary,
    pub seconds: f64,
    pub target: String,
    pub base: String,
}

/// Counts entities per primary `mura:` class and quads per graph as quads stream by.
#[derive(Default)]
struct Tally {
    graphs: Vec<(GraphName, u64)>,
    classes: Vec<(NamedNode, u64)>,
    quads: u64,
}

impl Tally {
    fn add(&mut self, q: &Quad) {
        self.quads += 1;
        match self.graphs.iter_mut().find(|(g, _)| *g == q.graph_name) {
            Some((_, n)) => *n += 1,
            None => self.graphs.push((q.graph_name.clone(), 1)),
        }
        if q.predicate == rdf::TYPE {
            if let Term::NamedNode(class) = &q.object {
                let local = class.as_str().strip_prefix(vocab::MURA);
                if local.is_some_and(|l| !matches!(l, "Source" | "Paragraph" | "SourceGraph")) {
                    match self.classes.iter_mut().find(|(c, _)| c == class) {
                        Some((_, n)) => *n += 1,
                        None => self.classes.push((class.clone(), 1)),
                    }
                }
            }
        }
    }

    fn summary(self) -> Summary {
        let key = |g: &GraphName| match g {
            GraphName::NamedNode(n) => n.as_str().to_owned(),
            GraphName::DefaultGraph => "(default graph)".to_owned(),
            GraphName::BlankNode(b) => b.to_string(),
        };
        Summary {
            classes: self
                .classes
                .into_iter()
                .map(|(c, n)| (c.as_str().to_owned(), n))
                .collect::<BTreeMap<_, _>>(),
            graphs: self.graphs.iter().map(|(g, n)| (key(g), *n)).collect(),
            quads: self.quads,
        }
    }
}

/// Streams the tables of `data` into `store` with the bulk loader (parse and map here,
/// load on the loader's threads); the tally of what went in.
fn load_into(store: &Store, bulk: &Bulk, progress: &mut Progress) -> Result<(Counts, Tally)> {
    let (tx, rx) = sync_channel::<Vec<Quad>>(4);
    std::thread::scope(|scope| {
        let loader = scope.spawn(move || -> Result<()> {
            let mut loader = store
                .bulk_loader()
                .with_num_threads(1)
                .with_max_memory_size_in_megabytes(LOADER_MEMORY_MB);
            loader.load_quads(rx.into_iter().flatten())?;
            loader.commit()?;
            Ok(())
        });
        let mut tally = Tally::default();
        let mut emit = |batch: Vec<Quad>| -> Result<()> {
            for q in &batch {
                tally.add(q);
            }
            tx.send(batch)
                .map_err(|_| Error::Usage("the store loader stopped".into()))
        };
        let mut report = |c: &Counts| progress.update(c.bytes, c.rows, c.quads);
        let streamed = bulk::stream(
            bulk,
            Sink {
                emit: &mut emit,
                progress: &mut report,
            },
        );
        drop(tx);
        let loaded = loader
            .join()
            .map_err(|_| Error::Usage("the store loader thread failed".into()))?;
        // a bad row is the error to report (the loader then saw a short stream)
        let counts = streamed?;
        loaded?;
        Ok((counts, tally))
    })
}

/// Builds the graph of a folder of CSV tables: into an on-disk store at `store_dir`, else
/// in memory (a check). Nothing is written when a row is bad.
pub fn build(
    data: &Path,
    base: Option<&str>,
    store_dir: Option<&Path>,
    quiet: bool,
) -> Result<BulkReport> {
    let bulk = bulk::open(data, base)?;
    let mut progress = Progress::new("build", bulk.bytes, quiet);
    progress.note(NO_SHACL);
    let (counts, tally, target) = match store_dir {
        Some(dir) => {
            let (counts, tally) =
                store::build_on_disk_with(dir, |store| load_into(store, &bulk, &mut progress))?;
            (counts, tally, format!("store {}", dir.display()))
        }
        None => {
            let store = Store::new()?;
            let (counts, tally) = load_into(&store, &bulk, &mut progress)?;
            (
                counts,
                tally,
                "memory (use --store DIR to keep it)".to_owned(),
            )
        }
    };
    progress.finish(counts.rows, counts.quads);
    Ok(BulkReport {
        seconds: progress.seconds(),
        counts,
        summary: tally.summary(),
        target,
        base: bulk.dataset.info.base.clone(),
    })
}

/// The graph of a folder of CSV tables in a new in-memory store (for queries).
pub fn memory_store(data: &Path, base: Option<&str>) -> Result<(Store, String)> {
    let bulk = bulk::open(data, base)?;
    let mut progress = Progress::new("load", bulk.bytes, true);
    let store = Store::new()?;
    load_into(&store, &bulk, &mut progress)?;
    Ok((store, bulk.dataset.info.base.clone()))
}

/// Runs [`bulk::stream`] on a second thread and hands its batches to `consume` on this one
/// (mapping and writing overlap on two cores). A bad row ends the stream with its error.
fn produce(
    bulk: &Bulk,
    progress: &mut Progress,
    mut consume: impl FnMut(Vec<Quad>) -> Result<()>,
) -> Result<Counts> {
    let (tx, rx) = sync_channel::<Vec<Quad>>(8);
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            let mut emit = |batch: Vec<Quad>| -> Result<()> {
                tx.send(batch)
                    .map_err(|_| Error::Usage("the writer stopped".into()))
            };
            let mut report = |c: &Counts| progress.update(c.bytes, c.rows, c.quads);
            bulk::stream(
                bulk,
                Sink {
                    emit: &mut emit,
                    progress: &mut report,
                },
            )
        });
        let mut consumed = Ok(());
        for batch in rx.iter() {
            consumed = consume(batch);
            if consumed.is_err() {
                break;
            }
        }
        drop(rx);
        let produced = producer
            .join()
            .map_err(|_| Error::Usage("the reading thread failed".into()))?;
        // the writer's error first (the reader then only saw the channel close)
        consumed?;
        produced
    })
}

/// Exports a folder of CSV tables with no store: N-Triples and N-Quads stream straight
/// from the rows to the writer (in row order, which is deterministic); the other formats go
/// through the external sort, so they come out sorted and pretty like every export.
pub fn export_tables(
    data: &Path,
    base: Option<&str>,
    format: RdfFormat,
    out: &mut dyn Write,
    quiet: bool,
) -> Result<()> {
    let bulk = bulk::open(data, base)?;
    let mut progress = Progress::new("export", bulk.bytes, quiet);
    progress.note(NO_SHACL);
    let counts = if matches!(format, RdfFormat::NTriples | RdfFormat::NQuads) {
        let mut writer =
            RdfSerializer::from_format(format).for_writer(BufWriter::with_capacity(1 << 20, out));
        let graph_only = !format.supports_datasets();
        let counts = produce(&bulk, &mut progress, |batch| {
            for q in &batch {
                if graph_only {
                    writer
                        .serialize_triple(q.as_ref())
                        .map_err(Error::Serialize)?;
                } else {
                    writer.serialize_quad(q).map_err(Error::Serialize)?;
                }
            }
            Ok(())
        })?;
        writer
            .finish()
            .map_err(Error::Serialize)?
            .flush()
            .map_err(Error::Serialize)?;
        counts
    } else {
        let mut sorter = Sorter::new(format, &bulk.dataset.info.base);
        let counts = produce(&bulk, &mut progress, |batch| {
            for q in &batch {
                sorter.push(q)?;
            }
            Ok(())
        })?;
        progress.note("sorting");
        sorter.finish(format, out)?;
        counts
    };
    progress.finish(counts.rows, counts.quads);
    Ok(())
}

/// Exports quads of `store` (all, or one graph) sorted through the external sort.
pub fn export_store(
    store: &Store,
    graph: Option<&NamedNode>,
    base: &str,
    format: RdfFormat,
    out: &mut dyn Write,
    quiet: bool,
) -> Result<()> {
    let mut progress = Progress::new("export", 0, quiet);
    let mut sorter = Sorter::new(format, base);
    let quads = store.quads_for_pattern(None, None, None, graph.map(|g| g.as_ref().into()));
    for (i, quad) in quads.enumerate() {
        sorter.push(&quad?)?;
        if i % 65_536 == 0 {
            progress.update(0, i as u64, i as u64);
        }
    }
    let pushed = sorter.pushed;
    let written = sorter.finish(format, out)?;
    progress.finish(pushed, written);
    Ok(())
}
