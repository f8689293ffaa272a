//! The front-matter keys netkeep reads, and the spellings that name them.

use std::collections::HashMap;

/// A front-matter key netkeep reads. Keys it does not read are kept in the
/// file, untouched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Name,
    Aliases,
    Tags,
    Type,
    /// Obsidian's `categories` (as in kepano's vault): like `type`, a
    /// value naming a contact type marks a contact.
    Categories,
    Circle,
    Cadence,
    Birthday,
    Dates,
    Status,
    SnoozeUntil,
    LastContact,
    Met,
    NextFollowUp,
    Company,
    Role,
    Location,
    Email,
    Phone,
    /// An interaction note's date.
    Date,
    /// The contacts an interaction note links.
    With,
}

impl Key {
    /// Every key, so that a list of the keys netkeep reads cannot miss one.
    pub const ALL: [Key; 21] = [
        Key::Name,
        Key::Aliases,
        Key::Tags,
        Key::Type,
        Key::Categories,
        Key::Circle,
        Key::Cadence,
        Key::Birthday,
        Key::Dates,
        Key::Status,
        Key::SnoozeUntil,
        Key::LastContact,
        Key::Met,
        Key::NextFollowUp,
        Key::Company,
        Key::Role,
        Key::Location,
        Key::Email,
        Key::Phone,
        Key::Date,
        Key::With,
    ];

    /// The key `written` names, in any case and separators and in the
    /// spellings other Obsidian CRM setups use; `None` for a key netkeep
    /// does not read. The one place a spelling becomes a key: a new
    /// spelling goes in [`SPELLINGS`].
    pub fn parse(written: &str) -> Option<Key> {
        BUILT_IN.get(normalise(written).as_str()).copied()
    }

    /// Like [`Key::parse`], with the vault's own `[keys]` spellings
    /// first: a vault may give a built-in alias (`group`, say) to
    /// another key.
    pub fn read(written: &str, vault: &KeySpellings) -> Option<Key> {
        let normal = normalise(written);
        vault
            .find(&normal)
            .or_else(|| BUILT_IN.get(normal.as_str()).copied())
    }

    /// The key whose own name (not an alias) is `written`, in any case and
    /// separators.
    pub fn own_name(written: &str) -> Option<Key> {
        let normal = normalise(written);
        Key::ALL
            .into_iter()
            .find(|k| normalise(k.as_str()) == normal)
    }

    /// The key's name as netkeep writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Name => "name",
            Key::Aliases => "aliases",
            Key::Tags => "tags",
            Key::Type => "type",
            Key::Categories => "categories",
            Key::Circle => "circle",
            Key::Cadence => "cadence",
            Key::Birthday => "birthday",
            Key::Dates => "dates",
            Key::Status => "status",
            Key::SnoozeUntil => "snooze_until",
            Key::LastContact => "last_contact",
            Key::Met => "met",
            Key::NextFollowUp => "next_follow_up",
            Key::Company => "company",
            Key::Role => "role",
            Key::Location => "location",
            Key::Email => "email",
            Key::Phone => "phone",
            Key::Date => "date",
            Key::With => "with",
        }
    }
}

