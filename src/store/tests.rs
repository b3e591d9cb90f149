use rusqlite::Connection;

use super::*;
use crate::codebook::preset;
use crate::model::{Answer, Unit};
use crate::store::training::Gold;

fn sample_project(dir: &Path) -> Project {
    let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
    let mut project = Project::create(&dir.join("study.cdesk"), "Test", &codebook).unwrap();
    let units: Vec<Unit> = ["v1", "v2", "v3"]
        .iter()
        .map(|uid| Unit {
            uid: uid.to_string(),
            caption: Some(format!("重庆 {uid}")),
            likes: Some(10),
            ..Unit::default()
        })
        .collect();
    project.upsert_units(&units, "test").unwrap();
    project.ensure_coder("ana", "test").unwrap();
    project.ensure_coder("bo", "test").unwrap();
    project
}

#[test]
fn a_new_project_is_wal_with_foreign_keys_and_the_codebook() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project(dir.path());
    let mode: String = project
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let page_size: i64 = project
        .conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(page_size, PAGE_SIZE);
    let keys: i64 = project
        .conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(keys, 1);
    assert_eq!(project.schema_version().unwrap(), latest_version());
    let codebook = project.codebook().unwrap();
    assert_eq!(codebook, preset("tiktok-six").unwrap().codebook().unwrap());
    // Its Chinese texts too (migration 7's columns).
    assert_eq!(
        codebook.translations.title["zh"],
        "短视频城市形象:六类目(TikTok / 抖音)"
    );
    assert_eq!(
        codebook.variables[0].values[0].translations.label["zh"],
        "自然风光"
    );
}

#[test]
fn creating_over_an_existing_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.cdesk");
    std::fs::write(&path, b"keep me").unwrap();
    let codebook = preset("blank").unwrap().codebook().unwrap();
    assert!(matches!(
        Project::create(&path, "t", &codebook),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
}

#[test]
fn answers_survive_reopening_and_are_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = sample_project(dir.path());
    let before = project.change_log_len().unwrap();
    project
        .set_answer("v1", "ana", "theme", Some(&Answer::Code(1)))
        .unwrap();
    project
        .set_answer("v1", "ana", "narrative", Some(&Answer::codes(vec![3, 1])))
        .unwrap();
    let old = project
        .set_answer("v1", "ana", "theme", Some(&Answer::Code(4)))
        .unwrap();
    assert_eq!(old, Some(Answer::Code(1)));
    assert_eq!(project.change_log_len().unwrap(), before + 3);
    let path = project.path().to_owned();
    drop(project);
    let project = Project::open(&path).unwrap();
    let codes = project.codings_of_coder("ana").unwrap();
    let answers: Vec<(&str, &Answer)> = codes.iter().map(|c| (&*c.variable, &c.answer)).collect();
    assert_eq!(
        answers,
        [
            ("theme", &Answer::Code(4)),
            ("narrative", &Answer::Codes(vec![1, 3]))
        ]
    );
}

#[test]
fn a_coder_reads_only_their_own_codes() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = sample_project(dir.path());
    project
        .set_answer("v1", "ana", "theme", Some(&Answer::Code(1)))
        .unwrap();
    project
        .set_answer("v1", "bo", "theme", Some(&Answer::Code(2)))
        .unwrap();
    let bo = project.codings_of_coder("bo").unwrap();
    assert_eq!(bo.len(), 1);
    assert_eq!(bo[0].answer, Answer::Code(2));
    assert_eq!(project.all_codings().unwrap().len(), 2);
}

#[test]
fn invalid_answers_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = sample_project(dir.path());
    let log = project.change_log_len().unwrap();
    for (variable, answer) in [
        ("theme", Answer::Code(42)),
        ("theme", Answer::Text("nature".into())),
        ("narrative", Answer::Codes(vec![1, 77])),
        ("likes", Answer::Number(f64::NAN)),
    ] {
        let error = project
            .set_answer("v1", "ana", variable, Some(&answer))
            .unwrap_err();
        assert!(matches!(error, StoreError::InvalidAnswer { .. }), "{error}");
    }
    assert!(matches!(
        project.set_answer("nope", "ana", "theme", Some(&Answer::Code(1))),
        Err(StoreError::UnknownUnit(_))
    ));
    assert!(matches!(
        project.set_answer("v1", "zed", "theme", Some(&Answer::Code(1))),
        Err(StoreError::UnknownCoder(_))
    ));
    assert_eq!(project.change_log_len().unwrap(), log);
    assert!(project.all_codings().unwrap().is_empty());
}

