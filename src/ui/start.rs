//! The start screen: the sample study, recent projects, open, and a new project from a preset
//! codebook and a units file.

use std::path::PathBuf;

use super::command::{AppCommand, Command};
use super::files::FileRequest;
use crate::codebook::PRESETS;
use crate::settings::Settings;
use crate::tr;

/// The start screen's column width: lines that read well, buttons that do not stretch.
const COLUMN: f32 = 680.0;

/// The "new project" form.
pub struct NewProject {
    pub open: bool,
    pub path: Option<PathBuf>,
    pub preset: String,
    pub title: String,
    pub units: Option<PathBuf>,
}

/// The "connect to a server study" form. The password lives here only while it is typed.
pub struct ConnectForm {
    pub open: bool,
    pub url: String,
    pub password: String,
    pub media: String,
    /// Put the cursor in the password field on the next frame (the rest is filled in).
    pub focus_password: bool,
    /// The connection profiles of this computer (`connections.toml`), or why they cannot be read.
    profiles: Result<Vec<(String, crate::study::Profile)>, String>,
}

pub struct StartView {
    pub new_project: NewProject,
    pub connect: ConnectForm,
}

impl StartView {
    pub fn new(settings: &Settings) -> StartView {
        let profiles = match crate::study::profiles_file() {
            Some(file) => crate::study::profiles_in(&file)
                .map(|p| p.into_iter().collect())
                .map_err(|e| e.to_string()),
            None => Ok(Vec::new()),
        };
        StartView {
            connect: ConnectForm {
                open: false,
                url: settings.servers.first().cloned().unwrap_or_default(),
                password: String::new(),
                media: String::new(),
                focus_password: false,
                profiles,
            },
            new_project: NewProject {
                open: false,
                path: None,
                preset: "tiktok-six".to_owned(),
                title: String::new(),
                units: None,
            },
        }
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        settings: &Settings,
        busy: Option<&str>,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                // One centred column, as wide as reads well, at any window size.
                let width = ui.available_width().min(COLUMN);
                let margin = ((ui.available_width() - width) / 2.0).max(0.0);
                ui.horizontal(|ui| {
                    ui.add_space(margin);
                    ui.vertical(|ui| {
                        ui.set_width(width);
                        self.column(ui, settings, busy, &mut commands);
                    });
                });
            });
        });
        commands
    }

    fn column(
        &mut self,
        ui: &mut egui::Ui,
        settings: &Settings,
        busy: Option<&str>,
        commands: &mut Vec<Command>,
    ) {
        ui.add_space(24.0);
        ui.heading(egui::RichText::new("Codingdesk").size(28.0).strong());
        ui.label(tr!("start-tagline"));
        ui.add_space(12.0);
        if let Some(message) = busy {
            ui.horizontal(|ui| {
                ui.add(
                    egui::ProgressBar::new(0.0)
                        .animate(true)
                        .desired_width(240.0),
                );
                ui.label(message);
            });
            ui.add_space(8.0);
        }
        ui.add_enabled_ui(busy.is_none(), |ui| {
            ui.horizontal_wrapped(|ui| {
                let big = |text: &str| egui::Button::new(text).min_size(egui::vec2(0.0, 32.0));
                if ui.add(big(&tr!("start-open-sample"))).clicked() {
                    commands.push(AppCommand::OpenSample.into());
                }
                if ui.add(big(&tr!("start-open-project"))).clicked() {
                    commands.push(AppCommand::Choose(FileRequest::Project).into());
                }
                if ui
                    .add(big(&tr!("start-new-project")).selected(self.new_project.open))
                    .clicked()
                {
                    self.new_project.open = !self.new_project.open;
                }
                if ui
                    .add(big(&tr!("start-connect")).selected(self.connect.open))
                    .clicked()
                {
                    self.connect.open = !self.connect.open;
                }
            });
            ui.small(tr!("start-drop-hint"));
            if self.new_project.open {
                ui.add_space(8.0);
                egui::Frame::group(ui.style())
                    .inner_margin(12.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        self.new_project_form(ui, commands)
                    });
            }
            if self.connect.open {
                ui.add_space(8.0);
                egui::Frame::group(ui.style())
                    .inner_margin(12.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        self.connect_form(ui, settings, commands)
                    });
            }
            ui.add_space(16.0);
            ui.heading(tr!("start-recent"));
            let recent: Vec<&PathBuf> = settings.recent.iter().filter(|p| p.is_file()).collect();
            if recent.is_empty() {
                ui.weak(tr!("start-none-yet"));
            }
            egui::Grid::new("recent-projects")
                .num_columns(2)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    for path in recent {
                        let name = path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        if ui
                            .link(name)
                            .on_hover_text(path.display().to_string())
                            .clicked()
                        {
                            commands.push(AppCommand::OpenProject(path.clone()).into());
                        }
                        let folder = path
                            .parent()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default();
                        ui.add(egui::Label::new(egui::RichText::new(folder).weak()).truncate());
                        ui.end_row();
                    }
                });
        });
    }

    fn connect_form(
        &mut self,
        ui: &mut egui::Ui,
        settings: &Settings,
        commands: &mut Vec<Command>,
    ) {
        let form = &mut self.connect;
        ui.strong(tr!("start-connect-heading"));
        ui.small(tr!("start-connect-explain"));
        let mut submitted = false;
        egui::Grid::new("connect").num_columns(2).show(ui, |ui| {
            let label = ui.label(tr!("start-server-url"));
            ui.add(
                egui::TextEdit::singleline(&mut form.url)
                    .hint_text("postgres://li_na@db.lab:5432/chongqing")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            ui.end_row();

            let label = ui.label(tr!("start-password"));
            let password = ui
                .add(
                    egui::TextEdit::singleline(&mut form.password)
                        .password(true)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut form.focus_password) {
                password.request_focus();
            }
            submitted |= password.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.end_row();

            let label = ui.label(tr!("start-media-folder"));
            ui.add(
                egui::TextEdit::singleline(&mut form.media)
                    .hint_text(tr!("start-media-folder-hint"))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            ui.end_row();
        });
        let ready = !form.url.trim().is_empty();
        submitted |= ui
            .add_enabled(ready, egui::Button::new(tr!("start-connect-button")))
            .clicked();
        if submitted && ready {
            let password = std::mem::take(&mut form.password);
            let media = form.media.trim();
            commands.push(
                AppCommand::Connect {
                    login: crate::server::replica::Login::new(&form.url, Some(password)),
                    media: (!media.is_empty()).then(|| PathBuf::from(media)),
                }
                .into(),
            );
        }
        let profiles = match &form.profiles {
            Ok(profiles) => profiles.as_slice(),
            Err(problem) => {
                ui.colored_label(ui.visuals().error_fg_color, problem);
                &[]
            }
        };
        if !settings.servers.is_empty() || !profiles.is_empty() {
            ui.add_space(6.0);
            ui.label(tr!("start-recent-servers"));
        }
        for (name, profile) in profiles {
            if ui
                .link(format!("@{name}"))
                .on_hover_text(&profile.url)
                .clicked()
            {
                form.url = profile.url.clone();
                form.media = profile
                    .media
                    .as_ref()
                    .map(|m| m.display().to_string())
                    .unwrap_or_default();
            }
        }
        for url in &settings.servers {
            if ui.link(url).clicked() {
                form.url = url.clone();
            }
        }
    }

    fn new_project_form(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let form = &mut self.new_project;
        ui.strong(tr!("start-new-project-heading"));
        egui::Grid::new("new-project")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label(tr!("start-title"));
                ui.add(
                    egui::TextEdit::singleline(&mut form.title).hint_text(tr!("start-title-hint")),
                )
                .labelled_by(label.id);
                ui.end_row();

                let label = ui.label(tr!("start-codebook"));
                egui::ComboBox::from_id_salt("preset")
                    .selected_text(form.preset.clone())
                    .show_ui(ui, |ui| {
                        for preset in PRESETS {
                            ui.selectable_value(
                                &mut form.preset,
                                preset.name.to_owned(),
                                preset.name,
                            )
                            .on_hover_text(preset.summary(crate::i18n::ui_language()));
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();

                ui.label(tr!("start-units-file"));
                ui.horizontal(|ui| {
                    let shown = form
                        .units
                        .as_ref()
                        .map_or(tr!("start-units-none"), |p| p.display().to_string());
                    ui.label(shown);
                    if ui.button(tr!("start-choose-units")).clicked() {
                        commands.push(AppCommand::Choose(FileRequest::Units).into());
                    }
                });
                ui.end_row();

                ui.label(tr!("start-save-as"));
                ui.horizontal(|ui| {
                    let shown = form
                        .path
                        .as_ref()
                        .map_or(tr!("start-not-chosen"), |p| p.display().to_string());
                    ui.label(shown);
                    if ui.button(tr!("start-choose-save")).clicked() {
                        commands.push(AppCommand::Choose(FileRequest::NewProject).into());
                    }
                });
                ui.end_row();
            });
        let ready = form.path.is_some();
        if ui
            .add_enabled(ready, egui::Button::new(tr!("start-create")))
            .clicked()
            && let Some(path) = form.path.clone()
        {
            let title = if form.title.trim().is_empty() {
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            } else {
                form.title.trim().to_owned()
            };
            commands.push(
                AppCommand::CreateProject {
                    path,
                    preset: form.preset.clone(),
                    title,
                    units: form.units.clone(),
                }
                .into(),
            );
        }
    }
}
