//! Who you mean: contacts looked up by id, alias or name, compared in one
//! lowercase NFC form; then forgivingly (accents, words, prefixes); and
//! suggestions for a name that matches nobody.

use super::{Contact, Index};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// `s` in lowercase NFC, as ids, aliases and links are compared.
pub(crate) fn lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    lowercase_into(s, &mut out);
    out
}

/// Writes `s` in lowercase NFC into `out`, with no allocation once `out`
/// has room. ASCII (most names, and most of a large vault's millions of
/// links) is already NFC and needs no normalising.
pub(crate) fn lowercase_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
        // A file system that stores names decomposed (macOS) gives `Zoe`
        // and a combining diaeresis where the link says `Zoë`. Most text
        // is composed already, which a quick check tells without
        // normalising.
        if is_nfc_quick(out.chars()) != IsNormalized::Yes {
            let composed: String = out.nfc().collect();
            *out = composed;
        }
    }
}

/// `s` with case and accents gone, for the forgiving look-up: `Zoë`,
/// `ZOE` and a decomposed `Zoë` are all `zoe`.
fn folded(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.nfd()
        .flat_map(char::to_lowercase)
        .filter(|&c| !is_combining_mark(c))
        .collect()
}

/// The words of a folded string: `ana-lima` and `Ana Lima` are both
/// `ana`, `lima`.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A contact's id, name and aliases, folded.
fn forms(index: &Index, c: &Contact) -> Vec<String> {
    let note = index.note(c);
    let mut forms = vec![folded(&note.id)];
    if let Some(name) = &note.front.name {
        forms.push(folded(name));
    }
    forms.extend(note.front.aliases.iter().map(|a| folded(a)));
    forms
}

/// How well a contact's forms match a folded query that names nobody
/// exactly, best first; `None` when they do not match at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Closeness {
    /// The query is inside a form (`kim` in `sara kim`).
    Substring,
    /// A word of the query and a word of a form start alike (`tomm` and
    /// `tom`).
    Word,
    /// A few letters apart (edit distance, the number).
    Edits(usize),
}

fn closeness(query: &str, forms: &[String]) -> Option<Closeness> {
    if forms.iter().any(|f| f.contains(query)) {
        return Some(Closeness::Substring);
    }
    let word_match = words(query).filter(|q| q.chars().count() >= 2).any(|q| {
        forms
            .iter()
            .flat_map(|f| words(f))
            .filter(|w| w.chars().count() >= 2)
            .any(|w| w.starts_with(q) || q.starts_with(w))
    });
    if word_match {
        return Some(Closeness::Word);
    }
    // A typo costs about one edit in three letters; a short query allows
    // one, so that `al` does not suggest every two-letter name.
    let allowed = query.chars().count().div_ceil(3).max(1);
    let edits = forms
        .iter()
        .flat_map(|f| std::iter::once(f.as_str()).chain(words(f)))
        .map(|f| strsim::osa_distance(query, f))
        .min()?;
    (edits <= allowed).then_some(Closeness::Edits(edits))
}

/// Whether a contact's folded forms match the query, in one step of
/// [`Index::find`].
type FormsMatch<'a> = dyn Fn(&[String]) -> bool + 'a;

impl Index {
    /// The contact a `[[link]]` target or id names (case-insensitively,
    /// after NFC, ids and aliases).
    pub fn resolve(&self, target: &str) -> Option<&Contact> {
        let mut key = String::new();
        lowercase_into(target, &mut key);
        self.lookup.get(key.as_str()).map(|&c| &self.contacts[c])
    }

