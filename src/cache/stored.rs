//! An index less its notes, as bytes: what the index cache keeps between
//! runs, read and written through the index's crate-visible accessors. Contacts, touches, follow-ups and plans are fixed-size records (a
//! large vault has hundreds of thousands), read back without a decoder and
//! checked against the notes as they are read; the look-up's keys are
//! length-prefixed; the few diagnostics go through bitcode.

use super::record::CachedDiagnostic;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::index::{cadence_of, Contact, Dated, Index, Source, Touch};
use crate::note::{DirectionCounts, Note};
use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;
use rayon::prelude::*;

const CONTACT: usize = 9 * 4;
const SOURCE: usize = 1 + 4 + 4;
const TOUCH: usize = 4 + 1 + SOURCE;
const DATED: usize = 4 + SOURCE;

/// What the index adds to its notes, for [`from_stored`].
pub fn stored(index: &Index) -> Vec<u8> {
    let contacts = &index.contacts;
    let touches: usize = contacts.iter().map(|c| c.linked().len()).sum();
    let dated: usize = contacts
        .iter()
        .map(|c| c.follow_ups.len() + c.plans.len())
        .sum();
    let mut out =
        Vec::with_capacity(32 + contacts.len() * CONTACT + touches * TOUCH + dated * DATED);
    let mut lookup: Vec<(&str, usize)> = index
        .lookup()
        .iter()
        .map(|(k, &c)| (k.as_str(), c))
        .collect();
    // The same bytes for the same index, whatever the hash order.
    lookup.sort_unstable();
    for n in [contacts.len(), touches, dated, lookup.len()] {
        put_u32(&mut out, n);
    }
    for c in contacts {
        for n in [
            c.note,
            c.touch_count,
            c.counts.inbound as usize,
            c.counts.outbound as usize,
            c.counts.two_way as usize,
            c.own_end(),
            c.linked().len(),
            c.follow_ups.len(),
            c.plans.len(),
        ] {
            put_u32(&mut out, n);
        }
    }
    for t in contacts.iter().flat_map(|c| c.linked()) {
        out.extend_from_slice(&t.date.num_days_from_ce().to_le_bytes());
        out.push(crate::note::entries::direction_code(t.direction));
        put_source(&mut out, t.source);
    }
    for d in contacts
        .iter()
        .flat_map(|c| c.follow_ups.iter().chain(&c.plans))
    {
        out.extend_from_slice(&d.date.num_days_from_ce().to_le_bytes());
        put_source(&mut out, d.source);
    }
    for (key, c) in lookup {
        put_u32(&mut out, c);
        put_u32(&mut out, key.len());
        out.extend_from_slice(key.as_bytes());
    }
    // Diagnostics last: bitcode's bytes run to the end.
    let diagnostics: Vec<CachedDiagnostic> =
        index.diagnostics.iter().map(CachedDiagnostic::of).collect();
    out.extend_from_slice(&bitcode::serialize(&diagnostics).unwrap_or_default());
    out
}

/// The index of `notes` from what [`stored`] gave for the same notes,
/// config and `today`: what [`Index::build`] would give, without the work.
/// That the bytes are for these notes is the caller's to know (the index
/// cache's fingerprint). Bytes that do not fit the notes (a contact that is
/// not a contact note, a touch past a note's entries, a cut-off record)
/// give the notes back, so that a damaged cache costs a rebuild, never a
/// panic.
pub fn from_stored(
    mut notes: Vec<Note>,
    bytes: &[u8],
    config: &Config,
    today: NaiveDate,
) -> Result<Index, Vec<Note>> {
    notes.sort_by(|a, b| a.path.cmp(&b.path));
    match read(&notes, bytes, config) {
        Some((contacts, lookup, diagnostics)) => Ok(Index::from_parts(
            notes,
            contacts,
            lookup,
            today,
            diagnostics,
        )),
        None => Err(notes),
    }
}

type Parts = (
    Vec<Contact>,
    foldhash::HashMap<CompactString, usize>,
    Vec<Diagnostic>,
);

