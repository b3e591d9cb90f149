//! Team coding through the real binary: packages for coders, a merge back into the master, and
//! the refusals that keep the master safe.

use crate::common;

use std::path::{Path, PathBuf};

use common::{fails, ok, repo, run};
use serde_json::Value;

const CODERS: [&str; 3] = ["Li Na", "Wang Hao", "Chen Yu"];

fn sample_dir() -> PathBuf {
    repo().join("samples/chongqing-tiktok")
}

/// The Chongqing sample's units in a master without codes, all 50 assigned to three coders.
fn empty_master(dir: &Path) -> PathBuf {
    let master = dir.join("lab/master.cdesk");
    std::fs::create_dir_all(master.parent().unwrap()).unwrap();
    ok(&[&"new", &master, &"--codebook", &"tiktok-six"]);
    ok(&[
        &"import",
        &master,
        &sample_dir().join("units.csv"),
        &"--media",
        &sample_dir().join("media"),
    ]);
    ok(&[
        &"assign",
        &master,
        &"--coders",
        &CODERS.join(","),
        &"--overlap",
        &"100%",
    ]);
    master
}

/// The sample's codes of one coder as a codes CSV.
fn codes_of(coder: &str, dir: &Path) -> PathBuf {
    let all = std::fs::read_to_string(sample_dir().join("codes.csv")).unwrap();
    let mut lines = all.lines();
    let mut text = format!("{}\n", lines.next().unwrap());
    for line in lines.filter(|line| line.split(',').nth(1) == Some(coder)) {
        text.push_str(line);
        text.push('\n');
    }
    let path = dir.join(format!("{coder}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

fn merge_json(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Value {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"merge"];
    all.extend_from_slice(args);
    all.push(&"--format");
    all.push(&"json");
    serde_json::from_str(&ok(&all)).unwrap()
}

fn agreement(project: &Path) -> Value {
    serde_json::from_str(&ok(&[&"agreement", &project, &"--format", &"json"])).unwrap()
}

fn package_for(master: &Path, coder: &str, out: &Path) -> PathBuf {
    ok(&[&"package", &master, &"--coder", &coder, &"--out", &out]);
    out.to_owned()
}

#[test]
fn three_coders_on_their_own_laptops_give_the_agreement_of_coding_in_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let master = empty_master(dir.path());
    // A file where the folder should be is refused; a missing folder is created.
    let not_a_folder = dir.path().join("outbox.txt");
    std::fs::write(&not_a_folder, "notes").unwrap();
    let refused = fails(&[&"package", &master, &"--all", &"--out", &not_a_folder]);
    assert!(refused.contains("is a file, not a folder"), "{refused}");
    let outbox = dir.path().join("outbox").join("round 1");
    let printed = ok(&[&"package", &master, &"--all", &"--out", &outbox]);
    assert_eq!(printed.matches("50 units, 0 codes").count(), 3, "{printed}");

    // Each coder codes in their own package, on "their laptop" (a folder of their own).
    let mut returned = Vec::new();
    for coder in CODERS {
        let name = codingdesk::store::package_file_name(&master, coder);
        let laptop = dir
            .path()
            .join(format!("laptop-{}", coder.replace(' ', "_")));
        std::fs::create_dir(&laptop).unwrap();
        let package = laptop.join(&name);
        std::fs::copy(outbox.join(&name), &package).unwrap();
        let status = common::status_json(&package);
        assert_eq!(status["coders"], 1, "{status}");
        assert_eq!(status["package"]["coder"], coder);
        ok(&[&"import-codes", &package, &codes_of(coder, dir.path())]);
        returned.push(package);
    }

    let report = merge_json(&[&master, &returned[0], &returned[1], &returned[2]]);
    assert_eq!(report["applied"], true);
    assert!(Path::new(report["backup"].as_str().unwrap()).is_file());
    for package in report["packages"].as_array().unwrap() {
        assert_eq!(package["added"], 450, "{package}");
        assert_eq!(package["conflicts"].as_array().unwrap().len(), 0);
        assert_eq!(package["unmapped"].as_array().unwrap().len(), 0);
    }

    let single = common::sample_project_in(dir.path());
    let (merged, coded_once) = (agreement(&master), agreement(&single));
    assert_eq!(merged["variables"], coded_once["variables"]);
    assert!(merged["variables"].as_array().unwrap().len() >= 6);

    // Merging again changes nothing: same codes, no new backup.
    let again = merge_json(&[&master, &returned[2], &returned[0], &returned[1]]);
    assert_eq!(again["applied"], false);
    for package in again["packages"].as_array().unwrap() {
        assert_eq!(package["unchanged"], 450, "{package}");
    }
    assert_eq!(agreement(&master)["variables"], coded_once["variables"]);
}

#[test]
fn a_package_holds_only_its_coders_work_and_opens_as_that_coder() {
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let note = dir.path().join("note.csv");
    std::fs::write(
        &note,
        "unit_id,coder,variable,value,note\n7396166465146813681,Wang Hao,theme,1,WANGS-PRIVATE-REMARK\n",
    )
    .unwrap();
    ok(&[&"import-codes", &master, &note]);
    ok(&[
        &"adjudicate",
        &master,
        &"7396166465146813681",
        &"theme",
        &"2",
    ]);
    let package = package_for(&master, "Li Na", &dir.path().join("li.cdesk"));

    let status = common::status_json(&package);
    assert_eq!(status["per_coder"][0]["coder"], "Li Na", "{status}");
    assert_eq!(status["coders"], 1);
    assert_eq!(status["codings"], 450);
    assert_eq!(
        status["final_values"], 0,
        "adjudications stay in the master"
    );
    assert_eq!(status["package"]["coder"], "Li Na");
    // Blind by construction: the other coders are nowhere in the file's bytes.
    let bytes = std::fs::read(&package).unwrap();
    for secret in ["Wang Hao", "Chen Yu", "WANGS-PRIVATE-REMARK"] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} found in the package"
        );
    }
    // Media are copied beside it and resolve from there.
    let media = dir.path().join("li-media");
    // A picture per unit, and its video where ffmpeg made the sample's videos (always in CI).
    let per_unit = if codingdesk::video::Tools::find().is_some() {
        2
    } else {
        1
    };
    assert_eq!(std::fs::read_dir(&media).unwrap().count(), 50 * per_unit);
    let package_project = codingdesk::store::Project::open(&package).unwrap();
    let unit = package_project
        .unit(&package_project.unit_ids().unwrap()[0])
        .unwrap();
    assert!(dir.path().join(&unit.media[0].path).is_file());
    // The coder codes against the same codebook, in every language the master has.
    let master_codebook = codingdesk::store::Project::open(&master)
        .unwrap()
        .codebook()
        .unwrap();
    assert_eq!(package_project.codebook().unwrap(), master_codebook);
    assert_eq!(
        master_codebook.variables[0].translations.label["zh"],
        "主题与焦点"
    );
    drop(package_project);
    // The master remembers the package it made.
    let log = ok(&[&"status", &master]);
    assert!(log.contains("packages"), "{log}");

    // Nothing is overwritten; an unknown coder is refused.
    let again = fails(&[
        &"package", &master, &"--coder", &"Li Na", &"--out", &package,
    ]);
    assert!(again.contains("already exists"), "{again}");
    let unknown = fails(&[
        &"package",
        &master,
        &"--coder",
        &"Nobody",
        &"--out",
        &dir.path().join("n.cdesk"),
    ]);
    assert!(unknown.contains("Nobody"), "{unknown}");
    assert!(!dir.path().join("n.cdesk").exists());
    // A package is not a master.
    let from_package = fails(&[
        &"package",
        &package,
        &"--coder",
        &"Li Na",
        &"--out",
        &dir.path().join("x.cdesk"),
    ]);
    assert!(from_package.contains("package"), "{from_package}");
}

