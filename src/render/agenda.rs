//! The agenda as Markdown task lines inside netkeep's markers, ready to be
//! a note in the vault; or as JSON.

use super::{contact_link, days, to_json, Format};
use crate::index::Index;
use crate::note::body::{BEGIN_MARKER, END_MARKER};
use crate::plan::agenda::{Agenda, DatedItem};
use crate::plan::ContactState;
use serde::Serialize;

fn link_state(s: &ContactState<'_>) -> String {
    contact_link(s.id(), s.name(), &s.note.path)
}

fn link_item(index: &Index, item: &DatedItem<'_>) -> String {
    let note = index.note(item.contact);
    contact_link(&note.id, note.name(), &note.path)
}

fn quoted(text: Option<&str>) -> String {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => format!(": \"{t}\""),
        None => String::new(),
    }
}

/// Why a contact is due: `mentor, every 6w; last touch 2026-09-01, 41 days overdue`.
fn reach_out_reason(s: &ContactState<'_>) -> String {
    let mut parts = Vec::new();
    match (s.circle(), s.cadence) {
        (Some(circle), Some(c)) => parts.push(format!("{circle}, {}", c.every())),
        (None, Some(c)) => parts.push(c.every()),
        _ => {}
    }
    let last = match s.last_touch {
        Some(d) => format!("last touch {d}"),
        None => match s.note.front.met {
            Some(met) => format!("met {met}, no touch since"),
            None => "no touch yet".to_string(),
        },
    };
    let overdue = match s.days_overdue {
        Some(0) | None => "due today".to_string(),
        Some(n) => format!("{} overdue", days(n)),
    };
    parts.push(format!("{last}, {overdue}"));
    parts.join("; ")
}

/// The Markdown agenda, markers included.
pub fn markdown(index: &Index, agenda: &Agenda<'_>) -> String {
    let mut out = String::new();
    out.push_str(BEGIN_MARKER);
    out.push('\n');
    out.push_str(&format!("## Agenda for {}\n", agenda.today));
    let mut section = |title: &str, lines: Vec<String>, after: Option<String>| {
        if lines.is_empty() {
            return;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        for line in lines {
            // A circle or a label from YAML may hold a line break; one
            // item is one line, or the next run would read a forged tick.
            out.push_str(&format!("- [ ] {}\n", super::one_line(&line)));
        }
        if let Some(after) = after {
            out.push_str(&format!("\n{after}\n"));
        }
    };
    section(
        "Reach out",
        agenda
            .reach_out
            .iter()
            .map(|s| format!("{}: {}", link_state(s), reach_out_reason(s)))
            .collect(),
        (agenda.more_due > 0).then(|| {
            format!(
                "{} more due; `netkeep overdue` lists them.",
                agenda.more_due
            )
        }),
    );
    section(
        "Follow-ups",
        agenda
            .follow_ups
            .iter()
            .map(|f| {
                let when = if f.date == agenda.today {
                    "follow-up due today".to_string()
                } else {
                    format!("follow-up due {}", f.date)
                };
                format!("{}: {when}{}", link_item(index, f), quoted(f.text))
            })
            .collect(),
        None,
    );
    section(
        "Replies owed",
        agenda
            .replies
            .iter()
            .map(|s| {
                let since = s.reply_owed.map(|d| d.to_string()).unwrap_or_default();
                format!("{}: reply owed, they reached out {since}", link_state(s))
            })
            .collect(),
        None,
    );
    section(
        "Special days",
        agenda
            .special_days
            .iter()
            .map(|d| {
                let note = index.note(d.contact);
                let when = match d.days_until {
                    0 => "today".to_string(),
                    n => format!("in {}", days(n)),
                };
                format!(
                    "{}: {}, {when}",
                    contact_link(&note.id, note.name(), &note.path),
                    d.describe()
                )
            })
            .collect(),
        None,
    );
    section(
        "Coming up",
        agenda
            .upcoming
            .iter()
            .map(|p| {
                format!(
                    "{}: planned {}{}",
                    link_item(index, p),
                    p.date,
                    quoted(p.text)
                )
            })
            .collect(),
        None,
    );
    section(
        "Reconnect",
        agenda
            .reconnect
            .iter()
            .map(|s| {
                let last = s
                    .last_touch
                    .or(s.note.front.met)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                format!("{}: dormant, last touch {last}", link_state(s))
            })
            .collect(),
        None,
    );
    if agenda.is_empty() {
        out.push_str("\nNothing to do today.\n");
    }
    let load = &agenda.load;
    out.push_str(&format!(
        "\nLoad: {:.1} touches a week for {}, budget {:.0}{}.\n",
        load.per_week,
        super::plural(load.contacts, "contact"),
        load.budget,
        if load.over_budget() {
            " (over budget: lengthen some cadences)"
        } else {
            ""
        }
    ));
    out.push_str(END_MARKER);
    out.push('\n');
    out
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    name: &'a str,
    path: &'a str,
    reason: String,
    date: Option<String>,
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct LoadJson {
    per_week: f64,
    budget: f64,
    contacts: usize,
    over_budget: bool,
}

#[derive(Serialize)]
struct AgendaJson<'a> {
    today: String,
    reach_out: Vec<ItemJson<'a>>,
    more_due: usize,
    follow_ups: Vec<ItemJson<'a>>,
    replies_owed: Vec<ItemJson<'a>>,
    special_days: Vec<ItemJson<'a>>,
    coming_up: Vec<ItemJson<'a>>,
    reconnect: Vec<ItemJson<'a>>,
    load: LoadJson,
}

fn state_json<'a>(s: &ContactState<'a>, reason: String, date: Option<String>) -> ItemJson<'a> {
    ItemJson {
        id: s.id(),
        name: s.name(),
        path: &s.note.path,
        reason,
        date,
        text: None,
    }
}

