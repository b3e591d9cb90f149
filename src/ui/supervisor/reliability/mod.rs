//! The reliability view: per variable (and per value of multi-select variables) the standard
//! coefficients over the units two coders or more coded, coloured by α's thresholds; for a chosen
//! variable the coder-pair α matrix, a pair's confusion matrix, influence and drift on request
//! (`requested`) and the units the coders disagree on, each a click away from adjudication.

mod requested;

use super::{Snapshot, coefficient, combo, verdict_color};
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
        (None, Method::Masi) => crate::tr!("report-masi-row", variable = &row.label),
        (None, Method::Mvda) => crate::tr!("report-mvda-row", variable = &row.label),
        (None, Method::Rolled { levels_up }) => crate::tr!(
            "report-rolled-row",
            variable = &row.label,
            levels = *levels_up
        ),
        (None, Method::Standard | Method::Binary) => row.label.clone(),
    }
}

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
                ui.horizontal(|ui| {
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
                let left_out = table.prefilled_labels(&snapshot.shown);
                self.table(ui, &table.variables, &left_out);
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

    fn table(
        &mut self,
        ui: &mut egui::Ui,
        rows: &[VariableAgreement],
        prefilled_left_out: &[String],
    ) {
        let two = rows.first().is_none_or(|r| r.coders.len() <= 2);
        let lang = crate::i18n::ui_language();
        // The same two coefficients `VariableAgreement::kappas` gives, by name.
        let [first, second] = if two {
            [
                Coefficient::ScottPi.name_in(lang),
                Coefficient::CohenKappa.name_in(lang),
            ]
        } else {
            [
                Coefficient::FleissKappa.name_in(lang),
                Coefficient::LightKappa.name_in(lang),
            ]
        };
        egui::Grid::new("reliability-table")
            .striped(true)
            .spacing([14.0, 4.0])
            .show(ui, |ui| {
                let mut headers = vec![
                    crate::tr!("rel-col-variable"),
                    crate::tr!("rel-col-level"),
                    crate::tr!("rel-col-units"),
                    crate::tr!("rel-col-coders"),
                    crate::tr!("rel-col-agreement"),
                ];
                // Holsti's coefficient is for two coders; with more, the column would be all dashes.
                if two {
                    headers.push(crate::tr!("rel-col-holsti"));
                }
                headers.extend([
                    first,
                    second,
                    Coefficient::GwetAc1.name_in(lang),
                    Coefficient::KrippendorffAlpha.name_in(lang),
                    crate::tr!("report-ci"),
                    crate::tr!("report-p-below"),
                ]);
                for header in headers {
                    ui.strong(header);
                }
                ui.end_row();
                for (index, row) in rows.iter().enumerate() {
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
                        Method::Masi => crate::tr!("rel-method-masi"),
                        Method::Mvda => crate::tr!("rel-method-mvda"),
                        Method::Binary => crate::tr!("rel-method-binary"),
                        Method::Standard | Method::Rolled { .. } => row.level.name(lang),
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
                    // The chance that α is in truth below .800: with α, it decides the verdict.
                    ui.colored_label(
                        color,
                        row.alpha_bootstrap.as_ref().map_or("—".to_owned(), |b| {
                            crate::format::apa(Some(b.p_below.acceptable))
                        }),
                    );
                    ui.end_row();
                }
            });
        // Numbers the codebook pre-fills from the posts' metadata are the same for every coder:
        // the table model leaves them out, and they are named here.
        if !prefilled_left_out.is_empty() {
            ui.weak(crate::tr!(
                "rel-prefilled-left-out",
                names = prefilled_left_out.join(", ")
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
