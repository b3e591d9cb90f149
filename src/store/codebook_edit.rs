//! Changing a codebook's values once codes exist: rename, retire (hidden from coders, kept in the
//! data) and merge (codes rewritten). Nothing is deleted; every change raises the codebook's
//! version and is logged, each rewritten code included, in one transaction.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Project, Result, StoreError, begin, now, sqlite_error};

/// What a value edit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditSummary {
    pub version: i64,
    /// Codes (coders' and adjudicated) rewritten by a merge.
    pub rewritten: usize,
}

fn value_id(
    tx: &Transaction<'_>,
    variable: &str,
    code: i64,
) -> rusqlite::Result<Option<(i64, i64, String)>> {
    tx.query_row(
        "SELECT v.id, value.id, value.label FROM value JOIN variable v ON v.id = value.variable_id
         WHERE v.key = ?1 AND value.code = ?2",
        params![variable, code],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )
    .optional()
}

fn bump(
    tx: &Transaction<'_>,
    actor: &str,
    action: &str,
    variable: &str,
    old: &str,
    new: &str,
) -> rusqlite::Result<i64> {
    tx.execute(
        "UPDATE study SET codebook_version = codebook_version + 1 WHERE id = 1",
        [],
    )?;
    tx.execute(
        "INSERT INTO change_log (at, actor, action, variable, old, new) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![now(), actor, action, variable, old, new],
    )?;
    tx.query_row(
        "SELECT codebook_version FROM study WHERE id = 1",
        [],
        |row| row.get(0),
    )
}

impl Project {
    fn edit_value(
        &mut self,
        variable: &str,
        code: i64,
        edit: impl FnOnce(&Transaction<'_>, (i64, i64, String)) -> Result<EditSummary>,
    ) -> Result<EditSummary> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let found = value_id(&tx, variable, code)
            .map_err(|e| sqlite_error(&path, e))?
            .ok_or_else(|| {
                StoreError::Invalid(format!("variable '{variable}' has no value {code}"))
            })?;
        let summary = edit(&tx, found)?;
        tx.commit().map_err(|e| sqlite_error(&path, e))?;
        Ok(summary)
    }

    pub fn rename_value(
        &mut self,
        variable: &str,
        code: i64,
        label: &str,
        actor: &str,
    ) -> Result<EditSummary> {
        let label = label.trim().to_owned();
        if label.is_empty() {
            return Err(StoreError::Invalid(
                "a value's label cannot be empty".into(),
            ));
        }
        let path = self.path.clone();
        self.edit_value(variable, code, |tx, (variable_id, value_id, old)| {
            let clash: Option<i64> = tx
                .query_row(
                    "SELECT code FROM value WHERE variable_id = ?1 AND lower(label) = lower(?2) AND id != ?3",
                    params![variable_id, label, value_id],
                    |row| row.get(0),
                )
                .optional()
                .map_err(|e| sqlite_error(&path, e))?;
            if let Some(other) = clash {
                return Err(StoreError::Invalid(format!("value {other} of '{variable}' is already labelled '{label}'")));
            }
            (|| {
                tx.execute("UPDATE value SET label = ?1 WHERE id = ?2", params![label, value_id])?;
                bump(tx, actor, "codebook.rename", variable, &format!("{code} {old}"), &format!("{code} {label}"))
            })()
            .map(|version| EditSummary { version, rewritten: 0 })
            .map_err(|e| sqlite_error(&path, e))
        })
    }

    /// Retires a value (hidden from coders, kept with its codes) or, with `retired = false`,
    /// brings it back.
    pub fn retire_value(
        &mut self,
        variable: &str,
        code: i64,
        retired: bool,
        actor: &str,
    ) -> Result<EditSummary> {
        let path = self.path.clone();
        self.edit_value(variable, code, |tx, (_, value_id, label)| {
            (|| {
                tx.execute(
                    "UPDATE value SET retired = ?1 WHERE id = ?2",
                    params![retired, value_id],
                )?;
                let action = if retired {
                    "codebook.retire"
                } else {
                    "codebook.restore"
                };
                bump(
                    tx,
                    actor,
                    action,
                    variable,
                    &format!("{code} {label}"),
                    &retired.to_string(),
                )
            })()
            .map(|version| EditSummary {
                version,
                rewritten: 0,
            })
            .map_err(|e| sqlite_error(&path, e))
        })
    }

