//! Importing codes from a long CSV: `unit_id,coder,variable,value[,note]`, one row per code.
//! Values are codes or labels; multi-select values are `a;b`. The `long-csv` export (unit, coder,
//! variable, code, label) reads back through the same path.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::fields::normalize;
use super::table::{Cell, Position, ReadOptions, Table, read_table};
use super::{ImportError, ImportProblem};
use crate::model::{Answer, Codebook, Kind, Variable};
use crate::store::{CodingSummary, NewCoding, Project};

/// What an import of codes did.
#[derive(Debug, Clone)]
pub struct CodesReport {
    pub rows: usize,
    pub coders: Vec<String>,
    pub summary: CodingSummary,
}

/// A record's cells with its row number.
type NumberedCells = (usize, Vec<Cell>);

#[derive(Default)]
struct Columns {
    unit: Option<usize>,
    coder: Option<usize>,
    variable: Option<usize>,
    value: Option<usize>,
    label: Option<usize>,
    note: Option<usize>,
}

fn find_columns(headers: &[String]) -> Columns {
    let mut columns = Columns::default();
    for (index, header) in headers.iter().enumerate() {
        let slot = match normalize(header).as_str() {
            "unitid" | "unit" | "id" | "uid" => &mut columns.unit,
            "coder" | "codername" => &mut columns.coder,
            "variable" | "variablekey" | "var" | "key" => &mut columns.variable,
            "value" | "code" | "codes" => &mut columns.value,
            "label" | "valuelabel" => &mut columns.label,
            "note" | "notes" | "comment" => &mut columns.note,
            _ => continue,
        };
        slot.get_or_insert(index);
    }
    columns
}

/// An answer written as text: a code or label (multi-select `a;b`), a number, or text.
pub fn parse_answer(variable: &Variable, text: &str) -> Result<Answer, String> {
    let text = text.trim();
    let code_of = |part: &str| {
        variable
            .value_by_code_or_label(part)
            .map(|value| value.code)
            .ok_or_else(|| {
                let known: Vec<String> = variable
                    .values
                    .iter()
                    .map(|v| format!("{} {}", v.code, v.label))
                    .collect();
                format!(
                    "'{part}' is not a code or label of '{}' (values: {})",
                    variable.key,
                    known.join(", ")
                )
            })
    };
    match variable.kind {
        Kind::Single => code_of(text).map(Answer::Code),
        Kind::Multi => text
            .split(';')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(code_of)
            .collect::<Result<Vec<_>, _>>()
            .map(Answer::codes),
        Kind::Number => text
            .replace(',', "")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Answer::Number)
            .ok_or_else(|| format!("'{}' expects a number, found '{text}'", variable.key)),
        Kind::Text => Ok(Answer::Text(text.to_owned())),
    }
}

/// Checks a codes table against a codebook and the study's units; returns the codes or every
/// problem found.
pub fn read_codes(
    table: &Table,
    codebook: &Codebook,
    units: &HashSet<String>,
) -> Result<Vec<NewCoding>, Vec<ImportProblem>> {
    let found = find_columns(&table.headers);
    let has_header = found.unit.is_some() && found.coder.is_some() && found.variable.is_some();
    let (columns, headers, records): (Columns, Vec<String>, Vec<NumberedCells>) = if has_header {
        let records = table
            .records
            .iter()
            .map(|r| (r.at, r.cells.clone()))
            .collect();
        (found, table.headers.clone(), records)
    } else {
        // No recognisable header: the first row is data, in the documented column order.
        let mut records = vec![(
            1,
            table
                .headers
                .iter()
                .map(|h| Cell::Text(h.clone()))
                .collect::<Vec<_>>(),
        )];
        records.extend(table.records.iter().map(|r| (r.at, r.cells.clone())));
        let positional = Columns {
            unit: Some(0),
            coder: Some(1),
            variable: Some(2),
            value: Some(3).filter(|&i| i < table.headers.len()),
            label: None,
            note: Some(4).filter(|&i| i < table.headers.len()),
        };
        let names = ["unit_id", "coder", "variable", "value", "note"];
        let headers = (0..table.headers.len())
            .map(|i| {
                names
                    .get(i)
                    .map_or(format!("column {}", i + 1), |n| n.to_string())
            })
            .collect();
        (positional, headers, records)
    };
    let mut problems = Vec::new();
    if columns.value.is_none() && columns.label.is_none() {
        problems.push(ImportProblem::file(
            "no value column: expected columns unit_id, coder, variable, value[, note]".into(),
        ));
        return Err(problems);
    }
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    let mut codings = Vec::new();
    for (at, cells) in records {
        let cell = |index: Option<usize>| {
            index
                .and_then(|i| cells.get(i))
                .and_then(Cell::as_text)
                // What `long-csv` wrote as text to keep spreadsheets from running it.
                .map(|t| crate::export::restore_formula_cell(t.trim()).to_owned())
        };
        let mut problem = |index: Option<usize>, message: String| {
            problems.push(ImportProblem::at(
                Position::Row,
                at,
                index.map(|i| headers[i].clone()),
                message,
            ))
        };
        let (Some(unit), Some(coder), Some(key)) = (
            cell(columns.unit),
            cell(columns.coder),
            cell(columns.variable),
        ) else {
            problem(
                None,
                "unit_id, coder and variable must all be filled in".into(),
            );
            continue;
        };
        if !units.contains(&unit) {
            problem(
                columns.unit,
                format!("no unit with id '{unit}' in this study"),
            );
            continue;
        }
        let Some(variable) = codebook.variable(&key) else {
            problem(
                columns.variable,
                format!(
                    "no variable '{key}' in the codebook (variables: {})",
                    codebook.variable_keys()
                ),
            );
            continue;
        };
        let (text, column) = match (cell(columns.value), cell(columns.label)) {
            (Some(value), _) => (value, columns.value),
            (None, Some(label)) => (label, columns.label),
            (None, None) => continue, // An empty value is "not coded": nothing to import.
        };
        let answer = match parse_answer(variable, &text) {
            Ok(answer) => answer,
            Err(message) => {
                problem(column, message);
                continue;
            }
        };
        if let Answer::Codes(codes) = &answer
            && let Some(conflict) = variable.exclusive_conflict(codes)
        {
            problem(column, format!("unit '{unit}', '{key}': {conflict}"));
            continue;
        }
        if let Some(first) = seen.insert((unit.clone(), coder.clone(), key.clone()), at) {
            problem(
                columns.variable,
                format!("{coder} coded '{key}' of unit '{unit}' twice (also row {first})"),
            );
            continue;
        }
        codings.push(NewCoding {
            unit,
            coder,
            variable: key,
            answer,
            note: cell(columns.note).unwrap_or_default(),
        });
    }
    if problems.is_empty() {
        Ok(codings)
    } else {
        Err(problems)
    }
}

