//! `netkeep watch`: keep the agenda note (or an overdue report on the
//! terminal) current while notes change.

use super::{Cli, CliError, Session};
use crate::diagnostic::{Diagnostic, Kind, Level};
use crate::render::{Format, Paint};
use crate::watch::{classify, Changes, WatchedVault};
use crate::write::agenda::{harvest, write_agenda_over, AgendaWrite};
use crate::write::atomic::OwnWrite;
use crate::write::lock::{Lock, LockError};
use chrono::NaiveDate;
use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Keep the agenda in FILE, between netkeep's markers; without it, an
    /// overdue report is printed on every change
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,

    /// How many contacts to reach out to (as `agenda --max`)
    #[arg(long, value_name = "N")]
    pub max: Option<usize>,

    /// How many days ahead for special days and plans (as `agenda --days`)
    #[arg(long, value_name = "N", default_value_t = 14, value_parser = super::days_arg)]
    pub days: u32,

    /// Quiet time, in milliseconds, before a burst of changes is handled
    #[arg(long, value_name = "MS", default_value_t = 300)]
    pub debounce: u64,

    /// Poll the files instead of asking the OS for events (network drives,
    /// or when the OS watch limit is reached)
    #[arg(long)]
    pub poll: bool,
}

/// The longest a burst is gathered before it is handled.
const MAX_GATHER: Duration = Duration::from_secs(3);

enum Message {
    /// An event from the OS (or the poller), and when it came.
    Event(Instant, notify::Result<notify::Event>),
    Stop,
}

/// Either kind of watcher; held only so that it keeps running (dropping
/// it stops the watch).
#[allow(dead_code)]
enum Active {
    Native(RecommendedWatcher),
    Polling(PollWatcher),
}

/// Starts a watcher that sends each event, stamped with the time it came,
/// to `tx`. The events are not debounced there: the loop in [`run`] waits
/// for a burst to settle, counting from the events' own times (a
/// debouncer in front of it made a save wait twice, and a tick more).
fn start<W: Watcher>(
    tx: mpsc::Sender<Message>,
    config: notify::Config,
    dirs: &[PathBuf],
) -> Result<W, notify::Error> {
    let mut watcher = W::new(
        move |event: notify::Result<notify::Event>| {
            let _ = tx.send(Message::Event(Instant::now(), event));
        },
        config,
    )?;
    for (i, dir) in dirs.iter().enumerate() {
        // The vault recursively; the agenda's folder, if outside, alone.
        let mode = if i == 0 {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        watcher.watch(dir, mode)?;
    }
    Ok(watcher)
}

fn watch_dirs(root: &Path, agenda: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs = vec![root.to_path_buf()];
    if let Some(parent) = agenda.and_then(Path::parent) {
        if !parent.starts_with(root) {
            dirs.push(parent.to_path_buf());
        }
    }
    dirs
}

fn status(message: &str) {
    let now = chrono::Local::now().format("%H:%M:%S");
    eprintln!("netkeep: {now} {message}");
}

struct Loop<'a> {
    args: &'a Args,
    vault: WatchedVault,
    today: NaiveDate,
    pinned_today: bool,
    /// The agenda file, absolute.
    agenda: Option<PathBuf>,
    /// What netkeep last wrote there, to know its own writes.
    written: Option<String>,
    /// What that write left in the file, for the next write to know it
    /// untouched since ([`crate::write::atomic::apply_after`]).
    own: Option<OwnWrite>,
    /// The agenda's region as planned from the index as it is now (none
    /// once the index changes).
    planned: Option<String>,
    /// What the current burst had read ahead of its end.
    ahead: Ahead,
    paint: Paint,
    terminal: bool,
    /// `-q` keeps warnings about the notes re-read to itself.
    verbosity: super::Verbosity,
}

/// How often a burst is read ahead before it settles; more of it is read
/// once it has.
const READ_AHEAD: usize = 3;

/// What was read ahead of the end of a burst, while it settled.
#[derive(Default)]
struct Ahead {
    /// How often.
    runs: usize,
    read: usize,
    removed: usize,
    /// The notes read or dropped ahead: a note read twice in a burst is
    /// one file re-read.
    paths: std::collections::BTreeSet<String>,
    /// The diagnostics of the notes read, each from its latest reading.
    diagnostics: Vec<Diagnostic>,
    took: Duration,
    /// The burst asks for a rescan: reading ahead is no use.
    rescan_due: bool,
}

impl Ahead {
    fn may_run(&self) -> bool {
        self.runs < READ_AHEAD && !self.rescan_due
    }
}

