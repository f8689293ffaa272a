//! CSV exports read into people: LinkedIn's `Connections.csv`, Google
//! Contacts (its current and its older headers), Outlook, and any CSV whose
//! headers are netkeep's keys or are mapped to them with `--map`.

use super::vcard::{shorten, tag};
use super::{push_new, tidy, NotFormat, Person, Record, Source};
use crate::dates::{parse_date, Cadence, YearlyDate};
use crate::note::front_matter::Key;
use chrono::NaiveDate;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Col {
    Name,
    Prefix,
    First,
    Middle,
    Last,
    Suffix,
    Aliases,
    Emails,
    Phones,
    Company,
    Role,
    Location,
    City,
    Country,
    /// City and country of a second address, used when the first has none.
    OtherCity,
    OtherCountry,
    Birthday,
    Anniversary,
    Met,
    Notes,
    /// Tags as a list; Google's labels drop its own `* myContacts`.
    Tags,
    Urls,
    /// Another key netkeep reads (circle, cadence, ...), by its own name.
    Key(&'static str),
}

/// How a source's headers name their columns, compared without case.
fn known_column(source: Source, header: &str) -> Option<Col> {
    let h = header.trim().to_lowercase();
    let h = h.as_str();
    let col = match source {
        Source::Linkedin => match h {
            "first name" => Col::First,
            "last name" => Col::Last,
            "url" | "profile url" => Col::Urls,
            "email address" => Col::Emails,
            "company" => Col::Company,
            "position" => Col::Role,
            "connected on" => Col::Met,
            _ => return None,
        },
        Source::Google => match h {
            "name" => Col::Name,
            "first name" | "given name" => Col::First,
            "middle name" | "additional name" => Col::Middle,
            "last name" | "family name" => Col::Last,
            "name prefix" => Col::Prefix,
            "name suffix" => Col::Suffix,
            "nickname" => Col::Aliases,
            "birthday" => Col::Birthday,
            "notes" => Col::Notes,
            "labels" | "group membership" => Col::Tags,
            "organization name" | "organization 1 - name" => Col::Company,
            "organization title" | "organization 1 - title" => Col::Role,
            "address 1 - city" => Col::City,
            "address 1 - country" => Col::Country,
            "address 2 - city" => Col::OtherCity,
            "address 2 - country" => Col::OtherCountry,
            _ if h.starts_with("e-mail ") && h.ends_with(" - value") => Col::Emails,
            _ if h.starts_with("phone ") && h.ends_with(" - value") => Col::Phones,
            _ if h.starts_with("website ") && h.ends_with(" - value") => Col::Urls,
            _ if h.starts_with("event ") && h.ends_with(" - value") => return None,
            _ => return None,
        },
        Source::Outlook => match h {
            "title" => Col::Prefix,
            "first name" => Col::First,
            "middle name" => Col::Middle,
            "last name" => Col::Last,
            "suffix" => Col::Suffix,
            "nickname" => Col::Aliases,
            "e-mail address" | "e-mail 2 address" | "e-mail 3 address" => Col::Emails,
            "mobile phone" | "primary phone" | "home phone" | "business phone" | "home phone 2"
            | "business phone 2" | "other phone" => Col::Phones,
            "company" => Col::Company,
            "job title" => Col::Role,
            "home city" => Col::City,
            "home country/region" => Col::Country,
            "business city" => Col::OtherCity,
            "business country/region" => Col::OtherCountry,
            "birthday" => Col::Birthday,
            "anniversary" => Col::Anniversary,
            "notes" => Col::Notes,
            "categories" => Col::Tags,
            "web page" | "personal web page" => Col::Urls,
            _ => return None,
        },
        Source::Csv | Source::Vcard => generic_column(h)?,
    };
    Some(col)
}

/// A generic CSV's column: a name part, notes, or one of netkeep's keys
/// by any spelling it reads.
fn generic_column(h: &str) -> Option<Col> {
    let words = crate::note::front_matter::normalise_key(h);
    let col = match words.as_str() {
        "fullname" | "displayname" => Col::Name,
        "firstname" | "givenname" | "first" => Col::First,
        "middlename" => Col::Middle,
        "lastname" | "surname" | "familyname" | "last" => Col::Last,
        "notes" | "note" | "body" => Col::Notes,
        "url" | "website" | "linkedin" | "profileurl" => Col::Urls,
        "anniversary" => Col::Anniversary,
        _ => match Key::parse(h)? {
            Key::Name => Col::Name,
            Key::Aliases => Col::Aliases,
            Key::Tags | Key::Categories => Col::Tags,
            Key::Company => Col::Company,
            Key::Role => Col::Role,
            Key::Location => Col::Location,
            Key::Email => Col::Emails,
            Key::Phone => Col::Phones,
            Key::Birthday => Col::Birthday,
            Key::Met => Col::Met,
            k @ (Key::Circle
            | Key::Cadence
            | Key::Status
            | Key::SnoozeUntil
            | Key::LastContact
            | Key::NextFollowUp
            | Key::Type) => Col::Key(k.as_str()),
            Key::Dates | Key::Date | Key::With => return None,
        },
    };
    Some(col)
}

/// What each source's header must hold, to tell it from another file.
fn looks_right(source: Source, cols: &[Option<Col>], headers: &[String]) -> Result<(), String> {
    let has = |name: &str| headers.iter().any(|h| h.trim().eq_ignore_ascii_case(name));
    let ok = match source {
        Source::Linkedin => has("first name") && has("last name") && has("connected on"),
        Source::Google => {
            (has("first name") && has("labels")) || (has("given name") && has("group membership"))
        }
        Source::Outlook => has("first name") && has("e-mail address"),
        Source::Csv | Source::Vcard => cols
            .iter()
            .flatten()
            .any(|c| matches!(c, Col::Name | Col::First | Col::Last)),
    };
    if ok {
        return Ok(());
    }
    Err(match source {
        Source::Linkedin => {
            "is not LinkedIn's header (First Name, Last Name, URL, Email Address, Company, Position, Connected On)".into()
        }
        Source::Google => "is not a Google Contacts header (First Name … Labels, or Name, Given Name … Group Membership)".into(),
        Source::Outlook => "is not an Outlook header (First Name … E-mail Address)".into(),
        _ => "names no column for the name (name, first name or last name); map one with --map COLUMN=name".into(),
    })
}

/// The rows of a CSV export, one record each.
pub struct Rows<'a> {
    reader: csv::Reader<&'a [u8]>,
    cols: Vec<Option<Col>>,
    source: Source,
    /// The file line of the header.
    offset: u32,
    record: csv::StringRecord,
}

