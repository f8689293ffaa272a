//! Building the index: contacts, their ids and aliases, and what links say.

use super::lookup::{lowercase, lowercase_into};
use super::touches::{last_contact, own_end};
use super::{cadence_of, to_u32, Contact, Dated, Index, Source, Touch, Touches};
use crate::config::Config;
use crate::dates::Cadence;
use crate::diagnostic::Diagnostic;
use crate::note::inline::Direction;
use crate::note::{DirectionCounts, Entry, EntryKind, Note};
use chrono::NaiveDate;
use compact_str::CompactString;
use foldhash::{HashMap, HashMapExt, HashSet};
use rayon::prelude::*;

/// What one note says of the contacts it links (by contact index), and
/// the lints of its links to no contact.
pub(super) type Resolved = (Vec<(u32, Linked)>, Vec<Lint>);

/// Something another note (or a link in its own) says of a contact.
#[derive(Debug, Clone, Copy)]
pub(super) enum Linked {
    Touch(Touch),
    FollowUp(Dated),
    Plan(Dated),
}

impl Linked {
    pub(super) fn source(&self) -> Source {
        match self {
            Linked::Touch(t) => t.source,
            Linked::FollowUp(d) | Linked::Plan(d) => d.source,
        }
    }

    /// The same, said by note `note`.
    pub(super) fn said_by(mut self, note: u32) -> Linked {
        let source = match &mut self {
            Linked::Touch(t) => &mut t.source,
            Linked::FollowUp(d) | Linked::Plan(d) => &mut d.source,
        };
        *source = source.in_note(note);
        self
    }
}

/// A link that names no contact. "Links to no note" holds only while no
/// note has the id `key` (lowercase): watch mode keeps it with its key, as
/// notes come and go; `[[X]] is not a contact` (no key) always holds.
#[derive(Debug)]
pub(super) struct Lint {
    pub(super) key: Option<CompactString>,
    pub(super) diagnostic: Diagnostic,
}

impl Lint {
    /// Whether it is a lint while `is_note` tells which lowercase ids
    /// notes have.
    pub(super) fn holds(&self, is_note: impl Fn(&str) -> bool) -> bool {
        self.key.as_deref().is_none_or(|key| !is_note(key))
    }
}

/// What a build resolved, kept for watch mode ([`super::live`]): by note,
/// the contacts it spoke of and its links to no contact (each with its
/// key, lint or not) and its lowercase id; by contact, what other notes
/// said of it.
#[derive(Debug, Default)]
pub(super) struct Resolution {
    pub(super) targets: Vec<Vec<u32>>,
    pub(super) lints: Vec<Vec<Lint>>,
    pub(super) lower_ids: Vec<String>,
    pub(super) given: Vec<Vec<Linked>>,
}

