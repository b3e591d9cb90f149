//! Every file of the bad-input corpus (tests/data/bad) is refused by the real binary with its
//! position, exit status 2 and no change to the project.

use crate::common;

use common::{data, fails, new_project, ok, status_json};

/// Imports a bad file and checks the message and that the project did not change.
fn refused(file: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    ok(&[&"import", &project, &data("good/utf8_bom.csv")]);
    let before = status_json(&project);
    let stderr = fails(&[&"import", &project, &data(&format!("bad/{file}"))]);
    for part in expected {
        assert!(
            stderr.contains(part),
            "{file}: expected '{part}' in:\n{stderr}"
        );
    }
    assert!(
        stderr.contains(file),
        "the message names the file: {stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert_eq!(status_json(&project), before, "{file} changed the project");
}

#[test]
fn bytes_that_are_neither_utf8_nor_gbk() {
    refused(
        "neither_utf8_nor_gbk.csv",
        &["neither UTF-8", "line 3", "--encoding"],
    );
}

#[test]
fn ragged_rows() {
    refused(
        "ragged_rows.csv",
        &["row 3 has 4 fields but the header has 3"],
    );
}

#[test]
fn an_empty_file() {
    refused("empty.csv", &["the file is empty"]);
}

#[test]
fn a_binary_file() {
    refused("binary.csv", &["binary file"]);
}

#[test]
fn duplicate_ids() {
    refused(
        "duplicate_ids.csv",
        &["row 4, column 'id': duplicate id 'v1' (also at row 2)"],
    );
}

#[test]
fn a_missing_id_column() {
    refused(
        "missing_id_column.csv",
        &["no id column", "--map COLUMN=id", "caption, likes"],
    );
}

#[test]
fn non_numeric_likes() {
    refused(
        "non_numeric_likes.csv",
        &["row 3, column 'diggCount': expected a count", "'lots'"],
    );
}

#[test]
fn a_ten_megabyte_field() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let file = dir.path().join("huge_field.csv");
    let mut text = String::from("id,caption\nv1,\"");
    text.push_str(&"重".repeat(10 * 1024 * 1024 / 3));
    text.push_str("\"\n");
    std::fs::write(&file, text).unwrap();
    let stderr = fails(&[&"import", &project, &file]);
    assert!(stderr.contains("row 2, column 'caption'"), "{stderr}");
    assert!(stderr.contains("over 1 MB"), "{stderr}");
    assert_eq!(status_json(&project)["units"], 0);
}

fn codes_refused(file: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let units = dir.path().join("units.csv");
    std::fs::write(&units, "id,caption\nv1,a\nv2,b\n").unwrap();
    ok(&[&"import", &project, &units]);
    let stderr = fails(&[&"import-codes", &project, &data(&format!("bad/{file}"))]);
    assert!(
        stderr.contains(expected),
        "{file}: expected '{expected}' in:\n{stderr}"
    );
    let status = status_json(&project);
    assert_eq!(
        (status["codings"].as_i64(), status["coders"].as_i64()),
        (Some(0), Some(0))
    );
}

#[test]
fn codes_with_an_unknown_variable() {
    codes_refused(
        "codes_unknown_variable.csv",
        "row 3, column 'variable': no variable 'mood'",
    );
}

#[test]
fn codes_with_an_unknown_value() {
    codes_refused(
        "codes_unknown_value.csv",
        "row 3, column 'value': 'ecstatic' is not a code or label of 'emotion'",
    );
}

#[test]
fn codes_for_an_unknown_unit() {
    codes_refused(
        "codes_unknown_unit.csv",
        "row 3, column 'unit_id': no unit with id 'v404'",
    );
}

#[test]
fn a_broken_codebook_names_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.cdesk");
    let stderr = fails(&[
        &"new",
        &path,
        &"--codebook",
        &data("bad/broken_codebook.toml"),
    ]);
    assert!(
        stderr.contains("line 14: variable 'theme': duplicate code 1 (first at line 10)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 16: variable 'theme': value 1 has parent 7"),
        "{stderr}"
    );
    assert!(!path.exists(), "no project file is left behind");
    let stderr = fails(&[
        &"new",
        &path,
        &"--codebook",
        &data("bad/unparsable_codebook.toml"),
    ]);
    assert!(stderr.contains("line 1"), "{stderr}");
}

#[test]
fn wrong_arguments_exit_with_status_two() {
    let dir = tempfile::tempdir().unwrap();
    fails(&[&"status", &dir.path().join("missing.cdesk")]);
    fails(&[
        &"new",
        &dir.path().join("x.cdesk"),
        &"--codebook",
        &"no-such-preset",
    ]);
    let project = new_project(dir.path(), "blank");
    fails(&[
        &"import",
        &project,
        &data("good/gbk.csv"),
        &"--map",
        &"nosuch=likes",
    ]);
    fails(&[
        &"import",
        &project,
        &data("good/gbk.csv"),
        &"--map",
        &"likes=stars",
    ]);
    fails(&[
        &"import",
        &project,
        &data("good/gbk.csv"),
        &"--encoding",
        &"klingon",
    ]);
    fails(&[&"status", &data("good/gbk.csv")]);
}
