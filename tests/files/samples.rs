//! The bundled sample studies: regenerated bit-for-bit from their seed, and built into projects
//! whose contents match the published figures they model.

use crate::common;

#[path = "../../examples/generate_samples.rs"]
mod generator;

use std::collections::BTreeMap;
use std::path::Path;

use codingdesk::model::Answer;
use codingdesk::store::Project;
use common::{ok, repo};

fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "csv" || e == "png") {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

#[test]
fn the_generator_recreates_the_committed_samples_bit_for_bit() {
    let dir = tempfile::tempdir().unwrap();
    generator::generate(dir.path()).unwrap();
    let fresh = files_under(dir.path());
    let committed = files_under(&repo().join("samples"));
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &fresh {
        assert!(
            bytes == &committed[name],
            "{name} differs from the committed sample"
        );
    }
}

fn share(project: &Project, coder: &str, variable: &str, code: i64) -> f64 {
    let codes: Vec<_> = project
        .codings_of_coder(coder)
        .unwrap()
        .into_iter()
        .filter(|c| *c.variable == *variable)
        .collect();
    let hits = codes
        .iter()
        .filter(|c| c.answer == Answer::Code(code))
        .count();
    hits as f64 / codes.len() as f64
}

#[test]
fn the_chongqing_sample_builds_with_the_published_distributions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cq/chongqing.cdesk");
    let printed = ok(&[&"sample", &"chongqing-tiktok", &"--out", &path]);
    assert_eq!(printed.trim(), path.display().to_string());
    let project = Project::open(&path).unwrap();
    let status = project.status().unwrap();
    // With ffmpeg (always in CI) every unit has a real video besides its picture.
    let tools = codingdesk::video::Tools::find();
    let media = if tools.is_some() { 100 } else { 50 };
    assert_eq!((status.units, status.coders, status.media), (50, 3, media));
    assert_eq!(share(&project, "Li Na", "theme", 1), 0.42);
    assert_eq!(share(&project, "Li Na", "emotion", 3), 0.72);
    assert_eq!(share(&project, "Li Na", "emotion", 2), 0.22);
    assert_eq!(share(&project, "Li Na", "emotion", 1), 0.06);
    // Media paths are relative to the project file (or absolute, for the videos in the cache)
    // and point at real files.
    let unit = project.unit(&project.unit_ids().unwrap()[0]).unwrap();
    for media in &unit.media {
        assert!(path.parent().unwrap().join(&media.path).is_file());
    }
    if let Some(tools) = tools {
        use codingdesk::model::MediaKind;
        let video = unit
            .media
            .iter()
            .find(|m| m.kind == MediaKind::Video)
            .unwrap();
        let info =
            codingdesk::video::probe::probe(&tools, &path.parent().unwrap().join(&video.path))
                .unwrap();
        assert_eq!((info.width, info.height), (360, 640));
        assert!(
            info.has_audio && (6.0..=20.5).contains(&info.duration),
            "{info:?}"
        );
    } else if std::env::var_os("CI").is_some() {
        panic!("CI must have ffmpeg: the sample's videos are tested there");
    }
    // A file that is already there is the user's: refused unless --force, never overwritten.
    let stderr = common::fails(&[&"sample", &"chongqing", &"--out", &path]);
    assert!(stderr.contains("--force"), "{stderr}");
    ok(&[&"sample", &"chongqing", &"--out", &path, &"--force"]);
    assert_eq!(Project::open(&path).unwrap().status().unwrap().units, 50);
}

/// `sample --out DIR/x.cdesk` wrote units.csv, codes.csv and media/ into DIR, replacing a user's
/// own units.csv there (issue 13). It writes the project file and nothing else.
#[test]
fn a_sample_writes_only_its_project_file() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("units.csv");
    std::fs::write(&mine, "id,caption\nmy-own,thesis data\n").unwrap();
    ok(&[
        &"sample",
        &"chongqing",
        &"--out",
        &dir.path().join("x.cdesk"),
    ]);
    ok(&[
        &"sample",
        &"shenzhen",
        &"--out",
        &dir.path().join("y.cdesk"),
    ]);
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap(),
        "id,caption\nmy-own,thesis data\n"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["units.csv", "x.cdesk", "y.cdesk"]);
}

#[test]
fn the_shenzhen_sample_matches_the_published_summary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sz.cdesk");
    ok(&[&"sample", &"shenzhen-douyin", &"--out", &path]);
    let project = Project::open(&path).unwrap();
    let units = project.units().unwrap();
    assert_eq!(units.len(), 2580);
    let column = |name: &str| {
        units
            .iter()
            .filter_map(|u| u.number(name))
            .collect::<Vec<f64>>()
    };
    let summary = |values: &[f64]| {
        let min = values.iter().cloned().fold(f64::INFINITY, f64::min);
        let max = values.iter().cloned().fold(0.0, f64::max);
        (min, max, values.iter().sum::<f64>() / values.len() as f64)
    };
    assert_eq!(summary(&column("duration_s")), (4.0, 640.0, 56.0));
    assert_eq!(summary(&column("likes")), (122.0, 73_450_000.0, 116_000.0));
    assert_eq!(summary(&column("favorites")), (0.0, 108_000.0, 989.0));
    assert_eq!(summary(&column("shares")), (0.0, 385_000.0, 6_552.0));
    assert_eq!(summary(&column("comments")), (0.0, 714_000.0, 8_103.0));
    let under = |name: &str| column(name).iter().filter(|&&v| v < 500.0).count() as f64 / 2580.0;
    assert!((under("favorites") - 0.638).abs() < 0.0005);
    assert!((under("comments") - 0.604).abs() < 0.0005);
    let accounts: std::collections::BTreeSet<_> =
        units.iter().filter_map(|u| u.account.clone()).collect();
    assert_eq!(accounts.len(), 13);
}

