//! Reading one note's text into a [`Note`]: front matter, then the body's
//! blocks into entries, follow-ups and links. No I/O.

use super::body::{self, BlockKind, BodyScanner};
use super::entries::Entries;
use super::fields;
use super::front_matter;
use super::front_matter::body_keys::BodyKey;
use super::inline::{self, Direction, TaskBox, Unread};
use super::model::{id_of, Entry, EntryKind, Link, LinkingEntry, Note};
use crate::dates::DateOrder;
use crate::diagnostic::{to_u32, Diagnostic, Kind};
use chrono::NaiveDate;

/// What the parser needs to know about a note besides its text.
#[derive(Debug, Clone, Copy)]
pub struct ParseContext<'a> {
    /// Relative to the vault root, with `/`; used in diagnostics.
    pub path: &'a str,
    /// The note lies under one of the configured contact folders.
    pub in_contact_dir: bool,
    /// Front-matter `type` values that make a note a contact (lowercase).
    pub contact_types: &'a [String],
    /// The vault's own spellings of netkeep's keys (`[keys]` in the config).
    pub key_spellings: &'a front_matter::KeySpellings,
    /// The date of a daily note (its file stem), when it is one.
    pub daily_date: Option<NaiveDate>,
    /// Config `interaction_keys`: more keys for an interaction note's people.
    pub interaction_keys: &'a [String],
    /// Config `date_order`: how `03/12/2026` reads.
    pub date_order: crate::dates::DateOrder,
    /// Texts are kept only for entries that can still be shown: open
    /// follow-ups and plans dated from this day on.
    pub today: NaiveDate,
}

/// Parses one note's text.
pub fn parse(text: &str, ctx: &ParseContext<'_>) -> Note {
    let mut note = Note {
        path: ctx.path.to_string(),
        id: id_of(ctx.path).to_string(),
        ..Note::default()
    };
    let split = front_matter::split(text);
    if split.too_large {
        note.diagnostics.push(Diagnostic::warning(
            ctx.path,
            1,
            1,
            format!(
                "front matter is larger than {} KiB and is not read",
                front_matter::MAX_FRONT_MATTER / 1024
            ),
        ));
    }
    if split.extra_boms > 0 {
        note.diagnostics.push(Diagnostic::warning(
            ctx.path,
            1,
            2,
            format!(
                "the note starts with {} byte-order marks; netkeep reads past them, but Obsidian and other tools may not see its front matter (remove all but the first)",
                split.extra_boms + 1
            ),
        ).lint());
    }
    if split.unclosed {
        note.diagnostics.push(Diagnostic::warning(
            ctx.path,
            1,
            1,
            "front matter opened by `---` on line 1 is never closed, so none of its keys are read (add a `---` line after its last key)",
        ));
    }
    let mut held = front_matter::Held::default();
    // Without front matter, `key:: value` lines opening the note (Logseq's
    // page properties) are read as if they were.
    let properties;
    // Fields in the body are read from past the page properties on.
    let mut fields_from = 0;
    let yaml = match split.yaml {
        Some(yaml) => Some((yaml, split.yaml_first_line)),
        None if !split.unclosed && !split.too_large => {
            properties = super::properties::as_yaml(split.body);
            fields_from = properties.as_deref().map_or(0, |y| {
                split.body_first_line + to_u32(memchr::memchr_iter(b'\n', y.as_bytes()).count())
            });
            properties.as_deref().map(|y| (y, split.body_first_line))
        }
        None => None,
    };
    if let Some((yaml, first_line)) = yaml {
        if let Some(front) = front_matter::parse_held(
            yaml,
            first_line,
            ctx.path,
            &front_matter::Reading {
                spellings: ctx.key_spellings,
                date_order: ctx.date_order,
            },
            &mut note.diagnostics,
            &mut held,
        ) {
            note.front = Box::new(front);
        }
        if note.front.with.is_empty() && !ctx.interaction_keys.is_empty() {
            note.front.with = front_matter::links_under(yaml, first_line, ctx.interaction_keys);
        }
    }
    note.is_contact = ctx.in_contact_dir || marked_as_contact(&note.front, ctx.contact_types);
    // Only a note a key means something to hears about its bad value.
    if note.is_contact {
        note.diagnostics.append(&mut held.contact);
    }
    if !note.front.with.is_empty() {
        note.diagnostics.append(&mut held.interaction);
    }

    let mut scratch = Scratch::take();
    let mut builder = EntryBuilder {
        note: &mut note,
        scratch: &mut scratch,
        today: ctx.today,
        date_order: ctx.date_order,
        key_spellings: ctx.key_spellings,
        day_month: SkippedLines::default(),
        unrecognised: SkippedLines::default(),
        item_scope: None,
        heading_scope: None,
    };
    // A note whose file name starts with a date is dated by it, as a daily
    // note is; a contact stays a contact whatever its name.
    let day = ctx.daily_date.or_else(|| {
        (!builder.note.is_contact)
            .then(|| crate::daily_notes::name_date(&builder.note.id))
            .flatten()
    });
    // A meeting note lists its people under an `## Attendees` heading.
    let meeting_date = builder.note.front.date.filter(|_| !builder.note.is_contact);
    let mut people_section: Option<usize> = None;
    let mut body_keys: Vec<BodyKey<'_>> = Vec::new();
    // The columns of the table being read, in a contact's note.
    let mut table: Option<TableColumns> = None;
    let mut scanner = BodyScanner::new(split.body, split.body_first_line);
    for block in scanner.by_ref() {
        let before = builder.scratch.entries.len();
        match block.kind {
            BlockKind::ListItem => {
                // A sub-bullet of a dated item describes it; the next item
                // as far out or further does not.
                if builder.item_scope.is_some_and(|(_, at)| block.start <= at) {
                    builder.item_scope = None;
                }
                let day = day.or(meeting_date.filter(|_| people_section.is_some()));
                builder.list_item(&block, day);
                if builder.scratch.entries.len() > before {
                    builder.item_scope = Some((before, block.start));
                }
            }
            BlockKind::Heading => {
                let level = heading_level(&block);
                if is_people_heading(block.text()) {
                    people_section = Some(level);
                } else if people_section.is_some_and(|section| level <= section) {
                    people_section = None;
                }
                builder.item_scope = None;
                if builder.heading_scope.is_some_and(|(_, at)| level <= at) {
                    builder.heading_scope = None;
                }
                builder.heading(&block);
                if builder.scratch.entries.len() > before {
                    builder.heading_scope = Some((before, level));
                }
            }
            BlockKind::Paragraph => {
                if block.start == 0 {
                    builder.item_scope = None;
                }
                if let Some(day) = day {
                    builder.daily_line(&block, day, TaskBox::None, block.text());
                }
            }
            BlockKind::TableHeader | BlockKind::TableRow if builder.note.is_contact => {
                builder.item_scope = None;
                if block.kind == BlockKind::TableHeader {
                    table = Some(TableColumns::of(block.text()));
                } else if let Some(columns) = &table {
                    builder.table_row(&block, columns);
                }
            }
            BlockKind::TableHeader | BlockKind::TableRow => {
                // Elsewhere a row is a line like any other: in a daily
                // note, it links who was met that day.
                if let Some(day) = day {
                    builder.daily_line(&block, day, TaskBox::None, block.text());
                }
            }
        }
        let in_entry = builder.item_scope.is_some() || builder.heading_scope.is_some();
        let in_table = matches!(block.kind, BlockKind::TableHeader | BlockKind::TableRow);
        if !in_table && ((builder.note.is_contact && block.line_no >= fields_from) || in_entry) {
            builder.fields(&block, &mut body_keys);
        }
    }
    let day_month = std::mem::take(&mut builder.day_month);
    let unrecognised = std::mem::take(&mut builder.unrecognised);
    if !body_keys.is_empty() {
        front_matter::body_keys::merge(
            &mut note.front,
            &body_keys,
            &note.path,
            &front_matter::Reading {
                spellings: ctx.key_spellings,
                date_order: ctx.date_order,
            },
            &mut note.diagnostics,
        );
    }
    unrecognised.report(
        &mut note,
        Kind::Unread,
        "is not a date netkeep reads, so the line is not an entry (write the date as 2026-03-12, 12 Mar 2026 or Mar 12, 2026, with its year, at the start)",
    );
    day_month.report(
        &mut note,
        Kind::DayMonth,
        "is written in numbers with the year last, which could be day or month first, and is not read (set `date_order` in netkeep.toml, or write YYYY-MM-DD)",
    );
    if let Some(line) = scanner.open_generated {
        note.diagnostics.push(
            Diagnostic::warning(
                ctx.path,
                line,
                1,
                format!(
                    "`{}` has no `{}` after it: the rest of the note is not read",
                    body::BEGIN_MARKER,
                    body::END_MARKER
                ),
            )
            .lint(),
        );
    }
    if note.is_contact {
        check_order(&mut note, &scratch.entries);
    }
    // Each entry's file position, by its place in the order they count in.
    let order = date_order(&scratch.entries, &mut note.texts);
    let at = |i: usize| order.as_ref().map_or(i, |order| order[i]);
    let count = scratch.entries.len();
    let entries = (0..count).map(|i| scratch.entries[at(i)]);
    let mut linking = 0;
    let mut open_tasks = 0;
    for (entry, links) in scratch.entries.iter().zip(&scratch.entry_links) {
        linking += usize::from(links.1 > 0);
        open_tasks += usize::from(entry.kind == EntryKind::FollowUp);
    }
    note.linking.reserve_exact(linking);
    note.open_tasks.reserve_exact(open_tasks);
    for (i, entry) in entries.clone().enumerate() {
        let (links_start, links_len) = scratch.entry_links[at(i)];
        if links_len > 0 {
            note.linking.push(LinkingEntry {
                index: to_u32(i),
                entry,
                links_start,
                links_len,
            });
        }
        if entry.kind == EntryKind::FollowUp {
            note.open_tasks.push(to_u32(i));
        } else {
            note.directions.add(entry.direction);
        }
    }
    note.entries = Entries::parsed(entries);
    note.tag_refs = scratch.tag_refs.as_slice().to_vec();
    note.links = scratch.links.drain(..).collect();
    scratch.put_back();
    note
}

