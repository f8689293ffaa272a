//! The front-matter keys netkeep reads, and the spellings that name them.

/// A front-matter key netkeep reads. Keys it does not read are kept in the
/// file, untouched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Name,
    Aliases,
    Tags,
    Type,
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
    pub const ALL: [Key; 20] = [
        Key::Name,
        Key::Aliases,
        Key::Tags,
        Key::Type,
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

    /// The key `written` names, in any case and in the spellings other
    /// Obsidian CRM setups use; `None` for a key netkeep does not read.
    /// The one place a spelling becomes a key: a new spelling goes here.
    pub fn parse(written: &str) -> Option<Key> {
        let lower = written.trim().to_lowercase().replace([' ', '-'], "_");
        Some(match lower.as_str() {
            "name" => Key::Name,
            "aliases" | "alias" => Key::Aliases,
            "tags" | "tag" => Key::Tags,
            "type" => Key::Type,
            "circle" | "group" | "category" => Key::Circle,
            "cadence" | "frequency" => Key::Cadence,
            "birthday" => Key::Birthday,
            "dates" => Key::Dates,
            "status" => Key::Status,
            "snooze_until" => Key::SnoozeUntil,
            "last_contact" | "last_contacted" | "last_chat" => Key::LastContact,
            "met" => Key::Met,
            "next_follow_up" => Key::NextFollowUp,
            "company" => Key::Company,
            "role" => Key::Role,
            "location" => Key::Location,
            "email" | "e_mail" => Key::Email,
            "phone" => Key::Phone,
            "date" => Key::Date,
            "contacts" | "people" | "with" | "attendees" | "participants" | "guests" => Key::With,
            _ => return None,
        })
    }

    /// The key's name as netkeep writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Name => "name",
            Key::Aliases => "aliases",
            Key::Tags => "tags",
            Key::Type => "type",
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
}
