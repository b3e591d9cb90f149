//! The export dialog: every format `codingdesk export` writes, where to, and for the wide
//! formats whose codes (final dataset or per coder); for the HTML report the crosstabs to
//! include.

use super::{Snapshot, combo};
use crate::export::{Format, Request};
use crate::model::Kind;
use crate::supervise::SupervisorAction;
use crate::ui::command::{AppCommand, Command};
use crate::ui::files::FileRequest;

pub struct ExportView {
    format: Format,
    /// Where to write; empty until chosen (then the project's folder and the usual name).
    pub path: String,
    coders: Vec<String>,
    crosstabs: Vec<(String, String)>,
    rows: Option<String>,
    columns: Option<String>,
}

impl Default for ExportView {
    fn default() -> Self {
        ExportView {
            format: Format::WideCsv,
            path: String::new(),
            coders: Vec::new(),
            crosstabs: Vec::new(),
            rows: None,
            columns: None,
        }
    }
}

impl ExportView {
    pub fn show(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Vec<Command> {
        let mut commands = Vec::new();
        if self.path.is_empty() {
            self.path = snapshot
                .folder
                .join(self.format.default_file_name())
                .display()
                .to_string();
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.heading(crate::tr!("tab-export"));
                ui.label(crate::tr!("export-bom"));
                ui.add_space(6.0);
                egui::Grid::new("export-formats")
                    .num_columns(2)
                    .show(ui, |ui| {
                        for format in Format::ALL {
                            let before = self.format;
                            ui.radio_value(&mut self.format, format, format.name());
                            ui.weak(format.description_in(crate::i18n::ui_language()));
                            ui.end_row();
                            if self.format != before {
                                self.retarget(before);
                            }
                        }
                    });
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    let what = if self.format == Format::Recal {
                        crate::tr!("export-folder")
                    } else {
                        crate::tr!("export-save-to")
                    };
                    let label = ui.label(what);
                    ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(460.0))
                        .labelled_by(label.id);
                    if ui.button(crate::tr!("export-choose")).clicked() {
                        commands.push(AppCommand::Choose(FileRequest::Export(self.format)).into());
                    }
                });
                if self.format.takes_coders() {
                    self.coder_choice(ui, snapshot);
                }
                if self.format == Format::Html {
                    self.crosstab_choice(ui, snapshot);
                    Self::report_items(ui, snapshot, &mut commands);
                }
                ui.add_space(8.0);
                let ready = !self.path.trim().is_empty();
                if ui
                    .add_enabled(ready, egui::Button::new(crate::tr!("export-write")))
                    .clicked()
                {
                    commands.push(
                        SupervisorAction::Export(Request {
                            coders: self.coders.clone(),
                            crosstabs: self.crosstabs.clone(),
                            bootstrap: snapshot.bootstrap,
                            lang: crate::i18n::ui_language(),
                            ..Request::new(self.format, std::path::Path::new(self.path.trim()))
                        })
                        .into(),
                    );
                }
            });
        });
        commands
    }

    /// Keeps the folder but takes the new format's usual file name, unless the supervisor
    /// typed a name of their own.
    fn retarget(&mut self, before: Format) {
        let path = std::path::PathBuf::from(self.path.trim());
        let usual = path
            .file_name()
            .is_some_and(|name| name == before.default_file_name());
        if usual {
            self.path = path
                .with_file_name(self.format.default_file_name())
                .display()
                .to_string();
        }
    }

    fn coder_choice(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) {
        let what = if self.format == Format::Recal {
            crate::tr!("export-coders-compare")
        } else {
            crate::tr!("export-coders-columns")
        };
        ui.label(what);
        ui.horizontal_wrapped(|ui| {
            for coder in &snapshot.coders {
                let mut on = self.coders.contains(coder);
                if ui.checkbox(&mut on, coder).changed() {
                    if on {
                        self.coders.push(coder.clone());
                    } else {
                        self.coders.retain(|c| c != coder);
                    }
                }
            }
        });
    }

    fn crosstab_choice(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) {
        ui.label(crate::tr!("export-crosstabs"));
        let singles: Vec<(String, String)> = snapshot
            .shown
            .variables
            .iter()
            .filter(|v| v.kind == Kind::Single)
            .map(|v| (v.key.clone(), v.label.clone()))
            .collect();
        ui.horizontal(|ui| {
            for (id, name, slot) in [
                (
                    "report-rows",
                    crate::tr!("export-crosstab-rows"),
                    &mut self.rows,
                ),
                (
                    "report-columns",
                    crate::tr!("export-crosstab-columns"),
                    &mut self.columns,
                ),
            ] {
                let shown = slot
                    .as_ref()
                    .and_then(|k| singles.iter().find(|(key, _)| key == k))
                    .map_or_else(
                        || crate::tr!("export-choose-lower"),
                        |(_, label)| label.clone(),
                    );
                combo(ui, id, &name, shown, |ui| {
                    for (key, label) in &singles {
                        ui.selectable_value(slot, Some(key.clone()), label);
                    }
                });
            }
            if let (Some(rows), Some(columns)) = (&self.rows, &self.columns)
                && ui.button(crate::tr!("export-add-crosstab")).clicked()
            {
                self.crosstabs.push((rows.clone(), columns.clone()));
            }
        });
        let mut remove = None;
        for (index, (rows, columns)) in self.crosstabs.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(format!("{rows} × {columns}"));
                if ui.small_button(crate::tr!("export-remove")).clicked() {
                    remove = Some(index);
                }
            });
        }
        if let Some(index) = remove {
            self.crosstabs.remove(index);
        }
    }

    /// The analyses added from the Analysis tab, each removable.
    fn report_items(ui: &mut egui::Ui, snapshot: &Snapshot, commands: &mut Vec<Command>) {
        if snapshot.report_items.is_empty() {
            ui.weak(crate::tr!("export-no-analyses"));
            return;
        }
        ui.label(crate::tr!("export-analyses"));
        for (id, item) in &snapshot.report_items {
            ui.horizontal(|ui| {
                match item {
                    Ok(item) => {
                        ui.label(item.title(&snapshot.codebook, crate::i18n::ui_language()));
                    }
                    Err(problem) => {
                        ui.colored_label(ui.visuals().warn_fg_color, problem);
                    }
                }
                if ui
                    .small_button(crate::tr!("export-remove-item", id = *id))
                    .clicked()
                {
                    commands.push(SupervisorAction::RemoveReportItem(*id).into());
                }
            });
        }
    }
}
