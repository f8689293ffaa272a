//! Front-matter keys under other names (issue 13): the `crm-aliases`
//! fixture vault against the answers worked out in its README, and every
//! write keeping the spellings a note already uses.

use crate::util::{fixture, json, netkeep, run, Vault};
use chrono::NaiveDate;
use netkeep::note::front_matter::{self, Key, KeySpellings};
use netkeep::write::edit;
use netkeep::write::new_note::{from_template, NewContact};
use proptest::prelude::*;
use std::fs;

fn report(args: &[&str]) -> (String, String, i32) {
    let mut cmd = netkeep();
    cmd.arg("--vault").arg(fixture("crm-aliases")).args(args);
    let out = run(cmd);
    (out.stdout, out.stderr, out.code)
}

fn snapshot_of(args: &[&str]) -> String {
    let (stdout, stderr, _) = report(args);
    format!("{stdout}\n--- stderr ---\n{stderr}")
}

#[test]
fn crm_aliases_snapshots() {
    insta::with_settings!({prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("crm_aliases__list", snapshot_of(&["list"]));
        insta::assert_snapshot!("crm_aliases__overdue", snapshot_of(&["overdue"]));
        insta::assert_snapshot!("crm_aliases__check", snapshot_of(&["check"]));
    });
}

/// The README's table, field by field.
#[test]
fn crm_aliases_list_reads_every_spelling() {
    let (stdout, stderr, code) = report(&["list", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v = json(&stdout);
    let rows: Vec<_> = v["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or("-").to_string();
            [
                s("id"),
                s("circle"),
                s("cadence"),
                s("last_touch"),
                s("due"),
                s("birthday"),
                s("company"),
                s("role"),
                s("location"),
                s("email"),
                s("phone"),
            ]
        })
        .collect();
    let want = [
        [
            "Alma Reyes",
            "-",
            "30d",
            "2026-10-01",
            "2026-10-31",
            "1990-12-01",
            "ETA Group",
            "Designer",
            "-",
            "alma@example.org",
            "5550101",
        ],
        [
            "Bruno Costa",
            "friend",
            "4w",
            "2026-11-01",
            "2026-11-29",
            "-",
            "Costa Ltd",
            "Founder",
            "Porto",
            "-",
            "-",
        ],
        [
            "Chen Wu",
            "work",
            "2w",
            "2026-11-02",
            "2026-11-16",
            "1985-02-14",
            "-",
            "-",
            "-",
            "chen@example.com",
            "-",
        ],
        [
            "Dana Moss",
            "family",
            "quarterly",
            "2026-05-10",
            "2026-08-10",
            "--12-03",
            "-",
            "-",
            "Berlin",
            "-",
            "+1 555 0104",
        ],
        [
            "Eli Park",
            "client",
            "6w",
            "-",
            "2026-10-13",
            "-",
            "Parkworks",
            "CTO",
            "-",
            "-",
            "-",
        ],
    ];
    assert_eq!(rows.len(), want.len(), "{stdout}");
    for (row, want) in rows.iter().zip(want) {
        assert_eq!(row, &want.map(str::to_string));
    }
    let follow_ups: Vec<_> = v["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["follow_ups"].as_array().unwrap().len())
        .collect();
    assert_eq!(
        follow_ups,
        [0, 1, 0, 0, 1],
        "Bruno's nextContact, Eli's Follow-Up"
    );
}

#[test]
fn crm_aliases_overdue_in_urgency_order() {
    let (stdout, stderr, code) = report(&["overdue", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v = json(&stdout);
    let got: Vec<(String, i64)> = v["contacts"]
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
    let want = [
        ("Dana Moss", 105),
        ("Eli Park", 41),
        ("Alma Reyes", 23),
        ("Chen Wu", 7),
    ];
    assert_eq!(got, want.map(|(id, d)| (id.to_string(), d)));
}

#[test]
fn crm_aliases_check_warns_once_per_second_spelling() {
    let (stdout, stderr, code) = report(&["check", "--format", "json"]);
    assert_eq!(code, 0, "warnings only: {stdout}{stderr}");
    let v = json(&stdout);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0, "{stdout}");
    let warnings: Vec<(String, u64, u64)> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        // The fixture's circles other than `friend` are not in its
        // netkeep.toml: warnings of their own, not about spellings.
        .filter(|w| {
            !w["message"]
                .as_str()
                .unwrap()
                .contains("is not one of the circles")
        })
        .map(|w| {
            (
                w["path"].as_str().unwrap().to_string(),
                w["line"].as_u64().unwrap(),
                w["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [
            ("People/Chen Wu.md".to_string(), 5, 15),
            ("People/Dana Moss.md".to_string(), 5, 12)
        ]
    );
    let first = v["warnings"][1]["message"].as_str().unwrap();
    assert!(
        first.contains("`Spoke Last`") && first.contains("line 4, wins"),
        "{first}"
    );
}

#[test]
fn a_bad_keys_table_is_a_config_error_at_its_line_and_the_vault_still_counts() {
    let v = Vault::new();
    v.file(
        "netkeep.toml",
        "[keys]\ncadence = [\"rhythm\"]\ncadense = [\"beat\"]\ncircle = [\"status\"]\n",
    )
    .file(
        "people/Ann.md",
        "---\nrhythm: 1w\nlast_contact: 2026-11-01\n---\n",
    );
    let out = run(v.cmd(&["check"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(
        all.contains("netkeep.toml:3:1: error: keys.cadense: `cadense` is not one of netkeep's keys; did you mean `cadence`?"),
        "{all}"
    );
    assert!(
        all.contains(
            "netkeep.toml:4:10: error: keys.circle: `status` is netkeep's own `status` key"
        ),
        "{all}"
    );
    // The good entry counts: `rhythm` is read as Ann's cadence, no
    // warning about it.
    assert!(!all.contains("Ann.md"), "{all}");
}

#[test]
fn a_changed_keys_table_rereads_cached_notes() {
    let v = Vault::new();
    v.file(
        "people/Ann.md",
        "---\nrhythm: 1w\nlast_contact: 2026-11-01\n---\n",
    );
    let cadence = |v: &Vault| {
        let out = run(v.cmd(&["list", "--format", "json"]));
        json(&out.stdout)["contacts"][0]["cadence"].clone()
    };
    assert_eq!(cadence(&v), serde_json::Value::Null);
    v.file("netkeep.toml", "[keys]\ncadence = \"rhythm\"\n");
    assert_eq!(cadence(&v), "1w");
    v.file("netkeep.toml", "[keys]\ncadence = \"beat\"\n");
    assert_eq!(cadence(&v), serde_json::Value::Null);
}

// --- writes keep the note's spellings --------------------------------------------
//
// netkeep writes front-matter keys in one place only: `new`, which makes a
// note from the built-in template (netkeep's own names) or from the
// vault's template (its keys as the template spells them). `log` and
// `agenda --write` add and tick body lines and never touch front matter,
// so a note's `lastContact` is never joined by a second `last_contact`.

#[test]
fn log_and_a_ticked_agenda_leave_aliased_front_matter_as_it_was() {
    let v = Vault::new();
    let front = "---\nLast Contacted: 2026-10-01\ncontactFrequency: 7\nRelationship: friend\n---\n";
    v.file("People/Ann.md", &format!("{front}# Ann\n"));
    assert_eq!(run(v.cmd(&["log", "Ann", "coffee"])).code, 0);
    let file = v.path().join("Today.md");
    assert_eq!(
        run(v.cmd(&["agenda", "--write", file.to_str().unwrap()])).code,
        0
    );
    let agenda = fs::read_to_string(&file).unwrap();
    fs::write(&file, agenda.replacen("- [ ] [[Ann]]", "- [x] [[Ann]]", 1)).unwrap();
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
    let after = fs::read_to_string(v.path().join("People/Ann.md")).unwrap();
    assert!(after.starts_with(&format!("{front}# Ann\n")), "{after}");
    assert!(
        !after.contains("last_contact") && !after.contains("cadence"),
        "{after}"
    );
}

#[test]
fn new_from_a_template_keeps_its_spellings() {
    let v = Vault::new();
    v.file(
        "netkeep.toml",
        "new_template = \"Templates/Person.md\"\n[keys]\ncircle = [\"tribe\"]\n",
    )
    .file(
        "Templates/Person.md",
        "---\nTribe: {{circle}}\nContact Frequency: {{cadence}}\nOrganization: {{company}}\nE-mail: {{email}}\n---\n# {{name}}\n",
    );
    let out = run(v.cmd(&[
        "new",
        "Bo Li",
        "--circle",
        "work",
        "--cadence",
        "2w",
        "--company",
        "Acme",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = fs::read_to_string(v.path().join("contacts/Bo Li.md")).unwrap();
    assert_eq!(
        text,
        "---\nTribe: work\nContact Frequency: 2w\nOrganization: Acme\nE-mail: \n---\n# Bo Li\n"
    );
    let list = json(&run(v.cmd(&["list", "--format", "json"])).stdout);
    let bo = &list["contacts"][0];
    assert_eq!(
        (
            bo["circle"].as_str(),
            bo["cadence"].as_str(),
            bo["company"].as_str()
        ),
        (Some("work"), Some("2w"), Some("Acme"))
    );
}

/// A key netkeep reads, spelled one of the ways notes spell it.
fn spelled_key() -> impl Strategy<Value = (String, &'static str)> {
    let keys: &[(&str, &str)] = &[
        ("last_contacted", "2026-10-01"),
        ("contact_frequency", "30"),
        ("keep_in_touch", "2w"),
        ("relationship", "friend"),
        ("next_contact", "2026-12-01"),
        ("first_met", "2020-01-01"),
        ("organization", "Acme"),
        ("job_title", "CTO"),
        ("dob", "1990-01-02"),
        ("phone_number", "\"555\""),
        ("based_in", "Oslo"),
        ("last_contact", "2026-09-01"),
    ];
    (0..keys.len(), 0..4usize).prop_map(move |(i, style)| {
        let (snake, value) = keys[i];
        let words: Vec<&str> = snake.split('_').collect();
        let cap = |w: &str| format!("{}{}", w[..1].to_uppercase(), &w[1..]);
        let spelled = match style {
            0 => snake.to_string(),
            1 => words.iter().map(|w| cap(w)).collect::<Vec<_>>().join(" "),
            2 => words.join("-"),
            _ => words
                .iter()
                .enumerate()
                .map(|(i, w)| if i == 0 { w.to_string() } else { cap(w) })
                .collect(),
        };
        (spelled, value)
    })
}

fn d(days: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(days)
}

fn front(text: &str) -> Option<front_matter::FrontMatter> {
    let split = front_matter::split(text);
    front_matter::parse_with(
        split.yaml?,
        split.yaml_first_line,
        "x.md",
        &KeySpellings::default(),
        &mut Vec::new(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every edit netkeep makes to an existing note keeps its front matter
    /// byte for byte: the keys as spelled, and what they say.
    #[test]
    fn edits_keep_every_spelling(
        keys in prop::collection::vec(spelled_key(), 1..6),
        crlf in any::<bool>(),
        day in 0u64..300,
    ) {
        let mut yaml = String::new();
        for (k, v) in &keys {
            yaml.push_str(&format!("{k}: {v}\n"));
        }
        let mut text = format!("---\n{yaml}---\n# Ann\n\n## Log\n- [ ] 2026-02-01 send the deck\n");
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let head_len = text.find("# Ann").unwrap();
        let head = &text[..head_len];
        let before = front(&text);
        let edited = [
            edit::add_log_entry(&text, d(day), "-> coffee"),
            edit::complete_task(&text, 4 + keys.len() as u32 + 2, "send the deck", d(day)).unwrap(),
            edit::replace_region(&text, "<!-- netkeep:begin -->\n- [ ] x\n<!-- netkeep:end -->\n").unwrap(),
        ];
        for after in &edited {
            prop_assert!(after.starts_with(head), "{}", after);
            prop_assert_eq!(front(after), before.clone());
        }
        // The spellings all read as netkeep's keys, so the check above
        // covers aliases, not keys netkeep ignores.
        for (k, _) in &keys {
            prop_assert!(Key::parse(k).is_some(), "{}", k);
        }
    }

    /// `new` fills a vault template's placeholders under the template's
    /// own spellings and adds no key of its own.
    #[test]
    fn new_fills_templates_under_their_spellings(keys in prop::collection::vec(0..4usize, 1..4)) {
        let names = [("Contact Frequency", "{{cadence}}"), ("relationshipType", "{{circle}}"), ("Organisation", "{{company}}"), ("City", "{{location}}")];
        let mut template = String::from("---\n");
        let mut used = Vec::new();
        for i in keys {
            if !used.contains(&i) {
                used.push(i);
                template.push_str(&format!("{}: {}\n", names[i].0, names[i].1));
            }
        }
        template.push_str("---\n# {{name}}\n");
        let contact = NewContact {
            name: "Bo".into(),
            cadence: Some("3m".into()),
            circle: Some("work".into()),
            company: Some("Acme".into()),
            location: Some("Oslo".into()),
            ..NewContact::default()
        };
        let text = from_template(&template, &contact, d(0));
        let keys_of = |t: &str| -> Vec<String> {
            t.lines().skip(1).take_while(|l| *l != "---").map(|l| l.split(':').next().unwrap().to_string()).collect()
        };
        prop_assert_eq!(keys_of(&text), keys_of(&template));
        let fm = front(&text).unwrap();
        for i in used {
            match i {
                0 => prop_assert_eq!(fm.cadence.as_ref().map(|c| c.written.as_str()), Some("3m")),
                1 => prop_assert_eq!(fm.circle.as_deref(), Some("work")),
                2 => prop_assert_eq!(fm.company.as_deref(), Some("Acme")),
                _ => prop_assert_eq!(fm.location.as_deref(), Some("Oslo")),
            }
        }
    }
}