#[test]
fn no_media_keeps_references_to_the_masters_files() {
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let package = dir.path().join("away/li.cdesk");
    std::fs::create_dir_all(package.parent().unwrap()).unwrap();
    ok(&[
        &"package",
        &master,
        &"--coder",
        &"Li Na",
        &"--out",
        &package,
        &"--no-media",
    ]);
    assert!(!dir.path().join("away/li-media").exists());
    let conn = rusqlite::Connection::open(&package).unwrap();
    let path: String = conn
        .query_row("SELECT path FROM media LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert!(
        Path::new(&path).is_absolute() && Path::new(&path).is_file(),
        "{path}"
    );
}

/// Sets one code in a project through the CLI.
fn code(project: &Path, unit: &str, coder: &str, variable: &str, value: &str, dir: &Path) {
    let csv = dir.join("one-code.csv");
    std::fs::write(
        &csv,
        format!("unit_id,coder,variable,value,note\n{unit},{coder},{variable},{value},\n"),
    )
    .unwrap();
    ok(&[&"import-codes", &project, &csv]);
}

fn stored(project: &Path, unit: &str, coder: &str, variable: &str) -> Option<String> {
    let conn = rusqlite::Connection::open(project).unwrap();
    conn.query_row(
        "SELECT coalesce(k.code, k.codes) FROM coding k JOIN unit u ON u.id = k.unit_id
         JOIN coder c ON c.id = k.coder_id JOIN variable v ON v.id = k.variable_id
         WHERE u.uid = ?1 AND c.name = ?2 AND v.key = ?3",
        [unit, coder, variable],
        |r| r.get::<_, rusqlite::types::Value>(0),
    )
    .ok()
    .map(|v| match v {
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Text(t) => t,
        other => format!("{other:?}"),
    })
}

