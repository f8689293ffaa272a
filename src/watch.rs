//! Watch mode: keeps the index current file by file as notes change, and
//! re-plans and re-renders after each settled burst of changes.
//!
//! A changed note is re-read alone; only a change of `netkeep.toml`, a
//! `.gitignore`, a new folder, or an overflow reported by the OS re-reads
//! the whole vault. The agenda file is compared by content, so netkeep's
//! own writes are never mistaken for the user's and never loop.

use crate::config;
use crate::diagnostic::Diagnostic;
use crate::index::{Edits, Index, Live};
use crate::open::Vault;
use crate::vault;
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What changed in one settled burst, sorted out.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Notes to re-read (or drop, when gone), relative to the root. An
    /// entry ending in `/` is a folder that went away.
    pub notes: BTreeSet<String>,
    /// The config, a `.gitignore`, a new folder or an overflow: read it all.
    pub rescan: bool,
    /// The agenda file was touched (by the user, or by us).
    pub agenda: bool,
}

/// Whether a vault-relative path is a note the walk would read: a
/// non-hidden `.md` file in no dot-folder (so `.x.md.netkeep-tmp`, `*.swp`,
/// `*~`, `.#x.md` and `4913` are not). `.gitignore` rules are applied when
/// the note is loaded.
pub fn is_watched_note(rel: &str) -> bool {
    let mut parts = rel.split('/');
    let file = parts.next_back().unwrap_or("");
    parts.all(|p| !p.starts_with('.')) && vault::is_note_name(file)
}

/// Sorts the paths of a burst of events into what to do.
pub fn classify(root: &Path, agenda: Option<&Path>, paths: &[PathBuf], overflow: bool) -> Changes {
    let mut changes = Changes {
        rescan: overflow,
        ..Changes::default()
    };
    for path in paths {
        if agenda.is_some_and(|a| a == path) {
            changes.agenda = true;
        }
        if !path.starts_with(root) {
            continue;
        }
        let rel = vault::relative(root, path);
        if crate::skip::SETTINGS_FILES.contains(&rel.as_str()) {
            // A templates folder named or renamed: other files are notes.
            changes.rescan = true;
            continue;
        }
        if crate::daily_notes::SETTINGS_FILES.contains(&rel.as_str()) {
            // Which notes are daily notes may have changed.
            changes.rescan = true;
            continue;
        }
        if rel.starts_with("logseq/")
            && crate::daily_notes::is_logseq_own_folder(&root.join("logseq"))
        {
            continue;
        }
        if rel.is_empty()
            || rel
                .split('/')
                .any(|p| p.starts_with('.') && p != ".gitignore")
        {
            continue;
        }
        let name = rel.rsplit('/').next().unwrap_or("");
        if rel == config::FILE_NAME || name == ".gitignore" {
            changes.rescan = true;
        } else if is_watched_note(&rel) {
            changes.notes.insert(rel);
        } else if path.is_dir() {
            // A folder appeared or was renamed into the vault.
            changes.rescan = true;
        } else if !path.exists() {
            // Gone, and maybe a folder: drop whatever notes lay below it.
            changes.notes.insert(format!("{rel}/"));
        }
    }
    changes
}

/// The vault as watch mode keeps it: the index, and the read problems of
/// files it could not read, each kept until that file changes.
pub struct WatchedVault {
    /// Its root and config; a rescan opens it again, taking the unchanged
    /// notes from its cache when it has one.
    pub opened: Vault,
    pub index: Index,
    pub read_diagnostics: Vec<Diagnostic>,
    /// What the index keeps between updates, for a changed note to cost
    /// its own size.
    live: Live,
}

/// What one update did, for the status line and the tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Update {
    /// Files read from disk.
    pub read: usize,
    pub removed: usize,
    pub rescanned: bool,
    /// Diagnostics of the files just read.
    pub diagnostics: Vec<Diagnostic>,
}

impl WatchedVault {
    /// Reads the whole vault at `root` (unchanged notes, and the index
    /// when nothing changed, from the caches in `cache_dir`, when there is
    /// one), as a report's [`crate::cli::Session`] does.
    pub fn load(root: &Path, cache_dir: Option<PathBuf>, today: NaiveDate) -> WatchedVault {
        WatchedVault::of(Vault::at(root, cache_dir), today)
    }

    /// Reads the whole of an opened vault.
    pub fn of(opened: Vault, today: NaiveDate) -> WatchedVault {
        let indexed = opened.load(today);
        WatchedVault::new(opened, indexed.index, indexed.read_diagnostics)
    }

