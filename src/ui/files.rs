//! Choosing files and folders. The system's file dialog (through rfd: the desktop portal, or
//! zenity) is used where there is one; on a machine without either, rfd returns at once with
//! nothing, which is told apart from a person cancelling by how fast it came back, and the
//! built-in browser (egui_file, inside the window) does the job instead — for the rest of the
//! session, and from then on if the user ticks "Use the built-in file browser".

use crate::tr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::export::Format;

/// What the app asks the user to choose: one list, matched exhaustively wherever it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRequest {
    /// A project to open.
    Project,
    /// A units file to start a new project with.
    Units,
    /// Where to save a new project.
    NewProject,
    /// Where to write an export (a folder for ReCal's set of files).
    Export(Format),
    /// A folder to write coders' packages into.
    PackageFolder,
    /// Packages to merge into the open project.
    Packages,
    /// Where to save a self-contained copy of the open project.
    Copy,
}

/// What kind of choice a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    OneFile,
    ManyFiles,
    SaveAs,
    Folder,
}

impl FileRequest {
    fn pick(self) -> Pick {
        match self {
            FileRequest::Project | FileRequest::Units => Pick::OneFile,
            FileRequest::Packages => Pick::ManyFiles,
            FileRequest::NewProject | FileRequest::Copy => Pick::SaveAs,
            FileRequest::Export(Format::Recal) => Pick::Folder,
            FileRequest::Export(_) => Pick::SaveAs,
            FileRequest::PackageFolder => Pick::Folder,
        }
    }

    /// The window title of the built-in browser, and the busy line while a dialog is up.
    pub fn title(self) -> String {
        match self {
            FileRequest::Project => tr!("files-open-project"),
            FileRequest::Units => tr!("files-choose-units"),
            FileRequest::NewProject => tr!("files-save-new-project"),
            FileRequest::Export(Format::Recal) => tr!("files-recal-folder"),
            FileRequest::Export(_) => tr!("files-export-to"),
            FileRequest::PackageFolder => tr!("files-package-folder"),
            FileRequest::Packages => tr!("files-packages"),
            FileRequest::Copy => tr!("files-copy"),
        }
    }

    /// What the filter is called and the extensions it lets through (empty: everything).
    fn filter(self) -> (String, Vec<&'static str>) {
        match self {
            FileRequest::Project => (tr!("files-filter-project"), vec!["cdesk", "sqlite", "db"]),
            FileRequest::Packages => (tr!("files-filter-package"), vec!["cdesk", "sqlite", "db"]),
            FileRequest::Units => (
                tr!("files-filter-units"),
                crate::import::unit_file_extensions(),
            ),
            FileRequest::NewProject | FileRequest::Copy => {
                (tr!("files-filter-project"), vec!["cdesk"])
            }
            FileRequest::Export(_) | FileRequest::PackageFolder => (String::new(), Vec::new()),
        }
    }

    /// Whether `path` is offered in the list (folders always are).
    fn shows(self, path: &Path) -> bool {
        let (_, extensions) = self.filter();
        extensions.is_empty()
            || path.extension().is_some_and(|extension| {
                let extension = extension.to_string_lossy().to_lowercase();
                extensions.contains(&extension.as_str())
            })
    }

    /// The file name a save dialog suggests.
    fn suggested_name(self, project: Option<&Path>) -> String {
        match self {
            FileRequest::NewProject => "study.cdesk".to_owned(),
            FileRequest::Copy => {
                let stem = project
                    .and_then(Path::file_stem)
                    .map_or_else(|| "study".into(), |s| s.to_string_lossy().into_owned());
                format!("{stem}-copy.cdesk")
            }
            FileRequest::Export(format) => format.default_file_name().to_owned(),
            FileRequest::Project
            | FileRequest::Units
            | FileRequest::PackageFolder
            | FileRequest::Packages => String::new(),
        }
    }

    /// A name typed without the project extension gets it (`study` → `study.cdesk`).
    fn complete(self, path: PathBuf) -> PathBuf {
        match self {
            FileRequest::NewProject | FileRequest::Copy if path.extension().is_none() => {
                path.with_extension("cdesk")
            }
            _ => path,
        }
    }
}

