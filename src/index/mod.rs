//! The index: every contact, and every touch, follow-up and plan that
//! counts for it, gathered from all notes and their links.

mod build;
mod live;
mod lookup;
mod touches;

pub(crate) use live::{Edits, Live};
pub(crate) use lookup::lowercase;
pub use touches::{last_contact, Touch, Touches};

use crate::config::Config;
use crate::dates::Cadence;
use crate::diagnostic::Diagnostic;
use crate::note::{DirectionCounts, Note};
use chrono::NaiveDate;
use compact_str::CompactString;
// foldhash: a few hundred thousand look-ups a run, where SipHash's
// resistance to chosen keys buys nothing (the keys are the user's own).
use foldhash::HashMap;

/// Where a touch, follow-up or plan was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// Entry `entry` of note `note`.
    Entry { note: u32, entry: u32 },
    /// The front matter of note `note` (an interaction note's `date`, a
    /// contact's `next_follow_up`), at file line `line`.
    Front { note: u32, line: u32 },
}

impl Source {
    /// The note it was written in.
    pub(crate) fn note(self) -> u32 {
        match self {
            Source::Entry { note, .. } | Source::Front { note, .. } => note,
        }
    }

    /// The same place in note `note` (the notes were renumbered).
    pub(crate) fn in_note(mut self, note: u32) -> Source {
        let (Source::Entry { note: n, .. } | Source::Front { note: n, .. }) = &mut self;
        *n = note;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    pub date: NaiveDate,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    /// Index of the contact's own note in [`Index::notes`].
    pub note: usize,
    /// Where it stands in [`Index::contacts`]: in order of lowercase id,
    /// then path. Lists tie-break on it rather than comparing ids again.
    pub order: usize,
    /// The contact's cadence, or its circle's.
    pub cadence: Option<Cadence>,
    /// How many touches count for the contact ([`Index::touches`]).
    pub touch_count: usize,
    /// How many of them went each way.
    pub counts: DirectionCounts,
    /// Its own note's entries up to here are dated on or before today;
    /// those that are not follow-ups are its own touches. They are not
    /// copied: a large vault holds millions.
    own_end: usize,
    /// Touches written anywhere else (entries of other notes, or of its
    /// own that link it, interaction notes), oldest first. `last_contact`
    /// is not here (it has no direction) but counts for the last touch.
    linked: Vec<Touch>,
    /// Open follow-ups, soonest first.
    pub follow_ups: Vec<Dated>,
    /// Entries dated after today, soonest first.
    pub plans: Vec<Dated>,
}

#[derive(Debug, Default)]
pub struct Index {
    pub notes: Vec<Note>,
    /// Sorted by id (case-insensitively).
    pub contacts: Vec<Contact>,
    /// Lowercased id or alias → contact.
    lookup: HashMap<CompactString, usize>,
    pub today: NaiveDate,
    /// Duplicate ids, links to nobody and the notes' own diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

/// A contact's cadence: its own, else its circle's.
pub(crate) fn cadence_of(note: &Note, config: &Config) -> Option<Cadence> {
    note.front.cadence.clone().or_else(|| {
        let circle = config.circle(note.front.circle.as_deref()?)?;
        circle.cadence.clone()
    })
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(feature = "cache")]
impl Contact {
    /// A contact from its fields, as the index cache kept them; its
    /// cadence is added by [`Contact::with_cadence`].
    // Every field but the cadence: a struct of them would only restate it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_parts(
        note: usize,
        order: usize,
        touch_count: usize,
        counts: DirectionCounts,
        own_end: usize,
        linked: Vec<Touch>,
        follow_ups: Vec<Dated>,
        plans: Vec<Dated>,
    ) -> Contact {
        Contact {
            note,
            order,
            cadence: None,
            touch_count,
            counts,
            own_end,
            linked,
            follow_ups,
            plans,
        }
    }

    pub(crate) fn with_cadence(self, cadence: Option<Cadence>) -> Contact {
        Contact { cadence, ..self }
    }

    /// Where its own touches end among its note's entries.
    pub(crate) fn own_end(&self) -> usize {
        self.own_end
    }

    /// Its touches written anywhere else, oldest first.
    pub(crate) fn linked(&self) -> &[Touch] {
        &self.linked
    }
}

#[cfg(feature = "cache")]
impl Index {
    /// An index from its parts, as the index cache kept them.
    pub(crate) fn from_parts(
        notes: Vec<Note>,
        contacts: Vec<Contact>,
        lookup: HashMap<CompactString, usize>,
        today: NaiveDate,
        diagnostics: Vec<Diagnostic>,
    ) -> Index {
        Index {
            notes,
            contacts,
            lookup,
            today,
            diagnostics,
        }
    }

    /// Lowercased id or alias → contact.
    pub(crate) fn lookup(&self) -> &HashMap<CompactString, usize> {
        &self.lookup
    }
}

impl Index {
    pub fn note(&self, contact: &Contact) -> &Note {
        &self.notes[contact.note]
    }

    /// The text of a follow-up or plan, where it was written.
    pub fn text(&self, source: Source) -> Option<&str> {
        match source {
            Source::Entry { note, entry } => self.notes[note as usize].text(entry as usize),
            Source::Front { .. } => None,
        }
    }

    /// The note and file line of a source.
    pub fn location(&self, source: Source) -> (&Note, u32) {
        match source {
            Source::Entry { note, entry } => {
                let note = &self.notes[note as usize];
                let line = note.entries.get(entry as usize).map_or(0, |e| e.line);
                (note, line)
            }
            Source::Front { note, line } => (&self.notes[note as usize], line),
        }
    }
}

/// Indexes built from a few notes' text, for the tests of the modules here.
#[cfg(test)]
mod testing {
    use super::Index;
    use crate::config::Config;
    use crate::dates::parse_date;
    use chrono::NaiveDate;

    pub(super) fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    pub(super) fn build(files: &[(&str, &str)], config: &str) -> Index {
        let (config, _) = Config::parse(config);
        let today = d("2026-11-23");
        let notes = files
            .iter()
            .map(|(path, text)| crate::vault::load_text(path, text, &config, today))
            .collect();
        Index::build(notes, &config, today)
    }
}
