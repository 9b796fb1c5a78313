//! The first pass: paragraphs, tokens and sentences.
//!
//! Word boundaries come from Unicode word segmentation (UAX #29, through
//! `unicode-segmentation`), which already keeps `1.300`, `1,5`, `O'Higgins`
//! and `3er` whole and keeps combining accents with their letter. On top of
//! it the tokenizer merges what Spanish prose needs as one token: ordinals
//! (`1.º`, `2.ª`), numeric ranges (`20-21`), hyphenated names
//! (`Condo-Condo`), abbreviations and initials with their period (`Gral.`,
//! `J.`, `N.º`, from `data/abbreviations.tsv`) and runs of periods (`...`).
//!
//! Paragraphs: a text whose paragraphs are separated by blank lines and
//! whose lines are wrapped (the bench corpus, most editions) has soft line
//! breaks inside paragraphs; a text without that layout (the seeds: one line
//! per paragraph) breaks a paragraph at every newline. The layout is decided
//! once per document. A paragraph break always ends a sentence.
//!
//! A sentence ends after `.`, `?`, `!`, `...` or `…` (with any closing
//! quotes or brackets that follow) when the next word is not lowercase:
//! `—¿Vienes? —preguntó` stays one sentence, `etc. y` too.
//!
//! Speed (issue #7): over the bench corpus, one thread, the pass went from
//! 31 to ~100 MB/s (callgrind over 0.9 MB of it: 235 M to 64 M
//! instructions). Word boundaries come from a fast path over the alphabet of
//! Spanish prose (module `words`) that also finds each segment's kind and
//! case on the way; the chars of that alphabet need no Unicode table lookup;
//! no token is walked more than once. The commonest tokens (a word followed
//! by a space or by punctuation that joins nothing, a punctuation mark) come
//! straight from the bytes (`words::Pieces`), without segments or merge
//! rules; sentence splitting looks only at the tokens that may end a
//! sentence (callgrind: 64 M to 50 M instructions). The tests compare the
//! pass with the plain tokenizer it replaced, kept in `reference`, and the
//! byte path with the segments.

use crate::data::Table;
use crate::document::{Case, Document, Paragraph, Sentence, Span, Token, TokenKind};
use crate::error::Result;
use crate::fold::{FoldedMap, fold, fold_compact, spanish_letter_base};
use crate::pipeline::Pass;
use compact_str::CompactString;

mod words;

/// How an abbreviation behaves at a sentence boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AbbreviationKind {
    /// Always followed by a name or number (`Gral.`, `D.`): never ends a sentence.
    Title,
    /// Ends a sentence when the next word is capitalized (`etc.`).
    Other,
}

/// The tokenizer pass. Build it once; it is shared by every document.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    /// Folded abbreviation without its period → kind.
    abbreviations: FoldedMap<AbbreviationKind>,
    /// The byte length of the longest of them: an ASCII word (its folded
    /// form as long as itself) longer than that is none of them.
    longest_abbreviation: usize,
}

const CLOSERS: &[&str] = &["»", "”", "\"", ")", "’", "'", "]", "›"];
const OPENERS: &[&str] = &["¿", "¡", "«", "“", "\"", "(", "—", "-", "–", "‹", "["];

impl Tokenizer {
    pub fn new() -> Result<Tokenizer> {
        let name = "data/abbreviations.tsv";
        let table = Table::parse(name, crate::data::builtin::ABBREVIATIONS)?;
        let (abbr, kind) = (table.column("abbreviation")?, table.column("kind")?);
        let mut abbreviations = FoldedMap::default();
        for row in &table.rows {
            let a = row.fields[abbr].trim_end_matches('.');
            let k = match row.fields[kind].as_str() {
                "title" => AbbreviationKind::Title,
                "other" => AbbreviationKind::Other,
                k => {
                    return Err(crate::Error::data(
                        name,
                        row.line,
                        format!("unknown kind `{k}`"),
                    ));
                }
            };
            abbreviations.insert(fold(a), k);
        }
        let longest_abbreviation = abbreviations.keys().map(String::len).max().unwrap_or(0);
        Ok(Tokenizer {
            abbreviations,
            longest_abbreviation,
        })
    }

