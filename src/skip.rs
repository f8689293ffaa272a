//! What in the vault is not a note: templates folders (Obsidian's
//! Templates and Templater plugins, else a top-level `templates` folder),
//! a Logseq graph's own `logseq/` folder and the config's `exclude` globs. The walk never reads what these skip;
//! `check` tells how many notes each rule left out.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use std::path::Path;

/// Obsidian's core Templates plugin: `{"folder": "..."}`.
pub const OBSIDIAN_TEMPLATES: &str = ".obsidian/templates.json";
/// The Templater plugin: `{"templates_folder": "...", ...}`.
pub const TEMPLATER: &str = ".obsidian/plugins/templater-obsidian/data.json";
/// The settings files that name templates folders: a change to one
/// changes which files are notes.
pub const SETTINGS_FILES: [&str; 2] = [OBSIDIAN_TEMPLATES, TEMPLATER];

/// The folder skipped when no plugin setting names one, matched in any case.
const DEFAULT_TEMPLATES: &str = "templates";

/// Why a rule skips what it skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Named in `.obsidian/templates.json`.
    ObsidianTemplates,
    /// Named in Templater's settings.
    Templater,
    /// A top-level `templates` folder, with no plugin settings naming one.
    DefaultTemplates,
    /// A Logseq graph's own `logseq/` folder: its settings, and old copies
    /// of pages in `bak/` that would count twice.
    LogseqGraph,
    /// An `exclude` pattern in `netkeep.toml`.
    Exclude,
}

/// One rule: a folder or a pattern, and why it is skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The folder (from the vault root) or the pattern, as written.
    pub what: String,
    pub why: Why,
}

impl Rule {
    /// For `check`: why the rule skips, and how to make its notes count.
    pub fn reason(&self) -> String {
        match self.why {
            Why::ObsidianTemplates => format!(
                "the templates folder of Obsidian's Templates plugin ({OBSIDIAN_TEMPLATES})"
            ),
            Why::Templater => format!("Templater's templates folder ({TEMPLATER})"),
            Why::DefaultTemplates => {
                "a templates folder (add `exclude = []` to netkeep.toml to read it)".to_string()
            }
            Why::LogseqGraph => {
                "the Logseq graph's own settings and page backups (logseq/config.edn)".to_string()
            }
            Why::Exclude => "`exclude` in netkeep.toml".to_string(),
        }
    }
}

/// The rules of one vault, in the order they are tried.
#[derive(Debug, Clone, Default)]
pub struct Skips {
    rules: Vec<Rule>,
    /// Each templates folder, lowercase, and its rule's index.
    folders: Vec<(String, usize)>,
    /// The rule index of the first `exclude` pattern; the patterns follow.
    exclude_from: usize,
    exclude: crate::patterns::PathPatterns,
}

impl Skips {
    /// The rules of the vault at `root`: the templates folders its
    /// Obsidian settings name, else a top-level `templates` folder, and
    /// the config's `exclude`. A settings file that is not JSON is a
    /// warning, and it names no folder.
    pub fn read(root: &Path, config: &Config, diags: &mut Vec<Diagnostic>) -> Skips {
        let mut skips = Skips::default();
        for (rel, key, why) in [
            (OBSIDIAN_TEMPLATES, "folder", Why::ObsidianTemplates),
            (TEMPLATER, "templates_folder", Why::Templater),
        ] {
            if let Some(folder) = setting(root, rel, key, diags) {
                skips.add_folder(&folder, why);
            }
        }
        // `exclude = []` says "read my templates folder too".
        if skips.folders.is_empty() && config.exclude.is_none() {
            if let Some(name) = top_level_folder(root, DEFAULT_TEMPLATES) {
                skips.add_folder(&name, Why::DefaultTemplates);
            }
        }
        if crate::daily_notes::is_logseq_own_folder(&root.join("logseq")) {
            skips.add_folder("logseq", Why::LogseqGraph);
        }
        skips.exclude_from = skips.rules.len();
        skips.exclude = config.exclude.clone().unwrap_or_default();
        skips
            .rules
            .extend(skips.exclude.written().iter().map(|p| Rule {
                what: p.clone(),
                why: Why::Exclude,
            }));
        skips
    }

    fn add_folder(&mut self, folder: &str, why: Why) {
        let clean = folder.replace('\\', "/");
        let clean = clean.trim().trim_matches('/');
        // An empty folder setting would be the whole vault: Obsidian
        // means "none" by it.
        if clean.is_empty() || clean == "." {
            return;
        }
        let lower = clean.to_lowercase();
        if self.folders.iter().any(|(f, _)| *f == lower) {
            return;
        }
        self.folders.push((lower, self.rules.len()));
        self.rules.push(Rule {
            what: clean.to_string(),
            why,
        });
    }

