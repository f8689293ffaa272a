//! The vault on disk: where its root is, which files are notes, and reading
//! them into parsed notes, as a function of root, config and today that
//! knows nothing of any cache ([`crate::cache`] is a layer over it). A
//! file that cannot be read is a diagnostic and the walk goes on.

use crate::config::Config;
use crate::diagnostic::{line_col, Diagnostic};
use crate::note::{self, Note, ParseContext};
use crate::skip::{Skipped, Skips};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Finds the vault root: `explicit` (from `--vault` or `$NETKEEP_VAULT`),
/// else the nearest ancestor of `cwd` holding `netkeep.toml` or
/// `.obsidian/`, else `cwd`.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> PathBuf {
    locate_root(explicit, cwd).0
}

/// How the vault root was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootFrom {
    /// `--vault` or `$NETKEEP_VAULT`.
    Named,
    /// A folder holding `netkeep.toml` or `.obsidian/`.
    Marked,
    /// Nothing marked a vault: the working directory, as a guess.
    Cwd,
}

/// [`find_root`], and how the root was found.
pub fn locate_root(explicit: Option<&Path>, cwd: &Path) -> (PathBuf, RootFrom) {
    if let Some(path) = explicit {
        return (cwd.join(path), RootFrom::Named);
    }
    match cwd
        .ancestors()
        .find(|dir| dir.join(crate::config::FILE_NAME).is_file() || dir.join(".obsidian").is_dir())
    {
        Some(dir) => (dir.to_path_buf(), RootFrom::Marked),
        None => (cwd.to_path_buf(), RootFrom::Cwd),
    }
}

/// Whether `dir` (canonical) is too wide to read as a guessed vault: the
/// file system's root or the home folder itself (`home`, canonical), where
/// a walk would read the whole disk or every project the user has.
pub fn too_wide_to_guess(dir: &Path, home: Option<&Path>) -> bool {
    dir.parent().is_none() || home.is_some_and(|home| home == dir)
}

/// A Markdown file found in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteFile {
    /// Relative to the vault root, with `/`.
    pub rel: String,
    pub abs: PathBuf,
}