/// The contact types every vault has, besides its config's `contact_types`.
pub const BUILT_IN_CONTACT_TYPES: [&str; 4] = ["person", "people", "contact", "contacts"];

/// Whether `type`, `categories` or `tags` names a contact type (built in,
/// or one of `contact_types`, lowercase), in any case. A link's last path
/// part counts (`[[Categories/People]]`), and a tag's first (`#person/friend`).
pub fn marked_as_contact(front: &front_matter::FrontMatter, contact_types: &[String]) -> bool {
    let is_type = |name: &str| {
        BUILT_IN_CONTACT_TYPES
            .iter()
            .any(|t| t.eq_ignore_ascii_case(name))
            || contact_types
                .iter()
                .any(|t| crate::config::same_name(t, name))
    };
    front.types.iter().any(|t| {
        let last = t.rsplit('/').next().unwrap_or(t);
        is_type(t) || is_type(last)
    }) || front.tags.iter().any(|t| {
        let first = t.split('/').next().unwrap_or(t);
        is_type(t) || is_type(first)
    })
}

/// A heading's level: how many `#` open it.
fn heading_level(block: &body::Block<'_>) -> usize {
    block.line[..block.start]
        .bytes()
        .filter(|&b| b == b'#')
        .count()
}

/// Whether a heading names a meeting's people: Attendees, Participants,
/// People or With, in any case, with or without a colon.
fn is_people_heading(text: &str) -> bool {
    let text = text.trim_end().trim_end_matches('#').trim_end();
    let text = text.strip_suffix(':').unwrap_or(text).trim_end();
    ["attendees", "participants", "people", "with"]
        .iter()
        .any(|name| text.eq_ignore_ascii_case(name))
}

/// What a note is built in before it is copied out at its final size.
///
/// A large vault keeps millions of entries. Grown push by push, each
/// note's vectors would leave a trail of freed smaller copies, which the
/// allocator hands back to the system and the next note faults in again:
/// on a virtual machine, touching fresh memory cost as much as parsing.
/// One set per thread, reused note after note, leaves only the final
/// copies as fresh memory.
#[derive(Default)]
struct Scratch {
    entries: Vec<Entry>,
    /// Where each entry's links lie in `links` (start, length).
    entry_links: Vec<(u32, u16)>,
    links: Vec<Link>,
    tag_refs: Vec<u16>,
    /// The index of each name in `note.tag_names`.
    tag_index: foldhash::HashMap<Box<str>, u16>,
    /// For each tag, the entry it was last added to.
    tag_on_entry: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

impl Scratch {
    /// A thread keeps what one huge note grew to only up to this many
    /// entries; past it, the memory goes back.
    const KEEP: usize = 1 << 16;

    fn take() -> Scratch {
        SCRATCH.take()
    }

    fn put_back(mut self) {
        if self.entries.capacity() > Self::KEEP
            || self.links.capacity() > Self::KEEP
            || self.tag_refs.capacity() > Self::KEEP
            || self.tag_index.capacity() > Self::KEEP
        {
            return;
        }
        self.entries.clear();
        self.entry_links.clear();
        self.links.clear();
        self.tag_refs.clear();
        self.tag_index.clear();
        self.tag_on_entry.clear();
        SCRATCH.set(self);
    }
}

struct EntryBuilder<'n> {
    note: &'n mut Note,
    scratch: &'n mut Scratch,
    today: NaiveDate,
    date_order: DateOrder,
    key_spellings: &'n front_matter::KeySpellings,
    /// Items dated `03/12/2026` in a vault without `date_order`.
    day_month: SkippedLines,
    /// Items that open with what looks like a date netkeep does not read.
    unrecognised: SkippedLines,
    /// The dated list item whose sub-bullets are being read: its entry's
    /// index, and where its text starts in its line.
    item_scope: Option<(usize, usize)>,
    /// The dated heading whose section is being read: its entry's index,
    /// and its level.
    heading_scope: Option<(usize, usize)>,
}

/// Lines of one kind that look like entries and are not read: the first
/// of them, and how many there are. A note says so once, not line by line.
#[derive(Default)]
struct SkippedLines {
    /// Line, column and the date as written.
    first: Option<(u32, u32, Box<str>)>,
    count: u32,
}

impl SkippedLines {
    fn add(&mut self, line: u32, column: u32, written: &str) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some((line, column, written.into()));
        }
    }

    /// One diagnostic for them all: `what` says why the first is not read.
    fn report(self, note: &mut Note, kind: Kind, what: &str) {
        let Some((line, column, written)) = self.first else {
            return;
        };
        let more = match self.count - 1 {
            0 => String::new(),
            1 => " (and 1 more line in this note)".into(),
            n => format!(" (and {n} more lines in this note)"),
        };
        let mut d = Diagnostic::warning(
            &note.path,
            line,
            column,
            format!("`{written}` looks like an entry's date but {what}{more}"),
        );
        d.kind = kind;
        note.diagnostics.push(d);
    }
}

/// Columns (1-based, in characters) of byte offsets in a line, asked for
/// left to right: each byte is counted once, so a line with many links
/// costs its length, not its length times its links.
struct Columns<'a> {
    line: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> Columns<'a> {
    fn new(line: &'a str) -> Self {
        Columns {
            line,
            byte: 0,
            chars: 0,
        }
    }

    fn at(&mut self, byte: usize) -> u32 {
        if byte < self.byte {
            // Not left to right after all: count again from the start.
            *self = Columns::new(self.line);
        }
        let byte = byte.min(self.line.len());
        self.chars += self
            .line
            .get(self.byte..byte)
            .map_or(0, |s| s.chars().count());
        self.byte = byte;
        to_u32(self.chars + 1)
    }
}

