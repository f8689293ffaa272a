//! The command line: arguments (clap derive), opening the vault, and one
//! module per subcommand that plans and renders.

mod agenda;
mod check;
mod completions;
mod dates;
mod day;
mod export;
mod import;
mod list;
mod log;
mod man;
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
pub use day::DayArg;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// `Examples:` and the lines given, each indented, for the end of a
/// command's long help.
macro_rules! examples {
    ($($line:literal),+ $(,)?) => {
        concat!("Examples:", $("\n  ", $line),+)
    };
}

#[derive(Debug, Parser)]
#[command(
    name = "netkeep",
    version,
    about = "Keep your network warm from a folder of Markdown notes",
    long_about = "netkeep reads a vault of Markdown notes (one per contact, with dated log \
                  entries) and tells you whom to reach out to, what you promised, whose \
                  special day is near and how your network is doing.",
    after_long_help = concat!(
        "Environment:\n",
        "  NETKEEP_VAULT, NETKEEP_TODAY, NETKEEP_NO_CACHE, NETKEEP_CACHE_DIR\n",
        "                   the defaults of --vault, --today, --no-cache, --cache-dir\n",
        "  NO_COLOR         no colour, whatever --color says\n",
        "  NETKEEP_TIMINGS  where the time goes, as with -v\n",
        "\n",
        examples!(
            "netkeep agenda > Today.md",
            "netkeep --vault ~/Notes overdue",
            "netkeep show ana",
        )
    )
)]
pub struct Cli {
    /// The vault folder; else $NETKEEP_VAULT, else the nearest folder up
    /// from here holding netkeep.toml or .obsidian/, else this folder
    #[arg(long, global = true, value_name = "DIR", help_heading = GLOBAL)]
    pub vault: Option<PathBuf>,

    /// The day to plan for: YYYY-MM-DD, yesterday, -3d, friday (the last
    /// one), ...; else $NETKEEP_TODAY, else the local date
    #[arg(long, global = true, value_name = "DATE", value_parser = day::parse_day_arg, allow_hyphen_values = true, help_heading = GLOBAL)]
    pub today: Option<day::DayArg>,

    /// Read every note, ignoring and not writing the cache of parsed notes;
    /// also $NETKEEP_NO_CACHE=1 (or true, yes, on)
    // From the environment as shells write a switch: 1/0, true/false,
    // yes/no, on/off (clap's plain bool takes only true/false).
    #[arg(
        long,
        global = true,
        action = clap::ArgAction::SetTrue,
        value_parser = clap::builder::BoolishValueParser::new(),
        help_heading = GLOBAL
    )]
    pub no_cache: bool,

    /// Where to keep the cache of parsed notes; else $NETKEEP_CACHE_DIR,
    /// else netkeep/ in the user's cache folder
    #[arg(long, global = true, value_name = "DIR", help_heading = GLOBAL)]
    pub cache_dir: Option<PathBuf>,

    /// When to colour text output (never with NO_COLOR set)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, help_heading = GLOBAL)]
    pub color: ColorChoice,

    /// Print no warnings about notes (errors are always printed)
    #[arg(short, long, global = true, conflicts_with = "verbose", help_heading = GLOBAL)]
    pub quiet: bool,

    /// Print every warning in full, where the time went, and what was
    /// skipped
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The help heading of the options every command takes.
const GLOBAL: &str = "Global options";

/// The options an environment variable can give, by the variable: `(arg id,
/// variable)`.
const FROM_ENV: [(&str, &str); 4] = [
    ("vault", "NETKEEP_VAULT"),
    ("today", "NETKEEP_TODAY"),
    ("no_cache", "NETKEEP_NO_CACHE"),
    ("cache_dir", "NETKEEP_CACHE_DIR"),
];

/// The command line, with each `NETKEEP_*` variable that is set as the
/// default of its option. Not clap's `env`: clap counts a value from the
/// environment as given, and a usage error then shows it as if it were
/// required (`Usage: netkeep show --today <DATE> <WHO>`); a default is
/// shown as one (`[default: 2026-11-23]`). An empty variable is unset.
pub fn command() -> clap::Command {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    for (id, var) in FROM_ENV {
        if let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) {
            cmd = cmd.mut_arg(id, |arg| arg.default_value(value));
        }
    }
    cmd
}