/// Runs the system's dialog for a request (blocking: call it off the UI thread). `None`: nothing
/// was chosen, whether the person cancelled or there is no dialog on this machine.
pub fn system_dialog(request: FileRequest, project: Option<&Path>) -> Option<Vec<PathBuf>> {
    let mut dialog = rfd::FileDialog::new().set_title(request.title());
    let (name, extensions) = request.filter();
    if !extensions.is_empty() {
        dialog = dialog.add_filter(name, &extensions);
    }
    if let Some(folder) = project.and_then(Path::parent) {
        dialog = dialog.set_directory(folder);
    }
    let suggested = request.suggested_name(project);
    if !suggested.is_empty() {
        dialog = dialog.set_file_name(suggested);
    }
    let chosen = match request.pick() {
        Pick::OneFile => dialog.pick_file().map(|path| vec![path]),
        Pick::ManyFiles => dialog.pick_files(),
        Pick::SaveAs => dialog.save_file().map(|path| vec![request.complete(path)]),
        Pick::Folder => dialog.pick_folder().map(|path| vec![path]),
    };
    chosen.filter(|paths| !paths.is_empty())
}

/// Faster than this, "nothing chosen" means the system dialog never showed: nobody can see a
/// dialog and cancel it in a quarter of a second. rfd returns within ~0.25 s without a portal.
const NO_SYSTEM_DIALOG: Duration = Duration::from_millis(600);

/// How the window asks for files: whether the system dialog is passed over, the built-in
/// browser while it is up, and where it last was.
pub struct Chooser {
    built_in: bool,
    /// The user's choice (Settings), as opposed to a system found to have no dialog.
    chosen_built_in: bool,
    browser: Option<BuiltInBrowser>,
    last_folder: Option<PathBuf>,
}

/// What the system dialog's answer means.
pub enum SystemAnswer {
    Chosen(Vec<PathBuf>),
    Cancelled,
    /// It came back at once with nothing: there is no system dialog here. The built-in browser
    /// is open now and used from now on.
    Unavailable,
}

impl Chooser {
    /// `user_choice`: the setting; `CODINGDESK_FILE_DIALOG=built-in` also chooses the browser.
    pub fn new(user_choice: bool) -> Chooser {
        let mut chooser = Chooser {
            built_in: false,
            chosen_built_in: false,
            browser: None,
            last_folder: None,
        };
        chooser.set_user_choice(user_choice);
        chooser
    }

    pub fn set_user_choice(&mut self, on: bool) {
        self.chosen_built_in = on || env_wants_built_in();
        self.built_in = self.chosen_built_in;
    }

    /// Whether files are chosen in the built-in browser.
    pub fn built_in(&self) -> bool {
        self.built_in
    }

    pub fn is_open(&self) -> bool {
        self.browser.is_some()
    }

    /// Opens the built-in browser for a request, where the user last was (else beside the open
    /// project, the last project, or at home). Returns false when the system dialog is to be used.
    pub fn open_built_in(
        &mut self,
        request: FileRequest,
        project: Option<&Path>,
        recent: Option<&Path>,
    ) -> bool {
        if !self.built_in {
            return false;
        }
        let folder = self
            .last_folder
            .clone()
            .or_else(|| project.and_then(Path::parent).map(Path::to_owned))
            .or_else(|| recent.and_then(Path::parent).map(Path::to_owned))
            .filter(|folder| folder.is_dir())
            .or_else(dirs::home_dir)
            .unwrap_or_else(|| PathBuf::from("."));
        self.browser = Some(BuiltInBrowser::open(request, &folder, project));
        true
    }

    /// Reads the system dialog's answer; with none, fast, switches to the built-in browser and
    /// opens it for the same request.
    pub fn system_answered(
        &mut self,
        request: FileRequest,
        paths: Option<Vec<PathBuf>>,
        took: Duration,
        project: Option<&Path>,
        recent: Option<&Path>,
    ) -> SystemAnswer {
        match paths {
            Some(paths) => SystemAnswer::Chosen(paths),
            None if took < NO_SYSTEM_DIALOG => {
                self.built_in = true;
                self.open_built_in(request, project, recent);
                SystemAnswer::Unavailable
            }
            None => SystemAnswer::Cancelled,
        }
    }

    /// Draws the built-in browser while it is up; what was chosen in it, once.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<(FileRequest, Vec<PathBuf>)> {
        let browser = self.browser.as_mut()?;
        match browser.show(ctx) {
            Browsed::StillOpen => None,
            Browsed::Cancelled => {
                self.browser = None;
                None
            }
            Browsed::Chosen(paths) => {
                self.last_folder = Some(browser.folder().to_owned());
                let request = browser.request();
                self.browser = None;
                Some((request, paths))
            }
        }
    }
}

/// `CODINGDESK_FILE_DIALOG=built-in` chooses the built-in browser without asking the system
/// (for machines where the system dialog exists but is not wanted).
fn env_wants_built_in() -> bool {
    std::env::var("CODINGDESK_FILE_DIALOG").is_ok_and(|v| v == "built-in" || v == "builtin")
}

