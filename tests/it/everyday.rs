//! The everyday friction of issue 16: what `show` tells, reports' wording,
//! dates in words, circles, urgency, no vault found.

use crate::util::{json, run, Vault};

#[test]
fn show_prints_the_text_of_recent_touches_and_follow_ups_in_every_format() {
    let v = Vault::new();
    v.file(
        "people/Sara Kim.md",
        "- 2026-11-01 -> coffee at Blue Bottle #coffee\n- [ ] 2026-11-30 send the deck\n",
    )
    .file(
        "journal/2026-11-20.md",
        "- lunch with [[Sara Kim]] at Zuni\n",
    );
    for format in ["text", "md"] {
        let out = run(v.cmd(&["show", "Sara Kim", "--format", format]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        for said in [
            "coffee at Blue Bottle",
            "lunch with [[Sara Kim]] at Zuni",
            "send the deck",
        ] {
            assert!(
                out.stdout.contains(said),
                "{format}: {said}\n{}",
                out.stdout
            );
        }
    }
    let out = run(v.cmd(&["show", "Sara Kim", "--format", "json"]));
    let report = json(&out.stdout);
    let texts: Vec<&str> = report["recent_touches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "lunch with [[Sara Kim]] at Zuni",
            "coffee at Blue Bottle #coffee"
        ]
    );
    assert_eq!(report["follow_ups"][0]["text"], "send the deck");
}

/// `netkeep ARGS` run inside `dir`, with no `--vault`.
fn inside(dir: &std::path::Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = crate::util::netkeep();
    cmd.current_dir(dir).args(args);
    cmd
}

#[test]
fn with_no_vault_marked_the_folder_read_is_named() {
    let v = Vault::new();
    v.file("people/Ann.md", "- 2026-11-01 -> coffee\n");
    let out = run(inside(v.path(), &["list"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let root = v.path().canonicalize().unwrap();
    assert!(
        out.stderr
            .contains(&format!("reading {} as the vault", root.display())),
        "{}",
        out.stderr
    );
    v.file("netkeep.toml", "");
    let out = run(inside(v.path(), &["list"]));
    assert!(!out.stderr.contains("as the vault"), "{}", out.stderr);
}

#[test]
fn the_home_folder_itself_is_never_guessed_as_the_vault() {
    let v = Vault::new();
    v.file("people/Ann.md", "- 2026-11-01 -> coffee\n");
    let mut cmd = inside(v.path(), &["list"]);
    cmd.env("HOME", v.path());
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.contains("--vault DIR"), "{}", out.stderr);
    // Named, it is read.
    let mut cmd = v.cmd(&["list"]);
    cmd.env("HOME", v.path());
    let named = run(cmd);
    assert_eq!(named.code, 0, "{}", named.stderr);
}

#[test]
fn zero_contacts_is_explained_with_the_lines_that_would_find_them() {
    let v = Vault::new();
    v.file("CRM/People/Ann.md", "- 2026-11-01 -> coffee\n");
    let out = run(v.cmd(&["list"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("0 contacts"), "{}", out.stdout);
    assert!(
        out.stderr.contains("contact_dirs = [\"CRM/People\"]"),
        "{}",
        out.stderr
    );
}

#[test]
fn new_refuses_a_circle_netkeep_toml_does_not_define_unless_told() {
    let v = Vault::new();
    v.file(
        "netkeep.toml",
        "[circles.friends]\ncadence = \"1m\"\n[circles.work]\n",
    );
    let out = run(v.cmd(&["new", "Pat", "--circle", "frends"]));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr.contains("did you mean `friends`?"),
        "{}",
        out.stderr
    );
    assert!(!v.path().join("contacts").exists(), "nothing created");
    let out = run(v.cmd(&["new", "Pat", "--circle", "Friends"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(v.cmd(&["new", "Bo", "--circle", "climbing", "--new-circle"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // check says the new one is not defined, where it is written.
    let check = run(v.cmd(&["check"]));
    assert!(
        check
            .stdout
            .contains("contacts/Bo.md:2:9: warning: circle `climbing` is not one of the circles in netkeep.toml (friends, work)"),
        "{}",
        check.stdout
    );
    assert!(!check.stdout.contains("Pat.md"), "{}", check.stdout);
}

#[test]
fn log_date_and_today_take_days_in_words() {
    // Today is pinned to 2026-11-23, a Monday.
    let v = Vault::new();
    v.file("people/Ann.md", "");
    for (date, written) in [
        ("yesterday", "2026-11-22"),
        ("-3d", "2026-11-20"),
        ("wednesday", "2026-11-18"),
        ("today", "2026-11-23"),
    ] {
        let out = run(v.cmd(&["log", "Ann", "hi", "--date", date]));
        assert_eq!(out.code, 0, "{date}: {}", out.stderr);
        let text = std::fs::read_to_string(v.path().join("people/Ann.md")).unwrap();
        assert!(text.contains(&format!("- {written} hi")), "{date}:\n{text}");
    }
    // --date counts from --today, not from the clock.
    let out = run(v.cmd(&[
        "--today",
        "2026-01-10",
        "log",
        "Ann",
        "new year",
        "--date",
        "yesterday",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(v.path().join("people/Ann.md")).unwrap();
    assert!(text.contains("- 2026-01-09 new year"), "{text}");
    // --today in words counts from the clock (unit-tested in cli::day);
    // here only that it is taken, whatever day it is.
    for today in ["yesterday", "-3d", "monday"] {
        let out = run(v.cmd(&["--today", today, "check"]));
        assert_eq!(out.code, 0, "{today}: {}", out.stderr);
    }
    let bad = run(v.cmd(&["log", "Ann", "hi", "--date", "tomorrow"]));
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("yesterday, -3d"), "{}", bad.stderr);
}

#[test]
fn a_ticked_special_day_stays_ticked_after_agenda_write() {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\nbirthday: 1988-11-23\ndates:\n  met at conference: 2020-11-25\n---\n## Log\n\n- 2026-11-20 -> hi\n",
    );
    let today = v.path().join("Today.md");
    let write = || run(v.cmd(&["agenda", "--write", today.to_str().unwrap()]));
    assert_eq!(write().code, 0);
    let text = std::fs::read_to_string(&today).unwrap();
    let ticked = text
        .replace("- [ ] [[Ann]]: birthday", "- [x] [[Ann]]: birthday")
        .replace("- [ ] [[Ann]]: met at", "- [x] [[Ann]]: met at");
    assert_ne!(ticked, text);
    std::fs::write(&today, &ticked).unwrap();
    for _ in 0..2 {
        let out = write();
        assert_eq!(out.code, 0, "{}", out.stderr);
        let text = std::fs::read_to_string(&today).unwrap();
        assert!(
            text.contains("- [x] [[Ann]]: birthday 11-23 (turns 38), today \u{2014} recorded: -> birthday wishes\n"),
            "{text}"
        );
        assert!(
            text.contains("\u{2014} recorded: -> marked the day: met at conference\n"),
            "{text}"
        );
        assert!(!text.contains("- [ ] [[Ann]]"), "{text}");
    }
    let note = std::fs::read_to_string(v.path().join("people/Ann.md")).unwrap();
    assert_eq!(note.matches("-> birthday wishes").count(), 1, "{note}");
    // The next day's agenda starts clean, and records nothing again.
    let out = run(v.cmd(&[
        "--today",
        "2026-11-24",
        "agenda",
        "--write",
        today.to_str().unwrap(),
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!std::fs::read_to_string(&today).unwrap().contains("[x]"));
    let note = std::fs::read_to_string(v.path().join("people/Ann.md")).unwrap();
    assert_eq!(note.matches("-> birthday wishes").count(), 1, "{note}");
}

#[test]
fn overdue_shows_urgency_as_a_column_and_a_json_field() {
    // Fewer days overdue, yet more cadences behind: listed first.
    let v = Vault::new();
    v.file(
        "people/Dana.md",
        "---\ncadence: 10d\n---\n- 2026-10-30 -> call\n",
    )
    .file(
        "people/Elena.md",
        "---\ncadence: 3m\n---\n- 2026-07-30 -> call\n",
    );
    let out = run(v.cmd(&["overdue"]));
    let rows: Vec<&str> = out.stdout.lines().collect();
    assert!(rows[0].ends_with("Urgency"), "{}", out.stdout);
    assert!(
        rows[1].starts_with("Dana") && rows[1].ends_with("2.4\u{d7}"),
        "{}",
        out.stdout
    );
    assert!(
        rows[2].starts_with("Elena") && rows[2].ends_with("1.3\u{d7}"),
        "{}",
        out.stdout
    );
    let report = json(&run(v.cmd(&["overdue", "--format", "json"])).stdout);
    assert_eq!(report["contacts"][0]["urgency"], 2.4);
    assert_eq!(
        report["contacts"][0]["days_overdue"], 14,
        "existing fields stay"
    );
    assert_eq!(report["contacts"][1]["urgency"], 1.26);
    let csv = run(v.cmd(&["overdue", "--format", "csv"])).stdout;
    assert!(csv.lines().next().unwrap().ends_with(",urgency"), "{csv}");
}

#[test]
fn one_of_a_thing_is_said_in_the_singular() {
    let v = Vault::new();
    v.file("netkeep.toml", "monthly_goal = 1\n")
        .file(
            "people/Ann.md",
            "---\ncadence: 1w\n---\n- 2026-11-01 -> hi\n",
        )
        .file(
            "Today.md",
            "<!-- netkeep:begin -->\n- [x] [[Nobody]]: every 1w\n<!-- netkeep:end -->\n",
        );
    let list = run(v.cmd(&["list"]));
    assert!(list.stdout.contains("1 contact\n"), "{}", list.stdout);
    let stats = run(v.cmd(&["stats"]));
    assert!(
        stats.stdout.contains("reach out to 1 person a month"),
        "{}",
        stats.stdout
    );
    let today = v.path().join("Today.md");
    let agenda = run(v.cmd(&["agenda", "--write", today.to_str().unwrap()]));
    assert_eq!(agenda.code, 1);
    assert!(
        agenda
            .stderr
            .contains("1 ticked item could not be recorded"),
        "{}",
        agenda.stderr
    );
}

#[test]
fn a_config_value_of_the_wrong_type_says_what_the_key_takes() {
    let v = Vault::new();
    v.file("netkeep.toml", "weekly_budget = \"lots\"\n");
    let out = run(v.cmd(&["check"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains(
            "weekly_budget: this is text (\"lots\"), and it takes a number, like 10 or 2.5"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("f64"), "{}", out.stdout);
}
