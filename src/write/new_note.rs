//! A new contact note: its file name and its text from a template.

use chrono::NaiveDate;

/// Characters no file name may hold on Windows or macOS, plus the ones
/// Obsidian cannot link to.
const FORBIDDEN: &[char] = &[
    '/', '\\', '<', '>', ':', '"', '|', '?', '*', '#', '^', '[', ']',
];

/// Names Windows reserves whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why a name gives no file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("`{0}` leaves no usable file name once characters no file name may hold are removed; give a name with letters or digits")]
    NoUsableName(String),
    #[error("`{0}` is a name Windows reserves for a device; add a word to it")]
    Reserved(String),
}

/// The file stem for a contact named `name`: separators, characters invalid
/// on Windows or macOS and control characters removed, no leading dot (a
/// hidden file), no trailing dot or space, not a reserved device name, at
/// most 200 bytes. The result can never name a path outside its folder.
pub fn file_stem(name: &str) -> Result<String, NameError> {
    let cleaned: String = name
        .chars()
        .filter(|c| !FORBIDDEN.contains(c) && !c.is_control())
        .collect();
    let mut stem = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    stem = stem
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_string();
    while stem.len() > 200 {
        stem.pop();
    }
    let stem = stem.trim_end_matches(['.', ' ']).to_string();
    if stem.is_empty() {
        return Err(NameError::NoUsableName(name.to_string()));
    }
    let base = stem
        .split('.')
        .next()
        .unwrap_or(&stem)
        .trim()
        .to_lowercase();
    if RESERVED.contains(&base.as_str()) {
        return Err(NameError::Reserved(name.to_string()));
    }
    Ok(stem)
}

/// What `netkeep new` knows about the contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewContact {
    pub name: String,
    pub circle: Option<String>,
    pub cadence: Option<String>,
    pub birthday: Option<String>,
    pub tags: Vec<String>,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub location: Option<String>,
    pub met: Option<NaiveDate>,
}

/// Whether `value` can be written as a plain (unquoted) YAML scalar and
/// read back as the same string by any YAML reader, in a block mapping or
/// inside `[...]`. Deliberately conservative: a plain scalar only when it
/// starts with a letter or digit and holds letters, digits, spaces and a
/// few harmless marks; never one a YAML 1.1 or 1.2 reader takes for a
/// number, boolean or null; and only when this project's YAML parser reads
/// it back unchanged. Anything else is quoted, which is always right.
fn plain_is_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    let chars_ok = first.is_alphanumeric()
        && !value.ends_with(' ')
        && !value.contains("  ")
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || " -_.@/+()'".contains(c));
    if !chars_ok {
        return false;
    }
    let lower = value.to_lowercase();
    let keyword = matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "nan" | "inf"
    );
    // YAML 1.1 reads `1_000` and `0x1F`, `0o17`, `0b101` as numbers.
    let digits = lower.replace('_', "");
    let number = digits.parse::<f64>().is_ok()
        || (first.is_ascii_digit()
            && ["0x", "0o", "0b"].iter().any(|p| lower.starts_with(p))
            && !value.contains(' '));
    if keyword || number {
        return false;
    }
    let parsed: Result<yaml_serde::Value, _> = yaml_serde::from_str(&format!("k: {value}"));
    matches!(
        parsed.ok().as_ref().and_then(|v| v.get("k")),
        Some(yaml_serde::Value::String(s)) if s == value
    )
}

/// Whether YAML needs `c` escaped inside a double-quoted scalar: what YAML
/// does not count as printable, and what YAML 1.1 readers take for a line
/// break (NEL, LS, PS: they would fold it to a space).
fn needs_escape(c: char) -> bool {
    let u = u32::from(c);
    u < 0x20 || (0x7f..0xa0).contains(&u) || matches!(u, 0x2028 | 0x2029 | 0xfeff | 0xfffe | 0xffff)
}

