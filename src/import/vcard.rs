//! vCard in and out: cards (2.1, 3.0, 4.0) read into people, and
//! contacts written as vCard 4.0, both through the `calcard` crate. This
//! module only cuts a file into cards, so that each card's line is known
//! and a file of any size is read one card at a time.

use super::{push_new, tidy, NotFormat, Person, Record};
use calcard::common::PartialDateTime;
use calcard::vcard::{
    VCard, VCardEntry, VCardParameter, VCardParameterName, VCardParameterValue, VCardProperty,
    VCardValue, VCardVersion,
};

/// The records of a vCard file, one per card. The file must start (after
/// blank lines) with `BEGIN:VCARD`.
pub fn read(text: &str) -> Result<Cards<'_>, NotFormat> {
    let first = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty());
    match first {
        Some((_, l)) if is_begin(l) => Ok(Cards {
            rest: text,
            line: 1,
        }),
        Some((i, l)) => Err(NotFormat {
            line: crate::diagnostic::to_u32(i + 1),
            message: format!(
                "`{}` is not the start of a vCard (BEGIN:VCARD)",
                shorten(l.trim())
            ),
        }),
        None => Err(NotFormat {
            line: 1,
            message: "the file is empty".into(),
        }),
    }
}

pub(crate) fn shorten(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

fn is_begin(line: &str) -> bool {
    line.trim().eq_ignore_ascii_case("BEGIN:VCARD")
}

fn is_end(line: &str) -> bool {
    line.trim().eq_ignore_ascii_case("END:VCARD")
}

/// The cards of a vCard file, in order.
pub struct Cards<'a> {
    rest: &'a str,
    /// The file line `rest` starts on.
    line: u32,
}

impl Iterator for Cards<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            let (first, after) = split_line(self.rest);
            let start = self.line;
            if first.trim().is_empty() {
                self.rest = after;
                self.line += 1;
                continue;
            }
            if !is_begin(first) {
                // Text between cards: one record for the run of it.
                let mut rest = after;
                let mut line = start + 1;
                while !rest.is_empty() {
                    let (l, a) = split_line(rest);
                    if is_begin(l) {
                        break;
                    }
                    rest = a;
                    line += 1;
                }
                self.rest = rest;
                self.line = line;
                return Some(Record {
                    line: start,
                    person: Err(format!(
                        "`{}` is outside any card (BEGIN:VCARD … END:VCARD)",
                        shorten(first.trim())
                    )),
                    warnings: Vec::new(),
                });
            }
            // The card runs to its END:VCARD line (or to the next
            // BEGIN:VCARD when it has none).
            let mut rest = after;
            let mut line = start + 1;
            let card_start = self.rest;
            let mut ended = false;
            while !rest.is_empty() {
                let (l, a) = split_line(rest);
                if is_begin(l) {
                    break;
                }
                rest = a;
                line += 1;
                if is_end(l) {
                    ended = true;
                    break;
                }
            }
            let card = &card_start[..card_start.len() - rest.len()];
            self.rest = rest;
            self.line = line;
            if !ended {
                return Some(Record {
                    line: start,
                    person: Err("this card has no END:VCARD line".into()),
                    warnings: Vec::new(),
                });
            }
            return Some(card_record(card, start));
        }
    }
}

/// The first line of `text` (without its ending) and what follows it.
fn split_line(text: &str) -> (&str, &str) {
    match text.find('\n') {
        Some(i) => (text[..i].trim_end_matches('\r'), &text[i + 1..]),
        None => (text, ""),
    }
}

fn card_record(card: &str, line: u32) -> Record {
    let mut warnings = Vec::new();
    let person = match VCard::parse(card) {
        Ok(vcard) => person(&vcard, &mut warnings),
        Err(_) => Err("this card cannot be read".to_string()),
    };
    Record {
        line,
        person,
        warnings,
    }
}

/// The texts of a property's value, one per `;` part (a `,` list joined).
fn texts(entry: &VCardEntry) -> Vec<String> {
    entry
        .values
        .iter()
        .map(|v| match v {
            VCardValue::Component(parts) => parts.join(","),
            other => other.as_text().unwrap_or_default().to_string(),
        })
        .collect()
}

