//! Defects found by trying to break Codingdesk (issue 13): each test fails without its fix.

mod common;

use common::{fails, new_project, ok, query, status_json};

fn sheet_with_posts(file: &std::path::Path, stray: Option<(u32, u16)>) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, header) in ["id", "caption", "likes"].iter().enumerate() {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "v1").unwrap();
    sheet.write_string(1, 1, "重庆 8D 魔幻城市").unwrap();
    sheet.write_number(1, 2, 12.0).unwrap();
    // A post far down the sheet, inside the table's columns.
    sheet.write_string(999_999, 0, "v2").unwrap();
    sheet.write_number(999_999, 2, 3.0).unwrap();
    if let Some((row, column)) = stray {
        sheet.write_string(row, column, "stray").unwrap();
    }
    workbook.save(file).unwrap();
}

#[test]
fn xlsx_with_a_value_in_the_last_cell_is_refused_by_name_not_aborted() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let file = dir.path().join("posts.xlsx");
    sheet_with_posts(&file, Some((1_048_575, 16_383)));
    let stderr = fails(&[&"import", &project, &file]);
    assert!(stderr.contains("XFD1048576"), "{stderr}");
    assert!(stderr.contains("A–C"), "{stderr}");
    assert_eq!(status_json(&project)["units"], 0);
}

#[test]
fn xlsx_rows_far_down_the_sheet_are_read_sparsely() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let file = dir.path().join("posts.xlsx");
    sheet_with_posts(&file, None);
    ok(&[&"import", &project, &file]);
    let rows = query(&project, "SELECT uid, likes FROM unit ORDER BY position");
    assert_eq!(rows, [["v1", "12"], ["v2", "3"]]);
}

/// A hostile post and hostile notes: nothing a spreadsheet would run leaves Codingdesk in a CSV,
/// and `long-csv → import-codes` is still an exact round trip.
#[test]
fn csv_exports_neutralise_formulas_and_long_csv_reads_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let units = dir.path().join("units.csv");
    std::fs::write(
        &units,
        "id,caption,account,likes\n\
         v1,\"=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",@admin,5\n\
         v2,+cmd|' /C calc'!A0,-acct,12\n",
    )
    .unwrap();
    ok(&[&"import", &project, &units]);
    let codes = dir.path().join("codes.csv");
    std::fs::write(
        &codes,
        "unit_id,coder,variable,value,note\n\
         v1,Li Na,theme,1,=1+1\n\
         v1,Wang Hao,theme,2,'=already quoted\n\
         v2,Li Na,theme,1,-2+3\n\
         v2,Wang Hao,theme,1,\"\t@SUM(A1)\"\n\
         v2,Wang Hao,emotion,2,-3.5\n",
    )
    .unwrap();
    ok(&[&"import-codes", &project, &codes]);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for (format, file) in [
        ("long-csv", "long.csv"),
        ("wide-csv", "wide.csv"),
        ("spss", "spss.csv"),
        ("recal", "recal"),
    ] {
        ok(&[
            &"export",
            &project,
            &"--format",
            &format,
            &"--out",
            &out.join(file),
        ]);
    }
    let agreement = ok(&[&"agreement", &project, &"--format", &"csv"]);
    let mut files: Vec<(String, String)> =
        ["long.csv", "wide.csv", "spss.csv", "recal/recal_index.csv"]
            .iter()
            .map(|f| (f.to_string(), std::fs::read_to_string(out.join(f)).unwrap()))
            .collect();
    files.push(("agreement".into(), agreement));
    for (name, text) in &files {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                let runs = cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
                    && cell.trim().parse::<f64>().is_err();
                assert!(!runs, "{name}: a spreadsheet would run {cell:?}");
            }
        }
    }
    assert!(files[0].1.contains("'=1+1"), "{}", files[0].1);
    assert!(
        files[0].1.contains(",-3.5"),
        "numbers stay numbers: {}",
        files[0].1
    );

    let copy = dir.path().join("copy.cdesk");
    ok(&[&"new", &copy, &"--codebook", &"tiktok-six"]);
    ok(&[&"import", &copy, &units]);
    ok(&[&"import-codes", &copy, &out.join("long.csv")]);
    let stored = "SELECT u.uid, c.name, v.key, coalesce(k.code, k.number), k.note FROM coding k
        JOIN unit u ON u.id = k.unit_id JOIN coder c ON c.id = k.coder_id
        JOIN variable v ON v.id = k.variable_id ORDER BY 1, 2, 3";
    let original = query(&project, stored);
    assert_eq!(query(&copy, stored), original);
    assert!(original.iter().any(|row| row[4] == "=1+1"));
    // A leading apostrophe marks text, as in Excel; surrounding white space is trimmed.
    assert!(original.iter().any(|row| row[4] == "=already quoted"));
    assert!(original.iter().any(|row| row[4] == "@SUM(A1)"));
}

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

