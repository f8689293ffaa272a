//! `export ics` read back with an independent iCalendar parser (the `ical`
//! crate): structure, escaping, 75-octet folding, CRLF, stable UIDs.

use crate::util::{run, Vault};
use std::collections::HashSet;

struct Event {
    props: Vec<(String, String)>,
}

impl Event {
    fn get(&self, name: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn parse(feed: &str) -> Vec<Event> {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(feed.as_bytes()));
    let calendar = calendars.next().expect("one calendar").expect("parses");
    assert!(calendars.next().is_none());
    calendar
        .events
        .into_iter()
        .map(|e| Event {
            props: e
                .properties
                .into_iter()
                .map(|p| (p.name, p.value.unwrap_or_default()))
                .collect(),
        })
        .collect()
}

/// RFC 5545 TEXT unescaping, as a calendar application does it.
fn unescape(v: &str) -> String {
    v.replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

fn export(v: &Vault, args: &[&str]) -> String {
    let mut all = vec!["export", "ics"];
    all.extend_from_slice(args);
    let out = run(v.cmd(&all));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn feed_parses_back_with_escaping_folding_and_crlf() {
    let v = Vault::new();
    v.file(
        "people/Smith, Jane; Dr.md",
        "---\nname: \"Smith, Jane; Dr. — a name long enough to need folding past seventy-five octets\"\nbirthday: 1990-12-01\ncadence: 2w\n---\n- 2026-11-20 x\n- [ ] 2026-12-03 send the \"deck\", then call; ✅ later\n",
    );
    let feed = export(&v, &["--days", "30"]);
    assert!(feed.starts_with("BEGIN:VCALENDAR\r\n") && feed.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !feed.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
    for line in feed.split("\r\n") {
        assert!(line.len() <= 75, "line over 75 octets: {line:?}");
    }
    let events = parse(&feed);
    let summaries: Vec<String> = events
        .iter()
        .map(|e| unescape(e.get("SUMMARY").unwrap()))
        .collect();
    let name = "Smith, Jane; Dr. — a name long enough to need folding past seventy-five octets";
    assert!(
        summaries.contains(&format!("{name}'s birthday")),
        "{summaries:#?}"
    );
    assert!(
        summaries.contains(&format!("{name} turns 36")),
        "{summaries:#?}"
    );
    assert!(
        summaries.contains(&format!(
            "Follow up with {name}: send the \"deck\", then call; ✅ later"
        )),
        "{summaries:#?}"
    );
    assert!(
        summaries.contains(&format!("Reach out to {name} (every 2w)")),
        "{summaries:#?}"
    );
    let master = events
        .iter()
        .find(|e| e.get("RRULE").is_some())
        .expect("a yearly rule");
    assert_eq!(master.get("RRULE"), Some("FREQ=YEARLY"));
    assert_eq!(master.get("DTSTART"), Some("19901201"));
    let instance = events
        .iter()
        .find(|e| e.get("RECURRENCE-ID").is_some())
        .expect("an instance with the age");
    assert_eq!(instance.get("UID"), master.get("UID"));
    assert_eq!(instance.get("RECURRENCE-ID"), Some("20261201"));
    for e in &events {
        assert!(
            e.get("DTSTAMP").is_some() && e.get("UID").is_some(),
            "DTSTAMP and UID are required"
        );
    }
}

#[test]
fn uids_are_stable_and_unique() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\nbirthday: 1988-11-30\ncadence: 1w\ndates:\n  wedding: 2015-06-20\n---\n- [ ] 2026-12-01 send\n");
    v.file("people/Bo.md", "---\nbirthday: --11-30\n---\n");
    let first = export(&v, &[]);
    let uid_set = |feed: &str| -> Vec<(String, String)> {
        parse(feed)
            .iter()
            .map(|e| {
                (
                    e.get("UID").unwrap().to_string(),
                    e.get("RECURRENCE-ID").unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let uids = uid_set(&first);
    let unique: HashSet<_> = uids.iter().collect();
    assert_eq!(
        unique.len(),
        uids.len(),
        "UID + RECURRENCE-ID identify each event"
    );
    // A later day, an edited note: the same events keep their UIDs.
    v.file("people/Ann.md", "---\nbirthday: 1988-11-30\ncadence: 1w\ndates:\n  wedding: 2015-06-20\n---\nMore notes.\n\n- 2026-11-21 call\n- [ ] 2026-12-01 send\n");
    let mut later = v.cmd(&["--today", "2026-11-25", "export", "ics"]);
    later.env("NO_COLOR", "1");
    let second = run(later).stdout;
    let masters =
        |feed: &str| -> HashSet<String> { uid_set(feed).into_iter().map(|(u, _)| u).collect() };
    assert_eq!(masters(&first), masters(&second));
}

#[test]
fn leap_day_birthdays_fall_on_the_last_day_of_february() {
    let v = Vault::new();
    v.file("people/Lee.md", "---\nbirthday: 1992-02-29\n---\n");
    let mut cmd = v.cmd(&["--today", "2027-02-01", "export", "ics", "--days", "60"]);
    cmd.env("NO_COLOR", "1");
    let events = parse(&run(cmd).stdout);
    let master = events.iter().find(|e| e.get("RRULE").is_some()).unwrap();
    assert_eq!(
        master.get("RRULE"),
        Some("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1")
    );
    let instance = events
        .iter()
        .find(|e| e.get("RECURRENCE-ID").is_some())
        .unwrap();
    assert_eq!(instance.get("RECURRENCE-ID"), Some("20270228"));
    assert_eq!(instance.get("SUMMARY"), Some("Lee turns 35"));
}

#[test]
fn empty_vault_is_a_valid_empty_calendar_and_bad_birthdays_warn() {
    let v = Vault::new();
    let feed = export(&v, &[]);
    assert!(parse(&feed).is_empty());
    assert!(feed.contains("PRODID:") && feed.contains("VERSION:2.0"));
    v.file("people/Ann.md", "---\nbirthday: someday\n---\n")
        .file("people/Bo.md", "---\nbirthday: 2000-01-02\n---\n");
    let out = run(v.cmd(&["export", "ics"]));
    assert_eq!(out.code, 0);
    assert!(
        out.stderr.contains("people/Ann.md:2:11: warning: birthday"),
        "{}",
        out.stderr
    );
    assert!(parse(&out.stdout)
        .iter()
        .any(|e| e.get("SUMMARY") == Some("Bo's birthday")));
}

#[test]
fn output_file_is_written_atomically() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\nbirthday: 1988-11-30\n---\n");
    let target = v.path().join("out/cal.ics");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let out = run(v.cmd(&["export", "ics", "-o", target.to_str().unwrap()]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert_eq!(parse(&std::fs::read_to_string(&target).unwrap()).len(), 2);
}

#[test]
fn output_never_overwrites_a_note_of_the_vault_even_with_force() {
    let v = Vault::new();
    let note = "---\nbirthday: 1988-11-30\n---\n## Log\n- 2026-11-01 precious\n";
    v.file("people/Good.md", note);
    for args in [
        &["-o", "people/Good.md"][..],
        &["-o", "people/Good.md", "--force"],
    ] {
        let mut cmd = v.cmd(&["export", "ics"]);
        cmd.args(args).current_dir(v.path());
        let out = run(cmd);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stderr.contains("note"), "{}", out.stderr);
        assert_eq!(
            std::fs::read_to_string(v.path().join("people/Good.md")).unwrap(),
            note
        );
    }
    // Nor a new Markdown file that the next scan would read as a note.
    let out = run(v.cmd(&[
        "export",
        "ics",
        "-o",
        v.path().join("people/Cal.md").to_str().unwrap(),
    ]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!v.path().join("people/Cal.md").exists());
}

#[test]
fn output_replaces_a_calendar_but_other_files_only_with_force() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\nbirthday: 1988-11-30\n---\n");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("cal.ics");
    std::fs::write(&target, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").unwrap();
    let t = target.to_str().unwrap();
    assert_eq!(run(v.cmd(&["export", "ics", "-o", t])).code, 0);
    assert_eq!(parse(&std::fs::read_to_string(&target).unwrap()).len(), 2);
    let other = outside.path().join("todo.txt");
    std::fs::write(&other, "my list\n").unwrap();
    let o = other.to_str().unwrap();
    let out = run(v.cmd(&["export", "ics", "-o", o]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "my list\n");
    assert_eq!(run(v.cmd(&["export", "ics", "-o", o, "--force"])).code, 0);
    assert!(std::fs::read_to_string(&other)
        .unwrap()
        .starts_with("BEGIN:VCALENDAR"));
}

#[cfg(unix)]
#[test]
fn output_refuses_a_fifo_and_a_folder_without_opening_them() {
    use std::os::unix::fs::FileTypeExt;
    let v = Vault::new();
    v.file("people/Ann.md", "---\nbirthday: 1988-11-30\n---\n");
    let outside = tempfile::tempdir().unwrap();
    let fifo = outside.path().join("feed.ics");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for force in [false, true] {
        let mut cmd = v.cmd(&["export", "ics", "-o", fifo.to_str().unwrap()]);
        if force {
            cmd.arg("--force");
        }
        cmd.timeout(std::time::Duration::from_secs(20));
        let out = run(cmd);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
        assert!(std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo());
    }
    let out = run(v.cmd(&["export", "ics", "-o", outside.path().to_str().unwrap()]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("folder"), "{}", out.stderr);
}

#[test]
fn control_characters_in_names_never_start_a_line_of_their_own() {
    let v = Vault::new();
    v.file(
        "people/Eve.md",
        "---\nname: \"Eve\\rX-INJECTED:cr\\nX-INJECTED:lf\\r\\nEND:VEVENT\\u0007\\u0085bell\"\ncadence: 1w\nbirthday: 1990-12-01\n---\n- [ ] 2026-12-03 call\n",
    );
    let feed = export(&v, &["--days", "30"]);
    assert!(!feed.contains("\nX-INJECTED"), "{feed}");
    assert!(!feed.contains('\u{7}') && !feed.contains('\u{85}'));
    assert!(
        !feed.replace("\r\n", "").contains(['\r', '\n']),
        "only CRLF line ends"
    );
    let events = parse(&feed);
    assert_eq!(events.len(), 4, "{feed}");
    for e in &events {
        let summaries: Vec<_> = e.props.iter().filter(|(n, _)| n == "SUMMARY").collect();
        assert_eq!(summaries.len(), 1, "{feed}");
        assert!(
            summaries[0]
                .1
                .contains("Eve X-INJECTED:cr X-INJECTED:lf END:VEVENT bell"),
            "{:?}",
            summaries[0].1
        );
        assert!(e.props.iter().all(|(n, _)| !n.starts_with("X-INJECTED")));
    }
}
