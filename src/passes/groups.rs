//! GROUP mentions: factions, forces named with their faction, and named units.
//!
//! Runs after the names pass, so a unit's name can hold a PERSON or PLACE
//! (`batallón de cazadores de Olañeta`, `división de Cochabamba`). The words
//! come from `data/group_lexicon.tsv`:
//! - a **faction** as a plural noun after a determiner, preposition,
//!   conjunction, verb or punctuation (`los realistas`, `contra patriotas`);
//!   as an adjective only inside a force (`el poder español` is not a GROUP);
//! - a **force** noun with a faction adjective or a place name
//!   (`ejército realista`, `tropas patriotas`, `ejército del Perú`), never
//!   alone (`sus tropas`);
//! - a **unit** noun with a name that runs to its end: arm words, `de` +
//!   arm word, `de` + PERSON/PLACE or capitalized name, a faction adjective
//!   (`regimiento de caballería de línea del Perú`); alone it is generic
//!   (`una división de 500 hombres`);
//! - a **formation** alone (`la vanguardia`), but not in adverbial idioms
//!   (`a retaguardia`, `por vanguardia`);
//! - an elided head after a unit (`al batallón de cazadores de Olañeta y el
//!   de partidarios` → `partidarios`).
//!
//! Articles and possessives stay outside. `side` comes from the faction
//! words of the extent, else from a nested person's side in
//! `data/persons.tsv`, else from the people of the same sentence when all
//! the known ones agree, else it is left out.

use crate::data::{Table, builtin};
use crate::document::{Case, Document, Mention, MentionType, MentionValue, Span, TokenKind};
use crate::error::{Error, Result};
use crate::fold::fold;
use crate::gazetteer::key;
use crate::pipeline::Pass;
use crate::word_table::WordTable;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordKind {
    Faction,
    Force,
    Unit,
    Formation,
    Arm,
}

/// The groups pass.
#[derive(Debug, Clone)]
pub struct Groups {
    /// Folded word → its kinds, each with a side. A [`WordTable`]: every
    /// word of the text is looked up, and most are in no lexicon.
    words: WordTable<Vec<(WordKind, Option<String>)>>,
    /// Words that may stand right before a faction noun.
    before_noun: WordTable<()>,
    /// Folded canonical person name → side (`realista`/`patriota`).
    person_side: HashMap<String, String>,
    /// The words of [`against_french_fast`].
    war_words: WordTable<bool>,
    /// What `run` asks of every token, in one lookup: the entry of `words`
    /// (empty for a word only here), and whether the word is one of
    /// `war_words` (an American faction's: `Some(true)`).
    gate: WordTable<(Vec<(WordKind, Option<String>)>, Option<bool>)>,
}

/// Unit nouns whose `de X` is more often not a unit name (`la partida de
/// Inés` is a departure, `el cuerpo de Pedro` a body, `en compañía de
/// Lopito` company): only arm words and factions continue them.
fn weak_unit(folded: &str) -> bool {
    matches!(folded, "partida" | "cuerpo" | "compania" | "companias")
}

/// `francés`, `franceses`, `francesa`, `francesas` (folded), `Napoleón`.
fn french_word(folded: &str) -> bool {
    matches!(
        folded,
        "frances" | "franceses" | "francesa" | "francesas" | "napoleon"
    )
}

/// Whether a French word is in the document and no American faction's
/// (`realistas`, `insurgentes`, …): one scan of the tokens for both.
fn against_french(doc: &Document) -> bool {
    let mut french = false;
    for t in &doc.tokens {
        let f = t.folded.as_str();
        if american_word(f) {
            return false;
        }
        french = french || french_word(f);
    }
    french
}

/// The American factions' words of [`against_french`].
fn american_word(folded: &str) -> bool {
    matches!(
        folded,
        "realistas" | "insurgentes" | "independientes" | "chapetones" | "godos"
    )
}

/// [`against_french`], with the words of both sets in a [`WordTable`]
/// whose filter turns almost every token away before any string test.
fn against_french_fast(doc: &Document, words: &WordTable<bool>) -> bool {
    let mut french = false;
    for t in &doc.tokens {
        match words.get(t.folded.as_str()) {
            Some(true) => return false,
            Some(false) => french = true,
            None => {}
        }
    }
    debug_assert_eq!(french, against_french(doc));
    french
}

