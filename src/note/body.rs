//! The body of a note as the Markdown blocks netkeep cares about: list
//! items, headings and paragraph lines, with code blocks, HTML blocks and
//! netkeep's own generated region left out.
//!
//! This is a line scanner that follows CommonMark's block rules for what it
//! reports, not a full Markdown parser. It was measured against
//! pulldown-cmark on a 10,000-contact vault (see the README's Performance
//! notes): pulldown-cmark builds every inline of every line, which cost
//! several times the read itself, while the entries we need are decided by
//! the first characters of each line. A differential test
//! (`tests/it/scanner_oracle.rs`) keeps the two in agreement on list items.

/// The marker lines around netkeep's generated text.
pub const BEGIN_MARKER: &str = "<!-- netkeep:begin -->";
pub const END_MARKER: &str = "<!-- netkeep:end -->";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A list item's first line; `start` is where its text begins (after the
    /// bullet and the spaces after it).
    ListItem,
    /// An ATX heading; `start` is where its text begins.
    Heading,
    /// A line of a paragraph (also a lazy continuation of a list item).
    Paragraph,
    /// The header row of a table (GitHub's tables, as Obsidian writes
    /// them); `start` is where the row begins. The delimiter row under it
    /// is not reported.
    TableHeader,
    /// A row of a table's body; `start` is where the row begins.
    TableRow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block<'a> {
    pub kind: BlockKind,
    /// 1-based line number in the file.
    pub line_no: u32,
    /// The whole line, without its line ending.
    pub line: &'a str,
    /// Byte offset of the block's text in `line`.
    pub start: usize,
}

impl<'a> Block<'a> {
    pub fn text(&self) -> &'a str {
        &self.line[self.start..]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    Blank,
    Paragraph,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HtmlEnd {
    /// Ends on the line holding this text (case-insensitive).
    Contains(&'static str),
    /// Ends at the next blank line.
    Blank,
}

/// Iterates over the blocks of a note body.
pub struct BodyScanner<'a> {
    /// What is left of the body to scan; `None` once past its end.
    rest: Option<&'a str>,
    line_no: u32,
    fence: Option<(u8, usize)>,
    html: Option<HtmlEnd>,
    in_list: bool,
    prev: Prev,
    /// Inside a table: the lines that follow are its rows.
    in_table: bool,
    /// The table's delimiter row comes next.
    delimiter_next: bool,
    /// The line of a `netkeep:begin` marker whose end has not been seen yet.
    pub open_generated: Option<u32>,
}

impl<'a> BodyScanner<'a> {
    /// `first_line_no` is the file line number of the body's first line.
    pub fn new(body: &'a str, first_line_no: u32) -> Self {
        BodyScanner {
            rest: Some(body),
            line_no: first_line_no.saturating_sub(1),
            fence: None,
            html: None,
            in_list: false,
            prev: Prev::Blank,
            in_table: false,
            delimiter_next: false,
            open_generated: None,
        }
    }

