//! SPSS: the native system file (.sav) and the wide CSV with its syntax file (.sps), with
//! variable and value labels, levels and dates; names made SPSS names, labels one quoted line.

use std::path::Path;

use crate::i18n::Lang;
use crate::model::{Kind, Level};
use crate::results::Source;
use crate::store::Project;

use super::wide::{UNIT_COLUMNS, unit_column_names, wide};
use super::{ExportError, csv_error, csv_writer, formula};

/// The native SPSS system file: the same columns, labels and levels as the SPSS pair, text
/// exactly as stored (line breaks too: a .sav has no lines), blanks system-missing and
/// `published_at` an SPSS date and time.
pub fn sav(
    project: &Project,
    path: &Path,
    coders: &[String],
    source: &Source,
    lang: Lang,
) -> Result<(), ExportError> {
    use super::sav::{Measure, SavKind, SavValue, SavVariable};
    let dataset = crate::results::dataset(project, source)?;
    let table = wide(project, &dataset, coders, lang)?;
    let unit_names = unit_column_names(&table.columns);
    let text_width = |column: usize| -> usize {
        table
            .rows
            .iter()
            .map(|row| row[column].len())
            .max()
            .unwrap_or(0)
            .clamp(1, SPSS_MAX_STRING)
    };
    let published_at = UNIT_COLUMNS.iter().position(|c| *c == "published_at");
    let mut variables = Vec::with_capacity(table.header.len());
    for (i, name) in unit_names.iter().enumerate() {
        let kind = if Some(i) == published_at {
            SavKind::DateTime
        } else if i < 7 {
            SavKind::Text {
                width: text_width(i),
            }
        } else {
            SavKind::Number {
                width: 12,
                decimals: 0,
            }
        };
        variables.push(SavVariable {
            name: spss_name(name),
            label: name.clone(),
            measure: if i < 7 && Some(i) != published_at {
                Measure::Nominal
            } else {
                Measure::Scale
            },
            kind,
            value_labels: Vec::new(),
        });
    }
    for (k, column) in table.columns.iter().enumerate() {
        let at = unit_names.len() + k;
        let (kind, measure, value_labels) = if column.is_text() {
            (
                SavKind::Text {
                    width: text_width(at),
                },
                Measure::Nominal,
                Vec::new(),
            )
        } else {
            match &column.variable {
                None => (
                    SavKind::Number {
                        width: 16,
                        decimals: if column.values.is_some() { 6 } else { 4 },
                    },
                    Measure::Scale,
                    Vec::new(),
                ),
                Some(variable) => match (variable.kind, column.code) {
                    (Kind::Multi, Some(_)) => (
                        SavKind::Number {
                            width: 8,
                            decimals: 0,
                        },
                        Measure::Nominal,
                        vec![(0.0, "not ticked".to_owned()), (1.0, "ticked".to_owned())],
                    ),
                    (Kind::Single, _) => (
                        SavKind::Number {
                            width: 8,
                            decimals: 0,
                        },
                        match variable.level {
                            Level::Nominal => Measure::Nominal,
                            Level::Ordinal => Measure::Ordinal,
                            _ => Measure::Scale,
                        },
                        variable
                            .values
                            .iter()
                            .map(|v| (v.code as f64, v.label.clone()))
                            .collect(),
                    ),
                    _ => (
                        SavKind::Number {
                            width: 12,
                            decimals: 2,
                        },
                        Measure::Scale,
                        Vec::new(),
                    ),
                },
            }
        };
        variables.push(SavVariable {
            name: spss_name(&column.name),
            label: column.label.clone(),
            kind,
            measure,
            value_labels,
        });
    }
    let rows: Vec<Vec<SavValue>> = table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&variables)
                .map(|(cell, variable)| match variable.kind {
                    SavKind::Text { .. } => SavValue::Text(cell.clone()),
                    SavKind::DateTime => SavValue::Number(
                        chrono::DateTime::parse_from_rfc3339(cell.trim())
                            .ok()
                            .map(|t| super::sav::spss_seconds(t.timestamp())),
                    ),
                    SavKind::Number { .. } => SavValue::Number(cell.trim().parse::<f64>().ok()),
                })
                .collect()
        })
        .collect();
    let write_error = |source: std::io::Error| ExportError::Write {
        file: path.display().to_string(),
        source,
    };
    let file = std::fs::File::create(path).map_err(write_error)?;
    let title = project.title()?;
    super::sav::write_sav(
        std::io::BufWriter::new(file),
        &title,
        &variables,
        &rows,
        chrono::Local::now().naive_local(),
    )
    .map_err(write_error)
}

/// SPSS's widest string variable, in bytes.
const SPSS_MAX_STRING: usize = 32_767;

/// Characters that end a line for SPSS's line-by-line data reader, or that a data line should
/// not hold (control characters, tabs included).
fn breaks_an_spss_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The text on one line: each run of line breaks and control characters becomes one space.
fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    let mut in_break = false;
    for c in text.chars() {
        if breaks_an_spss_line(c) {
            if !in_break {
                line.push(' ');
            }
            in_break = true;
        } else {
            line.push(c);
            in_break = false;
        }
    }
    line
}

