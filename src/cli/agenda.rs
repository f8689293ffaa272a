//! `netkeep agenda`, to stdout or into a note (`--write FILE`).

use super::{print, AgendaFormat, Cli, CliError, Session};
use crate::config::Config;
use crate::index::Index;
use crate::render::Format;
use crate::write::agenda::{harvest, write_agenda, AgendaWrite};
use crate::write::edit;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many contacts to reach out to [default: config daily_budget,
    /// else weekly_budget / 7]
    #[arg(long, value_name = "N")]
    pub max: Option<usize>,

    /// How many days ahead to list special days and plans
    #[arg(long, value_name = "N", default_value_t = 14, value_parser = super::days_arg)]
    pub days: u32,

    /// Output format
    #[arg(long, value_enum, default_value_t = AgendaFormat::Md)]
    pub format: AgendaFormat,

    /// Write the agenda into FILE between netkeep's markers, recording
    /// first what you ticked there
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    pub write: Option<PathBuf>,
}

/// Plans and renders the agenda: at most `max` reach-outs (default: the
/// config's daily budget), special days and plans in the next `days`.
pub(super) fn render(
    index: &Index,
    config: &Config,
    max: Option<usize>,
    days: u32,
    format: Format,
) -> String {
    let max = max.unwrap_or_else(|| config.agenda_max());
    let agenda = crate::plan::agenda::agenda(index, config, max, days);
    crate::render::agenda::render(index, &agenda, format)
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
    match &args.write {
        Some(file) => write(cli, args, session, file),
        None => {
            let format = match args.format {
                AgendaFormat::Md => Format::Md,
                AgendaFormat::Json => Format::Json,
            };
            print(&render(
                &session.index,
                &session.vault.config,
                args.max,
                args.days,
                format,
            ))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Records the ticks in `file`, then rewrites its region. A tick that
/// cannot be recorded keeps the region as it is, and so does a tick made
/// while netkeep planned (it is recorded in the next round), so no tick is
/// lost.
fn write(cli: &Cli, args: &Args, mut session: Session, file: &Path) -> Result<ExitCode, CliError> {
    let written = write_agenda(file, |text| {
        let text = text.unwrap_or_default();
        edit::find_region(text).map_err(|source| CliError::Region {
            path: file.to_path_buf(),
            source,
        })?;
        match harvest(&session.vault.root, &session.index, text) {
            Ok(done) => {
                for r in &done {
                    eprintln!("netkeep: {r}");
                }
                if !done.is_empty() {
                    // The vault changed: plan from what it says now.
                    session = Session::open(cli, false)?;
                }
            }
            Err(failed) => {
                for message in &failed {
                    eprintln!("netkeep: error: {message}");
                }
                return Err(CliError::Unrecorded {
                    file: file.to_path_buf(),
                    count: failed.len(),
                });
            }
        }
        Ok(render(
            &session.index,
            &session.vault.config,
            args.max,
            args.days,
            Format::Md,
        ))
    })?;
    match written {
        AgendaWrite::Written(_) => {
            eprintln!("netkeep: wrote the agenda to {}", file.display());
            Ok(ExitCode::SUCCESS)
        }
        AgendaWrite::Unchanged(_) => Ok(ExitCode::SUCCESS),
        AgendaWrite::TicksKeptComing => Err(CliError::TicksKeptComing(file.to_path_buf())),
    }
}
