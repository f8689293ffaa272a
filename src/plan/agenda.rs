//! The day's agenda: whom to reach out to, what is owed, what is coming.

use super::special_days::{self, SpecialDay};
use super::{by_urgency, load, states, ContactState, Load};
use crate::config::Config;
use crate::index::{Contact, Index, Source};
use crate::note::Status;
use chrono::{Datelike, Days, NaiveDate};

#[derive(Debug, Clone, PartialEq)]
pub struct DatedItem<'a> {
    pub contact: &'a Contact,
    pub date: NaiveDate,
    /// The follow-up's or plan's own text, when it has one.
    pub text: Option<&'a str>,
    pub path: &'a str,
    pub line: u32,
}

#[derive(Debug, Clone)]
pub struct Agenda<'a> {
    pub today: NaiveDate,
    pub days: u32,
    /// The most urgent due contacts, at most `max`.
    pub reach_out: Vec<ContactState<'a>>,
    /// Due contacts left out by `max`.
    pub more_due: usize,
    /// Open follow-ups due today or earlier, oldest first.
    pub follow_ups: Vec<DatedItem<'a>>,
    /// Contacts whose message waits for an answer, longest waiting first.
    pub replies: Vec<ContactState<'a>>,
    pub special_days: Vec<SpecialDay<'a>>,
    /// Plans in the next `days`.
    pub upcoming: Vec<DatedItem<'a>>,
    /// One dormant contact to reconnect with; a different one each day.
    pub reconnect: Option<ContactState<'a>>,
    pub load: Load,
}

impl Agenda<'_> {
    pub fn is_empty(&self) -> bool {
        self.reach_out.is_empty()
            && self.follow_ups.is_empty()
            && self.replies.is_empty()
            && self.special_days.is_empty()
            && self.upcoming.is_empty()
            && self.reconnect.is_none()
    }
}

fn item<'a>(
    index: &'a Index,
    contact: &'a Contact,
    date: NaiveDate,
    source: Source,
) -> DatedItem<'a> {
    let (note, line) = index.location(source);
    DatedItem {
        contact,
        date,
        text: index.text(source),
        path: &note.path,
        line,
    }
}

