//! The DATE pass: the phrase table of `tests/data/dates.tsv` (extent and
//! value of every DATE, negatives that must yield none), narratives where
//! months and years carry over, roll forward and come from metadata, and the
//! DATE mentions of the hand-annotated corpus.

use crate::util::{Failures, pipeline, read, table};
use cronista::document::{MentionType, MentionValue};
use cronista::{Document, Meta};

/// The DATE mentions of a document as `extent => value`.
fn dates(doc: &Document) -> Vec<String> {
    doc.mentions
        .iter()
        .filter_map(|m| match &m.value {
            MentionValue::Date { value } => Some(format!("{} => {value}", doc.slice(m.span))),
            _ => None,
        })
        .collect()
}

fn meta(field: &str) -> Meta {
    if let Some(y) = field.strip_prefix("year=") {
        Meta {
            year: Some(y.parse().expect("a year")),
            reference: None,
        }
    } else if let Some(r) = field.strip_prefix("reference=") {
        Meta {
            year: None,
            reference: Some(r.to_string()),
        }
    } else {
        Meta::default()
    }
}

fn run(text: &str, meta: Meta) -> Vec<String> {
    dates(&pipeline().process("test", text, meta))
}

#[test]
fn date_table() {
    let t = table("dates.tsv");
    let (text, want, meta_col) = (
        t.column("text").unwrap(),
        t.column("dates").unwrap(),
        t.column("meta").unwrap(),
    );
    assert!(
        t.rows.len() >= 120,
        "the table must hold at least 120 phrases"
    );
    let mut f = Failures::default();
    for row in &t.rows {
        let input = row.fields[text].replace("\\n", "\n");
        let got = run(&input, meta(&row.fields[meta_col]));
        let want: Vec<String> = match row.fields[want].as_str() {
            "-" => vec![],
            w => w.split(" | ").map(|s| s.replace("\\n", "\n")).collect(),
        };
        f.check(got == want, row.line, || {
            format!("{input:?}\n      want {want:?}\n      got  {got:?}")
        });
    }
    f.assert_none("date");
}

/// Months and years carry over across sentences and paragraphs; a narrative
/// that moves past December moves the year; metadata fills `XXXX`.
#[test]
fn narrative_inheritance_and_roll_over() {
    let text = "El 19 de noviembre de 1814 los realistas llegaron a Chala.\n\
                El 21 ocuparon la quebrada; el 25 se adueñaron de las alturas.\n\
                Los encuentros empezaron el 28 del mismo mes. El 2 de diciembre atacaron; \
                el 30 se retiraron y el 3 de enero llegaron a Tupiza. Al día siguiente acamparon.";
    assert_eq!(
        run(text, Meta::default()),
        [
            "El 19 de noviembre de 1814 => 1814-11-19",
            "El 21 => 1814-11-21",
            "el 25 => 1814-11-25",
            "el 28 del mismo mes => 1814-11-28",
            "El 2 de diciembre => 1814-12-02",
            "el 30 => 1814-12-30",
            "el 3 de enero => 1815-01-03",
            "día siguiente => 1815-01-04",
        ]
    );
}

#[test]
fn narrative_without_year_keeps_xxxx_and_steps_back_plainly() {
    let text = "Presentó batalla el 1 de octubre. El 29 de setiembre se había iniciado la marcha \
                y el 19 de octubre descendieron. A las tres de la tarde todo estaba decidido.";
    assert_eq!(
        run(text, Meta::default()),
        [
            "el 1 de octubre => XXXX-10-01",
            "El 29 de setiembre => XXXX-09-29",
            "el 19 de octubre => XXXX-10-19",
            "las tres de la tarde => XXXX-10-19T15:00",
        ]
    );
}

