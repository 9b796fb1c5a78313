//! Gazetteers of people and places (`data/persons.tsv`, `data/places.tsv`,
//! plus the user's extra files), and the matching of their names in a
//! document's tokens.
//!
//! Names and aliases are folded (`fold::fold`: lowercase, no accents) and
//! split at whitespace, so `Alvarez de Arenales` in the text matches the
//! alias `Álvarez de Arenales`. Matching runs one aho-corasick automaton over
//! the document's folded tokens joined by single spaces; only matches that
//! start and end on token boundaries count, and at each token the longest
//! one wins (leftmost-longest over tokens). One alias may name several
//! entities (`Balcarce`): the caller chooses among them.

use crate::data::{Table, list};
use crate::document::Token;
use crate::error::{Error, Result};
use crate::fold::fold;
use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap as HashMap;

/// Whether an entity is a person or a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Person,
    Place,
}

/// One row of a gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub kind: EntityKind,
    pub canonical: String,
    /// PERSON: `realista`, `patriota`, … as the gazetteer gives it.
    pub side: Option<String>,
    /// PERSON: the ranks the person held.
    pub titles: Vec<String>,
    /// PLACE: `city`, `river`, … as the gazetteer gives it.
    pub place_kind: Option<String>,
    /// PLACE: the country code.
    pub country: Option<String>,
    /// PLACE: latitude and longitude.
    pub coords: Option<(f64, f64)>,
    pub wikidata: Option<String>,
}

/// A gazetteer match: tokens `[start, end)` and the alias they spell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub alias: usize,
}

/// The people and places known by name, and an automaton over their aliases.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    /// Folded alias (tokens joined by one space) → entity indices, in row order.
    by_alias: HashMap<String, Vec<usize>>,
    /// Alias strings in automaton pattern order.
    aliases: Vec<String>,
    automaton: Option<AhoCorasick>,
}

/// The folded form of a name used as a key: folded tokens joined by one space.
pub fn key(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn optional(field: Option<&&str>) -> Option<String> {
    field
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && *s != "-")
        .map(str::to_string)
}

impl Gazetteer {
    /// Builds a gazetteer from person tables and place tables (built-in
    /// first, then the user's). Rows naming the same canonical entity of the
    /// same kind are merged.
    pub fn build(persons: &[Table], places: &[Table]) -> Result<Gazetteer> {
        let mut g = Gazetteer::default();
        let mut by_canonical: HashMap<(EntityKind, String), usize> = HashMap::default();
        for (kind, tables, names_col) in [
            (EntityKind::Person, persons, "aliases"),
            (EntityKind::Place, places, "variants"),
        ] {
            for table in tables {
                table.column("canonical")?;
                for (line, rec) in table.records() {
                    let canonical = rec.get("canonical").map(|s| s.trim()).unwrap_or("");
                    if canonical.is_empty() {
                        return Err(Error::data(&table.name, line, "empty `canonical`"));
                    }
                    let coords = match kind {
                        EntityKind::Place => {
                            let num = |c: &str| -> Result<Option<f64>> {
                                match optional(rec.get(c)) {
                                    None => Ok(None),
                                    Some(s) => s.parse::<f64>().map(Some).map_err(|_| {
                                        Error::data(
                                            &table.name,
                                            line,
                                            format!("`{c}` is not a number: {s:?}"),
                                        )
                                    }),
                                }
                            };
                            num("lat")?.zip(num("lon")?)
                        }
                        EntityKind::Person => None,
                    };
                    let entity = Entity {
                        kind,
                        canonical: canonical.to_string(),
                        side: optional(rec.get("side")),
                        titles: rec
                            .get("titles")
                            .map(|t| list(t).map(str::to_string).collect())
                            .unwrap_or_default(),
                        place_kind: optional(rec.get("kind")),
                        country: optional(rec.get("country")),
                        coords,
                        wikidata: optional(rec.get("wikidata")),
                    };
                    let id = *by_canonical
                        .entry((kind, key(canonical)))
                        .or_insert_with(|| {
                            g.entities.push(entity);
                            g.entities.len() - 1
                        });
                    let names = std::iter::once(canonical)
                        .chain(rec.get(names_col).map(|a| list(a)).into_iter().flatten());
                    for name in names {
                        let k = key(name);
                        if k.is_empty() {
                            continue;
                        }
                        let ids = g.by_alias.entry(k).or_default();
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                    }
                }
            }
        }
        g.aliases = g.by_alias.keys().cloned().collect();
        g.aliases.sort();
        if !g.aliases.is_empty() {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&g.aliases)
                .map_err(|e| Error::data("gazetteer", 0, e.to_string()))?;
            g.automaton = Some(ac);
        }
        Ok(g)
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn entity(&self, id: usize) -> &Entity {
        &self.entities[id]
    }

