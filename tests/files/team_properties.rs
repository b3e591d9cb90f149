//! Properties of the merge over random codings (seeded, so a failure names its seed):
//! merging a package twice equals merging it once; packages of different coders merge to the
//! same project in either order, or together; and no package code is lost silently.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codingdesk::codebook::preset;
use codingdesk::model::{Answer, Codebook, Kind, Unit};
use codingdesk::store::{MergeOptions, MergeReport, PackageOptions, Project, Side};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const UNITS: usize = 8;
const SEEDS: u64 = 16;

fn codebook() -> Codebook {
    preset("tiktok-six").unwrap().codebook().unwrap()
}

/// A random answer for a variable of the codebook (single, multi, number or text).
fn random_answer(rng: &mut ChaCha8Rng, codebook: &Codebook, key: &str) -> Answer {
    let variable = codebook.variable(key).unwrap();
    let codes: Vec<i64> = variable
        .values
        .iter()
        .filter(|v| !v.retired)
        .map(|v| v.code)
        .collect();
    match variable.kind {
        Kind::Single => Answer::Code(codes[rng.random_range(0..codes.len())]),
        Kind::Multi => {
            // Ticked one by one as in the desk: an exclusive value ("None of these") clears
            // the others and is cleared by them.
            let n = rng.random_range(1..=codes.len().min(3));
            let mut set = Vec::new();
            for _ in 0..n {
                let code = codes[rng.random_range(0..codes.len())];
                if !set.contains(&code) {
                    set = variable.toggled(&set, code);
                }
            }
            Answer::codes(set)
        }
        Kind::Number => Answer::Number(rng.random_range(0..100) as f64),
        Kind::Text => Answer::Text(format!("text {}", rng.random_range(0..5))),
    }
}

/// A few random edits of one coder's codes and notes: set, clear, note.
fn random_edits(rng: &mut ChaCha8Rng, project: &mut Project, coder: &str, edits: usize) {
    let codebook = project.codebook().unwrap();
    let keys: Vec<String> = codebook.variables.iter().map(|v| v.key.clone()).collect();
    for _ in 0..edits {
        let unit = format!("u{}", rng.random_range(0..UNITS));
        match rng.random_range(0..10) {
            0 => {
                let note = if rng.random_bool(0.3) {
                    String::new()
                } else {
                    format!("note {}", rng.random_range(0..4))
                };
                project.set_unit_note(&unit, coder, &note).unwrap();
            }
            1 => {
                let key = &keys[rng.random_range(0..keys.len())];
                project.set_answer(&unit, coder, key, None).unwrap();
            }
            _ => {
                let key = &keys[rng.random_range(0..keys.len())];
                let answer = random_answer(rng, &codebook, key);
                project
                    .set_answer(&unit, coder, key, Some(&answer))
                    .unwrap();
            }
        }
    }
}

struct World {
    _dir: tempfile::TempDir,
    master: PathBuf,
    ana: PathBuf,
    bo: PathBuf,
}

/// A master with three coders' random codes, packages for Ana and Bo, then random work in
/// both packages and random changes in the master (Ana's and Bo's codes too, for conflicts;
/// sometimes a value merged in the codebook, for drift).
fn world(seed: u64) -> World {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("master.cdesk");
    let (ana, bo) = (dir.path().join("ana.cdesk"), dir.path().join("bo.cdesk"));
    {
        let mut project = Project::create(&master, "property study", &codebook()).unwrap();
        let units: Vec<Unit> = (0..UNITS)
            .map(|i| Unit {
                uid: format!("u{i}"),
                caption: Some(format!("视频 {i}")),
                ..Unit::default()
            })
            .collect();
        project.upsert_units(&units, "test").unwrap();
        for coder in ["Ana", "Bo", "Cy"] {
            project.ensure_coder(coder, "test").unwrap();
            random_edits(&mut rng, &mut project, coder, 20);
        }
        let options = PackageOptions { copy_media: false };
        project.write_package("Ana", &ana, options, "test").unwrap();
        project.write_package("Bo", &bo, options, "test").unwrap();
        random_edits(&mut rng, &mut project, "Ana", 4);
        random_edits(&mut rng, &mut project, "Bo", 4);
        random_edits(&mut rng, &mut project, "Cy", 4);
        if rng.random_bool(0.5) {
            project.merge_value("theme", 4, 3, "test").unwrap();
        }
    }
    for (file, coder) in [(&ana, "Ana"), (&bo, "Bo")] {
        let mut package = Project::open(file).unwrap();
        random_edits(&mut rng, &mut package, coder, 15);
    }
    // More master changes after the coders' work, so that either side can be the newer one.
    std::thread::sleep(std::time::Duration::from_millis(2));
    let mut project = Project::open(&master).unwrap();
    random_edits(&mut rng, &mut project, "Ana", 4);
    random_edits(&mut rng, &mut project, "Bo", 4);
    World {
        _dir: dir,
        master,
        ana,
        bo,
    }
}

