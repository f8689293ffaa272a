//! `netkeep export ics` and `netkeep export vcard`

use super::{print, Cli, CliError, Session};
use crate::import::vcard::Card;
use crate::note::front_matter::{normalise_key, split, Key, KeySpellings};
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
    /// Every contact as a vCard 4.0, for a phone or another CRM
    Vcard {
        /// Write the cards to FILE instead of stdout
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,

        /// Replace FILE even when it is not a vCard file (never a note of
        /// the vault)
        #[arg(long, requires = "output")]
        force: bool,
    },
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
    let (text, output, force, kind) = match &args.what {
        What::Ics {
            days,
            output,
            force,
        } => {
            let feed = crate::render::ics::calendar(&session.index, &session.vault.config, *days);
            (feed, output, *force, Kind::Calendar)
        }
        What::Vcard { output, force } => (vcards(&session), output, *force, Kind::Vcard),
    };
    match output {
        Some(path) => {
            may_replace(&session.vault.root, path, force, kind)?;
            atomic::apply(path, |_| Ok(Outcome::Write(text.clone())))?;
        }
        None => print(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// What an export writes, so that it replaces only its own kind of file.
#[derive(Clone, Copy)]
enum Kind {
    Calendar,
    Vcard,
}

/// Every contact as a vCard, by id.
fn vcards(session: &Session) -> String {
    let mut out = String::new();
    for c in &session.index.contacts {
        let note = session.index.note(c);
        let text = std::fs::read_to_string(session.vault.root.join(&note.path)).unwrap_or_default();
        let lists = front_lists(&text, &session.vault.config.keys);
        let f = &note.front;
        let or_first = |all: Vec<String>, first: &Option<String>| {
            if all.is_empty() {
                first.iter().cloned().collect()
            } else {
                all
            }
        };
        let card = Card {
            uid: format!("urn:netkeep:{:016x}", crate::stable_hash(&[&note.id])),
            name: note.name().to_string(),
            aliases: f.aliases.clone(),
            emails: or_first(lists.emails, &f.email),
            phones: or_first(lists.phones, &f.phone),
            company: f.company.clone(),
            role: f.role.clone(),
            location: f.location.clone(),
            birthday: f.birthday,
            dates: f.dates.clone(),
            tags: f.tags.clone(),
            urls: lists.urls,
        };
        out.push_str(&crate::import::vcard::write(&card));
    }
    out
}

/// What the index keeps one of (e-mail, phone) or not at all (web
/// addresses), read from a note's front matter (`email: [a, b]`, or under
/// another spelling). `import` matches people by them too.
#[derive(Default)]
pub(super) struct Lists {
    pub(super) emails: Vec<String>,
    pub(super) phones: Vec<String>,
    urls: Vec<String>,
}

pub(super) fn front_lists(text: &str, spellings: &KeySpellings) -> Lists {
    let mut lists = Lists::default();
    let Some(yaml) = split(text).yaml else {
        return lists;
    };
    let Ok(yaml_serde::Value::Mapping(map)) = yaml_serde::from_str::<yaml_serde::Value>(yaml)
    else {
        return lists;
    };
    let texts = |v: &yaml_serde::Value| -> Vec<String> {
        let one = |v: &yaml_serde::Value| match v {
            yaml_serde::Value::String(s) => Some(s.clone()),
            yaml_serde::Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        match v {
            yaml_serde::Value::Sequence(items) => items.iter().filter_map(one).collect(),
            other => one(other).into_iter().collect(),
        }
    };
    for (k, v) in &map {
        let Some(k) = k.as_str() else { continue };
        match Key::read(k, spellings) {
            Some(Key::Email) => lists.emails.extend(texts(v)),
            Some(Key::Phone) => lists.phones.extend(texts(v)),
            None if matches!(
                normalise_key(k).as_str(),
                "url" | "website" | "linkedin" | "urls"
            ) =>
            {
                lists.urls.extend(texts(v))
            }
            _ => {}
        }
    }
    lists
}

/// Whether the feed may go to `path`: never over or as a Markdown note of
/// the vault, never into anything but a regular file, and over an existing
/// file only if it is a calendar (a feed written before) or with `--force`.
fn may_replace(root: &Path, path: &Path, force: bool, kind: Kind) -> Result<(), CliError> {
    if output::is_note_of_vault(root, path) {
        return Err(CliError::CalendarOverNote(path.to_path_buf()));
    }
    let (begin, not_ours): (&str, fn(PathBuf) -> CliError) = match kind {
        Kind::Calendar => ("BEGIN:VCALENDAR", CliError::NotCalendar),
        Kind::Vcard => ("BEGIN:VCARD", CliError::NotVcard),
    };
    if force {
        return Ok(output::check(path).map(|_| ())?);
    }
    match output::read(path)? {
        Some(text)
            if !text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with(begin) =>
        {
            Err(not_ours(path.to_path_buf()))
        }
        _ => Ok(()),
    }
}
