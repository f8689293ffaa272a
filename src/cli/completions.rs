//! `netkeep completions SHELL`: clap_complete's script for the shell, and
//! for bash, zsh and fish the contact names for WHO, which the script asks
//! of `netkeep list --names` as you type.

use super::{print, Cli, CliError};
use clap::CommandFactory;
use clap_complete::Shell;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub(super) fn run(args: &Args) -> Result<ExitCode, CliError> {
    print(&script(args.shell))?;
    Ok(ExitCode::SUCCESS)
}

/// The script for `shell`. Made from the command line as built, never with
/// the `NETKEEP_*` defaults of whoever runs it ([`super::command`]).
pub(crate) fn script(shell: Shell) -> String {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "netkeep", &mut out);
    // clap_complete writes UTF-8 made from the command line's own strings.
    let script = String::from_utf8_lossy(&out).into_owned();
    let who = who_commands(&cmd).join(" ");
    let options = value_options(&cmd).join(" ");
    match shell {
        Shell::Bash => format!(
            "{script}\n{}",
            BASH.replace("@WHO@", &who).replace("@OPTIONS@", &options)
        ),
        Shell::Zsh => zsh(&script),
        Shell::Fish => format!(
            "{script}\n{}",
            FISH.replace("@WHO@", &who).replace("@OPTIONS@", &options)
        ),
        // PowerShell and elvish complete commands and options only.
        _ => script,
    }
}

/// The commands whose first argument is a contact (WHO).
fn who_commands(cmd: &clap::Command) -> Vec<&str> {
    cmd.get_subcommands()
        .filter(|sub| {
            sub.get_positionals()
                .next()
                .is_some_and(|arg| arg.get_id() == "who")
        })
        .map(|sub| sub.get_name())
        .collect()
}

/// Every option that takes a value, so that the scripts can tell a value
/// (`--vault ~/Notes`) from an argument.
fn value_options(cmd: &clap::Command) -> Vec<String> {
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
    walk(cmd, &mut out);
    out.sort();
    out.dedup();
    out
}

/// clap_complete's zsh script, with WHO completed by contact names.
fn zsh(script: &str) -> String {
    let mut out = String::with_capacity(script.len() + ZSH.len());
    for (i, line) in script.split_inclusive('\n').enumerate() {
        // `':who -- The contact...:_default' \`
        if line.starts_with("':who") && line.trim_end().ends_with(":_default' \\") {
            out.push_str(&line.replacen(":_default' \\", ":_netkeep_contacts' \\", 1));
        } else {
            out.push_str(line);
        }
        // After `#compdef netkeep`, which must stay the first line.
        if i == 0 {
            out.push_str(ZSH);
        }
    }
    out
}

const BASH: &str = r#"# Contact names for WHO (@WHO@), from `netkeep list --names`.
_netkeep_who() {
    local cur="${COMP_WORDS[COMP_CWORD]}" word cmd="" vault="" args=0 i
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        case " @OPTIONS@ " in
            *" $word "*)
                [[ $word == --vault ]] && vault="${COMP_WORDS[i + 1]}"
                ((i++))
                continue
                ;;
        esac
        case "$word" in
            --vault=*) vault="${word#--vault=}" ;;
            -*) ;;
            *) if [[ -z $cmd ]]; then cmd="$word"; else ((args++)); fi ;;
        esac
    done
    if [[ " @WHO@ " == *" $cmd "* && -n $cmd && $args -eq 0 && $cur != -* ]]; then
        local name lower="${cur,,}"
        COMPREPLY=()
        while IFS= read -r name; do
            [[ ${name,,} == "$lower"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
        done < <(netkeep ${vault:+--vault "$vault"} list --names 2>/dev/null)
        return 0
    fi
    _netkeep "$@"
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _netkeep_who -o nosort -o bashdefault -o default netkeep
else
    complete -F _netkeep_who -o bashdefault -o default netkeep
fi
"#;

const ZSH: &str = r#"
# Contact names for WHO, from `netkeep list --names`.
(( $+functions[_netkeep_contacts] )) ||
_netkeep_contacts() {
    local -a names vault
    local i
    for ((i = 1; i < CURRENT; i++)); do
        [[ ${words[i]} == --vault ]] && vault=(--vault "${words[i+1]}")
        [[ ${words[i]} == --vault=* ]] && vault=("${words[i]}")
    done
    names=("${(@f)$(netkeep "${vault[@]}" list --names 2>/dev/null)}")
    # Ignoring case, as `show` does.
    compadd -M 'm:{[:lower:][:upper:]}={[:upper:][:lower:]}' -a names
}
"#;

const FISH: &str = r#"# Contact names for WHO (@WHO@), from `netkeep list --names`.
function __fish_netkeep_wants_who
    set -l words (commandline -opc)
    set -l cmd
    set -l args 0
    set -l skip 0
    for word in $words[2..-1]
        if test $skip = 1
            set skip 0
        else if contains -- $word @OPTIONS@
            set skip 1
        else if string match -q -- '-*' $word
        else if test -z "$cmd"
            set cmd $word
        else
            set args (math $args + 1)
        end
    end
    test $args = 0; and contains -- "$cmd" @WHO@
end
function __fish_netkeep_contacts
    set -l words (commandline -opc)
    set -l vault
    for i in (seq (count $words))
        if test "$words[$i]" = --vault; and test $i -lt (count $words)
            set vault --vault $words[(math $i + 1)]
        end
    end
    netkeep $vault list --names 2>/dev/null
end
complete -c netkeep -n __fish_netkeep_wants_who -f -a "(__fish_netkeep_contacts)"
"#;
