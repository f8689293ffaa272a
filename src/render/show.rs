//! The `show` report: one contact in full.

use super::list::{flags, follow_ups, FollowUpJson};
use super::overdue::ContactJson;
use super::{days, to_json, Format, Paint};
use crate::index::{Index, Source};
use crate::note::inline::Direction;
use crate::plan::special_days::SpecialDay;
use crate::plan::ContactState;
use serde::Serialize;
use std::collections::HashMap;

/// How many of the latest touches `show` lists.
pub(crate) const RECENT: usize = 10;

#[derive(Serialize)]
struct TouchJson<'a> {
    date: String,
    direction: &'static str,
    /// What the entry says after its date (`None` when its note could not
    /// be read again).
    text: Option<&'a str>,
    tags: Vec<&'a str>,
    path: &'a str,
    line: u32,
}

#[derive(Serialize)]
struct SpecialDayJson<'a> {
    label: &'a str,
    date: String,
    next: String,
    years: Option<i32>,
}

#[derive(Serialize)]
struct ShowJson<'a> {
    today: String,
    #[serde(flatten)]
    base: ContactJson<'a>,
    aliases: &'a [String],
    tags: &'a [String],
    status: &'static str,
    snoozed_until: Option<String>,
    company: Option<&'a str>,
    role: Option<&'a str>,
    location: Option<&'a str>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    touches: usize,
    inbound: usize,
    outbound: usize,
    two_way: usize,
    reply_owed: Option<String>,
    one_sided: bool,
    dormant: bool,
    follow_ups: Vec<FollowUpJson<'a>>,
    plans: Vec<FollowUpJson<'a>>,
    special_days: Vec<SpecialDayJson<'a>>,
    recent_touches: Vec<TouchJson<'a>>,
}

fn arrow(d: Direction) -> &'static str {
    match d {
        Direction::Out => "out",
        Direction::In => "in",
        Direction::TwoWay => "two_way",
    }
}

fn tags_of(index: &Index, source: Source) -> Vec<&str> {
    match source {
        Source::Entry { note, entry } => {
            let note = &index.notes[note as usize];
            note.entries
                .get(entry as usize)
                .map_or_else(Vec::new, |e| note.tags(&e).collect())
        }
        Source::Front { .. } => Vec::new(),
    }
}

