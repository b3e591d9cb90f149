//! A coder with psql against the server's rules (issue 29, items 2 and 4): the server refuses
//! what the file refuses, whoever connects; change-log ids are the server's; history belongs to
//! a coder's id, not to a name; a row written before the server checked it is set aside by
//! readers, named, and the rest is read. Runs against the throw-away test server; skips on a
//! developer machine without it (never in CI).

use crate::common;

use std::path::Path;

use common::pg::{Study, codingdesk, new_study, ok, run_psql, server_or_skip};

/// The Chongqing sample pushed by a supervisor, and Li Na signed up as a coder. Returns the
/// supervisor's URL, Li Na's role and the study.
fn sample_with_li(dir: &Path, server: &str) -> (String, String, Study) {
    let study = new_study(server);
    ok(&["server", "init", &study.admin], None);
    let file = common::sample_project_in(dir);
    let zhang = study.sign_up("zhang", None, "zhang-secret");
    let supervisor = format!("postgres://{zhang}:zhang-secret@{}", study.host_port_db);
    ok(&["push", file.to_str().unwrap(), &supervisor], None);
    let li = study.sign_up("li", Some("Li Na"), "li-secret");
    (supervisor, li, study)
}

fn refused(url: &str, password: &str, sql: &str) -> String {
    let (done, out, err) = run_psql(url, password, sql);
    assert!(!done, "the server took `{sql}`: {out}");
    err
}

#[test]
fn a_coder_in_psql_cannot_make_the_study_unreadable_or_unwritable() {
    let Some(server) =
        server_or_skip("a_coder_in_psql_cannot_make_the_study_unreadable_or_unwritable")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (supervisor, li, study) = sample_with_li(dir.path(), &server);
    let li_url = study.as_role(&li);
    let own = |variable: &str| {
        format!(
            "coder_id = codingdesk_coder_id() AND variable_id = (SELECT id FROM variable WHERE key = '{variable}')"
        )
    };
    for (sql, says) in [
        (
            format!("UPDATE coding SET number = 'NaN' WHERE {}", own("likes")),
            "coding_number_finite",
        ),
        (
            format!(
                "UPDATE coding SET number = 'Infinity' WHERE {}",
                own("likes")
            ),
            "coding_number_finite",
        ),
        (
            format!(
                "UPDATE coding SET codes = 'not json' WHERE {}",
                own("shooting")
            ),
            "not a list of whole numbers",
        ),
        (
            format!(
                "UPDATE coding SET codes = '[1, 2.5]' WHERE {}",
                own("shooting")
            ),
            "not a list of whole numbers",
        ),
        (
            format!("UPDATE coding SET code = 99 WHERE {}", own("theme")),
            "99 is not one of the codes",
        ),
        (
            format!("UPDATE coding SET codes = '[7]' WHERE {}", own("shooting")),
            "7 is not one of the codes",
        ),
        // 9 "None of these" is exclusive in the sample's codebook.
        (
            format!(
                "UPDATE coding SET codes = '[1,9]' WHERE {}",
                own("shooting")
            ),
            "exclusive",
        ),
        (
            format!(
                "UPDATE coding SET code = NULL, text = 'x' WHERE {}",
                own("theme")
            ),
            "expects a single answer",
        ),
    ] {
        let err = refused(&li_url, "li-secret", &sql);
        assert!(err.contains(says), "{sql}: {err}");
    }

    // Change-log ids are the server's: a row claiming an id far ahead gets the next one, and
    // everybody's saves go on.
    let (done, _, err) = run_psql(
        &li_url,
        "li-secret",
        "INSERT INTO change_log (id, at, actor, action, coder) VALUES (9000000, 't', 'li', 'x', 'Li Na');",
    );
    assert!(done, "{err}");
    let (_, highest, _) = run_psql(&study.admin, "", "SELECT max(id) < 9000000 FROM change_log");
    assert_eq!(highest, "t", "the server chose the id");
    // Nor can she file entries under another coder.
    let err = refused(
        &li_url,
        "li-secret",
        "INSERT INTO change_log (at, actor, action, coder) VALUES ('t', 'li', 'x', 'Wang Hao');",
    );
    assert!(err.contains("row-level security"), "{err}");
    let stats = |url: &str| ok(&["agreement", url, "--format", "json"], None);
    let before = stats(&supervisor);
    // Her desk's saves and the supervisor's still work.
    let codes = dir.path().join("li.csv");
    let unit: String = run_psql(
        &study.admin,
        "",
        "SELECT uid FROM unit ORDER BY position LIMIT 1",
    )
    .1;
    std::fs::write(
        &codes,
        format!("unit_id,coder,variable,value\n{unit},Li Na,theme,3\n"),
    )
    .unwrap();
    let li_with_password = format!("postgres://{li}:li-secret@{}", study.host_port_db);
    ok(
        &["import-codes", &li_with_password, codes.to_str().unwrap()],
        None,
    );
    ok(&["adjudicate", &supervisor, &unit, "theme", "3"], None);
    assert_ne!(stats(&supervisor), before, "her new code counts");
}

