//! A CJK font and a symbols font from the usual system locations, for contexts without eframe's
//! system-font fallback (GUI tests, benchmarks), and for the window where eframe's search found
//! no font with Chinese glyphs.

use std::sync::Arc;

/// Fonts with the pictographs the built-in file browser draws (📂 🗀 🗋 ⬆ ⟲), tried in order.
const SYMBOLS: &[(&str, u32)] = &[
    (
        "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
        0,
    ),
    (
        "/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",
        0,
    ),
];

fn first_found<P: AsRef<std::path::Path>>(candidates: &[(P, u32)]) -> Option<egui::FontData> {
    candidates.iter().find_map(|(path, index)| {
        std::fs::read(path).ok().map(|bytes| {
            let mut data = egui::FontData::from_owned(bytes);
            data.index = *index;
            data
        })
    })
}

/// Adds the first CJK font found as a fallback of both families, and a symbols font if there is
/// one; false when there is no CJK font.
pub fn load_cjk_fallback(ctx: &egui::Context) -> bool {
    let Some(cjk) = first_found(&crate::system_fonts::cjk_candidates()) else {
        return false;
    };
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("cjk".into(), Arc::new(cjk));
    let symbols = first_found(SYMBOLS).map(|data| {
        fonts.font_data.insert("symbols".into(), Arc::new(data));
    });
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let names = fonts.families.entry(family).or_default();
        names.push("cjk".into());
        if symbols.is_some() {
            names.push("symbols".into());
        }
    }
    ctx.set_fonts(fonts);
    true
}
