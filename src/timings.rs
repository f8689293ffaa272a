//! `NETKEEP_TIMINGS=1` or `-v`: the time since the start of the run at
//! which each phase ends, on stderr, for the benchmark and for profiling.
//! Costs one load of a flag per phase when off.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

/// When the run started (the first thing `main` does, else the first ask).
static START: OnceLock<Instant> = OnceLock::new();

/// Whether `NETKEEP_TIMINGS` is set, read once.
static FROM_ENV: OnceLock<bool> = OnceLock::new();

/// Switched on by `-v` after the arguments are parsed.
static ASKED: AtomicBool = AtomicBool::new(false);

fn started() -> Option<Instant> {
    let on = ASKED.load(Ordering::Relaxed)
        || *FROM_ENV.get_or_init(|| std::env::var_os("NETKEEP_TIMINGS").is_some());
    on.then(|| *START.get_or_init(Instant::now))
}

/// Whether timings are on (`NETKEEP_TIMINGS` set, or `-v`).
pub fn enabled() -> bool {
    started().is_some()
}

/// Marks the start of the run (the first thing `main` does).
pub fn start() {
    START.get_or_init(Instant::now);
    started();
}

/// Turns timings on for the rest of the run (`-v`), counted from [`start`].
pub fn enable() {
    ASKED.store(true, Ordering::Relaxed);
}

/// Says that `phase` just ended.
pub fn phase(phase: &str) {
    if let Some(start) = started() {
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        match resident_mb() {
            Some(mb) => eprintln!("netkeep: timings: {ms:7.2} ms {mb:6.1} MB resident  {phase}"),
            None => eprintln!("netkeep: timings: {ms:7.2} ms {phase}"),
        }
    }
}

/// The resident memory now, where the system says (Linux): first touches
/// of fresh memory cost as much as parsing on some machines, so memory is
/// timed with the phases.
fn resident_mb() -> Option<f64> {
    // `VmRSS:  123456 kB`: in kB whatever the page size.
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024.0 / 1e6)
}

/// One step of a round: its name, the time it took in all, and when it
/// last ended.
type Span = (&'static str, std::time::Duration, Instant);

thread_local! {
    /// Steps of the current round of a repeated phase (watch mode), in
    /// order, to be said on one line by [`take_spans`].
    static SPANS: std::cell::RefCell<Vec<Span>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Now, when timings are on (so that a step costs nothing when they are off).
pub fn now() -> Option<Instant> {
    started().map(|_| Instant::now())
}

/// Notes that step `what` of this round took from `since` until now (the
/// times of one name add up).
pub fn span(what: &'static str, since: Option<Instant>) {
    if let Some(since) = since {
        add_span(what, since.elapsed());
    }
}

/// Notes that step `what` of this round took `took`, ending now.
pub fn add_span(what: &'static str, took: std::time::Duration) {
    if enabled() {
        let now = Instant::now();
        SPANS.with(|s| {
            let mut s = s.borrow_mut();
            match s.iter_mut().find(|(w, _, _)| *w == what) {
                Some((_, t, end)) => {
                    *t += took;
                    *end = now;
                }
                None => s.push((what, took, now)),
            }
        });
    }
}

/// When step `what` of this round last ended, if it was noted.
pub fn ended(what: &str) -> Option<Instant> {
    SPANS.with(|s| s.borrow().iter().find(|(w, _, _)| *w == what).map(|s| s.2))
}

/// The steps noted since the last call, as `step 1.23 ms, ...`, and
/// forgets them.
pub fn take_spans() -> String {
    SPANS.with(|s| {
        s.borrow_mut()
            .drain(..)
            .map(|(what, took, _)| format!("{what} {:.2} ms", took.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join(", ")
    })
}
