//! Working on a server study through a replica: a consistent snapshot of what the signed-in
//! role may read, in a private project file on which every command of the store runs unchanged
//! (so a server study prints exactly what its file prints), and the replica's changes carried to
//! the server in one transaction, each row checked against what the server holds — a
//! compare-and-set per row. A change someone else made first is never overwritten: the whole
//! write is refused ([`ServerError::Conflict`]) and the caller reads a fresh snapshot.
//!
//! Windows learn of other people's commits by `LISTEN`: the schema's triggers `NOTIFY` at commit.

use std::path::PathBuf;

use postgres::Client;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};

use super::{Result, ServerError, bound, connect_with, current_schema, server_columns};
use crate::store::Project;
use crate::store::replica::RowChange;
use crate::store::tables::{Cell, STUDY_TABLES, SetAside, TableRows, set_aside_bad_answers};

/// Where a server study is and how to sign in. The password, if given, stays in memory: it is
/// never written anywhere and never shown (`Debug` hides it).
#[derive(Clone, PartialEq)]
pub struct Login {
    pub url: String,
    password: Option<String>,
}

impl Login {
    pub fn new(url: &str, password: Option<String>) -> Login {
        Login {
            url: url.trim().to_owned(),
            password: password.filter(|p| !p.is_empty()),
        }
    }

    pub fn connect(&self) -> Result<Client> {
        connect_with(&self.url, self.password.as_deref())
    }
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login")
            .field("url", &self.url)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .finish()
    }
}

/// Who is signed in, as the server says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A coder of the study, by their name in it: reads the study and only their own codes.
    Coder(String),
    /// A member of `codingdesk_supervisor` (or the database's owner): reads and writes all.
    Supervisor,
}

/// A signed-in connection to a server study.
pub struct ServerStudy {
    client: Client,
    login: Login,
    role: Role,
    /// This connection's server process: its own notifications are not news.
    process_id: i32,
    /// Where media paths are relative to: the profile's folder, else the folder the study was
    /// pushed from.
    media_base: Option<PathBuf>,
    media_override: Option<PathBuf>,
    /// Rows the last snapshot left out because the file would refuse them.
    set_aside: Vec<SetAside>,
}

/// Reads every study table the signed-in role may read, in one read-only snapshot (so that the
/// tables fit together). A coder's role reads only their own codes, notes and log entries, and
/// no adjudicated values: the server decides, not this function. Answers the file would refuse
/// (written before the server checked them) are left out and returned beside the tables.
pub fn read_study(client: &mut Client) -> Result<(Vec<TableRows>, Vec<SetAside>)> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let exists: i64 = tx.query_one("SELECT count(*) FROM study", &[])?.get(0);
    if exists == 0 {
        return Err(ServerError::NoStudy);
    }
    let mut tables = Vec::with_capacity(STUDY_TABLES.len());
    for table in STUDY_TABLES {
        let readable: bool = tx
            .query_one(
                "SELECT has_table_privilege(current_user, $1, 'SELECT')",
                &[table],
            )?
            .get(0);
        if !readable {
            continue;
        }
        let columns = server_columns(&mut tx, table)?;
        // The server's own columns stay on the server; every other one travels (and a file
        // without it refuses the rows: StoreError::ColumnNotInFile).
        let travels: Vec<bool> = columns
            .iter()
            .map(|(name, _)| !super::schema::is_server_only(table, name))
            .collect();
        let rows = tx.query(&format!("SELECT * FROM {table}"), &[])?;
        let mut out_rows = Vec::with_capacity(rows.len());
        for row in rows {
            let mut cells = Vec::with_capacity(columns.len());
            for (i, (name, kind)) in columns.iter().enumerate() {
                if !travels[i] {
                    continue;
                }
                let bad = || ServerError::Value {
                    table,
                    column: name.clone(),
                };
                let cell = match *kind {
                    Type::BOOL => row
                        .try_get::<_, Option<bool>>(i)?
                        .map_or(Cell::Null, |b| Cell::Integer(i64::from(b))),
                    Type::INT8 => row
                        .try_get::<_, Option<i64>>(i)?
                        .map_or(Cell::Null, Cell::Integer),
                    Type::INT4 => row
                        .try_get::<_, Option<i32>>(i)?
                        .map_or(Cell::Null, |n| Cell::Integer(i64::from(n))),
                    Type::FLOAT8 => row
                        .try_get::<_, Option<f64>>(i)?
                        .map_or(Cell::Null, Cell::Real),
                    Type::TEXT => row
                        .try_get::<_, Option<String>>(i)?
                        .map_or(Cell::Null, Cell::Text),
                    _ => return Err(bad()),
                };
                cells.push(cell);
            }
            out_rows.push(cells);
        }
        tables.push(TableRows {
            table,
            columns: columns
                .into_iter()
                .zip(&travels)
                .filter(|(_, travels)| **travels)
                .map(|((name, _), _)| name)
                .collect(),
            rows: out_rows,
        });
    }
    tx.commit()?;
    let set_aside = set_aside_bad_answers(&mut tables);
    Ok((tables, set_aside))
}

