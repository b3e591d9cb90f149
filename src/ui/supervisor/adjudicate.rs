//! Adjudication: for one unit × variable the coders disagree on, the post card and every coder's
//! value side by side (names are shown here: this is the supervisor's view); the supervisor
//! picks the final value by key or click, with an optional reason. Raw codes are never changed.
//!
//! Keys: the value's key picks it (ticks or unticks for multi-select), Shift+1…9 takes the
//! n-th coder's value, Delete clears the final value, Enter goes to the next open disagreement,
//! Up/Down move through the list.

use std::path::Path;

use egui::{Key, Modifiers};

use super::{Snapshot, combo};
use crate::desk::value_keys;
use crate::model::{Answer, Kind, Variable};
use crate::results::Disagreement;
use crate::supervise::SupervisorAction;
use crate::ui::command::{Command, SupervisorCommand};
use crate::ui::desk::card::CardView;
use crate::ui::desk::video::VideoPrefs;
use crate::ui::images::ImageLoader;

#[derive(Default)]
pub struct AdjudicationView {
    current: usize,
    reason: String,
    /// A final value typed in (numbers, text, or codes/labels as the CLI takes them).
    typed: String,
    typed_error: Option<String>,
    pub card: CardView,
}

const DIGITS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// Consumes Shift + a digit key, matched by where the key is: with Shift held, the keyboard
/// layout makes Shift+1 arrive as "!" (on a US layout; other layouts differ per digit), which a
/// match on the logical key never sees, while Shift+2's "@" happens to fall back to the digit.
fn consume_shifted_digit(ctx: &egui::Context, digit: Key) -> bool {
    ctx.input_mut(|input| {
        let mut found = false;
        input.events.retain(|event| {
            let is_match = matches!(
                event,
                egui::Event::Key { key, physical_key, modifiers, pressed: true, .. }
                    if modifiers.shift
                        && !modifiers.command
                        && !modifiers.alt
                        && (*physical_key == Some(digit) || *key == digit)
            );
            found |= is_match;
            !is_match
        });
        found
    })
}

impl AdjudicationView {
    /// Shows the disagreement on `variable` of `unit`.
    pub fn go_to(&mut self, snapshot: &Snapshot, unit: &str, variable: &str) {
        if let Some(index) = snapshot
            .disagreements
            .iter()
            .position(|d| d.unit == unit && d.variable == variable)
        {
            self.move_to(index);
        }
    }

    fn move_to(&mut self, index: usize) {
        if index != self.current {
            self.reason.clear();
            self.typed.clear();
            self.typed_error = None;
            self.card.leave_unit();
        }
        self.current = index;
    }

    /// The next disagreement nobody adjudicated, after the current one (wrapping).
    fn next_open(&self, items: &[Disagreement]) -> Option<usize> {
        let n = items.len();
        (1..=n)
            .map(|step| (self.current + step) % n)
            .find(|&i| items[i].adjudicated.is_none())
    }

    fn pick(&self, item: &Disagreement, answer: Option<Answer>) -> SupervisorAction {
        SupervisorAction::Adjudicate {
            unit: item.unit.clone(),
            variable: item.variable.clone(),
            answer,
            reason: self.reason.clone(),
        }
    }

    /// What a value key means: the code for single choice, the set with it toggled for multi.
    fn keyed_answer(item: &Disagreement, variable: &Variable, code: i64) -> Answer {
        if variable.kind != Kind::Multi {
            return Answer::Code(code);
        }
        let mut codes = match item
            .adjudicated
            .as_ref()
            .or(item.answers.first().map(|(_, a)| a))
        {
            Some(Answer::Codes(codes)) => codes.clone(),
            _ => Vec::new(),
        };
        match codes.iter().position(|&c| c == code) {
            Some(at) => {
                codes.remove(at);
            }
            None => {
                codes.push(code);
                codes.sort_unstable();
            }
        }
        Answer::Codes(codes)
    }

