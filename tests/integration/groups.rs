//! GROUP: the cases of `tests/data/groups.tsv`.

use crate::names::render as render_mentions;
use crate::util::{Failures, process, table};
use cronista::document::MentionType;

/// Each case: a text and every GROUP it holds as `extent/side` (`-` for no
/// side), in text order.
#[test]
fn groups_table() {
    let t = table("groups.tsv");
    let (text, want) = (t.column("text").unwrap(), t.column("groups").unwrap());
    let mut f = Failures::default();
    for row in &t.rows {
        let doc = process(&row.fields[text]);
        let got = render_mentions(&doc, &[MentionType::Group]);
        let want: Vec<String> = match row.fields[want].as_str() {
            "-" => Vec::new(),
            w => w.split(" | ").map(str::to_string).collect(),
        };
        f.check(got == want, row.line, || {
            format!(
                "{:?}\n     want {want:?}\n     got  {got:?}",
                row.fields[text]
            )
        });
    }
    f.assert_none("group");
    assert!(t.rows.len() >= 40, "{} GROUP sentences", t.rows.len());
}

/// A unit's name may hold a PERSON or PLACE; the names pass runs first.
#[test]
fn units_hold_names() {
    let doc = process("Envió al batallón de cazadores de Olañeta y la división de Cochabamba.");
    let kinds: Vec<(&str, MentionType)> = doc
        .mentions
        .iter()
        .map(|m| (doc.slice(m.span), m.mention_type()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("batallón de cazadores de Olañeta", MentionType::Group),
            ("Olañeta", MentionType::Person),
            ("división de Cochabamba", MentionType::Group),
            ("Cochabamba", MentionType::Place),
        ]
    );
}
