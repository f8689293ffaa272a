//! The binary on temporary vaults: vault discovery, today, what is read and
//! skipped, every diagnostic, exit codes, colour and the JSON contract.

use crate::util::{json, netkeep, run, Vault, TODAY};

fn overdue_ids(v: &serde_json::Value) -> Vec<String> {
    v["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_string())
        .collect()
}

fn list_json(vault: &Vault) -> serde_json::Value {
    let out = run(vault.cmd(&["list", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    json(&out.stdout)
}

fn contact<'a>(list: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    list["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {list}"))
}

// --- The vault root -------------------------------------------------------

#[test]
fn vault_from_flag_env_ancestor_config_ancestor_obsidian_or_cwd() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\ncadence: 1w\n---\n");
    v.file("notes/deep/er/x.txt", "");

    let from_env = run({
        let mut c = netkeep();
        c.env("NETKEEP_VAULT", v.path())
            .args(["overdue", "--format", "json"]);
        c
    });
    assert_eq!(overdue_ids(&json(&from_env.stdout)), ["Ann"]);

    // No marker above: the working directory is the vault.
    let cwd = run({
        let mut c = netkeep();
        c.current_dir(v.path())
            .args(["overdue", "--format", "json"]);
        c
    });
    assert_eq!(overdue_ids(&json(&cwd.stdout)), ["Ann"]);
    let nested = run({
        let mut c = netkeep();
        c.current_dir(v.path().join("notes/deep/er"))
            .args(["overdue", "--format", "json"]);
        c
    });
    assert!(
        overdue_ids(&json(&nested.stdout)).is_empty(),
        "no marker: cwd only"
    );

    v.file(".obsidian/app.json", "{}");
    let via_obsidian = run({
        let mut c = netkeep();
        c.current_dir(v.path().join("notes/deep/er"))
            .args(["overdue", "--format", "json"]);
        c
    });
    assert_eq!(overdue_ids(&json(&via_obsidian.stdout)), ["Ann"]);

    v.file("notes/netkeep.toml", "");
    v.file("notes/people/Bo.md", "---\ncadence: 1w\n---\n");
    let via_config = run({
        let mut c = netkeep();
        c.current_dir(v.path().join("notes/deep/er"))
            .args(["overdue", "--format", "json"]);
        c
    });
    assert_eq!(
        overdue_ids(&json(&via_config.stdout)),
        ["Bo"],
        "nearest marker wins"
    );

    // The flag beats the environment.
    let flag = run({
        let mut c = netkeep();
        c.env("NETKEEP_VAULT", "/nonexistent")
            .arg("--vault")
            .arg(v.path().join("notes"))
            .args(["overdue", "--format", "json"]);
        c
    });
    assert_eq!(overdue_ids(&json(&flag.stdout)), ["Bo"]);
}

#[test]
fn missing_vault_is_an_error() {
    let out = run({
        let mut c = netkeep();
        c.args(["--vault", "/nonexistent/vault", "overdue"]);
        c
    });
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
}

// --- Today ----------------------------------------------------------------

#[test]
fn today_from_flag_or_environment() {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\ncadence: 1w\n---\n- 2026-11-20 call\n",
    );
    let env_today = json(&run(v.cmd(&["overdue", "--format", "json"])).stdout);
    assert_eq!(env_today["today"], TODAY);
    assert!(overdue_ids(&env_today).is_empty());
    let flag = json(&run(v.cmd(&["--today", "2026-11-27", "overdue", "--format", "json"])).stdout);
    assert_eq!(flag["today"], "2026-11-27");
    assert_eq!(overdue_ids(&flag), ["Ann"]);
    assert_eq!(flag["contacts"][0]["days_overdue"], 0);
}

#[test]
fn bad_today_is_a_usage_error() {
    let v = Vault::new();
    assert_eq!(run(v.cmd(&["--today", "2026-02-30", "overdue"])).code, 2);
    let mut c = v.cmd(&["overdue"]);
    c.env("NETKEEP_TODAY", "tomorrow");
    let out = run(c);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("is not a day"), "{}", out.stderr);
}

// --- What is read -----------------------------------------------------------

