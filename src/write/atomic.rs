//! The one function that changes notes on disk, and the promise it keeps:
//! a write never loses a byte that someone else saved, never goes through
//! a planted link or onto something that is not a regular file, and a
//! reader sees the old file or the new one, never a torn one.
//!
//! [`apply`] reads the file once through an open descriptor, runs the edit
//! (a pure function of the text), writes the result to a new temporary
//! file in the same folder (a random name created exclusively, private
//! until it is complete, then given the original's mode and owner),
//! flushes it, and swaps it in. Other programs are caught in the act like
//! this:
//!
//! - An editor that saves atomically (its own temp file, then a rename)
//!   between our read and our swap: before the swap the path must still
//!   name the file we read, unchanged; and on Linux and macOS the swap is an
//!   exchange (`renameat2(RENAME_EXCHANGE)`, `renameatx_np(RENAME_SWAP)`),
//!   after which the file we displaced must be the one we read. If it is
//!   not, it is swapped back and the edit is redone on the newer text.
//!   Elsewhere the swap is a rename, and a save landing between the check
//!   and the rename (microseconds) can still be lost.
//! - An editor that saves in place (truncate, then write) can be read
//!   half-saved. A file changed less than [`QUIET`] ago is read only once
//!   it has been left alone that long. The descriptor we read through stays
//!   open: if the file we read changes after the read, even after the swap,
//!   the edit is undone and redone; and a file changed in the last second is
//!   watched for [`QUIET`] after the swap, since an editor that has just
//!   truncated it writes the rest right after. An editor that pauses longer
//!   than that between its truncate and its write, or that later saves a
//!   buffer it never reloaded, overwrites netkeep's entry as it would any
//!   program's.
//! - netkeep's own writers take turns through [`super::lock`].
//!
//! A file that keeps changing for [`PATIENCE`] is left alone: `Busy`.

use super::lock::{self, Lock, LockError};
use std::fs::{self, File, Metadata};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How long a write keeps redoing its edit on a file that keeps changing.
const PATIENCE: Duration = Duration::from_secs(5);
/// How long a recently changed file must stay unchanged after the swap.
pub const QUIET: Duration = Duration::from_millis(40);
/// A file changed this recently may be in the middle of an editor's save.
const HOT: Duration = Duration::from_secs(1);
/// The largest note netkeep rewrites: the largest it reads as one.
const MAX_BYTES: u64 = crate::vault::MAX_NOTE_BYTES;
/// The suffix of every temporary file netkeep makes beside a note.
pub const TEMP_SUFFIX: &str = ".netkeep-tmp";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{0}: is a folder, not a file")]
    IsDir(PathBuf),
    #[error("{0}: {1}; netkeep writes only regular files")]
    NotRegular(PathBuf, &'static str),
    #[error("{0}: a symlink to a file that does not exist; netkeep does not create it")]
    DanglingLink(PathBuf),
    #[error("{0}: not UTF-8 text{1}; netkeep does not rewrite it")]
    NotText(PathBuf, &'static str),
    #[error("{0}: is read-only; netkeep does not rewrite it (make it writable to let it)")]
    ReadOnly(PathBuf),
    #[error(
        "{0}: belongs to another user, and netkeep cannot keep its owner; nothing was written"
    )]
    OtherOwner(PathBuf),
    #[error("{0}: larger than {max} MiB; netkeep does not rewrite it", max = MAX_BYTES >> 20)]
    TooLarge(PathBuf),
    #[error("{0}: a symlink to {1}, outside the vault; netkeep writes only inside the vault")]
    OutsideVault(PathBuf, PathBuf),
    #[error("{0}: kept changing while netkeep tried to write it; nothing was written")]
    Busy(PathBuf),
    #[error("{}: {source}", .path.display())]
    Edit { path: PathBuf, source: EditError },
    #[error(transparent)]
    Lock(#[from] LockError),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Why an edit cannot be made to a file's current text.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("the note is gone; nothing was written")]
    Gone,
    #[error(transparent)]
    Region(#[from] super::edit::RegionError),
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
/// not exist yet is its own target. A link to a missing file is refused:
/// creating its target would write wherever the link points.
fn target_of(path: &Path) -> Result<PathBuf, WriteError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(target) => Ok(target),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(WriteError::DanglingLink(path.to_path_buf()))
            }
            Err(e) => Err(io_err(path)(e)),
        },
        Ok(meta) if meta.is_dir() => Err(WriteError::IsDir(path.to_path_buf())),
        Ok(_) => Ok(path.to_path_buf()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(path.to_path_buf()),
        Err(e) => Err(io_err(path)(e)),
    }
}

/// The folder holding `target` ("." for a bare name).
fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// What identifies one state of a file: a change to its bytes changes its
/// size, modification or change time (the change time cannot be set back
/// by a program, unlike the modification time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    device: u64,
    inode: u64,
    len: u64,
    modified: Option<SystemTime>,
    changed: (i64, i64),
}

