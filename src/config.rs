//! `netkeep.toml`: the vault's settings, every one with a default.
//!
//! Unknown keys and bad values are errors that name the key and its line,
//! because a typo in a cadence would otherwise silently change every report.

use crate::dates::{Cadence, DateOrder};
use crate::diagnostic::{line_col, Diagnostic};
use crate::note::front_matter::{Key, KeySpellings};
use crate::patterns::{is_glob, PathPatterns};
use indexmap::IndexMap;
use serde::Deserialize;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;
use unicode_normalization::UnicodeNormalization;

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
    /// The `contact_dirs` entries that are globs (`pages/@*`): a note
    /// that one matches, or that lies in a folder one matches, is a contact.
    pub contact_dir_globs: PathPatterns,
    /// Front-matter `type`, `categories` or `tags` values that make a note
    /// a contact besides the built-in ones
    /// ([`crate::note::BUILT_IN_CONTACT_TYPES`]), lowercase.
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
    /// The `[keys]` table: the vault's own spellings of netkeep's keys.
    pub keys: KeySpellings,
    /// `exclude`: globs of notes and folders that are not notes at all
    /// (never read); see [`crate::skip`]. `None` when not written: then a
    /// top-level `templates` folder is skipped by default.
    pub exclude: Option<PathPatterns>,
    /// More front-matter keys under which an interaction note lists its
    /// people (lowercase, `_` for separators).
    pub interaction_keys: Vec<String>,
    /// The vault's own daily-notes settings (Obsidian's `.obsidian/`
    /// files), read beside this file by [`crate::daily_notes`]; `daily_dir`
    /// wins over them.
    pub daily_notes: Option<crate::daily_notes::DailyNotes>,
    /// `date_order`: how dates written in numbers with the year last
    /// (`03/12/2026`) are read; unset, they are not.
    pub date_order: DateOrder,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            contact_dirs: vec!["contacts".into(), "people".into()],
            contact_dir_globs: PathPatterns::default(),
            contact_types: Vec::new(),
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
            keys: KeySpellings::default(),
            exclude: None,
            interaction_keys: Vec::new(),
            daily_notes: None,
            date_order: DateOrder::Unset,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    contact_dirs: Option<Vec<Spanned<String>>>,
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
    #[serde(default)]
    keys: IndexMap<Spanned<String>, Spanned<toml::Value>>,
    exclude: Option<Vec<Spanned<String>>>,
    interaction_keys: Option<Vec<String>>,
    date_order: Option<Spanned<String>>,
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
                // The key is named only when the error says where it is.
                let on_line = e.span().map(|_| line.saturating_sub(1));
                let message = in_user_words(e.message().trim(), text_no_bom, on_line);
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
            let (globs, folders): (Vec<_>, Vec<_>) =
                dirs.into_iter().partition(|d| is_glob(d.get_ref()));
            config.contact_dirs =
                lower_paths(folders.into_iter().map(Spanned::into_inner).collect());
            config.contact_dir_globs = patterns(&globs, "contact_dirs", &at, &mut diagnostics);
        }
        if let Some(exclude) = raw.exclude {
            config.exclude = Some(patterns(&exclude, "exclude", &at, &mut diagnostics));
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
        if let Some(order) = raw.date_order {
            match order.get_ref().trim().to_ascii_lowercase().as_str() {
                "dmy" => config.date_order = DateOrder::DayFirst,
                "mdy" => config.date_order = DateOrder::MonthFirst,
                other => {
                    let (line, col) = at(Some(order.span()));
                    diagnostics.push(Diagnostic::error(
                        FILE_NAME,
                        line,
                        col,
                        format!(
                            "date_order: `{other}` is not an order: use \"dmy\" (03/12/2026 is 3 December) or \"mdy\" (12 March)"
                        ),
                    ));
                }
            }
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
        config.keys = key_spellings(raw.keys, &at, &mut diagnostics);
        (config, diagnostics)
    }

    /// The circle named `name`, matched case-insensitively.
    pub fn circle(&self, name: &str) -> Option<&Circle> {
        self.circles.iter().find(|c| same_name(&c.name, name))
    }

    /// Whether the config defines circles and `name` is not one of them:
    /// a contact in it has no circle cadence, so is never due by one.
    pub fn is_unknown_circle(&self, name: &str) -> bool {
        !self.circles.is_empty() && self.circle(name).is_none()
    }

    /// Why `name` is not a circle, for a warning or an error: the circles
    /// there are, and the nearest of them when one is a typo away.
    pub fn unknown_circle_message(&self, name: &str) -> String {
        let names: Vec<&str> = self.circles.iter().map(|c| c.name.as_str()).collect();
        let wanted = crate::index::lowercase(name.trim());
        let nearest = names
            .iter()
            .map(|n| {
                let n_lower = crate::index::lowercase(n);
                let edits = if n_lower.contains(&wanted) || wanted.contains(&n_lower) {
                    0
                } else {
                    strsim::osa_distance(&wanted, &n_lower)
                };
                (edits, *n)
            })
            .filter(|(edits, _)| *edits <= wanted.chars().count().div_ceil(3).max(1))
            .min_by_key(|(edits, _)| *edits);
        let mut message = format!(
            "circle `{name}` is not one of the circles in netkeep.toml ({})",
            names.join(", ")
        );
        if let Some((_, n)) = nearest {
            message.push_str(&format!("; did you mean `{n}`?"));
        }
        message
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

/// A value of the wrong type, as the TOML reader says it ("invalid type:
/// string \"lots\", expected f64"), in the user's words and naming the key
/// on line `line` (from 0, when known) of `text`: "weekly_budget: this is text
/// (\"lots\"), and it takes a number, like 10 or 2.5". Other messages are
/// kept, on one line.
fn in_user_words(message: &str, text: &str, line: Option<u32>) -> String {
    let message = message.replace('\n', " ");
    let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
    else {
        return message;
    };
    let Some((found, expected)) = rest.rsplit_once(", expected ") else {
        return message;
    };
    let takes = match expected {
        "f64" | "f32" => "a number, like 10 or 2.5",
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "a string" | "a borrowed string" => "text in quotes, like \"2w\"",
        "a sequence" => "a list in brackets, like [\"people\", \"contacts\"]",
        "a boolean" => "true or false",
        e if e.starts_with("struct ") || e == "a map" => "a table of settings",
        _ => return message,
    };
    let found = if let Some(s) = found.strip_prefix("string ") {
        format!("this is text ({s})")
    } else if let Some(n) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        format!("this is {}", n.trim_matches('`'))
    } else if let Some(b) = found.strip_prefix("boolean ") {
        format!("this is {}", b.trim_matches('`'))
    } else {
        match found {
            "sequence" => "this is a list".to_string(),
            "map" => "this is a table".to_string(),
            other => format!("this is {other}"),
        }
    };
    let key = line.and_then(|line| key_on_line(text, line as usize));
    let key = key.map_or_else(String::new, |k| format!("{k}: "));
    format!("{key}{found}, and it takes {takes}")
}

/// The dotted key set on line `line` (from 0) of a TOML text: its table's
/// name and the key before `=` (`circles.friend.capacity`).
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let key = lines.get(line)?.split_once('=')?.0.trim().trim_matches('"');
    if key.is_empty() {
        return None;
    }
    let table = lines[..line].iter().rev().find_map(|l| {
        let l = l.trim();
        (l.starts_with('[') && !l.starts_with("[[")).then(|| l.trim_matches(['[', ']']).trim())
    });
    Some(match table {
        Some(table) if !table.is_empty() => format!("{table}.{key}"),
        _ => key.to_string(),
    })
}