fn read(notes: &[Note], bytes: &[u8], config: &Config) -> Option<Parts> {
    let mut r = Reader(bytes);
    let [contacts_len, touches_len, dated_len, lookup_len] = [(); 4].map(|()| r.u32());
    let (contacts_len, touches_len, dated_len) = (contacts_len?, touches_len?, dated_len?);
    let heads = r.take(contacts_len.checked_mul(CONTACT)?)?;
    let touches = r.take(touches_len.checked_mul(TOUCH)?)?;
    let dated = r.take(dated_len.checked_mul(DATED)?)?;
    // Where each contact's touches and dates start, so that contacts can
    // be read in parallel.
    let mut starts = Vec::with_capacity(contacts_len);
    let (mut t, mut d) = (0usize, 0usize);
    for head in heads.chunks_exact(CONTACT) {
        starts.push((t, d));
        let mut h = Reader(&head[6 * 4..]);
        t = t.checked_add(h.u32()?)?;
        d = d.checked_add(h.u32()?)?.checked_add(h.u32()?)?;
    }
    if t != touches_len || d != dated_len {
        return None;
    }
    // What the records are checked against, small enough to stay in the
    // processor's cache: looking at a note for each of a few hundred
    // thousand sources would cost more than the rest of the read.
    let shapes: Vec<Shape> = notes
        .iter()
        .map(|n| Shape {
            entries: n.entries.len(),
            is_contact: n.is_contact,
        })
        .collect();
    let contacts = heads
        .par_chunks_exact(CONTACT)
        .zip(starts)
        .enumerate()
        .map(|(order, (head, (t, d)))| {
            let own = contact(
                &shapes,
                order,
                head,
                &touches[t * TOUCH..],
                &dated[d * DATED..],
            )?;
            let cadence = cadence_of(notes.get(own.note)?, config);
            Some(own.with_cadence(cadence))
        })
        .collect::<Option<Vec<Contact>>>()?;
    let lookup_len = lookup_len?;
    let mut lookup = foldhash::HashMap::default();
    // A key takes 8 bytes at least: a torn count must not reserve more.
    lookup.reserve(lookup_len.min(r.0.len() / 8));
    for _ in 0..lookup_len {
        let c = r.u32().filter(|&c| c < contacts_len)?;
        let len = r.u32()?;
        let key = std::str::from_utf8(r.take(len)?).ok()?;
        lookup.insert(CompactString::from(key), c);
    }
    let diagnostics: Vec<CachedDiagnostic> = bitcode::deserialize(r.0).ok()?;
    let diagnostics = diagnostics
        .into_iter()
        .map(CachedDiagnostic::into_diagnostic)
        .collect();
    Some((contacts, lookup, diagnostics))
}

/// What a note must be for records to point into it.
struct Shape {
    entries: usize,
    is_contact: bool,
}

