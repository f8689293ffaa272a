//! Reading a file that another program, a sync or a planted link may have
//! replaced since it was listed: never blocking on a FIFO, regular files
//! only, and never more than a bound, so that `/dev/zero` or a 10 GB file
//! named `.md` cannot hang a run or eat its memory.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not found")]
    Missing,
    #[error("is {0}, not a regular file")]
    NotRegular(&'static str),
    #[error("is larger than {} MiB", .0 >> 20)]
    TooLarge(u64),
    #[error("{0}")]
    Io(io::Error),
}

/// Whether a symlink at the path itself is followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    Follow,
    /// For files netkeep owns (its cache): a link there was planted.
    Refuse,
}

/// What a kind of file is called in a message.
pub fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symlink"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading without waiting on a FIFO's writer.
pub fn open(path: &Path, links: Links) -> io::Result<File> {
    open_with(OpenOptions::new().read(true), path, links)
}

/// Opens `path` with `options`, never waiting on a FIFO (and, with
/// [`Links::Refuse`], never through a symlink at the path itself).
pub fn open_with(options: &mut OpenOptions, path: &Path, links: Links) -> io::Result<File> {
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = OFlags::NONBLOCK;
        if links == Links::Refuse {
            flags |= OFlags::NOFOLLOW;
        }
        options.custom_flags(flags.bits() as i32);
    }
    #[cfg(not(unix))]
    if links == Links::Refuse
        && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(io::Error::other("is a symlink"));
    }
    options.open(path)
}

/// The bytes of the regular file at `path`, at most `max` of them (a file
/// that grows past `max` while it is read is refused too).
pub fn read_regular(path: &Path, max: u64, links: Links) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, max, links)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(max));
    }
    Ok(bytes)
}

/// The regular file at `path`, open for reading, and its length, when it
/// is at most `max` bytes long.
pub fn open_regular(path: &Path, max: u64, links: Links) -> Result<(File, u64), ReadError> {
    let file = open(path, links).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::Missing,
        _ if e.raw_os_error() == eloop() => ReadError::NotRegular("a symlink"),
        _ => ReadError::Io(e),
    })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(meta.file_type())));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge(max));
    }
    Ok((file, meta.len()))
}

#[cfg(unix)]
fn eloop() -> Option<i32> {
    Some(rustix::io::Errno::LOOP.raw_os_error())
}

#[cfg(not(unix))]
fn eloop() -> Option<i32> {
    None
}

/// Makes a FIFO at `path`, for tests that plant one.
#[cfg(all(test, unix))]
#[allow(clippy::expect_used)] // a test helper: a failure fails the test
pub(crate) fn make_fifo(path: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .expect("mkfifo");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn fifos_devices_links_and_large_files_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("a.md");
        make_fifo(&fifo);
        assert!(matches!(
            read_regular(&fifo, 100, Links::Follow),
            Err(ReadError::NotRegular("a FIFO (named pipe)"))
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 100, Links::Follow),
            Err(ReadError::NotRegular("a character device"))
        ));
        let big = dir.path().join("big.md");
        std::fs::write(&big, vec![b'x'; 101]).unwrap();
        assert!(matches!(
            read_regular(&big, 100, Links::Follow),
            Err(ReadError::TooLarge(100))
        ));
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&big, &link).unwrap();
        assert_eq!(read_regular(&link, 200, Links::Follow).unwrap().len(), 101);
        assert!(matches!(
            read_regular(&link, 200, Links::Refuse),
            Err(ReadError::NotRegular("a symlink"))
        ));
        assert!(matches!(
            read_regular(&dir.path().join("none"), 1, Links::Follow),
            Err(ReadError::Missing)
        ));
    }
}
