//! Adding a log entry to any note changes only the lines it adds.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/util/edit_checks.rs"]
mod edit_checks;

#[derive(Debug, arbitrary::Arbitrary)]
struct Input {
    text: String,
    days: u16,
    words: String,
}

fuzz_target!(|input: Input| {
    // An entry is one line; netkeep refuses line breaks in it earlier.
    if input.words.contains(['\n', '\r']) || input.words.trim().is_empty() {
        return;
    }
    let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
        + chrono::Days::new(u64::from(input.days % 3000));
    let entry = format!("-> {} #email", input.words.trim());
    if let Err(e) = edit_checks::log_entry_adds_lines_and_changes_none(&input.text, date, &entry) {
        panic!("{e}");
    }
});
