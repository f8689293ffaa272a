//! netkeep keeps a person's network warm from a folder of Markdown notes.
//!
//! The data flows one way, and the modules follow it:
//! [`vault`] finds and reads the files → [`note`] parses one note from its
//! text → [`index`] gathers contacts and their touches → [`plan`] decides
//! (pure functions of index, config and today) → [`render`] prints text,
//! Markdown, JSON or CSV → [`cli`] wires it to the command line.
//! [`write`] owns every change to a file (pure text edits, one atomic
//! write), and [`watch`] keeps the index current file by file.

pub mod cli;
pub mod config;
pub mod dates;
pub mod diagnostic;
pub mod index;
pub mod note;
pub mod plan;
pub mod render;
pub mod vault;
pub mod watch;
pub mod write;
