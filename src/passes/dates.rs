//! DATE mentions: calendar points, ranges and times of day, normalized to
//! TIMEX3 values and resolved against the narrative.
//!
//! Chronicles leave most of a date implicit (`el 21`, `al día siguiente`,
//! `a las tres de la tarde`) and spell months the period's way (`setiembre`,
//! `7bre`). The pass reads each sentence with a small grammar over folded
//! tokens whose words all come from `data/date_lexicon.tsv`, turns each
//! phrase into an [`Expr`] (what the text says), and resolves it
//! against the reference point of the document ([`Reference`]:
//! the most recent date, seeded by `doc.meta`) into a value.
//!
//! The phrases, each tried at every token (the first that reads wins):
//! - a day with its month: `el 1.º de octubre de 1813`, `el martes 4 de
//!   mayo`, `primero de octubre`, `20-21 de octubre`, `del 3 al 5 de mayo`,
//!   `entre el 3 y el 5 de mayo`, `el 26 del mismo mes`, `mayo 3 de 1813`;
//! - a bare day (`el 21`, `el día 25`) only when a reference month exists
//!   and no counted noun follows (`el 21 de infantería` is not a date);
//! - a month (`en setiembre`, `el mes de octubre de 1813`), a part of a
//!   month (`a fines de octubre`), a year (`el año de 1815`, `en 1810`);
//! - days relative to the reference (`al día siguiente`, `la víspera`,
//!   `dos días después`, `ese día`), months and years (`el mes siguiente`);
//! - times: clock times (`las tres de la tarde`, `la una y media`) and parts
//!   of day (`esa noche`, `al amanecer`, `la noche del 20 al 21`).
//!
//! Only time points of the narrative move the reference: asides (a date in
//! parentheses, after `nacido`/`murió`, a year after `desde` or a noun's
//! `de`), look-backs by years and dates far from `doc.meta` are valued but
//! leave it alone ([`Reader::is_aside`], [`is_flashback`]).
//!
//! Extents start at the article, never at a preposition or `al`/`del`
//! (ANNOTATION.md §DATE). Conventions not spelled out there: docs/dates.md.

mod resolve;

pub use resolve::{Expr, MonthSpec, Reference, TimeOfDay, YearSpec, resolve};

use crate::data::Table;
use crate::document::{Case, Document, Mention, MentionValue, Span, Token, TokenKind};
use crate::error::{Error, Result};
use crate::fold::{FoldedMap, FoldedSet, fold};
use crate::pipeline::Pass;
use crate::word_table::WordTable;

/// The words of `data/date_lexicon.tsv`, by kind, in folded form.
#[derive(Debug, Clone, Default)]
struct Lexicon {
    months: FoldedMap<u32>,
    month_abbreviations: FoldedMap<u32>,
    weekdays: FoldedSet,
    numbers: FoldedMap<u32>,
    day_ordinals: FoldedMap<u32>,
    parts_of_day: FoldedMap<TimeOfDay>,
    parts_after_al: FoldedSet,
    shifts: FoldedMap<i32>,
    /// Multi-word `después`/`más tarde`/`antes`, as token sequences.
    laters: Vec<(Vec<String>, i32)>,
    parts_of_month: FoldedSet,
    month_modifiers: FoldedSet,
    before_month: FoldedSet,
    not_before_month: FoldedSet,
    demonstratives: FoldedSet,
    same: FoldedSet,
    this_month: FoldedSet,
    articles: FoldedSet,
    prepositions: FoldedSet,
    plural_function: FoldedSet,
    not_before_year: FoldedSet,
    asides: FoldedSet,
    year_asides: FoldedSet,
    year_nouns: FoldedSet,
    years: (i32, i32),
    /// The year a year written short (`del 62`) is read nearest to when the
    /// text has given no year yet.
    short_year_default: Option<i32>,
    /// Everything above about each word, so a token is looked up once. A
    /// [`WordTable`], whose filter turns most words away without hashing.
    words: WordTable<WordInfo>,
    /// What the lexicon says about `""` (a position past the sentence).
    no_word: WordInfo,
}

/// What the lexicon says about one folded word.
#[derive(Debug, Clone, Copy, Default)]
struct WordInfo {
    month: Option<u32>,
    month_abbreviation: Option<u32>,
    number: Option<u32>,
    day_ordinal: Option<u32>,
    part_of_day: Option<TimeOfDay>,
    shift: Option<i32>,
    /// The sets the word belongs to (`WordInfo::WEEKDAY`, …).
    sets: u16,
    /// Whether a phrase may start at a word token of this form
    /// ([`Reader::may_start`], computed once per lexicon word).
    may_start: bool,
    /// An article (`el`, `la`, `los`, `las`) that starts a phrase only
    /// before a word with `opens_after_article` or a number
    /// ([`article_start`]).
    article_start: bool,
    /// Whether a phrase may go on from an article into this word: the
    /// words that may start a phrase, `mismo`, and month modifiers.
    opens_after_article: bool,
}

impl WordInfo {
    const WEEKDAY: u16 = 1;
    const PART_AFTER_AL: u16 = 1 << 1;
    const PART_OF_MONTH: u16 = 1 << 2;
    const MONTH_MODIFIER: u16 = 1 << 3;
    const BEFORE_MONTH: u16 = 1 << 4;
    const NOT_BEFORE_MONTH: u16 = 1 << 5;
    const DEMONSTRATIVE: u16 = 1 << 6;
    const SAME: u16 = 1 << 7;
    const THIS_MONTH: u16 = 1 << 8;
    const ARTICLE: u16 = 1 << 9;
    const PREPOSITION: u16 = 1 << 10;
    const PLURAL_FUNCTION: u16 = 1 << 11;
    const NOT_BEFORE_YEAR: u16 = 1 << 12;
    const ASIDE: u16 = 1 << 13;
    const ASIDE_YEAR: u16 = 1 << 14;
    const YEAR_NOUN: u16 = 1 << 15;

    fn is(&self, set: u16) -> bool {
        self.sets & set != 0
    }
}

impl Lexicon {
    fn parse(name: &str, source: &str) -> Result<Lexicon> {
        let table = Table::parse(name, source)?;
        let (form_col, kind_col, value_col) = (
            table.column("form")?,
            table.column("kind")?,
            table.column("value")?,
        );
        let mut lex = Lexicon {
            years: (1400, 1999),
            ..Lexicon::default()
        };
        for row in &table.rows {
            let form = fold(&row.fields[form_col]);
            let value = row.fields[value_col].as_str();
            let bad = |what: &str| Error::data(name, row.line, format!("bad {what} `{value}`"));
            let number = |max: i64| -> Result<i64> {
                value
                    .parse::<i64>()
                    .ok()
                    .filter(|v| v.abs() <= max)
                    .ok_or_else(|| bad("number"))
            };
            match row.fields[kind_col].as_str() {
                "month" => {
                    lex.months.insert(form, number(12)? as u32);
                }
                "month-abbr" => {
                    lex.month_abbreviations.insert(form, number(12)? as u32);
                }
                "weekday" => {
                    lex.weekdays.insert(form);
                }
                "number" => {
                    lex.numbers.insert(form, number(1000)? as u32);
                }
                "day-ordinal" => {
                    lex.day_ordinals.insert(form, number(31)? as u32);
                }
                "part-of-day" => {
                    let t = match value {
                        "TMO" => TimeOfDay::Part("MO"),
                        "TAF" => TimeOfDay::Part("AF"),
                        "TEV" => TimeOfDay::Part("EV"),
                        "TNI" => TimeOfDay::Part("NI"),
                        v => {
                            let (h, m) = v.split_once(':').ok_or_else(|| bad("part of day"))?;
                            let h: u32 = h.parse().map_err(|_| bad("hour"))?;
                            let m: u32 = m.parse().map_err(|_| bad("minute"))?;
                            if h > 24 || m > 59 {
                                return Err(bad("time"));
                            }
                            TimeOfDay::Clock(h, m)
                        }
                    };
                    lex.parts_of_day.insert(form, t);
                }
                "part-after-al" => {
                    lex.parts_after_al.insert(form);
                }
                "shift" => {
                    lex.shifts.insert(form, number(1)? as i32);
                }
                "later" => {
                    let words = form.split_whitespace().map(str::to_string).collect();
                    lex.laters.push((words, number(1)? as i32));
                }
                "not-before-month" => {
                    lex.not_before_month.insert(form);
                }
                "before-month" => {
                    lex.before_month.insert(form);
                }
                "month-modifier" => {
                    lex.month_modifiers.insert(form);
                }
                "part-of-month" => {
                    lex.parts_of_month.insert(form);
                }
                "demonstrative" => {
                    lex.demonstratives.insert(form);
                }
                "same" => {
                    lex.same.insert(form);
                }
                "this-month" => {
                    lex.this_month.insert(form);
                }
                "article" => {
                    lex.articles.insert(form);
                }
                "preposition" => {
                    lex.prepositions.insert(form);
                }
                "plural-function" => {
                    lex.plural_function.insert(form);
                }
                "not-before-year" => {
                    lex.not_before_year.insert(form);
                }
                "aside" => {
                    lex.asides.insert(form);
                }
                "aside-year" => {
                    lex.year_asides.insert(form);
                }
                "year-noun" => {
                    lex.year_nouns.insert(form);
                }
                "short-year-default" => {
                    lex.short_year_default = Some(number(9999)? as i32);
                }
                "year-range" => {
                    let (a, b) = value.split_once('-').ok_or_else(|| bad("year range"))?;
                    let a: i32 = a.parse().map_err(|_| bad("year"))?;
                    let b: i32 = b.parse().map_err(|_| bad("year"))?;
                    lex.years = (a, b);
                }
                k => return Err(Error::data(name, row.line, format!("unknown kind `{k}`"))),
            }
        }
        for part in &lex.parts_after_al {
            if !lex.parts_of_day.contains_key(part) {
                return Err(Error::data(
                    name,
                    1,
                    format!("part-after-al `{part}` is not a part-of-day"),
                ));
            }
        }
        lex.words = lex.word_infos();
        lex.no_word = lex.words.get("").copied().unwrap_or_default();
        lex.no_word.may_start = may_start_word("", &lex.no_word);
        lex.no_word.article_start = false;
        lex.no_word.opens_after_article = opens_after_article(&lex.no_word);
        Ok(lex)
    }

