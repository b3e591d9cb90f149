//! The unit's video in the coder's desk (issue 15), through egui_kittest on a generated 3-second
//! clip: it plays and the picture moves, pause holds it, a skip lands within a frame, twice the
//! speed, coding by keyboard while it plays, the time into the note, and going to another unit
//! stops it (and coming back finds it where it was left).
#![cfg(feature = "gui")]

mod common;

use std::time::{Duration, Instant};

use codingdesk::model::Answer;
use codingdesk::store::Project;
use codingdesk::ui::CodingdeskApp;
use common::video::{clip, tools_or_skip};
use common::{new_project, ok};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

type App = Harness<'static, CodingdeskApp>;

/// Frames for `time` (the player moves on its own threads; frames take what it has).
fn frames_for(harness: &mut App, time: Duration) {
    let start = Instant::now();
    while start.elapsed() < time {
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn frames_until(harness: &mut App, done: impl Fn(&CodingdeskApp) -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(8) {
        harness.step();
        if done(harness.state()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

fn position(harness: &App) -> f64 {
    harness
        .state()
        .video_player()
        .map_or(-1.0, |p| p.position())
}

fn playing(harness: &App) -> bool {
    harness
        .state()
        .video_player()
        .is_some_and(|p| p.is_playing())
}

#[test]
fn a_video_plays_in_the_card_and_the_unit_is_coded_while_it_plays() {
    let Some(tools) =
        tools_or_skip("a_video_plays_in_the_card_and_the_unit_is_coded_while_it_plays")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path(), "tiktok-six");
    clip(&tools, &dir.path().join("v1.mp4"), 3, 440);
    let units = dir.path().join("units.csv");
    std::fs::write(&units, "id,caption,video\nv1,缙云山,v1.mp4\nv2,洪崖洞,\n").unwrap();
    ok(&[&"import", &project, &units]);

    let mut harness = common::gui::harness_on(&project, &dir.path().join("settings.json"));
    harness.get_by_label("New coder:").click();
    harness.run();
    harness.get_by_label("New coder:").type_text("Ana");
    harness.run();
    harness.get_by_label("Start coding").click();
    // The card shows a spinner until the first frame: frames, not `run`.
    harness.step();

    // The first frame shows at once, paused.
    assert!(frames_until(&mut harness, |app| app
        .video_player()
        .is_some_and(|p| p.frame().is_some())));
    assert!(!playing(&harness));
    assert!(
        harness
            .query_by_label_contains("Ctrl+Space play/pause")
            .is_some()
    );
    let first = harness.state().video_player().unwrap().serial();

    // Ctrl+Space plays: the position advances and the picture changes.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Space);
    frames_for(&mut harness, Duration::from_millis(700));
    assert!(playing(&harness));
    assert!(
        (0.4..1.5).contains(&position(&harness)),
        "{}",
        position(&harness)
    );
    assert_ne!(harness.state().video_player().unwrap().serial(), first);

    // A digit codes the unit; the video plays on.
    harness.key_press(Key::Num2);
    frames_for(&mut harness, Duration::from_millis(100));
    assert!(playing(&harness), "coding does not stop the video");
    let stored = |variable: &str| {
        Project::open(&project)
            .unwrap()
            .codings_of_coder("Ana")
            .unwrap()
            .into_iter()
            .find(|c| &*c.unit == "v1" && *c.variable == *variable)
            .map(|c| c.answer)
    };
    assert_eq!(stored("theme"), Some(Answer::Code(2)));

    // Pause holds the position.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Space);
    frames_for(&mut harness, Duration::from_millis(50));
    assert!(!playing(&harness));
    let held = position(&harness);
    frames_for(&mut harness, Duration::from_millis(300));
    assert_eq!(position(&harness), held);

    // Alt+Shift+→ is a second on, landing within a frame.
    harness.key_press_modifiers(Modifiers::ALT | Modifiers::SHIFT, Key::ArrowRight);
    let target = (held + 1.0).min(3.0 - 1.0 / 30.0);
    assert!(frames_until(&mut harness, |app| app
        .video_player()
        .and_then(|p| p.frame())
        .is_some_and(|f| (f.time - target).abs() <= 1.0 / 30.0 + 1e-9)));

    // Ctrl+T writes the position into the unit note.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    frames_for(&mut harness, Duration::from_millis(50));
    let note = Project::open(&project)
        .unwrap()
        .unit_notes("Ana")
        .unwrap()
        .remove("v1")
        .unwrap_or_default();
    // To the hundredth: a frame step shows in the note.
    let stamp = note
        .split_once("[0:0")
        .and_then(|(_, rest)| rest.split_once(']'))
        .and_then(|(seconds, _)| seconds.parse::<f64>().ok())
        .unwrap_or(-1.0);
    assert!(
        (stamp - target).abs() <= 1.0 / 30.0 + 0.01 && note.contains('.'),
        "{note} (target {target})"
    );

    // Alt+↑ four times: 2×, and 2× advances about twice as fast as the clock.
    for _ in 0..4 {
        harness.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
        harness.step();
    }
    assert_eq!(harness.state().video_player().unwrap().speed(), 2.0);
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    harness.step();
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    assert!(frames_until(&mut harness, |app| app
        .video_player()
        .is_some_and(|p| p.position() == 0.0)));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Space);
    let start = Instant::now();
    frames_for(&mut harness, Duration::from_millis(500));
    let wall = start.elapsed().as_secs_f64();
    let moved = position(&harness);
    assert!(
        (moved - 2.0 * wall).abs() < 0.3,
        "{moved} after {wall} s at 2×"
    );

    // Another unit stops the video; coming back finds it where it was left, paused.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    frames_for(&mut harness, Duration::from_millis(50));
    assert_eq!(harness.state().current_unit(), Some(1));
    assert!(harness.state().video_player().is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowLeft);
    assert!(frames_until(&mut harness, |app| app
        .video_player()
        .is_some_and(|p| p.frame().is_some() && p.position() > 0.5)));
    assert!(!playing(&harness));
}