    /// Tokenizes one paragraph span of `text`, appending to `tokens`.
    /// `segs` and `folded` are scratch buffers reused across paragraphs.
    ///
    /// The commonest tokens come straight from the bytes
    /// ([`words::Pieces`]); only the runs of chars around them that
    /// some merge rule or some join of UAX #29 may apply to are segmented
    /// and merged ([`Tokenizer::tokenize_segments`]); a paragraph with a
    /// char outside the fast alphabet goes through `unicode-segmentation`.
    /// Measured with callgrind over 0.9 MB of the bench corpus: the pass
    /// went from 63.4 M to 54.5 M instructions (and to 49.8 M with the
    /// later steps: sentence ends listed as tokens are made, words before a
    /// `.` or `:` that joins nothing ended in the byte loop).
    fn tokenize_span<'t>(
        &self,
        text: &'t str,
        span: Span,
        tokens: &mut Vec<Token>,
        segs: &mut Vec<words::Segment<'t>>,
        folded: &mut String,
        may_end: &mut Vec<usize>,
    ) {
        let (para, base) = (&text[span.start..span.end], span.start);
        let (first, first_may_end) = (tokens.len(), may_end.len());
        let mut pieces = words::Pieces::new(para);
        let mut fast = true;
        while let Some(piece) = pieces.next_piece() {
            match piece {
                words::Piece::Token {
                    start,
                    end,
                    kind,
                    plain,
                    lower,
                    ends,
                    period,
                } => {
                    let span = Span::new(base + start, base + end);
                    if ends {
                        may_end.push(tokens.len());
                    }
                    let word = &para[start..end];
                    push_token(tokens, span, kind, word, plain, lower, folded);
                    if period
                        && !self.retokenize_abbreviation(
                            text,
                            base,
                            start,
                            &mut pieces,
                            tokens,
                            segs,
                            folded,
                            may_end,
                        )
                    {
                        fast = false;
                        break;
                    }
                }
                words::Piece::Chunk { start, end } => {
                    let chunk = Span::new(base + start, base + end);
                    if !self.tokenize_chunk(text, chunk, tokens, segs, folded, may_end) {
                        fast = false;
                        break;
                    }
                }
                words::Piece::Unknown => {
                    fast = false;
                    break;
                }
            }
        }
        if !fast {
            tokens.truncate(first);
            may_end.truncate(first_may_end);
            segs.clear();
            words::crate_word_segments(para, base, segs);
            self.tokenize_segments(text, segs, tokens, folded, may_end);
        }
    }

    /// After the token of a Word that starts at byte `start` of the
    /// paragraph at `base` of `text` and is followed by a period that joins
    /// nothing ([`words::Piece::Token`]'s `period`): if it is an
    /// abbreviation, which is one token with its period, takes the token
    /// back and tokenizes the chunk from it on through the segments. Returns
    /// false as [`Tokenizer::tokenize_chunk`] does.
    /// Out of line: the loop over the bytes keeps its registers.
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn retokenize_abbreviation<'t>(
        &self,
        text: &'t str,
        base: usize,
        start: usize,
        pieces: &mut words::Pieces<'t>,
        tokens: &mut Vec<Token>,
        segs: &mut Vec<words::Segment<'t>>,
        folded: &mut String,
        may_end: &mut Vec<usize>,
    ) -> bool {
        let Some(last) = tokens.last() else {
            return true;
        };
        let word = &text[last.span.start..last.span.end];
        if !self.is_abbreviation(word, Some(&last.folded)) {
            return true;
        }
        tokens.pop();
        let chunk = Span::new(base + start, base + pieces.chunk_from(start));
        self.tokenize_chunk(text, chunk, tokens, segs, folded, may_end)
    }

    /// Tokenizes the chunk `span` of a paragraph of `text` (a
    /// [`words::Piece::Chunk`]) through its segments; returns false, with
    /// no token added, if it has a char outside the fast alphabet.
    /// Out of line: the loop over the bytes keeps its registers.
    #[inline(never)]
    fn tokenize_chunk<'t>(
        &self,
        text: &'t str,
        span: Span,
        tokens: &mut Vec<Token>,
        segs: &mut Vec<words::Segment<'t>>,
        folded: &mut String,
        may_end: &mut Vec<usize>,
    ) -> bool {
        segs.clear();
        let fast = words::fast_word_segments(&text[span.start..span.end], span.start, segs);
        if fast {
            self.tokenize_segments(text, segs, tokens, folded, may_end);
        }
        fast
    }

    /// Tokenizes one paragraph span of `text` through its segments, as the
    /// pass did before [`words::Pieces`] (the tests compare the two).
    #[cfg(test)]
    fn tokenize_span_by_segments<'t>(
        &self,
        text: &'t str,
        span: Span,
        tokens: &mut Vec<Token>,
        segs: &mut Vec<words::Segment<'t>>,
        folded: &mut String,
        may_end: &mut Vec<usize>,
    ) {
        words::word_segments(&text[span.start..span.end], span.start, segs);
        self.tokenize_segments(text, segs, tokens, folded, may_end);
    }

    /// Makes the tokens of the word segments `segs` of `text` (all of one
    /// paragraph, in order), merging them by the rules of the module doc,
    /// and appends them to `tokens`, and to `may_end` the indices of those
    /// that may end a sentence ([`may_end_sentence`]). `folded` is a
    /// scratch buffer.
    fn tokenize_segments(
        &self,
        text: &str,
        segs: &[words::Segment<'_>],
        tokens: &mut Vec<Token>,
        folded: &mut String,
        may_end: &mut Vec<usize>,
    ) {
        let mut i = 0;
        while i < segs.len() {
            let (start, seg) = (segs[i].start, segs[i].text);
            let mut end = segs[i].end();
            let mut kind = segs[i].kind;
            let mut j = i + 1;
            // Is segment k adjacent to the current end, and equal to `s`?
            let next_is = |k: usize, end: usize, pred: &dyn Fn(&str) -> bool| {
                k < segs.len() && segs[k].start == end && pred(segs[k].text)
            };
            // Is segment k adjacent to the current end, and of that kind?
            let next_kind_is = |k: usize, end: usize, kind: TokenKind| {
                k < segs.len() && segs[k].start == end && segs[k].kind == kind
            };
            let is_ord_mark =
                |s: &str| matches!(s, "º" | "ª" | "°" | "o" | "a" | "er" | "os" | "as");
            // every merge starts with the next segment touching this one
            let touching = j < segs.len() && segs[j].start == end;
            match kind {
                _ if !touching => {}
                TokenKind::Number => {
                    // 1.º / 2.ª
                    if next_is(j, end, &|s| s == ".")
                        && next_is(j + 1, end + 1, &|s| matches!(s, "º" | "ª" | "°"))
                    {
                        end = segs[j + 1].end();
                        j += 2;
                    } else if next_is(j, end, &|s| matches!(s, "º" | "ª" | "°")) {
                        end = segs[j].end();
                        j += 1;
                    }
                    // 20-21, 1813-1814
                    while next_is(j, end, &|s| matches!(s, "-" | "–" | "‐"))
                        && next_kind_is(j + 1, segs[j].end(), TokenKind::Number)
                    {
                        end = segs[j + 1].end();
                        j += 2;
                    }
                }
                TokenKind::Word => {
                    // Condo-Condo, Sipe-Sipe, franco-español
                    while next_is(j, end, &|s| matches!(s, "-" | "‐"))
                        && next_kind_is(j + 1, segs[j].end(), TokenKind::Word)
                    {
                        end = segs[j + 1].end();
                        j += 2;
                    }
                    if j == i + 1 && next_is(j, end, &|s| s == ".") {
                        let word = &text[start..end];
                        let letters = word.chars().count();
                        if next_is(j + 1, end + 1, &|s| {
                            is_ord_mark(s) && matches!(s, "º" | "ª")
                        }) && letters <= 3
                        {
                            // N.º, D.ª
                            end = segs[j + 1].end();
                            j += 2;
                            kind = TokenKind::Abbreviation;
                        } else if self.is_abbreviation(word, None) {
                            end += 1;
                            j += 1;
                            kind = TokenKind::Abbreviation;
                        }
                    }
                }
                TokenKind::Punct if seg == "." => {
                    while next_is(j, end, &|s| s == ".") {
                        end += 1;
                        j += 1;
                    }
                }
                _ => {}
            }
            // A token of one segment (almost all) is that segment, and needs
            // no slicing nor loop over its parts.
            let (slice, plain, lower) = match &segs[i..j] {
                [one] => (one.text, one.plain, one.lower),
                parts => (
                    &text[start..end],
                    parts.iter().all(|p| p.plain),
                    parts.iter().any(|p| p.lower),
                ),
            };
            let span = Span::new(start, end);
            if may_end_sentence(kind, slice) {
                may_end.push(tokens.len());
            }
            push_token(tokens, span, kind, slice, plain, lower, folded);
            i = j;
        }
    }

    /// Whether the Word `word` (`folded`: its folded form, if known),
    /// followed by a period that is not that of `N.º`, is an abbreviation
    /// or an initial with it.
    fn is_abbreviation(&self, word: &str, folded: Option<&str>) -> bool {
        let listed = || match folded {
            Some(folded) => self.abbreviations.contains_key(folded),
            None => self.abbreviations.contains_key(fold_compact(word).as_str()),
        };
        // one uppercase letter
        let initial = || {
            let mut chars = word.chars();
            chars
                .next()
                .is_some_and(|c| c.is_uppercase() && c.is_alphabetic())
                && chars.next().is_none()
        };
        (word.len() <= self.longest_abbreviation || !word.is_ascii()) && listed() || initial()
    }

    /// Whether the abbreviation token `tok` may end a sentence.
    fn abbreviation_may_end(&self, text: &str, tok: &Token) -> bool {
        let word = text[tok.span.start..tok.span.end].trim_end_matches('.');
        self.abbreviations.get(fold_compact(word).as_str()) == Some(&AbbreviationKind::Other)
    }

    /// Splits the tokens `range` of one paragraph into sentences;
    /// `may_end`: the indices of its tokens that may end one (see
    /// [`may_end_sentence`]), in order.
    ///
    /// Only those are looked at: a loop over every token to test its kind
    /// cost a mispredicted branch at most punctuation marks (perf).
    fn split_sentences(
        &self,
        text: &str,
        tokens: &[Token],
        range: std::ops::Range<usize>,
        may_end: &[usize],
        paragraph: usize,
        out: &mut Vec<Sentence>,
    ) {
        debug_assert!(
            range
                .clone()
                .filter(|&i| {
                    let t = &tokens[i];
                    may_end_sentence(t.kind, &text[t.span.start..t.span.end])
                })
                .eq(may_end.iter().copied()),
            "{may_end:?}"
        );
        let mut start = range.start;
        let mut i = range.start;
        for &candidate in may_end {
            // a token merged into the run of terminators before it
            if candidate < i {
                continue;
            }
            i = candidate;
            let tok = &tokens[i];
            // a terminator's first byte is that of `.`, `?`, `!` or `…`
            let terminal =
                tok.kind == TokenKind::Punct && is_terminal(&text[tok.span.start..tok.span.end]);
            let abbr_end =
                tok.kind == TokenKind::Abbreviation && self.abbreviation_may_end(text, tok);
            if terminal || abbr_end {
                let (end, ends) = end_of_run(text, tokens, i, range.end, abbr_end);
                if ends && end < range.end {
                    push_sentence(tokens, start..end, paragraph, out);
                    start = end;
                }
                i = end;
            } else {
                i += 1;
            }
        }
        if start < range.end {
            push_sentence(tokens, start..range.end, paragraph, out);
        }
    }
}

