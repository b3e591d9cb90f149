//! Coder packages: a project file for one coder, built by selecting from the master (never by
//! deleting, so nothing of another coder can linger in free pages), that the coder codes offline
//! and the supervisor merges back (see `merge.rs` and docs/teams.md).

use std::path::{Component, Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{Project, Result, StoreError, begin, now, sqlite_error};

mod all;
mod names;
pub use names::package_file_name;

/// How a package is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageOptions {
    /// Copy the units' media next to the package (into `NAME-media/`); otherwise the package
    /// refers to the master's media files by absolute path.
    pub copy_media: bool,
}

impl Default for PackageOptions {
    fn default() -> Self {
        PackageOptions { copy_media: true }
    }
}

/// What writing a package did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageSummary {
    pub file: PathBuf,
    pub package_id: String,
    pub coder: String,
    pub units: usize,
    pub codes: usize,
    pub notes: usize,
    pub media_copied: usize,
    /// Media files the master refers to but that were not found: the package keeps the reference.
    pub media_missing: Vec<String>,
    /// Media paths that do not name a picture or a video (a path in a received project, a file
    /// swapped for a link to something else): never copied; the package keeps the reference.
    pub media_refused: Vec<String>,
    pub media_folder: Option<PathBuf>,
}

/// A package record: in a master, one per package made; in a package, the package itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageInfo {
    pub id: String,
    pub coder: String,
    pub made_at: String,
    pub codebook_version: i64,
    /// The master's last change-log entry when the package was made: later entries are changes
    /// made in the master since.
    pub master_log_position: i64,
    /// The package's last change-log entry when it was made: later entries are the coder's work.
    pub package_log_position: i64,
    pub units: i64,
    pub file: String,
    pub merged_at: Option<String>,
}

impl PackageInfo {
    /// When the package was made, in local time.
    pub fn made_shown(&self) -> String {
        super::local_time(&self.made_at)
    }

    /// When a merge last took something from the package, in local time, or "not yet".
    pub fn merged_shown(&self) -> String {
        self.merged_at
            .as_deref()
            .map_or_else(|| "not yet".to_owned(), super::local_time)
    }
}

pub(super) fn package_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<PackageInfo> {
    Ok(PackageInfo {
        id: row.get(0)?,
        coder: row.get(1)?,
        made_at: row.get(2)?,
        codebook_version: row.get(3)?,
        master_log_position: row.get(4)?,
        package_log_position: row.get(5)?,
        units: row.get(6)?,
        file: row.get(7)?,
        merged_at: row.get(8)?,
    })
}

pub(super) const PACKAGE_COLUMNS: &str =
    "id, coder, made_at, codebook_version, master_log_position,
     package_log_position, units, file, merged_at";

/// The package record of a file that is a package, read from any connection.
pub(super) fn own_package(conn: &Connection) -> rusqlite::Result<Option<PackageInfo>> {
    let id: Option<String> =
        conn.query_row("SELECT package_id FROM study WHERE id = 1", [], |row| {
            row.get(0)
        })?;
    let Some(id) = id else {
        return Ok(None);
    };
    conn.query_row(
        &format!("SELECT {PACKAGE_COLUMNS} FROM package WHERE id = ?1"),
        [id],
        package_from_row,
    )
    .optional()
}

impl Project {
    /// The random id shared by a master and the packages made from it.
    pub fn study_uid(&self) -> Result<String> {
        self.conn
            .query_row("SELECT study_uid FROM study WHERE id = 1", [], |row| {
                row.get::<_, Option<String>>(0)
            })
            .map(Option::unwrap_or_default)
            .map_err(|e| self.err(e))
    }

    /// When this file is a coder's package: its record (the coder it is for, when it was made).
    pub fn package_info(&self) -> Result<Option<PackageInfo>> {
        own_package(&self.conn).map_err(|e| self.err(e))
    }

