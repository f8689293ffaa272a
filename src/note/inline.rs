//! The parts of one line of text: task box, leading date, direction arrow,
//! `#tags`, `[[wikilinks]]` and Obsidian Tasks' emoji dates.

use crate::dates::{date_prefix, spelled_date, DateOrder, Spelled};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskBox {
    /// Not a task.
    None,
    /// `[ ]` (also `[/]`, in progress, and other custom statuses).
    Open,
    /// `[x]` or `[X]`.
    Done,
    /// `[-]`: cancelled; neither a touch nor a follow-up.
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// A conversation both ways (no arrow).
    TwoWay,
    /// I reached out: `->`, `→`, `#out`.
    Out,
    /// They reached out: `<-`, `←`, `#in`.
    In,
}

/// A list item's text taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemParts<'a> {
    pub task: TaskBox,
    /// The date the text starts with (`2026-11-02`, `12 Mar 2026`,
    /// `[[2026-11-02]]`, ...).
    pub date: Option<NaiveDate>,
    /// The arrow right after the date.
    pub arrow: Option<Direction>,
    /// What follows the task box, date, arrow and separators.
    pub text: &'a str,
    /// A date written at the start that is not read, and why.
    pub unread: Option<Unread>,
}

/// Why a date opening an item is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    /// No such day (`31 Feb 2026`).
    Impossible,
    /// `03/12/2026` with no `date_order` to say which is the month.
    DayMonth,
}

/// Takes a list item's (or heading's) text apart; numbers-only dates with
/// the year last are not read (see [`split_item_in`]).
pub fn split_item(text: &str) -> ItemParts<'_> {
    split_item_in(text, DateOrder::Unset)
}

/// Takes a list item's (or heading's) text apart, reading `03/12/2026` as
/// `order` says.
pub(crate) fn split_item_in(text: &str, order: DateOrder) -> ItemParts<'_> {
    let (task, rest) = task_box(text);
    let (date, rest) = match leading_date(rest, order) {
        Some((Ok(date), after)) => (Some(date), after),
        found => {
            return ItemParts {
                task,
                date: None,
                arrow: None,
                text: rest,
                unread: found.and_then(|(d, _)| d.err()),
            }
        }
    };
    let rest = trim_start(rest.strip_prefix(':').unwrap_or(rest));
    let (arrow, rest) = if let Some(r) = rest.strip_prefix("->").or_else(|| rest.strip_prefix('→'))
    {
        (Some(Direction::Out), r)
    } else if let Some(r) = rest.strip_prefix("<-").or_else(|| rest.strip_prefix('←')) {
        (Some(Direction::In), r)
    } else {
        (None, rest)
    };
    let rest = trim_start(rest);
    // Separators people put between the date and the text.
    let rest = ["—", "–", "-", ":", "|"]
        .iter()
        .find_map(|sep| {
            rest.strip_prefix(sep)
                .filter(|r| r.is_empty() || r.starts_with(' '))
        })
        .map_or(rest, trim_start);
    ItemParts {
        task,
        date,
        arrow,
        text: rest,
        unread: None,
    }
}

/// `str::trim_start`, reading spaces and tabs a byte at a time and
/// stopping at once at a printable ASCII character, as almost every line
/// has: the general version decodes each character as Unicode, and this
/// runs several times for every list item.
pub fn trim_start(s: &str) -> &str {
    let blanks = s
        .bytes()
        .position(|b| b != b' ' && b != b'\t')
        .unwrap_or(s.len());
    let rest = &s[blanks..];
    match rest.as_bytes().first() {
        Some(&b) if b > b' ' && b < 0x7f => rest,
        None => rest,
        _ => rest.trim_start(),
    }
}