    /// Every rule, in the order tried.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule that skips the note at `rel` (`/`-separated, from the
    /// root), if one does.
    pub fn find(&self, rel: &str) -> Option<usize> {
        let under = |dir: &str| {
            rel.len() > dir.len()
                && rel.as_bytes()[dir.len()] == b'/'
                && rel.is_char_boundary(dir.len())
                && crate::config::same_name(&rel[..dir.len()], dir)
        };
        self.folders
            .iter()
            .find(|(dir, _)| under(dir))
            .map(|&(_, rule)| rule)
            .or_else(|| self.exclude.find(rel).map(|i| self.exclude_from + i))
    }
}

/// A string setting from a JSON settings file; `None` when the file or
/// the key is absent, or the file is not JSON (then with a warning).
fn setting(root: &Path, rel: &str, key: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let unused = format!("its `{key}` setting is ignored");
    let (_, json) = crate::settings_file::read(root, rel, &unused, diags)?;
    json.get(key)?.as_str().map(str::to_string)
}

/// The name of the folder at the vault's top that is `name` in any case.
fn top_level_folder(root: &Path, name: &str) -> Option<String> {
    std::fs::read_dir(root).ok()?.flatten().find_map(|entry| {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        (crate::config::same_name(&file_name, name) && entry.path().is_dir()).then_some(file_name)
    })
}

/// How many notes one rule skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub rule: Rule,
    pub notes: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_vault as vault;

    fn read(dir: &tempfile::TempDir, toml: &str) -> (Skips, Vec<Diagnostic>) {
        let (config, config_diags) = Config::parse(toml);
        assert!(config_diags.is_empty(), "{config_diags:?}");
        let mut diags = Vec::new();
        (Skips::read(dir.path(), &config, &mut diags), diags)
    }

    #[test]
    fn plugin_settings_name_the_templates_folders() {
        let dir = vault(&[
            (OBSIDIAN_TEMPLATES, r#"{"folder": "Meta/Templates/"}"#),
            (
                TEMPLATER,
                r#"{"command_timeout": 5, "templates_folder": "Templater"}"#,
            ),
            ("Templates/Person.md", ""),
        ]);
        let (skips, diags) = read(&dir, "");
        assert!(diags.is_empty(), "{diags:?}");
        let rules: Vec<_> = skips
            .rules()
            .iter()
            .map(|r| (r.what.as_str(), r.why))
            .collect();
        assert_eq!(
            rules,
            [
                ("Meta/Templates", Why::ObsidianTemplates),
                ("Templater", Why::Templater)
            ]
        );
        assert_eq!(skips.find("meta/templates/Person.md"), Some(0));
        assert_eq!(skips.find("Templater/sub/Meeting.md"), Some(1));
        assert_eq!(
            skips.find("Templates/Person.md"),
            None,
            "settings name others"
        );
        assert_eq!(skips.find("Templater.md"), None);
        assert_eq!(skips.find("TemplaterX/a.md"), None);
    }

    #[test]
    fn without_settings_a_top_level_templates_folder_is_skipped() {
        let dir = vault(&[("Templates/Person.md", ""), ("x/templates/Keep.md", "")]);
        let (skips, _) = read(&dir, "");
        assert_eq!(skips.find("Templates/Person.md"), Some(0));
        assert_eq!(skips.rules()[0].why, Why::DefaultTemplates);
        assert_eq!(skips.find("x/templates/Keep.md"), None);
        // `exclude = []` turns the default off.
        let (skips, _) = read(&dir, "exclude = []\n");
        assert!(skips.rules().is_empty());
        // An empty folder setting is no folder, and no setting either.
        let dir = vault(&[
            (OBSIDIAN_TEMPLATES, r#"{"folder": ""}"#),
            ("templates/a.md", ""),
        ]);
        let (skips, _) = read(&dir, "");
        assert_eq!(skips.find("templates/a.md"), Some(0));
        assert!(vault(&[]).path().is_dir());
        let (skips, _) = read(&vault(&[("notes/a.md", "")]), "");
        assert!(skips.rules().is_empty());
    }

    #[test]
    fn a_settings_file_that_is_not_json_is_a_warning_and_the_defaults_apply() {
        let dir = vault(&[
            (TEMPLATER, "{\n  \"templates_folder\": \"T\",\n  oops\n}"),
            ("templates/a.md", ""),
        ]);
        let (skips, diags) = read(&dir, "");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].path, TEMPLATER);
        assert_eq!(diags[0].line, 3);
        assert!(
            diags[0].message.contains("not valid JSON"),
            "{}",
            diags[0].message
        );
        assert_eq!(skips.find("templates/a.md"), Some(0));
        assert_eq!(skips.find("T/a.md"), None);
    }

    #[test]
    fn exclude_patterns_come_after_the_folders() {
        let dir = vault(&[(OBSIDIAN_TEMPLATES, r#"{"folder": "T"}"#)]);
        let (skips, _) = read(&dir, "exclude = [\"Archive\", \"**/*.excalidraw\"]\n");
        assert_eq!(skips.find("T/a.md"), Some(0));
        assert_eq!(skips.find("archive/2020/a.md"), Some(1));
        assert_eq!(skips.find("x/Drawing.excalidraw.md"), Some(2));
        assert_eq!(skips.find("x/Note.md"), None);
        assert_eq!(skips.rules()[2].why, Why::Exclude);
    }
}
