//! Which notes are daily notes and dated notes: the vault's own daily-notes
//! settings (Obsidian's core plugin, the Periodic Notes plugin) and file
//! names that start with a date.

use crate::diagnostic::{line_col, Diagnostic};
use crate::moment::MomentFormat;
use chrono::NaiveDate;
use std::path::Path;

/// Obsidian's core Daily notes plugin settings.
pub const CORE_SETTINGS: &str = ".obsidian/daily-notes.json";
/// The Periodic Notes plugin's settings; it takes over daily notes when on.
pub const PERIODIC_SETTINGS: &str = ".obsidian/plugins/periodic-notes/data.json";
/// A Logseq graph's settings.
pub const LOGSEQ_CONFIG: &str = "logseq/config.edn";
/// Every file whose change can change which notes are daily notes.
pub const SETTINGS_FILES: [&str; 3] = [PERIODIC_SETTINGS, CORE_SETTINGS, LOGSEQ_CONFIG];
/// Obsidian's default when a setting is left empty.
const DEFAULT_FORMAT: &str = "YYYY-MM-DD";

/// Where the vault keeps its daily notes and how it names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyNotes {
    /// Relative to the vault root, lowercase, no slash at either end; empty
    /// for the root.
    pub folder: String,
    pub format: MomentFormat,
    /// The settings file it was read from, relative to the vault root.
    pub source: &'static str,
}

impl DailyNotes {
    /// Reads the vault's daily-notes settings: Periodic Notes' daily notes
    /// when that plugin has them on, else the core plugin's. A file that is
    /// not JSON, or a format netkeep cannot read, is a warning naming the
    /// file, and the next source (in the end, the defaults) applies.
    pub fn load(root: &Path) -> (Option<DailyNotes>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        for source in [PERIODIC_SETTINGS, CORE_SETTINGS] {
            let Some((text, json)) = crate::settings_file::read(
                root,
                source,
                "its daily-note settings are not used",
                &mut diags,
            ) else {
                continue;
            };
            let settings = if source == PERIODIC_SETTINGS {
                periodic_daily(&json)
            } else {
                Some(&json)
            };
            let Some(settings) = settings else {
                continue;
            };
            if settings.get("enabled") == Some(&serde_json::Value::Bool(false)) {
                continue;
            }
            let text_of = |key: &str| {
                settings
                    .get(key)
                    .and_then(serde_json::Value::as_str)
                    .map(str::trim)
                    .unwrap_or_default()
            };
            let written = match text_of("format") {
                "" => DEFAULT_FORMAT,
                f => f,
            };
            let format = match MomentFormat::parse(written) {
                Ok(format) => format,
                Err(message) => {
                    let quoted = serde_json::to_string(written).unwrap_or_default();
                    let (line, column) = line_col(&text, text.find(&quoted).unwrap_or(0));
                    diags.push(Diagnostic::warning(
                        source,
                        line,
                        column,
                        format!("daily-note format: {message}; this setting is ignored"),
                    ));
                    continue;
                }
            };
            let folder = text_of("folder")
                .replace('\\', "/")
                .trim_matches('/')
                .to_lowercase();
            return (
                Some(DailyNotes {
                    folder,
                    format,
                    source,
                }),
                diags,
            );
        }
        let logseq = logseq_journals(root, &mut diags);
        (logseq, diags)
    }

    /// The date of the note at `rel` (relative to the vault root, with
    /// `/`), when it lies in the daily folder and its path from there
    /// matches the format.
    pub fn date_of(&self, rel: &str) -> Option<NaiveDate> {
        // Lowercase throughout: the format matches names in any case.
        let lower = rel.to_lowercase();
        let inside = if self.folder.is_empty() {
            lower.as_str()
        } else {
            lower
                .strip_prefix(&self.folder)
                .and_then(|r| r.strip_prefix('/'))?
        };
        let name = inside.get(..inside.len().checked_sub(3)?)?;
        self.format.date_of(name)
    }

    /// For `check`: where daily notes are found and why.
    pub fn describe(&self) -> String {
        let folder = if self.folder.is_empty() {
            "the vault root".to_string()
        } else {
            format!("`{}`", self.folder)
        };
        format!(
            "daily notes: named `{}` in {folder}, from {}",
            self.format.written, self.source
        )
    }
}

