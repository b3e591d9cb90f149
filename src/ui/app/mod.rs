//! The application: which screen is up, what it remembers, and drawing a frame — the bars, the
//! notice, the screen's view — whose commands [`commands`] applies; [`project`] opens the project
//! and keeps it in step with the file.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

mod commands;
mod frame_times;
mod project;

use commands::Job;
pub use frame_times::{FRAME_TIMES_VARIABLE, FrameTimes};

use super::Launch;
use super::coder_picker::CoderPicker;
use super::command::{AppCommand, Command};
use super::desk::DeskState;
use super::files::Chooser;
use super::images::ImageLoader;
use super::notice::{Notice, NoticeKind, Problem};
use super::start::StartView;
use super::supervisor::SupervisorState;
use crate::desk::DeskSession;
use crate::settings::Settings;
use crate::study::Study;

pub(super) enum Screen {
    Start(StartView),
    ChooseCoder {
        project: Box<Study>,
        picker: CoderPicker,
    },
    Desk(Box<DeskState>),
    Supervisor(Box<SupervisorState>),
}

pub struct CodingdeskApp {
    settings: Settings,
    /// Where settings are saved (`None`: not saved).
    settings_path: Option<PathBuf>,
    /// The system locale's language, read once: the window's language until one is chosen.
    system_language: crate::i18n::Lang,
    pub(super) screen: Screen,
    notice: Option<Notice>,
    jobs: (Sender<Job>, Receiver<Job>),
    busy: Option<String>,
    images: ImageLoader,
    font_checked: bool,
    /// What the timers read (supervisor mode's and the desk's look at the file, the desk's
    /// idle checkpoint): the system's clock, which tests move on instead of sleeping.
    clock: crate::clock::Clock,
    /// A settings file found damaged at start, said in the notice line on the first frame (in
    /// the window's language, which is known then).
    damaged_settings: Option<crate::settings::DamagedSettings>,
    /// Whether the text styles and the remembered zoom were applied (on the first frame).
    styled: bool,
    title: String,
    /// The system file dialog or the built-in browser.
    files: Chooser,
    /// Where each frame's time goes, when measured (benchmarks).
    frame_times: Option<FrameTimes>,
    /// Look at the file on the next frame, whenever it last looked (see `sync_on_next_frame`).
    sync_due: bool,
    /// What the import into a project just created did (its columns and fields), shown until
    /// closed.
    import_report: Option<crate::import::UnitImportReport>,
}

