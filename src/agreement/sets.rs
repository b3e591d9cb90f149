//! Agreement on a multi-select variable's sets themselves (not value by value): α with the
//! MASI distance and mvα for multi-valued data, each with its counts and its coder-pair matrix.

use super::{Level, Report, multi, stats};
use crate::model::Answer;
use crate::stats::Ratings;

pub(super) fn sets(grid: &[Vec<Option<Answer>>]) -> multi::SetRatings {
    grid.iter()
        .map(|row| {
            row.iter()
                .map(|answer| match answer {
                    Some(Answer::Codes(codes)) => Some(codes.iter().copied().collect()),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

pub(super) fn empty(coders: usize) -> Ratings {
    Ratings {
        coders,
        cells: Vec::new(),
        categories: Vec::new(),
    }
}

/// The report for the sets themselves: counts and α with MASI; the other coefficients are for
/// single values and are reported per value instead.
pub(super) fn masi_report(sets: &multi::SetRatings, coders: usize) -> Report {
    let alpha = multi::masi_alpha(sets, coders);
    let note = "krippendorff_alpha: on the selected sets with the MASI distance (Passonneau 2006); the other coefficients are given per value";
    sets_report(sets, coders, alpha, note)
}

/// The report for the sets as multi-valued data: counts and mvα (Krippendorff & Craggs 2016).
pub(super) fn mvda_report(sets: &multi::SetRatings, coders: usize) -> Report {
    let alpha = multi::mvda_alpha(sets);
    let note = "krippendorff_alpha: mvα for multi-valued data (Krippendorff & Craggs 2016): sets compared by 1 − 2|C∩K|/(|C|+|K|), chance from the observed set sizes and values";
    sets_report(sets, coders, alpha, note)
}

fn sets_report(sets: &multi::SetRatings, coders: usize, alpha: Option<f64>, note: &str) -> Report {
    let values = sets.iter().flatten().filter(|s| s.is_some()).count();
    let units = sets
        .iter()
        .filter(|row| row.iter().any(Option::is_some))
        .count();
    let pairable = sets
        .iter()
        .filter(|row| row.iter().filter(|s| s.is_some()).count() >= 2)
        .count();
    let mut notes = vec![note.to_owned()];
    if alpha.is_none() {
        notes.push("krippendorff_alpha: undefined when the sets show no variation".into());
    }
    Report {
        counts: stats::Counts {
            units,
            pairable_units: pairable,
            coders,
            values,
        },
        level: Level::Nominal,
        measures: stats::Measures {
            krippendorff_alpha: alpha.filter(|a| a.is_finite()),
            ..stats::Measures::default()
        },
        alpha_bootstrap: None,
        notes,
    }
}

/// α of every pair of coders by `alpha`, on their sets alone.
pub(super) fn pair_sets(
    sets: &multi::SetRatings,
    coders: usize,
    alpha: impl Fn(&multi::SetRatings) -> Option<f64>,
) -> Vec<Vec<Option<f64>>> {
    let mut matrix = vec![vec![None; coders]; coders];
    for a in 0..coders {
        for b in a + 1..coders {
            let pair: multi::SetRatings = sets
                .iter()
                .map(|row| vec![row[a].clone(), row[b].clone()])
                .collect();
            let alpha = alpha(&pair);
            matrix[a][b] = alpha;
            matrix[b][a] = alpha;
        }
    }
    matrix
}
