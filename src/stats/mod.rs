//! Inter-coder agreement: pure functions over a units × coders matrix. No SQL, no GUI.
//! Formulas, conventions and sources: `docs/agreement.md`.

pub mod alpha;
pub mod coefficients;
pub mod crosstab;
pub mod distributions;
pub mod multi;
pub mod names;
pub mod numeric;
pub mod plan;
mod ratings;
pub mod tally;

pub use alpha::AlphaBootstrap;
pub use coefficients::{Counts, Measures};
pub use names::{Coefficient, readable_note};
pub use ratings::{Category, Ratings, RatingsBuilder, RatingsError};

use serde::Serialize;

use crate::model::Level;

/// A full reliability report for one variable: what `codingdesk agree --format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    #[serde(flatten)]
    pub counts: Counts,
    pub level: Level,
    pub measures: Measures,
    pub alpha_bootstrap: Option<AlphaBootstrap>,
    pub notes: Vec<String>,
}

/// Resampling settings for α's bootstrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bootstrap {
    pub samples: usize,
    pub seed: u64,
}

impl Bootstrap {
    /// What every command, the window and the report use unless told otherwise: 1,000
    /// resamples (Hayes & Krippendorff, 2007, use 1,000 or more), seed 1 so that the interval is
    /// the same each time it is computed.
    pub const DEFAULT: Bootstrap = Bootstrap {
        samples: 1000,
        seed: 1,
    };
}

/// Every coefficient for ratings at a level, with α's bootstrap when asked for.
pub fn report(ratings: &Ratings, level: Level, bootstrap: Option<Bootstrap>) -> Report {
    report_from_tally(
        &tally::Tally::of(ratings),
        &ratings.categories,
        level,
        bootstrap,
    )
}

