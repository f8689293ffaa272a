//! The note cache: notes parsed on an earlier run, kept outside the vault
//! (in the user's cache folder) and reused while their files are
//! unchanged, so that a report costs a walk of the vault's metadata and a
//! look at the cache's files instead of reading and parsing every note.
//! It is a layer over the loader ([`crate::vault`], which knows nothing of
//! it): [`open`] walks the vault, takes the unchanged notes from here, has
//! the loader read the rest, and saves what changed.
//!
//! The cache of a vault is a folder of 64 files, a note's file chosen by
//! its path, so that a change rewrites one of them. A file holds a table
//! (which notes, their files' stamps), the notes encoded in chunks as the
//! cache's own records (`record::CachedNote`: front matter, links,
//! texts), then, packed as fixed-size records, their linking entries,
//! tags and entries. The entries end the file and are read into a buffer
//! of their own, which the run keeps: they are never unpacked all at once,
//! a report reads the few it needs from there. The rest of the file is
//! dropped once the notes are taken. How a note is encoded is
//! this module's alone (`record`); the domain types carry nothing for it.
//!
//! A cached note is used only when its file has the same size, modification
//! time, change time, inode and device as when it was parsed, the parse
//! settings from `netkeep.toml` are the same, and netkeep is the same
//! build. A file changed within [`SETTLE`] of being read is never cached:
//! a second save in the same timestamp tick would otherwise go unseen (git
//! calls this "racily clean"). A cache that is missing, torn, damaged,
//! not a regular file, from another build or for other settings is ignored
//! and rewritten; it is never an error, since the notes themselves are the
//! truth. Every file is checked whole before use ([`file`]).
//!
//! Today: a parse depends on the day in one way, the texts it keeps (those
//! of follow-ups, and of plans dated from that day on). Each note is kept
//! with the day it was parsed for and served on that day or later, with
//! the texts of plans now past dropped as it is taken: a note parsed for
//! an earlier day holds every text a parse today keeps, so what a run gets
//! from the cache is exactly what parsing the file today gives, whatever
//! day filled the cache. Keying notes by the day alone would make the
//! first run of every day a cold one; keeping every text (a parse for the
//! earliest day) would cache the text of every past entry.
//!
//! Beside it, the index cache ([`index`], its format in [`stored`]) keeps
//! what the index adds to the notes, for runs that find every note
//! unchanged; it is keyed by the day, since the index is all about today.

mod file;
pub mod index;
mod layer;
mod record;
pub mod stored;

pub use layer::{open, Opened};

use crate::config::Config;
use crate::note::Note;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use record::{CachedNote, Packed};
use serde::{Deserialize, Serialize};
use std::fs::Metadata;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const MAGIC: &[u8; 8] = b"NKCACHE\n";
/// Changes whenever [`CachedNote`] or anything in it (its front matter's
/// `record::CachedFront` too) changes shape, or the packing of entries
/// ([`record`]): part of the build id, beside the format of the files
/// themselves ([`file`]).
const FORMAT: &str = "10";
/// How long a file must have been left alone before its parse is cached.
pub const SETTLE: Duration = Duration::from_secs(2);

/// What identifies one version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub struct FileStamp {
    len: u64,
    /// Seconds and nanoseconds since the epoch (negative before it).
    modified: (i64, u32),
    changed: (i64, u32),
    inode: u64,
    device: u64,
}

impl FileStamp {
    /// The stamp of a file's metadata (symlinks followed).
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> FileStamp {
        use std::os::unix::fs::MetadataExt;
        FileStamp::of_unix(
            meta.len(),
            (meta.mtime(), meta.mtime_nsec()),
            (meta.ctime(), meta.ctime_nsec()),
            meta.ino(),
            meta.dev(),
        )
    }

    /// A stamp from unix's fields: times as seconds and nanoseconds.
    #[cfg(unix)]
    fn of_unix(
        len: u64,
        modified: (i64, i64),
        changed: (i64, i64),
        inode: u64,
        device: u64,
    ) -> FileStamp {
        let time = |(secs, nanos): (i64, i64)| (secs, u32::try_from(nanos).unwrap_or(0));
        FileStamp {
            len,
            modified: time(modified),
            changed: time(changed),
            inode,
            device,
        }
    }

    #[cfg(not(unix))]
    pub fn of(meta: &Metadata) -> FileStamp {
        let modified = meta.modified().map_or((0, 0), |t| since_epoch(t));
        FileStamp {
            len: meta.len(),
            modified,
            changed: modified,
            inode: 0,
            device: 0,
        }
    }

