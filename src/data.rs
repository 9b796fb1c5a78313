//! Rule data: the `data/*.tsv` files compiled into the binary, and the
//! parser they share.
//!
//! Every table is UTF-8, tab-separated. Lines starting with `#` are comments;
//! the last comment line before the first row names the columns
//! (`# canonical	aliases	side`). Empty lines are skipped. A row must have
//! exactly as many fields as the header names; a trailing empty field is
//! allowed. Users extend a table with a file of the same columns
//! (`--gazetteer`/`--lexicon` on the command line), parsed by the same code.

use crate::error::{Error, Result};
use std::collections::HashMap;

/// A parsed table: column names and rows, each row with its line number.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub fields: Vec<String>,
}

impl Table {
    /// Parses `source`; `name` is the file name used in errors.
    pub fn parse(name: &str, source: &str) -> Result<Table> {
        let mut columns: Option<Vec<String>> = None;
        let mut last_comment: Option<&str> = None;
        let mut comments: Vec<&str> = Vec::new();
        let mut rows = Vec::new();
        for (i, raw) in source.lines().enumerate() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let lineno = i + 1;
            if let Some(comment) = line.strip_prefix('#') {
                if columns.is_none() {
                    last_comment = Some(comment);
                    comments.push(comment);
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<String> = line.split('\t').map(|f| f.trim().to_string()).collect();
            let cols = match &columns {
                Some(c) => c,
                None => {
                    // The header is the last comment line before the first
                    // row that has as many tab-separated names as the row has
                    // fields, so section dividers between header and rows
                    // (`# --- Alto Perú ---`) do not hide it.
                    let header = comments
                        .iter()
                        .rev()
                        .find(|c| c.split('\t').count() == fields.len())
                        .or(last_comment.as_ref())
                        .ok_or_else(|| {
                            Error::data(name, lineno, "no `#` header line naming the columns")
                        })?;
                    columns = Some(header.split('\t').map(|c| c.trim().to_string()).collect());
                    columns.as_ref().unwrap()
                }
            };
            if fields.len() != cols.len() {
                return Err(Error::data(
                    name,
                    lineno,
                    format!("{} fields, the header names {}", fields.len(), cols.len()),
                ));
            }
            rows.push(Row {
                line: lineno,
                fields,
            });
        }
        let columns = match columns {
            Some(c) => c,
            None => last_comment
                .map(|h| h.split('\t').map(|c| c.trim().to_string()).collect())
                .unwrap_or_default(),
        };
        Ok(Table {
            name: name.to_string(),
            columns,
            rows,
        })
    }

    /// The index of a column, or an error naming the file.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| Error::data(&self.name, 1, format!("no column `{name}` in the header")))
    }

    /// Rows as maps from column name to field, for tables read by name.
    pub fn records(&self) -> impl Iterator<Item = (usize, HashMap<&str, &str>)> {
        self.rows.iter().map(|r| {
            (
                r.line,
                self.columns
                    .iter()
                    .map(String::as_str)
                    .zip(r.fields.iter().map(String::as_str))
                    .collect(),
            )
        })
    }
}

/// The folded words that prose writes in lowercase
/// (`data/lowercase_words.tsv`): a capitalized one is an ordinary word, not
/// a name.
pub fn lowercase_words<S: FromIterator<String>>() -> Result<S> {
    let t = Table::parse("data/lowercase_words.tsv", builtin::LOWERCASE_WORDS)?;
    let w = t.column("word")?;
    Ok(t.rows
        .iter()
        .map(|r| crate::fold::fold(&r.fields[w]))
        .collect())
}

