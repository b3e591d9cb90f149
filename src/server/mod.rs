//! A study on a PostgreSQL server (docs/server.md): its schema and the database roles that make
//! coder blindness the server's business. This is the server side's foundation — creating the
//! schema, signing coders and supervisors up — on which pushing a file study to the server and
//! working on it live are built.
//!
//! Every value reaches SQL as a bound parameter; role names, which PostgreSQL cannot take as
//! parameters in `CREATE ROLE`, are quoted by the server itself (`format('%I')`) inside a
//! function that receives them bound.

pub mod replica;
pub mod schema;

use std::path::Path;

use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls};
use thiserror::Error;

use crate::store::tables::{Cell, TableRows};
use crate::store::{Project, StoreError};

pub use schema::{CODER_ROLE, SUPERVISOR_ROLE, latest_version};

#[derive(Debug, Error)]
pub enum ServerError {
    #[error("{}", crate::tr!("server-err-url", reason = .0.to_string()))]
    Url(postgres::Error),
    #[error("{}", crate::tr!("server-err-connect", reason = database_message(.0)))]
    Connect(postgres::Error),
    #[error("{}", statement_message(.0))]
    Sql(#[from] postgres::Error),
    #[error("{}", crate::tr!("server-err-newer", found = *.found, supported = *.supported))]
    NewerSchema { found: i64, supported: i64 },
    #[error("{}", crate::tr!("server-err-not-initialised"))]
    NotInitialised,
    #[error("{}", crate::tr!("server-err-bad-role", role = .0))]
    BadRole(String),
    #[error("{}", crate::tr!("server-err-holds-study"))]
    HoldsStudy,
    #[error("{}", crate::tr!("server-err-no-study"))]
    NoStudy,
    #[error("{}", crate::tr!("server-err-old-schema", found = *.found, supported = *.supported))]
    OldSchema { found: i64, supported: i64 },
    #[error("{}", crate::tr!("server-err-value", table = *.table, column = .column))]
    Value { table: &'static str, column: String },
    #[error("{}", crate::tr!("server-err-not-a-coder"))]
    NotACoder,
    #[error("{}", crate::tr!("server-err-tls", reason = .0))]
    Tls(String),
    /// An `sslmode` libpq does not know (`verify_full`, `Require`): refused, never read as
    /// "no TLS".
    #[error("{}", crate::tr!("server-err-sslmode", mode = .0))]
    SslMode(String),
    #[error("{}", crate::tr!("server-err-conflict", table = *.table, row = .row))]
    Conflict { table: &'static str, row: String },
    /// A column of the study file the server's table lacks: writing would drop its values.
    #[error("{}", crate::tr!("server-err-missing-column", table = *.table, column = .column))]
    MissingColumn { table: &'static str, column: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Result<T, E = ServerError> = std::result::Result<T, E>;

impl ServerError {
    /// Whether the server could not be reached or the connection broke (rather than the server
    /// refusing something): worth trying again later.
    pub fn is_unreachable(&self) -> bool {
        match self {
            ServerError::Connect(_) => true,
            ServerError::Sql(error) => error.is_closed() || error.as_db_error().is_none(),
            _ => false,
        }
    }
}

/// A failed statement in plain words: the server's refusal, or a connection lost on the way
/// (which is no refusal: "the server refused: connection closed" sent people looking for a
/// rule they had broken).
fn statement_message(error: &postgres::Error) -> String {
    if error.is_closed() || error.as_db_error().is_none() {
        crate::tr!("server-err-lost", reason = error.to_string())
    } else {
        crate::tr!("server-err-sql", reason = database_message(error))
    }
}

/// The server's own words for a failed statement (permission denied, duplicate key …), which
/// the client library's `Display` hides behind "db error".
fn database_message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_owned(),
        },
        None => error.to_string(),
    }
}

/// Connects to `url` (`postgres://user@host:port/database`). A password not in the URL comes
/// from `PGPASSWORD`, as with `psql`, so that it need not stand on a command line.
///
/// TLS when the URL asks for it, as libpq's `sslmode` does: `require`, `verify-ca` or
/// `verify-full` encrypt and check the server's certificate against the usual public roots and
/// the `sslrootcert=FILE` given (a lab's own CA); `disable`, `prefer` or none connect without.
/// The TLS stack is rustls (pure Rust: no system library to install).
pub fn connect(url: &str) -> Result<Client> {
    connect_with(url, None)
}

/// Connects to `url` with `password` (asked in the window; it stays in memory), else as
/// [`connect`] does.
pub fn connect_with(url: &str, password: Option<&str>) -> Result<Client> {
    let (url, tls) = tls_request(url)?;
    let mut config: postgres::Config = url.parse().map_err(ServerError::Url)?;
    if let Some(password) = password {
        config.password(password);
    } else if config.get_password().is_none()
        && let Ok(password) = std::env::var("PGPASSWORD")
    {
        config.password(password);
    }
    match tls {
        None => {
            config.ssl_mode(postgres::config::SslMode::Disable);
            config.connect(NoTls).map_err(ServerError::Connect)
        }
        Some(root) => {
            config.ssl_mode(postgres::config::SslMode::Require);
            let connector = tls_connector(root.as_deref())?;
            config.connect(connector).map_err(ServerError::Connect)
        }
    }
}

/// The `sslmode` values libpq takes, spelt as it spells them (it refuses any other).
const SSL_MODES: [&str; 6] = [
    "disable",
    "allow",
    "prefer",
    "require",
    "verify-ca",
    "verify-full",
];

/// What TLS a URL asks for: none, or TLS checked against the usual roots and this extra root
/// certificate file, if named.
type TlsRequest = Option<Option<std::path::PathBuf>>;

/// The URL without the TLS parameters the client library does not read, and whether TLS is
/// asked for (with the extra root certificate file, if named). An `sslmode` that is not one of
/// libpq's is refused by name: a typo must not connect in plain text.
fn tls_request(url: &str) -> Result<(String, TlsRequest)> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_owned(), None));
    };
    let mut kept = Vec::new();
    let mut mode = None;
    let mut root = None;
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("sslmode", value)) => mode = Some(value.to_owned()),
            Some(("sslrootcert", value)) => root = Some(std::path::PathBuf::from(value)),
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    if let Some(mode) = &mode
        && !SSL_MODES.contains(&mode.as_str())
    {
        return Err(ServerError::SslMode(mode.clone()));
    }
    let wanted = matches!(
        mode.as_deref(),
        Some("require" | "verify-ca" | "verify-full")
    );
    Ok((url, wanted.then_some(root)))
}

