//! Generates a deterministic vault for benchmarks and scale tests:
//! `cargo run --release --example gen_vault -- DIR [CONTACTS] [ENTRIES] [SEED] [STYLE]`.
//!
//! STYLE `short` (the default) writes one-line entries of about 50 bytes;
//! `long` writes entries of 150–300 bytes with up to three sub-bullets, and
//! long front matter (contact details, lists, a folded text), as people who
//! keep detailed notes do.
//!
//! Realistic on purpose: front matter with circles, cadences, birthdays and
//! aliases; log entries at several depths with directions, tags and links;
//! daily notes that link contacts; some CRLF and BOM files; a few broken
//! notes; a `.obsidian/` folder. The same arguments give the same bytes.

// A tool run by hand: a panic names what went wrong, which is enough.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::Path;

const FIRST: &[&str] = &[
    "Ana", "Ben", "Cara", "Dev", "Eve", "Farah", "Goran", "Hana", "Ivo", "Jia", "Kofi", "Lena",
    "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tomás", "Uma", "Viktor", "Wen",
    "Yara", "Zoë",
];
const LAST: &[&str] = &[
    "Lima", "Okafor", "Diaz", "Patel", "Stone", "Haddad", "Novak", "Sato", "Petrov", "Chen",
    "Mensah", "Berg", "Rossi", "Adeyemi", "Khan", "Raman", "Walsh", "Ortiz", "Nguyen", "Müller",
];
const CIRCLES: &[(&str, &str)] = &[
    ("family", "2w"),
    ("friend", "3m"),
    ("mentor", "6w"),
    ("client", "monthly"),
    ("colleague", "quarterly"),
];
const TAGS: &[&str] = &[
    "#email",
    "#call",
    "#coffee",
    "#text",
    "#video",
    "#linkedin",
    "#lunch",
];
const WORDS: &[&str] = &[
    "caught up about the new role",
    "shared the article on hiring",
    "talked about the trip",
    "asked for an intro",
    "sent congratulations",
    "planned the workshop",
    "discussed the offer",
    "swapped book notes",
    "followed up on the proposal",
    "quick hello",
];

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!(
            "usage: gen_vault DIR [CONTACTS=1000] [ENTRIES=200] [SEED=42] [STYLE=short|long]"
        );
        std::process::exit(2);
    };
    let number =
        |i: usize, default: u64| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default);
    let contacts = number(1, 1000) as usize;
    let entries = number(2, 200) as usize;
    let seed = number(3, 42);
    let long = match args.get(4).map(String::as_str) {
        None | Some("short") => false,
        Some("long") => true,
        Some(other) => {
            eprintln!("gen_vault: STYLE is short or long, not {other}");
            std::process::exit(2);
        }
    };
    let root = Path::new(dir);
    let mut rng = fastrand::Rng::with_seed(seed);

    std::fs::create_dir_all(root.join(".obsidian"))?;
    std::fs::write(root.join(".obsidian/app.json"), "{}\n")?;
    std::fs::write(
        root.join(".obsidian/workspace.md"),
        "- 2026-01-01 [[Ignored]]\n",
    )?;
    let mut config = String::from("weekly_budget = 40\ndaily_budget = 5\n");
    for (name, cadence) in CIRCLES {
        let _ = write!(config, "\n[circles.{name}]\ncadence = \"{cadence}\"\n");
    }
    std::fs::write(root.join("netkeep.toml"), config)?;

    let ids: Vec<String> = (0..contacts)
        .map(|i| {
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i / FIRST.len()) % LAST.len()];
            format!("{first} {last} {i:05}")
        })
        .collect();
    // Entries run from about three years back to a little after 2026-11-23.
    let start = chrono::NaiveDate::from_ymd_opt(2023, 11, 1).expect("date");
    let span_days = 1100;

    let (mut bytes, mut files, mut broken) = (0usize, 0usize, 0usize);
    for (i, id) in ids.iter().enumerate() {
        let mut note = String::with_capacity(entries * 60 + 300);
        let (circle, _) = CIRCLES[rng.usize(..CIRCLES.len())];
        let is_broken = i % 997 == 13;
        note.push_str("---\n");
        if is_broken {
            note.push_str("name: [unclosed\n");
            broken += 1;
        }
        let _ = writeln!(note, "circle: {circle}");
        if rng.u8(..4) == 0 {
            let _ = writeln!(note, "cadence: {}w", rng.u8(1..9));
        }
        if rng.u8(..3) > 0 {
            let _ = writeln!(
                note,
                "birthday: {}-{:02}-{:02}",
                rng.u16(1950..2005),
                rng.u8(1..13),
                rng.u8(1..29)
            );
        }
        if rng.u8(..5) == 0 {
            let _ = writeln!(note, "aliases: [\"{}\"]", id.replace(' ', "-"));
        }
        let _ = writeln!(
            note,
            "tags: [contact, {circle}]\ncompany: Company {}\nlocation: City {}",
            rng.u16(..500),
            rng.u8(..50)
        );
        if rng.u8(..10) == 0 {
            note.push_str("status: paused\n");
        }
        if long {
            long_front_matter(&mut note, &mut rng, id);
        }
        note.push_str("---\n");
        let _ = writeln!(note, "# {id}\n\nSome notes about how we met.\n\n## Log");
        let mut day = rng.u32(..200);
        for e in 0..entries {
            day += rng.u32(0..(span_days / entries as u32).max(2) * 2);
            let date = start + chrono::Days::new(u64::from(day.min(span_days + 30)));
            let depth = if rng.u8(..6) == 0 { "  " } else { "" };
            let dir = ["", "-> ", "<- "][rng.usize(..3)];
            let tag = TAGS[rng.usize(..TAGS.len())];
            let words = WORDS[rng.usize(..WORDS.len())];
            let link = if rng.u8(..20) == 0 {
                format!(" with [[{}]]", ids[rng.usize(..ids.len())])
            } else {
                String::new()
            };
            if e + 1 == entries && rng.u8(..4) == 0 {
                let _ = writeln!(note, "- [ ] {date} send the follow-up{link}");
            } else if long {
                long_entry(
                    &mut note,
                    &mut rng,
                    depth,
                    &date.to_string(),
                    dir,
                    &link,
                    tag,
                );
            } else {
                let _ = writeln!(note, "{depth}- {date} {dir}{words}{link} {tag}");
            }
        }
        if i % 50 == 0 {
            note.push_str("\n```\n- 2020-01-01 in a code block, not an entry\n```\n");
        }
        let mut out = note.into_bytes();
        if i % 20 == 7 {
            out = String::from_utf8_lossy(&out)
                .replace('\n', "\r\n")
                .into_bytes();
        }
        if i % 33 == 5 {
            out.splice(0..0, [0xEF, 0xBB, 0xBF]);
        }
        let folder = root.join("people").join(format!("{:02}", i % 100));
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join(format!("{id}.md")), &out)?;
        bytes += out.len();
        files += 1;
    }

    std::fs::create_dir_all(root.join("journal"))?;
    let dailies = (contacts / 10).max(1);
    for d in 0..dailies {
        let date = start + chrono::Days::new((d as u64 * 7) % u64::from(span_days));
        let mut note = format!("# {date}\n\n");
        for _ in 0..5 {
            let _ = writeln!(
                note,
                "- coffee with [[{}]] #coffee",
                ids[rng.usize(..ids.len())]
            );
        }
        note.push_str("Walked by the river; no one to log.\n");
        let path = root.join("journal").join(format!("{date}.md"));
        // Several dailies may fall on one date: append.
        let mut existing = std::fs::read(&path).unwrap_or_default();
        if existing.is_empty() {
            files += 1;
        }
        existing.extend_from_slice(note.as_bytes());
        bytes += note.len();
        std::fs::write(&path, existing)?;
    }
    println!(
        "generated a {} vault in {}: {contacts} contacts x {entries} entries, {dailies} daily-note blocks, {broken} broken notes, {files} files, {:.1} MB",
        if long { "long" } else { "short" },
        root.display(),
        bytes as f64 / 1e6
    );
    Ok(())
}

