//! `codingdesk stats` and `codingdesk primary` through the real binary on the Chongqing sample.

use crate::common;

use common::{fails, ok, sample_project_in as sample};
use serde_json::Value;

fn stats(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Value {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"stats"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[&"--format", &"json"]);
    serde_json::from_str(&ok(&all)).unwrap()
}

#[test]
fn coder_one_reproduces_the_published_percentages() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let json = stats(&[
        &project,
        &"--source",
        &"coder:Li Na",
        &"--variable",
        &"theme,emotion",
    ]);
    let variables = json["variables"].as_array().unwrap();
    assert_eq!(variables.len(), 2);
    let theme = &variables[0];
    assert_eq!(
        (theme["variable"].as_str(), theme["source"].as_str()),
        (Some("theme"), Some("coder:Li Na"))
    );
    assert_eq!(
        (theme["n"].as_u64(), theme["missing"].as_u64()),
        (Some(50), Some(0))
    );
    let first = &theme["categories"][0];
    assert_eq!(first["code"], 1);
    assert_eq!(first["label"], "Natural landscape");
    assert_eq!(first["count"], 21);
    assert_eq!(first["percent"], 42.0);
    let emotion: Vec<f64> = variables[1]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["percent"].as_f64().unwrap())
        .collect();
    assert_eq!(emotion, [6.0, 22.0, 72.0]);
}

#[test]
fn the_final_dataset_needs_a_primary_coder_for_open_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let before = stats(&[&project, &"--variable", &"theme"]);
    let unresolved = before["variables"][0]["unresolved"].as_u64().unwrap();
    assert!(
        unresolved > 0,
        "the sample's coders disagree on some themes"
    );
    assert_eq!(before["variables"][0]["missing"].as_u64(), Some(unresolved));
    let table = ok(&[&"stats", &project, &"--variable", &"theme"]);
    assert!(table.contains("unresolved"), "{table}");

    ok(&[&"primary", &project, &"Li Na"]);
    let after = stats(&[&project, &"--variable", &"theme"]);
    assert_eq!(after["variables"][0]["unresolved"], 0);
    assert_eq!(after["variables"][0]["missing"], 0);
    // With Li Na settling every disagreement, the final themes are hers.
    assert_eq!(after["variables"][0]["categories"][0]["count"], 21);

    let csv = ok(&[
        &"stats",
        &project,
        &"--variable",
        &"narrative",
        &"--format",
        &"csv",
    ]);
    assert!(
        csv.starts_with("variable,source,level,code,label,count,percent,valid_percent"),
        "{csv}"
    );
    fails(&[&"primary", &project, &"Nobody"]);
    fails(&[&"stats", &project, &"--variable", &"likes"]);
    fails(&[&"stats", &project, &"--source", &"coder:Nobody"]);
    fails(&[&"stats", &project, &"--source", &"everyone"]);
}

#[test]
fn crosstab_gives_counts_percentages_and_the_chi_square_test() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let json: Value = serde_json::from_str(&ok(&[
        &"crosstab",
        &project,
        &"theme",
        &"emotion",
        &"--source",
        &"coder:Li Na",
        &"--format",
        &"json",
    ]))
    .unwrap();
    assert_eq!(json["n"], 50);
    assert_eq!(json["row_categories"][0], "1 Natural landscape");
    // Li Na's natural-landscape videos: 1 negative, 5 neutral, 15 positive.
    assert_eq!(json["counts"][0], serde_json::json!([1, 5, 15]));
    let row_percent = json["row_percent"][0][2].as_f64().unwrap();
    assert!((row_percent - 1500.0 / 21.0).abs() < 1e-9);
    let test = &json["test"];
    // Computed by hand from the counts: χ² = 10.6474, V = √(χ²/(50·2)) = 0.3263.
    assert!((test["chi2"].as_f64().unwrap() - 10.6474).abs() < 1e-3);
    assert_eq!(test["df"], 8);
    assert!((test["cramers_v"].as_f64().unwrap() - 0.3263).abs() < 1e-3);
    let p = test["p"].as_f64().unwrap();
    assert!(p > 0.2 && p < 0.25, "{p}");
    let table = ok(&[
        &"crosstab",
        &project,
        &"theme",
        &"emotion",
        &"--source",
        &"coder:Li Na",
    ]);
    assert!(
        table.contains("df = 8") && table.contains("Cramér's V"),
        "{table}"
    );
    fails(&[&"crosstab", &project, &"theme", &"narrative"]);
    fails(&[&"crosstab", &project, &"theme", &"nope"]);
}

