//! The body scanner against pulldown-cmark, the oracle: on realistic notes
//! (lists at several depths, fences, HTML blocks, quotes, headings) both
//! must find the same list items on the same lines.

use netkeep::note::body::{BlockKind, BodyScanner};
use proptest::prelude::*;
use pulldown_cmark::{Event, Parser, Tag};

/// (line, first-line text) of every list item, by our scanner.
fn ours(doc: &str) -> Vec<(usize, String)> {
    BodyScanner::new(doc, 1)
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| (b.line_no as usize, b.text().trim().to_string()))
        .collect()
}

/// The same by pulldown-cmark: the line each item starts on, and its text
/// on that line after the marker.
fn oracle(doc: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (event, range) in Parser::new(doc).into_offset_iter() {
        if let Event::Start(Tag::Item) = event {
            let line = doc[..range.start].matches('\n').count() + 1;
            let line_end = doc[range.start..]
                .find('\n')
                .map_or(doc.len(), |i| range.start + i);
            let after = doc[range.start..line_end].trim_start();
            // Skip the marker itself: `-`, `*`, `+`, `1.`, `1)`.
            let marker_len = after.find([' ', '\t']).unwrap_or(after.len());
            found.push((line, after[marker_len..].trim().to_string()));
        }
    }
    found
}

fn words() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "coffee",
        "call with [[Ann]]",
        "#email",
        "lunch #coffee",
        "asked about the book",
        "-> hi",
        "<- reply",
    ])
    .prop_map(String::from)
}

fn item_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..28, words()).prop_map(|(d, w)| format!("2026-11-{d:02} {w}")),
        (1u32..28, words()).prop_map(|(d, w)| format!("[ ] 2026-12-{d:02} {w}")),
        words(),
    ]
}

/// A list: items at depths 0..=2 with a consistent indent step, never
/// jumping more than one level deeper at a time.
fn list() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["- ", "* ", "+ ", "1. "]),
        prop::sample::select(vec![2usize, 4]),
        prop::collection::vec((0usize..3, item_text()), 1..6),
    )
        .prop_map(|(bullet, step, items)| {
            let step = if bullet == "1. " { 3 } else { step };
            let mut depth = 0;
            let mut out = Vec::new();
            for (i, (want, text)) in items.into_iter().enumerate() {
                depth = if i == 0 { 0 } else { want.min(depth + 1) };
                out.push(format!("{}{bullet}{text}", " ".repeat(depth * step)));
            }
            out.join("\n")
        })
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => list(),
        2 => words().prop_map(|w| format!("A paragraph about {w}.")),
        1 => Just("## Log".to_string()),
        1 => list().prop_map(|l| format!("```\n{l}\n```")),
        1 => list().prop_map(|l| format!("~~~md\n{l}\n~~~")),
        1 => list().prop_map(|l| format!("<div>\n{l}\n</div>")),
        1 => list().prop_map(|l| format!("<!--\n{l}\n-->")),
        1 => list().prop_map(|l| format!("<details>\n<summary>old</summary>\n\n</details>\n\n{l}")),
        1 => list().prop_map(|l| l.lines().map(|x| format!("> {x}")).collect::<Vec<_>>().join("\n")),
        1 => list().prop_map(|l| format!("> [!note]\n{}", l.lines().map(|x| format!("> {x}")).collect::<Vec<_>>().join("\n"))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn same_list_items_as_pulldown_cmark(blocks in prop::collection::vec(block(), 1..8)) {
        let doc = blocks.join("\n\n") + "\n";
        prop_assert_eq!(ours(&doc), oracle(&doc), "document:\n{}", doc);
    }
}

#[test]
fn hand_picked_cases_agree() {
    for doc in [
        "> [!info] A callout\n> - 2026-11-02 inside it\n> - 2026-11-03 and this\n",
        "1. 2026-11-01 first\n   - 2026-11-02 nested under a number\n2. 2026-11-03 second\n",
        "- 2026-11-01 item\n  ```\n  - 2026-01-01 code in the item\n  ```\n- 2026-11-02 after\n",
        "- 2026-11-01 item\n\n    ```\n    - 2026-01-01 code, four spaces in\n    ```\n",
        "Text\n\n    - 2026-01-01 indented code\n\n- 2026-11-02 real\n",
        "<details>\n- 2026-01-01 hidden\n</details>\n\n- 2026-11-02 shown\n",
    ] {
        assert_eq!(ours(doc), oracle(doc), "document:\n{doc}");
    }
}