/// Appends the token `slice` at `span` to `tokens`; `plain`: it is its own
/// folded form without uppercase letters, and with it `lower`: it holds a
/// letter. `scratch` is a buffer reused across tokens.
#[inline(always)]
fn push_token(
    tokens: &mut Vec<Token>,
    span: Span,
    kind: TokenKind,
    slice: &str,
    plain: bool,
    lower: bool,
    scratch: &mut String,
) {
    // The commonest token is ASCII without uppercase, its own folded form,
    // as the segmenter found: its case needs no walk over it, and its
    // CompactString is built right in the push, which saves two
    // store-forwarding stalls per token on moving it (perf).
    if plain {
        let case = if lower { Case::Lower } else { Case::None };
        let folded = CompactString::new(slice);
        tokens.push(Token {
            span,
            kind,
            case,
            folded,
        });
    } else {
        let (case, folded) = case_and_fold(slice, scratch);
        tokens.push(Token {
            span,
            kind,
            case,
            folded,
        });
    }
}

/// Whether a token of that kind and text may end a sentence: a terminator
/// (punctuation whose first byte is that of `.`, `?`, `!` or `…`; see
/// [`is_terminal`]) or an abbreviation.
fn may_end_sentence(kind: TokenKind, text: &str) -> bool {
    match kind {
        TokenKind::Punct => matches!(text.as_bytes().first(), Some(b'.' | b'?' | b'!' | 0xe2)),
        TokenKind::Abbreviation => true,
        _ => false,
    }
}

