//! `NETKEEP_TIMINGS=1`: the time since the start of the run at which each
//! phase ends, on stderr, for the benchmark and for profiling. Costs one
//! load of a flag per phase when off.

use std::sync::OnceLock;
use std::time::Instant;

/// When the run started, if timings are on.
static START: OnceLock<Option<Instant>> = OnceLock::new();

fn started() -> Option<Instant> {
    *START.get_or_init(|| std::env::var_os("NETKEEP_TIMINGS").map(|_| Instant::now()))
}

/// Whether `NETKEEP_TIMINGS` is set.
pub fn enabled() -> bool {
    started().is_some()
}

/// Marks the start of the run (the first thing `main` does).
pub fn start() {
    started();
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
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: f64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096.0 / 1e6)
}
