//! Every command on a server study: the same words and figures as on its file, changes carried
//! to the server row by row with compare-and-set, blindness kept (a coder's commands see only
//! their own codes), named connection profiles. Runs against the throw-away test server
//! (`scripts/test-postgres.sh`; `.ci/run` starts one); skips on a developer machine without it.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::pg::{Study, codingdesk, new_study, ok, run_psql, server_or_skip};

/// The Chongqing sample with a primary coder, pushed by a supervisor; returns the file, the
/// supervisor's URL (password inline, as tests may) and the test database.
fn pushed_sample(dir: &Path, server: &str) -> (String, String, Study) {
    let study = new_study(server);
    ok(&["server", "init", &study.admin], None);
    let file = common::sample_project_in(dir);
    let file = file.to_str().unwrap().to_owned();
    common::ok(&[&"primary", &file, &"Li Na"]);
    let zhang = study.sign_up("zhang", None, "zhang-secret");
    let supervisor = format!("postgres://{zhang}:zhang-secret@{}", study.host_port_db);
    ok(&["push", &file, &supervisor], None);
    (file, supervisor, study)
}

#[test]
fn every_command_on_a_server_study_prints_what_its_file_prints() {
    let Some(server) =
        server_or_skip("every_command_on_a_server_study_prints_what_its_file_prints")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (file, supervisor, _study) = pushed_sample(dir.path(), &server);
    for args in [
        vec!["status", "STUDY"],
        vec!["status", "STUDY", "--format", "json"],
        vec!["coders", "STUDY"],
        vec!["agreement", "STUDY"],
        vec!["agreement", "STUDY", "--format", "json"],
        vec!["stats", "STUDY"],
        vec![
            "stats",
            "STUDY",
            "--source",
            "coder:Wang Hao",
            "--format",
            "json",
        ],
        vec!["crosstab", "STUDY", "theme", "emotion"],
        vec!["disagreements", "STUDY", "--variable", "theme"],
        vec!["describe", "STUDY", "--fields", "likes,duration_s"],
        vec!["compare", "STUDY", "likes", "--by", "emotion"],
        vec!["timeline", "STUDY"],
        vec!["codebook", "STUDY"],
        vec!["codebook", "STUDY", "--export", "-"],
        vec!["--lang", "zh", "stats", "STUDY", "--variable", "theme"],
    ] {
        let on = |study: &str| {
            let args: Vec<&str> = args
                .iter()
                .map(|a| if *a == "STUDY" { study } else { a })
                .collect();
            ok(&args, None)
        };
        let from_file = on(&file);
        assert!(!from_file.trim().is_empty(), "{args:?}");
        assert_eq!(on(&supervisor), from_file, "{args:?}");
    }
    // Files written from the server study are byte for byte the file study's.
    for (format, name, read) in [
        ("long-csv", "codes.csv", "codes.csv"),
        ("wide-csv", "wide.csv", "wide.csv"),
        ("spss", "study.csv", "study.csv"),
        ("spss", "study.csv", "study.sps"),
    ] {
        let written = |study: &str, folder: &str| {
            let out = dir.path().join(folder).join(name);
            std::fs::create_dir_all(out.parent().unwrap()).unwrap();
            let out = out.to_str().unwrap().to_owned();
            ok(&["export", study, "--format", format, "--out", &out], None);
            // The syntax names its data file by its full path: the folders differ.
            String::from_utf8(std::fs::read(dir.path().join(folder).join(read)).unwrap())
                .unwrap()
                .lines()
                .filter(|line| !line.trim_start().starts_with("/FILE="))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            written(&supervisor, "s"),
            written(&file, "f"),
            "{format} {read}"
        );
    }
    let report = |study: &str, name: &str| {
        let out = dir.path().join(name);
        ok(
            &[
                "report",
                study,
                "--out",
                out.to_str().unwrap(),
                "--crosstab",
                "theme:emotion",
            ],
            None,
        );
        std::fs::read_to_string(out).unwrap()
    };
    let (from_server, from_file) = (report(&supervisor, "s.html"), report(&file, "f.html"));
    assert!(from_file.contains("Krippendorff"));
    assert_eq!(
        strip_generated_at(&from_server),
        strip_generated_at(&from_file)
    );
}