#[test]
fn a_batch_with_one_bad_code_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = sample_project(dir.path());
    let coding = |unit: &str, code| NewCoding {
        unit: unit.into(),
        coder: "cy".into(),
        variable: "theme".into(),
        answer: Answer::Code(code),
        note: String::new(),
    };
    let result = project.write_codings(&[coding("v1", 1), coding("v2", 99)], "test");
    assert!(result.is_err());
    assert!(project.all_codings().unwrap().is_empty());
    assert_eq!(
        project.coders().unwrap(),
        ["ana", "bo"],
        "the new coder was rolled back too"
    );
}

#[test]
fn reimport_updates_by_id_and_keeps_codes() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = sample_project(dir.path());
    project
        .set_answer("v2", "ana", "theme", Some(&Answer::Code(3)))
        .unwrap();
    let changed = Unit {
        uid: "v2".into(),
        caption: Some("重庆 v2".into()),
        likes: Some(99),
        ..Unit::default()
    };
    let fresh = Unit {
        uid: "v4".into(),
        ..Unit::default()
    };
    let summary = project.upsert_units(&[changed, fresh], "test").unwrap();
    assert_eq!(
        (summary.added, summary.updated, summary.unchanged),
        (1, 1, 0)
    );
    assert_eq!(project.unit_count().unwrap(), 4);
    assert_eq!(project.unit("v2").unwrap().likes, Some(99));
    assert_eq!(project.all_codings().unwrap().len(), 1);
    let again = project
        .upsert_units(&[project.unit("v4").unwrap()], "test")
        .unwrap();
    assert_eq!(again.unchanged, 1);
}

#[test]
fn the_change_log_is_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project(dir.path());
    assert!(
        project
            .conn
            .execute("UPDATE change_log SET actor = 'x'", [])
            .is_err()
    );
    assert!(project.conn.execute("DELETE FROM change_log", []).is_err());
}

#[test]
fn files_from_newer_versions_and_foreign_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_project(dir.path()).path().to_owned();
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let error = Project::open(&path).err().unwrap();
    assert!(
        matches!(error, StoreError::NewerSchema { found: 99, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("newer Codingdesk"));

    let text = dir.path().join("notes.cdesk");
    std::fs::write(
        &text,
        "just some text, not a database at all....................",
    )
    .unwrap();
    assert!(matches!(
        Project::open(&text),
        Err(StoreError::NotAProject { .. })
    ));
    let other = dir.path().join("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    assert!(matches!(
        Project::open(&other),
        Err(StoreError::NotAProject { .. })
    ));
    assert!(matches!(
        Project::open(&dir.path().join("missing.cdesk")),
        Err(StoreError::Missing { .. })
    ));
}

#[test]
fn an_older_file_is_backed_up_then_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.cdesk");
    // A file at schema version 0: marked as ours, no migration applied yet.
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn.execute_batch("CREATE TABLE marker (x); INSERT INTO marker VALUES (1);")
        .unwrap();
    drop(conn);
    let project = Project::open(&path).unwrap();
    assert_eq!(project.schema_version().unwrap(), latest_version());
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("old.cdesk.v0-") && name.ends_with(".bak"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backup = Connection::open(dir.path().join(&backups[0])).unwrap();
    let version: i64 = backup
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let marker: i64 = backup
        .query_row("SELECT x FROM marker", [], |r| r.get(0))
        .unwrap();
    assert_eq!((version, marker), (0, 1));
}

#[test]
fn status_counts_done_units_by_required_variables() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = sample_project(dir.path());
    for (variable, answer) in [
        ("theme", Answer::Code(1)),
        ("shooting", Answer::codes(vec![9])),
        ("emotion", Answer::Code(3)),
        ("narrative", Answer::codes(vec![3])),
        ("source", Answer::Code(2)),
    ] {
        project
            .set_answer("v1", "ana", variable, Some(&answer))
            .unwrap();
    }
    project
        .set_answer("v2", "ana", "theme", Some(&Answer::Code(1)))
        .unwrap();
    let status = project.status().unwrap();
    assert_eq!((status.units, status.coders, status.codings), (3, 2, 6));
    let ana = &status.per_coder[0];
    assert_eq!((ana.started, ana.done, ana.codings), (2, 1, 6));
}

