//! Look-up of contacts by id, alias or name, compared in one lowercase.

use super::{Contact, Index};

/// `s` in lowercase, as ids and links are compared.
pub(super) fn lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    lowercase_into(s, &mut out);
    out
}

/// Writes `s` in lowercase into `out`, with no allocation once `out` has
/// room (most names are ASCII).
pub(super) fn lowercase_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
}

impl Index {
    /// The contact a `[[link]]` target or id names (case-insensitively, ids
    /// and aliases).
    pub fn resolve(&self, target: &str) -> Option<&Contact> {
        self.lookup
            .get(lowercase(target).as_str())
            .map(|&c| &self.contacts[c])
    }

    /// Contacts `who` names: by id or alias, else by display name; several
    /// when it is ambiguous.
    pub fn find(&self, who: &str) -> Vec<&Contact> {
        let lower = who.trim().to_lowercase();
        // Two notes with the same id (a duplicate `check` reports) are
        // ambiguous, not the first of them.
        let same_id: Vec<&Contact> = self
            .contacts
            .iter()
            .filter(|c| self.note(c).id.to_lowercase() == lower)
            .collect();
        if same_id.len() > 1 {
            return same_id;
        }
        if let Some(c) = self.resolve(who.trim()) {
            return vec![c];
        }
        self.contacts
            .iter()
            .filter(|c| self.note(c).name().to_lowercase() == lower)
            .collect()
    }

    /// Up to `n` contacts whose id, name or alias is nearest to `who`.
    pub fn nearest(&self, who: &str, n: usize) -> Vec<&Contact> {
        let lower = who.to_lowercase();
        let mut scored: Vec<(f64, &Contact)> = self
            .contacts
            .iter()
            .map(|c| {
                let note = self.note(c);
                let score = std::iter::once(note.id.as_str())
                    .chain(std::iter::once(note.name()))
                    .chain(note.front.aliases.iter().map(String::as_str))
                    .map(|s| {
                        let s = s.to_lowercase();
                        let sim = strsim::jaro_winkler(&lower, &s);
                        if s.contains(&lower) || lower.contains(&s) {
                            sim.max(0.9)
                        } else {
                            sim
                        }
                    })
                    .fold(0.0, f64::max);
                (score, c)
            })
            .filter(|(score, _)| *score >= 0.7)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(n).map(|(_, c)| c).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::build;

    #[test]
    fn ids_aliases_and_links_compare_in_one_lowercase() {
        // `str::to_lowercase` writes a final capital sigma as ς, char by
        // char it is σ: ids, aliases and links must all go one way.
        let index = build(
            &[
                ("people/ΟΔΥΣΣΕΥΣ.md", "---\naliases: [ΝΙΚΟΣ]\n---\n"),
                (
                    "notes/n.md",
                    "- 2026-11-01 met [[ΟΔΥΣΣΕΥΣ]]\n- 2026-11-02 met [[ΝΙΚΟΣ]]\n",
                ),
            ],
            "",
        );
        let c = index.resolve("ΟΔΥΣΣΕΥΣ").expect("by id");
        assert_eq!(c.touch_count, 2, "both links resolve");
        assert!(index.resolve("νικοσ").is_some());
        assert!(index.diagnostics.is_empty(), "{:?}", index.diagnostics);
    }

    #[test]
    fn find_by_name_and_nearest() {
        let index = build(
            &[
                ("people/ana-lima.md", "---\nname: Ana Lima\n---\n"),
                ("people/ana-souza.md", "---\nname: Ana Souza\n---\n"),
                ("people/x.md", "---\nname: Ana Lima\n---\n"),
            ],
            "",
        );
        assert_eq!(index.find("ana-lima").len(), 1);
        assert_eq!(index.find("ana lima").len(), 2, "ambiguous by name");
        assert!(index.find("zed").is_empty());
        let near: Vec<_> = index
            .nearest("ana lim", 2)
            .iter()
            .map(|c| index.note(c).id.clone())
            .collect();
        assert!(near.contains(&"ana-lima".to_string()), "{near:?}");
    }
}
