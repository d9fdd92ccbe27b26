//! Deterministic export at scale: an external sort. Quads are written as sort-key lines into
//! sorted runs (temporary files, each at most [`RUN_BYTES`] of text), then the runs are
//! merged (k-way, duplicates dropped) into N-Quads that a second thread parses and hands to
//! oxigraph's serializer. The order is exactly the one of [`crate::graph::mapping::sort_quads`]
//! (graph, subject, `rdf:type` first, predicate, object, by their N-Triples forms), so a big
//! export is byte-identical to the in-memory one; memory stays at about one run.
//!
//! A key line is `graph \x01 subject \x01 (0|1)predicate \x01 object`: the N-Triples forms
//! never hold control characters (oxrdf escapes them), so comparing lines compares the
//! tuples.

use crate::error::{Error, Result};
use crate::export::{Prefixes, line};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::vocab::rdf;
use oxigraph::model::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;

/// Text per sorted run (the in-memory part of the sort).
pub const RUN_BYTES: usize = 128 << 20;

/// An external sorter of quads for one output format.
pub struct Sorter {
    dataset: bool,
    dir: Option<TempDir>,
    runs: Vec<PathBuf>,
    lines: Vec<Vec<u8>>,
    bytes: usize,
    run_bytes: usize,
    prefixes: Prefixes,
    /// The run being sorted and written in the background.
    pending: Option<std::thread::JoinHandle<Result<()>>>,
    /// Quads pushed (before duplicates are dropped).
    pub pushed: u64,
}

/// A temporary directory removed on drop.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn io(path: &std::path::Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

impl Sorter {
    /// A sorter for `format` (graph formats merge the named graphs) under `base` (prefixes).
    pub fn new(format: RdfFormat, base: &str) -> Self {
        Self::with_run_bytes(format, base, RUN_BYTES)
    }

    /// As [`Sorter::new`] with another run size (tests use tiny runs to exercise merging).
    pub fn with_run_bytes(format: RdfFormat, base: &str, run_bytes: usize) -> Self {
        Self {
            dataset: format.supports_datasets(),
            dir: None,
            runs: Vec::new(),
            lines: Vec::new(),
            bytes: 0,
            run_bytes,
            prefixes: Prefixes::new(base),
            pending: None,
            pushed: 0,
        }
    }

    /// Adds one quad.
    pub fn push(&mut self, quad: &Quad) -> Result<()> {
        self.pushed += 1;
        let mut line = Vec::with_capacity(160);
        self.prefixes.add_quad(quad.as_ref(), self.dataset);
        if let (GraphName::NamedNode(g), true) = (&quad.graph_name, self.dataset) {
            line::iri(g.as_str(), &mut line);
        }
        line.push(1);
        line::subject(quad.subject.as_ref(), &mut line);
        line.push(1);
        line.push(if quad.predicate == rdf::TYPE {
            b'0'
        } else {
            b'1'
        });
        line::iri(quad.predicate.as_str(), &mut line);
        line.push(1);
        line::term(quad.object.as_ref(), &mut line);
        self.bytes += line.len() + 32;
        self.lines.push(line);
        if self.bytes >= self.run_bytes {
            self.spill()?;
        }
        Ok(())
    }

    /// Hands the lines to a background thread that sorts them and writes one run (while
    /// this thread reads on); at most one run is in flight, so memory stays at two runs.
    fn spill(&mut self) -> Result<()> {
        let lines = std::mem::take(&mut self.lines);
        self.bytes = 0;
        self.wait()?;
        if self.dir.is_none() {
            let dir = std::env::temp_dir().join(format!(
                "mura-sort-{}-{:x}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
            ));
            std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
            self.dir = Some(TempDir(dir));
        }
        let dir = &self.dir.as_ref().expect("created above").0;
        let path = dir.join(format!("run-{}", self.runs.len()));
        self.runs.push(path.clone());
        self.pending = Some(std::thread::spawn(move || write_run(lines, &path)));
        Ok(())
    }

