//! `codingdesk agree` and `codingdesk agreement` through the real binary.

use crate::common;

use common::{data, fails, ok};
use serde_json::Value;

fn agree_json(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Value {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"agree"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[&"--format", &"json"]);
    serde_json::from_str(&ok(&all)).unwrap()
}

const MEASURES: [&str; 12] = [
    "percent_agreement",
    "holsti",
    "scott_pi",
    "cohen_kappa",
    "cohen_kappa_linear",
    "cohen_kappa_quadratic",
    "light_kappa",
    "conger_kappa",
    "fleiss_kappa",
    "brennan_prediger",
    "gwet_ac1",
    "krippendorff_alpha",
];

/// Krippendorff (2011): the 4 × 12 example with 7 missing values, α ordinal .815.
#[test]
fn agree_prints_the_documented_json_shape() {
    let file = data("agree/krippendorff_2011.csv");
    let json = agree_json(&[
        &file,
        &"--level",
        &"ordinal",
        &"--bootstrap",
        &"1000",
        &"--seed",
        &"1",
    ]);
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "units",
            "pairable_units",
            "coders",
            "values",
            "level",
            "measures",
            "alpha_bootstrap",
            "notes"
        ]
    );
    assert_eq!(
        (
            json["units"].as_u64(),
            json["pairable_units"].as_u64(),
            json["coders"].as_u64(),
            json["values"].as_u64()
        ),
        (Some(12), Some(11), Some(4), Some(41))
    );
    assert_eq!(json["level"], "ordinal");
    let measures = json["measures"].as_object().unwrap();
    assert_eq!(
        measures.keys().map(String::as_str).collect::<Vec<_>>(),
        MEASURES
    );
    assert_eq!(measures["cohen_kappa"], Value::Null);
    let alpha = measures["krippendorff_alpha"].as_f64().unwrap();
    assert!((alpha - 0.815).abs() < 0.0005, "{alpha}");
    let boot = &json["alpha_bootstrap"];
    assert_eq!(
        (boot["samples"].as_u64(), boot["seed"].as_u64()),
        (Some(1000), Some(1))
    );
    assert!(boot["ci95"][0].as_f64().unwrap() < alpha && alpha < boot["ci95"][1].as_f64().unwrap());
    assert!(boot["p_below"]["0.667"].is_f64() && boot["p_below"]["0.800"].is_f64());
    assert!(
        json["notes"][0]
            .as_str()
            .unwrap()
            .contains("defined for exactly 2 coders")
    );

    let again = agree_json(&[
        &file,
        &"--level",
        &"ordinal",
        &"--bootstrap",
        &"1000",
        &"--seed",
        &"1",
    ]);
    assert_eq!(json, again, "the bootstrap is reproducible for a seed");
    let plain = agree_json(&[&file]);
    assert_eq!(plain["alpha_bootstrap"], Value::Null);
    assert_eq!(plain["level"], "nominal");
}

#[test]
fn agree_reads_long_input_with_labels_and_an_explicit_order() {
    let file = data("agree/long_labels.csv");
    let stderr = fails(&[&"agree", &file, &"--long", &"--level", &"ordinal"]);
    assert!(stderr.contains("--categories"), "{stderr}");
    let json = agree_json(&[
        &file,
        &"--long",
        &"--level",
        &"ordinal",
        &"--categories",
        &"negative,neutral,positive",
    ]);
    assert_eq!(
        (
            json["units"].as_u64(),
            json["pairable_units"].as_u64(),
            json["coders"].as_u64()
        ),
        (Some(5), Some(4), Some(2))
    );
    assert_eq!(json["measures"]["holsti"].as_f64(), Some(6.0 / 9.0));
    assert!(json["measures"]["cohen_kappa_linear"].is_f64());
    let nominal = agree_json(&[&file, &"--long"]);
    assert!(nominal["measures"]["cohen_kappa"].is_f64());
}