/// The report says when it was written; everything else must match.
fn strip_generated_at(html: &str) -> String {
    html.lines()
        .filter(|line| !line.contains("generated") && !line.contains("Generated"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn changes_on_a_server_study_reach_the_server_and_coders_stay_blind() {
    let Some(server) =
        server_or_skip("changes_on_a_server_study_reach_the_server_and_coders_stay_blind")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_file, supervisor, study) = pushed_sample(dir.path(), &server);
    let unit = run_psql(
        &study.admin,
        "",
        "SELECT uid FROM unit ORDER BY position LIMIT 1",
    )
    .1;
    let log_before: i64 = run_psql(&study.admin, "", "SELECT count(*) FROM change_log")
        .1
        .parse()
        .unwrap();

    // A supervisor adjudicates on the server: the final value and its log entry are there.
    let out = ok(
        &[
            "adjudicate",
            &supervisor,
            &unit,
            "theme",
            "3",
            "--reason",
            "定义 2",
        ],
        None,
    );
    assert!(out.contains("final value 3"), "{out}");
    let stored = run_psql(
        &study.admin,
        "",
        &format!(
            "SELECT f.code, f.reason FROM final_value f JOIN unit u ON u.id = f.unit_id
             JOIN variable v ON v.id = f.variable_id WHERE u.uid = '{unit}' AND v.key = 'theme'"
        ),
    )
    .1;
    assert_eq!(stored, "3|定义 2");
    let log_after: i64 = run_psql(&study.admin, "", "SELECT count(*) FROM change_log")
        .1
        .parse()
        .unwrap();
    assert_eq!(log_after, log_before + 1);
    // A new coder added on the server study; the server's next ids come after the copied ones.
    ok(&["coders", &supervisor, "--add", "赵敏"], None);
    let (_, coders, _) = run_psql(&study.admin, "", "SELECT count(*) FROM coder");
    assert_eq!(coders, "4");
    let (_, next, _) = run_psql(
        &study.admin,
        "",
        "SELECT nextval('coder_id_seq') > (SELECT max(id) FROM coder)",
    );
    assert_eq!(next, "t");

    // A coder's commands read only that coder's codes: Li Na's stats of Wang Hao's codes are
    // empty, of her own the file's.
    let li = study.sign_up("li", Some("Li Na"), "li-secret");
    let coder = format!("postgres://{li}:li-secret@{}", study.host_port_db);
    let counted = |study: &str, who: &str| -> i64 {
        let out = ok(
            &[
                "stats",
                study,
                "--source",
                &format!("coder:{who}"),
                "--format",
                "json",
            ],
            None,
        );
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let theme = &json["variables"][0];
        theme["n"].as_i64().unwrap() - theme["missing"].as_i64().unwrap()
    };
    assert_eq!(counted(&coder, "Wang Hao"), 0);
    assert_eq!(counted(&coder, "Li Na"), counted(&supervisor, "Li Na"));
    assert!(counted(&supervisor, "Wang Hao") > 0);
    // … and the server refuses a coder's adjudication: exit 2, nothing written.
    let run = codingdesk(&["adjudicate", &coder, &unit, "theme", "4"], None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("permission denied"), "{}", run.stderr);
    let (_, still, _) = run_psql(
        &study.admin,
        "",
        "SELECT string_agg(code::text, ',') FROM final_value",
    );
    assert_eq!(still, "3");
}

#[test]
fn a_change_made_on_the_server_first_is_never_overwritten() {
    use codingdesk::model::Answer;
    use codingdesk::server::ServerError;
    use codingdesk::study::{Study, StudyError};
    let Some(server) = server_or_skip("a_change_made_on_the_server_first_is_never_overwritten")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_file, supervisor, study) = pushed_sample(dir.path(), &server);
    let place = Path::new(&supervisor);
    let mut first = Study::open(place).unwrap();
    let mut second = Study::open(place).unwrap();
    let unit = first.unit_ids().unwrap()[0].clone();
    first
        .set_final_value(&unit, "emotion", Some(&Answer::Code(1)), "", "zhang")
        .unwrap();
    second
        .set_final_value(&unit, "emotion", Some(&Answer::Code(2)), "", "zhang")
        .unwrap();
    assert!(first.save().unwrap() >= 2);
    let refused = second.save().unwrap_err();
    assert!(
        matches!(
            refused,
            StudyError::Server(ServerError::Conflict {
                table: "final_value",
                ..
            })
        ),
        "{refused}"
    );
    let (_, stored, _) = run_psql(
        &study.admin,
        "",
        &format!(
            "SELECT f.code FROM final_value f JOIN unit u ON u.id = f.unit_id
             JOIN variable v ON v.id = f.variable_id WHERE u.uid = '{unit}' AND v.key = 'emotion'"
        ),
    );
    assert_eq!(stored, "1", "the first decision stands");
    // A fresh look sees it, and a change from there goes through.
    let mut third = Study::open(place).unwrap();
    third
        .set_final_value(&unit, "emotion", Some(&Answer::Code(2)), "re-read", "zhang")
        .unwrap();
    third.save().unwrap();
    let (_, stored, _) = run_psql(
        &study.admin,
        "",
        &format!(
            "SELECT f.code FROM final_value f JOIN unit u ON u.id = f.unit_id
             JOIN variable v ON v.id = f.variable_id WHERE u.uid = '{unit}' AND v.key = 'emotion'"
        ),
    );
    assert_eq!(stored, "2");
}

#[test]
fn a_named_connection_profile_opens_the_study_without_a_password_in_any_file() {
    let Some(server) =
        server_or_skip("a_named_connection_profile_opens_the_study_without_a_password_in_any_file")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (file, _supervisor, study) = pushed_sample(dir.path(), &server);
    let zhang = study.sign_up("zhang2", None, "zhang2-secret");
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("connections.toml"),
        format!(
            "[chongqing]\nurl = \"postgres://{zhang}@{}\"\n",
            study.host_port_db
        ),
    )
    .unwrap();
    let run = |args: &[&str], password: &str| {
        Command::new(env!("CARGO_BIN_EXE_codingdesk"))
            .args(args)
            .env("LC_ALL", "C.UTF-8")
            .env("CODINGDESK_CONFIG_DIR", &config)
            .env("PGPASSWORD", password)
            .output()
            .unwrap()
    };
    let by_profile = run(&["status", "@chongqing"], "zhang2-secret");
    assert!(by_profile.status.success(), "{:?}", by_profile);
    assert_eq!(
        String::from_utf8_lossy(&by_profile.stdout),
        common::ok(&[&"status", &file])
    );
    let wrong = run(&["status", "@chongqing"], "wrong");
    assert_eq!(wrong.status.code(), Some(2));
    let unknown = run(&["status", "@nowhere"], "zhang2-secret");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("chongqing"));
    std::fs::write(
        config.join("connections.toml"),
        format!(
            "[chongqing]\nurl = \"postgres://{zhang}:zhang2-secret@{}\"\n",
            study.host_port_db
        ),
    )
    .unwrap();
    let refused = run(&["status", "@chongqing"], "");
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("password") && !said.contains("zhang2-secret"),
        "{said}"
    );
}

