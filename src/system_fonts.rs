//! Font files at the usual system places: a CJK font for Chinese text (the window's fallback when
//! eframe's system-font search finds none, the captions drawn into the sample's videos).

use std::path::PathBuf;

/// CJK font files to try, in order, with the face to use in each collection: this system's own
/// first (Windows: Microsoft YaHei, DengXian, SimSun, SimHei under `%WINDIR%\Fonts`; macOS:
/// PingFang, Hiragino Sans GB, STHeiti), then Linux's packaged fonts.
pub fn cjk_candidates() -> Vec<(PathBuf, u32)> {
    let mut candidates = Vec::new();
    if cfg!(windows) {
        let fonts = std::env::var_os("WINDIR")
            .map_or_else(|| PathBuf::from("C:\\Windows"), PathBuf::from)
            .join("Fonts");
        for name in [
            "msyh.ttc",
            "msyh.ttf",
            "Deng.ttf",
            "simsun.ttc",
            "simhei.ttf",
        ] {
            candidates.push((fonts.join(name), 0));
        }
    }
    if cfg!(target_os = "macos") {
        for path in [
            "/System/Library/Fonts/PingFang.ttc",
            "/System/Library/Fonts/Hiragino Sans GB.ttc",
            "/System/Library/Fonts/STHeiti Medium.ttc",
            "/Library/Fonts/Arial Unicode.ttf",
        ] {
            candidates.push((PathBuf::from(path), 0));
        }
    }
    for (path, face) in [
        ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
        ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ] {
        candidates.push((PathBuf::from(path), face));
    }
    candidates
}

/// The first CJK font file found.
pub fn cjk_font_file() -> Option<PathBuf> {
    cjk_candidates()
        .into_iter()
        .map(|(path, _)| path)
        .find(|path| path.is_file())
}
