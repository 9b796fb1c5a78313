//! Events: the narrated happenings of the seven types (BATTLE, MOVE, OCCUPY,
//! ENCAMP, LOSS, JOIN, COUNCIL), each with its one-word trigger and its
//! arguments (ANNOTATION.md §Events). Decisions are in `docs/events.md`.
//!
//! Triggers come from a lexicon of lemmas (`data/event_triggers.tsv`);
//! verbs match every inflection through [`crate::morphology`], nouns their
//! singular and plural. A trigger is dropped when it only reports a plan,
//! order, belief, hypothesis or purpose, or only situates something else;
//! the governing words and frames are in `data/event_cues.tsv`, and
//! subjunctive, future and conditional forms and a preceding `no` count
//! too.
//!
//! Arguments: sentences are split into clauses (`;`, a comma or `y`/`pero`
//! before a new finite verb, a gerund after a comma, relative `que`);
//! PLACE, DATE and NUMBER mentions of a clause go to its nearest trigger,
//! with roles from the preposition before them. The agent is the subject
//! (left of the verb, or after it when inverted: `se le reunió el coronel
//! Balcarce`), the antecedent of `éste`/`aquél`/`él`, or, when Spanish
//! drops the subject, the last subject the narrative carries. A subject
//! that is a description (`el jefe patriota`) gives no agent.

use crate::data::{Table, list};
use crate::document::{
    Argument, Case, Document, Event, EventType, MentionType, Role, Span, TokenKind,
};
use crate::error::{Error, Result};
use crate::fold::fold;
use crate::morphology::{
    Analysis, Conjugator, Form, Tense, VerbIndex, WordMap, WordSet, analyze_stripped_in,
    ends_with_enclitic,
};
use crate::pipeline::Pass;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A condition a trigger needs (the `condition` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Condition {
    None,
    Reflexive,
    PlaceObject,
    CampObject,
    ANumber,
    UnitObject,
    Count,
    DeGuerra,
    TroopsObject,
    NoAInf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Valency {
    Intransitive,
    Transitive,
    Causative,
    Noun,
}

#[derive(Debug, Clone)]
struct Entry {
    lemma: String,
    kind: EventType,
    valency: Valency,
    condition: Condition,
    /// An event only with an argument found in its own sentence.
    needs_argument: bool,
    /// The argument must be a mention of the trigger's own sentence: an
    /// agent carried from an earlier sentence does not count.
    needs_own_sentence: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    Verb,
    Prevent,
    Word,
    Frame,
    Homograph,
    Thing,
    Time,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Clause,
    Phrase,
    Next,
}

#[derive(Debug, Clone)]
struct Cue {
    words: Vec<String>,
    kind: CueKind,
    scope: Scope,
    /// Trigger lemmas the cue is limited to; empty for all.
    applies: Vec<String>,
}

/// The events pass.
#[derive(Debug, Clone)]
pub struct Events {
    verbs: VerbIndex,
    /// Every trigger entry, verbs and nouns; tokens refer to them by index
    /// instead of cloning an entry (and its lemma) per reading.
    entries: Vec<Entry>,
    /// The entry of each lemma of `verbs`, by [`crate::morphology::LemmaId`].
    verb_entry: Vec<u32>,
    cue_verbs: VerbIndex,
    /// The cue of each lemma of `cue_verbs` (kinds `verb` and `prevent`),
    /// by [`crate::morphology::LemmaId`].
    verb_cue: Vec<Option<Cue>>,
    /// Cues of kinds `word` and `frame`.
    word_cues: Vec<Cue>,
    /// Forms that are never trigger verbs (`parte`, `junto`).
    homographs: WordSet<String>,
    /// Nouns (singular and plural) of things and feelings that cannot move,
    /// fight or take a place: as the subject of a trigger verb they make it
    /// everyday or figurative (`llegó la noticia`, `me entraron ganas`).
    things: WordSet<String>,
    /// Every word some table or list knows, with all it knows about it:
    /// one lookup per token instead of six (two verb indices, word lists,
    /// nouns, word cues, homographs); with the sentences skipped in `run`,
    /// events instructions on bench-small 353M → 173M.
    lexicon: WordMap<String, WordInfo>,
    /// What is known about a word in no table.
    unknown: WordInfo,
    /// The words of up to seven bytes (85% of tokens) are looked up in a
    /// direct-mapped table first: see [`ShortWords`].
    short_words: ShortWords,
    /// The words of eight to sixteen bytes, likewise: see [`LongWords`].
    long_words: LongWords,
    /// Nouns of time (`día`, `noche`, `hora`): right after a trigger verb
    /// they are its subject (`llegó la noche`, `no he visto llegar ese
    /// día`); before it they are mostly a time phrase (`al día siguiente
    /// salió`), so only the inverted subject is checked.
    times: WordSet<String>,
}

impl Events {
    pub fn new() -> Result<Events> {
        let conj = Conjugator::new()?;
        let name = "data/event_triggers.tsv";
        let t = Table::parse(name, crate::data::builtin::EVENT_TRIGGERS)?;
        let (lc, pc, tc, vc, cc) = (
            t.column("lemma")?,
            t.column("pos")?,
            t.column("type")?,
            t.column("valency")?,
            t.column("condition")?,
        );
        let nc = t.column("needs")?;
        let mut verb_entries: WordMap<String, Entry> = WordMap::default();
        let mut noun_entries = WordMap::default();
        let mut entries: Vec<Entry> = Vec::new();
        for row in &t.rows {
            let f = &row.fields;
            let err = |m: String| Error::data(name, row.line, m);
            let kind =
                EventType::parse(&f[tc]).ok_or_else(|| err(format!("unknown type `{}`", f[tc])))?;
            let valency = match f[vc].as_str() {
                "intr" => Valency::Intransitive,
                "tr" => Valency::Transitive,
                "caus" => Valency::Causative,
                "-" => Valency::Noun,
                v => return Err(err(format!("unknown valency `{v}`"))),
            };
            let condition = match f[cc].as_str() {
                "-" => Condition::None,
                "reflexive" => Condition::Reflexive,
                "place-object" => Condition::PlaceObject,
                "camp-object" => Condition::CampObject,
                "a-number" => Condition::ANumber,
                "unit-object" => Condition::UnitObject,
                "count" => Condition::Count,
                "de-guerra" => Condition::DeGuerra,
                "troops-object" => Condition::TroopsObject,
                "no-a-inf" => Condition::NoAInf,
                c => return Err(err(format!("unknown condition `{c}`"))),
            };
            let lemma = fold(&f[lc]);
            let entry = Entry {
                lemma: lemma.clone(),
                kind,
                valency,
                condition,
                needs_argument: match f[nc].as_str() {
                    "argument" | "sentence" => true,
                    "-" => false,
                    n => return Err(err(format!("unknown needs `{n}`"))),
                },
                needs_own_sentence: f[nc] == "sentence",
            };
            match f[pc].as_str() {
                "verb" => {
                    verb_entries.insert(lemma, entry);
                }
                "noun" => {
                    for form in noun_forms(&lemma) {
                        entries.push(entry.clone());
                        noun_entries.insert(form, (entries.len() - 1) as u32);
                    }
                }
                p => return Err(err(format!("unknown part of speech `{p}`"))),
            }
        }
        let verbs = VerbIndex::new(&conj, verb_entries.keys().map(String::as_str));
        let mut verb_entry = Vec::new();
        for lemma in verbs.lemmas() {
            entries.push(verb_entries[lemma].clone());
            verb_entry.push((entries.len() - 1) as u32);
        }

        let name = "data/event_cues.tsv";
        let t = Table::parse(name, crate::data::builtin::EVENT_CUES)?;
        let (cu, kc, sc, ac) = (
            t.column("cue")?,
            t.column("kind")?,
            t.column("scope")?,
            t.column("applies")?,
        );
        let mut verb_cues: WordMap<String, Cue> = WordMap::default();
        let mut homographs = WordSet::default();
        let mut things = WordSet::default();
        let mut times = WordSet::default();
        let mut word_cues = Vec::new();
        for row in &t.rows {
            let f = &row.fields;
            let err = |m: String| Error::data(name, row.line, m);
            let kind = match f[kc].as_str() {
                "verb" => CueKind::Verb,
                "prevent" => CueKind::Prevent,
                "word" => CueKind::Word,
                "frame" => CueKind::Frame,
                "homograph" => CueKind::Homograph,
                "thing" => CueKind::Thing,
                "time" => CueKind::Time,
                k => return Err(err(format!("unknown kind `{k}`"))),
            };
            let scope = match f[sc].as_str() {
                "clause" => Scope::Clause,
                "phrase" => Scope::Phrase,
                "next" => Scope::Next,
                s => return Err(err(format!("unknown scope `{s}`"))),
            };
            let applies = if f[ac] == "*" {
                Vec::new()
            } else {
                list(&f[ac]).map(fold).collect()
            };
            let words: Vec<String> = fold(&f[cu]).split_whitespace().map(String::from).collect();
            if words.is_empty() {
                return Err(err("empty cue".into()));
            }
            let cue = Cue {
                words,
                kind,
                scope,
                applies,
            };
            match kind {
                CueKind::Verb | CueKind::Prevent => {
                    verb_cues.insert(cue.words[0].clone(), cue);
                }
                CueKind::Homograph => {
                    homographs.insert(cue.words[0].clone());
                }
                CueKind::Thing | CueKind::Time => {
                    let set = if kind == CueKind::Thing {
                        &mut things
                    } else {
                        &mut times
                    };
                    for form in noun_forms(&cue.words[0]) {
                        set.insert(form);
                    }
                }
                _ => word_cues.push(cue),
            }
        }
        let cue_verbs = VerbIndex::new(&conj, verb_cues.keys().map(String::as_str));
        let verb_cue = cue_verbs
            .lemmas()
            .iter()
            .map(|lemma| verb_cues.get(lemma).cloned())
            .collect();
        let mut word_cues_by_first: WordMap<String, Vec<usize>> = WordMap::default();
        for (k, cue) in word_cues.iter().enumerate() {
            if cue.kind == CueKind::Word {
                word_cues_by_first
                    .entry(cue.words[0].clone())
                    .or_default()
                    .push(k);
            }
        }
        // The lexicon: every word of a table or list, with its readings.
        let mut lexicon: WordMap<String, WordInfo> = WordMap::default();
        {
            let mut add = |word: &str| {
                if !lexicon.contains_key(word) {
                    lexicon.insert(word.to_string(), WordInfo::default());
                }
            };
            verbs.forms().for_each(|(f, _)| add(f));
            cue_verbs.forms().for_each(|(f, _)| add(f));
            noun_entries.keys().for_each(|f| add(f));
            word_cues_by_first.keys().for_each(|f| add(f));
            for (list, _) in WORD_LISTS {
                list.iter().for_each(|f| add(f));
            }
        }
        for (list, bit) in WORD_LISTS {
            for &word in list {
                if let Some(info) = lexicon.get_mut(word) {
                    info.bits |= bit;
                }
            }
        }
        for (word, info) in lexicon.iter_mut() {
            info.noun = noun_entries.get(word).copied();
            info.verbs = verbs.analyze(word).into_owned().into_boxed_slice();
            // Every verb form has a letter: punctuation and figures have no
            // cue reading.
            if word.bytes().any(|c| c.is_ascii_alphabetic()) {
                info.cues = cue_verbs.analyze(word).into_owned().into_boxed_slice();
            }
            info.word_cues = word_cues_by_first
                .get(word)
                .map(|v| v.iter().map(|&k| k as u32).collect())
                .unwrap_or_default();
            info.reading = info.noun.is_some() || !info.verbs.is_empty();
            info.cue = !info.cues.is_empty() || !info.word_cues.is_empty();
        }
        let short_words = ShortWords::new(&lexicon);
        let long_words = LongWords::new(&lexicon);
        Ok(Events {
            short_words,
            long_words,
            lexicon,
            unknown: WordInfo::default(),
            homographs,
            things,
            times,
            verbs,
            entries,
            verb_entry,
            cue_verbs,
            verb_cue,
            word_cues,
        })
    }
}

/// Singular and plural of an event noun (`accion` → `acciones`).
fn noun_forms(lemma: &str) -> Vec<String> {
    let plural = if lemma.ends_with(['a', 'e', 'i', 'o', 'u']) {
        format!("{lemma}s")
    } else if let Some(s) = lemma.strip_suffix('z') {
        format!("{s}ces")
    } else {
        format!("{lemma}es")
    };
    vec![lemma.to_string(), plural]
}

const DETERMINERS: &[&str] = &[
    "el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "su", "sus", "este", "esta",
    "estos", "estas", "ese", "esa", "esos", "esas", "aquel", "aquella", "aquellos", "aquellas",
    "del", "al", "nuestro", "nuestra", "nuestros", "nuestras", "toda", "todo", "todos", "todas",
    "mucho", "muchos", "otra", "otro", "otros", "otras", "cuya", "cuyo",
];
/// Quantifiers that open a noun phrase like a determiner.
const QUANTIFIERS: &[&str] = &[
    "cualquier",
    "cualquiera",
    "alguna",
    "algun",
    "algunas",
    "algunos",
    "ninguna",
    "ningun",
    "tanta",
    "tanto",
    "tantas",
    "tantos",
    "varias",
    "varios",
    "grandes",
    "gran",
    "nuestras",
];
const PREPOSITIONS: &[&str] = &[
    "a", "al", "de", "del", "con", "en", "por", "para", "hacia", "hasta", "desde", "contra",
    "entre", "sobre", "segun", "sin", "tras", "ante", "bajo", "durante", "mediante",
];
const CLITICS: &[&str] = &[
    "se", "le", "les", "lo", "la", "los", "las", "me", "te", "nos", "os",
];
const ADVERBS: &[&str] = &[
    "ya",
    "luego",
    "entonces",
    "solamente",
    "solo",
    "tambien",
    "pronto",
    "inmediatamente",
    "finalmente",
    "despues",
    "alli",
    "aqui",
    "nuevamente",
    "rapidamente",
    "apenas",
    "todavia",
    "aun",
    "asi",
    "enseguida",
    "tambien",
    "totalmente",
    "precipitadamente",
    "ordenadamente",
];
const HABER: &[&str] = &[
    "habia", "habian", "ha", "han", "hubo", "hubieron", "habiendo", "haber", "habra", "habrian",
    "habria", "hubiera", "hubieran", "hubiese", "hubiesen", "habiase", "habianse",
];
const IRREALIS_HABER: &[&str] = &[
    "habra", "habrian", "habria", "hubiera", "hubieran", "hubiese", "hubiesen",
];
const SER: &[&str] = &["fue", "fueron", "era", "eran", "sido", "es", "son"];
const TITLES: &[&str] = &[
    "general",
    "coronel",
    "teniente",
    "capitan",
    "brigadier",
    "mariscal",
    "comandante",
    "virrey",
    "mayor",
    "sargento",
    "don",
    "dona",
    "fray",
    "presidente",
    "gobernador",
    "caudillo",
    "jefe",
    "gran",
    "almirante",
    "cabecilla",
];
const FINITE_WORDS: &[&str] = &[
    "fue",
    "fueron",
    "era",
    "eran",
    "es",
    "son",
    "hubo",
    "habia",
    "habian",
    "ha",
    "han",
    "hay",
    "estaba",
    "estaban",
    "estuvo",
    "estuvieron",
    "tuvo",
    "tuvieron",
    "tenia",
    "tenian",
    "hizo",
    "hicieron",
    "dio",
    "dieron",
    "dijo",
    "dijeron",
    "pudo",
    "pudieron",
    "quiso",
    "quisieron",
    "vino",
    "vinieron",
    "puso",
    "pusieron",
    "vio",
    "vieron",
    "siguio",
    "siguieron",
    "supo",
    "supieron",
    "iba",
    "iban",
    "fui",
    "dispuso",
    "dispusieron",
];
const NON_GERUNDS: &[&str] = &[
    "cuando",
    "mando",
    "bando",
    "bandos",
    "comando",
    "contrabando",
    "nefando",
    "blando",
];
const DISTANCE_UNITS: &[&str] = &[
    "legua",
    "leguas",
    "dia",
    "dias",
    "hora",
    "horas",
    "milla",
    "millas",
    "kilometros",
    "metros",
    "varas",
    "ano",
    "anos",
    "mes",
    "meses",
    "semana",
    "semanas",
    "vez",
    "veces",
    "minutos",
    "pasos",
    "cuadras",
];
// Not `real`/`reales` (the camp of old): far more often "royal".
const CAMP_WORDS: &[&str] = &[
    "campamento",
    "campamentos",
    "cuartel",
    "cuarteles",
    "vivac",
    "vivaque",
];
const UNIT_WORDS: &[&str] = &[
    "columna",
    "columnas",
    "division",
    "divisiones",
    "cuerpo",
    "batallon",
    "batallones",
    "ejercito",
    "regimiento",
    "escuadron",
    "escuadrones",
    "fuerza",
    "fuerzas",
    "compania",
    "brigada",
    "brigadas",
    "partida",
    "vanguardia",
    "retaguardia",
    "guerrilla",
    "montonera",
];
/// What one turns (`volver los ojos`, `volvió la cara`): `volver` with
/// them is no return.
const TURNED: &[&str] = &[
    "ojos",
    "vista",
    "cara",
    "cabeza",
    "espalda",
    "espaldas",
    "rostro",
    "mirada",
    "semblante",
    "hoja",
    "pagina",
    "paginas",
    "hojas",
];
/// Units and soldiers that a commander sends (`destacó una división de
/// tropa`, `despachó un tercio`, `envió 200 hombres`).
const TROOP_WORDS: &[&str] = &[
    "columna",
    "columnas",
    "division",
    "divisiones",
    "cuerpo",
    "cuerpos",
    "batallon",
    "batallones",
    "ejercito",
    "regimiento",
    "regimientos",
    "escuadron",
    "escuadrones",
    "fuerza",
    "fuerzas",
    "compania",
    "companias",
    "brigada",
    "brigadas",
    "partida",
    "partidas",
    "vanguardia",
    "retaguardia",
    "guerrilla",
    "guerrillas",
    "montonera",
    "tercio",
    "tercios",
    "tropa",
    "tropas",
    "destacamento",
    "destacamentos",
    "caballeria",
    "infanteria",
    "escolta",
    "piquete",
    "piquetes",
    "descubierta",
    "descubiertas",
    "avanzada",
    "avanzadas",
    "hombres",
    "soldados",
    "jinetes",
    "infantes",
    "caballos",
    "dragones",
    "granaderos",
    "fusileros",
    "cazadores",
    "husares",
    "lanceros",
    "voluntarios",
    "milicianos",
    "guerrilleros",
    "reclutas",
    "refuerzo",
    "refuerzos",
    "auxilio",
    "auxilios",
    "dispersos",
    "efectivos",
    "plazas",
];
/// Conjunctions of simultaneity that open a clause of their own after a
/// comma (the `que` in them is no relative).
const TEMPORAL_LINKS: &[&[&str]] = &[
    &["al", "tiempo", "que"],
    &["al", "mismo", "tiempo", "que"],
    &["al", "paso", "que"],
    &["a", "la", "vez", "que"],
    &["mientras", "que"],
];
const PRONOUNS: &[&str] = &[
    "este", "aquel", "estos", "aquellos", "ellos", "aquella", "esta",
];

/// The word lists read on every token, as hash sets: a linear scan of
/// `DETERMINERS` alone costs dozens of string comparisons per word.
fn word_set(words: &'static [&'static str]) -> WordSet<&'static str> {
    words.iter().copied().collect()
}
static DETERMINERS_SET: LazyLock<WordSet<&'static str>> = LazyLock::new(|| word_set(DETERMINERS));
static PREPOSITIONS_SET: LazyLock<WordSet<&'static str>> = LazyLock::new(|| word_set(PREPOSITIONS));
static QUANTIFIERS_SET: LazyLock<WordSet<&'static str>> = LazyLock::new(|| word_set(QUANTIFIERS));