impl EntryBuilder<'_> {
    fn list_item(&mut self, block: &body::Block<'_>, daily_date: Option<NaiveDate>) {
        let text = block.text();
        let parts = inline::split_item_in(text, self.date_order);
        self.unread(block, &parts, parts.text);
        if parts.task == TaskBox::Cancelled {
            return;
        }
        let dated = match parts.task {
            TaskBox::Open => inline::emoji_date(text, inline::DUE)
                .or(parts.date)
                .or_else(|| due_field(parts.text, self.date_order))
                .or_else(|| inline::date_after_word(parts.text, self.date_order))
                .or_else(|| inline::emoji_date(text, inline::SCHEDULED))
                .map(|due| (due, EntryKind::FollowUp)),
            TaskBox::Done => inline::emoji_date(text, inline::DONE)
                .or(parts.date)
                .or_else(|| inline::emoji_date(text, inline::DUE))
                .map(|done| (done, EntryKind::Done)),
            _ => parts.date.map(|date| (date, EntryKind::Dated)),
        };
        let Some((date, kind)) = dated else {
            // Undated: in a daily note it may still be a touch that day.
            if let Some(day) = daily_date {
                self.daily_line(block, day, parts.task, parts.text);
            } else if let Some(day) = self.dated_note_link(parts.text) {
                self.daily_line(block, day, parts.task, parts.text);
            } else if parts.task == TaskBox::Open && self.note.is_contact && parts.unread.is_none()
            {
                // A contact's open task with no date is still open: due on
                // no day, never overdue.
                let text = inline::without_task_dates(parts.text);
                if !text.is_empty() {
                    self.note.undated.push((block.line_no, text.into()));
                }
            }
            return;
        };
        self.push(block, date, kind, parts.arrow, parts.text);
    }

    fn heading(&mut self, block: &body::Block<'_>) {
        if !self.note.is_contact {
            return;
        }
        let parts = inline::split_item_in(block.text(), self.date_order);
        self.unread(block, &parts, parts.text);
        if let (TaskBox::None, Some(date)) = (parts.task, parts.date) {
            self.push(block, date, EntryKind::Dated, parts.arrow, parts.text);
        }
    }

    /// The fields in a block's text: those that describe the entry being
    /// read (its direction, channel, people) go to it; a contact's own
    /// keys to `keys`.
    fn fields<'t>(&mut self, block: &body::Block<'t>, keys: &mut Vec<BodyKey<'t>>) {
        let text = block.text();
        let mut columns = Columns::new(block.line);
        let entry = self.item_scope.or(self.heading_scope).map(|(i, _)| i);
        fields::fields(text, |f| {
            let key_column = columns.at(block.start + f.key_at);
            let value_column = columns.at(block.start + f.value_at);
            if let Some(i) = entry {
                if self.entry_field(i, block, &f, value_column) {
                    return;
                }
            }
            if !self.note.is_contact {
                return;
            }
            if let Some(key) = front_matter::Key::read(f.key, self.key_spellings) {
                keys.push(BodyKey {
                    key,
                    written: f.key,
                    value: f.value,
                    line: block.line_no,
                    key_column,
                    value_column,
                });
            }
        });
    }

    /// Sets what the field says of entry `i` (its direction, channel or
    /// people); `false` when the field is not about an entry.
    fn entry_field(
        &mut self,
        i: usize,
        block: &body::Block<'_>,
        f: &fields::Field<'_>,
        value_column: u32,
    ) -> bool {
        match entry_field_of(f.key, self.key_spellings) {
            Some(EntryField::Direction) => {
                match direction_of(f.value) {
                    Some(direction) => {
                        if let Some(e) = self.scratch.entries.get_mut(i) {
                            e.direction = direction;
                        }
                    }
                    None if !f.value.is_empty() => {
                        self.note.diagnostics.push(Diagnostic::warning(
                            &self.note.path,
                            block.line_no,
                            value_column,
                            format!(
                                "{}: `{}` is not a direction: use in (they reached out), out (you did) or both",
                                f.key, f.value
                            ),
                        ));
                    }
                    None => {}
                }
                true
            }
            Some(EntryField::Channel) => {
                let channel = front_matter::unlink(f.value.trim().trim_start_matches('#'));
                let channel = channel.trim().to_lowercase().replace([' ', '\t'], "-");
                if !channel.is_empty() {
                    self.add_tag_to(i, &channel);
                }
                true
            }
            Some(EntryField::People) => {
                let value_at = block.start + f.value_at;
                let mut columns = Columns::new(block.line);
                let found: Vec<Link> = inline::wikilinks(f.value)
                    .map(|link| Link {
                        target: link.target.into(),
                        line: block.line_no,
                        column: columns.at(value_at + link.offset),
                    })
                    .collect();
                self.add_links_to(i, found);
                true
            }
            None => false,
        }
    }

    /// Adds `tag` to entry `i`, whose tags may no longer be the last ones
    /// written (they are moved to the end then).
    fn add_tag_to(&mut self, i: usize, tag: &str) {
        let Some(index) = intern_tag(self.note, self.scratch, tag.into()) else {
            return;
        };
        let scratch = &mut *self.scratch;
        let Some(e) = scratch.entries.get_mut(i) else {
            return;
        };
        let (start, len) = (e.tags_start as usize, usize::from(e.tags_len));
        let Some(own) = scratch.tag_refs.get(start..start + len) else {
            return;
        };
        if own.contains(&index) || len == usize::from(u16::MAX) {
            return;
        }
        if start + len != scratch.tag_refs.len() {
            let own = own.to_vec();
            e.tags_start = to_u32(scratch.tag_refs.len());
            scratch.tag_refs.extend(own);
        }
        scratch.tag_refs.push(index);
        e.tags_len += 1;
    }

    /// Adds `links` to entry `i`'s, moving its own to the end when they
    /// are no longer the last ones written.
    fn add_links_to(&mut self, i: usize, mut links: Vec<Link>) {
        let scratch = &mut *self.scratch;
        let Some(range) = scratch.entry_links.get_mut(i) else {
            return;
        };
        let (start, len) = (range.0 as usize, usize::from(range.1));
        // `- 2026-04-10 call with [[Jo]] (participants:: [[Jo]])` links Jo once.
        let own = scratch.links.get(start..start + len).unwrap_or_default();
        links.retain(|l| !own.iter().any(|o| o.target.eq_ignore_ascii_case(&l.target)));
        if links.is_empty() || len + links.len() > usize::from(u16::MAX) {
            return;
        }
        if start + len != scratch.links.len() {
            let own: Vec<Link> = scratch
                .links
                .get(start..start + len)
                .unwrap_or_default()
                .to_vec();
            range.0 = to_u32(scratch.links.len());
            scratch.links.extend(own);
        }
        range.1 += u16::try_from(links.len()).unwrap_or(0);
        scratch.links.extend(links);
    }

    /// A row of an interaction table: an entry on its date, its
    /// Direction and Channel columns read as fields, the rest its text.
    fn table_row(&mut self, block: &body::Block<'_>, columns: &TableColumns) {
        let row = block.text();
        let cells = body::table_cells(row);
        let Some(date_cell) = cells.get(columns.date) else {
            return;
        };
        let parts = inline::split_item_in(date_cell, self.date_order);
        self.unread(block, &parts, date_cell);
        let Some(date) = parts.date.filter(|_| parts.task == TaskBox::None) else {
            return;
        };
        let before = self.scratch.entries.len();
        // The row's cells, all of them, hold its links and tags.
        self.push(block, date, EntryKind::Dated, parts.arrow, row);
        if self.scratch.entries.len() == before {
            return;
        }
        if let Some(direction) = columns
            .direction
            .and_then(|i| cells.get(i))
            .and_then(|c| direction_of(c))
        {
            if let Some(e) = self.scratch.entries.get_mut(before) {
                e.direction = direction;
            }
        }
        if let Some(channel) = columns.channel.and_then(|i| cells.get(i)) {
            let channel = front_matter::unlink(channel.trim_start_matches('#'));
            let channel = channel.trim().to_lowercase().replace([' ', '\t'], "-");
            if !channel.is_empty() {
                self.add_tag_to(before, &channel);
            }
        }
        // Shown as the rest of the row, not as the row with its pipes.
        if let Some((i, text)) = self.note.texts.last_mut() {
            if *i as usize == before {
                let rest: Vec<&str> = cells
                    .iter()
                    .enumerate()
                    .filter(|&(i, c)| {
                        i != columns.date
                            && Some(i) != columns.direction
                            && Some(i) != columns.channel
                            && !c.is_empty()
                    })
                    .map(|(_, c)| *c)
                    .collect();
                *text = inline::without_task_dates(&rest.join(" — ")).into();
            }
        }
    }

    /// An item or heading that opens with a date that is not read, or
    /// with what looks like one: in a contact's note, or when it links
    /// someone, the user meant an entry. `text` starts with the date as
    /// written.
    fn unread(&mut self, block: &body::Block<'_>, parts: &inline::ItemParts<'_>, text: &str) {
        if parts.date.is_some() {
            return;
        }
        // Most items hold no date at all: their first byte says so.
        let first = text.as_bytes().first().copied().unwrap_or(b' ');
        if !(first.is_ascii_alphanumeric() || first == b'[') {
            return;
        }
        if !self.note.is_contact && !text.contains("[[") {
            return;
        }
        let unread = match parts.unread {
            Some(unread) => unread,
            None if crate::dates::looks_dated(text.as_bytes()) => {
                let at = text.as_ptr() as usize - block.line.as_ptr() as usize;
                let column = Columns::new(block.line).at(at);
                self.unrecognised
                    .add(block.line_no, column, date_as_written(text));
                return;
            }
            None => return,
        };
        let at = text.as_ptr() as usize - block.line.as_ptr() as usize;
        let column = Columns::new(block.line).at(at);
        let written = date_as_written(text);
        match unread {
            Unread::DayMonth => self.day_month.add(block.line_no, column, written),
            Unread::Impossible => self.note.diagnostics.push(Diagnostic::warning(
                &self.note.path,
                block.line_no,
                column,
                format!("`{written}` is not a day of the calendar, so this entry is not read (fix the date)"),
            )),
        }
    }

    /// In a contact's note, an item that is only a link to a note whose
    /// name starts with a date (`- [[2026-04-10 - Intro Call]]`) is an
    /// entry on that date.
    fn dated_note_link(&self, text: &str) -> Option<NaiveDate> {
        if !self.note.is_contact {
            return None;
        }
        let text = text.trim();
        // Every undated item of a contact's note comes here (sub-bullets
        // by the million in a large vault): the shape first, links after.
        if !(text.starts_with("[[") && text.ends_with("]]")) {
            return None;
        }
        let mut links = inline::wikilinks(text);
        let link = links.next()?;
        if link.offset != 0 || links.next().is_some() {
            return None;
        }
        crate::daily_notes::name_date(link.target)
    }

    /// A line of a daily note: a touch on the note's date for every contact
    /// it links (an open task there is a follow-up on that date instead).
    fn daily_line(&mut self, block: &body::Block<'_>, day: NaiveDate, task: TaskBox, text: &str) {
        if !text.contains("[[") {
            return;
        }
        let kind = match task {
            TaskBox::Open => EntryKind::FollowUp,
            TaskBox::Done => EntryKind::Done,
            _ => EntryKind::Dated,
        };
        // `- -> wrote [[Ann]]`: an arrow leading the line says who reached out.
        let t = text.trim_start();
        let arrow = if t.starts_with("->") || t.starts_with('→') {
            Some(Direction::Out)
        } else if t.starts_with("<-") || t.starts_with('←') {
            Some(Direction::In)
        } else {
            None
        };
        self.push(block, day, kind, arrow, text);
    }

    fn push(
        &mut self,
        block: &body::Block<'_>,
        date: NaiveDate,
        kind: EntryKind,
        arrow: Option<Direction>,
        text: &str,
    ) {
        let note = &mut *self.note;
        let scratch = &mut *self.scratch;
        let links_start = scratch.links.len();
        // Offsets in `text` are turned into columns of the whole line.
        let text_at = text.as_ptr() as usize - block.line.as_ptr() as usize;
        let mut columns = Columns::new(block.line);
        for link in inline::wikilinks(text) {
            scratch.links.push(Link {
                target: link.target.into(),
                line: block.line_no,
                column: columns.at(text_at + link.offset),
            });
        }
        let links_len = scratch.links.len() - links_start;
        if !note.is_contact && links_len == 0 {
            // An entry that links nobody in a note that is nobody counts for
            // no one.
            return;
        }
        let tags_start = scratch.tag_refs.len();
        let mut tag_direction = None;
        for tag in inline::tags(text) {
            // Most tags are written in lowercase already: no allocation then.
            let tag: std::borrow::Cow<'_, str> =
                if tag.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
                    tag.to_lowercase().into()
                } else {
                    tag.into()
                };
            match &*tag {
                "out" => tag_direction = Some(Direction::Out),
                "in" => tag_direction = Some(Direction::In),
                _ => {}
            }
            // By hash, and "already on this entry" by a mark per tag: a
            // line of thousands of distinct tags costs what its length does.
            let Some(index) = intern_tag(note, scratch, tag) else {
                continue;
            };
            let entry_mark = to_u32(scratch.entries.len());
            let mark = &mut scratch.tag_on_entry[usize::from(index)];
            if *mark != entry_mark {
                *mark = entry_mark;
                scratch.tag_refs.push(index);
            }
        }
        let tags_len = scratch.tag_refs.len() - tags_start;
        let index = scratch.entries.len();
        if kind == EntryKind::FollowUp || date >= self.today {
            note.texts
                .push((to_u32(index), inline::without_task_dates(text).into()));
        }
        scratch.entries.push(Entry {
            line: block.line_no,
            date,
            kind,
            direction: arrow.or(tag_direction).unwrap_or(Direction::TwoWay),
            tags_start: to_u32(tags_start),
            tags_len: u16::try_from(tags_len).unwrap_or(u16::MAX),
        });
        scratch.entry_links.push((
            to_u32(links_start),
            u16::try_from(links_len).unwrap_or(u16::MAX),
        ));
    }
}

