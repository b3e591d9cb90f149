//! Krippendorff's α from the coincidence matrix, for any metric, with missing data; and its
//! bootstrap distribution after Hayes & Krippendorff (2007).
//!
//! Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
//! Communication Departmental Papers 43.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution};
use serde::Serialize;

use super::Ratings;
use super::tally::PairCounts;
use crate::model::Level;

/// The observed coincidences o_ck of the pairable units, as non-zero cells.
#[derive(Debug, Clone)]
pub struct Coincidences {
    pub q: usize,
    /// (c, k, o_ck) for every non-zero cell; symmetric.
    pub entries: Vec<(u32, u32, f64)>,
    /// n_c: the marginals of o.
    pub marginals: Vec<f64>,
    /// n..: the number of pairable values.
    pub total: f64,
    /// Σ_u m_u (m_u − 1) / 2: how many pairs of values the data hold.
    pub pairs: u64,
}

impl Coincidences {
    pub fn of(ratings: &Ratings) -> Coincidences {
        let q = ratings.categories.len();
        let mut o = PairCounts::new(q);
        let mut pairs = 0u64;
        let mut values: Vec<u32> = Vec::with_capacity(ratings.coders);
        for unit in ratings.cells.chunks_exact(ratings.coders.max(1)) {
            values.clear();
            values.extend(unit.iter().flatten());
            let m = values.len();
            if m < 2 {
                continue;
            }
            pairs += (m * (m - 1) / 2) as u64;
            let weight = 1.0 / (m as f64 - 1.0);
            for (i, &a) in values.iter().enumerate() {
                for &b in &values[i + 1..] {
                    o.add(a, b, weight);
                    o.add(b, a, weight);
                }
            }
        }
        Coincidences::from_counts(q, &o, pairs)
    }

    pub fn from_counts(q: usize, counts: &PairCounts, pairs: u64) -> Coincidences {
        let entries = counts.entries();
        let mut marginals = vec![0.0; q];
        for &(c, _, w) in &entries {
            marginals[c as usize] += w;
        }
        let total = marginals.iter().sum();
        Coincidences {
            q,
            entries,
            marginals,
            total,
            pairs,
        }
    }
}

/// δ²_ck of a level of measurement over categories in rank order, computed on demand (a q × q
/// matrix would not fit for number variables with many distinct values).
pub struct Metric {
    level: Level,
    /// The categories' numbers; for ordinal data their "rank positions" a_c = Σ_{g<c} n_g + n_c/2,
    /// which turn Krippendorff's ordinal δ² into (a_c − a_k)².
    positions: Vec<f64>,
}

impl Metric {
    pub fn new(level: Level, values: &[Option<f64>], marginals: &[f64]) -> Metric {
        let positions = match level {
            Level::Ordinal => {
                let mut before = 0.0;
                marginals
                    .iter()
                    .map(|&n| {
                        let position = before + n / 2.0;
                        before += n;
                        position
                    })
                    .collect()
            }
            _ => values
                .iter()
                .enumerate()
                .map(|(i, v)| v.unwrap_or(i as f64))
                .collect(),
        };
        Metric { level, positions }
    }

    #[inline]
    pub fn delta2(&self, c: usize, k: usize) -> f64 {
        if c == k {
            return 0.0;
        }
        let (a, b) = (self.positions[c], self.positions[k]);
        match self.level {
            Level::Nominal => 1.0,
            Level::Ordinal | Level::Interval => (a - b) * (a - b),
            Level::Ratio if a + b == 0.0 => 0.0,
            Level::Ratio => ((a - b) / (a + b)).powi(2),
        }
    }

    /// Σ_c Σ_k n_c n_k δ²_ck, in closed form where one exists.
    fn expected_sum(&self, marginals: &[f64]) -> f64 {
        match self.level {
            Level::Nominal => {
                let n: f64 = marginals.iter().sum();
                n * n - marginals.iter().map(|m| m * m).sum::<f64>()
            }
            Level::Ordinal | Level::Interval => {
                // Σ n_c n_k (x_c − x_k)² = 2 (n Σ n_c x_c² − (Σ n_c x_c)²)
                let (mut n, mut sum, mut squares) = (0.0, 0.0, 0.0);
                for (&m, &x) in marginals.iter().zip(&self.positions) {
                    n += m;
                    sum += m * x;
                    squares += m * x * x;
                }
                2.0 * (n * squares - sum * sum)
            }
            Level::Ratio => pairwise_sum(marginals, |c, k| self.delta2(c, k)),
        }
    }
}

