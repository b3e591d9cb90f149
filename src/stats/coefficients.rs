//! Every agreement coefficient of a reliability report, computed in one pass over the units.
//! Conventions where sources differ are documented in `docs/agreement.md`.

use serde::Serialize;

use super::alpha::{Coincidences, Metric, parts};
use super::names::Coefficient;
use super::tally::{PairTable, Tally};
use super::{Category, Ratings};
use crate::model::Level;

/// The coefficients, `None` where undefined (the reason is in the report's notes).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Measures {
    pub percent_agreement: Option<f64>,
    pub holsti: Option<f64>,
    pub scott_pi: Option<f64>,
    pub cohen_kappa: Option<f64>,
    pub cohen_kappa_linear: Option<f64>,
    pub cohen_kappa_quadratic: Option<f64>,
    pub light_kappa: Option<f64>,
    pub conger_kappa: Option<f64>,
    pub fleiss_kappa: Option<f64>,
    pub brennan_prediger: Option<f64>,
    pub gwet_ac1: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
}

impl Measures {
    pub fn get(&self, coefficient: Coefficient) -> Option<f64> {
        match coefficient {
            Coefficient::PercentAgreement => self.percent_agreement,
            Coefficient::Holsti => self.holsti,
            Coefficient::ScottPi => self.scott_pi,
            Coefficient::CohenKappa => self.cohen_kappa,
            Coefficient::CohenKappaLinear => self.cohen_kappa_linear,
            Coefficient::CohenKappaQuadratic => self.cohen_kappa_quadratic,
            Coefficient::LightKappa => self.light_kappa,
            Coefficient::CongerKappa => self.conger_kappa,
            Coefficient::FleissKappa => self.fleiss_kappa,
            Coefficient::BrennanPrediger => self.brennan_prediger,
            Coefficient::GwetAc1 => self.gwet_ac1,
            Coefficient::KrippendorffAlpha => self.krippendorff_alpha,
        }
    }

    /// The coefficient's place, to change it (e.g. to undefine a value that is not finite).
    pub fn get_mut(&mut self, coefficient: Coefficient) -> &mut Option<f64> {
        match coefficient {
            Coefficient::PercentAgreement => &mut self.percent_agreement,
            Coefficient::Holsti => &mut self.holsti,
            Coefficient::ScottPi => &mut self.scott_pi,
            Coefficient::CohenKappa => &mut self.cohen_kappa,
            Coefficient::CohenKappaLinear => &mut self.cohen_kappa_linear,
            Coefficient::CohenKappaQuadratic => &mut self.cohen_kappa_quadratic,
            Coefficient::LightKappa => &mut self.light_kappa,
            Coefficient::CongerKappa => &mut self.conger_kappa,
            Coefficient::FleissKappa => &mut self.fleiss_kappa,
            Coefficient::BrennanPrediger => &mut self.brennan_prediger,
            Coefficient::GwetAc1 => &mut self.gwet_ac1,
            Coefficient::KrippendorffAlpha => &mut self.krippendorff_alpha,
        }
    }
}

/// The counts a report states next to the coefficients.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Units with at least one value.
    pub units: usize,
    /// Units with two values or more.
    pub pairable_units: usize,
    pub coders: usize,
    pub values: usize,
}

/// (p_o − p_e) / (1 − p_e), undefined when chance agreement is perfect.
fn chance_corrected(observed: f64, chance: f64) -> Option<f64> {
    (chance < 1.0 - 1e-12).then(|| (observed - chance) / (1.0 - chance))
}

/// Cohen's κ and Scott's π for one coder pair's table (rows: first coder, columns: second).
struct PairKappa {
    q: usize,
    n: f64,
    /// (i, j, count) for the non-zero cells.
    cells: Vec<(u32, u32, f64)>,
    rows: Vec<f64>,
    columns: Vec<f64>,
}

impl PairKappa {
    fn new(q: usize, table: &PairTable) -> PairKappa {
        let cells = table.counts.entries();
        let mut rows = vec![0.0; q];
        let mut columns = vec![0.0; q];
        for &(i, j, n) in &cells {
            rows[i as usize] += n;
            columns[j as usize] += n;
        }
        PairKappa {
            q,
            n: table.n,
            cells,
            rows,
            columns,
        }
    }

    fn diagonal(&self) -> f64 {
        self.cells.iter().filter(|c| c.0 == c.1).map(|c| c.2).sum()
    }

