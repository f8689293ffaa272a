//! The command line: arguments (clap derive), opening the vault, and one
//! module per subcommand that plans and renders.

mod agenda;
mod check;
mod dates;
mod export;
mod import;
mod list;
mod log;
mod new;
mod overdue;
mod review;
mod show;
mod stats;
mod watch;

use crate::diagnostic::{Diagnostic, Kind, Level};
use crate::index::{Contact, Index};
use crate::render::{Format, Paint};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "netkeep",
    version,
    about = "Keep your network warm from a folder of Markdown notes",
    long_about = "netkeep reads a vault of Markdown notes (one per contact, with dated log \
                  entries) and tells you whom to reach out to, what you promised, whose \
                  special day is near and how your network is doing."
)]
pub struct Cli {
    /// The vault folder [default: the nearest folder up from here holding
    /// netkeep.toml or .obsidian/, else this folder]
    #[arg(long, global = true, env = "NETKEEP_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// The day to plan for, YYYY-MM-DD [default: the local date]
    #[arg(long, global = true, env = "NETKEEP_TODAY", value_name = "DATE", value_parser = parse_date_arg)]
    pub today: Option<NaiveDate>,

    /// Read every note, ignoring and not writing the cache of parsed notes
    // From the environment as shells write a switch: 1/0, true/false,
    // yes/no, on/off (clap's plain bool takes only true/false).
    #[arg(
        long,
        global = true,
        env = "NETKEEP_NO_CACHE",
        action = clap::ArgAction::SetTrue,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub no_cache: bool,

    /// Where to keep the cache of parsed notes [default: netkeep/ in the
    /// user's cache folder]
    #[arg(long, global = true, env = "NETKEEP_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// When to colour text output (never with NO_COLOR set)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Formats of reports that are tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Text,
    Md,
    Json,
    Csv,
}

