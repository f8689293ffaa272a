//! The torture suite: other programs, kills and planted files racing
//! netkeep's writers. Each test is short by default (CI runs it); set
//! `NETKEEP_TORTURE=N` to multiply its rounds by N and run it at length by
//! hand, e.g. `NETKEEP_TORTURE=20 cargo test --release --test torture`.
#![cfg(unix)]

use crate::util::{netkeep_process, Vault};
use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many times longer than the CI run to go on.
fn scale() -> usize {
    std::env::var("NETKEEP_TORTURE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// A note with a large body, so that a save takes a while.
fn big_note() -> String {
    let mut text = String::from("---\ncadence: 1w\n---\n# Good\n\n");
    for i in 0..4000 {
        text.push_str(&format!(
            "Paragraph {i}: a line the user wrote and must keep.\n"
        ));
    }
    text.push_str("\n## Log\n- 2026-11-01 lunch\n");
    text
}

fn log(v: &Vault, words: &str) -> std::process::Output {
    let mut cmd = netkeep_process();
    cmd.arg("--vault")
        .arg(v.path())
        .args(["log", "Good", words])
        .output()
        .expect("runs")
}

/// Another program that keeps saving a note until told to stop, and
/// counts its saves; `pause` holds it between saves.
struct Editor {
    stop: Arc<AtomicBool>,
    pause: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
    saves: Arc<AtomicUsize>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Editor {
    fn start(save: impl Fn(usize) + Send + 'static) -> Editor {
        let stop = Arc::new(AtomicBool::new(false));
        let pause = Arc::new(AtomicBool::new(false));
        let idle = Arc::new(AtomicBool::new(false));
        let saves = Arc::new(AtomicUsize::new(0));
        let (s, p, i, n) = (stop.clone(), pause.clone(), idle.clone(), saves.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                if p.load(Ordering::SeqCst) {
                    i.store(true, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(1));
                    continue;
                }
                i.store(false, Ordering::SeqCst);
                save(n.fetch_add(1, Ordering::SeqCst));
                // Bursts of saves 1-5 ms apart, then a pause, as autosave
                // and a typing user make: netkeep's writes land on both.
                let gap = if fastrand::u8(..4) == 0 {
                    fastrand::u64(20_000..120_000)
                } else {
                    fastrand::u64(1000..5000)
                };
                std::thread::sleep(Duration::from_micros(gap));
            }
        });
        Editor {
            stop,
            pause,
            idle,
            saves,
            thread: Some(thread),
        }
    }

    /// Holds the editor between two saves while `f` looks at the file.
    fn paused<T>(&self, f: impl FnOnce() -> T) -> T {
        self.idle.store(false, Ordering::SeqCst);
        self.pause.store(true, Ordering::SeqCst);
        while !self.idle.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_micros(200));
        }
        let out = f();
        self.pause.store(false, Ordering::SeqCst);
        out
    }

    fn stop(mut self) -> usize {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            t.join().expect("editor");
        }
        self.saves.load(Ordering::SeqCst)
    }
}

/// An editor that saves in place (truncate, then write) the text it has,
/// as one that does not reload would. netkeep must never read it
/// half-saved and put that back: the note is never wiped.
#[test]
fn an_in_place_editor_racing_log_never_wipes_the_note() {
    let v = Vault::new();
    let text = big_note();
    v.file("people/Good.md", &text);
    let path = v.path().join("people/Good.md");
    let mine = text.clone();
    let p = path.clone();
    let editor = Editor::start(move |_| {
        if let Ok(mut f) = fs::OpenOptions::new().write(true).truncate(true).open(&p) {
            // Two writes with pauses, as a slow editor flushing its buffer
            // in parts: the file is empty, then half there, then whole.
            let (a, b) = mine.split_at(mine.len() / 2);
            std::thread::sleep(Duration::from_micros(fastrand::u64(0..2000)));
            let _ = f.write_all(a.as_bytes());
            std::thread::sleep(Duration::from_micros(fastrand::u64(0..1000)));
            let _ = f.write_all(b.as_bytes());
        }
    });
    let mut written = 0;
    for round in 0..20 * scale() {
        let out = log(&v, &format!("round {round}"));
        if out.status.success() {
            written += 1;
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("kept changing"), "{stderr}");
        }
        let now = editor.paused(|| fs::read_to_string(&path).expect("read"));
        assert!(
            now.starts_with(&text),
            "round {round}: the note lost the user's text ({} bytes left)",
            now.len()
        );
    }
    let saves = editor.stop();
    eprintln!("{written} logs written, {saves} editor saves");
}

