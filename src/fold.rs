//! Folding for matching: lowercase and strip accents (`Álvarez` → `alvarez`,
//! `Potosí` → `potosi`), so period spellings without accents and NFD text
//! (a letter followed by a combining accent) match the lexicons. `ñ` is
//! folded to `n` as well: chronicles are inconsistent with it (`Olañeta`,
//! `Olaneta`) and no Spanish minimal pair that matters here depends on it.

use compact_str::CompactString;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The Fx hash (rustc's, from the `rustc-hash` crate): several times faster
/// than the default SipHash on short words. Lexicon keys come from built-in
/// and user data files, never from the text, so SipHash's flooding
/// resistance buys nothing here.
pub type WordHasher = rustc_hash::FxHasher;
/// A hash map keyed by words, with [`WordHasher`].
pub type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
/// A hash set of words, with [`WordHasher`].
pub type WordSet<K> = HashSet<K, BuildHasherDefault<WordHasher>>;
/// A map keyed by folded words, for lexicons probed once or more per token.
pub type FoldedMap<V> = WordMap<String, V>;
/// A set of folded words.
pub type FoldedSet = WordSet<String>;

/// The folded form of `s`: NFD-decomposed, combining marks removed,
/// lowercased.
///
/// Each char is decomposed on its own: canonical reordering in NFD only
/// moves combining marks, which are dropped, so the result is the same as
/// folding the NFD of the whole string, without its buffering.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return out;
    }
    fold_chars(s, |c| out.push(c));
    out
}

/// [`fold`] into a [`CompactString`], which keeps up to 24 bytes inline: the
/// folded form of a token costs no heap allocation.
pub fn fold_compact(s: &str) -> CompactString {
    if s.is_ascii() {
        let mut out = CompactString::from(s);
        out.make_ascii_lowercase();
        return out;
    }
    let mut out = CompactString::with_capacity(s.len());
    fold_chars(s, |c| out.push(c));
    out
}

/// The chars of the folded form of `s`, one at a time.
fn fold_chars(s: &str, mut push: impl FnMut(char)) {
    for c in s.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else if let Some(base) = spanish_letter_base(c) {
            push(base);
        } else {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    d.to_lowercase().for_each(&mut push);
                }
            });
        }
    }
}

/// The folded form of the accented letters of Spanish, without a table
/// lookup (the test below checks them against the definition).
pub(crate) fn spanish_letter_base(c: char) -> Option<char> {
    Some(match c {
        'á' | 'Á' => 'a',
        'é' | 'É' => 'e',
        'í' | 'Í' => 'i',
        'ó' | 'Ó' => 'o',
        'ú' | 'Ú' | 'ü' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::fold;
    use unicode_normalization::UnicodeNormalization;

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

    /// Folding through the NFD of the whole string, as the definition says.
    fn fold_through_nfd(s: &str) -> String {
        s.nfd()
            .filter(|&c| !super::is_combining_mark(c))
            .flat_map(char::to_lowercase)
            .collect()
    }

    #[test]
    fn per_char_decomposition_equals_nfd_of_the_string() {
        // every scalar value alone, then after a letter and before marks
        // (canonical reordering applies to mark sequences)
        let all: Vec<char> = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        for &c in &all {
            for s in [
                c.to_string(),
                format!("a{c}\u{301}\u{327}"),
                format!("\u{316}{c}\u{301}e"),
            ] {
                assert_eq!(super::fold(&s), fold_through_nfd(&s), "{:?}", s);
            }
        }
    }
}
