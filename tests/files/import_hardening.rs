//! Importing bad, hostile and real-world input (issue 13): sheets with values anywhere, media paths
//! that lead outside the study, columns named like a field that are not it, and the exports of
//! the collection tools researchers use. Each test fails without its fix.

use crate::common;

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

/// A units file's media paths may not reach outside its folder (or the --media folder): `../`,
/// absolute paths and links out are refused with row and column, unless the user passes
/// --allow-outside-media; `package` then never copies a file from elsewhere.
#[test]
fn media_paths_outside_the_study_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study");
    std::fs::create_dir_all(study.join("media")).unwrap();
    let secret = dir.path().join("secret.jpg");
    std::fs::write(&secret, b"not for packages").unwrap();
    std::fs::write(study.join("media/ok.jpg"), b"jpg").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, study.join("media/link.jpg")).unwrap();
    let project = new_project(&study, "tiktok-six");
    let depth = study.components().count();
    let climb = format!("{}etc/passwd", "../".repeat(depth + 2));
    for (media, shown) in [
        (climb.as_str(), climb.as_str()),
        ("../secret.jpg", "../secret.jpg"),
        (secret.to_str().unwrap(), secret.to_str().unwrap()),
        #[cfg(unix)]
        ("media/link.jpg", "media/link.jpg"),
    ] {
        let units = study.join("units.csv");
        std::fs::write(
            &units,
            format!("id,caption,media\nv1,a,media/ok.jpg\nv2,b,{media}\n"),
        )
        .unwrap();
        let stderr = fails(&[&"import", &project, &units]);
        assert!(stderr.contains("row 3"), "{stderr}");
        assert!(stderr.contains("media"), "{stderr}");
        assert!(
            stderr.contains(&format!("'{shown}' leads outside")),
            "{stderr}"
        );
        assert_eq!(status_json(&project)["units"], 0, "nothing half-imported");
    }
    // A --media folder whose file links out is refused too.
    #[cfg(unix)]
    {
        let shots = dir.path().join("shots");
        std::fs::create_dir(&shots).unwrap();
        std::os::unix::fs::symlink(&secret, shots.join("v1.jpg")).unwrap();
        let units = study.join("units.csv");
        std::fs::write(&units, "id,caption\nv1,a\n").unwrap();
        let stderr = fails(&[&"import", &project, &units, &"--media", &shots]);
        assert!(stderr.contains("leads outside"), "{stderr}");
    }
    // The user's explicit choice is respected.
    let units = study.join("units.csv");
    std::fs::write(&units, "id,caption,media\nv1,a,../secret.jpg\n").unwrap();
    ok(&[&"import", &project, &units, &"--allow-outside-media"]);
    assert_eq!(status_json(&project)["units"], 1);
}

/// A column named like a canonical field whose values cannot be that field stays an extra field
/// under its own name, and analyses find it by that name (a numeric `media` sub-index).
#[test]
fn a_column_named_like_a_field_but_not_fitting_stays_extra() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "city-image");
    let units = dir.path().join("index.csv");
    let mut text = String::from("id,caption,media,gdp\n");
    for i in 0..15 {
        text.push_str(&format!("u{i},city {i},0.{},{}.5\n", 10 + i, 3 + i % 4));
    }
    std::fs::write(&units, &text).unwrap();
    let printed = ok(&[&"import", &project, &units]);
    assert!(
        printed.contains("extra field 'media' (no value fits the field 'media'"),
        "{printed}"
    );
    assert_eq!(status_json(&project)["units"], 15);
    ok(&[
        &"index",
        &project,
        &"--name",
        &"communication",
        &"--weights",
        &"media=0.35,gdp=0.65",
    ]);
    let described = ok(&[&"describe", &project, &"--fields", &"media,communication"]);
    assert!(described.contains("media"), "{described}");

    // A column where some values fit keeps its field: the others are errors by row, as before.
    let mixed = dir.path().join("mixed.csv");
    std::fs::write(&mixed, "id,likes\na,12\nb,many\n").unwrap();
    let stderr = fails(&[&"import", &project, &mixed]);
    assert!(
        stderr.contains("row 3") && stderr.contains("likes"),
        "{stderr}"
    );
    // The user's --map is obeyed.
    let stderr = fails(&[&"import", &project, &units, &"--map", &"media=media"]);
    assert!(stderr.contains("media file"), "{stderr}");
}