/// An editor that saves atomically (its own temp file, then a rename),
/// adding a line each time to what it read. A save of its must never be
/// replaced by netkeep's older text: every editor line survives.
#[test]
fn an_atomic_editor_racing_log_loses_no_save() {
    let v = Vault::new();
    v.file("people/Good.md", &big_note());
    let path = v.path().join("people/Good.md");
    let p = path.clone();
    let editor = Editor::start(move |n| {
        let Ok(old) = fs::read_to_string(&p) else {
            return;
        };
        let temp = p.with_file_name(format!(".Good.md.editor-{n}"));
        fs::write(&temp, format!("{old}- 2026-11-02 editor save {n}\n")).expect("temp");
        fs::rename(&temp, &p).expect("rename");
    });
    let mut written = 0;
    for round in 0..20 * scale() {
        if log(&v, &format!("round {round}")).status.success() {
            written += 1;
        }
    }
    let saves = editor.stop();
    let text = fs::read_to_string(&path).expect("read");
    let lost: Vec<usize> = (0..saves)
        .filter(|n| !text.contains(&format!("editor save {n}\n")))
        .collect();
    assert!(lost.is_empty(), "editor saves lost: {lost:?} of {saves}");
    let entries = (0..20 * scale())
        .filter(|r| text.contains(&format!("round {r}\n")))
        .count();
    // An editor that saves what it read without a lock can overwrite
    // netkeep's entry (its race, not ours): counted, not asserted.
    eprintln!("{saves} editor saves all kept; {entries} of {written} netkeep entries kept");
}

/// `kill -9` at random moments of `log`, `new` and `agenda --write`: each
/// note is old or new, never torn; no temporary file is readable by
/// others; the next write leaves none behind.
#[test]
fn kill_9_anywhere_leaves_old_or_new_never_torn() {
    let v = Vault::new();
    let text = big_note();
    v.file("people/Good.md", &text);
    fs::set_permissions(
        v.path().join("people/Good.md"),
        fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    let path = v.path().join("people/Good.md");
    let mut expected = text.clone();
    let mut kills = 0;
    for round in 0..30 * scale() {
        let words = format!("kill round {round}");
        let mut child = netkeep_process()
            .arg("--vault")
            .arg(v.path())
            .args(["--no-cache", "log", "Good", &words])
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(fastrand::u64(0..150_000)));
        let _ = child.kill();
        let status = child.wait().expect("wait");
        if !status.success() {
            kills += 1;
        }
        let now = fs::read_to_string(&path).expect("read");
        let with_entry = format!("{expected}- 2026-11-23 {words}\n");
        assert!(
            now == expected || now == with_entry,
            "round {round}: torn note ({} bytes)",
            now.len()
        );
        expected = now;
        for temp in leftovers(&v.path().join("people")) {
            let mode = fs::metadata(&temp)
                .map(|m| m.permissions().mode())
                .unwrap_or(0);
            assert_eq!(mode & 0o077, 0, "{} is readable by others", temp.display());
        }
        // `new` and `agenda --write` killed too.
        let mut child = netkeep_process()
            .arg("--vault")
            .arg(v.path())
            .args(["new", &format!("Kill {round}")])
            .stderr(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(fastrand::u64(0..100_000)));
        let _ = child.kill();
        let _ = child.wait();
        if let Ok(note) = fs::read_to_string(v.path().join(format!("people/Kill {round}.md"))) {
            assert!(note.ends_with("## Log\n"), "a torn new note:\n{note}");
        }
        let mut child = netkeep_process()
            .arg("--vault")
            .arg(v.path())
            .args(["agenda", "--write"])
            .arg(v.path().join("Today.md"))
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(fastrand::u64(0..100_000)));
        let _ = child.kill();
        let _ = child.wait();
        if let Ok(agenda) = fs::read_to_string(v.path().join("Today.md")) {
            assert!(
                agenda.trim_end().ends_with("<!-- netkeep:end -->"),
                "a torn agenda:\n{agenda}"
            );
        }
    }
    eprintln!("{kills} of {} logs killed", 30 * scale());
    // The next write cleans up what the killed ones left.
    assert!(log(&v, "after the kills").status.success());
    assert!(
        leftovers(&v.path().join("people")).is_empty(),
        "{:?}",
        leftovers(&v.path().join("people"))
    );
}

fn leftovers(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".netkeep-tmp"))
                .collect()
        })
        .unwrap_or_default()
}

