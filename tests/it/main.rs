//! Every integration test, linked into one binary (one link instead of
//! one per file): each module runs the real binary on temporary vaults, or
//! checks a property of the library's public parts.

// A panic in a test is a failed test: unwrap freely here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod util;

mod cache;
mod cache_damage;
mod cache_props;
mod chart;
mod cli;
mod completions;
mod contacts_found;
mod edit_props;
mod entry_forms;
mod everyday;
mod help;
mod ics;
mod import;
mod import_props;
mod key_spellings;
mod logseq;
mod meetings;
mod parse_fuzz;
mod readme;
mod real_notes;
mod scanner_oracle;
mod snapshots;
mod torture;
mod watch;
mod who;
mod write;
