//! Events: triggers of the seven event types and their arguments.
//!
//! (Stub: the pass is built in its own issue.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::Pass;

/// The events pass.
#[derive(Debug, Clone)]
pub struct Events {}

impl Events {
    pub fn new() -> Result<Events> {
        Ok(Events {})
    }
}

impl Pass for Events {
    fn name(&self) -> &'static str {
        "events"
    }

    fn run(&self, _doc: &mut Document) {}
}
