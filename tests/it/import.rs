//! `netkeep import` and `netkeep export vcard`: every exporter's fixture
//! (tests/fixtures/import/, answers in its README), dry runs, duplicates,
//! `--update`, a second run, files of the wrong format, and the vCard
//! round trip.

use crate::util::{fixture, run, Output, Vault};
use std::path::Path;

/// `netkeep --vault V import ARGS...`, run from the fixtures folder.
fn import(vault: &Vault, args: &[&str]) -> Output {
    let mut cmd = vault.cmd(&[&["import"], args].concat());
    cmd.current_dir(fixture("import"));
    run(cmd)
}

/// Every note of the vault, by path, with its text.
fn notes(root: &Path) -> String {
    let mut paths: Vec<_> = walk(root);
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            format!("== {rel}\n{}", std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

macro_rules! exporter {
    ($name:ident, $source:expr, $file:expr) => {
        #[test]
        fn $name() {
            let v = Vault::new();
            let out = import(&v, &[$source, $file]);
            assert_eq!(out.code, 0, "{}", out.stderr);
            insta::with_settings!({prepend_module_to_snapshot => false}, {
                insta::assert_snapshot!(
                    concat!("import__", stringify!($name)),
                    format!("{}--- stderr ---\n{}--- notes ---\n{}", out.stdout, out.stderr, notes(v.path()))
                );
            });
        }
    };
}

exporter!(apple_vcard, "vcard", "apple.vcf");
exporter!(google_vcard, "vcard", "google.vcf");
exporter!(outlook_vcard, "vcard", "outlook.vcf");
exporter!(android_vcard, "vcard", "android.vcf");
exporter!(monica_vcard, "vcard", "monica.vcf");
exporter!(khard_vcard, "vcard", "khard.vcf");
exporter!(linkedin_csv, "linkedin", "linkedin.csv");
exporter!(google_csv_current, "google", "google-new.csv");
exporter!(google_csv_older, "google", "google-old.csv");
exporter!(outlook_csv, "outlook", "outlook.csv");
exporter!(generic_csv, "csv", "generic.csv");

#[test]
fn dry_run_prints_what_it_would_do_and_writes_nothing() {
    let v = Vault::new();
    v.file(
        "people/Bo Chen.md",
        "---\nemail: bo@initech.example\n---\n# Bo\n",
    );
    let before = notes(v.path());
    let out = import(&v, &["vcard", "apple.vcf", "--dry-run", "--update"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(notes(v.path()), before, "a dry run wrote");
    assert!(
        out.stdout
            .contains("would create people/Dr. Ana Maria Lima.md\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("would update people/Bo Chen.md (line 29): birthday, tags\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with(
            "apple.vcf: would be 1 created, 1 updated, 0 skipped as duplicates, 0 unreadable\n"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn a_duplicate_is_never_written_over() {
    let v = Vault::new();
    // By e-mail (another case), by phone without the country code, and by
    // name without its accents.
    let bo = "---\nEmail: BO@initech.example\n---\n# Bo\n";
    let ana = "---\nphone: (312) 555-0142\n---\n";
    let emile = "---\naliases: [Emile Zola]\n---\n";
    v.file("people/Bo.md", bo)
        .file("people/Ana.md", ana)
        .file("people/EZ.md", emile);
    let out = import(&v, &["vcard", "apple.vcf"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("skipped line 29 (Bo Chen): already in the vault as [[Bo]]\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("skipped line 1 (Dr. Ana Maria Lima): already in the vault as [[Ana]]\n"),
        "{}",
        out.stdout
    );
    let out = import(&v, &["vcard", "khard.vcf"]);
    assert!(
        out.stdout
            .contains("skipped line 1 (Émile Zola): already in the vault as [[EZ]]\n"),
        "{}",
        out.stdout
    );
    let read = |p: &str| std::fs::read_to_string(v.path().join(p)).unwrap();
    assert_eq!(read("people/Bo.md"), bo);
    assert_eq!(read("people/Ana.md"), ana);
    assert_eq!(read("people/EZ.md"), emile);
    assert_eq!(walk(v.path()).len(), 3, "{}", notes(v.path()));
}

#[test]
fn update_fills_only_the_keys_a_note_lacks() {
    let v = Vault::new();
    let before = "\u{feff}---\r\ncompany: Initech # since 2019\r\nbirthday:\r\nemail: bo@initech.example\r\n---\r\n# Bo\r\n\r\n- 2026-01-02 lunch\r\n";
    v.file("people/Bo Chen.md", before);
    let out = import(&v, &["vcard", "apple.vcf", "--update"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("updated people/Bo Chen.md (line 29): birthday, tags\n"),
        "{}",
        out.stdout
    );
    let after = std::fs::read_to_string(v.path().join("people/Bo Chen.md")).unwrap();
    assert_eq!(
        after,
        "\u{feff}---\r\ncompany: Initech # since 2019\r\nbirthday: 1980-01-02\r\nemail: bo@initech.example\r\ntags: [friends, Book-Club]\r\n---\r\n# Bo\r\n\r\n- 2026-01-02 lunch\r\n"
    );
    // Nothing more to fill: a second run is a duplicate.
    let out = import(&v, &["vcard", "apple.vcf", "--update"]);
    assert!(
        out.stdout.contains("skipped line 29 (Bo Chen)"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_second_run_creates_only_what_is_missing() {
    let v = Vault::new();
    let out = import(
        &v,
        &[
            "google",
            "google-new.csv",
            "--circle",
            "friend",
            "--tag",
            "imported",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(": 2 created,"), "{}", out.stdout);
    let hana = std::fs::read_to_string(v.path().join("contacts/Hana Suzuki.md")).unwrap();
    assert!(hana.contains("circle: friend\n"), "{hana}");
    assert!(
        hana.contains("tags: [Friends, Book-Club, imported]\n"),
        "{hana}"
    );
    // As after a kill: one note gone.
    std::fs::remove_file(v.path().join("contacts/Lars Berg.md")).unwrap();
    let out = import(&v, &["google", "google-new.csv"]);
    assert!(
        out.stdout.ends_with(
            "google-new.csv: 1 created, 0 updated, 1 skipped as duplicates, 0 unreadable\n"
        ),
        "{}",
        out.stdout
    );
    assert_eq!(
        std::fs::read_to_string(v.path().join("contacts/Hana Suzuki.md")).unwrap(),
        hana
    );
}

#[test]
fn a_file_of_another_format_is_exit_1_and_nothing_is_written() {
    let v = Vault::new();
    for (source, file, line) in [
        ("vcard", "linkedin.csv", 1),
        ("linkedin", "google-new.csv", 1),
        ("google", "outlook.csv", 1),
        ("outlook", "apple.vcf", 1),
        ("csv", "apple.vcf", 1),
    ] {
        let out = import(&v, &[source, file]);
        assert_eq!(out.code, 1, "{source} {file}: {}", out.stdout);
        assert!(
            out.stderr
                .starts_with(&format!("netkeep: error: {file}: line {line}: ")),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.contains("nothing was imported"),
            "{}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{}", out.stdout);
    }
    v.bytes("latin1.csv", b"name\nJos\xe9\n");
    let mut cmd = v.cmd(&["import", "csv"]);
    cmd.arg(v.path().join("latin1.csv"));
    let out = run(cmd);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("latin1.csv: line 2: is not UTF-8"),
        "{}",
        out.stderr
    );
    assert_eq!(walk(v.path()).len(), 1, "{}", notes(v.path()));
}

#[test]
fn a_bad_card_is_a_warning_with_its_line_and_the_rest_is_imported() {
    let v = Vault::new();
    let out = import(&v, &["vcard", "android.vcf"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr
            .contains("android.vcf:12:1: warning: this card has no name (FN or N); skipped\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.ends_with(
            "android.vcf: 2 created, 0 updated, 0 skipped as duplicates, 1 unreadable (this card has no name (FN or N): 1)\n"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn a_name_that_makes_no_file_name_is_skipped_with_its_reason() {
    let v = Vault::new();
    v.file(
        "in.csv",
        "name,email\nCON,con@x.io\n???,q@x.io\nAna/Lima,a@x.io\n",
    );
    let mut cmd = v.cmd(&["import", "csv"]);
    cmd.arg(v.path().join("in.csv"));
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("created contacts/AnaLima.md\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr
            .contains(":2:1: warning: `CON` is a name Windows reserves"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains(":3:1: warning: `???` leaves no usable file name"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.contains("1 created, 0 updated, 0 skipped as duplicates, 2 unreadable (its name makes no file name: 2)"),
        "{}",
        out.stdout
    );
}

/// Each contact's keys that a vCard carries, as YAML values, by id.
fn contact_keys(root: &Path) -> Vec<(String, Vec<(String, yaml_serde::Value)>)> {
    let mut out = Vec::new();
    for p in walk(root) {
        let text = std::fs::read_to_string(&p).unwrap();
        let yaml = text.split("---\n").nth(1).unwrap_or_default();
        let map: yaml_serde::Mapping = yaml_serde::from_str(yaml).unwrap_or_default();
        let mut keys: Vec<(String, yaml_serde::Value)> = map
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v)))
            .filter(|(k, _)| {
                [
                    "name", "aliases", "email", "phone", "company", "role", "location", "birthday",
                    "dates", "tags", "url", "linkedin",
                ]
                .contains(&k.as_str())
            })
            .collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let id = p.file_stem().unwrap().to_string_lossy().into_owned();
        out.push((id, keys));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn export_then_import_into_an_empty_vault_gives_the_same_contacts_and_keys() {
    let a = Vault::new();
    a.file(
        "people/Ana Lima.md",
        "---\naliases: [Annie, \"A; L\"]\nemail: [ana@x.io, ana@work.example]\nphone: \"+1 312 555 0142\"\ncompany: \"Acme, Inc.\"\nrole: CTO\nlocation: \"Chicago, USA\"\nbirthday: \"--03-15\"\ndates:\n  anniversary: 2010-06-01\n  work: 2020-01-05\ntags: [friend, book-club]\nlinkedin: \"https://www.linkedin.com/in/ana\"\n---\n# Ana\n\n- 2026-01-02 lunch\n",
    )
    .file(
        "people/zoe.md",
        "---\nname: Zoë d'Arc\nemail: z@x.io\nbirthday: 1990-02-28\ntags: [vip]\nurl: \"https://z.example/a,b\"\n---\n",
    )
    .file("people/Bo.md", "# Bo\n")
    .file("notes/not a contact.md", "---\nemail: no@x.io\n---\n");
    let vcf = a.path().join("out.vcf");
    let mut cmd = a.cmd(&["export", "vcard", "-o"]);
    cmd.arg(&vcf);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let cards = std::fs::read_to_string(&vcf).unwrap();
    assert_eq!(
        cards.matches("BEGIN:VCARD\r\nVERSION:4.0\r\n").count(),
        3,
        "{cards}"
    );
    std::fs::remove_file(&vcf).unwrap();
    std::fs::remove_dir_all(a.path().join("notes")).unwrap();

    let b = Vault::new();
    std::fs::write(b.path().join("in.vcf"), &cards).unwrap();
    let mut cmd = b.cmd(&["import", "vcard"]);
    cmd.arg(b.path().join("in.vcf"));
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    std::fs::remove_file(b.path().join("in.vcf")).unwrap();
    // The export names a contact by its display name: `zoe` comes back
    // as `Zoë d'Arc`, with no `name:` left to say so.
    let mut want = contact_keys(a.path());
    for (id, keys) in &mut want {
        if id == "zoe" {
            *id = "Zoë d'Arc".into();
            keys.retain(|(k, _)| k != "name");
        }
    }
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(contact_keys(b.path()), want, "{}", notes(b.path()));
    // And the export of the copy is the same cards but for their UIDs.
    let mut cmd = b.cmd(&["export", "vcard"]);
    let again = run({
        cmd.env("NETKEEP_NO_CACHE", "1");
        cmd
    });
    let without_uid = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("UID:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut x: Vec<String> = cards.split("END:VCARD").map(without_uid).collect();
    let mut y: Vec<String> = again.stdout.split("END:VCARD").map(without_uid).collect();
    x.sort();
    y.sort();
    assert_eq!(x, y);
}

#[test]
fn export_vcard_never_replaces_a_file_that_is_not_vcard() {
    let v = Vault::new();
    v.file("people/Ana.md", "# Ana\n")
        .file("keep.txt", "mine\n");
    let out = run(v.cmd(&[
        "export",
        "vcard",
        "-o",
        &v.path().join("keep.txt").to_string_lossy(),
    ]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("is not a vCard file"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(v.path().join("keep.txt")).unwrap(),
        "mine\n"
    );
    let out = run(v.cmd(&[
        "export",
        "vcard",
        "-o",
        &v.path().join("people/Ana.md").to_string_lossy(),
    ]));
    assert_eq!(out.code, 1);
}

#[test]
fn a_second_run_into_a_folder_that_is_not_a_contact_folder_writes_nothing() {
    let v = Vault::new();
    let out = import(&v, &["vcard", "monica.vcf", "--dir", "inbox"]);
    assert!(
        out.stdout.contains("created inbox/Priya Raman.md\n"),
        "{}",
        out.stdout
    );
    let before = notes(v.path());
    let out = import(&v, &["vcard", "monica.vcf", "--dir", "inbox"]);
    assert!(
        out.stdout
            .contains("skipped line 1 (Priya Raman): inbox/Priya Raman.md exists already\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains(": 0 created, 0 updated, 1 skipped as duplicates, 0 unreadable\n"),
        "{}",
        out.stdout
    );
    assert_eq!(notes(v.path()), before);
}

#[test]
fn a_vault_template_is_filled_as_new_fills_it_and_gets_the_other_keys() {
    let v = Vault::new();
    v.file("netkeep.toml", "new_template = \"Templates/Person.md\"\n").file(
        "Templates/Person.md",
        "---\ntype: person\nemail: {{email}}\nbirthday: {{birthday}}\ntags: [{{tags}}]\nmet: {{date}}\n---\n# {{name}}\n\n## Log\n",
    );
    let out = import(&v, &["google", "google-new.csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let hana = std::fs::read_to_string(v.path().join("contacts/Hana Suzuki.md")).unwrap();
    assert_eq!(
        hana,
        "---\ntype: person\nemail: [hana@example.jp, h.suzuki@sony.example]\nbirthday: \"--11-03\"\ntags: [Friends, Book-Club]\nmet: 2026-11-23\naliases: [Hana-chan]\ncompany: Sony\nrole: Designer\nphone: \"+81 90 1234 5678\"\nlocation: \"Tokyo, Japan\"\n---\n# Hana Suzuki\n\n## Log\n\n## Notes\n\nLoves jazz.\nAsk about Kyoto.\n"
    );
}
