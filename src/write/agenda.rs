//! `agenda --write`: what the user ticked in the agenda note becomes a
//! touch in the vault, then the agenda's region is written anew.

use super::atomic::{self, Applied, EditError, Outcome, OwnWrite, WriteError};
use super::edit::{self, Tick};
use super::output::{self, OutputError};
use crate::index::{Index, Source};
use std::path::Path;

/// What recording a tick did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// A log entry in the contact's note (path, entry text).
    Logged(String, String),
    /// The follow-up's own task was ticked (path, line).
    Completed(String, u32),
    /// Already recorded (a second run).
    Already,
}

/// The quoted text of a follow-up or plan item: `...: "send the deck"`.
fn quoted(what: &str) -> Option<&str> {
    let start = what.find('"')?;
    let end = what.rfind('"')?;
    (end > start).then(|| &what[start + 1..end])
}

/// The log entry a ticked item stands for (after its date).
fn entry_for(what: &str) -> String {
    let first = what.split([',', ':']).next().unwrap_or("").trim();
    if what.starts_with("reply owed") {
        "-> replied".into()
    } else if what.starts_with("planned") {
        quoted(what).unwrap_or("as planned").to_string()
    } else if what.starts_with("dormant") {
        "-> reconnected".into()
    } else if what.starts_with("follow-up") {
        match quoted(what) {
            Some(text) => format!("-> done: {text}"),
            None => "-> followed up".into(),
        }
    } else if what.contains(" (turns ") || first.starts_with("birthday") {
        "-> birthday wishes".into()
    } else if let Some(label) = special_day_label(first) {
        // A day one wishes on reads "-> work anniversary wishes"; any other
        // label the user chose ("met at conference") is what was marked.
        let lower = label.to_lowercase();
        if ["birthday", "anniversary", " day"]
            .iter()
            .any(|w| lower.contains(w))
        {
            format!("-> {label} wishes")
        } else {
            format!("-> marked the day: {label}")
        }
    } else {
        "-> reached out".into()
    }
}

/// The label of a special-day item (`work anniversary 12-01 (5 years)`):
/// the words before its `MM-DD`, when it has one.
fn special_day_label(first: &str) -> Option<String> {
    let is_day = |w: &str| {
        let b = w.as_bytes();
        b.len() == 5 && b[2] == b'-' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
    };
    let words: Vec<&str> = first.split(' ').collect();
    let at = words.iter().position(|w| is_day(w))?;
    (at > 0).then(|| words[..at].join(" "))
}

/// Why a tick could not be recorded; its tick stays in the agenda.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("[[{0}]] is no contact; its tick is kept in the agenda (make a note for them, or untick it)")]
    NoContact(String),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Records one tick: a follow-up's task is ticked where it is written;
/// anything else is a log entry dated today in the contact's note, unless
/// that exact entry is there already (so a second run adds nothing).
pub fn record(root: &Path, index: &Index, tick: &Tick) -> Result<Recorded, RecordError> {
    let contact = index
        .resolve(&tick.target)
        .ok_or_else(|| RecordError::NoContact(tick.target.clone()))?;
    let today = index.today;
    if tick.what.starts_with("follow-up") {
        let wanted = quoted(&tick.what);
        let follow_up = contact
            .follow_ups
            .iter()
            .find(|f| index.text(f.source) == wanted);
        match follow_up.map(|f| f.source) {
            Some(source @ Source::Entry { .. }) => {
                let (note, line) = index.location(source);
                let text = wanted.unwrap_or_default().to_string();
                let applied = atomic::apply_to_note(root, &root.join(&note.path), |old| {
                    let old = old.ok_or(EditError::Gone)?;
                    Ok(match edit::complete_task(old, line, &text, today) {
                        Some(new) => Outcome::Write(new),
                        None => Outcome::Keep,
                    })
                })?;
                return Ok(match applied {
                    Applied::Written => Recorded::Completed(note.path.clone(), line),
                    Applied::Unchanged => Recorded::Already,
                });
            }
            // Done already (no such open follow-up any more), or written
            // as `next_follow_up`: a touch today settles it.
            Some(Source::Front { .. }) => {}
            None if wanted.is_some() => return Ok(Recorded::Already),
            None => {}
        }
    }
    let note = index.note(contact);
    // The agenda file is text anyone may have edited: a bare CR in it must
    // not become a line break in the contact's note.
    let rest = crate::render::one_line(&entry_for(&tick.what)).into_owned();
    let line = format!("{today} {rest}");
    let mut already = false;
    atomic::apply_to_note(root, &root.join(&note.path), |old| {
        let old = old.ok_or(EditError::Gone)?;
        already = old
            .lines()
            .any(|l| l.trim_start().trim_start_matches(['-', '*', '+']).trim() == line);
        Ok(if already {
            Outcome::Keep
        } else {
            Outcome::Write(edit::add_log_entry(old, today, &rest))
        })
    })?;
    Ok(if already {
        Recorded::Already
    } else {
        Recorded::Logged(note.path.clone(), line)
    })
}

