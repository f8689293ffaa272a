//! The `list` report: every contact with its numbers.

use super::overdue::ContactJson;
use super::{date, Format, Paint, Table};
use crate::index::Index;
use crate::plan::ContactState;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct FollowUpJson<'a> {
    /// `null` for an open task that names no date.
    pub date: Option<String>,
    pub text: Option<&'a str>,
    pub path: &'a str,
    pub line: u32,
}

#[derive(Debug, Serialize)]
struct ListContactJson<'a> {
    #[serde(flatten)]
    base: ContactJson<'a>,
    tags: &'a [String],
    aliases: &'a [String],
    status: &'static str,
    touches: usize,
    inbound: usize,
    outbound: usize,
    two_way: usize,
    follow_ups: Vec<FollowUpJson<'a>>,
    reply_owed: bool,
    one_sided: bool,
    dormant: bool,
    birthday: Option<String>,
    company: Option<&'a str>,
    role: Option<&'a str>,
    location: Option<&'a str>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
}

#[derive(Serialize)]
struct ListJson<'a> {
    today: String,
    /// Left empty for [`write_json_items`], which writes the contacts.
    contacts: Vec<ListContactJson<'a>>,
}

pub fn follow_ups<'a>(index: &'a Index, s: &ContactState<'a>) -> Vec<FollowUpJson<'a>> {
    s.contact
        .follow_ups
        .iter()
        .map(|f| {
            let (note, line) = index.location(f.source);
            FollowUpJson {
                date: Some(f.date.to_string()),
                text: index.text(f.source),
                path: &note.path,
                line,
            }
        })
        .chain(
            s.note
                .undated_follow_ups()
                .iter()
                .map(|(line, text)| FollowUpJson {
                    date: None,
                    text: Some(text),
                    path: &s.note.path,
                    line: *line,
                }),
        )
        .collect()
}

/// Short words for a contact's flags, for tables.
pub fn flags(s: &ContactState<'_>) -> String {
    let mut flags = Vec::new();
    if s.status() != crate::note::Status::Active {
        flags.push(s.status().as_str());
    }
    if s.snoozed {
        flags.push("snoozed");
    }
    if s.is_due {
        flags.push("due");
    }
    if s.reply_owed.is_some() {
        flags.push("reply owed");
    }
    if s.one_sided {
        flags.push("one-sided");
    }
    if s.dormant {
        flags.push("dormant");
    }
    flags.join(", ")
}

/// The JSON report, written to `out` as it is made.
pub fn write_json(
    index: &Index,
    states: &[ContactState<'_>],
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let head = ListJson {
        today: index.today.to_string(),
        contacts: Vec::new(),
    };
    super::write_json_items(&head, states, |s| contact_json(index, s), out)
}

fn contact_json<'a>(index: &'a Index, s: &ContactState<'a>) -> ListContactJson<'a> {
    let front = &s.note.front;
    ListContactJson {
        base: ContactJson::new(s),
        tags: &front.tags,
        aliases: &front.aliases,
        status: s.status().as_str(),
        touches: s.contact.touch_count,
        inbound: s.inbound,
        outbound: s.outbound,
        two_way: s.two_way,
        follow_ups: follow_ups(index, s),
        reply_owed: s.reply_owed.is_some(),
        one_sided: s.one_sided,
        dormant: s.dormant,
        birthday: front.birthday.map(|b| b.to_string()),
        company: front.company.as_deref(),
        role: front.role.as_deref(),
        location: front.location.as_deref(),
        email: front.email.as_deref(),
        phone: front.phone.as_deref(),
    }
}

pub fn render(index: &Index, states: &[ContactState<'_>], format: Format, paint: Paint) -> String {
    match format {
        Format::Json => super::json_string(|out| write_json(index, states, out)),
        Format::Csv => {
            let mut t = Table::new(&[
                "id",
                "name",
                "path",
                "circle",
                "cadence",
                "status",
                "tags",
                "last_touch",
                "due",
                "days_overdue",
                "touches",
                "inbound",
                "outbound",
                "two_way",
                "follow_ups",
                "reply_owed",
                "one_sided",
                "dormant",
                "birthday",
                "company",
                "role",
                "location",
                "email",
                "phone",
            ]);
            for s in states {
                let front = &s.note.front;
                let opt = |v: &Option<String>| v.clone().unwrap_or_default();
                t.push(vec![
                    s.id().into(),
                    s.name().into(),
                    s.note.path.clone(),
                    opt(&front.circle),
                    s.cadence_written().to_string(),
                    s.status().as_str().into(),
                    front.tags.join(";"),
                    date(s.last_touch),
                    date(s.due),
                    s.days_overdue.map(|d| d.to_string()).unwrap_or_default(),
                    s.contact.touch_count.to_string(),
                    s.inbound.to_string(),
                    s.outbound.to_string(),
                    s.two_way.to_string(),
                    (s.contact.follow_ups.len() + s.note.undated_follow_ups().len()).to_string(),
                    s.reply_owed.is_some().to_string(),
                    s.one_sided.to_string(),
                    s.dormant.to_string(),
                    front.birthday.map(|b| b.to_string()).unwrap_or_default(),
                    opt(&front.company),
                    opt(&front.role),
                    opt(&front.location),
                    opt(&front.email),
                    opt(&front.phone),
                ]);
            }
            t.csv()
        }
        Format::Text | Format::Md => {
            let mut t = Table::new(&[
                "Contact",
                "Circle",
                "Cadence",
                "Last touch",
                "Due",
                "In/out/both",
                "Notes",
            ]);
            for s in states {
                t.push(vec![
                    s.name().into(),
                    s.circle().unwrap_or_default().into(),
                    s.cadence_written().to_string(),
                    date(s.last_touch),
                    date(s.due),
                    format!("{}/{}/{}", s.inbound, s.outbound, s.two_way),
                    flags(s),
                ]);
            }
            let count = super::plural(states.len(), "contact");
            if format == Format::Md {
                return format!("## Contacts\n\n{}\n{count}\n", t.markdown());
            }
            format!(
                "{}{}\n",
                t.text(paint, |_, _, c| c.to_string()),
                paint.dim(&count)
            )
        }
    }
}