#[test]
fn agree_table_marks_the_alpha_thresholds() {
    let out = ok(&[
        &"agree",
        &data("agree/krippendorff_2011.csv"),
        &"--level",
        &"ordinal",
    ]);
    assert!(
        out.contains("Krippendorff's α                     .815  acceptable"),
        "{out}"
    );
    assert!(out.contains("level: ordinal"));
    let csv = ok(&[
        &"agree",
        &data("agree/krippendorff_2011.csv"),
        &"--format",
        &"csv",
    ]);
    let mut lines = csv.lines();
    assert!(
        lines.next().unwrap().starts_with(
            "variable,value,level,units,pairable_units,coders,values,percent_agreement"
        )
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("krippendorff_2011,,nominal,12,11,4,41,0.81818")
    );
}

#[test]
fn agree_refuses_bad_input_with_positions() {
    let stderr = fails(&[&"agree", &data("agree/ragged.csv")]);
    assert!(stderr.contains("row 3 has 1 columns"), "{stderr}");
    let stderr = fails(&[
        &"agree",
        &data("agree/text_in_interval.csv"),
        &"--level",
        &"interval",
    ]);
    assert!(
        stderr.contains("row 3, column 1 ('a'): 'three' is not a number"),
        "{stderr}"
    );
    let stderr = fails(&[&"agree", &data("agree/one_coder.csv")]);
    assert!(stderr.contains("at least two coders"), "{stderr}");
    let stderr = fails(&[&"agree", &data("agree/empty.csv")]);
    assert!(stderr.contains("empty"), "{stderr}");
    fails(&[&"agree", &data("bad/binary.csv")]);
    fails(&[
        &"agree",
        &data("agree/krippendorff_2011.csv"),
        &"--level",
        &"ordinal",
        &"--categories",
        &"1,2,3",
    ]);
}

fn sample_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_project_in(dir.path());
    (dir, path)
}

#[test]
fn agreement_reports_every_variable_of_the_sample() {
    let (_dir, project) = sample_project();
    let json: Value = serde_json::from_str(&ok(&[
        &"agreement",
        &project,
        &"--format",
        &"json",
        &"--bootstrap",
        &"200",
    ]))
    .unwrap();
    let rows = json["variables"].as_array().unwrap();
    let row = |key: &str, method: &str| {
        rows.iter()
            .find(|r| r["variable"] == key && r["method"] == method)
            .unwrap_or_else(|| panic!("no {key} {method}"))
    };
    let theme = row("theme", "standard");
    assert_eq!(theme["level"], "nominal");
    assert_eq!(theme["units"], 50);
    assert_eq!(
        theme["coders"],
        serde_json::json!(["Chen Yu", "Li Na", "Wang Hao"]),
        "coders in one order (by name), whatever order they were added in"
    );
    assert_eq!(theme["measures"].as_object().unwrap().len(), 12);
    assert!(theme["alpha_bootstrap"]["ci95"].is_array());
    // The sample's disagreements put α between about .6 and .9 on the coded variables.
    for key in ["theme", "emotion", "source", "comment_attitude"] {
        let alpha = row(key, "standard")["measures"]["krippendorff_alpha"]
            .as_f64()
            .unwrap();
        assert!((0.6..0.9).contains(&alpha), "{key}: {alpha}");
    }
    assert_eq!(row("emotion", "standard")["level"], "ordinal");
    let masi = row("shooting", "masi")["measures"]["krippendorff_alpha"]
        .as_f64()
        .unwrap();
    assert!((0.6..0.95).contains(&masi));
    let binary: Vec<_> = rows
        .iter()
        .filter(|r| r["variable"] == "narrative" && r["method"] == "binary")
        .collect();
    assert_eq!(binary.len(), 4);
    assert_eq!(binary[0]["value_label"], "Storyline");
    let pairs = theme["pair_alpha"].as_array().unwrap();
    assert_eq!(pairs.len(), 3);
    assert_eq!(pairs[0][0], Value::Null);
    assert_eq!(pairs[0][1], pairs[1][0]);
}

