//! A coder signed in to a server study, writing codes: each change one server transaction with
//! its change-log entry, as in the project file — when `set_answer` returns, the code is
//! committed on the server. Which coder is the server's decision (the role signed in), not the
//! caller's: row-level security refuses anything else.

use postgres::Client;

use super::{Result, ServerError, connect, current_schema};
use crate::model::{Answer, CodeValue, Kind, Level, Variable};
use crate::store::{answer_columns, check_answer, now};

/// An open sign-in of one coder.
pub struct CoderConnection {
    client: Client,
    coder: String,
}

/// What a change did.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed {
    pub previous: Option<Answer>,
    /// False when the stored answer was already this one (nothing written, nothing logged).
    pub written: bool,
}

impl CoderConnection {
    /// Signs in at `url` as a coder of the study there.
    pub fn open(url: &str) -> Result<CoderConnection> {
        let mut client = connect(url)?;
        current_schema(&mut client)?;
        let coder: Option<String> = client
            .query_one("SELECT codingdesk_coder_name()", &[])?
            .get(0);
        let coder = coder.ok_or(ServerError::NotACoder)?;
        Ok(CoderConnection { client, coder })
    }

    /// The coder's name in the study.
    pub fn coder(&self) -> &str {
        &self.coder
    }

    /// Sets (or with `None` clears) this coder's answer for one variable of one unit.
    pub fn set_answer(
        &mut self,
        unit: &str,
        variable_key: &str,
        answer: Option<&Answer>,
    ) -> Result<Changed> {
        let mut tx = self.client.transaction()?;
        let unit_id: i64 = tx
            .query_opt("SELECT id FROM unit WHERE uid = $1", &[&unit])?
            .ok_or_else(|| ServerError::Store(crate::store::StoreError::UnknownUnit(unit.into())))?
            .get(0);
        let row = tx
            .query_opt(
                "SELECT id, kind FROM variable WHERE key = $1",
                &[&variable_key],
            )?
            .ok_or_else(|| {
                ServerError::Store(crate::store::StoreError::UnknownVariable {
                    key: variable_key.to_owned(),
                    available: String::new(),
                })
            })?;
        let (variable_id, kind): (i64, String) = (row.get(0), row.get(1));
        if let Some(answer) = answer {
            let codes: Vec<i64> = tx
                .query(
                    "SELECT code FROM value WHERE variable_id = $1",
                    &[&variable_id],
                )?
                .iter()
                .map(|row| row.get(0))
                .collect();
            let variable = Variable {
                key: variable_key.to_owned(),
                label: variable_key.to_owned(),
                group: None,
                definition: String::new(),
                level: Level::Nominal,
                kind: kind.parse().unwrap_or(Kind::Text),
                required: false,
                prefill: None,
                values: codes
                    .into_iter()
                    .map(|c| CodeValue::new(c, "", ""))
                    .collect(),
                translations: Default::default(),
            };
            check_answer(&variable, answer).map_err(|message| {
                ServerError::Store(crate::store::StoreError::InvalidAnswer {
                    variable: variable_key.to_owned(),
                    message,
                })
            })?;
        }
        // The row is locked until commit: two windows of the same coder cannot interleave.
        let previous = tx
            .query_opt(
                "SELECT code, codes, number, text FROM coding
                 WHERE unit_id = $1 AND coder_id = codingdesk_coder_id() AND variable_id = $2
                 FOR UPDATE",
                &[&unit_id, &variable_id],
            )?
            .map(|row| answer_of(&row))
            .transpose()?;
        if previous.as_ref() == answer {
            tx.commit()?;
            return Ok(Changed {
                previous,
                written: false,
            });
        }
        let stamp = now();
        match answer {
            Some(answer) => {
                let (code, codes, number, text) = answer_columns(answer);
                tx.execute(
                    "INSERT INTO coding (unit_id, coder_id, variable_id, code, codes, number, text,
                                         created_at, updated_at)
                     VALUES ($1, codingdesk_coder_id(), $2, $3, $4, $5, $6, $7, $7)
                     ON CONFLICT (unit_id, coder_id, variable_id) DO UPDATE SET
                         code = excluded.code, codes = excluded.codes, number = excluded.number,
                         text = excluded.text, updated_at = excluded.updated_at",
                    &[
                        &unit_id,
                        &variable_id,
                        &code,
                        &codes,
                        &number,
                        &text,
                        &stamp,
                    ],
                )?;
            }
            None => {
                tx.execute(
                    "DELETE FROM coding
                     WHERE unit_id = $1 AND coder_id = codingdesk_coder_id() AND variable_id = $2",
                    &[&unit_id, &variable_id],
                )?;
            }
        }
        let action = if answer.is_some() {
            "coding.set"
        } else {
            "coding.clear"
        };
        tx.execute(
            "INSERT INTO change_log (at, actor, action, unit, coder, variable, old, new)
             VALUES ($1, $2, $3, $4, $2, $5, $6, $7)",
            &[
                &stamp,
                &self.coder,
                &action,
                &unit,
                &variable_key,
                &previous.as_ref().map(Answer::to_plain),
                &answer.map(Answer::to_plain),
            ],
        )?;
        tx.commit()?;
        Ok(Changed {
            previous,
            written: true,
        })
    }

    /// This coder's answer, as the server holds it.
    pub fn answer(&mut self, unit: &str, variable_key: &str) -> Result<Option<Answer>> {
        self.client
            .query_opt(
                "SELECT c.code, c.codes, c.number, c.text FROM coding c
                 JOIN unit u ON u.id = c.unit_id JOIN variable v ON v.id = c.variable_id
                 WHERE u.uid = $1 AND v.key = $2 AND c.coder_id = codingdesk_coder_id()",
                &[&unit, &variable_key],
            )?
            .map(|row| answer_of(&row))
            .transpose()
    }
}

fn answer_of(row: &postgres::Row) -> Result<Answer> {
    if let Some(code) = row.get::<_, Option<i64>>(0) {
        return Ok(Answer::Code(code));
    }
    if let Some(codes) = row.get::<_, Option<String>>(1) {
        let codes: Vec<i64> = serde_json::from_str(&codes).map_err(|_| ServerError::Value {
            table: "coding",
            column: "codes".into(),
        })?;
        return Ok(Answer::codes(codes));
    }
    if let Some(number) = row.get::<_, Option<f64>>(2) {
        return Ok(Answer::Number(number));
    }
    match row.get::<_, Option<String>>(3) {
        Some(text) => Ok(Answer::Text(text)),
        None => Err(ServerError::Value {
            table: "coding",
            column: "code".into(),
        }),
    }
}