impl Stamp {
    fn of(meta: &Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                device: meta.dev(),
                inode: meta.ino(),
                len: meta.len(),
                modified: meta.modified().ok(),
                changed: (meta.ctime(), meta.ctime_nsec()),
            }
        }
        #[cfg(not(unix))]
        {
            Stamp {
                device: 0,
                inode: 0,
                len: meta.len(),
                modified: meta.modified().ok(),
                changed: (0, 0),
            }
        }
    }

    /// Whether two stamps are of the same file (not the same state).
    fn same_file(&self, other: &Stamp) -> bool {
        cfg!(not(unix)) || (self.device, self.inode) == (other.device, other.inode)
    }

    /// How long ago the file was changed (zero for a time in the future).
    fn age(&self) -> Duration {
        self.modified
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .unwrap_or(Duration::ZERO)
    }

    /// Whether the file was changed within `HOT` of now.
    fn is_hot(&self) -> bool {
        self.modified
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .is_none_or(|age| age < HOT)
    }
}

/// What a write by [`apply_after`] left in a file: its stamp once in
/// place (the rename and the mode set since are in its change time) and
/// its bytes. Handed to the next write of the same file, it tells whether
/// anybody touched the file since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnWrite {
    stamp: Stamp,
    bytes: Vec<u8>,
}

impl OwnWrite {
    fn of(file: &File, bytes: &[u8]) -> Option<OwnWrite> {
        file.metadata().ok().map(|m| OwnWrite {
            stamp: Stamp::of(&m),
            bytes: bytes.to_vec(),
        })
    }

    /// Whether `stamp` and `bytes`, as just read, are still exactly what
    /// this write left: same file, size, modification and change time
    /// (which no program can set back: any write, truncate, rename onto it
    /// or mode change since moves it), and the same bytes.
    fn is_still(&self, stamp: &Stamp, bytes: &[u8]) -> bool {
        self.stamp == *stamp && self.bytes == bytes
    }
}

/// The file as read: the open descriptor, its bytes, and its stamp taken
/// after the read (and equal to the one before it).
struct Current {
    file: File,
    bytes: Vec<u8>,
    stamp: Stamp,
    meta: Metadata,
    /// It is exactly what netkeep's own last write of it left.
    ours: bool,
}

impl Current {
    /// What the file we read holds now, through the descriptor: the
    /// name may hold another file by then.
    fn reread(&self) -> io::Result<Vec<u8>> {
        use std::io::Seek;
        let mut file = &self.file;
        let mut bytes = Vec::with_capacity(self.bytes.len());
        file.rewind()?;
        file.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

/// Why a read gave nothing to edit this time round.
enum Reading {
    Missing,
    /// It changed while we read it; try again.
    Changing,
    /// It was changed a moment ago: an editor may be between truncating it
    /// and writing it. Read it again once it has been left alone this long.
    Settling(Duration),
    Got(Box<Current>),
}

/// The path was resolved through its links already: a symlink here now
/// was planted since. Non-blocking, so a FIFO put in its place cannot hang
/// us before the type check.
fn open_no_follow(path: &Path) -> io::Result<File> {
    crate::file::open(path, crate::file::Links::Refuse)
}

fn read_current(target: &Path, own: Option<&OwnWrite>) -> Result<Reading, WriteError> {
    let file = match open_no_follow(target) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Reading::Missing),
        Err(e) if e.raw_os_error() == Some(rustix_eloop()) => {
            return Err(WriteError::NotRegular(target.to_path_buf(), "a symlink"))
        }
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            return Err(io_err(target)(e));
        }
        Err(e) => return Err(io_err(target)(e)),
    };
    let before = file.metadata().map_err(io_err(target))?;
    if before.is_dir() {
        return Err(WriteError::IsDir(target.to_path_buf()));
    }
    if !before.is_file() {
        return Err(WriteError::NotRegular(
            target.to_path_buf(),
            crate::file::kind_of(before.file_type()),
        ));
    }
    if before.len() > MAX_BYTES {
        return Err(WriteError::TooLarge(target.to_path_buf()));
    }
    let mut bytes = Vec::with_capacity(before.len() as usize);
    (&file)
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err(target))?;
    let after = file.metadata().map_err(io_err(target))?;
    let stamp = Stamp::of(&after);
    if Stamp::of(&before) != stamp || bytes.len() as u64 != after.len() {
        return Ok(Reading::Changing);
    }
    // The settling is for an editor's save in progress. A file still
    // exactly as netkeep's own last write left it (`own`) was changed last
    // by that write, which was whole when it was swapped in: no save of
    // anyone else's has begun on it since, or its stamp would have moved.
    let ours = own.is_some_and(|o| o.is_still(&stamp, &bytes));
    if stamp.age() < QUIET && !ours {
        return Ok(Reading::Settling(QUIET - stamp.age()));
    }
    Ok(Reading::Got(Box::new(Current {
        file,
        bytes,
        stamp,
        meta: after,
        ours,
    })))
}