    /// The packages made from this master, oldest first.
    pub fn packages(&self) -> Result<Vec<PackageInfo>> {
        let mut query = self
            .conn
            .prepare(&format!(
                "SELECT {PACKAGE_COLUMNS} FROM package
                 WHERE id IS NOT (SELECT package_id FROM study WHERE id = 1) ORDER BY made_at, id"
            ))
            .map_err(|e| self.err(e))?;
        let rows = query
            .query_map([], package_from_row)
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Writes a package for one coder at `out`: the codebook, the coder's units (assigned,
    /// coded or noted; every unit when the coder has no assignments) with metadata and media,
    /// and only that coder's codes, notes and change-log entries. The master records the
    /// package and logs it. Refuses to overwrite a file; a failed package leaves nothing behind,
    /// and a killed one nothing under `out` (it is built under a partial name and put in place
    /// in the transaction that records it).
    pub fn write_package(
        &mut self,
        coder: &str,
        out: &Path,
        options: PackageOptions,
        actor: &str,
    ) -> Result<PackageSummary> {
        let prepared = self.prepare_package(coder, out, options, actor)?;
        let mut recorded = self.record_packages(vec![prepared])?;
        recorded
            .pop()
            .ok_or_else(|| StoreError::Invalid("no package was recorded".into()))
    }

    /// Builds a package under a partial name beside `out`, with its media, recording nothing
    /// in the master yet (see `record_packages`).
    pub(super) fn prepare_package(
        &self,
        coder: &str,
        out: &Path,
        options: PackageOptions,
        actor: &str,
    ) -> Result<PreparedPackage> {
        if self.package_info()?.is_some() {
            return Err(StoreError::Invalid(format!(
                "{} is a coder's package: make packages from the master project",
                self.path.display()
            )));
        }
        let coder_id = self
            .coder_id(coder)?
            .ok_or_else(|| StoreError::UnknownCoder(coder.to_owned()))?;
        if out.exists() {
            return Err(StoreError::AlreadyExists {
                file: out.display().to_string(),
            });
        }
        // SQLite's randomblob draws from its ChaCha20 generator seeded by the system's
        // randomness: the secret cannot be guessed from the id or from other packages.
        let (package_id, secret, master_position): (String, String, i64) = self
            .conn
            .query_row(
                "SELECT lower(hex(randomblob(16))), lower(hex(randomblob(32))),
                        coalesce(max(id), 0) FROM change_log",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .map_err(|e| self.err(e))?;
        let media_folder = media_folder_for(out);
        let folder_existed = media_folder.exists();
        let selection = Selection {
            coder,
            coder_id,
            package_id: &package_id,
            secret: &secret,
            master_position,
            options,
            media_folder: &media_folder,
            made_at: now(),
            // Absolute, so that the master's list of packages says where they went.
            file: std::path::absolute(out)
                .unwrap_or_else(|_| out.to_owned())
                .display()
                .to_string(),
        };
        super::check_out_folder(out)?;
        let partial = super::partial_path(out);
        super::remove_partial(&partial)?;
        match self.build_package(&partial, &selection, actor) {
            Ok((mut summary, log_position)) => {
                summary.file = out.to_owned();
                Ok(PreparedPackage {
                    summary,
                    partial,
                    out: out.to_owned(),
                    made_folder: (!folder_existed).then_some(media_folder.clone()),
                    package_id: package_id.clone(),
                    secret: secret.clone(),
                    coder: coder.to_owned(),
                    coder_id,
                    actor: actor.to_owned(),
                    made_at: selection.made_at.clone(),
                    master_position,
                    log_position,
                    file: selection.file.clone(),
                })
            }
            Err(error) => {
                let cleaned =
                    remove_package_files(&partial, (!folder_existed).then_some(&media_folder));
                Err(with_cleanup(error, cleaned))
            }
        }
    }

    /// Records prepared packages in the master and puts their files in place, in one
    /// transaction: all of them or, if anything fails, none (their files and media folders are
    /// removed again).
    pub(super) fn record_packages(
        &mut self,
        prepared: Vec<PreparedPackage>,
    ) -> Result<Vec<PackageSummary>> {
        let path = self.path.clone();
        let mut placed: Vec<&PreparedPackage> = Vec::new();
        let recorded = (|| -> Result<()> {
            let sql = |e| sqlite_error(&path, e);
            let tx = begin(&mut self.conn).map_err(sql)?;
            for package in &prepared {
                tx.execute(
                    &format!(
                        "INSERT INTO package ({PACKAGE_COLUMNS}, coder_id, secret)
                         SELECT ?1, ?2, ?3, codebook_version, ?4, ?5, ?6, ?7, NULL, ?8, ?9
                         FROM study WHERE id = 1"
                    ),
                    params![
                        package.package_id,
                        package.coder,
                        package.made_at,
                        package.master_position,
                        package.log_position,
                        package.summary.units as i64,
                        package.file,
                        package.coder_id,
                        package.secret
                    ],
                )
                .map_err(sql)?;
                tx.execute(
                    "INSERT INTO change_log (at, actor, action, coder, new)
                     VALUES (?1, ?2, 'package.make', ?3, ?4)",
                    params![
                        package.made_at,
                        package.actor,
                        package.coder,
                        format!("{} {}", package.package_id, package.out.display())
                    ],
                )
                .map_err(sql)?;
            }
            for package in &prepared {
                super::put_in_place(&package.partial, &package.out)?;
                placed.push(package);
            }
            tx.commit().map_err(sql)
        })();
        match recorded {
            Ok(()) => Ok(prepared.into_iter().map(|p| p.summary).collect()),
            Err(error) => {
                let mut left = Vec::new();
                for package in &prepared {
                    let file = if placed.iter().any(|p| p.out == package.out) {
                        &package.out
                    } else {
                        &package.partial
                    };
                    if let Err(problem) = remove_package_files(file, package.made_folder.as_ref()) {
                        left.push(problem);
                    }
                }
                Err(with_cleanup(
                    error,
                    if left.is_empty() {
                        Ok(())
                    } else {
                        Err(left.join("; "))
                    },
                ))
            }
        }
    }

    /// Removes prepared packages that will not be recorded (another one of the same `--all`
    /// failed): their partial files and the media folders made for them.
    pub(super) fn discard_prepared(prepared: &[PreparedPackage]) -> Result<(), String> {
        let mut left = Vec::new();
        for package in prepared {
            if let Err(problem) =
                remove_package_files(&package.partial, package.made_folder.as_ref())
            {
                left.push(problem);
            }
        }
        if left.is_empty() {
            Ok(())
        } else {
            Err(left.join("; "))
        }
    }

    fn build_package(
        &self,
        out: &Path,
        selection: &Selection<'_>,
        actor: &str,
    ) -> Result<(PackageSummary, i64)> {
        let conn = Connection::open(out).map_err(|e| sqlite_error(out, e))?;
        let mut package = Project {
            conn,
            path: out.to_owned(),
            media_base: None,
            replica_dir: None,
        };
        let fail = |e| sqlite_error(out, e);
        package.configure().map_err(fail)?;
        package.migrate_from(0).map_err(fail)?;
        package
            .conn
            .execute(
                "ATTACH DATABASE ?1 AS master",
                [self.path.to_string_lossy()],
            )
            .map_err(fail)?;
        let (mut summary, log_position) =
            copy_selection(&mut package.conn, selection, actor).map_err(fail)?;
        summary.file = out.to_owned();
        package
            .conn
            .execute_batch("DETACH DATABASE master")
            .map_err(fail)?;
        place_media(&package.conn, self, selection, &mut summary)?;
        // A package travels as one file: leave it in rollback-journal mode, so no -wal file
        // has to travel with it. Opening it in the desk switches it back to WAL.
        let _mode: String = package
            .conn
            .query_row("PRAGMA journal_mode=DELETE", [], |row| row.get(0))
            .map_err(fail)?;
        Ok((summary, log_position))
    }
}

/// A package built under its partial name, not yet recorded in the master nor in place.
pub(super) struct PreparedPackage {
    summary: PackageSummary,
    partial: PathBuf,
    out: PathBuf,
    /// The media folder this package made (removed with it if it is not recorded).
    made_folder: Option<PathBuf>,
    package_id: String,
    secret: String,
    coder: String,
    coder_id: i64,
    actor: String,
    made_at: String,
    master_position: i64,
    log_position: i64,
    file: String,
}

struct Selection<'a> {
    coder: &'a str,
    coder_id: i64,
    package_id: &'a str,
    /// Known to the master and to this package only: proves the package at a merge.
    secret: &'a str,
    master_position: i64,
    options: PackageOptions,
    media_folder: &'a Path,
    /// One time for the package's record in both files.
    made_at: String,
    file: String,
}

/// Copies the coder's part of the attached master into the new package in one transaction.
fn copy_selection(
    conn: &mut Connection,
    selection: &Selection<'_>,
    actor: &str,
) -> rusqlite::Result<(PackageSummary, i64)> {
    let tx = begin(conn)?;
    let coder_id = selection.coder_id;
    tx.execute(
        "INSERT INTO main.study (id, title, description, created_at, codebook_name, codebook_title,
             codebook_description, codebook_version, primary_coder, study_uid, package_id,
             codebook_language, codebook_translations)
         SELECT id, title, description, created_at, codebook_name, codebook_title,
             codebook_description, codebook_version, NULL, study_uid, ?1,
             codebook_language, codebook_translations FROM master.study",
        [selection.package_id],
    )?;
    tx.execute_batch(
        "INSERT INTO main.variable SELECT * FROM master.variable;
         INSERT INTO main.value SELECT * FROM master.value;",
    )?;
    // Assignments in the study proper: a coder assigned only a training round codes the whole
    // study besides (as their desk in the master shows).
    let assigned: i64 = tx.query_row(
        "SELECT count(*) FROM master.assignment WHERE coder_id = ?1
           AND unit_id NOT IN (SELECT unit_id FROM master.training_only_unit)",
        [coder_id],
        |row| row.get(0),
    )?;
    // The units the coder's desk will show (its queue), and any unit the coder already coded
    // or annotated, so that the coder's own work travels along.
    let chosen = if assigned > 0 {
        "SELECT unit_id FROM master.assignment WHERE coder_id = ?1
         UNION SELECT unit_id FROM master.coding WHERE coder_id = ?1
         UNION SELECT unit_id FROM master.unit_note WHERE coder_id = ?1"
    } else {
        "SELECT id FROM master.unit WHERE ?1 IS NOT NULL
           AND id NOT IN (SELECT unit_id FROM master.training_only_unit)
         UNION SELECT unit_id FROM master.assignment WHERE coder_id = ?1"
    };
    tx.execute(
        &format!("INSERT INTO main.unit SELECT * FROM master.unit WHERE id IN ({chosen})"),
        [coder_id],
    )?;
    // The coder first: a round whose gold coder is this coder keeps that reference.
    for table in ["coder", "assignment", "coding", "unit_note"] {
        let column = if table == "coder" { "id" } else { "coder_id" };
        tx.execute(
            &format!("INSERT INTO main.{table} SELECT * FROM master.{table} WHERE {column} = ?1"),
            [coder_id],
        )?;
    }
    // The training rounds of the package's units, so that the desk marks them and keeps a
    // closed round's codes; the gold standard stays in the master (reviewed there).
    tx.execute_batch(
        "INSERT INTO main.media SELECT * FROM master.media WHERE unit_id IN (SELECT id FROM main.unit);
         INSERT INTO main.training_round (id, name, alpha_min, counted, created_at, closed_at,
                                          blanks_count, gold_coder_id)
             SELECT id, name, alpha_min, counted, created_at, closed_at, blanks_count,
                    CASE WHEN gold_coder_id IN (SELECT id FROM main.coder) THEN gold_coder_id END
             FROM master.training_round WHERE id IN
             (SELECT round_id FROM master.training_unit WHERE unit_id IN (SELECT id FROM main.unit));
         INSERT INTO main.training_unit SELECT * FROM master.training_unit
             WHERE unit_id IN (SELECT id FROM main.unit);",
    )?;
    // The codebook's history (what the codes were coded against) and the coder's own history;
    // no one else's entries, and no adjudications.
    tx.execute(
        "INSERT INTO main.change_log (at, actor, action, unit, coder, variable, old, new)
         SELECT at, actor, action, unit, coder, variable, old, new FROM master.change_log
         WHERE action LIKE 'codebook.%' OR (coder = ?1 AND action NOT LIKE 'final.%')
         ORDER BY id",
        [selection.coder],
    )?;
    tx.execute(
        "INSERT INTO main.change_log (at, actor, action, coder, new)
         VALUES (?1, ?2, 'package.make', ?3, ?4)",
        params![
            selection.made_at,
            actor,
            selection.coder,
            selection.package_id
        ],
    )?;
    let count = |sql: &str| tx.query_row(sql, [], |row| row.get::<_, i64>(0));
    let units = count("SELECT count(*) FROM main.unit")?;
    let codes = count("SELECT count(*) FROM main.coding")?;
    let notes = count("SELECT count(*) FROM main.unit_note")?;
    let log_position = count("SELECT max(id) FROM main.change_log")?;
    tx.execute(
        &format!(
            "INSERT INTO main.package ({PACKAGE_COLUMNS}, coder_id, secret)
             SELECT ?1, ?2, ?3, codebook_version, ?4, ?5, ?6, ?7, NULL, ?8, ?9 FROM main.study"
        ),
        params![
            selection.package_id,
            selection.coder,
            selection.made_at,
            selection.master_position,
            log_position,
            units,
            selection.file,
            coder_id,
            selection.secret
        ],
    )?;
    tx.commit()?;
    let summary = PackageSummary {
        file: PathBuf::new(),
        package_id: selection.package_id.to_owned(),
        coder: selection.coder.to_owned(),
        units: units as usize,
        codes: codes as usize,
        notes: notes as usize,
        media_copied: 0,
        media_missing: Vec::new(),
        media_refused: Vec::new(),
        media_folder: None,
    };
    Ok((summary, log_position))
}

