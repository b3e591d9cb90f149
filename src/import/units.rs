//! Turning a table into units: column mapping, value parsing, media, and every problem with its
//! row and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::fields::{
    count_from_number, date_from_number, duration_column_in_ms, field_for_column,
    is_missing_marker, parse_count, parse_date_time, parse_duration, platform_hint,
};
use super::table::{Cell, Record, Table};
use super::{ImportProblem, MediaFolder, relative_to};
use crate::model::{ExtraValue, Media, MediaKind, Unit, UnitField};

/// Where a column's values go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Field(UnitField),
    /// Kept as a typed extra field under this name.
    Extra(String),
    Ignore,
}

impl Target {
    pub fn describe(&self) -> String {
        match self {
            Target::Field(field) => field.name().to_owned(),
            Target::Extra(name) => format!("extra field '{name}'"),
            Target::Ignore => "ignored".to_owned(),
        }
    }

    /// Parses the right-hand side of `--map column=TARGET`.
    pub fn parse(text: &str) -> Result<Target, String> {
        match text.trim() {
            "ignore" | "skip" => Ok(Target::Ignore),
            "extra" => Ok(Target::Extra(String::new())),
            name => UnitField::from_name(name)
                .map(Target::Field)
                .ok_or_else(|| {
                    let fields: Vec<&str> = UnitField::ALL.iter().map(|f| f.name()).collect();
                    format!(
                        "unknown field '{name}' (fields: {}, or extra, ignore)",
                        fields.join(", ")
                    )
                }),
        }
    }
}

/// Decides the target of every column: `--map` overrides first, then the known names. When two
/// columns name the same field, the first wins and the other is kept as an extra field.
pub fn map_columns(
    headers: &[String],
    overrides: &[(String, Target)],
) -> Result<Vec<Target>, String> {
    for (column, _) in overrides {
        if !headers.contains(column) {
            return Err(format!(
                "--map names column '{column}', which the file does not have (columns: {})",
                headers.join(", ")
            ));
        }
    }
    let mut taken: Vec<UnitField> = overrides
        .iter()
        .filter_map(|(_, target)| match target {
            Target::Field(field) => Some(*field),
            _ => None,
        })
        .collect();
    let mut targets = Vec::with_capacity(headers.len());
    for header in headers {
        let target = match overrides.iter().find(|(column, _)| column == header) {
            Some((_, Target::Extra(_))) => Target::Extra(header.clone()),
            Some((_, target)) => target.clone(),
            None => match field_for_column(header) {
                Some(field) if !taken.contains(&field) => {
                    taken.push(field);
                    Target::Field(field)
                }
                _ => Target::Extra(header.clone()),
            },
        };
        targets.push(target);
    }
    Ok(targets)
}

/// Whether a cell could be a value of a canonical field (text fields take anything).
fn fits(field: UnitField, cell: &Cell) -> bool {
    let text = cell.as_text().unwrap_or_default();
    match field {
        UnitField::Plays
        | UnitField::Likes
        | UnitField::Comments
        | UnitField::Shares
        | UnitField::Favorites => match cell {
            Cell::Number(number) => count_from_number(*number).is_some(),
            _ => parse_count(&text).is_some(),
        },
        UnitField::PublishedAt => match cell {
            Cell::Number(number) => date_from_number(*number).is_some(),
            _ => parse_date_time(&text).is_some(),
        },
        UnitField::DurationS => match cell {
            Cell::Number(number) => number.is_finite() && *number >= 0.0,
            _ => parse_duration(&text).is_some(),
        },
        UnitField::Video => matches!(cell, Cell::Text(_)) && !text.trim().is_empty(),
        UnitField::Media => {
            matches!(cell, Cell::Text(_))
                && text
                    .split(';')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .all(|part| {
                        part.starts_with("http://")
                            || part.starts_with("https://")
                            || MediaKind::from_path(part).is_some()
                    })
        }
        UnitField::Id
        | UnitField::Platform
        | UnitField::Url
        | UnitField::Account
        | UnitField::Title
        | UnitField::Caption => true,
    }
}

/// A column recognised by its name as a canonical field whose values cannot be that field (not
/// one of them fits: a numeric `media` column that is a "media communication" sub-index) stays
/// an extra field under its own name. Columns named in `--map` are left as the user said; a
/// column where some values fit keeps its field, and the others are reported by row. Returns the
/// columns declined, with the field they were not taken as, for the mapping printout.
pub fn decline_unfitting(
    table: &Table,
    targets: &mut [Target],
    overrides: &[(String, Target)],
) -> Vec<(usize, UnitField)> {
    let mut declined = Vec::new();
    for (column, target) in targets.iter_mut().enumerate() {
        let Target::Field(field) = *target else {
            continue;
        };
        let header = &table.headers[column];
        if overrides.iter().any(|(named, _)| named == header) {
            continue;
        }
        let mut values = table
            .records
            .iter()
            .filter_map(|record| record.cells.get(column))
            .filter(|cell| cell.as_text().is_some())
            .peekable();
        if values.peek().is_some() && !values.any(|cell| fits(field, cell)) {
            *target = Target::Extra(header.clone());
            declined.push((column, field));
        }
    }
    declined
}

