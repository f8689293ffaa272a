//! `netkeep import SOURCE FILE`: contact notes from another tool's export,
//! made the way `new` makes them; a person already in the vault is never
//! written over.

use super::new::{contact_folder, note_text, template};
use super::{one_line_arg, Cli, CliError, Session};
use crate::import::matcher::Matcher;
use crate::import::{Person, Source};
use crate::note::front_matter::split;
use crate::write::atomic::{self, Creator, Outcome};
use crate::write::edit::line_ending;
use crate::write::fill_keys::fill_missing;
use crate::write::new_note::{self, NewContact};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceArg {
    /// vCard 2.1, 3.0 or 4.0 (.vcf), one or many cards
    Vcard,
    /// LinkedIn's Connections.csv
    Linkedin,
    /// Google Contacts CSV (current or older headers)
    Google,
    /// Outlook CSV
    Outlook,
    /// Any CSV: headers that are netkeep's keys, or --map COLUMN=KEY
    Csv,
}

impl From<SourceArg> for Source {
    fn from(s: SourceArg) -> Source {
        match s {
            SourceArg::Vcard => Source::Vcard,
            SourceArg::Linkedin => Source::Linkedin,
            SourceArg::Google => Source::Google,
            SourceArg::Outlook => Source::Outlook,
            SourceArg::Csv => Source::Csv,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What made the file
    #[arg(value_enum)]
    pub source: SourceArg,

    /// The export to read
    pub file: PathBuf,

    /// The circle of every imported contact
    #[arg(long, value_parser = one_line_arg)]
    pub circle: Option<String>,

    /// A tag for every imported contact; repeat for more
    #[arg(long = "tag", value_name = "TAG", value_parser = one_line_arg)]
    pub tags: Vec<String>,

    /// A CSV column's key: `--map "Where=location"`; repeat for more
    #[arg(long = "map", value_name = "COLUMN=KEY", value_parser = parse_map)]
    pub map: Vec<(String, String)>,

    /// Fill the keys a contact already in the vault lacks (never changes a
    /// value it has)
    #[arg(long)]
    pub update: bool,

    /// Print what would be created, updated and skipped; write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// The folder, relative to the vault [default: the first contact folder]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

fn parse_map(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((c, k)) if !c.trim().is_empty() && !k.trim().is_empty() => {
            Ok((c.trim().to_string(), k.trim().to_string()))
        }
        _ => Err(format!("`{s}` is not COLUMN=KEY")),
    }
}

/// Who a person read from the file turned out to be.
#[derive(Debug, Clone)]
enum Known {
    /// A contact of the vault: its id and path (relative to the root).
    Vault { id: String, path: String },
    /// Someone earlier in this file: their index among the new people.
    New(usize),
}

/// A person of the file already in the vault.
struct Duplicate {
    line: u32,
    person: Person,
    id: String,
    path: String,
}

/// Counts for the summary line.
#[derive(Default)]
struct Tally {
    created: usize,
    updated: usize,
    duplicates: usize,
    merged: usize,
    /// Why records could not be read, and how many for each reason.
    unreadable: BTreeMap<String, usize>,
}

impl Tally {
    fn unreadable(&mut self, why: &str) {
        *self.unreadable.entry(why.to_string()).or_default() += 1;
    }

    fn line(&self, file: &str, dry_run: bool) -> String {
        let would = if dry_run { "would be " } else { "" };
        let bad: usize = self.unreadable.values().sum();
        let reasons = if bad == 0 {
            String::new()
        } else {
            let list: Vec<String> = self
                .unreadable
                .iter()
                .map(|(why, n)| format!("{why}: {n}"))
                .collect();
            format!(" ({})", list.join("; "))
        };
        let merged = if self.merged == 0 {
            String::new()
        } else {
            format!(
                ", {} row{} merged into another of the same person",
                self.merged,
                if self.merged == 1 { "" } else { "s" }
            )
        };
        format!(
            "{file}: {would}{} created, {} updated, {} skipped as duplicates, {bad} unreadable{reasons}{merged}\n",
            self.created, self.updated, self.duplicates
        )
    }
}

/// The export's text: UTF-8 (a BOM is fine), or UTF-16 with its BOM as
/// Outlook can save it.
fn read_export(path: &Path) -> Result<String, CliError> {
    let shown = path.display().to_string();
    let unreadable = |message: String| CliError::Unreadable {
        path: shown.clone(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if !meta.is_file() {
        return Err(unreadable("is not a regular file".into()));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    let utf16 = |bytes: &[u8], le: bool| -> Option<String> {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).ok()
    };
    let decoded = match bytes.as_slice() {
        [0xff, 0xfe, rest @ ..] => utf16(rest, true),
        [0xfe, 0xff, rest @ ..] => utf16(rest, false),
        _ => None,
    };
    if let Some(text) = decoded {
        return Ok(text);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = 1 + memchr::memchr_iter(b'\n', good).count();
        CliError::NotFormat {
            file: shown.clone(),
            line: crate::diagnostic::to_u32(line),
            message: "is not UTF-8 text; save the export as UTF-8".into(),
        }
    })
}

/// Everyone the vault knows, for the matcher.
fn known_people(session: &Session) -> Matcher<Known> {
    let mut m = Matcher::default();
    let spellings = &session.vault.config.keys;
    for c in &session.index.contacts {
        let note = session.index.note(c);
        let text = std::fs::read_to_string(session.vault.root.join(&note.path)).unwrap_or_default();
        let super::export::Lists {
            mut emails,
            mut phones,
            ..
        } = super::export::front_lists(&text, spellings);
        emails.extend(note.front.email.clone());
        phones.extend(note.front.phone.clone());
        let names = [note.id.as_str(), note.name()]
            .into_iter()
            .chain(note.front.aliases.iter().map(String::as_str));
        m.add(
            Known::Vault {
                id: note.id.clone(),
                path: note.path.clone(),
            },
            names,
            emails.iter().map(String::as_str),
            phones.iter().map(String::as_str),
        );
    }
    m
}

/// A new contact's note: the template (or built-in one) filled as `new`
/// fills it, then every key the template has no place for, then the
/// export's notes at the end of the body.
fn new_note_text(person: &Person, stem: &str, template: Option<&str>, session: &Session) -> String {
    let single = |v: &[String]| match v {
        [one] => Some(one.clone()),
        _ => None,
    };
    let circle = person
        .other
        .iter()
        .find(|(k, _)| k == "circle")
        .map(|(_, v)| v.clone());
    let cadence = person
        .other
        .iter()
        .find(|(k, _)| k == "cadence")
        .map(|(_, v)| v.clone());
    let contact = NewContact {
        name: person.name.clone(),
        circle,
        cadence,
        birthday: person.birthday.clone(),
        tags: person.tags.clone(),
        company: person.company.clone(),
        // Several go in as a list, by the fill below.
        email: single(&person.emails),
        phone: single(&person.phones),
        location: person.location.clone(),
        met: person.met,
    };
    // The built-in template gets every key from the fill, in one order;
    // a vault's template gets what its placeholders ask for first.
    let contact = match template {
        Some(_) => contact,
        None => NewContact {
            name: person.name.clone(),
            ..NewContact::default()
        },
    };
    let text = note_text(template, &contact, stem, session.index.today);
    let mut text = match fill_missing(&text, &person.fields(stem), &session.vault.config.keys) {
        Ok(Some(filled)) => filled,
        _ => text,
    };
    if let Some(note) = &person.note {
        let le = line_ending(&text);
        if !text.is_empty() && !text.ends_with('\n') {
            text.push_str(le);
        }
        let body: Vec<&str> = note.lines().collect();
        text.push_str(&format!("{le}## Notes{le}{le}{}{le}", body.join(le)));
    }
    text
}

fn out(text: &str) {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    // A closed pipe stops the printing, not the import.
    let _ = lock.write_all(text.as_bytes());
}

fn progress(len: usize) -> indicatif::ProgressBar {
    // A few hundred notes are written before a bar would be seen.
    if len <= 300 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} notes ({eta} left)")
    {
        bar.set_style(style);
    }
    bar
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
    let source = Source::from(args.source);
    let file = args.file.display().to_string();
    let text = read_export(&args.file)?;
    let records =
        crate::import::read(source, &text, &args.map).map_err(|e| CliError::NotFormat {
            file: file.clone(),
            line: e.line,
            message: e.message,
        })?;
    let folder = contact_folder(&session, args.dir.as_deref())?;
    let root = &session.vault.root;
    let mut matcher = known_people(&session);
    let mut tally = Tally::default();
    let mut people: Vec<(u32, Person)> = Vec::new();
    let mut duplicates: Vec<Duplicate> = Vec::new();
    let mut report = String::new();
    // First the whole file: who is new, who is known, who is one person
    // with an earlier row.
    for record in records {
        for w in &record.warnings {
            eprintln!("{file}:{}:1: warning: {w}", record.line);
        }
        let mut person = match record.person {
            Ok(p) => p,
            Err(why) => {
                eprintln!("{file}:{}:1: warning: {why}; skipped", record.line);
                tally.unreadable(&why);
                continue;
            }
        };
        for t in &args.tags {
            crate::import::push_new(&mut person.tags, t.trim_start_matches('#'));
        }
        if let Some(c) = &args.circle {
            person.other.retain(|(k, _)| k != "circle");
            person.other.insert(0, ("circle".into(), c.clone()));
        }
        match matcher
            .find(&person)
            .and_then(|i| matcher.target(i).cloned().map(|t| (i, t)))
        {
            Some((_, Known::Vault { id, path })) => duplicates.push(Duplicate {
                line: record.line,
                person,
                id,
                path,
            }),
            Some((i, Known::New(j))) => {
                if let Some((first_line, first)) = people.get_mut(j) {
                    report.push_str(&format!(
                        "line {} ({}) is the same person as line {first_line}: one note\n",
                        record.line, person.name
                    ));
                    matcher.extend(i, &person);
                    first.merge(person);
                    tally.merged += 1;
                }
            }
            None => {
                matcher.add_person(Known::New(people.len()), &person);
                people.push((record.line, person));
            }
        }
    }
    drop(matcher);
    let verb = |done: &str, would: &str| {
        if args.dry_run {
            would.to_string()
        } else {
            done.to_string()
        }
    };
    // People already in the vault: reported, or filled with --update.
    for d in duplicates {
        if args.update {
            let path = root.join(&d.path);
            // Their name in the export is not theirs in the vault: the
            // note's own name stays.
            let mut fields = d.person.fields(&d.id);
            fields.retain(|(k, _)| k != "name");
            let mut filled_keys: Vec<String> = Vec::new();
            let mut refused = None;
            let edit = |old: Option<&str>| {
                let Some(old) = old else {
                    return Err(atomic::EditError::Gone);
                };
                match fill_missing(old, &fields, &session.vault.config.keys) {
                    Ok(Some(new)) => {
                        filled_keys = changed_keys(old, &new);
                        Ok(if args.dry_run {
                            Outcome::Keep
                        } else {
                            Outcome::Write(new)
                        })
                    }
                    Ok(None) => Ok(Outcome::Keep),
                    Err(e) => {
                        refused = Some(e);
                        Ok(Outcome::Keep)
                    }
                }
            };
            match atomic::apply_to_note(root, &path, edit) {
                Ok(_) if !filled_keys.is_empty() => {
                    tally.updated += 1;
                    report.push_str(&format!(
                        "{} {} (line {}): {}\n",
                        verb("updated", "would update"),
                        d.path,
                        d.line,
                        filled_keys.join(", ")
                    ));
                    continue;
                }
                Ok(_) => {
                    if let Some(e) = refused {
                        eprintln!("{}: warning: not updated: {e}", d.path);
                    }
                }
                Err(e) => eprintln!("netkeep: warning: {e}; {} not updated", d.path),
            }
        }
        tally.duplicates += 1;
        report.push_str(&format!(
            "{} line {} ({}): already in the vault as [[{}]]\n",
            verb("skipped", "would skip"),
            d.line,
            d.person.name,
            d.id
        ));
    }
    out(&report);
    // New people: one note each.
    let template = template(&session)?;
    let creator = if args.dry_run || people.is_empty() {
        None
    } else {
        std::fs::create_dir_all(&folder).map_err(|source| CliError::Folder {
            path: folder.clone(),
            source,
        })?;
        Some(Creator::new(&folder)?)
    };
    let bar = progress(if args.dry_run { 0 } else { people.len() });
    let mut stems: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut batch: Vec<(PathBuf, String, u32, String)> = Vec::new();
    for (line, person) in &people {
        let stem = match new_note::file_stem(&person.name) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{file}:{line}:1: warning: {e}; skipped");
                tally.unreadable("its name makes no file name");
                bar.inc(1);
                continue;
            }
        };
        let path = folder.join(format!("{stem}.md"));
        let rel = crate::vault::relative(root, &path);
        // Two people of the file whose names make one file name: the
        // second is not written over the first.
        if !stems.insert(stem.to_lowercase()) {
            eprintln!(
                "{file}:{line}:1: warning: {rel} is the note of another person in this file; {} skipped",
                person.name
            );
            tally.unreadable("its file name is taken");
            bar.inc(1);
            continue;
        }
        // A note of that name that is not a contact (outside the contact
        // folders, as with --dir elsewhere): most likely this person, and
        // never written over either way.
        if path.exists() {
            tally.duplicates += 1;
            let skipped = format!(
                "{} line {line} ({}): {rel} exists already\n",
                verb("skipped", "would skip"),
                person.name
            );
            bar.suspend(|| out(&skipped));
            bar.inc(1);
            continue;
        }
        let text = new_note_text(person, &stem, template.as_deref(), &session);
        batch.push((path, text, *line, rel));
        if batch.len() >= BATCH {
            write_batch(&mut batch, creator.as_ref(), &mut tally, &bar, &verb, &file);
        }
    }
    write_batch(&mut batch, creator.as_ref(), &mut tally, &bar, &verb, &file);
    bar.finish_and_clear();
    drop(creator);
    out(&tally.line(&file, args.dry_run));
    Ok(ExitCode::SUCCESS)
}