#[test]
fn agreement_for_chosen_coders_variables_and_a_confusion_matrix() {
    let (_dir, project) = sample_project();
    let json: Value = serde_json::from_str(&ok(&[
        &"agreement",
        &project,
        &"--variable",
        &"emotion",
        &"--coders",
        &"Li Na,Chen Yu",
        &"--bootstrap",
        &"0",
        &"--format",
        &"json",
    ]))
    .unwrap();
    let rows = json["variables"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    let measures = &rows[0]["measures"];
    assert!(measures["cohen_kappa"].is_f64() && measures["cohen_kappa_quadratic"].is_f64());
    assert_eq!(rows[0]["alpha_bootstrap"], Value::Null);

    let table = ok(&[
        &"agreement",
        &project,
        &"--variable",
        &"emotion",
        &"--pair",
        &"Li Na,Chen Yu",
    ]);
    assert!(
        table.contains("emotion: rows Li Na, columns Chen Yu"),
        "{table}"
    );
    assert!(table.contains("3 Positive"), "{table}");
    let confusion: Value = serde_json::from_str(&ok(&[
        &"agreement",
        &project,
        &"--variable",
        &"emotion",
        &"--pair",
        &"Li Na,Chen Yu",
        &"--format",
        &"json",
    ]))
    .unwrap();
    let total: u64 = confusion["counts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|c| c.as_u64().unwrap())
        .sum();
    assert_eq!(total, 50);
    let diagonal: u64 = (0..3)
        .map(|i| confusion["counts"][i][i].as_u64().unwrap())
        .sum();
    assert_eq!(
        diagonal, 46,
        "Chen Yu disagrees with Li Na on 4 units' emotion in the sample"
    );

    let table = ok(&[&"agreement", &project]);
    assert!(table.contains("Inter-coder reliability by variable (codebook version 1)"));
    assert!(table.contains("Shooting technique (sets, MASI)"));
    fails(&[&"agreement", &project, &"--variable", &"nope"]);
    fails(&[&"agreement", &project, &"--coders", &"Li Na,Nobody"]);
    fails(&[&"agreement", &project, &"--coders", &"Li Na"]);
    fails(&[&"agreement", &project, &"--pair", &"Li Na,Chen Yu"]);
}

/// Large quote-free files are read on two threads, straight from the file; the result must equal
/// reading the whole text (a forced encoding) and the csv reader's (a quote in a unit's line
/// forces it), and errors must still name the file's own line.
#[test]
fn a_large_file_read_in_parallel_gives_the_same_result_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::new();
    for unit in 0..200_000u64 {
        let truth = unit * 7 % 5;
        let second = if unit % 9 == 0 {
            (truth + 1) % 5
        } else {
            truth
        };
        let third = if unit % 13 == 0 {
            String::new()
        } else {
            truth.to_string()
        };
        body.push_str(&format!("{truth},{second},{third}\n"));
    }
    assert!(body.len() > 1 << 20, "large enough for two halves");
    let parallel = dir.path().join("parallel.csv");
    std::fs::write(&parallel, format!("a,b,c\n{body}1,1,1\n")).unwrap();
    let quoted = dir.path().join("quoted.csv");
    std::fs::write(&quoted, format!("a,b,c\n{body}\"1\",1,1\n")).unwrap();
    let run = |file: &std::path::Path, encoding: &str| {
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
            &"agree",
            &file,
            &"--format",
            &"json",
            &"--level",
            &"ordinal",
        ];
        if !encoding.is_empty() {
            args.extend_from_slice(&[&"--encoding", &encoding]);
        }
        ok(&args)
    };
    let read = run(&parallel, "");
    assert_eq!(read, run(&parallel, "UTF-8"));
    assert_eq!(read, run(&quoted, ""));

    let broken = dir.path().join("broken.csv");
    let mut lines: Vec<&str> = body.lines().collect();
    lines[100_000] = "1,two,3";
    std::fs::write(&broken, format!("a,b,c\n{}\n", lines.join("\n"))).unwrap();
    let stderr = fails(&[&"agree", &broken, &"--level", &"interval"]);
    assert!(
        stderr.contains("row 100002, column 2 ('b'): 'two' is not a number"),
        "{stderr}"
    );
}

