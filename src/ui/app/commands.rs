//! Applying what the views ask for: app commands here, desk and supervisor commands by their
//! screens; background work (file dialogs, creating projects, opening things outside) and what
//! comes back from it.

use std::path::{Path, PathBuf};

use super::{CodingdeskApp, Screen};
use crate::codebook::load_codebook;
use crate::import;
use crate::samples;
use crate::store::Project;
use crate::study::Study;
use crate::ui::command::{AppCommand, Command};
use crate::ui::files::{FileRequest, SystemAnswer, system_dialog};
use crate::ui::notice::{Notice, NoticeKind, Problem};
use crate::ui::supervisor::SupervisorState;

/// Results of work done off the UI thread (file dialogs, creating and importing).
pub(super) enum Job {
    /// What the system's file dialog came back with, and how long it was up.
    Chosen {
        request: FileRequest,
        paths: Option<Vec<PathBuf>>,
        took: std::time::Duration,
    },
    /// A project made (or a sample built) and ready to open.
    Ready(Result<PathBuf, Problem>),
    /// A project created, with the report of the units imported into it.
    Created(Result<(PathBuf, Option<import::UnitImportReport>), Problem>),
    /// Whether the system's opener took a file or link (a video, a post's page).
    Opened(Result<(), Problem>),
    /// A server study signed in to and read, with its URL.
    Connected(Box<Result<Study, Problem>>, String),
}

