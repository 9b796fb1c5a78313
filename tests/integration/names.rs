//! PERSON and PLACE: the cases of `tests/data/names.tsv`, with the built-in
//! gazetteers and without them (patterns alone), the user's extra
//! gazetteer files, and the validity of every gazetteer data file.

use crate::util::{Failures, process, table};
use cronista::data::{Table, builtin};
use cronista::document::{MentionType, MentionValue};
use cronista::pipeline::DataFile;
use cronista::{Config, Document, Meta, Pipeline};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The pipeline without the built-in gazetteers, built once.
fn patterns_only() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        Pipeline::with_config(&Config {
            without_builtin_gazetteers: true,
            ..Config::default()
        })
        .expect("patterns-only pipeline builds")
    })
}

/// A mention rendered in the table's item syntax.
pub(crate) fn render(doc: &Document, types: &[MentionType]) -> Vec<String> {
    doc.mentions
        .iter()
        .filter(|m| types.contains(&m.mention_type()))
        .map(|m| {
            let text = doc.slice(m.span);
            match &m.value {
                MentionValue::Person { entity, title, .. } => {
                    let mut s = format!("P:{text}");
                    if entity != text {
                        s += &format!("={entity}");
                    }
                    if let Some(t) = title {
                        s += &format!("#{t}");
                    }
                    s
                }
                MentionValue::Place {
                    entity, feature, ..
                } => {
                    let mut s = format!("L:{text}");
                    if entity != text {
                        s += &format!("={entity}");
                    }
                    if let Some(f) = feature {
                        s += &format!("@{f}");
                    }
                    s
                }
                MentionValue::Group { side, .. } => {
                    format!("{text}/{}", side.as_deref().unwrap_or("-"))
                }
                _ => unreachable!(),
            }
        })
        .collect()
}

fn expected(field: &str) -> Vec<String> {
    if field == "-" {
        return Vec::new();
    }
    field.split(" | ").map(|s| s.trim().to_string()).collect()
}

#[test]
fn names_table() {
    let t = table("names.tsv");
    let (mode, text, want) = (
        t.column("mode").unwrap(),
        t.column("text").unwrap(),
        t.column("expected").unwrap(),
    );
    let mut f = Failures::default();
    let (mut persons, mut places, mut pattern_rows) = (0, 0, 0);
    for row in &t.rows {
        let input = &row.fields[text];
        let doc = match row.fields[mode].as_str() {
            "full" => process(input),
            "patterns" => {
                pattern_rows += 1;
                patterns_only().process("test", input, Meta::default())
            }
            m => panic!("line {}: unknown mode {m}", row.line),
        };
        let got = render(&doc, &[MentionType::Person, MentionType::Place]);
        let want = expected(&row.fields[want]);
        persons += want.iter().any(|w| w.starts_with("P:")) as usize;
        places += want.iter().any(|w| w.starts_with("L:")) as usize;
        f.check(got == want, row.line, || {
            format!("{input:?}\n     want {want:?}\n     got  {got:?}")
        });
    }
    f.assert_none("names");
    assert!(
        persons >= 80 && places >= 80,
        "{persons} PERSON and {places} PLACE sentences"
    );
    assert!(
        pattern_rows >= 40,
        "{pattern_rows} rows without the gazetteers"
    );
}

/// Gazetteer PLACEs carry coordinates; pattern PLACEs do not.
#[test]
fn places_carry_coordinates() {
    let doc = process("Belgrano se retiró hacia Potosí y luego a Yotalita.");
    let coords: Vec<(&str, bool)> = doc
        .mentions
        .iter()
        .filter_map(|m| match &m.value {
            MentionValue::Place { coords, .. } => Some((doc.slice(m.span), coords.is_some())),
            _ => None,
        })
        .collect();
    assert_eq!(coords, [("Potosí", true), ("Yotalita", false)]);
}

/// A user's extra gazetteer file adds people and places with the built-in
/// columns.
#[test]
fn extra_gazetteer_files() {
    let config = Config {
        extra_persons: vec![DataFile {
            name: "mine.tsv".into(),
            contents: "# canonical\taliases\tside\ttitles\twikidata\nZacarías Quispe Mamani\tQuispe\tpatriota\tcoronel\t\n".into(),
        }],
        extra_places: vec![DataFile {
            name: "myplaces.tsv".into(),
            contents: "# canonical\tvariants\tkind\tcountry\tlat\tlon\twikidata\nPampa Grande de Toro\tToropampa\tplain\tBO\t-18.1\t-65.2\t\n"
                .into(),
        }],
        without_builtin_gazetteers: true,
    };
    let p = Pipeline::with_config(&config).unwrap();
    let doc = p.process("t", "Quispe acampó en Toropampa.", Meta::default());
    let got = render(&doc, &[MentionType::Person, MentionType::Place]);
    assert_eq!(
        got,
        [
            "P:Quispe=Zacarías Quispe Mamani",
            "L:Toropampa=Pampa Grande de Toro"
        ]
    );
    let bad = Config {
        extra_places: vec![DataFile { name: "bad.tsv".into(), contents: "# canonical\tvariants\tkind\tcountry\tlat\tlon\twikidata\nX\t\tcity\tBO\tnorth\t1\t\n".into() }],
        ..Config::default()
    };
    let e = Pipeline::with_config(&bad)
        .err()
        .expect("a bad coordinate is an error");
    assert!(e.to_string().contains("bad.tsv"), "{e}");
}

