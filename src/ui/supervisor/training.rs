//! Training: start a round of units drawn from the study with a gold standard, follow each
//! coder's agreement with gold, close the round (coders then review their misses in the desk)
//! and clear the coders who passed.

use super::{Snapshot, combo, name_widget};
use crate::format::{apa, percent};
use crate::store::Gold;
use crate::supervise::{SupervisorAction, TrainingRequest};
use crate::training::{CoderTraining, TrainingReport};
use crate::ui::command::Command;

pub struct TrainingView {
    name: String,
    units: String,
    seed: String,
    /// `None`: the adjudicated values.
    gold_coder: Option<String>,
    /// A gold coder not in the study yet (e.g. the supervisor, who then codes the round).
    new_gold_coder: String,
    alpha_min: String,
    counted: bool,
    take_coded: bool,
    blanks_count: bool,
    /// A round asked for that may take coded units out of the study: its draw is previewed and
    /// confirmed (with the counts) before it starts.
    confirming: Option<SupervisorAction>,
    /// Why the last "Start" was not sent.
    problem: Option<String>,
}

impl Default for TrainingView {
    fn default() -> TrainingView {
        TrainingView {
            name: String::new(),
            units: "10".into(),
            seed: "1".into(),
            gold_coder: None,
            new_gold_coder: String::new(),
            alpha_min: "0.800".into(),
            counted: false,
            take_coded: false,
            blanks_count: false,
            confirming: None,
            problem: None,
        }
    }
}