/// Records every tick in the agenda text `text`. Returns how many were
/// recorded anew, or the reasons some could not be (then the caller must
/// leave the agenda file as it is, so that no tick is lost).
pub fn harvest(root: &Path, index: &Index, text: &str) -> Result<Vec<Recorded>, Vec<RecordError>> {
    let mut done = Vec::new();
    let mut failed = Vec::new();
    // A tick netkeep carried into its last rewrite was recorded then.
    for tick in edit::ticks(text).iter().filter(|t| !is_carried(t)) {
        match record(root, index, tick) {
            Ok(Recorded::Already) => {}
            Ok(r) => done.push(r),
            Err(why) => failed.push(why),
        }
    }
    if failed.is_empty() {
        Ok(done)
    } else {
        Err(failed)
    }
}

/// Ends an item netkeep ticked again in a rewrite: what its tick
/// recorded. Such a tick is never recorded twice.
const RECORDED: &str = " — recorded: ";

fn is_carried(tick: &Tick) -> bool {
    tick.what.contains(RECORDED)
}

/// A tick of the old agenda: whom and what (without what was recorded),
/// what it recorded, and its line's item text after `- [x] `.
struct Kept {
    target: String,
    what: String,
    recorded: String,
    item: String,
}

/// The day an agenda region is for, from its heading.
fn agenda_day(region: &str) -> Option<&str> {
    region
        .lines()
        .find_map(|l| l.strip_prefix("## Agenda for "))
        .map(str::trim)
}

/// `region` (the agenda just planned), with what the user ticked in `old`
/// (the agenda file as it was, every tick in it recorded by now) still
/// ticked when both are the same day's: a ticked item the plan still
/// holds (a special day) is `[x]` in its place, and one it no longer holds
/// (a contact reached) is listed under "Done today"; each says what its
/// tick recorded. So a tick never comes back unticked the same day, as if
/// lost. A new day's agenda starts clean.
pub fn keep_ticks(old: Option<&str>, region: &str) -> String {
    let Some(old_region) = old.and_then(|t| edit::region_text(t).ok().flatten()) else {
        return region.to_string();
    };
    if agenda_day(old_region).is_none() || agenda_day(old_region) != agenda_day(region) {
        return region.to_string();
    }
    let mut kept: Vec<Kept> = old_region
        .lines()
        .filter_map(|line| {
            let tick = edit::tick_of(line)?;
            let item = line.trim_start().get(6..)?;
            let (what, recorded) = match tick.what.split_once(RECORDED) {
                Some((what, recorded)) => (what.to_string(), recorded.to_string()),
                None => (tick.what.clone(), entry_for(&tick.what)),
            };
            let item = item.split(RECORDED).next().unwrap_or(item).to_string();
            Some(Kept {
                target: crate::index::lowercase(&tick.target),
                what,
                recorded,
                item,
            })
        })
        .collect();
    if kept.is_empty() {
        return region.to_string();
    }
    let mut out = String::with_capacity(region.len());
    for line in region.split_inclusive('\n') {
        let item = line
            .strip_prefix("- [ ] ")
            .map(|i| i.trim_end_matches('\n'));
        let planned = item.and_then(|i| edit::tick_of(&format!("- [x] {i}")));
        let found = planned.and_then(|p| {
            let target = crate::index::lowercase(&p.target);
            kept.iter()
                .position(|k| k.target == target && k.what == p.what)
        });
        if let (Some(item), Some(at)) = (item, found) {
            let k = kept.remove(at);
            out.push_str(&format!("- [x] {item}{RECORDED}{}\n", k.recorded));
            continue;
        }
        if line.starts_with(crate::note::body::END_MARKER) && !kept.is_empty() {
            out.push_str("\n### Done today\n\n");
            for k in kept.drain(..) {
                out.push_str(&format!("- [x] {}{RECORDED}{}\n", k.item, k.recorded));
            }
        }
        out.push_str(line);
    }
    out
}

