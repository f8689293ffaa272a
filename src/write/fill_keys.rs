//! The pure edit that fills the front-matter keys a note lacks (`import
//! --update`, and the keys a vault template has no place for): it only
//! inserts text, so every byte the user wrote stays, in order.

use super::edit::line_ending;
use super::new_note::yaml_scalar;
use crate::note::front_matter::{normalise_key, split, Key, KeySpellings};

/// A value to write under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    One(String),
    /// Written as a flow list, `[a, b]`.
    List(Vec<String>),
    /// Written as a block map, one `label: value` line each.
    Map(Vec<(String, String)>),
}

impl Value {
    fn is_empty(&self) -> bool {
        match self {
            Value::One(s) => s.is_empty(),
            Value::List(v) => v.is_empty(),
            Value::Map(m) => m.is_empty(),
        }
    }
}

/// Why a note's front matter is left alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FillError {
    #[error("its front matter is not valid YAML")]
    NotYaml,
    #[error("its front matter is too large to read")]
    TooLarge,
    #[error("its front matter has no closing `---` line")]
    Unclosed,
}

/// How a key is compared: netkeep's own name for a key it reads (so
/// `org` counts as `company`), else the normalised spelling.
fn key_id(written: &str, spellings: &KeySpellings) -> String {
    match Key::read(written, spellings) {
        Some(k) => k.as_str().to_string(),
        None => normalise_key(written),
    }
}

fn is_blank(v: &yaml_serde::Value) -> bool {
    match v {
        yaml_serde::Value::Null => true,
        yaml_serde::Value::String(s) => s.trim().is_empty(),
        yaml_serde::Value::Sequence(s) => s.is_empty(),
        yaml_serde::Value::Mapping(m) => m.is_empty(),
        _ => false,
    }
}

/// `key: value` as lines (each ending in `le`).
fn render(key: &str, value: &Value, le: &str) -> String {
    match value {
        Value::One(s) => format!("{key}: {}{le}", yaml_scalar(s)),
        Value::List(items) => format!("{key}: [{}]{le}", flow(items)),
        Value::Map(pairs) => format!("{key}:{le}{}", map_lines(pairs, le)),
    }
}

fn flow(items: &[String]) -> String {
    items
        .iter()
        .map(|i| yaml_scalar(i))
        .collect::<Vec<_>>()
        .join(", ")
}

fn map_lines(pairs: &[(String, String)], le: &str) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("  {}: {}{le}", yaml_scalar(k), yaml_scalar(v)))
        .collect()
}

/// The keys of `fields` that `text` lacks (absent, or present with an
/// empty value), filled. A key present with an empty value on a line of
/// its own (`birthday:` as templates leave it) gets the value after its
/// colon; any other missing key is added as new lines before the closing
/// `---`; a note without front matter gets one. `Ok(None)` when nothing is
/// missing. Only ever inserts: removing what it added gives `text` back.
pub fn fill_missing(
    text: &str,
    fields: &[(String, Value)],
    spellings: &KeySpellings,
) -> Result<Option<String>, FillError> {
    let le = line_ending(text);
    let parts = split(text);
    if parts.too_large {
        return Err(FillError::TooLarge);
    }
    if parts.unclosed {
        return Err(FillError::Unclosed);
    }
    let fields: Vec<&(String, Value)> = fields.iter().filter(|(_, v)| !v.is_empty()).collect();
    let Some(yaml) = parts.yaml else {
        if fields.is_empty() {
            return Ok(None);
        }
        // After the BOM(s): front matter must open the file.
        let at = text.len() - text.trim_start_matches('\u{feff}').len();
        let mut block = format!("---{le}");
        for (key, value) in &fields {
            block.push_str(&render(key, value, le));
        }
        block.push_str(&format!("---{le}"));
        return Ok(Some(format!("{}{block}{}", &text[..at], &text[at..])));
    };
    let mapping = match yaml_serde::from_str::<yaml_serde::Value>(yaml) {
        Ok(yaml_serde::Value::Mapping(m)) => m,
        Ok(yaml_serde::Value::Null) => yaml_serde::Mapping::new(),
        _ => return Err(FillError::NotYaml),
    };
    // Each key the note has: filled, or empty (and then its text).
    let mut present: Vec<(String, Option<String>)> = Vec::new();
    for (k, v) in &mapping {
        let Some(written) = k.as_str() else { continue };
        let id = key_id(written, spellings);
        let filled = !is_blank(v);
        present.push((id, (!filled).then(|| written.to_string())));
    }
    let yaml_start = yaml.as_ptr() as usize - text.as_ptr() as usize;
    let yaml_end = yaml_start + yaml.len();
    // (offset, text) insertions, applied in offset order.
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut appended = String::new();
    for (key, value) in fields {
        let id = key_id(key, spellings);
        let mine: Vec<&(String, Option<String>)> =
            present.iter().filter(|(p, _)| *p == id).collect();
        if mine.iter().any(|(_, empty)| empty.is_none()) {
            continue;
        }
        if let Some((_, Some(written))) = mine.first() {
            // Present but empty: fill its line when it is a bare `key:`;
            // empty in any other form (a comment after it, `[]`, quotes)
            // it is left to the user.
            if let Some((line_end, after_colon, ending_len)) = bare_key_line(yaml, written) {
                // After the spaces a template left (`email: `), else after
                // the colon with one of ours.
                let (at, space) = if line_end > after_colon {
                    (yaml_start + line_end, "")
                } else {
                    (yaml_start + after_colon, " ")
                };
                inserts.push(match value {
                    Value::Map(pairs) => (yaml_start + line_end + ending_len, map_lines(pairs, le)),
                    Value::One(s) => (at, format!("{space}{}", yaml_scalar(s))),
                    Value::List(items) => (at, format!("{space}[{}]", flow(items))),
                });
            }
            continue;
        }
        appended.push_str(&render(key, value, le));
    }
    if !appended.is_empty() {
        // The YAML is whole lines: the closing `---` starts a line.
        inserts.push((yaml_end, appended));
    }
    if inserts.is_empty() {
        return Ok(None);
    }
    inserts.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(text.len() + 256);
    let mut from = 0;
    for (at, piece) in inserts {
        out.push_str(&text[from..at]);
        out.push_str(&piece);
        from = at;
    }
    out.push_str(&text[from..]);
    Ok(Some(out))
}