/// The run of sentence-end token `i` (a terminator, or an abbreviation
/// that may end a sentence: `abbr_end`) within tokens `..limit`: the index
/// past the terminators and closers merged into it (`?!`, `!!`, `.»`), and
/// whether a sentence ends there (no lowercase word follows; after an
/// abbreviation, no number or symbol either).
fn end_of_run(
    text: &str,
    tokens: &[Token],
    i: usize,
    limit: usize,
    abbr_end: bool,
) -> (usize, bool) {
    let mut end = i + 1;
    while end < limit {
        let t = &tokens[end];
        let ts = &text[t.span.start..t.span.end];
        if t.kind == TokenKind::Punct && (is_terminal(ts) || CLOSERS.contains(&ts)) {
            end += 1;
        } else {
            break;
        }
    }
    let ends = match next_word(text, tokens, end, limit) {
        None => true,
        Some(t) => t.case != Case::Lower && !(abbr_end && t.case == Case::None),
    };
    (end, ends)
}

fn push_sentence(
    tokens: &[Token],
    r: std::ops::Range<usize>,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let span = Span::new(tokens[r.start].span.start, tokens[r.end - 1].span.end);
    out.push(Sentence {
        span,
        tokens: r,
        paragraph,
    });
}

/// The first token at or after `from` that is not opening punctuation.
fn next_word<'a>(text: &str, tokens: &'a [Token], from: usize, to: usize) -> Option<&'a Token> {
    tokens[from..to].iter().find(|t| {
        !(t.kind == TokenKind::Punct && OPENERS.contains(&&text[t.span.start..t.span.end]))
    })
}

fn is_terminal(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '.' | '?' | '!' | '…'))
}

