//! Analysis of the units' numeric fields: descriptives, timelines, group comparisons,
//! correlations, composite indices and rankings. Fields are named as the data names them:
//! the canonical counts (`likes`, `plays` …), any numeric column kept at import, and composite
//! indices defined in the project. Coded variables of the final dataset (or one coder's codes)
//! and text fields of the units (account, platform, year) group the units. The statistics
//! themselves are pure functions in [`crate::stats::numeric`].

pub mod analyses;
pub mod index;
pub mod items;
pub mod timeline;

pub use analyses::{
    Comparison, CorrelationPair, FieldSummary, GroupSummary, RankedUnit, compare, correlate,
    describe, rank,
};
pub use index::{IndexDefinition, Standardize};

use std::collections::{BTreeMap, BTreeSet};

use thiserror::Error;

use crate::model::{Answer, Kind};
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

/// The units' fields an analysis reads, column by column in study order, composite indices
/// included. Only the columns asked for are read: that keeps analyses of 100,000 units fast.
pub struct Table {
    /// Unit ids in study order (empty when the analysis did not ask for them).
    pub uids: Vec<String>,
    rows: usize,
    pub indices: Vec<IndexDefinition>,
    numeric: BTreeMap<String, Vec<Option<f64>>>,
    text: BTreeMap<String, Vec<Option<String>>>,
    /// The study's numeric fields (indices not included), when every one was read.
    available: Vec<String>,
}

/// The text fields the window groups by.
const USUAL_TEXT: [&str; 3] = ["account", "platform", "published_at"];

impl Table {
    /// Every numeric field and index, and the usual text fields (account, platform,
    /// published_at): what the window's Analysis tab offers.
    pub fn load(project: &Project) -> Result<Table> {
        Self::load_with(project, true, None, &USUAL_TEXT)
    }

    /// The numeric fields named (every one with `None`), indices computed from their fields,
    /// the text fields named, and with `ids` the unit ids (for ranking, and for grouping by a
    /// coded variable). A numeric name that is neither a field nor an index is an error listing
    /// the available ones.
    pub fn load_with(
        project: &Project,
        ids: bool,
        numeric: Option<&[String]>,
        text: &[&str],
    ) -> Result<Table> {
        let indices = index::stored(project)?;
        let mut available = Vec::new();
        let wanted: Vec<String> = match numeric {
            None => {
                available = project.numeric_field_names()?;
                available.clone()
            }
            Some(names) => {
                let mut wanted: Vec<String> = Vec::new();
                for name in names {
                    let fields = match indices.iter().find(|d| &d.name == name) {
                        Some(definition) => {
                            definition.weights.iter().map(|(f, _)| f.clone()).collect()
                        }
                        None => vec![name.clone()],
                    };
                    for field in fields {
                        if wanted.contains(&field) {
                            continue;
                        }
                        if !project.has_numeric_field(&field)? {
                            let mut available = project.numeric_field_names()?;
                            available.extend(indices.iter().map(|d| d.name.clone()));
                            return Err(AnalysisError::UnknownField {
                                name: field,
                                available: available.join(", "),
                            });
                        }
                        wanted.push(field);
                    }
                }
                wanted
            }
        };
        let text: Vec<String> = text.iter().map(|t| (*t).to_owned()).collect();
        let columns = project.unit_columns(ids, &wanted, &text)?;
        let mut table = Table {
            uids: columns.uids,
            rows: columns.rows,
            indices: Vec::new(),
            numeric: wanted.into_iter().zip(columns.numeric).collect(),
            text: text
                .into_iter()
                .zip(columns.text)
                .filter(|(_, values)| values.iter().any(Option::is_some))
                .collect(),
            available,
        };
        for definition in indices {
            if numeric.is_none_or(|names| names.contains(&definition.name)) {
                let values = definition.compute(&table)?.values;
                table.numeric.insert(definition.name.clone(), values);
                table.indices.push(definition);
            }
        }
        Ok(table)
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The numeric fields with at least one value, canonical ones first, then indices.
    pub fn numeric_fields(&self) -> Vec<String> {
        let mut fields = if self.available.is_empty() {
            self.numeric
                .keys()
                .filter(|k| !self.indices.iter().any(|d| &d.name == *k))
                .cloned()
                .collect()
        } else {
            self.available.clone()
        };
        fields.extend(self.indices.iter().map(|d| d.name.clone()));
        fields
    }

    /// A numeric field's (or index's) value for every unit, in study order.
    pub fn values(&self, field: &str) -> Result<Vec<Option<f64>>> {
        self.numeric
            .get(field)
            .cloned()
            .ok_or_else(|| AnalysisError::UnknownField {
                name: field.to_owned(),
                available: self.numeric_fields().join(", "),
            })
    }

    /// A field's own values (not an index), if it was read.
    fn raw(&self, field: &str) -> Option<&Vec<Option<f64>>> {
        self.numeric.get(field)
    }

    /// A text field's values, if it was read and any unit has one.
    pub fn text(&self, field: &str) -> Option<&[Option<String>]> {
        self.text.get(field).map(Vec::as_slice)
    }
}

/// What a grouping names: a coded variable's categories, or a unit field's text.
pub struct Groups {
    pub by: String,
    /// What `by` is called where it is a coded variable: its label, with its translations.
    pub by_variable: Option<VariableName>,
    /// Each unit's group, in study order (`None`: no value).
    pub labels: Vec<Option<String>>,
    /// The groups in their natural order (codebook order for variables, else by name).
    pub order: Vec<String>,
}

/// A coded variable's label in the codebook's language and its translations: charts and tables
/// name a grouping by it, not by its key ("duration by Theme and focus", not "by theme").
#[derive(Debug, Clone, PartialEq)]
pub struct VariableName {
    pub label: String,
    pub translations: crate::model::Translations,
}

impl VariableName {
    pub fn of(variable: &crate::model::Variable) -> VariableName {
        VariableName {
            label: variable.label.clone(),
            translations: variable.translations.label.clone(),
        }
    }

