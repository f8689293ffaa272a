//! The `netkeep` binary: all the work is in the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    netkeep::cli::run(netkeep::cli::Cli::parse())
}
