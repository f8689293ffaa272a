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
        eprintln!("netkeep: timings: {ms:7.2} ms {phase}");
    }
}