/// The same report from a tally counted elsewhere (e.g. while reading a file).
pub fn report_from_tally(
    tally: &tally::Tally,
    categories: &[Category],
    level: Level,
    bootstrap: Option<Bootstrap>,
) -> Report {
    let mut notes = Vec::new();
    let (counts, mut measures, coincidences) =
        coefficients::measures_from_tally(tally, categories, level, &mut notes);
    // A coefficient is a finite number or undefined: never NaN or infinity in any output.
    for coefficient in Coefficient::ALL {
        let value = measures.get_mut(coefficient);
        if value.is_some_and(|v| !v.is_finite()) {
            *value = None;
        }
    }
    let alpha_bootstrap = bootstrap.and_then(|settings| {
        let values: Vec<Option<f64>> = categories.iter().map(|c| c.value).collect();
        let metric = alpha::Metric::new(level, &values, &coincidences.marginals);
        let result = alpha::bootstrap(&coincidences, &metric, settings.samples, settings.seed);
        if result.is_none() {
            notes.push("alpha_bootstrap: undefined where alpha is".into());
        }
        result
    });
    Report {
        counts,
        level,
        measures,
        alpha_bootstrap,
        notes,
    }
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod properties {
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    fn random_ratings(rng: &mut ChaCha8Rng, units: usize, coders: usize, q: u32) -> Ratings {
        let cells = (0..units * coders)
            .map(|_| (rng.random::<f64>() > 0.2).then(|| rng.random_range(0..q)))
            .collect();
        Ratings {
            coders,
            cells,
            categories: (0..q)
                .map(|k| Category {
                    label: k.to_string(),
                    value: Some(k as f64 + 1.0),
                })
                .collect(),
        }
    }

    fn permute(ratings: &Ratings, unit_order: &[usize], coder_order: &[usize]) -> Ratings {
        let mut cells = Vec::with_capacity(ratings.cells.len());
        for &u in unit_order {
            for &c in coder_order {
                cells.push(ratings.unit(u)[c]);
            }
        }
        Ratings {
            cells,
            ..ratings.clone()
        }
    }

    #[test]
    fn perfect_agreement_gives_one_wherever_defined() {
        let cells = [0, 1, 2, 1, 0, 2, 2, 1]
            .iter()
            .flat_map(|&k| [Some(k), Some(k), Some(k)])
            .collect();
        let ratings = Ratings {
            coders: 3,
            cells,
            categories: (0..3)
                .map(|k| Category {
                    label: k.to_string(),
                    value: Some(k as f64),
                })
                .collect(),
        };
        for level in Level::ALL {
            let report = report(&ratings, level, None);
            let m = &report.measures;
            for value in [
                m.percent_agreement,
                m.light_kappa,
                m.conger_kappa,
                m.fleiss_kappa,
                m.brennan_prediger,
                m.gwet_ac1,
                m.krippendorff_alpha,
            ] {
                assert_eq!(value, Some(1.0), "{level}: {m:?}");
            }
        }
        let two = Ratings {
            coders: 2,
            cells: [0, 1, 2, 1]
                .iter()
                .flat_map(|&k| [Some(k), Some(k)])
                .collect(),
            categories: ratings.categories.clone(),
        };
        let m = report(&two, Level::Ordinal, None).measures;
        for value in [
            m.holsti,
            m.scott_pi,
            m.cohen_kappa,
            m.cohen_kappa_linear,
            m.cohen_kappa_quadratic,
        ] {
            assert_eq!(value, Some(1.0));
        }
    }

    #[test]
    fn alpha_and_fleiss_do_not_depend_on_the_order_of_coders_or_units() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..50 {
            let ratings = random_ratings(&mut rng, 30, 4, 4);
            let mut units: Vec<usize> = (0..30).collect();
            let mut coders: Vec<usize> = (0..4).collect();
            rand::seq::SliceRandom::shuffle(units.as_mut_slice(), &mut rng);
            rand::seq::SliceRandom::shuffle(coders.as_mut_slice(), &mut rng);
            let shuffled = permute(&ratings, &units, &coders);
            for level in Level::ALL {
                let (a, b) = (
                    report(&ratings, level, None),
                    report(&shuffled, level, None),
                );
                let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
                    (Some(x), Some(y)) => (x - y).abs() < 1e-12,
                    (x, y) => x == y,
                };
                assert!(close(
                    a.measures.krippendorff_alpha,
                    b.measures.krippendorff_alpha
                ));
                assert!(close(a.measures.fleiss_kappa, b.measures.fleiss_kappa));
            }
        }
    }

    /// Every coefficient, to the last bit, whatever order units and coders arrive in: a master
    /// built by merging packages must report what a single file with the same codes reports
    /// (Light's and Conger's κ differed in the last digit, issue 13).
    #[test]
    fn every_measure_is_bit_identical_whatever_the_order_of_coders_or_units() {
        let mut rng = ChaCha8Rng::seed_from_u64(15);
        for round in 0..200 {
            let coders = 2 + round % 4;
            let ratings = random_ratings(&mut rng, 25, coders, 3 + (round % 3) as u32);
            let mut units: Vec<usize> = (0..25).collect();
            let mut order: Vec<usize> = (0..coders).collect();
            rand::seq::SliceRandom::shuffle(units.as_mut_slice(), &mut rng);
            rand::seq::SliceRandom::shuffle(order.as_mut_slice(), &mut rng);
            let shuffled = permute(&ratings, &units, &order);
            for level in Level::ALL {
                let bootstrap = Some(Bootstrap {
                    samples: 200,
                    seed: 5,
                });
                let (a, b) = (
                    report(&ratings, level, bootstrap),
                    report(&shuffled, level, bootstrap),
                );
                assert_eq!(a.measures, b.measures, "{level}, coders {order:?}");
                assert_eq!(a.alpha_bootstrap, b.alpha_bootstrap, "{level}");
            }
        }
    }

    #[test]
    fn a_unit_with_a_single_value_does_not_change_alpha() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let ratings = random_ratings(&mut rng, 40, 3, 5);
        let mut more = ratings.clone();
        more.cells.extend([None, Some(4), None]);
        for level in Level::ALL {
            assert_eq!(
                report(&ratings, level, None).measures.krippendorff_alpha,
                report(&more, level, None).measures.krippendorff_alpha
            );
        }
    }

    #[test]
    fn reports_never_hold_nan() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for units in [0, 1, 2, 5] {
            for coders in [1, 2, 3] {
                for q in [1, 2, 3] {
                    let ratings = random_ratings(&mut rng, units, coders, q);
                    for level in Level::ALL {
                        let json = serde_json::to_string(&report(
                            &ratings,
                            level,
                            Some(Bootstrap {
                                samples: 50,
                                seed: 1,
                            }),
                        ))
                        .unwrap();
                        assert!(!json.contains("NaN") && !json.contains("inf"), "{json}");
                    }
                }
            }
        }
    }
}
