//! `netkeep review`

use super::{print, Cli, CliError, DocFormat, Session};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format: md is a checklist to paste into a note, text is for
    /// reading in a terminal
    #[arg(long, value_enum, default_value_t = DocFormat::Md)]
    pub format: DocFormat,
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
    let review = crate::plan::review::review(&session.index, &session.vault.config);
    print(&crate::render::review::render(
        session.index.today,
        &review,
        args.format.into(),
        session.paint,
    ))?;
    Ok(ExitCode::SUCCESS)
}
