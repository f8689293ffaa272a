//! A contact's keys written in its body as fields (`birthday:: ...`,
//! `- **Last Contact:** ...`), read as its front matter is; the front
//! matter wins, and `check` hears when the two disagree.

use super::{another_spelling, parse_held, FrontMatter, Held, Key, Reading, Status};
use crate::diagnostic::Diagnostic;

/// One field of a contact's body that names one of netkeep's keys.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyKey<'a> {
    pub key: Key,
    /// The key as written (`Last Contact`).
    pub written: &'a str,
    pub value: &'a str,
    pub line: u32,
    pub key_column: u32,
    pub value_column: u32,
}

/// Reads `keys` into `front` where the front matter gives no value, with
/// every warning about a value at the field's own line and column.
pub(crate) fn merge(
    front: &mut FrontMatter,
    keys: &[BodyKey<'_>],
    path: &str,
    reading: &Reading<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    // One YAML line per field, each key once: the first one written wins,
    // as in front matter.
    let mut yaml = String::new();
    let mut read: Vec<&BodyKey<'_>> = Vec::new();
    for field in keys {
        // A contact's body says nothing of meetings or of what it is.
        if matches!(
            field.key,
            Key::Date | Key::With | Key::Type | Key::Categories
        ) || field.value.is_empty()
        {
            continue;
        }
        if let Some(first) = read.iter().find(|f| f.key == field.key) {
            diags.push(another_spelling(
                path,
                (field.line, field.key_column),
                field.written,
                first.written,
                first.line,
                field.key,
            ));
            continue;
        }
        super::super::properties::push_yaml(&mut yaml, field.written, field.value);
        read.push(field);
    }
    if read.is_empty() {
        return;
    }
    let mut found = Vec::new();
    let mut held = Held::default();
    let Some(mut inline) = parse_held(&yaml, 1, path, reading, &mut found, &mut held) else {
        return;
    };
    // Lines kept in the front matter read are the YAML's: make them the note's.
    let line_of = |yaml_line: u32| {
        (yaml_line as usize)
            .checked_sub(1)
            .and_then(|i| read.get(i))
            .map_or(0, |f| f.line)
    };
    inline.aliases_line = line_of(inline.aliases_line);
    if let Some((_, line)) = &mut inline.next_follow_up {
        *line = line_of(*line);
    }
    found.append(&mut held.contact);
    for mut d in found {
        // From the line of the YAML made above to the field's own.
        let Some(field) = (d.line as usize).checked_sub(1).and_then(|i| read.get(i)) else {
            continue;
        };
        d.line = field.line;
        d.column = if d.column as usize > field.written.len() + 1 {
            field.value_column
        } else {
            field.key_column
        };
        diags.push(d);
    }
    for field in &read {
        if !take(front, &inline, field.key) {
            diags.push(
                Diagnostic::warning(
                    path,
                    field.line,
                    field.key_column,
                    format!(
                        "`{}` here says `{}`, and the front matter says otherwise; the front matter wins (remove one of them)",
                        field.written, field.value
                    ),
                )
                .lint(),
            );
        }
    }
}

/// Takes `key`'s value from `inline` into `front` when `front` has none;
/// `false` when both have a value and they differ.
fn take(front: &mut FrontMatter, inline: &FrontMatter, key: Key) -> bool {
    fn one<T: Clone + PartialEq>(front: &mut Option<T>, inline: &Option<T>) -> bool {
        match (&*front, inline) {
            (Some(a), Some(b)) => a == b,
            (None, b) => {
                front.clone_from(b);
                true
            }
            (Some(_), None) => true,
        }
    }
    fn many<T: Clone + PartialEq>(front: &mut Vec<T>, inline: &[T]) -> bool {
        if front.is_empty() {
            front.extend_from_slice(inline);
            return true;
        }
        inline.is_empty() || front.as_slice() == inline
    }
    match key {
        Key::Name => one(&mut front.name, &inline.name),
        Key::Aliases => {
            let empty = front.aliases.is_empty();
            let same = many(&mut front.aliases, &inline.aliases);
            if empty {
                front.aliases_line = inline.aliases_line;
            }
            same
        }
        Key::Tags => many(&mut front.tags, &inline.tags),
        Key::Circle => one(&mut front.circle, &inline.circle),
        Key::Cadence => {
            let same = match (&front.cadence, &inline.cadence) {
                (Some(a), Some(b)) => a.count == b.count && a.unit == b.unit,
                _ => true,
            };
            one(&mut front.cadence, &inline.cadence) || same
        }
        Key::Birthday => one(&mut front.birthday, &inline.birthday),
        Key::Dates => {
            for (label, day) in &inline.dates {
                if !front.dates.iter().any(|(l, _)| l == label) {
                    front.dates.push((label.clone(), *day));
                }
            }
            true
        }
        Key::Status => {
            if front.status == Status::Active {
                front.status = inline.status;
                true
            } else {
                inline.status == Status::Active || front.status == inline.status
            }
        }
        Key::SnoozeUntil => one(&mut front.snooze_until, &inline.snooze_until),
        Key::LastContact => one(&mut front.last_contact, &inline.last_contact),
        Key::Met => one(&mut front.met, &inline.met),
        Key::NextFollowUp => match (front.next_follow_up, inline.next_follow_up) {
            (Some((a, _)), Some((b, _))) => a == b,
            (None, b) => {
                front.next_follow_up = b;
                true
            }
            _ => true,
        },
        Key::Company => one(&mut front.company, &inline.company),
        Key::Role => one(&mut front.role, &inline.role),
        Key::Location => one(&mut front.location, &inline.location),
        Key::Email => one(&mut front.email, &inline.email),
        Key::Phone => one(&mut front.phone, &inline.phone),
        Key::Type | Key::Categories | Key::Date | Key::With => true,
    }
}
