//! Generates a large export for trying `netkeep import` at scale, by hand:
//! `cargo run --release --example gen_import -- FILE [ROWS] [linkedin|vcard]`.
//!
//! LinkedIn rows (with the `Notes:` preamble) or vCard 3.0 cards, each a
//! distinct person with a unique name and e-mail; every 50th is the same
//! person as the row before (another case), so merging shows too. The same
//! arguments give the same bytes.

// A tool run by hand: a panic names what went wrong, which is enough.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

const FIRST: &[&str] = &[
    "Ana", "Ben", "Cara", "Dev", "Eve", "Farah", "Goran", "Hana", "Ivo", "Jia", "Kofi", "Lena",
    "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tomás", "Uma", "Viktor", "Wen",
];
const LAST: &[&str] = &[
    "Lima", "Okafor", "Diaz", "Patel", "Stone", "Haddad", "Novak", "Sato", "Petrov", "Chen",
    "Mensah", "Berg", "Rossi", "Adeyemi", "Khan", "Raman", "Walsh", "Ortiz", "Nguyen", "Müller",
];
const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args.first().expect("FILE");
    let rows: usize = args.get(1).map_or(50_000, |n| n.parse().expect("ROWS"));
    let vcard = args.get(2).is_some_and(|s| s == "vcard");
    let mut out = String::new();
    if !vcard {
        out.push_str("Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    }
    for i in 0..rows {
        // Every 50th row is the row before again, written in lower case.
        let n = if i % 50 == 49 { i - 1 } else { i };
        let mut first = format!("{} {}", FIRST[n % FIRST.len()], n / FIRST.len());
        let mut last = LAST[n % LAST.len()].to_string();
        if n != i {
            first = first.to_lowercase();
            last = last.to_lowercase();
        }
        let email = format!("person{n}@example.com");
        if vcard {
            write!(
                out,
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{first} {last}\r\nN:{last};{first};;;\r\nEMAIL:{email}\r\nTEL:+1 555 {:07}\r\nORG:Company {}\r\nBDAY:--{:02}{:02}\r\nEND:VCARD\r\n",
                n, n % 997, n % 12 + 1, n % 28 + 1
            )
            .unwrap();
        } else {
            writeln!(
                out,
                "{first},{last},https://www.linkedin.com/in/p{n},{email},Company {},Engineer,{:02} {} {}",
                n % 997,
                n % 28 + 1,
                MONTHS[n % 12],
                2010 + n % 15
            )
            .unwrap();
        }
    }
    std::fs::write(file, out).unwrap();
}
