//! `check`: every diagnostic from every layer, errors apart from warnings.

use crate::diagnostic::{Diagnostic, Level};

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
    report
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
}
