//! Calendar values as users write them: dates, yearly dates and cadences.
//!
//! Every parser here takes the text as written and never panics; a value that
//! does not parse is `None` (or an `Err` with a message), and the caller turns
//! that into a diagnostic that points at the value.

use chrono::{Datelike, Days, Months, NaiveDate};
use std::fmt;

/// The first and last day netkeep reads or writes. Output promises
/// `YYYY-MM-DD`, four-digit years; chrono's own range runs to year
/// 262142, which prints as `+10000-01-14`. Parsing never leaves this range,
/// and date arithmetic that would is `None` or saturates here.
pub const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
pub const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// `date` if it is in netkeep's range of years, 1 to 9999.
pub fn in_range(date: NaiveDate) -> Option<NaiveDate> {
    (FIRST_DAY..=LAST_DAY).contains(&date).then_some(date)
}

/// Parses `YYYY-MM-DD`, also when a time follows (`2026-11-02 14:30`,
/// `2026-11-02T14:30`), as front matter written by templates often has.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let b = text.as_bytes();
    if b.len() < 10 {
        return None;
    }
    if b.len() > 10 && !matches!(b[10], b' ' | b'T' | b't') {
        return None;
    }
    date_prefix(b)
}

/// Reads a `YYYY-MM-DD` at the very start of `b` (nothing is required after
/// it). This is the hot path of the entry scanner, so it avoids allocation
/// and chrono's format machinery.
pub fn date_prefix(b: &[u8]) -> Option<NaiveDate> {
    let b = b.get(..10)?;
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    // Each byte's distance from `0`: a digit's value, and past 9 for any
    // other byte (wrapping puts bytes below `0` far past it).
    let d = |i: usize| u32::from(b[i].wrapping_sub(b'0'));
    if [0, 1, 2, 3, 5, 6, 8, 9].iter().any(|&i| d(i) > 9) {
        return None;
    }
    let year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    // Four digits reach 9999; year 0 is no year anyone wrote a note in.
    if year == 0 {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        d(5) * 10 + d(6),
        d(8) * 10 + d(9),
    )
}

/// Which number comes first in a date written in numbers with the year
/// last (`03/12/2026`): `netkeep.toml`'s `date_order`. Unset, such dates
/// are not read, for 3 December and 12 March are both good guesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum DateOrder {
    #[default]
    Unset,
    /// `dmy`: day, month, year.
    DayFirst,
    /// `mdy`: month, day, year.
    MonthFirst,
}

impl DateOrder {
    /// How `netkeep.toml` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::Unset => "",
            DateOrder::DayFirst => "dmy",
            DateOrder::MonthFirst => "mdy",
        }
    }
}

/// What a date spelling at the start of a text reads as; each with the
/// number of bytes it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spelled {
    Date(NaiveDate, usize),
    /// Written as a date, but no such day (`31 Feb 2026`, `2026-02-30`).
    Impossible(usize),
    /// Numbers with the year last (`03/12/2026`) and no `date_order`.
    DayMonth(usize),
}

impl Spelled {
    pub(crate) fn date(self) -> Option<NaiveDate> {
        match self {
            Spelled::Date(date, _) => Some(date),
            _ => None,
        }
    }

    pub(crate) fn written_len(self) -> usize {
        match self {
            Spelled::Date(_, n) | Spelled::Impossible(n) | Spelled::DayMonth(n) => n,
        }
    }
}

/// English month names, full; the first three letters are the short
/// name (and `Sept` is read too). Daily-note names (`moment`) use them too.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date in any spelling netkeep reads, at the start of `b`: `YYYY-MM-DD`,
/// `YYYY/MM/DD`, `YYYY.MM.DD`, `D Mon YYYY`, `Mon D, YYYY`, `Month Dth,
/// YYYY`, and, as `order` says, `DD/MM/YYYY` or `MM/DD/YYYY`. Nothing is
/// required after it. `None` for anything not written as a date (a time,
/// a version, a phone number, a price).
///
/// This runs on every list item: each form is ruled out by its first
/// bytes before anything else is read.
pub(crate) fn spelled_date(b: &[u8], order: DateOrder) -> Option<Spelled> {
    let first = *b.first()?;
    if first.is_ascii_digit() {
        // Nearly every entry is written `YYYY-MM-DD`: its own fast reader
        // first (a day that does not exist falls through to be told).
        if let Some(date) = date_prefix(b) {
            return Some(Spelled::Date(date, 10));
        }
        if let Some(found) = year_first(b) {
            return Some(found);
        }
        return day_first(b, order);
    }
    if first.is_ascii_alphabetic() {
        return month_first(b);
    }
    None
}

