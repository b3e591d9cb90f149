//! The analyses of numeric fields through the real binary: the Shenzhen sample's published
//! engagement summary and timeline, correlations and group comparisons on the Chongqing sample,
//! composite indices, ranking, and bad input.

use crate::common;

use codingdesk::store::Project;
use common::{fails, ok, sample_project_in};
use serde_json::Value;

fn shenzhen(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("sz/study.cdesk");
    ok(&[&"sample", &"shenzhen-douyin", &"--out", &path]);
    path
}

fn json(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Value {
    let mut args = args.to_vec();
    args.extend([&"--format" as &dyn AsRef<std::ffi::OsStr>, &"json"]);
    serde_json::from_str(&ok(&args)).unwrap()
}

#[test]
fn the_shenzhen_engagement_summary_is_reproduced() {
    let dir = tempfile::tempdir().unwrap();
    let project = shenzhen(dir.path());
    let out = json(&[
        &"describe",
        &project,
        &"--fields",
        &"likes,favorites",
        &"--below",
        &"500",
    ]);
    let rows = out["descriptives"].as_array().unwrap();
    let likes = &rows[0];
    // Published: likes range from 122 to 73.45 million, mean about 116,000.
    assert_eq!(likes["field"], "likes");
    assert_eq!(likes["n"], 2580);
    assert_eq!(likes["min"], 122.0);
    assert_eq!(likes["max"], 73_450_000.0);
    assert!((likes["mean"].as_f64().unwrap() - 116_000.0).abs() < 500.0);
    // Published: 63.8% of the videos have fewer than 500 favourites.
    let favorites = &rows[1];
    assert_eq!(
        format!("{:.1}", favorites["below"]["percent"].as_f64().unwrap()),
        "63.8"
    );
    // The same mean, recomputed from the file.
    let units = Project::open(&project).unwrap().units().unwrap();
    let mean = units.iter().map(|u| u.likes.unwrap() as f64).sum::<f64>() / units.len() as f64;
    assert!((likes["mean"].as_f64().unwrap() - mean).abs() < 1e-6);
}

#[test]
fn publishing_rose_to_2021_then_fell() {
    let dir = tempfile::tempdir().unwrap();
    let project = shenzhen(dir.path());
    let out = json(&[&"timeline", &project, &"--by", &"year"]);
    let rows = out["rows"].as_array().unwrap();
    let years: Vec<&str> = rows.iter().map(|r| r["period"].as_str().unwrap()).collect();
    assert_eq!(years.first(), Some(&"2017"));
    let counts: Vec<u64> = rows.iter().map(|r| r["count"].as_u64().unwrap()).collect();
    assert_eq!(counts.iter().sum::<u64>(), 2580);
    let peak = counts
        .iter()
        .enumerate()
        .max_by_key(|(_, c)| **c)
        .unwrap()
        .0;
    assert_eq!(years[peak], "2021");
    assert!(counts[..=peak].windows(2).all(|w| w[0] <= w[1]), "rising");
    assert!(
        counts[peak..].windows(2).all(|w| w[0] >= w[1]),
        "then falling"
    );
    // Weekdays and hours are always all there.
    let out = json(&[&"timeline", &project, &"--by", &"weekday"]);
    assert_eq!(out["rows"].as_array().unwrap().len(), 7);
}

#[test]
fn correlate_gives_the_documented_json_with_r_recomputed_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project_in(dir.path());
    let out = json(&[&"correlate", &project, &"likes", &"comments"]);
    let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["method", "n", "r", "p", "ci95"]);
    assert_eq!(out["method"], "pearson");
    assert_eq!(out["n"], 50);
    let units = Project::open(&project).unwrap().units().unwrap();
    let x: Vec<f64> = units.iter().map(|u| u.likes.unwrap() as f64).collect();
    let y: Vec<f64> = units.iter().map(|u| u.comments.unwrap() as f64).collect();
    let (mx, my) = (x.iter().sum::<f64>() / 50.0, y.iter().sum::<f64>() / 50.0);
    let sxy: f64 = x.iter().zip(&y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    let r = sxy / (sxx * syy).sqrt();
    assert!((out["r"].as_f64().unwrap() - r).abs() < 1e-12);
    let ci = out["ci95"].as_array().unwrap();
    assert!(ci[0].as_f64().unwrap() < r && r < ci[1].as_f64().unwrap());
    // Several fields: every pair.
    let out = json(&[
        &"correlate",
        &project,
        &"likes",
        &"comments",
        &"shares",
        &"--method",
        &"spearman",
    ]);
    assert_eq!(out["pairs"].as_array().unwrap().len(), 3);
}

#[test]
fn compare_reports_group_descriptives_and_tests() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project_in(dir.path());
    let out = json(&[
        &"compare",
        &project,
        &"likes",
        &"--by",
        &"emotion",
        &"--source",
        &"coder:Li Na",
    ]);
    let groups = out["groups"].as_array().unwrap();
    // Li Na's emotion codes: 3 negative, 11 neutral, 36 positive.
    let sizes: Vec<u64> = groups.iter().map(|g| g["n"].as_u64().unwrap()).collect();
    assert_eq!(sizes, [3, 11, 36]);
    assert_eq!(out["kruskal_wallis"]["df"], 2);
    assert_eq!(out["anova"]["df_between"], 2);
    assert_eq!(out["anova"]["df_within"], 47);
    assert!(out["mann_whitney"].is_null(), "three groups");
    let p = out["kruskal_wallis"]["p"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
}

