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
    let report = crate::plan::check::check([
        &session.vault.config_diagnostics[..],
        &session.read_diagnostics[..],
        &session.index.diagnostics[..],
    ]);
    let format = match args.format {
        CheckFormat::Text => Format::Text,
        CheckFormat::Json => Format::Json,
    };
    print(&crate::render::check::render(
        &report,
        format,
        session.paint,
    ))?;
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
