//! The cache as a layer over the loader: which notes it can give, which
//! files must be read ([`vault::load_note`]), and the index from the index
//! cache when every note came from it. Without it (`--no-cache`, or no
//! `cache` feature) a vault is opened by the same code with no layer.

use super::{index, FileStamp, NoteCache, Saved};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::index::Index;
use crate::note::Note;
use crate::vault::{self, discover_notes, Discovered, Loaded, NoteFile};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What a vault read through the cache gives, besides its index.
#[derive(Debug)]
pub struct Opened {
    pub index: Index,
    /// Files that could not be read or walked.
    pub diagnostics: Vec<Diagnostic>,
    /// How many notes came from the note cache rather than their files.
    pub from_cache: usize,
    /// Whether the index came from the index cache.
    pub index_cached: bool,
    /// How long reading the notes took, before the index.
    pub read: std::time::Duration,
    /// How many notes each skip rule left out of the walk.
    pub skipped: Vec<crate::skip::Skipped>,
}

/// Reads the vault at `root` through the caches in `cache_dir` (the
/// vault's own folder, [`NoteCache::dir_for`]), and indexes it.
pub fn open(root: &Path, config: &Config, today: NaiveDate, cache_dir: PathBuf) -> Opened {
    let started = std::time::Instant::now();
    let layered = load(root, config, today, cache_dir.clone());
    let read = started.elapsed();
    let (index, index_cached) = index::load_or_build(
        layered.loaded.notes,
        config,
        today,
        Some(&cache_dir),
        layered.fingerprint,
    );
    Opened {
        index,
        diagnostics: layered.loaded.diagnostics,
        from_cache: layered.from_cache,
        index_cached,
        read,
        skipped: layered.loaded.skipped,
    }
}

/// The notes as the loader would give them, and what the cache adds.
struct Layered {
    loaded: Loaded,
    from_cache: usize,
    /// When every note is in the cache (settled): what decides their index
    /// ([`NoteCache::fingerprint`]), for the index cache.
    fingerprint: Option<u128>,
}

/// Like [`vault::load`], but a note whose file is unchanged since an
/// earlier run comes from the cache in `cache_dir` instead of being read;
/// the cache is rewritten afterwards when anything changed.
fn load(root: &Path, config: &Config, today: NaiveDate, cache_dir: PathBuf) -> Layered {
    // The walk and the cache read are both mostly waiting on the OS.
    let ((Discovered { files, skipped }, mut diagnostics), mut cache) = rayon::join(
        || {
            let mut diagnostics = Vec::new();
            let discovered = discover_notes(root, config, &mut diagnostics);
            crate::timings::phase("walk the vault");
            (discovered, diagnostics)
        },
        || {
            let cache = NoteCache::open(cache_dir, root, config);
            crate::timings::phase("open the cache");
            cache
        },
    );
    let now = std::time::SystemTime::now();
    // Stamps before reading: a save in between leaves a stamp that no
    // longer matches the file, so the next run reads it again.
    let stamps = stamps(&files);
    let wanted: Vec<(&str, Option<FileStamp>)> = files
        .iter()
        .zip(&stamps)
        .map(|(file, stamp)| (file.rel.as_str(), *stamp))
        .collect();
    crate::timings::phase("stat every note");
    let mut notes: Vec<Option<Note>> = cache.take_all(&wanted, today);
    crate::timings::phase("take the cached notes");
    // The misses are read into the slots the cache left empty: the notes
    // are never copied into a second vector (at 50,000 notes each copy is
    // 15 MB of the run's peak).
    let fresh: Vec<bool> = notes.iter().map(Option::is_none).collect();
    let read: Vec<(usize, Result<Note, Diagnostic>)> = files
        .par_iter()
        .enumerate()
        .filter(|&(i, _)| fresh[i])
        .map(|(i, file)| (i, vault::load_note(file, config, today)))
        .collect();
    for (i, result) in read {
        match result {
            Ok(note) => notes[i] = Some(note),
            Err(diag) => diagnostics.push(diag),
        }
    }
    crate::timings::phase("read and parse the rest");
    let mut settled = Vec::with_capacity(notes.len());
    let mut from_cache = 0;
    let notes: Vec<Note> = notes
        .into_iter()
        .zip(fresh)
        .zip(stamps)
        .filter_map(|((note, fresh), stamp)| {
            let note = note?;
            from_cache += usize::from(!fresh);
            let stamp = stamp.filter(|s| !fresh || s.is_settled(now));
            settled.push(stamp.map(|stamp| (stamp, fresh)));
            Some(note)
        })
        .collect();
    cache.save(
        notes
            .iter()
            .zip(&settled)
            .filter_map(|(note, settled)| {
                settled.map(|(stamp, fresh)| Saved {
                    note,
                    stamp,
                    parsed_for: today,
                    fresh,
                })
            })
            .collect(),
    );
    crate::timings::phase("save the cache");
    // Every file is a note whose stamp the note cache now vouches for: the
    // next run with the same stamps has the same notes, so the same index.
    let vouched = notes.len() == files.len() && settled.iter().all(Option::is_some);
    let fingerprint = vouched.then(|| cache.fingerprint(config, today, &wanted));
    Layered {
        loaded: Loaded {
            notes,
            diagnostics,
            skipped,
        },
        from_cache,
        fingerprint,
    }
}

/// The stamp of each of `files` (symlinks followed); `None` for a file
/// that cannot be looked at. (Statting each folder's notes relative to the
/// folder saved 2–7 % of a warm run, under the 10 % a device must earn; see
/// the README's table.)
pub(super) fn stamps(files: &[NoteFile]) -> Vec<Option<FileStamp>> {
    files
        .par_iter()
        .map(|file| std::fs::metadata(&file.abs).ok().map(|m| FileStamp::of(&m)))
        .collect()
}
