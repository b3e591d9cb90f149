//! Reading and writing the codebook tables.

use rusqlite::{Connection, Transaction, params};

use super::now;
use crate::codebook::to_toml;
use crate::model::{CodeValue, Codebook, Variable};

pub(super) fn insert_codebook(tx: &Transaction<'_>, codebook: &Codebook) -> rusqlite::Result<()> {
    write_codebook(tx, codebook, codebook.version.max(1))
}

/// Writes a codebook over the stored one, matching variables by key and values by (variable,
/// code) so that codes keep pointing at the same rows. Removing what is gone is the caller's
/// job (it checks first that no code uses it).
pub(super) fn write_codebook(
    tx: &Transaction<'_>,
    codebook: &Codebook,
    version: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE study SET codebook_name = ?1, codebook_title = ?2, codebook_description = ?3,
                          codebook_version = ?4, codebook_language = ?5,
                          codebook_translations = ?6 WHERE id = 1",
        params![
            codebook.name,
            codebook.title,
            codebook.description,
            version,
            codebook.language,
            json(&codebook.translations)
        ],
    )?;
    let mut upsert_variable = tx.prepare(
        "INSERT INTO variable (key, label, grp, definition, level, kind, required, prefill, position,
                               translations)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (key) DO UPDATE SET label = excluded.label, grp = excluded.grp,
             definition = excluded.definition, level = excluded.level, kind = excluded.kind,
             required = excluded.required, prefill = excluded.prefill, position = excluded.position,
             translations = excluded.translations
         RETURNING id",
    )?;
    let mut upsert_value = tx.prepare(
        "INSERT INTO value (variable_id, code, label, definition, examples, counter_examples,
                            parent_code, shortcut, retired, position, translations, exclusive)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (variable_id, code) DO UPDATE SET label = excluded.label,
             definition = excluded.definition, examples = excluded.examples,
             counter_examples = excluded.counter_examples, parent_code = excluded.parent_code,
             shortcut = excluded.shortcut, retired = excluded.retired, position = excluded.position,
             translations = excluded.translations, exclusive = excluded.exclusive",
    )?;
    for (position, variable) in codebook.variables.iter().enumerate() {
        let variable_id: i64 = upsert_variable.query_row(
            params![
                variable.key,
                variable.label,
                variable.group,
                variable.definition,
                variable.level.as_str(),
                variable.kind.as_str(),
                variable.required,
                variable.prefill,
                position as i64,
                json(&variable.translations),
            ],
            |row| row.get(0),
        )?;
        for (position, value) in variable.values.iter().enumerate() {
            upsert_value.execute(params![
                variable_id,
                value.code,
                value.label,
                value.definition,
                json_list(&value.examples),
                json_list(&value.counter_examples),
                value.parent,
                value.shortcut,
                value.retired,
                position as i64,
                json(&value.translations),
                value.exclusive,
            ])?;
        }
    }
    Ok(())
}

/// Records the whole codebook in the change log, so the log alone can tell what was coded against.
pub(super) fn log_codebook(
    tx: &Transaction<'_>,
    action: &str,
    codebook: &Codebook,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO change_log (at, actor, action, new) VALUES (?1, ?2, ?3, ?4)",
        params![
            now(),
            crate::actor(),
            format!("codebook.{action}"),
            to_toml(codebook)
        ],
    )?;
    Ok(())
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

fn parse_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

pub(super) fn load_codebook(conn: &Connection) -> rusqlite::Result<Codebook> {
    let (name, title, description, version, language, translations) = conn.query_row(
        "SELECT codebook_name, codebook_title, codebook_description, codebook_version,
                codebook_language, codebook_translations
         FROM study WHERE id = 1",
        [],
        |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                parse_json(5, &row.get::<_, String>(5)?)?,
            ))
        },
    )?;
    let mut variables_query = conn.prepare(
        "SELECT id, key, label, grp, definition, level, kind, required, prefill, translations
         FROM variable ORDER BY position, id",
    )?;
    let mut values_query = conn.prepare(
        "SELECT code, label, definition, examples, counter_examples, parent_code, shortcut, retired,
                translations, exclusive
         FROM value WHERE variable_id = ?1 ORDER BY position, id",
    )?;
    let mut variables = Vec::new();
    let mut rows = variables_query.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let level: String = row.get(5)?;
        let kind: String = row.get(6)?;
        let values = values_query
            .query_map([id], |row| {
                Ok(CodeValue {
                    code: row.get(0)?,
                    label: row.get(1)?,
                    definition: row.get(2)?,
                    examples: parse_list(&row.get::<_, String>(3)?),
                    counter_examples: parse_list(&row.get::<_, String>(4)?),
                    parent: row.get(5)?,
                    shortcut: row.get(6)?,
                    retired: row.get(7)?,
                    translations: parse_json(8, &row.get::<_, String>(8)?)?,
                    exclusive: row.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        variables.push(Variable {
            key: row.get(1)?,
            label: row.get(2)?,
            group: row.get(3)?,
            definition: row.get(4)?,
            // The CHECK constraints on the table keep these to the known names.
            level: level.parse().map_err(|_| invalid_text(5, &level))?,
            kind: kind.parse().map_err(|_| invalid_text(6, &kind))?,
            required: row.get(7)?,
            prefill: row.get(8)?,
            values,
            translations: parse_json(9, &row.get::<_, String>(9)?)?,
        });
    }
    Ok(Codebook {
        name,
        title,
        description,
        version,
        variables,
        language,
        translations,
    })
}

/// Translations as stored: JSON, `{}` when there are none.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_owned())
}

fn parse_json<T: serde::de::DeserializeOwned>(column: usize, text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            Box::new(error),
        )
    })
}

fn invalid_text(column: usize, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        format!("unexpected value '{text}'").into(),
    )
}
