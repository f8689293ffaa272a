//! A note's entries, in date order, and the 12 bytes an entry is kept in:
//! packed when the note was just parsed, or a run of packed entries kept
//! elsewhere (the cache's file, shared by its notes), read one at a time.
//! A report mostly looks at the last few entries of each contact, so a
//! vault's millions of entries are never all unpacked at once.

use super::inline::Direction;
use super::{Entry, EntryKind};
use chrono::{Datelike, NaiveDate};
use std::sync::Arc;

/// The size of one packed entry: its line (3 bytes), its day (3), kind
/// and direction (1), its tags' count (2) and start (3). Three-byte fields
/// hold what any note short of 16 million lines or tags holds; a note
/// past that keeps its entries unpacked. Most of a run's memory is its
/// entries: 12 bytes rather than 16 saved 40 MB at 50,000 notes. The
/// cache writes these bytes as they are, so a change here is a change of
/// its `FORMAT`.
pub const PACKED_BYTES: usize = 12;

/// An entry in [`PACKED_BYTES`] bytes, little-endian.
pub type Packed = [u8; PACKED_BYTES];

/// How a direction is written in a packed entry, and in every cache file.
pub(crate) fn direction_code(direction: Direction) -> u8 {
    match direction {
        Direction::TwoWay => 0,
        Direction::Out => 1,
        Direction::In => 2,
    }
}

/// The direction [`direction_code`] wrote; `None` for any other byte.
pub(crate) fn direction_of_code(code: u8) -> Option<Direction> {
    match code {
        0 => Some(Direction::TwoWay),
        1 => Some(Direction::Out),
        2 => Some(Direction::In),
        _ => None,
    }
}

/// `e` packed; `None` when a field does not fit in its bytes.
pub fn pack(e: &Entry) -> Option<Packed> {
    let u24 = |v: u32| {
        let [a, b, c, high] = v.to_le_bytes();
        (high == 0).then_some([a, b, c])
    };
    let day = u32::try_from(e.date.num_days_from_ce()).ok()?;
    let kind = match e.kind {
        EntryKind::Dated => 0,
        EntryKind::Done => 1,
        EntryKind::FollowUp => 2,
    };
    let [l0, l1, l2] = u24(e.line)?;
    let [d0, d1, d2] = u24(day)?;
    let [c0, c1] = e.tags_len.to_le_bytes();
    let [t0, t1, t2] = u24(e.tags_start)?;
    Some([
        l0,
        l1,
        l2,
        d0,
        d1,
        d2,
        kind << 4 | direction_code(e.direction),
        c0,
        c1,
        t0,
        t1,
        t2,
    ])
}

/// A packed entry back. Only [`pack`] writes them (the cache checks its
/// files whole before using them), so a bad value is a netkeep bug, not a
/// user's: it still never panics (an unknown kind or direction reads as a
/// dated, two-way entry, a bad date as the earliest one).
pub fn unpack(r: &Packed) -> Entry {
    let u24_at = |i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], 0]);
    Entry {
        line: u24_at(0),
        // Only days netkeep parses (years 1 to 9999) are ever written.
        date: i32::try_from(u24_at(3))
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .and_then(crate::dates::in_range)
            .unwrap_or(NaiveDate::MIN),
        kind: match r[6] >> 4 {
            1 => EntryKind::Done,
            2 => EntryKind::FollowUp,
            _ => EntryKind::Dated,
        },
        direction: direction_of_code(r[6] & 0xf).unwrap_or(Direction::TwoWay),
        tags_len: u16::from_le_bytes([r[7], r[8]]),
        tags_start: u24_at(9),
    }
}

/// Where entries kept outside their notes are read from, one at a time,
/// by their position in it. How they are kept is the source's business.
pub trait EntrySource: Send + Sync {
    /// The entry at `at`; `None` past the end.
    fn entry(&self, at: usize) -> Option<Entry>;
}

#[derive(Clone, Default)]
pub struct Entries(Repr);

#[derive(Clone)]
enum Repr {
    Packed(Box<[Packed]>),
    /// A note too large for a packed entry's fields.
    Parsed(Vec<Entry>),
    /// `count` entries of `source` from `start`.
    Kept {
        source: Arc<dyn EntrySource>,
        start: usize,
        count: usize,
    },
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Parsed(Vec::new())
    }
}

impl Entries {
    /// Entries just parsed, packed unless one of them does not fit.
    pub fn parsed(entries: impl ExactSizeIterator<Item = Entry> + Clone) -> Entries {
        let mut packed = Vec::with_capacity(entries.len());
        for e in entries.clone() {
            match pack(&e) {
                Some(p) => packed.push(p),
                None => return Entries(Repr::Parsed(entries.collect())),
            }
        }
        Entries(Repr::Packed(packed.into_boxed_slice()))
    }

    /// The packed entries, when they are kept here (the cache writes them
    /// as they are).
    pub fn packed(&self) -> Option<&[Packed]> {
        match &self.0 {
            Repr::Packed(p) => Some(p),
            _ => None,
        }
    }

    /// `count` entries of `source` from `start`, read when asked for.
    pub fn kept(source: Arc<dyn EntrySource>, start: usize, count: usize) -> Entries {
        Entries(Repr::Kept {
            source,
            start,
            count,
        })
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Packed(p) => p.len(),
            Repr::Parsed(v) => v.len(),
            Repr::Kept { count, .. } => *count,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<Entry> {
        match &self.0 {
            Repr::Packed(p) => p.get(i).map(unpack),
            Repr::Parsed(v) => v.get(i).copied(),
            Repr::Kept {
                source,
                start,
                count,
            } => {
                if i >= *count {
                    return None;
                }
                source.entry(start.checked_add(i)?)
            }
        }
    }

    pub fn iter(&self) -> Iter<'_> {
        Iter {
            entries: self,
            front: 0,
            back: self.len(),
        }
    }