/// `special` are this contact's special days (all of them, each with its
/// next occurrence); `texts` what its recent touches say.
pub fn render(
    index: &Index,
    s: &ContactState<'_>,
    special: &[SpecialDay<'_>],
    texts: &HashMap<Source, String>,
    format: Format,
    paint: Paint,
) -> String {
    let front = &s.note.front;
    let recent: Vec<TouchJson<'_>> = index
        .touches(s.contact)
        .rev()
        .take(RECENT)
        .map(|t| {
            let (note, line) = index.location(t.source);
            TouchJson {
                date: t.date.to_string(),
                direction: arrow(t.direction),
                text: texts.get(&t.source).map(String::as_str),
                tags: tags_of(index, t.source),
                path: &note.path,
                line,
            }
        })
        .collect();
    let plans: Vec<FollowUpJson<'_>> = s
        .contact
        .plans
        .iter()
        .map(|p| {
            let (note, line) = index.location(p.source);
            FollowUpJson {
                date: Some(p.date.to_string()),
                text: index.text(p.source),
                path: &note.path,
                line,
            }
        })
        .collect();
    let follow = follow_ups(index, s);
    if format == Format::Json {
        return to_json(&ShowJson {
            today: index.today.to_string(),
            base: ContactJson::new(s),
            aliases: &front.aliases,
            tags: &front.tags,
            status: s.status().as_str(),
            snoozed_until: front
                .snooze_until
                .filter(|_| s.snoozed)
                .map(|d| d.to_string()),
            company: front.company.as_deref(),
            role: front.role.as_deref(),
            location: front.location.as_deref(),
            email: front.email.as_deref(),
            phone: front.phone.as_deref(),
            touches: s.contact.touch_count,
            inbound: s.inbound,
            outbound: s.outbound,
            two_way: s.two_way,
            reply_owed: s.reply_owed.map(|d| d.to_string()),
            one_sided: s.one_sided,
            dormant: s.dormant,
            follow_ups: follow,
            plans,
            special_days: special
                .iter()
                .map(|d| SpecialDayJson {
                    label: d.label,
                    date: d.yearly.to_string(),
                    next: d.date.to_string(),
                    years: d.years,
                })
                .collect(),
            recent_touches: recent,
        });
    }

    let today = index.today;
    let mut rows: Vec<(&str, String)> = Vec::new();
    if !front.aliases.is_empty() {
        rows.push(("aliases", front.aliases.join(", ")));
    }
    if !front.tags.is_empty() {
        rows.push(("tags", front.tags.join(", ")));
    }
    let rhythm = match (s.circle(), s.cadence) {
        (Some(circle), Some(c)) => format!("{circle}, {}", c.every()),
        (Some(circle), None) => format!("{circle}, no cadence"),
        (None, Some(c)) => c.every(),
        (None, None) => "no circle or cadence".into(),
    };
    rows.push(("circle", rhythm));
    rows.push(("status", s.status().as_str().into()));
    if let (true, Some(until)) = (s.snoozed, front.snooze_until) {
        rows.push(("snoozed", format!("until {until}")));
    }
    let work: Vec<&str> = [&front.role, &front.company, &front.location]
        .iter()
        .filter_map(|v| v.as_deref())
        .collect();
    if !work.is_empty() {
        rows.push(("work", work.join(" · ")));
    }
    for (label, value) in [("email", &front.email), ("phone", &front.phone)] {
        if let Some(v) = value {
            rows.push((label, v.clone()));
        }
    }
    rows.push((
        "last touch",
        match s.last_touch {
            Some(d) => format!("{d} ({} ago)", days((today - d).num_days())),
            None => "never".into(),
        },
    ));
    if let (Some(due), Some(n)) = (s.due, s.days_overdue) {
        let when = match n {
            0 => "due today".to_string(),
            n if n > 0 => format!("{} overdue", days(n)),
            n => format!("in {}", days(-n)),
        };
        rows.push(("due", format!("{due} ({when})")));
    }
    rows.push((
        "touches",
        format!(
            "{}: {} in, {} out, {} both ways",
            s.contact.touch_count, s.inbound, s.outbound, s.two_way
        ),
    ));
    let f = flags(s);
    if !f.is_empty() {
        rows.push(("flags", f));
    }
    for d in special {
        rows.push((
            "special day",
            format!(
                "{} (next {}, in {})",
                d.describe(),
                d.date,
                days(d.days_until)
            ),
        ));
    }

    let mut sections: Vec<(&str, Vec<String>)> = Vec::new();
    sections.push((
        "Follow-ups",
        follow
            .iter()
            .map(|f| {
                format!(
                    "{}  {}  ({}:{})",
                    f.date.as_deref().unwrap_or("no date"),
                    f.text.unwrap_or(""),
                    f.path,
                    f.line
                )
            })
            .collect(),
    ));
    sections.push((
        "Coming up",
        plans
            .iter()
            .map(|p| {
                format!(
                    "{}  {}  ({}:{})",
                    p.date.as_deref().unwrap_or(""),
                    p.text.unwrap_or(""),
                    p.path,
                    p.line
                )
            })
            .collect(),
    ));
    sections.push((
        "Recent touches",
        recent
            .iter()
            .map(|t| {
                let dir = match t.direction {
                    "out" => "->",
                    "in" => "<-",
                    _ => "<>",
                };
                let mut parts = vec![t.date.clone(), dir.to_string()];
                match t.text {
                    // The text holds its tags already.
                    Some(text) => parts.push(text.to_string()),
                    None => parts.extend(t.tags.iter().map(|t| format!("#{t}"))),
                }
                parts.push(format!("({}:{})", t.path, t.line));
                parts.join("  ")
            })
            .collect(),
    ));

    let mut out = String::new();
    if format == Format::Md {
        out.push_str(&format!("## {}\n\n", super::one_line(s.name())));
        out.push_str(&format!(
            "- **id**: {} ({})\n",
            super::contact_link(s.id(), s.id(), &s.note.path),
            super::one_line(&s.note.path)
        ));
        for (label, value) in &rows {
            out.push_str(&format!("- **{label}**: {}\n", super::one_line(value)));
        }
        for (title, lines) in sections.iter().filter(|(_, l)| !l.is_empty()) {
            out.push_str(&format!("\n### {title}\n\n"));
            for line in lines {
                out.push_str(&format!("- {line}\n"));
            }
        }
        return out;
    }
    // The id is worth showing only when it is not the name.
    let id = if s.id() == s.name() {
        String::new()
    } else {
        format!("{} ", s.id())
    };
    out.push_str(&format!(
        "{}  {}\n",
        paint.bold(s.name()),
        paint.dim(&format!("{id}({})", s.note.path))
    ));
    let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    for (label, value) in &rows {
        out.push_str(&format!("  {label:<width$}  {value}\n"));
    }
    for (title, lines) in sections.iter().filter(|(_, l)| !l.is_empty()) {
        out.push_str(&format!("\n{}\n", paint.bold(title)));
        for line in lines {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}
