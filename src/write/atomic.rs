//! The one function that changes files on disk.
//!
//! An edit is a pure function of the file's current text. [`apply`] reads
//! the file, runs the edit, writes the result to `.<name>.netkeep-tmp` in
//! the same folder, flushes it, gives it the original's permissions, checks
//! that the file has not changed meanwhile (and if it has, reads it again
//! and redoes the edit) and renames it over the original. A symlink is
//! written through to its target. Writers in netkeep processes take an
//! exclusive lock on the file first, so a `watch` and a `log` never lose
//! each other's edits.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How often an edit is redone when the file keeps changing under it.
const ATTEMPTS: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{0}: is a folder, not a file")]
    IsDir(PathBuf),
    #[error("{0}: not UTF-8 text; netkeep does not rewrite it")]
    NotText(PathBuf),
    #[error("{0}: kept changing while netkeep tried to write it; nothing was written")]
    Busy(PathBuf),
    #[error("{path}: {message}")]
    Edit { path: PathBuf, message: String },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What an edit decided.
pub enum Outcome {
    /// Write this text.
    Write(String),
    /// Leave the file as it is.
    Keep,
}

/// Whether `apply` wrote the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Written,
    Unchanged,
}

/// The file a path finally names, through any symlinks; a path that does
/// not exist yet is its own target.
fn target_of(path: &Path) -> Result<PathBuf, WriteError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(target) => Ok(target),
            // A dangling link: create the file it points at.
            Err(_) => {
                let link = fs::read_link(path).map_err(io_err(path))?;
                Ok(path.parent().unwrap_or(Path::new(".")).join(link))
            }
        },
        Ok(meta) if meta.is_dir() => Err(WriteError::IsDir(path.to_path_buf())),
        Ok(_) => Ok(path.to_path_buf()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(path.to_path_buf()),
        Err(e) => Err(io_err(path)(e)),
    }
}

/// The file's bytes, or `None` when it does not exist.
fn read(path: &Path) -> Result<Option<Vec<u8>>, WriteError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) if e.kind() == io::ErrorKind::IsADirectory => {
            Err(WriteError::IsDir(path.to_path_buf()))
        }
        Err(e) => Err(io_err(path)(e)),
    }
}

/// The temporary file beside `target`: `.<name>.netkeep-tmp`.
pub fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.netkeep-tmp"))
}

/// An exclusive lock on the folder that holds `target`, so that netkeep
/// writers of the same file (a `watch` and a `log`) take turns. Locking the
/// folder rather than the file matters: every write renames a new file over
/// the old one, and a lock on the old one would guard nothing. Other
/// programs do not take this lock; the compare before the rename covers
/// them.
struct Lock(#[allow(dead_code)] Option<File>);

#[cfg(unix)]
fn lock(target: &Path) -> Result<Lock, WriteError> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let folder = File::open(dir).map_err(io_err(dir))?;
    folder.lock().map_err(io_err(dir))?;
    Ok(Lock(Some(folder)))
}

#[cfg(not(unix))]
fn lock(_target: &Path) -> Result<Lock, WriteError> {
    Ok(Lock(None))
}

/// Applies `edit` to the file at `path` (created when missing: the edit
/// sees `None`). The edit may run more than once, on newer text each time.
pub fn apply<F>(path: &Path, mut edit: F) -> Result<Applied, WriteError>
where
    F: FnMut(Option<&str>) -> Result<Outcome, String>,
{
    let target = target_of(path)?;
    let _lock = lock(&target)?;
    for _ in 0..ATTEMPTS {
        let before = read(&target)?;
        let text = match &before {
            Some(bytes) => Some(
                std::str::from_utf8(bytes)
                    .map_err(|_| WriteError::NotText(target.clone()))?
                    .to_string(),
            ),
            None => None,
        };
        let new_text = match edit(text.as_deref()).map_err(|message| WriteError::Edit {
            path: target.clone(),
            message,
        })? {
            Outcome::Keep => return Ok(Applied::Unchanged),
            Outcome::Write(t) => t,
        };
        if text.as_deref() == Some(new_text.as_str()) {
            return Ok(Applied::Unchanged);
        }
        let temp = temp_path(&target);
        write_temp(&temp, new_text.as_bytes(), &target)?;
        // Compare and swap: if someone changed the file since we read it,
        // their edit must not be lost; read it again and redo ours.
        if read(&target)? != before {
            let _ = fs::remove_file(&temp);
            continue;
        }
        if let Err(e) = fs::rename(&temp, &target) {
            let _ = fs::remove_file(&temp);
            return Err(io_err(&target)(e));
        }
        sync_dir(&target);
        return Ok(Applied::Written);
    }
    Err(WriteError::Busy(target))
}