/// The vault-relative path of `abs`, with `/`.
pub fn relative(root: &Path, abs: &Path) -> String {
    let rel = abs.strip_prefix(root).unwrap_or(abs);
    if cfg!(unix) {
        // Already `/`-separated: no need to take it apart (the walk calls
        // this for every file).
        return rel.to_string_lossy().into_owned();
    }
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// Whether a file name is one netkeep reads: `.md`, not hidden (that also
/// leaves out our own `.<name>.netkeep-tmp` files and editors' swap files).
pub fn is_note_name(name: &str) -> bool {
    !name.starts_with('.')
        && name.len() > 3
        && name.is_char_boundary(name.len() - 3)
        && name[name.len() - 3..].eq_ignore_ascii_case(".md")
}

/// Lists the vault's notes: `.md` files, skipping dot-folders and what the
/// vault's `.gitignore` files exclude. A loop or an unreadable folder is a
/// warning and the walk goes on.
///
/// Symlinked folders are followed only while they stay inside the vault:
/// a link to `/` or a home folder would otherwise walk the whole disk, and
/// a note found there is not part of the vault a user can see in git.
/// Each folder reached through a symlink is walked once, so links that
/// point at one another (not a loop, but a web) cannot multiply the walk.
/// Symlinked *files* are read wherever they point: linking a note in from
/// another folder is ordinary, and reading it changes nothing there.
pub fn discover(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<NoteFile> {
    discover_skipping(root, &Skips::default(), diags).files
}

/// The notes [`discover`] finds, less those that `skips` leaves out.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<NoteFile>,
    /// How many notes each rule left out, in the rules' order.
    pub skipped: Vec<Skipped>,
}

/// Lists the notes of the vault at `root` as its config and settings
/// have them: templates folders and `exclude` patterns are not walked
/// into notes ([`crate::skip`]), and are counted instead.
pub fn discover_notes(root: &Path, config: &Config, diags: &mut Vec<Diagnostic>) -> Discovered {
    let skips = Skips::read(root, config, diags);
    discover_skipping(root, &skips, diags)
}

fn discover_skipping(root: &Path, skips: &Skips, diags: &mut Vec<Diagnostic>) -> Discovered {
    let mut counts = vec![0usize; skips.rules().len()];
    let root_target = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // The walk calls the filter itself; what it refuses is told afterwards.
    let refused: Arc<Mutex<Vec<Diagnostic>>> = Arc::default();
    let linked_folders: Mutex<HashSet<PathBuf>> = Mutex::default();
    let filter = {
        let root = root.to_path_buf();
        let refused = Arc::clone(&refused);
        move |entry: &ignore::DirEntry| {
            let is_linked_folder = entry.depth() > 0
                && entry.path_is_symlink()
                && entry.file_type().is_some_and(|t| t.is_dir());
            if !is_linked_folder {
                return true;
            }
            let Ok(target) = entry.path().canonicalize() else {
                // The walk reports what it cannot open.
                return true;
            };
            let refusal = if !target.starts_with(&root_target) {
                format!(
                    "symlink to {}, outside the vault; not followed (move that folder into the vault, or link its notes one by one)",
                    target.display()
                )
            } else if !lock(&linked_folders).insert(target.clone()) {
                format!(
                    "another symlink to {} was already followed; not followed twice",
                    relative(&root_target, &target)
                )
            } else {
                return true;
            };
            lock(&refused).push(Diagnostic::warning(
                &relative(&root, entry.path()),
                1,
                1,
                refusal,
            ));
            false
        }
    };
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .parents(false)
        .ignore(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(filter)
        .build();
    let mut files = Vec::new();
    for result in walker {
        match result {
            Ok(entry) => {
                let Some(file_type) = entry.file_type() else {
                    continue;
                };
                let name = entry.file_name().to_string_lossy();
                if !is_note_name(&name) {
                    continue;
                }
                let rel = relative(root, entry.path());
                if let Some(rule) = skips.find(&rel) {
                    if let Some(count) = counts.get_mut(rule) {
                        *count += 1;
                    }
                    continue;
                }
                if file_type.is_file() {
                    files.push(NoteFile {
                        rel,
                        abs: entry.path().to_path_buf(),
                    });
                } else if !file_type.is_dir() {
                    // A FIFO would block the read, a device never end.
                    diags.push(Diagnostic::warning(
                        &rel,
                        1,
                        1,
                        "not a regular file (a pipe, socket or device); not read",
                    ));
                }
            }
            Err(err) => diags.push(walk_diagnostic(root, &err)),
        }
    }
    diags.append(&mut lock(&refused));
    let skipped = skips
        .rules()
        .iter()
        .zip(counts)
        .map(|(rule, notes)| Skipped {
            rule: rule.clone(),
            notes,
        })
        .collect();
    Discovered { files, skipped }
}

/// A lock whose holder cannot have left its data half-changed (a push, an
/// insert), so a panic elsewhere does not stop the walk.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn walk_diagnostic(root: &Path, err: &ignore::Error) -> Diagnostic {
    fn find(root: &Path, err: &ignore::Error) -> Option<Diagnostic> {
        match err {
            ignore::Error::Loop { child, ancestor } => Some(Diagnostic::warning(
                &relative(root, child),
                1,
                1,
                format!(
                    "symlink loop back to {}; not followed",
                    relative(root, ancestor)
                ),
            )),
            ignore::Error::WithPath { path, err } => Some(Diagnostic::warning(
                &relative(root, path),
                1,
                1,
                format!("cannot read: {}", innermost(err)),
            )),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                find(root, err)
            }
            ignore::Error::Partial(errs) => errs.first().and_then(|e| find(root, e)),
            _ => None,
        }
    }
    find(root, err).unwrap_or_else(|| Diagnostic::warning(".", 1, 1, innermost(err)))
}

fn innermost(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => innermost(err),
        ignore::Error::Io(e) => e.to_string(),
        other => other.to_string(),
    }
}

/// The largest file read as a note.
pub const MAX_NOTE_BYTES: u64 = 256 << 20;

/// Reads a note's bytes as UTF-8 text. UTF-16 and other non-UTF-8 files
/// are diagnostics, never guessed at (and so never rewritten).
/// A file larger than [`MAX_NOTE_BYTES`] is no note and is not read: a
/// FIFO or a device put in a note's place since the walk is not either.
pub fn read_text(file: &NoteFile) -> Result<String, Diagnostic> {
    let bytes = crate::file::read_regular(&file.abs, MAX_NOTE_BYTES, crate::file::Links::Follow)
        .map_err(|e| Diagnostic::warning(&file.rel, 1, 1, format!("cannot read: {e}")))?;
    decode(&file.rel, bytes)
}

