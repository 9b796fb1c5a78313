//! A lexicon map from folded words, for the passes that probe it with every
//! token of the text.
//!
//! Most tokens of a chronicle are in no given lexicon, and a hash lookup of
//! a miss costs as much as one of a hit (hash the word, probe, compare).
//! [`WordTable`] keeps a small bit filter, indexed by a word's length and
//! its first, middle and last bytes, in front of an ordinary
//! [`FoldedMap`]: a word whose filter bit is clear is certainly not in the
//! map and is rejected with a few instructions. The filter has no false
//! negatives, so `get` answers exactly as the map alone would (a proptest
//! below checks it). Words that pass the filter are looked up by a key of
//! their bytes packed in a `u128` (up to 15 bytes, almost every word): the
//! hash is two multiplications and the comparison one integer compare,
//! where a string key costs a byte-by-byte hash and a `memcmp` call.
//!
//! Measured with callgrind on /tmp/bench-small, with the other changes of
//! the same commits: groups pass 42.8 M → 19.1 M instructions, numbers
//! 23.6 M → 19.5 M, dates 46.4 M → 31.1 M (of which the `u128` keys:
//! dates 35.2 M → 31.1 M).

use crate::fold::FoldedMap;
use rustc_hash::FxHashMap;

/// Bits of the filter: 4096, 512 bytes, which stays in the L1 cache.
const FILTER_WORDS: usize = 64;

/// A map from folded words with a filter that rejects most misses early.
#[derive(Debug, Clone)]
pub struct WordTable<V> {
    filter: [u64; FILTER_WORDS],
    /// Every word, for iteration and for the words too long for a `u128`.
    map: FoldedMap<V>,
    /// The words of up to [`MAX_SHORT`] bytes, by [`short_key`].
    short: FxHashMap<u128, V>,
    /// The words of one or two ASCII lowercase letters (`de`, `la`, `y`,
    /// the commonest tokens), by [`tiny_index`]: 0 for none, else 1 + their
    /// index in `tiny_values`. Past the filter they are answered without
    /// the hash (callgrind on /tmp/bench-small: dates 21.7 M → 19.8 M
    /// instructions, numbers 16.5 M → 16.2 M, groups 15.1 M → 14.6 M).
    tiny: Vec<u16>,
    tiny_values: Vec<V>,
}

/// Slots of the `tiny` index: a first letter, and none or a second letter.
const TINY_SLOTS: usize = 26 * 27;

/// The `tiny` slot of a word of one or two ASCII lowercase letters.
#[inline(always)]
fn tiny_index(word: &str) -> Option<usize> {
    match *word.as_bytes() {
        [x] if x.is_ascii_lowercase() => Some((x - b'a') as usize * 27),
        [x, y] if x.is_ascii_lowercase() && y.is_ascii_lowercase() => {
            Some((x - b'a') as usize * 27 + (y - b'a') as usize + 1)
        }
        _ => None,
    }
}

impl<V> Default for WordTable<V> {
    fn default() -> Self {
        WordTable {
            filter: [0; FILTER_WORDS],
            map: FoldedMap::default(),
            short: FxHashMap::default(),
            tiny: vec![0; TINY_SLOTS],
            tiny_values: Vec::new(),
        }
    }
}

/// The longest word kept under a `u128` key: 15 bytes and its length.
const MAX_SHORT: usize = 15;

/// A word of up to [`MAX_SHORT`] bytes as one integer: its bytes, zero
/// padded, and its length in the last byte (so `a` and `a\0` differ).
///
/// Read as two overlapping little-endian words, the tail shifted down to
/// drop the overlap, instead of copied into a zeroed array (a `memcpy`
/// call); `short_key_is_the_padded_bytes` checks it against the copy.
fn short_key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    let n = b.len();
    let bytes = if n >= 8 {
        if n > MAX_SHORT {
            return None;
        }
        let head = u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
        let last = u64::from_le_bytes(b[n - 8..].try_into().expect("8 bytes"));
        // the bytes of `last` past the head: b[8..n]
        let tail = last.checked_shr(8 * (16 - n) as u32).unwrap_or(0);
        head as u128 | (tail as u128) << 64
    } else if n >= 4 {
        let head = u32::from_le_bytes(b[..4].try_into().expect("4 bytes"));
        let last = u32::from_le_bytes(b[n - 4..].try_into().expect("4 bytes"));
        let tail = last.checked_shr(8 * (8 - n) as u32).unwrap_or(0);
        head as u128 | (tail as u128) << 32
    } else {
        b.iter()
            .enumerate()
            .fold(0, |key, (i, &c)| key | (c as u128) << (8 * i))
    };
    Some(bytes | (n as u128) << 120)
}