fn dated_json<'a>(index: &'a Index, d: &DatedItem<'a>, reason: String) -> ItemJson<'a> {
    let note = index.note(d.contact);
    ItemJson {
        id: &note.id,
        name: note.name(),
        path: d.path,
        reason,
        date: Some(d.date.to_string()),
        text: d.text,
    }
}

pub fn render(index: &Index, agenda: &Agenda<'_>, format: Format) -> String {
    if format != Format::Json {
        return markdown(index, agenda);
    }
    to_json(&AgendaJson {
        today: agenda.today.to_string(),
        reach_out: agenda
            .reach_out
            .iter()
            .map(|s| state_json(s, reach_out_reason(s), s.due.map(|d| d.to_string())))
            .collect(),
        more_due: agenda.more_due,
        follow_ups: agenda
            .follow_ups
            .iter()
            .map(|f| dated_json(index, f, "follow-up".into()))
            .collect(),
        replies_owed: agenda
            .replies
            .iter()
            .map(|s| state_json(s, "reply owed".into(), s.reply_owed.map(|d| d.to_string())))
            .collect(),
        special_days: agenda
            .special_days
            .iter()
            .map(|d| {
                let note = index.note(d.contact);
                ItemJson {
                    id: &note.id,
                    name: note.name(),
                    path: &note.path,
                    reason: d.describe(),
                    date: Some(d.date.to_string()),
                    text: None,
                }
            })
            .collect(),
        coming_up: agenda
            .upcoming
            .iter()
            .map(|p| dated_json(index, p, "planned".into()))
            .collect(),
        reconnect: agenda
            .reconnect
            .iter()
            .map(|s| state_json(s, "dormant".into(), s.last_touch.map(|d| d.to_string())))
            .collect(),
        load: LoadJson {
            per_week: agenda.load.per_week,
            budget: agenda.load.budget,
            contacts: agenda.load.contacts,
            over_budget: agenda.load.over_budget(),
        },
    })
}