/// The words [`against_french_fast`] looks for: `true` for an American
/// faction's, `false` for a French one.
const AMERICAN_WORDS: &[&str] = &[
    "realistas",
    "insurgentes",
    "independientes",
    "chapetones",
    "godos",
];
const FRENCH_WORDS: &[&str] = &["frances", "franceses", "francesa", "francesas", "napoleon"];

/// Plural names of troops of one arm that regiments are named after
/// (`dragones de la Reina`); not `naturales`, `pardos`, `partidarios`, which
/// also name peoples and supporters.
fn troop_arm(folded: &str) -> bool {
    TROOP_ARMS.contains(&folded)
}

/// The words of [`troop_arm`].
const TROOP_ARMS: &[&str] = &[
    "cazadores",
    "granaderos",
    "dragones",
    "husares",
    "lanceros",
    "coraceros",
    "carabineros",
    "fusileros",
    "voluntarios",
    "migueletes",
    "guardias",
    "tiradores",
];

/// A form of `ser` that takes a predicate noun (`somos`, `eran`, `ser`).
fn ser_form(folded: &str) -> bool {
    matches!(
        folded,
        "ser"
            | "es"
            | "son"
            | "somos"
            | "sois"
            | "era"
            | "eran"
            | "eramos"
            | "fue"
            | "fueron"
            | "fuimos"
            | "sea"
            | "sean"
            | "seamos"
            | "fuera"
            | "fueran"
            | "fuese"
            | "fuesen"
            | "sera"
            | "seran"
            | "seria"
            | "serian"
            | "siendo"
            | "sido"
    )
}

/// `español`, `españoles`, `española`, `españolas` (folded).
fn spanish_word(folded: &str) -> bool {
    matches!(folded, "espanol" | "espanoles" | "espanola" | "espanolas")
}

impl Groups {
    pub fn new() -> Result<Groups> {
        let name = "data/group_lexicon.tsv";
        let t = Table::parse(name, builtin::GROUP_LEXICON)?;
        let (w, k, s) = (t.column("word")?, t.column("kind")?, t.column("side")?);
        let mut words: HashMap<String, Vec<(WordKind, Option<String>)>> = HashMap::default();
        for row in &t.rows {
            let kind = match row.fields[k].as_str() {
                "faction" => WordKind::Faction,
                "force" => WordKind::Force,
                "unit" => WordKind::Unit,
                "formation" => WordKind::Formation,
                "arm" => WordKind::Arm,
                other => {
                    return Err(Error::data(
                        name,
                        row.line,
                        format!("unknown kind `{other}`"),
                    ));
                }
            };
            let side = match row.fields[s].as_str() {
                "realista" | "patriota" => Some(row.fields[s].clone()),
                "-" | "" => None,
                other => {
                    return Err(Error::data(
                        name,
                        row.line,
                        format!("unknown side `{other}`"),
                    ));
                }
            };
            words
                .entry(fold(&row.fields[w]))
                .or_default()
                .push((kind, side));
        }
        let t = Table::parse("data/common_words.tsv", builtin::COMMON_WORDS)?;
        let (w, c) = (t.column("word")?, t.column("class")?);
        let before_noun = t
            .rows
            .iter()
            .filter(|r| {
                matches!(
                    r.fields[c].as_str(),
                    "determiner" | "preposition" | "conjunction" | "verb"
                )
            })
            .map(|r| (fold(&r.fields[w]), ()))
            .collect();
        let t = Table::parse("data/persons.tsv", builtin::PERSONS)?;
        let (n, s) = (t.column("canonical")?, t.column("side")?);
        let person_side = t
            .rows
            .iter()
            .filter(|r| matches!(r.fields[s].as_str(), "realista" | "patriota"))
            .map(|r| (key(&r.fields[n]), r.fields[s].clone()))
            .collect();
        // The troop-arm words get an entry too (an empty one when the
        // lexicon has none), so that one filtered lookup tells the words
        // no rule reads from the rest (an empty entry answers no kind,
        // as a missing one does); the string match of `troop_arm` on every
        // word it replaces cost 1.6 M instructions on /tmp/bench-small.
        for w in TROOP_ARMS {
            words.entry((*w).to_string()).or_default();
        }
        let war_words: WordTable<bool> = AMERICAN_WORDS
            .iter()
            .map(|w| (w.to_string(), true))
            .chain(FRENCH_WORDS.iter().map(|w| (w.to_string(), false)))
            .collect();
        let mut gate: HashMap<String, (Vec<(WordKind, Option<String>)>, Option<bool>)> = words
            .iter()
            .map(|(w, kinds)| (w.clone(), (kinds.clone(), None)))
            .collect();
        for (w, &american) in war_words.iter() {
            gate.entry(w.clone()).or_default().1 = Some(american);
        }
        Ok(Groups {
            gate: gate.into_iter().collect(),
            words: words.into_iter().collect(),
            before_noun,
            person_side,
            war_words,
        })
    }

