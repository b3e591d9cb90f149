//! The languages Codingdesk speaks, and its message catalogues.
//!
//! Every sentence the window, the report and the exports show comes from a Fluent catalogue under
//! `assets/i18n/<language>/`, compiled into the program. Fluent does the plural forms
//! (`{ $count -> [one] … *[other] … }`) and the numbers' formatting; the messages say where the
//! numbers go, so a Chinese sentence can order them as Chinese does. A unit test fails when a
//! message exists in one language and not in the other, when a catalogue does not parse, and when
//! the code asks for a message no catalogue has.
//!
//! The window's language is per thread ([`set_ui_language`]) so that tests driving the window in
//! different languages can run side by side; everything else (the report, exports, the CLI) is
//! given its language explicitly.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

crate::listed_enum! {
    /// A language of the interface. The order is the order of the language menu.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Lang {
        #[serde(rename = "en")]
        En,
        #[serde(rename = "zh")]
        Zh,
    }
}

impl Lang {
    /// The code used in files, settings and `--lang`: `en`, `zh`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language's name in itself, for the language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language a locale name asks for (`zh_CN.UTF-8`, `zh-Hans-CN`, `en-GB`, `C`), if we
    /// speak it. Any Chinese locale gets simplified Chinese: it is the only Chinese we have.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let language = locale
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match language.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of this computer's user: `LC_ALL`, `LC_MESSAGES`, `LANG` (as POSIX orders
    /// them), then the system's own setting; English when none of them is one we speak.
    pub fn system() -> Lang {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(value) = std::env::var(name)
                && !value.is_empty()
            {
                // The first set variable decides, as it does for every other program.
                return Lang::from_locale(&value).unwrap_or(Lang::En);
            }
        }
        sys_locale::get_locale()
            .and_then(|locale| Lang::from_locale(&locale))
            .unwrap_or(Lang::En)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(text: &str) -> Result<Lang, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "zh" | "zh-cn" | "zh_cn" | "chinese" | "中文" => Ok(Lang::Zh),
            other => Err(format!("unknown language '{other}' (expected en or zh)")),
        }
    }
}

/// The catalogue files, per language, in the order they are loaded. One list, so the
/// completeness test and the loader cannot disagree about which files exist.
const CATALOGUES: &[(&str, [&str; 2])] = &[
    (
        "ui.ftl",
        [
            include_str!("../assets/i18n/en/ui.ftl"),
            include_str!("../assets/i18n/zh/ui.ftl"),
        ],
    ),
    (
        "report.ftl",
        [
            include_str!("../assets/i18n/en/report.ftl"),
            include_str!("../assets/i18n/zh/report.ftl"),
        ],
    ),
];

fn index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Zh => 1,
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle; 2] {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| Lang::ALL.map(build_bundle))
}

fn build_bundle(lang: Lang) -> Bundle {
    let id: LanguageIdentifier = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks around every placeable are for mixed-direction text; egui would draw
    // them as boxes, and neither of our languages is right-to-left.
    bundle.set_use_isolating(false);
    for (_, texts) in CATALOGUES {
        // A catalogue that does not parse keeps the messages that do; the unit test below fails
        // on any error, so a broken catalogue never ships.
        let resource = match FluentResource::try_new(texts[index(lang)].to_owned()) {
            Ok(resource) => resource,
            Err((resource, _)) => resource,
        };
        if let Err(errors) = bundle.add_resource(resource) {
            debug_assert!(errors.is_empty(), "duplicate messages: {errors:?}");
        }
    }
    bundle
}

/// Arguments of a message: `$count`, `$name`… Numbers stay numbers, so Fluent can pick the plural
/// form and format them.
#[derive(Default)]
pub struct Args {
    args: FluentArgs<'static>,
}

impl Args {
    pub fn new() -> Args {
        Args::default()
    }

    pub fn set(&mut self, name: &'static str, value: impl IntoArg) -> &mut Args {
        self.args.set(name, value.into_arg());
        self
    }
}

