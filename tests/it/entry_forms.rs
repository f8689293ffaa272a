//! Issue 14's ways of writing entries and keys, one fixture vault each,
//! against the answers worked out by hand in each vault's README.

use crate::util::{fixture, json, netkeep, run, Vault};
use std::path::Path;

fn report_in(vault: &Path, args: &[&str]) -> (i32, String, String) {
    let mut cmd = netkeep();
    cmd.arg("--vault").arg(vault).args(args);
    let out = run(cmd);
    (out.code, out.stdout, out.stderr)
}

fn report(name: &str, args: &[&str]) -> (i32, String, String) {
    report_in(&fixture(name), args)
}

/// Each contact of `list --format json` as one line: id, last touch, due,
/// touches each way, reply owed, follow-up dates (`-` for none).
fn contacts_in(vault: &Path) -> Vec<String> {
    let (code, out, err) = report_in(vault, &["list", "--format", "json"]);
    assert!(code == 0 || code == 1, "{err}");
    json(&out)["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let follow: Vec<String> = c["follow_ups"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["date"].as_str().unwrap_or("-").to_string())
                .collect();
            format!(
                "{} last {} due {} in{} out{} both{} reply-owed {} follow-ups [{}]",
                c["id"].as_str().unwrap(),
                c["last_touch"].as_str().unwrap_or("never"),
                c["due"].as_str().unwrap_or("-"),
                c["inbound"],
                c["outbound"],
                c["two_way"],
                c["reply_owed"],
                follow.join(" "),
            )
        })
        .collect()
}

fn contacts(name: &str) -> Vec<String> {
    contacts_in(&fixture(name))
}

/// `path:line:col` of each of `check`'s warnings.
fn warnings_at(out: &str) -> Vec<String> {
    json(out)["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "{}:{}:{}",
                w["path"].as_str().unwrap(),
                w["line"],
                w["column"]
            )
        })
        .collect()
}

#[test]
fn date_spellings_give_the_touches_worked_out_by_hand() {
    assert_eq!(
        contacts("date-spellings"),
        [
            "Alma last 2026-10-05 due 2026-11-02 in1 out1 both0 reply-owed true follow-ups []",
            "Bea last 2026-11-10 due 2026-12-10 in0 out1 both1 reply-owed false follow-ups []",
            "Cai last 2026-09-12 due 2026-10-24 in0 out0 both1 reply-owed false follow-ups []",
            "Dov last 2026-03-12 due 2027-03-12 in0 out0 both1 reply-owed false follow-ups []",
        ]
    );
    let (_, out, _) = report("date-spellings", &["list", "--format", "json"]);
    let bea = &json(&out)["contacts"][1];
    assert_eq!(bea["birthday"], "1982-11-23");
}

#[test]
fn date_spellings_check_names_what_it_skipped_and_the_date_order_fix() {
    let (_, out, _) = report("date-spellings", &["check", "--format", "json"]);
    assert_eq!(
        warnings_at(&out),
        [
            "netkeep.toml:1:1",
            "people/Cai.md:5:3",
            "people/Dov.md:5:3",
            "people/Dov.md:6:3"
        ]
    );
    let v = json(&out);
    let message = |i: usize| v["warnings"][i]["message"].as_str().unwrap().to_string();
    assert!(
        message(0).contains("date_order = \"dmy\""),
        "{}",
        message(0)
    );
    assert!(message(1).contains("`03/11/2026`") && message(1).contains("1 more line"));
    assert!(
        message(2).contains("`31 Feb 2026` is not a day"),
        "{}",
        message(2)
    );
    assert!(message(3).contains("`Mar 2026`"), "{}", message(3));
    // Other reports: the impossible date as itself, the rest in one line.
    let (_, _, err) = report("date-spellings", &["overdue"]);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with("people/Dov.md:5:3: warning:"), "{err}");
    assert_eq!(
        lines[1],
        "netkeep: 2 notes have lines that look like dated entries but are not read; `netkeep check` lists them"
    );
}

#[test]
fn date_order_reads_day_and_month_in_numbers() {
    let vault = Vault::new();
    let source = fixture("date-spellings").join("people");
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        vault.file(
            &format!("people/{name}"),
            &std::fs::read_to_string(&path).unwrap(),
        );
    }
    vault.file("netkeep.toml", "date_order = \"dmy\"\n");
    let cai = contacts_in(vault.path())
        .into_iter()
        .find(|c| c.starts_with("Cai "))
        .unwrap();
    assert_eq!(
        cai,
        "Cai last 2026-11-04 due 2026-12-16 in1 out0 both2 reply-owed true follow-ups []"
    );
    vault.file("netkeep.toml", "date_order = \"mdy\"\n");
    let cai = contacts_in(vault.path())
        .into_iter()
        .find(|c| c.starts_with("Cai "))
        .unwrap();
    assert!(cai.starts_with("Cai last 2026-09-12 "), "{cai}");
}

