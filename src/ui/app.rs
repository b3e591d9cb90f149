//! The application: which screen is up, the open project, background work, and the one place
//! where commands change anything.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use super::coder_picker::CoderPicker;
use super::desk::DeskState;
use super::dialogs;
use super::images::ImageLoader;
use super::start::StartView;
use super::supervisor::SupervisorState;
use super::{Command, Launch};
use crate::codebook::load_codebook;
use crate::desk::DeskSession;
use crate::import;
use crate::samples;
use crate::settings::Settings;
use crate::store::Project;

/// Results of work done off the UI thread (file dialogs, creating and importing).
enum Job {
    ProjectFile(Option<PathBuf>),
    UnitsFile(Option<PathBuf>),
    NewProjectPath(Option<PathBuf>),
    ExportPath(Option<PathBuf>),
    PackageFolder(Option<PathBuf>),
    PackageFiles(Option<Vec<PathBuf>>),
    CopyPath(Option<PathBuf>),
    Ready(Result<PathBuf, String>),
}

pub(super) enum Screen {
    Start(StartView),
    ChooseCoder {
        project: Box<Project>,
        picker: CoderPicker,
    },
    Desk(Box<DeskState>),
    Supervisor(Box<SupervisorState>),
}

/// A message shown once, until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

pub struct CodingdeskApp {
    settings: Settings,
    /// Where settings are saved (`None`: not saved).
    settings_path: Option<PathBuf>,
    pub(super) screen: Screen,
    notice: Option<Notice>,
    jobs: (Sender<Job>, Receiver<Job>),
    busy: Option<String>,
    images: ImageLoader,
    font_checked: bool,
    /// Whether the text styles and the remembered zoom were applied (on the first frame).
    styled: bool,
    title: String,
}

impl CodingdeskApp {
    /// An app whose settings live in `settings_path` (the user's configuration folder in the
    /// real program, a temporary file in tests).
    pub fn new(settings_path: Option<PathBuf>) -> CodingdeskApp {
        let settings = settings_path
            .as_deref()
            .map(Settings::load_from)
            .unwrap_or_default();
        CodingdeskApp {
            screen: Screen::Start(StartView::new(&settings)),
            settings,
            settings_path,
            notice: None,
            jobs: channel(),
            busy: None,
            images: ImageLoader::new(),
            font_checked: false,
            styled: false,
            title: String::new(),
        }
    }

