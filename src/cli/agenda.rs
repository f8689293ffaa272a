//! `netkeep agenda`

use super::{print, AgendaFormat, Cli, CliError, Session};
use crate::render::Format;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many contacts to reach out to [default: config daily_budget,
    /// else weekly_budget / 7]
    #[arg(long, value_name = "N")]
    pub max: Option<usize>,

    /// How many days ahead to list special days and plans
    #[arg(long, value_name = "N", default_value_t = 14)]
    pub days: u32,

    /// Output format
    #[arg(long, value_enum, default_value_t = AgendaFormat::Md)]
    pub format: AgendaFormat,
}

pub fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics();
    let max = args.max.unwrap_or_else(|| session.config.agenda_max());
    let agenda = crate::plan::agenda::agenda(&session.index, &session.config, max, args.days);
    let format = match args.format {
        AgendaFormat::Md => Format::Md,
        AgendaFormat::Json => Format::Json,
    };
    print(&crate::render::agenda::render(
        &session.index,
        &agenda,
        format,
    ));
    Ok(ExitCode::SUCCESS)
}