#[test]
fn dot_folders_gitignored_paths_and_other_files_are_skipped() {
    let v = Vault::new();
    let note = "---\ncadence: 1w\n---\n";
    v.file("people/Ann.md", note)
        .file(".obsidian/people/Hidden.md", note)
        .file(".trash/people/Trashed.md", note)
        .file("people/.Dot.md", note)
        .file("people/private/Ignored.md", note)
        .file("people/Text.txt", note)
        .file("people/Upper.MD", note)
        .file(".gitignore", "private/\n");
    let list = list_json(&v);
    let ids: Vec<_> = list["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(ids, ["Ann", "Upper"]);
}

#[test]
fn contacts_by_configured_folder_type_and_tag() {
    let v = Vault::new();
    v.file(
        "netkeep.toml",
        "contact_dirs = [\"CRM/Contacts\"]\ncontact_types = [\"crm-contact\"]\n",
    )
    .file("crm/contacts/Ann.md", "")
    .file("people/NotAnymore.md", "")
    .file("x/Bo.md", "---\ntype: CRM-Contact\n---\n")
    .file("x/Cy.md", "---\ntags: [person]\n---\n")
    .file("x/Dee.md", "---\ntype: person\n---\n");
    let list = list_json(&v);
    let ids: Vec<_> = list["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    // `contact_types` adds to the built-in types: `type: person` still marks Dee.
    assert_eq!(ids, ["Ann", "Bo", "Cy", "Dee"]);
}

#[test]
fn non_utf8_and_utf16_files_are_warnings_and_the_rest_counts() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\ncadence: 1w\n---\n");
    v.bytes("people/Latin1.md", b"---\nname: Jos\xe9\n---\n");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "---\r\nname: Wide\r\n---\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    v.bytes("people/Wide.md", &utf16);
    let out = run(v.cmd(&["overdue", "--format", "json"]));
    assert_eq!(out.code, 0);
    assert_eq!(overdue_ids(&json(&out.stdout)), ["Ann"]);
    assert!(
        out.stderr
            .contains("people/Latin1.md:2:10: warning: not UTF-8"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("people/Wide.md:1:1: warning: UTF-16"),
        "{}",
        out.stderr
    );
    let check = run(v.cmd(&["check", "--format", "json"]));
    assert_eq!(check.code, 0, "warnings only");
    assert_eq!(json(&check.stdout)["warnings"].as_array().unwrap().len(), 2);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_warnings() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\ncadence: 1w\n---\n");
    std::os::unix::fs::symlink(v.path().join("people"), v.path().join("people/loop")).unwrap();
    std::os::unix::fs::symlink(
        v.path().join("gone.md"),
        v.path().join("people/Dangling.md"),
    )
    .unwrap();
    let out = run(v.cmd(&["overdue", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(overdue_ids(&json(&out.stdout)), ["Ann"]);
    assert!(
        out.stderr
            .contains("people/loop:1:1: warning: symlink loop"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("people/Dangling.md:1:1: warning: cannot read"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn symlinked_notes_are_read() {
    let v = Vault::new();
    v.file("elsewhere/Ann.txt", "---\ncadence: 1w\n---\n");
    std::fs::create_dir_all(v.path().join("people")).unwrap();
    std::os::unix::fs::symlink(
        v.path().join("elsewhere/Ann.txt"),
        v.path().join("people/Ann.md"),
    )
    .unwrap();
    assert_eq!(
        overdue_ids(&json(&run(v.cmd(&["overdue", "--format", "json"])).stdout)),
        ["Ann"]
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_to_the_root_folder_is_not_walked_and_check_says_so() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\ncadence: 1w\n---\n");
    std::os::unix::fs::symlink("/", v.path().join("people/everything")).unwrap();
    let out = run(v.cmd(&["list", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json(&out.stdout)["contacts"].as_array().unwrap().len(), 1);
    let check = run(v.cmd(&["check"]));
    assert!(
        check.stdout.contains(
            "people/everything:1:1: warning: symlink to /, outside the vault; not followed"
        ),
        "{}",
        check.stdout
    );
}

#[test]
fn utf16_without_a_bom_and_cr_only_notes_are_warnings_and_the_rest_counts() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\ncadence: 1w\n---\n");
    let wide: Vec<u8> = "---\nname: Wide\ncadence: 1w\n---\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    v.bytes("people/Wide.md", &wide);
    v.file("people/Mac.md", "---\rname: Mac\rcadence: 1w\r---\r");
    let out = run(v.cmd(&["overdue", "--format", "json"]));
    assert_eq!(out.code, 0);
    assert_eq!(overdue_ids(&json(&out.stdout)), ["Ann"]);
    assert!(
        out.stderr
            .contains("people/Wide.md:1:2: warning: holds NUL bytes: looks like UTF-16 or binary")
            && out.stderr.contains("iconv -f UTF-16LE -t UTF-8"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("people/Mac.md:1:4: warning: lines end in CR only"),
        "{}",
        out.stderr
    );
    let check = run(v.cmd(&["check", "--format", "json"]));
    assert_eq!(json(&check.stdout)["warnings"].as_array().unwrap().len(), 2);
}

#[test]
fn unclosed_deeply_nested_and_double_bom_front_matter_say_so_and_the_rest_counts() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\ncadence: 1w\n---\n");
    v.file("people/Open.md", "---\ncadence: 1w\n- 2026-11-01 coffee\n");
    v.file(
        "people/Deep.md",
        &format!("---\ncadence: 1w\nx: {}\n---\n", "[".repeat(30_000)),
    );
    v.file("people/Boms.md", "\u{feff}\u{feff}---\ncadence: 1w\n---\n");
    let out = run(v.cmd(&["overdue", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Open and Deep have no cadence read; the double BOM is read past.
    assert_eq!(overdue_ids(&json(&out.stdout)), ["Ann", "Boms"]);
    assert!(
        out.stderr.contains(
            "people/Open.md:1:1: warning: front matter opened by `---` on line 1 is never closed"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("people/Deep.md:3:68: warning: front matter nests `[`/`{` deeper than 64"),
        "{}",
        out.stderr
    );
    let check = run(v.cmd(&["check"]));
    assert!(
        check
            .stdout
            .contains("people/Boms.md:1:2: warning: the note starts with 2 byte-order marks"),
        "{}",
        check.stdout
    );
}

#[test]
fn log_and_show_on_a_note_that_cannot_be_read_say_why() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\ncadence: 1w\n---\n");
    let wide: Vec<u8> = "## Log\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    v.bytes("people/Wide.md", &wide);
    v.file("people/Mac.md", "## Log\r- 2026-11-01 hi\r");
    for (who, why) in [
        ("Wide", "people/Wide.md: holds NUL bytes"),
        ("mac", "people/Mac.md: lines end in CR only"),
    ] {
        let out = run(v.cmd(&["log", who, "coffee"]));
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(
            out.stderr.contains(&format!("netkeep: error: {why}")),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains("no contact named"), "{}", out.stderr);
        let out = run(v.cmd(&["show", who]));
        assert!(out.stderr.contains(why), "{}", out.stderr);
    }
    assert_eq!(
        std::fs::read(v.path().join("people/Wide.md")).unwrap(),
        wide
    );
    let out = run(v.cmd(&["log", "Nobody", "coffee"]));
    assert!(
        out.stderr.contains("no contact named `Nobody`"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn log_on_a_note_without_read_permission_says_permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    let v = Vault::new();
    v.file("people/Good.md", "## Log\n");
    let path = v.path().join("people/Good.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        eprintln!("skipped: this user reads files without permission (root)");
        return;
    }
    let out = run(v.cmd(&["log", "Good", "coffee"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("netkeep: error: people/Good.md: cannot read:"),
        "{}",
        out.stderr
    );
}

#[test]
fn huge_front_matter_is_a_warning_and_not_parsed() {
    let v = Vault::new();
    let huge = format!(
        "---\ncadence: 1w\n{}---\n- 2026-11-22 still read\n",
        "k: v\n".repeat(20_000)
    );
    v.file("people/Huge.md", &huge);
    let out = run(v.cmd(&["list", "--format", "json"]));
    assert!(
        out.stderr
            .contains("people/Huge.md:1:1: warning: front matter is larger than 64 KiB"),
        "{}",
        out.stderr
    );
    let list = json(&out.stdout);
    let huge = contact(&list, "Huge");
    assert_eq!(
        huge["cadence"],
        serde_json::Value::Null,
        "front matter not read"
    );
    assert_eq!(huge["last_touch"], "2026-11-22", "the body still counts");
}

// --- Diagnostics --------------------------------------------------------------

#[test]
fn broken_yaml_is_an_error_at_its_file_line_and_the_body_counts() {
    let v = Vault::new();
    v.file(
        "people/Bad.md",
        "---\nname: Bad\naliases: [unclosed\ncadence: 1w\n---\n- 2026-11-01 -> hi\n",
    );
    let check = run(v.cmd(&["check"]));
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("people/Bad.md:4:"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("error: front matter is not valid YAML"),
        "{}",
        check.stdout
    );
    let list = list_json(&v);
    assert_eq!(contact(&list, "Bad")["last_touch"], "2026-11-01");
    assert_eq!(
        contact(&list, "Bad")["name"],
        "Bad",
        "the id: the front matter is ignored whole"
    );
}

#[test]
fn bad_values_are_warnings_with_line_and_column() {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\nbirthday: May 5th\ncadence: often\nstatus: busy\nlast_contact: yesterday\ndates:\n  wedding: someday\n---\n",
    );
    let check = run(v.cmd(&["check", "--format", "json"]));
    assert_eq!(check.code, 0);
    let report = json(&check.stdout);
    let at: Vec<(i64, i64)> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["line"].as_i64().unwrap(), w["column"].as_i64().unwrap()))
        .collect();
    assert_eq!(at, [(2, 11), (3, 10), (4, 9), (5, 15), (7, 3)]);
    let messages = report["warnings"].to_string();
    for word in ["May 5th", "often", "busy", "yesterday", "someday"] {
        assert!(messages.contains(word), "{word} in {messages}");
    }
}

#[test]
fn unknown_config_key_is_an_error_naming_key_and_line() {
    let v = Vault::new();
    v.file("netkeep.toml", "monthly_goal = 2\nweekly_budjet = 5\n");
    v.file("people/Ann.md", "");
    let check = run(v.cmd(&["check"]));
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("netkeep.toml:2:1: error:"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("weekly_budjet"), "{}", check.stdout);
    let report = run(v.cmd(&["overdue"]));
    assert_eq!(report.code, 1, "reports refuse a broken config");
    assert!(
        report.stderr.contains("netkeep.toml:2:1"),
        "{}",
        report.stderr
    );
}

#[test]
fn bad_circle_cadence_in_config_is_an_error() {
    let v = Vault::new();
    v.file(
        "netkeep.toml",
        "[circles.friend]\ncadence = \"sometimes\"\n",
    );
    let check = run(v.cmd(&["check", "--format", "json"]));
    assert_eq!(check.code, 1);
    let e = &json(&check.stdout)["errors"][0];
    assert_eq!(
        (e["path"].as_str(), e["line"].as_i64(), e["column"].as_i64()),
        (Some("netkeep.toml"), Some(2), Some(11))
    );
}

#[test]
fn duplicate_ids_and_aliases_are_errors() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\naliases: [Bo]\n---\n")
        .file("people/old/Ann.md", "")
        .file("people/Bo.md", "");
    let check = run(v.cmd(&["check"]));
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains("people/old/Ann.md:1:1: error: duplicate contact id `Ann`"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("people/Ann.md:2:1: error: alias `Bo` also names Bo"),
        "{}",
        check.stdout
    );
}

#[test]
fn links_to_nobody_are_warnings_in_entries_daily_notes_and_interactions() {
    let v = Vault::new();
    v.file("people/Ann.md", "- 2026-11-01 lunch with [[Zed]]\n")
        .file("journal/2026-11-02.md", "Saw [[Yan]] and [[Ann]]\n")
        .file(
            "meetings/m.md",
            "---\ndate: 2026-11-03\nwith: [\"[[Xi]]\"]\ncompany: \"[[Acme]]\"\n---\n",
        )
        .file("Acme.md", "- 2026-11-04 [[Ann]] visited\n");
    let check = json(&run(v.cmd(&["check", "--format", "json"])).stdout);
    let warnings: Vec<String> = check["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "{}:{}:{} {}",
                w["path"].as_str().unwrap(),
                w["line"],
                w["column"],
                w["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [
            "journal/2026-11-02.md:1:5 [[Yan]] links to no note",
            "meetings/m.md:3:9 [[Xi]] is not a contact",
            "people/Ann.md:1:25 [[Zed]] links to no note",
        ]
    );
    let list = list_json(&v);
    assert_eq!(
        contact(&list, "Ann")["touches"],
        3,
        "own entry, daily note, the Acme note's entry"
    );
}

#[test]
fn entries_out_of_order_are_a_warning() {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "## Log\n- 2026-01-01 a\n- 2026-03-01 b\n- 2026-02-01 c\n",
    );
    let out = run(v.cmd(&["check"]));
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .contains("people/Ann.md:4:1: warning: entry dated 2026-02-01 is out of order"),
        "{}",
        out.stdout
    );
}

#[test]
fn reports_print_read_problems_and_count_lints() {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\ncadence: often\n---\n- 2026-11-01 [[Nobody]]\n",
    );
    let out = run(v.cmd(&["overdue"]));
    assert_eq!(out.code, 0);
    assert!(
        out.stderr.contains("people/Ann.md:2:10: warning: cadence"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("1 more warning"), "{}", out.stderr);
    assert!(!out.stderr.contains("Nobody"), "lints are for check");
}

/// A vault of `n` contacts, each with a birthday that is not a date.
fn bad_birthdays(n: usize) -> Vault {
    let v = Vault::new();
    for i in 0..n {
        v.file(
            &format!("people/P{i:02}.md"),
            "---\nbirthday: sometime in May\ncadence: 2w\n---\n- 2026-11-01 -> hi\n",
        );
    }
    v.file("people/Broken.md", "---\nname: [oops\n---\n");
    v
}

#[test]
fn sixty_bad_birthdays_are_three_lines_and_a_count_on_agenda() {
    let v = bad_birthdays(60);
    let out = run(v.cmd(&["agenda"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 5, "{}", out.stderr);
    assert!(
        lines[0].starts_with("people/Broken.md:"),
        "errors always: {}",
        out.stderr
    );
    assert_eq!(
        lines[4],
        "netkeep: 57 more warnings; `netkeep check` lists them"
    );
    let check = run(v.cmd(&["check"]));
    assert_eq!(
        check.stdout.matches("warning: birthday").count(),
        60,
        "check lists every one: {}",
        check.stdout
    );
}

#[test]
fn quiet_silences_warnings_but_not_errors_in_notes() {
    let v = bad_birthdays(5);
    for flag in ["-q", "--quiet"] {
        let out = run(v.cmd(&[flag, "overdue"]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(
            out.stderr.starts_with("people/Broken.md:3:1: error"),
            "{}",
            out.stderr
        );
    }
    // After the subcommand too: it is a global option.
    let out = run(v.cmd(&["list", "-q"]));
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}

#[test]
fn verbose_shows_every_warning_timings_and_what_was_skipped() {
    let v = bad_birthdays(5);
    v.file("templates/Person.md", "---\nname: {{title}}\n---\n");
    let out = run(v.cmd(&["-v", "overdue"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr.matches("warning: birthday").count(),
        5,
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("netkeep check` lists"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("netkeep: timings:"), "{}", out.stderr);
    assert!(
        out.stderr.contains("netkeep: skipped 1 note in templates/"),
        "{}",
        out.stderr
    );
    v.file("people/Skip me.md", "---\nname: x\n---\n");
    v.file("netkeep.toml", "exclude = [\"people/Skip*\"]\n");
    let out = run(v.cmd(&["overdue", "--verbose"]));
    assert!(
        out.stderr
            .contains("netkeep: skipped 1 note matching `people/Skip*`"),
        "{}",
        out.stderr
    );
    let both = run(v.cmd(&["-q", "-v", "overdue"]));
    assert_eq!(both.code, 2, "-q and -v contradict: {}", both.stderr);
}

#[test]
fn stats_into_a_pipe_has_no_bars() {
    let v = Vault::new();
    v.file("people/Ann.md", "- 2026-10-02 -> email #email\n");
    let out = run(v.cmd(&["stats"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("2026-10"), "{}", out.stdout);
    assert!(!out.stdout.contains('█'), "{}", out.stdout);
}

#[test]
fn review_as_text_is_a_text_layout_not_markdown() {
    let v = Vault::new();
    v.file(
        "people/Ann Lee.md",
        "---\nname: Ann Lee\n---\n- 2024-10-02 -> email\n",
    );
    v.file("netkeep.toml", "[circles.friend]\ncadence = \"1m\"\n");
    let out = run(v.cmd(&["review", "--format", "text"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("Review 2026-11-23\n"),
        "{}",
        out.stdout
    );
    for markdown in ["#", "- [ ]", "[[", "|"] {
        assert!(
            !out.stdout.contains(markdown),
            "{markdown} in:\n{}",
            out.stdout
        );
    }
    assert!(
        out.stdout
            .contains("  Ann Lee  dormant, last touch 2024-10-02"),
        "{}",
        out.stdout
    );
    let md = run(v.cmd(&["review"]));
    assert!(
        md.stdout.contains("- [ ] [[Ann Lee]]: dormant"),
        "{}",
        md.stdout
    );
}

// --- Commands and exit codes -------------------------------------------------

#[test]
fn usage_errors_exit_2() {
    let v = Vault::new();
    assert_eq!(run(v.cmd(&["agenda", "--format", "csv"])).code, 2);
    assert_eq!(run(v.cmd(&["frobnicate"])).code, 2);
    assert_eq!(run(v.cmd(&["list", "--where", "planet=mars"])).code, 2);
    assert_eq!(run(v.cmd(&["show"])).code, 2);
}

#[test]
fn show_unknown_suggests_and_ambiguous_lists() {
    let v = Vault::new();
    v.file("people/ana-lima.md", "---\nname: Ana Lima\n---\n")
        .file("people/al.md", "---\nname: Ana Lima\n---\n")
        .file("people/Bob Stone.md", "");
    let unknown = run(v.cmd(&["show", "bob stine"]));
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("did you mean Bob Stone?"),
        "{}",
        unknown.stderr
    );
    let ambiguous = run(v.cmd(&["show", "ana lima"]));
    assert_eq!(ambiguous.code, 1);
    assert!(
        ambiguous.stderr.contains("al (people/al.md)"),
        "{}",
        ambiguous.stderr
    );
    assert!(
        ambiguous.stderr.contains("ana-lima (people/ana-lima.md)"),
        "{}",
        ambiguous.stderr
    );
    let by_id = run(v.cmd(&["show", "ANA-LIMA", "--format", "json"]));
    assert_eq!(by_id.code, 0);
    assert_eq!(json(&by_id.stdout)["id"], "ana-lima");
}

#[test]
fn colour_only_on_request_or_terminal_and_never_with_no_color() {
    let v = Vault::new();
    v.file("people/Ann.md", "---\ncadence: 1w\n---\n- 2026-01-01 x\n");
    let piped = run(v.cmd(&["overdue"]));
    assert!(!piped.stdout.contains('\u{1b}'), "a pipe gets no colour");
    let mut always = v.cmd(&["--color", "always", "overdue"]);
    always.env_remove("NO_COLOR");
    assert!(run(always).stdout.contains('\u{1b}'));
    let never = run(v.cmd(&["--color", "never", "overdue"]));
    assert!(!never.stdout.contains('\u{1b}'));
}

#[test]
fn empty_vault_works() {
    let v = Vault::new();
    for args in [
        &["overdue"][..],
        &["agenda"],
        &["list"],
        &["dates"],
        &["check"],
    ] {
        let out = run(v.cmd(args));
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(out.stderr.is_empty(), "{args:?}: {}", out.stderr);
    }
    let agenda = run(v.cmd(&["agenda"])).stdout;
    assert!(
        agenda.starts_with("<!-- netkeep:begin -->\n")
            && agenda.ends_with("<!-- netkeep:end -->\n")
    );
    assert!(agenda.contains("Nothing to do today."));
}

// --- The JSON contract (SPEC §6) ------------------------------------------------

fn keys(v: &serde_json::Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn json_contract_fields() {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\ncadence: 1w\nbirthday: --04-01\n---\n- [ ] 2026-11-01 send\n- 2026-11-02 -> hi\n",
    )
    .file("people/Bad.md", "---\nbirthday: x\n---\n");
    let overdue = json(&run(v.cmd(&["overdue", "--format", "json"])).stdout);
    assert_eq!(keys(&overdue), ["contacts", "today"]);
    assert_eq!(
        keys(&overdue["contacts"][0]),
        [
            "cadence",
            "circle",
            "days_overdue",
            "due",
            "id",
            "last_touch",
            "name",
            "path",
            "urgency"
        ]
    );
    let list = list_json(&v);
    let ann = contact(&list, "Ann");
    for key in [
        "id",
        "name",
        "path",
        "circle",
        "cadence",
        "last_touch",
        "due",
        "days_overdue",
        "tags",
        "status",
        "touches",
        "inbound",
        "outbound",
        "two_way",
        "follow_ups",
        "reply_owed",
        "one_sided",
        "dormant",
        "birthday",
    ] {
        assert!(ann.get(key).is_some(), "list lacks {key}");
    }
    assert_eq!(ann["birthday"], "--04-01");
    assert_eq!(
        ann["follow_ups"][0],
        serde_json::json!({"date": "2026-11-01", "text": "send", "path": "people/Ann.md", "line": 5})
    );
    assert_eq!(ann["path"], "people/Ann.md");
    assert_eq!(contact(&list, "Bad")["circle"], serde_json::Value::Null);
    let check = json(&run(v.cmd(&["check", "--format", "json"])).stdout);
    assert_eq!(keys(&check), ["contacts", "errors", "warnings"]);
    assert_eq!(
        keys(&check["warnings"][0]),
        ["column", "line", "message", "path"]
    );
}

#[test]
fn list_filters_from_the_command_line() {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\ncircle: mentor\ntags: [vip]\nlocation: Chicago\n---\n",
    )
    .file(
        "people/Bo.md",
        "---\ncircle: friend\nlocation: Chicago\n---\n",
    )
    .file(
        "people/Cy.md",
        "---\ncircle: friend\nlocation: Lisbon\n---\n",
    );
    let ids = |args: &[&str]| {
        let mut all = vec!["list", "--format", "json"];
        all.extend_from_slice(args);
        let out = json(&run(v.cmd(&all)).stdout);
        overdue_ids(&out)
    };
    assert_eq!(ids(&["--where", "location=chicago"]), ["Ann", "Bo"]);
    assert_eq!(
        ids(&["--circle", "Friend", "--where", "location=chicago"]),
        ["Bo"]
    );
    assert_eq!(ids(&["--tag", "vip"]), ["Ann"]);
}

/// `netkeep ... > /dev/full`: every write fails with "no space left".
#[cfg(target_os = "linux")]
fn to_full_disk(v: &Vault, args: &[&str]) -> crate::util::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = crate::util::netkeep_process()
        .arg("--vault")
        .arg(v.path())
        .args(args)
        .stdout(std::process::Stdio::from(full))
        .output()
        .expect("runs");
    crate::util::Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_to_stdout_is_an_error() {
    let v = Vault::new();
    v.file(
        "people/Good.md",
        "---\ncadence: 1w\nbirthday: 1990-11-30\n---\n## Log\n- 2026-10-01 x\n",
    );
    for args in [
        &["agenda"][..],
        &["agenda", "--format", "json"],
        &["overdue"],
        &["overdue", "--format", "json"],
        &["list"],
        &["list", "--format", "json"],
        &["show", "Good"],
        &["dates"],
        &["check"],
        &["stats"],
        &["review"],
        &["export", "ics"],
    ] {
        let out = to_full_disk(&v, args);
        assert_eq!(out.code, 1, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("stdout"), "{args:?}: {}", out.stderr);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_whose_confirmation_cannot_be_printed_is_still_done_once() {
    let v = Vault::new();
    v.file("people/Good.md", "## Log\n");
    let out = to_full_disk(&v, &["log", "Good", "hi"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("warning"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(v.path().join("people/Good.md")).unwrap(),
        "## Log\n- 2026-11-23 hi\n"
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let v = Vault::new();
    for i in 0..3000 {
        v.file(&format!("people/P{i}.md"), "---\ncadence: 1w\n---\n");
    }
    let mut child = crate::util::netkeep_process()
        .args([
            "--vault",
            v.path().to_str().unwrap(),
            "list",
            "--format",
            "json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read nothing and close the pipe, as `| head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn days_is_capped_everywhere_it_is_accepted() {
    let v = Vault::new();
    for args in [
        &["export", "ics", "--days", "100000000"][..],
        &["agenda", "--days", "3661"],
        &["dates", "--days", "99999"],
        &["dates", "--days=-1"],
    ] {
        let out = run(v.cmd(args));
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains("3660"), "{}", out.stderr);
    }
    assert_eq!(run(v.cmd(&["dates", "--days", "3660"])).code, 0);
    assert_eq!(run(v.cmd(&["agenda", "--days", "0"])).code, 0);
}

/// Every string under a date key, anywhere in `v`.
fn dates_in(v: &serde_json::Value, key: &str, found: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, value) in map {
                if let (true, Some(s)) = (
                    [
                        "due",
                        "date",
                        "last_touch",
                        "today",
                        "reply_owed",
                        "birthday",
                    ]
                    .contains(&k.as_str()),
                    value.as_str(),
                ) {
                    found.push(format!("{key}.{k}={s}"));
                }
                dates_in(value, k, found);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                dates_in(item, key, found);
            }
        }
        _ => {}
    }
}

#[test]
fn dates_in_output_never_leave_years_0001_to_9999() {
    let v = Vault::new();
    v.file(
        "people/Late.md",
        "---\ncadence: 1m\nbirthday: 01-14\n---\n## Log\n- 9999-12-01 x\n- [ ] 9999-12-30 call\n",
    )
    .file(
        "people/Huge.md",
        "---\ncadence: 4000000000y\n---\n## Log\n- 2026-01-01 x\n",
    )
    .file(
        "people/Zero.md",
        "---\ncadence: 1w\nlast_contact: 0000-01-01\n---\n",
    );
    let mut found = Vec::new();
    for args in [
        &["overdue", "--format", "json"][..],
        &["list", "--format", "json"],
        &["agenda", "--format", "json", "--days", "3660"],
        &["dates", "--format", "json", "--days", "3660"],
    ] {
        for today in ["9999-12-20", "2026-11-23"] {
            let out = run(v.cmd(&[&["--today", today][..], args].concat()));
            assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
            dates_in(&crate::util::json(&out.stdout), "", &mut found);
        }
    }
    assert!(!found.is_empty());
    for d in &found {
        let value = d.rsplit('=').next().unwrap();
        let shape = value.len() == 10
            && value.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        // A birthday without its year is `--MM-DD`.
        assert!(shape || value.starts_with("--"), "{d}");
        assert!(!value.starts_with("0000"), "{d}");
    }
    let ics = run(v.cmd(&["--today", "9999-12-20", "export", "ics", "--days", "3660"]));
    assert_eq!(ics.code, 0, "{}", ics.stderr);
    assert!(!ics.stdout.contains(":1000"), "{}", ics.stdout);
    let check = run(v.cmd(&["check"]));
    assert!(check.stdout.contains("people/Zero.md"), "{}", check.stdout);
}

#[test]
fn a_future_last_contact_is_a_warning_not_the_last_touch() {
    let v = Vault::new();
    v.file(
        "people/Fut.md",
        "---\ncadence: 2w\nlast_contact: 2027-03-01\n---\n## Log\n- 2026-10-01 <- asked\n",
    );
    let out = run(v.cmd(&["overdue", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("after today"), "{}", out.stderr);
    let json = crate::util::json(&out.stdout);
    let c = &json["contacts"][0];
    assert_eq!(c["last_touch"], "2026-10-01");
    assert_eq!(c["due"], "2026-10-15");
    // Not an answer to their message either.
    let list = list_json(&v);
    assert_eq!(contact(&list, "Fut")["reply_owed"], true);
    let check = run(v.cmd(&["check"]));
    assert_eq!(check.code, 0, "warnings only");
    assert!(
        check
            .stdout
            .contains("people/Fut.md:1:1: warning: last_contact 2027-03-01 is after today"),
        "{}",
        check.stdout
    );
    // Once the day comes it counts.
    let later = run(v.cmd(&["--today", "2027-03-02", "overdue", "--format", "json"]));
    assert!(!later.stderr.contains("after today"), "{}", later.stderr);
    assert_eq!(
        crate::util::json(&later.stdout)["contacts"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn one_contact_is_one_contact_not_one_contacts() {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\ncadence: 1w\n---\n- 2026-11-20 call\n",
    );
    let list = run(v.cmd(&["list"])).stdout;
    assert!(list.trim_end().ends_with("1 contact"), "{list}");
    let agenda = run(v.cmd(&["agenda"])).stdout;
    assert!(agenda.contains(" for 1 contact, budget"), "{agenda}");
    v.file("people/Bo.md", "---\ncadence: 1w\n---\n");
    let list = run(v.cmd(&["list"])).stdout;
    assert!(list.trim_end().ends_with("2 contacts"), "{list}");
}
