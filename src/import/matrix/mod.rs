//! Reading reliability data from text: a wide units × coders table (first row = coder names) or
//! long `unit,coder,value` rows. Cells become category indices as they are read, so a million
//! units never exist as a million strings. Quote-free files (the usual shape) take a fast path
//! that splits lines and fields directly and reads two halves on two threads; the result is
//! identical to the general CSV path, which handles quotes.

mod file;
mod long;
mod plain;

use thiserror::Error;

use crate::model::Level;
use crate::stats::tally::{STREAM_CATEGORIES, StreamTally, Tally};
use crate::stats::{Category, Ratings, RatingsBuilder, RatingsError};
pub use file::count_wide_file;
use plain::{Lines, PlainReader};

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MatrixError {
    #[error("row {row}: {message}")]
    Csv { row: usize, message: String },
    #[error("row {row} has {found} columns, the first row has {expected}")]
    Ragged {
        row: usize,
        found: usize,
        expected: usize,
    },
    #[error("agreement needs at least two coders (columns); found {0}")]
    TooFewCoders(usize),
    #[error("no units (rows) to compare")]
    NoUnits,
    #[error(
        "row {row}, column {column} ('{coder}'): '{value}' is not a number, but {level} data need numbers"
    )]
    NotNumeric {
        row: usize,
        column: usize,
        coder: String,
        value: String,
        level: Level,
    },
    #[error(
        "row {row}, column {column} ('{coder}'): '{value}' is not one of the categories given with --categories"
    )]
    NotInDomain {
        row: usize,
        column: usize,
        coder: String,
        value: String,
    },
    #[error("row {row} has {found} columns; long input is unit,coder,value")]
    LongShape { row: usize, found: usize },
    #[error("row {row}: coder '{coder}' has a second value for unit '{unit}' (also row {first})")]
    LongDuplicate {
        row: usize,
        coder: String,
        unit: String,
        first: usize,
    },
    #[error(transparent)]
    Ratings(#[from] RatingsError),
    /// Internal: more categories than counting while reading has room for (the caller then
    /// reads the data the general way). Never shown to users.
    #[error("more categories than can be counted while reading")]
    StreamOverflow,
}

impl MatrixError {
    /// The error with its rows counted from `first` instead of 0 (for a part read on its own).
    fn lines_after(self, first: usize) -> MatrixError {
        match self {
            MatrixError::Csv { row, message } => MatrixError::Csv {
                row: row + first,
                message,
            },
            MatrixError::Ragged {
                row,
                found,
                expected,
            } => MatrixError::Ragged {
                row: row + first,
                found,
                expected,
            },
            MatrixError::NotNumeric {
                row,
                column,
                coder,
                value,
                level,
            } => MatrixError::NotNumeric {
                row: row + first,
                column,
                coder,
                value,
                level,
            },
            MatrixError::NotInDomain {
                row,
                column,
                coder,
                value,
            } => MatrixError::NotInDomain {
                row: row + first,
                column,
                coder,
                value,
            },
            MatrixError::LongShape { row, found } => MatrixError::LongShape {
                row: row + first,
                found,
            },
            MatrixError::LongDuplicate {
                row,
                coder,
                unit,
                first: other,
            } => MatrixError::LongDuplicate {
                row: row + first,
                coder,
                unit,
                first: other + first,
            },
            MatrixError::TooFewCoders(_)
            | MatrixError::NoUnits
            | MatrixError::Ratings(_)
            | MatrixError::StreamOverflow => self,
        }
    }
}

/// Reliability data counted as read: the tally and its categories in rank order.
pub struct Counted {
    pub tally: Tally,
    pub categories: Vec<Category>,
}

/// Reads and counts reliability data. Quote-free wide files with at most 64 categories are
/// counted while they are read (no matrix is kept); everything else is read into a matrix first.
/// Both give the same counts.
pub fn count_matrix(
    text: &str,
    options: &MatrixOptions,
) -> Result<(Counted, Vec<String>), MatrixError> {
    if !options.long {
        match read_wide(text, options, true) {
            Ok((Read::Counted(counted), names)) => return Ok((counted, names)),
            Ok((Read::Ratings(_), _)) | Err(MatrixError::StreamOverflow) => {}
            Err(error) => return Err(error),
        }
    }
    let (ratings, names) = read_matrix(text, options)?;
    Ok((
        Counted {
            tally: Tally::of(&ratings),
            categories: ratings.categories,
        },
        names,
    ))
}

