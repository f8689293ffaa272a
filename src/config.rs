//! `netkeep.toml`: the vault's settings, every one with a default.
//!
//! Unknown keys and bad values are errors that name the key and its line,
//! because a typo in a cadence would otherwise silently change every report.

use crate::dates::Cadence;
use crate::diagnostic::{line_col, Diagnostic};
use indexmap::IndexMap;
use serde::Deserialize;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

pub const FILE_NAME: &str = "netkeep.toml";

/// One circle: a group of contacts with a shared rhythm.
#[derive(Debug, Clone, PartialEq)]
pub struct Circle {
    /// As written in the config (the table's key).
    pub name: String,
    pub cadence: Option<Cadence>,
    /// How many contacts the circle is meant to hold (for `review`).
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Folders, relative to the vault root, whose notes are contacts
    /// (lowercase, `/`-separated, no trailing slash).
    pub contact_dirs: Vec<String>,
    /// Front-matter `type` values that make a note a contact (lowercase).
    pub contact_types: Vec<String>,
    /// When set, only notes under this folder are daily notes (lowercase).
    pub daily_dir: Option<String>,
    pub dormant_after: Cadence,
    /// Touches per week the user means to spend.
    pub weekly_budget: f64,
    /// How many reach-outs one agenda lists, unless `--max` says otherwise.
    pub daily_budget: Option<u32>,
    pub monthly_goal: u32,
    /// In the order the config lists them: that order breaks urgency ties.
    pub circles: Vec<Circle>,
    /// A note, relative to the vault root, that `netkeep new` fills in.
    pub new_template: Option<String>,
    /// Entry tags that mark a collaboration (lowercase, no `#`).
    pub collab_tags: Vec<String>,
    /// More front-matter keys under which an interaction note lists its
    /// people (lowercase, `_` for separators).
    pub interaction_keys: Vec<String>,
    /// The vault's own daily-notes settings (Obsidian's `.obsidian/`
    /// files), read beside this file by [`crate::daily_notes`]; `daily_dir`
    /// wins over them.
    pub daily_notes: Option<crate::daily_notes::DailyNotes>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            contact_dirs: vec!["contacts".into(), "people".into()],
            contact_types: vec!["contact".into(), "person".into()],
            daily_dir: None,
            dormant_after: Cadence {
                count: 1,
                unit: crate::dates::Unit::Years,
                written: "1y".into(),
            },
            weekly_budget: 10.0,
            daily_budget: None,
            monthly_goal: 2,
            circles: Vec::new(),
            new_template: None,
            collab_tags: vec!["collab".into()],
            interaction_keys: Vec::new(),
            daily_notes: None,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    contact_dirs: Option<Vec<String>>,
    contact_types: Option<Vec<String>>,
    daily_dir: Option<String>,
    dormant_after: Option<Spanned<String>>,
    weekly_budget: Option<Spanned<f64>>,
    daily_budget: Option<u32>,
    monthly_goal: Option<u32>,
    #[serde(default)]
    circles: IndexMap<String, RawCircle>,
    new_template: Option<String>,
    collab_tags: Option<Vec<String>>,
    interaction_keys: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCircle {
    cadence: Option<Spanned<String>>,
    capacity: Option<u32>,
}

impl Config {
    /// Reads `netkeep.toml` from the vault root; a missing file is the
    /// defaults. Problems come back as diagnostics beside the config that
    /// could be made of the rest.
    pub fn load(vault_root: &Path) -> (Config, Vec<Diagnostic>) {
        let path = vault_root.join(FILE_NAME);
        // A config is a few lines; anything past a MiB is not one.
        match crate::file::read_regular(&path, 1 << 20, crate::file::Links::Follow) {
            Err(crate::file::ReadError::Missing) => (Config::default(), Vec::new()),
            Err(e) => (
                Config::default(),
                vec![Diagnostic::error(
                    FILE_NAME,
                    1,
                    1,
                    format!("cannot read: {e}"),
                )],
            ),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse(&text),
                Err(e) => {
                    let ok = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let (line, col) = line_col(&String::from_utf8_lossy(ok), ok.len());
                    (
                        Config::default(),
                        vec![Diagnostic::error(FILE_NAME, line, col, "not UTF-8 text")],
                    )
                }
            },
        }
    }

