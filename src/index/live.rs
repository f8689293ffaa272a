//! The index as watch mode keeps it between updates, so that a changed
//! note costs about its own size: what each note resolved to and what each
//! contact was given, to re-resolve only the changed notes and re-add only
//! the contacts they can change. Anything that changes who the contacts
//! are, the day, or a great many notes at once is a full [`Index::build`].

use super::build::{
    duplicate_id, last_contact_ahead, resolve_links, shared_alias, targets, Linked, Lint,
    Resolution,
};
use super::lookup::lowercase;
use super::{to_u32, Contact, Index, Source};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::note::Note;
use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The notes a burst changed, by path: each one's new version, or `None`
/// for a note gone (or never there).
pub(crate) type Edits = BTreeMap<String, Option<Note>>;

/// More notes coming or going than this in one burst (a `git checkout`)
/// is a full build: each one moves the notes after it (0.3-0.6 ms at
/// 10,000 notes), and a build costs 30-60 ms.
const MANY: usize = 64;

/// What the index took from one note, beside [`Index::notes`].
#[derive(Debug, Default)]
struct Kept {
    /// The note's number for as long as it is kept, whatever its place
    /// among the notes: what [`Live::given`] says the note said.
    slot: u32,
    /// The contact the note is, if it is one.
    owner: Option<u32>,
    /// The contacts it said something of, each once, in order.
    targets: Vec<u32>,
    /// Its diagnostics that hold whichever other notes exist: its own,
    /// and its contact's. Copied here so that gathering every note's
    /// reads this vector, not 10,000 notes.
    diagnostics: Vec<Diagnostic>,
    /// Its links to no contact, kept with their keys: whether one is a
    /// lint depends on which notes exist when asked.
    lints: Vec<Lint>,
}

/// Watch mode's state beside the index; see the module's comment.
#[derive(Debug, Default)]
pub(crate) struct Live {
    /// By note, as [`Index::notes`].
    notes: Vec<Kept>,
    /// What other notes say of each contact, in no order: what
    /// [`Contact::add`] is given, each item's note by its slot. Slots do
    /// not move when notes come and go before them, so this is never
    /// renumbered.
    given: Vec<Vec<Linked>>,
    /// Where each slot's note is among the notes (`u32::MAX`: gone).
    at: Vec<u32>,
    /// How many notes have each lowercase id ("links to no note").
    note_ids: HashMap<String, u32>,
}

fn renumber(source: &mut Source, to: &[u32]) {
    let note = to.get(source.note() as usize).copied().unwrap_or(u32::MAX);
    *source = source.in_note(note);
}

/// Whether a note's new version leaves the contacts and their look-up as
/// they were: then only what it links changes.
fn same_identity(old: &Note, new: &Note) -> bool {
    if !old.is_contact && !new.is_contact {
        return true;
    }
    old.is_contact == new.is_contact
        && old.id == new.id
        && old.front.aliases == new.front.aliases
        && old.front.aliases_line == new.front.aliases_line
        && old.front.circle == new.front.circle
        && old.front.cadence == new.front.cadence
}

impl Live {
    /// The index of `notes` for `today`, built, and what to keep of it.
    pub(crate) fn build(mut notes: Vec<Note>, config: &Config, today: NaiveDate) -> (Index, Live) {
        // Room for new notes, made now: growing the notes in the middle of
        // a save would copy them all.
        notes.reserve_exact(MANY);
        let (index, resolved) = Index::build_keeping(notes, config, today, true);
        let Resolution {
            targets,
            lints,
            lower_ids,
            given,
        } = resolved;
        let mut kept: Vec<Kept> = Vec::with_capacity(index.notes.len() + MANY);
        let by_note = targets.into_iter().zip(lints);
        kept.extend(by_note.enumerate().map(|(n, (targets, lints))| Kept {
            slot: to_u32(n),
            targets,
            lints,
            ..Kept::default()
        }));
        for (c, contact) in index.contacts.iter().enumerate() {
            if let Some(k) = kept.get_mut(contact.note) {
                k.owner = Some(to_u32(c));
            }
        }
        for (note, k) in index.notes.iter().zip(&mut kept) {
            k.diagnostics = diagnostics_of(&index, note, k.owner);
        }
        let mut note_ids: HashMap<String, u32> = HashMap::with_capacity(lower_ids.len());
        for id in lower_ids {
            *note_ids.entry(id).or_default() += 1;
        }
        let live = Live {
            notes: kept,
            given,
            at: (0..index.notes.len()).map(to_u32).collect(),
            note_ids,
        };
        (index, live)
    }

