//! "Who is coding?": pick a coder of the study or add yourself.

use super::command::{AppCommand, Command};
use crate::store::{Project, StoreError};
use crate::tr;

#[derive(Default)]
pub struct CoderPicker {
    new_name: String,
    /// The study's title and coders, read when the picker opens (not every frame, where a
    /// failure had nowhere to be said).
    title: String,
    coders: Vec<String>,
}

impl CoderPicker {
    pub fn for_study(project: &Project) -> Result<CoderPicker, StoreError> {
        Ok(CoderPicker {
            new_name: String::new(),
            title: project.title()?,
            coders: project.coders()?,
        })
    }

    pub fn knows(&self, coder: &str) -> bool {
        self.coders.iter().any(|known| known == coder)
    }

    pub fn show(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(40.0);
                ui.heading(tr!("picker-who"));
                ui.label(&self.title);
                ui.add_space(12.0);
                if self.coders.is_empty() {
                    ui.label(tr!("picker-none-yet"));
                }
                for coder in &self.coders {
                    if ui.button(tr!("picker-i-am", name = coder)).clicked() {
                        commands.push(AppCommand::ChooseCoder(coder.clone()).into());
                    }
                }
                ui.add_space(12.0);
                ui.horizontal(|ui| {
                    // Centred like the rest: a horizontal row starts at the left edge, so it is
                    // pushed in by half the room it does not use (label, field and button).
                    let row = 80.0 + 200.0 + 110.0 + 2.0 * ui.spacing().item_spacing.x;
                    ui.add_space(((ui.available_width() - row) / 2.0).max(0.0));
                    let label = ui.label(tr!("picker-new-coder"));
                    let field = ui.add(
                        egui::TextEdit::singleline(&mut self.new_name)
                            .hint_text(tr!("picker-your-name"))
                            .desired_width(200.0),
                    );
                    let field = field.labelled_by(label.id);
                    let entered =
                        field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if (ui.button(tr!("picker-start")).clicked() || entered)
                        && !self.new_name.trim().is_empty()
                    {
                        commands
                            .push(AppCommand::ChooseCoder(self.new_name.trim().to_owned()).into());
                    }
                });
                ui.add_space(8.0);
                ui.small(tr!("picker-blind"));
            });
        });
        commands
    }
}
