//! The `netkeep` binary: all the work is in the library.

// A report allocates hundreds of thousands of small strings on two threads
// at once; with glibc's allocator a tenth of the time went to growing its
// per-thread heaps (mprotect) and page faults. Measured on the 10k bench
// vault: ~25% less wall time than glibc. mimalloc 2 rather than 3 (the
// crate's `v2` feature): as fast or faster here, and 3 kept 25-40 MB more
// committed (peak 120 MB rather than 141-155 MB for `list --format json`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    netkeep::timings::start();
    netkeep::cli::run(netkeep::cli::parse())
}