/// Whether `dir` is a Logseq graph's own folder (`logseq/` holding
/// `config.edn`): its settings, and in `bak/` and `version-files/` old
/// copies of pages, which must not count as notes a second time.
pub fn is_logseq_own_folder(dir: &Path) -> bool {
    dir.file_name().is_some_and(|n| n == "logseq") && dir.join("config.edn").is_file()
}

/// A Logseq graph's journals: `journals/` (or its `:journals-directory`)
/// beside `logseq/config.edn`, named `yyyy_MM_dd` or by the graph's
/// `:journal/file-name-format`.
fn logseq_journals(root: &Path, diags: &mut Vec<Diagnostic>) -> Option<DailyNotes> {
    let bytes = match crate::file::read_regular(
        &root.join(LOGSEQ_CONFIG),
        1 << 20,
        crate::file::Links::Follow,
    ) {
        Ok(bytes) => bytes,
        Err(crate::file::ReadError::Missing) => return None,
        Err(e) => {
            diags.push(Diagnostic::warning(
                LOGSEQ_CONFIG,
                1,
                1,
                format!("cannot read: {e}; journals are read as `journals/yyyy_MM_dd`"),
            ));
            Vec::new()
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    if let Some(at) = edn_unbalanced(&text) {
        // Not EDN: what looks like a setting there may be anything.
        let (line, column) = line_col(&text, at);
        diags.push(Diagnostic::warning(
            LOGSEQ_CONFIG,
            line,
            column,
            "not valid EDN (its brackets do not pair up); its settings are not used, and journals are read as `journals/yyyy_MM_dd`",
        ));
        return logseq_default(root, "journals");
    }
    let mut setting = |key: &str| -> Option<(String, usize)> {
        match edn_string(&text, key) {
            Ok(found) => found,
            Err(at) => {
                let (line, column) = line_col(&text, at);
                diags.push(Diagnostic::warning(
                    LOGSEQ_CONFIG,
                    line,
                    column,
                    format!("`{key}` is not followed by a string; the default applies"),
                ));
                None
            }
        }
    };
    let folder = setting(":journals-directory")
        .map(|(dir, _)| dir.replace('\\', "/").trim_matches('/').to_lowercase())
        .filter(|dir| !dir.is_empty())
        .unwrap_or_else(|| "journals".to_string());
    let written = setting(":journal/file-name-format");
    if !root.join(&folder).is_dir() && !root.join("pages").is_dir() {
        // A `logseq/` folder of some other tool's.
        return None;
    }
    let default = || MomentFormat::parse("YYYY_MM_DD").ok();
    let format = match written {
        None => default()?,
        Some((written, at)) => {
            match logseq_to_moment(&written).and_then(|m| {
                MomentFormat::parse(&m).map(|mut f| {
                    f.written = written.clone();
                    f
                })
            }) {
                Ok(format) => format,
                Err(message) => {
                    let (line, column) = line_col(&text, at);
                    diags.push(Diagnostic::warning(
                    LOGSEQ_CONFIG,
                    line,
                    column,
                    format!("journal file-name format: {message}; journals are read as `yyyy_MM_dd`"),
                ));
                    default()?
                }
            }
        }
    };
    Some(DailyNotes {
        folder,
        format,
        source: LOGSEQ_CONFIG,
    })
}

/// The default journals of a Logseq graph whose settings are not used.
fn logseq_default(root: &Path, folder: &str) -> Option<DailyNotes> {
    if !root.join(folder).is_dir() {
        return None;
    }
    Some(DailyNotes {
        folder: folder.to_string(),
        format: MomentFormat::parse("YYYY_MM_DD").ok()?,
        source: LOGSEQ_CONFIG,
    })
}

/// Where EDN's brackets stop pairing up (outside strings and comments),
/// the one check of its syntax netkeep makes: a file cut short or
/// mangled is told apart from a setting that is absent.
fn edn_unbalanced(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b';' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            b'\\' => i += 1, // a character literal such as `\(`
            b'"' => {
                let end = string_end(b, i + 1);
                if end == b.len() && b.last() != Some(&b'"') {
                    return Some(i);
                }
                i = end;
                continue;
            }
            c @ (b'{' | b'[' | b'(') => open.push((c, i)),
            c @ (b'}' | b']' | b')') => {
                let want = match c {
                    b'}' => b'{',
                    b']' => b'[',
                    _ => b'(',
                };
                match open.pop() {
                    Some((o, _)) if o == want => {}
                    _ => return Some(i),
                }
            }
            _ => {}
        }
        i += 1;
    }
    open.last().map(|&(_, at)| at)
}