enum Read {
    Ratings(Ratings),
    Counted(Counted),
}

/// What reading one part of a file gave.
struct Part {
    builder: RatingsBuilder,
    /// Units read, and lines (blank ones too).
    rows: usize,
    lines: usize,
    stream: Option<StreamTally>,
}

/// What reading a part as quote-free text gave: the part, or the news that it has quotes.
enum Plain {
    Read(Box<Part>),
    Quoted,
}

/// How to read the text.
#[derive(Debug, Clone)]
pub struct MatrixOptions<'a> {
    /// Wide input whose first row holds coder names.
    pub header: bool,
    /// Long input: `unit,coder,value` rows.
    pub long: bool,
    pub level: Level,
    pub categories: Option<&'a [String]>,
}

/// Empty, `NA`, `.` and `N/A` cells are missing (the conventions of R, SPSS and Krippendorff).
pub fn is_missing(cell: &str) -> bool {
    match cell.as_bytes() {
        // The usual one-character code first: only "." is missing.
        [byte] => *byte == b'.' || byte.is_ascii_whitespace(),
        _ => matches!(cell.trim_ascii(), "" | "NA" | "." | "N/A"),
    }
}

fn sniff(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    let count = |c: char| first.matches(c).count();
    if count('\t') > count(',') {
        b'\t'
    } else if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// Reads reliability data; returns the ratings and the coders' names.
pub fn read_matrix(
    text: &str,
    options: &MatrixOptions,
) -> Result<(Ratings, Vec<String>), MatrixError> {
    if options.long {
        return long::read_long(text, options);
    }
    match read_wide(text, options, false)? {
        (Read::Ratings(ratings), names) => Ok((ratings, names)),
        (Read::Counted(_), _) => Err(MatrixError::StreamOverflow),
    }
}

fn value_error(error: RatingsError, names: &[String]) -> MatrixError {
    let coder = |column: usize| names.get(column - 1).cloned().unwrap_or_default();
    match error {
        RatingsError::NotNumeric {
            row,
            column,
            value,
            level,
        } => MatrixError::NotNumeric {
            row,
            column,
            coder: coder(column),
            value,
            level,
        },
        RatingsError::NotInDomain { row, column, value } => MatrixError::NotInDomain {
            row,
            column,
            coder: coder(column),
            value,
        },
        other => MatrixError::Ratings(other),
    }
}

/// The first non-blank line of a wide file: the delimiter (sniffed from the very first line),
/// the width it fixes and the coders' names it holds (or numbers them), and where the units begin.
struct Head {
    delimiter: u8,
    width: usize,
    names: Vec<String>,
    /// Byte offset of the first unit line, and its line number (from 1).
    body_start: usize,
    body_line: usize,
}

impl Head {
    /// `text` is the file's text or a beginning of it that ends at a line's end; None when it
    /// holds no non-blank line.
    fn of(text: &str, options: &MatrixOptions) -> Option<Result<Head, MatrixError>> {
        let mut start = 0;
        let mut line = 0;
        let mut first_line = None;
        for row in text.split_inclusive('\n') {
            line += 1;
            if !row.trim().is_empty() {
                first_line = Some(row);
                break;
            }
            start += row.len();
        }
        let first_line = first_line?;
        Some(Head::from_line(text, first_line, start, line, options))
    }

    fn from_line(
        text: &str,
        first_line: &str,
        start: usize,
        line: usize,
        options: &MatrixOptions,
    ) -> Result<Head, MatrixError> {
        let delimiter = sniff(text);
        let first_fields: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .from_reader(first_line.as_bytes())
            .records()
            .next()
            .transpose()
            .map_err(|error| MatrixError::Csv {
                row: line,
                message: error.to_string(),
            })?
            .map(|record| record.iter().map(|f| f.trim().to_owned()).collect())
            .unwrap_or_default();
        let width = first_fields.len();
        if width < 2 {
            return Err(MatrixError::TooFewCoders(width));
        }
        Ok(if options.header {
            Head {
                delimiter,
                width,
                names: first_fields,
                body_start: start + first_line.len(),
                body_line: line + 1,
            }
        } else {
            Head {
                delimiter,
                width,
                names: (1..=width).map(|i| format!("coder {i}")).collect(),
                body_start: start,
                body_line: line,
            }
        })
    }

    fn shape<'a>(&'a self, options: &'a MatrixOptions<'a>) -> Shape<'a> {
        Shape {
            delimiter: self.delimiter,
            width: self.width,
            options,
            names: &self.names,
        }
    }
}

