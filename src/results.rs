//! Results: the final dataset and category frequencies.
//!
//! The final value of a variable for a unit is, in this order: the adjudicated value; else the
//! value every coder who coded it gave (a unit coded by one coder only takes that coder's
//! value); else the primary coder's value; else the unit is unresolved for that variable.
//! Raw codes are never changed.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::{Answer, Kind, Variable};
use crate::store::{Project, StoreError};

/// Whose codes the results are computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Final,
    Coder(String),
}

impl Source {
    /// `final` or `coder:NAME`.
    pub fn parse(text: &str) -> Result<Source, String> {
        match text.trim() {
            "final" => Ok(Source::Final),
            other => other
                .strip_prefix("coder:")
                .filter(|name| !name.trim().is_empty())
                .map(|name| Source::Coder(name.trim().to_owned()))
                .ok_or_else(|| format!("--source takes final or coder:NAME, not '{other}'")),
        }
    }

    pub fn label(&self) -> String {
        match self {
            Source::Final => "final".to_owned(),
            Source::Coder(name) => format!("coder:{name}"),
        }
    }
}

/// Values by (unit, variable), and the unit × variable pairs left unresolved.
pub struct Dataset {
    pub values: HashMap<(String, String), Answer>,
    pub unresolved: Vec<(String, String)>,
}

/// The final dataset by the documented rule.
pub fn final_dataset(project: &Project) -> Result<Dataset, StoreError> {
    let primary = project.primary_coder()?;
    let mut coded: BTreeMap<(String, String), Vec<(String, Answer)>> = BTreeMap::new();
    for record in project.all_codings()? {
        coded
            .entry((record.unit, record.variable))
            .or_default()
            .push((record.coder, record.answer));
    }
    let mut values: HashMap<(String, String), Answer> = project
        .final_values()?
        .into_iter()
        .map(|(unit, variable, answer)| ((unit, variable), answer))
        .collect();
    let mut unresolved = Vec::new();
    for (key, answers) in coded {
        if values.contains_key(&key) {
            continue;
        }
        let first = &answers[0].1;
        if answers.iter().all(|(_, answer)| answer == first) {
            values.insert(key, first.clone());
        } else if let Some((_, answer)) = answers
            .iter()
            .find(|(coder, _)| Some(coder) == primary.as_ref())
        {
            values.insert(key, answer.clone());
        } else {
            unresolved.push(key);
        }
    }
    Ok(Dataset { values, unresolved })
}

/// The dataset a source names.
pub fn dataset(project: &Project, source: &Source) -> Result<Dataset, StoreError> {
    match source {
        Source::Final => final_dataset(project),
        Source::Coder(name) => coder_dataset(project, name),
    }
}