const UNIT: &str = "7396166465146813681";

#[test]
fn a_code_changed_on_both_sides_is_a_conflict_the_newer_wins_and_the_other_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let package = package_for(&master, "Li Na", &dir.path().join("li.cdesk"));
    // Li Na's emotion for the unit is 2 in the sample. The master changes it first, the package
    // later: the package's change is newer.
    code(&master, UNIT, "Li Na", "emotion", "1", dir.path());
    std::thread::sleep(std::time::Duration::from_millis(20));
    code(&package, UNIT, "Li Na", "emotion", "3", dir.path());

    for (prefer, kept) in [
        ("master", "master"),
        ("package", "package"),
        ("newer", "package"),
    ] {
        let preview = merge_json(&[&master, &package, &"--prefer", &prefer, &"--dry-run"]);
        let conflicts = &preview["packages"][0]["conflicts"];
        assert_eq!(conflicts.as_array().unwrap().len(), 1, "{preview}");
        assert_eq!(conflicts[0]["kept"], kept, "--prefer {prefer}");
        assert_eq!(conflicts[0]["master"], "1");
        assert_eq!(conflicts[0]["package"], "3");
        assert_eq!(preview["applied"], false);
        assert_eq!(
            stored(&master, UNIT, "Li Na", "emotion").as_deref(),
            Some("1")
        );
    }

    let table = ok(&[&"merge", &master, &package]);
    assert!(table.contains("1 conflicts"), "{table}");
    assert!(table.contains("took the package's"), "{table}");
    assert_eq!(
        stored(&master, UNIT, "Li Na", "emotion").as_deref(),
        Some("3")
    );
    // The losing value is in the master's change log.
    let conn = rusqlite::Connection::open(&master).unwrap();
    let (old, new): (String, String) = conn
        .query_row(
            "SELECT old, new FROM change_log WHERE action = 'merge.conflict' AND unit = ?1",
            [UNIT],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((old.as_str(), new.as_str()), ("1", "3"));
    drop(conn);
    // Once settled, merging again reports nothing new.
    let again = merge_json(&[&master, &package]);
    assert_eq!(
        again["packages"][0]["conflicts"].as_array().unwrap().len(),
        0
    );
    assert_eq!(again["applied"], false);
}

