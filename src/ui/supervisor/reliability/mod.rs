//! The reliability view: per variable (and per value of multi-select variables) the standard
//! coefficients over the units two coders or more coded, coloured by α's thresholds; for a chosen
//! variable the coder-pair α matrix, a pair's confusion matrix, influence and drift on request
//! (`requested`) and the units the coders disagree on, each a click away from adjudication.

mod requested;

use super::{Snapshot, coefficient, combo, verdict_color};
use crate::agreement::Verdict;
use crate::agreement::table::{Column, ReliabilityTable};
use crate::agreement::{Method, VariableAgreement};
use crate::stats::{Bootstrap, Coefficient, readable_note};
use crate::supervise::SupervisorAction;
use crate::ui::command::{Command, SupervisorCommand};

/// α with its 95% CI and the chance of failing each threshold, and what that means: the sentence
/// a methods section reports.
fn verdict_in_words(row: &VariableAgreement) -> String {
    let alpha = row.measures.krippendorff_alpha;
    let lang = crate::i18n::ui_language();
    let mut text = format!(
        "{} = {}",
        Coefficient::KrippendorffAlpha.name_in(lang),
        coefficient(alpha)
    );
    if let Some(boot) = &row.alpha_bootstrap {
        text.push_str(&crate::tr!(
            "rel-ci-words",
            low = coefficient(Some(boot.ci95[0])),
            high = coefficient(Some(boot.ci95[1])),
            samples = boot.samples,
            below_acceptable = coefficient(Some(boot.p_below.acceptable)),
            below_tentative = coefficient(Some(boot.p_below.tentative))
        ));
    }
    text.push_str(&match row.verdict() {
        Verdict::Acceptable => crate::tr!("rel-words-acceptable"),
        Verdict::Tentative => crate::tr!("rel-words-tentative"),
        Verdict::Unacceptable => crate::tr!("rel-words-unacceptable"),
        Verdict::Undefined => crate::tr!("rel-words-undefined"),
    });
    text
}

#[derive(Default)]
pub struct ReliabilityView {
    /// The width the view shows (sentences wrap to it inside the sideways scrolling).
    visible_width: f32,
    /// Index of the chosen row of the table.
    selected: Option<usize>,
    pair: (usize, usize),
    samples: Option<String>,
    seed: Option<String>,
    drift: requested::DriftView,
}

impl ReliabilityView {
    pub fn show(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            // Sideways too: the table is wider than a 900 px window. Sentences still wrap to
            // what is visible.
            self.visible_width = ui.available_width() - 16.0;
            egui::ScrollArea::both().show(ui, |ui| {
                ui.heading(crate::tr!("rel-heading"));
                self.bootstrap_row(ui, snapshot, &mut commands);
                let table = match &snapshot.agreement {
                    Ok(table) => table,
                    Err(error) => {
                        ui.label(unavailable(error));
                        return;
                    }
                };
                // The colours' legend; the rule that decides them (the table's first note) on
                // hover, so that the chosen variable's details stay in view.
                let legend = ui.horizontal(|ui| {
                    for verdict in [
                        crate::agreement::Verdict::Acceptable,
                        crate::agreement::Verdict::Tentative,
                        crate::agreement::Verdict::Unacceptable,
                    ] {
                        ui.colored_label(
                            verdict_color(ui, verdict),
                            format!("■ {}", verdict.label_in(crate::i18n::ui_language())),
                        );
                    }
                });
                if let Some(rule) = snapshot
                    .reliability_table
                    .as_ref()
                    .and_then(|drawn| drawn.notes.first())
                {
                    legend.response.on_hover_text(rule);
                }
                if let Some(drawn) = &snapshot.reliability_table {
                    self.table(ui, drawn);
                }
                if let Some(row) = self.selected.and_then(|i| table.variables.get(i)) {
                    ui.add_space(10.0);
                    self.details(ui, snapshot, row, &mut commands);
                } else {
                    ui.weak(crate::tr!("rel-choose-variable"));
                }
            });
        });
        commands
    }
}

