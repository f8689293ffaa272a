//! How every cache file is laid out, read and written. The cache is
//! derived data that other programs, a crash or a failing disk can damage,
//! so nothing in a file is used before the whole of it has been checked:
//!
//! ```text
//! magic (8) | format (u32) | build id length (u32) | build id
//! | payload length (u64) | checksum (u64) | payload
//! ```
//!
//! The checksum (XXH3, 64 bits) covers everything before it and the whole
//! payload. A file that is not a regular file, too large, from another
//! format or build, cut short or damaged anywhere reads as missing, and
//! the caller rebuilds what it held.
//!
//! Files are read into memory, never mapped: a mapped file that another
//! program truncates faults (SIGBUS) on the next read of a page past its
//! new end, and reading costs a few percent of a warm report (see the
//! README's Performance section).

use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Changes whenever the layout of any cache file changes.
const FORMAT: u32 = 5;

/// No cache file is ever this large (a 50,000-contact vault's largest is a
/// few MB): anything larger is not ours, and is not read.
pub(super) const MAX_LEN: u64 = 1 << 30;

// A save's temporary files end as every netkeep temp file does
// (`.<random>.netkeep-tmp`, and the older `.<name>.<pid>.netkeep-tmp`).
use crate::write::atomic::TEMP_SUFFIX;

/// A temporary file this old is left from a process that was killed
/// mid-save: no save takes this long.
const STALE: Duration = Duration::from_secs(60 * 60);

/// The checksum of a payload held in one piece or in several (a shard's
/// entries are read into a buffer of their own): the same either way.
fn checksum(prefix: &[u8], payload: &[&[u8]]) -> u64 {
    let seed = xxhash_rust::xxh3::xxh3_64(prefix);
    let mut hasher = xxhash_rust::xxh3::Xxh3::with_seed(seed);
    for part in payload {
        hasher.update(part);
    }
    hasher.digest()
}

/// The header up to its checksum.
fn prefix(magic: &[u8; 8], build: &str, payload_len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + 4 + 4 + build.len() + 8);
    out.extend_from_slice(magic);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&u32::try_from(build.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(build.as_bytes());
    out.extend_from_slice(&(payload_len as u64).to_le_bytes());
    out
}

/// The length of the header of a file from `build`: where its payload
/// starts.
pub(super) fn header_len(build: &str) -> usize {
    8 + 4 + 4 + build.len() + 8 + 8
}

/// A whole file: the header, then the payload that `fill` appends (about
/// `payload_len` bytes), written straight into the file's buffer so that a
/// large payload is not copied again.
pub(super) fn frame(
    magic: &[u8; 8],
    build: &str,
    payload_len: usize,
    fill: impl FnOnce(&mut Vec<u8>),
) -> Vec<u8> {
    let head = header_len(build);
    let mut out = Vec::with_capacity(head + payload_len);
    out.resize(head, 0);
    fill(&mut out);
    let payload_len = out.len() - head;
    let prefix = prefix(magic, build, payload_len);
    let sum = checksum(&prefix, &[&out[head..]]);
    out[..prefix.len()].copy_from_slice(&prefix);
    out[prefix.len()..head].copy_from_slice(&sum.to_le_bytes());
    out
}

/// Whether `bytes` are a whole, undamaged file with `magic` from this
/// `build`: then its payload starts at [`header_len`].
pub(super) fn verify(bytes: &[u8], magic: &[u8; 8], build: &str) -> bool {
    verify_split(bytes, &[], magic, build)
}

/// [`verify`] for a file read in two pieces, `head` then `tail`.
pub(super) fn verify_split(head: &[u8], tail: &[u8], magic: &[u8; 8], build: &str) -> bool {
    let head_len = header_len(build);
    let Some((header, payload)) = head.split_at_checked(head_len) else {
        return false;
    };
    let prefix = prefix(magic, build, payload.len() + tail.len());
    // The header must be the one this build writes for a payload of this
    // length: that checks magic, format, build and length at once.
    if header[..prefix.len()] != prefix[..] {
        return false;
    }
    let Ok(stored) = <[u8; 8]>::try_from(&header[prefix.len()..]) else {
        return false;
    };
    u64::from_le_bytes(stored) == checksum(&prefix, &[payload, tail])
}