    /// The stamp of a file that could not be looked at; never cached.
    pub fn of_nothing() -> FileStamp {
        FileStamp {
            len: 0,
            modified: (i64::MAX, 0),
            changed: (i64::MAX, 0),
            inode: 0,
            device: 0,
        }
    }

    /// Whether the file was last changed at least [`SETTLE`] before `now`.
    /// A stamp in the future (a clock set back, a network share) never is.
    pub fn is_settled(&self, now: SystemTime) -> bool {
        let limit = since_epoch(now.checked_sub(SETTLE).unwrap_or(UNIX_EPOCH));
        self.modified < limit && self.changed < limit
    }
}

fn since_epoch(t: SystemTime) -> (i64, u32) {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            d.subsec_nanos(),
        ),
        Err(e) => {
            let d = e.duration();
            let secs = -i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            match d.subsec_nanos() {
                0 => (secs, 0),
                n => (secs - 1, 1_000_000_000 - n),
            }
        }
    }
}

/// What `note::parse` depends on besides a note's text and today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ParseSettings {
    contact_dirs: Vec<String>,
    contact_types: Vec<String>,
    daily_dir: Option<String>,
    /// The `[keys]` table: each spelling (normalised) and the key it names.
    keys: Vec<(String, String)>,
    interaction_keys: Vec<String>,
    /// The vault's daily-notes folder and format (`.obsidian/` settings).
    daily_notes: Option<(String, String)>,
    /// `date_order`, as written (`dmy`, `mdy`, or empty).
    date_order: String,
}

impl ParseSettings {
    fn of(config: &Config) -> ParseSettings {
        ParseSettings {
            contact_dirs: config
                .contact_dirs
                .iter()
                .chain(config.contact_dir_globs.written())
                .cloned()
                .collect(),
            contact_types: config.contact_types.clone(),
            daily_dir: config.daily_dir.clone(),
            keys: config
                .keys
                .pairs()
                .map(|(s, k)| (s.to_string(), k.to_string()))
                .collect(),
            interaction_keys: config.interaction_keys.clone(),
            daily_notes: config
                .daily_notes
                .as_ref()
                .map(|d| (d.folder.clone(), d.format.written.clone())),
            date_order: config.date_order.as_str().to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    rel: String,
    stamp: FileStamp,
    /// The day the note was parsed for (its day number): the texts of
    /// plans dated from then on are kept, so it serves that day and later.
    parsed_for: i32,
    /// Where its packed parts (`record::pack`: entries, linking entries,
    /// entries' tags) lie in their regions of the file, start and length.
    /// Each kind has a region of its own: the entries are kept for the
    /// run, the rest dropped once the notes are taken.
    parts: [(u64, u64); 3],
}

/// What a shard file's payload starts with (after its length), before
/// the notes. The build is in the file's header ([`file`]).
#[derive(Debug, Serialize, Deserialize)]
struct Table {
    root: String,
    settings: ParseSettings,
    /// Sorted by `rel`.
    records: Vec<Record>,
    /// The byte lengths of the chunks of encoded notes that follow the
    /// table, [`CHUNK`] notes each, in the order of `records`; the packed
    /// parts of every note come after them: the linking entries' and the
    /// tags' regions (their lengths here), then the entries' region, which
    /// ends the file (its length starts the payload, so that a reader can
    /// read it into a buffer of its own).
    chunks: Vec<u64>,
    linking_len: u64,
    tags_len: u64,
}

/// Notes are encoded in chunks: the encoder has a cost per call.
const CHUNK: usize = 256;

/// How many files a vault's cache is split into, by a hash of each note's
/// path: a change rewrites one of them, not the whole cache.
const SHARDS: usize = 64;

/// What every file of a vault's cache must agree on to be used.
#[derive(Debug, Clone)]
struct Header {
    version: String,
    root: String,
    settings: ParseSettings,
}

/// The cache of one vault, as read at the start of a run.
pub struct NoteCache {
    dir: PathBuf,
    header: Header,
    shards: Vec<Shard>,
}

/// One file of the cache: the notes whose paths hash to it.
#[derive(Default)]
struct Shard {
    records: Vec<Record>,
    /// The file up to its entries: the notes of `records` less their
    /// packed parts, [`CHUNK`] to a chunk (`chunks`, in the order of
    /// `records`), and the linking entries' and tags' regions. Dropped
    /// once the run has taken its notes (which have their own copies):
    /// at 50,000 notes it is 45 to 85 MB that no report reads again.
    head: Vec<u8>,
    chunks: Vec<Chunk>,
    linking: Range<usize>,
    tags: Range<usize>,
    /// The file's entries, shared with the notes taken from here, which
    /// read theirs from it.
    packed: Option<Arc<Packed>>,
    /// How many notes have been taken.
    taken: usize,
}

/// A note for the next cache.
#[derive(Debug, Clone, Copy)]
pub struct Saved<'a> {
    pub note: &'a Note,
    pub stamp: FileStamp,
    pub parsed_for: NaiveDate,
    /// Read from its file on this run, not taken from the cache.
    pub fresh: bool,
}

/// Which netkeep wrote a cache (the build id in every cache file's
/// header): its version, the cache format, and the size and time of the
/// running program, so that any rebuild (a parser changed without a new
/// version number) starts a fresh cache too.
fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        let program = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let stamp = FileStamp::of(&m);
                format!("{} {:?}", stamp.len, stamp.modified)
            })
            .unwrap_or_default();
        format!(
            "netkeep {} cache {FORMAT} program {program}",
            env!("CARGO_PKG_VERSION")
        )
    })
}

