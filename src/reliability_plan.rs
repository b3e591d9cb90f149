//! The reliability subsample a study's variables need (`stats::plan`), from the categories as
//! coded so far — or, before any codes, as the codebook lists them — and whether the units coded
//! by two coders or more already reach it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Answer, Codebook, Kind};
use crate::stats::plan::{PlanError, SamplePlan, equal_categories, plan};
use crate::store::CodingRecord;

/// Where a variable's smallest category probability came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The codes so far (all coders').
    Codes,
    /// No codes yet: the codebook's values, taken as equally likely.
    Codebook,
}

/// One variable's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariablePlan {
    pub variable: String,
    pub label: String,
    pub basis: Basis,
    /// Categories (values; for a multi-select variable, each value present or not) in the basis.
    pub categories: usize,
    /// Values of the codebook nobody has used yet (they are not planned for).
    pub unused: usize,
    #[serde(flatten)]
    pub plan: SamplePlan,
    /// Units two coders or more have coded on this variable so far.
    pub overlap: usize,
    pub enough: bool,
}

/// Plans every categorical variable (single and multi-select) of `codebook`; numbers and text
/// are not planned by this formula.
pub fn plan_variables(
    codebook: &Codebook,
    codings: &[CodingRecord],
    alpha_min: f64,
    p: f64,
    coders: usize,
) -> Result<Vec<VariablePlan>, PlanError> {
    let mut by_unit: BTreeMap<&str, Vec<&CodingRecord>> = BTreeMap::new();
    for record in codings {
        by_unit.entry(&record.unit).or_default().push(record);
    }
    let mut tallies = CodeTallies::default();
    for unit in by_unit.into_values() {
        tallies.add_unit(unit);
    }
    plan_from_tallies(codebook, &tallies, alpha_min, p, coders)
}

/// What planning needs of the codes, per variable, gathered one unit at a time: answers, how
/// often each value was given, and the units two coders or more coded.
#[derive(Debug, Default)]
pub struct CodeTallies {
    variables: BTreeMap<String, VariableTally>,
}

#[derive(Debug, Default)]
struct VariableTally {
    answers: usize,
    counts: BTreeMap<i64, usize>,
    overlap: usize,
}

impl CodeTallies {
    /// Every code of one unit.
    pub fn add_unit<'a>(&mut self, unit: impl IntoIterator<Item = &'a CodingRecord>) {
        let mut coders_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for record in unit {
            coders_of
                .entry(&record.variable)
                .or_default()
                .insert(&record.coder);
            let tally = match self.variables.get_mut(&*record.variable) {
                Some(tally) => tally,
                None => self
                    .variables
                    .entry(record.variable.to_string())
                    .or_default(),
            };
            tally.answers += 1;
            match &record.answer {
                Answer::Code(code) => *tally.counts.entry(*code).or_default() += 1,
                Answer::Codes(codes) => {
                    for code in codes {
                        *tally.counts.entry(*code).or_default() += 1;
                    }
                }
                Answer::Number(_) | Answer::Text(_) => {}
            }
        }
        for (variable, coders) in coders_of {
            if coders.len() >= 2
                && let Some(tally) = self.variables.get_mut(variable)
            {
                tally.overlap += 1;
            }
        }
    }
}