/// The built-in file browser, for one request.
struct BuiltInBrowser {
    request: FileRequest,
    dialog: egui_file::FileDialog,
}

/// What the built-in browser came to.
enum Browsed {
    StillOpen,
    Cancelled,
    Chosen(Vec<PathBuf>),
}

impl BuiltInBrowser {
    /// Opens the browser in `folder` (the open project's folder, the last one used, or home).
    fn open(request: FileRequest, folder: &Path, project: Option<&Path>) -> BuiltInBrowser {
        let base = match request.pick() {
            Pick::OneFile => egui_file::FileDialog::open_file(),
            Pick::ManyFiles => egui_file::FileDialog::open_file().multi_select(true),
            Pick::SaveAs => {
                egui_file::FileDialog::save_file().default_filename(request.suggested_name(project))
            }
            Pick::Folder => egui_file::FileDialog::select_folder(),
        };
        let mut dialog = base
            .id(egui::Id::NULL.with("built-in-file-browser"))
            .title(&request.title())
            .initial_path(folder)
            .default_size([640.0, 440.0])
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            // Renaming files has no place in choosing one; a new folder does (to save into).
            .show_rename(false)
            .show_new_folder(matches!(request.pick(), Pick::SaveAs | Pick::Folder))
            .show_files_filter(Box::new(move |path: &Path| request.shows(path)))
            .keep_on_top(true)
            .open_button_text(tr!("files-open").into())
            .save_button_text(tr!("files-save").into())
            .cancel_button_text(tr!("files-cancel").into())
            .new_folder_button_text(tr!("files-new-folder").into())
            .new_folder_name_text(tr!("files-new-folder-name").into())
            .refresh_button_hover_text(tr!("files-refresh").into())
            .parent_folder_button_hover_text(tr!("files-parent").into())
            .file_label_text(tr!("files-file").into())
            .show_hidden_checkbox_text(tr!("files-show-hidden").into());
        dialog.open();
        BuiltInBrowser { request, dialog }
    }

    fn request(&self) -> FileRequest {
        self.request
    }

    /// Draws the browser; call every frame while it is open.
    fn show(&mut self, ctx: &egui::Context) -> Browsed {
        self.dialog.show(ctx);
        match self.dialog.state() {
            egui_file::State::Open => Browsed::StillOpen,
            egui_file::State::Closed | egui_file::State::Cancelled => Browsed::Cancelled,
            egui_file::State::Selected => {
                let paths: Vec<PathBuf> = match self.request.pick() {
                    Pick::ManyFiles => self
                        .dialog
                        .selection()
                        .into_iter()
                        .map(Path::to_path_buf)
                        .collect(),
                    Pick::OneFile | Pick::SaveAs | Pick::Folder => self
                        .dialog
                        .path()
                        .map(Path::to_path_buf)
                        .into_iter()
                        .collect(),
                };
                let paths: Vec<PathBuf> = paths
                    .into_iter()
                    .map(|path| self.request.complete(path))
                    .collect();
                if paths.is_empty() {
                    Browsed::Cancelled
                } else {
                    Browsed::Chosen(paths)
                }
            }
        }
    }

    /// The folder the browser shows, to start the next one there.
    fn folder(&self) -> &Path {
        self.dialog.directory()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_request_lets_through_only_its_files() {
        assert!(FileRequest::Project.shows(Path::new("a/study.CDESK")));
        assert!(!FileRequest::Project.shows(Path::new("a/units.csv")));
        assert!(FileRequest::Units.shows(Path::new("posts.xlsx")));
        assert!(FileRequest::Units.shows(Path::new("posts.ndjson")));
        assert!(!FileRequest::Units.shows(Path::new("study.cdesk")));
        assert!(FileRequest::Export(Format::Spss).shows(Path::new("anything.bin")));
    }

    #[test]
    fn a_new_project_typed_without_extension_gets_one() {
        assert_eq!(
            FileRequest::NewProject.complete("/tmp/thesis".into()),
            PathBuf::from("/tmp/thesis.cdesk")
        );
        assert_eq!(
            FileRequest::NewProject.complete("/tmp/thesis.sqlite".into()),
            PathBuf::from("/tmp/thesis.sqlite")
        );
        assert_eq!(
            FileRequest::Export(Format::WideCsv).complete("/tmp/codes".into()),
            PathBuf::from("/tmp/codes")
        );
    }

    #[test]
    fn a_copy_is_named_after_the_project() {
        assert_eq!(
            FileRequest::Copy.suggested_name(Some(Path::new("/lab/chongqing.cdesk"))),
            "chongqing-copy.cdesk"
        );
        assert_eq!(FileRequest::NewProject.suggested_name(None), "study.cdesk");
    }
}