#[cfg(unix)]
fn rustix_eloop() -> i32 {
    rustix::io::Errno::LOOP.raw_os_error()
}

#[cfg(not(unix))]
fn rustix_eloop() -> i32 {
    i32::MIN
}

/// The text of a file netkeep may rewrite, or why it may not.
fn text_of(target: &Path, bytes: &[u8]) -> Result<String, WriteError> {
    if bytes.contains(&0) {
        // UTF-16 without a BOM is valid UTF-8 full of NULs: appending UTF-8
        // to it would mix two encodings in one file.
        return Err(WriteError::NotText(
            target.to_path_buf(),
            " (it holds NUL bytes: UTF-16 or binary?)",
        ));
    }
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|_| WriteError::NotText(target.to_path_buf(), ""))
}

/// Refuses a file its owner made read-only, or that this user may not
/// write: replacing it by rename needs only the folder's permission, so
/// the file's own must be checked by hand.
fn check_may_write(target: &Path, meta: &Metadata) -> Result<(), WriteError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o222 == 0 {
            return Err(WriteError::ReadOnly(target.to_path_buf()));
        }
        match rustix::fs::access(target, rustix::fs::Access::WRITE_OK) {
            Ok(()) => Ok(()),
            Err(rustix::io::Errno::ACCESS) | Err(rustix::io::Errno::ROFS) => {
                Err(WriteError::ReadOnly(target.to_path_buf()))
            }
            Err(e) => Err(io_err(target)(e.into())),
        }
    }
    #[cfg(not(unix))]
    {
        if meta.permissions().readonly() {
            return Err(WriteError::ReadOnly(target.to_path_buf()));
        }
        Ok(())
    }
}

/// A new temporary file beside `target`, `.<name>.<random>.netkeep-tmp`,
/// created exclusively (so a planted file or link there is never used) and
/// readable by its owner only: [`finish_temp`] gives it its final mode.
fn new_temp(target: &Path) -> Result<tempfile::NamedTempFile, WriteError> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX).rand_bytes(8);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o600));
    }
    builder
        .tempfile_in(folder_of(target))
        .map_err(io_err(target))
}

