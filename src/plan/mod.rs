//! Planning: pure functions of the index, the config and today that decide
//! who is due, what is owed, which days are special and how heavy the plan
//! is. Nothing here reads files or prints.

pub mod agenda;
pub mod check;
pub mod found;
pub mod list;
pub mod review;
pub mod special_days;
pub mod stats;

use crate::config::Config;
use crate::dates::Cadence;
use crate::index::{Contact, Index};
use crate::note::inline::Direction;
use crate::note::{Note, Status};
use chrono::{Days, NaiveDate};
use rayon::prelude::*;

/// Everything netkeep says about one contact on one day.
#[derive(Debug, Clone)]
pub struct ContactState<'a> {
    pub contact: &'a Contact,
    pub note: &'a Note,
    pub cadence: Option<&'a Cadence>,
    /// The latest touch, `last_contact` included.
    pub last_touch: Option<NaiveDate>,
    /// When the next touch is due (`None` without a cadence).
    pub due: Option<NaiveDate>,
    pub days_overdue: Option<i64>,
    /// Due, active and not snoozed.
    pub is_due: bool,
    pub snoozed: bool,
    /// Days since the last touch (or `met`) over the cadence's length.
    pub urgency: f64,
    /// The date of the inbound touch still waiting for an answer.
    pub reply_owed: Option<NaiveDate>,
    pub one_sided: bool,
    pub dormant: bool,
    pub inbound: usize,
    pub outbound: usize,
    pub two_way: usize,
    /// Where the contact's circle stands in the config (ties in urgency).
    pub circle_rank: usize,
}

impl<'a> ContactState<'a> {
    pub fn id(&self) -> &'a str {
        &self.note.id
    }

    pub fn name(&self) -> &'a str {
        self.note.name()
    }

    pub fn circle(&self) -> Option<&'a str> {
        self.note.front.circle.as_deref()
    }

    pub fn status(&self) -> Status {
        self.note.front.status
    }

    /// The cadence as written (the contact's or its circle's), or "".
    pub fn cadence_written(&self) -> &'a str {
        self.cadence.map_or("", |c| c.written.as_str())
    }

    /// Paused and archived contacts are never asked for.
    pub fn is_active(&self) -> bool {
        self.status() == Status::Active
    }
}

/// Works out a contact's state on `today`.
pub fn contact_state<'a>(
    index: &'a Index,
    contact: &'a Contact,
    config: &Config,
) -> ContactState<'a> {
    let today = index.today;
    let note = index.note(contact);
    let front = &note.front;
    let last_entry = index.last_touch(contact);
    let last_contact = crate::index::last_contact(note, today);
    let last_touch = last_entry.max(last_contact);
    let cadence = contact.cadence.as_ref();
    let start = last_touch.or(front.met);
    let (due, urgency) = match (cadence, start) {
        (None, _) => (None, 0.0),
        (Some(c), Some(start)) => {
            // None past year 9999: never due in any date output can show.
            let due = c.add_to(start);
            let since = (today - start).num_days() as f64;
            (due, since / c.days_from(start) as f64)
        }
        (Some(_), None) => (Some(today), 1.0),
    };
    let days_overdue = due.map(|due| (today - due).num_days());
    let snoozed = front.snooze_until.is_some_and(|until| today < until);
    let is_due = days_overdue.is_some_and(|d| d >= 0) && front.status == Status::Active && !snoozed;

    let reply_owed = last_entry.and_then(|latest| {
        let all_inbound = index
            .touches(contact)
            .rev()
            .take_while(|t| t.date == latest)
            .all(|t| t.direction == Direction::In);
        let answered = last_contact.is_some_and(|lc| lc > latest);
        (all_inbound && !answered).then_some(latest)
    });

    let year_ago = today
        .checked_sub_days(Days::new(365))
        .unwrap_or(NaiveDate::MIN);
    // One-sided: three or more touches out in the last year and none back.
    // Read from the latest back, so one touch back settles it.
    let mut recent_out = 0;
    let mut recent_back = false;
    for touch in index.touches(contact).rev() {
        if touch.date <= year_ago {
            break;
        }
        if touch.direction != Direction::Out {
            recent_back = true;
            break;
        }
        recent_out += 1;
    }
    let dormant = start
        .and_then(|s| config.dormant_after.add_to(s))
        .is_some_and(|limit| limit < today);
    ContactState {
        contact,
        note,
        cadence,
        last_touch,
        due,
        days_overdue,
        is_due,
        snoozed,
        urgency,
        reply_owed,
        one_sided: recent_out >= 3 && !recent_back,
        dormant,
        inbound: contact.counts.inbound as usize,
        outbound: contact.counts.outbound as usize,
        two_way: contact.counts.two_way as usize,
        circle_rank: config.circle_rank(front.circle.as_deref()),
    }
}

