//! The window in the system's language on first start, switchable at any time and remembered:
//! a coder on a Chinese system codes the Chongqing sample in Chinese (the codebook too), then
//! switches to English; the next start keeps English.
#![cfg(feature = "gui")]

use crate::common;

use codingdesk::i18n::Lang;
use codingdesk::model::Answer;
use codingdesk::store::Project;
use common::gui::{harness_speaking, sample};
use egui_kittest::kittest::Queryable;

#[test]
fn a_chinese_system_codes_in_chinese_and_the_switch_to_english_is_remembered() {
    let fixture = sample();
    let mut harness = harness_speaking(&fixture.project, &fixture.settings, Lang::Zh);

    // First start on a Chinese system: Chinese throughout, the codebook included.
    harness.get_by_label("谁在编码?");
    harness.get_by_label("新编码员:").click();
    harness.get_by_label("新编码员:").type_text("小王");
    harness.run();
    harness.get_by_label("开始编码").click();
    harness.run();
    harness.get_by_label("编码队列");
    harness.get_by_label("[1] 自然风光");
    assert!(harness.query_by_label("[1] Natural landscape").is_none());
    assert!(harness.query_by_label("Queue").is_none());

    // Coding by click and by key stores the codebook's codes, whatever the language.
    harness.get_by_label("[4] 美食").click();
    harness.run();
    harness.key_press(egui::Key::ArrowDown); // shooting
    harness.key_press(egui::Key::Num2);
    harness.run();
    let project = Project::open(&fixture.project).unwrap();
    let first = project.unit_ids().unwrap()[0].clone();
    let answer = |variable: &str| {
        project
            .codings_of_coder("小王")
            .unwrap()
            .into_iter()
            .find(|c| *c.unit == *first && *c.variable == *variable)
            .map(|c| c.answer)
    };
    assert_eq!(answer("theme"), Some(Answer::Code(4)));
    assert_eq!(answer("shooting"), Some(Answer::Codes(vec![2])));

    // Switch to English in the window: the labels and the codebook follow at once.
    harness.get_by_label("简体中文").click();
    harness.run();
    harness.get_by_label("English").click();
    harness.run();
    harness.get_by_label("Queue");
    harness.get_by_label("[4] Food");
    assert!(harness.query_by_label("编码队列").is_none());
    let settings = std::fs::read_to_string(&fixture.settings).unwrap();
    assert!(settings.contains("\"language\": \"en\""), "{settings}");
    drop(harness);

    // Remembered on this computer: the next start is English although the system is Chinese.
    let mut harness = harness_speaking(&fixture.project, &fixture.settings, Lang::Zh);
    harness.run();
    harness.get_by_label("Queue");
    harness.get_by_label("Coder: 小王");
}

#[test]
fn the_supervisor_sees_the_codebook_and_the_reliability_table_in_the_chosen_language() {
    let fixture = sample();
    let mut harness = harness_speaking(&fixture.project, &fixture.settings, Lang::Zh);
    harness.get_by_label("督导模式").click();
    harness.run();
    harness.get_by_label("信度").click();
    harness.run();
    harness.get_by_label("编码员间信度");
    harness.get_by_label("克里彭多夫 α 系数");
    harness.get_by_label("拍摄技巧: 摄影技巧");
    // The codebook editor edits the codebook's own (English) texts and says where the others are.
    harness.get_by_label("编码表").click();
    harness.run();
    assert!(
        !harness
            .query_all_by_label_contains("语言:en, zh")
            .collect::<Vec<_>>()
            .is_empty()
    );
}

/// The language chosen on this computer holds from the first frame, also for a desk opened
/// straight away for the coder remembered there (before anything is drawn).
#[test]
fn a_remembered_coder_opens_straight_into_the_chosen_language() {
    let fixture = sample();
    let project = std::fs::canonicalize(&fixture.project).unwrap();
    let settings = serde_json::json!({
        "language": "zh",
        "coders": { project.display().to_string(): "Li Na" },
    });
    std::fs::write(&fixture.settings, settings.to_string()).unwrap();
    // An English system: the choice made on this computer wins.
    let mut harness = harness_speaking(&fixture.project, &fixture.settings, Lang::En);
    harness.run();
    assert_eq!(harness.state().session().map(|s| s.coder()), Some("Li Na"));
    harness.get_by_label("编码队列");
    harness.get_by_label("[1] 自然风光");
    assert!(harness.query_by_label("[1] Natural landscape").is_none());
}
