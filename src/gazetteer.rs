//! Gazetteers of people and places (`data/persons.tsv`, `data/places.tsv`,
//! plus the user's extra files), and the matching of their names in a
//! document's tokens.
//!
//! Names and aliases are folded (`fold::fold`: lowercase, no accents) and
//! split at whitespace, so `Alvarez de Arenales` in the text matches the
//! alias `Álvarez de Arenales`. Matching is over tokens: an alias matches
//! where the document's folded tokens joined by single spaces spell it, and
//! at each token the longest alias that starts there wins. One alias may name
//! several entities (`Balcarce`): the caller chooses among them.
//!
//! Matching walks a trie whose edges are alias words ([`AliasTrie`]), so a
//! token that is no alias's first word costs one hash lookup. (It replaced an
//! aho-corasick automaton run over the joined folded text, which scanned
//! inside every word: `longest_at` went from 55.7 M to 28.0 M instructions
//! over /tmp/bench-small, nearly all of it now the one lookup per token.) That automaton is still built and serves the rare
//! document whose tokens the trie cannot read (an empty folded token or one
//! holding a space), so both give the same matches on every input.

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
    /// [`key`] of each entity's canonical name.
    canonical_keys: Vec<String>,
    /// Folded alias (tokens joined by one space) → entity indices, in row order.
    by_alias: HashMap<String, Vec<usize>>,
    /// Alias strings in automaton pattern order (sorted): a [`Match`]'s
    /// `alias` indexes this.
    aliases: Vec<String>,
    /// The entities of each alias, as `by_alias` gives them, by alias index.
    alias_entities: Vec<Vec<usize>>,
    automaton: Option<AhoCorasick>,
    trie: AliasTrie,
}

/// No node, no alias: the `u32` stand-in for `None` in [`AliasTrie`].
const NONE: u32 = u32::MAX;

/// A trie over the aliases with one edge per alias word, for matching
/// folded tokens without joining them into a string.
#[derive(Debug, Clone, Default)]
struct AliasTrie {
    /// Every word of every alias → its id and the root's child for it
    /// ([`NONE`] when no alias starts with the word).
    words: HashMap<String, Word>,
    /// (node, word id) → child node. Node 0 is the root.
    edges: HashMap<(u32, u32), u32>,
    /// Per node: the index of the alias that ends there, or [`NONE`].
    alias_at: Vec<u32>,
}

/// An alias word in an [`AliasTrie`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    id: u32,
    /// The root's child along this word, or [`NONE`].
    first: u32,
}

impl AliasTrie {
    /// The trie of `aliases` (keys: words joined by one space); node `n`
    /// holds alias `i` when `aliases[i]` spells the path to `n`.
    fn build(aliases: &[String]) -> AliasTrie {
        let mut trie = AliasTrie {
            alias_at: vec![NONE],
            ..AliasTrie::default()
        };
        for (i, alias) in aliases.iter().enumerate() {
            let mut node = 0u32;
            for word in alias.split(' ') {
                let next_id = trie.words.len() as u32;
                let entry = trie.words.entry(word.to_string()).or_insert(Word {
                    id: next_id,
                    first: NONE,
                });
                let next_node = trie.alias_at.len() as u32;
                let child = *trie.edges.entry((node, entry.id)).or_insert(next_node);
                if child == next_node {
                    trie.alias_at.push(NONE);
                }
                if node == 0 {
                    entry.first = child;
                }
                node = child;
            }
            trie.alias_at[node as usize] = i as u32;
        }
        trie
    }

    /// The child of `node` along the word `w`, if any.
    fn child(&self, node: u32, w: Word) -> Option<u32> {
        if node == 0 {
            return (w.first != NONE).then_some(w.first);
        }
        self.edges.get(&(node, w.id)).copied()
    }
}

/// What the gazetteer's trie makes of a token's folded form: the input of
/// [`Gazetteer::longest_at_words`], which a caller that has interned its
/// tokens computes once per distinct word ([`Gazetteer::token_word`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenWord {
    /// Empty or holding a space: the trie cannot read it.
    Unreadable,
    /// No alias has this word.
    Other,
    /// A word of some alias.
    Alias(Word),
}

/// Whether the trie can read these tokens as the joined-text matching did:
/// every folded token is a non-empty word without a space, so joining them
/// with single spaces and splitting again gives them back.
fn trie_readable(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .all(|t| !t.folded.is_empty() && !t.folded.as_bytes().contains(&b' '))
}

