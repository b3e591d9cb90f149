//! Codebooks shipped with the program, selectable by name (`--codebook tiktok-six`).

use super::{CodebookError, parse_codebook};
use crate::i18n::Lang;
use crate::model::Codebook;

pub struct Preset {
    pub name: &'static str,
    pub summary: &'static str,
    pub summary_zh: &'static str,
    pub toml: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "tiktok-six",
        summary: "Six categories of city short videos: theme, shooting, emotion, narrative, source, interaction",
        summary_zh: "城市短视频六类目:主题、拍摄、情感、叙事、信息来源、互动",
        toml: include_str!("../../assets/codebooks/tiktok-six.toml"),
    },
    Preset {
        name: "city-image",
        summary: "City image of government videos: 5 primary / 16 secondary categories",
        summary_zh: "政务短视频的城市形象:5 个一级 / 16 个二级类目",
        toml: include_str!("../../assets/codebooks/city-image.toml"),
    },
    Preset {
        name: "lynch",
        summary: "Lynch's five elements: paths, edges, districts, nodes, landmarks",
        summary_zh: "林奇城市意象五要素:道路、边界、区域、节点、标志物",
        toml: include_str!("../../assets/codebooks/lynch.toml"),
    },
    Preset {
        name: "xiaohongshu",
        summary: "Xiaohongshu segments (strategy, food, scenery, copywriting, niche, hotels) and city labels",
        summary_zh: "小红书内容板块(攻略、美食、风景、文案、小众、酒店)与城市标签",
        toml: include_str!("../../assets/codebooks/xiaohongshu.toml"),
    },
    Preset {
        name: "blank",
        summary: "An empty codebook",
        summary_zh: "空白编码表",
        toml: include_str!("../../assets/codebooks/blank.toml"),
    },
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.name == name)
}

impl Preset {
    /// The one-line description, in `lang`.
    pub fn summary(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.summary,
            Lang::Zh => self.summary_zh,
        }
    }

    pub fn codebook(&self) -> Result<Codebook, CodebookError> {
        parse_codebook(self.toml).map_err(|problems| CodebookError::Invalid {
            file: format!("preset {}", self.name),
            problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::to_toml;
    use crate::i18n::Lang;
    use crate::model::Kind;

    #[test]
    fn every_preset_parses_round_trips_and_defines_every_value() {
        for preset in PRESETS {
            let codebook = preset.codebook().unwrap();
            assert_eq!(codebook.name, preset.name);
            assert_eq!(parse_codebook(&to_toml(&codebook)).unwrap(), codebook);
            for variable in &codebook.variables {
                assert!(!variable.definition.is_empty(), "{}", variable.key);
                for value in &variable.values {
                    assert!(
                        value.definition.len() > 10,
                        "{}: {} has no usable definition",
                        variable.key,
                        value.label
                    );
                }
            }
        }
    }

    /// Every preset speaks both languages: a Chinese coder never meets an English label,
    /// definition or example in a preset.
    #[test]
    fn every_preset_is_in_english_and_chinese() {
        for preset in PRESETS {
            let codebook = preset.codebook().unwrap();
            let zh = codebook.localized(Lang::Zh);
            assert_ne!(zh.title, codebook.title, "{}", preset.name);
            for (variable, shown) in codebook.variables.iter().zip(&zh.variables) {
                let place = format!("{}/{}", preset.name, variable.key);
                assert!(
                    variable.translations.label.contains_key("zh"),
                    "{place} label"
                );
                if !variable.definition.is_empty() {
                    assert!(
                        variable.translations.definition.contains_key("zh"),
                        "{place}"
                    );
                }
                if variable.group.is_some() {
                    assert!(
                        variable.translations.group.contains_key("zh"),
                        "{place} group"
                    );
                }
                for (value, shown) in variable.values.iter().zip(&shown.values) {
                    let place = format!("{place} = {}", value.code);
                    assert!(value.translations.label.contains_key("zh"), "{place}");
                    assert!(value.translations.definition.contains_key("zh"), "{place}");
                    assert_eq!(value.examples.len(), shown.examples.len(), "{place}");
                    assert_eq!(value.counter_examples.len(), shown.counter_examples.len());
                    if !value.examples.is_empty() {
                        assert!(value.translations.examples.contains_key("zh"), "{place}");
                    }
                }
            }
        }
    }

    #[test]
    fn city_image_has_five_primary_and_sixteen_secondary_categories() {
        let codebook = preset("city-image").unwrap().codebook().unwrap();
        let values = &codebook.variable("city_image").unwrap().values;
        assert_eq!(values.iter().filter(|v| v.parent.is_none()).count(), 5);
        assert_eq!(values.iter().filter(|v| v.parent.is_some()).count(), 16);
    }

    #[test]
    fn tiktok_six_covers_the_six_categories() {
        let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
        let groups: std::collections::BTreeSet<_> = codebook
            .variables
            .iter()
            .filter_map(|v| v.group.clone())
            .collect();
        assert_eq!(groups.len(), 6);
        assert_eq!(codebook.variable("narrative").unwrap().kind, Kind::Multi);
        let emotion = codebook.variable("emotion").unwrap();
        let labels: Vec<_> = emotion.values.iter().map(|v| v.label.as_str()).collect();
        assert_eq!(labels, ["Negative", "Neutral", "Positive"]);
    }
}
