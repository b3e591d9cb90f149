//! A replica: a private project file holding a copy of a study that lives elsewhere (a
//! PostgreSQL server), on which every command of the store works unchanged. What those commands
//! change is recorded row by row — the row as it was first, and which row — so that exactly
//! those changes can be carried to the study's home, each checked against what is there.
//!
//! Recording is done by temporary triggers on the replica's study tables: they live only on this
//! connection, never in a file anyone else opens.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite::types::Value;

use super::tables::{Cell, STUDY_TABLES, TableRows, columns_of};
use super::{Durability, Project, Result, StoreError, sqlite_error};

/// One row the replica changed since the changes were last taken: its table and columns, the
/// row as it was before the first change (`None`: it did not exist) and as it is now (`None`:
/// deleted).
#[derive(Debug, Clone, PartialEq)]
pub struct RowChange {
    pub table: &'static str,
    pub columns: Vec<String>,
    pub key_columns: Vec<String>,
    pub before: Option<Vec<Cell>>,
    pub after: Option<Vec<Cell>>,
}

impl RowChange {
    /// The value of a column in the row as it is now (or was, for a deleted row).
    pub fn key_values(&self) -> Vec<Cell> {
        let row = self.after.as_ref().or(self.before.as_ref());
        self.key_columns
            .iter()
            .map(|key| {
                let at = self.columns.iter().position(|c| c == key);
                match (row, at) {
                    (Some(row), Some(at)) => row[at].clone(),
                    _ => Cell::Null,
                }
            })
            .collect()
    }
}

/// The primary-key columns of a table, in key order.
fn key_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement =
        conn.prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")?;
    statement.query_map([table], |row| row.get(0))?.collect()
}

/// `json_array(PREFIX.a, PREFIX.b, …)` over `columns`.
fn json_row(prefix: &str, columns: &[String]) -> String {
    let cells: Vec<String> = columns
        .iter()
        .map(|c| format!("{prefix}.\"{c}\""))
        .collect();
    format!("json_array({})", cells.join(", "))
}

/// Creates the temporary triggers that record changed rows in `temp.replica_touched`. The first
/// touch of a row keeps its original content; later touches only confirm it was touched.
fn install_recording(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE replica_touched (
             seq    INTEGER PRIMARY KEY,
             tbl    TEXT NOT NULL,
             pk     TEXT NOT NULL,
             before TEXT,
             UNIQUE (tbl, pk)
         );",
    )?;
    for table in STUDY_TABLES {
        let columns = columns_of(conn, table)?;
        let keys = key_columns(conn, table)?;
        let (new_key, old_key) = (json_row("NEW", &keys), json_row("OLD", &keys));
        let old_row = json_row("OLD", &columns);
        // The table names are this module's constants, the column names the schema's own.
        // Not `INSERT OR IGNORE`: an outer statement's own conflict clause (an upsert) would
        // override it inside the trigger.
        let record = |key: &str, before: &str| {
            format!(
                "INSERT INTO replica_touched (tbl, pk, before) SELECT '{table}', {key}, {before}
                 WHERE NOT EXISTS (SELECT 1 FROM replica_touched WHERE tbl = '{table}' AND pk = {key});"
            )
        };
        // The table names are this module's constants, the column names the schema's own.
        conn.execute_batch(&format!(
            "CREATE TEMP TRIGGER replica_{table}_insert AFTER INSERT ON main.{table} BEGIN
                 {insert_new}
             END;
             CREATE TEMP TRIGGER replica_{table}_update AFTER UPDATE ON main.{table} BEGIN
                 {update_old}
                 {insert_new}
             END;
             CREATE TEMP TRIGGER replica_{table}_delete AFTER DELETE ON main.{table} BEGIN
                 {update_old}
             END;",
            insert_new = record(&new_key, "NULL"),
            update_old = record(&old_key, &old_row),
        ))?;
    }
    Ok(())
}

fn cell_of_json(value: &serde_json::Value) -> Cell {
    match value {
        serde_json::Value::Null => Cell::Null,
        serde_json::Value::Bool(b) => Cell::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) if !n.is_f64() => Cell::Integer(i),
            _ => Cell::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Cell::Text(s.clone()),
        other => Cell::Text(other.to_string()),
    }
}

fn cells_of_json(text: &str) -> Option<Vec<Cell>> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) => Some(items.iter().map(cell_of_json).collect()),
        _ => None,
    }
}

fn value_of(cell: &Cell) -> Value {
    match cell {
        Cell::Null => Value::Null,
        Cell::Integer(n) => Value::Integer(*n),
        Cell::Real(x) => Value::Real(*x),
        Cell::Text(t) => Value::Text(t.clone()),
    }
}

impl Project {
    /// A replica holding `tables`, in a private folder removed when it is dropped. Media paths
    /// are relative to `media_base`. Changes made to it are recorded (see [`Project::take_changes`]).
    pub fn replica(tables: &[TableRows], media_base: Option<PathBuf>) -> Result<Project> {
        let dir = tempfile::Builder::new()
            .prefix("codingdesk-replica-")
            .tempdir()
            .map_err(|e| StoreError::Io {
                file: std::env::temp_dir().display().to_string(),
                source: e,
            })?;
        let path = dir.path().join("study.cdesk");
        let mut project = Project::fill_from_rows(&path, tables, Durability::Cache)?;
        install_recording(&project.conn).map_err(|e| sqlite_error(&path, e))?;
        project.media_base = media_base;
        project.replica_dir = Some(dir);
        Ok(project)
    }