/// Plans the agenda for `index.today`: at most `max` reach-outs, special
/// days and plans in the next `days`.
pub fn agenda<'a>(index: &'a Index, config: &Config, max: usize, days: u32) -> Agenda<'a> {
    let today = index.today;
    let horizon = today
        .checked_add_days(Days::new(u64::from(days)))
        .map_or(crate::dates::LAST_DAY, |h| h.min(crate::dates::LAST_DAY));
    let all = states(index, config);
    let not_archived = |s: &&ContactState<'_>| s.status() != Status::Archived;

    let mut due: Vec<_> = all.iter().filter(|s| s.is_due).cloned().collect();
    let more_due = due.len().saturating_sub(max);
    // Only the first `max` are listed: pick them, then sort those few.
    // `by_urgency` is a total order, so this is the full sort's prefix.
    if max < due.len() {
        due.select_nth_unstable_by(max, by_urgency);
        due.truncate(max);
    }
    due.sort_by(by_urgency);

    // A follow-up or plan that links several contacts is listed once.
    let mut seen = std::collections::HashSet::new();
    let mut follow_ups = Vec::new();
    let mut upcoming = Vec::new();
    for state in all.iter().filter(not_archived) {
        for f in state.contact.follow_ups.iter().filter(|f| f.date <= today) {
            if seen.insert(f.source) {
                follow_ups.push(item(index, state.contact, f.date, f.source));
            }
        }
        for p in state.contact.plans.iter().filter(|p| p.date <= horizon) {
            if seen.insert(p.source) {
                upcoming.push(item(index, state.contact, p.date, p.source));
            }
        }
    }
    follow_ups.sort_by(|a, b| (a.date, a.path, a.line).cmp(&(b.date, b.path, b.line)));
    upcoming.sort_by(|a, b| (a.date, a.path, a.line).cmp(&(b.date, b.path, b.line)));

    let mut replies: Vec<_> = all
        .iter()
        .filter(not_archived)
        .filter(|s| s.reply_owed.is_some())
        .cloned()
        .collect();
    replies.sort_by(|a, b| {
        a.reply_owed
            .cmp(&b.reply_owed)
            .then_with(|| a.id().cmp(b.id()))
    });

    let dormant: Vec<_> = all
        .iter()
        .filter(|s| s.dormant && s.is_active() && !s.snoozed)
        .filter(|s| !due.iter().any(|d| std::ptr::eq(d.contact, s.contact)))
        .collect();
    let reconnect = (!dormant.is_empty()).then(|| {
        let pick = usize::try_from(today.num_days_from_ce()).unwrap_or(0) % dormant.len();
        dormant[pick].clone()
    });

    Agenda {
        today,
        days,
        reach_out: due,
        more_due,
        follow_ups,
        replies,
        special_days: special_days::upcoming(index, days),
        upcoming,
        reconnect,
        load: load(index, config),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::build;

    #[test]
    fn sections_are_filled_and_limited() {
        let (index, config) = build(
            &[
                ("people/A.md", "---\ncadence: 1w\n---\n- 2026-10-01 x\n"),
                ("people/B.md", "---\ncadence: 1w\n---\n- 2026-11-01 x\n"),
                ("people/C.md", "---\ncadence: 1w\n---\n- 2026-11-10 <- x\n"),
                ("people/D.md", "---\nbirthday: 1990-11-25\n---\n- 2025-01-01 old\n"),
                ("people/E.md", "---\nstatus: archived\n---\n- [ ] 2026-11-01 hidden\n- 2024-01-01 x\n"),
                ("projects/P.md", "- [ ] 2026-11-20 intro [[A]] to [[B]]\n- [ ] 2026-11-30 later [[A]]\n- 2026-11-30 dinner with [[C]]\n"),
            ],
            "",
            "2026-11-23",
        );
        let a = agenda(&index, &config, 2, 14);
        let ids = |v: &[ContactState<'_>]| v.iter().map(|s| s.id().to_string()).collect::<Vec<_>>();
        assert_eq!(ids(&a.reach_out), ["A", "B"]);
        assert_eq!(a.more_due, 1);
        assert_eq!(a.follow_ups.len(), 1, "listed once though it links two");
        assert_eq!(a.follow_ups[0].text, Some("intro [[A]] to [[B]]"));
        assert_eq!(
            (a.follow_ups[0].path, a.follow_ups[0].line),
            ("projects/P.md", 1)
        );
        assert_eq!(ids(&a.replies), ["C"]);
        assert_eq!(a.special_days.len(), 1);
        assert_eq!(a.upcoming.len(), 1);
        assert_eq!(a.upcoming[0].text, Some("dinner with [[C]]"));
        assert_eq!(
            a.reconnect.as_ref().map(|s| s.id()),
            Some("D"),
            "archived E is not suggested"
        );
        assert!(!a.is_empty());
    }

    #[test]
    fn reconnect_changes_with_the_day() {
        let files = [
            ("people/A.md", "- 2020-01-01 x\n"),
            ("people/B.md", "- 2020-01-01 x\n"),
        ];
        let pick = |today| {
            let (index, config) = build(&files, "", today);
            agenda(&index, &config, 5, 14)
                .reconnect
                .map(|s| s.id().to_string())
        };
        assert_ne!(pick("2026-11-23"), pick("2026-11-24"));
        assert_eq!(pick("2026-11-23"), pick("2026-11-25"));
    }

    #[test]
    fn empty_vault_has_an_empty_agenda() {
        let (index, config) = build(&[], "", "2026-11-23");
        let a = agenda(&index, &config, 5, 14);
        assert!(a.is_empty());
        assert_eq!(a.load.per_week, 0.0);
    }
}