    /// Parses the text of a `netkeep.toml`.
    pub fn parse(text: &str) -> (Config, Vec<Diagnostic>) {
        let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
        let bom = text.len() - text_no_bom.len();
        let at = |span: Option<Range<usize>>| {
            let (line, col) = line_col(text, span.map_or(0, |s| s.start + bom));
            (line, col)
        };
        let raw: RawConfig = match toml::from_str(text_no_bom) {
            Ok(raw) => raw,
            Err(e) => {
                let (line, col) = at(e.span());
                let message = e.message().trim().replace('\n', " ");
                return (
                    Config::default(),
                    vec![Diagnostic::error(FILE_NAME, line, col, message)],
                );
            }
        };
        let mut diagnostics = Vec::new();
        let mut config = Config::default();
        let lower_paths = |dirs: Vec<String>| -> Vec<String> {
            dirs.into_iter()
                .map(|d| d.replace('\\', "/").trim_matches('/').to_lowercase())
                .filter(|d| !d.is_empty())
                .collect()
        };
        if let Some(dirs) = raw.contact_dirs {
            config.contact_dirs = lower_paths(dirs);
        }
        if let Some(types) = raw.contact_types {
            config.contact_types = types.iter().map(|t| t.trim().to_lowercase()).collect();
        }
        config.daily_dir = raw.daily_dir.and_then(|d| lower_paths(vec![d]).pop());
        if let Some(value) = raw.dormant_after {
            match Cadence::parse(value.get_ref()) {
                Ok(c) => config.dormant_after = c,
                Err(message) => {
                    let (line, col) = at(Some(value.span()));
                    diagnostics.push(Diagnostic::error(
                        FILE_NAME,
                        line,
                        col,
                        format!("dormant_after: {message}"),
                    ));
                }
            }
        }
        if let Some(budget) = raw.weekly_budget {
            if budget.get_ref().is_finite() && *budget.get_ref() > 0.0 {
                config.weekly_budget = *budget.get_ref();
            } else {
                let (line, col) = at(Some(budget.span()));
                diagnostics.push(Diagnostic::error(
                    FILE_NAME,
                    line,
                    col,
                    "weekly_budget must be a number above 0",
                ));
            }
        }
        config.daily_budget = raw.daily_budget;
        config.new_template = raw.new_template;
        if let Some(tags) = raw.collab_tags {
            config.collab_tags = tags
                .iter()
                .map(|t| t.trim().trim_start_matches('#').to_lowercase())
                .filter(|t| !t.is_empty())
                .collect();
        }
        if let Some(keys) = raw.interaction_keys {
            config.interaction_keys = keys
                .iter()
                .map(|k| k.trim().to_lowercase().replace([' ', '-'], "_"))
                .filter(|k| !k.is_empty())
                .collect();
        }
        if let Some(goal) = raw.monthly_goal {
            config.monthly_goal = goal;
        }
        for (name, raw_circle) in raw.circles {
            let cadence =
                raw_circle
                    .cadence
                    .and_then(|value| match Cadence::parse(value.get_ref()) {
                        Ok(c) => Some(c),
                        Err(message) => {
                            let (line, col) = at(Some(value.span()));
                            diagnostics.push(Diagnostic::error(
                                FILE_NAME,
                                line,
                                col,
                                format!("circles.{name}.cadence: {message}"),
                            ));
                            None
                        }
                    });
            config.circles.push(Circle {
                name,
                cadence,
                capacity: raw_circle.capacity,
            });
        }
        (config, diagnostics)
    }

    /// The circle named `name`, matched case-insensitively.
    pub fn circle(&self, name: &str) -> Option<&Circle> {
        self.circles.iter().find(|c| same_name(&c.name, name))
    }

    /// Where `name` stands in the config's order of circles; circles the
    /// config does not list come after all that it does.
    pub fn circle_rank(&self, name: Option<&str>) -> usize {
        name.and_then(|n| self.circles.iter().position(|c| same_name(&c.name, n)))
            .unwrap_or(self.circles.len())
    }

    /// How many reach-outs an agenda lists by default.
    pub fn agenda_max(&self) -> usize {
        match self.daily_budget {
            Some(n) => n as usize,
            None => (self.weekly_budget / 7.0).ceil().max(1.0) as usize,
        }
    }
}