/// The contacts a note's items are for, each once, in order.
pub(super) fn targets(items: &[(u32, Linked)]) -> Vec<u32> {
    let mut targets: Vec<u32> = items.iter().map(|(c, _)| *c).collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// The contacts note `n` links, with what it says of each: every entry
/// that links someone (`own`, the contact whose note it is, already counts
/// its own entries) and an interaction note's front matter; links to no
/// note are lints, of which `may_be_note` keeps those to a lowercase id
/// that could be a note's.
pub(super) fn resolve_links(
    n: usize,
    note: &Note,
    own: Option<usize>,
    lookup: &HashMap<CompactString, usize>,
    may_be_note: impl Fn(&str) -> bool,
    today: NaiveDate,
) -> Resolved {
    let mut items = Vec::new();
    let mut lints = Vec::new();
    let mut targets: Vec<usize> = Vec::new();
    let mut key = String::new();
    for linking in note.linking_entries() {
        let (e, entry) = (linking.index, linking.entry);
        targets.clear();
        for link in note.links(linking) {
            lowercase_into(&link.target, &mut key);
            match lookup.get(key.as_str()) {
                Some(&c) if Some(c) == own || targets.contains(&c) => {}
                Some(&c) => targets.push(c),
                None if may_be_note(key.as_str()) => lints.push(Lint {
                    key: Some(CompactString::from(key.as_str())),
                    diagnostic: Diagnostic::warning(
                        &note.path,
                        link.line,
                        link.column,
                        format!("[[{}]] links to no note", link.target),
                    )
                    .lint(),
                }),
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
    // A note named from a date (`2026-11-16_0930 Standup`) is dated by it.
    let date = note.front.date.or_else(|| {
        (!note.is_contact)
            .then(|| crate::daily_notes::name_date(&note.id))
            .flatten()
    });
    if let Some(date) = date {
        for link in &note.front.with {
            let Some(&c) = lookup.get(lowercase(&link.target).as_str()) else {
                lints.push(Lint {
                    key: None,
                    diagnostic: Diagnostic::warning(
                        &note.path,
                        link.line,
                        link.column,
                        format!("[[{}]] is not a contact", link.target),
                    )
                    .lint(),
                });
                continue;
            };
            // Named in the front matter and linked in the body on the same
            // day (a date-named meeting note): one touch.
            let c32 = to_u32(c);
            let told = items.iter().any(|(to, item)| {
                *to == c32
                    && match item {
                        Linked::Touch(t) => t.date == date,
                        Linked::Plan(d) => d.date == date,
                        Linked::FollowUp(_) => false,
                    }
            });
            if told {
                continue;
            }
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
    (items, lints)
}

/// A meeting written down in its own note and linked from the contact's
/// log on its date (`- [[2026-04-10 - Intro Call]]`) is one touch, not
/// two: the meeting note's touch goes, the log's entry stays.
fn drop_recorded_twice(linked: &mut Vec<Touch>, own: &Note, notes: &[Note]) {
    if linked.is_empty() || own.linking_entries().is_empty() {
        return;
    }
    // By day and linked name, once: a contact linked from thousands of
    // meetings and linking thousands from its log costs the sum, not the
    // product. Only days that have a linked touch can hold one recorded
    // twice (`linked` is in date order): most of a log's links are not
    // looked at, nor lowercased.
    let has_touch_on = |date: NaiveDate| {
        let at = linked.partition_point(|t| t.date < date);
        linked.get(at).is_some_and(|t| t.date == date)
    };
    let recorded: HashSet<(NaiveDate, String)> = own
        .linking_entries()
        .iter()
        .filter(|l| l.entry.kind != EntryKind::FollowUp && has_touch_on(l.entry.date))
        .flat_map(|l| {
            own.links(l)
                .iter()
                .map(move |link| (l.entry.date, lowercase(&link.target)))
        })
        .collect();
    if recorded.is_empty() {
        return;
    }
    let days: HashSet<NaiveDate> = recorded.iter().map(|(day, _)| *day).collect();
    linked.retain(|t| {
        let Some(from) = notes
            .get(t.source.note() as usize)
            .filter(|_| days.contains(&t.date))
        else {
            return true;
        };
        !recorded.contains(&(t.date, lowercase(&from.id)))
    });
}

/// The error on a contact note whose id an earlier one (`first`) has.
pub(super) fn duplicate_id(note: &Note, first: &Note) -> Diagnostic {
    Diagnostic::error(
        &note.path,
        1,
        1,
        format!(
            "duplicate contact id `{}`: {} has it too; links go to that one, and `show` or `log` by it lists both",
            note.id, first.path
        ),
    )
}

/// The error on a contact note whose alias names `other` already.
pub(super) fn shared_alias(note: &Note, alias: &str, other: &Note) -> Diagnostic {
    Diagnostic::error(
        &note.path,
        note.front.aliases_line.max(1),
        1,
        format!(
            "alias `{alias}` also names {} ({}); links go to that one, and `show` or `log` by it lists both",
            other.id, other.path
        ),
    )
}

/// The warning on a contact note whose `last_contact` is after `today`.
pub(super) fn last_contact_ahead(note: &Note, today: NaiveDate) -> Option<Diagnostic> {
    let date = note.front.last_contact.filter(|&d| d > today)?;
    Some(Diagnostic::warning(
        &note.path,
        1,
        1,
        format!(
            "last_contact {date} is after today ({today}); it counts as a touch only from that day"
        ),
    ))
}

impl Contact {
    /// A contact of note `note`, `order`th in id order, with nothing
    /// counted yet.
    pub(super) fn new(note: usize, order: usize, cadence: Option<Cadence>) -> Contact {
        Contact {
            note,
            order,
            cadence,
            touch_count: 0,
            counts: DirectionCounts::default(),
            own_end: 0,
            linked: Vec::new(),
            follow_ups: Vec::new(),
            plans: Vec::new(),
        }
    }

    /// Adds what counts for the contact: `linked` (from other notes, in
    /// any order) and what its own note says of it (touches counted in
    /// place, follow-ups, plans); drops a `next_follow_up` that a touch has
    /// answered.
    pub(super) fn add(
        &mut self,
        linked: impl IntoIterator<Item = Linked>,
        notes: &[Note],
        today: NaiveDate,
    ) {
        for item in linked {
            match item {
                Linked::Touch(t) => self.linked.push(t),
                Linked::FollowUp(d) => self.follow_ups.push(d),
                Linked::Plan(d) => self.plans.push(d),
            }
        }
        self.linked.sort_unstable_by_key(|t| (t.date, t.source));
        let note = &notes[self.note];
        drop_recorded_twice(&mut self.linked, note, notes);
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

impl Index {
    /// Builds the index. `today` decides what is a touch and what a plan.
    pub fn build(notes: Vec<Note>, config: &Config, today: NaiveDate) -> Index {
        Index::build_keeping(notes, config, today, false).0
    }

    /// Builds the index, and when asked (`keep`, watch mode) keeps what
    /// it resolved on the way.
    pub(super) fn build_keeping(
        mut notes: Vec<Note>,
        config: &Config,
        today: NaiveDate,
        keep: bool,
    ) -> (Index, Resolution) {
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
                diagnostics.push(duplicate_id(note, &notes[first.note]));
            } else {
                lookup.insert(CompactString::from(id_key), c);
            }
            if let Some(ahead) = last_contact_ahead(note, today) {
                diagnostics.push(ahead);
            }
            contacts.push(Contact::new(n, c, cadence_of(note, config)));
        }
        // Aliases after every id, so that an id always wins over an alias.
        for (c, contact) in contacts.iter().enumerate() {
            let note = &notes[contact.note];
            for alias in &note.front.aliases {
                let key = lowercase(alias);
                match lookup.get(key.as_str()) {
                    Some(&other) if other != c => {
                        diagnostics.push(shared_alias(note, alias, &notes[contacts[other].note]));
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
            .map(|(n, note)| {
                // Kept, every link to no contact is kept: which are lints
                // changes as notes come and go.
                let may_be_note = |key: &str| keep || !note_ids.contains(key);
                resolve_links(n, note, owner[n], &lookup, may_be_note, today)
            })
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
        let mut kept = Resolution::default();
        for (items, lints) in resolved {
            if keep {
                kept.targets.push(targets(&items));
            }
            for (c, item) in items {
                linked[next[c as usize]] = Some(item);
                next[c as usize] += 1;
            }
            if keep {
                let holding = lints.iter().filter(|l| l.holds(|k| note_ids.contains(k)));
                diagnostics.extend(holding.map(|l| l.diagnostic.clone()));
                kept.lints.push(lints);
            } else if !lints.is_empty() {
                // Most notes have none: no iterator to set up for them.
                diagnostics.extend(lints.into_iter().map(|l| l.diagnostic));
            }
        }
        if keep {
            kept.given = (0..contacts.len())
                .map(|c| {
                    linked[starts[c]..starts[c + 1]]
                        .iter()
                        .flatten()
                        .copied()
                        .collect()
                })
                .collect();
            kept.lower_ids = lower_ids;
        }
        contacts
            .par_iter_mut()
            .enumerate()
            .for_each(|(c, contact)| {
                let linked = linked[starts[c]..starts[c + 1]].iter().flatten().copied();
                contact.add(linked, &notes, today);
            });
        crate::timings::phase("index: add touches");
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let index = Index {
            notes,
            contacts,
            lookup,
            today,
            diagnostics,
        };
        (index, kept)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::build;
    use super::*;

    fn touches(index: &Index, who: &str) -> Vec<(String, Direction)> {
        index
            .touches(index.resolve(who).unwrap())
            .map(|t| (t.date.to_string(), t.direction))
            .collect()
    }

    #[test]
    fn a_meeting_linked_from_the_log_on_its_day_is_one_touch() {
        let index = build(&[
            (
                "people/Ann.md",
                "- 2026-04-10 [[2026-04-10 Intro Call]]\n- 2026-04-11 <- [[Notes]]\n- 2026-04-12 [[2026-04-13 Sync]]\n",
            ),
            ("meetings/2026-04-10 Intro Call.md", "Talked with [[Ann]].\n"),
            // Linked from the log on another day: a touch of its own.
            ("meetings/2026-04-13 Sync.md", "Talked with [[Ann]].\n"),
            ("Notes.md", "nothing\n"),
        ], "");
        let dates: Vec<String> = touches(&index, "Ann").into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            dates,
            ["2026-04-10", "2026-04-11", "2026-04-12", "2026-04-13"]
        );
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
}