fn read_wide(
    text: &str,
    options: &MatrixOptions,
    stream: bool,
) -> Result<(Read, Vec<String>), MatrixError> {
    // A text without a non-blank line has no coders.
    let head = Head::of(text, options).unwrap_or(Err(MatrixError::TooFewCoders(0)))?;
    let shape = head.shape(options);
    let body = &text[head.body_start..];
    // Large text is read in two halves on two threads, each numbering its lines from 0 (the
    // second half's first line number is known only once the first is read). Text is taken as
    // quote-free until a line with a quote turns up; then the csv reader reads all of it.
    let parts: Vec<&str> = if body.len() > 1 << 20 {
        let cut = line_cut(body, body.len() / 2);
        vec![&body[..cut], &body[cut..]]
    } else {
        vec![body]
    };
    let read_part = |part: &str| shape.read_plain(part, stream);
    let read: Vec<Result<Plain, MatrixError>> = if parts.len() > 1 {
        crate::parallel::on_threads(&parts, |&part| read_part(part))
    } else {
        parts.into_iter().map(read_part).collect()
    };
    let read = match shape.join(read, head.body_line) {
        Some(parts) => parts,
        None => vec![shape.read_quoted(body, head.body_line)],
    };
    Ok((shape.merge(read)?, head.names))
}

/// The start of the first line that begins at or after byte `at` (or the end of the text): a place
/// to cut the text into two parts of whole lines. Searched on bytes, so `at` may fall inside a
/// multi-byte character (a `\n` byte is never part of one in UTF-8) and the cut is always a
/// character boundary.
pub(super) fn line_cut(text: &str, at: usize) -> usize {
    line_start_from(text.as_bytes(), at)
}

/// [`line_cut`] on bytes.
fn line_start_from(bytes: &[u8], at: usize) -> usize {
    if at == 0 || at >= bytes.len() {
        return at.min(bytes.len());
    }
    bytes[at - 1..]
        .iter()
        .position(|&byte| byte == b'\n')
        .map_or(bytes.len(), |offset| at + offset)
}

/// What every part of a wide file shares.
struct Shape<'a> {
    delimiter: u8,
    width: usize,
    options: &'a MatrixOptions<'a>,
    names: &'a [String],
}

