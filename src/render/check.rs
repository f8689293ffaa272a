//! The `check` report.

use super::{to_json, Format, Paint};
use crate::diagnostic::Diagnostic;
use crate::plan::check::CheckReport;

pub fn render(report: &CheckReport, format: Format, paint: Paint) -> String {
    if format == Format::Json {
        return to_json(report);
    }
    let mut all: Vec<&Diagnostic> = report.errors.iter().chain(&report.warnings).collect();
    all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut out = String::new();
    for d in all {
        let line = d.to_string();
        out.push_str(&match d.level {
            crate::diagnostic::Level::Error => paint.red(&line),
            crate::diagnostic::Level::Warning => paint.yellow(&line),
        });
        out.push('\n');
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "{}, {}\n",
        plural(report.errors.len(), "error"),
        plural(report.warnings.len(), "warning")
    ));
    out
}
