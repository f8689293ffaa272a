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

    /// Print only each contact's name, one a line, sorted (the id where
    /// two share a name): what shell completion offers for WHO
    #[arg(long, conflicts_with = "format")]
    pub names: bool,
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
    if args.names {
        let names = names(states.iter().map(|s| (s.id(), s.name())));
        return print(&names.join("")).map(|()| ExitCode::SUCCESS);
    }
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

/// Each contact's name, or its id where two share the name ignoring case
/// (a name that picks no one is no use to complete), sorted, one a line.
fn names<'a>(contacts: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    let contacts: Vec<(&str, &str)> = contacts.collect();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (_, name) in &contacts {
        *seen.entry(name.to_lowercase()).or_default() += 1;
    }
    let mut out: Vec<String> = contacts
        .iter()
        .map(|(id, name)| {
            let shown = if seen.get(&name.to_lowercase()) == Some(&1) {
                name
            } else {
                id
            };
            // A name on two lines would be two names to a shell.
            format!("{}\n", crate::render::one_line(shown).trim())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_for_completion_are_sorted_and_a_shared_name_gives_the_ids() {
        let contacts = [
            ("ana", "Ana Lima"),
            ("al-1", "Al"),
            ("al-2", "al"),
            ("Ben", "Ben\nOkafor"),
        ];
        assert_eq!(
            super::names(contacts.into_iter()),
            ["Ana Lima\n", "Ben Okafor\n", "al-1\n", "al-2\n"]
        );
    }
}
