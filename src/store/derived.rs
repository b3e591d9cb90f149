//! Definitions of derived numeric fields (composite indices), kept as JSON by name. The analysis
//! layer gives the JSON its meaning; here it is stored, replaced and removed, each change logged.

use rusqlite::{OptionalExtension, params};

use super::{Project, Result, StoreError, begin, now, sqlite_error};

impl Project {
    /// (name, definition JSON) of every derived field, by name.
    pub fn derived_fields(&self) -> Result<Vec<(String, String)>> {
        let mut query = self
            .conn
            .prepare("SELECT name, definition FROM derived_field ORDER BY name")
            .map_err(|e| self.err(e))?;
        query
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))
    }

    /// Stores (or replaces) a derived field's definition.
    pub fn set_derived_field(&mut self, name: &str, definition: &str, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        (|| {
            let stamp = now();
            let old: Option<String> = tx
                .query_row(
                    "SELECT definition FROM derived_field WHERE name = ?1",
                    [name],
                    |row| row.get(0),
                )
                .optional()?;
            tx.execute(
                "INSERT INTO derived_field (name, definition, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?3)
                 ON CONFLICT (name) DO UPDATE SET definition = excluded.definition,
                     updated_at = excluded.updated_at",
                params![name, definition, stamp],
            )?;
            tx.execute(
                "INSERT INTO change_log (at, actor, action, variable, old, new)
                 VALUES (?1, ?2, 'derived.set', ?3, ?4, ?5)",
                params![stamp, actor, name, old, definition],
            )?;
            tx.commit()
        })()
        .map_err(|e| sqlite_error(&path, e))
    }

    /// Removes a derived field's definition.
    pub fn remove_derived_field(&mut self, name: &str, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let old: Option<String> = tx
            .query_row(
                "SELECT definition FROM derived_field WHERE name = ?1",
                [name],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| sqlite_error(&path, e))?;
        let Some(old) = old else {
            return Err(StoreError::Invalid(format!(
                "no derived field named '{name}'"
            )));
        };
        (|| {
            tx.execute("DELETE FROM derived_field WHERE name = ?1", [name])?;
            tx.execute(
                "INSERT INTO change_log (at, actor, action, variable, old)
                 VALUES (?1, ?2, 'derived.remove', ?3, ?4)",
                params![now(), actor, name, old],
            )?;
            tx.commit()
        })()
        .map_err(|e| sqlite_error(&path, e))
    }
}

impl Project {
    /// (id, JSON) of the analyses added to the report, in the order added.
    pub fn report_items(&self) -> Result<Vec<(i64, String)>> {
        let mut query = self
            .conn
            .prepare("SELECT id, spec FROM report_item ORDER BY id")
            .map_err(|e| self.err(e))?;
        query
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))
    }

    pub fn add_report_item(&mut self, spec: &str, actor: &str) -> Result<i64> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        (|| {
            let stamp = now();
            tx.execute(
                "INSERT INTO report_item (spec, created_at) VALUES (?1, ?2)",
                params![spec, stamp],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO change_log (at, actor, action, new) VALUES (?1, ?2, 'report.add', ?3)",
                params![stamp, actor, spec],
            )?;
            tx.commit()?;
            Ok(id)
        })()
        .map_err(|e| sqlite_error(&path, e))
    }

    pub fn remove_report_item(&mut self, id: i64, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        (|| {
            let old: Option<String> = tx
                .query_row("SELECT spec FROM report_item WHERE id = ?1", [id], |row| row.get(0))
                .optional()?;
            tx.execute("DELETE FROM report_item WHERE id = ?1", [id])?;
            tx.execute(
                "INSERT INTO change_log (at, actor, action, old) VALUES (?1, ?2, 'report.remove', ?3)",
                params![now(), actor, old],
            )?;
            tx.commit()
        })()
        .map_err(|e| sqlite_error(&path, e))
    }
}
