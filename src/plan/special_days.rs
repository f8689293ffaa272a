//! Special days: birthdays and the other yearly dates in `dates:`.

use crate::dates::YearlyDate;
use crate::index::{Contact, Index};
use crate::note::Status;
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, PartialEq)]
pub struct SpecialDay<'a> {
    pub contact: &'a Contact,
    /// `birthday`, or the label written in `dates:`.
    pub label: &'a str,
    pub yearly: YearlyDate,
    /// The day it falls on next (29 February falls on 28 February in
    /// other years).
    pub date: NaiveDate,
    /// Years since the date, when its year is known and it is not this
    /// very year.
    pub years: Option<i32>,
    pub days_until: i64,
}

impl SpecialDay<'_> {
    pub fn is_birthday(&self) -> bool {
        self.label == "birthday"
    }

    /// How the agenda says it: `birthday 11-30 (turns 38)`,
    /// `work anniversary 12-01 (5 years)`.
    pub fn describe(&self) -> String {
        let day = format!("{:02}-{:02}", self.date.month(), self.date.day());
        let shifted = if (self.yearly.month, self.yearly.day) == (2, 29) && self.date.day() == 28 {
            " (29 February, this year on the 28th)"
        } else {
            ""
        };
        match (self.years, self.is_birthday()) {
            (Some(n), true) => format!("{} {day} (turns {n}){shifted}", self.label),
            (Some(1), false) => format!("{} {day} (1 year){shifted}", self.label),
            (Some(n), false) => format!("{} {day} ({n} years){shifted}", self.label),
            (None, _) => format!("{} {day}{shifted}", self.label),
        }
    }
}

/// The special days from `today` through `today + days`, soonest first,
/// of every contact not archived.
pub fn upcoming(index: &Index, days: u32) -> Vec<SpecialDay<'_>> {
    let today = index.today;
    let mut found = Vec::new();
    for contact in &index.contacts {
        let front = &index.note(contact).front;
        if front.status == Status::Archived {
            continue;
        }
        let all = front
            .birthday
            .iter()
            .map(|b| ("birthday", b))
            .chain(front.dates.iter().map(|(label, y)| (label.as_str(), y)));
        for (label, yearly) in all {
            let Some(date) = yearly.next_on_or_after(today) else {
                continue;
            };
            let days_until = (date - today).num_days();
            if days_until > i64::from(days) {
                continue;
            }
            let years = yearly.year.map(|y| date.year() - y).filter(|&n| n > 0);
            found.push(SpecialDay {
                contact,
                label,
                yearly: *yearly,
                date,
                years,
                days_until,
            });
        }
    }
    found.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.contact.order.cmp(&b.contact.order))
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::build;

    fn described(files: &[(&str, &str)], today: &str, days: u32) -> Vec<String> {
        let (index, _) = build(files, "", today);
        upcoming(&index, days)
            .iter()
            .map(|s| format!("{} {} {}", index.note(s.contact).id, s.date, s.describe()))
            .collect()
    }

    #[test]
    fn birthdays_with_age_and_other_dates() {
        let found = described(
            &[
                ("people/Ann.md", "---\nbirthday: 1988-11-30\n---\n"),
                ("people/Bo.md", "---\nbirthday: --12-02\ndates:\n  work anniversary: 2021-12-01\n  name day: 12-24\n---\n"),
                ("people/Cy.md", "---\nbirthday: 1990-06-01\n---\n"),
                ("people/Dee.md", "---\nbirthday: 1990-11-23\nstatus: archived\n---\n"),
                ("people/Eve.md", "---\nbirthday: 1990-11-23\n---\n"),
            ],
            "2026-11-23",
            14,
        );
        assert_eq!(
            found,
            [
                "Eve 2026-11-23 birthday 11-23 (turns 36)",
                "Ann 2026-11-30 birthday 11-30 (turns 38)",
                "Bo 2026-12-01 work anniversary 12-01 (5 years)",
                "Bo 2026-12-02 birthday 12-02",
            ]
        );
    }

    #[test]
    fn window_is_inclusive_and_wraps_the_year() {
        let files = [("people/Ann.md", "---\nbirthday: 2000-01-03\n---\n")];
        assert_eq!(
            described(&files, "2026-12-20", 14),
            ["Ann 2027-01-03 birthday 01-03 (turns 27)"]
        );
        assert!(described(&files, "2026-12-19", 14).is_empty());
    }

    #[test]
    fn leap_day_falls_on_28_february() {
        let files = [("people/Lee.md", "---\nbirthday: 1992-02-29\n---\n")];
        assert_eq!(
            described(&files, "2027-02-20", 14),
            ["Lee 2027-02-28 birthday 02-28 (turns 35) (29 February, this year on the 28th)"]
        );
        assert_eq!(
            described(&files, "2028-02-20", 14),
            ["Lee 2028-02-29 birthday 02-29 (turns 36)"]
        );
    }

    #[test]
    fn a_date_set_this_year_has_no_count() {
        let files = [("people/Ann.md", "---\ndates:\n  joined: 2026-11-25\n---\n")];
        assert_eq!(
            described(&files, "2026-11-23", 14),
            ["Ann 2026-11-25 joined 11-25"]
        );
    }
}