#[test]
fn codebook_values_are_merged_renamed_and_retired_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let before = stats(&[
        &project,
        &"--source",
        &"coder:Li Na",
        &"--variable",
        &"theme",
    ]);
    let count = |json: &Value, code: i64| {
        json["variables"][0]["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == code)
            .map(|c| c["count"].as_u64().unwrap())
    };
    let (other, city) = (count(&before, 9).unwrap(), count(&before, 3).unwrap());
    let out = ok(&[&"value", &project, &"theme", &"9", &"--merge-into", &"3"]);
    assert!(out.contains("codebook version 2"), "{out}");
    let after = stats(&[
        &project,
        &"--source",
        &"coder:Li Na",
        &"--variable",
        &"theme",
    ]);
    assert_eq!(count(&after, 3), Some(city + other));
    assert_eq!(
        count(&after, 9),
        None,
        "a retired value without codes is not listed"
    );
    ok(&[
        &"value",
        &project,
        &"emotion",
        &"3",
        &"--label",
        &"Positive (praise)",
    ]);
    let shown = ok(&[&"codebook", &project]);
    assert!(
        shown.contains("version 3")
            && shown.contains("Positive (praise)")
            && shown.contains("9   Other (retired)"),
        "{shown}"
    );
    fails(&[&"value", &project, &"theme", &"1", &"--label", &"Food"]);
    fails(&[&"value", &project, &"theme", &"42", &"--retire"]);
    fails(&[&"value", &project, &"theme", &"1"]);
    // Agreement still runs on the merged codes.
    ok(&[
        &"agreement",
        &project,
        &"--variable",
        &"theme",
        &"--bootstrap",
        &"0",
    ]);
}

#[test]
fn disagreements_are_listed_and_adjudicated_without_touching_raw_codes() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let raw = codingdesk::store::Project::open(&project)
        .unwrap()
        .all_codings()
        .unwrap();
    let unresolved = |project: &std::path::Path| {
        stats(&[&project, &"--variable", &"emotion"])["variables"][0]["unresolved"]
            .as_u64()
            .unwrap()
    };
    let listed = ok(&[&"disagreements", &project, &"--variable", &"emotion"]);
    let open = unresolved(&project);
    assert!(
        listed.contains(&format!("{open} open, 0 adjudicated")),
        "{listed}"
    );
    // Settle the first one as "Positive", by label.
    let unit = listed
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let out = ok(&[
        &"adjudicate",
        &project,
        &unit,
        &"emotion",
        &"Positive",
        &"--reason",
        &"music and caption are upbeat",
    ]);
    assert!(out.contains("final value 3"), "{out}");
    assert_eq!(unresolved(&project), open - 1);
    let listed = ok(&[&"disagreements", &project, &"--variable", &"emotion"]);
    assert!(
        listed.contains("-> adjudicated 3") && listed.contains("1 adjudicated"),
        "{listed}"
    );
    let after = codingdesk::store::Project::open(&project)
        .unwrap()
        .all_codings()
        .unwrap();
    assert_eq!(raw, after, "adjudication never changes raw codes");
    fails(&[&"adjudicate", &project, &unit, &"emotion", &"ecstatic"]);
    fails(&[&"adjudicate", &project, &"no-such-unit", &"emotion", &"1"]);
    ok(&[&"adjudicate", &project, &unit, &"emotion", &"--clear"]);
    assert_eq!(unresolved(&project), open);
}

/// A terminal gives a Chinese character two columns; the plain-text tables pad by columns, so a
/// category labelled 自然风光 or a coder called 李娜 keeps the rest of its row in line.
#[test]
fn chinese_labels_and_coder_names_keep_the_tables_in_line() {
    use unicode_width::UnicodeWidthStr;
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    ok(&[&"value", &project, &"theme", &"1", &"--label", &"自然风光"]);
    let codes = dir.path().join("codes.csv");
    std::fs::write(
        &codes,
        "unit_id,coder,variable,value\n7396166465146813681,李娜,theme,1\n",
    )
    .unwrap();
    ok(&[&"import-codes", &project, &codes]);

    let table = ok(&[
        &"stats",
        &project,
        &"--source",
        &"coder:Li Na",
        &"--variable",
        &"theme",
    ]);
    let rows: Vec<&str> = table
        .lines()
        .filter(|line| line.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(rows.iter().any(|row| row.contains("自然风光")), "{table}");
    let widths: Vec<usize> = rows.iter().map(|row| row.width()).collect();
    assert!(
        widths.windows(2).all(|w| w[0] == w[1]),
        "{widths:?}\n{table}"
    );

    let status = ok(&[&"status", &project]);
    let coders: Vec<&str> = status
        .lines()
        .filter(|line| {
            ["Li Na", "Wang Hao", "Chen Yu", "李娜"]
                .iter()
                .any(|c| line.trim_start().starts_with(c))
        })
        .collect();
    assert_eq!(coders.len(), 4, "{status}");
    let widths: Vec<usize> = coders.iter().map(|row| row.width()).collect();
    assert!(
        widths.windows(2).all(|w| w[0] == w[1]),
        "{widths:?}\n{status}"
    );
}

/// Issue 28: an adjudication made where the environment names no user (`$USER`, `$USERNAME`,
/// `$LOGNAME` unset, as in some desktop launchers) records the operating system's account, not
/// "unknown".
#[cfg(unix)]
#[test]
fn decisions_name_the_account_even_without_user_variables() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::sample_project_in(dir.path());
    let unit =
        common::query(&project, "SELECT uid FROM unit ORDER BY position LIMIT 1")[0][0].clone();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_codingdesk"))
        .args(["adjudicate"])
        .arg(&project)
        .args([unit.as_str(), "emotion", "3"])
        .env_remove("USER")
        .env_remove("USERNAME")
        .env_remove("LOGNAME")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let decided = common::query(&project, "SELECT decided_by FROM final_value");
    assert_eq!(decided.len(), 1);
    let by = &decided[0][0];
    assert!(!by.is_empty() && by != "unknown", "{by}");
}
