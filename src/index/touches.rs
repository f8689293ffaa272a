//! A contact's touches: its own entries, merged with those that link it.

use super::{to_u32, Contact, Index, Source};
use crate::note::inline::Direction;
use crate::note::{Entries, Entry, EntryKind, Note};
use chrono::NaiveDate;

/// Something that happened with a contact on a day, one way or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Touch {
    pub date: NaiveDate,
    pub direction: Direction,
    pub source: Source,
}

/// The note's `last_contact`, unless it is after `today`: a touch that has
/// not happened yet (a typo, or a plan written in the wrong key) must not
/// make the contact look looked after; `check` warns about it.
pub fn last_contact(note: &Note, today: NaiveDate) -> Option<NaiveDate> {
    note.front.last_contact.filter(|&d| d <= today)
}

/// How many of `entries` (in date order) are dated on or before `today`.
/// Usually all but a few plans at the end: those are looked at from the
/// back, so that a cached note's entries are read where they end only.
pub(super) fn own_end(entries: &Entries, today: NaiveDate) -> usize {
    let mut end = entries.len();
    for _ in 0..8 {
        match entries.get(end.wrapping_sub(1)) {
            Some(e) if e.date > today => end -= 1,
            _ => return end,
        }
    }
    entries.partition_point(|e| e.date <= today)
}

/// A contact's touches, oldest first, from both ends: its own note's
/// entries (read in place, follow-ups skipped) merged with the linked ones.
#[derive(Debug, Clone)]
pub struct Touches<'a> {
    note: u32,
    own: &'a Entries,
    /// The own entries not yet taken from the front and the back.
    lo: usize,
    hi: usize,
    linked: &'a [Touch],
}

impl<'a> Touches<'a> {
    /// `contact`'s touches: its own entries up to today merged with the
    /// linked ones.
    pub(super) fn of(contact: &'a Contact, notes: &'a [Note]) -> Touches<'a> {
        let entries = &notes[contact.note].entries;
        Touches {
            note: to_u32(contact.note),
            own: entries,
            lo: 0,
            hi: contact.own_end.min(entries.len()),
            linked: &contact.linked,
        }
    }

    fn own_touch(&self, e: usize, entry: Entry) -> Touch {
        Touch {
            date: entry.date,
            direction: entry.direction,
            source: Source::Entry {
                note: self.note,
                entry: to_u32(e),
            },
        }
    }

    /// The own touch at the front, follow-ups skipped.
    fn own_front(&mut self) -> Option<Touch> {
        while self.lo < self.hi {
            match self.own.get(self.lo) {
                Some(e) if e.kind != EntryKind::FollowUp => {
                    return Some(self.own_touch(self.lo, e))
                }
                Some(_) => self.lo += 1,
                None => self.lo = self.hi,
            }
        }
        None
    }

    /// The own touch at the back, follow-ups skipped.
    fn own_back(&mut self) -> Option<Touch> {
        while self.lo < self.hi {
            match self.own.get(self.hi - 1) {
                Some(e) if e.kind != EntryKind::FollowUp => {
                    return Some(self.own_touch(self.hi - 1, e))
                }
                Some(_) => self.hi -= 1,
                None => self.hi = self.lo,
            }
        }
        None
    }
}

impl Iterator for Touches<'_> {
    type Item = Touch;

    fn next(&mut self) -> Option<Touch> {
        let own = self.own_front();
        match (own, self.linked.split_first()) {
            (Some(o), Some((l, rest))) if (l.date, l.source) < (o.date, o.source) => {
                self.linked = rest;
                Some(*l)
            }
            (Some(o), _) => {
                self.lo += 1;
                Some(o)
            }
            (None, Some((l, rest))) => {
                self.linked = rest;
                Some(*l)
            }
            (None, None) => None,
        }
    }
}

