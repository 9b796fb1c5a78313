//! DATE mentions: calendar points, ranges and times of day, normalized to TIMEX3 values and resolved against the narrative.
//!
//! (Stub: the pass is built in its own issue.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::Pass;

/// The dates pass.
#[derive(Debug, Clone)]
pub struct Dates {}

impl Dates {
    pub fn new() -> Result<Dates> {
        Ok(Dates {})
    }
}

impl Pass for Dates {
    fn name(&self) -> &'static str {
        "dates"
    }

    fn run(&self, _doc: &mut Document) {}
}
