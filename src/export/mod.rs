//! Exports for spreadsheets and statistics packages. CSV files start with a UTF-8 byte-order
//! mark so that Excel shows Chinese text correctly.

mod formula;
mod qdc;
mod recal;
mod request;
mod sav;
mod spss;
mod wide;
mod xlsx;

pub use formula::{SafeCsv, restore as restore_formula_cell};

pub use qdc::{qdc, qdc_text};
pub use recal::recal;
pub use request::{Exported, Format, Request, write};
pub use spss::{sav, spss};
pub use wide::wide_csv;
pub use xlsx::xlsx;

use std::io::Write;
use std::path::Path;

use thiserror::Error;

use crate::model::{Answer, Variable};
use crate::store::{Project, StoreError};

#[derive(Debug, Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", crate::tr!("err-cannot-write", file = file, reason = source.to_string()))]
    Write {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", crate::tr!("err-unknown-coder", name = name, available = available))]
    UnknownCoder { name: String, available: String },
    #[error(transparent)]
    Report(#[from] Box<crate::report::ReportError>),
    #[error(transparent)]
    Agreement(#[from] crate::agreement::AgreementError),
    /// The data sheet would pass Excel's limit (`what`: rows or columns).
    #[error("{}", crate::tr!("err-too-big-for-excel", what = *what, count = *count, limit = *limit))]
    TooBigForExcel {
        what: &'static str,
        count: i64,
        limit: i64,
    },
    #[error("{}", crate::tr!("err-cannot-write", file = file, reason = source.to_string()))]
    Csv {
        file: String,
        #[source]
        source: csv::Error,
    },
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn csv_writer(path: &Path, bom: bool) -> Result<SafeCsv<std::fs::File>, ExportError> {
    let mut file = std::fs::File::create(path).map_err(|source| ExportError::Write {
        file: path.display().to_string(),
        source,
    })?;
    if bom {
        file.write_all(BOM).map_err(|source| ExportError::Write {
            file: path.display().to_string(),
            source,
        })?;
    }
    Ok(SafeCsv::new(csv::Writer::from_writer(file)))
}

fn csv_error(path: &Path) -> impl Fn(csv::Error) -> ExportError + '_ {
    move |source| ExportError::Csv {
        file: path.display().to_string(),
        source,
    }
}

fn labels(variable: &Variable, answer: &Answer) -> String {
    let label = |code: &i64| {
        variable
            .value(*code)
            .map_or(String::new(), |v| v.label.clone())
    };
    match answer {
        Answer::Code(code) => label(code),
        Answer::Codes(codes) => codes.iter().map(label).collect::<Vec<_>>().join(";"),
        _ => String::new(),
    }
}

/// One row per unit × coder × variable: unit, coder, variable, code, label, note. Reads back with
/// `codingdesk import-codes` unchanged.
pub fn long_csv(project: &Project, path: &Path) -> Result<usize, ExportError> {
    let codebook = project.codebook()?;
    let records = project.all_codings()?;
    let mut out = csv_writer(path, true)?;
    out.write_record(["unit", "coder", "variable", "code", "label", "note"])
        .map_err(csv_error(path))?;
    for record in &records {
        let label = codebook
            .variable(&record.variable)
            .map_or(String::new(), |v| labels(v, &record.answer));
        out.write_record([
            &*record.unit,
            &*record.coder,
            &*record.variable,
            &record.answer.to_plain(),
            &label,
            &record.note,
        ])
        .map_err(csv_error(path))?;
    }
    out.flush().map_err(|source| ExportError::Write {
        file: path.display().to_string(),
        source,
    })?;
    Ok(records.len())
}
