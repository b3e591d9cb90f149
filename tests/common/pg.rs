//! A study on the throw-away PostgreSQL test server (`scripts/test-postgres.sh`; `.ci/run` starts
//! one): a fresh database per test, sign-ups through the real binary, `psql` as a user would run it.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh database on the test server for one test, and the server's address pieces.
pub struct Study {
    /// postgres://admin:password@host:port/DATABASE
    pub admin: String,
    /// postgres://ROLE@host:port/DATABASE, for a role: `as_role("li_na")`.
    pub host_port_db: String,
}

impl Study {
    pub fn as_role(&self, role: &str) -> String {
        format!("postgres://{role}@{}", self.host_port_db)
    }

    /// Signs someone up through the real binary, the password on standard input: a coder named
    /// `coder`, or a supervisor when `None`. Role names are cluster-wide, so each is made unique
    /// to this test database from `prefix`. Returns the role.
    pub fn sign_up(&self, prefix: &str, coder: Option<&str>, password: &str) -> String {
        let database = self.host_port_db.rsplit('_').next().unwrap();
        let role = format!("{prefix}_{}_{database}", std::process::id());
        match coder {
            Some(name) => ok(
                &[
                    "server",
                    "add-coder",
                    &self.admin,
                    "--name",
                    name,
                    "--role",
                    &role,
                    "--password-stdin",
                ],
                Some(password),
            ),
            None => ok(
                &[
                    "server",
                    "add-supervisor",
                    &self.admin,
                    "--role",
                    &role,
                    "--password-stdin",
                ],
                Some(password),
            ),
        };
        role
    }
}

pub fn server_or_skip(test: &str) -> Option<String> {
    match std::env::var("CODINGDESK_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("{test}: CI must run the server tests: CODINGDESK_TEST_PG is not set")
        }
        _ => {
            eprintln!(
                "{test}: skipped — no test server (CODINGDESK_TEST_PG); start one with \
                 `eval \"$(scripts/test-postgres.sh start)\"`"
            );
            None
        }
    }
}

pub fn psql() -> String {
    match std::env::var("CODINGDESK_TEST_PG_BIN") {
        Ok(bin) => format!("{bin}/psql"),
        Err(_) => "psql".to_owned(),
    }
}

/// Runs SQL through `psql` as whoever `url` names, with `password` from the environment (never
/// on the command line). Returns (success, stdout, stderr).
pub fn run_psql(url: &str, password: &str, sql: &str) -> (bool, String, String) {
    let output = Command::new(psql())
        .args(["-X", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
        .env("PGPASSWORD", password)
        .output()
        .expect("psql runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        String::from_utf8_lossy(&output.stderr).trim().to_owned(),
    )
}

pub fn new_study(admin_base: &str) -> Study {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "cd_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let (ok, _, err) = run_psql(admin_base, "", &format!("CREATE DATABASE {name}"));
    assert!(ok, "{err}");
    let (base, _) = admin_base.rsplit_once('/').unwrap();
    let host_port = base.rsplit_once('@').unwrap().1;
    Study {
        admin: format!("{base}/{name}"),
        host_port_db: format!("{host_port}/{name}"),
    }
}

/// A fresh database on `server` holding the Chongqing sample, pushed by the database's owner
/// (the sample's file is made in `dir`).
pub fn sample_on_server(server: &str, dir: &std::path::Path) -> Study {
    let study = new_study(server);
    ok(&["server", "init", &study.admin], None);
    let file = super::sample_project_in(dir);
    ok(&["push", file.to_str().unwrap(), &study.admin], None);
    study
}

/// The real binary, with a password on standard input where given.
pub fn codingdesk(args: &[&str], stdin: Option<&str>) -> super::Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codingdesk"))
        .args(args)
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{text}\n").as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let output = child.wait_with_output().unwrap();
    super::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn ok(args: &[&str], stdin: Option<&str>) -> String {
    let run = codingdesk(args, stdin);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    run.stdout
}

/// A throw-away cluster of a test's own (`scripts/test-postgres.sh start`), for tests that stop
/// the server as a crash would and start it again — which the shared test server must not.
/// Stopped and removed when dropped.
pub struct OwnCluster {
    /// The administrator's URL (password inline).
    pub admin: String,
    dir: String,
}

impl OwnCluster {
    pub fn start() -> OwnCluster {
        let output = Command::new("bash")
            .arg(super::repo().join("scripts/test-postgres.sh"))
            .arg("start")
            .output()
            .expect("bash runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let exports = String::from_utf8_lossy(&output.stdout).into_owned();
        let value = |name: &str| {
            exports
                .lines()
                .find_map(|line| line.strip_prefix(&format!("export {name}='")))
                .and_then(|rest| rest.strip_suffix('\''))
                .unwrap_or_else(|| panic!("{name} in {exports}"))
                .to_owned()
        };
        OwnCluster {
            admin: value("CODINGDESK_TEST_PG"),
            dir: value("CODINGDESK_PG_DIR"),
        }
    }

    fn script(&self, what: &str) {
        let status = Command::new("bash")
            .arg(super::repo().join("scripts/test-postgres.sh"))
            .arg(what)
            .env("CODINGDESK_PG_DIR", &self.dir)
            .status()
            .expect("bash runs");
        assert!(status.success(), "test-postgres.sh {what}");
    }

    /// Stops the server at once, as a power cut would (`pg_ctl stop -m immediate`).
    pub fn crash(&self) {
        self.script("crash");
    }

    pub fn restart(&self) {
        self.script("restart");
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        self.script("stop");
    }
}
