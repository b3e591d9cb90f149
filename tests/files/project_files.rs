//! The project file and the files around it (issue 13): a self-contained copy after a crash,
//! read-only folders, a full disk during a merge's backup, packages for all coders, naming
//! coders. Each test fails without its fix.

use crate::common;

use common::{fails, new_project, ok, query, status_json};

/// A desk killed mid-session leaves committed codes in the `-wal` only: copying just the `.cdesk`
/// loses them, `codingdesk copy` does not.
#[test]
fn copy_writes_a_self_contained_file_even_after_a_crash() {
    use codingdesk::desk::DeskSession;
    use codingdesk::model::Answer;
    use codingdesk::store::Project;

    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let units = dir.path().join("units.csv");
    std::fs::write(&units, "id,caption\nv1,a\nv2,b\nv3,c\nv4,d\n").unwrap();
    ok(&[&"import", &project, &units]);
    let mut desk = DeskSession::open(Project::open(&project).unwrap(), "Li Na").unwrap();
    for uid in ["v1", "v2", "v3", "v4"] {
        let unit = desk.unit(uid).unwrap();
        desk.set_answer(&unit, "theme", Some(Answer::Code(1)))
            .unwrap();
        desk.set_answer(&unit, "emotion", Some(Answer::Code(3)))
            .unwrap();
    }
    // As after kill -9: the connection is never closed, nothing is checkpointed.
    std::mem::forget(desk);

    let mailed = dir.path().join("mailed.cdesk");
    std::fs::copy(&project, &mailed).unwrap();
    let codes = |file: &std::path::Path| status_json(file)["codings"].as_i64().unwrap();
    assert_eq!(
        codes(&mailed),
        0,
        "the plain copy lacks what sits in the -wal"
    );

    let copy = dir.path().join("copy.cdesk");
    let printed = ok(&[&"copy", &project, &copy]);
    assert!(printed.contains("8 codes"), "{printed}");
    assert!(!dir.path().join("copy.cdesk-wal").exists());
    assert_eq!(codes(&copy), 8);
    let stderr = fails(&[&"copy", &project, &copy]);
    assert!(stderr.contains("already exists"), "{stderr}");
}

/// `package --all` with a 10 KB coder name and a name with U+202E writes short, honest file names;
/// and a failure part-way takes back the packages already written (all or nothing).
#[test]
fn package_all_is_safe_and_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let huge = "A".repeat(10_000);
    let codes = dir.path().join("codes.csv");
    std::fs::write(
        &codes,
        format!("unit_id,coder,variable,value\n7396166465146813681,{huge},theme,1\n7396166465146813681,li\u{202E}gnp.exe,theme,2\n"),
    )
    .unwrap();
    ok(&[&"import-codes", &master, &codes]);
    let outbox = dir.path().join("outbox");
    ok(&[&"package", &master, &"--all", &"--out", &outbox]);
    let names: Vec<String> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".cdesk"))
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");
    for name in &names {
        assert!(name.len() < 255 - "-media".len(), "{name}");
        assert!(!name.contains('\u{202E}'), "{name}");
    }

    // A second master; Wang Hao's media folder is blocked by a file, so his package fails after
    // Li Na's was written: nothing may be left, in the folder or in the master's records.
    let second = dir.path().join("two");
    let master = common::sample_project_in(&second);
    let outbox = second.join("outbox");
    std::fs::create_dir(&outbox).unwrap();
    std::fs::write(outbox.join("study-Wang_Hao-media"), b"in the way").unwrap();
    let stderr = fails(&[&"package", &master, &"--all", &"--out", &outbox]);
    assert!(stderr.contains("no package was written"), "{stderr}");
    let left: Vec<String> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        ["study-Wang_Hao-media"],
        "only the user's own file remains"
    );
    // Nothing was recorded: packages are recorded only once every one of them is complete.
    assert_eq!(query(&master, "SELECT count(*) FROM package"), [["0"]]);
    assert_eq!(
        query(
            &master,
            "SELECT count(*) FROM change_log WHERE action LIKE 'package.%'"
        ),
        [["0"]]
    );
}

/// Makes a folder unwritable for as long as the guard lives: `chattr +i` as root (root ignores
/// permission bits), `chmod 555` otherwise.
struct ReadOnlyFolder(std::path::PathBuf);