/// Packages still work with a server study: a coder's package is written from it (with the
/// media, found where the study was pushed from), coded offline, and merged back into it by
/// the same stable keys and rules as into a file.
#[test]
fn packages_go_out_of_and_back_into_a_server_study() {
    let Some(server) = server_or_skip("packages_go_out_of_and_back_into_a_server_study") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_file, supervisor, study) = pushed_sample(dir.path(), &server);
    let outbox = dir.path().join("outbox");
    std::fs::create_dir_all(&outbox).unwrap();
    ok(&["coders", &supervisor, "--add", "Zhao Min"], None);
    let out = ok(
        &[
            "package",
            &supervisor,
            "--coder",
            "Zhao Min",
            "--out",
            outbox.join("zhao.cdesk").to_str().unwrap(),
        ],
        None,
    );
    assert!(out.contains("Zhao Min"), "{out}");
    let package = outbox.join("zhao.cdesk");
    // The package's media came along from the folder the study was pushed from.
    assert!(
        std::fs::read_dir(&outbox).unwrap().count() > 1,
        "media copied beside the package"
    );
    let (_, recorded, _) = run_psql(&study.admin, "", "SELECT count(*) FROM package");
    assert_eq!(
        recorded, "1",
        "the server study records the package it sent out"
    );

    // Zhao Min codes two units in the package, offline.
    let units = run_psql(
        &study.admin,
        "",
        "SELECT string_agg(uid, ',' ORDER BY position) FROM (SELECT uid, position FROM unit ORDER BY position LIMIT 2) u",
    )
    .1;
    let codes = dir.path().join("zhao.csv");
    let lines: Vec<String> = units
        .split(',')
        .map(|unit| format!("{unit},Zhao Min,theme,4"))
        .collect();
    std::fs::write(
        &codes,
        format!("unit_id,coder,variable,value\n{}\n", lines.join("\n")),
    )
    .unwrap();
    common::ok(&[&"import-codes", &package, &codes]);

    let merged = ok(&["merge", &supervisor, package.to_str().unwrap()], None);
    assert!(merged.contains("Zhao Min"), "{merged}");
    let (_, zhao, _) = run_psql(
        &study.admin,
        "",
        "SELECT count(*) FROM coding c JOIN coder k ON k.id = c.coder_id
         JOIN variable v ON v.id = c.variable_id WHERE k.name = 'Zhao Min' AND v.key = 'theme' AND c.code = 4",
    );
    assert_eq!(zhao, "2", "the package's codes are on the server");
    // Merging again changes nothing (repeatable).
    let log_before = run_psql(&study.admin, "", "SELECT count(*) FROM change_log").1;
    ok(&["merge", &supervisor, package.to_str().unwrap()], None);
    assert_eq!(
        run_psql(&study.admin, "", "SELECT count(*) FROM change_log").1,
        log_before
    );
}