/// The date a whole value spells (front matter, a field), also wrapped as
/// a link (`[[2026-11-01]]`, `[[Nov 23rd, 1982]]`) or followed by a time.
pub(crate) fn parse_date_value(text: &str, order: DateOrder) -> Option<NaiveDate> {
    let text = text.trim();
    let text = match text.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")) {
        Some(inner) => inner.split(['|', '#']).next().unwrap_or(inner).trim(),
        None => text,
    };
    if let Some(date) = parse_date(text) {
        return Some(date);
    }
    let found = spelled_date(text.as_bytes(), order)?;
    let rest = &text[found.written_len()..];
    let rest_ok = rest.is_empty()
        || rest.starts_with([' ', 'T', 't'])
            && rest.as_bytes().get(1).is_some_and(u8::is_ascii_digit);
    if rest_ok {
        found.date()
    } else {
        None
    }
}

/// Whether `b` starts with what a reader would take for a date that
/// [`spelled_date`] does not read: `2026-3-12`, `12.03.26`, `Mar 2026`,
/// `March 12` or `12 March` with no year. A time, a version, a price or a
/// phone number is not one.
pub(crate) fn looks_dated(b: &[u8]) -> bool {
    let Some(&first) = b.first() else {
        return false;
    };
    let ends = |at: usize| !b.get(at).is_some_and(u8::is_ascii_alphanumeric);
    let plausible = |day: u32, month: u32| (1..=31).contains(&day) && (1..=12).contains(&month);
    if first.is_ascii_digit() {
        let (a, n) = digits(b, 4);
        let Some(&sep) = b.get(n).filter(|s| matches!(s, b'-' | b'/' | b'.')) else {
            // `12 March`: a day and a month's name, no year.
            let at = n + ordinal(&b[n..]);
            let spaces = count_spaces(&b[at..]);
            return n <= 2
                && spaces > 0
                && month_name(&b[at + spaces..]).is_some_and(|(_, len)| ends(at + spaces + len))
                && (1..=31).contains(&a);
        };
        let (m, m_len) = digits(&b[n + 1..], 2);
        if m_len == 0 || b.get(n + 1 + m_len) != Some(&sep) {
            return false;
        }
        let at = n + 1 + m_len + 1;
        let (c, c_len) = digits(&b[at..], 4);
        if c_len == 0 || !ends(at + c_len) {
            return false;
        }
        return match (n, c_len) {
            // `2026-3-12`
            (4, 1 | 2) => plausible(c, m),
            // `12.03.26`, `3/12/26`
            (1 | 2, 2) => plausible(a, m) || plausible(m, a),
            _ => false,
        };
    }
    // Most words start with a letter no month starts with.
    if !matches!(
        first | 0x20,
        b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
    ) {
        return false;
    }
    let Some((_, len)) = month_name(b) else {
        return false;
    };
    let spaces = count_spaces(&b[len..]);
    let at = len + spaces;
    let (n, n_len) = digits(&b[at..], 4);
    // `Mar 2026` or `March 12`.
    spaces > 0
        && ends(at + n_len)
        && b.get(at + n_len) != Some(&b':')
        && (n_len == 4 && n >= 1000 || (1..=2).contains(&n_len) && (1..=31).contains(&n))
}

/// The run of ASCII digits at the start of `b`, up to `max` of them, as
/// a number and its length.
fn digits(b: &[u8], max: usize) -> (u32, usize) {
    let mut n = 0;
    let mut len = 0;
    while len < max {
        match b.get(len) {
            Some(&c) if c.is_ascii_digit() => {
                n = n * 10 + u32::from(c - b'0');
                len += 1;
            }
            _ => break,
        }
    }
    (n, len)
}

