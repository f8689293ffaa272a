//! How a note is written in the cache: its small parts as a [`CachedNote`]
//! (through bitcode), its entries, linking entries and tags as fixed-size
//! little-endian records, its front matter as a [`CachedFront`], and the
//! one encoding of a direction that every cache file uses. The domain
//! types know none of this.

use crate::dates::{Cadence, Unit, YearlyDate};
use crate::diagnostic::{Diagnostic, Kind, Level};
use crate::note::entries::{self, PACKED_BYTES};
use crate::note::{
    DirectionCounts, Entries, Entry, EntryKind, EntrySource, FrontLink, FrontMatter, Link,
    LinkingEntry, Note, NoteParts, Status,
};
use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

/// The size of a packed linking entry: its index, the entry (packed as
/// its note keeps it, [`entries::pack`]), then where its links lie (start
/// and length).
const LINKING_BYTES: usize = 4 + PACKED_BYTES + 4 + 2;

/// A note less its entries, linking entries and tags (packed apart, since
/// a large vault holds millions), as the cache encodes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CachedNote {
    pub path: String,
    id: String,
    is_contact: bool,
    front: CachedFront,
    /// In, out, two-way.
    directions: [u32; 3],
    tag_names: Vec<Box<str>>,
    /// Target, line, column.
    links: Vec<(CompactString, u32, u32)>,
    texts: Vec<(u32, Box<str>)>,
    open_tasks: Vec<u32>,
    /// Open tasks with no date: line, text.
    undated: Vec<(u32, Box<str>)>,
    diagnostics: Vec<CachedDiagnostic>,
}

/// A diagnostic as the cache encodes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CachedDiagnostic {
    path: String,
    line: u32,
    column: u32,
    is_error: bool,
    /// Read, lint, unread, day-month.
    kind: u8,
    message: String,
}

impl CachedDiagnostic {
    pub(super) fn of(d: &Diagnostic) -> CachedDiagnostic {
        CachedDiagnostic {
            path: d.path.clone(),
            line: d.line,
            column: d.column,
            is_error: d.level == Level::Error,
            kind: match d.kind {
                Kind::Read => 0,
                Kind::Lint => 1,
                Kind::Unread => 2,
                Kind::DayMonth => 3,
            },
            message: d.message.clone(),
        }
    }

    pub(super) fn into_diagnostic(self) -> Diagnostic {
        Diagnostic {
            path: self.path,
            line: self.line,
            column: self.column,
            level: if self.is_error {
                Level::Error
            } else {
                Level::Warning
            },
            kind: match self.kind {
                1 => Kind::Lint,
                2 => Kind::Unread,
                3 => Kind::DayMonth,
                _ => Kind::Read,
            },
            message: self.message,
        }
    }
}

impl CachedNote {
    pub(super) fn of(note: &Note) -> CachedNote {
        let d = note.directions;
        CachedNote {
            path: note.path.clone(),
            id: note.id.clone(),
            is_contact: note.is_contact,
            front: CachedFront::of(&note.front),
            directions: [d.inbound, d.outbound, d.two_way],
            tag_names: note.tag_names().to_vec(),
            links: note
                .all_links()
                .iter()
                .map(|l| (l.target.clone(), l.line, l.column))
                .collect(),
            texts: note.texts().to_vec(),
            open_tasks: note.open_tasks().to_vec(),
            undated: note.undated_follow_ups().to_vec(),
            diagnostics: note.diagnostics.iter().map(CachedDiagnostic::of).collect(),
        }
    }

