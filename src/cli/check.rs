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
    let mut report = crate::plan::check::check([
        &session.vault.config_diagnostics[..],
        &session.read_diagnostics[..],
        &session.index.diagnostics[..],
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
