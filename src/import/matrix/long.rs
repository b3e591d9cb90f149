//! Long reliability data: one `unit,coder,value` row per code (a header row starting with
//! `unit` is skipped), gathered into the units × coders matrix.

use std::collections::HashMap;

use super::{MatrixError, MatrixOptions, is_missing, sniff};
use crate::stats::Ratings;

pub(super) fn read_long(
    text: &str,
    options: &MatrixOptions,
) -> Result<(Ratings, Vec<String>), MatrixError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff(text))
        .from_reader(text.as_bytes());
    let mut units: Vec<String> = Vec::new();
    let mut unit_index: HashMap<String, usize> = HashMap::new();
    let mut coders: Vec<String> = Vec::new();
    let mut cells: HashMap<(usize, usize), (String, usize)> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|error| MatrixError::Csv {
            row: index + 1,
            message: error.to_string(),
        })?;
        let row = record.position().map_or(index + 1, |p| p.line() as usize);
        let fields: Vec<&str> = record.iter().map(str::trim).collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        if index == 0 && fields.len() >= 3 && fields[0].eq_ignore_ascii_case("unit") {
            continue;
        }
        if fields.len() != 3 {
            return Err(MatrixError::LongShape {
                row,
                found: fields.len(),
            });
        }
        let unit = *unit_index.entry(fields[0].to_owned()).or_insert_with(|| {
            units.push(fields[0].to_owned());
            units.len() - 1
        });
        let coder = match coders.iter().position(|c| c == fields[1]) {
            Some(at) => at,
            None => {
                coders.push(fields[1].to_owned());
                coders.len() - 1
            }
        };
        if is_missing(fields[2]) {
            continue;
        }
        if let Some((_, first)) = cells.insert((unit, coder), (fields[2].to_owned(), row)) {
            return Err(MatrixError::LongDuplicate {
                row,
                coder: fields[1].to_owned(),
                unit: fields[0].to_owned(),
                first,
            });
        }
    }
    if coders.len() < 2 {
        return Err(MatrixError::TooFewCoders(coders.len()));
    }
    if units.is_empty() {
        return Err(MatrixError::NoUnits);
    }
    let mut grid = vec![vec![None; coders.len()]; units.len()];
    for ((unit, coder), (value, _)) in cells {
        grid[unit][coder] = Some(value);
    }
    let ratings = Ratings::from_text(&grid, coders.len(), options.level, options.categories)?;
    Ok((ratings, coders))
}
