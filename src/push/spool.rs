//! The graph to push, one N-Triples file per named graph in a private temporary folder:
//! quads stream in from the pipeline (a dataset folder, a store, N-Quads part files) as a
//! [`crate::graph::Sink`], are deduplicated by a 64-bit hash of the quad (the parts of a
//! sharded build repeat the meta graph; the TOML path may repeat a quad) and appended to
//! their graph's file. Memory holds the hashes only (8 bytes a quad); the triples are on
//! disk, read back chunk by chunk for upload. The folder is removed when the spool drops.

use super::error::PushError;
use crate::graph::Sink;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Quad};
use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// One graph's spooled triples.
pub struct GraphFile {
    pub path: PathBuf,
    pub triples: u64,
    writer: Option<oxigraph::io::WriterQuadSerializer<BufWriter<File>>>,
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
pub struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Hashes of quads.
pub type Hashes = HashSet<u64, BuildHasherDefault<Identity>>;

/// The 64-bit hash of a quad (std's hasher with its fixed default keys: the same within a
/// run, which is all the spool and `--check` need; nothing stores it).
pub fn quad_hash(quad: &Quad) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    quad.hash(&mut h);
    h.finish()
}

/// The spooled graph.
pub struct Spool {
    dir: PathBuf,
    pub graphs: BTreeMap<String, GraphFile>,
    pub hashes: Hashes,
    /// Quads of the default graph (not pushed: mura's graphs are all named).
    pub default_graph: u64,
    /// Quads seen twice.
    pub duplicates: u64,
    /// Only these graph IRIs (empty: every graph).
    wanted: Vec<String>,
}

impl Spool {
    /// A spool in a new folder under `parent` (the system's temporary folder by default).
    pub fn new(parent: Option<&Path>, run: &str, wanted: Vec<String>) -> Result<Spool, PushError> {
        let parent = parent
            .map(Path::to_path_buf)
            .unwrap_or_else(std::env::temp_dir);
        let dir = parent.join(format!("mura-push-{run}"));
        std::fs::create_dir_all(&dir)
            .map_err(|e| PushError::io("create the spool folder", &dir, e))?;
        Ok(Spool {
            dir,
            graphs: BTreeMap::new(),
            hashes: Hashes::default(),
            default_graph: 0,
            duplicates: 0,
            wanted,
        })
    }

    /// Adds one quad (skipped when seen before, in the default graph, or not wanted).
    pub fn add(&mut self, quad: &Quad) -> Result<(), PushError> {
        let GraphName::NamedNode(g) = &quad.graph_name else {
            self.default_graph += 1;
            return Ok(());
        };
        if !self.wanted.is_empty() && !self.wanted.iter().any(|w| w == g.as_str()) {
            return Ok(());
        }
        if !self.hashes.insert(quad_hash(quad)) {
            self.duplicates += 1;
            return Ok(());
        }
        if !self.graphs.contains_key(g.as_str()) {
            let path = self.dir.join(format!("{}.nt", self.graphs.len()));
            let file = File::create(&path)
                .map_err(|e| PushError::io("create the spool file", &path, e))?;
            let writer = RdfSerializer::from_format(RdfFormat::NTriples)
                .for_writer(BufWriter::with_capacity(1 << 20, file));
            self.graphs.insert(
                g.as_str().to_owned(),
                GraphFile {
                    path,
                    triples: 0,
                    writer: Some(writer),
                },
            );
        }
        let file = self.graphs.get_mut(g.as_str()).expect("inserted above");
        let writer = file
            .writer
            .as_mut()
            .expect("spool files are open until finish");
        writer
            .serialize_triple(quad.as_ref())
            .map_err(|e| PushError::io("write the spool file", &file.path, e))?;
        file.triples += 1;
        Ok(())
    }

    /// Flushes and closes every file.
    pub fn finish(&mut self) -> Result<(), PushError> {
        for file in self.graphs.values_mut() {
            if let Some(writer) = file.writer.take() {
                writer
                    .finish()
                    .and_then(|mut w| w.flush())
                    .map_err(|e| PushError::io("write the spool file", &file.path, e))?;
            }
        }
        Ok(())
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Sink for Spool {
    fn push(&mut self, batch: Vec<Quad>) -> crate::Result<()> {
        for q in &batch {
            self.add(q)
                .map_err(|e| crate::Error::Internal(format!("spooling the graph: {e}")))?;
        }
        Ok(())
    }
}
