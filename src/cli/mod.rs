//! The subcommands, one file each.

pub mod bench;
pub mod extract;
pub mod import_brat;
pub mod score;
pub mod timeline;

use cronista::pipeline::{Config, DataFile};
use cronista::{Error, Result};
use std::path::PathBuf;
use std::process::ExitCode;

/// Prints each error on its own line (naming its file) and gives the exit
/// code: 0 when there were none, 1 otherwise.
pub fn report(errors: &[Error]) -> ExitCode {
    for e in errors {
        eprintln!("cronista: {e}");
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Options every command that builds a pipeline shares.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct PipelineArgs {
    /// Extra persons gazetteer (TSV with the columns of data/persons.tsv).
    #[arg(long = "persons", value_name = "FILE")]
    pub persons: Vec<PathBuf>,
    /// Extra places gazetteer (TSV with the columns of data/places.tsv).
    #[arg(long = "places", value_name = "FILE")]
    pub places: Vec<PathBuf>,
}

impl PipelineArgs {
    pub fn config(&self) -> Result<Config> {
        let read = |paths: &[PathBuf]| -> Result<Vec<DataFile>> {
            paths
                .iter()
                .map(|p| {
                    let contents = std::fs::read_to_string(p).map_err(|e| Error::io(e, p))?;
                    Ok(DataFile {
                        name: p.display().to_string(),
                        contents,
                    })
                })
                .collect()
        };
        Ok(Config {
            extra_persons: read(&self.persons)?,
            extra_places: read(&self.places)?,
            without_builtin_gazetteers: false,
        })
    }
}