    fn kind(&self, folded: &str, kind: WordKind) -> Option<Option<&str>> {
        kind_in(self.words.get(folded), kind)
    }

    fn is(&self, folded: &str, kind: WordKind) -> bool {
        self.kind(folded, kind).is_some()
    }

    /// The end (exclusive token index) of a unit's name that starts at
    /// token `from`, the side its faction words give, and whether anything
    /// was consumed. `weak` units take only arm and faction words.
    fn unit_name(
        &self,
        doc: &Document,
        from: usize,
        last: usize,
        weak: bool,
    ) -> (usize, Option<String>) {
        let toks = &doc.tokens;
        // The head noun is the token before the name; plural heads are
        // `guerrillas`, `batallones`, `divisiones`.
        let plural = from > 0 && toks[from - 1].folded.ends_with('s');
        let mut e = from;
        let mut side = None;
        loop {
            if e >= last {
                break;
            }
            let f = toks[e].folded.as_str();
            if self.is(f, WordKind::Arm) && !matches!(f, "a" | "pie" | "caballo") {
                e += 1;
                continue;
            }
            if f == "a"
                && e + 1 < last
                && matches!(toks[e + 1].folded.as_str(), "caballo" | "pie")
                && e > from
            {
                e += 2;
                continue;
            }
            if let Some(s) = self.kind(f, WordKind::Faction)
                && toks[e].case == Case::Lower
            {
                side = side.or(s.map(str::to_string));
                e += 1;
                continue;
            }
            if matches!(f, "de" | "del") && e + 1 < last {
                let mut n = e + 1;
                if f == "de"
                    && matches!(toks[n].folded.as_str(), "la" | "las" | "los")
                    && n + 1 < last
                {
                    n += 1;
                }
                let nf = toks[n].folded.as_str();
                // `batallón de Voluntarios de Aragón`: a name the names pass
                // found wins over its first word read as an arm word.
                if !weak
                    && !plural
                    && toks[n].case == Case::Capitalized
                    && let Some(end) = self.name_at(doc, n)
                {
                    e = end;
                    continue;
                }
                // `división de vanguardia`.
                if (self.is(nf, WordKind::Arm) && !matches!(nf, "a" | "pie" | "caballo"))
                    || self.is(nf, WordKind::Formation)
                {
                    e = n + 1;
                    continue;
                }
                // `las guerrillas de Hidalgo`, `los batallones de Olañeta`:
                // plural units of a commander are his forces, not a name.
                if !weak
                    && !(plural && self.is_person_at(doc, n))
                    && let Some(end) = self.name_at(doc, n)
                {
                    e = end;
                    continue;
                }
            }
            if !weak
                && e == from
                && toks[e].kind == TokenKind::Word
                && toks[e].case == Case::Capitalized
            {
                // `regimiento Numancia`, `batallón Fijo`.
                if let Some(end) = self.name_at(doc, e) {
                    e = end;
                    continue;
                }
            }
            break;
        }
        (e, side)
    }

    /// Notes the war words ([`against_french`]) among `tokens` in `war`:
    /// (an American faction's seen, a French one seen).
    fn note_war(&self, tokens: &[crate::document::Token], war: &mut (bool, bool)) {
        for t in tokens {
            match self.war_words.get(t.folded.as_str()) {
                Some(true) => war.0 = true,
                Some(false) => war.1 = true,
                None => {}
            }
        }
    }

