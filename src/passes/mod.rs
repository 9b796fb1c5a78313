//! The extraction passes after tokenization, one file each, in pipeline
//! order (see [`crate::pipeline`]): DATE, NUMBER, the names (PERSON and
//! PLACE, which share gazetteer matching and disambiguate each other),
//! GROUP, and the events that link them.

pub mod dates;
pub mod events;
pub mod groups;
pub mod names;
pub mod numbers;
