//! Reading a file of records (CSV/TSV, XLSX, JSON array, JSON Lines) into one plain table shape,
//! keeping where each record came from so that errors can name it.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataType, Reader};

use super::decode::decode_owned;

/// A cell as the file gave it: spreadsheets and JSON have real numbers, CSV only text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

impl Cell {
    /// The cell as text: borrowed (every cell of an import is read this way), or a number
    /// written out.
    pub fn as_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Cell::Empty => None,
            Cell::Text(text) if text.trim().is_empty() => None,
            Cell::Text(text) => Some(std::borrow::Cow::Borrowed(text)),
            Cell::Number(number) => Some(std::borrow::Cow::Owned(crate::model::format_number(
                *number,
            ))),
        }
    }
}

/// How records are counted in a file, for messages: "row 7", "record 3", "line 12".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Row,
    Record,
    Line,
}

impl Position {
    pub fn word(self) -> String {
        match self {
            Position::Row => crate::tr!("import-row"),
            Position::Record => crate::tr!("import-record"),
            Position::Line => crate::tr!("import-line"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Record {
    /// Row (1-based, header = row 1), record index or line number, per the table's `position`.
    pub at: usize,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub headers: Vec<String>,
    pub records: Vec<Record>,
    pub position: Position,
    /// The text encoding the file was read with (`None` for XLSX).
    pub encoding: Option<&'static str>,
}

/// A cell larger than this is refused: no caption is that long, but a broken quote makes one.
pub const MAX_CELL_BYTES: usize = 1 << 20;

/// Options that change how a file is read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub encoding: Option<String>,
    pub sheet: Option<String>,
}

crate::listed_enum! {
    /// What a unit file can be, told by its extension.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum InputFormat {
        /// Comma-separated (or `;`/tab, sniffed), in any text encoding.
        Csv,
        /// Tab-separated.
        Tsv,
        /// Excel and OpenDocument workbooks (one sheet: the first, or `--sheet`).
        Spreadsheet,
        /// A JSON array of objects, or one object per line (JSON Lines), as scrapers write.
        Json,
    }
}

impl InputFormat {
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            InputFormat::Csv => &["csv", "txt"],
            InputFormat::Tsv => &["tsv"],
            InputFormat::Spreadsheet => &["xlsx", "xlsm", "xlsb", "xls", "ods"],
            InputFormat::Json => &["json", "jsonl", "ndjson"],
        }
    }

    /// The format a path's extension names; a file with any other extension (or none) is read
    /// as CSV, which sniffs its delimiter — scrapers save CSV under many names.
    pub fn of(path: &Path) -> InputFormat {
        let extension = path
            .extension()
            .map(|ext| ext.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        InputFormat::ALL
            .into_iter()
            .find(|format| format.extensions().contains(&extension.as_str()))
            .unwrap_or(InputFormat::Csv)
    }
}

/// Every extension `read_table` knows: what file dialogs offer.
pub fn unit_file_extensions() -> Vec<&'static str> {
    InputFormat::ALL
        .into_iter()
        .flat_map(InputFormat::extensions)
        .copied()
        .collect()
}

/// Reads a file by its extension. Errors are whole-file problems, already phrased for a person.
pub fn read_table(path: &Path, options: &ReadOptions) -> Result<Table, String> {
    // A pipe or a device is never read: it could wait for a writer forever.
    if path.exists() && !path.is_file() {
        return Err(if path.is_dir() {
            "it is a folder, not a file".to_owned()
        } else {
            "it is not a file (a pipe, a device or a socket): save the table to a file and import that".to_owned()
        });
    }
    let bytes = std::fs::read(path).map_err(|error| format!("cannot read the file: {error}"))?;
    match InputFormat::of(path) {
        InputFormat::Csv => read_text(bytes, options, |text| read_csv(text, false)),
        InputFormat::Tsv => read_text(bytes, options, |text| read_csv(text, true)),
        InputFormat::Json => read_text(bytes, options, read_json),
        InputFormat::Spreadsheet => read_spreadsheet(bytes, options),
    }
}

