//! The foundation through the real binary: projects, codebooks, importing every supported format
//! (GBK and BOM files with no flag), re-import, codes, status.

use crate::common;

use common::{data, fails, new_project, ok, query, status_json};

#[test]
fn gbk_and_utf8_bom_files_import_identically_without_flags() {
    for file in ["good/gbk.csv", "good/utf8_bom.csv"] {
        let dir = tempfile::tempdir().unwrap();
        let project = new_project(dir.path(), "tiktok-six");
        let out = ok(&[&"import", &project, &data(file)]);
        assert!(out.contains("2 units added"), "{out}");
        let rows = query(
            &project,
            "SELECT uid, caption, account, likes FROM unit ORDER BY position",
        );
        assert_eq!(
            rows[0],
            ["v1", "重庆洪崖洞夜景太美了", "山城小飞侠", "12000"],
            "{file}"
        );
        assert_eq!(rows[1], ["v2", "解放碑跨年", "重庆文旅", "3400"], "{file}");
    }
}

#[test]
fn tiktok_json_with_nested_fields() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let out = ok(&[&"import", &project, &data("good/tiktok.json")]);
    let mapped = |column: &str| {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(column))
            .unwrap();
        line.rsplit("-> ").next().unwrap().to_owned()
    };
    assert_eq!(mapped("stats.diggCount"), "likes");
    assert_eq!(mapped("author.uniqueId"), "account");
    let music = out
        .lines()
        .find(|l| l.trim_start().starts_with("music.title"))
        .unwrap();
    assert!(music.ends_with("-> extra field 'music.title'"), "{out}");
    assert!(out.contains("platform: tiktok"), "{out}");
    let rows = query(
        &project,
        "SELECT uid, platform, account, published_at, likes, plays, duration_s,
                json_extract(extra, '$.\"music.title\"') FROM unit ORDER BY position",
    );
    assert_eq!(
        rows[1],
        [
            "7300000000000000002",
            "tiktok",
            "hotpot_lily",
            "2024-01-01T00:00:00Z",
            "8100",
            "98000",
            "58",
            "火锅之歌"
        ]
    );
}

#[test]
fn weibo_json_lines_with_counts_and_dates_as_displayed() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "blank");
    ok(&[&"import", &project, &data("good/weibo.jsonl")]);
    let rows = query(
        &project,
        "SELECT platform, account, published_at, likes, comments, shares,
                json_extract(extra, '$.topic_heat') FROM unit ORDER BY position",
    );
    assert_eq!(
        rows[0],
        [
            "weibo",
            "山城日记",
            "2024-01-02T14:05:00+08:00",
            "15000",
            "320",
            "44",
            "9.5"
        ]
    );
}

#[test]
fn xiaohongshu_csv_keeps_extra_columns_typed_and_links_media() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "xiaohongshu");
    let out = ok(&[&"import", &project, &data("good/xiaohongshu.csv")]);
    assert!(out.contains("2 media files linked"), "{out}");
    let rows = query(
        &project,
        "SELECT likes, favorites, published_at, json_type(extra, '$.gdp_rank'),
                json_extract(extra, '$.gdp_rank') FROM unit ORDER BY position",
    );
    assert_eq!(
        rows[0],
        ["34000", "11000", "2024-01-05T20:30:00", "text", "007"]
    );
    assert_eq!(rows[1], ["1200", "450", "2024-01-06", "real", "12"]);
    let media = query(&project, "SELECT path, kind FROM media ORDER BY id");
    let expected = data("good/img/x1.jpg");
    let stored = dir.path().join(&media[0][0]);
    assert_eq!(
        std::fs::canonicalize(stored).unwrap(),
        std::fs::canonicalize(expected).unwrap()
    );
    assert_eq!(media[0][1], "image");
}

#[test]
fn xlsx_first_sheet_or_a_named_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("units.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let notes = workbook.add_worksheet().set_name("Notes").unwrap();
    notes.write_string(0, 0, "not units").unwrap();
    let sheet = workbook.add_worksheet().set_name("Videos").unwrap();
    for (column, header) in [
        "aweme_id",
        "nickname",
        "digg_count",
        "create_time",
        "city_gdp",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "6900000000000000001").unwrap();
    sheet.write_string(1, 1, "深圳卫视").unwrap();
    sheet.write_number(1, 2, 7345.0).unwrap();
    sheet.write_string(1, 3, "2021-06-01 08:00:00").unwrap();
    sheet.write_number(1, 4, 3.24).unwrap();
    workbook.save(&file).unwrap();

    let project = new_project(dir.path(), "city-image");
    let stderr = fails(&[&"import", &project, &file]);
    assert!(
        stderr.contains("no id column"),
        "first sheet is used by default: {stderr}"
    );
    fails(&[&"import", &project, &file, &"--sheet", &"Nope"]);
    ok(&[&"import", &project, &file, &"--sheet", &"Videos"]);
    let rows = query(
        &project,
        "SELECT platform, account, likes, published_at, json_extract(extra, '$.city_gdp') FROM unit",
    );
    assert_eq!(
        rows[0],
        ["douyin", "深圳卫视", "7345", "2021-06-01T08:00:00", "3.24"]
    );
}

