//! The coding form: one group per codebook variable, the current variable highlighted, each
//! value with its key; and the codebook panel (F1).

use std::collections::HashMap;

use crate::desk::{DeskSession, value_keys};
use crate::model::{Answer, Codebook, Kind, Level, Unit, Variable, format_number};
use crate::ui::command::{Command, DeskCommand};

/// A number, text or note field being typed in; saved when it loses focus.
#[derive(Default, Clone)]
struct Field {
    text: String,
    dirty: bool,
}

#[derive(Default)]
pub struct FormView {
    current: usize,
    /// Value cursor (index into the variable's values) per variable key.
    cursor: HashMap<String, usize>,
    fields: HashMap<String, Field>,
    note: Field,
    focus_field: bool,
    pub leave_field: bool,
    editing: bool,
    error: Option<String>,
    /// Bring the current variable into view (it changed by keyboard).
    scroll_to_current: bool,
}

const NOTE: &str = "\u{0}note";

impl FormView {
    pub fn editing(&self) -> bool {
        self.editing
    }

    pub fn current_variable<'a>(&self, session: &'a DeskSession) -> Option<&'a Variable> {
        session.codebook().variables.get(self.current)
    }

    /// Fresh fields for a newly shown unit; the first variable still to code becomes current.
    pub fn unit_changed(&mut self, session: &DeskSession, unit: Option<&Unit>) {
        self.fields.clear();
        self.cursor.clear();
        self.error = None;
        self.note = Field::default();
        let Some(unit) = unit else { return };
        self.note.text = session.note(&unit.uid).to_owned();
        for variable in &session.codebook().variables {
            let text = match (variable.kind, session.answer(&unit.uid, &variable.key)) {
                (Kind::Number, _) => session
                    .shown_number(unit, variable)
                    .map(format_number)
                    .unwrap_or_default(),
                (Kind::Text, Some(Answer::Text(text))) => text.clone(),
                _ => String::new(),
            };
            self.fields
                .insert(variable.key.clone(), Field { text, dirty: false });
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

    /// Adds `text` at the end of the unit note (on a new line if the note has text) and returns
    /// the note to save; the note field shows it.
    pub fn append_to_note(&mut self, text: &str) -> String {
        let note = self.note.text.trim_end();
        self.note.text = if note.is_empty() {
            text.to_owned()
        } else {
            format!("{note} {text}")
        };
        // Saved by the caller now: not again when the field is left.
        self.note.dirty = false;
        self.note.text.clone()
    }

    /// Fields typed in but not yet saved, as commands (before the desk moves to another unit),
    /// or why a field's text cannot be saved.
    pub fn take_pending(&mut self, session: &DeskSession) -> Vec<Result<DeskCommand, String>> {
        let mut commands = Vec::new();
        for variable in &session.codebook().variables {
            if let Some(field) = self.fields.get_mut(&variable.key)
                && field.dirty
            {
                field.dirty = false;
                commands.push(
                    parse_field(variable, &field.text)
                        .map(|answer| DeskCommand::SetAnswer {
                            variable: variable.key.clone(),
                            answer,
                        })
                        .map_err(|why| {
                            crate::tr!("form-not-saved", variable = &variable.label, reason = why)
                        }),
                );
            }
        }
        if self.note.dirty {
            self.note.dirty = false;
            commands.push(Ok(DeskCommand::SetNote(self.note.text.trim().to_owned())));
        }
        commands
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
            let note = ui.add(
                egui::TextEdit::multiline(&mut self.note.text)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            );
            let note = note.labelled_by(label.id);
            self.track(&note, NOTE, &mut commands);
        });
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        // Leaving a field is a request for this frame only.
        self.leave_field = false;
        commands
    }

    /// Saves a typed field when it loses focus; notes whether a field is being typed in.
    fn track(&mut self, response: &egui::Response, key: &str, commands: &mut Vec<Command>) {
        let field = if key == NOTE {
            &mut self.note
        } else {
            self.fields.entry(key.to_owned()).or_default()
        };
        if response.changed() {
            field.dirty = true;
        }
        if response.has_focus() {
            self.editing = true;
            if std::mem::take(&mut self.leave_field) {
                response.surrender_focus();
            }
        }
        if response.lost_focus() && field.dirty && key == NOTE {
            field.dirty = false;
            commands.push(DeskCommand::SetNote(field.text.trim().to_owned()).into());
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
                            variable: variable.key.clone(),
                            code: value.code,
                        }
                    } else if chosen {
                        DeskCommand::SetAnswer {
                            variable: variable.key.clone(),
                            answer: None,
                        }
                    } else {
                        DeskCommand::SetAnswer {
                            variable: variable.key.clone(),
                            answer: Some(Answer::Code(value.code)),
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
                let field = self.fields.entry(variable.key.clone()).or_default();
                let edit = if variable.kind == Kind::Number {
                    egui::TextEdit::singleline(&mut field.text).desired_width(140.0)
                } else {
                    egui::TextEdit::multiline(&mut field.text)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY)
                };
                let response = ui.add(edit).labelled_by(title_id);
                if current && std::mem::take(&mut self.focus_field) {
                    response.request_focus();
                }
                if response.clicked() || response.gained_focus() {
                    clicked = true;
                }
                self.track(&response, &variable.key, commands);
                let field = self.fields.entry(variable.key.clone()).or_default();
                if response.lost_focus() && field.dirty {
                    match parse_field(variable, &field.text) {
                        Ok(answer) => {
                            field.dirty = false;
                            self.error = None;
                            commands.push(
                                DeskCommand::SetAnswer {
                                    variable: variable.key.clone(),
                                    answer,
                                }
                                .into(),
                            );
                        }
                        Err(message) => self.error = Some(message),
                    }
                }
                if variable.prefill.is_some() && answer.is_none() && !field.text.is_empty() {
                    ui.small(crate::tr!("form-prefilled"));
                }
            }
        }
        clicked
    }
}

/// A typed field's answer: empty clears it; numbers must parse.
fn parse_field(variable: &Variable, text: &str) -> Result<Option<Answer>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match variable.kind {
        Kind::Number => text
            .replace(',', "")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(|n| Some(Answer::Number(n)))
            .ok_or_else(|| {
                crate::tr!("form-not-a-number", variable = &variable.label, text = text)
            }),
        _ => Ok(Some(Answer::Text(text.to_owned()))),
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
