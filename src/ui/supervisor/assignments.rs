//! Assignments: choose coders, draw a seeded reliability subsample (optionally stratified by a
//! unit field) that every coder codes, split the rest evenly or by shares, preview, apply; and
//! each coder's progress.

use std::collections::BTreeSet;

use super::{Snapshot, combo};
use crate::assign::{AssignError, Overlap, Request, parse_shares};
use crate::supervise::SupervisorAction;
use crate::ui::command::Command;

/// Where the preview of a plan stands.
enum Preview {
    None,
    /// The request itself is wrong (an overlap that does not parse, no coders…).
    Invalid(AssignError),
    /// Asked of the session; shown once the snapshot has the plan for this request.
    Asked(Request),
}

pub struct AssignmentsView {
    chosen: Vec<String>,
    new_coder: String,
    overlap: String,
    seed: String,
    stratify: Option<String>,
    shares: String,
    replace: bool,
    preview: Preview,
}

impl AssignmentsView {
    pub fn new(snapshot: &Snapshot) -> AssignmentsView {
        AssignmentsView {
            chosen: snapshot.coders.clone(),
            new_coder: String::new(),
            overlap: "20%".to_owned(),
            seed: "1".to_owned(),
            stratify: None,
            shares: String::new(),
            replace: false,
            preview: Preview::None,
        }
    }

    pub fn snapshot_changed(&mut self) {
        self.preview = Preview::None;
    }

    fn request(&self) -> Result<Request, AssignError> {
        let overlap = Overlap::parse(&self.overlap)?;
        let seed = self
            .seed
            .trim()
            .parse()
            .map_err(|_| AssignError::BadSeed(self.seed.trim().to_owned()))?;
        let shares = if self.shares.trim().is_empty() {
            None
        } else {
            Some(parse_shares(&self.shares, &self.chosen)?)
        };
        Ok(Request {
            coders: self.chosen.clone(),
            overlap,
            seed,
            stratify: self.stratify.clone(),
            shares,
        })
    }

