//! Codebooks as human-editable TOML: parsing with line-numbered validation, lossless export, and
//! the bundled presets. The format is documented in `docs/codebook.md`.

mod presets;
mod toml_format;
mod toml_write;

pub use presets::{PRESETS, Preset, preset};
pub use toml_format::{is_key, parse_codebook};
pub use toml_write::to_toml;

use std::fmt;
use std::path::Path;

use thiserror::Error;

use crate::model::Codebook;

/// One thing wrong with a codebook file, with the line (1-based) where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodebookProblem {
    pub line: usize,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for CodebookProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "line {}, column {}: {}", self.line, column, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

#[derive(Debug, Error)]
pub enum CodebookError {
    #[error("{}", crate::tr!("err-read-codebook", file = file, reason = source.to_string()))]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{}\n{}", crate::tr!("err-codebook-invalid", file = file), list_problems(.problems))]
    Invalid {
        file: String,
        problems: Vec<CodebookProblem>,
    },
    #[error("unknown codebook preset '{name}' (available: {available})")]
    UnknownPreset { name: String, available: String },
}

fn list_problems(problems: &[CodebookProblem]) -> String {
    problems
        .iter()
        .map(|problem| format!("  {problem}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a codebook from a TOML file.
pub fn load_codebook_file(path: &Path) -> Result<Codebook, CodebookError> {
    let file = path.display().to_string();
    // A pipe or a device is never read: it could wait for a writer forever.
    if path.exists() && !path.is_file() {
        return Err(CodebookError::Read {
            file,
            source: std::io::Error::other("it is not a file (a folder, a pipe or a device)"),
        });
    }
    let text = std::fs::read_to_string(path).map_err(|source| CodebookError::Read {
        file: file.clone(),
        source,
    })?;
    parse_codebook(&text).map_err(|problems| CodebookError::Invalid { file, problems })
}

/// A preset name (`tiktok-six`) or a path to a TOML file.
pub fn load_codebook(preset_or_path: &str) -> Result<Codebook, CodebookError> {
    if let Some(found) = preset(preset_or_path) {
        return found.codebook();
    }
    let path = Path::new(preset_or_path);
    if path.exists() || preset_or_path.ends_with(".toml") {
        return load_codebook_file(path);
    }
    Err(CodebookError::UnknownPreset {
        name: preset_or_path.to_owned(),
        available: PRESETS
            .iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
            .join(", "),
    })
}
