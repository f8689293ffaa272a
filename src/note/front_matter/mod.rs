//! Front matter: reading the keys netkeep knows into a [`FrontMatter`].

mod block;
pub(crate) mod body_keys;
mod key;
mod nesting;
mod positions;

pub use block::{split, Split, MAX_FRONT_MATTER};
pub use key::{normalise as normalise_key, Key, KeySpellings, Owner};
pub use nesting::{too_deep, MAX_NESTING};

use crate::dates::{parse_date_value, Cadence, DateOrder, YearlyDate};
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
    /// `type` and `categories` values, lowercased, `[[ ]]` and `#`
    /// removed.
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

/// What reading keys depends on besides their text: the vault's own
/// spellings of them (`[keys]`) and how it writes dates (`date_order`).
#[derive(Debug, Clone, Copy)]
pub struct Reading<'a> {
    pub spellings: &'a KeySpellings,
    pub date_order: DateOrder,
}

/// Warnings about values that matter only to some notes, held until the
/// note knows what it is (see [`Owner`]).
#[derive(Debug, Default)]
pub struct Held {
    /// About contact keys: kept when the note is a contact.
    pub contact: Vec<Diagnostic>,
    /// About `date`: kept when the note is used as an interaction note.
    pub interaction: Vec<Diagnostic>,
}

/// Reads front matter YAML. `first_line` is the file line of its first
/// line; `path` names the note in diagnostics. Returns `None` (with an
/// error) when the YAML does not parse: then the front matter is ignored
/// whole, and the body still counts. Every warning about a value goes to
/// `diags`; [`parse_held`] holds them back for the note to choose.
pub fn parse(
    yaml: &str,
    first_line: u32,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    parse_with(yaml, first_line, path, &KeySpellings::default(), diags)
}

/// [`parse`], reading also the spellings a vault's `[keys]` table gives
/// netkeep's keys.
pub fn parse_with(
    yaml: &str,
    first_line: u32,
    path: &str,
    spellings: &KeySpellings,
    diags: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let mut held = Held::default();
    let reading = Reading {
        spellings,
        date_order: DateOrder::Unset,
    };
    let front = parse_held(yaml, first_line, path, &reading, diags, &mut held);
    diags.append(&mut held.contact);
    diags.append(&mut held.interaction);
    front
}