/// A text table: decoded (the encoding asked for, else the one detected), then parsed.
fn read_text(
    bytes: Vec<u8>,
    options: &ReadOptions,
    parse: impl FnOnce(&str) -> Result<Table, String>,
) -> Result<Table, String> {
    let decoded = decode_owned(bytes, options.encoding.as_deref())?;
    let mut table = parse(&decoded.text)?;
    table.encoding = Some(decoded.encoding);
    Ok(table)
}

fn check_headers(headers: &[String]) -> Result<(), String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (index, header) in headers.iter().enumerate() {
        if header.is_empty() {
            return Err(crate::tr!("import-column-unnamed", column = index + 1));
        }
        if let Some(first) = seen.insert(header.as_str(), index) {
            return Err(crate::tr!(
                "import-columns-same-name",
                first = first + 1,
                second = index + 1,
                name = header
            ));
        }
    }
    Ok(())
}

fn sniff_delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or_default();
    let count = |c: char| first_line.matches(c).count();
    [(b'\t', count('\t')), (b';', count(';')), (b',', count(','))]
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .filter(|&(_, n)| n > 0)
        .map_or(b',', |(delimiter, _)| delimiter)
}

pub fn read_csv(text: &str, tab_separated: bool) -> Result<Table, String> {
    let delimiter = if tab_separated {
        b'\t'
    } else {
        sniff_delimiter(text)
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    // One record read into again and again: a row costs no allocation of its own but its cells.
    let mut row = csv::StringRecord::new();
    let headers: Vec<String> = match reader.read_record(&mut row) {
        Ok(true) => row.iter().map(|h| h.trim().to_owned()).collect(),
        Ok(false) => return Err(crate::tr!("import-empty")),
        Err(error) => return Err(csv_error_after(&error, 0)),
    };
    check_headers(&headers)?;
    // The csv crate's line numbers skip blank lines; count real lines from byte offsets instead.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let line_of = |byte: u64| {
        // A record's position can point at blank lines the reader skipped before it.
        let skipped = text.as_bytes()[(byte as usize).min(text.len())..]
            .iter()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .count();
        line_starts.partition_point(|&start| start <= byte as usize + skipped)
    };
    let body_start = (reader.position().byte() as usize).min(text.len());
    let body = &text[body_start..];
    let records = if body.len() > 1 << 20 && !body.as_bytes().contains(&b'"') {
        // Without quotes a line is a row: the body is cut at a line and read in two halves on
        // two threads (a quoted field may hold a line break, so quoted text is read in one go).
        let cut = body_start + super::matrix::line_cut(body, body.len() / 2);
        let halves = [(body_start, &text[body_start..cut]), (cut, &text[cut..])];
        let read = crate::parallel::on_threads(&halves, |&(offset, half)| {
            let lines_before = line_starts.partition_point(|&start| start <= offset) - 1;
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .flexible(true)
                .has_headers(false)
                .from_reader(half.as_bytes());
            read_rows(&mut reader, (offset, lines_before), &headers, &line_of)
        });
        let mut records = Vec::with_capacity(line_starts.len());
        for half in read {
            records.extend(half?);
        }
        records
    } else {
        read_rows(&mut reader, (0, 0), &headers, &line_of)?
    };
    Ok(Table {
        headers,
        records,
        position: Position::Row,
        encoding: None,
    })
}

/// The rows `reader` has left, as records with their line numbers in the file: `offset` is
/// the byte where the reader's text starts in the file, `lines_before` the lines before it.
fn read_rows(
    reader: &mut csv::Reader<&[u8]>,
    (offset, lines_before): (usize, usize),
    headers: &[String],
    line_of: &impl Fn(u64) -> usize,
) -> Result<Vec<Record>, String> {
    let mut row = csv::StringRecord::new();
    let mut records = Vec::new();
    while reader
        .read_record(&mut row)
        .map_err(|error| csv_error_after(&error, lines_before))?
    {
        let at = row
            .position()
            .map_or(records.len() + 2, |p| line_of(p.byte() + offset as u64));
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if row.len() != headers.len() {
            return Err(crate::tr!(
                "import-row-fields",
                at = at,
                fields = row.len(),
                header = headers.len()
            ));
        }
        let mut cells = Vec::with_capacity(row.len());
        for (index, cell) in row.iter().enumerate() {
            if cell.len() > MAX_CELL_BYTES {
                return Err(format!(
                    "row {at}, column '{}': the field is {:.1} MB; fields over 1 MB are refused (an unclosed quote?)",
                    headers[index],
                    cell.len() as f64 / 1e6
                ));
            }
            cells.push(if cell.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(cell.to_owned())
            });
        }
        records.push(Record { at, cells });
    }
    Ok(records)
}

