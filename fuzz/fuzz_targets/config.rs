//! `netkeep.toml` on any text: a config and diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (config, _diagnostics) = netkeep::config::Config::parse(text);
    let _ = config.agenda_max();
});
