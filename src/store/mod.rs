//! The project file: one SQLite database per study. Only this module talks SQL.
//!
//! Every user change is one transaction that also appends to `change_log`; with WAL and
//! `synchronous=FULL` a change is durable when the call returns.

mod codebook;
mod codebook_edit;
mod codebook_update;
mod codings;
mod columns;
mod derived;
mod desk;
mod merge;
mod merge_input;
mod package;
mod presence;
pub mod replica;
mod schema;
mod status;
pub mod tables;
mod training;
mod units;

pub use codebook_edit::EditSummary;
pub use codebook_update::CodebookUsage;
pub use codings::{
    AnswerColumns, CodingRecord, CodingSummary, NewCoding, Shared, answer_columns, check_answer,
};
pub use columns::UnitColumns;
pub use desk::QueueRow;
pub use merge::{
    Conflict, MappedCode, MergeOptions, MergeReport, PackageMerge, Prefer, Side, UNIT_NOTE,
    UnmappedCode,
};
pub use package::{PackageInfo, PackageOptions, PackageSummary, package_file_name};
pub use presence::{
    Claim, DeskHolder, DeskNews, HANDOVER_WAIT, REFRESH_EVERY, STALE_AFTER, this_host,
};
pub use schema::{APPLICATION_ID, latest_version};
pub use status::{CoderProgress, StudyStatus};
pub use training::{Clearance, Gold, NewRound, TrainingRound};
pub use units::UpsertSummary;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use thiserror::Error;

use crate::model::Codebook;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{file}: {source}")]
    Sqlite {
        file: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{}", crate::tr!("err-missing", file = file))]
    Missing { file: String },
    #[error("{}", crate::tr!("err-exists", file = file))]
    AlreadyExists { file: String },
    #[error("{}", crate::tr!("err-not-project", file = file))]
    NotAProject { file: String },
    #[error("{}", crate::tr!("err-newer", file = file, found = *found, supported = *supported))]
    NewerSchema {
        file: String,
        found: i64,
        supported: i64,
    },
    #[error("{}", crate::tr!("err-backup", file = file, purpose = *purpose, reason = reason))]
    Backup {
        file: String,
        purpose: &'static str,
        reason: String,
    },
    #[error("{}", crate::tr!("err-not-writable", file = file, reason = reason))]
    NotWritable { file: String, reason: String },
    /// Rows from elsewhere (a server) carry a column this file's table does not have: kept out
    /// whole rather than written without it.
    #[error("{}", crate::tr!("err-column-not-in-file", file = file, table = *table, column = column))]
    ColumnNotInFile {
        file: String,
        table: &'static str,
        column: String,
    },
    #[error("{}", crate::tr!("err-folder", file = file))]
    Folder { file: String },
    #[error("{}", crate::tr!("err-not-a-file", file = file))]
    NotAFile { file: String },
    #[error("{}", crate::tr!("err-disk-full", file = file))]
    DiskFull { file: String },
    #[error("{}", crate::tr!("err-no-folder", file = file, folder = folder))]
    NoFolder { file: String, folder: String },
    #[error("{}", crate::tr!("err-folder-not-writable", file = file, folder = folder, reason = reason))]
    FolderNotWritable {
        file: String,
        folder: String,
        reason: String,
    },
    #[error("{}", crate::tr!("err-unknown-unit", id = .0))]
    UnknownUnit(String),
    #[error("{}", crate::tr!("err-training-closed", unit = unit, round = round))]
    TrainingClosed { unit: String, round: String },
    #[error(
        "no coder named '{0}' in this study: `codingdesk coders FILE` lists them, `codingdesk coders FILE --add \"{0}\"` adds one"
    )]
    UnknownCoder(String),
    #[error("no variable '{key}' in the codebook (variables: {available})")]
    UnknownVariable { key: String, available: String },
    #[error("variable '{variable}': {message}")]
    InvalidAnswer { variable: String, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", crate::tr!(
        "err-changed-elsewhere",
        variable = variable,
        unit = unit,
        now = stored.as_ref().map_or_else(|| crate::tr!("err-empty"), |a| format!("'{}'", a.to_plain()))
    ))]
    ChangedElsewhere {
        unit: String,
        variable: String,
        stored: Option<crate::model::Answer>,
    },
    #[error("{}", crate::tr!("err-read-only", reason = .0))]
    ReadOnly(String),
    /// The server that holds the study could not be reached: the change is not saved, and the
    /// session takes no more until the server is back (the connection's words).
    #[error("{}", crate::tr!("desk-server-lost", reason = .0))]
    ServerLost(String),
    /// A change tried while the server is still out of reach.
    #[error("{}", crate::tr!("desk-offline-refused"))]
    ServerOffline,
    /// Someone changed the same row on the server first: nothing was written and the study
    /// was read again.
    #[error("{}", crate::tr!("server-err-conflict", table = *.table, row = .row))]
    ServerConflict { table: &'static str, row: String },
    /// The server refused a change (a rule it enforces), in its words.
    #[error("{0}")]
    ServerRefused(String),
    /// A training round not counted in the study would take units others already coded out of
    /// it (its agreement and results would change) without being told to.
    #[error("{}", crate::tr!("err-training-takes-coded", round = round, units = *units, codes = *codes))]
    TrainingTakesCoded {
        round: String,
        units: usize,
        codes: usize,
    },
    #[error("{}", crate::tr!("err-bad-key", file = file, key = key))]
    BadKey { file: String, key: String },
    #[error("{}", crate::tr!("err-package-refused", file = file, reason = reason))]
    PackageRefused { file: String, reason: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Checks that a new file can be written at `out` before anything is built: a missing folder or
/// one that cannot be written to is said as such (SQLite said "unable to open database file").
pub(crate) fn check_out_folder(out: &Path) -> Result<()> {
    let folder = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(StoreError::NoFolder {
            file: out.display().to_string(),
            folder: folder.display().to_string(),
        });
    }
    let probe = folder.join(format!(".codingdesk-write-test-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => std::fs::remove_file(&probe).map_err(|source| StoreError::Io {
            file: probe.display().to_string(),
            source,
        }),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(StoreError::FolderNotWritable {
            file: out.display().to_string(),
            folder: folder.display().to_string(),
            reason: error.to_string(),
        }),
    }
}

