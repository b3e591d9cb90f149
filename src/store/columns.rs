//! Single columns of the units, in study order, for analyses over many units: reading only
//! what an analysis uses (and letting SQLite pick numbers out of the extra JSON) is many times
//! faster than building every unit.

use rusqlite::types::Value;

use super::{Project, Result};
use crate::model::format_number;

const NUMERIC_COLUMNS: [&str; 6] = [
    "duration_s",
    "plays",
    "likes",
    "comments",
    "shares",
    "favorites",
];
const TEXT_COLUMNS: [&str; 5] = ["platform", "url", "account", "published_at", "title"];

/// Whether a name is a column of the `unit` table. Any other name is looked up among the imported
/// extra fields, so an extra field called `media` or `id` (a "media communication" sub-index,
/// say) is found even though those are also names of canonical fields kept elsewhere.
fn is_unit_table_column(field: &str) -> bool {
    const OTHER_COLUMNS: [&str; 7] = [
        "id",
        "uid",
        "caption",
        "extra",
        "position",
        "imported_at",
        "updated_at",
    ];
    NUMERIC_COLUMNS.contains(&field)
        || TEXT_COLUMNS.contains(&field)
        || OTHER_COLUMNS.contains(&field)
}

/// The JSON path of an extra field, or `None` for a name SQLite's paths cannot spell.
fn json_path(field: &str) -> Option<String> {
    (!field.contains('"') && !field.contains('\\')).then(|| format!("$.\"{field}\""))
}

fn number(value: Value) -> Option<f64> {
    match value {
        Value::Integer(i) => Some(i as f64),
        Value::Real(r) if r.is_finite() => Some(r),
        _ => None,
    }
}

/// Up to this many extra fields are picked out of the JSON by SQLite; more are parsed here.
const EXTRA_FIELDS_IN_SQL: usize = 16;

/// How a wanted field is read.
enum Source {
    /// A column of the `unit` table.
    Column(String),
    /// An imported extra field, by its JSON path.
    Extra(String),
    /// A name no field can have: always empty.
    Nothing,
}

fn source(field: &str, columns: &[&str]) -> Source {
    if columns.contains(&field) || field == "uid" {
        return Source::Column(field.to_owned());
    }
    if is_unit_table_column(field) {
        return Source::Nothing;
    }
    json_path(field).map_or(Source::Nothing, Source::Extra)
}

/// The name of the `k`-th wanted field (numeric ones first, then text).
fn field_name<'a>(
    numeric: &'a [String],
    text: &'a [String],
    field: &(bool, usize, Source),
) -> &'a str {
    match field {
        (true, i, _) => &numeric[*i],
        (false, i, _) => &text[*i],
    }
}

/// A JSON value as SQLite's `json_extract` gives it.
fn sql_value(value: Option<&serde_json::Value>) -> Value {
    match value {
        Some(serde_json::Value::String(text)) => Value::Text(text.clone()),
        Some(serde_json::Value::Number(number)) => match number.as_i64() {
            Some(integer) => Value::Integer(integer),
            None => number.as_f64().map_or(Value::Null, Value::Real),
        },
        Some(serde_json::Value::Bool(flag)) => Value::Integer(i64::from(*flag)),
        _ => Value::Null,
    }
}

/// Columns of every unit in study order, read in one pass.
pub struct UnitColumns {
    /// Empty unless asked for.
    pub uids: Vec<String>,
    pub rows: usize,
    /// In the order asked for.
    pub numeric: Vec<Vec<Option<f64>>>,
    pub text: Vec<Vec<Option<String>>>,
}

