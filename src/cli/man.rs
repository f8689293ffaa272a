//! `netkeep man [COMMAND]`: the manual page, netkeep(1) or one command's
//! (netkeep-show(1), ...), as roff on stdout (clap_mangen).

use super::{print, Cli, CliError};
use clap::CommandFactory;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The command whose page to print [default: netkeep(1), which lists
    /// them all]
    pub command: Option<String>,
}

pub(super) fn run(args: &Args) -> Result<ExitCode, CliError> {
    match page(args.command.as_deref()) {
        Some(roff) => {
            print(&roff)?;
            Ok(ExitCode::SUCCESS)
        }
        None => Err(CliError::NoManPage(
            args.command.clone().unwrap_or_default(),
        )),
    }
}

/// The page of `command`, or of netkeep itself. Made from the command line
/// as built, never with the `NETKEEP_*` defaults of whoever runs it.
pub(crate) fn page(command: Option<&str>) -> Option<String> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    // Built, each command carries the global options and its full name
    // (`netkeep-show`), as clap_mangen's own `generate_to` has them.
    cmd.build();
    let cmd = match command {
        None => cmd,
        Some(name) => cmd
            .get_subcommands()
            .find(|sub| sub.get_name() == name)?
            .clone(),
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out).ok()?;
    Some(String::from_utf8_lossy(&out).into_owned())
}
