//! Output formats: brat standoff and its import (round trip), TEI P5
//! (well-formed, the elements and attributes of the issue), CSV (quoting);
//! on hand-built documents with every mention type, and through the binary.

use crate::util::{cronista, stderr};
use cronista::document::{Argument, Event, EventType, Mention, MentionValue, Role};
use cronista::json::JsonDoc;
use cronista::output::{brat, csv, tei};
use cronista::{Document, Meta, Span};
use std::path::Path;

/// A processed document with one mention of every type (a GROUP holding a
/// PLACE, a PERSON across a CRLF line break, markup characters, multibyte
/// letters) and two events, one with two agents.
pub fn sample() -> Document {
    // Two wrapped paragraphs (CRLF line breaks, a blank line between).
    let text = "Olañeta entró en Potosí con Joaquín de la\r\nPezuela el 5 de octubre: 900 fusiles & <2.º> \"ataque\".\r\n\r\nEl batallón de Cotagaita, realista, marchó;\r\nhubo unos 40 muertos.";
    let mut doc = crate::util::process(text);
    let at = |s: &str| {
        let b = text.find(s).unwrap_or_else(|| panic!("{s} in sample"));
        Span::new(b, b + s.len())
    };
    let person = |entity: &str, title: Option<&str>, wikidata: Option<&str>| MentionValue::Person {
        entity: entity.into(),
        title: title.map(Into::into),
        wikidata: wikidata.map(Into::into),
    };
    doc.mentions.clear();
    doc.events.clear();
    let ms = [
        Mention {
            span: at("Olañeta"),
            value: person(
                "Pedro Antonio de Olañeta",
                Some("general"),
                Some("Q2058935"),
            ),
        },
        Mention {
            span: at("Potosí"),
            value: MentionValue::Place {
                entity: "Potosí".into(),
                feature: Some("villa; real".into()),
                coords: Some((-19.5836, -65.7531)),
                wikidata: None,
            },
        },
        Mention {
            span: at("Joaquín de la\r\nPezuela"),
            value: person("Joaquín de la Pezuela", None, None),
        },
        Mention {
            span: at("el 5 de octubre"),
            value: MentionValue::Date {
                value: "XXXX-10-05".into(),
            },
        },
        Mention {
            span: at("900"),
            value: MentionValue::Number {
                value: 900.0,
                ordinal: false,
                unit: Some("fusiles".into()),
                approx: false,
            },
        },
        Mention {
            span: at("2.º"),
            value: MentionValue::Number {
                value: 2.0,
                ordinal: true,
                unit: None,
                approx: false,
            },
        },
        Mention {
            span: at("batallón de Cotagaita"),
            value: MentionValue::Group {
                side: Some("realista".into()),
                entity: Some("Batallón \"Cotagaita\", 1.º".into()),
            },
        },
        Mention {
            span: at("Cotagaita"),
            value: MentionValue::Place {
                entity: "Cotagaita".into(),
                feature: None,
                coords: None,
                wikidata: Some("Q1135496".into()),
            },
        },
        Mention {
            span: at("40"),
            value: MentionValue::Number {
                value: 40.0,
                ordinal: false,
                unit: Some("muertos".into()),
                approx: true,
            },
        },
    ];
    for m in ms {
        assert!(doc.add_mention(m), "sample mention clashes");
    }
    let idx = |s: &str| doc.mentions.iter().position(|m| m.span == at(s)).unwrap();
    let (olaneta, potosi, pezuela, date, group, forty) = (
        idx("Olañeta"),
        idx("Potosí"),
        idx("Joaquín de la\r\nPezuela"),
        idx("el 5 de octubre"),
        idx("batallón de Cotagaita"),
        idx("40"),
    );
    doc.events.push(Event {
        kind: EventType::Occupy,
        trigger: at("entró"),
        args: vec![
            Argument {
                role: Role::Agent,
                mention: olaneta,
            },
            Argument {
                role: Role::Agent,
                mention: pezuela,
            },
            Argument {
                role: Role::Place,
                mention: potosi,
            },
            Argument {
                role: Role::Date,
                mention: date,
            },
        ],
    });
    doc.events.push(Event {
        kind: EventType::Move,
        trigger: at("marchó"),
        args: vec![
            Argument {
                role: Role::Agent,
                mention: group,
            },
            Argument {
                role: Role::Quantity,
                mention: forty,
            },
        ],
    });
    doc
}