/// What a segment is made of (see [`TokenKind`]).
fn classify(seg: &str) -> TokenKind {
    // ASCII first: a digit, a letter or one punctuation mark
    match seg.as_bytes() {
        [b, ..] if b.is_ascii_digit() => return TokenKind::Number,
        [b, ..] if b.is_ascii_alphabetic() => return TokenKind::Word,
        [b] if b.is_ascii() => return TokenKind::Punct,
        _ => {}
    }
    // then the Spanish letters and the punctuation of Spanish prose, whose
    // Unicode lookups cost ~3 M instructions over 0.9 MB of the bench corpus
    let mut chars = seg.chars();
    match chars.next() {
        Some(c) if spanish_letter_base(c).is_some() => return TokenKind::Word,
        Some(c) if is_prose_punct(c) && chars.as_str().is_empty() => return TokenKind::Punct,
        _ => {}
    }
    let mut chars = seg.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => TokenKind::Number,
        Some(c) if c.is_alphanumeric() => TokenKind::Word,
        _ if seg.chars().any(char::is_alphanumeric) => TokenKind::Word,
        _ => TokenKind::Punct,
    }
}

/// The punctuation of Spanish prose that is not ASCII: neither a letter nor
/// a digit, and its own folded form (the test below checks it).
fn is_prose_punct(c: char) -> bool {
    matches!(
        c,
        '¡' | '«'
            | '°'
            | '»'
            | '¿'
            | '·'
            | '‐'
            | '–'
            | '—'
            | '‘'
            | '’'
            | '“'
            | '”'
            | '„'
            | '…'
            | '‹'
            | '›'
    )
}

/// `(case_of(s), fold_compact(s))`, walking the token once instead of three
/// times and pushing no char into the `CompactString` one by one, for the
/// tokens that are not plain ASCII (see [`words::Segment::plain`]).
/// `scratch` is a buffer reused across tokens.
///
/// Measured with callgrind over 0.9 MB of the bench corpus, with
/// `classify`: the pass went from 110 M to 94 M instructions.
#[inline(never)]
fn case_and_fold(s: &str, scratch: &mut String) -> (Case, CompactString) {
    let bytes = s.as_bytes();
    if bytes.is_ascii() {
        let first = bytes.iter().position(u8::is_ascii_alphabetic);
        let case = match first {
            None => Case::None,
            Some(k) if bytes[k].is_ascii_lowercase() => Case::Lower,
            Some(k) => {
                let rest = &bytes[k + 1..];
                if rest.iter().any(u8::is_ascii_lowercase)
                    || !rest.iter().any(u8::is_ascii_alphabetic)
                {
                    Case::Capitalized
                } else {
                    Case::Upper
                }
            }
        };
        let mut folded = CompactString::new(s);
        folded.make_ascii_lowercase();
        return (case, folded);
    }
    if let Some(done) = spanish_case_and_fold(bytes) {
        return done;
    }
    // one mark of prose punctuation, `—`, `¿`, `«`…
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && is_prose_punct(c)
    {
        return (Case::None, CompactString::new(s));
    }
    // ASCII, Spanish letters and punctuation that folds to itself;
    // `first_lower`: the case of the first letter; `rest`: letters after
    // it; `rest_lower`: whether one of them is lowercase.
    let mut first_lower = None;
    let (mut rest, mut rest_lower) = (false, false);
    scratch.clear();
    for c in s.chars() {
        // the base and, for a letter, whether it is lowercase
        let (base, letter) = if c.is_ascii() {
            let letter = c.is_ascii_alphabetic().then_some(c.is_ascii_lowercase());
            (c.to_ascii_lowercase(), letter)
        } else if let Some(base) = spanish_letter_base(c) {
            // the lowercase Spanish letters are U+00E0 and above, the
            // uppercase ones below
            (base, Some(c >= '\u{e0}'))
        } else if is_prose_punct(c) {
            (c, None)
        } else {
            return (case_of(s), fold_compact(s));
        };
        scratch.push(base);
        if let Some(lower) = letter {
            if first_lower.is_none() {
                first_lower = Some(lower);
            } else {
                rest = true;
                rest_lower |= lower;
            }
        }
    }
    let case = match first_lower {
        None => Case::None,
        Some(true) => Case::Lower,
        Some(false) if rest && !rest_lower => Case::Upper,
        Some(false) => Case::Capitalized,
    };
    (case, CompactString::new(scratch.as_str()))
}

/// The longest token [`spanish_case_and_fold`] takes, in bytes.
const SPANISH_FOLD_MAX: usize = 48;

/// What [`spanish_case_and_fold`] learns of the second byte of a char led
/// by C3 (U+00C0–U+00FF): the ASCII base of a Spanish letter, with
/// [`SPANISH_LOWER`] for a lowercase one; 0 for the other chars.
const SPANISH_C3: [u8; 64] = {
    let mut t = [0; 64];
    let letters = [
        ('á', b'a'),
        ('é', b'e'),
        ('í', b'i'),
        ('ó', b'o'),
        ('ú', b'u'),
        ('ü', b'u'),
        ('ñ', b'n'),
    ];
    let mut k = 0;
    while k < letters.len() {
        let (lower, base) = letters[k];
        let upper = lower as u32 - 0x20;
        t[(lower as u32 & 0x3f) as usize] = base | SPANISH_LOWER;
        t[(upper & 0x3f) as usize] = base;
        k += 1;
    }
    t
};
const SPANISH_LOWER: u8 = 0x80;