impl TrainingView {
    pub fn show(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.heading(crate::tr!("training-heading"));
                ui.label(crate::tr!("training-explain"));
                ui.add_space(6.0);
                self.start_form(ui, snapshot, &mut commands);
                for report in snapshot.training.iter().rev() {
                    ui.separator();
                    round(ui, report, &mut commands);
                }
            });
        });
        commands
    }

    fn start_form(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, commands: &mut Vec<Command>) {
        if self.name.is_empty() {
            self.name = crate::tr!(
                "training-default-name",
                number = snapshot.training.len() + 1
            );
        }
        ui.strong(crate::tr!("training-start-heading"));
        egui::Grid::new("training-start")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let field = |ui: &mut egui::Ui, label: String, text: &mut String, width| {
                    let shown = ui.label(label);
                    ui.add(egui::TextEdit::singleline(text).desired_width(width))
                        .labelled_by(shown.id);
                    ui.end_row();
                };
                field(ui, crate::tr!("training-name"), &mut self.name, 200.0);
                field(ui, crate::tr!("training-units"), &mut self.units, 60.0);
                field(ui, crate::tr!("training-seed"), &mut self.seed, 60.0);
                ui.label(crate::tr!("training-gold"));
                ui.horizontal_wrapped(|ui| {
                    let adjudicated = crate::tr!("training-gold-adjudicated");
                    let selected = self
                        .gold_coder
                        .clone()
                        .unwrap_or_else(|| adjudicated.clone());
                    combo(
                        ui,
                        "training-gold",
                        &crate::tr!("training-gold-choice"),
                        selected,
                        |ui| {
                            ui.selectable_value(&mut self.gold_coder, None, adjudicated);
                            for coder in &snapshot.coders {
                                ui.selectable_value(
                                    &mut self.gold_coder,
                                    Some(coder.clone()),
                                    coder,
                                );
                            }
                        },
                    );
                    let label = ui.label(crate::tr!("training-gold-new"));
                    ui.add(
                        egui::TextEdit::singleline(&mut self.new_gold_coder).desired_width(140.0),
                    )
                    .labelled_by(label.id);
                });
                ui.end_row();
                field(
                    ui,
                    crate::tr!("training-alpha-min"),
                    &mut self.alpha_min,
                    60.0,
                );
            });
        ui.checkbox(&mut self.counted, crate::tr!("training-counted"));
        ui.checkbox(&mut self.take_coded, crate::tr!("training-take-coded"));
        ui.checkbox(&mut self.blanks_count, crate::tr!("training-blanks-count"));
        if self.confirming.is_some() {
            self.confirm(ui, snapshot, commands);
        } else if ui.button(crate::tr!("training-start")).clicked() {
            match self.action() {
                // Units already coded may leave the study: what the draw takes is shown first.
                Ok(action @ SupervisorAction::StartTraining { units, seed, .. })
                    if self.take_coded && !self.counted =>
                {
                    self.problem = None;
                    let request = TrainingRequest {
                        units,
                        seed,
                        take_coded: true,
                    };
                    commands.push(SupervisorAction::PreviewTraining(request).into());
                    self.confirming = Some(action);
                }
                Ok(action) => {
                    self.problem = None;
                    self.name.clear();
                    commands.push(action.into());
                }
                Err(problem) => self.problem = Some(problem),
            }
        }
        if let Some(problem) = &self.problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
    }

    /// The round waiting for its draw: started at once if it takes no codes out of the study,
    /// else started only when the supervisor confirms the counts.
    fn confirm(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, commands: &mut Vec<Command>) {
        let Some(SupervisorAction::StartTraining { units, seed, .. }) = &self.confirming else {
            self.confirming = None;
            return;
        };
        let request = TrainingRequest {
            units: *units,
            seed: *seed,
            take_coded: true,
        };
        let draw = match &snapshot.training_preview {
            Some((asked, draw)) if *asked == request => draw,
            _ => {
                ui.label(crate::tr!("training-drawing"));
                return;
            }
        };
        let start = match draw {
            Err(problem) => {
                self.problem = Some(problem.clone());
                self.confirming = None;
                return;
            }
            Ok(draw) if draw.codes == 0 => true,
            Ok(draw) => {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    crate::tr!(
                        "training-confirm-take",
                        units = draw.coded_units,
                        codes = draw.codes
                    ),
                );
                let mut start = false;
                ui.horizontal(|ui| {
                    start = ui.button(crate::tr!("training-confirm-start")).clicked();
                    if ui.button(crate::tr!("training-confirm-cancel")).clicked() {
                        self.confirming = None;
                    }
                });
                start
            }
        };
        if start && let Some(action) = self.confirming.take() {
            self.name.clear();
            commands.push(action.into());
        }
    }

    fn action(&self) -> Result<SupervisorAction, String> {
        let units = self
            .units
            .trim()
            .parse::<usize>()
            .map_err(|_| crate::tr!("training-bad-units", text = self.units.trim()))?;
        let seed = self
            .seed
            .trim()
            .parse::<u64>()
            .map_err(|_| crate::tr!("training-bad-seed", text = self.seed.trim()))?;
        let alpha_min = self
            .alpha_min
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|a| (0.0..=1.0).contains(a))
            .ok_or_else(|| crate::tr!("training-bad-alpha", text = self.alpha_min.trim()))?;
        let new_gold = self.new_gold_coder.trim();
        let gold = match (new_gold.is_empty(), &self.gold_coder) {
            (false, _) => Gold::Coder(new_gold.to_owned()),
            (true, Some(coder)) => Gold::Coder(coder.clone()),
            (true, None) => Gold::Adjudicated,
        };
        Ok(SupervisorAction::StartTraining {
            name: self.name.trim().to_owned(),
            units,
            seed,
            gold,
            alpha_min,
            counted: self.counted,
            take_coded: self.take_coded,
            blanks_count: self.blanks_count,
        })
    }
}