    fn cohen(&self) -> Option<f64> {
        if self.n == 0.0 {
            return None;
        }
        let chance: f64 = self
            .rows
            .iter()
            .zip(&self.columns)
            .map(|(r, c)| r * c)
            .sum();
        chance_corrected(self.diagonal() / self.n, chance / (self.n * self.n))
    }

    fn scott(&self) -> Option<f64> {
        if self.n == 0.0 {
            return None;
        }
        let chance: f64 = self
            .rows
            .iter()
            .zip(&self.columns)
            .map(|(r, c)| ((r + c) / (2.0 * self.n)).powi(2))
            .sum();
        chance_corrected(self.diagonal() / self.n, chance)
    }

    /// Weighted κ (Cohen 1968) over the q ranked categories with linear, 1 − |i − j|/(q − 1), or
    /// quadratic, 1 − (i − j)²/(q − 1)², agreement weights. Chance agreement is summed in closed
    /// form, so many categories cost O(q), not O(q²).
    fn weighted(&self, quadratic: bool) -> Option<f64> {
        if self.n == 0.0 || self.q < 2 {
            return None;
        }
        let scale = (self.q - 1) as f64;
        let distance = |i: u32, j: u32| {
            let d = i.abs_diff(j) as f64 / scale;
            if quadratic { d * d } else { d }
        };
        let observed_disagreement = sum_in_value_order(
            self.cells
                .iter()
                .map(|&(i, j, n)| n * distance(i, j))
                .collect(),
        );
        let n2 = self.n * self.n;
        let chance_disagreement = if quadratic {
            let moment = |m: &[f64], power: i32| -> f64 {
                m.iter()
                    .enumerate()
                    .map(|(i, v)| v * (i as f64).powi(power))
                    .sum()
            };
            (self.n * moment(&self.columns, 2) + self.n * moment(&self.rows, 2)
                // Bracketed so that swapping the two coders (rows ↔ columns) gives the same bits.
                - 2.0 * (moment(&self.rows, 1) * moment(&self.columns, 1)))
                / (scale * scale)
        } else {
            // Σ_i Σ_j r_i c_j |i − j| with running sums of the rows below and above j.
            let total_count: f64 = self.rows.iter().sum();
            let total_index: f64 = self
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| r * i as f64)
                .sum();
            let (mut below_count, mut below_index, mut sum) = (0.0, 0.0, 0.0);
            for (j, (&r, &c)) in self.rows.iter().zip(&self.columns).enumerate() {
                let j = j as f64;
                let above_count = total_count - below_count - r;
                let above_index = total_index - below_index - r * j;
                sum += c * ((j * below_count - below_index) + (above_index - j * above_count));
                below_count += r;
                below_index += r * j;
            }
            sum / scale
        };
        chance_corrected(
            1.0 - observed_disagreement / self.n,
            1.0 - chance_disagreement / n2,
        )
    }
}

/// Computes every coefficient from one pass over the units; `notes` receives why any is
/// undefined. Also returns the coincidences, for α's bootstrap.
pub fn measures(
    ratings: &Ratings,
    level: Level,
    notes: &mut Vec<String>,
) -> (Counts, Measures, Coincidences) {
    measures_from_tally(&Tally::of(ratings), &ratings.categories, level, notes)
}

