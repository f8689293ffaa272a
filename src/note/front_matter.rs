//! Front matter: finding the YAML block and reading the keys netkeep knows,
//! in every case and spelling Obsidian CRM setups use.

use crate::dates::{parse_date, Cadence, YearlyDate};
use crate::diagnostic::{to_u32, Diagnostic};
use chrono::NaiveDate;
use yaml_serde::Value;

/// Front matter larger than this is not parsed: a broken or hostile file
/// must never stall a scan.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;

/// A note's text cut into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the delimiters (absent, or too large to read).
    pub yaml: Option<&'a str>,
    /// The file line of the YAML's first line.
    pub yaml_first_line: u32,
    /// Front matter was there but over [`MAX_FRONT_MATTER`].
    pub too_large: bool,
    /// A first line `---` followed by what looks like YAML, and no closing
    /// line: front matter the user meant, which is not read.
    pub unclosed: bool,
    /// Byte-order marks after the first one (an editor or a script that
    /// added one to a file that had one); read past, but other tools may not.
    pub extra_boms: u32,
    pub body: &'a str,
    /// The file line of the body's first line.
    pub body_first_line: u32,
}

/// Finds the front matter: a first line `---` (after an optional BOM) and
/// the next line that is `---` or `...`. Without a closing line there is no
/// front matter, as in Obsidian ([`Split::unclosed`] says when it looks
/// meant). Repeated BOMs are read past ([`Split::extra_boms`]).
pub fn split(text: &str) -> Split<'_> {
    let after_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = after_bom.trim_start_matches('\u{feff}');
    let extra_boms = to_u32((after_bom.len() - text.len()) / '\u{feff}'.len_utf8());
    let no_front = Split {
        yaml: None,
        yaml_first_line: 2,
        too_large: false,
        unclosed: false,
        extra_boms,
        body: text,
        body_first_line: 1,
    };
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return no_front;
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut at = yaml_start;
    let mut lines = 1u32;
    while at < text.len() {
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
        let line = text[at..end].trim_end();
        lines += 1;
        if line == "---" || line == "..." {
            let yaml = &text[yaml_start..at];
            let too_large = yaml.len() > MAX_FRONT_MATTER;
            let body_start = (end + 1).min(text.len());
            return Split {
                yaml: (!too_large).then_some(yaml),
                yaml_first_line: 2,
                too_large,
                unclosed: false,
                extra_boms,
                body: &text[body_start..],
                body_first_line: lines + 1,
            };
        }
        at = end + 1;
    }
    Split {
        unclosed: looks_like_yaml(&text[yaml_start..]),
        ..no_front
    }
}

/// Whether the first non-blank line of `text` is a `key: value` line with
/// a one-word key: a note that opens with `---` and then prose ("Dear
/// diary: ...") is using a horizontal rule.
fn looks_like_yaml(text: &str) -> bool {
    let Some(line) = text.lines().map(str::trim_end).find(|l| !l.is_empty()) else {
        return false;
    };
    let Some((key, _)) = line.split_once(':') else {
        return false;
    };
    let after = &line[key.len() + 1..];
    !key.is_empty()
        && !key.contains(char::is_whitespace)
        && !key.starts_with([' ', '\t', '#', '-', '>', '*', '[', '`'])
        && (after.is_empty() || after.starts_with([' ', '\t']))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FrontLink {
    pub target: String,
    pub line: u32,
    pub column: u32,
}

/// The keys netkeep reads; all others are kept in the file, untouched.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
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

/// A front-matter key netkeep reads. Keys it does not read are kept in the
/// file, untouched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Name,
    Aliases,
    Tags,
    Type,
    Circle,
    Cadence,
    Birthday,
    Dates,
    Status,
    SnoozeUntil,
    LastContact,
    Met,
    NextFollowUp,
    Company,
    Role,
    Location,
    Email,
    Phone,
    /// An interaction note's date.
    Date,
    /// The contacts an interaction note links.
    With,
}

impl Key {
    /// Every key, so that a list of the keys netkeep reads cannot miss one.
    pub const ALL: [Key; 20] = [
        Key::Name,
        Key::Aliases,
        Key::Tags,
        Key::Type,
        Key::Circle,
        Key::Cadence,
        Key::Birthday,
        Key::Dates,
        Key::Status,
        Key::SnoozeUntil,
        Key::LastContact,
        Key::Met,
        Key::NextFollowUp,
        Key::Company,
        Key::Role,
        Key::Location,
        Key::Email,
        Key::Phone,
        Key::Date,
        Key::With,
    ];