/// What a message argument can be.
pub trait IntoArg {
    fn into_arg(self) -> FluentValue<'static>;
}

impl IntoArg for String {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self)
    }
}

impl IntoArg for &String {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}

impl IntoArg for &str {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self.to_owned())
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl IntoArg for $t {
            fn into_arg(self) -> FluentValue<'static> {
                FluentValue::from(self)
            }
        }
        impl IntoArg for &$t {
            fn into_arg(self) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )*};
}
number_args!(i32, i64, u32, u64, usize, f64);

/// The message `id` in `lang`. A missing message shows its id rather than nothing (the tests make
/// sure none is missing).
pub fn text(lang: Lang, id: &str) -> String {
    format(lang, id, None)
}

/// The message `id` in `lang` with its arguments filled in.
pub fn text_with(lang: Lang, id: &str, args: &Args) -> String {
    format(lang, id, Some(&args.args))
}

fn format(lang: Lang, id: &str, args: Option<&FluentArgs<'static>>) -> String {
    let bundle = &bundles()[index(lang)];
    let (message_id, attribute) = match id.split_once('.') {
        Some((message, attribute)) => (message, Some(attribute)),
        None => (id, None),
    };
    let Some(message) = bundle.get_message(message_id) else {
        return id.to_owned();
    };
    let pattern = match attribute {
        Some(attribute) => message.get_attribute(attribute).map(|a| a.value()),
        None => message.value(),
    };
    let Some(pattern) = pattern else {
        return id.to_owned();
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    debug_assert!(errors.is_empty(), "message {id}: {errors:?}");
    text.into_owned()
}

thread_local! {
    static UI_LANGUAGE: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Sets the language the window speaks on this thread (the window sets it every frame).
pub fn set_ui_language(lang: Lang) {
    UI_LANGUAGE.with(|cell| cell.set(Some(lang)));
}

/// The language the window speaks on this thread: the one set, else the system's.
pub fn ui_language() -> Lang {
    UI_LANGUAGE.with(|cell| match cell.get() {
        Some(lang) => lang,
        None => {
            let lang = Lang::system();
            cell.set(Some(lang));
            lang
        }
    })
}

/// A message in the window's language: `tr!("desk-save")`, `tr!("queue-left", count = n)`.
#[macro_export]
macro_rules! tr {
    ($id:literal) => {
        $crate::i18n::text($crate::i18n::ui_language(), $id)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $( args.set(stringify!($name), $value); )+
        $crate::i18n::text_with($crate::i18n::ui_language(), $id, &args)
    }};
}

/// A message in a given language (the report, exports, the CLI): `tr_in!(lang, "report-title")`.
#[macro_export]
macro_rules! tr_in {
    ($lang:expr, $id:literal) => {
        $crate::i18n::text($lang, $id)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $( args.set(stringify!($name), $value); )+
        $crate::i18n::text_with($lang, $id, &args)
    }};
}