impl ReadOnlyFolder {
    fn new(folder: &std::path::Path) -> ReadOnlyFolder {
        let root = unsafe_free_is_root();
        let status = if root {
            std::process::Command::new("chattr")
                .arg("+i")
                .arg(folder)
                .status()
        } else {
            std::process::Command::new("chmod")
                .arg("555")
                .arg(folder)
                .status()
        };
        assert!(
            status.is_ok_and(|s| s.success()),
            "could not make {} read-only",
            folder.display()
        );
        ReadOnlyFolder(folder.to_owned())
    }
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        let (tool, arg) = if unsafe_free_is_root() {
            ("chattr", "-i")
        } else {
            ("chmod", "755")
        };
        std::process::Command::new(tool)
            .arg(arg)
            .arg(&self.0)
            .status()
            .unwrap();
    }
}

fn unsafe_free_is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

#[test]
fn a_folder_or_a_read_only_place_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = fails(&[&"status", &dir.path()]);
    assert!(
        stderr.contains("is a folder, not a project file"),
        "{stderr}"
    );

    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let project = new_project(&locked, "tiktok-six");
    ok(&[&"coders", &project, &"--add", &"Li Na"]);
    let _guard = ReadOnlyFolder::new(&locked);
    // Reading needs no writing (issue 29): status, coders, the codebook, an export elsewhere.
    let status = common::status_json(&project);
    assert_eq!(status["coders"], 1, "{status}");
    assert!(ok(&[&"coders", &project]).contains("Li Na"));
    ok(&[&"codebook", &project]);
    let out = dir.path().join("codes.csv");
    ok(&[
        &"export",
        &project,
        &"--format",
        &"long-csv",
        &"--out",
        &out,
    ]);
    // A change is refused in plain words, never "attempt to write a readonly database".
    let stderr = fails(&[&"coders", &project, &"--add", &"Wang Hao"]);
    assert!(stderr.contains("is read-only"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert!(!stderr.contains("readonly database"), "{stderr}");
    assert!(
        stderr.contains("Copy it to a folder you can write to"),
        "{stderr}"
    );
}

/// A package its coder opened (so in WAL mode) that sits in a read-only folder merges; it used to
/// be called "damaged or truncated". Both as the coder closed it, and as mailed with its -wal.
#[test]
fn a_returned_package_in_a_read_only_folder_merges() {
    use codingdesk::desk::DeskSession;
    use codingdesk::model::Answer;
    use codingdesk::store::Project;

    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let made = dir.path().join("li.cdesk");
    ok(&[
        &"package",
        &master,
        &"--coder",
        &"Li Na",
        &"--out",
        &made,
        &"--no-media",
    ]);
    let mut desk = DeskSession::open(Project::open(&made).unwrap(), "Li Na").unwrap();
    let unit = desk.unit(&desk.queue()[0].uid.clone()).unwrap();
    desk.set_answer(&unit, "comment_attitude", Some(Answer::Code(1)))
        .unwrap();
    // Mailed while the window was open: the file and its -wal, no -shm.
    let mailed = dir.path().join("mailed");
    std::fs::create_dir(&mailed).unwrap();
    std::fs::copy(&made, mailed.join("li.cdesk")).unwrap();
    std::fs::copy(dir.path().join("li.cdesk-wal"), mailed.join("li.cdesk-wal")).unwrap();
    // Closed by the coder: one file, still marked WAL.
    let (project, closed) = desk.close();
    closed.unwrap();
    drop(project);
    let closed = dir.path().join("closed");
    std::fs::create_dir(&closed).unwrap();
    std::fs::copy(&made, closed.join("li.cdesk")).unwrap();

    for inbox in [&mailed, &closed] {
        let package = inbox.join("li.cdesk");
        let _guard = ReadOnlyFolder::new(inbox);
        let report = ok(&[
            &"merge",
            &master,
            &package,
            &"--dry-run",
            &"--format",
            &"json",
        ]);
        assert!(
            report.contains("\"updated\": 1"),
            "{}: the coder's code was read: {report}",
            inbox.display()
        );
    }
}

/// Unmounts a small disk when dropped.
struct Unmount(std::path::PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        std::process::Command::new("umount")
            .arg(&self.0)
            .status()
            .unwrap();
    }
}

/// A tmpfs of `bytes` mounted at `folder` (made here), or None where mounting needs root that
/// this machine does not give (never in CI, which runs as root).
fn small_disk(folder: &std::path::Path, bytes: u64) -> Option<Unmount> {
    std::fs::create_dir(folder).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={bytes}")])
        .arg("tmpfs")
        .arg(folder)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must be able to mount a small tmpfs (runs as root)"
        );
        eprintln!("skipped: mounting a small tmpfs needs root (CI runs it)");
        return None;
    }
    Some(Unmount(folder.to_owned()))
}