/// Where a file is built before it is put in place: beside it (the same file system, so the
/// move is a rename), hidden. A command killed part-way leaves only this, never a broken file
/// under the name asked for, and a retry clears it.
pub(crate) fn partial_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".to_owned());
    out.with_file_name(format!(".{name}.partial"))
}

/// Removes a partial file with its SQLite companions (what a killed attempt left).
pub(crate) fn remove_partial(partial: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = partial.as_os_str().to_owned();
        name.push(suffix);
        let path = PathBuf::from(name);
        match std::fs::remove_file(&path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(StoreError::Io {
                    file: path.display().to_string(),
                    source: error,
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// A failure of building `partial`: the partial file is removed, and the error says so if it
/// could not be (the next attempt clears it too).
pub(crate) fn cleaned_up(error: StoreError, partial: &Path) -> StoreError {
    match remove_partial(partial) {
        Ok(()) => error,
        Err(left) => StoreError::Invalid(format!("{error}; {left}")),
    }
}

/// Puts a finished partial file in place under `out`, never over an existing file (a hard link
/// refuses one; where links are not supported, a rename after a last look).
pub(crate) fn put_in_place(partial: &Path, out: &Path) -> Result<()> {
    let io = |source: std::io::Error| StoreError::Io {
        file: out.display().to_string(),
        source,
    };
    match std::fs::hard_link(partial, out) {
        Ok(()) => std::fs::remove_file(partial).map_err(io),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StoreError::AlreadyExists {
                file: out.display().to_string(),
            })
        }
        Err(_) if out.exists() => Err(StoreError::AlreadyExists {
            file: out.display().to_string(),
        }),
        Err(_) => std::fs::rename(partial, out).map_err(io),
    }
}

/// Whether a new project file must survive a power cut (a study's file) or is a disposable
/// copy of a study that lives elsewhere (a replica).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    Durable,
    Cache,
}

/// An open project file.
pub struct Project {
    conn: Connection,
    path: PathBuf,
    /// Where media paths are relative to when that is not the file's folder (a replica of a
    /// server study has no folder of its own).
    media_base: Option<PathBuf>,
    /// The private folder a replica's file lives in, removed with it (declared last: the
    /// connection closes first).
    replica_dir: Option<tempfile::TempDir>,
}

/// The current time as stored in the file: UTC, RFC 3339 with milliseconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub use crate::format::local_time;

impl Project {
    /// Creates a new project file with a codebook. Refuses to overwrite an existing file.
    pub fn create(path: &Path, title: &str, codebook: &Codebook) -> Result<Project> {
        Project::create_with(path, Durability::Durable, |tx| {
            tx.execute(
                "INSERT INTO study (id, title, created_at, study_uid)
                 VALUES (1, ?1, ?2, lower(hex(randomblob(16))))",
                params![title, now()],
            )?;
            codebook::insert_codebook(tx, codebook)?;
            codebook::log_codebook(tx, "create", codebook)
        })
    }

    /// A new project file with the latest schema and what `fill` writes, in one transaction.
    /// Refuses an existing file; a failure leaves no file behind.
    fn create_with(
        path: &Path,
        durability: Durability,
        fill: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>,
    ) -> Result<Project> {
        if path.exists() {
            return Err(StoreError::AlreadyExists {
                file: path.display().to_string(),
            });
        }
        let conn = Connection::open(path).map_err(|source| sqlite_error(path, source))?;
        let mut project = Project {
            conn,
            path: path.to_owned(),
            media_base: None,
            replica_dir: None,
        };
        let created = (|| {
            // Set before the first table exists (a WAL file's page size is fixed). 16 KiB pages
            // write a 100,000-unit import in a quarter of the WAL frames and system calls of
            // 4 KiB ones, and commit it in about half the time; a coder's one-code change still
            // writes a few pages.
            project.conn.pragma_update(None, "page_size", PAGE_SIZE)?;
            match durability {
                Durability::Durable => project.configure()?,
                Durability::Cache => project.configure_cache()?,
            }
            project.migrate_from(0)?;
            let tx = begin(&mut project.conn)?;
            fill(&tx)?;
            tx.commit()
        })();
        if let Err(error) = created {
            drop(project);
            // A half-made file must not be left behind to be mistaken for a project.
            let _ = std::fs::remove_file(path);
            return Err(sqlite_error(path, error));
        }
        Ok(project)
    }

    /// Opens an existing project, upgrading it (after a backup copy) if it is older.
    pub fn open(path: &Path) -> Result<Project> {
        let file = path.display().to_string();
        if path.is_dir() {
            return Err(StoreError::Folder { file });
        }
        if !path.is_file() {
            return Err(not_a_file(path));
        }
        // A file SQLite cannot open, or read in WAL mode, may be fine but unwritable: say so
        // rather than calling it "not a project".
        let unwritable = |error: rusqlite::Error| match write_access_problem(path) {
            Some(reason) => StoreError::NotWritable {
                file: file.clone(),
                reason,
            },
            None => sqlite_error(path, error),
        };
        // A project Codingdesk cannot write here (a read-only folder, a shared drive, a file
        // marked read-only) is still read: status, agreement, exports and reports work, and a
        // change is refused with the reason.
        if let Some(reason) = write_access_problem(path) {
            return Project::open_read_only(path, reason);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(unwritable)?;
        let project = Project {
            conn,
            path: path.to_owned(),
            media_base: None,
            replica_dir: None,
        };
        let version = project.schema_checked(|| match write_access_problem(path) {
            Some(reason) if starts_like_sqlite(path) => StoreError::NotWritable {
                file: file.clone(),
                reason,
            },
            _ => StoreError::NotAProject { file: file.clone() },
        })?;
        project.configure().map_err(unwritable)?;
        if version < latest_version() {
            project.backup_before_upgrade(version)?;
            project
                .migrate_from(version)
                .map_err(|e| sqlite_error(path, e))?;
        }
        project.check_keys()?;
        Ok(project)
    }

    /// The file's schema version once its header says it is a Codingdesk project this build
    /// can read; `unreadable` says why when the header cannot be read at all.
    fn schema_checked(&self, unreadable: impl FnOnce() -> StoreError) -> Result<i64> {
        let file = self.path.display().to_string();
        let (application_id, version) = self.identify().map_err(|_| unreadable())?;
        if application_id != APPLICATION_ID {
            return Err(StoreError::NotAProject { file });
        }
        if version > latest_version() {
            return Err(StoreError::NewerSchema {
                file,
                found: version,
                supported: latest_version(),
            });
        }
        Ok(version)
    }

    /// Opens a project this process cannot write, for reading. Without a `-wal` file beside it
    /// nobody is writing it (a writer needs the folder), so it is read as immutable: SQLite
    /// then needs no `-shm` file either. With one, it is read through the log. A file of an
    /// older schema cannot be upgraded here and is refused with `reason`.
    fn open_read_only(path: &Path, reason: String) -> Result<Project> {
        let file = path.display().to_string();
        let not_writable = || StoreError::NotWritable {
            file: file.clone(),
            reason: reason.clone(),
        };
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let uri = format!(
            "{}?{}",
            file_uri(path),
            if Path::new(&wal).exists() {
                "mode=ro"
            } else {
                "immutable=1"
            }
        );
        let conn = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|_| not_writable())?;
        let project = Project {
            conn,
            path: path.to_owned(),
            media_base: None,
            replica_dir: None,
        };
        let version = project.schema_checked(|| {
            if starts_like_sqlite(path) {
                not_writable()
            } else {
                StoreError::NotAProject { file: file.clone() }
            }
        })?;
        if version < latest_version() {
            // It needs upgrading, which writes.
            return Err(not_writable());
        }
        (|| -> rusqlite::Result<()> {
            project.conn.busy_timeout(Duration::from_secs(5))?;
            project.conn.pragma_update(None, "foreign_keys", "ON")
        })()
        .map_err(|e| sqlite_error(path, e))?;
        project.check_keys()?;
        Ok(project)
    }

    /// Refuses a project this process can only read, with the reason: for a window, whose
    /// desk and tabs write as the user works.
    pub fn require_writable(&self) -> Result<()> {
        if !self.is_read_only() {
            return Ok(());
        }
        Err(StoreError::NotWritable {
            file: self.path.display().to_string(),
            reason: write_access_problem(&self.path)
                .unwrap_or_else(|| "this process may not write it".into()),
        })
    }

    /// Whether this process can only read the project (see `open`).
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
    }

    /// Refuses a file whose variable keys Codingdesk never writes (`../../x`, `/etc/y`): edited
    /// by hand or made to attack, they would name files outside an export's folder.
    fn check_keys(&self) -> Result<()> {
        let mut query = self
            .conn
            .prepare("SELECT key FROM variable")
            .map_err(|e| self.err(e))?;
        let keys = query
            .query_map([], |row| row.get::<_, String>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
            .map_err(|e| self.err(e))?;
        match keys.into_iter().find(|key| !crate::codebook::is_key(key)) {
            Some(key) => Err(StoreError::BadKey {
                file: self.path.display().to_string(),
                key,
            }),
            None => Ok(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Folder that media paths are relative to.
    pub fn base_dir(&self) -> PathBuf {
        if let Some(base) = &self.media_base {
            return base.clone();
        }
        match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        }
    }

    /// Moves every committed change from the `-wal` file into the project file, so that the
    /// `.cdesk` alone holds the whole study (a user may copy or mail just that file). Called when
    /// a window is idle and when it closes. Passive: it never waits for other connections (a
    /// window must not freeze while another reads), so it returns false when another connection
    /// kept part of the log in use; nothing is lost then (the `-wal` is part of the database), and
    /// a later checkpoint finishes the job.
    pub fn checkpoint(&self) -> Result<bool> {
        let (log, checkpointed): (i64, i64) = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
                Ok((row.get(1)?, row.get(2)?))
            })
            .map_err(|e| self.err(e))?;
        Ok(log == checkpointed)
    }

    /// Writes a self-contained copy of the project to `out` (a consistent snapshot taken with
    /// `VACUUM INTO`, whatever other windows are doing): the file to mail or archive. Refuses to
    /// overwrite an existing file.
    pub fn copy_to(&self, out: &Path) -> Result<()> {
        if out.exists() {
            return Err(StoreError::AlreadyExists {
                file: out.display().to_string(),
            });
        }
        check_out_folder(out)?;
        // Built under a partial name and put in place whole: a killed copy leaves no 0-byte or
        // half-written file under `out`.
        let partial = partial_path(out);
        remove_partial(&partial)?;
        let copied = self
            .conn
            .execute("VACUUM INTO ?1", params![partial.to_string_lossy()])
            .map_err(|source| sqlite_error(out, source))
            .and_then(|_| put_in_place(&partial, out));
        copied.map_err(|error| cleaned_up(error, &partial))
    }

    fn identify(&self) -> rusqlite::Result<(i64, i64)> {
        let application_id = self
            .conn
            .query_row("PRAGMA application_id", [], |row| row.get(0))?;
        let version = self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?;
        Ok((application_id, version))
    }

    fn configure(&self) -> rusqlite::Result<()> {
        self.conn.busy_timeout(Duration::from_secs(5))?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        let _mode: String = self
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        // Reads of whole tables (analyses of 100,000 units) go through the page cache without
        // copies — in the command line; the window maps nothing (see `set_memory_map_limit`).
        self.conn
            .pragma_update(None, "mmap_size", MEMORY_MAP.load(Ordering::Relaxed))?;
        Ok(())
    }

    /// A replica's settings: a copy whose home is elsewhere need not survive a power cut, so it
    /// is not synced to disk (rollback still works: the journal is kept in memory).
    fn configure_cache(&self) -> rusqlite::Result<()> {
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        let _mode: String = self
            .conn
            .query_row("PRAGMA journal_mode=MEMORY", [], |row| row.get(0))?;
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        self.conn
            .pragma_update(None, "mmap_size", MEMORY_MAP.load(Ordering::Relaxed))?;
        Ok(())
    }

    fn backup_before_upgrade(&self, version: i64) -> Result<()> {
        self.backup_copy(&format!("v{version}"), "before upgrading it")
            .map(|_| ())
    }

    /// Copies the whole project to `FILE.TAG-STAMP.bak` beside it (a consistent snapshot, even
    /// in WAL mode) and returns the copy's path. `purpose` completes "could not back up FILE …"
    /// when it fails; a partly written backup (a full disk) is removed then.
    pub(super) fn backup_copy(&self, tag: &str, purpose: &'static str) -> Result<PathBuf> {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".{tag}-{stamp}.bak"));
        let backup = PathBuf::from(name);
        let copied = self
            .conn
            .execute("VACUUM INTO ?1", params![backup.to_string_lossy()]);
        if let Err(error) = copied {
            let mut reason = error.to_string();
            match std::fs::remove_file(&backup) {
                Err(left) if left.kind() != std::io::ErrorKind::NotFound => {
                    reason.push_str(&format!(
                        " (and the unfinished backup {} could not be removed: {left}; delete it)",
                        backup.display()
                    ));
                }
                _ => {}
            }
            return Err(StoreError::Backup {
                file: self.path.display().to_string(),
                purpose,
                reason,
            });
        }
        Ok(backup)
    }

    fn migrate_from(&self, version: i64) -> rusqlite::Result<()> {
        for (index, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.unchecked_transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.commit()?;
        }
        Ok(())
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        sqlite_error(&self.path, source)
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.identify().map(|(_, v)| v).map_err(|e| self.err(e))
    }

    pub fn title(&self) -> Result<String> {
        self.conn
            .query_row("SELECT title FROM study WHERE id = 1", [], |row| row.get(0))
            .map_err(|e| self.err(e))
    }

    /// The codebook as stored in the project, with its current version.
    pub fn codebook(&self) -> Result<Codebook> {
        codebook::load_codebook(&self.conn).map_err(|e| self.err(e))
    }

    /// Adds a coder if there is none of that name; returns the coder's id either way.
    pub fn ensure_coder(&mut self, name: &str, actor: &str) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a coder's name cannot be empty".into()));
        }
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&self.path, e))?;
        let id =
            codings::ensure_coder(&tx, name, actor).map_err(|e| sqlite_error(&self.path, e))?;
        tx.commit().map_err(|e| sqlite_error(&self.path, e))?;
        Ok(id)
    }

    pub fn coder_id(&self, name: &str) -> Result<Option<i64>> {
        self.conn
            .query_row("SELECT id FROM coder WHERE name = ?1", [name], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Names of all coders, in the order they were added.
    pub fn coders(&self) -> Result<Vec<String>> {
        let mut statement = self
            .conn
            .prepare("SELECT name FROM coder ORDER BY id")
            .map_err(|e| self.err(e))?;
        let names = statement
            .query_map([], |row| row.get(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
            .map_err(|e| self.err(e))?;
        Ok(names)
    }

    /// Adds a coder by name (logged); refuses a name the study has already.
    pub fn add_coder(&mut self, name: &str, actor: &str) -> Result<()> {
        let name = name.trim();
        if self.coder_id(name)?.is_some() {
            return Err(StoreError::Invalid(format!(
                "the study already has a coder named '{name}'"
            )));
        }
        self.ensure_coder(name, actor).map(|_| ())
    }

    /// Renames a coder: their codes, notes, assignments and adjudication role follow (they point
    /// at the coder's row), and the change is logged. Refused in a coder's package, and for a
    /// coder with packages made from this master, because a merge finds a package's coder by name.
    pub fn rename_coder(&mut self, old: &str, new: &str, actor: &str) -> Result<()> {
        let new = new.trim();
        if new.is_empty() {
            return Err(StoreError::Invalid("a coder's name cannot be empty".into()));
        }
        if self.coder_id(old)?.is_none() {
            return Err(StoreError::UnknownCoder(old.to_owned()));
        }
        if old != new && self.coder_id(new)?.is_some() {
            return Err(StoreError::Invalid(format!(
                "the study already has a coder named '{new}'"
            )));
        }
        if let Some(package) = self.package_info()? {
            return Err(StoreError::Invalid(format!(
                "this file is {}'s package: rename coders in the master project",
                package.coder
            )));
        }
        let packages: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM package WHERE coder = ?1",
                [old],
                |row| row.get(0),
            )
            .map_err(|e| self.err(e))?;
        if packages > 0 {
            return Err(StoreError::Invalid(format!(
                "{packages} package(s) were made for '{old}', and a merge finds a package's coder by name: merge them first, rename, then make new packages"
            )));
        }
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        (|| {
            tx.execute("UPDATE coder SET name = ?2 WHERE name = ?1", [old, new])?;
            tx.execute(
                "UPDATE study SET primary_coder = ?2 WHERE primary_coder = ?1",
                [old, new],
            )?;
            tx.execute(
                "UPDATE desk_open SET coder = ?2 WHERE coder = ?1",
                [old, new],
            )?;
            tx.execute(
                "INSERT INTO change_log (at, actor, action, coder, old, new)
                 VALUES (?1, ?2, 'coder.rename', ?4, ?3, ?4)",
                params![now(), actor, old, new],
            )?;
            tx.commit()
        })()
        .map_err(|e| sqlite_error(&path, e))
    }

    /// The coder whose values settle disagreements nobody adjudicated.
    pub fn primary_coder(&self) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT primary_coder FROM study WHERE id = 1", [], |row| {
                row.get(0)
            })
            .map_err(|e| self.err(e))
    }

    pub fn set_primary_coder(&mut self, coder: &str, actor: &str) -> Result<()> {
        if self.coder_id(coder)?.is_none() {
            return Err(StoreError::UnknownCoder(coder.to_owned()));
        }
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        (|| {
            let old: Option<String> =
                tx.query_row("SELECT primary_coder FROM study WHERE id = 1", [], |row| {
                    row.get(0)
                })?;
            tx.execute("UPDATE study SET primary_coder = ?1 WHERE id = 1", [coder])?;
            tx.execute(
                "INSERT INTO change_log (at, actor, action, coder, old, new)
                 VALUES (?1, ?2, 'study.primary_coder', ?3, ?4, ?3)",
                params![now(), actor, coder, old],
            )?;
            tx.commit()
        })()
        .map_err(|e| sqlite_error(&path, e))
    }

    /// Adjudicated values of the study's units: (unit uid, variable key, answer).
    pub fn final_values(&self) -> Result<Vec<(String, String, crate::model::Answer)>> {
        let mut query = self
            .conn
            .prepare(&format!(
                "SELECT u.uid, v.key, f.code, f.codes, f.number, f.text FROM final_value f
                 JOIN unit u ON u.id = f.unit_id JOIN variable v ON v.id = f.variable_id
                 WHERE u.id NOT IN {TRAINING_ONLY_UNITS}"
            ))
            .map_err(|e| self.err(e))?;
        let rows = query
            .query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, codings::answer_from_row(row, 2)?))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Number of entries in the append-only change log.
    pub fn change_log_len(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM change_log", [], |row| row.get(0))
            .map_err(|e| self.err(e))
    }
}

