//! The queue: this coder's units in a virtualised table, filtered by status and by text.

use egui_extras::{Column, TableBuilder};

use crate::desk::{DeskSession, UnitStatus};
use crate::ui::Command;

#[derive(Default)]
pub struct QueueView {
    filter: String,
    status: Option<UnitStatus>,
    pub focus_filter: bool,
    pub scroll_to_current: bool,
    /// Queue indices shown, recomputed only when the filter or the answers change.
    shown: Vec<usize>,
    shown_for: Option<(String, Option<UnitStatus>, u64, usize)>,
}

impl QueueView {
    fn refresh(&mut self, session: &DeskSession) {
        let key = (
            self.filter.clone(),
            self.status,
            session.revision(),
            session.queue().len(),
        );
        if self.shown_for.as_ref() == Some(&key) {
            return;
        }
        let needle = self.filter.trim().to_lowercase();
        self.shown = session
            .queue()
            .iter()
            .enumerate()
            .filter(|(_, row)| self.status.is_none_or(|s| session.status(&row.uid) == s))
            .filter(|(_, row)| {
                needle.is_empty()
                    || row.uid.to_lowercase().contains(&needle)
                    || row.account.to_lowercase().contains(&needle)
                    || row.caption.to_lowercase().contains(&needle)
            })
            .map(|(index, _)| index)
            .collect();
        self.shown_for = Some(key);
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        session: &DeskSession,
        current: usize,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.heading("Queue");
        ui.horizontal(|ui| {
            let label = ui.label("Filter:");
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("caption, account or id (Ctrl+F)")
                    .desired_width(f32::INFINITY),
            );
            let field = field.labelled_by(label.id);
            if std::mem::take(&mut self.focus_filter) {
                field.request_focus();
            }
            if field.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                field.surrender_focus();
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Status:");
            let name = self.status.map_or("all", UnitStatus::label);
            egui::ComboBox::from_id_salt("status-filter")
                .selected_text(name)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.status, None, "all");
                    for status in [
                        UnitStatus::NotStarted,
                        UnitStatus::Partial,
                        UnitStatus::Done,
                    ] {
                        ui.selectable_value(&mut self.status, Some(status), status.label());
                    }
                })
                .response
                .labelled_by(label.id);
        });
        self.refresh(session);
        ui.small(format!(
            "showing {} of {} units",
            self.shown.len(),
            session.queue().len()
        ));
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let mut table = TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::auto().at_least(30.0))
            .column(Column::initial(70.0).clip(true))
            .column(Column::initial(110.0).clip(true))
            .column(Column::initial(90.0).clip(true))
            .column(Column::remainder().at_least(70.0));
        if std::mem::take(&mut self.scroll_to_current)
            && let Some(row) = self.shown.iter().position(|&i| i == current)
        {
            table = table.scroll_to_row(row, Some(egui::Align::Center));
        }
        table
            .header(row_height, |mut header| {
                for title in ["#", "id", "account", "date", "status"] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, self.shown.len(), |mut row| {
                    let index = self.shown[row.index()];
                    let unit = &session.queue()[index];
                    row.set_selected(index == current);
                    let status = session.status(&unit.uid);
                    row.col(|ui| {
                        ui.label((index + 1).to_string());
                    });
                    row.col(|ui| {
                        ui.label(&unit.uid).on_hover_text(&unit.uid);
                    });
                    row.col(|ui| {
                        ui.label(&unit.account).on_hover_text(&unit.caption);
                    });
                    row.col(|ui| {
                        ui.label(unit.published_at.get(..10).unwrap_or(&unit.published_at));
                    });
                    row.col(|ui| {
                        let text = egui::RichText::new(status.label());
                        ui.label(match status {
                            UnitStatus::Done => text
                                .color(ui.visuals().widgets.inactive.fg_stroke.color)
                                .strong(),
                            UnitStatus::Partial => text.color(ui.visuals().warn_fg_color),
                            UnitStatus::NotStarted => text,
                        });
                    });
                    if row.response().clicked() {
                        commands.push(Command::Select(index));
                    }
                });
            });
        commands
    }
}
