//! "Review my training": after a training round closes, the coder sees how their codes compared
//! with the gold standard — per variable, and each miss with their value, gold's value and that
//! value's definition and examples, with a button to open the unit.

use crate::desk::DeskSession;
use crate::format::{apa, percent};
use crate::ui::command::{Command, DeskCommand};

/// The review window's contents, drawn from the session's closed rounds.
pub fn show(ui: &mut egui::Ui, session: &DeskSession) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (round, result) in session.training() {
            ui.heading(crate::tr!("review-round", round = &round.name));
            let verdict = if result.passed {
                crate::tr!("review-passed", alpha_min = apa(Some(round.alpha_min)))
            } else {
                crate::tr!("review-not-passed", alpha_min = apa(Some(round.alpha_min)))
            };
            let color = if result.passed {
                ui.visuals().widgets.inactive.fg_stroke.color
            } else {
                ui.visuals().warn_fg_color
            };
            ui.label(egui::RichText::new(verdict).color(color).strong());
            if let Some(cleared) = &result.cleared {
                ui.label(crate::tr!(
                    "review-cleared",
                    round = &cleared.round,
                    time = crate::format::local_time(&cleared.cleared_at)
                ));
            }
            egui::Grid::new(("review-variables", &round.name))
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    ui.strong(crate::tr!("review-col-variable"));
                    ui.strong(crate::tr!("review-col-agreement"));
                    ui.strong("α");
                    ui.strong(crate::tr!("review-col-result"));
                    ui.end_row();
                    for variable in &result.variables {
                        ui.label(&variable.label);
                        ui.label(format!(
                            "{} ({}/{})",
                            percent(variable.percent_agreement),
                            variable.agreed,
                            variable.units
                        ));
                        ui.label(apa(variable.krippendorff_alpha));
                        ui.label(if variable.passed {
                            crate::tr!("review-pass")
                        } else {
                            crate::tr!("review-below")
                        });
                        ui.end_row();
                    }
                });
            ui.add_space(6.0);
            if result.misses.is_empty() {
                ui.label(crate::tr!("review-no-misses"));
            } else {
                ui.strong(crate::tr!("review-misses", count = result.misses.len()));
            }
            for miss in &result.misses {
                ui.separator();
                ui.horizontal_wrapped(|ui| {
                    ui.strong(&miss.variable_label);
                    ui.label(crate::tr!("review-unit", unit = &miss.unit));
                    if let Some(index) = session.queue_position(&miss.unit) {
                        let open = ui.small_button(crate::tr!("review-open-unit"));
                        // One name per miss for screen readers (and tests): which unit, which
                        // variable.
                        let name = crate::tr!(
                            "review-open-unit-named",
                            unit = &miss.unit,
                            variable = &miss.variable_label
                        );
                        let enabled = open.enabled();
                        open.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, enabled, &name)
                        });
                        if open.clicked() {
                            commands.push(DeskCommand::Select(index).into());
                        }
                    }
                });
                ui.label(match &miss.coded {
                    Some(value) => crate::tr!("review-you-coded", value = value),
                    None => crate::tr!("review-you-did-not-code"),
                });
                ui.label(
                    egui::RichText::new(crate::tr!("review-gold", value = &miss.gold)).strong(),
                );
                for value in &miss.gold_values {
                    ui.label(format!(
                        "{} {}: {}",
                        value.code, value.label, value.definition
                    ));
                    for example in &value.examples {
                        ui.small(crate::tr!("form-example", example = example));
                    }
                }
            }
            ui.add_space(12.0);
        }
    });
    commands
}
