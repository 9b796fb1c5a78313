//! Byte ↔ code-point offset conversion, the one place where the library's
//! byte spans meet the JSON contract's code-point offsets.
//!
//! The converter keeps, for every 256-byte block of the text, how many code
//! points start before the block. A lookup then counts the code-point starts
//! (bytes that are not UTF-8 continuation bytes) inside one block, so memory
//! is 1/64 of the text and both directions are O(log n + 256).

const BLOCK: usize = 256;

/// Converts offsets for one text. Build it once per document.
#[derive(Debug, Clone)]
pub struct OffsetConverter<'t> {
    text: &'t str,
    /// `starts_before[b]` = code points that start before byte `b * BLOCK`.
    starts_before: Vec<usize>,
}

fn is_char_start(b: u8) -> bool {
    (b & 0xC0) != 0x80
}

/// How many code points start in `bytes` (bytes that are not UTF-8
/// continuation bytes `10xxxxxx`), eight bytes at a time: a continuation
/// byte has its top bit set and the next one clear, so `x & !(x << 1)`
/// keeps one flag bit per such byte. Measured (callgrind, /tmp/bench-small):
/// `OffsetConverter::new` 4.4 M → 1.3 M instructions, and the offsets of
/// the JSON output about as much less again.
fn count_char_starts(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut continuation = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        // one bit per continuation byte, at bit 0 of its byte; the multiply
        // adds the eight bytes up into the top one
        let flags = ((x & !(x << 1)) & HIGH) >> 7;
        continuation += (flags.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    }
    let rest = chunks.remainder();
    bytes.len() - continuation - rest.len() + rest.iter().filter(|&&b| is_char_start(b)).count()
}

/// How many code points start in `bytes`: for a text's bytes `a..b`, the
/// code-point offset of `b` less that of `a` (the JSON writer walks its
/// offsets forward with it).
pub fn char_starts(bytes: &[u8]) -> usize {
    count_char_starts(bytes)
}

impl<'t> OffsetConverter<'t> {
    pub fn new(text: &'t str) -> OffsetConverter<'t> {
        let bytes = text.as_bytes();
        let mut starts_before = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut count = 0;
        for block in bytes.chunks(BLOCK) {
            starts_before.push(count);
            count += count_char_starts(block);
        }
        starts_before.push(count);
        OffsetConverter {
            text,
            starts_before,
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        *self.starts_before.last().unwrap_or(&0)
    }

    /// The code-point offset of byte offset `byte` (which must be on a char
    /// boundary, as every span of the library is).
    pub fn to_chars(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let block = byte / BLOCK;
        let from = block * BLOCK;
        self.starts_before[block] + count_char_starts(&self.text.as_bytes()[from..byte])
    }

    /// The byte offset of code-point offset `chars`, or `None` past the end.
    pub fn to_bytes(&self, chars: usize) -> Option<usize> {
        if chars > self.char_len() {
            return None;
        }
        // The last block whose first code point is at or before `chars`.
        let block = self
            .starts_before
            .partition_point(|&n| n <= chars)
            .saturating_sub(1);
        let mut seen = self.starts_before[block];
        let bytes = self.text.as_bytes();
        let mut b = block * BLOCK;
        while b < bytes.len() {
            if is_char_start(bytes[b]) {
                if seen == chars {
                    return Some(b);
                }
                seen += 1;
            }
            b += 1;
        }
        (seen == chars).then_some(bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn multibyte_names() {
        let t = "Potosí, Aráoz y Olañeta";
        let c = OffsetConverter::new(t);
        let b = t.find("Aráoz").unwrap();
        assert_eq!(c.to_chars(b), 8);
        assert_eq!(c.to_bytes(8), Some(b));
        assert_eq!(c.to_chars(t.len()), t.chars().count());
        assert_eq!(c.to_bytes(t.chars().count()), Some(t.len()));
        assert_eq!(c.to_bytes(t.chars().count() + 1), None);
    }

    proptest! {
        #[test]
        fn word_count_equals_byte_count(s in "\\PC{0,100}", skip in 0usize..8) {
            let bytes = &s.as_bytes()[skip.min(s.len())..];
            let plain = bytes.iter().filter(|&&b| is_char_start(b)).count();
            prop_assert_eq!(count_char_starts(bytes), plain);
        }

        #[test]
        fn round_trip(s in "\\PC{0,700}") {
            let c = OffsetConverter::new(&s);
            for (cp, (b, _)) in s.char_indices().enumerate() {
                prop_assert_eq!(c.to_chars(b), cp);
                prop_assert_eq!(c.to_bytes(cp), Some(b));
            }
        }
    }
}
