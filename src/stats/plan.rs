//! How many units a reliability subsample needs: Bloch & Kraemer's (1989, eq. 3.7) minimum sample
//! size as Krippendorff (2019, *Content Analysis*, 4th ed., ch. 12) uses it for α — the number
//! of units all coders code so that an α at least `alpha_min` is not a fluke at level `p`, given
//! the probability `p_c` of the least frequent category:
//!
//! N = m · z² · [ (1 + α_min)(3 − α_min) / (4 (1 − α_min) p_c (1 − p_c)) − α_min ]
//!
//! with z the one-tailed standard-normal quantile for `p` and m the number of coders (Krippendorff's
//! table is for m = 2; for more coders z² is multiplied by m, as the ATLAS.ti inter-coder agreement
//! manual, following Krippendorff 2019, states). With K equally likely categories p_c = 1/K; with
//! unequal ones, the smallest probability. Checked against the table's values in the tests.

use serde::Serialize;
use thiserror::Error;

use super::distributions::normal_quantile;

/// The formula as printed beside a plan.
pub const FORMULA: &str =
    "N = m · z² · [ (1 + α_min)(3 − α_min) / (4 (1 − α_min) · p_c (1 − p_c)) − α_min ]";

/// Where the formula comes from, as printed beside a plan.
pub const SOURCE: &str =
    "Bloch & Kraemer (1989, eq. 3.7), as used by Krippendorff (2019, Content Analysis, 4th ed.)";

#[derive(Debug, Clone, PartialEq, Error)]
pub enum PlanError {
    #[error("α_min must be between 0 and 1 (exclusive), not {0}")]
    AlphaMin(f64),
    #[error("the level of significance p must be between 0 and 0.5, not {0}")]
    Level(f64),
    #[error("the smallest category probability must be between 0 and 1 (exclusive), not {0}")]
    Smallest(f64),
    #[error("a reliability test needs 2 coders or more, not {0}")]
    Coders(usize),
    #[error("give 2 categories or more, not {0}")]
    Categories(usize),
    #[error("category probabilities must be positive and add up to 1 (they add up to {0})")]
    Probabilities(f64),
}

/// A planned reliability subsample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SamplePlan {
    pub alpha_min: f64,
    pub p: f64,
    /// The probability of the least frequent category.
    pub smallest: f64,
    pub coders: usize,
    /// One-tailed z for `p`.
    pub z: f64,
    /// Units every coder codes.
    pub units: usize,
}

/// The smallest category probability of K equally likely categories.
pub fn equal_categories(categories: usize) -> Result<f64, PlanError> {
    if categories < 2 {
        return Err(PlanError::Categories(categories));
    }
    Ok(1.0 / categories as f64)
}

/// The smallest of category probabilities that must add up to 1 (within rounding: ±0.01).
pub fn smallest_probability(probabilities: &[f64]) -> Result<f64, PlanError> {
    if probabilities.len() < 2 {
        return Err(PlanError::Categories(probabilities.len()));
    }
    let sum: f64 = probabilities.iter().sum();
    if probabilities.iter().any(|p| !(p.is_finite() && *p > 0.0)) || (sum - 1.0).abs() > 0.01 {
        return Err(PlanError::Probabilities(sum));
    }
    Ok(probabilities.iter().copied().fold(f64::INFINITY, f64::min))
}

/// The minimum number of units for the reliability subsample.
pub fn plan(alpha_min: f64, p: f64, smallest: f64, coders: usize) -> Result<SamplePlan, PlanError> {
    if !(alpha_min > 0.0 && alpha_min < 1.0) {
        return Err(PlanError::AlphaMin(alpha_min));
    }
    if !(p > 0.0 && p <= 0.5) {
        return Err(PlanError::Level(p));
    }
    if !(smallest > 0.0 && smallest < 1.0) {
        return Err(PlanError::Smallest(smallest));
    }
    if coders < 2 {
        return Err(PlanError::Coders(coders));
    }
    let z = normal_quantile(1.0 - p);
    let bracket = (1.0 + alpha_min) * (3.0 - alpha_min)
        / (4.0 * (1.0 - alpha_min) * smallest * (1.0 - smallest))
        - alpha_min;
    let n = coders as f64 * z * z * bracket;
    Ok(SamplePlan {
        alpha_min,
        p,
        smallest,
        coders,
        z,
        // A hair of rounding error must not ask for one unit more than the table.
        units: (n - 1e-9).ceil().max(1.0) as usize,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Krippendorff's (2019) table for two coders, as the ATLAS.ti ICA manual ("Sample Size and
    /// Decision Rules") quotes it: four equally likely codes (p_c = .25), p = .05 — 139 for
    /// α_min = .800, 81 for α_min = .667.
    #[test]
    fn the_published_table_values_are_reproduced() {
        let smallest = equal_categories(4).unwrap();
        assert_eq!(plan(0.800, 0.05, smallest, 2).unwrap().units, 139);
        assert_eq!(plan(0.667, 0.05, smallest, 2).unwrap().units, 81);
    }

    #[test]
    fn stricter_demands_need_more_units() {
        let base = plan(0.800, 0.05, 0.25, 2).unwrap().units;
        assert!(plan(0.900, 0.05, 0.25, 2).unwrap().units > base);
        assert!(plan(0.800, 0.01, 0.25, 2).unwrap().units > base);
        assert!(plan(0.800, 0.05, 0.10, 2).unwrap().units > base);
        // More coders multiply z² by m/2 … relative to the two-coder table.
        let three = plan(0.800, 0.05, 0.25, 3).unwrap().units;
        assert!((three as f64 - base as f64 * 1.5).abs() <= 1.0);
    }

    #[test]
    fn unequal_probabilities_plan_for_the_rarest_category() {
        assert_eq!(smallest_probability(&[0.5, 0.3, 0.2]).unwrap(), 0.2);
        assert!(matches!(
            smallest_probability(&[0.5, 0.3]),
            Err(PlanError::Probabilities(_))
        ));
        assert!(smallest_probability(&[0.5, 0.6, -0.1]).is_err());
        assert!(smallest_probability(&[1.0]).is_err());
    }

    #[test]
    fn impossible_inputs_are_refused_not_computed() {
        assert_eq!(plan(1.0, 0.05, 0.25, 2), Err(PlanError::AlphaMin(1.0)));
        assert_eq!(plan(0.8, 0.0, 0.25, 2), Err(PlanError::Level(0.0)));
        assert_eq!(plan(0.8, 0.05, 0.0, 2), Err(PlanError::Smallest(0.0)));
        assert_eq!(plan(0.8, 0.05, 0.25, 1), Err(PlanError::Coders(1)));
        assert!(plan(f64::NAN, 0.05, 0.25, 2).is_err());
        assert_eq!(equal_categories(1), Err(PlanError::Categories(1)));
    }
}