    /// The end of a PERSON or PLACE mention starting at token `i`.
    fn name_at(&self, doc: &Document, i: usize) -> Option<usize> {
        let start = doc.tokens[i].span.start;
        let m = mentions_starting_at(doc, start)
            .find(|m| matches!(m.mention_type(), MentionType::Person | MentionType::Place))?;
        Some(doc.token_at_or_after(m.span.end))
    }

    /// Whether a PERSON mention starts at token `i`.
    fn is_person_at(&self, doc: &Document, i: usize) -> bool {
        let start = doc.tokens[i].span.start;
        mentions_starting_at(doc, start).any(|m| m.mention_type() == MentionType::Person)
    }

    /// Whether the token before a faction noun lets it be a noun.
    fn noun_slot(&self, doc: &Document, first: usize, i: usize) -> bool {
        if i == first {
            return true;
        }
        let p = &doc.tokens[i - 1];
        p.kind == TokenKind::Punct || self.before_noun.contains_key(p.folded.as_str())
    }

    /// The side of a group from its nested people, else from the sentence.
    fn context_side(&self, doc: &Document, span: Span, sentence: Span) -> Option<String> {
        let side_of = |m: &Mention| match &m.value {
            MentionValue::Person { entity, .. } => self.person_side.get(&key(entity)).cloned(),
            _ => None,
        };
        let nested: Vec<String> = doc
            .mentions_in(span)
            .filter_map(|i| side_of(&doc.mentions[i]))
            .collect();
        if let Some(s) = nested.first() {
            return Some(s.clone());
        }
        let around: HashSet<String> = doc
            .mentions_in(sentence)
            .filter_map(|i| side_of(&doc.mentions[i]))
            .collect();
        (around.len() == 1).then(|| around.into_iter().next().unwrap())
    }
}

/// The kind `kind` of a word, from its lexicon entry, with its side.
fn kind_in(
    entry: Option<&Vec<(WordKind, Option<String>)>>,
    kind: WordKind,
) -> Option<Option<&str>> {
    entry?
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, s)| s.as_deref())
}

/// The mentions that start at byte `start`, in `doc.mentions` order. The
/// mentions are sorted by start, so a binary search finds them; the linear
/// scan it replaces made the pass quadratic in the mentions of a document.
fn mentions_starting_at(doc: &Document, start: usize) -> impl Iterator<Item = &Mention> {
    let first = doc.mentions.partition_point(|m| m.span.start < start);
    doc.mentions[first..]
        .iter()
        .take_while(move |m| m.span.start == start)
}

