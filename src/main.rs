//! The `mura` binary: parses the command line and calls one library function per
//! subcommand. Errors print as `mura: {err:#}` and exit with status 2; a closed output
//! pipe (`mura export | head`) is not an error.

mod cli;

use clap::Parser;
use cli::Cli;
use std::process::ExitCode;

/// mimalloc instead of glibc malloc: the streaming paths allocate and free millions of
/// small strings on two threads (see the comment in Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run::run(cli.command) {
        Ok(code) => code,
        Err(err)
            if err
                .downcast_ref::<mura::Error>()
                .is_some_and(mura::Error::is_broken_pipe)
                || err
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("mura: {err:#}");
            // Exit without dropping `err`: oxigraph 0.5.13 keeps a RocksDB error message
            // (allocated by C's malloc) in a CString, which Rust frees with the global
            // allocator — mimalloc here — and that crashes (found by the full-disk test of
            // `build --store`, tests/crash.rs). `exit` flushes stdout and runs no destructors.
            std::process::exit(2)
        }
    }
}