/// Word-list membership as bits ([`WordInfo::bits`]), so that a token's
/// lists are found with its one lexicon lookup when the sentence is read.
const DETERMINER: u8 = 1;
const PREPOSITION: u8 = 2;
const CLITIC: u8 = 4;
const FINITE_WORD: u8 = 8;
/// `,` `y` `e` `pero` `mas` `mientras` `o` `u`: may open a new clause.
const SEPARATOR: u8 = 16;
/// `;` `:` `(` `)` `—`: always open a new main clause.
const CLAUSE_PUNCT: u8 = 32;
/// `¿` `¡`: open a question or an exclamation (see `dialogue_turns`).
const OPENING_MARK: u8 = 64;
/// `?` `!`: close one.
const CLOSING_MARK: u8 = 128;
const SEPARATORS: &[&str] = &[",", "y", "e", "pero", "mas", "mientras", "o", "u"];
const CLAUSE_PUNCTS: &[&str] = &[";", ":", "(", ")", "—"];
const OPENING_MARKS: &[&str] = &["¿", "¡"];
const CLOSING_MARKS: &[&str] = &["?", "!"];
const WORD_LISTS: [(&[&str], u8); 8] = [
    (DETERMINERS, DETERMINER),
    (PREPOSITIONS, PREPOSITION),
    (CLITICS, CLITIC),
    (FINITE_WORDS, FINITE_WORD),
    (SEPARATORS, SEPARATOR),
    (CLAUSE_PUNCTS, CLAUSE_PUNCT),
    (OPENING_MARKS, OPENING_MARK),
    (CLOSING_MARKS, CLOSING_MARK),
];

/// All the pass knows about one folded word, found with one lookup.
#[derive(Debug, Clone, Default)]
struct WordInfo {
    /// The word lists it is in (`DETERMINER`, …).
    bits: u8,
    /// Whether it has a trigger reading to weigh: a noun entry or a verb
    /// reading (`noun.is_some() || !verbs.is_empty()`).
    reading: bool,
    /// Whether it may open a cue scope: a cue-verb reading or a word cue
    /// (`!cues.is_empty() || !word_cues.is_empty()`).
    cue: bool,
    /// Its trigger-noun entry, an index in `Events::entries`.
    noun: Option<u32>,
    /// `Events::verbs.analyze(word)`.
    verbs: Box<[Analysis]>,
    /// `Events::cue_verbs.analyze(word)`, none for a word without a letter.
    cues: Box<[Analysis]>,
    /// `Events::word_cues_by_first[word]`.
    word_cues: Box<[u32]>,
}

/// The lexicon entries of the words of up to seven bytes (85% of tokens:
/// `de`, `la`, `y`, `,`, `que`, `batalla`), in a direct-mapped table: a
/// word's bytes and length packed in a `u64` pick one slot by a
/// multiplication, and one compare with the key stored there answers,
/// where a hash lookup of the string takes well over a hundred
/// instructions. Exact by construction:
/// every lexicon word of up to seven bytes is in its slot unless another
/// one took it, and then the slot says to ask the map. With one and two
/// byte words only, events on bench-small 82.9M → 78.5M instructions;
/// with up to seven, 78.5M → 76.8M.
#[derive(Debug, Clone)]
struct ShortWords {
    /// By [`ShortWords::slot`]: (key, 0) when empty, (key, `k + 1`) for
    /// `infos[k]`, (_, `ASK_THE_MAP`) when two words share the slot or
    /// `infos` is full; then `infos[k]`'s `bits`, `reading` and `cue`,
    /// which fill the slot's padding and spare a load from `infos` for most
    /// tokens.
    slots: Box<[(u64, u16, u8, bool, bool)]>,
    /// Copies of the lexicon entries of the short words.
    infos: Vec<WordInfo>,
}

/// A slot value: look the word up in the lexicon map.
const ASK_THE_MAP: u16 = u16::MAX;
/// 8,192 slots for about 900 words: few share one.
const SHORT_SLOT_BITS: u32 = 13;

/// What [`ShortWords::get`] knows about a word.
enum ShortWord<'e> {
    /// A short word, its lexicon entry and the entry's `bits`, `reading`
    /// and `cue`.
    Known(&'e WordInfo, u8, bool, bool),
    /// A short word in no table.
    Unknown,
    /// A word of more than seven bytes, empty, or one whose slot is
    /// shared: ask the lexicon map.
    Long,
}

impl ShortWords {
    fn new(lexicon: &WordMap<String, WordInfo>) -> ShortWords {
        let mut slots =
            vec![(0u64, 0u16, 0u8, false, false); 1 << SHORT_SLOT_BITS].into_boxed_slice();
        let mut infos = Vec::new();
        for (word, info) in lexicon {
            let Some(key) = ShortWords::key(word) else {
                continue;
            };
            let slot = &mut slots[ShortWords::slot(key)];
            if slot.1 == 0 && infos.len() < usize::from(ASK_THE_MAP - 1) {
                infos.push(info.clone());
                *slot = (key, infos.len() as u16, info.bits, info.reading, info.cue);
            } else {
                slot.1 = ASK_THE_MAP;
            }
        }
        ShortWords { slots, infos }
    }

    /// A word of one to seven bytes as a number: its bytes (little-endian)
    /// and its length in the top byte; none for longer or empty words. Read
    /// as two overlapping `u32`s from four bytes up, not byte by byte.
    #[inline(always)]
    fn key(word: &str) -> Option<u64> {
        let b = word.as_bytes();
        let n = b.len();
        let bytes = match n {
            4..=7 => {
                let head = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                let last = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
                // the bytes of `last` past the head: b[4..n]
                u64::from(head) | u64::from(last.checked_shr(8 * (8 - n) as u32).unwrap_or(0)) << 32
            }
            3 => u64::from(b[0]) | u64::from(b[1]) << 8 | u64::from(b[2]) << 16,
            2 => u64::from(b[0]) | u64::from(b[1]) << 8,
            1 => u64::from(b[0]),
            _ => return None,
        };
        Some(bytes | (n as u64) << 56)
    }

    #[inline(always)]
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SHORT_SLOT_BITS)) as usize
    }

    #[inline(always)]
    fn get(&self, word: &str) -> ShortWord<'_> {
        let Some(key) = ShortWords::key(word) else {
            return ShortWord::Long;
        };
        let (stored, value, bits, reading, cue) = self.slots[ShortWords::slot(key)];
        match value {
            0 => ShortWord::Unknown,
            ASK_THE_MAP => ShortWord::Long,
            k if stored == key => {
                ShortWord::Known(&self.infos[usize::from(k) - 1], bits, reading, cue)
            }
            _ => ShortWord::Unknown,
        }
    }
}

/// The lexicon entries of the words of eight to sixteen bytes (a fifth of
/// the tokens: `derrotaron`, `batallones`, and the many long words in no
/// table), in a direct-mapped table like [`ShortWords`]: a word's first
/// and last eight bytes (overlapping) and its length pick one slot, and
/// comparing them with the slot's answers, where the lexicon map hashed
/// the string, probed and compared it (events on bench-small 68.4M → 67.8M
/// instructions).
#[derive(Debug, Clone)]
struct LongWords {
    /// By [`LongWords::slot`]: `index` 0 when empty, `k + 1` for
    /// `infos[k]`, `ASK_THE_MAP` when two words share the slot or `infos`
    /// is full.
    slots: Box<[LongSlot]>,
    /// Copies of the lexicon entries of the long words.
    infos: Vec<WordInfo>,
}

#[derive(Debug, Clone, Copy, Default)]
struct LongSlot {
    head: u64,
    tail: u64,
    len: u8,
    index: u16,
    /// `infos[index - 1].bits`, `.reading` and `.cue`.
    bits: u8,
    reading: bool,
    cue: bool,
}

/// 8,192 slots for about 2,300 words.
const LONG_SLOT_BITS: u32 = 13;

impl LongWords {
    fn new(lexicon: &WordMap<String, WordInfo>) -> LongWords {
        let mut slots = vec![LongSlot::default(); 1 << LONG_SLOT_BITS].into_boxed_slice();
        let mut infos = Vec::new();
        for (word, info) in lexicon {
            let Some((head, tail, len)) = LongWords::key(word) else {
                continue;
            };
            let slot = &mut slots[LongWords::slot(head, tail, len)];
            if slot.index == 0 && infos.len() < usize::from(ASK_THE_MAP - 1) {
                infos.push(info.clone());
                *slot = LongSlot {
                    head,
                    tail,
                    len,
                    index: infos.len() as u16,
                    bits: info.bits,
                    reading: info.reading,
                    cue: info.cue,
                };
            } else {
                slot.index = ASK_THE_MAP;
            }
        }
        LongWords { slots, infos }
    }

    /// A word of eight to sixteen bytes as its first eight bytes, its last
    /// eight (they overlap below sixteen) and its length: together they
    /// are the whole word. None for other lengths.
    #[inline(always)]
    fn key(word: &str) -> Option<(u64, u64, u8)> {
        let b = word.as_bytes();
        let n = b.len();
        if !(8..=16).contains(&n) {
            return None;
        }
        let head = u64::from_le_bytes(b[..8].try_into().ok()?);
        let tail = u64::from_le_bytes(b[n - 8..].try_into().ok()?);
        Some((head, tail, n as u8))
    }

    #[inline(always)]
    fn slot(head: u64, tail: u64, len: u8) -> usize {
        let mixed =
            (head ^ tail.rotate_left(29) ^ u64::from(len)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (64 - LONG_SLOT_BITS)) as usize
    }

    #[inline(always)]
    fn get(&self, word: &str) -> ShortWord<'_> {
        let Some((head, tail, len)) = LongWords::key(word) else {
            return ShortWord::Long;
        };
        let slot = self.slots[LongWords::slot(head, tail, len)];
        match slot.index {
            0 => ShortWord::Unknown,
            ASK_THE_MAP => ShortWord::Long,
            k if slot.head == head && slot.tail == tail && slot.len == len => ShortWord::Known(
                &self.infos[usize::from(k) - 1],
                slot.bits,
                slot.reading,
                slot.cue,
            ),
            _ => ShortWord::Unknown,
        }
    }
}

/// One token's lexicon entry, computed once per document.
struct TokenLex<'e> {
    word: &'e WordInfo,
    /// For a word in no table with enclitics stripped, its index in
    /// `Lexed::stripped`; `NOT_STRIPPED` for the others (16 bytes a token,
    /// where two `Cow`s took 56 and a 10 MB array per document).
    stripped: u32,
    /// `word.bits`, kept beside the pointer (in what was padding): the
    /// per-token scans read this array in order instead of following
    /// `word` to a `WordInfo` for every token.
    bits: u8,
    /// Whether the token has a trigger reading to weigh: a noun entry or a
    /// verb reading (`word.noun.is_some() || !Lexed::verbs(i).is_empty()`).
    reading: bool,
    /// Whether the token may open a cue scope: a cue-verb reading or a
    /// word cue (`!Lexed::cues(i).is_empty() || !word.word_cues.is_empty()`).
    cue: bool,
}

