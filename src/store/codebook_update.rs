//! Changing the structure of a study's codebook: adding, editing, reordering and (while nothing
//! is coded with them) removing variables and values. The whole new codebook is checked like a
//! codebook file, then written in one transaction that raises the version and logs the old and
//! new codebook. What codes use is never removed: retire or merge it instead.

use std::collections::HashMap;

use rusqlite::params;

use super::codebook::write_codebook;
use super::{EditSummary, Project, Result, StoreError, begin, now, sqlite_error};
use crate::codebook::{parse_codebook, to_toml};
use crate::model::Codebook;

/// How many codes (coders' and adjudicated) use each variable and each value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodebookUsage {
    pub variables: HashMap<String, usize>,
    pub values: HashMap<(String, i64), usize>,
}

impl CodebookUsage {
    pub fn variable(&self, key: &str) -> usize {
        self.variables.get(key).copied().unwrap_or(0)
    }

    pub fn value(&self, key: &str, code: i64) -> usize {
        self.values
            .get(&(key.to_owned(), code))
            .copied()
            .unwrap_or(0)
    }
}

impl Project {
    /// Counts the codes that use each variable and value.
    pub fn codebook_usage(&self) -> Result<CodebookUsage> {
        let mut usage = CodebookUsage::default();
        let sql = |e| sqlite_error(&self.path, e);
        for table in ["coding", "final_value"] {
            let mut query = self
                .conn
                .prepare(&format!(
                    "SELECT v.key, count(*) FROM {table} t JOIN variable v ON v.id = t.variable_id
                     GROUP BY v.key"
                ))
                .map_err(sql)?;
            let rows = query
                .query_map([], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(sql)?;
            for (key, count) in rows {
                *usage.variables.entry(key).or_default() += count as usize;
            }
            // Single codes, and every code inside a multi-select's JSON list.
            let mut query = self
                .conn
                .prepare(&format!(
                    "SELECT v.key, t.code, count(*) FROM {table} t JOIN variable v ON v.id = t.variable_id
                     WHERE t.code IS NOT NULL GROUP BY v.key, t.code
                     UNION ALL
                     SELECT v.key, j.value, count(*) FROM {table} t
                     JOIN variable v ON v.id = t.variable_id, json_each(t.codes) j
                     WHERE t.codes IS NOT NULL GROUP BY v.key, j.value"
                ))
                .map_err(sql)?;
            let rows = query
                .query_map([], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, i64>(2)?,
                    ))
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(sql)?;
            for (key, code, count) in rows {
                *usage.values.entry((key, code)).or_default() += count as usize;
            }
        }
        Ok(usage)
    }