#[test]
fn brat_lines_are_code_points_and_round_trip() {
    let doc = sample();
    let json = JsonDoc::from_document(&doc);
    let ann = brat::to_ann(&json, doc.text());
    // Code points, not bytes: "Olañeta entró en " is 17 characters.
    assert!(ann.contains("\tPLACE 17 23\tPotosí\n"), "{ann}");
    assert!(
        ann.lines()
            .any(|l| l.starts_with("T1\tPERSON 0 7\tOlañeta")),
        "{ann}"
    );
    // A span across a line break becomes brat fragments.
    assert!(
        ann.contains("\tPERSON 28 41;43 50\tJoaquín de la Pezuela\n"),
        "{ann}"
    );
    assert!(
        ann.contains("AnnotatorNotes T1\tentity=Pedro Antonio de Olañeta; title=general"),
        "{ann}"
    );
    assert!(
        ann.contains("Reference T1 Wikidata:Q2058935\tPedro Antonio de Olañeta"),
        "{ann}"
    );
    assert!(ann.contains("\tSide T"), "{ann}");
    assert!(ann.contains("\tApprox T"), "{ann}");
    assert!(ann.contains("\tKind T"), "{ann}");
    let e1 = ann.lines().find(|l| l.starts_with("E1\t")).unwrap();
    assert!(
        e1.starts_with("E1\tOCCUPY:T1"),
        "the trigger is a T of the event type: {e1}"
    );
    assert!(e1.contains(" agent:T1 agent2:T3 place:T2 date:T4"), "{e1}");
    let trigger = e1
        .split(['\t', ' '])
        .nth(1)
        .unwrap()
        .split(':')
        .nth(1)
        .unwrap();
    assert!(
        ann.lines()
            .any(|l| l.starts_with(&format!("{trigger}\tOCCUPY "))),
        "{ann}"
    );

    let back = brat::import("muestra", &ann, doc.text(), Path::new("muestra.ann")).unwrap();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    let mut expected = json.clone();
    expected.doc = "muestra".into();
    assert_eq!(back.doc, expected);
    // And into the library's model, with the same spans.
    let d2 = back
        .doc
        .to_document(doc.text(), Meta::default(), Path::new("x"))
        .unwrap();
    assert_eq!(d2.mentions, doc.mentions);
    assert_eq!(d2.events, doc.events);
}

#[test]
fn corrected_ann_imports_with_ids_renumbered_and_warnings() {
    let doc = sample();
    let json = JsonDoc::from_document(&doc);
    let mut ann = brat::to_ann(&json, doc.text());
    // An annotator deletes the DATE's note, adds a PLACE without entity
    // (written before the others, with a high id), and a relation.
    ann = ann
        .lines()
        .filter(|l| !l.contains("value=XXXX-10-05"))
        .map(|l| format!("{l}\n"))
        .collect();
    let ocupo = "Olañeta ".chars().count();
    ann.insert_str(0, &format!("T99\tPLACE {} {}\tentró\n", ocupo, ocupo + 5));
    ann.push_str("R1\tNear Arg1:T1 Arg2:T2\n");
    // The new PLACE sits on the OCCUPY trigger; the importer takes it.
    let back = brat::import("muestra", &ann, doc.text(), Path::new("m.ann")).unwrap();
    let ids: Vec<&str> = back.doc.mentions.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        (1..=back.doc.mentions.len())
            .map(|i| format!("T{i}"))
            .collect::<Vec<_>>()
    );
    let new = back
        .doc
        .mentions
        .iter()
        .find(|m| m.text == "entró")
        .unwrap();
    assert_eq!(
        (new.mention_type.as_str(), new.entity.as_deref()),
        ("PLACE", Some("entró"))
    );
    let w = back.warnings.join("\n");
    assert!(w.contains("DATE") && w.contains("no value"), "{w}");
    assert!(w.contains("no entity"), "{w}");
    assert!(w.contains("R1"), "{w}");
    // Arguments follow the renumbering.
    let e1 = &back.doc.events[0];
    let agent = back
        .doc
        .mentions
        .iter()
        .find(|m| m.id == e1.args[0].reference)
        .unwrap();
    assert_eq!(agent.text, "Olañeta");
}