const NOT_STRIPPED: u32 = u32::MAX;

/// The lexicon entries of every token of a document, and the readings
/// found by stripping enclitics from words in no table.
struct Lexed<'e> {
    tokens: Vec<TokenLex<'e>>,
    /// (verb readings, cue-verb readings).
    stripped: Vec<[Vec<Analysis>; 2]>,
}

impl<'e> Lexed<'e> {
    /// `Events::verbs.analyze` of token `i`'s folded form.
    fn verbs(&self, i: usize) -> &[Analysis] {
        match self.tokens[i].stripped {
            NOT_STRIPPED => &self.tokens[i].word.verbs,
            k => &self.stripped[k as usize][0],
        }
    }

    /// `Events::cue_verbs.analyze` of token `i`'s folded form, empty for a
    /// token without a letter.
    fn cues(&self, i: usize) -> &[Analysis] {
        match self.tokens[i].stripped {
            NOT_STRIPPED => &self.tokens[i].word.cues,
            k => &self.stripped[k as usize][1],
        }
    }
}

impl<'e> std::ops::Index<usize> for Lexed<'e> {
    type Output = TokenLex<'e>;
    fn index(&self, i: usize) -> &TokenLex<'e> {
        &self.tokens[i]
    }
}

impl Events {
    /// The lexicon entry and readings of a folded word. A word in no table
    /// is no direct verb form, so only stripped enclitics can give it a
    /// reading (`retirarse`).
    ///
    /// The common cases (a short word, known or in no table and ending in
    /// no enclitic) are inlined into the caller's loop; the others take
    /// `token_lex_slow` (a call frame less per token: events on bench-small
    /// 76.8M → 74.2M instructions).
    #[inline(always)]
    fn token_lex(&self, folded: &str, stripped: &mut Vec<[Vec<Analysis>; 2]>) -> TokenLex<'_> {
        match self.short_words.get(folded) {
            ShortWord::Known(word, bits, reading, cue) => TokenLex {
                word,
                stripped: NOT_STRIPPED,
                bits,
                reading,
                cue,
            },
            ShortWord::Unknown if !ends_with_enclitic(folded) => TokenLex {
                word: &self.unknown,
                stripped: NOT_STRIPPED,
                bits: 0,
                reading: false,
                cue: false,
            },
            // In no table: only stripping its enclitics can give it a
            // reading, no map lookup.
            ShortWord::Unknown => self.token_lex_slow(folded, stripped, false),
            ShortWord::Long => self.token_lex_slow(folded, stripped, true),
        }
    }

    /// [`Events::token_lex`] through the long-word table, else the lexicon
    /// map (when `in_a_table` is false, the word is known to be in none).
    #[inline(never)]
    fn token_lex_slow(
        &self,
        folded: &str,
        stripped: &mut Vec<[Vec<Analysis>; 2]>,
        in_a_table: bool,
    ) -> TokenLex<'_> {
        debug_assert!(in_a_table || !self.lexicon.contains_key(folded));
        let known = match self.long_words.get(folded) {
            _ if !in_a_table => None,
            ShortWord::Known(word, bits, reading, cue) => {
                return TokenLex {
                    word,
                    stripped: NOT_STRIPPED,
                    bits,
                    reading,
                    cue,
                };
            }
            ShortWord::Unknown => None,
            ShortWord::Long => self.lexicon.get(folded),
        };
        match known {
            Some(word) => TokenLex {
                word,
                stripped: NOT_STRIPPED,
                bits: word.bits,
                reading: word.reading,
                cue: word.cue,
            },
            None if !ends_with_enclitic(folded) => TokenLex {
                word: &self.unknown,
                stripped: NOT_STRIPPED,
                bits: 0,
                reading: false,
                cue: false,
            },
            None => {
                // Only a word ending in an enclitic pronoun gets a reading
                // here, and it has a letter: no test for one is needed.
                let found = analyze_stripped_in([&self.verbs, &self.cue_verbs], folded);
                let (reading, cue) = (!found[0].is_empty(), !found[1].is_empty());
                let index = if found.iter().all(Vec::is_empty) {
                    NOT_STRIPPED
                } else {
                    stripped.push(found);
                    (stripped.len() - 1) as u32
                };
                TokenLex {
                    word: &self.unknown,
                    stripped: index,
                    bits: 0,
                    reading,
                    cue,
                }
            }
        }
    }
}

/// What the pass knows about one token of the sentence being read.
#[derive(Debug, Clone, Copy, Default)]
struct Info {
    /// A trigger reading (index in `Events::entries`, verb form or None for
    /// a noun, enclitic).
    trigger: Option<(u32, Option<Form>, bool)>,
    finite: bool,
    gerund: bool,
    /// In the scope of a cue (a plan, purpose, belief…).
    negated: bool,
    /// The top-level mention covering this token.
    mention: Option<usize>,
}

/// The folded words of the sentence being read; outside it, "".
struct Words<'a> {
    /// The folded form of every token of the document, borrowed once per
    /// document instead of read through `CompactString` on every look.
    words: &'a [&'a str],
    a: usize,
    b: usize,
}

impl<'a> Words<'a> {
    /// Where the verb group of the verb at `i` starts, no earlier than `a`:
    /// back over clitics, forms of `haber` and `no` (`no se había retirado`).
    fn verb_group_start(&self, a: usize, i: usize) -> usize {
        let mut g = i;
        while g > a
            && (CLITICS.contains(&self.at(g - 1))
                || HABER.contains(&self.at(g - 1))
                || self.at(g - 1) == "no")
        {
            g -= 1;
        }
        g
    }

    fn at(&self, i: usize) -> &'a str {
        if i >= self.a && i < self.b {
            self.words[i]
        } else {
            ""
        }
    }
}

/// The clause splits of the sentence being read (see `Events::sentence`),
/// one set of buffers for the document: allocating and zeroing four
/// vectors per sentence took a tenth of `sentence` (on bench-small
/// `sentence` 18.2M → 16.6M instructions).
#[derive(Debug, Default)]
struct ClauseBuffers {
    main_start: Vec<bool>,
    sub_start: Vec<bool>,
    clause_of: Vec<usize>,
    main_of: Vec<usize>,
    clause_bounds: Vec<(usize, usize)>,
}

/// One accepted trigger while a sentence is read.
struct Found<'e> {
    token: usize,
    entry: &'e Entry,
    form: Option<Form>,
    clause: usize,
    /// Counts only with an argument of its own sentence.
    needs_argument: bool,
    /// Its subject is a force described, not named (`la caballería enemiga
    /// se retiró`): a campaign event even without a mention.
    force_subject: bool,
}

impl Pass for Events {
    fn name(&self) -> &'static str {
        "events"
    }

    fn run(&self, doc: &mut Document) {
        let mut events = Vec::new();
        // Subjects the narrative carries: (token index, mentions).
        let mut carry: Vec<(usize, Vec<usize>)> = Vec::new();
        // The folded words and lexicon entries of the tokens, in one walk
        // over them, and the tokens with a trigger reading to weigh.
        let mut words: Vec<&str> = Vec::with_capacity(doc.tokens.len());
        let mut tokens = Vec::with_capacity(doc.tokens.len());
        let mut stripped = Vec::new();
        let mut with_reading: Vec<usize> = Vec::new();
        // Questions and exclamations (`¿…?`, `¡…!`), first and last token,
        // by the word-list bits of the marks (see `dialogue_turns`), in the
        // same walk (with the two steps beside, events on bench-small
        // 56.9M → 55.9M instructions).
        let mut questions: Vec<(usize, usize)> = Vec::new();
        let mut open: Option<usize> = None;
        for (i, t) in doc.tokens.iter().enumerate() {
            let word = t.folded.as_str();
            let token = self.token_lex(word, &mut stripped);
            if token.reading {
                with_reading.push(i);
            }
            if token.bits & (OPENING_MARK | CLOSING_MARK) != 0 {
                if token.bits & OPENING_MARK != 0 {
                    open = Some(i);
                } else if let Some(o) = open.take() {
                    questions.push((o, i));
                }
            }
            words.push(word);
            tokens.push(token);
        }
        let lex = Lexed { tokens, stripped };
        let top = top_mentions(doc);
        let speech = dialogue_turns(doc, &words, &lex, &questions);
        // Paragraph of each sentence: a dropped subject is carried only
        // within its paragraph and over a few sentences (readers do not
        // carry a name across a paragraph or a page).
        let mut paragraph_of = vec![usize::MAX; doc.sentences.len()];
        for (p, par) in doc.paragraphs.iter().enumerate() {
            for s in par.sentences.clone() {
                if let Some(x) = paragraph_of.get_mut(s) {
                    *x = p;
                }
            }
        }
        debug_assert!((0..words.len()).all(|i| {
            lex[i].reading == (lex[i].word.noun.is_some() || !lex.verbs(i).is_empty())
                && lex[i].bits == lex[i].word.bits
                && lex[i].cue == (!lex.cues(i).is_empty() || !lex[i].word.word_cues.is_empty())
        }));
        // The first sentence whose subjects sentence `s` may carry.
        let first_carried = |s: usize| {
            let mut first = s;
            while first > 0
                && s - first < CARRY_SENTENCES
                && paragraph_of[first - 1] == paragraph_of[s]
            {
                first -= 1;
            }
            first
        };
        // A sentence with no trigger reading that can be accepted adds no
        // event; it only adds the subjects it names (PERSON/GROUP mentions)
        // to `carry`, which only the sentences that carry from it read. So
        // it is read on (clauses, cues, arguments) only when it names one
        // and a later sentence carrying from it has such a reading. The
        // readings that surely fail are those in speech and those the rules
        // shared with `accept` refuse (verb group, frame, negated or bare
        // plural noun). Output-identical; on bench-small 1,016 of 6,600
        // sentences are read on instead of all (events instructions 139M
        // → 96M with the previous two steps).
        let window = |s: usize| Words {
            words: &words,
            a: doc.sentences[s].tokens.start,
            b: doc.sentences[s].tokens.end,
        };
        // The token readings of the sentence being read, one buffer for all
        // (a document-long one cost 3,000 page faults on bench-small).
        let mut info: Vec<Info> = Vec::new();
        let mut buffers = ClauseBuffers::default();
        // Only a word with a noun entry or a verb reading (`reading`) can
        // have a trigger reading, and it depends on the token and its
        // neighbours alone: only those tokens are read here, not their
        // sentences (events instructions on bench-small 70.3M → 68.4M).
        let mut next_reading = 0;
        let may_trigger: Vec<bool> = (0..doc.sentences.len())
            .map(|s| {
                let range = doc.sentences[s].tokens.clone();
                let w = window(s);
                // The sentence's tokens with a reading, from the list, not by
                // a look at each of its tokens; sentences come in order, so
                // the search goes on from the last one's.
                if next_reading > 0 && with_reading[next_reading - 1] >= range.start {
                    next_reading = with_reading.partition_point(|&i| i < range.start);
                }
                while next_reading < with_reading.len() && with_reading[next_reading] < range.start
                {
                    next_reading += 1;
                }
                let first = next_reading;
                let readings = with_reading[first..]
                    .iter()
                    .copied()
                    .take_while(|&i| i < range.end);
                // A trigger in speech, or one its verb group refuses, or a
                // bare plural noun, a noun after a frame or a negated noun
                // (unless a failed prevention), is never an event.
                readings.into_iter().any(|i| {
                    let mut inf = Info {
                        mention: top.at(i),
                        ..Info::default()
                    };
                    self.read_token(doc, &w, &lex, &top, i, &mut inf);
                    inf.trigger.is_some_and(|(entry, form, _)| {
                        let noun = form.is_none();
                        // `info.get(i + 1 - a).mention` of the sentence.
                        let mention_after = if i + 1 < w.b { top.at(i + 1) } else { None };
                        !speech[i]
                            && !ruled_out_by_verb_group(doc, mention_after, &w, w.a, i, form)
                            && !bare_plural(&w, w.a, i, form)
                            && (!noun
                                || !self.framed_noun(&w, i, &self.entries[entry as usize])
                                    && (!negated_noun(&w, i)
                                        || self.failed_prevention(&lex, &w, i, None)))
                    })
                })
            })
            .collect();
        let names_actor = |s: usize| {
            doc.sentences[s].tokens.clone().any(|i| {
                top.at(i).is_some_and(|m| {
                    matches!(
                        doc.mentions[m].mention_type(),
                        MentionType::Person | MentionType::Group
                    )
                })
            })
        };
        let needed = |s: usize| {
            may_trigger[s]
                || ((s + 1..=s + CARRY_SENTENCES)
                    .take_while(|&later| later < doc.sentences.len())
                    .any(|later| may_trigger[later] && first_carried(later) <= s)
                    && names_actor(s))
        };
        for s in 0..doc.sentences.len() {
            let range = doc.sentences[s].tokens.clone();
            if range.is_empty() {
                continue;
            }
            let oldest = doc.sentences[first_carried(s)].tokens.start;
            carry.retain(|c| c.0 >= oldest);
            if needed(s) {
                let w = window(s);
                info.clear();
                info.resize(range.len(), Info::default());
                self.read_tokens(doc, &w, &lex, &top, &mut info);
                self.sentence(
                    doc,
                    &w,
                    &lex,
                    &speech,
                    &mut info,
                    &mut carry,
                    &mut events,
                    &mut buffers,
                );
            }
            // Only recent subjects are ever carried: keep the list short.
            if carry.len() > 64 {
                carry.drain(..carry.len() - 64);
            }
        }
        doc.events = events;
    }
}

/// How many sentences back a dropped subject may be carried from, within
/// the paragraph: from sentence `s - 3` to `s` when reading sentence `s`.
const CARRY_SENTENCES: usize = 3;

/// For each token, whether it is inside a dialogue turn: from a dash that
/// opens a paragraph (`—¿Vienes?`) to the next dash (`—dijo`), and so on
/// alternately to the paragraph's end. Characters' speech is not narration.
fn dialogue_turns(
    doc: &Document,
    words: &[&str],
    lex: &Lexed,
    questions: &[(usize, usize)],
) -> Vec<bool> {
    let mut out = vec![false; words.len()];
    // The three dashes are the three-byte `E2 80 93`, `E2 80 94`, `E2 80
    // 95`: tested on the bytes of the borrowed folded words instead of by
    // string compares through each token's `CompactString` (with the walk
    // in `top_mentions`, events on bench-small 86.4M → 82.9M instructions).
    let dash = |k: usize| matches!(words[k].as_bytes(), [0xE2, 0x80, 0x93..=0x95]);
    // Questions and exclamations (`¿Has leído la batalla de Pavía?`,
    // `¡Una batalla!`) do not narrate.
    // The marks are found by their word-list bits, read with each token's
    // lexicon entry, not by comparing every word.
    debug_assert!(words.iter().zip(&lex.tokens).all(|(w, t)| {
        (t.bits & OPENING_MARK != 0) == matches!(*w, "¿" | "¡")
            && (t.bits & CLOSING_MARK != 0) == matches!(*w, "?" | "!")
    }));
    // `questions` holds them, found while the tokens were looked up.
    for &(o, k) in questions {
        out[o..=k].fill(true);
    }
    for p in &doc.paragraphs {
        let (Some(first), Some(last)) = (
            doc.sentences.get(p.sentences.start).map(|s| s.tokens.start),
            p.sentences
                .end
                .checked_sub(1)
                .and_then(|s| doc.sentences.get(s))
                .map(|s| s.tokens.end),
        ) else {
            continue;
        };
        if first >= last || first >= words.len() || !dash(first) {
            continue;
        }
        let mut inside = false;
        for k in first..last.min(words.len()) {
            if dash(k) {
                inside = !inside;
            }
            out[k] |= inside;
        }
    }
    out
}

