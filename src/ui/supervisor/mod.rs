//! Supervisor mode: the codebook editor, assignments, the reliability view, adjudication,
//! results with charts, and exports, over the same project file as the coder's desk. Each tab is
//! one view struct that draws from a [`Snapshot`] read from the store and returns commands;
//! [`SupervisorState::apply`] runs them and reads a new snapshot.

mod adjudicate;
mod analysis;
mod assignments;
mod codebook;
mod export;
mod plot;
mod reliability;
mod results;
mod team;

use std::path::Path;

use super::Command;
use super::images::ImageLoader;
use crate::agreement::{self, AgreementError, AgreementOptions, ProjectAgreement};
use crate::model::Codebook;
use crate::results::{Dataset, Disagreement};
use crate::stats::Bootstrap;
use crate::store::{CodebookUsage, Project, StudyStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Codebook,
    Assignments,
    Reliability,
    Adjudication,
    Results,
    Analysis,
    Export,
    Team,
}

impl Tab {
    const ALL: [Tab; 8] = [
        Tab::Codebook,
        Tab::Assignments,
        Tab::Reliability,
        Tab::Adjudication,
        Tab::Results,
        Tab::Analysis,
        Tab::Export,
        Tab::Team,
    ];

    fn label(self) -> &'static str {
        match self {
            Tab::Codebook => "Codebook",
            Tab::Assignments => "Assignments",
            Tab::Reliability => "Reliability",
            Tab::Adjudication => "Adjudication",
            Tab::Results => "Results",
            Tab::Analysis => "Analysis",
            Tab::Export => "Export",
            Tab::Team => "Team",
        }
    }
}

/// What the supervisor's views draw from, read from the store after every change.
pub struct Snapshot {
    /// The project file's folder: where exports go unless the supervisor says otherwise.
    pub folder: std::path::PathBuf,
    pub codebook: Codebook,
    pub usage: CodebookUsage,
    pub status: StudyStatus,
    pub coders: Vec<String>,
    /// The coders "Write packages" makes packages for.
    pub packaged_coders: Vec<String>,
    /// Codes and notes merges could not place.
    pub kept_aside: Vec<crate::store::UnmappedCode>,
    pub units: Vec<crate::model::Unit>,
    /// The units' numeric fields and composite indices, column by column.
    pub table: crate::analysis::Table,
    pub primary: Option<String>,
    /// Every coder's codes (the supervisor may look at any single coder's results).
    pub codings: Vec<crate::store::CodingRecord>,
    pub disagreements: Vec<Disagreement>,
    pub final_dataset: Dataset,
    /// The reliability table, or why there is none.
    pub agreement: Result<ProjectAgreement, String>,
    pub bootstrap: Bootstrap,
    /// Analyses added to the report, with their ids.
    pub report_items: Vec<(i64, crate::analysis::items::Item)>,
    /// The confusion matrix the reliability view asked for.
    pub confusion: Option<Result<agreement::Confusion, String>>,
    /// Raised with every new snapshot, so views can drop what they derived from an older one.
    pub revision: u64,
}

impl Snapshot {
    fn read(project: &Project, bootstrap: Bootstrap, revision: u64) -> Result<Snapshot, String> {
        let text = |e: crate::store::StoreError| e.to_string();
        let agreement = match agreement::project_agreement(
            project,
            &AgreementOptions {
                bootstrap: (bootstrap.samples > 0).then_some(bootstrap),
                ..Default::default()
            },
        ) {
            Ok(table) => Ok(table),
            Err(AgreementError::TooFewCoders(why)) => Err(format!(
                "Agreement needs at least two coders who coded the same units; {why}."
            )),
            Err(error) => Err(error.to_string()),
        };
        Ok(Snapshot {
            folder: project.base_dir(),
            codebook: project.codebook().map_err(text)?,
            usage: project.codebook_usage().map_err(text)?,
            status: project.status().map_err(text)?,
            coders: project.coders().map_err(text)?,
            packaged_coders: project.coders_to_package().map_err(text)?,
            kept_aside: project.kept_aside().map_err(text)?,
            units: project.units().map_err(text)?,
            table: crate::analysis::Table::load(project).map_err(|e| e.to_string())?,
            primary: project.primary_coder().map_err(text)?,
            codings: project.all_codings().map_err(text)?,
            disagreements: crate::results::disagreements(project, &[]).map_err(text)?,
            final_dataset: crate::results::final_dataset(project).map_err(text)?,
            agreement,
            bootstrap,
            report_items: crate::analysis::items::stored(project).map_err(|e| e.to_string())?,
            confusion: None,
            revision,
        })
    }
}

/// The open supervisor mode: the project, its snapshot and the views.
pub struct SupervisorState {
    project: Project,
    pub snapshot: Snapshot,
    pub view: SupervisorView,
    /// The file's `data_version` when the snapshot was read (another process's commit changes
    /// it), and the newest change-log entry the snapshot includes.
    seen_version: i64,
    seen_change: i64,
    pub last_sync: std::time::Instant,
}