    /// Classifies one line; `Some` when it is a block the caller wants.
    fn scan_line(&mut self, line: &'a str) -> Option<Block<'a>> {
        let line_no = self.line_no;
        if self.open_generated.is_some() {
            if line.trim_start().starts_with(END_MARKER) {
                self.open_generated = None;
                self.prev = Prev::Other;
            }
            return None;
        }
        // A table lasts as long as each line goes on with it; every other
        // way out of here ends it.
        let was_table = std::mem::take(&mut self.in_table);
        if std::mem::take(&mut self.delimiter_next) {
            self.in_table = true;
            return None;
        }
        // Block quotes (and Obsidian callouts) hold ordinary blocks.
        let (quoted, start) = strip_quotes(line);
        let rest = &line[start..];
        let (indent, text_start) = indentation(rest);
        let content = &rest[text_start..];
        let blank = content.trim_end().is_empty();

        if let Some((ch, len)) = self.fence {
            let run = content.bytes().take_while(|&b| b == ch).count();
            if run >= len && content[run..].trim().is_empty() {
                self.fence = None;
            }
            return None;
        }
        if let Some(end) = self.html {
            match end {
                HtmlEnd::Blank if blank => {
                    self.html = None;
                    self.prev = Prev::Blank;
                }
                HtmlEnd::Contains(needle) if contains_ignore_case(line, needle) => {
                    self.html = None;
                    self.prev = Prev::Other;
                }
                _ => {}
            }
            return None;
        }
        if blank {
            self.prev = Prev::Blank;
            return None;
        }
        let block_level = indent < 4 || self.in_list;
        if !block_level {
            if was_table {
                return Some(self.table_row(line, start + text_start, line_no));
            }
            // Indented code, unless it continues a paragraph.
            if self.prev == Prev::Paragraph {
                return Some(self.paragraph(line, start + text_start, line_no));
            }
            return None;
        }
        let first = content.as_bytes()[0];
        if first == b'`' || first == b'~' {
            let run = content.bytes().take_while(|&b| b == first).count();
            if run >= 3 && !(first == b'`' && content[run..].contains('`')) {
                self.fence = Some((first, run));
                self.prev = Prev::Other;
                return None;
            }
        }
        if first == b'<' {
            if let Some(after) = content.strip_prefix(BEGIN_MARKER) {
                if !after.contains(END_MARKER) {
                    self.open_generated = Some(line_no);
                }
                self.prev = Prev::Other;
                return None;
            }
            if let Some(end) = html_block_start(content, self.prev == Prev::Paragraph) {
                let closes_here = match end {
                    HtmlEnd::Contains(needle) => contains_ignore_case(&content[1..], needle),
                    HtmlEnd::Blank => false,
                };
                if !closes_here {
                    self.html = Some(end);
                }
                self.prev = Prev::Other;
                return None;
            }
        }
        if first == b'#' {
            let hashes = content.bytes().take_while(|&b| b == b'#').count();
            let after = &content[hashes..];
            if hashes <= 6 && (after.is_empty() || after.starts_with([' ', '\t'])) {
                if indent < 2 && !quoted {
                    self.in_list = false;
                }
                self.prev = Prev::Other;
                let skip = after.len() - super::inline::trim_start(after).len();
                return Some(Block {
                    kind: BlockKind::Heading,
                    line_no,
                    line,
                    start: start + text_start + hashes + skip,
                });
            }
        }
        if is_thematic_break(content) {
            self.prev = Prev::Other;
            if indent < 2 {
                self.in_list = false;
            }
            return None;
        }
        if let Some(marker_len) = list_marker(content) {
            let after = &content[marker_len..];
            let skip = after.len() - super::inline::trim_start(after).len();
            self.in_list = true;
            self.prev = Prev::Paragraph;
            return Some(Block {
                kind: BlockKind::ListItem,
                line_no,
                line,
                start: start + text_start + marker_len + skip,
            });
        }
        if was_table {
            return Some(self.table_row(line, start + text_start, line_no));
        }
        // A table may break into a paragraph when its header row starts
        // with a pipe, as pulldown-cmark has it; never a list item's
        // paragraph, which the row would only continue.
        let may_open = match self.prev {
            Prev::Paragraph => content.starts_with('|') && !self.in_list,
            _ => true,
        };
        if may_open && self.opens_table(content) {
            self.delimiter_next = true;
            self.prev = Prev::Other;
            return Some(Block {
                kind: BlockKind::TableHeader,
                line_no,
                line,
                start: start + text_start,
            });
        }
        if self.prev == Prev::Blank && indent == 0 && !quoted {
            self.in_list = false;
        }
        Some(self.paragraph(line, start + text_start, line_no))
    }

    fn table_row(&mut self, line: &'a str, start: usize, line_no: u32) -> Block<'a> {
        self.in_table = true;
        self.prev = Prev::Other;
        Block {
            kind: BlockKind::TableRow,
            line_no,
            line,
            start,
        }
    }

    /// Whether `content` is a table's header row: it holds a `|`, and the
    /// next line is a delimiter row (`|---|:--:|`) of as many cells.
    fn opens_table(&self, content: &str) -> bool {
        if memchr::memchr(b'|', content.as_bytes()).is_none() {
            return false;
        }
        let Some(rest) = self.rest else {
            return false;
        };
        let next = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => &rest[..i],
            None => rest,
        };
        let next = next.strip_suffix('\r').unwrap_or(next);
        let (_, at) = strip_quotes(next);
        let next = next[at..].trim();
        let cells = table_cells(next);
        !cells.is_empty()
            && cells.iter().all(|c| is_delimiter_cell(c))
            && (next.contains('|') || cells.len() > 1)
            && cells.len() == table_cells(content.trim()).len()
    }

    fn paragraph(&mut self, line: &'a str, start: usize, line_no: u32) -> Block<'a> {
        self.prev = Prev::Paragraph;
        Block {
            kind: BlockKind::Paragraph,
            line_no,
            line,
            start,
        }
    }
}

impl<'a> Iterator for BodyScanner<'a> {
    type Item = Block<'a>;

    fn next(&mut self) -> Option<Block<'a>> {
        loop {
            // The memchr crate's search is several times faster than
            // `str::split` on long logs.
            let rest = self.rest?;
            let raw = match memchr::memchr(b'\n', rest.as_bytes()) {
                Some(i) => {
                    self.rest = Some(&rest[i + 1..]);
                    &rest[..i]
                }
                None => {
                    self.rest = None;
                    rest
                }
            };
            self.line_no += 1;
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if let Some(block) = self.scan_line(line) {
                return Some(block);
            }
        }
    }
}

/// The cells of a table row, trimmed: split at each `|` not escaped
/// (`\|`), without the empty cells outside a leading and a trailing pipe.
pub(crate) fn table_cells(row: &str) -> Vec<&str> {
    let row = row.trim();
    let b = row.as_bytes();
    let mut cells = Vec::new();
    let mut from = 0;
    for i in memchr::memchr_iter(b'|', b) {
        if i > 0 && b[i - 1] == b'\\' {
            continue;
        }
        cells.push(row[from..i].trim());
        from = i + 1;
    }
    cells.push(row[from..].trim());
    if row.starts_with('|') {
        cells.remove(0);
    }
    if row.len() > 1 && row.ends_with('|') && !row.ends_with("\\|") {
        cells.pop();
    }
    cells
}

/// `---`, `:--`, `--:`, `:-:`: a cell of a table's delimiter row.
fn is_delimiter_cell(cell: &str) -> bool {
    let inner = cell.strip_prefix(':').unwrap_or(cell);
    let inner = inner.strip_suffix(':').unwrap_or(inner);
    !inner.is_empty() && inner.bytes().all(|b| b == b'-')
}

/// Strips `>` block-quote markers; returns whether there were any and the
/// byte offset of what follows them.
fn strip_quotes(line: &str) -> (bool, usize) {
    let b = line.as_bytes();
    let mut at = 0;
    let mut quoted = false;
    loop {
        let spaces = b[at..].iter().take(4).take_while(|&&c| c == b' ').count();
        if spaces < 4 && b.get(at + spaces) == Some(&b'>') {
            at += spaces + 1;
            if b.get(at) == Some(&b' ') {
                at += 1;
            }
            quoted = true;
        } else {
            return (quoted, at);
        }
    }
}

/// The indentation in columns (tabs to the next multiple of 4) and the byte
/// offset of the first other character.
fn indentation(s: &str) -> (usize, usize) {
    let mut columns = 0;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => return (columns, i),
        }
    }
    (columns, s.len())
}