    /// Makes `edits` to `index`'s notes and brings the index up to date
    /// for `today`, as [`Index::build`] on the edited notes would.
    pub(crate) fn update(
        &mut self,
        index: &mut Index,
        edits: Edits,
        config: &Config,
        today: NaiveDate,
    ) {
        let old = olds(index, &edits);
        if self.needs_build(index, &old, &edits, today) {
            let mut notes = std::mem::take(&mut index.notes);
            notes.retain(|n| !edits.contains_key(&n.path));
            notes.extend(edits.into_values().flatten());
            (*index, *self) = Live::build(notes, config, today);
            return;
        }
        if edits.is_empty() {
            return;
        }
        let mut dirty: Vec<u32> = Vec::new();
        // What the old versions said goes.
        for &i in old.iter().flatten() {
            let k = &mut self.notes[i];
            for &c in &k.targets {
                if let Some(given) = self.given.get_mut(c as usize) {
                    given.retain(|item| item.source().note() != k.slot);
                }
            }
            dirty.append(&mut k.targets);
            dirty.extend(k.owner);
            k.lints.clear();
            self.forget_id(&index.notes[i].id);
        }
        let fresh = self.edit_notes(index, edits);
        // What the new versions say comes.
        for &j in &fresh {
            let note = &index.notes[j];
            let k = &mut self.notes[j];
            let own = k.owner.map(|c| c as usize);
            let slot = k.slot as usize;
            let (items, lints) = resolve_links(slot, note, own, &index.lookup, |_| true, today);
            k.targets = targets(&items);
            for (c, item) in items {
                if let Some(given) = self.given.get_mut(c as usize) {
                    given.push(item);
                }
            }
            k.lints = lints;
            k.diagnostics = diagnostics_of(index, note, k.owner);
            // A contact's own note was marked with its old version (it
            // cannot be new: a new contact is a full build).
            dirty.extend(&k.targets);
            *self.note_ids.entry(lowercase(&note.id)).or_default() += 1;
        }
        dirty.sort_unstable();
        dirty.dedup();
        let notes = &index.notes;
        let (given, at) = (&self.given, &self.at);
        let rebuilt: Vec<(usize, Contact)> = dirty
            .par_iter()
            .filter_map(|&c| {
                let old = index.contacts.get(c as usize)?;
                let mut contact = Contact::new(old.note, old.order, old.cadence.clone());
                let said = given.get(c as usize)?.iter().map(|item| {
                    let slot = item.source().note() as usize;
                    item.said_by(at.get(slot).copied().unwrap_or(u32::MAX))
                });
                contact.add(said, notes, today);
                Some((c as usize, contact))
            })
            .collect();
        for (c, contact) in rebuilt {
            index.contacts[c] = contact;
        }
        index.diagnostics = self.diagnostics();
    }

    /// Whether the edits (whose old versions are at `old`) or the day
    /// change more than what notes link: then the index is built whole.
    fn needs_build(
        &self,
        index: &Index,
        old: &[Option<usize>],
        edits: &Edits,
        today: NaiveDate,
    ) -> bool {
        let moving = old
            .iter()
            .zip(edits.values())
            .filter(|(at, new)| at.is_some() != new.is_some())
            .count();
        today != index.today
            || self.notes.len() != index.notes.len()
            || moving > MANY
            || old.iter().zip(edits.values()).any(|(&at, new)| {
                match (at.and_then(|i| index.notes.get(i)), new) {
                    (Some(o), Some(n)) => !same_identity(o, n),
                    (Some(note), None) | (None, Some(note)) => note.is_contact,
                    (None, None) => false,
                }
            })
    }

    fn forget_id(&mut self, id: &str) {
        let key = lowercase(id);
        if let Some(count) = self.note_ids.get_mut(key.as_str()) {
            *count -= 1;
            if *count == 0 {
                self.note_ids.remove(key.as_str());
            }
        }
    }