#[test]
fn reimport_updates_by_id_never_duplicates_and_keeps_codes() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let first = dir.path().join("a.csv");
    std::fs::write(
        &first,
        "id,caption,likes,topic\nv1,old,1,food\nv2,same,2,view\n",
    )
    .unwrap();
    ok(&[&"import", &project, &first]);
    let codes = dir.path().join("codes.csv");
    std::fs::write(&codes, "unit_id,coder,variable,value\nv1,ana,theme,Food\n").unwrap();
    ok(&[&"import-codes", &project, &codes]);
    let second = dir.path().join("b.csv");
    std::fs::write(
        &second,
        "id,caption,likes\nv1,new,5\nv2,same,2\nv3,added,7\n",
    )
    .unwrap();
    let out = ok(&[&"import", &project, &second]);
    assert!(
        out.contains("1 units added, 1 updated, 1 unchanged"),
        "{out}"
    );
    let rows = query(
        &project,
        "SELECT uid, caption, likes, json_extract(extra, '$.topic') FROM unit ORDER BY position",
    );
    assert_eq!(
        rows[0],
        ["v1", "new", "5", "food"],
        "extra fields not in the new file are kept"
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(status_json(&project)["codings"], 1);
}

#[test]
fn map_overrides_and_media_folder() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "blank");
    let media = dir.path().join("media");
    std::fs::create_dir(&media).unwrap();
    for name in ["p1.jpg", "p1_2.jpg", "p2.mp4", "p3.txt"] {
        std::fs::write(media.join(name), b"x").unwrap();
    }
    let file = dir.path().join("posts.csv");
    std::fs::write(
        &file,
        "post,words,score,likes\np1,你好,3,10\np2,再见,4,20\n",
    )
    .unwrap();
    let out = ok(&[
        &"import",
        &project,
        &file,
        &"--map",
        &"post=id",
        &"--map",
        &"words=caption",
        &"--map",
        &"likes=ignore",
        &"--media",
        &media,
        &"--platform",
        &"weibo",
    ]);
    assert!(out.contains("likes -> ignored"), "{out}");
    assert!(out.contains("3 media files linked"), "{out}");
    let rows = query(
        &project,
        "SELECT uid, caption, likes, platform FROM unit ORDER BY position",
    );
    assert_eq!(rows[0], ["p1", "你好", "NULL", "weibo"]);
    let media = query(
        &project,
        "SELECT path, kind FROM media ORDER BY unit_id, position",
    );
    assert_eq!(
        media,
        [
            ["media/p1.jpg", "image"],
            ["media/p1_2.jpg", "image"],
            ["media/p2.mp4", "video"]
        ]
    );
}

#[test]
fn codebook_export_round_trips_through_a_new_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "city-image");
    let exported = dir.path().join("codebook.toml");
    ok(&[&"codebook", &project, &"--export", &exported]);
    let other = dir.path().join("other.cdesk");
    ok(&[&"new", &other, &"--codebook", &exported]);
    let again = dir.path().join("again.toml");
    ok(&[&"codebook", &other, &"--export", &again]);
    assert_eq!(
        std::fs::read_to_string(exported).unwrap(),
        std::fs::read_to_string(again).unwrap()
    );
    let shown = ok(&[&"codebook", &project]);
    assert!(
        shown.contains("city_image") && shown.contains("      11  Construction entity"),
        "{shown}"
    );
    let presets = ok(&[&"presets"]);
    for name in ["tiktok-six", "city-image", "lynch", "xiaohongshu", "blank"] {
        assert!(presets.contains(name));
    }
}

#[test]
fn import_codes_counts_and_status_json_shape() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let units = dir.path().join("u.csv");
    std::fs::write(&units, "id\nv1\nv2\n").unwrap();
    ok(&[&"import", &project, &units]);
    let codes = dir.path().join("c.csv");
    std::fs::write(
        &codes,
        "unit_id,coder,variable,value,note\nv1,ana,theme,1,\nv1,bo,theme,Natural landscape,\nv2,ana,narrative,1;3,two apply\n",
    )
    .unwrap();
    let out = ok(&[&"import-codes", &project, &codes]);
    assert!(
        out.contains("3 codes from 2 coder(s) (ana, bo): 3 added"),
        "{out}"
    );
    let again = ok(&[&"import-codes", &project, &codes]);
    assert!(again.contains("0 added, 0 updated, 3 unchanged"), "{again}");
    let status = status_json(&project);
    for key in [
        "units",
        "coders",
        "codings",
        "variables",
        "codebook",
        "codebook_version",
        "per_coder",
    ] {
        assert!(status.get(key).is_some(), "status JSON lacks {key}");
    }
    assert_eq!(
        (
            status["units"].as_i64(),
            status["coders"].as_i64(),
            status["codings"].as_i64()
        ),
        (Some(2), Some(2), Some(3))
    );
    let rows = query(
        &project,
        "SELECT codes, note FROM coding WHERE codes IS NOT NULL",
    );
    assert_eq!(rows[0], ["[1,3]", "two apply"]);
}

#[test]
fn help_lists_every_command() {
    let help = ok(&[&"--help"]);
    for command in [
        "new",
        "import",
        "import-codes",
        "codebook",
        "status",
        "sample",
        "open",
    ] {
        assert!(help.contains(command), "--help lacks {command}");
    }
}
