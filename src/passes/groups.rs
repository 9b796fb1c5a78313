//! GROUP mentions: factions, forces named with their faction, and named units.
//!
//! (Stub: the pass is built in its own issue.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::Pass;

/// The groups pass.
#[derive(Debug, Clone)]
pub struct Groups {}

impl Groups {
    pub fn new() -> Result<Groups> {
        Ok(Groups {})
    }
}

impl Pass for Groups {
    fn name(&self) -> &'static str {
        "groups"
    }

    fn run(&self, _doc: &mut Document) {}
}
