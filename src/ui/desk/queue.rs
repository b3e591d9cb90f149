//! The queue: this coder's units in a virtualised table, filtered by status and by text.

use egui_extras::{Column, TableBuilder};

use crate::desk::{DeskSession, UnitStatus};
use crate::ui::command::{Command, DeskCommand};

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

/// An id as the queue shows it: whole when short, else its start and end around "…"
/// (`739616…813681`): 19-digit TikTok and Douyin ids share their first digits, and their last
/// digits tell them apart. The whole id is on hover and "Copy id" (right click).
fn elided_id(uid: &str, room: usize) -> String {
    let chars: Vec<char> = uid.chars().collect();
    // At least "123…4567": fewer characters than that tell ids apart no better than the row.
    let room = room.max(8);
    if chars.len() <= room {
        return uid.to_owned();
    }
    // More of the end than of the start: platform ids share their leading digits (a time
    // stamp), their last digits tell videos apart.
    let start_len = (room - 1) / 3;
    let end_len = room - 1 - start_len;
    let start: String = chars[..start_len].iter().collect();
    let end: String = chars[chars.len() - end_len..].iter().collect();
    format!("{start}…{end}")
}

impl QueueView {
    /// The queue position `pages` pages (of `page` rows) before or after `current`, within the
    /// rows the filter shows; `None` when nothing is shown.
    pub fn page_from(&self, current: usize, pages: isize, page: usize) -> Option<usize> {
        let last = self.shown.len().checked_sub(1)?;
        // `shown` is in queue order: the first shown at or after `current` by bisection.
        let at = self
            .shown
            .partition_point(|&index| index < current)
            .min(last) as isize;
        let target = (at + pages * page as isize).clamp(0, last as isize) as usize;
        Some(self.shown[target])
    }

    /// The first or last queue position the filter shows.
    pub fn end(&self, last: bool) -> Option<usize> {
        if last {
            self.shown.last().copied()
        } else {
            self.shown.first().copied()
        }
    }

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
        ui.heading(crate::tr!("queue-heading"));
        ui.horizontal(|ui| {
            let label = ui.label(crate::tr!("queue-filter"));
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text(crate::tr!("queue-filter-hint"))
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
            let label = ui.label(crate::tr!("queue-status"));
            let name = self
                .status
                .map_or_else(|| crate::tr!("queue-status-all"), UnitStatus::label);
            egui::ComboBox::from_id_salt("status-filter")
                .selected_text(name)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.status, None, crate::tr!("queue-status-all"));
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
        ui.small(crate::tr!(
            "queue-showing",
            shown = self.shown.len(),
            total = session.queue().len()
        ));
        // Rows are picked by clicking anywhere on them: text in them is not for selecting.
        ui.style_mut().interaction.selectable_labels = false;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        // Wide enough for the largest row number (100,000 units: six digits, never wrapped).
        let digits = session.queue().len().max(1).to_string().len();
        let number_width = ui.fonts_mut(|fonts| {
            fonts
                .layout_no_wrap(
                    "8".repeat(digits),
                    egui::TextStyle::Body.resolve(ui.style()),
                    egui::Color32::WHITE,
                )
                .size()
                .x
        }) + 8.0;
        // The table fits the panel, never the other way round (a panel pushed wider by its
        // table squeezes the card): in a narrow queue the account column gives way (the card
        // shows it) and the id takes what is left.
        let spacing = ui.spacing().item_spacing.x;
        let show_account = ui.available_width() >= WITH_ACCOUNT;
        let (date_width, status_width) = (80.0, 70.0);
        let columns = if show_account { 5.0 } else { 4.0 };
        let left = ui.available_width()
            - number_width
            - date_width
            - status_width
            - spacing * (columns - 1.0)
            - ui.spacing().scroll.allocated_width();
        // How many characters of an id the column has room for (ids are mostly digits).
        let id_width = if show_account {
            (left * 0.5).max(60.0)
        } else {
            left.max(60.0)
        };
        let digit = ui.fonts_mut(|fonts| {
            fonts
                .layout_no_wrap(
                    "0".into(),
                    egui::TextStyle::Body.resolve(ui.style()),
                    egui::Color32::WHITE,
                )
                .size()
                .x
        });
        // One character to spare: the ellipsis and the cell padding.
        let id_room = ((id_width / digit.max(1.0)).floor() as usize).saturating_sub(1);
        let mut table = TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::exact(number_width));
        table = if show_account {
            table
                .column(Column::exact((left * 0.5).max(60.0)).clip(true))
                .column(Column::remainder().at_least(40.0).clip(true))
        } else {
            table.column(Column::exact(left.max(60.0)).clip(true))
        };
        let mut table = table
            .column(Column::exact(date_width).clip(true))
            .column(Column::exact(status_width).clip(true));
        if std::mem::take(&mut self.scroll_to_current)
            && let Some(row) = self.shown.iter().position(|&i| i == current)
        {
            // The least scrolling that shows the row: a clicked row stays where it is.
            table = table.scroll_to_row(row, None);
        }
        table
            .header(row_height, |mut header| {
                for (column, title) in [
                    ("#", "#".to_owned()),
                    ("id", crate::tr!("queue-col-id")),
                    ("account", crate::tr!("queue-col-account")),
                    ("date", crate::tr!("queue-col-date")),
                    ("status", crate::tr!("queue-col-status")),
                ] {
                    if column == "account" && !show_account {
                        continue;
                    }
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
                        ui.label(elided_id(&unit.uid, id_room))
                            .on_hover_text(&unit.uid)
                            .context_menu(|ui| {
                                if ui.button(crate::tr!("queue-copy-id")).clicked() {
                                    ui.ctx().copy_text(unit.uid.clone());
                                    ui.close();
                                }
                            });
                    });
                    if show_account {
                        row.col(|ui| {
                            ui.label(&unit.account).on_hover_text(&unit.caption);
                        });
                    }
                    row.col(|ui| match &unit.training {
                        // A training unit says so where the date would be.
                        Some(round) => {
                            ui.label(
                                egui::RichText::new(crate::tr!("queue-training"))
                                    .color(ui.visuals().warn_fg_color),
                            )
                            .on_hover_text(crate::tr!("queue-training-hover", round = round));
                        }
                        None => {
                            ui.label(crate::format::published_date(&unit.published_at));
                        }
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
                        commands.push(DeskCommand::Select(index).into());
                    }
                });
            });
        commands
    }
}

/// Below this width the queue leaves the account out.
const WITH_ACCOUNT: f32 = 400.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_ids_keep_their_start_and_end() {
        assert_eq!(elided_id("7396166465146813681", 14), "7396…146813681");
        assert_eq!(elided_id("7396166465146813681", 19), "7396166465146813681");
        assert_eq!(elided_id("7396166465146813681", 9), "73…813681");
        assert_eq!(elided_id("7396166465146813681", 2), "73…13681");
        assert_eq!(elided_id("v1", 8), "v1");
        assert_eq!(elided_id("65a1b2c3d4e5f6", 14), "65a1b2c3d4e5f6");
        assert_eq!(
            elided_id("重庆重庆重庆重庆重庆重庆重庆重庆", 13),
            "重庆重庆…重庆重庆重庆重庆"
        );
    }
}