    /// Every word of the lexicon with what each map and set says of it,
    /// and the words a phrase may start with.
    fn word_infos(&self) -> WordTable<WordInfo> {
        let mut words: FoldedMap<WordInfo> = FoldedMap::default();
        fn entry<'m>(words: &'m mut FoldedMap<WordInfo>, w: &str) -> &'m mut WordInfo {
            words.entry(w.to_string()).or_default()
        }
        for (w, &v) in &self.months {
            entry(&mut words, w).month = Some(v);
        }
        for (w, &v) in &self.month_abbreviations {
            entry(&mut words, w).month_abbreviation = Some(v);
        }
        for (w, &v) in &self.numbers {
            entry(&mut words, w).number = Some(v);
        }
        for (w, &v) in &self.day_ordinals {
            entry(&mut words, w).day_ordinal = Some(v);
        }
        for (w, &v) in &self.parts_of_day {
            entry(&mut words, w).part_of_day = Some(v);
        }
        for (w, &v) in &self.shifts {
            entry(&mut words, w).shift = Some(v);
        }
        for (set, bit) in [
            (&self.weekdays, WordInfo::WEEKDAY),
            (&self.parts_after_al, WordInfo::PART_AFTER_AL),
            (&self.parts_of_month, WordInfo::PART_OF_MONTH),
            (&self.month_modifiers, WordInfo::MONTH_MODIFIER),
            (&self.before_month, WordInfo::BEFORE_MONTH),
            (&self.not_before_month, WordInfo::NOT_BEFORE_MONTH),
            (&self.demonstratives, WordInfo::DEMONSTRATIVE),
            (&self.same, WordInfo::SAME),
            (&self.this_month, WordInfo::THIS_MONTH),
            (&self.articles, WordInfo::ARTICLE),
            (&self.prepositions, WordInfo::PREPOSITION),
            (&self.plural_function, WordInfo::PLURAL_FUNCTION),
            (&self.not_before_year, WordInfo::NOT_BEFORE_YEAR),
            (&self.asides, WordInfo::ASIDE),
            (&self.year_asides, WordInfo::ASIDE_YEAR),
            (&self.year_nouns, WordInfo::YEAR_NOUN),
        ] {
            for w in set {
                entry(&mut words, w).sets |= bit;
            }
        }
        // the phrase-start words the lexicon does not list get an entry
        // that says what `no_word` says, and that they may start a phrase
        let blank = words.get("").copied().unwrap_or_default();
        for &w in PHRASE_START_WORDS {
            if !words.contains_key(w) {
                words.insert(w.to_string(), blank);
            }
        }
        words
            .into_iter()
            .map(|(w, info)| {
                let may_start = may_start_word(&w, &info);
                let info = WordInfo { may_start, ..info };
                let article_start = article_start(&w, &info);
                let opens_after_article = opens_after_article(&info);
                (
                    w,
                    WordInfo {
                        article_start,
                        opens_after_article,
                        ..info
                    },
                )
            })
            .collect()
    }

    /// What the lexicon says about the folded word `w`.
    fn info(&self, w: &str) -> &WordInfo {
        self.words.get(w).unwrap_or(&self.no_word)
    }
}

/// The dates pass.
#[derive(Debug, Clone)]
pub struct Dates {
    lexicon: Lexicon,
}

impl Dates {
    pub fn new() -> Result<Dates> {
        Ok(Dates {
            lexicon: Lexicon::parse("data/date_lexicon.tsv", crate::data::builtin::DATE_LEXICON)?,
        })
    }
}

/// One day number as written: a single day or a `20-21` range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayNumber {
    One(u32),
    Two(u32, u32),
}

#[derive(Debug, Clone, Copy)]
struct DayToken {
    day: DayNumber,
    end: usize,
    /// Written in digits (`21`), not words or ordinals.
    plain_digits: bool,
}

/// The grammar over one sentence's tokens.
struct Reader<'a> {
    lex: &'a Lexicon,
    /// The document text, for what lies outside the sentence.
    text: &'a str,
    toks: &'a [Token],
    /// Whether the reference point has a month (a bare `el 21` needs one).
    has_month: bool,
    /// The lexicon's entry and the folded form of each of `toks`: the form
    /// is decoded from its `CompactString` once per token rather than at
    /// each of the grammar's many looks (the grammar 12.8 M → 10.4 M
    /// instructions on /tmp/bench-small, with `is_any` inlined).
    words: &'a [(&'a WordInfo, &'a str)],
}

type Parsed = Option<(usize, Expr)>;

/// How many words back, within the clause, an aside word
/// ([`Reader::is_aside`]) still marks a date as an aside.
const CLAUSE_LOOKBACK: usize = 6;

/// The longest run of markup or determiner tokens a phrase looks through,
/// so that pathological text (a line of ten thousand `*`) stays linear.
const MAX_RUN: usize = 4;