#[test]
fn a_version_one_file_is_backed_up_and_upgraded_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.cdesk");
    // Exactly what Codingdesk wrote at schema version 1.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn.execute(
        "INSERT INTO study (id, title, created_at) VALUES (1, 'old study', '2026-01-01')",
        [],
    )
    .unwrap();
    drop(conn);
    let mut project = Project::open(&path).unwrap();
    assert_eq!(project.schema_version().unwrap(), latest_version());
    assert_eq!(project.title().unwrap(), "old study");
    assert_eq!(project.primary_coder().unwrap(), None);
    // Migration 5 gives an old study the id its packages will carry; it is not a package.
    assert_eq!(project.study_uid().unwrap().len(), 32);
    assert_eq!(project.package_info().unwrap(), None);
    assert!(project.packages().unwrap().is_empty());
    project.ensure_coder("ana", "test").unwrap();
    project.set_primary_coder("ana", "test").unwrap();
    assert_eq!(project.primary_coder().unwrap().as_deref(), Some("ana"));
    assert!(matches!(
        project.set_primary_coder("zed", "test"),
        Err(StoreError::UnknownCoder(_))
    ));
    let backups = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("v1.cdesk.v1-"))
        .count();
    assert_eq!(backups, 1);
}

#[test]
fn a_gold_coder_and_package_coders_named_at_schema_10_become_coder_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v10.cdesk");
    let conn = Connection::open(&path).unwrap();
    for migration in &schema::MIGRATIONS[..10] {
        conn.execute_batch(migration).unwrap();
    }
    conn.pragma_update(None, "user_version", 10).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO study (id, title, created_at, study_uid) VALUES (1, 'old', 't', 'uid');
         INSERT INTO coder (id, name, created_at) VALUES (1, 'ana', 't'), (2, 'ben', 't');
         INSERT INTO training_round (name, gold_coder, alpha_min, created_at)
             VALUES ('r1', 'ben', 0.8, 't'), ('r2', NULL, 0.8, 't');
         INSERT INTO package (id, coder, made_at, codebook_version, master_log_position,
                              package_log_position, units, file)
             VALUES ('p1', 'ana', 't', 1, 0, 0, 0, '/x/ana.cdesk');",
    )
    .unwrap();
    drop(conn);
    let mut project = Project::open(&path).unwrap();
    assert_eq!(project.schema_version().unwrap(), latest_version());
    let golds: Vec<Gold> = project
        .training_rounds()
        .unwrap()
        .into_iter()
        .map(|round| round.gold)
        .collect();
    assert_eq!(golds, [Gold::Coder("ben".into()), Gold::Adjudicated]);
    project.rename_coder("ben", "Ben Wu", "test").unwrap();
    assert_eq!(
        project.training_round("r1").unwrap().gold,
        Gold::Coder("Ben Wu".into())
    );
    let (coder_id, secret): (Option<i64>, Option<String>) = project
        .conn
        .query_row("SELECT coder_id, secret FROM package", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (coder_id, secret),
        (Some(1), None),
        "a record made before proofs"
    );
}

#[test]
fn values_are_renamed_retired_and_merged_without_losing_codes() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = sample_project(dir.path());
    project
        .set_answer("v1", "ana", "theme", Some(&Answer::Code(9)))
        .unwrap();
    project
        .set_answer("v2", "bo", "theme", Some(&Answer::Code(9)))
        .unwrap();
    project
        .set_answer("v3", "bo", "theme", Some(&Answer::Code(2)))
        .unwrap();
    project
        .set_answer("v1", "ana", "narrative", Some(&Answer::codes(vec![1, 2])))
        .unwrap();
    project
        .set_answer("v2", "ana", "narrative", Some(&Answer::codes(vec![2, 3])))
        .unwrap();
    project
        .conn
        .execute(
            "INSERT INTO final_value (unit_id, variable_id, code, decided_by, decided_at)
             SELECT u.id, v.id, 9, 'sup', 'now' FROM unit u, variable v WHERE u.uid = 'v1' AND v.key = 'theme'",
            [],
        )
        .unwrap();
    let log = project.change_log_len().unwrap();

    let renamed = project
        .rename_value("theme", 1, "Nature and scenery", "sup")
        .unwrap();
    assert_eq!(renamed.version, 2);
    assert!(
        project.rename_value("theme", 1, "food", "sup").is_err(),
        "labels stay unique"
    );
    assert!(project.rename_value("theme", 77, "x", "sup").is_err());

    let merged = project.merge_value("theme", 9, 3, "sup").unwrap();
    assert_eq!(
        (merged.version, merged.rewritten),
        (3, 3),
        "two codes and one adjudicated value"
    );
    // A value merged inside sets ("None of these" stands alone, so another one here).
    let merged = project.merge_value("narrative", 2, 3, "sup").unwrap();
    assert_eq!(merged.rewritten, 2);
    let codes: Vec<(String, String, String, Answer)> = project
        .all_codings()
        .unwrap()
        .into_iter()
        .map(|c| {
            (
                c.unit.to_string(),
                c.coder.to_string(),
                c.variable.to_string(),
                c.answer,
            )
        })
        .collect();
    assert!(codes.contains(&("v1".into(), "ana".into(), "theme".into(), Answer::Code(3))));
    assert!(
        codes.contains(&("v3".into(), "bo".into(), "theme".into(), Answer::Code(2))),
        "others untouched"
    );
    assert!(codes.contains(&(
        "v1".into(),
        "ana".into(),
        "narrative".into(),
        Answer::Codes(vec![1, 3])
    )));
    assert!(codes.contains(&(
        "v2".into(),
        "ana".into(),
        "narrative".into(),
        Answer::Codes(vec![3])
    )));
    let finals = project.final_values().unwrap();
    assert_eq!(finals[0].2, Answer::Code(3));

    let codebook = project.codebook().unwrap();
    assert_eq!(codebook.version, 4);
    let theme = codebook.variable("theme").unwrap();
    assert_eq!(theme.value(1).unwrap().label, "Nature and scenery");
    assert!(
        theme.value(9).unwrap().retired,
        "merged values are retired, never deleted"
    );
    project.retire_value("theme", 9, false, "sup").unwrap();
    assert!(
        !project
            .codebook()
            .unwrap()
            .variable("theme")
            .unwrap()
            .value(9)
            .unwrap()
            .retired
    );
    assert!(project.merge_value("theme", 3, 3, "sup").is_err());
    // 1 rename + 3 + 2 rewritten codes + 2 merges + 1 restore.
    assert_eq!(project.change_log_len().unwrap(), log + 9);
}

