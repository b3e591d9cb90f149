//! `codingdesk export` through the real binary: long CSV round trip, wide CSV, SPSS syntax.

use crate::common;

use codingdesk::store::Project;
use common::{fails, ok, repo, sample_project_in as sample};

#[test]
fn long_csv_reads_back_into_a_fresh_project_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let export = dir.path().join("codes.csv");
    let out = ok(&[
        &"export",
        &project,
        &"--format",
        &"long-csv",
        &"--out",
        &export,
    ]);
    assert!(out.contains("1350 codes"), "{out}");
    assert!(
        std::fs::read(&export).unwrap().starts_with(b"\xEF\xBB\xBF"),
        "Excel needs the BOM"
    );

    let copy = dir.path().join("copy.cdesk");
    ok(&[&"new", &copy, &"--codebook", &"tiktok-six"]);
    ok(&[
        &"import",
        &copy,
        &repo().join("samples/chongqing-tiktok/units.csv"),
    ]);
    ok(&[&"import-codes", &copy, &export]);
    let key = |path: &std::path::Path| {
        let mut records: Vec<_> = Project::open(path)
            .unwrap()
            .all_codings()
            .unwrap()
            .into_iter()
            .map(|r| (r.unit, r.coder, r.variable, r.answer.to_plain(), r.note))
            .collect();
        records.sort();
        records
    };
    assert_eq!(key(&project), key(&copy));
}

#[test]
fn wide_csv_has_a_column_per_value_of_multi_select_and_per_coder() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    ok(&[&"primary", &project, &"Li Na"]);
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
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for column in [
        "unit",
        "caption",
        "likes_meta",
        "theme",
        "narrative_1",
        "narrative_9",
        "likes",
    ] {
        assert!(
            header.contains(&column.to_string()),
            "{column} in {header:?}"
        );
    }
    let mut names = header.clone();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), header.len(), "column names are unique");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 50);
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(
        &rows[0][at("caption")],
        "缙云山的云海，凌晨五点起床值了 #重庆旅游攻略 #自然风光"
    );
    let themes: Vec<&str> = rows.iter().map(|r| &r[at("theme")]).collect();
    assert_eq!(
        themes.iter().filter(|t| **t == "1").count(),
        21,
        "Li Na settles disagreements"
    );
    assert!(
        rows.iter()
            .all(|r| matches!(&r[at("narrative_3")], "0" | "1"))
    );

    let by_coder = dir.path().join("coders.csv");
    ok(&[
        &"export",
        &project,
        &"--format",
        &"wide-csv",
        &"--out",
        &by_coder,
        &"--coders",
        &"Li Na,Chen Yu",
    ]);
    let header = std::fs::read_to_string(&by_coder).unwrap();
    // Columns name their coder (issue 30: they were theme_c1, theme_c2).
    assert!(
        header
            .lines()
            .next()
            .unwrap()
            .contains("theme__Li_Na,theme__Chen_Yu"),
        "{header}"
    );
    fails(&[
        &"export",
        &project,
        &"--format",
        &"wide-csv",
        &"--out",
        &by_coder,
        &"--coders",
        &"Nobody",
    ]);
}

#[test]
fn spss_syntax_reads_the_csv_with_labels() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let data = dir.path().join("spss.csv");
    let out = ok(&[
        &"export",
        &project,
        &"--format",
        &"spss",
        &"--out",
        &data,
        &"--source",
        &"coder:Li Na",
    ]);
    assert!(out.contains("spss.sps"), "{out}");
    let syntax = std::fs::read_to_string(dir.path().join("spss.sps")).unwrap();
    // The data file by its full path: the syntax runs from any working folder.
    let full = std::path::absolute(&data).unwrap();
    assert!(
        syntax.contains(&format!("/FILE='{}'", full.display())),
        "{syntax}"
    );
    assert!(syntax.contains("/ENCODING='UTF8'"));
    assert!(
        syntax.contains("theme 1 'Natural landscape' 2 'History and culture'"),
        "{syntax}"
    );
    assert!(syntax.contains("emotion (ORDINAL)"));
    assert!(syntax.contains("narrative_3 0 'not ticked' 1 'ticked'"));
    assert!(syntax.contains("source 'Information source'"));
    assert!(
        syntax.contains("3 'Ordinary citizens'' sharing'"),
        "quotes are doubled"
    );
    // Every CSV column is declared, in order.
    let header = std::fs::read_to_string(&data)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let declared: Vec<&str> = syntax
        .split("/VARIABLES=\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("    "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(declared, header.split(',').collect::<Vec<_>>());
}

