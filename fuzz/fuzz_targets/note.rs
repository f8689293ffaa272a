//! The note parser on any text: no panic, every diagnostic inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netkeep::note::{parse, ParseContext};

fuzz_target!(|text: &str| {
    let types = vec!["contact".to_string(), "person".to_string()];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for daily in [None, Some(today)] {
        let note = parse(
            text,
            &ParseContext {
                path: "people/X.md",
                in_contact_dir: true,
                contact_types: &types,
                daily_date: daily,
                interaction_keys: &[],
                date_order: netkeep::dates::DateOrder::Unset,
                key_spellings: &netkeep::note::front_matter::KeySpellings::default(),
                today,
            },
        );
        let lines = text.split('\n').count() as u32;
        for d in &note.diagnostics {
            assert!(d.line >= 1 && d.column >= 1, "{d:?}");
            assert!(d.line <= lines + 1, "{d:?} in {lines} lines");
        }
    }
});
