//! `check`: every diagnostic from every layer, errors apart from warnings.

use crate::config::Config;
use crate::diagnostic::{to_u32, Diagnostic, Kind, Level};
use crate::note::Note;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// Which notes were taken for contacts, and what was skipped.
    pub found: Option<super::found::Found>,
}

/// Gathers diagnostics in the order the pipeline makes them (config, then
/// reading files, then parsing and indexing) and lists each group by file
/// and position.
pub fn check<'a>(layers: impl IntoIterator<Item = &'a [Diagnostic]>) -> CheckReport {
    let mut report = CheckReport::default();
    for layer in layers {
        for diag in layer {
            match diag.level {
                Level::Error => report.errors.push(diag.clone()),
                Level::Warning => report.warnings.push(diag.clone()),
            }
        }
    }
    report
        .errors
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report
        .warnings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.errors.dedup();
    report.warnings.dedup();
    if let Some(note) = date_order_note(&report.warnings) {
        report.warnings.insert(0, note);
    }
    report
}

/// Once for the vault: the dates in numbers with the year last that no
/// `date_order` says how to read, and the line that would.
fn date_order_note(warnings: &[Diagnostic]) -> Option<Diagnostic> {
    let mut notes = warnings.iter().filter(|d| d.kind == Kind::DayMonth);
    let first = notes.next()?;
    let others = notes.count();
    let also = match others {
        0 => String::new(),
        1 => " and 1 other note".into(),
        n => format!(" and {n} other notes"),
    };
    Some(Diagnostic::warning(
        crate::config::FILE_NAME,
        1,
        1,
        format!(
            "{}{also} {write} entries' dates in numbers with the year last, as 03/12/2026; netkeep reads them only once netkeep.toml says which comes first: add `date_order = \"dmy\"` (3 December) or `date_order = \"mdy\"` (12 March)",
            first.path,
            write = if others == 0 { "writes" } else { "write" },
        ),
    ))
}

/// A warning for each contact whose `circle` is not one the config
/// defines (when it defines any): such a contact has no circle cadence and
/// is never due by one. `locate` finds where a note writes its circle
/// (line and column; the index does not keep it).
pub fn unknown_circles(
    notes: &[Note],
    config: &Config,
    locate: impl Fn(&Note, &str) -> (u32, u32),
) -> Vec<Diagnostic> {
    notes
        .iter()
        .filter(|n| n.is_contact)
        .filter_map(|note| {
            let circle = note.front.circle.as_deref()?;
            if !config.is_unknown_circle(circle) {
                return None;
            }
            let (line, column) = locate(note, circle);
            Some(
                Diagnostic::warning(
                    &note.path,
                    line,
                    column,
                    if note.front.cadence.is_some() {
                        config.unknown_circle_message(circle)
                    } else {
                        format!(
                            "{}; until it is, this contact has no cadence and is never due",
                            config.unknown_circle_message(circle)
                        )
                    },
                )
                .lint(),
            )
        })
        .collect()
}

/// Where the front matter of `text` writes `value` (a circle's name):
/// line and column, from 1; the first line when it cannot be found.
pub fn front_matter_position(text: &str, value: &str) -> (u32, u32) {
    let mut lines = text.lines().enumerate();
    if lines
        .next()
        .is_none_or(|(_, first)| first.trim_end() != "---")
    {
        return (1, 1);
    }
    for (n, line) in lines {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            break;
        }
        let Some(colon) = line.find(':') else {
            continue;
        };
        if let Some(at) = line[colon..].find(value) {
            let column = line[..colon + at].chars().count() + 1;
            return (to_u32(n + 1), to_u32(column));
        }
    }
    (1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_circle_the_config_does_not_define_is_a_warning_with_the_nearest() {
        let (config, _) = Config::parse("[circles.friends]\n[circles.work]\n");
        let today = crate::dates::parse_date("2026-11-23").unwrap();
        let text = "---\nname: Pat\ncircle: frends\n---\n";
        let notes = [
            crate::vault::load_text("people/Pat.md", text, &config, today),
            crate::vault::load_text("people/Bo.md", "---\ncircle: Work\n---\n", &config, today),
        ];
        let warnings = unknown_circles(&notes, &config, |_, c| front_matter_position(text, c));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let w = &warnings[0];
        assert_eq!((w.path.as_str(), w.line, w.column), ("people/Pat.md", 3, 9));
        assert!(
            w.message.contains("did you mean `friends`?"),
            "{}",
            w.message
        );
        let (none, _) = Config::parse("");
        assert!(
            unknown_circles(&notes, &none, |_, _| (1, 1)).is_empty(),
            "no circles defined"
        );
    }

    #[test]
    fn splits_and_sorts() {
        let config = [Diagnostic::error("netkeep.toml", 2, 1, "unknown key")];
        let files = [
            Diagnostic::warning("b.md", 1, 1, "not UTF-8"),
            Diagnostic::warning("a.md", 9, 1, "bad date"),
            Diagnostic::error("a.md", 2, 1, "bad YAML"),
        ];
        let report = check([&config[..], &files[..]]);
        let errors: Vec<_> = report.errors.iter().map(|d| d.path.as_str()).collect();
        let warnings: Vec<_> = report.warnings.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(errors, ["a.md", "netkeep.toml"]);
        assert_eq!(warnings, ["a.md", "b.md"]);
    }

    #[test]
    fn day_month_dates_are_told_once_for_the_vault() {
        let mut a = Diagnostic::warning("a.md", 3, 3, "`03/12/2026` looks like ...");
        a.kind = Kind::DayMonth;
        let mut b = a.clone();
        b.path = "b.md".into();
        let report = check([&[a.clone(), b][..]]);
        assert_eq!(report.warnings.len(), 3);
        let note = &report.warnings[0];
        assert_eq!(note.path, "netkeep.toml");
        assert!(
            note.message
                .starts_with("a.md and 1 other note write entries' dates"),
            "{}",
            note.message
        );
        assert!(note.message.contains("date_order = \"dmy\""));
        let report = check([&[Diagnostic::warning("a.md", 1, 1, "x")][..]]);
        assert_eq!(report.warnings.len(), 1);
    }
}
