//! Importing units (CSV, XLSX, JSON, JSON Lines) and codes (long CSV) into a project.
//!
//! An import is all or nothing: the file is read and checked completely first, every problem is
//! collected with its row and column, and only a clean file is written, in one transaction.

mod codes;
pub mod decode;
pub mod fields;
mod inflate_bound;
pub mod matrix;
mod short_lines;
pub mod table;
mod units;

pub use codes::{CodesReport, import_codes, parse_answer, read_codes};
pub use table::{
    Cell, InputFormat, Position, ReadOptions, Table, read_table, unit_file_extensions,
};
pub use units::{Target, map_columns};

use std::collections::HashMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use thiserror::Error;

use crate::model::MediaKind;
use crate::store::{Project, StoreError, UpsertSummary};

/// One problem in an input file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// `None` for problems of the whole file (no id column, bad encoding...).
    pub at: Option<(Position, usize)>,
    pub column: Option<String>,
    pub message: String,
}

impl ImportProblem {
    pub fn file(message: String) -> Self {
        ImportProblem {
            at: None,
            column: None,
            message,
        }
    }

    pub fn at(position: Position, at: usize, column: Option<String>, message: String) -> Self {
        ImportProblem {
            at: Some((position, at)),
            column,
            message,
        }
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.at, &self.column) {
            (Some((position, at)), Some(column)) => {
                let place = crate::tr!(
                    "import-at-column",
                    place = position.word(),
                    at = at,
                    column = column
                );
                write!(f, "{place}: {}", self.message)
            }
            (Some((position, at)), None) => {
                let place = crate::tr!("import-at", place = position.word(), at = at);
                write!(f, "{place}: {}", self.message)
            }
            _ => f.write_str(&self.message),
        }
    }
}

/// How many problems an error lists before it says "and N more".
const SHOWN_PROBLEMS: usize = 20;

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("{file}: {}{}", list(.problems), crate::tr!("import-nothing-imported"))]
    Problems {
        file: String,
        problems: Vec<ImportProblem>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{cause} (and the unfinished {file} could not be removed: {source}; delete it)")]
    LeftOver {
        cause: Box<ImportError>,
        file: String,
        source: std::io::Error,
    },
}

fn list(problems: &[ImportProblem]) -> String {
    let mut text = String::new();
    if problems.len() == 1 {
        return format!("{}; ", problems[0]);
    }
    text.push_str(&crate::tr!("import-problems", count = problems.len()));
    text.push('\n');
    for problem in problems.iter().take(SHOWN_PROBLEMS) {
        text.push_str(&format!("  {problem}\n"));
    }
    if problems.len() > SHOWN_PROBLEMS {
        text.push_str("  ");
        text.push_str(&crate::tr!(
            "import-and-more",
            count = problems.len() - SHOWN_PROBLEMS
        ));
        text.push('\n');
    }
    text
}

impl ImportError {
    pub fn file_problem(file: &Path, message: String) -> Self {
        ImportError::Problems {
            file: file.display().to_string(),
            problems: vec![ImportProblem::file(message)],
        }
    }
}

/// Options of `codingdesk import`.
#[derive(Debug, Clone, Default)]
pub struct UnitImportOptions {
    pub read: ReadOptions,
    pub media_dir: Option<PathBuf>,
    pub overrides: Vec<(String, Target)>,
    pub platform: Option<String>,
    /// Accept media paths that lead outside the units file's folder and the media folder (an
    /// absolute path, `../`, a link out). Off by default: a file from elsewhere could otherwise
    /// make `package` copy any file of this computer into a coder's package.
    pub allow_outside_media: bool,
}

/// What an import of units did, for the user.
#[derive(Debug, Clone)]
pub struct UnitImportReport {
    pub rows: usize,
    pub encoding: Option<&'static str>,
    pub platform: Option<String>,
    pub mapping: Vec<(String, String)>,
    pub summary: UpsertSummary,
}

/// Media files in a folder, found by unit id: `ID.jpg`, `ID_2.png`, `ID.mp4`...
pub struct MediaFolder {
    by_stem: HashMap<String, Vec<PathBuf>>,
}

impl MediaFolder {
    pub fn scan(dir: &Path) -> Result<MediaFolder, String> {
        let entries = std::fs::read_dir(dir)
            .map_err(|error| format!("cannot read media folder {}: {error}", dir.display()))?;
        let mut by_stem: HashMap<String, Vec<PathBuf>> = HashMap::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.to_string_lossy();
            if !path.is_file() || MediaKind::from_path(&name).is_none() {
                continue;
            }
            if let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) {
                by_stem.entry(stem).or_default().push(path);
            }
        }
        Ok(MediaFolder { by_stem })
    }

    /// `ID.*` first, then `ID_2.*`, `ID_3.*` ... in numeric order.
    pub fn files_for(&self, uid: &str) -> Vec<PathBuf> {
        let mut found: Vec<(u32, PathBuf)> = Vec::new();
        if let Some(files) = self.by_stem.get(uid) {
            found.extend(files.iter().map(|f| (1, f.clone())));
        }
        for (stem, files) in &self.by_stem {
            if let Some(n) = stem
                .strip_prefix(uid)
                .and_then(|rest| rest.strip_prefix('_'))
                .and_then(|n| n.parse::<u32>().ok())
            {
                found.extend(files.iter().map(|f| (n, f.clone())));
            }
        }
        found.sort();
        found.into_iter().map(|(_, path)| path).collect()
    }
}

