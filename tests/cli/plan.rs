//! `codingdesk plan-reliability`: the reliability subsample by Bloch & Kraemer's formula as
//! Krippendorff (2019) uses it — the published table values, a study's variables from their codes,
//! and refusals that say what to do.

use crate::common;

use common::{fails, ok, sample_project_in};

fn json(args: &[&dyn AsRef<std::ffi::OsStr>]) -> serde_json::Value {
    serde_json::from_str(&ok(args)).unwrap()
}

/// Krippendorff's (2019) two-coder table as the ATLAS.ti inter-coder agreement manual ("Sample
/// Size and Decision Rules") quotes it: four equally likely codes, p = .05 — 139 units for
/// α_min = .800 and 81 for α_min = .667.
#[test]
fn the_published_table_values_come_out_with_the_formula_and_source() {
    let plan = json(&[
        &"plan-reliability",
        &"--alpha-min",
        &"0.8",
        &"--p",
        &"0.05",
        &"--categories",
        &"4",
        &"--format",
        &"json",
    ]);
    assert_eq!(plan["units"], 139);
    assert_eq!(plan["alpha_min"], 0.8);
    assert_eq!(plan["p"], 0.05);
    assert_eq!(plan["categories"], 4);
    assert_eq!(plan["coders"], 2);
    let tentative = json(&[
        &"plan-reliability",
        &"--alpha-min",
        &"0.667",
        &"--p",
        &"0.05",
        &"--categories",
        &"4",
        &"--format",
        &"json",
    ]);
    assert_eq!(tentative["units"], 81);
    let table = ok(&[&"plan-reliability", &"--categories", &"4"]);
    assert!(table.contains("Bloch & Kraemer (1989"), "{table}");
    assert!(table.contains("(1 + α_min)(3 − α_min)"), "{table}");
    assert!(table.contains("139 units"), "{table}");
    // Unequal probabilities: the rarest category decides; three coders need more units.
    let unequal = json(&[
        &"plan-reliability",
        &"--probabilities",
        &"0.55,0.25,0.2",
        &"--coders",
        &"3",
        &"--format",
        &"json",
    ]);
    assert_eq!(unequal["smallest"], 0.2);
    assert_eq!(unequal["coders"], 3);
    let two = json(&[
        &"plan-reliability",
        &"--probabilities",
        &"0.55,0.25,0.2",
        &"--format",
        &"json",
    ]);
    assert!(unequal["units"].as_u64() > two["units"].as_u64());
}

#[test]
fn a_study_is_planned_per_variable_from_its_codes() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project_in(dir.path());
    let plan = json(&[&"plan-reliability", &project, &"--format", &"json"]);
    let variables = plan["variables"].as_array().unwrap();
    let theme = variables.iter().find(|v| v["variable"] == "theme").unwrap();
    assert_eq!(theme["basis"], "codes");
    assert_eq!(theme["overlap"], 50, "all 50 units coded by three coders");
    // The rarest theme coded in the sample is rarer than 1 in 5: more than 50 units are needed.
    assert!(theme["smallest"].as_f64().unwrap() < 0.2);
    assert!(theme["units"].as_u64().unwrap() > 50);
    assert_eq!(theme["enough"], false);
    // Numbers (likes, comments …) are not planned by this formula.
    assert!(variables.iter().all(|v| v["variable"] != "likes"));
    let table = ok(&[&"plan-reliability", &project]);
    assert!(table.contains("Theme and focus"), "{table}");
    assert!(table.contains("more"), "{table}");
}

#[test]
fn impossible_plans_are_refused_with_what_to_do() {
    let said = fails(&[&"plan-reliability"]);
    assert!(said.contains("--categories"), "{said}");
    let said = fails(&[
        &"plan-reliability",
        &"--alpha-min",
        &"1.5",
        &"--categories",
        &"3",
    ]);
    assert!(said.contains("α_min"), "{said}");
    let said = fails(&[&"plan-reliability", &"--probabilities", &"0.5,0.2"]);
    assert!(said.contains("add up to 1"), "{said}");
    let said = fails(&[&"plan-reliability", &"--categories", &"1"]);
    assert!(said.contains("2 categories"), "{said}");
}
