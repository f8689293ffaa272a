//! Finding the front matter: the YAML block between `---` lines, and the body after it.

use crate::diagnostic::to_u32;

/// Front matter larger than this is not parsed: a broken or hostile file
/// must never stall a scan.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;

/// A note's text cut into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the delimiters (absent, or too large to read).
    pub yaml: Option<&'a str>,
    /// The file line of the YAML's first line.
    pub yaml_first_line: u32,
    /// Front matter was there but over [`MAX_FRONT_MATTER`].
    pub too_large: bool,
    /// A first line `---` followed by what looks like YAML, and no closing
    /// line: front matter the user meant, which is not read.
    pub unclosed: bool,
    /// Byte-order marks after the first one (an editor or a script that
    /// added one to a file that had one); read past, but other tools may not.
    pub extra_boms: u32,
    pub body: &'a str,
    /// The file line of the body's first line.
    pub body_first_line: u32,
}

/// Finds the front matter: a first line `---` (after an optional BOM) and
/// the next line that is `---` or `...`. Without a closing line there is no
/// front matter, as in Obsidian ([`Split::unclosed`] says when it looks
/// meant). Repeated BOMs are read past ([`Split::extra_boms`]).
pub fn split(text: &str) -> Split<'_> {
    let after_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = after_bom.trim_start_matches('\u{feff}');
    let extra_boms = to_u32((after_bom.len() - text.len()) / '\u{feff}'.len_utf8());
    let no_front = Split {
        yaml: None,
        yaml_first_line: 2,
        too_large: false,
        unclosed: false,
        extra_boms,
        body: text,
        body_first_line: 1,
    };
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return no_front;
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut at = yaml_start;
    let mut lines = 1u32;
    while at < text.len() {
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
        let line = text[at..end].trim_end();
        lines += 1;
        if line == "---" || line == "..." {
            let yaml = &text[yaml_start..at];
            let too_large = yaml.len() > MAX_FRONT_MATTER;
            let body_start = (end + 1).min(text.len());
            return Split {
                yaml: (!too_large).then_some(yaml),
                yaml_first_line: 2,
                too_large,
                unclosed: false,
                extra_boms,
                body: &text[body_start..],
                body_first_line: lines + 1,
            };
        }
        at = end + 1;
    }
    Split {
        unclosed: looks_like_yaml(&text[yaml_start..]),
        ..no_front
    }
}

/// Whether the first non-blank line of `text` is a `key: value` line with
/// a one-word key: a note that opens with `---` and then prose ("Dear
/// diary: ...") is using a horizontal rule.
fn looks_like_yaml(text: &str) -> bool {
    let Some(line) = text.lines().map(str::trim_end).find(|l| !l.is_empty()) else {
        return false;
    };
    let Some((key, _)) = line.split_once(':') else {
        return false;
    };
    let after = &line[key.len() + 1..];
    !key.is_empty()
        && !key.contains(char::is_whitespace)
        && !key.starts_with([' ', '\t', '#', '-', '>', '*', '[', '`'])
        && (after.is_empty() || after.starts_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_front_matter_and_body_lines() {
        let s = split("---\na: 1\n---\nbody\n");
        assert_eq!(s.yaml, Some("a: 1\n"));
        assert_eq!((s.body, s.body_first_line), ("body\n", 4));
        let s = split("\u{feff}---\r\na: 1\r\n...\r\nbody");
        assert_eq!(s.yaml, Some("a: 1\r\n"));
        assert_eq!((s.body, s.body_first_line), ("body", 4));
        let s = split("---\n---\n");
        assert_eq!((s.yaml, s.body, s.body_first_line), (Some(""), "", 3));
        let s = split("no front\n---\n");
        assert_eq!((s.yaml, s.body_first_line), (None, 1));
        let s = split("---\nnever closed\n");
        assert_eq!((s.yaml, s.body), (None, "---\nnever closed\n"));
        let s = split("--- \nx: 1\n---");
        assert_eq!((s.yaml, s.body), (Some("x: 1\n"), ""));
    }

    #[test]
    fn split_refuses_huge_front_matter() {
        let text = format!(
            "---\n{}---\nbody\n",
            "k: v\n".repeat(MAX_FRONT_MATTER / 5 + 10)
        );
        let s = split(&text);
        assert!(s.too_large);
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn split_says_when_front_matter_is_never_closed() {
        let s = split("---\nname: Ann\n- 2026-01-01 x\n");
        assert!(s.unclosed);
        assert_eq!(s.yaml, None);
        assert!(split("\u{feff}---\r\n\r\nname:\r\n").unclosed);
        // Prose after a rule is not front matter someone forgot to close.
        assert!(!split("---\nDear diary: today\n").unclosed);
        assert!(!split("---\n- a: b\n").unclosed);
        assert!(!split("---\n").unclosed);
        assert!(!split("---\nname: Ann\n---\n").unclosed);
    }

    #[test]
    fn split_reads_past_repeated_boms() {
        let s = split("\u{feff}\u{feff}\u{feff}---\nname: Ann\n---\nbody");
        assert_eq!(
            (s.yaml, s.extra_boms, s.body),
            (Some("name: Ann\n"), 2, "body")
        );
        assert_eq!(split("\u{feff}---\n---\n").extra_boms, 0);
        assert_eq!(split("\u{feff}\u{feff}body").body, "body");
    }
}
