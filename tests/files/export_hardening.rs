//! What leaves Codingdesk (issue 13): no spreadsheet formulas in CSV files, every imported column
//! in the coded table, the same coefficients whatever order coders were added in. Each test fails
//! without its fix.

use crate::common;

use common::{new_project, ok, query};

/// A hostile post and hostile notes: nothing a spreadsheet would run leaves Codingdesk in a CSV,
/// and `long-csv → import-codes` is still an exact round trip.
#[test]
fn csv_exports_neutralise_formulas_and_long_csv_reads_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let units = dir.path().join("units.csv");
    std::fs::write(
        &units,
        "id,caption,account,likes\n\
         v1,\"=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",@admin,5\n\
         v2,+cmd|' /C calc'!A0,-acct,12\n",
    )
    .unwrap();
    ok(&[&"import", &project, &units]);
    let codes = dir.path().join("codes.csv");
    std::fs::write(
        &codes,
        "unit_id,coder,variable,value,note\n\
         v1,Li Na,theme,1,=1+1\n\
         v1,Wang Hao,theme,2,'=already quoted\n\
         v2,Li Na,theme,1,-2+3\n\
         v2,Wang Hao,theme,1,\"\t@SUM(A1)\"\n\
         v2,Wang Hao,emotion,2,-3.5\n",
    )
    .unwrap();
    ok(&[&"import-codes", &project, &codes]);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for (format, file) in [
        ("long-csv", "long.csv"),
        ("wide-csv", "wide.csv"),
        ("spss", "spss.csv"),
        ("recal", "recal"),
    ] {
        ok(&[
            &"export",
            &project,
            &"--format",
            &format,
            &"--out",
            &out.join(file),
        ]);
    }
    let agreement = ok(&[&"agreement", &project, &"--format", &"csv"]);
    let mut files: Vec<(String, String)> =
        ["long.csv", "wide.csv", "spss.csv", "recal/recal_index.csv"]
            .iter()
            .map(|f| (f.to_string(), std::fs::read_to_string(out.join(f)).unwrap()))
            .collect();
    files.push(("agreement".into(), agreement));
    for (name, text) in &files {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                let runs = cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
                    && cell.trim().parse::<f64>().is_err();
                assert!(!runs, "{name}: a spreadsheet would run {cell:?}");
            }
        }
    }
    assert!(files[0].1.contains("'=1+1"), "{}", files[0].1);
    assert!(
        files[0].1.contains(",-3.5"),
        "numbers stay numbers: {}",
        files[0].1
    );

    let copy = dir.path().join("copy.cdesk");
    ok(&[&"new", &copy, &"--codebook", &"tiktok-six"]);
    ok(&[&"import", &copy, &units]);
    ok(&[&"import-codes", &copy, &out.join("long.csv")]);
    let stored = "SELECT u.uid, c.name, v.key, coalesce(k.code, k.number), k.note FROM coding k
        JOIN unit u ON u.id = k.unit_id JOIN coder c ON c.id = k.coder_id
        JOIN variable v ON v.id = k.variable_id ORDER BY 1, 2, 3";
    let original = query(&project, stored);
    assert_eq!(query(&copy, stored), original);
    assert!(original.iter().any(|row| row[4] == "=1+1"));
    // A leading apostrophe marks text, as in Excel; surrounding white space is trimmed.
    assert!(original.iter().any(|row| row[4] == "=already quoted"));
    assert!(original.iter().any(|row| row[4] == "@SUM(A1)"));
}

