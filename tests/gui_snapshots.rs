//! Pictures of every screen a coder and a supervisor work in — the desk and each supervisor tab —
//! at the smallest supported window (900×600) and a large one (1600×1000), in both themes. A
//! change that moves, clips or overlaps anything shows as a failing snapshot with a diff image
//! (`tests/snapshots/*.diff.png`); `UPDATE_SNAPSHOTS=1 cargo test --test gui_snapshots` accepts
//! an intended change.
#![cfg(feature = "gui")]

mod common;

use codingdesk::ui::{AppCommand, CodingdeskApp, SupervisorTab};
use std::path::{Path, PathBuf};

use codingdesk::samples;
use common::gui::load_cjk_font;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const SIZES: [(&str, f32, f32); 2] = [("900x600", 900.0, 600.0), ("1600x1000", 1600.0, 1000.0)];
const THEMES: [(&str, egui::ThemePreference); 2] = [
    ("light", egui::ThemePreference::Light),
    ("dark", egui::ThemePreference::Dark),
];

/// The sample study at the same path on every machine and every run: the export, chart and
/// package paths the tabs show are part of the pictures.
fn fixed_sample() -> PathBuf {
    let folder = Path::new("/tmp/codingdesk-snapshots/study");
    let _ = std::fs::remove_dir_all(folder);
    std::fs::create_dir_all(folder).unwrap();
    let project = folder.join("chongqing.cdesk");
    let sample = samples::sample("chongqing-tiktok").unwrap();
    samples::build(sample, &project, samples::Existing::Replace).unwrap();
    project
}

fn harness_at(project: &Path, width: f32, height: f32) -> Harness<'static, CodingdeskApp> {
    let app = CodingdeskApp::new(Some(project.with_file_name("settings.json")));
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
fn every_screen_at_two_sizes_in_both_themes() {
    let mut failures = Vec::new();
    for (size, width, height) in SIZES {
        for (theme_name, theme) in THEMES {
            let project = fixed_sample();
            let mut harness = harness_at(&project, width, height);
            set_theme(&mut harness, theme);
            harness.get_by_label("I am Li Na").click();
            settle(&mut harness);
            if let Err(error) = harness.try_snapshot(format!("desk_{size}_{theme_name}")) {
                failures.push(error.to_string());
            }
            harness.get_by_label("Supervisor").click();
            harness.run();
            for tab in SupervisorTab::ALL {
                harness.get_by_label(tab.label()).click();
                settle(&mut harness);
                let name = format!(
                    "supervisor_{}_{size}_{theme_name}",
                    tab.label().to_lowercase()
                );
                if let Err(error) = harness.try_snapshot(name) {
                    failures.push(error.to_string());
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
