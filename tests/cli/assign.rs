//! `codingdesk assign` through the real binary, and the coder's queue it produces.

use crate::common;

use codingdesk::desk::DeskSession;
use codingdesk::store::Project;
use common::{fails, ok, sample_project_in as sample, status_json};
use rusqlite::Connection;

fn overlap_units(project: &std::path::Path) -> Vec<String> {
    let conn = Connection::open(project).unwrap();
    let mut query = conn
        .prepare(
            "SELECT DISTINCT u.uid FROM assignment a JOIN unit u ON u.id = a.unit_id
             WHERE a.reliability = 1 ORDER BY u.position",
        )
        .unwrap();
    query
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_seeded_overlap_for_all_coders_and_an_even_split() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let out = ok(&[
        &"assign",
        &project,
        &"--coders",
        &"Li Na,Wang Hao,Chen Yu,Zhao Lei",
        &"--overlap",
        &"20%",
        &"--seed",
        &"7",
    ]);
    assert!(
        out.contains("reliability subsample: 10 of 50 units (seed 7)"),
        "{out}"
    );
    assert!(out.contains("stored 80 assignments"), "{out}");
    let status = status_json(&project);
    let assigned: Vec<i64> = status["per_coder"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["assigned"].as_i64().unwrap())
        .collect();
    assert_eq!(assigned, [20, 20, 20, 20], "10 shared + 10 own each");
    assert_eq!(status["coders"], 4, "the new coder was added");
    // The desk shows a coder exactly their assignments.
    let session = DeskSession::open(Project::open(&project).unwrap(), "Zhao Lei").unwrap();
    assert_eq!(session.queue().len(), 20);
    let overlap = overlap_units(&project);
    assert_eq!(overlap.len(), 10);
    assert!(
        overlap
            .iter()
            .all(|u| session.queue().iter().any(|row| &row.uid == u))
    );

    // The same seed on a fresh copy draws the same subsample.
    let again = tempfile::tempdir().unwrap();
    let copy = sample(again.path());
    ok(&[
        &"assign",
        &copy,
        &"--coders",
        &"Li Na,Wang Hao,Chen Yu,Zhao Lei",
        &"--overlap",
        &"20%",
        &"--seed",
        &"7",
    ]);
    assert_eq!(overlap_units(&copy), overlap);
}

#[test]
fn preview_replace_shares_and_stratification() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let before = status_json(&project);
    let out = ok(&[
        &"assign",
        &project,
        &"--coders",
        &"a,b",
        &"--overlap",
        &"10",
        &"--dry-run",
    ]);
    assert!(out.contains("preview only"), "{out}");
    assert_eq!(status_json(&project), before, "a preview stores nothing");

    ok(&[
        &"assign",
        &project,
        &"--coders",
        &"a,b",
        &"--overlap",
        &"10",
    ]);
    let stderr = fails(&[
        &"assign",
        &project,
        &"--coders",
        &"a,b",
        &"--overlap",
        &"10",
    ]);
    assert!(stderr.contains("--replace"), "{stderr}");
    let out = ok(&[
        &"assign",
        &project,
        &"--coders",
        &"a,b",
        &"--overlap",
        &"12",
        &"--shares",
        &"a=3,b=1",
        &"--stratify",
        &"account",
        &"--replace",
    ]);
    assert!(
        out.contains("reliability subsample: 12 of 50 units"),
        "{out}"
    );
    let conn = Connection::open(&project).unwrap();
    let own = |coder: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM assignment a JOIN coder c ON c.id = a.coder_id WHERE c.name = ?1 AND a.reliability = 0",
            [coder],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(
        (own("a"), own("b")),
        (29, 9),
        "38 remaining units split 3:1"
    );
    let total: i64 = conn
        .query_row("SELECT count(*) FROM assignment", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        total,
        12 * 2 + 38,
        "the old assignments were replaced, not added to"
    );
}

#[test]
fn bad_assignments_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let stderr = fails(&[
        &"assign",
        &project,
        &"--coders",
        &"a,b",
        &"--overlap",
        &"60",
    ]);
    assert!(
        stderr.contains("more than the study's 50 units"),
        "{stderr}"
    );
    let stderr = fails(&[
        &"assign",
        &project,
        &"--coders",
        &"a,b",
        &"--overlap",
        &"lots",
    ]);
    assert!(stderr.contains("--overlap"), "{stderr}");
    let stderr = fails(&[
        &"assign",
        &project,
        &"--coders",
        &"a,b",
        &"--overlap",
        &"5",
        &"--stratify",
        &"nope",
    ]);
    assert!(stderr.contains("'nope'"), "{stderr}");
    let stderr = fails(&[&"assign", &project, &"--coders", &"a,a", &"--overlap", &"5"]);
    assert!(stderr.contains("named twice"), "{stderr}");
    let stderr = fails(&[
        &"assign",
        &project,
        &"--coders",
        &"a,b",
        &"--overlap",
        &"5",
        &"--shares",
        &"c=1",
    ]);
    assert!(stderr.contains("not one of the coders"), "{stderr}");
    assert_eq!(status_json(&project)["assignments"], 0);
}