/// A realistic export of every collection tool researchers use imports with no --map: ids exact,
/// platform, account, caption, time, counts (万 strings included), duration in seconds.
#[test]
fn collection_tools_exports_import_without_mapping() {
    let dir = tempfile::tempdir().unwrap();
    // (file, platform, first id, account, likes, comments, shares, caption starts, duration)
    let cases = [
        (
            "4cat_tiktok.csv",
            "tiktok",
            "7325946170428444970",
            "cq_daily_news",
            "10500",
            "320",
            "88",
            "洪崖洞夜景",
            "NULL",
        ),
        (
            "4cat_douyin.csv",
            "douyin",
            "7290000000000000001",
            "深圳卫视",
            "116000",
            "8103",
            "6552",
            "深圳湾公园",
            "15",
        ),
        (
            "4cat_rednote.csv",
            "xiaohongshu",
            "65a1b2c3d4e5f60000000001",
            "山城小王",
            "12000",
            "NULL",
            "NULL",
            "洪崖洞",
            "NULL",
        ),
        (
            "zeeschuimer_tiktok.ndjson",
            "tiktok",
            "7325946170428444970",
            "cq_daily_news",
            "10500",
            "320",
            "88",
            "洪崖洞夜景",
            "15",
        ),
        (
            "mediacrawler_douyin.csv",
            "douyin",
            "7290000000000000001",
            "深圳卫视",
            "116000",
            "8103",
            "6552",
            "深圳湾公园",
            "NULL",
        ),
        (
            "mediacrawler_xhs.json",
            "xiaohongshu",
            "65a1b2c3d4e5f60000000001",
            "山城小王",
            "12000",
            "210",
            "88",
            "洪崖洞",
            "NULL",
        ),
        (
            "mediacrawler_weibo.csv",
            "weibo",
            "4990000000000001",
            "重庆发布",
            "23000",
            "1200",
            "34000",
            "重庆的雾都",
            "NULL",
        ),
        (
            "tiktok_research_api.json",
            "tiktok",
            "7325946170428444970",
            "cq_daily_news",
            "10500",
            "320",
            "88",
            "洪崖洞夜景",
            "15",
        ),
        (
            "apify_tiktok.json",
            "tiktok",
            "7325946170428444970",
            "cq_daily_news",
            "10500",
            "320",
            "88",
            "洪崖洞夜景",
            "15",
        ),
        (
            "pyktok.csv",
            "tiktok",
            "7325946170428444970",
            "cq_daily_news",
            "10500",
            "320",
            "88",
            "洪崖洞夜景",
            "15",
        ),
    ];
    for (file, platform, id, account, likes, comments, shares, caption, duration) in cases {
        let project = dir.path().join(format!("{file}.cdesk"));
        ok(&[&"new", &project, &"--codebook", &"blank"]);
        let printed = ok(&[
            &"import",
            &project,
            &common::data(&format!("good/collectors/{file}")),
        ]);
        let rows = query(
            &project,
            "SELECT uid, platform, account, likes, comments, shares, caption, published_at, duration_s
             FROM unit ORDER BY position",
        );
        assert_eq!(rows.len(), 2, "{file}: {printed}");
        let row = &rows[0];
        assert_eq!(row[0], id, "{file}: id\n{printed}");
        assert_eq!(row[1], platform, "{file}: platform\n{printed}");
        assert_eq!(row[2], account, "{file}: account\n{printed}");
        assert_eq!(
            (row[3].as_str(), row[4].as_str(), row[5].as_str()),
            (likes, comments, shares),
            "{file}: counts\n{printed}"
        );
        assert!(
            row[6].starts_with(caption),
            "{file}: caption {}\n{printed}",
            row[6]
        );
        assert!(
            row[7].starts_with("202"),
            "{file}: published_at {}\n{printed}",
            row[7]
        );
        assert_eq!(row[8], duration, "{file}: duration\n{printed}");
    }
}

