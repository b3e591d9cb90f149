//! Short lines of a quote-free file counted by their bytes: a million units of reliability data
//! are a few hundred or thousand distinct lines, and a line read once need not be split and
//! looked up cell by cell again. The table maps a line's bytes to the pattern its unit counts as
//! in [`crate::stats::tally::StreamTally`], and counts how often it was met.

/// Bytes looked at for a short line: lines of up to `LINE_CHUNK - 1` bytes are cached.
pub const LINE_CHUNK: usize = 16;

/// A short line's bytes with its length in the top byte (so no key is 0 and lines that differ
/// only by trailing NUL bytes differ), or None for a longer line.
pub fn line_key(line: &[u8]) -> Option<u128> {
    if line.is_empty() || line.len() >= LINE_CHUNK {
        return None;
    }
    let mut bytes = [0u8; LINE_CHUNK];
    bytes[..line.len()].copy_from_slice(line);
    Some(u128::from_le_bytes(bytes) | ((line.len() as u128) << 120))
}

/// The key and length of the line `chunk` starts with, when its `\n` is within the chunk: the
/// first zero byte of `chunk ^ "\n\n…"` found by the borrow trick on all 16 bytes at once.
#[inline]
pub fn short_line(chunk: &[u8]) -> Option<(u128, usize)> {
    const ONES: u128 = u128::from_le_bytes([0x01; LINE_CHUNK]);
    const HIGHS: u128 = u128::from_le_bytes([0x80; LINE_CHUNK]);
    const NEWLINES: u128 = u128::from_le_bytes([b'\n'; LINE_CHUNK]);
    let chunk = u128::from_le_bytes(chunk.try_into().ok()?);
    let differs = chunk ^ NEWLINES;
    // Only the lowest flagged byte is exact (a borrow can flag bytes above a zero byte).
    let zero_bytes = differs.wrapping_sub(ONES) & !differs & HIGHS;
    let length = (zero_bytes.trailing_zeros() / 8) as usize;
    if length == 0 || length >= LINE_CHUNK {
        return None;
    }
    let bytes = chunk & ((1u128 << (length * 8)) - 1);
    Some((bytes | ((length as u128) << 120), length))
}

/// Short lines already read: the pattern each is counted as and how many units had it. Open
/// addressing, kept at most half full: the table starts small (most files have a few hundred
/// distinct lines, and a large table is pages to zero for nothing) and doubles up to
/// `LINE_CACHE_MAX` slots, after which new lines are read the long way.
pub struct LineCache {
    slots: Vec<Seen>,
    taken: usize,
}

#[derive(Clone, Copy, Default)]
struct Seen {
    /// From [`line_key`]; 0 for a free slot.
    key: u128,
    pattern: u32,
    units: u64,
}

const LINE_CACHE_START: usize = 1 << 10;
const LINE_CACHE_MAX: usize = 1 << 15;

impl Default for LineCache {
    fn default() -> LineCache {
        LineCache {
            slots: vec![Seen::default(); LINE_CACHE_START],
            taken: 0,
        }
    }
}

impl LineCache {
    /// The slot holding `key`, or the free one where it would go.
    #[inline]
    fn find(&self, key: u128) -> usize {
        let mask = self.slots.len() - 1;
        let mixed = ((key as u64) ^ ((key >> 64) as u64)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut at = (mixed >> (64 - self.slots.len().trailing_zeros())) as usize;
        while self.slots[at].key != key && self.slots[at].key != 0 {
            at = (at + 1) & mask;
        }
        at
    }

    /// Counts one more unit of a line seen before; false when the line is not in the table.
    #[inline]
    pub fn count(&mut self, key: u128) -> bool {
        let at = self.find(key);
        let seen = &mut self.slots[at];
        if seen.key == 0 {
            return false;
        }
        seen.units += 1;
        true
    }

    /// Takes a line read the long way, counting its unit; false when the table is full (the
    /// caller counts the unit itself).
    pub fn insert(&mut self, key: u128, pattern: usize) -> bool {
        let Ok(pattern) = u32::try_from(pattern) else {
            return false;
        };
        let mut at = self.find(key);
        if self.slots[at].key == 0 {
            if (self.taken + 1) * 2 > self.slots.len() {
                if self.slots.len() >= LINE_CACHE_MAX {
                    return false;
                }
                self.grow();
                at = self.find(key);
            }
            self.taken += 1;
            self.slots[at] = Seen {
                key,
                pattern,
                units: 0,
            };
        }
        self.slots[at].units += 1;
        true
    }

    fn grow(&mut self) {
        let doubled = vec![Seen::default(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        for seen in old.into_iter().filter(|seen| seen.key != 0) {
            let at = self.find(seen.key);
            self.slots[at] = seen;
        }
    }

    /// Each line's pattern and how many units had it.
    pub fn counted(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.slots
            .iter()
            .filter(|seen| seen.key != 0)
            .map(|seen| (seen.pattern as usize, seen.units))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_key_is_its_bytes_and_length() {
        let text = b"1,2,3\n4,5,6\n";
        let (key, length) = short_line(&[&text[..], &[0; 4]].concat()).unwrap();
        assert_eq!(length, 5);
        assert_eq!(Some(key), line_key(b"1,2,3"));
        assert_ne!(line_key(b"1,2"), line_key(b"1,2\0"));
        assert_eq!(
            short_line(b"0123456789abcdef"),
            None,
            "no newline in the chunk"
        );
        assert_eq!(short_line(b"\n123456789abcdef"), None, "an empty line");
        assert_eq!(line_key(b"0123456789abcdef"), None, "too long");
    }

    #[test]
    fn a_full_table_takes_no_more_lines_and_counts_what_it_holds() {
        let mut table = LineCache::default();
        let mut taken = 0u64;
        for n in 0..LINE_CACHE_MAX as u32 {
            let key = line_key(n.to_string().as_bytes()).unwrap();
            if table.insert(key, n as usize) {
                taken += 1;
            }
        }
        assert_eq!(taken as usize, LINE_CACHE_MAX / 2);
        let seven = line_key(b"7").unwrap();
        assert!(table.count(seven));
        assert!(!table.count(line_key(b"99999").unwrap()));
        let counted: Vec<(usize, u64)> = table.counted().collect();
        assert_eq!(counted.len(), LINE_CACHE_MAX / 2);
        assert!(counted.contains(&(7, 2)));
        assert_eq!(
            counted.iter().map(|&(_, units)| units).sum::<u64>(),
            taken + 1
        );
    }
}
