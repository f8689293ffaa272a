//! The `netkeep` binary: all the work is in the library.

use clap::Parser;

// A report allocates hundreds of thousands of small strings on two threads
// at once; with glibc's allocator a tenth of the time went to growing its
// per-thread heaps (mprotect) and page faults. Measured on the 10k bench
// vault: ~20% less wall time, peak memory 100 -> 131 MB.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    netkeep::timings::start();
    netkeep::cli::run(netkeep::cli::Cli::parse())
}
