//! The everyday friction of issue 16: what `show` tells, reports' wording,
//! dates in words, circles, urgency, no vault found.

use crate::util::{json, run, Vault};

#[test]
fn show_prints_the_text_of_recent_touches_and_follow_ups_in_every_format() {
    let v = Vault::new();
    v.file(
        "people/Sara Kim.md",
        "- 2026-11-01 -> coffee at Blue Bottle #coffee\n- [ ] 2026-11-30 send the deck\n",
    )
    .file(
        "journal/2026-11-20.md",
        "- lunch with [[Sara Kim]] at Zuni\n",
    );
    for format in ["text", "md"] {
        let out = run(v.cmd(&["show", "Sara Kim", "--format", format]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        for said in [
            "coffee at Blue Bottle",
            "lunch with [[Sara Kim]] at Zuni",
            "send the deck",
        ] {
            assert!(
                out.stdout.contains(said),
                "{format}: {said}\n{}",
                out.stdout
            );
        }
    }
    let out = run(v.cmd(&["show", "Sara Kim", "--format", "json"]));
    let report = json(&out.stdout);
    let texts: Vec<&str> = report["recent_touches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "lunch with [[Sara Kim]] at Zuni",
            "coffee at Blue Bottle #coffee"
        ]
    );
    assert_eq!(report["follow_ups"][0]["text"], "send the deck");
}
