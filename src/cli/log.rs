//! `netkeep log WHO TEXT`: one dated entry in WHO's log.

use super::{parse_date_arg, print, Cli, CliError, Session};
use crate::write::atomic::{self, Outcome};
use crate::write::edit;
use chrono::NaiveDate;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The contact: id, alias or name, in any case
    pub who: String,

    /// What happened (the rest of the line)
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,

    /// The day it happened [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,

    /// They reached out (`<-`)
    #[arg(long = "in", conflicts_with = "outbound")]
    pub inbound: bool,

    /// You reached out (`->`)
    #[arg(long = "out")]
    pub outbound: bool,

    /// The channel, as a tag: email, call, coffee, ...
    #[arg(long, value_name = "TAG")]
    pub via: Option<String>,
}

/// The entry's text after its date: arrow, words, channel tag.
pub fn entry_text(args: &Args) -> String {
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

pub fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    let contact = session.contact(&args.who)?;
    let note = session.index.note(contact);
    let date = args.date.unwrap_or(session.index.today);
    let rest = entry_text(args);
    let path = session.root.join(&note.path);
    atomic::apply(&path, |old| match old {
        Some(text) => Ok(Outcome::Write(edit::add_log_entry(text, date, &rest))),
        None => Err("the note is gone; nothing was written".to_string()),
    })?;
    print(&format!("{}: {date} {rest}\n", note.path));
    Ok(ExitCode::SUCCESS)
}