    /// Applies the theme and opens what the command line asked for.
    pub fn launch(&mut self, ctx: &egui::Context, launch: Launch) {
        ctx.set_theme(match self.settings.theme.as_str() {
            "light" => egui::ThemePreference::Light,
            "dark" => egui::ThemePreference::Dark,
            _ => egui::ThemePreference::System,
        });
        match launch {
            Launch::Sample => self.apply(ctx, Command::OpenSample),
            Launch::Project(path) => self.apply(ctx, Command::OpenProject(path)),
            Launch::Supervisor(path) => {
                self.apply(ctx, Command::OpenProject(path));
                if !matches!(self.screen, Screen::Start(_)) {
                    self.apply(ctx, Command::OpenSupervisor);
                }
            }
            Launch::StartScreen => {}
        }
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// The queue position of the unit the desk shows, if the desk is up.
    pub fn current_unit(&self) -> Option<usize> {
        match &self.screen {
            Screen::Desk(desk) => Some(desk.current),
            Screen::Start(_) | Screen::ChooseCoder { .. } | Screen::Supervisor(_) => None,
        }
    }

    /// The open coder's session, if the desk is up.
    pub fn session(&self) -> Option<&DeskSession> {
        match &self.screen {
            Screen::Desk(desk) => Some(&desk.session),
            Screen::Start(_) | Screen::ChooseCoder { .. } | Screen::Supervisor(_) => None,
        }
    }

    fn tell(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
        });
    }

    fn spawn(&mut self, message: &str, work: impl FnOnce() -> Job + Send + 'static) {
        self.busy = Some(message.to_owned());
        let sender = self.jobs.0.clone();
        let started = std::thread::Builder::new()
            .name("codingdesk-job".into())
            .spawn(move || {
                let _ = sender.send(work());
            });
        if let Err(error) = started {
            self.busy = None;
            self.tell(format!("Could not start background work: {error}"), true);
        }
    }

    fn receive(&mut self, ctx: &egui::Context, job: Job) {
        self.busy = None;
        match job {
            Job::ProjectFile(Some(path)) | Job::Ready(Ok(path)) => {
                self.apply(ctx, Command::OpenProject(path))
            }
            Job::Ready(Err(message)) => self.tell(message, true),
            Job::UnitsFile(path) => {
                if let (Screen::Start(view), Some(path)) = (&mut self.screen, path) {
                    view.new_project.units = Some(path);
                }
            }
            Job::NewProjectPath(path) => {
                if let (Screen::Start(view), Some(path)) = (&mut self.screen, path) {
                    view.new_project.path = Some(path);
                }
            }
            Job::ExportPath(path) => {
                if let (Screen::Supervisor(state), Some(path)) = (&mut self.screen, path) {
                    state.view.export.path = path.display().to_string();
                }
            }
            Job::PackageFolder(path) => {
                if let (Screen::Supervisor(state), Some(path)) = (&mut self.screen, path) {
                    state.view.team.folder = path.display().to_string();
                }
            }
            Job::PackageFiles(files) => {
                if let (Screen::Supervisor(state), Some(files)) = (&mut self.screen, files) {
                    state.view.team.add_files(files);
                }
            }
            Job::CopyPath(Some(path)) => self.apply(ctx, Command::SaveCopy(path)),
            Job::ProjectFile(None) | Job::CopyPath(None) => {}
        }
    }

    /// Draws one frame. Called by eframe and by the GUI tests.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        while let Ok(job) = self.jobs.1.try_recv() {
            self.receive(&ctx, job);
        }
        if self.busy.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.images.poll(&ctx);
        if !std::mem::replace(&mut self.styled, true) {
            apply_style(&ctx, self.settings.zoom());
        }
        self.check_cjk_font(&ctx);
        self.sync_with_file(&ctx);
        let mut commands = self.dropped_files(&ctx);

        super::top_bar::show(ui, &self.screen, &mut commands);
        if let Screen::Desk(desk) = &self.screen
            && let Some(reason) = desk.session.read_only()
        {
            egui::Panel::top("read-only").show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(ui.visuals().warn_fg_color, "Read-only");
                    ui.label(reason);
                    if ui.button("Take over").clicked() {
                        commands.push(Command::TakeOverDesk);
                    }
                });
            });
        }
        if let Some(notice) = &self.notice {
            egui::Panel::bottom("notice").show(ui, |ui| {
                ui.horizontal(|ui| {
                    let color = if notice.error {
                        ui.visuals().error_fg_color
                    } else {
                        ui.visuals().warn_fg_color
                    };
                    if ui.button("Dismiss").clicked() {
                        commands.push(Command::DismissNotice);
                    }
                    ui.colored_label(color, &notice.text);
                });
            });
        }
        match &mut self.screen {
            Screen::Start(view) => {
                commands.extend(view.show(ui, &self.settings, self.busy.as_deref()))
            }
            Screen::ChooseCoder { project, picker } => commands.extend(picker.show(ui, project)),
            Screen::Desk(desk) => {
                let DeskState {
                    session,
                    current,
                    unit,
                    view,
                    ..
                } = &mut **desk;
                commands.extend(view.show(ui, session, *current, unit.as_ref(), &mut self.images));
            }
            Screen::Supervisor(state) => {
                let base = state.project().base_dir();
                let SupervisorState { snapshot, view, .. } = &mut **state;
                commands.extend(view.show(ui, snapshot, &base, &mut self.images));
            }
        }
        for command in commands {
            self.apply(&ctx, command);
        }
        // Remember the text size, whether set by the buttons or by Ctrl + / Ctrl −.
        let zoom = ctx.zoom_factor();
        if (zoom - self.settings.zoom()).abs() > 0.001 {
            self.settings.zoom = zoom;
            self.save_settings();
        }
        self.update_title(&ctx);
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.screen {
            Screen::Desk(desk) => format!(
                "{} — {} — Codingdesk",
                desk.session.coder(),
                desk.session.project().title().unwrap_or_default()
            ),
            Screen::Supervisor(state) => format!(
                "Supervisor — {} — Codingdesk",
                state.project().title().unwrap_or_default()
            ),
            _ => "Codingdesk".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Without a CJK font, Chinese shows as boxes: say once which package fixes it.
    fn check_cjk_font(&mut self, ctx: &egui::Context) {
        if self.font_checked {
            return;
        }
        self.font_checked = true;
        let font = egui::FontId::proportional(14.0);
        let found = ctx.fonts_mut(|fonts| fonts.has_glyphs(&font, "重庆"));
        if !found && self.notice.is_none() {
            self.tell(
                "No Chinese font was found, so Chinese text shows as boxes. Install one, e.g. \
                 `sudo apt install fonts-noto-cjk` (or fonts-wqy-microhei), and restart.",
                false,
            );
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let dropped: Vec<PathBuf> = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_owned())
                .filter(|path| !path.as_os_str().is_empty())
                .collect()
        });
        let mut commands = Vec::new();
        for path in dropped {
            let extension = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if matches!(extension.as_str(), "cdesk" | "sqlite" | "db") {
                commands.push(Command::OpenProject(path));
            } else if let Screen::Start(view) = &mut self.screen {
                view.new_project.units = Some(path);
                view.new_project.open = true;
            } else {
                self.tell(
                    "Units files can be dropped on the start screen, to start a new project with them.",
                    false,
                );
            }
        }
        commands
    }

    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::OpenProject(path) => self.open_project(&path),
            Command::OpenSample => {
                let Ok(sample) = samples::sample("chongqing-tiktok") else {
                    return;
                };
                let out = samples::default_location(sample);
                self.spawn("Preparing the Chongqing sample study…", move || {
                    Job::Ready(
                        samples::build(sample, &out, samples::Existing::Open)
                            .map_err(|e| e.to_string()),
                    )
                });
            }
            Command::ChooseProjectFile => self.spawn("Choosing a project…", || {
                Job::ProjectFile(dialogs::project_file())
            }),
            Command::ChooseUnitsFile => self.spawn("Choosing a units file…", || {
                Job::UnitsFile(dialogs::units_file())
            }),
            Command::ChooseNewProjectPath => self.spawn("Choosing where to save…", || {
                Job::NewProjectPath(dialogs::new_project_path())
            }),
            Command::CreateProject {
                path,
                preset,
                title,
                units,
            } => self.spawn("Creating the project and importing units…", move || {
                Job::Ready(create_project(&path, &preset, &title, units.as_deref()))
            }),
            Command::ChooseCoder(name) => self.choose_coder(&name),
            Command::SwitchCoder => {
                if let Some(project) = self.take_project() {
                    self.screen = Screen::ChooseCoder {
                        project: Box::new(project),
                        picker: CoderPicker::default(),
                    };
                }
            }
            Command::OpenSupervisor => {
                if let Some(project) = self.take_project() {
                    match SupervisorState::open(project) {
                        Ok(state) => self.screen = Screen::Supervisor(Box::new(state)),
                        Err(failed) => {
                            let (project, message) = *failed;
                            self.screen = Screen::ChooseCoder {
                                project: Box::new(project),
                                picker: CoderPicker::default(),
                            };
                            self.tell(message, true);
                        }
                    }
                }
            }
            Command::ChooseExportPath(format) => self
                .spawn("Choosing where to export…", move || {
                    Job::ExportPath(dialogs::export_path(format))
                }),
            Command::ChoosePackageFolder => self.spawn("Choosing a folder for packages…", || {
                Job::PackageFolder(dialogs::package_folder())
            }),
            Command::ChoosePackagesToMerge => self.spawn("Choosing packages to merge…", || {
                Job::PackageFiles(dialogs::packages())
            }),
            Command::CloseProject => {
                // Closing the desk gives it up and folds the -wal into the project file.
                self.take_project();
            }
            Command::ChooseCopyPath => {
                let name = self.open_project_ref().map_or_else(
                    || "copy.cdesk".to_owned(),
                    |project| {
                        let stem = project
                            .path()
                            .file_stem()
                            .map(|s| s.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        format!("{stem}-copy.cdesk")
                    },
                );
                self.spawn("Choosing where to save a copy…", move || {
                    Job::CopyPath(dialogs::copy_path(name))
                });
            }
            Command::SaveCopy(path) => {
                let copied = self
                    .open_project_ref()
                    .map(|project| project.copy_to(&path));
                match copied {
                    Some(Ok(())) => self.tell(
                        format!(
                            "Saved a self-contained copy of the project as {}.",
                            path.display()
                        ),
                        false,
                    ),
                    Some(Err(error)) => self.tell(format!("Could not save a copy: {error}"), true),
                    None => self.tell("Open a project first.", true),
                }
            }
            Command::Zoom(step) => {
                let steps = crate::settings::ZOOM_STEPS;
                let now = ctx.zoom_factor();
                let at = steps
                    .iter()
                    .position(|z| (z - now).abs() < 0.01)
                    .unwrap_or(2);
                let zoom = match step.cmp(&0) {
                    std::cmp::Ordering::Equal => 1.0,
                    std::cmp::Ordering::Greater => steps[(at + 1).min(steps.len() - 1)],
                    std::cmp::Ordering::Less => steps[at.saturating_sub(1)],
                };
                ctx.set_zoom_factor(zoom);
            }
            Command::TakeOverDesk => {
                if let Screen::Desk(desk) = &mut self.screen {
                    match desk.take_over() {
                        Ok(()) => self.tell(
                            "You took this desk over: code here. The other window is read-only now.",
                            false,
                        ),
                        Err(message) => self.tell(message, true),
                    }
                }
            }
            Command::OpenUrl(url) => ctx.open_url(egui::OpenUrl::new_tab(url)),
            Command::OpenFile(path) => {
                if let Err(error) = open::that_detached(&path) {
                    self.tell(format!("Could not open {}: {error}", path.display()), true);
                }
            }
            Command::SetTheme(theme) => {
                ctx.set_theme(theme);
                self.settings.theme = match theme {
                    egui::ThemePreference::Light => "light",
                    egui::ThemePreference::Dark => "dark",
                    egui::ThemePreference::System => "system",
                }
                .to_owned();
                self.save_settings();
            }
            Command::DismissNotice => self.notice = None,
            supervisor_command if matches!(self.screen, Screen::Supervisor(_)) => {
                if let Screen::Supervisor(state) = &mut self.screen {
                    match state.apply(supervisor_command) {
                        Ok(Some(message)) => self.tell(message, false),
                        Ok(None) => {}
                        Err(message) => self.tell(message, true),
                    }
                }
            }
            desk_command => {
                if let Screen::Desk(desk) = &mut self.screen
                    && let Err(message) = desk.apply(desk_command)
                {
                    self.tell(message, true);
                }
            }
        }
    }

    /// Takes the open project out of the coder's desk, the coder picker or supervisor mode,
    /// leaving the start screen in its place.
    fn take_project(&mut self) -> Option<Project> {
        let screen = std::mem::replace(
            &mut self.screen,
            Screen::Start(StartView::new(&self.settings)),
        );
        match screen {
            Screen::ChooseCoder { project, .. } => Some(*project),
            Screen::Desk(desk) => Some(self.leave_desk(*desk)),
            Screen::Supervisor(state) => Some(state.into_project()),
            start => {
                self.screen = start;
                None
            }
        }
    }

    /// The open project, whichever screen shows it.
    fn open_project_ref(&self) -> Option<&Project> {
        match &self.screen {
            Screen::Start(_) => None,
            Screen::ChooseCoder { project, .. } => Some(project),
            Screen::Desk(desk) => Some(desk.session.project()),
            Screen::Supervisor(state) => Some(state.project()),
        }
    }

    /// Closes a coder's desk: the desk is given up for other windows and the `-wal` folded into
    /// the project file. Returns the project (to switch coder or mode).
    fn leave_desk(&mut self, desk: DeskState) -> Project {
        let (project, closed) = desk.session.close();
        if let Err(error) = closed {
            self.tell(format!("While closing the desk: {error}"), true);
        }
        project
    }

    /// Keeps the desk (or supervisor mode) in step with the file: what other windows and programs
    /// changed is shown, a take-over by another window turns a desk read-only, an idle desk is
    /// checkpointed.
    fn sync_with_file(&mut self, ctx: &egui::Context) {
        if let Screen::Supervisor(state) = &mut self.screen {
            if state.last_sync.elapsed() >= SYNC_EVERY {
                state.last_sync = std::time::Instant::now();
                if let Err(message) = state.sync() {
                    self.tell(message, true);
                }
            }
            ctx.request_repaint_after(SYNC_EVERY);
            return;
        }
        let Screen::Desk(desk) = &mut self.screen else {
            return;
        };
        let focused_now = ctx.input(|i| i.viewport().focused.unwrap_or(true));
        let regained_focus = focused_now && !desk.focused;
        desk.focused = focused_now;
        if !regained_focus && desk.last_sync.elapsed() < SYNC_EVERY {
            ctx.request_repaint_after(SYNC_EVERY);
            return;
        }
        desk.last_sync = std::time::Instant::now();
        ctx.request_repaint_after(SYNC_EVERY);
        match desk.sync() {
            Ok(Some(notice)) => self.notice = Some(notice),
            Ok(None) => {}
            Err(message) => self.tell(message, true),
        }
    }

    fn save_settings(&mut self) {
        let Some(path) = &self.settings_path else {
            return;
        };
        if let Err(error) = self.settings.save_to(path) {
            self.tell(format!("Could not save your settings: {error}"), true);
        }
    }

    fn open_project(&mut self, path: &Path) {
        match Project::open(path) {
            Ok(project) => {
                self.settings.opened(path);
                self.save_settings();
                // A coder's package opens straight in its coder's desk.
                let package = project.package_info().ok().flatten();
                if let Some(package) = &package {
                    self.tell(
                        format!(
                            "This is {}'s package. Every code is saved in this file as you go; \
                             when you are done, send the file back to your supervisor to merge.",
                            package.coder
                        ),
                        false,
                    );
                }
                let remembered = package
                    .map(|p| p.coder)
                    .or_else(|| self.settings.coder_for(path).map(str::to_owned));
                let known = project.coders().unwrap_or_default();
                self.screen = Screen::ChooseCoder {
                    project: Box::new(project),
                    picker: CoderPicker::default(),
                };
                if let Some(coder) = remembered.filter(|c| known.contains(c)) {
                    self.choose_coder(&coder);
                }
            }
            Err(error) => self.tell(error.to_string(), true),
        }
    }

    fn choose_coder(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return self.tell("Type your name to start coding.", true);
        }
        let screen = std::mem::replace(
            &mut self.screen,
            Screen::Start(StartView::new(&self.settings)),
        );
        let project = match screen {
            Screen::ChooseCoder { project, .. } => *project,
            Screen::Desk(desk) => self.leave_desk(*desk),
            Screen::Supervisor(state) => state.into_project(),
            other => {
                self.screen = other;
                return;
            }
        };
        let path = project.path().to_owned();
        match DeskSession::open(project, name) {
            Ok(session) => {
                self.settings.set_coder(&path, name);
                self.save_settings();
                let first = session.next_not_done(session.queue().len().saturating_sub(1));
                let mut desk = DeskState::new(session);
                desk.select(first.unwrap_or(0));
                self.screen = Screen::Desk(Box::new(desk));
            }
            Err(error) => self.tell(error.to_string(), true),
        }
    }
}

