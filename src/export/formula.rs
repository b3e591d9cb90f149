//! Cells that a spreadsheet would run as formulas are written as text (OWASP, "CSV Injection"):
//! a caption or note that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
//! apostrophe in every CSV Codingdesk writes. Numbers (`-3.5`, `+12`) are left alone so that SPSS
//! and R still read them as numbers. `import-codes` takes the apostrophe off again, so
//! `long-csv → import-codes` stays an exact round trip. XLSX needs none of this: it stores text as
//! text.

use std::borrow::Cow;

const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell gets an apostrophe in front. Leading apostrophes are looked through, so that a
/// cell that already starts with one (`'=x`) gets another and reads back unchanged.
fn needs_apostrophe(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(TRIGGERS) && cell.trim().parse::<f64>().is_err()
}

/// The cell as written to a CSV file.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if needs_apostrophe(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as it was before `neutralise`.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_apostrophe(rest) => rest,
        _ => cell,
    }
}

/// A CSV writer whose every cell goes through `neutralise`.
pub struct SafeCsv<W: std::io::Write>(csv::Writer<W>);

impl<W: std::io::Write> SafeCsv<W> {
    pub fn new(writer: csv::Writer<W>) -> Self {
        SafeCsv(writer)
    }

    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.0.write_record(
            record
                .into_iter()
                .map(|cell| neutralise(cell.as_ref()).into_owned()),
        )
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("-3.5", "-3.5"),
            ("+12", "+12"),
            ("重庆 =", "重庆 ="),
            ("'quoted", "'quoted"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), written, "{cell:?}");
            assert_eq!(restore(&neutralise(cell)), cell, "{cell:?}");
        }
    }

    #[test]
    fn restore_undoes_neutralise_for_every_short_string_of_tricky_characters() {
        let alphabet = ['\'', '=', '-', '1', '.', 'a', '\t', ' '];
        let mut cells = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = cells
                .iter()
                .flat_map(|cell| alphabet.iter().map(move |c| format!("{cell}{c}")))
                .collect();
            cells.extend(longer);
        }
        for cell in &cells {
            let written = neutralise(cell);
            assert_eq!(restore(&written), cell, "{cell:?} → {written:?}");
            let trimmed = written.trim_start_matches('\'');
            assert!(
                written.starts_with('\'')
                    || !trimmed.starts_with(TRIGGERS)
                    || cell.trim().parse::<f64>().is_ok(),
                "{cell:?} → {written:?}"
            );
        }
    }
}
