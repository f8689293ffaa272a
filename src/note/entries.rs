//! A note's entries, in date order: a vector when the note was just
//! parsed, or a run of entries kept elsewhere (by the cache, in its own
//! encoding), read one at a time. A report mostly looks at the last few
//! entries of each contact, so a cached vault's millions of entries are
//! never all decoded.

use super::Entry;
use std::sync::Arc;

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
    pub fn parsed(entries: Vec<Entry>) -> Entries {
        Entries(Repr::Parsed(entries))
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
            Repr::Parsed(v) => v.len(),
            Repr::Kept { count, .. } => *count,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<Entry> {
        match &self.0 {
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
    fn kept_entries_read_back_as_parsed_from_either_end() {
        let v = vec![
            entry(3, (-44, 3, 15)),
            entry(1, (2024, 2, 29)),
            entry(7, (2026, 12, 31)),
        ];
        let parsed = Entries::parsed(v.clone());
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