/// The text of a file's bytes, or why it is not text netkeep reads. Text
/// netkeep would misread is refused too, so that it is never rewritten.
pub fn decode(rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::warning(
            rel,
            1,
            1,
            "UTF-16 text is not read; netkeep reads UTF-8 only (convert with `iconv -f UTF-16 -t UTF-8`)",
        ));
    }
    // Valid UTF-8 may hold NULs, but a note never does: UTF-16 without a
    // byte-order mark (every other byte NUL) or a binary file named `.md`.
    if let Some(nul) = memchr::memchr(0, &bytes) {
        let prefix = String::from_utf8_lossy(&bytes[..nul]);
        let (line, column) = line_col(&prefix, prefix.len());
        return Err(Diagnostic::warning(
            rel,
            line,
            column,
            format!(
                "holds NUL bytes: looks like UTF-16 or binary; netkeep reads UTF-8 only, and the note is not read (convert with `iconv -f {} -t UTF-8`)",
                utf16_guess(&bytes)
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let (line, column) = line_col(&prefix, prefix.len());
        Diagnostic::warning(
            rel,
            line,
            column,
            "not UTF-8 text; the note is not read (save it as UTF-8)",
        )
    })?;
    // Classic Mac line endings: every line would run into one, and a
    // rewrite would mix endings.
    if let Some(cr) = memchr::memchr(b'\r', text.as_bytes()) {
        if memchr::memchr(b'\n', text.as_bytes()).is_none() {
            let (line, column) = line_col(&text, cr);
            return Err(Diagnostic::warning(
                rel,
                line,
                column,
                "lines end in CR only (classic Mac); netkeep reads LF or CRLF line endings, and the note is not read (convert with `tr '\\r' '\\n'`)",
            ));
        }
    }
    Ok(text)
}

/// The encoding `iconv` should convert from, guessed from where the NULs
/// are: UTF-16 text that is mostly ASCII has a NUL after (little-endian)
/// or before (big-endian) each character.
fn utf16_guess(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(4096)];
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    if even > odd {
        "UTF-16BE"
    } else {
        "UTF-16LE"
    }
}

/// What decides how a file is parsed, from its path and the config.
pub fn parse_context<'a>(rel: &'a str, config: &'a Config, today: NaiveDate) -> ParseContext<'a> {
    let lower = rel.to_lowercase();
    let under =
        |dir: &str| lower.starts_with(dir) && lower.as_bytes().get(dir.len()) == Some(&b'/');
    let stem = note::id_of(rel);
    let daily_date = if stem.len() == 10 {
        crate::dates::parse_date(stem).filter(|_| config.daily_dir.as_deref().is_none_or(under))
    } else {
        None
    };
    let daily_date = daily_date.or_else(|| {
        let vaults_own = config
            .daily_notes
            .as_ref()
            .filter(|_| config.daily_dir.is_none());
        vaults_own.and_then(|daily| daily.date_of(rel))
    });
    ParseContext {
        path: rel,
        in_contact_dir: config.contact_dirs.iter().any(|d| under(d))
            || config.contact_dir_globs.find(rel).is_some(),
        contact_types: &config.contact_types,
        key_spellings: &config.keys,
        daily_date,
        interaction_keys: &config.interaction_keys,
        date_order: config.date_order,
        today,
    }
}

/// Reads and parses one file.
pub fn load_note(file: &NoteFile, config: &Config, today: NaiveDate) -> Result<Note, Diagnostic> {
    let text = read_text(file)?;
    Ok(load_text(&file.rel, &text, config, today))
}

/// Parses a note's text as if read from `rel`.
pub fn load_text(rel: &str, text: &str, config: &Config, today: NaiveDate) -> Note {
    note::parse(text, &parse_context(rel, config, today))
}

/// The notes of a vault, in path order, and what went wrong reading it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub notes: Vec<Note>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many notes each skip rule left out of the walk.
    pub skipped: Vec<Skipped>,
}

/// Discovers, reads and parses every note, in parallel.
pub fn load(root: &Path, config: &Config, today: NaiveDate) -> Loaded {
    load_where(root, config, today, |_| true)
}

