//! The `logseq-graph` fixture: journals named as the graph's
//! `logseq/config.edn` says, and page properties read as front matter.
//! Answers worked out by hand in `tests/fixtures/logseq-graph/README.md`.

use crate::util::{fixture, json, netkeep, run, Vault};

fn report(args: &[&str]) -> (i32, String, String) {
    let mut cmd = netkeep();
    cmd.arg("--vault").arg(fixture("logseq-graph")).args(args);
    let out = run(cmd);
    (out.code, out.stdout, out.stderr)
}

#[test]
fn list_gives_each_contact_the_touches_worked_out_by_hand() {
    let (code, out, err) = report(&["list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    let list = json(&out);
    let got: Vec<String> = list["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {} {} in{} out{} both{} follow-ups{} reply-owed {}",
                c["id"].as_str().unwrap(),
                c["last_touch"].as_str().unwrap_or("never"),
                c["due"].as_str().unwrap(),
                c["inbound"],
                c["outbound"],
                c["two_way"],
                c["follow_ups"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| format!(" {}", f["date"].as_str().unwrap()))
                    .collect::<String>(),
                c["reply_owed"],
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "Ada Byron 2026-11-14 2026-11-28 in0 out0 both1 follow-ups reply-owed false",
            "Alan Turing 2026-10-01 2026-10-08 in0 out1 both0 follow-ups 2026-11-21 reply-owed false",
            "Grace Hopper 2026-11-20 2026-12-20 in1 out0 both0 follow-ups reply-owed true",
        ]
    );
    assert_eq!(list["contacts"][0]["aliases"], json(r#"["Ada"]"#));
}

#[test]
fn overdue_is_alan_alone() {
    let (code, out, err) = report(&["overdue", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let contacts = json(&out)["contacts"].clone();
    assert_eq!(contacts.as_array().unwrap().len(), 1, "{contacts}");
    assert_eq!(contacts[0]["id"], "Alan Turing");
    assert_eq!(contacts[0]["days_overdue"], 46);
}

#[test]
fn check_is_clean_and_says_where_journals_come_from() {
    let (code, out, err) = report(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "daily notes: named `yyyy_MM_dd` in `journals`, from logseq/config.edn\n\
         found 3 contacts among 9 notes: 0 by folder (contacts, people), 3 by type, tags or categories\n\
         skipped 1 note in logseq/: the Logseq graph's own settings and page backups (logseq/config.edn)\n\
         0 errors, 0 warnings\n"
    );
}

#[test]
fn a_config_edn_that_is_not_edn_is_a_warning_and_the_defaults_apply() {
    let v = Vault::new();
    v.file(
        "logseq/config.edn",
        "{:journal/file-name-format \"dd-MM-yyyy\"\n :x [1 2}\n",
    )
    .file("pages/Ann.md", "type:: person\ncadence:: 1w\n")
    .file("journals/2026_11_20.md", "- lunch with [[Ann]]\n");
    let out = run(v.cmd(&["check"]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("logseq/config.edn:2:9: warning: not valid EDN"),
        "{}",
        out.stdout
    );
    let out = run(v.cmd(&["list", "--format", "json"]));
    assert_eq!(json(&out.stdout)["contacts"][0]["last_touch"], "2026-11-20");
}
