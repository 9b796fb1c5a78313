//! `cronista import-brat`: turn brat `.ann` files (corrected in brat or
//! INCEpTION) back into gold JSON, reading each `.ann` over the `.txt`
//! beside it. Warnings (lines with no place in the gold format, mentions
//! without a value) go to stderr; a file that does not parse is an error
//! naming the file and line, and the others go on.

use cronista::input::{self, Utf8Policy};
use cronista::output::brat;
use cronista::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// `.ann` files, or directories walked for `.txt` files with an `.ann` beside them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write DIR/<doc>.json for each document instead of printing to stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

fn import_one(ann_path: &Path, out: Option<&Path>) -> Result<()> {
    let txt = ann_path.with_extension("txt");
    let ann = std::fs::read_to_string(ann_path).map_err(|e| Error::io(e, ann_path))?;
    let text = input::read_text(&txt, Utf8Policy::Strict)?;
    let name = input::doc_name(ann_path);
    let imported = brat::import(&name, &ann, &text.text, ann_path)?;
    for w in &imported.warnings {
        eprintln!("cronista: {}: {w}", ann_path.display());
    }
    let pretty = imported.doc.to_pretty();
    match out {
        Some(dir) => {
            let path = dir.join(format!("{name}.json"));
            std::fs::write(&path, pretty).map_err(|e| Error::io(e, &path))
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(pretty.as_bytes())
                .map_err(|e| Error::io(e, "stdout"))
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut anns = Vec::new();
    let mut errors = Vec::new();
    for p in &args.paths {
        if p.is_dir() {
            let (texts, errs) = input::collect_texts(std::slice::from_ref(p));
            errors.extend(errs);
            anns.extend(
                texts
                    .into_iter()
                    .map(|t| t.with_extension("ann"))
                    .filter(|a| a.exists()),
            );
        } else {
            anns.push(p.clone());
        }
    }
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(e, dir))?;
    }
    for a in &anns {
        if let Err(e) = import_one(a, args.out.as_deref()) {
            errors.push(e);
        }
    }
    Ok(super::report(&errors))
}
