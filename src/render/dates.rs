//! The `dates` report: special days coming up.

use super::{days, to_json, Format, Paint, Table};
use crate::index::Index;
use crate::plan::special_days::SpecialDay;
use serde::Serialize;

#[derive(Serialize)]
struct DayJson<'a> {
    id: &'a str,
    name: &'a str,
    path: &'a str,
    label: &'a str,
    /// As written: `YYYY-MM-DD` or `--MM-DD`.
    written: String,
    date: String,
    days_until: i64,
    years: Option<i32>,
}

#[derive(Serialize)]
struct DatesJson<'a> {
    today: String,
    days: u32,
    dates: Vec<DayJson<'a>>,
}

pub fn render(
    index: &Index,
    window: u32,
    found: &[SpecialDay<'_>],
    format: Format,
    paint: Paint,
) -> String {
    let rows: Vec<DayJson<'_>> = found
        .iter()
        .map(|d| {
            let note = index.note(d.contact);
            DayJson {
                id: &note.id,
                name: note.name(),
                path: &note.path,
                label: d.label,
                written: d.yearly.to_string(),
                date: d.date.to_string(),
                days_until: d.days_until,
                years: d.years,
            }
        })
        .collect();
    match format {
        Format::Json => to_json(&DatesJson {
            today: index.today.to_string(),
            days: window,
            dates: rows,
        }),
        Format::Csv => {
            let mut t = Table::new(&[
                "date",
                "days_until",
                "id",
                "name",
                "label",
                "written",
                "years",
            ]);
            for r in &rows {
                t.push(vec![
                    r.date.clone(),
                    r.days_until.to_string(),
                    r.id.into(),
                    r.name.into(),
                    r.label.into(),
                    r.written.clone(),
                    r.years.map(|y| y.to_string()).unwrap_or_default(),
                ]);
            }
            t.csv()
        }
        Format::Text | Format::Md => {
            if found.is_empty() {
                return format!("No special days in the next {}.\n", days(i64::from(window)));
            }
            let mut t = Table::new(&["Date", "In", "Contact", "What"]);
            for (d, r) in found.iter().zip(&rows) {
                let when = match d.days_until {
                    0 => "today".to_string(),
                    n => days(n),
                };
                t.push(vec![r.date.clone(), when, r.name.into(), d.describe()]);
            }
            if format == Format::Md {
                return format!("## Special days from {}\n\n{}", index.today, t.markdown());
            }
            t.text(paint, |row, col, cell| {
                if col == 1 && found[row].days_until == 0 {
                    paint.yellow(cell)
                } else {
                    cell.to_string()
                }
            })
        }
    }
}
