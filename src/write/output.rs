//! Files the user names for netkeep to write (`agenda --write FILE`,
//! `export ics -o FILE`): they must be absent or regular files. A device, a
//! FIFO, a socket or a folder is refused before it is opened: writing would
//! replace a device node with a file, and opening a FIFO blocks until some
//! other program opens its other end.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The largest output file netkeep reads back. An agenda note or a feed is
/// kilobytes; a file this large is not one netkeep wrote, and reading
/// without a bound is how `/dev/zero` ate the memory.
pub const MAX_BYTES: u64 = 64 << 20;

/// Why an output file is left alone.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{}: is {kind}; netkeep writes only regular files, and leaves it alone (name a file)", .path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{}: larger than netkeep reads ({} MiB), or grew past it while read; it is left alone", .path.display(), MAX_BYTES >> 20)]
    TooLarge { path: PathBuf },
    #[error("{}: not UTF-8 text; netkeep does not rewrite it (save it as UTF-8, or name another file)", .path.display())]
    NotText { path: PathBuf },
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
}

impl PartialEq for OutputError {
    /// Equal when they say the same: enough for tests.
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

fn refused(path: &Path, meta: &fs::Metadata) -> Option<OutputError> {
    if meta.is_file() {
        return (meta.len() > MAX_BYTES).then(|| OutputError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    Some(OutputError::NotRegular {
        path: path.to_path_buf(),
        kind: crate::file::kind_of(meta.file_type()),
    })
}

/// Whether netkeep may write `path`: `Ok(false)` when nothing is there (or
/// a symlink points at nothing yet), `Ok(true)` when it is a regular file
/// no larger than [`MAX_BYTES`], through any symlinks. Only looks: never
/// opens the file.
pub fn check(path: &Path) -> Result<bool, OutputError> {
    match fs::metadata(path) {
        Ok(meta) => match refused(path, &meta) {
            Some(refusal) => Err(refusal),
            None => Ok(true),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(OutputError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The text of the output file `path`, `None` when it does not exist yet.
/// Refuses what [`check`] refuses, text that is not UTF-8, and reads at
/// most [`MAX_BYTES`] even if the file grows while it is read.
pub fn read(path: &Path) -> Result<Option<String>, OutputError> {
    if !check(path)? {
        return Ok(None);
    }
    // What is opened is checked again: a FIFO may have taken the checked
    // file's place meanwhile.
    use crate::file::{read_regular, Links, ReadError};
    let path_buf = || path.to_path_buf();
    let bytes = match read_regular(path, MAX_BYTES, Links::Follow) {
        Ok(bytes) => bytes,
        Err(ReadError::Missing) => return Ok(None),
        Err(ReadError::TooLarge(_)) => return Err(OutputError::TooLarge { path: path_buf() }),
        Err(ReadError::NotRegular(kind)) => {
            return Err(OutputError::NotRegular {
                path: path_buf(),
                kind,
            })
        }
        Err(ReadError::Io(source)) => {
            return Err(OutputError::Io {
                path: path_buf(),
                source,
            })
        }
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| OutputError::NotText { path: path_buf() })
}

/// The file `path` finally names: through symlinks, including one that
/// points at nothing yet (the file a write would create).
fn final_target(path: &Path) -> PathBuf {
    if let Ok(target) = fs::canonicalize(path) {
        return target;
    }
    let mut path = path.to_path_buf();
    // A dangling link, perhaps through other links: follow it by hand.
    for _ in 0..40 {
        match fs::read_link(&path) {
            Ok(link) => {
                let parent = path.parent().unwrap_or(Path::new(".")).to_path_buf();
                path = parent.join(link);
            }
            Err(_) => break,
        }
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match (fs::canonicalize(&parent), path.file_name()) {
        (Ok(parent), Some(name)) => parent.join(name),
        _ => path,
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Whether writing `path` would write a Markdown file inside the vault at
/// `root` (canonical): a note, or a file the next scan would read as one.
pub fn is_note_of_vault(root: &Path, path: &Path) -> bool {
    let target = final_target(path);
    target.starts_with(root) && (is_markdown(&target) || is_markdown(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_and_regular_files_are_fine_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Today.md");
        assert_eq!(check(&path), Ok(false));
        assert_eq!(read(&path), Ok(None));
        fs::write(&path, "hi\n").unwrap();
        assert_eq!(check(&path), Ok(true));
        assert_eq!(read(&path), Ok(Some("hi\n".to_string())));
    }

    #[test]
    fn folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let message = check(dir.path()).unwrap_err().to_string();
        assert!(message.contains("a folder"), "{message}");
        assert!(read(dir.path()).is_err());
    }

    // Only looked at, never opened or written: the checks stat.
    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_being_opened() {
        for dev in ["/dev/null", "/dev/zero"] {
            let path = Path::new(dev);
            if !path.exists() {
                continue;
            }
            let message = check(path).unwrap_err().to_string();
            assert!(message.contains("character device"), "{message}");
            assert!(read(path).is_err());
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_count_by_their_final_target() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        fs::write(&real, "x").unwrap();
        let to_file = dir.path().join("to-file.md");
        std::os::unix::fs::symlink(&real, &to_file).unwrap();
        assert_eq!(check(&to_file), Ok(true));
        let to_dir = dir.path().join("to-dir.md");
        std::os::unix::fs::symlink(dir.path(), &to_dir).unwrap();
        assert!(check(&to_dir).is_err());
        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink(dir.path().join("later.md"), &dangling).unwrap();
        assert_eq!(check(&dangling), Ok(false));
    }

    #[test]
    fn files_over_the_cap_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.ics");
        let file = fs::File::create(&path).unwrap();
        // Sparse: no disk space is used.
        file.set_len(MAX_BYTES + 1).unwrap();
        let message = read(&path).unwrap_err().to_string();
        assert!(message.contains("MiB"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn markdown_inside_the_vault_is_a_note_even_through_a_link() {
        let vault = tempfile::tempdir().unwrap();
        let root = vault.path().canonicalize().unwrap();
        fs::create_dir(root.join("people")).unwrap();
        fs::write(root.join("people/Good.md"), "x").unwrap();
        assert!(is_note_of_vault(&root, &root.join("people/Good.md")));
        assert!(is_note_of_vault(&root, &root.join("people/New.MD")));
        assert!(!is_note_of_vault(&root, &root.join("dates.ics")));
        let outside = tempfile::tempdir().unwrap();
        let link = outside.path().join("feed.ics");
        std::os::unix::fs::symlink(root.join("people/Good.md"), &link).unwrap();
        assert!(is_note_of_vault(&root, &link));
        let dangling = outside.path().join("later.ics");
        std::os::unix::fs::symlink(root.join("people/Later.md"), &dangling).unwrap();
        assert!(is_note_of_vault(&root, &dangling));
        assert!(!is_note_of_vault(&root, &outside.path().join("notes.md")));
    }
}
