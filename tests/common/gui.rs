//! The window under egui_kittest: a fresh copy of the Chongqing sample and a harness on it.

use std::path::PathBuf;

use codingdesk::samples;
use codingdesk::ui::{AppCommand, CodingdeskApp};
use egui_kittest::Harness;

/// Egui's own fonts have no Chinese: the tests need a system CJK font (CI installs
/// fonts-wqy-microhei). Without one, laying out a caption would panic on a missing glyph.
pub fn load_cjk_font(ctx: &egui::Context) {
    assert!(
        codingdesk::ui::fonts::load_cjk_fallback(ctx),
        "the GUI tests need a CJK font: apt-get install fonts-wqy-microhei"
    );
}

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub project: PathBuf,
    pub settings: PathBuf,
}

/// A fresh copy of the Chongqing sample (three coders' codes already in it).
pub fn sample() -> Fixture {
    sample_at("chongqing-tiktok", "cq/chongqing.cdesk")
}

/// A fresh copy of a bundled sample.
pub fn sample_named(name: &str) -> Fixture {
    sample_at(name, &format!("{name}/{name}.cdesk"))
}

fn sample_at(name: &str, file: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join(file);
    let sample = samples::sample(name).unwrap();
    // The sample's title is in the language of whoever makes it: English here, on any machine.
    codingdesk::i18n::set_ui_language(codingdesk::i18n::Lang::En);
    samples::build(sample, &project, samples::Existing::Replace).unwrap();
    Fixture {
        settings: dir.path().join("settings.json"),
        project,
        _dir: dir,
    }
}

/// The app in a 1280×800 window, opened on the fixture's project.
pub fn harness(fixture: &Fixture) -> Harness<'static, CodingdeskApp> {
    harness_on(&fixture.project, &fixture.settings)
}

/// The app in a 1280×800 window with its own settings file, opened on a project file.
pub fn harness_on(
    project: &std::path::Path,
    settings: &std::path::Path,
) -> Harness<'static, CodingdeskApp> {
    harness_speaking(project, settings, codingdesk::i18n::Lang::En)
}

/// The same on a computer whose system language is `lang`.
pub fn harness_speaking(
    project: &std::path::Path,
    settings: &std::path::Path,
    lang: codingdesk::i18n::Lang,
) -> Harness<'static, CodingdeskApp> {
    let app = CodingdeskApp::new(Some(settings.to_owned())).speaking(lang);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        // Events held back for their own frames (several keys that arrived together) take a
        // frame each to settle.
        .with_max_steps(64)
        .with_context_setup(load_cjk_font)
        .build_ui_state(|ui, app: &mut CodingdeskApp| app.show(ui), app);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, AppCommand::OpenProject(project.to_owned()).into());
    harness.run();
    harness
}

/// Replaces a text field's content as a person would: click, select all, type.
pub fn retype(harness: &mut Harness<'static, CodingdeskApp>, label: &str, text: &str) {
    use egui_kittest::kittest::Queryable;
    harness.get_by_label(label).click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
}