/// What [`spanish_case_and_fold`] learns of an ASCII byte: its lowercase
/// form in the low byte, [`ASCII_LETTER`] and [`ASCII_LOWER`].
const ASCII_FOLD: [u16; 128] = {
    let mut t = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.to_ascii_lowercase() as u16;
        if c.is_ascii_alphabetic() {
            t[b] |= ASCII_LETTER;
        }
        if c.is_ascii_lowercase() {
            t[b] |= ASCII_LOWER;
        }
        b += 1;
    }
    t
};
const ASCII_LETTER: u16 = 0x100;
const ASCII_LOWER: u16 = 0x200;

/// [`case_and_fold`] of a token of ASCII and the accented letters of
/// Spanish (`Potosí`, `Olañeta`), byte by byte into a buffer on the stack;
/// None for any other token. The folded form is ASCII.
///
/// The walk over chars with a push of each into a `String` cost ~230
/// instructions a token (callgrind over 0.9 MB of the bench corpus).
fn spanish_case_and_fold(bytes: &[u8]) -> Option<(Case, CompactString)> {
    if bytes.len() > SPANISH_FOLD_MAX {
        return None;
    }
    let mut buf = [0u8; SPANISH_FOLD_MAX];
    let mut len = 0;
    // whether a letter was seen, the first one is lowercase, letters follow
    // it, and one of those is lowercase; kept without a branch per byte
    let (mut seen, mut first_lower) = (false, false);
    let (mut rest, mut rest_lower) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (base, letter, lower) = if b < 0x80 {
            let fold = ASCII_FOLD[usize::from(b)];
            i += 1;
            (
                fold as u8,
                fold & ASCII_LETTER != 0,
                fold & ASCII_LOWER != 0,
            )
        } else if b == 0xc3 {
            let next = *bytes.get(i + 1)?;
            let info = SPANISH_C3[usize::from(next & 0x3f)];
            if info == 0 {
                return None;
            }
            i += 2;
            (info & !SPANISH_LOWER, true, info & SPANISH_LOWER != 0)
        } else {
            return None;
        };
        *buf.get_mut(len)? = base;
        len += 1;
        rest |= seen & letter;
        rest_lower |= seen & lower;
        first_lower |= !seen & lower;
        seen |= letter;
    }
    let case = match (seen, first_lower) {
        (false, _) => Case::None,
        (true, true) => Case::Lower,
        (true, false) if rest && !rest_lower => Case::Upper,
        (true, false) => Case::Capitalized,
    };
    let folded = std::str::from_utf8(&buf[..len]).ok()?;
    Some((case, CompactString::new(folded)))
}

fn case_of(s: &str) -> Case {
    let mut letters = s.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Case::None;
    };
    if first.is_lowercase() {
        return Case::Lower;
    }
    let mut rest_upper = true;
    let mut rest = 0;
    for c in letters {
        rest += 1;
        if c.is_lowercase() {
            rest_upper = false;
        }
    }
    if rest_upper
        && rest > 0
        && !first.is_lowercase()
        && s.chars().filter(|c| c.is_alphabetic()).count() > 1
    {
        Case::Upper
    } else {
        Case::Capitalized
    }
}

/// Paragraph spans of a text (trimmed, non-empty), in order.
pub fn paragraphs(text: &str) -> Vec<Span> {
    // Lines with their byte spans; `\r\n`, `\r` and `\n` all end a line.
    // memchr finds the line breaks 16 or 32 bytes at a time (a test per
    // byte cost 8 M instructions over 0.9 MB of the bench corpus, <1 M now).
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut i = start;
    while let Some(k) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        let end = i + k;
        lines.push(Span::new(start, end));
        i = end + 1;
        if bytes[end] == b'\r' && bytes.get(i) == Some(&b'\n') {
            i += 1;
        }
        start = i;
    }
    lines.push(Span::new(start, bytes.len()));
    paragraphs_of_lines(text, &lines)
}

