//! The JSON contract (ANNOTATION.md §Files): the format that system output
//! and hand gold share.
//!
//! Offsets in JSON are Unicode code points, half-open, into the exact text.
//! This module is the only place that converts them, through one
//! [`OffsetConverter`] per document. Reading checks what a hand-edited file
//! can get wrong: unknown types and roles, duplicate ids, offsets outside the
//! text, a `text` that is not the slice its offsets point at (the error names
//! the file and the mention id), and event arguments that point nowhere.

use crate::document::{
    Argument, Document, Event, EventType, Mention, MentionType, MentionValue, Meta, Role, Span,
};
use crate::error::{Error, ErrorKind, Result};
use crate::offsets::OffsetConverter;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One document in the gold format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonDoc {
    pub doc: String,
    #[serde(default)]
    pub mentions: Vec<JsonMention>,
    #[serde(default)]
    pub events: Vec<JsonEvent>,
}

/// A mention: the common fields, then the type-specific ones (absent when
/// they do not apply). `lat`, `lon` and `wikidata` are cronista's extra
/// fields; the scorer ignores them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonMention {
    pub id: String,
    #[serde(rename = "type")]
    pub mention_type: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approx: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub trigger: JsonTrigger,
    #[serde(default)]
    pub args: Vec<JsonArg>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonTrigger {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonArg {
    pub role: String,
    #[serde(rename = "ref")]
    pub reference: String,
}

impl JsonMention {
    /// A mention with its common fields and no type-specific ones.
    pub fn new(
        id: String,
        mention_type: impl Into<String>,
        start: usize,
        end: usize,
        text: impl Into<String>,
    ) -> JsonMention {
        JsonMention {
            id,
            mention_type: mention_type.into(),
            start,
            end,
            text: text.into(),
            value: None,
            kind: None,
            unit: None,
            approx: None,
            entity: None,
            title: None,
            feature: None,
            side: None,
            lat: None,
            lon: None,
            wikidata: None,
        }
    }
}

/// A JSON number for a value: an integer when it is one (`900`, not `900.0`).
pub fn number_value(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

impl JsonDoc {
    /// The JSON form of a processed document. Mention ids are `T1…` in text
    /// order, event ids `E1…` in narrative order.
    pub fn from_document(doc: &Document) -> JsonDoc {
        let conv = OffsetConverter::new(doc.text());
        let mentions = doc
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| mention_to_json(doc, &conv, i, m))
            .collect();
        let events = doc
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| JsonEvent {
                id: numbered_id('E', i + 1),
                event_type: e.kind.as_str().to_string(),
                trigger: JsonTrigger {
                    start: conv.to_chars(e.trigger.start),
                    end: conv.to_chars(e.trigger.end),
                    text: doc.slice(e.trigger).to_string(),
                },
                args: e
                    .args
                    .iter()
                    .map(|a| JsonArg {
                        role: a.role.as_str().to_string(),
                        reference: numbered_id('T', a.mention + 1),
                    })
                    .collect(),
            })
            .collect();
        JsonDoc {
            doc: doc.name().to_string(),
            mentions,
            events,
        }
    }

    /// `JsonDoc::from_document(doc).to_pretty()`, written straight from
    /// the document without building the [`JsonMention`]s (their strings
    /// were most of the json output's time: mallocs and frees).
    pub fn document_pretty(doc: &Document) -> String {
        write_document(doc, &PRETTY)
    }

    /// `JsonDoc::from_document(doc).to_line()`, written straight from the
    /// document (see [`JsonDoc::document_pretty`]).
    pub fn document_line(doc: &Document) -> String {
        write_document(doc, &LINE)
    }

    /// Parses a JSON document; errors name `path`.
    pub fn parse(source: &str, path: &Path) -> Result<JsonDoc> {
        serde_json::from_str(source)
            .map_err(|e| Error::json(path, format!("not a gold-format document: {e}")))
    }

    /// Reads and parses a JSON file.
    pub fn read(path: &Path) -> Result<JsonDoc> {
        let source = std::fs::read_to_string(path).map_err(|e| Error::io(e, path))?;
        JsonDoc::parse(&source, path)
    }

    /// Checks the document against the contract, without its text: known
    /// types and roles, unique ids, `start <= end`, arguments that point at
    /// mentions.
    pub fn check_structure(&self, path: &Path) -> Result<()> {
        let mut ids = HashSet::new();
        let mention_ids: HashSet<&str> = self.mentions.iter().map(|m| m.id.as_str()).collect();
        for m in &self.mentions {
            if MentionType::parse(&m.mention_type).is_none() {
                return Err(Error::json(
                    path,
                    format!("mention {}: unknown type {:?}", m.id, m.mention_type),
                ));
            }
            if m.start > m.end {
                return Err(Error::json(
                    path,
                    format!("mention {}: start {} after end {}", m.id, m.start, m.end),
                ));
            }
            if !ids.insert(m.id.as_str()) {
                return Err(Error::json(path, format!("duplicate id {}", m.id)));
            }
        }
        for e in &self.events {
            if EventType::parse(&e.event_type).is_none() {
                return Err(Error::json(
                    path,
                    format!("event {}: unknown type {:?}", e.id, e.event_type),
                ));
            }
            if !ids.insert(e.id.as_str()) {
                return Err(Error::json(path, format!("duplicate id {}", e.id)));
            }
            for a in &e.args {
                if Role::parse(&a.role).is_none() {
                    return Err(Error::json(
                        path,
                        format!("event {}: unknown role {:?}", e.id, a.role),
                    ));
                }
                if !mention_ids.contains(a.reference.as_str()) {
                    return Err(Error::json(
                        path,
                        format!(
                            "event {}: argument refers to unknown mention {}",
                            e.id, a.reference
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Checks structure and that every `text` equals the code-point slice of
    /// `text`; errors name `path` and the mention (or event) id.
    pub fn check_against(&self, text: &str, path: &Path) -> Result<()> {
        self.check_structure(path)?;
        let conv = OffsetConverter::new(text);
        let slice = |id: &str, start: usize, end: usize, expected: &str| -> Result<()> {
            let (Some(s), Some(e)) = (conv.to_bytes(start), conv.to_bytes(end)) else {
                return Err(Error::json(
                    path,
                    format!(
                        "{id}: offsets {start}..{end} are outside the text ({} code points)",
                        conv.char_len()
                    ),
                ));
            };
            if &text[s..e] != expected {
                return Err(Error::at(
                    ErrorKind::TextMismatch {
                        id: id.to_string(),
                        expected: expected.to_string(),
                        found: text[s..e].to_string(),
                    },
                    path,
                ));
            }
            Ok(())
        };
        for m in &self.mentions {
            slice(&m.id, m.start, m.end, &m.text)?;
        }
        for e in &self.events {
            slice(&e.id, e.trigger.start, e.trigger.end, &e.trigger.text)?;
        }
        Ok(())
    }

    /// Builds a [`Document`] (byte spans) from this JSON and its text, after
    /// checking it. Tokens are not built; run a pipeline for them.
    pub fn to_document(&self, text: &str, meta: Meta, path: &Path) -> Result<Document> {
        self.check_against(text, path)?;
        let conv = OffsetConverter::new(text);
        let bytes = |cp: usize| conv.to_bytes(cp).expect("checked");
        let mut doc = Document::new(self.doc.clone(), text, meta);
        // Mentions in text order; the id → index map serves the events.
        let mut order: Vec<&JsonMention> = self.mentions.iter().collect();
        order.sort_by_key(|m| (m.start, m.end));
        let mut index = HashMap::new();
        for m in order {
            let span = Span::new(bytes(m.start), bytes(m.end));
            let value = json_to_value(m)
                .map_err(|msg| Error::json(path, format!("mention {}: {msg}", m.id)))?;
            index.insert(m.id.clone(), doc.mentions.len());
            doc.push_mention_unchecked(Mention { span, value });
        }
        for e in &self.events {
            doc.events.push(Event {
                kind: EventType::parse(&e.event_type).expect("checked"),
                trigger: Span::new(bytes(e.trigger.start), bytes(e.trigger.end)),
                args: e
                    .args
                    .iter()
                    .map(|a| Argument {
                        role: Role::parse(&a.role).expect("checked"),
                        mention: index[&a.reference],
                    })
                    .collect(),
            });
        }
        Ok(doc)
    }

    /// The document as pretty JSON with one mention or event per line, so
    /// that gold files diff line by line.
    pub fn to_pretty(&self) -> String {
        // Each item is written straight into the one buffer, not into a
        // String of its own that is then copied (to_pretty 14.8 M → 11.1 M
        // instructions, callgrind on /tmp/bench-small; 6.1 M with the
        // direct writer below).
        let mut out: Vec<u8> = Vec::with_capacity(256 + 200 * self.mentions.len());
        out.extend_from_slice(b"{\n  \"doc\": ");
        serde_json::to_writer(&mut out, &self.doc).expect("string");
        out.extend_from_slice(b",\n  \"mentions\": [");
        push_lines(&mut out, &self.mentions, JsonMention::write_compact);
        out.extend_from_slice(b"],\n  \"events\": [");
        push_lines(&mut out, &self.events, JsonEvent::write_compact);
        out.extend_from_slice(b"]\n}\n");
        String::from_utf8(out).expect("JSON of strings is UTF-8")
    }

    /// The document on one line (JSON Lines output): what serde_json writes
    /// for the derived `Serialize`, written directly (see
    /// [`JsonMention::write_compact`]).
    pub fn to_line(&self) -> String {
        let mut out: Vec<u8> = Vec::with_capacity(64 + 200 * self.mentions.len());
        out.extend_from_slice(b"{\"doc\":");
        write_json_str(&mut out, &self.doc);
        out.extend_from_slice(b",\"mentions\":[");
        for (i, m) in self.mentions.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            m.write_compact(&mut out);
        }
        out.extend_from_slice(b"],\"events\":[");
        for (i, e) in self.events.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            e.write_compact(&mut out);
        }
        out.extend_from_slice(b"]}");
        String::from_utf8(out).expect("JSON of strings is UTF-8")
    }
}

// Compact JSON written field by field, byte for byte what serde_json writes
// for the derived `Serialize` (same field order, `None` fields skipped, the
// same string escaping, integer and float formatting, which are serde_json's
// own functions here). The keys are constant ASCII, so they are written as
// they are instead of going through serde_json's escaping one by one.
// Measured with callgrind on /tmp/bench-small: `to_line` 11.1 M → 6.1 M
// instructions, `to_pretty` 11.1 M → 6.1 M. The tests below check it
// against serde_json on random documents.

/// A JSON string, escaped by serde_json. serde_json escapes only the
/// control bytes, `"` and `\`; a string with none of them (almost every
/// one) is copied between its quotes as it is, without serde_json's byte
/// by byte escaping loop and its call overhead (json output on
/// /tmp/bench-small 9.9 M → 8.3 M instructions, callgrind, with the
/// forward offset walk of [`start_chars`]).
fn write_json_str(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s.as_bytes()) {
        serde_json::to_writer(&mut *out, s).expect("a string serializes");
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// Whether `bytes` hold a byte serde_json escapes (below 0x20, `"`, `\\`),
/// eight at a time: a word has a byte below `n` if `(x - n·0x01…) & !x &
/// 0x80…` is not zero (no false negatives; a false positive only sends
/// the string through serde_json, which writes it the same).
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(n * ONES) & !x & HIGH != 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        if below(x, 0x20)
            || below(x ^ (b'"' as u64 * ONES), 1)
            || below(x ^ (b'\\' as u64 * ONES), 1)
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// A non-negative integer, as serde_json writes it (itoa).
fn write_json_uint(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// `,"key":` and the string, for an optional string field (as
/// [`write_opt`] writes it).
fn write_opt_str(out: &mut Vec<u8>, key: &[u8], value: Option<&str>) {
    if let Some(v) = value {
        out.extend_from_slice(key);
        write_json_str(out, v);
    }
}

/// `,"key":` and the value, for an optional field.
fn write_opt<T: Serialize + ?Sized>(out: &mut Vec<u8>, key: &[u8], value: Option<&T>) {
    if let Some(v) = value {
        out.extend_from_slice(key);
        serde_json::to_writer(&mut *out, v).expect("a value serializes");
    }
}

impl JsonMention {
    /// This mention as compact JSON, as `serde_json::to_writer` writes it.
    pub fn write_compact(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        write_json_str(out, &self.id);
        out.extend_from_slice(b",\"type\":");
        write_json_str(out, &self.mention_type);
        out.extend_from_slice(b",\"start\":");
        write_json_uint(out, self.start);
        out.extend_from_slice(b",\"end\":");
        write_json_uint(out, self.end);
        out.extend_from_slice(b",\"text\":");
        write_json_str(out, &self.text);
        write_opt(out, b",\"value\":", self.value.as_ref());
        write_opt_str(out, b",\"kind\":", self.kind.as_deref());
        write_opt_str(out, b",\"unit\":", self.unit.as_deref());
        write_opt(out, b",\"approx\":", self.approx.as_ref());
        write_opt_str(out, b",\"entity\":", self.entity.as_deref());
        write_opt_str(out, b",\"title\":", self.title.as_deref());
        write_opt_str(out, b",\"feature\":", self.feature.as_deref());
        write_opt_str(out, b",\"side\":", self.side.as_deref());
        write_opt(out, b",\"lat\":", self.lat.as_ref());
        write_opt(out, b",\"lon\":", self.lon.as_ref());
        write_opt_str(out, b",\"wikidata\":", self.wikidata.as_deref());
        out.push(b'}');
    }
}

impl JsonEvent {
    /// This event as compact JSON, as `serde_json::to_writer` writes it.
    pub fn write_compact(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        write_json_str(out, &self.id);
        out.extend_from_slice(b",\"type\":");
        write_json_str(out, &self.event_type);
        out.extend_from_slice(b",\"trigger\":{\"start\":");
        write_json_uint(out, self.trigger.start);
        out.extend_from_slice(b",\"end\":");
        write_json_uint(out, self.trigger.end);
        out.extend_from_slice(b",\"text\":");
        write_json_str(out, &self.trigger.text);
        out.extend_from_slice(b"},\"args\":[");
        for (i, a) in self.args.iter().enumerate() {
            out.extend_from_slice(if i == 0 {
                b"{\"role\":"
            } else {
                b",{\"role\":"
            });
            write_json_str(out, &a.role);
            out.extend_from_slice(b",\"ref\":");
            write_json_str(out, &a.reference);
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
    }
}

/// The punctuation between the parts of a document's JSON: the pretty
/// layout of the gold files (one mention per line) or one line.
struct Layout {
    open: &'static [u8],
    mentions: &'static [u8],
    first_item: &'static [u8],
    next_item: &'static [u8],
    /// Before a list's closing bracket, when the list is not empty.
    list_end: &'static [u8],
    events: &'static [u8],
    close: &'static [u8],
}

const PRETTY: Layout = Layout {
    open: b"{\n  \"doc\": ",
    mentions: b",\n  \"mentions\": [",
    first_item: b"\n    ",
    next_item: b",\n    ",
    list_end: b"\n  ",
    events: b"],\n  \"events\": [",
    close: b"]\n}\n",
};

const LINE: Layout = Layout {
    open: b"{\"doc\":",
    mentions: b",\"mentions\":[",
    first_item: b"",
    next_item: b",",
    list_end: b"",
    events: b"],\"events\":[",
    close: b"]}",
};

/// A document's JSON in `layout`, straight from the [`Document`].
fn write_document(doc: &Document, layout: &Layout) -> String {
    let (mention_starts, event_starts) = start_chars(doc);
    let mut out: Vec<u8> = Vec::with_capacity(256 + 200 * doc.mentions.len());
    out.extend_from_slice(layout.open);
    write_json_str(&mut out, doc.name());
    out.extend_from_slice(layout.mentions);
    for (i, m) in doc.mentions.iter().enumerate() {
        out.extend_from_slice(if i == 0 {
            layout.first_item
        } else {
            layout.next_item
        });
        write_mention_of(&mut out, doc, mention_starts[i], i, m);
    }
    if !doc.mentions.is_empty() {
        out.extend_from_slice(layout.list_end);
    }
    out.extend_from_slice(layout.events);
    for (i, e) in doc.events.iter().enumerate() {
        out.extend_from_slice(if i == 0 {
            layout.first_item
        } else {
            layout.next_item
        });
        write_event_of(&mut out, doc, event_starts[i], i, e);
    }
    if !doc.events.is_empty() {
        out.extend_from_slice(layout.list_end);
    }
    out.extend_from_slice(layout.close);
    String::from_utf8(out).expect("JSON of strings is UTF-8")
}

/// The compact JSON of `doc`'s mention `i`, written straight from the
/// [`Document`]: byte for byte `mention_to_json(..).write_compact(..)`,
/// without the ~6 small strings a [`JsonMention`] allocates (json output
/// on /tmp/bench-small, callgrind: see [`JsonDoc::document_line`]).
fn write_mention_of(out: &mut Vec<u8>, doc: &Document, start_chars: usize, i: usize, m: &Mention) {
    out.extend_from_slice(b"{\"id\":");
    write_numbered_id(out, b'T', i + 1);
    out.extend_from_slice(b",\"type\":");
    write_json_str(out, m.mention_type().as_str());
    out.extend_from_slice(b",\"start\":");
    write_json_uint(out, start_chars);
    out.extend_from_slice(b",\"end\":");
    write_json_uint(out, end_chars(doc, m.span, start_chars));
    out.extend_from_slice(b",\"text\":");
    write_json_str(out, doc.slice(m.span));
    match &m.value {
        MentionValue::Date { value } => {
            out.extend_from_slice(b",\"value\":");
            write_json_str(out, value);
        }
        MentionValue::Number {
            value,
            ordinal,
            unit,
            approx,
        } => {
            // an integer as `number_value` makes it, without the `Value`
            if value.fract() == 0.0 && value.abs() < 9.0e15 {
                out.extend_from_slice(b",\"value\":");
                out.extend_from_slice(itoa::Buffer::new().format(*value as i64).as_bytes());
            } else {
                write_opt(out, b",\"value\":", Some(&number_value(*value)));
            }
            out.extend_from_slice(if *ordinal {
                b",\"kind\":\"ordinal\""
            } else {
                b",\"kind\":\"cardinal\""
            });
            write_opt_str(out, b",\"unit\":", unit.as_deref());
            out.extend_from_slice(if *approx {
                b",\"approx\":true"
            } else {
                b",\"approx\":false"
            });
        }
        MentionValue::Person {
            entity,
            title,
            wikidata,
        } => {
            write_opt_str(out, b",\"entity\":", Some(entity.as_str()));
            write_opt_str(out, b",\"title\":", title.as_deref());
            write_opt_str(out, b",\"wikidata\":", wikidata.as_deref());
        }
        MentionValue::Place {
            entity,
            feature,
            coords,
            wikidata,
        } => {
            write_opt_str(out, b",\"entity\":", Some(entity.as_str()));
            write_opt_str(out, b",\"feature\":", feature.as_deref());
            write_opt(out, b",\"lat\":", coords.map(|c| c.0).as_ref());
            write_opt(out, b",\"lon\":", coords.map(|c| c.1).as_ref());
            write_opt_str(out, b",\"wikidata\":", wikidata.as_deref());
        }
        MentionValue::Group { side, entity } => {
            write_opt_str(out, b",\"entity\":", entity.as_deref());
            write_opt_str(out, b",\"side\":", side.as_deref());
        }
    }
    out.push(b'}');
}

/// The compact JSON of `doc`'s event `i`, straight from the [`Document`]
/// (byte for byte what [`JsonEvent::write_compact`] writes for it).
fn write_event_of(out: &mut Vec<u8>, doc: &Document, start_chars: usize, i: usize, e: &Event) {
    out.extend_from_slice(b"{\"id\":");
    write_numbered_id(out, b'E', i + 1);
    out.extend_from_slice(b",\"type\":");
    write_json_str(out, e.kind.as_str());
    out.extend_from_slice(b",\"trigger\":{\"start\":");
    write_json_uint(out, start_chars);
    out.extend_from_slice(b",\"end\":");
    write_json_uint(out, end_chars(doc, e.trigger, start_chars));
    out.extend_from_slice(b",\"text\":");
    write_json_str(out, doc.slice(e.trigger));
    out.extend_from_slice(b"},\"args\":[");
    for (k, a) in e.args.iter().enumerate() {
        out.extend_from_slice(if k == 0 {
            b"{\"role\":"
        } else {
            b",{\"role\":"
        });
        write_json_str(out, a.role.as_str());
        out.extend_from_slice(b",\"ref\":");
        write_numbered_id(out, b'T', a.mention + 1);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
}

/// The code-point offsets of the starts of `doc`'s mentions and of its
/// events' triggers, as [`OffsetConverter::to_chars`] gives them, by one
/// forward walk of the text over both lists merged in text order (the
/// mentions are kept in that order; the events nearly always are), instead
/// of a block table of the whole text and a count inside a block at every
/// offset (json output on /tmp/bench-small: see [`write_json_str`]).
fn start_chars(doc: &Document) -> (Vec<usize>, Vec<usize>) {
    let text = doc.text().as_bytes();
    let in_order = |starts: &[usize]| -> Vec<usize> {
        let mut order: Vec<usize> = (0..starts.len()).collect();
        if !starts.is_sorted() {
            order.sort_by_key(|&i| starts[i]);
        }
        order
    };
    let m_bytes: Vec<usize> = doc.mentions.iter().map(|m| m.span.start).collect();
    let e_bytes: Vec<usize> = doc.events.iter().map(|e| e.trigger.start).collect();
    let (m_order, e_order) = (in_order(&m_bytes), in_order(&e_bytes));
    let (mut m_chars, mut e_chars) = (vec![0; m_bytes.len()], vec![0; e_bytes.len()]);
    // the walk's position: a byte offset and its code-point offset
    let (mut byte, mut chars) = (0, 0);
    let mut at = |b: usize| {
        let b = b.min(text.len());
        if b < byte {
            (byte, chars) = (0, 0);
        }
        chars += crate::offsets::char_starts(&text[byte..b]);
        byte = b;
        chars
    };
    let (mut mi, mut ei) = (0, 0);
    loop {
        let m = m_order.get(mi).map(|&k| (k, m_bytes[k]));
        let e = e_order.get(ei).map(|&k| (k, e_bytes[k]));
        match (m, e) {
            (Some((k, b)), e) if e.is_none_or(|(_, eb)| b <= eb) => {
                m_chars[k] = at(b);
                mi += 1;
            }
            (_, Some((k, b))) => {
                e_chars[k] = at(b);
                ei += 1;
            }
            _ => break,
        }
    }
    debug_assert!({
        let conv = OffsetConverter::new(doc.text());
        let spans = doc.mentions.iter().map(|m| m.span);
        let spans = spans.chain(doc.events.iter().map(|e| e.trigger));
        let starts = m_chars.iter().chain(&e_chars);
        spans.zip(starts).all(|(span, &c)| {
            conv.to_chars(span.start) == c && conv.to_chars(span.end) == end_chars(doc, span, c)
        })
    });
    (m_chars, e_chars)
}

/// The code-point offset of `span.end`, from that of `span.start`.
fn end_chars(doc: &Document, span: Span, start_chars: usize) -> usize {
    let text = doc.text().as_bytes();
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    let chars = if start <= end {
        start_chars + crate::offsets::char_starts(&text[start..end])
    } else {
        crate::offsets::char_starts(&text[..end])
    };
    chars
}

/// `"T12"`: a quoted id (ASCII, nothing to escape).
fn write_numbered_id(out: &mut Vec<u8>, prefix: u8, n: usize) {
    out.push(b'"');
    out.push(prefix);
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    out.push(b'"');
}

fn push_lines<T>(out: &mut Vec<u8>, items: &[T], write: impl Fn(&T, &mut Vec<u8>)) {
    for (i, item) in items.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        write(item, out);
    }
    if !items.is_empty() {
        out.extend_from_slice(b"\n  ");
    }
}

/// `T12`, `E3`: a prefix and a number, in a string of the right size
/// (`format!` costs several times more here, and reallocates).
fn numbered_id(prefix: char, n: usize) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    let mut id = String::with_capacity(1 + digits.len());
    id.push(prefix);
    id.push_str(digits);
    id
}

fn mention_to_json(doc: &Document, conv: &OffsetConverter, i: usize, m: &Mention) -> JsonMention {
    let mut j = JsonMention::new(
        numbered_id('T', i + 1),
        m.mention_type().as_str(),
        conv.to_chars(m.span.start),
        conv.to_chars(m.span.end),
        doc.slice(m.span),
    );
    match &m.value {
        MentionValue::Date { value } => j.value = Some(Value::from(value.as_str())),
        MentionValue::Number {
            value,
            ordinal,
            unit,
            approx,
        } => {
            j.value = Some(number_value(*value));
            j.kind = Some(if *ordinal { "ordinal" } else { "cardinal" }.to_string());
            j.unit = unit.clone();
            j.approx = Some(*approx);
        }
        MentionValue::Person {
            entity,
            title,
            wikidata,
        } => {
            j.entity = Some(entity.clone());
            j.title = title.clone();
            j.wikidata = wikidata.clone();
        }
        MentionValue::Place {
            entity,
            feature,
            coords,
            wikidata,
        } => {
            j.entity = Some(entity.clone());
            j.feature = feature.clone();
            j.lat = coords.map(|c| c.0);
            j.lon = coords.map(|c| c.1);
            j.wikidata = wikidata.clone();
        }
        MentionValue::Group { side, entity } => {
            j.side = side.clone();
            j.entity = entity.clone();
        }
    }
    j
}

fn json_to_value(m: &JsonMention) -> std::result::Result<MentionValue, String> {
    let t = MentionType::parse(&m.mention_type).ok_or("unknown type")?;
    Ok(match t {
        MentionType::Date => MentionValue::Date {
            value: m
                .value
                .as_ref()
                .and_then(Value::as_str)
                .ok_or("DATE without a string value")?
                .to_string(),
        },
        MentionType::Number => MentionValue::Number {
            value: m
                .value
                .as_ref()
                .and_then(Value::as_f64)
                .ok_or("NUMBER without a numeric value")?,
            ordinal: m.kind.as_deref() == Some("ordinal"),
            unit: m.unit.clone(),
            approx: m.approx.unwrap_or(false),
        },
        MentionType::Person => MentionValue::Person {
            entity: m.entity.clone().ok_or("PERSON without an entity")?,
            title: m.title.clone(),
            wikidata: m.wikidata.clone(),
        },
        MentionType::Place => MentionValue::Place {
            entity: m.entity.clone().ok_or("PLACE without an entity")?,
            feature: m.feature.clone(),
            coords: m.lat.zip(m.lon),
            wikidata: m.wikidata.clone(),
        },
        MentionType::Group => MentionValue::Group {
            side: m.side.clone(),
            entity: m.entity.clone(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_text() -> impl Strategy<Value = String> {
        "(\\PC|[\"\\\\\n\t\u{1}\u{7f}\u{2028}])*"
    }

    fn any_value() -> impl Strategy<Value = Option<Value>> {
        prop_oneof![
            Just(None),
            any_text().prop_map(|s| Some(Value::from(s))),
            any::<i64>().prop_map(|n| Some(Value::from(n))),
            any::<f64>().prop_map(|x| Some(number_value(x))),
            Just(Some(number_value(900.0))),
        ]
    }

    fn any_float() -> impl Strategy<Value = Option<f64>> {
        prop_oneof![
            Just(None),
            any::<f64>().prop_map(Some),
            Just(Some(f64::NAN)),
            Just(Some(-65.7531)),
        ]
    }

    prop_compose! {
        fn any_mention()(
            ids in (any_text(), any_text(), any::<usize>(), any::<usize>(), any_text()),
            value in any_value(),
            strings in proptest::collection::vec(proptest::option::of(any_text()), 7),
            approx in proptest::option::of(any::<bool>()),
            lat in any_float(),
            lon in any_float(),
        ) -> JsonMention {
            let mut m = JsonMention::new(ids.0, ids.1, ids.2, ids.3, ids.4);
            m.value = value;
            m.kind = strings[0].clone();
            m.unit = strings[1].clone();
            m.approx = approx;
            m.entity = strings[2].clone();
            m.title = strings[3].clone();
            m.feature = strings[4].clone();
            m.side = strings[5].clone();
            m.lat = lat;
            m.lon = lon;
            m.wikidata = strings[6].clone();
            m
        }
    }

    prop_compose! {
        fn any_event()(
            strings in (any_text(), any_text(), any_text()),
            start in any::<usize>(),
            end in any::<usize>(),
            args in proptest::collection::vec((any_text(), any_text()), 0..4),
        ) -> JsonEvent {
            JsonEvent {
                id: strings.0,
                event_type: strings.1,
                trigger: JsonTrigger { start, end, text: strings.2 },
                args: args
                    .into_iter()
                    .map(|(role, reference)| JsonArg { role, reference })
                    .collect(),
            }
        }
    }

    proptest! {
        /// The hand-written compact JSON is serde_json's, byte for byte.
        #[test]
        fn direct_json_equals_serde_json(
            doc in any_text(),
            mentions in proptest::collection::vec(any_mention(), 0..4),
            events in proptest::collection::vec(any_event(), 0..3),
        ) {
            let d = JsonDoc { doc, mentions, events };
            prop_assert_eq!(d.to_line(), serde_json::to_string(&d).unwrap());
            for m in &d.mentions {
                let mut out = Vec::new();
                m.write_compact(&mut out);
                prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(m).unwrap());
            }
            for e in &d.events {
                let mut out = Vec::new();
                e.write_compact(&mut out);
                prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(e).unwrap());
            }
        }

        #[test]
        fn numbered_ids_are_formatted_numbers(n in any::<usize>()) {
            prop_assert_eq!(numbered_id('T', n), format!("T{n}"));
        }
    }

    fn sample() -> Document {
        let text = "Olañeta entró en Potosí con Aráoz el 5 de octubre: 900 fusiles.";
        let mut d = Document::new("muestra", text, Meta::default());
        let at = |s: &str| {
            let b = text.find(s).unwrap();
            Span::new(b, b + s.len())
        };
        d.add_mention(Mention {
            span: at("Olañeta"),
            value: MentionValue::Person {
                entity: "Pedro Antonio de Olañeta".into(),
                title: None,
                wikidata: None,
            },
        });
        d.add_mention(Mention {
            span: at("Potosí"),
            value: MentionValue::Place {
                entity: "Potosí".into(),
                feature: None,
                coords: Some((-19.5836, -65.7531)),
                wikidata: None,
            },
        });
        d.add_mention(Mention {
            span: at("Aráoz"),
            value: MentionValue::Person {
                entity: "Gregorio Aráoz de Lamadrid".into(),
                title: None,
                wikidata: None,
            },
        });
        d.add_mention(Mention {
            span: at("el 5 de octubre"),
            value: MentionValue::Date {
                value: "XXXX-10-05".into(),
            },
        });
        d.add_mention(Mention {
            span: at("900"),
            value: MentionValue::Number {
                value: 900.0,
                ordinal: false,
                unit: Some("fusiles".into()),
                approx: false,
            },
        });
        d.events.push(Event {
            kind: EventType::Occupy,
            trigger: at("entró"),
            args: vec![
                Argument {
                    role: Role::Agent,
                    mention: 0,
                },
                Argument {
                    role: Role::Place,
                    mention: 1,
                },
            ],
        });
        d
    }

    proptest! {
        /// The forward walk gives every start and end the converter gives,
        /// mentions in text order or not, events in any order.
        #[test]
        fn start_chars_equal_the_converter(
            text in "[aé€𝄞 .]{0,60}",
            spans in proptest::collection::vec((0usize..70, 0usize..70), 0..8),
            triggers in proptest::collection::vec((0usize..70, 0usize..70), 0..5),
        ) {
            let bound = |b: usize| {
                let mut b = b.min(text.len());
                while !text.is_char_boundary(b) {
                    b -= 1;
                }
                b
            };
            let span = |(a, b): (usize, usize)| {
                let (a, b) = (bound(a), bound(b));
                Span::new(a.min(b), a.max(b))
            };
            let mut d = Document::new("d", text.clone(), Meta::default());
            let mut mentions: Vec<Span> = spans.into_iter().map(span).collect();
            mentions.sort();
            for m in mentions {
                d.push_mention_unchecked(Mention {
                    span: m,
                    value: MentionValue::Date { value: String::new() },
                });
            }
            d.events = triggers
                .into_iter()
                .map(|t| Event {
                    kind: EventType::Battle,
                    trigger: span(t),
                    args: Vec::new(),
                })
                .collect();
            let conv = OffsetConverter::new(&text);
            let (m_chars, e_chars) = start_chars(&d);
            for (m, &c) in d.mentions.iter().zip(&m_chars) {
                prop_assert_eq!(c, conv.to_chars(m.span.start));
                prop_assert_eq!(end_chars(&d, m.span, c), conv.to_chars(m.span.end));
            }
            for (e, &c) in d.events.iter().zip(&e_chars) {
                prop_assert_eq!(c, conv.to_chars(e.trigger.start));
                prop_assert_eq!(end_chars(&d, e.trigger, c), conv.to_chars(e.trigger.end));
            }
        }
    }

    /// The direct writers equal building the JsonDoc and writing it.
    #[test]
    fn document_writers_equal_the_json_doc() {
        let mut docs = vec![sample()];
        let mut d = sample();
        d.mentions[1].value = MentionValue::Place {
            entity: "Potos\u{ed} \"alto\"".into(),
            feature: Some("city".into()),
            coords: Some((f64::NAN, 1.5e-7)),
            wikidata: Some("Q1".into()),
        };
        d.mentions[0].value = MentionValue::Person {
            entity: "O\\la".into(),
            title: Some("general".into()),
            wikidata: Some("Q2".into()),
        };
        d.mentions[2].value = MentionValue::Group {
            side: Some("royalist".into()),
            entity: None,
        };
        d.mentions[4].value = MentionValue::Number {
            value: 2.5,
            ordinal: true,
            unit: None,
            approx: true,
        };
        docs.push(d);
        let mut d = sample();
        d.mentions[2].value = MentionValue::Group {
            side: None,
            entity: Some("los realistas".into()),
        };
        d.events.clear();
        docs.push(d);
        docs.push(Document::new("vac\u{ed}o\n", "", Meta::default()));
        for d in &docs {
            let j = JsonDoc::from_document(d);
            assert_eq!(JsonDoc::document_pretty(d), j.to_pretty());
            assert_eq!(JsonDoc::document_line(d), j.to_line());
        }
    }

    #[test]
    fn round_trip_with_multibyte_text() {
        let d = sample();
        let j = JsonDoc::from_document(&d);
        // Code points, not bytes: "Olañeta entró en " is 17 code points.
        assert_eq!((j.mentions[1].start, j.mentions[1].end), (17, 23));
        assert_eq!(j.mentions[1].text, "Potosí");
        assert_eq!(j.mentions[4].value, Some(Value::from(900)));
        let text = j.to_pretty();
        let back = JsonDoc::parse(&text, Path::new("x.json")).unwrap();
        assert_eq!(back, j);
        let d2 = back
            .to_document(d.text(), Meta::default(), Path::new("x.json"))
            .unwrap();
        assert_eq!(d2.mentions, d.mentions);
        assert_eq!(d2.events, d.events);
    }

    #[test]
    fn mismatched_text_names_file_and_mention() {
        let d = sample();
        let mut j = JsonDoc::from_document(&d);
        j.mentions[2].text = "Araoz".into();
        let e = j
            .check_against(d.text(), Path::new("gold/muestra.json"))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "gold/muestra.json: mention T3: text \"Araoz\" does not match the text at its offsets \"Aráoz\""
        );
    }

    #[test]
    fn dangling_argument_and_duplicate_ids_are_rejected() {
        let d = sample();
        let mut j = JsonDoc::from_document(&d);
        j.events[0].args[0].reference = "T99".into();
        assert!(
            j.check_structure(Path::new("p.json"))
                .unwrap_err()
                .to_string()
                .contains("unknown mention T99")
        );
        let mut j = JsonDoc::from_document(&d);
        j.mentions[1].id = "T1".into();
        assert!(
            j.check_structure(Path::new("p.json"))
                .unwrap_err()
                .to_string()
                .contains("duplicate id T1")
        );
    }

    #[test]
    fn offsets_past_the_text_are_rejected() {
        let d = sample();
        let mut j = JsonDoc::from_document(&d);
        j.mentions[0].end = 10_000;
        assert!(
            j.check_against(d.text(), Path::new("p.json"))
                .unwrap_err()
                .to_string()
                .contains("outside the text")
        );
    }
}
