//! The note cache from the outside: it is used once files have settled,
//! and a report never differs from one that reads every note.
#![cfg(feature = "cache")]

use crate::util::{json, run, Vault};
use std::fs;
use std::time::Duration;

/// The vault's files must be older than the cache's settle time (2 s) to
/// be cached at all.
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

struct Cached {
    vault: Vault,
    cache: tempfile::TempDir,
}

impl Cached {
    fn new(files: &[(&str, &str)]) -> Cached {
        let vault = Vault::new();
        for (rel, text) in files {
            vault.file(rel, text);
        }
        Cached {
            vault,
            cache: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// `list --format json` (and how many notes came from the cache), with
    /// the cache, then without it: the two must agree.
    fn list(&self, extra: &[&str]) -> (serde_json::Value, usize) {
        let (list, cached, _) = self.list_and_index(extra);
        (list, cached)
    }

    /// [`Cached::list`], and whether the index came from the index cache.
    fn list_and_index(&self, extra: &[&str]) -> (serde_json::Value, usize, bool) {
        let mut args = vec!["list", "--format", "json"];
        args.extend_from_slice(extra);
        let mut cmd = self.vault.cmd(&args);
        cmd.env("NETKEEP_CACHE_DIR", self.cache.path())
            .env("NETKEEP_TIMINGS", "1");
        let out = run(cmd);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let mut uncached = self.vault.cmd(&args);
        uncached.arg("--no-cache");
        let plain = run(uncached);
        assert_eq!(out.stdout, plain.stdout, "the cache changed a report");
        let index = out.stderr.contains("from the index cache");
        (json(&out.stdout), from_cache(&out.stderr), index)
    }
}

fn from_cache(stderr: &str) -> usize {
    let at = stderr
        .find(" notes from the cache")
        .unwrap_or_else(|| panic!("no timings in:\n{stderr}"));
    let start = stderr[..at].rfind('(').expect("(") + 1;
    stderr[start..at].parse().expect("a count")
}

fn touches(list: &serde_json::Value, id: &str) -> Vec<i64> {
    let c = list["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} not listed"));
    ["touches", "inbound", "outbound"]
        .iter()
        .map(|k| c[*k].as_i64().unwrap())
        .collect()
}

const ANN: &str = "---\ncadence: 2w\n---\n## Log\n- 2026-11-01 -> mail\n- 2026-11-02 <- reply\n";
const BO: &str = "## Log\n- 2026-10-01 lunch with [[Ann]]\n";

#[test]
fn settled_notes_come_from_the_cache_and_every_change_is_seen() {
    let c = Cached::new(&[("people/Ann.md", ANN), ("people/Bo.md", BO)]);
    settle();
    let (first, cached) = c.list(&[]);
    assert_eq!(cached, 0, "nothing cached yet");
    let (second, cached) = c.list(&[]);
    assert_eq!(cached, 2);
    assert_eq!(first, second);
    assert_eq!(touches(&second, "Ann"), [3, 1, 1]);

    // The same size, and the modification time put back as it was: only
    // the change time tells, and it must be enough.
    let ann = c.vault.path().join("people/Ann.md");
    let modified = fs::metadata(&ann).unwrap().modified().unwrap();
    fs::write(&ann, ANN.replace("<- reply", "-> reply")).unwrap();
    fs::File::options()
        .write(true)
        .open(&ann)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(fs::metadata(&ann).unwrap().len(), ANN.len() as u64);
    let (edited, cached) = c.list(&[]);
    assert_eq!(cached, 1, "Bo from the cache, Ann read again");
    assert_eq!(touches(&edited, "Ann"), [3, 0, 2]);
    // Just changed: read again every time until it settles.
    let (again, cached) = c.list(&[]);
    assert_eq!((touches(&again, "Ann"), cached), (vec![3, 0, 2], 1));

    fs::remove_file(c.vault.path().join("people/Bo.md")).unwrap();
    let (gone, _) = c.list(&[]);
    assert_eq!(gone["contacts"].as_array().unwrap().len(), 1);
    assert_eq!(touches(&gone, "Ann"), [2, 0, 2]);
    settle();
    c.list(&[]);
    assert_eq!(c.list(&[]).1, 1, "settled again: cached again");
}

#[test]
fn other_settings_an_earlier_day_or_a_broken_cache_read_the_notes() {
    let c = Cached::new(&[
        ("people/Ann.md", ANN),
        ("crm/Cy.md", "- 2026-12-24 dinner\n- 2026-11-10 call\n"),
    ]);
    settle();
    c.list(&[]);
    assert_eq!(c.list(&[]).1, 2);

    // Parsed for the 23rd, the notes keep no text of what was still to
    // come on the 1st of November: read again for that day...
    let (early, cached) = c.list(&["--today", "2026-11-01"]);
    assert_eq!(cached, 0, "parsed for a later day");
    assert_eq!(touches(&early, "Ann"), [1, 0, 1]);
    // ...and what was parsed for the 1st serves the 23rd.
    assert_eq!(c.list(&[]).1, 2);

    c.vault
        .file("netkeep.toml", "contact_dirs = [\"crm\", \"people\"]\n");
    let (more, cached) = c.list(&[]);
    assert_eq!(cached, 0, "contact folders changed: every note read again");
    assert_eq!(more["contacts"].as_array().unwrap().len(), 2);

    for file in cache_files(c.cache.path()) {
        fs::write(file, b"NKCACHE\ngarbage").unwrap();
    }
    let (after, cached) = c.list(&[]);
    assert_eq!(cached, 0);
    assert_eq!(after, more);
}

#[test]
fn the_index_comes_from_its_cache_only_for_the_same_files_day_and_config() {
    let c = Cached::new(&[("people/Ann.md", ANN), ("people/Bo.md", BO)]);
    settle();
    let index = |extra: &[&str]| c.list_and_index(extra).2;
    assert!(!index(&[]), "notes read: the index is built, and kept");
    assert!(index(&[]), "the same files: the kept index");
    assert!(!index(&["--today", "2026-11-24"]), "another day");
    assert!(!index(&[]), "the 23rd again: the file holds the 24th's");
    assert!(index(&[]));

    c.vault
        .file("netkeep.toml", "[circles.family]\ncadence = \"1w\"\n");
    assert!(!index(&[]), "another config");
    assert!(index(&[]));

    c.vault.file("people/Cy.md", "- 2026-11-01 call [[Bo]]\n");
    let (with_cy, _, cached) = c.list_and_index(&[]);
    assert!(!cached, "a new note");
    assert_eq!(with_cy["contacts"].as_array().unwrap().len(), 3);
    assert!(!index(&[]), "a note just written is never vouched for");
    settle();
    assert!(!index(&[]));
    assert!(index(&[]));
    fs::remove_file(c.vault.path().join("people/Cy.md")).unwrap();
    let (without, _, cached) = c.list_and_index(&[]);
    assert!(!cached, "a note gone");
    assert_eq!(without["contacts"].as_array().unwrap().len(), 2);
    assert!(index(&[]), "the two notes again: the index kept for them");

    let file = cache_files(c.cache.path())
        .into_iter()
        .find(|f| f.ends_with("index.cache"))
        .expect("an index cache");
    let mut bytes = fs::read(&file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&file, bytes).unwrap();
    let (damaged, _, cached) = c.list_and_index(&[]);
    assert!(!cached, "a damaged index cache is not used");
    assert_eq!(damaged, without);
}

#[test]
fn no_cache_writes_nothing() {
    let c = Cached::new(&[("people/Ann.md", ANN)]);
    settle();
    let mut cmd = c.vault.cmd(&["overdue", "--no-cache"]);
    cmd.env("NETKEEP_CACHE_DIR", c.cache.path());
    assert_eq!(run(cmd).code, 0);
    assert_eq!(fs::read_dir(c.cache.path()).unwrap().count(), 0);
    // The environment says it as shells write a switch (the README says
    // `NETKEEP_NO_CACHE=1`).
    for on in ["1", "yes", "true", "on"] {
        let mut cmd = c.vault.cmd(&["overdue"]);
        cmd.env("NETKEEP_CACHE_DIR", c.cache.path())
            .env("NETKEEP_NO_CACHE", on);
        let out = run(cmd);
        assert_eq!(out.code, 0, "NETKEEP_NO_CACHE={on}: {}", out.stderr);
        assert_eq!(fs::read_dir(c.cache.path()).unwrap().count(), 0, "{on}");
    }
    let mut cmd = c.vault.cmd(&["overdue"]);
    cmd.env("NETKEEP_CACHE_DIR", c.cache.path())
        .env("NETKEEP_NO_CACHE", "0");
    assert_eq!(run(cmd).code, 0);
    let vaults: Vec<_> = fs::read_dir(c.cache.path()).unwrap().collect();
    assert_eq!(vaults.len(), 1, "one folder for the vault");
    let mut files = cache_files(c.cache.path());
    files.sort();
    let names: Vec<_> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "one note, one file, and the index: {names:?}"
    );
    assert!(names[0].ends_with(".cache"), "{names:?}");
    assert_eq!(names[1], "index.cache");
    #[cfg(unix)]
    {
        // What the notes say stays as private as the cache folder's owner.
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let folder = vaults.into_iter().next().unwrap().unwrap().path();
        assert_eq!(mode(&folder), 0o700);
        for file in &files {
            assert_eq!(mode(file), 0o600, "{}", file.display());
        }
    }
}