/// Text given in several languages (a codebook's labels and definitions): the primary text, and
/// its translations by language code.
pub type Translations = BTreeMap<String, String>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Message ids and their attributes (`id`, `id.attribute`) of one catalogue text, with the
    /// parse errors.
    fn ids(text: &str) -> (BTreeSet<String>, Vec<String>) {
        use fluent_syntax::ast::Entry;
        let (resource, errors) = match fluent_syntax::parser::parse(text) {
            Ok(resource) => (resource, Vec::new()),
            Err((resource, errors)) => (resource, errors),
        };
        let mut ids = BTreeSet::new();
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let id = message.id.name.to_owned();
                for attribute in &message.attributes {
                    ids.insert(format!("{id}.{}", attribute.id.name));
                }
                ids.insert(id);
            }
        }
        (ids, errors.iter().map(|e| format!("{e:?}")).collect())
    }

    #[test]
    fn every_message_exists_in_every_language_and_parses() {
        for (file, texts) in CATALOGUES {
            let (english, errors) = ids(texts[index(Lang::En)]);
            assert!(errors.is_empty(), "en/{file}: {errors:?}");
            let (chinese, errors) = ids(texts[index(Lang::Zh)]);
            assert!(errors.is_empty(), "zh/{file}: {errors:?}");
            let only_english: Vec<_> = english.difference(&chinese).collect();
            let only_chinese: Vec<_> = chinese.difference(&english).collect();
            assert!(
                only_english.is_empty() && only_chinese.is_empty(),
                "{file}: only in English: {only_english:?}; only in Chinese: {only_chinese:?}"
            );
        }
    }

    /// Every `tr!("…")`/`tr_in!(…, "…")` in the source names a message that exists, and every
    /// message is used somewhere, so the catalogues neither miss nor collect dead text. (Message
    /// ids are always literals: a message chosen at run time is a `match` over an enum.)
    #[test]
    fn the_code_and_the_catalogues_name_the_same_messages() {
        let mut defined = BTreeSet::new();
        for (_, texts) in CATALOGUES {
            defined.extend(ids(texts[index(Lang::En)]).0);
        }
        let mut used = BTreeSet::new();
        let mut files = Vec::new();
        collect_rust_files(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path(),
            &mut files,
        );
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            for (macro_name, skip_language) in [("tr!(", false), ("tr_in!(", true)] {
                for (at, _) in source.match_indices(macro_name) {
                    // `include_str!(` is not `tr!(`.
                    let before = source[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let mut rest = &source[at + macro_name.len()..];
                    if skip_language {
                        // The language argument comes first.
                        match rest.find(',') {
                            Some(comma) => rest = &rest[comma + 1..],
                            None => continue,
                        }
                    }
                    if let Some(id) = first_literal(rest) {
                        used.insert(id);
                    }
                }
            }
        }
        let missing: Vec<_> = used.difference(&defined).collect();
        assert!(
            missing.is_empty(),
            "used but not in the catalogues: {missing:?}"
        );
        let unused: Vec<_> = defined
            .iter()
            .filter(|id| !id.contains('.') && !used.contains(*id))
            .collect();
        assert!(
            unused.is_empty(),
            "in the catalogues but never used: {unused:?}"
        );
    }

    fn first_literal(text: &str) -> Option<String> {
        let text = text.trim_start();
        let rest = text.strip_prefix('"')?;
        let end = rest.find('"')?;
        Some(rest[..end].to_owned())
    }

    fn collect_rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect_rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n.rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn locales_choose_the_language() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::from_locale("zh-Hans-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_locale("zh_TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_locale("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C"), None);
        assert_eq!(Lang::from_locale("de_DE"), None);
        assert_eq!("ZH".parse::<Lang>(), Ok(Lang::Zh));
        assert!("fr".parse::<Lang>().is_err());
    }

    #[test]
    fn plurals_and_numbers_come_from_the_catalogue() {
        assert_eq!(
            tr_in!(Lang::En, "team-write", count = 1),
            "Write a package for 1 coder"
        );
        assert_eq!(
            tr_in!(Lang::En, "team-write", count = 3),
            "Write packages for 3 coders"
        );
        assert_eq!(
            tr_in!(Lang::Zh, "team-write", count = 3),
            "为 3 名编码员生成编码包"
        );
        // A number argument formatted by Fluent, in a sentence ordered as Chinese orders it.
        assert_eq!(
            tr_in!(Lang::Zh, "queue-showing", shown = 12, total = 50),
            "显示 12 / 50 个单元"
        );
    }

    #[test]
    fn each_thread_has_its_own_window_language() {
        set_ui_language(Lang::Zh);
        let other = std::thread::spawn(|| {
            set_ui_language(Lang::En);
            ui_language()
        })
        .join()
        .unwrap();
        assert_eq!(other, Lang::En);
        assert_eq!(ui_language(), Lang::Zh);
    }
}
