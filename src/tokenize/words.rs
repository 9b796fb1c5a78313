//! Word segments of a paragraph: the UAX #29 word boundaries of
//! `unicode-segmentation`, without the segments of white space.
//!
//! Almost every paragraph of Spanish prose is written with ASCII, the
//! Latin-1 letters and a dozen punctuation marks (`¿¡«»—…“”’`). Over that
//! alphabet, which has no Extend, Format or ZWJ chars (no combining marks,
//! no soft hyphen) and no Hebrew, Katakana or regional indicators, the
//! UAX #29 rules reduce to: white space separates; letters, digits and
//! `_` join one another (WB5, WB8–WB10, WB13a/b); a `:`, `·`, `.`, `'`
//! or `’` joins two letters (WB6/7); a `,`, `;`, `.`, `'` or `’` joins
//! two digits (WB11/12); every other char is a segment of its own.
//! [`fast_word_segments`] applies those rules byte by byte and gives up on
//! the first char outside the alphabet; the paragraph then goes through the
//! crate. The tests below check both paths against the crate.
//!
//! Measured with callgrind over 0.9 MB of the bench corpus: segmenting
//! through the crate (a binary search of its category table per char) cost
//! ~173 M instructions, the fast path ~31 M. Each [`Segment`] also says what
//! the tokenizer would otherwise walk it again for: its kind, and whether it
//! is plain ASCII, its own folded form.

use super::classify;
use crate::document::TokenKind;
use unicode_segmentation::UnicodeSegmentation;

/// The UAX #29 word-break class of a char of the fast alphabet, with the
/// classes that behave alike merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ALetter, Numeric or ExtendNumLet: joins any of the three.
    Word,
    /// ALetter (`a`, `ñ`, `º`): joins a MidLetter or MidNumLetQ to a letter.
    Letter,
    /// Numeric (ASCII digits): joins a MidNum or MidNumLetQ to a digit.
    Digit,
    /// MidLetter (`:`, `·`): between two letters.
    MidLetter,
    /// MidNumLet or Single_Quote (`.`, `'`, `‘`, `’`): between two letters
    /// or two digits.
    MidBoth,
    /// MidNum (`,`, `;`): between two digits.
    MidNum,
    /// White space (WSegSpace, CR, LF, and the tab and no-break space, which
    /// are Other): never part of a segment that holds anything else.
    Space,
    /// Any other char of the alphabet: a segment of its own.
    Other,
    /// Outside the fast alphabet.
    Unknown,
}

/// Classes of the ASCII chars; controls other than tab, LF and CR (VT and
/// FF are Newline) are left to the crate.
const ASCII_CLASS: [Class; 128] = {
    let mut t = [Class::Unknown; 128];
    let mut b = 0x21;
    while b < 0x7f {
        t[b] = Class::Other;
        b += 1;
    }
    let mut b = b'0';
    while b <= b'9' {
        t[b as usize] = Class::Digit;
        b += 1;
    }
    let mut b = b'a';
    while b <= b'z' {
        t[b as usize] = Class::Letter;
        t[(b - b'a' + b'A') as usize] = Class::Letter;
        b += 1;
    }
    t[b'_' as usize] = Class::Word;
    t[b':' as usize] = Class::MidLetter;
    t[b'.' as usize] = Class::MidBoth;
    t[b'\'' as usize] = Class::MidBoth;
    t[b',' as usize] = Class::MidNum;
    t[b';' as usize] = Class::MidNum;
    t[b' ' as usize] = Class::Space;
    t[b'\t' as usize] = Class::Space;
    t[b'\n' as usize] = Class::Space;
    t[b'\r' as usize] = Class::Space;
    t
};