    /// The first index whose entry does not satisfy `pred` (entries for
    /// which it holds must come first, as with `slice::partition_point`).
    pub fn partition_point(&self, mut pred: impl FnMut(&Entry) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid) {
                Some(e) if pred(&e) => lo = mid + 1,
                _ => hi = mid,
            }
        }
        lo
    }
}

impl std::fmt::Debug for Entries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Entries {
    fn eq(&self, other: &Entries) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// The entries by value, from either end.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    entries: &'a Entries,
    front: usize,
    back: usize,
}

impl Iterator for Iter<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        if self.front >= self.back {
            return None;
        }
        self.front += 1;
        self.entries.get(self.front - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back.saturating_sub(self.front);
        (n, Some(n))
    }

    // Skipping must not read the records skipped (`skip`, `take().rev()`).
    fn nth(&mut self, n: usize) -> Option<Entry> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Entry> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.entries.get(self.back)
    }

    fn nth_back(&mut self, n: usize) -> Option<Entry> {
        self.back = self.back.saturating_sub(n).max(self.front);
        self.next_back()
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::inline::Direction;
    use crate::note::EntryKind;
    use chrono::NaiveDate;

    /// Entries kept in a vector elsewhere, with `None` for a bad one.
    struct Elsewhere(Vec<Option<Entry>>);

    impl EntrySource for Elsewhere {
        fn entry(&self, at: usize) -> Option<Entry> {
            self.0.get(at).copied().flatten()
        }
    }

    fn entry(line: u32, (y, m, d): (i32, u32, u32)) -> Entry {
        Entry {
            line,
            date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            kind: EntryKind::Dated,
            direction: Direction::TwoWay,
            tags_start: 0,
            tags_len: 0,
        }
    }

    #[test]
    fn a_bad_record_is_an_entry_not_a_panic() {
        let e = unpack(&[0xff; PACKED_BYTES]);
        assert_eq!((e.date, e.kind), (NaiveDate::MIN, EntryKind::Dated));
        assert_eq!(e.direction, Direction::TwoWay);
    }

    #[test]
    fn an_entry_packs_into_twelve_bytes_up_to_its_fields_limits() {
        let last_day = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        let max = (1 << 24) - 1;
        for (kind, direction) in [
            (EntryKind::Dated, Direction::TwoWay),
            (EntryKind::Done, Direction::In),
            (EntryKind::FollowUp, Direction::Out),
        ] {
            let e = Entry {
                line: max,
                date: last_day,
                kind,
                direction,
                tags_start: max,
                tags_len: u16::MAX,
            };
            let packed = pack(&e).expect("fits");
            assert_eq!(unpack(&packed), e);
        }
        let too_far = [
            Entry {
                line: max + 1,
                ..entry(1, (2026, 11, 23))
            },
            Entry {
                tags_start: max + 1,
                tags_len: 1,
                ..entry(1, (2026, 11, 23))
            },
        ];
        for e in &too_far {
            assert_eq!(pack(e), None, "{e:?}");
        }
        // A note holding one of them keeps them all as they are.
        let kept = Entries::parsed(too_far.iter().copied());
        assert!(kept.packed().is_none());
        assert_eq!(kept.iter().collect::<Vec<_>>(), too_far);
        let packed = Entries::parsed([entry(3, (2026, 1, 2))].into_iter());
        assert_eq!(packed.packed().map(<[Packed]>::len), Some(1));
    }

    #[test]
    fn every_direction_has_its_own_code() {
        for d in [Direction::TwoWay, Direction::Out, Direction::In] {
            assert_eq!(direction_of_code(direction_code(d)), Some(d));
        }
        assert_eq!(direction_of_code(3), None);
    }

    #[test]
    fn kept_entries_read_back_as_parsed_from_either_end() {
        let v = vec![
            entry(3, (-44, 3, 15)),
            entry(1, (2024, 2, 29)),
            entry(7, (2026, 12, 31)),
        ];
        let parsed = Entries::parsed(v.iter().copied());
        let mut source = vec![None];
        source.extend(v.iter().copied().map(Some));
        let kept = Entries::kept(Arc::new(Elsewhere(source)), 1, 3);
        assert_eq!(kept, parsed);
        assert_eq!(kept.iter().collect::<Vec<_>>(), v);
        assert_eq!(kept.iter().next_back(), v.last().copied());
        assert_eq!(kept.get(3), None);
        assert_eq!(kept.iter().nth(1), Some(v[1]));
        assert_eq!(kept.iter().skip(2).collect::<Vec<_>>(), [v[2]]);
        assert_eq!(kept.iter().take(2).rev().collect::<Vec<_>>(), [v[1], v[0]]);
        assert_eq!(kept.iter().rev().nth(2), Some(v[0]));
        assert_eq!(kept.iter().nth(5), None);
        let before_2000 = |e: &Entry| chrono::Datelike::year(&e.date) < 2000;
        assert_eq!(kept.partition_point(before_2000), 1);
        assert_eq!(parsed.partition_point(|_| true), 3);
        let past_the_end = Entries::kept(Arc::new(Elsewhere(vec![])), usize::MAX, 2);
        assert_eq!(past_the_end.get(1), None);
    }
}