#[test]
fn inline_fields_are_read_as_keys() {
    assert_eq!(
        contacts("inline-fields"),
        [
            "Eva last 2026-11-10 due 2026-11-24 in0 out0 both0 reply-owed false follow-ups []",
            "Finn last 2026-10-01 due 2026-11-01 in0 out0 both0 reply-owed false follow-ups []",
            "Gus last 2026-10-01 due 2027-01-01 in0 out0 both1 reply-owed false follow-ups []",
        ]
    );
    let (_, out, _) = report("inline-fields", &["show", "Eva", "--format", "json"]);
    let eva = json(&out);
    assert_eq!(
        (&eva["company"], &eva["role"], &eva["cadence"]),
        (&"Acme".into(), &"CTO".into(), &"2w".into())
    );
    let (_, out, _) = report("inline-fields", &["check", "--format", "json"]);
    assert_eq!(
        warnings_at(&out),
        ["people/Finn.md:6:1", "people/Gus.md:5:12"]
    );
}

#[test]
fn entry_fields_set_direction_channel_and_people() {
    assert_eq!(
        contacts("entry-fields"),
        [
            "Hana last 2026-11-12 due 2026-11-26 in1 out1 both0 reply-owed true follow-ups []",
            "Ivo last 2026-11-12 due 2026-12-12 in1 out0 both0 reply-owed true follow-ups []",
            "Jon last 2026-11-01 due 2026-12-01 in0 out0 both1 reply-owed false follow-ups []",
        ]
    );
    let (_, out, _) = report("entry-fields", &["check", "--format", "json"]);
    assert_eq!(warnings_at(&out), ["people/Jon.md:5:20"]);
    let (_, out, _) = report("entry-fields", &["stats", "--format", "json"]);
    let stats = out.to_lowercase();
    assert!(
        stats.contains("\"email\"") && stats.contains("\"phone\""),
        "{out}"
    );
}

#[test]
fn follow_ups_are_due_by_word_field_or_scheduled_date_or_on_none() {
    assert_eq!(
        contacts("follow-ups"),
        [
            "Jo last 2026-11-01 due 2026-12-01 in0 out0 both1 reply-owed false follow-ups [2026-11-18 2026-11-25 2026-11-30 2026-12-01 - -]",
            "Kay last 2026-11-20 due 2026-12-20 in1 out0 both0 reply-owed true follow-ups [2026-12-01]",
        ]
    );
    let (_, out, _) = report("follow-ups", &["show", "Jo", "--format", "json"]);
    let texts: Vec<(String, String)> = json(&out)["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["date"].to_string(),
                f["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        texts[4..],
        [
            ("null".to_string(), "ask about the move".to_string()),
            ("null".to_string(), "water the plants".to_string()),
        ]
    );
    let (_, out, _) = report("follow-ups", &["agenda", "--format", "json"]);
    let agenda = json(&out);
    let due: Vec<&str> = agenda["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["date"].as_str().unwrap())
        .collect();
    assert_eq!(due, ["2026-11-18"]);
    let (_, out, _) = report("follow-ups", &["show", "Jo"]);
    assert!(out.contains("no date  ask about the move"), "{out}");
    let (_, out, _) = report("follow-ups", &["review"]);
    assert!(out.contains("### Open tasks with no date"), "{out}");
    assert!(out.contains("ask about the move, and 1 more"), "{out}");
}

#[test]
fn interaction_tables_give_an_entry_per_row() {
    assert_eq!(
        contacts("tables"),
        [
            "Kim last 2026-11-02 due 2026-11-23 in1 out2 both0 reply-owed false follow-ups []",
            "Lee last 2026-10-15 due 2026-12-15 in1 out0 both0 reply-owed true follow-ups []",
            "Mo last 2026-11-03 due 2026-12-03 in0 out0 both1 reply-owed false follow-ups []",
        ]
    );
    let (_, out, _) = report("tables", &["show", "Kim", "--format", "json"]);
    let plans = &json(&out)["plans"];
    assert_eq!(plans[0]["date"], "2026-12-04");
    assert_eq!(plans[0]["text"], "the plan");
    let (_, out, err) = report("tables", &["check", "--format", "json"]);
    assert!(warnings_at(&out).is_empty(), "{out}{err}");
}
