//! netkeep keeps a person's network warm from a folder of Markdown notes.
//!
//! The data flows one way, and the modules follow it:
//! [`vault`] finds and reads the files → [`note`] parses one note from its
//! text → [`index`] gathers contacts and their touches → [`plan`] decides
//! (pure functions of index, config and today) → [`render`] prints text,
//! Markdown, JSON or CSV → [`cli`] wires it to the command line.
//! [`open`] is the one way to open a vault: root, config, then the notes
//! and their index, through the cache layer (`cache`, a cargo feature on
//! by default) that keeps parsed notes and the index between runs, so that
//! unchanged files are not read again. [`write`] owns every change to a file (pure
//! text edits, one atomic write), and [`watch`] keeps the index current
//! file by file.

#[cfg(feature = "cache")]
pub mod cache;
pub mod cli;
pub mod config;
pub mod daily_notes;
pub mod dates;
pub mod diagnostic;
pub mod file;
pub mod import;
pub mod index;
pub mod moment;
pub mod note;
pub mod open;
pub mod patterns;
pub mod plan;
pub mod render;
pub mod settings_file;
pub mod skip;
pub mod timings;
pub mod vault;
pub mod watch;
pub mod write;

/// FNV-1a: a hash that is the same on every machine and Rust version, for
/// UIDs that must never change.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A vault in a temporary folder holding `files` (path from the root, text),
/// for the unit tests of what reads a vault's own files.
#[cfg(test)]
pub(crate) fn test_vault(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}
