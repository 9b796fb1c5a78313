//! `cronista timeline`: run the pipeline over files and directories and
//! list their events in time order, one row per event (CSV or JSON); see
//! [`cronista::timeline`].

use super::PipelineArgs;
use cronista::input::{self, Utf8Policy};
use cronista::timeline::{self, Row};
use cronista::{Error, Pipeline, Result};
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Text files, or directories walked recursively for .txt files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Replace bytes that are not UTF-8 with U+FFFD instead of rejecting the file.
    #[arg(long)]
    pub lossy: bool,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A header line, then one row per event; multi-valued cells joined with `; `.
    Csv,
    /// A JSON array of rows.
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = Pipeline::with_config(&args.pipeline.config()?)?;
    let policy = if args.lossy {
        Utf8Policy::Lossy
    } else {
        Utf8Policy::Strict
    };
    let (files, mut errors) = input::collect_texts(&args.paths);
    let results: Vec<Result<Vec<Row>>> = files
        .par_iter()
        .enumerate()
        .map(|(order, path)| {
            let text = input::read_text(path, policy)?;
            let meta = input::read_meta(path)?;
            let doc = pipeline.process(&input::doc_name(path), &text.text, meta);
            Ok(timeline::rows(&doc, order))
        })
        .collect();
    let mut rows = Vec::new();
    for r in results {
        match r {
            Ok(mut rs) => rows.append(&mut rs),
            Err(e) => errors.push(e),
        }
    }
    timeline::sort(&mut rows);
    let mut out = String::new();
    match args.format {
        Format::Csv => {
            out.push_str(timeline::CSV_HEADER);
            out.push('\n');
            for row in &rows {
                out.push_str(&timeline::to_csv(row));
                out.push('\n');
            }
        }
        Format::Json => {
            out = serde_json::to_string_pretty(&rows)
                .map_err(|e| Error::usage(format!("JSON: {e}")))?;
            out.push('\n');
        }
    }
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes());
    Ok(super::report(&errors))
}
