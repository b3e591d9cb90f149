//! The top bar: the study and coder in view, the way between the desk and supervisor mode, the
//! project's actions, the language and the theme. Below a width where they would be drawn over
//! each other, the project's actions and the theme share a "More…" menu; the language stays out.

use super::command::{AppCommand, Command};
use super::files::FileRequest;
use crate::i18n::Lang;
use crate::settings::Settings;
use crate::tr;

/// What the top bar shows of the screen in view, built by the app from its screen (the bar
/// does not reach into the app's screens).
pub(super) enum InView<'a> {
    Start,
    /// "Who is coding?": on a server study the sign-in decides, so no way to supervisor mode.
    ChooseCoder {
        on_server: bool,
    },
    Desk {
        title: &'a str,
        coder: &'a str,
        /// The server's URL for a server study.
        server: Option<&'a str>,
    },
    Supervisor {
        title: &'a str,
        server: Option<&'a str>,
    },
}

/// `built_in_files`: whether files are chosen in the built-in browser (shown as a tick).
pub(super) fn show(
    ui: &mut egui::Ui,
    in_view: &InView<'_>,
    settings: &Settings,
    built_in_files: bool,
    commands: &mut Vec<Command>,
) {
    egui::Panel::top("top-bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.strong("Codingdesk");
            // A long study title gives way (whole on hover) rather than push the actions under
            // the theme and text-size controls.
            let title_room = (ui.available_width() * 0.28).max(120.0);
            let title = |ui: &mut egui::Ui, text: String| {
                ui.scope(|ui| {
                    ui.set_max_width(title_room);
                    ui.add(egui::Label::new(&text).truncate())
                        .on_hover_text(&text);
                });
            };
            // On a server study the sign-in decides who codes and who supervises: the ways
            // between them are not offered.
            let server_mark = |ui: &mut egui::Ui, url: Option<&str>| {
                if let Some(url) = url {
                    ui.weak(tr!("top-on-server")).on_hover_text(url);
                }
            };
            match *in_view {
                InView::Start => {}
                InView::ChooseCoder { on_server } => {
                    if !on_server {
                        supervisor_button(ui, commands);
                    }
                }
                InView::Desk {
                    title: study,
                    coder,
                    server,
                } => {
                    ui.separator();
                    title(ui, study.to_owned());
                    server_mark(ui, server);
                    ui.separator();
                    ui.label(tr!("top-coder", name = coder));
                    if server.is_none() {
                        if ui.button(tr!("top-switch-coder")).clicked() {
                            commands.push(AppCommand::SwitchCoder.into());
                        }
                        supervisor_button(ui, commands);
                    }
                }
                InView::Supervisor {
                    title: study,
                    server,
                } => {
                    ui.separator();
                    title(ui, study.to_owned());
                    server_mark(ui, server);
                    ui.separator();
                    ui.strong(tr!("top-supervisor-mode"));
                    if server.is_none() && ui.button(tr!("top-coders-desk")).clicked() {
                        commands.push(AppCommand::SwitchCoder.into());
                    }
                }
            }
            // Below this width the project's actions and the theme share one menu, so that
            // nothing is drawn over anything else.
            let project_open = !matches!(in_view, InView::Start);
            let needed = if project_open {
                WIDE_ENOUGH + PROJECT_ACTIONS_WIDTH
            } else {
                WIDE_ENOUGH
            };
            let narrow = ui.available_width() < needed;
            if narrow {
                // The language stays in sight: someone who cannot read the current one must
                // find the way out without opening menus.
                language_button(ui, commands);
                ui.menu_button(tr!("top-more"), |ui| {
                    if project_open {
                        project_actions(ui, commands);
                        ui.separator();
                    }
                    theme_menu(ui, commands);
                    ui.separator();
                    ui.label(tr!("top-text-size"));
                    ui.horizontal(|ui| zoom_controls(ui, commands));
                    ui.separator();
                    settings_menu(ui, settings, built_in_files, commands);
                });
            } else {
                if project_open {
                    project_actions(ui, commands);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.menu_button(tr!("top-settings"), |ui| {
                        settings_menu(ui, settings, built_in_files, commands)
                    });
                    theme_switch(ui, commands);
                    ui.separator();
                    language_button(ui, commands);
                    ui.separator();
                    zoom_controls(ui, commands);
                });
            }
        });
    });
}

/// The room the theme, language, text size and Settings controls take side by side (about 530
/// points in English, the longer language), with a margin; with less, they share the "More…"
/// menu.
const WIDE_ENOUGH: f32 = 560.0;

