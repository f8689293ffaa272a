//! Inline fields in a note's body: Dataview's `key:: value` lines and
//! `[key:: value]` / `(key:: value)` inside a line, and bold-key lines
//! (`**Key:** value`, `- **Key:** value`), found in one line's text.

/// One field as written: its key and value, with where each starts in
/// the text it was found in (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Field<'a> {
    pub key: &'a str,
    pub value: &'a str,
    pub key_at: usize,
    pub value_at: usize,
}

/// The fields in `text` (a list item's, a heading's or a paragraph
/// line's text), left to right. Most lines hold none, and say so by their
/// first two bytes and one search for `::`.
pub(crate) fn fields<'a>(text: &'a str, mut found: impl FnMut(Field<'a>)) {
    let b = text.as_bytes();
    if b.starts_with(b"**") {
        if let Some(field) = bold(text) {
            found(field);
            return;
        }
    }
    let Some(first) = find_pair(b, 0) else {
        return;
    };
    if let Some(field) = own_line(text, first) {
        found(field);
        return;
    }
    bracketed(text, first, found);
}

/// `**Key:** value` or `**Key**: value`; `::` is Dataview's bold key.
fn bold(text: &str) -> Option<Field<'_>> {
    let close = text[2..].find("**")? + 2;
    let inner = &text[2..close];
    let after = &text[close + 2..];
    let (key, value_from) = if let Some(key) = inner.strip_suffix("::") {
        (key, close + 2)
    } else if let Some(key) = inner.strip_suffix(':') {
        (key, close + 2)
    } else if let Some(rest) = after.strip_prefix("::") {
        (inner, text.len() - rest.len())
    } else if let Some(rest) = after.strip_prefix(':') {
        (inner, text.len() - rest.len())
    } else {
        return None;
    };
    let key = key.trim();
    if !is_key(key) {
        return None;
    }
    let value = text[value_from..].trim();
    Some(Field {
        key,
        value,
        key_at: 2,
        value_at: value_at(text, value),
    })
}

/// `key:: value` as the whole line: the key from the line's start, a
/// space (or nothing) after the `::`, or a link right after it
/// (`participants::[[John Doe]]`); `std::vector` is no field.
fn own_line(text: &str, colons: usize) -> Option<Field<'_>> {
    let key = text[..colons].trim_end();
    if !is_key(key) {
        return None;
    }
    let rest = &text[colons + 2..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t']) || rest.starts_with("[[")) {
        return None;
    }
    let value = rest.trim();
    Some(Field {
        key,
        value,
        key_at: 0,
        value_at: value_at(text, value),
    })
}

/// `[key:: value]` and `(key:: value)` anywhere in the line; a value may
/// hold `[[links]]` and brackets of its own, as long as they pair up.
fn bracketed<'a>(text: &'a str, first: usize, mut found: impl FnMut(Field<'a>)) {
    let b = text.as_bytes();
    let mut colons = Some(first);
    let mut done = 0;
    // The last `[` or `(` seen, searched for once per byte: a line of
    // many `::` must cost its length, not its length squared.
    let mut scanned = 0;
    let mut last_open = None;
    while let Some(at) = colons {
        colons = find_pair(b, at + 2);
        if at < done {
            continue;
        }
        if let Some(i) = b[scanned.max(done)..at]
            .iter()
            .rposition(|&c| c == b'[' || c == b'(')
        {
            last_open = Some(scanned.max(done) + i);
        }
        scanned = at;
        let Some(open) = last_open.filter(|&o| o >= done) else {
            continue;
        };
        let key = text[open + 1..at].trim();
        if !is_key(key) || b.get(open + 1) == Some(&b' ') {
            continue;
        }
        let (opener, closer) = if b[open] == b'[' {
            (b'[', b']')
        } else {
            (b'(', b')')
        };
        let mut depth = 0usize;
        let mut close = None;
        for (i, &c) in b.iter().enumerate().skip(at + 2) {
            if c == opener {
                depth += 1;
            } else if c == closer {
                if depth == 0 {
                    close = Some(i);
                    break;
                }
                depth -= 1;
            }
        }
        let Some(close) = close else {
            return;
        };
        let value = text[at + 2..close].trim();
        found(Field {
            key,
            value,
            key_at: open + 1,
            value_at: value_at(text, value),
        });
        done = close + 1;
    }
}

/// A key as Dataview and templates write them: a letter, then letters,
/// digits, spaces, `-` and `_`, not too long to be a key.
fn is_key(key: &str) -> bool {
    let b = key.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphabetic)
        && b.len() <= 40
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b' ' | b'-' | b'_'))
}

/// Where `value`, a slice of `text`, starts in it.
fn value_at(text: &str, value: &str) -> usize {
    (value.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// Where `::` stands in `b` from `from` on.
fn find_pair(b: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memchr(b':', b.get(at..)?) {
        let i = at + i;
        if b.get(i + 1) == Some(&b':') {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<(&str, &str, usize, usize)> {
        let mut out = Vec::new();
        fields(text, |f| out.push((f.key, f.value, f.key_at, f.value_at)));
        out
    }

    fn pairs(text: &str) -> Vec<(&str, &str)> {
        all(text).into_iter().map(|f| (f.0, f.1)).collect()
    }

    #[test]
    fn every_form() {
        assert_eq!(
            all("birthday:: 1990-01-01"),
            [("birthday", "1990-01-01", 0, 11)]
        );
        assert_eq!(pairs("Last Contact::"), [("Last Contact", "")]);
        assert_eq!(
            all("**Last Contact:** 2026-04-10"),
            [("Last Contact", "2026-04-10", 2, 18)]
        );
        assert_eq!(pairs("**Direction**: Inbound"), [("Direction", "Inbound")]);
        assert_eq!(pairs("**Title**:: CEO"), [("Title", "CEO")]);
        assert_eq!(
            pairs("Met [role:: CEO] and (participants:: [[John Doe]], [[Ann]]) today"),
            [("role", "CEO"), ("participants", "[[John Doe]], [[Ann]]")]
        );
        assert_eq!(
            all("call [due:: 2026-04-18]"),
            [("due", "2026-04-18", 6, 12)]
        );
        assert_eq!(
            pairs("participants::[[John Doe]]"),
            [("participants", "[[John Doe]]")]
        );
        assert_eq!(pairs("std::vector"), []);
        assert_eq!(
            pairs("(participants::[[John Doe]])"),
            [("participants", "[[John Doe]]")]
        );
    }

    #[test]
    fn not_fields() {
        for text in [
            "see https://example.com::8080",
            "a plain line",
            "**bold** text",
            "**not a key!:** x",
            "time 12::30",
            "[ x:: y]",
            "[unclosed:: value",
            "C++::std",
            "",
            "::",
            "**",
        ] {
            assert_eq!(pairs(text), [], "{text}");
        }
    }

    #[test]
    fn a_long_line_of_colons_costs_its_length() {
        let text = "a:: ".repeat(20_000);
        let _ = all(&text);
        let text = "(".repeat(20_000) + &"x::".repeat(20_000);
        assert!(all(&text).is_empty());
    }
}
