//! Moment.js date formats, as Obsidian's daily-notes settings write them,
//! read backwards: from a note's path to the date it was named for.

use chrono::{Datelike, NaiveDate};

/// One piece of a format.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// `YYYY`: four digits.
    Year4,
    /// `YY`: two digits, 1969–2068 as Moment reads them.
    Year2,
    /// `MM`: two digits.
    Month2,
    /// `M`: one or two digits.
    Month,
    /// `MMM`: `Jan`.
    MonthShort,
    /// `MMMM`: `January`.
    MonthLong,
    /// `DD`: two digits.
    Day2,
    /// `D`: one or two digits.
    Day,
    /// `Do`: `1st`, `22nd`.
    DayOrdinal,
    /// `dd`, `ddd`, `dddd`: `Fr`, `Fri`, `Friday` (read, not checked
    /// against the date: the date says it).
    Weekday,
    /// Text written as it is: separators, `/` for folders, `[text]`.
    Literal(String),
}

use crate::dates::MONTHS;

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A date format in Moment.js tokens, such as `YYYY/MM/YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MomentFormat {
    tokens: Vec<Token>,
    /// As written in the settings.
    pub written: String,
}

impl MomentFormat {
    /// Reads a format; an error names a token netkeep does not read (an
    /// hour, a week number), since a daily note is named for a day.
    pub fn parse(written: &str) -> Result<MomentFormat, String> {
        let mut tokens: Vec<Token> = Vec::new();
        let mut literal = String::new();
        let mut rest = written;
        while let Some(c) = rest.chars().next() {
            if c == '[' {
                let Some(end) = rest.find(']') else {
                    return Err(format!("`[` without `]` in `{written}`"));
                };
                literal.push_str(&rest[1..end]);
                rest = &rest[end + 1..];
                continue;
            }
            if !c.is_ascii_alphabetic() {
                literal.push(c);
                rest = &rest[c.len_utf8()..];
                continue;
            }
            let run = rest.bytes().take_while(|&b| b == c as u8).count();
            let token = match (c, run) {
                ('Y', 4) => Token::Year4,
                ('Y', 2) => Token::Year2,
                ('M', 1) => Token::Month,
                ('M', 2) => Token::Month2,
                ('M', 3) => Token::MonthShort,
                ('M', 4) => Token::MonthLong,
                ('D', 1) if rest[1..].starts_with('o') => {
                    rest = &rest[1..];
                    Token::DayOrdinal
                }
                ('D', 1) => Token::Day,
                ('D', 2) => Token::Day2,
                ('d', 2..=4) => Token::Weekday,
                _ => {
                    return Err(format!(
                        "`{}` in `{written}` is not a Moment token netkeep reads (it reads YYYY, YY, M, MM, MMM, MMMM, D, DD, Do, dd, ddd, dddd and [text])",
                        &rest[..run]
                    ))
                }
            };
            rest = &rest[run..];
            if !literal.is_empty() {
                tokens.push(Token::Literal(std::mem::take(&mut literal)));
            }
            tokens.push(token);
        }
        if !literal.is_empty() {
            tokens.push(Token::Literal(literal));
        }
        let has = |t: &[Token]| tokens.iter().any(|x| t.contains(x));
        if !has(&[Token::Year4, Token::Year2])
            || !has(&[
                Token::Month,
                Token::Month2,
                Token::MonthShort,
                Token::MonthLong,
            ])
            || !has(&[Token::Day, Token::Day2, Token::DayOrdinal])
        {
            return Err(format!(
                "`{written}` does not name a day (it needs a year, a month and a day)"
            ));
        }
        Ok(MomentFormat {
            tokens,
            written: written.to_string(),
        })
    }

    /// The date `text` (a path relative to the daily-notes folder, without
    /// `.md`) was named for by this format, if the whole of it matches.
    /// Names and literal text match in any case.
    pub fn date_of(&self, text: &str) -> Option<NaiveDate> {
        let mut parts = Parts::default();
        if !match_from(&self.tokens, text, &mut parts) {
            return None;
        }
        parts.date()
    }
}

/// What a match has read so far; a later token must agree with an earlier
/// one (`YYYY/MM/YYYY-MM-DD` names the year and month twice).
#[derive(Debug, Default, Clone, Copy)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
}

impl Parts {
    fn set(slot: &mut Option<u32>, value: u32) -> bool {
        match *slot {
            Some(v) => v == value,
            None => {
                *slot = Some(value);
                true
            }
        }
    }

    fn set_year(&mut self, year: i32) -> bool {
        match self.year {
            Some(y) => y == year,
            None => {
                self.year = Some(year);
                true
            }
        }
    }

    fn date(&self) -> Option<NaiveDate> {
        let date = NaiveDate::from_ymd_opt(self.year?, self.month?, self.day?)?;
        crate::dates::in_range(date).filter(|d| d.year() > 0)
    }
}

/// Matches `tokens` against all of `text`, trying each width a variable
/// token can take (`D` is one digit or two).
fn match_from(tokens: &[Token], text: &str, parts: &mut Parts) -> bool {
    let Some((token, rest_tokens)) = tokens.split_first() else {
        return text.is_empty();
    };
    for (len, mut tried) in candidates(token, text, *parts) {
        if match_from(rest_tokens, &text[len..], &mut tried) {
            *parts = tried;
            return true;
        }
    }
    false
}

/// Whether `text` starts with `prefix`, ASCII letters in any case.
fn starts_with_any_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|t| t.eq_ignore_ascii_case(prefix))
}

/// Each length `token` could take at the start of `text`, with what the
/// match has read once it is taken; none when the token does not fit or
/// disagrees with what came before.
fn candidates(token: &Token, text: &str, parts: Parts) -> Vec<(usize, Parts)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let number = |len: usize| -> Option<u32> {
        if digits >= len {
            text[..len].parse().ok()
        } else {
            None
        }
    };
    let with = |len: usize, year: Option<i32>, month: Option<u32>, day: Option<u32>| {
        let mut p = parts;
        let ok = year.is_none_or(|y| p.set_year(y))
            && month.is_none_or(|m| Parts::set(&mut p.month, m))
            && day.is_none_or(|d| Parts::set(&mut p.day, d));
        ok.then_some((len, p))
    };
    let mut out = Vec::new();
    match token {
        Token::Year4 => out.extend(number(4).and_then(|y| with(4, Some(y as i32), None, None))),
        Token::Year2 => out.extend(number(2).and_then(|y| {
            let year = if y > 68 { 1900 + y } else { 2000 + y };
            with(2, Some(year as i32), None, None)
        })),
        Token::Month2 => out.extend(number(2).and_then(|m| with(2, None, Some(m), None))),
        Token::Day2 => out.extend(number(2).and_then(|d| with(2, None, None, Some(d)))),
        Token::Month | Token::Day | Token::DayOrdinal => {
            for len in [2, 1] {
                let Some(v) = number(len) else {
                    continue;
                };
                let (month, day) = if *token == Token::Month {
                    (Some(v), None)
                } else {
                    (None, Some(v))
                };
                let mut len = len;
                if *token == Token::DayOrdinal {
                    let suffix = text.get(len..len + 2).map(str::to_ascii_lowercase);
                    if !matches!(suffix.as_deref(), Some("st" | "nd" | "rd" | "th")) {
                        continue;
                    }
                    len += 2;
                }
                out.extend(with(len, None, month, day));
            }
        }
        Token::MonthShort | Token::MonthLong => {
            for (i, month) in MONTHS.iter().enumerate() {
                let name = if *token == Token::MonthShort {
                    &month[..3]
                } else {
                    month
                };
                if starts_with_any_case(text, name) {
                    out.extend(with(name.len(), None, Some(i as u32 + 1), None));
                }
            }
        }
        Token::Weekday => {
            // `Fr`, `Fri` or `Friday`.
            for day in WEEKDAYS {
                for len in [day.len(), 3, 2] {
                    if starts_with_any_case(text, &day[..len]) {
                        out.push((len, parts));
                    }
                }
            }
        }
        Token::Literal(lit) => {
            if starts_with_any_case(text, lit) {
                out.push((lit.len(), parts));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_of(format: &str, text: &str) -> Option<String> {
        MomentFormat::parse(format)
            .unwrap()
            .date_of(text)
            .map(|d| d.to_string())
    }

    fn is(format: &str, text: &str, want: &str) {
        assert_eq!(
            date_of(format, text).as_deref(),
            Some(want),
            "{format} on {text}"
        );
    }

    fn no(format: &str, text: &str) {
        assert_eq!(date_of(format, text), None, "{format} on {text}");
    }

    #[test]
    fn yyyy() {
        is("YYYY-MM-DD", "2026-04-10", "2026-04-10");
        no("YYYY-MM-DD", "26-04-10");
    }

    #[test]
    fn yy() {
        is("YY-MM-DD", "26-04-10", "2026-04-10");
        is("YYMMDD", "990410", "1999-04-10");
        no("YY-MM-DD", "2026-04-10");
    }

    #[test]
    fn mm() {
        is("DD.MM.YYYY", "10.04.2026", "2026-04-10");
        no("DD.MM.YYYY", "10.4.2026");
        no("YYYY-MM-DD", "2026-13-10");
    }

    #[test]
    fn m() {
        is("YYYY-M-D", "2026-4-9", "2026-04-09");
        is("YYYY-M-D", "2026-11-9", "2026-11-09");
        is("M-D-YYYY", "1-12-2026", "2026-01-12");
    }

    #[test]
    fn dd() {
        is("DD-MM-YYYY", "09-11-2026", "2026-11-09");
        no("DD-MM-YYYY", "9-11-2026");
        no("YYYY-MM-DD", "2026-02-30");
    }

    #[test]
    fn d() {
        is("D MMMM YYYY", "9 April 2026", "2026-04-09");
        is("D MMMM YYYY", "29 April 2026", "2026-04-29");
        // Digits run into each other: both widths are tried.
        is("YYYYMD", "2026111", "2026-11-01");
    }

    #[test]
    fn do_ordinal() {
        is("MMMM Do, YYYY", "April 1st, 2026", "2026-04-01");
        is("MMMM Do, YYYY", "April 22nd, 2026", "2026-04-22");
        is("MMMM Do, YYYY", "April 3rd, 2026", "2026-04-03");
        is("MMMM Do, YYYY", "April 10th, 2026", "2026-04-10");
        no("MMMM Do, YYYY", "April 10, 2026");
    }

    #[test]
    fn mmm() {
        is("YYYY-MMM-DD", "2026-Apr-10", "2026-04-10");
        is("DD MMM YYYY", "10 sep 2026", "2026-09-10");
        no("YYYY-MMM-DD", "2026-April-10");
    }

    #[test]
    fn mmmm() {
        is(
            "YYYY/MMMM/YYYY-MM-DD",
            "2026/April/2026-04-10",
            "2026-04-10",
        );
        no("YYYY/MMMM/YYYY-MM-DD", "2026/May/2026-04-10");
    }

    #[test]
    fn ddd_dddd_and_dd() {
        is("YYYY-MM-DD dddd", "2026-04-10 Friday", "2026-04-10");
        is("ddd, YYYY-MM-DD", "Fri, 2026-04-10", "2026-04-10");
        is("dd YYYY-MM-DD", "Fr 2026-04-10", "2026-04-10");
        no("YYYY-MM-DD dddd", "2026-04-10 Someday");
    }

    #[test]
    fn bracketed_literals_and_separators() {
        is("[Daily] YYYY_MM_DD", "Daily 2026_04_10", "2026-04-10");
        is("YYYY_MM_DD", "2022_11_14", "2022-11-14");
        is("[W]YYYY.MM.DD", "W2026.04.10", "2026-04-10");
        no("YYYY_MM_DD", "2022-11-14");
    }

    #[test]
    fn slashes_are_folders_that_must_agree() {
        is("YYYY/MM/YYYY-MM-DD", "2026/04/2026-04-10", "2026-04-10");
        no("YYYY/MM/YYYY-MM-DD", "2026/05/2026-04-10");
        no("YYYY/MM/YYYY-MM-DD", "2026-04-10");
        is("YYYY/YYYY-MM-DD", "2026/2026-04-10", "2026-04-10");
    }

    #[test]
    fn the_whole_name_must_match() {
        no("YYYY-MM-DD", "2026-04-10 notes");
        no("YYYY-MM-DD", "x2026-04-10");
    }

    #[test]
    fn unknown_tokens_and_dayless_formats_are_errors() {
        for bad in [
            "YYYY-[W]ww",
            "YYYY-MM-DD HH:mm",
            "gggg-MM-DD",
            "YYYY-MM",
            "[open",
        ] {
            assert!(MomentFormat::parse(bad).is_err(), "{bad}");
        }
        let e = MomentFormat::parse("YYYY-MM-DD HHmm").unwrap_err();
        assert!(e.contains("`HH`"), "{e}");
    }
}
