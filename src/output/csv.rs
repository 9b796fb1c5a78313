//! Mentions as CSV (RFC 4180), one row per mention, for spreadsheets and
//! data frames. Columns: `doc,id,type,start,end,text,value,attributes`.
//! `start`/`end` are code points as in the gold JSON; `value` is the DATE or
//! NUMBER value, or the entity of a PERSON, PLACE or GROUP; `attributes`
//! holds the other fields as `key=value` pairs joined by `; `
//! (`kind=cardinal; unit=fusiles; approx=false`).

use crate::json::{JsonDoc, JsonMention};

/// The header line, with its line break.
pub const HEADER: &str = "doc,id,type,start,end,text,value,attributes\r\n";

/// A field, quoted when it holds a comma, a quote or a line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn value_of(m: &JsonMention) -> String {
    match &m.value {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => m.entity.clone().unwrap_or_default(),
    }
}

fn attributes_of(m: &JsonMention) -> String {
    let mut pairs: Vec<String> = Vec::new();
    if let (Some(_), Some(e)) = (&m.value, &m.entity) {
        pairs.push(format!("entity={e}"));
    }
    for (k, v) in [
        ("kind", &m.kind),
        ("unit", &m.unit),
        ("title", &m.title),
        ("feature", &m.feature),
        ("side", &m.side),
    ] {
        if let Some(v) = v {
            pairs.push(format!("{k}={v}"));
        }
    }
    if let Some(a) = m.approx {
        pairs.push(format!("approx={a}"));
    }
    for (k, v) in [("lat", m.lat), ("lon", m.lon)] {
        if let Some(v) = v {
            pairs.push(format!("{k}={v}"));
        }
    }
    if let Some(w) = &m.wikidata {
        pairs.push(format!("wikidata={w}"));
    }
    pairs.join("; ")
}

/// The rows of one document (no header), each ending in CRLF as RFC 4180 says.
pub fn rows(json: &JsonDoc) -> String {
    let mut out = String::new();
    for m in &json.mentions {
        let cells = [
            field(&json.doc),
            field(&m.id),
            field(&m.mention_type),
            m.start.to_string(),
            m.end.to_string(),
            field(&m.text),
            field(&value_of(m)),
            field(&attributes_of(m)),
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
