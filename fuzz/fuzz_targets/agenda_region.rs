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
    // The region netkeep writes is headings and list items, never its own
    // markers: the fuzzed text goes into list items, the user's text
    // around the region is anything at all.
    if input.body.contains("netkeep:") {
        return;
    }
    let items: String = input
        .body
        .lines()
        // As the renderer does: one line, no control characters.
        .map(|l| {
            let l: String = l.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
            format!("- [ ] {}\n", l.trim_start())
        })
        .collect();
    let region = format!("<!-- netkeep:begin -->\n## Agenda\n{items}<!-- netkeep:end -->\n");
    if let Err(e) = edit_checks::region_replacement_keeps_everything_outside(&input.text, &region) {
        panic!("{e}");
    }
});