/// A real workbook of one post whose sheet part is then padded with `pad` spaces (or, with
/// `in_cell`, a caption of `pad` letters): a few hundred kilobytes that inflate past the bound.
fn padded_workbook(file: &std::path::Path, pad: usize, in_cell: bool) {
    use std::io::{Read, Write};
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Posts").unwrap();
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(0, 1, "caption").unwrap();
    sheet.write_string(1, 0, "v1").unwrap();
    let plain = workbook.save_to_buffer().unwrap();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(plain)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(file).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    for index in 0..source.len() {
        let mut entry = source.by_index(index).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        out.start_file(name.as_str(), options).unwrap();
        if name != "xl/worksheets/sheet1.xml" {
            out.write_all(text.as_bytes()).unwrap();
            continue;
        }
        let (head, tail) = text.split_at(text.find("</row>").unwrap() + "</row>".len());
        out.write_all(head.as_bytes()).unwrap();
        let block = vec![if in_cell { b'x' } else { b' ' }; 1 << 20];
        if in_cell {
            out.write_all(br#"<row r="2"><c r="B2" t="inlineStr"><is><t>"#)
                .unwrap();
        }
        for _ in 0..pad >> 20 {
            out.write_all(&block).unwrap();
        }
        if in_cell {
            out.write_all(b"</t></is></c></row>").unwrap();
        }
        out.write_all(tail.as_bytes()).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn an_xlsx_zip_bomb_is_refused_by_sheet_and_bound_before_it_is_inflated_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    for (name, in_cell) in [("spaces.xlsx", false), ("one-cell.xlsx", true)] {
        let bomb = dir.path().join(name);
        padded_workbook(&bomb, 200 << 20, in_cell);
        let size = std::fs::metadata(&bomb).unwrap().len();
        assert!(size < 3 << 20, "{name}: {size} bytes");
        let refused = fails(&[&"import", &project, &bomb]);
        assert!(
            refused.contains("sheet 'Posts' inflates to over 192 MB")
                && refused.contains("nothing was imported"),
            "{refused}"
        );
        assert_eq!(status_json(&project)["units"], 0, "{name}");
    }
    // The same workbook unpadded imports.
    let plain = dir.path().join("plain.xlsx");
    padded_workbook(&plain, 0, false);
    ok(&[&"import", &project, &plain]);
    assert_eq!(status_json(&project)["units"], 1);
}

/// Issue 31: a units file written on Windows names its media with backslashes; on Linux they are
/// read as folders (stored with `/`, so the study moves back to Windows), `..\` still cannot
/// climb out, and a drive-letter path is named as one.
#[test]
fn media_paths_written_on_windows_are_read_on_linux() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study");
    std::fs::create_dir_all(study.join("media").join("2024")).unwrap();
    std::fs::write(study.join("media/2024/v1.jpg"), b"jpg").unwrap();
    std::fs::write(dir.path().join("secret.jpg"), b"no").unwrap();
    let project = new_project(&study, "tiktok-six");
    let units = study.join("units.csv");
    std::fs::write(&units, "id,caption,media\nv1,a,media\\2024\\v1.jpg\n").unwrap();
    ok(&[&"import", &project, &units]);
    assert_eq!(
        query(&project, "SELECT path FROM media"),
        [["media/2024/v1.jpg"]]
    );
    for (media, said) in [
        ("..\\secret.jpg", "leads outside"),
        ("C:\\Users\\li\\v1.jpg", "Windows path with a drive letter"),
    ] {
        std::fs::write(&units, format!("id,caption,media\nv2,b,{media}\n")).unwrap();
        let stderr = fails(&[&"import", &project, &units]);
        assert!(
            stderr.contains(said) && stderr.contains("row 2"),
            "{stderr}"
        );
    }
}
