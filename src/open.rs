//! Opening a vault, the one way every command, `watch` and `log` get their
//! notes: the root, its config, then the notes read (through the cache
//! layer when there is one) and indexed.
//!
//! With the cache (the `cache` feature, and no `--no-cache`) the notes and
//! the index go through [`crate::cache::open`]; without it the loader
//! ([`vault::load`]) and [`Index::build`] run on their own. Either way the
//! result is the same index: the cache only makes it faster.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::index::Index;
use crate::note::Note;
use crate::vault::{self, Loaded, NoteFile};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A vault found on disk, with its config: what is read before any note.
#[derive(Debug)]
pub struct Vault {
    /// Canonical, so that paths from the OS (watch events) compare.
    pub root: PathBuf,
    pub config: Config,
    pub config_diagnostics: Vec<Diagnostic>,
    /// The caches' folder for this vault; `None` reads every note.
    cache_dir: Option<PathBuf>,
    /// Nothing marked the root as a vault (no `--vault`, `netkeep.toml` or
    /// `.obsidian/`): it is the working directory.
    pub guessed: bool,
}

/// The user's home folder, canonical, if it can be told.
fn home() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    PathBuf::from(home).canonicalize().ok()
}

/// A vault read and indexed.
#[derive(Debug)]
pub struct Indexed {
    pub index: Index,
    /// Files that could not be read or walked.
    pub read_diagnostics: Vec<Diagnostic>,
    /// How many notes came from the note cache rather than their files.
    pub from_cache: usize,
    /// Whether the index came from the index cache.
    pub index_cached: bool,
    /// How many notes each skip rule left out of the walk.
    pub skipped: Vec<crate::skip::Skipped>,
    /// How long reading the notes took, before the index.
    pub read: Duration,
}

/// Why there is no vault to open.
#[derive(Debug)]
pub enum NoVault {
    /// The folder it would be does not exist or is not a folder.
    Missing(PathBuf),
    /// Nothing marks a vault here or above, and here is the file system's
    /// root or the home folder: netkeep does not guess that.
    TooWide(PathBuf),
}

impl Vault {
    /// Finds the vault ([`vault::find_root`]: `explicit`, else the nearest
    /// folder above `cwd` that looks like one) and reads its config.
    /// `cache` is the folder that holds the caches of every vault (a
    /// vault's own is found in it); `None` for `--no-cache`.
    pub fn open(
        explicit: Option<&Path>,
        cwd: &Path,
        cache: Option<&Path>,
    ) -> Result<Vault, NoVault> {
        let (root, from) = vault::locate_root(explicit, cwd);
        if !root.is_dir() {
            return Err(NoVault::Missing(root));
        }
        let root = root
            .canonicalize()
            .map_err(|_| NoVault::Missing(root.clone()))?;
        let guessed = from == vault::RootFrom::Cwd;
        if guessed && vault::too_wide_to_guess(&root, home().as_deref()) {
            return Err(NoVault::TooWide(root));
        }
        let cache_dir = cache.and_then(|dir| cache_dir_for(dir, &root));
        Ok(Vault {
            guessed,
            ..Vault::at(&root, cache_dir)
        })
    }

    /// The vault at `root` (canonical), its caches in `cache_dir` (this
    /// vault's own folder, as [`Vault::cache_dir`] gives it).
    pub fn at(root: &Path, cache_dir: Option<PathBuf>) -> Vault {
        let (mut config, mut config_diagnostics) = Config::load(root);
        if config.daily_dir.is_none() {
            let (daily, diags) = crate::daily_notes::DailyNotes::load(root);
            config.daily_notes = daily;
            config_diagnostics.extend(diags);
        }
        Vault {
            root: root.to_path_buf(),
            config,
            config_diagnostics,
            cache_dir,
            guessed: false,
        }
    }

    /// The same vault with its config read again (it may have changed).
    pub fn reopen(&self) -> Vault {
        Vault {
            guessed: self.guessed,
            ..Vault::at(&self.root, self.cache_dir.clone())
        }
    }

    /// This vault's cache folder, unless the cache is off.
    pub fn cache_dir(&self) -> Option<&Path> {
        self.cache_dir.as_deref()
    }

