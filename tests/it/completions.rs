//! Shell completions and the manual page: every command and option is in
//! them, WHO completes to contact names, and `man` reads the pages.

use crate::util::{fixture, netkeep, run};
use std::process::Command;

const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "powershell", "elvish"];

fn completions(shell: &str) -> String {
    let out = run({
        let mut cmd = netkeep();
        cmd.args(["completions", shell]);
        cmd
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// Every command and every long option, as the command line has them.
fn names() -> (Vec<String>, Vec<String>) {
    fn walk(cmd: &clap::Command, subs: &mut Vec<String>, longs: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            longs.extend(arg.get_long().map(|l| l.to_string()));
        }
        for sub in cmd.get_subcommands() {
            subs.push(sub.get_name().to_string());
            walk(sub, subs, longs);
        }
    }
    let (mut subs, mut longs) = (Vec::new(), Vec::new());
    walk(&netkeep::cli::command(), &mut subs, &mut longs);
    (subs, longs)
}

#[test]
fn completion_scripts_name_every_command_and_option() {
    let (subs, longs) = names();
    assert!(subs.contains(&"completions".to_string()), "{subs:?}");
    for shell in SHELLS {
        let script = completions(shell);
        for sub in &subs {
            assert!(script.contains(sub.as_str()), "{shell}: no command {sub}");
        }
        for long in &longs {
            assert!(
                script.contains(long.as_str()),
                "{shell}: no option --{long}"
            );
        }
    }
}

/// Every option that takes a value, as the scripts list them.
fn value_options() -> String {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            if !arg.is_positional() && arg.get_action().takes_values() {
                out.extend(arg.get_long().map(|l| format!("--{l}")));
                out.extend(arg.get_short().map(|s| format!("-{s}")));
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&netkeep::cli::command(), &mut out);
    out.sort();
    out.dedup();
    out.join(" ")
}

/// The part of a script that completes contact names, netkeep's own, with
/// the list of options that take a value written `@OPTIONS@` (it grows with
/// every new option; a list that is not exactly that shows in the snapshot).
fn contact_part(script: &str) -> String {
    let start = script
        .find("# Contact names for WHO")
        .expect("a part for contact names");
    let own = &script[start..];
    let end = own.find("\nautoload").unwrap_or(own.len());
    let mut part = own[..end].to_string();
    // zsh: where the function is used, too.
    for line in script.lines().filter(|l| l.starts_with("':who")) {
        part.push_str(line);
        part.push('\n');
    }
    part.replace(&value_options(), "@OPTIONS@")
}

#[test]
fn completion_scripts_complete_contacts_for_who() {
    for shell in ["bash", "zsh", "fish"] {
        let script = completions(shell);
        insta::assert_snapshot!(format!("contacts_{shell}"), contact_part(&script));
        assert!(script.contains("list --names"), "{shell}");
    }
    let zsh = completions("zsh");
    assert!(
        zsh.starts_with("#compdef netkeep\n"),
        "zsh reads the first line"
    );
    assert_eq!(
        zsh.lines()
            .filter(|l| l.starts_with("':who") && l.contains(":_netkeep_contacts'"))
            .count(),
        2,
        "show and log"
    );
}

#[test]
fn completions_do_not_carry_the_environment_of_whoever_made_them() {
    let mut cmd = netkeep();
    cmd.args(["completions", "zsh"])
        .env("NETKEEP_VAULT", "/home/someone/Secret Vault");
    let out = run(cmd);
    assert_eq!(out.code, 0);
    assert!(!out.stdout.contains("Secret Vault"));
    assert!(
        !out.stdout.contains("2026-11-23"),
        "NETKEEP_TODAY of the tests"
    );
}

fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs bash `code` after sourcing the bash completions, with this build's
/// netkeep first on PATH.
fn bash(code: &str, vault: &std::path::Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("netkeep.bash");
    std::fs::write(&script, completions("bash")).unwrap();
    in_shell(
        "bash",
        &format!("source '{}'\n{code}", script.display()),
        vault,
    )
}

#[test]
fn bash_completes_who_with_contact_names_ignoring_case() {
    if !has("bash") {
        eprintln!("no bash: skipped");
        return;
    }
    let vault = fixture("basic");
    let complete = |words: &str| {
        bash(
            &format!(
                "COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n_netkeep_who netkeep \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\""
            ),
            &vault,
        )
    };
    assert_eq!(complete("netkeep show be"), "Ben\\ Okafor\n");
    assert_eq!(complete("netkeep show b"), "Ben\\ Okafor\nBroken\n");
    assert_eq!(
        complete("netkeep --today 2026-11-23 log C"),
        "Cara\\ Diaz\n"
    );
    // `--vault DIR` on the line is the vault the names come from.
    let elsewhere = format!(
        "netkeep --vault '{}' show D",
        fixture("crm-aliases").display()
    );
    assert_eq!(complete(&elsewhere), "Dana\\ Moss\n");
    // After WHO, log's TEXT is not a contact.
    assert!(!complete("netkeep log Ben ''").contains("Okafor"));
    // Other commands' arguments are not contacts either.
    assert!(!complete("netkeep new ''").contains("Okafor"));
    // Commands still complete as clap_complete has them.
    assert!(complete("netkeep sh").contains("show"));
}

#[test]
fn list_names_is_one_contact_a_line() {
    let out = run({
        let mut cmd = netkeep();
        cmd.arg("--vault")
            .arg(fixture("basic"))
            .args(["list", "--names"]);
        cmd
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines.contains(&"Ben Okafor"), "{lines:?}");
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}

fn man(args: &[&str]) -> String {
    let out = run({
        let mut cmd = netkeep();
        cmd.arg("man").args(args);
        cmd
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn man_pages_render_with_man_without_warnings() {
    // A page for netkeep and for each of its commands (`export ics` and
    // `export vcard` are on `export`'s).
    let cmd = netkeep::cli::command();
    let subs: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
    let mut pages = vec![(String::from("netkeep"), man(&[]))];
    for sub in subs {
        pages.push((format!("netkeep-{sub}"), man(&[sub])));
    }
    for (name, roff) in &pages {
        assert!(roff.starts_with(".ie \\n(.g .ds Aq"), "{name} is roff");
        assert!(roff.contains(&format!(".TH {name} 1")), "{name}");
    }
    if !has("man") {
        eprintln!("no man: skipped reading the pages");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, roff) in &pages {
        let file = dir.path().join(format!("{name}.1"));
        std::fs::write(&file, roff).unwrap();
        let out = Command::new("man")
            .args(["--warnings", "-P", "cat", "-l"])
            .arg(&file)
            .env("MANWIDTH", "80")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {warnings}");
        assert!(warnings.trim().is_empty(), "{name}: {warnings}");
        assert!(text.contains("NAME"), "{name}: {text}");
        assert!(text.contains("--vault"), "{name}: global options");
    }
}

#[test]
fn man_of_no_such_command_is_an_error() {
    let out = run({
        let mut cmd = netkeep();
        cmd.args(["man", "nope"]);
        cmd
    });
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no command `nope`"), "{}", out.stderr);
}

/// Runs `shell -c code` in `vault` with this build's netkeep first on PATH.
fn in_shell(shell: &str, code: &str, vault: &std::path::Path) -> String {
    let bin = std::path::Path::new(assert_cmd::cargo::cargo_bin!("netkeep"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new(shell)
        .arg("-c")
        .arg(code)
        .current_dir(vault)
        .env("PATH", path)
        .env("NETKEEP_TODAY", crate::util::TODAY)
        .env("NETKEEP_NO_CACHE", "1")
        .env_remove("NETKEEP_VAULT")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn fish_completes_who_with_contact_names() {
    if !has("fish") {
        eprintln!("no fish: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("netkeep.fish");
    std::fs::write(&script, completions("fish")).unwrap();
    let complete = |line: &str| {
        in_shell(
            "fish",
            &format!("source '{}'; complete -C '{line}'", script.display()),
            &fixture("basic"),
        )
    };
    assert_eq!(complete("netkeep show be"), "Ben Okafor\n");
    assert!(complete("netkeep --today 2026-11-23 log ").contains("Cara Diaz\n"));
    assert!(
        !complete("netkeep log Ben ").contains("Cara Diaz"),
        "TEXT is not a contact"
    );
    assert!(complete("netkeep sh").starts_with("show\t"));
}

#[test]
fn zsh_script_reads_and_its_contact_function_lists_names() {
    if !has("zsh") {
        eprintln!("no zsh: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("_netkeep");
    std::fs::write(&script, completions("zsh")).unwrap();
    in_shell("zsh", &format!("zsh -n '{}'", script.display()), dir.path());
    // compadd stands in for the completion system: it prints the names.
    let names = in_shell(
        "zsh",
        &format!(
            "autoload -U compinit; compinit -u -D; source '{}'
compadd() {{ print -l -- \"${{(@P)${{@[-1]}}}}\" }}
words=(netkeep --vault '{}' show ''); CURRENT=5; _netkeep_contacts",
            script.display(),
            fixture("crm-aliases").display()
        ),
        &fixture("basic"),
    );
    assert!(names.contains("Dana Moss\n"), "{names}");
    assert!(
        !names.contains("Ben Okafor"),
        "the vault of --vault: {names}"
    );
}
