//! Rendering planned reports as aligned text, Markdown, JSON or CSV. Each
//! report has its own module; this one holds what they share.

pub mod agenda;
pub mod chart;
pub mod check;
pub mod dates;
pub mod ics;
pub mod list;
pub mod overdue;
pub mod review;
pub mod show;
pub mod stats;

use anstyle::{AnsiColor, Style};
use chrono::NaiveDate;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// Output formats; each command accepts the ones that fit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Md,
    Json,
    Csv,
}

/// Whether text output may use colour, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Paint {
    pub color: bool,
}

impl Paint {
    fn styled(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.styled(Style::new().bold(), text)
    }

    pub fn red(&self, text: &str) -> String {
        self.styled(AnsiColor::Red.on_default(), text)
    }

    pub fn yellow(&self, text: &str) -> String {
        self.styled(AnsiColor::Yellow.on_default(), text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.styled(Style::new().dimmed(), text)
    }
}

/// A table of text cells, rendered aligned (text), as a pipe table (md) or
/// as CSV.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Aligned columns; `paint` styles the header, and `style_cell` may
    /// colour a cell after its width is measured.
    pub fn text(&self, paint: Paint, style_cell: impl Fn(usize, usize, &str) -> String) -> String {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(one_line(cell).width());
            }
        }
        let mut out = String::new();
        let mut line = |cells: Vec<(String, usize)>| {
            let last = cells.len().saturating_sub(1);
            let mut text = String::new();
            for (i, (shown, width)) in cells.into_iter().enumerate() {
                text.push_str(&shown);
                if i < last {
                    text.push_str(&" ".repeat(widths[i] - width + 2));
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(
            self.headers
                .iter()
                .map(|h| (paint.bold(h), h.width()))
                .collect(),
        );
        for (r, row) in self.rows.iter().enumerate() {
            line(
                row.iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        // A name from YAML may hold a newline or a terminal
                        // escape: neither reaches the terminal.
                        let cell = one_line(cell);
                        (style_cell(r, c, &cell), cell.width())
                    })
                    .collect(),
            );
        }
        out
    }

    /// A Markdown pipe table.
    pub fn markdown(&self) -> String {
        let escape = |s: &str| one_line(s).replace('|', "\\|");
        let mut out = String::new();
        let row = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
            format!("| {} |\n", cells.join(" | "))
        };
        out.push_str(&row(&self.headers));
        out.push_str(&format!("|{}\n", "---|".repeat(self.headers.len())));
        for r in &self.rows {
            out.push_str(&row(r));
        }
        out
    }

    pub fn csv(&self) -> String {
        to_csv(&self.headers, &self.rows)
    }
}

