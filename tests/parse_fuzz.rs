//! The note parser on arbitrary and note-shaped text: it never panics,
//! every diagnostic points inside the text, and CRLF reads as LF does.

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
            daily_date: daily.then(today),
            today: today(),
        },
    )
}

fn key_value() -> impl Strategy<Value = String> {
    let keys = prop::sample::select(vec![
        "name",
        "Birthday",
        "cadence",
        "tags",
        "aliases",
        "status",
        "last_contact",
        "met",
        "circle",
        "next_follow_up",
        "snooze_until",
        "date",
        "with",
        "type",
    ]);
    let values = prop::sample::select(vec![
        "",
        "Ana",
        "1988-11-30",
        "--04-01",
        "02-29",
        "6w",
        "often",
        "monthly",
        "[a, b]",
        "[unclosed",
        "\"[[Ann]]\"",
        "[[Ann]]",
        "2026-13-45",
        "paused",
        "12",
        "true",
        "{a: 1}",
        "- x",
        ": :",
        "'quoted'",
    ]);
    (keys, values).prop_map(|(k, v)| format!("{k}: {v}"))
}

fn body_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,40}",
        (0u32..400, "[a-z #\\[\\]>-]{0,20}").prop_map(|(d, rest)| {
            let date =
                NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(u64::from(d));
            format!("- {date} {rest}")
        }),
        Just("- [ ] send it 📅 2026-12-01".to_string()),
        Just("- [x] done ✅ 2026-11-30".to_string()),
        Just("```".to_string()),
        Just("<!-- netkeep:begin -->".to_string()),
        Just("### 2026-11-02 Lunch".to_string()),
        Just("Met [[Ann|A]] (person:: [[Bo]])".to_string()),
    ]
}

fn note() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(key_value(), 0..8),
        prop::collection::vec(body_line(), 0..20),
        any::<bool>(),
    )
        .prop_map(|(keys, body, front)| {
            let mut text = String::new();
            if front {
                text.push_str("---\n");
                text.push_str(&keys.join("\n"));
                text.push_str("\n---\n");
            }
            text.push_str(&body.join("\n"));
            text
        })
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