/// A date whose parts are known to be written as a date: a day, or
/// `Impossible` when there is no such day.
fn day_of(year: u32, month: u32, day: u32, len: usize) -> Spelled {
    let date = i32::try_from(year)
        .ok()
        .filter(|&y| y > 0)
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, day));
    match date {
        Some(date) => Spelled::Date(date, len),
        None => Spelled::Impossible(len),
    }
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`.
fn year_first(b: &[u8]) -> Option<Spelled> {
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'/' | b'.') || b.get(7) != Some(&sep) {
        return None;
    }
    let (year, 4) = digits(b, 4) else {
        return None;
    };
    let (month, 2) = digits(&b[5..], 2) else {
        return None;
    };
    let (day, 2) = digits(&b[8..], 2) else {
        return None;
    };
    // Past 12 or 31 it is some other number (`2026.13.40`), not a date.
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || year == 0 {
        return None;
    }
    Some(day_of(year, month, day, 10))
}

/// `12 Mar 2026`, `12th March 2026`, and the numbers-only forms with the
/// year last.
fn day_first(b: &[u8], order: DateOrder) -> Option<Spelled> {
    let (day, n) = digits(b, 2);
    if n == 0 || b.get(n).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let sep = *b.get(n)?;
    if matches!(sep, b'/' | b'.' | b'-') {
        let (second, m) = digits(&b[n + 1..], 2);
        if m == 0 || b.get(n + 1 + m) != Some(&sep) {
            return None;
        }
        let at = n + 1 + m + 1;
        let (year, 4) = digits(&b[at..], 4) else {
            return None;
        };
        if b.get(at + 4).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let len = at + 4;
        let (d, mo) = match order {
            DateOrder::Unset => {
                let plausible = (1..=31).contains(&day) && (1..=31).contains(&second);
                return plausible.then_some(Spelled::DayMonth(len));
            }
            DateOrder::DayFirst => (day, second),
            DateOrder::MonthFirst => (second, day),
        };
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
            return None;
        }
        return Some(day_of(year, mo, d, len));
    }
    let mut at = n + ordinal(&b[n..]);
    let spaces = count_spaces(&b[at..]);
    if spaces == 0 {
        return None;
    }
    at += spaces;
    let (month, m) = month_name(&b[at..])?;
    at += m;
    year_after(b, at, month, day)
}

/// `Mar 12, 2026`, `March 12th, 2026`, `Nov 23rd, 1982`.
fn month_first(b: &[u8]) -> Option<Spelled> {
    let (month, mut at) = month_name(b)?;
    let spaces = count_spaces(&b[at..]);
    if spaces == 0 {
        return None;
    }
    at += spaces;
    let (day, n) = digits(&b[at..], 2);
    if n == 0 || b.get(at + n).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    at += n;
    at += ordinal(&b[at..]);
    year_after(b, at, month, day)
}

/// The end of a date in words whose month and day are read, up to `at`:
/// an optional comma, spaces, then a four-digit year (`, 2026`, ` 2026`).
fn year_after(b: &[u8], mut at: usize, month: u32, day: u32) -> Option<Spelled> {
    at += usize::from(b.get(at) == Some(&b','));
    let spaces = count_spaces(&b[at..]);
    if spaces == 0 {
        return None;
    }
    at += spaces;
    let (year, 4) = digits(&b[at..], 4) else {
        return None;
    };
    if b.get(at + 4).is_some_and(u8::is_ascii_digit) || !(1..=31).contains(&day) {
        return None;
    }
    Some(day_of(year, month, day, at + 4))
}

fn count_spaces(b: &[u8]) -> usize {
    b.iter().take_while(|&&c| c == b' ').count()
}

/// The length of `st`, `nd`, `rd` or `th` at the start of `b`, else 0.
fn ordinal(b: &[u8]) -> usize {
    match b.get(..2) {
        Some(two)
            if [b"st", b"nd", b"rd", b"th"]
                .iter()
                .any(|o| two.eq_ignore_ascii_case(*o))
                && !b.get(2).is_some_and(u8::is_ascii_alphanumeric) =>
        {
            2
        }
        _ => 0,
    }
}

/// An English month's name, full or short (`Mar`, `Mar.`, `Sept`), in
/// any case, at the start of `b`, not followed by another letter: its
/// number and length.
fn month_name(b: &[u8]) -> Option<(u32, usize)> {
    // One match on the lowercased first three bytes: this runs on every
    // list item and line that starts with a letter. `| 0x20` lowercases a
    // letter and turns no other byte into one.
    let head = b.get(..3)?;
    let i = match [head[0] | 0x20, head[1] | 0x20, head[2] | 0x20] {
        [b'j', b'a', b'n'] => 0,
        [b'f', b'e', b'b'] => 1,
        [b'm', b'a', b'r'] => 2,
        [b'a', b'p', b'r'] => 3,
        [b'm', b'a', b'y'] => 4,
        [b'j', b'u', b'n'] => 5,
        [b'j', b'u', b'l'] => 6,
        [b'a', b'u', b'g'] => 7,
        [b's', b'e', b'p'] => 8,
        [b'o', b'c', b't'] => 9,
        [b'n', b'o', b'v'] => 10,
        [b'd', b'e', b'c'] => 11,
        _ => return None,
    };
    let full = MONTHS[i];
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let word = &b[..letters];
    let ok = letters == 3
        || word.eq_ignore_ascii_case(full.as_bytes())
        || (i == 8 && word.eq_ignore_ascii_case(b"sept"));
    if !ok {
        return None;
    }
    let dot = usize::from(b.get(letters) == Some(&b'.') && letters < full.len());
    Some((u32::try_from(i).ok()? + 1, letters + dot))
}

/// A yearly date: a birthday or anniversary, with or without its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearlyDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl YearlyDate {
    /// Parses `YYYY-MM-DD`, `MM-DD` or `--MM-DD` (the ISO 8601 form for a
    /// date without a year).
    pub fn parse(text: &str) -> Option<YearlyDate> {
        YearlyDate::parse_in(text, DateOrder::Unset)
    }

    /// [`YearlyDate::parse`], reading also every spelling of a whole date
    /// ([`parse_date_value`]: `[[Nov 23rd, 1982]]`, `1982/11/23`).
    pub fn parse_in(text: &str, order: DateOrder) -> Option<YearlyDate> {
        let text = text.trim();
        if let Some(date) = parse_date_value(text, order) {
            return Some(YearlyDate {
                year: Some(date.year()),
                month: date.month(),
                day: date.day(),
            });
        }
        let rest = text.strip_prefix("--").unwrap_or(text);
        let (m, d) = rest.split_once('-')?;
        if m.len() != 2 || d.len() != 2 {
            return None;
        }
        let month: u32 = m.parse().ok()?;
        let day: u32 = d.parse().ok()?;
        // 2000 is a leap year, so 02-29 is accepted.
        NaiveDate::from_ymd_opt(2000, month, day)?;
        Some(YearlyDate {
            year: None,
            month,
            day,
        })
    }

    /// The day it falls on in `year`; 29 February falls on 28 February in
    /// other years. `None` for a year outside 1 to 9999.
    pub fn in_year(&self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| {
                (self.month == 2 && self.day == 29)
                    .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
                    .flatten()
            })
            .and_then(in_range)
    }

    /// The first occurrence on or after `from`.
    pub fn next_on_or_after(&self, from: NaiveDate) -> Option<NaiveDate> {
        let this_year = self.in_year(from.year())?;
        if this_year >= from {
            Some(this_year)
        } else {
            self.in_year(from.year() + 1)
        }
    }
}

impl fmt::Display for YearlyDate {
    /// `YYYY-MM-DD`, or `--MM-DD` without a year.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

/// The unit of a cadence; months and years are calendar months and years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

/// How often to be in touch, and what the user wrote for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cadence {
    pub count: u32,
    pub unit: Unit,
    /// The text as written (`6w`, `monthly`), reported back in JSON.
    pub written: String,
}

impl Cadence {
    /// Parses `10d`, `2w`, `6w`, `3m`, `1y` (also `2 weeks`, `3 months`, and
    /// a bare number of days, `30`) and
    /// `daily`, `weekly`, `biweekly`, `fortnightly`, `monthly`, `quarterly`,
    /// `yearly`, `annually`.
    pub fn parse(text: &str) -> Result<Cadence, String> {
        let written = text.trim();
        let lower = written.to_ascii_lowercase();
        let named = match lower.as_str() {
            "daily" => Some((1, Unit::Days)),
            "weekly" => Some((1, Unit::Weeks)),
            "biweekly" | "fortnightly" => Some((2, Unit::Weeks)),
            "monthly" => Some((1, Unit::Months)),
            "quarterly" => Some((3, Unit::Months)),
            "yearly" | "annually" => Some((1, Unit::Years)),
            _ => None,
        };
        let (count, unit) = match named {
            Some(found) => found,
            None => {
                let digits = lower.bytes().take_while(u8::is_ascii_digit).count();
                let count: u32 = lower[..digits].parse().map_err(|_| {
                    format!(
                        "cadence `{written}` is not a cadence: write a number and a unit \
                         (10d, 2w, 3m, 1y) or weekly, biweekly, monthly, quarterly, yearly"
                    )
                })?;
                let unit = match lower[digits..].trim() {
                    // A bare number is days, as CRM templates' `frequency: 30` means.
                    "" | "d" | "day" | "days" => Unit::Days,
                    "w" | "wk" | "week" | "weeks" => Unit::Weeks,
                    "m" | "mo" | "month" | "months" => Unit::Months,
                    "y" | "yr" | "year" | "years" => Unit::Years,
                    other => {
                        return Err(format!(
                            "cadence `{written}` has unknown unit `{other}`: use d, w, m or y"
                        ))
                    }
                };
                if count == 0 {
                    return Err(format!("cadence `{written}` must be at least 1"));
                }
                (count, unit)
            }
        };
        // Shown as `30d`: a bare `30` in a report says nothing of its unit.
        let written = if written.bytes().all(|b| b.is_ascii_digit()) {
            format!("{written}d")
        } else {
            written.to_string()
        };
        Ok(Cadence {
            count,
            unit,
            written,
        })
    }

    /// `from` plus this cadence. Calendar months clamp to the month's end
    /// (31 January + 1m is 28 or 29 February). `None` past year 9999.
    pub fn add_to(&self, from: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            Unit::Days => from.checked_add_days(Days::new(u64::from(self.count))),
            Unit::Weeks => from.checked_add_days(Days::new(u64::from(self.count) * 7)),
            Unit::Months => from.checked_add_months(Months::new(self.count)),
            Unit::Years => from.checked_add_months(Months::new(self.count.checked_mul(12)?)),
        }
        .and_then(in_range)
    }

    /// The cadence's length in days when it starts on `from`, counted in
    /// chrono's wider range, so that a cadence running past year 9999 is
    /// still long rather than endless.
    fn span_days(&self, from: NaiveDate) -> Option<i64> {
        let to = match self.unit {
            Unit::Days => from.checked_add_days(Days::new(u64::from(self.count))),
            Unit::Weeks => from.checked_add_days(Days::new(u64::from(self.count) * 7)),
            Unit::Months => from.checked_add_months(Months::new(self.count)),
            Unit::Years => from.checked_add_months(Months::new(self.count.checked_mul(12)?)),
        }?;
        Some((to - from).num_days())
    }

    /// The cadence's length in days when it starts on `from`.
    pub fn days_from(&self, from: NaiveDate) -> i64 {
        self.span_days(from).unwrap_or(i64::MAX).max(1)
    }

    /// How a sentence says it: `every 6w`, or `monthly` as written.
    pub fn every(&self) -> String {
        if self.written.chars().all(char::is_alphabetic) {
            self.written.to_lowercase()
        } else {
            format!("every {}", self.written)
        }
    }

    /// Average days per period, for the weekly load a set of cadences implies.
    pub fn average_days(&self) -> f64 {
        let n = f64::from(self.count);
        match self.unit {
            Unit::Days => n,
            Unit::Weeks => n * 7.0,
            Unit::Months => n * 365.2425 / 12.0,
            Unit::Years => n * 365.2425,
        }
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_month_is_read_by_its_name_in_any_case() {
        for (n, full) in MONTHS.iter().enumerate() {
            let number = u32::try_from(n).unwrap() + 1;
            let upper = full.to_uppercase();
            for name in [
                full.to_string(),
                upper.clone(),
                full[..3].to_string(),
                format!("{}.", &upper[..3]),
            ] {
                // `May.` is the full name and a full stop.
                let len = if name == "MAY." { 3 } else { name.len() };
                assert_eq!(
                    month_name(format!("{name} 12").as_bytes()),
                    Some((number, len)),
                    "{name}"
                );
            }
            assert_eq!(month_name(format!("{full}s").as_bytes()), None, "{full}s");
        }
        assert_eq!(month_name(b"Sept 3"), Some((9, 4)));
        for word in ["Max", "ja", "Mayor", "@an", "j\u{1}n", "Décembre"] {
            assert_eq!(month_name(word.as_bytes()), None, "{word}");
        }
    }

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn dates_with_and_without_time() {
        assert_eq!(
            parse_date("2026-11-02"),
            NaiveDate::from_ymd_opt(2026, 11, 2)
        );
        assert_eq!(
            parse_date("2026-11-02 14:30"),
            NaiveDate::from_ymd_opt(2026, 11, 2)
        );
        assert_eq!(
            parse_date("2026-11-02T14:30:00Z"),
            NaiveDate::from_ymd_opt(2026, 11, 2)
        );
        assert_eq!(parse_date("2026-11-02x"), None);
        assert_eq!(parse_date("2026-13-02"), None);
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("soon"), None);
        assert_eq!(parse_date("2026-1-02"), None);
        assert_eq!(parse_date("２０２６-11-02"), None);
    }

    #[test]
    fn yearly_dates() {
        let y = YearlyDate::parse("1988-11-30").unwrap();
        assert_eq!(y.year, Some(1988));
        assert_eq!(y.to_string(), "1988-11-30");
        let y = YearlyDate::parse("--04-01").unwrap();
        assert_eq!((y.year, y.month, y.day), (None, 4, 1));
        assert_eq!(y.to_string(), "--04-01");
        assert_eq!(YearlyDate::parse("04-01"), Some(y));
        assert_eq!(YearlyDate::parse("02-30"), None);
        assert_eq!(YearlyDate::parse("13-01"), None);
        assert_eq!(YearlyDate::parse("4-1"), None);
    }

    #[test]
    fn leap_day_falls_on_28_february_in_other_years() {
        let leap = YearlyDate::parse("2000-02-29").unwrap();
        assert_eq!(leap.in_year(2027), Some(d("2027-02-28")));
        assert_eq!(leap.in_year(2028), Some(d("2028-02-29")));
        assert_eq!(
            leap.next_on_or_after(d("2027-03-01")),
            Some(d("2028-02-29"))
        );
        assert_eq!(
            leap.next_on_or_after(d("2026-11-23")),
            Some(d("2027-02-28"))
        );
    }

    #[test]
    fn next_occurrence_includes_today() {
        let y = YearlyDate::parse("11-23").unwrap();
        assert_eq!(y.next_on_or_after(d("2026-11-23")), Some(d("2026-11-23")));
        assert_eq!(y.next_on_or_after(d("2026-11-24")), Some(d("2027-11-23")));
    }

    #[test]
    fn cadences() {
        let c = Cadence::parse("6w").unwrap();
        assert_eq!((c.count, c.unit), (6, Unit::Weeks));
        assert_eq!(c.add_to(d("2026-01-01")), Some(d("2026-02-12")));
        let c = Cadence::parse("Monthly").unwrap();
        assert_eq!(c.written, "Monthly");
        assert_eq!(c.add_to(d("2026-01-31")), Some(d("2026-02-28")));
        assert_eq!(c.days_from(d("2026-01-31")), 28);
        assert_eq!(
            Cadence::parse("quarterly").unwrap().add_to(d("2026-11-30")),
            Some(d("2027-02-28"))
        );
        assert_eq!(
            Cadence::parse("1y").unwrap().add_to(d("2024-02-29")),
            Some(d("2025-02-28"))
        );
        assert_eq!(
            Cadence::parse("10d").unwrap().add_to(d("2026-12-25")),
            Some(d("2027-01-04"))
        );
        assert_eq!(
            Cadence::parse("biweekly")
                .unwrap()
                .days_from(d("2026-01-01")),
            14
        );
        assert_eq!(Cadence::parse("2 weeks").unwrap().unit, Unit::Weeks);
        assert!(Cadence::parse("often").is_err());
        assert_eq!(Cadence::parse("Monthly").unwrap().every(), "monthly");
        assert_eq!(Cadence::parse("6w").unwrap().every(), "every 6w");
        assert!(Cadence::parse("3x").unwrap_err().contains("unknown unit"));
        assert!(Cadence::parse("0d").is_err());
        assert!(Cadence::parse("").is_err());
        // A bare number is days, and says so when shown.
        let c = Cadence::parse(" 30 ").unwrap();
        assert_eq!(
            (c.count, c.unit, c.written.as_str()),
            (30, Unit::Days, "30d")
        );
        assert_eq!(c.every(), "every 30d");
        assert!(Cadence::parse("0").is_err());
        assert!(Cadence::parse("-5").is_err());
        assert!(Cadence::parse("7.5").is_err());
        assert!(Cadence::parse("99999999999d").is_err());
    }

    #[test]
    fn dates_stay_within_years_1_to_9999() {
        assert_eq!(parse_date("0000-01-01"), None);
        assert_eq!(parse_date("0001-01-01"), Some(FIRST_DAY));
        assert_eq!(parse_date("9999-12-31"), Some(LAST_DAY));
        assert_eq!(parse_date("+10000-01-14"), None);
        let last = d("9999-12-01");
        assert_eq!(Cadence::parse("1m").unwrap().add_to(last), None);
        assert_eq!(Cadence::parse("30d").unwrap().add_to(last), Some(LAST_DAY));
        assert_eq!(Cadence::parse("1m").unwrap().days_from(last), 31);
        let yearly = YearlyDate::parse("01-14").unwrap();
        assert_eq!(yearly.next_on_or_after(d("9999-12-31")), None);
        assert_eq!(yearly.in_year(0), None);
        assert_eq!(YearlyDate::parse("0000-01-14"), None);
    }

    fn spelled(s: &str, order: DateOrder) -> Option<Spelled> {
        spelled_date(s.as_bytes(), order)
    }

    #[test]
    fn every_date_spelling() {
        let want = Some(d("2026-03-12"));
        for text in [
            "2026-03-12",
            "2026/03/12",
            "2026.03.12",
            "12 Mar 2026",
            "12 March 2026",
            "12th March 2026",
            "12 mar. 2026",
            "12 March, 2026",
            "Mar 12, 2026",
            "March 12th, 2026",
            "march 12 2026",
            "Mar. 12, 2026",
        ] {
            let found = spelled(text, DateOrder::Unset);
            assert_eq!(found.and_then(Spelled::date), want, "{text}");
            assert_eq!(found.map(Spelled::written_len), Some(text.len()), "{text}");
        }
        assert_eq!(
            spelled("Sept 1st, 2026 call", DateOrder::Unset),
            Some(Spelled::Date(d("2026-09-01"), 14))
        );
        assert_eq!(
            spelled("Nov 23rd, 1982", DateOrder::Unset).and_then(Spelled::date),
            Some(d("1982-11-23"))
        );
    }

    #[test]
    fn day_and_month_in_numbers_need_the_order() {
        assert_eq!(
            spelled("03/12/2026 call", DateOrder::Unset),
            Some(Spelled::DayMonth(10))
        );
        assert_eq!(
            spelled("03/12/2026", DateOrder::DayFirst).and_then(Spelled::date),
            Some(d("2026-12-03"))
        );
        assert_eq!(
            spelled("03/12/2026", DateOrder::MonthFirst).and_then(Spelled::date),
            Some(d("2026-03-12"))
        );
        assert_eq!(
            spelled("3.12.2026", DateOrder::DayFirst).and_then(Spelled::date),
            Some(d("2026-12-03"))
        );
        assert_eq!(spelled("25/12/2026", DateOrder::MonthFirst), None);
        assert_eq!(
            spelled("30/02/2026", DateOrder::DayFirst),
            Some(Spelled::Impossible(10))
        );
    }

    #[test]
    fn impossible_dates_are_told_apart_from_other_numbers() {
        for text in ["31 Feb 2026", "Feb 30, 2026", "2026-02-30", "2026/04/31"] {
            assert!(
                matches!(
                    spelled(text, DateOrder::Unset),
                    Some(Spelled::Impossible(_))
                ),
                "{text}"
            );
        }
        for text in [
            "12:30",
            "2.0.1",
            "2.0.1 release",
            "10.15.7",
            "555-123-4567",
            "555.123.4567",
            "+1 555 0100",
            "$12.50",
            "12.50",
            "1,299.00",
            "2026.13.40",
            "2026-1-02",
            "12 Marchers 2026",
            "12 Mar 26",
            "Mar 2026",
            "May be later",
            "Decide by Friday",
            "3 monkeys 2026",
            "20261-03-12",
            "12/03/20266",
        ] {
            assert_eq!(spelled(text, DateOrder::DayFirst), None, "{text}");
            assert_eq!(spelled(text, DateOrder::Unset), None, "{text}");
        }
    }

    #[test]
    fn what_looks_like_a_date_and_is_not_read() {
        for text in [
            "2026-3-12 call",
            "2026/3/2",
            "12.03.26 lunch",
            "3/12/26",
            "Mar 2026 trip",
            "March 12 call",
            "12 March call",
            "12th March",
        ] {
            assert!(looks_dated(text.as_bytes()), "{text}");
            assert_eq!(spelled(text, DateOrder::DayFirst), None, "{text}");
        }
        for text in [
            "12:30 lunch",
            "2.0.1 shipped",
            "10.15.7",
            "555-123-4567",
            "$12.50",
            "12.50 coffee",
            "May I ask",
            "March on",
            "3 monkeys",
            "Mar 5:30",
            "2026",
            "1.2.3",
            "",
        ] {
            assert!(!looks_dated(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn date_values_as_links_and_in_any_spelling() {
        let v = |s| parse_date_value(s, DateOrder::Unset);
        assert_eq!(v("[[2026-11-01]]"), Some(d("2026-11-01")));
        assert_eq!(v(" [[Nov 23rd, 1982]] "), Some(d("1982-11-23")));
        assert_eq!(v("[[2026-11-01|Sunday]]"), Some(d("2026-11-01")));
        assert_eq!(v("2026/11/01"), Some(d("2026-11-01")));
        assert_eq!(v("1 Nov 2026 14:00"), Some(d("2026-11-01")));
        assert_eq!(v("1 Nov 2026 or so"), None);
        assert_eq!(v("[[Project X]]"), None);
        assert_eq!(v("31 Feb 2026"), None);
        assert_eq!(v("01/11/2026"), None);
        assert_eq!(
            parse_date_value("01/11/2026", DateOrder::DayFirst),
            Some(d("2026-11-01"))
        );
        let y = YearlyDate::parse_in("[[Nov 23rd, 1982]]", DateOrder::Unset).unwrap();
        assert_eq!(y.to_string(), "1982-11-23");
    }

    #[test]
    fn huge_cadence_does_not_overflow() {
        let c = Cadence::parse("4000000000y").unwrap();
        assert_eq!(c.add_to(d("2026-01-01")), None);
        assert_eq!(c.days_from(d("2026-01-01")), i64::MAX);
    }
}