/// Issue 29: an export or report onto a disk that fills up says so in plain words, leaves no
/// 0-byte or half-written file under the name asked for, and keeps an earlier export whole.
#[test]
fn exports_onto_a_full_disk_leave_nothing_half_written_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::sample_project_in(dir.path());
    let small = dir.path().join("small-disk");
    let Some(_unmount) = small_disk(&small, 12 * 1024) else {
        return;
    };
    // An earlier, small export that fits stays as it was.
    let earlier = small.join("codes.csv");
    std::fs::write(&earlier, "an earlier export\n").unwrap();
    for (format, name) in [
        ("long-csv", "codes.csv"),
        ("wide-csv", "wide.csv"),
        ("spss", "study.csv"),
        ("xlsx", "study.xlsx"),
        ("html", "report.html"),
    ] {
        let out = small.join(name);
        let run = common::run(&[&"export", &project, &"--format", &format, &"--out", &out]);
        assert_eq!(run.code, 2, "{format}: {}", run.stdout);
        assert!(
            run.stderr.contains("No space left on device") || run.stderr.contains("disk"),
            "{format}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("ZipWriter"), "{}", run.stderr);
    }
    let report = small.join("report2.html");
    fails(&[&"report", &project, &"--out", &report]);
    let left: Vec<String> = std::fs::read_dir(&small)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["codes.csv"], "nothing but the earlier export");
    assert_eq!(
        std::fs::read_to_string(&earlier).unwrap(),
        "an earlier export\n"
    );
}

/// A disk that fills up during the merge's backup: the message says it is the merge's backup,
/// nothing is changed, and no empty `.pre-merge-*.bak` is left behind.
#[test]
fn a_full_disk_during_the_merge_backup_is_named_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = common::sample_project_in(dir.path());
    let package = dir.path().join("li.cdesk");
    ok(&[
        &"package",
        &source,
        &"--coder",
        &"Li Na",
        &"--out",
        &package,
        &"--no-media",
    ]);
    let codes = dir.path().join("codes.csv");
    std::fs::write(
        &codes,
        "unit_id,coder,variable,value\n7396166465146813681,Li Na,comment_attitude,1\n",
    )
    .unwrap();
    ok(&[&"import-codes", &package, &codes]);

    let small = dir.path().join("small-disk");
    let size = std::fs::metadata(&source).unwrap().len();
    let Some(_unmount) = small_disk(&small, size + 96 * 1024) else {
        return;
    };
    let master = small.join("study.cdesk");
    std::fs::copy(&source, &master).unwrap();
    let before = std::fs::read(&master).unwrap();
    let stderr = fails(&[&"merge", &master, &package]);
    assert!(
        stderr.contains("before merging packages into it"),
        "{stderr}"
    );
    assert!(!stderr.contains("upgrading"), "{stderr}");
    let left: Vec<String> = std::fs::read_dir(&small)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".bak"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(
        std::fs::read(&master).unwrap(),
        before,
        "the master is unchanged"
    );
}

/// A supervisor can name coders before assigning anything, and messages say what to run.
#[test]
fn coders_are_listed_added_and_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let units = dir.path().join("units.csv");
    std::fs::write(&units, "id,caption\nv1,a\nv2,b\n").unwrap();
    ok(&[&"import", &project, &units]);
    let out = dir.path().join("li.cdesk");
    let stderr = fails(&[&"package", &project, &"--coder", &"Li Na", &"--out", &out]);
    assert!(
        stderr.contains("codingdesk coders FILE --add \"Li Na\""),
        "{stderr}"
    );
    assert!(ok(&[&"coders", &project]).contains("No coders yet"));

    let listed = ok(&[&"coders", &project, &"--add", &"Li Na", &"--add", &"王浩"]);
    assert!(
        listed.contains("Li Na") && listed.contains("王浩"),
        "{listed}"
    );
    let stderr = fails(&[&"coders", &project, &"--add", &"Li Na"]);
    assert!(
        stderr.contains("already has a coder named 'Li Na'"),
        "{stderr}"
    );

    let codes = dir.path().join("codes.csv");
    std::fs::write(&codes, "unit_id,coder,variable,value\nv1,王浩,theme,1\n").unwrap();
    ok(&[&"import-codes", &project, &codes]);
    let json = ok(&[
        &"coders",
        &project,
        &"--rename",
        &"王浩",
        &"Wang Hao",
        &"--format",
        &"json",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows[1]["coder"], "Wang Hao");
    assert_eq!(rows[1]["codings"], 1, "codes follow the coder");
    assert_eq!(
        query(
            &project,
            "SELECT old, new FROM change_log WHERE action = 'coder.rename'"
        ),
        [["王浩", "Wang Hao"]]
    );

    ok(&[&"package", &project, &"--coder", &"Li Na", &"--out", &out]);
    let stderr = fails(&[&"coders", &project, &"--rename", &"Li Na", &"Li N."]);
    assert!(stderr.contains("merge them first"), "{stderr}");
    let stderr = fails(&[&"coders", &project, &"--rename", &"Nobody", &"X"]);
    assert!(stderr.contains("no coder named 'Nobody'"), "{stderr}");
}