    /// Puts the edited notes in place, in path order; when notes came or
    /// went, renumbers the contacts' sources. Where the new versions are.
    fn edit_notes(&mut self, index: &mut Index, edits: Edits) -> Vec<usize> {
        let mut fresh = Vec::with_capacity(edits.len());
        let mut moved = false;
        // In path order, so that a place noted stays right.
        for (path, new) in edits {
            let at = index.notes.binary_search_by(|n| n.path.cmp(&path));
            match (at, new) {
                (Ok(i), Some(note)) => {
                    index.notes[i] = note;
                    fresh.push(i);
                }
                (Ok(i), None) => {
                    index.notes.remove(i);
                    let k = self.notes.remove(i);
                    if let Some(at) = self.at.get_mut(k.slot as usize) {
                        *at = u32::MAX;
                    }
                    moved = true;
                }
                (Err(i), Some(note)) => {
                    index.notes.insert(i, note);
                    let slot = to_u32(self.at.len());
                    self.at.push(u32::MAX);
                    self.notes.insert(
                        i,
                        Kept {
                            slot,
                            ..Kept::default()
                        },
                    );
                    fresh.push(i);
                    moved = true;
                }
                (Err(_), None) => {}
            }
        }
        if moved {
            // Where each note was (by its slot) and is now.
            let mut to = vec![u32::MAX; self.at.len()];
            for (n, k) in self.notes.iter().enumerate() {
                let slot = k.slot as usize;
                if let Some(t) = to.get_mut(self.at[slot] as usize) {
                    *t = to_u32(n);
                }
                self.at[slot] = to_u32(n);
            }
            let to = &to;
            index.contacts.par_iter_mut().for_each(|contact| {
                contact.note = to.get(contact.note).map_or(usize::MAX, |&n| n as usize);
                for t in &mut contact.linked {
                    renumber(&mut t.source, to);
                }
                for d in contact.follow_ups.iter_mut().chain(&mut contact.plans) {
                    renumber(&mut d.source, to);
                }
            });
        }
        fresh
    }

    /// The index's diagnostics, as a build gives them: each note's own,
    /// its contact's, its lints (those to no note only while no note has
    /// that id), in `check`'s order.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = Vec::new();
        for k in &self.notes {
            all.extend(k.diagnostics.iter().cloned());
            let lints = k
                .lints
                .iter()
                .filter(|l| l.holds(|key| self.note_ids.contains_key(key)));
            all.extend(lints.map(|l| l.diagnostic.clone()));
        }
        all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        all
    }
}

/// Where each edited path's note is now in `index`, if it is there.
fn olds(index: &Index, edits: &Edits) -> Vec<Option<usize>> {
    let at = |path: &String| {
        index
            .notes
            .binary_search_by(|n| n.path.as_str().cmp(path))
            .ok()
    };
    edits.keys().map(at).collect()
}