/// Copies the units' media next to the package (or points at the master's files) and rewrites
/// the package's media paths so that they resolve from the package's folder.
fn place_media(
    conn: &Connection,
    master: &Project,
    selection: &Selection<'_>,
    summary: &mut PackageSummary,
) -> Result<()> {
    let package_path = summary.file.clone();
    let fail = |e| sqlite_error(&package_path, e);
    let rows: Vec<(i64, String)> = conn
        .prepare("SELECT id, path FROM media ORDER BY id")
        .and_then(|mut query| {
            query
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<_>>()
        })
        .map_err(fail)?;
    let master_dir = master.base_dir();
    let folder_name = selection
        .media_folder
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut update = conn
        .prepare("UPDATE media SET path = ?2 WHERE id = ?1")
        .map_err(fail)?;
    // Which file each place in the media folder holds: one name from two folders gets two places.
    let mut taken: std::collections::HashMap<PathBuf, PathBuf> = std::collections::HashMap::new();
    for (id, stored) in rows {
        let source = master_dir.join(&stored);
        let absolute = std::path::absolute(&source).unwrap_or(source.clone());
        if !source.is_file() {
            summary.media_missing.push(stored.clone());
            update
                .execute(params![id, absolute.to_string_lossy()])
                .map_err(fail)?;
            continue;
        }
        if !selection.options.copy_media {
            update
                .execute(params![id, absolute.to_string_lossy()])
                .map_err(fail)?;
            continue;
        }
        // Only pictures and videos leave this computer in a package, whatever a stored path
        // names and wherever a link leads: what is read is checked, not what it is called.
        if !is_picture_or_video(&source) {
            summary.media_refused.push(stored.clone());
            continue;
        }
        let plain = inside_path(&stored);
        let relative = match taken.get(&plain) {
            Some(other) if *other != source => distinct_path(&stored, &plain),
            _ => plain,
        };
        taken.insert(relative.clone(), source.clone());
        let target = selection.media_folder.join(&relative);
        let copied = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::copy(&source, &target).map(|_| ()));
        if let Err(source) = copied {
            return Err(StoreError::Io {
                file: target.display().to_string(),
                source,
            });
        }
        let reference = Path::new(&folder_name).join(&relative);
        update
            .execute(params![id, reference.to_string_lossy().replace('\\', "/")])
            .map_err(fail)?;
        summary.media_copied += 1;
    }
    if summary.media_copied > 0 {
        summary.media_folder = Some(selection.media_folder.to_owned());
    }
    Ok(())
}

