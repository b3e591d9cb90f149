//! The TOML codebook format: `[codebook]`, then `[[variable]]` tables each with `[[variable.value]]`.
//! Parsing keeps the byte spans of keys and codes so that every validation problem names its line.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

use super::CodebookProblem;
use crate::model::{
    CodeValue, Codebook, CodebookTranslations, DEFAULT_CODEBOOK_LANGUAGE, Kind, Level,
    ListTranslations, Translations, UnitField, ValueTranslations, Variable, VariableTranslations,
};

/// A text field: one text in the codebook's language (`label = "Food"`), or one per language
/// (`label.en = "Food"`, `label.zh = "美食"`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Texts {
    One(String),
    ByLanguage(BTreeMap<String, String>),
}

/// A list field (`examples`), likewise.
#[derive(Deserialize)]
#[serde(untagged)]
enum Lists {
    One(Vec<String>),
    ByLanguage(BTreeMap<String, Vec<String>>),
}

/// Splits a field into the codebook language's text and the translations. A field given per
/// language must have the codebook's own language; a language code is letters (and `-`).
fn split<T: Default>(
    field: &str,
    by_language: Option<BTreeMap<String, T>>,
    one: Option<T>,
    language: &str,
) -> Result<(T, BTreeMap<String, T>), String> {
    if let Some(one) = one {
        return Ok((one, BTreeMap::new()));
    }
    let Some(mut by_language) = by_language else {
        return Ok((T::default(), BTreeMap::new()));
    };
    if let Some(bad) = by_language
        .keys()
        .find(|code| code.is_empty() || !code.chars().all(|c| c.is_ascii_alphabetic() || c == '-'))
    {
        return Err(format!(
            "{field}.{bad}: '{bad}' is not a language code (e.g. en, zh)"
        ));
    }
    let own = by_language.remove(language).ok_or_else(|| {
        let given: Vec<&str> = by_language.keys().map(String::as_str).collect();
        format!(
            "{field} is given in {} but not in the codebook's language '{language}' \
             (add {field}.{language}, or set language in [codebook])",
            given.join(", ")
        )
    })?;
    Ok((own, by_language))
}

fn split_text(
    field: &str,
    texts: Option<Texts>,
    language: &str,
) -> Result<(String, Translations), String> {
    match texts {
        None => Ok((String::new(), Translations::new())),
        Some(Texts::One(text)) => split(field, None, Some(text), language),
        Some(Texts::ByLanguage(map)) => split(field, Some(map), None, language),
    }
}

