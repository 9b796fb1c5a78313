//! NUMBER mentions: cardinals and ordinals in digits and words, with the
//! counted unit and hedges (ANNOTATION.md §NUMBER; decisions the guidelines
//! leave open are in docs/numbers.md).
//!
//! Chronicles carry their facts in numbers (troops, guns, casualties,
//! distances), so the pass reads every numeral form a Spanish text uses:
//! digits with Spanish grouping (`1.300`, `80 000`) and decimals (`1,5`),
//! ranges (`20-21`, `300 a 400`), compound words with gender and apocope
//! (`veintiún`, `doscientas`, `dos mil quinientos`, `un millón`), ordinals in
//! words and digits (`primera`, `vigésimo primero`, `2.ª`, `3er`) and `medio`
//! before a measure. Around each numeral it looks for a hedge (`unos`,
//! `cerca de`, `y pico`) and the counted noun after it, skipping adjectives.
//!
//! Most of the work is telling counts from look-alikes: articles and
//! pronouns (`un`, `una`, `uno`), dates and hours (`dos de mayo`, `a las
//! tres`, a bare year), labels and references (`57.-`, `§ 3`, `cap. 4`),
//! numbers inside names (`los Cien Mil Hijos`), ordinals used as nouns or
//! adverbs (`el cuarto` = the room, `un segundo`, `Primero, …`), idioms
//! (`mil gracias`, `en medio de`) and the markup of the bench editions.
//! DATE runs first and wins clashes ([`Document::add_mention`]), but the
//! pass does not rely on it alone: date contexts are recognized here too.
//!
//! The lexicons are data: `data/number_words.tsv` (every written form, its
//! value and its role in the compounding grammar) and
//! `data/number_cues.tsv` (hedges, labels, the noun-phrase vocabulary).
//! [`parse_number_words`] is the pure word parser the property test drives.

use crate::data::{Table, list};
use crate::document::{Case, Document, Mention, MentionValue, Span, Token, TokenKind};
use crate::error::{Error, Result};
use crate::fold::FoldedSet;
use crate::pipeline::Pass;
use crate::word_table::WordTable;
use regex::Regex;
use std::sync::OnceLock;

/// What a number word does in the compounding grammar (see the header of
/// `data/number_words.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Unit,
    Teen,
    Ten,
    Hundred,
    Thousand,
    Million,
    Ordinal,
    OrdinalTens,
    OrdinalNoun,
    Half,
}

impl Role {
    fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "unit" => Role::Unit,
            "teen" => Role::Teen,
            "ten" => Role::Ten,
            "hundred" => Role::Hundred,
            "thousand" => Role::Thousand,
            "million" => Role::Million,
            "ordinal" => Role::Ordinal,
            "ordtens" => Role::OrdinalTens,
            "ordnoun" => Role::OrdinalNoun,
            "half" => Role::Half,
            _ => return None,
        })
    }
    fn is_cardinal(self) -> bool {
        matches!(
            self,
            Role::Unit | Role::Teen | Role::Ten | Role::Hundred | Role::Thousand | Role::Million
        )
    }
    fn is_ordinal(self) -> bool {
        matches!(self, Role::Ordinal | Role::OrdinalTens | Role::OrdinalNoun)
    }
}

/// The number words: folded form → (value, role). A [`WordTable`]: every
/// word of the text is looked up and almost none is a number word, which its
/// filter rejects without hashing (numbers pass 23.6 M → 19.8 M
/// instructions, callgrind on /tmp/bench-small).
#[derive(Debug, Clone)]
struct Lexicon {
    words: WordTable<(f64, Role)>,
}

impl Lexicon {
    fn parse() -> Result<Lexicon> {
        let name = "data/number_words.tsv";
        let table = Table::parse(name, crate::data::builtin::NUMBER_WORDS)?;
        let (forms, value, role) = (
            table.column("forms")?,
            table.column("value")?,
            table.column("role")?,
        );
        let mut words = WordTable::default();
        for row in &table.rows {
            let v: f64 = row.fields[value].parse().map_err(|_| {
                Error::data(name, row.line, format!("bad value `{}`", row.fields[value]))
            })?;
            let r = Role::parse(&row.fields[role]).ok_or_else(|| {
                Error::data(
                    name,
                    row.line,
                    format!("unknown role `{}`", row.fields[role]),
                )
            })?;
            for form in list(&row.fields[forms]) {
                words.insert(crate::fold::fold(form), (v, r));
            }
        }
        Ok(Lexicon { words })
    }

    fn get(&self, word: &str) -> Option<(f64, Role)> {
        self.words.get(word).copied()
    }

    fn cardinal_role(&self, word: &str) -> Option<(f64, Role)> {
        self.get(word).filter(|(_, r)| r.is_cardinal())
    }