/// Read back with calamine: data, codebook and reliability sheets, numbers as numbers.
#[test]
fn xlsx_holds_data_codebook_and_reliability() {
    use calamine::{Data, Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    ok(&[&"primary", &project, &"Li Na"]);
    let book = dir.path().join("study.xlsx");
    ok(&[&"export", &project, &"--format", &"xlsx", &"--out", &book]);
    let mut workbook = open_workbook_auto(&book).unwrap();
    assert_eq!(workbook.sheet_names(), ["data", "codebook", "reliability"]);
    let data = workbook.worksheet_range("data").unwrap();
    assert_eq!(data.height(), 51);
    let header: Vec<String> = data
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let theme = header.iter().position(|h| h == "theme").unwrap();
    let caption = header.iter().position(|h| h == "caption").unwrap();
    let first = data.rows().nth(1).unwrap();
    assert_eq!(
        first[caption],
        Data::String("缙云山的云海，凌晨五点起床值了 #重庆旅游攻略 #自然风光".into())
    );
    assert!(
        matches!(first[theme], Data::Float(_)),
        "codes are numbers: {:?}",
        first[theme]
    );
    assert!(matches!(first[0], Data::String(_)), "ids stay text");
    let codebook = workbook.worksheet_range("codebook").unwrap();
    assert!(
        codebook
            .rows()
            .any(|r| r[6] == Data::String("Natural landscape".into()))
    );
    let reliability = workbook.worksheet_range("reliability").unwrap();
    let theme_row = reliability
        .rows()
        .find(|r| r[0] == Data::String("Theme and focus".into()))
        .unwrap();
    let alpha_at = reliability
        .rows()
        .next()
        .unwrap()
        .iter()
        .position(|h| *h == Data::String("Krippendorff's α".into()))
        .unwrap();
    let alpha = match theme_row[alpha_at] {
        Data::Float(alpha) => alpha,
        ref other => panic!("{other:?}"),
    };
    assert!((0.6..0.9).contains(&alpha), "{alpha}");
}

/// With one coder so far there is no reliability table: the workbook's sheet says why instead of
/// standing as bare headers.
#[test]
fn xlsx_of_a_study_with_one_coder_says_why_there_is_no_reliability() {
    use calamine::{Data, Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("one.cdesk");
    let units = dir.path().join("units.csv");
    std::fs::write(&units, "id,caption\nv1,a\nv2,b\n").unwrap();
    ok(&[&"new", &project, &"--codebook", &"tiktok-six"]);
    ok(&[&"import", &project, &units]);
    let codes = dir.path().join("codes.csv");
    std::fs::write(
        &codes,
        "unit_id,coder,variable,value\nv1,Li Na,theme,1\nv2,Li Na,theme,2\n",
    )
    .unwrap();
    ok(&[&"import-codes", &project, &codes]);
    let book = dir.path().join("one.xlsx");
    ok(&[&"export", &project, &"--format", &"xlsx", &"--out", &book]);
    let mut workbook = open_workbook_auto(&book).unwrap();
    let reliability = workbook.worksheet_range("reliability").unwrap();
    let note = reliability.get_value((0, 0)).cloned().unwrap();
    assert!(
        matches!(&note, Data::String(text) if text.starts_with("No reliability table yet")),
        "{note:?}"
    );
}

/// Issue 30: `--out -` is standard output for every one-file export and the report (it wrote a
/// file named `-`), and is refused in plain words for the formats that write several files.
#[test]
fn out_dash_is_standard_output_for_one_file_exports_and_refused_for_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::sample_project_in(dir.path());
    let cwd = dir.path().join("here");
    std::fs::create_dir(&cwd).unwrap();
    let in_cwd = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_codingdesk"))
            .current_dir(&cwd)
            .env("LC_ALL", "C.UTF-8")
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code(),
            output.stdout,
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let project = project.to_str().unwrap();
    for (format, starts) in [
        ("long-csv", &b"\xEF\xBB\xBFunit,coder"[..]),
        ("wide-csv", &b"\xEF\xBB\xBFunit"[..]),
        ("xlsx", &b"PK"[..]),
        ("qdc", &b"<?xml"[..]),
        ("html", &b"<!DOCTYPE html>"[..]),
    ] {
        let (code, stdout, stderr) = in_cwd(&["export", project, "--format", format, "--out", "-"]);
        assert_eq!(code, Some(0), "{format}: {stderr}");
        assert!(
            stdout.starts_with(starts),
            "{format}: {:?}",
            &stdout[..20.min(stdout.len())]
        );
    }
    let (code, stdout, _) = in_cwd(&["report", project, "--out", "-"]);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with(b"<!DOCTYPE html>"));
    for format in ["spss", "recal"] {
        let (code, _, stderr) = in_cwd(&["export", project, "--format", format, "--out", "-"]);
        assert_eq!(code, Some(2), "{format}");
        assert!(stderr.contains("give --out a file name"), "{stderr}");
    }
    let left: Vec<_> = std::fs::read_dir(&cwd).unwrap().collect();
    assert!(
        left.is_empty(),
        "no file named '-' nor anything else: {left:?}"
    );
}