fn split_list(
    field: &str,
    lists: Option<Lists>,
    language: &str,
) -> Result<(Vec<String>, ListTranslations), String> {
    match lists {
        None => Ok((Vec::new(), BTreeMap::new())),
        Some(Lists::One(list)) => split(field, None, Some(list), language),
        Some(Lists::ByLanguage(map)) => split(field, Some(map), None, language),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    codebook: Option<HeaderDoc>,
    #[serde(default, rename = "variable")]
    variables: Vec<VariableDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderDoc {
    name: Option<String>,
    language: Option<Spanned<String>>,
    title: Option<Texts>,
    description: Option<Texts>,
    version: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VariableDoc {
    key: Spanned<String>,
    label: Option<Texts>,
    group: Option<Texts>,
    definition: Option<Texts>,
    level: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    required: Option<bool>,
    prefill: Option<Spanned<String>>,
    #[serde(default, rename = "value")]
    values: Vec<ValueDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueDoc {
    code: Spanned<i64>,
    label: Spanned<Texts>,
    definition: Option<Texts>,
    examples: Option<Lists>,
    counter_examples: Option<Lists>,
    parent: Option<Spanned<i64>>,
    shortcut: Option<Spanned<String>>,
    retired: Option<bool>,
    exclusive: Option<Spanned<bool>>,
}

/// Maps byte offsets to 1-based line numbers.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Lines { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

/// Parses and validates a codebook; on failure returns every problem found, each with its line.
pub fn parse_codebook(text: &str) -> Result<Codebook, Vec<CodebookProblem>> {
    let lines = Lines::new(text);
    let doc: FileDoc = toml::from_str(text).map_err(|error| {
        let (line, column) = match error.span() {
            Some(span) => {
                let line = lines.line_of(span.start);
                let column = text[lines.starts[line - 1]..span.start].chars().count() + 1;
                (line, Some(column))
            }
            None => (1, None),
        };
        vec![CodebookProblem {
            line,
            column,
            message: error.message().trim().to_owned(),
        }]
    })?;

    let mut problems = Vec::new();
    let mut problem = |offset: usize, message: String| {
        problems.push(CodebookProblem {
            line: lines.line_of(offset),
            column: None,
            message,
        })
    };

    let mut header = doc.codebook;
    let language = match header.as_mut().and_then(|h| h.language.take()) {
        Some(language) => {
            let at = language.span().start;
            let code = language.into_inner();
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
                problem(
                    at,
                    format!("language '{code}' is not a language code (e.g. en, zh)"),
                );
            }
            Some(code)
        }
        None => None,
    };
    let own_language = language
        .as_deref()
        .unwrap_or(DEFAULT_CODEBOOK_LANGUAGE)
        .to_owned();
    let version = match header.as_ref().and_then(|h| h.version.as_ref()) {
        Some(version) if *version.get_ref() < 1 => {
            problem(version.span().start, "version must be 1 or more".into());
            1
        }
        Some(version) => *version.get_ref(),
        None => 1,
    };

    let mut variables = Vec::new();
    let mut first_line_of_key: BTreeMap<String, usize> = BTreeMap::new();
    for doc in doc.variables {
        let key_at = doc.key.span().start;
        let key = doc.key.into_inner();
        if !is_identifier(&key) {
            problem(
                key_at,
                format!(
                    "variable key '{key}' must start with a letter and use only letters, digits and _"
                ),
            );
        }
        if key.len() > MAX_KEY_LENGTH {
            problem(
                key_at,
                format!(
                    "variable key '{key}' is {} characters long; keys are at most {MAX_KEY_LENGTH} (SPSS allows 64 bytes for a name, and exports add suffixes such as _12 and _c3)",
                    key.len()
                ),
            );
        }
        if let Some(first) = first_line_of_key.get(&key) {
            problem(
                key_at,
                format!("duplicate variable key '{key}' (first at line {first})"),
            );
        } else {
            first_line_of_key.insert(key.clone(), lines.line_of(key_at));
        }

        let kind = match &doc.kind {
            None => Kind::Single,
            Some(kind) => kind.get_ref().parse().unwrap_or_else(|message| {
                problem(kind.span().start, format!("variable '{key}': {message}"));
                Kind::Single
            }),
        };
        let default_level = match kind {
            Kind::Number => Level::Ratio,
            _ => Level::Nominal,
        };
        let level = match &doc.level {
            None => default_level,
            Some(level) => level.get_ref().parse().unwrap_or_else(|message| {
                problem(level.span().start, format!("variable '{key}': {message}"));
                default_level
            }),
        };
        if kind == Kind::Text && level != Level::Nominal {
            let at = doc.level.as_ref().map_or(key_at, |l| l.span().start);
            problem(
                at,
                format!("variable '{key}': text variables can only be nominal"),
            );
        }
        if kind.has_values() && doc.values.is_empty() {
            problem(
                key_at,
                format!("variable '{key}' is {kind} but has no [[variable.value]]"),
            );
        }
        if !kind.has_values() && !doc.values.is_empty() {
            problem(
                doc.values[0].code.span().start,
                format!("variable '{key}' is {kind}: it cannot have values"),
            );
        }
        let prefill = doc.prefill.map(|prefill| {
            let at = prefill.span().start;
            let name = prefill.into_inner();
            if kind != Kind::Number {
                problem(
                    at,
                    format!("variable '{key}': prefill is only for number variables"),
                );
            } else if !is_identifier(&name) {
                problem(
                    at,
                    format!("variable '{key}': prefill '{name}' is not a field name"),
                );
            } else if UnitField::from_name(&name).is_some_and(|f| !UnitField::NUMERIC.contains(&f))
            {
                problem(
                    at,
                    format!("variable '{key}': unit field '{name}' is not numeric"),
                );
            }
            name
        });

        let (values, exclusive_at) =
            validate_values(&key, doc.values, &lines, &own_language, &mut problem);
        if kind != Kind::Multi
            && let Some(&at) = exclusive_at.first()
        {
            problem(
                at,
                format!(
                    "variable '{key}': exclusive is only for multi-select values (the values of a {kind} variable exclude each other already)"
                ),
            );
        }
        let mut text = |field: &str, texts: Option<Texts>| {
            split_text(field, texts, &own_language).unwrap_or_else(|message| {
                problem(key_at, format!("variable '{key}': {message}"));
                Default::default()
            })
        };
        let given_group = doc.group.is_some();
        let (label, label_translations) = text("label", doc.label);
        let (group, group_translations) = text("group", doc.group);
        let (definition, definition_translations) = text("definition", doc.definition);
        variables.push(Variable {
            key,
            label,
            group: Some(group).filter(|g| given_group && !g.trim().is_empty()),
            definition,
            level,
            kind,
            required: doc.required.unwrap_or(false),
            prefill,
            values,
            translations: VariableTranslations {
                label: label_translations,
                group: group_translations,
                definition: definition_translations,
            },
        });
    }
    for variable in &mut variables {
        if variable.label.trim().is_empty() {
            variable.label = variable.key.clone();
        }
    }

    let header = header.unwrap_or(HeaderDoc {
        name: None,
        language: None,
        title: None,
        description: None,
        version: None,
    });
    let mut header_text = |field: &str, texts: Option<Texts>| {
        split_text(field, texts, &own_language).unwrap_or_else(|message| {
            problem(0, format!("[codebook] {message}"));
            Default::default()
        })
    };
    let (title, title_translations) = header_text("title", header.title);
    let (description, description_translations) = header_text("description", header.description);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Codebook {
        name: header.name.unwrap_or_default(),
        title,
        description,
        version,
        variables,
        language,
        translations: CodebookTranslations {
            title: title_translations,
            description: description_translations,
        },
    })
}

fn validate_values(
    key: &str,
    docs: Vec<ValueDoc>,
    lines: &Lines,
    language: &str,
    problem: &mut impl FnMut(usize, String),
) -> (Vec<CodeValue>, Vec<usize>) {
    let mut exclusive_at = Vec::new();
    let mut line_of_code: BTreeMap<i64, usize> = BTreeMap::new();
    let mut line_of_label: BTreeMap<String, usize> = BTreeMap::new();
    let mut line_of_shortcut: BTreeMap<String, usize> = BTreeMap::new();
    let mut parents = Vec::new();
    let mut values = Vec::new();
    for doc in docs {
        let code_at = doc.code.span().start;
        let code = *doc.code.get_ref();
        if let Some(first) = line_of_code.insert(code, lines.line_of(code_at)) {
            problem(
                code_at,
                format!("variable '{key}': duplicate code {code} (first at line {first})"),
            );
            line_of_code.insert(code, first);
        }
        let label_at = doc.label.span().start;
        let mut text = |field: &str, texts: Option<Texts>| {
            split_text(field, texts, language).unwrap_or_else(|message| {
                problem(
                    label_at,
                    format!("variable '{key}': value {code}: {message}"),
                );
                Default::default()
            })
        };
        let (label, label_translations) = text("label", Some(doc.label.into_inner()));
        let (definition, definition_translations) = text("definition", doc.definition);
        let mut list = |field: &str, lists: Option<Lists>| {
            split_list(field, lists, language).unwrap_or_else(|message| {
                problem(
                    label_at,
                    format!("variable '{key}': value {code}: {message}"),
                );
                Default::default()
            })
        };
        let (examples, examples_translations) = list("examples", doc.examples);
        let (counter_examples, counter_translations) =
            list("counter_examples", doc.counter_examples);
        if label.trim().is_empty() {
            problem(
                label_at,
                format!("variable '{key}': value {code} has an empty label"),
            );
        } else if let Some(first) = line_of_label.get(&label.trim().to_lowercase()) {
            problem(
                label_at,
                format!("variable '{key}': duplicate label '{label}' (first at line {first})"),
            );
        } else {
            line_of_label.insert(label.trim().to_lowercase(), lines.line_of(label_at));
        }
        let shortcut = doc.shortcut.map(|shortcut| {
            let at = shortcut.span().start;
            let text = shortcut.into_inner();
            if text.chars().count() != 1 || text.trim().is_empty() {
                problem(
                    at,
                    format!("variable '{key}': shortcut '{text}' must be a single key"),
                );
            } else if let Some(first) =
                line_of_shortcut.insert(text.to_lowercase(), lines.line_of(at))
            {
                problem(
                    at,
                    format!("variable '{key}': shortcut '{text}' is already used at line {first}"),
                );
            }
            text
        });
        if let Some(parent) = &doc.parent {
            parents.push((code, *parent.get_ref(), parent.span().start));
        }
        if let Some(exclusive) = &doc.exclusive
            && *exclusive.get_ref()
        {
            exclusive_at.push(exclusive.span().start);
        }
        values.push(CodeValue {
            code,
            label,
            definition,
            examples,
            counter_examples,
            parent: doc.parent.map(Spanned::into_inner),
            shortcut,
            retired: doc.retired.unwrap_or(false),
            exclusive: doc.exclusive.as_ref().is_some_and(|e| *e.get_ref()),
            translations: ValueTranslations {
                label: label_translations,
                definition: definition_translations,
                examples: examples_translations,
                counter_examples: counter_translations,
            },
        });
    }
    let parent_of: BTreeMap<i64, i64> = parents.iter().map(|&(c, p, _)| (c, p)).collect();
    for &(code, parent, at) in &parents {
        if !line_of_code.contains_key(&parent) {
            problem(
                at,
                format!("variable '{key}': value {code} has parent {parent}, which does not exist"),
            );
            continue;
        }
        // Walk up the chain; a chain longer than the number of values must loop.
        let mut seen = BTreeSet::from([code]);
        let mut current = parent;
        while let Some(&next) = parent_of.get(&current) {
            if !seen.insert(current) {
                break;
            }
            current = next;
        }
        if seen.contains(&current) {
            problem(
                at,
                format!("variable '{key}': value {code} is its own ancestor (parent cycle)"),
            );
        }
    }
    (values, exclusive_at)
}

/// The longest variable key: with the suffixes of the wide exports (`_CODE` for a multi-select
/// value, `_cN` for a coder) a column name stays within SPSS's 64 bytes.
pub const MAX_KEY_LENGTH: usize = 48;

/// A variable key as Codingdesk writes them: a letter, then letters, digits and `_`, at most 48
/// characters (safe as a file name and an SPSS name stem).
pub fn is_key(text: &str) -> bool {
    text.len() <= MAX_KEY_LENGTH && is_identifier(text)
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::to_toml;

    fn problems(text: &str) -> Vec<String> {
        parse_codebook(text)
            .unwrap_err()
            .into_iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn exclusive_values_are_read_written_and_only_for_multi_select() {
        let multi = r#"
[codebook]
name = "t"

[[variable]]
key = "shooting"
kind = "multi"

  [[variable.value]]
  code = 1
  label = "Aerial"

  [[variable.value]]
  code = 9
  label = "None of these"
  exclusive = true
"#;
        let codebook = parse_codebook(multi).unwrap();
        let values = &codebook.variables[0].values;
        assert_eq!(
            values.iter().map(|v| v.exclusive).collect::<Vec<_>>(),
            [false, true]
        );
        let again = parse_codebook(&to_toml(&codebook)).unwrap();
        assert_eq!(again, codebook);
        let single = multi.replace("kind = \"multi\"", "kind = \"single\"");
        let problems = problems(&single);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("exclusive is only for multi-select values")),
            "{problems:?}"
        );
    }

    const SMALL: &str = r#"
[codebook]
name = "t"

[[variable]]
key = "emotion"
label = "情感倾向"
level = "ordinal"

  [[variable.value]]
  code = 1
  label = "Negative"

  [[variable.value]]
  code = 2
  label = "Positive"
  examples = ["\"美\" 太好看了"]
"#;

    const BILINGUAL: &str = r#"
[codebook]
name = "t"
title.en = "Emotion study"
title.zh = "情感研究"

[[variable]]
key = "emotion"
label.en = "Emotional tendency"
label.zh = "情感倾向"
group = "3 Emotion"
definition.en = "The attitude towards the city."
definition.zh = "对城市的态度。"
level = "ordinal"

  [[variable.value]]
  code = 1
  label.en = "Negative"
  label.zh = "负面"
  examples.en = ["'Never again'"]
  examples.zh = ["“再也不来了”"]

  [[variable.value]]
  code = 2
  label = "Positive"
"#;

    #[test]
    fn per_language_fields_parse_localize_and_round_trip() {
        let codebook = parse_codebook(BILINGUAL).unwrap();
        assert_eq!(codebook.title, "Emotion study");
        assert_eq!(codebook.languages(), ["en", "zh"]);
        let variable = &codebook.variables[0];
        assert_eq!(variable.label, "Emotional tendency");
        assert_eq!(variable.translations.label["zh"], "情感倾向");
        assert_eq!(
            variable.values[0].translations.examples["zh"],
            ["“再也不来了”"]
        );

        // Chinese where the codebook has it, the codebook's own text where not.
        let zh = codebook.localized(crate::i18n::Lang::Zh);
        assert_eq!(zh.title, "情感研究");
        assert_eq!(zh.variables[0].label, "情感倾向");
        assert_eq!(zh.variables[0].group.as_deref(), Some("3 Emotion"));
        assert_eq!(zh.variables[0].values[0].label, "负面");
        assert_eq!(zh.variables[0].values[0].examples, ["“再也不来了”"]);
        assert_eq!(zh.variables[0].values[1].label, "Positive");
        assert_eq!(codebook.localized(crate::i18n::Lang::En), codebook);

        // Lossless: every language comes back, in the dotted form.
        let written = to_toml(&codebook);
        assert!(written.contains("label.zh = \"负面\""), "{written}");
        assert!(written.contains("  label = \"Positive\""), "{written}");
        assert_eq!(parse_codebook(&written).unwrap(), codebook);
        // A label in either language names the value.
        assert_eq!(variable.value_by_code_or_label("负面").unwrap().code, 1);
    }

    #[test]
    fn a_chinese_codebook_says_its_language_and_keeps_it() {
        let text = r#"
[codebook]
name = "zh"
language = "zh"

[[variable]]
key = "theme"
label.zh = "主题"
label.en = "Theme"

  [[variable.value]]
  code = 1
  label.zh = "美食"
  label.en = "Food"
"#;
        let codebook = parse_codebook(text).unwrap();
        assert_eq!(codebook.language(), "zh");
        assert_eq!(codebook.variables[0].label, "主题");
        let en = codebook.localized(crate::i18n::Lang::En);
        assert_eq!(en.variables[0].values[0].label, "Food");
        assert_eq!(parse_codebook(&to_toml(&codebook)).unwrap(), codebook);
    }

    #[test]
    fn a_field_without_the_codebooks_own_language_is_refused_with_its_line() {
        let text = "[codebook]\nname = \"t\"\n\n[[variable]]\nkey = \"theme\"\nlabel.zh = \"主题\"\nkind = \"text\"\n";
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("line 5:"), "{found:?}");
        assert!(
            found[0].contains("label is given in zh but not in the codebook's language 'en'"),
            "{found:?}"
        );
        let bad_code = "[codebook]\nname = \"t\"\nlanguage = \"中文\"\n";
        assert!(problems(bad_code)[0].contains("is not a language code"));
    }

    #[test]
    fn a_small_codebook_parses_with_defaults() {
        let codebook = parse_codebook(SMALL).unwrap();
        let variable = &codebook.variables[0];
        assert_eq!(variable.kind, Kind::Single);
        assert_eq!(variable.level, Level::Ordinal);
        assert_eq!(variable.values[1].examples, vec!["\"美\" 太好看了"]);
        assert_eq!(codebook.version, 1);
    }

    #[test]
    fn export_then_parse_is_lossless() {
        let codebook = parse_codebook(SMALL).unwrap();
        let again = parse_codebook(&to_toml(&codebook)).unwrap();
        assert_eq!(codebook, again);
    }

    #[test]
    fn keys_too_long_for_spss_are_refused_with_their_line() {
        let long = "k".repeat(MAX_KEY_LENGTH + 1);
        let found = problems(&SMALL.replace("key = \"emotion\"", &format!("key = \"{long}\"")));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("at most 48"), "{found:?}");
        let fits = "k".repeat(MAX_KEY_LENGTH);
        assert!(
            parse_codebook(&SMALL.replace("key = \"emotion\"", &format!("key = \"{fits}\"")))
                .is_ok()
        );
    }

    #[test]
    fn duplicate_codes_name_both_lines() {
        let text = SMALL.replace("code = 2", "code = 1");
        assert_eq!(
            problems(&text),
            vec!["line 15: variable 'emotion': duplicate code 1 (first at line 11)"]
        );
    }

    #[test]
    fn unknown_level_names_its_line() {
        let text = SMALL.replace("\"ordinal\"", "\"ordnial\"");
        let found = problems(&text);
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("line 8: variable 'emotion': unknown level 'ordnial'"));
    }

    #[test]
    fn missing_parent_and_cycles_are_reported() {
        let text = r#"
[[variable]]
key = "city"
  [[variable.value]]
  code = 1
  label = "A"
  parent = 2
  [[variable.value]]
  code = 2
  label = "B"
  parent = 1
  [[variable.value]]
  code = 3
  label = "C"
  parent = 9
"#;
        let found = problems(text);
        assert!(
            found
                .iter()
                .any(|p| p.contains("line 15") && p.contains("parent 9"))
        );
        assert!(
            found
                .iter()
                .any(|p| p.contains("line 7") && p.contains("cycle"))
        );
    }

    #[test]
    fn syntax_errors_and_unknown_keys_carry_line_and_column() {
        let found = parse_codebook("[[variable]]\nkey = \"a\"\nlable = \"x\"\n").unwrap_err();
        assert_eq!(found[0].line, 3);
        assert!(found[0].message.contains("lable"), "{}", found[0].message);
        let found = parse_codebook("[[variable]]\nkey = \n").unwrap_err();
        assert_eq!(found[0].line, 2);
    }

    #[test]
    fn the_documented_example_parses() {
        let doc = include_str!("../../docs/codebook.md");
        let start = doc.find("```toml\n").unwrap() + "```toml\n".len();
        let end = start + doc[start..].find("```").unwrap();
        let codebook = parse_codebook(&doc[start..end]).unwrap();
        assert_eq!(codebook.variables.len(), 5);
        assert_eq!(codebook.variables[3].prefill.as_deref(), Some("likes"));
    }

    #[test]
    fn kinds_and_values_must_fit() {
        let found =
            problems("[[variable]]\nkey = \"likes\"\nkind = \"number\"\nprefill = \"caption\"\n");
        assert_eq!(
            found,
            vec!["line 4: variable 'likes': unit field 'caption' is not numeric"]
        );
        let found = problems("[[variable]]\nkey = \"theme\"\n");
        assert_eq!(
            found,
            vec!["line 2: variable 'theme' is single but has no [[variable.value]]"]
        );
        let found = problems(
            "[[variable]]\nkey = \"1x\"\nkind=\"text\"\n[[variable]]\nkey = \"1x\"\nkind=\"text\"\n",
        );
        assert_eq!(found.len(), 3, "{found:?}");
    }
}