/// The command line of this process, parsed (exits on a usage error).
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    if let Some(problem) = env_problem(|var| std::env::var(var).ok()) {
        // A usage error, but clap would blame `--today`, which was not given.
        eprintln!("error: {problem}");
        std::process::exit(2);
    }
    Cli::from_arg_matches(&command().get_matches()).unwrap_or_else(|e| e.exit())
}

/// What is wrong with a `NETKEEP_*` variable that takes a typed value, in
/// the variable's name.
fn env_problem(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    if let Some(value) = var("NETKEEP_TODAY").filter(|v| !v.is_empty()) {
        if let Err(e) = day::parse_day_arg(&value) {
            return Some(format!("NETKEEP_TODAY={value}: {e}"));
        }
    }
    if let Some(value) = var("NETKEEP_NO_CACHE").filter(|v| !v.is_empty()) {
        let known = [
            "1", "0", "true", "false", "yes", "no", "on", "off", "y", "n", "t", "f",
        ];
        if !known.contains(&value.to_lowercase().as_str()) {
            return Some(format!(
                "NETKEEP_NO_CACHE={value}: write 1 or 0 (or true/false, yes/no, on/off)"
            ));
        }
    }
    None
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
    #[command(after_long_help = examples!(
        "netkeep overdue",
        "netkeep overdue --format csv > due.csv",
        "netkeep --vault ~/Notes --today 2026-11-23 overdue --format json",
    ))]
    Overdue(overdue::Args),
    /// Today's agenda as Markdown task lines
    #[command(after_long_help = examples!(
        "netkeep agenda > Today.md",
        "netkeep agenda --write Today.md     # ticks [x] there become touches",
        "netkeep -q agenda --max 5 --days 30",
    ))]
    Agenda(agenda::Args),
    /// All contacts, filtered
    #[command(after_long_help = examples!(
        "netkeep list --circle friend",
        "netkeep list --where location~berlin --where status!=archived",
        "netkeep list --names                # one name a line, for scripts",
    ))]
    List(list::Args),
    /// One contact in full
    #[command(after_long_help = examples!(
        "netkeep show \"Ana Lima\"",
        "netkeep show ana --format json",
    ))]
    Show(show::Args),
    /// Special days coming up
    #[command(after_long_help = examples!(
        "netkeep dates",
        "netkeep dates --days 60 --format md",
    ))]
    Dates(dates::Args),
    /// Lint the vault: errors and warnings with path:line:col
    #[command(after_long_help = examples!(
        "netkeep check",
        "netkeep check --format json | jq '.warnings | length'",
    ))]
    Check(check::Args),
    /// Add a dated entry to a contact's log
    #[command(after_long_help = examples!(
        "netkeep log ana \"coffee downtown\" --out --via coffee",
        "netkeep log \"Ben Okafor\" called about the move --in --date 2026-11-20",
    ))]
    Log(log::Args),
    /// Create a contact note from a template (never overwrites)
    #[command(after_long_help = examples!(
        "netkeep new \"Zoë Brandt\" --circle friend --birthday 1990-04-01",
        "netkeep new \"Sam Lee\" --company Acme --email sam@example.com --dir Work/People",
    ))]
    New(new::Args),
    /// The numbers: circles, touches out and in by month, reciprocity, channels, goal
    #[command(after_long_help = examples!(
        "netkeep stats",
        "netkeep stats --since 2026-01-01 --format csv",
        "netkeep stats --chart Stats.svg     # then ![[Stats.svg]] in a note",
    ))]
    Stats(stats::Args),
    /// The periodic regroup, as a Markdown checklist
    #[command(after_long_help = examples!(
        "netkeep review >> \"Review 2026-11.md\"",
        "netkeep review --format text",
    ))]
    Review(review::Args),
    /// Export the vault: `export ics` (dates), `export vcard` (contacts)
    #[command(after_long_help = examples!(
        "netkeep export ics > netkeep.ics",
        "netkeep export ics -o ~/netkeep.ics --days 30",
        "netkeep export vcard -o contacts.vcf",
    ))]
    Export(export::Args),
    /// Create contact notes from vCard, LinkedIn, Google, Outlook or any CSV
    #[command(after_long_help = examples!(
        "netkeep import linkedin Connections.csv --dry-run",
        "netkeep import vcard contacts.vcf --circle friend --tag phone",
        "netkeep import csv people.csv --map \"Mobile=phone\" --update",
    ))]
    Import(import::Args),
    /// Keep the agenda note current as notes change
    #[command(after_long_help = examples!(
        "netkeep watch --write Today.md",
        "netkeep watch --poll --debounce 1000   # a network drive",
    ))]
    Watch(watch::Args),
    /// Shell completions, contact names included: `completions bash`
    #[command(after_long_help = examples!(
        "netkeep completions bash > ~/.local/share/bash-completion/completions/netkeep",
        "netkeep completions zsh > ~/.zfunc/_netkeep",
        "netkeep completions fish > ~/.config/fish/completions/netkeep.fish",
    ))]
    Completions(completions::Args),
    /// The manual page, as roff: `man` for netkeep(1), `man show` for one command's
    #[command(after_long_help = examples!(
        "netkeep man > ~/.local/share/man/man1/netkeep.1",
        "netkeep man show | man -l -",
    ))]
    Man(man::Args),
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
    #[error("no netkeep.toml or .obsidian/ here or above, and netkeep does not read all of {} as a vault; run it inside your vault, pass --vault DIR, or set NETKEEP_VAULT", .0.display())]
    TooWide(PathBuf),
    #[error("netkeep.toml has errors; fix them or run `netkeep check`")]
    Config,
    #[error("no contact named `{who}`{}", suggest(.suggestions))]
    UnknownContact {
        who: String,
        suggestions: Vec<String>,
    },
    #[error("`{who}` could be several contacts: {}; name one by its id", first_ten(.candidates))]
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
    #[error("{0}; nothing was created (add the circle to netkeep.toml, or pass --new-circle to take it as it is)")]
    UnknownCircle(String),
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
    #[error("{} left as it is: {} could not be recorded", .file.display(), crate::render::plural(*.count, "ticked item"))]
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
    #[error("cannot draw the chart to {}: the folder {} does not exist", .file.display(), .folder.display())]
    NoChartFolder { file: PathBuf, folder: PathBuf },
    #[error("{}: is a Markdown note of the vault; netkeep draws the chart only into an .svg file", .0.display())]
    ChartOverNote(PathBuf),
    #[error("{}: exists and is not an SVG picture; netkeep leaves it alone (name another file)", .0.display())]
    NotSvg(PathBuf),
    #[error(transparent)]
    Chart(#[from] crate::render::chart::ChartError),
    #[error("no command `{0}` to print the manual page of; `netkeep man` lists them")]
    NoManPage(String),
    #[error("{file}: line {line}: {message}; nothing was imported")]
    NotFormat {
        file: String,
        line: u32,
        message: String,
    },
    #[error("cannot write the report to stdout: {0}")]
    Stdout(std::io::Error),
}

