//! `netkeep check`: exit 1 when there are errors.

use super::{print, CheckFormat, Cli, CliError, Session};
use crate::render::Format;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, true)?;
    let circles = crate::plan::check::unknown_circles(
        &session.index.notes,
        &session.vault.config,
        |note, circle| {
            // Read again for the line: only notes with an unknown circle.
            let file = crate::vault::NoteFile {
                rel: note.path.clone(),
                abs: session.vault.root.join(&note.path),
            };
            crate::vault::read_text(&file).map_or((1, 1), |text| {
                crate::plan::check::front_matter_position(&text, circle)
            })
        },
    );
    let mut report = crate::plan::check::check([
        &session.vault.config_diagnostics[..],
        &session.read_diagnostics[..],
        &session.index.diagnostics[..],
        &circles[..],
    ]);
    report.found = Some(session.found(cli.today()));
    let format = match args.format {
        CheckFormat::Text => Format::Text,
        CheckFormat::Json => Format::Json,
    };
    let mut out = String::new();
    if format == Format::Text {
        if let Some(line) = daily_notes_source(&session.vault.config) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push_str(&crate::render::check::render(
        &report,
        format,
        session.paint,
    ));
    print(&out)?;
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Where daily notes come from, when the user or the vault chose it (the
/// default, any note named `YYYY-MM-DD`, goes unsaid).
fn daily_notes_source(config: &crate::config::Config) -> Option<String> {
    if let Some(dir) = &config.daily_dir {
        return Some(format!(
            "daily notes: named `YYYY-MM-DD` under `{dir}`, from netkeep.toml `daily_dir`"
        ));
    }
    config.daily_notes.as_ref().map(|d| d.describe())
}
