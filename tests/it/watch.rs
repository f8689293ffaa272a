//! `netkeep watch` as a user meets it: the real binary on a temporary vault,
//! files changed the ways editors change them, and the agenda file waited
//! for with a deadline (never a fixed sleep for correctness).

use crate::util::Vault;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(15);

struct Watching {
    child: Child,
    stderr: Arc<Mutex<String>>,
    agenda: PathBuf,
}

impl Watching {
    fn start(v: &Vault, agenda: &str, extra: &[&str]) -> Watching {
        let agenda = v.path().join(agenda);
        let mut child = crate::util::netkeep_process()
            .arg("--vault")
            .arg(v.path())
            .args(["watch", "--debounce", "50", "--write"])
            .arg(&agenda)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().expect("stderr");
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let w = Watching {
            child,
            stderr,
            agenda,
        };
        w.wait_log("watching");
        w.wait_for(|a| a.contains("<!-- netkeep:end -->"));
        w
    }

    fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn wait_log(&self, needle: &str) {
        let start = Instant::now();
        while !self.log().contains(needle) {
            assert!(
                start.elapsed() < DEADLINE,
                "no {needle:?} in the log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the agenda file satisfies `ok`; returns its text.
    fn wait_for(&self, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = std::fs::read_to_string(&self.agenda).unwrap_or_default();
            if ok(&text) {
                return text;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "agenda never got there:\n{text}\nlog:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn writes(&self) -> usize {
        self.log().matches("wrote the agenda").count()
    }

    /// Waits for the log to say the agenda was written `n` times: the file
    /// can be read before its line reaches the log.
    fn wait_writes(&self, n: usize) {
        let start = Instant::now();
        while self.writes() < n {
            assert!(
                start.elapsed() < DEADLINE,
                "not {n} writes in the log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Ctrl-C; the exit code.
    fn interrupt(mut self) -> i32 {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code().unwrap_or(-1);
            }
            assert!(start.elapsed() < DEADLINE, "did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn vault() -> Vault {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\ncadence: 1w\n---\n## Log\n- 2026-11-01 lunch\n",
    )
    .file(
        "people/Bo.md",
        "---\ncadence: 1w\n---\n## Log\n- 2026-11-20 call\n",
    );
    v
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write");
}

#[test]
fn edits_in_place_are_seen_and_idle_means_no_writes() {
    let v = vault();
    let w = Watching::start(&v, "Today.md", &[]);
    assert!(w.wait_for(|a| a.contains("[[Ann]]")).contains("[[Ann]]"));
    // Ann is touched: she leaves the agenda.
    write(
        &v.path().join("people/Ann.md"),
        "---\ncadence: 1w\n---\n## Log\n- 2026-11-01 lunch\n- 2026-11-22 call\n",
    );
    w.wait_for(|a| !a.contains("[[Ann]]"));
    w.wait_log("re-read 1 file and re-planned");
    // A write ends after the file is visible (it watches a just-changed
    // file a moment longer): wait for its line.
    w.wait_writes(2);
    // Idle: nothing rewrites the file.
    let writes = w.writes();
    let modified = std::fs::metadata(&w.agenda).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(w.writes(), writes, "{}", w.log());
    assert_eq!(
        std::fs::metadata(&w.agenda).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(w.interrupt(), 0, "Ctrl-C exits cleanly");
}

#[test]
fn atomic_saves_deletes_and_new_files() {
    let v = vault();
    let w = Watching::start(&v, "Today.md", &["--max", "10"]);
    // An editor's save: write a temporary file, rename it over the note.
    let tmp = v.path().join("people/.Bo.md.swp");
    write(&tmp, "---\ncadence: 1w\n---\n## Log\n- 2026-11-01 old\n");
    std::fs::rename(&tmp, v.path().join("people/Bo.md")).unwrap();
    w.wait_for(|a| a.contains("[[Bo]]"));
    std::fs::remove_file(v.path().join("people/Ann.md")).unwrap();
    w.wait_for(|a| !a.contains("[[Ann]]"));
    write(&v.path().join("people/Cy.md"), "---\ncadence: 2w\n---\n");
    w.wait_for(|a| a.contains("[[Cy]]"));
    std::fs::create_dir_all(v.path().join("people/new")).unwrap();
    write(
        &v.path().join("people/new/Dee.md"),
        "---\ncadence: 2w\n---\n",
    );
    w.wait_for(|a| a.contains("[[Dee]]"));
}

#[test]
fn a_save_after_its_note_was_read_ahead_is_the_one_that_counts() {
    let v = vault();
    let w = Watching::start(&v, "Today.md", &[]);
    w.wait_for(|a| a.contains("[[Ann]]"));
    let writes = w.writes();
    let ann = v.path().join("people/Ann.md");
    // Touched: she would leave the agenda. The burst is read ahead at
    // once, long before it settles...
    write(
        &ann,
        "---\ncadence: 1w\n---\n## Log\n- 2026-11-01 lunch\n- 2026-11-22 call\n",
    );
    std::thread::sleep(Duration::from_millis(20));
    // ...and then saved again without that touch, in the same burst.
    write(
        &ann,
        "---\ncadence: 1w\n---\n## Log\n- 2026-11-01 lunch\n- 2026-11-02 note\n",
    );
    write(&v.path().join("people/Cy.md"), "---\ncadence: 2w\n---\n");
    let text = w.wait_for(|a| a.contains("[[Cy]]"));
    assert!(text.contains("[[Ann]]"), "{text}\n{}", w.log());
    w.wait_writes(writes + 1);
}

#[test]
fn a_burst_of_fifty_files_settles_into_few_renders() {
    let v = vault();
    let w = Watching::start(&v, "Today.md", &["--max", "100"]);
    let before = w.log().matches("re-planned").count();
    for i in 0..50 {
        write(
            &v.path().join(format!("people/P{i:02}.md")),
            "---\ncadence: 1w\n---\n",
        );
    }
    w.wait_for(|a| (0..50).all(|i| a.contains(&format!("[[P{i:02}]]"))));
    std::thread::sleep(Duration::from_millis(300));
    let renders = w.log().matches("re-planned").count() - before;
    assert!(
        renders <= 5,
        "{renders} re-plans for one burst:\n{}",
        w.log()
    );
}

#[test]
fn ticks_in_the_agenda_are_recorded_once_and_its_own_writes_do_not_loop() {
    let v = vault();
    // The agenda lies in a contact folder: its own writes must not loop.
    let w = Watching::start(&v, "people/Agenda.md", &[]);
    let text = w.wait_for(|a| a.contains("- [ ] [[Ann]]"));
    write(&w.agenda, &text.replace("- [ ] [[Ann]]", "- [x] [[Ann]]"));
    // Ann is reached: her tick stays ticked the same day, done.
    w.wait_for(|a| {
        a.contains("### Done today\n\n- [x] [[Ann]]")
            && a.contains(" \u{2014} recorded: -> reached out")
            && !a.contains("- [ ] [[Ann]]")
    });
    let ann = std::fs::read_to_string(v.path().join("people/Ann.md")).unwrap();
    assert_eq!(ann.matches("2026-11-23 -> reached out").count(), 1, "{ann}");
    // The first agenda, then the one without Ann.
    w.wait_writes(2);
    let writes = w.writes();
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(w.writes(), writes, "no rewrite loop:\n{}", w.log());
}

#[test]
fn a_deleted_agenda_is_recreated_and_a_broken_note_warns() {
    let v = vault();
    let w = Watching::start(&v, "Today.md", &[]);
    std::fs::remove_file(&w.agenda).unwrap();
    // Any change brings it back; so does the deletion itself.
    write(
        &v.path().join("people/Bo.md"),
        "---\ncadence: [broken\n---\n## Log\n- 2026-11-01 old\n",
    );
    w.wait_for(|a| a.contains("<!-- netkeep:begin -->"));
    w.wait_log("people/Bo.md:3:1: error: front matter is not valid YAML");
    w.wait_for(|a| a.contains("[[Ann]]"));
}

#[test]
fn polling_works_too() {
    let v = vault();
    let w = Watching::start(&v, "Today.md", &["--poll"]);
    w.wait_log("polling");
    write(
        &v.path().join("people/Ann.md"),
        "---\ncadence: 1w\n---\n- 2026-11-22 call\n",
    );
    w.wait_for(|a| !a.contains("[[Ann]]"));
}

/// notify's poller reports an edit in a later second than its last look
/// as a new modification time, which the watch took for mere metadata:
/// `watch --poll` (and the fallback when the OS cannot watch) saw 0 of 8
/// edits. Every edit here lands in a later second than the one before.
#[test]
fn polling_sees_every_edit_in_a_later_second() {
    let v = vault();
    let w = Watching::start(&v, "Today.md", &["--poll"]);
    w.wait_log("polling");
    let ann = v.path().join("people/Ann.md");
    let due = "---\ncadence: 1w\n---\n## Log\n- 2026-11-01 lunch\n";
    let touched = "---\ncadence: 1w\n---\n## Log\n- 2026-11-01 lunch\n- 2026-11-22 call\n";
    let seconds = |t: std::time::SystemTime| {
        t.duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs()
    };
    for edit in 0..8 {
        // The poller compares modification times in whole seconds.
        let last = seconds(std::fs::metadata(&ann).unwrap().modified().unwrap());
        while seconds(std::time::SystemTime::now()) <= last {
            std::thread::sleep(Duration::from_millis(50));
        }
        if edit % 2 == 0 {
            write(&ann, touched);
            w.wait_for(|a| a.contains("netkeep:end") && !a.contains("[[Ann]]"));
        } else {
            write(&ann, due);
            w.wait_for(|a| a.contains("[[Ann]]"));
        }
    }
}

#[test]
fn a_deleted_vault_is_an_error() {
    let v = vault();
    let mut w = Watching::start(&v, "../Today-outside.md", &[]);
    std::fs::remove_dir_all(v.path()).unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = w.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < DEADLINE, "still running:\n{}", w.log());
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));
    assert!(w.log().contains("is gone"), "{}", w.log());
    let _ = std::fs::remove_file(&w.agenda);
}

#[test]
fn a_second_watch_on_the_same_agenda_refuses_and_names_the_first() {
    let v = vault();
    let first = Watching::start(&v, "Today.md", &[]);
    first.wait_writes(1);
    let out = crate::util::netkeep_process()
        .arg("--vault")
        .arg(v.path())
        .args(["watch", "--write"])
        .arg(v.path().join("Today.md"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("another netkeep watch") && stderr.contains("pid "),
        "{stderr}"
    );
    assert_eq!(first.writes(), 1, "{}", first.log());
}