/// Every contact's state, sorted by id.
pub fn states<'a>(index: &'a Index, config: &Config) -> Vec<ContactState<'a>> {
    // In parallel: each state reads the tail of a log, which for a cached
    // note is the first touch of its pages.
    index
        .contacts
        .par_iter()
        .map(|c| contact_state(index, c, config))
        .collect()
}

/// Most urgent first; ties by the config's circle order, then id. A total
/// order: no two contacts compare equal.
pub fn by_urgency(a: &ContactState<'_>, b: &ContactState<'_>) -> std::cmp::Ordering {
    b.urgency
        .total_cmp(&a.urgency)
        .then(a.circle_rank.cmp(&b.circle_rank))
        .then(a.contact.order.cmp(&b.contact.order))
}

/// The due contacts, most urgent first.
pub fn overdue<'a>(index: &'a Index, config: &Config) -> Vec<ContactState<'a>> {
    let mut due: Vec<_> = states(index, config)
        .into_iter()
        .filter(|s| s.is_due)
        .collect();
    due.sort_by(by_urgency);
    due
}

/// The touches per week all cadences imply, against the weekly budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    pub per_week: f64,
    pub budget: f64,
    /// Active contacts with a cadence.
    pub contacts: usize,
}

impl Load {
    pub fn over_budget(&self) -> bool {
        self.per_week > self.budget + 1e-9
    }
}

