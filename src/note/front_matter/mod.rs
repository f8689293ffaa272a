//! Front matter: reading the keys netkeep knows into a [`FrontMatter`].

mod block;
mod key;
mod nesting;
mod positions;

pub use block::{split, Split, MAX_FRONT_MATTER};
pub use key::Key;
pub use nesting::{too_deep, MAX_NESTING};

use crate::dates::{parse_date, Cadence, YearlyDate};
use crate::diagnostic::Diagnostic;
use chrono::NaiveDate;
use positions::{key_positions, yaml_position, ValueFinder};
use yaml_serde::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    Active,
    Paused,
    Archived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Paused => "paused",
            Status::Archived => "archived",
        }
    }
}

/// A `[[link]]` (or bare name) in a front-matter list such as `contacts:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontLink {
    pub target: String,
    pub line: u32,
    pub column: u32,
}

/// The keys netkeep reads; all others are kept in the file, untouched.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub name: Option<String>,
    pub aliases: Vec<String>,
    /// The file line of the `aliases` key (0 when absent).
    pub aliases_line: u32,
    /// Without `#`, as written.
    pub tags: Vec<String>,
    /// `type`, lowercased, `[[ ]]` removed.
    pub types: Vec<String>,
    pub circle: Option<String>,
    pub cadence: Option<Cadence>,
    pub birthday: Option<YearlyDate>,
    /// Other yearly days: label and date, in the order written.
    pub dates: Vec<(String, YearlyDate)>,
    pub status: Status,
    pub snooze_until: Option<NaiveDate>,
    pub last_contact: Option<NaiveDate>,
    pub met: Option<NaiveDate>,
    /// The date and the file line of `next_follow_up`.
    pub next_follow_up: Option<(NaiveDate, u32)>,
    pub company: Option<String>,
    pub role: Option<String>,
    pub location: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// An interaction note's `date` and the contacts it links.
    pub date: Option<NaiveDate>,
    pub with: Vec<FrontLink>,
}