impl DoubleEndedIterator for Touches<'_> {
    fn next_back(&mut self) -> Option<Touch> {
        let own = self.own_back();
        match (own, self.linked.split_last()) {
            (Some(o), Some((l, rest))) if (l.date, l.source) > (o.date, o.source) => {
                self.linked = rest;
                Some(*l)
            }
            (Some(o), _) => {
                self.hi -= 1;
                Some(o)
            }
            (None, Some((l, rest))) => {
                self.linked = rest;
                Some(*l)
            }
            (None, None) => None,
        }
    }
}

impl Index {
    /// Every touch that counts for `contact`, oldest first (ties in the
    /// order they are written): its own entries merged with the rest.
    pub fn touches<'a>(&'a self, contact: &'a Contact) -> Touches<'a> {
        Touches::of(contact, &self.notes)
    }

    /// The date of `contact`'s latest touch (`last_contact` aside).
    pub fn last_touch(&self, contact: &Contact) -> Option<NaiveDate> {
        self.touches(contact).next_back().map(|t| t.date)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build, d};
    use super::*;

    #[test]
    fn touches_merge_own_and_linked_entries_from_either_end() {
        let index = build(
            &[
                (
                    "people/Ann.md",
                    "## Log\n- 2026-11-05 <- text\n- [ ] 2026-10-01 open task\n- 2026-10-02 -> mail\n\
                     - 2026-12-01 plan\n- 2026-11-05 call [[Ann]]\n",
                ),
                (
                    "notes/a.md",
                    "- 2026-11-05 lunch with [[Ann]]\n- 2026-09-01 -> met [[ann]]\n",
                ),
                ("daily/2026-10-02.md", "- <- note from [[Ann]]\n"),
            ],
            "",
        );
        let ann = index.resolve("ann").unwrap();
        let forward: Vec<Touch> = index.touches(ann).collect();
        let dates: Vec<(String, Direction)> = forward
            .iter()
            .map(|t| (t.date.to_string(), t.direction))
            .collect();
        assert_eq!(
            dates,
            [
                ("2026-09-01".into(), Direction::Out),
                // Ties go by path: the daily note before Ann's own log.
                ("2026-10-02".into(), Direction::In),
                ("2026-10-02".into(), Direction::Out),
                ("2026-11-05".into(), Direction::TwoWay),
                ("2026-11-05".into(), Direction::In),
                ("2026-11-05".into(), Direction::TwoWay),
            ]
        );
        assert!(forward
            .windows(2)
            .all(|w| (w[0].date, w[0].source) < (w[1].date, w[1].source)));
        assert_eq!(ann.touch_count, forward.len());
        let mut backward: Vec<Touch> = index.touches(ann).rev().collect();
        backward.reverse();
        assert_eq!(backward, forward);
        // Taken from both ends at once, every touch comes out once.
        let mut both = index.touches(ann);
        let (mut front, mut back) = (Vec::new(), Vec::new());
        loop {
            match (both.next(), both.next_back()) {
                (None, None) => break,
                (f, b) => {
                    front.extend(f);
                    back.extend(b);
                }
            }
        }
        back.reverse();
        front.extend(back);
        assert_eq!(front, forward);
        assert_eq!(index.last_touch(ann), Some(d("2026-11-05")));
    }

    #[test]
    fn many_plans_past_today_are_still_plans() {
        let mut log = String::from("- 2026-11-01 call\n- [ ] 2026-11-30 ask\n");
        for day in 1..=12 {
            log.push_str(&format!("- 2026-12-{day:02} plan {day}\n"));
        }
        let index = build(&[("people/Ann.md", &log)], "");
        let ann = index.resolve("ann").unwrap();
        assert_eq!(ann.touch_count, 1);
        assert_eq!(ann.plans.len(), 12);
        assert_eq!(ann.follow_ups.len(), 1);
        assert_eq!(index.last_touch(ann), Some(d("2026-11-01")));
        assert_eq!(own_end(&index.note(ann).entries, d("2026-11-23")), 1);
        assert_eq!(own_end(&index.note(ann).entries, d("2026-12-11")), 13);
        assert_eq!(own_end(&index.note(ann).entries, d("2027-01-01")), 14);
        assert_eq!(own_end(&index.note(ann).entries, d("2026-01-01")), 0);
    }
}
