//! Training rounds as the project file records them: which units a round holds, whose values are
//! its gold standard, who was assigned, when it closed, and which coders were cleared for the
//! study. Comparing codes with the gold standard is `crate::training`'s, not the store's.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::codings::{CodingRecord, ensure_coder, read_codings};
use super::{Project, Result, StoreError, begin, now, sqlite_error};
use crate::model::Answer;

/// Where a round's gold standard comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "coder")]
pub enum Gold {
    /// The adjudicated (final) values of the round's units.
    Adjudicated,
    /// One coder's codes (typically the supervisor's own, coded in a desk as that coder).
    Coder(String),
}

impl Gold {
    /// `adjudicated`, or a coder's name.
    pub fn parse(text: &str) -> Gold {
        match text.trim() {
            "adjudicated" => Gold::Adjudicated,
            name => Gold::Coder(name.to_owned()),
        }
    }

    /// The gold coder, if gold is a coder's codes.
    pub fn coder(&self) -> Option<&str> {
        match self {
            Gold::Adjudicated => None,
            Gold::Coder(name) => Some(name),
        }
    }
}

/// A training round as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingRound {
    pub name: String,
    pub gold: Gold,
    pub alpha_min: f64,
    /// Whether the round's units also count as the study's (in agreement, results and exports).
    pub counted: bool,
    /// Whether an optional variable a coder left blank where gold coded it is a miss (by
    /// default it is not: the desk counts the unit as done without it).
    pub blanks_count: bool,
    pub created_at: String,
    pub closed_at: Option<String>,
    /// The round's units, in study order.
    pub units: Vec<String>,
    /// The coders in training: everyone assigned the round's units but the gold coder.
    pub coders: Vec<String>,
}

impl TrainingRound {
    pub fn is_closed(&self) -> bool {
        self.closed_at.is_some()
    }
}

/// What starting a round needs.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRound {
    pub name: String,
    pub units: Vec<String>,
    pub coders: Vec<String>,
    pub gold: Gold,
    pub alpha_min: f64,
    pub counted: bool,
    /// A round not counted in the study may take units already coded out of it only when this
    /// says so (the supervisor confirmed what it moves out).
    pub take_coded: bool,
    /// See `TrainingRound::blanks_count`.
    pub blanks_count: bool,
}

/// A coder the supervisor cleared to code the study.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clearance {
    pub coder: String,
    pub round: String,
    pub cleared_by: String,
    pub cleared_at: String,
}

