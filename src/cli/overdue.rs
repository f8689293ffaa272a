//! `netkeep overdue`

use super::{print, Cli, CliError, Session, TableFormat};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
    let due = crate::plan::overdue(&session.index, &session.vault.config);
    print(&crate::render::overdue::render(
        session.index.today,
        &due,
        args.format.into(),
        session.paint,
    ))?;
    Ok(ExitCode::SUCCESS)
}