/// Issue 30: numbers pre-filled from the posts' metadata are the same for every coder: no
/// reliability table rates them (they were α = 1.000 "acceptable"), and each one names them.
#[test]
fn prefilled_metadata_is_never_rated_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::sample_project_in(dir.path());
    let json: serde_json::Value =
        serde_json::from_str(&ok(&[&"agreement", &project, &"--format", &"json"])).unwrap();
    let rated: Vec<&str> = json["variables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["variable"].as_str().unwrap())
        .collect();
    for prefilled in ["likes", "comments", "reposts"] {
        assert!(!rated.contains(&prefilled), "{rated:?}");
    }
    assert_eq!(json["prefilled_left_out"].as_array().unwrap().len(), 3);
    let table = ok(&[&"agreement", &project]);
    assert!(table.contains("Not rated: Likes, Comments"), "{table}");
    let refused = common::fails(&[&"agreement", &project, &"--variable", &"likes"]);
    assert!(refused.contains("pre-filled"), "{refused}");
    let report = dir.path().join("report.html");
    ok(&[&"report", &project, &"--out", &report]);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("Not rated: Likes"), "the report names them");
}

/// Issue 30: the workbook keeps `published_at` as a date, and speaks `--lang`: sheet names and
/// the reliability headings too.
#[test]
fn the_workbook_has_dates_as_dates_and_sheets_in_the_chosen_language() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let xlsx = dir.path().join("zh.xlsx");
    ok(&[
        &"--lang",
        &"zh",
        &"export",
        &project,
        &"--format",
        &"xlsx",
        &"--out",
        &xlsx,
    ]);
    let mut workbook = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(workbook.sheet_names(), ["数据", "编码簿", "信度"]);
    let reliability = workbook.worksheet_range("信度").unwrap();
    let headings: Vec<String> = reliability
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(headings[0], "变量", "{headings:?}");
    assert!(
        headings.contains(&"克里彭多夫 α 系数".to_owned()),
        "{headings:?}"
    );
    let data = workbook.worksheet_range("数据").unwrap();
    let mut rows = data.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let at = header.iter().position(|h| h == "published_at").unwrap();
    let first = rows.next().unwrap();
    match &first[at] {
        Data::DateTime(when) => {
            let shown = when.as_datetime().unwrap().format("%Y-%m-%d").to_string();
            assert!(shown.starts_with("2024-"), "{shown}");
        }
        other => panic!("published_at is {other:?}, not a date"),
    }
}

/// An export or report into a folder that does not exist says which folder and what to do
/// (it named a hidden staging path), for every format, and creates nothing.
#[test]
fn an_export_into_a_missing_folder_names_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let missing = dir.path().join("no such folder");
    for format in ["long-csv", "spss", "sav", "xlsx", "recal", "qdc", "html"] {
        let out = missing.join("study.out");
        let err = fails(&[&"export", &project, &"--format", &format, &"--out", &out]);
        assert!(
            err.contains(&format!("the folder {} does not exist", missing.display()))
                && !err.contains(".codingdesk-export"),
            "{format}: {err}"
        );
    }
    let err = fails(&[&"report", &project, &"--out", &missing.join("r.html")]);
    assert!(err.contains("does not exist: create it"), "{err}");
    assert!(!missing.exists());
}
