//! The `check` report.

use super::plural;
use super::{to_json, Format, Paint};
use crate::diagnostic::Diagnostic;
use crate::plan::check::CheckReport;
use crate::plan::found::Found;
use crate::skip::Why;

/// The JSON contract: `{"errors": [...], "warnings": [...]}`, each
/// `{"path", "line", "column", "message"}`.
#[derive(serde::Serialize)]
struct CheckJson<'a> {
    errors: Vec<DiagnosticJson<'a>>,
    warnings: Vec<DiagnosticJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contacts: Option<ContactsJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skipped: Vec<SkippedJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<SuggestionJson<'a>>,
}

#[derive(serde::Serialize)]
struct ContactsJson {
    found: usize,
    notes: usize,
    by_folder: usize,
    by_type_tag_or_category: usize,
}

#[derive(serde::Serialize)]
struct SkippedJson<'a> {
    /// The folder or the pattern.
    what: &'a str,
    why: String,
    notes: usize,
}

#[derive(serde::Serialize)]
struct SuggestionJson<'a> {
    line: &'a str,
    why: &'a str,
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

/// Which notes are contacts and how they were found, what was skipped,
/// and, with no contacts, what was tried and the lines that would help.
fn found_text(found: &Found) -> String {
    let mut out = String::new();
    let dirs = found.tried_dirs.join(", ");
    if found.contacts() > 0 {
        out.push_str(&format!(
            "found {} among {}: {} by folder ({dirs}), {} by type, tags or categories\n",
            plural(found.contacts(), "contact"),
            plural(found.notes, "note"),
            found.by_folder,
            found.by_marker,
        ));
    } else {
        out.push_str(&no_contacts_text(found));
    }
    for line in skipped_lines(&found.skipped) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// What the walk skipped and why, a line a rule (`check`, and `-v`).
pub fn skipped_lines(skipped: &[crate::skip::Skipped]) -> Vec<String> {
    let mut lines = Vec::new();
    for skipped in skipped {
        let what = match skipped.rule.why {
            Why::Exclude => format!("matching `{}`", skipped.rule.what),
            _ => format!("in {}/", skipped.rule.what),
        };
        if skipped.notes > 0 {
            lines.push(format!(
                "skipped {} {what}: {}",
                plural(skipped.notes, "note"),
                skipped.rule.reason()
            ));
        } else if skipped.rule.why == Why::Exclude {
            lines.push(format!(
                "`exclude` pattern `{}` matched no note",
                skipped.rule.what
            ));
        }
    }
    lines
}

pub fn render(report: &CheckReport, format: Format, paint: Paint) -> String {
    if format == Format::Json {
        let found = report.found.as_ref();
        return to_json(&CheckJson {
            errors: json_list(&report.errors),
            warnings: json_list(&report.warnings),
            contacts: found.map(|f| ContactsJson {
                found: f.contacts(),
                notes: f.notes,
                by_folder: f.by_folder,
                by_type_tag_or_category: f.by_marker,
            }),
            skipped: found
                .map(|f| {
                    f.skipped
                        .iter()
                        .map(|s| SkippedJson {
                            what: &s.rule.what,
                            why: s.rule.reason(),
                            notes: s.notes,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            suggestions: found
                .map(|f| {
                    f.suggestions
                        .iter()
                        .map(|(line, why)| SuggestionJson { line, why })
                        .collect()
                })
                .unwrap_or_default(),
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
    if let Some(found) = &report.found {
        out.push_str(&found_text(found));
    }
    out.push_str(&format!(
        "{}, {}\n",
        plural(report.errors.len(), "error"),
        plural(report.warnings.len(), "warning")
    ));
    out
}

/// Why no contact was found: no notes, or what was looked for and the
/// `netkeep.toml` lines that would find some. `check` says it, and so does
/// every report on a vault with no contacts ("0 contacts" alone would not
/// say why).
pub(crate) fn no_contacts_text(found: &Found) -> String {
    let mut out = String::new();
    let dirs = found.tried_dirs.join(", ");
    if found.notes == 0 {
        out.push_str("found no notes (.md files) in the vault\n");
    } else {
        out.push_str(&format!(
            "found no contacts among {}: netkeep looked for notes in the folders {dirs} (`contact_dirs`) and for a `type`, `tags` or `categories` value of {} (`contact_types`)\n",
            plural(found.notes, "note"),
            found.tried_types.join(", "),
        ));
        if found.suggestions.is_empty() {
            out.push_str("to find your people, name their folder in netkeep.toml (`contact_dirs = [\"Folder\"]`) or mark each note with `type: person`\n");
        } else {
            out.push_str("lines for netkeep.toml that would find some:\n");
            for (line, why) in &found.suggestions {
                out.push_str(&format!("  {line}  # {why}\n"));
            }
        }
    }
    out
}