    /// The contacts `who` names, several when it is ambiguous, none when
    /// it names nobody. In order, the first step that finds anyone
    /// decides: the exact id, else alias, else name (case-insensitive,
    /// NFC); then, ignoring accents too, a whole id, name or alias; a word
    /// of one (a first or last name); a prefix of one or of its words.
    pub fn find(&self, who: &str) -> Vec<&Contact> {
        let key = lowercase(who.trim());
        if key.is_empty() {
            return Vec::new();
        }
        // Every contact with that id, not the lookup's one: two notes with
        // the same id (a duplicate `check` reports) or two contacts with
        // the same alias are ambiguous, not the first of them.
        let exact: [&dyn Fn(&Contact) -> bool; 3] = [
            &|c| lowercase(&self.note(c).id) == key,
            &|c| {
                self.note(c)
                    .front
                    .aliases
                    .iter()
                    .any(|a| lowercase(a) == key)
            },
            &|c| lowercase(self.note(c).name()) == key,
        ];
        for matches in exact {
            let found: Vec<&Contact> = self.contacts.iter().filter(|c| matches(c)).collect();
            if !found.is_empty() {
                return found;
            }
        }
        let query = folded(who.trim());
        let query_words: Vec<&str> = words(&query).collect();
        if query_words.is_empty() {
            return Vec::new();
        }
        let all: Vec<(&Contact, Vec<String>)> =
            self.contacts.iter().map(|c| (c, forms(self, c))).collect();
        let whole = |forms: &[String]| {
            forms
                .iter()
                .any(|f| words(f).eq(query_words.iter().copied()))
        };
        // Every word of the query is a word of one form: `sara`, `kim`,
        // `sara kim` for Sara J. Kim.
        let by_words = |forms: &[String]| {
            forms.iter().any(|f| {
                let ws: Vec<&str> = words(f).collect();
                query_words.iter().all(|q| ws.contains(q))
            })
        };
        let by_prefix = |forms: &[String]| {
            forms
                .iter()
                .any(|f| f.starts_with(&query) || words(f).any(|w| w.starts_with(&query)))
        };
        let steps: [&FormsMatch<'_>; 3] = [&whole, &by_words, &by_prefix];
        for matches in steps {
            let found: Vec<&Contact> = all
                .iter()
                .filter(|(_, forms)| matches(forms))
                .map(|(c, _)| *c)
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// Up to `n` contacts nearest to `who`, for "did you mean": those
    /// whose id, name or alias holds it first, then those sharing the
    /// start of a word, then those a few letters away, fewest first.
    pub fn nearest(&self, who: &str, n: usize) -> Vec<&Contact> {
        let query = folded(who.trim());
        if words(&query).next().is_none() {
            return Vec::new();
        }
        let mut scored: Vec<(Closeness, &Contact)> = self
            .contacts
            .iter()
            .filter_map(|c| Some((closeness(&query, &forms(self, c))?, c)))
            .collect();
        // Contacts are in id order, and the sort is stable: ties go by id.
        scored.sort_by_key(|(closeness, _)| *closeness);
        scored.into_iter().take(n).map(|(_, c)| c).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::build;
    use unicode_normalization::UnicodeNormalization;

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

    fn ids(index: &super::Index, found: &[&super::Contact]) -> Vec<String> {
        found.iter().map(|c| index.note(c).id.clone()).collect()
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
        let near = ids(&index, &index.nearest("ana lim", 2));
        assert!(near.contains(&"ana-lima".to_string()), "{near:?}");
    }

    fn people() -> super::Index {
        build(
            &[
                ("people/Sara Kim.md", ""),
                ("people/Sarah Lee.md", ""),
                ("people/Tom Baker.md", ""),
                ("people/Mom.md", ""),
                ("people/Zoë Brandt.md", ""),
                ("people/Alan Ng.md", "---\naliases: [Al]\n---\n"),
                ("people/Albert Ruiz.md", "---\naliases: [Al]\n---\n"),
            ],
            "",
        )
    }

    #[test]
    fn a_unique_first_name_last_name_or_prefix_names_the_contact() {
        let index = people();
        for (who, id) in [
            ("sara", "Sara Kim"),
            ("KIM", "Sara Kim"),
            ("baker", "Tom Baker"),
            ("tom b", "Tom Baker"),
            ("bak", "Tom Baker"),
            ("sarah", "Sarah Lee"),
            ("zoe", "Zoë Brandt"),
            ("ZOË BRANDT", "Zoë Brandt"),
            ("alan", "Alan Ng"),
        ] {
            assert_eq!(ids(&index, &index.find(who)), [id], "{who}");
        }
    }

    #[test]
    fn a_name_that_fits_several_contacts_is_ambiguous() {
        let index = people();
        assert_eq!(
            ids(&index, &index.find("al")),
            ["Alan Ng", "Albert Ruiz"],
            "shared alias"
        );
        assert_eq!(
            ids(&index, &index.find("sar")),
            ["Sara Kim", "Sarah Lee"],
            "prefix"
        );
        assert!(index.find("   ").is_empty());
    }

    #[test]
    fn suggestions_rank_word_and_substring_matches_before_edit_distance() {
        let index = people();
        let near = ids(&index, &index.nearest("tomm", 3));
        assert_eq!(
            near.first().map(String::as_str),
            Some("Tom Baker"),
            "{near:?}"
        );
        assert!(near.contains(&"Mom".to_string()), "a typo away: {near:?}");
        let near = ids(&index, &index.nearest("ara ki", 3));
        assert_eq!(
            near.first().map(String::as_str),
            Some("Sara Kim"),
            "{near:?}"
        );
        assert!(index.nearest("qqqqqqq", 3).is_empty());
    }

    proptest::proptest! {
        /// Any text, composed or decomposed, in any case, is one key.
        #[test]
        fn composed_and_decomposed_text_is_one_key(s in "\\PC{0,12}") {
            let key = super::lowercase(&s);
            let nfd: String = s.nfd().collect();
            let nfc: String = s.nfc().collect();
            proptest::prop_assert_eq!(&super::lowercase(&nfd), &key);
            proptest::prop_assert_eq!(&super::lowercase(&nfc), &key);
            proptest::prop_assert_eq!(super::lowercase(&key), key.clone(), "a key is its own key");
        }
    }

    /// macOS stores file names decomposed (NFD); links and the command
    /// line usually arrive composed (NFC); either way round is one contact.
    #[test]
    fn nfc_and_nfd_forms_of_a_name_are_the_same_contact() {
        let nfc = "Zo\u{eb} Brandt";
        let nfd = "Zoe\u{308} Brandt";
        for (file, link) in [(nfd, nfc), (nfc, nfd), (nfd, nfd), (nfc, nfc)] {
            let index = build(
                &[
                    (
                        &format!("people/{file}.md"),
                        "---\naliases: [Ren\u{e9}e]\n---\n",
                    ),
                    (
                        "notes/n.md",
                        &format!(
                            "- 2026-11-01 met [[{link}]]\n- 2026-11-02 met [[Rene\u{301}e]]\n"
                        ),
                    ),
                ],
                "",
            );
            assert!(index.diagnostics.is_empty(), "{:?}", index.diagnostics);
            let c = index.resolve(link).expect("the link's form");
            assert_eq!(c.touch_count, 2, "both links resolve");
            for who in [nfc, nfd, "zoe", "ZOE\u{308}", "Ren\u{e9}e", "Rene\u{301}e"] {
                assert_eq!(index.find(who).len(), 1, "{who:?} from {file:?}");
            }
        }
    }
}
