//! The reliability view: per variable (and per value of multi-select variables) the standard
//! coefficients over the units two coders or more coded, coloured by α's thresholds; for a chosen
//! variable the coder-pair α matrix, a pair's confusion matrix and the units the coders disagree
//! on, each a click away from adjudication.

use super::{Snapshot, answer_text, coefficient, combo, verdict_color};
use crate::agreement::Verdict;
use crate::agreement::{Method, VariableAgreement};
use crate::stats::{Bootstrap, Coefficient, readable_note};
use crate::supervise::SupervisorAction;
use crate::ui::command::{Command, SupervisorCommand};

/// A row as a methods section names it: the variable's label, with the value for a multi-select
/// value row (the key is on hover).
fn row_title(row: &VariableAgreement) -> String {
    match (&row.value_label, &row.method) {
        (Some(value), _) => format!("{}: {value}", row.label),
        (None, Method::Masi) => format!("{} (sets, MASI)", row.label),
        (None, Method::Standard | Method::Binary) => row.label.clone(),
    }
}

/// α with its 95% CI and the chance of failing each threshold, and what that means: the sentence
/// a methods section reports.
fn verdict_in_words(row: &VariableAgreement) -> String {
    let alpha = row.measures.krippendorff_alpha;
    let mut text = format!(
        "{} = {}",
        Coefficient::KrippendorffAlpha.name(),
        coefficient(alpha)
    );
    if let Some(boot) = &row.alpha_bootstrap {
        text.push_str(&format!(
            ", 95% CI [{}, {}] ({} bootstrap samples); P(α < .800) = {}, P(α < .667) = {}",
            coefficient(Some(boot.ci95[0])),
            coefficient(Some(boot.ci95[1])),
            boot.samples,
            coefficient(Some(boot.p_below.acceptable)),
            coefficient(Some(boot.p_below.tentative)),
        ));
    }
    text.push_str(match Verdict::of(alpha) {
        Verdict::Acceptable => ". Acceptable: α ≥ .800, the variable can be relied on (Krippendorff 2004).",
        Verdict::Tentative => ". Tentative: .667 ≤ α < .800, conclusions only with care (Krippendorff 2004); revise the codebook or retrain before the main coding.",
        Verdict::Unacceptable => ". Not acceptable: α < .667; revise the definitions and train the coders again, or drop the variable.",
        Verdict::Undefined => ". α is undefined: the coded values show no variation.",
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
}

impl ReliabilityView {
    pub fn show(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            // Sideways too: the table is wider than a 900 px window. Sentences still wrap to
            // what is visible.
            self.visible_width = ui.available_width() - 16.0;
            egui::ScrollArea::both().show(ui, |ui| {
                ui.heading("Inter-coder reliability");
                self.bootstrap_row(ui, snapshot, &mut commands);
                let table = match &snapshot.agreement {
                    Ok(table) => table,
                    Err(error) => {
                        ui.label(unavailable(error));
                        return;
                    }
                };
                ui.horizontal(|ui| {
                    for verdict in [
                        crate::agreement::Verdict::Acceptable,
                        crate::agreement::Verdict::Tentative,
                        crate::agreement::Verdict::Unacceptable,
                    ] {
                        ui.colored_label(verdict_color(ui, verdict), format!("■ {}", verdict.label()));
                    }
                });
                self.table(ui, snapshot, &table.variables);
                if let Some(row) = self.selected.and_then(|i| table.variables.get(i)) {
                    ui.add_space(10.0);
                    self.details(ui, snapshot, row, &mut commands);
                } else {
                    ui.weak("Choose a variable for its pair matrix, confusion matrix and disagreements.");
                }
            });
        });
        commands
    }

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
        ui.horizontal(|ui| {
            let label = ui.label("Bootstrap resamples for α's 95% CI:");
            ui.add(egui::TextEdit::singleline(samples).desired_width(60.0))
                .labelled_by(label.id);
            let label = ui.label("seed:");
            ui.add(egui::TextEdit::singleline(seed).desired_width(50.0))
                .labelled_by(label.id);
            let parsed = (samples.trim().parse::<usize>(), seed.trim().parse::<u64>());
            let valid = matches!(parsed, (Ok(n), Ok(_)) if n <= 100_000);
            if ui
                .add_enabled(valid, egui::Button::new("Recompute"))
                .clicked()
                && let (Ok(samples), Ok(seed)) = parsed
            {
                commands.push(SupervisorAction::SetBootstrap(Bootstrap { samples, seed }).into());
            }
        });
    }

    fn table(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, rows: &[VariableAgreement]) {
        // Numbers the codebook pre-fills from the posts' metadata are the same for every coder:
        // an α of 1 there says nothing about the coding, so they are left out (and named below).
        let prefilled = |row: &VariableAgreement| {
            snapshot
                .codebook
                .variable(&row.variable)
                .is_some_and(|v| v.prefill.is_some())
        };
        let two = rows.first().is_none_or(|r| r.coders.len() <= 2);
        let kappa_names = rows.first().map(|r| r.kappas().map(|(name, _)| name));
        egui::Grid::new("reliability-table")
            .striped(true)
            .spacing([14.0, 4.0])
            .show(ui, |ui| {
                let [first, second] = kappa_names.unwrap_or(if two {
                    [Coefficient::ScottPi.name(), Coefficient::CohenKappa.name()]
                } else {
                    [
                        Coefficient::FleissKappa.name(),
                        Coefficient::LightKappa.name(),
                    ]
                });
                let mut headers = vec!["Variable", "Level", "Units", "Coders", "% agreement"];
                // Holsti's coefficient is for two coders; with more, the column would be all dashes.
                if two {
                    headers.push("Holsti");
                }
                headers.extend([
                    first,
                    second,
                    Coefficient::GwetAc1.name(),
                    Coefficient::KrippendorffAlpha.name(),
                    "95% CI",
                ]);
                for header in headers {
                    ui.strong(header);
                }
                ui.end_row();
                for (index, row) in rows.iter().enumerate() {
                    if prefilled(row) {
                        continue;
                    }
                    let color = verdict_color(ui, row.verdict());
                    if ui
                        .selectable_label(self.selected == Some(index), row_title(row))
                        .on_hover_text(row.name())
                        .clicked()
                    {
                        self.selected = Some(index);
                        self.pair = (0, 1);
                    }
                    ui.label(match row.method {
                        Method::Masi => "sets (MASI)".to_owned(),
                        Method::Binary => "value present".to_owned(),
                        Method::Standard => row.level.to_string(),
                    });
                    ui.label(row.units.to_string());
                    ui.label(row.coders.len().to_string());
                    let m = &row.measures;
                    ui.label(crate::format::percent(m.percent_agreement));
                    if two {
                        ui.label(coefficient(m.holsti));
                    }
                    let [a, b] = row.kappas();
                    ui.label(coefficient(a.1));
                    ui.label(coefficient(b.1));
                    ui.label(coefficient(m.gwet_ac1));
                    ui.colored_label(
                        color,
                        egui::RichText::new(coefficient(m.krippendorff_alpha)).strong(),
                    );
                    ui.label(row.alpha_bootstrap.as_ref().map_or("—".to_owned(), |b| {
                        format!(
                            "[{}, {}]",
                            coefficient(Some(b.ci95[0])),
                            coefficient(Some(b.ci95[1]))
                        )
                    }));
                    ui.end_row();
                }
            });
        let mut left_out: Vec<&str> = rows
            .iter()
            .filter(|row| prefilled(row))
            .map(|row| row.label.as_str())
            .collect();
        left_out.dedup();
        if !left_out.is_empty() {
            ui.weak(format!(
                "Not in the table: {} — numbers pre-filled from each post's metadata, not coded.",
                left_out.join(", ")
            ));
        }
    }

    fn details(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        row: &VariableAgreement,
        commands: &mut Vec<Command>,
    ) {
        ui.heading(row_title(row));
        ui.scope(|ui| {
            ui.set_max_width(self.visible_width);
            ui.label(verdict_in_words(row));
            for note in row.notes.iter().filter_map(|note| readable_note(note)) {
                ui.weak(note);
            }
        });
        ui.strong("α for each pair of coders");
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
            ui.strong("Confusion matrix of");
            for (slot, id, name) in [
                (0, "first-coder", "First coder"),
                (1, "second-coder", "Second coder"),
            ] {
                let current = if slot == 0 {
                    &mut self.pair.0
                } else {
                    &mut self.pair.1
                };
                combo(
                    ui,
                    id,
                    name,
                    row.coders.get(*current).cloned().unwrap_or_default(),
                    |ui| {
                        for (index, coder) in row.coders.iter().enumerate() {
                            ui.selectable_value(current, index, coder);
                        }
                    },
                );
            }
            let (a, b) = self.pair;
            if ui.add_enabled(a != b, egui::Button::new("Show")).clicked() {
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
                ui.label(format!(
                    "rows: {} · columns: {}",
                    table.coders[0], table.coders[1]
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
        let definition = snapshot.codebook.variable(variable);
        let items: Vec<_> = snapshot
            .disagreements
            .iter()
            .filter(|d| d.variable == variable)
            .collect();
        ui.add_space(8.0);
        ui.strong(format!("Units the coders disagree on ({})", items.len()));
        egui::Grid::new("variable-disagreements")
            .striped(true)
            .show(ui, |ui| {
                for item in items {
                    ui.label(&item.unit);
                    let values: Vec<String> = item
                        .answers
                        .iter()
                        .map(|(coder, answer)| {
                            format!("{coder}: {}", answer_text(definition, answer))
                        })
                        .collect();
                    ui.label(values.join(" · "));
                    match &item.adjudicated {
                        Some(answer) => {
                            ui.label(format!("final: {}", answer_text(definition, answer)))
                        }
                        None => ui.weak("open"),
                    };
                    if ui.button("Adjudicate").clicked() {
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
            format!("Agreement needs at least two coders who coded the same units; {why}.")
        }
        other => other.to_string(),
    }
}