/// The `[keys]` table: each of netkeep's keys, in any spelling of its own
/// name, with the vault's other names for it (a name or a list of them).
/// A bad entry is an error at its line and is left out; the rest count.
fn key_spellings(
    table: IndexMap<Spanned<String>, Spanned<toml::Value>>,
    at: &dyn Fn(Option<Range<usize>>) -> (u32, u32),
    diagnostics: &mut Vec<Diagnostic>,
) -> KeySpellings {
    let mut spellings = KeySpellings::default();
    let mut taken: Vec<(String, Key)> = Vec::new();
    let mut error = |span: Range<usize>, message: String| {
        let (line, col) = at(Some(span));
        diagnostics.push(Diagnostic::error(FILE_NAME, line, col, message));
    };
    for (left, value) in table {
        let name = left.get_ref();
        let Some(key) = Key::own_name(name) else {
            error(
                left.span(),
                format!(
                    "keys.{name}: `{name}` is not one of netkeep's keys{}",
                    did_you_mean(name)
                ),
            );
            continue;
        };
        let written: Vec<&str> = match value.get_ref() {
            toml::Value::String(one) => vec![one.as_str()],
            toml::Value::Array(many) if many.iter().all(toml::Value::is_str) => {
                many.iter().filter_map(toml::Value::as_str).collect()
            }
            _ => {
                error(
                    value.span(),
                    format!(
                        "keys.{name}: give the note keys that mean `{}`, as a list: {} = [\"...\"]",
                        key.as_str(),
                        key.as_str()
                    ),
                );
                continue;
            }
        };
        for spelling in written {
            let normal = crate::note::front_matter::normalise_key(spelling);
            if normal.is_empty() {
                error(
                    value.span(),
                    format!("keys.{name}: an empty key name means nothing"),
                );
                continue;
            }
            match Key::own_name(spelling) {
                Some(own) if own == key => continue,
                Some(own) => {
                    error(
                        value.span(),
                        format!(
                            "keys.{name}: `{spelling}` is netkeep's own `{}` key and cannot also mean `{}`",
                            own.as_str(),
                            key.as_str()
                        ),
                    );
                    continue;
                }
                None => {}
            }
            match taken.iter().find(|(n, _)| *n == normal) {
                Some(&(_, other)) if other == key => {}
                Some(&(_, other)) => error(
                    value.span(),
                    format!(
                        "keys.{name}: `{spelling}` is already given to `{}` in this table; a key can mean only one thing",
                        other.as_str()
                    ),
                ),
                None => {
                    taken.push((normal, key));
                    spellings.add(spelling, key);
                }
            }
        }
    }
    spellings
}

