//! A study's tables as plain rows: what copying a study to another store (a PostgreSQL server)
//! and back needs, without either side seeing the other's SQL.

use std::path::Path;

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use super::{Durability, Project, Result, StoreError, begin, sqlite_error};

/// The tables that make up a study, parents before children (foreign keys hold at every insert).
/// `desk_open` (which window has a coder's desk open on this computer) is local and not copied.
pub const STUDY_TABLES: &[&str] = &[
    "study",
    "variable",
    "value",
    "unit",
    "media",
    "coder",
    "assignment",
    "coding",
    "unit_note",
    "final_value",
    "change_log",
    "derived_field",
    "report_item",
    "package",
    "merge_unmapped",
    "training_round",
    "training_unit",
    "coder_clearance",
];

/// One value of a row, as both stores can hold it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
}

impl rusqlite::ToSql for Cell {
    // Borrowed, not copied: a replica of 100,000 units binds a few million cells.
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::ToSqlOutput::Borrowed;
        Ok(match self {
            Cell::Null => Borrowed(ValueRef::Null),
            Cell::Integer(n) => Borrowed(ValueRef::Integer(*n)),
            Cell::Real(x) => Borrowed(ValueRef::Real(*x)),
            Cell::Text(t) => Borrowed(ValueRef::Text(t.as_bytes())),
        })
    }
}

/// A table's rows with their column names.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRows {
    pub table: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A row a store other than the file (a server study) holds but that the file would refuse:
/// left out of what is read, and reported, so that one bad row does not make the whole study
/// unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub table: &'static str,
    /// The row by its meaning: unit, coder and variable.
    pub row: String,
    pub reason: String,
}

impl std::fmt::Display for SetAside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.table, self.row, self.reason)
    }
}

/// Takes out of `tables` the answers (codes and adjudicated values) the file would refuse: not
/// exactly one of code, codes, number and text; codes that are not a JSON list of whole
/// numbers; a number that is not finite. Returns what it took out.
pub fn set_aside_bad_answers(tables: &mut [TableRows]) -> Vec<SetAside> {
    let names = |table: &str, key: &str, shown: &str| -> std::collections::HashMap<i64, String> {
        tables
            .iter()
            .find(|t| t.table == table)
            .and_then(|t| {
                let id = t.columns.iter().position(|c| c == "id")?;
                let name = t.columns.iter().position(|c| c == key)?;
                Some(
                    t.rows
                        .iter()
                        .filter_map(|row| match (&row[id], &row[name]) {
                            (Cell::Integer(id), Cell::Text(name)) => {
                                Some((*id, format!("{shown} {name}")))
                            }
                            _ => None,
                        })
                        .collect(),
                )
            })
            .unwrap_or_default()
    };
    let (units, coders, variables) = (
        names("unit", "uid", "unit"),
        names("coder", "name", "coder"),
        names("variable", "key", "variable"),
    );
    let mut set_aside = Vec::new();
    for rows in tables
        .iter_mut()
        .filter(|t| t.table == "coding" || t.table == "final_value")
    {
        let at = |name: &str| rows.columns.iter().position(|c| c == name);
        let (Some(code), Some(codes), Some(number), Some(text)) =
            (at("code"), at("codes"), at("number"), at("text"))
        else {
            continue;
        };
        let describe = |row: &[Cell]| -> String {
            let mut parts = Vec::new();
            for (column, known) in [
                ("unit_id", &units),
                ("coder_id", &coders),
                ("variable_id", &variables),
            ] {
                if let Some(i) = rows.columns.iter().position(|c| c == column) {
                    parts.push(match &row[i] {
                        Cell::Integer(id) => known
                            .get(id)
                            .cloned()
                            .unwrap_or_else(|| format!("{column} {id}")),
                        other => format!("{column} {other:?}"),
                    });
                }
            }
            parts.join(", ")
        };
        let table = rows.table;
        let mut kept = Vec::with_capacity(rows.rows.len());
        for row in std::mem::take(&mut rows.rows) {
            let filled = [code, codes, number, text]
                .iter()
                .filter(|&&i| row[i] != Cell::Null)
                .count();
            let reason = if filled != 1 {
                Some(format!("it holds {filled} answers where one belongs"))
            } else {
                match (&row[codes], &row[number]) {
                    (Cell::Text(list), _) if serde_json::from_str::<Vec<i64>>(list).is_err() => {
                        Some(format!(
                            "its codes '{list}' are not a list of whole numbers"
                        ))
                    }
                    (_, Cell::Real(x)) if !x.is_finite() => {
                        Some(format!("its number {x} is not a finite number"))
                    }
                    _ => None,
                }
            };
            match reason {
                Some(reason) => set_aside.push(SetAside {
                    table,
                    row: describe(&row),
                    reason,
                }),
                None => kept.push(row),
            }
        }
        rows.rows = kept;
    }
    set_aside
}

pub(super) fn columns_of(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    statement.query_map([table], |row| row.get(0))?.collect()
}

