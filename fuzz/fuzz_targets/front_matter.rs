//! Front matter on any text: split and parsed without a panic, and every
//! diagnostic inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netkeep::note::front_matter;

fuzz_target!(|text: &str| {
    let split = front_matter::split(text);
    if let Some(yaml) = split.yaml {
        let mut diagnostics = Vec::new();
        let _ = front_matter::parse(yaml, 2, "people/X.md", &mut diagnostics);
        let lines = text.split('\n').count() as u32;
        for d in &diagnostics {
            assert!(d.line >= 1 && d.line <= lines + 1, "{d:?}");
        }
    }
});
