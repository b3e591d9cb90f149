//! The Excel workbook: the wide data sheet, the codebook sheet in the chosen language, and the
//! reliability table.

use std::path::Path;

use super::ExportError;
use super::wide::{UNIT_COLUMNS, wide};
use crate::agreement::table::{Cell, ReliabilityTable};
use crate::i18n::Lang;
use crate::store::Project;
use crate::tr_in;

/// An Excel sheet's rows (the header and 1,048,575 units) and columns.
pub const EXCEL_ROWS: i64 = 1_048_576;
pub const EXCEL_COLUMNS: i64 = 16_384;

/// A workbook with the final dataset (or per-coder columns), the codebook, and the reliability
/// table.
pub fn xlsx(
    project: &Project,
    path: &Path,
    coders: &[String],
    lang: Lang,
    bootstrap: crate::stats::Bootstrap,
) -> Result<(), ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |error: rust_xlsxwriter::XlsxError| ExportError::Write {
        file: path.display().to_string(),
        source: std::io::Error::other(error.to_string()),
    };
    // Excel's limits, checked before anything is built: 1.1 million units took 10.8 s and
    // 4.8 GB before the workbook writer refused them.
    let units = project.unit_count()?;
    if units >= EXCEL_ROWS {
        return Err(ExportError::TooBigForExcel {
            what: "rows",
            count: units + 1,
            limit: EXCEL_ROWS,
        });
    }
    let dataset = crate::results::final_dataset(project)?;
    let table = wide(project, &dataset, coders, lang)?;
    if table.header.len() as i64 > EXCEL_COLUMNS {
        return Err(ExportError::TooBigForExcel {
            what: "columns",
            count: table.header.len() as i64,
            limit: EXCEL_COLUMNS,
        });
    }
    let codebook = project.codebook()?.localized(lang);
    let bold = Format::new().set_bold();
    let mut workbook = Workbook::new();
    let data = workbook
        .add_worksheet()
        .set_name(tr_in!(lang, "xlsx-sheet-data"))
        .map_err(failed)?;
    for (column, name) in table.header.iter().enumerate() {
        data.write_string_with_format(0, column as u16, name, &bold)
            .map_err(failed)?;
    }
    // Text columns (ids, captions, text answers, imported text such as "007") stay text; codes,
    // counts and numeric imported columns become numbers.
    let unit_text_columns = 7;
    let is_text: Vec<bool> = (0..table.header.len())
        .map(|c| {
            c < unit_text_columns
                || c >= UNIT_COLUMNS.len() && table.columns[c - UNIT_COLUMNS.len()].is_text()
        })
        .collect();
    // `published_at` as an Excel date and time (UTC, as stored), so that it sorts, filters and
    // groups by month; a value that is no date stays text.
    let published_at = UNIT_COLUMNS
        .iter()
        .position(|c| *c == "published_at")
        .unwrap_or(usize::MAX);
    let date_format = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    data.set_column_width(published_at as u16, 19)
        .map_err(failed)?;
    for (r, row) in table.rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let text = is_text[c];
            let (r, column) = (r as u32 + 1, c);
            let c = column as u16;
            if column == published_at
                && let Some(when) = excel_date_time(value)
            {
                data.write_datetime_with_format(r, c, &when, &date_format)
                    .map_err(failed)?;
                continue;
            }
            match value.parse::<f64>() {
                Ok(number) if !text && number.is_finite() => {
                    data.write_number(r, c, number).map_err(failed)?;
                }
                _ if value.is_empty() => {}
                _ => {
                    data.write_string(r, c, value).map_err(failed)?;
                }
            }
        }
    }
    data.set_freeze_panes(1, 1).map_err(failed)?;

    let sheet = workbook
        .add_worksheet()
        .set_name(tr_in!(lang, "xlsx-sheet-codebook"))
        .map_err(failed)?;
    let titles = [
        tr_in!(lang, "xlsx-variable"),
        tr_in!(lang, "xlsx-label"),
        tr_in!(lang, "xlsx-level"),
        tr_in!(lang, "xlsx-kind"),
        tr_in!(lang, "xlsx-required"),
        tr_in!(lang, "xlsx-code"),
        tr_in!(lang, "xlsx-value"),
        tr_in!(lang, "xlsx-definition"),
        tr_in!(lang, "xlsx-retired"),
    ];
    for (c, title) in titles.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, title, &bold)
            .map_err(failed)?;
    }
    let (yes, no) = (tr_in!(lang, "xlsx-yes"), tr_in!(lang, "xlsx-no"));
    let mut r = 1;
    for variable in &codebook.variables {
        let values: Vec<Option<&crate::model::CodeValue>> = if variable.values.is_empty() {
            vec![None]
        } else {
            variable.values.iter().map(Some).collect()
        };
        for value in values {
            sheet.write_string(r, 0, &variable.key).map_err(failed)?;
            sheet.write_string(r, 1, &variable.label).map_err(failed)?;
            sheet
                .write_string(r, 2, variable.level.name(lang))
                .map_err(failed)?;
            sheet
                .write_string(r, 3, variable.kind.name(lang))
                .map_err(failed)?;
            sheet
                .write_string(r, 4, if variable.required { &yes } else { &no })
                .map_err(failed)?;
            match value {
                Some(value) => {
                    sheet
                        .write_number(r, 5, value.code as f64)
                        .map_err(failed)?;
                    sheet.write_string(r, 6, &value.label).map_err(failed)?;
                    sheet
                        .write_string(r, 7, &value.definition)
                        .map_err(failed)?;
                    sheet
                        .write_string(r, 8, if value.retired { yes.as_str() } else { "" })
                        .map_err(failed)?;
                }
                None => {
                    sheet
                        .write_string(r, 7, &variable.definition)
                        .map_err(failed)?;
                }
            }
            r += 1;
        }
    }

    let sheet = workbook
        .add_worksheet()
        .set_name(tr_in!(lang, "xlsx-sheet-reliability"))
        .map_err(failed)?;
    let options = crate::agreement::AgreementOptions {
        bootstrap: Some(bootstrap),
        ..Default::default()
    };
    let mut agreement = match crate::agreement::project_agreement(project, &options) {
        Ok(result) => result,
        // No table yet (one coder so far): the sheet says so instead of standing empty.
        Err(crate::agreement::AgreementError::TooFewCoders(why)) => {
            sheet
                .write_string(0, 0, tr_in!(lang, "xlsx-no-reliability", reason = why))
                .map_err(failed)?;
            return save(&mut workbook, path);
        }
        Err(error) => return Err(error.into()),
    };
    let original = project.codebook()?;
    let shown = original.localized(lang);
    agreement.relabel(&original, &shown);
    // The shared table model (`agreement::table`): the report's rows and columns, with numbers
    // as numbers a spreadsheet can compute with.
    let table = ReliabilityTable::new(&agreement, &shown, lang);
    let three_decimals = Format::new().set_num_format("0.000");
    let percent = Format::new().set_num_format("0.0%");
    for (c, heading) in table.headings.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, heading, &bold)
            .map_err(failed)?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in row.cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Count(count) => sheet.write_number(r, c, *count as f64),
                Cell::Share(Some(share)) => sheet.write_number_with_format(r, c, *share, &percent),
                Cell::Coefficient(Some(value)) => {
                    sheet.write_number_with_format(r, c, *value, &three_decimals)
                }
                Cell::Share(None) | Cell::Coefficient(None) => continue,
                Cell::Text(_) | Cell::Interval(_) => sheet.write_string(r, c, cell.display()),
            }
            .map_err(failed)?;
        }
    }
    let below = table.rows.len() as u32 + 2;
    for (i, note) in table.notes.iter().enumerate() {
        sheet
            .write_string(below + i as u32, 0, note)
            .map_err(failed)?;
    }
    save(&mut workbook, path)
}