/// Everything needed to turn records into units.
pub struct UnitBuilder<'a> {
    pub table: &'a Table,
    pub targets: &'a [Target],
    /// Folder of the input file: `media` paths are relative to it.
    pub input_dir: &'a Path,
    /// Folder of the project file: stored media paths are relative to it.
    pub project_dir: &'a Path,
    pub media_folder: Option<&'a MediaFolder>,
    /// Folders (resolved) that media files must lie in; `None`: anywhere (--allow-outside-media).
    pub media_roots: Option<&'a [PathBuf]>,
    pub platform: Option<String>,
}

impl UnitBuilder<'_> {
    pub fn platform(&self) -> Option<String> {
        self.platform
            .clone()
            .or_else(|| platform_hint(&self.table.headers).map(str::to_owned))
    }

    /// Builds the units from `records` (the table's, taken out of it) row by row, handing each
    /// to `emit` (which returns false to stop). Each record is dropped as soon as its unit is
    /// built, on the thread that builds: freeing two million cells is then not left to the end.
    pub fn build_each(
        &self,
        records: Vec<Record>,
        problems: &mut Vec<ImportProblem>,
        mut emit: impl FnMut(Unit) -> bool,
    ) {
        let Some(id_column) = self
            .targets
            .iter()
            .position(|t| *t == Target::Field(UnitField::Id))
        else {
            problems.push(ImportProblem::file(crate::tr!(
                "import-no-id",
                columns = self.table.headers.join(", ")
            )));
            return;
        };
        let platform = self.platform();
        let mut first_row_of: HashMap<String, usize> = HashMap::new();
        for record in records {
            let mut problem = |column: usize, message: String| {
                problems.push(ImportProblem::at(
                    self.table.position,
                    record.at,
                    Some(self.table.headers[column].clone()),
                    message,
                ))
            };
            let Some(uid) = record.cells[id_column]
                .as_text()
                .map(|id| id.trim().to_owned())
            else {
                problem(id_column, crate::tr!("import-id-empty"));
                continue;
            };
            if let Some(first) = first_row_of.insert(uid.clone(), record.at) {
                problem(
                    id_column,
                    crate::tr!(
                        "import-duplicate-id",
                        id = &uid,
                        place = self.table.position.word(),
                        first = first
                    ),
                );
                continue;
            }
            let mut unit = Unit {
                uid: uid.clone(),
                platform: platform.clone(),
                ..Unit::default()
            };
            for (column, (cell, target)) in record.cells.iter().zip(self.targets).enumerate() {
                if *cell == Cell::Empty {
                    continue;
                }
                if let (Target::Field(field), Cell::Text(text)) = (target, cell)
                    && field.is_measure()
                    && is_missing_marker(text)
                {
                    continue;
                }
                let header = &self.table.headers[column];
                match target {
                    Target::Ignore | Target::Field(UnitField::Id) => {}
                    Target::Extra(name) => {
                        if let Some(value) = extra_value(cell) {
                            unit.extra.insert(name.clone(), value);
                        }
                    }
                    Target::Field(field) => {
                        if let Err(message) = self.set_field(&mut unit, *field, header, cell) {
                            problem(column, message);
                        }
                    }
                }
            }
            if let Some(folder) = self.media_folder {
                for media in folder.files_for(&uid) {
                    let shown = media.display().to_string();
                    let checked = super::check_inside(&media, self.media_roots, &shown)
                        .and_then(|()| relative_to(&media, self.project_dir));
                    match checked {
                        Ok(path) => push_media(&mut unit, path, &media, None),
                        Err(message) => problem(id_column, message),
                    }
                }
            }
            if unit.platform.is_none() {
                unit.platform = unit
                    .url
                    .as_deref()
                    .and_then(super::fields::platform_from_url)
                    .map(str::to_owned);
            }
            if !emit(unit) {
                return;
            }
        }
    }

    fn set_field(
        &self,
        unit: &mut Unit,
        field: UnitField,
        header: &str,
        cell: &Cell,
    ) -> Result<(), String> {
        let text = cell.as_text().unwrap_or_default();
        let count = || {
            match cell {
                Cell::Number(number) => count_from_number(*number),
                _ => parse_count(&text),
            }
            .ok_or_else(|| crate::tr!("import-expected-count", found = shorten(&text)))
        };
        match field {
            UnitField::Id => {}
            UnitField::Platform => unit.platform = Some(text.trim().to_lowercase()),
            UnitField::Url => unit.url = Some(text.trim().to_owned()),
            UnitField::Account => unit.account = Some(text.trim().to_owned()),
            UnitField::Title => unit.title = Some(text.into_owned()),
            UnitField::Caption => unit.caption = Some(text.into_owned()),
            UnitField::PublishedAt => {
                let parsed = match cell {
                    Cell::Number(number) => date_from_number(*number),
                    _ => parse_date_time(&text),
                };
                unit.published_at =
                    Some(parsed.ok_or_else(|| {
                        crate::tr!("import-expected-date", found = shorten(&text))
                    })?);
            }
            UnitField::DurationS => {
                let seconds = match cell {
                    Cell::Number(number) if number.is_finite() && *number >= 0.0 => Some(*number),
                    Cell::Number(_) => None,
                    _ => parse_duration(&text),
                }
                .ok_or_else(|| crate::tr!("import-expected-duration", found = shorten(&text)))?;
                unit.duration_s = Some(if duration_column_in_ms(header, &self.table.headers) {
                    seconds / 1000.0
                } else {
                    seconds
                });
            }
            UnitField::Plays => unit.plays = Some(count()?),
            UnitField::Likes => unit.likes = Some(count()?),
            UnitField::Comments => unit.comments = Some(count()?),
            UnitField::Shares => unit.shares = Some(count()?),
            UnitField::Favorites => unit.favorites = Some(count()?),
            UnitField::Media => {
                for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                    self.add_media_path(unit, part, None)?;
                }
            }
            // Whatever its name ends in, what this column links is a video.
            UnitField::Video => {
                for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                    self.add_media_path(unit, part, Some(MediaKind::Video))?;
                }
            }
        }
        Ok(())
    }

    fn add_media_path(
        &self,
        unit: &mut Unit,
        part: &str,
        kind: Option<MediaKind>,
    ) -> Result<(), String> {
        if part.starts_with("http://") || part.starts_with("https://") {
            let kind = kind
                .or_else(|| MediaKind::from_path(part))
                .unwrap_or(MediaKind::Image);
            unit.media.push(Media {
                path: part.to_owned(),
                kind,
            });
            return Ok(());
        }
        let mut resolved: PathBuf = self.input_dir.join(part);
        // A units file made on Windows names `media\1.png`: where `\` is no separator, read it
        // as `/` (a file really named with a backslash is still found first).
        if !resolved.is_file() && std::path::MAIN_SEPARATOR != '\\' && part.contains('\\') {
            let portable = part.replace('\\', "/");
            if is_windows_absolute(&portable) {
                return Err(format!(
                    "media path '{part}' is a Windows path with a drive letter, which this computer cannot open: write media paths relative to the units file (media/1.png)"
                ));
            }
            resolved = self.input_dir.join(portable);
        }
        if !resolved.is_file() {
            return Err(format!(
                "media file '{part}' not found (looked in {})",
                self.input_dir.display()
            ));
        }
        super::check_inside(&resolved, self.media_roots, part)?;
        let stored = relative_to(&resolved, self.project_dir)?;
        push_media(unit, stored, &resolved, kind);
        Ok(())
    }
}