    /// Waits for the run in flight.
    fn wait(&mut self) -> Result<()> {
        if let Some(pending) = self.pending.take() {
            pending.join().map_err(|_| Error::ThreadPanicked)??;
        }
        Ok(())
    }

    /// Writes the sorted quads in `format` to `out`; returns the quads written.
    pub fn finish(mut self, format: RdfFormat, out: impl Write) -> Result<u64> {
        let prefixes = std::mem::replace(&mut self.prefixes, Prefixes::new("")).finish();
        let mut serializer = RdfSerializer::from_format(format);
        if matches!(
            format,
            RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml | RdfFormat::N3
        ) {
            for (prefix, ns) in prefixes {
                serializer = serializer
                    .with_prefix(prefix, ns)
                    .map_err(|e| Error::Internal(format!("invalid prefix IRI: {e}")))?;
            }
        }
        let mut writer = serializer.for_writer(BufWriter::with_capacity(1 << 20, out));
        let mut written = 0u64;
        if self.runs.is_empty() {
            // everything fits in memory: sort and serialise directly
            let mut lines = std::mem::take(&mut self.lines);
            lines.sort_unstable();
            lines.dedup();
            let mut text = Vec::with_capacity(self.bytes);
            for line in &lines {
                to_nquad(line, &mut text);
            }
            drop(lines);
            for quad in RdfParser::from_format(RdfFormat::NQuads).for_slice(&text) {
                let quad = quad.map_err(|e| Error::Parse {
                    origin: "sorted quads".into(),
                    source: e.into(),
                })?;
                writer.serialize_quad(&quad).map_err(Error::Serialize)?;
                written += 1;
            }
        } else {
            if !self.lines.is_empty() {
                self.spill()?;
            }
            self.wait()?;
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(16);
            let (reader, pipe) = (
                ChunkReader {
                    rx,
                    chunk: Vec::new(),
                    at: 0,
                },
                ChunkWriter {
                    tx,
                    buf: Vec::with_capacity(CHUNK),
                },
            );
            let runs = std::mem::take(&mut self.runs);
            let merged = std::thread::scope(|scope| -> Result<u64> {
                let merger = scope.spawn(move || merge(&runs, pipe));
                let mut n = 0u64;
                let parser = RdfParser::from_format(RdfFormat::NQuads)
                    .for_reader(BufReader::with_capacity(1 << 20, reader));
                for quad in parser {
                    let quad = quad.map_err(|e| Error::Parse {
                        origin: "sorted runs".into(),
                        source: e,
                    })?;
                    writer.serialize_quad(&quad).map_err(Error::Serialize)?;
                    n += 1;
                }
                merger.join().map_err(|_| Error::ThreadPanicked)??;
                Ok(n)
            })?;
            written = merged;
        }
        writer
            .finish()
            .map_err(Error::Serialize)?
            .flush()
            .map_err(Error::Serialize)?;
        Ok(written)
    }
}

const CHUNK: usize = 256 << 10;

/// The merge thread's end of the hand-over: text in chunks over a bounded channel.
struct ChunkWriter {
    tx: std::sync::mpsc::SyncSender<Vec<u8>>,
    buf: Vec<u8>,
}

impl Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx
            .send(chunk)
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "reader stopped"))
    }
}

/// The parsing thread's end: reads the chunks in order; the end of the channel is EOF.
struct ChunkReader {
    rx: std::sync::mpsc::Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    at: usize,
}

