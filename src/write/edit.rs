//! Edits as pure functions from a note's old text to its new text. Each
//! inserts or replaces whole lines and leaves every other byte as it was:
//! line endings, BOM, a missing final newline, front matter and comments.

use crate::dates::DateOrder;
use crate::note::body::{BlockKind, BodyScanner, BEGIN_MARKER, END_MARKER};
use crate::note::inline::{split_item, split_item_in, TaskBox};
use chrono::NaiveDate;

/// The line ending a file uses: the first one in it, else LF. A text with
/// no LF that ends in a CR gets CRLF: an LF added after that CR would make
/// the first line end in CRLF anyway, and the next edit would see CRLF.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        None if text.ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// Byte offsets where each line starts (and `text.len()` when the text
/// ends with a newline, as the start of the empty last line).
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    starts
}

/// Puts `line` (no line ending) in as a whole line before line `index`
/// (0-based); at or past the end, after the last line. A file without a
/// final newline keeps having none.
fn insert_line(text: &str, index: usize, line: &str) -> String {
    let le = line_ending(text);
    let starts = line_starts(text);
    let mut out = String::with_capacity(text.len() + line.len() + 2);
    if index < starts.len() && starts[index] < text.len() {
        let at = starts[index];
        out.push_str(&text[..at]);
        out.push_str(line);
        out.push_str(le);
        out.push_str(&text[at..]);
    } else if text.is_empty() || text.ends_with('\n') {
        out.push_str(text);
        out.push_str(line);
        out.push_str(le);
    } else {
        out.push_str(text);
        out.push_str(le);
        out.push_str(line);
    }
    out
}

/// How a note writes its log entries, so a new one looks like the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryStyle {
    pub indent: String,
    pub bullet: char,
    /// `[[2026-11-02]]` rather than `2026-11-02`.
    pub linked_date: bool,
}

impl Default for EntryStyle {
    fn default() -> Self {
        EntryStyle {
            indent: String::new(),
            bullet: '-',
            linked_date: false,
        }
    }
}

impl EntryStyle {
    pub fn line(&self, date: NaiveDate, rest: &str) -> String {
        let date = if self.linked_date {
            format!("[[{date}]]")
        } else {
            date.to_string()
        };
        let rest = rest.trim();
        if rest.is_empty() {
            format!("{}{} {date}", self.indent, self.bullet)
        } else {
            format!("{}{} {date} {rest}", self.indent, self.bullet)
        }
    }
}

