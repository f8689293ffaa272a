//! The `check` report.

use super::{to_json, Format, Paint};
use crate::diagnostic::Diagnostic;
use crate::plan::check::CheckReport;

/// The JSON contract: `{"errors": [...], "warnings": [...]}`, each
/// `{"path", "line", "column", "message"}`.
#[derive(serde::Serialize)]
struct CheckJson<'a> {
    errors: Vec<DiagnosticJson<'a>>,
    warnings: Vec<DiagnosticJson<'a>>,
}

#[derive(serde::Serialize)]
struct DiagnosticJson<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
}

fn json_list(diags: &[Diagnostic]) -> Vec<DiagnosticJson<'_>> {
    diags
        .iter()
        .map(|d| DiagnosticJson {
            path: &d.path,
            line: d.line,
            column: d.column,
            message: &d.message,
        })
        .collect()
}

pub fn render(report: &CheckReport, format: Format, paint: Paint) -> String {
    if format == Format::Json {
        return to_json(&CheckJson {
            errors: json_list(&report.errors),
            warnings: json_list(&report.warnings),
        });
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