/// A media path as a path inside the package's media folder: relative paths keep their folders
/// (without `..`), absolute ones keep their file name.
fn inside_path(stored: &str) -> PathBuf {
    let path = Path::new(stored);
    if path.is_absolute() || path.components().any(|c| c == Component::ParentDir) {
        return PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
    }
    path.components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect()
}

/// Where a media file goes when its plain place is taken by another file of the same name from
/// another folder (`/x1/1.jpg`, `/x2/1.jpg`): `outside/HASH/NAME`, the hash of its whole path.
fn distinct_path(stored: &str, plain: &Path) -> PathBuf {
    let hash = stored
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    let name = plain.file_name().unwrap_or(plain.as_os_str());
    Path::new("outside")
        .join(format!("{:08x}", hash as u32))
        .join(name)
}

/// Whether a file is a picture or a video by its first bytes (JPEG, PNG, GIF, WebP, BMP, MP4 or
/// QuickTime, Matroska or WebM, AVI), read through any link.
fn is_picture_or_video(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut file| file.read(&mut head));
    let Ok(length) = read else {
        return false;
    };
    let head = &head[..length];
    let starts = |magic: &[u8]| head.starts_with(magic);
    starts(&[0xFF, 0xD8, 0xFF])
        || starts(b"\x89PNG\r\n\x1a\n")
        || starts(b"GIF87a")
        || starts(b"GIF89a")
        || starts(b"BM")
        || starts(&[0x1A, 0x45, 0xDF, 0xA3])
        || (starts(b"RIFF") && head.len() >= 12 && matches!(&head[8..12], b"WEBP" | b"AVI "))
        || (head.len() >= 8
            && matches!(&head[4..8], b"ftyp" | b"moov" | b"mdat" | b"wide" | b"free"))
}

