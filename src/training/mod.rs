//! Training rounds compared with their gold standard: per coder and variable, agreement with the
//! gold values (Krippendorff's α, Cohen's κ, % agreement), pass or fail against the round's
//! α_min, and every miss with the gold value's definition and examples — the feedback a coder
//! reviews after the round ("Review my training") and the table a supervisor clears coders from.
//!
//! α with gold is the two-coder α of the coder and the gold standard over the units both coded
//! (a trainee is compared with gold as a second coder is with a first; Krippendorff, 2019,
//! ch. 12). A coder passes a variable when that α reaches α_min; when α is undefined because
//! neither the coder nor gold varies, they pass only if they agree on every unit. κ is Cohen's
//! for nominal and quadratic-weighted for ordinal single-choice variables.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use thiserror::Error;

use crate::model::{Answer, Codebook, Kind, Level, Variable};
use crate::stats::{self, Ratings, multi};
use crate::store::{Clearance, Gold, Project, StoreError, TrainingRound};

#[derive(Debug, Error)]
pub enum TrainingError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no coder named '{name}' in training round '{round}' (its coders: {available})")]
    UnknownCoder {
        name: String,
        round: String,
        available: String,
    },
    #[error(
        "'{coder}' did not pass training round '{round}' ({failed}): clear a coder only after a round they passed"
    )]
    NotPassed {
        coder: String,
        round: String,
        failed: String,
    },
    #[error(
        "training round '{0}' is still open: close it first (its codes are then kept as they were)"
    )]
    StillOpen(String),
    #[error(
        "cannot draw {wanted} training units from the study's {available}: ask for 1 to {available}"
    )]
    Draw { wanted: usize, available: usize },
    #[error("{}", draw_uncoded_words(*wanted, *uncoded, *study))]
    DrawUncoded {
        wanted: usize,
        uncoded: usize,
        study: usize,
    },
}

fn draw_uncoded_words(wanted: usize, uncoded: usize, study: usize) -> String {
    let have = if uncoded == 0 {
        format!("every one of the study's {study} units has codes")
    } else {
        format!("the study has {uncoded} such units ({study} in all); ask for 1 to {uncoded}")
    };
    format!(
        "cannot draw {wanted} training units nobody has coded: {have}. To draw from coded units too, \
         keep the round in the study (--count-in-study) or take their codes out of it on purpose \
         (--take-coded)"
    )
}

/// The units a training round draws, and what they take out of the study if the round does not
/// count in it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingDraw {
    pub units: Vec<String>,
    /// Of `units`, those that hold codes, and how many codes they hold.
    pub coded_units: usize,
    pub codes: usize,
}

/// Draws `count` units for a training round with `seed`: from the units nobody has coded yet,
/// or, with `from_coded` (the round counts in the study, or takes coded units on purpose), from
/// all of the study's units; the draw says what it would take out of the study.
pub fn draw_training(
    project: &Project,
    count: usize,
    seed: u64,
    from_coded: bool,
) -> Result<TrainingDraw, TrainingError> {
    let units = if from_coded {
        draw_units(&project.unit_ids()?, count, seed)?
    } else {
        let uncoded = project.uncoded_unit_ids()?;
        if count > uncoded.len() {
            return Err(TrainingError::DrawUncoded {
                wanted: count,
                uncoded: uncoded.len(),
                study: project.unit_ids()?.len(),
            });
        }
        draw_units(&uncoded, count, seed)?
    };
    let (coded_units, codes) = project.coded_in_study(&units)?;
    Ok(TrainingDraw {
        units,
        coded_units,
        codes,
    })
}

/// One coder's agreement with gold on one variable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariableVsGold {
    pub variable: String,
    pub label: String,
    /// Units both the coder and gold coded.
    pub units: usize,
    pub agreed: usize,
    pub percent_agreement: Option<f64>,
    /// Cohen's κ (single-choice variables only).
    pub cohen_kappa: Option<f64>,
    /// Krippendorff's α at the variable's level (MASI distance for multi-select).
    pub krippendorff_alpha: Option<f64>,
    pub passed: bool,
}