/// The contacts an ambiguous name fits, the first ten of them: `show a`
/// in a large vault fits thousands.
fn first_ten(all: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = all
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if all.len() > SHOWN {
        text.push_str(&format!(" and {} more", all.len() - SHOWN));
    }
    text
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
        let vault =
            crate::open::Vault::open(self.vault.as_deref(), &cwd, self.cache_folder().as_deref())
                .map_err(|e| match e {
                crate::open::NoVault::Missing(dir) => CliError::NoVault(dir),
                crate::open::NoVault::TooWide(dir) => CliError::TooWide(dir),
            })?;
        // Told once: `log` may open the vault twice.
        static TOLD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if vault.guessed && !TOLD.swap(true, std::sync::atomic::Ordering::Relaxed) {
            eprintln!(
                "netkeep: no netkeep.toml or .obsidian/ here or above; reading {} as the vault (--vault DIR names another)",
                vault.root.display()
            );
        }
        Ok(vault)
    }

    /// `-q`, `-v` or neither.
    pub fn verbosity(&self) -> Verbosity {
        if self.quiet {
            Verbosity::Quiet
        } else if self.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        }
    }

    /// The day reports are for: `--today`, else the local date.
    pub fn today(&self) -> chrono::NaiveDate {
        let clock = chrono::Local::now().date_naive();
        self.today.map_or(clock, |day| day.on(clock))
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

    /// Tells stderr what reading the vault found: errors always, a few
    /// warnings (every one with `-v`, none with `-q`) and how many more
    /// `check` would list; with `-v`, what the walk skipped.
    pub fn report_diagnostics(&self, cli: &Cli) {
        let verbosity = cli.verbosity();
        let lines = said_about_notes(
            self.read_diagnostics.iter().chain(&self.index.diagnostics),
            verbosity,
        );
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        for line in lines {
            let _ = writeln!(err, "{line}");
        }
        if verbosity == Verbosity::Verbose {
            for line in crate::render::check::skipped_lines(&self.skipped) {
                let _ = writeln!(err, "netkeep: {line}");
            }
        }
        // One line for every note with lines that look dated and are not
        // read: each note's own line is `check`'s to give (`-v` printed
        // them above, `-q` wants none).
        let unread = self
            .read_diagnostics
            .iter()
            .chain(&self.index.diagnostics)
            .filter(|d| matches!(d.kind, Kind::Unread | Kind::DayMonth))
            .map(|d| d.path.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if unread > 0 && verbosity == Verbosity::Normal {
            let notes = if unread == 1 {
                "note has"
            } else {
                "notes have"
            };
            eprintln!("netkeep: {unread} {notes} lines that look like dated entries but are not read; `netkeep check` lists them");
        }
        self.explain_no_contacts();
    }

    /// How the contacts were found, and what the walk skipped (counted by
    /// the walk that read the notes).
    pub(crate) fn found(&self, today: NaiveDate) -> crate::plan::found::Found {
        let vault = &self.vault;
        crate::plan::found::found(
            &self.index.notes,
            &vault.config,
            self.skipped.clone(),
            |rel| crate::vault::parse_context(rel, &vault.config, today).in_contact_dir,
        )
    }

    /// On a vault with notes but no contact found among them, says why on
    /// stderr, as `check` does: a bare "0 contacts" would send the user
    /// guessing. A vault with no notes yet (a new one) stays quiet.
    pub fn explain_no_contacts(&self) {
        if !self.index.contacts.is_empty() || self.index.notes.is_empty() {
            return;
        }
        let found = self.found(self.index.today);
        let text = crate::render::check::no_contacts_text(&found);
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        for line in text.lines() {
            let _ = writeln!(err, "netkeep: {line}");
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
        let wanted = crate::index::lowercase(who.trim());
        self.read_diagnostics.iter().find(|d| {
            let file = d.path.rsplit('/').next().unwrap_or(&d.path);
            crate::vault::is_note_name(file)
                && crate::index::lowercase(crate::note::id_of(&d.path)) == wanted
        })
    }
}

/// How much a command says on stderr besides its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// `-q`: errors only.
    Quiet,
    /// Errors, the first few warnings and a count of the rest.
    Normal,
    /// `-v`: every warning, timings, what was skipped.
    Verbose,
}

/// How many warnings about notes a report other than `check` prints before
/// it only counts them: sixty bad birthdays would bury the report.
const WARNINGS_SHOWN: usize = 3;

/// The lines a report prints on stderr about the notes it read: every
/// error, warnings that change what it counts up to [`WARNINGS_SHOWN`]
/// (all with `-v`, none with `-q`), then one line counting the rest and
/// the lints (links to nobody, logs out of order) that `check` lists.
pub(crate) fn said_about_notes<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    verbosity: Verbosity,
) -> Vec<String> {
    let mut all: Vec<&Diagnostic> = diagnostics.into_iter().collect();
    all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut lines = Vec::new();
    let mut warnings_shown = 0;
    let mut hidden = 0;
    for d in all {
        let shown = match (d.level, d.kind, verbosity) {
            (Level::Error, _, _) | (_, _, Verbosity::Verbose) => true,
            (_, _, Verbosity::Quiet) => false,
            (Level::Warning, Kind::Read, Verbosity::Normal) => warnings_shown < WARNINGS_SHOWN,
            // Links to nobody and logs out of order do not change what a
            // report counts: `check` lists them.
            (Level::Warning, Kind::Lint, Verbosity::Normal) => false,
            // Lines that look dated and are not read: one line for all
            // such notes, below (`report_diagnostics`).
            (Level::Warning, Kind::Unread | Kind::DayMonth, Verbosity::Normal) => continue,
        };
        if shown {
            if d.level == Level::Warning {
                warnings_shown += 1;
            }
            lines.push(d.to_string());
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 && verbosity == Verbosity::Normal {
        let more = if lines.is_empty() { "" } else { "more " };
        let s = if hidden == 1 { "" } else { "s" };
        lines.push(format!(
            "netkeep: {hidden} {more}warning{s}; `netkeep check` lists them"
        ));
    }
    lines
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
    if cli.verbose {
        crate::timings::enable();
    }
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
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("netkeep: error: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad_birthdays(n: u32) -> Vec<Diagnostic> {
        (0..n)
            .map(|i| Diagnostic::warning(&format!("people/P{i:02}.md"), 3, 11, "bad birthday"))
            .collect()
    }

    #[test]
    fn a_bad_environment_value_is_blamed_on_its_variable() {
        let env = |today: &'static str, no_cache: &'static str| {
            move |var: &str| match var {
                "NETKEEP_TODAY" => Some(today.to_string()),
                "NETKEEP_NO_CACHE" => Some(no_cache.to_string()),
                _ => None,
            }
        };
        assert_eq!(env_problem(env("2026-11-23", "1")), None);
        assert_eq!(env_problem(env("", "")), None);
        assert_eq!(env_problem(env("2026-11-23", "Yes")), None);
        assert!(
            env_problem(env("soon", "1")).is_some_and(|p| p.starts_with("NETKEEP_TODAY=soon: "))
        );
        assert_eq!(env_problem(env("yesterday", "1")), None, "a day in words");
        assert!(env_problem(env("2026-11-23", "maybe"))
            .is_some_and(|p| p.starts_with("NETKEEP_NO_CACHE=maybe: ")));
    }

    #[test]
    fn sixty_warnings_are_a_few_lines_and_one_count() {
        let lines = said_about_notes(&bad_birthdays(60), Verbosity::Normal);
        assert_eq!(lines.len(), WARNINGS_SHOWN + 1, "{lines:#?}");
        assert_eq!(
            lines.last().map(String::as_str),
            Some("netkeep: 57 more warnings; `netkeep check` lists them")
        );
    }

    #[test]
    fn errors_in_notes_are_always_shown_even_with_quiet() {
        let mut diags = bad_birthdays(10);
        diags.push(Diagnostic::error(
            "people/Z.md",
            4,
            7,
            "front matter is not YAML",
        ));
        diags.push(Diagnostic::error("people/Y.md", 1, 1, "duplicate id").lint());
        for verbosity in [Verbosity::Quiet, Verbosity::Normal, Verbosity::Verbose] {
            let lines = said_about_notes(&diags, verbosity);
            assert!(
                lines.iter().any(|l| l.contains("people/Z.md:4:7: error")),
                "{lines:?}"
            );
            assert!(
                lines.iter().any(|l| l.contains("people/Y.md:1:1: error")),
                "{lines:?}"
            );
        }
    }

    #[test]
    fn quiet_silences_warnings_and_their_count() {
        let mut diags = bad_birthdays(5);
        diags.push(Diagnostic::warning("a.md", 2, 1, "link to nobody").lint());
        assert!(said_about_notes(&diags, Verbosity::Quiet).is_empty());
    }

    #[test]
    fn verbose_shows_every_warning_and_lint() {
        let mut diags = bad_birthdays(5);
        diags.push(Diagnostic::warning("a.md", 2, 1, "link to nobody").lint());
        let lines = said_about_notes(&diags, Verbosity::Verbose);
        assert_eq!(lines.len(), 6, "{lines:#?}");
        assert!(!lines.iter().any(|l| l.contains("netkeep check")));
    }

    #[test]
    fn lines_that_are_not_read_are_left_to_their_own_summary_line() {
        let unread = |path: &str, kind| {
            let mut d = Diagnostic::warning(path, 7, 3, "looks dated, is not read");
            d.kind = kind;
            d
        };
        let diags = [
            unread("people/A.md", Kind::Unread),
            unread("people/B.md", Kind::DayMonth),
        ];
        assert!(said_about_notes(&diags, Verbosity::Normal).is_empty());
        assert!(said_about_notes(&diags, Verbosity::Quiet).is_empty());
        assert_eq!(said_about_notes(&diags, Verbosity::Verbose).len(), 2);
    }

    #[test]
    fn lints_are_counted_with_the_hidden_warnings_not_shown() {
        let lints = [
            Diagnostic::warning("a.md", 2, 1, "link to nobody").lint(),
            Diagnostic::warning("b.md", 2, 1, "log out of order").lint(),
        ];
        assert_eq!(
            said_about_notes(&lints, Verbosity::Normal),
            ["netkeep: 2 warnings; `netkeep check` lists them"]
        );
        let mut diags = bad_birthdays(1);
        diags.extend(lints);
        assert_eq!(
            said_about_notes(&diags, Verbosity::Normal),
            [
                "people/P00.md:3:11: warning: bad birthday",
                "netkeep: 2 more warnings; `netkeep check` lists them"
            ]
        );
    }
}