impl CodingdeskApp {
    pub(super) fn spawn(&mut self, message: &str, work: impl FnOnce() -> Job + Send + 'static) {
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

    pub(super) fn receive(&mut self, ctx: &egui::Context, job: Job) {
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
            Job::Created(Ok((path, report))) => {
                self.apply(ctx, AppCommand::OpenProject(path).into());
                self.import_report = report;
            }
            Job::Created(Err(problem)) => self.fail(problem),
            Job::Connected(connected, url) => match *connected {
                Ok(study) => {
                    // A failed attempt's notice (a wrong password) is over now.
                    if self.notice.as_ref().is_some_and(Notice::is_error) {
                        self.notice = None;
                    }
                    let set_aside: Vec<String> =
                        study.set_aside().iter().map(ToString::to_string).collect();
                    self.open_server_study(study, &url);
                    if !set_aside.is_empty() {
                        self.tell(
                            crate::tr!(
                                "app-rows-set-aside",
                                count = set_aside.len(),
                                rows = set_aside.join("; ")
                            ),
                            NoticeKind::Warning,
                        );
                    }
                }
                Err(problem) => self.fail(problem),
            },
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
                    SystemAnswer::Unavailable => {
                        self.tell(crate::tr!("app-no-system-dialog"), NoticeKind::Info)
                    }
                }
            }
        }
    }

    /// Hands what the user chose to whoever asked for it.
    pub(super) fn chosen(
        &mut self,
        ctx: &egui::Context,
        request: FileRequest,
        mut paths: Vec<PathBuf>,
    ) {
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
    pub(super) fn choose(&mut self, request: FileRequest) {
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

    /// Runs one command: app commands here, desk and supervisor commands by their screens. A
    /// desk or supervisor command that finds its screen gone (an earlier command of the same
    /// frame closed it) is dropped on purpose: the view that asked is no longer there.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        self.speak();
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
                    Ok(Some(message)) => self.tell(message, NoticeKind::Done),
                    Ok(None) => {}
                    Err(problem) => self.fail(problem),
                },
                Screen::Start(_) | Screen::ChooseCoder { .. } | Screen::Desk(_) => {}
            },
        }
    }

    pub(super) fn apply_app(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::OpenProject(path) => self.open_project(&path),
            AppCommand::Connect { login, media } => {
                let url = login.url.clone();
                if crate::study::has_password(&url) {
                    return self.fail(Problem::Refused(crate::tr!("app-password-in-url")));
                }
                // Signing in and reading the study take the network's time: not on the UI thread.
                let lang = crate::i18n::ui_language();
                self.spawn(
                    &crate::tr!("app-connecting", url = url.as_str()),
                    move || {
                        crate::i18n::set_ui_language(lang);
                        let study = Study::sign_in(login, media).map_err(Problem::from);
                        Job::Connected(Box::new(study), url)
                    },
                );
            }
            AppCommand::OpenSample => {
                let sample = match samples::sample("chongqing-tiktok") {
                    Ok(sample) => sample,
                    Err(error) => return self.fail(error),
                };
                let out = samples::default_location(sample);
                // Made in the window's language (its title), on a thread that speaks it too.
                let lang = crate::i18n::ui_language();
                self.spawn(&crate::tr!("app-preparing-sample"), move || {
                    crate::i18n::set_ui_language(lang);
                    Job::Ready(
                        // Real short videos where ffmpeg is installed, as `codingdesk sample`
                        // makes them (their files are cached and reused).
                        samples::build_with(
                            sample,
                            &out,
                            samples::Existing::Open,
                            samples::Videos::IfFfmpeg,
                        )
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
            } => {
                // The import's messages are read in the window: the worker speaks its language.
                let lang = crate::i18n::ui_language();
                self.spawn(&crate::tr!("app-creating-project"), move || {
                    crate::i18n::set_ui_language(lang);
                    Job::Created(create_project(&path, &preset, &title, units.as_deref()))
                })
            }
            AppCommand::ChooseCoder(name) => self.choose_coder(&name),
            AppCommand::SwitchCoder => {
                if self.open_study_role().is_some() {
                    return self.fail(Problem::Refused(crate::tr!("app-server-signed-in-as")));
                }
                if let Some(project) = self.take_project() {
                    self.screen = self.choose_coder_screen(project);
                }
            }
            AppCommand::OpenSupervisor => {
                if let Some(crate::server::replica::Role::Coder(_)) = self.open_study_role() {
                    return self.fail(Problem::Refused(crate::tr!("app-server-not-supervisor")));
                }
                if let Some(project) = self.take_project() {
                    match SupervisorState::open(project, &self.clock) {
                        Ok(state) => self.screen = Screen::Supervisor(Box::new(state)),
                        Err(failed) => {
                            let (project, problem) = *failed;
                            self.screen = self.choose_coder_screen(project);
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
                        crate::tr!("app-saved-copy", path = path.display().to_string()),
                        NoticeKind::Done,
                    ),
                    Some(Err(error)) => self.fail(error),
                    None => self.fail(Problem::Refused(crate::tr!("app-open-project-first"))),
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
            AppCommand::SetLanguage(lang) => {
                crate::i18n::set_ui_language(lang);
                // A notice worded in the language left behind would stay as it was.
                self.notice = None;
                self.settings.language = Some(lang);
                // The open study follows on the next frame (see `show`).
                self.save_settings();
            }
            AppCommand::DismissNotice => self.notice = None,
        }
    }

    /// Hands a file or link to the system's opener off the UI thread (it waits a moment to see
    /// whether the opener failed); a failure comes back as a notice, success says nothing.
    pub(super) fn open_outside(&mut self, target: impl Into<std::ffi::OsString>) {
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
}

/// Creates a project (and imports its units), removing it again if the import fails; with the
/// import's report (which column became which field), to show.
fn create_project(
    path: &Path,
    preset: &str,
    title: &str,
    units: Option<&Path>,
) -> Result<(PathBuf, Option<import::UnitImportReport>), Problem> {
    let codebook = load_codebook(preset)?;
    let report = match units {
        Some(units) => {
            let (_, report) =
                import::create_with_units(path, title, &codebook, units, &crate::actor())?;
            Some(report)
        }
        None => {
            Project::create(path, title, &codebook)?;
            None
        }
    };
    Ok((path.to_owned(), report))
}