/// Formats of reports about one thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    Text,
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AgendaFormat {
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

impl From<TableFormat> for Format {
    fn from(f: TableFormat) -> Format {
        match f {
            TableFormat::Text => Format::Text,
            TableFormat::Md => Format::Md,
            TableFormat::Json => Format::Json,
            TableFormat::Csv => Format::Csv,
        }
    }
}

impl From<DocFormat> for Format {
    fn from(f: DocFormat) -> Format {
        match f {
            DocFormat::Text => Format::Text,
            DocFormat::Md => Format::Md,
            DocFormat::Json => Format::Json,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The due contacts, most urgent first
    Overdue(overdue::Args),
    /// Today's agenda as Markdown task lines
    Agenda(agenda::Args),
    /// All contacts, filtered
    List(list::Args),
    /// One contact in full
    Show(show::Args),
    /// Special days coming up
    Dates(dates::Args),
    /// Lint the vault: errors and warnings with path:line:col
    Check(check::Args),
    /// Add a dated entry to a contact's log
    Log(log::Args),
    /// Create a contact note from a template (never overwrites)
    New(new::Args),
    /// The numbers: circles, touches out and in by month, reciprocity, channels, goal
    Stats(stats::Args),
    /// The periodic regroup, as a Markdown checklist
    Review(review::Args),
    /// Export the vault: `export ics` (dates), `export vcard` (contacts)
    Export(export::Args),
    /// Create contact notes from vCard, LinkedIn, Google, Outlook or any CSV
    Import(import::Args),
    /// Keep the agenda note current as notes change
    Watch(watch::Args),
}

pub(crate) fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    crate::dates::parse_date(s)
        .filter(|_| s.trim().len() == 10)
        .ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD"))
}

/// Text from the command line that goes into a note, which must stay one
/// line there: a newline or a bare CR would end the entry and start a line
/// the user never wrote (a forged entry, the end of the front matter). Tabs
/// become spaces; any other control character (C0, DEL, C1) or Unicode line
/// or paragraph separator is refused rather than silently dropped.
pub(crate) fn one_line_arg(s: &str) -> Result<String, String> {
    match s
        .chars()
        .find(|&c| (c.is_control() && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        Some(c) => Err(format!(
            "`{}` holds {}; netkeep writes text from the command line as one line",
            s.escape_debug(),
            match c {
                '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => "a line break".to_string(),
                c => format!("the control character U+{:04X}", u32::from(c)),
            }
        )),
        None => Ok(s.replace('\t', " ")),
    }
}

/// What went wrong that stops a command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("the vault folder {0} does not exist or is not a folder")]
    NoVault(PathBuf),
    #[error("netkeep.toml has errors; fix them or run `netkeep check`")]
    Config,
    #[error("no contact named `{who}`{}", suggest(.suggestions))]
    UnknownContact {
        who: String,
        suggestions: Vec<String>,
    },
    #[error("`{who}` could be several contacts: {}", .candidates.join(", "))]
    Ambiguous {
        who: String,
        candidates: Vec<String>,
    },
    #[error("cannot find the working directory: {0}")]
    Cwd(std::io::Error),
    #[error(transparent)]
    Write(#[from] crate::write::atomic::WriteError),
    #[error("{path}: {message}")]
    Unreadable { path: String, message: String },
    #[error("--since {since} is after --until {until}; swap them")]
    BadRange { since: NaiveDate, until: NaiveDate },
    #[error("--dir {0} must be a folder inside the vault, named without control characters")]
    BadDir(String),
    #[error("{shown} leads outside the vault (to {}) through a symlink; netkeep creates notes only inside the vault", .real.display())]
    DirOutsideVault { shown: String, real: PathBuf },
    #[error("{shown}: cannot tell where {rel} leads: {source}")]
    DirUnresolved {
        shown: String,
        rel: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Name(#[from] crate::write::new_note::NameError),
    #[error(
        "a contact `{stem}` already exists: {path}; pick another name, or `netkeep log` to it"
    )]
    Exists { stem: String, path: String },
    #[error("cannot read the template: {0}")]
    Template(crate::write::output::OutputError),
    #[error("cannot read the template {}: it does not exist (fix `new_template` in netkeep.toml)", .0.display())]
    NoTemplate(PathBuf),
    #[error("cannot use the folder {}: {source}", .path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Output(#[from] crate::write::output::OutputError),
    #[error("{}: {source}", .path.display())]
    Region {
        path: PathBuf,
        source: crate::write::edit::RegionError,
    },
    #[error("{} left as it is: {count} ticked item(s) could not be recorded", .file.display())]
    Unrecorded { file: PathBuf, count: usize },
    #[error("{}: the agenda was not rewritten: new ticks kept appearing while netkeep wrote it (every tick it saw is recorded); run again", .0.display())]
    TicksKeptComing(PathBuf),
    #[error("{}: is a Markdown note of the vault; netkeep never writes an export there (name a .ics or .vcf file)", .0.display())]
    CalendarOverNote(PathBuf),
    #[error("{}: exists and is not an iCalendar file; pass --force to replace it", .0.display())]
    NotCalendar(PathBuf),
    #[error("{}: exists and is not a vCard file; pass --force to replace it", .0.display())]
    NotVcard(PathBuf),
    #[error("the vault folder {} is gone", .0.display())]
    VaultGone(PathBuf),
    #[error("another netkeep watch ({holder}) already keeps {} current; stop it first", .file.display())]
    AnotherWatch { file: PathBuf, holder: String },
    #[error(transparent)]
    Lock(#[from] crate::write::lock::LockError),
    #[error("cannot watch: {0}")]
    Watch(#[from] notify::Error),
    #[error("{file}: line {line}: {message}; nothing was imported")]
    NotFormat {
        file: String,
        line: u32,
        message: String,
    },
    #[error("cannot write the report to stdout: {0}")]
    Stdout(std::io::Error),
}

fn suggest(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", names.join(", "))
    }
}

impl Cli {
    /// The folder that holds every vault's caches, unless `--no-cache`.
    pub fn cache_folder(&self) -> Option<PathBuf> {
        if self.no_cache {
            return None;
        }
        #[cfg(feature = "cache")]
        return match &self.cache_dir {
            Some(dir) => Some(dir.clone()),
            None => Some(dirs::cache_dir()?.join("netkeep")),
        };
        // Built without the cache: `--no-cache` and `--cache-dir` are
        // accepted and change nothing.
        #[cfg(not(feature = "cache"))]
        None
    }

    /// Finds the vault and reads its config ([`crate::open::Vault::open`]).
    pub fn open_vault(&self) -> Result<crate::open::Vault, CliError> {
        let cwd = std::env::current_dir().map_err(CliError::Cwd)?;
        crate::open::Vault::open(self.vault.as_deref(), &cwd, self.cache_folder().as_deref())
            .map_err(|e| CliError::NoVault(e.0))
    }

    /// The day reports are for: `--today`, else the local date.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// An opened vault: config, index and what reading them said.
pub struct Session {
    /// Its root and config.
    pub vault: crate::open::Vault,
    /// Files that could not be read or walked.
    pub read_diagnostics: Vec<Diagnostic>,
    /// How many notes each skip rule left out of the walk (for `check`).
    pub skipped: Vec<crate::skip::Skipped>,
    /// Never dropped: freeing millions of entries one by one just before
    /// the process exits would cost a large vault tens of milliseconds.
    pub index: std::mem::ManuallyDrop<Index>,
    pub paint: Paint,
}

impl Session {
    /// Opens the vault. Config errors stop every command but `check`,
    /// which reports them (`tolerate_config`).
    pub fn open(cli: &Cli, tolerate_config: bool) -> Result<Session, CliError> {
        let vault = cli.open_vault()?;
        let has_config_errors = vault
            .config_diagnostics
            .iter()
            .any(|d| d.level == Level::Error);
        if has_config_errors && !tolerate_config {
            print_diagnostics(&vault.config_diagnostics);
            return Err(CliError::Config);
        }
        let today = cli.today();
        crate::timings::phase("config");
        let started = std::time::Instant::now();
        let indexed = vault.load(today);
        crate::timings::phase("index");
        if crate::timings::enabled() {
            // For the benchmark and profiling: where a run's time goes.
            eprintln!(
                "netkeep: timings: read and parse {} ms ({} notes from the cache), index {} ms ({} notes{})",
                indexed.read.as_millis(),
                indexed.from_cache,
                (started.elapsed().saturating_sub(indexed.read)).as_millis(),
                indexed.index.notes.len(),
                if indexed.index_cached { ", from the index cache" } else { "" }
            );
        }
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Ok(Session {
            vault,
            read_diagnostics: indexed.read_diagnostics,
            skipped: indexed.skipped,
            index: std::mem::ManuallyDrop::new(indexed.index),
            paint: Paint { color },
        })
    }

    /// Tells stderr what reading the vault found: every problem that
    /// changes what reports count, and how many lints `check` would list.
    pub fn report_diagnostics(&self) {
        let mut shown: Vec<&Diagnostic> = self
            .read_diagnostics
            .iter()
            .chain(&self.index.diagnostics)
            .filter(|d| d.kind == Kind::Read)
            .collect();
        shown.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        print_diagnostics(shown);
        let lints = self
            .index
            .diagnostics
            .iter()
            .filter(|d| d.kind == Kind::Lint)
            .count();
        if lints > 0 {
            let s = if lints == 1 { "" } else { "s" };
            eprintln!("netkeep: {lints} more warning{s} about links and order; `netkeep check` lists them");
        }
    }

    /// The one contact `who` names, or why there is none.
    pub fn contact(&self, who: &str) -> Result<&Contact, CliError> {
        let found = self.index.find(who);
        match found.as_slice() {
            [one] => Ok(one),
            [] => {
                if let Some(unread) = self.unread_note_named(who) {
                    return Err(CliError::Unreadable {
                        path: unread.path.clone(),
                        message: unread.message.clone(),
                    });
                }
                Err(CliError::UnknownContact {
                    who: who.to_string(),
                    suggestions: self
                        .index
                        .nearest(who, 3)
                        .iter()
                        .map(|c| self.index.note(c).id.clone())
                        .collect(),
                })
            }
            many => Err(CliError::Ambiguous {
                who: who.to_string(),
                candidates: many
                    .iter()
                    .map(|c| format!("{} ({})", self.index.note(c).id, self.index.note(c).path))
                    .collect(),
            }),
        }
    }
}

impl Session {
    /// Why a note whose file name is `who` could not be read, if one
    /// could not: "no contact named Ann" would send the user looking for a
    /// typo when `people/Ann.md` is there, unreadable or UTF-16.
    fn unread_note_named(&self, who: &str) -> Option<&Diagnostic> {
        let wanted = who.trim().to_lowercase();
        self.read_diagnostics.iter().find(|d| {
            let file = d.path.rsplit('/').next().unwrap_or(&d.path);
            crate::vault::is_note_name(file) && crate::note::id_of(&d.path).to_lowercase() == wanted
        })
    }
}

fn print_diagnostics<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}

/// Writes a report to stdout. A closed pipe (`netkeep list | head`) is
/// not an error; any other failure is (a full disk under `netkeep agenda >
/// Today.md`): a report that silently did not arrive is worse than none.
pub fn print(text: &str) -> Result<(), CliError> {
    crate::timings::phase("plan and render");
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    crate::timings::phase("print");
    printed(written)
}

/// What writing a report to stdout came to: see [`print`].
pub(crate) fn printed(written: std::io::Result<()>) -> Result<(), CliError> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Stdout(e)),
        _ => Ok(()),
    }
}

/// Prints what a write command did. The write is done by then, so a
/// failure here is told but does not fail the command: a script that
/// retried it would write the entry twice.
pub(crate) fn print_done(text: &str) {
    if let Err(e) = print(text) {
        eprintln!("netkeep: warning: {e}; the change itself was made");
    }
}

/// The most days ahead a report looks (ten years): every day ahead costs
/// time and memory (`export ics --days 100000000` took gigabytes).
pub(crate) const MAX_DAYS: u32 = 3660;

/// `--days N`, from 0 (today only) to [`MAX_DAYS`].
pub(crate) fn days_arg(s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if n <= MAX_DAYS => Ok(n),
        _ => Err(format!(
            "`{s}` is not a number of days from 0 to {MAX_DAYS}"
        )),
    }
}

/// Runs the command line; the process's exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match &cli.command {
        Command::Overdue(args) => overdue::run(&cli, args),
        Command::Agenda(args) => agenda::run(&cli, args),
        Command::List(args) => list::run(&cli, args),
        Command::Show(args) => show::run(&cli, args),
        Command::Dates(args) => dates::run(&cli, args),
        Command::Check(args) => check::run(&cli, args),
        Command::Log(args) => log::run(&cli, args),
        Command::New(args) => new::run(&cli, args),
        Command::Stats(args) => stats::run(&cli, args),
        Command::Review(args) => review::run(&cli, args),
        Command::Export(args) => export::run(&cli, args),
        Command::Import(args) => import::run(&cli, args),
        Command::Watch(args) => watch::run(&cli, args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("netkeep: error: {e}");
            ExitCode::from(1)
        }
    }
}