impl Project {
    /// Whether a numeric field exists: a canonical count, or an extra column some unit has a
    /// number in.
    pub fn has_numeric_field(&self, field: &str) -> Result<bool> {
        if NUMERIC_COLUMNS.contains(&field) {
            return Ok(true);
        }
        let Some(path) = json_path(field) else {
            return Ok(false);
        };
        if is_unit_table_column(field) {
            return Ok(false);
        }
        let found: i64 = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM unit WHERE json_type(extra, ?1) IN ('integer', 'real'))",
                [&path],
                |row| row.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(found == 1)
    }

    /// The fields asked for (and the unit ids with `ids`), in one pass over the units. Numeric
    /// fields that hold text give `None`; text fields give numbers written as people read them.
    pub fn unit_columns(
        &self,
        ids: bool,
        numeric: &[String],
        text: &[String],
    ) -> Result<UnitColumns> {
        let numeric_columns: Vec<&str> = NUMERIC_COLUMNS.to_vec();
        let text_columns: Vec<&str> = TEXT_COLUMNS
            .iter()
            .chain(NUMERIC_COLUMNS.iter())
            .copied()
            .collect();
        let mut columns = UnitColumns {
            uids: Vec::new(),
            rows: 0,
            numeric: vec![Vec::new(); numeric.len()],
            text: vec![Vec::new(); text.len()],
        };
        // Each wanted field: where its values go (numeric or text, and which), and how it is
        // read — a column, an extra field, or nothing (a name that cannot be a field).
        let fields: Vec<(bool, usize, Source)> = numeric
            .iter()
            .enumerate()
            .map(|(i, field)| (true, i, source(field, &numeric_columns)))
            .chain(
                text.iter()
                    .enumerate()
                    .map(|(i, field)| (false, i, source(field, &text_columns))),
            )
            .collect();
        // SQLite finds a key in a JSON object by walking it: a few fields are fastest picked
        // there, but every field of 10,000 imported columns made that quadratic (88 s for 300
        // units) and passed SQLite's 2,000 columns per result. Beyond a few, the extra JSON is
        // read once per unit and parsed here.
        let extra_fields = fields
            .iter()
            .filter(|(_, _, source)| matches!(source, Source::Extra(_)))
            .count();
        let parse_here = extra_fields > EXTRA_FIELDS_IN_SQL;
        let mut expressions = vec![if ids { "uid" } else { "NULL" }.to_owned()];
        if parse_here {
            expressions.push("extra".to_owned());
        }
        let mut selected = Vec::new();
        for (k, (_, _, source)) in fields.iter().enumerate() {
            let sql = match source {
                Source::Column(column) => column.clone(),
                Source::Extra(path) if !parse_here => {
                    format!("json_extract(extra, '{}')", path.replace('\'', "''"))
                }
                Source::Extra(_) | Source::Nothing => continue,
            };
            selected.push((k, expressions.len()));
            expressions.push(sql);
        }
        let sql = format!(
            "SELECT {} FROM unit WHERE id NOT IN {} ORDER BY position",
            expressions.join(", "),
            super::TRAINING_ONLY_UNITS
        );
        let mut query = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = query.query([]).map_err(|e| self.err(e))?;
        let mut values: Vec<Value> = vec![Value::Null; fields.len()];
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            columns.rows += 1;
            if ids {
                columns.uids.push(row.get(0).map_err(|e| self.err(e))?);
            }
            values.fill(Value::Null);
            for &(k, at) in &selected {
                values[k] = row.get(at).map_err(|e| self.err(e))?;
            }
            if parse_here {
                let extra: Option<String> = row.get(1).map_err(|e| self.err(e))?;
                let object: serde_json::Map<String, serde_json::Value> = extra
                    .as_deref()
                    .and_then(|text| serde_json::from_str(text).ok())
                    .unwrap_or_default();
                for (k, (_, _, source)) in fields.iter().enumerate() {
                    if let Source::Extra(_) = source {
                        values[k] = sql_value(object.get(field_name(numeric, text, &fields[k])));
                    }
                }
            }
            for ((is_numeric, i, _), value) in fields.iter().zip(values.iter_mut()) {
                let value = std::mem::replace(value, Value::Null);
                if *is_numeric {
                    columns.numeric[*i].push(number(value));
                } else {
                    columns.text[*i].push(match value {
                        Value::Text(t) => Some(t),
                        Value::Integer(i) => Some(i.to_string()),
                        Value::Real(r) => Some(format_number(r)),
                        _ => None,
                    });
                }
            }
        }
        Ok(columns)
    }

    /// The numeric fields with at least one value: canonical counts first, then extra columns.
    pub fn numeric_field_names(&self) -> Result<Vec<String>> {
        let mut names = Vec::new();
        for column in NUMERIC_COLUMNS {
            let any: i64 = self
                .conn
                .query_row(
                    &format!("SELECT EXISTS (SELECT 1 FROM unit WHERE {column} IS NOT NULL)"),
                    [],
                    |row| row.get(0),
                )
                .map_err(|e| self.err(e))?;
            if any == 1 {
                names.push(column.to_owned());
            }
        }
        let mut query = self
            .conn
            .prepare(
                "SELECT DISTINCT j.key FROM unit, json_each(unit.extra) j
                 WHERE j.type IN ('integer', 'real') ORDER BY j.key",
            )
            .map_err(|e| self.err(e))?;
        let extra = query
            .query_map([], |row| row.get::<_, String>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        names.extend(extra);
        Ok(names)
    }
}
