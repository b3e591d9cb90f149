//! Coders and their codes. Every change to a code is logged in the same transaction.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::{Project, Result, StoreError, now, sqlite_error};
use crate::model::{Answer, Codebook, Variable};

/// A code to write, named by stable keys.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCoding {
    pub unit: String,
    pub coder: String,
    pub variable: String,
    pub answer: Answer,
    pub note: String,
}

/// A stored code, named by stable keys. The names and times are shared between the records
/// that have the same (a study's codes repeat a few coder and variable names, each unit's name
/// once per code, and one time for every code of an import): a 100,000-unit study's codes are
/// read without a string per field.
#[derive(Debug, Clone, PartialEq)]
pub struct CodingRecord {
    pub unit: Shared,
    pub coder: Shared,
    pub variable: Shared,
    pub answer: Answer,
    pub note: String,
    pub created_at: Shared,
    pub updated_at: Shared,
}

/// Text read once and shared by every record that holds it.
pub type Shared = std::sync::Arc<str>;

/// Hands out one [`Shared`] per distinct text met while reading.
#[derive(Default)]
struct Sharing {
    seen: std::collections::HashSet<Shared>,
}

impl Sharing {
    fn share(&mut self, text: &str) -> Shared {
        if let Some(shared) = self.seen.get(text) {
            return shared.clone();
        }
        let shared: Shared = text.into();
        self.seen.insert(shared.clone());
        shared
    }
}

/// Shares a text with the previous one read when they are the same (times of codes written
/// together), without keeping every distinct one.
#[derive(Default)]
struct SameAsLast {
    last: Option<Shared>,
}

impl SameAsLast {
    fn share(&mut self, text: &str) -> Shared {
        match &self.last {
            Some(last) if **last == *text => last.clone(),
            _ => {
                let shared: Shared = text.into();
                self.last = Some(shared.clone());
                shared
            }
        }
    }
}

/// What writing a batch of codes did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodingSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// An answer as the four columns that store it (code, codes as JSON, number, text): the same in
/// the project file and on a server.
pub type AnswerColumns = (Option<i64>, Option<String>, Option<f64>, Option<String>);

pub fn answer_columns(answer: &Answer) -> AnswerColumns {
    match answer {
        Answer::Code(code) => (Some(*code), None, None, None),
        Answer::Codes(codes) => (
            None,
            Some(serde_json::to_string(codes).unwrap_or_else(|_| "[]".into())),
            None,
            None,
        ),
        Answer::Number(number) => (None, None, Some(*number), None),
        Answer::Text(text) => (None, None, None, Some(text.clone())),
    }
}

/// Reads an answer from four consecutive columns starting at `first`.
pub(super) fn answer_from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<Answer> {
    if let Some(code) = row.get::<_, Option<i64>>(first)? {
        return Ok(Answer::Code(code));
    }
    if let Some(codes) = row.get::<_, Option<String>>(first + 1)? {
        let codes: Vec<i64> = serde_json::from_str(&codes).map_err(|error| {
            rusqlite::Error::FromSqlConversionFailure(
                first + 1,
                rusqlite::types::Type::Text,
                Box::new(error),
            )
        })?;
        return Ok(Answer::codes(codes));
    }
    if let Some(number) = row.get::<_, Option<f64>>(first + 2)? {
        return Ok(Answer::Number(number));
    }
    Ok(Answer::Text(
        row.get::<_, Option<String>>(first + 3)?.unwrap_or_default(),
    ))
}

/// Checks an answer against its variable: the right kind, known codes, a finite number.
pub fn check_answer(variable: &Variable, answer: &Answer) -> Result<(), String> {
    if !answer.fits(variable.kind) {
        return Err(format!("expects a {} answer", variable.kind));
    }
    let known = |code: &i64| variable.value(*code).is_some();
    match answer {
        Answer::Code(code) if !known(code) => Err(format!("{code} is not one of its codes")),
        Answer::Codes(codes) => match codes.iter().find(|code| !known(code)) {
            Some(code) => Err(format!("{code} is not one of its codes")),
            None => variable.exclusive_conflict(codes).map_or(Ok(()), Err),
        },
        Answer::Number(number) if !number.is_finite() => Err("the number is not finite".into()),
        _ => Ok(()),
    }
}

