//! Tokenizer and sentence splitter: the cases of `tests/data/tokens.tsv`
//! and `tests/data/sentences.tsv`, and the sentence boundaries of the corpus.

use crate::util::{Failures, process, read, table};

/// Each case: a text and its expected tokens, separated by ` | `.
#[test]
fn token_table() {
    let t = table("tokens.tsv");
    let (text, tokens) = (t.column("text").unwrap(), t.column("tokens").unwrap());
    let mut f = Failures::default();
    for row in &t.rows {
        let doc = process(&row.fields[text]);
        let got: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
        let want: Vec<&str> = row.fields[tokens].split(" | ").collect();
        f.check(got == want, row.line, || {
            format!("{:?}: got {got:?}", row.fields[text])
        });
    }
    f.assert_none("token");
}

/// Each case: a text and its expected sentences, separated by ` || `.
#[test]
fn sentence_table() {
    let t = table("sentences.tsv");
    let (text, sents) = (t.column("text").unwrap(), t.column("sentences").unwrap());
    let mut f = Failures::default();
    for row in &t.rows {
        let input = row.fields[text].replace("\\n", "\n");
        let doc = process(&input);
        let got: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(s.span)).collect();
        let want: Vec<String> = row.fields[sents]
            .split(" || ")
            .map(|s| s.replace("\\n", "\n"))
            .collect();
        f.check(got == want, row.line, || {
            format!("{:?}: got {got:?}", row.fields[text])
        });
    }
    f.assert_none("sentence");
}

/// Folded forms and capitalization.
#[test]
fn folded_forms_and_case() {
    use cronista::document::Case;
    let doc = process("Alvarez y Álvarez, TRAFALGAR 1.300");
    let folded: Vec<&str> = doc.tokens.iter().map(|t| t.folded.as_str()).collect();
    assert_eq!(
        folded,
        ["alvarez", "y", "alvarez", ",", "trafalgar", "1.300"]
    );
    let cases: Vec<Case> = doc.tokens.iter().map(|t| t.case).collect();
    assert_eq!(
        cases,
        [
            Case::Capitalized,
            Case::Lower,
            Case::Capitalized,
            Case::None,
            Case::Upper,
            Case::None
        ]
    );
}

/// The corpus texts: every sentence ends where a reader ends it.
#[test]
fn corpus_sentence_boundaries() {
    for (doc_name, count, firsts) in [
        (
            "vilcapugio",
            18,
            &[
                "El general Joaquín",
                "Gracias a ello",
                "Una primera",
                "Contra todo",
                "Belgrano estableció",
            ][..],
        ),
        (
            "sipe_sipe",
            17,
            &[
                "En setiembre",
                "El 2 de octubre",
                "Martín Rodríguez avanzó",
                "En esa acción",
            ][..],
        ),
    ] {
        let text = read(format!("corpus/{doc_name}.txt"));
        let doc = process(&text);
        let starts: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(s.span)).collect();
        for (i, first) in firsts.iter().enumerate() {
            assert!(
                starts[i].starts_with(first),
                "{doc_name} sentence {i}: {:?}",
                starts[i]
            );
        }
        assert_eq!(doc.sentences.len(), count, "{doc_name}: {starts:#?}");
        // Every sentence ends with a terminator, except the one cut by a
        // paragraph break after "Martín Rodríguez,".
        for s in &starts {
            assert!(s.ends_with('.') || s.ends_with(','), "{doc_name}: {s:?}");
        }
        // Offsets are checked by slicing: every token is inside its sentence.
        for (i, s) in doc.sentences.iter().enumerate() {
            for t in doc.sentence_tokens(i) {
                assert!(s.span.contains(t.span));
            }
        }
    }
}