/// Every gazetteer file parses, has no duplicate key, and every place's
/// coordinates lie inside its country's bounding box.
#[test]
fn gazetteer_files_are_valid() {
    let mut f = Failures::default();
    let persons = Table::parse("persons.tsv", builtin::PERSONS).unwrap();
    let places = Table::parse("places.tsv", builtin::PLACES).unwrap();
    let countries = Table::parse("countries.tsv", builtin::COUNTRIES).unwrap();
    for (t, cols) in [
        (
            &persons,
            &["canonical", "aliases", "side", "titles", "wikidata"][..],
        ),
        (
            &places,
            &[
                "canonical",
                "variants",
                "kind",
                "country",
                "lat",
                "lon",
                "wikidata",
            ][..],
        ),
        (
            &countries,
            &["code", "name", "min_lat", "max_lat", "min_lon", "max_lon"][..],
        ),
    ] {
        assert_eq!(t.columns, cols, "{} columns", t.name);
    }
    let mut boxes: HashMap<&str, [f64; 4]> = HashMap::new();
    for (line, r) in countries.records() {
        let n = |c: &str| {
            r[c].parse::<f64>()
                .unwrap_or_else(|_| panic!("countries.tsv line {line}: {c}"))
        };
        let b = [n("min_lat"), n("max_lat"), n("min_lon"), n("max_lon")];
        f.check(b[0] < b[1] && b[2] < b[3], line, || {
            format!("countries.tsv: empty box {b:?}")
        });
        f.check(boxes.insert(r["code"], b).is_none(), line, || {
            format!("countries.tsv: duplicate {}", r["code"])
        });
    }
    for (t, key) in [(&persons, "canonical"), (&places, "canonical")] {
        let mut seen = HashSet::new();
        for (line, r) in t.records() {
            let k = cronista::fold::fold(r[key]);
            f.check(!k.trim().is_empty(), line, || {
                format!("{}: empty {key}", t.name)
            });
            f.check(seen.insert(k), line, || {
                format!("{}: duplicate {key} {:?}", t.name, r[key])
            });
        }
    }
    for (line, r) in places.records() {
        let (lat, lon) = (r["lat"].parse::<f64>(), r["lon"].parse::<f64>());
        let (Ok(lat), Ok(lon)) = (lat, lon) else {
            f.push(format!(
                "places.tsv line {line}: coordinates {:?} {:?}",
                r["lat"], r["lon"]
            ));
            continue;
        };
        match boxes.get(r["country"]) {
            None => f.push(format!(
                "places.tsv line {line}: unknown country {:?}",
                r["country"]
            )),
            Some(b) => f.check(
                b[0] <= lat && lat <= b[1] && b[2] <= lon && lon <= b[3],
                line,
                || {
                    format!(
                        "places.tsv: {} ({lat}, {lon}) is outside {} {b:?}",
                        r["canonical"], r["country"]
                    )
                },
            ),
        }
    }
    f.assert_none("gazetteer data");
}

/// The names pass never panics and finds nothing in texts without names.
#[test]
fn odd_inputs() {
    for text in [
        "",
        " ",
        "\n\n",
        "# XII\n\n—¡Ay!",
        "de la de del y",
        "É",
        "A. B. C.",
        "**",
        "Pero. Entre. Sin.",
    ] {
        let doc = process(text);
        assert!(
            doc.mentions
                .iter()
                .all(|m| !matches!(m.mention_type(), MentionType::Person | MentionType::Place)),
            "{text:?}: {:?}",
            render(&doc, &[MentionType::Person, MentionType::Place])
        );
    }
}

/// Every rule table of the names and groups passes parses, and no key is
/// listed twice (a second row would silently win or be ignored).
#[test]
fn rule_tables_have_unique_keys() {
    let mut f = Failures::default();
    for (name, source, key) in [
        ("titles.tsv", builtin::TITLES, &["words"][..]),
        ("place_features.tsv", builtin::PLACE_FEATURES, &["word"][..]),
        ("place_cues.tsv", builtin::PLACE_CUES, &["cue", "kind"][..]),
        ("person_cues.tsv", builtin::PERSON_CUES, &["word"][..]),
        ("common_words.tsv", builtin::COMMON_WORDS, &["word"][..]),
        ("given_names.tsv", builtin::GIVEN_NAMES, &["name"][..]),
        (
            "group_lexicon.tsv",
            builtin::GROUP_LEXICON,
            &["word", "kind"][..],
        ),
    ] {
        let t = Table::parse(name, source).unwrap_or_else(|e| panic!("{e}"));
        assert!(!t.rows.is_empty(), "{name} has rows");
        let mut seen = HashSet::new();
        for (line, r) in t.records() {
            let k: Vec<String> = key.iter().map(|c| cronista::fold::fold(r[c])).collect();
            f.check(seen.insert(k.clone()), line, || {
                format!("{name}: duplicate {k:?}")
            });
        }
    }
    f.assert_none("rule table");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// The names and groups passes never panic, on any text, and their
    /// mentions never overlap except a PERSON/PLACE inside a GROUP.
    #[test]
    fn never_panic_and_never_overlap(text in "[A-ZÁÉÓa-záéíóúñ ,.;:—«»¡!¿?*#\n-]{0,400}|\\PC{0,200}") {
        let doc = process(&text);
        for (i, a) in doc.mentions.iter().enumerate() {
            for b in &doc.mentions[i + 1..] {
                let nested = a.span.contains(b.span)
                    && a.mention_type() == MentionType::Group
                    && matches!(b.mention_type(), MentionType::Person | MentionType::Place);
                proptest::prop_assert!(!a.span.overlaps(b.span) || nested, "{:?} {:?}", a, b);
            }
        }
    }
}