/// A units file's media paths may not reach outside its folder (or the --media folder): `../`,
/// absolute paths and links out are refused with row and column, unless the user passes
/// --allow-outside-media; `package` then never copies a file from elsewhere.
#[test]
fn media_paths_outside_the_study_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study");
    std::fs::create_dir_all(study.join("media")).unwrap();
    let secret = dir.path().join("secret.jpg");
    std::fs::write(&secret, b"not for packages").unwrap();
    std::fs::write(study.join("media/ok.jpg"), b"jpg").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, study.join("media/link.jpg")).unwrap();
    let project = new_project(&study, "tiktok-six");
    let depth = study.components().count();
    let climb = format!("{}etc/passwd", "../".repeat(depth + 2));
    for (media, shown) in [
        (climb.as_str(), climb.as_str()),
        ("../secret.jpg", "../secret.jpg"),
        (secret.to_str().unwrap(), secret.to_str().unwrap()),
        #[cfg(unix)]
        ("media/link.jpg", "media/link.jpg"),
    ] {
        let units = study.join("units.csv");
        std::fs::write(
            &units,
            format!("id,caption,media\nv1,a,media/ok.jpg\nv2,b,{media}\n"),
        )
        .unwrap();
        let stderr = fails(&[&"import", &project, &units]);
        assert!(stderr.contains("row 3"), "{stderr}");
        assert!(stderr.contains("media"), "{stderr}");
        assert!(
            stderr.contains(&format!("'{shown}' leads outside")),
            "{stderr}"
        );
        assert_eq!(status_json(&project)["units"], 0, "nothing half-imported");
    }
    // A --media folder whose file links out is refused too.
    #[cfg(unix)]
    {
        let shots = dir.path().join("shots");
        std::fs::create_dir(&shots).unwrap();
        std::os::unix::fs::symlink(&secret, shots.join("v1.jpg")).unwrap();
        let units = study.join("units.csv");
        std::fs::write(&units, "id,caption\nv1,a\n").unwrap();
        let stderr = fails(&[&"import", &project, &units, &"--media", &shots]);
        assert!(stderr.contains("leads outside"), "{stderr}");
    }
    // The user's explicit choice is respected.
    let units = study.join("units.csv");
    std::fs::write(&units, "id,caption,media\nv1,a,../secret.jpg\n").unwrap();
    ok(&[&"import", &project, &units, &"--allow-outside-media"]);
    assert_eq!(status_json(&project)["units"], 1);
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
    assert_eq!(query(&master, "SELECT count(*) FROM package"), [["0"]]);
    assert_eq!(
        query(
            &master,
            "SELECT count(*) FROM change_log WHERE action = 'package.withdraw'"
        ),
        [["1"]]
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
    let _guard = ReadOnlyFolder::new(&locked);
    let stderr = fails(&[&"status", &project]);
    assert!(stderr.contains("is read-only"), "{stderr}");
    assert!(!stderr.contains("not a Codingdesk project"), "{stderr}");
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
    std::fs::create_dir(&small).unwrap();
    let size = std::fs::metadata(&source).unwrap().len();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={}", size + 96 * 1024)])
        .arg("tmpfs")
        .arg(&small)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must be able to mount a small tmpfs (runs as root)"
        );
        eprintln!("skipped: mounting a small tmpfs needs root (CI runs it)");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            std::process::Command::new("umount")
                .arg(&self.0)
                .status()
                .unwrap();
        }
    }
    let _unmount = Unmount(small.clone());
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

