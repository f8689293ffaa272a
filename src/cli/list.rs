//! `netkeep list`

use super::{print, Cli, CliError, Session, TableFormat};
use crate::plan::list::{Filter, Where};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only contacts in this circle
    #[arg(long)]
    pub circle: Option<String>,

    /// Only contacts with this front-matter tag
    #[arg(long)]
    pub tag: Option<String>,

    /// Only contacts whose field matches: key=value, key!=value or
    /// key~text (ignoring case); repeat to combine
    #[arg(long = "where", value_name = "FILTER", value_parser = parse_where)]
    pub wheres: Vec<Where>,

    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
}

fn parse_where(s: &str) -> Result<Where, String> {
    s.parse()
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
    let filter = Filter {
        circle: args.circle.clone(),
        tag: args.tag.clone(),
        wheres: args.wheres.clone(),
    };
    let states: Vec<_> = crate::plan::states(&session.index, &session.vault.config)
        .into_iter()
        .filter(|s| filter.matches(s))
        .collect();
    crate::timings::phase("plan");
    if args.format == super::TableFormat::Json {
        // Megabytes on a large vault: written as they are made. A closed
        // pipe (`netkeep list | head`) is not an error; a full disk is.
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
        let written = crate::render::list::write_json(&session.index, &states, &mut out)
            .and_then(|()| std::io::Write::flush(&mut out));
        crate::timings::phase("render and print");
        super::printed(written)?;
        return Ok(ExitCode::SUCCESS);
    }
    print(&crate::render::list::render(
        &session.index,
        &states,
        args.format.into(),
        session.paint,
    ))?;
    Ok(ExitCode::SUCCESS)
}