/// The index of `tag` among the note's tags, added when new; `None` past
/// what an entry can refer to (a u16): a note's further new tags go
/// unrecorded.
fn intern_tag(
    note: &mut Note,
    scratch: &mut Scratch,
    tag: std::borrow::Cow<'_, str>,
) -> Option<u16> {
    if let Some(&i) = scratch.tag_index.get(&*tag) {
        return Some(i);
    }
    let i = u16::try_from(note.tag_names.len()).ok()?;
    note.tag_names.push(tag.clone().into());
    scratch.tag_index.insert(tag.into_owned().into(), i);
    scratch.tag_on_entry.push(u32::MAX);
    Some(i)
}

/// Dataview's `[due:: D]` (or `(due:: D)`) in a task's text.
fn due_field(text: &str, order: DateOrder) -> Option<NaiveDate> {
    // Most tasks hold no field: one search for `::` says so.
    memchr::memchr(b':', text.as_bytes())?;
    let mut due = None;
    fields::fields(text, |f| {
        if due.is_none() && f.key.eq_ignore_ascii_case("due") {
            due = crate::dates::parse_date_value(f.value, order);
        }
    });
    due
}

/// Which of a table's columns hold an entry's date, direction and
/// channel, by their headers.
struct TableColumns {
    /// The column headed Date, else the first.
    date: usize,
    direction: Option<usize>,
    channel: Option<usize>,
}

impl TableColumns {
    fn of(header: &str) -> TableColumns {
        let cells = body::table_cells(header);
        let find = |names: &[&str]| {
            cells.iter().position(|c| {
                let c = c.trim_matches(['*', '_', ' ']);
                names.iter().any(|n| c.eq_ignore_ascii_case(n))
            })
        };
        TableColumns {
            date: find(&["date", "day", "when"]).unwrap_or(0),
            direction: find(&["direction", "dir"]),
            channel: find(&["channel", "type", "via", "medium"]),
        }
    }
}

/// What a field under a dated heading or item says of its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryField {
    Direction,
    /// `channel`, `via`, `medium` or `type`: a tag of the entry.
    Channel,
    /// `participants` and the other spellings of a meeting's people.
    People,
}

fn entry_field_of(key: &str, spellings: &front_matter::KeySpellings) -> Option<EntryField> {
    match front_matter::normalise_key(key).as_str() {
        "direction" => Some(EntryField::Direction),
        "channel" | "via" | "medium" | "type" => Some(EntryField::Channel),
        _ => (front_matter::Key::read(key, spellings) == Some(front_matter::Key::With))
            .then_some(EntryField::People),
    }
}

/// A direction field's value: in, inbound, them; out, outbound, me; both.
fn direction_of(value: &str) -> Option<Direction> {
    let value = front_matter::unlink(value.trim().trim_start_matches('#'));
    let lower = value.trim().to_ascii_lowercase();
    match lower.as_str() {
        "in" | "inbound" | "incoming" | "them" | "they" | "<-" | "←" => Some(Direction::In),
        "out" | "outbound" | "outgoing" | "me" | "i" | "->" | "→" => Some(Direction::Out),
        "both" | "two-way" | "two way" | "twoway" | "mutual" => Some(Direction::TwoWay),
        _ => None,
    }
}

/// The date that opens `text`, for a message: up to the fourth word, the
/// year (the longest spelling, `September 12th, 2026`, has three).
fn date_as_written(text: &str) -> &str {
    let mut end = text.len();
    for (words, (i, _)) in text.match_indices(' ').enumerate() {
        let year_done = i >= 4 && text.as_bytes()[i - 4..i].iter().all(u8::is_ascii_digit);
        // `2026-02-30`: the year first, and the date one word.
        let year_first = text.bytes().take(4).all(|b| b.is_ascii_digit());
        if words >= 2 || year_done || year_first {
            end = i;
            break;
        }
    }
    text[..end].trim_end_matches([',', ':', ']'])
}

/// The order entries count in, date then line, so that a contact's own
/// touches need no sorting when the index is built (the log may run
/// newest first; `check_order` has already read the file order): for each
/// place, the entry's index in file order. `None` when that is the file
/// order already. `texts` are renumbered to match.
fn date_order(entries: &[Entry], texts: &mut [(u32, Box<str>)]) -> Option<Vec<usize>> {
    if entries.is_sorted_by_key(|e| (e.date, e.line)) {
        return None;
    }
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| (entries[i].date, entries[i].line));
    let mut new_index = vec![0u32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = to_u32(new);
    }
    for (entry, _) in texts.iter_mut() {
        *entry = new_index[*entry as usize];
    }
    texts.sort_by_key(|(entry, _)| *entry);
    Some(order)
}

