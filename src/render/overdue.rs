//! The `overdue` report.

use super::{date, days, json_string, write_json_items, Format, Paint, Table};
use crate::plan::ContactState;
use chrono::NaiveDate;
use serde::Serialize;

/// The fields every contact has in JSON (SPEC §6); scripts rely on them.
#[derive(Debug, Serialize)]
pub struct ContactJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub path: &'a str,
    pub circle: Option<&'a str>,
    pub cadence: Option<&'a str>,
    pub last_touch: Option<String>,
    pub due: Option<String>,
    pub days_overdue: Option<i64>,
}

impl<'a> ContactJson<'a> {
    pub fn new(s: &ContactState<'a>) -> Self {
        ContactJson {
            id: s.id(),
            name: s.name(),
            path: &s.note.path,
            circle: s.circle(),
            cadence: s.cadence.map(|c| c.written.as_str()),
            last_touch: s.last_touch.map(|d| d.to_string()),
            due: s.due.map(|d| d.to_string()),
            days_overdue: s.days_overdue,
        }
    }
}

/// An overdue contact in JSON: the fields every contact has, and its
/// urgency.
#[derive(Serialize)]
struct DueJson<'a> {
    #[serde(flatten)]
    base: ContactJson<'a>,
    /// How many cadences have passed since the last touch (1.0 on the due
    /// day), to two decimals: what the report is ordered by.
    urgency: f64,
}

impl<'a> DueJson<'a> {
    fn new(s: &ContactState<'a>) -> Self {
        DueJson {
            base: ContactJson::new(s),
            urgency: (s.urgency * 100.0).round() / 100.0,
        }
    }
}

/// Urgency for a table: cadences passed, one decimal (`2.3×`).
fn urgency(s: &ContactState<'_>) -> String {
    format!("{:.1}\u{d7}", s.urgency)
}

#[derive(Serialize)]
struct OverdueJson<'a> {
    today: String,
    /// Left empty for [`write_json_items`], which writes the contacts.
    contacts: Vec<DueJson<'a>>,
}

pub fn render(today: NaiveDate, due: &[ContactState<'_>], format: Format, paint: Paint) -> String {
    match format {
        Format::Json => {
            let head = OverdueJson {
                today: today.to_string(),
                contacts: Vec::new(),
            };
            json_string(|out| write_json_items(&head, due, DueJson::new, out))
        }
        Format::Csv => {
            let mut t = Table::new(&[
                "id",
                "name",
                "path",
                "circle",
                "cadence",
                "last_touch",
                "due",
                "days_overdue",
                "urgency",
            ]);
            for s in due {
                t.push(vec![
                    s.id().into(),
                    s.name().into(),
                    s.note.path.clone(),
                    s.circle().unwrap_or_default().into(),
                    s.cadence_written().to_string(),
                    date(s.last_touch),
                    date(s.due),
                    s.days_overdue.map(|d| d.to_string()).unwrap_or_default(),
                    format!("{:.2}", s.urgency),
                ]);
            }
            t.csv()
        }
        Format::Text | Format::Md => {
            if due.is_empty() {
                return format!("Nobody is due on {today}.\n");
            }
            let mut t = Table::new(&[
                "Contact",
                "Circle",
                "Cadence",
                "Last touch",
                "Due",
                "Overdue",
                "Urgency",
            ]);
            for s in due {
                t.push(vec![
                    s.name().into(),
                    s.circle().unwrap_or_default().into(),
                    s.cadence_written().to_string(),
                    s.last_touch
                        .map_or_else(|| "never".into(), |d| d.to_string()),
                    date(s.due),
                    s.days_overdue.map(days).unwrap_or_default(),
                    urgency(s),
                ]);
            }
            if format == Format::Md {
                return format!("## Overdue on {today}\n\n{}", t.markdown());
            }
            t.text(paint, |row, col, cell| {
                let overdue = due[row].days_overdue.unwrap_or(0);
                match col {
                    5 | 6 if overdue >= 30 => paint.red(cell),
                    5 | 6 if overdue > 0 => paint.yellow(cell),
                    _ => cell.to_string(),
                }
            })
        }
    }
}
