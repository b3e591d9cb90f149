//! The domain model: codebooks, units and codes as plain data, shared by the store, the importers,
//! the statistics and the GUI. Nothing here knows about SQL or egui.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use crate::extra_fields::ExtraFields;

crate::listed_enum! {
    /// Level of measurement of a variable; decides which distance an agreement measure uses.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Level {
        Nominal,
        Ordinal,
        Interval,
        Ratio,
    }
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Nominal => "nominal",
            Level::Ordinal => "ordinal",
            Level::Interval => "interval",
            Level::Ratio => "ratio",
        }
    }
}

impl Level {
    /// The level's name as methods texts in `lang` use it (定类, 定序, 定距, 定比).
    pub fn name(self, lang: crate::i18n::Lang) -> String {
        match self {
            Level::Nominal => crate::tr_in!(lang, "level-nominal"),
            Level::Ordinal => crate::tr_in!(lang, "level-ordinal"),
            Level::Interval => crate::tr_in!(lang, "level-interval"),
            Level::Ratio => crate::tr_in!(lang, "level-ratio"),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|level| level.as_str() == s)
            .ok_or_else(|| {
                format!("unknown level '{s}' (expected nominal, ordinal, interval or ratio)")
            })
    }
}

crate::listed_enum! {
    /// What a coder enters for a variable.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Kind {
        /// Exactly one value of the codebook.
        Single,
        /// Any number of values of the codebook ("several may apply").
        Multi,
        /// A number, optionally pre-filled from a unit field.
        Number,
        /// Free text.
        Text,
    }
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multi => "multi",
            Kind::Number => "number",
            Kind::Text => "text",
        }
    }

    /// Whether the variable's answers are codes from its list of values.
    pub fn has_values(self) -> bool {
        matches!(self, Kind::Single | Kind::Multi)
    }
}

impl Kind {
    /// What kind of answer the variable takes, in `lang`.
    pub fn name(self, lang: crate::i18n::Lang) -> String {
        match self {
            Kind::Single => crate::tr_in!(lang, "kind-single"),
            Kind::Multi => crate::tr_in!(lang, "kind-multi"),
            Kind::Number => crate::tr_in!(lang, "kind-number"),
            Kind::Text => crate::tr_in!(lang, "kind-text"),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| format!("unknown kind '{s}' (expected single, multi, number or text)"))
    }
}

/// One value (category) of a variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeValue {
    pub code: i64,
    pub label: String,
    pub definition: String,
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
    /// Code of the parent value in the same variable (hierarchical codebooks roll up to it).
    pub parent: Option<i64>,
    /// Key a coder presses to pick this value; defaults to the code's digit in the desk.
    pub shortcut: Option<String>,
    /// Hidden from coders but kept, with its codes, in the data.
    pub retired: bool,
    /// A multi-select value that stands alone ("None of these"): ticking it clears the others,
    /// ticking another clears it, and a set holding it with another value is not valid.
    #[serde(default)]
    pub exclusive: bool,
    /// The value's texts in other languages than the codebook's own.
    #[serde(default, skip_serializing_if = "ValueTranslations::is_empty")]
    pub translations: ValueTranslations,
}

impl CodeValue {
    pub fn new(code: i64, label: &str, definition: &str) -> Self {
        CodeValue {
            code,
            label: label.to_owned(),
            definition: definition.to_owned(),
            examples: Vec::new(),
            counter_examples: Vec::new(),
            parent: None,
            shortcut: None,
            retired: false,
            exclusive: false,
            translations: ValueTranslations::default(),
        }
    }
}

/// Texts by language code (`zh` → "自然风光"): a codebook text in the languages other than the
/// codebook's own.
pub type Translations = BTreeMap<String, String>;

/// Lists (examples) by language code.
pub type ListTranslations = BTreeMap<String, Vec<String>>;

/// A variable's label, group and definition in other languages.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VariableTranslations {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub label: Translations,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub group: Translations,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub definition: Translations,
}

impl VariableTranslations {
    pub fn is_empty(&self) -> bool {
        self.label.is_empty() && self.group.is_empty() && self.definition.is_empty()
    }
}

/// A value's label, definition and examples in other languages.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueTranslations {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub label: Translations,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub definition: Translations,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub examples: ListTranslations,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub counter_examples: ListTranslations,
}

impl ValueTranslations {
    pub fn is_empty(&self) -> bool {
        self.label.is_empty()
            && self.definition.is_empty()
            && self.examples.is_empty()
            && self.counter_examples.is_empty()
    }
}

