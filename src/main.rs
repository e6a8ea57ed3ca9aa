//! The `article-viewer` binary: parse the command line, run it, report errors.
//!
//! Everything else lives in the library so tests can build the app without a process.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = article_viewer::cli::Cli::parse();
    match article_viewer::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