impl std::fmt::Display for Recorded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recorded::Logged(path, line) => write!(f, "recorded in {path}: {line}"),
            Recorded::Completed(path, line) => write!(f, "ticked the follow-up at {path}:{line}"),
            Recorded::Already => write!(f, "already recorded"),
        }
    }
}

/// What [`write_region_after`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionWrite {
    Written,
    Unchanged,
    /// The file holds ticks that were not harvested: made while netkeep
    /// planned. Nothing was written; record them and plan again.
    NewTicks,
}

/// Whether `text` holds a tick that is not among `harvested`.
pub fn has_new_ticks(text: &str, harvested: &[Tick]) -> bool {
    edit::ticks(text).iter().any(|t| !harvested.contains(t))
}

/// Writes `region` into the agenda file at `path` (created when missing;
/// markers appended when absent; unchanged text is not written), but
/// only if every tick in the file as it is at the moment of writing is
/// among `harvested`, the ticks already recorded. The check runs on the
/// very text that is replaced, so a tick made after the harvest is never
/// overwritten unrecorded.
pub fn write_region_after(
    path: &Path,
    region: &str,
    harvested: &[Tick],
) -> Result<RegionWrite, WriteError> {
    write_region_over(path, None, region, harvested).map(|(w, _, _)| w)
}

/// [`write_region_after`] over a file netkeep's own last write left as
/// `own` ([`atomic::apply_after`]); also what this write left, and the
/// text it wrote.
fn write_region_over(
    path: &Path,
    own: Option<&OwnWrite>,
    region: &str,
    harvested: &[Tick],
) -> Result<(RegionWrite, Option<OwnWrite>, Option<String>), WriteError> {
    let mut new_ticks = false;
    let mut text = None;
    let (applied, left) = atomic::apply_after(path, own, |old| {
        let old = old.unwrap_or("");
        new_ticks = has_new_ticks(old, harvested);
        if new_ticks {
            return Ok(Outcome::Keep);
        }
        let new = edit::replace_region(old, region)?;
        text = Some(new.clone());
        Ok(Outcome::Write(new))
    })?;
    let wrote = match (new_ticks, applied) {
        (true, _) => RegionWrite::NewTicks,
        (false, Applied::Written) => RegionWrite::Written,
        (false, Applied::Unchanged) => RegionWrite::Unchanged,
    };
    Ok((wrote, left, text))
}

/// How often the ticks are harvested again when the user keeps ticking
/// while netkeep plans.
const ROUNDS: usize = 8;

/// What [`write_agenda`] came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgendaWrite {
    /// The text written: what the file holds unless someone saved since.
    /// `watch` keeps it to tell its own write from the user's next save;
    /// reading the file back instead would take a tick saved in between
    /// for netkeep's own, and never record it.
    Written(String),
    /// Nothing to change; the file's text as it was read.
    Unchanged(Option<String>),
    /// Ticks kept arriving round after round; every tick seen is recorded.
    TicksKeptComing,
}

/// Writes the agenda into `file` without losing a tick: each round reads
/// the file, lets `step` record its ticks and plan (it returns the region),
/// and writes the region only over ticks already recorded. A tick made
/// while netkeep planned is recorded in the next round. `agenda --write`
/// and `watch` both write through here.
pub fn write_agenda<E>(
    file: &Path,
    step: impl FnMut(Option<&str>) -> Result<String, E>,
) -> Result<AgendaWrite, E>
where
    E: From<OutputError> + From<WriteError>,
{
    write_agenda_over(file, None, step).map(|(w, _)| w)
}