/// How many notes are written before they are flushed to disk together:
/// few enough that a killed import loses little, many enough that the
/// flush costs little per note.
const BATCH: usize = 512;

/// Writes the notes of `batch` (path, text, line in the export, path
/// shown) and empties it; in a dry run only counts them.
fn write_batch(
    batch: &mut Vec<(PathBuf, String, u32, String)>,
    creator: Option<&Creator>,
    tally: &mut Tally,
    bar: &indicatif::ProgressBar,
    verb: &dyn Fn(&str, &str) -> String,
    file: &str,
) {
    let results = match creator {
        Some(creator) => {
            let notes: Vec<(PathBuf, String)> = batch
                .iter_mut()
                .map(|(path, text, _, _)| (path.clone(), std::mem::take(text)))
                .collect();
            creator.create_all(&notes)
        }
        None => batch.iter().map(|_| Ok(())).collect(),
    };
    let mut report = String::new();
    for ((_, _, line, rel), result) in batch.drain(..).zip(results) {
        match result {
            Ok(()) => {
                tally.created += 1;
                report.push_str(&format!("{} {rel}\n", verb("created", "would create")));
            }
            Err(e) => {
                eprintln!("{file}:{line}:1: warning: {e}; skipped");
                tally.unreadable("the note could not be written");
            }
        }
        bar.inc(1);
    }
    bar.suspend(|| out(&report));
}

/// The keys `new` has that `old` had empty or not at all, for the report.
fn changed_keys(old: &str, new: &str) -> Vec<String> {
    let keys = |text: &str| -> Vec<(String, bool)> {
        split(text)
            .yaml
            .and_then(|y| yaml_serde::from_str::<yaml_serde::Mapping>(y).ok())
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| {
                        Some((
                            k.as_str()?.to_string(),
                            !matches!(v, yaml_serde::Value::Null),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = keys(old);
    keys(new)
        .into_iter()
        .filter(|(k, filled)| *filled && !before.iter().any(|(b, f)| b == k && *f))
        .map(|(k, _)| k)
        .collect()
}
