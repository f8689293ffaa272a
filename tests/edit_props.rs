//! Property tests for every text edit: on random notes with CRLF, a BOM, no
//! final newline, comments and odd front matter, only the intended lines
//! change and every other byte stays.

use chrono::NaiveDate;
use netkeep::write::edit::line_ending;
use proptest::prelude::*;

#[path = "util/edit_checks.rs"]
mod edit_checks;

fn date(days: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(days))
}

fn line_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("## Log".to_string()),
        Just("### log".to_string()),
        Just("## Notes".to_string()),
        Just("# Title".to_string()),
        (
            0u32..300,
            prop_oneof![
                Just("- "),
                Just("* "),
                Just("  - "),
                Just("- [ ] "),
                Just("- [x] ")
            ],
            "[a-z #>-]{0,12}"
        )
            .prop_map(|(d, bullet, rest)| format!("{bullet}{} {rest}", date(d))),
        "[a-zA-Z ,.:#\\[\\]]{0,30}",
        Just("```".to_string()),
        Just("<!-- a comment -->".to_string()),
        Just("<!-- netkeep:begin -->".to_string()),
        Just("<!-- netkeep:end -->".to_string()),
        Just("> - 2026-01-01 quoted".to_string()),
    ]
}

/// A note: optional BOM, odd front matter, body lines, LF or CRLF, with or
/// without a final newline.
fn note_strategy() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop_oneof![
            Just(String::new()),
            Just("---\nname:   Ann  # comment\ntags: [ a,b ]\n---\n".to_string()),
            Just("---\n# only a comment\n---\n".to_string()),
            Just("---\nbroken: [\n---\n".to_string()),
        ],
        prop::collection::vec(line_strategy(), 0..25),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(bom, front, body, crlf, final_newline)| {
            let mut text = front;
            text.push_str(&body.join("\n"));
            if final_newline && !text.is_empty() {
                text.push('\n');
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn log_entry_adds_lines_and_changes_none(text in note_strategy(), d in 0u32..300, words in "[a-z]{1,10}") {
        let entry = format!("-> {words} #email");
        let checked = edit_checks::log_entry_adds_lines_and_changes_none(&text, date(d), &entry);
        prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
    }

    #[test]
    fn region_replacement_keeps_everything_outside(text in note_strategy(), body in "[a-z\\- \\[\\]\n]{0,40}") {
        let region = format!("<!-- netkeep:begin -->\n{body}\n<!-- netkeep:end -->\n");
        let checked = edit_checks::region_replacement_keeps_everything_outside(&text, &region);
        prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
    }

    #[test]
    fn completing_a_task_changes_one_line(text in note_strategy(), d in 0u32..300, line in 1u32..30) {
        let with_task = format!("{text}{}- [ ] {} send the deck{}", if text.is_empty() || text.ends_with('\n') { "" } else { line_ending(&text) }, date(d), line_ending(&text));
        let checked = edit_checks::completing_a_task_changes_one_line(&with_task, line, "send the deck", date(330));
        prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
    }
}