impl ServerStudy {
    /// Signs in and reads the first replica. `media` overrides where the study's media are.
    pub fn open(login: Login, media: Option<PathBuf>) -> Result<(ServerStudy, Project)> {
        let mut client = login.connect()?;
        current_schema(&mut client)?;
        let row = client.query_one(
            "SELECT codingdesk_coder_name(), codingdesk_is_supervisor(),
                    pg_backend_pid(),
                    (SELECT d.datdba = r.oid FROM pg_database d, pg_roles r
                     WHERE d.datname = current_database() AND r.rolname = session_user)",
            &[],
        )?;
        let (coder, supervisor, process_id, owner): (Option<String>, bool, i32, Option<bool>) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        let role = match coder {
            _ if supervisor || owner == Some(true) => Role::Supervisor,
            Some(name) => Role::Coder(name),
            None => return Err(ServerError::NotACoder),
        };
        listen(&mut client, &role)?;
        let mut study = ServerStudy {
            client,
            login,
            role,
            process_id,
            media_base: None,
            media_override: media,
            set_aside: Vec::new(),
        };
        let project = study.snapshot()?;
        Ok((study, project))
    }

    /// Rows of the study the last read left out, each with the reason (say so to the user).
    pub fn set_aside(&self) -> &[SetAside] {
        &self.set_aside
    }

    pub fn role(&self) -> &Role {
        &self.role
    }

    pub fn url(&self) -> &str {
        &self.login.url
    }

    /// A fresh replica of the study as the server holds it now. News heard before it was read is
    /// in it, so it is forgotten.
    pub fn snapshot(&mut self) -> Result<Project> {
        self.drain_news()?;
        let media_root: Option<String> = self
            .client
            .query_opt("SELECT media_root FROM study", &[])?
            .and_then(|row| row.get(0));
        self.media_base = self
            .media_override
            .clone()
            .or_else(|| media_root.map(PathBuf::from));
        let (tables, set_aside) = read_study(&mut self.client)?;
        self.set_aside = set_aside;
        Ok(Project::replica(&tables, self.media_base.clone())?)
    }

    /// Whether someone else committed a change this role would see since the last snapshot (or
    /// the last call). Never waits for the network beyond reading what has arrived.
    pub fn changed_elsewhere(&mut self) -> Result<bool> {
        // Asking the server something also reads any notification that arrived meanwhile, and
        // notices at once when the server has gone away.
        self.client.simple_query("")?;
        self.drain_news()
    }

    fn drain_news(&mut self) -> Result<bool> {
        let mut news = false;
        let mut notifications = self.client.notifications();
        let mut pending = notifications.iter();
        while let Some(notification) = pending.next()? {
            news |= notification.process_id() != self.process_id;
        }
        Ok(news)
    }

