//! What the coder's desk reads and writes: the queue of a coder's units, that coder's unit notes,
//! and several answers of one unit in one transaction. Nothing here reads another coder's codes.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::codings::write_answer;
use super::{Project, Result, StoreError, begin, now, sqlite_error};
use crate::model::Answer;

/// A unit as the queue lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueRow {
    pub uid: String,
    pub account: String,
    pub published_at: String,
    pub caption: String,
    /// The training round the unit belongs to (the newest, if several), if any.
    pub training: Option<String>,
}

/// A closed training round's codes stay as they were: the coders have seen the gold standard.
pub(super) fn refuse_closed_training(
    tx: &rusqlite::Transaction<'_>,
    path: &std::path::Path,
    unit: &str,
    unit_id: i64,
) -> Result<()> {
    match super::training::closed_round_of(tx, unit_id).map_err(|e| sqlite_error(path, e))? {
        Some(round) => Err(StoreError::TrainingClosed {
            unit: unit.to_owned(),
            round,
        }),
        None => Ok(()),
    }
}

/// Row ids of a unit and a coder, by their stable names.
fn ids(
    tx: &rusqlite::Transaction<'_>,
    path: &std::path::Path,
    unit: &str,
    coder: &str,
) -> Result<(i64, i64)> {
    let lookup = |sql: &str, key: &str| -> Result<Option<i64>> {
        tx.query_row(sql, [key], |row| row.get(0))
            .optional()
            .map_err(|e| sqlite_error(path, e))
    };
    let unit_id = lookup("SELECT id FROM unit WHERE uid = ?1", unit)?
        .ok_or_else(|| StoreError::UnknownUnit(unit.to_owned()))?;
    let coder_id = lookup("SELECT id FROM coder WHERE name = ?1", coder)?
        .ok_or_else(|| StoreError::UnknownCoder(coder.to_owned()))?;
    Ok((unit_id, coder_id))
}

