//! The pass order, in one place, and the pipeline that runs it.
//!
//! A [`Pass`] is built once (its `new()` parses data files, compiles
//! regexes, builds automata: everything that can fail), is `Send + Sync`,
//! and its `run` cannot fail: it only adds layers to a [`Document`]. One
//! [`Pipeline`] serves every document of a batch, from every thread.
//!
//! Order matters: later passes see what earlier ones found, and an earlier
//! mention wins a clash ([`Document::add_mention`]), so DATE takes the
//! digits of `el 19 de octubre` before NUMBER sees them, and the names
//! passes run before GROUP so that a unit can hold a nested PERSON/PLACE.

use crate::document::{Document, Meta};
use crate::error::Result;
use crate::passes::{dates::Dates, events::Events, groups::Groups, names::Names, numbers::Numbers};
use crate::tokenize::Tokenizer;

/// One stage of the pipeline.
pub trait Pass: Send + Sync {
    /// A short name (`tokenize`, `dates`, …) for benchmarks and logs.
    fn name(&self) -> &'static str;
    /// Adds this pass's layer to `doc`. Never fails, never panics on any text.
    fn run(&self, doc: &mut Document);
}

/// A user-supplied data file extending a built-in table.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// The path or name used in error messages.
    pub name: String,
    pub contents: String,
}

/// What a pipeline is built from beyond the built-in data.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Extra rows for `data/persons.tsv` (same columns).
    pub extra_persons: Vec<DataFile>,
    /// Extra rows for `data/places.tsv` (same columns).
    pub extra_places: Vec<DataFile>,
    /// Build the names passes without the built-in gazetteers, so tests can
    /// show what the patterns alone find.
    pub without_builtin_gazetteers: bool,
}

/// The passes, in order.
pub struct Pipeline {
    passes: Vec<Box<dyn Pass>>,
}

impl Pipeline {
    /// Builds every pass with the built-in data.
    pub fn new() -> Result<Pipeline> {
        Pipeline::with_config(&Config::default())
    }

    /// Builds every pass; fails only on malformed data.
    pub fn with_config(config: &Config) -> Result<Pipeline> {
        // THE PASS ORDER. Change it here and nowhere else.
        let passes: Vec<Box<dyn Pass>> = vec![
            Box::new(Tokenizer::new()?),
            Box::new(Dates::new()?),
            Box::new(Numbers::new()?),
            Box::new(Names::new(config)?),
            Box::new(Groups::new()?),
            Box::new(Events::new()?),
        ];
        Ok(Pipeline { passes })
    }

    /// The passes in run order.
    pub fn passes(&self) -> impl Iterator<Item = &dyn Pass> {
        self.passes.iter().map(|p| p.as_ref())
    }

    /// Runs every pass over `doc`.
    pub fn run(&self, doc: &mut Document) {
        for pass in &self.passes {
            pass.run(doc);
        }
    }

    /// Builds a document from a text and runs every pass over it.
    pub fn process(&self, name: &str, text: &str, meta: Meta) -> Document {
        let mut doc = Document::new(name, text, meta);
        self.run(&mut doc);
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Pipeline>();
    }
}