    /// Whether the connection is still up (false once the server went away).
    pub fn is_connected(&self) -> bool {
        !self.client.is_closed()
    }

    /// Signs in again after the connection was lost (same login, same notifications); read a
    /// fresh snapshot after it.
    pub fn reconnect(&mut self) -> Result<()> {
        let mut client = self.login.connect()?;
        current_schema(&mut client)?;
        let process_id: i32 = client.query_one("SELECT pg_backend_pid()", &[])?.get(0);
        listen(&mut client, &self.role)?;
        self.client = client;
        self.process_id = process_id;
        Ok(())
    }

    /// Carries what `project` (a replica from this study) changed since the last commit to the
    /// server, in one transaction, every row compared with what the server holds first. Returns
    /// how many rows were written. On [`ServerError::Conflict`] nothing was written and the
    /// replica no longer matches the server: read a fresh one.
    pub fn commit(&mut self, project: &mut Project) -> Result<usize> {
        let changes = project.take_changes()?;
        if changes.is_empty() {
            return Ok(0);
        }
        let mut tx = self.client.transaction()?;
        let mut columns_of = std::collections::HashMap::new();
        for change in &changes {
            if !columns_of.contains_key(change.table) {
                let columns = server_columns(&mut tx, change.table)?;
                columns_of.insert(change.table, columns);
            }
        }
        // Children before parents when deleting (a parent's cascade would leave the child's
        // own delete nothing to compare), parents before children when writing.
        for table in STUDY_TABLES.iter().rev() {
            for change in changes.iter().filter(|c| c.table == *table) {
                if let (Some(before), None) = (&change.before, &change.after) {
                    let written = delete_row(&mut tx, &columns_of[table], change, before)?;
                    if written != 1 {
                        return Err(conflict(change));
                    }
                }
            }
        }
        let mut moved_ids = Vec::new();
        for table in STUDY_TABLES {
            for change in changes.iter().filter(|c| c.table == *table) {
                let server = &columns_of[table];
                match (&change.before, &change.after) {
                    (None, Some(after)) => {
                        insert_row(&mut tx, server, change, after)?;
                        // Serial ids only (a package's id is text).
                        let serial = server
                            .iter()
                            .any(|(name, kind)| name == "id" && *kind == Type::INT8);
                        if *table != "change_log" && serial {
                            moved_ids.push(*table);
                        }
                    }
                    (Some(before), Some(after)) => {
                        let written = update_row(&mut tx, server, change, before, after)?;
                        if written != 1 {
                            return Err(conflict(change));
                        }
                    }
                    _ => {}
                }
            }
        }
        moved_ids.dedup();
        for table in moved_ids {
            // Rows came with the replica's ids: the server's next id must come after them (and
            // after any it already handed out).
            tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                        GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}),
                                 nextval(pg_get_serial_sequence('{table}', 'id'))))"
                ),
                &[],
            )?;
        }
        tx.commit()?;
        Ok(changes.len())
    }
}

/// Asks the server for word of commits: a coder hears of changes to the study (codebook, units,
/// assignments); a supervisor also of everyone's codes.
fn listen(client: &mut Client, role: &Role) -> Result<()> {
    client.batch_execute(match role {
        Role::Coder(_) => "LISTEN codingdesk_study",
        Role::Supervisor => "LISTEN codingdesk_study; LISTEN codingdesk_codes",
    })?;
    Ok(())
}

