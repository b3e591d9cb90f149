//! Agreement per codebook variable of a project: gathers the coders' codes from the store and
//! hands plain matrices to [`crate::stats`].

pub mod drift;
pub mod influence;
mod sets;
pub mod table;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Answer, Codebook, Kind, Level, Variable};
use crate::stats::{self, Bootstrap, Ratings, Report, multi};
use crate::store::{CodingRecord, Project, StoreError};

/// What is being compared in one row of the reliability table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The variable's values at its level of measurement.
    Standard,
    /// A multi-select variable's sets, with the MASI distance.
    Masi,
    /// A multi-select variable's sets as Krippendorff & Craggs' (2016) multi-valued data (mvα).
    Mvda,
    /// One value of a multi-select variable as present/absent.
    Binary,
    /// A hierarchical variable's codes rolled up `levels_up` levels (to the primary categories
    /// when that is the top): papers report agreement at the coded and at the parent level.
    Rolled { levels_up: usize },
}

/// One row of a project's reliability table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariableAgreement {
    pub variable: String,
    pub label: String,
    /// For `Binary` rows: the value's code and label.
    pub value: Option<i64>,
    pub value_label: Option<String>,
    pub method: Method,
    pub level: Level,
    /// Units coded by two chosen coders or more: those the coefficients are computed on.
    pub units: usize,
    pub values: usize,
    pub coders: Vec<String>,
    pub measures: stats::Measures,
    pub alpha_bootstrap: Option<stats::AlphaBootstrap>,
    /// Decided with the bootstrap where there is one (see [`Verdict::decide`]).
    pub verdict: Verdict,
    pub notes: Vec<String>,
    /// α for every pair of coders (same order as `coders`; `null` on the diagonal or where
    /// undefined).
    pub pair_alpha: Vec<Vec<Option<f64>>>,
}

/// Where an α stands against the usual thresholds (Krippendorff 2004: ≥ .800 to rely on a
/// variable, ≥ .667 for tentative conclusions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Acceptable,
    Tentative,
    Unacceptable,
    Undefined,
}

/// The risk a study accepts of relying on data whose α is in truth below the threshold: the
/// verdict asks P(α < threshold) in the bootstrap to be at most this (Krippendorff 2004, p. 242;
/// Hayes & Krippendorff 2007 report q = P(α < α_min) for this decision).
pub const DECISION_RISK: f64 = 0.05;

impl Verdict {
    /// The verdict as Krippendorff recommends deciding it: not by the point estimate alone but
    /// with the chance, estimated by the bootstrap, that α is below the threshold — acceptable
    /// when α ≥ .800 and P(α < .800) ≤ .05, tentative when α ≥ .667 and P(α < .667) ≤ .05,
    /// unacceptable otherwise. Without a bootstrap, the point estimate decides ([`Verdict::of`]).
    pub fn decide(alpha: Option<f64>, bootstrap: Option<&stats::AlphaBootstrap>) -> Verdict {
        use crate::stats::alpha::{ACCEPTABLE_ALPHA, TENTATIVE_ALPHA};
        let (Some(alpha), Some(bootstrap)) = (alpha, bootstrap) else {
            return Verdict::of(alpha);
        };
        if alpha >= ACCEPTABLE_ALPHA && bootstrap.p_below.acceptable <= DECISION_RISK {
            Verdict::Acceptable
        } else if alpha >= TENTATIVE_ALPHA && bootstrap.p_below.tentative <= DECISION_RISK {
            Verdict::Tentative
        } else {
            Verdict::Unacceptable
        }
    }