impl CodingdeskApp {
    /// An app whose settings live in `settings_path` (the user's configuration folder in the
    /// real program, a temporary file in tests).
    pub fn new(settings_path: Option<PathBuf>) -> CodingdeskApp {
        let (settings, damaged_settings) = settings_path
            .as_deref()
            .map(Settings::open)
            .unwrap_or_default();
        // A damaged file that could not be moved aside is not saved over either.
        let settings_path = settings_path.filter(|_| {
            damaged_settings
                .as_ref()
                .is_none_or(|damage| damage.kept_as.is_some())
        });
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
            clock: crate::clock::Clock::default(),
            damaged_settings,
            styled: false,
            title: String::new(),
            files: Chooser::new(settings_built_in),
            system_language: crate::i18n::Lang::system(),
            frame_times: None,
            sync_due: false,
            import_report: None,
        }
    }

    /// Makes the next frame look for changes other processes made (the window does so about
    /// once a second and when it regains focus). Tests call it instead of waiting a second.
    pub fn sync_on_next_frame(&mut self) {
        self.sync_due = true;
    }

    /// What the top bar shows of the screen in view.
    fn in_view(&self) -> super::top_bar::InView<'_> {
        use super::top_bar::InView;
        fn server(study: &Study) -> Option<&str> {
            study.server().map(|server| server.url())
        }
        match &self.screen {
            Screen::Start(_) => InView::Start,
            Screen::ChooseCoder { project, .. } => InView::ChooseCoder {
                on_server: project.is_server(),
            },
            Screen::Desk(desk) => InView::Desk {
                title: desk.session.title(),
                coder: desk.session.coder(),
                server: server(desk.session.study()),
            },
            Screen::Supervisor(state) => InView::Supervisor {
                title: &state.session.snapshot().status.title,
                server: server(state.session.study()),
            },
        }
    }

    /// The clock the window's timers read; tests move it on instead of sleeping.
    pub fn clock(&self) -> &crate::clock::Clock {
        &self.clock
    }

    /// Writes every frame's CPU time to `times` from now on.
    pub fn record_frame_times(&mut self, times: FrameTimes) {
        self.frame_times = Some(times);
    }

    /// The window as it would start on a computer whose system language is `lang` (until a
    /// language is chosen in it). Tests use it to be independent of the machine's locale.
    pub fn speaking(mut self, lang: crate::i18n::Lang) -> CodingdeskApp {
        self.system_language = lang;
        self
    }

    /// The window's language on this thread: the one chosen on this computer, else the system's.
    /// Set before anything is drawn or opened (every frame, every command), so that a study
    /// opened before the first frame is read in it too.
    pub(super) fn speak(&self) {
        crate::i18n::set_ui_language(self.settings.language.unwrap_or(self.system_language));
    }

    /// Applies the theme and opens what the command line asked for.
    pub fn launch(&mut self, ctx: &egui::Context, launch: Launch) {
        self.speak();
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

    /// The variable the desk's keys code now (its key), if the desk is up.
    pub fn current_variable(&self) -> Option<String> {
        match &self.screen {
            Screen::Desk(desk) => desk
                .view
                .form
                .current_variable(&desk.session)
                .map(|v| v.key.clone()),
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

    fn tell(&mut self, text: impl Into<String>, kind: NoticeKind) {
        self.notice = Some(Notice {
            text: text.into(),
            kind,
        });
    }

    /// Shows a failure in the notice line.
    fn fail(&mut self, problem: impl Into<Problem>) {
        self.notice = Some(Notice::of(&problem.into()));
    }

    /// Draws one frame. Called by eframe and by the GUI tests.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.speak();
        // Whatever changed the language (the menu, the settings), the open study follows it.
        let lang = crate::i18n::ui_language();
        let relabelled = match &mut self.screen {
            Screen::Desk(desk) => desk.session.set_language(lang).map_err(Problem::from),
            Screen::Supervisor(state) if state.session.snapshot().lang != lang => {
                state.set_language(lang)
            }
            Screen::Supervisor(_) | Screen::Start(_) | Screen::ChooseCoder { .. } => Ok(()),
        };
        if let Err(problem) = relabelled {
            self.fail(problem);
        }
        while let Ok(job) = self.jobs.1.try_recv() {
            self.receive(&ctx, job);
        }
        if self.busy.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.images.poll(&ctx);
        if !std::mem::replace(&mut self.styled, true) {
            apply_style(&ctx, self.settings.zoom());
            ctx.add_plugin(super::input_order::InputInOrder::default());
        }
        self.keep_typed_text_on_close(&ctx);
        self.check_cjk_font(&ctx);
        // After the font: a damaged settings file matters more, so its notice is the one shown.
        self.say_damaged_settings();
        self.sync_with_file(&ctx);
        let mut commands = self.dropped_files(&ctx);
        if let Screen::Desk(desk) = &mut self.screen {
            let DeskState {
                session,
                unit,
                view,
                ..
            } = &mut **desk;
            commands.extend(view.keyboard(&ctx, session, unit.as_ref()));
        }

        super::top_bar::show(
            ui,
            &self.in_view(),
            &self.settings,
            self.files.built_in(),
            &mut commands,
        );
        if let Screen::Desk(desk) = &self.screen
            && let Some(reason) = desk.session.read_only()
        {
            egui::Panel::top("read-only").show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(ui.visuals().warn_fg_color, crate::tr!("app-read-only"));
                    ui.label(reason);
                    if ui.button(crate::tr!("app-take-over")).clicked() {
                        commands.push(super::command::DeskCommand::TakeOver.into());
                    }
                });
            });
        }
        let offline = match &self.screen {
            Screen::Desk(desk) => desk.session.offline(),
            Screen::Supervisor(state) => state.session.offline(),
            Screen::Start(_) | Screen::ChooseCoder { .. } => None,
        };
        if let Some(reason) = offline {
            egui::Panel::top("offline").show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        crate::tr!("desk-offline-banner"),
                    );
                    ui.label(crate::tr!("desk-offline-detail"));
                    ui.weak(reason);
                });
            });
        }
        if let Some(notice) = &self.notice {
            egui::Panel::bottom("notice").show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    let color = notice.kind.color(ui.visuals());
                    if ui.button(crate::tr!("app-dismiss")).clicked() {
                        commands.push(AppCommand::DismissNotice.into());
                    }
                    // A long notice (a path, the server's words) wraps in a narrow window
                    // rather than lose its end past the edge.
                    ui.add(egui::Label::new(egui::RichText::new(&notice.text).color(color)).wrap());
                });
            });
        }
        self.show_import_report(&ctx);
        if let Some((request, paths)) = self.files.show(&ctx) {
            self.chosen(&ctx, request, paths);
        }
        match &mut self.screen {
            Screen::Start(view) => {
                commands.extend(view.show(ui, &self.settings, self.busy.as_deref()))
            }
            Screen::ChooseCoder { picker, .. } => commands.extend(picker.show(ui)),
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

    /// What the import into a new project did: rows, encoding, platform, which column became
    /// which field (the new project's first check), until closed.
    fn show_import_report(&mut self, ctx: &egui::Context) {
        let Some(report) = &self.import_report else {
            return;
        };
        let mut open = true;
        let mut close = false;
        egui::Window::new(crate::tr!("import-report-title"))
            .open(&mut open)
            .default_width(460.0)
            .collapsible(false)
            .show(ctx, |ui| {
                let summary = &report.summary;
                ui.label(crate::tr!(
                    "import-report-rows",
                    rows = report.rows,
                    added = summary.added,
                    media = summary.media_linked
                ));
                if let Some(encoding) = report.encoding {
                    ui.label(crate::tr!("import-report-encoding", encoding = encoding));
                }
                if let Some(platform) = &report.platform {
                    ui.label(crate::tr!("import-report-platform", platform = platform));
                }
                ui.add_space(4.0);
                ui.strong(crate::tr!("import-report-columns"));
                egui::ScrollArea::vertical()
                    .max_height(300.0)
                    .show(ui, |ui| {
                        egui::Grid::new("import-report-mapping")
                            .striped(true)
                            .show(ui, |ui| {
                                for (column, field) in &report.mapping {
                                    ui.label(column);
                                    ui.label("→");
                                    ui.label(field);
                                    ui.end_row();
                                }
                            });
                    });
                ui.add_space(4.0);
                ui.weak(crate::tr!("import-report-hint"));
                close = ui.button(crate::tr!("import-report-close")).clicked();
            });
        if !open || close {
            self.import_report = None;
        }
    }

    /// Closing the window saves what the coder typed on the unit it was typed on; text that is
    /// not an answer keeps the window open, with the unit and the reason shown.
    fn keep_typed_text_on_close(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        if let Screen::Desk(desk) = &mut self.screen
            && let Err(problem) = desk.save_typed()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.fail(problem);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.screen {
            Screen::Desk(desk) => crate::tr!(
                "app-title-desk",
                coder = desk.session.coder(),
                study = desk.session.title()
            ),
            Screen::Supervisor(state) => crate::tr!(
                "app-title-supervisor",
                study = state.session.snapshot().status.title.as_str()
            ),
            Screen::Start(_) | Screen::ChooseCoder { .. } => "Codingdesk".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// A settings file found damaged at start, said once (the first frame knows the window's
    /// language).
    fn say_damaged_settings(&mut self) {
        let Some(damage) = self.damaged_settings.take() else {
            return;
        };
        let path = damage.path.display().to_string();
        let text = match &damage.kept_as {
            Some(kept) => crate::tr!(
                "settings-damaged",
                path = path,
                reason = damage.reason.clone(),
                kept = kept.display().to_string()
            ),
            None => crate::tr!(
                "settings-damaged-not-moved",
                path = path,
                reason = damage.reason.clone()
            ),
        };
        self.tell(text, NoticeKind::Warning);
    }

    /// Without a CJK font, Chinese shows as boxes: say once which package fixes it.
    fn check_cjk_font(&mut self, ctx: &egui::Context) {
        if self.font_checked {
            return;
        }
        self.font_checked = true;
        let font = egui::FontId::proportional(14.0);
        let found = ctx.fonts_mut(|fonts| fonts.has_glyphs(&font, "重庆"));
        // eframe's search found none: the system's own CJK fonts at their usual places.
        if found || crate::ui::fonts::load_cjk_fallback(ctx) {
            return;
        }
        if self.notice.is_none() {
            let advice = if cfg!(windows) {
                crate::tr!("app-no-chinese-font-windows")
            } else if cfg!(target_os = "macos") {
                crate::tr!("app-no-chinese-font-macos")
            } else {
                crate::tr!("app-no-chinese-font")
            };
            self.tell(advice, NoticeKind::Warning);
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
                self.tell(crate::tr!("app-drop-units-on-start"), NoticeKind::Info);
            }
        }
        commands
    }

    fn save_settings(&mut self) {
        let Some(path) = &self.settings_path else {
            return;
        };
        if let Err(error) = self.settings.save_to(path) {
            self.fail(Problem::Settings(error));
        }
    }
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

impl eframe::App for CodingdeskApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if let Some(times) = &mut self.frame_times
            && let Some(seconds) = frame.info().cpu_usage
            && let Err(error) = times.record(seconds)
        {
            eprintln!("codingdesk: frame times are no longer written: {error}");
            self.frame_times = None;
        }
        self.show(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
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