struct LogEntry {
    /// 0-based line index.
    index: usize,
    date: NaiveDate,
    /// Indentation in bytes.
    indent: usize,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Adds a log entry dated `date` with text `rest` (arrow, words, tags)
/// under the note's `Log` heading (any level, any case), created at the end
/// when missing. The entry goes where its date belongs in the order the log
/// already uses, newest first or newest last (newest last when it cannot
/// tell), in the log's own bullet, indentation and date style.
pub fn add_log_entry(text: &str, date: NaiveDate, rest: &str) -> String {
    let split = crate::note::front_matter::split(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut heading: Option<(usize, usize)> = None; // (0-based line, level)
    let mut section_end = lines.len();
    let mut entries: Vec<LogEntry> = Vec::new();
    let mut style = EntryStyle::default();
    let mut scanner = BodyScanner::new(split.body, split.body_first_line);
    for block in scanner.by_ref() {
        let index = block.line_no as usize - 1;
        match (block.kind, heading) {
            (BlockKind::Heading, None) => {
                let title = block.text().trim().trim_end_matches('#').trim();
                if title.eq_ignore_ascii_case("log") {
                    let level = block
                        .line
                        .trim_start()
                        .bytes()
                        .take_while(|&b| b == b'#')
                        .count();
                    heading = Some((index, level));
                }
            }
            (BlockKind::Heading, Some((_, level))) => {
                let this = block
                    .line
                    .trim_start()
                    .bytes()
                    .take_while(|&b| b == b'#')
                    .count();
                if this <= level {
                    section_end = index;
                    break;
                }
            }
            (BlockKind::ListItem, Some(_)) => {
                let parts = split_item(block.text());
                // Tasks dated in the log keep its order too.
                if let (false, Some(d)) = (parts.task == TaskBox::Cancelled, parts.date) {
                    let indent = indent_of(block.line);
                    if entries.is_empty() || indent < entries[0].indent {
                        // The shallowest entries are the log's own level.
                        entries.retain(|e| e.indent <= indent);
                        style = EntryStyle {
                            indent: block.line[..indent].to_string(),
                            bullet: block.line[indent..].chars().next().unwrap_or('-'),
                            linked_date: block.text().starts_with("[["),
                        };
                    }
                    if indent == entries.first().map_or(indent, |e| e.indent) {
                        entries.push(LogEntry {
                            index,
                            date: d,
                            indent,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    // netkeep's generated region ends a log that runs into it.
    if let Some((h, _)) = heading {
        if let Some(marker) = lines[h + 1..section_end]
            .iter()
            .position(|l| l.trim_start().starts_with(BEGIN_MARKER))
        {
            section_end = h + 1 + marker;
        }
    }
    let line = style.line(date, rest);
    let Some((h, _)) = heading else {
        return append_log_section(text, &line);
    };

    let newest_first = match (entries.first(), entries.last()) {
        (Some(a), Some(b)) => a.date > b.date,
        _ => false,
    };
    let before = entries.iter().find(|e| {
        if newest_first {
            e.date <= date
        } else {
            e.date > date
        }
    });
    let index = match (before, entries.last()) {
        (Some(e), _) => e.index,
        (None, Some(last)) => end_of_item(&lines, last.index, section_end),
        (None, None) => {
            // Right under the heading, after one blank line if it has one.
            let mut at = h + 1;
            if at < section_end && lines[at].trim().is_empty() {
                at += 1;
            }
            let next_is_text =
                at < section_end && !lines[at].trim().is_empty() && !is_list_line(lines[at]);
            if next_is_text {
                // Keep the new list apart from the paragraph after it.
                let with_blank = insert_line(text, at, "");
                return insert_line(&with_blank, at, &line);
            }
            at
        }
    };
    insert_line(text, index, &line)
}

fn is_list_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") || t == "-"
}

/// The line after an entry and everything nested under it.
fn end_of_item(lines: &[&str], item: usize, section_end: usize) -> usize {
    let indent = indent_of(lines[item]);
    let mut end = item + 1;
    let mut last_content = item + 1;
    while end < section_end {
        let l = lines[end];
        if !l.trim().is_empty() {
            if indent_of(l) <= indent {
                break;
            }
            last_content = end + 1;
        }
        end += 1;
    }
    last_content
}

/// A new `## Log` section at the end of the note, holding `line`.
fn append_log_section(text: &str, line: &str) -> String {
    let le = line_ending(text);
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(le);
    }
    let body_is_empty = crate::note::front_matter::split(text)
        .body
        .trim()
        .is_empty();
    if !out.is_empty() && !out.ends_with(&format!("{le}{le}")) && !body_is_empty {
        out.push_str(le);
    }
    out.push_str("## Log");
    out.push_str(le);
    out.push_str(le);
    out.push_str(line);
    // A file that did not end with a newline still does not.
    if text.is_empty() || text.ends_with('\n') {
        out.push_str(le);
    }
    out
}

/// Why a generated region cannot be replaced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    #[error("line {0} has `{BEGIN_MARKER}` but no `{END_MARKER}` after it; add it back so netkeep knows where its text ends")]
    Unclosed(usize),
}

/// Where netkeep's generated region is: (first line, line after the end
/// marker), 0-based, markers included.
///
/// Markers inside a fenced code block (a note documenting netkeep, say)
/// are text, as the note parser reads them. A fence that no later line
/// closes hides nothing here: it would hide a region appended after it from
/// the next run, which would append another.
pub fn find_region(text: &str) -> Result<Option<(usize, usize)>, RegionError> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|raw| raw.trim_start_matches('\u{feff}').trim_start())
        .collect();
    // A fence-like line in front matter (a block scalar's text) is none.
    let body_from = crate::note::front_matter::split(text).body_first_line as usize - 1;
    // For each line, the longest runs of backticks and of tildes that close
    // a fence on the lines from it on: a fence opens only if one follows.
    let mut closers = vec![(0, 0); lines.len() + 1];
    for (i, line) in lines.iter().enumerate().rev() {
        let (mut ticks, mut tildes) = closers[i + 1];
        if i >= body_from {
            match fence_line(line) {
                Some((b'`', run, true)) => ticks = ticks.max(run),
                Some((b'~', run, true)) => tildes = tildes.max(run),
                _ => {}
            }
        }
        closers[i] = (ticks, tildes);
    }
    let mut begin = None;
    let mut fence: Option<(u8, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        if begin.is_none() && i >= body_from {
            let found = fence_line(line);
            if let Some((ch, len)) = fence {
                if let Some((c, run, true)) = found {
                    if c == ch && run >= len {
                        fence = None;
                    }
                }
                continue;
            }
            if let Some((ch, run, _)) = found {
                let (ticks, tildes) = closers[i + 1];
                if run <= if ch == b'`' { ticks } else { tildes } {
                    fence = Some((ch, run));
                    continue;
                }
            }
        }
        match begin {
            None if line.starts_with(BEGIN_MARKER) => begin = Some(i),
            Some(b) if line.starts_with(END_MARKER) => return Ok(Some((b, i + 1))),
            _ => {}
        }
    }
    match begin {
        Some(b) => Err(RegionError::Unclosed(b + 1)),
        None => Ok(None),
    }
}

/// A fence line by the note parser's rules ([`BodyScanner`]): its
/// character, the length of its run (three or more backticks or tildes),
/// and whether it could close a fence (nothing after the run). An opening
/// backtick fence has no backtick after its run.
fn fence_line(line: &str) -> Option<(u8, usize, bool)> {
    let line = line.trim_start_matches(['>', ' ', '\t']);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let bytes = line.as_bytes();
    let &first = bytes.first().filter(|b| matches!(b, b'`' | b'~'))?;
    let run = bytes.iter().take_while(|&&b| b == first).count();
    let rest = &line[run..];
    let closes = rest.trim().is_empty();
    (run >= 3 && (closes || !(first == b'`' && rest.contains('`')))).then_some((first, run, closes))
}

/// The text of the generated region, markers included (`None` when there is
/// none).
pub fn region_text(text: &str) -> Result<Option<&str>, RegionError> {
    let Some((b, e)) = find_region(text)? else {
        return Ok(None);
    };
    let starts = line_starts(text);
    let end = starts.get(e).copied().unwrap_or(text.len());
    Ok(Some(&text[content_start(text, &starts, b)..end]))
}

/// Byte offset where line `index` starts, after a BOM on the first line.
fn content_start(text: &str, starts: &[usize], index: usize) -> usize {
    if index == 0 && text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        starts[index]
    }
}

/// Replaces the generated region with `region` (markers included, `\n`
/// line endings; written in the file's own). Without a region, `region`
/// goes at the end after a blank line. Text outside stays byte for byte.
pub fn replace_region(text: &str, region: &str) -> Result<String, RegionError> {
    let le = line_ending(text);
    let mut region: String = region.replace("\r\n", "\n");
    if !region.ends_with('\n') {
        region.push('\n');
    }
    if le == "\r\n" {
        region = region.replace('\n', "\r\n");
    }
    match find_region(text)? {
        Some((b, e)) => {
            let starts = line_starts(text);
            let from = content_start(text, &starts, b);
            match starts.get(e).filter(|&&s| s <= text.len()) {
                Some(&to) if to > from && text[..to].ends_with('\n') => {
                    Ok(format!("{}{}{}", &text[..from], region, &text[to..]))
                }
                _ => {
                    // The end marker is the last line, without a newline:
                    // keep it without one.
                    let trimmed = region.strip_suffix(le).unwrap_or(&region);
                    Ok(format!("{}{}", &text[..from], trimmed))
                }
            }
        }
        None => {
            let mut out = text.to_string();
            if !out.is_empty() {
                if !out.ends_with('\n') {
                    out.push_str(le);
                }
                if !out.ends_with(&format!("{le}{le}")) {
                    out.push_str(le);
                }
            }
            out.push_str(&region);
            Ok(out)
        }
    }
}

/// Ticks an open task: `[ ]` becomes `[x]` and ` ✅ DATE` (Obsidian
/// Tasks' done date) is added at the end of the line. The task is the one
/// whose text (without its dates, as the index keeps it) is `task_text`;
/// the one on `line_no` (1-based) when several are, since the note may have
/// changed since it was read. `None` when no such open task is left.
pub fn complete_task(text: &str, line_no: u32, task_text: &str, done: NaiveDate) -> Option<String> {
    let split = crate::note::front_matter::split(text);
    let found: Vec<(u32, usize)> = BodyScanner::new(split.body, split.body_first_line)
        .filter(|b| b.kind == BlockKind::ListItem)
        .filter_map(|b| {
            // The task's text as the index keeps it, read with the date
            // order of any vault (`03/12/2026` is a date only where
            // `date_order` says so): the text and line must match anyway,
            // so trying each cannot pick another task.
            let same = b.text().starts_with("[ ]")
                && [DateOrder::Unset, DateOrder::DayFirst, DateOrder::MonthFirst]
                    .into_iter()
                    .any(|order| {
                        let parts = split_item_in(b.text(), order);
                        parts.task == TaskBox::Open
                            && crate::note::inline::without_task_dates(parts.text) == task_text
                    });
            same.then_some((b.line_no, b.start))
        })
        .collect();
    let &(line, start) = found
        .iter()
        .find(|(l, _)| *l == line_no)
        .or(found.first())?;
    let starts = line_starts(text);
    // The body is the text's tail; its first line starts after the front
    // matter, or after a BOM (or two) that `split` reads past.
    let line_start = if line == split.body_first_line {
        text.len() - split.body.len()
    } else {
        *starts.get(line as usize - 1)?
    };
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let content_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    let box_at = line_start + start;
    if text.get(box_at..box_at + 3) != Some("[ ]") {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..box_at]);
    out.push_str("[x]");
    out.push_str(text[box_at + 3..content_end].trim_end());
    out.push_str(&format!(" ✅ {done}"));
    out.push_str(&text[content_end..]);
    Some(out)
}

/// An agenda item the user ticked: the contact it links and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    pub target: String,
    /// The item's text after its link and `: `.
    pub what: String,
}

/// The ticked (`[x]`) task lines of the generated region that start with a
/// `[[link]]`, or with the Markdown link `[name](path)` the agenda writes
/// for a note a wikilink cannot name (its target is then the note's id).
pub fn ticks(text: &str) -> Vec<Tick> {
    let Ok(Some(region)) = region_text(text) else {
        return Vec::new();
    };
    region.lines().filter_map(tick_of).collect()
}

/// The tick on one line of the region, if it is a ticked item.
pub(crate) fn tick_of(line: &str) -> Option<Tick> {
    let t = line.trim_start();
    let rest = ["- [x] ", "- [X] ", "* [x] ", "* [X] "]
        .iter()
        .find_map(|p| t.strip_prefix(p))?;
    let (target, after) = match crate::note::inline::wikilinks(rest)
        .next()
        .filter(|l| l.offset == 0)
    {
        Some(link) => (link.target.to_string(), &rest[rest.find("]]")? + 2..]),
        None => markdown_link(rest)?,
    };
    Some(Tick {
        target,
        what: after.trim_start_matches(':').trim().to_string(),
    })
}

/// A Markdown link `[name](path)` at the start of `text`: the id of the
/// note at the percent-decoded path, and the text after the link.
fn markdown_link(text: &str) -> Option<(String, &str)> {
    let rest = text.strip_prefix('[')?;
    // The name's own brackets are escaped with `\`.
    let mut close = None;
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ']' => {
                close = Some(i);
                break;
            }
            _ => {}
        }
    }
    let rest = rest[close? + 1..].strip_prefix('(')?;
    let end = rest.find(')')?;
    let path = percent_decode(&rest[..end])?;
    let id = crate::note::id_of(&path);
    (!id.is_empty()).then(|| (id.to_string(), &rest[end + 1..]))
}

