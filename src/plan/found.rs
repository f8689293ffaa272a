//! What `check` says about which notes it took for contacts and how, what
//! it skipped, and, when it found none, the config lines that would help.

use crate::config::Config;
use crate::note::{Note, BUILT_IN_CONTACT_TYPES};
use crate::skip::Skipped;

/// Folder names that hold people in the vaults netkeep has seen.
const PEOPLE_FOLDERS: [&str; 8] = [
    "people", "contacts", "persons", "crm", "person", "contact", "network", "friends",
];

/// How many suggestions of each kind are worth a line.
const SUGGESTIONS: usize = 3;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// Notes read (skipped ones aside).
    pub notes: usize,
    /// Contacts found by the folder they lie in (`contact_dirs`).
    pub by_folder: usize,
    /// Contacts found by `type`, `tags` or `categories` alone.
    pub by_marker: usize,
    /// What the walk left out, rule by rule.
    pub skipped: Vec<Skipped>,
    /// The folders looked in, as the config has them.
    pub tried_dirs: Vec<String>,
    /// The contact types looked for.
    pub tried_types: Vec<String>,
    /// When there are notes but no contacts: `netkeep.toml` lines that
    /// would find some, each with why.
    pub suggestions: Vec<(String, String)>,
}

impl Found {
    pub fn contacts(&self) -> usize {
        self.by_folder + self.by_marker
    }
}

/// How the contacts among `notes` were found. `in_contact_dir` tells
/// whether a note's path lies in a contact folder.
pub fn found(
    notes: &[Note],
    config: &Config,
    skipped: Vec<Skipped>,
    in_contact_dir: impl Fn(&str) -> bool,
) -> Found {
    let mut found = Found {
        notes: notes.len(),
        skipped,
        tried_dirs: config
            .contact_dirs
            .iter()
            .chain(config.contact_dir_globs.written())
            .cloned()
            .collect(),
        tried_types: BUILT_IN_CONTACT_TYPES
            .iter()
            .map(|t| t.to_string())
            .chain(config.contact_types.iter().cloned())
            .collect(),
        ..Found::default()
    };
    for note in notes.iter().filter(|n| n.is_contact) {
        if in_contact_dir(&note.path) {
            found.by_folder += 1;
        } else {
            found.by_marker += 1;
        }
    }
    if found.contacts() == 0 && found.notes > 0 {
        found.suggestions = suggestions(notes);
    }
    found
}

/// Config lines that would find contacts: a folder named like people's,
/// else the most common `type`/`categories` values, for the user to pick.
fn suggestions(notes: &[Note]) -> Vec<(String, String)> {
    let mut folders: Vec<(String, usize)> = Vec::new();
    let mut types: Vec<(String, usize)> = Vec::new();
    let count = |list: &mut Vec<(String, usize)>, key: &str| match list
        .iter_mut()
        .find(|(k, _)| k == key)
    {
        Some((_, n)) => *n += 1,
        None => list.push((key.to_string(), 1)),
    };
    for note in notes {
        // The deepest folder above the note named like people's.
        let folder = note.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut end = None;
        for (at, part) in folder.split('/').scan(0, |start, part| {
            let at = *start + part.len();
            *start = at + 1;
            Some((at, part))
        }) {
            if PEOPLE_FOLDERS.iter().any(|f| part.eq_ignore_ascii_case(f)) {
                end = Some(at);
            }
        }
        if let Some(end) = end {
            count(&mut folders, &folder[..end]);
        }
        for t in &note.front.types {
            count(&mut types, t);
        }
    }
    let most_first = |list: &mut Vec<(String, usize)>| {
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list.truncate(SUGGESTIONS);
    };
    most_first(&mut folders);
    most_first(&mut types);
    let plural = |n: usize| if n == 1 { "note" } else { "notes" };
    let mut lines = Vec::new();
    for (folder, n) in folders {
        lines.push((
            format!("contact_dirs = [{}]", toml_string(&folder)),
            format!("{n} {} in {folder}/", plural(n)),
        ));
    }
    if let Some((_, n)) = types.first() {
        let list: Vec<String> = types.iter().map(|(t, _)| toml_string(t)).collect();
        let counts: Vec<String> = types.iter().map(|(t, n)| format!("{t} {n}")).collect();
        lines.push((
            format!("contact_types = [{}]", list.join(", ")),
            format!(
                "keep those that name people; {} {} by type or category: {}",
                n,
                plural(*n),
                counts.join(", ")
            ),
        ));
    }
    lines
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(path: &str, contact: bool, types: &[&str]) -> Note {
        let mut note = Note::default();
        note.path = path.into();
        note.is_contact = contact;
        note.front.types = types.iter().map(|t| t.to_string()).collect();
        note
    }

    #[test]
    fn counts_contacts_by_how_they_were_found() {
        let notes = [
            note("people/Ann.md", true, &[]),
            note("x/Bo.md", true, &["person"]),
            note("x/Cy.md", false, &[]),
        ];
        let f = found(&notes, &Config::default(), Vec::new(), |p| {
            p.starts_with("people/")
        });
        assert_eq!((f.notes, f.by_folder, f.by_marker), (3, 1, 1));
        assert!(f.suggestions.is_empty());
        assert_eq!(f.tried_dirs, ["contacts", "people"]);
        assert_eq!(
            f.tried_types[..4],
            ["person", "people", "contact", "contacts"]
        );
    }

    #[test]
    fn with_no_contacts_it_suggests_folders_and_types() {
        let notes = [
            note("Areas/CRM/People/Ann.md", false, &["client"]),
            note("Areas/CRM/People/Bo.md", false, &["client"]),
            note("Areas/CRM/Acme.md", false, &["company"]),
            note("Journal/2026-01-01.md", false, &[]),
        ];
        let f = found(&notes, &Config::default(), Vec::new(), |_| false);
        let lines: Vec<_> = f.suggestions.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            lines,
            [
                "contact_dirs = [\"Areas/CRM/People\"]",
                "contact_dirs = [\"Areas/CRM\"]",
                "contact_types = [\"client\", \"company\"]"
            ]
        );
        assert_eq!(f.suggestions[0].1, "2 notes in Areas/CRM/People/");
        let f = found(&[], &Config::default(), Vec::new(), |_| false);
        assert!(f.suggestions.is_empty(), "an empty vault needs no advice");
    }
}
