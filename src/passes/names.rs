//! PERSON and PLACE mentions, from gazetteers and name patterns, linked to
//! canonical entities. One pass does both types because each decides the
//! other: `San Martín` the general is not the town, `Castro` the officer is
//! not a place.
//!
//! How a sentence is read:
//! 1. **Name runs**: maximal sequences of capitalized words, initials and
//!    the particles `de`, `de la`, `del`, `de los` between capitalized words
//!    (`Joaquín de la Pezuela`, `América del Sur`). A gazetteer alias that
//!    starts at the same token and is longer (`Venta y Media`) replaces the
//!    run. Leading determiners and capitalized titles are peeled off
//!    (`General Belgrano` → title `general`); at a sentence start (or after
//!    a dialogue dash or an opening quote) leading common words are peeled
//!    off too (`Pero`, `Convencido`), by the lexicon
//!    (`data/common_words.tsv`), by morphology (gerunds, participles, -mente
//!    adverbs, preterites) and by the document itself (a word also written
//!    lowercase in the same document is an ordinary word).
//! 2. **Type**: gazetteer kind; a title before the name (`el coronel X`,
//!    `data/titles.tsv`) or a nickname cue (`manco Paz`) → PERSON; a
//!    feature word (`llanura de X`, `data/place_features.tsv`), a location
//!    or movement preposition (`hacia`, `desde`, `hasta`, `en`; `a` after a
//!    motion verb) or a place noun (`batalla de X`, `data/place_cues.tsv`)
//!    → PLACE; a given name (`data/given_names.tsv`) → PERSON; the type the
//!    same name had earlier in the document; the type of the name it is
//!    coordinated with (`Bernal, Beldón y Villegas`); else PERSON.
//! 3. **Entity**: the gazetteer canonical name (an alias naming several
//!    people resolves to the one already named in the document, else to the
//!    first row); a surname or nickname seen earlier with a full name keeps
//!    that person for the document; an unknown name keeps the fullest form
//!    the document gives (`Villegas` … `Juan Villegas` → both `Juan
//!    Villegas`).
//!
//! The decisions ANNOTATION.md leaves open are in `docs/names.md`.

use crate::data::{Table, builtin};
use crate::document::{Case, Document, Mention, MentionType, MentionValue, Span, Token, TokenKind};
use crate::error::{Error, Result};
use crate::fold::fold;
use crate::gazetteer::{EntityKind, Gazetteer, TokenWord, key};
use crate::pipeline::{Config, Pass};
use crate::word_table::WordTable;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::Cell;

/// The names pass.
#[derive(Debug, Clone)]
pub struct Names {
    gazetteer: Gazetteer,
    /// Folded title words (space-joined) → title; `None` for nickname cues.
    titles: WordTable<Option<String>>,
    max_title_words: usize,
    /// The last word of every title key (the text after its last space) →
    /// the word counts of the keys that end with it, largest first.
    title_lengths: HashMap<String, Vec<usize>>,
    /// The same last words → the keys that end with them, as their words,
    /// and their values, most words first.
    title_ends: HashMap<String, Vec<(Vec<String>, Option<String>)>>,
    /// Folded feature word → feature as written in the table.
    features: WordTable<String>,
    prepositions: HashSet<String>,
    motion_stems: Vec<String>,
    /// `motion_stems` by first byte (the empty stem, which every word
    /// starts with, under every byte): a word is checked against the few
    /// stems that can start it. (is_motion over /tmp/bench-small: 3.6 M
    /// instructions scanning all 44 stems, 0.5 M with this.)
    motion_stems_by_byte: Vec<Vec<String>>,
    place_nouns: HashSet<String>,
    /// Folded common word → its class.
    common: WordTable<String>,
    /// The distinct classes of `common`, for [`Seen::classes`].
    common_classes: Vec<String>,
    given_names: HashSet<String>,
    speech_verbs: HashSet<String>,
    /// Folded words prose writes in lowercase (`data/lowercase_words.tsv`):
    /// capitalized, they are more likely a sentence start or a heading
    /// word than a name.
    lowercase_words: HashSet<String>,
}

fn parse(name: &str, source: &str) -> Result<Table> {
    Table::parse(name, source)
}

fn user_tables(files: &[crate::pipeline::DataFile]) -> Result<Vec<Table>> {
    files
        .iter()
        .map(|f| Table::parse(&f.name, &f.contents))
        .collect()
}

/// Particles that may sit inside a name between capitalized words.
fn is_particle(folded: &str) -> bool {
    matches!(
        folded,
        "de" | "del" | "la" | "las" | "los" | "y" | "e" | "da" | "do" | "dos" | "van" | "von"
    )
}

/// Treatments that are not ranks: a rank next to one is the better title.
fn is_honorific(title: &str) -> bool {
    matches!(title, "don" | "doña" | "señor" | "señora" | "señorita")
}

/// Punctuation after which a word is capitalized as the start of a unit of
/// text rather than as a name.
fn is_opener(s: &str) -> bool {
    matches!(
        s,
        "—" | "–"
            | "-"
            | "«"
            | "“"
            | "\""
            | "¿"
            | "¡"
            | "("
            | ":"
            | "#"
            | "%"
            | "*"
            | "_"
            | "‹"
            | "["
            | "'"
            | "‘"
    )
}

/// A roman numeral (`VII`, `XII`): part of a monarch's name, or a heading.
fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 6 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

/// Word shapes that are never names at a sentence start: gerunds,
/// participles, -mente adverbs, preterite and imperfect endings.
fn ordinary_by_morphology(word: &str, folded: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ando", "iendo", "yendo", "ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas",
        "mente", "aron", "ieron", "aba", "aban", "abamos", "iamos", "amos", "emos", "imos",
        "andose", "iendose", "adole", "arse", "erse", "irse", "asteis", "isteis",
    ];
    const CLITICS: &[&str] = &[
        "me", "te", "se", "le", "les", "lo", "los", "la", "las", "nos", "os",
    ];
    let long = folded.chars().count() > 4;
    // A written accent before an enclitic pronoun: `Díjole`, `Óiganme`,
    // `Guárdate`, `Hiriéndoles`.
    let accented = word.chars().any(|c| "áéíóúÁÉÍÓÚ".contains(c));
    long && ENDINGS.iter().any(|e| folded.ends_with(e))
        || long && accented && CLITICS.iter().any(|c| folded.ends_with(c))
        // Preterites, with or without an enclitic: `Fingió`, `Replegose`.
        || folded.chars().count() >= 4 && (word.ends_with('ó') || word.ends_with('é'))
        || long && (folded.ends_with("ose") || folded.ends_with("iose"))
        // Older spelling without the accent: `Mostrole`, `Junteme`.
        || folded.chars().count() > 5 && ["role", "tole", "vole", "jole", "nole", "rome", "teme", "tome", "vome", "dime", "time", "rime", "vime", "gime", "cime", "seme", "neme", "quele", "quelo", "reme"].iter().any(|e| folded.ends_with(e))
        // Futures: `Entrará`, `Enviaré`, `Fortalecerán`.
        || long && ["rá", "ré", "rán", "rás", "réis"].iter().any(|e| word.ends_with(e))
        // Imperatives of `vosotros`: `Creed`, `Mirad`, `Venid`.
        || folded.chars().count() >= 4 && (folded.ends_with("ad") || folded.ends_with("ed") || folded.ends_with("id"))
        // …and with an enclitic: `Despreciadlos`, `Decidme`.
        // (Suffix pairs are tested without building `v + c`: with an
        // allocation per pair this function cost 20 000 instructions a call.)
        || long && CLITICS.iter().any(|c| folded.strip_suffix(c).is_some_and(|rest| ["ad", "ed", "id"].iter().any(|v| rest.ends_with(v))))
        // Infinitives and preterites with an enclitic: `Dejarla`,
        // `Ocurriole`.
        // (not `-os`: `Cisneros`, `Ballesteros`).
        || long && CLITICS.iter().filter(|c| **c != "os").any(|c| folded.strip_suffix(c).is_some_and(|rest| ["ar", "er", "ir", "io"].iter().any(|v| rest.ends_with(v))))
        // Imperfects and conditionals: `Convenía`, `Decían`.
        || long && (word.ends_with("ía") || word.ends_with("ían"))
}

/// Suffixes of abstract and collective nouns (`Administración`,
/// `Sociedades`, `Concepcionista`, `Ayuntamiento`), which head institutions
/// rather than names of people or places.
fn abstract_noun(folded: &str) -> bool {
    folded.chars().count() > 6
        && [
            "cion", "ciones", "sion", "siones", "dad", "dades", "ista", "istas", "ismo", "miento",
            "mientos", "ncia", "ncias", "eria", "erias",
        ]
        .iter()
        .any(|e| folded.ends_with(e))
}

/// What the context says about a name.
#[derive(Debug, Default, Clone)]
struct Cues {
    title: Option<String>,
    /// Tokens of a nickname cue before the name (`manco`), to include.
    nickname_from: Option<usize>,
    feature: Option<String>,
    /// Place evidence: 0 none, 1 weak (`a` after a motion verb, `batalla
    /// de X`), 2 strong (`hacia`, `desde`, `hasta`, `en`).
    place_context: u8,
    given_name: bool,
    /// A verb of saying or perceiving right before or after the name.
    speech: bool,
    /// The first token of the title before the name.
    title_from: Option<usize>,
    /// The run starts with a capitalized feature word (`Valle de Tetuán`).
    capitalized_feature: bool,
    /// The name follows an office held over a place (`obispo de X`,
    /// `gobernador de X`).
    office_of: bool,
}

impl Cues {
    /// A feature word before the name; `-` (a plural naming several
    /// places: `las ciudades del Alto Perú`) is a place cue only.
    fn set_feature(&mut self, feature: &str) {
        if feature == "-" {
            self.place_context = 2;
        } else {
            self.feature = Some(feature.to_string());
        }
    }
}

/// A name run found in the text, with its cues, before it is typed.
#[derive(Debug, Clone)]
struct Candidate<'d> {
    /// The mention's span (with a nickname cue, without a title).
    span: Span,
    /// The run's last token.
    end_token: usize,
    /// Folded key of the name as written (without title or nickname cue).
    key: String,
    /// The name as written: a slice of the document's text (a copy cost
    /// the pass 1.7 M of its 96.4 M instructions over /tmp/bench-small).
    text: &'d str,
    cues: Cues,
    /// Gazetteer people and places the name (or nickname) spells.
    persons: Vec<usize>,
    places: Vec<usize>,
    partial_person: bool,
    /// The name has a particle inside (`Santiago de Cotagaita`).
    compound: bool,
    /// The name has the shape of a place name: a saint's name (`San
    /// Lucas`) or a capitalized article in mid-sentence (`La Carolina`).
    place_shaped: bool,
    /// The candidate this one is coordinated with (`X y Y`, `X, Y`).
    coordinated: Option<usize>,
    /// Whether that link is a conjunction (`y`, `e`, `ni`, `o`), not a
    /// comma that may end a phrase (`Tambo Nuevo, Olañeta se replegó`).
    conjunction: bool,
}