/// Planted links, FIFOs and devices where netkeep writes: nothing outside
/// the vault changes, nothing hangs.
#[test]
fn planted_links_fifos_and_devices_redirect_nothing_and_hang_nothing() {
    let outside = tempfile::tempdir().expect("tempdir");
    let victim = outside.path().join("victim.txt");
    fs::write(&victim, "precious\n").expect("victim");
    let v = Vault::new();
    v.file("people/Good.md", "## Log\n");
    let people = v.path().join("people");
    std::os::unix::fs::symlink(&victim, people.join(".Good.md.netkeep-tmp")).expect("link");
    std::os::unix::fs::symlink(&victim, people.join(".Bad.md.netkeep-tmp")).expect("link");
    let fifo = v.path().join("Fifo.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let start = Instant::now();
    let run = |args: &[&str]| {
        let mut cmd = netkeep_process();
        cmd.arg("--vault").arg(v.path()).args(args);
        let mut child = cmd
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let begun = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                begun.elapsed() < Duration::from_secs(30),
                "netkeep {args:?} hangs"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    assert!(run(&["log", "Good", "hi"]).success());
    assert!(run(&["new", "Bad"]).success());
    let fifo_arg = fifo.to_string_lossy().into_owned();
    assert!(!run(&["agenda", "--write", &fifo_arg]).success());
    assert!(!run(&["agenda", "--write", "/dev/null"]).success());
    // A FIFO where the config and a note are read: said, not waited on.
    let made = std::process::Command::new("mkfifo")
        .arg(v.path().join("netkeep.toml"))
        .arg(people.join("Pipe.md"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    run(&["list"]);
    run(&["check"]);
    assert!(start.elapsed() < Duration::from_secs(60));
    assert_eq!(fs::read_to_string(&victim).expect("victim"), "precious\n");
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::metadata("/dev/null")
        .expect("null")
        .file_type()
        .is_char_device());
    assert!(fs::symlink_metadata(&fifo)
        .expect("fifo")
        .file_type()
        .is_fifo());
    assert!(fs::symlink_metadata(people.join("Good.md"))
        .expect("note")
        .is_file());
}

/// `watch` keeping an agenda current while an editor appends to notes and
/// the user ticks the agenda (saving it by rename): every save survives, and
/// every tick is recorded in its contact's note.
#[test]
fn watch_racing_editors_and_ticks_loses_no_save_and_no_tick() {
    let v = Vault::new();
    let people = 6 * scale();
    for i in 0..people {
        v.file(
            &format!("people/P{i}.md"),
            "---\ncadence: 1w\n---\n## Log\n- 2026-10-01 lunch\n",
        );
    }
    let agenda = v.path().join("Today.md");
    let mut watch = netkeep_process()
        .arg("--vault")
        .arg(v.path())
        .args([
            "watch",
            "--debounce",
            "20",
            "--max",
            &people.to_string(),
            "--write",
        ])
        .arg(&agenda)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("watch");
    let wait_for = |what: &str, ok: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !ok() {
            assert!(start.elapsed() < Duration::from_secs(30), "{what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait_for("no agenda", &|| {
        fs::read_to_string(&agenda).is_ok_and(|a| a.contains(&format!("[[P{}]]", people - 1)))
    });
    // The editor: appends a line to a note in place. An append never drops
    // what netkeep wrote (a read-modify-write save could, by its own race),
    // so both counts below are strict.
    let saves = 300 * scale();
    let editor = {
        let root = v.path().to_path_buf();
        std::thread::spawn(move || {
            for n in 0..saves {
                let note = root.join(format!("people/P{}.md", n % people));
                let mut file = fs::OpenOptions::new()
                    .append(true)
                    .open(&note)
                    .expect("note");
                file.write_all(format!("- 2026-11-02 editor save {n}\n").as_bytes())
                    .expect("append");
                drop(file);
                std::thread::sleep(Duration::from_micros(fastrand::u64(200..3000)));
            }
        })
    };
    // The user: ticks each contact's item once, saving by rename.
    for i in 0..people {
        wait_for("the item never came back", &|| {
            fs::read_to_string(&agenda).is_ok_and(|a| a.contains(&format!("- [ ] [[P{i}]]")))
        });
        let text = fs::read_to_string(&agenda).expect("agenda");
        let ticked = text.replace(&format!("- [ ] [[P{i}]]"), &format!("- [x] [[P{i}]]"));
        let temp = agenda.with_file_name(".Today.md.user");
        fs::write(&temp, ticked).expect("temp");
        fs::rename(&temp, &agenda).expect("rename");
        std::thread::sleep(Duration::from_millis(fastrand::u64(0..60)));
    }
    editor.join().expect("editor");
    let note = |i: usize| fs::read_to_string(v.path().join(format!("people/P{i}.md")));
    // Every tick reached the file, and what watch writes never drops one
    // it has not recorded: each is recorded in the end.
    wait_for("a tick was never recorded", &|| {
        (0..people).all(|i| note(i).is_ok_and(|t| t.contains("2026-11-23 -> reached out")))
    });
    let _ = watch.kill();
    let _ = watch.wait();
    let all: String = (0..people).map(|i| note(i).unwrap_or_default()).collect();
    let lost: Vec<usize> = (0..saves)
        .filter(|n| !all.contains(&format!("editor save {n}\n")))
        .collect();
    assert!(lost.is_empty(), "editor saves lost: {lost:?}");
    eprintln!("{people} ticks recorded; {saves} editor saves kept");
}