    pub fn show(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.heading(crate::tr!("assign-heading"));
                ui.label(crate::tr!("assign-explain"));
                ui.add_space(6.0);
                self.coders(ui, snapshot);
                ui.add_space(6.0);
                self.settings(ui, snapshot);
                ui.horizontal(|ui| {
                    if ui.button(crate::tr!("assign-preview")).clicked() {
                        // The session draws it (it reads the units); a request that cannot be
                        // drawn is said at once.
                        self.preview = match self.request() {
                            Ok(request) => {
                                commands.push(
                                    SupervisorAction::PreviewAssignments(request.clone()).into(),
                                );
                                Preview::Asked(request)
                            }
                            Err(error) => Preview::Invalid(error),
                        };
                    }
                    if snapshot.status.assignments > 0 {
                        ui.checkbox(
                            &mut self.replace,
                            crate::tr!("assign-replace", count = snapshot.status.assignments),
                        );
                    }
                });
                self.preview_table(ui, snapshot, &mut commands);
                ui.add_space(12.0);
                progress(ui, snapshot);
            });
        });
        commands
    }

    fn coders(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) {
        ui.strong(crate::tr!("assign-coders"));
        let known: BTreeSet<&String> = snapshot.coders.iter().collect();
        let mut everyone: Vec<String> = snapshot.coders.clone();
        everyone.extend(self.chosen.iter().filter(|c| !known.contains(c)).cloned());
        ui.horizontal_wrapped(|ui| {
            for coder in everyone {
                let mut on = self.chosen.contains(&coder);
                if ui.checkbox(&mut on, &coder).changed() {
                    if on {
                        self.chosen.push(coder);
                    } else {
                        self.chosen.retain(|c| *c != coder);
                    }
                    self.preview = Preview::None;
                }
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label(crate::tr!("assign-add-coder-label"));
            ui.add(egui::TextEdit::singleline(&mut self.new_coder).desired_width(160.0))
                .labelled_by(label.id);
            let name = self.new_coder.trim().to_owned();
            if ui
                .add_enabled(
                    !name.is_empty(),
                    egui::Button::new(crate::tr!("assign-add-coder")),
                )
                .clicked()
                && !self.chosen.contains(&name)
            {
                self.chosen.push(name);
                self.new_coder.clear();
                self.preview = Preview::None;
            }
        });
    }

    /// Beside the overlap: the units the reliability subsample needs for α ≥ .800 at p = .05
    /// (the most demanding variable decides), and whether the overlap asked for gives them.
    fn needed(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) {
        let plans = &snapshot.reliability_plans;
        ui.vertical(|ui| match plans {
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
            }
            Ok(plans) => {
                let Some(most) = plans.iter().max_by_key(|p| p.plan.units) else {
                    ui.weak(crate::tr!("assign-needed-none"));
                    return;
                };
                ui.label(crate::tr!(
                    "assign-needed",
                    units = most.plan.units,
                    variable = most.label.as_str(),
                    smallest = crate::format::fixed(Some(most.plan.smallest), 3)
                ));
                if let Ok(overlap) = Overlap::parse(&self.overlap) {
                    let asked = overlap
                        .units(snapshot.table.uids.len())
                        .min(snapshot.table.uids.len());
                    let short = plans.iter().filter(|p| p.plan.units > asked).count();
                    if short == 0 {
                        ui.label(crate::tr!("assign-needed-enough", units = asked));
                    } else {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            crate::tr!("assign-needed-short", units = asked, count = short),
                        );
                    }
                }
                egui::CollapsingHeader::new(crate::tr!("assign-needed-each"))
                    .id_salt("needed-each")
                    .show(ui, |ui| {
                        egui::Grid::new("needed-per-variable")
                            .num_columns(3)
                            .spacing([16.0, 2.0])
                            .show(ui, |ui| {
                                for plan in plans {
                                    ui.label(&plan.label);
                                    ui.label(plan.plan.units.to_string());
                                    ui.weak(crate::tr!(
                                        "assign-needed-row",
                                        smallest =
                                            crate::format::fixed(Some(plan.plan.smallest), 3),
                                        overlap = plan.overlap
                                    ));
                                    ui.end_row();
                                }
                            });
                        ui.weak(crate::stats::plan::SOURCE);
                    });
            }
        });
    }

    fn settings(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) {
        egui::Grid::new("assign-settings")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label(crate::tr!("assign-overlap"));
                ui.add(egui::TextEdit::singleline(&mut self.overlap).desired_width(80.0))
                    .labelled_by(label.id);
                ui.end_row();
                ui.label(crate::tr!("assign-needed-label"));
                self.needed(ui, snapshot);
                ui.end_row();
                let label = ui.label(crate::tr!("assign-seed"));
                ui.add(egui::TextEdit::singleline(&mut self.seed).desired_width(80.0))
                    .labelled_by(label.id);
                ui.end_row();
                ui.label(crate::tr!("assign-stratify"));
                let mut fields = vec![
                    "platform".to_owned(),
                    "account".to_owned(),
                    "published_at".to_owned(),
                ];
                fields.extend(snapshot.extra_fields.iter().cloned());
                combo(
                    ui,
                    "stratify",
                    &crate::tr!("assign-stratify-name"),
                    self.stratify
                        .as_deref()
                        .map_or_else(|| crate::tr!("assign-no-stratification"), stratum_name),
                    |ui| {
                        ui.selectable_value(
                            &mut self.stratify,
                            None,
                            crate::tr!("assign-no-stratification"),
                        );
                        for field in fields {
                            let text = stratum_name(&field);
                            ui.selectable_value(&mut self.stratify, Some(field), text);
                        }
                    },
                );
                ui.end_row();
                let label = ui.label(crate::tr!("assign-shares"));
                ui.add(egui::TextEdit::singleline(&mut self.shares).desired_width(240.0))
                    .labelled_by(label.id);
                ui.end_row();
            });
    }

    fn preview_table(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        commands: &mut Vec<Command>,
    ) {
        let drawn = match &self.preview {
            Preview::None => None,
            Preview::Invalid(error) => Some(Err(error)),
            Preview::Asked(asked) => match &snapshot.assignment_preview {
                Some((request, drawn)) if request == asked => {
                    Some(drawn.as_ref().map(|plan| (request, plan)))
                }
                _ => {
                    ui.spinner();
                    return;
                }
            },
        };
        match drawn {
            None => {
                ui.weak(crate::tr!("assign-preview-first"));
            }
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message.to_string());
            }
            Some(Ok((request, plan))) => {
                ui.label(crate::tr!(
                    "assign-plan",
                    overlap = plan.overlap.len(),
                    units = snapshot.table.uids.len(),
                    seed = request.seed,
                    coders = plan.coders.len()
                ));
                if !plan.strata.is_empty() {
                    let strata: Vec<String> = plan
                        .strata
                        .iter()
                        .map(|(s, n)| format!("{s}: {n}"))
                        .collect();
                    ui.label(crate::tr!(
                        "assign-per-stratum",
                        strata = strata.join(" · ")
                    ));
                }
                egui::Grid::new("assign-preview")
                    .striped(true)
                    .show(ui, |ui| {
                        for header in [
                            crate::tr!("assign-col-coder"),
                            crate::tr!("assign-col-overlap"),
                            crate::tr!("assign-col-own"),
                            crate::tr!("assign-col-total"),
                        ] {
                            ui.strong(header);
                        }
                        ui.end_row();
                        for coder in &plan.coders {
                            let own = plan.own.get(coder).map_or(0, Vec::len);
                            ui.label(coder);
                            ui.label(plan.overlap.len().to_string());
                            ui.label(own.to_string());
                            ui.label((plan.overlap.len() + own).to_string());
                            ui.end_row();
                        }
                    });
                let blocked = snapshot.status.assignments > 0 && !self.replace;
                let button = ui
                    .add_enabled(!blocked, egui::Button::new(crate::tr!("assign-apply")))
                    .on_disabled_hover_text(crate::tr!("assign-blocked"));
                if button.clicked() {
                    commands.push(
                        SupervisorAction::ApplyAssignments {
                            request: request.clone(),
                            replace: self.replace,
                        }
                        .into(),
                    );
                }
            }
        }
    }
}

