//! The `obsidian-meetings` fixture vault: meetings under Attendees headings
//! and other keys, date-named notes, and daily notes as the vault's
//! `.obsidian/daily-notes.json` defines them. Answers worked out by hand in
//! `tests/fixtures/obsidian-meetings/README.md`.

use crate::util::{fixture, json, netkeep, run, Vault};

fn report(args: &[&str]) -> (i32, String, String) {
    let mut cmd = netkeep();
    cmd.arg("--vault")
        .arg(fixture("obsidian-meetings"))
        .args(args);
    let out = run(cmd);
    (out.code, out.stdout, out.stderr)
}

#[test]
fn list_gives_each_contact_the_touches_worked_out_by_hand() {
    let (code, out, err) = report(&["list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    let list = json(&out);
    let got: Vec<(String, String, String, u64, u64)> = list["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["last_touch"].as_str().unwrap_or("never").to_string(),
                c["due"].as_str().unwrap().to_string(),
                c["touches"].as_u64().unwrap(),
                c["two_way"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("Jane Doe", "2026-10-30", "2026-11-13", 2, 2),
        ("Lena Fischer", "2026-11-02", "2026-11-23", 1, 1),
        ("Mia Chen", "2026-11-09", "2026-11-19", 1, 1),
        ("Noor Ali", "never", "2026-11-23", 0, 0),
        ("Omar Haddad", "2026-11-20", "2026-12-20", 2, 2),
        ("Raj Iyer", "2026-11-16", "2026-12-28", 1, 1),
        ("Sam Ortiz", "2026-11-16", "2026-11-21", 1, 1),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|&(id, last, due, n, both)| (id.into(), last.into(), due.into(), n, both))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn overdue_in_urgency_order() {
    let (code, out, err) = report(&["overdue", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let got: Vec<(String, i64)> = json(&out)["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, i64)> = [
        ("Jane Doe", 10),
        ("Mia Chen", 4),
        ("Sam Ortiz", 2),
        ("Lena Fischer", 0),
        ("Noor Ali", 0),
    ]
    .iter()
    .map(|&(id, d)| (id.to_string(), d))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn check_is_clean_and_says_where_daily_notes_come_from() {
    let (code, out, err) = report(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "daily notes: named `YYYY/MM/YYYY_MM_DD` in `journal`, from .obsidian/daily-notes.json\n\
         found 7 contacts among 15 notes: 7 by folder (contacts, people), 0 by type, tags or categories\n\
         0 errors, 0 warnings\n"
    );
    let (_, out, _) = report(&["check", "--format", "json"]);
    assert_eq!(
        json(&out),
        json(
            r#"{"contacts": {"by_folder": 7, "by_type_tag_or_category": 0, "found": 7, "notes": 15},
                "errors": [], "warnings": []}"#
        )
    );
}

#[test]
fn netkeep_toml_daily_dir_wins_over_the_vaults_settings() {
    let v = Vault::new();
    v.file(
        ".obsidian/daily-notes.json",
        r#"{"folder": "Journal", "format": "DD-MM-YYYY"}"#,
    )
    .file("netkeep.toml", "daily_dir = \"Days\"\n")
    .file("people/Ann.md", "---\ncadence: 1w\n---\n")
    .file("Journal/20-11-2026.md", "- lunch with [[Ann]]\n")
    .file("Days/2026-11-18.md", "- call with [[Ann]]\n");
    let out = run(v.cmd(&["list", "--format", "json"]));
    assert_eq!(json(&out.stdout)["contacts"][0]["last_touch"], "2026-11-18");
    let out = run(v.cmd(&["check"]));
    assert!(
        out.stdout.starts_with(
            "daily notes: named `YYYY-MM-DD` under `days`, from netkeep.toml `daily_dir`\n"
        ),
        "{}",
        out.stdout
    );
    // Without it, the vault's settings apply.
    v.file("netkeep.toml", "");
    let out = run(v.cmd(&["list", "--format", "json"]));
    assert_eq!(json(&out.stdout)["contacts"][0]["last_touch"], "2026-11-20");
}

#[test]
fn bad_settings_are_warnings_naming_the_file_and_the_defaults_apply() {
    let v = Vault::new();
    v.file(".obsidian/daily-notes.json", "{\"folder\": \"Journal\",")
        .file("people/Ann.md", "---\ncadence: 1w\n---\n")
        .file("Journal/2026-11-20.md", "- lunch with [[Ann]]\n");
    let out = run(v.cmd(&["check"]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout
            .contains(".obsidian/daily-notes.json:1:21: warning: not valid JSON"),
        "{}",
        out.stdout
    );
    // The default: any note named YYYY-MM-DD is a daily note.
    let out = run(v.cmd(&["list", "--format", "json"]));
    assert_eq!(json(&out.stdout)["contacts"][0]["last_touch"], "2026-11-20");

    v.file(
        ".obsidian/daily-notes.json",
        r#"{"folder": "Journal", "format": "YYYY-MM-DD HH:mm"}"#,
    );
    let out = run(v.cmd(&["check"]));
    assert!(
        out.stdout.contains(
            ".obsidian/daily-notes.json:1:33: warning: daily-note format: `HH` in `YYYY-MM-DD HH:mm` is not a Moment token"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("this setting is ignored"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_date_named_meeting_that_names_and_links_someone_is_one_touch() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\ncadence: 1w\n---\n").file(
        "Meetings/2026-11-20 Sync.md",
        "---\nattendees: [\"[[Ann]]\"]\n---\nTalked with [[Ann]].\n",
    );
    let out = run(v.cmd(&["list", "--format", "json"]));
    let ann = &json(&out.stdout)["contacts"][0];
    assert_eq!(ann["last_touch"], "2026-11-20");
    assert_eq!(ann["touches"], 1);
}

#[test]
fn a_real_crm_meeting_note_with_its_participants_filled_in() {
    // BryanHogan/Obsidian-CRM's meeting template leaves `## Participants`
    // empty; filled in, its people are touched on the note's `Date`.
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/real-notes/BryanHogan__Obsidian-CRM");
    let Ok(meeting) =
        std::fs::read_to_string(corpus.join("Meetings/Meeting - 2024-06-14 2247 .md"))
    else {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    };
    let v = Vault::new();
    for person in ["Max Muster", "Thomas Neu"] {
        let path = format!("People/{person}.md");
        v.file(&path, &std::fs::read_to_string(corpus.join(&path)).unwrap());
    }
    let filled = meeting.replace("## Participants\n", "## Participants\n- [[Max Muster]]\n");
    assert_ne!(filled, meeting, "the template changed");
    v.file("Meetings/Meeting - 2024-06-14 2247 .md", &filled);
    let out = run(v.cmd(&["list", "--format", "json"]));
    let list = json(&out.stdout);
    assert_eq!(list["contacts"][0]["id"], "Max Muster");
    assert_eq!(list["contacts"][0]["last_touch"], "2024-06-14");
    assert_eq!(list["contacts"][1]["last_touch"], serde_json::Value::Null);
    let out = run(v.cmd(&["check"]));
    assert_eq!(
        out.stdout,
        "found 2 contacts among 3 notes: 2 by folder (contacts, people), 0 by type, tags or categories\n\
         0 errors, 0 warnings\n"
    );
}

#[test]
fn a_changed_daily_notes_setting_is_seen_through_the_cache() {
    let v = Vault::new();
    v.file(
        ".obsidian/daily-notes.json",
        r#"{"folder": "Journal", "format": "DD-MM-YYYY"}"#,
    )
    .file("people/Ann.md", "---\ncadence: 1w\n---\n")
    .file("Journal/20-11-2026.md", "- lunch with [[Ann]]\n")
    .file("Journal/2026.11.18.md", "- call with [[Ann]]\n");
    let last = || {
        let out = run(v.cmd(&["list", "--format", "json"]));
        json(&out.stdout)["contacts"][0]["last_touch"].clone()
    };
    assert_eq!(last(), "2026-11-20");
    assert_eq!(last(), "2026-11-20", "from the cache");
    v.file(
        ".obsidian/daily-notes.json",
        r#"{"folder": "Journal", "format": "YYYY.MM.DD"}"#,
    );
    assert_eq!(last(), "2026-11-18");
}
