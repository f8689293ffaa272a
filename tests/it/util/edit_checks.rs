#![allow(dead_code)] // each user checks some of these

//! The properties every text edit keeps, as plain functions: the proptest
//! suite (`tests/it/edit_props.rs`, run in CI) and the fuzz targets
//! (`fuzz/`, run by hand) check the same ones.

use chrono::NaiveDate;
use netkeep::write::edit::{add_log_entry, complete_task, line_ending, replace_region};

/// Lines with their terminators, so a changed line ending shows.
pub(crate) fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// Adding a log entry adds its line (and at most a `## Log` heading and
/// blank lines), and changes no old line; BOM, line endings and the final
/// newline stay as they were.
pub(crate) fn log_entry_adds_lines_and_changes_none(
    text: &str,
    date: NaiveDate,
    entry: &str,
) -> Result<(), String> {
    let new = add_log_entry(text, date, entry);
    let le = line_ending(text);
    let old_lines = lines(text);
    let new_lines = lines(&new);
    ensure!(
        text.starts_with('\u{feff}') == new.starts_with('\u{feff}'),
        "the BOM changed"
    );
    // Every old line is still there, in order; a last line without a
    // newline may have gained one only when the insert went after it.
    let mut i = 0;
    let mut added = Vec::new();
    for (k, line) in new_lines.iter().enumerate() {
        let old = old_lines.get(i).copied();
        let last_gained_newline = i + 1 == old_lines.len()
            && old.is_some_and(|o| !o.ends_with('\n') && *line == format!("{o}{le}"));
        if old == Some(*line) || last_gained_newline {
            i += 1;
        } else {
            added.push((k, *line));
        }
    }
    ensure!(
        i == old_lines.len(),
        "an old line changed or vanished:\n{text:?}\n=>\n{new:?}"
    );
    let content: Vec<&str> = added
        .iter()
        .map(|(_, l)| l.trim_end_matches(['\r', '\n']))
        .collect();
    ensure!(
        content.iter().filter(|l| l.contains(entry)).count() == 1,
        "the entry is not added exactly once: {content:?}"
    );
    for line in &content {
        ensure!(
            line.is_empty() || line.contains(entry) || *line == "## Log",
            "unexpected line {line:?}"
        );
    }
    // Added lines end the way the file's lines do.
    for (k, line) in &added {
        if *k + 1 < new_lines.len() {
            ensure!(
                line.ends_with(le) && (le == "\r\n" || !line.ends_with("\r\n")),
                "an added line ends unlike the file's: {line:?}"
            );
        }
    }
    if !text.is_empty() {
        ensure!(
            text.ends_with('\n') == new.ends_with('\n'),
            "the final newline changed"
        );
    }
    Ok(())
}

/// Replacing the agenda region keeps every byte before and after it, writes
/// the region in CRLF into a file whose lines end so, and is idempotent.
pub(crate) fn region_replacement_keeps_everything_outside(
    text: &str,
    region: &str,
) -> Result<(), String> {
    let Ok(new) = replace_region(text, region) else {
        return Ok(());
    };
    let Some((first, after)) = netkeep::write::edit::find_region(text).ok().flatten() else {
        ensure!(
            new.starts_with(text),
            "text before an appended region changed"
        );
        return second_replacement_changes_nothing(&new, region);
    };
    // Line indices to byte offsets.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let start = starts[first];
    let end = starts.get(after).copied().unwrap_or(text.len());
    ensure!(
        new.starts_with(&text[..start]),
        "text before the region changed"
    );
    ensure!(new.ends_with(&text[end..]), "text after the region changed");
    // Only what netkeep wrote: a file may mix line endings of its own.
    let written = &new[start..new.len() - (text.len() - end)];
    if line_ending(text) == "\r\n" {
        ensure!(
            !written.replace("\r\n", "").contains('\n'),
            "a bare LF in the region of a CRLF file"
        );
    }
    second_replacement_changes_nothing(&new, region)
}

fn second_replacement_changes_nothing(new: &str, region: &str) -> Result<(), String> {
    ensure!(
        replace_region(new, region).as_deref() == Ok(new),
        "a second replacement changed the text"
    );
    Ok(())
}

/// Ticking a task changes that one line, to done with the day, and keeps
/// its line ending.
pub(crate) fn completing_a_task_changes_one_line(
    with_task: &str,
    line: u32,
    task: &str,
    done: NaiveDate,
) -> Result<(), String> {
    let Some(new) = complete_task(with_task, line, task, done) else {
        return Ok(());
    };
    let a = lines(with_task);
    let b = lines(&new);
    ensure!(a.len() == b.len(), "the number of lines changed");
    let changed: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    ensure!(changed.len() == 1, "{} lines changed", changed.len());
    let i = changed[0];
    ensure!(
        b[i].contains("[x]") && b[i].contains(&format!("✅ {done}")),
        "not ticked: {:?}",
        b[i]
    );
    ensure!(
        a[i].ends_with("\r\n") == b[i].ends_with("\r\n"),
        "the line ending changed"
    );
    Ok(())
}
