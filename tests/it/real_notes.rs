//! Real notes from public Obsidian vaults and Jekyll's fixtures, which no one
//! here wrote, read from `../shared/corpus/real-notes/` (see its
//! SOURCES.md). Skipped when that folder is absent; never copied into the
//! repository (one test copies a vault into a temporary folder to add a
//! config, and writes nothing into the corpus).

use crate::util::{json, netkeep, run};
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-notes");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(md_files(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    found.sort();
    found
}

#[test]
fn every_note_parses_and_valid_notes_have_no_errors() {
    let Some(corpus) = corpus() else { return };
    let config = netkeep::config::Config::default();
    let today = netkeep::dates::parse_date("2026-11-23").unwrap();
    let files = md_files(&corpus);
    assert!(
        files.len() >= 40,
        "the corpus has about 50 .md notes, found {}",
        files.len()
    );
    let mut utf16 = 0;
    for path in &files {
        let rel = netkeep::vault::relative(&corpus, path);
        let bytes = std::fs::read(path).unwrap();
        match netkeep::vault::decode(&rel, bytes) {
            Ok(text) => {
                let note = netkeep::vault::load_text(&rel, &text, &config, today);
                // No note in the corpus has front matter that is not YAML.
                let errors: Vec<_> = note
                    .diagnostics
                    .iter()
                    .filter(|d| d.level == netkeep::diagnostic::Level::Error)
                    .collect();
                assert!(errors.is_empty(), "{rel}: {errors:?}");
            }
            Err(d) => {
                assert!(d.message.contains("UTF-16"), "{rel}: {d}");
                assert_eq!(d.level, netkeep::diagnostic::Level::Warning);
                utf16 += 1;
            }
        }
    }
    assert_eq!(utf16, 1, "Jekyll's Unicode16LECRLFandBOM.md");
}

#[test]
fn dataview_vault_people_are_contacts_with_birthdays_and_daily_touches() {
    let Some(corpus) = corpus() else { return };
    let vault = corpus.join("s-blu__obsidian_dataview_example_vault/10 Example Data");
    let mut cmd = netkeep();
    cmd.arg("--vault")
        .arg(&vault)
        .args(["list", "--format", "json"]);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let list = json(&out.stdout);
    let contacts = list["contacts"].as_array().unwrap();
    let ids: Vec<&str> = contacts.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "AB1908",
            "Ansh V",
            "Behati L",
            "Betty T",
            "Dhruv A",
            "Dmitry K",
            "Elias",
            "Hercule W",
            "Jonathan",
            "Markus H",
            "Osama W",
            "Sophie B"
        ]
    );
    let get = |id: &str| contacts.iter().find(|c| c["id"] == id).unwrap();
    assert_eq!(get("AB1908")["birthday"], "1999-05-05");
    assert_eq!(get("Ansh V")["birthday"], "1995-08-08");
    // `grep -l AB1908 dailys/*.md` lists 9 daily notes; each links
    // [[AB1908]] once, in a `(person:: [[AB1908]])` line.
    assert_eq!(get("AB1908")["touches"], 9);
    assert_eq!(get("AB1908")["two_way"], 9);
    assert_eq!(get("Jonathan")["last_touch"], "2022-01-31");

    let mut show = netkeep();
    show.arg("--vault").arg(&vault).args([
        "--today",
        "2022-02-05",
        "show",
        "ab1908",
        "--format",
        "json",
    ]);
    let shown = json(&run(show).stdout);
    assert_eq!(shown["last_touch"], "2022-02-04");
    assert_eq!(shown["recent_touches"][0]["path"], "dailys/2022-02-04.md");
}

#[test]
fn bryan_hogan_crm_templates_check_clean() {
    let Some(corpus) = corpus() else { return };
    let mut cmd = netkeep();
    cmd.arg("--vault")
        .arg(corpus.join("BryanHogan__Obsidian-CRM"))
        .arg("check");
    let out = run(cmd);
    // `Birthday:` and friends left empty by the template are absent values.
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.ends_with("0 errors, 0 warnings\n"),
        "{}",
        out.stdout
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn crm_vault_with_its_own_contact_type() {
    let Some(corpus) = corpus() else { return };
    let temp = tempfile::tempdir().unwrap();
    copy_dir(
        &corpus.join("IvanWasHere__obsidian-crm-always-be-closing/test-vault"),
        temp.path(),
    );
    std::fs::write(
        temp.path().join("netkeep.toml"),
        "contact_types = [\"crm-contact\"]\n",
    )
    .unwrap();
    let mut cmd = netkeep();
    cmd.arg("--vault")
        .arg(temp.path())
        .args(["list", "--format", "json"]);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // John Smith's `status: cold` is no status netkeep knows.
    assert!(
        out.stderr
            .contains("CRM/Contacts/John Smith.md:8:9: warning: status"),
        "{}",
        out.stderr
    );
    let list = json(&out.stdout);
    let get = |id: &str| {
        list["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    let jane = get("Jane Doe");
    // The interaction note (date + contacts) is a touch on 2026-09-20, as
    // is `last_contacted`; nothing on or after `next_follow_up: 2026-10-01`
    // exists, so that follow-up is still open.
    assert_eq!(jane["touches"], 1);
    assert_eq!(jane["last_touch"], "2026-09-20");
    assert_eq!(jane["follow_ups"][0]["date"], "2026-10-01");
    assert_eq!(jane["follow_ups"][0]["path"], "CRM/Contacts/Jane Doe.md");
    let maria = get("Maria Garcia");
    assert_eq!(maria["last_touch"], "2026-09-10");
    assert_eq!(maria["touches"], 1);
    let john = get("John Smith");
    assert_eq!(john["last_touch"], "2026-06-02", "last_contacted alone");
    assert_eq!(john["touches"], 0);
    assert_eq!(john["follow_ups"][0]["date"], "2026-09-15");
}

#[test]
fn check_on_the_whole_corpus_never_panics() {
    let Some(corpus) = corpus() else { return };
    let mut cmd = netkeep();
    cmd.arg("--vault")
        .arg(&corpus)
        .args(["check", "--format", "json"]);
    let out = run(cmd);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert_eq!(out.code, 0, "warnings only: {}", out.stdout);
    let report = json(&out.stdout);
    assert!(report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["message"].as_str().unwrap().contains("UTF-16")));
}