/// What the whole document says about words.
///
/// Words are interned once per document: each token gets the index of its
/// folded form, and what the document says is kept per index, so the
/// questions below cost an array read, and the gazetteer is asked once per
/// distinct word rather than once per token. (Over /tmp/bench-small the
/// three `&str`-keyed sets cost 20.2 M instructions and the gazetteer's
/// per-token lookups 28.0 M; interning, the per-word tables and the
/// gazetteer's per-word lookups cost 39 M: the pass went from 160 M to
/// 150 M.)
struct Seen<'a> {
    text: &'a str,
    /// Per token: the index of its folded form in `words`.
    word_of: Vec<u32>,
    /// Per word: written in lowercase somewhere.
    lowercase: Vec<bool>,
    /// Per word: capitalized somewhere that is not the start of a unit of
    /// text.
    capitalized_inside: Vec<bool>,
    /// Per word: how often it is capitalized, anywhere.
    capitalized_count: Vec<usize>,
    /// Whether the document is long enough for counts to be evidence.
    long: bool,
    /// Per word: what the lexicons say of it, as far as asked so far (two
    /// bits per [`Lexicon`]: asked, and the answer). A run of a name asks
    /// the same few words of the same lexicons many times; this asks each
    /// hash set once per word. (run_sentence over /tmp/bench-small: 54.8 M
    /// instructions before, 53.1 M after.)
    lexicons: Vec<Cell<u32>>,
    /// Per word: its [`Names::common_class`] as far as asked: 0 not yet, 1
    /// none, else 2 plus its index in `Names::common_classes` (up to three
    /// string hashes, asked of a run's head word at every name).
    classes: Vec<Cell<u16>>,
    /// Per word: what the gazetteer's trie makes of it.
    trie_words: Vec<TokenWord>,
    /// Per sentence: its name tokens (capitalized words and initials, see
    /// [`Names::is_name_token`]) as a range of `name_tokens`, its emphasis
    /// markers (`*`, `_`, `**`) as a range of `emphasis`, and whether it
    /// holds markup (`\\`, `<`, `>`, `{`, `}`: not prose).
    ///
    /// They are found in the one walk over the tokens that also collects
    /// what the document says of words, so `run_sentence` walks neither the
    /// punctuation nor the lowercase words of a sentence: most sentences
    /// hold no name token but their first word.
    sentences: Vec<SentenceTokens>,
    name_tokens: Vec<u32>,
    emphasis: Vec<u32>,
}

/// What [`Seen::of`] found in a sentence: ranges of [`Seen::name_tokens`]
/// and [`Seen::emphasis`], and whether it holds markup.
struct SentenceTokens {
    names: std::ops::Range<u32>,
    emphasis: std::ops::Range<u32>,
    markup: bool,
}

/// The lexicons `Names::is` answers for a token, from [`Seen::lexicons`].
#[derive(Debug, Clone, Copy)]
enum Lexicon {
    /// `given_names`.
    Given,
    /// `common` (`Names::is_common`).
    Common,
    /// `common`, not as a verb (`Names::is_common_nonverb`).
    CommonNonverb,
    /// A key of `titles` (title or nickname cue).
    Title,
    /// A key of `titles` with a title (not a nickname cue).
    Rank,
    /// A key of `features`.
    Feature,
    /// `lowercase_words`.
    LowercaseWord,
    /// `place_nouns`.
    PlaceNoun,
    /// `prepositions`.
    Preposition,
    /// `speech_verbs`.
    Speech,
    /// The last word of a key of `titles` (a key of `title_lengths`, by
    /// the text after the form's last space): whether a title can end
    /// with this token, asked before every name (title_before over
    /// /tmp/bench-small: 3.5 M instructions with a string hash per call).
    TitleEnd,
    /// A plural of a title (`Condes`, `Generales`): the form less `es` or
    /// `s` is a key of `titles` with a title.
    PluralTitle,
}