/// Entries in a contact's log should run one way, newest first or newest
/// last; the first entry against the note's own order is a lint.
fn check_order(note: &mut Note, entries: &[Entry]) {
    let dated: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.kind != EntryKind::FollowUp)
        .collect();
    let (Some(first), Some(last)) = (dated.first(), dated.last()) else {
        return;
    };
    let ascending = first.date <= last.date;
    let breaks = dated.windows(2).find(|w| {
        if ascending {
            w[1].date < w[0].date
        } else {
            w[1].date > w[0].date
        }
    });
    if let Some(w) = breaks {
        let order = if ascending {
            "oldest first"
        } else {
            "newest first"
        };
        note.diagnostics.push(
            Diagnostic::warning(
                &note.path,
                w[1].line,
                1,
                format!(
                    "entry dated {} is out of order: this note's log runs {order}, and the entry before it is dated {}",
                    w[1].date, w[0].date
                ),
            )
            .lint(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;
    use crate::note::FrontMatter;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn types() -> Vec<String> {
        vec!["contact".into(), "person".into()]
    }

    fn parse_at(path: &str, text: &str, contact_dir: bool, daily: Option<&str>) -> Note {
        let types = types();
        parse(
            text,
            &ParseContext {
                path,
                in_contact_dir: contact_dir,
                contact_types: &types,
                key_spellings: &front_matter::KeySpellings::default(),
                daily_date: daily.map(d),
                interaction_keys: &[],
                date_order: crate::dates::DateOrder::Unset,
                today: d("2026-11-23"),
            },
        )
    }

    fn contact(text: &str) -> Note {
        parse_at("people/Ann Lee.md", text, true, None)
    }

    /// Line, date, kind, direction, tags and links of each entry, in file
    /// order.
    type Summary = (u32, String, EntryKind, Direction, Vec<String>, Vec<String>);

    /// The links of the entry at `index` (none when it links nobody).
    fn links_of(note: &Note, index: usize) -> &[Link] {
        note.linking_entries()
            .iter()
            .find(|l| l.index as usize == index)
            .map_or(&[], |l| note.links(l))
    }

    fn summary(note: &Note) -> Vec<Summary> {
        let mut in_file_order: Vec<(usize, Entry)> = note.entries.iter().enumerate().collect();
        in_file_order.sort_by_key(|(_, e)| e.line);
        in_file_order
            .into_iter()
            .map(|(i, e)| {
                (
                    e.line,
                    e.date.to_string(),
                    e.kind,
                    e.direction,
                    note.tags(&e).map(String::from).collect(),
                    links_of(note, i)
                        .iter()
                        .map(|l| l.target.to_string())
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn contact_by_folder_type_or_tag() {
        assert!(contact("").is_contact);
        assert_eq!(contact("").id, "Ann Lee");
        let n = parse_at("x/Bo.md", "---\ntype: Person\n---\n", false, None);
        assert!(n.is_contact);
        let n = parse_at("x/Bo.md", "---\ntags: [work, contact]\n---\n", false, None);
        assert!(n.is_contact);
        let n = parse_at("x/Bo.md", "---\ntags: person/friend\n---\n", false, None);
        assert!(n.is_contact);
        let n = parse_at(
            "x/Bo.md",
            "---\ntags: [contacts-list]\ntype: project\n---\n",
            false,
            None,
        );
        assert!(!n.is_contact);
    }

    #[test]
    fn every_way_of_naming_a_contact_type_marks_a_contact() {
        let contact = |yaml: &str| {
            parse_at("x/Bo.md", &format!("---\n{yaml}\n---\n"), false, None).is_contact
        };
        for yaml in [
            "categories: [\"[[People]]\"]",
            "categories:\n  - \"[[Categories/People]]\"",
            "category: \"[[people]]\"",
            "Categories: [[Contacts]]",
            "type: \"#person\"",
            "type: [book, CONTACT]",
            "tags: [People]",
            "tags: \"#contacts\"",
            "tags: person/friend",
            // From the config's contact_types (the test's: contact, person).
            "type: Person",
        ] {
            assert!(contact(yaml), "{yaml}");
        }
        for yaml in [
            "categories: [\"[[Books]]\"]",
            "type: personal",
            "tags: [peoples, projects/people]",
            "people: [\"[[Ann]]\"]",
        ] {
            assert!(!contact(yaml), "{yaml}");
        }
        let types = vec!["client".to_string()];
        let front = crate::note::front_matter::parse(
            "categories: \"[[Clients/Client]]\"\n",
            2,
            "x",
            &mut Vec::new(),
        )
        .unwrap();
        assert!(marked_as_contact(&front, &types));
        assert!(!marked_as_contact(&front, &[]));
    }

    #[test]
    fn only_contacts_hear_about_contact_keys_and_only_interactions_about_date() {
        let text = "---\nstatus: blocked\ndate: 29 July 2023\ncadence: often\n---\n";
        let project = parse_at("projects/Task.md", text, false, None);
        assert!(project.diagnostics.is_empty(), "{:?}", project.diagnostics);
        let person = parse_at("people/Ann.md", text, true, None);
        let lines: Vec<_> = person.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(
            lines,
            [2, 4],
            "contact keys, not the date: {:?}",
            person.diagnostics
        );
        let meeting = parse_at(
            "meetings/Sync.md",
            "---\ndate: \"{{date}}\"\nstatus: done\nwith: [\"[[Ann]]\"]\n---\n",
            false,
            None,
        );
        let messages: Vec<_> = meeting
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages, ["date: `{{date}}` is not a date (YYYY-MM-DD)"]);
    }

    #[test]
    fn entries_with_direction_tags_tasks_and_links() {
        let note = contact(
            "---\nname: Ann\n---\n## Log\n- 2026-11-02 -> email #Email\n  - 2026-11-03 <- reply #email\n\
             - 2026-11-04 coffee with [[Bo|Bob]] #coffee #in\n- [ ] 2026-12-01 send the intro\n\
             - [x] 2026-11-20 sent the intro ✅ 2026-11-21\n- [-] 2026-11-20 cancelled\n\
             - [ ] ask about [[Cara]] 📅 2026-11-30\n- no date\n### 2026-11-05 Lunch\n",
        );
        assert_eq!(
            summary(&note),
            [
                (
                    5,
                    "2026-11-02".into(),
                    EntryKind::Dated,
                    Direction::Out,
                    vec!["email".into()],
                    vec![]
                ),
                (
                    6,
                    "2026-11-03".into(),
                    EntryKind::Dated,
                    Direction::In,
                    vec!["email".into()],
                    vec![]
                ),
                (
                    7,
                    "2026-11-04".into(),
                    EntryKind::Dated,
                    Direction::In,
                    vec!["coffee".into(), "in".into()],
                    vec!["Bo".into()]
                ),
                (
                    8,
                    "2026-12-01".into(),
                    EntryKind::FollowUp,
                    Direction::TwoWay,
                    vec![],
                    vec![]
                ),
                (
                    9,
                    "2026-11-21".into(),
                    EntryKind::Done,
                    Direction::TwoWay,
                    vec![],
                    vec![]
                ),
                (
                    11,
                    "2026-11-30".into(),
                    EntryKind::FollowUp,
                    Direction::TwoWay,
                    vec![],
                    vec!["Cara".into()]
                ),
                (
                    13,
                    "2026-11-05".into(),
                    EntryKind::Dated,
                    Direction::TwoWay,
                    vec![],
                    vec![]
                ),
            ]
        );
        assert_eq!(note.text(6), Some("send the intro"));
        assert_eq!(note.text(0), None, "past touches keep no text");
        assert_eq!(links_of(&note, 2)[0].column, 26);
    }

    #[test]
    fn code_html_front_matter_and_generated_text_hold_no_entries() {
        let note = contact(
            "---\nlog: 2026-01-01\n---\n```\n- 2026-11-02 code\n```\n<!--\n- 2026-11-02 comment\n-->\n\
             <!-- netkeep:begin -->\n- [ ] [[Ann Lee]] 2026-11-02 reach out\n<!-- netkeep:end -->\n- 2026-11-03 real\n",
        );
        assert_eq!(note.entries.len(), 1);
        assert_eq!(note.entries.get(0).unwrap().line, 13);
    }

    #[test]
    fn entries_in_every_date_spelling() {
        let note = contact(
            "- 2026/03/12 call\n- 2026.03.13 -> email\n- 14 Mar 2026 <- text\n- March 15th, 2026: lunch\n\
             - [[Mar 16th, 2026]] walk\n### 17 March 2026 Dinner\n- [ ] send it by Friday\n- Mar 2026 trip\n\
             - 12:30 lunch\n- 2.0.1 shipped\n- 555-123-4567 is her number\n- $12.50 coffee\n",
        );
        let got: Vec<(u32, String, Direction)> = summary(&note)
            .into_iter()
            .map(|e| (e.0, e.1, e.3))
            .collect();
        assert_eq!(
            got,
            [
                (1, "2026-03-12".into(), Direction::TwoWay),
                (2, "2026-03-13".into(), Direction::Out),
                (3, "2026-03-14".into(), Direction::In),
                (4, "2026-03-15".into(), Direction::TwoWay),
                (5, "2026-03-16".into(), Direction::TwoWay),
                (6, "2026-03-17".into(), Direction::TwoWay),
            ]
        );
        // `Mar 2026` has no day: told, not read.
        let told: Vec<(u32, Kind)> = note.diagnostics.iter().map(|d| (d.line, d.kind)).collect();
        assert_eq!(told, [(8, Kind::Unread)]);
    }

    #[test]
    fn an_impossible_date_is_a_warning_never_a_touch() {
        let note = contact("- 31 Feb 2026 dinner\n- 2026-02-30 call\n- 2026-03-01 ok\n");
        assert_eq!(note.entries.len(), 1);
        let got: Vec<(u32, u32, &str)> = note
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (1, 3));
        assert!(
            got[0].2.starts_with("`31 Feb 2026` is not a day"),
            "{}",
            got[0].2
        );
        assert!(
            got[1].2.starts_with("`2026-02-30` is not a day"),
            "{}",
            got[1].2
        );
    }

    #[test]
    fn day_and_month_in_numbers_are_read_only_with_date_order() {
        let text = "- 03/12/2026 call\n- [x] 04/12/2026 sent\n- 05.12.2026 lunch\n";
        let note = contact(text);
        assert!(note.entries.is_empty());
        assert_eq!(
            note.diagnostics.len(),
            1,
            "once per note: {:?}",
            note.diagnostics
        );
        let diag = &note.diagnostics[0];
        assert_eq!((diag.line, diag.column, diag.kind), (1, 3, Kind::DayMonth));
        assert!(diag.message.contains("`03/12/2026`"), "{}", diag.message);
        assert!(diag.message.contains("2 more lines"), "{}", diag.message);
        let types = types();
        for (order, want) in [
            (DateOrder::DayFirst, "2026-12-03"),
            (DateOrder::MonthFirst, "2026-03-12"),
        ] {
            let note = parse(
                text,
                &ParseContext {
                    path: "people/Ann.md",
                    in_contact_dir: true,
                    contact_types: &types,
                    key_spellings: &front_matter::KeySpellings::default(),
                    daily_date: None,
                    interaction_keys: &[],
                    date_order: order,
                    today: d("2026-11-23"),
                },
            );
            assert_eq!(note.entries.len(), 3);
            assert_eq!(summary(&note)[0].1, want);
            assert!(note.diagnostics.is_empty());
        }
    }

    #[test]
    fn dates_as_links_in_front_matter() {
        let note = contact(
            "---\nlast_contact: \"[[2026-11-01]]\"\nmet: [[Nov 23rd, 2019]]\nbirthday: \"[[Nov 23rd, 1982]]\"\n---\n",
        );
        assert!(note.diagnostics.is_empty(), "{:?}", note.diagnostics);
        assert_eq!(note.front.last_contact, Some(d("2026-11-01")));
        assert_eq!(note.front.met, Some(d("2019-11-23")));
        assert_eq!(note.front.birthday.unwrap().to_string(), "1982-11-23");
    }

    #[test]
    fn inline_fields_are_a_contacts_keys() {
        let note = contact(
            "# Ann\nbirthday:: 1990-01-01\n- **Last Contact:** 2026-04-10\n**Title:** CEO\n\
             Lives in [city:: Lisbon] and (cadence:: 2w).\n```\nemail:: code@example.com\n```\n\
             <!--\nphone:: 555\n-->\nnot:: a key netkeep reads\n",
        );
        assert!(note.diagnostics.is_empty(), "{:?}", note.diagnostics);
        let front = &note.front;
        assert_eq!(front.birthday.unwrap().to_string(), "1990-01-01");
        assert_eq!(front.last_contact, Some(d("2026-04-10")));
        assert_eq!(front.role.as_deref(), Some("CEO"));
        assert_eq!(front.location.as_deref(), Some("Lisbon"));
        assert_eq!(front.cadence.as_ref().unwrap().written, "2w");
        assert_eq!(
            (front.email.as_deref(), front.phone.as_deref()),
            (None, None)
        );
        // Another note's fields are its own business.
        let note = parse_at("x/Project.md", "# Plan\ncadence:: 2w\n", false, None);
        assert!(note.front.cadence.is_none());
    }

    #[test]
    fn the_front_matter_wins_and_check_hears_of_a_disagreement() {
        let note = contact(
            "---\ncadence: 2w\nrole: CTO\n---\nrole:: CTO\n- **Cadence:** 1m\n- **Frequency:** 3m\n- met:: 2020-01-01\n",
        );
        assert_eq!(note.front.cadence.as_ref().unwrap().written, "2w");
        assert_eq!(note.front.met, Some(d("2020-01-01")));
        let got: Vec<_> = note
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.kind))
            .collect();
        assert_eq!(
            got,
            [(7, 5, Kind::Lint), (6, 5, Kind::Lint)],
            "{:?}",
            note.diagnostics
        );
        assert!(note.diagnostics[1]
            .message
            .contains("the front matter wins"));
        assert!(note.diagnostics[0]
            .message
            .contains("the first one, on line 6, wins"));
    }

    #[test]
    fn a_bad_field_value_warns_as_front_matter_does_at_the_field() {
        let note = contact("- **Birthday:** someday\nfoo (cadence:: often)\n");
        let got: Vec<_> = note
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, 17, "Birthday: `someday` is not a date: write YYYY-MM-DD, or MM-DD when the year is unknown"),
                (2, 16, "cadence: cadence `often` is not a cadence: write a number and a unit (10d, 2w, 3m, 1y) or weekly, biweekly, monthly, quarterly, yearly"),
            ]
        );
    }

    #[test]
    fn fields_under_a_dated_heading_or_item_describe_its_entry() {
        let note = contact(
            "### 2026-04-10 Intro call\n- **Direction:** Inbound\n- **Channel:** Phone\n\
             - participants:: [[John Doe]], [[Ann]]\n\
             - 2026-04-12 lunch\n  - direction:: out\n  - via:: #email\n- direction:: them\n\
             ## Notes\n- direction:: in\n- 2026-04-14 [type:: Video Call] (direction:: both)\n\
             - 2026-04-15 chat\n  - direction:: sideways\n",
        );
        let got: Vec<(u32, Direction, Vec<String>, Vec<String>)> = summary(&note)
            .into_iter()
            .map(|e| (e.0, e.3, e.4, e.5))
            .collect();
        assert_eq!(
            got,
            [
                (
                    1,
                    Direction::In,
                    vec!["phone".into()],
                    vec!["John Doe".into(), "Ann".into()]
                ),
                (5, Direction::Out, vec!["email".into()], vec![]),
                (11, Direction::TwoWay, vec!["video-call".into()], vec![]),
                (12, Direction::TwoWay, vec![], vec![]),
            ]
        );
        // A field on the entry's own line links no one twice.
        let own_line = contact("- 2026-04-10 call (participants:: [[Jo]], [[Al]])\n");
        let targets: Vec<&str> = links_of(&own_line, 0)
            .iter()
            .map(|l| l.target.as_str())
            .collect();
        assert_eq!(targets, ["Jo", "Al"]);
        // `direction:: them` on line 8 is the heading's entry's, after the
        // item's sub-bullets: the first entry's direction stays In.
        assert_eq!(note.diagnostics.len(), 1, "{:?}", note.diagnostics);
        assert_eq!(
            (note.diagnostics[0].line, note.diagnostics[0].column),
            (13, 17)
        );
        let links = links_of(&note, 0);
        assert_eq!((links[0].line, links[0].column), (4, 18));
        assert_eq!(note.directions.inbound, 1);
    }

    #[test]
    fn follow_ups_by_word_field_scheduled_date_or_none() {
        let note = contact(
            "- [ ] Follow up on proposal by 2026-04-18\n- [ ] call [due:: 2026-04-19] about it\n\
             - [ ] plan it ⏳ 2026-04-20\n- [ ] plan it ⏳ 2026-04-20 📅 2026-04-21\n\
             - [ ] ask about the move\n- [ ] water plants 🔁 every week on Monday\n- [ ] \n\
             - [x] done, no date\n- [-] cancelled\n",
        );
        let due: Vec<(u32, String)> = summary(&note)
            .into_iter()
            .map(|e| {
                assert_eq!(e.2, EntryKind::FollowUp);
                (e.0, e.1)
            })
            .collect();
        assert_eq!(
            due,
            [
                (1, "2026-04-18".into()),
                (2, "2026-04-19".into()),
                (3, "2026-04-20".into()),
                (4, "2026-04-21".into()),
            ]
        );
        let undated: Vec<(u32, &str)> = note
            .undated_follow_ups()
            .iter()
            .map(|(l, t)| (*l, &**t))
            .collect();
        assert_eq!(undated, [(5, "ask about the move"), (6, "water plants")]);
        // Only a contact's note holds follow-ups without a date.
        let note = parse_at("x/Plan.md", "- [ ] ask [[Ann]]\n", false, None);
        assert!(note.undated_follow_ups().is_empty() && note.entries.is_empty());
    }

    #[test]
    fn interaction_tables_give_an_entry_per_row() {
        let note = contact(
            "## Interactions\n| Date | Type | Direction | Notes |\n|---|---|---|---|\n\
             | 2026-05-01 | Call | Inbound | about [[Bo]] #work |\n| May 3, 2026 | Email | out |\n\
             | 2026-12-01 | Lunch | | plan it |\n| not a date | x |\n| 31 Feb 2026 | Call |\n|\n\n\
             | Notes | When |\n|---|---|\n| coffee | 2026-12-05 |\n| ragged |\n",
        );
        let got: Vec<_> = summary(&note)
            .into_iter()
            .map(|e| (e.0, e.1, e.3, e.4, e.5))
            .collect::<Vec<(u32, String, Direction, Vec<String>, Vec<String>)>>();
        assert_eq!(
            got,
            [
                (
                    4,
                    "2026-05-01".into(),
                    Direction::In,
                    vec!["work".into(), "call".into()],
                    vec!["Bo".into()]
                ),
                (
                    5,
                    "2026-05-03".into(),
                    Direction::Out,
                    vec!["email".into()],
                    vec![]
                ),
                (
                    6,
                    "2026-12-01".into(),
                    Direction::TwoWay,
                    vec!["lunch".into()],
                    vec![]
                ),
                (13, "2026-12-05".into(), Direction::TwoWay, vec![], vec![]),
            ]
        );
        assert_eq!(note.text(2), Some("plan it"));
        assert_eq!(note.text(3), Some("coffee"));
        assert_eq!(note.diagnostics.len(), 1, "{:?}", note.diagnostics);
        assert_eq!(
            (note.diagnostics[0].line, note.diagnostics[0].column),
            (8, 3)
        );
        // Another note's table is only text.
        let note = parse_at(
            "x/T.md",
            "| Date | Who |\n|---|---|\n| 2026-05-01 | Bo |\n",
            false,
            None,
        );
        assert!(note.entries.is_empty());
    }

    #[test]
    fn lines_that_look_dated_but_are_not_read_are_told_once_per_note() {
        let note = contact(
            "- 2026-3-12 call\n- Mar 2026 trip\n- 12:30 lunch\n### March 12 dinner\n\
             - May I ask\n- 2.0.1 shipped\n\n| Date | x |\n|---|---|\n| 12.03.26 | y |\n",
        );
        assert!(note.entries.is_empty());
        assert_eq!(note.diagnostics.len(), 1, "{:?}", note.diagnostics);
        let d = &note.diagnostics[0];
        assert_eq!((d.line, d.column, d.kind), (1, 3, Kind::Unread));
        assert!(
            d.message.starts_with(
                "`2026-3-12` looks like an entry's date but is not a date netkeep reads"
            ),
            "{}",
            d.message
        );
        assert!(
            d.message.contains("(and 3 more lines in this note)"),
            "{}",
            d.message
        );
        // Elsewhere, only a line that links someone was meant as an entry.
        let note = parse_at(
            "x/Plan.md",
            "- 2026-3-12 call\n- 2026-3-13 [[Ann]]\n",
            false,
            None,
        );
        assert_eq!(note.diagnostics.len(), 1);
        assert_eq!(note.diagnostics[0].line, 2);
    }

    #[test]
    fn dated_headings_count_only_in_contacts() {
        let note = parse_at(
            "projects/p.md",
            "### 2026-11-05 Lunch with [[Ann]]\n",
            false,
            None,
        );
        assert!(note.entries.is_empty());
    }

    #[test]
    fn entries_are_kept_in_date_order_with_their_texts_links_and_tasks() {
        let note = contact(
            "## Log\n- 2026-12-24 dinner with [[Bo]]\n- [ ] 2026-11-01 send intro\n\
             - 2026-11-02 call\n- 2026-11-02 <- text\n- 2026-12-20 party\n",
        );
        let order: Vec<(String, u32)> = note
            .entries
            .iter()
            .map(|e| (e.date.to_string(), e.line))
            .collect();
        assert_eq!(
            order,
            [
                ("2026-11-01".into(), 3),
                ("2026-11-02".into(), 4),
                ("2026-11-02".into(), 5),
                ("2026-12-20".into(), 6),
                ("2026-12-24".into(), 2),
            ]
        );
        assert_eq!(note.text(0), Some("send intro"));
        assert_eq!(note.text(1), None, "a past touch keeps no text");
        assert_eq!(note.text(3), Some("party"));
        assert_eq!(note.text(4), Some("dinner with [[Bo]]"));
        let linking: Vec<(u32, Entry)> = note
            .linking_entries()
            .iter()
            .map(|l| (l.index, l.entry))
            .collect();
        assert_eq!(linking, [(4, note.entries.get(4).unwrap())]);
        assert_eq!(note.open_tasks(), [0]);
        assert_eq!(links_of(&note, 4)[0].target.as_str(), "Bo");
    }

    #[test]
    fn other_notes_keep_only_entries_that_link() {
        let note = parse_at(
            "projects/p.md",
            "- 2026-11-05 lunch\n- 2026-11-06 lunch with [[Ann]]\n",
            false,
            None,
        );
        assert_eq!(note.entries.len(), 1);
        assert_eq!(note.entries.get(0).unwrap().line, 2);
    }

    #[test]
    fn daily_note_lines_that_link_are_touches_on_its_date() {
        let note = parse_at(
            "journal/2026-11-20.md",
            "Met (person:: [[Ann]]) today #in\n- <- call from [[Bo]]\n- [ ] ping [[Cara]]\n- nothing here\n\
             - 2026-11-18 -> wrote [[Dan]]\n## [[Eve]] heading\n",
            false,
            Some("2026-11-20"),
        );
        let s = summary(&note);
        let short: Vec<_> = s
            .iter()
            .map(|e| (e.0, e.1.as_str(), e.2, e.3, e.5[0].as_str()))
            .collect();
        assert_eq!(
            short,
            [
                (1, "2026-11-20", EntryKind::Dated, Direction::In, "Ann"),
                (2, "2026-11-20", EntryKind::Dated, Direction::In, "Bo"),
                (
                    3,
                    "2026-11-20",
                    EntryKind::FollowUp,
                    Direction::TwoWay,
                    "Cara"
                ),
                (5, "2026-11-18", EntryKind::Dated, Direction::Out, "Dan"),
            ]
        );
    }

    fn dated_links(note: &Note) -> Vec<(u32, String, EntryKind, String)> {
        summary(note)
            .into_iter()
            .map(|e| (e.0, e.1, e.2, e.5.join(",")))
            .collect()
    }

    #[test]
    fn an_attendees_section_of_a_dated_note_lists_its_people() {
        let note = parse_at(
            "Meetings/Kickoff.md",
            "---\ndate: 2026-04-10\n---\n# Kickoff\n- [[Not Here]]\n## Attendees:\n- [[Ann]]\n\
             - [[Bo|Bob]], [[Cara]]\n- nobody linked\n### Remote\n- [[Dan]]\n## Notes\n- talk to [[Eve]]\n\
             #### participants\n- [ ] ask [[Fay]]\n",
            false,
            None,
        );
        assert_eq!(
            dated_links(&note),
            [
                (7, "2026-04-10".into(), EntryKind::Dated, "Ann".into()),
                (8, "2026-04-10".into(), EntryKind::Dated, "Bo,Cara".into()),
                (11, "2026-04-10".into(), EntryKind::Dated, "Dan".into()),
                (15, "2026-04-10".into(), EntryKind::FollowUp, "Fay".into()),
            ]
        );
        for heading in [
            "# People",
            "###### WITH",
            "## Participants ##",
            "## attendees :",
        ] {
            let text = format!("---\ndate: 2026-04-10\n---\n{heading}\n- [[Ann]]\n");
            let note = parse_at("m.md", &text, false, None);
            assert_eq!(note.entries.len(), 1, "{heading}");
        }
        // Without a date, or in a contact's own note, the section is no meeting.
        let note = parse_at("m.md", "## Attendees\n- [[Ann]]\n", false, None);
        assert!(note.entries.is_empty());
        let note = contact("---\ndate: 2026-04-10\n---\n## People\n- [[Bo]]\n");
        assert!(note.entries.is_empty());
    }

    #[test]
    fn a_note_named_from_a_date_is_dated_by_it() {
        for path in [
            "Meetings/2026-04-10 - Intro Call - Jane Doe.md",
            "2022-10-10_0937.md",
        ] {
            let note = parse_at(
                path,
                "Call with [[Jane Doe]] #call\n- -> follow up with [[Bo]]\n- no link\n",
                false,
                None,
            );
            let want = &path[path.rfind('/').map_or(0, |i| i + 1)..][..10];
            let got: Vec<_> = summary(&note)
                .into_iter()
                .map(|e| (e.1, e.3, e.5.join(",")))
                .collect();
            assert_eq!(
                got,
                [
                    (want.to_string(), Direction::TwoWay, "Jane Doe".to_string()),
                    (want.to_string(), Direction::Out, "Bo".to_string()),
                ],
                "{path}"
            );
        }
        // A contact named so is still a contact, and its name dates nothing.
        let note = parse_at("people/2026-04-10 Ann.md", "Met [[Bo]]\n", true, None);
        assert!(note.is_contact && note.entries.is_empty());
    }

    #[test]
    fn a_link_to_a_dated_note_is_an_entry_on_its_date_in_a_contact() {
        let note = contact(
            "## Log\n- [[2026-04-10 - Intro Call - Jane Doe]]\n- [[Meetings/2026-05-01 Lunch|lunch]]\n\
             - [[2026-06-01 Plan]] and more\n- [[Project X]]\n",
        );
        assert_eq!(
            dated_links(&note),
            [
                (
                    2,
                    "2026-04-10".into(),
                    EntryKind::Dated,
                    "2026-04-10 - Intro Call - Jane Doe".into()
                ),
                (
                    3,
                    "2026-05-01".into(),
                    EntryKind::Dated,
                    "2026-05-01 Lunch".into()
                ),
            ]
        );
        // In other notes, such a link is only a link.
        let note = parse_at("x.md", "- [[2026-04-10 - Intro Call]]\n", false, None);
        assert!(note.entries.is_empty());
    }

    #[test]
    fn interaction_keys_from_the_config() {
        let keys = vec!["who".to_string()];
        let types = types();
        let note = parse(
            "---\ndate: 2026-04-10\nWho: [\"[[Ann]]\"]\n---\n",
            &ParseContext {
                path: "m.md",
                in_contact_dir: false,
                contact_types: &types,
                daily_date: None,
                interaction_keys: &keys,
                key_spellings: &front_matter::KeySpellings::default(),
                date_order: crate::dates::DateOrder::Unset,
                today: d("2026-11-23"),
            },
        );
        assert_eq!(note.front.with.len(), 1);
        assert_eq!(note.front.with[0].target, "Ann");
    }

    #[test]
    fn logseq_page_properties_are_front_matter() {
        let note = parse_at(
            "pages/Ada Byron.md",
            "type:: [[person]]\nalias:: Ada, Countess\ncadence:: 2w\nbirthday:: someday\n\n- 2026-11-02 tea\n",
            false,
            None,
        );
        assert!(note.is_contact);
        assert_eq!(note.front.aliases, ["Ada", "Countess"]);
        assert_eq!(note.front.cadence.as_ref().unwrap().written, "2w");
        assert_eq!(note.entries.len(), 1);
        // A bad value points at its line in the note.
        assert_eq!(note.diagnostics.len(), 1, "{:?}", note.diagnostics);
        assert_eq!(note.diagnostics[0].line, 4);
        // Front matter, when there is some, is what counts.
        let note = parse_at("x.md", "---\nname: Bo\n---\ntype:: person\n", false, None);
        assert!(!note.is_contact);
    }

    #[test]
    fn bad_front_matter_keeps_the_body() {
        let note = contact("---\nname: [bad\n---\n- 2026-11-02 coffee\n");
        assert_eq!(note.entries.len(), 1);
        assert_eq!(note.diagnostics.len(), 1);
        assert_eq!(*note.front, FrontMatter::default());
    }

    #[test]
    fn entries_out_of_order_are_a_lint() {
        let note = contact("- 2026-01-01 a\n- 2026-03-01 b\n- 2026-02-01 c\n- 2026-04-01 d\n");
        assert_eq!(note.diagnostics.len(), 1);
        assert_eq!(note.diagnostics[0].line, 3);
        let note = contact("- 2026-04-01 a\n- 2026-03-01 b\n- 2026-03-01 c\n");
        assert!(note.diagnostics.is_empty());
    }

    #[test]
    fn unclosed_generated_region_is_a_lint() {
        let note = contact("- 2026-01-01 a\n<!-- netkeep:begin -->\n- 2026-01-02 b\n");
        assert_eq!(note.entries.len(), 1);
        assert_eq!(note.diagnostics[0].line, 2);
    }

    #[test]
    fn crlf_and_bom() {
        let note = contact("\u{feff}---\r\nname: Ann\r\n---\r\n- 2026-11-02 -> hi #email\r\n");
        assert_eq!(note.front.name.as_deref(), Some("Ann"));
        assert_eq!(summary(&note)[0].4, ["email"]);
        assert_eq!(note.entries.get(0).unwrap().line, 4);
    }

    #[test]
    fn a_double_bom_is_read_past_with_a_lint() {
        let note = contact("\u{feff}\u{feff}---\nname: Ann\n---\n- 2026-11-02 hi\n");
        assert_eq!(note.front.name.as_deref(), Some("Ann"));
        assert_eq!(note.entries.len(), 1);
        assert_eq!(note.diagnostics.len(), 1);
        let d = &note.diagnostics[0];
        assert_eq!(
            (d.line, d.column, d.kind),
            (1, 2, crate::diagnostic::Kind::Lint)
        );
        assert!(d.message.contains("2 byte-order marks"), "{}", d.message);
    }

    #[test]
    fn unclosed_front_matter_is_a_warning_and_the_body_still_counts() {
        let note = contact("---\nname: Ann\ncadence: 1w\n- 2026-11-02 hi\n");
        assert_eq!(note.front.name, None);
        assert_eq!(note.entries.len(), 1);
        assert_eq!(note.diagnostics.len(), 1);
        let d = &note.diagnostics[0];
        assert_eq!((d.line, d.column), (1, 1));
        assert!(d.message.contains("never closed"), "{}", d.message);
        // A horizontal rule opening a note is not front matter.
        assert!(contact("---\nJust prose.\n").diagnostics.is_empty());
    }

    #[test]
    fn deeply_nested_front_matter_is_a_warning_and_the_body_still_counts() {
        let text = format!(
            "---\nname: Ann\nx: {}{}\n---\n- 2026-11-02 hi\n",
            "[".repeat(30_000),
            "]".repeat(30_000)
        );
        let note = contact(&text);
        assert_eq!(note.entries.len(), 1);
        assert_eq!(note.diagnostics.len(), 1, "{:?}", note.diagnostics);
        let d = &note.diagnostics[0];
        assert_eq!(
            (d.line, d.column),
            (3, 4 + front_matter::MAX_NESTING as u32)
        );
        assert!(d.message.contains("deeper than 64"), "{}", d.message);
    }

    #[test]
    fn columns_are_counted_once_left_to_right() {
        let line = "é [[a]] ü [[b]]";
        let mut columns = Columns::new(line);
        assert_eq!(columns.at(3), 3);
        assert_eq!(columns.at(line.find("[[b").unwrap()), 11);
        assert_eq!(columns.byte, line.find("[[b").unwrap(), "kept its place");
        assert_eq!(columns.at(0), 1, "back to the start");
    }

    #[test]
    fn a_long_line_of_links_and_tags_keeps_every_position() {
        let n = 30_000;
        let mut line = String::from("- 2026-11-02 ");
        for i in 0..n {
            line.push_str(&format!("é[[P{i}]] #t{i} "));
        }
        let note = contact(&line);
        let entry = note.entries.get(0).unwrap();
        let links = links_of(&note, 0);
        assert_eq!(links.len(), n);
        let column_of = |target: &str| {
            let offset = line.find(&format!("[[{target}]]")).unwrap();
            to_u32(line[..offset].chars().count() + 1)
        };
        assert_eq!(links[0].column, 15);
        assert_eq!(links[1].column, column_of("P1"));
        let last = links.last().unwrap();
        assert_eq!(last.column, column_of(&last.target));
        assert_eq!(note.tags(&entry).count(), n);
    }

    #[test]
    fn tags_past_what_an_entry_can_refer_to_are_left_out_not_a_panic() {
        let line: String = (0..70_000).map(|i| format!("#t{i} #t{i} ")).collect();
        let note = contact(&format!("- 2026-11-02 {line}\n- 2026-11-03 #t5 #t1\n"));
        let entries: Vec<_> = note.entries.iter().collect();
        assert_eq!(note.tags(&entries[0]).count(), usize::from(u16::MAX));
        assert_eq!(note.tags(&entries[1]).collect::<Vec<_>>(), ["t5", "t1"]);
    }

    #[test]
    fn ids_from_paths() {
        assert_eq!(id_of("people/Ann Lee.md"), "Ann Lee");
        assert_eq!(id_of("Dr. Who.md"), "Dr. Who");
        assert_eq!(id_of("x"), "x");
    }
}
