//! The subcommands, one file each.

pub mod extract;
pub mod score;

use cronista::pipeline::{Config, DataFile};
use cronista::{Error, Result};
use std::path::PathBuf;

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
                    Ok(DataFile { name: p.display().to_string(), contents })
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