/// The weekly load of the active contacts' cadences.
pub fn load(index: &Index, config: &Config) -> Load {
    let mut per_week = 0.0;
    let mut contacts = 0;
    for contact in &index.contacts {
        let note = index.note(contact);
        if let (Some(c), Status::Active) = (&contact.cadence, note.front.status) {
            per_week += 7.0 / c.average_days();
            contacts += 1;
        }
    }
    Load {
        per_week,
        budget: config.weekly_budget,
        contacts,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::dates::parse_date;

    pub(crate) fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    pub(crate) fn build(files: &[(&str, &str)], config: &str, today: &str) -> (Index, Config) {
        let (config, diags) = Config::parse(config);
        assert!(diags.is_empty(), "{diags:?}");
        let today = d(today);
        let notes = files
            .iter()
            .map(|(path, text)| crate::vault::load_text(path, text, &config, today))
            .collect();
        (Index::build(notes, &config, today), config)
    }

    fn state<'a>(index: &'a Index, config: &Config, who: &str) -> ContactState<'a> {
        contact_state(index, index.resolve(who).unwrap(), config)
    }

    #[test]
    fn ties_in_urgency_go_by_circle_then_lowercase_id_then_path() {
        let note = "---\ncadence: 1w\n---\n- 2026-11-01 x\n";
        let (index, config) = build(
            &[
                ("people/b.md", note),
                ("people/eve.md", note),
                ("people/Émile.md", note),
                ("people/A.md", note),
                ("people/z/a.md", note),
                (
                    "people/x/Zed.md",
                    "---\ncadence: 1w\ncircle: inner\n---\n- 2026-11-01 x\n",
                ),
            ],
            "[circles.Inner]\n",
            "2026-11-23",
        );
        let paths: Vec<_> = overdue(&index, &config)
            .iter()
            .map(|s| s.note.path.as_str())
            .collect();
        // A listed circle first; then ids as compared in lowercase (é sorts
        // after v), the same id in path order.
        assert_eq!(
            paths,
            [
                "people/x/Zed.md",
                "people/A.md",
                "people/z/a.md",
                "people/b.md",
                "people/eve.md",
                "people/Émile.md"
            ]
        );
        // The agenda's first few are the same as the full sort's.
        let top = super::agenda::agenda(&index, &config, 3, 0);
        let ids: Vec<_> = top.reach_out.iter().map(|s| s.note.path.as_str()).collect();
        assert_eq!(ids, paths[..3]);
        assert_eq!(top.more_due, 3);
    }

    #[test]
    fn due_is_last_touch_plus_cadence() {
        let (index, config) = build(
            &[(
                "people/Ann.md",
                "---\ncadence: monthly\nlast_contact: 2026-09-01\n---\n- 2026-10-31 call\n",
            )],
            "",
            "2026-12-05",
        );
        let s = state(&index, &config, "Ann");
        assert_eq!(s.last_touch, Some(d("2026-10-31")));
        assert_eq!(s.due, Some(d("2026-11-30")), "calendar month, clamped");
        assert_eq!(s.days_overdue, Some(5));
        assert!(s.is_due);
        assert!((s.urgency - 35.0 / 30.0).abs() < 1e-9);
    }

    #[test]
    fn last_contact_counts_as_a_touch() {
        let (index, config) = build(
            &[(
                "people/Ann.md",
                "---\ncadence: 2w\nlast_contacted: 2026-11-20\n---\n- 2026-10-01 call\n",
            )],
            "",
            "2026-11-23",
        );
        let s = state(&index, &config, "Ann");
        assert_eq!(s.last_touch, Some(d("2026-11-20")));
        assert_eq!(s.due, Some(d("2026-12-04")));
        assert!(!s.is_due);
    }

    #[test]
    fn met_starts_the_clock_and_nothing_means_due_today() {
        let (index, config) = build(
            &[
                ("people/Ann.md", "---\ncadence: 10d\nmet: 2026-11-01\n---\n"),
                ("people/Bo.md", "---\ncadence: 10d\n---\n"),
                ("people/Cy.md", "---\nmet: 2020-01-01\n---\n"),
            ],
            "",
            "2026-11-23",
        );
        let ann = state(&index, &config, "Ann");
        assert_eq!(
            (ann.due, ann.days_overdue),
            (Some(d("2026-11-11")), Some(12))
        );
        assert!((ann.urgency - 2.2).abs() < 1e-9);
        let bo = state(&index, &config, "Bo");
        assert_eq!(
            (bo.due, bo.days_overdue, bo.urgency),
            (Some(d("2026-11-23")), Some(0), 1.0)
        );
        assert!(bo.is_due, "due on the due day");
        let cy = state(&index, &config, "Cy");
        assert_eq!((cy.due, cy.is_due), (None, false), "no cadence: never due");
        assert!(cy.dormant, "dormant with or without cadence");
    }

    #[test]
    fn paused_archived_and_snoozed_are_never_due() {
        let (index, config) = build(
            &[
                ("people/A.md", "---\ncadence: 1w\nstatus: paused\n---\n"),
                ("people/B.md", "---\ncadence: 1w\nstatus: archived\n---\n"),
                (
                    "people/C.md",
                    "---\ncadence: 1w\nsnooze_until: 2026-11-24\n---\n",
                ),
                (
                    "people/D.md",
                    "---\ncadence: 1w\nsnooze_until: 2026-11-23\n---\n",
                ),
            ],
            "",
            "2026-11-23",
        );
        let due: Vec<_> = overdue(&index, &config)
            .iter()
            .map(|s| s.id().to_string())
            .collect();
        assert_eq!(due, ["D"], "snooze ends on its day");
    }

    #[test]
    fn urgency_orders_then_circle_order_then_id() {
        let (index, config) = build(
            &[
                (
                    "people/Zed.md",
                    "---\ncircle: family\ncadence: 10d\n---\n- 2026-11-03 x\n",
                ),
                (
                    "people/Amy.md",
                    "---\ncircle: work\ncadence: 10d\n---\n- 2026-11-03 x\n",
                ),
                (
                    "people/Bob.md",
                    "---\ncircle: work\ncadence: 10d\n---\n- 2026-11-03 x\n",
                ),
                ("people/Cat.md", "---\ncadence: 10d\n---\n- 2026-11-01 x\n"),
            ],
            "[circles.family]\n[circles.work]\n",
            "2026-11-23",
        );
        let due: Vec<_> = overdue(&index, &config)
            .iter()
            .map(|s| s.id().to_string())
            .collect();
        assert_eq!(due, ["Cat", "Zed", "Amy", "Bob"]);
    }

    #[test]
    fn reply_owed_when_latest_is_inbound() {
        let (index, config) = build(
            &[
                (
                    "people/A.md",
                    "- 2026-11-01 -> hi\n- 2026-11-20 <- their email\n",
                ),
                (
                    "people/B.md",
                    "- 2026-11-20 <- their email\n- 2026-11-20 -> answered\n",
                ),
                (
                    "people/C.md",
                    "---\nlast_contact: 2026-11-21\n---\n- 2026-11-20 <- email\n",
                ),
                (
                    "people/D.md",
                    "- 2026-11-20 <- email\n- 2026-12-20 -> planned\n",
                ),
            ],
            "",
            "2026-11-23",
        );
        assert_eq!(
            state(&index, &config, "A").reply_owed,
            Some(d("2026-11-20"))
        );
        assert_eq!(state(&index, &config, "B").reply_owed, None);
        assert_eq!(state(&index, &config, "C").reply_owed, None);
        assert_eq!(
            state(&index, &config, "D").reply_owed,
            Some(d("2026-11-20")),
            "a plan is not a reply"
        );
    }

    #[test]
    fn one_sided_needs_three_outbound_and_nothing_back_this_year() {
        let three_out = "- 2026-01-10 -> a\n- 2026-05-10 -> b\n- 2026-09-10 -> c\n";
        let (index, config) = build(
            &[
                ("people/A.md", three_out),
                ("people/B.md", &format!("{three_out}- 2026-10-01 lunch\n")),
                ("people/C.md", &format!("- 2025-11-01 <- old\n{three_out}")),
                ("people/D.md", "- 2026-05-10 -> b\n- 2026-09-10 -> c\n"),
            ],
            "",
            "2026-11-23",
        );
        assert!(state(&index, &config, "A").one_sided);
        assert!(!state(&index, &config, "B").one_sided);
        assert!(
            state(&index, &config, "C").one_sided,
            "inbound over a year ago does not count"
        );
        assert!(!state(&index, &config, "D").one_sided);
        let a = state(&index, &config, "A");
        assert_eq!((a.outbound, a.inbound, a.two_way), (3, 0, 0));
    }

    #[test]
    fn dormant_after_a_year_or_the_configured_time() {
        let files = [
            ("people/A.md", "- 2025-11-22 x\n"),
            ("people/B.md", "- 2025-11-23 x\n"),
            ("people/C.md", ""),
        ];
        let (index, config) = build(&files, "", "2026-11-23");
        assert!(state(&index, &config, "A").dormant);
        assert!(!state(&index, &config, "B").dormant);
        assert!(
            !state(&index, &config, "C").dormant,
            "never touched is not dormant"
        );
        let (index, config) = build(&files, "dormant_after = \"6m\"\n", "2026-11-23");
        assert!(state(&index, &config, "B").dormant);
    }

    #[test]
    fn load_sums_cadences_of_active_contacts() {
        let (index, config) = build(
            &[
                ("people/A.md", "---\ncadence: 1w\n---\n"),
                ("people/B.md", "---\ncadence: 2w\n---\n"),
                ("people/C.md", "---\ncadence: 1d\nstatus: paused\n---\n"),
                ("people/D.md", ""),
            ],
            "weekly_budget = 1.2\n",
            "2026-11-23",
        );
        let l = load(&index, &config);
        assert!((l.per_week - 1.5).abs() < 1e-9);
        assert_eq!(l.contacts, 2);
        assert!(l.over_budget());
    }
}
