//! Property: any import followed by `--update` changes no byte the user
//! wrote. On random notes (CRLF, BOM, odd and broken front matter) and
//! random imported people (values YAML would misread), the fill only
//! inserts: the old text is still there byte for byte and in order, every
//! value the note had reads the same, the body is untouched, each filled
//! key reads back as imported, and a second fill changes nothing.

use crate::util::notes::note;
use netkeep::import::Person;
use netkeep::note::front_matter::{split, KeySpellings};
use netkeep::write::fill_keys::{fill_missing, Value};
use proptest::prelude::*;

fn text_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z][a-zA-Z .@+-]{0,15}",
        Just("a: b".to_string()),
        Just("#not a comment".to_string()),
        Just("- item".to_string()),
        Just("\"quoted\" and 'single'".to_string()),
        Just("line\nbreak\r\n---".to_string()),
        Just("yes".to_string()),
        Just("0x1F".to_string()),
        Just("[[Link]]".to_string()),
        Just("Zoë Ångström".to_string()),
        Just("+1 (555) 010-0199".to_string()),
    ]
}

fn person() -> impl Strategy<Value = Person> {
    let opt = || proptest::option::of(text_value());
    let list = || prop::collection::vec(text_value(), 0..3);
    (
        (list(), list(), list(), opt(), opt(), opt()),
        (
            proptest::option::of(prop_oneof![
                Just("1988-11-30".to_string()),
                Just("--02-29".to_string())
            ]),
            prop::collection::vec((text_value(), Just("2010-06-01".to_string())), 0..2),
            list(),
            list(),
            opt(),
        ),
    )
        .prop_map(
            |(
                (aliases, emails, phones, company, role, location),
                (birthday, dates, tags, urls, circle),
            )| {
                Person {
                    name: "Someone".into(),
                    aliases,
                    emails,
                    phones,
                    company,
                    role,
                    location,
                    birthday,
                    dates,
                    tags,
                    urls,
                    other: circle
                        .into_iter()
                        .map(|c| ("circle".to_string(), c))
                        .collect(),
                    ..Person::default()
                }
            },
        )
}

/// A user's note in the shapes editors leave: LF or CRLF, maybe a BOM,
/// maybe no final newline, maybe empty keys a template left.
fn user_note() -> impl Strategy<Value = String> {
    (
        note(),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![
            "",
            "birthday:\n",
            "email: \n",
            "dates:\n",
            "role:  # later\n",
        ]),
    )
        .prop_map(|(text, crlf, bom, empty)| {
            let text = if text.starts_with("---\n") && !empty.is_empty() {
                format!("---\n{empty}{}", &text[4..])
            } else {
                text
            };
            let text = if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            };
            if bom {
                format!("\u{feff}{text}")
            } else {
                text
            }
        })
}

fn is_subsequence(old: &[u8], new: &[u8]) -> bool {
    let mut it = new.iter();
    old.iter().all(|b| it.any(|n| n == b))
}

fn mapping(text: &str) -> Option<yaml_serde::Mapping> {
    match split(text).yaml {
        None => Some(yaml_serde::Mapping::new()),
        Some(y) => match yaml_serde::from_str::<yaml_serde::Value>(y).ok()? {
            yaml_serde::Value::Mapping(m) => Some(m),
            yaml_serde::Value::Null => Some(yaml_serde::Mapping::new()),
            _ => None,
        },
    }
}

fn reads_as(value: &yaml_serde::Value, want: &Value) -> bool {
    match want {
        Value::One(s) => value.as_str() == Some(s.as_str()),
        Value::List(items) => value.as_sequence().is_some_and(|seq| {
            seq.iter()
                .map(|v| v.as_str())
                .eq(items.iter().map(|s| Some(s.as_str())))
        }),
        Value::Map(pairs) => value.as_mapping().is_some_and(|m| {
            pairs
                .iter()
                .all(|(k, v)| m.get(k.as_str()).and_then(|x| x.as_str()) == Some(v.as_str()))
        }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn import_then_update_changes_no_byte_the_user_wrote(old in user_note(), p in person()) {
        let mut fields = p.fields("Someone");
        fields.retain(|(k, _)| k != "name");
        let spellings = KeySpellings::default();
        let Ok(Some(new)) = fill_missing(&old, &fields, &spellings) else {
            return Ok(());
        };
        prop_assert!(is_subsequence(old.as_bytes(), new.as_bytes()), "old bytes lost:\n{old:?}\n{new:?}");
        prop_assert_eq!(split(&old).body, split(&new).body);
        prop_assert_eq!(old.starts_with('\u{feff}'), new.starts_with('\u{feff}'));
        let before = mapping(&old);
        let after = mapping(&new);
        prop_assert!(after.is_some(), "the front matter no longer reads:\n{new}");
        let (before, after) = (before.unwrap_or_default(), after.unwrap_or_default());
        for (k, v) in &before {
            if !v.is_null() {
                prop_assert_eq!(Some(v), after.get(k), "{:?} changed:\n{}", k, new);
            }
        }
        for (k, want) in &fields {
            // A key filled (absent or empty before, a value now) reads
            // back as imported.
            if before.get(k.as_str()).is_none_or(|v| v.is_null()) {
                if let Some(got) = after.get(k.as_str()).filter(|v| !v.is_null()) {
                    prop_assert!(reads_as(got, want), "{k}: {got:?} is not {want:?}\n{new}");
                }
            }
        }
        prop_assert_eq!(fill_missing(&new, &fields, &spellings), Ok(None), "a second fill changed:\n{}", new);
    }
}
