//! `netkeep show WHO`

use super::{print, Cli, CliError, DocFormat, Session};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The contact: id, alias or name, in any case
    pub who: String,

    /// Output format
    #[arg(long, value_enum, default_value_t = DocFormat::Text)]
    pub format: DocFormat,
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
    let contact = session.contact(&args.who)?;
    let state = crate::plan::contact_state(&session.index, contact, &session.vault.config);
    // Every special day of this contact, each at its next occurrence.
    let special: Vec<_> = crate::plan::special_days::upcoming(&session.index, 366)
        .into_iter()
        .filter(|d| std::ptr::eq(d.contact, contact))
        .collect();
    print(&crate::render::show::render(
        &session.index,
        &state,
        &special,
        args.format.into(),
        session.paint,
    ))?;
    Ok(ExitCode::SUCCESS)
}