/// Creates the cache folder readable by its owner only: it holds what the
/// notes say, and the vault may be private.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn shard_of(rel: &str) -> usize {
    (crate::stable_hash(&[rel]) % SHARDS as u64) as usize
}

impl NoteCache {
    /// The cache folder for the vault at `root` (canonical) in `dir`.
    pub fn dir_for(dir: &Path, root: &Path) -> PathBuf {
        let root = root.to_string_lossy();
        dir.join(format!("{:016x}", crate::stable_hash(&[&root])))
    }

    fn shard_file(&self, shard: usize) -> PathBuf {
        self.dir.join(format!("{shard:02x}.cache"))
    }

    /// Reads the cache in `dir` for the vault at `root`; a file that is
    /// missing or does not fit this vault, version or config counts as
    /// empty.
    pub fn open(dir: PathBuf, root: &Path, config: &Config) -> NoteCache {
        let mut cache = NoteCache {
            dir,
            header: Header {
                version: version().to_string(),
                root: root.to_string_lossy().into_owned(),
                settings: ParseSettings::of(config),
            },
            shards: Vec::new(),
        };
        cache.shards = (0..SHARDS)
            .into_par_iter()
            .map(|shard| Shard::read(&cache.shard_file(shard), &cache.header).unwrap_or_default())
            .collect();
        cache
    }

    /// What decides the index of a run whose every note came from this
    /// cache: the build, the config, the day, and each file's path and stamp
    /// in the order read. Two runs with the same fingerprint have the same
    /// notes (the cache vouches for each), so the same index.
    pub fn fingerprint(
        &self,
        config: &Config,
        today: NaiveDate,
        files: &[(&str, Option<FileStamp>)],
    ) -> u128 {
        use std::hash::{BuildHasher, Hash, Hasher};
        // Two 64-bit hashes with different seeds: an accidental collision
        // would serve another vault state's index.
        let halves = [0x6e65_746b_6565_7031_u64, 0x6e65_746b_6565_7032].map(|seed| {
            let mut h = foldhash::quality::FixedState::with_seed(seed).build_hasher();
            self.header.version.hash(&mut h);
            self.header.root.hash(&mut h);
            format!("{config:?}").hash(&mut h);
            today.hash(&mut h);
            files.hash(&mut h);
            h.finish()
        });
        (u128::from(halves[0]) << 64) | u128::from(halves[1])
    }

    /// The folder the cache lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many notes the cache holds.
    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.records.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Takes the note cached for `rel`, if its file still has `stamp` and
    /// it was parsed for `today` or earlier (its entries left packed in the
    /// cache's bytes).
    pub fn take(&mut self, rel: &str, stamp: &FileStamp, today: NaiveDate) -> Option<Note> {
        self.shards.get_mut(shard_of(rel))?.take(rel, stamp, today)
    }