/// The filter bit of a word: its length and its first, middle and last
/// bytes, mixed by a multiplication (Fibonacci hashing) into 12 bits.
#[inline(always)]
fn filter_bit(word: &str) -> usize {
    let b = word.as_bytes();
    let n = b.len();
    let x = if n == 0 {
        0
    } else {
        (n as u64 & 0xFF) | (b[0] as u64) << 8 | (b[n / 2] as u64) << 16 | (b[n - 1] as u64) << 24
    };
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

impl<V: Clone> WordTable<V> {
    /// Adds a word, replacing its value if it was there.
    pub fn insert(&mut self, word: String, value: V) -> Option<V> {
        let bit = filter_bit(&word);
        self.filter[bit / 64] |= 1 << (bit % 64);
        if let Some(k) = tiny_index(&word) {
            match self.tiny[k] {
                0 => {
                    self.tiny_values.push(value.clone());
                    self.tiny[k] = self.tiny_values.len() as u16;
                }
                slot => self.tiny_values[slot as usize - 1] = value.clone(),
            }
        }
        if let Some(key) = short_key(&word) {
            self.short.insert(key, value.clone());
        }
        self.map.insert(word, value)
    }
}

impl<V> WordTable<V> {
    /// The value of `word`, as `FoldedMap::get` gives it. The filter test
    /// is inlined into the caller; the lookup is not, so that the common
    /// path (a word the filter turns away) stays a few instructions.
    #[inline(always)]
    pub fn get(&self, word: &str) -> Option<&V> {
        let bit = filter_bit(word);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        // (after the filter, which turns most short misses away as cheaply)
        if let Some(k) = tiny_index(word) {
            return match self.tiny[k] {
                0 => None,
                slot => Some(&self.tiny_values[slot as usize - 1]),
            };
        }
        self.lookup(word)
    }

    #[inline(never)]
    fn lookup(&self, word: &str) -> Option<&V> {
        match short_key(word) {
            Some(key) => self.short.get(&key),
            None => self.map.get(word),
        }
    }

    pub fn contains_key(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    /// The words and their values, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.map.iter()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

impl<V: Clone> FromIterator<(String, V)> for WordTable<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(items: I) -> Self {
        let mut table = WordTable::default();
        for (w, v) in items {
            table.insert(w, v);
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The filter never hides a word: `get` agrees with the plain map.
        #[test]
        fn agrees_with_the_plain_map(
            words in proptest::collection::vec("[a-zñ.º0-9\0]{0,17}", 0..200),
            probes in proptest::collection::vec("[a-zñ.º0-9\0]{0,17}", 0..200),
        ) {
            let mut table = WordTable::default();
            let mut plain = FoldedMap::default();
            for (i, w) in words.iter().enumerate() {
                table.insert(w.clone(), i);
                plain.insert(w.clone(), i);
            }
            for w in words.iter().chain(&probes) {
                prop_assert_eq!(table.get(w), plain.get(w.as_str()));
            }
        }
    }

    proptest! {
        /// Short words (the `tiny` index), inserted again with new values.
        #[test]
        fn tiny_words_agree_with_the_plain_map(
            words in proptest::collection::vec("[a-cz\\[{ñA]{0,3}", 0..60),
            probes in proptest::collection::vec("[a-cz\\[{ñA]{0,3}", 0..60),
        ) {
            let mut table = WordTable::default();
            let mut plain = FoldedMap::default();
            for (i, w) in words.iter().chain(&words).enumerate() {
                table.insert(w.clone(), i);
                plain.insert(w.clone(), i);
            }
            for w in words.iter().chain(&probes) {
                prop_assert_eq!(table.get(w), plain.get(w.as_str()));
            }
        }
    }

    #[test]
    fn short_key_is_the_padded_bytes() {
        let text = "abcdefghijklmnopqrñ";
        for end in 0..=text.len() {
            let Some(word) = text.get(..end) else {
                continue;
            };
            let expected = (word.len() <= MAX_SHORT).then(|| {
                let mut key = [0u8; 16];
                key[..word.len()].copy_from_slice(word.as_bytes());
                key[15] = word.len() as u8;
                u128::from_le_bytes(key)
            });
            assert_eq!(short_key(word), expected, "{word:?}");
        }
    }

    #[test]
    fn empty_and_long_words() {
        let mut t = WordTable::default();
        t.insert(String::new(), 1);
        t.insert("desafortunadamente".to_string(), 2);
        assert_eq!(t.get(""), Some(&1));
        assert_eq!(t.get("desafortunadamente"), Some(&2));
        assert_eq!(t.get("desafortunadamentf"), None);
        t.insert("a".to_string(), 3);
        assert_eq!(t.get("a\0"), None);
        assert_eq!(t.get("a"), Some(&3));
        assert_eq!(t.len(), 3);
    }
}