    /// The verdict of the point estimate alone.
    pub fn of(alpha: Option<f64>) -> Verdict {
        match alpha {
            Some(a) if a >= crate::stats::alpha::ACCEPTABLE_ALPHA => Verdict::Acceptable,
            Some(a) if a >= crate::stats::alpha::TENTATIVE_ALPHA => Verdict::Tentative,
            Some(_) => Verdict::Unacceptable,
            None => Verdict::Undefined,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Acceptable => "acceptable (α ≥ .800)",
            Verdict::Tentative => "tentative (.667 ≤ α < .800)",
            Verdict::Unacceptable => "below .667",
            Verdict::Undefined => "α undefined",
        }
    }
}

impl Verdict {
    /// The verdict's name as a methods text in `lang` says it.
    pub fn label_in(self, lang: crate::i18n::Lang) -> String {
        match self {
            Verdict::Acceptable => crate::tr_in!(lang, "verdict-acceptable"),
            Verdict::Tentative => crate::tr_in!(lang, "verdict-tentative"),
            Verdict::Unacceptable => crate::tr_in!(lang, "verdict-unacceptable"),
            Verdict::Undefined => crate::tr_in!(lang, "verdict-undefined"),
        }
    }
}

impl ProjectAgreement {
    /// The labels, in `codebook`'s language, of the pre-filled variables left out.
    pub fn prefilled_labels(&self, codebook: &crate::model::Codebook) -> Vec<String> {
        self.prefilled_left_out
            .iter()
            .map(|key| {
                codebook
                    .variable(key)
                    .map_or_else(|| key.clone(), |v| v.label.clone())
            })
            .collect()
    }

    /// The rows' variable labels, and the value labels of multi-select rows, as `shown` (the same
    /// codebook in another language, see `Codebook::localized`) has them; values are matched by
    /// their place in the codebook.
    pub fn relabel(&mut self, original: &crate::model::Codebook, shown: &crate::model::Codebook) {
        for row in &mut self.variables {
            if let Some(variable) = shown.variable(&row.variable) {
                row.label.clone_from(&variable.label);
            }
            let Some(label) = &row.value_label else {
                continue;
            };
            let position = original
                .variable(&row.variable)
                .and_then(|v| v.values.iter().position(|x| &x.label == label));
            if let Some(value) =
                position.and_then(|at| shown.variable(&row.variable)?.values.get(at))
            {
                row.value_label = Some(value.label.clone());
            }
        }
    }
}

impl VariableAgreement {
    /// The row's name: the variable, or `variable = value` for a multi-select value row.
    pub fn name(&self) -> String {
        match (&self.value_label, self.method.clone()) {
            (Some(value), _) => format!("{} = {value}", self.variable),
            (None, Method::Masi) => format!("{} (sets, MASI)", self.variable),
            (None, Method::Mvda) => format!("{} (sets, mvda)", self.variable),
            (None, Method::Rolled { levels_up: 1 }) => format!("{} (parent level)", self.variable),
            (None, Method::Rolled { levels_up }) => {
                format!("{} ({levels_up} levels up)", self.variable)
            }
            (None, Method::Standard | Method::Binary) => self.variable.clone(),
        }
    }