/// Contact number `order` from its record, its touches' records from the
/// start of `touches` and its follow-ups' and plans' from that of `dated`;
/// its cadence is left for the caller.
fn contact(
    notes: &[Shape],
    order: usize,
    head: &[u8],
    touches: &[u8],
    dated: &[u8],
) -> Option<Contact> {
    let mut h = Reader(head);
    let [note, touch_count, inbound, outbound, two_way, own_end, linked, follow_ups, plans] =
        [(); 9].map(|()| h.u32().unwrap_or(usize::MAX));
    let own = notes.get(note).filter(|n| n.is_contact)?;
    if own_end > own.entries {
        return None;
    }
    let source = |r: &mut Reader<'_>| -> Option<Source> {
        let (tag, note, at) = (r.u8()?, r.u32()?, r.u32()?);
        let n = notes.get(note)?;
        let (note, at) = (u32::try_from(note).ok()?, u32::try_from(at).ok()?);
        match tag {
            0 if (at as usize) < n.entries => Some(Source::Entry { note, entry: at }),
            1 => Some(Source::Front { note, line: at }),
            _ => None,
        }
    };
    let date = |r: &mut Reader<'_>| -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(r.take(4)?.try_into().ok()?))
    };
    let mut t = Reader(touches);
    let linked = (0..linked)
        .map(|_| {
            let date = date(&mut t)?;
            let direction = crate::note::entries::direction_of_code(t.u8()?)?;
            Some(Touch {
                date,
                direction,
                source: source(&mut t)?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let mut d = Reader(dated);
    let mut dates = |n: usize| {
        (0..n)
            .map(|_| {
                Some(Dated {
                    date: date(&mut d)?,
                    source: source(&mut d)?,
                })
            })
            .collect::<Option<Vec<_>>>()
    };
    let follow_ups = dates(follow_ups)?;
    let plans = dates(plans)?;
    let count = |n: usize| u32::try_from(n).ok();
    let counts = DirectionCounts {
        inbound: count(inbound)?,
        outbound: count(outbound)?,
        two_way: count(two_way)?,
    };
    Some(Contact::from_parts(
        note,
        order,
        touch_count,
        counts,
        own_end,
        linked,
        follow_ups,
        plans,
    ))
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_source(out: &mut Vec<u8>, source: Source) {
    let (tag, note, at) = match source {
        Source::Entry { note, entry } => (0, note, entry),
        Source::Front { note, line } => (1, note, line),
    };
    out.push(tag);
    out.extend_from_slice(&note.to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
}

/// Reads little-endian numbers off the front of a byte slice; `None` past
/// its end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<usize> {
        let bytes = self.take(4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(bytes)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    const FILES: &[(&str, &str)] = &[
        (
            "people/Ann.md",
            "---\ncadence: 2w\naliases: [Annie, Bo]\nnext_follow_up: 2026-11-30\n---\n## Log\n- 2026-11-01 -> mail\n- [ ] 2026-11-20 send the deck\n- 2026-12-24 dinner\n",
        ),
        ("people/Bo.md", "---\ncircle: family\n---\n- 2026-10-01 <- hi [[Annie]]\n"),
        ("people/sub/bo.md", "- 2026-10-02 the other Bo\n"),
        ("people/Cy.md", "---\ncadence: [broken\n---\n- 2026-09-01 call [[Nobody]]\n"),
        (
            "journal/2026-11-20.md",
            "- lunch with [[Ann]] and [[Bo]]\n- [ ] 2026-11-22 intro [[Cy]] to [[Ann]]\n",
        ),
        (
            "meetings/Kickoff.md",
            "---\ndate: 2026-11-10\nwith: [\"[[Ann]]\", \"[[Nobody]]\"]\n---\n",
        ),
        ("meetings/Later.md", "---\ndate: 2026-12-01\nwith: [\"[[Cy]]\"]\n---\n"),
    ];

    fn setup() -> (Vec<Note>, Config, NaiveDate) {
        let (config, _) = Config::parse("[circles.family]\ncadence = \"1m\"\n");
        let today = parse_date("2026-11-23").unwrap();
        let notes = FILES
            .iter()
            .map(|(rel, text)| crate::vault::load_text(rel, text, &config, today))
            .collect();
        (notes, config, today)
    }

    fn same(a: &Index, b: &Index) {
        assert_eq!(a.notes, b.notes);
        assert_eq!(a.contacts, b.contacts);
        assert_eq!(a.lookup(), b.lookup());
        assert_eq!(a.diagnostics, b.diagnostics);
        assert_eq!(a.today, b.today);
    }

    #[test]
    fn a_stored_index_comes_back_as_built() {
        let (notes, config, today) = setup();
        let built = Index::build(notes.clone(), &config, today);
        // What the fixture is for: every kind of record is there.
        assert!(built.contacts.iter().any(|c| !c.linked().is_empty()));
        assert!(built.contacts.iter().any(|c| !c.follow_ups.is_empty()));
        assert!(built.contacts.iter().any(|c| !c.plans.is_empty()));
        assert!(built.contacts.iter().any(|c| c.cadence.is_some()));
        assert!(built.diagnostics.len() >= 3, "{:?}", built.diagnostics);
        let bytes = stored(&built);
        // Notes in another order: they are sorted as build sorts them.
        let mut shuffled = notes;
        shuffled.reverse();
        let back = from_stored(shuffled, &bytes, &config, today).expect("fits");
        same(&back, &built);
        assert_eq!(stored(&back), bytes, "the same bytes again");
    }

    #[test]
    fn bytes_that_do_not_fit_give_the_notes_back() {
        let (notes, config, today) = setup();
        let stored = stored(&Index::build(notes.clone(), &config, today));
        for len in 0..stored.len() {
            let back = from_stored(notes.clone(), &stored[..len], &config, today);
            assert!(back.is_err(), "cut at {len} of {}", stored.len());
        }
        // Fewer notes than the index was built from.
        let fewer: Vec<Note> = notes.iter().skip(1).cloned().collect();
        let back = from_stored(fewer.clone(), &stored, &config, today);
        assert_eq!(back.err().map(|n| n.len()), Some(fewer.len()));
        // Any byte changed: never a panic.
        for at in 0..stored.len() {
            for flip in [0x01, 0x80, 0xFF] {
                let mut bad = stored.clone();
                bad[at] ^= flip;
                let _ = from_stored(notes.clone(), &bad, &config, today);
            }
        }
    }
}
