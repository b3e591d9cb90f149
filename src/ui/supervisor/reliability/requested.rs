//! The Reliability tab's sections worked out only when the supervisor asks, for the chosen
//! variable: influence on α (whom to retrain, which units split the coders) and drift over the
//! coding order.

use super::super::{Snapshot, coefficient};
use crate::agreement::VariableAgreement;
use crate::agreement::drift::{Against, Windows};
use crate::supervise::SupervisorAction;
use crate::ui::command::Command;

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
pub fn influence(
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

/// The drift section's choices: each coder's α with the others (or the adjudicated values) over
/// their coding order — windows of ten units or calendar weeks — a line per coder against α_min,
/// and a warning for each coder with a window below it.
#[derive(Default)]
pub struct DriftView {
    /// Calendar weeks instead of ten units per window.
    weekly: bool,
    /// Compared with the adjudicated values instead of the other coders.
    against_gold: bool,
}

impl DriftView {
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        row: &VariableAgreement,
        commands: &mut Vec<Command>,
    ) {
        let (weekly, gold) = (self.weekly, self.against_gold);
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
                &mut self.weekly,
                false,
                crate::tr!("rel-drift-per-units", window = DRIFT_WINDOW),
            );
            ui.radio_value(&mut self.weekly, true, crate::tr!("rel-drift-per-week"));
            ui.separator();
            ui.radio_value(
                &mut self.against_gold,
                false,
                crate::tr!("rel-drift-against-others"),
            );
            ui.radio_value(
                &mut self.against_gold,
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
