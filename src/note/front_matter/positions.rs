//! Where keys, values and YAML errors are in the note, as file lines and columns.

use crate::diagnostic::to_u32;

/// Where each top-level key of the YAML starts: (key as written, file line,
/// column of its value). YAML libraries do not give positions for values,
/// and a warning must point at the line the user wrote.
pub(super) fn key_positions(yaml: &str, first_line: u32) -> Vec<(&str, u32, u32)> {
    let mut found = Vec::new();
    for (i, line) in yaml.split('\n').enumerate() {
        let Some(first) = line.chars().next() else {
            continue;
        };
        if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{') {
            continue;
        }
        let Some(colon) = line.find(':') else {
            continue;
        };
        let key = line[..colon].trim().trim_matches(['"', '\'']);
        let value_at = colon + 1 + (line[colon + 1..].len() - line[colon + 1..].trim_start().len());
        let column = to_u32(line[..value_at.min(line.len())].chars().count() + 1);
        found.push((key, first_line + to_u32(i), column));
    }
    found
}

/// Where a YAML error is, as the note's line and column. libyaml counts a
/// bare CR as a line break and netkeep does not, so its line number can
/// run past the front matter: the byte offset is the truth, counted the
/// way every other diagnostic is.
pub(super) fn yaml_position(yaml: &str, first_line: u32, at: &yaml_serde::Location) -> (u32, u32) {
    let mut index = at.index().min(yaml.len());
    while !yaml.is_char_boundary(index) {
        index -= 1;
    }
    let before = &yaml[..index];
    let line = before.bytes().filter(|&b| b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (first_line + to_u32(line), to_u32(column))
}
/// Finds where a key's values are written, in the order YAML lists them
/// (a sequence's items, a map's keys): YAML libraries give values no
/// positions, and a warning should point at the value the user wrote.
///
/// Each search starts where the one before ended, and lines and columns
/// are counted on from the last value found, so a list of thousands costs
/// one pass over the text. Once a value is not found (written with escapes,
/// say), it and the rest point at the key's line.
pub(super) struct ValueFinder<'y> {
    yaml: &'y str,
    first_line: u32,
    key_line: u32,
    /// Where the next search starts; `None` once one failed.
    search_from: Option<usize>,
    /// The last position found: its byte offset, its line in `yaml`
    /// (0-based) and the characters before it on that line.
    at: usize,
    line: u32,
    chars: usize,
}

impl<'y> ValueFinder<'y> {
    /// Values of the key on file line `key_line`, looked for after its `:`.
    pub(super) fn new(yaml: &'y str, first_line: u32, key_line: u32) -> Self {
        let line = key_line.saturating_sub(first_line);
        let line_start: usize = yaml
            .split_inclusive('\n')
            .take(to_usize(line))
            .map(str::len)
            .sum();
        let line_end = memchr::memchr(b'\n', &yaml.as_bytes()[line_start..])
            .map_or(yaml.len(), |i| line_start + i);
        let after_colon = yaml[line_start..line_end]
            .find(':')
            .map_or(line_start, |c| line_start + c + 1);
        ValueFinder {
            yaml,
            first_line,
            key_line,
            search_from: Some(after_colon),
            at: line_start,
            line,
            chars: 0,
        }
    }

    /// The file line and column of the next `needle`, or of `lead` right
    /// before it (`[[` before a link's target). A `key` is a map's key:
    /// only a `:` may follow it, after a closing quote.
    pub(super) fn next(&mut self, needle: &str, lead: &str, key: bool) -> (u32, u32) {
        let not_found = (self.key_line, 1);
        let Some(mut from) = self.search_from.filter(|_| !needle.is_empty()) else {
            return not_found;
        };
        let mut hit = loop {
            let Some(i) = self.yaml[from..].find(needle) else {
                self.search_from = None;
                return not_found;
            };
            let after = &self.yaml[from + i + needle.len()..];
            let after = after.strip_prefix(['"', '\'']).unwrap_or(after);
            if !key || after.trim_start_matches([' ', '\t']).starts_with(':') {
                break from + i;
            }
            from += i + needle.len();
        };
        self.search_from = Some(hit + needle.len());
        if hit >= self.at + lead.len() && self.yaml[..hit].ends_with(lead) {
            hit -= lead.len();
        }
        let passed = &self.yaml[self.at..hit];
        match passed.rfind('\n') {
            Some(last) => {
                self.line += to_u32(memchr::memchr_iter(b'\n', passed.as_bytes()).count());
                self.chars = passed[last + 1..].chars().count();
            }
            None => self.chars += passed.chars().count(),
        }
        self.at = hit;
        (self.first_line + self.line, to_u32(self.chars + 1))
    }
}

fn to_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_of_links_in_front_matter_cost_one_pass() {
        let n = 5_000;
        let list: Vec<String> = (0..n).map(|i| format!("\"[[P{i}]]\"")).collect();
        let yaml = format!("date: 2026-09-20\ncontacts: [{}]\n", list.join(", "));
        let fm = super::super::parse(&yaml, 2, "n.md", &mut Vec::new()).unwrap();
        assert_eq!(fm.with.len(), n);
        let last = fm.with.last().unwrap();
        let offset = yaml.find(&format!("[[P{}]]", n - 1)).unwrap();
        let line_start = yaml[..offset].rfind('\n').unwrap() + 1;
        assert_eq!(
            (last.line, last.column),
            (3, to_u32(offset - line_start + 1))
        );
        // Every search after the first starts past the one before: the
        // finder never goes back.
        let mut values = ValueFinder::new(&yaml, 2, 3);
        let mut last_at = 0;
        for i in 0..n {
            values.next(&format!("P{i}"), "[[", false);
            assert!(values.at >= last_at);
            last_at = values.at;
        }
        assert_eq!(values.next("P0", "[[", false), (3, 1), "behind: not found");
        assert_eq!(
            values.next("P1", "[[", false),
            (3, 1),
            "and the rest point at the key"
        );
    }
}
