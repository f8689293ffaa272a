//! Note-parser throughput in MB/s, and why the body is read by a line
//! scanner rather than pulldown-cmark: `cargo bench --bench parse`.
//!
//! Prints MB/s for the line scanner alone, for pulldown-cmark walking the
//! same bodies, and for the whole note parser (front matter, entries,
//! tags, links), over the same in-memory notes, in one run; then for two
//! hostile notes that once cost seconds (a 2 MB line of links: about 110
//! MB/s on the project's machine, 7 s a note before; 64 KiB of nested
//! `[[[[` front matter, refused before the YAML parser).

// A tool run by hand: a panic names what went wrong, which is enough.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

fn notes(count: usize, entries: usize) -> Vec<String> {
    let tags = ["#email", "#call", "#coffee", "#text", "#video"];
    let dirs = ["", "-> ", "<- "];
    (0..count)
        .map(|i| {
            let mut n = format!(
                "---\nname: Contact {i}\ncircle: friend\ncadence: 6w\nbirthday: 1990-0{}-1{}\ntags: [contact, friend]\n---\n# Contact {i}\n\nHow we met.\n\n## Log\n",
                1 + i % 9,
                i % 10
            );
            for e in 0..entries {
                let indent = if e % 6 == 0 { "  " } else { "" };
                let link = if e % 20 == 0 { " with [[Contact 7]]" } else { "" };
                n.push_str(&format!(
                    "{indent}- 2025-{:02}-{:02} {}caught up about the new role{link} {}\n",
                    1 + e % 12,
                    1 + e % 28,
                    dirs[e % 3],
                    tags[e % 5]
                ));
            }
            n.push_str("\n```\n- 2020-01-01 not an entry\n```\n");
            n
        })
        .collect()
}

/// Runs `f` over all notes until a second has passed; MB/s.
fn throughput(notes: &[String], mut f: impl FnMut(&str) -> usize) -> f64 {
    let bytes: usize = notes.iter().map(String::len).sum();
    let start = Instant::now();
    let mut rounds = 0u32;
    let mut sink = 0usize;
    while start.elapsed() < Duration::from_secs(1) || rounds < 2 {
        for n in notes {
            sink = sink.wrapping_add(f(n));
        }
        rounds += 1;
    }
    std::hint::black_box(sink);
    bytes as f64 * f64::from(rounds) / start.elapsed().as_secs_f64() / 1e6
}

fn main() {
    // `cargo test --benches` runs this too: keep that quick.
    let quick = std::env::args().any(|a| a == "--test" || a == "--list");
    let notes = notes(if quick { 20 } else { 2000 }, 200);
    let types = vec!["contact".to_string(), "person".to_string()];
    let today = netkeep::dates::parse_date("2026-11-23").expect("date");
    let ctx = netkeep::note::ParseContext {
        path: "people/Contact.md",
        in_contact_dir: true,
        contact_types: &types,
        key_spellings: &netkeep::note::front_matter::KeySpellings::default(),
        daily_date: None,
        interaction_keys: &[],
        date_order: netkeep::dates::DateOrder::Unset,
        today,
    };
    let scanner = throughput(&notes, |n| {
        let body = netkeep::note::front_matter::split(n).body;
        netkeep::note::body::BodyScanner::new(body, 1).count()
    });
    let cmark = throughput(&notes, |n| {
        let body = netkeep::note::front_matter::split(n).body;
        pulldown_cmark::Parser::new(body)
            .filter(|e| matches!(e, pulldown_cmark::Event::Start(pulldown_cmark::Tag::Item)))
            .count()
    });
    let parse = throughput(&notes, |n| netkeep::note::parse(n, &ctx).entries.len());
    println!("body, line scanner     {scanner:8.0} MB/s");
    println!(
        "body, pulldown-cmark   {cmark:8.0} MB/s  ({:.1}x slower)",
        scanner / cmark
    );
    println!("whole note parser      {parse:8.0} MB/s");
    // Hostile notes must cost what their bytes do: a 2 MB line of links
    // (quadratic before: seconds) and 64 KiB of `[[[[` front matter
    // (refused before the YAML parser, which is quadratic in the depth).
    let size = if quick { 20_000 } else { 2_000_000 };
    let links = vec![format!(
        "- 2026-11-02 {}\n",
        "é [[Ann]] #t ".repeat(size / 14)
    )];
    let deep = vec![format!("---\nx: {}\n---\n", "[".repeat(64 * 1024 - 8))];
    let links = throughput(&links, |n| netkeep::note::parse(n, &ctx).entries.len());
    let deep = throughput(&deep, |n| netkeep::note::parse(n, &ctx).diagnostics.len());
    println!("one long line of links {links:8.0} MB/s");
    println!("deeply nested YAML     {deep:8.0} MB/s");
}
