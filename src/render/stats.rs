//! The `stats` report, with bars on a terminal.

use super::{to_json, Format, Paint, Table};
use crate::index::Index;
use crate::plan::stats::{Counts, Stats};
use serde::Serialize;

fn bar(n: usize, max: usize) -> String {
    if max == 0 || n == 0 {
        return String::new();
    }
    "█".repeat((n * 20).div_ceil(max))
}

#[derive(Serialize)]
struct CountsJson {
    outbound: usize,
    inbound: usize,
    two_way: usize,
}

impl From<Counts> for CountsJson {
    fn from(c: Counts) -> Self {
        CountsJson {
            outbound: c.outbound,
            inbound: c.inbound,
            two_way: c.two_way,
        }
    }
}

#[derive(Serialize)]
struct CircleJson<'a> {
    circle: Option<&'a str>,
    active: usize,
    paused: usize,
    archived: usize,
    touches: Option<CountsJson>,
}

#[derive(Serialize)]
struct MonthJson {
    month: String,
    #[serde(flatten)]
    counts: CountsJson,
    reached_out: usize,
    goal_met: bool,
    collaborations: usize,
}

#[derive(Serialize)]
struct ContactJson<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(flatten)]
    counts: CountsJson,
}

#[derive(Serialize)]
struct StatsJson<'a> {
    since: String,
    until: String,
    monthly_goal: u32,
    touches: CountsJson,
    collaborations: usize,
    circles: Vec<CircleJson<'a>>,
    months: Vec<MonthJson>,
    reciprocity: Vec<ContactJson<'a>>,
    channels: Vec<(&'a str, usize)>,
}

fn circle_name(c: &Option<String>) -> &str {
    c.as_deref().unwrap_or("(none)")
}

