//! A study on a real PostgreSQL server (the throw-away cluster `scripts/test-postgres.sh` starts;
//! `.ci/run` starts one): the schema and roles `codingdesk server init` creates, sign-ins, and
//! coder blindness enforced by the database itself — tested with hand-written queries in `psql`,
//! as a curious coder would try.
//!
//! Needs `CODINGDESK_TEST_PG` (an administrator's URL; password in the URL for the test cluster).
//! In CI the tests must run; on a developer machine without it they say so and skip.

use crate::common;

use common::pg::{codingdesk, new_study, ok, run_psql, sample_on_server, server_or_skip};

#[test]
fn init_creates_the_schema_once_and_refuses_bad_role_names() {
    let Some(server) = server_or_skip("init_creates_the_schema_once_and_refuses_bad_role_names")
    else {
        return;
    };
    let study = new_study(&server);
    let out = ok(&["server", "init", &study.admin], None);
    assert!(out.contains("schema version 0 -> 5"), "{out}");
    // Again: nothing to do, nothing broken.
    let out = ok(&["server", "init", &study.admin], None);
    assert!(out.contains("up to date (version 5)"), "{out}");
    let (_, version, _) = run_psql(
        &study.admin,
        "",
        "SELECT value FROM codingdesk_meta WHERE key = 'schema_version'",
    );
    assert_eq!(version, "5");

    let run = codingdesk(
        &[
            "server",
            "add-coder",
            &study.admin,
            "--name",
            "X",
            "--role",
            "x\"; DROP TABLE coding; --",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot be a role name"),
        "{}",
        run.stderr
    );
    let (_, tables, _) = run_psql(&study.admin, "", "SELECT count(*) FROM coding");
    assert_eq!(tables, "0", "the coding table is still there");

    // A database without a study says what to run.
    let empty = new_study(&server);
    let run = codingdesk(
        &[
            "server",
            "add-coder",
            &empty.admin,
            "--name",
            "A",
            "--role",
            "a",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("codingdesk server init"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_coder_cannot_read_or_change_another_coders_codes_even_in_psql() {
    let Some(server) =
        server_or_skip("a_coder_cannot_read_or_change_another_coders_codes_even_in_psql")
    else {
        return;
    };
    let study = new_study(&server);
    ok(&["server", "init", &study.admin], None);
    let li = study.sign_up("li", Some("Li Na"), "li-secret");
    let wang = study.sign_up("wang", Some("Wang Hao"), "wang-secret");
    let zhang = study.sign_up("zhang", None, "zhang-secret");
    // The study's content, as a push would write it.
    let (done, _, err) = run_psql(
        &study.admin,
        "",
        "INSERT INTO unit (uid, position, imported_at, updated_at) VALUES ('u1', 0, 't', 't');
         INSERT INTO variable (key, label, level, kind, position)
             VALUES ('theme', 'Theme', 'nominal', 'single', 0);
         INSERT INTO value (variable_id, code, label, position)
             SELECT 1, n, 'value ' || n, n FROM generate_series(1, 9) n;",
    );
    assert!(done, "{err}");

    let insert_own =
        "INSERT INTO coding (unit_id, coder_id, variable_id, code, created_at, updated_at)
         SELECT 1, codingdesk_coder_id(), 1, CODE, 't', 't'";
    let (done, _, err) = run_psql(
        &study.as_role(&li),
        "li-secret",
        &insert_own.replace("CODE", "4"),
    );
    assert!(done, "{err}");
    let (done, _, err) = run_psql(
        &study.as_role(&wang),
        "wang-secret",
        &insert_own.replace("CODE", "2"),
    );
    assert!(done, "{err}");

    // Wang Hao, curious, in psql: he sees his own code only, whatever he asks.
    let wang_url = study.as_role(&wang);
    let (_, seen, _) = run_psql(&wang_url, "wang-secret", "SELECT code FROM coding");
    assert_eq!(seen, "2");
    let (_, seen, _) = run_psql(
        &wang_url,
        "wang-secret",
        "SELECT count(*) FROM coding c JOIN coder k ON k.id = c.coder_id WHERE k.name = 'Li Na'",
    );
    assert_eq!(seen, "0");
    // He cannot change hers, nor write a code in her name.
    let (_, changed, _) = run_psql(
        &wang_url,
        "wang-secret",
        "UPDATE coding SET code = 9 WHERE code = 4",
    );
    assert_eq!(changed, "UPDATE 0", "none of her rows is his to change");
    let (done, _, err) = run_psql(
        &wang_url,
        "wang-secret",
        "INSERT INTO coding (unit_id, coder_id, variable_id, code, created_at, updated_at)
         SELECT 1, id, 1, 9, 't', 't' FROM coder WHERE name = 'Li Na'",
    );
    assert!(!done && err.contains("row-level security"), "{err}");
    // Adjudicated values are derived from everyone's codes: not his to read (only a closed
    // training round's, when they are its gold standard), nor his to write.
    let (done, _, err) = run_psql(
        &study.admin,
        "",
        "INSERT INTO final_value (unit_id, variable_id, code, decided_by, decided_at)
         VALUES (1, 1, 4, 'zhang', 't')",
    );
    assert!(done, "{err}");
    let (done, seen, err) = run_psql(&wang_url, "wang-secret", "SELECT count(*) FROM final_value");
    assert!(done, "{err}");
    assert_eq!(seen, "0");
    let (done, _, err) = run_psql(&wang_url, "wang-secret", "DELETE FROM final_value");
    assert!(!done && err.contains("permission denied"), "{err}");
    // Nor can he make himself a supervisor.
    let (done, _, _) = run_psql(
        &wang_url,
        "wang-secret",
        &format!("GRANT codingdesk_supervisor TO {wang}"),
    );
    assert!(!done);

    // The supervisor reads everything, Li Na's code unchanged.
    let (_, all, _) = run_psql(
        &study.as_role(&zhang),
        "zhang-secret",
        "SELECT string_agg(code::text, ',' ORDER BY coder_id) FROM coding",
    );
    assert_eq!(all, "4,2");
    // A wrong password is refused.
    let (done, _, err) = run_psql(&wang_url, "wrong", "SELECT 1");
    assert!(
        !done && err.contains("password authentication failed"),
        "{err}"
    );
}

/// Push the Chongqing sample, pull it back: the copy prints exactly what the file prints.
#[test]
fn a_pushed_study_pulls_back_identical() {
    let Some(server) = server_or_skip("a_pushed_study_pulls_back_identical") else {
        return;
    };
    let study = new_study(&server);
    ok(&["server", "init", &study.admin], None);
    let dir = tempfile::tempdir().unwrap();
    let file = common::sample_project_in(dir.path());
    let file = file.to_str().unwrap();
    // A primary coder and an adjudicated value, so that final values and the log travel too.
    common::ok(&[&"primary", &file, &"Li Na"]);
    // Pushed and pulled by the supervisor, not the database's owner.
    let zhang = study.sign_up("zhang", None, "zhang-secret");
    let supervisor = format!("postgres://{zhang}:zhang-secret@{}", study.host_port_db);
    let out = ok(&["push", file, &supervisor], None);
    assert!(out.contains("coding 1350"), "{out}");
    let (_, codes, _) = run_psql(&study.admin, "", "SELECT count(*) FROM coding");
    assert_eq!(codes, "1350");
    // A second push into the same database is refused and changes nothing.
    let run = codingdesk(&["push", file, &supervisor], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("already holds a study"),
        "{}",
        run.stderr
    );

    let pulled = dir.path().join("pulled.cdesk");
    let pulled = pulled.to_str().unwrap();
    let out = ok(&["pull", &supervisor, pulled], None);
    assert!(out.contains("coding 1350"), "{out}");
    for args in [
        vec!["status", "FILE", "--format", "json"],
        vec!["agreement", "FILE", "--format", "json"],
        vec!["stats", "FILE", "--format", "json"],
        vec!["codebook", "FILE", "--export", "-"],
    ] {
        let on = |path: &str| {
            let args: Vec<&str> = args
                .iter()
                .map(|a| if *a == "FILE" { path } else { a })
                .collect();
            ok(&args, None)
        };
        assert_eq!(on(file), on(pulled), "{args:?}");
    }
    let export = |path: &str, name: &str| {
        let target = dir.path().join(name);
        ok(
            &[
                "export",
                path,
                "--format",
                "long-csv",
                "--out",
                target.to_str().unwrap(),
            ],
            None,
        );
        std::fs::read(target).unwrap()
    };
    assert_eq!(export(file, "a.csv"), export(pulled, "b.csv"));
}

/// TLS when the URL asks for it (rustls): the server's certificate is checked against the lab's
/// CA named by `sslrootcert`; without it a self-made certificate is refused; without `sslmode`
/// the connection is plain.
#[test]
fn connections_use_tls_when_the_url_asks_and_check_the_certificate() {
    let Some(server) =
        server_or_skip("connections_use_tls_when_the_url_asks_and_check_the_certificate")
    else {
        return;
    };
    let Ok(ca) = std::env::var("CODINGDESK_TEST_PG_CA") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI's test server has TLS (scripts/test-postgres.sh makes its certificates)"
        );
        eprintln!("skipped: the test server has no TLS (no openssl when it was started)");
        return;
    };
    let encrypted = |url: &str| -> bool {
        let mut client = codingdesk::server::connect(url).unwrap();
        client
            .query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0)
    };
    assert!(encrypted(&format!(
        "{server}?sslmode=verify-full&sslrootcert={ca}"
    )));
    assert!(encrypted(&format!(
        "{server}?sslmode=require&sslrootcert={ca}"
    )));
    assert!(!encrypted(&server));
    let refused = codingdesk::server::connect(&format!("{server}?sslmode=verify-full"));
    let error = refused
        .err()
        .expect("a certificate from an unknown CA is refused");
    assert!(error.to_string().contains("could not connect"), "{error}");
    // The command line takes the same URLs.
    let study = new_study(&server);
    let out = ok(
        &[
            "server",
            "init",
            &format!("{}?sslmode=verify-full&sslrootcert={ca}", study.admin),
        ],
        None,
    );
    assert!(out.contains("schema version 0 -> 5"), "{out}");
}

/// A coder signed in codes on the server: each change is committed with its log entry when the
/// call returns, an unchanged answer writes nothing, a bad code is refused, and only coders can
/// sign in as coders.
#[test]
fn a_signed_in_coder_commits_each_change_with_its_log_entry() {
    use codingdesk::desk::DeskSession;
    use codingdesk::model::Answer;
    use codingdesk::server::replica::Role;
    use codingdesk::study::Study;
    let Some(server) = server_or_skip("a_signed_in_coder_commits_each_change_with_its_log_entry")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let study = sample_on_server(&server, dir.path());
    let li = study.sign_up("li", Some("Li Na"), "li-secret");
    let (_, unit, _) = run_psql(
        &study.admin,
        "",
        "SELECT uid FROM unit ORDER BY position LIMIT 1",
    );
    let url = format!("postgres://{li}:li-secret@{}", study.host_port_db);
    let signed_in = Study::open(std::path::Path::new(&url)).unwrap();
    assert_eq!(signed_in.role(), Some(&Role::Coder("Li Na".into())));
    let mut coder = DeskSession::open(signed_in, "Li Na").unwrap();
    let shown = coder.unit(&unit).unwrap();
    let log = |action: &str| {
        run_psql(
            &study.admin,
            "",
            &format!(
                "SELECT count(*) FROM change_log WHERE coder = 'Li Na' AND action = '{action}'
                 AND unit = '{unit}' AND variable = 'theme'"
            ),
        )
        .1
    };
    let before = log("coding.set");
    assert!(
        coder
            .set_answer(&shown, "theme", Some(Answer::Code(9)))
            .unwrap()
    );
    // Committed: another connection (the administrator's) sees it at once.
    let (_, stored, _) = run_psql(
        &study.admin,
        "",
        &format!(
            "SELECT c.code FROM coding c JOIN unit u ON u.id = c.unit_id JOIN coder k ON k.id = c.coder_id
             JOIN variable v ON v.id = c.variable_id WHERE u.uid = '{unit}' AND k.name = 'Li Na' AND v.key = 'theme'"
        ),
    );
    assert_eq!(stored, "9");
    let after: i64 = log("coding.set").parse().unwrap();
    assert_eq!(after, before.parse::<i64>().unwrap() + 1);
    // The same answer again: nothing written, nothing logged.
    assert!(
        !coder
            .set_answer(&shown, "theme", Some(Answer::Code(9)))
            .unwrap()
    );
    assert_eq!(log("coding.set").parse::<i64>().unwrap(), after);
    // A code the codebook does not have is refused; clearing is logged as such.
    let error = coder
        .set_answer(&shown, "theme", Some(Answer::Code(77)))
        .unwrap_err();
    assert!(error.to_string().contains("77"), "{error}");
    coder.set_answer(&shown, "theme", None).unwrap();
    assert_eq!(coder.answer(&unit, "theme"), None);
    assert_eq!(log("coding.clear"), "1");

    // A supervisor's sign-in is not a coder's.
    let zhang = study.sign_up("zhang", None, "zhang-secret");
    let supervisor = Study::open(std::path::Path::new(&format!(
        "postgres://{zhang}:zhang-secret@{}",
        study.host_port_db
    )))
    .unwrap();
    assert_eq!(supervisor.role(), Some(&Role::Supervisor));
}

/// Issue 32: the file's tables and the server's were written by hand twice; a column one side
/// lacks was dropped on push and commit without a word. Every study table has the same columns
/// with matching types in a new project file and on a freshly initialised server, but for the
/// server's own (`SERVER_ONLY_COLUMNS`).
#[test]
fn the_file_and_the_server_have_the_same_tables_and_columns() {
    let Some(server) = server_or_skip("the_file_and_the_server_have_the_same_tables_and_columns")
    else {
        return;
    };
    let study = new_study(&server);
    ok(&["server", "init", &study.admin], None);
    let dir = tempfile::tempdir().unwrap();
    let file = common::sample_project_in(dir.path());
    let connection = rusqlite::Connection::open(&file).unwrap();
    let (done, listing, err) = run_psql(
        &study.admin,
        "",
        "SELECT table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns \
         WHERE table_schema = 'public' ORDER BY 1",
    );
    assert!(done, "{err}");
    // The types each SQLite type is kept as on the server.
    let server_type = |sqlite: &str| -> &[&str] {
        match sqlite.to_ascii_uppercase().as_str() {
            "INTEGER" => &["bigint", "integer", "boolean"],
            "REAL" => &["double precision"],
            "TEXT" => &["text"],
            _ => &[],
        }
    };
    let on_server: std::collections::BTreeMap<String, String> = listing
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(column, kind)| (column.to_owned(), kind.to_owned()))
        .collect();
    let mut differences = Vec::new();
    let mut in_file = std::collections::BTreeSet::new();
    for table in codingdesk::store::tables::STUDY_TABLES {
        let mut statement = connection
            .prepare("SELECT name, type FROM pragma_table_info(?1)")
            .unwrap();
        let columns: Vec<(String, String)> = statement
            .query_map([table], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!columns.is_empty(), "no table {table} in the file");
        for (column, kind) in columns {
            let name = format!("{table}.{column}");
            match on_server.get(&name) {
                None => differences.push(format!("{name} ({kind}) is not on the server")),
                Some(server_kind) if !server_type(&kind).contains(&server_kind.as_str()) => {
                    differences.push(format!(
                        "{name}: {kind} in the file, {server_kind} on the server"
                    ))
                }
                Some(_) => {}
            }
            in_file.insert(name);
        }
    }
    for (name, kind) in &on_server {
        let (table, column) = name.split_once('.').unwrap_or_default();
        let server_only = codingdesk::server::schema::is_server_only(table, column);
        if codingdesk::store::tables::STUDY_TABLES.contains(&table)
            && !in_file.contains(name)
            && !server_only
        {
            differences.push(format!(
                "{name} ({kind}) is not in the file (nor in SERVER_ONLY_COLUMNS)"
            ));
        }
        if server_only && in_file.contains(name) {
            differences.push(format!("{name} is in the file: not server-only"));
        }
    }
    for (table, column) in codingdesk::server::schema::SERVER_ONLY_COLUMNS {
        if !on_server.contains_key(&format!("{table}.{column}")) {
            differences.push(format!(
                "{table}.{column} is declared server-only but not there"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// A server whose table lacks a column of the file (a migration on one side only) refuses the
/// push whole, naming the column, instead of dropping that column's values.
#[test]
fn a_push_to_a_server_missing_a_column_is_refused_whole() {
    let Some(server) = server_or_skip("a_push_to_a_server_missing_a_column_is_refused_whole")
    else {
        return;
    };
    let study = new_study(&server);
    ok(&["server", "init", &study.admin], None);
    let (done, _, err) = run_psql(
        &study.admin,
        "",
        "ALTER TABLE unit_note DROP COLUMN updated_at",
    );
    assert!(done, "{err}");
    let dir = tempfile::tempdir().unwrap();
    let file = common::sample_project_in(dir.path());
    let run = codingdesk(&["push", file.to_str().unwrap(), &study.admin], None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("unit_note") && run.stderr.contains("updated_at"),
        "{}",
        run.stderr
    );
    let (_, units, _) = run_psql(&study.admin, "", "SELECT count(*) FROM unit");
    assert_eq!(units, "0", "nothing of the study was written");
}