/// The class of a non-ASCII char.
fn class_of(c: char) -> Class {
    match c {
        // Latin-1 and Latin Extended-A letters, ordinal indicators, micro sign
        '\u{aa}' | '\u{b5}' | '\u{ba}' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' => Class::Letter,
        '\u{f8}'..='\u{17f}' => Class::Letter,
        '\u{b7}' => Class::MidLetter,
        '\u{2018}' | '\u{2019}' => Class::MidBoth,
        '\u{a0}' => Class::Space,
        // ¡ « ° » ¿ × ÷ ‐ – — “ ” „ … ‹ ›
        '\u{a1}' | '\u{ab}' | '\u{b0}' | '\u{bb}' | '\u{bf}' | '\u{d7}' | '\u{f7}' => Class::Other,
        '\u{2010}' | '\u{2013}' | '\u{2014}' | '\u{201c}' | '\u{201d}' | '\u{201e}' => Class::Other,
        '\u{2026}' | '\u{2039}' | '\u{203a}' => Class::Other,
        _ => Class::Unknown,
    }
}

/// A word segment of a paragraph, and what the fast path learned of it on
/// the way, so that the tokenizer need not walk it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'t> {
    /// Byte offset in the text.
    pub start: usize,
    pub text: &'t str,
    /// ASCII without uppercase, so its own folded form; false when unknown
    /// (the crate's path).
    pub plain: bool,
    /// With `plain`: whether it holds a letter (then lowercase).
    pub lower: bool,
    /// `classify(text)`, which the fast path knows from the first char.
    pub kind: TokenKind,
}

impl Segment<'_> {
    /// Byte offset in the text of its end.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// [`BYTE_INFO`] bits: an ASCII letter, digit or `_` (the bulk of a word),
/// a lowercase and an uppercase ASCII letter; [`NOT_ASCII`] marks a
/// segment with a char that is not ASCII.
const WORD: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
const NOT_ASCII: u8 = 8;

/// What a segment learns from each of its ASCII bytes (0 for the others).
const BYTE_INFO: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 128 {
        if matches!(ASCII_CLASS[b], Class::Word | Class::Letter | Class::Digit) {
            t[b] = WORD;
        }
        if (b as u8).is_ascii_lowercase() {
            t[b] |= LOWER;
        }
        if (b as u8).is_ascii_uppercase() {
            t[b] |= UPPER;
        }
        b += 1;
    }
    t
};

/// The number of leading bytes of `x` (eight bytes, the first in the low
/// byte) that are ASCII letters, digits or `_`, and the [`LOWER`] and
/// [`UPPER`] bits of those bytes; SWAR, without a branch per byte.
///
/// The byte loop it goes before cost a mispredicted branch at the end of
/// almost every word (perf): ~2 ms of the pass's ~10 over 0.9 MB.
#[inline(always)]
fn ascii_word_prefix(x: u64) -> (usize, u8) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // the high bit of each ASCII byte; the bytes without their high bit,
    // so that the additions below never carry into the next byte
    let ascii = !x & HIGH;
    let x7 = x & !HIGH;
    // the high bit of each byte in lo..=hi
    let in_range = |x7: u64, lo: u8, hi: u8| {
        let at_least_lo = x7 + ONES * u64::from(0x80 - lo);
        let above_hi = x7 + ONES * u64::from(0x7f - hi);
        at_least_lo & !above_hi & ascii
    };
    // a byte is a letter when, with bit 5 set, it is `a`-`z`; bit 5 is the
    // lowercase bit of a letter: shifted left by two it is the high bit
    // (this form saves ~8 of ~50 instructions a call over four ranges)
    let letter = in_range(x7 | (ONES * 0x20), b'a', b'z');
    let lower_bit = x << 2;
    let lower = letter & lower_bit;
    let upper = letter & !lower_bit;
    let word = letter | in_range(x7, b'0', b'9') | in_range(x7, b'_', b'_');
    let not_word = !word & HIGH;
    let len = (not_word.trailing_zeros() / 8) as usize;
    // the high bits of the first `len` bytes: those below the lowest bit
    // of `not_word` (all of them if it is 0)
    let prefix = not_word.wrapping_sub(1) & !not_word & HIGH;
    let info = (u8::from(lower & prefix != 0) * LOWER) | (u8::from(upper & prefix != 0) * UPPER);
    (len, info)
}

