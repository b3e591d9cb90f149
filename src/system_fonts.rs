//! Font files at the usual system places: a CJK font for Chinese text (the window's fallback when
//! eframe's system-font search is not there, the captions drawn into the sample's videos).

use std::path::PathBuf;

/// CJK font files tried in order, with the face to use in each collection.
pub const CJK: &[(&str, u32)] = &[
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
];

/// The first CJK font file found.
pub fn cjk_font_file() -> Option<PathBuf> {
    CJK.iter()
        .map(|(path, _)| PathBuf::from(path))
        .find(|path| path.is_file())
}
