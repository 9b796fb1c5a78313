//! brat standoff (`<doc>.ann` beside `<doc>.txt`), so a text opens in brat or
//! INCEpTION for correction, and [`import`] to turn a corrected `.ann` back
//! into gold JSON.
//!
//! brat offsets are characters (code points), half-open, like the gold JSON.
//! What each line carries:
//!
//! | line | example | from |
//! |---|---|---|
//! | `T` | `T1\tPERSON 11 32\tJoaquín de la Pezuela` | a mention |
//! | `T` | `T9\tBATTLE 480 487\tbatalla` | an event trigger (brat wants it as a `T` of the event type) |
//! | `E` | `E1\tBATTLE:T9 agent:T1 agent2:T5 place:T4` | an event; a repeated role is numbered, as brat does |
//! | `A` | `A1\tKind T3 ordinal`, `A2\tApprox T3`, `A3\tSide T5 realista` | closed-set attributes |
//! | `N` | `N1\tReference T1 Wikidata:Q123\tJoaquín de la Pezuela` | a Wikidata link |
//! | `#` | `#1\tAnnotatorNotes T1\tentity=Joaquín de la Pezuela; title=general` | values, entities and free fields |
//!
//! A note holds `key=value` pairs separated by `; `; inside a value `\`, `;`,
//! tab and newlines are escaped as `\\`, `\;`, `\t`, `\n`, `\r`.
//! brat's `.ann` is line-oriented, so a span that crosses a line break is
//! written as discontinuous fragments (`T4\tPLACE 10 14;15 20\tAlto Perú`),
//! as brat itself does; import takes the first start and the last end.

use crate::document::{EventType, MentionType};
use crate::error::{Error, Result};
use crate::json::{JsonArg, JsonDoc, JsonEvent, JsonMention, JsonTrigger, number_value};
use crate::offsets::OffsetConverter;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

/// brat's `annotation.conf` for cronista's types, written beside the
/// `.ann` files so brat draws and checks them.
pub const ANNOTATION_CONF: &str = "\
# cronista's annotation scheme (ANNOTATION.md) for brat.
[entities]
DATE
NUMBER
PERSON
PLACE
GROUP

[relations]
<OVERLAP>\tArg1:GROUP, Arg2:PERSON|PLACE, <OVL-TYPE>:contain

[events]
BATTLE\tagent*:PERSON|GROUP, place?:PLACE, origin?:PLACE, destination?:PLACE, date?:DATE, quantity*:NUMBER
MOVE\tagent*:PERSON|GROUP, place?:PLACE, origin?:PLACE, destination?:PLACE, date?:DATE, quantity*:NUMBER
OCCUPY\tagent*:PERSON|GROUP, place?:PLACE, origin?:PLACE, destination?:PLACE, date?:DATE, quantity*:NUMBER
ENCAMP\tagent*:PERSON|GROUP, place?:PLACE, origin?:PLACE, destination?:PLACE, date?:DATE, quantity*:NUMBER
LOSS\tagent*:PERSON|GROUP, place?:PLACE, origin?:PLACE, destination?:PLACE, date?:DATE, quantity*:NUMBER
JOIN\tagent*:PERSON|GROUP, place?:PLACE, origin?:PLACE, destination?:PLACE, date?:DATE, quantity*:NUMBER
COUNCIL\tagent*:PERSON|GROUP, place?:PLACE, origin?:PLACE, destination?:PLACE, date?:DATE, quantity*:NUMBER

[attributes]
Kind\tArg:NUMBER, Value:cardinal|ordinal
Approx\tArg:NUMBER
Side\tArg:GROUP, Value:realista|patriota
";

/// Code-point fragments of `[start, end)` that do not cross a line break.
fn fragments(text: &str, conv: &OffsetConverter, start: usize, end: usize) -> Vec<(usize, usize)> {
    let (Some(bs), Some(be)) = (conv.to_bytes(start), conv.to_bytes(end)) else {
        return vec![(start, end)];
    };
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut cp = start;
    for c in text[bs..be].chars() {
        if c == '\n' || c == '\r' {
            if let Some(s) = open.take() {
                out.push((s, cp));
            }
        } else if open.is_none() {
            open = Some(cp);
        }
        cp += 1;
    }
    if let Some(s) = open {
        out.push((s, cp));
    }
    if out.is_empty() {
        out.push((start, end));
    }
    out
}

