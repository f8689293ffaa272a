//! `netkeep export ics`

use super::{print, Cli, CliError, Session};
use crate::write::atomic::{self, Outcome};
use crate::write::output;
use std::path::{Path, PathBuf};
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
        #[arg(long, value_name = "N", default_value_t = 365, value_parser = super::days_arg)]
        days: u32,

        /// Write the feed to FILE instead of stdout
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,

        /// Replace FILE even when it is not an iCalendar file (never a
        /// note of the vault)
        #[arg(long, requires = "output")]
        force: bool,
    },
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let What::Ics {
        days,
        output,
        force,
    } = &args.what;
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
    let feed = crate::render::ics::calendar(&session.index, &session.vault.config, *days);
    match output {
        Some(path) => {
            may_replace(&session.vault.root, path, *force)?;
            atomic::apply(path, |_| Ok(Outcome::Write(feed.clone())))?;
        }
        None => print(&feed)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether the feed may go to `path`: never over or as a Markdown note of
/// the vault, never into anything but a regular file, and over an existing
/// file only if it is a calendar (a feed written before) or with `--force`.
fn may_replace(root: &Path, path: &Path, force: bool) -> Result<(), CliError> {
    if output::is_note_of_vault(root, path) {
        return Err(CliError::CalendarOverNote(path.to_path_buf()));
    }
    if force {
        return Ok(output::check(path).map(|_| ())?);
    }
    match output::read(path)? {
        Some(text)
            if !text
                .trim_start_matches('\u{feff}')
                .starts_with("BEGIN:VCALENDAR") =>
        {
            Err(CliError::NotCalendar(path.to_path_buf()))
        }
        _ => Ok(()),
    }
}