/// [`plan_variables`] from codes tallied unit by unit.
pub fn plan_from_tallies(
    codebook: &Codebook,
    tallies: &CodeTallies,
    alpha_min: f64,
    p: f64,
    coders: usize,
) -> Result<Vec<VariablePlan>, PlanError> {
    let none = VariableTally::default();
    let mut plans = Vec::new();
    for variable in &codebook.variables {
        if !matches!(variable.kind, Kind::Single | Kind::Multi) {
            continue;
        }
        let active: Vec<i64> = variable
            .values
            .iter()
            .filter(|v| !v.retired)
            .map(|v| v.code)
            .collect();
        let tally = tallies.variables.get(&variable.key).unwrap_or(&none);
        let (counts, overlap) = (&tally.counts, tally.overlap);
        let unused = active.iter().filter(|c| !counts.contains_key(c)).count();
        let (basis, categories, smallest) = if tally.answers == 0 {
            let smallest = match variable.kind {
                // Each value present or absent, half the time each before anything is known.
                Kind::Multi => 0.5,
                _ => equal_categories(active.len())?,
            };
            (Basis::Codebook, active.len(), smallest)
        } else {
            let total = tally.answers as f64;
            let shares: Vec<f64> = match variable.kind {
                Kind::Multi => counts
                    .values()
                    .map(|&n| {
                        let present = n as f64 / total;
                        present.min(1.0 - present)
                    })
                    .filter(|share| *share > 0.0)
                    .collect(),
                _ => {
                    let coded: usize = counts.values().sum();
                    counts.values().map(|&n| n as f64 / coded as f64).collect()
                }
            };
            match shares.iter().copied().reduce(f64::min) {
                Some(smallest) if smallest < 1.0 => (Basis::Codes, counts.len(), smallest),
                // One category only so far (or every multi-select value always ticked): there
                // is nothing to plan from the codes yet; the codebook's values stand in.
                _ => (
                    Basis::Codebook,
                    active.len(),
                    equal_categories(active.len())?,
                ),
            }
        };
        let planned = plan(alpha_min, p, smallest, coders)?;
        plans.push(VariablePlan {
            variable: variable.key.clone(),
            label: variable.label.clone(),
            basis,
            categories,
            unused,
            enough: overlap >= planned.units,
            plan: planned,
            overlap,
        });
    }
    Ok(plans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CodeValue, Level, Variable};

    fn record(unit: &str, coder: &str, answer: Answer) -> CodingRecord {
        CodingRecord {
            unit: unit.into(),
            coder: coder.into(),
            variable: "tone".into(),
            answer,
            note: String::new(),
            created_at: "".into(),
            updated_at: "".into(),
        }
    }

    fn codebook(kind: Kind) -> Codebook {
        Codebook {
            variables: vec![Variable {
                key: "tone".into(),
                label: "Tone".into(),
                group: None,
                definition: String::new(),
                level: Level::Nominal,
                kind,
                required: true,
                prefill: None,
                values: (1..=4).map(|c| CodeValue::new(c, "v", "")).collect(),
                translations: Default::default(),
            }],
            ..Codebook::default()
        }
    }

    #[test]
    fn before_any_code_the_codebook_values_are_taken_as_equally_likely() {
        let plans = plan_variables(&codebook(Kind::Single), &[], 0.8, 0.05, 2).unwrap();
        assert_eq!(plans[0].basis, Basis::Codebook);
        assert_eq!(plans[0].plan.smallest, 0.25);
        assert_eq!(plans[0].plan.units, 139);
        assert_eq!((plans[0].overlap, plans[0].enough), (0, false));
    }

    #[test]
    fn the_rarest_coded_category_decides_and_the_overlap_is_counted() {
        // Codes 1 ×6, 2 ×3, 3 ×1 over five units coded by two coders: p_c = .1.
        let mut codings = Vec::new();
        for (unit, codes) in [
            ("u1", [1, 1]),
            ("u2", [1, 1]),
            ("u3", [1, 2]),
            ("u4", [2, 2]),
            ("u5", [1, 3]),
        ] {
            codings.push(record(unit, "a", Answer::Code(codes[0])));
            codings.push(record(unit, "b", Answer::Code(codes[1])));
        }
        codings.push(record("u6", "a", Answer::Code(1)));
        let plans = plan_variables(&codebook(Kind::Single), &codings, 0.8, 0.05, 2).unwrap();
        let tone = &plans[0];
        assert_eq!(tone.basis, Basis::Codes);
        assert_eq!((tone.categories, tone.unused), (3, 1));
        assert!((tone.plan.smallest - 1.0 / 11.0).abs() < 1e-12);
        assert_eq!(tone.overlap, 5);
        assert!(!tone.enough);
        let direct = plan(0.8, 0.05, 1.0 / 11.0, 2).unwrap().units;
        assert_eq!(tone.plan.units, direct);
    }

    #[test]
    fn numbers_and_text_are_not_planned() {
        assert!(
            plan_variables(&codebook(Kind::Number), &[], 0.8, 0.05, 2)
                .unwrap()
                .is_empty()
        );
    }
}
