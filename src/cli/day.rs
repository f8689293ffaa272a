//! A day on the command line (`--today`, `--date`, `--met`, `--since`,
//! `--until`): `YYYY-MM-DD`, or in words: `today`, `yesterday`, `-3d`,
//! `-2w`, or a weekday name for the last one before today.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// A day as written, told against a today only once that is known: `--date
/// yesterday` means the day before `--today`, not before the clock's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayArg {
    On(NaiveDate),
    /// This many days before today (`today` is 0, `yesterday` 1).
    DaysBefore(u32),
    /// The last such weekday before today: a week ago on that weekday.
    Last(Weekday),
}

/// The furthest back a relative day reaches (a hundred years): further is
/// surely a typo, and the arithmetic stays far from chrono's limits.
const MAX_DAYS_BACK: u32 = 36_600;

impl DayArg {
    /// The day this is, when today is `today`.
    pub fn on(self, today: NaiveDate) -> NaiveDate {
        let back = match self {
            DayArg::On(day) => return day,
            DayArg::DaysBefore(n) => n,
            DayArg::Last(weekday) => {
                let since = today.weekday().days_since(weekday);
                if since == 0 {
                    7
                } else {
                    since
                }
            }
        };
        // Only before the year 0 could this fail; the earliest day then.
        today
            .checked_sub_days(Days::new(u64::from(back)))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// Reads a day argument; the error says every way to write one.
pub(crate) fn parse_day_arg(s: &str) -> Result<DayArg, String> {
    let text = s.trim();
    if let Some(day) = crate::dates::parse_date(text).filter(|_| text.len() == 10) {
        return Ok(DayArg::On(day));
    }
    let lower = text.to_ascii_lowercase();
    let relative = match lower.as_str() {
        "today" => Some(DayArg::DaysBefore(0)),
        "yesterday" => Some(DayArg::DaysBefore(1)),
        _ => days_back(&lower).or_else(|| weekday(&lower).map(DayArg::Last)),
    };
    relative.ok_or_else(|| {
        format!("`{s}` is not a day: write YYYY-MM-DD, today, yesterday, -3d (days ago), -2w (weeks ago) or a weekday (the last one)")
    })
}

/// `-3d` or `-2w`: that long before today, up to a hundred years.
fn days_back(s: &str) -> Option<DayArg> {
    let rest = s.strip_prefix('-')?;
    let (number, unit) = rest.split_at(rest.len().checked_sub(1)?);
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = number.parse().ok()?;
    let days = match unit {
        "d" => n,
        "w" => n.checked_mul(7)?,
        _ => return None,
    };
    (days <= MAX_DAYS_BACK).then_some(DayArg::DaysBefore(days))
}

/// A weekday's English name, whole or its first three letters.
fn weekday(s: &str) -> Option<Weekday> {
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    NAMES
        .iter()
        .find(|(name, _)| s == *name || (s.len() == 3 && name.starts_with(s)))
        .map(|&(_, day)| day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::dates::parse_date(s).unwrap()
    }

    #[test]
    fn words_for_days_count_back_from_the_today_given() {
        // 2026-11-23 is a Monday.
        let today = d("2026-11-23");
        for (written, day) in [
            ("2026-01-02", "2026-01-02"),
            ("today", "2026-11-23"),
            (" Yesterday ", "2026-11-22"),
            ("-3d", "2026-11-20"),
            ("-0d", "2026-11-23"),
            ("-2w", "2026-11-09"),
            ("friday", "2026-11-20"),
            ("Fri", "2026-11-20"),
            ("sunday", "2026-11-22"),
            ("monday", "2026-11-16"),
        ] {
            let arg = parse_day_arg(written).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(arg.on(today), d(day), "{written}");
        }
    }

    #[test]
    fn other_words_are_refused_with_the_ways_to_write_a_day() {
        for bad in [
            "",
            "tomorrow",
            "3d",
            "-d",
            "-3x",
            "-99999999d",
            "fr",
            "2026-11-2",
            "-1000000w",
        ] {
            let err = parse_day_arg(bad).unwrap_err();
            assert!(err.contains("yesterday, -3d"), "{bad}: {err}");
        }
        assert_eq!(
            DayArg::DaysBefore(3).on(NaiveDate::MIN),
            NaiveDate::MIN,
            "no panic at the calendar's start"
        );
    }
}
