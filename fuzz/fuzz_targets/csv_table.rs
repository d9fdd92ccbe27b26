//! The CSV table reader from memory (`TableReader::from_reader`): the first byte picks
//! the table (places, people, organisations, museums, awards) and whether the minimal
//! fixture's manifest and records apply (odd) or the default manifest of a folder of
//! tables (even); the rest is the table's bytes. Every row read is declared, checked and
//! mapped as `graph::stream` does it (a minted country first); at most 64 rows. The reader
//! and the checker answer each row with a record or a located error, never a panic; each
//! record's N-Quads lines written by the mapper are oxigraph's bytes for its quads, and
//! the mapped quads survive the N-Quads round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mura::check::Checker;
use mura::graph::mapping::Mapper;
use mura::source::csv::{TABLES, TableReader, default_dataset};
use mura_fuzz::{map_both, minimal, round_trip};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let table = &TABLES[(first as usize >> 1) % TABLES.len()];
    let ds = if first & 1 == 1 {
        minimal().dataset.clone()
    } else {
        default_dataset(Path::new("fuzz"))
    };
    let path = Path::new("fuzz").join(table.file);
    let input: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(rest.to_vec()));
    let Ok(mut reader) = TableReader::from_reader(table, &path, input, &ds) else {
        return;
    };
    let mut checker = Checker::new(&ds);
    let mut mapper = Mapper::new(&ds);
    let mut quads = Vec::new();
    for located in &ds.records {
        if checker.declare(located).is_err() {
            return;
        }
    }
    for located in &ds.records {
        let Ok(checked) = checker.check(located) else {
            return;
        };
        map_both(&mut mapper, &located.record, &checked, &mut quads);
    }
    for _ in 0..64 {
        let row = match reader.next_row(&ds) {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(e) => {
                let _ = format!("{e:#}");
                return;
            }
        };
        if let Some(country) = &row.country {
            let place = &country.record;
            if !checker.knows(place.kind(), place.id()) {
                if checker.declare(country).is_err() {
                    return;
                }
                let Ok(checked) = checker.check(country) else {
                    return;
                };
                map_both(&mut mapper, place, &checked, &mut quads);
            }
        }
        if checker.declare(&row.located).is_err() {
            return;
        }
        let Ok(checked) = checker.check(&row.located) else {
            return;
        };
        map_both(&mut mapper, &row.located.record, &checked, &mut quads);
    }
    mapper.meta(&mut quads);
    round_trip(&quads);
});
