//! Output formats beyond the gold JSON of [`crate::json`], for the tools
//! users feed cronista's results to:
//!
//! | format | module | what reads it |
//! |---|---|---|
//! | brat standoff (`.ann` beside the `.txt`) | [`brat`] | brat, INCEpTION (correction), and back with [`brat::import`] |
//! | TEI P5 XML | [`tei`] | digital-edition tools (persName, placeName, date@when, num@value, orgName) |
//! | CSV of mentions | [`csv`] | spreadsheets, pandas, databases |
//!
//! Every writer works from the gold JSON ([`JsonDoc`], code-point offsets)
//! and, where it needs the text itself, from the [`Document`]; none of them
//! can fail.
//!
//! [`JsonDoc`]: crate::json::JsonDoc
//! [`Document`]: crate::Document

pub mod brat;
pub mod csv;
pub mod tei;