#[test]
fn a_value_merged_between_packaging_and_merging_is_mapped_and_unknown_values_are_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let package = package_for(&master, "Li Na", &dir.path().join("li.cdesk"));
    // On the laptop: theme "Food" (4) for the unit; and a value the master never had, added
    // to the package's own codebook.
    code(&package, UNIT, "Li Na", "theme", "4", dir.path());
    let toml = dir.path().join("cb.toml");
    ok(&[&"codebook", &package, &"--export", &toml]);
    let edited = std::fs::read_to_string(&toml).unwrap().replacen(
        "  [[variable.value]]",
        "  [[variable.value]]\n  code = 7\n  label = \"Nightlife\"\n\n  [[variable.value]]",
        1,
    );
    std::fs::write(&toml, edited).unwrap();
    ok(&[&"codebook", &package, &"--apply", &toml]);
    let second = "7363374768928219360";
    code(&package, second, "Li Na", "theme", "7", dir.path());
    // Meanwhile the supervisor merges "Food" into "City features" (3).
    ok(&[&"value", &master, &"theme", &"4", &"--merge-into", &"3"]);
    let before_second = stored(&master, second, "Li Na", "theme");

    let report = merge_json(&[&master, &package]);
    let merged = &report["packages"][0];
    assert_eq!(merged["mapped"][0]["from"], "4", "{merged}");
    assert_eq!(merged["mapped"][0]["to"], "3");
    assert_eq!(
        stored(&master, UNIT, "Li Na", "theme").as_deref(),
        Some("3")
    );
    assert_eq!(merged["unmapped"].as_array().unwrap().len(), 1, "{merged}");
    assert_eq!(merged["unmapped"][0]["value"], "7");
    assert!(
        merged["unmapped"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("not in the master")
    );
    assert!(
        merged["notices"][0]
            .as_str()
            .unwrap()
            .contains("codebook version")
    );
    // Kept aside, not dropped, and the master's code is untouched.
    assert_eq!(stored(&master, second, "Li Na", "theme"), before_second);
    let conn = rusqlite::Connection::open(&master).unwrap();
    let kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM merge_unmapped WHERE value = '7'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1);
    drop(conn);
    let table = ok(&[&"merge", &master, &package]);
    assert!(table.contains("kept aside"), "{table}");
    assert!(table.contains("Nothing to merge"), "{table}");
    // The supervisor lists what was kept aside …
    let status = ok(&[&"status", &master]);
    assert!(
        status.contains(&format!("{second}  Li Na  theme = 7")),
        "{status}"
    );
    // … adopts the coder's new value, and merging the package again places the code.
    let master_toml = dir.path().join("master.toml");
    ok(&[&"codebook", &master, &"--export", &master_toml]);
    let adopted = std::fs::read_to_string(&master_toml).unwrap().replacen(
        "  [[variable.value]]",
        "  [[variable.value]]\n  code = 7\n  label = \"Nightlife\"\n\n  [[variable.value]]",
        1,
    );
    std::fs::write(&master_toml, adopted).unwrap();
    ok(&[&"codebook", &master, &"--apply", &master_toml]);
    let report = merge_json(&[&master, &package]);
    let merged = &report["packages"][0];
    assert_eq!(merged["placed_from_kept_aside"], 1, "{merged}");
    assert_eq!(merged["unmapped"].as_array().unwrap().len(), 0, "{merged}");
    // Placed like any code: the supervisor's value merge (4 → 3) rewrote this unit's code after
    // the coder chose 7, so it is a conflict the newer side, the master, wins, and the report
    // says so.
    assert_eq!(merged["conflicts"][0]["unit"], second, "{merged}");
    assert_eq!(merged["conflicts"][0]["package"], "7");
    assert_eq!(merged["conflicts"][0]["kept"], "master");
    assert_eq!(
        stored(&master, second, "Li Na", "theme").as_deref(),
        Some("3")
    );
    assert_eq!(common::status_json(&master)["kept_aside"], 0);
    let table = ok(&[&"merge", &master, &package]);
    assert!(table.contains("Nothing to merge"), "{table}");
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn backups(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".bak")
        })
        .count()
}

