//! Videos linked from units files (issue 15): a `video` / `video_url` column, and `--media DIR`
//! finding `ID.mp4/.mov/.webm/.mkv`. The files here are stand-ins: importing only links them.

mod common;

use common::{new_project, ok, query};

#[test]
fn a_video_column_links_local_files_and_web_addresses_as_videos() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    std::fs::create_dir_all(dir.path().join("clips")).unwrap();
    std::fs::write(dir.path().join("clips/v1.mov"), "stand-in").unwrap();
    std::fs::write(dir.path().join("clips/v2.clip"), "stand-in").unwrap();
    let units = dir.path().join("units.csv");
    std::fs::write(
        &units,
        "id,caption,video_url\n\
         v1,a,clips/v1.mov\n\
         v2,b,clips/v2.clip\n\
         v3,c,https://v16-webapp.tiktok.com/video/tos/abc?mime_type=video_mp4\n",
    )
    .unwrap();
    ok(&[&"import", &project, &units]);
    let media = query(
        &project,
        "SELECT u.uid, m.path, m.kind FROM media m JOIN unit u ON u.id = m.unit_id ORDER BY u.uid",
    );
    assert_eq!(media.len(), 3, "{media:?}");
    assert!(media.iter().all(|row| row[2] == "video"), "{media:?}");
    assert!(media[0][1].ends_with("clips/v1.mov"));
    assert!(media[2][1].starts_with("https://"));
}

#[test]
fn a_media_folder_finds_videos_by_unit_id_in_every_common_container() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    let folder = dir.path().join("media");
    std::fs::create_dir_all(&folder).unwrap();
    for (uid, extension) in [("v1", "mp4"), ("v2", "mov"), ("v3", "webm"), ("v4", "mkv")] {
        std::fs::write(folder.join(format!("{uid}.{extension}")), "stand-in").unwrap();
    }
    let units = dir.path().join("units.csv");
    std::fs::write(&units, "id,caption\nv1,a\nv2,b\nv3,c\nv4,d\n").unwrap();
    ok(&[&"import", &project, &units, &"--media", &folder]);
    let kinds = query(&project, "SELECT kind FROM media ORDER BY path");
    assert_eq!(kinds.len(), 4);
    assert!(kinds.iter().all(|row| row[0] == "video"), "{kinds:?}");
}