/// Every coefficient from a tally over the given categories (in rank order).
pub fn measures_from_tally(
    tally: &Tally,
    categories: &[Category],
    level: Level,
    notes: &mut Vec<String>,
) -> (Counts, Measures, Coincidences) {
    let q = tally.q;
    let r = tally.coders;
    let counts = Counts {
        units: tally.units,
        pairable_units: tally.pairable_units,
        coders: r,
        values: tally.values,
    };
    let coincidences = tally.coincidences();
    let mut measures = Measures::default();
    if tally.pairable_units == 0 {
        notes.push("no unit was coded by two coders or more: nothing to compare".into());
        return (counts, measures, coincidences);
    }
    let pa = tally.agreement_sum() / tally.pairable_units as f64;
    measures.percent_agreement = Some(pa);
    let pi: Vec<f64> = tally
        .shares()
        .iter()
        .map(|s| s / tally.units as f64)
        .collect();

    // Fleiss' κ (Gwet's generalisation for missing values), Brennan–Prediger and Gwet's AC1
    // share p_a; they differ in chance agreement.
    measures.fleiss_kappa = chance_corrected(pa, pi.iter().map(|p| p * p).sum());
    if measures.fleiss_kappa.is_none() {
        notes.push("fleiss_kappa: undefined when every value is the same category".into());
    }
    if q >= 2 {
        measures.brennan_prediger = chance_corrected(pa, 1.0 / q as f64);
        let ac1_chance: f64 = pi.iter().map(|p| p * (1.0 - p)).sum::<f64>() / (q - 1) as f64;
        measures.gwet_ac1 = chance_corrected(pa, ac1_chance);
    } else {
        notes.push(
            "brennan_prediger, gwet_ac1: undefined with a single category (give the domain with --categories)".into(),
        );
    }

    // Conger's κ: chance from each coder's own marginals (irrCAC conger.kappa.raw).
    let raters: Vec<usize> = (0..r).filter(|&g| tally.coded_by(g) > 0.0).collect();
    if raters.len() >= 2 {
        let rr = raters.len() as f64;
        // Each coder's total once, not once per category: q × q sums took 40 s for 70,000
        // distinct values.
        let coded: Vec<f64> = raters.iter().map(|&g| tally.coded_by(g)).collect();
        let mut chance = 0.0;
        for k in 0..q {
            let shares: Vec<f64> = raters
                .iter()
                .zip(&coded)
                .map(|(&g, &total)| tally.per_coder[g * q + k] / total)
                .collect();
            let mean = sum_in_value_order(shares.clone()) / rr;
            let variance = sum_in_value_order(shares.iter().map(|s| (s - mean).powi(2)).collect())
                / (rr - 1.0);
            chance += mean * mean - variance / rr;
        }
        measures.conger_kappa = chance_corrected(pa, chance);
    }

    // Krippendorff's α at the variable's level.
    let values: Vec<Option<f64>> = categories.iter().map(|c| c.value).collect();
    let metric = Metric::new(level, &values, &coincidences.marginals);
    measures.krippendorff_alpha = parts(&coincidences, &metric).and_then(|p| p.alpha());
    if measures.krippendorff_alpha.is_none() {
        notes.push(
            "krippendorff_alpha: undefined when the pairable values show no variation".into(),
        );
    }

    pair_measures(tally, level, &mut measures, notes);
    (counts, measures, coincidences)
}

/// The sum of per-coder or per-pair terms, added smallest first: floating-point addition depends on
/// order, and the order of coders (who was added first, which package was merged first) must not
/// change a coefficient in its last digit.
fn sum_in_value_order(mut terms: Vec<f64>) -> f64 {
    terms.sort_by(f64::total_cmp);
    terms.iter().sum()
}