/// Splits a `|`-separated list field, skipping empty items.
pub fn list(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// The built-in tables, compiled in. Passes parse them in `new()`.
pub mod builtin {
    /// Abbreviations that do not end a sentence.
    pub const ABBREVIATIONS: &str = include_str!("../data/abbreviations.tsv");
    /// Month names, day words, parts of day and the other words of DATE phrases.
    pub const DATE_LEXICON: &str = include_str!("../data/date_lexicon.tsv");
    /// Number words: value and role in the compounding grammar (NUMBER pass).
    pub const NUMBER_WORDS: &str = include_str!("../data/number_words.tsv");
    /// Hedges, labels and noun-phrase vocabulary around numbers (NUMBER pass).
    pub const NUMBER_CUES: &str = include_str!("../data/number_cues.tsv");
    /// Verb stem changes and strong stems for the morphology module.
    pub const VERB_IRREGULARS: &str = include_str!("../data/verb_irregulars.tsv");
    /// Event trigger lexicon: lemma, part of speech, event type, conditions.
    pub const EVENT_TRIGGERS: &str = include_str!("../data/event_triggers.tsv");
    /// Governing words and frames that make a trigger not an event.
    pub const EVENT_CUES: &str = include_str!("../data/event_cues.tsv");
    /// People: canonical name, aliases, side, titles, Wikidata id.
    pub const PERSONS: &str = include_str!("../data/persons.tsv");
    /// Places: canonical name, variants, kind, country, coordinates, Wikidata id.
    pub const PLACES: &str = include_str!("../data/places.tsv");
    /// Country bounding boxes, to check the places' coordinates.
    pub const COUNTRIES: &str = include_str!("../data/countries.tsv");
    /// Ranks, titles and nickname cues before a PERSON name.
    pub const TITLES: &str = include_str!("../data/titles.tsv");
    /// Geographic feature words before a PLACE name.
    pub const PLACE_FEATURES: &str = include_str!("../data/place_features.tsv");
    /// Prepositions, motion verbs and nouns that cue a PLACE.
    pub const PLACE_CUES: &str = include_str!("../data/place_cues.tsv");
    /// Verbs of saying and perceiving that cue a PERSON.
    pub const PERSON_CUES: &str = include_str!("../data/person_cues.tsv");
    /// Words capitalized only at sentence start, and non-name capitalized nouns.
    pub const COMMON_WORDS: &str = include_str!("../data/common_words.tsv");
    /// Spanish given names, which cue a PERSON.
    pub const GIVEN_NAMES: &str = include_str!("../data/given_names.tsv");
    /// Words Spanish prose writes in lowercase, a cue against a name.
    pub const LOWERCASE_WORDS: &str = include_str!("../data/lowercase_words.tsv");
    /// Faction, force, unit and arm words of the GROUP pass.
    pub const GROUP_LEXICON: &str = include_str!("../data/group_lexicon.tsv");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_header_and_rows() {
        let t = Table::parse("t.tsv", "# a comment\n# name\tvalue\nuno\t1\n\ndos\t2\n").unwrap();
        assert_eq!(t.columns, vec!["name", "value"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].line, 5);
        assert_eq!(t.column("value").unwrap(), 1);
    }

    #[test]
    fn a_divider_comment_after_the_header_is_not_the_header() {
        let t = Table::parse("t.tsv", "# name\tvalue\n# --- section ---\nuno\t1\n").unwrap();
        assert_eq!(t.columns, vec!["name", "value"]);
    }

    #[test]
    fn wrong_field_count_names_file_and_line() {
        let e = Table::parse("t.tsv", "# name\tvalue\nuno\n").unwrap_err();
        assert_eq!(e.to_string(), "t.tsv: line 2: 1 fields, the header names 2");
    }

    #[test]
    fn every_builtin_table_parses() {
        Table::parse("abbreviations.tsv", builtin::ABBREVIATIONS).unwrap();
        Table::parse("date_lexicon.tsv", builtin::DATE_LEXICON).unwrap();
        Table::parse("number_words.tsv", builtin::NUMBER_WORDS).unwrap();
        Table::parse("number_cues.tsv", builtin::NUMBER_CUES).unwrap();
        Table::parse("verb_irregulars.tsv", builtin::VERB_IRREGULARS).unwrap();
        Table::parse("event_triggers.tsv", builtin::EVENT_TRIGGERS).unwrap();
        Table::parse("event_cues.tsv", builtin::EVENT_CUES).unwrap();
        Table::parse("persons.tsv", builtin::PERSONS).unwrap();
        Table::parse("places.tsv", builtin::PLACES).unwrap();
        Table::parse("countries.tsv", builtin::COUNTRIES).unwrap();
        Table::parse("titles.tsv", builtin::TITLES).unwrap();
        Table::parse("place_features.tsv", builtin::PLACE_FEATURES).unwrap();
        Table::parse("place_cues.tsv", builtin::PLACE_CUES).unwrap();
        Table::parse("person_cues.tsv", builtin::PERSON_CUES).unwrap();
        Table::parse("common_words.tsv", builtin::COMMON_WORDS).unwrap();
        Table::parse("given_names.tsv", builtin::GIVEN_NAMES).unwrap();
        Table::parse("lowercase_words.tsv", builtin::LOWERCASE_WORDS).unwrap();
        Table::parse("group_lexicon.tsv", builtin::GROUP_LEXICON).unwrap();
    }
}
