//! Results: the final dataset and category frequencies.
//!
//! The final value of a variable for a unit is, in this order: the adjudicated value; else the
//! value every coder who coded it gave (a unit coded by one coder only takes that coder's
//! value); else the primary coder's value; else the unit is unresolved for that variable.
//! Raw codes are never changed.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::{Answer, Kind, Variable};
use crate::store::{CodingRecord, Project, Shared, StoreError};

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

/// Values by unit and variable, and the unit × variable pairs left unresolved. Each unit has a
/// row and each variable a column of values (a study of 100,000 units holds one value slot per
/// unit and variable, not a map entry); values are found by borrowed names, and the names are
/// shared with the codes they came from.
#[derive(Debug, Default)]
pub struct Dataset {
    rows: HashMap<Shared, u32>,
    columns: HashMap<Shared, Vec<Option<Answer>>>,
    pub unresolved: Vec<(Shared, Shared)>,
}

impl Dataset {
    /// The value of `variable` for `unit`.
    pub fn get(&self, unit: &str, variable: &str) -> Option<&Answer> {
        let row = *self.rows.get(unit)? as usize;
        self.columns.get(variable)?.get(row)?.as_ref()
    }

    pub fn insert(&mut self, unit: Shared, variable: Shared, answer: Answer) {
        let next = self.rows.len() as u32;
        let row = *self.rows.entry(unit).or_insert(next) as usize;
        let column = self.columns.entry(variable).or_default();
        if column.len() <= row {
            column.resize(row + 1, None);
        }
        column[row] = Some(answer);
    }

    fn contains(&self, unit: &str, variable: &str) -> bool {
        self.get(unit, variable).is_some()
    }

    /// Each row's unit, by row number.
    fn row_names(&self) -> Vec<&str> {
        let mut names = vec![""; self.rows.len()];
        for (unit, &row) in &self.rows {
            names[row as usize] = unit;
        }
        names
    }

    /// Unit × variable pairs with a value.
    pub fn len(&self) -> usize {
        self.columns
            .values()
            .map(|column| column.iter().flatten().count())
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The same values and unresolved pairs, however the rows were numbered.
impl PartialEq for Dataset {
    fn eq(&self, other: &Dataset) -> bool {
        let units = self.row_names();
        self.unresolved == other.unresolved
            && self.len() == other.len()
            && self.columns.iter().all(|(variable, column)| {
                column.iter().zip(&units).all(|(value, unit)| {
                    value.is_none() || other.get(unit, variable) == value.as_ref()
                })
            })
    }
}

/// The final dataset by the documented rule.
pub fn final_dataset(project: &Project) -> Result<Dataset, StoreError> {
    final_dataset_from(project, &project.all_codings()?)
}

/// The final dataset from the study's codes already read (`Project::all_codings`).
pub fn final_dataset_from(
    project: &Project,
    records: &[CodingRecord],
) -> Result<Dataset, StoreError> {
    let mut builder = FinalDataset::new(project)?;
    for unit in records.chunk_by(|a, b| a.unit == b.unit) {
        builder.add_unit(unit);
    }
    Ok(builder.finish())
}

/// The final dataset built one unit's codes at a time, so that a study's codes need not all be
/// in memory at once.
pub struct FinalDataset {
    primary: Option<String>,
    values: Dataset,
}

impl FinalDataset {
    /// Starts from the adjudicated values and the primary coder.
    pub fn new(project: &Project) -> Result<FinalDataset, StoreError> {
        let mut values = Dataset::default();
        for (unit, variable, answer) in project.final_values()? {
            values.insert(unit.into(), variable.into(), answer);
        }
        Ok(FinalDataset {
            primary: project.primary_coder()?,
            values,
        })
    }

    /// Every code of one unit (consecutive records of `Project::all_codings`).
    pub fn add_unit(&mut self, unit: &[CodingRecord]) {
        let Some(first) = unit.first() else {
            return;
        };
        let uid = &first.unit;
        for (variable, answers) in answers_by_variable(unit) {
            if self.values.contains(uid, variable) {
                continue;
            }
            let first = answers[0].1;
            if answers.iter().all(|(_, answer)| *answer == first) {
                self.values
                    .insert(uid.clone(), variable.clone(), first.clone());
            } else if let Some((_, answer)) = answers
                .iter()
                .find(|(coder, _)| self.primary.as_deref() == Some(&***coder))
            {
                self.values
                    .insert(uid.clone(), variable.clone(), (*answer).clone());
            } else {
                self.values.unresolved.push((uid.clone(), variable.clone()));
            }
        }
    }

    pub fn finish(mut self) -> Dataset {
        // In (unit, variable) order of names, whatever order the units came in.
        self.values.unresolved.sort();
        self.values
    }
}

/// Each coder's answer to one variable of a unit: (coder, answer).
type CodersAnswers<'a> = Vec<(&'a Shared, &'a Answer)>;

/// One unit's codes (consecutive records of `Project::all_codings`) grouped by variable, in the
/// order the variables come.
fn answers_by_variable(unit: &[CodingRecord]) -> Vec<(&Shared, CodersAnswers<'_>)> {
    let mut by_variable: Vec<(&Shared, CodersAnswers<'_>)> = Vec::new();
    for record in unit {
        match by_variable.iter_mut().find(|(v, _)| **v == record.variable) {
            Some((_, answers)) => answers.push((&record.coder, &record.answer)),
            None => by_variable.push((&record.variable, vec![(&record.coder, &record.answer)])),
        }
    }
    by_variable
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
    let mut dataset = Dataset::default();
    project.each_coding_of_coder(coder, |record| {
        dataset.insert(record.unit, record.variable, record.answer);
    })?;
    Ok(dataset)
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
        let codes: Vec<i64> = match dataset.get(unit, &variable.key) {
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
        .filter(|(_, v)| **v == *variable.key)
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
        let value = |variable: &Variable| match dataset.get(unit, &variable.key) {
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
    disagreements_from(project, variables, &project.all_codings()?)
}

/// The disagreements in the study's codes already read (`Project::all_codings`).
pub fn disagreements_from(
    project: &Project,
    variables: &[String],
    records: &[CodingRecord],
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
    let mut found: Vec<((usize, usize), Disagreement)> = Vec::new();
    // Records come unit by unit: one unit's answers are grouped by variable at a time.
    for unit in records.chunk_by(|a, b| a.unit == b.unit) {
        let by_variable =
            answers_by_variable(unit)
                .into_iter()
                .filter_map(|(variable, answers)| {
                    if !variables.is_empty() && !variables.iter().any(|v| **v == **variable) {
                        return None;
                    }
                    let position = codebook
                        .variables
                        .iter()
                        .position(|v| *v.key == **variable)?;
                    Some((position, variable, answers))
                });
        let uid = &unit[0].unit;
        let unit_at = unit_order.get(&**uid).copied().unwrap_or(usize::MAX);
        for (position, variable, mut answers) in by_variable {
            if answers.iter().all(|(_, a)| *a == answers[0].1) {
                continue;
            }
            answers.sort_by_key(|(coder, _)| {
                coder_order.get(&***coder).copied().unwrap_or(usize::MAX)
            });
            found.push((
                (unit_at, position),
                Disagreement {
                    unit: uid.to_string(),
                    variable: variable.to_string(),
                    answers: answers
                        .into_iter()
                        .map(|(coder, answer)| (coder.to_string(), answer.clone()))
                        .collect(),
                    adjudicated: finals.remove(&(uid.to_string(), variable.to_string())),
                },
            ));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    let found = found.into_iter().map(|(_, item)| item).collect();
    Ok(found)
}

#[cfg(test)]
mod tests;