/// `; did you mean ...?` for a name that is not one of netkeep's keys:
/// the key it is an alias of, else the nearest names.
fn did_you_mean(name: &str) -> String {
    if let Some(key) = Key::parse(name) {
        return format!(
            " (it is already read as `{}`); did you mean `{}`?",
            key.as_str(),
            key.as_str()
        );
    }
    let normal = crate::note::front_matter::normalise_key(name);
    let mut near: Vec<(f64, &str)> = Key::ALL
        .iter()
        .map(|k| {
            let own = crate::note::front_matter::normalise_key(k.as_str());
            (strsim::jaro_winkler(&normal, &own), k.as_str())
        })
        .filter(|(sim, _)| *sim >= 0.8)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0));
    match near.first() {
        Some((_, best)) => format!("; did you mean `{best}`?"),
        None => {
            let all: Vec<&str> = Key::ALL.iter().map(|k| k.as_str()).collect();
            format!("; netkeep's keys are {}", all.join(", "))
        }
    }
}

/// Globs from the config; one that is not a glob is an error naming its
/// line, and the rest still count.
fn patterns(
    written: &[Spanned<String>],
    key: &str,
    at: &dyn Fn(Option<Range<usize>>) -> (u32, u32),
    diagnostics: &mut Vec<Diagnostic>,
) -> PathPatterns {
    let (patterns, bad) = PathPatterns::new(written.iter().map(|p| p.get_ref().as_str()));
    for (i, why) in bad {
        let Some(pattern) = written.get(i) else {
            continue;
        };
        let (line, col) = at(Some(pattern.span()));
        diagnostics.push(Diagnostic::error(
            FILE_NAME,
            line,
            col,
            format!(
                "{key}: `{}` is not a glob pattern ({why}); it is left out",
                pattern.get_ref()
            ),
        ));
    }
    patterns
}

