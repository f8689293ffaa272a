//! The note as the rest of netkeep sees it: its entries, their tags and
//! links, and the texts kept for what can still be shown. No parsing here.

use super::entries::Entries;
use super::front_matter::FrontMatter;
use super::inline::Direction;
use crate::diagnostic::{to_u32, Diagnostic};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A dated entry: a touch once its date has come, a plan before.
    Dated,
    /// A done task: a touch on its done date.
    Done,
    /// An open task: a follow-up due on its date, never a touch.
    FollowUp,
}

/// One dated entry, kept small: a large vault holds millions of them (16
/// bytes here, 12 as its note keeps it, [`super::entries::pack`]). Where its links lie is kept only for the few entries that
/// link someone, in [`LinkingEntry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub line: u32,
    /// When it happened (a touch or plan), or when it is due (a follow-up).
    pub date: NaiveDate,
    pub kind: EntryKind,
    pub direction: Direction,
    pub(super) tags_len: u16,
    pub(super) tags_start: u32,
}

/// An entry that `[[links]]` someone: its index among its note's entries,
/// a copy of it (the index reads them all, and entries kept elsewhere are
/// read one by one), and where its links lie in its note's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkingEntry {
    pub index: u32,
    pub entry: Entry,
    pub(super) links_start: u32,
    pub(super) links_len: u16,
}

/// How many entries or touches went each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DirectionCounts {
    pub inbound: u32,
    pub outbound: u32,
    pub two_way: u32,
}

impl DirectionCounts {
    pub fn add(&mut self, direction: Direction) {
        *self.of(direction) += 1;
    }

    pub fn remove(&mut self, direction: Direction) {
        let n = self.of(direction);
        *n = n.saturating_sub(1);
    }

    pub fn total(&self) -> u32 {
        self.inbound + self.outbound + self.two_way
    }

    fn of(&mut self, direction: Direction) -> &mut u32 {
        match direction {
            Direction::In => &mut self.inbound,
            Direction::Out => &mut self.outbound,
            Direction::TwoWay => &mut self.two_way,
        }
    }
}

/// A `[[link]]` in an entry, as written, with its position for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Inline when short, as most names are: the index looks up hundreds
    /// of thousands of these, and a pointer to follow each time costs.
    pub target: compact_str::CompactString,
    pub line: u32,
    pub column: u32,
}

/// A note as netkeep reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Note {
    /// Relative to the vault root, with `/`.
    pub path: String,
    /// The file stem: what an Obsidian `[[link]]` targets.
    pub id: String,
    pub is_contact: bool,
    /// Absent when the front matter was not valid YAML. Boxed: notes are
    /// moved about in the thousands, and this is most of their size.
    pub front: Box<FrontMatter>,
    /// By date, then line: the order they count in, whatever order the
    /// log runs in.
    pub entries: Entries,
    /// How many of the entries went each way, follow-ups aside.
    pub directions: DirectionCounts,
    /// The distinct tags of this note's entries (lowercase); entries refer
    /// to them by index, so a tag costs two bytes per entry.
    pub(super) tag_names: Vec<Box<str>>,
    pub(super) tag_refs: Vec<u16>,
    pub(super) links: Vec<Link>,
    /// Texts of follow-ups and plans, by entry index.
    pub(super) texts: Vec<(u32, Box<str>)>,
    /// The entries that link someone, and the open tasks: the index looks
    /// at these and leaves the rest be.
    pub(super) linking: Vec<LinkingEntry>,
    pub(super) open_tasks: Vec<u32>,
    /// A contact's open tasks with no date at all: line and text. Due on
    /// no day, they are never overdue and never in an agenda.
    pub(super) undated: Vec<(u32, Box<str>)>,
    /// What parsing found wrong, each pointing at a line of this note.
    pub diagnostics: Vec<Diagnostic>,
}

impl Note {
    /// The open tasks of a contact's note that name no date: line and text.
    pub fn undated_follow_ups(&self) -> &[(u32, Box<str>)] {
        &self.undated
    }

    pub fn tags(&self, entry: &Entry) -> impl Iterator<Item = &str> {
        let start = entry.tags_start as usize;
        // `get`: entries may come from the note cache, and a bad range
        // there must not panic.
        self.tag_refs
            .get(start..start + usize::from(entry.tags_len))
            .unwrap_or_default()
            .iter()
            .filter_map(|&i| self.tag_names.get(usize::from(i)).map(|t| &**t))
    }