/// [`write_agenda`] for `watch`, which rewrites the file again and again:
/// `own` is what its last write left there ([`atomic::apply_after`]);
/// returns what this one left (none when it is not known).
pub fn write_agenda_over<E>(
    file: &Path,
    mut own: Option<OwnWrite>,
    mut step: impl FnMut(Option<&str>) -> Result<String, E>,
) -> Result<(AgendaWrite, Option<OwnWrite>), E>
where
    E: From<OutputError> + From<WriteError>,
{
    for _ in 0..ROUNDS {
        let current = output::read(file)?;
        let region = keep_ticks(current.as_deref(), &step(current.as_deref())?);
        let seen = current.as_deref().map(edit::ticks).unwrap_or_default();
        let (wrote, left, text) = write_region_over(file, own.as_ref(), &region, &seen)?;
        match wrote {
            RegionWrite::Written => {
                return Ok((AgendaWrite::Written(text.unwrap_or_default()), left))
            }
            RegionWrite::Unchanged => return Ok((AgendaWrite::Unchanged(current), left)),
            RegionWrite::NewTicks => own = left,
        }
    }
    Ok((AgendaWrite::TicksKeptComing, own))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGION: &str = "<!-- netkeep:begin -->\n- [ ] [[Good]]: new plan\n<!-- netkeep:end -->\n";

    fn agenda_with(tick: &str) -> String {
        format!("# Today\n<!-- netkeep:begin -->\n- [ ] [[Good]]: reach out\n{tick}<!-- netkeep:end -->\nmine\n")
    }

    #[test]
    fn a_write_says_the_very_text_it_wrote() {
        #[derive(Debug)]
        enum Failed {
            Output,
            Write,
        }
        impl From<OutputError> for Failed {
            fn from(_: OutputError) -> Failed {
                Failed::Output
            }
        }
        impl From<WriteError> for Failed {
            fn from(_: WriteError) -> Failed {
                Failed::Write
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Today.md");
        std::fs::write(&path, "\u{feff}# Today\r\nmine\r\n").unwrap();
        let wrote = write_agenda(&path, |_| Ok::<_, Failed>(REGION.to_string())).unwrap();
        // `watch` keeps this to tell its own write from the user's next
        // save, without reading the file back.
        let on_disk = std::fs::read_to_string(&path).unwrap();
        assert!(on_disk.contains("new plan"));
        assert_eq!(wrote, AgendaWrite::Written(on_disk));
    }

    #[test]
    fn a_tick_made_after_the_harvest_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Today.md");
        // Harvested from the file as it was: no ticks.
        std::fs::write(&path, agenda_with("")).unwrap();
        let harvested = edit::ticks(&agenda_with(""));
        assert!(harvested.is_empty());
        // The user ticks an item while netkeep plans.
        let ticked = agenda_with("- [x] [[Good]]: birthday 11-30, in 7 days\n");
        std::fs::write(&path, &ticked).unwrap();
        assert_eq!(
            write_region_after(&path, REGION, &harvested).unwrap(),
            RegionWrite::NewTicks
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), ticked);
        // Once that tick is harvested too, the region is written.
        let harvested = edit::ticks(&ticked);
        assert_eq!(
            write_region_after(&path, REGION, &harvested).unwrap(),
            RegionWrite::Written
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("# Today\n{REGION}mine\n")
        );
    }

    #[test]
    fn ticks_already_harvested_or_removed_do_not_hold_the_write() {
        let ticked = agenda_with("- [x] [[Good]]: reach out\n");
        let harvested = edit::ticks(&ticked);
        assert!(!has_new_ticks(&ticked, &harvested));
        assert!(!has_new_ticks(&agenda_with(""), &harvested));
        assert!(has_new_ticks(
            &agenda_with("- [x] [[Good]]: other\n"),
            &harvested
        ));
    }

    #[test]
    fn entries_for_each_kind_of_item() {
        assert_eq!(
            entry_for("mentor, every 6w; last touch 2026-09-01, 41 days overdue"),
            "-> reached out"
        );
        assert_eq!(
            entry_for("reply owed, they reached out 2026-11-01"),
            "-> replied"
        );
        assert_eq!(
            entry_for("birthday 11-30 (turns 38), in 7 days"),
            "-> birthday wishes"
        );
        assert_eq!(entry_for("birthday 12-02, in 9 days"), "-> birthday wishes");
        assert_eq!(
            entry_for("work anniversary 12-01 (5 years), in 8 days"),
            "-> work anniversary wishes"
        );
        assert_eq!(
            entry_for("follow-up due 2026-11-20: \"send \"the\" article\""),
            "-> done: send \"the\" article"
        );
        assert_eq!(entry_for("follow-up due 2026-11-20"), "-> followed up");
        assert_eq!(entry_for("planned 2026-12-05: \"dinner\""), "dinner");
        assert_eq!(
            entry_for("dormant, last touch 2025-06-01"),
            "-> reconnected"
        );
    }

    #[test]
    fn custom_special_day_labels_read_naturally() {
        assert_eq!(
            entry_for("met at conference 11-25 (6 years), in 2 days"),
            "-> marked the day: met at conference"
        );
        assert_eq!(
            entry_for("started at Acme 03-01, today"),
            "-> marked the day: started at Acme"
        );
        assert_eq!(entry_for("name day 12-24, in 1 day"), "-> name day wishes");
        assert_eq!(
            entry_for("wedding anniversary 06-12 (1 year), today"),
            "-> wedding anniversary wishes"
        );
    }

    fn agenda(day: &str, items: &[&str]) -> String {
        let mut out =
            format!("<!-- netkeep:begin -->\n## Agenda for {day}\n\n### Special days\n\n");
        for item in items {
            out.push_str(&format!("- [ ] {item}\n"));
        }
        out.push_str(
            "\nLoad: 1.0 touches a week for 1 contact, budget 10.\n<!-- netkeep:end -->\n",
        );
        out
    }

    fn tick(text: &str, item: &str) -> String {
        text.replace(&format!("- [ ] {item}"), &format!("- [x] {item}"))
    }

    const BIRTHDAY: &str = "[[Ann]]: birthday 11-23 (turns 38), today";
    const REACH: &str = "[[Bo]]: every 1w; last touch 2026-10-01, 46 days overdue";

    #[test]
    fn a_recorded_tick_stays_ticked_in_the_same_days_rewrite() {
        let old = tick(
            &tick(&agenda("2026-11-23", &[BIRTHDAY, REACH]), BIRTHDAY),
            REACH,
        );
        // Bo was reached, so the new plan has only the birthday.
        let new = agenda("2026-11-23", &[BIRTHDAY]);
        let kept = keep_ticks(Some(&format!("# Today\n{old}mine\n")), &new);
        assert!(
            kept.contains(&format!(
                "- [x] {BIRTHDAY} \u{2014} recorded: -> birthday wishes\n"
            )),
            "{kept}"
        );
        assert!(
            kept.contains(&format!("### Done today\n\n- [x] {REACH} \u{2014} recorded: -> reached out\n<!-- netkeep:end -->")),
            "{kept}"
        );
        assert!(!kept.contains("- [ ]"), "{kept}");
        // Carried ticks are not recorded again, and the next rewrite the
        // same day is the same text (nothing to write).
        assert!(edit::ticks(&kept).iter().all(is_carried));
        assert_eq!(keep_ticks(Some(&kept), &new), kept);
        // A new day starts clean.
        let tomorrow = agenda("2026-11-24", &[BIRTHDAY]);
        assert_eq!(keep_ticks(Some(&kept), &tomorrow), tomorrow);
        assert_eq!(keep_ticks(None, &new), new);
    }

    proptest::proptest! {
        /// Whatever is ticked, and whatever the new plan keeps of it: every
        /// tick is still ticked once, no planned item it matches comes
        /// back unticked, every other planned line stays as it was, and a
        /// second rewrite changes nothing.
        #[test]
        fn ticks_never_come_back_unticked_the_same_day(
            ticked in proptest::collection::vec(proptest::bool::ANY, 4),
            planned in proptest::collection::vec(proptest::bool::ANY, 4),
        ) {
            let items = [BIRTHDAY, REACH, "[[Cy]]: planned 2026-11-25: \"dinner\"", "[Dee](people/Dee%20X.md): dormant, last touch 2025-01-01"];
            let mut old = agenda("2026-11-23", &items);
            for (item, t) in items.iter().zip(&ticked) {
                if *t {
                    old = tick(&old, item);
                }
            }
            let still: Vec<&str> = items.iter().zip(&planned).filter(|(_, p)| **p).map(|(i, _)| *i).collect();
            let new = agenda("2026-11-23", &still);
            let kept = keep_ticks(Some(&old), &new);
            for (item, t) in items.iter().zip(&ticked) {
                let ticked_lines = kept.lines().filter(|l| l.starts_with(&format!("- [x] {item} \u{2014} recorded: "))).count();
                proptest::prop_assert_eq!(ticked_lines, usize::from(*t), "{}", kept);
                if *t {
                    proptest::prop_assert!(!kept.contains(&format!("- [ ] {item}\n")), "{}", kept);
                }
            }
            for line in new.lines().filter(|l| !l.starts_with("- [ ] ")) {
                proptest::prop_assert!(kept.lines().any(|k| k == line), "{line} lost:\n{kept}");
            }
            proptest::prop_assert_eq!(keep_ticks(Some(&kept), &new), kept.clone());
        }
    }
}