/// `ana.cdesk` → `ana-media` beside it.
fn media_folder_for(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "package".to_owned());
    out.with_file_name(format!("{stem}-media"))
}

/// A failed package's error, naming what its clean-up could not remove (to be deleted by hand).
fn with_cleanup(error: StoreError, cleaned: Result<(), String>) -> StoreError {
    match cleaned {
        Ok(()) => error,
        Err(left) => StoreError::Invalid(format!("{error}; could not remove: {left}")),
    }
}

/// Removes a package file, its SQLite companions and (if given) its media folder; what could not
/// be removed is named in the error (missing files are fine).
fn remove_package_files(out: &Path, media_folder: Option<&PathBuf>) -> Result<(), String> {
    let mut left = Vec::new();
    let mut remove = |path: PathBuf, removed: std::io::Result<()>| match removed {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            left.push(format!("{}: {error}", path.display()));
        }
        _ => {}
    };
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = out.as_os_str().to_owned();
        name.push(suffix);
        let path = PathBuf::from(name);
        let removed = std::fs::remove_file(&path);
        remove(path, removed);
    }
    if let Some(folder) = media_folder {
        let removed = std::fs::remove_dir_all(folder);
        remove(folder.clone(), removed);
    }
    if left.is_empty() {
        Ok(())
    } else {
        Err(left.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_paths_stay_inside_the_package_folder() {
        assert_eq!(inside_path("media/a.jpg"), PathBuf::from("media/a.jpg"));
        assert_eq!(inside_path("./media/a.jpg"), PathBuf::from("media/a.jpg"));
        assert_eq!(inside_path("../../etc/a.jpg"), PathBuf::from("a.jpg"));
        assert_eq!(inside_path("/data/videos/b.mp4"), PathBuf::from("b.mp4"));
        // Two files of one name in two folders get two places.
        let plain = inside_path("/x2/1.jpg");
        let other = distinct_path("/x2/1.jpg", &plain);
        assert_ne!(other, distinct_path("/x1/1.jpg", &plain));
        assert!(other.starts_with("outside") && other.ends_with("1.jpg"));
        assert!(
            other
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        );
        assert_eq!(
            media_folder_for(Path::new("out/ana.cdesk")),
            PathBuf::from("out/ana-media")
        );
    }
}