/// Which coders agreement is computed over: untick a trainee or a test coder to leave them out
/// (their codes stay in the study), as `codingdesk agreement --coders` does.
fn coders_row(ui: &mut egui::Ui, snapshot: &Snapshot, commands: &mut Vec<Command>) {
    if snapshot.coders.len() < 3 && snapshot.left_out.is_empty() {
        return;
    }
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        ui.label(crate::tr!("rel-coders-counted"));
        for coder in &snapshot.coders {
            let mut counted = !snapshot.left_out.contains(coder);
            if ui.checkbox(&mut counted, coder).changed() {
                let mut left_out = snapshot.left_out.clone();
                if counted {
                    left_out.retain(|c| c != coder);
                } else {
                    left_out.push(coder.clone());
                }
                commands.push(SupervisorAction::LeaveOutOfAgreement(left_out).into());
            }
        }
        if !snapshot.left_out.is_empty() {
            ui.weak(crate::tr!(
                "rel-coders-left-out",
                count = snapshot.left_out.len()
            ));
        }
    });
}

impl ReliabilityView {
    fn bootstrap_row(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        commands: &mut Vec<Command>,
    ) {
        let samples = self
            .samples
            .get_or_insert_with(|| snapshot.bootstrap.samples.to_string());
        let seed = self
            .seed
            .get_or_insert_with(|| snapshot.bootstrap.seed.to_string());
        // One row with the coders counted, wrapping in a narrow window.
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(crate::tr!("rel-bootstrap"));
            ui.add(egui::TextEdit::singleline(samples).desired_width(60.0))
                .labelled_by(label.id);
            let label = ui.label(crate::tr!("rel-seed"));
            ui.add(egui::TextEdit::singleline(seed).desired_width(50.0))
                .labelled_by(label.id);
            let parsed = (samples.trim().parse::<usize>(), seed.trim().parse::<u64>());
            let valid = matches!(parsed, (Ok(n), Ok(_)) if n <= 100_000);
            if ui
                .add_enabled(valid, egui::Button::new(crate::tr!("rel-recompute")))
                .clicked()
                && let (Ok(samples), Ok(seed)) = parsed
            {
                commands.push(SupervisorAction::SetBootstrap(Bootstrap { samples, seed }).into());
            }
            coders_row(ui, snapshot, commands);
        });
    }

    /// The shared reliability table (`agreement::table`): the report's rows and columns; α and
    /// the chance it is below .800 coloured by the verdict; a row's name selects it.
    fn table(&mut self, ui: &mut egui::Ui, table: &ReliabilityTable) {
        egui::Grid::new("reliability-table")
            .striped(true)
            .spacing([14.0, 4.0])
            .show(ui, |ui| {
                for heading in &table.headings {
                    ui.strong(heading);
                }
                ui.end_row();
                for (index, row) in table.rows.iter().enumerate() {
                    let color = verdict_color(ui, row.verdict);
                    for (column, cell) in table.columns.iter().zip(&row.cells) {
                        let text = cell.display();
                        match column {
                            Column::Variable => {
                                if ui
                                    .selectable_label(self.selected == Some(index), text)
                                    .on_hover_text(&row.key)
                                    .clicked()
                                {
                                    self.selected = Some(index);
                                    self.pair = (0, 1);
                                }
                            }
                            Column::Measure(Coefficient::KrippendorffAlpha) => {
                                ui.colored_label(color, egui::RichText::new(text).strong());
                            }
                            // One line per row: a wrapped verdict would make every row tall.
                            column if column.shows_verdict() => {
                                ui.add(
                                    egui::Label::new(egui::RichText::new(text).color(color))
                                        .wrap_mode(egui::TextWrapMode::Extend),
                                );
                            }
                            _ => {
                                ui.add(
                                    egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend),
                                );
                            }
                        }
                    }
                    ui.end_row();
                }
            });
        ui.scope(|ui| {
            ui.set_max_width(self.visible_width);
            for note in table.notes.iter().skip(1) {
                ui.weak(note);
            }
        });
    }

    fn details(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        row: &VariableAgreement,
        commands: &mut Vec<Command>,
    ) {
        ui.heading(crate::agreement::table::title(
            row,
            crate::i18n::ui_language(),
        ));
        ui.scope(|ui| {
            ui.set_max_width(self.visible_width);
            ui.label(verdict_in_words(row));
            for note in row.notes.iter().filter_map(|note| readable_note(note)) {
                ui.weak(note);
            }
        });
        ui.strong(crate::tr!("rel-pairs"));
        egui::Grid::new("pair-alpha").striped(true).show(ui, |ui| {
            ui.label("");
            for coder in &row.coders {
                ui.strong(coder);
            }
            ui.end_row();
            for (i, coder) in row.coders.iter().enumerate() {
                ui.strong(coder);
                for j in 0..row.coders.len() {
                    let alpha = row
                        .pair_alpha
                        .get(i)
                        .and_then(|r| r.get(j))
                        .copied()
                        .flatten();
                    if i == j {
                        ui.label("");
                    } else {
                        ui.colored_label(
                            verdict_color(ui, crate::agreement::Verdict::of(alpha)),
                            coefficient(alpha),
                        );
                    }
                }
                ui.end_row();
            }
        });
        if row.method == Method::Standard && row.coders.len() >= 2 {
            self.confusion(ui, snapshot, row, commands);
            requested::influence(ui, snapshot, row, commands);
            self.drift.show(ui, snapshot, row, commands);
        }
        self.disagreements(ui, snapshot, &row.variable, commands);
    }

    fn confusion(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        row: &VariableAgreement,
        commands: &mut Vec<Command>,
    ) {
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.strong(crate::tr!("rel-confusion-of"));
            for (slot, id, name) in [
                (0, "first-coder", crate::tr!("rel-first-coder")),
                (1, "second-coder", crate::tr!("rel-second-coder")),
            ] {
                let current = if slot == 0 {
                    &mut self.pair.0
                } else {
                    &mut self.pair.1
                };
                combo(
                    ui,
                    id,
                    &name,
                    row.coders.get(*current).cloned().unwrap_or_default(),
                    |ui| {
                        for (index, coder) in row.coders.iter().enumerate() {
                            ui.selectable_value(current, index, coder);
                        }
                    },
                );
            }
            let (a, b) = self.pair;
            if ui
                .add_enabled(a != b, egui::Button::new(crate::tr!("rel-show")))
                .clicked()
            {
                commands.push(
                    SupervisorAction::ShowConfusion {
                        variable: row.variable.clone(),
                        first: row.coders[a].clone(),
                        second: row.coders[b].clone(),
                    }
                    .into(),
                );
            }
        });
        match &snapshot.confusion {
            Some(Ok(table)) if table.variable == row.variable => {
                ui.label(crate::tr!(
                    "rel-confusion-axes",
                    rows = &table.coders[0],
                    columns = &table.coders[1]
                ));
                egui::Grid::new("confusion").striped(true).show(ui, |ui| {
                    ui.label("");
                    for category in &table.categories {
                        ui.strong(category);
                    }
                    ui.end_row();
                    for (i, category) in table.categories.iter().enumerate() {
                        ui.strong(category);
                        for (j, count) in table.counts[i].iter().enumerate() {
                            let text = egui::RichText::new(count.to_string());
                            ui.label(if i == j { text.strong() } else { text });
                        }
                        ui.end_row();
                    }
                });
            }
            Some(Err(error)) => {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
            }
            // A table asked for another variable, or none asked for yet: nothing to show.
            Some(Ok(_)) | None => {}
        }
    }

    fn disagreements(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        variable: &str,
        commands: &mut Vec<Command>,
    ) {
        let definition = snapshot.shown.variable(variable);
        let items: Vec<_> = snapshot
            .disagreements
            .iter()
            .filter(|d| d.variable == variable)
            .collect();
        ui.add_space(8.0);
        ui.strong(crate::tr!("rel-disagreements", count = items.len()));
        egui::Grid::new("variable-disagreements")
            .striped(true)
            .show(ui, |ui| {
                for item in items {
                    ui.label(&item.unit);
                    let values: Vec<String> = item
                        .answers
                        .iter()
                        .map(|(coder, answer)| {
                            format!("{coder}: {}", crate::format::answer(definition, answer))
                        })
                        .collect();
                    ui.label(values.join(" · "));
                    match &item.adjudicated {
                        Some(answer) => ui.label(crate::tr!(
                            "rel-final",
                            value = crate::format::answer(definition, answer)
                        )),
                        None => ui.weak(crate::tr!("rel-open")),
                    };
                    if ui.button(crate::tr!("rel-adjudicate")).clicked() {
                        commands.push(
                            SupervisorCommand::GoToDisagreement {
                                unit: item.unit.clone(),
                                variable: item.variable.clone(),
                            }
                            .into(),
                        );
                    }
                    ui.end_row();
                }
            });
    }
}

/// Why there is no reliability table, in a sentence for the supervisor.
fn unavailable(error: &crate::agreement::AgreementError) -> String {
    match error {
        crate::agreement::AgreementError::TooFewCoders(why) => {
            crate::tr!("rel-too-few-coders", reason = why)
        }
        other => other.to_string(),
    }
}
