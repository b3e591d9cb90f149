//! One entry point for every export format, shared by `codingdesk export` and the window's
//! export dialog.

use crate::i18n::Lang;
use std::path::{Path, PathBuf};

use super::ExportError;
use crate::report::{ReportOptions, write_report};
use crate::results::Source;
use crate::stats::Bootstrap;
use crate::store::Project;

crate::listed_enum! {
    /// In the order the window offers them and `--help` lists them: the common ones first.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
    pub enum Format {
        /// One row per unit; one column per variable (0/1 per value for multi-select).
        WideCsv,
        /// unit, coder, variable, code, label, note: reads back with import-codes.
        LongCsv,
        /// An Excel workbook: the data, the codebook and the reliability table.
        Xlsx,
        /// The native SPSS data file (.sav): labels, value labels, levels and dates, for SPSS,
        /// PSPP, R's haven and Python's pyreadstat.
        Sav,
        /// The wide CSV plus an .sps syntax file with variable and value labels.
        Spss,
        /// Files for the ReCal calculators: one per variable (and per multi-select value) in the
        /// folder --out, coders as columns, no header; recal_index.csv names each row's unit.
        Recal,
        /// The codebook as a REFI-QDA codebook exchange file (.qdc) for other QDA programs.
        Qdc,
        /// The self-contained HTML report (same as `codingdesk report`).
        Html,
    }
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::LongCsv => "long-csv",
            Format::WideCsv => "wide-csv",
            Format::Spss => "spss",
            Format::Sav => "sav",
            Format::Xlsx => "xlsx",
            Format::Recal => "recal",
            Format::Qdc => "qdc",
            Format::Html => "html",
        }
    }

    /// What a person choosing the format needs to know, in `lang`.
    pub fn description_in(self, lang: Lang) -> String {
        match self {
            Format::LongCsv => crate::tr_in!(lang, "format-long-csv"),
            Format::WideCsv => crate::tr_in!(lang, "format-wide-csv"),
            Format::Spss => crate::tr_in!(lang, "format-spss"),
            Format::Sav => crate::tr_in!(lang, "format-sav"),
            Format::Xlsx => crate::tr_in!(lang, "format-xlsx"),
            Format::Recal => crate::tr_in!(lang, "format-recal"),
            Format::Qdc => crate::tr_in!(lang, "format-qdc"),
            Format::Html => crate::tr_in!(lang, "format-html"),
        }
    }

    /// The usual file name (a folder for ReCal).
    pub fn default_file_name(self) -> &'static str {
        match self {
            Format::LongCsv => "codes.csv",
            Format::WideCsv => "final.csv",
            Format::Spss => "study.csv",
            Format::Sav => "study.sav",
            Format::Xlsx => "study.xlsx",
            Format::Recal => "recal",
            Format::Qdc => "codebook.qdc",
            Format::Html => "report.html",
        }
    }

    /// Whether the export is one file (which can go to standard output); SPSS writes a data
    /// file and a syntax file, ReCal a folder.
    pub fn is_one_file(self) -> bool {
        match self {
            Format::LongCsv
            | Format::WideCsv
            | Format::Xlsx
            | Format::Sav
            | Format::Qdc
            | Format::Html => true,
            Format::Spss | Format::Recal => false,
        }
    }

    /// Whether `--coders` (per-coder columns instead of the final dataset) applies.
    pub fn takes_coders(self) -> bool {
        matches!(
            self,
            Format::WideCsv | Format::Spss | Format::Sav | Format::Xlsx | Format::Recal
        )
    }
}

/// What to export and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub format: Format,
    pub out: PathBuf,
    /// Per-coder columns for these coders instead of the final dataset (wide formats), or the
    /// coders to compare (ReCal; all when empty).
    pub coders: Vec<String>,
    /// SPSS: whose codes.
    pub source: Source,
    /// HTML: (row, column) crosstabs to include.
    pub crosstabs: Vec<(String, String)>,
    /// HTML: α's bootstrap.
    pub bootstrap: Bootstrap,
    /// The language of labels (SPSS, XLSX) and of the report, where the codebook has it.
    pub lang: Lang,
}

