//! The coding form: one group per codebook variable, the current variable highlighted, each
//! value with its key; and the codebook panel (F1).

use std::collections::HashMap;

use crate::desk::{DeskSession, TextTarget, parse_typed, value_keys};
use crate::model::{Answer, Codebook, Kind, Level, Unit, Variable};
use crate::ui::command::{Command, DeskCommand};

#[derive(Default)]
pub struct FormView {
    current: usize,
    /// Value cursor (index into the variable's values) per variable key.
    cursor: HashMap<String, usize>,
    /// What the number, text and note fields show: read from the session (the text typed and
    /// not saved yet, else what is stored) whenever the unit or a saved value changes.
    fields: HashMap<TextTarget, String>,
    /// The unit and session revision `fields` were read for.
    fields_for: Option<(String, u64)>,
    focus_field: bool,
    pub leave_field: bool,
    editing: bool,
    /// Bring the current variable into view (it changed by keyboard).
    scroll_to_current: bool,
}

impl FormView {
    pub fn editing(&self) -> bool {
        self.editing
    }

    pub fn current_variable<'a>(&self, session: &'a DeskSession) -> Option<&'a Variable> {
        session.codebook().variables.get(self.current)
    }

    /// A newly shown unit: the first variable still to code becomes current, and the fields
    /// show that unit's values.
    pub fn unit_changed(&mut self, session: &DeskSession, unit: Option<&Unit>) {
        self.fields.clear();
        self.fields_for = None;
        self.cursor.clear();
        let Some(unit) = unit else { return };
        for variable in &session.codebook().variables {
            let chosen = match session.answer(&unit.uid, &variable.key) {
                Some(Answer::Code(code)) => variable.values.iter().position(|v| v.code == *code),
                Some(Answer::Codes(codes)) => codes
                    .first()
                    .and_then(|c| variable.values.iter().position(|v| v.code == *c)),
                Some(Answer::Number(_) | Answer::Text(_)) | None => None,
            };
            self.cursor
                .insert(variable.key.clone(), chosen.unwrap_or(0));
        }
        let variables = &session.codebook().variables;
        self.current = variables
            .iter()
            .position(|v| v.required && session.answer(&unit.uid, &v.key).is_none())
            .unwrap_or(0);
        self.scroll_to_current = true;
        self.focus_field = false;
        self.leave_field = true;
    }

    /// The fields read again from the session when the unit or a saved value changed (a save,
    /// an undo, a reload): the field being typed in shows what the session holds for it, which
    /// is what was typed.
    fn read_fields(&mut self, session: &DeskSession, unit: &Unit) {
        let key = (unit.uid.clone(), session.revision());
        if self.fields_for.as_ref() == Some(&key) {
            return;
        }
        self.fields.clear();
        for variable in &session.codebook().variables {
            if !variable.kind.has_values() {
                let target = TextTarget::Variable(variable.key.clone());
                let text = session.field_text(unit, &target);
                self.fields.insert(target, text);
            }
        }
        self.fields.insert(
            TextTarget::Note,
            session.field_text(unit, &TextTarget::Note),
        );
        self.fields_for = Some(key);
    }

    /// Makes a typed variable current and puts the cursor in its field (its text needs mending).
    pub fn focus_field(&mut self, session: &DeskSession, key: &str) {
        self.focus_variable(session, key);
        self.focus_field = true;
        self.leave_field = false;
    }

    pub fn move_variable(&mut self, session: &DeskSession, step: isize, focus: bool) {
        let count = session.codebook().variables.len();
        if count == 0 {
            return;
        }
        self.current = (self.current as isize + step).clamp(0, count as isize - 1) as usize;
        self.scroll_to_current = true;
        let typed = self
            .current_variable(session)
            .is_some_and(|v| !v.kind.has_values());
        self.focus_field = focus && typed;
        self.leave_field = !typed;
    }

    pub fn focus_variable(&mut self, session: &DeskSession, key: &str) {
        if let Some(index) = session
            .codebook()
            .variables
            .iter()
            .position(|v| v.key == key)
        {
            self.current = index;
            self.scroll_to_current = true;
        }
    }

    pub fn move_cursor(&mut self, session: &DeskSession, step: isize) {
        if let Some(variable) = self.current_variable(session) {
            let count = variable.values.len();
            if count > 0 {
                let at = self.cursor.entry(variable.key.clone()).or_insert(0);
                *at = (*at as isize + step).rem_euclid(count as isize) as usize;
            }
        }
    }

    pub fn set_cursor(&mut self, variable: &Variable, code: i64) {
        if let Some(index) = variable.values.iter().position(|v| v.code == code) {
            self.cursor.insert(variable.key.clone(), index);
        }
    }

    pub fn cursor_code(&self, variable: &Variable) -> Option<i64> {
        let index = self.cursor.get(&variable.key).copied().unwrap_or(0);
        variable
            .values
            .get(index)
            .filter(|v| !v.retired)
            .map(|v| v.code)
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        session: &DeskSession,
        unit: Option<&Unit>,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.heading(crate::tr!("form-heading"));
        let Some(unit) = unit else {
            return commands;
        };
        self.read_fields(session, unit);
        self.editing = false;
        egui::ScrollArea::vertical().show(ui, |ui| {
            let variables = &session.codebook().variables;
            let mut group: Option<&str> = None;
            for (index, variable) in variables.iter().enumerate() {
                if variable.group.as_deref() != group {
                    group = variable.group.as_deref();
                    if let Some(heading) = group.and_then(|g| group_heading(g, variables)) {
                        ui.add_space(6.0);
                        ui.label(egui::RichText::new(heading).strong());
                    }
                }
                let current = index == self.current;
                let frame = egui::Frame::group(ui.style()).stroke(if current {
                    ui.visuals().selection.stroke
                } else {
                    ui.visuals().widgets.noninteractive.bg_stroke
                });
                let shown = frame.show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    if self.variable(ui, session, unit, variable, current, &mut commands) {
                        self.current = index;
                    }
                });
                if current && std::mem::take(&mut self.scroll_to_current) {
                    shown.response.scroll_to_me(None);
                }
            }
            ui.add_space(8.0);
            let label = ui.label(crate::tr!("form-note"));
            let text = self.fields.entry(TextTarget::Note).or_default();
            // Tab is the desk's (the next variable), not egui's move to the next widget.
            let note = ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .lock_focus(true)
                    // A field of its own per unit: egui's Ctrl+Z history in a field never
                    // brings back text typed on another unit.
                    .id_salt(("note", &unit.uid)),
            );
            let note = note.labelled_by(label.id);
            self.track(&note, unit, TextTarget::Note, &mut commands);
        });
        // Leaving a field is a request for this frame only.
        self.leave_field = false;
        commands
    }

    /// Hands what is typed in a field to the session, for the unit the field shows, and asks
    /// for it to be saved when the field loses focus; notes whether a field is being typed in.
    fn track(
        &mut self,
        response: &egui::Response,
        unit: &Unit,
        target: TextTarget,
        commands: &mut Vec<Command>,
    ) {
        if response.changed() {
            let text = self.fields.get(&target).cloned().unwrap_or_default();
            commands.push(
                DeskCommand::Edit {
                    unit: unit.uid.clone(),
                    target: target.clone(),
                    text,
                }
                .into(),
            );
        }
        if response.has_focus() {
            self.editing = true;
            if std::mem::take(&mut self.leave_field) {
                response.surrender_focus();
            }
        }
        // egui says "lost focus" for two frames: the second time finds nothing left to save.
        if response.lost_focus() {
            commands.push(
                DeskCommand::CommitEdit {
                    unit: unit.uid.clone(),
                    target,
                }
                .into(),
            );
        }
    }

    /// Draws one variable; returns true when it was clicked (so it becomes current).
    fn variable(
        &mut self,
        ui: &mut egui::Ui,
        session: &DeskSession,
        unit: &Unit,
        variable: &Variable,
        current: bool,
        commands: &mut Vec<Command>,
    ) -> bool {
        let answer = session.answer(&unit.uid, &variable.key);
        let missing = variable.required && answer.is_none();
        let mut title = egui::RichText::new(&variable.label).strong();
        if missing {
            title = title.color(ui.visuals().warn_fg_color);
        }
        let mut clicked = false;
        let title_id = ui
            .horizontal(|ui| {
                let marker = if current { "»" } else { " " };
                ui.label(marker);
                let title = ui.label(title).on_hover_text(&variable.definition);
                if variable.required {
                    ui.small(if missing {
                        crate::tr!("form-required-missing")
                    } else {
                        crate::tr!("form-required")
                    });
                }
                title.id
            })
            .inner;
        let cursor = self.cursor.get(&variable.key).copied().unwrap_or(0);
        let keys = value_keys(variable);
        let value_row = |ui: &mut egui::Ui| {
            for (index, (value, (_, key))) in variable.values.iter().zip(&keys).enumerate() {
                let chosen = match answer {
                    Some(Answer::Code(code)) => *code == value.code,
                    Some(Answer::Codes(codes)) => codes.contains(&value.code),
                    _ => false,
                };
                if value.retired && !chosen {
                    continue;
                }
                let key = key.map_or(String::new(), |k| format!("[{k}] "));
                let indent = if value.parent.is_some() { "    " } else { "" };
                let mut text = egui::RichText::new(format!("{indent}{key}{}", value.label));
                if chosen {
                    text = text.strong();
                }
                if current && index == cursor {
                    text = text.underline();
                }
                let hover = if value.examples.is_empty() {
                    value.definition.clone()
                } else {
                    crate::tr!(
                        "form-value-hover",
                        definition = &value.definition,
                        examples = value.examples.join("; ")
                    )
                };
                let response = chosen_row(ui, chosen, |ui| {
                    if variable.kind == Kind::Multi {
                        let mut ticked = chosen;
                        ui.checkbox(&mut ticked, text)
                    } else {
                        ui.radio(chosen, text)
                    }
                });
                if response.on_hover_text(hover).clicked() {
                    clicked = true;
                    self.cursor.insert(variable.key.clone(), index);
                    let command = if variable.kind == Kind::Multi {
                        DeskCommand::Toggle {
                            unit: unit.uid.clone(),
                            variable: variable.key.clone(),
                            code: value.code,
                        }
                    } else {
                        DeskCommand::SetAnswer {
                            unit: unit.uid.clone(),
                            variable: variable.key.clone(),
                            answer: (!chosen).then_some(Answer::Code(value.code)),
                        }
                    };
                    commands.push(command.into());
                }
            }
        };
        match variable.kind {
            Kind::Single if variable.level == Level::Ordinal => {
                ui.horizontal_wrapped(value_row);
            }
            Kind::Single | Kind::Multi => {
                ui.vertical(value_row);
            }
            Kind::Number | Kind::Text => {
                let target = TextTarget::Variable(variable.key.clone());
                let text = self.fields.entry(target.clone()).or_default();
                // Tab is the desk's (the next variable), not egui's move to the next widget.
                let edit = if variable.kind == Kind::Number {
                    egui::TextEdit::singleline(text)
                        .desired_width(140.0)
                        .lock_focus(true)
                } else {
                    egui::TextEdit::multiline(text)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY)
                        .lock_focus(true)
                };
                // A field of its own per unit: egui's Ctrl+Z history in a field never brings
                // back text typed on another unit.
                let edit = edit.id_salt(("field", &variable.key, &unit.uid));
                let response = ui.add(edit).labelled_by(title_id);
                if current && std::mem::take(&mut self.focus_field) {
                    response.request_focus();
                }
                if response.clicked() || response.gained_focus() {
                    clicked = true;
                }
                self.track(&response, unit, target.clone(), commands);
                let text = self.fields.get(&target).map_or("", String::as_str);
                if parse_typed(variable, text).is_none() {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        crate::tr!(
                            "form-not-a-number",
                            variable = &variable.label,
                            text = text.trim()
                        ),
                    );
                } else if variable.prefill.is_some() && answer.is_none() && !text.is_empty() {
                    ui.small(crate::tr!("form-prefilled"));
                }
            }
        }
        clicked
    }
}

