//! Page properties as Logseq writes them (`key:: value` lines opening a
//! page, Dataview's inline fields in Obsidian), read as front matter.

/// The YAML that the `key:: value` lines opening `body` mean, one YAML line
/// per property line, so that a line number in it is one in the note
/// (given the body's first line). `None` when the body does not open with
/// a property.
///
/// A value is kept as text (quoted), as Logseq keeps it; `alias` and
/// `tags` hold comma-separated lists, and `[[links]]` or `#tags` there
/// name pages, so they become lists of names.
pub(crate) fn as_yaml(body: &str) -> Option<String> {
    let mut yaml = String::new();
    for line in body.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let Some((key, value)) = property(line) else {
            break;
        };
        push_yaml(&mut yaml, key, value);
    }
    (!yaml.is_empty()).then_some(yaml)
}

/// One `key:: value` as a YAML line: the value kept as text (quoted),
/// and `alias` and `tags` as comma-separated lists of names.
pub(crate) fn push_yaml(yaml: &mut String, key: &str, value: &str) {
    let value = value.trim();
    yaml.push_str(key);
    yaml.push_str(": ");
    let lower = key.to_ascii_lowercase();
    if matches!(lower.as_str(), "alias" | "aliases" | "tags" | "tag") {
        yaml.push('[');
        let names: Vec<String> = value
            .split(',')
            .map(|v| {
                let v = v.trim().trim_start_matches('#');
                let v = v
                    .strip_prefix("[[")
                    .and_then(|v| v.strip_suffix("]]"))
                    .unwrap_or(v);
                quoted(v.trim())
            })
            .filter(|v| v != "''")
            .collect();
        yaml.push_str(&names.join(", "));
        yaml.push(']');
    } else {
        yaml.push_str(&quoted(value));
    }
    yaml.push('\n');
}

/// `key:: value`: a key of letters, digits, `_` and `-`, starting with a
/// letter, right at the start of the line.
fn property(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once("::")?;
    let mut chars = key.chars();
    let first = chars.next()?;
    let is_key = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    // `key::value` is not one: Logseq wants the space (and so does
    // Dataview, for a field on a line of its own).
    (is_key && (value.is_empty() || value.starts_with([' ', '\t']))).then_some((key, value))
}

/// A YAML single-quoted string.
fn quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_lines_become_yaml_line_for_line() {
        let yaml = as_yaml(
            "type:: [[person]]\nalias:: Ada, [[Countess]]\ntags:: #contact, friend\nlast-contact:: 2026-10-01\nnote:: it's fine\n- a block\nlate:: no\n",
        )
        .unwrap();
        assert_eq!(
            yaml,
            "type: '[[person]]'\nalias: ['Ada', 'Countess']\ntags: ['contact', 'friend']\nlast-contact: '2026-10-01'\nnote: 'it''s fine'\n"
        );
    }

    #[test]
    fn only_an_opening_property_block_counts() {
        assert_eq!(as_yaml("# Ada\ntype:: person\n"), None);
        assert_eq!(as_yaml("- type:: person\n"), None);
        assert_eq!(as_yaml("see https://x.y::z\n"), None);
        assert_eq!(as_yaml("type::person\n"), None);
        assert_eq!(as_yaml(""), None);
        assert_eq!(as_yaml("empty::\r\n").as_deref(), Some("empty: ''\n"));
    }
}