/// The verdict is decided with the bootstrap, as Krippendorff recommends, not by the point
/// estimate alone: the sample's emotional tendency has α = .838 but a 95% CI reaching down to
/// .744, so P(α < .800) is far above .05 — tentative, not acceptable. Shown in the JSON, the
/// table and the report.
#[test]
fn the_verdict_is_decided_with_the_bootstrap_not_the_point_estimate() {
    let (_dir, project) = sample_project();
    let json: Value =
        serde_json::from_str(&ok(&[&"agreement", &project, &"--format", &"json"])).unwrap();
    let row = |key: &str| {
        json["variables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["variable"] == key && v["value"].is_null())
            .unwrap()
            .clone()
    };
    let emotion = row("emotion");
    assert!(emotion["measures"]["krippendorff_alpha"].as_f64().unwrap() > 0.8);
    let below = emotion["alpha_bootstrap"]["p_below"]["0.800"]
        .as_f64()
        .unwrap();
    assert!(below > 0.05, "{below}");
    assert_eq!(emotion["verdict"], "tentative");
    // A variable whose α is surely above .800 stays acceptable.
    let quality = json["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["variable"] == "shooting" && v["value"] == 2)
        .unwrap()
        .clone();
    assert!(
        quality["alpha_bootstrap"]["p_below"]["0.800"]
            .as_f64()
            .unwrap()
            <= 0.05
    );
    assert_eq!(quality["verdict"], "acceptable");

    let table = ok(&[&"agreement", &project]);
    let line = table
        .lines()
        .find(|l| l.starts_with("Emotional tendency"))
        .unwrap();
    assert!(line.ends_with("  tentative"), "{line}");
    assert!(
        table.contains("acceptable when α ≥ .800 and P(α < .800) ≤ .05"),
        "{table}"
    );

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    ok(&[&"report", &project, &"--out", &out]);
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.contains("<th>P(α &lt; .800)</th>") || html.contains("<th>P(α < .800)</th>"));
    assert!(
        html.contains("<td class=\"verdict\">tentative</td>"),
        "verdict column"
    );
}

#[test]
fn agree_with_a_bootstrap_decides_the_verdict_with_it() {
    // Krippendorff's (2011) 12 units: α ordinal = .815, but 12 units cannot show that α is
    // surely above .800.
    let out = ok(&[
        &"agree",
        &data("agree/krippendorff_2011.csv"),
        &"--level",
        &"ordinal",
        &"--bootstrap",
        &"2000",
    ]);
    let line = out
        .lines()
        .find(|l| l.contains("Krippendorff's α"))
        .unwrap();
    assert!(
        line.contains(".815") && !line.ends_with("acceptable"),
        "{line}"
    );
    assert!(out.contains("P(alpha < .800) <= .05"), "{out}");
}

/// A hierarchical codebook (city image: 5 primary / 16 secondary categories) gets its agreement
/// at the coded level and rolled up to the primary level — in the table, JSON, CSV and the report.
/// The rolled-up α is the α of the codes replaced by their primary category, computed by `agree`
/// on a CSV written that way.
#[test]
fn a_hierarchical_variable_is_reported_at_the_coded_and_the_parent_level() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::new_project(dir.path(), "city-image");
    let units = dir.path().join("units.csv");
    let mut csv = String::from("id,caption\n");
    for i in 0..30 {
        csv.push_str(&format!("u{i},城市 {i}\n"));
    }
    std::fs::write(&units, csv).unwrap();
    ok(&[&"import", &project, &units]);
    // Two coders agree on the primary category more often than on the secondary one.
    let secondary = [11, 12, 13, 21, 22, 23, 31, 32, 41, 51];
    let mut codes = String::from("unit_id,coder,variable,value\n");
    let mut wide = String::from("li,wang\n");
    for i in 0..30usize {
        let li = secondary[i % secondary.len()];
        let wang = match i % 4 {
            0 => li,
            1 => secondary[(i + 1) % secondary.len()],
            _ => (li / 10) * 10 + if li % 10 == 1 { 2 } else { 1 },
        };
        codes.push_str(&format!(
            "u{i},Li Na,city_image,{li}\nu{i},Wang Hao,city_image,{wang}\n"
        ));
        wide.push_str(&format!("{},{}\n", li / 10, wang / 10));
    }
    let codes_file = dir.path().join("codes.csv");
    std::fs::write(&codes_file, codes).unwrap();
    ok(&[&"import-codes", &project, &codes_file]);
    let wide_file = dir.path().join("primary.csv");
    std::fs::write(&wide_file, wide).unwrap();

    let json: Value =
        serde_json::from_str(&ok(&[&"agreement", &project, &"--format", &"json"])).unwrap();
    let rows: Vec<&Value> = json["variables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["variable"] == "city_image")
        .collect();
    assert_eq!(rows.len(), 2, "coded level and parent level");
    assert_eq!(rows[0]["method"], "standard");
    assert_eq!(rows[1]["method"]["rolled"]["levels_up"], 1);
    let coded = rows[0]["measures"]["krippendorff_alpha"].as_f64().unwrap();
    let rolled = rows[1]["measures"]["krippendorff_alpha"].as_f64().unwrap();
    assert!(rolled > coded, "{rolled} > {coded}");
    let by_hand = agree_json(&[&wide_file, &"--level", &"nominal"]);
    assert_eq!(
        by_hand["measures"]["krippendorff_alpha"].as_f64().unwrap(),
        rolled
    );

    let table = ok(&[&"agreement", &project]);
    assert!(
        table.contains("City image dimension (rolled up to the parent level)"),
        "{table}"
    );
    let csv = ok(&[&"agreement", &project, &"--format", &"csv"]);
    assert!(csv.contains("city_image,levels_up=1,"), "{csv}");
    let out = dir.path().join("report.html");
    ok(&[&"report", &project, &"--out", &out]);
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.contains("rolled up to the parent level"));
}