impl Request {
    pub fn new(format: Format, out: &Path) -> Request {
        Request {
            format,
            out: out.to_owned(),
            coders: Vec::new(),
            source: Source::Final,
            crosstabs: Vec::new(),
            bootstrap: ReportOptions::default().bootstrap,
            lang: Lang::En,
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub files: Vec<PathBuf>,
    /// Codes written, where the format counts them (long CSV).
    pub codes: Option<usize>,
}

impl Exported {
    /// "wrote a.csv (1350 codes)", one line per file.
    pub fn summary(&self) -> String {
        let count = self
            .codes
            .map(|n| format!(" ({n} codes)"))
            .unwrap_or_default();
        self.files
            .iter()
            .map(|f| format!("wrote {}{count}", f.display()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Writes an export and says what it wrote.
pub fn write(project: &Project, request: &Request) -> Result<Exported, ExportError> {
    for coder in &request.coders {
        if project.coder_id(coder)?.is_none() {
            return Err(ExportError::UnknownCoder {
                name: coder.clone(),
                available: project.coders()?.join(", "),
            });
        }
    }
    // Everything is written in a private folder beside `out` and moved into place only once
    // complete: a full disk or a killed export leaves no empty or half-written file under a
    // final name (it did: 0-byte outputs), and an earlier export stays until the new one is whole.
    let folder = match request.out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let Some(name) = request.out.file_name() else {
        return Err(ExportError::Write {
            file: request.out.display().to_string(),
            source: std::io::Error::other("name a file, not a folder"),
        });
    };
    if !folder.is_dir() {
        // Said plainly: the staging folder's error would name a hidden temporary path.
        return Err(ExportError::Write {
            file: request.out.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "the folder {} does not exist: create it, or give --out a file in a folder that exists",
                    folder.display()
                ),
            ),
        });
    }
    let staging = tempfile::Builder::new()
        .prefix(".codingdesk-export-")
        .tempdir_in(&folder)
        .map_err(|source| ExportError::Write {
            file: request.out.display().to_string(),
            source,
        })?;
    let staged = Request {
        out: staging.path().join(name),
        ..request.clone()
    };
    let written = write_files(project, &staged, &request.out)?;
    let mut files = Vec::with_capacity(written.files.len());
    for file in written.files {
        let relative = file.strip_prefix(staging.path()).unwrap_or(&file);
        let target = folder.join(relative);
        let moved = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::rename(&file, &target));
        moved.map_err(|source| ExportError::Write {
            file: target.display().to_string(),
            source,
        })?;
        files.push(target);
    }
    Ok(Exported {
        files,
        codes: written.codes,
    })
}

/// Writes the export's files under `request.out` (a staging folder's); `final_out` is where
/// they will be once in place.
fn write_files(
    project: &Project,
    request: &Request,
    final_out: &Path,
) -> Result<Exported, ExportError> {
    let out = &request.out;
    let mut codes = None;
    let files = match request.format {
        Format::LongCsv => {
            codes = Some(super::long_csv(project, out)?);
            vec![out.clone()]
        }
        Format::WideCsv => {
            super::wide_csv(project, out, &request.coders, request.lang)?;
            vec![out.clone()]
        }
        Format::Xlsx => {
            super::xlsx(
                project,
                out,
                &request.coders,
                request.lang,
                request.bootstrap,
            )?;
            vec![out.clone()]
        }
        Format::Spss => {
            // The syntax goes beside the data as NAME.sps: data named .sps would be overwritten.
            if out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("sps"))
            {
                return Err(ExportError::Write {
                    file: final_out.display().to_string(),
                    source: std::io::Error::other(
                        "--out names the data file (study.csv); the syntax is written beside it as study.sps",
                    ),
                });
            }
            let syntax = super::spss(
                project,
                out,
                final_out,
                &request.coders,
                &request.source,
                request.lang,
            )?;
            vec![out.clone(), syntax]
        }
        Format::Sav => {
            super::sav(project, out, &request.coders, &request.source, request.lang)?;
            vec![out.clone()]
        }
        Format::Recal => super::recal(project, out, &request.coders)?,
        Format::Qdc => {
            super::qdc(project, out, request.lang)?;
            vec![out.clone()]
        }
        Format::Html => {
            let options = ReportOptions {
                crosstabs: request.crosstabs.clone(),
                bootstrap: request.bootstrap,
                lang: request.lang,
            };
            write_report(project, out, &options).map_err(Box::new)?;
            vec![out.clone()]
        }
    };
    Ok(Exported { files, codes })
}

#[cfg(test)]
mod tests {
    use super::Format;
    use clap::ValueEnum;

    /// The window walks `Format::ALL`, the command line clap's list: the same formats in the
    /// same order, whichever is added.
    #[test]
    fn the_window_and_the_command_line_offer_the_same_formats() {
        assert_eq!(Format::ALL.as_slice(), Format::value_variants());
        let names: Vec<&str> = Format::ALL.iter().map(|format| format.name()).collect();
        let clap_names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|format| format.to_possible_value())
            .map(|value| value.get_name().to_owned())
            .collect();
        assert_eq!(names, clap_names);
    }
}