    /// Takes the cached note for each of `files` (path and stamp) that it
    /// holds unchanged, as [`NoteCache::take`] does, the cache's files in
    /// parallel; `None` for the rest.
    pub fn take_all(
        &mut self,
        files: &[(&str, Option<FileStamp>)],
        today: NaiveDate,
    ) -> Vec<Option<Note>> {
        let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); self.shards.len()];
        for (i, (rel, stamp)) in files.iter().enumerate() {
            if stamp.is_some() {
                by_shard[shard_of(rel)].push(i);
            }
        }
        let found: Vec<Vec<(usize, Note)>> = self
            .shards
            .par_iter_mut()
            .zip(by_shard)
            .map(|(shard, wanted)| {
                let taken = wanted
                    .into_iter()
                    .filter_map(|i| {
                        let (rel, stamp) = &files[i];
                        Some((i, shard.take(rel, stamp.as_ref()?, today)?))
                    })
                    .collect();
                // The rest of the shard's notes are gone or changed: no
                // one takes them.
                shard.drop_head();
                taken
            })
            .collect();
        let mut notes: Vec<Option<Note>> = Vec::new();
        notes.resize_with(files.len(), || None);
        for (i, note) in found.into_iter().flatten() {
            notes[i] = Some(note);
        }
        notes
    }

    /// Writes each file of the next cache that would differ from this one:
    /// one of its notes was read afresh, or a cached one is gone. `notes`
    /// are the settled ones. Best effort: a cache that cannot be written is
    /// not an error. How many files were written.
    pub fn save(&self, notes: Vec<Saved<'_>>) -> usize {
        // Every note came from here and none has gone: nothing to write
        // (most runs).
        let all_taken = self.shards.iter().all(|s| s.taken == s.records.len());
        if all_taken && notes.len() == self.len() && notes.iter().all(|n| !n.fresh) {
            return 0;
        }
        let mut by_shard: Vec<Vec<Saved<'_>>> = vec![Vec::new(); SHARDS];
        for saved in notes {
            by_shard[shard_of(&saved.note.path)].push(saved);
        }
        if private_dir(&self.dir).is_err() {
            return 0;
        }
        file::clean_stale_temps(&self.dir);
        by_shard
            .into_par_iter()
            .enumerate()
            .filter(|(shard, notes)| {
                let old = self.shards.get(*shard);
                let taken = old.map_or(0, |s| s.taken);
                let cached = old.map_or(0, |s| s.records.len());
                let unchanged =
                    notes.iter().all(|n| !n.fresh) && taken == cached && notes.len() == cached;
                !unchanged
            })
            .map(|(shard, notes)| {
                Shard::write(notes, &self.header, &self.dir, &self.shard_file(shard))
            })
            .filter(|&written| written)
            .count()
    }
}

/// Notes are decoded a chunk at a time, when the first of them is taken,
/// and dropped once all are: decoded all at once, a 50,000-contact vault's
/// cached notes took 100 MB beside the notes made from them.
enum Chunk {
    /// Where its bytes lie in the shard's file.
    Encoded(Range<usize>),
    /// Its notes, until taken, and how many are left.
    Decoded(Vec<Option<CachedNote>>, usize),
    /// It did not decode to its notes (a netkeep bug: the file's checksum
    /// held): they are parsed afresh.
    Bad,
}

impl Shard {
    /// The note cached at `i`, decoding its chunk first if needed; `None`
    /// when the chunk does not hold the note of record `i`.
    fn take_cached(&mut self, i: usize) -> Option<CachedNote> {
        let chunk = self.chunks.get_mut(i / CHUNK)?;
        if let Chunk::Encoded(range) = chunk {
            let decoded: Option<Vec<CachedNote>> = self
                .head
                .get(range.clone())
                .and_then(|bytes| bitcode::deserialize(bytes).ok());
            let first = i / CHUNK * CHUNK;
            let expected = self.records.len().saturating_sub(first).min(CHUNK);
            *chunk = match decoded {
                Some(notes) if notes.len() == expected => {
                    Chunk::Decoded(notes.into_iter().map(Some).collect(), expected)
                }
                _ => Chunk::Bad,
            };
        }
        let Chunk::Decoded(notes, left) = chunk else {
            return None;
        };
        let note = notes.get_mut(i % CHUNK)?.take()?;
        *left -= 1;
        if *left == 0 {
            *chunk = Chunk::Decoded(Vec::new(), 0);
        }
        (note.path == self.records.get(i)?.rel).then_some(note)
    }

    /// The note cached for `rel` if its file still has `stamp` and it was
    /// parsed for `today` or earlier, with its packed parts put back;
    /// `None` too if they do not fit it.
    fn take(&mut self, rel: &str, stamp: &FileStamp, today: NaiveDate) -> Option<Note> {
        let i = self
            .records
            .binary_search_by(|r| r.rel.as_str().cmp(rel))
            .ok()?;
        let record = &self.records[i];
        if record.stamp != *stamp || record.parsed_for > today.num_days_from_ce() {
            return None;
        }
        let mut ranges = [0..0, 0..0, 0..0];
        for (range, &(start, len)) in ranges.iter_mut().zip(&record.parts) {
            let start = usize::try_from(start).ok()?;
            *range = start..start.checked_add(usize::try_from(len).ok()?)?;
        }
        let note = self.take_cached(i)?;
        self.taken += 1;
        let [entries, linking, tags] = ranges;
        let linking = self.head.get(self.linking.clone())?.get(linking)?;
        let tags = self.head.get(self.tags.clone())?.get(tags)?;
        note.into_note(self.packed.as_ref()?, entries, linking, tags, today)
    }

