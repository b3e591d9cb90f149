//! Agreement on multi-select variables ("tick every technique that applies"), reported two ways:
//! one present/absent variable per value, and α on the sets themselves with the MASI distance
//! (Passonneau, 2006, "Measuring agreement on set-valued items (MASI) for semantic and pragmatic
//! annotation", LREC).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::alpha::{Coincidences, parts_with};
use super::ratings::{Category, Ratings};

/// Units × coders of selected sets; `None` = the coder did not code the unit.
pub type SetRatings = Vec<Vec<Option<BTreeSet<i64>>>>;

/// MASI distance: 1 − J·M, with J the Jaccard index and M 1 for equal sets, 2/3 when one
/// contains the other, 1/3 when they overlap otherwise, 0 when disjoint. Two empty sets are equal.
pub fn masi_distance(a: &BTreeSet<i64>, b: &BTreeSet<i64>) -> f64 {
    if a == b {
        return 0.0;
    }
    let intersection = a.intersection(b).count() as f64;
    let union = a.union(b).count() as f64;
    let jaccard = intersection / union;
    let monotonicity = if a.is_subset(b) || b.is_subset(a) {
        2.0 / 3.0
    } else if intersection > 0.0 {
        1.0 / 3.0
    } else {
        0.0
    };
    1.0 - jaccard * monotonicity
}

/// Krippendorff's α over the sets with the MASI distance (used as δ, as in Passonneau 2006).
pub fn masi_alpha(sets: &SetRatings, coders: usize) -> Option<f64> {
    let mut distinct: Vec<BTreeSet<i64>> = Vec::new();
    let mut index_of: HashMap<BTreeSet<i64>, u32> = HashMap::new();
    let mut cells = Vec::with_capacity(sets.len() * coders);
    for unit in sets {
        for coder in 0..coders {
            cells.push(unit.get(coder).cloned().flatten().map(|set| {
                *index_of.entry(set.clone()).or_insert_with(|| {
                    distinct.push(set);
                    distinct.len() as u32 - 1
                })
            }));
        }
    }
    let q = distinct.len();
    let ratings = Ratings {
        coders,
        cells,
        categories: (0..q)
            .map(|i| Category {
                label: format!("{:?}", distinct[i]),
                value: None,
            })
            .collect(),
    };
    let distance = |c: usize, k: usize| masi_distance(&distinct[c], &distinct[k]);
    parts_with(&Coincidences::of(&ratings), distance)?.alpha()
}