/// A key as compared: lowercase, without spaces, `-` and `_`, so that
/// `Last Contact`, `last-contact`, `lastContact`, `LastContact` and
/// `last_contact` are one key. Dropping separators also matches camelCase
/// (`birthDate` is `birth_date` is `birthdate`) with no rule for where a
/// word starts. A `.` is kept: a dotted key is another tool's namespace
/// (`crm.cadence`), not a spelling of netkeep's.
pub fn normalise(written: &str) -> String {
    written
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every spelling netkeep reads, besides each key's own name, as CRM
/// templates and people notes in public vaults write them. Compared after
/// [`normalise`], so one spelling here stands for all its case and
/// separator variants.
pub(crate) const SPELLINGS: &[(Key, &[&str])] = &[
    (Key::Aliases, &["alias"]),
    (Key::Tags, &["tag"]),
    (Key::Categories, &["category"]),
    (Key::Circle, &["group", "relationship", "relationship_type"]),
    (
        Key::Cadence,
        &[
            "frequency",
            "contact_cadence",
            "contact_frequency",
            "keep_in_touch",
        ],
    ),
    (
        Key::Birthday,
        &["birthdate", "born", "dob", "date_of_birth", "bday"],
    ),
    (
        Key::LastContact,
        &[
            "last_contacted",
            "last_interaction",
            "last_chat",
            "last_contact_date",
        ],
    ),
    (Key::Met, &["first_met", "date_met", "met_on"]),
    (
        Key::NextFollowUp,
        &[
            "next_contact",
            "next_contact_due",
            "follow_up",
            "next_touch",
        ],
    ),
    (
        Key::Company,
        &["org", "organization", "organisation", "employer"],
    ),
    (Key::Role, &["title", "job_title", "position"]),
    (Key::Location, &["city", "based_in", "lives_in", "address"]),
    (Key::Email, &["mail", "emails", "email_address"]),
    (
        Key::Phone,
        &[
            "phone_number",
            "phones",
            "mobile",
            "mobile_phone",
            "cell",
            "cell_phone",
            "tel",
            "telephone",
        ],
    ),
    (
        Key::With,
        &["contacts", "people", "attendees", "participants", "guests"],
    ),
];

/// Normalised spelling to key: each key's own name and its [`SPELLINGS`].
static BUILT_IN: std::sync::LazyLock<HashMap<String, Key>> = std::sync::LazyLock::new(|| {
    let own = Key::ALL.into_iter().map(|k| (normalise(k.as_str()), k));
    let others = SPELLINGS
        .iter()
        .flat_map(|&(key, spellings)| spellings.iter().map(move |s| (normalise(s), key)));
    own.chain(others).collect()
});

/// The spellings a vault's `[keys]` table in `netkeep.toml` gives
/// netkeep's keys, normalised, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySpellings(Vec<(String, Key)>);

impl KeySpellings {
    /// Adds `written` as a spelling of `key`.
    pub fn add(&mut self, written: &str, key: Key) {
        self.0.push((normalise(written), key));
    }

    /// The key a normalised spelling names here.
    fn find(&self, normal: &str) -> Option<Key> {
        self.0.iter().find(|(s, _)| s == normal).map(|&(_, k)| k)
    }

    /// Each spelling (normalised) and the own name of its key: what the
    /// cache compares to know its notes were read with the same table.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &'static str)> {
        self.0.iter().map(|(s, k)| (s.as_str(), k.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whose business a key's value is: a bad value is worth a warning only
/// on a note that the key means something to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// Read on contact notes: a project's `status: blocked` is not ours.
    Contact,
    /// Read on interaction notes: a blog post's `date` is not ours.
    Interaction,
    /// Decides what the note is (`type`, `tags`, `categories`).
    Any,
}

impl Key {
    pub fn owner(self) -> Owner {
        match self {
            Key::Tags | Key::Type | Key::Categories => Owner::Any,
            Key::Date | Key::With => Owner::Interaction,
            _ => Owner::Contact,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_listed_once_and_read_back_from_its_name() {
        for (i, &key) in Key::ALL.iter().enumerate() {
            assert_eq!(Key::parse(key.as_str()), Some(key));
            assert!(!Key::ALL[..i].contains(&key), "{key:?} twice");
        }
        // Each listed once, and as many as there are: none is left out.
        assert_eq!(Key::ALL.len(), Key::With as usize + 1);
    }

    /// `last_contact` as people write it: spaced, dashed, camelCase,
    /// PascalCase, shouting.
    fn variants(snake: &str) -> Vec<String> {
        let words: Vec<&str> = snake.split('_').collect();
        let cap = |w: &str| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        };
        let camel: String = words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.to_string() } else { cap(w) })
            .collect();
        vec![
            snake.to_string(),
            words.join(" "),
            words.iter().map(|w| cap(w)).collect::<Vec<_>>().join(" "),
            words.join("-"),
            camel,
            words.iter().map(|w| cap(w)).collect(),
            snake.to_uppercase(),
            format!("  {snake} "),
        ]
    }

    #[test]
    fn case_and_separators_do_not_matter() {
        for v in variants("last_contact") {
            assert_eq!(Key::parse(&v), Some(Key::LastContact), "{v:?}");
        }
        for written in [
            "Last Contact",
            "last-contact",
            "lastContact",
            "LastContact",
            "LAST_CONTACT",
            "last__contact",
        ] {
            assert_eq!(Key::parse(written), Some(Key::LastContact), "{written}");
        }
        assert_eq!(Key::parse("nextFollowUp"), Some(Key::NextFollowUp));
        // Spellings that differ from a name only by separators need no
        // entry of their own.
        assert_eq!(Key::parse("next_followup"), Some(Key::NextFollowUp));
        assert_eq!(Key::parse("e_mail"), Some(Key::Email));
        assert_eq!(Key::parse("Snooze Until"), Some(Key::SnoozeUntil));
        assert_eq!(Key::parse("birthDate"), Some(Key::Birthday));
        assert_eq!(Key::parse("E-Mail"), Some(Key::Email));
        assert_eq!(Key::parse("Phone Number"), Some(Key::Phone));
    }

    #[test]
    fn a_dot_is_not_a_separator() {
        assert_eq!(Key::parse("last.contact"), None);
        assert_eq!(Key::parse("crm.cadence"), None);
    }

    /// The aliases issue 13 lists, key by key: each is read, in every
    /// variant, as its key.
    #[test]
    fn every_alias_is_read_as_its_key() {
        let listed: &[(Key, &[&str])] = &[
            (
                Key::Cadence,
                &[
                    "contact_cadence",
                    "contact_frequency",
                    "frequency",
                    "keep_in_touch",
                ],
            ),
            (
                Key::NextFollowUp,
                &[
                    "next_contact",
                    "next_contact_due",
                    "follow_up",
                    "next_touch",
                ],
            ),
            (Key::Met, &["first_met", "date_met", "met_on"]),
            (
                Key::LastContact,
                &[
                    "last_contacted",
                    "last_interaction",
                    "last_chat",
                    "last_contact_date",
                ],
            ),
            (Key::Circle, &["relationship", "relationship_type", "group"]),
            (
                Key::Company,
                &["org", "organization", "organisation", "employer"],
            ),
            (Key::Role, &["title", "job_title", "position"]),
            (
                Key::Birthday,
                &["birthdate", "born", "dob", "bday", "date_of_birth"],
            ),
            (Key::Email, &["mail", "emails", "email_address"]),
            (
                Key::Phone,
                &[
                    "phone_number",
                    "phones",
                    "mobile",
                    "mobile_phone",
                    "cell",
                    "cell_phone",
                    "tel",
                    "telephone",
                ],
            ),
            (Key::Location, &["city", "based_in", "lives_in", "address"]),
            (Key::Aliases, &["alias"]),
            (Key::Tags, &["tag"]),
            (Key::Categories, &["category"]),
            (
                Key::With,
                &["contacts", "people", "attendees", "participants", "guests"],
            ),
        ];
        let mut count = 0;
        for &(key, spellings) in listed {
            for spelling in spellings {
                count += 1;
                for v in variants(spelling) {
                    assert_eq!(Key::parse(&v), Some(key), "{v:?}");
                }
            }
        }
        // The table and this test list the same spellings: a new one is
        // tested when it is added.
        assert_eq!(count, SPELLINGS.iter().map(|(_, s)| s.len()).sum::<usize>());
    }

    #[test]
    fn category_is_not_a_circle() {
        // `category` / `categories` say what kind of note it is (the
        // contact type), not the contact's group.
        assert_ne!(Key::parse("category"), Some(Key::Circle));
        assert_ne!(Key::parse("categories"), Some(Key::Circle));
    }

    #[test]
    fn no_spelling_names_two_keys() {
        let mut all: Vec<(String, Key)> = Key::ALL
            .into_iter()
            .map(|k| (normalise(k.as_str()), k))
            .collect();
        for &(key, spellings) in SPELLINGS {
            for s in spellings {
                let n = normalise(s);
                assert!(all.iter().all(|(o, _)| *o != n), "{s} is listed twice");
                all.push((n, key));
            }
        }
    }

    #[test]
    fn a_vault_spelling_comes_first() {
        let mut vault = KeySpellings::default();
        vault.add("Rhythm", Key::Cadence);
        vault.add("group", Key::Company);
        assert_eq!(Key::read("rhythm", &vault), Some(Key::Cadence));
        assert_eq!(Key::read("Group", &vault), Some(Key::Company));
        assert_eq!(Key::read("relationship", &vault), Some(Key::Circle));
        assert_eq!(Key::read("rhythm", &KeySpellings::default()), None);
        assert_eq!(Key::own_name("Next Follow-Up"), Some(Key::NextFollowUp));
        assert_eq!(Key::own_name("frequency"), None);
    }
}
