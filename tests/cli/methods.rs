//! `codingdesk methods`: the methods paragraph in English and Chinese, from what the study records
//! — the coders, the units, the reliability subsample and how it was drawn, α with its CI and
//! P(α < .800) per variable, the verdicts — and the same paragraph in the report.

use crate::common;

use common::{ok, run_in_locale, sample_project_in};

#[test]
fn the_methods_paragraph_reports_what_the_study_records_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project_in(dir.path());
    let english = ok(&[&"methods", &project]);
    for expected in [
        "3 coders (Chen Yu, Li Na, Wang Hao) coded the study's 50 units.",
        "the 50 units coded independently by two coders or more",
        "from 1,000 bootstrap resamples (Hayes & Krippendorff, 2007)",
        "Theme and focus, α = .768 (n = 50 units), 95% CI [.687, .848], P(α < .800) = .785",
        // The set coefficients have no bootstrap: the paragraph says their verdicts rest on α.
        "rest on the point estimate alone, not on P(α < .800): Shooting technique (sets, MASI)",
        "Tentative: Theme and focus, Emotional tendency",
        "Codingdesk 0.1.0",
    ] {
        assert!(english.contains(expected), "{expected}\n{english}");
    }
    // Pre-filled numbers (likes …) are no coding and are not reported.
    assert!(!english.contains("Likes"), "{english}");

    let chinese = run_in_locale(&[&"methods", &project, &"--lang", &"zh"], "C.UTF-8");
    assert_eq!(chinese.code, 0, "{}", chinese.stderr);
    for expected in [
        "由 3 名编码员(Chen Yu、Li Na、Wang Hao)对研究的 50 个单元进行编码。",
        "克里彭多夫 α 系数",
        "主题与焦点,α = .768(n = 50 个单元),95% 置信区间 [.687, .848],P(α < .800) = .785",
        "仅可得出初步结论:主题与焦点",
    ] {
        assert!(
            chinese.stdout.contains(expected),
            "{expected}\n{}",
            chinese.stdout
        );
    }

    // Once the reliability subsample is drawn in the study, the paragraph says how.
    ok(&[
        &"assign",
        &project,
        &"--coders",
        &"Li Na,Wang Hao,Chen Yu",
        &"--overlap",
        &"20",
        &"--seed",
        &"7",
        &"--stratify",
        &"platform",
        &"--replace",
    ]);
    let drawn = ok(&[&"methods", &project]);
    assert!(
        drawn.contains(
            "a random reliability subsample of 20 units (seed 7, stratified by platform)"
        ),
        "{drawn}"
    );
    // Issue 30: the sample data has every unit coded by all three coders, so α is computed on
    // 50 units, not the 20 drawn; the paragraph says so instead of implying 20.
    assert!(
        drawn.contains("In all, 50 units were coded independently by two coders or more (not only the 20 drawn)"),
        "{drawn}"
    );
    let report = dir.path().join("report.html");
    ok(&[&"report", &project, &"--out", &report]);
    let html = std::fs::read_to_string(report).unwrap();
    assert!(html.contains("Methods (a paragraph to adapt)"));
    assert!(
        html.contains("random reliability subsample of 20 units (seed 7, stratified by platform)")
    );
}

#[test]
fn closed_training_rounds_are_reported_with_their_pass_rate() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::sample_project_in(dir.path());
    let before = ok(&[&"methods", &project]);
    assert!(!before.contains("trained"), "no round yet: {before}");
    ok(&[
        &"training",
        &project,
        &"--start",
        &"round 1",
        &"--draw",
        &"10",
        &"--take-coded",
        &"--gold",
        &"Li Na",
        &"--alpha-min",
        &"0.5",
    ]);
    let open = ok(&[&"methods", &project]);
    assert!(
        !open.contains("trained"),
        "an open round is not reported yet: {open}"
    );
    ok(&[&"training", &project, &"--round", &"round 1", &"--close"]);
    let report: serde_json::Value =
        serde_json::from_str(&ok(&[&"training", &project, &"--format", &"json"])).unwrap();
    let passed = report["rounds"][0]["coders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == true)
        .count();
    let text = ok(&[&"methods", &project]);
    assert!(text.contains("coded the study's 40 units"), "{text}");
    assert!(
        text.contains(&format!(
            "in “round 1” (10 units; gold standard: Li Na's codes; α ≥ .500) {passed} of 2 coders passed"
        )),
        "{text}"
    );
    assert!(
        text.contains("Training units are not part of the data analysed."),
        "{text}"
    );
    let zh = ok(&[&"methods", &project, &"--lang", &"zh"]);
    assert!(zh.contains("标准答案:Li Na 的编码"), "{zh}");
    assert!(
        zh.contains(&format!("2 名编码员有 {passed} 名通过")),
        "{zh}"
    );
}
