//! `cronista extract`: run the pipeline over files and directories and
//! write the gold-format JSON of each document.

use super::PipelineArgs;
use cronista::input::{self, Utf8Policy};
use cronista::json::JsonDoc;
use cronista::{Error, Pipeline, Result};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Text files, or directories walked recursively for .txt files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write DIR/<doc>.json for each document instead of printing to stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Replace bytes that are not UTF-8 with U+FFFD (and say so) instead of
    /// rejecting the file.
    #[arg(long)]
    pub lossy: bool,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The gold format, one document per file (pretty, one mention per line).
    Json,
    /// One document per line.
    Jsonl,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = Pipeline::with_config(&args.pipeline.config()?)?;
    let policy = if args.lossy { Utf8Policy::Lossy } else { Utf8Policy::Strict };
    let (files, mut errors) = input::collect_texts(&args.paths);
    // Two inputs with the same stem would write the same output file.
    let mut by_name: HashMap<String, &PathBuf> = HashMap::new();
    let mut unique = Vec::new();
    for f in &files {
        let name = input::doc_name(f);
        match by_name.get(&name) {
            Some(first) => errors.push(Error::usage(format!(
                "{}: document name `{name}` already taken by {}; skipped",
                f.display(),
                first.display()
            ))),
            None => {
                by_name.insert(name, f);
                unique.push(f.clone());
            }
        }
    }
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(e, dir))?;
    }
    let results: Vec<Result<(String, JsonDoc)>> = unique
        .par_iter()
        .map(|path| {
            let text = input::read_text(path, policy)?;
            if text.replaced {
                eprintln!("cronista: {}: invalid UTF-8 replaced with U+FFFD (--lossy)", path.display());
            }
            let meta = input::read_meta(path)?;
            let name = input::doc_name(path);
            let doc = pipeline.process(&name, &text.text, meta);
            Ok((name, JsonDoc::from_document(&doc)))
        })
        .collect();
    for r in results {
        match r {
            Ok((name, json)) => {
                let rendered = match args.format {
                    Format::Json => json.to_pretty(),
                    Format::Jsonl => json.to_line() + "\n",
                };
                match &args.out {
                    Some(dir) => {
                        let ext = if args.format == Format::Jsonl { "jsonl" } else { "json" };
                        let path = dir.join(format!("{name}.{ext}"));
                        if let Err(e) = std::fs::write(&path, rendered) {
                            errors.push(Error::io(e, &path));
                        }
                    }
                    None => print!("{rendered}"),
                }
            }
            Err(e) => errors.push(e),
        }
    }
    for e in &errors {
        eprintln!("cronista: {e}");
    }
    Ok(if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
