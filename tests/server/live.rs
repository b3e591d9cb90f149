//! A server study live: coders code in their desks on the server, a supervisor's session sees
//! their codes within seconds, and when the server goes away (stopped as a crash would stop it)
//! the desk says so at once, takes no input, and loses nothing it said was saved; when the server
//! is back, the desk goes on. Runs on a cluster of its own (it crashes it); skips on a developer
//! machine without the test server, must run in CI.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use codingdesk::desk::{DeskSession, Synced};
use codingdesk::model::Answer;
use codingdesk::server::replica::Role;
use codingdesk::study::Study;
use codingdesk::supervise::{SupervisorAction, SupervisorSession};
use common::pg::{OwnCluster, run_psql, sample_on_server, server_or_skip};

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
    let dir = tempfile::tempdir().unwrap();
    let study = sample_on_server(&cluster.admin, dir.path());
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
            supervisor
                .apply(SupervisorAction::ShowCoderResults("Li Na".into()))
                .unwrap();
            seen = supervisor
                .snapshot()
                .coder_results
                .as_ref()
                .and_then(|(_, codes)| codes.get(&units[0], "theme"))
                == Some(&Answer::Code(code));
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

/// The Chongqing study run live: three coders, each in a process of their own signed in as their
/// own role, recode units at the same time while the supervisor's session watches; the
/// supervisor's agreement follows them and ends where a fresh reading of the server puts it, and
/// the supervisor's adjudication in the session lands on the server.
#[test]
fn three_coders_in_their_own_processes_and_a_supervisor_run_the_study_live() {
    use codingdesk::supervise::SupervisorAction;
    let Some(server) =
        server_or_skip("three_coders_in_their_own_processes_and_a_supervisor_run_the_study_live")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let study = sample_on_server(&server, dir.path());
    let zhang = study.sign_up("zhang", None, "zhang-secret");
    let supervisor_url = format!("postgres://{zhang}:zhang-secret@{}", study.host_port_db);
    let mut supervisor = SupervisorSession::open(Study::open(Path::new(&supervisor_url)).unwrap())
        .map_err(|failed| failed.1.to_string())
        .unwrap();
    let theme_alpha = |session: &SupervisorSession| {
        let agreement = session.snapshot().agreement.as_ref().unwrap();
        agreement
            .variables
            .iter()
            .find(|row| row.variable == "theme")
            .unwrap()
            .measures
            .krippendorff_alpha
    };
    let before = theme_alpha(&supervisor);

    // Each coder recodes 15 units of theme, each from a process of their own.
    let units: Vec<String> = run_psql(
        &study.admin,
        "",
        "SELECT uid FROM unit ORDER BY position LIMIT 15",
    )
    .1
    .lines()
    .map(str::to_owned)
    .collect();
    let coders = [
        ("Li Na", "li", 1),
        ("Wang Hao", "wang", 2),
        ("Chen Yu", "chen", 3),
    ];
    let children: Vec<_> = coders
        .iter()
        .map(|(name, prefix, code)| {
            let role = study.sign_up(prefix, Some(name), "coder-secret");
            let csv = dir.path().join(format!("{prefix}.csv"));
            let rows: Vec<String> = units
                .iter()
                .map(|unit| format!("{unit},{name},theme,{code}"))
                .collect();
            std::fs::write(
                &csv,
                format!("unit_id,coder,variable,value\n{}\n", rows.join("\n")),
            )
            .unwrap();
            std::process::Command::new(env!("CARGO_BIN_EXE_codingdesk"))
                .args([
                    "import-codes",
                    &format!("postgres://{role}@{}", study.host_port_db),
                    csv.to_str().unwrap(),
                ])
                .env("PGPASSWORD", "coder-secret")
                .env("LC_ALL", "C.UTF-8")
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    // Within 2 seconds the supervisor's session has read what they committed.
    let started = Instant::now();
    let mut now = before;
    while started.elapsed() < Duration::from_secs(2) && now == before {
        supervisor.sync().unwrap();
        now = theme_alpha(&supervisor);
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_ne!(now, before, "the supervisor's agreement moved");
    let fresh = SupervisorSession::open(Study::open(Path::new(&supervisor_url)).unwrap())
        .map_err(|failed| failed.1.to_string())
        .unwrap();
    assert_eq!(now, theme_alpha(&fresh), "the live view is the server's");

    // The supervisor settles one of the new disagreements in the session: it is on the server.
    supervisor
        .apply(SupervisorAction::Adjudicate {
            unit: units[0].clone(),
            variable: "theme".into(),
            answer: Some(Answer::Code(2)),
            reason: "培训后统一".into(),
        })
        .unwrap();
    let (_, stored, _) = run_psql(
        &study.admin,
        "",
        &format!(
            "SELECT f.code || '|' || f.reason FROM final_value f JOIN unit u ON u.id = f.unit_id
             JOIN variable v ON v.id = f.variable_id WHERE u.uid = '{}' AND v.key = 'theme'",
            units[0]
        ),
    );
    assert_eq!(stored, "2|培训后统一");
}
