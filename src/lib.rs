//! cronista reads Spanish historical chronicles and turns them into
//! structured data: dates, numbers, commanders, places, armed groups, and
//! the events that link them.
//!
//! # Contents
//!
//! The modules follow the data flow:
//!
//! | step | module | what it does |
//! |---|---|---|
//! | model | [`document`] | the text (never mutated), spans in bytes, the layers passes add |
//! | 1 | [`tokenize`] | paragraphs, tokens with folded forms, sentences |
//! | 2 | [`passes::dates`] | DATE mentions resolved against the narrative |
//! | 3 | [`passes::numbers`] | NUMBER mentions with unit and hedge |
//! | 4 | [`passes::names`] | PERSON and PLACE mentions linked to canonical entities |
//! | 5 | [`passes::groups`] | GROUP mentions with their side |
//! | 6 | [`passes::events`] | events and their arguments |
//! | order | [`pipeline`] | the pass order, in one place; [`Pipeline`] runs it |
//! | output | [`json`] | the gold format (code points at this boundary only, via [`offsets`]) |
//! | formats | [`output`] | brat standoff (and back), TEI P5, CSV |
//! | batch | [`batch`] | parallel, ordered, bounded-memory runs; JSON Lines records; run summary |
//! | evaluation | [`score`] | ANNOTATION.md §Scoring |
//! | input | [`input`] | finding texts, decoding with clear errors, metadata |
//! | support | [`data`], [`fold`], [`word_table`], [`error`] | rule tables, accent folding, fast word lookup, errors |
//! | support | [`morphology`] | Spanish verb forms from lemmas, for the event lexicon |
//! | output | [`timeline`] | events in time order (`cronista timeline`) |
//!
//! # Example
//!
//! ```
//! use cronista::{json::JsonDoc, Meta, Pipeline};
//!
//! let pipeline = Pipeline::new()?;
//! let doc = pipeline.process("ejemplo", "Belgrano llegó a Potosí. Luego siguió.", Meta::default());
//! assert_eq!(doc.sentences.len(), 2);
//! // Spans are bytes inside the library…
//! let first = &doc.tokens[0];
//! assert_eq!(doc.slice(first.span), "Belgrano");
//! // …and code points in the JSON.
//! let json = JsonDoc::from_document(&doc);
//! assert_eq!(json.doc, "ejemplo");
//! # Ok::<(), cronista::Error>(())
//! ```

pub mod batch;
pub mod data;
pub mod document;
pub mod error;
pub mod fold;
pub mod gazetteer;
pub mod input;
pub mod json;
pub mod morphology;
pub mod offsets;
pub mod output;
pub mod passes;
pub mod pipeline;
pub mod score;
pub mod timeline;
pub mod tokenize;
pub mod word_table;

pub use document::{Document, Meta, Span};
pub use error::{Error, ErrorKind, Result};
pub use pipeline::{Config, Pass, Pipeline};