/// The coded table carries every unit column the project holds: imported extra columns too
/// (numbers as numbers, codes such as "007" as text), in wide-csv, XLSX and SPSS.
#[test]
fn exports_carry_imported_extra_columns() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let units = dir.path().join("units.csv");
    std::fs::write(
        &units,
        "id,caption,gdp,author_followers,district,theme\nv1,a,3.24,120000,007,x\nv2,b,1.5,,渝中,y\n",
    )
    .unwrap();
    ok(&[&"import", &project, &units]);
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
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .to_owned();
    for name in ["gdp", "author_followers", "district", "theme_extra"] {
        assert!(header.split(',').any(|h| h == name), "{name} in {header}");
    }
    assert!(text.contains("120000,007,3.24,x"), "{text}");

    let spss = dir.path().join("spss.csv");
    ok(&[&"export", &project, &"--format", &"spss", &"--out", &spss]);
    let syntax = std::fs::read_to_string(dir.path().join("spss.sps")).unwrap();
    assert!(syntax.contains("    gdp F16.4"), "{syntax}");
    // Text, as wide as its longest value (issue 30: no more A2000 for every text column).
    assert!(
        syntax
            .lines()
            .any(|l| l.trim().starts_with("district A") && !l.ends_with("A2000")),
        "{syntax}"
    );

    let xlsx = dir.path().join("study.xlsx");
    ok(&[&"export", &project, &"--format", &"xlsx", &"--out", &xlsx]);
    let mut workbook = calamine::open_workbook_auto(&xlsx).unwrap();
    let data = workbook.worksheet_range("data").unwrap();
    let header: Vec<String> = data
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = data.rows().nth(1).unwrap();
    assert_eq!(first[at("gdp")], Data::Float(3.24));
    assert_eq!(first[at("district")], Data::String("007".into()));
}

/// The same codes give the same coefficients to the last digit whatever order the coders were
/// added in (as by merging packages in another order): the whole agreement JSON is identical.
#[test]
fn agreement_is_bit_identical_whatever_order_coders_were_added() {
    let dir = tempfile::tempdir().unwrap();
    let source = common::sample_project_in(dir.path());
    let long = dir.path().join("codes.csv");
    ok(&[
        &"export",
        &source,
        &"--format",
        &"long-csv",
        &"--out",
        &long,
    ]);
    let text = std::fs::read_to_string(&long).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let units = common::repo().join("samples/chongqing-tiktok/units.csv");
    let mut outputs = Vec::new();
    for order in [
        ["Li Na", "Wang Hao", "Chen Yu"],
        ["Chen Yu", "Li Na", "Wang Hao"],
        ["Wang Hao", "Chen Yu", "Li Na"],
    ] {
        let project = dir
            .path()
            .join(format!("{}.cdesk", order[0].replace(' ', "_")));
        ok(&[&"new", &project, &"--codebook", &"tiktok-six"]);
        ok(&[&"import", &project, &units]);
        let mut sorted = vec![header.to_owned()];
        for coder in order {
            sorted.extend(
                lines
                    .iter()
                    .filter(|l| l.contains(&format!(",{coder},")))
                    .map(|l| l.to_string()),
            );
        }
        let codes = dir.path().join("ordered.csv");
        std::fs::write(&codes, sorted.join("\n")).unwrap();
        ok(&[&"import-codes", &project, &codes]);
        let coders = query(&project, "SELECT name FROM coder ORDER BY id");
        assert_eq!(coders[0][0], order[0], "coders were added in this order");
        outputs.push(ok(&[&"agreement", &project, &"--format", &"json"]));
    }
    for (i, other) in outputs.iter().enumerate().skip(1) {
        let first_difference = outputs[0]
            .lines()
            .zip(other.lines())
            .position(|(a, b)| a != b);
        assert!(
            first_difference.is_none() && outputs[0].len() == other.len(),
            "order {i} differs at line {first_difference:?}"
        );
    }
}

/// Issue 29: a received project whose variable key names a path (`../../ESCAPED`) is refused on
/// opening, by name; no export of it writes outside `--out`.
#[test]
fn a_project_with_a_key_that_names_a_path_is_refused_on_opening() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::sample_project_in(dir.path());
    let conn = rusqlite::Connection::open(&project).unwrap();
    conn.execute(
        "UPDATE variable SET key = '../../ESCAPED' WHERE key = 'theme'",
        [],
    )
    .unwrap();
    drop(conn);
    let out = dir.path().join("recal");
    let refused = common::fails(&[&"export", &project, &"--format", &"recal", &"--out", &out]);
    assert!(refused.contains("../../ESCAPED"), "{refused}");
    assert!(refused.contains("not opened"), "{refused}");
    assert!(!dir.path().join("ESCAPED.csv").exists());
    assert!(!dir.path().parent().unwrap().join("ESCAPED.csv").exists());
    assert!(!out.exists());
}