/// Reads front matter YAML. `first_line` is the file line of its first
/// line; `path` names the note in diagnostics. Returns `None` (with an
/// error) when the YAML does not parse: then the front matter is ignored
/// whole, and the body still counts.
pub fn parse(
    yaml: &str,
    first_line: u32,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    if let Some(at) = too_deep(yaml, MAX_NESTING) {
        let (line, column) = crate::diagnostic::line_col(yaml, at);
        diags.push(Diagnostic::warning(
            path,
            first_line + line - 1,
            column,
            format!(
                "front matter nests `[`/`{{` deeper than {MAX_NESTING} levels and is ignored (flatten it, or quote the value)"
            ),
        ));
        return None;
    }
    let value: Value = match yaml_serde::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            let (line, column) = e
                .location()
                .map_or((first_line, 1), |l| yaml_position(yaml, first_line, &l));
            let message = e.to_string();
            // The library appends its own position; ours is in the prefix.
            let message = message.split(" at line ").next().unwrap_or(&message);
            diags.push(Diagnostic::error(
                path,
                line,
                column,
                format!("front matter is not valid YAML and is ignored: {message}"),
            ));
            return None;
        }
    };
    let mapping = match value {
        Value::Mapping(m) => m,
        Value::Null => return Some(FrontMatter::default()),
        _ => {
            diags.push(Diagnostic::error(
                path,
                first_line,
                1,
                "front matter is not a list of `key: value` lines and is ignored",
            ));
            return None;
        }
    };
    let positions = key_positions(yaml, first_line);
    let mut fm = FrontMatter::default();
    let mut seen: Vec<Key> = Vec::new();
    for (key, value) in &mapping {
        let Some(key_text) = key.as_str() else {
            continue;
        };
        let Some(key) = Key::parse(key_text) else {
            continue;
        };
        if seen.contains(&key) || is_empty(value) {
            continue;
        }
        seen.push(key);
        let (line, column) = positions
            .iter()
            .find(|(k, _, _)| *k == key_text)
            .map_or((first_line, 1), |&(_, l, c)| (l, c));
        let mut warn = |message: String| {
            diags.push(Diagnostic::warning(
                path,
                line,
                column,
                format!("{key_text}: {message}"),
            ));
        };
        match key {
            Key::Name => {
                fm.name = scalar(value).or_else(|| {
                    warn("is not text; ignored".into());
                    None
                })
            }
            Key::Aliases => {
                fm.aliases = strings(value)
                    .iter()
                    .map(|a| unlink(a).to_string())
                    .collect();
                fm.aliases_line = line;
            }
            Key::Tags => {
                fm.tags = strings(value)
                    .iter()
                    .flat_map(|t| t.split([',', ' ']))
                    .map(|t| t.trim().trim_start_matches('#').to_string())
                    .filter(|t| !t.is_empty())
                    .collect();
            }
            Key::Type => {
                fm.types = strings(value)
                    .iter()
                    .map(|t| unlink(t).to_lowercase())
                    .collect();
            }
            Key::Circle => fm.circle = scalar(value).map(|c| unlink(&c).to_string()),
            Key::Cadence => match scalar(value).map(|s| Cadence::parse(&s)) {
                Some(Ok(c)) => fm.cadence = Some(c),
                Some(Err(message)) => warn(message),
                None => warn("is not a cadence".into()),
            },
            Key::Birthday => match scalar(value).as_deref().and_then(YearlyDate::parse) {
                Some(y) => fm.birthday = Some(y),
                None => warn(format!(
                    "`{}` is not a date: write YYYY-MM-DD, or MM-DD when the year is unknown",
                    shown(value)
                )),
            },
            Key::Dates => match value {
                Value::Mapping(days) => {
                    let mut labels = ValueFinder::new(yaml, first_line, line);
                    for (label, day) in days {
                        let label = scalar(label).unwrap_or_default();
                        // Every label, to keep the search in step.
                        let (line, column) = labels.next(&label, "", true);
                        if is_empty(day) {
                            continue;
                        }
                        match scalar(day).as_deref().and_then(YearlyDate::parse) {
                            Some(y) => fm.dates.push((label, y)),
                            None => {
                                diags.push(Diagnostic::warning(
                                    path,
                                    line,
                                    column,
                                    format!("dates: `{label}: {}` is not a date", shown(day)),
                                ));
                            }
                        }
                    }
                }
                _ => warn("should be a map of label: date".into()),
            },
            Key::Status => match scalar(value).map(|s| s.trim().to_lowercase()).as_deref() {
                Some("active") => fm.status = Status::Active,
                Some("paused") => fm.status = Status::Paused,
                Some("archived") => fm.status = Status::Archived,
                _ => warn(format!(
                    "`{}` is not a status: use active, paused or archived",
                    shown(value)
                )),
            },
            Key::SnoozeUntil | Key::LastContact | Key::Met | Key::NextFollowUp | Key::Date => {
                let Some(date) = scalar(value).as_deref().and_then(parse_date) else {
                    warn(format!("`{}` is not a date (YYYY-MM-DD)", shown(value)));
                    continue;
                };
                match key {
                    Key::SnoozeUntil => fm.snooze_until = Some(date),
                    Key::LastContact => fm.last_contact = Some(date),
                    Key::Met => fm.met = Some(date),
                    Key::NextFollowUp => fm.next_follow_up = Some((date, line)),
                    _ => fm.date = Some(date),
                }
            }
            Key::Company => fm.company = scalar(value).map(|s| unlink(&s).to_string()),
            Key::Role => fm.role = scalar(value),
            Key::Location => fm.location = scalar(value).map(|s| unlink(&s).to_string()),
            Key::Email => fm.email = scalar(value),
            Key::Phone => fm.phone = scalar(value),
            Key::With => fm.with = front_links(value, yaml, first_line, line),
        }
    }
    Some(fm)
}

/// The contacts an interaction note links under one of `keys` (config
/// `interaction_keys`, lowercase with `_` for separators), for a vault
/// that names its attendees in a way netkeep does not know. Read apart
/// from [`parse`] so that a vault without the setting pays nothing for it.
pub fn links_under(yaml: &str, first_line: u32, keys: &[String]) -> Vec<FrontLink> {
    if keys.is_empty() || too_deep(yaml, MAX_NESTING).is_some() {
        return Vec::new();
    }
    let Ok(Value::Mapping(mapping)) = yaml_serde::from_str::<Value>(yaml) else {
        return Vec::new();
    };
    let positions = key_positions(yaml, first_line);
    for (key, value) in &mapping {
        let Some(key_text) = key.as_str() else {
            continue;
        };
        let normal = key_text.trim().to_lowercase().replace([' ', '-'], "_");
        if !keys.contains(&normal) || is_empty(value) {
            continue;
        }
        let line = positions
            .iter()
            .find(|(k, _, _)| *k == key_text)
            .map_or(first_line, |&(_, l, _)| l);
        return front_links(value, yaml, first_line, line);
    }
    Vec::new()
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Sequence(s) => s.iter().all(is_empty),
        _ => false,
    }
}

/// A scalar as text (numbers and booleans too: `phone: 5550100`).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar(&t.value),
        _ => None,
    }
}

