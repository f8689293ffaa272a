//! A note's entries, in date order: a vector when the note was just
//! parsed, or fixed-size records in the note cache's bytes, read one at a
//! time. A report mostly looks at the last few entries of each contact, so
//! a cached vault's millions of entries are never all unpacked.

use super::inline::Direction;
use super::{Entry, EntryKind};
use chrono::{Datelike, NaiveDate};
use std::sync::Arc;

/// Bytes that packed entries are read from: the note cache's files, mapped
/// into memory, or any buffer.
pub type SharedBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The size of one packed entry.
pub const ENTRY_BYTES: usize = 24;

#[derive(Clone, Default)]
pub struct Entries(Repr);

#[derive(Clone)]
enum Repr {
    Parsed(Vec<Entry>),
    /// `count` records from `start` in `bytes`.
    Packed {
        bytes: SharedBytes,
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
    pub fn parsed(entries: Vec<Entry>) -> Entries {
        Entries(Repr::Parsed(entries))
    }

    /// The records in `bytes[range]`; `None` unless the range holds whole
    /// records.
    pub fn packed(bytes: SharedBytes, range: std::ops::Range<usize>) -> Option<Entries> {
        let len = range.end.checked_sub(range.start)?;
        if range.end > (*bytes).as_ref().len() || !len.is_multiple_of(ENTRY_BYTES) {
            return None;
        }
        Some(Entries(Repr::Packed {
            bytes,
            start: range.start,
            count: len / ENTRY_BYTES,
        }))
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Parsed(v) => v.len(),
            Repr::Packed { count, .. } => *count,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<Entry> {
        match &self.0 {
            Repr::Parsed(v) => v.get(i).copied(),
            Repr::Packed {
                bytes,
                start,
                count,
            } => {
                if i >= *count {
                    return None;
                }
                let at = start + i * ENTRY_BYTES;
                (**bytes).as_ref().get(at..at + ENTRY_BYTES).map(unpack)
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

    /// The entries as records, for the note cache; packed ones are copied
    /// as they are.
    pub fn to_bytes(&self) -> Vec<u8> {
        match &self.0 {
            Repr::Parsed(v) => {
                let mut out = Vec::with_capacity(v.len() * ENTRY_BYTES);
                for e in v {
                    pack(e, &mut out);
                }
                out
            }
            Repr::Packed {
                bytes,
                start,
                count,
            } => (**bytes)
                .as_ref()
                .get(*start..start + count * ENTRY_BYTES)
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
        }
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

pub(super) fn pack(e: &Entry, out: &mut Vec<u8>) {
    out.extend_from_slice(&e.line.to_le_bytes());
    out.extend_from_slice(&e.date.year().to_le_bytes());
    out.extend_from_slice(&(e.date.ordinal() as u16).to_le_bytes());
    out.push(match e.kind {
        EntryKind::Dated => 0,
        EntryKind::Done => 1,
        EntryKind::FollowUp => 2,
    });
    out.push(match e.direction {
        Direction::TwoWay => 0,
        Direction::Out => 1,
        Direction::In => 2,
    });
    out.extend_from_slice(&e.tags_start.to_le_bytes());
    out.extend_from_slice(&e.tags_len.to_le_bytes());
    out.extend_from_slice(&e.links_start.to_le_bytes());
    out.extend_from_slice(&e.links_len.to_le_bytes());
}

/// One record back as an entry. The cache checks its files whole before
/// using them, so a bad value here is a netkeep bug, not a user's: it
/// still never panics (an unknown kind reads as a dated entry, a bad date
/// as the earliest one).
pub(super) fn unpack(r: &[u8]) -> Entry {
    let u16_at = |i: usize| u16::from_le_bytes([r[i], r[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
    Entry {
        line: u32_at(0),
        date: NaiveDate::from_yo_opt(u32_at(4) as i32, u32::from(u16_at(8)))
            .unwrap_or(NaiveDate::MIN),
        kind: match r[10] {
            1 => EntryKind::Done,
            2 => EntryKind::FollowUp,
            _ => EntryKind::Dated,
        },
        direction: match r[11] {
            1 => Direction::Out,
            2 => Direction::In,
            _ => Direction::TwoWay,
        },
        tags_start: u32_at(12),
        tags_len: u16_at(16),
        links_start: u32_at(18),
        links_len: u16_at(22),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        line: u32,
        (y, m, d): (i32, u32, u32),
        kind: EntryKind,
        direction: Direction,
    ) -> Entry {
        Entry {
            line,
            date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            kind,
            direction,
            tags_start: line * 2,
            tags_len: 2,
            links_start: line,
            links_len: 1,
        }
    }

    #[test]
    fn packed_entries_read_back_as_parsed_from_either_end() {
        let v = vec![
            entry(3, (-44, 3, 15), EntryKind::Done, Direction::Out),
            entry(1, (2024, 2, 29), EntryKind::FollowUp, Direction::In),
            entry(70_000, (2026, 12, 31), EntryKind::Dated, Direction::TwoWay),
        ];
        let parsed = Entries::parsed(v.clone());
        let mut bytes = vec![7u8; 5];
        bytes.extend(parsed.to_bytes());
        let len = bytes.len();
        let packed = Entries::packed(Arc::new(bytes), 5..len).unwrap();
        assert_eq!(packed, parsed);
        assert_eq!(packed.iter().collect::<Vec<_>>(), v);
        assert_eq!(packed.iter().next_back(), v.last().copied());
        assert_eq!(packed.get(3), None);
        assert_eq!(packed.iter().nth(1), Some(v[1]));
        assert_eq!(packed.iter().skip(2).collect::<Vec<_>>(), [v[2]]);
        assert_eq!(
            packed.iter().take(2).rev().collect::<Vec<_>>(),
            [v[1], v[0]]
        );
        assert_eq!(packed.iter().rev().nth(2), Some(v[0]));
        assert_eq!(packed.iter().nth(5), None);
        assert_eq!(packed.to_bytes(), parsed.to_bytes());
        let after_2000 = |e: &Entry| e.date.year() < 2000;
        assert_eq!(packed.partition_point(after_2000), 1);
        assert_eq!(parsed.partition_point(|_| true), 3);
        assert!(Entries::packed(Arc::new(vec![0; 30]), 0..30).is_none());
        assert!(Entries::packed(Arc::new(vec![0; 24]), 0..48).is_none());
    }

    #[test]
    fn a_bad_record_is_an_entry_not_a_panic() {
        let e = unpack(&[0xff; ENTRY_BYTES]);
        assert_eq!((e.date, e.kind), (NaiveDate::MIN, EntryKind::Dated));
    }
}
