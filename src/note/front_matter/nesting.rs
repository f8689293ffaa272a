//! A guard on how deep front matter nests before the YAML parser reads it.

/// Flow collections (`[...]`, `{...}`) nested deeper than this are not
/// handed to the YAML parser: its cost grows with the square of the depth
/// (a 64 KiB `[[[[...` costs seconds), and no note needs more than a few.
pub const MAX_NESTING: usize = 64;

/// The byte offset in `yaml` of the `[` or `{` that first nests deeper
/// than `limit`, if one does.
///
/// Brackets inside quoted strings and comments do not count. Two scans
/// decide, and either one finding too deep is enough: one lets quoted
/// strings run over lines and skips block scalars (`|`, `>`), as YAML
/// does; the other ends every quote at its line's end and reads block
/// scalars as if they were YAML. Each covers where the other could be
/// fooled into skipping brackets YAML would read, and both only ever
/// over-count text that YAML reads as text.
pub fn too_deep(yaml: &str, limit: usize) -> Option<usize> {
    match (nesting(yaml, limit, true), nesting(yaml, limit, false)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn nesting(yaml: &str, limit: usize, like_yaml: bool) -> Option<usize> {
    let b = yaml.as_bytes();
    let blank_or_space = |i: usize| {
        b.get(i)
            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
    };
    let line_end = |i: usize| memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
    let mut depth = 0usize;
    let mut i = 0;
    // Lines indented more than this belong to a block scalar.
    let mut block_scalar: Option<usize> = None;
    while i < b.len() {
        // The start of a line: its indentation, and where its key starts
        // (after any `- ` or `? ` indicators).
        let start = i;
        let indent = b[i..].iter().take_while(|&&c| c == b' ').count();
        let end = line_end(i);
        if let Some(parent) = block_scalar {
            if indent > parent || yaml[start..end].trim().is_empty() {
                i = end + 1;
                continue;
            }
            block_scalar = None;
        }
        i += indent;
        let mut scalar_start = true;
        let mut indicator_col = indent;
        let mut key_col = None;
        let mut after_colon = false;
        while i < b.len() && b[i] != b'\n' {
            let c = b[i];
            if key_col.is_none() && !matches!(c, b' ' | b'\t') {
                if matches!(c, b'-' | b'?') && blank_or_space(i + 1) {
                    indicator_col = i - start;
                } else {
                    key_col = Some(i - start);
                }
            }
            match c {
                b'"' | b'\'' if scalar_start => {
                    match closing_quote(b, i, like_yaml) {
                        Some(close) => i = close,
                        // YAML fails on a quote never closed; the other
                        // scan reads on.
                        None if like_yaml => return None,
                        None => {}
                    }
                    scalar_start = false;
                }
                b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n') => {
                    i = line_end(i);
                    continue;
                }
                b'[' | b'{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(i);
                    }
                    scalar_start = true;
                }
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    scalar_start = false;
                }
                b',' if depth > 0 => scalar_start = true,
                b':' if depth > 0 || blank_or_space(i + 1) => {
                    scalar_start = true;
                    after_colon = true;
                }
                b'-' | b'?' if blank_or_space(i + 1) => scalar_start = true,
                b'|' | b'>' if scalar_start && depth == 0 && like_yaml => {
                    let header = yaml[i + 1..line_end(i)].split(" #").next().unwrap_or("");
                    if header
                        .trim()
                        .bytes()
                        .all(|h| matches!(h, b'+' | b'-' | b'0'..=b'9'))
                    {
                        // Its text is indented more than its key (or, for
                        // `- |`, than its dash).
                        block_scalar = Some(if after_colon {
                            key_col.unwrap_or(indent)
                        } else {
                            indicator_col
                        });
                        i = line_end(i);
                        continue;
                    }
                    scalar_start = false;
                }
                b' ' | b'\t' | b'\r' => {}
                _ => scalar_start = false,
            }
            i += 1;
        }
        i += 1;
    }
    None
}

/// The offset of the quote that closes the one at `open`: `''` is a quote
/// inside single quotes, `\"` inside double ones. `None` when it does not
/// close (on its line, unless `across_lines`).
fn closing_quote(b: &[u8], open: usize, across_lines: bool) -> Option<usize> {
    let quote = b[open];
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\n' if !across_lines => return None,
            b'\\' if quote == b'"' => {
                if b.get(i + 1) == Some(&b'\n') && !across_lines {
                    return None;
                }
                i += 1;
            }
            c if c == quote => {
                if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_bounded_before_the_yaml_parser_sees_it() {
        let deep = |n: usize| format!("x: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert_eq!(too_deep(&deep(64), 64), None);
        assert_eq!(too_deep(&deep(65), 64), Some(3 + 64));
        assert_eq!(too_deep(&"{a: ".repeat(100), 64), Some(4 * 64));
        // Ordinary front matter, brackets in quotes and comments.
        let fine = "aliases: [\"[[A]]\", '[[B]]']\ntags: [a, b] # [[[[\nq: \"[[[[ \\\" [[[[\"\n";
        assert_eq!(too_deep(fine, 2), None);
        let many_quoted = format!(
            "name: \"{}\"\nit: 'a''{}'\n",
            "[".repeat(100),
            "{".repeat(100)
        );
        assert_eq!(too_deep(&many_quoted, 64), None);
        // A plain scalar's apostrophe opens no quote.
        let plain = format!("name: O'Brien\nx: {}", "[".repeat(70));
        assert!(too_deep(&plain, 64).is_some());
    }

    #[test]
    fn nesting_cannot_hide_behind_quotes_or_block_scalars() {
        let brackets = "[".repeat(70);
        // A quote inside a block scalar is text, not the start of a string.
        let after_block = format!("notes: |\n  \"\nx: {brackets}\n");
        assert!(too_deep(&after_block, 64).is_some());
        let in_list = format!("- |\n  '\n- {brackets}\n");
        assert!(too_deep(&in_list, 64).is_some());
        // A string running over lines ends where YAML ends it.
        let multi_line = format!("k: \"abc\n  \" {brackets} \"\n");
        assert!(too_deep(&multi_line, 64).is_some());
        // `]` in quotes does not close a level.
        let closers = format!("x: {}", "[ \"]\", ".repeat(70));
        assert!(too_deep(&closers, 64).is_some());
        // A block scalar's own text is skipped.
        let text = format!("notes: >-\n  {brackets}\n  more\nname: Ann\n");
        assert!(nesting(&text, 64, true).is_none());
    }
}