pub(super) fn ensure_coder(tx: &Transaction<'_>, name: &str, actor: &str) -> rusqlite::Result<i64> {
    if let Some(id) = tx
        .query_row("SELECT id FROM coder WHERE name = ?1", [name], |row| {
            row.get(0)
        })
        .optional()?
    {
        return Ok(id);
    }
    let stamp = now();
    tx.execute(
        "INSERT INTO coder (name, created_at) VALUES (?1, ?2)",
        params![name, stamp],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO change_log (at, actor, action, coder) VALUES (?1, ?2, 'coder.add', ?3)",
        params![stamp, actor, name],
    )?;
    Ok(id)
}

struct Ids {
    units: HashMap<String, i64>,
    variables: HashMap<String, (i64, Variable)>,
}

fn load_ids(tx: &Transaction<'_>, codebook: &Codebook) -> rusqlite::Result<Ids> {
    let mut units = HashMap::new();
    let mut query = tx.prepare("SELECT uid, id FROM unit")?;
    let mut rows = query.query([])?;
    while let Some(row) = rows.next()? {
        units.insert(row.get(0)?, row.get(1)?);
    }
    let mut variables = HashMap::new();
    let mut query = tx.prepare("SELECT key, id FROM variable")?;
    let mut rows = query.query([])?;
    while let Some(row) = rows.next()? {
        let key: String = row.get(0)?;
        if let Some(variable) = codebook.variable(&key) {
            variables.insert(key, (row.get(1)?, variable.clone()));
        }
    }
    Ok(Ids { units, variables })
}

impl Project {
    /// Writes a batch of codes in one transaction; any unknown unit, variable or invalid answer
    /// rejects the whole batch. Coders are created as needed.
    pub fn write_codings(&mut self, codings: &[NewCoding], actor: &str) -> Result<CodingSummary> {
        let codebook = self.codebook()?;
        let path = self.path.clone();
        let tx = super::begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let ids = load_ids(&tx, &codebook).map_err(|e| sqlite_error(&path, e))?;
        let mut coder_ids: HashMap<String, i64> = HashMap::new();
        let mut summary = CodingSummary::default();
        for coding in codings {
            let unit_id = *ids
                .units
                .get(&coding.unit)
                .ok_or_else(|| StoreError::UnknownUnit(coding.unit.clone()))?;
            let (variable_id, variable) =
                ids.variables
                    .get(&coding.variable)
                    .ok_or_else(|| StoreError::UnknownVariable {
                        key: coding.variable.clone(),
                        available: codebook.variable_keys(),
                    })?;
            check_answer(variable, &coding.answer).map_err(|message| {
                StoreError::InvalidAnswer {
                    variable: coding.variable.clone(),
                    message,
                }
            })?;
            let coder_id = match coder_ids.get(&coding.coder) {
                Some(id) => *id,
                None => {
                    let id = ensure_coder(&tx, &coding.coder, actor)
                        .map_err(|e| sqlite_error(&path, e))?;
                    coder_ids.insert(coding.coder.clone(), id);
                    id
                }
            };
            let old = write_answer(
                &tx,
                (unit_id, coder_id, *variable_id),
                Some(&coding.answer),
                Some(&coding.note),
                (&coding.unit, &coding.coder, &coding.variable),
                actor,
            )
            .map_err(|e| sqlite_error(&path, e))?;
            match old {
                None => summary.added += 1,
                Some(old) if old == coding.answer => summary.unchanged += 1,
                Some(_) => summary.updated += 1,
            }
        }
        tx.commit().map_err(|e| sqlite_error(&path, e))?;
        Ok(summary)
    }