/// Σ_c Σ_k n_c n_k δ(c, k) over the categories that occur.
fn pairwise_sum(marginals: &[f64], delta: impl Fn(usize, usize) -> f64) -> f64 {
    let present: Vec<usize> = (0..marginals.len())
        .filter(|&c| marginals[c] > 0.0)
        .collect();
    let mut sum = 0.0;
    for &c in &present {
        for &k in &present {
            sum += marginals[c] * marginals[k] * delta(c, k);
        }
    }
    sum
}

/// α's parts: observed and expected disagreement.
#[derive(Debug, Clone, Copy)]
pub struct AlphaParts {
    pub observed: f64,
    pub expected: f64,
}

impl AlphaParts {
    pub fn alpha(self) -> Option<f64> {
        (self.expected > 1e-15).then(|| 1.0 - self.observed / self.expected)
    }
}

fn observed(coincidences: &Coincidences, delta: impl Fn(usize, usize) -> f64) -> f64 {
    coincidences
        .entries
        .iter()
        .map(|&(c, k, w)| w * delta(c as usize, k as usize))
        .sum::<f64>()
        / coincidences.total
}

/// D_o and D_e at a level of measurement.
pub fn parts(coincidences: &Coincidences, metric: &Metric) -> Option<AlphaParts> {
    let n = coincidences.total;
    if n <= 1.0 {
        return None;
    }
    Some(AlphaParts {
        observed: observed(coincidences, |c, k| metric.delta2(c, k)),
        expected: metric.expected_sum(&coincidences.marginals) / (n * (n - 1.0)),
    })
}

/// D_o and D_e with any distance between categories (MASI for sets).
pub fn parts_with(
    coincidences: &Coincidences,
    delta: impl Fn(usize, usize) -> f64 + Copy,
) -> Option<AlphaParts> {
    let n = coincidences.total;
    if n <= 1.0 {
        return None;
    }
    Some(AlphaParts {
        observed: observed(coincidences, delta),
        expected: pairwise_sum(&coincidences.marginals, delta) / (n * (n - 1.0)),
    })
}

/// Krippendorff's α at a level of measurement; `None` without pairable values or variation.
pub fn krippendorff_alpha(ratings: &Ratings, level: Level) -> Option<f64> {
    let coincidences = Coincidences::of(ratings);
    let values: Vec<Option<f64>> = ratings.categories.iter().map(|c| c.value).collect();
    let metric = Metric::new(level, &values, &coincidences.marginals);
    parts(&coincidences, &metric)?.alpha()
}

/// The bootstrap distribution's summary, as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlphaBootstrap {
    pub samples: usize,
    pub seed: u64,
    /// 2.5th and 97.5th percentiles.
    pub ci95: [f64; 2],
    /// P(α < .667) and P(α < .800): the probability of failing each threshold.
    pub p_below: PBelow,
}

/// The α a variable needs to be relied on, and the α for tentative conclusions (Krippendorff,
/// 2004, p. 241): the one place these thresholds are written.
pub const ACCEPTABLE_ALPHA: f64 = 0.800;
pub const TENTATIVE_ALPHA: f64 = 0.667;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PBelow {
    #[serde(rename = "0.667")]
    pub tentative: f64,
    #[serde(rename = "0.800")]
    pub acceptable: f64,
}