/// Like [`parse_with`], but warnings about a value go to `held`, by whose
/// business the key is, for the note to keep or drop once it knows
/// whether it is a contact or an interaction note.
pub fn parse_held(
    yaml: &str,
    first_line: u32,
    path: &str,
    reading: &Reading<'_>,
    diags: &mut Vec<Diagnostic>,
    held: &mut Held,
) -> Option<FrontMatter> {
    let Reading {
        spellings,
        date_order,
    } = *reading;
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
    // Each key read so far: how it was written, and on which line.
    let mut seen: Vec<(Key, &str, u32)> = Vec::new();
    for (key, value) in &mapping {
        let Some(key_text) = key.as_str() else {
            continue;
        };
        let Some(key) = Key::read(key_text, spellings) else {
            continue;
        };
        // An empty value is an absent key (a template's leftover): it
        // neither counts nor clashes with another spelling.
        if is_empty(value) {
            continue;
        }
        let (line, column) = positions
            .iter()
            .find(|(k, _, _)| *k == key_text)
            .map_or((first_line, 1), |&(_, l, c)| (l, c));
        let value_diags = match key.owner() {
            Owner::Contact => &mut held.contact,
            Owner::Interaction => &mut held.interaction,
            Owner::Any => &mut *diags,
        };
        if let Some(&(_, first_text, first_at)) = seen.iter().find(|(k, _, _)| *k == key) {
            value_diags.push(another_spelling(
                path,
                (line, column),
                key_text,
                first_text,
                first_at,
                key,
            ));
            continue;
        }
        seen.push((key, key_text, line));
        let mut warn = |message: String| {
            value_diags.push(Diagnostic::warning(
                path,
                line,
                column,
                format!("{key_text}: {message}"),
            ));
        };
        let shown = |value: &Value| shown(value, yaml, first_line, line);
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
            Key::Type | Key::Categories => {
                fm.types.extend(
                    strings(value)
                        .iter()
                        .map(|t| unlink(t.trim().trim_start_matches('#')).to_lowercase()),
                );
            }
            Key::Circle => fm.circle = scalar(value).map(|c| unlink(&c).to_string()),
            Key::Cadence => match scalar(value).map(|s| Cadence::parse(&s)) {
                Some(Ok(c)) => fm.cadence = Some(c),
                Some(Err(message)) => warn(message),
                None => warn("is not a cadence".into()),
            },
            Key::Birthday => match scalar(value)
                .or_else(|| Some(shown(value)))
                .as_deref()
                .and_then(|v| YearlyDate::parse_in(v, date_order))
            {
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
                        match scalar(day)
                            .as_deref()
                            .and_then(|v| YearlyDate::parse_in(v, date_order))
                        {
                            Some(y) => fm.dates.push((label, y)),
                            None => {
                                let day = self::shown(day, yaml, first_line, line);
                                held.contact.push(Diagnostic::warning(
                                    path,
                                    line,
                                    column,
                                    format!("dates: `{label}: {day}` is not a date"),
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
                // `[[Nov 23rd, 1982]]` unquoted is a list to YAML: the
                // value as written is what is read.
                let date = scalar(value)
                    .or_else(|| Some(shown(value)))
                    .and_then(|v| parse_date_value(&v, date_order));
                let Some(date) = date else {
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
            // `emails: [a, b]`: the first is the one to show.
            Key::Email => fm.email = strings(value).into_iter().next(),
            Key::Phone => fm.phone = strings(value).into_iter().next(),
            Key::With => fm.with = front_links(value, yaml, first_line, line),
        }
    }
    Some(fm)
}

/// The warning for a key given twice, under two spellings (`circle` and
/// `group`, say): the first one written wins, as YAML readers that allow a
/// repeated key do, so moving a line is all it takes to choose.
fn another_spelling(
    path: &str,
    (line, column): (u32, u32),
    written: &str,
    first: &str,
    first_line: u32,
    key: Key,
) -> Diagnostic {
    let same = if written == first {
        format!("`{written}` is given twice")
    } else {
        format!(
            "`{written}` and `{first}` both give netkeep's `{}`",
            key.as_str()
        )
    };
    Diagnostic::warning(
        path,
        line,
        column,
        format!(
            "{same}; the first one, on line {first_line}, wins and this one is ignored (remove one of them)"
        ),
    )
    .lint()
}

/// The contacts an interaction note links under one of `keys` (config
/// `interaction_keys`, in any case and separators), for a vault
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
        // Compared as every key is, whatever its case and separators.
        let normal = key::normalise(key_text);
        if !keys.iter().any(|k| key::normalise(k) == normal) || is_empty(value) {
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

/// For messages: the value as the user wrote it. A scalar as YAML reads
/// it; anything else as the text after the `:` of its file `line`, for
/// YAML reads an unquoted `{{date}}` (a template's placeholder) as a map
/// of a map, which it would print as nothing the user wrote.
fn shown(value: &Value, yaml: &str, first_line: u32, line: u32) -> String {
    if let Some(text) = scalar(value) {
        return text;
    }
    let written = line
        .checked_sub(first_line)
        .and_then(|i| yaml.split('\n').nth(i as usize))
        .and_then(|l| l.split_once(':'))
        .map(|(_, after)| after.trim())
        .filter(|after| !after.is_empty());
    match written {
        Some(text) => text.to_string(),
        None => yaml_serde::to_string(value)
            .map(|s| s.trim().replace('\n', " "))
            .unwrap_or_default(),
    }
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
    use crate::dates::parse_date;

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
        let (fm, _) = parse_ok(
            "last_chat: 2026-01-02\nrelationship: friend\nalias: Bo\ntags: contact, vip\n",
        );
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
    fn type_and_categories_in_every_form_are_types() {
        let (fm, diags) =
            parse_ok("type: \"#Person\"\ncategories:\n  - \"[[People]]\"\n  - [[Books|books]]\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.types, ["person", "people", "books"]);
        let (fm, _) = parse_ok("Category: \"[[CRM Contact]]\"\n");
        assert_eq!(fm.types, ["crm contact"]);
        assert!(fm.circle.is_none(), "category is no circle");
    }

    #[test]
    fn value_warnings_are_held_by_whose_business_the_key_is() {
        let mut diags = Vec::new();
        let mut held = Held::default();
        let fm = parse_held(
            "status: blocked\ndate: 29 Julyish 2023\ntags: [a]\ndates:\n  x: soon\n",
            2,
            "n.md",
            &Reading {
                spellings: &KeySpellings::default(),
                date_order: DateOrder::Unset,
            },
            &mut diags,
            &mut held,
        )
        .unwrap();
        assert_eq!(fm.tags, ["a"]);
        assert!(diags.is_empty(), "{diags:?}");
        let at = |d: &[Diagnostic]| d.iter().map(|d| d.line).collect::<Vec<_>>();
        assert_eq!(at(&held.contact), [2, 6]);
        assert_eq!(at(&held.interaction), [3]);
    }

    #[test]
    fn a_bad_value_is_quoted_as_written() {
        // YAML reads `{{date}}` as a map holding a map: quote the text.
        let (_, diags) = parse_ok(
            "date: {{date}}\nbirthday: {{date:YYYY-MM-DD}}  \nmet: [a, b]\nsnooze_until:\n  - x\nstatus: \"gone\"\n",
        );
        let messages: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "birthday: `{{date:YYYY-MM-DD}}` is not a date: write YYYY-MM-DD, or MM-DD when the year is unknown",
                "met: `[a, b]` is not a date (YYYY-MM-DD)",
                "snooze_until: `- x` is not a date (YYYY-MM-DD)",
                "status: `gone` is not a status: use active, paused or archived",
                "date: `{{date}}` is not a date (YYYY-MM-DD)",
            ]
        );
    }

    #[test]
    fn first_spelling_wins_and_the_second_is_a_warning_at_its_value() {
        let (fm, diags) = parse_ok("circle: work\nname: Bo\nGroup:   friend\n");
        assert_eq!(fm.circle.as_deref(), Some("work"));
        assert_eq!(diags.len(), 1, "{diags:?}");
        let d = &diags[0];
        assert_eq!(
            (d.line, d.column, d.kind),
            (4, 10, crate::diagnostic::Kind::Lint)
        );
        assert!(
            d.message
                .contains("`Group` and `circle` both give netkeep's `circle`")
                && d.message.contains("the first one, on line 2, wins"),
            "{}",
            d.message
        );
        // Two aliases of one key, in any order.
        let (fm, diags) = parse_ok("lastContacted: 2026-03-01\nlast-chat: 2026-04-01\n");
        assert_eq!(fm.last_contact, parse_date("2026-03-01"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 3);
    }

    #[test]
    fn an_empty_spelling_neither_counts_nor_clashes() {
        // Templates leave `E-mail:` empty beside a filled `email:`.
        let (fm, diags) =
            parse_ok("E-mail:\nemail: a@b.c\nLast Contact: ''\nlast_contacted: 2026-01-05\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.email.as_deref(), Some("a@b.c"));
        assert_eq!(fm.last_contact, parse_date("2026-01-05"));
    }

    #[test]
    fn aliases_fill_the_fields_they_name() {
        let (fm, diags) = parse_ok(
            "contactFrequency: 30\nNext Contact: 2026-12-01\nfirst-met: 2020-02-02\n\
             Last Interaction: 2026-10-10\nRelationship Type: mentor\nOrganisation: \"[[Acme]]\"\n\
             Job Title: CTO\nDOB: 1990-05-06\nE-Mail: [ana@x.org, ana@y.org]\nPhone Number: 5550100\n\
             Based In: Lisbon\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let cadence = fm.cadence.unwrap();
        assert_eq!(
            (cadence.count, cadence.unit),
            (30, crate::dates::Unit::Days)
        );
        assert_eq!(
            fm.next_follow_up.map(|(d, l)| (d.to_string(), l)),
            Some(("2026-12-01".into(), 3))
        );
        assert_eq!(fm.met, parse_date("2020-02-02"));
        assert_eq!(fm.last_contact, parse_date("2026-10-10"));
        assert_eq!(fm.circle.as_deref(), Some("mentor"));
        assert_eq!(fm.company.as_deref(), Some("Acme"));
        assert_eq!(fm.role.as_deref(), Some("CTO"));
        assert_eq!(fm.birthday.unwrap().to_string(), "1990-05-06");
        assert_eq!(fm.email.as_deref(), Some("ana@x.org"));
        assert_eq!(fm.phone.as_deref(), Some("5550100"));
        assert_eq!(fm.location.as_deref(), Some("Lisbon"));
    }

    #[test]
    fn a_bad_value_under_an_alias_names_the_spelling_written() {
        let (fm, diags) = parse_ok("keep_in_touch: often\n");
        assert!(fm.cadence.is_none());
        assert_eq!((diags[0].line, diags[0].column), (2, 16));
        assert!(
            diags[0].message.starts_with("keep_in_touch: "),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn a_vault_table_adds_spellings() {
        let mut spellings = KeySpellings::default();
        spellings.add("rhythm", Key::Cadence);
        spellings.add("group", Key::Company);
        let mut diags = Vec::new();
        let fm = parse_with(
            "Rhythm: 2w\ngroup: Acme\n",
            2,
            "n.md",
            &spellings,
            &mut diags,
        )
        .unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.cadence.unwrap().written, "2w");
        assert_eq!(fm.company.as_deref(), Some("Acme"));
        assert_eq!(fm.circle, None);
        // Without the table, `rhythm` is no key of netkeep's.
        let (fm, _) = parse_ok("Rhythm: 2w\n");
        assert!(fm.cadence.is_none());
    }
}