fn tls_connector(
    extra_root: Option<&std::path::Path>,
) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    let tls_error = |why: String| ServerError::Tls(why);
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = extra_root {
        let certificates = CertificateDer::pem_file_iter(path)
            .map_err(|e| tls_error(format!("{}: {e}", path.display())))?;
        for certificate in certificates {
            let certificate =
                certificate.map_err(|e| tls_error(format!("{}: {e}", path.display())))?;
            roots
                .add(certificate)
                .map_err(|e| tls_error(format!("{}: {e}", path.display())))?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(
        rustls::crypto::ring::default_provider().into(),
    )
    .with_safe_default_protocol_versions()
    .map_err(|e| tls_error(e.to_string()))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// What `init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initialised {
    pub version_before: i64,
    pub version: i64,
}

/// Creates (or brings up to date) a study's schema in the database `url` names, and the group
/// roles. Run by the database's owner or an administrator; safe to run again.
pub fn init(url: &str) -> Result<Initialised> {
    let mut client = connect(url)?;
    let mut tx = client.transaction()?;
    // Two inits at once must not both apply the migrations.
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext('codingdesk schema'))",
        &[],
    )?;
    tx.batch_execute(
        // Roles belong to the whole server: another study's init may create them at the same
        // moment (the advisory lock above is per database), so "already there" is fine.
        "DO $$ BEGIN
            BEGIN
                CREATE ROLE codingdesk_coder NOLOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END;
            BEGIN
                CREATE ROLE codingdesk_supervisor NOLOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END;
         END $$;
         CREATE TABLE IF NOT EXISTS codingdesk_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         GRANT SELECT ON codingdesk_meta TO codingdesk_coder, codingdesk_supervisor;",
    )?;
    let before = schema_version_in(&mut tx)?;
    let latest = latest_version();
    if before > latest {
        return Err(ServerError::NewerSchema {
            found: before,
            supported: latest,
        });
    }
    for migration in &schema::MIGRATIONS[before as usize..] {
        tx.batch_execute(migration)?;
    }
    tx.execute(
        "INSERT INTO codingdesk_meta (key, value) VALUES ('schema_version', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&latest.to_string()],
    )?;
    // Creating sign-ins takes the role names as bound values and quotes them on the server.
    tx.batch_execute(
        "CREATE OR REPLACE FUNCTION codingdesk_create_login(role TEXT, password TEXT, grp TEXT)
         RETURNS VOID LANGUAGE plpgsql AS $$
         BEGIN
             IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role) THEN
                 IF password IS NULL THEN
                     EXECUTE format('CREATE ROLE %I LOGIN', role);
                 ELSE
                     EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', role, password);
                 END IF;
             ELSIF password IS NOT NULL THEN
                 EXECUTE format('ALTER ROLE %I PASSWORD %L', role, password);
             END IF;
             EXECUTE format('GRANT %I TO %I', grp, role);
             EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), grp);
             EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', grp);
         END $$;
         REVOKE ALL ON FUNCTION codingdesk_create_login(TEXT, TEXT, TEXT) FROM PUBLIC;",
    )?;
    tx.commit()?;
    Ok(Initialised {
        version_before: before,
        version: latest,
    })
}