/// Issue 29: a units file whose column header is SPSS syntax (`HOST COMMAND=…`) exports a .sps
/// in which that text is only a quoted label: no line of the syntax runs it.
#[test]
fn a_header_made_of_spss_syntax_stays_a_label() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let units = dir.path().join("units.csv");
    std::fs::write(
        &units,
        "id,desc,\"x A2000\n.\nHOST COMMAND=['touch PWNED'].\n*\"\nv1,hello,3\nv2,world,4\n",
    )
    .unwrap();
    ok(&[&"import", &project, &units]);
    let out = dir.path().join("study.csv");
    ok(&[
        &"export",
        &project,
        &"--format",
        &"spss",
        &"--out",
        &out,
        &"--source",
        &"final",
    ]);
    let sps = std::fs::read_to_string(out.with_extension("sps")).unwrap();
    for line in sps.lines() {
        assert!(
            !line.trim_start().to_uppercase().starts_with("HOST"),
            "a command line in the syntax: {line}\n{sps}"
        );
    }
    assert!(sps.contains("HOST COMMAND"), "kept as a label: {sps}");
}

/// Issue 29, item 14: Excel's limits are checked before anything is built, and wide exports of
/// many imported columns read each unit's fields once (they were quadratic: 38 s for 10,000
/// columns of 300 units; the report failed "too many columns in result set").
#[test]
fn excel_limits_are_checked_first_and_a_study_of_thousands_of_columns_exports_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    // 2,500 imported columns: past SQLite's 2,000 columns per result.
    let width = 2_500;
    let mut csv = String::from("id,caption");
    for c in 0..width {
        csv.push_str(&format!(",c{c}"));
    }
    csv.push('\n');
    for r in 0..20 {
        csv.push_str(&format!("u{r},caption {r}"));
        for c in 0..width {
            csv.push_str(&format!(",{}", (r * 7 + c) % 100));
        }
        csv.push('\n');
    }
    let units = dir.path().join("wide.csv");
    std::fs::write(&units, csv).unwrap();
    ok(&[&"import", &project, &units]);
    let wide = dir.path().join("wide-out.csv");
    ok(&[
        &"export",
        &project,
        &"--format",
        &"wide-csv",
        &"--out",
        &wide,
    ]);
    let text = std::fs::read_to_string(&wide).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert!(header.contains(&"c2499"), "every imported column");
    let report = dir.path().join("report.html");
    ok(&[&"report", &project, &"--out", &report]);
    ok(&[
        &"describe",
        &project,
        &"--fields",
        &"c0,c2499",
        &"--format",
        &"json",
    ]);

    // Past Excel's 16,384 columns: refused by name, nothing written.
    let conn = rusqlite::Connection::open(&project).unwrap();
    let fields: Vec<String> = (0..16_400).map(|c| format!("\"x{c}\": {c}")).collect();
    conn.execute(
        "UPDATE unit SET extra = ?1 WHERE uid = 'u0'",
        [format!("{{{}}}", fields.join(", "))],
    )
    .unwrap();
    let workbook = dir.path().join("study.xlsx");
    let refused = common::fails(&[
        &"export",
        &project,
        &"--format",
        &"xlsx",
        &"--out",
        &workbook,
    ]);
    assert!(
        refused.contains("columns") && refused.contains("16384"),
        "{refused}"
    );
    assert!(!workbook.exists());
    // Past Excel's rows: refused before anything is read.
    conn.execute_batch(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1048576)
         INSERT INTO unit (uid, position, imported_at, updated_at)
         SELECT 'bulk' || x, 100 + x, 't', 't' FROM n;",
    )
    .unwrap();
    drop(conn);
    let refused = common::fails(&[
        &"export",
        &project,
        &"--format",
        &"xlsx",
        &"--out",
        &workbook,
    ]);
    assert!(
        refused.contains("rows") && refused.contains("1048576"),
        "{refused}"
    );
    assert!(!workbook.exists());
}