    /// Sets (or with `None` clears) one coder's answer for one variable of one unit: one
    /// transaction with its change-log entry. Returns the previous answer.
    pub fn set_answer(
        &mut self,
        unit: &str,
        coder: &str,
        variable_key: &str,
        answer: Option<&Answer>,
    ) -> Result<Option<Answer>> {
        let codebook = self.codebook()?;
        let variable =
            codebook
                .variable(variable_key)
                .ok_or_else(|| StoreError::UnknownVariable {
                    key: variable_key.to_owned(),
                    available: String::new(),
                })?;
        if let Some(answer) = answer {
            check_answer(variable, answer).map_err(|message| StoreError::InvalidAnswer {
                variable: variable_key.to_owned(),
                message,
            })?;
        }
        let path = self.path.clone();
        let tx = super::begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let lookup = |sql: &str, key: &str| -> rusqlite::Result<Option<i64>> {
            tx.query_row(sql, [key], |row| row.get(0)).optional()
        };
        let unit_id = lookup("SELECT id FROM unit WHERE uid = ?1", unit)
            .map_err(|e| sqlite_error(&path, e))?
            .ok_or_else(|| StoreError::UnknownUnit(unit.to_owned()))?;
        super::desk::refuse_closed_training(&tx, &path, unit, unit_id)?;
        let coder_id = lookup("SELECT id FROM coder WHERE name = ?1", coder)
            .map_err(|e| sqlite_error(&path, e))?
            .ok_or_else(|| StoreError::UnknownCoder(coder.to_owned()))?;
        let variable_id = lookup("SELECT id FROM variable WHERE key = ?1", variable_key)
            .map_err(|e| sqlite_error(&path, e))?
            .ok_or_else(|| StoreError::UnknownVariable {
                key: variable_key.to_owned(),
                available: String::new(),
            })?;
        let old = write_answer(
            &tx,
            (unit_id, coder_id, variable_id),
            answer,
            None,
            (unit, coder, variable_key),
            coder,
        )
        .map_err(|e| sqlite_error(&path, e))?;
        tx.commit().map_err(|e| sqlite_error(&path, e))?;
        Ok(old)
    }

    /// Every stored code of the study's units (not of units only a training round holds), in
    /// unit, coder, variable order. For reports and exports, not for the coder's desk (which
    /// must only read the current coder's codes: see `codings_of_coder`).
    pub fn all_codings(&self) -> Result<Vec<CodingRecord>> {
        let mut all = Vec::new();
        self.each_study_coding(|record| all.push(record))?;
        Ok(all)
    }

    /// The same codes as [`Project::all_codings`], handed over one at a time (in the same order:
    /// unit by unit), for a reader that keeps less than all of them.
    pub fn each_study_coding(&self, take: impl FnMut(CodingRecord)) -> Result<()> {
        each_coding(
            &self.conn,
            &format!("WHERE unit.id NOT IN {}", super::TRAINING_ONLY_UNITS),
            &[],
            take,
        )
        .map_err(|e| self.err(e))
    }

