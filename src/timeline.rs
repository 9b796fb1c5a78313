//! The timeline view of events (`cronista timeline`): one row per event
//! with its time, type, canonical agents and places (with coordinates),
//! quantities, document and sentence, sorted the way ANNOTATION.md
//! §Events orders events: dated events first by their date value, then
//! undated ones in narrative order (document, then position in the text).

use crate::document::{Document, MentionValue, Role};
use serde::Serialize;

/// A place argument: canonical name and coordinates when known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceCell {
    pub entity: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// One event on the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The date argument's value (TIMEX3), if the event has one.
    pub when: Option<String>,
    #[serde(rename = "type")]
    pub event_type: String,
    pub trigger: String,
    pub agents: Vec<String>,
    pub place: Vec<PlaceCell>,
    pub origin: Vec<PlaceCell>,
    pub destination: Vec<PlaceCell>,
    pub quantities: Vec<f64>,
    pub doc: String,
    /// 1-based sentence number in the document.
    pub sentence: usize,
    /// Byte offset of the trigger, for narrative order.
    #[serde(skip)]
    pub offset: usize,
    /// Order of the document in the input, for narrative order.
    #[serde(skip)]
    pub doc_order: usize,
}

/// The rows of one document's events, in text order.
pub fn rows(doc: &Document, doc_order: usize) -> Vec<Row> {
    doc.events
        .iter()
        .map(|e| {
            let mut row = Row {
                when: None,
                event_type: e.kind.as_str().to_string(),
                trigger: doc.slice(e.trigger).to_string(),
                agents: Vec::new(),
                place: Vec::new(),
                origin: Vec::new(),
                destination: Vec::new(),
                quantities: Vec::new(),
                doc: doc.name().to_string(),
                sentence: doc.sentence_at(e.trigger.start).map(|s| s + 1).unwrap_or(0),
                offset: e.trigger.start,
                doc_order,
            };
            for a in &e.args {
                let Some(m) = doc.mentions.get(a.mention) else {
                    continue;
                };
                let place = |entity: &String, coords: &Option<(f64, f64)>| PlaceCell {
                    entity: entity.clone(),
                    lat: coords.map(|c| c.0),
                    lon: coords.map(|c| c.1),
                };
                match (a.role, &m.value) {
                    (Role::Date, MentionValue::Date { value }) if row.when.is_none() => {
                        row.when = Some(value.clone());
                    }
                    (Role::Quantity, MentionValue::Number { value, .. }) => {
                        row.quantities.push(*value)
                    }
                    (Role::Agent, MentionValue::Person { entity, .. }) => {
                        row.agents.push(entity.clone())
                    }
                    (Role::Agent, MentionValue::Group { entity, .. }) => row.agents.push(
                        entity
                            .clone()
                            .unwrap_or_else(|| doc.slice(m.span).to_string()),
                    ),
                    (Role::Place, MentionValue::Place { entity, coords, .. }) => {
                        row.place.push(place(entity, coords))
                    }
                    (Role::Origin, MentionValue::Place { entity, coords, .. }) => {
                        row.origin.push(place(entity, coords))
                    }
                    (Role::Destination, MentionValue::Place { entity, coords, .. }) => {
                        row.destination.push(place(entity, coords))
                    }
                    _ => {}
                }
            }
            row
        })
        .collect()
}

/// Sorts rows: dated first by value, then undated by narrative position.
pub fn sort(rows: &mut [Row]) {
    rows.sort_by(|x, y| {
        let key = |r: &Row| {
            (
                r.when.is_none(),
                r.when.clone().unwrap_or_default(),
                r.doc_order,
                r.offset,
            )
        };
        key(x).cmp(&key(y))
    });
}

/// The CSV header of [`to_csv`].
pub const CSV_HEADER: &str =
    "when,type,trigger,agents,place,origin,destination,quantities,doc,sentence";

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn places_cell(places: &[PlaceCell]) -> String {
    places
        .iter()
        .map(|p| match (p.lat, p.lon) {
            (Some(lat), Some(lon)) => format!("{} ({lat}, {lon})", p.entity),
            _ => p.entity.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One CSV line (no newline); multi-valued cells are joined with `; `.
pub fn to_csv(row: &Row) -> String {
    let quantities: Vec<String> = row
        .quantities
        .iter()
        .map(|q| crate::json::number_value(*q).to_string())
        .collect();
    [
        row.when.clone().unwrap_or_default(),
        row.event_type.clone(),
        row.trigger.clone(),
        row.agents.join("; "),
        places_cell(&row.place),
        places_cell(&row.origin),
        places_cell(&row.destination),
        quantities.join("; "),
        row.doc.clone(),
        row.sentence.to_string(),
    ]
    .iter()
    .map(|f| csv_field(f))
    .collect::<Vec<_>>()
    .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Argument, Event, EventType, Mention, Meta, Span};

    fn doc() -> Document {
        let text = "Belgrano llegó a Potosí. El 5 de octubre salió de Potosí, huyendo.";
        let mut d = Document::new("d", text, Meta::default());
        let at = |s: &str, n: usize| {
            let b = text.match_indices(s).nth(n).unwrap().0;
            Span::new(b, b + s.len())
        };
        d.add_mention(Mention {
            span: at("Belgrano", 0),
            value: MentionValue::Person {
                entity: "Manuel Belgrano".into(),
                title: None,
                wikidata: None,
            },
        });
        d.add_mention(Mention {
            span: at("Potosí", 0),
            value: MentionValue::Place {
                entity: "Potosí".into(),
                feature: None,
                coords: Some((-19.58, -65.75)),
                wikidata: None,
            },
        });
        d.add_mention(Mention {
            span: at("El 5 de octubre", 0),
            value: MentionValue::Date {
                value: "XXXX-10-05".into(),
            },
        });
        d.add_mention(Mention {
            span: at("Potosí", 1),
            value: MentionValue::Place {
                entity: "Potosí".into(),
                feature: None,
                coords: None,
                wikidata: None,
            },
        });
        crate::tokenize::Tokenizer::new().unwrap().run(&mut d);
        d.events = vec![
            Event {
                kind: EventType::Move,
                trigger: at("llegó", 0),
                args: vec![
                    Argument {
                        role: Role::Agent,
                        mention: 0,
                    },
                    Argument {
                        role: Role::Destination,
                        mention: 1,
                    },
                ],
            },
            Event {
                kind: EventType::Move,
                trigger: at("salió", 0),
                args: vec![
                    Argument {
                        role: Role::Date,
                        mention: 2,
                    },
                    Argument {
                        role: Role::Origin,
                        mention: 3,
                    },
                ],
            },
        ];
        d
    }
    use crate::pipeline::Pass;

    #[test]
    fn dated_first_then_narrative_order() {
        let mut r = rows(&doc(), 0);
        sort(&mut r);
        assert_eq!(r[0].trigger, "salió");
        assert_eq!(r[0].when.as_deref(), Some("XXXX-10-05"));
        assert_eq!(r[0].sentence, 2);
        assert_eq!(r[1].agents, ["Manuel Belgrano"]);
        assert_eq!(
            to_csv(&r[1]),
            ",MOVE,llegó,Manuel Belgrano,,,\"Potosí (-19.58, -65.75)\",,d,1"
        );
    }
}