/// A codebook's title and description in other languages.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CodebookTranslations {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub title: Translations,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub description: Translations,
}

impl CodebookTranslations {
    pub fn is_empty(&self) -> bool {
        self.title.is_empty() && self.description.is_empty()
    }
}

/// The language a codebook's own texts are in when it does not say: English.
pub const DEFAULT_CODEBOOK_LANGUAGE: &str = "en";

/// `text` replaced by its translation into `lang`, where there is one.
fn translate(text: &mut String, translations: &Translations, lang: &str) {
    if let Some(translated) = translations.get(lang).filter(|t| !t.trim().is_empty()) {
        text.clone_from(translated);
    }
}

/// One variable of a codebook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variable {
    pub key: String,
    pub label: String,
    /// Heading under which the coding form groups the variable (e.g. "6 Interaction").
    pub group: Option<String>,
    pub definition: String,
    pub level: Level,
    pub kind: Kind,
    pub required: bool,
    /// For number variables: the unit field that pre-fills the answer (e.g. `likes`).
    pub prefill: Option<String>,
    pub values: Vec<CodeValue>,
    /// The variable's texts in other languages than the codebook's own.
    #[serde(default, skip_serializing_if = "VariableTranslations::is_empty")]
    pub translations: VariableTranslations,
}

impl Variable {
    /// The value `levels_up` steps above `code` in a hierarchical codebook (the top one if the
    /// chain is shorter; `code` itself for a top-level value).
    pub fn ancestor(&self, code: i64, levels_up: usize) -> i64 {
        let mut current = code;
        // A chain longer than the number of values would be a cycle, which validation refuses.
        for _ in 0..levels_up.min(self.values.len()) {
            match self.value(current).and_then(|v| v.parent) {
                Some(parent) => current = parent,
                None => break,
            }
        }
        current
    }

    /// The top-level value above `code` (a primary category).
    pub fn root(&self, code: i64) -> i64 {
        self.ancestor(code, self.values.len())
    }

    /// How many levels the hierarchy has below its top (0: not hierarchical).
    pub fn depth(&self) -> usize {
        self.values
            .iter()
            .map(|v| {
                let mut steps = 0;
                let mut current = v.code;
                while let Some(parent) = self.value(current).and_then(|x| x.parent) {
                    steps += 1;
                    current = parent;
                    if steps > self.values.len() {
                        break;
                    }
                }
                steps
            })
            .max()
            .unwrap_or(0)
    }

    pub fn value(&self, code: i64) -> Option<&CodeValue> {
        self.values.iter().find(|value| value.code == code)
    }

    /// Why a set of ticked values breaks the codebook's rule that an exclusive value ("None of
    /// these") stands alone, if it does.
    pub fn exclusive_conflict(&self, codes: &[i64]) -> Option<String> {
        if codes.len() < 2 {
            return None;
        }
        let alone = codes
            .iter()
            .filter_map(|&code| self.value(code))
            .find(|value| value.exclusive)?;
        Some(format!(
            "{} '{}' stands alone and cannot be ticked with other values ({})",
            alone.code,
            alone.label,
            codes
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(";")
        ))
    }

    /// The set a coder has after ticking or unticking `code` in `codes`: ticking an exclusive
    /// value clears the others, ticking another clears the exclusive ones.
    pub fn toggled(&self, codes: &[i64], code: i64) -> Vec<i64> {
        if codes.contains(&code) {
            return codes.iter().copied().filter(|&c| c != code).collect();
        }
        if self.value(code).is_some_and(|value| value.exclusive) {
            return vec![code];
        }
        let mut codes: Vec<i64> = codes
            .iter()
            .copied()
            .filter(|&c| !self.value(c).is_some_and(|value| value.exclusive))
            .collect();
        codes.push(code);
        codes
    }

    /// Finds a value by its code written as text, or by its label (case-insensitive).
    pub fn value_by_code_or_label(&self, text: &str) -> Option<&CodeValue> {
        let text = text.trim();
        if let Ok(code) = text.parse::<i64>() {
            return self.value(code);
        }
        let same = |label: &str| label.trim().eq_ignore_ascii_case(text) || label.trim() == text;
        self.values
            .iter()
            .find(|value| same(&value.label))
            // A label in another of the codebook's languages names the value as well.
            .or_else(|| {
                self.values
                    .iter()
                    .find(|value| value.translations.label.values().any(|l| same(l)))
            })
    }
}

