//! The application: which screen is up, the open project, background work, and the one place
//! where commands change anything.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use super::Launch;
use super::coder_picker::CoderPicker;
use super::command::{AppCommand, Command};
use super::desk::DeskState;
use super::files::{Chooser, FileRequest, SystemAnswer, system_dialog};
use super::images::ImageLoader;
use super::notice::{Notice, Problem};
use super::start::StartView;
use super::supervisor::SupervisorState;
use crate::codebook::load_codebook;
use crate::desk::DeskSession;
use crate::import;
use crate::samples;
use crate::settings::Settings;
use crate::store::Project;

/// Results of work done off the UI thread (file dialogs, creating and importing).
enum Job {
    /// What the system's file dialog came back with, and how long it was up.
    Chosen {
        request: FileRequest,
        paths: Option<Vec<PathBuf>>,
        took: std::time::Duration,
    },
    /// A project made (or a sample built) and ready to open.
    Ready(Result<PathBuf, Problem>),
    /// Whether the system's opener took a file or link (a video, a post's page).
    Opened(Result<(), Problem>),
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
    /// The system file dialog or the built-in browser.
    files: Chooser,
}

impl CodingdeskApp {
    /// An app whose settings live in `settings_path` (the user's configuration folder in the
    /// real program, a temporary file in tests).
    pub fn new(settings_path: Option<PathBuf>) -> CodingdeskApp {
        let settings = settings_path
            .as_deref()
            .map(Settings::load_from)
            .unwrap_or_default();
        let settings_built_in = settings.built_in_file_browser;
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
            files: Chooser::new(settings_built_in),
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
            Launch::Sample => self.apply(ctx, AppCommand::OpenSample.into()),
            Launch::Project(path) => self.apply(ctx, AppCommand::OpenProject(path).into()),
            Launch::Supervisor(path) => {
                self.apply(ctx, AppCommand::OpenProject(path).into());
                if !matches!(self.screen, Screen::Start(_)) {
                    self.apply(ctx, AppCommand::OpenSupervisor.into());
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

    /// The desk card's video player, while it shows a video (for tests and benchmarks).
    pub fn video_player(&self) -> Option<&crate::video::Player> {
        match &self.screen {
            Screen::Desk(desk) => desk.view.video_player(),
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

    /// Whether the built-in file browser is up.
    pub fn file_browser_open(&self) -> bool {
        self.files.is_open()
    }

    fn tell(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
        });
    }

    /// Shows a failure in the notice line.
    fn fail(&mut self, problem: impl Into<Problem>) {
        self.notice = Some(Notice::of(&problem.into()));
    }

    fn spawn(&mut self, message: &str, work: impl FnOnce() -> Job + Send + 'static) {
        self.busy = Some(message.to_owned());
        let sender = self.jobs.0.clone();
        let started = std::thread::Builder::new()
            .name("codingdesk-job".into())
            .spawn(move || {
                // The window may have closed while the work ran: then nobody waits for it.
                if sender.send(work()).is_err() {
                    eprintln!("codingdesk: background work finished after the window closed");
                }
            });
        if let Err(error) = started {
            self.busy = None;
            self.fail(Problem::Thread(error));
        }
    }

    fn receive(&mut self, ctx: &egui::Context, job: Job) {
        if let Job::Opened(opened) = job {
            // Opening outside never showed as busy: it says something only when it failed.
            if let Err(problem) = opened {
                self.fail(problem);
            }
            return;
        }
        self.busy = None;
        match job {
            Job::Opened(_) => {}
            Job::Ready(Ok(path)) => self.apply(ctx, AppCommand::OpenProject(path).into()),
            Job::Ready(Err(problem)) => self.fail(problem),
            Job::Chosen {
                request,
                paths,
                took,
            } => {
                let project = self.open_project_ref().map(|p| p.path().to_owned());
                let recent = self.settings.recent.first().cloned();
                match self.files.system_answered(
                    request,
                    paths,
                    took,
                    project.as_deref(),
                    recent.as_deref(),
                ) {
                    SystemAnswer::Chosen(paths) => self.chosen(ctx, request, paths),
                    SystemAnswer::Cancelled => {}
                    SystemAnswer::Unavailable => self.tell(
                        "This computer has no system file dialog (no desktop portal or zenity), \
                         so Codingdesk uses its own file browser.",
                        false,
                    ),
                }
            }
        }
    }

    /// Hands what the user chose to whoever asked for it.
    fn chosen(&mut self, ctx: &egui::Context, request: FileRequest, mut paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match request {
            FileRequest::Project => self.apply(ctx, AppCommand::OpenProject(first).into()),
            FileRequest::Copy => self.apply(ctx, AppCommand::SaveCopy(first).into()),
            FileRequest::Units | FileRequest::NewProject => {
                if let Screen::Start(view) = &mut self.screen {
                    if request == FileRequest::Units {
                        view.new_project.units = Some(first);
                    } else {
                        view.new_project.path = Some(first);
                    }
                }
            }
            FileRequest::Export(_) => {
                if let Screen::Supervisor(state) = &mut self.screen {
                    state.view.export.path = first.display().to_string();
                }
            }
            FileRequest::PackageFolder => {
                if let Screen::Supervisor(state) = &mut self.screen {
                    state.view.team.folder = first.display().to_string();
                }
            }
            FileRequest::Packages => {
                if let Screen::Supervisor(state) = &mut self.screen {
                    state.view.team.add_files(std::mem::take(&mut paths));
                }
            }
        }
    }

    /// Asks for a file or folder: the system dialog off the UI thread, or the built-in browser.
    fn choose(&mut self, request: FileRequest) {
        let project = self.open_project_ref().map(|p| p.path().to_owned());
        let recent = self.settings.recent.first().cloned();
        if self
            .files
            .open_built_in(request, project.as_deref(), recent.as_deref())
        {
            return;
        }
        self.spawn(&format!("{}…", request.title()), move || {
            let started = std::time::Instant::now();
            let paths = system_dialog(request, project.as_deref());
            Job::Chosen {
                request,
                paths,
                took: started.elapsed(),
            }
        });
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

        super::top_bar::show(
            ui,
            &self.screen,
            &self.settings,
            self.files.built_in(),
            &mut commands,
        );
        if let Screen::Desk(desk) = &self.screen
            && let Some(reason) = desk.session.read_only()
        {
            egui::Panel::top("read-only").show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(ui.visuals().warn_fg_color, "Read-only");
                    ui.label(reason);
                    if ui.button("Take over").clicked() {
                        commands.push(super::command::DeskCommand::TakeOver.into());
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
                        commands.push(AppCommand::DismissNotice.into());
                    }
                    ui.colored_label(color, &notice.text);
                });
            });
        }
        if let Some((request, paths)) = self.files.show(&ctx) {
            self.chosen(&ctx, request, paths);
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
                commands.extend(view.show(
                    ui,
                    session,
                    *current,
                    unit.as_ref(),
                    &mut self.images,
                    video_prefs(&self.settings),
                ));
            }
            Screen::Supervisor(state) => {
                let base = state.session.project().base_dir();
                let SupervisorState { session, view, .. } = &mut **state;
                commands.extend(view.show(
                    ui,
                    session.snapshot(),
                    &base,
                    &mut self.images,
                    video_prefs(&self.settings),
                ));
            }
        }
        for command in commands {
            self.apply(&ctx, command);
        }
        if self.files.is_open() {
            // The browser's window is drawn on top; a frame for it while the list scrolls.
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
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
                state.session.project().title().unwrap_or_default()
            ),
            Screen::Start(_) | Screen::ChooseCoder { .. } => "Codingdesk".to_owned(),
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
                commands.push(AppCommand::OpenProject(path).into());
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

    /// Runs one command: app commands here, desk and supervisor commands by their screens. A
    /// desk or supervisor command that finds its screen gone (an earlier command of the same
    /// frame closed it) is dropped on purpose: the view that asked is no longer there.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::App(command) => self.apply_app(ctx, command),
            Command::Desk(command) => match &mut self.screen {
                Screen::Desk(desk) => {
                    if let Err(problem) = desk.apply(command) {
                        self.fail(problem);
                    }
                }
                // The adjudication tab's card plays video too.
                Screen::Supervisor(state) => state.view.card_command(command),
                Screen::Start(_) | Screen::ChooseCoder { .. } => {}
            },
            Command::Supervisor(command) => match &mut self.screen {
                Screen::Supervisor(state) => match state.apply(command) {
                    Ok(Some(message)) => self.tell(message, false),
                    Ok(None) => {}
                    Err(problem) => self.fail(problem),
                },
                Screen::Start(_) | Screen::ChooseCoder { .. } | Screen::Desk(_) => {}
            },
        }
    }

    fn apply_app(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::OpenProject(path) => self.open_project(&path),
            AppCommand::OpenSample => {
                let sample = match samples::sample("chongqing-tiktok") {
                    Ok(sample) => sample,
                    Err(error) => return self.fail(error),
                };
                let out = samples::default_location(sample);
                self.spawn("Preparing the Chongqing sample study (its videos are made the first time: about a minute)…", move || {
                    Job::Ready(
                        samples::build(sample, &out, samples::Existing::Open)
                            .map_err(Problem::from),
                    )
                });
            }
            AppCommand::Choose(request) => self.choose(request),
            AppCommand::CreateProject {
                path,
                preset,
                title,
                units,
            } => self.spawn("Creating the project and importing units…", move || {
                Job::Ready(create_project(&path, &preset, &title, units.as_deref()))
            }),
            AppCommand::ChooseCoder(name) => self.choose_coder(&name),
            AppCommand::SwitchCoder => {
                if let Some(project) = self.take_project() {
                    self.screen = Screen::ChooseCoder {
                        project: Box::new(project),
                        picker: CoderPicker::default(),
                    };
                }
            }
            AppCommand::OpenSupervisor => {
                if let Some(project) = self.take_project() {
                    match SupervisorState::open(project) {
                        Ok(state) => self.screen = Screen::Supervisor(Box::new(state)),
                        Err(failed) => {
                            let (project, problem) = *failed;
                            self.screen = Screen::ChooseCoder {
                                project: Box::new(project),
                                picker: CoderPicker::default(),
                            };
                            self.fail(problem);
                        }
                    }
                }
            }
            AppCommand::CloseProject => {
                // Closing the desk gives it up and folds the -wal into the project file.
                self.take_project();
            }
            AppCommand::SaveCopy(path) => {
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
                    Some(Err(error)) => self.fail(error),
                    None => self.fail(Problem::Refused("Open a project first.".into())),
                }
            }
            AppCommand::Zoom(step) => {
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
            AppCommand::LoopShortVideos(on) => {
                self.settings.loop_short_videos = Some(on);
                self.save_settings();
            }
            AppCommand::AutoplayVideos(on) => {
                self.settings.autoplay_videos = on;
                self.save_settings();
            }
            AppCommand::UseBuiltInFileBrowser(on) => {
                self.settings.built_in_file_browser = on;
                self.files.set_user_choice(on);
                self.save_settings();
            }
            AppCommand::OpenUrl(url) => self.open_outside(url),
            AppCommand::OpenFile(path) => {
                if path.exists() {
                    self.open_outside(path.into_os_string());
                } else {
                    self.fail(Problem::Missing(path));
                }
            }
            AppCommand::SetTheme(theme) => {
                ctx.set_theme(theme);
                self.settings.theme = match theme {
                    egui::ThemePreference::Light => "light",
                    egui::ThemePreference::Dark => "dark",
                    egui::ThemePreference::System => "system",
                }
                .to_owned();
                self.save_settings();
            }
            AppCommand::DismissNotice => self.notice = None,
        }
    }

    /// Hands a file or link to the system's opener off the UI thread (it waits a moment to see
    /// whether the opener failed); a failure comes back as a notice, success says nothing.
    fn open_outside(&mut self, target: impl Into<std::ffi::OsString>) {
        let target = target.into();
        let sender = self.jobs.0.clone();
        let started = std::thread::Builder::new()
            .name("codingdesk-open".into())
            .spawn(move || {
                let opened = open::that_detached(&target).map_err(|source| Problem::Open {
                    path: PathBuf::from(&target),
                    source,
                });
                if sender.send(Job::Opened(opened)).is_err() {
                    eprintln!("codingdesk: opening finished after the window closed");
                }
            });
        if let Err(error) = started {
            self.fail(Problem::Thread(error));
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
            Screen::Supervisor(state) => Some(state.session.project()),
        }
    }

    /// Closes a coder's desk: the desk is given up for other windows and the `-wal` folded into
    /// the project file. Returns the project (to switch coder or mode).
    fn leave_desk(&mut self, desk: DeskState) -> Project {
        let (project, closed) = desk.session.close();
        if let Err(error) = closed {
            self.fail(error);
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
                if let Err(problem) = state.sync() {
                    self.fail(problem);
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
            Err(problem) => self.fail(problem),
        }
    }

    fn save_settings(&mut self) {
        let Some(path) = &self.settings_path else {
            return;
        };
        if let Err(error) = self.settings.save_to(path) {
            self.fail(Problem::Settings(error));
        }
    }

    fn open_project(&mut self, path: &Path) {
        match Project::open(path) {
            Ok(project) => {
                self.settings.opened(path);
                self.save_settings();
                // A coder's package opens straight in its coder's desk.
                let package = match project.package_info() {
                    Ok(package) => package,
                    Err(error) => return self.fail(error),
                };
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
                let known = match project.coders() {
                    Ok(known) => known,
                    Err(error) => return self.fail(error),
                };
                self.screen = Screen::ChooseCoder {
                    project: Box::new(project),
                    picker: CoderPicker::default(),
                };
                if let Some(coder) = remembered.filter(|c| known.contains(c)) {
                    self.choose_coder(&coder);
                }
            }
            Err(error) => self.fail(error),
        }
    }

    fn choose_coder(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return self.fail(Problem::Refused("Type your name to start coding.".into()));
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
            Err(error) => self.fail(error),
        }
    }
}