    /// The entities an alias names (a folded key, see [`key`]), in row order.
    pub fn lookup(&self, folded_key: &str) -> &[usize] {
        self.by_alias
            .get(folded_key)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The alias string of a match.
    pub fn alias(&self, m: &Match) -> &str {
        &self.aliases[m.alias]
    }

    /// For every token, the longest alias that starts there and ends on a
    /// token boundary, if any.
    pub fn longest_at(&self, tokens: &[Token]) -> Vec<Option<Match>> {
        let mut best: Vec<Option<Match>> = vec![None; tokens.len()];
        let Some(ac) = &self.automaton else {
            return best;
        };
        let mut hay = String::new();
        let mut starts = Vec::with_capacity(tokens.len());
        for t in tokens {
            if !hay.is_empty() {
                hay.push(' ');
            }
            starts.push(hay.len());
            hay.push_str(t.folded.as_str());
        }
        for m in ac.find_overlapping_iter(&hay) {
            let Ok(first) = starts.binary_search(&m.start()) else {
                continue;
            };
            // The last token: the one whose folded text ends at m.end().
            let last = starts.partition_point(|&s| s < m.end()) - 1;
            if starts[last] + tokens[last].folded.len() != m.end() {
                continue;
            }
            let cand = Match {
                start: first,
                end: last + 1,
                alias: m.pattern().as_usize(),
            };
            if best[first].is_none_or(|b| b.end < cand.end) {
                best[first] = Some(cand);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Meta, Pipeline};

    fn tiny() -> Gazetteer {
        let persons = Table::parse(
            "p.tsv",
            "# canonical\taliases\tside\ttitles\twikidata\nManuel Belgrano\tBelgrano\tpatriota\tgeneral\t\nJosé de San Martín\tSan Martín\tpatriota\tgeneral\tQ134160\n",
        )
        .unwrap();
        let places = Table::parse(
            "l.tsv",
            "# canonical\tvariants\tkind\tcountry\tlat\tlon\twikidata\nPotosí\tPotosi\tcity\tBO\t-19.58\t-65.75\t\nSan Martín\t\ttown\tAR\t-33.08\t-68.47\t\n",
        )
        .unwrap();
        Gazetteer::build(&[persons], &[places]).unwrap()
    }

    #[test]
    fn aliases_fold_and_share() {
        let g = tiny();
        assert_eq!(g.lookup("belgrano").len(), 1);
        assert_eq!(g.lookup("san martin").len(), 2, "a person and a town");
        assert_eq!(
            g.entity(g.lookup("potosi")[0]).coords,
            Some((-19.58, -65.75))
        );
    }

    #[test]
    fn matches_are_token_aligned_and_longest() {
        let g = tiny();
        let doc = Pipeline::new().unwrap().process(
            "t",
            "José de San Martín y Belgranos en POTOSÍ.",
            Meta::default(),
        );
        let at = g.longest_at(&doc.tokens);
        let m = at[0].unwrap();
        assert_eq!((m.start, m.end), (0, 4));
        assert_eq!(at[2].map(|m| m.end), Some(4));
        assert!(at[5].is_none(), "Belgranos is not Belgrano");
        assert_eq!(at[7].map(|m| g.alias(&m)), Some("potosi"));
    }
}