/// A string or a list of strings; an unquoted `[[Link]]` in YAML is a list
/// in a list, and is read as the link the user meant.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(items) => items
            .iter()
            .flat_map(|item| bare_link(item).or_else(|| scalar(item)))
            .filter(|s| !s.is_empty())
            .collect(),
        other => scalar(other)
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect(),
    }
}

/// `[[Name]]` written without quotes: YAML reads it as a list holding a
/// list holding `Name` (and as one level less as a whole value's item).
fn bare_link(value: &Value) -> Option<String> {
    let Value::Sequence(outer) = value else {
        return None;
    };
    match outer.as_slice() {
        [Value::Sequence(inner)] => match inner.as_slice() {
            [one] => scalar(one).map(|s| format!("[[{s}]]")),
            _ => None,
        },
        [one] => scalar(one).map(|s| format!("[[{s}]]")),
        _ => None,
    }
}

/// For messages: the value as the user wrote it, roughly.
fn shown(value: &Value) -> String {
    scalar(value).unwrap_or_else(|| {
        yaml_serde::to_string(value)
            .map(|s| s.trim().replace('\n', " "))
            .unwrap_or_default()
    })
}

/// `[[Target|Alias]]` → `Target`; anything else as it is.
pub fn unlink(text: &str) -> &str {
    let t = text.trim();
    match t.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
        Some(inner) => inner.split(['|', '#']).next().unwrap_or(inner).trim(),
        None => t,
    }
}