/// The folder a media file must resolve into (links followed), if `roots` limits them.
fn check_inside(file: &Path, roots: Option<&[PathBuf]>, shown: &str) -> Result<(), String> {
    let Some(roots) = roots else {
        return Ok(());
    };
    let resolved = absolute(file)?;
    if roots.iter().any(|root| resolved.starts_with(root)) {
        return Ok(());
    }
    Err(format!(
        "media path '{shown}' leads outside the units file's folder{}: put the file inside it, or pass --allow-outside-media if you trust this units file",
        if roots.len() > 1 {
            " and the --media folder"
        } else {
            ""
        }
    ))
}

fn absolute(path: &Path) -> Result<PathBuf, String> {
    dunce::canonicalize(path).map_err(|error| format!("cannot resolve {}: {error}", path.display()))
}

/// `target` relative to the folder `base`, with `/` separators, as stored in the project.
pub fn relative_to(target: &Path, base: &Path) -> Result<String, String> {
    let target = absolute(target)?;
    let base = absolute(base)?;
    let target_parts: Vec<Component> = target.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = target_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        // Different drives on Windows: only an absolute path can work.
        return Ok(target.to_string_lossy().replace('\\', "/"));
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); base_parts.len() - common];
    parts.extend(
        target_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(parts.join("/"))
}

/// Creates a project and imports its first units, all or nothing: when the import fails, the new
/// file (with its `-wal` and `-shm`) is removed again, so that no empty project is left behind to
/// be mistaken for the study.
pub fn create_with_units(
    path: &Path,
    title: &str,
    codebook: &crate::model::Codebook,
    units: &Path,
    actor: &str,
) -> Result<(Project, UnitImportReport), ImportError> {
    let mut project = Project::create(path, title, codebook)?;
    match import_units(&mut project, units, &UnitImportOptions::default(), actor) {
        Ok(report) => Ok((project, report)),
        Err(error) => {
            drop(project);
            match crate::store::remove_project_files(path) {
                Ok(()) => Err(error),
                Err(source) => Err(ImportError::LeftOver {
                    cause: Box::new(error),
                    file: path.display().to_string(),
                    source,
                }),
            }
        }
    }
}

/// Units handed from the building thread to the writing one at a time.
const BATCH: usize = 1024;