/// The coded table carries every unit column the project holds: imported extra columns too
/// (numbers as numbers, codes such as "007" as text), in wide-csv, XLSX and SPSS.
#[test]
fn exports_carry_imported_extra_columns() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let units = dir.path().join("units.csv");
    std::fs::write(
        &units,
        "id,caption,gdp,author_followers,district,theme\nv1,a,3.24,120000,007,x\nv2,b,1.5,,渝中,y\n",
    )
    .unwrap();
    ok(&[&"import", &project, &units]);
    let wide = dir.path().join("wide.csv");
    ok(&[
        &"export",
        &project,
        &"--format",
        &"wide-csv",
        &"--out",
        &wide,
    ]);
    let text = std::fs::read_to_string(&wide).unwrap();
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .to_owned();
    for name in ["gdp", "author_followers", "district", "theme_extra"] {
        assert!(header.split(',').any(|h| h == name), "{name} in {header}");
    }
    assert!(text.contains("120000,007,3.24,x"), "{text}");

    let spss = dir.path().join("spss.csv");
    ok(&[&"export", &project, &"--format", &"spss", &"--out", &spss]);
    let syntax = std::fs::read_to_string(dir.path().join("spss.sps")).unwrap();
    assert!(syntax.contains("    gdp F16.4"), "{syntax}");
    assert!(syntax.contains("    district A2000"), "{syntax}");

    let xlsx = dir.path().join("study.xlsx");
    ok(&[&"export", &project, &"--format", &"xlsx", &"--out", &xlsx]);
    let mut workbook = calamine::open_workbook_auto(&xlsx).unwrap();
    let data = workbook.worksheet_range("data").unwrap();
    let header: Vec<String> = data
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = data.rows().nth(1).unwrap();
    assert_eq!(first[at("gdp")], Data::Float(3.24));
    assert_eq!(first[at("district")], Data::String("007".into()));
}

/// A column named like a canonical field whose values cannot be that field stays an extra field
/// under its own name, and analyses find it by that name (a numeric `media` sub-index).
#[test]
fn a_column_named_like_a_field_but_not_fitting_stays_extra() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "city-image");
    let units = dir.path().join("index.csv");
    let mut text = String::from("id,caption,media,gdp\n");
    for i in 0..15 {
        text.push_str(&format!("u{i},city {i},0.{},{}.5\n", 10 + i, 3 + i % 4));
    }
    std::fs::write(&units, &text).unwrap();
    let printed = ok(&[&"import", &project, &units]);
    assert!(
        printed.contains("extra field 'media' (no value fits the field 'media'"),
        "{printed}"
    );
    assert_eq!(status_json(&project)["units"], 15);
    ok(&[
        &"index",
        &project,
        &"--name",
        &"communication",
        &"--weights",
        &"media=0.35,gdp=0.65",
    ]);
    let described = ok(&[&"describe", &project, &"--fields", &"media,communication"]);
    assert!(described.contains("media"), "{described}");

    // A column where some values fit keeps its field: the others are errors by row, as before.
    let mixed = dir.path().join("mixed.csv");
    std::fs::write(&mixed, "id,likes\na,12\nb,many\n").unwrap();
    let stderr = fails(&[&"import", &project, &mixed]);
    assert!(
        stderr.contains("row 3") && stderr.contains("likes"),
        "{stderr}"
    );
    // The user's --map is obeyed.
    let stderr = fails(&[&"import", &project, &units, &"--map", &"media=media"]);
    assert!(stderr.contains("media file"), "{stderr}");
}