/// The codebook side panel: every variable with its values, definitions and examples.
pub fn codebook_panel(ui: &mut egui::Ui, codebook: &Codebook) {
    ui.heading(crate::tr!("form-codebook"));
    ui.small(crate::tr!(
        "form-codebook-version",
        name = &codebook.name,
        version = codebook.version
    ));
    egui::ScrollArea::vertical().show(ui, |ui| {
        for variable in &codebook.variables {
            ui.add_space(6.0);
            let lang = crate::i18n::ui_language();
            ui.strong(format!(
                "{} ({}, {})",
                variable.label,
                variable.kind.name(lang),
                variable.level.name(lang)
            ));
            ui.label(&variable.definition);
            for value in variable.values.iter().filter(|v| !v.retired) {
                ui.label(egui::RichText::new(format!("{} {}", value.code, value.label)).strong());
                ui.label(&value.definition);
                for example in &value.examples {
                    ui.small(crate::tr!("form-example", example = example));
                }
                for counter in &value.counter_examples {
                    ui.small(crate::tr!("form-counter-example", example = counter));
                }
            }
        }
    });
}

/// Draws a value's radio button or checkbox; a chosen value gets the selection colour behind the
/// whole row and the selection's text colour, so that what is coded shows at a glance in both
/// themes (a small dot or tick alone was easy to miss, and pale grey in the light theme).
pub(super) fn chosen_row(
    ui: &mut egui::Ui,
    chosen: bool,
    widget: impl FnOnce(&mut egui::Ui) -> egui::Response,
) -> egui::Response {
    if !chosen {
        return widget(ui);
    }
    let background = ui.painter().add(egui::Shape::Noop);
    let selection = ui.visuals().selection;
    let response = ui
        .scope(|ui| {
            ui.visuals_mut().override_text_color = Some(selection.stroke.color);
            widget(ui)
        })
        .inner;
    let row = if ui.layout().is_horizontal() {
        response.rect
    } else {
        egui::Rect::from_x_y_ranges(ui.max_rect().x_range(), response.rect.y_range())
    };
    ui.painter().set(
        background,
        egui::epaint::RectShape::filled(row.expand(2.0), 4.0, selection.bg_fill),
    );
    response
}

/// A group's heading above its variables, unless it only repeats the one variable's own title
/// (the tiktok-six codebook numbers each category as a group of one: "1 Theme and focus" above
/// "Theme and focus").
fn group_heading(group: &str, variables: &[crate::model::Variable]) -> Option<String> {
    let members: Vec<&crate::model::Variable> = variables
        .iter()
        .filter(|v| v.group.as_deref() == Some(group))
        .collect();
    let bare = group
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace())
        .to_lowercase();
    let repeats = |label: &str| {
        let label = label.to_lowercase();
        bare.starts_with(&label) || label.starts_with(&bare)
    };
    match members.as_slice() {
        [only] if repeats(&only.label) => None,
        _ => Some(group.to_owned()),
    }
}