    /// The key `written` names, in any case and in the spellings other
    /// Obsidian CRM setups use; `None` for a key netkeep does not read.
    /// The one place a spelling becomes a key: a new spelling goes here.
    pub fn parse(written: &str) -> Option<Key> {
        let lower = written.trim().to_lowercase().replace([' ', '-'], "_");
        Some(match lower.as_str() {
            "name" => Key::Name,
            "aliases" | "alias" => Key::Aliases,
            "tags" | "tag" => Key::Tags,
            "type" => Key::Type,
            "circle" | "group" | "category" => Key::Circle,
            "cadence" | "frequency" => Key::Cadence,
            "birthday" => Key::Birthday,
            "dates" => Key::Dates,
            "status" => Key::Status,
            "snooze_until" => Key::SnoozeUntil,
            "last_contact" | "last_contacted" | "last_chat" => Key::LastContact,
            "met" => Key::Met,
            "next_follow_up" => Key::NextFollowUp,
            "company" => Key::Company,
            "role" => Key::Role,
            "location" => Key::Location,
            "email" | "e_mail" => Key::Email,
            "phone" => Key::Phone,
            "date" => Key::Date,
            "contacts" | "people" | "with" => Key::With,
            _ => return None,
        })
    }

    /// The key's name as netkeep writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Name => "name",
            Key::Aliases => "aliases",
            Key::Tags => "tags",
            Key::Type => "type",
            Key::Circle => "circle",
            Key::Cadence => "cadence",
            Key::Birthday => "birthday",
            Key::Dates => "dates",
            Key::Status => "status",
            Key::SnoozeUntil => "snooze_until",
            Key::LastContact => "last_contact",
            Key::Met => "met",
            Key::NextFollowUp => "next_follow_up",
            Key::Company => "company",
            Key::Role => "role",
            Key::Location => "location",
            Key::Email => "email",
            Key::Phone => "phone",
            Key::Date => "date",
            Key::With => "with",
        }
    }
}

/// Where each top-level key of the YAML starts: (key as written, file line,
/// column of its value). YAML libraries do not give positions for values,
/// and a warning must point at the line the user wrote.
fn key_positions(yaml: &str, first_line: u32) -> Vec<(&str, u32, u32)> {
    let mut found = Vec::new();
    for (i, line) in yaml.split('\n').enumerate() {
        let Some(first) = line.chars().next() else {
            continue;
        };
        if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{') {
            continue;
        }
        let Some(colon) = line.find(':') else {
            continue;
        };
        let key = line[..colon].trim().trim_matches(['"', '\'']);
        let value_at = colon + 1 + (line[colon + 1..].len() - line[colon + 1..].trim_start().len());
        let column = to_u32(line[..value_at.min(line.len())].chars().count() + 1);
        found.push((key, first_line + to_u32(i), column));
    }
    found
}

