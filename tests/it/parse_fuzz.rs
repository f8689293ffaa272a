//! The note parser on arbitrary and note-shaped text: it never panics,
//! every diagnostic points inside the text, and CRLF reads as LF does.

use crate::util::notes::note;
use chrono::NaiveDate;
use netkeep::note::{parse, Note, ParseContext};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn parse_as(text: &str, daily: bool) -> Note {
    let types = vec!["contact".to_string(), "person".to_string()];
    parse(
        text,
        &ParseContext {
            path: "people/X.md",
            in_contact_dir: true,
            contact_types: &types,
            key_spellings: &netkeep::note::front_matter::KeySpellings::default(),
            daily_date: daily.then(today),
            interaction_keys: &[],
            date_order: netkeep::dates::DateOrder::Unset,
            today: today(),
        },
    )
}

fn check_positions(text: &str, note: &Note) -> Result<(), TestCaseError> {
    let lines = text.split('\n').count() as u32;
    for d in &note.diagnostics {
        prop_assert!(d.line >= 1 && d.column >= 1, "{d:?}");
        prop_assert!(d.line <= lines + 1, "{d:?} in a text of {lines} lines");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), daily in any::<bool>()) {
        let note = parse_as(&text, daily);
        check_positions(&text, &note)?;
    }

    #[test]
    fn note_shaped_text_never_panics_and_entries_point_at_their_lines(text in note(), daily in any::<bool>()) {
        let note = parse_as(&text, daily);
        check_positions(&text, &note)?;
        let lines: Vec<&str> = text.split('\n').collect();
        for e in note.entries.iter() {
            let line = lines.get(e.line as usize - 1).copied().unwrap_or("");
            let dated_here = line.contains(&e.date.to_string());
            // Daily-note lines are dated by the note; Tasks' emoji dates
            // may differ from the line's leading date.
            prop_assert!(dated_here || daily || line.contains('📅') || line.contains('✅'), "{e:?} at {line:?}");
        }
    }

    #[test]
    fn crlf_reads_like_lf(text in note(), daily in any::<bool>()) {
        let lf = parse_as(&text, daily);
        let crlf = parse_as(&text.replace('\n', "\r\n"), daily);
        prop_assert_eq!(&lf.entries, &crlf.entries);
        prop_assert_eq!(&lf.front, &crlf.front);
        prop_assert_eq!(lf.diagnostics.len(), crlf.diagnostics.len());
    }

    #[test]
    fn config_never_panics(text in any::<String>()) {
        let _ = netkeep::config::Config::parse(&text);
    }
}