/// A whole codebook: what the coders code.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Codebook {
    /// Short machine name, e.g. `tiktok-six`.
    pub name: String,
    pub title: String,
    pub description: String,
    /// Increases with every change to the codebook inside a project.
    pub version: i64,
    pub variables: Vec<Variable>,
    /// The language of the texts above (`en`, `zh`), where the codebook says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The title and description in other languages.
    #[serde(default, skip_serializing_if = "CodebookTranslations::is_empty")]
    pub translations: CodebookTranslations,
}

impl Codebook {
    /// The language of the codebook's own texts.
    pub fn language(&self) -> &str {
        self.language
            .as_deref()
            .unwrap_or(DEFAULT_CODEBOOK_LANGUAGE)
    }

    /// The languages the codebook has text in: its own, then its translations'.
    pub fn languages(&self) -> Vec<String> {
        let mut found = std::collections::BTreeSet::new();
        found.extend(self.translations.title.keys().cloned());
        found.extend(self.translations.description.keys().cloned());
        for variable in &self.variables {
            found.extend(variable.translations.label.keys().cloned());
            found.extend(variable.translations.definition.keys().cloned());
            for value in &variable.values {
                found.extend(value.translations.label.keys().cloned());
            }
        }
        found.remove(self.language());
        std::iter::once(self.language().to_owned())
            .chain(found)
            .collect()
    }

    /// The codebook as a reader of `lang` sees it: every text in `lang` where the codebook has
    /// it, in the codebook's own language where not. Keys, codes and structure are unchanged,
    /// so codes given against it are codes of the codebook itself.
    pub fn localized(&self, lang: crate::i18n::Lang) -> Codebook {
        let mut shown = self.clone();
        let lang = lang.code();
        if lang == self.language() {
            return shown;
        }
        translate(&mut shown.title, &self.translations.title, lang);
        translate(&mut shown.description, &self.translations.description, lang);
        for variable in &mut shown.variables {
            let t = &variable.translations;
            translate(&mut variable.label, &t.label, lang);
            translate(&mut variable.definition, &t.definition, lang);
            if let (Some(group), Some(translated)) = (&mut variable.group, t.group.get(lang)) {
                group.clone_from(translated);
            }
            for value in &mut variable.values {
                let t = &value.translations;
                translate(&mut value.label, &t.label, lang);
                translate(&mut value.definition, &t.definition, lang);
                if let Some(examples) = t.examples.get(lang) {
                    value.examples.clone_from(examples);
                }
                if let Some(examples) = t.counter_examples.get(lang) {
                    value.counter_examples.clone_from(examples);
                }
            }
        }
        shown
    }

    pub fn variable(&self, key: &str) -> Option<&Variable> {
        self.variables.iter().find(|variable| variable.key == key)
    }

