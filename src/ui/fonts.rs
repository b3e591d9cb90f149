//! A CJK font from the usual system locations, for contexts without eframe's system-font
//! fallback (GUI tests, benchmarks). The real window finds fonts through eframe.

use std::sync::Arc;

/// Font files tried in order, with the face to use in each collection.
const CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
];

/// Adds the first CJK font found as a fallback of both families; false when there is none.
pub fn load_cjk_fallback(ctx: &egui::Context) -> bool {
    let Some((bytes, index)) = CANDIDATES
        .iter()
        .find_map(|(path, index)| std::fs::read(path).ok().map(|bytes| (bytes, *index)))
    else {
        return false;
    };
    let mut fonts = egui::FontDefinitions::default();
    let mut data = egui::FontData::from_owned(bytes);
    data.index = index;
    fonts.font_data.insert("cjk".into(), Arc::new(data));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("cjk".into());
    }
    ctx.set_fonts(fonts);
    true
}
