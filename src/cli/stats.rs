//! `netkeep stats`

use super::{print, Cli, CliError, Session, TableFormat};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// First day counted [default: the first of the month eleven months ago]
    #[arg(long, value_name = "DATE", value_parser = super::day::parse_day_arg, allow_hyphen_values = true)]
    pub since: Option<super::DayArg>,

    /// Last day counted [default: today]
    #[arg(long, value_name = "DATE", value_parser = super::day::parse_day_arg, allow_hyphen_values = true)]
    pub until: Option<super::DayArg>,

    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics();
    let today = session.index.today;
    let until = args.until.map_or(today, |day| day.on(today));
    let since = args.since.map_or_else(
        || crate::plan::stats::default_since(until),
        |day| day.on(today),
    );
    if since > until {
        return Err(CliError::BadRange { since, until });
    }
    let stats = crate::plan::stats::stats(&session.index, &session.vault.config, since, until);
    print(&crate::render::stats::render(
        &session.index,
        &stats,
        args.format.into(),
        session.paint,
    ))?;
    Ok(ExitCode::SUCCESS)
}
