//! Counting while reading: units added one at a time (or by the pattern of their cells) into
//! fixed 64-wide tables, turned into a [`Tally`] at the end. For data read from a file, where no
//! matrix of the units is kept.

use super::{PairCounts, Tally};

/// Counts units one at a time as they are read, keeping no matrix, for data with at most
/// [`STREAM_CATEGORIES`] categories (numbered in order of first appearance).
pub struct StreamTally {
    tally: Tally,
    by_size: Vec<f64>,
    tables: Vec<f64>,
    pair_n: Vec<f64>,
    present: Vec<(usize, u32)>,
    /// How many units had each pattern of cells, for up to `PATTERN_CODERS` coders and
    /// categories below `PATTERN_BASE - 1` (empty otherwise): a unit is one increment here, and
    /// its pairs are counted once per pattern at the end rather than once per unit. Counts of
    /// whole numbers, so the sums are the same to the bit in any order.
    patterns: Vec<u64>,
}

/// Cell states a pattern distinguishes: missing, and categories 0 to `PATTERN_BASE - 2`.
const PATTERN_BASE: usize = 8;
/// Coders a pattern covers (8⁶ patterns: 2 MB of counts).
const PATTERN_CODERS: usize = 6;

/// Categories a [`StreamTally`] has room for.
pub const STREAM_CATEGORIES: usize = 64;

impl StreamTally {
    pub fn new(coders: usize) -> StreamTally {
        let q = STREAM_CATEGORIES;
        // Pairs are counted in `by_size` and `tables` here, and moved into a tally by `finish`.
        let tally = Tally::empty_counts(q, coders);
        let pairs = coders * coders.saturating_sub(1) / 2;
        let patterns = if coders <= PATTERN_CODERS {
            vec![0; PATTERN_BASE.pow(coders as u32)]
        } else {
            Vec::new()
        };
        StreamTally {
            by_size: vec![0.0; (coders + 1) * q * q],
            tables: vec![0.0; pairs * q * q],
            pair_n: vec![0.0; pairs],
            present: Vec::with_capacity(coders),
            tally,
            patterns,
        }
    }

    /// Counts one unit: its cells in coder order, category numbers below `STREAM_CATEGORIES`.
    #[inline]
    pub fn add(&mut self, unit: &[Option<u32>]) {
        match self.pattern_of(unit) {
            Some(pattern) => self.add_pattern(pattern, 1),
            None => self.add_units(unit, 1),
        }
    }

    /// The pattern a unit is counted as, when it fits one: a reader that meets the same text
    /// again can count it with [`StreamTally::add_pattern`] without reading its cells.
    #[inline]
    pub fn pattern_of(&self, unit: &[Option<u32>]) -> Option<usize> {
        if self.patterns.is_empty() {
            return None;
        }
        let mut index = 0;
        let mut fits = true;
        for cell in unit {
            let state = cell.map_or(0, |k| k as usize + 1);
            fits &= state < PATTERN_BASE;
            index = index * PATTERN_BASE + state;
        }
        fits.then_some(index)
    }

    /// Counts `units` units by the pattern [`StreamTally::pattern_of`] gave for their cells.
    #[inline]
    pub fn add_pattern(&mut self, pattern: usize, units: u64) {
        self.patterns[pattern] += units;
    }

    fn add_units(&mut self, unit: &[Option<u32>], weight: u64) {
        let q = STREAM_CATEGORIES;
        let (by_size, tables) = (&mut self.by_size, &mut self.tables);
        self.tally.count_unit(
            unit,
            weight,
            &mut self.present,
            &mut self.pair_n,
            &mut |pair, m, a, b, w| {
                let (a, b) = (a as usize, b as usize);
                by_size[(m * q + a) * q + b] += w;
                by_size[(m * q + b) * q + a] += w;
                tables[(pair * q + a) * q + b] += w;
            },
        );
    }