fn round(ui: &mut egui::Ui, report: &TrainingReport, commands: &mut Vec<Command>) {
    let round = &report.round;
    ui.heading(crate::tr!("review-round", round = &round.name));
    let gold = match &round.gold {
        Gold::Adjudicated => crate::tr!("training-gold-adjudicated"),
        Gold::Coder(coder) => crate::tr!("training-gold-of", coder = coder),
    };
    ui.label(crate::tr!(
        "training-round-facts",
        units = round.units.len(),
        gold = gold,
        values = report.gold_values,
        alpha_min = apa(Some(round.alpha_min)),
        passed = report.passed(),
        coders = report.coders.len()
    ));
    if round.counted {
        ui.small(crate::tr!("training-round-counted"));
    }
    match &round.closed_at {
        Some(at) => {
            ui.label(crate::tr!(
                "training-round-closed",
                time = crate::format::local_time(at)
            ));
        }
        None => {
            ui.horizontal_wrapped(|ui| {
                ui.label(crate::tr!("training-round-open"));
                let close = ui.button(crate::tr!("training-close"));
                name_widget(
                    &close,
                    egui::Role::Button,
                    &crate::tr!("training-close-named", round = &round.name),
                );
                if close.clicked() {
                    commands.push(SupervisorAction::CloseTraining(round.name.clone()).into());
                }
            });
        }
    }
    egui::Grid::new(("training-coders", &round.name))
        .striped(true)
        .num_columns(5)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for title in [
                crate::tr!("training-col-coder"),
                crate::tr!("training-col-result"),
                crate::tr!("training-col-lowest"),
                crate::tr!("training-col-misses"),
                String::new(),
            ] {
                ui.strong(title);
            }
            ui.end_row();
            for coder in &report.coders {
                coder_row(ui, report, coder, commands);
                ui.end_row();
            }
        });
    egui::CollapsingHeader::new(crate::tr!("training-per-variable"))
        .id_salt(("training-per-variable", &round.name))
        .show(ui, |ui| per_variable(ui, report));
}

fn coder_row(
    ui: &mut egui::Ui,
    report: &TrainingReport,
    coder: &CoderTraining,
    commands: &mut Vec<Command>,
) {
    ui.label(&coder.coder);
    let (text, color) = if coder.passed {
        (
            crate::tr!("training-passed"),
            ui.visuals().widgets.inactive.fg_stroke.color,
        )
    } else {
        (
            crate::tr!("training-not-passed"),
            ui.visuals().warn_fg_color,
        )
    };
    ui.label(egui::RichText::new(text).color(color).strong());
    let lowest = coder.variables.iter().min_by(|a, b| {
        a.krippendorff_alpha
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&b.krippendorff_alpha.unwrap_or(f64::NEG_INFINITY))
    });
    ui.label(match lowest {
        Some(variable) => format!("{} ({})", apa(variable.krippendorff_alpha), variable.label),
        None => "—".into(),
    });
    ui.label(if coder.not_coded > 0 {
        crate::tr!(
            "training-misses-not-coded",
            misses = coder.misses.len(),
            not_coded = coder.not_coded
        )
    } else {
        coder.misses.len().to_string()
    });
    match &coder.cleared {
        Some(cleared) => {
            ui.label(crate::tr!("training-cleared", round = &cleared.round));
        }
        None if coder.passed && report.round.is_closed() => {
            let clear = ui.button(crate::tr!("training-clear"));
            name_widget(
                &clear,
                egui::Role::Button,
                &crate::tr!("training-clear-named", coder = &coder.coder),
            );
            if clear.clicked() {
                commands.push(
                    SupervisorAction::ClearCoder {
                        round: report.round.name.clone(),
                        coder: coder.coder.clone(),
                    }
                    .into(),
                );
            }
        }
        None => {
            ui.label("");
        }
    }
}

/// Variables down, coders across: % agreement and α with gold.
fn per_variable(ui: &mut egui::Ui, report: &TrainingReport) {
    let Some(first) = report.coders.first() else {
        return;
    };
    egui::Grid::new(("training-variables", &report.round.name))
        .striped(true)
        .num_columns(report.coders.len() + 1)
        .show(ui, |ui| {
            ui.strong(crate::tr!("review-col-variable"));
            for coder in &report.coders {
                ui.strong(&coder.coder);
            }
            ui.end_row();
            for (row, variable) in first.variables.iter().enumerate() {
                ui.label(&variable.label);
                for coder in &report.coders {
                    match coder.variables.get(row) {
                        Some(result) => {
                            let text = format!(
                                "α {} · {}",
                                apa(result.krippendorff_alpha),
                                percent(result.percent_agreement)
                            );
                            if result.passed {
                                ui.label(text);
                            } else {
                                ui.colored_label(ui.visuals().warn_fg_color, text);
                            }
                        }
                        None => {
                            ui.label("—");
                        }
                    }
                }
                ui.end_row();
            }
        });
}
