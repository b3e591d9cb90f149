//! Files for the ReCal reliability calculators (Freelon; ReCal3 and ReCal OIR read the same
//! layout): one CSV per variable, one column per coder, one row per unit, no header, codes as
//! numbers and `#` where a coder has no code. Multi-select variables get one 0/1 file per value.
//! Because the files have no header, `recal_index.csv` says which unit each row is and repeats
//! its codes under the coders' names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{ExportError, csv_error, csv_writer};
use crate::model::{Answer, Kind, format_number};
use crate::store::Project;

/// Writes the files into `dir` (created if needed) and returns their paths, index last.
pub fn recal(
    project: &Project,
    dir: &Path,
    coders: &[String],
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Write {
        file: dir.display().to_string(),
        source,
    })?;
    let coders = if coders.is_empty() {
        project.coders()?
    } else {
        coders.to_vec()
    };
    let codebook = project.codebook()?;
    let order: BTreeMap<String, usize> = project
        .unit_ids()?
        .into_iter()
        .enumerate()
        .map(|(i, u)| (u, i))
        .collect();
    let records = project.all_codings()?;
    let mut written = Vec::new();
    // file, row, unit, then the row's cells under the coders' names.
    let mut index: Vec<Vec<String>> = Vec::new();
    for variable in &codebook.variables {
        if variable.kind == Kind::Text {
            continue;
        }
        // unit position -> (unit id, one answer per coder)
        let mut grid: BTreeMap<usize, (String, Vec<Option<&Answer>>)> = BTreeMap::new();
        for record in records.iter().filter(|r| *r.variable == *variable.key) {
            let (Some(column), Some(&at)) = (
                coders.iter().position(|c| **c == *record.coder),
                order.get(&*record.unit),
            ) else {
                continue;
            };
            grid.entry(at)
                .or_insert_with(|| (record.unit.to_string(), vec![None; coders.len()]))
                .1[column] = Some(&record.answer);
        }
        grid.retain(|_, (_, row)| row.iter().flatten().count() >= 2);
        let files: Vec<(String, Option<i64>)> = match variable.kind {
            Kind::Multi => variable
                .values
                .iter()
                .map(|v| {
                    (
                        format!("{}_{}.csv", safe_stem(&variable.key), v.code),
                        Some(v.code),
                    )
                })
                .collect(),
            _ => vec![(format!("{}.csv", safe_stem(&variable.key)), None)],
        };
        for (name, value) in files {
            let path = dir.join(&name);
            let mut out = csv_writer(&path, false)?;
            for (row, (unit, answers)) in grid.values().enumerate() {
                let cells: Vec<String> = answers
                    .iter()
                    .map(|answer| match (answer, value) {
                        (None, _) => "#".to_owned(),
                        (Some(Answer::Codes(codes)), Some(code)) => {
                            u8::from(codes.contains(&code)).to_string()
                        }
                        (Some(Answer::Code(code)), None) => code.to_string(),
                        (Some(Answer::Number(number)), None) => format_number(*number),
                        _ => "#".to_owned(),
                    })
                    .collect();
                out.write_record(&cells).map_err(csv_error(&path))?;
                let mut entry = vec![name.clone(), (row + 1).to_string(), unit.clone()];
                entry.extend(cells);
                index.push(entry);
            }
            out.flush().map_err(|source| ExportError::Write {
                file: path.display().to_string(),
                source,
            })?;
            written.push(path);
        }
    }
    let path = dir.join("recal_index.csv");
    let mut out = csv_writer(&path, true)?;
    let mut header = vec!["file".to_owned(), "row".to_owned(), "unit_id".to_owned()];
    header.extend(coders.iter().cloned());
    out.write_record(&header).map_err(csv_error(&path))?;
    for record in index {
        out.write_record(&record).map_err(csv_error(&path))?;
    }
    out.flush().map_err(|source| ExportError::Write {
        file: path.display().to_string(),
        source,
    })?;
    written.push(path);
    Ok(written)
}

/// A file name stem from a key: letters, digits and `_` only, so no key — whatever a received
/// file holds — names a file outside the export's folder.
fn safe_stem(key: &str) -> String {
    let stem: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() {
        "variable".into()
    } else {
        stem
    }
}

#[cfg(test)]
mod safe_name_tests {
    #[test]
    fn keys_never_name_a_file_outside_the_folder() {
        assert_eq!(super::safe_stem("theme"), "theme");
        assert_eq!(super::safe_stem("../../ESCAPED"), "______ESCAPED");
        assert_eq!(super::safe_stem("/etc/x"), "_etc_x");
        assert_eq!(super::safe_stem(""), "variable");
    }
}