/// The [`BYTE_INFO`] of a char `len` bytes long at byte `i`.
#[inline(always)]
fn info_at(bytes: &[u8], i: usize, len: usize) -> u8 {
    match len {
        1 => BYTE_INFO[bytes[i] as usize],
        _ => NOT_ASCII,
    }
}

/// The class and UTF-8 length of the char at byte `i` of `bytes`, a UTF-8
/// string.
#[inline(always)]
fn class_at(bytes: &[u8], i: usize) -> (Class, usize) {
    match bytes[i] {
        b @ 0..0x80 => (ASCII_CLASS[b as usize], 1),
        b => non_ascii_class_at(bytes, b, i),
    }
}

/// [`class_at`] for a char that is not ASCII: the fast alphabet has
/// two-byte chars up to U+017F and three-byte chars U+2000–U+203F only.
#[inline(never)]
fn non_ascii_class_at(bytes: &[u8], b: u8, i: usize) -> (Class, usize) {
    let cont = |k: usize| bytes.get(i + k).map_or(0, |&c| u32::from(c & 0x3f));
    let (cp, len) = match b {
        0xc2..=0xc5 => (u32::from(b & 0x1f) << 6 | cont(1), 2),
        0xe2 => (0x2000 | cont(1) << 6 | cont(2), 3),
        _ => return (Class::Unknown, 1),
    };
    match char::from_u32(cp) {
        // U+2000–U+203F must come from E2 80 xx
        Some(c) if len == 2 || bytes.get(i + 1) == Some(&0x80) => (class_of(c), len),
        _ => (Class::Unknown, 1),
    }
}

/// The end of the run of ASCII letters, digits and `_` that starts at byte
/// `i` of `bytes`, and `info` with the [`BYTE_INFO`] bits of its bytes.
#[inline(always)]
fn ascii_word_run(bytes: &[u8], mut i: usize, mut info: u8) -> (usize, u8) {
    // ASCII letters and digits, the bulk of the text, first: eight at a
    // time, then one by one
    while let Some(chunk) = bytes.get(i..i + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let (len, chunk_info) = ascii_word_prefix(u64::from_le_bytes(chunk));
        info |= chunk_info;
        i += len;
        if len < 8 {
            return (i, info);
        }
    }
    while i < bytes.len() && BYTE_INFO[bytes[i] as usize] & WORD != 0 {
        info |= BYTE_INFO[bytes[i] as usize];
        i += 1;
    }
    (i, info)
}

/// What the fused scan of [`Pieces`] does with a byte, by its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// ASCII white space: nothing.
    Space,
    /// An ASCII letter: starts a word segment (a Word token).
    Letter,
    /// An ASCII digit: starts a word segment (a Number token).
    Digit,
    /// `.`: a run of periods is one token.
    Period,
    /// An ASCII char that is a segment and a token of its own wherever it
    /// starts one: any punctuation but `.` and `_`.
    Punct,
    /// Ends a word segment and its token: white space and the ASCII
    /// punctuation that neither joins (WB6/7, WB11/12) nor merges.
    End,
    /// `,` and `;`: ends a word segment unless it follows a digit.
    MidNum,
    /// A lead byte of a char that is not ASCII.
    NotAscii,
    /// Anything else: the chunk goes through the segments.
    Slow,
}

/// [`Step`] of a byte at the start of a token.
const START_STEP: [Step; 256] = {
    let mut t = [Step::Slow; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match ASCII_CLASS[b] {
            Class::Space => Step::Space,
            Class::Letter => Step::Letter,
            Class::Digit => Step::Digit,
            Class::Other | Class::MidLetter | Class::MidNum | Class::MidBoth => Step::Punct,
            Class::Word | Class::Unknown => Step::Slow,
        };
        b += 1;
    }
    t[b'.' as usize] = Step::Period;
    while b < 256 {
        t[b] = Step::NotAscii;
        b += 1;
    }
    t
};

/// [`Step`] of the byte after a run of ASCII word bytes.
const END_STEP: [Step; 256] = {
    let mut t = [Step::Slow; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match ASCII_CLASS[b] {
            Class::Space | Class::Other => Step::End,
            Class::MidNum => Step::MidNum,
            // `:`, `.`, `'` join letters; letters and digits are no end
            _ => Step::Slow,
        };
        b += 1;
    }
    // hyphens merge words and numbers
    t[b'-' as usize] = Step::Slow;
    while b < 256 {
        t[b] = Step::NotAscii;
        b += 1;
    }
    t
};

