//! Writing a codebook in the documented TOML layout (`parse_codebook` in `toml_format` reads
//! it back unchanged): plain fields for one language, dotted `field.LANG` keys for several.

use std::fmt::Write;

use crate::model::{Codebook, ListTranslations, Translations};

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn quoted_list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|item| quoted(item)).collect();
    format!("[{}]", inner.join(", "))
}

/// Writes `field = "text"`, or with translations one line per language, the codebook's own first:
/// `field.en = "…"`, `field.zh = "…"`.
fn write_text(
    out: &mut String,
    indent: &str,
    field: &str,
    text: &str,
    translations: &Translations,
    language: &str,
) {
    if translations.is_empty() {
        let _ = writeln!(out, "{indent}{field} = {}", quoted(text));
        return;
    }
    let _ = writeln!(out, "{indent}{field}.{language} = {}", quoted(text));
    for (code, translated) in translations {
        let _ = writeln!(out, "{indent}{field}.{code} = {}", quoted(translated));
    }
}

/// The same for a list; an empty list without translations is left out.
fn write_list(
    out: &mut String,
    indent: &str,
    field: &str,
    list: &[String],
    translations: &ListTranslations,
    language: &str,
) {
    if translations.is_empty() {
        if !list.is_empty() {
            let _ = writeln!(out, "{indent}{field} = {}", quoted_list(list));
        }
        return;
    }
    let _ = writeln!(out, "{indent}{field}.{language} = {}", quoted_list(list));
    for (code, translated) in translations {
        let _ = writeln!(out, "{indent}{field}.{code} = {}", quoted_list(translated));
    }
}

/// Writes a codebook in the documented TOML layout; `parse_codebook` reads it back unchanged.
pub fn to_toml(codebook: &Codebook) -> String {
    let mut out = String::new();
    let language = codebook.language();
    // `write!` to a String cannot fail; the results are ignored on purpose.
    let _ = writeln!(out, "[codebook]");
    let _ = writeln!(out, "name = {}", quoted(&codebook.name));
    if let Some(language) = &codebook.language {
        let _ = writeln!(out, "language = {}", quoted(language));
    }
    let t = &codebook.translations;
    write_text(&mut out, "", "title", &codebook.title, &t.title, language);
    write_text(
        &mut out,
        "",
        "description",
        &codebook.description,
        &t.description,
        language,
    );
    let _ = writeln!(out, "version = {}", codebook.version);
    for variable in &codebook.variables {
        let t = &variable.translations;
        let _ = writeln!(out, "\n[[variable]]");
        let _ = writeln!(out, "key = {}", quoted(&variable.key));
        write_text(&mut out, "", "label", &variable.label, &t.label, language);
        if let Some(group) = &variable.group {
            write_text(&mut out, "", "group", group, &t.group, language);
        }
        write_text(
            &mut out,
            "",
            "definition",
            &variable.definition,
            &t.definition,
            language,
        );
        let _ = writeln!(out, "level = {}", quoted(variable.level.as_str()));
        let _ = writeln!(out, "kind = {}", quoted(variable.kind.as_str()));
        let _ = writeln!(out, "required = {}", variable.required);
        if let Some(prefill) = &variable.prefill {
            let _ = writeln!(out, "prefill = {}", quoted(prefill));
        }
        for value in &variable.values {
            let _ = writeln!(out, "\n  [[variable.value]]");
            let _ = writeln!(out, "  code = {}", value.code);
            let t = &value.translations;
            write_text(&mut out, "  ", "label", &value.label, &t.label, language);
            write_text(
                &mut out,
                "  ",
                "definition",
                &value.definition,
                &t.definition,
                language,
            );
            write_list(
                &mut out,
                "  ",
                "examples",
                &value.examples,
                &t.examples,
                language,
            );
            write_list(
                &mut out,
                "  ",
                "counter_examples",
                &value.counter_examples,
                &t.counter_examples,
                language,
            );
            if let Some(parent) = value.parent {
                let _ = writeln!(out, "  parent = {parent}");
            }
            if let Some(shortcut) = &value.shortcut {
                let _ = writeln!(out, "  shortcut = {}", quoted(shortcut));
            }
            if value.retired {
                let _ = writeln!(out, "  retired = true");
            }
            if value.exclusive {
                let _ = writeln!(out, "  exclusive = true");
            }
        }
    }
    out
}