impl<'a> Seen<'a> {
    fn text_of(&self, t: &Token) -> &'a str {
        &self.text[t.span.start..t.span.end]
    }

    fn of(names: &Names, doc: &'a Document) -> Seen<'a> {
        let gazetteer = &names.gazetteer;
        let (word_of, words, trie_words) = intern(&doc.tokens, |w| gazetteer.token_word(w));
        let n = words.len();
        let text = doc.text();
        let mut seen = Seen {
            text,
            word_of,
            lowercase: vec![false; n],
            capitalized_inside: vec![false; n],
            capitalized_count: vec![0; n],
            long: doc.tokens.len() > 5000,
            lexicons: vec![Cell::new(0); n],
            classes: vec![Cell::new(0); n],
            trie_words,
            sentences: Vec::with_capacity(doc.sentences.len()),
            name_tokens: Vec::with_capacity(doc.tokens.len() / 8),
            emphasis: Vec::new(),
        };
        for sentence in &doc.sentences {
            let (first, last) = (sentence.tokens.start, sentence.tokens.end);
            let (names_from, emphasis_from) = (seen.name_tokens.len(), seen.emphasis.len());
            let mut markup = false;
            for i in first..last {
                let t = &doc.tokens[i];
                match t.kind {
                    TokenKind::Punct => {
                        match &text[t.span.start..t.span.end] {
                            "\\" | "<" | ">" | "{" | "}" => markup = true,
                            "*" | "_" | "**" => seen.emphasis.push(i as u32),
                            _ => {}
                        }
                        // (punctuation is no name token)
                        continue;
                    }
                    TokenKind::Word => {
                        let w = seen.word_of[i] as usize;
                        if t.case == Case::Capitalized {
                            seen.capitalized_count[w] += 1;
                        }
                        match t.case {
                            Case::Lower => {
                                seen.lowercase[w] = true;
                            }
                            Case::Capitalized
                                if !names.at_text_start(text, &doc.tokens, first, i) =>
                            {
                                seen.capitalized_inside[w] = true;
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
                if t.case != Case::Lower && names.is_name_token(text, t) {
                    seen.name_tokens.push(i as u32);
                }
            }
            seen.sentences.push(SentenceTokens {
                names: names_from as u32..seen.name_tokens.len() as u32,
                emphasis: emphasis_from as u32..seen.emphasis.len() as u32,
                markup,
            });
        }
        seen
    }

    /// Whether the word of token `i` is written in lowercase somewhere.
    fn lowercase(&self, i: usize) -> bool {
        self.lowercase[self.word_of[i] as usize]
    }

    /// Whether the word of token `i` is capitalized somewhere that is not
    /// the start of a unit of text.
    fn capitalized_inside(&self, i: usize) -> bool {
        self.capitalized_inside[self.word_of[i] as usize]
    }

    /// How often the word of token `i` is capitalized.
    fn capitalized_count(&self, i: usize) -> usize {
        self.capitalized_count[self.word_of[i] as usize]
    }
}

/// Each token's index in the list of distinct folded forms, that list, and
/// `per_word` of each form.
///
/// A form of up to 7 bytes (most tokens: `de`, `que`, `,`) is keyed by an
/// integer, its bytes and its length, which hashes and compares without a
/// string comparison. (intern over /tmp/bench-small: 29.3 M instructions
/// with `&str` keys for every token, 17.8 M with this; a `u128` key for up
/// to 15 bytes measured 21.6 M.)
fn intern<V>(
    tokens: &[Token],
    mut per_word: impl FnMut(&str) -> V,
) -> (Vec<u32>, Vec<&str>, Vec<V>) {
    // (sized for a novel's vocabulary, about one distinct form in seven
    // tokens, so the tables rarely grow)
    let mut short = ShortKeys::with_capacity(tokens.len() / 8);
    let mut long: HashMap<&str, u32> =
        HashMap::with_capacity_and_hasher(tokens.len() / 16, Default::default());
    // The forms of one byte or two lowercase ASCII letters (`,`, `.`, `de`,
    // `la`, `y`: about a third of all tokens) by their slot, without a hash:
    // 0 for not yet seen, else their index plus one.
    let mut tiny = [0u32; TINY_SLOTS];
    let mut words = Vec::with_capacity(tokens.len() / 6);
    let mut values: Vec<V> = Vec::with_capacity(tokens.len() / 6);
    // Where a new form goes.
    enum Place {
        Tiny(usize),
        Short(u64, usize),
        Long,
    }
    // (A form seen before, nearly every token, is answered on a straight
    // path; a new one is numbered below it.)
    let word_of: Vec<u32> = tokens
        .iter()
        .map(|t| {
            let folded = t.folded.as_str();
            let place = if let Some(slot) = tiny_slot(folded) {
                match tiny[slot] {
                    0 => Place::Tiny(slot),
                    id => return id - 1,
                }
            // (the empty form's key is 0, the table's empty slot)
            } else if let Some(k) = short_key(folded).filter(|&k| k != 0) {
                match short.find(k) {
                    Ok(id) => return id,
                    Err(slot) => Place::Short(k, slot),
                }
            } else {
                match long.get(folded) {
                    Some(&id) => return id,
                    None => Place::Long,
                }
            };
            let id = words.len() as u32;
            words.push(folded);
            values.push(per_word(folded));
            match place {
                Place::Tiny(slot) => tiny[slot] = id + 1,
                Place::Short(k, slot) => short.insert_at(slot, k, id),
                Place::Long => {
                    long.insert(folded, id);
                }
            }
            id
        })
        .collect();
    (word_of, words, values)
}

/// A map from nonzero [`short_key`]s to word ids: open addressing with
/// linear probing over one array of (key, id) slots, key 0 marking an empty
/// slot, hashed by one multiplication (Fibonacci hashing). A known key on
/// its first slot costs a few instructions and no call. (intern over
/// /tmp/bench-small, non-LTO build: 20.6 M instructions with
/// `FxHashMap<u64, u32>` and a per-token copy of the trie words, 17.1 M
/// with this table, a straight path for known forms and no copy;
/// `interning_tells_every_form_apart` and `short_keys_equal_a_hash_map`
/// check it.)
struct ShortKeys {
    slots: Vec<(u64, u32)>,
    /// 64 less the log2 of the slot count: the hash's top bits index.
    shift: u32,
    len: usize,
}

impl ShortKeys {
    fn with_capacity(n: usize) -> ShortKeys {
        let slots = (2 * n).next_power_of_two().max(64);
        ShortKeys {
            slots: vec![(0, 0); slots],
            shift: 64 - slots.trailing_zeros(),
            len: 0,
        }
    }

    fn slot_of(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The id of `key`, given by `new` the first time.
    #[cfg(test)]
    fn id(&mut self, key: u64, new: impl FnOnce() -> u32) -> u32 {
        match self.find(key) {
            Ok(id) => id,
            Err(slot) => {
                let id = new();
                self.insert_at(slot, key, id);
                id
            }
        }
    }

    /// The id of `key`, or the empty slot where it goes.
    #[inline(always)]
    fn find(&self, key: u64) -> std::result::Result<u32, usize> {
        debug_assert_ne!(key, 0);
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(key);
        loop {
            let (k, id) = self.slots[i];
            if k == key {
                return Ok(id);
            }
            if k == 0 {
                return Err(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// Puts `key` in the empty slot `find` gave for it.
    fn insert_at(&mut self, i: usize, key: u64, id: u32) {
        debug_assert_eq!(self.slots[i].0, 0);
        self.slots[i] = (key, id);
        self.len += 1;
        // (at most half full, so probes stay short and a slot stays empty)
        if 2 * self.len > self.slots.len() {
            self.grow();
        }
    }

    fn grow(&mut self) {
        let doubled = vec![(0, 0); 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, doubled);
        self.shift -= 1;
        let mask = self.slots.len() - 1;
        for (k, id) in old.into_iter().filter(|&(k, _)| k != 0) {
            let mut i = self.slot_of(k);
            while self.slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (k, id);
        }
    }
}

/// Slots of [`tiny_slot`]: every byte, then every pair of lowercase ASCII
/// letters.
const TINY_SLOTS: usize = 256 + 26 * 26;

/// The slot of a form of one byte or of two lowercase ASCII letters.
fn tiny_slot(s: &str) -> Option<usize> {
    match *s.as_bytes() {
        [x] => Some(x as usize),
        [x, y] if x.is_ascii_lowercase() && y.is_ascii_lowercase() => {
            Some(256 + (x - b'a') as usize * 26 + (y - b'a') as usize)
        }
        _ => None,
    }
}

/// A string of up to 7 bytes as an integer: its bytes, then its length in
/// the top byte (so `a` and `a\0` differ).
///
/// (Read as two overlapping loads, not byte by byte: the bytes they share
/// are the same, so OR-ing them is exact: 0.3 M instructions of the
/// pass over /tmp/bench-small.)
fn short_key(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let n = b.len();
    let bytes = match n {
        0 => 0,
        1..=3 => {
            b[0] as u64 | (b[n / 2] as u64) << (8 * (n / 2)) | (b[n - 1] as u64) << (8 * (n - 1))
        }
        4..=7 => {
            let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64;
            let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]) as u64;
            lo | hi << (8 * (n - 4))
        }
        _ => return None,
    };
    Some(bytes | (n as u64) << 56)
}

/// Whether two words separated by `gap` may belong to one name: only white
/// space, with at most one line break.
fn joinable_gap(gap: &str) -> bool {
    // (one space, the commonest gap, without a scan)
    gap == " " || gap.chars().all(char::is_whitespace) && gap.matches('\n').count() <= 1
}

/// The one item of an iterator that yields exactly one, else `None`
/// (what `[x]` matches of the collected items, without collecting them).
fn only<T>(mut items: impl Iterator<Item = T>) -> Option<T> {
    let first = items.next()?;
    items.next().is_none().then_some(first)
}

/// The folded forms of tokens `[s, e)` joined by single spaces (built in
/// place, not by a `Vec` joined).
fn join_folded(toks: &[Token], s: usize, e: usize) -> String {
    let mut key = String::with_capacity(toks[s..e].iter().map(|t| t.folded.len() + 1).sum());
    for (j, t) in toks[s..e].iter().enumerate() {
        if j > 0 {
            key.push(' ');
        }
        key.push_str(&t.folded);
    }
    key
}

/// The longest gazetteer match starting at each token, kept compact: the
/// matches in token order, and per token the number of its match plus one
/// (0: none), four bytes instead of a 32-byte `Option<Match>` slot, which
/// cost a document-long array written and then read with a cache miss at
/// each capitalized word. `at(i)` is `Gazetteer::longest_at_words(..)[i]`.
struct GazetteerMatches {
    matches: Vec<crate::gazetteer::Match>,
    at_token: Vec<u32>,
}

impl GazetteerMatches {
    fn new(matches: Vec<crate::gazetteer::Match>, tokens: usize) -> GazetteerMatches {
        let mut at_token = vec![0u32; tokens];
        for (k, m) in matches.iter().enumerate() {
            at_token[m.start] = k as u32 + 1;
        }
        GazetteerMatches { matches, at_token }
    }

    /// The longest match that starts at token `i`, if any.
    fn at(&self, i: usize) -> Option<crate::gazetteer::Match> {
        match self.at_token.get(i).copied().unwrap_or(0) {
            0 => None,
            k => Some(self.matches[k as usize - 1]),
        }
    }
}

/// A decided mention before entities are finalized.
#[derive(Debug, Clone)]
struct Found<'c> {
    span: Span,
    kind: EntityKind,
    /// Folded key of the name as written (without title), and its text:
    /// the candidate's, borrowed (cloning them cost the pass 4.2 M of its
    /// 100.6 M instructions over /tmp/bench-small).
    key: &'c str,
    text: &'c str,
    gazetteer: Option<usize>,
    title: Option<String>,
    feature: Option<String>,
}

impl Names {
    pub fn new(config: &Config) -> Result<Names> {
        let mut persons = Vec::new();
        let mut places = Vec::new();
        if !config.without_builtin_gazetteers {
            persons.push(parse("data/persons.tsv", builtin::PERSONS)?);
            places.push(parse("data/places.tsv", builtin::PLACES)?);
        }
        persons.extend(user_tables(&config.extra_persons)?);
        places.extend(user_tables(&config.extra_places)?);
        let gazetteer = Gazetteer::build(&persons, &places)?;

        let t = parse("data/titles.tsv", builtin::TITLES)?;
        let (w, ti, k) = (t.column("words")?, t.column("title")?, t.column("kind")?);
        // (`titles`, `features` and `common` are `WordTable`s: their filter
        // turns most words away without a hash, as in `is_name_word`,
        // asked of every word of every PERSON name.)
        let mut titles = WordTable::default();
        let mut max_title_words = 1;
        for row in &t.rows {
            let words = key(&row.fields[w]);
            max_title_words = max_title_words.max(words.split(' ').count());
            let value = match row.fields[k].as_str() {
                "title" => Some(row.fields[ti].clone()),
                "nickname" => None,
                other => {
                    return Err(Error::data(
                        "data/titles.tsv",
                        row.line,
                        format!("unknown kind `{other}`"),
                    ));
                }
            };
            titles.insert(words, value);
        }

        let t = parse("data/place_features.tsv", builtin::PLACE_FEATURES)?;
        let (w, f) = (t.column("word")?, t.column("feature")?);
        let features = t
            .rows
            .iter()
            .map(|r| (fold(&r.fields[w]), r.fields[f].clone()))
            .collect();

        let t = parse("data/place_cues.tsv", builtin::PLACE_CUES)?;
        let (c, k) = (t.column("cue")?, t.column("kind")?);
        let (mut prepositions, mut motion_stems, mut place_nouns) =
            (HashSet::default(), Vec::new(), HashSet::default());
        for row in &t.rows {
            let cue = fold(&row.fields[c]);
            match row.fields[k].as_str() {
                "preposition" => {
                    prepositions.insert(cue);
                }
                "motion" => motion_stems.push(cue),
                "of_place" => {
                    place_nouns.insert(cue);
                }
                other => {
                    return Err(Error::data(
                        "data/place_cues.tsv",
                        row.line,
                        format!("unknown kind `{other}`"),
                    ));
                }
            }
        }

        let t = parse("data/common_words.tsv", builtin::COMMON_WORDS)?;
        let (w, c) = (t.column("word")?, t.column("class")?);
        let common: WordTable<String> = t
            .rows
            .iter()
            .map(|r| (fold(&r.fields[w]), r.fields[c].clone()))
            .collect();

        let t = parse("data/given_names.tsv", builtin::GIVEN_NAMES)?;
        let n = t.column("name")?;
        let given_names = t.rows.iter().map(|r| fold(&r.fields[n])).collect();

        let t = parse("data/person_cues.tsv", builtin::PERSON_CUES)?;
        let w = t.column("word")?;
        let speech_verbs = t.rows.iter().map(|r| fold(&r.fields[w])).collect();

        let lowercase_words = crate::data::lowercase_words()?;

        Ok(Names {
            lowercase_words,
            speech_verbs,
            gazetteer,
            title_lengths: {
                let mut by_last: HashMap<String, Vec<usize>> = HashMap::default();
                for (k, _) in titles.iter() {
                    let last = k.rsplit(' ').next().unwrap_or("").to_string();
                    by_last.entry(last).or_default().push(k.split(' ').count());
                }
                for lengths in by_last.values_mut() {
                    lengths.sort_unstable_by(|a, b| b.cmp(a));
                    lengths.dedup();
                }
                by_last
            },
            title_ends: {
                let mut by_last: HashMap<String, Vec<(Vec<String>, Option<String>)>> =
                    HashMap::default();
                for (k, v) in titles.iter() {
                    let words: Vec<String> = k.split(' ').map(str::to_string).collect();
                    let last = k.rsplit(' ').next().unwrap_or("").to_string();
                    by_last.entry(last).or_default().push((words, v.clone()));
                }
                for keys in by_last.values_mut() {
                    keys.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
                }
                by_last
            },
            titles,
            max_title_words,
            features,
            prepositions,
            motion_stems_by_byte: (0..=255u8)
                .map(|b| {
                    motion_stems
                        .iter()
                        .filter(|s| s.as_bytes().first().is_none_or(|&f| f == b))
                        .cloned()
                        .collect()
                })
                .collect(),
            motion_stems,
            place_nouns,
            common_classes: {
                let mut classes: Vec<String> = common.iter().map(|(_, c)| c.clone()).collect();
                classes.sort_unstable();
                classes.dedup();
                classes
            },
            common,
            given_names,
        })
    }

    /// The gazetteer entities the tokens `[s, e)` spell (`lookup` of their
    /// joined folded forms), by the document's per-token trie words: no
    /// string hashing per token (run_sentence over /tmp/bench-small: 40.6 M
    /// instructions with `lookup_tokens`, 37.9 M with this).
    fn lookup(&self, seen: &Seen, toks: &[Token], s: usize, e: usize) -> &[usize] {
        self.gazetteer
            .lookup_word_ids(&toks[s..e], &seen.word_of[s..e], &seen.trie_words)
    }

    /// The gazetteer the pass matches with (built-in plus user files).
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Whether the folded form of token `i` is in a lexicon: the lookup,
    /// once per word and lexicon in a document.
    ///
    /// (The cached answer is read inline, the lexicon asked out of line:
    /// as one function of 62 000 calls over /tmp/bench-small, nearly all
    /// answered from the cache, it cost 3.3 M instructions.)
    #[inline(always)]
    fn is(&self, seen: &Seen, toks: &[Token], i: usize, lexicon: Lexicon) -> bool {
        let cell = &seen.lexicons[seen.word_of[i] as usize];
        let asked = 1u32 << (2 * lexicon as u32);
        let bits = cell.get();
        if bits & asked != 0 {
            return bits & asked << 1 != 0;
        }
        self.ask(cell, toks[i].folded.as_str(), lexicon)
    }

    /// [`Names::is`] the first time for a word: asks the lexicon and keeps
    /// the answer in the word's cell.
    #[inline(never)]
    fn ask(&self, cell: &Cell<u32>, f: &str, lexicon: Lexicon) -> bool {
        let asked = 1u32 << (2 * lexicon as u32);
        let yes = asked << 1;
        let bits = cell.get();
        let answer = match lexicon {
            Lexicon::Given => self.given_names.contains(f),
            Lexicon::Common => self.is_common(f),
            Lexicon::CommonNonverb => self.is_common_nonverb(f),
            Lexicon::Title => self.titles.contains_key(f),
            Lexicon::Rank => self.titles.get(f).is_some_and(Option::is_some),
            Lexicon::Feature => self.features.contains_key(f),
            Lexicon::LowercaseWord => self.lowercase_words.contains(f),
            Lexicon::PlaceNoun => self.place_nouns.contains(f),
            Lexicon::Preposition => self.prepositions.contains(f),
            Lexicon::Speech => self.speech_verbs.contains(f),
            Lexicon::TitleEnd => self
                .title_lengths
                .contains_key(f.rsplit(' ').next().unwrap_or("")),
            Lexicon::PluralTitle => [f.strip_suffix("es"), f.strip_suffix('s')]
                .iter()
                .flatten()
                .any(|w| self.titles.get(*w).is_some_and(Option::is_some)),
        };
        cell.set(bits | asked | if answer { yes } else { 0 });
        answer
    }

    /// Whether a word is written in lowercase in this document or, by the
    /// lexicon, in Spanish prose at large.
    fn writes_lowercase(&self, seen: &Seen, toks: &[Token], i: usize) -> bool {
        seen.lowercase(i) || self.is(seen, toks, i, Lexicon::LowercaseWord)
    }

    fn is_common(&self, folded: &str) -> bool {
        self.common.contains_key(folded)
    }

    /// The lexicon class of a word or of its singular (`Aduanas` →
    /// `aduana`).
    fn common_class(&self, folded: &str) -> Option<&str> {
        self.common
            .get(folded)
            .or_else(|| folded.strip_suffix('s').and_then(|w| self.common.get(w)))
            .or_else(|| folded.strip_suffix("es").and_then(|w| self.common.get(w)))
            .map(String::as_str)
    }

    /// [`Names::common_class`] of token `i`, once per word in a document.
    fn common_class_of(&self, seen: &Seen, toks: &[Token], i: usize) -> Option<&str> {
        let cell = &seen.classes[seen.word_of[i] as usize];
        match cell.get() {
            0 => {
                let class = self.common_class(toks[i].folded.as_str());
                let code = match class {
                    None => Some(1),
                    Some(c) => self
                        .common_classes
                        .iter()
                        .position(|k| k == c)
                        .map(|k| k as u16 + 2),
                };
                if let Some(code) = code {
                    cell.set(code);
                }
                class
            }
            1 => None,
            k => Some(self.common_classes[k as usize - 2].as_str()),
        }
    }

    /// A capitalized word that can be part of a name run.
    fn is_name_token(&self, text: &str, t: &Token) -> bool {
        match t.kind {
            // One-letter words (`Y`, `A`, `M***`) are never names.
            TokenKind::Word => {
                matches!(t.case, Case::Capitalized | Case::Upper) && t.span.end - t.span.start > 1
            }
            // Initials (`J.`), not titles (`Gral.`).
            TokenKind::Abbreviation => {
                t.case != Case::Lower
                    && !self.titles.contains_key(t.folded.as_str())
                    && text[t.span.start..t.span.end]
                        .trim_end_matches('.')
                        .chars()
                        .count()
                        == 1
            }
            _ => false,
        }
    }

    /// Whether a word is a motion verb form. A noun of the same letters
    /// (`camino`, `paso`) is not, but its accented verb form is (`pasó`:
    /// the token is longer than its folded form).
    fn is_motion(&self, t: &Token) -> bool {
        let folded = t.folded.as_str();
        let accented = t.span.len() != folded.len();
        let stems = match folded.as_bytes().first() {
            Some(&b) => &self.motion_stems_by_byte[b as usize],
            None => &self.motion_stems,
        };
        stems.iter().any(|s| folded.starts_with(s.as_str()))
            && !self.is_common_nonverb(folded)
            && (accented
                || !self.place_nouns.contains(folded) && !self.features.contains_key(folded))
    }

    /// A lowercase word shaped like a finite past verb (`avisó`,
    /// `dijeron`, `mandaba`, `tenía`).
    fn is_finite_verb(&self, text: &str, t: &Token) -> bool {
        let word = &text[t.span.start..t.span.end];
        let f = t.folded.as_str();
        t.kind == TokenKind::Word
            && t.case == Case::Lower
            && f.chars().count() >= 4
            && (word.ends_with('ó')
                || word.ends_with("ía")
                || word.ends_with("ían")
                || ["aron", "ieron", "aba", "aban"]
                    .iter()
                    .any(|e| f.ends_with(e)))
    }

    fn is_common_nonverb(&self, folded: &str) -> bool {
        self.common.get(folded).is_some_and(|c| c != "verb")
    }

    /// The longest title that ends right before token `at` (within the
    /// sentence starting at `first`): its first token and its value.
    fn title_before(
        &self,
        seen: &Seen,
        toks: &[Token],
        first: usize,
        at: usize,
    ) -> Option<(usize, Option<String>)> {
        // A key of folded tokens joined by spaces ends with the last
        // token's text after its last space; most tokens end no title, and
        // then no key is built (title_before over /tmp/bench-small: 12.7 M
        // instructions before, 4.4 M after).
        // (whether the word can end a title at all: once per word)
        if at <= first || !self.is(seen, toks, at - 1, Lexicon::TitleEnd) {
            return None;
        }
        // The word counts of the keys that end with this word.
        let lengths = || {
            self.title_lengths
                .get(toks[at - 1].folded.rsplit(' ').next().unwrap_or(""))
                .map_or(&[][..], Vec::as_slice)
        };
        // Tokens without a space join into exactly as many words as they
        // are: only the word counts of the keys that end with this word can
        // match (most often one; before, every count up to the longest
        // title's was tried: 4.4 M instructions over /tmp/bench-small,
        // 3.4 M now). With a space inside, every count is tried.
        // (A word the trie cannot read is empty or holds a space: a cached
        // read per token instead of a scan of its bytes. The general path
        // below is exact for any tokens, so an empty one taking it too
        // changes nothing.)
        let window = at - self.max_title_words.min(at - first)..at;
        if window
            .into_iter()
            .any(|j| seen.trie_words[seen.word_of[j] as usize] == TokenWord::Unreadable)
        {
            let all_lengths: Vec<usize> = (1..=self.max_title_words).rev().collect();
            return self.title_before_by_keys(toks, first, at, &all_lengths);
        }
        // Without a space, a key matches when its words are the tokens'
        // folded forms: compared in place, with no key built and hashed
        // (title_before over /tmp/bench-small: 3.2 M instructions before,
        // 1.7 M after). Keys are tried longest first, as the
        // counts were, and of one count only one can match.
        let ends = self
            .title_ends
            .get(toks[at - 1].folded.as_str())
            .map_or(&[][..], Vec::as_slice);
        let found = ends.iter().find_map(|(words, value)| {
            let n = words.len();
            (at >= first + n
                && toks[at - n..at]
                    .iter()
                    .zip(words)
                    .all(|(t, w)| t.folded == w.as_str()))
            .then(|| (at - n, value.clone()))
        });
        debug_assert_eq!(found, self.title_before_by_keys(toks, first, at, lengths()));
        found
    }

    /// [`Names::title_before`] by keys built and looked up, for the word
    /// counts `lengths`.
    fn title_before_by_keys(
        &self,
        toks: &[Token],
        first: usize,
        at: usize,
        lengths: &[usize],
    ) -> Option<(usize, Option<String>)> {
        let mut k = String::new();
        for &n in lengths {
            if at < first + n {
                continue;
            }
            k.clear();
            for (j, t) in toks[at - n..at].iter().enumerate() {
                if j > 0 {
                    k.push(' ');
                }
                k.push_str(&t.folded);
            }
            if let Some(v) = self.titles.get(&k) {
                return Some((at - n, v.clone()));
            }
        }
        None
    }

    /// Collects the cues around a run `[s, e)` in the sentence `[first, last)`.
    fn cues(
        &self,
        text: &str,
        toks: &[Token],
        first: usize,
        last: usize,
        s: usize,
        e: usize,
        seen: &Seen,
    ) -> Cues {
        let mut c = Cues::default();
        let f = |i: usize| toks[i].folded.as_str();
        let is = |i: usize, lexicon: Lexicon| self.is(seen, toks, i, lexicon);
        // `el Sr. de Pipaón`, `señor de Córdoba`: a treatment before `de`
        // and a surname.
        let honorific_de = (s > first + 1 && toks[s - 1].folded == "de")
            .then(|| self.title_before(seen, toks, first, s - 1))
            .flatten()
            .filter(|(_, v)| v.as_deref().is_some_and(is_honorific));
        if let Some((from, value)) = self.title_before(seen, toks, first, s).or(honorific_de) {
            match value {
                Some(t) => {
                    c.title = Some(t);
                    c.title_from = Some(from);
                    // `el capitán don Mateo`: the rank, not the honorific.
                    if is_honorific(c.title.as_deref().unwrap_or(""))
                        && let Some((from2, Some(rank))) =
                            self.title_before(seen, toks, first, from)
                    {
                        c.title = Some(rank);
                        c.title_from = Some(from2);
                    }
                }
                None => c.nickname_from = Some(from),
            }
        }
        c.given_name = is(s, Lexicon::Given);
        if s > first {
            let p = f(s - 1);
            if let Some(feat) = is(s - 1, Lexicon::Feature)
                .then(|| self.features.get(p))
                .flatten()
            {
                c.set_feature(feat);
            } else if matches!(p, "de" | "del" | "la" | "las" | "los") && s >= first + 2 {
                // `valle de X`, `valle de los X`.
                let noun_at =
                    if matches!(p, "la" | "las" | "los") && s >= first + 3 && f(s - 2) == "de" {
                        s - 3
                    } else {
                        s - 2
                    };
                if let Some(feat) = is(noun_at, Lexicon::Feature)
                    .then(|| self.features.get(f(noun_at)))
                    .flatten()
                {
                    c.set_feature(feat);
                } else if is(noun_at, Lexicon::PlaceNoun) {
                    c.place_context = 1;
                    c.office_of = is(noun_at, Lexicon::Title);
                }
            }
            if is(s - 1, Lexicon::Preposition) {
                c.place_context = 2;
            }
            c.speech = is(s - 1, Lexicon::Speech);
            // `un pueblo que llaman X`, `el lugar llamado X`: a named
            // place introduced by its feature or place noun.
            if matches!(
                p,
                "llaman"
                    | "llamaban"
                    | "llamado"
                    | "llamada"
                    | "nombrado"
                    | "nombrada"
                    | "denominado"
                    | "denominada"
            ) && (s.saturating_sub(5).max(first)..s - 1).any(|i| {
                self.features.contains_key(f(i))
                    || matches!(f(i), "punto" | "lugar" | "sitio" | "paraje" | "lugarejo")
            }) {
                c.place_context = 2;
            }
            // `desde el Alto Perú`, `en la Florida`.
            if matches!(p, "el" | "la" | "los" | "las")
                && s >= first + 2
                && is(s - 2, Lexicon::Preposition)
            {
                c.place_context = 2;
            }
            if matches!(p, "a" | "al" | "para" | "por" | "sobre" | "de" | "del") {
                // `llegó a X`, `se dirigió a X`, `a X llegaron`.
                // `salió de X` needs the verb right before; `llegó luego a X`
                // allows a few words between.
                let window = if matches!(p, "de" | "del") { 1 } else { 8 };
                // The window stops at a clause boundary (`;`, `:`).
                let clause = (first..s - 1)
                    .rev()
                    .find(|&i| matches!(f(i), ";" | ":"))
                    .map_or(first, |i| i + 1);
                // The nearest finite verb before the preposition decides:
                // `avisó a Trujillo` after `marchó` is not a motion.
                let before = (s.saturating_sub(window + 1).max(clause)..s - 1)
                    .rev()
                    .find(|&i| self.is_motion(&toks[i]) || self.is_finite_verb(text, &toks[i]))
                    .is_some_and(|i| self.is_motion(&toks[i]));
                let after = matches!(p, "a" | "al")
                    && (e..(e + 4).min(last)).any(|i| self.is_motion(&toks[i]));
                let rumbo = s >= first + 2
                    && matches!(p, "a" | "al")
                    && matches!(
                        f(s - 2),
                        "rumbo" | "frente" | "camino" | "vuelta" | "direccion"
                    );
                if before || after || rumbo {
                    c.place_context = c.place_context.max(1);
                }
            }
        }
        if e < last && is(e, Lexicon::Speech) {
            c.speech = true;
        }
        c
    }

    /// Whether the token at `i` starts a unit of text (sentence, line of
    /// dialogue, heading), where capitals say nothing about names.
    fn at_text_start(&self, text: &str, toks: &[Token], first: usize, i: usize) -> bool {
        if i == first {
            return true;
        }
        let prev = &toks[i - 1];
        prev.kind == TokenKind::Punct && is_opener(&text[prev.span.start..prev.span.end])
            || prev.kind == TokenKind::Punct
                && matches!(
                    &text[prev.span.start..prev.span.end],
                    "." | "?" | "!" | "…" | "..."
                )
    }

    /// Whether a capitalized word at a text start is an ordinary word: in
    /// the lexicon, or shaped like a verb form or adverb, or written in
    /// lowercase elsewhere in the document, unless the document also
    /// capitalizes it in mid-sentence (`Paz`).
    fn ordinary_at_start(&self, toks: &[Token], i: usize, seen: &Seen) -> bool {
        let t = &toks[i];
        if self.is(seen, toks, i, Lexicon::Common) {
            return true;
        }
        let f = t.folded.as_str();
        !seen.capitalized_inside(i)
            && !self.is(seen, toks, i, Lexicon::Given)
            // (the cheap per-word answer first: both are pure)
            && (self.writes_lowercase(seen, toks, i) || ordinary_by_morphology(seen.text_of(t), f))
    }

    fn run_sentence<'d>(
        &self,
        doc: &'d Document,
        gaz: &GazetteerMatches,
        sentence: usize,
        first: usize,
        last: usize,
        seen: &Seen,
        out: &mut Vec<Candidate<'d>>,
    ) {
        let text = doc.text();
        let toks = &doc.tokens;
        let is = |i: usize, lexicon: Lexicon| self.is(seen, toks, i, lexicon);
        // The sentence's name tokens, emphasis markers and markup, as the
        // document's one walk over its tokens found them (`Seen::of`): this
        // walks neither the punctuation nor the lowercase words. (Before,
        // one walk over the sentence for its punctuation, one for its name
        // tokens.)
        let found = &seen.sentences[sentence];
        let range = |r: &std::ops::Range<u32>| r.start as usize..r.end as usize;
        let names = &seen.name_tokens[range(&found.names)];
        let markers = &seen.emphasis[range(&found.emphasis)];
        debug_assert!(
            (first..last)
                .filter(|&i| toks[i].case != Case::Lower && self.is_name_token(text, &toks[i]))
                .eq(names.iter().map(|&i| i as usize))
        );
        debug_assert!(
            (first..last)
                .filter(|&i| toks[i].kind == TokenKind::Punct
                    && matches!(
                        &text[toks[i].span.start..toks[i].span.end],
                        "*" | "_" | "**"
                    ))
                .eq(markers.iter().map(|&i| i as usize))
        );
        debug_assert_eq!(
            found.markup,
            toks[first..last].iter().any(|t| t.kind == TokenKind::Punct
                && matches!(
                    &text[t.span.start..t.span.end],
                    "\\" | "<" | ">" | "{" | "}"
                ))
        );
        // Markup (LaTeX, HTML) is not prose.
        if found.markup {
            return;
        }
        // Inside emphasis at token `i`: an odd number of markers up to and
        // including it (`i` only grows, so a cursor over the markers).
        let mut markers_passed = 0;
        let mut inside = false;
        // (a cursor over the name tokens)
        let mut next_name = 0;
        let mut i = first;
        while i < last {
            // The next name token at or after `i`: the tokens between are
            // no name tokens, which the loop skipped one by one before.
            while next_name < names.len() && (names[next_name] as usize) < i {
                next_name += 1;
            }
            let Some(&at) = names.get(next_name) else {
                break;
            };
            i = at as usize;
            // Inside `*…*` (emphasis: titles of books and papers, ships,
            // foreign words) a capital is not a name.
            while markers_passed < markers.len() && markers[markers_passed] as usize <= i {
                inside = !inside;
                markers_passed += 1;
            }
            if inside {
                i += 1;
                continue;
            }
            // The capitalized run. Words join only across plain white space
            // (at most one line break: names wrap in hard-wrapped text), never
            // across a zero-width character or a blank line.
            let gap_ok = |k: usize| joinable_gap(&text[toks[k - 1].span.end..toks[k].span.start]);
            let gaps_ok = |from: usize, to: usize| (from..to).all(gap_ok);
            let mut e = i + 1;
            loop {
                // (The gaps, which cost a scan of the text between tokens,
                // are checked after the tokens: run_sentence over
                // /tmp/bench-small went from 53.1 M to 40.6 M instructions.)
                if e < last
                    && self.is_name_token(text, &toks[e])
                    && gap_ok(e)
                    // A capitalized title ends a name (`López de Ayala
                    // Presidente de la Cámara`, `Catedral Don Miguel`).
                    && !(is(e, Lexicon::Rank) && toks[e].case == Case::Capitalized)
                {
                    e += 1;
                } else if e + 1 < last
                    && matches!(toks[e].folded.as_str(), "de" | "del")
                    && toks[e].case == Case::Lower
                    && self.is_name_token(text, &toks[e + 1])
                    && gaps_ok(e, e + 2)
                    && !self.person_then_place(toks, gaz, i, e)
                {
                    e += 2;
                } else if e + 2 < last
                    && toks[e].folded == "de"
                    && matches!(toks[e + 1].folded.as_str(), "la" | "las" | "los")
                    && toks[e + 1].case == Case::Lower
                    && self.is_name_token(text, &toks[e + 2])
                    && gaps_ok(e, e + 3)
                {
                    e += 3;
                } else if e == i + 1
                    && e + 1 < last
                    && matches!(toks[e].folded.as_str(), "y" | "e")
                    && (is(i, Lexicon::Feature) || is(i, Lexicon::CommonNonverb))
                    && self.is_name_token(text, &toks[e + 1])
                    && !is(e + 1, Lexicon::Given)
                    && gaps_ok(e, e + 2)
                {
                    // `Venta y Media`: a common noun joined to another
                    // capitalized word is one name, unlike `Olañeta y Castro`.
                    e += 2;
                } else {
                    break;
                }
            }
            // A longer gazetteer alias from the same token wins.
            if let Some(m) = gaz.at(i)
                && m.end > e
                && m.end <= last
                && toks[m.end - 1].case != Case::Lower
            {
                e = m.end;
            }
            let run_end = e;
            let mut s = i;
            let starts_text = self.at_text_start(text, toks, first, i);
            let mut run_title: Option<String> = None;
            let mut peeled_noun_of = false;
            let mut peeled_office = false;
            let mut peeled_head = false;
            // Peel leading words that are not part of the name.
            while s < e {
                // A gazetteer name stays, except a single word at a text
                // start that the lexicon lists as an ordinary word.
                if !self.lookup(seen, toks, s, e).is_empty()
                    && !(starts_text && s == i && e - s == 1 && is(s, Lexicon::Common))
                    // A titled alias (`Marqués de Yavi`) keeps its title
                    // outside the extent; the alias still names the person.
                    && !(e - s > 1 && is(s, Lexicon::Title))
                {
                    break;
                }
                let tok = &toks[s];
                if let Some(title) = is(s, Lexicon::Title)
                    .then(|| self.titles.get(tok.folded.as_str()))
                    .flatten()
                {
                    // `General Belgrano`, `Don Pedro`; a title alone is no name.
                    run_title = title.clone();
                    s += 1;
                    // `Obispo de León`, `Gobernador de Salta`: an office of
                    // a place, not a person's title.
                    if s < e
                        && toks[s].case == Case::Lower
                        && self.place_nouns.contains(tok.folded.as_str())
                    {
                        while s < e && toks[s].case == Case::Lower {
                            s += 1;
                        }
                        run_title = None;
                        peeled_noun_of = true;
                        peeled_office = true;
                    }
                    continue;
                }
                let class = self.common_class_of(seen, toks, s);
                let peel = if s == i && starts_text {
                    self.ordinary_at_start(toks, s, seen)
                        // `Estima Abascal`: an unknown word before a known
                        // name, at a text start, is not part of it.
                        || (e - s > 1
                            && !is(s, Lexicon::Given)
                            && toks[s + 1].case != Case::Lower
                            && !self.lookup(seen, toks, s + 1, e).is_empty())
                        // `Despedime de Amaranta`: in a long text, a word
                        // capitalized only once, at a sentence start, before
                        // a name.
                        || (seen.long
                            && e - s > 1
                            && !is(s, Lexicon::Given)
                            && seen.capitalized_count(s) <= 1)
                } else {
                    // `Su Majestad`, `Gobierno de Inglaterra`, `División
                    // del General Ríos`: a common word heads the run.
                    let ordinary = class.is_some()
                        // `Encargado de Negocios de Chile`: after one head, the
                        // next unknown head before `de` goes too.
                        || (peeled_head
                            && s + 1 < e
                            && matches!(toks[s + 1].folded.as_str(), "de" | "del")
                            && gaz.at(s).is_none()
                            && !is(s, Lexicon::Given))
                        // `Encargado de Negocios de …`, `Administración de
                        // la Hacienda de Vitoria`: a word the document also
                        // writes in lowercase, before `de`.
                        || (s + 1 < e
                            && matches!(toks[s + 1].folded.as_str(), "de" | "del")
                            && (self.writes_lowercase(seen, toks, s)
                                || abstract_noun(tok.folded.as_str())
                                || ordinary_by_morphology(seen.text_of(tok), &tok.folded))
                            && !is(s, Lexicon::Given));
                    // A given name is never a common head (`D. Tomas de
                    // Zerain`: `Tomas` is also `tomas`, you take).
                    ordinary
                        && e - s > 1
                        && !(is(s, Lexicon::Given) && !is(s, Lexicon::Common))
                        && !matches!(tok.folded.as_str(), "el" | "la" | "los" | "las")
                        && !is(s, Lexicon::Feature)
                };
                if peel {
                    s += 1;
                    // Particles left at the front go too; a title before
                    // them was not this name's.
                    if matches!(class, Some("institution")) {
                        // `Casa de Moneda`, `Banco de Rescates`, `Colegio de
                        // San Carlos`: an institution is no PERSON or PLACE,
                        // but a known name after it stays (`Aduanas de
                        // Salta`).
                        let mut n = s;
                        while n < e && toks[n].case == Case::Lower {
                            n += 1;
                        }
                        if n < e && gaz.at(n).is_some_and(|m| m.end <= e) {
                            s = n;
                            peeled_noun_of = true;
                            continue;
                        }
                        s = e;
                        break;
                    }
                    peeled_head = true;
                    let noun_of = (matches!(class, Some("noun"))
                        || (class.is_none() && !starts_text))
                        && !(s - 1 == i && starts_text);
                    if noun_of && toks[s].case != Case::Lower {
                        // `Santísimo Sacramento`, `Su Majestad Católica`: a
                        // common noun followed by a capitalized attribute.
                        // With `de` after the attribute the name after it
                        // stays (`Gobierno Virreynal de México`, `Junta
                        // Suprema de Sevilla`).
                        let of = (s..e).find(|&n| {
                            toks[n].case == Case::Lower
                                && matches!(toks[n].folded.as_str(), "de" | "del")
                        });
                        match of {
                            Some(n) if toks[s..n].iter().all(|t| t.case != Case::Lower) => {
                                s = n;
                                peeled_noun_of = true;
                            }
                            _ => {
                                s = e;
                                break;
                            }
                        }
                    }
                    while s < e && toks[s].case == Case::Lower {
                        s += 1;
                        run_title = None;
                        if noun_of {
                            peeled_noun_of = true;
                        }
                    }
                    continue;
                }
                break;
            }
            i = run_end;
            // Trailing particles never end a name.
            while e > s && toks[e - 1].case == Case::Lower {
                e -= 1;
            }
            if s >= e {
                continue;
            }
            // A run made only of common words (`Majestad`, `Dios`, `Enero`)
            // or heading numerals is no name, unless the gazetteer knows it.
            let ids = self.lookup(seen, toks, s, e);
            let initials_only = toks[s..e]
                .iter()
                .all(|t| t.kind != TokenKind::Word || t.case == Case::Lower);
            let all_common = !(e - s > 1 && is(s, Lexicon::Feature))
                && (s..e).all(|j| {
                    let t = &toks[j];
                    // (a form without `-` is its only part)
                    let common = || {
                        if t.folded.contains('-') {
                            t.folded.split('-').all(|part| self.is_common(part))
                        } else {
                            is(j, Lexicon::Common)
                        }
                    };
                    t.case == Case::Lower
                        || common() && !is(j, Lexicon::Given)
                        || is_roman(&text[t.span.start..t.span.end])
                });
            // A plural title (`nos ha hecho Condes`, `los Generales`) names
            // no one, unless a place cue marks it (`calle de las Infantas`).
            let plural_title = e - s == 1 && is(s, Lexicon::PluralTitle);
            if initials_only || all_common && ids.is_empty() {
                continue;
            }
            let mut cues = self.cues(text, toks, first, last, s, e, seen);
            if run_title.is_some() && cues.title.is_none() {
                cues.title = run_title;
            }
            if e - s > 1
                && is(s, Lexicon::Feature)
                && toks[s].case == Case::Capitalized
                && !starts_text
            {
                // `Valle de Tetuán`, `Cerro Rico`: the feature is part of the name.
                cues.place_context = 2;
                cues.capitalized_feature = true;
            }
            if peeled_office {
                cues.office_of = true;
            }
            if peeled_noun_of {
                cues.place_context = cues.place_context.max(1);
            }
            // Capitalized ordinary words (`la Naturaleza`, `los Padres`,
            // `Cuerpos de Ejército`): every word of the run is also written
            // in lowercase in the document, and nothing says it is a name.
            // Words only the lexicon writes in lowercase (`Conflicto`, but
            // also `Salta`, `Tinta`, `Puno` = `puño`) need the absence of
            // any place cue too.
            let all_lower = |by_lexicon: bool| {
                (s..e).all(|j| {
                    let t = &toks[j];
                    t.case == Case::Lower
                        || is(j, Lexicon::Common)
                        || seen.lowercase(j)
                        || by_lexicon && is(j, Lexicon::LowercaseWord)
                })
            };
            let ordinary = ids.is_empty()
                && (all_lower(false) && cues.place_context < 2
                    || (all_lower(true) || plural_title)
                        && cues.place_context == 0
                        && !cues.office_of)
                && !(s..e).any(|j| is(j, Lexicon::Given))
                && cues.title.is_none()
                && cues.nickname_from.is_none()
                && cues.feature.is_none()
                && !cues.speech;
            if ordinary {
                continue;
            }
            // Coordination: `Olañeta y Castro`, `Bernal, Beldón, Villegas`.
            let coordinated = (s > first + 1
                && matches!(toks[s - 1].folded.as_str(), "y" | "e" | "," | "ni" | "o"))
            .then(|| {
                out.len()
                    .checked_sub(1)
                    .filter(|&j| out[j].end_token + 2 == s)
            })
            .flatten();
            let mut persons: Vec<usize> = ids
                .iter()
                .copied()
                .filter(|&id| self.gazetteer.entity(id).kind == EntityKind::Person)
                .collect();
            if ids.is_empty() {
                persons = self.given_names_then_surname(toks, s, e);
            }
            let places: Vec<usize> = ids
                .iter()
                .copied()
                .filter(|&id| self.gazetteer.entity(id).kind == EntityKind::Place)
                .collect();
            // A single capitalized word at a text start with no evidence at
            // all is more often an ordinary word than a name.
            if starts_text
                && s == i
                && e - s == 1
                && ids.is_empty()
                && !cues.given_name
                && cues.title.is_none()
                && cues.nickname_from.is_none()
                && cues.feature.is_none()
                && !cues.speech
                && (self.ordinary_at_start(toks, s, seen)
                    // In a long text a name recurs; a capitalized word seen
                    // once, at a sentence start, is an ordinary word
                    // (`Concluyo`, `Atiendan`).
                    || seen.long && seen.capitalized_count(s) <= 1)
            {
                continue;
            }
            let start_tok = cues.nickname_from.unwrap_or(s);
            // A nickname or titled alias (`manco Paz`, `marqués de Viluma`,
            // `general Santa Cruz`) names its person.
            let alias_from = if start_tok < s {
                Some(start_tok)
            } else {
                cues.title_from
            };
            let nick: Vec<usize> = if let Some(from) = alias_from {
                self.gazetteer
                    .lookup_tokens(&toks[from..e])
                    .iter()
                    .copied()
                    .filter(|&id| self.gazetteer.entity(id).kind == EntityKind::Person)
                    .collect()
            } else {
                Vec::new()
            };
            out.push(Candidate {
                span: Span::new(toks[start_tok].span.start, toks[e - 1].span.end),
                end_token: e - 1,
                text: doc.slice(Span::new(toks[s].span.start, toks[e - 1].span.end)),
                partial_person: self.partial_person(s, e, gaz),
                compound: toks[s..e].iter().any(|t| t.case == Case::Lower),
                place_shaped: e - s > 1
                    && (matches!(
                        toks[s].folded.as_str(),
                        "san" | "santa" | "santo" | "santos" | "santas"
                    ) || (!starts_text
                        && matches!(toks[s].folded.as_str(), "la" | "las" | "el" | "los"))
                        // `S. Nicolás Peralta`, `Sta. Catalina`: an
                        // abbreviated saint before a given name.
                        || (matches!(toks[s].folded.as_str(), "s." | "sta." | "sto.")
                            && is(s + 1, Lexicon::Given))),
                key: join_folded(toks, s, e),
                cues,
                persons: if nick.is_empty() { persons } else { nick },
                places,
                conjunction: s > first
                    && matches!(toks[s - 1].folded.as_str(), "y" | "e" | "ni" | "o"),
                coordinated,
            });
        }
    }

    /// Types every candidate: local cues first, then the gazetteer, then
    /// what the whole document says about the same name.
    fn decide<'c>(&self, candidates: &'c [Candidate<'_>]) -> Vec<Found<'c>> {
        // Each candidate's name, numbered: the tables below are indexed by
        // it, so a name is hashed once, not four times. (decide over
        // /tmp/bench-small: 2.5 M instructions with `&str`-keyed tables; the
        // pass 0.45 M fewer with this.)
        let mut names: HashMap<&str, usize> = HashMap::default();
        let name_of: Vec<usize> = candidates
            .iter()
            .map(|c| {
                let next = names.len();
                *names.entry(c.key.as_str()).or_insert(next)
            })
            .collect();
        // Document-level votes per name: (person cues, place cues).
        let mut votes: Vec<(usize, usize)> = vec![(0, 0); names.len()];
        // Names the document treats as a person by a title or a verb of
        // saying somewhere (not by being a given name).
        let mut said: Vec<bool> = vec![false; names.len()];
        for (c, &name) in candidates.iter().zip(&name_of) {
            if c.cues.title.is_some() || c.cues.nickname_from.is_some() || c.cues.speech {
                said[name] = true;
            }
            let v = &mut votes[name];
            if c.cues.title.is_some()
                || c.cues.nickname_from.is_some()
                || c.cues.given_name
                || c.cues.speech
            {
                v.0 += 2;
            }
            if c.cues.feature.is_some() {
                v.1 += 2;
            } else {
                v.1 += c.cues.place_context as usize;
            }
            // A mention with no cue at all leans PERSON (the default), so
            // one `a X` after a motion verb does not turn every `X` into a
            // place.
            let cued = c.cues.title.is_some()
                || c.cues.nickname_from.is_some()
                || c.cues.given_name
                || c.cues.speech
                || c.cues.feature.is_some()
                || c.cues.place_context > 0;
            if !cued {
                v.0 += 1;
            }
        }
        let mut found: Vec<Found> = Vec::with_capacity(candidates.len());
        // Whether each mention's type came from evidence (cue, gazetteer,
        // shape) rather than the default.
        let mut evidenced: Vec<bool> = Vec::with_capacity(candidates.len());
        let mut named: HashSet<usize> = HashSet::default();
        for (c, &name) in candidates.iter().zip(&name_of) {
            let (pv, lv) = votes[name];
            let by_votes = || match pv.cmp(&lv) {
                std::cmp::Ordering::Greater => Some(EntityKind::Person),
                std::cmp::Ordering::Less => Some(EntityKind::Place),
                std::cmp::Ordering::Equal => None,
            };
            let cues = &c.cues;
            let kind = if cues.title.is_some() || cues.nickname_from.is_some() {
                EntityKind::Person
            } else if cues.feature.is_some() || cues.capitalized_feature || cues.office_of {
                EntityKind::Place
            } else if !c.persons.is_empty() && c.places.is_empty() {
                EntityKind::Person
            } else if c.persons.is_empty() && !c.places.is_empty() {
                // A place that is also a given name (`Asunción`, `Santiago`,
                // `Trinidad`) is a person when this mention has no place cue
                // and the document treats the name as a person.
                if cues.given_name
                    && cues.place_context == 0
                    && (said[name]
                        || c.coordinated
                            .filter(|_| c.conjunction)
                            .is_some_and(|j| found[j].kind == EntityKind::Person))
                {
                    EntityKind::Person
                } else {
                    EntityKind::Place
                }
            } else if !c.persons.is_empty() {
                // Both readings are known: the place needs a place cue here
                // or a majority of them in the document.
                if cues.place_context > 0 || by_votes() == Some(EntityKind::Place) {
                    EntityKind::Place
                } else {
                    EntityKind::Person
                }
            } else if c.compound && cues.place_context > 0 {
                // `llegaron a Santiago de Cotagaita`: a given name heading a
                // compound place name.
                EntityKind::Place
            } else if cues.given_name || c.partial_person {
                EntityKind::Person
            } else if c.place_shaped && !cues.speech {
                // `San Lucas`, `Santa Elena`, `La Carolina`, `Los Arcos`.
                EntityKind::Place
            } else if let Some(kind) = by_votes() {
                kind
            } else if let Some(j) = c.coordinated.filter(|_| c.conjunction) {
                found[j].kind
            } else {
                EntityKind::Person
            };
            evidenced.push(
                cues.title.is_some()
                    || cues.nickname_from.is_some()
                    || cues.feature.is_some()
                    || cues.place_context > 0
                    || cues.given_name
                    || cues.speech
                    || cues.office_of
                    || cues.capitalized_feature
                    || c.place_shaped
                    || !c.persons.is_empty()
                    || !c.places.is_empty(),
            );
            let pool = match kind {
                EntityKind::Person => &c.persons,
                EntityKind::Place => &c.places,
            };
            // Prefer an entity the document already named.
            let gazetteer = pool
                .iter()
                .copied()
                .find(|id| named.contains(id))
                .or_else(|| pool.first().copied());
            if let Some(id) = gazetteer {
                named.insert(id);
            }
            found.push(Found {
                span: c.span,
                kind,
                key: &c.key,
                text: c.text,
                gazetteer,
                title: if kind == EntityKind::Person {
                    cues.title.clone()
                } else {
                    None
                },
                feature: if kind == EntityKind::Place {
                    cues.feature.clone()
                } else {
                    None
                },
            });
        }
        // A list (`entre Guarromán, La Carolina y Santa Elena`) is of one
        // type: unknown members typed only by default take the type of the
        // members with evidence, when those agree.
        let mut start = 0;
        while start < candidates.len() {
            let mut end = start + 1;
            while end < candidates.len() && candidates[end].coordinated == Some(end - 1) {
                end += 1;
            }
            // The kinds of the members with evidence (two flags, not a set
            // allocated per list: 94.7 M -> 93.8 M for the pass).
            let evidenced_as =
                |kind: EntityKind| (start..end).any(|i| evidenced[i] && found[i].kind == kind);
            let (persons, places) = (
                evidenced_as(EntityKind::Person),
                evidenced_as(EntityKind::Place),
            );
            let list = (start + 1..end).any(|i| candidates[i].conjunction);
            if end - start > 1 && list && persons != places {
                let kind = if persons {
                    EntityKind::Person
                } else {
                    EntityKind::Place
                };
                for i in start..end {
                    if !evidenced[i] && found[i].gazetteer.is_none() {
                        found[i].kind = kind;
                        found[i].title = None;
                    }
                }
            }
            start = end;
        }
        found
    }

    /// Known people a run spells as given names before one of their
    /// surname aliases, when their canonical name holds those given names
    /// (`D. Gaspar Vigodet` → `Gaspar de Vigodet`, `Pedro Agustin Jiron`
    /// → `Pedro Agustín Girón`). A given name the person does not bear
    /// (`Juan Vigodet`) is someone else.
    fn given_names_then_surname(&self, toks: &[Token], s: usize, e: usize) -> Vec<usize> {
        for j in s + 1..e {
            if !toks[s..j]
                .iter()
                .all(|t| self.given_names.contains(t.folded.as_str()))
                || toks[j].case == Case::Lower
            {
                break;
            }
            let found: Vec<usize> = self
                .gazetteer
                .lookup_tokens(&toks[j..e])
                .iter()
                .copied()
                .filter(|&id| {
                    let entity = self.gazetteer.entity(id);
                    let words: Vec<String> = key(&entity.canonical)
                        .split(' ')
                        .map(str::to_string)
                        .collect();
                    entity.kind == EntityKind::Person
                        && toks[s..j]
                            .iter()
                            .all(|t| words.iter().any(|w| w == t.folded.as_str()))
                })
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// Whether the run `[i, e)` is a known person and `de` at `e` is
    /// followed by a known place: `salió Carrera de Santiago` is two names.
    fn person_then_place(
        &self,
        toks: &[Token],
        gaz: &GazetteerMatches,
        i: usize,
        e: usize,
    ) -> bool {
        let of_kind = |ids: &[usize], kind: EntityKind| {
            ids.iter().any(|&id| self.gazetteer.entity(id).kind == kind)
        };
        // Not when the whole is itself a known name (`José de San Martín`).
        let whole_known = gaz.at(i).is_some_and(|m| m.end > e + 1);
        !whole_known
            && of_kind(
                self.gazetteer.lookup_tokens(&toks[i..e]),
                EntityKind::Person,
            )
            && gaz.at(e + 1).is_some_and(|m| {
                let ids = self.gazetteer.entities_of(&m);
                of_kind(ids, EntityKind::Place) && !of_kind(ids, EntityKind::Person)
            })
    }

    /// Whether a run without an exact alias holds a known person's alias
    /// (`Benito Álvarez` holds `Álvarez`).
    fn partial_person(&self, s: usize, e: usize, gaz: &GazetteerMatches) -> bool {
        (s..e).any(|i| {
            gaz.at(i).is_some_and(|m| {
                m.end <= e
                    && self
                        .gazetteer
                        .entities_of(&m)
                        .iter()
                        .any(|&id| self.gazetteer.entity(id).kind == EntityKind::Person)
            })
        })
    }

    /// Whether a word of a key is a name word: no particle, no title.
    fn is_name_word(&self, w: &str) -> bool {
        !w.is_empty() && !is_particle(w) && !self.titles.contains_key(w)
    }

    /// Final entities: gazetteer canonical names, document-level surname
    /// coreference, and the fullest form of unknown names.
    ///
    /// Name words are numbered once ([`WordIds`]): the sets of a person's
    /// words and the index of people by word hold numbers, so each word of
    /// a mention is hashed once and the set tests compare integers. (With
    /// `HashSet<String>` per person and `String` keys, resolve cost 15.0 M
    /// instructions over /tmp/bench-small; the pass 3.9 M fewer with this,
    /// and 1 M fewer again with each word's name-word test asked once.)
    fn resolve(&self, found: &[Found]) -> Vec<Mention> {
        let mut word_ids = WordIds::default();
        // The people of the document so far: entity and every name word it
        // was written or is known with, indexed by entity key and by word
        // (linear in the document's length).
        let mut people: Vec<(String, Vec<u32>)> = Vec::new();
        // The key of each person's entity: it never changes, as a person's
        // entity is only ever replaced by another of the same key. (Keeping
        // it, with the gazetteer's canonical keys, spares most `key` calls:
        // resolve over /tmp/bench-small went from 33.8 M instructions to
        // 29.9 M.)
        let mut people_keys: Vec<String> = Vec::new();
        // The person of each PERSON mention, as decided below: its entity
        // key is `people_keys[p]`. (Before, a copy of the key per mention:
        // an allocation per PERSON mention and per PLACE one in the
        // gazetteer.)
        let mut person_of: Vec<usize> = vec![usize::MAX; found.len()];
        // The name words the document itself wrote for each person (not
        // those of a canonical name a titled alias led to).
        let mut written: Vec<Vec<u32>> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::default();
        // Per word: the people whose words hold it, in the order they came
        // to.
        let mut by_word: Vec<Vec<usize>> = Vec::new();
        let mut entities: Vec<String> = Vec::with_capacity(found.len());
        // Mentions whose gazetteer entity the document overrode.
        let mut overridden = vec![false; found.len()];
        let mut toks: Vec<u32> = Vec::new();
        for (i, f) in found.iter().enumerate() {
            // (the words of the text joined by single spaces, built in place)
            let as_written = || {
                let mut written = String::with_capacity(f.text.len());
                for (j, w) in f.text.split_whitespace().enumerate() {
                    if j > 0 {
                        written.push(' ');
                    }
                    written.push_str(w);
                }
                written
            };
            // (one buffer for every mention; a PLACE reads no words)
            toks.clear();
            if f.kind == EntityKind::Person {
                toks.extend(f.key.split(' ').filter_map(|w| word_ids.name_word(self, w)));
            }
            // The one person named earlier whose names hold every word of
            // this one (`Pezuela`, `Juan José`, `Luis`).
            // (the only holder, found without collecting the holders)
            let holder = toks
                .first()
                .and_then(|&t| by_word.get(t as usize))
                .and_then(|c| {
                    only(
                        c.iter()
                            .copied()
                            .filter(|&p| toks.iter().all(|t| people[p].1.contains(t))),
                    )
                })
                .filter(|_| f.kind == EntityKind::Person);
            // The entity's person when it is one the document already has,
            // else the entity's key.
            let mut known_person: Option<usize> = None;
            let mut entity_key: std::borrow::Cow<str> = std::borrow::Cow::Borrowed("");
            let entity = match (f.kind, f.gazetteer) {
                // A gazetteer alias of someone the document has not named,
                // when the document named another holder of the name
                // (`Juan Ramón Balcarce` … `Balcarce`), is that person.
                (EntityKind::Person, Some(id))
                    if holder.is_some_and(|p| {
                        !by_key.contains_key(self.gazetteer.canonical_key(id))
                            && people_keys[p] != self.gazetteer.canonical_key(id)
                            // `marqués de Lazán` (Luis de Palafox) … `Palafox`:
                            // only a name the document wrote for the holder.
                            && toks.iter().all(|t| written[p].contains(t))
                    }) =>
                {
                    overridden[entities.len()] = true;
                    let p = holder.unwrap_or_default();
                    known_person = Some(p);
                    people[p].0.clone()
                }
                (_, Some(id)) => {
                    entity_key = self.gazetteer.canonical_key(id).into();
                    self.gazetteer.entity(id).canonical.clone()
                }
                (EntityKind::Person, None) => match holder {
                    Some(p) => {
                        known_person = Some(p);
                        people[p].0.clone()
                    }
                    None => {
                        let entity = as_written();
                        entity_key = key(&entity).into();
                        entity
                    }
                },
                (EntityKind::Place, None) => as_written(),
            };
            if f.kind == EntityKind::Person {
                // (`by_key[people_keys[p]]` is `p`: a person found above
                // needs no lookup.)
                let p = match known_person.or_else(|| by_key.get(&*entity_key).copied()) {
                    Some(p) => p,
                    None => {
                        let entity_key = entity_key.into_owned();
                        by_key.insert(entity_key.clone(), people.len());
                        people.push((entity.clone(), Vec::new()));
                        people_keys.push(entity_key);
                        written.push(Vec::new());
                        people.len() - 1
                    }
                };
                debug_assert_eq!(by_key.get(&people_keys[p]), Some(&p));
                person_of[i] = p;
                for &t in &toks {
                    if !written[p].contains(&t) {
                        written[p].push(t);
                    }
                }
                // `ZUMALACÁRREGUI` in a heading, `Zumalacárregui` in prose.
                if people[p].0.chars().all(|c| !c.is_lowercase()) {
                    people[p].0 = entity.clone();
                }
                let key_words = people_keys[p]
                    .split(' ')
                    .filter_map(|w| word_ids.name_word(self, w));
                for w in toks.iter().copied().chain(key_words) {
                    if !people[p].1.contains(&w) {
                        people[p].1.push(w);
                        if by_word.len() <= w as usize {
                            by_word.resize(w as usize + 1, Vec::new());
                        }
                        by_word[w as usize].push(p);
                    }
                }
            }
            entities.push(entity);
        }
        // Unknown names keep the fullest form the document gives: a shorter
        // unknown name whose words all belong to exactly one fuller person
        // of the document (named before or after) takes it.
        let full_words: Vec<Vec<u32>> = people_keys
            .iter()
            .map(|k| {
                k.split(' ')
                    .filter_map(|w| word_ids.name_word(self, w))
                    .collect()
            })
            .collect();
        let mut by_full_word: Vec<Vec<usize>> = vec![Vec::new(); word_ids.len()];
        for (p, words) in full_words.iter().enumerate() {
            for &w in words {
                let v = &mut by_full_word[w as usize];
                if v.last() != Some(&p) {
                    v.push(p);
                }
            }
        }
        for (i, f) in found.iter().enumerate() {
            if f.kind != EntityKind::Person || f.gazetteer.is_some() {
                continue;
            }
            // (`entities[i]` is unchanged since its key was taken.)
            // (the words of its key, as numbered above)
            let mine = &full_words[person_of[i]];
            let Some(first) = mine.first() else { continue };
            let fuller = by_full_word.get(*first as usize).and_then(|c| {
                only(c.iter().copied().filter(|&p| {
                    let theirs = &full_words[p];
                    theirs.len() > mine.len()
                        && mine.iter().all(|t| theirs.contains(t))
                        && (mine.len() > 1
                            || theirs.first() == mine.first()
                            || theirs.last() == mine.first())
                }))
            });
            if let Some(p) = fuller {
                entities[i] = people[p].0.clone();
            }
        }
        found
            .iter()
            .zip(entities)
            .zip(overridden)
            .map(|((f, entity), overridden)| {
                let g = f
                    .gazetteer
                    .filter(|_| !overridden)
                    .map(|id| self.gazetteer.entity(id));
                let value = match f.kind {
                    EntityKind::Person => MentionValue::Person {
                        entity,
                        title: f.title.clone(),
                        wikidata: g.and_then(|g| g.wikidata.clone()),
                    },
                    EntityKind::Place => MentionValue::Place {
                        entity,
                        feature: f.feature.clone(),
                        coords: g.and_then(|g| g.coords),
                        wikidata: g.and_then(|g| g.wikidata.clone()),
                    },
                };
                Mention {
                    span: f.span,
                    value,
                }
            })
            .collect()
    }
}

/// The words of name keys numbered in the order first asked, for
/// [`Names::resolve`], and whether each is a name word
/// ([`Names::is_name_word`], asked once per word).
#[derive(Default)]
struct WordIds {
    ids: HashMap<Box<str>, u32>,
    is_name: Vec<bool>,
}

impl WordIds {
    /// The number of `word` if it is a name word (a new number the first
    /// time), else `None`.
    fn name_word(&mut self, names: &Names, word: &str) -> Option<u32> {
        let id = match self.ids.get(word) {
            Some(&id) => id,
            None => {
                let id = self.ids.len() as u32;
                self.ids.insert(word.into(), id);
                self.is_name.push(names.is_name_word(word));
                id
            }
        };
        self.is_name[id as usize].then_some(id)
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

impl Pass for Names {
    fn name(&self) -> &'static str {
        "names"
    }

    fn run(&self, doc: &mut Document) {
        if doc.tokens.is_empty() {
            return;
        }
        let seen = Seen::of(self, doc);
        let gaz = GazetteerMatches::new(
            self.gazetteer
                .matches_at_word_ids(&doc.tokens, &seen.word_of, &seen.trie_words),
            doc.tokens.len(),
        );
        let mut candidates = Vec::new();
        for (k, sentence) in doc.sentences.iter().enumerate() {
            let (first, last) = (sentence.tokens.start, sentence.tokens.end);
            self.run_sentence(doc, &gaz, k, first, last, &seen, &mut candidates);
        }
        let found = self.decide(&candidates);
        let mentions = self.resolve(&found);
        debug_assert!(
            mentions
                .iter()
                .all(|m| matches!(m.mention_type(), MentionType::Person | MentionType::Place))
        );
        // One merge instead of one insertion into the sorted list per
        // mention: 15.0 M instructions over /tmp/bench-small before, 4.5 M after.
        doc.add_mentions(mentions);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ordinary_by_morphology` as first written, with `format!`.
    fn ordinary_by_morphology_reference(word: &str, folded: &str) -> bool {
        const ENDINGS: &[&str] = &[
            "ando", "iendo", "yendo", "ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas",
            "mente", "aron", "ieron", "aba", "aban", "abamos", "iamos", "amos", "emos", "imos",
            "andose", "iendose", "adole", "arse", "erse", "irse", "asteis", "isteis",
        ];
        const CLITICS: &[&str] = &[
            "me", "te", "se", "le", "les", "lo", "los", "la", "las", "nos", "os",
        ];
        let long = folded.chars().count() > 4;
        // A written accent before an enclitic pronoun: `Díjole`, `Óiganme`,
        // `Guárdate`, `Hiriéndoles`.
        let accented = word.chars().any(|c| "áéíóúÁÉÍÓÚ".contains(c));
        long && ENDINGS.iter().any(|e| folded.ends_with(e))
            || long && accented && CLITICS.iter().any(|c| folded.ends_with(c))
            // Preterites, with or without an enclitic: `Fingió`, `Replegose`.
            || folded.chars().count() >= 4 && (word.ends_with('ó') || word.ends_with('é'))
            || long && (folded.ends_with("ose") || folded.ends_with("iose"))
            // Older spelling without the accent: `Mostrole`, `Junteme`.
            || folded.chars().count() > 5 && ["role", "tole", "vole", "jole", "nole", "rome", "teme", "tome", "vome", "dime", "time", "rime", "vime", "gime", "cime", "seme", "neme", "quele", "quelo", "reme"].iter().any(|e| folded.ends_with(e))
            // Futures: `Entrará`, `Enviaré`, `Fortalecerán`.
            || long && ["rá", "ré", "rán", "rás", "réis"].iter().any(|e| word.ends_with(e))
            // Imperatives of `vosotros`: `Creed`, `Mirad`, `Venid`.
            || folded.chars().count() >= 4 && (folded.ends_with("ad") || folded.ends_with("ed") || folded.ends_with("id"))
            // …and with an enclitic: `Despreciadlos`, `Decidme`.
            || long && ["ad", "ed", "id"].iter().any(|v| CLITICS.iter().any(|c| folded.ends_with(&format!("{v}{c}"))))
            // Infinitives and preterites with an enclitic: `Dejarla`,
            // `Ocurriole`.
            // (not `-os`: `Cisneros`, `Ballesteros`).
            || long && ["ar", "er", "ir", "io"].iter().any(|v| CLITICS.iter().filter(|c| **c != "os").any(|c| folded.ends_with(&format!("{v}{c}"))))
            // Imperfects and conditionals: `Convenía`, `Decían`.
            || long && (word.ends_with("ía") || word.ends_with("ían"))
    }

    #[test]
    fn gazetteer_matches_at_equals_the_dense_slots() {
        use crate::gazetteer::Match;
        let matches = vec![
            Match {
                start: 0,
                end: 2,
                alias: 4,
            },
            Match {
                start: 3,
                end: 4,
                alias: 1,
            },
            Match {
                start: 6,
                end: 9,
                alias: 0,
            },
        ];
        let mut dense: Vec<Option<Match>> = vec![None; 9];
        for m in &matches {
            dense[m.start] = Some(*m);
        }
        let gaz = GazetteerMatches::new(matches, 9);
        for i in 0..12 {
            assert_eq!(gaz.at(i), dense.get(i).copied().flatten(), "{i}");
        }
    }

    /// `short_key` as first written, byte by byte.
    fn short_key_reference(s: &str) -> Option<u64> {
        let bytes = s.as_bytes();
        if bytes.len() > 7 {
            return None;
        }
        let mut k = (bytes.len() as u64) << 56;
        for (j, &b) in bytes.iter().enumerate() {
            k |= (b as u64) << (8 * j);
        }
        Some(k)
    }

    proptest::proptest! {
        #[test]
        fn short_key_equals_the_byte_loop(s in "[a-c\\x00é ñ]{0,9}") {
            proptest::prop_assert_eq!(short_key(&s), short_key_reference(&s));
        }
    }

    proptest::proptest! {
        /// The open-addressing table gives every key the id a hash map
        /// gives it, across its growth.
        #[test]
        fn short_keys_equal_a_hash_map(keys in proptest::collection::vec(1u64..400, 0..600)) {
            let mut table = ShortKeys::with_capacity(1);
            let mut map: HashMap<u64, u32> = HashMap::default();
            for k in keys {
                // (spread over the high bits too)
                let k = k.wrapping_mul(0x0101_0101_0101_0101) | 1 << 56;
                let next = map.len() as u32;
                let expected = *map.entry(k).or_insert(next);
                proptest::prop_assert_eq!(table.id(k, || next), expected);
            }
        }
    }

    #[test]
    fn interning_tells_every_form_apart() {
        let forms = [
            "",
            "a",
            "a\0",
            "\0",
            "ab",
            "ba",
            "abcdefg",
            "abcdefgh",
            "abcdefg\0",
            "é",
            "e",
            "de",
            "ed",
            "zz",
            "a,",
            "\u{ff}",
            ",",
            "Zz",
        ];
        let tokens: Vec<Token> = forms
            .iter()
            .chain(&forms)
            .map(|f| Token {
                span: Span::new(0, 0),
                kind: TokenKind::Word,
                case: Case::Lower,
                folded: (*f).into(),
            })
            .collect();
        let (word_of, words, lengths) = intern(&tokens, str::len);
        assert_eq!(words, forms);
        for (i, t) in tokens.iter().enumerate() {
            assert_eq!(words[word_of[i] as usize], t.folded.as_str());
            assert_eq!(lengths[word_of[i] as usize], t.folded.len());
        }
    }

    #[test]
    fn morphology_without_format_equals_the_first_version() {
        let words: Vec<String> = crate::data::lowercase_words::<Vec<String>>().unwrap();
        let mut checked = 0;
        // every third word of the lexicon (all of it takes a while in a
        // debug build)
        for w in words.iter().step_by(3) {
            // the word, capitalized, with accents, and with enclitics after
            // it and after the endings they attach to
            let mut forms = vec![w.clone(), w.to_uppercase()];
            forms.push(w.replacen('a', "á", 1));
            forms.push(w.replace('o', "ó"));
            for c in ["me", "le", "los", "os", "nos", "se"] {
                forms.push(format!("{w}{c}"));
                forms.push(format!("{w}d{c}"));
                forms.push(format!("{w}r{c}"));
            }
            for f in forms {
                let folded = fold(&f);
                assert_eq!(
                    ordinary_by_morphology(&f, &folded),
                    ordinary_by_morphology_reference(&f, &folded),
                    "{f}"
                );
                checked += 1;
            }
        }
        assert!(checked > 200_000);
    }
}