/// Issue 31: a program copied away from the source tree it was built from (as an installer or a
/// zip puts it) builds the complete sample: its sources are in the binary, unpacked once into
/// the user's data folder, where the project's pictures then point — never into the source tree.
#[test]
fn a_copied_program_builds_the_complete_sample_from_its_own_sources() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("installed").join("codingdesk");
    std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_codingdesk"), &bin).unwrap();
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        let output = std::process::Command::new(&bin)
            .args(args)
            .current_dir(dir.path())
            .env_remove("CODINGDESK_SAMPLES")
            .env("XDG_DATA_HOME", &data)
            .env("HOME", dir.path())
            .env(
                "CODINGDESK_CACHE_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache"),
            )
            .env("LC_ALL", "C.UTF-8")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    for _ in 0..2 {
        run(&["sample", "--out", "study.cdesk", "--force"]);
    }
    let status: serde_json::Value =
        serde_json::from_str(&run(&["status", "study.cdesk", "--format", "json"])).unwrap();
    assert_eq!(status["units"], 50, "{status}");
    let unpacked: Vec<_> = std::fs::read_dir(data.join("codingdesk").join("samples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        unpacked.len() == 1 && unpacked[0].starts_with("sources-"),
        "unpacked once, nothing half-written left: {unpacked:?}"
    );
    let pictures = common::query(
        &dir.path().join("study.cdesk"),
        "SELECT path FROM media WHERE kind = 'image'",
    );
    assert_eq!(pictures.len(), 50);
    for row in &pictures {
        // Stored relative to the project's folder when under it, as media paths are.
        let picture = dir.path().join(&row[0]);
        assert!(picture.starts_with(&data), "{}", picture.display());
        assert!(picture.is_file(), "{}", picture.display());
        assert!(!picture.starts_with(repo()), "{}", picture.display());
    }
}

/// Issue 31: ffmpeg and ffprobe are found beside the program (as a Windows zip ships them) and in
/// the folder the settings name, not only on `PATH`; without them the sample says what to install
/// and gets pictures only.
#[test]
#[cfg(unix)]
fn ffmpeg_is_found_beside_the_program_or_where_the_settings_say() {
    let Some(system) = std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .find(|dir| dir.join("ffmpeg").is_file() && dir.join("ffprobe").is_file())
    else {
        assert!(std::env::var_os("CI").is_none(), "CI installs ffmpeg");
        eprintln!("skipped: ffmpeg is not installed (CI runs it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let installed = dir.path().join("installed");
    let elsewhere = dir.path().join("tools");
    for folder in [&installed, &elsewhere] {
        std::fs::create_dir_all(folder).unwrap();
    }
    let bin = installed.join("codingdesk");
    std::fs::copy(env!("CARGO_BIN_EXE_codingdesk"), &bin).unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    // Videos made once per test run are reused: the test is about finding the programs.
    let videos_in = |name: &str| -> (usize, String) {
        let project = dir.path().join(format!("{name}.cdesk"));
        let output = std::process::Command::new(&bin)
            .args(["sample", "--out"])
            .arg(&project)
            .env("PATH", "")
            .env("CODINGDESK_CONFIG_DIR", &config)
            .env_remove("CODINGDESK_FFMPEG_DIR")
            .env(
                "CODINGDESK_CACHE_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache"),
            )
            .env("CODINGDESK_SAMPLES", repo().join("samples"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{stderr}");
        let videos = common::query(&project, "SELECT count(*) FROM media WHERE kind = 'video'");
        (videos[0][0].parse().unwrap(), stderr)
    };
    let (none, said) = videos_in("without");
    assert_eq!(none, 0);
    assert!(said.contains("ffmpeg is not installed"), "{said}");
    for program in ["ffmpeg", "ffprobe"] {
        std::os::unix::fs::symlink(system.join(program), elsewhere.join(program)).unwrap();
    }
    std::fs::write(
        config.join("settings.json"),
        serde_json::json!({ "ffmpeg_folder": elsewhere }).to_string(),
    )
    .unwrap();
    assert_eq!(videos_in("configured").0, 50);
    std::fs::remove_file(config.join("settings.json")).unwrap();
    for program in ["ffmpeg", "ffprobe"] {
        std::fs::rename(elsewhere.join(program), installed.join(program)).unwrap();
    }
    assert_eq!(videos_in("beside").0, 50);
}
