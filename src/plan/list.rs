//! Choosing contacts for `list`: by circle, tag and `key=value` filters.

use super::ContactState;
use std::str::FromStr;

/// A contact field a `--where` filter can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Name,
    Aliases,
    Tags,
    Circle,
    Cadence,
    Status,
    Company,
    Role,
    Location,
    Email,
    Phone,
    Path,
}

pub const FIELD_NAMES: &str =
    "id, name, aliases, tags, circle, cadence, status, company, role, location, email, phone, path";

impl FromStr for Field {
    type Err = String;

    fn from_str(s: &str) -> Result<Field, String> {
        use crate::note::front_matter::Key;
        let unknown = || format!("unknown field `{}`; use one of: {FIELD_NAMES}", s.trim());
        let lower = s.trim().to_lowercase();
        if lower == "id" {
            return Ok(Field::Id);
        }
        if lower == "path" {
            return Ok(Field::Path);
        }
        // A field is named as the notes name its key: `city`, `Job Title`.
        Ok(match Key::parse(&lower).ok_or_else(unknown)? {
            Key::Name => Field::Name,
            Key::Aliases => Field::Aliases,
            Key::Tags => Field::Tags,
            Key::Circle => Field::Circle,
            Key::Cadence => Field::Cadence,
            Key::Status => Field::Status,
            Key::Company => Field::Company,
            Key::Role => Field::Role,
            Key::Location => Field::Location,
            Key::Email => Field::Email,
            Key::Phone => Field::Phone,
            _ => return Err(unknown()),
        })
    }
}

/// `key=value` (equal, ignoring case), `key!=value` or `key~value`
/// (contains, ignoring case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Where {
    pub field: Field,
    pub op: Op,
    /// Lowercased.
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Equals,
    NotEquals,
    Contains,
}

impl FromStr for Where {
    type Err = String;

    fn from_str(s: &str) -> Result<Where, String> {
        let (key, op, value) = if let Some((k, v)) = s.split_once("!=") {
            (k, Op::NotEquals, v)
        } else if let Some((k, v)) = s.split_once('=') {
            (k, Op::Equals, v)
        } else if let Some((k, v)) = s.split_once('~') {
            (k, Op::Contains, v)
        } else {
            return Err(format!(
                "`{s}` is not a filter: write key=value, key!=value or key~text"
            ));
        };
        Ok(Where {
            field: key.parse()?,
            op,
            value: value.trim().to_lowercase(),
        })
    }
}

/// What `list` keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub circle: Option<String>,
    pub tag: Option<String>,
    pub wheres: Vec<Where>,
}

fn values<'a>(state: &ContactState<'a>, field: Field) -> Vec<&'a str> {
    let front = &state.note.front;
    let one = |v: &'a Option<String>| v.as_deref().into_iter().collect();
    match field {
        Field::Id => vec![state.id()],
        Field::Name => vec![state.name()],
        Field::Aliases => front.aliases.iter().map(String::as_str).collect(),
        Field::Tags => front.tags.iter().map(String::as_str).collect(),
        Field::Circle => one(&front.circle),
        Field::Cadence => state
            .cadence
            .map(|c| c.written.as_str())
            .into_iter()
            .collect(),
        Field::Status => vec![state.status().as_str()],
        Field::Company => one(&front.company),
        Field::Role => one(&front.role),
        Field::Location => one(&front.location),
        Field::Email => one(&front.email),
        Field::Phone => one(&front.phone),
        Field::Path => vec![state.note.path.as_str()],
    }
}

impl Filter {
    pub fn matches(&self, state: &ContactState<'_>) -> bool {
        let front = &state.note.front;
        if let Some(circle) = &self.circle {
            if !front
                .circle
                .as_deref()
                .is_some_and(|c| crate::config::same_name(c, circle))
            {
                return false;
            }
        }
        if let Some(tag) = &self.tag {
            let tag = tag.trim_start_matches('#').to_lowercase();
            if !front.tags.iter().any(|t| t.to_lowercase() == tag) {
                return false;
            }
        }
        self.wheres.iter().all(|w| {
            let vals = values(state, w.field);
            let hit = |v: &&str| match w.op {
                Op::Equals | Op::NotEquals => v.to_lowercase() == w.value,
                Op::Contains => v.to_lowercase().contains(&w.value),
            };
            match w.op {
                Op::NotEquals => !vals.iter().any(hit),
                _ => vals.iter().any(hit),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::states;
    use crate::plan::tests::build;

    fn ids(filter: &Filter) -> Vec<String> {
        let (index, config) = build(
            &[
                ("people/Ann.md", "---\ncircle: Mentor\ntags: [vip]\nlocation: Chicago\ncompany: Acme Corp\n---\n"),
                ("people/Bo.md", "---\ncircle: friend\nlocation: chicago\n---\n"),
                ("people/Cy.md", "---\nlocation: Lisbon\nstatus: paused\n---\n"),
            ],
            "",
            "2026-11-23",
        );
        states(&index, &config)
            .iter()
            .filter(|s| filter.matches(s))
            .map(|s| s.id().to_string())
            .collect()
    }

    #[test]
    fn filters() {
        assert_eq!(ids(&Filter::default()), ["Ann", "Bo", "Cy"]);
        let circle = Filter {
            circle: Some("mentor".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&circle), ["Ann"]);
        let tag = Filter {
            tag: Some("#VIP".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&tag), ["Ann"]);
        let w = |s: &str| Filter {
            wheres: vec![s.parse().unwrap()],
            ..Filter::default()
        };
        assert_eq!(ids(&w("location=Chicago")), ["Ann", "Bo"]);
        assert_eq!(ids(&w("location!=chicago")), ["Cy"]);
        assert_eq!(ids(&w("company~acme")), ["Ann"]);
        assert_eq!(ids(&w("status=paused")), ["Cy"]);
        assert_eq!(ids(&w("name = bo")), ["Bo"]);
    }

    #[test]
    fn bad_filters_say_why() {
        assert!("planet=mars"
            .parse::<Where>()
            .unwrap_err()
            .contains("unknown field `planet`"));
        assert!("location"
            .parse::<Where>()
            .unwrap_err()
            .contains("key=value"));
    }
}
