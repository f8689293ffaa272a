//! Diagnostics: what netkeep says about a user's files, always with
//! `path:line:col` so an editor can jump to it.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

/// Whether a diagnostic changes what a report counts (a file not read, a
/// value ignored) or is only a lint that `check` lists (a link to nobody,
/// entries out of order). Reports print the first kind and count the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Read,
    Lint,
    /// Lines of a note that look like entries and are not read (one
    /// diagnostic per note): reports print one line for all such notes.
    Unread,
    /// Like `Unread`, for dates in numbers with the year last
    /// (`03/12/2026`) in a vault without `date_order`; `check` gives the
    /// fix once for the vault.
    DayMonth,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Relative to the vault root, with `/`.
    pub path: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    pub level: Level,
    pub kind: Kind,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            line,
            column,
            level: Level::Error,
            kind: Kind::Read,
            message: message.into(),
        }
    }

    pub fn warning(path: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    pub fn lint(mut self) -> Self {
        self.kind = Kind::Lint;
        self
    }

    /// The order `check` lists diagnostics in: by file, then position.
    pub fn sort_key(&self) -> (&str, u32, u32, &str) {
        (&self.path, self.line, self.column, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path, self.line, self.column, level, self.message
        )
    }
}

/// Line and column (1-based, column in characters) of byte `offset` in
/// `text`. An offset past the end points just past the last character.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (to_u32(line), to_u32(column))
}

pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_path_line_col() {
        let d = Diagnostic::warning("people/Ann.md", 3, 11, "bad date");
        assert_eq!(d.to_string(), "people/Ann.md:3:11: warning: bad date");
        let e = Diagnostic::error("netkeep.toml", 1, 1, "unknown key");
        assert_eq!(e.to_string(), "netkeep.toml:1:1: error: unknown key");
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nçd\r\nef";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(line_col(text, 8), (3, 1));
        assert_eq!(line_col(text, 4), (2, 1), "inside a character");
        assert_eq!(line_col(text, 100), (3, 3));
    }
}
