//! One pass over the units that gathers everything the coefficients need: counts, per-unit
//! agreement, category shares, each coder's marginals, the coincidence matrix and every coder
//! pair's contingency table. Matrices are dense for few categories and sparse for many (number
//! variables can have thousands of distinct values).

use std::collections::HashMap;

use super::Ratings;
use super::alpha::Coincidences;

mod stream;

pub use stream::{STREAM_CATEGORIES, StreamTally};

/// Above this many categories, q × q matrices are kept sparse.
const DENSE_LIMIT: usize = 128;

/// Weighted counts of category pairs (c, k).
#[derive(Debug, Clone)]
pub enum PairCounts {
    Dense { q: usize, cells: Vec<f64> },
    Sparse(HashMap<(u32, u32), f64>),
}

impl PairCounts {
    pub fn new(q: usize) -> PairCounts {
        if q <= DENSE_LIMIT {
            PairCounts::Dense {
                q,
                cells: vec![0.0; q * q],
            }
        } else {
            PairCounts::Sparse(HashMap::new())
        }
    }

    #[inline]
    pub fn add(&mut self, c: u32, k: u32, weight: f64) {
        match self {
            PairCounts::Dense { q, cells } => cells[c as usize * *q + k as usize] += weight,
            PairCounts::Sparse(map) => *map.entry((c, k)).or_insert(0.0) += weight,
        }
    }

    /// Adds another matrix's counts to this one.
    pub fn absorb(&mut self, other: &PairCounts) {
        for (c, k, weight) in other.entries() {
            self.add(c, k, weight);
        }
    }

    /// The non-zero cells, in (c, k) order.
    pub fn entries(&self) -> Vec<(u32, u32, f64)> {
        let mut entries: Vec<(u32, u32, f64)> = match self {
            PairCounts::Dense { q, cells } => cells
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0.0)
                .map(|(i, &w)| ((i / q) as u32, (i % q) as u32, w))
                .collect(),
            PairCounts::Sparse(map) => map.iter().map(|(&(c, k), &w)| (c, k, w)).collect(),
        };
        entries.sort_by_key(|&(c, k, _)| (c, k));
        entries
    }
}

/// Two coders' table over the units both coded.
#[derive(Debug, Clone)]
pub struct PairTable {
    pub counts: PairCounts,
    pub n: f64,
}

/// Everything one pass over the units yields. Every field is a count of whole things (kept in
/// f64, exact below 2^53), grouped by unit size m where a weight 1/m or 1/(m − 1) applies later:
/// sums are then exact and independent of the order units are counted in, so splitting the work
/// across threads cannot change a result in its last digit.
#[derive(Debug, Clone)]
pub struct Tally {
    pub q: usize,
    pub coders: usize,
    /// Units with at least one value / with two or more; values in all.
    pub units: usize,
    pub pairable_units: usize,
    pub values: usize,
    /// Per unit size m: agreeing unordered pairs of values.
    agreeing_by_size: Vec<f64>,
    /// Per unit size m: values in category k, at `m * q + k`.
    categories_by_size: Vec<f64>,
    /// Values of coder g in category k, at `g * q + k`.
    pub per_coder: Vec<f64>,
    /// Per unit size m: ordered pairs of values (c, k) within units.
    pairs_by_size: Vec<PairCounts>,
    /// Σ_u m_u (m_u − 1) / 2 over pairable units.
    pub pairs: u64,
    /// Tables of coder pairs (a, b), a < b, in order (0,1), (0,2) … (1,2) …
    pub pair_tables: Vec<PairTable>,
}

/// Units at which counting is split across threads (below, one thread is faster).
const PARALLEL_UNITS: usize = 200_000;