fn pair_measures(tally: &Tally, level: Level, measures: &mut Measures, notes: &mut Vec<String>) {
    let r = tally.coders;
    if r == 2 {
        let pair = PairKappa::new(tally.q, tally.pair(0, 1));
        let (first, second) = (tally.coded_by(0), tally.coded_by(1));
        measures.holsti = (first + second > 0.0).then(|| 2.0 * pair.diagonal() / (first + second));
        measures.scott_pi = pair.scott();
        measures.cohen_kappa = pair.cohen();
        if level == Level::Nominal {
            notes.push(
                "cohen_kappa_linear, cohen_kappa_quadratic: weighted kappa is for ordinal, interval or ratio data".into(),
            );
        } else {
            measures.cohen_kappa_linear = pair.weighted(false);
            measures.cohen_kappa_quadratic = pair.weighted(true);
        }
        if measures.cohen_kappa.is_none() {
            notes.push("cohen_kappa, scott_pi: undefined when chance agreement is perfect".into());
        }
        notes
            .push("light_kappa: for 3 coders or more (with 2 coders it equals cohen_kappa)".into());
    } else {
        notes.push(format!(
            "holsti, scott_pi, cohen_kappa, cohen_kappa_linear, cohen_kappa_quadratic: defined for exactly 2 coders (there are {r})"
        ));
        let mut kappas = Vec::new();
        let mut undefined_pairs = 0;
        for a in 0..r {
            for b in a + 1..r {
                match PairKappa::new(tally.q, tally.pair(a, b)).cohen() {
                    Some(kappa) => kappas.push(kappa),
                    None => undefined_pairs += 1,
                }
            }
        }
        if !kappas.is_empty() {
            let pairs = kappas.len() as f64;
            measures.light_kappa = Some(sum_in_value_order(kappas) / pairs);
        }
        if undefined_pairs > 0 {
            notes.push(format!(
                "light_kappa: {undefined_pairs} coder pair(s) without a defined kappa were left out of the mean"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::names::readable_note;

    #[test]
    fn every_coefficient_key_is_a_field_of_the_json_and_notes_read_as_words() {
        let json = serde_json::to_value(Measures::default()).unwrap();
        let fields: Vec<&String> = json.as_object().unwrap().keys().collect();
        let keys: Vec<&str> = Coefficient::ALL.iter().map(|c| c.key()).collect();
        assert_eq!(fields, keys, "one list, in the JSON's order");
        assert_eq!(
            readable_note(
                "cohen_kappa_linear, cohen_kappa_quadratic: weighted kappa is for ordinal data"
            )
            .unwrap(),
            "Cohen's κ (linear weights), Cohen's κ (quadratic weights): weighted kappa is for ordinal data"
        );
        assert_eq!(
            readable_note(
                "holsti, scott_pi, cohen_kappa: defined for exactly 2 coders (there are 3)"
            ),
            None
        );
    }
    use crate::stats::ratings::Category;
    use crate::stats::tests::{fleiss_1971_diagnoses, irrcac_raw4raters, krippendorff_2011};

    fn round(value: Option<f64>, digits: i32) -> f64 {
        let scale = 10f64.powi(digits);
        (value.unwrap() * scale).round() / scale
    }

    /// Two coders' ratings from a contingency table (rows: coder 1, columns: coder 2).
    fn from_table(table: &[&[usize]]) -> Ratings {
        let q = table.len();
        let mut cells = Vec::new();
        for (i, row) in table.iter().enumerate() {
            for (j, &n) in row.iter().enumerate() {
                for _ in 0..n {
                    cells.push(Some(i as u32));
                    cells.push(Some(j as u32));
                }
            }
        }
        let categories = (0..q)
            .map(|k| Category {
                label: (k + 1).to_string(),
                value: Some((k + 1) as f64),
            })
            .collect();
        Ratings {
            coders: 2,
            cells,
            categories,
        }
    }

    /// Gwet's irrCAC README on cac.raw4raters (Krippendorff 2011's data): percent agreement
    /// 0.8181818, AC1 0.77544, Fleiss 0.76117, Conger 0.76282, Brennan–Prediger 0.77273.
    #[test]
    fn irrcac_raw4raters_readme() {
        let mut notes = Vec::new();
        let (counts, m, _) = measures(&irrcac_raw4raters(), Level::Nominal, &mut notes);
        assert_eq!(
            counts,
            Counts {
                units: 12,
                pairable_units: 11,
                coders: 4,
                values: 41
            }
        );
        assert_eq!(round(m.percent_agreement, 7), 0.8181818);
        assert_eq!(round(m.gwet_ac1, 5), 0.77544);
        assert_eq!(round(m.fleiss_kappa, 5), 0.76117);
        assert_eq!(round(m.conger_kappa, 5), 0.76282);
        assert_eq!(round(m.brennan_prediger, 5), 0.77273);
        assert_eq!(round(m.krippendorff_alpha, 5), 0.74342);
        assert!(m.cohen_kappa.is_none() && m.holsti.is_none() && m.scott_pi.is_none());
        assert!(m.light_kappa.is_some());
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("holsti, scott_pi, cohen_kappa"))
        );
    }

    /// On Krippendorff's own layout everything but Conger's κ is unchanged (it is the only one
    /// that looks at which coder gave a value).
    #[test]
    fn only_conger_depends_on_who_coded_the_single_value() {
        let (_, ours, _) = measures(&krippendorff_2011(), Level::Nominal, &mut Vec::new());
        let (_, theirs, _) = measures(&irrcac_raw4raters(), Level::Nominal, &mut Vec::new());
        assert_eq!(ours.fleiss_kappa, theirs.fleiss_kappa);
        assert_eq!(ours.gwet_ac1, theirs.gwet_ac1);
        assert_eq!(ours.krippendorff_alpha, theirs.krippendorff_alpha);
        assert_ne!(ours.conger_kappa, theirs.conger_kappa);
    }

    /// Fleiss (1971), psychiatric diagnoses, 30 patients × 6 raters: κ = .430 (R irr
    /// `kappam.fleiss(diagnoses)`).
    #[test]
    fn fleiss_1971() {
        let (_, m, _) = measures(&fleiss_1971_diagnoses(), Level::Nominal, &mut Vec::new());
        assert_eq!(round(m.fleiss_kappa, 3), 0.430);
    }

    /// Cohen's κ for the 2 × 2 table [[20, 5], [10, 15]]: p_o = .70, p_e = .50, κ = .40.
    #[test]
    fn cohen_two_by_two() {
        let (_, m, _) = measures(
            &from_table(&[&[20, 5], &[10, 15]]),
            Level::Nominal,
            &mut Vec::new(),
        );
        assert_eq!(round(m.cohen_kappa, 10), 0.4);
        assert_eq!(round(m.percent_agreement, 10), 0.7);
        assert_eq!(round(m.holsti, 10), 0.7);
    }

    /// irrCAC README, cont3x3abstractors [[13,0,0],[0,20,7],[0,4,56]]: Cohen 0.7964094, Scott
    /// 0.7962397, AC1 0.8493305, Brennan–Prediger 0.835, Krippendorff 0.7972585, agreement 0.89.
    #[test]
    fn irrcac_cont3x3abstractors() {
        let ratings = from_table(&[&[13, 0, 0], &[0, 20, 7], &[0, 4, 56]]);
        let (_, m, _) = measures(&ratings, Level::Nominal, &mut Vec::new());
        assert_eq!(round(m.cohen_kappa, 7), 0.7964094);
        assert_eq!(round(m.scott_pi, 7), 0.7962397);
        assert_eq!(round(m.gwet_ac1, 7), 0.8493305);
        assert_eq!(round(m.brennan_prediger, 7), 0.835);
        assert_eq!(round(m.krippendorff_alpha, 7), 0.7972585);
        assert_eq!(round(m.percent_agreement, 7), 0.89);
    }

    /// R irr `kappa2(..., weight = "equal")` on the 6 × 6 table of the RExRepos inter-rater
    /// example: linearly weighted κ = 0.316. Its unweighted 3 × 3 example gives κ = 0.429.
    #[test]
    fn weighted_kappa_irr_examples() {
        let table: [&[usize]; 6] = [
            &[5, 8, 1, 2, 4, 2],
            &[3, 5, 3, 5, 5, 0],
            &[1, 2, 6, 11, 2, 1],
            &[0, 1, 5, 4, 3, 3],
            &[0, 0, 1, 2, 5, 2],
            &[0, 0, 1, 2, 1, 4],
        ];
        let (_, m, _) = measures(&from_table(&table), Level::Ordinal, &mut Vec::new());
        assert_eq!(round(m.cohen_kappa_linear, 3), 0.316);
        let three = from_table(&[&[53, 5, 2], &[11, 14, 5], &[1, 6, 3]]);
        let (_, m, _) = measures(&three, Level::Nominal, &mut Vec::new());
        assert_eq!(round(m.cohen_kappa, 3), 0.429);
        assert_eq!(
            m.cohen_kappa_linear, None,
            "weighted kappa is not for nominal data"
        );
    }

    /// Quadratic weights, computed by hand from Cohen (1968) for [[10, 5, 0], [2, 8, 3], [0, 4, 8]]
    /// (q = 3, weights 1, .75, 0; margins 15, 13, 12 and 12, 17, 11): p_o(w) = (26 + .75 · 14) / 40
    /// = .9125, p_e(w) = (533 + .75 · 758) / 1600 = .6884375, κ_w = .2240625 / .3115625 = .71916.
    #[test]
    fn quadratic_kappa_by_hand() {
        let ratings = from_table(&[&[10, 5, 0], &[2, 8, 3], &[0, 4, 8]]);
        let (_, m, _) = measures(&ratings, Level::Ordinal, &mut Vec::new());
        assert_eq!(
            round(m.cohen_kappa_quadratic, 6),
            round(Some(0.2240625 / 0.3115625), 6)
        );
    }

    #[test]
    fn undefined_cases_are_none_with_reasons() {
        let one_value = Ratings {
            coders: 3,
            cells: vec![Some(0), None, None, None, Some(0), None],
            categories: vec![Category {
                label: "a".into(),
                value: None,
            }],
        };
        let mut notes = Vec::new();
        let (counts, m, _) = measures(&one_value, Level::Nominal, &mut notes);
        assert_eq!(counts.pairable_units, 0);
        assert_eq!(m, Measures::default());
        assert_eq!(notes.len(), 1);

        let all_same = Ratings {
            coders: 2,
            cells: vec![Some(0); 6],
            categories: vec![Category {
                label: "a".into(),
                value: None,
            }],
        };
        let mut notes = Vec::new();
        let (_, m, _) = measures(&all_same, Level::Nominal, &mut notes);
        assert_eq!(m.percent_agreement, Some(1.0));
        assert_eq!(
            (m.krippendorff_alpha, m.cohen_kappa, m.fleiss_kappa),
            (None, None, None)
        );
        assert!(notes.iter().any(|n| n.starts_with("krippendorff_alpha")));
    }
}