/// For each token, the index of the outermost mention that covers it, in
/// four bytes (`NO_MENTION` for none): an `Option<usize>` took sixteen, a
/// 2.9 MB array to fill per 100,000-token document.
struct TopMentions(Vec<u32>);

const NO_MENTION: u32 = u32::MAX;

impl TopMentions {
    /// The outermost mention covering token `i`.
    #[inline(always)]
    fn at(&self, i: usize) -> Option<usize> {
        match self.0[i] {
            NO_MENTION => None,
            m => Some(m as usize),
        }
    }
}

/// For each token, the outermost mention that covers it.
fn top_mentions(doc: &Document) -> TopMentions {
    // Mention indices fit in the four bytes (a document has far fewer).
    debug_assert!(doc.mentions.len() < NO_MENTION as usize);
    let mut out = vec![NO_MENTION; doc.tokens.len()];
    // Mentions are sorted by (start, end) and never overlap except by
    // nesting, so a mention is nested when an earlier one reaches its end,
    // or a later one with the same start is longer. Linear, not quadratic.
    let ms = &doc.mentions;
    let mut max_end_before = 0usize;
    // `doc.token_at_or_after(m.span.start)`, walked forward from the last
    // mention's instead of a binary search per mention (mentions come by
    // start; a binary search again if one did not).
    let (mut first_token, mut last_start) = (0usize, 0usize);
    for (i, m) in ms.iter().enumerate() {
        if m.span.start < last_start {
            first_token = doc.token_at_or_after(m.span.start);
        } else {
            while first_token < doc.tokens.len() && doc.tokens[first_token].span.end <= m.span.start
            {
                first_token += 1;
            }
        }
        last_start = m.span.start;
        let before = i > 0 && max_end_before >= m.span.end;
        let same_start_longer = ms[i + 1..]
            .iter()
            .take_while(|o| o.span.start == m.span.start)
            .any(|o| o.span.end > m.span.end);
        max_end_before = max_end_before.max(m.span.end);
        if before || same_start_longer {
            continue;
        }
        let mut t = first_token;
        while t < doc.tokens.len() && doc.tokens[t].span.start < m.span.end {
            out[t] = i as u32;
            t += 1;
        }
    }
    TopMentions(out)
}

impl Events {
    /// The readings of the tokens of one sentence (`info`, indexed from its
    /// first token): mention, finite verb, gerund and trigger reading. They
    /// depend on the token and its neighbours only, so `run` reads the
    /// trigger readings first and reads on only the sentences they can make
    /// events in.
    fn read_tokens(
        &self,
        doc: &Document,
        w: &Words,
        lex: &Lexed,
        top: &TopMentions,
        info: &mut [Info],
    ) {
        for i in w.a..w.b {
            let inf = &mut info[i - w.a];
            inf.mention = top.at(i);
            self.read_token(doc, w, lex, top, i, inf);
        }
    }

