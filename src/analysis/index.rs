//! Composite indices: a weighted sum of numeric fields after min–max, z or no standardisation
//! (e.g. a city's communication index from four dimensions weighted .35/.25/.20/.20). The
//! definition is saved in the project; the values are computed from the units whenever they are
//! read, so they follow re-imported data. A unit missing any of the fields has no index value.

use serde::{Deserialize, Serialize};

use super::{AnalysisError, Result, Table};
use crate::store::Project;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Standardize {
    /// The raw values.
    None,
    /// (x − min) / (max − min): every field on 0…1.
    Minmax,
    /// (x − mean) / SD (sample SD).
    Z,
}

impl Standardize {
    pub fn label(self) -> &'static str {
        match self {
            Standardize::None => "no standardisation",
            Standardize::Minmax => "min–max standardised",
            Standardize::Z => "z-standardised",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexDefinition {
    pub name: String,
    /// (field, weight), in the order given.
    pub weights: Vec<(String, f64)>,
    pub standardize: Standardize,
}

/// An index's values, per unit in study order.
pub struct Computed {
    pub values: Vec<Option<f64>>,
    /// Units without every field.
    pub excluded: usize,
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

impl IndexDefinition {
    /// Reads `a=0.35,b=0.25,…` and checks it against the table: the name is new (or an index
    /// being redefined), every field is numeric and not itself an index, weights are numbers
    /// that sum to 1, or are divided by their sum with `normalize`.
    pub fn parse(
        name: &str,
        weights: &str,
        standardize: Standardize,
        normalize: bool,
        table: &Table,
    ) -> Result<IndexDefinition> {
        let name = name.trim();
        if !is_identifier(name) {
            return Err(AnalysisError::Invalid(format!(
                "an index name is one word of letters, digits and _ (e.g. comm_index), not '{name}'"
            )));
        }
        let is_index = |field: &str| table.indices.iter().any(|d| d.name == field);
        if !is_index(name) && table.values(name).is_ok() {
            return Err(AnalysisError::Invalid(format!(
                "'{name}' is already a field of the units: choose another name"
            )));
        }
        let mut pairs = Vec::new();
        for part in weights.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (field, weight) = part.split_once('=').ok_or_else(|| {
                AnalysisError::Invalid(format!(
                    "weights are field=weight pairs such as likes=0.35, not '{part}'"
                ))
            })?;
            let field = field.trim();
            let weight: f64 = weight
                .trim()
                .parse()
                .ok()
                .filter(|w: &f64| w.is_finite())
                .ok_or_else(|| {
                    AnalysisError::Invalid(format!(
                        "the weight of '{field}' is not a number: '{}'",
                        weight.trim()
                    ))
                })?;
            if is_index(field) {
                return Err(AnalysisError::Invalid(format!(
                    "'{field}' is an index itself: build indices from the units' own fields"
                )));
            }
            table.values(field)?;
            if pairs.iter().any(|(f, _): &(String, f64)| f == field) {
                return Err(AnalysisError::Invalid(format!(
                    "'{field}' is weighted twice"
                )));
            }
            pairs.push((field.to_owned(), weight));
        }
        if pairs.is_empty() {
            return Err(AnalysisError::Invalid(
                "an index needs at least one field=weight".into(),
            ));
        }
        let sum: f64 = pairs.iter().map(|(_, w)| w).sum();
        if normalize {
            if sum == 0.0 {
                return Err(AnalysisError::Invalid(
                    "the weights sum to 0: they cannot be normalised".into(),
                ));
            }
            for (_, w) in &mut pairs {
                *w /= sum;
            }
        } else if (sum - 1.0).abs() > 1e-6 {
            return Err(AnalysisError::Invalid(format!(
                "the weights sum to {sum}, not 1: correct them or add --normalize to divide them by their sum"
            )));
        }
        Ok(IndexDefinition {
            name: name.to_owned(),
            weights: pairs,
            standardize,
        })
    }

    /// "0.35 × likes + 0.65 × comments (min–max standardised)".
    pub fn formula(&self) -> String {
        let terms: Vec<String> = self
            .weights
            .iter()
            .map(|(f, w)| format!("{} × {f}", crate::model::format_number(*w)))
            .collect();
        format!("{} ({})", terms.join(" + "), self.standardize.label())
    }

    /// The index of every unit.
    pub fn compute(&self, table: &Table) -> Result<Computed> {
        let n = table.len();
        let mut sums: Vec<Option<f64>> = vec![Some(0.0); n];
        for (field, weight) in &self.weights {
            let values: Vec<Option<f64>> = table.raw(field).cloned().ok_or_else(|| {
                AnalysisError::Invalid(format!(
                    "index '{}' uses '{field}', which no unit has any more",
                    self.name
                ))
            })?;
            let valid: Vec<f64> = values.iter().flatten().copied().collect();
            let scale: Box<dyn Fn(f64) -> f64> = match self.standardize {
                Standardize::None => Box::new(|x| x),
                Standardize::Minmax => {
                    let min = valid.iter().copied().fold(f64::INFINITY, f64::min);
                    let max = valid.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    // Also refuses an empty field (min = +inf, max = -inf).
                    if max.partial_cmp(&min) != Some(std::cmp::Ordering::Greater) {
                        return Err(AnalysisError::Invalid(format!(
                            "'{field}' has no spread (every value is the same): it cannot be min–max standardised"
                        )));
                    }
                    Box::new(move |x| (x - min) / (max - min))
                }
                Standardize::Z => {
                    let summary = crate::stats::numeric::summary(&valid);
                    match (summary.mean, summary.sd) {
                        (Some(mean), Some(sd)) if sd > 0.0 => Box::new(move |x| (x - mean) / sd),
                        _ => {
                            return Err(AnalysisError::Invalid(format!(
                                "'{field}' has no spread (SD 0 or fewer than 2 values): it cannot be z-standardised"
                            )));
                        }
                    }
                }
            };
            for (sum, value) in sums.iter_mut().zip(&values) {
                *sum = match (*sum, value) {
                    (Some(s), Some(v)) => Some(s + weight * scale(*v)),
                    _ => None,
                };
            }
        }
        let excluded = sums.iter().filter(|s| s.is_none()).count();
        Ok(Computed {
            values: sums,
            excluded,
        })
    }
}

/// The indices defined in a project.
pub fn stored(project: &Project) -> Result<Vec<IndexDefinition>> {
    project
        .derived_fields()?
        .into_iter()
        .map(|(name, json)| {
            serde_json::from_str(&json).map_err(|e| {
                AnalysisError::Invalid(format!(
                    "the stored definition of index '{name}' cannot be read: {e}"
                ))
            })
        })
        .collect()
}

/// Saves an index's definition in the project (replacing one of the same name).
pub fn save(project: &mut Project, definition: &IndexDefinition, actor: &str) -> Result<()> {
    let json =
        serde_json::to_string(definition).map_err(|e| AnalysisError::Invalid(e.to_string()))?;
    project.set_derived_field(&definition.name, &json, actor)?;
    Ok(())
}
