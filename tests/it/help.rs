//! The help texts: global options under their own heading, every option
//! described, examples at the end of each command's long help, values
//! from the environment shown as defaults.

use crate::util::{netkeep, run};

fn help(args: &[&str]) -> String {
    let mut cmd = netkeep();
    // clap wraps help to the terminal; a test has none.
    cmd.args(args)
        .env("COLUMNS", "100")
        .env_remove("NETKEEP_CACHE_DIR");
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// Every command, as its path of names: `["export", "ics"]`.
fn commands(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    for sub in cmd.get_subcommands() {
        let mut p = path.clone();
        p.push(sub.get_name().to_string());
        out.push(p.clone());
        commands(sub, p, out);
    }
}

#[test]
fn help_texts_of_every_command() {
    insta::assert_snapshot!("help_short", help(&["-h"]));
    insta::assert_snapshot!("help_long", help(&["--help"]));
    let mut all = Vec::new();
    commands(&netkeep::cli::command(), Vec::new(), &mut all);
    for path in all {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        insta::assert_snapshot!(format!("help_{}", path.join("_")), help(&args));
    }
}

#[test]
fn every_option_has_a_description() {
    fn check(cmd: &clap::Command, path: &str) {
        for arg in cmd.get_arguments() {
            assert!(
                arg.get_help().is_some() || arg.is_hide_set(),
                "`{path}` --{} has no description",
                arg.get_id()
            );
        }
        for sub in cmd.get_subcommands() {
            check(sub, &format!("{path} {}", sub.get_name()));
        }
    }
    check(&netkeep::cli::command(), "netkeep");
}

#[test]
fn each_command_s_long_help_ends_with_examples() {
    let cmd = netkeep::cli::command();
    let names = std::iter::once("").chain(cmd.get_subcommands().map(|s| s.get_name()));
    for name in names {
        let long = if name.is_empty() {
            help(&["--help"])
        } else {
            help(&[name, "--help"])
        };
        let (_, examples) = long
            .rsplit_once("\nExamples:\n")
            .unwrap_or_else(|| panic!("no examples in `{name} --help`:\n{long}"));
        let lines: Vec<&str> = examples.lines().collect();
        assert!((2..=3).contains(&lines.len()), "`{name}`: {lines:?}");
        for line in lines {
            assert!(line.starts_with("  netkeep "), "`{name}` example: {line}");
        }
    }
}

#[test]
fn global_options_have_their_own_heading() {
    let text = help(&["show", "--help"]);
    let (own, global) = text.split_once("\nGlobal options:\n").expect(&text);
    assert!(own.contains("--format"), "{text}");
    for global_option in [
        "--vault",
        "--today",
        "--no-cache",
        "--color",
        "--quiet",
        "--verbose",
    ] {
        assert!(
            !own.contains(global_option),
            "{global_option} is with show's own:\n{text}"
        );
        assert!(global.contains(global_option), "{text}");
    }
}

#[test]
fn values_from_the_environment_are_defaults_not_in_the_usage_line() {
    let mut cmd = netkeep();
    cmd.args(["show"]).env("NETKEEP_VAULT", "/nowhere");
    let out = run(cmd);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let usage = out
        .stderr
        .lines()
        .find(|l| l.starts_with("Usage:"))
        .expect(&out.stderr);
    assert_eq!(usage, "Usage: netkeep show <WHO>");

    let mut cmd = netkeep();
    cmd.args(["show", "--help"])
        .env("NETKEEP_VAULT", "/my/vault");
    let text = run(cmd).stdout;
    assert!(text.contains("[default: /my/vault]"), "{text}");
    assert!(text.contains("[default: 2026-11-23]"), "{text}");
    assert!(!text.contains("[env:"), "{text}");
}

#[test]
fn a_value_from_the_environment_still_counts_and_the_flag_wins() {
    let v = crate::util::Vault::new();
    v.file("people/Ann.md", "- 2026-11-01 -> hi\n");
    // A date from the environment that is not one is a usage error.
    let mut cmd = netkeep();
    cmd.args(["--vault"])
        .arg(v.path())
        .arg("list")
        .env("NETKEEP_TODAY", "soon");
    let out = run(cmd);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("NETKEEP_TODAY=soon: "),
        "{}",
        out.stderr
    );
    let mut cmd = netkeep();
    cmd.args(["--today", "2026-01-01", "--vault"])
        .arg(v.path())
        .args(["list", "--format", "json"]);
    let out = run(cmd);
    assert!(
        out.stdout.contains("\"today\": \"2026-01-01\""),
        "{}",
        out.stdout
    );
}
