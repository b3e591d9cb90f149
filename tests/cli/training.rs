//! `codingdesk training`: a round on the Chongqing sample against a coder's gold standard — α
//! with gold checked against `codingdesk agree` on the same pairs, training units kept out of
//! the study's agreement, closing and clearing, and refusals that say what to do.

use crate::common;

use common::{fails, ok, sample_project_in};

fn json(args: &[&dyn AsRef<std::ffi::OsStr>]) -> serde_json::Value {
    serde_json::from_str(&ok(args)).unwrap()
}

fn units_in_agreement(project: &std::path::Path) -> u64 {
    let table = json(&[&"agreement", &project, &"--format", &"json"]);
    table["variables"][0]["units"].as_u64().unwrap()
}

#[test]
fn a_round_against_gold_agrees_with_agree_and_stays_out_of_the_study() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project_in(dir.path());
    assert_eq!(units_in_agreement(&project), 50);
    // Every unit of the sample is coded: a draw takes none of them unless told to (issue 28).
    let refused = fails(&[
        &"training",
        &project,
        &"--start",
        &"round 1",
        &"--draw",
        &"10",
        &"--gold",
        &"Li Na",
    ]);
    assert!(refused.contains("--take-coded"), "{refused}");
    assert_eq!(units_in_agreement(&project), 50, "nothing moved");
    let first = ok(&[&"training", &project, &"--format", &"json"]);
    assert!(first.contains("\"rounds\": []"), "{first}");
    let started = ok(&[
        &"training",
        &project,
        &"--start",
        &"round 1",
        &"--draw",
        &"10",
        &"--seed",
        &"3",
        &"--gold",
        &"Li Na",
        &"--take-coded",
    ]);
    assert!(
        started.contains("10 units for Wang Hao, Chen Yu"),
        "{started}"
    );
    assert!(started.contains("leave them out"), "{started}");
    assert!(
        started.contains("took 10 coded units out of the study with their"),
        "{started}"
    );
    // The round's ten units left the study's agreement.
    assert_eq!(units_in_agreement(&project), 40);

    let report = json(&[
        &"training",
        &project,
        &"--round",
        &"round 1",
        &"--format",
        &"json",
    ]);
    let units: Vec<String> = report["round"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(units.len(), 10);
    let wang = report["coders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["coder"] == "Wang Hao")
        .unwrap();
    let theme = &wang["variables"][0];
    assert_eq!(theme["variable"], "theme");
    assert_eq!(theme["units"], 10);

    // The same pairs through `agree` (the CSV path checked against published values).
    let list = units
        .iter()
        .map(|u| format!("'{u}'"))
        .collect::<Vec<_>>()
        .join(",");
    let pairs = common::query(
        &project,
        &format!(
            "SELECT a.code, b.code FROM coding a JOIN coding b
               ON b.unit_id = a.unit_id AND b.variable_id = a.variable_id
             JOIN unit u ON u.id = a.unit_id JOIN variable v ON v.id = a.variable_id
             WHERE v.key = 'theme' AND u.uid IN ({list})
               AND a.coder_id = (SELECT id FROM coder WHERE name = 'Wang Hao')
               AND b.coder_id = (SELECT id FROM coder WHERE name = 'Li Na')"
        ),
    );
    assert_eq!(pairs.len(), 10);
    let csv = dir.path().join("pairs.csv");
    let mut text = "coder,gold\n".to_owned();
    for pair in &pairs {
        text.push_str(&format!("{},{}\n", pair[0], pair[1]));
    }
    std::fs::write(&csv, text).unwrap();
    let agree = json(&[
        &"agree",
        &csv,
        &"--categories",
        &"1,2,3,4,9",
        &"--format",
        &"json",
    ]);
    let expected = agree["measures"]["krippendorff_alpha"].as_f64().unwrap();
    let got = theme["krippendorff_alpha"].as_f64().unwrap();
    assert!((expected - got).abs() < 1e-12, "{expected} vs {got}");
    assert_eq!(
        theme["cohen_kappa"].as_f64(),
        agree["measures"]["cohen_kappa"].as_f64()
    );
    // Numbers pre-filled from the posts' data are not judged.
    let judged: Vec<&str> = wang["variables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["variable"].as_str().unwrap())
        .collect();
    assert!(!judged.contains(&"likes"), "{judged:?}");

    let table = ok(&[&"training", &project, &"--round", &"round 1"]);
    assert!(table.contains("Theme and focus"), "{table}");
    assert!(table.contains("gold: Li Na's codes"), "{table}");
    let misses = ok(&[
        &"training",
        &project,
        &"--round",
        &"round 1",
        &"--coder",
        &"Wang Hao",
    ]);
    assert!(
        misses.contains("coded") && misses.contains("gold"),
        "{misses}"
    );
}

#[test]
fn closing_clearing_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project_in(dir.path());
    let none = ok(&[&"training", &project]);
    assert!(none.contains("no training rounds yet"), "{none}");
    let error = fails(&[&"training", &project, &"--start", &"r", &"--draw", &"3"]);
    assert!(error.contains("--gold"), "{error}");
    let error = fails(&[
        &"training",
        &project,
        &"--start",
        &"r",
        &"--units",
        &"nope",
        &"--gold",
        &"Li Na",
    ]);
    assert!(error.contains("nope"), "{error}");
    let error = fails(&[
        &"training",
        &project,
        &"--start",
        &"r",
        &"--draw",
        &"500",
        &"--gold",
        &"Li Na",
    ]);
    assert!(error.contains("--take-coded"), "{error}");
    let error = fails(&[
        &"training",
        &project,
        &"--start",
        &"r",
        &"--draw",
        &"500",
        &"--gold",
        &"Li Na",
        &"--take-coded",
    ]);
    assert!(error.contains("1 to 50"), "{error}");
    // Naming coded units is refused too, with the counts.
    let error = fails(&[
        &"training",
        &project,
        &"--start",
        &"r",
        &"--units",
        &"7396166465146813681,7363374768928219360",
        &"--gold",
        &"Li Na",
    ]);
    assert!(
        error.contains("would take 2 units that are already coded"),
        "{error}"
    );
    // Nothing was half-started.
    assert!(ok(&[&"training", &project]).contains("no training rounds yet"));

    ok(&[
        &"training",
        &project,
        &"--start",
        &"r",
        &"--draw",
        &"8",
        &"--gold",
        &"Li Na",
        &"--count-in-study",
        &"--alpha-min",
        &"0.5",
    ]);
    // Counted in the study: the reliability table keeps all fifty units.
    assert_eq!(units_in_agreement(&project), 50);
    let error = fails(&[
        &"training",
        &project,
        &"--round",
        &"r",
        &"--clear",
        &"Wang Hao",
    ]);
    assert!(error.contains("still open"), "{error}");
    let error = fails(&[&"training", &project, &"--round", &"zz"]);
    assert!(error.contains("the study has r"), "{error}");
    ok(&[&"training", &project, &"--round", &"r", &"--close"]);
    let error = fails(&[&"training", &project, &"--round", &"r", &"--close"]);
    assert!(error.contains("closed"), "{error}");
    let report = json(&[&"training", &project, &"--format", &"json"]);
    let round = &report["rounds"][0];
    assert!(round["round"]["closed_at"].is_string());
    for coder in round["coders"].as_array().unwrap() {
        let name = coder["coder"].as_str().unwrap();
        if coder["passed"] == true {
            ok(&[&"training", &project, &"--round", &"r", &"--clear", &name]);
        } else {
            let error = fails(&[&"training", &project, &"--round", &"r", &"--clear", &name]);
            assert!(error.contains("did not pass"), "{error}");
        }
    }
    let report = json(&[&"training", &project, &"--format", &"json"]);
    let cleared = report["rounds"][0]["coders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["cleared"].is_object())
        .count();
    let passed = report["rounds"][0]["coders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == true)
        .count();
    assert_eq!(cleared, passed);
    assert!(passed > 0, "with α_min .5 someone passes: {report}");
}

#[test]
fn renaming_the_gold_coder_keeps_the_rounds_gold_and_the_trainees_results() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project_in(dir.path());
    ok(&[
        &"training",
        &project,
        &"--start",
        &"round 1",
        &"--draw",
        &"10",
        &"--seed",
        &"3",
        &"--gold",
        &"Chen Yu",
        &"--take-coded",
    ]);
    let report = |project: &std::path::Path| {
        json(&[
            &"training",
            &project,
            &"--round",
            &"round 1",
            &"--format",
            &"json",
        ])
    };
    let before = report(&project);
    let passed = |report: &serde_json::Value| -> Vec<(String, bool)> {
        report["coders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["coder"].as_str().unwrap().to_owned(),
                    c["passed"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    ok(&[&"coders", &project, &"--rename", &"Chen Yu", &"Chen Yu 2"]);
    let after = report(&project);
    assert_eq!(after["round"]["gold"]["coder"], "Chen Yu 2", "{after}");
    assert_eq!(
        passed(&after),
        passed(&before),
        "the trainees' results are unchanged"
    );
    assert_eq!(
        after["coders"].as_array().unwrap().len(),
        2,
        "the gold coder is no trainee"
    );
    let table = ok(&[&"training", &project, &"--round", &"round 1"]);
    assert!(table.contains("gold: Chen Yu 2's codes"), "{table}");
    assert!(!table.contains("(0 values)"), "{table}");
}
