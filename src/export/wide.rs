//! The wide table: one row per unit, one column per variable (or per multi-select value), the
//! units' own fields first. Written as a CSV here; the SPSS exports and the XLSX data sheet are
//! built from the same columns.

use std::path::Path;

use crate::i18n::Lang;
use crate::model::{Answer, Codebook, Kind, Unit, Variable, format_number};
use crate::results::Dataset;
use crate::store::{Project, StoreError};

use super::{ExportError, csv_error, csv_writer};

/// A column of the wide table.
pub(super) struct Column {
    pub(super) name: String,
    pub(super) label: String,
    pub(super) variable: Option<Variable>,
    /// For a multi-select value column: the value's code.
    pub(super) code: Option<i64>,
    /// Whose codes (`None`: the dataset's).
    pub(super) coder: Option<usize>,
    /// A composite index: its value per unit, in study order.
    pub(super) values: Option<Vec<Option<f64>>>,
    /// An imported column the units keep as an extra field (`gdp`, follower counts): its key,
    /// and whether every value is a number.
    pub(super) extra: Option<(String, bool)>,
}

impl Column {
    /// Whether the column holds text (kept as text in XLSX, `A` format in SPSS).
    pub(super) fn is_text(&self) -> bool {
        match (&self.extra, &self.variable) {
            (Some((_, numeric)), _) => !numeric,
            (None, Some(variable)) => variable.kind == Kind::Text,
            (None, None) => false,
        }
    }
}

/// Columns for the extra fields the units hold, in alphabetical order of their names. A name
/// that another column has already (a unit field, a variable key) gets `_extra` added.
fn extra_columns(units: &[Unit], taken: &[String]) -> Vec<Column> {
    // A map, not a list searched per key: 10,000 imported columns made this quadratic (issue 29).
    let mut keys: std::collections::BTreeMap<&str, bool> = std::collections::BTreeMap::new();
    for unit in units {
        for (key, value) in &unit.extra {
            let numeric = matches!(value, crate::model::ExtraValue::Number(_));
            *keys.entry(key.as_str()).or_insert(true) &= numeric;
        }
    }
    let taken: std::collections::HashSet<&str> = taken.iter().map(String::as_str).collect();
    keys.into_iter()
        .map(|(key, numeric)| (key.to_owned(), numeric))
        .map(|(key, numeric)| {
            let name = if taken.contains(key.as_str()) || UNIT_COLUMNS.contains(&key.as_str()) {
                format!("{key}_extra")
            } else {
                key.clone()
            };
            Column {
                name,
                label: format!("{key} (imported)"),
                variable: None,
                code: None,
                coder: None,
                values: None,
                extra: Some((key, numeric)),
            }
        })
        .collect()
}

pub(super) const UNIT_COLUMNS: [&str; 13] = [
    "unit",
    "platform",
    "url",
    "account",
    "published_at",
    "title",
    "caption",
    "duration_s",
    "plays",
    "likes",
    "comments",
    "shares",
    "favorites",
];

/// The unit columns' names, with `_meta` added where a coded variable has the same name (the
/// pre-filled `likes` of tiktok-six, say): column names must be unique for SPSS and R.
pub(super) fn unit_column_names(columns: &[Column]) -> Vec<String> {
    UNIT_COLUMNS
        .iter()
        .map(|name| {
            if columns.iter().any(|c| c.name == *name) {
                format!("{name}_meta")
            } else {
                (*name).to_owned()
            }
        })
        .collect()
}

fn unit_cells(unit: &Unit) -> Vec<String> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let count = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    vec![
        unit.uid.clone(),
        text(&unit.platform),
        text(&unit.url),
        text(&unit.account),
        text(&unit.published_at),
        text(&unit.title),
        text(&unit.caption),
        unit.duration_s.map(format_number).unwrap_or_default(),
        count(unit.plays),
        count(unit.likes),
        count(unit.comments),
        count(unit.shares),
        count(unit.favorites),
    ]
}

pub(super) fn columns(codebook: &Codebook, coders: &[String]) -> Vec<Column> {
    let mut columns = Vec::new();
    let suffixes: Vec<(Option<usize>, String)> = if coders.is_empty() {
        vec![(None, String::new())]
    } else {
        // `theme__Li_Na`: the coder's name in the column, as docs/exports.md says (it was
        // `theme_c1`, which named nobody); a name two coders would share gets their place.
        let tokens: Vec<String> = coders
            .iter()
            .map(|name| {
                name.trim()
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '_' })
                    .collect()
            })
            .collect();
        tokens
            .iter()
            .enumerate()
            .map(|(i, token)| {
                let shared = tokens.iter().filter(|t| *t == token).count() > 1;
                let suffix = if shared {
                    format!("__{token}_{}", i + 1)
                } else {
                    format!("__{token}")
                };
                (Some(i), suffix)
            })
            .collect()
    };
    for variable in &codebook.variables {
        for (coder, suffix) in &suffixes {
            let whose = coder.map_or(String::new(), |i| format!(" ({})", coders[i]));
            if variable.kind == Kind::Multi {
                for value in &variable.values {
                    columns.push(Column {
                        name: format!("{}_{}{suffix}", variable.key, value.code),
                        label: format!("{}: {}{whose}", variable.label, value.label),
                        variable: Some(variable.clone()),
                        code: Some(value.code),
                        coder: *coder,
                        values: None,
                        extra: None,
                    });
                }
            } else {
                columns.push(Column {
                    name: format!("{}{suffix}", variable.key),
                    label: format!("{}{whose}", variable.label),
                    variable: Some(variable.clone()),
                    code: None,
                    coder: *coder,
                    values: None,
                    extra: None,
                });
            }
        }
    }
    columns
}