#[test]
fn narrative_anchored_by_metadata() {
    let text = "En setiembre se movió Rondeau. El 2 de octubre llegó a Chayanta. \
                El 3 de enero partió. Esa noche llovió.";
    let want = |y1: &str, y2: &str| {
        vec![
            format!("setiembre => {y1}-09"),
            format!("El 2 de octubre => {y1}-10-02"),
            format!("El 3 de enero => {y2}-01-03"),
            format!("Esa noche => {y2}-01-03TNI"),
        ]
    };
    assert_eq!(run(text, meta("year=1815")), want("1815", "1816"));
    assert_eq!(
        run(text, meta("reference=1815-09-01")),
        want("1815", "1816")
    );
    assert_eq!(run(text, Meta::default()), want("XXXX", "XXXX"));
}

#[test]
fn a_bare_day_needs_a_reference_month() {
    assert_eq!(
        run("El 21 ocuparon la quebrada.", Meta::default()),
        Vec::<String>::new()
    );
    assert_eq!(
        run(
            "En noviembre avanzaron. El 21 ocuparon la quebrada.",
            Meta::default()
        ),
        ["noviembre => XXXX-11", "El 21 => XXXX-11-21"]
    );
}

/// Only time points of the narrative move the reference: a birth year in
/// parentheses, a death date, a noun's year (`la Constitución de 1812`), a
/// look back by years (`el año 45`, `dos años antes`) and shifts counted from
/// an event get values but leave the narrative where it was; a year shift
/// right after an aside counts from the aside (`el año 5, y dos años antes`
/// is 1803); a forward year (`el año 17`) and a full date move it.
#[test]
fn asides_and_flashbacks_leave_the_reference_alone() {
    let text = "En 1815 llegó a Cádiz el general Ruiz (nacido en 1762), que había jurado \
                la Constitución de 1812. Su hermano murió en Lima el 3 de mayo de 1790. \
                El 28 de diciembre salió de Cádiz; el 24 había recibido la orden. \
                Entró en el ejército el año 5, y dos años antes había estudiado en Sevilla. \
                A los tres días de su salida llegó a Jerez. \
                El año 17 volvió a Madrid, y el 5 de Abril fue preso.\n\n\
                El 6 por la tarde lo llevaron a la cárcel.";
    assert_eq!(
        run(text, Meta::default()),
        [
            "1815 => 1815",
            "1762 => 1762",
            "1812 => 1812",
            "el 3 de mayo de 1790 => 1790-05-03",
            "El 28 de diciembre => 1815-12-28",
            "el 24 => 1815-12-24",
            "el año 5 => 1805",
            "dos años antes => 1803",
            "El año 17 => 1817",
            "el 5 de Abril => 1817-04-05",
            "El 6 por la tarde => 1817-04-06TAF",
        ]
    );
}

/// With a year in the metadata, a date more than two years away is an aside.
#[test]
fn metadata_year_holds_against_far_years() {
    let text = "El 20 de octubre llegó el ejército. Su jefe había nacido el 2 de mayo de 1770 \
                y combatido en 1794. El 28 salió.";
    assert_eq!(
        run(text, meta("year=1810")),
        [
            "El 20 de octubre => 1810-10-20",
            "el 2 de mayo de 1770 => 1770-05-02",
            "1794 => 1794",
            "El 28 => 1810-10-28",
        ]
    );
}

