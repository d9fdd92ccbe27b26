//! The checker and the mapper end to end: arbitrary bytes read as a TOML record file
//! (the reader makes records of any shape the model admits), added to the minimal
//! fixture's dataset (its manifest, sources and, when the first byte is odd, its own
//! records, so references and citations can resolve), then streamed through the one
//! pipeline (`graph::stream`: declare, check, map, meta graph). When the records pass the
//! checker, the quads are written as N-Quads by mura's writer and parsed back by
//! oxigraph's parser: the re-parsed quads must equal the mapped ones; and a second stream
//! of the same records must give the same quads (mapping is pure).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mura_fuzz::{folder, minimal, round_trip, stream_twice};
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(records) =
        mura::source::toml::parse_records(PathBuf::from("fuzz/records.toml"), text.to_owned())
    else {
        return;
    };
    let mut dataset = minimal().dataset.clone();
    if first & 1 == 0 {
        dataset.records.clear();
    }
    dataset.records.extend(records);
    let folder = folder(dataset);
    match stream_twice(&folder) {
        Ok(quads) => round_trip(&quads),
        Err(e) => {
            let _ = format!("{e:#}");
        }
    }
});