/// Why a round of writing the agenda stopped; `watch` says it and goes on.
#[derive(Debug, thiserror::Error)]
enum Halt {
    #[error("some ticks could not be recorded")]
    Unrecorded,
    #[error(transparent)]
    Output(#[from] crate::write::output::OutputError),
    #[error(transparent)]
    Write(#[from] crate::write::atomic::WriteError),
}

impl Loop<'_> {
    /// Records the user's ticks in `current` (unless it is our own last
    /// write). False when some could not be recorded: then the agenda is
    /// left as it is, so that no tick is lost.
    fn harvest(&mut self, current: Option<&str>) -> bool {
        let Some(text) = current.filter(|t| Some(*t) != self.written.as_deref()) else {
            return true;
        };
        match harvest(&self.vault.opened.root, &self.vault.index, text) {
            Ok(done) if !done.is_empty() => {
                for r in &done {
                    status(&r.to_string());
                }
                // Our own edits to the notes: read them back now.
                let changes = Changes {
                    notes: done
                        .iter()
                        .filter_map(|r| match r {
                            crate::write::agenda::Recorded::Logged(p, _)
                            | crate::write::agenda::Recorded::Completed(p, _) => Some(p.clone()),
                            crate::write::agenda::Recorded::Already => None,
                        })
                        .collect(),
                    ..Changes::default()
                };
                self.update_vault(&changes);
                true
            }
            Ok(_) => true,
            Err(failed) => {
                for message in failed {
                    status(&format!("error: {message}; the agenda is left as it is"));
                }
                false
            }
        }
    }

    /// Applies changes to the index; what was planned from it is void.
    fn update_vault(&mut self, changes: &Changes) -> crate::watch::Update {
        self.planned = None;
        self.vault.update(changes, self.today)
    }

    /// Plans and renders the agenda's region from the index.
    fn plan(&self) -> String {
        let t = crate::timings::now();
        let region = super::agenda::render(
            &self.vault.index,
            &self.vault.opened.config,
            self.args.max,
            self.args.days,
            Format::Md,
        );
        crate::timings::span("plan and render", t);
        region
    }

    /// The agenda file's path relative to the vault's root, when it lies
    /// in the vault (then it is a note too).
    fn agenda_in_vault(&self) -> Option<String> {
        self.agenda
            .as_ref()
            .filter(|f| f.starts_with(&self.vault.opened.root))
            .map(|f| crate::vault::relative(&self.vault.opened.root, f))
    }

    /// Uses the wait for a burst to settle: re-reads the notes among
    /// `paths` now and plans the agenda from them, so that once the burst
    /// has settled only the write is left. Nothing is written or said here:
    /// news of a note read ahead has it read again, and the end of the
    /// burst decides (`handle`). The agenda file itself (its ticks), a
    /// rescan and anything else are left for then: returned.
    fn read_ahead(&mut self, paths: Vec<PathBuf>) -> Vec<PathBuf> {
        let changes = classify(
            &self.vault.opened.root,
            self.agenda.as_deref(),
            &paths,
            false,
        );
        let mut notes = changes.notes;
        if let Some(rel) = self.agenda_in_vault() {
            notes.remove(&rel);
        }
        self.ahead.rescan_due |= changes.rescan;
        if changes.rescan || notes.is_empty() {
            return paths;
        }
        let started = Instant::now();
        let update = self.update_vault(&Changes {
            notes: notes.clone(),
            ..Changes::default()
        });
        if self.agenda.is_some() {
            self.planned = Some(self.plan());
        }
        let ahead = &mut self.ahead;
        ahead.runs += 1;
        ahead.read += update.read;
        ahead.removed += update.removed;
        ahead.paths.extend(notes.iter().cloned());
        ahead.diagnostics.retain(|d| !notes.contains(&d.path));
        ahead.diagnostics.extend(update.diagnostics);
        ahead.took += started.elapsed();
        // The agenda, or paths that are no note: for the end.
        paths
            .into_iter()
            .filter(|p| self.agenda.as_deref() == Some(p.as_path()))
            .collect()
    }

    /// Plans and renders: the agenda into its file, or the overdue report.
    fn render(&mut self) -> Result<(), CliError> {
        let index = &self.vault.index;
        let config = &self.vault.opened.config;
        let Some(file) = self.agenda.clone() else {
            let due = crate::plan::overdue(index, config);
            let report =
                crate::render::overdue::render(index.today, &due, Format::Text, self.paint);
            let mut out = std::io::stdout().lock();
            let _ = if self.terminal {
                write!(out, "\x1b[2J\x1b[H{report}")
            } else {
                writeln!(out, "{report}")
            };
            let _ = out.flush();
            return Ok(());
        };
        let written = write_agenda_over(&file, self.own.take(), |current| {
            let t = crate::timings::now();
            if !self.harvest(current) {
                // Each failure is said already; the agenda stays as it is.
                return Err(Halt::Unrecorded);
            }
            crate::timings::span("harvest", t);
            // Planned ahead, unless the harvest changed the index since.
            Ok(match &self.planned {
                Some(region) => region.clone(),
                None => self.plan(),
            })
        });
        let written = written.map(|(wrote, own)| {
            self.own = own;
            wrote
        });
        match written {
            Ok(AgendaWrite::Written(text)) => {
                self.written = Some(text);
                status(&format!("wrote the agenda to {}", file.display()));
            }
            Ok(AgendaWrite::Unchanged(current)) => self.written = current,
            Ok(AgendaWrite::TicksKeptComing) => status("new ticks kept appearing while netkeep wrote the agenda; every tick it saw is recorded, and the next change rewrites it"),
            Err(Halt::Unrecorded) => {}
            Err(e) => status(&format!("error: {e}")),
        }
        Ok(())
    }

    /// Handles a settled burst: `paths`, every path it named, of which
    /// `pending` were not read ahead (or had news since). Whether it
    /// re-planned.
    fn handle(
        &mut self,
        paths: &[PathBuf],
        pending: &[PathBuf],
        overflow: bool,
    ) -> Result<bool, CliError> {
        let ahead = std::mem::take(&mut self.ahead);
        if !self.vault.opened.root.is_dir() {
            return Err(CliError::VaultGone(self.vault.opened.root.clone()));
        }
        let t = crate::timings::now();
        let root = &self.vault.opened.root;
        let changes = classify(root, self.agenda.as_deref(), paths, overflow);
        let agenda_is_ours = changes.agenda
            && self
                .agenda
                .as_ref()
                .and_then(|f| crate::write::output::read(f).ok().flatten())
                == self.written
            && self.written.is_some();
        let mut notes = classify(root, self.agenda.as_deref(), pending, overflow).notes;
        // Our own write of an agenda that lies in the vault is no news.
        if agenda_is_ours {
            if let Some(rel) = self.agenda_in_vault() {
                notes.remove(&rel);
            }
        }
        crate::timings::span("classify", t);
        if ahead.runs == 0
            && notes.is_empty()
            && !changes.rescan
            && (!changes.agenda || agenda_is_ours)
        {
            return Ok(false);
        }
        let started = Instant::now();
        let mut handled = ahead.paths.clone();
        handled.extend(notes.iter().cloned());
        let update = if notes.is_empty() && !changes.rescan {
            crate::watch::Update::default()
        } else {
            self.update_vault(&Changes {
                notes,
                rescan: changes.rescan,
                agenda: changes.agenda,
            })
        };
        // What was read ahead counts, unless read again now.
        let (read, removed, diagnostics) = if update.rescanned {
            (update.read, update.removed, update.diagnostics)
        } else {
            let mut diagnostics = ahead.diagnostics;
            diagnostics.retain(|d| !update.diagnostics.iter().any(|u| u.path == d.path));
            diagnostics.extend(update.diagnostics);
            let removed = ahead.removed + update.removed;
            // Distinct files: one read ahead and again now is one.
            let read = (ahead.read + update.read).min(handled.len().saturating_sub(removed));
            (read, removed, diagnostics)
        };
        // Only the notes just saved: their warnings are news, however many.
        let quiet = self.verbosity == super::Verbosity::Quiet;
        for d in diagnostics
            .iter()
            .filter(|d| d.kind == Kind::Read && !(quiet && d.level == Level::Warning))
        {
            eprintln!("{d}");
        }
        let said = if update.rescanned {
            "read the whole vault".to_string()
        } else {
            let mut parts = Vec::new();
            if read > 0 {
                let files = if read == 1 { "file" } else { "files" };
                parts.push(format!("re-read {read} {files}"));
            }
            if removed > 0 {
                parts.push(format!("dropped {removed}"));
            }
            if parts.is_empty() {
                parts.push("nothing to re-read".into());
            }
            parts.join(", ")
        };
        status(&format!(
            "{said} and re-planned in {} ms",
            (ahead.took + started.elapsed()).as_millis()
        ));
        self.render()?;
        Ok(true)
    }
}

/// For `NETKEEP_TIMINGS`: where the time of one round went, from the
/// first event of the burst (`event`) through its arrival here
/// (`received`) and the end of gathering (`gathered`) to the agenda.
fn say_timings(event: Option<Instant>, received: Instant, gathered: Instant) {
    if !crate::timings::enabled() {
        return;
    }
    let spans = crate::timings::take_spans();
    let Some(event) = event else {
        return;
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let written = crate::timings::ended("write: swap")
        .filter(|&at| at > gathered)
        .map(|at| format!(", event to agenda written {:.2} ms", ms(at - event)))
        .unwrap_or_default();
    eprintln!(
        "netkeep: timings: watch: event to loop {:.2} ms, gather {:.2} ms, {spans}{written}, round {:.2} ms",
        ms(received.saturating_duration_since(event)),
        ms(gathered - received),
        ms(event.elapsed()),
    );
}

/// Whether an event may change what the notes say. Reads (netkeep's own,
/// an editor's, a sync tool's) and metadata such as permissions, owners or
/// extended attributes do not; a new modification time does: notify's
/// poller reports every edit it sees as one (the native watchers report
/// the write itself).
fn is_news(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(what)) => *what == MetadataKind::WriteTime,
        _ => true,
    }
}