    /// The coders with codes on the study's units (not only on a training round's), by name.
    pub fn coders_with_codes(&self) -> Result<Vec<String>> {
        let mut query = self
            .conn
            .prepare(&format!(
                "SELECT name FROM coder WHERE id IN (SELECT DISTINCT coder_id FROM coding
                 WHERE unit_id NOT IN {}) ORDER BY name",
                super::TRAINING_ONLY_UNITS
            ))
            .map_err(|e| self.err(e))?;
        query
            .query_map([], |row| row.get(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
            .map_err(|e| self.err(e))
    }

    /// One coder's codes only: what the blind coder's desk may read.
    pub fn codings_of_coder(&self, coder: &str) -> Result<Vec<CodingRecord>> {
        let mut all = Vec::new();
        self.each_coding_of_coder(coder, |record| all.push(record))?;
        Ok(all)
    }

    /// One coder's codes handed over one at a time (the desk keeps only their answers).
    pub fn each_coding_of_coder(&self, coder: &str, take: impl FnMut(CodingRecord)) -> Result<()> {
        each_coding(&self.conn, "WHERE coder.name = ?1", &[&coder], take).map_err(|e| self.err(e))
    }
}

/// The codes of any project file (a master, or a package being merged), by stable keys, in
/// unit, coder and codebook order; `filter` is a WHERE clause over `unit`, `coder`, `variable`.
pub(super) fn read_codings(
    conn: &rusqlite::Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<Vec<CodingRecord>> {
    let mut records = Vec::new();
    each_coding(conn, filter, args, |record| records.push(record))?;
    Ok(records)
}

/// The same codes handed over one at a time, for a reader that keeps less than all of them.
fn each_coding(
    conn: &rusqlite::Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
    mut take: impl FnMut(CodingRecord),
) -> rusqlite::Result<()> {
    let sql = format!(
        "SELECT unit.uid, coder.name, variable.key, coding.code, coding.codes, coding.number,
                coding.text, coding.note, coding.created_at, coding.updated_at
         FROM coding
         JOIN unit ON unit.id = coding.unit_id
         JOIN coder ON coder.id = coding.coder_id
         JOIN variable ON variable.id = coding.variable_id
         {filter}
         ORDER BY unit.position, coder.id, variable.position"
    );
    let mut query = conn.prepare(&sql)?;
    let mut names = Sharing::default();
    let (mut created, mut updated) = (SameAsLast::default(), SameAsLast::default());
    let mut rows = query.query(args)?;
    while let Some(row) = rows.next()? {
        take(CodingRecord {
            unit: names.share(row.get_ref(0)?.as_str()?),
            coder: names.share(row.get_ref(1)?.as_str()?),
            variable: names.share(row.get_ref(2)?.as_str()?),
            answer: answer_from_row(row, 3)?,
            note: row.get(7)?,
            created_at: created.share(row.get_ref(8)?.as_str()?),
            updated_at: updated.share(row.get_ref(9)?.as_str()?),
        });
    }
    Ok(())
}

/// Inserts or replaces one stored code (no log entry: callers log). `created_at` is kept when
/// the row exists.
pub(super) fn upsert_coding(
    tx: &Transaction<'_>,
    (unit_id, coder_id, variable_id): (i64, i64, i64),
    (answer, note): (&Answer, &str),
    (created_at, updated_at): (&str, &str),
) -> rusqlite::Result<()> {
    let (code, codes, number, text) = answer_columns(answer);
    tx.execute(
        "INSERT INTO coding (unit_id, coder_id, variable_id, code, codes, number, text, note,
                             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (unit_id, coder_id, variable_id) DO UPDATE SET
             code = excluded.code, codes = excluded.codes, number = excluded.number,
             text = excluded.text, note = excluded.note, updated_at = excluded.updated_at",
        params![
            unit_id,
            coder_id,
            variable_id,
            code,
            codes,
            number,
            text,
            note,
            created_at,
            updated_at
        ],
    )?;
    Ok(())
}

/// Writes or clears one answer and logs the change; returns the previous answer.
/// `keys` are the stable names (unit uid, coder name, variable key) for the log.
pub(super) fn write_answer(
    tx: &Transaction<'_>,
    (unit_id, coder_id, variable_id): (i64, i64, i64),
    answer: Option<&Answer>,
    note: Option<&str>,
    (unit, coder, variable): (&str, &str, &str),
    actor: &str,
) -> rusqlite::Result<Option<Answer>> {
    let previous: Option<(Answer, String)> = tx
        .query_row(
            "SELECT code, codes, number, text, note FROM coding
             WHERE unit_id = ?1 AND coder_id = ?2 AND variable_id = ?3",
            params![unit_id, coder_id, variable_id],
            |row| Ok((answer_from_row(row, 0)?, row.get(4)?)),
        )
        .optional()?;
    let (old, old_note) = match previous {
        Some((answer, note)) => (Some(answer), note),
        None => (None, String::new()),
    };
    let note = note.unwrap_or(&old_note);
    if old.as_ref() == answer && note == old_note {
        return Ok(old);
    }
    let stamp = now();
    match answer {
        Some(answer) => {
            upsert_coding(
                tx,
                (unit_id, coder_id, variable_id),
                (answer, note),
                (&stamp, &stamp),
            )?;
        }
        None => {
            tx.execute(
                "DELETE FROM coding WHERE unit_id = ?1 AND coder_id = ?2 AND variable_id = ?3",
                params![unit_id, coder_id, variable_id],
            )?;
        }
    }
    tx.execute(
        "INSERT INTO change_log (at, actor, action, unit, coder, variable, old, new)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            stamp,
            actor,
            if answer.is_some() {
                "coding.set"
            } else {
                "coding.clear"
            },
            unit,
            coder,
            variable,
            old.as_ref().map(Answer::to_plain),
            answer.map(Answer::to_plain),
        ],
    )?;
    Ok(old)
}
