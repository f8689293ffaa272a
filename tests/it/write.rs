//! The write commands on temporary vaults: `log`, `new`, `agenda --write`.
//! Each test is named after the promise it protects.

use crate::util::{run, Vault};
use std::fs;

fn read(v: &Vault, rel: &str) -> String {
    fs::read_to_string(v.path().join(rel)).expect("read")
}

fn names(v: &Vault, dir: &str) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(v.path().join(dir))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

// --- log --------------------------------------------------------------------

#[test]
fn log_appends_under_the_log_heading_with_arrow_and_channel() {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\nname: Ann\n---\n## Log\n- 2026-11-01 a\n\n## Notes\nkeep\n",
    );
    let out = run(v.cmd(&[
        "log", "ann", "coffee", "downtown", "--out", "--via", "coffee",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(&v, "people/Ann.md"),
        "---\nname: Ann\n---\n## Log\n- 2026-11-01 a\n- 2026-11-23 -> coffee downtown #coffee\n\n## Notes\nkeep\n"
    );
    assert_eq!(names(&v, "people"), ["Ann.md"], "no temporary file left");
}

#[test]
fn log_keeps_crlf_bom_and_front_matter_byte_for_byte() {
    let v = Vault::new();
    let before = "\u{feff}---\r\nname:   Ann   # odd spacing, a comment\r\ntags: [ a,b ]\r\n---\r\n## Log\r\n- 2026-11-01 a\r\n";
    v.file("people/Ann.md", before);
    assert_eq!(run(v.cmd(&["log", "Ann", "hi", "--in"])).code, 0);
    assert_eq!(
        read(&v, "people/Ann.md"),
        format!("{before}- 2026-11-23 <- hi\r\n")
    );
}

#[test]
fn log_follows_a_newest_first_log() {
    let v = Vault::new();
    v.file("people/Ann.md", "## Log\n* 2026-11-10 b\n* 2026-11-01 a\n");
    assert_eq!(
        run(v.cmd(&["log", "Ann", "--date", "2026-11-05", "between"])).code,
        0
    );
    assert_eq!(run(v.cmd(&["log", "Ann", "newest"])).code, 0);
    assert_eq!(
        read(&v, "people/Ann.md"),
        "## Log\n* 2026-11-23 newest\n* 2026-11-10 b\n* 2026-11-05 between\n* 2026-11-01 a\n"
    );
}

#[test]
fn log_creates_the_heading_when_missing() {
    let v = Vault::new();
    v.file("people/Ann.md", "Met at a meetup.");
    assert_eq!(run(v.cmd(&["log", "Ann", "hi"])).code, 0);
    assert_eq!(
        read(&v, "people/Ann.md"),
        "Met at a meetup.\n\n## Log\n\n- 2026-11-23 hi",
        "still no final newline"
    );
}

#[cfg(unix)]
#[test]
fn log_keeps_permissions_0640() {
    use std::os::unix::fs::PermissionsExt;
    let v = Vault::new();
    v.file("people/Ann.md", "## Log\n");
    let path = v.path().join("people/Ann.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(run(v.cmd(&["log", "Ann", "hi"])).code, 0);
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[cfg(unix)]
#[test]
fn log_writes_through_a_symlinked_note() {
    let v = Vault::new();
    v.file("elsewhere/ann.txt", "## Log\n");
    fs::create_dir_all(v.path().join("people")).unwrap();
    std::os::unix::fs::symlink(
        v.path().join("elsewhere/ann.txt"),
        v.path().join("people/Ann.md"),
    )
    .unwrap();
    assert_eq!(run(v.cmd(&["log", "Ann", "hi"])).code, 0);
    assert!(fs::symlink_metadata(v.path().join("people/Ann.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(read(&v, "elsewhere/ann.txt"), "## Log\n- 2026-11-23 hi\n");
}

#[cfg(unix)]
#[test]
fn log_never_writes_through_a_symlink_out_of_the_vault() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("Ann.md");
    fs::write(&target, "## Log\n").unwrap();
    let v = Vault::new();
    fs::create_dir_all(v.path().join("people")).unwrap();
    std::os::unix::fs::symlink(&target, v.path().join("people/Ann.md")).unwrap();
    let out = run(v.cmd(&["log", "Ann", "hi"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("outside the vault"), "{}", out.stderr);
    assert_eq!(fs::read_to_string(&target).unwrap(), "## Log\n");
}

#[test]
fn log_to_an_unknown_or_ambiguous_contact_writes_nothing() {
    let v = Vault::new();
    v.file("people/Ann Lee.md", "")
        .file("people/a1.md", "---\nname: Bo\n---\n")
        .file("people/a2.md", "---\nname: Bo\n---\n");
    let unknown = run(v.cmd(&["log", "ann lea", "hi"]));
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("did you mean Ann Lee?"),
        "{}",
        unknown.stderr
    );
    let ambiguous = run(v.cmd(&["log", "bo", "hi"]));
    assert_eq!(ambiguous.code, 1);
    assert!(
        ambiguous.stderr.contains("a1 (people/a1.md)"),
        "{}",
        ambiguous.stderr
    );
    assert_eq!(read(&v, "people/Ann Lee.md"), "");
    assert_eq!(read(&v, "people/a1.md"), "---\nname: Bo\n---\n");
}

#[test]
fn log_by_file_name_alias_or_name_and_never_to_one_of_two_same_ids() {
    let v = Vault::new();
    v.file("people/Ann Lee.md", "---\naliases: [Annie]\n---\n## Log\n")
        .file("projects/Ann Lee Project.md", "")
        .file("people/Bo.md", "")
        .file("people/old/Bo.md", "");
    assert_eq!(run(v.cmd(&["log", "ann lee", "by id"])).code, 0);
    assert_eq!(run(v.cmd(&["log", "annie", "by alias"])).code, 0);
    assert_eq!(
        read(&v, "people/Ann Lee.md"),
        "---\naliases: [Annie]\n---\n## Log\n- 2026-11-23 by id\n- 2026-11-23 by alias\n"
    );
    let dup = run(v.cmd(&["log", "bo", "which?"]));
    assert_eq!(dup.code, 1);
    assert!(
        dup.stderr.contains("people/Bo.md") && dup.stderr.contains("people/old/Bo.md"),
        "{}",
        dup.stderr
    );
    assert_eq!(read(&v, "people/Bo.md"), "");
    assert_eq!(read(&v, "people/old/Bo.md"), "");
}

#[test]
fn log_date_that_is_not_a_date_is_a_usage_error() {
    let v = Vault::new();
    v.file("people/Ann.md", "");
    assert_eq!(
        run(v.cmd(&["log", "Ann", "--date", "2026-13-01", "hi"])).code,
        2
    );
    assert_eq!(run(v.cmd(&["log", "Ann", "--in", "--out", "hi"])).code, 2);
    assert_eq!(read(&v, "people/Ann.md"), "");
}

#[cfg(unix)]
#[test]
fn log_into_a_read_only_folder_fails_clearly_and_keeps_the_note() {
    use std::os::unix::fs::PermissionsExt;
    let v = Vault::new();
    v.file("people/Ann.md", "## Log\n");
    let dir = v.path().join("people");
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join(".probe");
    if fs::write(&probe, "").is_ok() {
        // Running as root: permissions do not stop writes; nothing to test.
        let _ = fs::remove_file(&probe);
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let out = run(v.cmd(&["log", "Ann", "hi"]));
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("people/Ann.md"), "{}", out.stderr);
    assert_eq!(read(&v, "people/Ann.md"), "## Log\n");
}

#[test]
fn log_never_rewrites_a_utf16_note() {
    let v = Vault::new();
    v.file("people/Ann.md", "");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("## Log\r\n".encode_utf16().flat_map(u16::to_le_bytes));
    v.bytes("people/Bo.md", &utf16);
    // Bo's note is not read, so Bo is no contact to log to.
    assert_eq!(run(v.cmd(&["log", "Bo", "hi"])).code, 1);
    assert_eq!(fs::read(v.path().join("people/Bo.md")).unwrap(), utf16);
}

#[test]
fn log_waits_a_bounded_time_for_another_writer_and_names_it() {
    let v = Vault::new();
    v.file("people/Ann.md", "## Log\n");
    let folder = fs::canonicalize(v.path().join("people")).unwrap();
    let held = netkeep::write::lock::Lock::acquire(&folder, "people", std::time::Duration::ZERO)
        .expect("lock");
    let mut cmd = v.cmd(&["log", "Ann", "hi"]);
    cmd.env("NETKEEP_LOCK_WAIT_MS", "300");
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("held by another netkeep")
            && out.stderr.contains(&format!("pid {}", std::process::id())),
        "{}",
        out.stderr
    );
    assert_eq!(read(&v, "people/Ann.md"), "## Log\n");
    drop(held);
    assert_eq!(run(v.cmd(&["log", "Ann", "hi"])).code, 0);
}

#[cfg(unix)]
#[test]
fn log_refuses_a_read_only_note_even_as_root() {
    use std::os::unix::fs::PermissionsExt;
    let v = Vault::new();
    v.file("people/Ann.md", "## Log\n");
    let note = v.path().join("people/Ann.md");
    fs::set_permissions(&note, fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(v.cmd(&["log", "Ann", "hi"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    assert_eq!(read(&v, "people/Ann.md"), "## Log\n");
}

#[test]
fn two_loggers_at_once_lose_nothing() {
    let v = Vault::new();
    v.file("people/Ann.md", "## Log\n");
    let children: Vec<_> = (0..8)
        .map(|i| {
            let mut cmd = crate::util::netkeep_process();
            cmd.arg("--vault")
                .arg(v.path())
                .args(["log", "Ann", &format!("writer {i}")])
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("wait").success());
    }
    let text = read(&v, "people/Ann.md");
    for i in 0..8 {
        assert!(
            text.contains(&format!("writer {i}\n")),
            "writer {i} lost:\n{text}"
        );
    }
    assert_eq!(text.lines().count(), 9);
}

// --- new --------------------------------------------------------------------

#[test]
fn new_creates_a_note_in_the_contact_folder_from_the_built_in_template() {
    let v = Vault::new();
    v.file("People/Ann.md", "");
    let out = run(v.cmd(&[
        "new",
        "Zoë Brandt",
        "--circle",
        "friend",
        "--cadence",
        "3m",
        "--birthday",
        "1990-04-01",
        "--tag",
        "climbing",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout, "People/Zoë Brandt.md\n",
        "into the folder as it is spelled"
    );
    assert_eq!(
        read(&v, "People/Zoë Brandt.md"),
        "---\ncircle: friend\ncadence: 3m\nbirthday: 1990-04-01\ntags: [climbing]\nmet: 2026-11-23\n---\n# Zoë Brandt\n\n## Log\n"
    );
    let show = run(v.cmd(&["show", "zoë brandt", "--format", "json"]));
    assert_eq!(crate::util::json(&show.stdout)["cadence"], "3m");
}

#[test]
fn new_never_overwrites() {
    let v = Vault::new();
    v.file("people/Ann.md", "mine\n");
    let out = run(v.cmd(&["new", "Ann"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("already exists"), "{}", out.stderr);
    assert_eq!(read(&v, "people/Ann.md"), "mine\n");
}

#[test]
fn new_names_never_land_outside_the_vault() {
    let v = Vault::new();
    let out = run(v.cmd(&["new", "../../escape/Ann"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout, "contacts/escapeAnn.md\n",
        "no contact folder yet: the first configured"
    );
    assert_eq!(run(v.cmd(&["new", "CON"])).code, 1);
    assert_eq!(run(v.cmd(&["new", "x", "--dir", "../outside"])).code, 1);
    assert_eq!(run(v.cmd(&["new", "x", "--dir", "/tmp"])).code, 1);
    assert_eq!(run(v.cmd(&["new", "x", "--cadence", "often"])).code, 2);
    assert!(!v.path().join("../outside").exists());
}

#[cfg(unix)]
#[test]
fn new_never_lands_outside_the_vault_through_a_symlinked_folder() {
    let v = Vault::new();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), v.path().join("away")).unwrap();
    for dir in ["away", "away/deeper/still"] {
        let out = run(v.cmd(&["new", "Ann", "--dir", dir]));
        assert_eq!(out.code, 1, "{}", out.stdout);
        assert!(
            out.stderr
                .contains(&format!("{dir} leads outside the vault")),
            "{}",
            out.stderr
        );
    }
    // The default contact folder too, when it is a link out.
    std::os::unix::fs::symlink(outside.path(), v.path().join("people")).unwrap();
    assert_eq!(run(v.cmd(&["new", "Ann"])).code, 1);
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
    // A link to a folder inside the vault is fine.
    fs::create_dir_all(v.path().join("crm/contacts")).unwrap();
    std::os::unix::fs::symlink(v.path().join("crm/contacts"), v.path().join("here")).unwrap();
    let out = run(v.cmd(&["new", "Bo", "--dir", "here"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(v.path().join("crm/contacts/Bo.md").is_file());
}

#[test]
fn new_uses_the_vault_template() {
    let v = Vault::new();
    v.file("netkeep.toml", "new_template = \"Templates/Person.md\"\n")
        .file("Templates/Person.md", "---\ntype: person\ncircle: {{circle}}\nbirthday: {{birthday}}\nmet: {{date}}\n---\n# {{title}}\n");
    assert_eq!(
        run(v.cmd(&["new", "Bo", "--circle", "work", "--dir", "crm"])).code,
        0
    );
    assert_eq!(
        read(&v, "crm/Bo.md"),
        "---\ntype: person\ncircle: work\nbirthday: \nmet: 2026-11-23\n---\n# Bo\n"
    );
}

// --- agenda --write ------------------------------------------------------------

fn agenda_vault() -> Vault {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\ncadence: 1w\n---\n## Log\n- 2026-11-01 lunch\n- [ ] 2026-11-20 send the deck\n",
    )
    .file(
        "people/Bo.md",
        "---\ncadence: 1w\n---\n## Log\n- 2026-11-02 <- asked for advice\n",
    );
    v
}

#[test]
fn agenda_write_creates_the_file_and_leaves_text_outside_markers_alone() {
    let v = agenda_vault();
    let file = v.path().join("Today.md");
    assert_eq!(
        run(v.cmd(&["agenda", "--write", file.to_str().unwrap()])).code,
        0
    );
    let first = fs::read_to_string(&file).unwrap();
    assert!(
        first.starts_with("<!-- netkeep:begin -->\n") && first.ends_with("<!-- netkeep:end -->\n"),
        "{first}"
    );
    let stdout = run(v.cmd(&["agenda"])).stdout;
    assert_eq!(first, stdout, "the same agenda as on stdout");

    let mine = format!(
        "# My day\r\nnotes before\r\n\r\n{}after, no newline",
        first.replace('\n', "\r\n")
    );
    fs::write(&file, &mine).unwrap();
    assert_eq!(
        run(v.cmd(&[
            "--today",
            "2026-11-24",
            "agenda",
            "--write",
            file.to_str().unwrap()
        ]))
        .code,
        0
    );
    let second = fs::read_to_string(&file).unwrap();
    assert!(second.starts_with("# My day\r\nnotes before\r\n\r\n<!-- netkeep:begin -->\r\n## Agenda for 2026-11-24\r\n"), "{second}");
    assert!(
        second.ends_with("<!-- netkeep:end -->\r\nafter, no newline"),
        "{second}"
    );
}

#[test]
fn agenda_write_appends_markers_to_a_file_without_them() {
    let v = agenda_vault();
    v.file("Daily.md", "# Monday\nplans");
    let file = v.path().join("Daily.md");
    assert_eq!(
        run(v.cmd(&["agenda", "--write", file.to_str().unwrap()])).code,
        0
    );
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("# Monday\nplans\n\n<!-- netkeep:begin -->\n"),
        "{text}"
    );
}

#[test]
fn agenda_write_leaves_markers_in_a_code_fence_alone() {
    let v = agenda_vault();
    let example = "# Setup\n```md\n<!-- netkeep:begin -->\n- [x] [[Ann]]: reach out\n```\n";
    v.file("Daily.md", example);
    let file = v.path().join("Daily.md");
    let out = run(v.cmd(&["agenda", "--write", file.to_str().unwrap()]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with(&format!("{example}\n<!-- netkeep:begin -->\n")),
        "{text}"
    );
    // The ticked example was not taken for a tick.
    assert!(!read(&v, "people/Ann.md").contains("reach out"));
}

#[test]
fn agenda_write_does_not_write_an_unchanged_file() {
    let v = agenda_vault();
    let file = v.path().join("Today.md");
    assert_eq!(
        run(v.cmd(&["agenda", "--write", file.to_str().unwrap()])).code,
        0
    );
    let before = fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(30));
    let out = run(v.cmd(&["agenda", "--write", file.to_str().unwrap()]));
    assert_eq!(out.code, 0);
    assert!(!out.stderr.contains("wrote"), "{}", out.stderr);
    assert_eq!(fs::metadata(&file).unwrap().modified().unwrap(), before);
}

#[test]
fn agenda_tick_is_recorded_exactly_once_across_three_runs() {
    let v = agenda_vault();
    let file = v.path().join("Today.md");
    let path = file.to_str().unwrap();
    assert_eq!(run(v.cmd(&["agenda", "--write", path])).code, 0);
    let text = fs::read_to_string(&file).unwrap();
    let ticked = text
        .replace("- [ ] [[Ann]]: every 1w", "- [x] [[Ann]]: every 1w")
        .replace("- [ ] [[Ann]]: follow-up", "- [x] [[Ann]]: follow-up")
        .replace("- [ ] [[Bo]]: reply owed", "- [x] [[Bo]]: reply owed");
    assert_eq!(ticked.matches("[x]").count(), 3, "{text}");
    fs::write(&file, &ticked).unwrap();
    // Three runs: the first records, the others find nothing new.
    for _ in 0..3 {
        assert_eq!(run(v.cmd(&["agenda", "--write", path])).code, 0);
    }
    assert_eq!(
        read(&v, "people/Ann.md"),
        "---\ncadence: 1w\n---\n## Log\n- 2026-11-01 lunch\n- [x] 2026-11-20 send the deck ✅ 2026-11-23\n- 2026-11-23 -> reached out\n"
    );
    assert_eq!(read(&v, "people/Bo.md"), "---\ncadence: 1w\n---\n## Log\n- 2026-11-02 <- asked for advice\n- 2026-11-23 -> replied\n");
    let after = fs::read_to_string(&file).unwrap();
    // The same day, the ticks stay ticked, saying what they recorded
    // (issue 16); none is left unticked.
    assert_eq!(after.matches("[x]").count(), 3, "{after}");
    assert_eq!(after.matches(" \u{2014} recorded: ").count(), 3, "{after}");
    assert!(!after.contains("- [ ]"), "{after}");
    assert!(
        after.contains("### Done today\n\n- [x] [[Ann]]: every 1w"),
        "Ann is no longer due, and her tick is done:\n{after}"
    );

    // The same tick left behind (a crash before the region was rewritten)
    // is not recorded twice.
    fs::write(&file, &ticked).unwrap();
    assert_eq!(run(v.cmd(&["agenda", "--write", path])).code, 0);
    assert_eq!(read(&v, "people/Bo.md").matches("replied").count(), 1);
    assert_eq!(read(&v, "people/Ann.md").matches("reached out").count(), 1);
}

#[test]
fn agenda_tick_of_an_unknown_contact_keeps_the_file() {
    let v = agenda_vault();
    let text = "<!-- netkeep:begin -->\n- [x] [[Nobody]]: every 1w\n<!-- netkeep:end -->\n";
    v.file("Today.md", text);
    let out = run(v.cmd(&[
        "agenda",
        "--write",
        v.path().join("Today.md").to_str().unwrap(),
    ]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("[[Nobody]]"), "{}", out.stderr);
    assert_eq!(read(&v, "Today.md"), text, "the tick is not lost");
}

#[test]
fn agenda_write_refuses_an_unclosed_region_and_a_folder() {
    let v = agenda_vault();
    v.file("Today.md", "mine\n<!-- netkeep:begin -->\nstuff\n");
    let out = run(v.cmd(&[
        "agenda",
        "--write",
        v.path().join("Today.md").to_str().unwrap(),
    ]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("netkeep:end"), "{}", out.stderr);
    assert_eq!(
        read(&v, "Today.md"),
        "mine\n<!-- netkeep:begin -->\nstuff\n"
    );
    let dir = run(v.cmd(&[
        "agenda",
        "--write",
        v.path().join("people").to_str().unwrap(),
    ]));
    assert_eq!(dir.code, 1);
    assert!(dir.stderr.contains("folder"), "{}", dir.stderr);
}

#[test]
fn agenda_file_inside_a_contact_folder_is_not_read_as_entries() {
    let v = agenda_vault();
    let file = v.path().join("people/Agenda.md");
    assert_eq!(
        run(v.cmd(&["agenda", "--write", file.to_str().unwrap()])).code,
        0
    );
    let list = crate::util::json(&run(v.cmd(&["list", "--format", "json"])).stdout);
    let agenda = list["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "Agenda")
        .expect("a note in people/");
    assert_eq!(agenda["touches"], 0);
    assert_eq!(agenda["follow_ups"].as_array().unwrap().len(), 0);
}

/// A FIFO in the vault's temporary folder (no root needed, unlike a device).
#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
}

#[cfg(unix)]
#[test]
fn agenda_write_refuses_a_fifo_without_opening_it() {
    use std::os::unix::fs::FileTypeExt;
    let v = agenda_vault();
    let fifo = v.path().join("Today.md");
    mkfifo(&fifo);
    let mut cmd = v.cmd(&["agenda", "--write", fifo.to_str().unwrap()]);
    // Opening a FIFO blocks until a writer comes: a hang fails the test.
    cmd.timeout(std::time::Duration::from_secs(20));
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn agenda_write_refuses_a_symlink_to_a_fifo_or_a_folder() {
    let v = agenda_vault();
    let fifo = v.path().join("pipe");
    mkfifo(&fifo);
    let link = v.path().join("Today.md");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    let mut cmd = v.cmd(&["agenda", "--write", link.to_str().unwrap()]);
    cmd.timeout(std::time::Duration::from_secs(20));
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
    let to_dir = v.path().join("Dir.md");
    std::os::unix::fs::symlink(v.path().join("people"), &to_dir).unwrap();
    let out = run(v.cmd(&["agenda", "--write", to_dir.to_str().unwrap()]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("folder"), "{}", out.stderr);
    assert!(fs::symlink_metadata(&to_dir)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn agenda_write_refuses_a_file_over_the_size_cap() {
    let v = agenda_vault();
    let path = v.path().join("Today.md");
    let file = fs::File::create(&path).unwrap();
    // Sparse: no disk space used.
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
    let out = run(v.cmd(&["agenda", "--write", path.to_str().unwrap()]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("MiB"), "{}", out.stderr);
    assert_eq!(fs::metadata(&path).unwrap().len(), 64 * 1024 * 1024 + 1);
}

// --- text from the command line stays one line --------------------------------

#[test]
fn log_refuses_text_or_via_that_would_break_the_note_into_lines() {
    let v = Vault::new();
    let note = "---\nname: Good\n---\n## Log\n- 2026-11-01 a\n";
    v.file("people/Good.md", note);
    for args in [
        &["log", "Good", "a\n- 2020-01-01 <- injected\n---"][..],
        &["log", "Good", "a\r- 2020-01-01 <- injected"],
        &["log", "Good", "hi", "--via", "email\n- 2020-01-01 x"],
        &["log", "Good", "bell\u{7}"],
        &["log", "Good", "next\u{85}line"],
        &["log", "Good", "para\u{2029}graph"],
    ] {
        let out = run(v.cmd(args));
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("one line"), "{}", out.stderr);
        assert_eq!(read(&v, "people/Good.md"), note, "{args:?}");
    }
    // A tab is a space, not a refusal.
    assert_eq!(run(v.cmd(&["log", "Good", "tab\there"])).code, 0);
    assert_eq!(
        read(&v, "people/Good.md"),
        format!("{note}- 2026-11-23 tab here\n")
    );
}

#[test]
fn new_refuses_fields_with_line_breaks_so_nothing_is_planted() {
    let v = Vault::new();
    v.file("people/Good.md", "---\nname: Good\n---\n");
    for args in [
        &[
            "new",
            "Inj",
            "--company",
            "Acme\n---\n- 2026-11-20 <- injected",
        ][..],
        &["new", "Inj\n---", "--circle", "friend"],
        &["new", "Inj", "--circle", "a\rb"],
        &["new", "Inj", "--tag", "x\ny"],
        &["new", "Inj", "--email", "a@b\u{1b}[31m"],
        &["new", "Inj", "--dir", "pe\nople"],
    ] {
        let out = run(v.cmd(args));
        assert_ne!(out.code, 0, "{args:?}");
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        assert_eq!(names(&v, "people"), ["Good.md"], "{args:?}");
    }
}

#[test]
fn new_from_a_vault_template_writes_names_and_circles_yaml_would_misread() {
    let v = Vault::new();
    v.file("netkeep.toml", "new_template = \"Templates/Person.md\"\n")
        .file(
            "Templates/Person.md",
            "---\ntype: person\nname: {{name}}\ncircle: {{circle}}\ncompany: \"{{company}}\"\n---\n# {{title}}\n",
        );
    let out = run(v.cmd(&[
        "new",
        "Ana: the Great",
        "--circle",
        "friend #1",
        "--company",
        "\"Acme\" \\ Co",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let check = run(v.cmd(&["check"]));
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let list = crate::util::json(&run(v.cmd(&["list", "--format", "json"])).stdout);
    let ana = &list["contacts"][0];
    assert_eq!(ana["name"], "Ana: the Great");
    assert_eq!(ana["circle"], "friend #1");
}

#[test]
fn agenda_links_notes_a_wikilink_cannot_name_and_records_their_ticks() {
    let v = Vault::new();
    v.file("people/Ann #1.md", "---\ncadence: 1w\n---\n## Log\n- 2026-11-01 a\n")
        .file("people/A|B [x].md", "---\ncadence: 1w\n---\n## Log\n- 2026-11-02 b\n")
        .file(
            "people/eve.md",
            "---\nname: \"Eve\\n- [x] [[Ann #1]]: forged\\rX\"\ncadence: 1w\n---\n## Log\n- 2026-11-03 c\n",
        );
    let out = run(v.cmd(&["agenda", "--max", "5"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        !out.stdout.contains("[[Ann #1") && !out.stdout.contains("[[A|B"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("- [ ] [Ann #1](people/Ann%20%231.md): "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("- [ ] [A|B \\[x\\]](people/A%7CB%20%5Bx%5D.md): "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("- [ ] [[eve|Eve -  x    Ann #1  : forged X]]: "),
        "{}",
        out.stdout
    );
    let items = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("- [ ] "))
        .count();
    assert_eq!(items, 3, "one line per contact:\n{}", out.stdout);
    // Ticked in the agenda note, recorded in the right notes.
    let file = v.path().join("Today.md");
    let f = file.to_str().unwrap();
    assert_eq!(run(v.cmd(&["agenda", "--max", "5", "--write", f])).code, 0);
    let ticked = read(&v, "Today.md").replace("- [ ] [", "- [x] [");
    fs::write(&file, ticked).unwrap();
    let out = run(v.cmd(&["agenda", "--max", "5", "--write", f]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(read(&v, "people/Ann #1.md").ends_with("- 2026-11-23 -> reached out\n"));
    assert!(read(&v, "people/A|B [x].md").ends_with("- 2026-11-23 -> reached out\n"));
    assert!(read(&v, "people/eve.md").ends_with("- 2026-11-23 -> reached out\n"));
}

#[test]
fn agenda_items_and_recorded_ticks_stay_one_line() {
    let v = Vault::new();
    v.file(
        "people/Good.md",
        "---\ncadence: 1w\ncircle: \"fr\\n- [x] [[Good]]: forged\"\n---\n## Log\n- 2026-11-01 a\n",
    );
    let out = run(v.cmd(&["agenda"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("\n- [x]"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("- [ ] [[Good]]: fr - [x] [[Good]]: forged, every 1w;"),
        "{}",
        out.stdout
    );
    // A bare CR typed into the agenda note does not split the entry.
    v.file(
        "Today.md",
        "<!-- netkeep:begin -->\n- [x] [[Good]]: planned 2026-12-05: \"a\r- 2020-01-01 <- injected\"\n<!-- netkeep:end -->\n",
    );
    let f = v.path().join("Today.md");
    let out = run(v.cmd(&["agenda", "--write", f.to_str().unwrap()]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let note = read(&v, "people/Good.md");
    assert!(!note.contains('\r'), "{note:?}");
    assert!(
        note.ends_with("- 2026-11-23 a - 2020-01-01 <- injected\n"),
        "{note:?}"
    );
}

#[cfg(unix)]
#[test]
fn new_refuses_a_template_that_is_a_fifo_without_hanging() {
    let v = Vault::new();
    v.file("netkeep.toml", "new_template = \"Templates/Person.md\"\n");
    fs::create_dir_all(v.path().join("Templates")).unwrap();
    mkfifo(&v.path().join("Templates/Person.md"));
    let mut cmd = v.cmd(&["new", "Bo"]);
    cmd.timeout(std::time::Duration::from_secs(20));
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
    assert!(!v.path().join("people/Bo.md").exists());
}

#[test]
fn ticks_made_while_agenda_write_runs_are_never_lost() {
    let v = Vault::new();
    for i in 0..8 {
        v.file(
            &format!("people/P{i}.md"),
            "---\ncadence: 1w\n---\n## Log\n- 2026-10-01 a\n",
        );
    }
    let file = v.path().join("Today.md");
    let f = file.to_str().unwrap().to_string();
    assert_eq!(run(v.cmd(&["agenda", "--max", "8", "--write", &f])).code, 0);
    // The user ticks one item after another, saving as editors do (a new
    // file renamed over), while agenda --write runs again and again.
    let ticker = {
        let file = file.clone();
        std::thread::spawn(move || {
            // Fewer ticks than agenda --write's rounds: every run ends.
            for i in 0..6 {
                let text = fs::read_to_string(&file).unwrap();
                let ticked = text.replace(&format!("- [ ] [[P{i}]]"), &format!("- [x] [[P{i}]]"));
                let temp = file.with_file_name(format!(".tick{i}"));
                fs::write(&temp, ticked).unwrap();
                fs::rename(&temp, &file).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(15));
            }
        })
    };
    for _ in 0..12 {
        let out = run(v.cmd(&["agenda", "--max", "8", "--write", &f]));
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    ticker.join().unwrap();
    assert_eq!(run(v.cmd(&["agenda", "--max", "8", "--write", &f])).code, 0);
    for i in 0..6 {
        assert!(
            read(&v, &format!("people/P{i}.md")).ends_with("- 2026-11-23 -> reached out\n"),
            "the tick of P{i} was lost:\n{}",
            read(&v, "Today.md")
        );
    }
}
