//! Everything a view can ask for, typed by who handles it: the app (screens, files, settings),
//! the coder's desk, or supervisor mode. Each handler matches its own type exhaustively, so a new
//! command cannot be added without being handled, and none can reach the wrong handler.

use std::path::PathBuf;

use super::files::FileRequest;
use crate::model::Answer;
use crate::supervise::SupervisorAction;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    App(AppCommand),
    Desk(DeskCommand),
    Supervisor(SupervisorCommand),
}

/// Screens, files, and what the window remembers.
#[derive(Debug, Clone, PartialEq)]
pub enum AppCommand {
    OpenProject(PathBuf),
    /// Sign in to a server study (the password stays in memory) with its media folder, if the
    /// study's own is not where they are on this computer.
    Connect {
        login: crate::server::replica::Login,
        media: Option<PathBuf>,
    },
    OpenSample,
    /// Ask the user for a file or folder (the system dialog, or the built-in browser).
    Choose(FileRequest),
    CreateProject {
        path: PathBuf,
        preset: String,
        title: String,
        units: Option<PathBuf>,
    },
    ChooseCoder(String),
    SwitchCoder,
    CloseProject,
    /// Writes a self-contained copy of the open project.
    SaveCopy(PathBuf),
    OpenSupervisor,
    /// Make text and widgets larger (+1) or smaller (−1) by one step, or back to 100 % (0).
    Zoom(i8),
    /// Use Codingdesk's own file browser instead of the system's file dialogs.
    UseBuiltInFileBrowser(bool),
    /// Short videos loop when they open.
    LoopShortVideos(bool),
    /// A unit's video starts playing when the unit is shown.
    AutoplayVideos(bool),
    OpenUrl(String),
    OpenFile(PathBuf),
    SetTheme(egui::ThemePreference),
    /// The window speaks this language from now on, here and next time.
    SetLanguage(crate::i18n::Lang),
    DismissNotice,
}

/// Moving through the coder's queue and coding.
#[derive(Debug, Clone, PartialEq)]
pub enum DeskCommand {
    Select(usize),
    Step(isize),
    NextNotDone,
    /// A value picked (or cleared) on a unit: the unit the form showed when it was picked.
    SetAnswer {
        unit: String,
        variable: String,
        answer: Option<Answer>,
    },
    /// A value of a multi-select variable ticked or unticked on a unit.
    Toggle {
        unit: String,
        variable: String,
        code: i64,
    },
    /// Text typed into a field of a unit: held by the session for that unit, saved when the
    /// field is left or the desk leaves the unit.
    Edit {
        unit: String,
        target: crate::desk::TextTarget,
        text: String,
    },
    /// A field was left: save what was typed into it (and only it: another field may be being
    /// typed in already).
    CommitEdit {
        unit: String,
        target: crate::desk::TextTarget,
    },
    Undo,
    Redo,
    /// Take the coder's desk over from another window that holds it.
    TakeOver,
    /// The unit's video.
    Video(VideoCommand),
    /// The unit's previous (−1) or next (+1) picture or video.
    Media(i32),
}

/// What the coder does with the unit's video (keys or the controls under it).
#[derive(Debug, Clone, PartialEq)]
pub enum VideoCommand {
    Toggle,
    /// Seconds forward (negative: back).
    Skip(f64),
    Seek(f64),
    /// Frames forward or back (pauses).
    Step(i32),
    /// One speed up (+1) or down (−1).
    Speed(i32),
    SetSpeed(f64),
    Mute,
    SetVolume(f64),
    SetLoop(bool),
    /// The card enlarged over the desk, and back.
    Large,
    /// The position, e.g. `[0:12]`, into the unit note.
    InsertTime,
}

/// Supervisor mode: a change to the study, or moving between views.
#[derive(Debug, Clone, PartialEq)]
pub enum SupervisorCommand {
    Study(SupervisorAction),
    /// Open the adjudication tab at one disagreement.
    GoToDisagreement {
        unit: String,
        variable: String,
    },
}

impl From<AppCommand> for Command {
    fn from(command: AppCommand) -> Command {
        Command::App(command)
    }
}

impl From<DeskCommand> for Command {
    fn from(command: DeskCommand) -> Command {
        Command::Desk(command)
    }
}

impl From<SupervisorCommand> for Command {
    fn from(command: SupervisorCommand) -> Command {
        Command::Supervisor(command)
    }
}

impl From<SupervisorAction> for Command {
    fn from(action: SupervisorAction) -> Command {
        Command::Supervisor(SupervisorCommand::Study(action))
    }
}
