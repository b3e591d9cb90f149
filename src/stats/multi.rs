//! Agreement on multi-select variables ("tick every technique that applies"), reported two ways:
//! one present/absent variable per value, and α on the sets themselves with the MASI distance
//! (Passonneau, 2006, "Measuring agreement on set-valued items (MASI) for semantic and pragmatic
//! annotation", LREC).

use std::collections::{BTreeSet, HashMap};

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

    #[test]
    fn singleton_sets_give_nominal_alpha() {
        // With one value per set MASI is the nominal distance, so α equals nominal α.
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
