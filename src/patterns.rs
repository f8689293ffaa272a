//! Path patterns from the config (`contact_dirs` globs, `exclude`): globs
//! matched, case-insensitively, against paths from the vault root.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// Globs, each matching a note by its path from the vault root (with or
/// without `.md`) or by any folder above it: `Templates` and `Templates/**`
/// both leave out what is in `Templates/`.
#[derive(Debug, Clone, Default)]
pub struct PathPatterns {
    /// As written in the config.
    written: Vec<String>,
    set: GlobSet,
}

/// Two sets of patterns are the same when they were written the same.
impl PartialEq for PathPatterns {
    fn eq(&self, other: &Self) -> bool {
        self.written == other.written
    }
}

/// Whether a config value is meant as a glob rather than a plain folder.
pub fn is_glob(text: &str) -> bool {
    text.contains(['*', '?', '[', '{'])
}

impl PathPatterns {
    /// Compiles `patterns`; the ones that are not valid globs come back
    /// apart, by index, with why.
    pub fn new<'a>(
        patterns: impl IntoIterator<Item = &'a str>,
    ) -> (PathPatterns, Vec<(usize, String)>) {
        let mut written = Vec::new();
        let mut builder = GlobSetBuilder::new();
        let mut bad = Vec::new();
        for (i, pattern) in patterns.into_iter().enumerate() {
            let clean = pattern.trim().replace('\\', "/");
            let clean = clean.trim_matches('/');
            if clean.is_empty() {
                continue;
            }
            match GlobBuilder::new(clean)
                .case_insensitive(true)
                .literal_separator(true)
                .build()
            {
                Ok(glob) => {
                    builder.add(glob);
                    written.push(pattern.to_string());
                }
                Err(e) => bad.push((i, e.kind().to_string())),
            }
        }
        // Each glob built alone above, so the set cannot fail; if it did,
        // no pattern is better than a panic.
        let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
        (PathPatterns { written, set }, bad)
    }

    pub fn is_empty(&self) -> bool {
        self.written.is_empty()
    }

    /// The patterns as written, in the order written.
    pub fn written(&self) -> &[String] {
        &self.written
    }

    /// The first pattern that matches the note at `rel` (`/`-separated,
    /// from the vault root), itself, without `.md`, or a folder above it.
    pub fn find(&self, rel: &str) -> Option<usize> {
        if self.is_empty() {
            return None;
        }
        let stem = rel
            .len()
            .checked_sub(3)
            .filter(|&at| rel.is_char_boundary(at) && rel[at..].eq_ignore_ascii_case(".md"))
            .map(|at| &rel[..at]);
        let folders = rel.match_indices('/').map(|(at, _)| &rel[..at]);
        std::iter::once(rel)
            .chain(stem)
            .chain(folders)
            .filter_map(|path| self.set.matches(path).into_iter().min())
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(list: &[&str]) -> PathPatterns {
        let (p, bad) = PathPatterns::new(list.iter().copied());
        assert!(bad.is_empty(), "{bad:?}");
        p
    }

    #[test]
    fn a_pattern_matches_the_note_its_stem_or_a_folder_above() {
        let p = patterns(&["pages/@*", "Templates", "**/*.excalidraw", "Archive/**"]);
        assert_eq!(p.find("pages/@Jane Doe.md"), Some(0));
        assert_eq!(p.find("Pages/@jane.MD"), Some(0), "any case");
        assert_eq!(p.find("pages/Jane.md"), None);
        assert_eq!(p.find("pages/sub/@Jane.md"), None, "* stays in its folder");
        assert_eq!(p.find("templates/Person.md"), Some(1));
        assert_eq!(p.find("x/templates/Person.md"), None, "from the root");
        assert_eq!(p.find("a/b/Drawing.excalidraw.md"), Some(2));
        assert_eq!(p.find("archive/2020/old.md"), Some(3));
        assert_eq!(p.find("Archived.md"), None);
        assert!(PathPatterns::default().find("a.md").is_none());
    }

    #[test]
    fn bad_globs_come_back_by_index() {
        let (p, bad) = PathPatterns::new(["ok/*", "bad/[x", "", "also{"]);
        assert_eq!(p.written(), ["ok/*"]);
        let at: Vec<_> = bad.iter().map(|(i, _)| *i).collect();
        assert_eq!(at, [1, 3]);
        assert!(bad[0].1.contains("unclosed"), "{}", bad[0].1);
    }

    #[test]
    fn globs_are_told_from_folders() {
        assert!(is_glob("pages/@*"));
        assert!(is_glob("People/{a,b}"));
        assert!(!is_glob("CRM/Contacts"));
    }
}