    /// The two chance-corrected coefficients a report shows: Scott's π and Cohen's κ for two
    /// coders, Fleiss' and Light's κ for more.
    pub fn kappas(&self) -> [(&'static str, Option<f64>); 2] {
        let m = &self.measures;
        if self.coders.len() <= 2 {
            [("Scott's π", m.scott_pi), ("Cohen's κ", m.cohen_kappa)]
        } else {
            [("Fleiss' κ", m.fleiss_kappa), ("Light's κ", m.light_kappa)]
        }
    }

    /// The verdict as a table cell shows it: the word, and whether it rests on the point estimate
    /// alone (set coefficients have no bootstrap); the rule itself is in the table's note.
    pub fn verdict_label_in(&self, lang: crate::i18n::Lang) -> String {
        let point = self.alpha_bootstrap.is_none();
        match (self.verdict, point) {
            (Verdict::Acceptable, false) => crate::tr_in!(lang, "verdict-short-acceptable"),
            (Verdict::Acceptable, true) => crate::tr_in!(lang, "verdict-short-acceptable-point"),
            (Verdict::Tentative, false) => crate::tr_in!(lang, "verdict-short-tentative"),
            (Verdict::Tentative, true) => crate::tr_in!(lang, "verdict-short-tentative-point"),
            (verdict @ (Verdict::Unacceptable | Verdict::Undefined), _) => verdict.label_in(lang),
        }
    }

    pub fn verdict(&self) -> Verdict {
        self.verdict
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectAgreement {
    pub codebook_version: i64,
    pub variables: Vec<VariableAgreement>,
    /// The keys of variables the codebook pre-fills from the posts' metadata (likes, comments):
    /// the same for every coder, so never rated; named wherever the table is shown
    /// (`prefilled_labels`).
    pub prefilled_left_out: Vec<String>,
}

/// Options of `codingdesk agreement`.
#[derive(Debug, Clone, Default)]
pub struct AgreementOptions {
    pub variables: Vec<String>,
    pub coders: Vec<String>,
    pub bootstrap: Option<Bootstrap>,
}

#[derive(Debug, thiserror::Error)]
pub enum AgreementError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no variable '{key}' in the codebook (variables: {available})")]
    UnknownVariable { key: String, available: String },
    #[error("no coder named '{name}' (coders: {available})")]
    UnknownCoder { name: String, available: String },
    #[error("agreement needs at least two coders; {0}")]
    TooFewCoders(String),
    #[error("variable '{0}' is a text variable: agreement is computed on codes and numbers only")]
    TextVariable(String),
    #[error(
        "variable '{key}' is pre-filled from the posts' field '{field}': every coder has the same value, so there is no agreement to rate"
    )]
    Prefilled { key: String, field: String },
    #[error(
        "variable '{0}' is not a single-choice or number variable: influence is computed on one value per coder and unit"
    )]
    NotSingleValued(String),
}

/// A single-choice or number variable of the codebook: one value per coder and unit, what
/// influence and drift are computed on.
fn single_valued<'a>(codebook: &'a Codebook, key: &str) -> Result<&'a Variable, AgreementError> {
    let variable = codebook
        .variable(key)
        .ok_or_else(|| AgreementError::UnknownVariable {
            key: key.to_owned(),
            available: codebook.variable_keys(),
        })?;
    match variable.kind {
        Kind::Single | Kind::Number => Ok(variable),
        Kind::Multi | Kind::Text => Err(AgreementError::NotSingleValued(key.to_owned())),
    }
}

/// Codes of one variable as a units × coders grid, keeping only units at least two coders coded.
fn grid(records: &[CodingRecord], variable: &str, coders: &[String]) -> Vec<Vec<Option<Answer>>> {
    keyed_grid(records, variable, coders)
        .into_iter()
        .map(|(_, row)| row)
        .collect()
}

/// The same grid with each row's unit id, in unit-id order.
fn keyed_grid(
    records: &[CodingRecord],
    variable: &str,
    coders: &[String],
) -> Vec<(String, Vec<Option<Answer>>)> {
    let mut by_unit: BTreeMap<&str, Vec<Option<Answer>>> = BTreeMap::new();
    for record in records.iter().filter(|r| *r.variable == *variable) {
        if let Some(column) = coders.iter().position(|c| **c == *record.coder) {
            let row = by_unit
                .entry(&*record.unit)
                .or_insert_with(|| vec![None; coders.len()]);
            row[column] = Some(record.answer.clone());
        }
    }
    by_unit
        .into_iter()
        .filter(|(_, row)| row.iter().filter(|a| a.is_some()).count() >= 2)
        .map(|(unit, row)| (unit.to_owned(), row))
        .collect()
}

