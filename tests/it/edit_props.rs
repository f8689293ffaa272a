//! Property tests for every text edit: on random notes with CRLF, a BOM, no
//! final newline, comments and odd front matter, only the intended lines
//! change and every other byte stays.

use chrono::NaiveDate;
use netkeep::write::edit::line_ending;
use proptest::prelude::*;

use crate::util::edit_checks;

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

// --- YAML values written by `new` ---------------------------------------------

use netkeep::write::new_note::{built_in, from_template, yaml_scalar, NewContact};

fn yaml_value(text: &str) -> yaml_serde::Value {
    yaml_serde::from_str(text).unwrap_or_else(|e| panic!("not YAML ({e}):\n{text}"))
}

/// Strings that stress YAML: indicators, quotes, breaks, control and
/// separator characters, keywords and numbers, and anything at all.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,20}",
        "[a-z:#,\\[\\]{}'\"|>&*!%@`?\\- ]{0,12}",
        "[\u{0}-\u{1f}\u{7f}-\u{a0}\u{2028}\u{2029}\u{feff}\u{fffe}a ]{0,8}",
        prop_oneof![
            Just("yes"),
            Just("No"),
            Just("on"),
            Just("~"),
            Just("null"),
            Just("1_000"),
            Just("0x1F"),
            Just("1e3"),
            Just(".inf"),
            Just("12:30"),
            Just("2026-11-23"),
            Just("- a"),
            Just("---"),
            Just("Ana: the Great"),
        ]
        .prop_map(str::to_string),
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn yaml_scalar_reads_back_exactly_as_a_value_and_in_a_list(s in hostile_string()) {
        let scalar = yaml_scalar(&s);
        prop_assert!(!scalar.contains(['\n', '\r']), "{:?}", scalar);
        let map = yaml_value(&format!("key: {scalar}\nnext: 1\n"));
        prop_assert_eq!(map["key"].as_str(), Some(s.as_str()), "{}", scalar);
        prop_assert_eq!(map["next"].as_u64(), Some(1));
        let list = yaml_value(&format!("key: [{scalar}, {scalar}]\n"));
        prop_assert_eq!(list["key"][1].as_str(), Some(s.as_str()), "{}", scalar);
    }

    #[test]
    fn new_notes_keep_every_value_inside_the_front_matter(
        name in hostile_string(),
        company in hostile_string(),
        tag in hostile_string(),
    ) {
        let contact = NewContact {
            name: name.clone(),
            company: Some(company.clone()),
            circle: Some(company.clone()),
            tags: vec![tag.clone()],
            ..NewContact::default()
        };
        let text = built_in(&contact, "Stem");
        let yaml = text.strip_prefix("---\n").unwrap();
        let yaml = &yaml[..yaml.find("\n---\n").unwrap() + 1];
        let fm = yaml_value(yaml);
        prop_assert_eq!(fm["company"].as_str(), Some(company.as_str()));
        prop_assert_eq!(fm["circle"].as_str(), Some(company.as_str()));
        prop_assert_eq!(fm["tags"][0].as_str(), Some(tag.trim_start_matches('#')));
    }

    // What `new` accepts from the command line: no control characters.
    #[test]
    fn vault_templates_fill_values_yaml_safely_where_they_stand(
        name in "[^\\p{Cc}\u{2028}\u{2029}]{0,16}",
        company in "[ -~]{0,16}",
        circle in "[a-z #:'\"\\[\\],]{0,12}",
        tag in "[a-z #:'\",]{1,8}",
    ) {
        let contact = NewContact {
            name: name.clone(),
            circle: Some(circle.clone()),
            company: Some(company.clone()),
            location: Some(name.clone()),
            tags: vec![tag.clone(), "b".into()],
            met: NaiveDate::from_ymd_opt(2026, 11, 23),
            ..NewContact::default()
        };
        let template = "---\nname: {{name}}\ncircle: {{circle}} # a comment\n\
            company: \"{{company}}\"\nlocation: '{{location}}'\ntags: [{{tags}}]\n\
            list:\n  - {{tags}}\nmet: {{date}}\n---\n# {{title}}\n";
        let text = from_template(template, &contact, date(0));
        let end = text.find("\n---\n").unwrap();
        let fm = yaml_value(&text[4..=end]);
        let or_null = |s: &str| if s.is_empty() { None } else { Some(s.to_string()) };
        prop_assert_eq!(fm["name"].as_str().map(str::to_string), or_null(&name), "{}", text);
        prop_assert_eq!(fm["circle"].as_str().map(str::to_string), or_null(&circle), "{}", text);
        prop_assert_eq!(fm["company"].as_str(), Some(company.as_str()), "{}", text);
        prop_assert_eq!(fm["location"].as_str(), Some(name.as_str()), "{}", text);
        let tag = tag.trim_start_matches('#');
        prop_assert_eq!(fm["tags"][0].as_str(), Some(tag), "{}", text);
        prop_assert_eq!(fm["list"][0].as_str(), Some(tag), "{}", text);
        prop_assert_eq!(fm["list"][1].as_str(), Some("b"));
        prop_assert_eq!(fm["met"].as_str(), Some("2026-11-23"));
        prop_assert_eq!(&text[end..], &format!("\n---\n# {name}\n"));
    }
}
