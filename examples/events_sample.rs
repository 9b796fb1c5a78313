//! Prints a sample of the events the pipeline finds in texts, each with its
//! sentence, for reading by eye: `cargo run --release --example
//! events_sample -- N SEED FILE...` (N events, chosen by a simple
//! deterministic stride from SEED). Also prints counts per type.
use cronista::{Meta, Pipeline};
use std::collections::BTreeMap;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .ok_or("usage: events_sample N SEED FILE...")?
        .parse()?;
    let seed: usize = args
        .next()
        .ok_or("usage: events_sample N SEED FILE...")?
        .parse()?;
    let pipeline = Pipeline::new()?;
    let mut all = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for path in args {
        let text = std::fs::read_to_string(&path)?;
        let doc = pipeline.process("x", &text, Meta::default());
        for e in &doc.events {
            *counts.entry(e.kind.to_string()).or_default() += 1;
            let s = doc
                .sentence_at(e.trigger.start)
                .map(|s| doc.sentences[s].span)
                .unwrap_or(e.trigger);
            let sentence = doc.slice(s).replace('\n', " ");
            let at = e.trigger.start - s.start;
            let (before, after) = sentence.split_at(at.min(sentence.len()));
            let before: String = before
                .chars()
                .rev()
                .take(110)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let after: String = after.chars().take(80).collect();
            all.push(format!(
                "{} [{}] …{}⟦{}⟧{}…",
                e.kind,
                doc.slice(e.trigger),
                before,
                "",
                after
            ));
        }
    }
    println!("{counts:?} total {}", all.len());
    if all.is_empty() {
        return Ok(());
    }
    let stride = (all.len() / n.max(1)).max(1);
    for k in 0..n.min(all.len()) {
        println!("{k:2} {}", all[(seed + k * stride) % all.len()]);
    }
    Ok(())
}
