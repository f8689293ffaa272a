//! `check`: every diagnostic from every layer, errors apart from warnings.

use crate::diagnostic::{Diagnostic, Kind, Level};

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

#[cfg(test)]
mod tests {
    use super::*;

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