/// A csv error of a reader whose text starts after `lines_before` lines of the file.
fn csv_error_after(error: &csv::Error, lines_before: usize) -> String {
    match error.position() {
        Some(position) => format!("row {}: {}", position.line() + lines_before as u64, error),
        None => error.to_string(),
    }
}

/// A sheet with more filled cells than this is refused before it is turned into records: 100,000
/// posts of 200 columns fit, a runaway sheet does not exhaust memory.
pub const MAX_SHEET_CELLS: usize = 20_000_000;

/// A cell's place as Excel names it: `XFD1048576` for (1048575, 16383).
fn cell_name((row, column): (u32, u32)) -> String {
    let mut letters = Vec::new();
    let mut rest = column as u64 + 1;
    while rest > 0 {
        let digit = ((rest - 1) % 26) as u8;
        letters.push(char::from(b'A' + digit));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row as u64 + 1).to_string()
}

/// A filled cell of a sheet: (row, column) from 0, and its value.
type SheetCell = ((u32, u32), Data);

/// Reads the filled cells of a sheet, never the whole rectangle they span: a value in `XFD1048576`
/// would otherwise make a grid of 17 billion cells. XLSX and XLSB are read cell by cell; XLS and
/// ODS, whose size is bounded by their formats, through calamine's range.
fn sparse_cells(
    workbook: &mut calamine::Sheets<Cursor<Vec<u8>>>,
    sheet: &str,
) -> Result<Vec<SheetCell>, String> {
    let too_many = || {
        format!(
            "sheet '{sheet}' has over {MAX_SHEET_CELLS} filled cells; save the posts as CSV or split the sheet"
        )
    };
    let sheet_error = |error: &dyn std::fmt::Display| format!("sheet '{sheet}': {error}");
    let mut cells = Vec::new();
    macro_rules! read_cells {
        ($reader:expr) => {{
            let mut reader = $reader.map_err(|e| sheet_error(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| sheet_error(&e))? {
                if cell.get_value().is_empty() {
                    continue;
                }
                if cells.len() == MAX_SHEET_CELLS {
                    return Err(too_many());
                }
                cells.push((cell.get_position(), Data::from(cell.get_value().clone())));
            }
        }};
    }
    match workbook {
        calamine::Sheets::Xlsx(book) => read_cells!(book.worksheet_cells_reader(sheet)),
        calamine::Sheets::Xlsb(book) => read_cells!(book.worksheet_cells_reader(sheet)),
        calamine::Sheets::Xls(_) | calamine::Sheets::Ods(_) => {
            let range = workbook
                .worksheet_range(sheet)
                .map_err(|e| sheet_error(&e))?;
            for (row, column, value) in range.used_cells() {
                if cells.len() == MAX_SHEET_CELLS {
                    return Err(too_many());
                }
                let (top, left) = range.start().unwrap_or((0, 0));
                cells.push(((top + row as u32, left + column as u32), value.clone()));
            }
        }
    }
    Ok(cells)
}

fn read_spreadsheet(bytes: Vec<u8>, options: &ReadOptions) -> Result<Table, String> {
    super::inflate_bound::check_inflated_size(&bytes)?;
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|error| format!("not a readable spreadsheet: {error}"))?;
    let names = workbook.sheet_names();
    let sheet = match &options.sheet {
        Some(wanted) => names
            .iter()
            .find(|name| *name == wanted)
            .cloned()
            .ok_or_else(|| format!("no sheet named '{wanted}' (sheets: {})", names.join(", ")))?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| "the workbook has no sheets".to_owned())?,
    };
    let mut cells = sparse_cells(&mut workbook, &sheet)?;
    // Rows in order, cells in a row by column; the reader gives them so, but a file need not.
    cells.sort_by_key(|&(position, _)| position);
    let Some(&((header_row, _), _)) = cells.first() else {
        return Err(format!("sheet '{sheet}' is empty"));
    };
    let first_column = cells.iter().map(|&((_, c), _)| c).min().unwrap_or(0);
    let header_cells: Vec<&SheetCell> = cells
        .iter()
        .take_while(|((r, _), _)| *r == header_row)
        .collect();
    let last_column = header_cells.last().map_or(first_column, |&((_, c), _)| *c);
    let width = (last_column - first_column + 1) as usize;
    let mut headers = vec![String::new(); width];
    for ((_, column), value) in &header_cells {
        headers[(column - first_column) as usize] = value.to_string().trim().to_owned();
    }
    check_headers(&headers)?;
    let mut records: Vec<Record> = Vec::new();
    let header_count = header_cells.len();
    for (position, value) in cells.into_iter().skip(header_count) {
        let (row, column) = position;
        if column > last_column {
            return Err(format!(
                "cell {} holds a value outside the table's columns ({}–{}, named in row {}): delete it or give its column a name",
                cell_name(position),
                cell_name((header_row, first_column)).trim_end_matches(char::is_numeric),
                cell_name((header_row, last_column)).trim_end_matches(char::is_numeric),
                header_row + 1
            ));
        }
        let at = row as usize + 1;
        let header = &headers[(column - first_column) as usize];
        let cell = spreadsheet_cell(value)
            .map_err(|problem| format!("row {at}, column '{header}': {problem}"))?;
        if cell == Cell::Empty {
            continue;
        }
        if records.last().is_none_or(|record| record.at != at) {
            records.push(Record {
                at,
                cells: vec![Cell::Empty; width],
            });
        }
        if let Some(record) = records.last_mut() {
            record.cells[(column - first_column) as usize] = cell;
        }
    }
    Ok(Table {
        headers,
        records,
        position: Position::Row,
        encoding: None,
    })
}

