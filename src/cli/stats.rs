//! `netkeep stats`

use super::{print, Cli, CliError, Session, TableFormat};
use crate::write::atomic::{self, Outcome};
use crate::write::output;
use std::path::{Path, PathBuf};
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

    /// Draw touches by month and by circle into FILE, an SVG picture, instead
    /// of printing the report (an Obsidian note shows it with ![[FILE]])
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    pub chart: Option<PathBuf>,
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
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
    if let Some(file) = &args.chart {
        may_draw(&session.vault.root, file)?;
        let svg = crate::render::chart::svg(&stats)?;
        atomic::apply(file, |_| Ok(Outcome::Write(svg.clone())))?;
        eprintln!("netkeep: drew the chart to {}", file.display());
        return Ok(ExitCode::SUCCESS);
    }
    print(&crate::render::stats::render(
        &session.index,
        &stats,
        args.format.into(),
        session.paint,
        std::io::IsTerminal::is_terminal(&std::io::stdout()),
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Whether the chart may go to `file`: into a folder that exists, never
/// over a Markdown note of the vault, and over an existing file only if it
/// is a picture in SVG (a chart drawn before), so that no other file is
/// lost to a mistyped name.
fn may_draw(root: &Path, file: &Path) -> Result<(), CliError> {
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(CliError::NoChartFolder {
            file: file.to_path_buf(),
            folder: folder.to_path_buf(),
        });
    }
    if output::is_note_of_vault(root, file) {
        return Err(CliError::ChartOverNote(file.to_path_buf()));
    }
    match output::read(file) {
        Ok(Some(text)) if !text.contains("<svg") => Err(CliError::NotSvg(file.to_path_buf())),
        Ok(_) => Ok(()),
        // Not text (a PNG under that name): not netkeep's to replace.
        Err(output::OutputError::NotText { .. }) => Err(CliError::NotSvg(file.to_path_buf())),
        Err(e) => Err(e.into()),
    }
}