/// The contacts an interaction note links in `contacts:` / `people:` /
/// `with:`, each with the line it is written on.
fn front_links(value: &Value, yaml: &str, first_line: u32, key_line: u32) -> Vec<FrontLink> {
    let mut values = ValueFinder::new(yaml, first_line, key_line);
    strings(value)
        .iter()
        .filter_map(|s| {
            let inner = crate::note::inline::wikilinks(s)
                .next()
                .map(|l| l.target.to_string());
            let target = inner.unwrap_or_else(|| unlink(s).to_string());
            if target.is_empty() {
                return None;
            }
            let (line, column) = values.next(&target, "[[", false);
            Some(FrontLink {
                target,
                line,
                column,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(yaml: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let fm = parse(yaml, 2, "n.md", &mut diags).expect("parses");
        (fm, diags)
    }

    #[test]
    fn reads_every_key_in_any_case_and_spelling() {
        let (fm, diags) = parse_ok(
            "Name: Ana Lima\nAliases: [Ana, A. Lima]\ntags: [contact, '#mentor']\nType: \"[[Person]]\"\n\
             Group: mentor\nFrequency: 6w\nBirthday: 1988-11-30\ndates:\n  work anniversary: 2020-03-01\n  \
             name day: 07-26\nStatus: Paused\nsnooze_until: 2026-12-01\nLast_Contacted: 2026-10-01 14:00\n\
             met: 2019-05-04\nnext_follow_up: 2026-11-25\ncompany: \"[[Acme]]\"\nrole: CTO\nlocation: Chicago\n\
             e-mail: ana@example.com\nphone: 5550100\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.name.as_deref(), Some("Ana Lima"));
        assert_eq!(fm.aliases, ["Ana", "A. Lima"]);
        assert_eq!(fm.tags, ["contact", "mentor"]);
        assert_eq!(fm.types, ["person"]);
        assert_eq!(fm.circle.as_deref(), Some("mentor"));
        assert_eq!(fm.cadence.unwrap().written, "6w");
        assert_eq!(fm.birthday.unwrap().to_string(), "1988-11-30");
        assert_eq!(fm.dates.len(), 2);
        assert_eq!(fm.dates[1].1.to_string(), "--07-26");
        assert_eq!(fm.status, Status::Paused);
        assert_eq!(fm.snooze_until, parse_date("2026-12-01"));
        assert_eq!(fm.last_contact, parse_date("2026-10-01"));
        assert_eq!(fm.met, parse_date("2019-05-04"));
        assert_eq!(
            fm.next_follow_up,
            Some((parse_date("2026-11-25").unwrap(), 16))
        );
        assert_eq!(fm.company.as_deref(), Some("Acme"));
        assert_eq!(fm.phone.as_deref(), Some("5550100"));
        assert_eq!(fm.email.as_deref(), Some("ana@example.com"));
    }

    #[test]
    fn other_spellings() {
        let (fm, _) =
            parse_ok("last_chat: 2026-01-02\ncategory: friend\nalias: Bo\ntags: contact, vip\n");
        assert_eq!(fm.last_contact, parse_date("2026-01-02"));
        assert_eq!(fm.circle.as_deref(), Some("friend"));
        assert_eq!(fm.aliases, ["Bo"]);
        assert_eq!(fm.tags, ["contact", "vip"]);
    }

    #[test]
    fn empty_values_are_absent() {
        let (fm, diags) = parse_ok("Birthday:\naliases:\ncadence: ''\nstatus:\ntags: []\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm, FrontMatter::default());
    }

    #[test]
    fn bad_values_warn_at_their_line_and_column() {
        let (fm, diags) = parse_ok(
            "name: Bo\nbirthday: someday\ncadence: often\nstatus: gone\nmet: 2026-02-30\n",
        );
        assert_eq!(fm.name.as_deref(), Some("Bo"));
        let at: Vec<_> = diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(3, 11), (4, 10), (5, 9), (6, 6)]);
        assert!(diags[0].message.contains("birthday"));
        assert!(diags[1].message.contains("often"));
    }

    #[test]
    fn a_yaml_error_after_bare_crs_points_inside_the_note() {
        // Found by `cargo fuzz run front_matter`: libyaml counted each CR.
        let text = "---\n' ----\n\n)--\n\r--\n+---\n-\r,\n\r-z\n---\n---";
        let split = split(text);
        let mut diags = Vec::new();
        let _ = parse(split.yaml.unwrap(), 2, "x.md", &mut diags);
        let lines = text.split('\n').count() as u32;
        assert!(!diags.is_empty());
        for d in &diags {
            assert!(d.line >= 2 && d.line <= lines, "{d:?}");
        }
    }

    #[test]
    fn invalid_yaml_is_an_error_at_the_file_line() {
        let mut diags = Vec::new();
        assert!(parse("name: Bo\nbad: [unclosed\nmore: x\n", 2, "n.md", &mut diags).is_none());
        assert_eq!(diags.len(), 1);
        assert!(diags[0].line >= 3, "{:?}", diags[0]);
        assert!(diags[0].message.contains("not valid YAML"));
        let mut diags = Vec::new();
        assert!(parse("- a\n- b\n", 2, "n.md", &mut diags).is_none());
        assert_eq!(diags[0].line, 2);
    }

    #[test]
    fn interaction_links_in_any_form() {
        let (fm, _) = parse_ok("date: 2026-09-20\ncontacts: [\"[[Jane Doe]]\", \"[[bob|Bob]]\"]\n");
        let t: Vec<_> = fm.with.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(t, ["Jane Doe", "bob"]);
        assert_eq!(fm.with[0].line, 3);
        let (fm, _) = parse_ok("date: 2026-09-20\npeople:\n  - [[Ann]]\n  - Cara\n");
        let t: Vec<_> = fm
            .with
            .iter()
            .map(|l| (l.target.as_str(), l.line))
            .collect();
        assert_eq!(t, [("Ann", 4), ("Cara", 5)]);
    }

    #[test]
    fn value_positions_follow_the_values_in_order() {
        let (fm, diags) = parse_ok(
            "date: 2026-09-20\ncontacts: [\"[[Ann]]\", Ann, \"[[Bo|B]]\"]\ndates:\n  a: x\n  \"aa\": 2020-01-01\n  'b c' : y\n  a2: z\n",
        );
        let at: Vec<_> = fm
            .with
            .iter()
            .map(|l| (l.target.as_str(), l.line, l.column))
            .collect();
        assert_eq!(at, [("Ann", 3, 13), ("Ann", 3, 23), ("Bo", 3, 29)]);
        let at: Vec<_> = diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(5, 3), (7, 4), (8, 3)], "{diags:?}");
    }

    #[test]
    fn meeting_spellings_of_with() {
        for key in [
            "attendees",
            "Participants",
            "guests",
            "with",
            "contacts",
            "people",
        ] {
            let (fm, _) = parse_ok(&format!("date: 2026-09-20\n{key}: [\"[[Ann]]\"]\n"));
            assert_eq!(fm.with.len(), 1, "{key}");
            assert_eq!(fm.with[0].target, "Ann", "{key}");
        }
    }

    #[test]
    fn links_under_configured_keys() {
        let yaml = "date: 2026-09-20\nWho Was There:\n  - \"[[Ann]]\"\n  - Bo\n";
        let keys = vec!["who_was_there".to_string()];
        let links = links_under(yaml, 2, &keys);
        let t: Vec<_> = links.iter().map(|l| (l.target.as_str(), l.line)).collect();
        assert_eq!(t, [("Ann", 4), ("Bo", 5)]);
        assert!(links_under(yaml, 2, &[]).is_empty());
        assert!(links_under("x: [bad", 2, &keys).is_empty());
    }

    #[test]
    fn first_spelling_wins() {
        let (fm, _) = parse_ok("circle: work\ngroup: friend\n");
        assert_eq!(fm.circle.as_deref(), Some("work"));
    }
}
