//! The SPSS export read back by PSPP (issue 30): a units file of hostile captions — line breaks
//! in every convention, quotes, commas, tabs, formula-like text, 5,000 CJK characters, emoji —
//! gives exactly one case per unit, from any working folder, and PSPP's frequencies equal
//! `codingdesk stats`. Needs `pspp` (CI installs it); skips on a developer machine without it,
//! never in CI.

mod common;

use std::path::Path;
use std::process::Command;

use common::{new_project, ok};

fn pspp_or_skip(test: &str) -> bool {
    let found = Command::new("pspp").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: CI must run the SPSS round trip: install pspp"
        );
        eprintln!("{test}: skipped, pspp is not installed (CI runs it)");
    }
    found
}

/// Units whose captions break naive CSV readers, coded by one coder.
fn hostile_study(dir: &Path) -> std::path::PathBuf {
    let project = new_project(dir, "tiktok-six");
    let long_cjk: String = "重庆火锅🌶️".chars().cycle().take(5_000).collect();
    let captions = [
        "line one\nline two".to_owned(),
        "windows\r\nline\r\nends".to_owned(),
        "old mac\rline".to_owned(),
        "unicode\u{2028}line\u{2029}separators".to_owned(),
        "a \"quoted\" word, a comma,\tand a tab".to_owned(),
        "=HYPERLINK(\"http://x\")".to_owned(),
        "@account +1 -2".to_owned(),
        long_cjk,
        "emoji 😀👍🏽 and 中文".to_owned(),
        "plain".to_owned(),
    ];
    let mut csv = csv::Writer::from_path(dir.join("units.csv")).unwrap();
    csv.write_record(["id", "caption", "account"]).unwrap();
    for (i, caption) in captions.iter().enumerate() {
        csv.write_record([
            format!("u{i}"),
            caption.clone(),
            format!("@acct{i}\nsecond"),
        ])
        .unwrap();
    }
    csv.flush().unwrap();
    drop(csv);
    ok(&[&"import", &project, &dir.join("units.csv")]);
    let mut codes = String::from("unit_id,coder,variable,value\n");
    for i in 0..captions.len() {
        // Food for units 0-3, the rest spread over the other values.
        let theme = [4, 4, 4, 4, 1, 2, 3, 9, 1, 2][i];
        codes.push_str(&format!(
            "u{i},Li Na,theme,{theme}\nu{i},Li Na,emotion,{}\n",
            1 + i % 3
        ));
    }
    std::fs::write(dir.join("codes.csv"), codes).unwrap();
    ok(&[&"import-codes", &project, &dir.join("codes.csv")]);
    ok(&[&"primary", &project, &"Li Na"]);
    project
}

#[test]
fn pspp_reads_one_case_per_unit_whatever_the_captions_hold() {
    if !pspp_or_skip("pspp_reads_one_case_per_unit_whatever_the_captions_hold") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let project = hostile_study(dir.path());
    let out = dir.path().join("spss").join("study.csv");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    ok(&[&"export", &project, &"--format", &"spss", &"--out", &out]);
    let syntax = out.with_extension("sps");
    let sps = std::fs::read_to_string(&syntax).unwrap();
    // Text as wide as its longest value: 5,000 characters of 3-4 bytes each fit whole.
    let caption_width: usize = sps
        .lines()
        .find_map(|l| l.trim().strip_prefix("caption A"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(caption_width >= 15_000, "caption A{caption_width}");
    // Run from another folder: the syntax finds its data by its full path.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let run = elsewhere.join("run.sps");
    std::fs::write(
        &run,
        format!(
            "INCLUDE FILE='{}'.\nSAVE OUTFILE='{}'.\nFREQUENCIES VARIABLES=theme emotion.\nLIST VARIABLES=unit account.\n",
            syntax.display(),
            elsewhere.join("study.sav").display()
        ),
    )
    .unwrap();
    let output = Command::new("pspp")
        .current_dir(&elsewhere)
        .arg("run.sps")
        .args(["-O", "format=csv", "-o", "out.csv"])
        .output()
        .unwrap();
    let printed = std::fs::read_to_string(elsewhere.join("out.csv")).unwrap_or_default();
    assert!(
        output.status.success() && !printed.contains("warning") && !printed.contains("error"),
        "{}\n{printed}",
        String::from_utf8_lossy(&output.stderr)
    );
    // One case per unit.
    let listed: Vec<&str> = printed
        .lines()
        .skip_while(|l| !l.starts_with("Table: Data List"))
        .skip(2)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(listed.len(), 10, "{printed}");
    assert!(listed.iter().all(|l| l.starts_with('u')), "{listed:?}");
    assert!(
        printed.contains("@acct0 second"),
        "the apostrophe guard stays out of SPSS data"
    );
    // PSPP's frequencies of theme equal codingdesk's, category by category.
    let stats: serde_json::Value = serde_json::from_str(&ok(&[
        &"stats",
        &project,
        &"--variable",
        &"theme",
        &"--format",
        &"json",
    ]))
    .unwrap();
    let categories = stats["variables"][0]["categories"].as_array().unwrap();
    let mut compared = 0;
    for category in categories {
        let (label, count) = (
            category["label"].as_str().unwrap(),
            category["count"].as_u64().unwrap(),
        );
        if count == 0 {
            continue;
        }
        let line = printed
            .lines()
            .skip_while(|l| !l.starts_with("Table: Theme and focus"))
            .find(|l| l.split(',').nth(1) == Some(label))
            .unwrap_or_else(|| panic!("{label} in {printed}"));
        assert!(line.contains(&format!(",{label},{count},")), "{line}");
        compared += 1;
    }
    assert_eq!(compared, 5, "{printed}");
}