fn conflict(change: &RowChange) -> ServerError {
    ServerError::Conflict {
        table: change.table,
        row: change
            .key_values()
            .iter()
            .map(|cell| match cell {
                Cell::Null => "NULL".to_owned(),
                Cell::Integer(n) => n.to_string(),
                Cell::Real(x) => x.to_string(),
                Cell::Text(t) => t.clone(),
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The replica's columns with the server's type and their place in the replica's row; a column
/// the server lacks is an error (see `file_columns_on_server`).
fn shared_columns<'a>(
    server: &'a [(String, Type)],
    change: &RowChange,
) -> Result<Vec<(usize, &'a str, &'a Type)>> {
    super::file_columns_on_server(server, change.table, &change.columns)
}

fn values(
    row: &[Cell],
    columns: &[(usize, &str, &Type)],
    table: &'static str,
) -> Result<Vec<Box<dyn ToSql + Sync>>> {
    columns
        .iter()
        .map(|&(i, name, kind)| bound(&row[i], kind, table, name))
        .collect()
}

/// `a IS NOT DISTINCT FROM $k AND …`: the row is still exactly what the replica started from.
fn unchanged_condition(columns: &[(usize, &str, &Type)], first: usize) -> String {
    columns
        .iter()
        .enumerate()
        .map(|(k, (_, name, _))| format!("\"{name}\" IS NOT DISTINCT FROM ${}", first + k))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn refs(values: &[Box<dyn ToSql + Sync>]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v.as_ref()).collect()
}

fn delete_row(
    tx: &mut postgres::Transaction<'_>,
    server: &[(String, Type)],
    change: &RowChange,
    before: &[Cell],
) -> Result<u64> {
    let columns = shared_columns(server, change)?;
    let sql = format!(
        "DELETE FROM {} WHERE {}",
        change.table,
        unchanged_condition(&columns, 1)
    );
    let bound = values(before, &columns, change.table)?;
    Ok(tx.execute(&sql, &refs(&bound))?)
}

fn insert_row(
    tx: &mut postgres::Transaction<'_>,
    server: &[(String, Type)],
    change: &RowChange,
    after: &[Cell],
) -> Result<()> {
    let mut columns = shared_columns(server, change)?;
    // Coders append to the change log at the same time: its ids are the server's to hand out.
    if change.table == "change_log" {
        columns.retain(|(_, name, _)| *name != "id");
    }
    let names: Vec<String> = columns.iter().map(|(_, n, _)| format!("\"{n}\"")).collect();
    let marks: Vec<String> = (1..=columns.len()).map(|k| format!("${k}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        change.table,
        names.join(", "),
        marks.join(", ")
    );
    let bound = values(after, &columns, change.table)?;
    match tx.execute(&sql, &refs(&bound)) {
        Ok(_) => Ok(()),
        Err(error) if error.code() == Some(&SqlState::UNIQUE_VIOLATION) => Err(conflict(change)),
        Err(error) => Err(error.into()),
    }
}

fn update_row(
    tx: &mut postgres::Transaction<'_>,
    server: &[(String, Type)],
    change: &RowChange,
    before: &[Cell],
    after: &[Cell],
) -> Result<u64> {
    let columns = shared_columns(server, change)?;
    let sets: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(k, (_, name, _))| format!("\"{name}\" = ${}", k + 1))
        .collect();
    let sql = format!(
        "UPDATE {} SET {} WHERE {}",
        change.table,
        sets.join(", "),
        unchanged_condition(&columns, columns.len() + 1)
    );
    let mut bound = values(after, &columns, change.table)?;
    bound.extend(values(before, &columns, change.table)?);
    match tx.execute(&sql, &refs(&bound)) {
        Ok(n) => Ok(n),
        Err(error) if error.code() == Some(&SqlState::UNIQUE_VIOLATION) => Err(conflict(change)),
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_never_shows_its_password() {
        let login = Login::new(" postgres://li_na@db/study ", Some("秘密 s3cret".into()));
        let shown = format!("{login:?}");
        assert!(
            !shown.contains("s3cret") && !shown.contains("秘密"),
            "{shown}"
        );
        assert!(shown.contains("postgres://li_na@db/study"));
        assert_eq!(Login::new("u", Some(String::new())).password, None);
    }
}
