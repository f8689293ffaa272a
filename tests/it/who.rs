//! Who you mean: WHO on the command line, by id, alias, name, a word or a
//! prefix of one, in any case, accents and Unicode form; ambiguity and
//! unknown names exit 1 and write nothing.

use crate::util::{run, Vault};

fn people() -> Vault {
    let v = Vault::new();
    v.file(
        "people/Sara Kim.md",
        "- 2026-11-01 -> coffee at Blue Bottle\n",
    )
    .file("people/Tom Baker.md", "")
    .file("people/Mom.md", "")
    .file("people/Alan Ng.md", "---\naliases: [Al]\n---\n")
    .file("people/Albert Ruiz.md", "---\naliases: [Al]\n---\n");
    v
}

#[test]
fn show_takes_a_unique_first_name() {
    let v = people();
    let out = run(v.cmd(&["show", "sara"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Sara Kim"), "{}", out.stdout);
}

#[test]
fn an_unknown_name_suggests_word_matches_before_typos() {
    let v = people();
    let out = run(v.cmd(&["show", "tomm"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("did you mean Tom Baker"),
        "{}",
        out.stderr
    );
}

#[test]
fn log_to_a_shared_alias_lists_both_and_writes_nothing() {
    let v = people();
    let before = |rel: &str| std::fs::read_to_string(v.path().join(rel)).unwrap();
    let (alan, albert) = (before("people/Alan Ng.md"), before("people/Albert Ruiz.md"));
    let out = run(v.cmd(&["log", "al", "hi"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("Alan Ng (people/Alan Ng.md)")
            && out.stderr.contains("Albert Ruiz (people/Albert Ruiz.md)"),
        "{}",
        out.stderr
    );
    assert_eq!(before("people/Alan Ng.md"), alan);
    assert_eq!(before("people/Albert Ruiz.md"), albert);
}

/// A file system that stores names decomposed (macOS) and a command line
/// or link that is composed name one contact, and the other way round.
#[test]
fn a_decomposed_file_name_is_the_same_contact_as_its_composed_link() {
    let nfc = "Zo\u{eb} Brandt";
    let nfd = "Zoe\u{308} Brandt";
    for (file, typed) in [(nfd, nfc), (nfc, nfd)] {
        let v = Vault::new();
        v.file(&format!("people/{file}.md"), "").file(
            "journal/2026-11-20.md",
            &format!("- lunch with [[{typed}]]\n"),
        );
        let out = run(v.cmd(&["show", typed]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("lunch with"), "{}", out.stdout);
        let check = run(v.cmd(&["check"]));
        assert!(
            !check.stdout.contains("links to no note"),
            "{}",
            check.stdout
        );
        let logged = run(v.cmd(&["log", "zoe", "hi"]));
        assert_eq!(logged.code, 0, "{}", logged.stderr);
        let text = std::fs::read_to_string(v.path().join(format!("people/{file}.md"))).unwrap();
        assert!(text.contains("hi"), "{text}");
    }
}

#[test]
fn a_prefix_that_fits_many_lists_the_first_ten_and_counts_the_rest() {
    let v = Vault::new();
    for n in 0..12 {
        v.file(&format!("people/Ann {n:02}.md"), "");
    }
    let out = run(v.cmd(&["show", "an"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("Ann 09 (people/Ann 09.md) and 2 more"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("Ann 10"), "{}", out.stderr);
}
