//! The `review` report: a Markdown checklist to paste into a note, or the
//! same as plain text for a terminal.

use super::{contact_link, to_json, Format, Paint};
use crate::plan::review::Review;
use crate::plan::ContactState;
use serde::Serialize;

fn link(s: &ContactState<'_>) -> String {
    contact_link(s.id(), s.name(), &s.note.path)
}

fn since(s: &ContactState<'_>) -> String {
    match (s.last_touch, s.note.front.met) {
        (Some(d), _) => format!("last touch {d}"),
        (None, Some(met)) => format!("met {met}, no touch since"),
        (None, None) => "no touch yet".into(),
    }
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    name: &'a str,
    path: &'a str,
    last_touch: Option<String>,
    reason: String,
}

#[derive(Serialize)]
struct CircleJson<'a> {
    circle: &'a str,
    contacts: usize,
    capacity: Option<u32>,
    over_capacity: bool,
    per_week: f64,
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    today: String,
    one_sided: Vec<Item<'a>>,
    dormant: Vec<Item<'a>>,
    never_touched: Vec<Item<'a>>,
    no_circle_or_cadence: Vec<Item<'a>>,
    replies_owed: Vec<Item<'a>>,
    open_tasks_without_date: Vec<Item<'a>>,
    circles: Vec<CircleJson<'a>>,
    load_per_week: f64,
    weekly_budget: f64,
    over_budget: bool,
}

/// Each section: title, and the reason each contact is in it.
type Section<'r, 'a> = (
    &'static str,
    &'r [ContactState<'a>],
    fn(&ContactState<'_>) -> String,
);

pub fn render(today: chrono::NaiveDate, r: &Review<'_>, format: Format, paint: Paint) -> String {
    let sections: [Section<'_, '_>; 6] = [
        ("Let go? One-sided ties", &r.one_sided, |s| {
            format!("{} from you in a year, none back; {}", s.outbound, since(s))
        }),
        ("Reconnect or archive: dormant", &r.dormant, |s| {
            format!("dormant, {}", since(s))
        }),
        ("Never touched", &r.never_touched, since),
        ("No circle or cadence", &r.no_rhythm, |_| {
            "give a circle or a cadence, or archive".into()
        }),
        ("Replies owed, longest first", &r.replies, |s| {
            format!(
                "they reached out {}",
                s.reply_owed.map(|d| d.to_string()).unwrap_or_default()
            )
        }),
        ("Open tasks with no date", &r.undated_tasks, |s| {
            let tasks = s.note.undated_follow_ups();
            let first = tasks.first().map_or("", |(_, t)| &**t);
            match tasks.len() {
                1 => format!("{first}; give it a date, or do it"),
                n => format!("{first}, and {} more; give them dates, or do them", n - 1),
            }
        }),
    ];
    if format == Format::Json {
        fn items<'a>(
            list: &[ContactState<'a>],
            why: fn(&ContactState<'_>) -> String,
        ) -> Vec<Item<'a>> {
            list.iter()
                .map(|s| Item {
                    id: s.id(),
                    name: s.name(),
                    path: &s.note.path,
                    last_touch: s.last_touch.map(|d| d.to_string()),
                    reason: why(s),
                })
                .collect()
        }
        let [one, dormant, never, none, replies, undated] = &sections;
        return to_json(&ReviewJson {
            today: today.to_string(),
            one_sided: items(one.1, one.2),
            dormant: items(dormant.1, dormant.2),
            never_touched: items(never.1, never.2),
            no_circle_or_cadence: items(none.1, none.2),
            replies_owed: items(replies.1, replies.2),
            open_tasks_without_date: items(undated.1, undated.2),
            circles: r
                .circles
                .iter()
                .map(|c| CircleJson {
                    circle: &c.name,
                    contacts: c.contacts,
                    capacity: c.capacity,
                    over_capacity: c.over_capacity(),
                    per_week: c.per_week,
                })
                .collect(),
            load_per_week: r.load.per_week,
            weekly_budget: r.load.budget,
            over_budget: r.load.over_budget(),
        });
    }
    let md = format == Format::Md;
    let heading = |title: &str| {
        if md {
            format!("\n### {title}\n\n")
        } else {
            format!("\n{}\n", paint.bold(title))
        }
    };
    let mut out = if md {
        format!("## Review {today}\n")
    } else {
        format!("{}\n", paint.bold(&format!("Review {today}")))
    };
    for (title, list, why) in &sections {
        if list.is_empty() {
            continue;
        }
        out.push_str(&heading(title));
        if md {
            for s in list.iter() {
                let line = format!("{}: {}", link(s), why(s));
                out.push_str(&format!("- [ ] {}\n", super::one_line(&line)));
            }
        } else {
            // Names in a column, the reasons aligned after them; the
            // section's title says what they are, so no header row.
            let mut t = super::Table::new(&["", ""]);
            for s in list.iter() {
                t.push(vec![s.name().to_string(), why(s)]);
            }
            let text = t.text(paint, |_, _, c| c.to_string());
            out.push_str(&indent(text.split_once('\n').map_or("", |(_, rows)| rows)));
        }
    }
    if !r.circles.is_empty() {
        out.push_str(&heading("Circles"));
        let mut t = super::Table::new(&["Circle", "Contacts", "Capacity", "Touches a week"]);
        for c in &r.circles {
            let capacity = match (c.capacity, c.over_capacity()) {
                (Some(cap), true) => format!("{cap} (over by {})", c.contacts - cap as usize),
                (Some(cap), false) => cap.to_string(),
                (None, _) => String::new(),
            };
            t.push(vec![
                c.name.clone(),
                c.contacts.to_string(),
                capacity,
                format!("{:.1}", c.per_week),
            ]);
        }
        out.push_str(&if md {
            t.markdown()
        } else {
            indent(&t.text(paint, |_, _, c| c.to_string()))
        });
    }
    out.push_str(&format!(
        "\nLoad: {:.1} touches a week against a budget of {:.0}: {}.\n",
        r.load.per_week,
        r.load.budget,
        if r.load.over_budget() {
            "over budget; lengthen some cadences or move people to a calmer circle"
        } else {
            "it fits"
        }
    ));
    out
}

/// Each line of a text table two spaces in, under its section's title.
fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
