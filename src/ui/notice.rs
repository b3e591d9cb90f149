//! The notice line: one message at a time, shown until dismissed, and the one type every failure
//! in the window becomes before it is shown there.

use std::path::PathBuf;

use crate::codebook::CodebookError;
use crate::import::ImportError;
use crate::samples::SampleError;
use crate::store::StoreError;
use crate::supervise::SuperviseError;

/// A message shown once, until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// Everything that can go wrong behind a button, said the way the layer below says it.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Supervise(#[from] SuperviseError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Codebook(#[from] CodebookError),
    #[error(transparent)]
    Sample(#[from] SampleError),
    #[error(transparent)]
    Study(#[from] crate::study::StudyError),
    #[error("{}", crate::tr!("problem-open", path = path.display().to_string(), reason = source.to_string()))]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", crate::tr!("problem-missing", path = .0.display().to_string()))]
    Missing(PathBuf),
    #[error("{}", crate::tr!("problem-settings", reason = .0.to_string()))]
    Settings(std::io::Error),
    #[error("{}", crate::tr!("problem-thread", reason = .0.to_string()))]
    Thread(std::io::Error),
    /// A rule of the window's own (e.g. a name is needed), said as it is.
    #[error("{0}")]
    Refused(String),
}

impl Notice {
    pub fn of(problem: &Problem) -> Notice {
        Notice {
            text: problem.to_string(),
            error: true,
        }
    }
}
