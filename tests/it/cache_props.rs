//! The caches on random vaults: a note that goes through the note cache
//! (its entries left packed in the cache's bytes) comes back equal to the
//! parsed one, an index read back from the index cache equals the built
//! one, and every report on the vault is the same every way.
#![cfg(feature = "cache")]

use chrono::NaiveDate;
use netkeep::cache::{FileStamp, NoteCache, Saved};
use netkeep::config::Config;
use netkeep::index::Index;
use netkeep::note::Note;
use netkeep::render::{Format, Paint};
use proptest::prelude::*;
use std::path::Path;

const PATHS: &[&str] = &[
    "people/Ann.md",
    "people/Bo.md",
    "people/sub/Cy.md",
    "journal/2026-11-20.md",
    "notes/meeting.md",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Every report that reads touches, in one string.
fn reports(notes: Vec<Note>, config: &Config) -> String {
    reports_of(&Index::build(notes, config, today()), config)
}

fn reports_of(index: &Index, config: &Config) -> String {
    let states = netkeep::plan::states(index, config);
    let mut out = netkeep::render::list::render(index, &states, Format::Json, Paint::default());
    let since = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let stats = netkeep::plan::stats::stats(index, config, since, today());
    out.push_str(&netkeep::render::stats::render(
        index,
        &stats,
        Format::Json,
        Paint::default(),
        false,
    ));
    for contact in &index.contacts {
        let touches: Vec<_> = index.touches(contact).collect();
        let mut backward: Vec<_> = index.touches(contact).rev().collect();
        backward.reverse();
        assert_eq!(touches, backward);
        out.push_str(&format!("{touches:?}{:?}\n", contact.follow_ups));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn notes_through_the_cache_give_the_same_reports(
        texts in prop::collection::vec(crate::util::notes::note(), PATHS.len()),
    ) {
        let vault = tempfile::tempdir().unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        let (config, _) = Config::parse("");
        let mut parsed = Vec::new();
        let mut stamps = Vec::new();
        for (rel, text) in PATHS.iter().zip(&texts) {
            let path = vault.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            stamps.push(FileStamp::of(&std::fs::metadata(&path).unwrap()));
            parsed.push(netkeep::vault::load_text(rel, text, &config, today()));
        }
        let root = Path::new("/vault");
        let empty = NoteCache::open(cache_dir.path().to_path_buf(), root, &config);
        let saved: Vec<Saved<'_>> = parsed
            .iter()
            .zip(&stamps)
            .map(|(note, stamp)| Saved { note, stamp: *stamp, parsed_for: today(), fresh: true })
            .collect();
        prop_assert!(empty.save(saved) >= 1);

        let mut cache = NoteCache::open(cache_dir.path().to_path_buf(), root, &config);
        let mut cached = Vec::new();
        for (note, stamp) in parsed.iter().zip(&stamps) {
            let back = cache.take(&note.path, stamp, today());
            prop_assert!(back.is_some(), "{} not cached", note.path);
            prop_assert_eq!(back.as_ref(), Some(note));
            cached.extend(back);
        }
        let built = Index::build(cached.clone(), &config, today());
        let stored = netkeep::cache::stored::from_stored(cached.clone(), &netkeep::cache::stored::stored(&built), &config, today());
        prop_assert!(stored.is_ok(), "the stored index does not fit its notes");
        let stored = stored.unwrap();
        prop_assert_eq!(&stored.contacts, &built.contacts);
        prop_assert_eq!(&stored.diagnostics, &built.diagnostics);
        prop_assert_eq!(reports_of(&stored, &config), reports_of(&built, &config));
        prop_assert_eq!(reports(cached, &config), reports(parsed, &config));
    }
}