/// The bytes of the cache file at `path` when it is a regular file of at
/// most [`MAX_LEN`] bytes; `None` for anything else, missing or not.
///
/// A symlink is not followed (one to `/dev/zero` would never end), and a
/// FIFO is opened without waiting for a writer (it would wait forever):
/// both are then refused by their type.
pub(super) fn read(path: &Path) -> Option<Vec<u8>> {
    crate::file::read_regular(path, MAX_LEN, crate::file::Links::Refuse).ok()
}

/// The cache file at `path` (as [`read`] takes it) in two buffers: its
/// last `tail_len(first)` bytes apart from the rest, where `first` are its
/// first `peek` bytes. A shard keeps its entries, its tail, for the whole
/// run and drops the rest once its notes are taken. Nothing is checked
/// here but lengths: the caller verifies both pieces together
/// ([`verify_split`]), so a file that changes between the reads fails.
pub(super) fn read_split(
    path: &Path,
    peek: usize,
    tail_len: impl FnOnce(&[u8]) -> Option<u64>,
) -> Option<(Vec<u8>, Vec<u8>)> {
    use std::io::Read;
    let (file, len) = crate::file::open_regular(path, MAX_LEN, crate::file::Links::Refuse).ok()?;
    let read = |n: u64, out: &mut Vec<u8>| {
        out.reserve_exact(usize::try_from(n).ok()?);
        let before = out.len();
        (&file).take(n).read_to_end(out).ok()?;
        (out.len() - before == usize::try_from(n).ok()?).then_some(())
    };
    let peek = (peek as u64).min(len);
    let mut head = Vec::new();
    read(peek, &mut head)?;
    let tail = tail_len(&head)?;
    read(len.checked_sub(peek)?.checked_sub(tail)?, &mut head)?;
    let mut rest = Vec::new();
    read(tail, &mut rest)?;
    Some((head, rest))
}

/// Replaces the file at `path` (in `dir`) by `bytes`: written to a new
/// temporary file (a random name created exclusively, readable by its
/// owner only, removed if anything fails) and renamed over the name. The
/// rename replaces whatever the name held, a symlink or a FIFO included,
/// instead of writing through it. Not flushed to disk: after a crash a
/// torn file fails its checksum and is rebuilt. Best effort, like every
/// cache write.
pub(super) fn write(dir: &Path, path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut temp) = tempfile::Builder::new()
        .prefix(".")
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
    else {
        return false;
    };
    temp.write_all(bytes).is_ok() && temp.persist(path).is_ok()
}