/// Where a YAML error is, as the note's line and column. libyaml counts a
/// bare CR as a line break and netkeep does not, so its line number can
/// run past the front matter: the byte offset is the truth, counted the
/// way every other diagnostic is.
fn yaml_position(yaml: &str, first_line: u32, at: &yaml_serde::Location) -> (u32, u32) {
    let mut index = at.index().min(yaml.len());
    while !yaml.is_char_boundary(index) {
        index -= 1;
    }
    let before = &yaml[..index];
    let line = before.bytes().filter(|&b| b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (first_line + to_u32(line), to_u32(column))
}

/// Flow collections (`[...]`, `{...}`) nested deeper than this are not
/// handed to the YAML parser: its cost grows with the square of the depth
/// (a 64 KiB `[[[[...` costs seconds), and no note needs more than a few.
pub const MAX_NESTING: usize = 64;

/// The byte offset in `yaml` of the `[` or `{` that first nests deeper
/// than `limit`, if one does.
///
/// Brackets inside quoted strings and comments do not count. Two scans
/// decide, and either one finding too deep is enough: one lets quoted
/// strings run over lines and skips block scalars (`|`, `>`), as YAML
/// does; the other ends every quote at its line's end and reads block
/// scalars as if they were YAML. Each covers where the other could be
/// fooled into skipping brackets YAML would read, and both only ever
/// over-count text that YAML reads as text.
pub fn too_deep(yaml: &str, limit: usize) -> Option<usize> {
    match (nesting(yaml, limit, true), nesting(yaml, limit, false)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn nesting(yaml: &str, limit: usize, like_yaml: bool) -> Option<usize> {
    let b = yaml.as_bytes();
    let blank_or_space = |i: usize| {
        b.get(i)
            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
    };
    let line_end = |i: usize| memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
    let mut depth = 0usize;
    let mut i = 0;
    // Lines indented more than this belong to a block scalar.
    let mut block_scalar: Option<usize> = None;
    while i < b.len() {
        // The start of a line: its indentation, and where its key starts
        // (after any `- ` or `? ` indicators).
        let start = i;
        let indent = b[i..].iter().take_while(|&&c| c == b' ').count();
        let end = line_end(i);
        if let Some(parent) = block_scalar {
            if indent > parent || yaml[start..end].trim().is_empty() {
                i = end + 1;
                continue;
            }
            block_scalar = None;
        }
        i += indent;
        let mut scalar_start = true;
        let mut indicator_col = indent;
        let mut key_col = None;
        let mut after_colon = false;
        while i < b.len() && b[i] != b'\n' {
            let c = b[i];
            if key_col.is_none() && !matches!(c, b' ' | b'\t') {
                if matches!(c, b'-' | b'?') && blank_or_space(i + 1) {
                    indicator_col = i - start;
                } else {
                    key_col = Some(i - start);
                }
            }
            match c {
                b'"' | b'\'' if scalar_start => {
                    match closing_quote(b, i, like_yaml) {
                        Some(close) => i = close,
                        // YAML fails on a quote never closed; the other
                        // scan reads on.
                        None if like_yaml => return None,
                        None => {}
                    }
                    scalar_start = false;
                }
                b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n') => {
                    i = line_end(i);
                    continue;
                }
                b'[' | b'{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(i);
                    }
                    scalar_start = true;
                }
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    scalar_start = false;
                }
                b',' if depth > 0 => scalar_start = true,
                b':' if depth > 0 || blank_or_space(i + 1) => {
                    scalar_start = true;
                    after_colon = true;
                }
                b'-' | b'?' if blank_or_space(i + 1) => scalar_start = true,
                b'|' | b'>' if scalar_start && depth == 0 && like_yaml => {
                    let header = yaml[i + 1..line_end(i)].split(" #").next().unwrap_or("");
                    if header
                        .trim()
                        .bytes()
                        .all(|h| matches!(h, b'+' | b'-' | b'0'..=b'9'))
                    {
                        // Its text is indented more than its key (or, for
                        // `- |`, than its dash).
                        block_scalar = Some(if after_colon {
                            key_col.unwrap_or(indent)
                        } else {
                            indicator_col
                        });
                        i = line_end(i);
                        continue;
                    }
                    scalar_start = false;
                }
                b' ' | b'\t' | b'\r' => {}
                _ => scalar_start = false,
            }
            i += 1;
        }
        i += 1;
    }
    None
}