/// Whether two names are the same but for case, as `str::to_lowercase`
/// tells (a final Σ is ς). Called for every contact on every run, so ASCII
/// names, nearly all of them, are compared without allocating.
pub fn same_name(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    // In NFC, so that a circle typed decomposed is the same circle.
    let lower = |s: &str| s.nfc().collect::<String>().to_lowercase();
    lower(a) == lower(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_of_the_wrong_type_is_said_in_the_users_words() {
        for (text, said) in [
            ("weekly_budget = \"lots\"\n", "netkeep.toml:1:17: error: weekly_budget: this is text (\"lots\"), and it takes a number, like 10 or 2.5"),
            ("monthly_goal = -1\n", "netkeep.toml:1:16: error: monthly_goal: this is -1, and it takes a whole number, 0 or more"),
            ("contact_dirs = \"people\"\n", "netkeep.toml:1:16: error: contact_dirs: this is text (\"people\"), and it takes a list in brackets, like [\"people\", \"contacts\"]"),
            ("[circles.friend]\ncapacity = 2.5\n", "netkeep.toml:2:12: error: circles.friend.capacity: this is 2.5, and it takes a whole number, 0 or more"),
        ] {
            let (_, diags) = Config::parse(text);
            let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
            assert_eq!(shown, [said], "{text}");
            assert!(!shown[0].contains("f64") && !shown[0].contains("u32"));
        }
    }

    #[test]
    fn names_compare_without_case() {
        assert!(same_name("Close Friends", "close FRIENDS"));
        assert!(same_name("ÉQUIPE", "équipe"));
        assert!(
            same_name("ΟΔΟΣ", "οδος"),
            "a final sigma as to_lowercase has it"
        );
        assert!(!same_name("équipe", "equipe"));
        assert!(same_name("e\u{301}quipe", "\u{c9}quipe"), "NFD and NFC");
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
    fn date_order_is_dmy_or_mdy() {
        let (config, diags) = Config::parse("date_order = \"DMY\"\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.date_order, DateOrder::DayFirst);
        let (config, _) = Config::parse("date_order = \"mdy\"\n");
        assert_eq!(config.date_order, DateOrder::MonthFirst);
        let (config, diags) = Config::parse("\ndate_order = \"ymd\"\n");
        assert_eq!(config.date_order, DateOrder::Unset);
        assert_eq!((diags[0].line, diags[0].column), (2, 14));
        assert!(diags[0].message.contains("dmy"), "{}", diags[0].message);
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
    fn contact_dirs_may_be_globs_and_exclude_is_globs() {
        let (config, diags) = Config::parse(
            "contact_dirs = [\"People\", \"pages/@*\"]\nexclude = [\"Templates/**\", \"*.excalidraw\"]\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.contact_dirs, ["people"]);
        assert_eq!(config.contact_dir_globs.written(), ["pages/@*"]);
        assert_eq!(
            config.exclude.unwrap().written(),
            ["Templates/**", "*.excalidraw"]
        );
    }

    #[test]
    fn a_bad_glob_is_an_error_naming_its_line() {
        let (config, diags) =
            Config::parse("monthly_goal = 2\nexclude = [\n  \"ok/**\",\n  \"bad/[x\",\n]\ncontact_dirs = [\"p/{a\"]\n");
        let at: Vec<_> = diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(6, 17), (4, 3)], "{diags:?}");
        assert!(
            diags[1].message.contains("exclude: `bad/[x` is not a glob"),
            "{}",
            diags[1].message
        );
        assert_eq!(config.exclude.unwrap().written(), ["ok/**"]);
        assert!(config.contact_dir_globs.is_empty());
    }

    #[test]
    fn bom_is_accepted() {
        let (config, diags) = Config::parse("\u{feff}monthly_goal = 5\n");
        assert!(diags.is_empty());
        assert_eq!(config.monthly_goal, 5);
    }

    #[test]
    fn keys_table_adds_spellings() {
        let (config, diags) = Config::parse(
            "[keys]\ncadence = [\"rhythm\", \"Touch Every\"]\n\"Next Follow-Up\" = \"chase_on\"\ncompany = [\"group\", \"cadence\", \"company\"]\n",
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (4, 11));
        assert!(
            diags[0]
                .message
                .contains("`cadence` is netkeep's own `cadence` key"),
            "{}",
            diags[0].message
        );
        let read = |k: &str| Key::read(k, &config.keys);
        assert_eq!(read("Rhythm"), Some(Key::Cadence));
        assert_eq!(read("touchEvery"), Some(Key::Cadence));
        assert_eq!(read("chase-on"), Some(Key::NextFollowUp));
        assert_eq!(
            read("group"),
            Some(Key::Company),
            "the vault's table comes first"
        );
        assert_eq!(read("cadence"), Some(Key::Cadence));
    }

    #[test]
    fn an_unknown_key_in_keys_is_an_error_with_a_suggestion() {
        let (config, diags) =
            Config::parse("monthly_goal = 3\n[keys]\ncadense = [\"rhythm\"]\nfrequency = \"often\"\nzzz = [\"q\"]\n");
        assert_eq!(config.monthly_goal, 3, "the rest of the config counts");
        assert!(config.keys.is_empty());
        let at: Vec<_> = diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(3, 1), (4, 1), (5, 1)], "{diags:?}");
        assert!(
            diags[0].message.contains("did you mean `cadence`?"),
            "{}",
            diags[0].message
        );
        assert!(
            diags[1].message.contains("did you mean `cadence`?"),
            "{}",
            diags[1].message
        );
        assert!(
            diags[2].message.contains("netkeep's keys are name,"),
            "{}",
            diags[2].message
        );
    }

    #[test]
    fn bad_keys_entries_name_their_line() {
        let (config, diags) = Config::parse(
            "[keys]\ncadence = 3\nmet = [\"\"]\ncircle = [\"tribe\"]\ncompany = [\"Tribe\"]\nrole = [\"job\"]\n",
        );
        let at: Vec<_> = diags.iter().map(|d| d.line).collect();
        assert_eq!(at, [2, 3, 5], "{diags:?}");
        assert!(diags[0].message.contains("as a list"));
        assert!(diags[2].message.contains("already given to `circle`"));
        assert_eq!(Key::read("tribe", &config.keys), Some(Key::Circle));
        assert_eq!(Key::read("job", &config.keys), Some(Key::Role));
    }
}