    /// Watches a vault already read into `index`, which is built again
    /// to keep what updates need.
    pub fn new(opened: Vault, index: Index, read_diagnostics: Vec<Diagnostic>) -> WatchedVault {
        let (index, live) = Live::build(index.notes, &opened.config, index.today);
        crate::timings::phase("watch: the index built to keep");
        WatchedVault {
            opened,
            index,
            read_diagnostics,
            live,
        }
    }

    /// Applies a burst of changes: re-reads only the notes in `changes`
    /// (all of them for a rescan), then updates the index for `today`.
    pub fn update(&mut self, changes: &Changes, today: NaiveDate) -> Update {
        if changes.rescan {
            let count_before = self.index.notes.len();
            *self = WatchedVault::of(self.opened.reopen(), today);
            let mut diagnostics: Vec<Diagnostic> = self.read_diagnostics.clone();
            diagnostics.extend(self.opened.config_diagnostics.iter().cloned());
            return Update {
                read: self.index.notes.len() + self.read_diagnostics.len(),
                removed: count_before.saturating_sub(self.index.notes.len()),
                rescanned: true,
                diagnostics,
            };
        }
        let t = crate::timings::now();
        // The index's notes are in path order.
        let notes = &self.index.notes;
        let exists = |rel: &str| notes.binary_search_by(|n| n.path.as_str().cmp(rel)).is_ok();
        let mut edits = Edits::new();
        let mut update = Update::default();
        let ignored = gitignore(&self.opened.root);
        // Templates and `exclude`d notes are no notes, as in the full walk
        // (the settings' warnings, if any, came with the last full read).
        let skips =
            crate::skip::Skips::read(&self.opened.root, &self.opened.config, &mut Vec::new());
        for rel in &changes.notes {
            if let Some(folder) = rel.strip_suffix('/') {
                let below = format!("{folder}/");
                for note in notes.iter().filter(|n| n.path.starts_with(&below)) {
                    if edits.insert(note.path.clone(), None).is_none() {
                        update.removed += 1;
                    }
                }
                continue;
            }
            self.read_diagnostics.retain(|d| &d.path != rel);
            let abs = self.opened.root.join(rel);
            let is_ignored = ignored.matched_path_or_any_parents(&abs, false).is_ignore()
                || skips.find(rel).is_some();
            let loaded = if abs.is_file() && !is_ignored {
                update.read += 1;
                Some(self.opened.load_file(rel, today))
            } else {
                None
            };
            match loaded {
                Some(Ok(note)) => {
                    update.diagnostics.extend(note.diagnostics.iter().cloned());
                    edits.insert(rel.clone(), Some(note));
                }
                Some(Err(diag)) => {
                    // Unreadable now: it no longer counts, and says why.
                    update.diagnostics.push(diag.clone());
                    self.read_diagnostics.push(diag);
                    edits.insert(rel.clone(), None);
                }
                None => {
                    // Gone, unless its folder's removal counted it.
                    let counted = matches!(edits.insert(rel.clone(), None), Some(None));
                    if exists(rel) && !counted {
                        update.removed += 1;
                    }
                }
            }
        }
        crate::timings::span("update: read notes", t);
        let t = crate::timings::now();
        // Without `Live`: the notes with the edits made, and `Index::build`.
        self.live
            .update(&mut self.index, edits, &self.opened.config, today);
        crate::timings::span("update: index", t);
        update
    }

    /// Re-plans for another day (midnight) without reading anything.
    pub fn replan(&mut self, today: NaiveDate) {
        self.live
            .update(&mut self.index, Edits::new(), &self.opened.config, today);
    }
}