impl Project {
    /// Every study table's rows (in [`STUDY_TABLES`] order), read in one transaction so that they
    /// fit together.
    pub fn table_rows(&mut self) -> Result<Vec<TableRows>> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let mut tables = Vec::with_capacity(STUDY_TABLES.len());
        for table in STUDY_TABLES {
            let columns = columns_of(&tx, table).map_err(|e| sqlite_error(&path, e))?;
            // The table names are this module's constants, never input.
            let sql = format!("SELECT * FROM {table}");
            let mut statement = tx.prepare(&sql).map_err(|e| sqlite_error(&path, e))?;
            let rows = statement
                .query_map([], |row| {
                    (0..columns.len())
                        .map(|i| {
                            Ok(match row.get_ref(i)? {
                                ValueRef::Null => Cell::Null,
                                ValueRef::Integer(n) => Cell::Integer(n),
                                ValueRef::Real(x) => Cell::Real(x),
                                ValueRef::Text(t) | ValueRef::Blob(t) => {
                                    Cell::Text(String::from_utf8_lossy(t).into_owned())
                                }
                            })
                        })
                        .collect::<rusqlite::Result<Vec<Cell>>>()
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(|e| sqlite_error(&path, e))?;
            tables.push(TableRows {
                table,
                columns,
                rows,
            });
        }
        Ok(tables)
    }

    /// Writes a new project file holding exactly `tables`. A column the file's table does not
    /// have is an error ([`StoreError::ColumnNotInFile`]), never left out: a server leaves out
    /// its own columns before handing rows over. One transaction; a failure leaves no file
    /// behind.
    pub fn create_from_rows(path: &Path, tables: &[TableRows]) -> Result<Project> {
        Project::fill_from_rows(path, tables, Durability::Durable)
    }

    pub(super) fn fill_from_rows(
        path: &Path,
        tables: &[TableRows],
        durability: Durability,
    ) -> Result<Project> {
        // The fill runs inside the creating transaction, whose errors are SQLite's: a column not
        // in the file is noted here and said as itself afterwards.
        let mut not_in_file: Option<(&'static str, String)> = None;
        let created = Project::create_with(path, durability, |tx| {
            for table in tables {
                if !STUDY_TABLES.contains(&table.table) {
                    continue;
                }
                let here = columns_of(tx, table.table)?;
                if let Some(column) = table.columns.iter().find(|c| !here.contains(c)) {
                    not_in_file = Some((table.table, column.clone()));
                    return Err(rusqlite::Error::InvalidColumnName(column.clone()));
                }
                let names: Vec<&str> = table.columns.iter().map(String::as_str).collect();
                let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
                let sql = format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    table.table,
                    names.join(", "),
                    marks.join(", ")
                );
                let mut insert = tx.prepare(&sql)?;
                for row in &table.rows {
                    insert.execute(rusqlite::params_from_iter(row.iter()))?;
                }
            }
            Ok(())
        });
        match (created, not_in_file) {
            (Err(_), Some((table, column))) => Err(StoreError::ColumnNotInFile {
                file: path.display().to_string(),
                table,
                column,
            }),
            (created, _) => created,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::preset;

    #[test]
    fn rows_with_a_column_the_file_lacks_are_refused_whole() {
        let dir = tempfile::tempdir().unwrap();
        let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
        let mut project = Project::create(&dir.path().join("a.cdesk"), "Study", &codebook).unwrap();
        project.ensure_coder("Li Na", "test").unwrap();
        let mut rows = project.table_rows().unwrap();
        let coder = rows.iter_mut().find(|t| t.table == "coder").unwrap();
        coder.columns.push("shoe_size".to_owned());
        for row in &mut coder.rows {
            row.push(Cell::Integer(42));
        }
        let copy = dir.path().join("b.cdesk");
        match Project::create_from_rows(&copy, &rows) {
            Err(StoreError::ColumnNotInFile { table, column, .. }) => {
                assert_eq!((table, column.as_str()), ("coder", "shoe_size"));
            }
            other => panic!("{:?}", other.map(|_| ())),
        }
        assert!(!copy.exists(), "no file is left behind");
    }

    #[test]
    fn a_study_copied_through_its_rows_is_the_same_study() {
        let dir = tempfile::tempdir().unwrap();
        let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
        let mut project =
            Project::create(&dir.path().join("a.cdesk"), "原来的研究", &codebook).unwrap();
        project.ensure_coder("Li Na", "test").unwrap();
        let rows = project.table_rows().unwrap();
        let mut copy = Project::create_from_rows(&dir.path().join("b.cdesk"), &rows).unwrap();
        assert_eq!(copy.table_rows().unwrap(), rows);
        assert_eq!(copy.codebook().unwrap(), codebook);
        assert_eq!(copy.title().unwrap(), "原来的研究");
        assert!(Project::create_from_rows(&dir.path().join("b.cdesk"), &rows).is_err());
    }
}
