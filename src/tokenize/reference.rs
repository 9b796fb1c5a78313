//! The tokenizer as it was before the speed work (plain `unicode-segmentation`,
//! `case_of` and `fold` over each token, a byte loop for line breaks), kept
//! for the tests only: the pass must produce exactly the same layers. The
//! helpers the speed work left as they were (`case_of`, the run of a
//! sentence end, `push_sentence`, the paragraph layout) are the pass's own.

use super::{
    AbbreviationKind, Tokenizer, case_of, end_of_run, is_terminal, paragraphs_of_lines,
    push_sentence,
};
use crate::document::{Document, Paragraph, Sentence, Span, Token, TokenKind};
use crate::fold::fold;
use compact_str::CompactString;
use unicode_segmentation::UnicodeSegmentation;

fn fold_compact(s: &str) -> CompactString {
    CompactString::from(fold(s))
}

/// The reference pass.
pub struct Reference<'a>(pub &'a Tokenizer);

impl Reference<'_> {
    fn abbreviations(&self) -> &crate::fold::FoldedMap<AbbreviationKind> {
        &self.0.abbreviations
    }

    fn tokenize_span<'t>(
        &self,
        text: &'t str,
        span: Span,
        tokens: &mut Vec<Token>,
        segs: &mut Vec<(usize, &'t str)>,
    ) {
        let base = span.start;
        // Word segments, cut again at any white space inside them: UAX #29
        // keeps a combining mark with a preceding space (" \u{301}") and
        // joins words across U+202F (narrow no-break space, ExtendNumLet);
        // a token never holds white space or a BOM.
        let is_space = |c: char| c.is_whitespace() || c == '\u{feff}';
        segs.clear();
        for (i, seg) in text[span.start..span.end].split_word_bound_indices() {
            // the commonest segments of all, which hold no token
            if matches!(seg, " " | "\n" | "\r\n") {
                continue;
            }
            if !seg.contains(is_space) {
                segs.push((base + i, seg));
                continue;
            }
            for p in seg.split(is_space).filter(|p| !p.is_empty()) {
                segs.push((base + i + (p.as_ptr() as usize - seg.as_ptr() as usize), p));
            }
        }
        let segs = &segs[..];
        let mut i = 0;
        while i < segs.len() {
            let (start, seg) = segs[i];
            let mut end = start + seg.len();
            let mut kind = classify(seg);
            let mut j = i + 1;
            // Is segment k adjacent to the current end, and equal to `s`?
            let next_is = |k: usize, end: usize, pred: &dyn Fn(&str) -> bool| {
                k < segs.len() && segs[k].0 == end && pred(segs[k].1)
            };
            let is_ord_mark =
                |s: &str| matches!(s, "º" | "ª" | "°" | "o" | "a" | "er" | "os" | "as");
            match kind {
                TokenKind::Number => {
                    // 1.º / 2.ª
                    if next_is(j, end, &|s| s == ".")
                        && next_is(j + 1, end + 1, &|s| matches!(s, "º" | "ª" | "°"))
                    {
                        end = segs[j + 1].0 + segs[j + 1].1.len();
                        j += 2;
                    } else if next_is(j, end, &|s| matches!(s, "º" | "ª" | "°")) {
                        end = segs[j].0 + segs[j].1.len();
                        j += 1;
                    }
                    // 20-21, 1813-1814
                    while next_is(j, end, &|s| matches!(s, "-" | "–" | "‐"))
                        && next_is(j + 1, segs[j].0 + segs[j].1.len(), &|s| {
                            classify(s) == TokenKind::Number
                        })
                    {
                        end = segs[j + 1].0 + segs[j + 1].1.len();
                        j += 2;
                    }
                }
                TokenKind::Word => {
                    // Condo-Condo, Sipe-Sipe, franco-español
                    while next_is(j, end, &|s| matches!(s, "-" | "‐"))
                        && next_is(j + 1, segs[j].0 + segs[j].1.len(), &|s| {
                            classify(s) == TokenKind::Word
                        })
                    {
                        end = segs[j + 1].0 + segs[j + 1].1.len();
                        j += 2;
                    }
                    if j == i + 1 && next_is(j, end, &|s| s == ".") {
                        let word = &text[start..end];
                        let letters = word.chars().count();
                        let initial = letters <= 2
                            && word.chars().next().is_some_and(char::is_uppercase)
                            && word.chars().all(char::is_alphabetic);
                        if next_is(j + 1, end + 1, &|s| {
                            is_ord_mark(s) && matches!(s, "º" | "ª")
                        }) && letters <= 3
                        {
                            // N.º, D.ª
                            end = segs[j + 1].0 + segs[j + 1].1.len();
                            j += 2;
                            kind = TokenKind::Abbreviation;
                        } else if self.abbreviations().contains_key(&fold(word))
                            || initial && letters == 1
                        {
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
            let slice = &text[start..end];
            tokens.push(Token {
                span: Span::new(start, end),
                kind,
                case: case_of(slice),
                folded: fold_compact(slice),
            });
            i = j;
        }
    }

    fn abbreviation_may_end(&self, text: &str, tok: &Token) -> bool {
        let word = text[tok.span.start..tok.span.end].trim_end_matches('.');
        self.abbreviations().get(&fold(word)) == Some(&AbbreviationKind::Other)
    }

    fn split_sentences(
        &self,
        text: &str,
        tokens: &[Token],
        range: std::ops::Range<usize>,
        paragraph: usize,
        out: &mut Vec<Sentence>,
    ) {
        let mut start = range.start;
        let mut i = range.start;
        while i < range.end {
            let tok = &tokens[i];
            let s = &text[tok.span.start..tok.span.end];
            let terminal = tok.kind == TokenKind::Punct && is_terminal(s);
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

    pub fn run(&self, doc: &mut Document) {
        let text = doc.text();
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut sentences = Vec::new();
        let mut paras = Vec::new();
        let mut segs = Vec::new();
        for span in paragraphs(text) {
            let first_tok = tokens.len();
            self.tokenize_span(text, span, &mut tokens, &mut segs);
            if tokens.len() == first_tok {
                continue;
            }
            let first_sent = sentences.len();
            self.split_sentences(
                text,
                &tokens,
                first_tok..tokens.len(),
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

fn classify(seg: &str) -> TokenKind {
    let mut chars = seg.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => TokenKind::Number,
        Some(c) if c.is_alphanumeric() => TokenKind::Word,
        _ if seg.chars().any(char::is_alphanumeric) => TokenKind::Word,
        _ => TokenKind::Punct,
    }
}

/// Paragraph spans of a text (trimmed, non-empty), in order.
pub fn paragraphs(text: &str) -> Vec<Span> {
    // Lines with their byte spans; `\r\n`, `\r` and `\n` all end a line.
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(Span::new(start, i));
                start = i + 1;
            }
            b'\r' => {
                lines.push(Span::new(start, i));
                if i + 1 < bytes.len() && bytes[i + 1] == b'\n' {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push(Span::new(start, bytes.len()));
    paragraphs_of_lines(text, &lines)
}
