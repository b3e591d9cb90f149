//! Pearson's χ² test of independence for a contingency table, with Cramér's V, and the χ²
//! distribution's upper tail.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChiSquare {
    pub chi2: f64,
    pub df: usize,
    /// P(χ² ≥ chi2) under independence.
    pub p: f64,
    pub cramers_v: f64,
    /// Cells whose expected count is below 5 (the test's usual caution).
    pub small_expected: usize,
}

pub use super::distributions::chi2_upper_tail;

/// The test on a table of counts; rows and columns that are all zero are left out. `None` when
/// fewer than two rows or columns remain (no association to test).
pub fn chi_square(counts: &[Vec<f64>]) -> Option<ChiSquare> {
    let columns = counts.first().map_or(0, Vec::len);
    let row_sums: Vec<f64> = counts.iter().map(|r| r.iter().sum()).collect();
    let column_sums: Vec<f64> = (0..columns)
        .map(|j| counts.iter().map(|r| r[j]).sum())
        .collect();
    let rows: Vec<usize> = (0..counts.len()).filter(|&i| row_sums[i] > 0.0).collect();
    let cols: Vec<usize> = (0..columns).filter(|&j| column_sums[j] > 0.0).collect();
    if rows.len() < 2 || cols.len() < 2 {
        return None;
    }
    let n: f64 = row_sums.iter().sum();
    let mut chi2 = 0.0;
    let mut small_expected = 0;
    for &i in &rows {
        for &j in &cols {
            let expected = row_sums[i] * column_sums[j] / n;
            if expected < 5.0 {
                small_expected += 1;
            }
            chi2 += (counts[i][j] - expected).powi(2) / expected;
        }
    }
    let df = (rows.len() - 1) * (cols.len() - 1);
    let k = rows.len().min(cols.len()) as f64;
    Some(ChiSquare {
        chi2,
        df,
        p: chi2_upper_tail(chi2, df),
        cramers_v: (chi2 / (n * (k - 1.0))).sqrt(),
        small_expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Critical values of the χ² distribution (NIST/SEMATECH e-Handbook of Statistical Methods,
    /// table 1.3.6.7.4): the upper tail at each is exactly the stated significance level.
    #[test]
    fn upper_tail_matches_published_critical_values() {
        for (x, df, p) in [
            (3.841, 1, 0.05),
            (6.635, 1, 0.01),
            (5.991, 2, 0.05),
            (9.488, 4, 0.05),
            (18.307, 10, 0.05),
            (37.566, 20, 0.01),
            (124.342, 100, 0.05),
        ] {
            let tail = chi2_upper_tail(x, df);
            assert!((tail - p).abs() < 2e-4, "df {df}, x {x}: {tail}");
        }
        // With 2 degrees of freedom the tail is exp(−x/2) exactly.
        assert!((chi2_upper_tail(4.0, 2) - (-2.0f64).exp()).abs() < 1e-12);
    }

    /// By hand: [[10, 20], [30, 40]], expected 12, 18, 28, 42: χ² = 4/12 + 4/18 + 4/28 + 4/42
    /// = 0.793651, df 1, V = √(χ²/100) = 0.089087; p = erfc(√(χ²/2)) = 0.37305.
    #[test]
    fn a_two_by_two_table_by_hand() {
        let test = chi_square(&[vec![10.0, 20.0], vec![30.0, 40.0]]).unwrap();
        assert!((test.chi2 - 0.793_650_8).abs() < 1e-6);
        assert_eq!(test.df, 1);
        assert!((test.cramers_v - 0.089_087).abs() < 1e-6);
        assert!((test.p - 0.373_05).abs() < 1e-4, "{}", test.p);
        assert_eq!(test.small_expected, 0);
    }

    #[test]
    fn empty_rows_and_columns_are_left_out_and_degenerate_tables_refused() {
        let padded = chi_square(&[
            vec![10.0, 0.0, 20.0],
            vec![0.0, 0.0, 0.0],
            vec![30.0, 0.0, 40.0],
        ])
        .unwrap();
        assert_eq!(padded.df, 1);
        assert!((padded.chi2 - 0.793_650_8).abs() < 1e-6);
        assert!(chi_square(&[vec![5.0, 7.0]]).is_none());
        assert!(chi_square(&[]).is_none());
    }
}