fn schema_version_in(tx: &mut postgres::Transaction<'_>) -> Result<i64> {
    let row = tx.query_opt(
        "SELECT value FROM codingdesk_meta WHERE key = 'schema_version'",
        &[],
    )?;
    Ok(row
        .and_then(|row| row.get::<_, String>(0).parse().ok())
        .unwrap_or(0))
}

/// The schema version of the study at `url`; refused if there is none yet.
pub fn schema_version(client: &mut Client) -> Result<i64> {
    let exists: bool = client
        .query_one("SELECT to_regclass('codingdesk_meta') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Err(ServerError::NotInitialised);
    }
    let mut tx = client.transaction()?;
    let version = schema_version_in(&mut tx)?;
    tx.commit()?;
    Ok(version)
}

/// A role name as PostgreSQL keeps it unquoted: lower-case letters, digits and `_`, starting
/// with a letter, at most 63 bytes. Anything else would need quoting in every `psql` a lab
/// writes, so it is refused.
fn check_role(role: &str) -> Result<()> {
    let valid = role.len() <= 63
        && role.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && role
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !role.starts_with("pg_")
        && !role.starts_with("codingdesk_");
    if valid {
        Ok(())
    } else {
        Err(ServerError::BadRole(role.to_owned()))
    }
}

/// Signs a coder up: the database role `role` (created if new, with `password` if given) in the
/// coder group, and the study's coder `name` bound to it. Run as an administrator.
pub fn add_coder(url: &str, name: &str, role: &str, password: Option<&str>) -> Result<()> {
    check_role(role)?;
    let mut client = connect(url)?;
    schema_version(&mut client)?;
    let mut tx = client.transaction()?;
    tx.execute(
        "SELECT codingdesk_create_login($1, $2, $3)",
        &[&role, &password, &CODER_ROLE],
    )?;
    tx.execute(
        "INSERT INTO coder (name, role_name, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET role_name = excluded.role_name",
        &[&name.trim(), &role, &chrono::Utc::now().to_rfc3339()],
    )?;
    tx.commit()?;
    Ok(())
}