impl Tally {
    pub fn of(ratings: &Ratings) -> Tally {
        let r = ratings.coders.max(1);
        let units = ratings.cells.len() / r;
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4);
        if units < PARALLEL_UNITS || threads < 2 {
            return Tally::of_cells(ratings, &ratings.cells);
        }
        // Tallies are exact sums: count slices of units on separate threads and add them up.
        let per_thread = units.div_ceil(threads) * r;
        let slices: Vec<&[Option<u32>]> = ratings.cells.chunks(per_thread).collect();
        crate::parallel::on_threads(&slices, |slice| Tally::of_cells(ratings, slice))
            .into_iter()
            .reduce(Tally::merge)
            .unwrap_or_else(|| Tally::empty(ratings))
    }

    fn empty(ratings: &Ratings) -> Tally {
        Tally::empty_with(ratings.categories.len(), ratings.coders)
    }

    fn empty_with(q: usize, r: usize) -> Tally {
        Tally {
            pairs_by_size: (0..=r).map(|_| PairCounts::new(q)).collect(),
            pair_tables: (0..r * r.saturating_sub(1) / 2)
                .map(|_| PairTable {
                    counts: PairCounts::new(q),
                    n: 0.0,
                })
                .collect(),
            ..Tally::empty_counts(q, r)
        }
    }

    /// An empty tally without its pair tables (for a counter that keeps pairs elsewhere).
    fn empty_counts(q: usize, r: usize) -> Tally {
        Tally {
            q,
            coders: r,
            units: 0,
            pairable_units: 0,
            values: 0,
            agreeing_by_size: vec![0.0; r + 1],
            categories_by_size: vec![0.0; (r + 1) * q],
            per_coder: vec![0.0; r * q],
            pairs_by_size: Vec::new(),
            pairs: 0,
            pair_tables: Vec::new(),
        }
    }

    fn of_cells(ratings: &Ratings, cells: &[Option<u32>]) -> Tally {
        let mut tally = Tally::empty(ratings);
        let q = tally.q;
        let r = tally.coders;
        let mut pair_n = vec![0.0; tally.pair_tables.len()];
        // Monomorphic counting: the dense case indexes flat arrays with no dispatch per add.
        if q <= DENSE_LIMIT {
            let mut by_size = vec![0.0; (r + 1) * q * q];
            let mut tables = vec![0.0; tally.pair_tables.len() * q * q];
            tally.count(cells, &mut pair_n, |pair, m, a, b| {
                let (a, b) = (a as usize, b as usize);
                by_size[(m * q + a) * q + b] += 1.0;
                by_size[(m * q + b) * q + a] += 1.0;
                tables[(pair * q + a) * q + b] += 1.0;
            });
            for (m, counts) in tally.pairs_by_size.iter_mut().enumerate() {
                *counts = PairCounts::Dense {
                    q,
                    cells: by_size[m * q * q..(m + 1) * q * q].to_vec(),
                };
            }
            for (index, table) in tally.pair_tables.iter_mut().enumerate() {
                table.counts = PairCounts::Dense {
                    q,
                    cells: tables[index * q * q..(index + 1) * q * q].to_vec(),
                };
            }
        } else {
            let mut by_size: Vec<PairCounts> = (0..=r)
                .map(|_| PairCounts::Sparse(HashMap::new()))
                .collect();
            let mut tables: Vec<PairCounts> = (0..tally.pair_tables.len())
                .map(|_| PairCounts::Sparse(HashMap::new()))
                .collect();
            tally.count(cells, &mut pair_n, |pair, m, a, b| {
                by_size[m].add(a, b, 1.0);
                by_size[m].add(b, a, 1.0);
                tables[pair].add(a, b, 1.0);
            });
            tally.pairs_by_size = by_size;
            for (table, counts) in tally.pair_tables.iter_mut().zip(tables) {
                table.counts = counts;
            }
        }
        for (table, n) in tally.pair_tables.iter_mut().zip(pair_n) {
            table.n = n;
        }
        tally
    }

    /// The pass itself; `pair_seen(pair, m, a, b)` is called for every pair of values in a unit
    /// of m values, the value of the lower-numbered coder first.
    fn count(
        &mut self,
        cells: &[Option<u32>],
        pair_n: &mut [f64],
        mut pair_seen: impl FnMut(usize, usize, u32, u32),
    ) {
        let mut present: Vec<(usize, u32)> = Vec::with_capacity(self.coders);
        let mut seen_once = |pair, m, a, b, _weight: f64| pair_seen(pair, m, a, b);
        for unit in cells.chunks_exact(self.coders.max(1)) {
            self.count_unit(unit, 1, &mut present, pair_n, &mut seen_once);
        }
    }

    /// Counts `weight` units with these cells; `pair_seen(pair, m, a, b, weight)`.
    #[inline]
    fn count_unit(
        &mut self,
        unit: &[Option<u32>],
        weight: u64,
        present: &mut Vec<(usize, u32)>,
        pair_n: &mut [f64],
        pair_seen: &mut impl FnMut(usize, usize, u32, u32, f64),
    ) {
        let w = weight as f64;
        let q = self.q;
        let r = self.coders;
        present.clear();
        present.extend(
            unit.iter()
                .enumerate()
                .filter_map(|(coder, cell)| cell.map(|k| (coder, k))),
        );
        let m = present.len();
        if m == 0 {
            return;
        }
        self.units += weight as usize;
        self.values += m * weight as usize;
        for &(coder, k) in present.iter() {
            self.categories_by_size[m * q + k as usize] += w;
            self.per_coder[coder * q + k as usize] += w;
        }
        if m < 2 {
            return;
        }
        self.pairable_units += weight as usize;
        self.pairs += (m * (m - 1) / 2) as u64 * weight;
        let mut agreeing = 0usize;
        for (i, &(a, ka)) in present.iter().enumerate() {
            // Index of pair (a, b), a < b: pairs (0,1), (0,2) … (1,2) … in order.
            let base = a * r - a * (a + 1) / 2 - a;
            for &(b, kb) in &present[i + 1..] {
                let pair = base + b - 1;
                agreeing += usize::from(ka == kb);
                pair_seen(pair, m, ka, kb, w);
                pair_n[pair] += w;
            }
        }
        self.agreeing_by_size[m] += agreeing as f64 * w;
    }

    /// The same counts with categories renumbered (`map[old] = new`, all new < `q`).
    pub fn remap(&self, q: usize, map: &[u32]) -> Tally {
        let r = self.coders;
        let mut out = Tally::empty_with(q, r);
        out.units = self.units;
        out.pairable_units = self.pairable_units;
        out.values = self.values;
        out.pairs = self.pairs;
        out.agreeing_by_size = self.agreeing_by_size.clone();
        let old_q = self.q;
        for (old, &new) in map.iter().enumerate().take(old_q) {
            let new = new as usize;
            for m in 0..=r {
                out.categories_by_size[m * q + new] += self.categories_by_size[m * old_q + old];
            }
            for g in 0..r {
                out.per_coder[g * q + new] += self.per_coder[g * old_q + old];
            }
        }
        let move_counts = |from: &PairCounts, to: &mut PairCounts| {
            for (c, k, n) in from.entries() {
                to.add(map[c as usize], map[k as usize], n);
            }
        };
        for (from, to) in self.pairs_by_size.iter().zip(out.pairs_by_size.iter_mut()) {
            move_counts(from, to);
        }
        for (from, to) in self.pair_tables.iter().zip(out.pair_tables.iter_mut()) {
            move_counts(&from.counts, &mut to.counts);
            to.n = from.n;
        }
        out
    }

    pub fn merge(mut self, other: Tally) -> Tally {
        self.units += other.units;
        self.pairable_units += other.pairable_units;
        self.values += other.values;
        self.pairs += other.pairs;
        let add = |mine: &mut Vec<f64>, theirs: &[f64]| {
            mine.iter_mut().zip(theirs).for_each(|(a, b)| *a += b);
        };
        add(&mut self.agreeing_by_size, &other.agreeing_by_size);
        add(&mut self.categories_by_size, &other.categories_by_size);
        add(&mut self.per_coder, &other.per_coder);
        for (mine, theirs) in self.pairs_by_size.iter_mut().zip(&other.pairs_by_size) {
            mine.absorb(theirs);
        }
        for (mine, theirs) in self.pair_tables.iter_mut().zip(&other.pair_tables) {
            mine.counts.absorb(&theirs.counts);
            mine.n += theirs.n;
        }
        self
    }

    /// Σ over pairable units of (agreeing pairs / all pairs in the unit).
    pub fn agreement_sum(&self) -> f64 {
        (2..self.agreeing_by_size.len())
            .map(|m| self.agreeing_by_size[m] * 2.0 / (m * (m - 1)) as f64)
            .sum()
    }

    /// Σ over units with values of r_ik / r_i, per category.
    pub fn shares(&self) -> Vec<f64> {
        let q = self.q;
        (0..q)
            .map(|k| {
                (1..=self.coders)
                    .map(|m| self.categories_by_size[m * q + k] / m as f64)
                    .sum()
            })
            .collect()
    }

    /// The coincidence matrix: o_ck = Σ_m (pairs (c, k) in units of m values) / (m − 1).
    pub fn coincidences(&self) -> Coincidences {
        let mut o = PairCounts::new(self.q);
        for (m, counts) in self.pairs_by_size.iter().enumerate().skip(2) {
            let weight = 1.0 / (m - 1) as f64;
            for (c, k, n) in counts.entries() {
                o.add(c, k, n * weight);
            }
        }
        Coincidences::from_counts(self.q, &o, self.pairs)
    }

    /// Values coder `g` gave.
    pub fn coded_by(&self, g: usize) -> f64 {
        self.per_coder[g * self.q..(g + 1) * self.q].iter().sum()
    }

    /// The table of coders a < b.
    pub fn pair(&self, a: usize, b: usize) -> &PairTable {
        let r = self.coders;
        &self.pair_tables[a * r - a * (a + 1) / 2 + (b - a - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::tests::krippendorff_2011;

    #[test]
    fn dense_and_sparse_counts_agree() {
        let mut dense = PairCounts::new(3);
        let mut sparse = PairCounts::Sparse(HashMap::new());
        for (c, k, w) in [(0, 1, 0.5), (2, 2, 1.0), (0, 1, 0.25)] {
            dense.add(c, k, w);
            sparse.add(c, k, w);
        }
        assert_eq!(dense.entries(), sparse.entries());
        assert_eq!(dense.entries(), [(0, 1, 0.75), (2, 2, 1.0)]);
    }

    #[test]
    fn split_tallies_add_up_to_the_whole() {
        let ratings = krippendorff_2011();
        let whole = Tally::of_cells(&ratings, &ratings.cells);
        let (first, second) = ratings.cells.split_at(5 * ratings.coders);
        let parts = Tally::of_cells(&ratings, first).merge(Tally::of_cells(&ratings, second));
        // Exactly equal, not just close: counting order must never change a result.
        assert_eq!(whole.coincidences().entries, parts.coincidences().entries);
        assert_eq!(
            whole.pair(1, 3).counts.entries(),
            parts.pair(1, 3).counts.entries()
        );
        assert_eq!(
            (whole.units, whole.values, whole.pairs),
            (parts.units, parts.values, parts.pairs)
        );
        assert_eq!(whole.agreement_sum(), parts.agreement_sum());
        assert_eq!(whole.shares(), parts.shares());
    }

    #[test]
    fn pair_tables_are_indexed_in_order() {
        let tally = Tally::of(&krippendorff_2011());
        assert_eq!(tally.pair_tables.len(), 6);
        // Coders A and B both coded units 1–9: all agree except unit 6 (1 vs 2).
        let ab = tally.pair(0, 1);
        assert_eq!(ab.n, 9.0);
        let diagonal: f64 = ab
            .counts
            .entries()
            .iter()
            .filter(|e| e.0 == e.1)
            .map(|e| e.2)
            .sum();
        assert_eq!(diagonal, 8.0);
        assert_eq!(
            (tally.units, tally.pairable_units, tally.values),
            (12, 11, 41)
        );
        assert_eq!(tally.coded_by(0), 9.0);
    }
}