/// A value as a coder reads it in their feedback.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueNote {
    pub code: i64,
    pub label: String,
    pub definition: String,
    pub examples: Vec<String>,
}

/// One unit and variable where the coder's value is not gold's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub unit: String,
    pub variable: String,
    pub variable_label: String,
    /// The coder's value as shown ("3 Natural landscape"); `None`: not coded.
    pub coded: Option<String>,
    pub gold: String,
    /// Gold's values with their definitions and examples (the codebook's words).
    pub gold_values: Vec<ValueNote>,
}

/// One coder's result in a round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoderTraining {
    pub coder: String,
    pub variables: Vec<VariableVsGold>,
    /// Unit × variable pairs gold coded and this coder did not.
    pub not_coded: usize,
    pub passed: bool,
    pub cleared: Option<Clearance>,
    pub misses: Vec<Miss>,
}

impl CoderTraining {
    /// The variables failed, by label, for messages.
    pub fn failed(&self) -> String {
        let failed: Vec<&str> = self
            .variables
            .iter()
            .filter(|v| !v.passed)
            .map(|v| v.label.as_str())
            .collect();
        if failed.is_empty() {
            "no variable failed".into()
        } else {
            format!("below α_min on {}", failed.join(", "))
        }
    }
}

/// A round with every coder's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingReport {
    pub round: TrainingRound,
    /// Unit × variable pairs gold holds a value for.
    pub gold_values: usize,
    pub coders: Vec<CoderTraining>,
}

impl TrainingReport {
    pub fn passed(&self) -> usize {
        self.coders.iter().filter(|c| c.passed).count()
    }

    pub fn coder(&self, name: &str) -> Option<&CoderTraining> {
        self.coders.iter().find(|c| c.coder == name)
    }
}

/// Every round's report, oldest first (for the methods paragraph and the window).
pub fn all_reports(
    project: &Project,
    codebook: &Codebook,
) -> Result<Vec<TrainingReport>, StoreError> {
    project
        .training_rounds()?
        .into_iter()
        .map(|round| report_of(project, codebook, round))
        .collect()
}

/// One round's report; `codebook` gives the labels and definitions (localize it first).
pub fn training_report(
    project: &Project,
    codebook: &Codebook,
    round: &str,
) -> Result<TrainingReport, TrainingError> {
    let round = project.training_round(round)?;
    Ok(report_of(project, codebook, round)?)
}

fn report_of(
    project: &Project,
    codebook: &Codebook,
    round: TrainingRound,
) -> Result<TrainingReport, StoreError> {
    let codings = project.training_codings(&round.name)?;
    let gold: HashMap<(String, String), Answer> = match &round.gold {
        Gold::Adjudicated => project
            .training_final_values(&round.name)?
            .into_iter()
            .map(|(unit, variable, answer)| ((unit, variable), answer))
            .collect(),
        Gold::Coder(name) => codings
            .iter()
            .filter(|c| *c.coder == **name)
            .map(|c| {
                (
                    (c.unit.to_string(), c.variable.to_string()),
                    c.answer.clone(),
                )
            })
            .collect(),
    };
    let mut by_coder: BTreeMap<&str, HashMap<(String, String), &Answer>> = BTreeMap::new();
    for name in &round.coders {
        by_coder.entry(name).or_default();
    }
    for coding in &codings {
        if let Some(answers) = by_coder.get_mut(&*coding.coder) {
            answers.insert(
                (coding.unit.to_string(), coding.variable.to_string()),
                &coding.answer,
            );
        }
    }
    let clearances = project.clearances()?;
    let coders = by_coder
        .into_iter()
        .map(|(coder, answers)| {
            let cleared = clearances.iter().find(|c| c.coder == coder).cloned();
            compare(coder, &round, codebook, &gold, &answers, cleared)
        })
        .collect();
    Ok(TrainingReport {
        gold_values: gold.len(),
        round,
        coders,
    })
}