/// Reads `text` as `source`. LinkedIn's export starts with a few `Notes:`
/// lines before its header; the header is found past them.
pub fn read<'a>(
    source: Source,
    text: &'a str,
    map: &[(String, String)],
) -> Result<Rows<'a>, NotFormat> {
    let (start, header_line) = match source {
        Source::Linkedin => linkedin_header(text)?,
        _ => (0, 1),
    };
    let body = &text[start..];
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(body.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            return Err(NotFormat {
                line: header_line,
                message: format!("cannot read the header: {e}"),
            })
        }
    };
    let mut cols: Vec<Option<Col>> = headers
        .iter()
        .map(|h| known_column(source, h.trim_start_matches('\u{feff}')))
        .collect();
    for (column, key) in map {
        let Some(i) = headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(column.trim()))
        else {
            return Err(NotFormat {
                line: header_line,
                message: format!("--map {column}={key}: the header has no column `{column}`"),
            });
        };
        match generic_column(key) {
            Some(col) => cols[i] = Some(col),
            None => {
                return Err(NotFormat {
                    line: header_line,
                    message: format!(
                        "--map {column}={key}: `{key}` is not a key netkeep imports (name, first_name, last_name, aliases, tags, circle, cadence, company, role, location, email, phone, birthday, met, notes, url, ...)"
                    ),
                })
            }
        }
    }
    if let Err(why) = looks_right(source, &cols, &headers) {
        let first = text[start..].lines().next().unwrap_or_default();
        return Err(NotFormat {
            line: header_line,
            message: format!("`{}` {why}", shorten(first.trim())),
        });
    }
    Ok(Rows {
        reader,
        cols,
        source,
        offset: header_line - 1,
        record: csv::StringRecord::new(),
    })
}

