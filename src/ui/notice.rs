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
    #[error("Could not open {}: {source}. Is there a program for it (a video player, a web browser) on this computer?", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not there: it may have been moved or deleted, or the study's media folder is not on this computer.", .0.display())]
    Missing(PathBuf),
    #[error("Could not save your settings: {0}")]
    Settings(std::io::Error),
    #[error("Could not start background work: {0}")]
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
