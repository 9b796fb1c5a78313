//! NUMBER pass: the phrase table `tests/data/numbers.tsv`, the word parser
//! against a number-to-words generator for every n below a million, the
//! clash with DATE, and robustness on arbitrary text.

use crate::util::{Failures, table};
use cronista::document::{Document, Mention, MentionType, MentionValue, Span};
use cronista::passes::numbers::{Numbers, parse_number_words};
use cronista::tokenize::Tokenizer;
use cronista::{Meta, Pass};
use std::sync::OnceLock;

fn passes() -> &'static (Tokenizer, Numbers) {
    static P: OnceLock<(Tokenizer, Numbers)> = OnceLock::new();
    P.get_or_init(|| (Tokenizer::new().unwrap(), Numbers::new().unwrap()))
}

/// Tokenizes `text`, lets `before` add mentions by hand, then runs NUMBER.
fn numbers(text: &str, before: impl FnOnce(&mut Document)) -> Document {
    let (tok, num) = passes();
    let mut doc = Document::new("test", text, Meta::default());
    tok.run(&mut doc);
    before(&mut doc);
    num.run(&mut doc);
    doc
}

/// A mention as the table writes it: `extent/value/kind/unit/approx`.
fn describe(doc: &Document, m: &Mention) -> Option<String> {
    let MentionValue::Number {
        value,
        ordinal,
        unit,
        approx,
    } = &m.value
    else {
        return None;
    };
    Some(format!(
        "{}/{}/{}/{}/{}",
        doc.slice(m.span),
        value,
        if *ordinal { "o" } else { "c" },
        unit.as_deref().unwrap_or("-"),
        if *approx { "~" } else { "-" }
    ))
}

#[test]
fn number_table() {
    let t = table("numbers.tsv");
    let (text, expected) = (t.column("text").unwrap(), t.column("numbers").unwrap());
    assert!(
        t.rows.len() >= 150,
        "the table holds {} phrases",
        t.rows.len()
    );
    let mut f = Failures::default();
    for row in &t.rows {
        let doc = numbers(&row.fields[text], |_| {});
        let got: Vec<String> = doc
            .mentions
            .iter()
            .filter_map(|m| describe(&doc, m))
            .collect();
        let want: Vec<String> = match row.fields[expected].as_str() {
            "-" => vec![],
            e => e.split(" ; ").map(str::to_string).collect(),
        };
        f.check(got == want, row.line, || {
            format!("{:?}: want {want:?}, got {got:?}", row.fields[text])
        });
    }
    f.assert_none("number");
}

/// Digits inside a DATE are the DATE's: NUMBER never overlaps it, but still
/// finds the numbers around it.
#[test]
fn date_wins_the_clash() {
    let text = "El 19 de octubre llegaron 300 hombres.";
    let doc = numbers(text, |doc| {
        let date = Mention {
            span: Span::new(0, 16),
            value: MentionValue::Date {
                value: "XXXX-10-19".into(),
            },
        };
        assert!(doc.add_mention(date));
    });
    let kinds: Vec<(MentionType, &str)> = doc
        .mentions
        .iter()
        .map(|m| (m.mention_type(), doc.slice(m.span)))
        .collect();
    assert_eq!(
        kinds,
        [
            (MentionType::Date, "El 19 de octubre"),
            (MentionType::Number, "300")
        ]
    );
    // A DATE that covers a number-looking word (`las tres de la tarde`).
    let text = "A las tres de la tarde cayeron dos cañones.";
    let doc = numbers(text, |doc| {
        let date = Mention {
            span: Span::new(2, 22),
            value: MentionValue::Date {
                value: "XXXX-XX-XXT15:00".into(),
            },
        };
        assert!(doc.add_mention(date));
    });
    let numbers: Vec<&str> = doc
        .mentions
        .iter()
        .filter(|m| m.mention_type() == MentionType::Number)
        .map(|m| doc.slice(m.span))
        .collect();
    assert_eq!(numbers, ["dos"]);
}

/// What a Spanish writer writes for 0 ≤ n < 1 000 000 (RAE, Nueva
/// gramática §21): `veintiún mil`, `ciento un mil`, `cien mil`; `feminine`
/// gives `doscientas`, `veintiuna`, `una` in the last group.
fn spanish(n: u32, feminine: bool) -> String {
    const UNITS: [&str; 30] = [
        "cero",
        "uno",
        "dos",
        "tres",
        "cuatro",
        "cinco",
        "seis",
        "siete",
        "ocho",
        "nueve",
        "diez",
        "once",
        "doce",
        "trece",
        "catorce",
        "quince",
        "dieciséis",
        "diecisiete",
        "dieciocho",
        "diecinueve",
        "veinte",
        "veintiuno",
        "veintidós",
        "veintitrés",
        "veinticuatro",
        "veinticinco",
        "veintiséis",
        "veintisiete",
        "veintiocho",
        "veintinueve",
    ];
    const TENS: [&str; 10] = [
        "",
        "",
        "",
        "treinta",
        "cuarenta",
        "cincuenta",
        "sesenta",
        "setenta",
        "ochenta",
        "noventa",
    ];
    const HUNDREDS: [&str; 10] = [
        "",
        "ciento",
        "doscientos",
        "trescientos",
        "cuatrocientos",
        "quinientos",
        "seiscientos",
        "setecientos",
        "ochocientos",
        "novecientos",
    ];
    // One group below a thousand; `apocope` when `mil` follows (`veintiún mil`).
    fn group(n: u32, apocope: bool, feminine: bool) -> String {
        let mut words: Vec<String> = vec![];
        let (h, rest) = (n / 100, n % 100);
        if n == 100 {
            return "cien".into();
        }
        if h > 0 {
            let w = HUNDREDS[h as usize];
            words.push(if feminine && h > 1 {
                w.replace("ientos", "ientas")
            } else {
                w.to_string()
            });
        }
        if rest > 0 {
            let one = |w: &str| -> String {
                if feminine {
                    w.replace("uno", "una")
                } else if apocope && w == "uno" {
                    "un".into()
                } else if apocope {
                    w.replace("uno", "ún")
                } else {
                    w.to_string()
                }
            };
            if rest < 30 {
                words.push(one(UNITS[rest as usize]));
            } else {
                words.push(TENS[(rest / 10) as usize].to_string());
                if rest % 10 > 0 {
                    words.push("y".into());
                    words.push(one(UNITS[(rest % 10) as usize]));
                }
            }
        }
        words.join(" ")
    }
    if n == 0 {
        return "cero".into();
    }
    let (th, rest) = (n / 1000, n % 1000);
    let mut parts = vec![];
    if th == 1 {
        parts.push("mil".to_string());
    } else if th > 1 {
        parts.push(format!("{} mil", group(th, !feminine, feminine)));
    }
    if rest > 0 {
        parts.push(group(rest, false, feminine));
    }
    parts.join(" ")
}