#[test]
fn truncated_foreign_and_non_package_files_are_refused_and_the_master_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let good = package_for(&master, "Li Na", &dir.path().join("li.cdesk"));
    code(&good, UNIT, "Li Na", "emotion", "3", dir.path());
    let truncated = dir.path().join("truncated.cdesk");
    let full = bytes(&good);
    std::fs::write(&truncated, &full[..full.len() / 2]).unwrap();

    let other_dir = dir.path().join("other");
    std::fs::create_dir(&other_dir).unwrap();
    let other_master = common::sample_project_in(&other_dir);
    let foreign = package_for(&other_master, "Li Na", &other_dir.join("foreign.cdesk"));
    let not_sqlite = dir.path().join("notes.cdesk");
    std::fs::write(&not_sqlite, "这不是数据库 — not a database").unwrap();

    let master_dir = master.parent().unwrap();
    let before = bytes(&master);
    for (bad, expected) in [
        (&truncated, "damaged or truncated"),
        (&foreign, "another study"),
        (&master, "not a coder's package"),
        (&other_master, "not a coder's package"),
        (&not_sqlite, "not a Codingdesk file"),
    ] {
        // The good package first: one refused package refuses the whole merge.
        let message = fails(&[&"merge", &master, &good, bad]);
        assert!(message.contains(expected), "{}: {message}", bad.display());
        assert!(message.contains("The master was not changed"), "{message}");
        assert_eq!(bytes(&master), before, "{}", bad.display());
        assert_eq!(backups(master_dir), 0);
    }
    let missing = fails(&[&"merge", &master, &dir.path().join("gone.cdesk")]);
    assert!(missing.contains("does not exist"), "{missing}");
    // Merging into a package is refused too.
    let into_package = run(&[&"merge", &good, &good]);
    assert_eq!(into_package.code, 2);
    assert!(
        into_package
            .stderr
            .contains("merge packages into the master"),
        "{}",
        into_package.stderr
    );
    // The good package alone still merges.
    merge_json(&[&master, &good]);
    assert_eq!(
        stored(&master, UNIT, "Li Na", "emotion").as_deref(),
        Some("3")
    );
}

/// A coder assigned only a training round: the package holds the round's units, marked as
/// training in the desk, and the whole study besides; the gold standard stays in the master.
#[test]
fn a_package_carries_the_coders_training_round_but_not_its_gold() {
    use codingdesk::store::Project;
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("lab/master.cdesk");
    std::fs::create_dir_all(master.parent().unwrap()).unwrap();
    ok(&[&"new", &master, &"--codebook", &"tiktok-six"]);
    ok(&[
        &"import",
        &master,
        &sample_dir().join("units.csv"),
        &"--media",
        &sample_dir().join("media"),
    ]);
    ok(&[&"coders", &master, &"--add", &"Zhao Min"]);
    ok(&[&"import-codes", &master, &codes_of("Li Na", dir.path())]);
    ok(&[
        &"training",
        &master,
        &"--start",
        &"r1",
        &"--draw",
        &"4",
        &"--take-coded",
        &"--gold",
        &"Li Na",
        &"--coders",
        &"Zhao Min",
    ]);
    let package = package_for(&master, "Zhao Min", &dir.path().join("zhao.cdesk"));
    let packaged = Project::open(&package).unwrap();
    let queue = packaged.queue("Zhao Min").unwrap();
    assert_eq!(
        queue.len(),
        50,
        "four training units and the 46 of the study"
    );
    assert!(
        queue[..4]
            .iter()
            .all(|row| row.training.as_deref() == Some("r1"))
    );
    assert!(queue[4..].iter().all(|row| row.training.is_none()));
    assert_eq!(packaged.unit_ids().unwrap().len(), 46);
    // Li Na's codes (the gold standard) are not in Zhao Min's package.
    assert!(packaged.codings_of_coder("Li Na").unwrap().is_empty());
}

/// "None of these" stands alone (issue 28): import-codes refuses a set holding it with another
/// value, naming the row and unit; a package that holds one anyway (an older program, a hand
/// edit) has that code left unplaced by merge and reported, not stored.
#[test]
fn a_set_that_ticks_an_exclusive_value_with_another_is_refused_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let csv = dir.path().join("codes.csv");
    std::fs::write(
        &csv,
        format!("unit_id,coder,variable,value,note\n{UNIT},Li Na,shooting,1;9,\n"),
    )
    .unwrap();
    let before = stored(&master, UNIT, "Li Na", "shooting");
    let refused = common::fails(&[&"import-codes", &master, &csv]);
    assert!(refused.contains("row 2"), "{refused}");
    assert!(refused.contains(UNIT), "{refused}");
    assert!(refused.contains("stands alone"), "{refused}");
    assert_eq!(stored(&master, UNIT, "Li Na", "shooting"), before);

    let package = package_for(&master, "Li Na", &dir.path().join("li.cdesk"));
    code(&package, UNIT, "Li Na", "shooting", "2", dir.path());
    let conn = rusqlite::Connection::open(&package).unwrap();
    conn.execute(
        "UPDATE coding SET codes = '[2,9]'
         WHERE unit_id = (SELECT id FROM unit WHERE uid = ?1)
           AND variable_id = (SELECT id FROM variable WHERE key = 'shooting')",
        [UNIT],
    )
    .unwrap();
    drop(conn);
    let report = merge_json(&[&master, &package]);
    let merged = &report["packages"][0];
    let unmapped = merged["unmapped"].as_array().unwrap();
    assert_eq!(unmapped.len(), 1, "{merged}");
    assert_eq!(unmapped[0]["unit"], UNIT, "{merged}");
    assert!(
        unmapped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("stands alone"),
        "{merged}"
    );
    assert_eq!(stored(&master, UNIT, "Li Na", "shooting"), before);
}