/// The day to re-plan for when the clock has moved past `today` (never
/// when `--today` pins it; a clock set back re-plans too).
fn new_day(pinned: bool, today: NaiveDate, now: NaiveDate) -> Option<NaiveDate> {
    (!pinned && now != today).then_some(now)
}

pub(super) fn run(cli: &Cli, args: &Args) -> Result<ExitCode, CliError> {
    let session = Session::open(cli, false)?;
    session.report_diagnostics(cli);
    let cwd = std::env::current_dir().map_err(CliError::Cwd)?;
    let today = session.index.today;
    let paint = session.paint;
    let root = session.vault.root.clone();
    let vault = WatchedVault::new(
        session.vault,
        std::mem::ManuallyDrop::into_inner(session.index),
        session.read_diagnostics,
    );
    let agenda = match &args.write {
        Some(file) => {
            let abs = cwd.join(file);
            let parent = abs.parent().unwrap_or(&cwd);
            let parent = parent.canonicalize().map_err(|source| CliError::Folder {
                path: parent.to_path_buf(),
                source,
            })?;
            Some(parent.join(abs.file_name().unwrap_or_default()))
        }
        None => None,
    };
    // Two watches rewriting one agenda would rewrite it in turn forever:
    // the second refuses, naming the first. Held until this one ends.
    let _one_watch = match &agenda {
        Some(file) => {
            crate::write::output::check(file)?;
            let key = file.join("netkeep watch");
            let what = format!("the agenda {}", file.display());
            Some(
                Lock::acquire(&key, &what, Duration::ZERO).map_err(|e| match e {
                    LockError::Held { holder, .. } => CliError::AnotherWatch {
                        file: file.clone(),
                        holder,
                    },
                    other => CliError::Lock(other),
                })?,
            )
        }
        None => None,
    };
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    let _ = ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    });
    let debounce = Duration::from_millis(args.debounce.max(10));
    let dirs = watch_dirs(&root, agenda.as_deref());
    // notify's poller compares modification times in whole seconds, and
    // would miss a save in the same second as its last look: it compares
    // contents instead, which costs a read of the vault each second.
    // Symlinks are not followed: one to `/` would have the OS watch the
    // whole disk. A note reached through a symlinked folder is still
    // re-read on the next rescan.
    let poll_config = notify::Config::default()
        .with_follow_symlinks(false)
        .with_poll_interval(Duration::from_secs(1))
        .with_compare_contents(true);
    let poller = || start::<PollWatcher>(tx.clone(), poll_config, &dirs).map(Active::Polling);
    let _watcher = if args.poll {
        status("polling for changes every second");
        poller()?
    } else {
        match start::<RecommendedWatcher>(
            tx.clone(),
            notify::Config::default().with_follow_symlinks(false),
            &dirs,
        ) {
            Ok(w) => Active::Native(w),
            Err(e) => {
                status(&format!(
                    "the OS cannot watch the vault ({e}); polling every second instead"
                ));
                poller()?
            }
        }
    };
    match &agenda {
        Some(file) => status(&format!(
            "watching {}; the agenda goes to {} (Ctrl-C to stop)",
            root.display(),
            file.display()
        )),
        None => status(&format!("watching {} (Ctrl-C to stop)", root.display())),
    }
    let mut state = Loop {
        args,
        vault,
        today,
        pinned_today: cli.today.is_some(),
        agenda,
        written: None,
        own: None,
        planned: None,
        ahead: Ahead::default(),
        paint,
        terminal: std::io::stdout().is_terminal(),
        verbosity: cli.verbosity(),
    };
    state.render()?;
    loop {
        let first = match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => {
                // Midnight: a new day is a new plan, even if nothing changed.
                if let Some(now) = new_day(
                    state.pinned_today,
                    state.today,
                    chrono::Local::now().date_naive(),
                ) {
                    state.today = now;
                    state.planned = None;
                    state.vault.replan(now);
                    status(&format!("a new day, {now}: re-planned"));
                    state.render()?;
                }
                if !state.vault.opened.root.is_dir() {
                    return Err(CliError::VaultGone(state.vault.opened.root.clone()));
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(ExitCode::SUCCESS),
        };
        // A burst (a `git checkout`) arrives in pieces: gather until quiet,
        // `debounce` after the last news came (by its own time: one that
        // waited in the channel while netkeep wrote has waited already).
        // Only news extends the wait: reads of the files (ours, an
        // editor's, a sync tool's) keep coming and change nothing. The
        // wait is used to read the changed notes ahead and plan, so that
        // a settled burst is left only to be written.
        let mut paths = Vec::new();
        // News not yet read ahead, and news read ahead leaves for the end.
        let mut pending = Vec::new();
        let mut later = Vec::new();
        let mut overflow = false;
        let started = Instant::now();
        // When the first news of the burst came (for NETKEEP_TIMINGS), and
        // the last.
        let mut first_event: Option<Instant> = None;
        let mut last_event: Option<Instant> = None;
        let mut message = Some(first);
        loop {
            // Everything that came, before deciding anything.
            while let Some(m) = message.take() {
                match m {
                    Message::Stop => {
                        status("stopped");
                        return Ok(ExitCode::SUCCESS);
                    }
                    Message::Event(at, Ok(event)) => {
                        overflow |= event.need_rescan();
                        if event.need_rescan() || is_news(&event.kind) {
                            first_event = Some(first_event.map_or(at, |f| f.min(at)));
                            last_event = Some(last_event.map_or(at, |l| l.max(at)));
                            paths.extend(event.paths.iter().cloned());
                            pending.extend(event.paths);
                        }
                    }
                    Message::Event(at, Err(e)) => {
                        status(&format!("watch error: {e}; reading the whole vault again"));
                        overflow = true;
                        first_event = Some(first_event.map_or(at, |f| f.min(at)));
                        last_event = Some(last_event.map_or(at, |l| l.max(at)));
                    }
                }
                if started.elapsed() < MAX_GATHER {
                    message = rx.try_recv().ok();
                }
            }
            let Some(last) = last_event else {
                break;
            };
            // Never gather longer than a few seconds, however busy.
            let wait_until = (last + debounce).min(started + MAX_GATHER);
            let now = Instant::now();
            if now >= wait_until {
                break;
            }
            if !overflow && !pending.is_empty() && state.ahead.may_run() {
                let t = crate::timings::now();
                later.extend(state.read_ahead(std::mem::take(&mut pending)));
                crate::timings::span("read ahead", t);
                message = rx.try_recv().ok();
                continue;
            }
            match rx.recv_timeout(wait_until - now) {
                Ok(m) => message = Some(m),
                Err(_) => break,
            }
        }
        paths.sort();
        paths.dedup();
        pending.extend(later);
        pending.sort();
        pending.dedup();
        let gathered = Instant::now();
        let replanned = state.handle(&paths, &pending, overflow)?;
        say_timings(
            replanned.then_some(first_event).flatten(),
            started,
            gathered,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_time_change_is_news_but_reads_and_permissions_are_not() {
        use notify::event::{AccessKind, CreateKind, DataChange, RemoveKind};
        // What notify's poller reports for an edited note.
        assert!(is_news(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::WriteTime
        ))));
        assert!(is_news(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(is_news(&EventKind::Create(CreateKind::Any)));
        assert!(is_news(&EventKind::Remove(RemoveKind::Any)));
        assert!(!is_news(&EventKind::Access(AccessKind::Any)));
        for what in [
            MetadataKind::Permissions,
            MetadataKind::Ownership,
            MetadataKind::Extended,
            MetadataKind::AccessTime,
            MetadataKind::Any,
        ] {
            assert!(!is_news(&EventKind::Modify(ModifyKind::Metadata(what))));
        }
    }

    #[test]
    fn midnight_means_a_new_plan_unless_today_is_pinned() {
        let d = |s| crate::dates::parse_date(s).unwrap();
        assert_eq!(
            new_day(false, d("2026-11-23"), d("2026-11-24")),
            Some(d("2026-11-24"))
        );
        assert_eq!(new_day(false, d("2026-11-23"), d("2026-11-23")), None);
        assert_eq!(new_day(true, d("2026-11-23"), d("2026-11-24")), None);
    }
}
