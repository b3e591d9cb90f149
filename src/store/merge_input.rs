//! Reading a coder's package for a merge: everything is checked before the master is touched.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Row};

use super::codings::{CodingRecord, read_codings};
use super::package::{PackageInfo, own_package};
use super::{APPLICATION_ID, Result, StoreError, latest_version};

/// The first schema version that has packages.
const PACKAGES_SINCE: i64 = 5;

/// One change-log entry by its content (ids differ between files).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct LogEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub unit: Option<String>,
    pub coder: Option<String>,
    pub variable: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
}

pub(super) const LOG_COLUMNS: &str = "at, actor, action, unit, coder, variable, old, new";

pub(super) fn log_entry_from_row(row: &Row<'_>) -> rusqlite::Result<LogEntry> {
    Ok(LogEntry {
        at: row.get(0)?,
        actor: row.get(1)?,
        action: row.get(2)?,
        unit: row.get(3)?,
        coder: row.get(4)?,
        variable: row.get(5)?,
        old: row.get(6)?,
        new: row.get(7)?,
    })
}

/// A unit note in the package.
#[derive(Debug, Clone)]
pub(super) struct PackageNote {
    pub unit: String,
    pub coder: String,
    pub note: String,
    pub updated_at: String,
}

/// Everything a merge takes from one package.
pub(super) struct PackageData {
    pub file: String,
    pub info: PackageInfo,
    pub codes: Vec<CodingRecord>,
    pub notes: Vec<PackageNote>,
    /// The package's change-log entries written after it was made: the coder's work.
    pub log: Vec<LogEntry>,
    /// The secret the package holds as proof that the master issued it (None: made before
    /// packages carried one).
    pub secret: Option<String>,
    /// The package's coders, (id, name): ids are the master's.
    pub coders: Vec<(i64, String)>,
}