/// The DATE mentions of the corpus texts match the hand annotation: every
/// gold DATE overlaps exactly one predicted DATE with the same value, and
/// nothing else is predicted. (Extents may differ where a documented
/// decision says so: the misprint `lo noche` is left outside.)
#[test]
fn corpus_dates_match_gold() {
    for name in ["vilcapugio", "sipe_sipe"] {
        let text = read(format!("corpus/{name}.txt"));
        let doc = pipeline().process(name, &text, Meta::default());
        let json = cronista::json::JsonDoc::from_document(&doc);
        let gold = cronista::json::JsonDoc::parse(
            &read(format!("gold/{name}.json")),
            std::path::Path::new(name),
        )
        .unwrap();
        let pred: Vec<_> = json
            .mentions
            .iter()
            .filter(|m| m.mention_type == "DATE")
            .collect();
        let want: Vec<_> = gold
            .mentions
            .iter()
            .filter(|m| m.mention_type == "DATE")
            .collect();
        assert_eq!(
            pred.len(),
            want.len(),
            "{name}: {:?}",
            pred.iter().map(|m| &m.text).collect::<Vec<_>>()
        );
        for g in &want {
            let hits: Vec<_> = pred
                .iter()
                .filter(|p| p.start < g.end && g.start < p.end)
                .collect();
            assert_eq!(
                hits.len(),
                1,
                "{name}: gold {:?} overlaps {} predictions",
                g.text,
                hits.len()
            );
            assert_eq!(
                hits[0].value, g.value,
                "{name}: {:?} vs gold {:?}",
                hits[0].text, g.text
            );
        }
        assert!(
            doc.mentions
                .iter()
                .all(|m| m.mention_type() != MentionType::Date
                    || doc.slice(m.span).trim() == doc.slice(m.span))
        );
    }
}

/// Never panics, whatever the text.
#[test]
fn odd_texts_do_not_panic() {
    for text in [
        "",
        "el",
        "el 3 de",
        "las",
        "a las",
        "la noche del",
        "del 3 al",
        "1813-",
        "el 99 de octubre",
        "el 31 de febrero de 1813",
        "al día siguiente",
        "la víspera del",
        "las 25 de la tarde",
        "el 0 de mayo",
        "a los 9999999999 días después",
        "de 1813 de",
        "la una menos cuarto",
    ] {
        let _ = run(text, Meta::default());
        let _ = run(text, meta("reference=1813"));
    }
}

/// Any sequence of date words, numbers and punctuation: no panic, and every
/// DATE is a non-empty slice of one sentence with a non-empty value.
mod random_texts {
    use crate::util::pipeline;
    use cronista::Meta;
    use cronista::document::MentionValue;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "el",
        "la",
        "los",
        "las",
        "lo",
        "del",
        "al",
        "a",
        "de",
        "y",
        "en",
        "entre",
        "hasta",
        "día",
        "días",
        "mes",
        "año",
        "mismo",
        "misma",
        "siguiente",
        "anterior",
        "víspera",
        "otro",
        "ese",
        "aquella",
        "noche",
        "tarde",
        "mañana",
        "madrugada",
        "amanecer",
        "mediodía",
        "una",
        "dos",
        "tres",
        "doce",
        "mil",
        "ochocientos",
        "trece",
        "primero",
        "veinte",
        "media",
        "menos",
        "cuarto",
        "después",
        "antes",
        "fines",
        "principios",
        "octubre",
        "Setiembre",
        "sbre.",
        "7bre",
        "oct.",
        "martes",
        "1",
        "21",
        "31",
        "0",
        "99",
        "20-21",
        "1.º",
        "1813",
        "1813-1814",
        "62",
        ",",
        ".",
        "horas",
        "hombres",
        "corriente",
        "pasado",
        "*",
    ];

    proptest! {
        #[test]
        fn never_panics(words in prop::collection::vec(prop::sample::select(WORDS), 0..40), year in prop::option::of(1500i32..1900)) {
            let text = words.join(" ");
            let doc = pipeline().process("p", &text, Meta { year, reference: None });
            for m in &doc.mentions {
                if let MentionValue::Date { value } = &m.value {
                    prop_assert!(!m.span.is_empty() && !value.is_empty());
                    prop_assert!(doc.sentence_at(m.span.start) == doc.sentence_at(m.span.end - 1));
                }
            }
        }
    }
}

/// Long runs of markup and determiners: no deep recursion, no quadratic scan.
#[test]
fn long_runs_stay_cheap() {
    let stars = format!("el 21 {} fin.", "* ".repeat(200_000));
    let _ = run(&format!("En octubre avanzaron. {stars}"), Meta::default());
    let determiners = format!("el 3 del {} mes.", "mismo ".repeat(200_000));
    let _ = run(&determiners, Meta::default());
}
