//! Batch robustness: every awkward input has a test (BOM, CRLF, CR, NFD,
//! tabs, NBSP, empty, binary, unreadable, symlink loops, a large file), none
//! panics, each is reported and the batch goes on; output order is
//! deterministic; JSON Lines streaming gives one line per input line; and a
//! property test runs arbitrary text and bytes through the whole pipeline and
//! every output format.

use crate::formats::{check_xml, parse_csv};
use crate::util::{cronista, cronista_stdin, jsonl_docs, pipeline, process, stderr};
use cronista::document::{Case, Mention, MentionValue};
use cronista::input::{self, Utf8Policy};
use cronista::json::JsonDoc;
use cronista::offsets::OffsetConverter;
use cronista::output::{brat, csv, tei};
use cronista::{Document, Meta};
use proptest::prelude::*;
use std::path::Path;

/// Checks every layer of a processed document: spans on char boundaries,
/// tokens and mentions free of BOM and line breaks at their edges, and the
/// JSON valid against its own text (code points re-slice to the same text).
fn check_document(doc: &Document) -> Result<JsonDoc, String> {
    let text = doc.text();
    let spans = doc
        .tokens
        .iter()
        .map(|t| t.span)
        .chain(doc.sentences.iter().map(|s| s.span))
        .chain(doc.paragraphs.iter().map(|p| p.span))
        .chain(doc.mentions.iter().map(|m| m.span))
        .chain(doc.events.iter().map(|e| e.trigger));
    for s in spans {
        if s.start > s.end || text.get(s.start..s.end).is_none() {
            return Err(format!("span {s:?} is not a slice of the text"));
        }
    }
    for t in &doc.tokens {
        let s = doc.slice(t.span);
        // No token holds white space (not even U+202F, which UAX #29 joins
        // words across, nor a space before a lone combining mark) or a BOM.
        if s.is_empty() || s.contains(|c: char| c.is_whitespace() || c == '\u{feff}') {
            return Err(format!("token {s:?} at {:?}", t.span));
        }
    }
    for m in &doc.mentions {
        let s = doc.slice(m.span);
        if s.contains('\u{feff}')
            || s.starts_with(char::is_whitespace)
            || s.ends_with(char::is_whitespace)
        {
            return Err(format!("mention {s:?} holds a BOM or edge whitespace"));
        }
    }
    let json = JsonDoc::from_document(doc);
    json.check_against(text, Path::new("prop.json"))
        .map_err(|e| e.to_string())?;
    let conv = OffsetConverter::new(text);
    for (m, jm) in doc.mentions.iter().zip(&json.mentions) {
        let chars: String = text
            .chars()
            .skip(jm.start)
            .take(jm.end - jm.start)
            .collect();
        if chars != doc.slice(m.span) || conv.to_bytes(jm.start) != Some(m.span.start) {
            return Err(format!(
                "code points {}..{} do not re-slice to {:?}",
                jm.start,
                jm.end,
                doc.slice(m.span)
            ));
        }
    }
    let back =
        JsonDoc::parse(&json.to_line(), Path::new("prop.json")).map_err(|e| e.to_string())?;
    if back != json {
        return Err("JSON does not parse back to itself".into());
    }
    Ok(json)
}

/// Adds a PERSON on every capitalized word and a NUMBER on every number
/// token, so the format writers see mentions on any text while the passes
/// are still being written.
fn with_synthetic_mentions(mut doc: Document) -> Document {
    let tokens = doc.tokens.clone();
    for t in tokens {
        let value = match (t.kind, t.case) {
            (_, Case::Capitalized) => MentionValue::Person {
                entity: doc.slice(t.span).to_string(),
                title: None,
                wikidata: None,
            },
            (cronista::document::TokenKind::Number, _) => MentionValue::Number {
                value: 1.0,
                ordinal: false,
                unit: None,
                approx: false,
            },
            _ => continue,
        };
        doc.add_mention(Mention {
            span: t.span,
            value,
        });
    }
    doc
}

