//! The index cache: what the index adds to the notes (contacts with their
//! touches, follow-ups and plans, the look-up of ids and aliases, the
//! diagnostics), kept from one run for the next. It is used only when that
//! run read the very same files (paths and stamps, each settled in the note
//! cache), for the same day, config and build
//! ([`super::NoteCache::fingerprint`]); any change to any
//! note, or a new day, rebuilds it. Most runs change nothing, and then the
//! index costs a read of one file. Like the note cache, a missing, torn or
//! foreign file is ignored and rewritten, never an error.

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
        Some(bytes) => match Index::from_stored(notes, &bytes[HEAD..], config, today) {
            Ok(index) => return (index, true),
            Err(notes) => notes,
        },
        None => notes,
    };
    let index = Index::build(notes, config, today);
    save(dir, &file, key, &index);
    (index, false)
}

/// The magic, the fingerprint and the checksum of the rest.
const HEAD: usize = MAGIC.len() + 16 + 8;

/// A checksum of the stored index: it is read whole anyway, and a torn or
/// damaged file must not pass for an index.
fn checksum(payload: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x6e6b_696e_6465_7821).hash_one(payload)
}

/// The file's bytes, if it holds the index for `key` whole.
fn read(file: &Path, key: u128) -> Option<Vec<u8>> {
    let bytes = std::fs::read(file).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let (stored, rest) = rest.split_first_chunk::<16>()?;
    let (sum, payload) = rest.split_first_chunk::<8>()?;
    (u128::from_le_bytes(*stored) == key && u64::from_le_bytes(*sum) == checksum(payload))
        .then_some(bytes)
}

/// Best effort, like the note cache: a cache that cannot be written is
/// not an error.
fn save(dir: &Path, file: &Path, key: u128, index: &Index) {
    let payload = index.stored();
    let mut bytes = Vec::with_capacity(HEAD + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&checksum(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    if super::private_dir(dir).is_ok() {
        let _ = crate::write::atomic::replace_derived(file, &bytes);
    }
}
