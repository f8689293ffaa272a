//! Writing the agenda region into any note keeps everything outside it.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/util/edit_checks.rs"]
mod edit_checks;

#[derive(Debug, arbitrary::Arbitrary)]
struct Input {
    text: String,
    body: String,
}

fuzz_target!(|input: Input| {
    // The region netkeep writes never holds its own markers, nor a line
    // that opens or closes a code fence (its lines are headings and list
    // items): such a body would fence the markers off.
    let fence = |l: &str| {
        let l = l.trim_start();
        l.starts_with("```") || l.starts_with("~~~")
    };
    if input.body.contains("netkeep:") || input.body.lines().any(fence) {
        return;
    }
    let region = format!("<!-- netkeep:begin -->\n{}\n<!-- netkeep:end -->\n", input.body);
    if let Err(e) = edit_checks::region_replacement_keeps_everything_outside(&input.text, &region) {
        panic!("{e}");
    }
});