/// One text-bound line: `T<n>\t<TYPE> <fragments>\t<text>`.
fn text_bound(
    out: &mut String,
    id: &str,
    kind: &str,
    text: &str,
    conv: &OffsetConverter,
    start: usize,
    end: usize,
) {
    let frags = fragments(text, conv, start, end);
    let offsets: Vec<String> = frags.iter().map(|(s, e)| format!("{s} {e}")).collect();
    let slices: Vec<&str> = frags
        .iter()
        .map(|&(s, e)| match (conv.to_bytes(s), conv.to_bytes(e)) {
            (Some(a), Some(b)) => &text[a..b],
            _ => "",
        })
        .collect();
    let _ = writeln!(
        out,
        "{id}\t{kind} {}\t{}",
        offsets.join(";"),
        slices.join(" ")
    );
}

fn escape(v: &str) -> String {
    let mut s = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            ';' => s.push_str("\\;"),
            '\t' => s.push_str("\\t"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            c => s.push(c),
        }
    }
    s
}

/// Splits a note into `key=value` pairs, undoing [`escape`].
fn parse_note(note: &str) -> Vec<(String, String)> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut chars = note.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('t') => cur.push('\t'),
                Some('n') => cur.push('\n'),
                Some('r') => cur.push('\r'),
                Some(o) => cur.push(o),
                None => cur.push('\\'),
            },
            ';' => items.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    items.push(cur);
    items
        .into_iter()
        .filter_map(|item| {
            let item = item.trim_start();
            let (k, v) = item.split_once('=')?;
            Some((k.trim().to_string(), v.to_string()))
        })
        .collect()
}