/// A piece of a paragraph from [`Pieces`], in byte offsets of the
/// paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// A token of one segment, none of whose merges apply.
    Token {
        start: usize,
        end: usize,
        kind: TokenKind,
        /// Its own folded form without an uppercase letter (ASCII without
        /// uppercase, or one mark of prose punctuation); with it, `lower`:
        /// whether it holds a (lowercase) letter.
        plain: bool,
        lower: bool,
        /// `may_end_sentence` of the token: `.`, `?`, `!` or punctuation
        /// led by E2 (`…`).
        ends: bool,
        /// A Word followed by a `.` that joins nothing: unless it is an
        /// abbreviation (then the chunk from its start is for the
        /// segments, [`Pieces::chunk_from`]), the period is the next piece.
        period: bool,
    },
    /// A run of chars (up to white space) whose tokens only the segments
    /// tell: `[start, end)` starts a segment and ends before a space.
    Chunk { start: usize, end: usize },
    /// A char outside the fast alphabet: the paragraph goes through
    /// `unicode-segmentation`.
    Unknown,
}

/// The pieces of a paragraph: the tokens of its commonest tokens straight
/// from its bytes (a word or number followed by a space or a punctuation
/// mark that does not join it, a punctuation mark): no segments for them,
/// no merge rules to try. The other runs of chars come as
/// [`Piece::Chunk`]s, to segment and merge.
///
/// A chunk may start at any segment start and end before any space: in the
/// fast alphabet white space always separates segments, a segment start
/// depends on nothing before it, and no merge crosses white space.
pub struct Pieces<'t> {
    para: &'t str,
    /// The byte to go on from.
    at: usize,
}