/// Whether two names are the same but for case, as `str::to_lowercase`
/// tells (a final Σ is ς). Called for every contact on every run, so ASCII
/// names, nearly all of them, are compared without allocating.
pub fn same_name(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.to_lowercase() == b.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case() {
        assert!(same_name("Close Friends", "close FRIENDS"));
        assert!(same_name("ÉQUIPE", "équipe"));
        assert!(
            same_name("ΟΔΟΣ", "οδος"),
            "a final sigma as to_lowercase has it"
        );
        assert!(!same_name("équipe", "equipe"));
        assert!(!same_name("inner", "inner "));
        assert!(!same_name("a", "ab"));
        let (config, diags) = Config::parse("[circles.\"Équipe\"]\n[circles.Inner]\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.circle_rank(Some("INNER")), 1);
        assert_eq!(config.circle_rank(Some("équipe")), 0);
        assert_eq!(config.circle_rank(Some("outer")), 2);
        assert!(config.circle("inner").is_some());
    }

    #[test]
    fn empty_config_is_the_defaults() {
        let (config, diags) = Config::parse("");
        assert!(diags.is_empty());
        assert_eq!(config, Config::default());
        assert_eq!(config.contact_dirs, ["contacts", "people"]);
        assert_eq!(config.agenda_max(), 2);
    }

    #[test]
    fn reads_every_key_and_keeps_circle_order() {
        let text = r#"
contact_dirs = ["CRM/Contacts/", "Friends"]
contact_types = ["Person", "crm-contact"]
daily_dir = "Journal"
dormant_after = "18m"
weekly_budget = 14
daily_budget = 4
monthly_goal = 3

[circles.family]
cadence = "2w"

[circles.Mentor]
cadence = "6w"
capacity = 5

[circles.acquaintance]
"#;
        let (config, diags) = Config::parse(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.contact_dirs, ["crm/contacts", "friends"]);
        assert_eq!(config.contact_types, ["person", "crm-contact"]);
        assert_eq!(config.daily_dir.as_deref(), Some("journal"));
        assert_eq!(config.dormant_after.written, "18m");
        assert_eq!(config.weekly_budget, 14.0);
        assert_eq!(config.agenda_max(), 4);
        assert_eq!(config.monthly_goal, 3);
        let names: Vec<_> = config.circles.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["family", "Mentor", "acquaintance"]);
        assert_eq!(config.circle("mentor").unwrap().capacity, Some(5));
        assert_eq!(config.circle_rank(Some("MENTOR")), 1);
        assert_eq!(config.circle_rank(Some("stranger")), 3);
        assert_eq!(config.circle_rank(None), 3);
        assert!(config.circle("acquaintance").unwrap().cadence.is_none());
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let (_, diags) = Config::parse("monthly_goal = 2\nweekly_budgt = 3\n");
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].column), (2, 1));
        assert!(
            diags[0].message.contains("weekly_budgt"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn unknown_circle_key_names_its_line() {
        let (_, diags) = Config::parse("[circles.friend]\ncadence = \"2w\"\ncadense = \"3w\"\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 3);
        assert!(diags[0].message.contains("cadense"));
    }

    #[test]
    fn bad_cadence_names_its_line_and_keeps_the_rest() {
        let (config, diags) = Config::parse(
            "[circles.friend]\ncadence = \"often\"\n[circles.work]\ncadence = \"3m\"\n",
        );
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].column), (2, 11));
        assert!(diags[0].message.contains("circles.friend.cadence"));
        assert_eq!(
            config
                .circle("work")
                .unwrap()
                .cadence
                .as_ref()
                .unwrap()
                .written,
            "3m"
        );
    }

    #[test]
    fn bad_budget_and_syntax_are_errors() {
        let (_, diags) = Config::parse("weekly_budget = -1\n");
        assert_eq!(diags[0].line, 1);
        let (_, diags) = Config::parse("\n\nmonthly_goal = \n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 3);
    }

    #[test]
    fn bom_is_accepted() {
        let (config, diags) = Config::parse("\u{feff}monthly_goal = 5\n");
        assert!(diags.is_empty());
        assert_eq!(config.monthly_goal, 5);
    }
}
