//! The note cache: notes parsed on an earlier run, kept outside the vault
//! (in the user's cache folder) and reused while their files are
//! unchanged, so that a report costs a walk of the vault's metadata and one
//! read of this file instead of reading and parsing every note.
//!
//! A cached note is used only when its file has the same size, modification
//! time, change time, inode and device as when it was parsed, the parse
//! settings from `netkeep.toml` are the same, and netkeep is the same
//! version. A file changed within [`SETTLE`] of being read is never cached:
//! a second save in the same timestamp tick would otherwise go unseen (git
//! calls this "racily clean"). A cache that is missing, torn, from another
//! version or for other settings is ignored and rewritten; it is never an
//! error, since the notes themselves are the truth.

use crate::config::Config;
use crate::note::Note;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fs::Metadata;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const MAGIC: &[u8; 8] = b"NKCACHE\n";
/// Changes whenever `Note` or anything in it changes shape.
const FORMAT: &str = "1";
/// How long a file must have been left alone before its parse is cached.
pub const SETTLE: Duration = Duration::from_secs(2);

/// What identifies one version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
        let nanos = |n: i64| u32::try_from(n).unwrap_or(0);
        FileStamp {
            len: meta.len(),
            modified: (meta.mtime(), nanos(meta.mtime_nsec())),
            changed: (meta.ctime(), nanos(meta.ctime_nsec())),
            inode: meta.ino(),
            device: meta.dev(),
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
}

