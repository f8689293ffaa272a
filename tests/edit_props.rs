//! Property tests for every text edit: on random notes with CRLF, a BOM, no
//! final newline, comments and odd front matter, only the intended lines
//! change and every other byte stays.

use chrono::NaiveDate;
use netkeep::write::edit::{add_log_entry, complete_task, line_ending, replace_region};
use proptest::prelude::*;

/// Lines with their terminators, so a changed line ending shows.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

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
        let new = add_log_entry(&text, date(d), &entry);
        let le = line_ending(&text);
        let old_lines = lines(&text);
        let new_lines = lines(&new);
        prop_assert_eq!(text.starts_with('\u{feff}'), new.starts_with('\u{feff}'));
        // Every old line is still there, in order; a last line without a
        // newline may have gained one only when the insert went after it.
        let mut i = 0;
        let mut added = Vec::new();
        for (k, line) in new_lines.iter().enumerate() {
            let old = old_lines.get(i).copied();
            let last_gained_newline = i + 1 == old_lines.len()
                && old.is_some_and(|o| !o.ends_with('\n') && *line == format!("{o}{le}"));
            if old == Some(*line) || last_gained_newline {
                i += 1;
            } else {
                added.push((k, *line));
            }
        }
        prop_assert_eq!(i, old_lines.len(), "an old line changed or vanished:\n{:?}\n=>\n{:?}", text, new);
        let content: Vec<&str> = added.iter().map(|(_, l)| l.trim_end_matches(['\r', '\n'])).collect();
        prop_assert!(content.iter().filter(|l| l.contains(&entry)).count() == 1, "{:?}", content);
        for line in &content {
            prop_assert!(line.is_empty() || line.contains(&entry) || *line == "## Log", "unexpected line {:?}", line);
        }
        // Added lines end the way the file's lines do.
        for (k, line) in &added {
            if *k + 1 < new_lines.len() {
                prop_assert!(line.ends_with(le) && (le == "\r\n" || !line.ends_with("\r\n")), "{:?}", line);
            }
        }
        if !text.is_empty() {
            prop_assert_eq!(text.ends_with('\n'), new.ends_with('\n'), "the final newline changed");
        }
    }

    #[test]
    fn region_replacement_keeps_everything_outside(text in note_strategy(), body in "[a-z\\- \\[\\]\n]{0,40}") {
        let region = format!("<!-- netkeep:begin -->\n{body}\n<!-- netkeep:end -->\n");
        let Ok(new) = replace_region(&text, &region) else { return Ok(()) };
        let begin = text.find("<!-- netkeep:begin -->");
        let end_after = begin.and_then(|b| text[b..].find("<!-- netkeep:end -->").map(|e| b + e));
        // A marker inside a code fence is not live (edit.rs tests that);
        // this plain search is the oracle only for text without fences.
        let fenced = text.contains("```") || text.contains("~~~");
        match (begin, end_after) {
            _ if fenced => {}
            (Some(b), Some(_)) => {
                let line_start = text[..b].rfind('\n').map_or(0, |i| i + 1);
                prop_assert!(new.starts_with(&text[..line_start]));
                let end = end_after.unwrap();
                let after_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
                prop_assert!(new.ends_with(&text[after_end..]));
            }
            _ => prop_assert!(new.starts_with(&text)),
        }
        if line_ending(&text) == "\r\n" {
            prop_assert!(!new.replace("\r\n", "").contains('\n'), "a bare LF in a CRLF file");
        }
        // Doing it again changes nothing.
        prop_assert_eq!(replace_region(&new, &region).unwrap(), new.clone());
    }

    #[test]
    fn completing_a_task_changes_one_line(text in note_strategy(), d in 0u32..300, line in 1u32..30) {
        let with_task = format!("{text}{}- [ ] {} send the deck{}", if text.is_empty() || text.ends_with('\n') { "" } else { line_ending(&text) }, date(d), line_ending(&text));
        if let Some(new) = complete_task(&with_task, line, "send the deck", date(330)) {
            let a = lines(&with_task);
            let b = lines(&new);
            prop_assert_eq!(a.len(), b.len());
            let changed: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            prop_assert_eq!(changed.len(), 1);
            let i = changed[0];
            prop_assert!(b[i].contains("[x]") && b[i].contains("✅ 2026-11-27"), "{:?}", b[i]);
            prop_assert_eq!(a[i].ends_with("\r\n"), b[i].ends_with("\r\n"));
        }
    }
}
