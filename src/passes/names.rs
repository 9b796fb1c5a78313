//! PERSON and PLACE mentions, from gazetteers and name patterns, linked to canonical entities.
//!
//! (Stub: the pass is built in its own issue.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::Pass;

/// The names pass.
#[derive(Debug, Clone)]
pub struct Names {}

impl Names {
    pub fn new(_config: &crate::pipeline::Config) -> Result<Names> {
        Ok(Names {})
    }
}

impl Pass for Names {
    fn name(&self) -> &'static str {
        "names"
    }

    fn run(&self, _doc: &mut Document) {}
}
