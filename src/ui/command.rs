//! Everything a view can ask the app to do.

use std::path::PathBuf;

use crate::model::Answer;

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
    // Outside the window.
    OpenUrl(String),
    OpenFile(PathBuf),
    SetTheme(egui::ThemePreference),
    DismissNotice,
}