fn copy_of(master: &Path, name: &str) -> PathBuf {
    let copy = master.with_file_name(name);
    std::fs::copy(master, &copy).unwrap();
    copy
}

fn merge(master: &Path, packages: &[&PathBuf]) -> MergeReport {
    let files: Vec<PathBuf> = packages.iter().map(|p| p.to_path_buf()).collect();
    Project::open(master)
        .unwrap()
        .merge_packages(&files, MergeOptions::default(), "supervisor", true)
        .unwrap()
}

/// Everything a merge may change, by stable keys; times only where they are the data's own
/// (a merge's own log entries are stamped when it runs, so their time is left out).
#[derive(Debug, PartialEq)]
struct Snapshot {
    codes: Vec<String>,
    notes: Vec<String>,
    kept_aside: Vec<String>,
    log: Vec<String>,
    log_len: usize,
}

fn rows(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut query = conn.prepare(sql).unwrap();
    let columns = query.column_count();
    let mut rows: Vec<String> = query
        .query_map([], |row| {
            Ok((0..columns)
                .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.sort();
    rows
}

fn snapshot(project: &Path) -> Snapshot {
    let conn = rusqlite::Connection::open(project).unwrap();
    let log = rows(
        &conn,
        "SELECT CASE WHEN action LIKE 'merge.%' THEN '' ELSE at END, actor, action, unit, coder,
                variable, old, new FROM change_log",
    );
    Snapshot {
        codes: rows(
            &conn,
            "SELECT u.uid, c.name, v.key, k.code, k.codes, k.number, k.text, k.note, k.updated_at
             FROM coding k JOIN unit u ON u.id = k.unit_id JOIN coder c ON c.id = k.coder_id
             JOIN variable v ON v.id = k.variable_id",
        ),
        notes: rows(
            &conn,
            "SELECT u.uid, c.name, n.note, n.updated_at FROM unit_note n
             JOIN unit u ON u.id = n.unit_id JOIN coder c ON c.id = n.coder_id",
        ),
        kept_aside: rows(
            &conn,
            "SELECT unit, coder, variable, value, reason FROM merge_unmapped",
        ),
        log_len: log.len(),
        log,
    }
}

#[test]
fn merging_a_package_twice_changes_nothing() {
    for seed in 0..SEEDS {
        let world = world(seed);
        let once = merge(&world.master, &[&world.ana]);
        assert!(once.applied || !once.changes_anything(), "seed {seed}");
        let after_once = snapshot(&world.master);
        let twice = merge(&world.master, &[&world.ana]);
        assert!(!twice.changes_anything(), "seed {seed}: {twice:#?}");
        assert!(!twice.applied && twice.backup.is_none(), "seed {seed}");
        assert_eq!(snapshot(&world.master), after_once, "seed {seed}");
    }
}

#[test]
fn packages_of_different_coders_merge_to_the_same_project_in_any_order() {
    for seed in 0..SEEDS {
        let world = world(seed);
        let ab = copy_of(&world.master, "ab.cdesk");
        let ba = copy_of(&world.master, "ba.cdesk");
        let together = copy_of(&world.master, "together.cdesk");
        merge(&ab, &[&world.ana]);
        merge(&ab, &[&world.bo]);
        merge(&ba, &[&world.bo]);
        merge(&ba, &[&world.ana]);
        merge(&together, &[&world.ana, &world.bo]);
        let expected = snapshot(&ab);
        assert_eq!(snapshot(&ba), expected, "seed {seed}");
        assert_eq!(snapshot(&together), expected, "seed {seed}");
        assert!(
            expected.codes.iter().any(|row| row.contains("\"Ana\"")),
            "seed {seed}"
        );
    }
}

#[test]
fn no_package_code_is_lost_silently() {
    let mut conflicts_seen = [0; 2];
    for seed in 0..SEEDS {
        let world = world(seed);
        let package_codes = Project::open(&world.ana)
            .unwrap()
            .codings_of_coder("Ana")
            .unwrap();
        let report = merge(&world.master, &[&world.ana]);
        let merged = &report.packages[0];
        let master = Project::open(&world.master).unwrap();
        let now_in_master = master.codings_of_coder("Ana").unwrap();
        let codebook = master.codebook().unwrap();
        let kept_master: BTreeSet<(String, String)> = merged
            .conflicts
            .iter()
            .filter(|c| c.kept == Side::Master)
            .filter_map(|c| Some((c.unit.clone(), c.variable.clone()?)))
            .collect();
        let mapped: BTreeSet<(String, String)> = merged
            .mapped
            .iter()
            .map(|m| (m.unit.clone(), m.variable.clone()))
            .collect();
        for conflict in &merged.conflicts {
            conflicts_seen[usize::from(conflict.kept == Side::Package)] += 1;
        }
        for code in &package_codes {
            let key = (code.unit.to_string(), code.variable.to_string());
            let placed = now_in_master.iter().any(|m| {
                m.unit == code.unit && m.variable == code.variable && m.answer == code.answer
            });
            // A value the master merged since: the code is there under its new value.
            let remapped = mapped.contains(&key)
                || codebook
                    .variable(&code.variable)
                    .and_then(|v| match code.answer {
                        Answer::Code(c) => v.value(c),
                        _ => None,
                    })
                    .is_some_and(|value| value.retired);
            // The master's own later change of this code: the package's value is in the log.
            let kept_in_log = kept_master.contains(&key) || master_changed_later(&world, &key);
            assert!(
                placed || remapped || kept_in_log,
                "seed {seed}: {code:?} is neither in the master, nor mapped, nor logged"
            );
        }
        // Every conflict's losing value is in the change log.
        let log = rows(
            &rusqlite::Connection::open(&world.master).unwrap(),
            "SELECT unit, variable, old FROM change_log WHERE action = 'merge.conflict'",
        );
        assert_eq!(log.len(), merged.conflicts.len(), "seed {seed}");
    }
    assert!(
        conflicts_seen.iter().all(|seen| *seen > 0),
        "the random worlds never made a conflict that each side won: {conflicts_seen:?}"
    );
}

/// Whether the master changed this code of Ana's after the package was made (so the master's
/// value stands and the package's unchanged value was stale, not lost).
fn master_changed_later(world: &World, (unit, variable): &(String, String)) -> bool {
    let conn = rusqlite::Connection::open(&world.master).unwrap();
    let position: i64 = rusqlite::Connection::open(&world.ana)
        .unwrap()
        .query_row("SELECT master_log_position FROM package", [], |r| r.get(0))
        .unwrap();
    conn.query_row(
        "SELECT count(*) FROM change_log WHERE id > ?1 AND coder = 'Ana' AND unit = ?2
         AND variable = ?3 AND action IN ('coding.set', 'coding.clear', 'coding.merge')",
        rusqlite::params![position, unit, variable],
        |r| r.get::<_, i64>(0),
    )
    .unwrap()
        > 0
}