/// Krippendorff's α for multi-valued data, mvα (Krippendorff & Craggs, 2016, "The reliability
/// of multi-valued coding of data", Communication Methods and Measures 10(4), 181–198), nominal:
/// each coder's set of values is one value of the unit, the distance between two sets is
/// δ(C, K) = 1 − 2|C ∩ K| / (|C| + |K|) (0 for two empty sets), observed disagreement is the
/// usual coincidence-weighted mean of δ over the pairable units, and expected disagreement is
/// the mean δ between sets drawn by chance with the observed set sizes from the observed pool of
/// single values (each drawn without putting it back). Unlike MASI, a set's size is itself part
/// of what coders must agree on, and a single value per set gives nominal α exactly.
///
/// Returns `None` when undefined (fewer than two pairable values, or no expected disagreement).
pub fn mvda_alpha(sets: &SetRatings) -> Option<f64> {
    // Observed: for each number of values in a unit (m), how often each ordered pair of
    // distinct coders' sets occurs; tallied as integers in sorted maps, so that the sum below
    // runs in one order whatever order units and coders come in.
    let mut pairs_by_m: BTreeMap<usize, SetPairCounts<'_>> = BTreeMap::new();
    let mut set_counts: BTreeMap<&BTreeSet<i64>, u64> = BTreeMap::new();
    for unit in sets {
        let values: Vec<&BTreeSet<i64>> = unit.iter().flatten().collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        let pairs = pairs_by_m.entry(m).or_default();
        for (i, c) in values.iter().enumerate() {
            *set_counts.entry(c).or_default() += 1;
            for (j, k) in values.iter().enumerate() {
                if i != j {
                    *pairs.entry((c, k)).or_default() += 1;
                }
            }
        }
    }
    let n: u64 = set_counts.values().sum();
    if n < 2 {
        return None;
    }
    let n = n as f64;
    let mut observed = 0.0;
    for (m, pairs) in &pairs_by_m {
        let within: f64 = pairs
            .iter()
            .map(|((c, k), count)| *count as f64 * set_distance(c, k))
            .sum();
        observed += within / (*m as f64 - 1.0);
    }
    observed /= n;

    // Expected: the share of values of each set size, and each single value's frequency.
    let mut size_share: BTreeMap<usize, f64> = BTreeMap::new();
    let mut value_counts: BTreeMap<i64, u64> = BTreeMap::new();
    for (set, count) in &set_counts {
        *size_share.entry(set.len()).or_default() += *count as f64 / n;
        for value in set.iter() {
            *value_counts.entry(*value).or_default() += count;
        }
    }
    let total_values: u64 = value_counts.values().sum();
    let largest = size_share.keys().next_back().copied().unwrap_or(0);
    let chance = chance_overlaps(&value_counts, total_values, largest);
    let sizes: Vec<(usize, f64)> = size_share.into_iter().collect();
    let mut expected = 0.0;
    for (i, &(a, p_a)) in sizes.iter().enumerate() {
        for &(b, p_b) in &sizes[i..] {
            let both = if a == b { 1.0 } else { 2.0 };
            expected += both * p_a * p_b * chance_distance(&chance, a, b);
        }
    }
    if expected <= 0.0 {
        return None;
    }
    let alpha = 1.0 - observed / expected;
    alpha.is_finite().then_some(alpha)
}

/// How often each ordered pair of two coders' sets occurs.
type SetPairCounts<'a> = BTreeMap<(&'a BTreeSet<i64>, &'a BTreeSet<i64>), u64>;

/// δ between two sets of values (mvα's nominal distance).
fn set_distance(c: &BTreeSet<i64>, k: &BTreeSet<i64>) -> f64 {
    let sizes = c.len() + k.len();
    if sizes == 0 {
        return 0.0;
    }
    1.0 - 2.0 * c.intersection(k).count() as f64 / sizes as f64
}

/// Over every pair of sets C (size a) and K (size b) a chance draw could give — C's values drawn
/// from the pool of observed single values, then K's from what is left of each value — the
/// total weight of the draws and that weight times |C ∩ K|, for every a and b up to `largest`.
/// Built value by value (each is in neither set, in C, in K, or in both), so the cost grows with
/// the number of values times `largest`², not with the number of possible sets. Each value's
/// count is divided by the pool's size: every draw of a given (a, b) then carries the same
/// factor, which the ratio in `chance_distance` cancels, and no product overflows.
fn chance_overlaps(
    value_counts: &BTreeMap<i64, u64>,
    total: u64,
    largest: usize,
) -> Vec<Vec<(f64, f64)>> {
    let size = largest + 1;
    let mut table = vec![vec![(0.0, 0.0); size]; size];
    table[0][0] = (1.0, 0.0);
    let total = total.max(1) as f64;
    for count in value_counts.values() {
        let once = *count as f64 / total;
        let twice = once * (*count as f64 - 1.0) / total;
        let mut next = table.clone();
        for a in 0..size {
            for b in 0..size {
                let (weight, overlap) = table[a][b];
                if weight == 0.0 {
                    continue;
                }
                if a + 1 < size {
                    next[a + 1][b].0 += weight * once;
                    next[a + 1][b].1 += overlap * once;
                }
                if b + 1 < size {
                    next[a][b + 1].0 += weight * once;
                    next[a][b + 1].1 += overlap * once;
                }
                if a + 1 < size && b + 1 < size {
                    next[a + 1][b + 1].0 += weight * twice;
                    next[a + 1][b + 1].1 += (overlap + weight) * twice;
                }
            }
        }
        table = next;
    }
    table
}