/// A realistic export of every collection tool researchers use imports with no --map: ids exact,
/// platform, account, caption, time, counts (万 strings included), duration in seconds.
#[test]
fn collection_tools_exports_import_without_mapping() {
    let dir = tempfile::tempdir().unwrap();
    // (file, platform, first id, account, likes, comments, shares, caption starts, duration)
    let cases = [
        (
            "4cat_tiktok.csv",
            "tiktok",
            "7325946170428444970",
            "cq_daily_news",
            "10500",
            "320",
            "88",
            "洪崖洞夜景",
            "NULL",
        ),
        (
            "4cat_douyin.csv",
            "douyin",
            "7290000000000000001",
            "深圳卫视",
            "116000",
            "8103",
            "6552",
            "深圳湾公园",
            "15",
        ),
        (
            "4cat_rednote.csv",
            "xiaohongshu",
            "65a1b2c3d4e5f60000000001",
            "山城小王",
            "12000",
            "NULL",
            "NULL",
            "洪崖洞",
            "NULL",
        ),
        (
            "zeeschuimer_tiktok.ndjson",
            "tiktok",
            "7325946170428444970",
            "cq_daily_news",
            "10500",
            "320",
            "88",
            "洪崖洞夜景",
            "15",
        ),
        (
            "mediacrawler_douyin.csv",
            "douyin",
            "7290000000000000001",
            "深圳卫视",
            "116000",
            "8103",
            "6552",
            "深圳湾公园",
            "NULL",
        ),
        (
            "mediacrawler_xhs.json",
            "xiaohongshu",
            "65a1b2c3d4e5f60000000001",
            "山城小王",
            "12000",
            "210",
            "88",
            "洪崖洞",
            "NULL",
        ),
        (
            "mediacrawler_weibo.csv",
            "weibo",
            "4990000000000001",
            "重庆发布",
            "23000",
            "1200",
            "34000",
            "重庆的雾都",
            "NULL",
        ),
        (
            "tiktok_research_api.json",
            "tiktok",
            "7325946170428444970",
            "cq_daily_news",
            "10500",
            "320",
            "88",
            "洪崖洞夜景",
            "15",
        ),
        (
            "apify_tiktok.json",
            "tiktok",
            "7325946170428444970",
            "cq_daily_news",
            "10500",
            "320",
            "88",
            "洪崖洞夜景",
            "15",
        ),
        (
            "pyktok.csv",
            "tiktok",
            "7325946170428444970",
            "cq_daily_news",
            "10500",
            "320",
            "88",
            "洪崖洞夜景",
            "15",
        ),
    ];
    for (file, platform, id, account, likes, comments, shares, caption, duration) in cases {
        let project = dir.path().join(format!("{file}.cdesk"));
        ok(&[&"new", &project, &"--codebook", &"blank"]);
        let printed = ok(&[
            &"import",
            &project,
            &common::data(&format!("good/collectors/{file}")),
        ]);
        let rows = query(
            &project,
            "SELECT uid, platform, account, likes, comments, shares, caption, published_at, duration_s
             FROM unit ORDER BY position",
        );
        assert_eq!(rows.len(), 2, "{file}: {printed}");
        let row = &rows[0];
        assert_eq!(row[0], id, "{file}: id\n{printed}");
        assert_eq!(row[1], platform, "{file}: platform\n{printed}");
        assert_eq!(row[2], account, "{file}: account\n{printed}");
        assert_eq!(
            (row[3].as_str(), row[4].as_str(), row[5].as_str()),
            (likes, comments, shares),
            "{file}: counts\n{printed}"
        );
        assert!(
            row[6].starts_with(caption),
            "{file}: caption {}\n{printed}",
            row[6]
        );
        assert!(
            row[7].starts_with("202"),
            "{file}: published_at {}\n{printed}",
            row[7]
        );
        assert_eq!(row[8], duration, "{file}: duration\n{printed}");
    }
}

/// The same codes give the same coefficients to the last digit whatever order the coders were
/// added in (as by merging packages in another order): the whole agreement JSON is identical.
#[test]
fn agreement_is_bit_identical_whatever_order_coders_were_added() {
    let dir = tempfile::tempdir().unwrap();
    let source = common::sample_project_in(dir.path());
    let long = dir.path().join("codes.csv");
    ok(&[
        &"export",
        &source,
        &"--format",
        &"long-csv",
        &"--out",
        &long,
    ]);
    let text = std::fs::read_to_string(&long).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let units = common::repo().join("samples/chongqing-tiktok/units.csv");
    let mut outputs = Vec::new();
    for order in [
        ["Li Na", "Wang Hao", "Chen Yu"],
        ["Chen Yu", "Li Na", "Wang Hao"],
        ["Wang Hao", "Chen Yu", "Li Na"],
    ] {
        let project = dir
            .path()
            .join(format!("{}.cdesk", order[0].replace(' ', "_")));
        ok(&[&"new", &project, &"--codebook", &"tiktok-six"]);
        ok(&[&"import", &project, &units]);
        let mut sorted = vec![header.to_owned()];
        for coder in order {
            sorted.extend(
                lines
                    .iter()
                    .filter(|l| l.contains(&format!(",{coder},")))
                    .map(|l| l.to_string()),
            );
        }
        let codes = dir.path().join("ordered.csv");
        std::fs::write(&codes, sorted.join("\n")).unwrap();
        ok(&[&"import-codes", &project, &codes]);
        let coders = query(&project, "SELECT name FROM coder ORDER BY id");
        assert_eq!(coders[0][0], order[0], "coders were added in this order");
        outputs.push(ok(&[&"agreement", &project, &"--format", &"json"]));
    }
    for (i, other) in outputs.iter().enumerate().skip(1) {
        let first_difference = outputs[0]
            .lines()
            .zip(other.lines())
            .position(|(a, b)| a != b);
        assert!(
            first_difference.is_none() && outputs[0].len() == other.len(),
            "order {i} differs at line {first_difference:?}"
        );
    }
}