    /// The tally, numbered as the categories first appeared and `q` wide: every category
    /// counted is below `q` (a part's category count). Only those rows and columns of the
    /// `STREAM_CATEGORIES`-wide tables are read, so the pages of the rest are never touched.
    pub fn finish(mut self, q: usize) -> Tally {
        let wide = STREAM_CATEGORIES;
        let q = q.min(wide);
        let coders = self.tally.coders;
        let patterns = std::mem::take(&mut self.patterns);
        let mut unit = vec![None; coders];
        for (index, &count) in patterns.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let mut rest = index;
            for cell in unit.iter_mut().rev() {
                let state = rest % PATTERN_BASE;
                rest /= PATTERN_BASE;
                *cell = state.checked_sub(1).map(|k| k as u32);
            }
            self.add_units(&unit, count);
        }
        let counted = &self.tally;
        let mut out = Tally::empty_with(q, coders);
        out.units = counted.units;
        out.pairable_units = counted.pairable_units;
        out.values = counted.values;
        out.pairs = counted.pairs;
        out.agreeing_by_size.clone_from(&counted.agreeing_by_size);
        for k in 0..q {
            for m in 0..=coders {
                out.categories_by_size[m * q + k] = counted.categories_by_size[m * wide + k];
            }
            for g in 0..coders {
                out.per_coder[g * q + k] = counted.per_coder[g * wide + k];
            }
        }
        let narrow = |table: &[f64]| PairCounts::Dense {
            q,
            cells: table
                .chunks_exact(wide)
                .take(q)
                .flat_map(|row| &row[..q])
                .copied()
                .collect(),
        };
        for (counts, table) in out
            .pairs_by_size
            .iter_mut()
            .zip(self.by_size.chunks_exact(wide * wide))
        {
            *counts = narrow(table);
        }
        for ((pair, table), n) in out
            .pair_tables
            .iter_mut()
            .zip(self.tables.chunks_exact(wide * wide))
            .zip(&self.pair_n)
        {
            pair.counts = narrow(table);
            pair.n = *n;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Ratings;
    use crate::stats::tests::krippendorff_2011;

    #[test]
    fn a_streamed_and_remapped_tally_equals_the_matrix_tally() {
        let ratings = krippendorff_2011();
        let whole = Tally::of_cells(&ratings, &ratings.cells);
        let mut stream = StreamTally::new(ratings.coders);
        for unit in ratings.cells.chunks(ratings.coders) {
            stream.add(unit);
        }
        let streamed = stream.finish(ratings.categories.len());
        assert_eq!(
            whole.coincidences().entries,
            streamed.coincidences().entries
        );
        assert_eq!(whole.shares(), streamed.shares());
        assert_eq!(whole.per_coder, streamed.per_coder);
        assert_eq!(
            whole.pair(0, 2).counts.entries(),
            streamed.pair(0, 2).counts.entries()
        );
        assert_eq!(whole.agreement_sum(), streamed.agreement_sum());
    }

    /// Units counted by pattern, units with categories past a pattern's reach counted one by one,
    /// and more coders than patterns cover: the same tally as the matrix's, to the bit.

    #[test]
    fn patterns_and_single_units_together_equal_the_matrix_tally() {
        for (coders, categories) in [(3usize, 12u32), (5, 6), (7, 4)] {
            let mut seed = 12345u64 + coders as u64;
            let mut next = || {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (seed >> 33) as u32
            };
            let cells: Vec<Option<u32>> = (0..coders * 5000)
                .map(|_| (next() % 10 != 0).then(|| next() % categories))
                .collect();
            let ratings = Ratings {
                coders,
                cells: cells.clone(),
                categories: (0..categories)
                    .map(|k| crate::stats::Category {
                        label: k.to_string(),
                        value: Some(k as f64),
                    })
                    .collect(),
            };
            let whole = Tally::of_cells(&ratings, &cells);
            let mut stream = StreamTally::new(coders);
            for unit in cells.chunks(coders) {
                stream.add(unit);
            }
            let streamed = stream.finish(categories as usize);
            assert_eq!(
                whole.coincidences().entries,
                streamed.coincidences().entries
            );
            assert_eq!(whole.shares(), streamed.shares());
            assert_eq!(whole.per_coder, streamed.per_coder);
            assert_eq!(whole.agreement_sum(), streamed.agreement_sum());
            assert_eq!(
                (whole.units, whole.pairable_units, whole.values, whole.pairs),
                (
                    streamed.units,
                    streamed.pairable_units,
                    streamed.values,
                    streamed.pairs
                )
            );
            for b in 1..coders {
                assert_eq!(
                    whole.pair(0, b).counts.entries(),
                    streamed.pair(0, b).counts.entries()
                );
                assert_eq!(whole.pair(0, b).n, streamed.pair(0, b).n);
            }
        }
    }
}
