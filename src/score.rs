//! Scoring against hand-annotated gold (ANNOTATION.md §Scoring).
//!
//! (Stub: built in the foundation issue.)
