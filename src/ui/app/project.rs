//! The open project on its screens: opening it, choosing the coder, leaving the desk, and keeping
//! the desk or supervisor mode in step with changes other processes make to the file.

use std::path::Path;

use super::{CodingdeskApp, Screen};
use crate::desk::DeskSession;
use crate::store::Project;
use crate::study::Study;
use crate::ui::coder_picker::CoderPicker;
use crate::ui::desk::DeskState;
use crate::ui::notice::{Notice, NoticeKind, Problem};
use crate::ui::start::StartView;

impl CodingdeskApp {
    /// Takes the open project out of the coder's desk, the coder picker or supervisor mode,
    /// leaving the start screen in its place.
    pub(super) fn take_project(&mut self) -> Option<Study> {
        // What the coder typed is saved on its unit first; text that is not an answer keeps
        // the desk open on that unit, saying why.
        if let Screen::Desk(desk) = &mut self.screen
            && let Err(problem) = desk.save_typed()
        {
            self.fail(problem);
            return None;
        }
        let screen = std::mem::replace(
            &mut self.screen,
            Screen::Start(StartView::new(&self.settings)),
        );
        match screen {
            Screen::ChooseCoder { project, .. } => Some(*project),
            Screen::Desk(desk) => Some(self.leave_desk(*desk)),
            Screen::Supervisor(state) => Some(state.into_study()),
            start => {
                self.screen = start;
                None
            }
        }
    }

    /// Closes the open project, whichever screen shows it; false when the desk stays open (the
    /// coder typed text that is not an answer: the notice says where).
    pub(super) fn close_open_project(&mut self) -> bool {
        let desk_up = matches!(self.screen, Screen::Desk(_));
        self.take_project();
        !(desk_up && matches!(self.screen, Screen::Desk(_)))
    }

    /// The open project, whichever screen shows it.
    pub(super) fn open_project_ref(&self) -> Option<&Project> {
        match &self.screen {
            Screen::Start(_) => None,
            Screen::ChooseCoder { project, .. } => Some(project),
            Screen::Desk(desk) => Some(desk.session.project()),
            Screen::Supervisor(state) => Some(state.session.project()),
        }
    }

    /// Closes a coder's desk: the desk is given up for other windows and the `-wal` folded into
    /// the project file. Returns the project (to switch coder or mode).
    pub(super) fn leave_desk(&mut self, desk: DeskState) -> Study {
        let (project, closed) = desk.session.close();
        if let Err(error) = closed {
            self.fail(error);
        }
        project
    }

