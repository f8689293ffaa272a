//! The index cache: what the index adds to the notes (contacts with their
//! touches, follow-ups and plans, the look-up of ids and aliases, the
//! diagnostics), kept from one run for the next. It is used only when that
//! run read the very same files (paths and stamps, each settled in the note
//! cache), for the same day, config and build
//! ([`super::NoteCache::fingerprint`]); any change to any
//! note, or a new day, rebuilds it. Most runs change nothing, and then the
//! index costs a read of one file. Like the note cache, a missing, torn,
//! damaged or foreign file is ignored and rewritten, never an error.

use crate::config::Config;
use crate::index::Index;
use crate::note::Note;
use chrono::NaiveDate;
use std::path::Path;

const MAGIC: &[u8; 8] = b"NKINDEX\n";
const FILE: &str = "index.cache";

/// The index of `notes`. With a cache folder and the run's fingerprint
/// (there is one when the note cache vouches for every note), it is read from the
/// folder when an earlier run had the same fingerprint, else built and
/// saved there. Also says whether it came from the cache.
pub fn load_or_build(
    notes: Vec<Note>,
    config: &Config,
    today: NaiveDate,
    cache_dir: Option<&Path>,
    fingerprint: Option<u128>,
) -> (Index, bool) {
    let (Some(dir), Some(key)) = (cache_dir, fingerprint) else {
        return (Index::build(notes, config, today), false);
    };
    let file = dir.join(FILE);
    let notes = match read(&file, key) {
        Some((bytes, at)) => match super::stored::from_stored(notes, &bytes[at..], config, today) {
            Ok(index) => return (index, true),
            Err(notes) => notes,
        },
        None => notes,
    };
    let index = Index::build(notes, config, today);
    save(dir, &file, key, &index);
    (index, false)
}

/// The file's payload starts with the fingerprint it was built for.
const KEY: usize = 16;

/// The file's bytes and where the stored index starts in them, if it holds
/// the index for `key`, whole and undamaged ([`super::file`]): the records
/// are checked against the notes as they are read, but a flipped bit in a
/// date or a count would still pass for an index.
fn read(file: &Path, key: u128) -> Option<(Vec<u8>, usize)> {
    let bytes = super::file::read(file)?;
    let build = super::version();
    if !super::file::verify(&bytes, MAGIC, build) {
        return None;
    }
    let head = super::file::header_len(build);
    let (stored, _) = bytes.get(head..)?.split_first_chunk::<KEY>()?;
    (u128::from_le_bytes(*stored) == key).then_some((bytes, head + KEY))
}

/// Best effort, like the note cache: a cache that cannot be written is
/// not an error.
fn save(dir: &Path, file: &Path, key: u128, index: &Index) {
    let payload = super::stored::stored(index);
    let bytes = super::file::frame(MAGIC, super::version(), KEY + payload.len(), |out| {
        out.extend_from_slice(&key.to_le_bytes());
        out.extend_from_slice(&payload);
    });
    if super::private_dir(dir).is_ok() {
        super::file::clean_stale_temps(dir);
        let _ = super::file::write(dir, file, &bytes);
    }
}