impl<'a> Reader<'a> {
    #[inline(always)]
    fn w(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.1)
    }
    /// The folded word before `i`, or "" at the sentence start.
    /// The lexicon's entry for token `i` (for `""` past the sentence).
    fn info(&self, i: usize) -> &WordInfo {
        self.words.get(i).map_or(&self.lex.no_word, |w| w.0)
    }
    /// The lexicon's entry for the token before `i`, as [`Reader::before`].
    fn info_before(&self, i: usize) -> &WordInfo {
        if i == 0 {
            &self.lex.no_word
        } else {
            self.info(i - 1)
        }
    }
    fn before(&self, i: usize) -> &str {
        if i == 0 { "" } else { self.w(i - 1) }
    }
    /// Inlined, so that each `set` is a constant the compiler unrolls into
    /// comparisons of known length instead of `memcmp` calls.
    #[inline(always)]
    fn is_any(&self, i: usize, set: &[&str]) -> bool {
        let w = self.w(i);
        set.iter().any(|s| *s == w)
    }
    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }
    fn digits(&self, i: usize) -> Option<u32> {
        let f = self.w(i);
        if self.kind(i) == Some(TokenKind::Number)
            && !f.is_empty()
            && f.len() <= 4
            && f.bytes().all(|b| b.is_ascii_digit())
        {
            f.parse().ok()
        } else {
            None
        }
    }

    /// A month name at `i` (full names only unless `abbreviations`).
    fn month(&self, i: usize, abbreviations: bool) -> Option<(u32, usize)> {
        let f = self.w(i);
        if let Some(m) = self.info(i).month {
            return Some((m, i + 1));
        }
        if !abbreviations {
            return None;
        }
        if let Some(m) = self.info(i).month_abbreviation {
            return Some((m, i + 1));
        }
        if self.w(i + 1) == "."
            && self.toks[i + 1].span.start == self.toks[i].span.end
            && let Some(&m) = self.lex.month_abbreviations.get(&format!("{f}."))
        {
            return Some((m, i + 2));
        }
        None
    }

    /// A cardinal in words (`veinte y uno`, `mil ochocientos trece`).
    fn number_words(&self, i: usize) -> Option<(u32, usize)> {
        let n = |j: usize| self.info(j).number;
        let mut j = i;
        let mut total = 0;
        if n(j) == Some(1000) {
            total = 1000;
            j += 1;
        }
        if let Some(h) = n(j).filter(|&v| (100..1000).contains(&v)) {
            total += h;
            j += 1;
        }
        if let Some(v) = n(j).filter(|&v| v < 100) {
            if v % 10 == 0
                && self.w(j + 1) == "y"
                && let Some(u) = n(j + 2).filter(|&u| (1..10).contains(&u))
            {
                return Some((total + v + u, j + 3));
            }
            total += v;
            j += 1;
        }
        (j > i).then_some((total, j))
    }

    /// A day of the month at `i`: `21`, `1.º`, `20-21`, `primero`, `veinte y uno`.
    fn day(&self, i: usize) -> Option<DayToken> {
        let f = self.w(i);
        let ok = |d: u32| (1..=31).contains(&d);
        if self.kind(i) == Some(TokenKind::Number) {
            if let Some(d) = self.digits(i).filter(|&d| ok(d)) {
                return Some(DayToken {
                    day: DayNumber::One(d),
                    end: i + 1,
                    plain_digits: true,
                });
            }
            for mark in [".º", "º", ".°", "°", ".o"] {
                if let Some(d) = f
                    .strip_suffix(mark)
                    .and_then(|d| d.parse().ok())
                    .filter(|&d| ok(d))
                {
                    return Some(DayToken {
                        day: DayNumber::One(d),
                        end: i + 1,
                        plain_digits: false,
                    });
                }
            }
            let (a, b) = f.split_once(['-', '–', '‐'])?;
            let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
            return (ok(a) && ok(b) && a < b).then_some(DayToken {
                day: DayNumber::Two(a, b),
                end: i + 1,
                plain_digits: true,
            });
        }
        if let Some(d) = self.info(i).day_ordinal {
            return Some(DayToken {
                day: DayNumber::One(d),
                end: i + 1,
                plain_digits: false,
            });
        }
        if matches!(f, "un" | "una") {
            return None;
        }
        let (d, end) = self.number_words(i).filter(|&(d, _)| ok(d))?;
        Some(DayToken {
            day: DayNumber::One(d),
            end,
            plain_digits: false,
        })
    }

    /// A year at `i`: `1813`, `1.813`, `mil ochocientos trece`.
    fn year(&self, i: usize) -> Option<(i32, usize)> {
        let f = self.w(i);
        if self.kind(i) == Some(TokenKind::Number) {
            let plain: String = match f.split_once('.') {
                Some((a, b)) if a.len() == 1 && b.len() == 3 => format!("{a}{b}"),
                _ => f.to_string(),
            };
            if (3..=4).contains(&plain.len()) && plain.bytes().all(|b| b.is_ascii_digit()) {
                let y: i32 = plain.parse().ok()?;
                return (100..=2100).contains(&y).then_some((y, i + 1));
            }
            return None;
        }
        if f == "mil" {
            let (y, end) = self.number_words(i)?;
            // `mil ochocientos trece`; a bare `mil` is "a thousand", not a year
            return (1001..=2100).contains(&y).then_some((y as i32, end));
        }
        None
    }

    /// After a month: `de 1813`, `del año de 1813`, `, 1813`, `de ese año`,
    /// `del año siguiente`.
    fn year_tail(&self, i: usize) -> Option<(YearSpec, usize)> {
        let f = self.w(i);
        // `Septiembre 1903`
        if self.kind(i) == Some(TokenKind::Number)
            && f.len() == 4
            && let Some((y, e)) = self.year(i).filter(|&(y, _)| y >= 1000)
            && self.free_after(e)
        {
            return Some((YearSpec::Given(y), e));
        }
        if f == "," {
            return self
                .year(i + 1)
                .filter(|&(y, _)| y >= 1000)
                .map(|(y, e)| (YearSpec::Given(y), e));
        }
        if f != "de" && f != "del" {
            return None;
        }
        let mut k = i + 1;
        if self.w(k) == "ano" {
            k += 1;
            if self.w(k) == "de" {
                k += 1;
            }
        }
        if let Some((y, e)) = self
            .year(k)
            .filter(|&(_, e)| self.free_after(e) || self.w(e) == "anos")
        {
            // `del año 805`: a period way of writing 1805
            let spec = if y < 1000 {
                YearSpec::Elided(y as u32)
            } else {
                YearSpec::Given(y)
            };
            return Some((spec, e));
        }
        // `Diciembre del 62`, `Marzo del año 8`
        if f == "del"
            && let Some(n) = self.digits(k).filter(|&n| n < 100 && self.w(k).len() <= 2)
            && self.free_after(k + 1)
        {
            return Some((YearSpec::Short(n), k + 1));
        }
        let mut k = i + 1;
        let mut determined = false;
        while k < i + MAX_RUN
            && (self.info(k).is(WordInfo::DEMONSTRATIVE)
                || self.info(k).is(WordInfo::SAME)
                || self.info(k).is(WordInfo::THIS_MONTH))
        {
            k += 1;
            determined = true;
        }
        if self.w(k) != "ano" {
            return None;
        }
        k += 1;
        if let Some(o) = self.info(k).shift {
            return Some((YearSpec::Relative(o), k + 1));
        }
        determined.then_some((YearSpec::Relative(0), k))
    }

    /// After a day: `del mismo mes`, `de este mes`, `del corriente`, `del mes siguiente`.
    fn this_month_tail(&self, i: usize) -> Option<(MonthSpec, usize)> {
        if !self.is_any(i, &["de", "del"]) {
            return None;
        }
        let mut k = i + 1;
        let mut determined = false;
        let mut this_word = false;
        while k < i + MAX_RUN
            && (self.info(k).is(WordInfo::DEMONSTRATIVE)
                || self.info(k).is(WordInfo::SAME)
                || self.info(k).is(WordInfo::THIS_MONTH))
        {
            this_word = self.info(k).is(WordInfo::THIS_MONTH) && !self.info(k).is(WordInfo::SAME);
            k += 1;
            determined = true;
        }
        if self.w(k) == "mes" {
            k += 1;
            if let Some(o) = self.info(k).shift {
                return Some((MonthSpec::Relative(o), k + 1));
            }
            return determined.then_some((MonthSpec::Relative(0), k));
        }
        this_word.then_some((MonthSpec::Relative(0), k))
    }

    /// The index of the first token at or after `k` that is not markup
    /// (`*`, `_`).
    fn skip_markup(&self, k: usize) -> usize {
        let mut i = k;
        while i < k + MAX_RUN && matches!(self.w(i), "*" | "_") {
            i += 1;
        }
        if i == k + MAX_RUN { k } else { i }
    }

    /// The index just after the last token before `j` that is not markup.
    fn skip_markup_back(&self, j: usize) -> usize {
        let mut i = j;
        while i > 0 && i + MAX_RUN > j && matches!(self.w(i - 1), "*" | "_") {
            i -= 1;
        }
        i
    }

    /// Whether what follows a bare number leaves it a date: not a counted
    /// noun (`1810 hombres`, `el 21 de infantería`).
    fn free_after(&self, k: usize) -> bool {
        let Some(t) = self.toks.get(k) else {
            return true;
        };
        if matches!(t.folded.as_str(), "*" | "_") {
            let next = self.skip_markup(k);
            return next == k || self.free_after(next);
        }
        // `el 17.^o^ de línea`: a period glued to more text marks an ordinal
        if t.folded == "." && k > 0 && t.span.start == self.toks[k - 1].span.end {
            // the next character, even past a sentence break the period made
            let glued = self.text[t.span.end..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace());
            if glued {
                return false;
            }
        }
        match t.kind {
            TokenKind::Punct => true,
            TokenKind::Number => false,
            _ if self.is_any(k, &["de", "del"]) => false,
            _ => {
                !(t.case == Case::Lower
                    && t.folded.ends_with('s')
                    && !self.info(k).is(WordInfo::PLURAL_FUNCTION))
            }
        }
    }

    /// A day phrase starting at `j` (after an optional article and weekday).
    fn day_phrase(&self, j: usize, start: usize, article: bool, has_dia: bool) -> Parsed {
        let d = self.day(j)?;
        let k = d.end;
        // the notarial formula `a los quince días del mes de mayo de 1810 (años)`
        if let (DayNumber::One(a), "dias", "del", "mes", "de") = (
            d.day,
            self.w(k),
            self.w(k + 1),
            self.w(k + 2),
            self.w(k + 3),
        ) && let Some((m, k2)) = self.month(k + 4, false)
        {
            let (year, mut e) = self.year_tail(k2).unwrap_or((YearSpec::Infer, k2));
            if matches!(year, YearSpec::Given(_)) && self.w(e) == "anos" {
                e += 1;
            }
            let expr = Expr::Calendar {
                year,
                month: Some(MonthSpec::Given(m)),
                day: Some(a),
            };
            return Some((e, expr));
        }
        // day + month (+ year); `día 2 del mes de Mayo`
        let month_at = if self.w(k) == "del" && self.w(k + 1) == "mes" && self.w(k + 2) == "de" {
            k + 3
        } else {
            k + 1
        };
        if self.is_any(k, &["de", "del"])
            && let Some((m, k2)) = self.month(month_at, true)
        {
            let (year, k3) = self.year_tail(k2).unwrap_or((YearSpec::Infer, k2));
            if let DayNumber::One(a) = d.day {
                // across months: `del 30 de abril al 2 de mayo`
                if self.is_any(k3, &["al", "a", "hasta"]) {
                    let k4 = if self.w(k3 + 1) == "el" {
                        k3 + 2
                    } else {
                        k3 + 1
                    };
                    if let Some(d2) = self.day(k4)
                        && let (DayNumber::One(b), true) =
                            (d2.day, self.is_any(d2.end, &["de", "del"]))
                        && let Some((m2, k5)) = self.month(d2.end + 1, true)
                    {
                        let (year2, k6) = self.year_tail(k5).unwrap_or((year, k5));
                        // `desde el 10 de Mayo de 1814 hasta el 7 de
                        // Marzo de 1820`: a range of one year only;
                        // two dates with their own years stay two
                        let own_years = matches!(
                            (year, year2),
                            (YearSpec::Given(a), YearSpec::Given(b)) if a != b
                        );
                        let expr = Expr::Range {
                            from_month: Some(MonthSpec::Given(m)),
                            from_day: a,
                            to_month: MonthSpec::Given(m2),
                            to_day: b,
                            year: year2,
                        };
                        if !own_years {
                            return Some((k6, expr));
                        }
                    }
                }
                let expr = Expr::Calendar {
                    year,
                    month: Some(MonthSpec::Given(m)),
                    day: Some(a),
                };
                return Some(self.with_part_after_por(k3, expr));
            }
            if let DayNumber::Two(a, b) = d.day {
                let expr = Expr::Range {
                    from_month: None,
                    from_day: a,
                    to_month: MonthSpec::Given(m),
                    to_day: b,
                    year,
                };
                return Some((k3, expr));
            }
        }
        // day + al/y/hasta + day (+ month)
        if let DayNumber::One(a) = d.day {
            let joined = self.is_any(k, &["al", "a", "hasta"])
                || (self.w(k) == "y"
                    && (self.before(start) == "entre"
                        || self.is_any(start, &["los"])
                        || self
                            .day(if self.w(k + 1) == "el" { k + 2 } else { k + 1 })
                            .is_some_and(|d| d.day == DayNumber::One(a + 1))));
            if joined {
                let mut k2 = k + 1;
                if self.is_any(k2, &["el", "dia"]) {
                    k2 += 1;
                }
                if self.w(k2) == "dia" {
                    k2 += 1;
                }
                if let Some(d2) = self.day(k2)
                    && let DayNumber::One(b) = d2.day
                    && b > a
                {
                    let e = d2.end;
                    if self.is_any(e, &["de", "del"])
                        && let Some((m, e2)) = self.month(e + 1, true)
                    {
                        let (year, e3) = self.year_tail(e2).unwrap_or((YearSpec::Infer, e2));
                        let expr = Expr::Range {
                            from_month: None,
                            from_day: a,
                            to_month: MonthSpec::Given(m),
                            to_day: b,
                            year,
                        };
                        return Some((e3, expr));
                    }
                    if let Some((ms, e2)) = self.this_month_tail(e) {
                        let expr = Expr::Range {
                            from_month: None,
                            from_day: a,
                            to_month: ms,
                            to_day: b,
                            year: YearSpec::Infer,
                        };
                        return Some((e2, expr));
                    }
                    let introduced = article
                        || has_dia
                        || self.is_any(start.wrapping_sub(1), &["del", "entre", "desde"]);
                    if self.has_month
                        && d.plain_digits
                        && d2.plain_digits
                        && introduced
                        && self.free_after(e)
                    {
                        let expr = Expr::Range {
                            from_month: None,
                            from_day: a,
                            to_month: MonthSpec::Infer,
                            to_day: b,
                            year: YearSpec::Infer,
                        };
                        return Some((e, expr));
                    }
                }
            }
        }
        // day + `del mismo mes`
        if let (DayNumber::One(a), Some((ms, k2))) = (d.day, self.this_month_tail(k)) {
            let (year, k3) = self.year_tail(k2).unwrap_or((YearSpec::Infer, k2));
            return Some((
                k3,
                Expr::Calendar {
                    year,
                    month: Some(ms),
                    day: Some(a),
                },
            ));
        }
        // a bare day: `el 21`, `el día 25`, `del 20-21`
        // `la acción del 21`, but not `la Constitución del 12` (a year)
        let after_del =
            self.before(start) == "del" && (start < 2 || self.toks[start - 2].case == Case::Lower);
        let introduced = article || has_dia || after_del;
        // a clock time or a part of day right after says it is a day even
        // before any month is known (`El 30 a las ocho de la mañana`)
        let timed =
            self.part_after_por(k).is_some() || (self.w(k) == "a" && self.clock(k + 1).is_some());
        if (self.has_month || timed) && d.plain_digits && introduced && self.free_after(k) {
            let expr = match d.day {
                DayNumber::One(a) => Expr::Calendar {
                    year: YearSpec::Infer,
                    month: Some(MonthSpec::Infer),
                    day: Some(a),
                },
                DayNumber::Two(a, b) => Expr::Range {
                    from_month: None,
                    from_day: a,
                    to_month: MonthSpec::Infer,
                    to_day: b,
                    year: YearSpec::Infer,
                },
            };
            return Some(self.with_part_after_por(k, expr));
        }
        None
    }

    /// A relative day followed by the date it is, set off by a comma
    /// (`Al día siguiente, 18 de Julio, …`, `Aquel día, 1.º de Octubre, …`,
    /// `al amanecer del día siguiente, 27 de Abril`): the date the text gives
    /// wins over the count from the reference. The date is read again as
    /// its own DATE after this one.
    fn with_apposition(&self, end: usize, expr: Expr) -> Expr {
        let Expr::Shift {
            base: None, time, ..
        } = expr
        else {
            return expr;
        };
        if self.w(end) != "," {
            return expr;
        }
        match self.parse(end + 1) {
            Some((_, date @ Expr::Calendar { day: Some(_), .. })) => Expr::Shift {
                base: Some(Box::new(date)),
                days: 0,
                time,
            },
            _ => expr,
        }
    }

    /// `por la tarde` at `k`: the end of the phrase and the part of day.
    fn part_after_por(&self, k: usize) -> Option<(usize, TimeOfDay)> {
        if self.w(k) != "por" || self.w(k + 1) != "la" {
            return None;
        }
        match self.info(k + 2).part_of_day {
            Some(t @ TimeOfDay::Part(_)) => Some((k + 3, t)),
            _ => None,
        }
    }

    /// A day phrase ending at `k`, extended by a part of day after `por`
    /// (`el 12 por la tarde` is one DATE, `XXXX-06-12TAF`).
    fn with_part_after_por(&self, k: usize, expr: Expr) -> (usize, Expr) {
        match self.part_after_por(k) {
            Some((e, time)) if matches!(expr, Expr::Calendar { .. }) => (
                e,
                Expr::Shift {
                    base: Some(Box::new(expr)),
                    days: 0,
                    time: Some(time),
                },
            ),
            _ => (k, expr),
        }
    }

    /// Whether the phrase `expr` read at `start` is an aside rather than a
    /// time point of the narrative, so it must not move the reference
    /// (docs/dates.md, "The reference point"): a date inside parentheses,
    /// after an `aside` word (`nacido en 1762`, `murió el 3 de mayo de
    /// 1820`), a year alone after an `aside-year` word (`desde 1808`,
    /// `antes de 1810`, `que en 1762`) or after a capitalized name and `de`
    /// (`la Constitución de 1812`), and a shift back by months or years
    /// (`dos años antes`: a flashback).
    fn is_aside(&self, start: usize, expr: &Expr) -> bool {
        if matches!(expr, Expr::MonthShift(o) | Expr::YearShift(o) if *o < 0) {
            return true;
        }
        let year_alone = matches!(
            expr,
            Expr::Calendar { month: None, .. } | Expr::YearRange(..)
        );
        // an unclosed `(` or `[` before the phrase in its sentence
        for i in (0..start).rev() {
            match self.w(i) {
                ")" | "]" => break,
                "(" | "[" => return true,
                _ => {}
            }
        }
        // `la Constitución de 1812`, `el incendio de 1823`, `los españoles
        // del año 21`: a year that names a noun's time, not the narrative's
        // (`el verano de 1808` is a time of the narrative)
        let mut p = start;
        if self.w(p) == "ano" {
            // `del año 21` reads from `año`
        } else if self.w(p.wrapping_sub(1)) == "ano" {
            p -= 1;
        }
        if year_alone
            && p >= 2
            && self.is_any(p - 1, &["de", "del"])
            && self.kind(p - 2) == Some(TokenKind::Word)
            && !self.info(p - 2).is(WordInfo::YEAR_NOUN)
            && !self.info(p - 2).is(WordInfo::PART_OF_MONTH)
            && self.info(p - 2).month.is_none()
        {
            return true;
        }
        // an aside word earlier in the clause (`nacido en 1762`, `murió en
        // Madrid el 3 de mayo`, `que fue de moda el año 41`)
        let mut i = start;
        while i > 0 && i + CLAUSE_LOOKBACK > start {
            i -= 1;
            if self.kind(i) == Some(TokenKind::Punct) {
                break;
            }
            let info = self.info(i);
            if info.is(WordInfo::ASIDE) || (year_alone && info.is(WordInfo::ASIDE_YEAR)) {
                return true;
            }
        }
        false
    }

    /// A calendar phrase at `start`: day phrases with an optional article,
    /// weekday and `día`; `mayo 3 de 1813`; months; parts of months; years.
    fn calendar(&self, start: usize, implied_article: bool) -> Parsed {
        let mut j = start;
        let mut article = implied_article;
        if self.is_any(j, &["el", "los"]) {
            article = true;
            j += 1;
        }
        let mut weekday = false;
        if self.info(j).is(WordInfo::WEEKDAY) {
            weekday = true;
            j += 1;
            if self.w(j) == "," {
                j += 1;
            }
        }
        let mut has_dia = false;
        if self.is_any(j, &["dia", "dias"]) {
            has_dia = true;
            j += 1;
        }
        if let Some(p) = self.day_phrase(j, start, article, has_dia) {
            return Some(p);
        }
        if has_dia || weekday {
            return None;
        }
        // `el mes de octubre (de 1813)`
        if article && self.w(j) == "mes" && self.w(j + 1) == "de" {
            let (m, k) = self.month(j + 2, false)?;
            let (year, k2) = self.year_tail(k).unwrap_or((YearSpec::Infer, k));
            return Some((
                k2,
                Expr::Calendar {
                    year,
                    month: Some(MonthSpec::Given(m)),
                    day: None,
                },
            ));
        }
        // `el septiembre pasado`, `el octubre siguiente`
        if article
            && !implied_article
            && let Some((m, k)) = self.month(j, false)
            && self.info(k).is(WordInfo::MONTH_MODIFIER)
        {
            let expr = Expr::Calendar {
                year: YearSpec::Infer,
                month: Some(MonthSpec::Given(m)),
                day: None,
            };
            return Some((k + 1, expr));
        }
        // `el año (de) 1815`
        if self.w(j) == "ano" && (article || self.before(start) == "del") {
            let k = if self.w(j + 1) == "de" { j + 2 } else { j + 1 };
            if let Some((y, e)) = self.year(k).filter(|&(y, _)| y >= 1000) {
                return Some((
                    e,
                    Expr::Calendar {
                        year: YearSpec::Given(y),
                        month: None,
                        day: None,
                    },
                ));
            }
            // `el año 17`, `el año de 48`: the year written short
            if let Some(n) = self.digits(k).filter(|_| self.w(k).len() <= 2)
                && self.free_after(k + 1)
            {
                return Some((
                    k + 1,
                    Expr::Calendar {
                        year: YearSpec::Short(n),
                        month: None,
                        day: None,
                    },
                ));
            }
        }
        // `los primeros días de octubre`, `los últimos días del mes`
        if article && self.info(j).is(WordInfo::PART_OF_MONTH) && self.w(j + 1) == "dias" {
            return self.part_of_month(j + 1);
        }
        // `el próximo noviembre`
        if article
            && !implied_article
            && self.info(j).is(WordInfo::MONTH_MODIFIER)
            && let Some((m, k)) = self.month(j + 1, false)
        {
            let (year, e) = self.year_tail(k).unwrap_or((YearSpec::Infer, k));
            let expr = Expr::Calendar {
                year,
                month: Some(MonthSpec::Given(m)),
                day: None,
            };
            return Some((e, expr));
        }
        if article {
            return None;
        }
        // `aquel Agosto`, `aquel mismo octubre`
        if self.info(j).is(WordInfo::DEMONSTRATIVE) {
            let k = if self.info(j + 1).is(WordInfo::SAME) {
                j + 2
            } else {
                j + 1
            };
            let (m, k) = self.month(k, false)?;
            let (year, e) = self.year_tail(k).unwrap_or((YearSpec::Infer, k));
            let expr = Expr::Calendar {
                year,
                month: Some(MonthSpec::Given(m)),
                day: None,
            };
            return Some((e, expr));
        }
        // `mayo 3 de 1813`
        if let Some((m, k)) = self.month(j, false) {
            if let Some(d) = self.digits(k).filter(|d| (1..=31).contains(d))
                && let Some((year @ YearSpec::Given(_), e)) = self.year_tail(k + 1)
            {
                return Some((
                    e,
                    Expr::Calendar {
                        year,
                        month: Some(MonthSpec::Given(m)),
                        day: Some(d),
                    },
                ));
            }
            // a month alone: `en setiembre`, `octubre de 1813`, `la revolución de mayo`
            let tail = self.year_tail(k);
            let prev = self.before(j);
            let by_preposition =
                self.info_before(j).is(WordInfo::PREPOSITION) && prev != "de" && prev != "y";
            let by_de = prev == "de"
                && j >= 2
                && self.toks[j - 2].case == Case::Lower
                && self.kind(j - 2) == Some(TokenKind::Word);
            // `Noviembre y Diciembre de aquel año`, `Febrero o Marzo del 24`
            let coordinated =
                matches!(prev, "y" | "o" | "u" | ",") && j >= 2 && self.info(j - 2).month.is_some();
            // `entrado junio`, `avanzado ya Diciembre`
            let by_cue = self.info_before(j).is(WordInfo::BEFORE_MONTH);
            // a letter's heading: `Villarcayo, Abril.`, `**Sigüenza**, *Noviembre*.`
            let p = self.skip_markup_back(j);
            let heading = p >= 2
                && self.w(p - 1) == ","
                && self.toks[p - 2].kind != TokenKind::Number
                && self.toks[p - 2].case != Case::Lower
                && self
                    .toks
                    .get(self.skip_markup(k))
                    .is_none_or(|t| t.kind == TokenKind::Punct);
            // a lowercase month name is a month (`la cosecha de junio`, `vino mayo`)
            // but not the idiom `hacer su agosto`, `hacen el agosto`
            let lowercase = self.toks[j].case == Case::Lower
                && !self.info_before(j).is(WordInfo::NOT_BEFORE_MONTH);
            // a capitalized month before another capitalized word is a name (`a Julio César`)
            let name = self.toks[j].case != Case::Lower
                && self
                    .toks
                    .get(k)
                    .is_some_and(|t| t.kind == TokenKind::Word && t.case != Case::Lower);
            if name {
                return None;
            }
            if by_preposition
                || by_de
                || coordinated
                || by_cue
                || heading
                || lowercase
                || matches!(tail, Some((YearSpec::Given(_), _)))
            {
                let (year, e) = tail.unwrap_or((YearSpec::Infer, k));
                return Some((
                    e,
                    Expr::Calendar {
                        year,
                        month: Some(MonthSpec::Given(m)),
                        day: None,
                    },
                ));
            }
            return None;
        }
        // `a fines de octubre`, `a principios de 1813`, `a mediados del mismo mes`
        if self.info(j).is(WordInfo::PART_OF_MONTH) {
            return self.part_of_month(j);
        }
        // a bare year: `en 1810`, `1813-1814`
        self.bare_year(j)
    }

    /// What follows a part of a month (`fines`, `primeros días`) at `j`:
    /// `de octubre (de 1813)`, `de 1813`, `del mismo mes`, `de ese año`.
    fn part_of_month(&self, j: usize) -> Parsed {
        let de = j + 1;
        if !self.is_any(de, &["de", "del"]) {
            return None;
        }
        if let Some((m, k)) = self.month(de + 1, false) {
            let (year, e) = self.year_tail(k).unwrap_or((YearSpec::Infer, k));
            return Some((
                e,
                Expr::Calendar {
                    year,
                    month: Some(MonthSpec::Given(m)),
                    day: None,
                },
            ));
        }
        if let Some((ms, k)) = self.this_month_tail(de) {
            return Some((
                k,
                Expr::Calendar {
                    year: YearSpec::Infer,
                    month: Some(ms),
                    day: None,
                },
            ));
        }
        if let Some((year, k)) = self.year_tail(de) {
            return Some((
                k,
                Expr::Calendar {
                    year,
                    month: None,
                    day: None,
                },
            ));
        }
        None
    }

    fn bare_year(&self, j: usize) -> Parsed {
        let f = self.w(j);
        if self.kind(j) != Some(TokenKind::Number)
            || self.info_before(j).is(WordInfo::NOT_BEFORE_YEAR)
        {
            return None;
        }
        let (lo, hi) = self.lex.years;
        let in_range = |y: i32| (lo..=hi).contains(&y);
        if let Some((a, b)) = f.split_once(['-', '–', '‐']) {
            let (a, b): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
            return (a.to_string().len() == 4
                && b.to_string().len() == 4
                && in_range(a)
                && in_range(b)
                && a < b)
                .then_some((j + 1, Expr::YearRange(a, b)));
        }
        if f.len() != 4 {
            return None;
        }
        let y = self.digits(j)? as i32;
        if !in_range(y) || !self.free_after(j + 1) {
            return None;
        }
        // `1500 a 2000 hombres`
        if self.is_any(j + 1, &["a", "o", "u", "y", "ó", "á"])
            && self.digits(j + 2).is_some()
            && !self.free_after(j + 3)
        {
            return None;
        }
        Some((
            j + 1,
            Expr::Calendar {
                year: YearSpec::Given(y),
                month: None,
                day: None,
            },
        ))
    }

    /// `de`/`del` + a date that anchors a part of day or a clock time:
    /// `la noche del 20-21 de octubre`, `la mañana de aquel día`.
    fn anchor(&self, k: usize) -> Option<(usize, Expr)> {
        match self.w(k) {
            "del" => self
                .calendar(k + 1, true)
                .or_else(|| self.relative(k + 1, true)),
            "de" => self.relative(k + 1, false).or_else(|| {
                self.calendar(k + 1, false).filter(|(_, e)| {
                    matches!(e, Expr::Calendar { day: Some(_), .. } | Expr::Range { .. })
                })
            }),
            _ => None,
        }
    }

    /// Relative days and parts of day: `el día siguiente`, `al otro día`,
    /// `la víspera`, `esa noche`, `la mañana del 5`, `al amanecer`,
    /// `el mes siguiente`, `ese año`.
    fn relative(&self, start: usize, implied_article: bool) -> Parsed {
        let mut j = start;
        let first = self.w(j);
        let article = implied_article
            || (self.info(start).is(WordInfo::ARTICLE) && !matches!(first, "los" | "las"));
        let demonstrative = self.info(start).is(WordInfo::DEMONSTRATIVE);
        if article && !implied_article || demonstrative {
            j += 1;
        }
        let mut same = false;
        // `el mismo día`, `aquella misma noche`; not `un mismo día`
        if (j > start || implied_article) && self.info(j).is(WordInfo::SAME) {
            same = true;
            j += 1;
        }
        let determined = demonstrative || same;
        // the word before an extent that starts at the noun itself
        let prev = if j == start { self.before(start) } else { "" };
        let bare_al = !article && !determined && matches!(prev, "al" | "a" | "del");
        let bare_at = !article && !determined && matches!(prev, "al" | "a");
        let noun = self.w(j);
        let k = j + 1;
        let shift = self.info(k).shift;
        match noun {
            "dia" | "mes" | "ano" => {
                let make = |o: i32| match noun {
                    "dia" => Expr::Shift {
                        base: None,
                        days: o,
                        time: None,
                    },
                    "mes" => Expr::MonthShift(o),
                    _ => Expr::YearShift(o),
                };
                if let Some(o) = shift.filter(|_| article || determined || bare_al) {
                    return Some((k + 1, make(o)));
                }
                if determined && !(noun == "dia" && self.day(k).is_some()) {
                    return Some((k, make(0)));
                }
                None
            }
            "siguiente" if self.w(k) == "dia" && (article || bare_al) => Some((
                k + 1,
                Expr::Shift {
                    base: None,
                    days: 1,
                    time: None,
                },
            )),
            "otro"
                if self.w(k) == "dia" && !article && !determined && matches!(prev, "al" | "a") =>
            {
                Some((
                    k + 1,
                    Expr::Shift {
                        base: None,
                        days: 1,
                        time: None,
                    },
                ))
            }
            "vispera" if article || bare_al || determined => {
                let base = self.anchor(k);
                let end = base.as_ref().map_or(k, |(e, _)| *e);
                Some((
                    end,
                    Expr::Shift {
                        base: base.map(|(_, b)| Box::new(b)),
                        days: -1,
                        time: None,
                    },
                ))
            }
            _ => {
                let time = self.info(j).part_of_day?;
                if let Some(o) = shift.filter(|_| article || determined) {
                    return Some((
                        k + 1,
                        Expr::Shift {
                            base: None,
                            days: o,
                            time: Some(time),
                        },
                    ));
                }
                // `el Mediodía`, `Duque de Alba`: a direction or a name, not a time
                let lowercase = self.toks.get(j).is_some_and(|t| t.case == Case::Lower);
                let clock_part = matches!(time, TimeOfDay::Clock(..));
                // `vino el día 28 a amanecer a esta Ciudad`: after a bare `a`,
                // `amanecer`, `anochecer` are verbs (`al amanecer` is the noun)
                let infinitive = prev == "a" && noun.ends_with('r');
                let usable = (article && !(clock_part && !determined))
                    || determined
                    || (lowercase
                        && self.info(j).is(WordInfo::PART_AFTER_AL)
                        && (bare_at || prev == "de")
                        && !infinitive);
                if !usable {
                    return None;
                }
                if let Some((e, base)) = self.anchor(k) {
                    return Some((
                        e,
                        Expr::Shift {
                            base: Some(Box::new(base)),
                            days: 0,
                            time: Some(time),
                        },
                    ));
                }
                let plain_article = article && !determined;
                let cue = match self.before(start) {
                    "por" | "durante" | "en" => true,
                    // `a la madrugada`, but not `de la noche a la mañana`
                    "a" => {
                        // not the idiom `de la noche a la mañana`
                        start < 2 || self.info(start - 2).part_of_day.is_none()
                    }
                    _ => false,
                };
                if plain_article && !cue {
                    return None;
                }
                // `la tarde` after `por`, `a` is a time; `de la mañana` is handled by clocks.
                Some((
                    k,
                    Expr::Shift {
                        base: None,
                        days: 0,
                        time: Some(time),
                    },
                ))
            }
        }
    }

    /// `dos días después`, `un día antes`, `a los tres días`, `dos meses más tarde`.
    fn counted_shift(&self, start: usize) -> Parsed {
        let mut j = start;
        let after_a_los = self.w(j) == "los" && self.before(j) == "a";
        if after_a_los {
            j += 1;
        }
        let (n, k) = match self.digits(j) {
            Some(n) => (n, j + 1),
            None => self.number_words(j)?,
        };
        // `cuatrocientos años antes de Jesucristo` is no shift from the narrative
        if n == 0 || n > 400 || (n > 100 && matches!(self.w(k), "ano" | "anos" | "mes" | "meses")) {
            return None;
        }
        let unit = self.w(k);
        let per: i32 = match unit {
            "dia" | "dias" => 1,
            "semana" | "semanas" => 7,
            "mes" | "meses" => 0,
            // `a los ochenta años` is an age
            "ano" | "anos" if !after_a_los => -1,
            _ => return None,
        };
        let make = |sign: i32| {
            let n = n as i32 * sign;
            match per {
                0 => Expr::MonthShift(n),
                -1 => Expr::YearShift(n),
                p => Expr::Shift {
                    base: None,
                    days: n * p,
                    time: None,
                },
            }
        };
        // `cuatro meses después de la victoria`, `a los tres días de su
        // llegada`: counted from an event, not from the reference date
        let from_event = |e: usize| self.is_any(e, &["de", "del"]);
        for (words, sign) in &self.lex.laters {
            if words
                .iter()
                .enumerate()
                .all(|(x, word)| self.w(k + 1 + x) == word)
            {
                let e = k + 1 + words.len();
                return (!from_event(e)).then(|| (e, make(*sign)));
            }
        }
        if after_a_los && !from_event(k + 1) {
            return Some((k + 1, make(1)));
        }
        None
    }

    /// Clock times: `las tres de la tarde`, `la una y media`, `las 3 de la
    /// madrugada del 5`, `a las diez`.
    fn clock(&self, start: usize) -> Parsed {
        let art = self.w(start);
        if art != "la" && art != "las" {
            return None;
        }
        let j = start + 1;
        let mut written_minutes = None;
        let (hour, mut k, in_words) = match self.digits(j) {
            // `las 13:00`: digits, a glued colon, two glued digits
            Some(h)
                if self.w(j + 1) == ":"
                    && self.toks[j + 1].span.start == self.toks[j].span.end
                    && self.w(j + 2).len() == 2
                    && self
                        .toks
                        .get(j + 2)
                        .is_some_and(|t| t.span.start == self.toks[j + 1].span.end) =>
            {
                written_minutes = self.digits(j + 2).filter(|&m| m < 60);
                written_minutes?;
                (h, j + 3, false)
            }
            Some(h) => (h, j + 1, false),
            // `las 10.30`
            None if self.kind(j) == Some(TokenKind::Number) => {
                let (h, m) = self.w(j).split_once(['.', ','])?;
                let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
                if self.w(j).len() > 5 || self.w(j).rsplit(['.', ',']).next()?.len() != 2 || m >= 60
                {
                    return None;
                }
                written_minutes = Some(m);
                (h, j + 1, false)
            }
            None => {
                let (h, e) = self.number_words(j)?;
                (h, e, true)
            }
        };
        if (art == "la") != (hour == 1) || hour > 24 || hour == 0 || (in_words && hour > 12) {
            return None;
        }
        let (mut h, mut m) = (hour, written_minutes.unwrap_or(0));
        let mut precise = written_minutes.is_some();
        match (self.w(k), self.w(k + 1)) {
            ("y", "media") => (m, k, precise) = (30, k + 2, true),
            ("y", "cuarto") => (m, k, precise) = (15, k + 2, true),
            ("menos", "cuarto") => (h, m, k, precise) = (hour - 1, 45, k + 2, true),
            ("y", _) | ("menos", _) => {
                let minutes = self
                    .digits(k + 1)
                    .map(|v| (v, k + 2))
                    .or_else(|| self.number_words(k + 1));
                if let Some((v, e)) = minutes.filter(|&(v, _)| (1..60).contains(&v)) {
                    let e = if self.is_any(e, &["minutos", "minuto"]) {
                        e + 1
                    } else {
                        e
                    };
                    if self.w(k) == "y" {
                        (m, k, precise) = (v, e, true);
                    } else {
                        (h, m, k, precise) = (hour - 1, 60 - v, e, true);
                    }
                }
            }
            _ => {}
        }
        // `las 15 horas`, but not the span `a las seis horas de camino`
        if !in_words
            && self.is_any(k, &["horas", "hs", "hs."])
            && !self.is_any(k + 1, &["de", "del"])
        {
            k += 1;
            precise = true;
        }
        if self.w(k) == "en" && self.w(k + 1) == "punto" {
            k += 2;
            precise = true;
        }
        let mut part = None;
        let mut days = 0;
        if self.w(k) == "de" && self.w(k + 1) == "la" {
            if let Some(TimeOfDay::Part(p)) = self.info(k + 2).part_of_day {
                part = Some(p);
                k += 3;
                if let Some(o) = self.info(k).shift {
                    days = o;
                    k += 1;
                }
            }
        } else if self.w(k) == "del"
            && self.w(k + 1) == "dia"
            && self.day(k + 2).is_none()
            && self.info(k + 2).shift.is_none()
        {
            part = Some("DAY");
            k += 2;
        }
        let next_is_name = self
            .toks
            .get(k)
            .is_some_and(|t| t.kind == TokenKind::Word && t.case != Case::Lower);
        let cue = !next_is_name
            && matches!(
                self.before(start),
                "a" | "hacia"
                    | "desde"
                    | "hasta"
                    | "eran"
                    | "era"
                    | "son"
                    | "es"
                    | "serian"
                    | "seria"
                    | "dieron"
                    | "daban"
                    | "dan"
                    | "dio"
                    | "sobre"
            );
        if part.is_none() && !precise && !(cue && self.free_after(k) && self.w(k) != "y") {
            return None;
        }
        h = match part {
            Some("AF") | Some("EV") if h < 12 => h + 12,
            Some("NI") if (6..12).contains(&h) => h + 12,
            Some("NI") if h == 12 => 24,
            Some("DAY") if h < 7 => h + 12,
            // `a las tres`, `la una y media`: Spanish names the small hours
            // (`las tres de la madrugada`), so one to five o'clock said
            // bare is the afternoon; a written clock (`las 3:00`) stands
            None if written_minutes.is_none() && (1..=5).contains(&hour) => {
                if h == 0 {
                    12
                } else {
                    h + 12
                }
            }
            _ => h,
        };
        let base = self.anchor(k);
        let end = base.as_ref().map_or(k, |(e, _)| *e);
        let time = Some(TimeOfDay::Clock(h, m));
        Some((
            end,
            Expr::Shift {
                base: base.map(|(_, b)| Box::new(b)),
                days,
                time,
            },
        ))
    }

    /// Whether some phrase can start at token `i`: most tokens start none,
    /// and this one test spares trying every phrase there. A number token
    /// may start one; for words, [`may_start_word`] says, once per lexicon
    /// word (the per-token string tests it replaces cost the dates pass a
    /// third of its time).
    fn may_start(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Number) || self.info(i).may_start
    }

    /// The first phrase that reads at `i`.
    fn parse(&self, i: usize) -> Parsed {
        if self.info(i).is(WordInfo::PREPOSITION) {
            return None;
        }
        if !self.may_start(i) {
            debug_assert!(
                self.parse_any(i).is_none(),
                "a date phrase starts at `{}`",
                self.w(i)
            );
            return None;
        }
        self.parse_any(i)
    }

    fn parse_any(&self, i: usize) -> Parsed {
        self.clock(i)
            .or_else(|| self.calendar(i, false))
            .or_else(|| self.relative(i, false))
            .or_else(|| self.counted_shift(i))
    }
}