    /// Reads every note and indexes them for `today`.
    pub fn load(&self, today: NaiveDate) -> Indexed {
        #[cfg(feature = "cache")]
        if let Some(dir) = &self.cache_dir {
            let opened = crate::cache::open(&self.root, &self.config, today, dir.clone());
            return Indexed {
                index: opened.index,
                read_diagnostics: opened.diagnostics,
                from_cache: opened.from_cache,
                index_cached: opened.index_cached,
                read: opened.read,
                skipped: opened.skipped,
            };
        }
        let started = std::time::Instant::now();
        let loaded = vault::load(&self.root, &self.config, today);
        let read = started.elapsed();
        Indexed {
            index: Index::build(loaded.notes, &self.config, today),
            read_diagnostics: loaded.diagnostics,
            from_cache: 0,
            index_cached: false,
            read,
            skipped: loaded.skipped,
        }
    }

    /// Reads only the notes whose file stem is `stem` (in any case), for
    /// a command that needs one note and not the vault's index. The walk
    /// is the whole vault's; no other note is read, and no cache is
    /// needed for that.
    pub fn load_named(&self, stem: &str, today: NaiveDate) -> Loaded {
        let wanted = crate::index::lowercase(stem.trim());
        vault::load_where(&self.root, &self.config, today, |file| {
            crate::index::lowercase(crate::note::id_of(&file.rel)) == wanted
        })
    }

    /// Reads one note, `rel` in the vault.
    pub fn load_file(&self, rel: &str, today: NaiveDate) -> Result<Note, Diagnostic> {
        let file = NoteFile {
            rel: rel.to_string(),
            abs: self.root.join(rel),
        };
        vault::load_note(&file, &self.config, today)
    }
}

/// The folder for the caches of the vault at `root` (canonical) inside
/// `dir`; `None` when netkeep is built without the cache.
pub fn cache_dir_for(dir: &Path, root: &Path) -> Option<PathBuf> {
    #[cfg(feature = "cache")]
    return Some(crate::cache::NoteCache::dir_for(dir, root));
    #[cfg(not(feature = "cache"))]
    {
        let _ = (dir, root);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("people")).unwrap();
        std::fs::create_dir_all(root.join("journal")).unwrap();
        std::fs::write(root.join("people/Ann.md"), "- 2026-11-01 -> mail [[Bo]]\n").unwrap();
        std::fs::write(root.join("people/Bo.md"), "---\ncadence: 2w\n---\n").unwrap();
        std::fs::write(root.join("journal/2026-11-20.md"), "- lunch with [[Ann]]\n").unwrap();
        dir
    }

    fn today() -> NaiveDate {
        crate::dates::parse_date("2026-11-23").unwrap()
    }

    #[test]
    fn a_missing_folder_is_no_vault() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nowhere");
        let err = Vault::open(Some(&missing), dir.path(), None).unwrap_err();
        assert!(matches!(err, NoVault::Missing(dir) if dir == missing));
    }

    #[test]
    fn load_named_reads_only_the_notes_of_that_stem() {
        let dir = vault();
        let vault = Vault::open(Some(dir.path()), dir.path(), None).unwrap();
        let loaded = vault.load_named(" ann ", today());
        let paths: Vec<_> = loaded.notes.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(paths, ["people/Ann.md"]);
        assert!(loaded.diagnostics.is_empty());
        assert!(vault.load_named("Cy", today()).notes.is_empty());
    }

    /// The cache is a layer: the same vault opened through it (empty, then
    /// filled) and without it gives the same index.
    #[test]
    fn with_or_without_the_cache_the_same_index() {
        let dir = vault();
        let caches = tempfile::tempdir().unwrap();
        let plain = Vault::open(Some(dir.path()), dir.path(), None).unwrap();
        assert!(plain.cache_dir().is_none());
        let without = plain.load(today());
        assert_eq!(without.from_cache, 0);
        assert_eq!(without.index.contacts.len(), 2);
        let cached = Vault::open(Some(dir.path()), dir.path(), Some(caches.path())).unwrap();
        assert_eq!(cached.cache_dir().is_some(), cfg!(feature = "cache"));
        for _ in 0..2 {
            let with = cached.load(today());
            assert_eq!(with.index.notes, without.index.notes);
            assert_eq!(with.index.contacts, without.index.contacts);
            assert_eq!(with.index.diagnostics, without.index.diagnostics);
        }
    }
}