    /// Replaces the codebook's structure with `new` (its `version` is ignored: the stored one
    /// is raised by one). Refuses an invalid codebook, and removing or changing the kind of
    /// anything codes use.
    pub fn update_codebook(&mut self, new: &Codebook, actor: &str) -> Result<EditSummary> {
        let old = self.codebook()?;
        let unchanged = Codebook {
            version: old.version,
            ..new.clone()
        };
        if unchanged == old {
            return Ok(EditSummary {
                version: old.version,
                rewritten: 0,
            });
        }
        let checked = parse_codebook(&to_toml(new)).map_err(|problems| {
            StoreError::Invalid(
                problems
                    .iter()
                    .map(|p| p.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        let usage = self.codebook_usage()?;
        let mut removed_variables = Vec::new();
        let mut removed_values = Vec::new();
        for variable in &old.variables {
            let used = usage.variable(&variable.key);
            let Some(kept) = checked.variable(&variable.key) else {
                if used > 0 {
                    return Err(StoreError::Invalid(format!(
                        "variable '{}' has {used} codes: it cannot be removed",
                        variable.key
                    )));
                }
                removed_variables.push(variable.key.clone());
                continue;
            };
            if kept.kind != variable.kind && used > 0 {
                return Err(StoreError::Invalid(format!(
                    "variable '{}' has {used} codes: its kind cannot change from {} to {}",
                    variable.key, variable.kind, kept.kind
                )));
            }
            for value in &variable.values {
                if kept.value(value.code).is_some() {
                    continue;
                }
                let used = usage.value(&variable.key, value.code);
                if used > 0 {
                    return Err(StoreError::Invalid(format!(
                        "value {} '{}' of '{}' is used by {used} codes: retire it or merge it into another value instead",
                        value.code, value.label, variable.key
                    )));
                }
                removed_values.push((variable.key.clone(), value.code));
            }
        }
        let version = old.version + 1;
        let stored = Codebook { version, ..checked };
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        (|| {
            for key in &removed_variables {
                tx.execute("DELETE FROM variable WHERE key = ?1", [key])?;
            }
            for (key, code) in &removed_values {
                tx.execute(
                    "DELETE FROM value WHERE code = ?2
                     AND variable_id = (SELECT id FROM variable WHERE key = ?1)",
                    params![key, code],
                )?;
            }
            write_codebook(&tx, &stored, version)?;
            tx.execute(
                "INSERT INTO change_log (at, actor, action, old, new)
                 VALUES (?1, ?2, 'codebook.edit', ?3, ?4)",
                params![now(), actor, to_toml(&old), to_toml(&stored)],
            )?;
            tx.commit()
        })()
        .map_err(|e| sqlite_error(&path, e))?;
        Ok(EditSummary {
            version,
            rewritten: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::codebook::load_codebook;
    use crate::model::{Answer, CodeValue};
    use crate::store::{NewCoding, Project};

    fn project() -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        let codebook = load_codebook("tiktok-six").unwrap();
        let project = Project::create(&dir.path().join("p.cdesk"), "t", &codebook).unwrap();
        (dir, project)
    }

    fn code_theme(project: &mut Project, code: i64) {
        let unit = crate::model::Unit {
            uid: "u1".into(),
            ..Default::default()
        };
        project.upsert_units(&[unit], "me").unwrap();
        project
            .write_codings(
                &[NewCoding {
                    unit: "u1".into(),
                    coder: "ana".into(),
                    variable: "theme".into(),
                    answer: Answer::Code(code),
                    note: String::new(),
                }],
                "me",
            )
            .unwrap();
    }

    #[test]
    fn adding_reordering_and_editing_raise_the_version_once_and_keep_codes() {
        let (_dir, mut project) = project();
        code_theme(&mut project, 1);
        let mut codebook = project.codebook().unwrap();
        let before = codebook.version;
        codebook.variables.swap(0, 1);
        let theme = codebook
            .variables
            .iter_mut()
            .find(|v| v.key == "theme")
            .unwrap();
        theme.values[0].definition = "Mountains, rivers, the Yangtze".into();
        theme
            .values
            .push(CodeValue::new(42, "Nightlife", "Bars, neon"));
        let mut added = theme.clone();
        added.key = "season".into();
        added.label = "Season shown".into();
        codebook.variables.push(added);
        let summary = project.update_codebook(&codebook, "sup").unwrap();
        assert_eq!(summary.version, before + 1);

        let stored = project.codebook().unwrap();
        assert_eq!(stored.version, before + 1);
        assert_eq!(stored.variables[1].key, "theme", "reordered");
        let theme = stored.variable("theme").unwrap();
        assert_eq!(theme.values[0].definition, "Mountains, rivers, the Yangtze");
        assert_eq!(theme.value(42).unwrap().label, "Nightlife");
        assert!(stored.variable("season").is_some());
        let codes = project.codings_of_coder("ana").unwrap();
        assert_eq!(
            codes[0].answer,
            Answer::Code(1),
            "the code still points at its value"
        );

        // Applying the same codebook again is not a change.
        assert_eq!(
            project.update_codebook(&stored, "sup").unwrap().version,
            before + 1
        );
    }

    #[test]
    fn what_codes_use_cannot_be_removed_or_change_kind_but_unused_can_go() {
        let (_dir, mut project) = project();
        code_theme(&mut project, 1);
        let log_before = project.change_log_len().unwrap();
        let original = project.codebook().unwrap();

        let mut without_value = original.clone();
        let theme = without_value
            .variables
            .iter_mut()
            .find(|v| v.key == "theme")
            .unwrap();
        theme.values.retain(|v| v.code != 1);
        let error = project
            .update_codebook(&without_value, "sup")
            .unwrap_err()
            .to_string();
        assert!(error.contains("retire it or merge it"), "{error}");

        let mut without_variable = original.clone();
        without_variable.variables.retain(|v| v.key != "theme");
        let error = project
            .update_codebook(&without_variable, "sup")
            .unwrap_err()
            .to_string();
        assert!(error.contains("cannot be removed"), "{error}");

        let mut other_kind = original.clone();
        for variable in &mut other_kind.variables {
            if variable.key == "theme" {
                variable.kind = crate::model::Kind::Multi;
            }
        }
        assert!(project.update_codebook(&other_kind, "sup").is_err());
        assert_eq!(
            project.change_log_len().unwrap(),
            log_before,
            "nothing written"
        );
        assert_eq!(project.codebook().unwrap(), original);

        // An unused value and an unused variable can be removed.
        let mut smaller = original.clone();
        smaller.variables.retain(|v| v.key != "emotion");
        let theme = smaller
            .variables
            .iter_mut()
            .find(|v| v.key == "theme")
            .unwrap();
        let unused = theme.values.last().unwrap().code;
        theme.values.retain(|v| v.code != unused);
        project.update_codebook(&smaller, "sup").unwrap();
        let stored = project.codebook().unwrap();
        assert!(stored.variable("emotion").is_none());
        assert!(stored.variable("theme").unwrap().value(unused).is_none());
        assert_eq!(project.change_log_len().unwrap(), log_before + 1);
    }

    #[test]
    fn an_invalid_codebook_is_refused_with_the_variable_named() {
        let (_dir, mut project) = project();
        let mut codebook = project.codebook().unwrap();
        codebook.variables[0].values[1].label = codebook.variables[0].values[0].label.clone();
        let error = project
            .update_codebook(&codebook, "sup")
            .unwrap_err()
            .to_string();
        assert!(error.contains("duplicate label"), "{error}");
    }

    #[test]
    fn usage_counts_single_and_multi_select_codes() {
        let (_dir, mut project) = project();
        code_theme(&mut project, 2);
        let usage = project.codebook_usage().unwrap();
        assert_eq!(usage.variable("theme"), 1);
        assert_eq!(usage.value("theme", 2), 1);
        assert_eq!(usage.value("theme", 1), 0);
    }
}