    /// The note for `today`, its packed parts found at `ranges` of
    /// `packed` (the entries stay there, read when needed); `None` when
    /// they do not fit the rest of it (a torn or foreign cache).
    ///
    /// The texts of plans dated before `today` are dropped: the note was
    /// parsed for an earlier day or today, and is then exactly the note
    /// parsing it today gives.
    pub(super) fn into_note(
        self,
        packed: &Arc<Packed>,
        entries: Range<usize>,
        linking: &[u8],
        tags: &[u8],
        today: NaiveDate,
    ) -> Option<Note> {
        let front = Box::new(self.front.into_front()?);
        let entries = packed.entries(entries)?;
        if !linking.len().is_multiple_of(LINKING_BYTES) || !tags.len().is_multiple_of(2) {
            return None;
        }
        let linking: Vec<LinkingEntry> = linking
            .chunks_exact(LINKING_BYTES)
            .map(|r| {
                let u32_at = |i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
                let links_at = 4 + PACKED_BYTES;
                let mut entry = [0; PACKED_BYTES];
                entry.copy_from_slice(&r[4..links_at]);
                LinkingEntry::from_parts(
                    u32_at(0),
                    entries::unpack(&entry),
                    (
                        u32_at(links_at),
                        u16::from_le_bytes([r[links_at + 4], r[links_at + 5]]),
                    ),
                )
            })
            .collect();
        let fits = linking
            .iter()
            .map(|l| &l.index)
            .chain(&self.open_tasks)
            .chain(self.texts.iter().map(|(e, _)| e))
            .all(|&e| (e as usize) < entries.len());
        if !fits {
            return None;
        }
        let mut texts = self.texts;
        texts.retain(|&(i, _)| {
            entries
                .get(i as usize)
                .is_some_and(|e| e.kind == EntryKind::FollowUp || e.date >= today)
        });
        let [inbound, outbound, two_way] = self.directions;
        Some(Note::from_parts(NoteParts {
            path: self.path,
            id: self.id,
            is_contact: self.is_contact,
            front,
            entries,
            directions: DirectionCounts {
                inbound,
                outbound,
                two_way,
            },
            tag_names: self.tag_names,
            tag_refs: tags
                .chunks_exact(2)
                .map(|t| u16::from_le_bytes([t[0], t[1]]))
                .collect(),
            links: self
                .links
                .into_iter()
                .map(|(target, line, column)| Link {
                    target,
                    line,
                    column,
                })
                .collect(),
            texts,
            linking,
            open_tasks: self.open_tasks,
            undated: self.undated,
            diagnostics: self
                .diagnostics
                .into_iter()
                .map(CachedDiagnostic::into_diagnostic)
                .collect(),
        }))
    }
}

/// A note's front matter as the cache encodes it: dates as day numbers
/// (`num_days_from_ce`), a status and a cadence's unit as codes, so that
/// [`FrontMatter`] and the types in it need no serde derives.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CachedFront {
    name: Option<String>,
    aliases: Vec<String>,
    aliases_line: u32,
    tags: Vec<String>,
    types: Vec<String>,
    circle: Option<String>,
    /// Count, unit code, as written.
    cadence: Option<(u32, u8, String)>,
    birthday: Option<CachedYearly>,
    dates: Vec<(String, CachedYearly)>,
    status: u8,
    snooze_until: Option<i32>,
    last_contact: Option<i32>,
    met: Option<i32>,
    /// Day number, file line.
    next_follow_up: Option<(i32, u32)>,
    company: Option<String>,
    role: Option<String>,
    location: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    date: Option<i32>,
    /// Target, line, column.
    with: Vec<(String, u32, u32)>,
}

/// A [`YearlyDate`]: year, month, day.
type CachedYearly = (Option<i32>, u32, u32);

impl CachedFront {
    pub(super) fn of(f: &FrontMatter) -> CachedFront {
        let day = |d: Option<NaiveDate>| d.map(|d| d.num_days_from_ce());
        let yearly = |y: &YearlyDate| (y.year, y.month, y.day);
        CachedFront {
            name: f.name.clone(),
            aliases: f.aliases.clone(),
            aliases_line: f.aliases_line,
            tags: f.tags.clone(),
            types: f.types.clone(),
            circle: f.circle.clone(),
            cadence: f
                .cadence
                .as_ref()
                .map(|c| (c.count, unit_code(c.unit), c.written.clone())),
            birthday: f.birthday.as_ref().map(yearly),
            dates: f
                .dates
                .iter()
                .map(|(label, y)| (label.clone(), yearly(y)))
                .collect(),
            status: status_code(f.status),
            snooze_until: day(f.snooze_until),
            last_contact: day(f.last_contact),
            met: day(f.met),
            next_follow_up: f
                .next_follow_up
                .map(|(d, line)| (d.num_days_from_ce(), line)),
            company: f.company.clone(),
            role: f.role.clone(),
            location: f.location.clone(),
            email: f.email.clone(),
            phone: f.phone.clone(),
            date: day(f.date),
            with: f
                .with
                .iter()
                .map(|l| (l.target.clone(), l.line, l.column))
                .collect(),
        }
    }