/// Imports units from a file into a project: all rows or none.
pub fn import_units(
    project: &mut Project,
    input: &Path,
    options: &UnitImportOptions,
    actor: &str,
) -> Result<UnitImportReport, ImportError> {
    let file = input.display().to_string();
    let mut table =
        read_table(input, &options.read).map_err(|m| ImportError::file_problem(input, m))?;
    let mut targets = map_columns(&table.headers, &options.overrides)
        .map_err(|m| ImportError::file_problem(input, m))?;
    let declined = units::decline_unfitting(&table, &mut targets, &options.overrides);
    // The records go to the thread that builds units from them (and frees them as it goes).
    let records = std::mem::take(&mut table.records);
    let media_folder = match &options.media_dir {
        Some(dir) => Some(MediaFolder::scan(dir).map_err(|m| ImportError::file_problem(input, m))?),
        None => None,
    };
    let input_dir = match input.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let project_dir = project.base_dir();
    let mut media_roots =
        vec![absolute(&input_dir).map_err(|m| ImportError::file_problem(input, m))?];
    if let Some(dir) = &options.media_dir {
        media_roots.push(absolute(dir).map_err(|m| ImportError::file_problem(input, m))?);
    }
    let builder = units::UnitBuilder {
        table: &table,
        targets: &targets,
        input_dir: &input_dir,
        project_dir: &project_dir,
        media_folder: media_folder.as_ref(),
        media_roots: if options.allow_outside_media {
            None
        } else {
            Some(&media_roots)
        },
        platform: options.platform.clone(),
    };
    // Units are built on one thread while the other writes them, in one transaction that is
    // committed only when every row built without a problem: never half an import.
    let (upserted, problems) = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<crate::model::Unit>>(8);
        let builder = &builder;
        // Problems are written in this thread's language (each thread has its own).
        let lang = crate::i18n::ui_language();
        // The sender goes with the builder: when it is done, the writer's rows end.
        let building = scope.spawn(move || {
            crate::i18n::set_ui_language(lang);
            let mut problems = Vec::new();
            let mut batch = Vec::with_capacity(BATCH);
            builder.build_each(records, &mut problems, |unit| {
                batch.push(unit);
                if batch.len() < BATCH {
                    return true;
                }
                // A send fails only when the writer stopped (on an error of its own).
                sender
                    .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                    .is_ok()
            });
            // A failed send means the writer stopped on an error of its own, which is reported.
            if !batch.is_empty() && sender.send(batch).is_err() {
                return problems;
            }
            problems
        });
        let mut problems = None;
        // The receiver goes with the rows: if writing fails, the builder's next send fails too
        // instead of waiting for room.
        let upserted =
            project.upsert_units_from(receiver.into_iter().flatten(), actor, |summary| {
                let found = building
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                let clean = found.is_empty();
                problems = Some(found);
                clean && summary.rows() > 0
            });
        (upserted, problems)
    });
    let problems = problems.unwrap_or_default();
    if !problems.is_empty() {
        return Err(ImportError::Problems { file, problems });
    }
    let Some(summary) = upserted? else {
        return Err(ImportError::file_problem(
            input,
            crate::tr!("import-no-rows"),
        ));
    };
    Ok(UnitImportReport {
        rows: summary.rows(),
        encoding: table.encoding,
        platform: builder.platform(),
        mapping: units::describe_mapping(&table.headers, &targets, &declined),
        summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units are written while later rows are still being built: a problem in a late row (after
    /// several batches went to the database) still leaves the study as it was.
    #[test]
    fn a_problem_in_a_late_row_writes_nothing_even_after_batches_were_written() {
        let dir = tempfile::tempdir().unwrap();
        let codebook = crate::codebook::preset("tiktok-six")
            .unwrap()
            .codebook()
            .unwrap();
        let path = dir.path().join("study.cdesk");
        let mut project = Project::create(&path, "t", &codebook).unwrap();
        let first = dir.path().join("first.csv");
        std::fs::write(&first, "id,caption,likes\nkeep,a,1\n").unwrap();
        let options = UnitImportOptions {
            read: ReadOptions {
                encoding: None,
                sheet: None,
            },
            media_dir: None,
            overrides: Vec::new(),
            platform: None,
            allow_outside_media: false,
        };
        import_units(&mut project, &first, &options, "test").unwrap();
        let log_before = project.change_log_len().unwrap();
        for (name, last_row) in [
            ("bad-count.csv", "late,z,not a number".to_owned()),
            ("duplicate.csv", "u00007,z,5".to_owned()),
        ] {
            let mut text = "id,caption,likes\n".to_owned();
            for i in 0..5 * BATCH {
                text.push_str(&format!("u{i:05},caption {i},{i}\n"));
            }
            text.push_str(&last_row);
            text.push('\n');
            let late = dir.path().join(name);
            std::fs::write(&late, text).unwrap();
            let error = import_units(&mut project, &late, &options, "test").unwrap_err();
            assert!(matches!(error, ImportError::Problems { .. }), "{error}");
            assert_eq!(project.unit_ids().unwrap(), ["keep"], "{name}");
            assert_eq!(project.change_log_len().unwrap(), log_before);
        }
        // And a clean file of the same size imports whole.
        let mut text = "id,caption,likes\n".to_owned();
        for i in 0..5 * BATCH {
            text.push_str(&format!("u{i:05},caption {i},{i}\n"));
        }
        let clean = dir.path().join("clean.csv");
        std::fs::write(&clean, text).unwrap();
        let report = import_units(&mut project, &clean, &options, "test").unwrap();
        assert_eq!(report.rows, 5 * BATCH);
        assert_eq!(project.unit_ids().unwrap().len(), 5 * BATCH + 1);
    }

    /// A new project whose first units fail to import is removed with its companions; one whose
    /// units import is kept.
    #[test]
    fn a_project_created_with_bad_units_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let codebook = crate::codebook::preset("tiktok-six")
            .unwrap()
            .codebook()
            .unwrap();
        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, "id,caption\nv1,a\nv1,b\n").unwrap();
        let path = dir.path().join("study.cdesk");
        let error = create_with_units(&path, "t", &codebook, &bad, "test")
            .err()
            .unwrap();
        assert!(
            error.to_string().contains("nothing was imported"),
            "{error}"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["bad.csv"], "no project, -wal or -shm left");

        let good = dir.path().join("good.csv");
        std::fs::write(&good, "id,likes\nv1,12\n").unwrap();
        let (project, report) = create_with_units(&path, "t", &codebook, &good, "test").unwrap();
        assert_eq!(report.rows, report.summary.rows());
        assert_eq!(project.status().unwrap().units, 1);
    }

    #[test]
    fn relative_paths_walk_up_and_down() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("project");
        let media = dir.path().join("input/media");
        std::fs::create_dir_all(&base).unwrap();
        std::fs::create_dir_all(&media).unwrap();
        let file = media.join("a.jpg");
        std::fs::write(&file, b"x").unwrap();
        assert_eq!(relative_to(&file, &base).unwrap(), "../input/media/a.jpg");
        assert_eq!(relative_to(&file, dir.path()).unwrap(), "input/media/a.jpg");
    }

    #[test]
    fn media_folder_matches_ids_and_numbered_siblings() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "v1.jpg",
            "v1_2.png",
            "v1_10.png",
            "v10.mp4",
            "v1.txt",
            "v1x.jpg",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let folder = MediaFolder::scan(dir.path()).unwrap();
        let names: Vec<String> = folder
            .files_for("v1")
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["v1.jpg", "v1_2.png", "v1_10.png"]);
    }
}