/// Paragraph spans from the spans of a text's lines: blank lines end a
/// paragraph; in the wrapped layout the lines between them are joined.
fn paragraphs_of_lines(text: &str, lines: &[Span]) -> Vec<Span> {
    let blank_lines: Vec<bool> = lines
        .iter()
        .map(|s| text[s.start..s.end].trim().is_empty())
        .collect();
    let content = blank_lines.iter().filter(|&&b| !b).count();
    // Runs of blank lines between two lines of content (leading and
    // trailing blank lines separate nothing).
    let mut blank_runs = 0;
    let mut seen_content = false;
    let mut pending_blank = false;
    for &blank in &blank_lines {
        if blank {
            pending_blank = seen_content;
        } else {
            if pending_blank {
                blank_runs += 1;
            }
            pending_blank = false;
            seen_content = true;
        }
    }
    // Wrapped layout: blank lines separate paragraphs of several lines on average.
    let wrapped = blank_runs > 0 && content as f64 / (blank_runs + 1) as f64 > 1.5;
    let mut out = Vec::new();
    let mut cur: Option<Span> = None;
    for (l, &blank) in lines.iter().zip(&blank_lines) {
        if blank {
            out.extend(cur.take());
            continue;
        }
        let trimmed = trim_span(text, *l);
        cur = match cur {
            Some(c) if wrapped => Some(c.cover(trimmed)),
            Some(c) => {
                out.push(c);
                Some(trimmed)
            }
            None => Some(trimmed),
        };
    }
    out.extend(cur);
    out
}

fn trim_span(text: &str, s: Span) -> Span {
    let slice = &text[s.start..s.end];
    let is_space = |c: char| c.is_whitespace() || c == '\u{feff}';
    let lead = slice.len() - slice.trim_start_matches(is_space).len();
    let trail = slice.len() - slice.trim_end_matches(is_space).len();
    if lead + trail >= slice.len() {
        return Span::new(s.start, s.start);
    }
    Span::new(s.start + lead, s.end - trail)
}

