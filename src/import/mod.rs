//! Import: people read from another tool's export (vCard, LinkedIn,
//! Google, Outlook or any CSV), before they become contact notes.

pub mod matcher;
pub mod table;
pub mod vcard;

use crate::write::fill_keys::Value;
use chrono::NaiveDate;

/// The exports netkeep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Vcard,
    Linkedin,
    Google,
    Outlook,
    /// Any CSV: its headers are netkeep's keys or are mapped to them.
    Csv,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Vcard => "vCard",
            Source::Linkedin => "LinkedIn",
            Source::Google => "Google Contacts CSV",
            Source::Outlook => "Outlook CSV",
            Source::Csv => "CSV",
        }
    }
}

/// One person as an export gives them, in netkeep's words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub aliases: Vec<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    pub location: Option<String>,
    /// `YYYY-MM-DD` or `--MM-DD`.
    pub birthday: Option<String>,
    /// Other yearly days: label and date.
    pub dates: Vec<(String, String)>,
    pub met: Option<NaiveDate>,
    pub tags: Vec<String>,
    pub urls: Vec<String>,
    /// Other keys a generic CSV names (circle, cadence, status, ...), as
    /// written.
    pub other: Vec<(String, String)>,
    /// Free text for the note's body.
    pub note: Option<String>,
}

/// What one card or row gave: a person, or why not; `line` is where it
/// starts in the file (1-based). `warnings` are values that were dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: u32,
    pub person: Result<Person, String>,
    pub warnings: Vec<String>,
}

/// The file is not the export it was named as.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct NotFormat {
    pub line: u32,
    pub message: String,
}

/// Reads every record of `text` as `source`; `map` gives a generic
/// CSV's columns their keys (`column=key`). Fails before any record when
/// the file is not that export.
pub fn read<'a>(
    source: Source,
    text: &'a str,
    map: &[(String, String)],
) -> Result<Box<dyn Iterator<Item = Record> + 'a>, NotFormat> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match source {
        Source::Vcard => Ok(Box::new(vcard::read(text)?)),
        _ => Ok(Box::new(table::read(source, text, map)?)),
    }
}

/// Collapses runs of whitespace and trims: exports pad and wrap names.
pub(crate) fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `list` with `item` added unless an equal one (ignoring case) is there.
pub(crate) fn push_new(list: &mut Vec<String>, item: &str) {
    let item = item.trim();
    if !item.is_empty() && !list.iter().any(|i| i.eq_ignore_ascii_case(item)) {
        list.push(item.to_string());
    }
}

impl Person {
    /// The front-matter keys this person gives a note, in the order they
    /// are written; `name` only when it differs from the file stem.
    pub fn fields(&self, stem: &str) -> Vec<(String, Value)> {
        let mut out: Vec<(String, Value)> = Vec::new();
        let one = |k: &str, v: &Option<String>, out: &mut Vec<(String, Value)>| {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                out.push((k.to_string(), Value::One(v.to_string())));
            }
        };
        if self.name != stem {
            out.push(("name".into(), Value::One(self.name.clone())));
        }
        let list = |k: &str, v: &[String], out: &mut Vec<(String, Value)>| match v {
            [] => {}
            [only] if k != "aliases" && k != "tags" => {
                out.push((k.to_string(), Value::One(only.clone())))
            }
            many => out.push((k.to_string(), Value::List(many.to_vec()))),
        };
        list("aliases", &self.aliases, &mut out);
        for (k, v) in &self.other {
            out.push((k.clone(), Value::One(v.clone())));
        }
        one("company", &self.company, &mut out);
        one("role", &self.role, &mut out);
        list("email", &self.emails, &mut out);
        list("phone", &self.phones, &mut out);
        one("location", &self.location, &mut out);
        one("birthday", &self.birthday, &mut out);
        if !self.dates.is_empty() {
            out.push(("dates".into(), Value::Map(self.dates.clone())));
        }
        let (linkedin, urls): (Vec<String>, Vec<String>) = self
            .urls
            .iter()
            .cloned()
            .partition(|u| u.to_lowercase().contains("linkedin.com/"));
        list("linkedin", &linkedin, &mut out);
        list("url", &urls, &mut out);
        list("tags", &self.tags, &mut out);
        one("met", &self.met.map(|d| d.to_string()), &mut out);
        out
    }

    /// Adds what `other` (the same person, from another row) knows and
    /// this one does not.
    pub fn merge(&mut self, other: Person) {
        for a in other
            .aliases
            .iter()
            .chain(Some(&other.name).filter(|n| !n.eq_ignore_ascii_case(&self.name)))
        {
            push_new(&mut self.aliases, a);
        }
        for e in &other.emails {
            push_new(&mut self.emails, e);
        }
        for p in &other.phones {
            if !self.phones.iter().any(|mine| matcher::same_number(mine, p)) {
                push_new(&mut self.phones, p);
            }
        }
        for t in &other.tags {
            push_new(&mut self.tags, t);
        }
        for u in &other.urls {
            push_new(&mut self.urls, u);
        }
        let fill = |mine: &mut Option<String>, theirs: Option<String>| {
            if mine.is_none() {
                *mine = theirs;
            }
        };
        fill(&mut self.company, other.company);
        fill(&mut self.role, other.role);
        fill(&mut self.location, other.location);
        fill(&mut self.birthday, other.birthday);
        fill(&mut self.note, other.note);
        if self.met.is_none() {
            self.met = other.met;
        }
        for d in other.dates {
            if !self.dates.iter().any(|(l, _)| *l == d.0) {
                self.dates.push(d);
            }
        }
        for o in other.other {
            if !self.other.iter().any(|(k, _)| *k == o.0) {
                self.other.push(o);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_write_one_value_plainly_and_several_as_a_list() {
        let p = Person {
            name: "Ana Lima".into(),
            emails: vec!["a@x.io".into()],
            phones: vec!["+1 555".into(), "555 2".into()],
            urls: vec!["https://www.linkedin.com/in/ana".into()],
            tags: vec!["friend".into()],
            ..Person::default()
        };
        let f = p.fields("Ana Lima");
        assert_eq!(
            f,
            vec![
                ("email".into(), Value::One("a@x.io".into())),
                (
                    "phone".into(),
                    Value::List(vec!["+1 555".into(), "555 2".into()])
                ),
                (
                    "linkedin".into(),
                    Value::One("https://www.linkedin.com/in/ana".into())
                ),
                ("tags".into(), Value::List(vec!["friend".into()])),
            ]
        );
    }
}
