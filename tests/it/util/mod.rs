//! Test helpers: temporary vaults and running the real binary on them,
//! always with today pinned and no colour.

#![allow(dead_code)]

pub(crate) mod edit_checks;
pub(crate) mod notes;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub(crate) const TODAY: &str = "2026-11-23";

/// A vault in a temporary folder, removed when dropped.
pub(crate) struct Vault {
    dir: tempfile::TempDir,
}

impl Vault {
    pub(crate) fn new() -> Vault {
        Vault {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Writes `text` to `rel` (folders created as needed).
    pub(crate) fn file(&self, rel: &str, text: &str) -> &Vault {
        self.bytes(rel, text.as_bytes())
    }

    pub(crate) fn bytes(&self, rel: &str, bytes: &[u8]) -> &Vault {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        self
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `netkeep --vault VAULT ARGS...`
    pub(crate) fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = netkeep();
        cmd.arg("--vault").arg(self.path()).args(args);
        cmd
    }
}

/// The binary, with a pinned today, no colour, no vault from the
/// environment of whoever runs the tests, and the note cache in the
/// target folder's scratch space (so every test also runs it).
pub(crate) fn netkeep() -> Command {
    Command::from_std(netkeep_process())
}

/// The same, as a process to spawn: several at once, or one that runs on.
pub(crate) fn netkeep_process() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("netkeep"));
    cmd.env("NETKEEP_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("NETKEEP_CACHE_DIR", cache_dir())
        .env_remove("NETKEEP_NO_CACHE")
        .env_remove("NETKEEP_VAULT");
    cmd
}

/// Where the tests' runs keep their note caches: inside `target/`, never
/// in the user's cache folder.
pub(crate) fn cache_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("netkeep-cache")
}

/// A fixture vault under `tests/fixtures/`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub(crate) struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub(crate) fn run(mut cmd: Command) -> Output {
    let out = cmd.output().expect("runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub(crate) fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}