    /// The readings of token `i` of the sentence `w` (finite verb, gerund,
    /// trigger reading) into `inf`, whose `mention` is set (to `top.at(i)`).
    /// Only a token with a `reading` can get a trigger reading; the others
    /// get their finite and gerund readings only.
    #[inline(always)]
    fn read_token(
        &self,
        doc: &Document,
        w: &Words,
        lex: &Lexed,
        top: &TopMentions,
        i: usize,
        inf: &mut Info,
    ) {
        let toks = &doc.tokens;
        let a = w.a;
        // Cue-verb readings of every token, looked up once per document.
        let cue_readings = |k: usize| -> &[Analysis] { lex.cues(k) };
        let class = lex[i].bits;
        let prev_class = if i > a { lex[i - 1].bits } else { 0 };
        let t = &toks[i];
        if t.kind != TokenKind::Word || t.case == Case::Upper {
            return;
        }
        let lower = t.case == Case::Lower
            || i == a
            || matches!(w.at(i.wrapping_sub(1)), "." | "—" | "-" | "«" | "\"");
        if !lower || inf.mention.is_some() {
            return;
        }
        // An ASCII word lowercases as it folds: its folded form is its
        // lowercase, with no scan of the surface.
        let surface = doc.slice(t.span);
        let surface = if surface.is_ascii() {
            Cow::Borrowed(t.folded.as_str())
        } else {
            lowercase(surface)
        };
        let surface: &str = &surface;
        // A homograph has no verb reading (no lookup when it has none).
        let mut analyses: Cow<'_, [Analysis]> =
            if lex.verbs(i).is_empty() || self.homographs.contains(surface) {
                Cow::Borrowed(&[])
            } else {
                Cow::Borrowed(lex.verbs(i))
            };
        // A regular preterite in -é/-ó/-í/-ió carries its accent: an
        // unaccented `llegue`, `marcho` is the subjunctive or present.
        let accented = surface.ends_with(['á', 'é', 'í', 'ó', 'ú']);
        if !accented
            && surface.ends_with(['a', 'e', 'i', 'o'])
            && analyses
                .iter()
                .any(|x| x.form != Form::Finite(Tense::Preterite))
        {
            analyses
                .to_mut()
                .retain(|x| x.form != Form::Finite(Tense::Preterite));
        }
        if accented {
            // `huyó`, `retiró`: the preterite, not the present `huyo`.
            analyses
                .to_mut()
                .sort_by_key(|x| x.form != Form::Finite(Tense::Preterite));
        }
        let cue_analyses = cue_readings(i);
        inf.finite = analyses
            .iter()
            .chain(cue_analyses.iter())
            .any(|x| x.form.is_finite())
            || looks_finite(&t.folded, surface, class, prev_class);
        inf.gerund = t.folded.len() >= 5
            && (t.folded.ends_with("ando")
                || t.folded.ends_with("iendo")
                || t.folded.ends_with("yendo"))
            && !NON_GERUNDS.contains(&t.folded.as_str())
            || analyses.iter().any(|x| x.form == Form::Gerund);
        let noun = lex[i].word.noun.as_ref();
        // With no noun entry and no verb reading there is no trigger
        // reading: the context tests below are skipped (they only choose
        // between the two).
        if class & (PREPOSITION | DETERMINER) != 0 || noun.is_none() && analyses.is_empty() {
            return;
        }
        let prev = w.at(i.wrapping_sub(1));
        // A noun reading wins after a determiner or a preposition, and
        // over a verb reading that is only a present or subjunctive
        // (`la derrota`, `una sensible derrota`), unless a clitic or
        // `no` shows the verb (`se marcha`).
        let only_present = analyses.iter().all(|x| {
            matches!(
                x.form,
                Form::Finite(Tense::Present | Tense::SubjPresent | Tense::SubjImperfect)
            )
        });
        let after_actor = i > a
            && top.at(i - 1).is_some_and(|m| {
                matches!(
                    doc.mentions[m].mention_type(),
                    MentionType::Person | MentionType::Group
                )
            });
        let verb_context = prev_class & CLITIC != 0 || prev == "no" || after_actor;
        // `Retirada de Hidalgo.`, `- Marcha de Belgrano`: a heading or
        // summary item opens with the noun, not an absolute participle.
        let heading_noun = (i == a || matches!(prev, "-" | "—"))
            && matches!(w.at(i + 1), "de" | "del")
            && analyses.iter().all(|x| x.form == Form::Participle);
        let noun_context = prev_class & (DETERMINER | PREPOSITION) != 0
            || heading_noun
            || analyses.is_empty()
            || only_present && !verb_context;
        // After `me`, `te`, `se`, `nos`, `le(s)` a word is a verb
        // (`me encuentro acorchado`), never an event noun.
        let after_clitic = matches!(prev, "me" | "te" | "se" | "nos" | "le" | "les" | "os");
        if let (Some(&e), true, false) = (noun, noun_context, after_clitic) {
            inf.trigger = Some((e, None, false));
            inf.finite = false;
            inf.gerund = false;
        } else if let Some(x) = analyses
            .iter()
            .find(|x| !x.form.is_irrealis())
            .or(analyses.first())
        {
            let e = self.verb_entry[x.lemma as usize];
            inf.trigger = Some((e, Some(x.form), x.enclitic));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn sentence(
        &self,
        doc: &Document,
        w: &Words,
        lex: &Lexed,
        speech: &[bool],
        info: &mut [Info],
        carry: &mut Vec<(usize, Vec<usize>)>,
        events: &mut Vec<Event>,
        buffers: &mut ClauseBuffers,
    ) {
        let toks = &doc.tokens;
        let (a, b) = (w.a, w.b);
        // Cue-verb readings of every token, looked up once per document.
        let cue_readings = |k: usize| -> &[Analysis] { lex.cues(k) };
        let ClauseBuffers {
            main_start,
            sub_start,
            clause_of,
            main_of,
            clause_bounds,
        } = buffers;
        // Clause splits. `main[i]`: a new main clause starts at token i
        // (ends the scope of cues); `clause[i]`: the clause id of token i.
        main_start.clear();
        main_start.resize(b - a, false);
        sub_start.clear();
        sub_start.resize(b - a, false);
        main_start[0] = true;
        let is_sep = |i: usize| i < b && lex[i].bits & SEPARATOR != 0;
        // Whether a verb lies between the last main-clause start and `i`:
        // kept along the loop instead of scanned back from every separator.
        let mut verb_since_main = false;
        for i in a..b {
            let f = w.at(i);
            if main_start[i - a] {
                verb_since_main = false;
            }
            let has_verb = verb_since_main;
            verb_since_main |=
                info[i - a].finite || info[i - a].gerund || info[i - a].trigger.is_some();
            if lex[i].bits & CLAUSE_PUNCT != 0 && i + 1 < b {
                main_start[i + 1 - a] = true;
                continue;
            }
            if is_sep(i) && i + 1 < b {
                // The segment up to the next separator: a finite verb in it
                // starts a new clause; a gerund right after a comma does
                // too, but only for arguments.
                let mut j = i + 1;
                // `, al tiempo que el general retrocedió`, `, al paso que
                // él se trasladaba`: a clause of its own, not a relative.
                for link in TEMPORAL_LINKS {
                    if link.iter().enumerate().all(|(k, x)| w.at(i + 1 + k) == *x) {
                        j = i + 1 + link.len();
                        break;
                    }
                }
                let mut finite = false;
                while j < b && !is_sep(j) && !matches!(w.at(j), ";" | ":" | "." | "que") {
                    if info[j - a].finite && !is_irrealis_token(lex.verbs(j), w.at(j)) {
                        finite = true;
                        break;
                    }
                    j += 1;
                }
                // A comma after a fronted phrase with no verb (`El 19 de
                // noviembre, los realistas llegaron`) does not split.
                if finite && (has_verb || f != ",") {
                    main_start[i + 1 - a] = true;
                } else if f == "," && info[i + 1 - a].gerund {
                    sub_start[i + 1 - a] = true;
                }
            }
            // Relative clauses: `que` after a noun or a number and unit,
            // `con los que`, `los cuales`.
            // After a comma only when a name precedes it (`hasta Potosí,
            // que ocupó en junio`); otherwise `, que` may be causal.
            let after_name = i >= a + 2 && w.at(i - 1) == "," && info[i - 2 - a].mention.is_some();
            if f == "que"
                && i > a
                && (after_name
                    || !matches!(
                        w.at(i - 1),
                        "de" | "," | "ya" | "asi" | "mas" | "menos" | "lo"
                    ))
            {
                let start = if matches!(w.at(i - 1), "los" | "las" | "el" | "la")
                    && i >= a + 2
                    && PREPOSITIONS_SET.contains(w.at(i - 2))
                {
                    i - 2
                } else if matches!(w.at(i - 1), "los" | "las" | "el" | "la") {
                    i - 1
                } else {
                    i
                };
                sub_start[start - a] = true;
            }
        }
        clause_of.clear();
        clause_of.resize(b - a, 0);
        main_of.clear();
        main_of.resize(b - a, 0);
        let (mut c, mut m) = (0, 0);
        for i in 0..b - a {
            if i > 0 && (main_start[i] || sub_start[i]) {
                c += 1;
            }
            if i > 0 && main_start[i] {
                m += 1;
            }
            clause_of[i] = c;
            main_of[i] = m;
        }
        // Clause ids grow along the sentence: first and last token of each.
        clause_bounds.clear();
        for (k, &ci) in clause_of.iter().enumerate() {
            if ci == clause_bounds.len() {
                clause_bounds.push((a + k, a + k + 1));
            } else if let Some(last) = clause_bounds.get_mut(ci) {
                last.1 = a + k + 1;
            }
        }
        let main_start: &[bool] = main_start;
        let (clause_of, main_of): (&[usize], &[usize]) = (clause_of, main_of);
        let clause_bounds: &[(usize, usize)] = clause_bounds;
        let clause_range =
            |ci: usize| -> (usize, usize) { clause_bounds.get(ci).copied().unwrap_or((a, a)) };
        // Main clauses whose verb is conditional, future or subjunctive:
        // only noun triggers ask, so each main clause is read when first
        // asked about, not every token of every sentence (that took 15% of
        // `sentence`; with the cue-scope skip below, events on bench-small
        // 67.8M → 62.1M instructions).
        let mut irrealis_main: Vec<Option<bool>> = vec![None; main_of.last().map_or(0, |m| m + 1)];
        let mut is_irrealis_main = |m: usize| -> bool {
            *irrealis_main[m].get_or_insert_with(|| {
                (a..b)
                    .filter(|&k| main_of[k - a] == m)
                    .any(|k| irrealis_surface(doc.slice(toks[k].span), &toks[k].folded))
            })
        };
        let relative_clause = |ci: usize| -> bool {
            let (s, _) = clause_range(ci);
            (s..(s + 3).min(b)).any(|k| w.at(k) == "que" || w.at(k) == "cuales")
        };
        // Cue scopes, from the tokens that may open one (`cue`: a cue-verb
        // reading or a word cue); the others add none.
        for i in a..b {
            if !lex[i].cue {
                continue;
            }
            let mut cues: Vec<(&Cue, usize)> = Vec::new();
            for x in cue_readings(i) {
                // `mandado por X` is "commanded by", not an order.
                if x.form == Form::Participle && w.at(i + 1) == "por" {
                    continue;
                }
                if let Some(cue) = &self.verb_cue[x.lemma as usize] {
                    cues.push((cue, i + 1));
                }
            }
            let word_cues = &lex[i].word.word_cues;
            for cue in word_cues.iter().map(|&k| &self.word_cues[k as usize]) {
                // `si` (if) is a cue, the accented `sí` (`dijo para sí`) is not.
                let accented_si =
                    cue.words[0] == "si" && doc.slice(toks[i].span).to_lowercase() == "sí";
                // `para sí`, `para él`: a beneficiary, not a purpose.
                let beneficiary = cue.words.len() == 1
                    && cue.words[0] == "para"
                    && i + 1 < b
                    && matches!(
                        doc.slice(toks[i + 1].span).to_lowercase().as_str(),
                        "sí" | "mí"
                            | "ti"
                            | "él"
                            | "ella"
                            | "ellos"
                            | "ellas"
                            | "nosotros"
                            | "usted"
                            | "ustedes"
                    );
                // `marchó para Toluca`, `salió para la plaza de X`: a
                // heading, not a purpose.
                let heading = cue.words.len() == 1
                    && cue.words[0] == "para"
                    && (i + 1..(i + 4).min(b))
                        .take_while(|&k| k == i + 1 || DETERMINERS_SET.contains(w.at(k - 1)))
                        .any(|k| {
                            info[k - a].mention.is_some_and(|m| {
                                doc.mentions[m].mention_type() == MentionType::Place
                            })
                        });
                if cue.kind == CueKind::Word
                    && !accented_si
                    && !beneficiary
                    && !heading
                    && (0..cue.words.len()).all(|k| w.at(i + k) == cue.words[k])
                {
                    cues.push((cue, i + cue.words.len()));
                }
            }
            for (cue, from) in cues {
                if cue.kind == CueKind::Prevent && (i.saturating_sub(3)..i).any(|k| w.at(k) == "no")
                {
                    continue;
                }
                let mut k = from;
                while k < b {
                    if main_start[k - a] && !matches!(w.at(k - 1), ":") {
                        break;
                    }
                    if cue.scope == Scope::Phrase && w.at(k) == "," {
                        break;
                    }
                    info[k - a].negated = true;
                    k += 1;
                }
            }
        }
        // Subject candidates for the carried-over agent: PERSON/GROUP
        // mentions not after a preposition, outside cue scopes and
        // relative clauses, with the mentions coordinated with them.
        let mut i = a;
        while i < b {
            if let Some(mi) = info[i - a].mention {
                let t = doc.mentions[mi].mention_type();
                let end = last_token_of(info, a, b, i);
                if matches!(t, MentionType::Person | MentionType::Group)
                    && !info[i - a].negated
                    && !speech[i]
                    && !relative_clause(clause_of[i - a])
                    && !after_preposition(w, a, i)
                {
                    let set = coordinated(doc, info, w, a, b, i);
                    let last = set.1;
                    carry.push((i, set.0));
                    i = last.max(end) + 1;
                    continue;
                }
                i = end + 1;
                continue;
            }
            i += 1;
        }
        carry.sort_by_key(|c| c.0);
        // Accept triggers.
        let mut found: Vec<Found> = Vec::new();
        for i in a..b {
            let Some((entry, form, enclitic)) = info[i - a].trigger else {
                continue;
            };
            let entry = &self.entries[entry as usize];
            if info[i - a].negated || speech[i] {
                continue;
            }
            if !self.accept(doc, info, w, a, b, i, entry, form, enclitic, &main_of) {
                continue;
            }
            if form.is_some() && self.figurative(info, w, a, b, i, entry) {
                continue;
            }
            // An event noun inside a prepositional phrase (`el campo de
            // batalla`, `la vergüenza de la derrota`, `sacrificados en la
            // lucha`) is a back-reference or a generic use unless the text
            // gives it details; a participle after it narrates it (`el
            // resultado de la acción entablada`). A present tense is a
            // generic statement or speech unless it has details.
            let mut k = i;
            while k > a
                && (DETERMINERS_SET.contains(w.at(k - 1)) && !matches!(w.at(k - 1), "del" | "al")
                    || QUANTIFIERS_SET.contains(w.at(k - 1))
                    || toks[k - 1].case == Case::Lower
                        && w.at(k - 1).ends_with(['a', 'o', 'e', 's'])
                        && !PREPOSITIONS_SET.contains(w.at(k - 1))
                        && info[k - 1 - a].trigger.is_none()
                        && !info[k - 1 - a].finite
                        && k + 2 > i)
            {
                k -= 1;
            }
            let in_phrase = form.is_none() && k > a && PREPOSITIONS_SET.contains(w.at(k - 1));
            // Only a noun is narrated by a participle (`salió disparado`
            // is a manner, not details).
            // `no logró evitar … la fuga`: a failed prevention tells that
            // the happening took place.
            let failed_prevention = self.failed_prevention(lex, w, i, Some(&main_of));
            let narrated = form.is_none() && narrating_participle(w.at(i + 1));
            let present = form == Some(Form::Finite(Tense::Present));
            // `La lucha fue muy reñida`, `la batalla estaba empeñada`: a
            // copula describing the event narrates it.
            let described = form.is_none()
                && matches!(
                    w.at(i + 1),
                    "fue" | "fueron" | "estaba" | "estaban" | "estuvo" | "duro" | "duraron"
                );
            let narrated = narrated
                || described
                || failed_prevention
                || form.is_none()
                    && i >= a + 2
                    && narrating_participle(w.at(i - 2))
                    && DETERMINERS_SET.contains(w.at(i - 1));
            // A bare plural noun is generic (`ganó batallas campales`).
            let bare_plural = bare_plural(w, a, i, form);
            // A noun in a clause whose verb is conditional, future or
            // subjunctive (`Prim perdería la batalla`, `el choque hubiera
            // sido terrible`) is not narrated.
            if form.is_none() && is_irrealis_main(main_of[i - a]) {
                continue;
            }
            // `no aceptaba la batalla`, `ni admitían combate`: a negated
            // verb's object did not happen.
            if form.is_none() && !failed_prevention && negated_noun(w, i) {
                continue;
            }
            if bare_plural {
                continue;
            }
            let needs_argument = (entry.needs_argument || in_phrase || present) && !narrated;
            let force_subject = form.is_some() && self.force_subject(info, w, a, b, i);
            found.push(Found {
                token: i,
                entry,
                form,
                clause: clause_of[i - a],
                needs_argument,
                force_subject,
            });
        }
        // Arguments.
        let first_event = events.len();
        for f in &found {
            let mut args: Vec<Argument> = Vec::new();
            let agents = self.agents(doc, info, w, a, b, f, &found, &clause_of, &main_of, carry);
            for m in &agents {
                args.push(Argument {
                    role: Role::Agent,
                    mention: *m,
                });
            }
            if !agents.is_empty() {
                carry.push((f.token, agents.clone()));
                carry.sort_by_key(|c| c.0);
            }
            events.push(Event {
                kind: f.entry.kind,
                trigger: toks[f.token].span,
                args,
            });
        }
        // Place, date and quantity: each mention of a clause goes to the
        // nearest trigger of that clause.
        let mut best: HashMap<(usize, Role), (usize, usize)> = HashMap::new(); // (event, role) → (distance, mention)
        let mut extra: Vec<(usize, Role, usize)> = Vec::new();
        let mut i = a;
        while i < b {
            let Some(mi) = info[i - a].mention else {
                i += 1;
                continue;
            };
            let end = last_token_of(info, a, b, i);
            let ci = clause_of[i - a];
            let mtype = doc.mentions[mi].mention_type();
            let candidates: Vec<(usize, &Found)> = found
                .iter()
                .enumerate()
                .filter(|(_, f)| f.clause == ci && (!info[i - a].negated))
                .collect();
            for (k, f) in &candidates {
                let dist = if f.token < i {
                    i - f.token
                } else {
                    f.token - end
                };
                let role = match mtype {
                    // `un patriota madrileño del 22 de Junio`, `los sucesos
                    // del Dos de Mayo`: a date that names or qualifies a
                    // noun is not the event's time (`la batalla del 22`,
                    // `la noche del 17` are).
                    MentionType::Date
                        if {
                            // The noun before `de`, inside the mention or not.
                            let n = if matches!(w.at(i), "de" | "del") {
                                Some(i)
                            } else {
                                i.checked_sub(1)
                            };
                            n.is_some_and(|n| {
                                n > a
                                    && matches!(w.at(n), "de" | "del")
                                    && info[n - 1 - a].trigger.is_none()
                                    && info[n - 1 - a].mention.is_none()
                                    && !self.times.contains(w.at(n - 1))
                                    && w.at(n - 1).chars().all(char::is_alphabetic)
                            })
                        } =>
                    {
                        None
                    }
                    MentionType::Date => Some(Role::Date),
                    // A movement counts soldiers or units (`llegaron 100
                    // hombres`, `cinco de los suyos`), not `dos amigos` or
                    // `mil objetos`.
                    MentionType::Number => number_role(doc, mi, w, end).filter(|_| {
                        f.entry.kind == EventType::Loss
                            || counts_troops(doc, mi, w, end)
                            || info
                                .get(end + 1 - a)
                                .and_then(|x| x.mention)
                                .is_some_and(|m| {
                                    doc.mentions[m].mention_type() == MentionType::Group
                                })
                    }),
                    MentionType::Place => self.place_role(w, a, i, f),
                    _ => None,
                };
                let Some(role) = role else { continue };
                // Only the nearest trigger of the clause takes it.
                let nearest = candidates.iter().all(|(_, g)| {
                    let d = if g.token < i {
                        i - g.token
                    } else {
                        g.token - end
                    };
                    d >= dist
                        || (mtype == MentionType::Place && self.place_role(w, a, i, g).is_none())
                });
                if !nearest {
                    continue;
                }
                let ev = first_event + k;
                if role == Role::Quantity && f.entry.kind == EventType::Loss {
                    extra.push((ev, role, mi));
                    continue;
                }
                let e = best.entry((ev, role)).or_insert((dist, mi));
                if dist < e.0 {
                    *e = (dist, mi);
                }
            }
            i = end + 1;
        }
        // Relative clause after `N unit`: the number is the quantity too
        // (`300 hombres que había reunido`, `1.300 hombres con los que
        // emprendió la marcha`).
        for (k, f) in found.iter().enumerate() {
            let ev = first_event + k;
            if best.contains_key(&(ev, Role::Quantity)) || !relative_clause(f.clause) {
                continue;
            }
            let (s, _) = clause_range(f.clause);
            for back in 1..=2 {
                if s < a + back {
                    break;
                }
                if let Some(mi) = info[s - back - a].mention {
                    if doc.mentions[mi].mention_type() == MentionType::Number
                        && number_role(doc, mi, w, s - back) == Some(Role::Quantity)
                    {
                        best.insert((ev, Role::Quantity), (0, mi));
                    }
                    break;
                }
            }
        }
        // `hasta Potosí, que ocupó en junio`: a relative clause's antecedent
        // place is the object of an OCCUPY verb in it.
        for (k, f) in found.iter().enumerate() {
            let ev = first_event + k;
            if f.entry.kind != EventType::Occupy
                || best.contains_key(&(ev, Role::Place))
                || !relative_clause(f.clause)
            {
                continue;
            }
            let (s, _) = clause_range(f.clause);
            let mut p = s;
            while p > a && w.at(p - 1) == "," {
                p -= 1;
            }
            if let Some(mi) = (p > a).then(|| info[p - 1 - a].mention).flatten()
                && doc.mentions[mi].mention_type() == MentionType::Place
            {
                best.insert((ev, Role::Place), (0, mi));
            }
        }
        // `en esa dirección`: the last PLACE named before it.
        for (k, f) in found.iter().enumerate() {
            if f.entry.kind != EventType::Move {
                continue;
            }
            let ev = first_event + k;
            let (s, e) = clause_range(f.clause);
            for j in s..e {
                if matches!(w.at(j), "esa" | "aquella" | "la")
                    && w.at(j + 1) == "direccion"
                    && j > a
                    && w.at(j - 1) == "en"
                {
                    let place = (a..j).rev().find_map(|x| {
                        info[x - a]
                            .mention
                            .filter(|&m| doc.mentions[m].mention_type() == MentionType::Place)
                    });
                    if let Some(p) = place {
                        best.entry((ev, Role::Destination)).or_insert((0, p));
                    }
                }
            }
        }
        // Places coordinated with a chosen one take the same role (`hacia
        // Jujuy y luego hacia Potosí`, `llegaron a Salta y Jujuy`).
        for (&(ev, role), &(_, mi)) in &best {
            if !matches!(role, Role::Place | Role::Origin | Role::Destination) {
                continue;
            }
            let Some(first) = (a..b).find(|&k| info[k - a].mention == Some(mi)) else {
                continue;
            };
            let mut k = last_token_of(info, a, b, first) + 1;
            loop {
                if !matches!(w.at(k), "y" | "e" | ",") {
                    break;
                }
                k += 1;
                while k < b
                    && matches!(
                        w.at(k),
                        "luego"
                            | "despues"
                            | "finalmente"
                            | "tambien"
                            | "hacia"
                            | "hasta"
                            | "a"
                            | "desde"
                            | "en"
                            | "sobre"
                    )
                {
                    k += 1;
                }
                match (k < b).then(|| info[k - a].mention).flatten() {
                    Some(m)
                        if doc.mentions[m].mention_type() == MentionType::Place
                            && !info[k - a].negated =>
                    {
                        extra.push((ev, role, m));
                        k = last_token_of(info, a, b, k) + 1;
                    }
                    _ => break,
                }
            }
        }
        let mut keyed: Vec<_> = best
            .into_iter()
            .map(|((ev, role), (_, mi))| (ev, role, mi))
            .collect();
        keyed.extend(extra);
        keyed.sort_by_key(|&(ev, role, mi)| (ev, role, mi));
        for (ev, role, mi) in keyed {
            let args = &mut events[ev].args;
            if !args.iter().any(|x| x.role == role && x.mention == mi) {
                args.push(Argument { role, mention: mi });
            }
        }
        // Words with everyday senses count only with an argument of their
        // own sentence (`entró en la habitación` is not a campaign event).
        // An agent carried within the paragraph counts too (`tomó una
        // segunda opción, y avanzó por las montañas`).
        let sentence_span = Span::new(toks[a].span.start, toks[b - 1].span.end);
        let paragraph_span = doc
            .sentence_at(toks[a].span.start)
            .and_then(|s| doc.paragraphs.get(doc.sentences[s].paragraph))
            .map(|p| p.span)
            .unwrap_or(sentence_span);
        let tail = events.split_off(first_event);
        for (e, f) in tail.into_iter().zip(&found) {
            let own = e.args.iter().any(|x| {
                let span = doc.mentions[x.mention].span;
                sentence_span.contains(span)
                    || x.role == Role::Agent
                        && !f.entry.needs_own_sentence
                        && paragraph_span.contains(span)
            });
            if !f.needs_argument || own || f.force_subject {
                events.push(e);
            }
        }
    }

    /// Whether a frame (`después de la`, `en esa`) comes right before the
    /// event noun at `i`, or one word before it.
    fn framed_noun(&self, w: &Words, i: usize, entry: &Entry) -> bool {
        let a = w.a;
        for cue in self.word_cues.iter().filter(|c| c.kind == CueKind::Frame) {
            if !cue.applies.is_empty() && !cue.applies.contains(&entry.lemma) {
                continue;
            }
            for skip in 0..=1usize {
                let n = cue.words.len();
                if i < a + n + skip {
                    continue;
                }
                let start = i - n - skip;
                if (0..n).all(|k| w.at(start + k) == cue.words[k]) {
                    return true;
                }
            }
        }
        false
    }

    /// `no logró evitar … la fuga`: a negated verb of prevention (a
    /// `prevent` cue after `no`) up to eight words before `i`, in its main
    /// clause (`main_of`; with none, in any clause).
    fn failed_prevention(
        &self,
        lex: &Lexed,
        w: &Words,
        i: usize,
        main_of: Option<&[usize]>,
    ) -> bool {
        let a = w.a;
        (i.saturating_sub(8).max(a)..i).any(|k| {
            main_of.is_none_or(|main_of| main_of[k - a] == main_of[i - a])
                && lex.cues(k).iter().any(|x| {
                    self.verb_cue[x.lemma as usize]
                        .as_ref()
                        .is_some_and(|c| c.kind == CueKind::Prevent)
                })
                && (k.saturating_sub(3).max(a)..k).any(|n| w.at(n) == "no")
        })
    }

    /// Whether a trigger reading is an event here: conditions, frames,
    /// negation, irrealis forms, participles in verbal use.
    #[allow(clippy::too_many_arguments)]
    fn accept(
        &self,
        doc: &Document,
        info: &[Info],
        w: &Words,
        a: usize,
        b: usize,
        i: usize,
        entry: &Entry,
        form: Option<Form>,
        enclitic: bool,
        main_of: &[usize],
    ) -> bool {
        let mention_after = info.get(i + 1 - a).and_then(|x| x.mention);
        if ruled_out_by_verb_group(doc, mention_after, w, a, i, form) {
            return false;
        }
        let prev = |k: usize| if k > a { w.at(k - 1) } else { "" };
        // The verb group: clitics and auxiliaries before the verb.
        let mut g = i;
        while g > a && (CLITICS.contains(&prev(g)) || HABER.contains(&prev(g))) {
            g -= 1;
        }
        let group: Vec<&str> = (g..i).map(|k| w.at(k)).collect();
        if form == Some(Form::Participle) {
            let aux = group.iter().any(|x| HABER.contains(x)) || SER.contains(&prev(g));
            let clause_initial = g == a
                || matches!(
                    prev(g),
                    "," | ";" | "y" | "pero" | "e" | "luego" | "una" | "ya"
                )
                || main_of[i - a] != main_of[i - 1 - a];
            // `reunidos Olañeta y Castro`; not `Entrado junio` (a date).
            let absolute = info
                .get(i + 1 - a)
                .and_then(|x| x.mention)
                .is_some_and(|m| {
                    matches!(
                        doc.mentions[m].mention_type(),
                        MentionType::Person | MentionType::Group | MentionType::Place
                    )
                });
            if !(aux || clause_initial && absolute) {
                return false;
            }
        }
        // A support verb whose object is an event noun (`reunió un consejo
        // de guerra`): the noun is the event.
        if form.is_some() {
            let mut k = i + 1;
            while k < b && DETERMINERS_SET.contains(w.at(k)) && !matches!(w.at(k), "al" | "del") {
                k += 1;
            }
            if k > i + 1
                && info
                    .get(k - a)
                    .is_some_and(|x| x.trigger.as_ref().is_some_and(|t| t.1.is_none()))
            {
                return false;
            }
        }
        // Frames right before an event noun.
        if form.is_none() && self.framed_noun(w, i, entry) {
            return false;
        }
        let clause_end = (i + 1..b)
            .find(|&k| main_of[k - a] != main_of[i - a])
            .unwrap_or(b);
        let after: Vec<usize> = (i + 1..clause_end).collect();
        let has_type = |t: MentionType| {
            after.iter().any(|&k| {
                info[k - a]
                    .mention
                    .is_some_and(|m| doc.mentions[m].mention_type() == t)
            })
        };
        match entry.condition {
            Condition::None => true,
            Condition::Reflexive => {
                enclitic && w.at(i).contains("se") || group.contains(&"se") || prev(g) == "se"
            }
            Condition::PlaceObject => {
                // The PLACE must be the object: within a few words.
                after.iter().take(5).any(|&k| {
                    info[k - a]
                        .mention
                        .is_some_and(|m| doc.mentions[m].mention_type() == MentionType::Place)
                })
            }
            Condition::CampObject => after.iter().any(|&k| CAMP_WORDS.contains(&w.at(k))),
            Condition::ANumber => {
                w.at(i + 1) == "a"
                    && info
                        .get(i + 2 - a)
                        .and_then(|x| x.mention)
                        .is_some_and(|m| doc.mentions[m].mention_type() == MentionType::Number)
            }
            Condition::UnitObject => {
                // The unit is the direct object: `formó una columna`.
                let mut k = i + 1;
                while k < b && DETERMINERS_SET.contains(w.at(k)) && !matches!(w.at(k), "al" | "del")
                {
                    k += 1;
                }
                UNIT_WORDS.contains(&w.at(k))
            }
            Condition::Count => has_type(MentionType::Number),
            Condition::DeGuerra => w.at(i + 1) == "de" && w.at(i + 2) == "guerra",
            // `envió al batallón`, `destacó una división de tropa`,
            // `despachó un tercio`, `envió 200 hombres`; not `destacaba …
            // dos dedos`, `envió una carta`.
            Condition::TroopsObject => {
                has_type(MentionType::Group)
                    || has_type(MentionType::Person)
                    || after.iter().take(8).any(|&k| {
                        let unit = |x: usize| x < b && TROOP_WORDS.contains(&w.at(x));
                        unit(k) && info[k - a].mention.is_none()
                            || info[k - a].mention.is_some_and(|m| {
                                doc.mentions[m].mention_type() == MentionType::Number
                                    && unit(last_token_of(info, a, b, k) + 1)
                            })
                    })
            }
            // `volvió a marchar`, `llegó, en su desparpajo, a remedar`,
            // `llegué a ser`: the first `a` within a few words.
            Condition::NoAInf => {
                !after
                    .iter()
                    .take(6)
                    .find(|&&k| w.at(k) == "a")
                    .is_some_and(|&k| {
                        looks_infinitive(w.at(k + 1))
                            && info.get(k + 1 - a).is_some_and(|x| x.mention.is_none())
                    })
            }
        }
    }

    /// Whether a trigger verb at `i` is used of a thing or a feeling, or
    /// with an abstract complement: an everyday or figurative use, not a
    /// campaign event. Subjects: `llegó la noticia`, `me entraron ganas`,
    /// `salía una débil claridad`, `la sangre que salió`, `un egoísmo …
    /// se apoderó de mí`; complements: `entrar en explicaciones`, `se
    /// apoderó de mí`, `combatiendo contra el filosofismo`.
    fn figurative(
        &self,
        info: &[Info],
        w: &Words,
        a: usize,
        b: usize,
        i: usize,
        entry: &Entry,
    ) -> bool {
        let thing = |k: usize| {
            k >= a
                && k < b
                && info[k - a].mention.is_none()
                && (self.things.contains(w.at(k))
                    || w.at(k).ends_with("ismo")
                    || w.at(k).ends_with("ismos"))
        };
        let plain_word = |k: usize| {
            k >= a
                && k < b
                && info[k - a].mention.is_none()
                && !info[k - a].finite
                && !PREPOSITIONS_SET.contains(w.at(k))
                && w.at(k).chars().all(char::is_alphabetic)
        };
        // The head of the noun phrase opening at `k`: determiners and
        // quantifiers skipped, one adjective allowed before the noun.
        let head = |mut k: usize| {
            while k < b
                && (DETERMINERS_SET.contains(w.at(k)) && !matches!(w.at(k), "al" | "del")
                    || QUANTIFIERS_SET.contains(w.at(k)))
            {
                k += 1;
            }
            if plain_word(k)
                && !thing(k)
                && k + 1 < b
                && (thing(k + 1) || self.times.contains(w.at(k + 1)))
            {
                k + 1
            } else {
                k
            }
        };
        let lemma = entry.lemma.as_str();
        // Inverted subject of an intransitive or reflexive verb.
        let mut k = i + 1;
        while k < b && ADVERBS.contains(&w.at(k)) {
            k += 1;
        }
        let reflexive = w.at(i).ends_with("se") || i > a && w.at(i - 1) == "se";
        if entry.valency == Valency::Intransitive || reflexive {
            let h = head(k);
            if thing(h) || h < b && info[h - a].mention.is_none() && self.times.contains(w.at(h)) {
                return true;
            }
        }
        // Subject before the verb group, or the antecedent of `que`.
        let mut g = w.verb_group_start(a, i);
        if g > a && w.at(g - 1) == "que" {
            g -= 1;
        }
        if g > a && (thing(g - 1) || g > a + 1 && plain_word(g - 1) && thing(g - 2)) {
            return true;
        }
        // `volver los ojos`, `volviendo en derredor los ojos` (turn);
        // `se volvieron locos`, `se había vuelto más pálido` (become).
        if lemma == "volver" {
            let turn = (i + 1..b.min(i + 7))
                .take_while(|&x| w.at(x).chars().all(char::is_alphanumeric))
                .any(|x| TURNED.contains(&w.at(x)));
            let pronominal =
                reflexive || i > a && matches!(w.at(i - 1), "me" | "te" | "nos" | "os" | "se");
            let becoming = pronominal
                && k < b
                && info[k - a].mention.is_none()
                && w.at(k).chars().all(char::is_alphabetic)
                && !PREPOSITIONS_SET.contains(w.at(k))
                && !DETERMINERS_SET.contains(w.at(k))
                && !matches!(
                    w.at(k),
                    "atras" | "adelante" | "grupas" | "pie" | "y" | "e" | "luego"
                )
                && !info[k - a].finite;
            if turn || becoming {
                return true;
            }
        }
        // `me atravesó el corazón`, `ocupaban a todos … los objetos`: a
        // thing as the object of a movement or an occupation.
        if entry.valency == Valency::Transitive
            && matches!(entry.kind, EventType::Move | EventType::Occupy)
            && thing(head(k))
        {
            return true;
        }
        // `la dama no pudo menos de sorprenderse`, `me sorprendió`: to be
        // surprised, not a surprise attack.
        if lemma == "sorprender"
            && (w.at(i).ends_with("se") || i > a && matches!(w.at(i - 1), "me" | "te" | "se"))
        {
            return true;
        }
        // `me ocupaba en reunir`, `se ocupaban de encerrar`: busy oneself.
        if lemma == "ocupar" && matches!(w.at(k), "en" | "de") {
            return true;
        }
        // `día de vencer o morir`, `hora de partir`, `ganas de marchar`:
        // an infinitive completing a noun of time or feeling.
        if i >= a + 2
            && w.at(i - 1) == "de"
            && looks_infinitive(w.at(i))
            && (thing(i - 2) || self.times.contains(w.at(i - 2)))
        {
            return true;
        }
        // Abstract complements.
        let prep = w.at(k);
        match lemma {
            "entrar" | "salir" if prep == "en" => thing(head(k + 1)),
            "apoderar" | "aduenar" | "posesionar" if prep == "de" => {
                matches!(
                    w.at(k + 1),
                    "mi" | "ti"
                        | "si"
                        | "el"
                        | "ella"
                        | "ellos"
                        | "ellas"
                        | "nosotros"
                        | "vosotros"
                        | "usted"
                        | "ustedes"
                ) && info.get(k + 1 - a).is_some_and(|x| x.mention.is_none())
                    || thing(head(k + 1))
            }
            // `combatiendo contra el filosofismo`, `luchaba con la pobreza`.
            _ if entry.kind == EventType::Battle && matches!(prep, "contra" | "con") => {
                thing(head(k + 1))
            }
            _ => false,
        }
    }

    /// Whether the subject of the trigger verb at `i` is a force described
    /// by a unit noun: inverted (`se retiró la columna`, `llegó la
    /// caballería enemiga`) or right before the verb group (`la caballería
    /// enemiga se retiró`, `las tropas avanzaron`).
    fn force_subject(&self, info: &[Info], w: &Words, a: usize, b: usize, i: usize) -> bool {
        let plain = |k: usize| {
            info[k - a].mention.is_none()
                && !info[k - a].finite
                && !PREPOSITIONS_SET.contains(w.at(k))
                && w.at(k).chars().all(char::is_alphabetic)
        };
        let mut k = i + 1;
        while k < b
            && (ADVERBS.contains(&w.at(k))
                || DETERMINERS_SET.contains(w.at(k)) && !matches!(w.at(k), "al" | "del"))
        {
            k += 1;
        }
        if k > i + 1 && k < b && TROOP_WORDS.contains(&w.at(k)) && info[k - a].mention.is_none() {
            return true;
        }
        let g = w.verb_group_start(a, i);
        (g.saturating_sub(3).max(a)..g)
            .rev()
            .take_while(|&k| plain(k))
            .any(|k| {
                TROOP_WORDS.contains(&w.at(k)) && k > a && DETERMINERS_SET.contains(w.at(k - 1))
            })
    }

    /// The role of a PLACE mention at token `i` for event `f`, from the
    /// preposition before it (a feature word like `la llanura de` is
    /// skipped).
    fn place_role(&self, w: &Words, a: usize, i: usize, f: &Found) -> Option<Role> {
        let mut p = i;
        // `la llanura de X`, `el cerro de X`, `las alturas de X`.
        if p >= a + 3
            && w.at(p - 1) == "de"
            && p - 2 != f.token
            && DETERMINERS_SET.contains(w.at(p - 3))
            && !PREPOSITIONS_SET.contains(w.at(p - 2))
            && w.at(p - 2).chars().all(char::is_alphabetic)
        {
            p -= 3;
        } else if p >= a + 4
            && matches!(w.at(p - 1), "el" | "la" | "los" | "las")
            && w.at(p - 2) == "de"
            && p - 3 != f.token
            && DETERMINERS_SET.contains(w.at(p - 4))
            && !PREPOSITIONS_SET.contains(w.at(p - 3))
            && w.at(p - 3).chars().all(char::is_alphabetic)
        {
            // `el monte de las Cruces`.
            p -= 4;
        }
        // `del monte de las Cruces`, `al cerro de X`: the contraction is
        // the preposition and the article at once.
        if p < i && matches!(w.at(p), "del" | "al") {
            p += 1;
        }
        let prep = if p > a { w.at(p - 1) } else { "" };
        let before_trigger = i < f.token;
        // `en dirección de Igualada`, `con dirección a`, `rumbo a`, `camino
        // de`, `caminito de`: where the movement heads.
        if f.entry.kind == EventType::Move
            && p >= a + 2
            && matches!(prep, "a" | "al" | "de" | "del" | "hacia")
            && matches!(
                w.at(p - 2),
                "direccion" | "rumbo" | "camino" | "caminito" | "vuelta"
            )
            && !before_trigger
        {
            return Some(Role::Destination);
        }
        // The object right after the verb: `ocuparon Jujuy`, `ocuparon la
        // plaza`, `cruzaron el río Pasaje` (a feature word before the name).
        let det_after = DETERMINERS_SET.contains(w.at(f.token + 1))
            && !matches!(w.at(f.token + 1), "al" | "del");
        let feature = w.at(f.token + 2).chars().all(|c| c.is_lowercase());
        let direct = p == f.token + 1
            || (p == f.token + 2 && det_after)
            || (p == f.token + 3 && det_after && feature);
        let kind = f.entry.kind;
        match prep {
            // `marchó sobre Lima`: against, towards.
            "a" | "al" | "hasta" | "hacia" | "sobre" | "para" if kind == EventType::Move => {
                Some(Role::Destination)
            }
            "desde" if kind == EventType::Move => Some(Role::Origin),
            // `salió de Jujuy`; not `a reconocer las alturas y ciudad de
            // Tarazona` (`de` completes a noun).
            "de" | "del"
                if kind == EventType::Move
                    && !before_trigger
                    && f.form.is_some()
                    && !(p >= f.token + 3
                        && w.at(p - 2).chars().all(char::is_alphabetic)
                        && !ADVERBS.contains(&w.at(p - 2))
                        && (DETERMINERS_SET.contains(w.at(p - 3))
                            || QUANTIFIERS_SET.contains(w.at(p - 3))
                            || matches!(w.at(p - 3), "y" | "e"))) =>
            {
                Some(Role::Origin)
            }
            "en" if kind == EventType::Move => matches!(
                f.entry.lemma.as_str(),
                "llegar" | "entrar" | "desembarcar" | "internar"
            )
            .then_some(Role::Destination),
            // `acampó … sobre San Lamberto`.
            "en" | "sobre" => Some(Role::Place),
            "de" | "del"
                if f.form.is_none()
                    && (p == f.token + 2 || p == f.token + 3)
                    && kind != EventType::Move =>
            {
                Some(Role::Place)
            }
            "de" | "del" if kind == EventType::Occupy && !before_trigger => Some(Role::Place),
            _ if direct && kind == EventType::Occupy => Some(Role::Place),
            _ if direct && kind == EventType::Battle && f.form.is_some() => Some(Role::Place),
            _ if direct && f.entry.lemma == "evacuar" => Some(Role::Origin),
            // `cruzaron el río Pasaje`: where the crossing happened.
            _ if direct && matches!(f.entry.lemma.as_str(), "cruzar" | "atravesar") => {
                Some(Role::Place)
            }
            _ => None,
        }
    }

    /// The agents of an accepted trigger.
    #[allow(clippy::too_many_arguments)]
    fn agents(
        &self,
        doc: &Document,
        info: &[Info],
        w: &Words,
        a: usize,
        b: usize,
        f: &Found,
        found: &[Found],
        clause_of: &[usize],
        main_of: &[usize],
        carry: &[(usize, Vec<usize>)],
    ) -> Vec<usize> {
        let _ = found;
        let is_agent = |m: usize| {
            matches!(
                doc.mentions[m].mention_type(),
                MentionType::Person | MentionType::Group
            )
        };
        let mention = |k: usize| {
            if k >= a && k < b {
                info[k - a].mention
            } else {
                None
            }
        };
        let i = f.token;
        let clause_start = (a..=i)
            .rev()
            .find(|&k| k == a || clause_of[k - a] != clause_of[k - 1 - a])
            .unwrap_or(a);
        let main_start = (a..=i)
            .rev()
            .find(|&k| k == a || main_of[k - a] != main_of[k - 1 - a])
            .unwrap_or(a);
        let mut agents: Vec<usize> = Vec::new();
        let carried = |pos: usize| -> Vec<usize> {
            carry
                .iter()
                .rev()
                .find(|c| c.0 < pos)
                .map(|c| c.1.clone())
                .unwrap_or_default()
        };
        // Nouns: `de` + agent right after (`la pérdida de los patriotas`),
        // `en favor de` + agent; a `de` + description gives none; a noun
        // that is the object of a verb takes that verb's subject.
        let mut verb_pos = i;
        let mut intransitive = matches!(f.entry.valency, Valency::Intransitive);
        if f.form.is_none() {
            let mut k = i + 1;
            while k < b
                && info[k - a].mention.is_none()
                && w.at(k).ends_with(['a', 'o', 'e', 'l', 's'])
                && !matches!(w.at(k), "de" | "del")
                && k < i + 3
                && toks_lower(doc, k)
                && !PREPOSITIONS_SET.contains(w.at(k))
                && !info[k - a].finite
            {
                k += 1;
            }
            if matches!(w.at(k), "de" | "del") {
                let mut j = k + 1;
                while j < b && DETERMINERS_SET.contains(w.at(j)) {
                    j += 1;
                }
                match mention(j) {
                    Some(m) if is_agent(m) => return coordinated(doc, info, w, a, b, j).0,
                    Some(_) => return Vec::new(),
                    // `junta de guerra`: a bare complement, part of the noun.
                    None if j == k + 1 && w.at(k) == "de" => {}
                    None => return Vec::new(),
                }
            }
            let (cs, ce) = (
                clause_start,
                (i..b)
                    .find(|&k| clause_of[k - a] != clause_of[i - a])
                    .unwrap_or(b),
            );
            for k in cs..ce {
                if w.at(k) == "favor" && w.at(k + 1) == "de" {
                    let mut j = k + 2;
                    while j < b && DETERMINERS_SET.contains(w.at(j)) {
                        j += 1;
                    }
                    if mention(j).is_some_and(is_agent) {
                        return coordinated(doc, info, w, a, b, j).0;
                    }
                }
            }
            // Object of a verb?
            // Walk back over determiners, up to two adjectives (`una
            // sangrienta batalla`) and a place or date phrase (`ganaba en
            // Rioseco una batalla`).
            let mut k = i;
            let mut adjectives = 0;
            while k > a {
                let p = w.at(k - 1);
                let m = info[k - 1 - a].mention;
                if DETERMINERS_SET.contains(p) || QUANTIFIERS_SET.contains(p) || p == "a" {
                    k -= 1;
                } else if let Some(m) = m.filter(|&m| !is_agent(m)) {
                    let _ = m;
                    let s = first_token_of(info, a, k - 1);
                    if s > a && PREPOSITIONS_SET.contains(w.at(s - 1)) {
                        k = s - 1;
                    } else {
                        k = s;
                    }
                } else if m.is_none()
                    && adjectives < 2
                    && toks_lower(doc, k - 1)
                    && !PREPOSITIONS_SET.contains(p)
                    && !info[k - 1 - a].finite
                    && !info[k - 1 - a].gerund
                    && info[k - 1 - a].trigger.is_none()
                    && p.chars().all(char::is_alphabetic)
                {
                    adjectives += 1;
                    k -= 1;
                } else {
                    break;
                }
            }
            if k > a
                && (info[k - 1 - a].finite
                    || info[k - 1 - a].gerund
                    || info[k - 1 - a].trigger.is_some())
            {
                verb_pos = k - 1;
                intransitive = false;
            } else {
                return Vec::new();
            }
        }
        // Causee: `obligó a X a retirarse`.
        if f.form == Some(Form::Infinitive)
            && i >= a + 2
            && w.at(i - 1) == "a"
            && let Some(m) = mention(i - 2).filter(|&m| is_agent(m))
        {
            let s = first_token_of(info, a, i - 2);
            if s > a && matches!(w.at(s - 1), "a" | "al") {
                return vec![m];
            }
        }
        // Inverted subject after an intransitive, reflexive or participle.
        let reflexive = (verb_pos.saturating_sub(3).max(a)..verb_pos).any(|k| w.at(k) == "se")
            || w.at(i).ends_with("se");
        if verb_pos == i && (intransitive || reflexive || f.form == Some(Form::Participle)) {
            let mut k = i + 1;
            while k < b
                && (ADVERBS.contains(&w.at(k))
                    || mention(k)
                        .is_some_and(|m| doc.mentions[m].mention_type() == MentionType::Date))
            {
                k = if mention(k).is_some() {
                    last_token_of(info, a, b, k) + 1
                } else {
                    k + 1
                };
            }
            let mut j = k;
            while j < b && (DETERMINERS_SET.contains(w.at(j)) || TITLES.contains(&w.at(j))) {
                j += 1;
            }
            match mention(j) {
                Some(m) if is_agent(m) && !after_preposition(w, a, j) => {
                    agents = coordinated(doc, info, w, a, b, j).0;
                }
                Some(m) if doc.mentions[m].mention_type() == MentionType::Number => {
                    return Vec::new();
                }
                None if j > k
                    && j < b
                    && toks_lower(doc, j)
                    && !PREPOSITIONS_SET.contains(w.at(j))
                    && !info[j - a].finite
                    && DETERMINERS_SET.contains(w.at(k))
                    && !matches!(w.at(k), "al" | "del")
                    // `descender sus efectivos`: a description as subject.
                    && (intransitive || reflexive) =>
                {
                    return Vec::new();
                }
                _ => {}
            }
        }
        if agents.is_empty() {
            match self.left_subject(doc, info, w, a, verb_pos, main_start.max(a), clause_start) {
                Subject::Mentions(ms) => agents = ms,
                Subject::Pronoun(p) => {
                    agents = (a.min(p)..p)
                        .rev()
                        // The antecedent is near: at most 300 tokens back.
                        .chain((a.saturating_sub(300)..a).rev())
                        .find_map(|k| {
                            let m = if k >= a {
                                info[k - a].mention
                            } else {
                                mention_of_token(doc, k)
                            };
                            m.filter(|&m| is_agent(m))
                        })
                        .into_iter()
                        .collect();
                }
                Subject::Description => return Vec::new(),
                Subject::Dropped => {
                    // A sentence-initial gerund takes the main clause's subject.
                    if (f.form == Some(Form::Gerund) || verb_pos != i && info[verb_pos - a].gerund)
                        && main_start == a
                        && let Some(v) = (verb_pos + 1..b).find(|&k| {
                            main_of[k - a] != main_of[verb_pos - a] && info[k - a].finite
                        })
                    {
                        let ms = (a..=v)
                            .rev()
                            .find(|&k| k == a || main_of[k - a] != main_of[k - 1 - a])
                            .unwrap_or(v);
                        match self.left_subject(doc, info, w, a, v, ms, ms) {
                            Subject::Mentions(m) => return m,
                            Subject::Description => return Vec::new(),
                            _ => {}
                        }
                    }
                    agents = carried(verb_pos);
                }
            }
        }
        // Co-agents: `con` + a unit; the units a causative verb sends.
        let ce = (i..b)
            .find(|&k| clause_of[k - a] != clause_of[i - a])
            .unwrap_or(b);
        if f.form.is_some() && matches!(f.entry.kind, EventType::Move | EventType::Join) {
            let mut k = i + 1;
            while k < ce {
                let Some(m) = mention(k) else {
                    k += 1;
                    continue;
                };
                let end = last_token_of(info, a, b, k);
                let t = doc.mentions[m].mention_type();
                let p1 = w.at(k - 1);
                let p2 = if k >= 2 { w.at(k - 2) } else { "" };
                let comitative = t == MentionType::Group
                    && (p1 == "con" || p2 == "con" && DETERMINERS_SET.contains(p1));
                // The units sent: `envió al batallón`, `y el de partidarios`,
                // `destacó una división … compuesta de la columna de
                // granaderos` (a unit named inside the object).
                let sent = f.entry.valency == Valency::Causative
                    && is_agent(m)
                    && !info[k - a].negated
                    && (matches!(p1, "a" | "al")
                        || matches!(p2, "a" | "al") && DETERMINERS_SET.contains(p1)
                        || p1 == "de" && matches!(p2, "el" | "la" | "los" | "las")
                        || t == MentionType::Group
                            && (k.saturating_sub(4).max(i + 1)..k)
                                .any(|x| TROOP_WORDS.contains(&w.at(x))));
                if (comitative || sent) && !agents.contains(&m) {
                    agents.push(m);
                }
                k = end + 1;
            }
        }
        agents
    }

    /// The subject left of the verb at `v`, within its clause.
    #[allow(clippy::too_many_arguments)]
    fn left_subject(
        &self,
        doc: &Document,
        info: &[Info],
        w: &Words,
        a: usize,
        v: usize,
        main_start: usize,
        clause_start: usize,
    ) -> Subject {
        let lower_bound = clause_start.max(main_start).max(a);
        let mut k = v;
        // Skip the verb chain: clitics, auxiliaries, `no`, adverbs, dates,
        // governing verbs (`resolvió`, `pudo`, `comenzaron a`).
        loop {
            if k <= lower_bound {
                return Subject::Dropped;
            }
            let p = w.at(k - 1);
            let m = info[k - 1 - a].mention;
            if let Some(mi) = m {
                if doc.mentions[mi].mention_type() == MentionType::Date {
                    k = first_token_of(info, a, k - 1);
                    continue;
                }
                break;
            }
            if CLITICS.contains(&p)
                || HABER.contains(&p)
                || SER.contains(&p)
                || ADVERBS.contains(&p)
                || p == "no"
                || info[k - 1 - a].finite
                || (matches!(p, "a" | "de") && k >= 2 + a && info[k - 2 - a].finite)
            {
                k -= 1;
                continue;
            }
            break;
        }
        let j = k - 1;
        if let Some(m) = info[j - a].mention {
            let t = doc.mentions[m].mention_type();
            if matches!(t, MentionType::Person | MentionType::Group) {
                let s = first_token_of(info, a, j);
                if !after_preposition(w, a, s) {
                    // The whole coordination ending here: `Olañeta y Castro`.
                    let mut set = vec![m];
                    let mut s = s;
                    while s >= a + 2 && matches!(w.at(s - 1), "y" | "e" | ",") {
                        match info[s - 2 - a].mention {
                            Some(m2)
                                if matches!(
                                    doc.mentions[m2].mention_type(),
                                    MentionType::Person | MentionType::Group
                                ) =>
                            {
                                set.insert(0, m2);
                                s = first_token_of(info, a, s - 2);
                            }
                            _ => break,
                        }
                    }
                    return Subject::Mentions(set);
                }
            }
            return Subject::Dropped;
        }
        let p = w.at(j);
        let surface = doc.slice(doc.tokens[j].span).to_lowercase();
        if PRONOUNS.contains(&p)
            && (surface.contains('é') || !DETERMINERS_SET.contains(w.at(j.wrapping_sub(1))))
            || surface == "él"
        {
            return Subject::Pronoun(j);
        }
        if toks_lower(doc, j)
            && doc.tokens[j].kind == TokenKind::Word
            && !PREPOSITIONS_SET.contains(p)
            && !matches!(
                p,
                "y" | "e" | "pero" | "que" | "o" | "como" | "cuando" | "donde"
            )
        {
            // A noun phrase without a mention: look back for its determiner.
            for back in 1..=4 {
                if j < a + back {
                    break;
                }
                let d = w.at(j - back);
                if DETERMINERS_SET.contains(d) && !matches!(d, "del" | "al") {
                    let before = if j - back > a { w.at(j - back - 1) } else { "" };
                    if !PREPOSITIONS_SET.contains(before) {
                        return Subject::Description;
                    }
                    break;
                }
                if !toks_lower(doc, j - back) || doc.tokens[j - back].kind != TokenKind::Word {
                    break;
                }
            }
        }
        Subject::Dropped
    }
}

enum Subject {
    Mentions(Vec<usize>),
    Pronoun(usize),
    Description,
    Dropped,
}

fn toks_lower(doc: &Document, k: usize) -> bool {
    doc.tokens.get(k).is_some_and(|t| t.case == Case::Lower)
}

/// The mention covering token `k` (mentions are sorted by start; the
/// outermost is found first among those starting at or before the token).
fn mention_of_token(doc: &Document, k: usize) -> Option<usize> {
    let t = doc.tokens.get(k)?;
    let upto = doc
        .mentions
        .partition_point(|m| m.span.start <= t.span.start);
    (upto.saturating_sub(8)..upto).find(|&i| doc.mentions[i].span.contains(t.span))
}

/// The first token of the mention covering token `i`.
fn first_token_of(info: &[Info], a: usize, i: usize) -> usize {
    let m = info[i - a].mention;
    let mut s = i;
    while s > a && m.is_some() && info[s - 1 - a].mention == m {
        s -= 1;
    }
    s
}

/// The last token of the mention covering token `i` (or `i`).
fn last_token_of(info: &[Info], a: usize, b: usize, i: usize) -> usize {
    let m = info[i - a].mention;
    let mut e = i;
    while e + 1 < b && m.is_some() && info[e + 1 - a].mention == m {
        e += 1;
    }
    e
}

/// Whether the mention starting at token `s` is inside a prepositional
/// phrase (titles and articles skipped: `a las órdenes de Castro`, `del
/// general Belgrano`). `el de X` (elided head) is not.
fn after_preposition(w: &Words, a: usize, s: usize) -> bool {
    let mut k = s;
    while k > a
        && (DETERMINERS_SET.contains(w.at(k - 1)) && !matches!(w.at(k - 1), "del" | "al")
            || TITLES.contains(&w.at(k - 1)))
    {
        k -= 1;
    }
    if k == a {
        return false;
    }
    let p = w.at(k - 1);
    if matches!(p, "de") && k >= a + 2 && matches!(w.at(k - 2), "el" | "la" | "los" | "las") {
        return false;
    }
    PREPOSITIONS_SET.contains(p)
}

/// Whether the verb group refuses the trigger reading at `i` (verb form
/// `form`, none for a noun), from the words before it and the mention
/// after it alone: a subjunctive, future or conditional `haber` in it, an
/// irrealis form, `no` before it, a participle with neither an auxiliary
/// nor an absolute subject. The first rules of `Events::accept`; `run`
/// also reads on no sentence whose every trigger reading they refuse.
fn ruled_out_by_verb_group(
    doc: &Document,
    mention_after: Option<usize>,
    w: &Words,
    a: usize,
    i: usize,
    form: Option<Form>,
) -> bool {
    let prev = |k: usize| if k > a { w.at(k - 1) } else { "" };
    // The verb group: clitics and auxiliaries before the verb.
    let mut g = i;
    while g > a && (CLITICS.contains(&prev(g)) || HABER.contains(&prev(g))) {
        g -= 1;
    }
    let group = || (g..i).map(|k| w.at(k));
    if group().any(|x| IRREALIS_HABER.contains(&x)) {
        return true;
    }
    let Some(f) = form else {
        return false;
    };
    if f.is_irrealis() || g > a && prev(g) == "no" {
        return true;
    }
    if f == Form::Participle {
        // Without an auxiliary only an absolute construction makes it a
        // verb (`reunidos Olañeta y Castro`): `accept` also wants it
        // clause-initial.
        let aux = group().any(|x| HABER.contains(&x)) || SER.contains(&prev(g));
        let absolute = mention_after.is_some_and(|m| {
            matches!(
                doc.mentions[m].mention_type(),
                MentionType::Person | MentionType::Group | MentionType::Place
            )
        });
        return !aux && !absolute;
    }
    false
}

/// `no aceptaba la batalla`, `ni admitían combate`: `no` or `ni` up to
/// four words before the noun at `i`.
fn negated_noun(w: &Words, i: usize) -> bool {
    (i.saturating_sub(4).max(w.a)..i).any(|k| matches!(w.at(k), "no" | "ni"))
}

/// A bare plural noun is generic (`ganó batallas campales`): an event noun
/// ending in `s` with no determiner or quantifier in the two words before.
fn bare_plural(w: &Words, a: usize, i: usize, form: Option<Form>) -> bool {
    form.is_none()
        && w.at(i).ends_with('s')
        && !(i.saturating_sub(2).max(a)..i)
            .any(|k| DETERMINERS_SET.contains(w.at(k)) || QUANTIFIERS_SET.contains(w.at(k)))
}

/// Whether the token with verb readings `analyses` and folded form `f` is a
/// conditional, future or subjunctive verb.
fn is_irrealis_token(analyses: &[Analysis], f: &str) -> bool {
    if IRREALIS_HABER.contains(&f) {
        return true;
    }
    analyses.iter().any(|x| x.form.is_irrealis())
        && !analyses
            .iter()
            .any(|x| x.form.is_finite() && !x.form.is_irrealis())
}

/// The PERSON/GROUP mentions coordinated from token `i` on (`Olañeta y
/// Castro`, `al batallón … y el de partidarios`), and the last token read.
fn coordinated(
    doc: &Document,
    info: &[Info],
    w: &Words,
    a: usize,
    b: usize,
    i: usize,
) -> (Vec<usize>, usize) {
    let is_agent = |m: usize| {
        matches!(
            doc.mentions[m].mention_type(),
            MentionType::Person | MentionType::Group
        )
    };
    let mut out = Vec::new();
    let mut k = i;
    let mut last = i;
    while let Some(m) = info
        .get(k - a)
        .and_then(|x| x.mention)
        .filter(|&m| is_agent(m))
    {
        out.push(m);
        last = last_token_of(info, a, b, k);
        let mut n = last + 1;
        if n < b && matches!(w.at(n), "y" | "e" | ",") {
            n += 1;
            while n < b && (DETERMINERS_SET.contains(w.at(n)) || TITLES.contains(&w.at(n))) {
                n += 1;
            }
            if n < b && info[n - a].mention.is_some_and(is_agent) {
                k = n;
                continue;
            }
        }
        break;
    }
    (out, last)
}

/// `quantity` for a NUMBER of troops or losses; none for distances,
/// durations and ordinals.
fn number_role(doc: &Document, mi: usize, w: &Words, end: usize) -> Option<Role> {
    if let crate::document::MentionValue::Number { ordinal, unit, .. } = &doc.mentions[mi].value {
        if *ordinal {
            return None;
        }
        let unit = unit
            .as_deref()
            .map(fold)
            .unwrap_or_else(|| w.at(end + 1).to_string());
        if DISTANCE_UNITS.contains(&unit.as_str()) {
            return None;
        }
        return Some(Role::Quantity);
    }
    None
}

/// Whether the NUMBER mention `mi` ending at token `end` counts soldiers
/// or units: its unit or the next word is one (`100 hombres`, `dos
/// batallones`), or a partitive follows (`cinco de los suyos`).
fn counts_troops(doc: &Document, mi: usize, w: &Words, end: usize) -> bool {
    if let crate::document::MentionValue::Number {
        unit: Some(unit), ..
    } = &doc.mentions[mi].value
        && TROOP_WORDS.contains(&fold(unit).as_str())
    {
        return true;
    }
    let mut next = w.at(end + 1);
    // `treinta o cuarenta de estos`, `de 300 a 400 hombres`: a range
    // counts what its second number counts.
    if matches!(next, "o" | "u" | "a")
        && let Some(m) = mention_of_token(doc, end + 2)
        && doc.mentions[m].mention_type() == MentionType::Number
        && doc.tokens[end + 2].span.end == doc.mentions[m].span.end
    {
        next = w.at(end + 3);
    }
    TROOP_WORDS.contains(&next) || matches!(next, "de" | "del")
}

/// A participle that narrates the event noun next to it (`la acción
/// entablada`, `concluida la acción`, `la batalla empeñada`); adjectives in
/// -ado/-ido (`encuentro inesperado`) do not.
fn narrating_participle(word: &str) -> bool {
    const STEMS: &[&str] = &[
        "entablad",
        "librad",
        "trabad",
        "empenad",
        "concluid",
        "terminad",
        "iniciad",
        "emprendid",
        "dad",
        "ganad",
        "perdid",
        "sostenid",
        "renid",
        "comenzad",
        "empezad",
        "acabad",
        "rechazad",
        "emprendid",
        "realizad",
        "verificad",
        "efectuad",
        "consumad",
        "ejecutad",
    ];
    let stem = word
        .strip_suffix("os")
        .or_else(|| word.strip_suffix("as"))
        .or_else(|| word.strip_suffix('o'))
        .or_else(|| word.strip_suffix('a'));
    stem.is_some_and(|s| STEMS.contains(&s))
}

/// A conditional, future or subjunctive form by its ending, for any verb
/// (`perdería`, `continuará`, `hubiera`, `fuese`).
/// `folded` is the token's folded form, the fold of `surface`.
fn irrealis_surface(surface: &str, folded: &str) -> bool {
    if surface.is_ascii() {
        // Lowercasing and folding are the same here, and no accented
        // ending can match. Every ASCII candidate starts with `h` or `f`.
        if !matches!(surface.as_bytes().first(), Some(b'h' | b'H' | b'f' | b'F')) {
            return false;
        }
        let is = |x: &&str| x.eq_ignore_ascii_case(surface);
        return IRREALIS_HABER.iter().any(is)
            || ["fuera", "fueran", "fuese", "fuesen"].iter().any(is);
    }
    let s = lowercase(surface);
    let n = s.chars().count();
    IRREALIS_HABER.contains(&folded)
        || n >= 5
            && (s.ends_with("ría")
                || s.ends_with("rían")
                || s.ends_with("rá")
                || s.ends_with("rán"))
        || matches!(
            &*s,
            "fuera" | "fueran" | "fuese" | "fuesen" | "sería" | "serían" | "será" | "serán"
        )
}

/// The lowercase of a surface, borrowed when it is already lowercase: when
/// every char lowercases to itself (then no `Σ` either, the one char
/// `str::to_lowercase` maps by context), `to_lowercase` gives the surface
/// back. Lowercase accented words (`llegó`) no longer allocate: 44,000
/// `to_lowercase` calls and 14M instructions on bench-small before.
fn lowercase(surface: &str) -> Cow<'_, str> {
    let unchanged = if surface.is_ascii() {
        !surface.bytes().any(|c| c.is_ascii_uppercase())
    } else {
        surface.chars().all(|c| match c {
            _ if c.is_ascii() => !c.is_ascii_uppercase(),
            // The lowercase letters of Spanish, without a table search.
            'á' | 'é' | 'í' | 'ó' | 'ú' | 'ü' | 'ñ' => true,
            _ => {
                let mut lower = c.to_lowercase();
                lower.next() == Some(c) && lower.next().is_none()
            }
        })
    };
    if unchanged {
        Cow::Borrowed(surface)
    } else {
        Cow::Owned(surface.to_lowercase())
    }
}

/// An infinitive, possibly with enclitics (`marchar`, `encontrarme`).
fn looks_infinitive(word: &str) -> bool {
    let mut w = word;
    for _ in 0..2 {
        if let Some(rest) = CLITICS.iter().find_map(|c| w.strip_suffix(c))
            && rest.ends_with(['r'])
            && rest.len() >= 3
        {
            w = rest;
        }
    }
    w.len() >= 3 && (w.ends_with("ar") || w.ends_with("er") || w.ends_with("ir"))
}

/// A finite verb by its ending, for verbs outside the lexicons: `-ó`
/// (`explicó`), `-aron`/`-ieron`, `-aba(n)`, `-ía(n)` not after an article.
/// `class` and `prev_class` are the `WORD_CLASSES` bits of the word and of
/// the word before it.
fn looks_finite(folded: &str, surface: &str, class: u8, prev_class: u8) -> bool {
    if class & FINITE_WORD != 0 {
        return true;
    }
    // The length in chars is counted only for a word with one of the
    // endings, not for every word read (a scan of each surface before;
    // `looks_finite` on bench-small 2.9M → 1.7M instructions).
    let n = || surface.chars().count();
    if surface.ends_with('ó') && n() >= 4 {
        return true;
    }
    if (folded.ends_with("aron") || folded.ends_with("ieron")) && n() >= 6 {
        return true;
    }
    if (folded.ends_with("aba") || folded.ends_with("aban")) && n() >= 5 {
        return true;
    }
    if (surface.ends_with("ía") || surface.ends_with("ían"))
        && prev_class & (DETERMINER | PREPOSITION) == 0
        && n() >= 5
    {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that `table` answers as the lexicon map for each of `words`
    /// (the flags it hands over equal to the entry's); returns how many
    /// of them are lexicon words.
    fn agree_with_the_lexicon<'e>(
        events: &'e Events,
        words: &[String],
        table: impl Fn(&str) -> ShortWord<'e>,
    ) -> usize {
        let mut known = 0;
        for word in words {
            let expected = events.lexicon.get(word.as_str());
            let found = match table(word) {
                ShortWord::Known(info, bits, reading, cue) => {
                    assert_eq!(
                        (bits, reading, cue),
                        (info.bits, info.reading, info.cue),
                        "{word:?}"
                    );
                    Some(info)
                }
                ShortWord::Unknown => None,
                ShortWord::Long => events.lexicon.get(word.as_str()),
            };
            known += usize::from(found.is_some());
            assert_eq!(
                found.map(|i| format!("{i:?}")),
                expected.map(|i| format!("{i:?}")),
                "{word:?}"
            );
        }
        known
    }

    /// The short-word table answers as the lexicon map for every string
    /// of one or two bytes, every lexicon word and words one byte off.
    #[test]
    fn short_words_agree_with_the_lexicon() {
        let events = Events::new().unwrap();
        let mut words: Vec<String> = (0..=0x7Fu8).map(|c| (c as char).to_string()).collect();
        for c in (0..=0x7FFu32).filter_map(char::from_u32) {
            words.push(c.to_string());
        }
        for x in 0..=0x7Fu8 {
            for y in 0..=0x7Fu8 {
                words.push(format!("{}{}", x as char, y as char));
            }
        }
        // every lexicon word, and each with one byte changed or cut
        for word in events.lexicon.keys() {
            words.push(word.clone());
            let bytes = word.as_bytes();
            for k in 0..bytes.len() {
                let mut changed = bytes.to_vec();
                changed[k] = changed[k].wrapping_add(1) & 0x7F;
                words.extend(String::from_utf8(changed).ok());
                words.extend(word.get(..k).map(String::from));
            }
        }
        assert!(agree_with_the_lexicon(&events, &words, |w| events.short_words.get(w)) > 1000);
        assert!(matches!(
            events.short_words.get("derrotaron"),
            ShortWord::Long
        ));
        assert!(matches!(events.short_words.get(""), ShortWord::Long));
        assert!(events.short_words.infos.len() > 800);
    }

    /// The long-word table answers as the lexicon map for every lexicon
    /// word, each with one byte changed, cut or added, and words of every
    /// length around its range.
    #[test]
    fn long_words_agree_with_the_lexicon() {
        let events = Events::new().unwrap();
        let mut words: Vec<String> = (0..=20).map(|n| "a".repeat(n)).collect();
        for word in events.lexicon.keys() {
            words.push(word.clone());
            words.push(format!("{word}s"));
            words.push(format!("x{word}"));
            let bytes = word.as_bytes();
            for k in 0..bytes.len() {
                let mut changed = bytes.to_vec();
                changed[k] = changed[k].wrapping_add(1) & 0x7F;
                words.extend(String::from_utf8(changed).ok());
                words.extend(word.get(..k).map(String::from));
                words.extend(word.get(k..).map(String::from));
            }
        }
        assert!(agree_with_the_lexicon(&events, &words, |w| events.long_words.get(w)) > 3000);
        assert!(matches!(events.long_words.get("derrota"), ShortWord::Long));
        assert!(events.long_words.infos.len() > 2000);
    }
}