#[test]
fn generator_writes_spanish() {
    for (n, m, f) in [
        (1, "uno", "una"),
        (21, "veintiuno", "veintiuna"),
        (100, "cien", "cien"),
        (101, "ciento uno", "ciento una"),
        (200, "doscientos", "doscientas"),
        (1000, "mil", "mil"),
        (21_000, "veintiún mil", "veintiuna mil"),
        (31_001, "treinta y un mil uno", "treinta y una mil una"),
        (100_000, "cien mil", "cien mil"),
        (101_000, "ciento un mil", "ciento una mil"),
        (2_500, "dos mil quinientos", "dos mil quinientas"),
        (
            999_999,
            "novecientos noventa y nueve mil novecientos noventa y nueve",
            "novecientas noventa y nueve mil novecientas noventa y nueve",
        ),
    ] {
        assert_eq!(spanish(n, false), m, "{n}");
        assert_eq!(spanish(n, true), f, "{n}");
    }
}

/// Every n below a million, in both genders, parses back to n. The words
/// of each group of three digits are generated (by [`spanish`]) and folded
/// once, then put together for every n, so the loop exercises the parser.
#[test]
fn every_number_below_a_million_parses_back() {
    let words = |n: u32, feminine: bool| -> Vec<String> {
        spanish(n, feminine)
            .split(' ')
            .map(cronista::fold::fold)
            .collect()
    };
    // For each gender: the words of n and of `n mil` for n < 1000.
    let table: Vec<(Vec<Vec<String>>, Vec<Vec<String>>)> = [false, true]
        .into_iter()
        .map(|fem| {
            (
                (0..1000).map(|n| words(n, fem)).collect(),
                (0..1000).map(|n| words(n * 1000, fem)).collect(),
            )
        })
        .collect();
    let mut f = Failures::default();
    let mut parts: Vec<&str> = Vec::with_capacity(16);
    for (low, high) in &table {
        for n in 0..1_000_000usize {
            parts.clear();
            let (th, rest) = (n / 1000, n % 1000);
            if th > 0 {
                parts.extend(high[th].iter().map(String::as_str));
            }
            if rest > 0 || th == 0 {
                parts.extend(low[rest].iter().map(String::as_str));
            }
            let got = parse_number_words(&parts);
            if got != Some(n as f64) {
                f.push(format!("{n} {parts:?}: got {got:?}"));
            }
        }
    }
    f.assert_none("number-word");
}

/// The composition above writes what [`spanish`] writes.
#[test]
fn composed_words_match_the_generator() {
    for n in [0u32, 7, 1000, 1001, 21_021, 100_100, 999_999, 31_000] {
        let (th, rest) = (n / 1000, n % 1000);
        let mut s = vec![];
        if th > 0 {
            s.push(spanish(th * 1000, false));
        }
        if rest > 0 || th == 0 {
            s.push(spanish(rest, false));
        }
        assert_eq!(s.join(" "), spanish(n, false), "{n}");
    }
}

/// The pass never panics and keeps every span on the text, whatever the text.
#[test]
fn never_panics_on_any_text() {
    use proptest::prelude::*;
    let pieces = prop::sample::select(vec![
        "dos",
        "mil",
        "y",
        "un",
        "millón",
        "millones",
        "veintiún",
        "primera",
        "medio",
        "de",
        "a",
        "las",
        "el",
        "1.300",
        "80",
        "000",
        "1,5",
        "20-21",
        "3er",
        "2.ª",
        "§",
        "cap.",
        "57.-",
        "unos",
        "cerca",
        "hombres",
        "octubre",
        "\u{a0}",
        " ",
        "\n",
        "\n\n",
        ".",
        ",",
        "<",
        ">",
        "{",
        "#",
        "—",
        "Á",
        "́",
        "ñ",
    ]);
    proptest!(ProptestConfig::with_cases(300), |(parts in prop::collection::vec(pieces, 0..40), raw in ".{0,40}")| {
        let text = format!("{}{raw}", parts.concat());
        let doc = numbers(&text, |_| {});
        for m in &doc.mentions {
            prop_assert!(m.span.end <= text.len() && text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        }
    });
}
