//! Pictures of every screen a coder and a supervisor work in — the start screen, "Who is coding?",
//! the desk and each supervisor tab —
//! at the smallest supported window (900×600) and a common laptop one (1280×800), in both themes
//! and both languages (English labels are longer, Chinese ones need CJK glyphs). A change that
//! moves, clips or overlaps anything shows as a failing snapshot with a diff image
//! (`tests/snapshots/*.diff.png`); `UPDATE_SNAPSHOTS=1 cargo test --test gui snapshots::` accepts
//! an intended change.
#![cfg(feature = "gui")]

use crate::common;

use codingdesk::ui::{AppCommand, CodingdeskApp, SupervisorTab};
use std::path::{Path, PathBuf};

use codingdesk::i18n::Lang;
use codingdesk::samples;
use common::gui::load_cjk_font;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const SIZES: [(&str, f32, f32); 2] = [("900x600", 900.0, 600.0), ("1280x800", 1280.0, 800.0)];
const LANGUAGES: [Lang; 2] = [Lang::En, Lang::Zh];
const THEMES: [(&str, egui::ThemePreference); 2] = [
    ("light", egui::ThemePreference::Light),
    ("dark", egui::ThemePreference::Dark),
];

/// The sample study at the same path on every machine and every run (the export, chart and
/// package paths the tabs show are part of the pictures), made in `lang`.
fn fixed_sample(lang: Lang) -> PathBuf {
    // The sample is made in the language of whoever makes it (its title).
    codingdesk::i18n::set_ui_language(lang);
    let folder = Path::new("/tmp/codingdesk-snapshots/study");
    let _ = std::fs::remove_dir_all(folder);
    std::fs::create_dir_all(folder).unwrap();
    let project = folder.join("chongqing.cdesk");
    let sample = samples::sample("chongqing-tiktok").unwrap();
    samples::build(sample, &project, samples::Existing::Replace).unwrap();
    project
}

fn harness_at(
    project: &Path,
    width: f32,
    height: f32,
    lang: Lang,
) -> Harness<'static, CodingdeskApp> {
    // A computer whose system language is `lang`: the window follows it on first start.
    let app = CodingdeskApp::new(Some(project.with_file_name("settings.json"))).speaking(lang);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_context_setup(load_cjk_font)
        .build_ui_state(|ui, app: &mut CodingdeskApp| app.show(ui), app);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, AppCommand::OpenProject(project.to_owned()).into());
    harness.run();
    harness
}

fn start_screen(
    project: &Path,
    width: f32,
    height: f32,
    lang: Lang,
) -> Harness<'static, CodingdeskApp> {
    let app =
        CodingdeskApp::new(Some(project.with_file_name("start-settings.json"))).speaking(lang);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_context_setup(load_cjk_font)
        .build_ui_state(|ui, app: &mut CodingdeskApp| app.show(ui), app);
    harness.run();
    harness
}

fn set_theme(harness: &mut Harness<'static, CodingdeskApp>, theme: egui::ThemePreference) {
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, AppCommand::SetTheme(theme).into());
    harness.run();
}

/// Thumbnails decode on a background thread: give them time before the picture.
fn settle(harness: &mut Harness<'static, CodingdeskApp>) {
    for _ in 0..40 {
        harness.run();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn every_screen_at_two_sizes_in_both_themes_and_languages() {
    let mut failures = Vec::new();
    for lang in LANGUAGES {
        for (size, width, height) in SIZES {
            for (theme_name, theme) in THEMES {
                let project = fixed_sample(lang);
                // The start screen, with no project open.
                let mut start = start_screen(&project, width, height, lang);
                set_theme(&mut start, theme);
                let name = match lang {
                    Lang::En => format!("start_{size}_{theme_name}"),
                    Lang::Zh => format!("zh_start_{size}_{theme_name}"),
                };
                if let Err(error) = start.try_snapshot(name) {
                    failures.push(error.to_string());
                }
                drop(start);
                let mut harness = harness_at(&project, width, height, lang);
                set_theme(&mut harness, theme);
                let prefix = match lang {
                    Lang::En => String::new(),
                    Lang::Zh => "zh_".to_owned(),
                };
                // "Who is coding?" first.
                if let Err(error) =
                    harness.try_snapshot(format!("{prefix}coder_picker_{size}_{theme_name}"))
                {
                    failures.push(error.to_string());
                }
                // Labels are found in the window's language: this thread speaks it now.
                harness
                    .get_by_label(&codingdesk::tr!("picker-i-am", name = "Li Na"))
                    .click();
                settle(&mut harness);
                if let Err(error) =
                    harness.try_snapshot(format!("{prefix}desk_{size}_{theme_name}"))
                {
                    failures.push(error.to_string());
                }
                harness
                    .get_by_label(&codingdesk::tr!("top-supervisor"))
                    .click();
                harness.run();
                for tab in SupervisorTab::ALL {
                    harness.get_by_label(&tab.label()).click();
                    settle(&mut harness);
                    let name = format!(
                        "{prefix}supervisor_{}_{size}_{theme_name}",
                        format!("{tab:?}").to_lowercase()
                    );
                    if let Err(error) = harness.try_snapshot(name) {
                        failures.push(error.to_string());
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