/// Words a phrase may start with that the lexicon need not list
/// ([`may_start_word`]).
const PHRASE_START_WORDS: &[&str] = &[
    "el",
    "los",
    "la",
    "las",
    "dia",
    "dias",
    "mes",
    "ano",
    "siguiente",
    "otro",
    "vispera",
];

/// Whether some phrase can start at a word `w` with lexicon entry `info`.
/// The words are the first words the phrases read (keep it in step with
/// them; debug builds, hence the tests, check that every phrase fails
/// where [`Reader::may_start`] says no):
/// - [`Reader::clock`]: `la`, `las`;
/// - [`Reader::calendar`]: `el`, `los`, a weekday, `dia(s)`, a day
///   (digits, an ordinal word, a number word), `ano`, a demonstrative,
///   a month, a part of a month, a year in digits;
/// - [`Reader::relative`]: an article, a demonstrative, `dia`, `mes`,
///   `ano`, `siguiente`, `otro`, `vispera`, a part of day;
/// - [`Reader::counted_shift`]: `los`, digits, a number word.
fn may_start_word(w: &str, info: &WordInfo) -> bool {
    info.month.is_some()
        || info.number.is_some()
        || info.day_ordinal.is_some()
        || info.part_of_day.is_some()
        || info.is(WordInfo::WEEKDAY
            | WordInfo::DEMONSTRATIVE
            | WordInfo::ARTICLE
            | WordInfo::PART_OF_MONTH)
        || PHRASE_START_WORDS.contains(&w)
}