const DETAILS: &[&str] = &[
    "she mentioned the team is hiring two backend engineers in the spring",
    "he is moving to Lisbon in March and wants restaurant tips",
    "their daughter starts school next autumn; ask how it went",
    "recommended 'The Manager's Path' and the podcast about negotiation",
    "follow up with the slides and the budget spreadsheet we discussed",
    "wants an intro to someone in climate tech, ideally on the policy side",
    "back from parental leave, slowly catching up on everything",
    "we disagreed about remote work but agreed to revisit in a quarter",
];

/// Front matter as detailed people notes keep it: contact details, lists
/// and a folded text, several hundred bytes.
fn long_front_matter(note: &mut String, rng: &mut fastrand::Rng, id: &str) {
    let handle = id.to_lowercase().replace(' ', ".");
    let _ = writeln!(
        note,
        "email: {handle}@example.org
phone: \"+1 555 {:04}\"
linkedin: https://www.linkedin.com/in/{handle}
role: Staff Engineer at Company {}
how_met: \"conference in {}, introduced by a friend\"",
        rng.u16(..10000),
        rng.u16(..500),
        2015 + rng.u16(..10)
    );
    note.push_str("interests:\n");
    for _ in 0..rng.usize(2..6) {
        let _ = writeln!(
            note,
            "  - {}",
            ["climbing", "jazz", "Rust", "gardening", "chess", "film"][rng.usize(..6)]
        );
    }
    note.push_str("family:\n  partner: Sam\n  kids: [Ada, Leo]\n");
    note.push_str("summary: >\n  Long-time contact; generous with introductions and\n  always up for a coffee when in town.\n");
}

/// One entry of 150–300 bytes, with up to three sub-bullets.
#[allow(clippy::too_many_arguments)]
fn long_entry(
    note: &mut String,
    rng: &mut fastrand::Rng,
    depth: &str,
    date: &str,
    dir: &str,
    link: &str,
    tag: &str,
) {
    let first = WORDS[rng.usize(..WORDS.len())];
    let detail = DETAILS[rng.usize(..DETAILS.len())];
    let _ = writeln!(
        note,
        "{depth}- {date} {dir}{first}; {detail}{link} {tag} #followup"
    );
    for _ in 0..rng.usize(..4) {
        let _ = writeln!(note, "{depth}  - {}", DETAILS[rng.usize(..DETAILS.len())]);
    }
}