    /// The longest prefix of `words` that is a well-formed cardinal numeral:
    /// its value and how many words it takes. Never ends on `y`. Reads the
    /// words one at a time and stops at the first that is neither a
    /// cardinal nor `y`, so the pass hands it the sentence's tokens as they
    /// come instead of collecting the next twelve into a `Vec` for every
    /// `un`/`una` of the text.
    fn scan_cardinal<'w>(&self, words: impl IntoIterator<Item = &'w str>) -> Option<(f64, usize)> {
        #[derive(Clone, Copy, PartialEq)]
        enum St {
            /// Nothing yet in the current group of three digits.
            Empty,
            AfterHundred,
            /// After a ten that may take `y` + unit.
            AfterTen,
            /// After `y` following a ten: a unit must come.
            AfterTenY,
            /// After `y` following a hundred or `mil` (old `mil y quinientos`).
            AfterBigY,
            /// The group's last digit is set.
            Done,
        }
        let mut millions = 0.0;
        let mut thousands = 0.0;
        let mut group = 0.0;
        let mut st = St::Empty;
        let mut seen_thousand = false;
        let mut seen_million = false;
        let mut after_big = false; // the last word was mil / millón
        let mut best = None;
        for (i, w) in words.into_iter().enumerate() {
            if w == "y" {
                st = match st {
                    St::AfterTen => St::AfterTenY,
                    St::AfterHundred => St::AfterBigY,
                    St::Empty if after_big && seen_thousand && !seen_million => St::AfterBigY,
                    _ => break,
                };
                after_big = false;
                continue;
            }
            let Some((v, role)) = self.cardinal_role(w) else {
                break;
            };
            let next = match (role, st) {
                (Role::Hundred, St::Empty | St::AfterBigY) => {
                    group = v;
                    St::AfterHundred
                }
                (Role::Ten, St::Empty | St::AfterHundred | St::AfterBigY) => {
                    group += v;
                    St::AfterTen
                }
                (Role::Teen, St::Empty | St::AfterHundred | St::AfterBigY)
                | (Role::Unit, St::Empty | St::AfterHundred | St::AfterBigY | St::AfterTenY) => {
                    group += v;
                    St::Done
                }
                (Role::Unit, St::AfterTen) => break,
                (Role::Thousand, s)
                    if !seen_thousand && s != St::AfterTenY && s != St::AfterBigY =>
                {
                    thousands = if group == 0.0 { 1000.0 } else { group * 1000.0 };
                    group = 0.0;
                    seen_thousand = true;
                    St::Empty
                }
                (Role::Million, s) if !seen_million && s != St::AfterTenY && s != St::AfterBigY => {
                    let n = thousands + group;
                    millions = if n == 0.0 { 1.0e6 } else { n * 1.0e6 };
                    thousands = 0.0;
                    group = 0.0;
                    seen_thousand = false;
                    seen_million = true;
                    St::Empty
                }
                _ => break,
            };
            after_big = matches!(role, Role::Thousand | Role::Million);
            st = next;
            best = Some((millions + thousands + group, i + 1));
        }
        best
    }
}

/// The built-in lexicon, parsed once for [`parse_number_words`].
fn builtin_lexicon() -> Option<&'static Lexicon> {
    static LEXICON: OnceLock<Option<Lexicon>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::parse().ok()).as_ref()
}

/// The value of a cardinal numeral written in words, given as folded words
/// (`["dos", "mil", "quinientos"]` → 2500); `None` unless every word is part
/// of one well-formed numeral. Accepts gender forms (`doscientas`,
/// `veintiuna`), apocope (`veintiún`, `un millón`) and the older spellings
/// (`diez y seis`, `veinte y cinco`, `mil y quinientos`). A lone `un`/`una`/
/// `uno` parses as 1 here; the pass itself never counts it.
pub fn parse_number_words(words: &[&str]) -> Option<f64> {
    let lex = builtin_lexicon()?;
    match lex.scan_cardinal(words.iter().copied()) {
        Some((v, n)) if n == words.len() && n > 0 => Some(v),
        _ => None,
    }
}

/// The context vocabulary of `data/number_cues.tsv`.
#[derive(Debug, Clone, Default)]
struct Cues {
    hedge_before: Vec<Vec<String>>,
    hedge_after: Vec<Vec<String>>,
    weak_hedge: Vec<Vec<String>>,
    rank_noun: FoldedSet,

    idiom: Vec<Vec<String>>,
    /// Every word of an idiom: a numeral whose first word is none of them
    /// is in no idiom, without trying each (numbers `judge` is called for
    /// every candidate).
    idiom_words: FoldedSet,
    /// The last words of `hedge_before` and `weak_hedge` phrases and the
    /// first words of `hedge_after` ones: a phrase ends (starts) at a token
    /// only if it is one of them, so the phrases are tried only then.
    hedge_before_last: FoldedSet,
    weak_hedge_last: FoldedSet,
    hedge_after_first: FoldedSet,
    label_before: FoldedSet,
    month: FoldedSet,
    time_before: FoldedSet,
    time_after: FoldedSet,
    singular_det: FoldedSet,
    determiner: FoldedSet,
    pre_adjective: FoldedSet,
    not_noun: FoldedSet,
    measure: FoldedSet,
    verb_ending: Vec<String>,
    noun: FoldedSet,
    adjective_ending: Vec<String>,
    date_before: FoldedSet,
}