/// A spreadsheet value as a table cell; a cell that cannot be a post's value says why.
fn spreadsheet_cell(value: Data) -> Result<Cell, String> {
    Ok(match value {
        Data::Empty => Cell::Empty,
        Data::Int(number) => Cell::Number(number as f64),
        Data::Float(number) => Cell::Number(number),
        Data::String(text) if text.len() > MAX_CELL_BYTES => {
            return Err("the cell is over 1 MB".to_owned());
        }
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => Cell::Text(text),
        Data::Bool(flag) => Cell::Text(flag.to_string()),
        Data::DateTime(moment) => match moment.as_datetime() {
            Some(datetime) => Cell::Text(datetime.format("%Y-%m-%dT%H:%M:%S").to_string()),
            None => Cell::Number(moment.as_f64()),
        },
        Data::Error(error) => {
            return Err(format!("the cell holds a spreadsheet error ({error})"));
        }
    })
}

/// Keys under which API responses and scraper dumps keep their list of posts.
const ENVELOPE_KEYS: [&str; 12] = [
    "data",
    "videos",
    "items",
    "aweme_list",
    "posts",
    "notes",
    "results",
    "records",
    "list",
    "statuses",
    "cards",
    "result",
];

/// The posts inside an API response such as the TikTok Research API's
/// `{"data": {"videos": [...], "cursor": …}, "error": {…}}`: the first non-empty list of objects
/// reached through `ENVELOPE_KEYS`. An object with its own id is a post, never an envelope (an
/// Apify post's `hashtags` list stays a field of the post).
fn envelope_records(value: &serde_json::Value) -> Option<&Vec<serde_json::Value>> {
    let object = value.as_object()?;
    let is_post = object.iter().any(|(key, inner)| {
        !inner.is_object()
            && !inner.is_array()
            && super::fields::field_for_column(key) == Some(crate::model::UnitField::Id)
    });
    if is_post {
        return None;
    }
    ENVELOPE_KEYS
        .iter()
        .find_map(|key| match object.get(*key)? {
            serde_json::Value::Array(items)
                if !items.is_empty() && items.iter().all(serde_json::Value::is_object) =>
            {
                Some(items)
            }
            inner @ serde_json::Value::Object(_) => envelope_records(inner),
            _ => None,
        })
}