/// A coder's codes against gold, variable by variable in codebook order, units in round order.
pub fn compare(
    coder: &str,
    round: &TrainingRound,
    codebook: &Codebook,
    gold: &HashMap<(String, String), Answer>,
    answers: &HashMap<(String, String), &Answer>,
    cleared: Option<Clearance>,
) -> CoderTraining {
    let mut variables = Vec::new();
    let mut misses = Vec::new();
    let mut not_coded = 0;
    // Text is not compared, nor a number filled in from the unit's own data (likes, comments):
    // neither is a judgement a coder is trained in.
    let judged = codebook
        .variables
        .iter()
        .filter(|v| v.kind != Kind::Text && v.prefill.is_none());
    for variable in judged {
        let mut pairs: Vec<(&Answer, &Answer)> = Vec::new();
        let mut any_gold = false;
        // The desk counts a unit done without its optional variables: left blank, they are no
        // miss unless the round says blanks count.
        let blank_counts = variable.required || round.blanks_count;
        for unit in &round.units {
            let key = (unit.clone(), variable.key.clone());
            let Some(gold_answer) = gold.get(&key) else {
                continue;
            };
            let coded = answers.get(&key).copied();
            if coded.is_none() && !blank_counts {
                continue;
            }
            any_gold = true;
            match coded {
                Some(answer) => pairs.push((answer, gold_answer)),
                None => not_coded += 1,
            }
            if coded != Some(gold_answer) {
                misses.push(Miss {
                    unit: unit.clone(),
                    variable: variable.key.clone(),
                    variable_label: variable.label.clone(),
                    coded: coded.map(|a| crate::format::answer(Some(variable), a)),
                    gold: crate::format::answer(Some(variable), gold_answer),
                    gold_values: value_notes(variable, gold_answer),
                });
            }
        }
        if any_gold {
            variables.push(against_gold(variable, &pairs, round.alpha_min));
        }
    }
    let passed = !variables.is_empty() && variables.iter().all(|v| v.passed);
    CoderTraining {
        coder: coder.to_owned(),
        variables,
        not_coded,
        passed,
        cleared,
        misses,
    }
}

/// Agreement of (coder, gold) pairs on one variable.
fn against_gold(
    variable: &Variable,
    pairs: &[(&Answer, &Answer)],
    alpha_min: f64,
) -> VariableVsGold {
    let agreed = pairs.iter().filter(|(a, b)| a == b).count();
    let percent = (!pairs.is_empty()).then(|| agreed as f64 / pairs.len() as f64);
    let (alpha, kappa) = match variable.kind {
        Kind::Multi => {
            let sets: multi::SetRatings = pairs
                .iter()
                .map(|(a, b)| vec![Some(set_of(a)), Some(set_of(b))])
                .collect();
            (multi::masi_alpha(&sets, 2).filter(|a| a.is_finite()), None)
        }
        Kind::Single | Kind::Number | Kind::Text => {
            let rows: Vec<Vec<Option<f64>>> = pairs
                .iter()
                .map(|(a, b)| vec![number_of(a), number_of(b)])
                .collect();
            let mut domain: Vec<f64> = variable.values.iter().map(|v| v.code as f64).collect();
            domain.sort_by(f64::total_cmp);
            let ratings = Ratings::from_codes(&rows, 2, &domain);
            let report = stats::report(&ratings, variable.level, None);
            let kappa = match (variable.kind, variable.level) {
                (Kind::Single, Level::Nominal) => report.measures.cohen_kappa,
                (Kind::Single, Level::Ordinal) => report.measures.cohen_kappa_quadratic,
                _ => None,
            };
            (report.measures.krippendorff_alpha, kappa)
        }
    };
    let passed = match alpha {
        Some(alpha) => alpha >= alpha_min,
        // No variation anywhere: α is undefined and only full agreement passes.
        None => !pairs.is_empty() && agreed == pairs.len(),
    };
    VariableVsGold {
        variable: variable.key.clone(),
        label: variable.label.clone(),
        units: pairs.len(),
        agreed,
        percent_agreement: percent,
        cohen_kappa: kappa,
        krippendorff_alpha: alpha,
        passed,
    }
}