/// The store's changes, made through the command line on a file study and on the same study
/// pushed to the server, leave the two the same: after every step the status, agreement,
/// frequencies, codebook and long export read from each are identical.
#[test]
fn the_same_changes_make_the_same_study_on_a_file_and_on_the_server() {
    let Some(server) =
        server_or_skip("the_same_changes_make_the_same_study_on_a_file_and_on_the_server")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (file, supervisor, study) = pushed_sample(dir.path(), &server);
    let first_units: Vec<String> = run_psql(
        &study.admin,
        "",
        "SELECT uid FROM unit ORDER BY position LIMIT 5",
    )
    .1
    .lines()
    .map(str::to_owned)
    .collect();
    let codes = dir.path().join("zhao.csv");
    let rows: Vec<String> = first_units
        .iter()
        .map(|unit| format!("{unit},赵敏,theme,2\n{unit},赵敏,emotion,3"))
        .collect();
    std::fs::write(
        &codes,
        format!("unit_id,coder,variable,value\n{}\n", rows.join("\n")),
    )
    .unwrap();
    let edited = dir.path().join("edited.toml");
    let toml = ok(&["codebook", &file, "--export", "-"], None)
        .replace("label.en = \"Food\"", "label.en = \"Food and drink\"");
    assert!(toml.contains("Food and drink"));
    std::fs::write(&edited, toml).unwrap();
    let codes = codes.to_str().unwrap().to_owned();
    let edited = edited.to_str().unwrap().to_owned();
    let unit = first_units[0].clone();
    let steps: Vec<Vec<&str>> = vec![
        vec!["coders", "STUDY", "--add", "Zhao Min"],
        vec!["coders", "STUDY", "--rename", "Zhao Min", "赵敏"],
        vec!["import-codes", "STUDY", &codes],
        vec!["value", "STUDY", "theme", "9", "--label", "其他 / Other"],
        vec![
            "assign",
            "STUDY",
            "--coders",
            "Li Na,Wang Hao,Chen Yu",
            "--overlap",
            "10",
            "--seed",
            "7",
        ],
        vec![
            "adjudicate",
            "STUDY",
            &unit,
            "theme",
            "2",
            "--reason",
            "讨论后",
        ],
        vec!["primary", "STUDY", "Wang Hao"],
        vec![
            "index",
            "STUDY",
            "--name",
            "engagement",
            "--weights",
            "likes=1,comments=2",
            "--normalize",
        ],
        vec!["codebook", "STUDY", "--apply", &edited],
    ];
    let read = |study: &str| -> Vec<String> {
        [
            vec!["status", study, "--format", "json"],
            vec!["agreement", study, "--format", "json"],
            vec!["stats", study, "--format", "json"],
            vec!["codebook", study, "--export", "-"],
            vec!["disagreements", study],
            vec!["describe", study, "--fields", "engagement"],
        ]
        .iter()
        .map(|args| {
            let run = codingdesk(args, None);
            format!("{}{}", run.stdout, run.stderr)
        })
        .collect()
    };
    for step in steps {
        let on = |study: &str| {
            let args: Vec<&str> = step
                .iter()
                .map(|a| if *a == "STUDY" { study } else { a })
                .collect();
            ok(&args, None)
        };
        assert_eq!(on(&supervisor), on(&file), "{step:?}");
        assert_eq!(read(&supervisor), read(&file), "after {step:?}");
    }
}
