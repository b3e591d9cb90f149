//! Defects found by trying to break Codingdesk (issue 13): each test fails without its fix.

mod common;

use common::{fails, new_project, ok, query, status_json};

fn sheet_with_posts(file: &std::path::Path, stray: Option<(u32, u16)>) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, header) in ["id", "caption", "likes"].iter().enumerate() {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "v1").unwrap();
    sheet.write_string(1, 1, "重庆 8D 魔幻城市").unwrap();
    sheet.write_number(1, 2, 12.0).unwrap();
    // A post far down the sheet, inside the table's columns.
    sheet.write_string(999_999, 0, "v2").unwrap();
    sheet.write_number(999_999, 2, 3.0).unwrap();
    if let Some((row, column)) = stray {
        sheet.write_string(row, column, "stray").unwrap();
    }
    workbook.save(file).unwrap();
}

#[test]
fn xlsx_with_a_value_in_the_last_cell_is_refused_by_name_not_aborted() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let file = dir.path().join("posts.xlsx");
    sheet_with_posts(&file, Some((1_048_575, 16_383)));
    let stderr = fails(&[&"import", &project, &file]);
    assert!(stderr.contains("XFD1048576"), "{stderr}");
    assert!(stderr.contains("A–C"), "{stderr}");
    assert_eq!(status_json(&project)["units"], 0);
}

#[test]
fn xlsx_rows_far_down_the_sheet_are_read_sparsely() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let file = dir.path().join("posts.xlsx");
    sheet_with_posts(&file, None);
    ok(&[&"import", &project, &file]);
    let rows = query(&project, "SELECT uid, likes FROM unit ORDER BY position");
    assert_eq!(rows, [["v1", "12"], ["v2", "3"]]);
}