#[test]
fn influence_names_the_coder_to_retrain_and_the_decisive_units() {
    let (_dir, project) = sample_project();
    let json: Value = serde_json::from_str(&ok(&[
        &"agreement",
        &project,
        &"--variable",
        &"theme",
        &"--influence",
        &"--format",
        &"json",
    ]))
    .unwrap();
    let alpha = json["alpha"].as_f64().unwrap();
    let left = json["coders_left_out"].as_array().unwrap();
    assert_eq!(left.len(), 3);
    for coder in left {
        let without = coder["alpha_without"].as_f64().unwrap();
        assert!((coder["change"].as_f64().unwrap() - (without - alpha)).abs() < 1e-12);
    }
    let units = json["decisive_units"].as_array().unwrap();
    assert_eq!(units.len(), 10);
    assert_eq!(units[0]["values"].as_array().unwrap().len(), 3);
    let table = ok(&[
        &"agreement",
        &project,
        &"--variable",
        &"theme",
        &"--influence",
    ]);
    assert!(table.contains("alpha with each coder left out"), "{table}");
    assert!(table.contains("the units that move alpha most"), "{table}");
    let said = fails(&[&"agreement", &project, &"--influence"]);
    assert!(said.contains("exactly one --variable"), "{said}");
    let said = fails(&[
        &"agreement",
        &project,
        &"--variable",
        &"shooting",
        &"--influence",
    ]);
    assert!(said.contains("not a single-choice"), "{said}");
}