    /// The variables' keys, for messages: "theme, emotion, …".
    pub fn variable_keys(&self) -> String {
        self.variables
            .iter()
            .map(|v| v.key.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The fixed fields every unit has. Anything else a file brings is kept in [`Unit::extra`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitField {
    Id,
    Platform,
    Url,
    Account,
    PublishedAt,
    Title,
    Caption,
    DurationS,
    Plays,
    Likes,
    Comments,
    Shares,
    Favorites,
    Media,
    /// The post's video: a local file or a link (a column named `video`, `video_url` …).
    Video,
}

impl UnitField {
    /// The field's name for people, in `lang` ("likes", "点赞数").
    pub fn label(self, lang: crate::i18n::Lang) -> String {
        match self {
            UnitField::Id => crate::tr_in!(lang, "field-id"),
            UnitField::Platform => crate::tr_in!(lang, "field-platform"),
            UnitField::Url => crate::tr_in!(lang, "field-url"),
            UnitField::Account => crate::tr_in!(lang, "field-account"),
            UnitField::PublishedAt => crate::tr_in!(lang, "field-published"),
            UnitField::Title => crate::tr_in!(lang, "field-title"),
            UnitField::Caption => crate::tr_in!(lang, "field-caption"),
            UnitField::DurationS => crate::tr_in!(lang, "field-duration"),
            UnitField::Plays => crate::tr_in!(lang, "field-plays"),
            UnitField::Likes => crate::tr_in!(lang, "field-likes"),
            UnitField::Comments => crate::tr_in!(lang, "field-comments"),
            UnitField::Shares => crate::tr_in!(lang, "field-shares"),
            UnitField::Favorites => crate::tr_in!(lang, "field-favourites"),
            UnitField::Media => crate::tr_in!(lang, "field-media"),
            UnitField::Video => crate::tr_in!(lang, "field-video"),
        }
    }

    /// A field of the units table named for people: a unit field's label, any other name (a
    /// variable's key, a column the file brought) as it is.
    pub fn label_of(name: &str, lang: crate::i18n::Lang) -> String {
        UnitField::from_name(name).map_or_else(|| name.to_owned(), |field| field.label(lang))
    }

    pub const ALL: [UnitField; 15] = [
        UnitField::Id,
        UnitField::Platform,
        UnitField::Url,
        UnitField::Account,
        UnitField::PublishedAt,
        UnitField::Title,
        UnitField::Caption,
        UnitField::DurationS,
        UnitField::Plays,
        UnitField::Likes,
        UnitField::Comments,
        UnitField::Shares,
        UnitField::Favorites,
        UnitField::Media,
        UnitField::Video,
    ];

    /// A count, date-time or duration: fields whose value is measured, not free text.
    pub fn is_measure(self) -> bool {
        match self {
            UnitField::PublishedAt
            | UnitField::DurationS
            | UnitField::Plays
            | UnitField::Likes
            | UnitField::Comments
            | UnitField::Shares
            | UnitField::Favorites => true,
            UnitField::Id
            | UnitField::Platform
            | UnitField::Url
            | UnitField::Account
            | UnitField::Title
            | UnitField::Caption
            | UnitField::Media
            | UnitField::Video => false,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            UnitField::Id => "id",
            UnitField::Platform => "platform",
            UnitField::Url => "url",
            UnitField::Account => "account",
            UnitField::PublishedAt => "published_at",
            UnitField::Title => "title",
            UnitField::Caption => "caption",
            UnitField::DurationS => "duration_s",
            UnitField::Plays => "plays",
            UnitField::Likes => "likes",
            UnitField::Comments => "comments",
            UnitField::Shares => "shares",
            UnitField::Favorites => "favorites",
            UnitField::Media => "media",
            UnitField::Video => "video",
        }
    }

    pub fn from_name(name: &str) -> Option<UnitField> {
        UnitField::ALL
            .into_iter()
            .find(|field| field.name() == name)
    }

    /// Engagement counts: integers, parsed from platform notation such as `1.2万`.
    pub fn is_count(self) -> bool {
        matches!(
            self,
            UnitField::Plays
                | UnitField::Likes
                | UnitField::Comments
                | UnitField::Shares
                | UnitField::Favorites
        )
    }

    /// The numeric fields that analyses can use by name.
    pub const NUMERIC: [UnitField; 6] = [
        UnitField::DurationS,
        UnitField::Plays,
        UnitField::Likes,
        UnitField::Comments,
        UnitField::Shares,
        UnitField::Favorites,
    ];
}

/// A value of an imported column that has no fixed field: numbers stay numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ExtraValue {
    Number(f64),
    Text(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Image,
    Video,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
        }
    }

    /// Guesses the kind from a file name or URL; `None` for anything that is not media.
    pub fn from_path(path: &str) -> Option<MediaKind> {
        let lower = path.to_lowercase();
        let without_query = lower.split(['?', '#']).next().unwrap_or_default();
        let extension = without_query.rsplit_once('.').map(|(_, ext)| ext)?;
        match extension {
            "jpg" | "jpeg" | "png" | "webp" | "gif" | "bmp" | "tif" | "tiff" | "heic" => {
                Some(MediaKind::Image)
            }
            "mp4" | "mov" | "webm" | "mkv" | "avi" | "m4v" | "flv" | "3gp" => {
                Some(MediaKind::Video)
            }
            _ => None,
        }
    }
}

impl FromStr for MediaKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "image" => Ok(MediaKind::Image),
            "video" => Ok(MediaKind::Video),
            other => Err(format!("unknown media kind '{other}'")),
        }
    }
}

/// A media file of a unit; `path` is relative to the project file's folder (or a URL).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Media {
    pub path: String,
    pub kind: MediaKind,
}

/// One unit of analysis: a post or a video.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Unit {
    /// Stable id from the platform or the sample (unique in a study).
    pub uid: String,
    pub platform: Option<String>,
    pub url: Option<String>,
    pub account: Option<String>,
    /// ISO 8601: `YYYY-MM-DDTHH:MM:SSZ` when the source gave a moment (epoch), otherwise the
    /// local date-time as written (`YYYY-MM-DDTHH:MM:SS`) or a date (`YYYY-MM-DD`).
    pub published_at: Option<String>,
    pub title: Option<String>,
    pub caption: Option<String>,
    pub duration_s: Option<f64>,
    pub plays: Option<i64>,
    pub likes: Option<i64>,
    pub comments: Option<i64>,
    pub shares: Option<i64>,
    pub favorites: Option<i64>,
    pub extra: ExtraFields,
    pub media: Vec<Media>,
}

