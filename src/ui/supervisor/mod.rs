//! Supervisor mode: the codebook editor, assignments, the reliability view, adjudication,
//! results with charts, and exports, over the same project file as the coder's desk. Each tab is
//! one view struct that draws from a [`Snapshot`] read from the store and returns commands;
//! [`SupervisorState::apply`] hands them to the GUI-free [`SupervisorSession`], which makes the
//! change and reads a new snapshot.

mod adjudicate;
mod analysis;
mod assignments;
mod codebook;
mod export;
mod plot;
mod reliability;
mod results;
mod team;
mod training;

use std::path::Path;

use super::command::{Command, DeskCommand, SupervisorCommand, VideoCommand};
use super::desk::video::VideoPrefs;
use super::images::ImageLoader;
use super::notice::Problem;
use crate::agreement;
use crate::study::Study;
pub use crate::supervise::Snapshot;
use crate::supervise::{SupervisorAction, SupervisorSession};

crate::listed_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Tab {
        Codebook,
        Training,
        Assignments,
        Reliability,
        Adjudication,
        Results,
        Analysis,
        Export,
        Team,
    }
}

impl Tab {
    pub fn label(self) -> String {
        match self {
            Tab::Codebook => crate::tr!("tab-codebook"),
            Tab::Training => crate::tr!("tab-training"),
            Tab::Assignments => crate::tr!("tab-assignments"),
            Tab::Reliability => crate::tr!("tab-reliability"),
            Tab::Adjudication => crate::tr!("tab-adjudication"),
            Tab::Results => crate::tr!("tab-results"),
            Tab::Analysis => crate::tr!("tab-analysis"),
            Tab::Export => crate::tr!("tab-export"),
            Tab::Team => crate::tr!("tab-team"),
        }
    }
}

/// The open supervisor mode: the GUI-free session (project and snapshot) and the views.
pub struct SupervisorState {
    pub session: SupervisorSession,
    pub view: SupervisorView,
    pub last_sync: std::time::Instant,
}

impl SupervisorState {
    /// Reads the first snapshot; on failure the project comes back with the reason.
    pub fn open(
        project: Study,
        clock: &crate::clock::Clock,
    ) -> Result<SupervisorState, Box<(Study, Problem)>> {
        match SupervisorSession::open(project) {
            Ok(mut session) => Ok(SupervisorState {
                view: SupervisorView::new(session.snapshot()),
                session: {
                    session.use_clock(clock.clone());
                    session
                },
                last_sync: clock.now(),
            }),
            Err(failed) => {
                let (project, error) = *failed;
                Err(Box::new((project, error.into())))
            }
        }
    }

    pub fn into_study(self) -> Study {
        self.session.into_study()
    }

    /// Reads a new snapshot when another window or program changed the file; returns whether
    /// it did.
    pub fn sync(&mut self) -> Result<bool, Problem> {
        let changed = self.session.sync()?;
        if changed {
            self.view.snapshot_changed(self.session.snapshot());
        }
        Ok(changed)
    }

    /// Shows the study in `lang` from now on: the codebook's labels where it has that language.
    pub fn set_language(&mut self, lang: crate::i18n::Lang) -> Result<(), Problem> {
        self.session.set_language(lang)?;
        self.view.snapshot_changed(self.session.snapshot());
        Ok(())
    }

    /// Runs a supervisor command: `Ok(Some(text))` is a message for the notice line.
    pub fn apply(&mut self, command: SupervisorCommand) -> Result<Option<String>, Problem> {
        let action = match command {
            SupervisorCommand::GoToDisagreement { unit, variable } => {
                self.view.tab = Tab::Adjudication;
                self.view
                    .adjudication
                    .go_to(self.session.snapshot(), &unit, &variable);
                return Ok(None);
            }
            SupervisorCommand::Study(action) => action,
        };
        let editing_codebook = matches!(action, SupervisorAction::UpdateCodebook(_));
        let revision = self.session.snapshot().revision;
        match self.session.apply(action) {
            Ok(applied) => {
                if let Some(report) = applied.merge_report {
                    self.view.team.show_report(report);
                }
                if self.session.snapshot().revision != revision {
                    self.view.snapshot_changed(self.session.snapshot());
                }
                Ok(applied.message)
            }
            Err(error) => {
                if editing_codebook {
                    // The editor's draft goes back to what is stored.
                    self.view.codebook.reset(&self.session.snapshot().codebook);
                }
                Err(error.into())
            }
        }
    }
}

pub struct SupervisorView {
    pub tab: Tab,
    codebook: codebook::CodebookView,
    training: training::TrainingView,
    assignments: assignments::AssignmentsView,
    reliability: reliability::ReliabilityView,
    adjudication: adjudicate::AdjudicationView,
    results: results::ResultsView,
    analysis: analysis::AnalysisView,
    pub export: export::ExportView,
    pub team: team::TeamView,
}