/// The string after `key` in EDN text, and its offset; `Ok(None)` when the
/// key is not there (outside comments and strings), `Err(offset)` when
/// something other than a string follows it. Not an EDN parser: Logseq's
/// config is one map of keys, and these two keys hold plain strings.
fn edn_string(text: &str, key: &str) -> Result<Option<(String, usize)>, usize> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b';' => {
                // A comment, to the end of the line.
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
            }
            b'"' => i = string_end(b, i + 1),
            b':' if text[i..].starts_with(key)
                && b.get(i + key.len())
                    .is_none_or(|c| c.is_ascii_whitespace() || *c == b',' || *c == b'"') =>
            {
                let mut j = i + key.len();
                while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b',') {
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    return Err(j.min(b.len()));
                }
                let end = string_end(b, j + 1);
                let raw = text
                    .get(j + 1..end.saturating_sub(1).max(j + 1))
                    .unwrap_or("");
                return Ok(Some((raw.replace("\\\"", "\""), j)));
            }
            _ => i += 1,
        }
    }
    Ok(None)
}

/// Just past the `"` that closes a string whose text starts at `i`.
fn string_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Logseq writes dates in cljs-time's tokens (`yyyy_MM_dd`, `EEE`, `'text'`):
/// the same format in Moment's.
fn logseq_to_moment(written: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = written;
    while let Some(c) = rest.chars().next() {
        if c == '\'' {
            let inner = &rest[1..];
            let end = inner
                .find('\'')
                .ok_or_else(|| format!("`'` without its pair in `{written}`"))?;
            out.push('[');
            out.push_str(&inner[..end]);
            out.push(']');
            rest = &inner[end + 1..];
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let run = rest.bytes().take_while(|&b| b == c as u8).count();
        let token = match (c, run) {
            ('y', 4) => "YYYY",
            ('y', 2) => "YY",
            ('M', 1) => "M",
            ('M', 2) => "MM",
            ('M', 3) => "MMM",
            ('M', 4) => "MMMM",
            ('d', 1) => "D",
            ('d', 2) => "DD",
            ('E', 1..=3) => "ddd",
            ('E', _) => "dddd",
            _ => {
                return Err(format!(
                    "`{}` in `{written}` is not a date token netkeep reads (it reads yyyy, yy, M, MM, MMM, MMMM, d, dd, EEE, EEEE and 'text')",
                    &rest[..run]
                ))
            }
        };
        out.push_str(token);
        rest = &rest[run..];
    }
    Ok(out)
}

/// Periodic Notes' daily settings: `daily` (versions up to 0.0.17), or the
/// `day` of the active calendar set (1.0).
fn periodic_daily(json: &serde_json::Value) -> Option<&serde_json::Value> {
    if let Some(daily) = json.get("daily").filter(|d| d.is_object()) {
        return Some(daily);
    }
    let sets = json.get("calendarSets")?.as_array()?;
    let active = json.get("activeCalendarSet").and_then(|a| a.as_str());
    sets.iter()
        .find(|s| active.is_none_or(|a| s.get("id").and_then(|i| i.as_str()) == Some(a)))
        .and_then(|s| s.get("day"))
        .filter(|d| d.is_object())
}

/// The date a note's file stem starts with, when more follows it:
/// `2026-04-10 - Intro Call - Jane Doe`, `2022-10-10_0937`. A stem that is
/// only a date is a daily note, found by the daily-note rules instead.
pub fn name_date(stem: &str) -> Option<NaiveDate> {
    let after = stem.as_bytes().get(10)?;
    if after.is_ascii_digit() {
        return None;
    }
    crate::dates::date_prefix(stem.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_vault as vault;

    fn d(s: &str) -> Option<NaiveDate> {
        crate::dates::parse_date(s)
    }

    #[test]
    fn core_settings_with_a_nested_format() {
        let dir = vault(&[(
            CORE_SETTINGS,
            r#"{"folder": "/Journal/", "format": "YYYY/MM/YYYY-MM-DD", "template": ""}"#,
        )]);
        let (daily, diags) = DailyNotes::load(dir.path());
        assert!(diags.is_empty(), "{diags:?}");
        let daily = daily.unwrap();
        assert_eq!(daily.folder, "journal");
        assert_eq!(daily.source, CORE_SETTINGS);
        assert_eq!(
            daily.date_of("Journal/2026/04/2026-04-10.md"),
            d("2026-04-10")
        );
        assert_eq!(
            daily.date_of("journal/2026/04/2026-04-10.md"),
            d("2026-04-10")
        );
        assert_eq!(daily.date_of("Journal/2026-04-10.md"), None);
        assert_eq!(daily.date_of("Other/2026/04/2026-04-10.md"), None);
        assert!(daily.describe().contains("YYYY/MM/YYYY-MM-DD"));
    }

    #[test]
    fn empty_settings_are_obsidians_defaults() {
        let dir = vault(&[(CORE_SETTINGS, "{}")]);
        let daily = DailyNotes::load(dir.path()).0.unwrap();
        assert_eq!(daily.folder, "");
        assert_eq!(daily.date_of("2026-04-10.md"), d("2026-04-10"));
        assert_eq!(daily.date_of("x/2026-04-10.md"), None);
    }

    #[test]
    fn periodic_notes_win_over_the_core_plugin_when_on() {
        let dir = vault(&[
            (
                CORE_SETTINGS,
                r#"{"folder": "Core", "format": "YYYY-MM-DD"}"#,
            ),
            (
                PERIODIC_SETTINGS,
                r#"{"daily": {"enabled": true, "folder": "Daily", "format": "DD-MM-YYYY"}, "weekly": {"format": "gggg-[W]ww"}}"#,
            ),
        ]);
        let daily = DailyNotes::load(dir.path()).0.unwrap();
        assert_eq!(daily.source, PERIODIC_SETTINGS);
        assert_eq!(daily.date_of("Daily/10-04-2026.md"), d("2026-04-10"));
        // Off: the core plugin's settings apply.
        let dir = vault(&[
            (
                CORE_SETTINGS,
                r#"{"folder": "Core", "format": "YYYY_MM_DD"}"#,
            ),
            (
                PERIODIC_SETTINGS,
                r#"{"daily": {"enabled": false, "format": "DD-MM-YYYY"}}"#,
            ),
        ]);
        let daily = DailyNotes::load(dir.path()).0.unwrap();
        assert_eq!(daily.date_of("Core/2022_11_14.md"), d("2022-11-14"));
    }

    #[test]
    fn periodic_notes_calendar_sets() {
        let dir = vault(&[(
            PERIODIC_SETTINGS,
            r#"{"activeCalendarSet": "Work", "calendarSets": [
                {"id": "Home", "day": {"enabled": true, "format": "YYYY-MM-DD", "folder": "Home"}},
                {"id": "Work", "day": {"enabled": true, "format": "YYYY-MM-DD dddd", "folder": "Work"}}]}"#,
        )]);
        let daily = DailyNotes::load(dir.path()).0.unwrap();
        assert_eq!(daily.date_of("Work/2026-04-10 Friday.md"), d("2026-04-10"));
    }

    #[test]
    fn bad_json_and_unknown_tokens_are_warnings_and_the_defaults_apply() {
        let dir = vault(&[(CORE_SETTINGS, "{\"folder\": \"Journal\",\n\"format\": }")]);
        let (daily, diags) = DailyNotes::load(dir.path());
        assert_eq!(daily, None);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].path, CORE_SETTINGS);
        assert_eq!(diags[0].line, 2);
        assert!(diags[0].message.contains("not valid JSON"), "{diags:?}");

        let dir = vault(&[
            (
                CORE_SETTINGS,
                r#"{"folder": "Journal", "format": "YYYY-MM-DD"}"#,
            ),
            (
                PERIODIC_SETTINGS,
                "{\n  \"daily\": {\"enabled\": true, \"format\": \"YYYY-MM-DD-HHmm\"}\n}",
            ),
        ]);
        let (daily, diags) = DailyNotes::load(dir.path());
        assert_eq!(daily.unwrap().source, CORE_SETTINGS);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (2, 40));
        assert!(diags[0].message.contains("`HH`"), "{diags:?}");
    }

    #[test]
    fn logseq_journals_by_default_and_by_the_graphs_format() {
        let dir = vault(&[
            (LOGSEQ_CONFIG, "{:meta/version 1\n ;; :journal/file-name-format \"dd-MM-yyyy\"\n :preferred-format :markdown}\n"),
            ("journals/.keep", ""),
        ]);
        let (daily, diags) = DailyNotes::load(dir.path());
        assert!(diags.is_empty(), "{diags:?}");
        let daily = daily.unwrap();
        assert_eq!(daily.source, LOGSEQ_CONFIG);
        assert_eq!(daily.date_of("journals/2022_11_14.md"), d("2022-11-14"));
        assert_eq!(daily.date_of("pages/2022_11_14.md"), None);

        let dir = vault(&[
            (
                LOGSEQ_CONFIG,
                "{:journal/page-title-format \"MMM do, yyyy\" ; \":journal/file-name-format\"\n :journal/file-name-format \"EEE 'day' dd.MM.yyyy\"\n :journals-directory \"daily\"}",
            ),
            ("daily/.keep", ""),
        ]);
        let (daily, diags) = DailyNotes::load(dir.path());
        assert!(diags.is_empty(), "{diags:?}");
        let daily = daily.unwrap();
        assert_eq!(daily.format.written, "EEE 'day' dd.MM.yyyy");
        assert_eq!(
            daily.date_of("daily/Mon day 14.11.2022.md"),
            d("2022-11-14")
        );
    }

    #[test]
    fn logseq_settings_it_cannot_read_are_warnings() {
        let dir = vault(&[
            (LOGSEQ_CONFIG, "{:journal/file-name-format \"yyyy-ww\"}"),
            ("journals/.keep", ""),
        ]);
        let (daily, diags) = DailyNotes::load(dir.path());
        assert_eq!(
            daily.unwrap().date_of("journals/2022_11_14.md"),
            d("2022-11-14")
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (1, 28));
        assert!(diags[0].message.contains("`ww`"), "{diags:?}");

        let dir = vault(&[
            (LOGSEQ_CONFIG, "{:journal/file-name-format :yyyy}"),
            ("journals/.keep", ""),
        ]);
        let (_, diags) = DailyNotes::load(dir.path());
        assert!(
            diags[0].message.contains("not followed by a string"),
            "{diags:?}"
        );

        // Not EDN: a warning naming the file, and the defaults apply.
        for (bad, at) in [
            (
                "{:journal/file-name-format \"dd-MM-yyyy\"\n:x [1 2}",
                (2, 8),
            ),
            ("{:journal/file-name-format \"dd-MM-yyyy", (1, 28)),
            ("{:a \"}\" :b {\n", (1, 12)),
        ] {
            let dir = vault(&[(LOGSEQ_CONFIG, bad), ("journals/.keep", "")]);
            let (daily, diags) = DailyNotes::load(dir.path());
            let daily = daily.unwrap();
            assert_eq!(daily.date_of("journals/2022_11_14.md"), d("2022-11-14"));
            assert_eq!(diags.len(), 1, "{diags:?}");
            assert_eq!(diags[0].path, LOGSEQ_CONFIG);
            assert_eq!((diags[0].line, diags[0].column), at, "{bad}");
            assert!(diags[0].message.contains("not valid EDN"), "{diags:?}");
        }
        // Comments, strings and character literals hold no brackets.
        assert_eq!(edn_unbalanced("{:a \"]\" ; {\n :b \\( :c [1]}"), None);
    }

    #[test]
    fn logseq_tokens_become_moment_tokens() {
        assert_eq!(logseq_to_moment("yyyy_MM_dd").unwrap(), "YYYY_MM_DD");
        assert_eq!(
            logseq_to_moment("EEEE, d MMMM yy").unwrap(),
            "dddd, D MMMM YY"
        );
        assert_eq!(
            logseq_to_moment("'W'yyyy.M.d EEE").unwrap(),
            "[W]YYYY.M.D ddd"
        );
        assert!(logseq_to_moment("yyyy-ww").is_err());
        assert!(logseq_to_moment("'open").is_err());
    }

    #[test]
    fn dates_that_start_a_file_name() {
        assert_eq!(name_date("2022-10-10_0937"), d("2022-10-10"));
        assert_eq!(
            name_date("2026-04-10 - Intro Call - Jane Doe"),
            d("2026-04-10")
        );
        assert_eq!(name_date("2026-04-10"), None, "a daily note's stem");
        assert_eq!(name_date("2026-04-101"), None);
        assert_eq!(name_date("Notes 2026-04-10"), None);
        assert_eq!(name_date("2026-13-10 x"), None);
    }
}