fn set_of(answer: &Answer) -> BTreeSet<i64> {
    match answer {
        Answer::Codes(codes) => codes.iter().copied().collect(),
        Answer::Code(code) => BTreeSet::from([*code]),
        Answer::Number(_) | Answer::Text(_) => BTreeSet::new(),
    }
}

fn number_of(answer: &Answer) -> Option<f64> {
    match answer {
        Answer::Code(code) => Some(*code as f64),
        Answer::Number(number) => Some(*number),
        Answer::Codes(_) | Answer::Text(_) => None,
    }
}

fn value_notes(variable: &Variable, answer: &Answer) -> Vec<ValueNote> {
    let codes: Vec<i64> = match answer {
        Answer::Code(code) => vec![*code],
        Answer::Codes(codes) => codes.clone(),
        Answer::Number(_) | Answer::Text(_) => Vec::new(),
    };
    codes
        .into_iter()
        .filter_map(|code| variable.value(code))
        .map(|value| ValueNote {
            code: value.code,
            label: value.label.clone(),
            definition: value.definition.clone(),
            examples: value.examples.clone(),
        })
        .collect()
}

/// `count` of `units` drawn at random with `seed` (the same seed draws the same units), in the
/// study's order.
pub fn draw_units(units: &[String], count: usize, seed: u64) -> Result<Vec<String>, TrainingError> {
    use rand::SeedableRng;
    use rand::seq::SliceRandom;
    if count == 0 || count > units.len() {
        return Err(TrainingError::Draw {
            wanted: count,
            available: units.len(),
        });
    }
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
    let mut chosen = order[..count].to_vec();
    chosen.sort_unstable();
    Ok(chosen.into_iter().map(|i| units[i].clone()).collect())
}

/// Clears `coder` for the study after `round`, which must be closed and passed.
pub fn clear(
    project: &mut Project,
    round: &str,
    coder: &str,
    actor: &str,
) -> Result<(), TrainingError> {
    let codebook = project.codebook()?;
    let report = training_report(project, &codebook, round)?;
    if !report.round.is_closed() {
        return Err(TrainingError::StillOpen(round.to_owned()));
    }
    let result = report
        .coder(coder)
        .ok_or_else(|| TrainingError::UnknownCoder {
            name: coder.to_owned(),
            round: round.to_owned(),
            available: report.round.coders.join(", "),
        })?;
    if !result.passed {
        return Err(TrainingError::NotPassed {
            coder: coder.to_owned(),
            round: round.to_owned(),
            failed: result.failed(),
        });
    }
    project.clear_coder(coder, round, actor)?;
    Ok(())
}

/// The closed rounds a coder took part in, with their result: what "Review my training" shows.
/// Open rounds are left out (gold stays hidden until the round closes).
pub fn my_training(
    project: &Project,
    codebook: &Codebook,
    coder: &str,
) -> Result<Vec<(TrainingRound, CoderTraining)>, StoreError> {
    let mut mine = Vec::new();
    for round in project.training_rounds()? {
        if !round.is_closed() || !round.coders.iter().any(|c| c == coder) {
            continue;
        }
        let report = report_of(project, codebook, round)?;
        // Gold is not readable here (a coder's package): nothing to review against.
        if report.gold_values == 0 {
            continue;
        }
        if let Some(result) = report.coder(coder).cloned() {
            mine.push((report.round, result));
        }
    }
    Ok(mine)
}

#[cfg(test)]
mod tests;