/// Bootstraps α (Hayes & Krippendorff, 2007; Krippendorff, "Algorithm for bootstrapping a
/// distribution of α", 2006/2011): each resample draws as many pairs of values as the data hold,
/// with replacement, from the observed coincidences (p_ck = o_ck / n..), computes the observed
/// disagreement of the drawn pairs and keeps the expected disagreement of the data. The draws
/// are counted per coincidence cell (a multinomial, drawn as a chain of binomials), so the cost
/// does not grow with the number of pairs.
pub fn bootstrap(
    coincidences: &Coincidences,
    metric: &Metric,
    samples: usize,
    seed: u64,
) -> Option<AlphaBootstrap> {
    let expected = parts(coincidences, metric)?.expected;
    if expected <= 1e-15 || samples == 0 || coincidences.pairs == 0 {
        return None;
    }
    // Cells of the upper triangle (a pair {c, k} is one outcome), with probability and distance;
    // o is symmetric, so an off-diagonal pair weighs o_ck + o_kc = 2 o_ck.
    let cells: Vec<(f64, f64)> = coincidences
        .entries
        .iter()
        .filter(|&&(c, k, _)| c <= k)
        .map(|&(c, k, w)| {
            let weight = if c == k { w } else { 2.0 * w };
            (
                weight / coincidences.total,
                metric.delta2(c as usize, k as usize),
            )
        })
        .collect();
    let draws = coincidences.pairs;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut alphas = Vec::with_capacity(samples);
    for _ in 0..samples {
        let mut left = draws;
        let mut mass_left = 1.0;
        let mut disagreement = 0.0;
        for (index, &(p, d)) in cells.iter().enumerate() {
            if left == 0 {
                break;
            }
            let count = if index + 1 == cells.len() || mass_left <= p {
                left
            } else {
                let share = (p / mass_left).clamp(0.0, 1.0);
                Binomial::new(left, share).map_or(0, |b| b.sample(&mut rng))
            };
            disagreement += count as f64 * d;
            left -= count;
            mass_left -= p;
        }
        alphas.push(1.0 - (disagreement / draws as f64) / expected);
    }
    alphas.sort_by(f64::total_cmp);
    let percentile = |p: f64| {
        let at = ((samples as f64 - 1.0) * p).round() as usize;
        alphas[at.min(samples - 1)]
    };
    let below =
        |threshold: f64| alphas.partition_point(|&alpha| alpha < threshold) as f64 / samples as f64;
    Some(AlphaBootstrap {
        samples,
        seed,
        ci95: [percentile(0.025), percentile(0.975)],
        p_below: PBelow {
            tentative: below(TENTATIVE_ALPHA),
            acceptable: below(ACCEPTABLE_ALPHA),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::tests::krippendorff_2011;

    fn close(a: Option<f64>, b: f64) {
        let a = a.unwrap();
        assert!((a - b).abs() < 0.0005, "{a} is not {b}");
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers
    /// × 12 units, 7 missing values: α nominal .743, ordinal .815, interval .849, ratio .797.
    #[test]
    fn krippendorff_2011_worked_example_all_metrics() {
        let ratings = krippendorff_2011();
        close(krippendorff_alpha(&ratings, Level::Nominal), 0.743);
        close(krippendorff_alpha(&ratings, Level::Ordinal), 0.815);
        close(krippendorff_alpha(&ratings, Level::Interval), 0.849);
        close(krippendorff_alpha(&ratings, Level::Ratio), 0.797);
    }

    /// irrCAC (Gwet) README, krippen.alpha.raw(cac.raw4raters): 0.74342 for the same data.
    #[test]
    fn matches_irrcac_to_five_decimals() {
        let alpha = krippendorff_alpha(&krippendorff_2011(), Level::Nominal).unwrap();
        assert_eq!((alpha * 1e5).round() / 1e5, 0.74342);
    }

    /// The closed forms for D_e must equal the definition Σ n_c n_k δ²_ck summed cell by cell.
    #[test]
    fn closed_forms_match_the_definition() {
        let ratings = krippendorff_2011();
        let coincidences = Coincidences::of(&ratings);
        let values: Vec<Option<f64>> = ratings.categories.iter().map(|c| c.value).collect();
        for level in Level::ALL {
            let metric = Metric::new(level, &values, &coincidences.marginals);
            let direct = pairwise_sum(&coincidences.marginals, |c, k| metric.delta2(c, k));
            let closed = metric.expected_sum(&coincidences.marginals);
            assert!((direct - closed).abs() < 1e-9, "{level}: {direct} {closed}");
        }
    }

    #[test]
    fn many_distinct_numbers_stay_cheap() {
        // 20,000 distinct values: a dense q × q matrix would need 3.2 GB.
        let rows: Vec<Vec<Option<f64>>> = (0..10_000)
            .map(|i| vec![Some(i as f64), Some(i as f64 + 0.5)])
            .collect();
        let ratings = Ratings::from_codes(&rows, 2, &[]);
        let alpha = krippendorff_alpha(&ratings, Level::Interval).unwrap();
        assert!(alpha > 0.99, "{alpha}");
        assert!(krippendorff_alpha(&ratings, Level::Ordinal).unwrap() > 0.99);
    }

    #[test]
    fn bootstrap_is_reproducible_and_brackets_alpha() {
        let ratings = krippendorff_2011();
        let coincidences = Coincidences::of(&ratings);
        let values: Vec<Option<f64>> = ratings.categories.iter().map(|c| c.value).collect();
        let metric = Metric::new(Level::Nominal, &values, &coincidences.marginals);
        let first = bootstrap(&coincidences, &metric, 2000, 7).unwrap();
        assert_eq!(first, bootstrap(&coincidences, &metric, 2000, 7).unwrap());
        assert_ne!(first, bootstrap(&coincidences, &metric, 2000, 8).unwrap());
        assert!(first.ci95[0] < 0.743 && 0.743 < first.ci95[1], "{first:?}");
        assert!(first.p_below.tentative <= first.p_below.acceptable);
        assert!((0.0..=1.0).contains(&first.p_below.acceptable));
    }
}