fn task_box(text: &str) -> (TaskBox, &str) {
    let b = text.as_bytes();
    if b.len() >= 3 && b[0] == b'[' && b[2] == b']' && matches!(b.get(3), None | Some(b' ' | b'\t'))
    {
        let task = match b[1] {
            b'x' | b'X' => TaskBox::Done,
            b'-' => TaskBox::Cancelled,
            c if c.is_ascii() && c != b'[' && c != b']' => TaskBox::Open,
            _ => return (TaskBox::None, text),
        };
        return (task, trim_start(&text[3..]));
    }
    (TaskBox::None, text)
}

/// A date in any spelling (`2026-11-02`, `12 Mar 2026`, ...), or one
/// wrapped as a link (`[[2026-11-02]]`, `[[2026-11-02|Mon]]`,
/// `[[Nov 2nd, 2026]]`), at the start of `text`, with what follows it; a
/// date written but not read is an `Err`.
fn leading_date(text: &str, order: DateOrder) -> Option<(Result<NaiveDate, Unread>, &str)> {
    let b = text.as_bytes();
    // Every list item comes here: most are ruled out by their first byte.
    let first = *b.first()?;
    let linked = first == b'[';
    if linked {
        if !text.starts_with("[[") {
            return None;
        }
    } else if !(first.is_ascii_digit() || is_month_initial(first)) {
        return None;
    }
    let from = if linked { 2 } else { 0 };
    let found = spelled_date(&b[from..], order)?;
    let after = &text[from + found.written_len()..];
    let after = if linked {
        let close = after.find("]]")?;
        if !(close == 0 || after.starts_with('|') || after.starts_with('#')) {
            return None;
        }
        &after[close + 2..]
    } else {
        // `2026-11-02x` is not a date; `2026-11-02:` and `2026-11-02,` are.
        let ends_cleanly = match after.chars().next() {
            None => true,
            Some('-') => after.starts_with("->") || after.starts_with("- "),
            Some(c) => !c.is_alphanumeric(),
        };
        if !ends_cleanly {
            return None;
        }
        after
    };
    let date = match found {
        Spelled::Date(date, _) => Ok(date),
        Spelled::Impossible(_) => Err(Unread::Impossible),
        Spelled::DayMonth(_) => Err(Unread::DayMonth),
    };
    Some((date, after))
}

/// Whether `b` may start an English month's name (`Jan` ... `Dec`).
fn is_month_initial(b: u8) -> bool {
    matches!(
        b | 0x20,
        b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
    )
}

/// The `#tags` in `text`, without the `#`, lowercased by the caller as it
/// needs. A tag follows the start or a space or `(`, and is not all digits
/// (Obsidian's rule), so `#1` and `[[Note#Heading]]` are not tags.
pub fn tags(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    memchr::memchr_iter(b'#', b).filter_map(move |i| {
        if i > 0 && !matches!(b[i - 1], b' ' | b'\t' | b'(' | b',') {
            return None;
        }
        let rest = &text[i + 1..];
        let len = tag_len(rest);
        let tag = &rest[..len];
        (!tag.is_empty()
            && !tag
                .bytes()
                .all(|c| c.is_ascii_digit() || c == b'-' || c == b'/'))
        .then_some(tag)
    })
}

/// The length of the tag at the start of `rest`: letters, digits, `_`,
/// `-` and `/`. ASCII is read a byte at a time; from the first other byte
/// on, by character.
fn tag_len(rest: &str) -> usize {
    let ascii = rest
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/')))
        .unwrap_or(rest.len());
    if rest.as_bytes().get(ascii).is_none_or(|b| b.is_ascii()) {
        return ascii;
    }
    ascii
        + rest[ascii..]
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/')))
            .map_or(rest.len() - ascii, |(j, _)| j)
}

/// A `[[wikilink]]` in a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WikiLink<'a> {
    /// Byte offset of `[[` in the text.
    pub offset: usize,
    /// The note it targets: no alias, heading, block or folder part, no `.md`.
    pub target: &'a str,
}

/// The `[[wikilinks]]` in `text` (embeds `![[...]]` included); links whose
/// target is a date (a daily note) are left out.
pub fn wikilinks(text: &str) -> WikiLinks<'_> {
    WikiLinks {
        text,
        from: 0,
        searched: 0,
    }
}