impl<'t> Pieces<'t> {
    pub fn new(para: &'t str) -> Pieces<'t> {
        Pieces { para, at: 0 }
    }

    /// The end of the chunk that starts at `start` (at a segment start),
    /// the next space, where the pieces go on.
    pub fn chunk_from(&mut self, start: usize) -> usize {
        let bytes = &self.para.as_bytes()[start..];
        self.at = memchr::memchr(b' ', bytes).map_or(self.para.len(), |k| start + k);
        self.at
    }

    /// The next piece. Inlined, unlike a callback, into the loop that makes
    /// the tokens: the piece lives in registers.
    #[inline(always)]
    pub fn next_piece(&mut self) -> Option<Piece> {
        let para = self.para;
        let bytes = para.as_bytes();
        let n = bytes.len();
        let mut i = self.at;
        // the end of the chunk that starts at `start`: the next space
        let chunk_end =
            |start: usize| memchr::memchr(b' ', &bytes[start..]).map_or(n, |k| start + k);
        while i < n {
            let b = bytes[i];
            // the commonest char between tokens
            if b == b' ' {
                i += 1;
                continue;
            }
            let start = i;
            // an ASCII letter, the commonest start, tested apart: a branch
            // the CPU predicts well, unlike the jump table of the `match`
            let (kind, mut info) = if (b | 0x20).wrapping_sub(b'a') < 26 {
                (TokenKind::Word, 0)
            } else {
                match START_STEP[b as usize] {
                    Step::Space => {
                        i += 1;
                        continue;
                    }
                    Step::Letter => (TokenKind::Word, 0),
                    Step::Digit => (TokenKind::Number, 0),
                    Step::Punct => {
                        i += 1;
                        let (kind, plain, lower) = (TokenKind::Punct, true, false);
                        self.at = i;
                        return Some(Piece::Token {
                            start,
                            end: i,
                            kind,
                            plain,
                            lower,
                            ends: matches!(b, b'?' | b'!'),
                            period: false,
                        });
                    }
                    Step::Period => {
                        i += 1;
                        while i < n && bytes[i] == b'.' {
                            i += 1;
                        }
                        let (kind, plain, lower) = (TokenKind::Punct, true, false);
                        self.at = i;
                        return Some(Piece::Token {
                            start,
                            end: i,
                            kind,
                            plain,
                            lower,
                            ends: true,
                            period: false,
                        });
                    }
                    Step::NotAscii => {
                        let (class, len) = non_ascii_class_at(bytes, b, i);
                        match class {
                            Class::Letter => {
                                i += len;
                                (TokenKind::Word, NOT_ASCII)
                            }
                            Class::Space => {
                                i += len;
                                continue;
                            }
                            Class::Unknown => {
                                self.at = n;
                                return Some(Piece::Unknown);
                            }
                            // punctuation, a token of its own: all of it is prose
                            // punctuation, its own folded form, but for `×` and `÷`
                            // (the only chars of the alphabet led by C3 that are
                            // not letters)
                            _ if b != 0xc3 => {
                                i += len;
                                let (kind, plain, lower) = (TokenKind::Punct, true, false);
                                self.at = i;
                                return Some(Piece::Token {
                                    start,
                                    end: i,
                                    kind,
                                    plain,
                                    lower,
                                    ends: b == 0xe2,
                                    period: false,
                                });
                            }
                            _ => {
                                i = chunk_end(start);
                                self.at = i;
                                return Some(Piece::Chunk { start, end: i });
                            }
                        }
                    }
                    _ => {
                        i = chunk_end(start);
                        self.at = i;
                        return Some(Piece::Chunk { start, end: i });
                    }
                }
            };
            // a word segment: ASCII runs, and the letters that are not ASCII
            let (mut ends, mut period) = (false, false);
            loop {
                (i, info) = ascii_word_run(bytes, i, info);
                // the commonest end, tested apart (as above)
                if i == n || bytes[i] == b' ' {
                    ends = true;
                    break;
                }
                match END_STEP[bytes[i] as usize] {
                    Step::End => {
                        ends = true;
                        break;
                    }
                    // `,` and `;` join two digits (WB11/12)
                    Step::MidNum => {
                        let digit_after = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                        ends = !(bytes[i - 1].is_ascii_digit() && digit_after);
                        break;
                    }
                    Step::NotAscii => {
                        let (class, len) = non_ascii_class_at(bytes, bytes[i], i);
                        match class {
                            Class::Letter => {
                                info |= NOT_ASCII;
                                i += len;
                            }
                            Class::Unknown => {
                                self.at = n;
                                return Some(Piece::Unknown);
                            }
                            // `‐`, `–` and `°` merge words or numbers
                            Class::Other => {
                                ends = !matches!(&para[i..i + len], "‐" | "–" | "°");
                                break;
                            }
                            Class::Space => {
                                ends = true;
                                break;
                            }
                            // `·`, `‘`, `’` join letters
                            _ => break,
                        }
                    }
                    // `.`, `:` and `'` join letters or digits (WB6/7,
                    // WB11/12), and nothing else: before the end or an ASCII
                    // char that is neither, the word ends; a word before
                    // `.` may be an abbreviation
                    _ => {
                        let c = bytes[i];
                        let joins_nothing = matches!(c, b'.' | b':' | b'\'')
                            && bytes
                                .get(i + 1)
                                .is_none_or(|&a| a < 0x80 && BYTE_INFO[a as usize] & WORD == 0);
                        ends = joins_nothing;
                        period = joins_nothing && c == b'.' && kind == TokenKind::Word;
                        break;
                    }
                }
            }
            if ends {
                let plain = info & (UPPER | NOT_ASCII) == 0;
                let lower = info & LOWER != 0;
                self.at = i;
                return Some(Piece::Token {
                    start,
                    end: i,
                    kind,
                    plain,
                    lower,
                    ends: false,
                    period,
                });
            } else {
                i = chunk_end(start);
                self.at = i;
                return Some(Piece::Chunk { start, end: i });
            }
        }
        self.at = n;
        None
    }
}

/// Appends the word segments of `para` that are not white space, at
/// `base + offset`, if every char of `para` is in the fast alphabet;
/// returns false (with `segs` partly filled) otherwise.
pub fn fast_word_segments<'t>(para: &'t str, base: usize, segs: &mut Vec<Segment<'t>>) -> bool {
    let bytes = para.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let start = i;
        // the commonest char between segments
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let (class, len) = class_at(bytes, i);
        let mut info = info_at(bytes, i, len);
        i += len;
        match class {
            Class::Space => continue,
            Class::Unknown => return false,
            Class::Word | Class::Letter | Class::Digit => loop {
                (i, info) = ascii_word_run(bytes, i, info);
                // the commonest end of a word, tested apart: a branch the
                // CPU predicts well, unlike the `match` below (perf)
                if i == n || bytes[i] == b' ' {
                    break;
                }
                let (next, len) = class_at(bytes, i);
                match next {
                    Class::Word | Class::Letter | Class::Digit => {
                        info |= NOT_ASCII;
                        i += len;
                    }
                    Class::MidLetter | Class::MidBoth | Class::MidNum if i + len < n => {
                        let (after, after_len) = class_at(bytes, i + len);
                        // the char before the Mid char: a letter, digit or
                        // `_`, and if not ASCII a letter
                        let last = match bytes[i - 1] {
                            b @ 0..0x80 => ASCII_CLASS[b as usize],
                            _ => Class::Letter,
                        };
                        // WB6/7 between letters, WB11/12 between digits
                        let joins = matches!(
                            (last, next, after),
                            (
                                Class::Letter,
                                Class::MidLetter | Class::MidBoth,
                                Class::Letter
                            ) | (Class::Digit, Class::MidNum | Class::MidBoth, Class::Digit)
                        );
                        if after == Class::Unknown {
                            return false;
                        }
                        if !joins {
                            break;
                        }
                        info |= info_at(bytes, i, len) | info_at(bytes, i + len, after_len);
                        i += len + after_len;
                    }
                    Class::Unknown => return false,
                    _ => break,
                }
            },
            _ => {}
        }
        let text = &para[start..i];
        let kind = match class {
            // ASCII digits; letters, all alphanumeric
            Class::Digit => TokenKind::Number,
            Class::Letter => TokenKind::Word,
            // `_`, then anything
            Class::Word => classify(text),
            // one char, none of which is alphanumeric
            _ => TokenKind::Punct,
        };
        segs.push(Segment {
            start: base + start,
            text,
            plain: info & (UPPER | NOT_ASCII) == 0,
            lower: info & LOWER != 0,
            kind,
        });
    }
    true
}