impl SupervisorState {
    /// Reads the first snapshot; on failure the project comes back with the reason.
    pub fn open(project: Project) -> Result<SupervisorState, Box<(Project, String)>> {
        let bootstrap = Bootstrap {
            samples: 1000,
            seed: 1,
        };
        let seen = project
            .data_version()
            .and_then(|version| Ok((version, project.last_change_id()?)));
        let (seen_version, seen_change) = match seen {
            Ok(seen) => seen,
            Err(error) => return Err(Box::new((project, error.to_string()))),
        };
        match Snapshot::read(&project, bootstrap, 1) {
            Ok(snapshot) => Ok(SupervisorState {
                view: SupervisorView::new(&snapshot),
                project,
                snapshot,
                seen_version,
                seen_change,
                last_sync: std::time::Instant::now(),
            }),
            Err(message) => Err(Box::new((project, message))),
        }
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn into_project(self) -> Project {
        self.project
    }

    /// Reads a new snapshot when another window or program (a coder's desk, the command line, a
    /// merge) changed the file since the last one; returns whether it did.
    pub fn sync(&mut self) -> Result<bool, String> {
        let text = |e: crate::store::StoreError| e.to_string();
        let version = self.project.data_version().map_err(text)?;
        if version == self.seen_version {
            return Ok(false);
        }
        self.seen_version = version;
        // A desk refreshing its claim changes the file but not the study: only a new change-log
        // entry is worth reading a new snapshot (agreement and all).
        let last_change = self.project.last_change_id().map_err(text)?;
        if last_change == self.seen_change {
            return Ok(false);
        }
        self.seen_change = last_change;
        self.refresh()?;
        Ok(true)
    }

    fn refresh(&mut self) -> Result<(), String> {
        self.snapshot = Snapshot::read(
            &self.project,
            self.snapshot.bootstrap,
            self.snapshot.revision + 1,
        )?;
        self.view.snapshot_changed(&self.snapshot);
        Ok(())
    }

    /// Runs a supervisor command: `Ok(Some(text))` is a message for the notice line.
    pub fn apply(&mut self, command: Command) -> Result<Option<String>, String> {
        let actor = crate::actor();
        let text = |e: crate::store::StoreError| e.to_string();
        let message = match command {
            Command::UpdateCodebook(codebook) => {
                let result = self.project.update_codebook(&codebook, &actor);
                if result.is_err() {
                    // The editor's draft goes back to what is stored.
                    self.view.codebook.reset(&self.snapshot.codebook);
                }
                let summary = result.map_err(text)?;
                self.refresh()?;
                Some(format!("Codebook saved (version {}).", summary.version))
            }
            Command::MergeValue {
                variable,
                from,
                into,
            } => {
                let summary = self
                    .project
                    .merge_value(&variable, from, into, &actor)
                    .map_err(text)?;
                self.refresh()?;
                Some(format!(
                    "Value {from} of '{variable}' merged into {into}: {} code(s) rewritten and logged; {from} is retired (version {}).",
                    summary.rewritten, summary.version
                ))
            }
            Command::ApplyAssignments { request, replace } => {
                let plan = crate::assign::draw_for_units(&self.snapshot.units, &request)
                    .map_err(|e| e.to_string())?;
                let stored = self
                    .project
                    .set_assignments(&plan.rows(), replace, &actor)
                    .map_err(text)?;
                self.refresh()?;
                Some(format!(
                    "Stored {stored} assignments: {} reliability units for every coder.",
                    plan.overlap.len()
                ))
            }
            Command::Adjudicate {
                unit,
                variable,
                answer,
                reason,
            } => {
                self.project
                    .set_final_value(&unit, &variable, answer.as_ref(), reason.trim(), &actor)
                    .map_err(text)?;
                self.refresh()?;
                None
            }
            Command::GoToDisagreement { unit, variable } => {
                self.view.tab = Tab::Adjudication;
                self.view
                    .adjudication
                    .go_to(&self.snapshot, &unit, &variable);
                None
            }
            Command::SetPrimaryCoder(coder) => {
                self.project
                    .set_primary_coder(&coder, &actor)
                    .map_err(text)?;
                self.refresh()?;
                Some(format!(
                    "{coder} is the primary coder: their values settle disagreements nobody adjudicated."
                ))
            }
            Command::ShowConfusion {
                variable,
                first,
                second,
            } => {
                self.snapshot.confusion = Some(
                    agreement::confusion(&self.project, &variable, &first, &second)
                        .map_err(|e| e.to_string()),
                );
                None
            }
            Command::SetBootstrap(bootstrap) => {
                self.snapshot.bootstrap = bootstrap;
                self.refresh()?;
                None
            }
            Command::Export(request) => {
                let written =
                    crate::export::write(&self.project, &request).map_err(|e| e.to_string())?;
                Some(written.summary().replace('\n', "; "))
            }
            Command::SaveIndex {
                name,
                weights,
                standardize,
                normalize,
            } => {
                let definition = crate::analysis::IndexDefinition::parse(
                    &name,
                    &weights,
                    standardize,
                    normalize,
                    &self.snapshot.table,
                )
                .and_then(|d| d.compute(&self.snapshot.table).map(|_| d))
                .map_err(|e| e.to_string())?;
                crate::analysis::index::save(&mut self.project, &definition, &actor)
                    .map_err(|e| e.to_string())?;
                self.refresh()?;
                Some(format!(
                    "Index '{}' saved: {}",
                    definition.name,
                    definition.formula()
                ))
            }
            Command::RemoveIndex(name) => {
                self.project
                    .remove_derived_field(&name, &actor)
                    .map_err(text)?;
                self.refresh()?;
                Some(format!("Index '{name}' removed."))
            }
            Command::AddReportItem(item) => {
                crate::analysis::items::add(&mut self.project, &item, &actor)
                    .map_err(|e| e.to_string())?;
                self.refresh()?;
                Some(format!("'{}' will be in the HTML report.", item.title()))
            }
            Command::RemoveReportItem(id) => {
                self.project.remove_report_item(id, &actor).map_err(text)?;
                self.refresh()?;
                None
            }
            Command::WritePackages { folder, copy_media } => {
                let options = crate::store::PackageOptions { copy_media };
                let written = self
                    .project
                    .write_packages_for_all(&folder, options, &actor)
                    .map_err(text)?;
                self.refresh()?;
                let names: Vec<String> = written
                    .iter()
                    .map(|p| {
                        format!(
                            "{} ({} units, {} codes)",
                            p.file.file_name().unwrap_or_default().to_string_lossy(),
                            p.units,
                            p.codes
                        )
                    })
                    .collect();
                Some(format!(
                    "{} packages written to {}: {}. Send each coder their file{}.",
                    written.len(),
                    folder.display(),
                    names.join(", "),
                    if copy_media {
                        " and its -media folder"
                    } else {
                        ""
                    }
                ))
            }
            Command::PreviewMerge { files, prefer } => {
                let report = self
                    .project
                    .merge_packages(&files, prefer, &actor, false)
                    .map_err(text)?;
                self.view.team.show_report(report);
                None
            }
            Command::MergePackages { files, prefer } => {
                let report = self
                    .project
                    .merge_packages(&files, prefer, &actor, true)
                    .map_err(text)?;
                let applied = report.applied;
                let conflicts: usize = report.packages.iter().map(|p| p.conflicts.len()).sum();
                self.view.team.show_report(report);
                self.refresh()?;
                Some(if applied {
                    let n = files.len();
                    let plural = if n == 1 { "" } else { "s" };
                    format!("{n} package{plural} merged ({conflicts} conflicts listed below).")
                } else {
                    "Nothing to merge: the master already holds everything in these packages."
                        .to_owned()
                })
            }
            Command::SaveChart { svg, path } => {
                std::fs::write(&path, svg)
                    .map_err(|e| format!("Could not write {}: {e}", path.display()))?;
                Some(format!("Chart saved as {}", path.display()))
            }
            _ => None,
        };
        Ok(message)
    }
}

pub struct SupervisorView {
    pub tab: Tab,
    codebook: codebook::CodebookView,
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
            assignments: assignments::AssignmentsView::new(snapshot),
            reliability: reliability::ReliabilityView::default(),
            adjudication: adjudicate::AdjudicationView::default(),
            results: results::ResultsView::default(),
            analysis: analysis::AnalysisView::default(),
            export: export::ExportView::default(),
            team: team::TeamView::default(),
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
    ) -> Vec<Command> {
        egui::Panel::top("supervisor-tabs").show(ui, |ui| {
            ui.horizontal(|ui| {
                for tab in Tab::ALL {
                    ui.selectable_value(&mut self.tab, tab, tab.label());
                }
                ui.separator();
                ui.label(format!(
                    "{} units · {} coders · {} codes · codebook version {}",
                    snapshot.status.units,
                    snapshot.status.coders,
                    snapshot.status.codings,
                    snapshot.codebook.version
                ));
            });
        });
        match self.tab {
            Tab::Codebook => self.codebook.show(ui, snapshot),
            Tab::Assignments => self.assignments.show(ui, snapshot),
            Tab::Reliability => self.reliability.show(ui, snapshot),
            Tab::Adjudication => self.adjudication.show(ui, snapshot, base, images),
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

/// An answer as people read it: `3 Positive`, `1 Photography skills; 3 Colour`, a number, text.
fn answer_text(variable: Option<&crate::model::Variable>, answer: &crate::model::Answer) -> String {
    use crate::model::Answer;
    let label = |code: i64| {
        variable
            .and_then(|v| v.value(code))
            .map_or(code.to_string(), |v| format!("{code} {}", v.label))
    };
    match answer {
        Answer::Code(code) => label(*code),
        Answer::Codes(codes) if codes.is_empty() => "(none)".to_owned(),
        Answer::Codes(codes) => codes
            .iter()
            .map(|c| label(*c))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_plain(),
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
