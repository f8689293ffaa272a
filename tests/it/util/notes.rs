//! Proptest strategies for note-shaped text: front matter with the keys
//! netkeep reads (good values and bad), and bodies of dated entries,
//! tasks, code fences, generated regions and links.

use chrono::NaiveDate;
use proptest::prelude::*;

/// One front-matter line.
pub(crate) fn key_value() -> impl Strategy<Value = String> {
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

/// One body line.
pub(crate) fn body_line() -> impl Strategy<Value = String> {
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

/// A note: maybe front matter, then a body.
pub(crate) fn note() -> impl Strategy<Value = String> {
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