impl Unit {
    /// A numeric field by name: a fixed one (`likes`) or a numeric extra column.
    pub fn number(&self, field: &str) -> Option<f64> {
        match UnitField::from_name(field) {
            Some(UnitField::DurationS) => self.duration_s,
            Some(UnitField::Plays) => self.plays.map(|v| v as f64),
            Some(UnitField::Likes) => self.likes.map(|v| v as f64),
            Some(UnitField::Comments) => self.comments.map(|v| v as f64),
            Some(UnitField::Shares) => self.shares.map(|v| v as f64),
            Some(UnitField::Favorites) => self.favorites.map(|v| v as f64),
            Some(_) => None,
            None => match self.extra.get(field) {
                Some(ExtraValue::Number(number)) => Some(*number),
                _ => None,
            },
        }
    }
}

/// What one coder entered for one variable of one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Code(i64),
    /// Sorted, without duplicates. Empty means "looked, none applies".
    Codes(Vec<i64>),
    Number(f64),
    Text(String),
}

impl Answer {
    /// Builds a multi-select answer in canonical (sorted, de-duplicated) form.
    pub fn codes(mut codes: Vec<i64>) -> Answer {
        codes.sort_unstable();
        codes.dedup();
        Answer::Codes(codes)
    }

    /// A stable text form for logs and exports: `3`, `1;4`, `12.5`, or the text.
    pub fn to_plain(&self) -> String {
        match self {
            Answer::Code(code) => code.to_string(),
            Answer::Codes(codes) => codes
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(";"),
            Answer::Number(number) => format_number(*number),
            Answer::Text(text) => text.clone(),
        }
    }

    pub fn fits(&self, kind: Kind) -> bool {
        matches!(
            (self, kind),
            (Answer::Code(_), Kind::Single)
                | (Answer::Codes(_), Kind::Multi)
                | (Answer::Number(_), Kind::Number)
                | (Answer::Text(_), Kind::Text)
        )
    }
}

/// Formats a number without a trailing `.0` for whole values, as people write them.
pub fn format_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_and_kind_round_trip_through_text() {
        for level in Level::ALL {
            assert_eq!(level.as_str().parse::<Level>(), Ok(level));
        }
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
        }
        assert!("nominl".parse::<Level>().unwrap_err().contains("nominl"));
    }

    #[test]
    fn media_kind_is_guessed_from_extension_and_ignores_queries() {
        assert_eq!(MediaKind::from_path("a/B.JPG"), Some(MediaKind::Image));
        assert_eq!(
            MediaKind::from_path("https://x/v.mp4?sig=1"),
            Some(MediaKind::Video)
        );
        assert_eq!(MediaKind::from_path("notes.txt"), None);
        assert_eq!(MediaKind::from_path("noextension"), None);
    }

    #[test]
    fn multi_answers_are_canonical() {
        assert_eq!(Answer::codes(vec![3, 1, 3]), Answer::Codes(vec![1, 3]));
        assert_eq!(Answer::codes(vec![3, 1]).to_plain(), "1;3");
        assert_eq!(Answer::Number(12.0).to_plain(), "12");
        assert_eq!(Answer::Number(1.5).to_plain(), "1.5");
    }

    #[test]
    fn values_are_found_by_code_or_label() {
        let variable = Variable {
            key: "emotion".into(),
            label: "Emotion".into(),
            group: None,
            definition: String::new(),
            level: Level::Ordinal,
            kind: Kind::Single,
            required: true,
            prefill: None,
            values: vec![
                CodeValue::new(1, "Negative", ""),
                CodeValue::new(3, "正面", ""),
            ],
            translations: VariableTranslations::default(),
        };
        assert_eq!(
            variable.value_by_code_or_label("3").map(|v| v.code),
            Some(3)
        );
        assert_eq!(
            variable.value_by_code_or_label("negative").map(|v| v.code),
            Some(1)
        );
        assert_eq!(
            variable.value_by_code_or_label("正面").map(|v| v.code),
            Some(3)
        );
        assert!(variable.value_by_code_or_label("2").is_none());
    }
}