    /// Whether this is a replica of a study that lives elsewhere.
    pub fn is_replica(&self) -> bool {
        self.replica_dir.is_some()
    }

    /// The rows changed since the last call, in the order they were first changed, and forgets
    /// them. Empty for a project file that is not a replica.
    pub fn take_changes(&mut self) -> Result<Vec<RowChange>> {
        if !self.is_replica() {
            return Ok(Vec::new());
        }
        let path = self.path.clone();
        let fail = |e| sqlite_error(&path, e);
        let touched: Vec<(String, String, Option<String>)> = {
            let mut statement = self
                .conn
                .prepare("SELECT tbl, pk, before FROM replica_touched ORDER BY seq")
                .map_err(fail)?;
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(fail)?
        };
        let mut changes = Vec::with_capacity(touched.len());
        for (table, key, before) in touched {
            let Some(table) = STUDY_TABLES.iter().copied().find(|t| *t == table) else {
                continue;
            };
            let columns = columns_of(&self.conn, table).map_err(fail)?;
            let key_columns = key_columns(&self.conn, table).map_err(fail)?;
            let key_cells = cells_of_json(&key).unwrap_or_default();
            let after = self
                .row_by_key(table, &columns, &key_columns, &key_cells)
                .map_err(fail)?;
            let before = before.as_deref().and_then(cells_of_json);
            if before == after {
                continue;
            }
            changes.push(RowChange {
                table,
                columns,
                key_columns,
                before,
                after,
            });
        }
        self.conn
            .execute("DELETE FROM replica_touched", [])
            .map_err(fail)?;
        Ok(changes)
    }

    fn row_by_key(
        &self,
        table: &str,
        columns: &[String],
        keys: &[String],
        key_cells: &[Cell],
    ) -> rusqlite::Result<Option<Vec<Cell>>> {
        let condition: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| format!("\"{k}\" IS ?{}", i + 1))
            .collect();
        let sql = format!("SELECT * FROM {table} WHERE {}", condition.join(" AND "));
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows =
            statement.query(rusqlite::params_from_iter(key_cells.iter().map(value_of)))?;
        match rows.next()? {
            Some(row) => Ok(Some(
                (0..columns.len())
                    .map(|i| {
                        Ok(match row.get_ref(i)? {
                            rusqlite::types::ValueRef::Null => Cell::Null,
                            rusqlite::types::ValueRef::Integer(n) => Cell::Integer(n),
                            rusqlite::types::ValueRef::Real(x) => Cell::Real(x),
                            rusqlite::types::ValueRef::Text(t)
                            | rusqlite::types::ValueRef::Blob(t) => {
                                Cell::Text(String::from_utf8_lossy(t).into_owned())
                            }
                        })
                    })
                    .collect::<rusqlite::Result<Vec<Cell>>>()?,
            )),
            None => Ok(None),
        }
    }
}

/// Where a replica's media are: `base` if given, else the current folder.
pub fn media_base_or_current(base: Option<&Path>) -> PathBuf {
    base.map_or_else(|| PathBuf::from("."), Path::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::preset;
    use crate::model::Answer;

    #[test]
    fn a_replica_records_what_a_command_changed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
        let mut home = Project::create(&dir.path().join("home.cdesk"), "家", &codebook).unwrap();
        home.ensure_coder("Li Na", "test").unwrap();
        let units: Vec<crate::model::Unit> = ["u1", "u2", "u3"]
            .iter()
            .map(|uid| crate::model::Unit {
                uid: uid.to_string(),
                ..Default::default()
            })
            .collect();
        home.upsert_units(&units, "test").unwrap();
        let rows = home.table_rows().unwrap();
        let mut replica = Project::replica(&rows, Some(dir.path().to_owned())).unwrap();
        assert!(replica.is_replica() && !home.is_replica());
        assert_eq!(replica.base_dir(), dir.path());
        assert!(replica.take_changes().unwrap().is_empty());

        replica
            .set_answer_if("u1", "Li Na", ("theme", None, Some(&Answer::Code(2))), &[])
            .unwrap();
        let changes = replica.take_changes().unwrap();
        let tables: Vec<&str> = changes.iter().map(|c| c.table).collect();
        assert_eq!(tables, ["coding", "change_log"]);
        assert!(
            changes
                .iter()
                .all(|c| c.before.is_none() && c.after.is_some())
        );
        assert!(replica.take_changes().unwrap().is_empty(), "taken once");

        // A change and its undo within one batch cancel out.
        replica
            .set_answer_if(
                "u1",
                "Li Na",
                ("theme", Some(&Answer::Code(2)), Some(&Answer::Code(3))),
                &[],
            )
            .unwrap();
        let changes = replica.take_changes().unwrap();
        let coding = changes.iter().find(|c| c.table == "coding").unwrap();
        let code_at = coding.columns.iter().position(|c| c == "code").unwrap();
        assert_eq!(coding.before.as_ref().unwrap()[code_at], Cell::Integer(2));
        assert_eq!(coding.after.as_ref().unwrap()[code_at], Cell::Integer(3));
        assert_eq!(coding.key_columns, ["unit_id", "coder_id", "variable_id"]);

        replica
            .set_answer_if("u1", "Li Na", ("theme", Some(&Answer::Code(3)), None), &[])
            .unwrap();
        let deleted = replica.take_changes().unwrap();
        let coding = deleted.iter().find(|c| c.table == "coding").unwrap();
        assert!(coding.after.is_none() && coding.before.is_some());

        // The replica's folder goes with it.
        let folder = replica.path().parent().unwrap().to_owned();
        drop(replica);
        assert!(!folder.exists());
    }
}