/// The offset of the quote that closes the one at `open`: `''` is a quote
/// inside single quotes, `\"` inside double ones. `None` when it does not
/// close (on its line, unless `across_lines`).
fn closing_quote(b: &[u8], open: usize, across_lines: bool) -> Option<usize> {
    let quote = b[open];
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\n' if !across_lines => return None,
            b'\\' if quote == b'"' => {
                if b.get(i + 1) == Some(&b'\n') && !across_lines {
                    return None;
                }
                i += 1;
            }
            c if c == quote => {
                if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
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

/// Finds where a key's values are written, in the order YAML lists them
/// (a sequence's items, a map's keys): YAML libraries give values no
/// positions, and a warning should point at the value the user wrote.
///
/// Each search starts where the one before ended, and lines and columns
/// are counted on from the last value found, so a list of thousands costs
/// one pass over the text. Once a value is not found (written with escapes,
/// say), it and the rest point at the key's line.
struct ValueFinder<'y> {
    yaml: &'y str,
    first_line: u32,
    key_line: u32,
    /// Where the next search starts; `None` once one failed.
    search_from: Option<usize>,
    /// The last position found: its byte offset, its line in `yaml`
    /// (0-based) and the characters before it on that line.
    at: usize,
    line: u32,
    chars: usize,
}

impl<'y> ValueFinder<'y> {
    /// Values of the key on file line `key_line`, looked for after its `:`.
    fn new(yaml: &'y str, first_line: u32, key_line: u32) -> Self {
        let line = key_line.saturating_sub(first_line);
        let line_start: usize = yaml
            .split_inclusive('\n')
            .take(to_usize(line))
            .map(str::len)
            .sum();
        let line_end = memchr::memchr(b'\n', &yaml.as_bytes()[line_start..])
            .map_or(yaml.len(), |i| line_start + i);
        let after_colon = yaml[line_start..line_end]
            .find(':')
            .map_or(line_start, |c| line_start + c + 1);
        ValueFinder {
            yaml,
            first_line,
            key_line,
            search_from: Some(after_colon),
            at: line_start,
            line,
            chars: 0,
        }
    }

    /// The file line and column of the next `needle`, or of `lead` right
    /// before it (`[[` before a link's target). A `key` is a map's key:
    /// only a `:` may follow it, after a closing quote.
    fn next(&mut self, needle: &str, lead: &str, key: bool) -> (u32, u32) {
        let not_found = (self.key_line, 1);
        let Some(mut from) = self.search_from.filter(|_| !needle.is_empty()) else {
            return not_found;
        };
        let mut hit = loop {
            let Some(i) = self.yaml[from..].find(needle) else {
                self.search_from = None;
                return not_found;
            };
            let after = &self.yaml[from + i + needle.len()..];
            let after = after.strip_prefix(['"', '\'']).unwrap_or(after);
            if !key || after.trim_start_matches([' ', '\t']).starts_with(':') {
                break from + i;
            }
            from += i + needle.len();
        };
        self.search_from = Some(hit + needle.len());
        if hit >= self.at + lead.len() && self.yaml[..hit].ends_with(lead) {
            hit -= lead.len();
        }
        let passed = &self.yaml[self.at..hit];
        match passed.rfind('\n') {
            Some(last) => {
                self.line += to_u32(memchr::memchr_iter(b'\n', passed.as_bytes()).count());
                self.chars = passed[last + 1..].chars().count();
            }
            None => self.chars += passed.chars().count(),
        }
        self.at = hit;
        (self.first_line + self.line, to_u32(self.chars + 1))
    }
}

fn to_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
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
    fn split_finds_front_matter_and_body_lines() {
        let s = split("---\na: 1\n---\nbody\n");
        assert_eq!(s.yaml, Some("a: 1\n"));
        assert_eq!((s.body, s.body_first_line), ("body\n", 4));
        let s = split("\u{feff}---\r\na: 1\r\n...\r\nbody");
        assert_eq!(s.yaml, Some("a: 1\r\n"));
        assert_eq!((s.body, s.body_first_line), ("body", 4));
        let s = split("---\n---\n");
        assert_eq!((s.yaml, s.body, s.body_first_line), (Some(""), "", 3));
        let s = split("no front\n---\n");
        assert_eq!((s.yaml, s.body_first_line), (None, 1));
        let s = split("---\nnever closed\n");
        assert_eq!((s.yaml, s.body), (None, "---\nnever closed\n"));
        let s = split("--- \nx: 1\n---");
        assert_eq!((s.yaml, s.body), (Some("x: 1\n"), ""));
    }

    #[test]
    fn split_refuses_huge_front_matter() {
        let text = format!(
            "---\n{}---\nbody\n",
            "k: v\n".repeat(MAX_FRONT_MATTER / 5 + 10)
        );
        let s = split(&text);
        assert!(s.too_large);
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn split_says_when_front_matter_is_never_closed() {
        let s = split("---\nname: Ann\n- 2026-01-01 x\n");
        assert!(s.unclosed);
        assert_eq!(s.yaml, None);
        assert!(split("\u{feff}---\r\n\r\nname:\r\n").unclosed);
        // Prose after a rule is not front matter someone forgot to close.
        assert!(!split("---\nDear diary: today\n").unclosed);
        assert!(!split("---\n- a: b\n").unclosed);
        assert!(!split("---\n").unclosed);
        assert!(!split("---\nname: Ann\n---\n").unclosed);
    }

    #[test]
    fn split_reads_past_repeated_boms() {
        let s = split("\u{feff}\u{feff}\u{feff}---\nname: Ann\n---\nbody");
        assert_eq!(
            (s.yaml, s.extra_boms, s.body),
            (Some("name: Ann\n"), 2, "body")
        );
        assert_eq!(split("\u{feff}---\n---\n").extra_boms, 0);
        assert_eq!(split("\u{feff}\u{feff}body").body, "body");
    }

    #[test]
    fn nesting_is_bounded_before_the_yaml_parser_sees_it() {
        let deep = |n: usize| format!("x: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert_eq!(too_deep(&deep(64), 64), None);
        assert_eq!(too_deep(&deep(65), 64), Some(3 + 64));
        assert_eq!(too_deep(&"{a: ".repeat(100), 64), Some(4 * 64));
        // Ordinary front matter, brackets in quotes and comments.
        let fine = "aliases: [\"[[A]]\", '[[B]]']\ntags: [a, b] # [[[[\nq: \"[[[[ \\\" [[[[\"\n";
        assert_eq!(too_deep(fine, 2), None);
        let many_quoted = format!(
            "name: \"{}\"\nit: 'a''{}'\n",
            "[".repeat(100),
            "{".repeat(100)
        );
        assert_eq!(too_deep(&many_quoted, 64), None);
        // A plain scalar's apostrophe opens no quote.
        let plain = format!("name: O'Brien\nx: {}", "[".repeat(70));
        assert!(too_deep(&plain, 64).is_some());
    }

    #[test]
    fn nesting_cannot_hide_behind_quotes_or_block_scalars() {
        let brackets = "[".repeat(70);
        // A quote inside a block scalar is text, not the start of a string.
        let after_block = format!("notes: |\n  \"\nx: {brackets}\n");
        assert!(too_deep(&after_block, 64).is_some());
        let in_list = format!("- |\n  '\n- {brackets}\n");
        assert!(too_deep(&in_list, 64).is_some());
        // A string running over lines ends where YAML ends it.
        let multi_line = format!("k: \"abc\n  \" {brackets} \"\n");
        assert!(too_deep(&multi_line, 64).is_some());
        // `]` in quotes does not close a level.
        let closers = format!("x: {}", "[ \"]\", ".repeat(70));
        assert!(too_deep(&closers, 64).is_some());
        // A block scalar's own text is skipped.
        let text = format!("notes: >-\n  {brackets}\n  more\nname: Ann\n");
        assert!(nesting(&text, 64, true).is_none());
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
    fn thousands_of_links_in_front_matter_cost_one_pass() {
        let n = 5_000;
        let list: Vec<String> = (0..n).map(|i| format!("\"[[P{i}]]\"")).collect();
        let yaml = format!("date: 2026-09-20\ncontacts: [{}]\n", list.join(", "));
        let (fm, _) = parse_ok(&yaml);
        assert_eq!(fm.with.len(), n);
        let last = fm.with.last().unwrap();
        let offset = yaml.find(&format!("[[P{}]]", n - 1)).unwrap();
        let line_start = yaml[..offset].rfind('\n').unwrap() + 1;
        assert_eq!(
            (last.line, last.column),
            (3, to_u32(offset - line_start + 1))
        );
        // Every search after the first starts past the one before: the
        // finder never goes back.
        let mut values = ValueFinder::new(&yaml, 2, 3);
        let mut last_at = 0;
        for i in 0..n {
            values.next(&format!("P{i}"), "[[", false);
            assert!(values.at >= last_at);
            last_at = values.at;
        }
        assert_eq!(values.next("P0", "[[", false), (3, 1), "behind: not found");
        assert_eq!(
            values.next("P1", "[[", false),
            (3, 1),
            "and the rest point at the key"
        );
    }

    #[test]
    fn every_key_is_listed_once_and_read_back_from_its_name() {
        for (i, &key) in Key::ALL.iter().enumerate() {
            assert_eq!(Key::parse(key.as_str()), Some(key));
            assert!(!Key::ALL[..i].contains(&key), "{key:?} twice");
        }
        // Each listed once, and as many as there are: none is left out.
        assert_eq!(Key::ALL.len(), Key::With as usize + 1);
    }

    #[test]
    fn first_spelling_wins() {
        let (fm, _) = parse_ok("circle: work\ngroup: friend\n");
        assert_eq!(fm.circle.as_deref(), Some("work"));
    }
}