    /// Drops what only taking notes needs: the notes' encoded chunks and
    /// their linking entries and tags (taken notes have their own copies).
    fn drop_head(&mut self) {
        self.head = Vec::new();
        self.chunks = Vec::new();
    }

    /// The shard in the file at `path`; `None` when it is not a whole,
    /// undamaged cache for this vault, build and config.
    fn read(path: &Path, header: &Header) -> Option<Shard> {
        let head_len = file::header_len(&header.version);
        // The payload starts with the lengths of the table and the
        // entries.
        let (head, entries) = file::read_split(path, head_len + 16, |first| {
            let (len, _) = first.get(head_len + 8..)?.split_first_chunk::<8>()?;
            Some(u64::from_le_bytes(*len))
        })?;
        // Nothing from the file is decoded before its checksum holds: a
        // flipped bit in a date would otherwise be a wrong report.
        if !file::verify_split(&head, &entries, MAGIC, &header.version) {
            return None;
        }
        let (len, rest) = head.get(head_len..)?.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        let table: Table = bitcode::deserialize(rest.get(8..)?.get(..len)?).ok()?;
        if table.root != header.root
            || table.settings != header.settings
            || !table.records.is_sorted_by(|a, b| a.rel < b.rel)
        {
            return None;
        }
        let mut at = head_len.checked_add(16)?.checked_add(len)?;
        let mut chunks = Vec::with_capacity(table.chunks.len());
        for &chunk in &table.chunks {
            let end = at.checked_add(usize::try_from(chunk).ok()?)?;
            chunks.push(Chunk::Encoded(at..end));
            at = end;
        }
        let linking = at..at.checked_add(usize::try_from(table.linking_len).ok()?)?;
        let tags = linking.end
            ..linking
                .end
                .checked_add(usize::try_from(table.tags_len).ok()?)?;
        let region_len = [entries.len(), linking.len(), tags.len()].map(|l| l as u64);
        let fits = tags.end == head.len()
            && chunks.len() == table.records.len().div_ceil(CHUNK)
            && table.records.iter().all(|r| {
                r.parts
                    .iter()
                    .zip(region_len)
                    .all(|(&(start, len), region)| {
                        start.checked_add(len).is_some_and(|end| end <= region)
                    })
            });
        if !fits {
            return None;
        }
        Some(Shard {
            records: table.records,
            head,
            chunks,
            linking,
            tags,
            packed: Some(Arc::new(Packed::new(entries))),
            taken: 0,
        })
    }