/// SPSS's limit for a variable name, in bytes.
const SPSS_NAME_BYTES: usize = 64;

/// Words SPSS reserves: never a variable name.
const SPSS_RESERVED: [&str; 13] = [
    "ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH",
];

/// A column name as SPSS takes it, made from any text (a units file's header is anyone's text):
/// letters, digits and `_` only, starting with a letter, never a reserved word, at most 64
/// bytes. A name that had to change, or was too long, ends in `_` and 8 hex digits of a hash of
/// the whole original, so names stay unique and stable; the variable label keeps the text.
/// Nothing of the text can reach the syntax as a command.
fn spss_name(name: &str) -> String {
    let mut clean: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !clean.chars().next().is_some_and(char::is_alphabetic) {
        clean.insert(0, 'v');
    }
    let reserved = SPSS_RESERVED.contains(&clean.to_ascii_uppercase().as_str());
    if clean == name && !reserved && clean.len() <= SPSS_NAME_BYTES {
        return clean;
    }
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut cut = clean.len().min(SPSS_NAME_BYTES - 9);
    while !clean.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{:08x}", &clean[..cut], hash as u32)
}

/// Text as an SPSS string: quotes doubled, and on one line (a line break in a label would end
/// the command there, and what follows would run as syntax).
fn quote(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("'{}'", one_line.replace('\'', "''"))
}