/// Signs a supervisor up: the role `role` in the supervisor group, which reads and adjudicates
/// everything.
pub fn add_supervisor(url: &str, role: &str, password: Option<&str>) -> Result<()> {
    check_role(role)?;
    let mut client = connect(url)?;
    schema_version(&mut client)?;
    client.execute(
        "SELECT codingdesk_create_login($1, $2, $3)",
        &[&role, &password, &SUPERVISOR_ROLE],
    )?;
    Ok(())
}

/// What a push or pull copied: rows per table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub rows: Vec<(&'static str, usize)>,
    /// Rows the server holds that the file would refuse: not copied.
    pub set_aside: Vec<crate::store::tables::SetAside>,
}

impl Copied {
    fn of(tables: &[TableRows]) -> Copied {
        Copied {
            rows: tables.iter().map(|t| (t.table, t.rows.len())).collect(),
            set_aside: Vec::new(),
        }
    }

    /// "12 variables, 50 units, 1350 codings, …" for the command line.
    pub fn summary(&self) -> String {
        self.rows
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(table, n)| format!("{table} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The study at `url` must have the schema this build writes.
pub(crate) fn current_schema(client: &mut Client) -> Result<()> {
    let found = schema_version(client)?;
    let supported = latest_version();
    match found.cmp(&supported) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Greater => Err(ServerError::NewerSchema { found, supported }),
        std::cmp::Ordering::Less => Err(ServerError::OldSchema { found, supported }),
    }
}

/// The columns of a server table with their types.
fn server_columns(tx: &mut postgres::Transaction<'_>, table: &str) -> Result<Vec<(String, Type)>> {
    // A statement over the whole row tells each column's type exactly as the server has it.
    let statement = tx.prepare(&format!("SELECT * FROM {table} LIMIT 0"))?;
    Ok(statement
        .columns()
        .iter()
        .map(|c| (c.name().to_owned(), c.type_().clone()))
        .collect())
}

/// For each of the file's `columns` of `table`, its place in the file's row, its name and the
/// server's type for it. A column the server lacks is an error, not a column left out: its
/// values would be lost without a word. (The server has columns of its own the file has not:
/// [`schema::SERVER_ONLY_COLUMNS`].)
fn file_columns_on_server<'a>(
    server: &'a [(String, Type)],
    table: &'static str,
    columns: &[String],
) -> Result<Vec<(usize, &'a str, &'a Type)>> {
    columns
        .iter()
        .enumerate()
        .map(|(i, name)| {
            server
                .iter()
                .find(|(column, _)| column == name)
                .map(|(column, kind)| (i, column.as_str(), kind))
                .ok_or_else(|| ServerError::MissingColumn {
                    table,
                    column: name.clone(),
                })
        })
        .collect()
}

/// A cell as a bound value of the server column's type (SQLite keeps booleans as 0/1).
fn bound(
    cell: &Cell,
    kind: &Type,
    table: &'static str,
    column: &str,
) -> Result<Box<dyn ToSql + Sync>> {
    let bad = || ServerError::Value {
        table,
        column: column.to_owned(),
    };
    Ok(match (cell, kind) {
        (Cell::Null, &Type::BOOL) => Box::new(None::<bool>),
        (Cell::Null, &Type::INT8) => Box::new(None::<i64>),
        (Cell::Null, &Type::INT4) => Box::new(None::<i32>),
        (Cell::Null, &Type::FLOAT8) => Box::new(None::<f64>),
        (Cell::Null, _) => Box::new(None::<String>),
        (Cell::Integer(n), &Type::BOOL) => Box::new(*n != 0),
        (Cell::Integer(n), &Type::INT8) => Box::new(*n),
        (Cell::Integer(n), &Type::INT4) => Box::new(i32::try_from(*n).map_err(|_| bad())?),
        (Cell::Integer(n), &Type::FLOAT8) => Box::new(*n as f64),
        (Cell::Real(x), &Type::FLOAT8) => Box::new(*x),
        (Cell::Text(t), &Type::TEXT) => Box::new(t.clone()),
        (Cell::Integer(n), &Type::TEXT) => Box::new(n.to_string()),
        _ => return Err(bad()),
    })
}

/// Uploads a file study to the (initialised, empty) database at `url`, all of it — codebook and
/// its history, units, media references, coders, assignments, codes, notes, final values, the
/// change log, indices, report items, packages — in one transaction. Coders keep their names;
/// `server add-coder` binds a sign-in to a name.
pub fn push(file: &Path, url: &str) -> Result<Copied> {
    let mut project = Project::open(file)?;
    let tables = project.table_rows()?;
    // Media paths are relative to the file's folder: the study remembers where that was, for
    // windows on the same computer or a lab's shared drive (a connection profile can say where
    // the media are on another computer).
    let media_root = dunce::canonicalize(project.base_dir())
        .unwrap_or_else(|_| project.base_dir())
        .display()
        .to_string();
    drop(project);
    let mut client = connect(url)?;
    current_schema(&mut client)?;
    let mut tx = client.transaction()?;
    let taken: i64 = tx.query_one("SELECT count(*) FROM study", &[])?.get(0);
    if taken > 0 {
        return Err(ServerError::HoldsStudy);
    }
    for table in &tables {
        let columns = server_columns(&mut tx, table.table)?;
        let kept: Vec<(usize, &Type)> =
            file_columns_on_server(&columns, table.table, &table.columns)?
                .into_iter()
                .map(|(i, _, kind)| (i, kind))
                .collect();
        let names: Vec<&str> = kept
            .iter()
            .map(|&(i, _)| table.columns[i].as_str())
            .collect();
        // COPY in PostgreSQL's binary format: one stream per table rather than a statement per
        // row (a 100,000-unit study in seconds, not minutes). Into a private staging table,
        // because the server refuses COPY into a table under row-level security; the INSERT
        // from there goes through the policies like any other write.
        let types: Vec<Type> = kept.iter().map(|&(_, kind)| kind.clone()).collect();
        let staging = format!("codingdesk_push_{}", table.table);
        tx.batch_execute(&format!(
            "CREATE TEMP TABLE {staging} (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP",
            table.table
        ))?;
        let sink = tx.copy_in(&format!(
            "COPY {staging} ({}) FROM STDIN (FORMAT binary)",
            names.join(", ")
        ))?;
        let mut writer = postgres::binary_copy::BinaryCopyInWriter::new(sink, &types);
        for row in &table.rows {
            let values = kept
                .iter()
                .map(|&(i, kind)| bound(&row[i], kind, table.table, &table.columns[i]))
                .collect::<Result<Vec<_>>>()?;
            let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
            writer.write(&params)?;
        }
        writer.finish()?;
        tx.batch_execute(&format!(
            "INSERT INTO {0} ({1}) SELECT {1} FROM {staging}",
            table.table,
            names.join(", ")
        ))?;
        // Ids were copied as they are: the next new row continues after them.
        if columns
            .iter()
            .any(|(name, kind)| name == "id" && *kind == Type::INT8)
        {
            tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{0}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {0}",
                    table.table
                ),
                &[],
            )?;
        }
    }
    tx.execute("UPDATE study SET media_root = $1", &[&media_root])?;
    tx.commit()?;
    Ok(Copied::of(&tables))
}