/// A field to stratify by, for people: the year for the publication date, a unit field's name.
fn stratum_name(field: &str) -> String {
    if field == "published_at" {
        crate::tr!("assign-year-published")
    } else {
        crate::model::UnitField::label_of(field, crate::i18n::ui_language())
    }
}

fn progress(ui: &mut egui::Ui, snapshot: &Snapshot) {
    ui.heading(crate::tr!("assign-progress"));
    egui::Grid::new("coder-progress")
        .striped(true)
        .show(ui, |ui| {
            for header in [
                crate::tr!("assign-col-coder"),
                crate::tr!("assign-col-assigned"),
                crate::tr!("assign-col-started"),
                crate::tr!("assign-col-done"),
                crate::tr!("assign-col-codes"),
                String::new(),
            ] {
                ui.strong(header);
            }
            ui.end_row();
            for row in &snapshot.status.per_coder {
                ui.label(&row.coder);
                let of = row.in_queue(snapshot.status.units).max(1);
                ui.label(of.to_string());
                ui.label(row.started.to_string());
                ui.label(row.done.to_string());
                ui.label(row.codings.to_string());
                ui.add(
                    egui::ProgressBar::new(row.done as f32 / of as f32)
                        .desired_width(160.0)
                        .text(format!("{} / {of}", row.done)),
                );
                ui.end_row();
            }
        });
}