/// The iterator [`wikilinks`] returns. Every byte of the text is searched
/// about once, whatever the text: a line of a million `[[` must cost what
/// its length does, not its length squared.
pub struct WikiLinks<'a> {
    text: &'a str,
    /// Where the next search starts.
    from: usize,
    /// How many bytes the searches have looked at so far.
    searched: usize,
}

impl WikiLinks<'_> {
    /// How many bytes the searches have looked at so far: the measure of
    /// the work done, for the tests that keep it linear.
    pub fn searched(&self) -> usize {
        self.searched
    }

    /// The offset of `needle` in `text[from..to]`, counting what was searched.
    fn find(&mut self, from: usize, to: usize, needle: &[u8; 2]) -> Option<usize> {
        let haystack = &self.text.as_bytes()[from..to];
        let found = find_pair(haystack, needle);
        self.searched += found.map_or(haystack.len(), |i| i + needle.len());
        found.map(|i| from + i)
    }
}

/// Where two bytes stand together in `haystack`. The lines searched are
/// short: building a substring searcher for each (`memmem::find`) cost
/// more than the search, a sixth of a cold run's instructions.
fn find_pair(haystack: &[u8], pair: &[u8; 2]) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = memchr::memchr(pair[0], &haystack[at..]) {
        let i = at + i;
        if haystack.get(i + 1) == Some(&pair[1]) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

impl<'a> Iterator for WikiLinks<'a> {
    type Item = WikiLink<'a>;

    fn next(&mut self) -> Option<WikiLink<'a>> {
        let text = self.text;
        loop {
            let len = text.len();
            let Some(first_open) = self.find(self.from, len, b"[[") else {
                self.from = text.len();
                return None;
            };
            let Some(close) = self.find(first_open + 2, len, b"]]") else {
                self.from = len;
                return None;
            };
            // `[[a [[b]]` links `b`: the last `[[` of the chain before the
            // `]]` opens the link. Each search starts where the one before
            // ended, and none goes past `close`.
            let mut open = first_open;
            while let Some(inner) = self.find(open + 2, close, b"[[") {
                open = inner;
            }
            self.from = close + 2;
            let inner = &text[open + 2..close];
            let target = inner.split(['|', '#', '^']).next().unwrap_or("");
            // `[[2026/11/23]]` is a day, not the note `23`.
            if is_date_name(target.trim()) {
                continue;
            }
            let target = target.rsplit('/').next().unwrap_or(target).trim();
            let target = strip_suffix_ignore_case(target, ".md");
            if target.is_empty() || is_attachment(target) || is_date_name(target) {
                continue;
            }
            return Some(WikiLink {
                offset: open,
                target,
            });
        }
    }
}

/// Whether a link's target is a day (`2026-11-02`, Logseq's `Nov 2nd,
/// 2026`): a daily note, not a person.
fn is_date_name(target: &str) -> bool {
    let b = target.as_bytes();
    if !b
        .first()
        .is_some_and(|&c| c.is_ascii_digit() || is_month_initial(c))
    {
        return false;
    }
    matches!(spelled_date(b, DateOrder::Unset), Some(found) if found.written_len() == b.len())
}

/// Images, PDFs and other files an Obsidian link can embed are not notes.
fn is_attachment(target: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "svg",
        "webp",
        "avif",
        "heic",
        "pdf",
        "mp3",
        "wav",
        "m4a",
        "ogg",
        "flac",
        "mp4",
        "webm",
        "mov",
        "mkv",
        "canvas",
        "excalidraw",
        "base",
    ];
    target
        .rsplit_once('.')
        .is_some_and(|(_, ext)| EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)))
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> &'a str {
    if s.len() >= suffix.len()
        && s.is_char_boundary(s.len() - suffix.len())
        && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    {
        &s[..s.len() - suffix.len()]
    } else {
        s
    }
}