/// Writes the study at `url` into a new, self-contained project file `out` (for archiving,
/// exports, packages). Run as a supervisor: a coder's role would copy only what it may see.
pub fn pull(url: &str, out: &Path) -> Result<Copied> {
    if out.exists() {
        return Err(StoreError::AlreadyExists {
            file: out.display().to_string(),
        }
        .into());
    }
    crate::store::check_out_folder(out)?;
    let mut client = connect(url)?;
    current_schema(&mut client)?;
    let (tables, set_aside) = replica::read_study(&mut client)?;
    // Built under a partial name and put in place whole (closed first): a pull killed part-way
    // leaves no half-filled project under `out`.
    let partial = crate::store::partial_path(out);
    crate::store::remove_partial(&partial)?;
    let built = Project::create_from_rows(&partial, &tables)
        .map(drop)
        .and_then(|()| crate::store::put_in_place(&partial, out));
    built.map_err(|error| crate::store::cleaned_up(error, &partial))?;
    let mut copied = Copied::of(&tables);
    copied.set_aside = set_aside;
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_column_the_server_lacks_is_an_error_not_left_out() {
        let server = vec![
            ("id".to_owned(), Type::INT8),
            ("name".to_owned(), Type::TEXT),
            ("role_name".to_owned(), Type::TEXT),
        ];
        let file = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        let matched = file_columns_on_server(&server, "coder", &file(&["name", "id"])).unwrap();
        assert_eq!(
            matched
                .iter()
                .map(|(i, name, _)| (*i, *name))
                .collect::<Vec<_>>(),
            [(0, "name"), (1, "id")]
        );
        match file_columns_on_server(&server, "coder", &file(&["id", "name", "created_at"])) {
            Err(ServerError::MissingColumn { table, column }) => {
                assert_eq!((table, column.as_str()), ("coder", "created_at"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn role_names_are_plain_lower_case_identifiers() {
        assert!(check_role("li_na").is_ok());
        assert!(check_role("coder2").is_ok());
        for bad in [
            "Li Na",
            "li-na",
            "2li",
            "",
            "pg_monitor",
            "codingdesk_supervisor",
            "x\"; DROP TABLE coding; --",
        ] {
            assert!(check_role(bad).is_err(), "{bad}");
        }
        assert!(check_role(&"a".repeat(64)).is_err());
    }

    #[test]
    fn tls_is_used_when_the_url_asks_for_it() {
        let asked = |url: &str| tls_request(url).unwrap();
        assert_eq!(
            asked("postgres://a@h/db"),
            ("postgres://a@h/db".to_owned(), None)
        );
        assert_eq!(
            asked("postgres://a@h/db?sslmode=prefer&application_name=x"),
            ("postgres://a@h/db?application_name=x".to_owned(), None)
        );
        assert_eq!(
            asked("postgres://a@h/db?sslmode=require"),
            ("postgres://a@h/db".to_owned(), Some(None))
        );
        assert_eq!(
            asked("postgres://a@h/db?sslmode=verify-full&sslrootcert=/lab/ca.pem"),
            (
                "postgres://a@h/db".to_owned(),
                Some(Some(std::path::PathBuf::from("/lab/ca.pem")))
            )
        );
    }

    /// Issue 29: libpq refuses an sslmode it does not know; so do we, by name, instead of
    /// connecting in plain text.
    #[test]
    fn an_sslmode_typo_is_refused_not_read_as_plain_text() {
        for typo in ["verify_full", "VERIFY-FULL", "Require", "on", ""] {
            let refused = tls_request(&format!("postgres://a@h/db?sslmode={typo}"));
            let Err(ServerError::SslMode(mode)) = &refused else {
                panic!("{typo}: {refused:?}");
            };
            assert_eq!(mode, typo);
            let words = refused.unwrap_err().to_string();
            assert!(words.contains("verify-full"), "{words}");
        }
    }

    #[test]
    fn the_schema_numbers_its_migrations() {
        assert_eq!(latest_version(), schema::MIGRATIONS.len() as i64);
        assert!(schema::MIGRATIONS[0].contains("FORCE ROW LEVEL SECURITY"));
    }
}
