//! Telling whether an imported person is someone already known: by
//! e-mail, by phone digits, or by name compared without case, accents or
//! Unicode normalisation differences.

use super::Person;
use std::collections::HashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A name as compared: decomposed, accents dropped, lowercase, one space
/// between words.
pub fn name_key(name: &str) -> String {
    let bare: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    bare.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An e-mail address as compared.
pub fn email_key(email: &str) -> String {
    email.trim().trim_start_matches("mailto:").to_lowercase()
}

/// A phone's digits, and whether they start with a country code.
type PhoneKey = (String, bool);

/// A phone number as compared: its digits, and whether it was written
/// with a country code (`+` or `00` first).
fn phone_key(phone: &str) -> Option<PhoneKey> {
    let trimmed = phone.trim().trim_start_matches("tel:");
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let (digits, international) = if trimmed.starts_with('+') {
        (digits, true)
    } else if let Some(rest) = digits.strip_prefix("00") {
        (rest.to_string(), true)
    } else {
        (digits, false)
    };
    // Fewer digits than this is an extension or a typo, not a number
    // that tells two people apart.
    (digits.len() >= 5).then_some((digits, international))
}

/// Whether two phone numbers are one: the same digits, or, when only one
/// has a country code, the other's national digits (without a leading
/// trunk `0`) after a one- to three-digit code.
fn same_phone(a: &PhoneKey, b: &PhoneKey) -> bool {
    if a.0 == b.0 {
        return true;
    }
    let (intl, national) = match (a.1, b.1) {
        (true, false) => (&a.0, &b.0),
        (false, true) => (&b.0, &a.0),
        _ => return false,
    };
    let national = national.strip_prefix('0').unwrap_or(national);
    intl.ends_with(national) && (1..=3).contains(&(intl.len() - national.len()))
}

/// Whether two written phone numbers are one number (see [`same_phone`]).
pub fn same_number(a: &str, b: &str) -> bool {
    match (phone_key(a), phone_key(b)) {
        (Some(a), Some(b)) => same_phone(&a, &b),
        _ => a.trim() == b.trim(),
    }
}

/// The last digits a phone is filed under: what survives any country code.
fn phone_bucket(digits: &str) -> &str {
    &digits[digits.len().saturating_sub(7)..]
}

/// Everyone known so far, each with a target `T` (the note they are in).
#[derive(Debug)]
pub struct Matcher<T> {
    targets: Vec<T>,
    names: HashMap<String, usize>,
    emails: HashMap<String, usize>,
    phones: HashMap<String, Vec<(PhoneKey, usize)>>,
}

impl<T> Default for Matcher<T> {
    fn default() -> Self {
        Matcher {
            targets: Vec::new(),
            names: HashMap::new(),
            emails: HashMap::new(),
            phones: HashMap::new(),
        }
    }
}

impl<T> Matcher<T> {
    /// Files someone under every name (id, name, aliases), e-mail and
    /// phone they have; the first one filed under a key keeps it.
    pub fn add<'a>(
        &mut self,
        target: T,
        names: impl IntoIterator<Item = &'a str>,
        emails: impl IntoIterator<Item = &'a str>,
        phones: impl IntoIterator<Item = &'a str>,
    ) -> usize {
        let i = self.targets.len();
        self.targets.push(target);
        for n in names {
            let key = name_key(n);
            if !key.is_empty() {
                self.names.entry(key).or_insert(i);
            }
        }
        for e in emails {
            let key = email_key(e);
            if !key.is_empty() {
                self.emails.entry(key).or_insert(i);
            }
        }
        for p in phones {
            if let Some(key) = phone_key(p) {
                self.phones
                    .entry(phone_bucket(&key.0).to_string())
                    .or_default()
                    .push((key, i));
            }
        }
        i
    }

    /// Files a person under their name, aliases, e-mails and phones.
    pub fn add_person(&mut self, target: T, p: &Person) -> usize {
        self.add(
            target,
            std::iter::once(p.name.as_str()).chain(p.aliases.iter().map(String::as_str)),
            p.emails.iter().map(String::as_str),
            p.phones.iter().map(String::as_str),
        )
    }

    /// Adds `p`'s names, e-mails and phones to someone already filed.
    pub fn extend(&mut self, i: usize, p: &Person) {
        for n in std::iter::once(&p.name).chain(&p.aliases) {
            self.names.entry(name_key(n)).or_insert(i);
        }
        for e in &p.emails {
            self.emails.entry(email_key(e)).or_insert(i);
        }
        for key in p.phones.iter().filter_map(|p| phone_key(p)) {
            self.phones
                .entry(phone_bucket(&key.0).to_string())
                .or_default()
                .push((key, i));
        }
    }

    /// Who `p` is among those filed: by e-mail first, then phone, then
    /// name (theirs against every id, name and alias).
    pub fn find(&self, p: &Person) -> Option<usize> {
        let by_email = p
            .emails
            .iter()
            .find_map(|e| self.emails.get(&email_key(e)).copied());
        let by_phone = || {
            p.phones
                .iter()
                .filter_map(|p| phone_key(p))
                .find_map(|key| {
                    self.phones
                        .get(phone_bucket(&key.0))?
                        .iter()
                        .find(|(k, _)| same_phone(k, &key))
                        .map(|(_, i)| *i)
                })
        };
        let by_name = || self.names.get(&name_key(&p.name)).copied();
        by_email.or_else(by_phone).or_else(by_name)
    }

    pub fn target(&self, i: usize) -> Option<&T> {
        self.targets.get(i)
    }

    pub fn target_mut(&mut self, i: usize) -> Option<&mut T> {
        self.targets.get_mut(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, emails: &[&str], phones: &[&str]) -> Person {
        Person {
            name: name.into(),
            emails: emails.iter().map(|s| s.to_string()).collect(),
            phones: phones.iter().map(|s| s.to_string()).collect(),
            ..Person::default()
        }
    }

    #[test]
    fn names_match_without_case_accents_or_normalisation() {
        let mut m = Matcher::default();
        // "Zoë" composed, and an alias.
        m.add("zoe", ["Zo\u{eb} Ångström", "Zed"], [], []);
        for name in [
            "zoe angstrom",
            "ZOE  ANGSTROM",
            "Zoe\u{308} A\u{30a}ngstro\u{308}m",
            "zed",
        ] {
            assert_eq!(m.find(&person(name, &[], &[])), Some(0), "{name}");
        }
        assert_eq!(m.find(&person("Zoey Angstrom", &[], &[])), None);
    }

    #[test]
    fn emails_match_without_case() {
        let mut m = Matcher::default();
        m.add("a", ["Ana"], ["Ana@Example.com"], []);
        assert_eq!(
            m.find(&person("Someone Else", &["ana@example.COM"], &[])),
            Some(0)
        );
    }

    #[test]
    fn phones_match_by_digits_with_or_without_a_country_code() {
        let mut m = Matcher::default();
        m.add("a", ["A"], [], ["+44 20 7946 0018"]);
        m.add("b", ["B"], [], ["(555) 010-0199"]);
        let find = |p: &str| m.find(&person("X", &[], &[p]));
        assert_eq!(find("020 7946 0018"), Some(0));
        assert_eq!(find("0044 20 7946 0018"), Some(0));
        assert_eq!(find("+1 555 010 0199"), Some(1));
        assert_eq!(find("555.010.0199"), Some(1));
        // Both with country codes, and different ones: two numbers.
        assert_eq!(find("+33 20 7946 0018"), None);
        assert_eq!(find("7946 0018"), None);
        assert_eq!(find("123"), None);
    }
}
