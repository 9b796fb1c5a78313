//! Folding for matching: lowercase and strip accents (`Álvarez` → `alvarez`,
//! `Potosí` → `potosi`), so period spellings without accents and NFD text
//! (a letter followed by a combining accent) match the lexicons. `ñ` is
//! folded to `n` as well: chronicles are inconsistent with it (`Olañeta`,
//! `Olaneta`) and no Spanish minimal pair that matters here depends on it.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The folded form of `s`: NFD-decomposed, combining marks removed,
/// lowercased.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
        return out;
    }
    for c in s.nfd() {
        if !is_combining_mark(c) {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Whether a char is a combining mark (part of the previous letter in NFD text).
pub fn is_mark(c: char) -> bool {
    is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_accents_and_nfd() {
        for (input, folded) in [
            ("Álvarez", "alvarez"),
            ("Alvarez", "alvarez"),
            ("Potosí", "potosi"),
            ("Potosi\u{301}", "potosi"),
            ("OLAÑETA", "olaneta"),
            ("Setiembre", "setiembre"),
            ("1.º", "1.º"),
        ] {
            assert_eq!(fold(input), folded, "{input}");
        }
    }
}