#[test]
fn a_composite_index_is_stored_and_used_as_a_field_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project_in(dir.path());
    let error = fails(&[
        &"index",
        &project,
        &"--name",
        &"engagement",
        &"--weights",
        &"likes=0.5,comments=0.3",
    ]);
    assert!(error.contains("sum to 0.8"), "{error}");
    ok(&[
        &"index",
        &project,
        &"--name",
        &"engagement",
        &"--weights",
        &"likes=5,comments=3,shares=2",
        &"--normalize",
    ]);
    // Min–max by default: the unit with the most likes, comments and shares scores highest;
    // every value lies in 0…1.
    let out = json(&[&"describe", &project, &"--fields", &"engagement"]);
    let row = &out["descriptives"][0];
    assert_eq!(row["n"], 50);
    assert!(row["min"].as_f64().unwrap() >= 0.0 && row["max"].as_f64().unwrap() <= 1.0);
    let ranked = json(&[&"rank", &project, &"engagement", &"--top", &"1"]);
    let top = ranked["units"][0]["unit"].as_str().unwrap().to_owned();
    let units = Project::open(&project).unwrap().units().unwrap();
    let by_hand = |u: &codingdesk::model::Unit| {
        let scale = |f: fn(&codingdesk::model::Unit) -> i64| {
            let all: Vec<i64> = units.iter().map(f).collect();
            let (lo, hi) = (
                *all.iter().min().unwrap() as f64,
                *all.iter().max().unwrap() as f64,
            );
            (f(u) as f64 - lo) / (hi - lo)
        };
        0.5 * scale(|u| u.likes.unwrap())
            + 0.3 * scale(|u| u.comments.unwrap())
            + 0.2 * scale(|u| u.shares.unwrap())
    };
    let best = units
        .iter()
        .max_by(|a, b| by_hand(a).total_cmp(&by_hand(b)))
        .unwrap();
    assert_eq!(top, best.uid);
    assert!((ranked["units"][0]["value"].as_f64().unwrap() - by_hand(best)).abs() < 1e-9);
    // Exported as a column, and shown in the report with its definition.
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
    assert!(text.lines().next().unwrap().ends_with(",engagement"));
    let report = dir.path().join("report.html");
    ok(&[&"report", &project, &"--out", &report]);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("0.5 × likes + 0.3 × comments + 0.2 × shares (min–max standardised)"));
    // Removing it.
    ok(&[&"index", &project, &"--name", &"engagement", &"--remove"]);
    let error = fails(&[&"describe", &project, &"--fields", &"engagement"]);
    assert!(error.contains("no numeric field 'engagement'"), "{error}");
}

#[test]
fn bad_input_gets_clear_messages_and_no_nan() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project_in(dir.path());
    let error = fails(&[&"describe", &project, &"--fields", &"caption"]);
    assert!(
        error.contains("numeric fields: duration_s, plays, likes"),
        "{error}"
    );
    let error = fails(&[&"compare", &project, &"likes", &"--by", &"platform"]);
    assert!(error.contains("needs two groups"), "{error}");
    let error = fails(&[&"compare", &project, &"likes", &"--by", &"shooting"]);
    assert!(
        error.contains("only single-choice variables group units"),
        "{error}"
    );
    let error = fails(&[&"compare", &project, &"likes", &"--by", &"nothing"]);
    assert!(
        error.contains("nothing to group by named 'nothing'"),
        "{error}"
    );

    // A field with one value for every unit: r is null with a note, never NaN.
    let flat = dir.path().join("flat.csv");
    std::fs::write(&flat, "id,likes,comments\na,5,1\nb,5,2\nc,5,3\nd,5,9\n").unwrap();
    let small = dir.path().join("small.cdesk");
    ok(&[&"new", &small, &"--codebook", &"blank"]);
    ok(&[&"import", &small, &flat]);
    let out = ok(&[
        &"correlate",
        &small,
        &"likes",
        &"comments",
        &"--format",
        &"json",
    ]);
    assert!(!out.contains("NaN"), "{out}");
    let value: Value = serde_json::from_str(&out).unwrap();
    assert!(value["r"].is_null());
    assert!(
        value["notes"][0]
            .as_str()
            .unwrap()
            .contains("zero variance")
    );
    let error = fails(&[
        &"index",
        &small,
        &"--name",
        &"i",
        &"--weights",
        &"likes=0.5,comments=0.5",
    ]);
    assert!(error.contains("'likes' has no spread"), "{error}");
}

/// Issue 30, item 11: what the tables print and what their JSON says agree, and a column of
/// numbers has one precision.
#[test]
fn tables_and_json_say_the_same_and_numbers_have_one_precision() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::sample_project_in(dir.path());
    let status = common::status_json(&project);
    let li = &status["per_coder"][0];
    assert_eq!(li["assigned"], 0, "no assignment rows in the sample");
    assert_eq!(li["in_queue"], 50, "{status}");
    let table = common::ok(&[&"status", &project]);
    assert!(table.contains("in queue"), "{table}");
    let agreement = common::ok(&[&"agreement", &project]);
    let header = agreement
        .lines()
        .find(|l| l.starts_with("Variable"))
        .unwrap();
    assert!(header.trim_end().ends_with("Verdict"), "{header}");
    let described = common::ok(&[&"describe", &project, &"--fields", &"likes,duration_s"]);
    for line in described.lines().skip(1) {
        for cell in line.split_whitespace().filter(|c| c.contains('.')) {
            if let Some((_, decimals)) = cell.split_once('.') {
                assert_eq!(decimals.len(), 4, "{cell} in {line}");
            }
        }
    }
}