#[test]
fn brat_import_errors_name_the_line() {
    let text = "Belgrano llegó.";
    let e = brat::import(
        "d",
        "T1\tPERSON 0 800\tBelgrano\n",
        text,
        Path::new("d.ann"),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("d.ann: line 1: offsets 0 800 outside the text"),
        "{e}"
    );
    let e = brat::import(
        "d",
        "T1\tPERSON 0 8\tBelgrano\nE1\tMOVE:T7 agent:T1\n",
        text,
        Path::new("d.ann"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("line 2: trigger T7"), "{e}");
}

/// A minimal XML well-formedness check: balanced tags, quoted attributes,
/// only the five predefined entities, no raw `<` or `&` in text. Returns
/// the text content of each `<p>`, unescaped.
pub fn check_xml(xml: &str) -> Result<Vec<String>, String> {
    fn unescape(s: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let end = rest[i..]
                .find(';')
                .ok_or_else(|| format!("unterminated entity in {s:?}"))?;
            out.push(match &rest[i..i + end + 1] {
                e if e.starts_with("&#") => e[2..e.len() - 1]
                    .parse::<u32>()
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad reference {e}"))?,
                "&amp;" => '&',
                "&lt;" => '<',
                "&gt;" => '>',
                "&quot;" => '"',
                "&apos;" => '\'',
                e => return Err(format!("unknown entity {e}")),
            });
            rest = &rest[i + end + 1..];
        }
        out.push_str(rest);
        if out
            .chars()
            .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        {
            return Err("a control character XML forbids".into());
        }
        Ok(out)
    }
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .ok_or("no XML declaration")?;
    let mut stack: Vec<String> = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut rest = body;
    let mut roots = 0;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = unescape(&rest[..lt])?;
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text:?}"));
        }
        if let Some(p) = paragraphs
            .last_mut()
            .filter(|_| stack.iter().any(|t| t == "p"))
        {
            p.push_str(&text);
        }
        if lt == rest.len() {
            break;
        }
        rest = &rest[lt..];
        let gt = rest.find('>').ok_or("unclosed tag")?;
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .ok_or_else(|| format!("</{name}> closes nothing"))?;
            if open != name {
                return Err(format!("</{name}> closes <{open}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name = tag.split_whitespace().next().ok_or("empty tag")?;
        // Attributes: name="value" pairs.
        let mut attrs = tag[name.len()..].trim();
        while !attrs.is_empty() {
            let eq = attrs
                .find("=\"")
                .ok_or_else(|| format!("bad attribute in <{tag}>"))?;
            let close = attrs[eq + 2..]
                .find('"')
                .ok_or_else(|| format!("unquoted attribute in <{tag}>"))?;
            let value = &attrs[eq + 2..eq + 2 + close];
            if value.contains('<') {
                return Err(format!("< in attribute of <{tag}>"));
            }
            unescape(value)?;
            attrs = attrs[eq + 2 + close + 1..].trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            if name == "p" && stack.iter().any(|t| t == "body") {
                paragraphs.push(String::new());
            }
            stack.push(name.to_string());
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed <{}>", stack.join("> <")));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(paragraphs)
}

#[test]
fn tei_is_well_formed_with_the_elements_of_each_type() {
    let doc = sample();
    let xml = tei::to_tei(&doc);
    let paragraphs = check_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(paragraphs.len(), doc.paragraphs.len());
    for (got, p) in paragraphs.iter().zip(&doc.paragraphs) {
        assert_eq!(got, doc.slice(p.span), "the text survives, escaped");
        assert!(
            doc.slice(p.span).contains('\n'),
            "wrapped paragraphs in the sample"
        );
    }
    for needle in [
        "<persName xml:id=\"T1\" key=\"Pedro Antonio de Olañeta\" role=\"general\" ref=\"http://www.wikidata.org/entity/Q2058935\">Olañeta</persName>",
        "<placeName xml:id=\"T2\" key=\"Potosí\" type=\"villa; real\">Potosí</placeName>",
        "<date xml:id=\"T4\" when=\"--10-05\">el 5 de octubre</date>",
        "<num xml:id=\"T5\" value=\"900\" type=\"cardinal\">900</num>",
        "<num xml:id=\"T6\" value=\"2\" type=\"ordinal\">2.º</num>",
        "<orgName xml:id=\"T7\" key=\"Batallón &quot;Cotagaita&quot;, 1.º\" type=\"realista\">batallón de <placeName xml:id=\"T8\" key=\"Cotagaita\" ref=\"http://www.wikidata.org/entity/Q1135496\">Cotagaita</placeName></orgName>",
        "<num xml:id=\"T9\" value=\"40\" type=\"cardinal\" cert=\"low\">40</num>",
        "&amp; &lt;",
        "<event xml:id=\"E1\" type=\"OCCUPY\">",
        "<link type=\"agent\" target=\"#E1 #T3\"/>",
    ] {
        assert!(xml.contains(needle), "missing {needle}\n{xml}");
    }
    // A person name across a line break stays one element; CR is a
    // character reference so that XML parsers keep it.
    assert!(xml.contains("<persName xml:id=\"T3\" key=\"Joaquín de la Pezuela\">Joaquín de la&#13;\nPezuela</persName>"), "{xml}");
}

#[test]
fn the_well_formedness_check_catches_broken_xml() {
    let decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    for bad in [
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a><b></a>",
        "<a x=1></a>",
        "<a></a><b></b>",
        "<a>&nbsp;</a>",
    ] {
        assert!(check_xml(&format!("{decl}{bad}")).is_err(), "{bad} passed");
    }
    assert!(check_xml(&format!("{decl}<a x=\"&amp;\"><b/>t</a>")).is_ok());
}

/// Parses RFC 4180 CSV into rows of fields.
pub fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn csv_quotes_and_parses_back() {
    let doc = sample();
    let json = JsonDoc::from_document(&doc);
    let table = parse_csv(&format!("{}{}", csv::HEADER, csv::rows(&json)));
    assert_eq!(
        table[0],
        [
            "doc",
            "id",
            "type",
            "start",
            "end",
            "text",
            "value",
            "attributes"
        ]
    );
    assert_eq!(table.len(), json.mentions.len() + 1);
    for (row, m) in table[1..].iter().zip(&json.mentions) {
        assert_eq!(row.len(), 8, "{row:?}");
        assert_eq!(
            (row[1].as_str(), row[2].as_str(), row[5].as_str()),
            (m.id.as_str(), m.mention_type.as_str(), m.text.as_str())
        );
        assert_eq!(
            (
                row[3].parse::<usize>().unwrap(),
                row[4].parse::<usize>().unwrap()
            ),
            (m.start, m.end)
        );
    }
    let pezuela = table.iter().find(|r| r[5].starts_with("Joaquín")).unwrap();
    assert_eq!(
        pezuela[5], "Joaquín de la\r\nPezuela",
        "a line break inside a quoted field"
    );
    assert_eq!(pezuela[6], "Joaquín de la Pezuela", "PERSON: the entity");
    let date = table.iter().find(|r| r[2] == "DATE").unwrap();
    assert_eq!(date[6], "XXXX-10-05");
    let group = table.iter().find(|r| r[2] == "GROUP").unwrap();
    assert_eq!(
        group[6], "Batallón \"Cotagaita\", 1.º",
        "quotes and commas survive"
    );
    assert_eq!(group[7], "side=realista");
    let forty = table.iter().find(|r| r[5] == "40").unwrap();
    assert_eq!(
        (forty[6].as_str(), forty[7].as_str()),
        ("40", "kind=cardinal; unit=muertos; approx=true")
    );
}

#[test]
fn every_format_through_the_binary_and_brat_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let text = "\u{feff}Belgrano llegó a Potosi\u{301} el 3 de mayo.\r\nLuego siguió a Chuquisaca & <Oruro>.";
    std::fs::write(input.join("uno.txt"), text).unwrap();
    let path = input.to_str().unwrap();
    let out = |f: &str| dir.path().join(f);
    let s = |p: &Path| p.to_str().unwrap().to_string();

    let o = cronista(&["extract", path, "--out", &s(&out("json"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = JsonDoc::read(&out("json").join("uno.json")).unwrap();

    let o = cronista(&[
        "extract",
        path,
        "--format",
        "brat",
        "--out",
        &s(&out("brat")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(out("brat").join("uno.txt")).unwrap(),
        text.as_bytes(),
        "the text copy is byte-exact (BOM, CRLF, NFD)"
    );
    assert!(out("brat").join("annotation.conf").exists());
    let o = cronista(&["import-brat", &s(&out("brat")), "--out", &s(&out("back"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        JsonDoc::read(&out("back").join("uno.json")).unwrap(),
        json,
        "extract → brat → import-brat = extract"
    );

    let o = cronista(&["extract", path, "--format", "tei", "--out", &s(&out("tei"))]);
    assert!(o.status.success());
    let xml = std::fs::read_to_string(out("tei").join("uno.xml")).unwrap();
    let ps = check_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(
        ps,
        [
            "Belgrano llegó a Potosi\u{301} el 3 de mayo.",
            "Luego siguió a Chuquisaca & <Oruro>."
        ]
    );

    let o = cronista(&["extract", path, "--format", "csv", "-q"]);
    assert!(o.status.success());
    let rows = parse_csv(&String::from_utf8(o.stdout).unwrap());
    assert_eq!(
        rows.len(),
        json.mentions.len() + 1,
        "one header, one row per mention"
    );

    let o = cronista(&["extract", path, "--format", "brat"]);
    assert_eq!(o.status.code(), Some(2), "brat needs --out");

    // --out the input directory: the .ann goes beside the source, which is
    // left as it is.
    let o = cronista(&["extract", path, "--format", "brat", "--out", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(input.join("uno.txt")).unwrap(),
        text.as_bytes()
    );
    assert!(input.join("uno.ann").exists());
    std::fs::write(input.join("dos.txt"), b"Potos\xed.").unwrap();
    let o = cronista(&[
        "extract", path, "--format", "brat", "--out", path, "--lossy",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("dos.txt: not overwritten"));
    assert_eq!(
        std::fs::read(input.join("dos.txt")).unwrap(),
        b"Potos\xed.",
        "the source keeps its bytes"
    );
}

/// The hand gold, a real annotation with every type and event: through brat
/// and back it is the same (up to the defaults import fills: NUMBER `kind`
/// and `approx`), its TEI is well-formed and keeps the text, its CSV parses.
#[test]
fn gold_files_through_every_format() {
    let dir = crate::util::root().join("gold");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        let gold = JsonDoc::read(&dir.join(format!("{name}.json"))).unwrap();
        let text = crate::util::read(format!("corpus/{name}.txt"));
        let ann = brat::to_ann(&gold, &text);
        let back = brat::import(&name, &ann, &text, Path::new("gold.ann"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(back.warnings.is_empty(), "{name}: {:?}", back.warnings);
        let mut expected = gold.clone();
        let mut order: Vec<usize> = (0..expected.mentions.len()).collect();
        order.sort_by_key(|&i| (expected.mentions[i].start, expected.mentions[i].end));
        let renumber: std::collections::HashMap<String, String> = order
            .iter()
            .enumerate()
            .map(|(new, &old)| (expected.mentions[old].id.clone(), format!("T{}", new + 1)))
            .collect();
        let mut mentions: Vec<_> = order
            .iter()
            .map(|&i| expected.mentions[i].clone())
            .collect();
        for m in &mut mentions {
            m.id = renumber[&m.id].clone();
            if m.mention_type == "NUMBER" {
                m.kind.get_or_insert_with(|| "cardinal".into());
                m.approx.get_or_insert(false);
            }
        }
        expected.mentions = mentions;
        for (i, e) in expected.events.iter_mut().enumerate() {
            e.id = format!("E{}", i + 1);
            for a in &mut e.args {
                a.reference = renumber[&a.reference].clone();
            }
        }
        assert_eq!(back.doc, expected, "{name}: gold → brat → gold");

        let mut doc = gold
            .to_document(&text, Meta::default(), Path::new("gold"))
            .unwrap();
        crate::util::pipeline()
            .passes()
            .next()
            .unwrap()
            .run(&mut doc); // paragraphs
        let xml = tei::to_tei(&doc);
        let paragraphs = check_xml(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let want: Vec<&str> = doc.paragraphs.iter().map(|p| doc.slice(p.span)).collect();
        assert_eq!(paragraphs, want);
        let tags = |t: &str| xml.matches(&format!("<{t} ")).count();
        let count = |t: &str| gold.mentions.iter().filter(|m| m.mention_type == t).count();
        for (tag, ty) in [
            ("persName", "PERSON"),
            ("placeName", "PLACE"),
            ("date", "DATE"),
            ("num", "NUMBER"),
            ("orgName", "GROUP"),
        ] {
            assert_eq!(tags(tag), count(ty), "{name}: every {ty} is a <{tag}>");
        }
        assert_eq!(xml.matches("<event ").count(), gold.events.len());

        let table = parse_csv(&format!("{}{}", csv::HEADER, csv::rows(&gold)));
        assert_eq!(table.len(), gold.mentions.len() + 1);
    }
}
