//! Every gold file follows the contract: it parses, ids are unique and
//! well-formed, every `text` is the code-point slice of the corpus text,
//! required fields are present, arguments point at mentions of a fitting
//! type, and mentions overlap only as the guidelines allow.

use crate::util::{Failures, root};
use cronista::Meta;
use cronista::document::{MentionType, Role};
use cronista::json::JsonDoc;

/// Every annotated document: `gold/` against `corpus/`, the held-out set
/// `heldout/gold/` against `heldout/texts/`, the dev set `dev/gold/` against
/// `dev/texts/`.
fn gold_docs() -> Vec<(String, JsonDoc, String)> {
    let mut out = gold_docs_in("gold", "corpus");
    out.extend(gold_docs_in("heldout/gold", "heldout/texts"));
    out.extend(gold_docs_in("dev/gold", "dev/texts"));
    out
}

fn gold_docs_in(gold_dir: &str, text_dir: &str) -> Vec<(String, JsonDoc, String)> {
    let mut out = Vec::new();
    let dir = root().join(gold_dir);
    if !dir.exists() {
        return out;
    }
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
    {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        let json = JsonDoc::read(&p).unwrap_or_else(|e| panic!("{e}"));
        let text = std::fs::read_to_string(root().join(text_dir).join(format!("{name}.txt")))
            .unwrap_or_else(|e| panic!("{gold_dir}/{name}.json has no {text_dir}/{name}.txt: {e}"));
        out.push((name, json, text));
    }
    out
}

#[test]
fn every_corpus_text_has_gold() {
    let gold: Vec<String> = gold_docs_in("gold", "corpus")
        .into_iter()
        .map(|(n, ..)| n)
        .collect();
    for e in std::fs::read_dir(root().join("corpus")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(
                gold.contains(&stem),
                "corpus/{stem}.txt has no gold/{stem}.json"
            );
        }
    }
    assert!(gold.len() >= 2);
}

#[test]
fn gold_files_follow_the_contract() {
    let mut f = Failures::default();
    for (name, json, text) in gold_docs() {
        let path = std::path::PathBuf::from(format!("{name}.json"));
        assert_eq!(json.doc, name, "{name}.json: `doc` must be the file stem");
        // Structure and slices (the library's reader checks both).
        if let Err(e) = json.check_against(&text, &path) {
            f.push(e.to_string());
            continue;
        }
        for m in &json.mentions {
            let t = MentionType::parse(&m.mention_type).unwrap();
            let ok_id = m.id.starts_with('T') && m.id[1..].parse::<u32>().is_ok();
            f.check(ok_id, 0, || {
                format!("{name}: mention id {:?} is not T<n>", m.id)
            });
            let ok = match t {
                MentionType::Date => m.value.as_ref().is_some_and(|v| v.is_string()),
                MentionType::Number => {
                    m.value.as_ref().is_some_and(|v| v.is_number())
                        && matches!(m.kind.as_deref(), None | Some("cardinal") | Some("ordinal"))
                }
                MentionType::Person | MentionType::Place => {
                    m.entity.as_deref().is_some_and(|e| !e.is_empty())
                }
                MentionType::Group => matches!(
                    m.side.as_deref(),
                    None | Some("realista") | Some("patriota")
                ),
            };
            f.check(ok, 0, || {
                format!("{name} {}: {t} lacks or misuses a required field", m.id)
            });
            f.check(m.text.trim() == m.text && !m.text.is_empty(), 0, || {
                format!(
                    "{name} {}: extent {:?} has outer spaces or is empty",
                    m.id, m.text
                )
            });
        }
        // Overlaps: only PERSON/PLACE strictly inside a GROUP.
        for (i, a) in json.mentions.iter().enumerate() {
            for b in &json.mentions[i + 1..] {
                if a.start < b.end && b.start < a.end {
                    let nested =
                        |g: &cronista::json::JsonMention, x: &cronista::json::JsonMention| {
                            g.mention_type == "GROUP"
                                && matches!(x.mention_type.as_str(), "PERSON" | "PLACE")
                                && g.start <= x.start
                                && x.end <= g.end
                        };
                    f.check(nested(a, b) || nested(b, a), 0, || {
                        format!(
                            "{name}: {} {:?} overlaps {} {:?}",
                            a.id, a.text, b.id, b.text
                        )
                    });
                }
            }
        }
        // Arguments point at mentions of the type their role takes.
        for e in &json.events {
            f.check(e.id.starts_with('E'), 0, || {
                format!("{name}: event id {:?} is not E<n>", e.id)
            });
            f.check(!e.trigger.text.contains(' '), 0, || {
                format!(
                    "{name} {}: trigger {:?} is not one word",
                    e.id, e.trigger.text
                )
            });
            for a in &e.args {
                let m = json.mentions.iter().find(|m| m.id == a.reference).unwrap();
                let t = MentionType::parse(&m.mention_type).unwrap();
                let fits = match Role::parse(&a.role).unwrap() {
                    Role::Agent => matches!(t, MentionType::Person | MentionType::Group),
                    Role::Place | Role::Origin | Role::Destination => t == MentionType::Place,
                    Role::Date => t == MentionType::Date,
                    Role::Quantity => t == MentionType::Number,
                };
                f.check(fits, 0, || {
                    format!(
                        "{name} {}: role {} cannot take {t} {:?}",
                        e.id, a.role, m.text
                    )
                });
            }
        }
        // The library can load it as a document.
        if let Err(e) = json.to_document(&text, Meta::default(), &path) {
            f.push(e.to_string());
        }
    }
    f.assert_none("gold");
}

#[test]
fn gold_round_trips_through_the_library() {
    for (name, json, text) in gold_docs() {
        let path = std::path::PathBuf::from(format!("{name}.json"));
        let doc = json.to_document(&text, Meta::default(), &path).unwrap();
        let back = JsonDoc::from_document(&doc);
        // Same mentions (ids renumbered in text order) and same events.
        assert_eq!(back.mentions.len(), json.mentions.len(), "{name}");
        for (m, g) in back.mentions.iter().zip(sorted(&json)) {
            assert_eq!(
                (m.start, m.end, &m.text, &m.mention_type),
                (g.start, g.end, &g.text, &g.mention_type),
                "{name}"
            );
            assert_eq!(m.value, g.value, "{name} {}", g.id);
            assert_eq!(m.entity, g.entity, "{name} {}", g.id);
        }
        assert_eq!(back.events.len(), json.events.len(), "{name}");
    }
}

fn sorted(j: &JsonDoc) -> Vec<&cronista::json::JsonMention> {
    let mut v: Vec<_> = j.mentions.iter().collect();
    v.sort_by_key(|m| (m.start, m.end));
    v
}