/// Issue 29: `package` copies only pictures and videos: a stored path naming `/etc/passwd`, or a
/// picture swapped for a link to it after import, is not copied but reported; two pictures of
/// one name in two folders stay two files in the package.
#[cfg(unix)]
#[test]
fn a_package_copies_only_pictures_and_videos_each_under_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let folder = master.parent().unwrap().to_owned();
    let png = std::fs::read(common::repo().join("assets/icon/codingdesk-256.png")).unwrap();
    for sub in ["x1", "x2"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("1.png"), &png).unwrap();
    }
    let swapped = folder.join("swapped.png");
    std::os::unix::fs::symlink("/etc/passwd", &swapped).unwrap();
    let uids = common::query(&master, "SELECT id FROM unit ORDER BY position LIMIT 4");
    let conn = rusqlite::Connection::open(&master).unwrap();
    for (unit, path) in [
        (&uids[0][0], "/etc/passwd".to_owned()),
        (&uids[1][0], "../../../../../../etc/passwd".to_owned()),
        (&uids[2][0], "swapped.png".to_owned()),
        (
            &uids[3][0],
            dir.path().join("x1/1.png").display().to_string(),
        ),
        (
            &uids[3][0],
            dir.path().join("x2/1.png").display().to_string(),
        ),
    ] {
        conn.execute(
            "INSERT INTO media (unit_id, path, kind, position) VALUES (?1, ?2, 'image', 9)",
            rusqlite::params![unit, path],
        )
        .unwrap();
    }
    drop(conn);
    let out = dir.path().join("out/li.cdesk");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let said = ok(&[&"package", &master, &"--coder", &"Li Na", &"--out", &out]);
    assert!(said.contains("3 media paths not copied"), "{said}");
    let media = dir.path().join("out/li-media");
    let mut copied = Vec::new();
    let mut stack = vec![media.clone()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                copied.push(path);
            }
        }
    }
    for file in &copied {
        let bytes = std::fs::read(file).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("root:"),
            "{} holds /etc/passwd",
            file.display()
        );
    }
    let ones: Vec<_> = copied
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "1.png"))
        .collect();
    assert_eq!(ones.len(), 2, "{copied:?}");
}

/// Every code of `coder` in a project, as (unit, variable, value) text, for comparing a master
/// before and after a refused merge.
fn codes_in(project: &Path, coder: &str) -> Vec<Vec<String>> {
    common::query(
        project,
        &format!(
            "SELECT u.uid, v.key, coalesce(k.code, k.codes, k.number, k.text) FROM coding k
             JOIN unit u ON u.id = k.unit_id JOIN coder c ON c.id = k.coder_id
             JOIN variable v ON v.id = k.variable_id WHERE c.name = '{coder}'
             ORDER BY u.uid, v.key"
        ),
    )
}