/// Like [`load`], for the notes whose files `wanted` picks: the walk is
/// the same, and no other note is read.
pub fn load_where(
    root: &Path,
    config: &Config,
    today: NaiveDate,
    wanted: impl Fn(&NoteFile) -> bool + Sync,
) -> Loaded {
    let mut diagnostics = Vec::new();
    let Discovered { files, skipped } = discover_notes(root, config, &mut diagnostics);
    let results: Vec<Result<Note, Diagnostic>> = files
        .par_iter()
        .filter(|file| wanted(file))
        .map(|file| load_note(file, config, today))
        .collect();
    let mut notes = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(note) => notes.push(note),
            Err(diag) => diagnostics.push(diag),
        }
    }
    Loaded {
        notes,
        diagnostics,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disk_root_and_the_home_folder_are_too_wide_to_guess() {
        let home = Path::new("/home/ann");
        assert!(too_wide_to_guess(Path::new("/"), Some(home)));
        assert!(too_wide_to_guess(home, Some(home)));
        assert!(!too_wide_to_guess(&home.join("Notes"), Some(home)));
        assert!(!too_wide_to_guess(&home.join("Notes"), None));
    }

    #[test]
    fn note_names() {
        assert!(is_note_name("Ann.md"));
        assert!(is_note_name("Ann.MD"));
        assert!(!is_note_name(".Ann.md.netkeep-tmp"));
        assert!(!is_note_name(".hidden.md"));
        assert!(!is_note_name("Ann.txt"));
        assert!(!is_note_name(".md"));
        assert!(!is_note_name("é.md~"));
    }

    #[test]
    fn decode_refuses_utf16_and_points_at_bad_bytes() {
        let d = decode("a.md", vec![0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(d.message.contains("UTF-16"));
        let d = decode("a.md", b"ok\nab\xFFc".to_vec()).unwrap_err();
        assert_eq!((d.line, d.column), (2, 3));
        assert_eq!(decode("a.md", b"fine".to_vec()).unwrap(), "fine");
    }

    #[test]
    fn decode_refuses_utf16_without_a_bom_and_binary() {
        let wide: Vec<u8> = "---\nname: Wide\n---\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let d = decode("a.md", wide).unwrap_err();
        assert!(d.message.contains("UTF-16"), "{}", d.message);
        assert!(
            d.message.contains("iconv -f UTF-16LE -t UTF-8"),
            "{}",
            d.message
        );
        assert_eq!((d.line, d.column), (1, 2));
        let big: Vec<u8> = "hi".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(decode("a.md", big)
            .unwrap_err()
            .message
            .contains("UTF-16BE"));
        let d = decode("a.md", b"ok\nab\0c".to_vec()).unwrap_err();
        assert_eq!((d.line, d.column), (2, 3));
    }

    #[test]
    fn decode_refuses_cr_only_line_endings() {
        let d = decode("a.md", b"---\rname: Ann\r---\r".to_vec()).unwrap_err();
        assert!(d.message.contains("LF or CRLF"), "{}", d.message);
        assert_eq!((d.line, d.column), (1, 4));
        assert!(decode("a.md", b"---\r\nname: Ann\r\n".to_vec()).is_ok());
        assert!(decode("a.md", b"no line end".to_vec()).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_folders_outside_the_vault_are_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("Stranger.md"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("people")).unwrap();
        std::fs::write(root.join("people/Ann.md"), "x").unwrap();
        std::os::unix::fs::symlink("/", root.join("people/disk")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("away")).unwrap();
        // A symlinked file is read wherever it points.
        std::os::unix::fs::symlink(
            outside.path().join("Stranger.md"),
            root.join("people/Linked.md"),
        )
        .unwrap();
        let mut diags = Vec::new();
        let files = discover(root, &mut diags);
        let rels: Vec<_> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["people/Ann.md", "people/Linked.md"]);
        let mut said: Vec<_> = diags
            .iter()
            .map(|d| {
                (
                    d.path.as_str(),
                    d.message.contains("outside the vault; not followed"),
                )
            })
            .collect();
        said.sort();
        assert_eq!(said, [("away", true), ("people/disk", true)], "{diags:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_web_of_symlinked_folders_is_walked_once_per_folder() {
        // Two links from each level to the next: 2^depth paths, no loop.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let depth = 16;
        for level in 0..depth {
            let here = root.join(format!("d{level}"));
            std::fs::create_dir_all(&here).unwrap();
            std::fs::write(here.join(format!("N{level}.md")), "x").unwrap();
            let next = root.join(format!("d{}", level + 1));
            std::os::unix::fs::symlink(&next, here.join("x")).unwrap();
            std::os::unix::fs::symlink(&next, here.join("y")).unwrap();
        }
        std::fs::create_dir_all(root.join(format!("d{depth}"))).unwrap();
        let mut diags = Vec::new();
        let files = discover(root, &mut diags);
        // Each note through its own folder, and once more through the
        // first link that reached that folder.
        assert!(files.len() <= 2 * depth, "{} files", files.len());
        assert!(
            diags.iter().all(|d| d.message.contains("already followed")),
            "{diags:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_named_like_a_note_is_a_warning_not_a_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("Ann.md"), "x").unwrap();
        crate::file::make_fifo(&root.join("Pipe.md"));
        let mut diags = Vec::new();
        let files = discover(root, &mut diags);
        assert_eq!(files.len(), 1);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].path, "Pipe.md");
        assert!(diags[0].message.contains("not a regular file"));
    }

    #[test]
    fn contexts_from_paths() {
        let (config, _) =
            Config::parse("contact_dirs = [\"CRM/Contacts\"]\ndaily_dir = \"Journal\"\n");
        let today = crate::dates::parse_date("2026-11-23").unwrap();
        assert!(parse_context("crm/contacts/Ann.md", &config, today).in_contact_dir);
        assert!(parse_context("CRM/Contacts/sub/Ann.md", &config, today).in_contact_dir);
        assert!(!parse_context("CRM/Contactsx/Ann.md", &config, today).in_contact_dir);
        assert!(!parse_context("people/Ann.md", &config, today).in_contact_dir);
        assert!(parse_context("journal/2026-11-20.md", &config, today)
            .daily_date
            .is_some());
        assert!(parse_context("other/2026-11-20.md", &config, today)
            .daily_date
            .is_none());
        let default = Config::default();
        assert!(parse_context("x/2026-11-20.md", &default, today)
            .daily_date
            .is_some());
        assert!(parse_context("x/2026-11-20 notes.md", &default, today)
            .daily_date
            .is_none());
        assert!(parse_context("People/Ann.md", &default, today).in_contact_dir);
        let (globs, _) = Config::parse("contact_dirs = [\"pages/@*\", \"CRM/*/People\"]\n");
        assert!(parse_context("pages/@Jane Doe.md", &globs, today).in_contact_dir);
        assert!(parse_context("crm/work/people/Bo.md", &globs, today).in_contact_dir);
        assert!(!parse_context("pages/Jane Doe.md", &globs, today).in_contact_dir);
        assert!(!parse_context("People/Ann.md", &globs, today).in_contact_dir);
    }

    #[test]
    fn skipped_notes_are_not_walked_into_notes_but_counted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "Templates/Person.md",
            "Templates/sub/Meeting.md",
            "Archive/old.md",
            "people/Ann.md",
            "people/Ann.excalidraw.md",
        ] {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let (config, _) = Config::parse("");
        let mut diags = Vec::new();
        let found = discover_notes(root, &config, &mut diags);
        let rels: Vec<_> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "Archive/old.md",
                "people/Ann.excalidraw.md",
                "people/Ann.md"
            ]
        );
        let counts: Vec<_> = found
            .skipped
            .iter()
            .map(|s| (s.rule.what.as_str(), s.notes))
            .collect();
        assert_eq!(counts, [("Templates", 2)]);
        let (config, _) =
            Config::parse("exclude = [\"archive\", \"**/*.excalidraw\", \"nothing/**\"]\n");
        let found = discover_notes(root, &config, &mut diags);
        let rels: Vec<_> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "Templates/Person.md",
                "Templates/sub/Meeting.md",
                "people/Ann.md"
            ]
        );
        let counts: Vec<_> = found
            .skipped
            .iter()
            .map(|s| (s.rule.what.as_str(), s.notes))
            .collect();
        assert_eq!(
            counts,
            [("archive", 1), ("**/*.excalidraw", 1), ("nothing/**", 0)]
        );
        assert!(diags.is_empty(), "{diags:?}");
    }
}
