//! A supervisor's session over one project, without a window: the snapshot every supervisor view
//! draws from, the changes a supervisor makes (codebook, assignments, adjudication, packages,
//! merges, exports, indices, report items) and keeping up with changes other processes make. The
//! window (`ui::supervisor`) is a thin layer over it, as the coder's desk is over [`crate::desk`].

use crate::tr;
use std::path::PathBuf;

use crate::agreement::{self, AgreementError};
use crate::analysis::AnalysisError;
use crate::assign::AssignError;
use crate::export::ExportError;
use crate::model::{Answer, Codebook};

use crate::clock::Clock;
use crate::link::{Link, Poll, Unpublished};
use crate::stats::Bootstrap;
use crate::store::{MergeOptions, MergeReport, Prefer, Project, StoreError};
use crate::study::{Study, StudyError};

/// Why a supervisor's change or reading the study failed; shown to the supervisor as it reads.
#[derive(Debug, thiserror::Error)]
pub enum SuperviseError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Study(#[from] StudyError),
    #[error("{}", tr!("sup-offline-refused"))]
    Offline,
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    #[error(transparent)]
    Assign(#[from] AssignError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Agreement(#[from] AgreementError),
    #[error(transparent)]
    Training(#[from] crate::training::TrainingError),
    #[error("could not write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

type Result<T> = std::result::Result<T, SuperviseError>;

mod snapshot;
pub use snapshot::Snapshot;

/// A change a supervisor makes, or something a supervisor asks the study for.
/// What a training round's draw is asked for: how many units, the seed, and whether units
/// already coded may be drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainingRequest {
    pub units: usize,
    pub seed: u64,
    pub take_coded: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SupervisorAction {
    UpdateCodebook(Codebook),
    MergeValue {
        variable: String,
        from: i64,
        into: i64,
    },
    ApplyAssignments {
        request: crate::assign::Request,
        replace: bool,
    },
    Adjudicate {
        unit: String,
        variable: String,
        answer: Option<Answer>,
        reason: String,
    },
    SetPrimaryCoder(String),
    /// Starts a training round on `units` drawn at random (with `seed`) from the units nobody
    /// has coded, or with `take_coded` from all of the study's units, for every coder but the
    /// gold coder.
    StartTraining {
        name: String,
        units: usize,
        seed: u64,
        gold: crate::store::Gold,
        alpha_min: f64,
        counted: bool,
        take_coded: bool,
        blanks_count: bool,
    },
    /// Draws a training round's units as `StartTraining` would, to show what it would take out
    /// of the study before it starts.
    PreviewTraining(TrainingRequest),
    CloseTraining(String),
    /// Clears a coder who passed a closed round for the study.
    ClearCoder {
        round: String,
        coder: String,
    },
    ShowConfusion {
        variable: String,
        first: String,
        second: String,
    },
    /// The plan assignments would follow, drawn but not stored (the Assignments tab's preview).
    PreviewAssignments(crate::assign::Request),
    /// One coder's codes as a dataset, for the Results tab (kept until the study is read again).
    ShowCoderResults(String),
    /// α with each coder left out and the units that move it most, for one variable.
    ShowInfluence {
        variable: String,
    },
    /// Each coder's agreement with the others (or the adjudicated values) in windows of their
    /// coding order.
    ShowDrift {
        variable: String,
        windows: agreement::drift::Windows,
        against: agreement::drift::Against,
    },
    SetBootstrap(Bootstrap),
    /// Computes agreement without these coders (none: everyone), as `agreement --coders` does.
    LeaveOutOfAgreement(Vec<String>),
    /// Writes one package per coder into a folder.
    WritePackages {
        folder: PathBuf,
        copy_media: bool,
    },
    /// Shows what merging these packages would do, writing nothing.
    PreviewMerge {
        files: Vec<PathBuf>,
        prefer: Prefer,
    },
    MergePackages {
        files: Vec<PathBuf>,
        prefer: Prefer,
    },
    Export(crate::export::Request),
    SaveIndex {
        name: String,
        weights: String,
        standardize: crate::analysis::Standardize,
        normalize: bool,
    },
    RemoveIndex(String),
    AddReportItem(crate::analysis::items::Item),
    RemoveReportItem(i64),
    /// Writes a chart (as SVG text) to a file.
    SaveChart {
        svg: String,
        path: PathBuf,
    },
}

/// What an action did, for the supervisor to read.
#[derive(Debug, Default)]
pub struct Applied {
    /// A sentence for the notice line.
    pub message: Option<String>,
    /// What a merge (or its preview) found, package by package.
    pub merge_report: Option<MergeReport>,
}

impl Applied {
    fn said(message: String) -> Applied {
        Applied {
            message: Some(message),
            merge_report: None,
        }
    }
}

/// The open supervisor session: the project and the snapshot read from it.
pub struct SupervisorSession {
    /// The project file, or the replica of a server study (changes go on to the server).
    project: Study,
    snapshot: Snapshot,
    /// The file's `data_version` when the snapshot was read (another process's commit changes
    /// it), and the newest change-log entry the snapshot includes.
    seen_version: i64,
    seen_change: i64,
    /// The link to a server study's server; while it cannot be reached, no change is taken.
    link: Link,
    /// What the link's timer reads (the window's clock, which tests move on).
    clock: Clock,
}

impl SupervisorSession {
    /// Reads the first snapshot; on failure the project comes back with the reason.
    pub fn open(
        project: impl Into<Study>,
    ) -> std::result::Result<SupervisorSession, Box<(Study, SuperviseError)>> {
        let project: Study = project.into();
        let seen = project
            .data_version()
            .and_then(|version| Ok((version, project.last_change_id()?)));
        let (seen_version, seen_change) = match seen {
            Ok(seen) => seen,
            Err(error) => return Err(Box::new((project, error.into()))),
        };
        match Snapshot::read(
            &project,
            Bootstrap::DEFAULT,
            &[],
            1,
            crate::i18n::ui_language(),
        ) {
            Ok(snapshot) => Ok(SupervisorSession {
                project,
                snapshot,
                seen_version,
                seen_change,
                link: Link::default(),
                clock: Clock::default(),
            }),
            Err(error) => Err(Box::new((project, error))),
        }
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    pub fn study(&self) -> &Study {
        &self.project
    }

    pub fn into_study(self) -> Study {
        self.project
    }

    /// Makes the session's timer (trying a lost server again) read `clock`.
    pub fn use_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Why a server study's supervisor mode takes no changes now (its server cannot be
    /// reached), if so.
    pub fn offline(&self) -> Option<&str> {
        self.link.offline()
    }

    /// A server study: reads it again when the server says someone committed a change (a
    /// coder's code, another supervisor's decision); tries to reach a lost server again every
    /// few seconds. Says once that the server went away.
    fn sync_with_server(&mut self) -> Result<bool> {
        match self.link.poll(&mut self.project, &self.clock)? {
            Poll::Unchanged => Ok(false),
            Poll::Changed | Poll::Reconnected => {
                self.refresh()?;
                Ok(true)
            }
            Poll::WentOffline(error) => Err(error.into()),
        }
    }

    /// Carries a change on to the server of a server study (nothing to do for a file). When the
    /// server refuses it, the study is read again so that what is shown is what the server holds.
    fn publish(&mut self) -> Result<()> {
        match self.link.publish(&mut self.project, &self.clock) {
            Ok(()) => Ok(()),
            Err(Unpublished::Lost(error) | Unpublished::Reread(error)) => Err(error.into()),
            Err(Unpublished::Refused(error)) => {
                self.refresh()?;
                Err(error.into())
            }
        }
    }

    /// Reads a new snapshot when another window or program (a coder's desk, the command line, a
    /// merge) changed the file since the last one; returns whether it did.
    pub fn sync(&mut self) -> Result<bool> {
        if self.project.is_server() {
            return self.sync_with_server();
        }
        let version = self.project.data_version()?;
        if version == self.seen_version {
            return Ok(false);
        }
        self.seen_version = version;
        // A desk refreshing its claim changes the file but not the study: only a new change-log
        // entry is worth reading a new snapshot (agreement and all).
        let last_change = self.project.last_change_id()?;
        if last_change == self.seen_change {
            return Ok(false);
        }
        self.seen_change = last_change;
        self.refresh()?;
        Ok(true)
    }

    /// Shows the codebook and the agreement rows in `lang` from now on (read again if it
    /// changed).
    pub fn set_language(&mut self, lang: crate::i18n::Lang) -> Result<()> {
        if self.snapshot.lang == lang {
            return Ok(());
        }
        self.snapshot.lang = lang;
        self.refresh()
    }

    /// Every study unit's id and stratum for `request`, read one unit at a time.
    fn strata(&self, request: &crate::assign::Request) -> Result<Vec<(String, Option<String>)>> {
        let mut keyed = Vec::new();
        self.project.each_unit_without_media(|unit| {
            let stratum = crate::assign::stratum(&unit, request);
            keyed.push((unit.uid, stratum));
        })?;
        Ok(keyed)
    }

    fn refresh(&mut self) -> Result<()> {
        self.snapshot = Snapshot::read(
            &self.project,
            self.snapshot.bootstrap,
            &self.snapshot.left_out.clone(),
            self.snapshot.revision + 1,
            self.snapshot.lang,
        )?;
        // Our own change is in the snapshot: it need not be read again on the next look.
        self.seen_version = self.project.data_version()?;
        self.seen_change = self.project.last_change_id()?;
        Ok(())
    }

    /// Applies one action; every change is one transaction with its change-log entry (the
    /// store's), then the snapshot is read again.
    pub fn apply(&mut self, action: SupervisorAction) -> Result<Applied> {
        if self.link.offline().is_some() {
            return Err(SuperviseError::Offline);
        }
        let applied = self.apply_here(action)?;
        self.publish()?;
        Ok(applied)
    }

    /// Applies an action to the study at hand (the file, or a server study's replica).
    fn apply_here(&mut self, action: SupervisorAction) -> Result<Applied> {
        let actor = crate::actor();
        let applied = match action {
            SupervisorAction::UpdateCodebook(codebook) => {
                let summary = self.project.update_codebook(&codebook, &actor)?;
                self.refresh()?;
                Applied::said(tr!("sup-codebook-saved", version = summary.version))
            }
            SupervisorAction::MergeValue {
                variable,
                from,
                into,
            } => {
                let summary = self.project.merge_value(&variable, from, into, &actor)?;
                self.refresh()?;
                Applied::said(tr!(
                    "sup-value-merged",
                    from = from,
                    variable = &variable,
                    into = into,
                    count = summary.rewritten,
                    version = summary.version
                ))
            }
            SupervisorAction::ApplyAssignments { request, replace } => {
                let plan = crate::assign::draw_for_strata(self.strata(&request)?, &request)?;
                let stored = self.project.set_assignments(
                    &plan.rows(),
                    replace,
                    &crate::assign::DrawRecord::of(&request, &plan),
                    &actor,
                )?;
                self.refresh()?;
                Applied::said(tr!(
                    "sup-assignments-stored",
                    count = stored,
                    overlap = plan.overlap.len()
                ))
            }
            SupervisorAction::Adjudicate {
                unit,
                variable,
                answer,
                reason,
            } => {
                self.project.set_final_value(
                    &unit,
                    &variable,
                    answer.as_ref(),
                    reason.trim(),
                    &actor,
                )?;
                self.refresh()?;
                Applied::default()
            }
            SupervisorAction::SetPrimaryCoder(coder) => {
                self.project.set_primary_coder(&coder, &actor)?;
                self.refresh()?;
                Applied::said(format!(
                    "{coder} is the primary coder: their values settle disagreements nobody adjudicated."
                ))
            }
            SupervisorAction::PreviewTraining(request) => {
                let draw = crate::training::draw_training(
                    &self.project,
                    request.units,
                    request.seed,
                    request.take_coded,
                )
                .map_err(|error| error.to_string());
                self.snapshot.training_preview = Some((request, draw));
                Applied::default()
            }
            SupervisorAction::StartTraining {
                name,
                units,
                seed,
                gold,
                alpha_min,
                counted,
                take_coded,
                blanks_count,
            } => {
                let coders: Vec<String> = self
                    .snapshot
                    .coders
                    .iter()
                    .filter(|c| Some(c.as_str()) != gold.coder())
                    .cloned()
                    .collect();
                let from_coded = take_coded || counted;
                let drawn =
                    crate::training::draw_training(&self.project, units, seed, from_coded)?.units;
                self.project.start_training_round(
                    &crate::store::NewRound {
                        name: name.clone(),
                        units: drawn,
                        coders: coders.clone(),
                        gold,
                        alpha_min,
                        counted,
                        take_coded,
                        blanks_count,
                    },
                    &actor,
                )?;
                self.refresh()?;
                Applied::said(tr!(
                    "sup-training-started",
                    round = name.trim(),
                    units = units,
                    coders = coders.len()
                ))
            }
            SupervisorAction::CloseTraining(round) => {
                self.project.close_training_round(&round, &actor)?;
                self.refresh()?;
                Applied::said(tr!("sup-training-closed", round = &round))
            }
            SupervisorAction::ClearCoder { round, coder } => {
                crate::training::clear(&mut self.project, &round, &coder, &actor)?;
                self.refresh()?;
                Applied::said(tr!("sup-coder-cleared", coder = &coder, round = &round))
            }
            SupervisorAction::ShowConfusion {
                variable,
                first,
                second,
            } => {
                self.snapshot.confusion = Some(agreement::confusion(
                    &self.project,
                    &variable,
                    &first,
                    &second,
                ));
                Applied::default()
            }
            SupervisorAction::ShowDrift {
                variable,
                windows,
                against,
            } => {
                self.snapshot.drift = Some(agreement::drift::drift(
                    &self.project,
                    &variable,
                    &agreement::drift::DriftOptions {
                        windows,
                        against,
                        alpha_min: crate::stats::alpha::ACCEPTABLE_ALPHA,
                    },
                ));
                Applied::default()
            }
            SupervisorAction::PreviewAssignments(request) => {
                let keyed = self.strata(&request)?;
                let plan = crate::assign::draw_for_strata(keyed, &request);
                self.snapshot.assignment_preview = Some((request, plan));
                Applied::default()
            }
            SupervisorAction::ShowCoderResults(coder) => {
                let dataset = crate::results::coder_dataset(&self.project, &coder)?;
                self.snapshot.coder_results = Some((coder, dataset));
                Applied::default()
            }
            SupervisorAction::ShowInfluence { variable } => {
                self.snapshot.influence = Some(agreement::influence::influence(
                    &self.project,
                    &variable,
                    &[],
                ));
                Applied::default()
            }
            SupervisorAction::SetBootstrap(bootstrap) => {
                self.snapshot.bootstrap = bootstrap;
                self.refresh()?;
                Applied::default()
            }
            SupervisorAction::LeaveOutOfAgreement(coders) => {
                self.snapshot.left_out = coders;
                self.refresh()?;
                Applied::default()
            }
            SupervisorAction::Export(request) => {
                let written = crate::export::write(&self.project, &request)?;
                Applied::said(written.summary().replace('\n', "; "))
            }
            SupervisorAction::SaveIndex {
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
                .and_then(|d| d.compute(&self.snapshot.table).map(|_| d))?;
                crate::analysis::index::save(&mut self.project, &definition, &actor)?;
                self.refresh()?;
                Applied::said(tr!(
                    "sup-index-saved",
                    name = &definition.name,
                    formula = definition.formula()
                ))
            }
            SupervisorAction::RemoveIndex(name) => {
                self.project.remove_derived_field(&name, &actor)?;
                self.refresh()?;
                Applied::said(tr!("sup-index-removed", name = &name))
            }
            SupervisorAction::AddReportItem(item) => {
                crate::analysis::items::add(&mut self.project, &item, &actor)?;
                self.refresh()?;
                Applied::said(tr!(
                    "sup-item-added",
                    title = item.title(&self.snapshot.codebook, crate::i18n::ui_language())
                ))
            }
            SupervisorAction::RemoveReportItem(id) => {
                self.project.remove_report_item(id, &actor)?;
                self.refresh()?;
                Applied::default()
            }
            SupervisorAction::WritePackages { folder, copy_media } => {
                let options = crate::store::PackageOptions { copy_media };
                let written = self
                    .project
                    .write_packages_for_all(&folder, options, &actor)?;
                self.refresh()?;
                let names: Vec<String> = written
                    .iter()
                    .map(|p| {
                        tr!(
                            "sup-package-written",
                            file = p
                                .file
                                .file_name()
                                .unwrap_or_default()
                                .to_string_lossy()
                                .into_owned(),
                            units = p.units,
                            codes = p.codes
                        )
                    })
                    .collect();
                let names = names.join(", ");
                let folder = folder.display().to_string();
                Applied::said(if copy_media {
                    tr!(
                        "sup-packages-written-media",
                        count = written.len(),
                        folder = folder,
                        names = names
                    )
                } else {
                    tr!(
                        "sup-packages-written",
                        count = written.len(),
                        folder = folder,
                        names = names
                    )
                })
            }
            SupervisorAction::PreviewMerge { files, prefer } => {
                let report = self.project.merge_packages(
                    &files,
                    MergeOptions {
                        prefer,
                        trust_unproven: false,
                    },
                    &actor,
                    false,
                )?;
                Applied {
                    message: None,
                    merge_report: Some(report),
                }
            }
            SupervisorAction::MergePackages { files, prefer } => {
                let report = self.project.merge_packages(
                    &files,
                    MergeOptions {
                        prefer,
                        trust_unproven: false,
                    },
                    &actor,
                    true,
                )?;
                let conflicts: usize = report.packages.iter().map(|p| p.conflicts.len()).sum();
                let message = if report.applied {
                    tr!("sup-merged", count = files.len(), conflicts = conflicts)
                } else {
                    tr!("sup-nothing-to-merge")
                };
                self.refresh()?;
                Applied {
                    message: Some(message),
                    merge_report: Some(report),
                }
            }
            SupervisorAction::SaveChart { svg, path } => {
                std::fs::write(&path, svg).map_err(|source| SuperviseError::Write {
                    path: path.clone(),
                    source,
                })?;
                Applied::said(tr!("sup-chart-saved", path = path.display().to_string()))
            }
        };
        Ok(applied)
    }
}

#[cfg(test)]
mod tests;