/// One coder's codes as a dataset.
pub fn coder_dataset(project: &Project, coder: &str) -> Result<Dataset, StoreError> {
    if project.coder_id(coder)?.is_none() {
        return Err(StoreError::UnknownCoder(coder.to_owned()));
    }
    let values = project
        .codings_of_coder(coder)?
        .into_iter()
        .map(|record| ((record.unit, record.variable), record.answer))
        .collect();
    Ok(Dataset {
        values,
        unresolved: Vec::new(),
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryCount {
    pub code: i64,
    pub label: String,
    pub count: usize,
    /// Of all units.
    pub percent: f64,
    /// Of the units with a value.
    pub valid_percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Frequencies {
    pub variable: String,
    pub label: String,
    pub kind: Kind,
    pub source: String,
    /// Units in the study.
    pub n: usize,
    pub missing: usize,
    /// Unit × variable pairs the coders disagree on that nobody resolved (final source only).
    pub unresolved: usize,
    pub categories: Vec<CategoryCount>,
    /// For hierarchical codebooks: the same counts rolled up to the top-level categories.
    pub primary: Option<Vec<CategoryCount>>,
}

impl Frequencies {
    /// What a reader of the table needs to know: several values per unit, unresolved units.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.kind == Kind::Multi {
            notes.push("Several values may apply: percentages can add up to more than 100.".into());
        }
        if self.unresolved > 0 {
            notes.push(format!(
                "{} unit(s) unresolved (coders disagree, nobody adjudicated, no primary coder) count as missing.",
                self.unresolved
            ));
        }
        notes
    }
}

fn percent(count: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        count as f64 * 100.0 / of as f64
    }
}

fn table(
    variable: &Variable,
    counts: &BTreeMap<i64, usize>,
    units: usize,
    valid: usize,
    only_roots: bool,
) -> Vec<CategoryCount> {
    variable
        .values
        .iter()
        .filter(|v| !only_roots || v.parent.is_none())
        .filter(|v| !v.retired || counts.contains_key(&v.code))
        .map(|value| {
            let count = counts.get(&value.code).copied().unwrap_or(0);
            CategoryCount {
                code: value.code,
                label: value.label.clone(),
                count,
                percent: percent(count, units),
                valid_percent: percent(count, valid),
            }
        })
        .collect()
}

/// Frequencies of a single- or multi-select variable over all units of the study. For
/// multi-select variables a unit counts once for every value ticked (percentages can add up to
/// more than 100).
pub fn frequencies(
    variable: &Variable,
    dataset: &Dataset,
    units: &[String],
    source: &Source,
) -> Frequencies {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    let mut rolled: BTreeMap<i64, usize> = BTreeMap::new();
    let mut valid = 0;
    for unit in units {
        let key = (unit.clone(), variable.key.clone());
        let codes: Vec<i64> = match dataset.values.get(&key) {
            Some(Answer::Code(code)) => vec![*code],
            Some(Answer::Codes(codes)) => codes.clone(),
            _ => continue,
        };
        valid += 1;
        let mut roots: Vec<i64> = Vec::new();
        for code in codes {
            *counts.entry(code).or_default() += 1;
            let top = variable.root(code);
            if !roots.contains(&top) {
                roots.push(top);
            }
        }
        for top in roots {
            *rolled.entry(top).or_default() += 1;
        }
    }
    let hierarchical = variable.values.iter().any(|v| v.parent.is_some());
    let unresolved = dataset
        .unresolved
        .iter()
        .filter(|(_, v)| *v == variable.key)
        .count();
    Frequencies {
        variable: variable.key.clone(),
        label: variable.label.clone(),
        kind: variable.kind,
        source: source.label(),
        n: units.len(),
        missing: units.len() - valid,
        unresolved,
        categories: table(variable, &counts, units.len(), valid, false),
        primary: hierarchical.then(|| table(variable, &rolled, units.len(), valid, true)),
    }
}

/// Counts of two single-choice variables over the units that have both, with row and column
/// percentages and the χ² test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crosstab {
    pub rows: String,
    pub columns: String,
    pub source: String,
    pub row_categories: Vec<String>,
    pub column_categories: Vec<String>,
    pub counts: Vec<Vec<usize>>,
    pub row_percent: Vec<Vec<f64>>,
    pub column_percent: Vec<Vec<f64>>,
    pub n: usize,
    /// `null` when fewer than two categories of either variable occur.
    pub test: Option<crate::stats::crosstab::ChiSquare>,
}