/// The `.ann` standoff of a document; `text` is the document's exact text.
pub fn to_ann(json: &JsonDoc, text: &str) -> String {
    let conv = OffsetConverter::new(text);
    let mut out = String::new();
    let mut ids: HashMap<&str, String> = HashMap::new();
    let (mut a, mut n, mut notes) = (0, 0, 0);
    for (i, m) in json.mentions.iter().enumerate() {
        let id = format!("T{}", i + 1);
        text_bound(&mut out, &id, &m.mention_type, text, &conv, m.start, m.end);
        let mut attr = |out: &mut String, name: &str, value: Option<&str>| {
            a += 1;
            match value {
                Some(v) => writeln!(out, "A{a}\t{name} {id} {v}"),
                None => writeln!(out, "A{a}\t{name} {id}"),
            }
            .ok();
        };
        if let Some(k) = &m.kind {
            attr(&mut out, "Kind", Some(k));
        }
        if m.approx == Some(true) {
            attr(&mut out, "Approx", None);
        }
        let mut pairs: Vec<(&str, String)> = Vec::new();
        match &m.side {
            Some(s) if !s.is_empty() && !s.contains(char::is_whitespace) => {
                attr(&mut out, "Side", Some(s))
            }
            Some(s) => pairs.push(("side", s.clone())),
            None => {}
        }
        if let Some(v) = &m.value {
            pairs.push((
                "value",
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string()),
            ));
        }
        for (key, v) in [
            ("unit", &m.unit),
            ("entity", &m.entity),
            ("title", &m.title),
            ("feature", &m.feature),
        ] {
            if let Some(v) = v {
                pairs.push((key, v.clone()));
            }
        }
        for (key, v) in [("lat", m.lat), ("lon", m.lon)] {
            if let Some(v) = v {
                pairs.push((key, v.to_string()));
            }
        }
        if let Some(w) = &m.wikidata {
            n += 1;
            let label = m
                .entity
                .as_deref()
                .unwrap_or(&m.text)
                .replace(['\t', '\n', '\r'], " ");
            let _ = writeln!(
                out,
                "N{n}\tReference {id} Wikidata:{}\t{label}",
                w.replace(char::is_whitespace, "_")
            );
        }
        if !pairs.is_empty() {
            notes += 1;
            let body: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", escape(v)))
                .collect();
            let _ = writeln!(out, "#{notes}\tAnnotatorNotes {id}\t{}", body.join("; "));
        }
        ids.insert(m.id.as_str(), id);
    }
    let mut next_t = json.mentions.len();
    for (i, e) in json.events.iter().enumerate() {
        next_t += 1;
        let trigger = format!("T{next_t}");
        text_bound(
            &mut out,
            &trigger,
            &e.event_type,
            text,
            &conv,
            e.trigger.start,
            e.trigger.end,
        );
        let mut line = format!("E{}\t{}:{trigger}", i + 1, e.event_type);
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for arg in &e.args {
            let Some(target) = ids.get(arg.reference.as_str()) else {
                continue;
            };
            let count = seen.entry(arg.role.as_str()).or_insert(0);
            *count += 1;
            let role = if *count == 1 {
                arg.role.clone()
            } else {
                format!("{}{count}", arg.role)
            };
            let _ = write!(line, " {role}:{target}");
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A `.ann` turned back into gold JSON, with what was ignored on the way.
#[derive(Debug)]
pub struct Imported {
    pub doc: JsonDoc,
    /// Lines or fields that had no place in the gold format, one message each
    /// (`line 7: relation R1 ignored`).
    pub warnings: Vec<String>,
}

/// An `E` line: its line number, type, trigger id and `(role, target)` pairs.
type EventLine = (usize, String, String, Vec<(String, String)>);

struct TextBound {
    line: usize,
    kind: String,
    start: usize,
    end: usize,
}

fn bad(path: &Path, line: usize, msg: impl std::fmt::Display) -> Error {
    Error::json(path, format!("line {line}: {msg}"))
}

/// Reads a brat `.ann` (`ann`) over its text (`text`) into gold JSON named
/// `name`. Mention ids are renumbered `T1…` in text order, events `E1…` in
/// the order of their `E` numbers. Errors name `path` and the line.
pub fn import(name: &str, ann: &str, text: &str, path: &Path) -> Result<Imported> {
    let conv = OffsetConverter::new(text);
    let mut warnings = Vec::new();
    let mut bounds: Vec<(String, TextBound)> = Vec::new();
    // (line, type, trigger id, [(role, target id)])
    let mut events: Vec<EventLine> = Vec::new();
    let mut attrs: Vec<(usize, String, String, Option<String>)> = Vec::new();
    let mut wikidata: Vec<(usize, String, String)> = Vec::new();
    let mut notes: Vec<(usize, String, String)> = Vec::new();
    for (i, raw) in ann.lines().enumerate() {
        let line = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let mut fields = raw.splitn(3, '\t');
        let id = fields.next().unwrap_or_default().to_string();
        let body = fields
            .next()
            .ok_or_else(|| bad(path, line, "no tab after the id"))?;
        let tail = fields.next();
        match id.chars().next() {
            Some('T') => {
                let (kind, offsets) = body
                    .split_once(' ')
                    .ok_or_else(|| bad(path, line, "no offsets"))?;
                let mut start = usize::MAX;
                let mut end = 0;
                for frag in offsets.split(';') {
                    let (s, e) = frag
                        .trim()
                        .split_once(' ')
                        .ok_or_else(|| bad(path, line, format!("bad offsets {frag:?}")))?;
                    let s: usize = s
                        .parse()
                        .map_err(|_| bad(path, line, format!("bad offset {s:?}")))?;
                    let e: usize = e
                        .trim()
                        .parse()
                        .map_err(|_| bad(path, line, format!("bad offset {e:?}")))?;
                    if s > e || e > conv.char_len() {
                        return Err(bad(
                            path,
                            line,
                            format!(
                                "offsets {s} {e} outside the text ({} characters)",
                                conv.char_len()
                            ),
                        ));
                    }
                    start = start.min(s);
                    end = end.max(e);
                }
                bounds.push((
                    id,
                    TextBound {
                        line,
                        kind: kind.to_string(),
                        start,
                        end,
                    },
                ));
            }
            Some('E') => {
                let mut parts = body.split_whitespace();
                let head = parts
                    .next()
                    .ok_or_else(|| bad(path, line, "event without a trigger"))?;
                let (kind, trigger) = head
                    .split_once(':')
                    .ok_or_else(|| bad(path, line, format!("bad event head {head:?}")))?;
                let args = parts
                    .filter_map(|p| p.split_once(':'))
                    .map(|(r, t)| {
                        (
                            r.trim_end_matches(|c: char| c.is_ascii_digit()).to_string(),
                            t.to_string(),
                        )
                    })
                    .collect();
                events.push((line, kind.to_string(), trigger.to_string(), args));
            }
            Some('A') | Some('M') => {
                let mut parts = body.split_whitespace();
                let (Some(attr), Some(target)) = (parts.next(), parts.next()) else {
                    return Err(bad(path, line, "attribute without a target"));
                };
                attrs.push((
                    line,
                    attr.to_string(),
                    target.to_string(),
                    parts.next().map(str::to_string),
                ));
            }
            Some('N') => {
                let mut parts = body.split_whitespace();
                let (_, Some(target), Some(reference)) = (parts.next(), parts.next(), parts.next())
                else {
                    return Err(bad(
                        path,
                        line,
                        "normalization without target and reference",
                    ));
                };
                match reference.split_once(':') {
                    Some((db, q)) if db.eq_ignore_ascii_case("wikidata") => {
                        wikidata.push((line, target.to_string(), q.to_string()))
                    }
                    _ => warnings.push(format!(
                        "line {line}: normalization {reference} is not a Wikidata id; ignored"
                    )),
                }
            }
            Some('#') => {
                let mut parts = body.split_whitespace();
                let (_, Some(target)) = (parts.next(), parts.next()) else {
                    return Err(bad(path, line, "note without a target"));
                };
                notes.push((
                    line,
                    target.to_string(),
                    tail.unwrap_or_default().to_string(),
                ));
            }
            _ => warnings.push(format!(
                "line {line}: {id} has no place in the gold format; ignored"
            )),
        }
    }

    // Mentions, in text order.
    let by_id: HashMap<&str, &TextBound> = bounds.iter().map(|(id, b)| (id.as_str(), b)).collect();
    let mut mention_ids: Vec<&str> = Vec::new();
    for (id, b) in &bounds {
        if MentionType::parse(&b.kind).is_some() {
            mention_ids.push(id);
        } else if EventType::parse(&b.kind).is_none() {
            warnings.push(format!(
                "line {}: {id}: unknown type {}; ignored",
                b.line, b.kind
            ));
        }
    }
    mention_ids.sort_by_key(|id| (by_id[id].start, by_id[id].end));
    let slice = |s: usize, e: usize| -> String {
        match (conv.to_bytes(s), conv.to_bytes(e)) {
            (Some(a), Some(b)) => text[a..b].to_string(),
            _ => String::new(),
        }
    };
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut mentions: Vec<JsonMention> = Vec::new();
    for (i, id) in mention_ids.iter().enumerate() {
        let b = by_id[id];
        index.insert(id, i);
        mentions.push(JsonMention::new(
            format!("T{}", i + 1),
            b.kind.clone(),
            b.start,
            b.end,
            slice(b.start, b.end),
        ));
    }
    for (line, attr, target, value) in attrs {
        let Some(&i) = index.get(target.as_str()) else {
            warnings.push(format!(
                "line {line}: attribute {attr} of {target}, not a mention; ignored"
            ));
            continue;
        };
        let m = &mut mentions[i];
        match (attr.as_str(), value) {
            ("Kind", Some(v)) => m.kind = Some(v),
            ("Approx", v) => m.approx = Some(v.is_none_or(|v| v != "false")),
            ("Side", Some(v)) => m.side = Some(v),
            (a, _) => warnings.push(format!("line {line}: unknown attribute {a}; ignored")),
        }
    }
    for (line, target, q) in wikidata {
        match index.get(target.as_str()) {
            Some(&i) => mentions[i].wikidata = Some(q),
            None => warnings.push(format!(
                "line {line}: Wikidata link of {target}, not a mention; ignored"
            )),
        }
    }
    for (line, target, note) in notes {
        let Some(&i) = index.get(target.as_str()) else {
            warnings.push(format!(
                "line {line}: note on {target}, not a mention; ignored"
            ));
            continue;
        };
        let m = &mut mentions[i];
        for (key, v) in parse_note(&note) {
            let float = |v: &str| {
                v.trim()
                    .parse::<f64>()
                    .map_err(|_| bad(path, line, format!("{key}={v:?} is not a number")))
            };
            match key.as_str() {
                "value" if m.mention_type == "NUMBER" => m.value = Some(number_value(float(&v)?)),
                "value" => m.value = Some(Value::from(v)),
                "unit" => m.unit = Some(v),
                "entity" => m.entity = Some(v),
                "title" => m.title = Some(v),
                "feature" => m.feature = Some(v),
                "side" => m.side = Some(v),
                "lat" => m.lat = Some(float(&v)?),
                "lon" => m.lon = Some(float(&v)?),
                k => warnings.push(format!("line {line}: unknown note field {k:?}; ignored")),
            }
        }
    }
    for m in &mut mentions {
        match m.mention_type.as_str() {
            "NUMBER" => {
                m.kind.get_or_insert_with(|| "cardinal".to_string());
                m.approx.get_or_insert(false);
                if m.value.is_none() {
                    warnings.push(format!("{} NUMBER {:?} has no value", m.id, m.text));
                }
            }
            "DATE" if m.value.is_none() => {
                warnings.push(format!("{} DATE {:?} has no value", m.id, m.text))
            }
            "PERSON" | "PLACE" if m.entity.is_none() => {
                warnings.push(format!(
                    "{} {} {:?} has no entity; its text stands for it",
                    m.id, m.mention_type, m.text
                ));
                m.entity = Some(m.text.clone());
            }
            _ => {}
        }
    }

    // Events, in the order of their numbers.
    events.sort_by_key(|(line, ..)| *line);
    let mut json_events = Vec::new();
    for (line, kind, trigger, args) in events {
        if EventType::parse(&kind).is_none() {
            warnings.push(format!("line {line}: unknown event type {kind}; ignored"));
            continue;
        }
        let Some(t) = by_id.get(trigger.as_str()) else {
            return Err(bad(
                path,
                line,
                format!("trigger {trigger} is not a text-bound annotation"),
            ));
        };
        let mut json_args = Vec::new();
        for (role, target) in args {
            match index.get(target.as_str()) {
                Some(&i) => json_args.push(JsonArg {
                    role,
                    reference: mentions[i].id.clone(),
                }),
                None => warnings.push(format!(
                    "line {line}: argument {role}:{target} is not a mention; ignored"
                )),
            }
        }
        json_events.push(JsonEvent {
            id: format!("E{}", json_events.len() + 1),
            event_type: kind,
            trigger: JsonTrigger {
                start: t.start,
                end: t.end,
                text: slice(t.start, t.end),
            },
            args: json_args,
        });
    }
    let doc = JsonDoc {
        doc: name.to_string(),
        mentions,
        events: json_events,
    };
    doc.check_against(text, path)?;
    Ok(Imported { doc, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_escape_and_split() {
        let v = "a; b\\c\td\ne";
        let note = format!("entity={}; title=general", escape(v));
        assert_eq!(
            parse_note(&note),
            vec![
                ("entity".to_string(), v.to_string()),
                ("title".to_string(), "general".to_string())
            ]
        );
    }

    #[test]
    fn spans_split_at_line_breaks() {
        let text = "el Alto\r\nPerú y";
        let conv = OffsetConverter::new(text);
        assert_eq!(fragments(text, &conv, 3, 13), vec![(3, 7), (9, 13)]);
        let mut out = String::new();
        text_bound(&mut out, "T1", "PLACE", text, &conv, 3, 13);
        assert_eq!(out, "T1\tPLACE 3 7;9 13\tAlto Perú\n");
    }
}