/// Issue 29: `package`, `package --all` and `copy` killed (SIGKILL) at any moment leave either
/// nothing under the name asked for or a complete file — never a broken one — and the retry
/// is not refused as "already exists".
#[cfg(unix)]
#[test]
fn killed_package_copy_and_package_all_leave_no_broken_file() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let complete = |path: &std::path::Path| {
        let rows = query(path, "SELECT count(*) FROM study");
        assert_eq!(rows, [["1"]], "{} is complete", path.display());
        let units = query(path, "SELECT count(*) FROM unit");
        assert_ne!(units, [["0"]], "{} has its units", path.display());
    };
    let mut kills = 0;
    for round in 0..12u64 {
        let delay = Duration::from_millis(5 + round * 17);
        for (name, args) in [
            ("li.cdesk", vec!["package", "--coder", "Li Na", "--out"]),
            ("copy.cdesk", vec!["copy"]),
            ("all", vec!["package", "--all", "--out"]),
        ] {
            let out = dir.path().join(format!("r{round}-{name}"));
            let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_codingdesk"));
            command.env("LC_ALL", "C.UTF-8");
            match args[0] {
                "copy" => command.arg("copy").arg(&master).arg(&out),
                _ => command.arg(args[0]).arg(&master).args(&args[1..]).arg(&out),
            };
            let mut child = command
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(delay);
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap();
                kills += 1;
            }
            child.wait().unwrap();
            // Whatever the moment: nothing, or a complete file.
            let files: Vec<std::path::PathBuf> = if name == "all" {
                std::fs::read_dir(&out)
                    .map(|entries| {
                        entries
                            .map(|e| e.unwrap().path())
                            .filter(|p| p.extension().is_some_and(|x| x == "cdesk"))
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                [out.clone()].into_iter().filter(|p| p.exists()).collect()
            };
            for file in &files {
                complete(file);
            }
            // The retry goes through where the first attempt did not finish.
            if files.is_empty() {
                match args[0] {
                    "copy" => ok(&[&"copy", &master, &out]),
                    _ => {
                        let mut again: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&args[0], &master];
                        for arg in &args[1..] {
                            again.push(arg);
                        }
                        again.push(&out);
                        ok(&again)
                    }
                };
            }
        }
    }
    eprintln!("{kills} commands killed part-way");
    // Every package recorded in the master is there, complete.
    for row in query(&master, "SELECT file FROM package") {
        complete(std::path::Path::new(&row[0]));
    }
}

/// Issue 29: `copy` and `package` into a missing or read-only folder say so, and what to do
/// (they said "unable to open database file: Error code 14"), and leave nothing behind.
#[test]
fn writing_into_a_missing_or_read_only_folder_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let master = common::sample_project_in(dir.path());
    let missing = dir.path().join("no-such-folder");
    for args in [
        vec!["copy".to_owned()],
        vec![
            "package".to_owned(),
            "--coder".to_owned(),
            "Li Na".to_owned(),
            "--out".to_owned(),
        ],
    ] {
        let out = missing.join("x.cdesk");
        let mut run: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&args[0], &master];
        for arg in &args[1..] {
            run.push(arg);
        }
        run.push(&out);
        let stderr = fails(&run);
        assert!(
            stderr.contains("does not exist") && stderr.contains("no-such-folder"),
            "{stderr}"
        );
        assert!(!stderr.contains("Error code"), "{stderr}");
        assert!(!missing.exists());

        let locked = dir.path().join(format!("locked-{}", args[0]));
        std::fs::create_dir(&locked).unwrap();
        let out = locked.join("x.cdesk");
        let guard = ReadOnlyFolder::new(&locked);
        let mut run: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&args[0], &master];
        for arg in &args[1..] {
            run.push(arg);
        }
        run.push(&out);
        let stderr = fails(&run);
        drop(guard);
        assert!(stderr.contains("cannot be written to"), "{stderr}");
        assert!(!stderr.contains("Error code"), "{stderr}");
        assert_eq!(std::fs::read_dir(&locked).unwrap().count(), 0);
    }
}
