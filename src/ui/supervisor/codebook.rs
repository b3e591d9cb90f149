//! The codebook editor: variables (add, reorder, edit, remove while unused) and their values
//! (label, definition, examples, parent, key, retire, reorder, merge). Edits go to a draft; a
//! text field is saved when it loses focus, anything else at once, each as one logged change
//! that raises the codebook's version. What codes use can be retired or merged, never removed.

use egui::Role;

use super::{Snapshot, combo, name_widget};
use crate::model::{CodeValue, Codebook, Kind, Level, Variable};
use crate::supervise::SupervisorAction;
use crate::ui::command::Command;

pub struct CodebookView {
    draft: Codebook,
    selected: usize,
    /// The value whose examples are being edited, and its examples one per line.
    examples_of: Option<i64>,
    examples: String,
    counter_examples: String,
    new_key: String,
    new_kind: Kind,
    new_code: String,
    new_label: String,
    merge_from: Option<i64>,
    merge_into: Option<i64>,
}

/// A labelled text field in a two-column grid; true when it loses focus (time to save).
fn text_row(ui: &mut egui::Ui, name: &str, text: &mut String, multi: bool) -> bool {
    let label = ui.label(name);
    let edit = if multi {
        egui::TextEdit::multiline(text).desired_rows(3)
    } else {
        egui::TextEdit::singleline(text)
    };
    let response = ui
        .add(edit.desired_width(f32::INFINITY))
        .labelled_by(label.id);
    ui.end_row();
    response.lost_focus()
}

fn lines(items: &[String]) -> String {
    items.join("\n")
}