/// The expected δ between a chance set of size a and one of size b.
fn chance_distance(chance: &[Vec<(f64, f64)>], a: usize, b: usize) -> f64 {
    if a + b == 0 {
        return 0.0;
    }
    let (weight, overlap) = chance[a][b];
    if weight <= 0.0 {
        return 0.0;
    }
    1.0 - 2.0 * overlap / (weight * (a + b) as f64)
}

/// One present (1) / absent (0) variable per value; a coder who did not code the unit stays
/// missing in every one of them.
pub fn binary_per_value(sets: &SetRatings, coders: usize, values: &[i64]) -> Vec<(i64, Ratings)> {
    values
        .iter()
        .map(|&value| {
            let mut cells = Vec::with_capacity(sets.len() * coders);
            for unit in sets {
                for coder in 0..coders {
                    cells.push(
                        unit.get(coder)
                            .and_then(Option::as_ref)
                            .map(|set| u32::from(set.contains(&value))),
                    );
                }
            }
            let categories = [0.0, 1.0]
                .iter()
                .map(|&v| Category {
                    label: crate::model::format_number(v),
                    value: Some(v),
                })
                .collect();
            (
                value,
                Ratings {
                    coders,
                    cells,
                    categories,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;
    use crate::stats::alpha::krippendorff_alpha;

    fn set(values: &[i64]) -> BTreeSet<i64> {
        values.iter().copied().collect()
    }

    /// Passonneau (2006), section 3: {a,b} vs {a,b} → 0; {a} vs {a,b} → 1 − (1/2)(2/3) = 2/3;
    /// {a,b} vs {b,c} → 1 − (1/3)(1/3) = 8/9; {a} vs {b} → 1.
    #[test]
    fn masi_distances_from_passonneau() {
        assert_eq!(masi_distance(&set(&[1, 2]), &set(&[1, 2])), 0.0);
        assert!((masi_distance(&set(&[1]), &set(&[1, 2])) - 2.0 / 3.0).abs() < 1e-12);
        assert!((masi_distance(&set(&[1, 2]), &set(&[2, 3])) - 8.0 / 9.0).abs() < 1e-12);
        assert_eq!(masi_distance(&set(&[1]), &set(&[2])), 1.0);
        assert_eq!(masi_distance(&set(&[]), &set(&[])), 0.0);
        assert_eq!(masi_distance(&set(&[]), &set(&[1])), 1.0);
    }

    /// Sets of one value each (three coders, four units, one missing), and nominal α of the
    /// same values coded singly: what every set α must equal on them.
    fn singletons_and_their_nominal_alpha() -> (SetRatings, Option<f64>) {
        let data: SetRatings = vec![
            vec![Some(set(&[1])), Some(set(&[1])), Some(set(&[2]))],
            vec![Some(set(&[2])), Some(set(&[2])), None],
            vec![Some(set(&[3])), Some(set(&[1])), Some(set(&[3]))],
            vec![Some(set(&[1])), Some(set(&[1])), Some(set(&[1]))],
        ];
        let codes: Vec<Vec<Option<f64>>> = data
            .iter()
            .map(|unit| {
                unit.iter()
                    .map(|s| s.as_ref().map(|s| *s.iter().next().unwrap() as f64))
                    .collect()
            })
            .collect();
        let nominal = krippendorff_alpha(&Ratings::from_codes(&codes, 3, &[]), Level::Nominal);
        (data, nominal)
    }

    /// Krippendorff & Craggs (2016), Table 3's data: observers F, G, H code four units with sets
    /// of the values a, b, d; F gives unit 3 the empty set, unit 4 is coded by F only. The
    /// mvalpha R package (Drake, on CRAN), which carries the paper's examples, gives 0.2865907
    /// (its test of this table); by hand here mvD_o = .4625 and mvD_e = .6483.
    #[test]
    fn mvda_alpha_of_the_published_worked_example() {
        let (a, b, d) = (1, 2, 4);
        let data: SetRatings = vec![
            vec![Some(set(&[b, d])), Some(set(&[d])), None],
            vec![Some(set(&[a, b, d])), Some(set(&[b])), Some(set(&[b, d]))],
            vec![Some(set(&[])), Some(set(&[a])), Some(set(&[a]))],
            vec![Some(set(&[a])), None, None],
        ];
        let alpha = mvda_alpha(&data).unwrap();
        assert!((alpha - 0.286_590_709_903_593_3).abs() < 1e-12, "{alpha}");
        assert_eq!(format!("{alpha:.3}"), "0.287");
        // Units and coders in another order: the same digits.
        let mut shuffled: SetRatings = data
            .iter()
            .rev()
            .map(|unit| unit.iter().rev().cloned().collect())
            .collect();
        shuffled.rotate_left(1);
        assert_eq!(mvda_alpha(&shuffled).unwrap().to_bits(), alpha.to_bits());
    }

    #[test]
    fn mvda_alpha_is_nominal_alpha_for_single_values_and_one_for_full_agreement() {
        let (data, nominal) = singletons_and_their_nominal_alpha();
        assert!((nominal.unwrap() - mvda_alpha(&data).unwrap()).abs() < 1e-12);
        let agreed: SetRatings = vec![
            vec![Some(set(&[1, 2])), Some(set(&[1, 2]))],
            vec![Some(set(&[])), Some(set(&[]))],
            vec![Some(set(&[3])), Some(set(&[3]))],
        ];
        assert_eq!(mvda_alpha(&agreed), Some(1.0));
        // Nothing pairable, or no variation at all: undefined.
        assert_eq!(mvda_alpha(&vec![vec![Some(set(&[1])), None]]), None);
        assert_eq!(
            mvda_alpha(&vec![vec![Some(set(&[1])), Some(set(&[1]))]]),
            None
        );
    }

    #[test]
    fn singleton_sets_give_nominal_alpha() {
        // With one value per set MASI is the nominal distance, so α equals nominal α.
        let (data, nominal) = singletons_and_their_nominal_alpha();
        let masi = masi_alpha(&data, 3);
        assert!((nominal.unwrap() - masi.unwrap()).abs() < 1e-12);
    }

    #[test]
    fn partial_overlap_counts_partly() {
        let exact: SetRatings = vec![
            vec![Some(set(&[1, 3])), Some(set(&[1, 3]))],
            vec![Some(set(&[2])), Some(set(&[2]))],
            vec![Some(set(&[3])), Some(set(&[3]))],
        ];
        let overlap: SetRatings = vec![
            vec![Some(set(&[1, 3])), Some(set(&[1]))],
            vec![Some(set(&[2])), Some(set(&[2]))],
            vec![Some(set(&[3])), Some(set(&[3]))],
        ];
        let disjoint: SetRatings = vec![
            vec![Some(set(&[1, 3])), Some(set(&[2]))],
            vec![Some(set(&[2])), Some(set(&[2]))],
            vec![Some(set(&[3])), Some(set(&[3]))],
        ];
        let (a, b, c) = (
            masi_alpha(&exact, 2),
            masi_alpha(&overlap, 2),
            masi_alpha(&disjoint, 2),
        );
        assert_eq!(a, Some(1.0));
        assert!(b.unwrap() > c.unwrap(), "{b:?} {c:?}");
    }

    #[test]
    fn binary_variables_keep_missing_coders_missing() {
        let data: SetRatings = vec![
            vec![Some(set(&[1, 3])), None],
            vec![Some(set(&[])), Some(set(&[3]))],
        ];
        let per_value = binary_per_value(&data, 2, &[1, 3]);
        assert_eq!(per_value[0].1.cells, [Some(1), None, Some(0), Some(0)]);
        assert_eq!(per_value[1].1.cells, [Some(1), None, Some(0), Some(1)]);
    }
}
