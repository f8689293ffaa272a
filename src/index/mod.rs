//! The index: every contact, and every touch, follow-up and plan that
//! counts for it, gathered from all notes and their links.

use crate::config::Config;
use crate::dates::Cadence;
use crate::diagnostic::Diagnostic;
use crate::note::inline::Direction;
use crate::note::{DirectionCounts, Entries, Entry, EntryKind, Note};
use chrono::NaiveDate;
use compact_str::CompactString;
use rayon::prelude::*;
// foldhash: a few hundred thousand look-ups a run, where SipHash's
// resistance to chosen keys buys nothing (the keys are the user's own).
use foldhash::{HashMap, HashMapExt, HashSet};

/// Where a touch, follow-up or plan was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// Entry `entry` of note `note`.
    Entry { note: u32, entry: u32 },
    /// The front matter of note `note` (an interaction note's `date`, a
    /// contact's `next_follow_up`), at file line `line`.
    Front { note: u32, line: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Touch {
    pub date: NaiveDate,
    pub direction: Direction,
    pub source: Source,
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

/// What one note says of the contacts it links (by contact index), and
/// its links to no note.
type Resolved = (Vec<(u32, Linked)>, Vec<Diagnostic>);

/// Something another note (or a link in its own) says of a contact.
#[derive(Debug, Clone, Copy)]
enum Linked {
    Touch(Touch),
    FollowUp(Dated),
    Plan(Dated),
}

/// The contacts note `n` links, with what it says of each: every entry
/// that links someone (`own`, the contact whose note it is, already counts
/// its own entries) and an interaction note's front matter; links to no
/// note are lints.
fn resolve_links(
    n: usize,
    note: &Note,
    own: Option<usize>,
    lookup: &HashMap<CompactString, usize>,
    note_ids: &HashSet<&str>,
    today: NaiveDate,
) -> Resolved {
    let mut items = Vec::new();
    let mut diagnostics = Vec::new();
    let mut targets: Vec<usize> = Vec::new();
    let mut key = String::new();
    for &(e, entry) in note.linking_entries() {
        targets.clear();
        for link in note.links(&entry) {
            lowercase_into(&link.target, &mut key);
            match lookup.get(key.as_str()) {
                Some(&c) if Some(c) == own || targets.contains(&c) => {}
                Some(&c) => targets.push(c),
                None if !note_ids.contains(key.as_str()) => {
                    diagnostics.push(
                        Diagnostic::warning(
                            &note.path,
                            link.line,
                            link.column,
                            format!("[[{}]] links to no note", link.target),
                        )
                        .lint(),
                    );
                }
                None => {}
            }
        }
        let source = Source::Entry {
            note: to_u32(n),
            entry: e,
        };
        let dated = Dated {
            date: entry.date,
            source,
        };
        let item = match entry.kind {
            EntryKind::FollowUp => Linked::FollowUp(dated),
            _ if entry.date > today => Linked::Plan(dated),
            _ => Linked::Touch(Touch {
                date: entry.date,
                direction: entry.direction,
                source,
            }),
        };
        items.extend(targets.iter().map(|&c| (to_u32(c), item)));
    }
    if let Some(date) = note.front.date {
        for link in &note.front.with {
            let Some(&c) = lookup.get(lowercase(&link.target).as_str()) else {
                diagnostics.push(
                    Diagnostic::warning(
                        &note.path,
                        link.line,
                        link.column,
                        format!("[[{}]] is not a contact", link.target),
                    )
                    .lint(),
                );
                continue;
            };
            let source = Source::Front {
                note: to_u32(n),
                line: link.line,
            };
            let item = if date > today {
                Linked::Plan(Dated { date, source })
            } else {
                Linked::Touch(Touch {
                    date,
                    direction: Direction::TwoWay,
                    source,
                })
            };
            items.push((to_u32(c), item));
        }
    }
    (items, diagnostics)
}

/// The note's `last_contact`, unless it is after `today`: a touch that has
/// not happened yet (a typo, or a plan written in the wrong key) must not
/// make the contact look looked after; `check` warns about it.
pub fn last_contact(note: &Note, today: NaiveDate) -> Option<NaiveDate> {
    note.front.last_contact.filter(|&d| d <= today)
}

impl Contact {
    #[cfg(feature = "cache")]
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

    #[cfg(feature = "cache")]
    pub(crate) fn with_cadence(self, cadence: Option<Cadence>) -> Contact {
        Contact { cadence, ..self }
    }

    #[cfg(feature = "cache")]
    /// Where its own touches end among its note's entries.
    pub(crate) fn own_end(&self) -> usize {
        self.own_end
    }

    #[cfg(feature = "cache")]
    /// Its touches written anywhere else, oldest first.
    pub(crate) fn linked(&self) -> &[Touch] {
        &self.linked
    }

    /// Adds what counts for the contact: `linked` (from other notes, in
    /// date order) and what its own note says of it (touches counted in
    /// place, follow-ups, plans); drops a `next_follow_up` that a touch has
    /// answered.
    fn add(&mut self, linked: &[Option<Linked>], notes: &[Note], today: NaiveDate) {
        for item in linked.iter().flatten() {
            match *item {
                Linked::Touch(t) => self.linked.push(t),
                Linked::FollowUp(d) => self.follow_ups.push(d),
                Linked::Plan(d) => self.plans.push(d),
            }
        }
        self.linked.sort_unstable_by_key(|t| (t.date, t.source));
        let note = &notes[self.note];
        if let Some((date, line)) = note.front.next_follow_up {
            self.follow_ups.push(Dated {
                date,
                source: Source::Front {
                    note: to_u32(self.note),
                    line,
                },
            });
        }
        let entries = &note.entries;
        self.own_end = own_end(entries, today);
        let dated = |e: usize, entry: Entry| Dated {
            date: entry.date,
            source: Source::Entry {
                note: to_u32(self.note),
                entry: to_u32(e),
            },
        };
        let open_tasks = note.open_tasks();
        self.follow_ups.extend(
            open_tasks
                .iter()
                .filter_map(|&e| Some(dated(e as usize, entries.get(e as usize)?))),
        );
        // Entries are in date order: the plans are the tail past today, and
        // the note's counts less theirs are its touches'.
        self.counts = note.directions;
        for (e, entry) in entries.iter().enumerate().skip(self.own_end) {
            if entry.kind != EntryKind::FollowUp {
                self.plans.push(dated(e, entry));
                self.counts.remove(entry.direction);
            }
        }
        for touch in &self.linked {
            self.counts.add(touch.direction);
        }
        let open_before_today = open_tasks.partition_point(|&e| (e as usize) < self.own_end);
        self.touch_count = self.own_end - open_before_today + self.linked.len();
        self.plans.sort_by_key(|p| (p.date, p.source));
        self.follow_ups.sort_by_key(|f| (f.date, f.source));
        let last = Touches::of(self, notes)
            .next_back()
            .map(|t| t.date)
            .max(last_contact(note, today));
        // `next_follow_up` is done once a touch on or after it exists.
        self.follow_ups.retain(|f| {
            !matches!(f.source, Source::Front { .. }) || last.is_none_or(|l| l < f.date)
        });
    }
}

/// How many of `entries` (in date order) are dated on or before `today`.
/// Usually all but a few plans at the end: those are looked at from the
/// back, so that a cached note's entries are read where they end only.
fn own_end(entries: &Entries, today: NaiveDate) -> usize {
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
    fn of(contact: &'a Contact, notes: &'a [Note]) -> Touches<'a> {
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

/// `s` in lowercase, as ids and links are compared.
fn lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    lowercase_into(s, &mut out);
    out
}

/// Writes `s` in lowercase into `out`, with no allocation once `out` has
/// room (most names are ASCII).
fn lowercase_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
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

impl Index {
    #[cfg(feature = "cache")]
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

    #[cfg(feature = "cache")]
    /// Lowercased id or alias → contact.
    pub(crate) fn lookup(&self) -> &HashMap<CompactString, usize> {
        &self.lookup
    }

    /// Builds the index. `today` decides what is a touch and what a plan.
    pub fn build(mut notes: Vec<Note>, config: &Config, today: NaiveDate) -> Index {
        notes.sort_by(|a, b| a.path.cmp(&b.path));
        let mut diagnostics: Vec<Diagnostic> = notes
            .iter()
            .flat_map(|n| n.diagnostics.iter().cloned())
            .collect();

        let lower_ids: Vec<String> = notes.par_iter().map(|n| lowercase(&n.id)).collect();
        let mut order: Vec<usize> = (0..notes.len()).filter(|&i| notes[i].is_contact).collect();
        order.sort_by(|&a, &b| {
            (&lower_ids[a], &notes[a].path).cmp(&(&lower_ids[b], &notes[b].path))
        });
        let mut lookup: HashMap<CompactString, usize> = HashMap::with_capacity(order.len());
        let mut contacts = Vec::with_capacity(order.len());
        for (c, &n) in order.iter().enumerate() {
            let note = &notes[n];
            let id_key = lower_ids[n].as_str();
            if let Some(&other) = lookup.get(id_key) {
                let first: &Contact = &contacts[other];
                diagnostics.push(Diagnostic::error(
                    &note.path,
                    1,
                    1,
                    format!(
                        "duplicate contact id `{}`: {} has it too; links and look-ups go to that one",
                        note.id, notes[first.note].path
                    ),
                ));
            } else {
                lookup.insert(CompactString::from(id_key), c);
            }
            if let Some(date) = note.front.last_contact.filter(|&d| d > today) {
                diagnostics.push(Diagnostic::warning(
                    &note.path,
                    1,
                    1,
                    format!(
                        "last_contact {date} is after today ({today}); it counts as a touch only from that day"
                    ),
                ));
            }
            contacts.push(Contact {
                note: n,
                order: c,
                cadence: cadence_of(note, config),
                touch_count: 0,
                counts: DirectionCounts::default(),
                own_end: 0,
                linked: Vec::new(),
                follow_ups: Vec::new(),
                plans: Vec::new(),
            });
        }
        // Aliases after every id, so that an id always wins over an alias.
        for (c, contact) in contacts.iter().enumerate() {
            let note = &notes[contact.note];
            for alias in &note.front.aliases {
                let key = lowercase(alias);
                match lookup.get(key.as_str()) {
                    Some(&other) if other != c => {
                        let other_note = &notes[contacts[other].note];
                        diagnostics.push(Diagnostic::error(
                            &note.path,
                            note.front.aliases_line.max(1),
                            1,
                            format!(
                                "alias `{alias}` also names {} ({}); links and look-ups go to that one",
                                other_note.id, other_note.path
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        lookup.insert(key.into(), c);
                    }
                }
            }
        }
        crate::timings::phase("index: ids and aliases");
        let note_ids: HashSet<&str> = lower_ids.iter().map(String::as_str).collect();
        let mut owner: Vec<Option<usize>> = vec![None; notes.len()];
        for (c, contact) in contacts.iter().enumerate() {
            owner[contact.note] = Some(c);
        }

        // Entries that link someone are the only ones that need a look-up
        // (a contact's own entries are read in place): resolved note by
        // note in parallel, then handed to each contact in order.
        let resolved: Vec<Resolved> = notes
            .par_iter()
            .enumerate()
            .map(|(n, note)| resolve_links(n, note, owner[n], &lookup, &note_ids, today))
            .collect();
        crate::timings::phase("index: resolve links");
        // Grouped by contact with a counting sort; each contact orders its
        // own few by date when it adds them.
        let mut starts = vec![0usize; contacts.len() + 1];
        for (items, _) in &resolved {
            for (c, _) in items {
                starts[*c as usize + 1] += 1;
            }
        }
        for c in 0..contacts.len() {
            starts[c + 1] += starts[c];
        }
        let mut linked: Vec<Option<Linked>> = vec![None; starts[contacts.len()]];
        let mut next = starts.clone();
        for (items, diags) in resolved {
            for (c, item) in items {
                linked[next[c as usize]] = Some(item);
                next[c as usize] += 1;
            }
            diagnostics.extend(diags);
        }
        contacts
            .par_iter_mut()
            .enumerate()
            .for_each(|(c, contact)| {
                contact.add(&linked[starts[c]..starts[c + 1]], &notes, today);
            });
        crate::timings::phase("index: add touches");
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Index {
            notes,
            contacts,
            lookup,
            today,
            diagnostics,
        }
    }

    pub fn note(&self, contact: &Contact) -> &Note {
        &self.notes[contact.note]
    }

    /// Every touch that counts for `contact`, oldest first (ties in the
    /// order they are written): its own entries merged with the rest.
    pub fn touches<'a>(&'a self, contact: &'a Contact) -> Touches<'a> {
        Touches::of(contact, &self.notes)
    }

    /// The date of `contact`'s latest touch (`last_contact` aside).
    pub fn last_touch(&self, contact: &Contact) -> Option<NaiveDate> {
        self.touches(contact).next_back().map(|t| t.date)
    }

    /// The contact a `[[link]]` target or id names (case-insensitively, ids
    /// and aliases).
    pub fn resolve(&self, target: &str) -> Option<&Contact> {
        self.lookup
            .get(lowercase(target).as_str())
            .map(|&c| &self.contacts[c])
    }

    /// Contacts `who` names: by id or alias, else by display name; several
    /// when it is ambiguous.
    pub fn find(&self, who: &str) -> Vec<&Contact> {
        let lower = who.trim().to_lowercase();
        // Two notes with the same id (a duplicate `check` reports) are
        // ambiguous, not the first of them.
        let same_id: Vec<&Contact> = self
            .contacts
            .iter()
            .filter(|c| self.note(c).id.to_lowercase() == lower)
            .collect();
        if same_id.len() > 1 {
            return same_id;
        }
        if let Some(c) = self.resolve(who.trim()) {
            return vec![c];
        }
        self.contacts
            .iter()
            .filter(|c| self.note(c).name().to_lowercase() == lower)
            .collect()
    }

    /// Up to `n` contacts whose id, name or alias is nearest to `who`.
    pub fn nearest(&self, who: &str, n: usize) -> Vec<&Contact> {
        let lower = who.to_lowercase();
        let mut scored: Vec<(f64, &Contact)> = self
            .contacts
            .iter()
            .map(|c| {
                let note = self.note(c);
                let score = std::iter::once(note.id.as_str())
                    .chain(std::iter::once(note.name()))
                    .chain(note.front.aliases.iter().map(String::as_str))
                    .map(|s| {
                        let s = s.to_lowercase();
                        let sim = strsim::jaro_winkler(&lower, &s);
                        if s.contains(&lower) || lower.contains(&s) {
                            sim.max(0.9)
                        } else {
                            sim
                        }
                    })
                    .fold(0.0, f64::max);
                (score, c)
            })
            .filter(|(score, _)| *score >= 0.7)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(n).map(|(_, c)| c).collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn build(files: &[(&str, &str)], config: &str) -> Index {
        let (config, _) = Config::parse(config);
        let today = d("2026-11-23");
        let notes = files
            .iter()
            .map(|(path, text)| crate::vault::load_text(path, text, &config, today))
            .collect();
        Index::build(notes, &config, today)
    }

    fn touches(index: &Index, who: &str) -> Vec<(String, Direction)> {
        index
            .touches(index.resolve(who).unwrap())
            .map(|t| (t.date.to_string(), t.direction))
            .collect()
    }

    #[test]
    fn entries_count_for_the_holder_and_every_contact_they_link() {
        let index = build(
            &[
                (
                    "people/Ann.md",
                    "- 2026-11-01 -> lunch with [[Bo]] and [[ann]]\n",
                ),
                (
                    "people/Bo.md",
                    "---\naliases: [Bobby]\n---\n- 2026-10-01 <- call\n",
                ),
                (
                    "projects/P.md",
                    "- 2026-11-05 demo with [[Bobby|B]]\n- 2026-11-06 nobody\n",
                ),
                ("daily/2026-11-10.md", "Ran into [[Ann]] #in\n"),
                (
                    "meetings/m.md",
                    "---\ndate: 2026-11-12\nwith: [\"[[Bo]]\", \"[[Zed]]\"]\n---\n",
                ),
            ],
            "",
        );
        assert_eq!(
            touches(&index, "ann"),
            [
                ("2026-11-01".into(), Direction::Out),
                ("2026-11-10".into(), Direction::In)
            ]
        );
        assert_eq!(
            touches(&index, "BOBBY"),
            [
                ("2026-10-01".into(), Direction::In),
                ("2026-11-01".into(), Direction::Out),
                ("2026-11-05".into(), Direction::TwoWay),
                ("2026-11-12".into(), Direction::TwoWay),
            ]
        );
        let lints: Vec<_> = index
            .diagnostics
            .iter()
            .map(|d| (d.path.as_str(), d.line, d.message.as_str()))
            .collect();
        assert_eq!(lints, [("meetings/m.md", 3, "[[Zed]] is not a contact")]);
    }

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
    fn future_entries_are_plans_and_open_tasks_follow_ups() {
        let index = build(
            &[(
                "people/Ann.md",
                "---\nnext_follow_up: 2026-11-20\n---\n- 2026-12-24 dinner\n- [ ] 2026-11-01 send intro\n- 2026-11-02 call\n",
            )],
            "",
        );
        let ann = index.resolve("Ann").unwrap();
        assert_eq!(ann.touch_count, 1);
        assert_eq!(ann.plans.len(), 1);
        assert_eq!(index.text(ann.plans[0].source), Some("dinner"));
        let dates: Vec<_> = ann.follow_ups.iter().map(|f| f.date.to_string()).collect();
        assert_eq!(dates, ["2026-11-01", "2026-11-20"]);
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

    #[test]
    fn next_follow_up_is_done_by_a_touch_on_or_after_it() {
        let index = build(
            &[(
                "people/Ann.md",
                "---\nnext_follow_up: 2026-11-20\n---\n- 2026-11-20 call\n",
            )],
            "",
        );
        assert!(index.resolve("Ann").unwrap().follow_ups.is_empty());
    }

    #[test]
    fn circle_cadence_is_the_fallback() {
        let index = build(
            &[
                ("people/Ann.md", "---\ncircle: Mentor\n---\n"),
                ("people/Bo.md", "---\ncircle: mentor\ncadence: 2w\n---\n"),
                ("people/Cy.md", "---\ncircle: stranger\n---\n"),
            ],
            "[circles.mentor]\ncadence = \"6w\"\n",
        );
        let cadence = |who: &str| {
            let cadence = index.resolve(who).unwrap().cadence.as_ref();
            cadence.map(|c| c.written.as_str())
        };
        assert_eq!(cadence("ann"), Some("6w"));
        assert_eq!(cadence("bo"), Some("2w"));
        assert!(index.resolve("cy").unwrap().cadence.is_none());
    }

    #[test]
    fn duplicate_ids_and_aliases_are_errors() {
        let index = build(
            &[
                ("people/Ann.md", "---\naliases: [Bo]\n---\n"),
                ("people/work/Ann.md", ""),
                ("people/Bo.md", ""),
            ],
            "",
        );
        let errors: Vec<_> = index
            .diagnostics
            .iter()
            .map(|d| (d.path.as_str(), d.message.clone()))
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors
            .iter()
            .any(|(p, m)| *p == "people/work/Ann.md" && m.contains("duplicate contact id")));
        assert!(errors
            .iter()
            .any(|(p, m)| *p == "people/Ann.md" && m.contains("alias `Bo`")));
        assert_eq!(
            index.resolve("bo").unwrap().note,
            1,
            "the id wins over the alias"
        );
    }

    #[test]
    fn links_to_missing_notes_are_lints_but_links_to_other_notes_are_not() {
        let index = build(
            &[
                (
                    "people/Ann.md",
                    "- 2026-11-01 about [[Project X]] and [[Nobody]]\n",
                ),
                ("Project X.md", ""),
            ],
            "",
        );
        let lints: Vec<_> = index
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(lints, [(1, 38, "[[Nobody]] links to no note")]);
    }

    #[test]
    fn ids_aliases_and_links_compare_in_one_lowercase() {
        // `str::to_lowercase` writes a final capital sigma as ς, char by
        // char it is σ: ids, aliases and links must all go one way.
        let index = build(
            &[
                ("people/ΟΔΥΣΣΕΥΣ.md", "---\naliases: [ΝΙΚΟΣ]\n---\n"),
                (
                    "notes/n.md",
                    "- 2026-11-01 met [[ΟΔΥΣΣΕΥΣ]]\n- 2026-11-02 met [[ΝΙΚΟΣ]]\n",
                ),
            ],
            "",
        );
        let c = index.resolve("ΟΔΥΣΣΕΥΣ").expect("by id");
        assert_eq!(c.touch_count, 2, "both links resolve");
        assert!(index.resolve("νικοσ").is_some());
        assert!(index.diagnostics.is_empty(), "{:?}", index.diagnostics);
    }

    #[test]
    fn find_by_name_and_nearest() {
        let index = build(
            &[
                ("people/ana-lima.md", "---\nname: Ana Lima\n---\n"),
                ("people/ana-souza.md", "---\nname: Ana Souza\n---\n"),
                ("people/x.md", "---\nname: Ana Lima\n---\n"),
            ],
            "",
        );
        assert_eq!(index.find("ana-lima").len(), 1);
        assert_eq!(index.find("ana lima").len(), 2, "ambiguous by name");
        assert!(index.find("zed").is_empty());
        let near: Vec<_> = index
            .nearest("ana lim", 2)
            .iter()
            .map(|c| index.note(c).id.clone())
            .collect();
        assert!(near.contains(&"ana-lima".to_string()), "{near:?}");
    }
}