/// Writes and flushes the temporary file, with the original's permissions.
fn write_temp(temp: &Path, bytes: &[u8], original: &Path) -> Result<(), WriteError> {
    let result = (|| -> io::Result<()> {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(temp)?;
        file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(original) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(temp);
        io_err(original)(e)
    })
}

/// Makes the rename durable. Not every platform can open a folder; the
/// rename is done either way.
fn sync_dir(target: &Path) {
    if let Some(dir) = target.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// Replaces a file netkeep derives and can always make again (the note
/// cache, outside the vault): a temporary file named for this process, then
/// a rename, so that readers see the old file or the new one. Readable by
/// its owner only, since it holds what the notes say. Not flushed to disk:
/// after a crash its reader may find it torn and ignores it.
pub fn replace_derived(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.netkeep-tmp", std::process::id()));
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options
        .open(&temp)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.map_err(io_err(path))
}

/// Creates `path` with `text`, failing if anything is already there; the
/// write is atomic like [`apply`]'s.
pub fn create_new(path: &Path, text: &str) -> Result<(), WriteError> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(io_err(path)(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "already exists",
        )));
    }
    let temp = temp_path(path);
    write_temp(&temp, text.as_bytes(), path)?;
    // A hard link fails if the name exists: no overwrite even in a race.
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    linked.map_err(io_err(path))?;
    sync_dir(path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn append(line: &'static str) -> impl FnMut(Option<&str>) -> Result<Outcome, String> {
        move |old| Ok(Outcome::Write(format!("{}{line}", old.unwrap_or(""))))
    }

    #[test]
    fn writes_creates_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        assert_eq!(apply(&path, append("x\n")).unwrap(), Applied::Written);
        assert_eq!(apply(&path, append("y\n")).unwrap(), Applied::Written);
        assert_eq!(fs::read_to_string(&path).unwrap(), "x\ny\n");
        assert!(!temp_path(&path).exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn unchanged_text_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "same").unwrap();
        let before = fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let r = apply(&path, |old| Ok(Outcome::Write(old.unwrap().to_string()))).unwrap();
        assert_eq!(r, Applied::Unchanged);
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_writes_through_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        fs::write(&real, "a\n").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        apply(&link, append("b\n")).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "a\nb\n");
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn a_change_between_read_and_write_is_redone_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "one\n").unwrap();
        let mut runs = 0;
        let p = path.clone();
        apply(&path, |old| {
            runs += 1;
            if runs == 1 {
                // Another program saves the file while we compute.
                fs::write(&p, "one\ntheirs\n").unwrap();
            }
            Ok(Outcome::Write(format!("{}ours\n", old.unwrap())))
        })
        .unwrap();
        assert_eq!(runs, 2);
        assert_eq!(fs::read_to_string(&path).unwrap(), "one\ntheirs\nours\n");
    }

    #[test]
    fn refuses_folders_and_non_utf8() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            apply(dir.path(), append("x")),
            Err(WriteError::IsDir(_))
        ));
        let path = dir.path().join("bin.md");
        fs::write(&path, b"\xff\xfe\x00a").unwrap();
        assert!(matches!(
            apply(&path, append("x")),
            Err(WriteError::NotText(_))
        ));
        assert_eq!(fs::read(&path).unwrap(), b"\xff\xfe\x00a");
    }

    #[test]
    fn create_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        create_new(&path, "first").unwrap();
        assert!(create_new(&path, "second").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        assert!(!temp_path(&path).exists());
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "").unwrap();
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    for i in 0..25 {
                        apply(&path, |old| {
                            Ok(Outcome::Write(format!("{}{t}-{i}\n", old.unwrap_or(""))))
                        })
                        .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(fs::read_to_string(&path).unwrap().lines().count(), 100);
    }
}