#[test]
fn stored_times_are_shown_in_local_time_to_the_minute() {
    let stored = "2026-11-23T15:21:01.392Z";
    let expected = chrono::DateTime::parse_from_rfc3339(stored)
        .unwrap()
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    assert_eq!(local_time(stored), expected);
    assert_eq!(local_time(stored).len(), "2026-11-23 15:21".len());
    // Text that is not a stored time is shown unchanged rather than hidden.
    assert_eq!(local_time("yesterday"), "yesterday");
}

#[test]
fn notes_and_codes_under_another_name_in_a_package_are_kept_aside_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut master = sample_project(dir.path());
    let file = dir.path().join("ana.cdesk");
    master
        .write_package("ana", &file, PackageOptions::default(), "test")
        .unwrap();
    let mut laptop = Project::open(&file).unwrap();
    laptop.ensure_coder("安娜", "test").unwrap();
    laptop.set_unit_note("v1", "安娜", "画面很美").unwrap();
    laptop
        .set_answer("v2", "安娜", "theme", Some(&Answer::Code(1)))
        .unwrap();
    drop(laptop);

    let report = master
        .merge_packages(
            std::slice::from_ref(&file),
            MergeOptions::default(),
            "test",
            true,
        )
        .unwrap();
    let kept = master.kept_aside().unwrap();
    assert_eq!(kept.len(), 2, "{kept:?}");
    let note = kept.iter().find(|k| k.variable == UNIT_NOTE).unwrap();
    assert_eq!((note.unit.as_str(), note.coder.as_str()), ("v1", "安娜"));
    assert_eq!(note.value, "画面很美");
    assert!(note.reason.contains("under the name '安娜'"), "{note:?}");
    assert_eq!(report.packages[0].newly_kept_aside, 2);
    // Merging again keeps them once.
    master
        .merge_packages(&[file], MergeOptions::default(), "test", true)
        .unwrap();
    assert_eq!(master.kept_aside().unwrap().len(), 2);
}

#[test]
fn the_master_and_the_package_record_the_same_package() {
    let dir = tempfile::tempdir().unwrap();
    let mut master = sample_project(dir.path());
    let file = dir.path().join("bo.cdesk");
    master
        .write_package("bo", &file, PackageOptions::default(), "test")
        .unwrap();
    let own = Project::open(&file)
        .unwrap()
        .package_info()
        .unwrap()
        .unwrap();
    let recorded = master.packages().unwrap().remove(0);
    assert_eq!(
        (&own.id, &own.coder, &own.made_at, &own.file, own.units),
        (
            &recorded.id,
            &recorded.coder,
            &recorded.made_at,
            &recorded.file,
            recorded.units
        )
    );
    assert_eq!(own.master_log_position, recorded.master_log_position);
    assert_eq!(own.package_log_position, recorded.package_log_position);
}