/// Reverses the agenda's percent-encoding; `None` when the result is not
/// UTF-8 or an escape is malformed.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_on_the_first_line_after_a_bom_is_ticked_in_place() {
        // Found by `cargo fuzz run tick`: the offset ignored the BOM.
        let done = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        for bom in ["\u{feff}", "\u{feff}\u{feff}"] {
            let text = format!("{bom}- [ ] send it\n");
            assert_eq!(
                complete_task(&text, 1, "send it", done).unwrap(),
                format!("{bom}- [x] send it ✅ 2026-11-27\n")
            );
        }
        assert_eq!(
            complete_task("\u{feff}* [ ]", 228, "", done).as_deref(),
            Some("\u{feff}* [x] ✅ 2026-11-27")
        );
    }

    #[test]
    fn a_text_ending_in_a_bare_cr_gets_a_region_once() {
        // Found by `cargo fuzz run agenda_region`.
        let region = "<!-- netkeep:begin -->\n<!-- netkeep:end -->\n";
        let once = replace_region("~\t\r", region).unwrap();
        assert_eq!(
            once,
            "~\t\r\r\n\r\n<!-- netkeep:begin -->\r\n<!-- netkeep:end -->\r\n"
        );
        assert_eq!(replace_region(&once, region).unwrap(), once);
    }
    use crate::dates::parse_date;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn appends_to_an_oldest_first_log() {
        let text = "# Ann\n\n## Log\n- 2026-01-01 a\n  - nested\n- 2026-02-01 b\n\n## Notes\nx\n";
        assert_eq!(
            add_log_entry(text, d("2026-03-01"), "-> hi #email"),
            "# Ann\n\n## Log\n- 2026-01-01 a\n  - nested\n- 2026-02-01 b\n- 2026-03-01 -> hi #email\n\n## Notes\nx\n"
        );
        assert_eq!(
            add_log_entry(text, d("2026-01-15"), "mid"),
            "# Ann\n\n## Log\n- 2026-01-01 a\n  - nested\n- 2026-01-15 mid\n- 2026-02-01 b\n\n## Notes\nx\n"
        );
    }

    #[test]
    fn prepends_to_a_newest_first_log() {
        let text = "## Log\n* [[2026-02-01]] b\n* [[2026-01-01]] a\n";
        assert_eq!(
            add_log_entry(text, d("2026-03-01"), "c"),
            "## Log\n* [[2026-03-01]] c\n* [[2026-02-01]] b\n* [[2026-01-01]] a\n"
        );
        assert_eq!(
            add_log_entry(text, d("2025-12-01"), "z"),
            "## Log\n* [[2026-02-01]] b\n* [[2026-01-01]] a\n* [[2025-12-01]] z\n"
        );
    }

    #[test]
    fn creates_the_log_when_missing() {
        assert_eq!(
            add_log_entry("", d("2026-03-01"), "x"),
            "## Log\n\n- 2026-03-01 x\n"
        );
        assert_eq!(
            add_log_entry("---\nname: A\n---\n", d("2026-03-01"), "x"),
            "---\nname: A\n---\n## Log\n\n- 2026-03-01 x\n"
        );
        assert_eq!(
            add_log_entry("Some text", d("2026-03-01"), "x"),
            "Some text\n\n## Log\n\n- 2026-03-01 x"
        );
        assert_eq!(
            add_log_entry("a\r\nb\r\n", d("2026-03-01"), "x"),
            "a\r\nb\r\n\r\n## Log\r\n\r\n- 2026-03-01 x\r\n"
        );
    }

    #[test]
    fn empty_log_section_gets_its_first_entry() {
        assert_eq!(
            add_log_entry("## Log\n\n## Next\n", d("2026-03-01"), "x"),
            "## Log\n\n- 2026-03-01 x\n## Next\n"
        );
        assert_eq!(
            add_log_entry("## log\nWe met at a meetup.\n", d("2026-03-01"), "x"),
            "## log\n- 2026-03-01 x\n\nWe met at a meetup.\n"
        );
    }

    #[test]
    fn keeps_crlf_bom_and_no_final_newline() {
        let text = "\u{feff}---\r\nname: A\r\n---\r\n## Log\r\n- 2026-01-01 a";
        assert_eq!(
            add_log_entry(text, d("2026-03-01"), "b"),
            "\u{feff}---\r\nname: A\r\n---\r\n## Log\r\n- 2026-01-01 a\r\n- 2026-03-01 b"
        );
    }

    #[test]
    fn headings_in_code_do_not_end_the_log() {
        let text = "## Log\n- 2026-01-01 a\n```\n## Not a heading\n```\n<!-- netkeep:begin -->\n- [ ] x\n<!-- netkeep:end -->\n";
        assert_eq!(
            add_log_entry(text, d("2026-03-01"), "b"),
            "## Log\n- 2026-01-01 a\n- 2026-03-01 b\n```\n## Not a heading\n```\n<!-- netkeep:begin -->\n- [ ] x\n<!-- netkeep:end -->\n"
        );
    }

    #[test]
    fn log_stops_before_the_generated_region() {
        let text = "## Log\n<!-- netkeep:begin -->\n- 2026-01-01 generated\n<!-- netkeep:end -->\n";
        assert_eq!(
            add_log_entry(text, d("2026-03-01"), "b"),
            "## Log\n- 2026-03-01 b\n<!-- netkeep:begin -->\n- 2026-01-01 generated\n<!-- netkeep:end -->\n"
        );
    }

    #[test]
    fn markers_in_fenced_code_are_not_the_region() {
        let doc = format!(
            "# How netkeep works\n```md\n{BEGIN_MARKER}\n- [ ] example\n```\n~~~~\n{END_MARKER}\n```\n{BEGIN_MARKER}\n~~~~\ntext\n"
        );
        assert_eq!(find_region(&doc), Ok(None));
        let with_region = format!("{doc}{BEGIN_MARKER}\n- [ ] real\n{END_MARKER}\n");
        assert_eq!(find_region(&with_region), Ok(Some((11, 14))));
        let replaced = replace_region(&doc, &format!("{BEGIN_MARKER}\nnew\n{END_MARKER}")).unwrap();
        assert!(replaced.starts_with(&doc), "the example stays as it was");
        // Inline code and a fence-like line in front matter open no fence.
        let inline = format!("``` `x` ```\n{BEGIN_MARKER}\n{END_MARKER}\n");
        assert_eq!(find_region(&inline), Ok(Some((1, 3))));
        let front = format!("---\nnote: |\n  ```\n---\n{BEGIN_MARKER}\n{END_MARKER}\n");
        assert_eq!(find_region(&front), Ok(Some((4, 6))));
        // A fence never closed hides nothing: a region appended after it
        // is found again next time, not appended twice.
        let unclosed =
            replace_region("```\n", &format!("{BEGIN_MARKER}\nx\n{END_MARKER}")).unwrap();
        assert_eq!(find_region(&unclosed), Ok(Some((2, 5))));
        let text = format!("```\n{BEGIN_MARKER}\n```\n{END_MARKER}\n```a\n");
        assert_eq!(find_region(&text), Ok(None), "the last fence never closes");
        let region = format!("{BEGIN_MARKER}\n{END_MARKER}");
        let once = replace_region(&text, &region).unwrap();
        assert_eq!(replace_region(&once, &region).unwrap(), once);
    }

    proptest::proptest! {
        /// Whatever a fenced block holds, markers included, the region is
        /// the one outside it, and the note parser agrees on what is live.
        #[test]
        fn fenced_markers_never_count(
            before in proptest::collection::vec(proptest::sample::select(vec!["text", "- [ ] x", "", "> quote"]), 0..4),
            inside in proptest::collection::vec(proptest::sample::select(vec![BEGIN_MARKER, END_MARKER, "text", "- [ ] x", "  ``", "~~~"]), 0..6),
            fence in proptest::sample::select(vec!["```", "````", "~~~"]),
            real in proptest::bool::ANY,
        ) {
            let closing = if fence == "~~~" { "~~~~" } else { fence };
            let inside: Vec<&str> = inside.into_iter().filter(|l| !(fence == "~~~" && *l == "~~~")).collect();
            let mut lines: Vec<&str> = before.clone();
            lines.push(fence);
            lines.extend(&inside);
            lines.push(closing);
            let region_at = lines.len();
            if real {
                lines.extend([BEGIN_MARKER, "- [ ] live", END_MARKER]);
            }
            let text = lines.join("\n") + "\n";
            let expected = real.then_some((region_at, region_at + 3));
            proptest::prop_assert_eq!(find_region(&text), Ok(expected));
            let mut scanner = BodyScanner::new(&text, 1);
            let live: Vec<u32> = scanner.by_ref().filter(|b| b.text().contains("live")).map(|b| b.line_no).collect();
            proptest::prop_assert!(live.is_empty());
            proptest::prop_assert_eq!(scanner.open_generated, None);
        }
    }

    #[test]
    fn region_is_replaced_or_appended() {
        let region = "<!-- netkeep:begin -->\nnew\n<!-- netkeep:end -->\n";
        assert_eq!(replace_region("", region).unwrap(), region);
        assert_eq!(
            replace_region("# Today\nmy notes", region).unwrap(),
            format!("# Today\nmy notes\n\n{region}")
        );
        let old = "top\r\n<!-- netkeep:begin -->\r\nold\r\n<!-- netkeep:end -->\r\nbottom\r\n";
        assert_eq!(
            replace_region(old, region).unwrap(),
            "top\r\n<!-- netkeep:begin -->\r\nnew\r\n<!-- netkeep:end -->\r\nbottom\r\n"
        );
        let no_final = "top\n<!-- netkeep:begin -->\nold\n<!-- netkeep:end -->";
        assert_eq!(
            replace_region(no_final, region).unwrap(),
            "top\n<!-- netkeep:begin -->\nnew\n<!-- netkeep:end -->"
        );
        assert_eq!(
            replace_region("<!-- netkeep:begin -->\nx\n", region),
            Err(RegionError::Unclosed(1))
        );
        assert_eq!(
            replace_region(
                "\u{feff}<!-- netkeep:begin -->\nold\n<!-- netkeep:end -->\n",
                region
            )
            .unwrap(),
            format!("\u{feff}{region}"),
            "the BOM stays"
        );
    }

    #[test]
    fn completes_the_right_open_task_only() {
        let text = "## Log\r\n- [ ] 2026-11-20 send the deck 📅 2026-11-22\r\n- [ ] 2026-11-21 send the deck\r\n- [ ] other\r\n";
        assert_eq!(
            complete_task(text, 3, "send the deck", d("2026-11-23")).unwrap(),
            "## Log\r\n- [ ] 2026-11-20 send the deck 📅 2026-11-22\r\n- [x] 2026-11-21 send the deck ✅ 2026-11-23\r\n- [ ] other\r\n"
        );
        assert_eq!(
            complete_task(text, 9, "send the deck", d("2026-11-23")).unwrap(),
            "## Log\r\n- [x] 2026-11-20 send the deck 📅 2026-11-22 ✅ 2026-11-23\r\n- [ ] 2026-11-21 send the deck\r\n- [ ] other\r\n"
        );
        assert_eq!(
            complete_task(
                "- [x] 2026-11-20 send the deck",
                1,
                "send the deck",
                d("2026-11-23")
            ),
            None
        );
        assert_eq!(
            complete_task(
                "```\n- [ ] 2026-11-20 send the deck\n```",
                2,
                "send the deck",
                d("2026-11-23")
            ),
            None
        );
    }

    #[test]
    fn a_task_dated_in_numbers_or_words_is_ticked_as_the_index_read_it() {
        // As a `date_order = "dmy"` vault reads it: the date, then "send the deck".
        let text = "## Log\n- [ ] 03/12/2026 send the deck\n- [ ] 12 Mar 2026 call Bo\n";
        assert_eq!(
            complete_task(text, 2, "send the deck", d("2026-12-03")).unwrap(),
            "## Log\n- [x] 03/12/2026 send the deck ✅ 2026-12-03\n- [ ] 12 Mar 2026 call Bo\n"
        );
        assert_eq!(
            complete_task(text, 3, "call Bo", d("2026-12-03")).unwrap(),
            "## Log\n- [ ] 03/12/2026 send the deck\n- [x] 12 Mar 2026 call Bo ✅ 2026-12-03\n"
        );
        assert_eq!(complete_task(text, 2, "send", d("2026-12-03")), None);
    }

    #[test]
    fn ticks_come_only_from_the_region() {
        let text = "- [x] [[Ann]]: outside\n<!-- netkeep:begin -->\n- [x] [[Ann|Ann Lee]]: mentor, every 6w\n- [ ] [[Bo]]: not ticked\n- [X] [[Cy]]: birthday 11-30\n- [x] no link\n<!-- netkeep:end -->\n";
        let t = ticks(text);
        assert_eq!(
            t,
            [
                Tick {
                    target: "Ann".into(),
                    what: "mentor, every 6w".into()
                },
                Tick {
                    target: "Cy".into(),
                    what: "birthday 11-30".into()
                },
            ]
        );
    }

    #[test]
    fn ticks_read_markdown_links_to_notes_a_wikilink_cannot_name() {
        let text = "<!-- netkeep:begin -->\n\
            - [x] [A|B \\[x\\]](people/A%7CB%20%5Bx%5D.md): reach out\n\
            - [x] [Ann #1](people/Ann%20%231.md): birthday 11-30, in 7 days\n\
            - [x] [bad](people/%ZZ.md): x\n\
            - [ ] [open](people/Open.md): x\n\
            <!-- netkeep:end -->\n";
        assert_eq!(
            ticks(text),
            [
                Tick {
                    target: "A|B [x]".into(),
                    what: "reach out".into()
                },
                Tick {
                    target: "Ann #1".into(),
                    what: "birthday 11-30, in 7 days".into()
                },
            ]
        );
    }
}
