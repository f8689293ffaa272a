//! `netkeep new NAME`: a contact note from a template; never overwrites.

use super::{one_line_arg, print_done, Cli, CliError, Session};
use crate::dates::{Cadence, YearlyDate};
use crate::write::new_note::{self, NewContact};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The contact's name; the file name is made from it
    #[arg(value_parser = one_line_arg)]
    pub name: String,

    /// The circle; one netkeep.toml does not define is refused (when it
    /// defines any) unless --new-circle is given
    #[arg(long, value_parser = one_line_arg)]
    pub circle: Option<String>,

    /// Take a --circle that netkeep.toml does not define yet
    #[arg(long, requires = "circle")]
    pub new_circle: bool,

    /// 10d, 2w, 3m, 1y, weekly, monthly, ...
    #[arg(long, value_parser = parse_cadence)]
    pub cadence: Option<String>,

    /// YYYY-MM-DD, or MM-DD without the year
    #[arg(long, value_parser = parse_birthday)]
    pub birthday: Option<String>,

    /// A front-matter tag; repeat for more
    #[arg(long = "tag", value_name = "TAG", value_parser = one_line_arg)]
    pub tags: Vec<String>,

    /// Where they work
    #[arg(long, value_parser = one_line_arg)]
    pub company: Option<String>,

    /// Their email address
    #[arg(long, value_parser = one_line_arg)]
    pub email: Option<String>,

    /// Their phone number
    #[arg(long, value_parser = one_line_arg)]
    pub phone: Option<String>,

    /// Where they live, a city or a country
    #[arg(long, value_parser = one_line_arg)]
    pub location: Option<String>,

    /// When you met [default: today]
    #[arg(long, value_name = "DATE", value_parser = super::day::parse_day_arg, allow_hyphen_values = true)]
    pub met: Option<super::DayArg>,

    /// The folder, relative to the vault [default: the first contact folder]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

fn parse_cadence(s: &str) -> Result<String, String> {
    Cadence::parse(s).map(|c| c.written)
}

fn parse_birthday(s: &str) -> Result<String, String> {
    YearlyDate::parse(s)
        .map(|y| y.to_string())
        .ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD, or MM-DD"))
}

/// `rel` as a folder inside the vault: relative, no `..`, no control
/// characters (a folder named with a newline breaks every listing of it).
fn inside(rel: &Path) -> Result<PathBuf, CliError> {
    let ok = rel
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        && !rel.to_string_lossy().chars().any(char::is_control);
    if ok {
        Ok(rel.to_path_buf())
    } else {
        Err(CliError::BadDir(
            rel.to_string_lossy().escape_debug().to_string(),
        ))
    }
}

/// The existing folder under `root` that matches `rel` ignoring case, one
/// component at a time; parts that do not exist are kept as written.
fn existing_case(root: &Path, rel: &str) -> PathBuf {
    let mut path = root.to_path_buf();
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        let found = std::fs::read_dir(&path).ok().and_then(|entries| {
            entries
                .flatten()
                .find(|e| e.file_name().to_string_lossy().to_lowercase() == part.to_lowercase())
                .map(|e| e.file_name())
        });
        path.push(found.unwrap_or_else(|| part.into()));
    }
    path
}

/// Refuses a folder that a symlink on its way leads out of the vault
/// (`root`, canonical): the part of it that exists already must resolve
/// to a folder inside. The rest is created as plain folders under it.
fn stays_inside(root: &Path, folder: &Path) -> Result<(), CliError> {
    let shown = crate::vault::relative(root, folder);
    let existing = folder
        .ancestors()
        .find(|p| p.symlink_metadata().is_ok())
        .unwrap_or(root);
    match existing.canonicalize() {
        Ok(real) if real.starts_with(root) => Ok(()),
        Ok(real) => Err(CliError::DirOutsideVault {
            shown: shown.to_string(),
            real,
        }),
        Err(source) => Err(CliError::DirUnresolved {
            shown: shown.to_string(),
            rel: crate::vault::relative(root, existing),
            source,
        }),
    }
}

/// The folder new contact notes go in: `dir` (relative to the vault),
/// else the first contact folder the vault has, else the first named. It
/// must stay inside the vault.
pub(super) fn contact_folder(session: &Session, dir: Option<&Path>) -> Result<PathBuf, CliError> {
    let folder = match dir {
        Some(dir) => session.vault.root.join(inside(dir)?),
        None => {
            let dirs = &session.vault.config.contact_dirs;
            let existing = dirs
                .iter()
                .map(|d| existing_case(&session.vault.root, d))
                .find(|p| p.is_dir());
            existing.unwrap_or_else(|| {
                existing_case(
                    &session.vault.root,
                    dirs.first().map_or("people", String::as_str),
                )
            })
        }
    };
    stays_inside(&session.vault.root, &folder)?;
    Ok(folder)
}

/// The vault's template for new contacts (`new_template`), if it names one.
pub(super) fn template(session: &Session) -> Result<Option<String>, CliError> {
    let Some(template) = &session.vault.config.new_template else {
        return Ok(None);
    };
    let path = session.vault.root.join(inside(Path::new(template))?);
    // Bounded, and never a FIFO or device, like any file netkeep is told
    // to read.
    crate::write::output::read(&path)
        .map_err(CliError::Template)?
        .ok_or(CliError::NoTemplate(path))
        .map(Some)
}

/// A new contact's note: the vault's template filled in, else the
/// built-in one.
pub(super) fn note_text(
    template: Option<&str>,
    contact: &NewContact,
    stem: &str,
    today: chrono::NaiveDate,
) -> String {
    match template {
        Some(template) => new_note::from_template(template, contact, today),
        None => new_note::built_in(contact, stem),
    }
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    if let Some(circle) = &args.circle {
        let config = &session.vault.config;
        if config.is_unknown_circle(circle) && !args.new_circle {
            return Err(CliError::UnknownCircle(
                config.unknown_circle_message(circle),
            ));
        }
    }
    let stem = new_note::file_stem(&args.name)?;
    if let Some(existing) = session.index.resolve(&stem) {
        return Err(CliError::Exists {
            stem,
            path: session.index.note(existing).path.clone(),
        });
    }
    let folder = contact_folder(&session, args.dir.as_deref())?;
    let contact = NewContact {
        name: args.name.trim().to_string(),
        circle: args.circle.clone(),
        cadence: args.cadence.clone(),
        birthday: args.birthday.clone(),
        tags: args.tags.clone(),
        company: args.company.clone(),
        email: args.email.clone(),
        phone: args.phone.clone(),
        location: args.location.clone(),
        met: Some(
            args.met
                .map_or(session.index.today, |day| day.on(session.index.today)),
        ),
    };
    let template = template(&session)?;
    let text = note_text(template.as_deref(), &contact, &stem, session.index.today);
    std::fs::create_dir_all(&folder).map_err(|source| CliError::Folder {
        path: folder.clone(),
        source,
    })?;
    let path = folder.join(format!("{stem}.md"));
    crate::write::atomic::create_new(&path, &text)?;
    print_done(&format!(
        "{}\n",
        crate::vault::relative(&session.vault.root, &path)
    ));
    Ok(ExitCode::SUCCESS)
}