impl SupervisorView {
    fn new(snapshot: &Snapshot) -> SupervisorView {
        SupervisorView {
            tab: Tab::Reliability,
            codebook: codebook::CodebookView::new(&snapshot.codebook),
            training: training::TrainingView::default(),
            assignments: assignments::AssignmentsView::new(snapshot),
            reliability: reliability::ReliabilityView::default(),
            adjudication: adjudicate::AdjudicationView::default(),
            results: results::ResultsView::default(),
            analysis: analysis::AnalysisView::default(),
            export: export::ExportView::default(),
            team: team::TeamView::default(),
        }
    }

    /// The player's keys and controls, and the media pager, on the adjudication tab's card. The
    /// other desk commands are a coder's: no supervisor view sends them.
    pub fn card_command(&mut self, command: DeskCommand) {
        let card = &mut self.adjudication.card;
        match command {
            DeskCommand::Video(VideoCommand::InsertTime) => {}
            DeskCommand::Video(command) => card.video.apply(&command),
            DeskCommand::Media(step) => card.step_media(step),
            DeskCommand::Select(_)
            | DeskCommand::Step(_)
            | DeskCommand::NextNotDone
            | DeskCommand::SetAnswer { .. }
            | DeskCommand::Toggle { .. }
            | DeskCommand::Edit { .. }
            | DeskCommand::CommitEdit { .. }
            | DeskCommand::Undo
            | DeskCommand::Redo
            | DeskCommand::TakeOver => {}
        }
    }

    fn snapshot_changed(&mut self, snapshot: &Snapshot) {
        self.codebook.reset(&snapshot.codebook);
        self.assignments.snapshot_changed();
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        base: &Path,
        images: &mut ImageLoader,
        prefs: VideoPrefs,
    ) -> Vec<Command> {
        egui::Panel::top("supervisor-tabs").show(ui, |ui| {
            // In a narrow window the study's figures go onto a second line, never cut off.
            ui.horizontal_wrapped(|ui| {
                for tab in Tab::ALL {
                    ui.selectable_value(&mut self.tab, tab, tab.label());
                }
                ui.separator();
                let figure = |n: i64| crate::format::grouped(n);
                let figures = crate::tr!(
                    "sup-figures",
                    units = figure(snapshot.status.units),
                    coders = figure(snapshot.status.coders),
                    codes = figure(snapshot.status.codings),
                    version = snapshot.codebook.version
                );
                ui.add(egui::Label::new(egui::RichText::new(figures).weak()).extend());
            });
        });
        match self.tab {
            Tab::Codebook => self.codebook.show(ui, snapshot),
            Tab::Training => self.training.show(ui, snapshot),
            Tab::Assignments => self.assignments.show(ui, snapshot),
            Tab::Reliability => self.reliability.show(ui, snapshot),
            Tab::Adjudication => self.adjudication.show(ui, snapshot, base, images, prefs),
            Tab::Results => self.results.show(ui, snapshot),
            Tab::Analysis => self.analysis.show(ui, snapshot),
            Tab::Export => self.export.show(ui, snapshot),
            Tab::Team => self.team.show(ui, snapshot),
        }
    }
}

/// The colour of an α against the usual thresholds.
fn verdict_color(ui: &egui::Ui, verdict: agreement::Verdict) -> egui::Color32 {
    let dark = ui.visuals().dark_mode;
    match (verdict, dark) {
        (agreement::Verdict::Acceptable, false) => egui::Color32::from_rgb(0x1e, 0x7b, 0x34),
        (agreement::Verdict::Acceptable, true) => egui::Color32::from_rgb(0x7d, 0xd3, 0x8c),
        (agreement::Verdict::Tentative, false) => egui::Color32::from_rgb(0x9a, 0x67, 0x00),
        (agreement::Verdict::Tentative, true) => egui::Color32::from_rgb(0xf2, 0xc2, 0x4f),
        (agreement::Verdict::Unacceptable, _) => ui.visuals().error_fg_color,
        (agreement::Verdict::Undefined, _) => ui.visuals().weak_text_color(),
    }
}

/// A coefficient as reliability tables print it (APA: `.812`), or a dash when undefined.
fn coefficient(value: Option<f64>) -> String {
    crate::format::apa(value)
}

/// Gives a widget the accessible name a screen reader (and the GUI tests) find it by.
fn name_widget(response: &egui::Response, kind: egui::Role, name: &str) {
    let enabled = response.enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(kind, enabled, name));
}

/// A combo box with an accessible name (screen readers, the GUI tests).
fn combo<R>(
    ui: &mut egui::Ui,
    id: impl egui::AsIdSalt,
    name: &str,
    selected: impl Into<egui::WidgetText>,
    add: impl FnOnce(&mut egui::Ui) -> R,
) {
    let shown = egui::ComboBox::from_id_salt(id)
        .selected_text(selected)
        .show_ui(ui, add);
    name_widget(&shown.response, egui::Role::ComboBox, name);
}
