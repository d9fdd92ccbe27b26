//! Arbitrary bytes as a TOML record file (`museums.toml`, …): the reader either yields
//! located records or a located error; it never panics. Every record read can point at
//! any of its fields (`Origin::locate`, which searches the file's text) and at itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

const FIELDS: &[&str] = &[
    "id",
    "name",
    "name.en",
    "name.kk",
    "cite",
    "cite.excerpt",
    "cite.paragraph",
    "city",
    "member_of",
    "founded",
    "website",
    "coordinates",
    "date",
    "type",
    "x.y.z",
    "",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = PathBuf::from("fuzz/records.toml");
    match mura::source::toml::parse_records(path, text.to_owned()) {
        Ok(records) => {
            for located in &records {
                let _ = located.origin.place();
                for field in FIELDS {
                    let _ = located.origin.locate(&located.record, field).to_string();
                }
            }
        }
        Err(e) => {
            let _ = format!("{e:#}");
        }
    }
});
