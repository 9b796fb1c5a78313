//! Prints the sentences and tokens of a text: `cargo run --example sentences -- FILE`.
//! A look at what the tokenizer makes of a text when writing rules.
use cronista::{Meta, Pipeline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: sentences FILE")?;
    let text = std::fs::read_to_string(&path)?;
    let doc = Pipeline::new()?.process("x", &text, Meta::default());
    for (i, s) in doc.sentences.iter().enumerate() {
        let toks: Vec<&str> = doc
            .sentence_tokens(i)
            .iter()
            .map(|t| doc.slice(t.span))
            .collect();
        println!("[{i} p{}] {}", s.paragraph, toks.join(" ▏"));
    }
    Ok(())
}