/// Why a file cannot be written in place, if that is the trouble: the file itself is read-only,
/// or its folder does not let Codingdesk create files (SQLite's -wal and -shm go beside it).
/// Looked at only after opening failed, so a project that opens is never probed.
fn write_access_problem(path: &Path) -> Option<String> {
    let readonly = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let probe = folder.join(format!(".codingdesk-write-test-{}", std::process::id()));
    let folder_writable = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => std::fs::remove_file(&probe).is_ok(),
        Err(error) => error.kind() == std::io::ErrorKind::AlreadyExists,
    };
    let file_writable = !readonly && std::fs::OpenOptions::new().append(true).open(path).is_ok();
    match (file_writable, folder_writable) {
        (true, true) => None,
        (false, _) => Some("the file is read-only".into()),
        (true, false) => Some(format!("its folder {} is read-only", folder.display())),
    }
}

/// Why `path`, which is not a regular file, cannot be read as one: it does not exist, or it
/// is a pipe, a device or a socket (reading a pipe would wait for a writer forever).
pub fn not_a_file(path: &Path) -> StoreError {
    let file = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_dir() => StoreError::Folder { file },
        Ok(_) => StoreError::NotAFile { file },
        Err(_) => StoreError::Missing { file },
    }
}

/// Whether the file begins with SQLite's magic header.
pub(super) fn starts_like_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut magic))
        .is_ok_and(|()| &magic == b"SQLite format 3\0")
}

