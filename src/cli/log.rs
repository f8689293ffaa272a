//! `netkeep log WHO TEXT`: one dated entry in WHO's log.

use super::{one_line_arg, print_done, Cli, CliError, Session};
use crate::write::atomic::{self, EditError, Outcome};
use crate::write::edit;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The contact: id, alias or name, or a first name, last name or start of one that fits only one contact (any case, any accents)
    pub who: String,

    /// What happened (the rest of the line)
    #[arg(required = true, num_args = 1.., value_parser = one_line_arg)]
    pub text: Vec<String>,

    /// The day it happened [default: today]
    #[arg(long, value_name = "DATE", value_parser = super::day::parse_day_arg, allow_hyphen_values = true)]
    pub date: Option<super::DayArg>,

    /// They reached out (`<-`)
    #[arg(long = "in", conflicts_with = "outbound")]
    pub inbound: bool,

    /// You reached out (`->`)
    #[arg(long = "out")]
    pub outbound: bool,

    /// The channel, as a tag: email, call, coffee, ...
    #[arg(long, value_name = "TAG", value_parser = one_line_arg)]
    pub via: Option<String>,
}

/// The entry's text after its date: arrow, words, channel tag.
pub(super) fn entry_text(args: &Args) -> String {
    let arrow = if args.inbound {
        "<- "
    } else if args.outbound {
        "-> "
    } else {
        ""
    };
    let mut text = format!("{arrow}{}", args.text.join(" ").trim());
    if let Some(via) = &args.via {
        let tag = via.trim().trim_start_matches('#').replace(' ', "-");
        if !tag.is_empty() {
            text.push_str(&format!(" #{tag}"));
        }
    }
    text
}

/// The note WHO names by its file name, found without reading the vault:
/// the one contact note whose stem is WHO (ids win over aliases and names,
/// as in the index). `None` sends the caller to the full look-up, which
/// also knows aliases, names, ambiguity and suggestions.
fn by_file_name(cli: &Cli, who: &str) -> Option<(std::path::PathBuf, String, chrono::NaiveDate)> {
    let vault = cli.open_vault().ok()?;
    if !vault.config_diagnostics.is_empty() {
        return None;
    }
    let today = cli.today();
    let loaded = vault.load_named(who, today);
    let mut found = loaded.notes.into_iter().filter(|n| n.is_contact);
    let one = found.next()?;
    // Two notes with that id is a duplicate the full look-up reports.
    found
        .next()
        .is_none()
        .then_some((vault.root, one.path, today))
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let (root, rel, today) = match by_file_name(cli, &args.who) {
        Some(found) => found,
        None => {
            let session = Session::open(cli, false)?;
            let contact = session.contact(&args.who)?;
            let rel = session.index.note(contact).path.clone();
            (session.vault.root.clone(), rel, session.index.today)
        }
    };
    let date = args.date.map_or(today, |day| day.on(today));
    let rest = entry_text(args);
    atomic::apply_to_note(&root, &root.join(&rel), |old| match old {
        Some(text) => Ok(Outcome::Write(edit::add_log_entry(text, date, &rest))),
        None => Err(EditError::Gone),
    })?;
    print_done(&format!("{rel}: {date} {rest}\n"));
    Ok(ExitCode::SUCCESS)
}