/// The folded form of a name used as a key: folded tokens joined by one space.
///
/// (The folded form is returned as it is when it is already so spaced, as
/// nearly every name is, and the words are joined in place otherwise: the
/// `Vec` and `join` cost 2.0 M instructions of the names pass over
/// /tmp/bench-small; the test below checks it against that definition.)
pub fn key(name: &str) -> String {
    let folded = fold(name);
    let single_spaced = !folded.starts_with(' ')
        && !folded.ends_with(' ')
        && !folded.contains("  ")
        && !folded.chars().any(|c| c.is_whitespace() && c != ' ');
    if single_spaced {
        return folded;
    }
    let mut joined = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    joined
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
        g.canonical_keys = g.entities.iter().map(|e| key(&e.canonical)).collect();
        g.aliases = g.by_alias.keys().cloned().collect();
        g.aliases.sort();
        g.alias_entities = g.aliases.iter().map(|a| g.by_alias[a].clone()).collect();
        g.trie = AliasTrie::build(&g.aliases);
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

    /// [`key`] of an entity's canonical name.
    pub fn canonical_key(&self, id: usize) -> &str {
        &self.canonical_keys[id]
    }

    /// The entities an alias names (a folded key, see [`key`]), in row order.
    pub fn lookup(&self, folded_key: &str) -> &[usize] {
        self.by_alias
            .get(folded_key)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The entities that the folded forms of `tokens`, joined by single
    /// spaces, name: `lookup` of that key without building it.
    pub fn lookup_tokens(&self, tokens: &[Token]) -> &[usize] {
        if !trie_readable(tokens) {
            let joined = tokens
                .iter()
                .map(|t| t.folded.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            return self.lookup(&joined);
        }
        let mut node = 0;
        for t in tokens {
            let Some(&w) = self.trie.words.get(t.folded.as_str()) else {
                return &[];
            };
            match self.trie.child(node, w) {
                Some(c) => node = c,
                None => return &[],
            }
        }
        match self.trie.alias_at[node as usize] {
            NONE => &[],
            alias => &self.alias_entities[alias as usize],
        }
    }

    /// [`Gazetteer::lookup_tokens`], given `words[i] ==
    /// self.token_word(&tokens[i].folded)` for every token.
    pub fn lookup_words(&self, tokens: &[Token], words: &[TokenWord]) -> &[usize] {
        debug_assert_eq!(tokens.len(), words.len());
        self.lookup_by(tokens, |i| words[i])
    }

    /// [`Gazetteer::lookup_words`], with the words given once per distinct
    /// form: `by_word[word_of[i] as usize]` is token `i`'s (a caller that
    /// interns its tokens keeps no per-token copy of them).
    pub fn lookup_word_ids(
        &self,
        tokens: &[Token],
        word_of: &[u32],
        by_word: &[TokenWord],
    ) -> &[usize] {
        debug_assert_eq!(tokens.len(), word_of.len());
        self.lookup_by(tokens, |i| by_word[word_of[i] as usize])
    }

    /// [`Gazetteer::lookup_words`] with `word(i)` for `words[i]`.
    fn lookup_by(&self, tokens: &[Token], word: impl Fn(usize) -> TokenWord) -> &[usize] {
        let mut node = 0;
        for i in 0..tokens.len() {
            let next = match word(i) {
                TokenWord::Alias(w) => self.trie.child(node, w),
                TokenWord::Other => None,
                TokenWord::Unreadable => return self.lookup_tokens(tokens),
            };
            match next {
                Some(c) => node = c,
                // (an unreadable word further on may still join a key)
                None if (i + 1..tokens.len()).any(|j| word(j) == TokenWord::Unreadable) => {
                    return self.lookup_tokens(tokens);
                }
                None => return &[],
            }
        }
        match self.trie.alias_at[node as usize] {
            NONE => &[],
            alias => &self.alias_entities[alias as usize],
        }
    }

    /// The alias string of a match.
    pub fn alias(&self, m: &Match) -> &str {
        &self.aliases[m.alias]
    }

    /// The entities the alias of a match names: `lookup(alias(m))`.
    pub fn entities_of(&self, m: &Match) -> &[usize] {
        &self.alias_entities[m.alias]
    }

    /// For every token, the longest alias that starts there and ends on a
    /// token boundary, if any.
    pub fn longest_at(&self, tokens: &[Token]) -> Vec<Option<Match>> {
        let words: Vec<TokenWord> = tokens
            .iter()
            .map(|t| self.token_word(t.folded.as_str()))
            .collect();
        self.longest_at_words(tokens, &words)
    }

    /// What the trie makes of a folded token.
    pub fn token_word(&self, folded: &str) -> TokenWord {
        if folded.is_empty() || folded.as_bytes().contains(&b' ') {
            return TokenWord::Unreadable;
        }
        match self.trie.words.get(folded) {
            Some(&w) => TokenWord::Alias(w),
            None => TokenWord::Other,
        }
    }

    /// [`Gazetteer::longest_at`], given `words[i] ==
    /// self.token_word(&tokens[i].folded)` for every token.
    pub fn longest_at_words(&self, tokens: &[Token], words: &[TokenWord]) -> Vec<Option<Match>> {
        let mut best: Vec<Option<Match>> = vec![None; tokens.len()];
        for m in self.matches_at_words(tokens, words) {
            best[m.start] = Some(m);
        }
        best
    }

    /// The matches of [`Gazetteer::longest_at_words`] alone, in token order
    /// (those `Some` in it): most tokens start no alias, and a 32-byte slot
    /// per token cost a document-long array written, then read with a
    /// cache miss per capitalized word.
    pub fn matches_at_words(&self, tokens: &[Token], words: &[TokenWord]) -> Vec<Match> {
        debug_assert_eq!(tokens.len(), words.len());
        self.matches_by(tokens, words.contains(&TokenWord::Unreadable), |i| words[i])
    }

    /// [`Gazetteer::matches_at_words`], with the words given once per
    /// distinct form: `by_word[word_of[i] as usize]` is token `i`'s, and
    /// every word of `by_word` is some token's. (A per-token copy of them
    /// cost the names pass 2.5 M instructions over /tmp/bench-small.)
    pub fn matches_at_word_ids(
        &self,
        tokens: &[Token],
        word_of: &[u32],
        by_word: &[TokenWord],
    ) -> Vec<Match> {
        debug_assert_eq!(tokens.len(), word_of.len());
        // (every word is some token's, so any token's word is unreadable
        // exactly when one of the words is)
        self.matches_by(tokens, by_word.contains(&TokenWord::Unreadable), |i| {
            by_word[word_of[i] as usize]
        })
    }

    /// [`Gazetteer::matches_at_words`] with `word(i)` for `words[i]`, and
    /// whether any of them is unreadable.
    fn matches_by(
        &self,
        tokens: &[Token],
        any_unreadable: bool,
        word: impl Fn(usize) -> TokenWord,
    ) -> Vec<Match> {
        if self.automaton.is_none() || any_unreadable {
            return self
                .longest_at_by_text(tokens)
                .into_iter()
                .flatten()
                .collect();
        }
        let alias_word = |i: usize| match (i < tokens.len()).then(|| word(i)) {
            Some(TokenWord::Alias(w)) => Some(w),
            _ => None,
        };
        let mut found: Vec<Match> = Vec::new();
        for start in 0..tokens.len() {
            let Some(mut node) = alias_word(start).and_then(|w| self.trie.child(0, w)) else {
                continue;
            };
            let mut best: Option<Match> = None;
            let mut end = start + 1;
            loop {
                let alias = self.trie.alias_at[node as usize];
                if alias != NONE {
                    best = Some(Match {
                        start,
                        end,
                        alias: alias as usize,
                    });
                }
                match alias_word(end) {
                    Some(w) => match self.trie.child(node, w) {
                        Some(c) => node = c,
                        None => break,
                    },
                    None => break,
                }
                end += 1;
            }
            found.extend(best);
        }
        found
    }

    /// [`Gazetteer::longest_at`] by the automaton over the folded tokens
    /// joined by single spaces, keeping the matches that start and end on
    /// token boundaries: the definition, and the fallback for tokens the
    /// trie cannot read.
    fn longest_at_by_text(&self, tokens: &[Token]) -> Vec<Option<Match>> {
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

    /// The built-in gazetteer.
    fn builtin() -> Gazetteer {
        use crate::data::builtin::{PERSONS, PLACES};
        let persons = Table::parse("data/persons.tsv", PERSONS).unwrap();
        let places = Table::parse("data/places.tsv", PLACES).unwrap();
        Gazetteer::build(&[persons], &[places]).unwrap()
    }

    fn token(folded: &str) -> Token {
        Token {
            span: crate::document::Span::new(0, folded.len()),
            kind: crate::document::TokenKind::Word,
            case: crate::document::Case::Lower,
            folded: folded.into(),
        }
    }

    /// Token texts for the equivalence tests: mostly alias words (so
    /// aliases and their prefixes occur), some other words, and the shapes
    /// the trie cannot read (empty, holding a space).
    fn vocabulary(g: &Gazetteer) -> Vec<String> {
        let mut words: Vec<String> = g
            .aliases
            .iter()
            .flat_map(|a| a.split(' '))
            .map(str::to_string)
            .collect();
        words.sort();
        words.dedup();
        words.extend(["", "san martin", " ", "x", "de", "el", ","].map(str::to_string));
        words
    }

    use proptest::prelude::*;

    proptest! {
        /// `key` is its definition: the folded words joined by one space.
        #[test]
        fn key_equals_folded_words_joined(name in "[ a\t\nÁé\u{a0}\u{2003}B.-]{0,12}") {
            let definition = fold(&name).split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(key(&name), definition);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The trie gives exactly what the automaton over the joined text
        /// gives, and `lookup_tokens` what `lookup` of the joined key gives.
        #[test]
        fn trie_equals_joined_text_matching(picks in proptest::collection::vec((any::<prop::sample::Index>(), 0..40u8), 0..40)) {
            thread_local! {
                static G: (Gazetteer, Vec<String>) = {
                    let g = builtin();
                    let v = vocabulary(&g);
                    (g, v)
                };
            }
            G.with(|(g, vocab)| {
                // Mostly readable sequences: the odd words only sometimes.
                let readable: Vec<&String> = vocab
                    .iter()
                    .filter(|w| !w.is_empty() && !w.contains(' '))
                    .collect();
                // Each pick is a word, odd or not, or the words of an alias
                // or of a prefix of one (so long aliases and their overlaps
                // occur).
                let mut tokens: Vec<Token> = Vec::new();
                for (i, how) in &picks {
                    match how {
                        0 => tokens.push(token(i.get(vocab.as_slice()).as_str())),
                        1..20 => tokens.push(token(i.get(readable.as_slice()).as_str())),
                        _ => {
                            let alias: Vec<&str> = i.get(&g.aliases).split(' ').collect();
                            let n = if how % 2 == 0 { alias.len() } else { alias.len().div_ceil(2) };
                            tokens.extend(alias[..n].iter().map(|w| token(w)));
                        }
                    }
                }
                prop_assert_eq!(g.longest_at(&tokens), g.longest_at_by_text(&tokens));
                // The same, with the words given per distinct form.
                let mut ids: HashMap<&str, u32> = HashMap::default();
                let word_of: Vec<u32> = tokens
                    .iter()
                    .map(|t| {
                        let next = ids.len() as u32;
                        *ids.entry(t.folded.as_str()).or_insert(next)
                    })
                    .collect();
                let mut by_word = vec![TokenWord::Other; ids.len()];
                for (w, &id) in &ids {
                    by_word[id as usize] = g.token_word(w);
                }
                let words: Vec<TokenWord> = tokens.iter().map(|t| g.token_word(&t.folded)).collect();
                prop_assert_eq!(
                    g.matches_at_word_ids(&tokens, &word_of, &by_word),
                    g.matches_at_words(&tokens, &words)
                );
                for s in 0..tokens.len().min(6) {
                    for e in s..=tokens.len().min(s + 5) {
                        let joined = tokens[s..e]
                            .iter()
                            .map(|t| t.folded.as_str())
                            .collect::<Vec<_>>()
                            .join(" ");
                        prop_assert_eq!(g.lookup_tokens(&tokens[s..e]), g.lookup(&joined));
                        let words: Vec<TokenWord> =
                            tokens[s..e].iter().map(|t| g.token_word(&t.folded)).collect();
                        prop_assert_eq!(g.lookup_words(&tokens[s..e], &words), g.lookup(&joined));
                        prop_assert_eq!(
                            g.lookup_word_ids(&tokens[s..e], &word_of[s..e], &by_word),
                            g.lookup(&joined)
                        );
                    }
                }
                Ok(())
            })?;
        }
    }

    #[test]
    fn trie_equals_joined_text_on_every_alias() {
        let g = builtin();
        for (i, alias) in g.aliases.iter().enumerate() {
            // the alias alone, and inside a phrase with its own prefix before it
            let words: Vec<&str> = alias.split(' ').collect();
            let mut phrase = vec!["en"];
            phrase.extend(&words[..words.len() - 1]);
            phrase.extend(&words);
            phrase.push("y");
            let tokens: Vec<Token> = phrase.iter().map(|w| token(w)).collect();
            assert_eq!(
                g.longest_at(&tokens),
                g.longest_at_by_text(&tokens),
                "{alias}"
            );
            let own: Vec<Token> = words.iter().map(|w| token(w)).collect();
            assert_eq!(
                g.longest_at(&own)[0].map(|m| (m.end, m.alias)),
                Some((own.len(), i))
            );
            assert_eq!(g.lookup_tokens(&own), g.lookup(alias));
            assert_eq!(
                g.entities_of(&g.longest_at(&own)[0].unwrap()),
                g.lookup(alias)
            );
        }
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