    pub fn shown(&self, lang: crate::i18n::Lang) -> String {
        self.translations
            .get(lang.code())
            .cloned()
            .unwrap_or_else(|| self.label.clone())
    }
}

/// The name a grouping is shown by: a coded variable's label, else the unit field's.
pub fn group_name(by: &str, variable: Option<&VariableName>, lang: crate::i18n::Lang) -> String {
    match variable {
        Some(name) => name.shown(lang),
        None => crate::model::UnitField::label_of(by, lang),
    }
}

/// Groups the units by a single-choice variable of `source`, or by a unit field (`year` is the
/// year of `published_at`).
pub fn groups(project: &Project, table: &Table, by: &str, source: &Source) -> Result<Groups> {
    let codebook = project.codebook()?;
    let dataset = if codebook.variable(by).is_some() {
        results::dataset(project, source)?
    } else {
        results::Dataset::default()
    };
    groups_of(&codebook, &dataset, table, by)
}

/// Groups the units by a single-choice variable's values in `dataset`, or by a unit field.
pub fn groups_of(
    codebook: &crate::model::Codebook,
    dataset: &results::Dataset,
    table: &Table,
    by: &str,
) -> Result<Groups> {
    if let Some(variable) = codebook.variable(by) {
        if table.uids.len() != table.len() {
            return Err(AnalysisError::Invalid(format!(
                "grouping by the variable '{by}' needs the unit ids: load the table with them"
            )));
        }
        if variable.kind != Kind::Single {
            return Err(AnalysisError::Invalid(format!(
                "'{by}' is a {} variable: only single-choice variables group units (a unit would be in several groups)",
                variable.kind
            )));
        }
        let label = |code: i64| {
            variable
                .value(code)
                .map_or(code.to_string(), |v| format!("{} {}", v.code, v.label))
        };
        let labels = table
            .uids
            .iter()
            .map(|uid| match dataset.get(uid, by) {
                Some(Answer::Code(code)) => Some(label(*code)),
                _ => None,
            })
            .collect();
        let order = variable.values.iter().map(|v| label(v.code)).collect();
        return Ok(Groups {
            by: by.to_owned(),
            by_variable: Some(VariableName::of(variable)),
            labels,
            order,
        });
    }
    let labels: Vec<Option<String>> = match by {
        "year" => table
            .text("published_at")
            .map(|dates| {
                dates
                    .iter()
                    .map(|d| d.as_ref().map(|d| d.chars().take(4).collect()))
                    .collect()
            })
            .unwrap_or_default(),
        field => table.text(field).map(<[_]>::to_vec).unwrap_or_default(),
    };
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
        by_variable: None,
        labels,
        order: order.into_iter().collect(),
    })
}
