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

/// Columns of every unit in study order, read in one pass.
pub struct UnitColumns {
    /// Empty unless asked for.
    pub uids: Vec<String>,
    pub rows: usize,
    /// In the order asked for.
    pub numeric: Vec<Vec<Option<f64>>>,
    pub text: Vec<Vec<Option<String>>>,
}

/// The SQL expression of a field: its column, or its value in the extra JSON.
fn expression(field: &str, columns: &[&str]) -> Option<String> {
    if columns.contains(&field) || field == "uid" {
        return Some(field.to_owned());
    }
    if is_unit_table_column(field) {
        return None;
    }
    json_path(field).map(|path| format!("json_extract(extra, '{}')", path.replace('\'', "''")))
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
        // The first column is the id, or a constant when the ids are not wanted (100,000 strings
        // cost more than the numbers an analysis reads).
        let mut expressions = vec![if ids { "uid" } else { "NULL" }.to_owned()];
        for field in numeric {
            expressions.push(expression(field, &numeric_columns).unwrap_or_else(|| "NULL".into()));
        }
        for field in text {
            expressions.push(expression(field, &text_columns).unwrap_or_else(|| "NULL".into()));
        }
        let sql = format!(
            "SELECT {} FROM unit WHERE id NOT IN {} ORDER BY position",
            expressions.join(", "),
            super::TRAINING_ONLY_UNITS
        );
        let mut query = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = query.query([]).map_err(|e| self.err(e))?;
        let mut columns = UnitColumns {
            uids: Vec::new(),
            rows: 0,
            numeric: vec![Vec::new(); numeric.len()],
            text: vec![Vec::new(); text.len()],
        };
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            columns.rows += 1;
            if ids {
                columns.uids.push(row.get(0).map_err(|e| self.err(e))?);
            }
            for (i, column) in columns.numeric.iter_mut().enumerate() {
                column.push(number(row.get(1 + i).map_err(|e| self.err(e))?));
            }
            for (i, column) in columns.text.iter_mut().enumerate() {
                let value: Value = row.get(1 + numeric.len() + i).map_err(|e| self.err(e))?;
                column.push(match value {
                    Value::Text(t) => Some(t),
                    Value::Integer(i) => Some(i.to_string()),
                    Value::Real(r) => Some(format_number(r)),
                    _ => None,
                });
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