impl Pass for Groups {
    fn name(&self) -> &'static str {
        "groups"
    }

    fn run(&self, doc: &mut Document) {
        let mut found: Vec<(Span, Option<String>)> = Vec::new();
        // The war words ([`against_french`]) are noted in the same walk as
        // the rules' lookups, one lookup of each token for both, instead of
        // a second walk of the whole document: (American, French) seen.
        let mut war = (false, false);
        // whether the sentences hold every token, in order, so the walk
        // below sees them all
        let mut covered = 0;
        for si in 0..doc.sentences.len() {
            let (first, last) = (doc.sentences[si].tokens.start, doc.sentences[si].tokens.end);
            if first == covered && last >= first {
                covered = last;
            } else {
                covered = usize::MAX;
            }
            let sentence_span = doc.sentences[si].span;
            let mut i = first;
            // the tokens before `noted` have had their war words noted
            let mut noted = first;
            while i < last {
                // (tokens a group's extent jumped over)
                if noted < i {
                    self.note_war(&doc.tokens[noted..i], &mut war);
                }
                noted = i + 1;
                let t = &doc.tokens[i];
                let f = t.folded.as_str();
                // One lookup of the word for all its kinds below.
                let gate = self.gate.get(f);
                if let Some((_, Some(american))) = gate {
                    if *american {
                        war.0 = true;
                    } else {
                        war.1 = true;
                    }
                }
                if t.kind != TokenKind::Word || t.case == Case::Upper {
                    i += 1;
                    continue;
                }
                // Every rule below needs a lexicon entry (unit, force,
                // formation, faction) or a troop-arm word: most words have
                // neither and skip the plural and slot tests. (A word only
                // of the war words has an empty entry, which answers no
                // kind, as no entry does.)
                let Some((entry, _)) = gate else {
                    debug_assert!(!troop_arm(f) && self.words.get(f).is_none());
                    i += 1;
                    continue;
                };
                debug_assert_eq!(
                    entry.as_slice(),
                    self.words.get(f).map_or(&[][..], |e| e.as_slice())
                );
                let entry = Some(entry);
                let is = |kind: WordKind| kind_in(entry, kind).is_some();
                let mut group: Option<(usize, usize, Option<String>)> = None;
                if is(WordKind::Unit) {
                    let (end, side) = self.unit_name(doc, i + 1, last, weak_unit(f));
                    if end > i + 1 {
                        group = Some((i, end, side));
                    }
                }
                if group.is_none() && is(WordKind::Force) {
                    let (end, side) = self.unit_name(doc, i + 1, last, true);
                    // A faction adjective, or `ejército del Perú`.
                    let faction =
                        (i + 1..end).any(|j| self.is(&doc.tokens[j].folded, WordKind::Faction));
                    // `ejército del Norte`, `ejército del Centro`.
                    let army = matches!(f, "ejercito" | "ejercitos");
                    if end > i + 1 && (faction || army) {
                        group = Some((i, end, side));
                    } else if army && i + 2 < last {
                        let after = if matches!(doc.tokens[i + 1].folded.as_str(), "de" | "del") {
                            i + 2
                        } else {
                            i + 1
                        };
                        let place = self.name_at(doc, after).filter(|_| {
                            mentions_starting_at(doc, doc.tokens[after].span.start)
                                .any(|m| m.mention_type() == MentionType::Place)
                        });
                        if let Some(end) = place.filter(|_| after > i + 1) {
                            group = Some((i, end, None));
                        }
                    }
                }
                if group.is_none() && is(WordKind::Formation) {
                    let idiom = i > first
                        && matches!(
                            doc.tokens[i - 1].folded.as_str(),
                            "a" | "en" | "de" | "por" | "hacia" | "desde"
                        )
                        // `sobre el flanco o retaguardia del enemigo`: a side
                        // of a body of troops, coordinated with another.
                        || i > first + 1
                            && matches!(doc.tokens[i - 1].folded.as_str(), "o" | "y" | "e")
                            && matches!(
                                doc.tokens[i - 2].folded.as_str(),
                                "flanco" | "flancos" | "frente" | "costado" | "costados"
                                    | "espalda" | "espaldas" | "derecha" | "izquierda"
                            );
                    if !idiom {
                        let (end, side) = self.unit_name(doc, i + 1, last, true);
                        group = Some((i, end, side));
                    }
                }
                // `los dragones de la Reina`, `los granaderos de Castilla`:
                // troops of one arm with a regiment's name. Alone they are
                // generic (`los cazadores`), and `de` + a person is a
                // commander's men (`los cazadores de Olañeta`).
                if group.is_none()
                    && troop_arm(f)
                    && i + 2 < last
                    && doc.tokens[i + 1].folded == "de"
                {
                    let mut n = i + 2;
                    if matches!(doc.tokens[n].folded.as_str(), "la" | "las" | "los") && n + 1 < last
                    {
                        n += 1;
                    }
                    let tn = &doc.tokens[n];
                    if tn.kind == TokenKind::Word
                        && tn.case == Case::Capitalized
                        && !self.is_person_at(doc, n)
                    {
                        let mut end = self.name_at(doc, n).unwrap_or(n + 1);
                        while end < last
                            && doc.tokens[end].kind == TokenKind::Word
                            && doc.tokens[end].case == Case::Capitalized
                        {
                            end += 1;
                        }
                        group = Some((i, end, None));
                    }
                }
                // A plural (`franceses`, not `francés`: one person).
                let plural = f.ends_with('s') && !doc.slice(doc.tokens[i].span).ends_with("és");
                if group.is_none()
                    && plural
                    && kind_in(entry, WordKind::Faction).is_some()
                    && self.noun_slot(doc, first, i)
                {
                    // `veinte millones de españoles`: a whole people.
                    let people = i > first + 1
                        && doc.tokens[i - 1].folded == "de"
                        && matches!(
                            doc.tokens[i - 2].folded.as_str(),
                            "millones" | "millon" | "millares" | "nacion" | "pueblo" | "raza"
                        )
                        // `todos los españoles`: the whole nation.
                        || spanish_word(f)
                            && i > first + 1
                            && matches!(doc.tokens[i - 1].folded.as_str(), "los" | "las")
                            && matches!(doc.tokens[i - 2].folded.as_str(), "todos" | "todas")
                        // `todos somos españoles`, `si son españoles`: a bare
                        // `españoles` after `ser` says what people are. Other
                        // factions there identify troops (`eran franceses`).
                        || spanish_word(f) && i > first && ser_form(&doc.tokens[i - 1].folded);
                    if let Some(side) = kind_in(entry, WordKind::Faction).filter(|_| !people) {
                        // `realistas voluntarios españoles`: arm words and
                        // faction adjectives after the noun belong to it.
                        let (end, more) = self.unit_name(doc, i + 1, last, true);
                        group = Some((i, end, side.map(str::to_string).or(more)));
                    }
                }
                let Some((s, e, side)) = group else {
                    i += 1;
                    continue;
                };
                let span = Span::new(doc.tokens[s].span.start, doc.tokens[e - 1].span.end);
                let side = side.or_else(|| self.context_side(doc, span, sentence_span));
                found.push((span, side.clone()));
                i = e;
                // `… y el de partidarios`: a second unit with the head elided.
                if e + 3 < last
                    && matches!(doc.tokens[e].folded.as_str(), "y" | "e" | ",")
                    && matches!(
                        doc.tokens[e + 1].folded.as_str(),
                        "el" | "la" | "los" | "las"
                    )
                    && doc.tokens[e + 2].folded == "de"
                    && is(WordKind::Unit)
                {
                    let (end, _) = self.unit_name(doc, e + 3, last, false);
                    let named = end > e + 3;
                    let bare = !named && self.is(&doc.tokens[e + 3].folded, WordKind::Arm);
                    let end = if bare { e + 4 } else { end };
                    if named || bare {
                        let span2 =
                            Span::new(doc.tokens[e + 3].span.start, doc.tokens[end - 1].span.end);
                        found.push((span2, side));
                        i = end;
                    }
                }
            }
            if noted < last {
                self.note_war(&doc.tokens[noted..last], &mut war);
            }
        }
        // In a chronicle of the war against Napoleon (the French are named
        // and the American factions are not), Spanish forces are patriots.
        // Only a `realista` group can change, so the tokens are read only
        // when there is one, and once for both word sets (groups 18.9 M →
        // 18.7 M instructions, callgrind on /tmp/bench-small).
        let against_french = found
            .iter()
            .any(|(_, side)| side.as_deref() == Some("realista"))
            && if covered == doc.tokens.len() {
                debug_assert_eq!(war.1 && !war.0, against_french(doc));
                war.1 && !war.0
            } else {
                against_french_fast(doc, &self.war_words)
            };
        let mentions: Vec<Mention> = found
            .into_iter()
            .map(|(span, mut side)| {
                if against_french
                    && side.as_deref() == Some("realista")
                    && doc.tokens
                        [doc.token_at_or_after(span.start)..doc.token_at_or_after(span.end)]
                        .iter()
                        .any(|t| spanish_word(&t.folded))
                {
                    side = Some("patriota".to_string());
                }
                Mention {
                    span,
                    value: MentionValue::Group { side, entity: None },
                }
            })
            .collect();
        // in one merge (groups 2.6 M instructions of `add_mention` on
        // /tmp/bench-small, most of it moving the mentions after each one)
        doc.add_mentions(mentions);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word lists behind the fast paths say what the matches say.
    #[test]
    fn word_lists_agree_with_the_word_tests() {
        for w in TROOP_ARMS {
            assert!(troop_arm(w));
        }
        for w in AMERICAN_WORDS {
            assert!(american_word(w) && !french_word(w));
        }
        for w in FRENCH_WORDS {
            assert!(french_word(w) && !american_word(w));
        }
        let g = Groups::new().unwrap();
        for w in [
            "realistas",
            "godos",
            "frances",
            "napoleon",
            "de",
            "ejercito",
        ] {
            let expected = if american_word(w) {
                Some(&true)
            } else if french_word(w) {
                Some(&false)
            } else {
                None
            };
            assert_eq!(g.war_words.get(w), expected, "{w}");
        }
        for w in TROOP_ARMS {
            assert!(g.words.get(w).is_some(), "{w} passes the one lookup");
        }
    }
}
