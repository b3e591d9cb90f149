//! Packages for every coder at once, all or nothing: checked before anything is written, each
//! built under a partial name, then recorded in the master and put in place in one transaction.

use std::path::{Path, PathBuf};

use super::{PackageOptions, PackageSummary, package_file_name};
use crate::store::{Project, Result, StoreError};

impl Project {
    /// The coders packages are made for: those with assignments, or every coder when the study
    /// has no assignments yet.
    pub fn coders_to_package(&self) -> Result<Vec<String>> {
        let mut query = self
            .conn
            .prepare(
                "SELECT name FROM coder WHERE id IN (SELECT coder_id FROM assignment)
                    OR NOT EXISTS (SELECT 1 FROM assignment)
                 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let names = query
            .query_map([], |row| row.get(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
            .map_err(|e| self.err(e))?;
        Ok(names)
    }

    /// Writes one package per coder (see `coders_to_package`) into `folder`, named
    /// `STUDY-CODER.cdesk`, creating the folder when it is missing. Checks first that none of the
    /// files exists, so that it writes all or, on a refusal, none.
    pub fn write_packages_for_all(
        &mut self,
        folder: &Path,
        options: PackageOptions,
        actor: &str,
    ) -> Result<Vec<PackageSummary>> {
        let coders = self.coders_to_package()?;
        if coders.is_empty() {
            return Err(StoreError::Invalid(
                "the study has no coders yet: add coders (Assignments) before making packages"
                    .into(),
            ));
        }
        if folder.exists() && !folder.is_dir() {
            return Err(StoreError::Invalid(format!(
                "{} is a file, not a folder: packages for all coders go into a folder",
                folder.display()
            )));
        }
        let targets: Vec<(String, PathBuf)> = coders
            .into_iter()
            .map(|coder| {
                let path = folder.join(package_file_name(&self.path, &coder));
                (coder, path)
            })
            .collect();
        if let Some((_, taken)) = targets.iter().find(|(_, path)| path.exists()) {
            return Err(StoreError::AlreadyExists {
                file: taken.display().to_string(),
            });
        }
        let mut names = std::collections::HashMap::new();
        for (coder, path) in &targets {
            if let Some(other) = names.insert(path, coder) {
                return Err(StoreError::Invalid(format!(
                    "coders '{other}' and '{coder}' would get the same package file {}: rename one (codingdesk coders FILE --rename OLD NEW)",
                    path.display()
                )));
            }
        }
        // Only now, so that a refusal leaves no empty folder behind.
        let folder_existed = folder.exists();
        std::fs::create_dir_all(folder).map_err(|source| StoreError::Io {
            file: folder.display().to_string(),
            source,
        })?;
        // Every package is built under its partial name first; the master records them, and
        // their files are put in place, in one transaction once all are complete: a failure or
        // a kill part-way leaves no package under its name and no record of one.
        let mut prepared = Vec::new();
        for (coder, path) in &targets {
            match self.prepare_package(coder, path, options, actor) {
                Ok(package) => prepared.push(package),
                Err(error) => {
                    let discarded = Project::discard_prepared(&prepared);
                    let made_folder = (!folder_existed).then_some(folder);
                    return Err(not_written(error, discarded, made_folder));
                }
            }
        }
        match self.record_packages(prepared) {
            Ok(written) => Ok(written),
            Err(error) => {
                let made_folder = (!folder_existed).then_some(folder);
                Err(not_written(error, Ok(()), made_folder))
            }
        }
    }
}

/// The error of a `--all` that wrote no package, with what could not be removed.
fn not_written(
    cause: StoreError,
    discarded: std::result::Result<(), String>,
    made_folder: Option<&Path>,
) -> StoreError {
    let mut left: Vec<String> = discarded.err().into_iter().collect();
    if let Some(folder) = made_folder
        && let Err(error) = std::fs::remove_dir(folder)
        && error.kind() != std::io::ErrorKind::NotFound
    {
        left.push(format!("{}: {error}", folder.display()));
    }
    if left.is_empty() {
        StoreError::Invalid(format!("{cause}; no package was written"))
    } else {
        StoreError::Invalid(format!(
            "{cause}; no package was written, but these could not be removed: {}",
            left.join("; ")
        ))
    }
}