    fn keyboard(&mut self, ctx: &egui::Context, snapshot: &Snapshot) -> Vec<Command> {
        let mut commands = Vec::new();
        let items = &snapshot.disagreements;
        // An enlarged picture takes the keys (← → Esc) until it is closed.
        if items.is_empty() || ctx.text_edit_focused() || self.card.viewer_open() {
            return commands;
        }
        let consume = |m: Modifiers, k: Key| ctx.input_mut(|i| i.consume_key(m, k));
        if consume(Modifiers::NONE, Key::Enter) {
            match self.next_open(items) {
                Some(index) => self.move_to(index),
                None => self.move_to((self.current + 1) % items.len()),
            }
            return commands;
        }
        if consume(Modifiers::NONE, Key::ArrowDown) {
            self.move_to((self.current + 1).min(items.len() - 1));
            return commands;
        }
        if consume(Modifiers::NONE, Key::ArrowUp) {
            self.move_to(self.current.saturating_sub(1));
            return commands;
        }
        let Some(item) = items.get(self.current) else {
            return commands;
        };
        let Some(variable) = snapshot.shown.variable(&item.variable) else {
            return commands;
        };
        if consume(Modifiers::NONE, Key::Delete) || consume(Modifiers::NONE, Key::Backspace) {
            commands.push(self.pick(item, None).into());
        }
        for (index, key) in DIGITS.iter().enumerate() {
            if let Some((_, answer)) = item.answers.get(index)
                && consume_shifted_digit(ctx, *key)
            {
                commands.push(self.pick(item, Some(answer.clone())).into());
            }
        }
        if variable.kind.has_values() {
            for (code, key) in value_keys(variable) {
                let key = key.and_then(|c| Key::from_name(&c.to_ascii_uppercase().to_string()));
                if let Some(key) = key
                    && consume(Modifiers::NONE, key)
                {
                    let answer = Self::keyed_answer(item, variable, code);
                    commands.push(self.pick(item, Some(answer)).into());
                }
            }
        }
        commands
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        base: &Path,
        images: &mut ImageLoader,
        prefs: VideoPrefs,
    ) -> Vec<Command> {
        let items = &snapshot.disagreements;
        self.current = self.current.min(items.len().saturating_sub(1));
        let mut commands = self.keyboard(ui.ctx(), snapshot);
        let open = items.iter().filter(|d| d.adjudicated.is_none()).count();
        egui::Panel::bottom("adjudication-keys").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(crate::tr!(
                    "adj-counts",
                    open = open,
                    done = items.len() - open
                ));
                ui.separator();
                ui.small(crate::tr!("adj-keys"));
            });
        });
        egui::Panel::left("disagreement-list")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| self.list(ui, snapshot));
        let Some(item) = items.get(self.current) else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.heading(crate::tr!("adj-none"));
                ui.label(crate::tr!("adj-none-explain"));
            });
            return commands;
        };
        egui::Panel::right("adjudication-form")
            .resizable(true)
            .default_size(420.0)
            .show(ui, |ui| commands.extend(self.form(ui, snapshot, item)));
        egui::CentralPanel::default().show(ui, |ui| {
            match snapshot.disputed_units.get(&item.unit) {
                Some(unit) => commands.extend(self.card.show(ui, base, unit, images, prefs)),
                None => {
                    ui.label(crate::tr!("adj-unit-missing", unit = &item.unit));
                }
            }
        });
        commands
    }

    fn list(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) {
        ui.strong(crate::tr!("adj-disagreements"));
        let row_height = ui.spacing().interact_size.y;
        egui::ScrollArea::vertical().auto_shrink(false).show_rows(
            ui,
            row_height,
            snapshot.disagreements.len(),
            |ui, range| {
                for index in range {
                    let item = &snapshot.disagreements[index];
                    let mark = if item.adjudicated.is_some() {
                        "✔"
                    } else {
                        "•"
                    };
                    let variable = snapshot
                        .shown
                        .variable(&item.variable)
                        .map_or(item.variable.as_str(), |v| v.label.as_str());
                    let text = format!("{mark} {}  {variable}", short(&item.unit));
                    let response = ui.selectable_label(index == self.current, text);
                    if response.clicked() {
                        self.move_to(index);
                    }
                }
            },
        );
    }

    fn form(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        item: &Disagreement,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let variable = snapshot.shown.variable(&item.variable);
        ui.heading(variable.map_or(item.variable.clone(), |v| v.label.clone()));
        ui.label(crate::tr!(
            "adj-unit-variable",
            unit = &item.unit,
            variable = &item.variable
        ));
        if let Some(definition) = variable
            .map(|v| v.definition.as_str())
            .filter(|d| !d.is_empty())
        {
            ui.add(egui::Label::new(egui::RichText::new(definition).weak()).wrap());
        }
        ui.separator();
        ui.strong(crate::tr!("adj-coders-values"));
        egui::Grid::new("coder-values")
            .striped(true)
            .show(ui, |ui| {
                for (index, (coder, answer)) in item.answers.iter().enumerate() {
                    ui.label(format!("Shift+{}", index + 1));
                    ui.label(coder);
                    ui.strong(crate::format::answer(variable, answer));
                    if ui.button(crate::tr!("adj-take", coder = coder)).clicked() {
                        commands.push(self.pick(item, Some(answer.clone())).into());
                    }
                    ui.end_row();
                }
            });
        ui.separator();
        ui.horizontal(|ui| {
            ui.strong(crate::tr!("adj-final"));
            match &item.adjudicated {
                Some(answer) => ui.strong(crate::format::answer(variable, answer)),
                None => ui.weak(crate::tr!("adj-not-yet")),
            };
        });
        if let Some(variable) = variable.filter(|v| v.kind.has_values()) {
            let keys = value_keys(variable);
            ui.horizontal_wrapped(|ui| {
                for value in variable.values.iter().filter(|v| !v.retired) {
                    let key = keys
                        .iter()
                        .find(|(c, _)| *c == value.code)
                        .and_then(|(_, k)| *k)
                        .map_or(String::new(), |k| format!("[{k}] "));
                    let chosen = match &item.adjudicated {
                        Some(Answer::Code(c)) => *c == value.code,
                        Some(Answer::Codes(codes)) => codes.contains(&value.code),
                        _ => false,
                    };
                    let response = ui
                        .selectable_label(chosen, format!("{key}{} {}", value.code, value.label))
                        .on_hover_text(&value.definition);
                    if response.clicked() {
                        let answer = Self::keyed_answer(item, variable, value.code);
                        commands.push(self.pick(item, Some(answer)).into());
                    }
                }
            });
        }
        if let Some(variable) = variable {
            ui.horizontal(|ui| {
                let label = ui.label(crate::tr!("adj-type-final"));
                let response = ui
                    .add(egui::TextEdit::singleline(&mut self.typed).desired_width(160.0))
                    .labelled_by(label.id);
                let entered =
                    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button(crate::tr!("adj-set")).clicked() || entered)
                    && !self.typed.trim().is_empty()
                {
                    match crate::import::parse_answer(variable, &self.typed) {
                        Ok(answer) => {
                            self.typed_error = None;
                            commands.push(self.pick(item, Some(answer)).into());
                        }
                        Err(message) => self.typed_error = Some(message),
                    }
                }
            });
            if let Some(message) = &self.typed_error {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
        }
        ui.horizontal(|ui| {
            let label = ui.label(crate::tr!("adj-reason"));
            ui.add(egui::TextEdit::singleline(&mut self.reason).desired_width(f32::INFINITY))
                .labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    item.adjudicated.is_some(),
                    egui::Button::new(crate::tr!("adj-clear")),
                )
                .clicked()
            {
                commands.push(self.pick(item, None).into());
            }
            if ui.button(crate::tr!("adj-next-open")).clicked()
                && let Some(index) = self.next_open(&snapshot.disagreements)
            {
                self.move_to(index);
            }
        });
        ui.separator();
        ui.horizontal(|ui| {
            ui.label(crate::tr!("adj-primary"));
            let current = snapshot
                .primary
                .clone()
                .unwrap_or_else(|| crate::tr!("adj-no-primary"));
            combo(
                ui,
                "primary-coder",
                &crate::tr!("adj-primary-name"),
                current,
                |ui| {
                    for coder in &snapshot.coders {
                        if ui
                            .selectable_label(snapshot.primary.as_ref() == Some(coder), coder)
                            .clicked()
                        {
                            commands.push(SupervisorAction::SetPrimaryCoder(coder.clone()).into());
                        }
                    }
                },
            );
        });
        let others: Vec<&Disagreement> = snapshot
            .disagreements
            .iter()
            .filter(|d| d.unit == item.unit && d.variable != item.variable)
            .collect();
        if !others.is_empty() {
            ui.separator();
            ui.strong(crate::tr!("adj-others"));
            for other in others {
                let state = if other.adjudicated.is_some() {
                    crate::tr!("adj-state-done")
                } else {
                    crate::tr!("rel-open")
                };
                let label = snapshot
                    .shown
                    .variable(&other.variable)
                    .map_or(other.variable.as_str(), |v| v.label.as_str());
                if ui.link(format!("{label} ({state})")).clicked() {
                    commands.push(
                        SupervisorCommand::GoToDisagreement {
                            unit: other.unit.clone(),
                            variable: other.variable.clone(),
                        }
                        .into(),
                    );
                }
            }
        }
        commands
    }
}

/// The end of a long platform id, enough to tell units apart in a list.
fn short(uid: &str) -> String {
    let chars: Vec<char> = uid.chars().collect();
    if chars.len() <= 12 {
        uid.to_owned()
    } else {
        format!("…{}", chars[chars.len() - 10..].iter().collect::<String>())
    }
}