/// Imports codes into a project: all rows or none.
pub fn import_codes(
    project: &mut Project,
    input: &Path,
    options: &ReadOptions,
    actor: &str,
) -> Result<CodesReport, ImportError> {
    let table = read_table(input, options).map_err(|m| ImportError::file_problem(input, m))?;
    let codebook = project.codebook()?;
    let units: HashSet<String> = project.unit_ids()?.into_iter().collect();
    let codings =
        read_codes(&table, &codebook, &units).map_err(|problems| ImportError::Problems {
            file: input.display().to_string(),
            problems,
        })?;
    if codings.is_empty() {
        return Err(ImportError::file_problem(
            input,
            "the file holds no codes".into(),
        ));
    }
    let summary = project.write_codings(&codings, actor)?;
    let mut coders: Vec<String> = Vec::new();
    for coding in &codings {
        if !coders.contains(&coding.coder) {
            coders.push(coding.coder.clone());
        }
    }
    Ok(CodesReport {
        rows: codings.len(),
        coders,
        summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::preset;
    use crate::import::table::read_csv;

    fn check(csv: &str) -> Result<Vec<NewCoding>, Vec<String>> {
        let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
        let units: HashSet<String> = ["v1", "v2"].iter().map(|s| s.to_string()).collect();
        let table = read_csv(csv, false).unwrap();
        read_codes(&table, &codebook, &units)
            .map_err(|problems| problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn codes_labels_and_multi_values_are_read() {
        let codings = check(
            "unit_id,coder,variable,value,note\n\
             v1,ana,theme,1,\n\
             v1,ana,emotion,positive,sure\n\
             v1,ana,narrative,3;Storyline,\n\
             v1,ana,likes,\"1,200\",\n\
             v2,ana,theme,,\n",
        )
        .unwrap();
        assert_eq!(codings.len(), 4);
        assert_eq!(codings[1].answer, Answer::Code(3));
        assert_eq!(codings[1].note, "sure");
        assert_eq!(codings[2].answer, Answer::Codes(vec![1, 3]));
        assert_eq!(codings[3].answer, Answer::Number(1200.0));
    }

    #[test]
    fn a_file_without_header_is_positional() {
        let codings = check("v1,ana,theme,4\nv2,bo,theme,Food\n").unwrap();
        assert_eq!(codings.len(), 2);
        assert_eq!(codings[1].answer, Answer::Code(4));
    }

    #[test]
    fn unknown_units_variables_values_and_duplicates_are_named() {
        let problems = check(
            "unit_id,coder,variable,value\n\
             v9,ana,theme,1\n\
             v1,ana,mood,1\n\
             v1,ana,theme,7\n\
             v1,ana,emotion,1\n\
             v1,ana,emotion,2\n",
        )
        .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].starts_with("row 2, column 'unit_id': no unit with id 'v9'"));
        assert!(problems[1].starts_with("row 3, column 'variable': no variable 'mood'"));
        assert!(problems[2].starts_with("row 4, column 'value': '7' is not a code or label"));
        assert!(problems[3].contains("row 6") && problems[3].contains("twice (also row 5)"));
    }
}