impl Cues {
    fn parse() -> Result<Cues> {
        let name = "data/number_cues.tsv";
        let table = Table::parse(name, crate::data::builtin::NUMBER_CUES)?;
        let (phrase, kind) = (table.column("phrase")?, table.column("kind")?);
        let mut c = Cues::default();
        for row in &table.rows {
            let p = crate::fold::fold(&row.fields[phrase]);
            let words = || p.split(' ').map(str::to_string).collect::<Vec<_>>();
            match row.fields[kind].as_str() {
                "hedge_before" => c.hedge_before.push(words()),

                "hedge_after" => c.hedge_after.push(words()),
                "weak_hedge" => c.weak_hedge.push(words()),
                "rank_noun" => drop(c.rank_noun.insert(p)),
                "idiom" => c.idiom.push(words()),
                "label_before" => drop(c.label_before.insert(p)),
                "month" => drop(c.month.insert(p)),
                "time_before" => drop(c.time_before.insert(p)),
                "time_after" => drop(c.time_after.insert(p)),
                "singular_det" => drop(c.singular_det.insert(p)),
                "determiner" => drop(c.determiner.insert(p)),
                "pre_adjective" => drop(c.pre_adjective.insert(p)),
                "not_noun" => drop(c.not_noun.insert(p)),
                "measure" => drop(c.measure.insert(p)),
                "verb_ending" => c.verb_ending.push(p),
                "noun" => drop(c.noun.insert(p)),
                "adjective_ending" => c.adjective_ending.push(p),
                "date_before" => drop(c.date_before.insert(p)),
                k => return Err(Error::data(name, row.line, format!("unknown kind `{k}`"))),
            }
        }
        // Longest phrases first, so `poco mas o menos` wins over `mas o menos`.
        for v in [&mut c.hedge_before, &mut c.hedge_after, &mut c.idiom] {
            v.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        for p in &c.idiom {
            for w in p {
                c.idiom_words.insert(w.clone());
            }
        }
        // (`words()` never gives an empty phrase: split yields one word.)
        for (phrases, set, last) in [
            (&c.hedge_before, &mut c.hedge_before_last, true),
            (&c.weak_hedge, &mut c.weak_hedge_last, true),
            (&c.hedge_after, &mut c.hedge_after_first, false),
        ] {
            for p in phrases {
                let w = if last { p.last() } else { p.first() };
                set.insert(w.expect("a phrase has a word").clone());
            }
        }
        Ok(c)
    }
}

/// A numeral found in a sentence, before its context is judged.
#[derive(Debug, Clone)]
struct Candidate {
    span: Span,
    /// Token range `[first, end)` inside the sentence.
    first: usize,
    end: usize,
    value: f64,
    ordinal: bool,
    approx: bool,
    /// Index of the unit token inside the sentence.
    unit: Option<usize>,
    /// Written in digits.
    digits: bool,
    /// Half of a `20-21` token, or a digit token with grouping.
    range_part: bool,
}

/// The NUMBER pass.
#[derive(Debug, Clone)]
pub struct Numbers {
    lexicon: Lexicon,
    cues: Cues,
    /// `1.300`, `12.000` (dot or comma groups of three).
    grouped: Regex,
    /// `900`, `1,5`.
    plain: Regex,
    /// `1.º`, `2.ª`, `3er`, `1ro`, `2do`.
    ordinal: Regex,
    /// `20-21`.
    range: Regex,
}

impl Numbers {
    pub fn new() -> Result<Numbers> {
        let re = |s: &str| Regex::new(s).map_err(|e| Error::data("numbers.rs", 1, e.to_string()));
        Ok(Numbers {
            lexicon: Lexicon::parse()?,
            cues: Cues::parse()?,
            grouped: re(r"^[0-9]{1,3}(?:([.,])[0-9]{3})(?:[.,][0-9]{3})*$")?,
            plain: re(r"^([0-9]+)(?:,([0-9]+))?$")?,
            ordinal: re(r"^([0-9]+)(?:\.?[ºª°]|er|ra|ro|do|da|to|ta|mo|ma|vo|va|no|na)$")?,
            range: re(r"^([0-9]+)[-–‐]([0-9]+)$")?,
        })
    }

    /// The value of a digit token: `(value, ordinal)`; ranges are handled
    /// by the caller.
    fn digit_value(&self, s: &str) -> Option<(f64, bool)> {
        if let Some(c) = self.ordinal.captures(s) {
            return Some((c[1].parse().ok()?, true));
        }
        if let Some(c) = self.grouped.captures(s) {
            // A comma group of three in a text that uses `,` for decimals is
            // rare; period editions and American chronicles write `1,500`.
            let _sep = &c[1];
            let digits: String = s.chars().filter(char::is_ascii_digit).collect();
            return Some((digits.parse().ok()?, false));
        }
        if let Some(c) = self.plain.captures(s) {
            let int: f64 = c[1].parse().ok()?;
            return match c.get(2) {
                None => Some((int, false)),
                Some(d) => Some((format!("{}.{}", &c[1], d.as_str()).parse().ok()?, false)),
            };
        }
        None
    }