/// The room "Save a copy…" and "Close project" take beside them (about 180 points).
const PROJECT_ACTIONS_WIDTH: f32 = 200.0;

/// What can be done with the open project from the top bar (or its menu when the window is narrow).
fn project_actions(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    if ui
        .button(tr!("top-save-copy"))
        .on_hover_text(tr!("top-save-copy-hint"))
        .clicked()
    {
        commands.push(AppCommand::Choose(FileRequest::Copy).into());
    }
    if ui.button(tr!("top-close-project")).clicked() {
        commands.push(AppCommand::CloseProject.into());
    }
}

/// The text size: smaller, the current size (back to 100 % on click), larger. Ctrl − and Ctrl +
/// do the same. In a right-to-left layout the buttons are added in reverse, to read the same.
fn zoom_controls(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let percent = (ui.ctx().zoom_factor() * 100.0).round();
    let mut buttons = [
        ("A−".to_owned(), tr!("top-zoom-smaller"), -1),
        (format!("{percent}%"), tr!("top-zoom-reset"), 0),
        ("A+".to_owned(), tr!("top-zoom-larger"), 1),
    ];
    if ui.layout().prefer_right_to_left() {
        buttons.reverse();
    }
    for (text, hint, step) in buttons {
        if ui.small_button(text).on_hover_text(hint).clicked() {
            commands.push(AppCommand::Zoom(step).into());
        }
    }
}

/// The theme choice as a menu's entries, top to bottom.
fn theme_menu(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    ui.label(tr!("top-theme"));
    let current = ui.ctx().options(|o| o.theme_preference);
    for (theme, label) in [
        (egui::ThemePreference::System, tr!("top-theme-system")),
        (egui::ThemePreference::Light, tr!("top-theme-light")),
        (egui::ThemePreference::Dark, tr!("top-theme-dark")),
    ] {
        if ui.selectable_label(current == theme, label).clicked() {
            commands.push(AppCommand::SetTheme(theme).into());
        }
    }
}

fn theme_switch(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let current = ui.ctx().options(|o| o.theme_preference);
    for (theme, label) in [
        (egui::ThemePreference::Dark, tr!("top-theme-dark")),
        (egui::ThemePreference::Light, tr!("top-theme-light")),
        (egui::ThemePreference::System, tr!("top-theme-system")),
    ] {
        if ui.selectable_label(current == theme, label).clicked() {
            commands.push(AppCommand::SetTheme(theme).into());
        }
    }
    ui.label(tr!("top-theme-colon"));
}

/// What the Settings menu offers: video playback and how files are chosen.
fn settings_menu(
    ui: &mut egui::Ui,
    settings: &Settings,
    built_in_files: bool,
    commands: &mut Vec<Command>,
) {
    let mut looping = settings.loop_short_videos();
    if ui
        .checkbox(&mut looping, tr!("top-loop"))
        .on_hover_text(tr!("top-loop-hint"))
        .changed()
    {
        commands.push(AppCommand::LoopShortVideos(looping).into());
    }
    let mut autoplay = settings.autoplay_videos;
    if ui.checkbox(&mut autoplay, tr!("top-autoplay")).changed() {
        commands.push(AppCommand::AutoplayVideos(autoplay).into());
    }
    ui.separator();
    file_browser_choice(ui, built_in_files, commands);
}

/// The current language, in its own name; a click offers the others.
fn language_button(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    ui.menu_button(crate::i18n::ui_language().native_name(), |ui| {
        language_menu(ui, commands)
    })
    .response
    .on_hover_text(tr!("top-language"));
}

/// The window's language, each in its own name, the current one ticked.
fn language_menu(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let current = crate::i18n::ui_language();
    for lang in Lang::ALL {
        if ui
            .selectable_label(current == lang, lang.native_name())
            .clicked()
        {
            commands.push(AppCommand::SetLanguage(lang).into());
            ui.close();
        }
    }
}

/// Whether files are chosen in Codingdesk's own browser rather than the system's dialog.
fn file_browser_choice(ui: &mut egui::Ui, built_in_files: bool, commands: &mut Vec<Command>) {
    let mut on = built_in_files;
    if ui
        .checkbox(&mut on, tr!("top-built-in-browser"))
        .on_hover_text(tr!("top-built-in-browser-hint"))
        .changed()
    {
        commands.push(AppCommand::UseBuiltInFileBrowser(on).into());
    }
}

/// The way from a file study's desk or coder picker to supervisor mode.
fn supervisor_button(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    if ui
        .button(tr!("top-supervisor"))
        .on_hover_text(tr!("top-supervisor-hint"))
        .clicked()
    {
        commands.push(AppCommand::OpenSupervisor.into());
    }
}