#[test]
fn a_row_written_before_the_server_checked_it_is_set_aside_and_named_and_the_rest_is_read() {
    let Some(server) = server_or_skip(
        "a_row_written_before_the_server_checked_it_is_set_aside_and_named_and_the_rest_is_read",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (supervisor, _li, study) = sample_with_li(dir.path(), &server);
    let status_before = ok(&["status", &supervisor, "--format", "json"], None);
    // What a server before schema 5 let a coder write: the checks were not there yet.
    let (done, _, err) = run_psql(
        &study.admin,
        "",
        "ALTER TABLE coding DROP CONSTRAINT coding_number_finite;
         ALTER TABLE coding DROP CONSTRAINT coding_codes_list;
         UPDATE coding SET number = 'NaN' WHERE coder_id = (SELECT id FROM coder WHERE name = 'Li Na')
             AND unit_id = (SELECT id FROM unit ORDER BY position LIMIT 1)
             AND variable_id = (SELECT id FROM variable WHERE key = 'likes');
         UPDATE coding SET codes = 'not json' WHERE coder_id = (SELECT id FROM coder WHERE name = 'Wang Hao')
             AND unit_id = (SELECT id FROM unit ORDER BY position LIMIT 1)
             AND variable_id = (SELECT id FROM variable WHERE key = 'shooting');",
    );
    assert!(done, "{err}");
    let unit: String = run_psql(
        &study.admin,
        "",
        "SELECT uid FROM unit ORDER BY position LIMIT 1",
    )
    .1;
    for args in [
        vec!["status", supervisor.as_str()],
        vec!["agreement", supervisor.as_str()],
    ] {
        let run = codingdesk(&args, None);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("2 row(s) on the server were left out"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains(&format!("unit {unit}, coder Li Na, variable likes"))
                && run.stderr.contains("NaN is not a finite number"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("coder Wang Hao, variable shooting")
                && run.stderr.contains("'not json' are not a list"),
            "{}",
            run.stderr
        );
    }
    let status_after = ok(&["status", &supervisor, "--format", "json"], None);
    assert_ne!(status_after, status_before, "two codes fewer");
    let out = dir.path().join("pulled.cdesk");
    let run = codingdesk(&["pull", &supervisor, out.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("2 row(s)"), "{}", run.stderr);
    let codings = common::query(&out, "SELECT count(*) FROM coding");
    assert_eq!(codings[0][0], (9 * 50 * 3 - 2).to_string());
}

#[test]
fn history_belongs_to_a_coder_not_to_a_name_a_new_coder_takes() {
    let Some(server) = server_or_skip("history_belongs_to_a_coder_not_to_a_name_a_new_coder_takes")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (supervisor, li, study) = sample_with_li(dir.path(), &server);
    let li_url = study.as_role(&li);
    let count =
        |url: &str, password: &str| run_psql(url, password, "SELECT count(*) FROM change_log").1;
    let hers = count(&li_url, "li-secret");
    assert_eq!(hers, "451", "the sample's entries for Li Na");
    ok(
        &["coders", &supervisor, "--rename", "Li Na", "Li Na (2025)"],
        None,
    );
    let newcomer = study.sign_up("lina", Some("Li Na"), "new-secret");
    let newcomer_url = study.as_role(&newcomer);
    assert_eq!(
        count(&newcomer_url, "new-secret"),
        "0",
        "nothing of the old Li Na's"
    );
    let (_, codes, _) = run_psql(&newcomer_url, "new-secret", "SELECT count(*) FROM coding");
    assert_eq!(codes, "0");
    // The renamed coder keeps her history, and the rename's own entry.
    assert_eq!(count(&li_url, "li-secret"), "452");
}

/// A TCP relay to the test server that cuts both sides the moment the client sends `cut_at`:
/// the server gone mid-write, at a chosen statement, every time.
fn cutting_relay(server: &str, cut_at: &'static [u8]) -> String {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let relay = listener.local_addr().unwrap().to_string();
    let server = server.to_owned();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { return };
            let Ok(mut upstream) = TcpStream::connect(&server) else {
                return;
            };
            let (mut client_back, mut upstream_back) =
                (client.try_clone().unwrap(), upstream.try_clone().unwrap());
            std::thread::spawn(move || std::io::copy(&mut upstream_back, &mut client_back));
            std::thread::spawn(move || {
                let mut buffer = [0u8; 65536];
                let mut seen: Vec<u8> = Vec::new();
                while let Ok(read) = client.read(&mut buffer) {
                    if read == 0 {
                        break;
                    }
                    seen.extend_from_slice(&buffer[..read]);
                    if seen.windows(cut_at.len()).any(|w| w == cut_at) {
                        let _ = client.shutdown(Shutdown::Both);
                        let _ = upstream.shutdown(Shutdown::Both);
                        return;
                    }
                    let keep = seen.len().saturating_sub(cut_at.len());
                    seen.drain(..keep);
                    if upstream.write_all(&buffer[..read]).is_err() {
                        break;
                    }
                }
            });
        }
    });
    relay
}

