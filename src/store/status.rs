//! A study's state at a glance: what `codingdesk status` prints.

use serde::Serialize;

use super::{Project, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoderProgress {
    pub coder: String,
    /// The study's units assigned to the coder (0 when the study has no assignments for them).
    pub assigned: i64,
    /// Units of training rounds assigned to the coder.
    pub training_assigned: i64,
    /// The units in the coder's queue (`in_queue`): what `status` shows as "in queue" (every
    /// unit of the study when it has no assignments for the coder).
    pub in_queue: i64,
    /// Units with at least one code from the coder.
    pub started: i64,
    /// Units where the coder answered every required variable.
    pub done: i64,
    pub codings: i64,
}

impl CoderProgress {
    /// The units in the coder's queue: their training units, and their assigned units of the
    /// study — every unit of it (`study_units`) when they have no assignment in it.
    pub fn in_queue(&self, study_units: i64) -> i64 {
        let study = if self.assigned == 0 {
            study_units
        } else {
            self.assigned
        };
        study + self.training_assigned
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudyStatus {
    pub title: String,
    /// The study's units (not those only a training round holds).
    pub units: i64,
    /// Units only a training round holds.
    pub training_units: i64,
    pub coders: i64,
    pub codings: i64,
    pub variables: i64,
    pub required_variables: i64,
    pub codebook: String,
    pub codebook_version: i64,
    pub media: i64,
    /// Assignments of the study's units (a training round's own are not counted).
    pub assignments: i64,
    pub final_values: i64,
    pub change_log: i64,
    pub schema_version: i64,
    pub per_coder: Vec<CoderProgress>,
    /// Set when this file is a coder's package.
    pub package: Option<super::PackageInfo>,
    /// Packages made from this master.
    pub packages: Vec<super::PackageInfo>,
    /// Codes merges could not place, kept aside.
    pub kept_aside: i64,
}

impl Project {
    pub fn status(&self) -> Result<StudyStatus> {
        let count = |sql: &str| -> Result<i64> {
            self.conn
                .query_row(sql, [], |row| row.get(0))
                .map_err(|e| self.err(e))
        };
        let (title, codebook, codebook_version): (String, String, i64) = self
            .conn
            .query_row(
                "SELECT title, codebook_name, codebook_version FROM study WHERE id = 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .map_err(|e| self.err(e))?;
        let required_variables = count("SELECT count(*) FROM variable WHERE required = 1")?;
        let mut query = self
            .conn
            .prepare(
                "SELECT coder.name,
                    (SELECT count(*) FROM assignment a WHERE a.coder_id = coder.id
                        AND a.unit_id NOT IN (SELECT unit_id FROM training_only_unit)),
                    (SELECT count(*) FROM assignment a WHERE a.coder_id = coder.id
                        AND a.unit_id IN (SELECT unit_id FROM training_only_unit)),
                    (SELECT count(DISTINCT c.unit_id) FROM coding c WHERE c.coder_id = coder.id),
                    (SELECT count(*) FROM (
                        SELECT c.unit_id FROM coding c JOIN variable v ON v.id = c.variable_id
                        WHERE c.coder_id = coder.id AND v.required = 1
                        GROUP BY c.unit_id HAVING count(*) = ?1)),
                    (SELECT count(*) FROM coding c WHERE c.coder_id = coder.id)
                 FROM coder ORDER BY coder.id",
            )
            .map_err(|e| self.err(e))?;
        let per_coder = query
            .query_map([required_variables], |row| {
                Ok(CoderProgress {
                    coder: row.get(0)?,
                    assigned: row.get(1)?,
                    training_assigned: row.get(2)?,
                    in_queue: 0,
                    started: row.get(3)?,
                    done: row.get(4)?,
                    codings: row.get(5)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        let units = count(&format!(
            "SELECT count(*) FROM unit WHERE id NOT IN {}",
            super::TRAINING_ONLY_UNITS
        ))?;
        // With no required variable, "done" means "has any code".
        let per_coder = per_coder
            .into_iter()
            .map(|mut progress| {
                if required_variables == 0 {
                    progress.done = progress.started;
                }
                progress.in_queue = progress.in_queue(units);
                progress
            })
            .collect();
        Ok(StudyStatus {
            title,
            units,
            training_units: count("SELECT count(*) FROM training_only_unit")?,
            coders: count("SELECT count(*) FROM coder")?,
            codings: count("SELECT count(*) FROM coding")?,
            variables: count("SELECT count(*) FROM variable")?,
            required_variables,
            codebook,
            codebook_version,
            media: count("SELECT count(*) FROM media")?,
            assignments: count(&format!(
                "SELECT count(*) FROM assignment WHERE unit_id NOT IN {}",
                super::TRAINING_ONLY_UNITS
            ))?,
            final_values: count("SELECT count(*) FROM final_value")?,
            change_log: count("SELECT count(*) FROM change_log")?,
            schema_version: self.schema_version()?,
            per_coder,
            package: self.package_info()?,
            packages: self.packages()?,
            kept_aside: count("SELECT count(*) FROM merge_unmapped")?,
        })
    }
}