/// The grid with every code replaced by its ancestor `levels_up` levels up.
fn rolled_up(
    grid: &[Vec<Option<Answer>>],
    variable: &Variable,
    levels_up: usize,
) -> Vec<Vec<Option<Answer>>> {
    grid.iter()
        .map(|row| {
            row.iter()
                .map(|answer| match answer {
                    Some(Answer::Code(code)) => {
                        Some(Answer::Code(variable.ancestor(*code, levels_up)))
                    }
                    other => other.clone(),
                })
                .collect()
        })
        .collect()
}

fn numbers(grid: &[Vec<Option<Answer>>]) -> Vec<Vec<Option<f64>>> {
    grid.iter()
        .map(|row| {
            row.iter()
                .map(|answer| match answer {
                    Some(Answer::Code(code)) => Some(*code as f64),
                    Some(Answer::Number(number)) => Some(*number),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// α for each pair of coders of a units × coders matrix.
fn pair_alpha(ratings: &Ratings, level: Level) -> Vec<Vec<Option<f64>>> {
    let r = ratings.coders;
    let mut matrix = vec![vec![None; r]; r];
    for a in 0..r {
        for b in a + 1..r {
            let mut cells = Vec::new();
            for unit in 0..ratings.units() {
                let row = ratings.unit(unit);
                cells.extend([row[a], row[b]]);
            }
            let pair = Ratings {
                coders: 2,
                cells,
                categories: ratings.categories.clone(),
            };
            let alpha = stats::alpha::krippendorff_alpha(&pair, level);
            matrix[a][b] = alpha;
            matrix[b][a] = alpha;
        }
    }
    matrix
}

fn domain(variable: &Variable) -> Vec<f64> {
    let mut codes: Vec<f64> = variable.values.iter().map(|v| v.code as f64).collect();
    codes.sort_by(f64::total_cmp);
    codes
}

/// The codebook variables to report on, checked against the options.
fn chosen_variables<'a>(
    codebook: &'a Codebook,
    options: &AgreementOptions,
) -> Result<Vec<&'a Variable>, AgreementError> {
    if options.variables.is_empty() {
        return Ok(codebook
            .variables
            .iter()
            .filter(|v| v.kind != Kind::Text && v.prefill.is_none())
            .collect());
    }
    options
        .variables
        .iter()
        .map(|key| {
            let variable =
                codebook
                    .variable(key)
                    .ok_or_else(|| AgreementError::UnknownVariable {
                        key: key.clone(),
                        available: codebook.variable_keys(),
                    })?;
            if variable.kind == Kind::Text {
                return Err(AgreementError::TextVariable(key.clone()));
            }
            if let Some(field) = &variable.prefill {
                return Err(AgreementError::Prefilled {
                    key: key.clone(),
                    field: field.clone(),
                });
            }
            Ok(variable)
        })
        .collect()
}

/// The coders to compare (the chosen ones, or every coder with codes), sorted by name.
pub fn chosen_coders(project: &Project, wanted: &[String]) -> Result<Vec<String>, AgreementError> {
    let all = project.coders()?;
    let coders: Vec<String> = if wanted.is_empty() {
        // Coders with codes on the study's units: not a coder who has only coded a training
        // round (or a gold standard), nor one added who has not started.
        project.coders_with_codes()?
    } else {
        for name in wanted {
            if !all.contains(name) {
                return Err(AgreementError::UnknownCoder {
                    name: name.clone(),
                    available: all.join(", "),
                });
            }
        }
        wanted.to_vec()
    };
    // One order whatever order coders were added in or packages merged: the coefficients are
    // order-free to the last digit anyway, and so the coder list and pair matrix are too.
    let mut coders = coders;
    coders.sort();
    coders.dedup();
    if coders.len() < 2 {
        return Err(AgreementError::TooFewCoders(format!(
            "the study has {} ({})",
            coders.len(),
            coders.join(", ")
        )));
    }
    Ok(coders)
}

/// The reliability table of a project: every chosen variable over the units coded by two
/// chosen coders or more.
pub fn project_agreement(
    project: &Project,
    options: &AgreementOptions,
) -> Result<ProjectAgreement, AgreementError> {
    project_agreement_from(project, options, &project.all_codings()?)
}

/// The reliability table from the study's codes already read (`Project::all_codings`).
pub fn project_agreement_from(
    project: &Project,
    options: &AgreementOptions,
    records: &[CodingRecord],
) -> Result<ProjectAgreement, AgreementError> {
    let codebook = project.codebook()?;
    let variables = chosen_variables(&codebook, options)?;
    let coders = chosen_coders(project, &options.coders)?;
    let mut rows = Vec::new();
    for variable in variables {
        let grid = grid(records, &variable.key, &coders);
        let row =
            |method, value: Option<&crate::model::CodeValue>, ratings: &Ratings, report: Report| {
                VariableAgreement {
                    variable: variable.key.clone(),
                    label: variable.label.clone(),
                    value: value.map(|v| v.code),
                    value_label: value.map(|v| v.label.clone()),
                    method,
                    level: report.level,
                    units: report.counts.pairable_units,
                    values: report.counts.values,
                    coders: coders.clone(),
                    verdict: Verdict::decide(
                        report.measures.krippendorff_alpha,
                        report.alpha_bootstrap.as_ref(),
                    ),
                    measures: report.measures,
                    alpha_bootstrap: report.alpha_bootstrap,
                    notes: report.notes,
                    pair_alpha: pair_alpha(ratings, report.level),
                }
            };
        match variable.kind {
            Kind::Multi => {
                let sets = sets::sets(&grid);
                let mut report = sets::masi_report(&sets, coders.len());
                report.level = variable.level;
                let masi_pairs =
                    sets::pair_sets(&sets, coders.len(), |pair| multi::masi_alpha(pair, 2));
                let mut masi_row = row(Method::Masi, None, &sets::empty(coders.len()), report);
                masi_row.pair_alpha = masi_pairs;
                rows.push(masi_row);
                let mut report = sets::mvda_report(&sets, coders.len());
                report.level = variable.level;
                let mut mvda_row = row(Method::Mvda, None, &sets::empty(coders.len()), report);
                mvda_row.pair_alpha = sets::pair_sets(&sets, coders.len(), multi::mvda_alpha);
                rows.push(mvda_row);
                let codes: Vec<i64> = variable.values.iter().map(|v| v.code).collect();
                for (code, ratings) in multi::binary_per_value(&sets, coders.len(), &codes) {
                    let report = stats::report(&ratings, Level::Nominal, options.bootstrap);
                    rows.push(row(Method::Binary, variable.value(code), &ratings, report));
                }
            }
            Kind::Single | Kind::Number => {
                let ratings = Ratings::from_codes(&numbers(&grid), coders.len(), &domain(variable));
                let report = stats::report(&ratings, variable.level, options.bootstrap);
                rows.push(row(Method::Standard, None, &ratings, report));
                // A hierarchical variable, again at each level above the coded one.
                for levels_up in 1..=variable.depth() {
                    let rolled = rolled_up(&grid, variable, levels_up);
                    let mut parents: Vec<f64> = variable
                        .values
                        .iter()
                        .map(|v| variable.ancestor(v.code, levels_up) as f64)
                        .collect();
                    parents.sort_by(f64::total_cmp);
                    parents.dedup();
                    let ratings = Ratings::from_codes(&numbers(&rolled), coders.len(), &parents);
                    let report = stats::report(&ratings, variable.level, options.bootstrap);
                    rows.push(row(Method::Rolled { levels_up }, None, &ratings, report));
                }
            }
            Kind::Text => {}
        }
    }
    Ok(ProjectAgreement {
        codebook_version: codebook.version,
        variables: rows,
        prefilled_left_out: codebook
            .variables
            .iter()
            .filter(|v| options.variables.is_empty() && v.prefill.is_some())
            .filter(|v| v.kind != Kind::Text)
            .map(|v| v.key.clone())
            .collect(),
    })
}

/// Counts of (coder a's value, coder b's value) over the units both coded, for one variable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    pub variable: String,
    pub coders: [String; 2],
    /// Row/column labels: `code label`.
    pub categories: Vec<String>,
    pub counts: Vec<Vec<usize>>,
}

pub fn confusion(
    project: &Project,
    variable_key: &str,
    first: &str,
    second: &str,
) -> Result<Confusion, AgreementError> {
    let codebook = project.codebook()?;
    let options = AgreementOptions {
        variables: vec![variable_key.to_owned()],
        ..AgreementOptions::default()
    };
    let variable = chosen_variables(&codebook, &options)?[0];
    // Checked like any choice of coders; the table keeps the asked order (rows: the first).
    chosen_coders(project, &[first.to_owned(), second.to_owned()])?;
    let coders = [first.to_owned(), second.to_owned()];
    let records = project.all_codings()?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for row in grid(&records, &variable.key, &coders) {
        if let (Some(a), Some(b)) = (&row[0], &row[1]) {
            pairs.push((a.to_plain(), b.to_plain()));
        }
    }
    let label_of = |plain: &str| -> String {
        match plain
            .parse::<i64>()
            .ok()
            .and_then(|code| variable.value(code))
        {
            Some(value) => format!("{} {}", value.code, value.label),
            None => plain.to_owned(),
        }
    };
    let mut seen: BTreeSet<String> = pairs
        .iter()
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .collect();
    if variable.kind == Kind::Single {
        seen.extend(variable.values.iter().map(|v| v.code.to_string()));
    }
    let mut keys: Vec<String> = seen.into_iter().collect();
    keys.sort_by(|a, b| match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.total_cmp(&y),
        _ => a.cmp(b),
    });
    let mut counts = vec![vec![0; keys.len()]; keys.len()];
    for (a, b) in &pairs {
        let (Some(i), Some(j)) = (
            keys.iter().position(|k| k == a),
            keys.iter().position(|k| k == b),
        ) else {
            continue;
        };
        counts[i][j] += 1;
    }
    Ok(Confusion {
        variable: variable.key.clone(),
        coders: [coders[0].clone(), coders[1].clone()],
        categories: keys.iter().map(|k| label_of(k)).collect(),
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::alpha::PBelow;

    fn bootstrap(below_acceptable: f64, below_tentative: f64) -> stats::AlphaBootstrap {
        stats::AlphaBootstrap {
            samples: 1000,
            seed: 1,
            ci95: [0.0, 1.0],
            p_below: PBelow {
                tentative: below_tentative,
                acceptable: below_acceptable,
            },
        }
    }

    #[test]
    fn the_bootstrap_decides_where_the_point_estimate_would_mislead() {
        // α above .800 but too likely below it: tentative.
        assert_eq!(
            Verdict::decide(Some(0.838), Some(&bootstrap(0.21, 0.001))),
            Verdict::Tentative
        );
        assert_eq!(
            Verdict::decide(Some(0.92), Some(&bootstrap(0.01, 0.0))),
            Verdict::Acceptable
        );
        // Above .667 but not surely: unacceptable.
        assert_eq!(
            Verdict::decide(Some(0.70), Some(&bootstrap(0.9, 0.3))),
            Verdict::Unacceptable
        );
        // The boundary risk itself is accepted.
        assert_eq!(
            Verdict::decide(Some(0.85), Some(&bootstrap(DECISION_RISK, 0.0))),
            Verdict::Acceptable
        );
        // Without a bootstrap the point estimate decides; without α nothing does.
        assert_eq!(Verdict::decide(Some(0.81), None), Verdict::Acceptable);
        assert_eq!(
            Verdict::decide(None, Some(&bootstrap(0.0, 0.0))),
            Verdict::Undefined
        );
    }
}