/// A stored time (RFC 3339, or "YYYY-MM-DD HH:MM[:SS]") as Excel's date and time in UTC.
fn excel_date_time(value: &str) -> Option<rust_xlsxwriter::ExcelDateTime> {
    let utc = match chrono::DateTime::parse_from_rfc3339(value.trim()) {
        Ok(time) => time.naive_utc(),
        Err(_) => ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
            .iter()
            .find_map(|format| chrono::NaiveDateTime::parse_from_str(value.trim(), format).ok())?,
    };
    rust_xlsxwriter::ExcelDateTime::parse_from_str(&utc.format("%Y-%m-%d %H:%M:%S").to_string())
        .ok()
}

/// Builds the workbook in memory and writes it with one call: a full disk is then one plain
/// error of ours, not the zip writer's "ZipWriter::drop" on standard error beside a 0-byte file.
fn save(workbook: &mut rust_xlsxwriter::Workbook, path: &Path) -> Result<(), ExportError> {
    let bytes = workbook
        .save_to_buffer()
        .map_err(|error| ExportError::Write {
            file: path.display().to_string(),
            source: std::io::Error::other(error.to_string()),
        })?;
    std::fs::write(path, bytes).map_err(|source| ExportError::Write {
        file: path.display().to_string(),
        source,
    })
}