impl std::io::Read for ChunkReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at >= self.chunk.len() {
            match self.rx.recv() {
                Ok(chunk) => {
                    self.chunk = chunk;
                    self.at = 0;
                }
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.chunk.len() - self.at);
        out[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Sorts `lines`, drops duplicates and writes them to `path`, one per line.
fn write_run(mut lines: Vec<Vec<u8>>, path: &std::path::Path) -> Result<()> {
    lines.sort_unstable();
    lines.dedup();
    let file = File::create(path).map_err(|e| io(path, e))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    for line in &lines {
        w.write_all(line).map_err(|e| io(path, e))?;
        w.write_all(b"\n").map_err(|e| io(path, e))?;
    }
    w.flush().map_err(|e| io(path, e))?;
    Ok(())
}

/// A key line back to an N-Quads line.
fn to_nquad(line: &[u8], out: &mut Vec<u8>) {
    let mut parts = line.splitn(4, |&b| b == 1);
    let g = parts.next().unwrap_or_default();
    let s = parts.next().unwrap_or_default();
    let p = parts.next().map_or(&[][..], |p| &p[1..]);
    let o = parts.next().unwrap_or_default();
    for (i, part) in [s, p, o].into_iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(part);
    }
    if !g.is_empty() {
        out.push(b' ');
        out.extend_from_slice(g);
    }
    out.extend_from_slice(b" .\n");
}

/// k-way merge of the sorted runs into N-Quads on `out`, dropping duplicate lines.
fn merge(runs: &[PathBuf], out: impl Write) -> Result<()> {
    let mut readers = Vec::with_capacity(runs.len());
    for path in runs {
        let file = File::open(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        readers.push(BufReader::with_capacity(256 << 10, file));
    }
    let read_line = |r: &mut BufReader<File>, path: &PathBuf| -> Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let n = r
            .read_until(b'\n', &mut line)
            .map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
        if n == 0 {
            return Ok(None);
        }
        line.pop();
        Ok(Some(line))
    };
    let mut heap = BinaryHeap::new();
    for (i, r) in readers.iter_mut().enumerate() {
        if let Some(line) = read_line(r, &runs[i])? {
            heap.push(Reverse((line, i)));
        }
    }
    let mut out = out;
    let mut last: Option<Vec<u8>> = None;
    let mut nquad = Vec::new();
    while let Some(Reverse((line, i))) = heap.pop() {
        if let Some(next) = read_line(&mut readers[i], &runs[i])? {
            heap.push(Reverse((next, i)));
        }
        if last.as_deref() == Some(line.as_slice()) {
            continue;
        }
        nquad.clear();
        to_nquad(&line, &mut nquad);
        if out.write_all(&nquad).is_err() {
            // the reader stopped (its own error is reported)
            return Ok(());
        }
        last = Some(line);
    }
    let _ = out.flush();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The external sort (forced to many small runs, and in one run) writes exactly the
    /// bytes of the in-memory export, in every format.
    #[test]
    fn same_bytes_as_the_in_memory_export() {
        let quads = crate::mapped_quads(&crate::Input {
            data: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("data")),
            ..crate::Input::default()
        })
        .unwrap();
        for format in [
            RdfFormat::Turtle,
            RdfFormat::TriG,
            RdfFormat::NTriples,
            RdfFormat::NQuads,
        ] {
            let mut expected = Vec::new();
            crate::export::write_quads(
                quads.clone(),
                format,
                "https://w3id.org/mura/id/",
                &mut expected,
            )
            .unwrap();
            for run_bytes in [4 << 10, RUN_BYTES] {
                let mut sorter =
                    Sorter::with_run_bytes(format, "https://w3id.org/mura/id/", run_bytes);
                // reversed, and every quad twice: order and duplicates must not matter
                for q in quads.iter().rev().chain(quads.iter()) {
                    sorter.push(q).unwrap();
                }
                let runs_used = run_bytes < RUN_BYTES;
                assert_eq!(sorter.runs.is_empty(), !runs_used || quads.len() < 10);
                let mut got = Vec::new();
                sorter.finish(format, &mut got).unwrap();
                assert!(
                    expected == got,
                    "{format} with runs of {run_bytes} bytes differs:\n{}",
                    String::from_utf8_lossy(&got)
                );
            }
        }
    }
}