/// Where LinkedIn's header starts (byte offset, file line): past the
/// `Notes:` preamble and blank lines.
fn linkedin_header(text: &str) -> Result<(usize, u32), NotFormat> {
    let mut at = 0;
    let mut in_preamble = false;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let n = crate::diagnostic::to_u32(i + 1);
        let t = line.trim().trim_start_matches('\u{feff}');
        if t.to_lowercase().starts_with("first name") {
            return Ok((at, n));
        }
        let preamble = i == 0 && t.eq_ignore_ascii_case("notes:");
        if preamble {
            in_preamble = true;
        } else if !(t.is_empty() || in_preamble && i < 10) {
            return Err(NotFormat {
                line: n,
                message: format!(
                    "`{}` is not LinkedIn's header (First Name, Last Name, URL, Email Address, Company, Position, Connected On)",
                    shorten(t)
                ),
            });
        }
        at += line.len();
    }
    Err(NotFormat {
        line: 1,
        message: "no LinkedIn header (First Name, Last Name, …) in the file".into(),
    })
}

impl Iterator for Rows<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            let read = self.reader.read_record(&mut self.record);
            let line = self.offset
                + self
                    .record
                    .position()
                    .map_or(0, |p| crate::diagnostic::to_u32(p.line() as usize));
            match read {
                Ok(false) => return None,
                Err(e) => {
                    return Some(Record {
                        line: line.max(self.offset + 1),
                        person: Err(format!("cannot read this row: {e}")),
                        warnings: Vec::new(),
                    })
                }
                Ok(true) => {}
            }
            if self.record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let mut warnings = Vec::new();
            let person = row(&self.cols, &self.record, self.source, &mut warnings);
            return Some(Record {
                line,
                person,
                warnings,
            });
        }
    }
}