#[test]
fn a_package_forged_for_another_coder_is_refused_by_name_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let li = package_for(&master, "Li Na", &dir.path().join("li.cdesk"));
    let chen = package_for(&master, "Chen Yu", &dir.path().join("chen.cdesk"));
    let chen_id: String = common::query(&chen, "SELECT package_id FROM study")[0][0].clone();
    assert_eq!(
        stored(&master, UNIT, "Chen Yu", "theme").as_deref(),
        Some("1")
    );
    let chen_before = codes_in(&master, "Chen Yu");
    let packages_before = common::query(&master, "SELECT id, coder FROM package ORDER BY id");

    // The attack of issue 29: Li Na edits her own package to pass for Chen Yu's (whose
    // package id she learned), codes, and hands it in.
    let forge = |name: &str, sql: &str| -> PathBuf {
        let forged = dir.path().join(name);
        std::fs::copy(&li, &forged).unwrap();
        let conn = rusqlite::Connection::open(&forged).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        code(&forged, UNIT, "Chen Yu", "theme", "9", dir.path());
        forged
    };
    let as_chen = forge(
        "as-chen.cdesk",
        &format!(
            "UPDATE package SET coder = 'Chen Yu', id = '{chen_id}';
             UPDATE study SET package_id = '{chen_id}';
             UPDATE coder SET name = 'Chen Yu';"
        ),
    );
    let refused = fails(&[&"merge", &master, &as_chen]);
    assert!(refused.contains("as-chen.cdesk"), "{refused}");
    assert!(
        refused.contains("does not hold the proof") && refused.contains("Chen Yu"),
        "{refused}"
    );
    // Keeping her own package's id and proof but calling herself Chen Yu does not pass either.
    let renamed = forge(
        "renamed.cdesk",
        "UPDATE package SET coder = 'Chen Yu'; UPDATE coder SET name = 'Chen Yu';",
    );
    let refused = fails(&[&"merge", &master, &renamed]);
    assert!(
        refused.contains("issued it to Li Na") && refused.contains("'Chen Yu'"),
        "{refused}"
    );
    // An id the master never issued.
    let unknown = forge(
        "unknown.cdesk",
        "UPDATE package SET id = 'deadbeef'; UPDATE study SET package_id = 'deadbeef';",
    );
    let refused = fails(&[&"merge", &master, &unknown]);
    assert!(refused.contains("never issued a package"), "{refused}");
    // Taking the proof out is no way round it.
    let stripped = forge("stripped.cdesk", "UPDATE package SET secret = NULL;");
    let refused = fails(&[&"merge", &master, &stripped]);
    assert!(refused.contains("does not hold the proof"), "{refused}");
    // A refused package in a batch refuses the batch: Chen Yu's real package is not merged.
    code(&chen, UNIT, "Chen Yu", "theme", "3", dir.path());
    fails(&[&"merge", &master, &chen, &as_chen]);

    assert_eq!(codes_in(&master, "Chen Yu"), chen_before);
    assert_eq!(
        common::query(&master, "SELECT id, coder FROM package ORDER BY id"),
        packages_before
    );
    // The packages the master did issue still merge, each into its own coder's codes.
    ok(&[&"merge", &master, &chen]);
    assert_eq!(
        stored(&master, UNIT, "Chen Yu", "theme").as_deref(),
        Some("3")
    );
    code(&li, UNIT, "Li Na", "theme", "4", dir.path());
    ok(&[&"merge", &master, &li]);
    assert_eq!(
        stored(&master, UNIT, "Li Na", "theme").as_deref(),
        Some("4")
    );
    assert_eq!(
        stored(&master, UNIT, "Chen Yu", "theme").as_deref(),
        Some("3")
    );
}

#[test]
fn a_package_made_before_proofs_merges_only_on_the_supervisors_word_and_into_its_coder() {
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let li = package_for(&master, "Li Na", &dir.path().join("li.cdesk"));
    // What a master and package made before migration 11 hold: no secret on either side.
    for file in [&master, &li] {
        let conn = rusqlite::Connection::open(file).unwrap();
        conn.execute("UPDATE package SET secret = NULL", [])
            .unwrap();
    }
    code(&li, UNIT, "Li Na", "theme", "4", dir.path());
    let refused = fails(&[&"merge", &master, &li]);
    assert!(
        refused.contains("earlier Codingdesk") && refused.contains("--trust-unproven"),
        "{refused}"
    );
    assert_eq!(
        stored(&master, UNIT, "Li Na", "theme").as_deref(),
        Some("1")
    );
    ok(&[&"merge", &master, &li, &"--trust-unproven"]);
    assert_eq!(
        stored(&master, UNIT, "Li Na", "theme").as_deref(),
        Some("4")
    );
}
