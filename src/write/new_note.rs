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

/// The file stem for a contact named `name`: separators, characters invalid
/// on Windows or macOS and control characters removed, no leading dot (a
/// hidden file), no trailing dot or space, not a reserved device name, at
/// most 200 bytes. The result can never name a path outside its folder.
pub fn file_stem(name: &str) -> Result<String, String> {
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
        return Err(format!("`{name}` leaves no usable file name"));
    }
    let base = stem
        .split('.')
        .next()
        .unwrap_or(&stem)
        .trim()
        .to_lowercase();
    if RESERVED.contains(&base.as_str()) {
        return Err(format!("`{name}` is a name Windows reserves for a device"));
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

/// A YAML scalar for `value`: plain when that is safe, else double-quoted
/// (a JSON string is valid YAML).
fn yaml_scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value == value.trim()
        && !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !matches!(
            value.to_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "~"
        )
        && value.parse::<f64>().is_err();
    if plain {
        value.to_string()
    } else {
        serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
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

/// A vault template with `{{name}}` (or Obsidian's `{{title}}`),
/// `{{date}}`, `{{circle}}`, `{{cadence}}`, `{{birthday}}`, `{{tags}}`,
/// `{{company}}`, `{{email}}`, `{{phone}}`, `{{location}}` filled in; a
/// value the user did not give becomes empty, as Obsidian leaves it.
pub fn from_template(template: &str, contact: &NewContact, today: NaiveDate) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let met = contact.met.unwrap_or(today).to_string();
    [
        ("{{name}}", contact.name.clone()),
        ("{{title}}", contact.name.clone()),
        ("{{date}}", met),
        ("{{circle}}", opt(&contact.circle)),
        ("{{cadence}}", opt(&contact.cadence)),
        ("{{birthday}}", opt(&contact.birthday)),
        ("{{tags}}", contact.tags.join(", ")),
        ("{{company}}", opt(&contact.company)),
        ("{{email}}", opt(&contact.email)),
        ("{{phone}}", opt(&contact.phone)),
        ("{{location}}", opt(&contact.location)),
    ]
    .iter()
    .fold(template.to_string(), |text, (key, value)| {
        text.replace(key, value)
    })
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
}