    /// Finds the numerals of one sentence, left to right, into `out`
    /// (cleared first; one buffer serves every sentence).
    fn candidates(&self, text: &str, toks: &[Token], out: &mut Vec<Candidate>) {
        out.clear();
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            match t.kind {
                TokenKind::Number => {
                    if let Some(c) = self.range.captures(&text[t.span.start..t.span.end]) {
                        // `20-21`: two numbers, one per side of the dash.
                        let (a, b) = (c.get(1).unwrap(), c.get(2).unwrap());
                        for m in [a, b] {
                            if let Ok(v) = m.as_str().parse::<f64>() {
                                let span =
                                    Span::new(t.span.start + m.start(), t.span.start + m.end());
                                out.push(Candidate {
                                    span,
                                    first: i,
                                    end: i + 1,
                                    value: v,
                                    ordinal: false,
                                    approx: false,
                                    unit: None,
                                    digits: true,
                                    range_part: true,
                                });
                            }
                        }
                        i += 1;
                        continue;
                    }
                    let Some((mut value, ordinal)) = self.digit_value(t.folded.as_str()) else {
                        i += 1;
                        continue;
                    };
                    let mut end = i + 1;
                    let mut span = t.span;
                    // `80 000`: groups of three separated by a (non-breaking) space.
                    if !ordinal
                        && t.folded.len() <= 3
                        && t.folded.bytes().all(|b| b.is_ascii_digit())
                    {
                        while end < toks.len()
                            && toks[end].kind == TokenKind::Number
                            && toks[end].folded.len() == 3
                            && toks[end].folded.bytes().all(|b| b.is_ascii_digit())
                            && matches!(
                                &text[span.end..toks[end].span.start],
                                " " | "\u{a0}" | "\u{202f}" | "\u{2009}"
                            )
                        {
                            value = value * 1000.0 + toks[end].folded.parse::<f64>().unwrap_or(0.0);
                            span = span.cover(toks[end].span);
                            end += 1;
                        }
                    }
                    // `12 mil`, `2 millones`.
                    if !ordinal && end < toks.len() {
                        if let Some((m, Role::Thousand | Role::Million)) =
                            self.lexicon.cardinal_role(toks[end].folded.as_str())
                        {
                            value *= m;
                            span = span.cover(toks[end].span);
                            end += 1;
                        }
                    }
                    out.push(Candidate {
                        span,
                        first: i,
                        end,
                        value,
                        ordinal,
                        approx: false,
                        unit: None,
                        digits: true,
                        range_part: false,
                    });
                    i = end;
                }
                TokenKind::Word => {
                    let Some((v, role)) = self.lexicon.get(t.folded.as_str()) else {
                        i += 1;
                        continue;
                    };
                    if role.is_cardinal() {
                        let words = toks[i..]
                            .iter()
                            .take_while(|t| t.kind == TokenKind::Word)
                            .take(12)
                            .map(|t| t.folded.as_str());
                        // A bare `millones` (`millones de besos`) counts nothing exact.
                        let bare_plural = t.folded == "millones";
                        if let Some((value, n)) = (!bare_plural)
                            .then(|| self.lexicon.scan_cardinal(words))
                            .flatten()
                        {
                            // A lone `un`, `una`, `uno` is an article or a
                            // pronoun, which `judge` turns away first thing:
                            // not pushed, as most of the word numerals of a
                            // text are these.
                            if n == 1 && matches!(t.folded.as_str(), "un" | "una" | "uno") {
                                i += 1;
                                continue;
                            }
                            out.push(Candidate {
                                span: t.span.cover(toks[i + n - 1].span),
                                first: i,
                                end: i + n,
                                value,
                                ordinal: false,
                                approx: false,
                                unit: None,
                                digits: false,
                                range_part: false,
                            });
                            i += n;
                            continue;
                        }
                    } else if role.is_ordinal() {
                        let mut value = v;
                        let mut end = i + 1;
                        // `vigésimo primero`, `décimo tercera`.
                        if role == Role::OrdinalTens
                            && let Some(next) = toks.get(i + 1)
                            && let Some((u, r)) = self.lexicon.get(next.folded.as_str())
                            && matches!(r, Role::Ordinal | Role::OrdinalNoun)
                            && u < 10.0
                        {
                            value += u;
                            end += 1;
                        }
                        out.push(Candidate {
                            span: t.span.cover(toks[end - 1].span),
                            first: i,
                            end,
                            value,
                            ordinal: true,
                            approx: false,
                            unit: None,
                            digits: false,
                            range_part: false,
                        });
                        i = end;
                        continue;
                    } else if role == Role::Half {
                        out.push(Candidate {
                            span: t.span,
                            first: i,
                            end: i + 1,
                            value: v,
                            ordinal: false,
                            approx: false,
                            unit: None,
                            digits: false,
                            range_part: false,
                        });
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }

    /// Whether `toks[at..]` starts with `phrase`.
    fn phrase_at(toks: &[Token], at: usize, phrase: &[String]) -> bool {
        at + phrase.len() <= toks.len()
            && phrase.iter().zip(&toks[at..]).all(|(p, t)| *p == t.folded)
    }

    /// Whether `toks[..end]` ends with `phrase`.
    fn phrase_before(toks: &[Token], end: usize, phrase: &[String]) -> bool {
        end >= phrase.len() && Self::phrase_at(toks, end - phrase.len(), phrase)
    }

    /// Whether a token could be the counted noun, in the grammatical number
    /// the numeral asks for.
    fn is_noun(&self, text: &str, t: &Token, number: Agreement) -> bool {
        // A unit may be written with a capital (`el primer Batallón`, `las
        // dos Cámaras`); after `veintiún` or `medio` a capital starts a name.
        let case_ok = t.case == Case::Lower
            || (t.case == Case::Capitalized && number != Agreement::CardinalSingular);
        if t.kind != TokenKind::Word || !case_ok {
            return false;
        }
        let w = t.folded.as_str();
        if self.cues.not_noun.contains(w) || self.lexicon.cardinal_role(w).is_some() {
            return false;
        }
        if matches!(self.lexicon.get(w), Some((_, Role::Half))) {
            return false;
        }
        if self
            .cues
            .verb_ending
            .iter()
            .any(|e| w.len() > e.len() + 1 && w.ends_with(e.as_str()))
            && !self.cues.noun.contains(w)
        {
            return false;
        }
        if w.chars().count() < 2 {
            return false;
        }
        // A final accented vowel is a verb (`quedó`, `rompí`), not a noun.
        // So is a future in `-rán` (`prenderán`).
        let raw = &text[t.span.start..t.span.end];
        if raw.ends_with(['á', 'é', 'í', 'ó', 'ú']) || raw.ends_with("rán") {
            return false;
        }
        match number {
            Agreement::Plural => w.ends_with('s'),
            Agreement::Singular | Agreement::CardinalSingular => {
                !(w.ends_with("os") || w.ends_with("as"))
            }
            Agreement::Any => true,
        }
    }

    /// The counted noun after a numeral ending at token `end`: skips
    /// adjectives (and `primeros`) that stand before the noun
    /// (`dos posibles opciones`, `los dos primeros días`), and `de` after
    /// `millón` / `millones` (`un millón de pesos`).
    fn find_unit(
        &self,
        text: &str,
        toks: &[Token],
        end: usize,
        number: Agreement,
        after_million: bool,
    ) -> Option<usize> {
        let mut k = end;
        if after_million && toks.get(k).is_some_and(|t| t.folded == "de") {
            k += 1;
        }
        for _ in 0..3 {
            let t = toks.get(k)?;
            let skippable = self.cues.pre_adjective.contains(t.folded.as_str())
                || self
                    .cues
                    .adjective_ending
                    .iter()
                    .any(|e| t.folded.len() > e.len() + 2 && t.folded.ends_with(e.as_str()));
            if skippable
                && toks
                    .get(k + 1)
                    .is_some_and(|n| self.is_noun(text, n, number))
            {
                k += 1;
                continue;
            }
            return self.is_noun(text, t, number).then_some(k);
        }
        None
    }

    /// Whether the token before `at` (skipping an abbreviation's period)
    /// is a label word (`cap. 4`, `§ 3`, `tomo segundo`).
    /// `lead` holds the tokens of the paragraph before the sentence: `p.`
    /// may have ended the previous one (`la p. 45`).
    fn after_label(&self, lead: &[Token], toks: &[Token], at: usize) -> bool {
        // The two tokens before, nearest first (without collecting them
        // into a Vec for every candidate).
        let mut back = toks[..at].iter().rev().chain(lead.iter().rev());
        match (back.next(), back.next()) {
            (Some(dot), Some(word)) if dot.folded == "." => self
                .cues
                .label_before
                .contains(&format!("{}.", word.folded)),
            // `N° 2`, `Nº 43` written in two tokens.
            (Some(mark), Some(word)) if matches!(mark.folded.as_str(), "°" | "º") => self
                .cues
                .label_before
                .contains(&format!("{}{}", word.folded, mark.folded)),
            (Some(prev), _) => self.cues.label_before.contains(prev.folded.as_str()),
            (None, _) => false,
        }
    }

    /// Judges one candidate in its sentence: `None` when it is not a count.
    fn judge(
        &self,
        text: &str,
        lead: &[Token],
        toks: &[Token],
        mut c: Candidate,
        first_in_paragraph: bool,
    ) -> Option<Candidate> {
        let first = &toks[c.first];
        let prev = |k: usize| c.first.checked_sub(k).map(|j| toks[j].folded.as_str());
        let next = |k: usize| toks.get(c.end + k - 1).map(|t| t.folded.as_str());
        let sentence_initial = sentence_initial_at(toks, c.first);
        let last_word = toks[c.end - 1].folded.as_str();

        // Articles and pronouns.
        if !c.digits
            && c.end - c.first == 1
            && matches!(first.folded.as_str(), "un" | "una" | "uno")
        {
            return None;
        }
        // Words inside a name (`los Cien Mil Hijos`, `Dos de Mayo`), or in a
        // heading in capitals.
        if !c.digits {
            let named = toks[c.first..c.end].iter().any(|t| {
                t.case == Case::Upper || (t.case == Case::Capitalized && !sentence_initial)
            });
            if named {
                return None;
            }
        }
        // Idioms (`mil gracias`, `mil y una`, `con mil amores`): a phrase
        // that covers the number's first word.
        let in_idiom = |p: &Vec<String>| {
            (0..p.len()).any(|o| c.first >= o && Self::phrase_at(toks, c.first - o, p))
        };
        // (An idiom covers the first word only if that word is one of its
        // words: the set test spares the phrase comparisons.)
        if self.cues.idiom_words.contains(first.folded.as_str())
            && self.cues.idiom.iter().any(in_idiom)
        {
            return None;
        }
        // Labels and references.
        if self.after_label(lead, toks, c.first) {
            return None;
        }
        if c.digits {
            // `57.-`, `3)` opening a paragraph.
            if first_in_paragraph
                && c.first == 0
                && matches!(next(1), Some("." | ")" | "-" | "—" | "–" | ":"))
            {
                return None;
            }
            // Footnote marks `(1)`, `[2]`; LaTeX and YAML (`{1}`, `\vspace{1em}`).
            if matches!((prev(1), next(1)), (Some("(" | "["), Some(")" | "]"))) {
                return None;
            }
            let before = text[..c.span.start].chars().next_back();
            let after = text[c.span.end..].chars().next();
            // A clock time (`3:30`) is an hour, left to DATE.
            let digit_colon_before = text[..c.span.start].ends_with(':')
                && text[..c.span.start - 1]
                    .chars()
                    .next_back()
                    .is_some_and(|ch| ch.is_ascii_digit());
            let colon_digit_after = text[c.span.end..].starts_with(':')
                && text[c.span.end + 1..]
                    .chars()
                    .next()
                    .is_some_and(|ch| ch.is_ascii_digit());
            if digit_colon_before || colon_digit_after {
                return None;
            }
            // Inside an HTML tag (`<span style="margin:0 auto">`).
            // (Looked for in the 300 bytes before: tags are short.)
            let mut from = c.span.start.saturating_sub(300);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let head = &text[from..c.span.start];
            if head
                .rfind('<')
                .is_some_and(|lt| head.rfind('>').is_none_or(|gt| gt < lt))
            {
                return None;
            }
            // An enumeration mark or a diary entry opening a sentence:
            // `3.º Los conscriptos…`, `2) Que…`, `«*14*.—Hoy…`.
            let emphasis = usize::from(matches!(next(1), Some("*" | "_")));
            if sentence_initial
                && (c.ordinal && toks.get(c.end).is_none_or(|t| t.case != Case::Lower)
                    || matches!(next(1 + emphasis), Some("." | ")" | "-" | "—" | "–")))
            {
                return None;
            }
            if matches!(before, Some('{' | '\\' | '=' | '^' | '_' | '/'))
                || matches!(after, Some('{' | '}' | '\\' | '=' | '/'))
            {
                return None;
            }
        }
        // Dates: `dos de mayo`, `1 de octubre`, `13 y 15 de enero`, `del 7
        // al 24 de marzo`, `octubre de 1813`, `mayo 2`.
        let mut k = c.end;
        while k < toks.len()
            && k < c.end + 8
            && (toks[k].kind == TokenKind::Number
                || self
                    .lexicon
                    .cardinal_role(toks[k].folded.as_str())
                    .is_some()
                || matches!(toks[k].folded.as_str(), "," | "y" | "e" | "o" | "a" | "al"))
        {
            k += 1;
        }
        if matches!(toks.get(k).map(|t| t.folded.as_str()), Some("de" | "del"))
            && toks
                .get(k + 1)
                .is_some_and(|t| self.cues.month.contains(t.folded.as_str()))
        {
            return None;
        }
        if prev(1).is_some_and(|w| self.cues.month.contains(w))
            || (matches!(prev(1), Some("de" | "del"))
                && prev(2).is_some_and(|w| self.cues.month.contains(w)))
        {
            return None;
        }
        // `por ciento`, `25 por 100`.
        if prev(1) == Some("por") && c.value == 100.0 && (last_word == "ciento" || c.digits) {
            return None;
        }
        let number = if c.ordinal {
            // An ordinal agrees with its noun: `primeros encuentros`, `primera vez`.
            match (c.digits, first.folded.ends_with('s')) {
                (true, _) => Agreement::Any,
                (false, true) => Agreement::Plural,
                (false, false) => Agreement::Singular,
            }
        } else if c.value == 1.0 || c.value == 0.5 {
            Agreement::CardinalSingular
        } else {
            Agreement::Plural
        };
        let after_million = matches!(self.lexicon.get(last_word), Some((_, Role::Million)));
        c.unit = self.find_unit(text, toks, c.end, number, after_million);
        // `un cinco de copas`, `un cuarto` (a room): a numeral made a noun.
        let ordinal_noun = self
            .lexicon
            .get(first.folded.as_str())
            .is_some_and(|(_, r)| r == Role::OrdinalNoun);
        if !c.digits && prev(1) == Some("un") && (!c.ordinal || c.unit.is_none() || ordinal_noun) {
            return None;
        }
        let word = first.folded.as_str();

        if c.ordinal {
            let role = self.lexicon.get(word).map(|(_, r)| r);
            let apocope = matches!(word, "primer" | "tercer" | "decimoprimer" | "decimotercer");
            let determined = prev(1).is_some_and(|w| self.cues.determiner.contains(w));
            // `Efémera 1.ª`, `Carlos 4.º`: a number in a name.
            if c.digits
                && c.unit.is_none()
                && c.first > 0
                && toks[c.first - 1].case == Case::Capitalized
                && !sentence_initial_at(toks, c.first - 1)
            {
                return None;
            }
            // An enumeration of ranks whose noun is said once or left out
            // (`la primera D. Luis Lacy, la segunda D. Gaspar Vigodet`, `con
            // la cuarta y quinta`, `la segunda y tercera`): each is a rank.
            let is_ordinal_word = |w: Option<&str>| {
                w.is_some_and(|w| self.lexicon.get(w).is_some_and(|(_, r)| r.is_ordinal()))
            };
            let in_series = !c.digits
                && c.end - c.first == 1
                && ((matches!(next(1), Some("y" | "e" | ",")) && is_ordinal_word(next(2)))
                    || (matches!(prev(1), Some("y" | "e" | ",")) && is_ordinal_word(prev(2)))
                    || (determined
                        && (2..=12).any(|k| {
                            (is_ordinal_word(prev(k))
                                && prev(k + 1).is_some_and(|w| self.cues.determiner.contains(w)))
                                || (is_ordinal_word(next(k))
                                    && next(k - 1)
                                        .is_some_and(|w| self.cues.determiner.contains(w)))
                        })));
            if !c.digits && !apocope && !in_series {
                // `el cuarto` (a room), `la quinta` (a country house), `los
                // quintos` (conscripts): a rank only before a noun.
                if role == Some(Role::OrdinalNoun)
                    && !c
                        .unit
                        .is_some_and(|k| self.cues.rank_noun.contains(toks[k].folded.as_str()))
                {
                    return None;
                }
                // `un segundo` (of time) without a noun.
                if matches!(prev(1), Some("un" | "una")) && c.unit.is_none() {
                    return None;
                }
                // `Primero, …`, `de primera`, `Primero Dios`: an adverb or an idiom.
                let capital_unit = c.unit.is_some_and(|k| toks[k].case != Case::Lower);
                if !determined && (c.unit.is_none() || capital_unit) {
                    return None;
                }
                // `Fernando séptimo`, `Felipe segundo`: a regnal ordinal.
                if c.first > 0
                    && toks[c.first - 1].case == Case::Capitalized
                    && !sentence_initial_at(toks, c.first - 1)
                {
                    return None;
                }
            }
        } else if c.value == 0.5 && !c.digits {
            // `media legua`; not `en medio de`, `medio muerto`.
            let u = c.unit.map(|k| toks[k].folded.as_str());
            if !u.is_some_and(|u| self.cues.measure.contains(u)) || c.unit != Some(c.end) {
                return None;
            }
        } else {
            // `el 21`, `del dos`, `al 5`: a day or a label, not a count;
            // but `el cinco por ciento` is a rate.
            let percent =
                next(1) == Some("por") && matches!(next(2), Some("ciento" | "cien" | "100"));
            if !percent
                && prev(1).is_some_and(|w| self.cues.singular_det.contains(w))
                && c.value != 1.0
            {
                return None;
            }
            // Hours: `a las tres`, `las dos de la tarde`, `las seis y media`.
            if c.unit.is_none()
                && matches!(prev(1), Some("las" | "la"))
                && c.value <= 12.0
                && c.value.fract() == 0.0
            {
                let part_of_day = next(1) == Some("de")
                    && matches!(next(2), Some("la" | "el"))
                    && matches!(
                        next(3),
                        Some("manana" | "tarde" | "noche" | "madrugada" | "alba")
                    );
                let fraction = next(1) == Some("y") && matches!(next(2), Some("media" | "cuarto"))
                    || next(1) == Some("menos");
                if part_of_day
                    || fraction
                    || prev(2).is_some_and(|w| self.cues.time_before.contains(w))
                    || next(1).is_some_and(|w| self.cues.time_after.contains(w))
                {
                    return None;
                }
            }
            // A day or a year: `el día 7`, `el año 13`, `el viernes 19`,
            // `a 15, día de San Pablo`.
            if c.digits && c.unit.is_none() && !c.ordinal {
                let day_after =
                    next(1) == Some("dia") || (next(1) == Some(",") && next(2) == Some("dia"));
                if prev(1).is_some_and(|w| self.cues.date_before.contains(w)) || day_after {
                    return None;
                }
                // An address or a name's number: `Cuchilleros, 3`, `Efémera 1.ª`.
                let after_name = |k: usize| {
                    c.first >= k
                        && toks[c.first - k].case == Case::Capitalized
                        && !sentence_initial_at(toks, c.first - k)
                };
                if (prev(1) == Some(",") && after_name(2)) || after_name(1) {
                    return None;
                }
            }
            // A bare year: `en 1808`.
            if c.digits
                && c.unit.is_none()
                && (1000.0..=2100.0).contains(&c.value)
                && first.folded.bytes().all(|b| b.is_ascii_digit())
                && c.end == c.first + 1
            {
                return None;
            }
        }
        // Hedges before (`apenas unos 400`, `cerca de 300`) …
        let mut at = c.first;
        // a phrase ending just before `k` ends with the word at `k - 1`
        let word_before = |k: usize| k.checked_sub(1).map(|j| toks[j].folded.as_str());
        for _ in 0..3 {
            if !word_before(at).is_some_and(|w| self.cues.hedge_before_last.contains(w)) {
                break;
            }
            match self
                .cues
                .hedge_before
                .iter()
                .find(|p| Self::phrase_before(toks, at, p))
            {
                Some(p) => {
                    c.approx = true;
                    at -= p.len();
                }
                None => break,
            }
        }
        // `como 400 hombres`, `como tres horas`; not `como dos amigos`.
        let measure = c
            .unit
            .is_some_and(|k| self.cues.measure.contains(toks[k].folded.as_str()));
        if (c.value >= 20.0 || measure)
            && word_before(at).is_some_and(|w| self.cues.weak_hedge_last.contains(w))
            && self
                .cues
                .weak_hedge
                .iter()
                .any(|p| Self::phrase_before(toks, at, p))
        {
            c.approx = true;
        }
        // … and after the number or its unit (`300 y pico`, `400 hombres,
        // poco más o menos`).
        for from in [Some(c.end), c.unit.map(|u| u + 1)].into_iter().flatten() {
            let from = if toks.get(from).is_some_and(|t| t.folded == ",") {
                from + 1
            } else {
                from
            };
            if toks
                .get(from)
                .is_some_and(|t| self.cues.hedge_after_first.contains(t.folded.as_str()))
                && self
                    .cues
                    .hedge_after
                    .iter()
                    .any(|p| Self::phrase_at(toks, from, p))
            {
                c.approx = true;
            }
        }
        Some(c)
    }
}

/// The grammatical number a numeral asks of its noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Agreement {
    Singular,
    /// `veintiún`, `medio`: singular, and never before a name.
    CardinalSingular,
    Plural,
    Any,
}

fn sentence_initial_at(toks: &[Token], at: usize) -> bool {
    // Stops at the first word, so it costs nothing on long sentences.
    toks.iter()
        .position(|t| t.kind != TokenKind::Punct)
        .is_none_or(|first_word| at <= first_word)
}

/// The byte range of a LaTeX/YAML front matter (`% title` lines, then a
/// block between `---` lines) at the start of a text, if there is one.
fn front_matter(text: &str) -> Option<Span> {
    let mut offset = 0;
    let mut open: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let l = line.trim();
        match open {
            None if l == "---" => open = Some(offset),
            None if l.is_empty() || l.starts_with('%') => {}
            None => return None,
            Some(start) if l == "---" || l == "..." => {
                return Some(Span::new(start, offset + line.len()));
            }
            Some(_) => {}
        }
        offset += line.len();
    }
    None
}

impl Pass for Numbers {
    fn name(&self) -> &'static str {
        "numbers"
    }

