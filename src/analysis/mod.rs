//! Analysis of the units' numeric fields: descriptives, timelines, group comparisons,
//! correlations, composite indices and rankings. Fields are named as the data names them:
//! the canonical counts (`likes`, `plays` …), any numeric column kept at import, and composite
//! indices defined in the project. Coded variables of the final dataset (or one coder's codes)
//! and text fields of the units (account, platform, year) group the units. The statistics
//! themselves are pure functions in [`crate::stats::numeric`].

pub mod analyses;
pub mod index;
pub mod timeline;

pub use analyses::{
    Comparison, CorrelationPair, FieldSummary, GroupSummary, RankedUnit, compare, correlate,
    describe, rank,
};
pub use index::{IndexDefinition, Standardize};

use std::collections::{BTreeMap, BTreeSet};

use thiserror::Error;

use crate::model::{Answer, ExtraValue, Kind, Unit, UnitField};
use crate::results::{self, Source};
use crate::store::{Project, StoreError};

#[derive(Debug, Error)]
pub enum AnalysisError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no numeric field '{name}' (numeric fields: {available})")]
    UnknownField { name: String, available: String },
    #[error(
        "nothing to group by named '{name}': give a single-choice variable ({variables}) or a unit field (platform, account, year, or an imported text column)"
    )]
    UnknownGroup { name: String, variables: String },
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = AnalysisError> = std::result::Result<T, E>;

const NUMERIC: [UnitField; 6] = [
    UnitField::DurationS,
    UnitField::Plays,
    UnitField::Likes,
    UnitField::Comments,
    UnitField::Shares,
    UnitField::Favorites,
];

/// A study's units with their numeric fields, composite indices included.
pub struct Table {
    pub units: Vec<Unit>,
    pub indices: Vec<IndexDefinition>,
    /// Computed values of each index, per unit in study order.
    index_values: BTreeMap<String, Vec<Option<f64>>>,
}

impl Table {
    pub fn load(project: &Project) -> Result<Table> {
        let units = project.units()?;
        let indices = index::stored(project)?;
        let mut table = Table {
            units,
            indices: Vec::new(),
            index_values: BTreeMap::new(),
        };
        for definition in indices {
            let values = definition.compute(&table)?.values;
            table.index_values.insert(definition.name.clone(), values);
            table.indices.push(definition);
        }
        Ok(table)
    }

    /// The numeric fields with at least one value, canonical ones first.
    pub fn numeric_fields(&self) -> Vec<String> {
        let mut fields: Vec<String> = NUMERIC
            .iter()
            .map(|f| f.name().to_owned())
            .filter(|name| self.units.iter().any(|u| u.number(name).is_some()))
            .collect();
        let extra: BTreeSet<&String> = self
            .units
            .iter()
            .flat_map(|u| u.extra.iter())
            .filter(|(_, v)| matches!(v, ExtraValue::Number(_)))
            .map(|(k, _)| k)
            .collect();
        fields.extend(extra.into_iter().cloned());
        fields.extend(self.index_values.keys().cloned());
        fields
    }

    /// A numeric field's value for every unit, in study order.
    pub fn values(&self, field: &str) -> Result<Vec<Option<f64>>> {
        if let Some(values) = self.index_values.get(field) {
            return Ok(values.clone());
        }
        let known = NUMERIC.iter().any(|f| f.name() == field)
            || self
                .units
                .iter()
                .any(|u| matches!(u.extra.get(field), Some(ExtraValue::Number(_))));
        if !known {
            return Err(AnalysisError::UnknownField {
                name: field.to_owned(),
                available: self.numeric_fields().join(", "),
            });
        }
        Ok(self.units.iter().map(|u| u.number(field)).collect())
    }
}

/// What a grouping names: a coded variable's categories, or a unit field's text.
pub struct Groups {
    pub by: String,
    /// Each unit's group, in study order (`None`: no value).
    pub labels: Vec<Option<String>>,
    /// The groups in their natural order (codebook order for variables, else by name).
    pub order: Vec<String>,
}

/// Groups the units by a single-choice variable of `source`, or by a unit field (`year` is the
/// year of `published_at`).
pub fn groups(project: &Project, table: &Table, by: &str, source: &Source) -> Result<Groups> {
    let codebook = project.codebook()?;
    if let Some(variable) = codebook.variable(by) {
        if variable.kind != Kind::Single {
            return Err(AnalysisError::Invalid(format!(
                "'{by}' is a {} variable: only single-choice variables group units (a unit would be in several groups)",
                variable.kind
            )));
        }
        let dataset = results::dataset(project, source)?;
        let label = |code: i64| {
            variable
                .value(code)
                .map_or(code.to_string(), |v| format!("{} {}", v.code, v.label))
        };
        let labels = table
            .units
            .iter()
            .map(
                |u| match dataset.values.get(&(u.uid.clone(), by.to_owned())) {
                    Some(Answer::Code(code)) => Some(label(*code)),
                    _ => None,
                },
            )
            .collect();
        let order = variable.values.iter().map(|v| label(v.code)).collect();
        return Ok(Groups {
            by: by.to_owned(),
            labels,
            order,
        });
    }
    let field = if by == "year" { "published_at" } else { by };
    let labels: Vec<Option<String>> = table
        .units
        .iter()
        .map(|u| crate::assign::field_text(u, field))
        .collect();
    if labels.iter().all(Option::is_none) {
        let variables: Vec<&str> = codebook
            .variables
            .iter()
            .filter(|v| v.kind == Kind::Single)
            .map(|v| v.key.as_str())
            .collect();
        return Err(AnalysisError::UnknownGroup {
            name: by.to_owned(),
            variables: variables.join(", "),
        });
    }
    let order: BTreeSet<String> = labels.iter().flatten().cloned().collect();
    Ok(Groups {
        by: by.to_owned(),
        labels,
        order: order.into_iter().collect(),
    })
}
