//! The one integration test binary. Each area has a module; table tests read
//! their cases from `tests/data/*.tsv` (a `#` header names the columns).

#[macro_use]
mod util;

mod batch;
mod cli;
mod dates;
mod events;
mod formats;
mod gold;
mod groups;
mod names;
mod numbers;
mod score;
mod tokenize;
