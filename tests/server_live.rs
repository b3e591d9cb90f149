//! A server study live: coders code in their desks on the server, a supervisor's session sees
//! their codes within seconds, and when the server goes away (stopped as a crash would stop it)
//! the desk says so at once, takes no input, and loses nothing it said was saved; when the server
//! is back, the desk goes on. Runs on a cluster of its own (it crashes it); skips on a developer
//! machine without the test server, must run in CI.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use codingdesk::desk::{DeskSession, Synced};
use codingdesk::model::Answer;
use codingdesk::server::replica::Role;
use codingdesk::study::Study;
use codingdesk::supervise::SupervisorSession;
use common::pg::{OwnCluster, new_study, ok, run_psql, server_or_skip};

/// Li Na's stored theme code for `unit`, as the administrator reads it.
fn stored_theme(admin: &str, coder: &str, unit: &str) -> String {
    run_psql(
        admin,
        "",
        &format!(
            "SELECT coalesce(c.code::text, 'none') FROM unit u
             JOIN coder k ON k.name = '{coder}'
             JOIN variable v ON v.key = 'theme'
             LEFT JOIN coding c ON c.unit_id = u.id AND c.coder_id = k.id AND c.variable_id = v.id
             WHERE u.uid = '{unit}'"
        ),
    )
    .1
}

/// A theme code different from `stored` ("none" or a code).
fn another_theme(stored: &str) -> i64 {
    if stored == "1" { 2 } else { 1 }
}

#[test]
fn coders_code_live_on_the_server_and_a_lost_server_loses_nothing_saved() {
    if server_or_skip("coders_code_live_on_the_server_and_a_lost_server_loses_nothing_saved")
        .is_none()
    {
        return;
    }
    let cluster = OwnCluster::start();
    let study = new_study(&cluster.admin);
    ok(&["server", "init", &study.admin], None);
    let dir = tempfile::tempdir().unwrap();
    let file = common::sample_project_in(dir.path());
    ok(&["push", file.to_str().unwrap(), &study.admin], None);
    let li = study.sign_up("li", Some("Li Na"), "li-secret");
    let zhang = study.sign_up("zhang", None, "zhang-secret");
    let coder_url = format!("postgres://{li}:li-secret@{}", study.host_port_db);
    let supervisor_url = format!("postgres://{zhang}:zhang-secret@{}", study.host_port_db);

    // The coder's sign-in decides who codes.
    let signed_in = Study::open(Path::new(&coder_url)).unwrap();
    assert_eq!(signed_in.role(), Some(&Role::Coder("Li Na".into())));
    let mut desk = DeskSession::open(signed_in, "Li Na").unwrap();
    let mut supervisor = SupervisorSession::open(Study::open(Path::new(&supervisor_url)).unwrap())
        .map_err(|failed| failed.1.to_string())
        .unwrap();
    let units: Vec<String> = desk.queue().iter().map(|row| row.uid.clone()).collect();
    assert_eq!(units.len(), 50);

    // Saved means committed on the server, at once.
    let first = desk.unit(&units[0]).unwrap();
    let code = another_theme(&stored_theme(&study.admin, "Li Na", &units[0]));
    assert!(
        desk.set_answer(&first, "theme", Some(Answer::Code(code)))
            .unwrap()
    );
    assert_eq!(
        stored_theme(&study.admin, "Li Na", &units[0]),
        code.to_string()
    );

    // The supervisor's session has it within 2 seconds, by the server's word (NOTIFY).
    let started = Instant::now();
    let mut seen = false;
    while started.elapsed() < Duration::from_secs(2) && !seen {
        if supervisor.sync().unwrap() {
            seen = supervisor.snapshot().codings.iter().any(|record| {
                record.unit == units[0]
                    && record.coder == "Li Na"
                    && record.variable == "theme"
                    && record.answer == Answer::Code(code)
            });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(seen, "the supervisor saw the code within 2 s");

    // The server goes away as in a crash.
    cluster.crash();
    let second = desk.unit(&units[1]).unwrap();
    let refused = desk
        .set_answer(&second, "theme", Some(Answer::Code(9)))
        .unwrap_err()
        .to_string();
    assert!(refused.contains("not saved"), "{refused}");
    assert!(desk.offline().is_some(), "the desk says the server is gone");
    // Trying again is refused at once, without waiting for the network.
    let again = desk
        .set_answer(&second, "theme", Some(Answer::Code(9)))
        .unwrap_err()
        .to_string();
    assert!(again.contains("not saved"), "{again}");
    // The supervisor's session says it once, then waits.
    assert!(supervisor.sync().is_err());
    assert!(!supervisor.sync().unwrap());
    assert!(supervisor.offline().is_some());

    cluster.restart();
    let started = Instant::now();
    let mut back = false;
    while started.elapsed() < Duration::from_secs(15) && !back {
        back = matches!(desk.sync().unwrap(), Synced::Reconnected);
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(back, "the desk reconnected");
    assert!(desk.offline().is_none());
    // What the desk said was saved survived the crash; what it refused is not there, and the
    // desk shows what the server holds.
    assert_eq!(
        stored_theme(&study.admin, "Li Na", &units[0]),
        code.to_string()
    );
    let second_stored = stored_theme(&study.admin, "Li Na", &units[1]);
    assert_ne!(second_stored, "9");
    let shown = match desk.answer(&units[1], "theme") {
        Some(Answer::Code(shown)) => shown.to_string(),
        None => "none".to_owned(),
        Some(other) => panic!("{other:?}"),
    };
    assert_eq!(shown, second_stored);
    // And it takes input again.
    let second = desk.unit(&units[1]).unwrap();
    assert!(
        desk.set_answer(&second, "theme", Some(Answer::Code(9)))
            .unwrap()
    );
    assert_eq!(stored_theme(&study.admin, "Li Na", &units[1]), "9");
}
