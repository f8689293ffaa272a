//! Ticking a follow-up in any note changes that one line; reading ticks
//! from any agenda never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/util/edit_checks.rs"]
mod edit_checks;

#[derive(Debug, arbitrary::Arbitrary)]
struct Input {
    text: String,
    line: u8,
    task: String,
}

fuzz_target!(|input: Input| {
    let _ = netkeep::write::edit::ticks(&input.text);
    let done = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    if let Err(e) = edit_checks::completing_a_task_changes_one_line(
        &input.text,
        u32::from(input.line),
        &input.task,
        done,
    ) {
        panic!("{e}");
    }
});
