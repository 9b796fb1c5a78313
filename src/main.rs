//! The `cronista` command: a thin layer over the library. Each subcommand
//! lives in its own file under `src/cli/`. Exit codes: 0 success, 1 some
//! input or figure failed, 2 usage error.

mod cli;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Extract dates, numbers, commanders, places, armed groups and events from
/// Spanish historical chronicles, and score them against hand-annotated gold.
#[derive(Parser)]
#[command(name = "cronista", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract mentions and events from texts (files or directories of .txt).
    Extract(cli::extract::Args),
    /// Score predictions against gold (ANNOTATION.md §Scoring).
    Score(cli::score::Args),
    /// Measure throughput (MB/s per pass, end to end, 1 thread and all cores) and peak memory.
    Bench(cli::bench::Args),
    /// Turn brat .ann files (beside their .txt) back into gold JSON.
    ImportBrat(cli::import_brat::Args),
    /// List events in time order (dated first, then narrative order).
    Timeline(cli::timeline::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => cli::extract::run(args),
        Command::Score(args) => cli::score::run(args),
        Command::Bench(args) => cli::bench::run(args),
        Command::ImportBrat(args) => cli::import_brat::run(args),
        Command::Timeline(args) => cli::timeline::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("cronista: {e}");
            match e.kind {
                cronista::ErrorKind::Usage(_) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}
