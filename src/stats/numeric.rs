//! Statistics of numeric fields: descriptives, ranks, correlation, and group comparisons. Pure
//! functions over plain slices; undefined results are `None` with a note, never NaN.

use serde::Serialize;

use super::distributions::{
    chi2_upper_tail, f_upper_tail, normal_quantile, normal_two_tailed, t_two_tailed,
};

/// Descriptive statistics of the valid values of a field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub n: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Sample standard deviation (n − 1 in the denominator).
    pub sd: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// First and third quartiles (type 7: linear interpolation, R's and Excel's default).
    pub q1: Option<f64>,
    pub q3: Option<f64>,
}

/// The p-quantile of sorted values, type 7 (Hyndman & Fan 1996).
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let low = h.floor() as usize;
    let high = (low + 1).min(sorted.len() - 1);
    Some(sorted[low] + (h - low as f64) * (sorted[high] - sorted[low]))
}

pub fn summary(values: &[f64]) -> Summary {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let n = sorted.len();
    let mean = (n > 0).then(|| sorted.iter().sum::<f64>() / n as f64);
    let sd = mean
        .filter(|_| n > 1)
        .map(|m| (sorted.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt());
    Summary {
        n,
        mean,
        median: quantile(&sorted, 0.5),
        sd,
        min: sorted.first().copied(),
        max: sorted.last().copied(),
        q1: quantile(&sorted, 0.25),
        q3: quantile(&sorted, 0.75),
    }
}

/// Ranks 1..n with ties given their average rank (as Spearman and rank tests need).
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_unstable_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// Σ(t³ − t) over groups of tied values, for tie corrections.
fn tie_term(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] == sorted[i] {
            j += 1;
        }
        let t = (j - i + 1) as f64;
        sum += t * t * t - t;
        i = j + 1;
    }
    sum
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correlation {
    pub n: usize,
    pub r: Option<f64>,
    /// Two-tailed, from t = r √((n − 2)/(1 − r²)) with n − 2 degrees of freedom.
    pub p: Option<f64>,
    /// 95% confidence interval by Fisher's z (for Spearman's ρ the same formula, an
    /// approximation).
    pub ci95: Option<[f64; 2]>,
    pub notes: Vec<String>,
}

/// Pearson's r of paired values.
pub fn pearson(x: &[f64], y: &[f64]) -> Correlation {
    let n = x.len().min(y.len());
    let mut notes = Vec::new();
    let undefined = |notes: Vec<String>| Correlation {
        n,
        r: None,
        p: None,
        ci95: None,
        notes,
    };
    if n < 3 {
        notes.push(format!(
            "a correlation needs at least 3 pairs of values, there are {n}"
        ));
        return undefined(notes);
    }
    let mx = x[..n].iter().sum::<f64>() / n as f64;
    let my = y[..n].iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (dx, dy) = (x[i] - mx, y[i] - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        notes.push(
            "one of the fields has the same value for every unit (zero variance): r is undefined"
                .into(),
        );
        return undefined(notes);
    }
    let r = (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0);
    let df = (n - 2) as f64;
    let p = if r.abs() >= 1.0 {
        0.0
    } else {
        t_two_tailed(r * (df / (1.0 - r * r)).sqrt(), df)
    };
    let ci95 = (n > 3 && r.abs() < 1.0).then(|| {
        let z = r.atanh();
        let half = normal_quantile(0.975) / ((n - 3) as f64).sqrt();
        [(z - half).tanh(), (z + half).tanh()]
    });
    if n <= 3 {
        notes.push("no confidence interval with 3 pairs (Fisher's z needs n > 3)".into());
    }
    Correlation {
        n,
        r: Some(r),
        p: Some(p),
        ci95,
        notes,
    }
}