impl Pass for Tokenizer {
    fn name(&self) -> &'static str {
        "tokenize"
    }

    fn run(&self, doc: &mut Document) {
        let text = doc.text();
        // Spanish prose has about a token per 5 bytes, a few more in
        // dialogue: one per 4 spares the growth of a vector of megabytes
        // (the pages reserved and not used cost nothing).
        let mut tokens = Vec::with_capacity(text.len() / 4);
        let mut sentences = Vec::new();
        let mut paras = Vec::new();
        let mut segs = Vec::new();
        let mut folded = String::new();
        let mut may_end = Vec::new();
        for span in paragraphs(text) {
            let first_tok = tokens.len();
            may_end.clear();
            self.tokenize_span(
                text,
                span,
                &mut tokens,
                &mut segs,
                &mut folded,
                &mut may_end,
            );
            if tokens.len() == first_tok {
                continue;
            }
            let first_sent = sentences.len();
            self.split_sentences(
                text,
                &tokens,
                first_tok..tokens.len(),
                &may_end,
                paras.len(),
                &mut sentences,
            );
            paras.push(Paragraph {
                span,
                sentences: first_sent..sentences.len(),
            });
        }
        doc.tokens = tokens;
        doc.sentences = sentences;
        doc.paragraphs = paras;
    }
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Chars of Spanish prose and of its edge cases: every Spanish letter in
    /// both cases, other Latin-1 and Latin Extended-A letters, ordinal
    /// indicators, digits, the punctuation the merge rules look at, white
    /// space and line breaks, and chars outside the fast paths.
    fn text_char() -> impl Strategy<Value = char> {
        prop_oneof![
            8 => prop::sample::select(vec!['a', 'e', 'o', 's', 'n', 'r', 'l', 'd', 'c', 't', 'i']),
            3 => prop::sample::select(vec!['A', 'E', 'G', 'N', 'D', 'J', 'M', 'S', 'P', 'Z', 'C']),
            3 => prop::sample::select("áéíóúüñÁÉÍÓÚÜÑ".chars().collect::<Vec<_>>()),
            1 => prop::sample::select("àçæœŒøßÿÞµİ".chars().collect::<Vec<_>>()),
            3 => prop::sample::select(vec!['1', '2', '0', '9']),
            2 => prop::sample::select(vec!['º', 'ª', '°']),
            5 => prop::sample::select(vec!['.', '.', ',', ';', ':', '-', '–', '‐', '\'', '’', '·', '_']),
            3 => prop::sample::select(vec!['?', '!', '…', '¿', '¡', '«', '»', '“', '”', '"', '(', ')', '—', '[', ']', '›', '‹', '×', '„', '‘', '÷']),
            6 => prop::sample::select(vec![' ', ' ', ' ', '\n', '\n', '\r', '\t', '\u{a0}']),
            1 => prop::sample::select(vec!['\u{301}', '\u{ad}', '\u{feff}', '\u{202f}', 'א', '✠', '\u{2028}']),
        ]
    }

    /// The chars of `text_char` outside the fast alphabet of `words`.
    const NOT_FAST: &[char] = &[
        '\u{301}', '\u{ad}', '\u{feff}', '\u{202f}', 'א', '✠', '\u{2028}',
    ];

    /// Words whose merges and sentence rules the tokenizer knows.
    fn text_piece() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => text_char().prop_map(String::from),
            1 => prop::sample::select(vec![
                "Gral.", "etc.", "Sr.", "D.", "N.º", "n.º", "D.ª", "1.º", "2.ª", "3er", "20-21",
                "1813-1814", "1.300", "1,5", "Condo-Condo", "O'Higgins", "J. M. Paz", "...",
                "?!", ".»", "\n\n", "\r\n", "\r\n\r\n", "ETC.", "gral.", "Á.", "sto.",
            ])
            .prop_map(String::from),
        ]
    }

    fn texts() -> impl Strategy<Value = String> {
        prop::collection::vec(text_piece(), 0..80).prop_map(|v| v.concat())
    }

    /// Every layer of the pass on `text`, as the reference tokenizer made it.
    fn same_as_reference(
        tokenizer: &Tokenizer,
        text: &str,
    ) -> std::result::Result<(), TestCaseError> {
        let mut got = Document::new("t", text, Default::default());
        tokenizer.run(&mut got);
        let mut want = Document::new("t", text, Default::default());
        reference::Reference(tokenizer).run(&mut want);
        prop_assert_eq!(&got.tokens, &want.tokens, "{:?}", text);
        prop_assert_eq!(&got.sentences, &want.sentences, "{:?}", text);
        prop_assert_eq!(&got.paragraphs, &want.paragraphs, "{:?}", text);
        Ok(())
    }

    #[test]
    fn prose_punctuation_is_neither_letter_nor_digit_and_folds_to_itself() {
        let all: Vec<char> = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        for c in all.into_iter().filter(|&c| is_prose_punct(c)) {
            assert!(!c.is_alphanumeric() && !c.is_whitespace(), "{c:?}");
            assert_eq!(fold(&c.to_string()), c.to_string(), "{c:?}");
        }
    }

    /// `SPANISH_C3` against `spanish_letter_base` and the char's case.
    #[test]
    fn spanish_c3_table_is_the_spanish_letters() {
        for c in '\u{c0}'..='\u{ff}' {
            let mut b = [0; 4];
            let bytes = c.encode_utf8(&mut b).as_bytes();
            let info = SPANISH_C3[usize::from(bytes[1] & 0x3f)];
            let want = spanish_letter_base(c)
                .map(|base| base as u8 | if c.is_lowercase() { SPANISH_LOWER } else { 0 });
            assert_eq!((info != 0).then_some(info), want, "{c:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn case_and_fold_equal_the_plain_functions(s in prop::collection::vec(text_char(), 0..30)) {
            let s: String = s.into_iter().collect();
            let want = (case_of(&s), CompactString::from(fold(&s)));
            prop_assert_eq!(case_and_fold(&s, &mut String::from("junk")), want, "{:?}", s);
        }

        /// The tokens from `words::Pieces` and its chunks against the
        /// tokens of the segments of the whole paragraph, in texts of the
        /// fast alphabet (which `Pieces` does not give up on) and
        /// others.
        #[test]
        fn pieces_equal_the_segments(
            text in prop_oneof![texts(), texts().prop_map(|t| t.replace(NOT_FAST, ""))]
        ) {
            let tokenizer = Tokenizer::new().unwrap();
            let (mut got, mut want) = (Vec::new(), Vec::new());
            let (mut segs, mut folded) = (Vec::new(), String::from("junk"));
            let (mut got_ends, mut want_ends) = (Vec::new(), Vec::new());
            for span in paragraphs(&text) {
                tokenizer.tokenize_span(&text, span, &mut got, &mut segs, &mut folded, &mut got_ends);
                tokenizer.tokenize_span_by_segments(&text, span, &mut want, &mut segs, &mut folded, &mut want_ends);
                prop_assert_eq!(&got, &want, "{:?}", text);
                prop_assert_eq!(&got_ends, &want_ends, "{:?}", text);
            }
        }

        #[test]
        fn spanish_case_and_fold_equals_the_plain_functions(s in prop::collection::vec(text_char(), 0..30)) {
            let s: String = s.into_iter().collect();
            if let Some(got) = spanish_case_and_fold(s.as_bytes()) {
                prop_assert_eq!(got, (case_of(&s), CompactString::from(fold(&s))), "{:?}", s);
            }
        }

        #[test]
        fn pass_equals_the_reference_tokenizer(text in texts()) {
            let tokenizer = Tokenizer::new().unwrap();
            same_as_reference(&tokenizer, &text)?;
        }
    }

    /// The texts of the repository (corpus, dev), whole.
    #[test]
    fn repository_texts_equal_the_reference_tokenizer() {
        let tokenizer = Tokenizer::new().unwrap();
        let mut seen = 0;
        for dir in ["corpus", "dev/texts"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    same_as_reference(&tokenizer, &text).unwrap();
                    seen += 1;
                }
            }
        }
        assert!(seen >= 2);
    }
}