/// Removes the temporary files a killed process left in `dir` (older than
/// [`STALE`]); a save in progress in another process is younger. Only
/// names of netkeep's temporary files, never a folder.
pub(super) fn clean_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if !(name.starts_with('.') && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        // Not following symlinks: the age and kind of the name itself.
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE);
        if old && !meta.is_dir() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAGIC: &[u8; 8] = b"NKTEST!\n";

    fn framed(payload: &[u8]) -> Vec<u8> {
        frame(MAGIC, "build 1", payload.len(), |out| {
            out.extend_from_slice(payload)
        })
    }

    #[test]
    fn a_framed_payload_verifies_and_starts_after_the_header() {
        let bytes = framed(b"hello");
        assert!(verify(&bytes, MAGIC, "build 1"));
        assert_eq!(&bytes[header_len("build 1")..], b"hello");
        assert!(!verify(&bytes, MAGIC, "build 2"), "another build");
        assert!(!verify(&bytes, b"NKOTHER\n", "build 1"), "another kind");
        assert!(verify(&framed(b""), MAGIC, "build 1"));
    }

    #[test]
    fn every_flipped_bit_and_every_cut_fails_verification() {
        let bytes = framed(b"a payload of some length, with a date 2026-11-23");
        for at in 0..bytes.len() {
            for bit in 0..8 {
                let mut bad = bytes.clone();
                bad[at] ^= 1 << bit;
                assert!(!verify(&bad, MAGIC, "build 1"), "bit {bit} of byte {at}");
            }
        }
        for len in 0..bytes.len() {
            assert!(!verify(&bytes[..len], MAGIC, "build 1"), "cut at {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(!verify(&longer, MAGIC, "build 1"));
    }

    #[test]
    fn a_file_read_in_pieces_is_the_file_and_verifies_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("00.cache");
        let bytes = framed(b"table, chunks, then the entries at the end");
        std::fs::write(&path, &bytes).unwrap();
        for tail in [0, 1, 11, bytes.len() - header_len("build 1")] {
            let (head, rest) = read_split(&path, 4, |first| {
                assert_eq!(first, &bytes[..4]);
                Some(tail as u64)
            })
            .expect("read");
            assert_eq!(rest.len(), tail);
            assert_eq!([&head[..], &rest[..]].concat(), bytes);
            assert!(verify_split(&head, &rest, MAGIC, "build 1"));
            let mut bad = rest.clone();
            if let Some(b) = bad.last_mut() {
                *b ^= 1;
                assert!(!verify_split(&head, &bad, MAGIC, "build 1"));
            }
        }
        let too_long = read_split(&path, 4, |_| Some(bytes.len() as u64));
        assert!(too_long.is_none(), "a tail longer than the file");
        assert!(read_split(&path, 4, |_| None).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_a_symlink_or_a_folder_reads_as_missing() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        crate::file::make_fifo(&fifo);
        assert_eq!(read(&fifo), None, "and it did not wait for a writer");
        let real = dir.path().join("real");
        std::fs::write(&real, b"bytes").unwrap();
        assert_eq!(read(&real).as_deref(), Some(&b"bytes"[..]));
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(read(&link), None);
        assert_eq!(read(dir.path()), None);
        assert_eq!(read(&dir.path().join("missing")), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_write_replaces_a_symlink_or_fifo_instead_of_writing_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::write(&outside, b"keep me").unwrap();
        let cache = dir.path().join("cache");
        std::fs::create_dir(&cache).unwrap();
        let link = cache.join("00.cache");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(write(&cache, &link, b"new"));
        assert_eq!(std::fs::read(&outside).unwrap(), b"keep me");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
        assert_eq!(read(&link).as_deref(), Some(&b"new"[..]));

        let fifo = cache.join("01.cache");
        crate::file::make_fifo(&fifo);
        assert!(write(&cache, &fifo, b"fifo no more"));
        assert_eq!(read(&fifo).as_deref(), Some(&b"fifo no more"[..]));
        // Only the two files: no temporary file left behind.
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 2);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&fifo).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
    }

    #[test]
    fn stale_temp_files_are_removed_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, age: Duration| {
            let path = dir.path().join(name);
            let f = std::fs::File::create(&path).unwrap();
            f.set_modified(SystemTime::now() - age).unwrap();
            path
        };
        let hour = Duration::from_secs(3600);
        let killed = file(".00.cache.4242.netkeep-tmp", 2 * hour);
        let killed_new_style = file(".aB3xYz.netkeep-tmp", 2 * hour);
        let in_progress = file(".cD4wVu.netkeep-tmp", Duration::from_secs(5));
        let shard = file("00.cache", 2 * hour);
        let other = file(".keep.netkeep-tmp.not", 2 * hour);
        clean_stale_temps(dir.path());
        assert!(!killed.exists());
        assert!(!killed_new_style.exists());
        assert!(in_progress.exists(), "another process may be saving");
        assert!(shard.exists());
        assert!(other.exists());
    }
}
