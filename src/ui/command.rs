//! Everything a view can ask the app to do.

use std::path::PathBuf;

use crate::model::{Answer, Codebook};

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    // Start screen.
    OpenProject(PathBuf),
    OpenSample,
    ChooseProjectFile,
    ChooseUnitsFile,
    ChooseNewProjectPath,
    CreateProject {
        path: PathBuf,
        preset: String,
        title: String,
        units: Option<PathBuf>,
    },
    // Coder.
    ChooseCoder(String),
    SwitchCoder,
    CloseProject,
    /// Choose where to write a self-contained copy of the open project, then write it.
    ChooseCopyPath,
    SaveCopy(PathBuf),
    // Moving through the queue.
    Select(usize),
    Step(isize),
    NextNotDone,
    // Coding.
    SetAnswer {
        variable: String,
        answer: Option<Answer>,
    },
    Toggle {
        variable: String,
        code: i64,
    },
    SetNote(String),
    Undo,
    Redo,
    /// Make text and widgets larger (+1) or smaller (−1) by one step, or back to 100 % (0).
    Zoom(i8),
    /// Take the coder's desk over from another window that holds it.
    TakeOverDesk,
    // Supervisor mode.
    OpenSupervisor,
    UpdateCodebook(Codebook),
    MergeValue {
        variable: String,
        from: i64,
        into: i64,
    },
    ApplyAssignments {
        request: crate::assign::Request,
        replace: bool,
    },
    Adjudicate {
        unit: String,
        variable: String,
        answer: Option<Answer>,
        reason: String,
    },
    GoToDisagreement {
        unit: String,
        variable: String,
    },
    SetPrimaryCoder(String),
    ShowConfusion {
        variable: String,
        first: String,
        second: String,
    },
    SetBootstrap(crate::stats::Bootstrap),
    /// Writes one package per coder into a folder.
    WritePackages {
        folder: PathBuf,
        copy_media: bool,
    },
    ChoosePackageFolder,
    ChoosePackagesToMerge,
    /// Shows what merging these packages would do, writing nothing.
    PreviewMerge {
        files: Vec<PathBuf>,
        prefer: crate::store::Prefer,
    },
    MergePackages {
        files: Vec<PathBuf>,
        prefer: crate::store::Prefer,
    },
    Export(crate::export::Request),
    SaveIndex {
        name: String,
        weights: String,
        standardize: crate::analysis::Standardize,
        normalize: bool,
    },
    RemoveIndex(String),
    AddReportItem(crate::analysis::items::Item),
    RemoveReportItem(i64),
    /// Writes a chart (as SVG text) to a file.
    SaveChart {
        svg: String,
        path: PathBuf,
    },
    ChooseExportPath(crate::export::Format),
    // Outside the window.
    OpenUrl(String),
    OpenFile(PathBuf),
    SetTheme(egui::ThemePreference),
    DismissNotice,
}