    /// Keeps the desk (or supervisor mode) in step with the file: what other windows and programs
    /// changed is shown, a take-over by another window turns a desk read-only, an idle desk is
    /// checkpointed.
    pub(super) fn sync_with_file(&mut self, ctx: &egui::Context) {
        let due = std::mem::take(&mut self.sync_due);
        if let Screen::Supervisor(state) = &mut self.screen {
            if due || self.clock.since(state.last_sync) >= SYNC_EVERY {
                state.last_sync = self.clock.now();
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
        if !due && !regained_focus && self.clock.since(desk.last_sync) < SYNC_EVERY {
            ctx.request_repaint_after(SYNC_EVERY);
            return;
        }
        desk.last_sync = self.clock.now();
        ctx.request_repaint_after(SYNC_EVERY);
        match desk.sync() {
            Ok(Some(notice)) => self.notice = Some(notice),
            Ok(None) => {}
            Err(problem) => self.fail(problem),
        }
    }

    pub(super) fn open_project(&mut self, path: &Path) {
        if crate::study::is_server(&path.to_string_lossy()) {
            return self.ask_to_sign_in(path);
        }
        // A window writes as its user works (the desk, the tabs): a project it could only read
        // is refused at once, with what to do, not at the first click.
        match Project::open(path).and_then(|project| project.require_writable().map(|()| project)) {
            Ok(project) => {
                // What went wrong before (a project that would not open) is over now; a
                // warning (damaged settings, no Chinese font) still holds.
                if self.notice.as_ref().is_some_and(Notice::is_error) {
                    self.notice = None;
                }
                self.settings.opened(path);
                self.save_settings();
                // A coder's package opens straight in its coder's desk.
                let package = match project.package_info() {
                    Ok(package) => package,
                    Err(error) => return self.fail(error),
                };
                if let Some(package) = &package {
                    self.tell(
                        crate::tr!("app-package-of", coder = &package.coder),
                        NoticeKind::Info,
                    );
                }
                let remembered = package
                    .map(|p| p.coder)
                    .or_else(|| self.settings.coder_for(path).map(str::to_owned));
                let picker = match CoderPicker::for_study(&project) {
                    Ok(picker) => picker,
                    Err(error) => return self.fail(error),
                };
                let remembered = remembered.filter(|coder| picker.knows(coder));
                self.screen = Screen::ChooseCoder {
                    project: Box::new(project.into()),
                    picker,
                };
                if let Some(coder) = remembered {
                    self.choose_coder(&coder);
                }
            }
            Err(error) => self.fail(error),
        }
    }

    /// A server study named on the command line (`codingdesk open postgres://…` or `@PROFILE`):
    /// the start screen's sign-in form, filled in, waits for the password.
    fn ask_to_sign_in(&mut self, named: &Path) {
        match crate::study::place_of(named) {
            Ok(crate::study::Place::Server { url, media }) => {
                if !self.close_open_project() {
                    return;
                }
                let mut view = StartView::new(&self.settings);
                view.connect.open = true;
                view.connect.focus_password = true;
                view.connect.url = url;
                view.connect.media = media.map(|m| m.display().to_string()).unwrap_or_default();
                self.screen = Screen::Start(view);
            }
            Ok(crate::study::Place::File(path)) => self.fail(Problem::Missing(path)),
            Err(error) => self.fail(error),
        }
    }

    /// Who the server says is signed in to the open server study (`None`: a file, or nothing
    /// open).
    pub(super) fn open_study_role(&self) -> Option<crate::server::replica::Role> {
        let study = match &self.screen {
            Screen::Start(_) => return None,
            Screen::ChooseCoder { project, .. } => &**project,
            Screen::Desk(desk) => desk.session.study(),
            Screen::Supervisor(state) => state.session.study(),
        };
        study.role().cloned()
    }

    /// A server study just signed in to: a coder's sign-in opens their desk (the server says who
    /// they are), a supervisor's supervisor mode.
    pub(super) fn open_server_study(&mut self, study: Study, url: &str) {
        if !self.close_open_project() {
            return;
        }
        self.settings.connected(url);
        self.save_settings();
        match study.role().cloned() {
            Some(crate::server::replica::Role::Coder(name)) => {
                match DeskSession::open(study, &name) {
                    Ok(session) => {
                        let first = session.next_not_done(session.queue().len().saturating_sub(1));
                        let mut desk = DeskState::new(session, &self.clock);
                        desk.show_at(first.unwrap_or(0));
                        self.screen = Screen::Desk(Box::new(desk));
                    }
                    Err(error) => self.fail(error),
                }
            }
            Some(crate::server::replica::Role::Supervisor) | None => {
                match crate::ui::supervisor::SupervisorState::open(study, &self.clock) {
                    Ok(state) => self.screen = Screen::Supervisor(Box::new(state)),
                    Err(failed) => self.fail(failed.1),
                }
            }
        }
    }

    /// "Who is coding?" on an open study; what it could not read is said in the notice.
    pub(super) fn choose_coder_screen(&mut self, project: Study) -> Screen {
        let picker = CoderPicker::for_study(&project).unwrap_or_else(|error| {
            self.fail(error);
            CoderPicker::default()
        });
        Screen::ChooseCoder {
            project: Box::new(project),
            picker,
        }
    }

    pub(super) fn choose_coder(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return self.fail(Problem::Refused(crate::tr!("app-type-your-name")));
        }
        let screen = std::mem::replace(
            &mut self.screen,
            Screen::Start(StartView::new(&self.settings)),
        );
        let project = match screen {
            Screen::ChooseCoder { project, .. } => *project,
            Screen::Desk(desk) => self.leave_desk(*desk),
            Screen::Supervisor(state) => state.into_study(),
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
                let mut desk = DeskState::new(session, &self.clock);
                desk.show_at(first.unwrap_or(0));
                self.screen = Screen::Desk(Box::new(desk));
            }
            Err(error) => self.fail(error),
        }
    }
}

/// How often an open desk looks for changes other processes made.
const SYNC_EVERY: std::time::Duration = std::time::Duration::from_secs(1);