/// Creates a project (and imports its units), removing it again if the import fails.
fn create_project(
    path: &Path,
    preset: &str,
    title: &str,
    units: Option<&Path>,
) -> Result<PathBuf, String> {
    let codebook = load_codebook(preset).map_err(|e| e.to_string())?;
    match units {
        Some(units) => import::create_with_units(path, title, &codebook, units, &crate::actor())
            .map(drop)
            .map_err(|e| e.to_string())?,
        None => Project::create(path, title, &codebook)
            .map(drop)
            .map_err(|e| e.to_string())?,
    }
    Ok(path.to_owned())
}

/// Text sizes for reading all day: egui's small text (hints, footnotes, table notes) is 9 px by
/// default; nothing here is smaller than 12 px. Then the remembered zoom.
fn apply_style(ctx: &egui::Context, zoom: f32) {
    ctx.all_styles_mut(|style| {
        style
            .text_styles
            .insert(egui::TextStyle::Small, egui::FontId::proportional(12.0));
    });
    ctx.set_zoom_factor(zoom);
}

/// How often an open desk looks for changes other processes made.
const SYNC_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

impl eframe::App for CodingdeskApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn on_exit(&mut self) {
        // The desk is given up and the -wal folded into the file: the .cdesk alone is the study.
        if let Screen::Desk(desk) = std::mem::replace(
            &mut self.screen,
            Screen::Start(StartView::new(&self.settings)),
        ) && let (_, Err(error)) = desk.session.close()
        {
            eprintln!("codingdesk: while closing the desk: {error}");
        }
    }
}
