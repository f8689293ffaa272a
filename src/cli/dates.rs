//! `netkeep dates`

use super::{print, Cli, CliError, Session, TableFormat};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many days ahead
    #[arg(long, value_name = "N", default_value_t = 14, value_parser = super::days_arg)]
    pub days: u32,

    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
    let found = crate::plan::special_days::upcoming(&session.index, args.days);
    print(&crate::render::dates::render(
        &session.index,
        args.days,
        &found,
        args.format.into(),
        session.paint,
    ))?;
    Ok(ExitCode::SUCCESS)
}