/// The files in the cache folders under `dir`.
fn cache_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .flat_map(|vault| fs::read_dir(vault.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .collect()
}

#[test]
fn processes_sharing_one_cache_agree() {
    let c = Cached::new(&[("people/Ann.md", ANN), ("people/Bo.md", BO)]);
    for i in 0..30 {
        c.vault.file(
            &format!("people/p{i}.md"),
            &format!("## Log\n- 2026-10-{:02} <- hi [[Ann]]\n", i % 28 + 1),
        );
    }
    settle();
    let expected = c.list(&[]).0;
    for file in cache_files(c.cache.path()) {
        fs::remove_file(file).unwrap();
    }
    // Eight at once on an empty cache, all writing the same cache files:
    // each reads a whole file or none, and every report is the same.
    let children: Vec<_> = (0..8)
        .map(|_| {
            crate::util::netkeep_process()
                .env("NETKEEP_CACHE_DIR", c.cache.path())
                .arg("--vault")
                .arg(c.vault.path())
                .args(["list", "--format", "json"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success());
        assert_eq!(json(&String::from_utf8_lossy(&out.stdout)), expected);
    }
    let (after, cached) = c.list(&[]);
    assert_eq!(after, expected);
    assert_eq!(cached, 32, "the cache is whole after them");
    let temps: Vec<_> = cache_files(c.cache.path())
        .into_iter()
        .filter(|f| f.to_string_lossy().ends_with(".netkeep-tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
}