/// Whether `w` is `el`, `la`, `los` or `las` with no other reading that a
/// phrase reads at its start (number, ordinal, month, part of day,
/// weekday, demonstrative, part of month): then a phrase starts at it only
/// if the next token is a number or [`opens_after_article`]. Each parser,
/// read at such an article:
/// - [`Reader::clock`] (`la`, `las`): digits or a number word next;
/// - [`Reader::calendar`]: after `el`, `los` a weekday, `dia(s)`, a day
///   (digits, an ordinal, a number word), `mes`, a month, `ano`, a part of
///   a month, a month modifier, else none; at `la`, `las` only readings of
///   the article itself, which it has none of;
/// - [`Reader::relative`]: after `el`, `la` (if articles) `mismo`, `dia`,
///   `mes`, `ano`, `siguiente`, `otro`, `vispera` or a part of day, else
///   none; otherwise only the article's own part of day, which it has not;
/// - [`Reader::counted_shift`]: after `a los` digits or a number word.
///
/// The ~17 000 article tokens of /tmp/bench-small were most of the dates
/// pass's phrase attempts; debug builds check every skip (see `run`).
fn article_start(w: &str, info: &WordInfo) -> bool {
    matches!(w, "el" | "la" | "los" | "las")
        && info.month.is_none()
        && info.number.is_none()
        && info.day_ordinal.is_none()
        && info.part_of_day.is_none()
        && !info.is(WordInfo::WEEKDAY | WordInfo::DEMONSTRATIVE | WordInfo::PART_OF_MONTH)
}