    /// Merges value `from` into `into`: every code (coders' and adjudicated) is rewritten and
    /// logged, and `from` is retired, not deleted.
    pub fn merge_value(
        &mut self,
        variable: &str,
        from: i64,
        into: i64,
        actor: &str,
    ) -> Result<EditSummary> {
        if from == into {
            return Err(StoreError::Invalid(
                "a value cannot be merged into itself".into(),
            ));
        }
        let path = self.path.clone();
        self.edit_value(variable, from, |tx, (variable_id, from_id, from_label)| {
            let into_label = value_id(tx, variable, into)
                .map_err(|e| sqlite_error(&path, e))?
                .map(|(_, _, label)| label)
                .ok_or_else(|| StoreError::Invalid(format!("variable '{variable}' has no value {into}")))?;
            (|| -> rusqlite::Result<EditSummary> {
                let stamp = now();
                let mut rewritten = 0;
                // Both tables are keyed by (unit, [coder,] variable); final_value has no coder.
                for table in ["coding", "final_value"] {
                    let (coder_id, coder, join, matches) = if table == "coding" {
                        ("t.coder_id", "c.name", "JOIN coder c ON c.id = t.coder_id", "coder_id = ?3")
                    } else {
                        ("NULL", "NULL", "", "?3 IS NULL")
                    };
                    type Row = (i64, Option<i64>, Option<String>, Option<i64>, Option<String>, String);
                    let rows: Vec<Row> = {
                        let mut query = tx.prepare(&format!(
                            "SELECT t.unit_id, {coder_id}, {coder}, t.code, t.codes, u.uid FROM {table} t
                             JOIN unit u ON u.id = t.unit_id {join}
                             WHERE t.variable_id = ?1 AND (t.code = ?2 OR t.codes IS NOT NULL)"
                        ))?;
                        query
                            .query_map(params![variable_id, from], |row| {
                                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
                            })?
                            .collect::<rusqlite::Result<_>>()?
                    };
                    let key = format!("unit_id = ?2 AND variable_id = ?4 AND {matches}");
                    for (unit_id, coder_id, coder, code, codes, unit) in rows {
                        let (old, new) = match (code, codes) {
                            (Some(_), _) => {
                                tx.execute(
                                    &format!("UPDATE {table} SET code = ?1 WHERE {key}"),
                                    params![into, unit_id, coder_id, variable_id],
                                )?;
                                (from.to_string(), into.to_string())
                            }
                            (None, Some(json)) => {
                                let mut list: Vec<i64> = serde_json::from_str(&json).unwrap_or_default();
                                if !list.contains(&from) {
                                    continue;
                                }
                                let old = list.iter().map(i64::to_string).collect::<Vec<_>>().join(";");
                                for c in &mut list {
                                    if *c == from {
                                        *c = into;
                                    }
                                }
                                list.sort_unstable();
                                list.dedup();
                                let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
                                tx.execute(
                                    &format!("UPDATE {table} SET codes = ?1 WHERE {key}"),
                                    params![json, unit_id, coder_id, variable_id],
                                )?;
                                (old, list.iter().map(i64::to_string).collect::<Vec<_>>().join(";"))
                            }
                            _ => continue,
                        };
                        tx.execute(
                            "INSERT INTO change_log (at, actor, action, unit, coder, variable, old, new)
                             VALUES (?1, ?2, 'coding.merge', ?3, ?4, ?5, ?6, ?7)",
                            params![stamp, actor, unit, coder, variable, old, new],
                        )?;
                        rewritten += 1;
                    }
                }
                tx.execute("UPDATE value SET retired = 1 WHERE id = ?1", params![from_id])?;
                let version = bump(
                    tx,
                    actor,
                    "codebook.merge",
                    variable,
                    &format!("{from} {from_label}"),
                    &format!("{into} {into_label}"),
                )?;
                Ok(EditSummary { version, rewritten })
            })()
            .map_err(|e| sqlite_error(&path, e))
        })
    }
}

impl Project {
    /// Sets (or with `None` removes) the adjudicated value of a variable for a unit, with a
    /// reason; logged. Raw codes are not touched.
    pub fn set_final_value(
        &mut self,
        unit: &str,
        variable: &str,
        answer: Option<&crate::model::Answer>,
        reason: &str,
        decided_by: &str,
    ) -> Result<()> {
        let codebook = self.codebook()?;
        let definition =
            codebook
                .variable(variable)
                .ok_or_else(|| StoreError::UnknownVariable {
                    key: variable.to_owned(),
                    available: codebook.variable_keys(),
                })?;
        if let Some(answer) = answer {
            super::check_answer(definition, answer).map_err(|message| {
                StoreError::InvalidAnswer {
                    variable: variable.to_owned(),
                    message,
                }
            })?;
        }
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let ids: Option<(i64, i64)> = tx
            .query_row(
                "SELECT u.id, v.id FROM unit u, variable v WHERE u.uid = ?1 AND v.key = ?2",
                params![unit, variable],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(|e| sqlite_error(&path, e))?;
        let (unit_id, variable_id) = ids.ok_or_else(|| StoreError::UnknownUnit(unit.to_owned()))?;
        (|| {
            let stamp = now();
            let old: Option<String> = tx
                .query_row(
                    "SELECT coalesce(code, codes, number, text) FROM final_value WHERE unit_id = ?1 AND variable_id = ?2",
                    params![unit_id, variable_id],
                    |row| row.get::<_, rusqlite::types::Value>(0),
                )
                .optional()?
                .map(|value| match value {
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Real(r) => r.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    _ => String::new(),
                });
            tx.execute(
                "DELETE FROM final_value WHERE unit_id = ?1 AND variable_id = ?2",
                params![unit_id, variable_id],
            )?;
            if let Some(answer) = answer {
                let (code, codes, number, text) = match answer {
                    crate::model::Answer::Code(c) => (Some(*c), None, None, None),
                    crate::model::Answer::Codes(c) => (None, serde_json::to_string(c).ok(), None, None),
                    crate::model::Answer::Number(n) => (None, None, Some(*n), None),
                    crate::model::Answer::Text(t) => (None, None, None, Some(t.clone())),
                };
                tx.execute(
                    "INSERT INTO final_value (unit_id, variable_id, code, codes, number, text, reason, decided_by, decided_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![unit_id, variable_id, code, codes, number, text, reason, decided_by, stamp],
                )?;
            }
            tx.execute(
                "INSERT INTO change_log (at, actor, action, unit, variable, old, new)
                 VALUES (?1, ?2, 'final.set', ?3, ?4, ?5, ?6)",
                params![stamp, decided_by, unit, variable, old, answer.map(crate::model::Answer::to_plain)],
            )?;
            tx.commit()
        })()
        .map_err(|e| sqlite_error(&path, e))
    }
}