#[test]
fn a_server_lost_mid_write_is_said_to_be_lost_and_nothing_half_saved_is_left() {
    let Some(server) =
        server_or_skip("a_server_lost_mid_write_is_said_to_be_lost_and_nothing_half_saved_is_left")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (supervisor, _li, study) = sample_with_li(dir.path(), &server);
    let (host_port, database) = study.host_port_db.split_once('/').unwrap();
    let relay = cutting_relay(host_port, b"UPDATE coding");
    let through_relay = supervisor.replace(host_port, &relay);
    assert!(through_relay.contains(&format!("{relay}/{database}")));
    let unit: String = run_psql(
        &study.admin,
        "",
        "SELECT uid FROM unit ORDER BY position LIMIT 1",
    )
    .1;
    let theme = |coder: &str| {
        run_psql(
            &study.admin,
            "",
            &format!(
                "SELECT k.code FROM coding k JOIN unit u ON u.id = k.unit_id JOIN coder c ON c.id = k.coder_id
                 JOIN variable v ON v.id = k.variable_id
                 WHERE u.uid = '{unit}' AND c.name = '{coder}' AND v.key = 'theme'"
            ),
        )
        .1
    };
    let (li_before, wang_before) = (theme("Li Na"), theme("Wang Hao"));
    let other = |code: &str| if code == "3" { "4" } else { "3" };
    let codes = dir.path().join("two.csv");
    std::fs::write(
        &codes,
        format!(
            "unit_id,coder,variable,value\n{unit},Li Na,theme,{}\n{unit},Wang Hao,theme,{}\n",
            other(&li_before),
            other(&wang_before)
        ),
    )
    .unwrap();
    let run = codingdesk(
        &["import-codes", &through_relay, codes.to_str().unwrap()],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("connection to the server was lost")
            && run.stderr.contains("run the command again"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("refused"), "{}", run.stderr);
    assert_eq!(
        (theme("Li Na"), theme("Wang Hao")),
        (li_before.clone(), wang_before.clone()),
        "nothing half-saved"
    );
    // Run again straight to the server: both codes land.
    ok(
        &["import-codes", &supervisor, codes.to_str().unwrap()],
        None,
    );
    assert_eq!(theme("Li Na"), other(&li_before));
    assert_eq!(theme("Wang Hao"), other(&wang_before));
}

/// Issue 29, item 12: `pull` killed (SIGKILL) at any moment leaves nothing under the name asked
/// for or a complete project — never one with the schema only — and the retry goes through.
#[cfg(unix)]
#[test]
fn a_killed_pull_leaves_nothing_or_a_complete_project() {
    let Some(server) = server_or_skip("a_killed_pull_leaves_nothing_or_a_complete_project") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (supervisor, _li, _study) = sample_with_li(dir.path(), &server);
    let mut kills = 0;
    for round in 0..12u64 {
        let out = dir.path().join(format!("pulled-{round}.cdesk"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_codingdesk"))
            .env("LC_ALL", "C.UTF-8")
            .arg("pull")
            .arg(&supervisor)
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(10 + round * 25));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        if out.exists() {
            assert_eq!(common::query(&out, "SELECT count(*) FROM study"), [["1"]]);
            assert_eq!(common::query(&out, "SELECT count(*) FROM unit"), [["50"]]);
            assert_eq!(
                common::query(&out, "SELECT count(*) FROM coding"),
                [["1350"]]
            );
        } else {
            ok(&["pull", &supervisor, out.to_str().unwrap()], None);
            assert_eq!(
                common::query(&out, "SELECT count(*) FROM coding"),
                [["1350"]]
            );
        }
    }
    eprintln!("{kills} pulls killed part-way");
}