impl Shape<'_> {
    fn builder(&self) -> Result<RatingsBuilder, MatrixError> {
        Ok(RatingsBuilder::new(
            self.width,
            self.options.level,
            self.options.categories,
        )?)
    }

    /// Quote-free text read on its own (see [`PlainReader`]).
    fn read_plain(&self, part: &str, stream: bool) -> Result<Plain, MatrixError> {
        let mut reader = PlainReader::new(self, stream)?;
        Ok(match reader.read(part)? {
            Lines::Read => Plain::Read(Box::new(reader.finish())),
            Lines::Quoted => Plain::Quoted,
        })
    }

    /// The parts read, in order, with the rows of their errors numbered in the file (the first
    /// part's first line is `body_line`); None when a part has quotes (the csv reader then reads
    /// the whole text, whatever the other parts found).
    fn join(
        &self,
        read: Vec<Result<Plain, MatrixError>>,
        body_line: usize,
    ) -> Option<Vec<Result<Part, MatrixError>>> {
        let mut results = Vec::with_capacity(read.len());
        let mut first_line = body_line;
        for part in read {
            match part {
                Ok(Plain::Read(part)) => {
                    first_line += part.lines;
                    results.push(Ok(*part));
                }
                Ok(Plain::Quoted) => return None,
                Err(error) => results.push(Err(error.lines_after(first_line))),
            }
        }
        Some(results)
    }

    /// The parts as one: their categories and counts merged (the first error in file order wins).
    fn merge(&self, results: Vec<Result<Part, MatrixError>>) -> Result<Read, MatrixError> {
        let mut units = 0;
        let mut merged: Option<(RatingsBuilder, Option<Tally>)> = None;
        for result in results {
            let part = result?;
            units += part.rows;
            let categories = part.builder.category_count();
            let tally = part.stream.map(|counting| counting.finish(categories));
            match merged.as_mut() {
                None => merged = Some((part.builder, tally)),
                Some((first, first_tally)) => {
                    let before = first.category_count();
                    let map = first.append(part.builder)?;
                    let all = first.category_count();
                    // Only counting while reading has a bound; a matrix has room for any
                    // number of categories (70,000 distinct values of two halves read apart
                    // were refused with this internal error).
                    if all > STREAM_CATEGORIES && (first_tally.is_some() || tally.is_some()) {
                        return Err(MatrixError::StreamOverflow);
                    }
                    if let (Some(mine), Some(theirs)) = (first_tally.take(), tally) {
                        // Both as wide as the categories of the two parts, in the first's numbers.
                        let same: Vec<u32> = (0..before as u32).collect();
                        let merged = mine.remap(all, &same).merge(theirs.remap(all, &map));
                        *first_tally = Some(merged);
                    }
                }
            }
        }
        let Some((mut builder, tally)) = merged.filter(|_| units > 0) else {
            return Err(MatrixError::NoUnits);
        };
        match tally {
            Some(tally) => {
                let order = builder.rank()?;
                let tally = tally.remap(builder.category_count(), &order);
                let categories = builder.categories().to_vec();
                Ok(Read::Counted(Counted { tally, categories }))
            }
            None => Ok(Read::Ratings(builder.finish()?)),
        }
    }

    /// Splits one line (without its `\n`) into `unit`; false for a blank line. Inline: the line
    /// reader in `plain.rs` calls it for every line it meets the first time.
    #[inline]
    fn read_line(
        &self,
        line: &str,
        row: usize,
        builder: &mut RatingsBuilder,
        unit: &mut Vec<Option<u32>>,
    ) -> Result<bool, MatrixError> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        unit.clear();
        let mut fields = 0;
        for text in line.split(char::from(self.delimiter)) {
            fields += 1;
            if fields <= self.width {
                let cell = if is_missing(text) {
                    None
                } else {
                    builder
                        .intern_cell(text, row, fields)
                        .map_err(|e| value_error(e, self.names))?
                };
                unit.push(cell);
            }
        }
        if fields == 1 && line.trim_ascii().is_empty() {
            return Ok(false);
        }
        if fields != self.width {
            return Err(MatrixError::Ragged {
                row,
                found: fields,
                expected: self.width,
            });
        }
        Ok(true)
    }

    /// Text with quotes: the csv crate reads it.
    fn read_quoted(&self, part: &str, first_line: usize) -> Result<Part, MatrixError> {
        let mut builder = self.builder()?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .from_reader(part.as_bytes());
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(part.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut record = csv::StringRecord::new();
        let mut rows = 0;
        loop {
            let more = reader
                .read_record(&mut record)
                .map_err(|error| MatrixError::Csv {
                    row: first_line
                        + error
                            .position()
                            .map_or(0, |p| p.line() as usize)
                            .saturating_sub(1),
                    message: error.to_string(),
                })?;
            if !more {
                break;
            }
            let byte = record.position().map_or(0, |p| p.byte() as usize);
            let skipped = part.as_bytes()[byte.min(part.len())..]
                .iter()
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .count();
            let row = first_line + line_starts.partition_point(|&s| s <= byte + skipped) - 1;
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if record.len() != self.width {
                return Err(MatrixError::Ragged {
                    row,
                    found: record.len(),
                    expected: self.width,
                });
            }
            let cells = record.iter().map(|f| (!is_missing(f)).then_some(f));
            builder
                .push_row(row, cells)
                .map_err(|e| value_error(e, self.names))?;
            rows += 1;
        }
        Ok(Part {
            builder,
            rows,
            lines: line_starts.len() - 1,
            stream: None,
        })
    }
}

#[cfg(test)]
mod tests;
