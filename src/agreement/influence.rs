//! Who and what moves a variable's α: α with each coder left out (whom to retrain), and the units
//! whose removal changes α most (the most decisive disagreements: which definitions to sharpen).
//! Brute force over the pairable units — exact at any level of measurement.

use serde::Serialize;

use super::{AgreementError, chosen_coders, domain, keyed_grid, numbers, single_valued};
use crate::model::Answer;
use crate::stats::Ratings;
use crate::stats::alpha::krippendorff_alpha;
use crate::store::Project;

/// Above this many pairable units the units' influence is not computed (each unit means one
/// more α over all the others); the coders' still is.
pub const MAX_UNITS_FOR_UNIT_INFLUENCE: usize = 5_000;

/// How many of the most decisive units are listed.
pub const DECISIVE_UNITS: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoderLeftOut {
    pub coder: String,
    /// α of the other coders (None: undefined, e.g. fewer than two coders remain).
    pub alpha_without: Option<f64>,
    /// `alpha_without − alpha`: positive when the study agrees better without this coder.
    pub change: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisiveUnit {
    pub unit: String,
    pub alpha_without: Option<f64>,
    /// `alpha_without − alpha`.
    pub change: f64,
    /// Each coder's value on the unit (codebook code or number), in the coders' order.
    pub values: Vec<Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Influence {
    pub variable: String,
    pub coders: Vec<String>,
    pub units: usize,
    pub alpha: Option<f64>,
    pub coders_left_out: Vec<CoderLeftOut>,
    /// The units that move α most, largest change first (empty above
    /// [`MAX_UNITS_FOR_UNIT_INFLUENCE`] units; see `units_skipped`).
    pub decisive_units: Vec<DecisiveUnit>,
    pub units_skipped: bool,
}

/// The influence of each coder and of the most decisive units on one single-choice or number
/// variable's α (all coders of the study, or `coders`).
pub fn influence(
    project: &Project,
    variable_key: &str,
    coders: &[String],
) -> Result<Influence, AgreementError> {
    let codebook = project.codebook()?;
    let variable = single_valued(&codebook, variable_key)?;
    let coders = chosen_coders(project, coders)?;
    let records = project.all_codings()?;
    let keyed = keyed_grid(&records, &variable.key, &coders);
    let values_domain = domain(variable);
    let alpha_of = |rows: &[Vec<Option<Answer>>], count: usize| {
        let ratings = Ratings::from_codes(&numbers(rows), count, &values_domain);
        krippendorff_alpha(&ratings, variable.level)
    };
    let all_rows: Vec<Vec<Option<Answer>>> = keyed.iter().map(|(_, row)| row.clone()).collect();
    let alpha = alpha_of(&all_rows, coders.len());

    let coders_left_out = (0..coders.len())
        .map(|out| {
            let rows: Vec<Vec<Option<Answer>>> = all_rows
                .iter()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .filter(|(column, _)| *column != out)
                        .map(|(_, answer)| answer.clone())
                        .collect::<Vec<_>>()
                })
                .filter(|row| row.iter().filter(|a| a.is_some()).count() >= 2)
                .collect();
            let alpha_without = alpha_of(&rows, coders.len() - 1);
            CoderLeftOut {
                coder: coders[out].clone(),
                alpha_without,
                change: alpha_without.zip(alpha).map(|(without, all)| without - all),
            }
        })
        .collect();

    let units_skipped = keyed.len() > MAX_UNITS_FOR_UNIT_INFLUENCE;
    let mut decisive_units: Vec<DecisiveUnit> = Vec::new();
    if !units_skipped && let Some(all) = alpha {
        for (index, (unit, row)) in keyed.iter().enumerate() {
            let others: Vec<Vec<Option<Answer>>> = all_rows
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != index)
                .map(|(_, row)| row.clone())
                .collect();
            let alpha_without = alpha_of(&others, coders.len());
            let change = alpha_without.map_or(0.0, |without| without - all);
            decisive_units.push(DecisiveUnit {
                unit: unit.clone(),
                alpha_without,
                change,
                values: row
                    .iter()
                    .map(|answer| answer.as_ref().map(Answer::to_plain))
                    .collect(),
            });
        }
        // Largest change first; ties by unit id, so the list is the same whatever the order.
        decisive_units.sort_by(|a, b| {
            b.change
                .abs()
                .total_cmp(&a.change.abs())
                .then_with(|| a.unit.cmp(&b.unit))
        });
        decisive_units.truncate(DECISIVE_UNITS);
    }
    Ok(Influence {
        variable: variable.key.clone(),
        coders,
        units: keyed.len(),
        alpha,
        coders_left_out,
        decisive_units,
        units_skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::preset;
    use crate::model::Unit;
    use crate::store::NewCoding;

    /// Three coders on ten units; "c" disagrees with the others on every other unit, and on
    /// unit u9 all three give different values.
    fn project(dir: &std::path::Path) -> Project {
        let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
        let mut project = Project::create(&dir.join("i.cdesk"), "i", &codebook).unwrap();
        let units: Vec<Unit> = (0..10)
            .map(|i| Unit {
                uid: format!("u{i}"),
                ..Unit::default()
            })
            .collect();
        project.upsert_units(&units, "t").unwrap();
        let theme = [1, 2, 3, 4, 9, 1, 2, 3, 4, 9];
        let mut codings = Vec::new();
        for (i, code) in theme.iter().enumerate() {
            let c = if i % 2 == 0 {
                *code
            } else {
                theme[(i + 1) % 10]
            };
            let b = if i == 9 { 3 } else { *code };
            for (coder, value) in [("a", *code), ("b", b), ("c", c)] {
                codings.push(NewCoding {
                    unit: format!("u{i}"),
                    coder: coder.into(),
                    variable: "theme".into(),
                    answer: Answer::Code(value),
                    note: String::new(),
                });
            }
        }
        project.write_codings(&codings, "t").unwrap();
        project
    }

    #[test]
    fn leaving_out_the_coder_who_disagrees_raises_alpha_most() {
        let dir = tempfile::tempdir().unwrap();
        let project = project(dir.path());
        let result = influence(&project, "theme", &[]).unwrap();
        assert_eq!(result.coders, ["a", "b", "c"]);
        let best = result
            .coders_left_out
            .iter()
            .max_by(|x, y| x.change.unwrap().total_cmp(&y.change.unwrap()))
            .unwrap();
        assert_eq!(best.coder, "c");
        assert!(best.change.unwrap() > 0.0);
        // α without a coder is the α of the other two, computed directly.
        let pair = crate::agreement::project_agreement(
            &project,
            &crate::agreement::AgreementOptions {
                variables: vec!["theme".into()],
                coders: vec!["a".into(), "b".into()],
                bootstrap: None,
            },
        )
        .unwrap();
        assert_eq!(
            best.alpha_without,
            pair.variables[0].measures.krippendorff_alpha
        );
    }

    #[test]
    fn a_unit_everybody_split_on_is_decisive_and_removing_agreement_lowers_alpha() {
        let dir = tempfile::tempdir().unwrap();
        let project = project(dir.path());
        let result = influence(&project, "theme", &[]).unwrap();
        assert_eq!(result.decisive_units.len(), DECISIVE_UNITS);
        let of = |unit: &str| {
            result
                .decisive_units
                .iter()
                .find(|d| d.unit == unit)
                .unwrap()
                .clone()
        };
        let split = of("u9");
        assert!(
            split.change > 0.0,
            "α rises without the unit all three split on"
        );
        assert_eq!(
            split.values,
            [
                Some("9".to_owned()),
                Some("3".to_owned()),
                Some("1".to_owned())
            ]
        );
        // u0: all three coded 1 — without it, α falls.
        assert!(of("u0").change < 0.0);
        // Listed by the size of the change.
        assert!(
            result
                .decisive_units
                .windows(2)
                .all(|w| w[0].change.abs() >= w[1].change.abs())
        );
    }

    #[test]
    fn multi_select_and_unknown_variables_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let project = project(dir.path());
        assert!(matches!(
            influence(&project, "shooting", &[]),
            Err(AgreementError::NotSingleValued(_))
        ));
        assert!(matches!(
            influence(&project, "nope", &[]),
            Err(AgreementError::UnknownVariable { .. })
        ));
    }
}
