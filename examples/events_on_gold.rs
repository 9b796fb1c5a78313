//! Runs the EVENT pass on documents whose mentions are the gold ones, so the
//! pass is measured alone: `cargo run --release --example events_on_gold
//! [-- OUT_DIR]`. Writes OUT_DIR/<doc>.json (default /tmp/events-on-gold),
//! prints each predicted event, then the reference scorer's figures
//! (trigger-class F1 and argument F1) when python3 is available.
use cronista::json::JsonDoc;
use cronista::passes::events::Events;
use cronista::tokenize::Tokenizer;
use cronista::{Meta, Pass};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or("/tmp/events-on-gold".into()),
    );
    std::fs::create_dir_all(&out)?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (tokenizer, events) = (Tokenizer::new()?, Events::new()?);
    for name in ["vilcapugio", "sipe_sipe"] {
        let text = std::fs::read_to_string(root.join(format!("corpus/{name}.txt")))?;
        let gold_path = root.join(format!("gold/{name}.json"));
        let mut gold = JsonDoc::read(&gold_path)?;
        gold.events.clear();
        let mut doc = gold.to_document(&text, Meta::default(), &gold_path)?;
        tokenizer.run(&mut doc);
        events.run(&mut doc);
        let json = JsonDoc::from_document(&doc);
        for e in &json.events {
            let args: Vec<String> = e
                .args
                .iter()
                .map(|a| {
                    let m = json
                        .mentions
                        .iter()
                        .find(|m| m.id == a.reference)
                        .expect("argument");
                    format!("{}={}", a.role, m.text)
                })
                .collect();
            println!(
                "{name} {} {} {} | {}",
                e.id,
                e.event_type,
                e.trigger.text,
                args.join(", ")
            );
        }
        std::fs::write(out.join(format!("{name}.json")), json.to_pretty())?;
    }
    let scorer = "/work/shared/reference/score.py";
    if Path::new(scorer).exists() {
        let status = std::process::Command::new("python3")
            .args([
                scorer,
                &root.join("gold").display().to_string(),
                &out.display().to_string(),
            ])
            .args(["--texts", &root.join("corpus").display().to_string()])
            .status()?;
        if !status.success() {
            eprintln!("scorer exited with {status}");
        }
    }
    Ok(())
}
