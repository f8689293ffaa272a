//! Which notes are contacts, what is skipped, and what `check` says about
//! both: the `obsidian-categories` fixture vault (hand-worked answers in
//! its README.md) and small vaults made here.

use crate::util::{fixture, json, netkeep, run, Vault};

fn on_fixture(args: &[&str]) -> crate::util::Output {
    let mut cmd = netkeep();
    cmd.arg("--vault")
        .arg(fixture("obsidian-categories"))
        .args(args);
    run(cmd)
}

#[test]
fn category_marked_people_are_listed_with_their_touches() {
    let out = on_fixture(&["list", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "", "no diagnostics");
    let list = json(&out.stdout);
    let rows: Vec<_> = list["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["last_touch"].as_str().map(String::from),
                c["due"].as_str().unwrap().to_string(),
                c["touches"].as_u64().unwrap(),
            )
        })
        .collect();
    let row = |id: &str, last: Option<&str>, due: &str, touches| {
        (
            id.to_string(),
            last.map(String::from),
            due.to_string(),
            touches,
        )
    };
    assert_eq!(
        rows,
        [
            row("Ada Quinn", Some("2026-11-10"), "2026-12-08", 3),
            row("Bram Oyelaran", Some("2026-11-02"), "2026-11-16", 1),
            row("Cleo Park", None, "2026-08-01", 0),
        ]
    );
    assert_eq!(list["contacts"][0]["birthday"], "1990-12-01");
}

#[test]
fn overdue_is_cleo_then_bram() {
    let out = on_fixture(&["overdue", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let overdue = json(&out.stdout);
    let rows: Vec<_> = overdue["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, [("Cleo Park", 114), ("Bram Oyelaran", 7)]);
}

#[test]
fn check_is_clean_and_says_how_it_found_contacts_and_what_it_skipped() {
    let out = on_fixture(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "daily notes: named `YYYY-MM-DD` in `daily`, from .obsidian/daily-notes.json\n\
         found 3 contacts among 11 notes: 0 by folder (contacts, people), 3 by type, tags or categories\n\
         skipped 2 notes in Templates/: the templates folder of Obsidian's Templates plugin (.obsidian/templates.json)\n\
         skipped 2 notes in Meta/Templater/: Templater's templates folder (.obsidian/plugins/templater-obsidian/data.json)\n\
         0 errors, 0 warnings\n"
    );
    let out = on_fixture(&["check", "--format", "json"]);
    let report = json(&out.stdout);
    assert_eq!(report["errors"].as_array().unwrap().len(), 0);
    assert_eq!(report["warnings"].as_array().unwrap().len(), 0);
    assert_eq!(report["contacts"]["found"], 3);
    assert_eq!(report["contacts"]["by_type_tag_or_category"], 3);
    let skipped: Vec<_> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["what"].as_str().unwrap(), s["notes"].as_u64().unwrap()))
        .collect();
    assert_eq!(skipped, [("Templates", 2), ("Meta/Templater", 2)]);
}

#[test]
fn a_vault_with_notes_but_no_contacts_is_told_how_to_find_them() {
    let vault = Vault::new();
    vault
        .file("Areas/CRM/Persons/Ann.md", "---\nstatus: blocked\n---\n")
        .file("Areas/CRM/Persons/Bo.md", "")
        .file("Clients/Acme.md", "---\ntype: \"[[Client]]\"\n---\n");
    let out = run(vault.cmd(&["check"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "found no contacts among 3 notes: netkeep looked for notes in the folders contacts, people (`contact_dirs`) \
         and for a `type`, `tags` or `categories` value of person, people, contact, contacts (`contact_types`)\n\
         lines for netkeep.toml that would find some:\n  \
         contact_dirs = [\"Areas/CRM/Persons\"]  # 2 notes in Areas/CRM/Persons/\n  \
         contact_types = [\"client\"]  # keep those that name people; 1 note by type or category: client 1\n\
         0 errors, 0 warnings\n"
    );
    // Following the advice finds them, by folder and by type.
    vault.file(
        "netkeep.toml",
        "contact_dirs = [\"Areas/CRM/Persons\"]\ncontact_types = [\"client\"]\n",
    );
    let out = run(vault.cmd(&["check"]));
    assert!(
        out.stdout.contains(
            "\nfound 3 contacts among 3 notes: 2 by folder (areas/crm/persons), 1 by type, tags or categories\n"
        ),
        "{}",
        out.stdout
    );
    // Now Ann is a contact, and her bad status is worth a warning.
    assert!(
        out.stdout
            .contains("Ann.md:2:9: warning: status: `blocked`"),
        "{}",
        out.stdout
    );
}

#[test]
fn exclude_and_contact_dir_globs() {
    let vault = Vault::new();
    vault
        .file(
            "netkeep.toml",
            "contact_dirs = [\"pages/@*\"]\nexclude = [\"Archive\", \"**/*.excalidraw\"]\n",
        )
        .file(
            "pages/@Jane Doe.md",
            "---\ncadence: 2w\n---\n- 2026-11-01 coffee\n",
        )
        .file("pages/Topic.md", "")
        .file(
            "Archive/@Old.md",
            "---\ntype: person\nbirthday: soon\n---\n",
        )
        .file("pages/@Map.excalidraw.md", "")
        .file("Templates/Person.md", "---\ntype: person\n---\n");
    let out = run(vault.cmd(&["list", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let list = json(&out.stdout);
    let ids: Vec<_> = list["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    // `exclude` given: the templates folder is read (and Person counts).
    assert_eq!(ids, ["@Jane Doe", "Person"]);
    let out = run(vault.cmd(&["check"]));
    assert!(
        out.stdout
            .contains("skipped 1 note matching `Archive`: `exclude` in netkeep.toml\n")
            && out
                .stdout
                .contains("skipped 1 note matching `**/*.excalidraw`: `exclude` in netkeep.toml\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_bad_exclude_glob_is_a_config_error_naming_its_line() {
    let vault = Vault::new();
    vault
        .file(
            "netkeep.toml",
            "monthly_goal = 2\nexclude = [\"ok\", \"bad/[x\"]\n",
        )
        .file("people/Ann.md", "");
    let out = run(vault.cmd(&["check"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("netkeep.toml:2:18: error: exclude: `bad/[x` is not a glob pattern"),
        "{}",
        out.stdout
    );
    let out = run(vault.cmd(&["list"]));
    assert_eq!(out.code, 1, "config errors stop reports");
}

#[test]
fn a_templates_setting_that_is_not_json_is_a_warning_and_the_default_applies() {
    let vault = Vault::new();
    vault
        .file(".obsidian/templates.json", "{\"folder\": \"Tpl\",,}")
        .file(
            "templates/Person.md",
            "---\ntype: person\nbirthday: {{date}}\n---\n",
        )
        .file("Tpl/Other.md", "")
        .file("people/Ann.md", "");
    let out = run(vault.cmd(&["check"]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout.contains(
            ".obsidian/templates.json:1:18: warning: not valid JSON (key must be a string);"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("skipped 1 note in templates/: a templates folder"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("found 1 contact among 2 notes"),
        "{}",
        out.stdout
    );
}