/// CSV with a header row (RFC 4180 quoting, by the csv crate).
pub fn to_csv(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail but for a bug in the csv crate.
    let _ = writer.write_record(headers);
    for row in rows {
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes `value` as JSON to `out` as it is made, not into one string
/// first: a large vault's `list` is megabytes.
pub fn write_json<T: Serialize>(value: &T, out: &mut impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Writes a report whose last field is a long array, exactly as
/// [`write_json`] would write it whole: `head` is the report with that array
/// left empty, `item` makes each element from `items`. The elements are
/// serialized in parallel, a batch at a time (a 10k `list` is 7 MB of JSON,
/// the largest part of its run on one thread).
pub fn write_json_items<H, S, T>(
    head: &H,
    items: &[S],
    item: impl Fn(&S) -> T + Sync,
    out: &mut impl std::io::Write,
) -> std::io::Result<()>
where
    H: Serialize,
    S: Sync,
    T: Serialize,
{
    use rayon::prelude::*;
    // The array's elements sit two levels in: `{ "key": [ element ] }`.
    const INDENT: &[u8] = b"    ";
    const CHUNK: usize = 256;
    const BATCH: usize = 16;
    let head = serde_json::to_vec_pretty(head)?;
    let Some(open) = head.strip_suffix(b"[]\n}") else {
        return Err(std::io::Error::other(
            "the report's last field is not an empty array",
        ));
    };
    if items.is_empty() {
        out.write_all(&head)?;
        return out.write_all(b"\n");
    }
    out.write_all(open)?;
    out.write_all(b"[")?;
    let fill = |chunk: &[S], text: &mut Vec<u8>| -> std::io::Result<()> {
        text.clear();
        let mut element = Vec::new();
        for s in chunk {
            element.clear();
            serde_json::to_writer_pretty(&mut element, &item(s))?;
            text.extend_from_slice(b",\n");
            text.extend_from_slice(INDENT);
            // JSON strings never hold a raw newline: each one is a line break.
            let mut start = 0;
            for end in memchr::memchr_iter(b'\n', &element) {
                text.extend_from_slice(&element[start..=end]);
                text.extend_from_slice(INDENT);
                start = end + 1;
            }
            text.extend_from_slice(&element[start..]);
        }
        Ok(())
    };
    // One buffer a chunk, reused batch after batch: a batch's worth of text
    // at most is held, and after the first batch nothing is allocated.
    let mut texts: Vec<Vec<u8>> = vec![Vec::new(); BATCH];
    let mut first = true;
    for batch in items.chunks(CHUNK * BATCH) {
        batch
            .par_chunks(CHUNK)
            .zip(texts.par_iter_mut())
            .try_for_each(|(chunk, text)| fill(chunk, text))?;
        for text in texts.iter().take(batch.len().div_ceil(CHUNK)) {
            // The first element has no comma before it.
            let skip = usize::from(std::mem::take(&mut first));
            out.write_all(&text[skip..])?;
        }
    }
    out.write_all(b"\n  ]\n}\n")
}

pub fn to_json<T: Serialize>(value: &T) -> String {
    json_string(|out| write_json(value, out))
}

/// What `write` writes, as a string, for reports printed whole.
pub fn json_string(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    match write(&mut out) {
        // serde_json writes UTF-8 only.
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

pub fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Whether `c` would end or garble a line of output: a control character
/// or a Unicode line or paragraph separator.
fn breaks_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `text` on one line: every control character and line separator becomes a
/// space (a name from YAML may hold a newline, or a terminal escape).
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(breaks_line) {
        text.chars()
            .map(|c| if breaks_line(c) { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// An Obsidian link to a contact: `[[id]]`, or `[[id|name]]` when the
/// display name differs.
pub fn wikilink(id: &str, name: &str) -> String {
    if id == name {
        format!("[[{id}]]")
    } else {
        format!("[[{id}|{}]]", one_line(name).replace(['|', ']', '['], " "))
    }
}

/// Whether a wikilink can name the note `id`: Obsidian reads `|` as the
/// alias, `#` and `^` as a heading or block, brackets end the link, and it
/// has no escape for any of them.
pub fn wikilink_safe(id: &str) -> bool {
    !id.is_empty() && !id.contains(['|', '#', '^', '[', ']']) && !id.chars().any(breaks_line)
}

/// `path` percent-encoded for a Markdown link: all but unreserved ASCII
/// and `/`, byte by byte, so spaces, brackets, parentheses and newlines
/// cannot end it.
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A link to the contact whose note is `id` at `path`: a wikilink when one
/// can name it, else a Markdown link to the percent-encoded path (which
/// `agenda --write` reads back as a tick's contact all the same).
pub fn contact_link(id: &str, name: &str, path: &str) -> String {
    if wikilink_safe(id) {
        return wikilink(id, name);
    }
    let shown = one_line(name)
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]");
    format!("[{shown}]({})", percent_encode(path))
}

/// `3 days`, `1 day`.
pub fn days(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} day")
    } else {
        format!("{n} days")
    }
}

/// `n` and `word`, plural unless one: "1 contact", "2 contacts".
pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone, Serialize)]
    struct Item {
        name: String,
        tags: Vec<String>,
        n: Option<i64>,
        nested: Vec<Vec<u8>>,
    }

    #[derive(Serialize)]
    struct Report {
        today: String,
        items: Vec<Item>,
    }

    fn item() -> impl Strategy<Value = Item> {
        (
            "(\\PC|\n|\"|\\\\){0,12}",
            prop::collection::vec("[a-z\n ]{0,4}", 0..3),
            any::<Option<i64>>(),
            prop::collection::vec(prop::collection::vec(any::<u8>(), 0..3), 0..3),
        )
            .prop_map(|(name, tags, n, nested)| Item {
                name,
                tags,
                n,
                nested,
            })
    }

    /// The report written with its items in parallel, and as one value.
    fn both(today: &str, items: &[Item]) -> (String, String) {
        let whole = to_json(&Report {
            today: today.into(),
            items: items.to_vec(),
        });
        let head = Report {
            today: today.into(),
            items: Vec::new(),
        };
        let parts = json_string(|out| write_json_items(&head, items, Item::clone, out));
        (parts, whole)
    }

    proptest! {
        #[test]
        fn items_written_in_parallel_are_the_whole_report(
            today in "\\PC{0,8}",
            items in prop::collection::vec(item(), 0..700),
        ) {
            let (parts, whole) = both(&today, &items);
            prop_assert_eq!(parts, whole);
        }
    }

    #[test]
    fn many_items_cross_every_batch() {
        let items: Vec<Item> = (0..10_000)
            .map(|i| Item {
                name: format!("n{i}\nline"),
                tags: vec![String::new(); i % 3],
                n: Some(i as i64),
                nested: vec![vec![]; i % 2],
            })
            .collect();
        let (parts, whole) = both("2026-11-24", &items);
        assert!(parts == whole, "differ");
    }

    #[test]
    fn a_head_not_ending_in_the_array_is_an_error() {
        #[derive(Serialize)]
        struct Wrong {
            items: Vec<u8>,
            today: &'static str,
        }
        let head = Wrong {
            items: Vec::new(),
            today: "x",
        };
        let mut out = Vec::new();
        assert!(write_json_items(&head, &[1u8], |n| *n, &mut out).is_err());
    }

    #[test]
    fn text_table_aligns_by_display_width() {
        let mut t = Table::new(&["Name", "Due"]);
        t.push(vec!["Zoë Ångström".into(), "2026-11-01".into()]);
        t.push(vec!["李雷".into(), "".into()]);
        let text = t.text(Paint::default(), |_, _, c| c.to_string());
        assert_eq!(text, "Name          Due\nZoë Ångström  2026-11-01\n李雷\n");
    }

    #[test]
    fn colour_only_when_asked() {
        let t = Table::new(&["A"]);
        assert_eq!(t.text(Paint { color: false }, |_, _, c| c.into()), "A\n");
        assert!(t
            .text(Paint { color: true }, |_, _, c| c.into())
            .contains("\u{1b}["));
    }

    #[test]
    fn markdown_and_csv_escape() {
        let mut t = Table::new(&["Name", "Note"]);
        t.push(vec!["A|B".into(), "say \"hi\", then go".into()]);
        assert_eq!(
            t.markdown(),
            "| Name | Note |\n|---|---|\n| A\\|B | say \"hi\", then go |\n"
        );
        assert_eq!(t.csv(), "Name,Note\nA|B,\"say \"\"hi\"\", then go\"\n");
    }

    #[test]
    fn links() {
        assert_eq!(wikilink("Ann", "Ann"), "[[Ann]]");
        assert_eq!(wikilink("ann-lee", "Ann [Lee]"), "[[ann-lee|Ann  Lee ]]");
        assert_eq!(wikilink("eve", "Eve\nX"), "[[eve|Eve X]]");
    }

    #[test]
    fn names_obsidian_cannot_link_get_a_markdown_link_on_one_line() {
        assert_eq!(contact_link("Ann", "Ann", "people/Ann.md"), "[[Ann]]");
        for id in ["A|B", "Ann #1", "x^y", "a]b", "a[b", "two\nlines", "cr\rx"] {
            let link = contact_link(id, id, &format!("people/{id}.md"));
            assert!(link.starts_with('[') && !link.starts_with("[["), "{link}");
            assert!(!link.contains(['\n', '\r']), "{link:?}");
        }
        assert_eq!(
            contact_link("A|B [x]", "A|B [x]", "people/A|B [x].md"),
            "[A|B \\[x\\]](people/A%7CB%20%5Bx%5D.md)"
        );
    }
}
