//! `export ics`: special days, follow-ups and due dates as an iCalendar
//! feed (RFC 5545), built with the icalendar crate, which does the escaping
//! and the 75-octet line folding. UIDs are stable, so a calendar that
//! subscribes updates its events instead of duplicating them.

use crate::config::Config;
use crate::dates::YearlyDate;
use crate::index::{Index, Source};
use crate::note::Status;
use crate::plan::{states, ContactState};
use chrono::{Datelike, Days, NaiveDate, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, Property};

fn uid(kind: &str, parts: &[&str]) -> String {
    let slug: String = parts
        .first()
        .copied()
        .unwrap_or_default()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug.trim_matches('-');
    format!("{kind}-{slug}-{:016x}@netkeep", crate::stable_hash(parts))
}

/// `text` as an iCalendar TEXT value may hold it, before the icalendar
/// crate escapes `\\ , ; \n`: RFC 5545 allows no control character but the
/// tab, and the crate passes a CR through raw, which ends the line for a
/// reader (`SUMMARY:Eve<CR>X-INJECTED:...`). Line breaks (CR, CRLF, LF and
/// Unicode's) become `\n` in a description and a space in a one-line title;
/// other control characters are dropped.
fn text(value: &str, one_line: bool) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(if one_line { ' ' } else { '\n' });
            }
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn summary(value: &str) -> String {
    text(value, true)
}

fn description(value: &str) -> String {
    text(value, false)
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn date_property(key: &str, d: NaiveDate) -> Property {
    Property::new(key, ymd(d))
        .add_parameter("VALUE", "DATE")
        .done()
}

/// An all-day event on `date` (DTEND is the next day: it is exclusive).
fn all_day(uid: &str, date: NaiveDate, stamp: &str, summary: &str) -> Event {
    let mut e = Event::new();
    e.uid(uid)
        .add_property("DTSTAMP", stamp)
        .append_property(date_property("DTSTART", date))
        .summary(&self::summary(summary))
        .add_property("TRANSP", "TRANSPARENT");
    // DTEND may be left out; one past 9999-12-31 is no YYYYMMDD date.
    if let Some(next) = date
        .checked_add_days(Days::new(1))
        .and_then(crate::dates::in_range)
    {
        e.append_property(date_property("DTEND", next));
    }
    e
}

fn special_day_events(
    state: &ContactState<'_>,
    label: &str,
    yearly: &YearlyDate,
    today: NaiveDate,
    days: u32,
    stamp: &str,
) -> Vec<Event> {
    let name = state.name();
    let uid = uid(label, &[state.id(), label]);
    let is_birthday = label == "birthday";
    let title = if is_birthday {
        format!("{name}'s birthday")
    } else {
        format!("{name}: {label}")
    };
    let leap_day = (yearly.month, yearly.day) == (2, 29);
    let start_year = yearly.year.unwrap_or(today.year());
    let Some(start) = yearly.in_year(start_year) else {
        return Vec::new();
    };
    let mut master = all_day(&uid, start, stamp, &title);
    // 29 February falls on the last day of February in other years.
    let rule = if leap_day {
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
    } else {
        "FREQ=YEARLY"
    };
    master.add_property("RRULE", rule);
    master.description(&description(&format!(
        "From {} in your netkeep vault.",
        state.note.path
    )));
    let mut events = vec![master.done()];
    // With the year known, the coming occurrences say the age: instances
    // that override the yearly rule on their day.
    if let Some(born) = yearly.year {
        let mut day = yearly.next_on_or_after(today);
        while let Some(d) = day.filter(|d| (*d - today).num_days() <= i64::from(days)) {
            let years = d.year() - born;
            if years > 0 {
                let summary = if is_birthday {
                    format!("{name} turns {years}")
                } else if years == 1 {
                    format!("{name}: {label} (1 year)")
                } else {
                    format!("{name}: {label} ({years} years)")
                };
                let mut e = all_day(&uid, d, stamp, &summary);
                e.append_property(date_property("RECURRENCE-ID", d));
                events.push(e.done());
            }
            day = d
                .checked_add_days(Days::new(1))
                .and_then(|next| yearly.next_on_or_after(next));
        }
    }
    events
}

/// The feed: every special day of contacts not archived (a yearly rule,
/// with the age on occurrences in the next `days`), open follow-ups, and
/// the due date of every active contact with a cadence.
pub fn calendar(index: &Index, config: &Config, days: u32) -> String {
    let today = index.today;
    let stamp = Utc
        .from_utc_datetime(&today.and_hms_opt(0, 0, 0).unwrap_or_default())
        .format("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0").done())
        .append_property(Property::new("PRODID", "-//netkeep//netkeep//EN").done())
        .append_property(Property::new("CALSCALE", "GREGORIAN").done())
        .name("netkeep");
    let mut seen_follow_ups = std::collections::HashSet::new();
    for state in states(index, config) {
        let front = &state.note.front;
        if front.status == Status::Archived {
            continue;
        }
        let specials = front
            .birthday
            .iter()
            .map(|b| ("birthday", b))
            .chain(front.dates.iter().map(|(l, y)| (l.as_str(), y)));
        for (label, yearly) in specials {
            for e in special_day_events(&state, label, yearly, today, days, &stamp) {
                cal.push(e);
            }
        }
        for f in &state.contact.follow_ups {
            if !seen_follow_ups.insert(f.source) {
                continue;
            }
            let text = index.text(f.source).unwrap_or("");
            let (note, line) = index.location(f.source);
            let key = match f.source {
                Source::Entry { .. } => text.to_string(),
                Source::Front { .. } => "next_follow_up".to_string(),
            };
            let summary = if text.is_empty() {
                format!("Follow up with {}", state.name())
            } else {
                format!("Follow up with {}: {text}", state.name())
            };
            let mut e = all_day(
                &uid("follow-up", &[state.id(), &key, &note.path]),
                f.date,
                &stamp,
                &summary,
            );
            e.description(&description(&format!("{}:{line}", note.path)));
            cal.push(e.done());
        }
        if let (Some(due), Status::Active, false) = (state.due, front.status, state.snoozed) {
            let cadence = state.cadence.map(|c| c.every()).unwrap_or_default();
            let mut e = all_day(
                &uid("due", &[state.id()]),
                due,
                &stamp,
                &format!("Reach out to {} ({cadence})", state.name()),
            );
            let last = state
                .last_touch
                .map_or("never".to_string(), |d| d.to_string());
            e.description(&description(&format!(
                "Last touch: {last}. {}",
                state.note.path
            )));
            cal.push(e.done());
        }
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_never_change() {
        // FNV-1a 64 of "Ana Lima\0birthday\0", worked out independently.
        assert_eq!(
            crate::stable_hash(&["Ana Lima", "birthday"]),
            0x8b81_21d5_a378_30fd
        );
        assert_ne!(
            crate::stable_hash(&["ab", "c"]),
            crate::stable_hash(&["a", "bc"])
        );
        assert_eq!(
            uid("birthday", &["Ana Lima", "birthday"]),
            "birthday-ana-lima-8b8121d5a37830fd@netkeep"
        );
    }
}