impl ParseSettings {
    fn of(config: &Config) -> ParseSettings {
        ParseSettings {
            contact_dirs: config.contact_dirs.clone(),
            contact_types: config.contact_types.clone(),
            daily_dir: config.daily_dir.clone(),
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
    /// Where its packed entries lie in the entries part of the file.
    entries_start: u64,
    entries_len: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Table {
    version: String,
    root: String,
    settings: ParseSettings,
    /// Sorted by `rel`.
    records: Vec<Record>,
    /// The byte lengths of the chunks of encoded notes that follow the
    /// table, [`CHUNK`] notes each, in the order of `records`; the packed
    /// entries of every note come after them.
    chunks: Vec<u64>,
}

/// Notes are encoded in chunks, decoded in parallel: large enough for the
/// encoder's per-call cost not to matter, small enough to share out.
const CHUNK: usize = 256;

/// The cache of one vault, as read at the start of a run.
#[derive(Debug)]
pub struct NoteCache {
    file: PathBuf,
    version: String,
    root: String,
    settings: ParseSettings,
    records: Vec<Record>,
    /// The notes of `records` (their entries still packed), until taken.
    notes: Vec<Option<Note>>,
    /// Every note's packed entries.
    entries: Vec<u8>,
}

/// A note taken from the cache whose entries are not unpacked yet (see
/// [`NoteCache::unpack`], which can run in parallel).
#[derive(Debug)]
pub struct Taken {
    note: Note,
    entries: Range<usize>,
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

fn version() -> String {
    format!("netkeep {} cache {FORMAT}", env!("CARGO_PKG_VERSION"))
}

impl NoteCache {
    /// The cache file for the vault at `root` (canonical) in `dir`.
    pub fn file_for(dir: &Path, root: &Path) -> PathBuf {
        let root = root.to_string_lossy();
        dir.join(format!("{:016x}.cache", crate::stable_hash(&[&root])))
    }

    /// Reads the cache in `file` for the vault at `root`; an empty cache
    /// when there is none or it does not fit this vault, version or config.
    pub fn open(file: PathBuf, root: &Path, config: &Config) -> NoteCache {
        let mut cache = NoteCache {
            file,
            version: version(),
            root: root.to_string_lossy().into_owned(),
            settings: ParseSettings::of(config),
            records: Vec::new(),
            notes: Vec::new(),
            entries: Vec::new(),
        };
        let Ok(bytes) = std::fs::read(&cache.file) else {
            return cache;
        };
        if let Some((records, notes, entries_at)) = cache.read(&bytes) {
            cache.records = records;
            cache.notes = notes.into_iter().map(Some).collect();
            let mut entries = bytes;
            entries.drain(..entries_at);
            cache.entries = entries;
        }
        cache
    }

    /// The records and notes of a cache file, and where its entries start;
    /// `None` when it is not a cache for this vault, version and config.
    fn read(&self, bytes: &[u8]) -> Option<(Vec<Record>, Vec<Note>, usize)> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let (len, rest) = rest.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        let table: Table = bitcode::deserialize(rest.get(..len)?).ok()?;
        if table.version != self.version
            || table.root != self.root
            || table.settings != self.settings
            || !table.records.is_sorted_by(|a, b| a.rel < b.rel)
        {
            return None;
        }
        let mut at = MAGIC.len() + 8 + len;
        let mut chunks = Vec::with_capacity(table.chunks.len());
        for &chunk in &table.chunks {
            let end = at.checked_add(usize::try_from(chunk).ok()?)?;
            chunks.push(bytes.get(at..end)?);
            at = end;
        }
        let decoded: Vec<Option<Vec<Note>>> = chunks
            .par_iter()
            .map(|chunk| bitcode::deserialize(chunk).ok())
            .collect();
        let mut notes = Vec::with_capacity(table.records.len());
        for chunk in decoded {
            notes.extend(chunk?);
        }
        let entries_len = bytes.len() - at;
        let fits = notes.len() == table.records.len()
            && table.records.iter().zip(&notes).all(|(r, n)| {
                r.rel == n.path
                    && r.entries_start
                        .checked_add(r.entries_len)
                        .is_some_and(|end| end <= entries_len as u64)
            });
        fits.then_some((table.records, notes, at))
    }

    /// How many notes the cache holds.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Takes the note cached for `rel`, if its file still has `stamp` and
    /// it was parsed for `today` or earlier.
    pub fn take(&mut self, rel: &str, stamp: &FileStamp, today: NaiveDate) -> Option<Taken> {
        let i = self
            .records
            .binary_search_by(|r| r.rel.as_str().cmp(rel))
            .ok()?;
        let record = &self.records[i];
        if record.stamp != *stamp || record.parsed_for > today.num_days_from_ce() {
            return None;
        }
        let start = usize::try_from(record.entries_start).ok()?;
        let entries = start..start.checked_add(usize::try_from(record.entries_len).ok()?)?;
        let note = self.notes.get_mut(i)?.take()?;
        Some(Taken { note, entries })
    }

    /// A taken note with its entries; `None` if they do not fit it.
    pub fn unpack(&self, taken: Taken) -> Option<Note> {
        let mut note = taken.note;
        let bytes = self.entries.get(taken.entries)?;
        note.set_entries_from_bytes(bytes).then_some(note)
    }

    /// Writes the next cache if it would differ from this one: a note was
    /// read afresh, or a cached one is gone. `notes` are the settled ones.
    /// Best effort: a cache that cannot be written is not an error.
    pub fn save(&self, mut notes: Vec<Saved<'_>>) -> bool {
        let taken = self.notes.iter().filter(|n| n.is_none()).count();
        let unchanged = notes.iter().all(|n| !n.fresh)
            && taken == self.records.len()
            && notes.len() == self.records.len();
        if unchanged {
            return false;
        }
        notes.sort_by(|a, b| a.note.path.cmp(&b.note.path));
        notes.dedup_by(|a, b| a.note.path == b.note.path);
        let mut entries = Vec::new();
        let mut records = Vec::with_capacity(notes.len());
        for saved in &notes {
            let packed = saved.note.entries_to_bytes();
            records.push(Record {
                rel: saved.note.path.clone(),
                stamp: saved.stamp,
                parsed_for: saved.parsed_for.num_days_from_ce(),
                entries_start: entries.len() as u64,
                entries_len: packed.len() as u64,
            });
            entries.extend_from_slice(&packed);
        }
        let chunks: Vec<Option<Vec<u8>>> = notes
            .par_chunks(CHUNK)
            .map(|chunk| {
                let chunk: Vec<&Note> = chunk.iter().map(|s| s.note).collect();
                bitcode::serialize(&chunk).ok()
            })
            .collect();
        let Some(chunks) = chunks.into_iter().collect::<Option<Vec<Vec<u8>>>>() else {
            return false;
        };
        let table = Table {
            version: self.version.clone(),
            root: self.root.clone(),
            settings: self.settings.clone(),
            records,
            chunks: chunks.iter().map(|c| c.len() as u64).collect(),
        };
        let Ok(table) = bitcode::serialize(&table) else {
            return false;
        };
        let size = chunks.iter().map(Vec::len).sum::<usize>() + table.len() + entries.len();
        let mut out = Vec::with_capacity(MAGIC.len() + 8 + size);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(table.len() as u64).to_le_bytes());
        out.extend_from_slice(&table);
        for chunk in &chunks {
            out.extend_from_slice(chunk);
        }
        out.extend_from_slice(&entries);
        if let Some(dir) = self.file.parent() {
            if std::fs::create_dir_all(dir).is_err() {
                return false;
            }
        }
        crate::write::atomic::replace_derived(&self.file, &out).is_ok()
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
        let file = NoteCache::file_for(dir.path(), Path::new("/vault"));
        let (ann, bo) = (note("people/Ann.md", ANN), note("people/Bo.md", BO));
        let empty = NoteCache::open(file.clone(), Path::new("/vault"), &config);
        assert!(empty.is_empty());
        let saved = |note, len| Saved {
            note,
            stamp: stamp(len),
            parsed_for: d("2026-11-23"),
            fresh: true,
        };
        assert!(empty.save(vec![saved(&bo, 20), saved(&ann, 10)]));
        (dir, file, config)
    }

    fn get(cache: &mut NoteCache, rel: &str, len: u64, today: &str) -> Option<Note> {
        let taken = cache.take(rel, &stamp(len), d(today))?;
        cache.unpack(taken)
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
        assert!(
            !cache.save(unchanged.to_vec()),
            "nothing new: not rewritten"
        );
        assert!(
            cache.save(unchanged[..1].to_vec()),
            "a note gone: rewritten"
        );
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
        let (_dir, file, config) = saved();
        let root = Path::new("/vault");
        let whole = std::fs::read(&file).unwrap();
        let check = |bytes: &[u8]| {
            std::fs::write(&file, bytes).unwrap();
            let mut cache = NoteCache::open(file.clone(), root, &config);
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
            // Must not panic; a flipped bit in a string may survive.
            let mut cache = NoteCache::open(file.clone(), root, &config);
            let _ = get(&mut cache, "people/Ann.md", 10, "2026-11-23");
        }
        check(b"not a cache");
        std::fs::write(&file, b"not a cache").unwrap();
        assert!(NoteCache::open(file, root, &config).is_empty());
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
