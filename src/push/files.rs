//! The files a store's own bulk loader reads, for graphs too big for HTTP or stores mura
//! cannot reach:
//!
//! - Virtuoso (`--dialect virtuoso --bulk-dir DIR`): per graph `NN-name.nt.gz` with its
//!   sidecar `NN-name.nt.graph` (the graph IRI; `ld_dir` drops the `.gz` when it looks for
//!   the sidecar, measured on 7.2.5), and the `isql-vt` command that clears each graph,
//!   forgets earlier loads of the folder (`DB.DBA.load_list` remembers loaded files), and
//!   loads it (`ld_dir`, `rdf_loader_run`, `checkpoint`). The folder must be in the server's `DirsAllowed`. The loader is not
//!   atomic: readers see a graph fill up; `mura push` over HTTP is.
//! - Amazon Neptune (`--dialect neptune-files --bulk-dir DIR`): per graph `NN-name.nq`
//!   (N-Quads: Neptune's loader takes the graph from the quad) and `loader-request.json`,
//!   the body of `POST https://ENDPOINT:8182/loader` once the folder is in S3.
//!
//! The `.gz` files are gzip with stored (uncompressed) deflate blocks: valid for every gzip
//! reader and Virtuoso's loader, written without a compressor in the tree.
//! Every file goes through the one atomic writer.

use super::{Action, Options, PushError, Report, graph_file_name, graph_report, open_spooled};
use super::{Dialect, spool::Spool};
use std::io::{BufRead, Write};
use std::path::Path;

/// Writes the loader files of `spool` into `dir` and fills `report`.
pub fn write(
    spool: &Spool,
    options: &Options,
    dir: &Path,
    report: &mut Report,
) -> Result<(), PushError> {
    std::fs::create_dir_all(dir).map_err(|e| PushError::io("create the folder", dir, e))?;
    let dir = dir
        .canonicalize()
        .map_err(|e| PushError::io("find the folder", dir, e))?;
    let mut clear = String::new();
    for (i, (graph, file)) in spool.graphs.iter().enumerate() {
        let name = graph_file_name(graph, i + 1);
        let mut lines = open_spooled(file)?;
        match options.dialect {
            Dialect::NeptuneFiles => {
                let path = dir.join(format!("{name}.nq"));
                crate::export::atomic::write_file(&path, |out| {
                    let mut line = Vec::new();
                    loop {
                        line.clear();
                        if lines.read_until(b'\n', &mut line).map_err(io_error)? == 0 {
                            return Ok(());
                        }
                        // `s p o .` → `s p o <g> .`
                        let body = line.trim_ascii_end();
                        let body = body.strip_suffix(b".").unwrap_or(body).trim_ascii_end();
                        out.write_all(body).map_err(io_error)?;
                        writeln!(out, " <{graph}> .").map_err(io_error)?;
                    }
                })?;
                report.files.push(path);
            }
            _ => {
                let path = dir.join(format!("{name}.nt.gz"));
                crate::export::atomic::write_file(&path, |out| {
                    let mut gz = StoredGzip::new(out).map_err(io_error)?;
                    std::io::copy(&mut lines, &mut gz).map_err(io_error)?;
                    gz.finish().map_err(io_error)
                })?;
                let sidecar = dir.join(format!("{name}.nt.graph"));
                crate::export::atomic::write_bytes(&sidecar, graph.as_bytes())?;
                clear.push_str(&format!("SPARQL CLEAR GRAPH <{graph}>; "));
                report.files.push(path);
                report.files.push(sidecar);
            }
        }
        report
            .graphs
            .push(graph_report(graph, file.triples, Action::Written));
    }
    match options.dialect {
        Dialect::NeptuneFiles => {
            let request = serde_json::json!({
                "source": options.neptune_source.clone().unwrap_or_else(|| "s3://BUCKET/PREFIX/".into()),
                "format": "nquads",
                "iamRoleArn": options.neptune_role.clone().unwrap_or_else(|| "arn:aws:iam::ACCOUNT:role/NeptuneLoadFromS3".into()),
                "region": options.neptune_region.clone().unwrap_or_else(|| "REGION".into()),
                "failOnError": "TRUE",
                "parallelism": "MEDIUM",
                "queueRequest": "TRUE",
            });
            let path = dir.join("loader-request.json");
            let mut text = serde_json::to_string_pretty(&request)
                .map_err(|e| crate::Error::Internal(e.to_string()))?;
            text.push('\n');
            crate::export::atomic::write_bytes(&path, text.as_bytes())?;
            report.files.push(path.clone());
            report.command = Some(format!(
                "aws s3 cp --recursive {} {} && curl -X POST -H 'Content-Type: application/json' {}/loader -d @{}",
                dir.display(),
                options
                    .neptune_source
                    .as_deref()
                    .unwrap_or("s3://BUCKET/PREFIX/"),
                if options.url.is_empty() {
                    "https://ENDPOINT:8182"
                } else {
                    options.url.trim_end_matches('/')
                },
                path.display()
            ));
        }
        _ => {
            // 1111: the server's ISQL port ([Parameters] ServerPort), not its HTTP port
            report.command = Some(format!(
                "isql-vt 1111 dba \"$VIRTUOSO_PASSWORD\" exec=\"{clear}DELETE FROM DB.DBA.load_list WHERE ll_file LIKE '{0}/%'; ld_dir('{0}', '*.nt.gz', NULL); rdf_loader_run(); checkpoint;\"",
                dir.display()
            ));
        }
    }
    Ok(())
}

fn io_error(source: std::io::Error) -> crate::Error {
    crate::Error::Serialize(source)
}

/// A gzip stream of stored deflate blocks (RFC 1951 §3.2.4, RFC 1952).
struct StoredGzip<'a> {
    out: &'a mut dyn Write,
    block: Vec<u8>,
    crc: u32,
    size: u32,
}

const BLOCK: usize = 65_535;

impl<'a> StoredGzip<'a> {
    fn new(out: &'a mut dyn Write) -> std::io::Result<Self> {
        // magic, deflate, no flags, no mtime, no extra flags, OS unknown
        out.write_all(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255])?;
        Ok(StoredGzip {
            out,
            block: Vec::with_capacity(BLOCK),
            crc: 0xffff_ffff,
            size: 0,
        })
    }

    fn flush_block(&mut self, last: bool) -> std::io::Result<()> {
        let len = self.block.len() as u16;
        self.out.write_all(&[u8::from(last)])?;
        self.out.write_all(&len.to_le_bytes())?;
        self.out.write_all(&(!len).to_le_bytes())?;
        self.out.write_all(&self.block)?;
        self.block.clear();
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.flush_block(true)?;
        self.out.write_all(&(!self.crc).to_le_bytes())?;
        self.out.write_all(&self.size.to_le_bytes())?;
        self.out.flush()
    }
}

impl Write for StoredGzip<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(BLOCK - self.block.len());
        self.crc = crc32(self.crc, &buf[..n]);
        self.size = self.size.wrapping_add(n as u32);
        self.block.extend_from_slice(&buf[..n]);
        if self.block.len() == BLOCK {
            self.flush_block(false)?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// CRC-32 (IEEE, reflected), continuing from `crc` (start with `0xffffffff`, invert at the end).
fn crc32(mut crc: u32, bytes: &[u8]) -> u32 {
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    #[test]
    fn crc32_of_the_check_string() {
        assert_eq!(!super::crc32(0xffff_ffff, b"123456789"), 0xcbf4_3926);
    }
}
