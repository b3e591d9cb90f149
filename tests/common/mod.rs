//! Helpers for driving the real `codingdesk` binary on real project files.
#![allow(dead_code)] // Each test file uses a different part.

#[cfg(feature = "gui")]
pub mod gui;
pub mod pg;
pub mod video;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn data(path: &str) -> PathBuf {
    repo().join("tests/data").join(path)
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    // English unless a test says otherwise, whatever the machine's locale.
    run_in_locale(args, "C.UTF-8")
}

/// Runs as on a computer whose locale is `locale` (`zh_CN.UTF-8`): the language the CLI uses
/// when `--lang` is not given.
pub fn run_in_locale(args: &[&dyn AsRef<std::ffi::OsStr>], locale: &str) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_codingdesk"))
        .args(args.iter().map(|a| a.as_ref()))
        .env("LC_ALL", locale)
        .env("CODINGDESK_SAMPLES", repo().join("samples"))
        // The sample's videos are made once per test run, not in the user's cache.
        .env(
            "CODINGDESK_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache"),
        )
        .output()
        .expect("the codingdesk binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs and insists on success, showing stderr otherwise.
pub fn ok(args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let result = run(args);
    assert_eq!(
        result.code, 0,
        "stderr: {}\nstdout: {}",
        result.stderr, result.stdout
    );
    result.stdout
}

/// Runs and insists on the documented failure: exit status 2 and a message on stderr.
pub fn fails(args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let result = run(args);
    assert_eq!(
        result.code, 2,
        "stdout: {}\nstderr: {}",
        result.stdout, result.stderr
    );
    assert!(!result.stderr.trim().is_empty());
    assert!(!result.stderr.contains("panicked"), "{}", result.stderr);
    result.stderr
}

pub fn status_json(project: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(&[&"status", &project, &"--format", &"json"])).unwrap()
}

/// A new empty project with a preset codebook in `dir`.
pub fn new_project(dir: &Path, preset: &str) -> PathBuf {
    let path = dir.join("study.cdesk");
    ok(&[&"new", &path, &"--codebook", &preset]);
    path
}

/// A fresh copy of the Chongqing sample (three coders' codes) in `dir`.
pub fn sample_project_in(dir: &Path) -> PathBuf {
    let path = dir.join("cq/study.cdesk");
    ok(&[&"sample", &"chongqing-tiktok", &"--out", &path]);
    path
}

/// Every row of a query on a project file, each value as text (NULL as "NULL").
pub fn query(project: &std::path::Path, sql: &str) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(project).unwrap();
    let mut statement = conn.prepare(sql).unwrap();
    let columns = statement.column_count();
    statement
        .query_map([], |row| {
            (0..columns)
                .map(|i| {
                    let value: rusqlite::types::Value = row.get(i)?;
                    Ok(match value {
                        rusqlite::types::Value::Null => "NULL".into(),
                        rusqlite::types::Value::Integer(i) => i.to_string(),
                        rusqlite::types::Value::Real(r) => r.to_string(),
                        rusqlite::types::Value::Text(t) => t,
                        rusqlite::types::Value::Blob(_) => "blob".into(),
                    })
                })
                .collect()
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}