/// Removes a project file and its SQLite companions (`-wal`, `-shm`); missing ones are fine.
pub fn remove_project_files(file: &Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        match std::fs::remove_file(PathBuf::from(name)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
    }
    Ok(())
}

/// Starts a write transaction that takes the write lock at once, so that a busy file waits at the
/// start (busy timeout) instead of failing half-way.
/// How many bytes of a project file SQLite maps into memory. Mapped pages are read without a
/// copy, which a command reading a whole study once gains from; but they count in the process's
/// resident memory for as long as it runs, so the window (open for hours, reading the study
/// again on every change) maps none: `set_memory_map_limit(0)` before it opens a study.
/// Bytes per database page of a new project file (files made before keep their 4 KiB pages).
const PAGE_SIZE: i64 = 16_384;

static MEMORY_MAP: AtomicI64 = AtomicI64::new(268_435_456);

/// Sets how much of a project file later connections map into memory (see [`MEMORY_MAP`]).
pub fn set_memory_map_limit(bytes: i64) {
    MEMORY_MAP.store(bytes.max(0), Ordering::Relaxed);
}

/// The units only a training round holds, as an SQL subquery: the study's agreement, results,
/// exports and draws leave them out (schema migration 8).
const TRAINING_ONLY_UNITS: &str = "(SELECT unit_id FROM training_only_unit)";

fn begin(conn: &mut Connection) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
}

fn sqlite_error(path: &Path, source: rusqlite::Error) -> StoreError {
    let file = path.display().to_string();
    match source.sqlite_error_code() {
        // "attempt to write a readonly database (code 8)" says nothing a person can act on.
        Some(rusqlite::ErrorCode::ReadOnly) => StoreError::NotWritable {
            reason: write_access_problem(path)
                .unwrap_or_else(|| "this process may not write it".into()),
            file,
        },
        Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull { file },
        _ => StoreError::Sqlite { file, source },
    }
}

/// A path as an SQLite `file:` URI (RFC 3986: bytes outside the unreserved set and `/` are
/// percent-encoded, so `?`, `#` and `%` in a folder name stay part of the path).
fn file_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file:");
    if !text.starts_with('/') {
        // A Windows path (C:/…) is written file:/C:/….
        uri.push('/');
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                uri.push(char::from(byte))
            }
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    uri
}

#[cfg(test)]
mod tests;
