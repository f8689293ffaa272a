//! `netkeep show WHO`

use super::{print, Cli, CliError, DocFormat, Session};
use crate::index::{Contact, Source};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The contact: id, alias or name, or a first name, last name or start of one that fits only one contact (any case, any accents)
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
    let texts = touch_texts(&session, contact);
    print(&crate::render::show::render(
        &session.index,
        &state,
        &special,
        &texts,
        args.format.into(),
        session.paint,
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The text of each recent touch `show` lists. The index keeps the text of
/// follow-ups and plans only (a large vault has millions of past entries),
/// so the few notes these touches are in are read again, parsed as of the
/// earliest day, when every entry's text is kept; the entries are the same
/// whatever the day. A touch from a meeting's front matter reads as the
/// meeting's name.
fn touch_texts(session: &Session, contact: &Contact) -> HashMap<Source, String> {
    let index = &session.index;
    let mut reread: HashMap<u32, Option<crate::note::Note>> = HashMap::new();
    let mut texts = HashMap::new();
    for touch in index
        .touches(contact)
        .rev()
        .take(crate::render::show::RECENT)
    {
        let text = match touch.source {
            Source::Front { note, .. } => Some(index.notes[note as usize].name().to_string()),
            Source::Entry { note, entry } => {
                let indexed = &index.notes[note as usize];
                let again = reread
                    .entry(note)
                    .or_insert_with(|| session.vault.load_file(&indexed.path, NaiveDate::MIN).ok());
                again.as_ref().and_then(|again| {
                    // The note may have changed since it was indexed (or
                    // cached): a text is shown only for the same entry.
                    let same = again.entries.get(entry as usize).map(|e| (e.line, e.date))
                        == indexed
                            .entries
                            .get(entry as usize)
                            .map(|e| (e.line, e.date));
                    same.then(|| again.text(entry as usize))
                        .flatten()
                        .map(str::to_string)
                })
            }
        };
        if let Some(text) = text {
            texts.insert(touch.source, text);
        }
    }
    texts
}
