//! The body scanner against pulldown-cmark, the oracle: on realistic notes
//! (lists at several depths, fences, HTML blocks, quotes, headings,
//! tables) both must find the same list items and table rows on the same
//! lines.

use netkeep::note::body::{BlockKind, BodyScanner};
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag};

/// (line, first-line text) of every list item, by our scanner.
fn ours(doc: &str) -> Vec<(usize, String)> {
    BodyScanner::new(doc, 1)
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| (b.line_no as usize, b.text().trim().to_string()))
        .collect()
}

/// (line, is the header) of every table row, by our scanner.
fn our_rows(doc: &str) -> Vec<(usize, bool)> {
    BodyScanner::new(doc, 1)
        .filter(|b| matches!(b.kind, BlockKind::TableHeader | BlockKind::TableRow))
        .map(|b| (b.line_no as usize, b.kind == BlockKind::TableHeader))
        .collect()
}

/// The same by pulldown-cmark, with GitHub's tables on.
fn oracle_rows(doc: &str) -> Vec<(usize, bool)> {
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(doc, Options::ENABLE_TABLES).into_offset_iter() {
        let header = match event {
            Event::Start(Tag::TableHead) => true,
            Event::Start(Tag::TableRow) => false,
            _ => continue,
        };
        found.push((doc[..range.start].matches('\n').count() + 1, header));
    }
    found
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

/// A table: a header (with or without outer pipes), its delimiter row,
/// and rows, some ragged, some with a dated first cell.
fn table() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        1usize..4,
        prop::collection::vec((0usize..5, item_text()), 0..5),
    )
        .prop_map(|(outer, columns, rows)| {
            let row = |cells: Vec<String>| {
                let inner = cells.join(" | ");
                if outer {
                    format!("| {inner} |")
                } else {
                    inner
                }
            };
            let mut out = vec![
                row((0..columns).map(|i| format!("Col{i}")).collect()),
                row((0..columns).map(|_| "---".to_string()).collect()),
            ];
            for (n, text) in rows {
                out.push(row((0..n.max(1)).map(|_| text.clone()).collect()));
            }
            out.join("\n")
        })
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => table(),
        1 => table().prop_map(|t| format!("Some words.\n{t}")),
        1 => table().prop_map(|t| format!("{t}\n- 2026-11-02 a list right after")),
        1 => table().prop_map(|t| format!("```\n{t}\n```")),
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
        prop_assert_eq!(our_rows(&doc), oracle_rows(&doc), "document:\n{}", doc);
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

#[test]
fn hand_picked_tables_agree() {
    for doc in [
        "| Date | Type | Notes |\n|---|---|---|\n| 2026-05-01 | Call | hi |\n| 2026-05-02 |\n",
        "Date | Notes\n:-- | --:\n2026-05-01 | hi\nno pipe here\n\n- after\n",
        "words\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        "Some words.\nCol0 | Col1\n--- | ---\n",
        "- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n",
        "| a | b |\n|---|\n| 1 | 2 |\n",
        "| a |\n|---|\n| 1 |\n## Heading\n| 2 |\n",
        "| a |\n|---|\n| 1 |\n    indented\n",
        "> | a | b |\n> |---|---|\n> | 1 | 2 |\n",
        "- item\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        "| a \\| b |\n|---|\n",
    ] {
        assert_eq!(our_rows(doc), oracle_rows(doc), "document:\n{doc}");
        assert_eq!(ours(doc), oracle(doc), "document:\n{doc}");
    }
}
