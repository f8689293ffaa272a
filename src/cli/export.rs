//! `netkeep export ics`

use super::{print, Cli, CliError, Session};
use crate::write::atomic::{self, Outcome};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// An iCalendar feed of special days, follow-ups and due dates
    Ics {
        /// Occurrences in the next N days carry the age in their title
        #[arg(long, value_name = "N", default_value_t = 365)]
        days: u32,

        /// Write the feed to FILE instead of stdout
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let What::Ics { days, output } = &args.what;
    let session = Session::open(cli, false)?;
    session.report_diagnostics();
    let feed = crate::render::ics::calendar(&session.index, &session.config, *days);
    match output {
        Some(path) => {
            atomic::apply(path, |_| Ok(Outcome::Write(feed.clone())))?;
        }
        None => print(&feed),
    }
    Ok(ExitCode::SUCCESS)
}