/// The date after an Obsidian Tasks emoji (`📅 2026-12-01`, `✅ 2026-11-30`).
pub fn emoji_date(text: &str, emoji: &str) -> Option<NaiveDate> {
    let at = text.find(emoji)?;
    let rest = text[at + emoji.len()..].trim_start_matches(['\u{fe0f}', ' ']);
    date_prefix(rest.as_bytes())
}

/// `text` without Obsidian Tasks' dated fields (`📅 2026-12-01`,
/// `✅ 2026-11-30`, ...): they are shown as dates, not as words. One pass
/// over the text, however many fields it holds.
pub fn without_task_dates(text: &str) -> String {
    const FIELDS: [&str; 6] = ["📅", "✅", "⏳", "🛫", "➕", "❌"];
    // A recurrence's rule runs to the next of Obsidian Tasks' signs.
    const SIGNS: [&str; 14] = [
        "📅", "✅", "⏳", "🛫", "➕", "❌", "🔁", "⏫", "🔼", "🔽", "🔺", "⏬", "🆔", "⛔",
    ];
    let mut out = String::with_capacity(text.len());
    let mut kept_from = 0;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        if let Some(rule) = rest.strip_prefix(RECURRING) {
            out.push_str(&text[kept_from..at]);
            let end = rule
                .char_indices()
                .find(|(i, _)| SIGNS.iter().any(|s| rule[*i..].starts_with(s)))
                .map_or(rule.len(), |(i, _)| i);
            at += RECURRING.len() + end;
            kept_from = at;
            continue;
        }
        let field = FIELDS.iter().find(|f| rest.starts_with(**f));
        if let Some(field) = field {
            let after = rest[field.len()..].trim_start_matches(['\u{fe0f}', ' ']);
            if date_prefix(after.as_bytes()).is_some() {
                out.push_str(&text[kept_from..at]);
                at = text.len() - after.len() + 10;
                kept_from = at;
                continue;
            }
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
    out.push_str(&text[kept_from..]);
    // Dataview's `[due:: D]` is a date too, shown as one.
    let mut from = 0;
    while let Some(at) = out[from..].find("due::").map(|i| from + i) {
        let open = at.checked_sub(1).map(|i| out.as_bytes()[i]);
        let close = match open {
            Some(b'[') => ']',
            Some(b'(') => ')',
            _ => {
                from = at + 5;
                continue;
            }
        };
        match out[at..].find(close) {
            Some(end) => out.replace_range(at - 1..at + end + 1, ""),
            None => from = at + 5,
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The date an open task names after `by`, `on`, `due` or `before`
/// (`Follow up on the proposal by 2026-04-18`, `call her on Mar 3, 2026`):
/// the first such date.
pub(crate) fn date_after_word(text: &str, order: DateOrder) -> Option<NaiveDate> {
    const WORDS: [&str; 4] = ["by", "on", "due", "before"];
    let b = text.as_bytes();
    let mut at = 0;
    while at < b.len() {
        let word_len = b[at..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let word = &b[at..at + word_len];
        if WORDS
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
        {
            let rest = &text[at + word_len..];
            let after = trim_start(rest.strip_prefix(':').unwrap_or(rest));
            if after.len() < rest.len() {
                if let Some((Ok(date), _)) = leading_date(after, order) {
                    return Some(date);
                }
            }
        }
        // On to the next word: past this one and what follows up to a space.
        at += word_len.max(1);
        match memchr::memchr(b' ', &b[at..]) {
            Some(i) => at += i + 1,
            None => break,
        }
    }
    None
}

pub const DUE: &str = "📅";
pub const DONE: &str = "✅";
pub const SCHEDULED: &str = "⏳";
pub const RECURRING: &str = "🔁";

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        crate::dates::parse_date(s)
    }

    #[test]
    fn spec_entry_forms() {
        let p = split_item("2026-11-02 coffee");
        assert_eq!(
            (p.task, p.date, p.arrow, p.text),
            (TaskBox::None, d("2026-11-02"), None, "coffee")
        );
        let p = split_item("[[2026-11-02]]: coffee");
        assert_eq!((p.date, p.text), (d("2026-11-02"), "coffee"));
        let p = split_item("2026-11-02 — coffee");
        assert_eq!(p.text, "coffee");
        let p = split_item("[ ] 2026-12-01 send the intro");
        assert_eq!(
            (p.task, p.date, p.text),
            (TaskBox::Open, d("2026-12-01"), "send the intro")
        );
        let p = split_item("[x] 2026-11-20 sent the intro");
        assert_eq!((p.task, p.date), (TaskBox::Done, d("2026-11-20")));
        let p = split_item("[ ] send the intro 📅 2026-12-01");
        assert_eq!(
            (p.task, p.date, p.text),
            (TaskBox::Open, None, "send the intro 📅 2026-12-01")
        );
        assert_eq!(emoji_date(p.text, DUE), d("2026-12-01"));
    }

    #[test]
    fn arrows() {
        assert_eq!(
            split_item("2026-11-02 -> email").arrow,
            Some(Direction::Out)
        );
        assert_eq!(split_item("2026-11-02 → email").arrow, Some(Direction::Out));
        assert_eq!(split_item("2026-11-02 <- email").arrow, Some(Direction::In));
        let p = split_item("2026-11-02: ← their email");
        assert_eq!((p.arrow, p.text), (Some(Direction::In), "their email"));
        assert_eq!(split_item("2026-11-02->x").arrow, Some(Direction::Out));
        assert_eq!(split_item("2026-11-02 - lunch").arrow, None);
        assert_eq!(split_item("2026-11-02 - lunch").text, "lunch");
        assert_eq!(
            split_item("[[2026-11-02|Monday]] -> x").arrow,
            Some(Direction::Out)
        );
    }

    #[test]
    fn not_dates() {
        assert_eq!(split_item("2026-11-02x").date, None);
        assert_eq!(split_item("2026-11-022").date, None);
        assert_eq!(split_item("2026-13-02 x").date, None);
        assert_eq!(split_item("[[2026-11-02 notes]]").date, None);
        assert_eq!(split_item("coffee 2026-11-02").date, None);
        assert_eq!(split_item("[y] 2026-11-02 x").task, TaskBox::Open);
        assert_eq!(split_item("[-] 2026-11-02 x").task, TaskBox::Cancelled);
        assert_eq!(split_item("[link](x) 2026").task, TaskBox::None);
        assert_eq!(split_item("2026-11-02, 14:00 call").date, d("2026-11-02"));
    }

    #[test]
    fn tag_rules() {
        let found: Vec<_> =
            tags("#email with #in (#call) a#b #1 #2026 [[X#part]] #topic/sub #café,#x").collect();
        assert_eq!(found, ["email", "in", "call", "topic/sub", "café", "x"]);
    }

    #[test]
    fn link_rules() {
        let found: Vec<_> = wikilinks(
            "[[Ann]] [[bob|Bob B]] [[Cara#Work]] ![[people/Dan.md]] [[2026-11-02]] [[]] [[Eve^b1]]",
        )
        .map(|l| (l.offset, l.target))
        .collect();
        assert_eq!(
            found,
            [
                (0, "Ann"),
                (8, "bob"),
                (22, "Cara"),
                (37, "Dan"),
                (75, "Eve")
            ]
        );
        assert_eq!(wikilinks("[[unclosed").count(), 0);
        assert_eq!(
            wikilinks("[[Nov 23rd, 2026]] [[2026/11/23]] [[Nov 23rd Party]]")
                .map(|l| l.target)
                .collect::<Vec<_>>(),
            ["Nov 23rd Party"]
        );
        assert_eq!(
            wikilinks("![[photo.JPG|300]] [[doc.pdf]] [[Dr. Who]]")
                .map(|l| l.target)
                .collect::<Vec<_>>(),
            ["Dr. Who"]
        );
        assert_eq!(
            wikilinks("[[a [[b]]").map(|l| l.target).collect::<Vec<_>>(),
            ["b"]
        );
    }

    #[test]
    fn link_search_reads_each_byte_about_once() {
        // Each of these made the old search go back over the rest of the
        // line for every `[[`: quadratic in the line's length.
        let n = 20_000;
        let hostile = [
            "[[Ann]] ".repeat(n),
            format!("{}]]", "[[a ".repeat(n)),
            "[[".repeat(n),
            format!("{}]]", "[[[".repeat(n)),
            "[[a]".repeat(n),
            "]][[".repeat(n),
        ];
        for text in &hostile {
            let mut links = wikilinks(text);
            let found = links.by_ref().count();
            assert!(
                links.searched() <= 2 * text.len() + 4,
                "{} bytes searched in {} ({found} links), starting {:?}",
                links.searched(),
                text.len(),
                &text[..12]
            );
        }
        assert_eq!(wikilinks(&hostile[0]).count(), n);
        let last = wikilinks(&hostile[1]).last().unwrap();
        assert_eq!((last.offset, last.target), (4 * (n - 1), "a"));
    }

    #[test]
    fn many_task_dates_on_one_line() {
        let text = "x 📅 2026-12-01 ".repeat(10_000);
        assert_eq!(without_task_dates(&text), vec!["x"; 10_000].join(" "));
        assert_eq!(
            without_task_dates("📅 soon ✅ 2026-11-30 then 📅 2026-12-01"),
            "📅 soon then"
        );
    }

    #[test]
    fn task_dates_are_not_words() {
        assert_eq!(
            without_task_dates("ask [[Dev]] 📅 2026-11-22 ⏫"),
            "ask [[Dev]] ⏫"
        );
        assert_eq!(
            without_task_dates("sent ✅ 2026-11-30 ➕ 2026-11-01"),
            "sent"
        );
        assert_eq!(without_task_dates("📅 soon"), "📅 soon");
        assert_eq!(
            without_task_dates("send the deck [due:: 2026-11-30] (due:: x) now [due:: open"),
            "send the deck now [due:: open"
        );
    }

    #[test]
    fn a_recurrence_rule_is_not_words() {
        assert_eq!(
            without_task_dates("water the plants 🔁 every week on Monday 📅 2026-12-01 ⏫"),
            "water the plants ⏫"
        );
        assert_eq!(without_task_dates("call mum 🔁 every month"), "call mum");
    }

    #[test]
    fn dates_after_by_on_due_before() {
        let o = DateOrder::Unset;
        assert_eq!(
            date_after_word("Follow up on proposal by 2026-04-18", o),
            d("2026-04-18")
        );
        assert_eq!(
            date_after_word("call her on Mar 3, 2026 ok", o),
            d("2026-03-03")
        );
        assert_eq!(
            date_after_word("send it due: 2026/05/01", o),
            d("2026-05-01")
        );
        assert_eq!(
            date_after_word("BEFORE [[2026-05-02]] please", o),
            d("2026-05-02")
        );
        assert_eq!(
            date_after_word("by 03/05/2026", DateOrder::DayFirst),
            d("2026-05-03")
        );
        for text in [
            "stand by me",
            "on 2026-02-30",
            "by 03/05/2026",
            "nearby 2026-04-18",
            "by2026-04-18",
            "on 12:30",
            "on version 2.0.1",
            "",
        ] {
            assert_eq!(date_after_word(text, o), None, "{text}");
        }
    }

    #[test]
    fn emoji_dates() {
        assert_eq!(emoji_date("x ✅ 2026-11-30", DONE), d("2026-11-30"));
        assert_eq!(emoji_date("x ✅2026-11-30", DONE), d("2026-11-30"));
        assert_eq!(emoji_date("x ✅ soon", DONE), None);
        assert_eq!(emoji_date("x", DUE), None);
    }
}
