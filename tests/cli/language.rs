//! The report, the exports' labels and the label-printing commands in Chinese as well as English,
//! through the real binary on the Chongqing sample: `--lang zh|en`, the system locale when it is
//! not given, and a refusal for a language Codingdesk does not speak.

use crate::common;

use common::{fails, ok, run_in_locale, sample_project_in as sample};

#[test]
fn the_report_in_chinese_uses_the_terms_of_chinese_methods_sections() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    ok(&[&"primary", &project, &"Li Na"]);
    let report = dir.path().join("报告.html");
    ok(&[
        &"report",
        &project,
        &"--out",
        &report,
        &"--crosstab",
        &"theme:emotion",
        &"--lang",
        &"zh",
    ]);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<html lang=\"zh-CN\">"));
    for term in [
        "<h2>编码员间信度</h2>",
        "表 1 各变量的编码员间信度(编码表第 1 版)",
        "克里彭多夫 α 系数",
        "弗莱斯 κ 系数",
        "95% 置信区间",
        "各类目百分比(最终数据集)",
        "附录:编码表",
        "定类",
    ] {
        assert!(html.contains(term), "{term} is missing");
    }
    // The codebook in Chinese, with the same figures as the English report: 自然风光 42%, 正面 72%.
    assert!(html.contains("<td>1 自然风光</td><td>21</td><td>42.0</td>"));
    assert!(html.contains("<td>3 正面</td><td>36</td><td>72.0</td>"));
    assert!(
        html.contains("<td class=\"text\">主题与焦点</td>"),
        "row named by its Chinese label"
    );
    assert!(html.contains("克莱默 V 系数 = .326"));
    // No English sentence of the report is left.
    for english in [
        "Inter-coder reliability",
        "Category percentages",
        "Natural landscape",
        "Appendix",
        "Valid %",
    ] {
        assert!(!html.contains(english), "{english} is still there");
    }

    // The same study in English: the English terms, the English labels.
    let english = dir.path().join("report.html");
    ok(&[&"report", &project, &"--out", &english, &"--lang", &"en"]);
    let html = std::fs::read_to_string(&english).unwrap();
    assert!(html.contains("Krippendorff's α") && html.contains("<td>1 Natural landscape</td>"));
    assert!(!html.contains("克里彭多夫"));
}

#[test]
fn without_lang_the_system_locale_decides() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let report = dir.path().join("report.html");
    let run = run_in_locale(&[&"report", &project, &"--out", &report], "zh_CN.UTF-8");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("编码员间信度")
    );
    // --lang wins over the locale.
    let run = run_in_locale(
        &[&"report", &project, &"--out", &report, &"--lang", &"en"],
        "zh_CN.UTF-8",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("Inter-coder reliability")
    );
}

#[test]
fn spss_and_xlsx_labels_come_in_the_chosen_language() {
    use calamine::{Data, Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let data = dir.path().join("spss.csv");
    ok(&[
        &"export",
        &project,
        &"--format",
        &"spss",
        &"--out",
        &data,
        &"--lang",
        &"zh",
    ]);
    let syntax = std::fs::read_to_string(dir.path().join("spss.sps")).unwrap();
    assert!(syntax.contains("theme '主题与焦点'"), "{syntax}");
    assert!(syntax.contains("1 '自然风光'"), "{syntax}");
    assert!(!syntax.contains("Natural landscape"));

    let book = dir.path().join("study.xlsx");
    ok(&[
        &"export",
        &project,
        &"--format",
        &"xlsx",
        &"--out",
        &book,
        &"--lang",
        &"zh",
    ]);
    let mut workbook = open_workbook_auto(&book).unwrap();
    // The sheets are named in the chosen language too (issue 30).
    let codebook = workbook.worksheet_range("编码簿").unwrap();
    let header: Vec<String> = codebook
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[..4], ["变量", "变量标签", "测量层次", "类型"]);
    assert!(
        codebook
            .rows()
            .any(|r| r[6] == Data::String("自然风光".into()))
    );
    assert!(codebook.rows().any(|r| r[2] == Data::String("定序".into())));
    // Keys and codes are the same in every language: the data sheet's columns are unchanged.
    let data = workbook.worksheet_range("数据").unwrap();
    assert!(
        data.rows()
            .next()
            .unwrap()
            .iter()
            .any(|c| *c == Data::String("theme".into()))
    );
}

#[test]
fn commands_that_print_labels_take_lang_and_refuse_an_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let stats = ok(&[&"stats", &project, &"--lang", &"zh"]);
    assert!(stats.contains("自然风光"), "{stats}");
    let stats = ok(&[&"stats", &project, &"--lang", &"en"]);
    assert!(stats.contains("Natural landscape") && !stats.contains("自然风光"));
    let codebook = ok(&[&"codebook", &project, &"--lang", &"zh"]);
    assert!(codebook.contains("主题与焦点"), "{codebook}");
    let presets = ok(&[&"presets", &"--lang", &"zh"]);
    assert!(presets.contains("林奇城市意象五要素"), "{presets}");
    let agreement = ok(&[&"agreement", &project, &"--lang", &"zh"]);
    assert!(agreement.contains("拍摄技巧: 摄影技巧"), "{agreement}");

    let error = fails(&[&"stats", &project, &"--lang", &"fr"]);
    assert!(
        error.contains("unknown language 'fr' (expected en or zh)"),
        "{error}"
    );
}

/// A bad units file is explained in the chosen language, with its rows and columns (the same
/// messages the window shows when a new project's units are refused).
#[test]
fn import_problems_are_explained_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::new_project(dir.path(), "tiktok-six");
    let units = dir.path().join("posts.csv");
    std::fs::write(&units, "id,likes\nv1,12k\n,3\nv3,很多\n").unwrap();
    let error = fails(&[&"import", &project, &units, &"--lang", &"zh"]);
    assert!(error.contains("共 2 处问题"), "{error}");
    assert!(error.contains("第 3 行、“id”列: 编号为空"), "{error}");
    assert!(error.contains("应为数量"), "{error}");
    assert!(error.contains("没有导入任何内容"), "{error}");
    let error = fails(&[&"import", &project, &units]);
    assert!(
        error.contains("row 3, column 'id': the id is empty"),
        "{error}"
    );
    assert!(error.contains("nothing was imported"), "{error}");
}