/// Flattens nested objects into dotted keys (`stats.diggCount`); lists of plain values become
/// `;`-separated text (media paths), anything else stays JSON text.
fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, Cell)>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&name, inner, out);
            }
        }
        Value::Null => out.push((prefix.to_owned(), Cell::Empty)),
        Value::Bool(flag) => out.push((prefix.to_owned(), Cell::Text(flag.to_string()))),
        // Integers beyond 2^53 (the TikTok Research API's numeric video ids) would lose their last
        // digits as floating point: they stay exact, as text.
        Value::Number(number)
            if number
                .as_i64()
                .map(i64::unsigned_abs)
                .or_else(|| number.as_u64())
                .is_some_and(|n| n > 1 << 53) =>
        {
            out.push((prefix.to_owned(), Cell::Text(number.to_string())))
        }
        Value::Number(number) => out.push((
            prefix.to_owned(),
            number
                .as_f64()
                .map_or(Cell::Text(number.to_string()), Cell::Number),
        )),
        Value::String(text) => out.push((prefix.to_owned(), Cell::Text(text.clone()))),
        Value::Array(items) => {
            let plain: Option<Vec<String>> = items
                .iter()
                .map(|item| match item {
                    Value::String(text) => Some(text.clone()),
                    Value::Number(number) => Some(number.to_string()),
                    _ => None,
                })
                .collect();
            let cell = match plain {
                Some(parts) if parts.is_empty() => Cell::Empty,
                Some(parts) => Cell::Text(parts.join(";")),
                None => Cell::Text(value.to_string()),
            };
            out.push((prefix.to_owned(), cell));
        }
    }
}

pub fn read_json(text: &str) -> Result<Table, String> {
    let trimmed = text.trim_start();
    let (objects, position): (Vec<(usize, serde_json::Value)>, Position) = if trimmed
        .starts_with('[')
    {
        let items: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|error| {
            format!("line {}, column {}: {error}", error.line(), error.column())
        })?;
        (
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i + 1, v))
                .collect(),
            Position::Record,
        )
    } else if let Ok(whole @ serde_json::Value::Object(_)) =
        serde_json::from_str::<serde_json::Value>(text)
    {
        // One JSON document: a saved API response (an envelope) or a single record.
        (vec![(1, whole)], Position::Record)
    } else {
        let mut objects = Vec::new();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let value = serde_json::from_str(line).map_err(|error| {
                format!("line {}: not a JSON object ({error}); expected a JSON array or one object per line", index + 1)
            })?;
            objects.push((index + 1, value));
        }
        (objects, Position::Line)
    };
    // Saved API responses hold their records inside an envelope (`{"data": {"videos": [...]}}`,
    // one response per line or page): the records are the posts.
    let (objects, position) = if objects.iter().any(|(_, v)| envelope_records(v).is_some()) {
        let mut records = Vec::new();
        for (_, value) in objects {
            match envelope_records(&value) {
                Some(items) => records.extend(items.iter().cloned()),
                None => records.push(value),
            }
        }
        let numbered = records
            .into_iter()
            .enumerate()
            .map(|(i, v)| (i + 1, v))
            .collect();
        (numbered, Position::Record)
    } else {
        (objects, position)
    };
    let mut headers: Vec<String> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut flat_records = Vec::with_capacity(objects.len());
    for (at, value) in objects {
        if !value.is_object() {
            return Err(format!("{} {at} is not a JSON object", position.word()));
        }
        let mut fields = Vec::new();
        flatten("", &value, &mut fields);
        for (name, _) in &fields {
            if !index_of.contains_key(name) {
                index_of.insert(name.clone(), headers.len());
                headers.push(name.clone());
            }
        }
        flat_records.push((at, fields));
    }
    if flat_records.is_empty() {
        return Err(crate::tr!("import-no-records"));
    }
    let records = flat_records
        .into_iter()
        .map(|(at, fields)| {
            let mut cells = vec![Cell::Empty; headers.len()];
            for (name, cell) in fields {
                if let Some(&index) = index_of.get(&name) {
                    cells[index] = cell;
                }
            }
            Record { at, cells }
        })
        .collect();
    Ok(Table {
        headers,
        records,
        position,
        encoding: None,
    })
}

#[cfg(test)]
mod tests;
