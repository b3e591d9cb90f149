//! A study on a PostgreSQL server (docs/server.md): its schema and the database roles that make
//! coder blindness the server's business. This is the server side's foundation — creating the
//! schema, signing coders and supervisors up — on which pushing a file study to the server and
//! working on it live are built.
//!
//! Every value reaches SQL as a bound parameter; role names, which PostgreSQL cannot take as
//! parameters in `CREATE ROLE`, are quoted by the server itself (`format('%I')`) inside a
//! function that receives them bound.

pub mod schema;

use postgres::{Client, NoTls};
use thiserror::Error;

pub use schema::{CODER_ROLE, SUPERVISOR_ROLE, latest_version};

#[derive(Debug, Error)]
pub enum ServerError {
    #[error("{}", crate::tr!("server-err-url", reason = .0.to_string()))]
    Url(postgres::Error),
    #[error("{}", crate::tr!("server-err-connect", reason = .0.to_string()))]
    Connect(postgres::Error),
    #[error("{}", crate::tr!("server-err-sql", reason = database_message(.0)))]
    Sql(#[from] postgres::Error),
    #[error("{}", crate::tr!("server-err-newer", found = *.found, supported = *.supported))]
    NewerSchema { found: i64, supported: i64 },
    #[error("{}", crate::tr!("server-err-not-initialised"))]
    NotInitialised,
    #[error("{}", crate::tr!("server-err-bad-role", role = .0))]
    BadRole(String),
}

pub type Result<T, E = ServerError> = std::result::Result<T, E>;

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

/// Connects to `url` (`postgres://user@host:port/database`, with `?sslmode=…` as PostgreSQL
/// takes it). A password not in the URL comes from `PGPASSWORD`, as with `psql`, so that it
/// need not stand on a command line.
pub fn connect(url: &str) -> Result<Client> {
    let mut config: postgres::Config = url.parse().map_err(ServerError::Url)?;
    if config.get_password().is_none()
        && let Ok(password) = std::env::var("PGPASSWORD")
    {
        config.password(password);
    }
    config.connect(NoTls).map_err(ServerError::Connect)
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
         CREATE TABLE IF NOT EXISTS codingdesk_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_schema_numbers_its_migrations() {
        assert_eq!(latest_version(), schema::MIGRATIONS.len() as i64);
        assert!(schema::MIGRATIONS[0].contains("FORCE ROW LEVEL SECURITY"));
    }
}