/// Where the top-level line `written:` with nothing but spaces after it
/// lies in `yaml`: the end of its content, the offset just after its
/// colon, and the length of its line ending. `None` for any other form,
/// or when indented lines (a block value) follow it.
fn bare_key_line(yaml: &str, written: &str) -> Option<(usize, usize, usize)> {
    let mut at = 0;
    let mut lines = yaml.split_inclusive('\n').peekable();
    while let Some(raw) = lines.next() {
        let content = raw.trim_end_matches(['\n', '\r']);
        if let Some(rest) = content.strip_prefix(written) {
            if let Some(after) = rest.strip_prefix(':') {
                if after.trim().is_empty() {
                    let next_indented = lines
                        .peek()
                        .is_some_and(|n| n.starts_with([' ', '\t', '-']));
                    if next_indented {
                        return None;
                    }
                    let colon = at + written.len() + 1;
                    return Some((at + content.len(), colon, raw.len() - content.len()));
                }
            }
        }
        at += raw.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(k: &str, v: &str) -> (String, Value) {
        (k.to_string(), Value::One(v.to_string()))
    }

    fn fill(text: &str, fields: &[(String, Value)]) -> Option<String> {
        fill_missing(text, fields, &KeySpellings::default()).unwrap()
    }

    #[test]
    fn adds_missing_keys_before_the_closing_line() {
        let text = "---\nname: Ana\ncompany: Acme\n---\n# Ana\n";
        let got = fill(
            text,
            &[
                one("company", "Other"),
                one("role", "CTO"),
                (
                    "email".into(),
                    Value::List(vec!["a@x.io".into(), "b@x.io".into()]),
                ),
                (
                    "dates".into(),
                    Value::Map(vec![("anniversary".into(), "2010-06-01".into())]),
                ),
            ],
        );
        assert_eq!(
            got.as_deref(),
            Some("---\nname: Ana\ncompany: Acme\nrole: CTO\nemail: [a@x.io, b@x.io]\ndates:\n  anniversary: 2010-06-01\n---\n# Ana\n")
        );
    }

    #[test]
    fn another_spelling_of_a_key_counts_as_present() {
        let text = "---\norg: Acme\nJob Title: CTO\n---\n";
        assert_eq!(fill(text, &[one("company", "X"), one("role", "Y")]), None);
    }

    #[test]
    fn an_empty_key_line_gets_its_value_after_the_colon() {
        let text =
            "\u{feff}---\r\nbirthday:\r\nemail: \r\ndates:\r\nlocation:  # where\r\n---\r\nbody";
        let got = fill(
            text,
            &[
                one("birthday", "--03-15"),
                ("email".into(), Value::List(vec!["a@x.io".into()])),
                (
                    "dates".into(),
                    Value::Map(vec![("anniversary".into(), "2010-06-01".into())]),
                ),
                one("location", "Chicago"),
            ],
        );
        assert_eq!(
            got.as_deref(),
            Some("\u{feff}---\r\nbirthday: \"--03-15\"\r\nemail: [a@x.io]\r\ndates:\r\n  anniversary: 2010-06-01\r\nlocation:  # where\r\n---\r\nbody")
        );
    }

    #[test]
    fn a_note_without_front_matter_gets_one() {
        assert_eq!(
            fill("# Bo\n", &[one("email", "bo@x.io")]).as_deref(),
            Some("---\nemail: bo@x.io\n---\n# Bo\n")
        );
        assert_eq!(fill("# Bo\n", &[]), None);
    }

    #[test]
    fn broken_front_matter_is_left_alone() {
        let r = fill_missing(
            "---\nname: [unclosed\n---\n",
            &[one("email", "a@b")],
            &KeySpellings::default(),
        );
        assert_eq!(r, Err(FillError::NotYaml));
    }
}
