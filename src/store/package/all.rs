//! Packages for every coder at once, all or nothing: checked before anything is written, and
//! taken back (files, media folders, the master's records) if one fails part-way.

use std::path::{Path, PathBuf};

use rusqlite::params;

use super::{
    PackageOptions, PackageSummary, media_folder_for, package_file_name, remove_package_files,
};
use crate::store::{Project, Result, StoreError, begin, now, sqlite_error};

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
        let mut written = Vec::new();
        for (coder, path) in &targets {
            match self.write_package(coder, path, options, actor) {
                Ok(summary) => written.push(summary),
                Err(error) => {
                    // All or nothing: take back the packages already written.
                    let made_folder = (!folder_existed).then_some(folder);
                    return Err(self.withdraw_packages(&written, made_folder, error));
                }
            }
        }
        Ok(written)
    }

    /// Removes packages written by a `write_packages_for_all` that failed part-way: their files,
    /// media folders and records in the master (logged as `package.withdraw`). Returns the error
    /// that caused it, with anything that could not be cleaned up added to it.
    fn withdraw_packages(
        &mut self,
        written: &[PackageSummary],
        made_folder: Option<&Path>,
        cause: StoreError,
    ) -> StoreError {
        let mut left = Vec::new();
        for summary in written {
            let media = media_folder_for(&summary.file);
            if let Err(problem) =
                remove_package_files(&summary.file, summary.media_folder.as_ref().map(|_| &media))
            {
                left.push(problem);
            }
        }
        if let Some(folder) = made_folder
            && let Err(error) = std::fs::remove_dir(folder)
            && error.kind() != std::io::ErrorKind::NotFound
        {
            left.push(format!("{}: {error}", folder.display()));
        }
        let ids: Vec<&str> = written.iter().map(|s| s.package_id.as_str()).collect();
        let path = self.path.clone();
        let forgotten = (|| {
            let tx = begin(&mut self.conn)?;
            for id in &ids {
                tx.execute("DELETE FROM package WHERE id = ?1", [id])?;
                tx.execute(
                    "INSERT INTO change_log (at, actor, action, old) VALUES (?1, 'codingdesk', 'package.withdraw', ?2)",
                    params![now(), id],
                )?;
            }
            tx.commit()
        })();
        if let Err(error) = forgotten {
            left.push(sqlite_error(&path, error).to_string());
        }
        if left.is_empty() {
            return StoreError::Invalid(format!("{cause}; no package was written"));
        }
        StoreError::Invalid(format!(
            "{cause}; the packages written before it were taken back, but these could not be removed: {}",
            left.join("; ")
        ))
    }
}
