//! The one integration test binary. Each area has a module; table tests read
//! their cases from `tests/data/*.tsv` (a `#` header names the columns).

#[macro_use]
mod util;

mod batch;
mod cli;
mod formats;
mod gold;
mod numbers;
mod events;
mod groups;
mod names;
mod tokenize;
mod dates;
mod score;