/// The word segments of `para` through `unicode-segmentation`, cut again at
/// any white space inside them: UAX #29 keeps a combining mark with a
/// preceding space (" \u{301}") and joins words across U+202F (narrow
/// no-break space, ExtendNumLet); a segment never holds white space or a BOM.
pub fn crate_word_segments<'t>(para: &'t str, base: usize, segs: &mut Vec<Segment<'t>>) {
    let mut push = |start: usize, text: &'t str| {
        let (plain, lower, kind) = (false, false, classify(text));
        segs.push(Segment {
            start,
            text,
            plain,
            lower,
            kind,
        });
    };
    let is_space = |c: char| c.is_whitespace() || c == '\u{feff}';
    for (i, seg) in para.split_word_bound_indices() {
        // the commonest segments of all, which hold no token
        if matches!(seg, " " | "\n" | "\r\n") {
            continue;
        }
        if !seg.contains(is_space) {
            push(base + i, seg);
            continue;
        }
        for p in seg.split(is_space).filter(|p| !p.is_empty()) {
            push(base + i + (p.as_ptr() as usize - seg.as_ptr() as usize), p);
        }
    }
}

/// The word segments of `para` that are not white space, at `base + offset`,
/// in `segs` (cleared first).
#[cfg(test)]
pub fn word_segments<'t>(para: &'t str, base: usize, segs: &mut Vec<Segment<'t>>) {
    segs.clear();
    if !fast_word_segments(para, base, segs) {
        segs.clear();
        crate_word_segments(para, base, segs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn crate_segments(s: &str) -> Vec<(usize, &str)> {
        let mut v = Vec::new();
        crate_word_segments(s, 0, &mut v);
        v.iter().map(|s| (s.start, s.text)).collect()
    }

    /// The fast path's segments, or None when it gives up; checks what it
    /// says of their case.
    fn fast_segments(s: &str) -> Option<Vec<(usize, &str)>> {
        let mut v = Vec::new();
        if !fast_word_segments(s, 0, &mut v) {
            return None;
        }
        for seg in &v {
            let t = seg.text;
            assert_eq!(seg.kind, classify(t), "{t:?} in {s:?}");
            let plain = t.is_ascii() && !t.bytes().any(|b| b.is_ascii_uppercase());
            assert_eq!(seg.plain, plain, "{t:?} in {s:?}");
            if plain {
                assert_eq!(
                    seg.lower,
                    t.bytes().any(|b| b.is_ascii_lowercase()),
                    "{t:?}"
                );
            }
        }
        Some(v.iter().map(|s| (s.start, s.text)).collect())
    }

    /// Every char the fast path accepts.
    fn alphabet() -> Vec<char> {
        (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| {
                let mut b = [0; 4];
                class_at(c.encode_utf8(&mut b).as_bytes(), 0).0 != Class::Unknown
            })
            .collect()
    }

    /// `Pieces` makes a token of one char of punctuation that is not
    /// ASCII, without folding it, unless it is led by C3.
    #[test]
    fn punctuation_of_the_alphabet_not_led_by_c3_is_prose_punctuation() {
        for c in alphabet().into_iter().filter(|c| !c.is_ascii()) {
            let mut b = [0; 4];
            let bytes = c.encode_utf8(&mut b).as_bytes();
            let class = class_at(bytes, 0).0;
            if !matches!(class, Class::Letter | Class::Space) && bytes[0] != 0xc3 {
                assert!(super::super::is_prose_punct(c), "{c:?}");
            }
        }
    }

    #[test]
    fn alphabet_is_what_the_doc_says() {
        let a = alphabet();
        assert!(a.len() > 250 && a.len() < 400, "{}", a.len());
        for c in [
            '\u{ad}', '\u{301}', '\u{200d}', '\u{feff}', '\u{202f}', '\u{b}', '\u{c}', '\u{85}',
            'א', 'カ', '✠',
        ] {
            assert!(!a.contains(&c), "{c:?}");
        }
    }

    /// Each char of the alphabet in every context that tells its class
    /// apart: next to letters, digits, `_`, the Mid classes and spaces.
    #[test]
    fn each_char_of_the_alphabet_in_context() {
        let contexts = [
            "a", "Z", "ñ", "1", "_", ".", ":", ",", "'", "’", " ", "\n", "\r", "-", "«",
        ];
        for c in alphabet() {
            for x in contexts {
                for y in contexts {
                    for s in [
                        format!("{x}{c}{y}"),
                        format!("{x}{x}{c}{y}{y}"),
                        format!("{c}{x}{c}"),
                        format!("{x}{c}{c}{y}"),
                        format!("{c}{x}{y}{c}"),
                    ] {
                        assert_eq!(
                            fast_segments(&s).as_ref(),
                            Some(&crate_segments(&s)),
                            "{s:?}"
                        );
                    }
                }
            }
        }
    }

    /// Chars of the fast alphabet, weighted towards the ones whose rules
    /// differ: digits with `.`, `,`, `;`; apostrophes; `·`, `:`, `_`; letters
    /// next to digits; spaces and line breaks.
    fn fast_char() -> impl Strategy<Value = char> {
        prop_oneof![
            6 => prop::sample::select(vec!['a', 'e', 'Z', 'ñ', 'Á', 'º', 'ª', 'ÿ', 'œ', 'µ']),
            5 => prop::sample::select(vec!['1', '0', '9']),
            5 => prop::sample::select(vec!['.', ',', ';', ':', '\'', '’', '‘', '·', '_']),
            3 => prop::sample::select(vec![' ', '\n', '\r', '\t', '\u{a0}']),
            2 => prop::sample::select(vec!['-', '—', '¿', '¡', '«', '»', '…', '"', '(', '°', '×']),
        ]
    }

    /// The chars above and some the fast path must refuse: combining marks,
    /// the soft hyphen, ZWJ, BOM, U+202F, Hebrew, VT.
    fn any_char() -> impl Strategy<Value = char> {
        prop_oneof![
            20 => fast_char(),
            1 => prop::sample::select(vec!['\u{301}', '\u{ad}', '\u{200d}', '\u{feff}', '\u{202f}', 'א', '\u{b}', '✠']),
        ]
    }

    /// `ascii_word_prefix` against the byte-by-byte definition.
    fn word_prefix_by_bytes(bytes: [u8; 8]) -> (usize, u8) {
        let len = bytes
            .iter()
            .take_while(|&&b| BYTE_INFO[b as usize] & WORD != 0)
            .count();
        let info = bytes[..len]
            .iter()
            .fold(0, |i, &b| i | BYTE_INFO[b as usize]);
        (len, info & (LOWER | UPPER))
    }

    #[test]
    fn word_prefix_of_every_byte_at_every_place() {
        for b in 0..=255u8 {
            for at in 0..8 {
                for fill in [b'a', b'Z', b'5', b'_', b'q'] {
                    let mut bytes = [fill; 8];
                    bytes[at] = b;
                    let got = ascii_word_prefix(u64::from_le_bytes(bytes));
                    assert_eq!(got, word_prefix_by_bytes(bytes), "{bytes:?}");
                }
            }
        }
    }

    /// Words of 0 to 20 letters, digits and `_` between separators, to
    /// cross the eight-byte steps of the segmenter.
    fn long_words() -> impl Strategy<Value = String> {
        let word_char = prop::sample::select("abcxyzABCXYZ019_ñÉ".chars().collect::<Vec<_>>());
        let word = prop::collection::vec(word_char, 0..20).prop_map(String::from_iter);
        let sep = prop::sample::select(vec![
            " ", ".", ",", "'", "’", ":", "-", " \n", "«", "·", "\u{ad}",
        ]);
        prop::collection::vec((word, sep), 0..8)
            .prop_map(|v| v.into_iter().map(|(w, s)| w + s).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn word_prefix_equals_the_byte_loop(bytes in prop::array::uniform8(any::<u8>())) {
            prop_assert_eq!(ascii_word_prefix(u64::from_le_bytes(bytes)), word_prefix_by_bytes(bytes));
        }

        #[test]
        fn long_words_equal_the_crate(s in long_words()) {
            let mut got = Vec::new();
            word_segments(&s, 0, &mut got);
            let mut want = Vec::new();
            crate_word_segments(&s, 0, &mut want);
            let got: Vec<_> = got.iter().map(|s| (s.start, s.text)).collect();
            let want: Vec<_> = want.iter().map(|s| (s.start, s.text)).collect();
            prop_assert_eq!(got, want, "{:?}", s);
            if !s.contains('\u{ad}') {
                prop_assert!(fast_segments(&s).is_some());
            }
        }

        #[test]
        fn fast_path_equals_the_crate(chars in prop::collection::vec(fast_char(), 0..40)) {
            let s: String = chars.into_iter().collect();
            prop_assert_eq!(fast_segments(&s), Some(crate_segments(&s)), "{:?}", s);
        }

        #[test]
        fn word_segments_equal_the_crate(chars in prop::collection::vec(any_char(), 0..40), base in 0usize..5) {
            let s: String = chars.into_iter().collect();
            let kind = TokenKind::Word;
            let junk = Segment { start: 7, text: "junk", plain: true, lower: true, kind };
            let mut got = vec![junk];
            word_segments(&s, base, &mut got);
            let mut want = Vec::new();
            crate_word_segments(&s, base, &mut want);
            let got: Vec<_> = got.iter().map(|s| (s.start, s.text)).collect();
            let want: Vec<_> = want.iter().map(|s| (s.start, s.text)).collect();
            prop_assert_eq!(got, want, "{:?}", s);
        }
    }
}
