//! NUMBER mentions: cardinals and ordinals in digits and words, with the counted unit and hedges.
//!
//! (Stub: the pass is built in its own issue.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::Pass;

/// The numbers pass.
#[derive(Debug, Clone)]
pub struct Numbers {}

impl Numbers {
    pub fn new() -> Result<Numbers> {
        Ok(Numbers {})
    }
}

impl Pass for Numbers {
    fn name(&self) -> &'static str {
        "numbers"
    }

    fn run(&self, _doc: &mut Document) {}
}
