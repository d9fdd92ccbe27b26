//! Progress of long work, as the library reports it: a trait the caller implements (the
//! `mura` binary draws a bar or writes log lines; a server or a test may ignore it). The
//! library itself never prints.

/// Receives progress reports; every method has an empty default.
pub trait Progress: Send {
    /// Work `label` (`build`, `export`) starts over `total_bytes` of input (0: unknown).
    fn start(&mut self, _label: &str, _total_bytes: u64) {}
    /// `bytes` of input read, `rows` records and `quads` written so far.
    fn update(&mut self, _bytes: u64, _rows: u64, _quads: u64) {}
    /// A remark worth a line (what is skipped and why, a phase that starts).
    fn note(&mut self, _text: &str) {}
    /// The work is done: `rows` records, `quads` written.
    fn finish(&mut self, _rows: u64, _quads: u64) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}