pub fn crosstab(
    rows: &Variable,
    columns: &Variable,
    dataset: &Dataset,
    units: &[String],
    source: &Source,
) -> Crosstab {
    let codes = |variable: &Variable| -> Vec<i64> {
        variable
            .values
            .iter()
            .filter(|v| !v.retired)
            .map(|v| v.code)
            .collect()
    };
    let (row_codes, column_codes) = (codes(rows), codes(columns));
    let mut counts = vec![vec![0usize; column_codes.len()]; row_codes.len()];
    let mut n = 0;
    for unit in units {
        let value =
            |variable: &Variable| match dataset.values.get(&(unit.clone(), variable.key.clone())) {
                Some(Answer::Code(code)) => Some(*code),
                _ => None,
            };
        let (Some(r), Some(c)) = (value(rows), value(columns)) else {
            continue;
        };
        let (Some(i), Some(j)) = (
            row_codes.iter().position(|&x| x == r),
            column_codes.iter().position(|&x| x == c),
        ) else {
            continue;
        };
        counts[i][j] += 1;
        n += 1;
    }
    let row_totals: Vec<usize> = counts.iter().map(|r| r.iter().sum()).collect();
    let column_totals: Vec<usize> = (0..column_codes.len())
        .map(|j| counts.iter().map(|r| r[j]).sum())
        .collect();
    let row_percent = counts
        .iter()
        .zip(&row_totals)
        .map(|(row, &total)| row.iter().map(|&c| percent(c, total)).collect())
        .collect();
    let column_percent = counts
        .iter()
        .map(|row| {
            row.iter()
                .zip(&column_totals)
                .map(|(&c, &total)| percent(c, total))
                .collect()
        })
        .collect();
    let as_float: Vec<Vec<f64>> = counts
        .iter()
        .map(|r| r.iter().map(|&c| c as f64).collect())
        .collect();
    let label = |variable: &Variable, code: i64| {
        variable
            .value(code)
            .map_or(code.to_string(), |v| format!("{} {}", v.code, v.label))
    };
    Crosstab {
        rows: rows.key.clone(),
        columns: columns.key.clone(),
        source: source.label(),
        row_categories: row_codes.iter().map(|&c| label(rows, c)).collect(),
        column_categories: column_codes.iter().map(|&c| label(columns, c)).collect(),
        counts,
        row_percent,
        column_percent,
        n,
        test: crate::stats::crosstab::chi_square(&as_float),
    }
}

/// A unit × variable on which the coders who coded it gave different values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub unit: String,
    pub variable: String,
    /// Every coder's value (coder name, answer), in the study's order of coders.
    pub answers: Vec<(String, Answer)>,
    /// The adjudicated value, once there is one.
    pub adjudicated: Option<Answer>,
}

/// Every disagreement of the study (or of the given variables), in study order of units and
/// codebook order of variables. Names of coders are in it: this is the supervisor's view.
pub fn disagreements(
    project: &Project,
    variables: &[String],
) -> Result<Vec<Disagreement>, StoreError> {
    let codebook = project.codebook()?;
    let unit_order: HashMap<String, usize> = project
        .unit_ids()?
        .into_iter()
        .enumerate()
        .map(|(i, u)| (u, i))
        .collect();
    let coder_order: HashMap<String, usize> = project
        .coders()?
        .into_iter()
        .enumerate()
        .map(|(i, c)| (c, i))
        .collect();
    let mut finals: HashMap<(String, String), Answer> = project
        .final_values()?
        .into_iter()
        .map(|(u, v, a)| ((u, v), a))
        .collect();
    let mut grouped: BTreeMap<(usize, usize), Disagreement> = BTreeMap::new();
    for record in project.all_codings()? {
        if !variables.is_empty() && !variables.contains(&record.variable) {
            continue;
        }
        let Some(position) = codebook
            .variables
            .iter()
            .position(|v| v.key == record.variable)
        else {
            continue;
        };
        let unit_at = unit_order.get(&record.unit).copied().unwrap_or(usize::MAX);
        grouped
            .entry((unit_at, position))
            .or_insert_with(|| Disagreement {
                unit: record.unit.clone(),
                variable: record.variable.clone(),
                answers: Vec::new(),
                adjudicated: None,
            })
            .answers
            .push((record.coder, record.answer));
    }
    let mut found = Vec::new();
    for (_, mut item) in grouped {
        if item.answers.iter().all(|(_, a)| *a == item.answers[0].1) {
            continue;
        }
        item.answers
            .sort_by_key(|(coder, _)| coder_order.get(coder).copied().unwrap_or(usize::MAX));
        item.adjudicated = finals.remove(&(item.unit.clone(), item.variable.clone()));
        found.push(item);
    }
    Ok(found)
}

#[cfg(test)]
#[path = "results_tests.rs"]
mod tests;