/// Gives the finished temporary file the original's owner, then flushes
/// it. Its mode stays private until [`publish`]: a copy left by a killed
/// run is never readable by others.
fn finish_temp(
    temp: &tempfile::NamedTempFile,
    target: &Path,
    original: Option<&Metadata>,
) -> Result<(), WriteError> {
    let file = temp.as_file();
    #[cfg(unix)]
    if let Some(meta) = original {
        use std::os::unix::fs::MetadataExt;
        let ours = file.metadata().map_err(io_err(target))?;
        if (ours.uid(), ours.gid()) != (meta.uid(), meta.gid()) {
            let owner = rustix::fs::Uid::from_raw(meta.uid());
            let group = rustix::fs::Gid::from_raw(meta.gid());
            if rustix::fs::fchown(file, Some(owner), Some(group)).is_err() {
                if ours.uid() != meta.uid() {
                    return Err(WriteError::OtherOwner(target.to_path_buf()));
                }
                // Same owner, other group: the group is all we can lose,
                // and a user not in it could never have kept it.
                let _ = rustix::fs::fchown(file, None, Some(group));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = original;
    file.sync_all().map_err(io_err(target))
}

/// Gives the file that now holds the note its final mode: the original's,
/// or for a new file what any program creating it would get.
fn publish(file: &File, target: &Path, original: Option<&Metadata>) -> Result<(), WriteError> {
    match original {
        Some(meta) => file.set_permissions(meta.permissions()),
        #[cfg(unix)]
        None => {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(fs::Permissions::from_mode(0o666 & !umask()))
        }
        #[cfg(not(unix))]
        None => Ok(()),
    }
    .map_err(io_err(target))
}

/// The process's umask, read where Linux shows it without changing it
/// (setting and restoring it would race any thread creating a file);
/// elsewhere the common 022.
#[cfg(unix)]
fn umask() -> u32 {
    // Read once: netkeep never changes it, and an import publishes
    // thousands of files.
    static UMASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *UMASK.get_or_init(read_umask)
}

#[cfg(unix)]
fn read_umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

/// Removes temporary files left beside notes by netkeep writers that were
/// killed. Called with the folder's lock held, when no netkeep writer can
/// have one in progress there.
fn remove_leftovers(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(TEMP_SUFFIX) {
            // A file or a planted link; never a folder.
            if entry.file_type().is_ok_and(|t| !t.is_dir()) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// The lock netkeep writers of anything in `folder` take turns on.
fn lock_folder(folder: &Path) -> Result<Lock, WriteError> {
    let key = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    Ok(Lock::acquire(
        &key,
        &format!("the folder {}", folder.display()),
        lock::wait_from_env(),
    )?)
}

/// How a swap went.
enum Swapped {
    /// Exchanged: the temporary file's name now holds what was displaced.
    Exchanged,
    /// Renamed over the original (no exchange on this platform or file
    /// system); what was displaced is gone but for our descriptor.
    Renamed,
}

/// Swaps the temporary file in: an exchange where the OS has one, else a
/// rename.
fn swap_in(temp: &tempfile::NamedTempFile, target: &Path) -> Result<Swapped, WriteError> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, temp.path(), CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(Swapped::Exchanged),
            // The file system cannot exchange (some network and FUSE ones);
            // fall through to a rename.
            Err(rustix::io::Errno::INVAL)
            | Err(rustix::io::Errno::NOSYS)
            | Err(rustix::io::Errno::NOTSUP) => {}
            Err(e) => return Err(io_err(target)(e.into())),
        }
    }
    fs::rename(temp.path(), target).map_err(io_err(target))?;
    Ok(Swapped::Renamed)
}

/// Swaps back after an exchange whose displaced file was not the one we
/// read: the newer save returns to its name. Only while the name still
/// holds our file; if a third save replaced ours meanwhile, that one stays.
fn swap_back(
    temp: &tempfile::NamedTempFile,
    target: &Path,
    ours: &Stamp,
) -> Result<(), WriteError> {
    let at_target = fs::symlink_metadata(target).map(|m| Stamp::of(&m));
    if at_target.is_ok_and(|s| s.same_file(ours)) {
        #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
        {
            use rustix::fs::{renameat_with, RenameFlags, CWD};
            renameat_with(CWD, temp.path(), CWD, target, RenameFlags::EXCHANGE)
                .map_err(|e| io_err(target)(e.into()))?;
        }
    }
    Ok(())
}

/// [`apply`] for a note of the vault at `root`. A note that is a symlink
/// to a file outside the vault is refused: netkeep writes only inside the
/// vault, and a synced vault can carry a link to anywhere.
pub fn apply_to_note<F>(root: &Path, path: &Path, edit: F) -> Result<Applied, WriteError>
where
    F: FnMut(Option<&str>) -> Result<Outcome, EditError>,
{
    let target = target_of(path)?;
    let root = fs::canonicalize(root).map_err(io_err(root))?;
    let folder = fs::canonicalize(folder_of(&target)).map_err(io_err(&target))?;
    if !folder.starts_with(&root) {
        return Err(WriteError::OutsideVault(path.to_path_buf(), target));
    }
    apply(path, edit)
}

/// Applies `edit` to the file at `path` (created when missing: the edit
/// sees `None`). The edit may run more than once, on newer text each time.
pub fn apply<F>(path: &Path, edit: F) -> Result<Applied, WriteError>
where
    F: FnMut(Option<&str>) -> Result<Outcome, EditError>,
{
    apply_after(path, None, edit).map(|(applied, _)| applied)
}

/// [`apply`] for a file netkeep itself rewrites over and over (`watch`'s
/// agenda), given what its own last write left there (`own`). While the
/// file is still exactly that, the waits for an editor's save in progress
/// are skipped: the wait for a file changed in the last [`QUIET`] to
/// settle, and the watch of a file changed in the last second after the
/// swap. Those waits are there because a recent change may be an editor's
/// save still under way; a recent change that was provably netkeep's own
/// whole write is not, so the file is treated as one nobody changed
/// lately: the checks before and right after the swap still run. Once
/// anything else touches the file, its stamp moves and every wait applies
/// again. Returns, beside what it did, what this write left (or `own`
/// again when nothing was written over a file still as it left it).
pub fn apply_after<F>(
    path: &Path,
    own: Option<&OwnWrite>,
    mut edit: F,
) -> Result<(Applied, Option<OwnWrite>), WriteError>
where
    F: FnMut(Option<&str>) -> Result<Outcome, EditError>,
{
    let target = target_of(path)?;
    let folder = folder_of(&target).to_path_buf();
    let t = crate::timings::now();
    let _lock = lock_folder(&folder)?;
    remove_leftovers(&folder);
    crate::timings::span("write: lock", t);
    let start = Instant::now();
    loop {
        if start.elapsed() > PATIENCE {
            return Err(WriteError::Busy(target));
        }
        let t = crate::timings::now();
        let reading = read_current(&target, own)?;
        crate::timings::span("write: read", t);
        let current = match reading {
            Reading::Changing => {
                std::thread::sleep(Duration::from_millis(2));
                continue;
            }
            Reading::Settling(wait) => {
                crate::timings::add_span("write: settle", wait);
                std::thread::sleep(wait);
                continue;
            }
            Reading::Missing => None,
            Reading::Got(c) => Some(c),
        };
        let text = match &current {
            Some(c) => Some(text_of(&target, &c.bytes)?),
            None => None,
        };
        let still_own = || {
            current
                .as_ref()
                .filter(|c| c.ours)
                .and_then(|_| own.cloned())
        };
        let new_text = match edit(text.as_deref()).map_err(|source| WriteError::Edit {
            path: target.clone(),
            source,
        })? {
            Outcome::Keep => return Ok((Applied::Unchanged, still_own())),
            Outcome::Write(t) => t,
        };
        if text.as_deref() == Some(new_text.as_str()) {
            return Ok((Applied::Unchanged, still_own()));
        }
        let Some(current) = current else {
            // A new file: created only if nobody made one meanwhile.
            let temp = new_temp(&target)?;
            temp.as_file()
                .write_all(new_text.as_bytes())
                .map_err(io_err(&target))?;
            finish_temp(&temp, &target, None)?;
            match temp.persist_noclobber(&target) {
                Ok(file) => {
                    publish(&file, &target, None)?;
                    let left = OwnWrite::of(&file, new_text.as_bytes());
                    sync_dir(&folder);
                    return Ok((Applied::Written, left));
                }
                Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io_err(&target)(e.error)),
            }
        };
        check_may_write(&target, &current.meta)?;
        let t = crate::timings::now();
        let temp = new_temp(&target)?;
        temp.as_file()
            .write_all(new_text.as_bytes())
            .map_err(io_err(&target))?;
        finish_temp(&temp, &target, Some(&current.meta))?;
        crate::timings::span("write: temp and fsync", t);
        let ours = Stamp::of(&temp.as_file().metadata().map_err(io_err(&target))?);
        // Compare: the name must still hold the file we read, unchanged.
        let unchanged =
            |c: &Current| -> bool { c.file.metadata().is_ok_and(|m| Stamp::of(&m) == c.stamp) };
        let still_named =
            fs::symlink_metadata(&target).is_ok_and(|m| Stamp::of(&m).same_file(&current.stamp));
        if !still_named || !unchanged(&current) {
            continue;
        }
        #[cfg(test)]
        tests::before_swap(&target);
        let t = crate::timings::now();
        let swapped = swap_in(&temp, &target)?;
        crate::timings::span("write: swap", t);
        // Readable as the note was from the moment it holds the note.
        publish(temp.as_file(), &target, Some(&current.meta))?;
        // And swap: what we displaced must be what we read, and stay so a
        // moment longer when it was changed just now.
        let displaced_ok = match swapped {
            Swapped::Exchanged => fs::symlink_metadata(temp.path())
                .is_ok_and(|m| Stamp::of(&m).same_file(&current.stamp)),
            Swapped::Renamed => true,
        };
        let mut ok = displaced_ok && untouched(&current);
        if ok && current.stamp.is_hot() && !current.ours {
            crate::timings::add_span("write: post-swap wait", QUIET);
            std::thread::sleep(QUIET);
            ok = untouched(&current) && same_bytes(&current);
        }
        let left = || OwnWrite::of(temp.as_file(), new_text.as_bytes());
        match (ok, swapped) {
            (true, Swapped::Exchanged) => {
                let left = left();
                // Dropping `temp` removes the displaced file by its name.
                let t = crate::timings::now();
                drop(temp);
                sync_dir(&folder);
                crate::timings::span("write: sync folder", t);
                return Ok((Applied::Written, left));
            }
            (true, Swapped::Renamed) => {
                let left = left();
                let _ = temp.into_temp_path().keep();
                sync_dir(&folder);
                return Ok((Applied::Written, left));
            }
            (false, Swapped::Exchanged) => {
                swap_back(&temp, &target, &ours)?;
                continue;
            }
            (false, Swapped::Renamed) => {
                // No exchange here: the save that landed in the file we
                // displaced lives on only in our descriptor. Put it back,
                // then redo the edit on it.
                let _ = temp.into_temp_path().keep();
                restore(&current, &target)?;
                continue;
            }
        }
    }
}

/// Whether the file we read has not been written since, judged after the
/// swap: a rename changes its change time, so only size and modification
/// time count here.
fn untouched(current: &Current) -> bool {
    current.file.metadata().is_ok_and(|m| {
        let now = Stamp::of(&m);
        (now.len, now.modified) == (current.stamp.len, current.stamp.modified)
    })
}

/// Whether the file we read still holds the bytes we read: for files
/// changed just now, where a second save may fall in the same tick of a
/// coarse file-system clock.
fn same_bytes(current: &Current) -> bool {
    current.reread().is_ok_and(|now| now == current.bytes)
}

/// Puts back, under its name, what the file we read holds now.
fn restore(current: &Current, target: &Path) -> Result<(), WriteError> {
    let bytes = current.reread().map_err(io_err(target))?;
    let temp = new_temp(target)?;
    temp.as_file().write_all(&bytes).map_err(io_err(target))?;
    finish_temp(&temp, target, Some(&current.meta))?;
    let file = temp.persist(target).map_err(|e| io_err(target)(e.error))?;
    publish(&file, target, Some(&current.meta))
}

/// Makes the rename durable. Not every platform can open a folder; the
/// rename is done either way.
fn sync_dir(folder: &Path) {
    if let Ok(d) = File::open(folder) {
        let _ = d.sync_all();
    }
}

/// Creates `path` with `text`, failing if anything is already there; the
/// write is atomic like [`apply`]'s, and a name taken meanwhile is never
/// overwritten.
pub fn create_new(path: &Path, text: &str) -> Result<(), WriteError> {
    let folder = folder_of(path).to_path_buf();
    let creator = Creator::new(&folder)?;
    creator.create(path, text)
}

/// Creates many new files in one folder (an import): the folder's lock is
/// taken and its leftovers cleaned once, not once per file, and the folder
/// is flushed once at the end. Each file is still written whole or not at
/// all, and never over anything already there.
pub struct Creator {
    folder: std::path::PathBuf,
    _lock: Lock,
}

impl Creator {
    pub fn new(folder: &Path) -> Result<Creator, WriteError> {
        let lock = lock_folder(folder)?;
        remove_leftovers(folder);
        Ok(Creator {
            folder: folder.to_path_buf(),
            _lock: lock,
        })
    }

    /// Creates `path` (in this creator's folder) with `text`, as
    /// [`create_new`] does.
    pub fn create(&self, path: &Path, text: &str) -> Result<(), WriteError> {
        let temp = self.temp_for(path, text)?;
        finish_temp(&temp, path, None)?;
        let file = temp
            .persist_noclobber(path)
            .map_err(|e| io_err(path)(e.error))?;
        publish(&file, path, None)
    }

    /// A temporary file beside `path` holding `text`, for a new file at
    /// `path`: which must be in this creator's folder and not exist yet.
    fn temp_for(&self, path: &Path, text: &str) -> Result<tempfile::NamedTempFile, WriteError> {
        if folder_of(path) != self.folder {
            return Err(io_err(path)(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not in the folder being written",
            )));
        }
        if fs::symlink_metadata(path).is_ok() {
            return Err(io_err(path)(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "already exists",
            )));
        }
        let temp = new_temp(path)?;
        temp.as_file()
            .write_all(text.as_bytes())
            .map_err(io_err(path))?;
        Ok(temp)
    }

    /// Creates every file of `notes` (path in this creator's folder, text)
    /// as [`Creator::create`] does, but flushes them to disk together:
    /// all are written to temporary files, the file system is synced once
    /// (Linux; elsewhere each file), and only then is each renamed into
    /// place. One sync per file made a 50,000-note import take minutes.
    /// The results are in the order of `notes`.
    pub fn create_all(&self, notes: &[(PathBuf, String)]) -> Vec<Result<(), WriteError>> {
        let written: Vec<Result<tempfile::NamedTempFile, WriteError>> = notes
            .iter()
            .map(|(path, text)| self.temp_for(path, text))
            .collect();
        let synced_all = self.sync_all_at_once();
        written
            .into_iter()
            .zip(notes)
            .map(|(temp, (path, _))| {
                let temp = temp?;
                if !synced_all {
                    temp.as_file().sync_all().map_err(io_err(path))?;
                }
                let file = temp
                    .persist_noclobber(path)
                    .map_err(|e| io_err(path)(e.error))?;
                publish(&file, path, None)
            })
            .collect()
    }

    /// Flushes the file system the folder is on, where one call can.
    fn sync_all_at_once(&self) -> bool {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            File::open(&self.folder)
                .and_then(|d| rustix::fs::syncfs(&d).map_err(io::Error::from))
                .is_ok()
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        false
    }
}

