//! The lock netkeep's own writers take, so that two of them (a `watch` and
//! a `log`, two `log`s, two `watch`es on one agenda) take turns.
//!
//! A lock is an OS file lock (`flock` on unix, `LockFileEx` on Windows,
//! through `std::fs::File::lock`) on a small file in a per-user folder
//! under the system's temporary folder, named by a hash of what it guards.
//! Keeping the lock files out of the vault matters: a lock file beside the
//! notes would show in `git status` and in every sync. The same code runs
//! on every platform, so what the tests check here is what Windows gets.
//!
//! The holder writes its process id and command line into the file, so a
//! writer that gives up waiting can say who holds it. Other programs (an
//! editor, git) never take this lock: the compare-and-swap in
//! [`super::atomic`] covers them.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for another netkeep writer before giving up.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// A held lock; released when dropped (and when the process dies).
#[derive(Debug)]
pub struct Lock {
    file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("cannot take netkeep's lock file {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{what} is held by another netkeep ({holder}); waited {waited:?}, gave up")]
    Held {
        what: String,
        holder: String,
        waited: Duration,
    },
}

/// How long to wait: `NETKEEP_LOCK_WAIT_MS` when set (tests use it), else
/// [`DEFAULT_WAIT`].
pub fn wait_from_env() -> Duration {
    std::env::var("NETKEEP_LOCK_WAIT_MS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_WAIT)
}

/// The per-user folder the lock files live in. On unix it is created
/// private to the user, and refused when someone else owns it or it is a
/// symlink: in a shared `/tmp` another user could plant either.
fn lock_dir() -> Result<PathBuf, LockError> {
    let base = std::env::temp_dir();
    #[cfg(unix)]
    let dir = base.join(format!("netkeep-{}", rustix::process::geteuid().as_raw()));
    #[cfg(not(unix))]
    let dir = base.join("netkeep-locks");
    let io_err = |source| LockError::Io {
        path: dir.clone(),
        source,
    };
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(io_err(e)),
    }
    let meta = std::fs::symlink_metadata(&dir).map_err(io_err)?;
    if !meta.is_dir() {
        return Err(io_err(io::Error::other("is not a folder")));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != rustix::process::geteuid().as_raw() {
            return Err(io_err(io::Error::other("is owned by another user")));
        }
    }
    Ok(dir)
}

/// The lock file for `key` (a path, made absolute so that two spellings
/// of one folder share a lock).
fn lock_path(key: &Path) -> Result<PathBuf, LockError> {
    let absolute = std::path::absolute(key).unwrap_or_else(|_| key.to_path_buf());
    let name = format!(
        "{:016x}.lock",
        crate::stable_hash(&[&absolute.to_string_lossy()])
    );
    Ok(lock_dir()?.join(name))
}

fn open(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    // Never through a planted symlink, never blocking on a FIFO.
    let file = crate::file::open_with(&mut options, path, crate::file::Links::Refuse)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("is not a regular file"));
    }
    Ok(file)
}

/// Who holds the lock, as its holder wrote it.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.rewind();
    let _ = file.take(512).read_to_string(&mut text);
    let text = text.trim();
    if text.is_empty() {
        "a process that did not say who it is".into()
    } else {
        text.chars().filter(|c| !c.is_control()).collect()
    }
}

impl Lock {
    /// Takes the lock on `key`, waiting at most `wait`. `what` names the
    /// thing guarded, for the message when the wait runs out.
    pub fn acquire(key: &Path, what: &str, wait: Duration) -> Result<Lock, LockError> {
        let path = lock_path(key)?;
        let mut file = open(&path).map_err(|source| LockError::Io {
            path: path.clone(),
            source,
        })?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= wait {
                        return Err(LockError::Held {
                            what: what.to_string(),
                            holder: holder(&mut file),
                            waited: wait,
                        });
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(LockError::Io { path, source })
                }
            }
        }
        // Say who we are; a failure here only costs the message.
        let me = format!(
            "pid {}: {}",
            std::process::id(),
            std::env::args().collect::<Vec<_>>().join(" ")
        );
        let _ = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(me.as_bytes()));
        Ok(Lock { file })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_waits_then_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("folder");
        let held = Lock::acquire(&key, "the folder", Duration::ZERO).unwrap();
        // flock locks belong to the open file, so a second open in this
        // process contends as another process would.
        let err = Lock::acquire(&key, "the folder", Duration::from_millis(60)).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("the folder is held by another netkeep"),
            "{message}"
        );
        assert!(
            message.contains(&format!("pid {}", std::process::id())),
            "{message}"
        );
        drop(held);
        Lock::acquire(&key, "the folder", Duration::ZERO).unwrap();
    }

    #[test]
    fn a_lock_is_taken_in_turn_across_threads() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().to_path_buf();
        let inside = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (key, inside) = (key.clone(), inside.clone());
                std::thread::spawn(move || {
                    for _ in 0..10 {
                        let _lock = Lock::acquire(&key, "k", Duration::from_secs(30)).unwrap();
                        let now = inside.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        assert_eq!(now, 0, "two holders at once");
                        std::thread::sleep(Duration::from_millis(1));
                        inside.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_at_the_lock_path_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("planted");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let path = lock_path(&key).unwrap();
        let _ = std::fs::remove_file(&path);
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        assert!(Lock::acquire(&key, "k", Duration::ZERO).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        std::fs::remove_file(&path).unwrap();
    }
}