    /// Writes `notes` as the shard in `path`, in the cache folder `dir`.
    fn write(mut notes: Vec<Saved<'_>>, header: &Header, dir: &Path, path: &Path) -> bool {
        if notes.is_empty() {
            return std::fs::remove_file(path).is_ok();
        }
        notes.sort_by(|a, b| a.note.path.cmp(&b.note.path));
        notes.dedup_by(|a, b| a.note.path == b.note.path);
        // Each note's three parts are kept apart and copied once, straight
        // into the file's buffer: gathering them into regions first cost two
        // more copies of the whole shard, in fresh memory.
        let (notes, parts): (Vec<Saved<'_>>, Vec<[Vec<u8>; 3]>) = notes
            .into_iter()
            .filter_map(|s| Some((s, record::pack(s.note)?)))
            .unzip();
        let mut region_len = [0u64; 3];
        for note_parts in &parts {
            for (len, part) in region_len.iter_mut().zip(note_parts) {
                *len += part.len() as u64;
            }
        }
        // Each region's offsets are its own.
        let mut at = [0u64; 3];
        let mut records = Vec::with_capacity(notes.len());
        for (saved, note_parts) in notes.iter().zip(&parts) {
            let mut place = [(0, 0); 3];
            for ((place, part), at) in place.iter_mut().zip(note_parts).zip(&mut at) {
                *place = (*at, part.len() as u64);
                *at += part.len() as u64;
            }
            records.push(Record {
                rel: saved.note.path.clone(),
                stamp: saved.stamp,
                parsed_for: saved.parsed_for.num_days_from_ce(),
                parts: place,
            });
        }
        let packed_len: u64 = region_len.iter().sum();
        let mut chunks = Vec::new();
        for chunk in notes.chunks(CHUNK) {
            let chunk: Vec<CachedNote> = chunk.iter().map(|s| CachedNote::of(s.note)).collect();
            let Ok(bytes) = bitcode::serialize(&chunk) else {
                return false;
            };
            chunks.push(bytes);
        }
        let table = Table {
            root: header.root.clone(),
            settings: header.settings.clone(),
            records,
            chunks: chunks.iter().map(|c| c.len() as u64).collect(),
            linking_len: region_len[1],
            tags_len: region_len[2],
        };
        let Ok(table) = bitcode::serialize(&table) else {
            return false;
        };
        let size = 16
            + chunks.iter().map(Vec::len).sum::<usize>()
            + table.len()
            + usize::try_from(packed_len).unwrap_or(0);
        let out = file::frame(MAGIC, &header.version, size, |out| {
            out.extend_from_slice(&(table.len() as u64).to_le_bytes());
            out.extend_from_slice(&region_len[0].to_le_bytes());
            out.extend_from_slice(&table);
            for chunk in &chunks {
                out.extend_from_slice(chunk);
            }
            // The entries last: a reader keeps them apart from the rest.
            for k in [1, 2, 0] {
                for note_parts in &parts {
                    out.extend_from_slice(&note_parts[k]);
                }
            }
        });
        file::write(dir, path, &out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn stamp(len: u64) -> FileStamp {
        FileStamp {
            len,
            modified: (1_700_000_000, 5),
            changed: (1_700_000_000, 5),
            inode: 7,
            device: 1,
        }
    }

    fn note(rel: &str, text: &str) -> Note {
        let (config, _) = Config::parse("");
        crate::vault::load_text(rel, text, &config, d("2026-11-23"))
    }

    const ANN: &str = "---\nname: Ann\nbirthday: 1990-02-29\ncadence: 2w\nnext_follow_up: 2026-12-01\n---\n\
                       ## Log\n- 2026-11-20 <- call #call [[Bo]]\n- [ ] 2026-12-24 dinner\n- 2026-01-02 -> mail\n\
                       - 2026-01-01 out of order\n- 2026-12-30 party #Party\n";
    const BO: &str = "- 2026-11-01 lunch\n";

    /// A cache in a temporary folder holding Ann (stamp 10) and Bo (20).
    fn saved() -> (tempfile::TempDir, PathBuf, Config) {
        let dir = tempfile::tempdir().unwrap();
        let (config, _) = Config::parse("");
        let file = NoteCache::dir_for(dir.path(), Path::new("/vault"));
        let (ann, bo) = (note("people/Ann.md", ANN), note("people/Bo.md", BO));
        let empty = NoteCache::open(file.clone(), Path::new("/vault"), &config);
        assert!(empty.is_empty());
        let saved = |note, len| Saved {
            note,
            stamp: stamp(len),
            parsed_for: d("2026-11-23"),
            fresh: true,
        };
        assert!(empty.save(vec![saved(&bo, 20), saved(&ann, 10)]) >= 1);
        (dir, file, config)
    }

    fn get(cache: &mut NoteCache, rel: &str, len: u64, today: &str) -> Option<Note> {
        cache.take(rel, &stamp(len), d(today))
    }

    #[test]
    fn a_note_comes_back_as_it_was_parsed() {
        let (_dir, file, config) = saved();
        let mut cache = NoteCache::open(file, Path::new("/vault"), &config);
        assert_eq!(cache.len(), 2);
        let ann = get(&mut cache, "people/Ann.md", 10, "2026-11-24").expect("cached");
        assert_eq!(ann, note("people/Ann.md", ANN));
        assert_eq!(ann.text(ann.entries.len() - 1), Some("party #Party"));
        let bo = get(&mut cache, "people/Bo.md", 20, "2026-11-24").expect("cached");
        assert_eq!(bo, note("people/Bo.md", BO));
        assert!(
            get(&mut cache, "people/Bo.md", 20, "2026-11-24").is_none(),
            "taken once"
        );
        let unchanged = [&ann, &bo].map(|note| Saved {
            note,
            stamp: stamp(note.entries.len() as u64),
            parsed_for: d("2026-11-24"),
            fresh: false,
        });
        assert_eq!(cache.save(unchanged.to_vec()), 0, "nothing new");
        let mut one_fresh = unchanged;
        one_fresh[0].fresh = true;
        assert_eq!(
            cache.save(one_fresh.to_vec()),
            1,
            "a note read afresh: its file rewritten"
        );
        assert_eq!(
            cache.save(unchanged[..1].to_vec()),
            1,
            "a note gone: its file rewritten"
        );
    }

    #[test]
    fn taking_every_note_keeps_only_the_entries_of_the_file() {
        let (_dir, file, config) = saved();
        let mut cache = NoteCache::open(file, Path::new("/vault"), &config);
        let held: usize = cache.shards.iter().map(|s| s.head.len()).sum();
        assert!(held > 0, "the notes' chunks are read");
        let wanted = [
            ("people/Ann.md", Some(stamp(10))),
            ("people/Bo.md", Some(stamp(20))),
        ];
        let notes = cache.take_all(&wanted, d("2026-11-24"));
        assert!(notes.iter().all(Option::is_some), "both taken");
        assert!(
            cache
                .shards
                .iter()
                .all(|s| s.head.is_empty() && s.chunks.is_empty()),
            "what only taking needs is dropped"
        );
        let ann = notes[0].as_ref().expect("taken");
        assert_eq!(
            ann,
            &note("people/Ann.md", ANN),
            "entries read from the kept part"
        );
    }

    /// What the cache gives on a later day is what parsing the file that
    /// day gives: the texts of plans now past are not kept.
    #[test]
    fn notes_are_decoded_a_chunk_at_a_time_and_a_chunk_that_does_not_fit_is_a_miss() {
        let (_dir, file, config) = saved();
        let mut cache = NoteCache::open(file.clone(), Path::new("/vault"), &config);
        let shard = shard_of("people/Ann.md");
        assert!(
            matches!(cache.shards[shard].chunks[..], [Chunk::Encoded(_)]),
            "nothing is decoded before it is taken"
        );
        assert!(get(&mut cache, "people/Ann.md", 10, "2026-11-24").is_some());
        let chunk = &cache.shards[shard].chunks[0];
        match (shard == shard_of("people/Bo.md"), chunk) {
            // Bo is still in the chunk; once taken, the chunk is dropped.
            (true, Chunk::Decoded(notes, 1)) => assert_eq!(notes.len(), 2),
            (false, Chunk::Decoded(notes, 0)) => assert!(notes.is_empty()),
            _ => panic!("the chunk was not decoded as expected"),
        }

        // A record whose chunk holds another note is a miss, never that note.
        let mut cache = NoteCache::open(file, Path::new("/vault"), &config);
        let shard = &mut cache.shards[shard_of("people/Ann.md")];
        let ann = shard
            .records
            .iter()
            .position(|r| r.rel == "people/Ann.md")
            .unwrap();
        shard.records[ann].rel = "people/Zed.md".into();
        assert!(shard.take_cached(ann).is_none());
    }

    #[test]
    fn a_note_taken_on_a_later_day_is_that_days_parse() {
        let (_dir, file, config) = saved();
        let mut cache = NoteCache::open(file, Path::new("/vault"), &config);
        let later = get(&mut cache, "people/Ann.md", 10, "2027-01-01").expect("cached");
        let (config, _) = Config::parse("");
        let parsed_later = crate::vault::load_text("people/Ann.md", ANN, &config, d("2027-01-01"));
        assert_eq!(later, parsed_later);
        assert_ne!(
            later,
            note("people/Ann.md", ANN),
            "the party's text is gone"
        );
        assert_eq!(later.text(later.entries.len() - 1), None);
    }

    #[test]
    fn a_changed_file_an_earlier_day_or_other_settings_miss() {
        let (_dir, file, config) = saved();
        let root = Path::new("/vault");
        let mut cache = NoteCache::open(file.clone(), root, &config);
        assert!(get(&mut cache, "people/Ann.md", 11, "2026-11-23").is_none());
        let mut touched = stamp(10);
        touched.changed.1 += 1;
        assert!(cache
            .take("people/Ann.md", &touched, d("2026-11-23"))
            .is_none());
        assert!(
            get(&mut cache, "people/Ann.md", 10, "2026-11-22").is_none(),
            "parsed for a later day: a plan's text may be missing"
        );
        assert!(get(&mut cache, "people/Cy.md", 10, "2026-11-23").is_none());
        assert!(get(&mut cache, "people/Ann.md", 10, "2026-11-23").is_some());

        let (other, _) = Config::parse("contact_dirs = [\"crm\"]\n");
        assert!(NoteCache::open(file.clone(), root, &other).is_empty());
        assert!(NoteCache::open(file, Path::new("/elsewhere"), &config).is_empty());
    }

    #[test]
    fn a_torn_or_garbled_file_never_gives_a_wrong_note() {
        let (_dir, dir, config) = saved();
        let root = Path::new("/vault");
        let file = dir.join(format!("{:02x}.cache", shard_of("people/Ann.md")));
        let whole = std::fs::read(&file).unwrap();
        let check = |bytes: &[u8]| {
            std::fs::write(&file, bytes).unwrap();
            let mut cache = NoteCache::open(dir.clone(), root, &config);
            // Either nothing, or the note as it was parsed.
            if let Some(n) = get(&mut cache, "people/Ann.md", 10, "2026-11-23") {
                assert_eq!(n, note("people/Ann.md", ANN));
            }
        };
        for cut in [0, 5, 8, 12, 40, whole.len() / 2, whole.len() - 1] {
            check(&whole[..cut]);
        }
        let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..200 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let mut garbled = whole.clone();
            let at = (rng % garbled.len() as u64) as usize;
            garbled[at] ^= 1 << (rng >> 61);
            std::fs::write(&file, &garbled).unwrap();
            // The checksum catches every flip: the note is read afresh.
            let mut cache = NoteCache::open(dir.clone(), root, &config);
            assert!(
                get(&mut cache, "people/Ann.md", 10, "2026-11-23").is_none(),
                "bit {} of byte {at} flipped, yet the note came from the cache",
                rng >> 61
            );
        }
        check(b"not a cache");
        for shard in std::fs::read_dir(&dir).unwrap() {
            std::fs::write(shard.unwrap().path(), b"not a cache").unwrap();
        }
        assert!(NoteCache::open(dir, root, &config).is_empty());
    }

    /// A cache file cut short in place (by another program) after it was
    /// read cannot fault or change a note: its bytes were read into memory
    /// and checked, never mapped, so nothing reads the file again.
    #[test]
    fn a_shard_cut_short_after_it_is_read_changes_nothing() {
        let (_dir, dir, config) = saved();
        let mut cache = NoteCache::open(dir.clone(), Path::new("/vault"), &config);
        for shard in std::fs::read_dir(&dir).unwrap() {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(shard.unwrap().path())
                .unwrap();
            file.set_len(3).unwrap();
        }
        let ann = get(&mut cache, "people/Ann.md", 10, "2026-11-24").expect("cached");
        // Every packed entry read after the cut.
        let texts: Vec<_> = (0..ann.entries.len()).map(|i| ann.text(i)).collect();
        let parsed = note("people/Ann.md", ANN);
        let expected: Vec<_> = (0..parsed.entries.len()).map(|i| parsed.text(i)).collect();
        assert_eq!(texts, expected);
        assert_eq!(ann, parsed);
    }

    #[test]
    fn stale_temp_files_are_cleaned_when_the_cache_is_saved() {
        let (_dir, dir, config) = saved();
        let stale = dir.join(".00.cache.4242.netkeep-tmp");
        let f = std::fs::File::create(&stale).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(7200))
            .unwrap();
        let cache = NoteCache::open(dir.clone(), Path::new("/vault"), &config);
        let bo = note("people/Bo.md", BO);
        let saved = Saved {
            note: &bo,
            stamp: stamp(21),
            parsed_for: d("2026-11-23"),
            fresh: true,
        };
        assert!(cache.save(vec![saved]) >= 1);
        assert!(!stale.exists(), "a killed process's temporary file stayed");
        let temps = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().ends_with(".netkeep-tmp")
            })
            .count();
        assert_eq!(temps, 0, "the save left its own temporary file");
    }

    #[test]
    fn recent_changes_are_not_settled() {
        let now = SystemTime::now();
        let at = |t: SystemTime| FileStamp {
            modified: since_epoch(t),
            changed: since_epoch(t),
            ..stamp(1)
        };
        assert!(at(now - Duration::from_secs(60)).is_settled(now));
        assert!(!at(now - Duration::from_millis(500)).is_settled(now));
        assert!(!at(now + Duration::from_secs(60)).is_settled(now));
        let mut old_content_new_inode = at(now - Duration::from_secs(60));
        old_content_new_inode.changed = since_epoch(now);
        assert!(!old_content_new_inode.is_settled(now));
        assert!(!FileStamp::of_nothing().is_settled(now));
        assert_eq!(
            since_epoch(UNIX_EPOCH - Duration::from_millis(1500)),
            (-2, 500_000_000)
        );
    }
}