/// Each item of a property's value: the parts of every `;` and `,` list.
fn items(entry: &VCardEntry) -> Vec<String> {
    entry
        .values
        .iter()
        .flat_map(|v| match v {
            VCardValue::Component(parts) => parts.clone(),
            other => other
                .as_text()
                .map(|t| t.split(',').map(str::to_string).collect())
                .unwrap_or_default(),
        })
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn first_text(entry: &VCardEntry) -> String {
    tidy(&texts(entry).join(" "))
}

/// A yearly date from a BDAY or ANNIVERSARY: `YYYY-MM-DD`, or `--MM-DD`
/// when the card has no year (`--0315`, or Apple's 1604 with
/// X-APPLE-OMIT-YEAR).
fn yearly(entry: &VCardEntry) -> Option<String> {
    let omit_year = entry.params.iter().any(|p| {
        matches!(&p.name, VCardParameterName::Other(n) if n.eq_ignore_ascii_case("X-APPLE-OMIT-YEAR"))
    });
    let from_parts = |d: &PartialDateTime| -> Option<String> {
        let (month, day) = (d.month?, d.day?);
        let text = match d.year.filter(|_| !omit_year) {
            Some(y) => format!("{y:04}-{month:02}-{day:02}"),
            None => format!("--{month:02}-{day:02}"),
        };
        crate::dates::YearlyDate::parse(&text).map(|y| y.to_string())
    };
    match entry.values.first()? {
        VCardValue::PartialDateTime(d) => from_parts(d),
        other => {
            // A text date: 1988-03-15, 19880315, --03-15, --0315.
            let t = other.as_text()?.trim();
            let t = t.split('T').next().unwrap_or(t);
            let digits: String = t.chars().filter(char::is_ascii_digit).collect();
            let d = if t.starts_with("--") && digits.len() == 4 {
                PartialDateTime {
                    month: digits[..2].parse().ok(),
                    day: digits[2..].parse().ok(),
                    ..PartialDateTime::default()
                }
            } else if digits.len() == 8 {
                PartialDateTime {
                    year: digits[..4].parse().ok(),
                    month: digits[4..6].parse().ok(),
                    day: digits[6..].parse().ok(),
                    ..PartialDateTime::default()
                }
            } else {
                return None;
            };
            from_parts(&d)
        }
    }
}

/// A date property's value as written, for a warning.
fn shown_date(entry: &VCardEntry) -> String {
    match entry.values.first() {
        Some(VCardValue::PartialDateTime(d)) => {
            let n = |v: Option<u8>| v.map_or("--".to_string(), |v| format!("{v:02}"));
            let y = d.year.map_or("--".to_string(), |y| format!("{y:04}"));
            format!("{y}-{}-{}", n(d.month), n(d.day))
        }
        Some(other) => shorten(other.as_text().unwrap_or_default()),
        None => String::new(),
    }
}

fn label_param(entry: &VCardEntry) -> Option<String> {
    entry.params.iter().find_map(|p| match (&p.name, &p.value) {
        (VCardParameterName::Label, VCardParameterValue::Text(t)) => Some(t.clone()),
        (VCardParameterName::Other(n), VCardParameterValue::Text(t))
            if n.eq_ignore_ascii_case("LABEL") =>
        {
            Some(t.clone())
        }
        _ => None,
    })
}

fn person(card: &VCard, warnings: &mut Vec<String>) -> Result<Person, String> {
    let mut p = Person::default();
    let mut n_name = String::new();
    for entry in &card.entries {
        match &entry.name {
            VCardProperty::Fn if p.name.is_empty() => p.name = first_text(entry),
            VCardProperty::N => {
                // Family; Given; Additional; Prefixes; Suffixes.
                let t = texts(entry);
                let part = |i: usize| t.get(i).map(|s| s.replace(',', " ")).unwrap_or_default();
                // Prefixes (Dr., Rear Adm.) are left out of the name.
                n_name = tidy(&format!("{} {} {} {}", part(1), part(2), part(0), part(4)));
            }
            VCardProperty::Nickname => {
                for n in items(entry) {
                    push_new(&mut p.aliases, &n);
                }
            }
            VCardProperty::Email => push_new(&mut p.emails, &first_text(entry)),
            VCardProperty::Tel => {
                let tel = first_text(entry);
                push_new(&mut p.phones, tel.strip_prefix("tel:").unwrap_or(&tel));
            }
            VCardProperty::Org => {
                let org = tidy(
                    &texts(entry)
                        .into_iter()
                        .filter(|s| !s.trim().is_empty())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                if p.company.is_none() && !org.is_empty() {
                    p.company = Some(org);
                }
            }
            VCardProperty::Title => {
                let t = first_text(entry);
                if p.role.is_none() && !t.is_empty() {
                    p.role = Some(t);
                }
            }
            VCardProperty::Adr => {
                // PO box; extended; street; locality; region; code; country.
                let t = texts(entry);
                let part = |i: usize| tidy(t.get(i).map_or("", String::as_str));
                let city = Some(part(3))
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| part(4));
                let place: Vec<String> = [city, part(6)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                if p.location.is_none() && !place.is_empty() {
                    p.location = Some(place.join(", "));
                }
            }
            VCardProperty::Bday => match yearly(entry) {
                Some(d) => p.birthday = Some(d),
                None => warnings.push(format!(
                    "BDAY `{}` is not a date; left out",
                    shown_date(entry)
                )),
            },
            VCardProperty::Anniversary => match yearly(entry) {
                Some(d) => p.dates.push(("anniversary".into(), d)),
                None => warnings.push(format!(
                    "ANNIVERSARY `{}` is not a date; left out",
                    shown_date(entry)
                )),
            },
            VCardProperty::Other(name) if name.eq_ignore_ascii_case("X-NETKEEP-DATE") => {
                if let (Some(label), Some(d)) = (label_param(entry), yearly(entry)) {
                    p.dates.push((label, d));
                }
            }
            VCardProperty::Note => {
                let note = texts(entry).join(";");
                let note = note.trim();
                if !note.is_empty() {
                    p.note = Some(match p.note.take() {
                        Some(before) => format!("{before}\n\n{note}"),
                        None => note.to_string(),
                    });
                }
            }
            VCardProperty::Categories => {
                for t in items(entry) {
                    // Google's own groups, in every card it exports.
                    if !["mycontacts", "starred"].contains(&t.to_lowercase().as_str()) {
                        push_new(&mut p.tags, &tag(&t));
                    }
                }
            }
            VCardProperty::Url => push_new(&mut p.urls, &first_text(entry)),
            _ => {}
        }
    }
    if p.name.is_empty() {
        p.name = n_name;
    }
    if p.name.is_empty() {
        return Err("this card has no name (FN or N)".into());
    }
    Ok(p)
}

/// A label or category as a tag: no spaces or `#` (a tag ends at a space).
pub(crate) fn tag(label: &str) -> String {
    tidy(label).trim_start_matches('#').replace([' ', ','], "-")
}

/// What one contact gives its vCard.
#[derive(Debug, Clone, Default)]
pub struct Card {
    pub uid: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    pub location: Option<String>,
    pub birthday: Option<crate::dates::YearlyDate>,
    pub dates: Vec<(String, crate::dates::YearlyDate)>,
    pub tags: Vec<String>,
    pub urls: Vec<String>,
}

fn text(prop: VCardProperty, value: &str) -> VCardEntry {
    VCardEntry::new(prop).with_value(value.to_string())
}

fn date_value(d: &crate::dates::YearlyDate) -> VCardValue {
    VCardValue::PartialDateTime(PartialDateTime {
        year: d.year.and_then(|y| u16::try_from(y).ok()),
        month: u8::try_from(d.month).ok(),
        day: u8::try_from(d.day).ok(),
        ..PartialDateTime::default()
    })
}

/// `card` as a vCard 4.0 (CRLF line endings, folded by the crate).
pub fn write(card: &Card) -> String {
    let mut entries = vec![
        text(VCardProperty::Uid, &card.uid),
        text(VCardProperty::Fn, &card.name),
    ];
    // N: the last word as the family name, the rest as given names.
    let (given, family) = match card.name.rsplit_once(' ') {
        Some((g, f)) => (g.to_string(), f.to_string()),
        None => (String::new(), card.name.clone()),
    };
    entries.push(VCardEntry::new(VCardProperty::N).with_values(vec![
        VCardValue::Text(family),
        VCardValue::Text(given),
        VCardValue::Text(String::new()),
        VCardValue::Text(String::new()),
        VCardValue::Text(String::new()),
    ]));
    if !card.aliases.is_empty() {
        entries.push(
            VCardEntry::new(VCardProperty::Nickname)
                .with_values(vec![VCardValue::Component(card.aliases.clone())]),
        );
    }
    entries.extend(card.emails.iter().map(|e| text(VCardProperty::Email, e)));
    entries.extend(card.phones.iter().map(|p| text(VCardProperty::Tel, p)));
    if let Some(c) = &card.company {
        entries.push(text(VCardProperty::Org, c));
    }
    if let Some(r) = &card.role {
        entries.push(text(VCardProperty::Title, r));
    }
    if let Some(l) = &card.location {
        let (city, country) = match l.rsplit_once(", ") {
            Some((c, k)) => (c.to_string(), k.to_string()),
            None => (l.clone(), String::new()),
        };
        let mut parts = vec![VCardValue::Text(String::new()); 7];
        parts[3] = VCardValue::Text(city);
        parts[6] = VCardValue::Text(country);
        entries.push(VCardEntry::new(VCardProperty::Adr).with_values(parts));
    }
    if let Some(b) = &card.birthday {
        entries.push(VCardEntry::new(VCardProperty::Bday).with_value(date_value(b)));
    }
    for (label, d) in &card.dates {
        if label.eq_ignore_ascii_case("anniversary") {
            entries.push(VCardEntry::new(VCardProperty::Anniversary).with_value(date_value(d)));
        } else {
            entries.push(
                VCardEntry::new(VCardProperty::Other("X-NETKEEP-DATE".into()))
                    .with_param(VCardParameter::new(
                        VCardParameterName::Label,
                        label.clone(),
                    ))
                    // The crate writes dates of its own properties only.
                    .with_value(d.to_string()),
            );
        }
    }
    if !card.tags.is_empty() {
        entries.push(
            VCardEntry::new(VCardProperty::Categories)
                .with_values(vec![VCardValue::Component(card.tags.clone())]),
        );
    }
    entries.extend(card.urls.iter().map(|u| text(VCardProperty::Url, u)));
    let vcard = VCard { entries };
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = vcard.write_to(&mut out, VCardVersion::V4_0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(text: &str) -> Vec<Record> {
        read(text).unwrap().collect()
    }

    #[test]
    fn a_file_that_is_not_vcard_names_its_first_line() {
        let e = read("\n\nName,Email\nAna,a@x\n").err().unwrap();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("Name,Email"), "{}", e.message);
    }

    #[test]
    fn vcard_3_with_folded_lines_and_a_birthday_without_year() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nN:Lima;Ana;;;\r\nNICKNAME:Annie,Ana L\r\n\
            EMAIL;TYPE=INTERNET:ana@example.com\r\nEMAIL:ana@work.example\r\nTEL;TYPE=CELL:+1 555 0100\r\n\
            ORG:Acme Inc.;R&D\r\nTITLE:Chief Tinker\r\n ing Officer\r\nADR;TYPE=HOME:;;1 Main St;Chicago;IL;60601;USA\r\n\
            BDAY:--0315\r\nANNIVERSARY:20100601\r\nNOTE:Met at RustConf\\, 2024.\\nLikes tea.\r\n\
            CATEGORIES:friends,Book Club\r\nURL:https://ana.example\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\r\n AAAQABAAD\r\nEND:VCARD\r\n";
        let r = people(text);
        assert_eq!(r.len(), 1);
        let p = r[0].person.clone().unwrap();
        assert_eq!(p.name, "Ana Lima");
        assert_eq!(p.aliases, ["Annie", "Ana L"]);
        assert_eq!(p.emails, ["ana@example.com", "ana@work.example"]);
        assert_eq!(p.phones, ["+1 555 0100"]);
        assert_eq!(p.company.as_deref(), Some("Acme Inc., R&D"));
        assert_eq!(p.role.as_deref(), Some("Chief Tinkering Officer"));
        assert_eq!(p.location.as_deref(), Some("Chicago, USA"));
        assert_eq!(p.birthday.as_deref(), Some("--03-15"));
        assert_eq!(
            p.dates,
            [("anniversary".to_string(), "2010-06-01".to_string())]
        );
        assert_eq!(
            p.note.as_deref(),
            Some("Met at RustConf, 2024.\nLikes tea.")
        );
        assert_eq!(p.tags, ["friends", "Book-Club"]);
        assert_eq!(p.urls, ["https://ana.example"]);
    }

    #[test]
    fn vcard_2_1_quoted_printable_and_charset() {
        let text = "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\n\
            FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BC=\nller\n\
            TEL;CELL:+49 170 1234567\nBDAY:1970-01-02\nEND:VCARD\n\
            BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Garc=EDa;Jos=E9\nEND:VCARD\n";
        let r = people(text);
        assert_eq!(r.len(), 2);
        let p = r[0].person.clone().unwrap();
        assert_eq!(p.name, "Jürgen Müller");
        assert_eq!(p.birthday.as_deref(), Some("1970-01-02"));
        assert_eq!(r[1].line, 9);
        assert_eq!(r[1].person.clone().unwrap().name, "José García");
    }

    #[test]
    fn a_bad_card_is_one_record_and_the_rest_are_read() {
        let text = "BEGIN:VCARD\nVERSION:4.0\nEMAIL:x@y\nEND:VCARD\ngarbage\nBEGIN:VCARD\nVERSION:4.0\nFN:Bo\nBDAY:soon\nEND:VCARD\nBEGIN:VCARD\nFN:Cy\n";
        let r = people(text);
        assert_eq!(r.len(), 4);
        assert_eq!((r[0].line, r[0].person.is_err()), (1, true));
        assert_eq!((r[1].line, r[1].person.is_err()), (5, true));
        assert_eq!(r[2].line, 6);
        assert_eq!(r[2].person.clone().unwrap().name, "Bo");
        assert_eq!(r[2].warnings.len(), 1, "{:?}", r[2].warnings);
        assert_eq!((r[3].line, r[3].person.is_err()), (11, true));
    }

    #[test]
    fn a_written_card_reads_back() {
        let card = Card {
            uid: "urn:x".into(),
            name: "Zoë d'Arc, Jr".into(),
            aliases: vec!["Zo".into(), "Z; A".into()],
            emails: vec!["z@x.io".into()],
            phones: vec!["+1 555".into(), "555 2".into()],
            company: Some("Acme, Inc.".into()),
            role: Some("CEO".into()),
            location: Some("Springfield, IL, USA".into()),
            birthday: crate::dates::YearlyDate::parse("--02-29"),
            dates: vec![
                (
                    "anniversary".into(),
                    crate::dates::YearlyDate::parse("2010-06-01").unwrap(),
                ),
                (
                    "work".into(),
                    crate::dates::YearlyDate::parse("2020-01-05").unwrap(),
                ),
            ],
            tags: vec!["vip".into(), "book-club".into()],
            urls: vec!["https://z.example/a,b".into()],
        };
        let text = write(&card);
        assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{text}");
        let r = people(&text);
        let p = r[0].person.clone().unwrap();
        assert_eq!(p.name, card.name, "{text}");
        assert_eq!(p.aliases, card.aliases, "{text}");
        assert_eq!(p.emails, card.emails);
        assert_eq!(p.phones, card.phones);
        assert_eq!(p.company, card.company);
        assert_eq!(p.role, card.role);
        assert_eq!(p.location, card.location, "{text}");
        assert_eq!(p.birthday.as_deref(), Some("--02-29"), "{text}");
        assert_eq!(
            p.dates,
            [
                ("anniversary".to_string(), "2010-06-01".to_string()),
                ("work".to_string(), "2020-01-05".to_string())
            ],
            "{text}"
        );
        assert_eq!(p.tags, card.tags);
        assert_eq!(p.urls, card.urls, "{text}");
    }
}