/// `C:/…` (a drive letter), as a path written on Windows starts.
fn is_windows_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/'
}

fn push_media(unit: &mut Unit, stored: String, file: &Path, kind: Option<MediaKind>) {
    let kind = kind
        .or_else(|| MediaKind::from_path(&file.to_string_lossy()))
        .unwrap_or(MediaKind::Image);
    if !unit.media.iter().any(|m| m.path == stored) {
        unit.media.push(Media { path: stored, kind });
    }
}

/// Numbers stay numbers (so analyses can use the column); identifiers with leading zeros and
/// everything else stay text.
fn extra_value(cell: &Cell) -> Option<ExtraValue> {
    match cell {
        Cell::Empty => None,
        Cell::Number(number) if number.is_finite() => Some(ExtraValue::Number(*number)),
        Cell::Number(number) => Some(ExtraValue::Text(number.to_string())),
        Cell::Text(text) => {
            let trimmed = text.trim();
            let looks_like_code =
                trimmed.len() > 1 && trimmed.starts_with('0') && !trimmed.starts_with("0.");
            match trimmed.parse::<f64>() {
                Ok(number) if number.is_finite() && !looks_like_code => {
                    Some(ExtraValue::Number(number))
                }
                _ => Some(ExtraValue::Text(text.clone())),
            }
        }
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// The mapping as printed for the user: column → target, saying why a column named like a field
/// was not taken as it.
pub fn describe_mapping(
    headers: &[String],
    targets: &[Target],
    declined: &[(usize, UnitField)],
) -> Vec<(String, String)> {
    headers
        .iter()
        .zip(targets)
        .enumerate()
        .map(|(column, (header, target))| {
            let mut described = target.describe();
            if let Some((_, field)) = declined.iter().find(|(c, _)| *c == column) {
                described.push_str(&format!(
                    " (no value fits the field '{}'; --map {header}={} takes it anyway)",
                    field.name(),
                    field.name()
                ));
            }
            (header.clone(), described)
        })
        .collect()
}
