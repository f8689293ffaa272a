//! The note parser on arbitrary and note-shaped text: it never panics,
//! every diagnostic points inside the text, and CRLF reads as LF does; on
//! text of inline fields and tables, no line with an impossible date is
//! ever an entry.

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

/// Dates as people write them, some of them days that do not exist.
const IMPOSSIBLE: [&str; 4] = ["31 Feb 2026", "2026-02-30", "Feb 30, 2026", "2026/04/31"];

fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(IMPOSSIBLE.to_vec()).prop_map(String::from),
        prop::sample::select(vec![
            "2026-05-01",
            "2026/05/02",
            "3 May 2026",
            "May 4th, 2026",
            "[[2026-05-05]]",
            "[[May 6th, 2026]]",
            "03/05/2026",
            "12:30",
            "2.0.1",
            "555-123-4567",
            "$12.50",
            "soon",
            "",
        ])
        .prop_map(String::from),
        "[ -~]{0,12}",
    ]
}

fn field_line() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "birthday",
        "Last Contact",
        "cadence",
        "met",
        "direction",
        "channel",
        "participants",
        "due",
        "type",
        "x y",
        "Title",
    ]);
    (key, date_text(), 0usize..6).prop_map(|(k, v, form)| match form {
        0 => format!("{k}:: {v}"),
        1 => format!("- **{k}:** {v}"),
        2 => format!("**{k}**: {v}"),
        3 => format!("text [{k}:: {v}] more"),
        4 => format!("  - ({k}:: {v})"),
        _ => format!("- [ ] task by {v} [due:: {v}]"),
    })
}

fn table_lines() -> impl Strategy<Value = String> {
    let cell = prop_oneof![date_text(), "[ -~&&[^|]]{0,8}".prop_map(String::from)];
    (
        prop::sample::select(vec![
            "| Date | Type | Direction | Notes |",
            "Notes | When",
            "| a |",
        ]),
        prop::collection::vec(prop::collection::vec(cell, 0..6), 0..5),
    )
        .prop_map(|(header, rows)| {
            let cells = header.matches('|').count().max(2) - 1;
            let delimiter = vec!["---"; cells.max(1)].join("|");
            let mut out = vec![header.to_string(), format!("|{delimiter}|")];
            for row in rows {
                out.push(format!("| {} |", row.join(" | ")));
            }
            out.join("\n")
        })
}

fn field_and_table_note() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => field_line(),
            2 => table_lines(),
            1 => date_text().prop_map(|d| format!("### {d} heading")),
            1 => date_text().prop_map(|d| format!("- {d} entry")),
            1 => Just(String::new()),
        ],
        0..12,
    )
    .prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn fields_and_tables_never_panic_nor_read_an_impossible_date(text in field_and_table_note(), daily in any::<bool>()) {
        let note = parse_as(&text, daily);
        check_positions(&text, &note)?;
        let lines: Vec<&str> = text.split('\n').collect();
        for e in note.entries.iter() {
            let line = lines.get(e.line as usize - 1).copied().unwrap_or("");
            let impossible = IMPOSSIBLE.iter().any(|d| line.contains(d));
            let other_date = ["2026-05-0", "2026/05/0", "May 2026", "May 4th", "May 6th"]
                .iter()
                .any(|d| line.contains(d));
            prop_assert!(!impossible || other_date || daily, "{e:?} at {line:?}");
        }
    }

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