impl Drop for Creator {
    fn drop(&mut self) {
        sync_dir(&self.folder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_all_writes_every_new_file_and_never_one_over_another() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("people");
        fs::create_dir(&folder).unwrap();
        fs::write(folder.join("Bo.md"), "mine\n").unwrap();
        fs::write(folder.join(".Old.md.x.netkeep-tmp"), "left by a killed run").unwrap();
        let creator = Creator::new(&folder).unwrap();
        let results = creator.create_all(&[
            (folder.join("Ana.md"), "# Ana\n".into()),
            (folder.join("Bo.md"), "# Bo\n".into()),
            (dir.path().join("Cy.md"), "# Cy\n".into()),
        ]);
        drop(creator);
        assert!(results[0].is_ok());
        assert!(results[1].is_err());
        assert!(results[2].is_err());
        assert_eq!(
            fs::read_to_string(folder.join("Ana.md")).unwrap(),
            "# Ana\n"
        );
        assert_eq!(fs::read_to_string(folder.join("Bo.md")).unwrap(), "mine\n");
        assert!(!dir.path().join("Cy.md").exists());
        let mut names: Vec<String> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["Ana.md", "Bo.md"],
            "leftovers and temporary files are gone"
        );
    }
    use std::cell::RefCell;

    type Hook = Box<dyn FnMut(&Path)>;

