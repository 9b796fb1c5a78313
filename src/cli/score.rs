//! `cronista score`: score predictions against gold.
//!
//! (Stub: built in the foundation issue.)

use cronista::{Error, Result};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitCode> {
    Err(Error::usage("score is not built yet"))
}