/// The wide CSV plus SPSS syntax (`.sps` beside it) that reads it with variable labels, value
/// labels and measurement levels.
/// The SPSS pair: `path` (the data, CSV) and `NAME.sps` (the syntax that reads it with labels
/// and levels). `data_at` is where the data file will be once in place: the syntax names it by
/// its full path, so it runs from any working folder.
pub fn spss(
    project: &Project,
    path: &Path,
    data_at: &Path,
    coders: &[String],
    source: &Source,
    lang: Lang,
) -> Result<std::path::PathBuf, ExportError> {
    let dataset = crate::results::dataset(project, source)?;
    let mut table = wide(project, &dataset, coders, lang)?;
    // SPSS's GET DATA reads one case per line: a line break inside a quoted caption (common on
    // TikTok and Douyin) split a unit into two cases. Line breaks, tabs and other control
    // characters become spaces here; the text is otherwise as stored.
    for row in &mut table.rows {
        for cell in row.iter_mut() {
            if cell.chars().any(breaks_an_spss_line) {
                *cell = one_line(cell);
            }
        }
    }
    // SPSS reads the CSV as UTF-8 by the syntax's /ENCODING; no byte-order mark. The CSV is
    // guarded against spreadsheet formulas like every CSV Codingdesk writes (someone will
    // double-click it), and the syntax takes the guard off again (below), so SPSS reads "@b".
    let mut out = csv_writer(path, false)?;
    for row in std::iter::once(&table.header).chain(&table.rows) {
        out.write_record(row).map_err(csv_error(path))?;
    }
    out.flush().map_err(|source| ExportError::Write {
        file: path.display().to_string(),
        source,
    })?;
    drop(out);
    // Each text column as wide as its longest value (in bytes, as SPSS counts), at least 1 and
    // at most SPSS's 32,767.
    let width = |column: usize| -> usize {
        table
            .rows
            .iter()
            // As written: with the formula guard's apostrophe where there is one.
            .map(|row| formula::neutralise(&row[column]).len())
            .max()
            .unwrap_or(0)
            .clamp(1, SPSS_MAX_STRING)
    };
    let columns = table.columns;
    let data_file = std::path::absolute(data_at)
        .unwrap_or_else(|_| data_at.to_owned())
        .display()
        .to_string();
    let mut sps = String::new();
    sps.push_str(
        "* Encoding: UTF-8.\n* Written by Codingdesk. The data file is named by its full path: if you move the\n* files, change /FILE below to where the CSV is now.\n",
    );
    sps.push_str(&format!(
        "GET DATA\n  /TYPE=TXT\n  /FILE={}\n  /ENCODING='UTF8'\n  /DELCASE=LINE\n  /DELIMITERS=\",\"\n  /QUALIFIER='\"'\n  /ARRANGEMENT=DELIMITED\n  /FIRSTCASE=2\n  /VARIABLES=\n",
        quote(&data_file)
    ));
    let unit_names = unit_column_names(&columns);
    for (i, name) in unit_names[..7].iter().enumerate() {
        sps.push_str(&format!("    {} A{}\n", spss_name(name), width(i)));
    }
    for name in &unit_names[7..] {
        sps.push_str(&format!("    {} F12.2\n", spss_name(name)));
    }
    for (i, column) in columns.iter().enumerate() {
        let text = format!("A{}", width(unit_names.len() + i));
        let format = match column.variable.as_ref().map(|v| v.kind) {
            None if column.values.is_some() => "F12.6",
            None if column.is_text() => &text,
            None if column.extra.is_some() => "F16.4",
            Some(Kind::Text) => &text,
            Some(Kind::Number) => "F12.2",
            _ => "F8.0",
        };
        sps.push_str(&format!("    {} {format}\n", spss_name(&column.name)));
    }
    sps.push_str("  .\nCACHE.\nEXECUTE.\n\n");
    // The formula guard off again: a leading apostrophe before = + - @ (after any further
    // apostrophes) is the guard's, never the data's (see `formula.rs`).
    let text_names: Vec<String> = unit_names[..7]
        .iter()
        .map(|name| spss_name(name))
        .chain(
            columns
                .iter()
                .filter(|column| column.is_text())
                .map(|column| spss_name(&column.name)),
        )
        .collect();
    sps.push_str(
        "* Take off the apostrophe that keeps spreadsheets from running a cell as a formula.\n",
    );
    for name in &text_names {
        sps.push_str(&format!(
            "DO IF SUBSTR({name}, 1, 1) = \"'\" AND ANY(SUBSTR(LTRIM({name}, \"'\"), 1, 1), \"=\", \"+\", \"-\", \"@\").\n  COMPUTE {name} = SUBSTR({name}, 2).\nEND IF.\n"
        ));
    }
    sps.push_str("EXECUTE.\n\nVARIABLE LABELS\n  ");
    let labelled: Vec<String> = columns
        .iter()
        .map(|c| format!("{} {}", spss_name(&c.name), quote(&c.label)))
        .collect();
    sps.push_str(&labelled.join("\n  /"));
    sps.push_str(".\n\nVALUE LABELS\n  ");
    let mut value_labels = Vec::new();
    for column in &columns {
        let Some(variable) = &column.variable else {
            continue;
        };
        let pairs: Vec<String> = match (variable.kind, column.code) {
            (Kind::Multi, Some(_)) => vec!["0 'not ticked'".into(), "1 'ticked'".into()],
            (Kind::Single, _) => variable
                .values
                .iter()
                .map(|v| format!("{} {}", v.code, quote(&v.label)))
                .collect(),
            _ => continue,
        };
        value_labels.push(format!("{} {}", spss_name(&column.name), pairs.join(" ")));
    }
    sps.push_str(&value_labels.join("\n  /"));
    sps.push_str(".\n\nVARIABLE LEVEL\n  ");
    let levels: Vec<String> = columns
        .iter()
        .filter_map(|c| {
            let variable = c.variable.as_ref()?;
            let level = match (variable.kind, variable.level) {
                (Kind::Multi, _) | (_, Level::Nominal) => "NOMINAL",
                (_, Level::Ordinal) => "ORDINAL",
                _ => "SCALE",
            };
            Some(format!("{} ({level})", spss_name(&c.name)))
        })
        .collect();
    sps.push_str(&levels.join("\n  /"));
    sps.push_str(".\nEXECUTE.\n");
    let syntax = path.with_extension("sps");
    std::fs::write(&syntax, sps).map_err(|source| ExportError::Write {
        file: syntax.display().to_string(),
        source,
    })?;
    Ok(syntax)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spss_names_fit_64_bytes_and_stay_unique() {
        assert_eq!(spss_name("theme_c2"), "theme_c2");
        let long = format!("{}_12_c3", "k".repeat(60));
        let mapped = spss_name(&long);
        assert!(mapped.len() <= 64, "{mapped}");
        assert!(mapped.starts_with("kkkk"));
        let chinese = "传播力指数".repeat(6);
        let mapped_chinese = spss_name(&chinese);
        assert!(mapped_chinese.len() <= 64);
        assert!(mapped_chinese.starts_with("传播力指数"));
        assert_ne!(spss_name(&format!("{long}x")), mapped);
    }

    /// Issue 29: a units file's header is anyone's text; as a name it is letters, digits and _
    /// only, and as a label one quoted line.
    #[test]
    fn no_text_reaches_spss_syntax_as_a_command() {
        let header = "x A2000\n.\nHOST COMMAND=['touch PWNED'].\n*";
        let name = spss_name(header);
        assert!(
            name.chars().all(|c| c.is_alphanumeric() || c == '_'),
            "{name}"
        );
        assert!(name.starts_with("x_A2000"), "{name}");
        assert_ne!(spss_name("a b"), spss_name("a_b"));
        assert_eq!(spss_name("a_b"), "a_b");
        assert!(spss_name("1st").starts_with("v1st_"));
        assert!(spss_name("TO").starts_with("TO_"));
        assert!(spss_name("with").starts_with("with_"));
        assert_eq!(spss_name("视频标题"), "视频标题");
        let label = quote(header);
        assert!(!label.contains('\n') && label.starts_with('\'') && label.ends_with('\''));
        assert_eq!(quote("it's"), "'it''s'");
    }
}