    /// The entries that `[[link]]` someone, in entry order.
    pub fn linking_entries(&self) -> &[LinkingEntry] {
        &self.linking
    }

    /// The indices of the open tasks (follow-ups) among the entries.
    pub fn open_tasks(&self) -> &[u32] {
        &self.open_tasks
    }

    /// The links of an entry that links someone.
    pub fn links(&self, linking: &LinkingEntry) -> &[Link] {
        let start = linking.links_start as usize;
        // `get`: entries may come from the note cache, and a bad range
        // there must not panic.
        self.links
            .get(start..start + usize::from(linking.links_len))
            .unwrap_or_default()
    }

    /// The text of a follow-up or plan (`None` for past touches, whose text
    /// is not kept).
    pub fn text(&self, entry_index: usize) -> Option<&str> {
        let i = self
            .texts
            .binary_search_by_key(&to_u32(entry_index), |(k, _)| *k)
            .ok()?;
        Some(&self.texts[i].1)
    }

    /// The display name: `name` from the front matter, else the id.
    pub fn name(&self) -> &str {
        self.front.name.as_deref().unwrap_or(&self.id)
    }

    /// Whether this note is an interaction note (a dated meeting record
    /// that links the contacts it was with).
    pub fn is_interaction(&self) -> bool {
        self.front.date.is_some() && !self.front.with.is_empty()
    }
}

/// A note's fields, for a layer that keeps notes between runs (the
/// cache) to take a note apart and put it back as it was.
#[cfg(feature = "cache")]
#[derive(Debug, Default)]
pub(crate) struct NoteParts {
    pub path: String,
    pub id: String,
    pub is_contact: bool,
    pub front: Box<FrontMatter>,
    pub entries: Entries,
    pub directions: DirectionCounts,
    pub tag_names: Vec<Box<str>>,
    pub tag_refs: Vec<u16>,
    pub links: Vec<Link>,
    pub texts: Vec<(u32, Box<str>)>,
    pub linking: Vec<LinkingEntry>,
    pub open_tasks: Vec<u32>,
    pub undated: Vec<(u32, Box<str>)>,
    pub diagnostics: Vec<Diagnostic>,
}

#[cfg(feature = "cache")]
impl Note {
    /// The note put together from its parts.
    pub(crate) fn from_parts(p: NoteParts) -> Note {
        Note {
            path: p.path,
            id: p.id,
            is_contact: p.is_contact,
            front: p.front,
            entries: p.entries,
            directions: p.directions,
            tag_names: p.tag_names,
            tag_refs: p.tag_refs,
            links: p.links,
            texts: p.texts,
            linking: p.linking,
            open_tasks: p.open_tasks,
            undated: p.undated,
            diagnostics: p.diagnostics,
        }
    }

    /// The distinct tags, which entries refer to by index.
    pub(crate) fn tag_names(&self) -> &[Box<str>] {
        &self.tag_names
    }

    /// Each entry's tags, as indices into [`Note::tag_names`].
    pub(crate) fn tag_refs(&self) -> &[u16] {
        &self.tag_refs
    }

    /// Every entry's links, which entries refer to by range.
    pub(crate) fn all_links(&self) -> &[Link] {
        &self.links
    }

    /// The texts kept, by entry index.
    pub(crate) fn texts(&self) -> &[(u32, Box<str>)] {
        &self.texts
    }
}

#[cfg(feature = "cache")]
impl LinkingEntry {
    /// A linking entry from its fields; `links` is a (start, length) range
    /// into its note's links.
    pub(crate) fn from_parts(index: u32, entry: Entry, links: (u32, u16)) -> LinkingEntry {
        LinkingEntry {
            index,
            entry,
            links_start: links.0,
            links_len: links.1,
        }
    }

    /// Where its links lie in its note's: start and length.
    pub(crate) fn link_range(&self) -> (u32, u16) {
        (self.links_start, self.links_len)
    }
}

/// The file stem of a vault-relative path: the note's id.
pub fn id_of(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_sixteen_bytes() {
        // Millions of entries: each byte here is megabytes of a large vault.
        assert_eq!(std::mem::size_of::<Entry>(), 16);
    }
}