    thread_local! {
        static BEFORE_SWAP: RefCell<Option<Hook>> = RefCell::new(None);
    }

    /// Lets a test play another program in the last moment before a swap.
    pub(super) fn before_swap(target: &Path) {
        BEFORE_SWAP.with(|hook| {
            if let Some(f) = hook.borrow_mut().as_mut() {
                f(target)
            }
        });
    }

    fn set_before_swap(f: impl FnMut(&Path) + 'static) {
        BEFORE_SWAP.with(|hook| *hook.borrow_mut() = Some(Box::new(f)));
    }

    fn append(line: &'static str) -> impl FnMut(Option<&str>) -> Result<Outcome, EditError> {
        move |old| Ok(Outcome::Write(format!("{}{line}", old.unwrap_or(""))))
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_creates_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        assert_eq!(apply(&path, append("x\n")).unwrap(), Applied::Written);
        assert_eq!(apply(&path, append("y\n")).unwrap(), Applied::Written);
        assert_eq!(fs::read_to_string(&path).unwrap(), "x\ny\n");
        assert_eq!(names(dir.path()), ["a.md"]);
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
    fn an_atomic_save_just_before_the_swap_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "one\n").unwrap();
        let mut saved = false;
        set_before_swap(move |target| {
            if !saved {
                saved = true;
                // An editor's save: its own temp file renamed over ours.
                let theirs = target.with_file_name("editor.tmp");
                fs::write(&theirs, "one\ntheirs\n").unwrap();
                fs::rename(&theirs, target).unwrap();
            }
        });
        let mut runs = 0;
        apply(&path, |old| {
            runs += 1;
            Ok(Outcome::Write(format!("{}ours\n", old.unwrap())))
        })
        .unwrap();
        assert_eq!(runs, 2);
        assert_eq!(fs::read_to_string(&path).unwrap(), "one\ntheirs\nours\n");
        assert_eq!(names(dir.path()), ["a.md"]);
    }

    #[test]
    fn an_in_place_save_landing_after_the_swap_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        // We read the file half-saved: an editor truncated it and writes
        // the rest through the descriptor it holds, just after our swap.
        fs::write(&path, "").unwrap();
        let mut saved = false;
        set_before_swap(move |target| {
            if !saved {
                saved = true;
                let mut editor = fs::OpenOptions::new().write(true).open(target).unwrap();
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(5));
                    editor.write_all(b"the whole note\n").unwrap();
                });
            }
        });
        apply(&path, append("ours\n")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "the whole note\nours\n");
    }

    #[test]
    fn netkeeps_own_write_is_known_until_anybody_touches_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Today.md");
        let (applied, left) = apply_after(&path, None, append("agenda v1\n")).unwrap();
        assert_eq!(applied, Applied::Written);
        let left = left.unwrap();
        let ours = |own: Option<&OwnWrite>| match read_current(&path, own).unwrap() {
            Reading::Got(c) => Some(c.ours),
            Reading::Settling(_) => Some(false),
            _ => None,
        };
        // Just written by us and untouched: no settling, known as ours.
        assert_eq!(ours(Some(&left)), Some(true));
        // Rewritten by us: what the next write is handed is the new one.
        let (_, left2) = apply_after(&path, Some(&left), append("agenda v2\n")).unwrap();
        let left2 = left2.unwrap();
        assert_eq!(ours(Some(&left2)), Some(true));
        assert_eq!(ours(Some(&left)), Some(false), "an older write of ours");
        // Nothing to write: what it left still holds.
        let (applied, same) = apply_after(&path, Some(&left2), |_| Ok(Outcome::Keep)).unwrap();
        assert_eq!((applied, same.as_ref()), (Applied::Unchanged, Some(&left2)));
        // An editor writes it in place: the same length, other bytes, and
        // the modification time set back. Not ours any more.
        let before = fs::metadata(&path).unwrap().modified().unwrap();
        let mut f = fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.write_all(b"AGENDA").unwrap();
        f.set_modified(before).unwrap();
        drop(f);
        assert_eq!(ours(Some(&left2)), Some(false));
        let (_, after) = apply_after(&path, Some(&left2), |_| Ok(Outcome::Keep)).unwrap();
        assert_eq!(
            after, None,
            "a file someone else touched is not handed on as ours"
        );
    }

    #[test]
    fn an_in_place_save_after_our_own_write_is_still_watched_for() {
        // As `an_in_place_save_landing_after_the_swap_is_kept`, on a file
        // netkeep wrote a moment before: the editor's truncate since makes
        // it someone else's change again, and the write waits for the rest.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Today.md");
        let (_, left) = apply_after(&path, None, append("ours before\n")).unwrap();
        fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        let mut saved = false;
        set_before_swap(move |target| {
            if !saved {
                saved = true;
                let mut editor = fs::OpenOptions::new().write(true).open(target).unwrap();
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(5));
                    editor.write_all(b"the whole note\n").unwrap();
                });
            }
        });
        apply_after(&path, left.as_ref(), append("ours\n")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "the whole note\nours\n");
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
            Err(WriteError::NotText(..))
        ));
        assert_eq!(fs::read(&path).unwrap(), b"\xff\xfe\x00a");
    }

    #[test]
    fn utf16_without_a_bom_is_never_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wide.md");
        let wide: Vec<u8> = "## Log\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        fs::write(&path, &wide).unwrap();
        let err = apply(&path, append("- 2026-11-23 hi\n")).unwrap_err();
        assert!(err.to_string().contains("NUL"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), wide);
    }

    #[test]
    fn create_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        create_new(&path, "first").unwrap();
        assert!(create_new(&path, "second").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(names(dir.path()), ["n.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_at_the_temp_name_redirects_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let people = dir.path().join("people");
        fs::create_dir(&people).unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "precious\n").unwrap();
        let note = people.join("Good.md");
        fs::write(&note, "## Log\n").unwrap();
        // The name netkeep used before, and a git-synced vault can carry.
        std::os::unix::fs::symlink("../victim.txt", people.join(".Good.md.netkeep-tmp")).unwrap();
        apply(&note, append("- hi\n")).unwrap();
        create_new(&people.join("New.md"), "new\n").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
        assert!(fs::symlink_metadata(&note).unwrap().is_file());
        assert_eq!(fs::read_to_string(&note).unwrap(), "## Log\n- hi\n");
        assert_eq!(names(&people), ["Good.md", "New.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("agenda.md");
        crate::file::make_fifo(&fifo);
        assert!(matches!(
            apply(&fifo, append("x")),
            Err(WriteError::NotRegular(_, "a FIFO (named pipe)"))
        ));
        let null = Path::new("/dev/null");
        assert!(matches!(
            apply(null, append("x")),
            Err(WriteError::NotRegular(_, "a character device"))
        ));
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::metadata(null).unwrap().file_type().is_char_device());
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_is_not_followed_into_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("a.md");
        std::os::unix::fs::symlink(dir.path().join("elsewhere/b.md"), &link).unwrap();
        assert!(matches!(
            apply(&link, append("x")),
            Err(WriteError::DanglingLink(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_note_is_not_rewritten() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "mine\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(
            apply(&path, append("x\n")),
            Err(WriteError::ReadOnly(_))
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), "mine\n");
        // Deciding to keep it is still fine.
        assert_eq!(
            apply(&path, |_| Ok(Outcome::Keep)).unwrap(),
            Applied::Unchanged
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_temp_copy_of_a_private_note_is_never_world_readable() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "secret\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let temp = new_temp(&path).unwrap();
        assert_eq!(
            temp.as_file().metadata().unwrap().permissions().mode() & 0o777,
            0o600
        );
        drop(temp);
        apply(&path, append("more\n")).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_owner_is_kept_when_root_writes() {
        use std::os::unix::fs::MetadataExt;
        if rustix::process::geteuid().as_raw() != 0 {
            return; // only root can give a file to someone else
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "theirs\n").unwrap();
        std::os::unix::fs::chown(&path, Some(4321), Some(4322)).unwrap();
        apply(&path, append("root's\n")).unwrap();
        let meta = fs::metadata(&path).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
        assert_eq!(fs::read_to_string(&path).unwrap(), "theirs\nroot's\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_umask_mode_only_once_complete() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        create_new(&path, "new\n").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask());
        assert!(umask() & !0o777 == 0);
    }

    #[test]
    fn leftovers_of_killed_writers_are_cleaned_on_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "a\n").unwrap();
        fs::write(dir.path().join(".a.md.k3j4h5g6.netkeep-tmp"), "half").unwrap();
        fs::write(dir.path().join(".New.md.zzzzzzzz.netkeep-tmp"), "half").unwrap();
        fs::write(dir.path().join(".keep-me"), "user's").unwrap();
        apply(&path, append("b\n")).unwrap();
        assert_eq!(names(dir.path()), [".keep-me", "a.md"]);
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
