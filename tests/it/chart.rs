//! `stats --chart FILE.svg`: a picture of touches by month and by circle,
//! the same bytes for the same notes, never drawn over a file it would lose.

use crate::util::{netkeep, run, Vault};
use std::path::Path;

fn vault() -> Vault {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\ncircle: friend\n---\n- 2026-10-02 -> email\n- 2026-11-02 <- call\n",
    );
    v.file("people/Bo.md", "- 2026-09-03 coffee together\n");
    v.file("netkeep.toml", "[circles.friend]\ncadence = \"1m\"\n");
    v
}

#[test]
fn stats_chart_is_svg_and_the_same_bytes_every_run() {
    let v = vault();
    let out_dir = tempfile::tempdir().unwrap();
    let mut drawn = Vec::new();
    for name in ["one.svg", "two.svg"] {
        let file = out_dir.path().join(name);
        let mut cmd = v.cmd(&["stats", "--chart"]);
        cmd.arg(&file);
        let out = run(cmd);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.is_empty(), "the chart instead of the report");
        assert!(out.stderr.contains("drew the chart to"), "{}", out.stderr);
        drawn.push(std::fs::read_to_string(&file).unwrap());
    }
    assert!(drawn[0] == drawn[1], "two runs, two different pictures");
    let doc = roxmltree::Document::parse(&drawn[0]).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    // Drawn again over the chart of the last run: replaced.
    let file = out_dir.path().join("one.svg");
    let mut cmd = v.cmd(&["stats", "--since", "2026-10-01", "--chart"]);
    cmd.arg(&file);
    assert_eq!(run(cmd).code, 0);
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("2026-10-01"));
}

#[test]
fn stats_chart_into_a_folder_that_does_not_exist_names_it() {
    let v = vault();
    let missing = v.path().join("no such folder").join("chart.svg");
    let mut cmd = v.cmd(&["stats", "--chart"]);
    cmd.arg(&missing);
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "cannot draw the chart to {}: the folder {} does not exist",
            missing.display(),
            missing.parent().unwrap().display()
        )),
        "{}",
        out.stderr
    );
    assert!(!missing.parent().unwrap().exists(), "no folder made");
}

#[test]
fn stats_chart_never_replaces_a_note_or_a_file_that_is_not_svg() {
    let v = vault();
    let note = v.path().join("people/Ann.md");
    let before = std::fs::read(&note).unwrap();
    let mut cmd = v.cmd(&["stats", "--chart"]);
    cmd.arg(&note);
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("is a Markdown note of the vault"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read(&note).unwrap(), before);

    let other = v.path().join("plan.svg");
    std::fs::write(&other, "my own notes, not a picture\n").unwrap();
    let mut cmd = v.cmd(&["stats", "--chart"]);
    cmd.arg(&other);
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("is not an SVG picture"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&other).unwrap(),
        "my own notes, not a picture\n"
    );
}

#[test]
fn docs_chart_is_what_the_sample_vault_draws() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chart.svg");
    let mut cmd = netkeep();
    cmd.current_dir(root)
        .args([
            "--vault",
            "sample-vault",
            "--today",
            "2026-11-23",
            "stats",
            "--chart",
        ])
        .arg(&file);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let drawn = std::fs::read_to_string(&file).unwrap();
    let committed = std::fs::read_to_string(root.join("docs/stats-chart.svg")).unwrap_or_default();
    assert!(
        drawn == committed,
        "docs/stats-chart.svg is stale: run `netkeep --vault sample-vault --today 2026-11-23 stats --chart docs/stats-chart.svg`"
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains("](docs/stats-chart.svg)"),
        "the README shows it"
    );
}