impl Project {
    /// The units a coder codes: their training units first, then the study's in study order —
    /// their assignments, or every unit of the study when the coder has no assignment in it.
    pub fn queue(&self, coder: &str) -> Result<Vec<QueueRow>> {
        let assigned_in_study: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM assignment a JOIN coder c ON c.id = a.coder_id
                 WHERE c.name = ?1 AND a.unit_id NOT IN (SELECT unit_id FROM training_only_unit)",
                [coder],
                |row| row.get(0),
            )
            .map_err(|e| self.err(e))?;
        let assigned_to_coder = "u.id IN (SELECT a.unit_id FROM assignment a
                                 JOIN coder c ON c.id = a.coder_id WHERE c.name = ?1)";
        let chosen = if assigned_in_study > 0 {
            assigned_to_coder.to_owned()
        } else {
            format!("(u.id NOT IN (SELECT unit_id FROM training_only_unit) OR {assigned_to_coder})")
        };
        let sql = format!(
            "SELECT u.uid, coalesce(u.account, ''), coalesce(u.published_at, ''),
                    coalesce(u.caption, u.title, ''),
                    (SELECT r.name FROM training_unit t JOIN training_round r ON r.id = t.round_id
                     WHERE t.unit_id = u.id ORDER BY r.id DESC LIMIT 1)
             FROM unit u WHERE {chosen}
             ORDER BY u.id IN (SELECT unit_id FROM training_only_unit) DESC, u.position"
        );
        let mut query = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = query
            .query_map([coder], |row| {
                Ok(QueueRow {
                    uid: row.get(0)?,
                    account: row.get(1)?,
                    published_at: row.get(2)?,
                    caption: row.get(3)?,
                    training: row.get(4)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// One coder's notes on whole units, by unit id.
    pub fn unit_notes(&self, coder: &str) -> Result<HashMap<String, String>> {
        let mut query = self
            .conn
            .prepare(
                "SELECT u.uid, n.note FROM unit_note n JOIN unit u ON u.id = n.unit_id
                 JOIN coder c ON c.id = n.coder_id WHERE c.name = ?1",
            )
            .map_err(|e| self.err(e))?;
        let notes = query
            .query_map([coder], |row| Ok((row.get(0)?, row.get(1)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<HashMap<String, String>>>())
            .map_err(|e| self.err(e))?;
        Ok(notes)
    }

    /// Sets a coder's note on a unit (an empty note removes it), logged, in one transaction.
    pub fn set_unit_note(&mut self, unit: &str, coder: &str, note: &str) -> Result<()> {
        self.set_unit_note_if(unit, coder, None, note)
    }

    /// Compare-and-set of a coder's note on a unit: with `expected`, the note is written only if
    /// the stored one is still that text (`""`: none); otherwise `StoreError::ChangedElsewhere`.
    pub fn set_unit_note_if(
        &mut self,
        unit: &str,
        coder: &str,
        expected: Option<&str>,
        note: &str,
    ) -> Result<()> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let (unit_id, coder_id) = ids(&tx, &path, unit, coder)?;
        let old: Option<String> = tx
            .query_row(
                "SELECT note FROM unit_note WHERE unit_id = ?1 AND coder_id = ?2",
                params![unit_id, coder_id],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| sqlite_error(&path, e))?;
        if let Some(expected) = expected
            && old.as_deref().unwrap_or("") != expected
        {
            return Err(StoreError::ChangedElsewhere {
                unit: unit.to_owned(),
                variable: "the unit's note".to_owned(),
                stored: old.map(Answer::Text),
            });
        }
        let written = (|| {
            if old.as_deref().unwrap_or("") == note {
                return Ok(());
            }
            let stamp = now();
            if note.is_empty() {
                tx.execute(
                    "DELETE FROM unit_note WHERE unit_id = ?1 AND coder_id = ?2",
                    params![unit_id, coder_id],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO unit_note (unit_id, coder_id, note, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (unit_id, coder_id) DO UPDATE SET note = excluded.note,
                         updated_at = excluded.updated_at",
                    params![unit_id, coder_id, note, stamp],
                )?;
            }
            tx.execute(
                "INSERT INTO change_log (at, actor, action, unit, coder, old, new)
                 VALUES (?1, ?2, 'note.set', ?3, ?4, ?5, ?6)",
                params![stamp, coder, unit, coder, old, note],
            )?;
            Ok(())
        })();
        written
            .and_then(|()| tx.commit())
            .map_err(|e| sqlite_error(&path, e))
    }

    /// Compare-and-set of one coder's answer on one unit, in one transaction with the pre-filled
    /// numbers that go with it. The answer is written only if the stored one is still `expected`
    /// (what the window showed); otherwise nothing is written and the stored answer is returned
    /// in `StoreError::ChangedElsewhere`. Pre-filled numbers are written only where the variable
    /// still has no answer. Answers must already be checked against the codebook.
    pub fn set_answer_if(
        &mut self,
        unit: &str,
        coder: &str,
        (variable, expected, answer): (&str, Option<&Answer>, Option<&Answer>),
        prefills: &[(&str, &Answer)],
    ) -> Result<()> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let (unit_id, coder_id) = ids(&tx, &path, unit, coder)?;
        refuse_closed_training(&tx, &path, unit, unit_id)?;
        let variable_id = |key: &str| -> Result<i64> {
            tx.query_row("SELECT id FROM variable WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| sqlite_error(&path, e))?
            .ok_or_else(|| StoreError::UnknownVariable {
                key: key.to_owned(),
                available: String::new(),
            })
        };
        let main_id = variable_id(variable)?;
        let stored =
            stored_answer(&tx, (unit_id, coder_id, main_id)).map_err(|e| sqlite_error(&path, e))?;
        if stored.as_ref() != expected {
            return Err(StoreError::ChangedElsewhere {
                unit: unit.to_owned(),
                variable: variable.to_owned(),
                stored,
            });
        }
        for (key, value) in prefills {
            let ids = (unit_id, coder_id, variable_id(key)?);
            let absent = stored_answer(&tx, ids)
                .map_err(|e| sqlite_error(&path, e))?
                .is_none();
            if absent {
                write_answer(&tx, ids, Some(value), None, (unit, coder, key), coder)
                    .map_err(|e| sqlite_error(&path, e))?;
            }
        }
        write_answer(
            &tx,
            (unit_id, coder_id, main_id),
            answer,
            None,
            (unit, coder, variable),
            coder,
        )
        .map_err(|e| sqlite_error(&path, e))?;
        tx.commit().map_err(|e| sqlite_error(&path, e))
    }

    /// The id of the newest change-log entry: it moves with every change to the study's
    /// content (codes, units, codebook, assignments …), and not when a window merely refreshes
    /// its claim on a desk.
    pub fn last_change_id(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM change_log", [], |row| {
                row.get(0)
            })
            .map_err(|e| self.err(e))
    }

    /// A number that changes whenever another connection (another window, the command line, a
    /// merge) commits a change to the file: cheap enough to ask every second.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|e| self.err(e))
    }
}

/// The answer a coder has stored for a unit's variable.
fn stored_answer(
    tx: &rusqlite::Transaction<'_>,
    (unit_id, coder_id, variable_id): (i64, i64, i64),
) -> rusqlite::Result<Option<Answer>> {
    tx.query_row(
        "SELECT code, codes, number, text FROM coding
         WHERE unit_id = ?1 AND coder_id = ?2 AND variable_id = ?3",
        params![unit_id, coder_id, variable_id],
        |row| super::codings::answer_from_row(row, 0),
    )
    .optional()
}

impl Project {
    /// Stores assignments (unit, coder, reliability) in one transaction, adding coders as
    /// needed. Existing assignments are kept unless `replace`; then they are all replaced.
    pub fn set_assignments(
        &mut self,
        rows: &[(String, String, bool)],
        replace: bool,
        draw: &crate::assign::DrawRecord,
        actor: &str,
    ) -> Result<usize> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        // The assignments of units only a training round holds are the round's: assigning the
        // study leaves them be.
        let study_assignments =
            "FROM assignment WHERE unit_id NOT IN (SELECT unit_id FROM training_only_unit)";
        let existing: i64 = tx
            .query_row(&format!("SELECT count(*) {study_assignments}"), [], |row| {
                row.get(0)
            })
            .map_err(|e| sqlite_error(&path, e))?;
        if existing > 0 && !replace {
            return Err(StoreError::Invalid(format!(
                "the study already has {existing} assignments; add --replace to replace them all"
            )));
        }
        let written = (|| -> Result<usize> {
            let sql = |e| sqlite_error(&path, e);
            let stamp = now();
            if existing > 0 {
                tx.execute(&format!("DELETE {study_assignments}"), [])
                    .map_err(sql)?;
            }
            let mut coder_ids: HashMap<String, i64> = HashMap::new();
            let mut insert = tx
                .prepare(
                    "INSERT INTO assignment (unit_id, coder_id, reliability, created_at)
                     VALUES ((SELECT id FROM unit WHERE uid = ?1), ?2, ?3, ?4)",
                )
                .map_err(sql)?;
            for (unit, coder, reliability) in rows {
                let coder_id = match coder_ids.get(coder) {
                    Some(id) => *id,
                    None => {
                        let id = super::codings::ensure_coder(&tx, coder, actor).map_err(sql)?;
                        coder_ids.insert(coder.clone(), id);
                        id
                    }
                };
                insert
                    .execute(params![unit, coder_id, reliability, stamp])
                    .map_err(|error| match error {
                        rusqlite::Error::SqliteFailure(_, _) => {
                            StoreError::UnknownUnit(unit.clone())
                        }
                        other => sqlite_error(&path, other),
                    })?;
            }
            tx.execute(
                "INSERT INTO change_log (at, actor, action, old, new) VALUES (?1, ?2, 'assignments.set', ?3, ?4)",
                params![stamp, actor, existing.to_string(), rows.len().to_string()],
            )
            .map_err(sql)?;
            // How the subsample was drawn, for the methods paragraph.
            let how =
                serde_json::to_string(draw).map_err(|e| StoreError::Invalid(e.to_string()))?;
            tx.execute(
                "INSERT INTO change_log (at, actor, action, new) VALUES (?1, ?2, 'assignments.draw', ?3)",
                params![stamp, actor, how],
            )
            .map_err(sql)?;
            Ok(rows.len())
        })()?;
        tx.commit().map_err(|e| sqlite_error(&path, e))?;
        Ok(written)
    }

    /// How the current assignments' reliability subsample was drawn (the newest record; none
    /// for a study assigned before this was recorded, or never).
    pub fn assignment_draw(&self) -> Result<Option<crate::assign::DrawRecord>> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT new FROM change_log WHERE action = 'assignments.draw' ORDER BY id DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(text.and_then(|text| serde_json::from_str(&text).ok()))
    }
}