/// Spearman's ρ: Pearson's r of the average ranks.
pub fn spearman(x: &[f64], y: &[f64]) -> Correlation {
    pearson(&average_ranks(x), &average_ranks(y))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KruskalWallis {
    /// H corrected for ties.
    pub h: f64,
    pub df: usize,
    pub p: f64,
}

/// Kruskal–Wallis H over groups of values (groups with no values are left out).
pub fn kruskal_wallis(groups: &[Vec<f64>]) -> Option<KruskalWallis> {
    let groups: Vec<&Vec<f64>> = groups.iter().filter(|g| !g.is_empty()).collect();
    if groups.len() < 2 {
        return None;
    }
    let all: Vec<f64> = groups.iter().flat_map(|g| g.iter().copied()).collect();
    let n = all.len() as f64;
    let ranks = average_ranks(&all);
    let mut at = 0;
    let mut sum = 0.0;
    for group in &groups {
        let r: f64 = ranks[at..at + group.len()].iter().sum();
        sum += r * r / group.len() as f64;
        at += group.len();
    }
    let h = 12.0 / (n * (n + 1.0)) * sum - 3.0 * (n + 1.0);
    let correction = 1.0 - tie_term(&all) / (n * n * n - n);
    if correction <= 0.0 {
        return None; // every value tied: no ranking to test
    }
    let h = h / correction;
    let df = groups.len() - 1;
    Some(KruskalWallis {
        h,
        df,
        p: chi2_upper_tail(h, df),
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MannWhitney {
    /// U of the first group: pairs in which its value is larger (ties count ½).
    pub u: f64,
    /// Normal approximation with tie and continuity correction.
    pub z: f64,
    pub p: f64,
}

pub fn mann_whitney(a: &[f64], b: &[f64]) -> Option<MannWhitney> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (n1, n2) = (a.len() as f64, b.len() as f64);
    let all: Vec<f64> = a.iter().chain(b).copied().collect();
    let ranks = average_ranks(&all);
    let r1: f64 = ranks[..a.len()].iter().sum();
    let u = r1 - n1 * (n1 + 1.0) / 2.0;
    let n = n1 + n2;
    let variance = n1 * n2 / 12.0 * ((n + 1.0) - tie_term(&all) / (n * (n - 1.0)));
    if variance <= 0.0 {
        return None;
    }
    let mean = n1 * n2 / 2.0;
    let difference = u - mean;
    let corrected = (difference.abs() - 0.5).max(0.0) * difference.signum();
    let z = corrected / variance.sqrt();
    Some(MannWhitney {
        u,
        z,
        p: normal_two_tailed(z),
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Anova {
    pub f: f64,
    pub df_between: usize,
    pub df_within: usize,
    pub p: f64,
}

/// One-way analysis of variance.
pub fn anova(groups: &[Vec<f64>]) -> Option<Anova> {
    let groups: Vec<&Vec<f64>> = groups.iter().filter(|g| !g.is_empty()).collect();
    let n: usize = groups.iter().map(|g| g.len()).sum();
    let k = groups.len();
    if k < 2 || n <= k {
        return None;
    }
    let grand = groups.iter().flat_map(|g| g.iter()).sum::<f64>() / n as f64;
    let mut between = 0.0;
    let mut within = 0.0;
    for group in &groups {
        let mean = group.iter().sum::<f64>() / group.len() as f64;
        between += group.len() as f64 * (mean - grand).powi(2);
        within += group.iter().map(|v| (v - mean).powi(2)).sum::<f64>();
    }
    let (df_between, df_within) = (k - 1, n - k);
    if within <= 0.0 {
        return None; // no variance inside the groups: F is undefined
    }
    let f = (between / df_between as f64) / (within / df_within as f64);
    Some(Anova {
        f,
        df_between,
        df_within,
        p: f_upper_tail(f, df_between as f64, df_within as f64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    /// R's `cor.test` example (Hollander & Wolfe 1973, p. 187): r = 0.5711816, t = 1.8411,
    /// df = 7, p = 0.1082, 95% CI [-0.1497426, 0.8955795].
    #[test]
    fn pearson_matches_hollander_wolfe_in_r() {
        let x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1];
        let y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8];
        let c = pearson(&x, &y);
        assert!(close(c.r.unwrap(), 0.571_181_6, 1e-7));
        assert!(close(c.p.unwrap(), 0.1082, 1e-4));
        let [lo, hi] = c.ci95.unwrap();
        assert!(close(lo, -0.149_742_6, 1e-6) && close(hi, 0.895_579_5, 1e-6));
        // Spearman on the same data: ρ = 0.6 (R: rho 0.6).
        assert!(close(spearman(&x, &y).r.unwrap(), 0.6, 1e-12));
    }

    /// R's `kruskal.test` example (Hollander & Wolfe 1973, p. 116, mucociliary efficiency):
    /// χ² = 0.77143, df = 2, p = 0.68.
    #[test]
    fn kruskal_wallis_matches_hollander_wolfe_in_r() {
        let groups = vec![
            vec![2.9, 3.0, 2.5, 2.6, 3.2],
            vec![3.8, 2.7, 4.0, 2.4],
            vec![2.8, 3.4, 3.7, 2.2, 2.0],
        ];
        let kw = kruskal_wallis(&groups).unwrap();
        assert!(close(kw.h, 0.771_43, 1e-5));
        assert_eq!(kw.df, 2);
        assert!(close(kw.p, 0.68, 0.005));
    }

    /// R's PlantGrowth data, `summary(aov(weight ~ group))`: F = 4.846, df 2 and 27,
    /// p = 0.01591.
    #[test]
    fn anova_matches_plant_growth_in_r() {
        let groups = vec![
            vec![4.17, 5.58, 5.18, 6.11, 4.50, 4.61, 5.17, 4.53, 5.33, 5.14],
            vec![4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69],
            vec![6.31, 5.12, 5.54, 5.50, 5.37, 5.29, 4.92, 6.15, 5.80, 5.26],
        ];
        let a = anova(&groups).unwrap();
        assert!(close(a.f, 4.846, 1e-3));
        assert_eq!((a.df_between, a.df_within), (2, 27));
        assert!(close(a.p, 0.01591, 1e-5));
    }

    /// R's `wilcox.test` example (Hollander & Wolfe 1973, p. 69): W = 35 for x. The normal
    /// approximation with continuity correction, by hand: mean 25, variance 10·5·16/12 = 66.67,
    /// z = (35 − 25 − 0.5)/8.165 = 1.1635, two-tailed p = 0.2446.
    #[test]
    fn mann_whitney_u_and_its_normal_approximation() {
        let x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
        let y = [1.15, 0.88, 0.90, 0.74, 1.21];
        let mw = mann_whitney(&x, &y).unwrap();
        assert_eq!(mw.u, 35.0);
        assert!(close(mw.z, 9.5 / (200.0f64 / 3.0).sqrt(), 1e-12));
        assert!(close(mw.p, 0.2446, 1e-4));
    }

    #[test]
    fn descriptives_use_type_7_quantiles_and_the_sample_sd() {
        let s = summary(&[1.0, 2.0, 3.0, 4.0, 10.0]);
        assert_eq!(
            (s.n, s.median, s.q1, s.q3),
            (5, Some(3.0), Some(2.0), Some(4.0))
        );
        assert_eq!(s.mean, Some(4.0));
        assert!(close(s.sd.unwrap(), 3.535_533_905_932_738, 1e-12));
        assert_eq!(quantile(&[1.0, 2.0], 0.25), Some(1.25));
        let empty = summary(&[]);
        assert_eq!((empty.n, empty.mean, empty.sd), (0, None, None));
    }

    #[test]
    fn undefined_cases_give_none_and_a_note_never_nan() {
        let flat = pearson(&[1.0, 2.0, 3.0, 4.0], &[5.0, 5.0, 5.0, 5.0]);
        assert_eq!((flat.r, flat.p), (None, None));
        assert!(flat.notes[0].contains("zero variance"));
        assert!(pearson(&[1.0, 2.0], &[1.0, 2.0]).r.is_none());
        assert!(kruskal_wallis(&[vec![1.0, 1.0], vec![1.0]]).is_none());
        assert!(anova(&[vec![1.0, 1.0], vec![2.0, 2.0]]).is_none());
        assert!(mann_whitney(&[], &[1.0]).is_none());
        assert_eq!(average_ranks(&[10.0, 20.0, 10.0]), vec![1.5, 3.0, 1.5]);
    }
}