/// Whether a phrase may read on from an article into a word with this
/// entry ([`article_start`]).
fn opens_after_article(info: &WordInfo) -> bool {
    info.may_start || info.is(WordInfo::SAME | WordInfo::MONTH_MODIFIER)
}

/// How many years a date may lie from the year of `doc.meta`, or with a
/// written year before the narrative's year, and still move the reference.
const FLASHBACK_YEARS: i32 = 2;

/// Whether `expr` looks away from the narrative rather than moving it: a
/// date whose year is written (`1810`, `del 45`), more than
/// [`FLASHBACK_YEARS`] before the reference year (`Entró en el ejército el
/// año 45` in a narrative of 1850, `Desde aquel día de Setiembre de 1810`,
/// `El 25 de mayo de 1810 había estallado…` in a chronicle of 1813); a
/// shift by more years than that (`veinte años más tarde`). A date whose
/// year is inferred, and a year that moves forward, move the reference.
fn is_flashback(expr: &Expr, old: &Reference, new: &Reference) -> bool {
    match expr {
        // `veinte años más tarde`, `sesenta y cinco años después`: the
        // narrator looking ahead, not the story moving on
        Expr::YearShift(o) => o.abs() > FLASHBACK_YEARS,
        Expr::MonthShift(o) => o.abs() > 12 * FLASHBACK_YEARS,
        _ => {
            let given = |y: &YearSpec| !matches!(y, YearSpec::Infer | YearSpec::Relative(_));
            let explicit_year = match expr {
                Expr::Calendar { year, .. } | Expr::Range { year, .. } => given(year),
                Expr::YearRange(..) => true,
                Expr::Shift { base: Some(b), .. } => matches!(
                    &**b,
                    Expr::Calendar { year, .. } | Expr::Range { year, .. } if given(year)
                ),
                _ => false,
            };
            match (old.year, new.year) {
                (Some(o), Some(n)) => explicit_year && n < o - FLASHBACK_YEARS,
                _ => false,
            }
        }
    }
}