fn from_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl CodebookView {
    pub fn new(codebook: &Codebook) -> CodebookView {
        let mut view = CodebookView {
            draft: codebook.clone(),
            selected: 0,
            examples_of: None,
            examples: String::new(),
            counter_examples: String::new(),
            new_key: String::new(),
            new_kind: Kind::Single,
            new_code: String::new(),
            new_label: String::new(),
            merge_from: None,
            merge_into: None,
        };
        view.reset(codebook);
        view
    }

    /// Takes the stored codebook as the new draft.
    pub fn reset(&mut self, codebook: &Codebook) {
        self.draft = codebook.clone();
        self.selected = self
            .selected
            .min(self.draft.variables.len().saturating_sub(1));
        self.load_examples(self.examples_of);
    }

    fn load_examples(&mut self, code: Option<i64>) {
        self.examples_of = code;
        let value = self
            .draft
            .variables
            .get(self.selected)
            .and_then(|v| code.and_then(|c| v.value(c)));
        self.examples = value.map(|v| lines(&v.examples)).unwrap_or_default();
        self.counter_examples = value
            .map(|v| lines(&v.counter_examples))
            .unwrap_or_default();
    }

    pub fn show(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Vec<Command> {
        let mut commit = false;
        let mut commands = Vec::new();
        egui::Panel::left("codebook-variables")
            .resizable(true)
            .default_size(260.0)
            .show(ui, |ui| commit |= self.variable_list(ui, snapshot));
        egui::CentralPanel::default().show(ui, |ui| {
            // The values table is wider than a small window: it scrolls both ways, with bars that
            // are always there so that this shows.
            egui::ScrollArea::both()
                .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
                .show(ui, |ui| {
                    if self.selected < self.draft.variables.len() {
                        commit |= self.variable_editor(ui, snapshot);
                        ui.add_space(8.0);
                        commit |= self.values_editor(ui, snapshot, &mut commands);
                    }
                });
        });
        if commit && self.draft != snapshot.codebook {
            commands.push(SupervisorAction::UpdateCodebook(self.draft.clone()).into());
        }
        commands
    }

    fn variable_list(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> bool {
        let mut commit = false;
        ui.heading(crate::tr!("cb-variables"));
        ui.label(crate::tr!(
            "cb-title-version",
            title = &snapshot.codebook.title,
            version = snapshot.codebook.version
        ));
        let languages = snapshot.codebook.languages();
        if languages.len() > 1 {
            // The editor edits the codebook's own texts; the other languages' come from its TOML.
            ui.weak(crate::tr!(
                "cb-languages",
                languages = languages.join(", "),
                own = snapshot.codebook.language()
            ));
        }
        ui.separator();
        for (index, variable) in self.draft.variables.iter().enumerate() {
            let text = format!("{}  ({})", variable.label, variable.key);
            if ui.selectable_label(index == self.selected, text).clicked() {
                self.selected = index;
                self.merge_from = None;
                self.merge_into = None;
                self.examples_of = None;
            }
        }
        ui.horizontal(|ui| {
            let count = self.draft.variables.len();
            if ui
                .add_enabled(
                    self.selected > 0,
                    egui::Button::new(crate::tr!("cb-move-up")),
                )
                .clicked()
            {
                self.draft.variables.swap(self.selected, self.selected - 1);
                self.selected -= 1;
                commit = true;
            }
            if ui
                .add_enabled(
                    self.selected + 1 < count,
                    egui::Button::new(crate::tr!("cb-move-down")),
                )
                .clicked()
            {
                self.draft.variables.swap(self.selected, self.selected + 1);
                self.selected += 1;
                commit = true;
            }
        });
        if let Some(variable) = self.draft.variables.get(self.selected) {
            let used = snapshot.usage.variable(&variable.key);
            let remove = ui
                .add_enabled(
                    used == 0,
                    egui::Button::new(crate::tr!("cb-remove-variable")),
                )
                .on_disabled_hover_text(crate::tr!("cb-variable-used", count = used));
            if remove.clicked() {
                self.draft.variables.remove(self.selected);
                self.selected = self.selected.saturating_sub(1);
                commit = true;
            }
        }
        ui.separator();
        ui.strong(crate::tr!("cb-add-variable-heading"));
        ui.horizontal(|ui| {
            let label = ui.label(crate::tr!("cb-key"));
            ui.add(egui::TextEdit::singleline(&mut self.new_key).desired_width(120.0))
                .labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            for kind in Kind::ALL {
                ui.radio_value(
                    &mut self.new_kind,
                    kind,
                    kind.name(crate::i18n::ui_language()),
                );
            }
        });
        if ui.button(crate::tr!("cb-add-variable")).clicked() {
            let key = self.new_key.trim().to_owned();
            let values = if self.new_kind.has_values() {
                vec![CodeValue::new(1, &crate::tr!("cb-first-value"), "")]
            } else {
                Vec::new()
            };
            self.draft.variables.push(Variable {
                key: key.clone(),
                label: key,
                group: None,
                definition: String::new(),
                level: Level::Nominal,
                kind: self.new_kind,
                required: false,
                prefill: None,
                values,
                translations: Default::default(),
            });
            self.selected = self.draft.variables.len() - 1;
            self.new_key.clear();
            commit = true;
        }
        commit
    }

    fn variable_editor(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> bool {
        let mut commit = false;
        let used = snapshot
            .usage
            .variable(&self.draft.variables[self.selected].key);
        let variable = &mut self.draft.variables[self.selected];
        ui.heading(crate::tr!("cb-variable", key = &variable.key));
        ui.label(crate::tr!("cb-codes-use-it", count = used));
        egui::Grid::new("variable-fields")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                commit |= text_row(ui, &crate::tr!("cb-label"), &mut variable.label, false);
                let mut group = variable.group.clone().unwrap_or_default();
                commit |= text_row(ui, &crate::tr!("cb-group"), &mut group, false);
                variable.group = Some(group.trim().to_owned()).filter(|g| !g.is_empty());
                commit |= text_row(
                    ui,
                    &crate::tr!("cb-definition"),
                    &mut variable.definition,
                    true,
                );

                ui.label(crate::tr!("cb-kind"));
                ui.horizontal(|ui| {
                    for kind in Kind::ALL {
                        let allowed = used == 0 || kind == variable.kind;
                        let response = ui
                            .add_enabled(
                                allowed,
                                egui::RadioButton::new(
                                    variable.kind == kind,
                                    kind.name(crate::i18n::ui_language()),
                                ),
                            )
                            .on_disabled_hover_text(crate::tr!("cb-kind-fixed"));
                        if response.clicked() && variable.kind != kind {
                            variable.kind = kind;
                            if kind.has_values() && variable.values.is_empty() {
                                variable.values.push(CodeValue::new(
                                    1,
                                    &crate::tr!("cb-first-value"),
                                    "",
                                ));
                            }
                            if !kind.has_values() {
                                variable.values.clear();
                            }
                            if kind == Kind::Text {
                                variable.level = Level::Nominal;
                            }
                            commit = true;
                        }
                    }
                });
                ui.end_row();
                ui.label(crate::tr!("cb-level"));
                ui.horizontal(|ui| {
                    for level in Level::ALL {
                        commit |= ui
                            .radio_value(
                                &mut variable.level,
                                level,
                                level.name(crate::i18n::ui_language()),
                            )
                            .changed();
                    }
                });
                ui.end_row();
                ui.label(crate::tr!("cb-required"));
                commit |= ui
                    .checkbox(&mut variable.required, crate::tr!("cb-required-check"))
                    .changed();
                ui.end_row();
                if variable.kind == Kind::Number {
                    let mut prefill = variable.prefill.clone().unwrap_or_default();
                    commit |= text_row(ui, &crate::tr!("cb-prefill"), &mut prefill, false);
                    variable.prefill = Some(prefill.trim().to_owned()).filter(|p| !p.is_empty());
                }
            });
        commit
    }

    fn values_editor(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        commands: &mut Vec<Command>,
    ) -> bool {
        let mut commit = false;
        let key = self.draft.variables[self.selected].key.clone();
        if !self.draft.variables[self.selected].kind.has_values() {
            return false;
        }
        ui.heading(crate::tr!("cb-values"));
        let mut examples_of = None;
        let codes: Vec<(i64, String)> = self.draft.variables[self.selected]
            .values
            .iter()
            .map(|v| (v.code, v.label.clone()))
            .collect();
        let variable = &mut self.draft.variables[self.selected];
        let count = variable.values.len();
        let mut swap = None;
        let mut remove = None;
        // Label and definition share what the other columns (code, parent, key, retired, codes,
        // the buttons: about 600 px) leave, so that the table fits a 900 px window; below that it
        // scrolls sideways.
        let room = (ui.available_width() - 600.0).max(260.0);
        let (label_width, definition_width) = (room * 0.4, room * 0.6);
        egui::Grid::new("values")
            .striped(true)
            .num_columns(9)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for header in [
                    crate::tr!("res-col-code"),
                    crate::tr!("cb-col-label"),
                    crate::tr!("cb-col-definition"),
                    crate::tr!("cb-col-parent"),
                    crate::tr!("cb-col-key"),
                    crate::tr!("cb-col-retired"),
                    crate::tr!("cb-col-codes"),
                    String::new(),
                    String::new(),
                ] {
                    ui.strong(header);
                }
                ui.end_row();
                for (index, value) in variable.values.iter_mut().enumerate() {
                    let code = value.code;
                    ui.label(code.to_string());
                    // In a grid a text field is only as wide as its column was: give it a size.
                    let height = ui.spacing().interact_size.y;
                    let response = ui.add_sized(
                        [label_width, height],
                        egui::TextEdit::singleline(&mut value.label),
                    );
                    name_widget(
                        &response,
                        Role::TextInput,
                        &crate::tr!("cb-label-of", code = code),
                    );
                    commit |= response.lost_focus();
                    let response = ui.add_sized(
                        [definition_width, height],
                        egui::TextEdit::singleline(&mut value.definition),
                    );
                    name_widget(
                        &response,
                        Role::TextInput,
                        &crate::tr!("cb-definition-of", code = code),
                    );
                    commit |= response.lost_focus();
                    let parent_text = value.parent.map_or("—".to_owned(), |p| p.to_string());
                    combo(
                        ui,
                        ("parent", code),
                        &crate::tr!("cb-parent-of", code = code),
                        parent_text,
                        |ui| {
                            commit |= ui.selectable_value(&mut value.parent, None, "—").changed();
                            for (other, label) in codes.iter().filter(|(c, _)| *c != code) {
                                commit |= ui
                                    .selectable_value(
                                        &mut value.parent,
                                        Some(*other),
                                        format!("{other} {label}"),
                                    )
                                    .changed();
                            }
                        },
                    );
                    let mut shortcut = value.shortcut.clone().unwrap_or_default();
                    let response =
                        ui.add_sized([28.0, height], egui::TextEdit::singleline(&mut shortcut));
                    name_widget(
                        &response,
                        Role::TextInput,
                        &crate::tr!("cb-key-of", code = code),
                    );
                    value.shortcut = Some(shortcut.trim().to_owned()).filter(|s| !s.is_empty());
                    commit |= response.lost_focus();
                    let response = ui.checkbox(&mut value.retired, "");
                    name_widget(
                        &response,
                        Role::CheckBox,
                        &crate::tr!("cb-retire", code = code),
                    );
                    commit |= response.changed();
                    let used = snapshot.usage.value(&key, code);
                    ui.label(used.to_string());
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(index > 0, egui::Button::new(crate::tr!("cb-up")))
                            .clicked()
                        {
                            swap = Some((index, index - 1));
                        }
                        if ui
                            .add_enabled(
                                index + 1 < count,
                                egui::Button::new(crate::tr!("cb-down")),
                            )
                            .clicked()
                        {
                            swap = Some((index, index + 1));
                        }
                    });
                    ui.horizontal(|ui| {
                        if ui.button(crate::tr!("cb-examples")).clicked() {
                            examples_of = Some(code);
                        }
                        let response = ui
                            .add_enabled(used == 0, egui::Button::new(crate::tr!("cb-remove")))
                            .on_disabled_hover_text(crate::tr!("cb-value-used"));
                        if response.clicked() {
                            remove = Some(index);
                        }
                    });
                    ui.end_row();
                }
            });
        if let Some((a, b)) = swap {
            variable.values.swap(a, b);
            commit = true;
        }
        if let Some(index) = remove {
            variable.values.remove(index);
            commit = true;
        }
        ui.horizontal(|ui| {
            let label = ui.label(crate::tr!("cb-new-value-code"));
            ui.add(egui::TextEdit::singleline(&mut self.new_code).desired_width(40.0))
                .labelled_by(label.id);
            let label = ui.label(crate::tr!("cb-new-value-label"));
            ui.add(egui::TextEdit::singleline(&mut self.new_label).desired_width(180.0))
                .labelled_by(label.id);
            let next = variable.values.iter().map(|v| v.code).max().unwrap_or(0) + 1;
            if ui.button(crate::tr!("cb-add-value")).clicked() {
                let code = self.new_code.trim().parse().unwrap_or(next);
                variable
                    .values
                    .push(CodeValue::new(code, self.new_label.trim(), ""));
                self.new_code.clear();
                self.new_label.clear();
                commit = true;
            }
        });
        if let Some(code) = examples_of {
            self.load_examples(Some(code));
        }
        commit |= self.examples_editor(ui);
        self.merge_row(ui, &key, &codes, commands);
        commit
    }

    fn examples_editor(&mut self, ui: &mut egui::Ui) -> bool {
        let Some(code) = self.examples_of else {
            return false;
        };
        let mut commit = false;
        ui.separator();
        ui.strong(crate::tr!("cb-examples-of", code = code));
        ui.columns(2, |columns| {
            let label = columns[0].label(crate::tr!("cb-examples-label"));
            commit |= columns[0]
                .add(egui::TextEdit::multiline(&mut self.examples).desired_rows(3))
                .labelled_by(label.id)
                .lost_focus();
            let label = columns[1].label(crate::tr!("cb-counter-label"));
            commit |= columns[1]
                .add(egui::TextEdit::multiline(&mut self.counter_examples).desired_rows(3))
                .labelled_by(label.id)
                .lost_focus();
        });
        if let Some(value) = self.draft.variables[self.selected]
            .values
            .iter_mut()
            .find(|v| v.code == code)
        {
            value.examples = from_lines(&self.examples);
            value.counter_examples = from_lines(&self.counter_examples);
        }
        commit
    }

    fn merge_row(
        &mut self,
        ui: &mut egui::Ui,
        key: &str,
        codes: &[(i64, String)],
        commands: &mut Vec<Command>,
    ) {
        ui.separator();
        ui.horizontal(|ui| {
            ui.label(crate::tr!("cb-merge-value"));
            let name = |code: Option<i64>| {
                code.and_then(|c| codes.iter().find(|(x, _)| *x == c))
                    .map_or_else(
                        || crate::tr!("export-choose-lower"),
                        |(c, l)| format!("{c} {l}"),
                    )
            };
            combo(
                ui,
                "merge-from",
                &crate::tr!("cb-merge-value"),
                name(self.merge_from),
                |ui| {
                    for (code, label) in codes {
                        ui.selectable_value(
                            &mut self.merge_from,
                            Some(*code),
                            format!("{code} {label}"),
                        );
                    }
                },
            );
            ui.label(crate::tr!("cb-into"));
            combo(
                ui,
                "merge-into",
                &crate::tr!("cb-merge-into"),
                name(self.merge_into),
                |ui| {
                    for (code, label) in codes {
                        ui.selectable_value(
                            &mut self.merge_into,
                            Some(*code),
                            format!("{code} {label}"),
                        );
                    }
                },
            );
            let ready = matches!((self.merge_from, self.merge_into), (Some(a), Some(b)) if a != b);
            if ui
                .add_enabled(ready, egui::Button::new(crate::tr!("cb-merge")))
                .on_hover_text(crate::tr!("cb-merge-hint"))
                .clicked()
                && let (Some(from), Some(into)) = (self.merge_from, self.merge_into)
            {
                commands.push(
                    SupervisorAction::MergeValue {
                        variable: key.to_owned(),
                        from,
                        into,
                    }
                    .into(),
                );
                self.merge_from = None;
                self.merge_into = None;
            }
        });
    }
}