#[test]
fn drift_follows_each_coder_over_their_coding_order() {
    let (_dir, project) = sample_project();
    let json: Value = serde_json::from_str(&ok(&[
        &"drift",
        &project,
        &"--variable",
        &"theme",
        &"--window",
        &"10",
        &"--format",
        &"json",
    ]))
    .unwrap();
    assert_eq!(json["window"], 10);
    let coders = json["coders"].as_array().unwrap();
    assert_eq!(coders.len(), 3);
    for coder in coders {
        let windows = coder["windows"].as_array().unwrap();
        assert_eq!(windows.len(), 5, "50 overlap units in windows of 10");
        assert_eq!(windows[0]["first"], 1);
        assert_eq!(windows[4]["last"], 50);
        // Each unit pairs with the two other coders.
        assert!(windows.iter().all(|w| w["pairs"] == 20));
        let below = windows
            .iter()
            .filter(|w| w["alpha"].as_f64().is_some_and(|a| a < 0.8))
            .count();
        assert_eq!(coder["below"].as_u64().unwrap() as usize, below);
    }
    let table = ok(&[&"drift", &project, &"--variable", &"theme"]);
    assert!(
        table.contains("warning:") || table.contains("no window below"),
        "{table}"
    );
    let said = fails(&[&"drift", &project, &"--variable", &"shooting"]);
    assert!(said.contains("not a single-choice"), "{said}");

    // Per calendar week: the sample was coded today, so one window per coder of all 50 units.
    let weekly: Value = serde_json::from_str(&ok(&[
        &"drift",
        &project,
        &"--variable",
        &"theme",
        &"--weekly",
        &"--format",
        &"json",
    ]))
    .unwrap();
    assert_eq!(weekly["per"], "week");
    assert!(weekly["window"].is_null());
    for coder in weekly["coders"].as_array().unwrap() {
        let windows = coder["windows"].as_array().unwrap();
        assert_eq!(windows.len(), 1, "{coder}");
        assert!(windows[0]["week"].as_str().unwrap().contains("-W"));
        assert_eq!(windows[0]["last"], 50);
    }

    // Against gold: nothing until units are adjudicated, then one pair per adjudicated unit.
    let against_gold = |format: &str| {
        ok(&[
            &"drift",
            &project,
            &"--variable",
            &"theme",
            &"--against-gold",
            &"--format",
            &format,
        ])
    };
    assert!(against_gold("table").contains("nothing to compare yet"));
    let units: Vec<String> =
        common::query(&project, "SELECT uid FROM unit ORDER BY position LIMIT 4")
            .into_iter()
            .map(|row| row[0].clone())
            .collect();
    for unit in &units {
        ok(&[&"adjudicate", &project, unit, &"theme", &"1"]);
    }
    let gold: Value = serde_json::from_str(&against_gold("json")).unwrap();
    assert_eq!(gold["against"], "gold");
    for coder in gold["coders"].as_array().unwrap() {
        let window = &coder["windows"][0];
        assert_eq!(window["pairs"], 4, "{coder}");
        let agreeing = units
            .iter()
            .filter(|unit| {
                common::query(
                    &project,
                    &format!(
                        "SELECT c.code FROM coding c JOIN unit u ON u.id = c.unit_id
                         JOIN coder k ON k.id = c.coder_id JOIN variable v ON v.id = c.variable_id
                         WHERE u.uid = '{unit}' AND k.name = '{}' AND v.key = 'theme'",
                        coder["coder"].as_str().unwrap()
                    ),
                )[0][0]
                    == "1"
            })
            .count();
        assert_eq!(
            window["percent_agreement"].as_f64().unwrap(),
            agreeing as f64 / 4.0
        );
    }
}

/// Issue 29: more distinct values than counting while reading has room for (a large file is
/// read in two halves) were refused with an internal message; the matrix path has room for
/// any number. The wide file gives the same α as the same data in long form.
#[test]
fn seventy_thousand_distinct_values_of_three_coders_are_counted_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut wide, mut long) = (String::from("a,b,c\n"), String::from("unit,coder,value\n"));
    for unit in 0..70_000u64 {
        let value = unit * 7_919 % 1_000_003;
        let b = value + unit % 3;
        wide.push_str(&format!("{value},{b},{value}\n"));
        long.push_str(&format!(
            "u{unit},a,{value}\nu{unit},b,{b}\nu{unit},c,{value}\n"
        ));
    }
    let (wide_file, long_file) = (dir.path().join("wide.csv"), dir.path().join("long.csv"));
    std::fs::write(&wide_file, wide).unwrap();
    std::fs::write(&long_file, long).unwrap();
    let alpha = |args: &[&dyn AsRef<std::ffi::OsStr>]| -> f64 {
        let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"agree"];
        all.extend_from_slice(args);
        all.extend_from_slice(&[&"--format", &"json"]);
        let out: serde_json::Value = serde_json::from_str(&common::ok(&all)).unwrap();
        out["measures"]["krippendorff_alpha"].as_f64().unwrap()
    };
    for level in ["nominal", "interval"] {
        let from_wide = alpha(&[&wide_file, &"--level", &level]);
        let from_long = alpha(&[&long_file, &"--long", &"--level", &level]);
        assert_eq!(from_wide, from_long, "{level}");
        assert!(from_wide > 0.0 && from_wide < 1.0, "{level}: {from_wide}");
    }
}