/// Whether `new` lies more than [`FLASHBACK_YEARS`] from the year the
/// metadata gives: the document says what time it narrates, so a far year
/// is an aside.
fn strays_from_meta(meta_year: Option<i32>, new: &Reference) -> bool {
    match (meta_year, new.year) {
        (Some(m), Some(n)) => (n - m).abs() > FLASHBACK_YEARS,
        _ => false,
    }
}

/// Whether `expr` gives its year written short (`del 62`, `el año 8`).
fn has_short_year(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::Calendar {
            year: YearSpec::Short(_),
            ..
        } | Expr::Range {
            year: YearSpec::Short(_),
            ..
        }
    )
}

/// How many sentences after an aside `expr` still counts from it, if it is
/// relative at all: a year relative to the last year (`al año siguiente`,
/// `aquel mismo año`, `en Enero del año siguiente`) in the same or the next
/// sentence; a day shift (`al día siguiente`) or a bare day (`el 26`) in the
/// same sentence.
fn aside_reach(expr: &Expr) -> Option<usize> {
    match expr {
        Expr::YearShift(_)
        | Expr::Calendar {
            year: YearSpec::Relative(_),
            ..
        } => Some(1),
        // `nacido el 5 de mayo de 1762, y el 26 fue bautizado`; in the
        // next sentence a bare day is the narrative's again
        Expr::Shift {
            base: None, days, ..
        } if *days != 0 => Some(0),
        Expr::Calendar {
            year: YearSpec::Infer,
            month: Some(MonthSpec::Infer | MonthSpec::Relative(_)),
            ..
        } => Some(0),
        _ => None,
    }
}

