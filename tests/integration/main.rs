//! The one integration test binary. Each area has a module; table tests read
//! their cases from `tests/data/*.tsv` (a `#` header names the columns).

#[macro_use]
mod util;

mod groups;
mod names;
mod tokenize;