    fn run(&self, doc: &mut Document) {
        let preamble = front_matter(doc.text());
        let mut found = Vec::new();
        // the candidates and the judged ones of a sentence, reused
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut judged: Vec<Candidate> = Vec::new();
        for s in 0..doc.sentences.len() {
            let sentence = &doc.sentences[s];
            if preamble.is_some_and(|p| p.overlaps(sentence.span)) {
                continue;
            }
            let para = &doc.paragraphs[sentence.paragraph];
            let text = doc.text();
            // Markdown headings (`# XII`, `## 3`).
            if text[para.span.start..].starts_with('#') {
                continue;
            }
            let first_in_paragraph = para.sentences.start == s;
            let toks = doc.sentence_tokens(s);
            let sentence_start = doc.sentences[s].tokens.start;
            let para_start = doc.sentences[para.sentences.start].tokens.start;
            let lead =
                &doc.tokens[para_start.max(sentence_start.saturating_sub(2))..sentence_start];
            self.candidates(text, toks, &mut candidates);
            if candidates.is_empty() {
                continue;
            }
            judged.clear();
            judged.extend(
                candidates
                    .drain(..)
                    .filter_map(|c| self.judge(text, lead, toks, c, first_in_paragraph)),
            );
            link_ranges(toks, &mut judged);
            // An ordinal that is the unit of a cardinal (`dos segundos`) is not a rank.
            // A few candidates per sentence: a scan, not a (SipHash) set.
            for k in 0..judged.len() {
                let c = &judged[k];
                if c.ordinal && !c.digits && judged.iter().any(|u| u.unit == Some(c.first)) {
                    continue;
                }
                let unit = c.unit.map(|k| doc.slice(toks[k].span).to_string());
                found.push(Mention {
                    span: c.span,
                    value: MentionValue::Number {
                        value: c.value,
                        ordinal: c.ordinal,
                        unit,
                        approx: c.approx,
                    },
                });
            }
        }
        doc.add_mentions(found);
    }
}

/// Ranges: `300 a 400 hombres`, `dos o tres días`, `entre 300 y 400`, `20-21`:
/// the first number takes the second's unit, and a hedge on either holds
/// for both.
fn link_ranges(toks: &[Token], cands: &mut [Candidate]) {
    for i in 1..cands.len() {
        let (a, b) = (&cands[i - 1], &cands[i]);
        if a.ordinal != b.ordinal {
            continue;
        }
        let linked = if a.range_part && b.range_part && a.first == b.first {
            true
        } else if b.first == a.end + 1 {
            match toks[a.end].folded.as_str() {
                "a" | "o" | "u" | "al" | "-" | "–" => true,
                "y" => {
                    a.ordinal
                        || a.first > 0
                            && toks[..a.first]
                                .iter()
                                .rev()
                                .take(3)
                                .any(|t| t.folded == "entre")
                }
                _ => false,
            }
        } else {
            false
        };
        if linked && a.unit.is_none() {
            let (unit, approx) = (b.unit, a.approx || b.approx);
            cands[i - 1].unit = unit;
            cands[i - 1].approx = approx;
            cands[i].approx = approx;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_parser_compounds() {
        for (words, value) in [
            ("dos", 2.0),
            ("veintiun", 21.0),
            ("treinta y un", 31.0),
            ("ciento cincuenta", 150.0),
            ("dos mil quinientos", 2500.0),
            ("un millon", 1.0e6),
            ("dos millones trescientos mil", 2.3e6),
            ("diez y seis", 16.0),
            ("mil y quinientos", 1500.0),
            ("quinientas", 500.0),
        ] {
            let w: Vec<&str> = words.split(' ').collect();
            assert_eq!(parse_number_words(&w), Some(value), "{words}");
        }
        for bad in [
            "dos tres",
            "treinta y",
            "mil mil",
            "veinte y once",
            "cien ciento",
            "y dos",
            "",
        ] {
            let w: Vec<&str> = if bad.is_empty() {
                vec![]
            } else {
                bad.split(' ').collect()
            };
            assert_eq!(parse_number_words(&w), None, "{bad}");
        }
    }

    #[test]
    fn front_matter_is_found() {
        let t = "% T\n% A\n\n---\nindent: true\n\\setcounter{x}{1}\n---\n\n# I\n\nTexto 3.";
        let p = front_matter(t).unwrap();
        assert!(t[p.start..p.end].contains("setcounter"));
        assert!(!t[p.start..p.end].contains("Texto"));
        assert_eq!(front_matter("Texto con 3 hombres.\n---\n"), None);
    }
}