/// The vault root's `.gitignore` rules (nested ones are applied by the full
/// walk; a change to any `.gitignore` triggers one).
fn gitignore(root: &Path) -> ignore::gitignore::Gitignore {
    let mut builder = ignore::gitignore::GitignoreBuilder::new(root);
    let _ = builder.add(root.join(".gitignore"));
    builder
        .build()
        .unwrap_or_else(|_| ignore::gitignore::Gitignore::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_and_swap_files_are_not_notes() {
        assert!(is_watched_note("people/Ann.md"));
        for rel in [
            "people/.Ann.md.netkeep-tmp",
            "people/.Ann.md.swp",
            "people/Ann.md~",
            "people/.#Ann.md",
            "people/4913",
            ".obsidian/x.md",
            "people/.trash/x.md",
        ] {
            assert!(!is_watched_note(rel), "{rel}");
        }
    }

    #[test]
    fn classify_sorts_paths() {
        let root = Path::new("/v");
        let agenda = Path::new("/v/Today.md");
        let paths: Vec<PathBuf> = [
            "/v/people/Ann.md",
            "/v/people/.Ann.md.netkeep-tmp",
            "/v/Today.md",
            "/elsewhere/x.md",
            "/v/.obsidian/workspace.json",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let c = classify(root, Some(agenda), &paths, false);
        assert!(c.agenda);
        assert!(!c.rescan);
        assert_eq!(
            c.notes.iter().collect::<Vec<_>>(),
            ["Today.md", "people/Ann.md"]
        );
        let c = classify(root, None, &[PathBuf::from("/v/netkeep.toml")], false);
        assert!(c.rescan);
        let c = classify(root, None, &[PathBuf::from("/v/sub/.gitignore")], false);
        assert!(c.rescan);
        for settings in [
            "/v/.obsidian/daily-notes.json",
            "/v/.obsidian/plugins/periodic-notes/data.json",
            "/v/logseq/config.edn",
        ] {
            let c = classify(root, None, &[PathBuf::from(settings)], false);
            assert!(c.rescan, "{settings}");
        }
        let c = classify(
            root,
            None,
            &[PathBuf::from("/v/.obsidian/workspace.json")],
            false,
        );
        assert!(!c.rescan);
        let c = classify(root, None, &[], true);
        assert!(c.rescan, "an overflow rescans");
        let c = classify(root, None, &[PathBuf::from("/v/gone-folder")], false);
        assert_eq!(c.notes.iter().collect::<Vec<_>>(), ["gone-folder/"]);
        for settings in crate::skip::SETTINGS_FILES {
            let c = classify(root, None, &[Path::new("/v").join(settings)], false);
            assert!(c.rescan, "{settings} names a templates folder");
        }
    }

    #[test]
    fn a_changed_template_is_no_note() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let today = crate::dates::parse_date("2026-11-23").unwrap();
        std::fs::create_dir_all(root.join("people")).unwrap();
        std::fs::create_dir_all(root.join("Templates")).unwrap();
        std::fs::create_dir_all(root.join("Archive")).unwrap();
        std::fs::write(
            root.join("netkeep.toml"),
            "exclude = [\"Archive\", \"Templates\"]\n",
        )
        .unwrap();
        std::fs::write(root.join("people/Ann.md"), "- 2026-11-01 x\n").unwrap();
        let mut v = WatchedVault::load(root, None, today);
        assert_eq!(v.index.contacts.len(), 1);
        let template = "---\ntype: person\nbirthday: {{date}}\n---\n";
        std::fs::write(root.join("Templates/Person.md"), template).unwrap();
        std::fs::write(root.join("Archive/Old.md"), template).unwrap();
        let changes = Changes {
            notes: ["Templates/Person.md", "Archive/Old.md"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            ..Changes::default()
        };
        let u = v.update(&changes, today);
        assert_eq!(u.read, 0);
        assert!(u.diagnostics.is_empty(), "{:?}", u.diagnostics);
        assert_eq!(v.index.contacts.len(), 1);
    }

    #[test]
    fn update_reads_only_the_changed_note() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let today = crate::dates::parse_date("2026-11-23").unwrap();
        std::fs::create_dir_all(root.join("people")).unwrap();
        for name in ["Ann", "Bo", "Cy"] {
            std::fs::write(root.join(format!("people/{name}.md")), "- 2026-11-01 x\n").unwrap();
        }
        let mut v = WatchedVault::load(root, None, today);
        assert_eq!(v.index.contacts.len(), 3);
        std::fs::write(
            root.join("people/Bo.md"),
            "- 2026-11-01 x\n- 2026-11-20 y\n",
        )
        .unwrap();
        std::fs::remove_file(root.join("people/Cy.md")).unwrap();
        std::fs::write(root.join("people/Dee.md"), "---\nname: [bad\n---\n").unwrap();
        let changes = Changes {
            notes: ["people/Bo.md", "people/Cy.md", "people/Dee.md"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            ..Changes::default()
        };
        let u = v.update(&changes, today);
        assert_eq!((u.read, u.removed, u.rescanned), (2, 1, false));
        assert_eq!(u.diagnostics.len(), 1, "Dee's broken YAML");
        let ids: Vec<_> = v
            .index
            .contacts
            .iter()
            .map(|c| v.index.note(c).id.clone())
            .collect();
        assert_eq!(ids, ["Ann", "Bo", "Dee"]);
        assert_eq!(v.index.resolve("bo").unwrap().touch_count, 2);
    }
}