/// Opens and checks a package of the study `study_uid`, and reads what a merge needs. A file
/// that is not a package of this study, a damaged or truncated file, or one from a newer
/// Codingdesk is refused with the reason.
pub(super) fn read_package(path: &Path, study_uid: &str) -> Result<PackageData> {
    let file = path.display().to_string();
    let refuse = |reason: String| StoreError::PackageRefused {
        file: file.clone(),
        reason,
    };
    if !path.is_file() {
        return Err(super::not_a_file(path));
    }
    // A package that its coder opened is in WAL mode, and SQLite reads such a file only where it
    // may create files beside it; a returned package may sit in a read-only folder (a mail
    // attachment, a USB stick). So the merge reads a private copy (with the -wal the coder sent
    // along, if any), and never writes to the coder's file.
    let copy = PrivateCopy::of(path).map_err(|e| refuse(format!("it cannot be read ({e})")))?;
    let conn = Connection::open_with_flags(
        &copy.file,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| refuse(format!("it cannot be opened ({e})")))?;
    let header = (|| -> rusqlite::Result<(i64, i64)> {
        Ok((
            conn.query_row("PRAGMA application_id", [], |row| row.get(0))?,
            conn.query_row("PRAGMA user_version", [], |row| row.get(0))?,
        ))
    })();
    let (application_id, version) = header.map_err(|error| {
        if super::starts_like_sqlite(path) {
            refuse(format!(
                "it is damaged or truncated ({error}); ask the coder to send the file again"
            ))
        } else {
            refuse("it is not a Codingdesk file".into())
        }
    })?;
    if application_id != APPLICATION_ID {
        return Err(refuse("it is not a Codingdesk file".into()));
    }
    if version > latest_version() {
        return Err(refuse(format!(
            "it was written by a newer Codingdesk (schema version {version}; this one reads up to {})",
            latest_version()
        )));
    }
    if version < PACKAGES_SINCE {
        return Err(refuse("it is a project file, not a coder's package".into()));
    }
    check_integrity(&conn).map_err(|problem| {
        refuse(format!(
            "it is damaged or truncated (SQLite integrity check: {problem}); ask the coder to send the file again"
        ))
    })?;
    let damaged = |e: rusqlite::Error| refuse(format!("it is damaged ({e})"));
    let info = own_package(&conn)
        .map_err(damaged)?
        .ok_or_else(|| refuse("it is a project file, not a coder's package".into()))?;
    let (uid, title): (Option<String>, String) = conn
        .query_row(
            "SELECT study_uid, title FROM study WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .map_err(damaged)?;
    if uid.as_deref() != Some(study_uid) {
        return Err(refuse(format!(
            "it was made from another study ('{title}'), not from this master"
        )));
    }
    let codes = read_codings(&conn, "", &[]).map_err(damaged)?;
    let notes = read_notes(&conn).map_err(damaged)?;
    let log = read_log_after(&conn, info.package_log_position).map_err(damaged)?;
    let secret = read_secret(&conn, &info.id).map_err(damaged)?;
    let coders = conn
        .prepare("SELECT id, name FROM coder ORDER BY id")
        .and_then(|mut query| {
            query
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(damaged)?;
    Ok(PackageData {
        file,
        info,
        codes,
        notes,
        log,
        secret,
        coders,
    })
}

/// A package copied (with its `-wal`) into a folder of its own under the system's temporary
/// folder, removed again when dropped.
struct PrivateCopy {
    folder: PathBuf,
    file: PathBuf,
}

impl PrivateCopy {
    fn of(path: &Path) -> std::io::Result<PrivateCopy> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let folder = std::env::temp_dir().join(format!(
            "codingdesk-merge-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&folder)?;
        let copy = PrivateCopy {
            file: folder.join("package.cdesk"),
            folder,
        };
        std::fs::copy(path, &copy.file)?;
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let wal = PathBuf::from(wal);
        if wal.is_file() {
            std::fs::copy(&wal, copy.folder.join("package.cdesk-wal"))?;
        }
        Ok(copy)
    }
}

impl Drop for PrivateCopy {
    fn drop(&mut self) {
        // A temporary copy left behind (e.g. the folder vanished) is the system's to clean; the
        // merge's outcome does not depend on it.
        if let Err(error) = std::fs::remove_dir_all(&self.folder)
            && error.kind() != std::io::ErrorKind::NotFound
        {
            eprintln!(
                "codingdesk: could not remove {}: {error}",
                self.folder.display()
            );
        }
    }
}

/// The secret a package holds, if it was made by a Codingdesk that gives packages one.
fn read_secret(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    let has_secret: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info('package') WHERE name = 'secret')",
        [],
        |row| row.get(0),
    )?;
    if !has_secret {
        return Ok(None);
    }
    conn.query_row("SELECT secret FROM package WHERE id = ?1", [id], |row| {
        row.get(0)
    })
}

fn check_integrity(conn: &Connection) -> std::result::Result<(), String> {
    let problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check(5)")
        .and_then(|mut query| {
            query
                .query_map([], |row| row.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()
        })
        .map_err(|e| e.to_string())?;
    match problems.first() {
        Some(first) if first == "ok" => Ok(()),
        Some(first) => Err(first.clone()),
        None => Err("no answer".into()),
    }
}

fn read_notes(conn: &Connection) -> rusqlite::Result<Vec<PackageNote>> {
    let mut query = conn.prepare(
        "SELECT u.uid, c.name, n.note, n.updated_at FROM unit_note n
         JOIN unit u ON u.id = n.unit_id JOIN coder c ON c.id = n.coder_id
         ORDER BY u.position, c.id",
    )?;
    query
        .query_map([], |row| {
            Ok(PackageNote {
                unit: row.get(0)?,
                coder: row.get(1)?,
                note: row.get(2)?,
                updated_at: row.get(3)?,
            })
        })?
        .collect()
}

fn read_log_after(conn: &Connection, position: i64) -> rusqlite::Result<Vec<LogEntry>> {
    let mut query = conn.prepare(&format!(
        "SELECT {LOG_COLUMNS} FROM change_log WHERE id > ?1 ORDER BY id"
    ))?;
    query.query_map([position], log_entry_from_row)?.collect()
}