/// The values of a cell: Google writes several as `a ::: b`, Outlook's
/// categories are `a;b`.
fn values(cell: &str, source: Source) -> Vec<String> {
    let parts: Vec<&str> = match source {
        Source::Google => cell.split(" ::: ").collect(),
        Source::Outlook => cell.split(';').collect(),
        _ => cell.split([';', ',']).collect(),
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A date as exports write it: `2024-03-12`, `12 Mar 2024` (LinkedIn),
/// `3/12/2024` (Outlook, month first), `20240312`, `Mar 12, 2024`.
fn any_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    parse_date(s).or_else(|| {
        [
            "%d %b %Y",
            "%d %B %Y",
            "%m/%d/%Y",
            "%Y%m%d",
            "%b %d, %Y",
            "%B %d, %Y",
        ]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
    })
}

/// A birthday or other yearly day: any date, or one without a year.
fn any_yearly(s: &str) -> Option<String> {
    YearlyDate::parse(s)
        .map(|y| y.to_string())
        .or_else(|| any_date(s).map(|d| d.to_string()))
}

/// Outlook writes `0/0/00` for no date.
fn no_date(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t == "0/0/00" || t == "00/00/0000"
}

fn row(
    cols: &[Option<Col>],
    record: &csv::StringRecord,
    source: Source,
    warnings: &mut Vec<String>,
) -> Result<Person, String> {
    let mut p = Person::default();
    let mut name = String::new();
    let mut parts: [String; 5] = Default::default();
    let (mut city, mut country, mut other_city, mut other_country) =
        (String::new(), String::new(), String::new(), String::new());
    for (col, cell) in cols.iter().zip(record.iter()) {
        let Some(col) = col else { continue };
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        match col {
            Col::Name => name = tidy(cell),
            Col::Prefix => parts[0] = tidy(cell),
            Col::First => parts[1] = tidy(cell),
            Col::Middle => parts[2] = tidy(cell),
            Col::Last => parts[3] = tidy(cell),
            Col::Suffix => parts[4] = tidy(cell),
            Col::Aliases => {
                for a in values(cell, source) {
                    push_new(&mut p.aliases, &a);
                }
            }
            Col::Emails => {
                for e in values(cell, source) {
                    push_new(&mut p.emails, &e);
                }
            }
            Col::Phones => {
                let phones = match source {
                    Source::Google => values(cell, source),
                    _ => vec![cell.to_string()],
                };
                for ph in phones {
                    push_new(&mut p.phones, &ph);
                }
            }
            Col::Company => p.company = Some(tidy(cell)),
            Col::Role => p.role = Some(tidy(cell)),
            Col::Location => p.location = Some(tidy(cell)),
            Col::City => city = tidy(cell),
            Col::Country => country = tidy(cell),
            Col::OtherCity => other_city = tidy(cell),
            Col::OtherCountry => other_country = tidy(cell),
            Col::Birthday if no_date(cell) => {}
            Col::Birthday => match any_yearly(cell) {
                Some(d) => p.birthday = Some(d),
                None => warnings.push(format!(
                    "birthday `{}` is not a date; left out",
                    shorten(cell)
                )),
            },
            Col::Anniversary if no_date(cell) => {}
            Col::Anniversary => match any_yearly(cell) {
                Some(d) => p.dates.push(("anniversary".into(), d)),
                None => warnings.push(format!(
                    "anniversary `{}` is not a date; left out",
                    shorten(cell)
                )),
            },
            Col::Met => match any_date(cell) {
                Some(d) => p.met = Some(d),
                None => warnings.push(format!("`{}` is not a date; left out", shorten(cell))),
            },
            Col::Notes => p.note = Some(cell.replace("\r\n", "\n")),
            Col::Tags => {
                for t in values(cell, source) {
                    // Google's own groups: `* myContacts`, `* starred`.
                    if source == Source::Google && t.starts_with('*') {
                        continue;
                    }
                    push_new(&mut p.tags, &tag(&t));
                }
            }
            Col::Urls => push_new(&mut p.urls, cell),
            Col::Key(key) => {
                let ok = match *key {
                    "cadence" => Cadence::parse(cell).is_ok(),
                    "snooze_until" | "last_contact" | "next_follow_up" => {
                        parse_date(cell).is_some()
                    }
                    "status" => matches!(
                        cell.to_lowercase().as_str(),
                        "active" | "paused" | "archived"
                    ),
                    _ => true,
                };
                if ok {
                    p.other.push(((*key).to_string(), tidy(cell)));
                } else {
                    warnings.push(format!("{key} `{}` is not valid; left out", shorten(cell)));
                }
            }
        }
    }
    p.name = if name.is_empty() {
        // Prefixes (Dr., Rear Adm.) are left out of the name.
        tidy(&parts[1..].join(" "))
    } else {
        name
    };
    let (c, k) = if city.is_empty() && country.is_empty() {
        (other_city, other_country)
    } else {
        (city, country)
    };
    if p.location.is_none() && !(c.is_empty() && k.is_empty()) {
        p.location = Some(
            [c, k]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if p.name.is_empty() {
        return Err("this row has no name".into());
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(source: Source, text: &str, map: &[(String, String)]) -> Vec<Record> {
        read(source, text, map).unwrap().collect()
    }

    #[test]
    fn linkedin_skips_its_notes_preamble() {
        let text = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Lima,https://www.linkedin.com/in/ana,ana@x.io,Acme,CTO,12 Mar 2024\n,,,,,,01 Jan 2020\nBo,Chen,https://www.linkedin.com/in/bo,,\"Big, Co\",Eng,someday\n";
        let r = records(Source::Linkedin, text, &[]);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].line, 5);
        let ana = r[0].person.clone().unwrap();
        assert_eq!(ana.name, "Ana Lima");
        assert_eq!(ana.met, NaiveDate::from_ymd_opt(2024, 3, 12));
        assert_eq!(ana.urls, ["https://www.linkedin.com/in/ana"]);
        assert_eq!(ana.role.as_deref(), Some("CTO"));
        assert_eq!((r[1].line, r[1].person.is_err()), (6, true));
        assert_eq!(
            r[2].person.clone().unwrap().company.as_deref(),
            Some("Big, Co")
        );
        assert_eq!(r[2].warnings.len(), 1);
    }

    #[test]
    fn a_file_that_is_not_linkedin_names_its_first_wrong_line() {
        let e = read(Source::Linkedin, "Name,Email\nAna,a@x\n", &[])
            .err()
            .unwrap();
        assert_eq!(e.line, 1);
        let e = read(Source::Google, "Name,Email\nAna,a@x\n", &[])
            .err()
            .unwrap();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("`Name,Email`"), "{}", e.message);
    }

    #[test]
    fn google_both_header_sets() {
        let new = "First Name,Middle Name,Last Name,Nickname,Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Organization Name,Organization Title,Address 1 - City,Address 1 - Country\n\
            Ana,,Lima,Annie,--03-15,\"likes\ntea\",* myContacts ::: Book Club,* Home,a@x.io ::: b@x.io,Mobile,+1 555 0100,Acme,CTO,Chicago,USA\n";
        let p = records(Source::Google, new, &[])[0].person.clone().unwrap();
        assert_eq!(p.name, "Ana Lima");
        assert_eq!(p.aliases, ["Annie"]);
        assert_eq!(p.birthday.as_deref(), Some("--03-15"));
        assert_eq!(p.note.as_deref(), Some("likes\ntea"));
        assert_eq!(p.tags, ["Book-Club"]);
        assert_eq!(p.emails, ["a@x.io", "b@x.io"]);
        assert_eq!(p.location.as_deref(), Some("Chicago, USA"));
        let old = "Name,Given Name,Additional Name,Family Name,Nickname,Birthday,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Type,Organization 1 - Name,Organization 1 - Title\n\
            Bo Chen,Bo,,Chen,,1980-01-02,,* My Contacts ::: Friends,* Other,bo@x.io,Mobile,555 0101,,Initech,Eng\n";
        let p = records(Source::Google, old, &[])[0].person.clone().unwrap();
        assert_eq!(p.name, "Bo Chen");
        assert_eq!(p.birthday.as_deref(), Some("1980-01-02"));
        assert_eq!(p.tags, ["Friends"]);
        assert_eq!(p.company.as_deref(), Some("Initech"));
        assert_eq!(p.role.as_deref(), Some("Eng"));
    }

    #[test]
    fn outlook_dates_month_first_and_no_date() {
        let text = "First Name,Middle Name,Last Name,Title,E-mail Address,Mobile Phone,Company,Job Title,Business City,Birthday,Categories,Notes\n\
            Cy,,Dee,Dr.,cy@x.io,555 0102,Umbrella,Boss,Berlin,3/15/1988,Work;VIP,\n\
            Di,,Ez,,,,,,,0/0/00,,\n";
        let r = records(Source::Outlook, text, &[]);
        let cy = r[0].person.clone().unwrap();
        assert_eq!(cy.name, "Cy Dee");
        assert_eq!(cy.birthday.as_deref(), Some("1988-03-15"));
        assert_eq!(cy.tags, ["Work", "VIP"]);
        assert_eq!(cy.location.as_deref(), Some("Berlin"));
        assert_eq!(r[1].person.clone().unwrap().birthday, None);
        assert!(r[1].warnings.is_empty());
    }

    #[test]
    fn generic_columns_map_themselves_or_by_map() {
        let text = "Full Name,Mail,Group,Frequency,Where,Born\nAna Lima,a@x.io,mentor,6w,Lisbon,1988-11-30\n";
        let map = [("Where".to_string(), "location".to_string())];
        let p = records(Source::Csv, text, &map)[0].person.clone().unwrap();
        assert_eq!(p.name, "Ana Lima");
        assert_eq!(p.emails, ["a@x.io"]);
        assert_eq!(
            p.other,
            [
                ("circle".to_string(), "mentor".to_string()),
                ("cadence".to_string(), "6w".to_string())
            ]
        );
        assert_eq!(p.location.as_deref(), Some("Lisbon"));
        assert_eq!(p.birthday.as_deref(), Some("1988-11-30"));
        let e = read(Source::Csv, "a,b\n1,2\n", &[]).err().unwrap();
        assert!(e.message.contains("--map"), "{}", e.message);
        let e = read(Source::Csv, "a,b\n1,2\n", &[("c".into(), "name".into())])
            .err()
            .unwrap();
        assert!(e.message.contains("no column `c`"), "{}", e.message);
    }
}