/// The length of a list marker at the start of `s` (`-`, `*`, `+`, `1.`,
/// `1)`), when one is there and is followed by a space, a tab or nothing.
fn list_marker(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let len = match b.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(b.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    match b.get(len) {
        None | Some(b' ' | b'\t') => Some(len),
        _ => None,
    }
}

fn is_thematic_break(s: &str) -> bool {
    let mut marker = None;
    let mut count = 0;
    for b in s.bytes() {
        match b {
            b' ' | b'\t' => {}
            b'-' | b'*' | b'_' if marker.is_none_or(|m| m == b) => {
                marker = Some(b);
                count += 1;
            }
            _ => return false,
        }
    }
    count >= 3
}

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Whether `s` (starting with `<`) opens a CommonMark HTML block, and how
/// that block ends.
fn html_block_start(s: &str, after_paragraph: bool) -> Option<HtmlEnd> {
    let lower_prefix: String = s.chars().take(12).collect::<String>().to_ascii_lowercase();
    for (tag, end) in [
        ("<script", "</script>"),
        ("<pre", "</pre>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        if let Some(rest) = lower_prefix.strip_prefix(tag) {
            if rest.is_empty() || rest.starts_with([' ', '\t', '>']) {
                return Some(HtmlEnd::Contains(end));
            }
        }
    }
    if s.starts_with("<!--") {
        return Some(HtmlEnd::Contains("-->"));
    }
    if s.starts_with("<?") {
        return Some(HtmlEnd::Contains("?>"));
    }
    if s.starts_with("<![CDATA[") {
        return Some(HtmlEnd::Contains("]]>"));
    }
    if s.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic) && s.starts_with("<!") {
        return Some(HtmlEnd::Contains(">"));
    }
    let name_start = if s.starts_with("</") { 2 } else { 1 };
    let name_len = s[name_start..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if name_len == 0 || !s.as_bytes()[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..name_start + name_len].to_ascii_lowercase();
    let after = &s[name_start + name_len..];
    if BLOCK_TAGS.contains(&name.as_str())
        && (after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>"))
    {
        return Some(HtmlEnd::Blank);
    }
    // Type 7: a complete tag alone on its line; it cannot interrupt a paragraph.
    if !after_paragraph && is_complete_tag_line(s, name_start + name_len, name_start == 2) {
        return Some(HtmlEnd::Blank);
    }
    None
}

/// A loose check for CommonMark's "complete open or closing tag" followed
/// only by white space: attributes are not validated beyond quoting.
fn is_complete_tag_line(s: &str, after_name: usize, closing: bool) -> bool {
    let rest = &s[after_name..];
    let mut quote = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if !closing => quote = Some(c),
            (None, '>') => return rest[i + 1..].trim().is_empty(),
            (None, '<' | '`' | '=') if closing => return false,
            (None, '<') => return false,
            _ => {}
        }
    }
    false
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    if needle.bytes().all(|b| !b.is_ascii_alphabetic()) {
        return haystack.contains(needle);
    }
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(body: &str) -> Vec<(BlockKind, u32, String)> {
        BodyScanner::new(body, 1)
            .map(|b| (b.kind, b.line_no, b.text().to_string()))
            .collect()
    }

    fn items(body: &str) -> Vec<String> {
        blocks(body)
            .into_iter()
            .filter(|b| b.0 == BlockKind::ListItem)
            .map(|b| b.2)
            .collect()
    }

    #[test]
    fn list_items_at_any_depth_and_marker() {
        let body = "- a\n  - b\n    * c\n1. d\n2) e\n+ f\n\t- g\n> - quoted\n> > - deeper\n";
        assert_eq!(
            items(body),
            ["a", "b", "c", "d", "e", "f", "g", "quoted", "deeper"]
        );
    }

    #[test]
    fn line_numbers_count_from_the_body_start() {
        let found: Vec<u32> = BodyScanner::new("x\n- a\r\n\r\n- b", 5)
            .map(|b| b.line_no)
            .collect();
        assert_eq!(found, [5, 6, 8]);
    }

    #[test]
    fn fenced_code_is_skipped() {
        let body = "```\n- not\n```\n- yes\n~~~~ md\n- not\n~~~\n- still not\n~~~~\n- yes 2\n";
        assert_eq!(items(body), ["yes", "yes 2"]);
    }

    #[test]
    fn unclosed_fence_hides_the_rest() {
        assert!(items("```\n- no\n").is_empty());
    }

    #[test]
    fn backtick_run_with_backticks_after_is_not_a_fence() {
        assert_eq!(items("``` `x` ```\n- yes\n"), ["yes"]);
    }

    #[test]
    fn indented_code_is_skipped_but_nested_items_are_not() {
        assert_eq!(items("text\n\n    - code\n"), Vec::<String>::new());
        assert_eq!(items("- a\n\n    - nested\n"), ["a", "nested"]);
        let b = blocks("para\n    - continuation\n");
        assert_eq!(b.len(), 2);
        assert_eq!(b[1].0, BlockKind::Paragraph);
    }

    #[test]
    fn html_blocks_are_skipped() {
        let body = "<!--\n- hidden\n-->\n- a\n<div>\n- hidden\n\n- b\n<details>\n- hidden\n</details>\n\n- c\n<!-- one line -->\n- d\n<pre>\n- hidden\n</pre>\n- e\n";
        assert_eq!(items(body), ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn inline_html_is_not_a_block() {
        assert_eq!(items("<span>x</span> y\n- a\n"), ["a"]);
        assert_eq!(items("<Custom attr=\"1\">\n- hidden\n\n- a\n"), ["a"]);
    }

    #[test]
    fn generated_region_is_skipped() {
        let body = "- a\n<!-- netkeep:begin -->\n- gen\n## Gen\n<!-- netkeep:end -->\n- b\n";
        assert_eq!(items(body), ["a", "b"]);
        let mut scanner = BodyScanner::new("<!-- netkeep:begin -->\n- gen\n", 1);
        assert_eq!(scanner.by_ref().count(), 0);
        assert_eq!(scanner.open_generated, Some(1));
    }

    #[test]
    fn headings_and_thematic_breaks() {
        let b = blocks("# Title\n### 2026-11-02 Lunch\n#tag para\n---\n- - -\n* * *\n#######\n");
        assert_eq!(
            b,
            [
                (BlockKind::Heading, 1, "Title".to_string()),
                (BlockKind::Heading, 2, "2026-11-02 Lunch".to_string()),
                (BlockKind::Paragraph, 3, "#tag para".to_string()),
                (BlockKind::Paragraph, 7, "#######".to_string()),
            ]
        );
    }

    #[test]
    fn not_list_markers() {
        assert!(items("-no\n*bold*\n2026-11-02 x\n1.5 things\n").is_empty());
        assert_eq!(items("-\n-\tx\n"), ["", "x"]);
    }

    #[test]
    fn tables_have_a_header_rows_and_an_end() {
        let b = blocks(
            "| Date | Type |\n|---|:-:|\n| 2026-05-01 | Call |\n2026-05-02 | Email\n\nafter\n\
             a | b\n--|--\n\na | b\n--|--\n| x |\n- item\n| not | a table |\n|---|\n",
        );
        let kinds: Vec<(BlockKind, u32)> = b.iter().map(|b| (b.0, b.1)).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::TableHeader, 1),
                (BlockKind::TableRow, 3),
                (BlockKind::TableRow, 4),
                (BlockKind::Paragraph, 6),
                // No leading pipe: the line goes on with the paragraph.
                (BlockKind::Paragraph, 7),
                (BlockKind::Paragraph, 8),
                (BlockKind::TableHeader, 10),
                (BlockKind::TableRow, 12),
                (BlockKind::ListItem, 13),
                (BlockKind::Paragraph, 14),
                (BlockKind::Paragraph, 15),
            ]
        );
        assert!(items("```\n| a | b |\n|---|---|\n- x\n```\n").is_empty());
    }

    #[test]
    fn table_cells_split_at_unescaped_pipes() {
        assert_eq!(table_cells("| a | b \\| c |"), ["a", "b \\| c"]);
        assert_eq!(table_cells("a|b"), ["a", "b"]);
        assert_eq!(table_cells("| a |  |"), ["a", ""]);
        assert_eq!(table_cells("|"), [""]);
        assert_eq!(table_cells(""), [""]);
    }

    #[test]
    fn multibyte_text_never_splits_a_character() {
        let b = blocks("- ✅ done\n> é\n### ü\n");
        assert_eq!(b[0].2, "✅ done");
        assert_eq!(b[1].2, "é");
        assert_eq!(b[2].2, "ü");
    }
}