/// `value` escaped for the inside of a YAML double-quoted scalar, without
/// the quotes: every character comes back as it was, and no raw line break
/// or control character is written.
pub fn yaml_double_quoted_inner(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// A YAML scalar for `value`: plain when that is plainly safe, else
/// double-quoted. Parsing `key: <scalar>` (or `[<scalar>]`) gives back
/// exactly `value`, whatever it holds; the result is always one line.
pub fn yaml_scalar(value: &str) -> String {
    if plain_is_safe(value) {
        value.to_string()
    } else {
        format!("\"{}\"", yaml_double_quoted_inner(value))
    }
}

/// The built-in template's text.
pub fn built_in(contact: &NewContact, stem: &str) -> String {
    let mut out = String::from("---\n");
    if contact.name != stem {
        out.push_str(&format!("name: {}\n", yaml_scalar(&contact.name)));
    }
    let fields = [
        ("circle", &contact.circle),
        ("cadence", &contact.cadence),
        ("birthday", &contact.birthday),
        ("company", &contact.company),
        ("email", &contact.email),
        ("phone", &contact.phone),
        ("location", &contact.location),
    ];
    for (key, value) in fields {
        if let Some(v) = value {
            out.push_str(&format!("{key}: {}\n", yaml_scalar(v)));
        }
    }
    if !contact.tags.is_empty() {
        let tags: Vec<String> = contact
            .tags
            .iter()
            .map(|t| yaml_scalar(t.trim_start_matches('#')))
            .collect();
        out.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    if let Some(met) = contact.met {
        out.push_str(&format!("met: {met}\n"));
    }
    out.push_str(&format!("---\n# {}\n\n## Log\n", contact.name));
    out
}

/// The placeholders a vault template may hold, and their values.
struct Values {
    pairs: Vec<(&'static str, String)>,
    tags: Vec<String>,
}

impl Values {
    fn new(contact: &NewContact, today: NaiveDate) -> Values {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let tags: Vec<String> = contact
            .tags
            .iter()
            .map(|t| t.trim_start_matches('#').to_string())
            .collect();
        Values {
            pairs: vec![
                ("{{name}}", contact.name.clone()),
                ("{{title}}", contact.name.clone()),
                ("{{date}}", contact.met.unwrap_or(today).to_string()),
                ("{{circle}}", opt(&contact.circle)),
                ("{{cadence}}", opt(&contact.cadence)),
                ("{{birthday}}", opt(&contact.birthday)),
                ("{{tags}}", tags.join(", ")),
                ("{{company}}", opt(&contact.company)),
                ("{{email}}", opt(&contact.email)),
                ("{{phone}}", opt(&contact.phone)),
                ("{{location}}", opt(&contact.location)),
            ],
            tags,
        }
    }

    /// The placeholder at the start of `text`, and its value.
    fn at<'a>(&'a self, text: &str) -> Option<(&'static str, &'a str)> {
        self.pairs
            .iter()
            .find(|(key, _)| text.starts_with(key))
            .map(|(key, value)| (*key, value.as_str()))
    }

    /// `text` with every placeholder replaced by `fill(key, value)`.
    fn fill(&self, text: &str, mut fill: impl FnMut(&str, &str) -> String) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find("{{") {
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            match self.at(rest) {
                Some((key, value)) => {
                    out.push_str(&fill(key, value));
                    rest = &rest[key.len()..];
                }
                None => {
                    out.push_str("{{");
                    rest = &rest[2..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn raw(&self, text: &str) -> String {
        self.fill(text, |_, value| value.to_string())
    }

    fn has_placeholder(&self, text: &str) -> bool {
        self.pairs.iter().any(|(key, _)| text.contains(key))
    }

    /// A placeholder's value as a scalar inside `[...]`: tags one each.
    fn in_flow(&self, key: &str, value: &str) -> String {
        if key == "{{tags}}" {
            let tags: Vec<String> = self.tags.iter().map(|t| yaml_scalar(t)).collect();
            tags.join(", ")
        } else if value.is_empty() {
            String::new()
        } else {
            yaml_scalar(value)
        }
    }
}

/// Where a YAML line's value starts: after its indentation, any `- ` of
/// sequence items and a `key: `. Keys are taken as the template wrote them.
fn value_start(line: &str) -> usize {
    let mut at = line.len() - line.trim_start().len();
    while line[at..].starts_with("- ") || &line[at..] == "-" {
        at += 1;
        at += line[at..].len() - line[at..].trim_start().len();
    }
    let rest = &line[at..];
    if !starts_structured(rest) {
        let key_end = rest
            .find(": ")
            .or_else(|| rest.ends_with(':').then(|| rest.len() - 1));
        if let Some(k) = key_end.filter(|&k| !rest[..k].contains("{{")) {
            at += k + 1;
            at += line[at..].len() - line[at..].trim_start().len();
        }
    }
    at
}

/// Whether a YAML value starts quoted or as a flow collection (a
/// placeholder's `{{` is no flow mapping).
fn starts_structured(value: &str) -> bool {
    value.starts_with(['"', '\'', '[']) || (value.starts_with('{') && !value.starts_with("{{"))
}

/// A value that starts quoted or as a flow collection: each placeholder
/// is filled for the place it is in (inside `"..."` escaped, inside
/// `'...'` with doubled quotes, bare in `[...]` as a scalar, in a comment
/// as it is).
fn fill_structured(value: &str, values: &Values) -> String {
    #[derive(PartialEq)]
    enum In {
        Plain,
        Double,
        Single,
        Comment,
    }
    let mut state = In::Plain;
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    let mut previous = ' ';
    while i < value.len() {
        let rest = &value[i..];
        if let Some((key, v)) = values.at(rest) {
            out.push_str(&match state {
                In::Double => yaml_double_quoted_inner(v),
                In::Single => v.replace('\'', "''"),
                In::Plain => values.in_flow(key, v),
                In::Comment => v.to_string(),
            });
            i += key.len();
            previous = 'x';
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match state {
            In::Plain if c == '"' => state = In::Double,
            In::Plain if c == '\'' => state = In::Single,
            In::Plain if c == '#' && previous.is_whitespace() => state = In::Comment,
            In::Double if c == '\\' => {
                // An escape: the next character is part of it.
                out.push(c);
                i += 1;
                if let Some(next) = value[i..].chars().next() {
                    out.push(next);
                    i += next.len_utf8();
                }
                previous = 'x';
                continue;
            }
            In::Double if c == '"' => state = In::Plain,
            In::Single if c == '\'' => {
                if value[i + 1..].starts_with('\'') {
                    out.push_str("''");
                    i += 2;
                    continue;
                }
                state = In::Plain;
            }
            _ => {}
        }
        out.push(c);
        previous = c;
        i += c.len_utf8();
    }
    out
}

/// One line of front matter (without its line ending) with its
/// placeholders filled so that the YAML still says what the template meant
/// and every value reads back as given.
fn fill_yaml_line(line: &str, values: &Values) -> String {
    if !values.has_placeholder(line) {
        return line.to_string();
    }
    let at = value_start(line);
    let (prefix, value) = line.split_at(at);
    if starts_structured(value) {
        return format!("{}{}", values.raw(prefix), fill_structured(value, values));
    }
    // A plain value: the template's comment is found before filling, so a
    // `#` in a value is never taken for one.
    let comment = value
        .char_indices()
        .find(|&(i, c)| c == '#' && i > 0 && value[..i].ends_with([' ', '\t']))
        .map_or(value.len(), |(i, _)| i);
    let plain = value[..comment].trim_end();
    let after = &value[plain.len()..];
    // `- {{tags}}` in a block sequence: one item per tag.
    if plain == "{{tags}}" && prefix.trim_end().ends_with('-') && !values.tags.is_empty() {
        return values
            .tags
            .iter()
            .map(|t| format!("{prefix}{}{}", yaml_scalar(t), values.raw(after)))
            .collect::<Vec<_>>()
            .join("\n");
    }
    let filled = values.raw(plain);
    let scalar = if filled.is_empty() {
        String::new()
    } else if values.has_placeholder(plain) {
        yaml_scalar(&filled)
    } else {
        filled
    };
    format!("{prefix}{scalar}{}", values.raw(after))
}

/// Front matter with its placeholders filled line by line; the lines of a
/// block scalar (`key: |`) are text, filled as they are.
fn fill_yaml(yaml: &str, values: &Values) -> String {
    let mut out = String::with_capacity(yaml.len());
    let mut block: Option<usize> = None;
    for raw_line in yaml.split_inclusive('\n') {
        let content = raw_line.trim_end_matches(['\n', '\r']);
        let ending = &raw_line[content.len()..];
        let indent = content.len() - content.trim_start().len();
        if let Some(key_indent) = block {
            if content.trim().is_empty() || indent > key_indent {
                out.push_str(&values.raw(content));
                out.push_str(ending);
                continue;
            }
            block = None;
        }
        let value = &content[value_start(content)..];
        if value.starts_with(['|', '>']) && value.len() < content.len() {
            block = Some(indent);
        }
        let filled = fill_yaml_line(content, values);
        // A line split into several (one per tag) keeps the file's endings.
        let le = if ending.starts_with('\r') {
            "\r\n"
        } else {
            "\n"
        };
        out.push_str(&filled.replace('\n', le));
        out.push_str(ending);
    }
    out
}

/// A vault template with `{{name}}` (or Obsidian's `{{title}}`),
/// `{{date}}`, `{{circle}}`, `{{cadence}}`, `{{birthday}}`, `{{tags}}`,
/// `{{company}}`, `{{email}}`, `{{phone}}`, `{{location}}` filled in; a
/// value the user did not give becomes empty, as Obsidian leaves it. In the
/// front matter a value is written as YAML requires where it stands (a
/// name with `: ` or a circle with ` #` would otherwise change the YAML's
/// meaning); in the body it is written as it is.
pub fn from_template(template: &str, contact: &NewContact, today: NaiveDate) -> String {
    let values = Values::new(contact, today);
    let split = crate::note::front_matter::split(template);
    let Some(yaml) = split.yaml else {
        return values.raw(template);
    };
    // `yaml` is a slice of `template`: where it starts and ends.
    let start = yaml.as_ptr() as usize - template.as_ptr() as usize;
    let end = start + yaml.len();
    format!(
        "{}{}{}",
        values.raw(&template[..start]),
        fill_yaml(yaml, &values),
        values.raw(&template[end..])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(file_stem("Ana Lima").unwrap(), "Ana Lima");
        assert_eq!(file_stem("../../etc/passwd").unwrap(), "etcpasswd");
        assert_eq!(file_stem("/abs/path").unwrap(), "abspath");
        assert_eq!(file_stem("Dr. Who?").unwrap(), "Dr. Who");
        assert_eq!(file_stem("a:b*c|d\"e<f>g\\h").unwrap(), "abcdefgh");
        assert_eq!(file_stem("  .hidden  ").unwrap(), "hidden");
        assert_eq!(file_stem("trailing dots...").unwrap(), "trailing dots");
        assert_eq!(file_stem("tab\tand\nnewline").unwrap(), "tabandnewline");
        assert_eq!(file_stem("Zoë [[Ångström]] #1").unwrap(), "Zoë Ångström 1");
        assert!(file_stem("CON").is_err());
        assert!(file_stem("lpt1.txt").is_err());
        assert!(file_stem("...").is_err());
        assert!(file_stem("//").is_err());
        assert_eq!(file_stem(&"é".repeat(150)).unwrap().len(), 200);
    }

    #[test]
    fn built_in_template_quotes_what_yaml_would_misread() {
        let c = NewContact {
            name: "Ana: the Great".into(),
            circle: Some("mentor".into()),
            cadence: Some("6w".into()),
            birthday: Some("1988-11-30".into()),
            tags: vec!["#vip".into(), "yes".into()],
            phone: Some("5550100".into()),
            met: NaiveDate::from_ymd_opt(2026, 11, 23),
            ..NewContact::default()
        };
        let text = built_in(&c, "Ana the Great");
        assert_eq!(
            text,
            "---\nname: \"Ana: the Great\"\ncircle: mentor\ncadence: 6w\nbirthday: 1988-11-30\nphone: \"5550100\"\ntags: [vip, \"yes\"]\nmet: 2026-11-23\n---\n# Ana: the Great\n\n## Log\n"
        );
        let mut diags = Vec::new();
        let split = crate::note::front_matter::split(&text);
        let fm = crate::note::front_matter::parse(split.yaml.unwrap(), 2, "x", &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.name.as_deref(), Some("Ana: the Great"));
        assert_eq!(fm.tags, ["vip", "yes"]);
        assert_eq!(fm.phone.as_deref(), Some("5550100"));
    }

    #[test]
    fn vault_templates_fill_placeholders() {
        let c = NewContact {
            name: "Bo".into(),
            circle: Some("friend".into()),
            ..NewContact::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            from_template("---\ncircle: {{circle}}\nbirthday: {{birthday}}\nmet: {{date}}\n---\n# {{title}}\n", &c, today),
            "---\ncircle: friend\nbirthday: \nmet: 2026-11-23\n---\n# Bo\n"
        );
    }

    fn fm(text: &str) -> yaml_serde::Value {
        let split = crate::note::front_matter::split(text);
        yaml_serde::from_str(split.yaml.expect("front matter")).expect("valid YAML")
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn yaml_scalar_quotes_whatever_could_change_the_yaml() {
        for (value, want) in [
            ("mentor", "mentor"),
            ("Ana Lima", "Ana Lima"),
            ("O'Brien", "O'Brien"),
            ("1988-11-30", "1988-11-30"),
            ("friend #1", "\"friend #1\""),
            ("Ana: the Great", "\"Ana: the Great\""),
            ("a,b", "\"a,b\""),
            ("1_000", "\"1_000\""),
            ("0x1F", "\"0x1F\""),
            ("on", "\"on\""),
            ("", "\"\""),
            (
                "Acme\n---\n- 2026-11-20 <- injected",
                "\"Acme\\n---\\n- 2026-11-20 <- injected\"",
            ),
            ("a\rb\u{85}c\u{2028}d", "\"a\\rb\\u0085c\\u2028d\""),
        ] {
            assert_eq!(yaml_scalar(value), want, "{value:?}");
        }
    }

    #[test]
    fn built_in_template_keeps_an_injected_company_inside_its_value() {
        let c = NewContact {
            name: "Inj".into(),
            company: Some("Acme\n---\n- 2026-11-20 <- injected".into()),
            ..NewContact::default()
        };
        let text = built_in(&c, "Inj");
        assert_eq!(text.lines().filter(|l| *l == "---").count(), 2, "{text}");
        assert_eq!(
            fm(&text)["company"].as_str(),
            Some("Acme\n---\n- 2026-11-20 <- injected")
        );
    }

    #[test]
    fn vault_template_values_are_yaml_safe_where_they_stand() {
        let c = NewContact {
            name: "Ana: the Great".into(),
            circle: Some("friend #1".into()),
            company: Some("Say \"hi\" \\ it's".into()),
            location: Some("it's [here]".into()),
            tags: vec!["#a b".into(), "c,d".into()],
            ..NewContact::default()
        };
        let template = "---\nname: {{name}}\ncircle: {{circle}} # the circle\n\
            company: \"{{company}}\"\nlocation: '{{location}}'\ntags: [{{tags}}]\n\
            also:\n  - {{tags}}\nnote: |\n  Met {{name}}: {{company}}\nbirthday: {{birthday}}\n---\n# {{title}}\n\n{{company}} # body\n";
        let text = from_template(template, &c, today());
        let v = fm(&text);
        assert_eq!(v["name"].as_str(), Some("Ana: the Great"));
        assert_eq!(v["circle"].as_str(), Some("friend #1"));
        assert_eq!(v["company"].as_str(), Some("Say \"hi\" \\ it's"));
        assert_eq!(v["location"].as_str(), Some("it's [here]"));
        assert_eq!(v["tags"][0].as_str(), Some("a b"));
        assert_eq!(v["tags"][1].as_str(), Some("c,d"));
        assert_eq!(v["also"][1].as_str(), Some("c,d"), "{text}");
        assert_eq!(
            v["note"].as_str(),
            Some("Met Ana: the Great: Say \"hi\" \\ it's\n")
        );
        assert!(v["birthday"].is_null());
        assert!(
            text.contains("circle: \"friend #1\" # the circle\n"),
            "{text}"
        );
        assert!(
            text.ends_with("---\n# Ana: the Great\n\nSay \"hi\" \\ it's # body\n"),
            "{text}"
        );
    }

    #[test]
    fn vault_template_lines_without_placeholders_stay_byte_for_byte() {
        let template = "\u{feff}---\r\nname:   {{name}}\r\ntype:  person   # odd\r\nx: {{unknown}}\r\n---\r\n# {{name}}\r\n";
        let c = NewContact {
            name: "Bo".into(),
            ..NewContact::default()
        };
        assert_eq!(
            from_template(template, &c, today()),
            "\u{feff}---\r\nname:   Bo\r\ntype:  person   # odd\r\nx: {{unknown}}\r\n---\r\n# Bo\r\n"
        );
    }
}