/// Creates a project (and imports its units), removing it again if the import fails.
fn create_project(
    path: &Path,
    preset: &str,
    title: &str,
    units: Option<&Path>,
) -> Result<PathBuf, Problem> {
    let codebook = load_codebook(preset)?;
    match units {
        Some(units) => {
            import::create_with_units(path, title, &codebook, units, &crate::actor()).map(drop)?
        }
        None => Project::create(path, title, &codebook).map(drop)?,
    }
    Ok(path.to_owned())
}

fn video_prefs(settings: &Settings) -> super::desk::video::VideoPrefs {
    super::desk::video::VideoPrefs {
        loop_short: settings.loop_short_videos(),
        autoplay: settings.autoplay_videos,
    }
}

/// Text sizes for reading all day: egui's small text (hints, footnotes, table notes) is 9 px by
/// default; nothing here is smaller than 12 px. Then the remembered zoom.
fn apply_style(ctx: &egui::Context, zoom: f32) {
    ctx.all_styles_mut(|style| {
        style
            .text_styles
            .insert(egui::TextStyle::Small, egui::FontId::proportional(12.0));
        // Scroll bars that take their own room and show whenever there is more to see, as in
        // desktop programs: egui's floating bars appear only on hover, so a table cut at the
        // window's edge looked complete.
        style.spacing.scroll = egui::style::ScrollStyle::solid();
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
