//! Another tool's JSON settings in the vault (Obsidian's and its plugins'
//! files under `.obsidian/`): small, often missing, sometimes broken. A
//! broken one is a warning naming it, never an error: the tool's defaults
//! apply, as they do in the tool.

use crate::diagnostic::Diagnostic;
use std::path::Path;

/// Settings files are small; a MiB is no settings file.
const MAX_SETTINGS: u64 = 1 << 20;

/// The text and JSON of the settings file `rel` under `root`; `None` when
/// it is absent, or, with a warning that ends in `unused` (what netkeep
/// does without it), when it cannot be read or is not JSON.
pub fn read(
    root: &Path,
    rel: &str,
    unused: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, serde_json::Value)> {
    let bytes = match crate::file::read_regular(
        &root.join(rel),
        MAX_SETTINGS,
        crate::file::Links::Follow,
    ) {
        Ok(bytes) => bytes,
        Err(crate::file::ReadError::Missing) => return None,
        Err(e) => {
            diags.push(Diagnostic::warning(
                rel,
                1,
                1,
                format!("cannot read: {e}; {unused}"),
            ));
            return None;
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(json) => Some((text, json)),
        Err(error) => {
            let whole = error.to_string();
            // The library appends its own position; ours is in the prefix.
            let e = whole.split(" at line ").next().unwrap_or(&whole);
            diags.push(Diagnostic::warning(
                rel,
                u32::try_from(error.line()).unwrap_or(1).max(1),
                u32::try_from(error.column()).unwrap_or(1).max(1),
                format!("not valid JSON ({e}); {unused}, and the defaults apply"),
            ));
            None
        }
    }
}
