//! Everything netkeep writes to the vault. Edits are pure text functions
//! ([`edit`]); [`atomic::apply`] is the one place that touches disk.

pub mod agenda;
pub mod atomic;
pub mod edit;
pub mod fill_keys;
pub mod lock;
pub mod new_note;
pub mod output;
