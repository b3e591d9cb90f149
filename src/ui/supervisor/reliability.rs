//! The reliability view: per variable (and per value of multi-select variables) the standard
//! coefficients over the units two coders or more coded, coloured by α's thresholds; for a chosen
//! variable the coder-pair α matrix, a pair's confusion matrix and the units the coders disagree
//! on, each a click away from adjudication.

use super::{Snapshot, coefficient, combo, verdict_color};
use crate::agreement::Verdict;
use crate::agreement::drift::{Against, Windows};
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
    /// The drift chart's windows: calendar weeks instead of ten units.
    drift_weekly: bool,
    /// The drift chart compares with the adjudicated values instead of the other coders.
    drift_against_gold: bool,
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
                self.table(ui, snapshot, &table.variables);
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
        });
    }

    fn table(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, rows: &[VariableAgreement]) {
        // Numbers the codebook pre-fills from the posts' metadata are the same for every coder:
        // an α of 1 there says nothing about the coding, so they are left out (and named below).
        let prefilled = |row: &VariableAgreement| {
            snapshot
                .shown
                .variable(&row.variable)
                .is_some_and(|v| v.prefill.is_some())
        };
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
        let mut left_out: Vec<&str> = rows
            .iter()
            .filter(|row| prefilled(row))
            .map(|row| row.label.as_str())
            .collect();
        left_out.dedup();
        if !left_out.is_empty() {
            ui.weak(crate::tr!(
                "rel-prefilled-left-out",
                names = left_out.join(", ")
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
            influence(ui, snapshot, row, commands);
            self.drift(ui, snapshot, row, commands);
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

/// A section worked out only when asked: its heading and the button that asks.
fn asked_section(
    ui: &mut egui::Ui,
    (heading, button): (String, String),
    action: impl FnOnce() -> SupervisorAction,
    commands: &mut Vec<Command>,
) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.strong(heading);
        if ui.button(button).clicked() {
            commands.push(action().into());
        }
    });
}

/// Whom to retrain and which definitions to sharpen: α with each coder left out, and the units
/// whose removal moves α most, computed on request (one α per unit).
fn influence(
    ui: &mut egui::Ui,
    snapshot: &Snapshot,
    row: &VariableAgreement,
    commands: &mut Vec<Command>,
) {
    asked_section(
        ui,
        (
            crate::tr!("rel-influence"),
            crate::tr!("rel-influence-compute"),
        ),
        || SupervisorAction::ShowInfluence {
            variable: row.variable.clone(),
        },
        commands,
    );
    match &snapshot.influence {
        Some(Ok(found)) if found.variable == row.variable => {
            ui.weak(crate::tr!("rel-influence-coders"));
            egui::Grid::new("influence-coders")
                .striped(true)
                .show(ui, |ui| {
                    for left in &found.coders_left_out {
                        ui.label(&left.coder);
                        ui.label(coefficient(left.alpha_without));
                        let change = left.change.map_or(String::new(), crate::format::signed_apa);
                        if left.change.is_some_and(|c| c > 0.0) {
                            ui.colored_label(ui.visuals().warn_fg_color, change);
                        } else {
                            ui.label(change);
                        }
                        ui.end_row();
                    }
                });
            if found.units_skipped {
                ui.weak(crate::tr!(
                    "rel-influence-units-skipped",
                    count = crate::agreement::influence::MAX_UNITS_FOR_UNIT_INFLUENCE
                ));
                return;
            }
            ui.weak(crate::tr!("rel-influence-units"));
            egui::Grid::new("influence-units")
                .striped(true)
                .show(ui, |ui| {
                    ui.strong(crate::tr!("rel-col-unit"));
                    ui.strong(crate::tr!("rel-influence-without"));
                    ui.strong(crate::tr!("rel-influence-change"));
                    for coder in &found.coders {
                        ui.strong(coder);
                    }
                    ui.end_row();
                    for unit in &found.decisive_units {
                        ui.label(&unit.unit);
                        ui.label(coefficient(unit.alpha_without));
                        ui.label(crate::format::signed_apa(unit.change));
                        for value in &unit.values {
                            // A code with its label, as the disagreements below show them.
                            let shown = value.as_deref().map_or("—".to_owned(), |value| {
                                value
                                    .parse::<i64>()
                                    .ok()
                                    .and_then(|code| {
                                        snapshot.shown.variable(&row.variable)?.value(code)
                                    })
                                    .map_or_else(
                                        || value.to_owned(),
                                        |v| format!("{} {}", v.code, v.label),
                                    )
                            });
                            ui.label(shown);
                        }
                        ui.end_row();
                    }
                });
        }
        Some(Err(error)) => {
            ui.colored_label(ui.visuals().error_fg_color, error.to_string());
        }
        Some(Ok(_)) | None => {}
    }
}

/// Overlap units per window of the drift chart.
const DRIFT_WINDOW: usize = 10;

/// Each coder's α with the others (or the adjudicated values) over their coding order — windows
/// of ten units or calendar weeks — a line per coder against α_min, and a warning for each coder
/// with a window below it.
impl ReliabilityView {
    fn drift(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        row: &VariableAgreement,
        commands: &mut Vec<Command>,
    ) {
        let (weekly, gold) = (self.drift_weekly, self.drift_against_gold);
        asked_section(
            ui,
            (crate::tr!("rel-drift"), crate::tr!("rel-drift-compute")),
            || SupervisorAction::ShowDrift {
                variable: row.variable.clone(),
                windows: if weekly {
                    Windows::Weeks
                } else {
                    Windows::Units(DRIFT_WINDOW)
                },
                against: if gold { Against::Gold } else { Against::Others },
            },
            commands,
        );
        ui.horizontal_wrapped(|ui| {
            ui.radio_value(
                &mut self.drift_weekly,
                false,
                crate::tr!("rel-drift-per-units", window = DRIFT_WINDOW),
            );
            ui.radio_value(
                &mut self.drift_weekly,
                true,
                crate::tr!("rel-drift-per-week"),
            );
            ui.separator();
            ui.radio_value(
                &mut self.drift_against_gold,
                false,
                crate::tr!("rel-drift-against-others"),
            );
            ui.radio_value(
                &mut self.drift_against_gold,
                true,
                crate::tr!("rel-drift-against-gold"),
            );
        });
        drift_result(ui, snapshot, row);
    }
}

fn drift_result(ui: &mut egui::Ui, snapshot: &Snapshot, row: &VariableAgreement) {
    match &snapshot.drift {
        Some(Ok(found)) if found.variable == row.variable => {
            let whom = match found.against {
                Against::Others => crate::tr!("rel-drift-whom-others"),
                Against::Gold => crate::tr!("rel-drift-whom-gold"),
            };
            let (windows, axis) = match found.window {
                Some(window) => (
                    crate::tr!("rel-drift-windows-units", window = window),
                    crate::tr!("rel-drift-axis", window = window),
                ),
                None => (
                    crate::tr!("rel-drift-windows-weeks"),
                    crate::tr!("rel-drift-axis-weeks"),
                ),
            };
            ui.weak(crate::tr!(
                "rel-drift-explain",
                whom = whom.as_str(),
                windows = windows
            ));
            if found.coders.iter().all(|c| c.windows.is_empty()) {
                ui.label(crate::tr!("rel-drift-nothing", whom = whom));
                return;
            }
            for coder in found.warnings() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    crate::tr!(
                        "rel-drift-warning",
                        coder = coder.coder.as_str(),
                        count = coder.below,
                        alpha = coefficient(Some(found.alpha_min))
                    ),
                );
            }
            let alpha_min = found.alpha_min;
            egui_plot::Plot::new(("drift", row.variable.as_str()))
                .height(220.0)
                .allow_scroll(false)
                .allow_zoom(false)
                .allow_drag(false)
                .allow_boxed_zoom(false)
                .include_y(0.0)
                .include_y(1.0)
                .x_axis_label(axis)
                .y_axis_label("α")
                .legend(egui_plot::Legend::default())
                .show(ui, |plot| {
                    plot.hline(egui_plot::HLine::new("α_min", alpha_min));
                    for coder in &found.coders {
                        let points: Vec<[f64; 2]> = coder
                            .windows
                            .iter()
                            .enumerate()
                            .filter_map(|(i, w)| Some([i as f64 + 1.0, w.alpha?]))
                            .collect();
                        plot.line(egui_plot::Line::new(coder.coder.as_str(), points));
                    }
                });
        }
        Some(Err(error)) => {
            ui.colored_label(ui.visuals().error_fg_color, error.to_string());
        }
        Some(Ok(_)) | None => {}
    }
}