impl Pass for Dates {
    fn name(&self) -> &'static str {
        "dates"
    }

    fn run(&self, doc: &mut Document) {
        let mut reference = Reference::from_meta(doc.meta.year, doc.meta.reference.as_deref());
        let meta_year = reference.year;
        let mut found = Vec::new();
        // the last aside (its own reference point and sentence), for the
        // relative dates that follow it (`el año 45, y al año siguiente`)
        let mut aside: Option<(Reference, usize)> = None;
        // where the last aside ended (sentence, token): a date joined to it
        // (`desde 1814 hasta 1820`, `en 1910 ó 1915`) is an aside too
        let mut aside_end: Option<(usize, usize)> = None;
        // the lexicon entries and folded forms of one sentence's tokens, reused
        let mut words: Vec<(&WordInfo, &str)> = Vec::new();
        // the indices of the tokens of a sentence a phrase may start at (a
        // number, or a word whose entry says `may_start`), found as the
        // entries are looked up, reused: the loop below goes from one to
        // the next instead of testing every token again (dates pass 0.2 M
        // instructions fewer, callgrind on /tmp/bench-small)
        let mut starts: Vec<usize> = Vec::new();
        for (sentence, s) in doc.sentences.iter().enumerate() {
            let toks = &doc.tokens[s.tokens.clone()];
            words.clear();
            starts.clear();
            for (k, t) in toks.iter().enumerate() {
                let f = t.folded.as_str();
                let info = self.lexicon.info(f);
                if t.kind == TokenKind::Number || info.may_start {
                    starts.push(k);
                }
                words.push((info, f));
            }
            let mut next_start = 0;
            let mut i = 0;
            while i < toks.len() {
                let reader = || Reader {
                    lex: &self.lexicon,
                    text: doc.text(),
                    toks,
                    has_month: reference.month.is_some(),
                    words: &words,
                };
                // Most tokens start no phrase: skip them before building a
                // reader (with the precomputed `may_start` and the
                // `WordTable`: dates pass 46.4 M → 35.2 M instructions,
                // callgrind on /tmp/bench-small).
                while next_start < starts.len() && starts[next_start] < i {
                    next_start += 1;
                }
                let at = starts.get(next_start).copied().unwrap_or(toks.len());
                debug_assert!((i..at).all(|j| reader().parse(j).is_none()));
                i = at;
                if i == toks.len() {
                    break;
                }
                // An article before a word that no phrase reads on into
                // starts none either ([`article_start`]).
                let dead_article = || {
                    words[i].0.article_start
                        && toks.get(i + 1).is_some_and(|t| {
                            t.kind != TokenKind::Number && !words[i + 1].0.opens_after_article
                        })
                };
                if toks[i].kind != TokenKind::Number && dead_article() {
                    debug_assert!(reader().parse(i).is_none());
                    i += 1;
                    continue;
                }
                // (built only past the skip: building it for every token
                // cost 2.3 M instructions on /tmp/bench-small)
                let reader = reader();
                match reader.parse(i) {
                    Some((end, expr)) if end > i && end <= toks.len() => {
                        let expr = reader.with_apposition(end, expr);
                        let in_aside = aside.filter(|&(_, at)| {
                            aside_reach(&expr).is_some_and(|reach| at + reach >= sentence)
                        });
                        if let Some((mut aside_ref, _)) = in_aside {
                            // counted from the aside, and an aside itself
                            let value = resolve(&expr, &mut aside_ref);
                            aside = Some((aside_ref, sentence));
                            aside_end = Some((sentence, end));
                            found.push(Mention {
                                span: Span::new(toks[i].span.start, toks[end - 1].span.end),
                                value: MentionValue::Date { value },
                            });
                            i = end;
                            continue;
                        }
                        // `Marzo del año 8` before any year: the chronicles'
                        // century (`short-year-default` of the lexicon)
                        let mut next = match self.lexicon.short_year_default {
                            Some(y) if reference.year.is_none() && has_short_year(&expr) => {
                                Reference {
                                    year: Some(y),
                                    ..reference
                                }
                            }
                            _ => reference,
                        };
                        let value = resolve(&expr, &mut next);
                        let joined_to_aside = aside_end.is_some_and(|(at, e)| {
                            at == sentence
                                && (i == e
                                    || (i == e + 1
                                        && matches!(
                                            reader.w(e),
                                            "hasta" | "y" | "o" | "u" | "a" | "al" | ","
                                        )))
                        });
                        if joined_to_aside
                            || reader.is_aside(i, &expr)
                            || is_flashback(&expr, &reference, &next)
                            || strays_from_meta(meta_year, &next)
                        {
                            // valued against the narrative, but leaves it
                            // alone; with no year at all yet, even an
                            // aside's year is a better guess than none
                            if reference.year.is_none() && meta_year.is_none() {
                                reference.year = next.year;
                            }
                            aside = Some((next, sentence));
                            aside_end = Some((sentence, end));
                        } else {
                            reference = next;
                            aside = None;
                            aside_end = None;
                        }
                        found.push(Mention {
                            span: Span::new(toks[i].span.start, toks[end - 1].span.end),
                            value: MentionValue::Date { value },
                        });
                        i = end;
                    }
                    _ => i += 1,
                }
            }
        }
        drop(words);
        doc.add_mentions(found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_parses_and_knows_period_spellings() {
        let d = Dates::new().unwrap();
        assert_eq!(d.lexicon.months.get("setiembre"), Some(&9));
        assert_eq!(d.lexicon.month_abbreviations.get("7bre"), Some(&9));
        assert_eq!(d.lexicon.month_abbreviations.get("xbre."), Some(&12));
        assert!(
            !d.lexicon.months.contains_key("oct."),
            "abbreviations never stand alone"
        );
    }

    #[test]
    fn bad_lexicon_rows_are_errors() {
        assert!(Lexicon::parse("t", "# form\tkind\tvalue\nfoo\tmonth\t13\n").is_err());
        assert!(Lexicon::parse("t", "# form\tkind\tvalue\nfoo\tnope\t1\n").is_err());
        assert!(Lexicon::parse("t", "# form\tkind\tvalue\nfoo\tpart-of-day\tTXX\n").is_err());
    }
}