pub(super) fn cell(answer: Option<&Answer>, code: Option<i64>) -> String {
    match (answer, code) {
        (None, _) => String::new(),
        (Some(Answer::Codes(codes)), Some(code)) => u8::from(codes.contains(&code)).to_string(),
        (Some(answer), _) => answer.to_plain(),
    }
}

/// The wide table in memory: column names, rows, and the coded columns (for SPSS syntax).
pub(super) struct Wide {
    pub(super) header: Vec<String>,
    pub(super) rows: Vec<Vec<String>>,
    pub(super) columns: Vec<Column>,
}

/// One row per unit: its fields, then one column per variable (the final dataset), or per
/// variable × coder when coders are named; multi-select variables as one 0/1 column per value.
pub(super) fn wide(
    project: &Project,
    dataset: &Dataset,
    coders: &[String],
    lang: Lang,
) -> Result<Wide, ExportError> {
    // Labels in the chosen language where the codebook has it; keys and codes are the same.
    let codebook = project.codebook()?.localized(lang);
    let by_coder: Vec<Dataset> = coders
        .iter()
        .map(|c| crate::results::coder_dataset(project, c))
        .collect::<Result<_, _>>()?;
    let mut columns = columns(&codebook, coders);
    // Composite indices go last: derived fields, exported like any other.
    let index_names: Vec<String> = crate::analysis::index::stored(project)
        .map_err(|e| ExportError::Store(StoreError::Invalid(e.to_string())))?
        .into_iter()
        .map(|d| d.name)
        .collect();
    let table = crate::analysis::Table::load_with(project, false, Some(&index_names), &[])
        .map_err(|e| match e {
            crate::analysis::AnalysisError::Store(e) => ExportError::Store(e),
            other => ExportError::Store(StoreError::Invalid(other.to_string())),
        })?;
    for definition in &table.indices {
        columns.push(Column {
            name: definition.name.clone(),
            // The index's name and how it is made: SPSS shows the label, and a name that is not
            // an SPSS name is hashed.
            label: format!("{} = {}", definition.name, definition.formula()),
            variable: None,
            code: None,
            coder: None,
            values: table.values(&definition.name).ok(),
            extra: None,
        });
    }
    // Imported extra fields come right after the unit's own fields.
    let units = project.units()?;
    let taken: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
    let mut extras = extra_columns(&units, &taken);
    extras.append(&mut columns);
    let columns = extras;
    let header: Vec<String> = unit_column_names(&columns)
        .into_iter()
        .chain(columns.iter().map(|c| c.name.clone()))
        .collect();
    let mut rows = Vec::new();
    for (index, unit) in units.iter().enumerate() {
        let mut row = unit_cells(unit);
        for column in &columns {
            if let Some((key, _)) = &column.extra {
                row.push(match unit.extra.get(key) {
                    Some(crate::model::ExtraValue::Number(number)) => format_number(*number),
                    Some(crate::model::ExtraValue::Text(text)) => text.clone(),
                    None => String::new(),
                });
                continue;
            }
            if let Some(values) = &column.values {
                row.push(values[index].map(|v| v.to_string()).unwrap_or_default());
                continue;
            }
            let source = column.coder.map_or(dataset, |i| &by_coder[i]);
            let answer = column
                .variable
                .as_ref()
                .and_then(|v| source.get(&unit.uid, &v.key));
            row.push(cell(answer, column.code));
        }
        rows.push(row);
    }
    Ok(Wide {
        header,
        rows,
        columns,
    })
}

fn wide_table(
    project: &Project,
    path: &Path,
    dataset: &Dataset,
    coders: &[String],
    bom: bool,
    lang: Lang,
) -> Result<Vec<Column>, ExportError> {
    let table = wide(project, dataset, coders, lang)?;
    let mut out = csv_writer(path, bom)?;
    out.write_record(&table.header).map_err(csv_error(path))?;
    for row in &table.rows {
        out.write_record(row).map_err(csv_error(path))?;
    }
    out.flush().map_err(|source| ExportError::Write {
        file: path.display().to_string(),
        source,
    })?;
    Ok(table.columns)
}

pub fn wide_csv(
    project: &Project,
    path: &Path,
    coders: &[String],
    lang: Lang,
) -> Result<(), ExportError> {
    let dataset = crate::results::final_dataset(project)?;
    wide_table(project, path, &dataset, coders, true, lang).map(|_| ())
}
