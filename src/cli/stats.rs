//! `netkeep stats`

use super::{parse_date_arg, print, Cli, CliError, Session, TableFormat};
use chrono::NaiveDate;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// First day counted [default: the first of the month eleven months ago]
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub since: Option<NaiveDate>,

    /// Last day counted [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub until: Option<NaiveDate>,

    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
    let today = session.index.today;
    let until = args.until.unwrap_or(today);
    let since = args
        .since
        .unwrap_or_else(|| crate::plan::stats::default_since(until));
    if since > until {
        return Err(CliError::BadRange { since, until });
    }
    let stats = crate::plan::stats::stats(&session.index, &session.vault.config, since, until);
    print(&crate::render::stats::render(
        &session.index,
        &stats,
        args.format.into(),
        session.paint,
        std::io::IsTerminal::is_terminal(&std::io::stdout()),
    ))?;
    Ok(ExitCode::SUCCESS)
}