/// A note's diagnostics that do not depend on which other notes exist, in
/// the order a build adds them: its own; for a contact (`owner`), a
/// duplicate id, a `last_contact` ahead of today, aliases another contact
/// has. A duplicate is read from the look-up as built, which holds the
/// first contact of each id and then the first of each alias.
fn diagnostics_of(index: &Index, note: &Note, owner: Option<u32>) -> Vec<Diagnostic> {
    let mut out = note.diagnostics.clone();
    let Some(c) = owner.map(|c| c as usize) else {
        return out;
    };
    let named = |key: &str| {
        let other = *index.lookup.get(key)?;
        let other = index.contacts.get(other).filter(|_| other != c)?;
        index.notes.get(other.note)
    };
    if let Some(first) = named(lowercase(&note.id).as_str()) {
        out.push(duplicate_id(note, first));
    }
    out.extend(last_contact_ahead(note, index.today));
    for alias in &note.front.aliases {
        if let Some(other) = named(lowercase(alias).as_str()) {
            out.push(shared_alias(note, alias, other));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::testing::d;
    use proptest::prelude::*;

    const CONFIG: &str = "[circles.friend]\ncadence = \"6w\"\n";

    /// Contacts (one a duplicate id, one a contact by its type), a note
    /// named as an alias, daily notes (one in the future), meetings linked
    /// from a log on their day, a note a lint names.
    const PATHS: &[&str] = &[
        "people/Ann.md",
        "people/Bo.md",
        "people/Cy.md",
        "people/work/Ann.md",
        "crm/Dee.md",
        "notes/a.md",
        "notes/Bobby.md",
        "Project X.md",
        "Nobody.md",
        "daily/2026-11-10.md",
        "daily/2026-11-23.md",
        "daily/2026-11-30.md",
        "meetings/2026-04-10 Intro Call.md",
        "meetings/old/2026-04-10 Intro Call.md",
        "meetings/2026-11-16_0930 Standup.md",
        "meetings/m.md",
    ];

    const FRONT: &[&str] = &[
        "aliases: [Bobby]",
        "aliases: [Annie, bo, Cy]",
        "circle: friend",
        "cadence: 2w",
        "next_follow_up: 2026-11-20",
        "next_follow_up: 2026-11-25",
        "last_contact: 2026-11-22",
        "last_contact: 2026-12-01",
        "date: 2026-11-12",
        "date: 2026-12-02",
        "with: [\"[[Bo]]\", \"[[Zed]]\", \"[[annie]]\"]",
        "with: [\"[[Ann]]\"]",
        "type: person",
        "name: [broken",
    ];

    const BODY: &[&str] = &[
        "- 2026-11-01 -> call with [[Bo]] #call",
        "- [ ] 2026-11-20 send intro to [[Ann]]",
        "- [ ] 2026-11-21 ask",
        "- [x] 2026-11-02 sent the deck to [[Cy]]",
        "- 2026-12-24 dinner with [[Ann]] and [[Bo]]",
        "- 2026-11-28 plan",
        "- 2026-04-10 [[2026-04-10 Intro Call]]",
        "- 2026-11-16 [[2026-11-16_0930 Standup]]",
        "- 2026-11-16 with [[Ann]] and [[Dee]]",
        "- 2026-11-05 about [[Project X]] and [[Nobody]]",
        "- 2026-11-05 <- text from [[bobby]] #in",
        "- 2026-11-10 saw [[Zed]] and [[a]]",
        "- 2026-11-12 met [[Bo]] and [[Bo|B]] and [[Annie]]",
        "- 2026-11-20 call",
        "### 2026-11-02 Lunch with [[Ann]]",
        "Ran into [[Ann]] #in",
        "Talked with [[Ann]], [[Bo]] and [[Dee]].",
        "- [ ] open task with no date for [[Cy]]",
    ];

    /// A note's text from some front-matter lines and some body lines.
    fn text() -> impl Strategy<Value = String> {
        (
            proptest::sample::subsequence(FRONT, 0..4),
            proptest::collection::vec(proptest::sample::select(BODY), 0..6),
        )
            .prop_map(|(front, body)| {
                let mut text = String::new();
                if !front.is_empty() {
                    text.push_str("---\n");
                    for line in front {
                        text.push_str(line);
                        text.push('\n');
                    }
                    text.push_str("---\n");
                }
                for line in body {
                    text.push_str(line);
                    text.push('\n');
                }
                text
            })
    }

    /// A path of [`PATHS`] and its new text, or none (the note goes).
    fn edit() -> impl Strategy<Value = (usize, Option<String>)> {
        (0..PATHS.len(), proptest::option::weighted(0.8, text()))
    }

    /// A burst of edits, or (`None`) a new day.
    fn step() -> impl Strategy<Value = Option<Vec<(usize, Option<String>)>>> {
        proptest::option::weighted(0.95, proptest::collection::vec(edit(), 1..4))
    }

    fn assert_same(live: &Index, built: &Index) -> Result<(), TestCaseError> {
        prop_assert_eq!(live.today, built.today);
        prop_assert_eq!(&live.notes, &built.notes);
        prop_assert_eq!(&live.contacts, &built.contacts);
        prop_assert_eq!(&live.lookup, &built.lookup);
        prop_assert_eq!(&live.diagnostics, &built.diagnostics);
        for (a, b) in live.contacts.iter().zip(&built.contacts) {
            let touches: Vec<_> = live.touches(a).collect();
            prop_assert_eq!(touches, built.touches(b).collect::<Vec<_>>());
            prop_assert_eq!(live.last_touch(a), built.last_touch(b));
        }
        Ok(())
    }

    /// Updates `index` and `live` by `edits` as watch mode does, and says
    /// whether that was a full build.
    fn apply(
        live: &mut Live,
        index: &mut Index,
        edits: Edits,
        config: &Config,
        today: NaiveDate,
    ) -> bool {
        let whole = live.needs_build(index, &olds(index, &edits), &edits, today);
        live.update(index, edits, config, today);
        whole
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Whatever notes change, come, go or change who they are, and
        /// whatever the day, the index kept up to date is the one built
        /// from the same notes.
        #[test]
        fn an_updated_index_is_the_index_built_from_the_same_notes(
            start in proptest::collection::vec(proptest::option::of(text()), PATHS.len()),
            steps in proptest::collection::vec(step(), 1..12),
        ) {
            let (config, _) = Config::parse(CONFIG);
            let mut today = d("2026-11-23");
            let mut notes: BTreeMap<&str, Note> = BTreeMap::new();
            for (path, text) in PATHS.iter().zip(&start) {
                if let Some(text) = text {
                    notes.insert(path, crate::vault::load_text(path, text, &config, today));
                }
            }
            let (mut index, mut live) = Live::build(notes.values().cloned().collect(), &config, today);
            assert_same(&index, &Index::build(notes.values().cloned().collect(), &config, today))?;
            for step in steps {
                let mut edits = Edits::new();
                match step {
                    None => today = today.succ_opt().unwrap_or(today),
                    Some(step) => {
                        for (p, text) in step {
                            let path = PATHS[p];
                            let note = text.map(|t| crate::vault::load_text(path, &t, &config, today));
                            match &note {
                                Some(note) => notes.insert(path, note.clone()),
                                None => notes.remove(path),
                            };
                            edits.insert(path.to_string(), note);
                        }
                    }
                }
                apply(&mut live, &mut index, edits, &config, today);
                let built = Index::build(notes.values().cloned().collect(), &config, today);
                assert_same(&index, &built)?;
            }
        }
    }

    fn load(path: &str, text: &str) -> Note {
        let (config, _) = Config::parse(CONFIG);
        crate::vault::load_text(path, text, &config, d("2026-11-23"))
    }

    /// The edits the property above makes most, one by one, each checked
    /// to go the incremental way.
    #[test]
    fn everyday_edits_are_not_full_builds() {
        let (config, _) = Config::parse(CONFIG);
        let today = d("2026-11-23");
        let mut notes: BTreeMap<String, Note> = [
            ("people/Ann.md", "- 2026-04-10 [[2026-04-10 Intro Call]]\n- 2026-11-01 call\n"),
            ("people/Bo.md", "---\naliases: [Bobby]\nnext_follow_up: 2026-11-20\n---\n- [ ] 2026-11-22 ask [[Ann]]\n"),
            ("people/Cy.md", "- 2026-11-05 about [[Project X]]\n"),
            ("meetings/2026-04-10 Intro Call.md", "Talked with [[Ann]] and [[Bo]].\n"),
            ("Project X.md", "- 2026-11-06 demo with [[Bobby]]\n"),
        ]
        .into_iter()
        .map(|(p, t)| (p.to_string(), load(p, t)))
        .collect();
        let (mut index, mut live) = Live::build(notes.values().cloned().collect(), &config, today);
        let cases: &[&[(&str, Option<&str>)]] = &[
            // A touch appended to a contact's log.
            &[("people/Ann.md", Some("- 2026-04-10 [[2026-04-10 Intro Call]]\n- 2026-11-01 call\n- 2026-11-23 -> mail [[Bo]]\n"))],
            // Today's daily note created, linking two contacts.
            &[("daily/2026-11-23.md", Some("Ran into [[Ann]] and [[Bobby]] #in\n"))],
            // A touch that answers Bo's next_follow_up, from another note.
            &[("notes/a.md", Some("- 2026-11-21 <- [[Bo]] replied\n"))],
            // The meeting note renamed: Ann's log no longer names it.
            &[
                ("meetings/2026-04-10 Intro Call.md", None),
                ("meetings/2026-04-10 Intro.md", Some("Talked with [[Ann]] and [[Bo]].\n")),
            ],
            // The note a link named goes, and a lint comes.
            &[("Project X.md", None)],
            // And comes back.
            &[("Project X.md", Some(""))],
            // Bo's follow-up ticked.
            &[("people/Bo.md", Some("---\naliases: [Bobby]\nnext_follow_up: 2026-11-20\n---\n- [x] 2026-11-22 ask [[Ann]]\n"))],
        ];
        for edits in cases {
            let edits: Edits = edits
                .iter()
                .map(|(path, text)| (path.to_string(), text.map(|t| load(path, t))))
                .collect();
            for (path, note) in &edits {
                match note {
                    Some(note) => notes.insert(path.clone(), note.clone()),
                    None => notes.remove(path),
                };
            }
            let paths: Vec<String> = edits.keys().cloned().collect();
            let whole = apply(&mut live, &mut index, edits, &config, today);
            assert!(!whole, "{paths:?}");
            let built = Index::build(notes.values().cloned().collect(), &config, today);
            assert_same(&index, &built).unwrap();
        }
        let contact = [
            ("people/Dee.md", Some("")),
            ("people/Bo.md", Some("---\naliases: [Bob]\n---\n")),
            (
                "people/Bo.md",
                Some("---\naliases: [Bobby]\ncadence: 2w\n---\n"),
            ),
            ("people/Cy.md", None),
            ("notes/a.md", Some("---\ntype: person\n---\n")),
        ];
        // A burst of many new notes (a `git checkout`): each would move
        // the notes after it.
        let many: Edits = (0..=MANY)
            .map(|i| {
                (
                    format!("daily/2026-10-{i:03}.md"),
                    Some(load("daily/x.md", "")),
                )
            })
            .collect();
        assert!(live.needs_build(&index, &olds(&index, &many), &many, today));
        for (path, text) in contact {
            let edits: Edits = [(path.to_string(), text.map(|t| load(path, t)))].into();
            assert!(
                live.needs_build(&index, &olds(&index, &edits), &edits, today),
                "{path}"
            );
        }
    }
}