    /// The front matter back; `None` for a day number, status or unit
    /// code no front matter gives (a torn or foreign cache).
    pub(super) fn into_front(self) -> Option<FrontMatter> {
        /// `Some(None)` for no day, `None` for a bad day number.
        fn day(d: Option<i32>) -> Option<Option<NaiveDate>> {
            match d {
                Some(n) => NaiveDate::from_num_days_from_ce_opt(n).map(Some),
                None => Some(None),
            }
        }
        let yearly = |(year, month, day): CachedYearly| YearlyDate { year, month, day };
        let cadence = match self.cadence {
            Some((count, unit, written)) => Some(Cadence {
                count,
                unit: unit_of_code(unit)?,
                written,
            }),
            None => None,
        };
        let next_follow_up = match self.next_follow_up {
            Some((d, line)) => Some((NaiveDate::from_num_days_from_ce_opt(d)?, line)),
            None => None,
        };
        Some(FrontMatter {
            name: self.name,
            aliases: self.aliases,
            aliases_line: self.aliases_line,
            tags: self.tags,
            types: self.types,
            circle: self.circle,
            cadence,
            birthday: self.birthday.map(yearly),
            dates: self
                .dates
                .into_iter()
                .map(|(label, y)| (label, yearly(y)))
                .collect(),
            status: status_of_code(self.status)?,
            snooze_until: day(self.snooze_until)?,
            last_contact: day(self.last_contact)?,
            met: day(self.met)?,
            next_follow_up,
            company: self.company,
            role: self.role,
            location: self.location,
            email: self.email,
            phone: self.phone,
            date: day(self.date)?,
            with: self
                .with
                .into_iter()
                .map(|(target, line, column)| FrontLink {
                    target,
                    line,
                    column,
                })
                .collect(),
        })
    }
}

fn status_code(status: Status) -> u8 {
    match status {
        Status::Active => 0,
        Status::Paused => 1,
        Status::Archived => 2,
    }
}

fn status_of_code(code: u8) -> Option<Status> {
    match code {
        0 => Some(Status::Active),
        1 => Some(Status::Paused),
        2 => Some(Status::Archived),
        _ => None,
    }
}

fn unit_code(unit: Unit) -> u8 {
    match unit {
        Unit::Days => 0,
        Unit::Weeks => 1,
        Unit::Months => 2,
        Unit::Years => 3,
    }
}

fn unit_of_code(code: u8) -> Option<Unit> {
    match code {
        0 => Some(Unit::Days),
        1 => Some(Unit::Weeks),
        2 => Some(Unit::Months),
        3 => Some(Unit::Years),
        _ => None,
    }
}

/// What the cache packs apart from the rest of a note: its entries, its
/// linking entries (index and entry) and its entries' tags; `None` for a
/// note too large for a packed entry's fields, which is then read afresh
/// on every run.
pub(super) fn pack(note: &Note) -> Option<[Vec<u8>; 3]> {
    let entries = match note.entries.packed() {
        Some(packed) => packed.concat(),
        None => {
            let mut bytes = Vec::with_capacity(note.entries.len() * PACKED_BYTES);
            for e in note.entries.iter() {
                bytes.extend_from_slice(&entries::pack(&e)?);
            }
            bytes
        }
    };
    let mut linking = Vec::with_capacity(note.linking_entries().len() * LINKING_BYTES);
    for l in note.linking_entries() {
        let (links_start, links_len) = l.link_range();
        linking.extend_from_slice(&l.index.to_le_bytes());
        linking.extend_from_slice(&entries::pack(&l.entry)?);
        linking.extend_from_slice(&links_start.to_le_bytes());
        linking.extend_from_slice(&links_len.to_le_bytes());
    }
    let tags = note
        .tag_refs()
        .iter()
        .flat_map(|t| t.to_le_bytes())
        .collect();
    Some([entries, linking, tags])
}