impl Project {
    /// Starts a training round: records it with its units and assigns them to every coder in
    /// training and to the gold coder (who is added if new), in one transaction with its
    /// change-log entry.
    pub fn start_training_round(&mut self, round: &NewRound, actor: &str) -> Result<()> {
        let name = round.name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid(
                "a training round needs a name, e.g. \"round 1\"".into(),
            ));
        }
        if round.units.is_empty() {
            return Err(StoreError::Invalid(format!(
                "training round '{name}' has no units: name some, or draw some"
            )));
        }
        if round.coders.is_empty() {
            return Err(StoreError::Invalid(format!(
                "training round '{name}' has no coders to train: add coders to the study first"
            )));
        }
        if !(0.0..=1.0).contains(&round.alpha_min) {
            return Err(StoreError::Invalid(format!(
                "α_min must be between 0 and 1, not {}",
                round.alpha_min
            )));
        }
        if let Some(gold) = round.gold.coder()
            && round.coders.iter().any(|c| c == gold)
        {
            return Err(StoreError::Invalid(format!(
                "'{gold}' codes the gold standard and cannot also be in training"
            )));
        }
        if !round.counted && !round.take_coded {
            let (units, codes) = self.coded_in_study(&round.units)?;
            if codes > 0 {
                return Err(StoreError::TrainingTakesCoded {
                    round: name.to_owned(),
                    units,
                    codes,
                });
            }
        }
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let sql = |e| sqlite_error(&path, e);
        let taken: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM training_round WHERE name = ?1)",
                [name],
                |row| row.get(0),
            )
            .map_err(sql)?;
        if taken {
            return Err(StoreError::Invalid(format!(
                "there is already a training round named '{name}': choose another name"
            )));
        }
        let stamp = now();
        let gold_coder_id = match round.gold.coder() {
            Some(gold) => Some(ensure_coder(&tx, gold, actor).map_err(sql)?),
            None => None,
        };
        tx.execute(
            "INSERT INTO training_round (name, gold_coder_id, alpha_min, counted, created_at,
                                         blanks_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                name,
                gold_coder_id,
                round.alpha_min,
                round.counted,
                stamp,
                round.blanks_count
            ],
        )
        .map_err(sql)?;
        let round_id = tx.last_insert_rowid();
        let mut coder_ids = Vec::new();
        for coder in &round.coders {
            let id: Option<i64> = tx
                .query_row("SELECT id FROM coder WHERE name = ?1", [coder], |row| {
                    row.get(0)
                })
                .optional()
                .map_err(sql)?;
            coder_ids.push(id.ok_or_else(|| StoreError::UnknownCoder(coder.clone()))?);
        }
        coder_ids.extend(gold_coder_id);
        for unit in &round.units {
            let unit_id: i64 = tx
                .query_row("SELECT id FROM unit WHERE uid = ?1", [unit], |row| {
                    row.get(0)
                })
                .optional()
                .map_err(sql)?
                .ok_or_else(|| StoreError::UnknownUnit(unit.clone()))?;
            tx.execute(
                "INSERT OR IGNORE INTO training_unit (round_id, unit_id) VALUES (?1, ?2)",
                params![round_id, unit_id],
            )
            .map_err(sql)?;
            for coder_id in &coder_ids {
                tx.execute(
                    "INSERT INTO assignment (unit_id, coder_id, reliability, created_at)
                     VALUES (?1, ?2, 0, ?3) ON CONFLICT (unit_id, coder_id) DO NOTHING",
                    params![unit_id, coder_id, stamp],
                )
                .map_err(sql)?;
            }
        }
        let record = serde_json::json!({
            "round": name,
            "units": round.units.len(),
            "coders": round.coders,
            "gold": round.gold,
            "alpha_min": round.alpha_min,
            "counted": round.counted,
            "took_coded": round.take_coded,
            "blanks_count": round.blanks_count,
        });
        log(&tx, actor, "training.start", None, &record).map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Closes a round: its codes are kept as they were and each coder may review their misses.
    pub fn close_training_round(&mut self, name: &str, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let sql = |e| sqlite_error(&path, e);
        let closed: Option<Option<String>> = tx
            .query_row(
                "SELECT closed_at FROM training_round WHERE name = ?1",
                [name],
                |row| row.get(0),
            )
            .optional()
            .map_err(sql)?;
        match closed {
            None => return Err(unknown_round(&tx, name).map_err(sql)?),
            Some(Some(at)) => {
                return Err(StoreError::Invalid(format!(
                    "training round '{name}' was closed at {} already",
                    crate::format::local_time(&at)
                )));
            }
            Some(None) => {}
        }
        let stamp = now();
        tx.execute(
            "UPDATE training_round SET closed_at = ?1 WHERE name = ?2",
            params![stamp, name],
        )
        .map_err(sql)?;
        log(
            &tx,
            actor,
            "training.close",
            None,
            &serde_json::json!({ "round": name }),
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Records that `coder` may code the study after `round` (whether they passed is the
    /// caller's to check: `crate::training`).
    pub fn clear_coder(&mut self, coder: &str, round: &str, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let sql = |e| sqlite_error(&path, e);
        let round_id: i64 = match tx
            .query_row(
                "SELECT id FROM training_round WHERE name = ?1",
                [round],
                |row| row.get(0),
            )
            .optional()
            .map_err(sql)?
        {
            Some(id) => id,
            None => return Err(unknown_round(&tx, round).map_err(sql)?),
        };
        let coder_id: i64 = tx
            .query_row("SELECT id FROM coder WHERE name = ?1", [coder], |row| {
                row.get(0)
            })
            .optional()
            .map_err(sql)?
            .ok_or_else(|| StoreError::UnknownCoder(coder.to_owned()))?;
        let stamp = now();
        tx.execute(
            "INSERT INTO coder_clearance (coder_id, round_id, cleared_by, cleared_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (coder_id) DO UPDATE SET round_id = excluded.round_id,
                 cleared_by = excluded.cleared_by, cleared_at = excluded.cleared_at",
            params![coder_id, round_id, actor, stamp],
        )
        .map_err(sql)?;
        log(
            &tx,
            actor,
            "training.clear",
            Some(coder),
            &serde_json::json!({ "round": round }),
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Every training round, oldest first.
    pub fn training_rounds(&self) -> Result<Vec<TrainingRound>> {
        let mut query = self
            .conn
            .prepare(
                "SELECT r.id, r.name, c.name, r.alpha_min, r.counted, r.created_at, r.closed_at,
                        r.blanks_count
                 FROM training_round r LEFT JOIN coder c ON c.id = r.gold_coder_id
                 ORDER BY r.id",
            )
            .map_err(|e| self.err(e))?;
        let rounds = query
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    TrainingRound {
                        name: row.get(1)?,
                        gold: match row.get::<_, Option<String>>(2)? {
                            Some(coder) => Gold::Coder(coder),
                            None => Gold::Adjudicated,
                        },
                        alpha_min: row.get(3)?,
                        counted: row.get(4)?,
                        created_at: row.get(5)?,
                        closed_at: row.get(6)?,
                        blanks_count: row.get(7)?,
                        units: Vec::new(),
                        coders: Vec::new(),
                    },
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        let mut units = self
            .conn
            .prepare(
                "SELECT u.uid FROM training_unit t JOIN unit u ON u.id = t.unit_id
                 WHERE t.round_id = ?1 ORDER BY u.position",
            )
            .map_err(|e| self.err(e))?;
        let mut coders = self
            .conn
            .prepare(
                "SELECT DISTINCT c.name FROM assignment a JOIN coder c ON c.id = a.coder_id
                 JOIN training_unit t ON t.unit_id = a.unit_id
                 WHERE t.round_id = ?1 AND c.name IS NOT ?2 ORDER BY c.name",
            )
            .map_err(|e| self.err(e))?;
        rounds
            .into_iter()
            .map(|(id, mut round)| {
                round.units = units
                    .query_map([id], |row| row.get(0))
                    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
                    .map_err(|e| self.err(e))?;
                round.coders = coders
                    .query_map(params![id, round.gold.coder()], |row| row.get(0))
                    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
                    .map_err(|e| self.err(e))?;
                Ok(round)
            })
            .collect()
    }

    /// One round by name.
    pub fn training_round(&self, name: &str) -> Result<TrainingRound> {
        let rounds = self.training_rounds()?;
        let known: Vec<String> = rounds.iter().map(|r| r.name.clone()).collect();
        rounds
            .into_iter()
            .find(|r| r.name == name)
            .ok_or_else(|| unknown_round_error(name, &known))
    }

    /// Every code given on a round's units, by every coder (the gold coder's included).
    pub fn training_codings(&self, round: &str) -> Result<Vec<CodingRecord>> {
        read_codings(
            &self.conn,
            "WHERE unit.id IN (SELECT t.unit_id FROM training_unit t
                 JOIN training_round r ON r.id = t.round_id WHERE r.name = ?1)",
            &[&round],
        )
        .map_err(|e| self.err(e))
    }

    /// The adjudicated values of a round's units: (unit uid, variable key, answer).
    pub fn training_final_values(&self, round: &str) -> Result<Vec<(String, String, Answer)>> {
        let mut query = self
            .conn
            .prepare(
                "SELECT u.uid, v.key, f.code, f.codes, f.number, f.text FROM final_value f
                 JOIN unit u ON u.id = f.unit_id JOIN variable v ON v.id = f.variable_id
                 WHERE u.id IN (SELECT t.unit_id FROM training_unit t
                     JOIN training_round r ON r.id = t.round_id WHERE r.name = ?1)
                 ORDER BY u.position, v.position",
            )
            .map_err(|e| self.err(e))?;
        query
            .query_map([round], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    super::codings::answer_from_row(row, 2)?,
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))
    }

    /// Who was cleared for the study, by coder name.
    pub fn clearances(&self) -> Result<Vec<Clearance>> {
        let mut query = self
            .conn
            .prepare(
                "SELECT c.name, r.name, k.cleared_by, k.cleared_at FROM coder_clearance k
                 JOIN coder c ON c.id = k.coder_id JOIN training_round r ON r.id = k.round_id
                 ORDER BY c.name",
            )
            .map_err(|e| self.err(e))?;
        query
            .query_map([], |row| {
                Ok(Clearance {
                    coder: row.get(0)?,
                    round: row.get(1)?,
                    cleared_by: row.get(2)?,
                    cleared_at: row.get(3)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))
    }
}

/// The closed training round a unit belongs to, if any: a coder's codes there stay as they were.
pub(super) fn closed_round_of(
    tx: &Transaction<'_>,
    unit_id: i64,
) -> rusqlite::Result<Option<String>> {
    tx.query_row(
        "SELECT r.name FROM training_unit t JOIN training_round r ON r.id = t.round_id
         WHERE t.unit_id = ?1 AND r.closed_at IS NOT NULL ORDER BY r.id LIMIT 1",
        [unit_id],
        |row| row.get(0),
    )
    .optional()
}

fn log(
    tx: &Transaction<'_>,
    actor: &str,
    action: &str,
    coder: Option<&str>,
    what: &serde_json::Value,
) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO change_log (at, actor, action, coder, new) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![now(), actor, action, coder, what.to_string()],
    )
}

fn unknown_round(tx: &Transaction<'_>, name: &str) -> rusqlite::Result<StoreError> {
    let mut query = tx.prepare("SELECT name FROM training_round ORDER BY id")?;
    let known = query
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(unknown_round_error(name, &known))
}

fn unknown_round_error(name: &str, known: &[String]) -> StoreError {
    StoreError::Invalid(if known.is_empty() {
        format!(
            "no training round named '{name}': the study has none yet (start one with --start NAME)"
        )
    } else {
        format!(
            "no training round named '{name}': the study has {}",
            known.join(", ")
        )
    })
}