/// `bars`: whether the text report draws bars beside the numbers (on a
/// terminal only: in a pipe or a file they are noise to a script).
pub fn render(index: &Index, s: &Stats<'_>, format: Format, paint: Paint, bars: bool) -> String {
    let touches_of = |circle: &Option<String>| {
        s.by_circle
            .iter()
            .find(|(c, _)| c == circle)
            .map(|(_, n)| *n)
    };
    match format {
        Format::Json => to_json(&StatsJson {
            since: s.since.to_string(),
            until: s.until.to_string(),
            monthly_goal: s.monthly_goal,
            touches: s.total.into(),
            collaborations: s.collaborations,
            circles: s
                .circles
                .iter()
                .map(|c| CircleJson {
                    circle: c.circle.as_deref(),
                    active: c.active,
                    paused: c.paused,
                    archived: c.archived,
                    touches: touches_of(&c.circle).map(CountsJson::from),
                })
                .collect(),
            months: s
                .months
                .iter()
                .map(|m| MonthJson {
                    month: m.start.format("%Y-%m").to_string(),
                    counts: m.counts.into(),
                    reached_out: m.reached_out,
                    goal_met: m.goal_met,
                    collaborations: m.collaborations,
                })
                .collect(),
            reciprocity: s
                .reciprocity
                .iter()
                .map(|r| {
                    let note = index.note(r.contact);
                    ContactJson {
                        id: &note.id,
                        name: note.name(),
                        counts: r.counts.into(),
                    }
                })
                .collect(),
            channels: s.channels.iter().map(|(t, n)| (t.as_str(), *n)).collect(),
        }),
        Format::Csv => {
            let mut t = Table::new(&[
                "kind", "key", "outbound", "inbound", "two_way", "count", "goal_met",
            ]);
            let counts = |c: Counts| {
                vec![
                    c.outbound.to_string(),
                    c.inbound.to_string(),
                    c.two_way.to_string(),
                ]
            };
            for m in &s.months {
                let mut row = vec!["month".into(), m.start.format("%Y-%m").to_string()];
                row.extend(counts(m.counts));
                row.extend([m.reached_out.to_string(), m.goal_met.to_string()]);
                t.push(row);
            }
            for (c, n) in &s.by_circle {
                let mut row = vec!["circle".into(), circle_name(c).into()];
                row.extend(counts(*n));
                row.extend([n.total().to_string(), String::new()]);
                t.push(row);
            }
            for r in &s.reciprocity {
                let mut row = vec!["contact".into(), index.note(r.contact).id.clone()];
                row.extend(counts(r.counts));
                row.extend([r.counts.total().to_string(), String::new()]);
                t.push(row);
            }
            for (tag, n) in &s.channels {
                t.push(vec![
                    "channel".into(),
                    tag.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                    n.to_string(),
                    String::new(),
                ]);
            }
            t.push(vec![
                "collaborations".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                s.collaborations.to_string(),
                String::new(),
            ]);
            t.csv()
        }
        Format::Text | Format::Md => {
            let md = format == Format::Md;
            let bars = bars && !md;
            let table = |t: &Table| {
                if md {
                    t.markdown()
                } else {
                    t.text(paint, |_, _, c| c.to_string())
                }
            };
            let heading = |title: &str| {
                if md {
                    format!("\n### {title}\n\n")
                } else {
                    format!("\n{}\n", paint.bold(title))
                }
            };
            let mut out = String::new();
            out.push_str(&if md {
                format!("## Stats from {} to {}\n", s.since, s.until)
            } else {
                format!(
                    "{}\n",
                    paint.bold(&format!("Stats from {} to {}", s.since, s.until))
                )
            });
            out.push_str(&format!(
                "\nTouches: you {}, them {}, both ways {}. Collaborations: {}.\n",
                s.total.outbound, s.total.inbound, s.total.two_way, s.collaborations
            ));

            out.push_str(&heading("Contacts by circle"));
            let mut t = Table::new(&[
                "Circle", "Active", "Paused", "Archived", "You", "Them", "Both",
            ]);
            for c in &s.circles {
                let n = touches_of(&c.circle).unwrap_or_default();
                t.push(vec![
                    circle_name(&c.circle).into(),
                    c.active.to_string(),
                    c.paused.to_string(),
                    c.archived.to_string(),
                    n.outbound.to_string(),
                    n.inbound.to_string(),
                    n.two_way.to_string(),
                ]);
            }
            out.push_str(&table(&t));

            out.push_str(&heading(&format!(
                "Touches by month (goal: reach out to {} {} a month)",
                s.monthly_goal,
                if s.monthly_goal == 1 {
                    "person"
                } else {
                    "people"
                }
            )));
            let max = s.months.iter().map(|m| m.counts.total()).max().unwrap_or(0);
            // Bars are for a terminal; Markdown and pipes get the numbers alone.
            let with_bar = |mut headers: Vec<&str>| {
                if bars {
                    headers.push("");
                }
                Table::new(&headers)
            };
            let mut t = with_bar(vec![
                "Month",
                "You",
                "Them",
                "Both",
                "Reached out",
                "Goal",
                "Collabs",
            ]);
            for m in &s.months {
                let mut row = vec![
                    m.start.format("%Y-%m").to_string(),
                    m.counts.outbound.to_string(),
                    m.counts.inbound.to_string(),
                    m.counts.two_way.to_string(),
                    m.reached_out.to_string(),
                    if m.goal_met { "met" } else { "missed" }.into(),
                    m.collaborations.to_string(),
                ];
                if bars {
                    row.push(bar(m.counts.total(), max));
                }
                t.push(row);
            }
            out.push_str(&table(&t));

            out.push_str(&heading("Reciprocity (most one-sided first)"));
            let mut t = Table::new(&["Contact", "You", "Them", "Both"]);
            for r in &s.reciprocity {
                t.push(vec![
                    index.note(r.contact).name().into(),
                    r.counts.outbound.to_string(),
                    r.counts.inbound.to_string(),
                    r.counts.two_way.to_string(),
                ]);
            }
            out.push_str(&table(&t));

            out.push_str(&heading("Channels"));
            let max = s.channels.first().map_or(0, |c| c.1);
            let mut t = with_bar(vec!["Tag", "Touches"]);
            for (tag, n) in &s.channels {
                let mut row = vec![format!("#{tag}"), n.to_string()];
                if bars {
                    row.push(bar(*n, max));
                }
                t.push(row);
            }
            out.push_str(&table(&t));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::{build, d};

    #[test]
    fn stats_bars_are_drawn_only_when_asked_for_a_terminal() {
        let (index, config) = build(
            &[("people/Ann.md", "- 2026-10-02 -> email #email\n")],
            "",
            "2026-11-23",
        );
        let s = crate::plan::stats::stats(&index, &config, d("2026-09-01"), d("2026-11-23"));
        let paint = Paint::default();
        assert!(render(&index, &s, Format::Text, paint, true).contains('█'));
        assert!(!render(&index, &s, Format::Text, paint, false).contains('█'));
        assert!(!render(&index, &s, Format::Md, paint, true).contains('█'));
    }
}
