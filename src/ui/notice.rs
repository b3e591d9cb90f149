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
    pub kind: NoticeKind,
}

/// What a notice says, which decides its colour: something done looks done, not like a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// What was asked for is done (saved a copy, started a round).
    Done,
    /// Worth knowing, nothing wrong (the study changed elsewhere, a package opened).
    Info,
    /// Something is missing or may go wrong (no Chinese font).
    Warning,
    Error,
}

impl NoticeKind {
    pub fn color(self, visuals: &egui::Visuals) -> egui::Color32 {
        match self {
            NoticeKind::Done if visuals.dark_mode => egui::Color32::from_rgb(120, 205, 130),
            NoticeKind::Done => egui::Color32::from_rgb(25, 120, 45),
            NoticeKind::Info => visuals.text_color(),
            NoticeKind::Warning => visuals.warn_fg_color,
            NoticeKind::Error => visuals.error_fg_color,
        }
    }
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
            kind: NoticeKind::Error,
        }
    }

    pub fn is_error(&self) -> bool {
        self.kind == NoticeKind::Error
    }
}