/// A shard file's packed entries, shared by the notes taken from it, which
/// read theirs from here when needed.
pub(super) struct Packed {
    entries: Vec<u8>,
}

impl Packed {
    pub(super) fn new(entries: Vec<u8>) -> Packed {
        Packed { entries }
    }

    fn bytes(&self) -> &[u8] {
        &self.entries
    }

    /// The entries packed at `range`; `None` unless the range holds whole
    /// records.
    fn entries(self: &Arc<Packed>, range: Range<usize>) -> Option<Entries> {
        let len = range.end.checked_sub(range.start)?;
        if range.end > self.bytes().len()
            || !len.is_multiple_of(PACKED_BYTES)
            || !range.start.is_multiple_of(PACKED_BYTES)
        {
            return None;
        }
        let source: Arc<dyn EntrySource> = self.clone();
        Some(Entries::kept(
            source,
            range.start / PACKED_BYTES,
            len / PACKED_BYTES,
        ))
    }
}

impl EntrySource for Packed {
    fn entry(&self, at: usize) -> Option<Entry> {
        let start = at.checked_mul(PACKED_BYTES)?;
        let record = self.bytes().get(start..start.checked_add(PACKED_BYTES)?)?;
        Some(entries::unpack(record.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_entries_read_back_as_parsed() {
        let (config, _) = crate::config::Config::parse("");
        let today = crate::dates::parse_date("2026-11-23").unwrap();
        let text = "- 1999-03-15 -> old #a [[Bo]]\n- [ ] 2024-02-29 <- leap #b #c\n- [x] 2026-12-31 done [[Cy]] [[Di]]\n";
        let note = crate::vault::load_text("people/Ann.md", text, &config, today);
        let [entries, linking, tags] = pack(&note).expect("fits");
        let e = entries.len();
        let packed = Arc::new(Packed::new(entries));
        let back = CachedNote::of(&note)
            .into_note(&packed, 0..e, &linking, &tags, today)
            .expect("fits");
        assert_eq!(back, note);
        assert_eq!(back.entries.len(), 3);
        assert!(back.entries.iter().rev().eq(note.entries.iter().rev()));
        assert!(packed.entries(1..25).is_none(), "not a whole record");
        assert!(packed.entries(0..30).is_none());
    }

    #[test]
    fn front_matter_reads_back_as_parsed() {
        let yaml = "name: Ann Lee\naliases: [Annie, \"[[A. Lee]]\"]\ntags: [x, \"#y\"]\ntype: \"[[Person]]\"\ncircle: close\ncadence: 6w\nbirthday: --02-29\ndates:\n  wedding: 2019-06-01\nstatus: paused\nsnooze_until: 2026-12-15\nlast_contact: 2026-01-02\nmet: 2001-01-01\nnext_follow_up: 2026-11-21\ncompany: Acme\nrole: CTO\nlocation: Oslo\nemail: a@b.c\nphone: \"1\"\ndate: 2026-11-12\nwith: [\"[[Bo]]\", Cy]\n";
        let mut diags = Vec::new();
        let front = crate::note::front_matter::parse(yaml, 2, "people/Ann.md", &mut diags)
            .expect("valid YAML");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(front.cadence.is_some() && front.birthday.is_some() && front.with.len() == 2);
        assert_eq!(front.status, Status::Paused);
        assert!(front.next_follow_up.is_some() && front.date.is_some());
        assert_eq!(CachedFront::of(&front).into_front(), Some(front.clone()));
        for status in [Status::Active, Status::Paused, Status::Archived] {
            assert_eq!(status_of_code(status_code(status)), Some(status));
        }
        for unit in [Unit::Days, Unit::Weeks, Unit::Months, Unit::Years] {
            assert_eq!(unit_of_code(unit_code(unit)), Some(unit));
        }
        let mut bad = CachedFront::of(&front);
        bad.status = 3;
        assert_eq!(bad.into_front(), None);
        let mut bad = CachedFront::of(&front);
        bad.met = Some(i32::MAX);
        assert_eq!(bad.into_front(), None);
    }
}
