//! One note: its model (what the index and reports read) apart from its
//! parsing (text in, note out, no I/O).

pub mod body;
pub mod entries;
mod fields;
pub mod front_matter;
pub mod inline;
mod model;
mod parse;
mod properties;

pub use entries::{Entries, EntrySource};
pub use front_matter::{FrontLink, FrontMatter, Status};
#[cfg(feature = "cache")]
pub(crate) use model::NoteParts;
pub use model::{id_of, DirectionCounts, Entry, EntryKind, Link, LinkingEntry, Note};
pub use parse::{marked_as_contact, parse, ParseContext, BUILT_IN_CONTACT_TYPES};
