//! The README shows real output: the sample vault's agenda in it must be
//! what netkeep prints today.

use crate::util::{netkeep, run};
use std::path::Path;

#[test]
fn readme_agenda_is_what_the_sample_vault_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let mut cmd = netkeep();
    cmd.current_dir(root)
        .args(["agenda", "--vault", "sample-vault", "--today", "2026-11-23"]);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        readme.contains(&format!("```markdown\n{}```", out.stdout)),
        "README.md's sample agenda is stale; it should be:\n{}",
        out.stdout
    );
    assert!(
        readme.contains(&format!("```text\n{}```", out.stderr)),
        "stderr is:\n{}",
        out.stderr
    );
}

#[test]
fn sample_vault_shows_every_section_of_the_agenda() {
    let mut cmd = netkeep();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["agenda", "--vault", "sample-vault"]);
    let out = run(cmd);
    for section in [
        "### Reach out",
        "### Follow-ups",
        "### Replies owed",
        "### Special days",
        "### Coming up",
        "### Reconnect",
        "Load:",
    ] {
        assert!(
            out.stdout.contains(section),
            "no {section} in\n{}",
            out.stdout
        );
    }
    let mut check = netkeep();
    check
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--vault", "sample-vault"]);
    let check = run(check);
    assert_eq!(check.code, 1, "the broken note is an error");
    assert!(
        check.stdout.contains("people/Broken Note.md:"),
        "{}",
        check.stdout
    );
}