fn check_formats(doc: &Document) -> Result<(), String> {
    let json = check_document(doc)?;
    let ann = brat::to_ann(&json, doc.text());
    let back = brat::import(doc.name(), &ann, doc.text(), Path::new("prop.ann"))
        .map_err(|e| format!("{e}\n{ann}"))?;
    if back.doc != json {
        return Err(format!("brat round trip differs\n{ann}"));
    }
    let xml = tei::to_tei(doc);
    let paragraphs = check_xml(&xml).map_err(|e| format!("{e}\n{xml}"))?;
    if paragraphs.len() != doc.paragraphs.len() {
        return Err("TEI paragraphs".into());
    }
    let table = parse_csv(&format!("{}{}", csv::HEADER, csv::rows(&json)));
    if table.len() != json.mentions.len() + 1 || table.iter().any(|r| r.len() != 8) {
        return Err(format!("CSV rows: {table:?}"));
    }
    for (row, m) in table[1..].iter().zip(&json.mentions) {
        if row[5] != m.text {
            return Err(format!("CSV text {:?} vs {:?}", row[5], m.text));
        }
    }
    Ok(())
}

/// Text drawn from what chronicles and their files hold: Spanish words,
/// accents precomposed and decomposed, BOM, CR, LF, tabs, NBSP, digits,
/// punctuation, markup characters, controls.
fn chronicle_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Potosí".to_string()),
        Just("Potosi\u{301}".to_string()),
        Just("Joaquín de la Pezuela".to_string()),
        Just("el 1.º de octubre de 1813".to_string()),
        Just("1.300".to_string()),
        Just("Gral.".to_string()),
        Just("\u{feff}".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n\n".to_string()),
        Just("\t".to_string()),
        Just("\u{a0}".to_string()),
        Just(". ".to_string()),
        Just("¿—«»…".to_string()),
        Just("&<>\"".to_string()),
        "\\PC{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_text_through_the_pipeline_and_every_format(text in chronicle_text()) {
        let doc = with_synthetic_mentions(pipeline().process("prop", &text, Meta::default()));
        if let Err(e) = check_formats(&doc) {
            prop_assert!(false, "{e}\ntext: {text:?}");
        }
    }

    #[test]
    fn any_bytes_are_rejected_with_a_reason_or_processed(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let p = Path::new("bytes.txt");
        match input::decode(bytes.clone(), p, Utf8Policy::Strict) {
            Ok(t) => {
                let doc = with_synthetic_mentions(pipeline().process("bytes", &t.text, Meta::default()));
                if let Err(e) = check_formats(&doc) {
                    prop_assert!(false, "{e}");
                }
            }
            Err(e) => prop_assert!(e.to_string().starts_with("bytes.txt: "), "{e}"),
        }
        // Lossy takes everything but empty and binary input.
        if let Ok(t) = input::decode(bytes, p, Utf8Policy::Lossy) {
            let doc = pipeline().process("bytes", &t.text, Meta::default());
            if let Err(e) = check_document(&doc) {
                prop_assert!(false, "{e}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any line of stdin, bytes or a record with any text, gives exactly one
    /// line of JSON with an `id`, and its offsets re-slice the record's text.
    #[test]
    fn any_jsonl_line_gives_one_json_line(bytes in prop::collection::vec(any::<u8>(), 0..200), text in chronicle_text(), as_record in any::<bool>()) {
        let line = if as_record {
            serde_json::to_vec(&serde_json::json!({"id": "r", "text": text})).unwrap()
        } else {
            bytes
        };
        for policy in [Utf8Policy::Strict, Utf8Policy::Lossy] {
            let out = cronista::batch::jsonl_record(pipeline(), 3, &line, policy);
            prop_assert!(!out.line.contains('\n') && !out.line.contains('\r'), "{}", out.line);
            let v: serde_json::Value = serde_json::from_str(&out.line).unwrap();
            prop_assert!(v.get("id").is_some());
            prop_assert_eq!(v.get("error").is_some(), out.error.is_some());
            if as_record {
                prop_assert!(out.error.is_none(), "{:?}", out.error);
                let doc = out.doc.unwrap();
                doc.check_against(&text, Path::new("r")).unwrap();
            }
        }
    }
}

#[test]
fn bom_counts_in_offsets_but_is_never_in_a_token_or_mention() {
    let text = "\u{feff}Belgrano llegó a Potosí.";
    let doc = process(text);
    assert_eq!(doc.slice(doc.tokens[0].span), "Belgrano");
    assert_eq!(doc.tokens[0].span.start, 3, "bytes: the BOM is three");
    assert_eq!(doc.paragraphs[0].span.start, 3);
    let doc = with_synthetic_mentions(doc);
    let json = check_document(&doc).unwrap();
    assert_eq!(
        (json.mentions[0].start, json.mentions[0].text.as_str()),
        (1, "Belgrano"),
        "code points count the BOM"
    );
    // A BOM-only file and a BOM before blank lines give nothing, and no panic.
    for t in ["\u{feff}", "\u{feff}\r\n\r\n", "\u{feff}\u{feff}x"] {
        check_document(&process(t)).unwrap();
    }
}

#[test]
fn crlf_and_cr_line_endings() {
    for (text, paragraphs) in [
        (
            "Belgrano llegó.\r\nOlañeta huyó.\r\n",
            vec!["Belgrano llegó.", "Olañeta huyó."],
        ),
        (
            "Belgrano llegó.\rOlañeta huyó.\r",
            vec!["Belgrano llegó.", "Olañeta huyó."],
        ),
        // Wrapped paragraphs (blank-line separated), CRLF and CR.
        (
            "Uno dos\r\ntres\r\ncuatro.\r\n\r\nCinco\r\nseis\r\nsiete.\r\n",
            vec!["Uno dos\r\ntres\r\ncuatro.", "Cinco\r\nseis\r\nsiete."],
        ),
        (
            "Uno dos\rtres\rcuatro.\r\rCinco\rseis\rsiete.",
            vec!["Uno dos\rtres\rcuatro.", "Cinco\rseis\rsiete."],
        ),
    ] {
        let doc = process(text);
        let got: Vec<&str> = doc.paragraphs.iter().map(|p| doc.slice(p.span)).collect();
        assert_eq!(got, paragraphs, "{text:?}");
        assert!(
            doc.tokens
                .iter()
                .all(|t| !doc.slice(t.span).contains(['\r', '\n'])),
            "{text:?}"
        );
        check_document(&with_synthetic_mentions(doc)).unwrap();
    }
}

#[test]
fn nfd_accents_stay_in_one_token_that_folds_and_slices_back() {
    let text = "Llegó a Potosi\u{301} el 3.";
    let doc = process(text);
    let t = doc
        .tokens
        .iter()
        .find(|t| t.folded == "potosi")
        .expect("one token Potosí in NFD");
    assert_eq!(
        doc.slice(t.span),
        "Potosi\u{301}",
        "the original bytes, not normalized"
    );
    assert_eq!(
        &text.as_bytes()[t.span.start..t.span.end],
        "Potosi\u{301}".as_bytes()
    );
    assert_eq!(t.case, Case::Capitalized);
    let json = check_document(&with_synthetic_mentions(doc)).unwrap();
    let m = json
        .mentions
        .iter()
        .find(|m| m.text.starts_with("Potosi"))
        .unwrap();
    // "Llegó a " is 8 code points; the combining accent is one more.
    assert_eq!((m.start, m.end), (8, 15));
}

#[test]
fn tabs_and_non_breaking_spaces_separate_tokens() {
    for text in [
        "Belgrano\tllegó\ta\tPotosí",
        "Belgrano\u{a0}llegó\u{a0}a\u{a0}Potosí",
        "Belgrano \u{a0}\tllegó a Potosí",
    ] {
        let doc = process(text);
        let got: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
        assert_eq!(got, ["Belgrano", "llegó", "a", "Potosí"], "{text:?}");
        check_document(&with_synthetic_mentions(doc)).unwrap();
    }
}

#[test]
fn empty_and_blank_texts_do_not_panic() {
    for t in [
        "",
        " ",
        "\n",
        "\r\n\r\n",
        "\t\u{a0}",
        ".",
        "…",
        "\u{301}",
        "\u{301}\u{301}a",
    ] {
        check_formats(&with_synthetic_mentions(process(t)))
            .unwrap_or_else(|e| panic!("{t:?}: {e}"));
    }
}

#[test]
fn every_bad_file_is_named_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("in");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("bueno.txt"), "Rondeau llegó a Chayanta.").unwrap();
    std::fs::write(d.join("vacio.txt"), "").unwrap();
    std::fs::write(d.join("binario.txt"), b"PK\x03\x04\x00\x00ab").unwrap();
    std::fs::write(d.join("latin1.txt"), b"Potos\xed y Chuquisaca").unwrap();
    std::fs::write(d.join("sub/crlf.txt"), "Uno.\r\nDos.\r\n").unwrap();
    std::fs::write(d.join("sub/bom.txt"), "\u{feff}Tres.").unwrap();
    // A symlink loop: sub/loop → in.
    std::os::unix::fs::symlink(&d, d.join("sub/loop")).unwrap();
    let out = dir.path().join("out");
    let o = cronista(&[
        "extract",
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("vacio.txt: empty file"), "{err}");
    assert!(
        err.contains("binario.txt: binary file (NUL byte at byte 4)"),
        "{err}"
    );
    assert!(err.contains("latin1.txt: invalid UTF-8 at byte 5"), "{err}");
    assert!(
        err.contains("loop") && err.contains("symlink loop"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    for ok in ["bueno", "crlf", "bom"] {
        JsonDoc::read(&out.join(format!("{ok}.json"))).unwrap();
    }
    // The summary counts what happened.
    assert!(err.contains("3 documents, 4 errors"), "{err}");
}

#[test]
fn unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("abierto.txt"), "Texto.").unwrap();
    // A dangling symlink cannot be read by anyone, root included.
    std::os::unix::fs::symlink("/no/such/file.txt", dir.path().join("roto.txt")).unwrap();
    let o = cronista(&["extract", dir.path().to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("roto.txt: No such file or directory"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().lines().count(),
        1,
        "the readable file is processed"
    );

    let f = dir.path().join("cerrado.txt");
    std::fs::write(&f, "Texto.").unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&f).is_ok() {
        eprintln!(
            "unreadable_file_is_reported: running as root, chmod 000 does not prevent reading; that part skipped"
        );
        return;
    }
    let o = cronista(&[
        "extract",
        f.to_str().unwrap(),
        dir.path().join("abierto.txt").to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cerrado.txt: Permission denied"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().lines().count(),
        1,
        "the readable file is processed"
    );
}

#[test]
fn directory_output_order_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for i in 0..40 {
        // Sizes vary so that documents finish out of order.
        let name = format!("d{i:02}");
        let text = "Belgrano llegó a Potosí. ".repeat(1 + (i * 37) % 200);
        std::fs::write(dir.path().join(format!("{name}.txt")), text).unwrap();
        names.push(name);
    }
    let o = cronista(&[
        "extract",
        dir.path().to_str().unwrap(),
        "--format",
        "jsonl",
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "--quiet: {}", stderr(&o));
    let docs = jsonl_docs(&o.stdout);
    assert_eq!(docs, names);
    // One worker thread gives the same bytes; zero is a usage error.
    let one = cronista(&[
        "extract",
        dir.path().to_str().unwrap(),
        "--format",
        "jsonl",
        "-q",
        "-j",
        "1",
    ]);
    let all = cronista(&[
        "extract",
        dir.path().to_str().unwrap(),
        "--format",
        "jsonl",
        "-q",
    ]);
    assert!(one.status.success() && one.stdout == all.stdout);
    let o = cronista(&["extract", dir.path().to_str().unwrap(), "--threads", "0"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn jsonl_stdin_gives_one_line_per_input_line_in_order() {
    let mut input = Vec::new();
    let mut expected = Vec::new();
    for i in 0..60 {
        match i % 15 {
            7 => {
                input.extend_from_slice(b"{\"id\": 7, \"text\": 3}\n");
                expected.push(("7".to_string(), true));
            }
            11 => {
                input.extend_from_slice(b"esto no es JSON\n");
                expected.push(("null".to_string(), true));
            }
            13 => {
                input.extend_from_slice(b"{\"id\": \"malo\", \"text\": \"Potos\xed\"}\n");
                expected.push(("null".to_string(), true));
            }
            _ => {
                let text = "Belgrano llegó a Potosí.\n".repeat(1 + (i * 31) % 120);
                let meta = if i % 2 == 0 {
                    ", \"meta\": {\"year\": 1813}"
                } else {
                    ""
                };
                let line = format!(
                    "{{\"id\": \"doc{i}\", \"text\": {}{meta}}}\r\n",
                    serde_json::to_string(&text).unwrap()
                );
                input.extend_from_slice(line.as_bytes());
                expected.push((format!("\"doc{i}\""), false));
            }
        }
    }
    let o = cronista_stdin(&["extract", "--format", "jsonl"], &input);
    assert_eq!(
        o.status.code(),
        Some(1),
        "bad records make exit code 1: {}",
        stderr(&o)
    );
    let stdout = String::from_utf8(o.stdout.clone()).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        expected.len(),
        "one output line per input line"
    );
    for (i, (line, (id, is_error))) in lines.iter().zip(&expected).enumerate() {
        assert_eq!(&line["id"].to_string(), id, "line {}", i + 1);
        assert_eq!(
            line.get("error").is_some(),
            *is_error,
            "line {}: {line}",
            i + 1
        );
        if *is_error {
            assert_eq!(line["line"], i + 1);
        } else {
            assert!(line["mentions"].is_array() && line["events"].is_array());
            assert_eq!(line["doc"], format!("doc{i}"));
        }
    }
    let err = stderr(&o);
    assert!(
        err.contains("stdin line 8: `text` is missing or not a string"),
        "{err}"
    );
    assert!(err.contains("stdin line 12: not JSON"), "{err}");
    assert!(
        err.contains("stdin line 14: invalid UTF-8 at byte"),
        "{err}"
    );
    assert!(err.contains("48 documents, 12 errors"), "{err}");

    // `-` reads stdin too; --lossy takes the bad bytes and says so.
    let o = cronista_stdin(
        &["extract", "-", "--format", "jsonl", "--lossy"],
        b"{\"id\": \"malo\", \"text\": \"Potos\xed\"}\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("replaced"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["id"], "malo");
    // A BOM opening the stream (Windows tools write one) is not a record's.
    let o = cronista_stdin(
        &["extract", "--format", "jsonl"],
        "\u{feff}{\"id\": 1, \"text\": \"\u{feff}Hola.\"}\n".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["id"], 1);
    // Without --format jsonl there is nothing to read from stdin.
    let o = cronista_stdin(&["extract"], b"");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_large_single_file_goes_through() {
    // 2 MB here to keep the test fast; a 200 MB file was run by hand
    // (docs/batch.md gives its time and peak memory).
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("grande.txt");
    let para = "El 19 de noviembre los realistas llegaron a Chala; el 21 ocuparon la quebrada de Tacarite.\n";
    std::fs::write(&f, para.repeat(2_000_000 / para.len())).unwrap();
    let o = cronista(&["extract", f.to_str().unwrap(), "--format", "jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["doc"], "grande");
}

#[test]
fn bench_says_so_when_there_is_no_corpus_and_measures_a_small_one() {
    let o = cronista(&["bench", "/no/such/corpus"]);
    assert!(o.status.success(), "a missing corpus is not an error");
    assert!(String::from_utf8_lossy(&o.stdout).contains("No bench corpus at /no/such/corpus"));
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3 {
        std::fs::write(
            dir.path().join(format!("t{i}.txt")),
            "Belgrano llegó a Potosí el 3 de mayo.\n".repeat(200),
        )
        .unwrap();
    }
    let o = cronista(&["bench", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    for needle in [
        "(3 files",
        "tokenize",
        "json output",
        "1 thread",
        "threads",
        "speed-up",
        "peak RSS",
        "MB/s per core",
    ] {
        assert!(out.contains(needle), "{needle} missing:\n{out}");
    }
    // Every pass of the pipeline has its line.
    for pass in pipeline().passes() {
        assert!(
            out.lines().any(|l| l.starts_with(pass.name())),
            "{}:\n{out}",
            pass.name()
        );
    }
}

#[test]
fn import_brat_reports_a_bad_ann_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("bueno.txt"), "Belgrano llegó.").unwrap();
    std::fs::write(
        d.join("bueno.ann"),
        "T1\tPERSON 0 8\tBelgrano\n#1\tAnnotatorNotes T1\tentity=Manuel Belgrano\n",
    )
    .unwrap();
    std::fs::write(d.join("malo.txt"), "Belgrano llegó.").unwrap();
    std::fs::write(d.join("malo.ann"), "T1\tPERSON 0 99\tBelgrano\n").unwrap();
    let out = d.join("out");
    let o = cronista(&[
        "import-brat",
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("malo.ann: line 1: offsets 0 99 outside the text"),
        "{}",
        stderr(&o)
    );
    let j = JsonDoc::read(&out.join("bueno.json")).unwrap();
    assert_eq!(j.mentions[0].entity.as_deref(), Some("Manuel Belgrano"));
}
