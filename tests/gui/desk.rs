//! The coder's desk through egui_kittest: widgets are found by their accessible labels, clicked
//! and keyed like a person would, and the result is read back from the SQLite file.
#![cfg(feature = "gui")]

use crate::common;

use std::path::Path;

use codingdesk::model::Answer;
use codingdesk::store::Project;
use codingdesk::ui::CodingdeskApp;
use common::gui::{harness, sample};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// Adds a new coder through the "Who is coding?" screen.
fn start_as(harness: &mut Harness<'static, CodingdeskApp>, name: &str) {
    harness.get_by_label("New coder:").click();
    harness.run();
    harness.get_by_label("New coder:").type_text(name);
    harness.run();
    harness.get_by_label("Start coding").click();
    harness.run();
    assert_eq!(harness.state().session().map(|s| s.coder()), Some(name));
}

fn stored(project: &Path, coder: &str, unit_index: usize, variable: &str) -> Option<Answer> {
    let project = Project::open(project).unwrap();
    let uid = project.unit_ids().unwrap()[unit_index].clone();
    project
        .codings_of_coder(coder)
        .unwrap()
        .into_iter()
        .find(|c| *c.unit == *uid && *c.variable == *variable)
        .map(|c| c.answer)
}

fn toggled(harness: &Harness<'static, CodingdeskApp>, label: &str) -> String {
    format!(
        "{:?}",
        harness.get_by_label(label).accesskit_node().toggled()
    )
}

#[test]
fn a_unit_is_coded_by_clicks_and_by_keys_and_undone() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");

    // Clicks: the first unit's theme and a narrative technique.
    harness.get_by_label("[4] Food").click();
    harness.run();
    harness.get_by_label("[3] Background music").click();
    harness.run();
    assert_eq!(
        stored(&fixture.project, "Ana", 0, "theme"),
        Some(Answer::Code(4))
    );
    assert_eq!(
        stored(&fixture.project, "Ana", 0, "narrative"),
        Some(Answer::Codes(vec![3]))
    );

    // Keys only: a click made narrative current; ↑ goes back to theme, digits pick values.
    for _ in 0..3 {
        harness.key_press(Key::ArrowUp);
    }
    harness.key_press(Key::Num1); // theme: natural landscape
    harness.run();
    harness.key_press(Key::ArrowDown); // shooting
    harness.key_press(Key::Num2);
    harness.key_press(Key::Num3);
    harness.key_press(Key::ArrowDown); // emotion
    harness.key_press(Key::Num3);
    harness.key_press(Key::ArrowDown); // narrative
    harness.key_press(Key::Num1);
    harness.key_press(Key::ArrowDown); // source
    harness.key_press(Key::Num3);
    harness.run();
    let project = &fixture.project;
    assert_eq!(stored(project, "Ana", 0, "theme"), Some(Answer::Code(1)));
    assert_eq!(
        stored(project, "Ana", 0, "shooting"),
        Some(Answer::Codes(vec![2, 3]))
    );
    assert_eq!(stored(project, "Ana", 0, "emotion"), Some(Answer::Code(3)));
    assert_eq!(
        stored(project, "Ana", 0, "narrative"),
        Some(Answer::Codes(vec![1, 3]))
    );
    assert_eq!(stored(project, "Ana", 0, "source"), Some(Answer::Code(3)));
    // The metadata numbers were pre-filled and saved with the first code.
    assert_eq!(
        stored(project, "Ana", 0, "likes"),
        Some(Answer::Number(105_959.0))
    );
    assert!(harness.query_by_label_contains("1 / 50 done").is_some());

    // Enter: the next unit not done; code it, then undo and redo with the keyboard.
    harness.key_press(Key::Enter);
    harness.run();
    harness.key_press(Key::Num2);
    harness.run();
    assert_eq!(stored(project, "Ana", 1, "theme"), Some(Answer::Code(2)));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(stored(project, "Ana", 1, "theme"), None);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(stored(project, "Ana", 1, "theme"), Some(Answer::Code(2)));

    // Ctrl+← back to the first unit: its codes are shown.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowLeft);
    harness.run();
    assert_eq!(toggled(&harness, "[1] Natural landscape"), "Some(True)");
    assert!(
        harness.state().notice().is_none(),
        "{:?}",
        harness.state().notice()
    );
}

#[test]
fn the_desk_never_shows_another_coders_codes() {
    let fixture = sample();
    // Li Na coded the first unit's theme as natural landscape in the sample.
    assert_eq!(
        stored(&fixture.project, "Li Na", 0, "theme"),
        Some(Answer::Code(1))
    );
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ben");
    for label in [
        "[1] Natural landscape",
        "[2] History and culture",
        "[3] City features",
    ] {
        assert_eq!(toggled(&harness, label), "Some(False)", "{label}");
    }
    assert!(harness.query_by_label_contains("0 / 50 done").is_some());
    let session = harness.state().session().unwrap();
    for row in session.queue() {
        assert_eq!(session.answer(&row.uid, "theme"), None);
    }
}

#[test]
fn chinese_captions_render_and_notes_are_saved() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "李娜");
    // The first unit's caption is Chinese: it is laid out with the CJK font (no missing glyph).
    assert!(harness.query_by_label_contains("缙云山的云海").is_some());
    // The note is below the fold of the form: focus it as keyboard users and screen readers do.
    harness.get_by_label("Note on this unit").focus();
    harness.run();
    harness
        .get_by_label("Note on this unit")
        .type_text("云海很美");
    harness.run();

    // Leaving the unit saves the note.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    harness.run();
    let project = Project::open(&fixture.project).unwrap();
    let notes = project.unit_notes("李娜").unwrap();
    assert_eq!(notes.values().next().map(String::as_str), Some("云海很美"));
}

#[test]
fn a_remembered_coder_goes_straight_to_the_desk() {
    let fixture = sample();
    let mut first = harness(&fixture);
    start_as(&mut first, "Chen Yu");
    drop(first);
    let second = harness(&fixture);
    assert_eq!(second.state().session().map(|s| s.coder()), Some("Chen Yu"));
}

/// Two windows on one project as the same coder (issue 13): the second is read-only with a
/// banner saying where the desk is open; "Take over" lets it code, and the first window, on its
/// next look at the file, shows the new value and turns read-only instead of overwriting it.
#[test]
fn a_second_window_for_the_same_coder_is_read_only_until_it_takes_over() {
    let fixture = sample();
    let mut first = harness(&fixture);
    start_as(&mut first, "Ana");
    first.get_by_label("[2] History and culture").click();
    first.run();

    let other_settings = fixture.settings.with_file_name("other-settings.json");
    let mut second = common::gui::harness_on(&fixture.project, &other_settings);
    second.get_by_label("I am Ana").click();
    second.run();
    assert!(
        second
            .query_by_label_contains("Ana's desk is open")
            .is_some()
    );
    second.get_by_label("[4] Food").click();
    second.run();
    assert_eq!(
        stored(&fixture.project, "Ana", 0, "theme"),
        Some(Answer::Code(2)),
        "a read-only window writes nothing"
    );
    assert!(
        second
            .get_by_label("[4] Food")
            .accesskit_node()
            .is_disabled(),
        "the form of a read-only window takes no clicks"
    );
    assert_eq!(
        stored(&fixture.project, "Ana", 0, "theme"),
        Some(Answer::Code(2))
    );

    // The first window's coder is typing a note and has not left the field.
    first.get_by_label("Note on this unit").focus();
    first.run();
    first
        .get_by_label("Note on this unit")
        .type_text("typed in the first window");
    first.run();

    // Take over asks the first window, which saves the note and hands the desk over on its next
    // look at the file; the second window has it on its own next look.
    second.get_by_label("Take over").click();
    second.run();
    assert!(
        second
            .query_by_label_contains("to save and hand it over")
            .is_some()
    );
    first.state_mut().sync_on_next_frame();
    first.run();
    assert!(first.state().session().unwrap().read_only().is_some());
    let notice = first.state().notice().map(|n| n.text.clone());
    assert!(
        notice
            .as_deref()
            .is_some_and(|n| n.contains("what was typed here was saved")),
        "{notice:?}"
    );
    second.state_mut().sync_on_next_frame();
    second.run();
    assert!(second.state().session().unwrap().read_only().is_none());
    let uid = Project::open(&fixture.project).unwrap().unit_ids().unwrap()[0].clone();
    assert_eq!(
        Project::open(&fixture.project)
            .unwrap()
            .unit_notes("Ana")
            .unwrap()
            .get(&*uid)
            .map(String::as_str),
        Some("typed in the first window"),
        "nothing typed is lost"
    );
    second.get_by_label("[4] Food").click();
    second.run();
    assert_eq!(
        stored(&fixture.project, "Ana", 0, "theme"),
        Some(Answer::Code(4))
    );

    // The first window is read-only now: its click writes nothing.
    first.get_by_label("[1] Natural landscape").click();
    first.run();
    assert_eq!(
        stored(&fixture.project, "Ana", 0, "theme"),
        Some(Answer::Code(4)),
        "nothing overwritten"
    );
    // Once the second window closes, the first takes the desk back by itself and says so.
    let ctx = second.ctx.clone();
    second
        .state_mut()
        .apply(&ctx, codingdesk::ui::AppCommand::CloseProject.into());
    second.run();
    first.state_mut().sync_on_next_frame();
    first.run();
    assert!(first.state().session().unwrap().read_only().is_none());
    let notice = first.state().notice().map(|n| n.text.clone());
    assert!(
        notice
            .as_deref()
            .is_some_and(|n| n.contains("is this window's now")),
        "{notice:?}"
    );
    assert_eq!(
        first.state().session().unwrap().answer(&uid, "theme"),
        Some(&Answer::Code(4))
    );
}

/// "Save a copy…" writes one self-contained file holding the codes just made.
#[test]
fn save_a_copy_writes_a_self_contained_project() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");
    harness.get_by_label("[4] Food").click();
    harness.run();
    // Beside the study's title on a wide top bar, in its "More…" menu when the bar is full.
    if harness.query_by_label("Save a copy…").is_none() {
        harness.get_by_label("More…").click();
        harness.run();
    }
    assert!(harness.query_by_label("Save a copy…").is_some());
    let copy = fixture.project.with_file_name("mailed.cdesk");
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        codingdesk::ui::AppCommand::SaveCopy(copy.clone()).into(),
    );
    harness.run();
    let notice = harness
        .state()
        .notice()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(notice.contains("Saved a self-contained copy"), "{notice}");
    assert!(!copy.with_file_name("mailed.cdesk-wal").exists());
    assert_eq!(stored(&copy, "Ana", 0, "theme"), Some(Answer::Code(4)));
}

/// The queue of the 2,580-unit sample, scrolled to its end: the last rows take clicks, and a
/// clicked row stays where it was (it jumped to the middle).
#[test]
fn rows_at_the_end_of_a_long_scrolled_queue_take_clicks() {
    let fixture = common::gui::sample_named("shenzhen-douyin");
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");
    harness.get_by_label("3").hover();
    harness.run();
    for _ in 0..200 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: egui::vec2(0.0, -1.0),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
    }
    harness.run();
    let before = harness.get_by_label("2579").rect();
    harness.get_by_label("2579").click();
    harness.run();
    assert_eq!(
        harness.state().current_unit(),
        Some(2578),
        "the clicked row is shown"
    );
    assert_eq!(
        harness.get_by_label("2579").rect(),
        before,
        "the row did not jump"
    );
    harness.get_by_label("2580").click();
    harness.run();
    assert_eq!(harness.state().current_unit(), Some(2579));

    // Back up a few pages: a row in the middle of the list stays put when clicked too.
    for _ in 0..5 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: egui::vec2(0.0, 1.0),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
    }
    harness.run();
    let shown: Vec<usize> = (1..=2580)
        .filter(|n| harness.query_by_label(&n.to_string()).is_some())
        .collect();
    assert!(shown.len() > 10 && shown[0] < 2500, "{shown:?}");
    // Near the top of what is shown: centring it would move it.
    let row = shown[4].to_string();
    let before = harness.get_by_label(&row).rect();
    harness.get_by_label(&row).click();
    harness.run();
    assert_eq!(
        harness.state().current_unit(),
        Some(row.parse::<usize>().unwrap() - 1)
    );
    assert_eq!(
        harness.get_by_label(&row).rect(),
        before,
        "the row did not jump"
    );
}

/// PageUp/PageDown move through the queue a page at a time, Home and End to its ends, within
/// what the filter shows.
#[test]
fn page_and_end_keys_move_through_the_queue() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");
    let at = |harness: &Harness<'static, CodingdeskApp>| harness.state().current_unit();
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(at(&harness), Some(0));
    harness.key_press(Key::PageDown);
    harness.run();
    assert_eq!(at(&harness), Some(20));
    harness.key_press(Key::End);
    harness.run();
    assert_eq!(at(&harness), Some(49));
    harness.key_press(Key::PageDown);
    harness.run();
    assert_eq!(at(&harness), Some(49), "stays at the end");
    harness.key_press(Key::PageUp);
    harness.run();
    assert_eq!(at(&harness), Some(29));
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(at(&harness), Some(0));
    // Ids are elided in the middle, keeping their distinctive end; the whole id is a right
    // click away.
    let elided = harness
        .query_all_by_label_contains("813681")
        .filter_map(|node| node.accesskit_node().value())
        .any(|text| text.starts_with("73") && text.contains('…') && text.ends_with("813681"));
    assert!(elided);
}

/// Text size: A+ and A− step through the sizes, the size is remembered for the next start, and
/// hints are at least 12 px.
#[test]
fn text_size_steps_and_is_remembered() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");
    assert_eq!(
        harness.ctx.style_of(egui::Theme::Dark).text_styles[&egui::TextStyle::Small].size,
        12.0,
        "secondary text is readable"
    );
    // The buttons sit in the top bar, or in its More… menu once larger text leaves no room.
    let press = |harness: &mut Harness<'static, CodingdeskApp>, label: &str| {
        if harness.query_by_label(label).is_none() {
            harness.get_by_label("More…").click();
            harness.run();
        }
        harness.get_by_label(label).click();
        harness.run();
    };
    press(&mut harness, "A+");
    press(&mut harness, "A+");
    assert!((harness.ctx.zoom_factor() - 1.25).abs() < 0.001);
    press(&mut harness, "A−");
    assert!((harness.ctx.zoom_factor() - 1.1).abs() < 0.001);
    drop(harness);
    let again = common::gui::harness_on(&fixture.project, &fixture.settings);
    assert!((again.ctx.zoom_factor() - 1.1).abs() < 0.001, "remembered");
}

/// In a number field ↑ and ↓ move to the previous or next variable (they did nothing until Esc);
/// F1 shows the codebook over the card instead of squeezing it.
#[test]
fn arrows_leave_a_number_field_and_f1_floats_the_codebook() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");
    harness.get_by_label("Likes").click();
    harness.run();
    assert!(harness.get_by_label("Likes").accesskit_node().is_focused());
    harness.key_press(Key::ArrowDown);
    harness.run();
    harness.run();
    assert!(
        harness
            .get_by_label("Comments")
            .accesskit_node()
            .is_focused(),
        "↓ moved to the next number"
    );
    harness.key_press(Key::ArrowUp);
    harness.run();
    harness.run();
    assert!(harness.get_by_label("Likes").accesskit_node().is_focused());

    // The caption wraps to the card: its width shows whether the card was squeezed.
    let caption = |harness: &Harness<'static, CodingdeskApp>| {
        harness
            .query_by_label_contains("缙云山的云海")
            .map(|node| node.rect().width())
    };
    let card_width = caption(&harness);
    assert!(card_width.is_some());
    harness.key_press(Key::Escape);
    harness.key_press(Key::F1);
    harness.run();
    assert!(harness.query_by_label_contains("Codebook (F1)").is_some());
    assert_eq!(caption(&harness), card_width, "the card keeps its width");
}

/// A click enlarges a picture over the window; while it is open the desk's keys wait (← → go
/// through the pictures instead of the values), and Esc closes it.
#[test]
fn a_picture_enlarges_on_click_and_esc_closes_it() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");
    // Images load in the background: wait for the first one.
    let name = "Picture 7396166465146813681.png";
    for _ in 0..100 {
        harness.run();
        if harness.query_by_label(name).is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    harness.get_by_label(name).click();
    harness.run();
    assert!(harness.query_by_label_contains("wheel zooms").is_some());
    // A digit does not code while the picture is enlarged.
    harness.key_press(Key::Num4);
    harness.run();
    assert_eq!(stored(&fixture.project, "Ana", 0, "theme"), None);
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label_contains("wheel zooms").is_none());
    harness.key_press(Key::Num4);
    harness.run();
    assert_eq!(
        stored(&fixture.project, "Ana", 0, "theme"),
        Some(Answer::Code(4))
    );
}

/// Creating a project from the window: a units file that fails leaves no project behind and says
/// why; a good one opens the new project at "Who is coding?".
#[test]
fn a_project_is_created_from_the_window_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.json");
    let app = CodingdeskApp::new(Some(settings)).speaking(codingdesk::i18n::Lang::En);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(common::gui::load_cjk_font)
        .build_ui_state(|ui, app: &mut CodingdeskApp| app.show(ui), app);
    let ctx = harness.ctx.clone();
    let wait = |harness: &mut Harness<'static, CodingdeskApp>| {
        // The work runs on a thread with a spinner: step frames until it is back.
        for _ in 0..200 {
            harness.step();
            if harness.state().notice().is_some()
                || harness.query_by_label("Who is coding?").is_some()
            {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    };
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "id,caption\nv1,a\nv1,b\n").unwrap();
    let path = dir.path().join("study.cdesk");
    harness.state_mut().apply(
        &ctx,
        codingdesk::ui::AppCommand::CreateProject {
            path: path.clone(),
            preset: "tiktok-six".into(),
            title: "重庆".into(),
            units: Some(bad),
        }
        .into(),
    );
    wait(&mut harness);
    let notice = harness.state().notice().cloned().unwrap();
    assert!(
        notice.is_error() && notice.text.contains("duplicate id"),
        "{notice:?}"
    );
    assert!(!path.exists() && !path.with_extension("cdesk-wal").exists());

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "id,caption,视频标题,点赞数\nv1,缙云山,云海,1.2万\nv2,洪崖洞,夜景,3.4w\n",
    )
    .unwrap();
    harness
        .state_mut()
        .apply(&ctx, codingdesk::ui::AppCommand::DismissNotice.into());
    harness.state_mut().apply(
        &ctx,
        codingdesk::ui::AppCommand::CreateProject {
            path: path.clone(),
            preset: "tiktok-six".into(),
            title: "重庆".into(),
            units: Some(good),
        }
        .into(),
    );
    wait(&mut harness);
    harness.run();
    assert!(harness.query_by_label("Who is coding?").is_some());
    assert_eq!(Project::open(&path).unwrap().status().unwrap().units, 2);
    // Issue 28: what the import did is shown — the rows, and which column became which field.
    assert!(harness.query_by_label("Units imported").is_some());
    assert!(
        harness
            .query_by_label_contains("2 rows read: 2 units added")
            .is_some()
    );
    assert!(harness.query_by_label("点赞数").is_some());
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.query_by_label("Units imported").is_none());
}

/// On a machine without a system file dialog, the built-in browser does the job: a units file
/// and where to save are chosen in it (only files the request can use are listed), and the new
/// project is created and opened.
#[test]
fn the_built_in_file_browser_creates_a_project() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("posts.csv"),
        "id,caption\nv1,缙云山\nv2,洪崖洞\nv3,解放碑\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.pdf"), "not a units file").unwrap();
    let settings = dir.path().join("settings.json");
    // The browser opens beside the last project used; the user chose the built-in browser.
    std::fs::write(
        &settings,
        serde_json::json!({
            "recent": [dir.path().join("earlier.cdesk")],
            "built_in_file_browser": true,
        })
        .to_string(),
    )
    .unwrap();
    let app = CodingdeskApp::new(Some(settings)).speaking(codingdesk::i18n::Lang::En);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(common::gui::load_cjk_font)
        // egui_file's path and file-name fields carry no accessible name (a limit of the
        // crate, noted in docs/gui.md); everything of ours is still checked elsewhere.
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut CodingdeskApp| app.show(ui), app);
    harness.run();

    // "Open a project…" lists projects only.
    harness.get_by_label("Open a project…").click();
    harness.run();
    assert!(harness.state().file_browser_open());
    assert!(harness.query_by_label_contains("posts.csv").is_none());
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(!harness.state().file_browser_open());

    harness.get_by_label("New project…").click();
    harness.run();
    harness.get_by_label("Choose units file…").click();
    harness.run();
    assert!(harness.query_by_label_contains("notes.pdf").is_none());
    harness.get_by_label_contains("posts.csv").click();
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    assert!(!harness.state().file_browser_open());
    assert!(
        harness
            .query_by_label(&dir.path().join("posts.csv").display().to_string())
            .is_some()
    );

    harness.get_by_label("Choose where to save…").click();
    harness.run();
    let is_file_name = |node: &egui_kittest::Node<'_>| {
        node.accesskit_node().role() == egui::accesskit::Role::TextInput
    };
    harness
        .get_all_by_value("study.cdesk")
        .find(is_file_name)
        .unwrap()
        .click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness
        .get_all_by_value("study.cdesk")
        .find(is_file_name)
        .unwrap()
        .type_text("thesis");
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let path = dir.path().join("thesis.cdesk");
    assert!(
        harness
            .query_by_label(&path.display().to_string())
            .is_some()
    );

    harness.get_by_label("Create project").click();
    for _ in 0..200 {
        harness.step();
        if harness.query_by_label("Who is coding?").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(harness.query_by_label("Who is coding?").is_some());
    assert_eq!(Project::open(&path).unwrap().status().unwrap().units, 3);
}

/// "Play video" on a file that is not there says so, instead of doing nothing.
#[test]
fn opening_a_missing_video_says_why() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    let ctx = harness.ctx.clone();
    let missing = fixture.project.with_file_name("media/gone.mp4");
    harness
        .state_mut()
        .apply(&ctx, codingdesk::ui::AppCommand::OpenFile(missing).into());
    harness.run();
    let notice = harness.state().notice().cloned().unwrap();
    assert!(
        notice.is_error() && notice.text.contains("gone.mp4 is not there"),
        "{notice:?}"
    );
}

fn key_event(key: Key, pressed: bool) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    }
}

/// Issue 28, the steps found by hand: a note typed, the window's look at the file, then a click
/// on another queue row — the note is stored on the unit it was typed on, and the field shows
/// the new unit's (empty) note; a number typed on one row and left by a click on the next is
/// stored on the first.
#[test]
fn a_note_or_number_typed_and_left_by_a_queue_click_is_stored_on_its_unit() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");
    let uids = Project::open(&fixture.project).unwrap().unit_ids().unwrap();
    harness.get_by_label("1").click();
    harness.run();
    harness.get_by_label("Note on this unit").focus();
    harness.run();
    harness
        .get_by_label("Note on this unit")
        .type_text("typed on the first");
    harness.run();
    harness.state_mut().sync_on_next_frame();
    harness.run();
    harness.get_by_label("3").click();
    harness.run();
    assert_eq!(harness.state().current_unit(), Some(2));
    let notes = Project::open(&fixture.project)
        .unwrap()
        .unit_notes("Ana")
        .unwrap();
    assert_eq!(
        notes.get(&*uids[0]).map(String::as_str),
        Some("typed on the first")
    );
    assert_eq!(notes.len(), 1, "{notes:?}");
    let shown = harness
        .get_by_label("Note on this unit")
        .accesskit_node()
        .value();
    assert_eq!(shown.as_deref().unwrap_or(""), "");

    // Likes 99999 on the third unit, left by a click on the fourth row.
    common::gui::retype(&mut harness, "Likes", "99999");
    harness.get_by_label("4").click();
    harness.run();
    assert_eq!(harness.state().current_unit(), Some(3));
    assert_eq!(
        stored(&fixture.project, "Ana", 2, "likes"),
        Some(Answer::Number(99_999.0))
    );
    assert_ne!(
        stored(&fixture.project, "Ana", 3, "likes"),
        Some(Answer::Number(99_999.0))
    );
}

/// Issue 28: `Enter 1 ↓ 9 ↓ 1 ↓ 9 ↓ 2` arriving in one slow frame codes as typed, in order; ten
/// PageDowns in one frame move ten pages.
#[test]
fn keys_that_arrive_in_one_frame_are_applied_in_order_each_one() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");
    let keys = [
        Key::Enter,
        Key::Num1,
        Key::ArrowDown,
        Key::Num9,
        Key::ArrowDown,
        Key::Num1,
        Key::ArrowDown,
        Key::Num9,
        Key::ArrowDown,
        Key::Num2,
    ];
    for key in keys {
        harness.input_mut().events.push(key_event(key, true));
        harness.input_mut().events.push(key_event(key, false));
    }
    harness.step();
    harness.run();
    // Ana had coded nothing: Enter stays on the first unit not done, the first.
    let unit = harness.state().current_unit().unwrap();
    let project = &fixture.project;
    assert_eq!(stored(project, "Ana", unit, "theme"), Some(Answer::Code(1)));
    assert_eq!(
        stored(project, "Ana", unit, "shooting"),
        Some(Answer::Codes(vec![9]))
    );
    assert_eq!(
        stored(project, "Ana", unit, "emotion"),
        Some(Answer::Code(1))
    );
    assert_eq!(
        stored(project, "Ana", unit, "narrative"),
        Some(Answer::Codes(vec![9]))
    );
    assert_eq!(
        stored(project, "Ana", unit, "source"),
        Some(Answer::Code(2))
    );

    let fixture = common::gui::sample_named("shenzhen-douyin");
    let mut harness = common::gui::harness(&fixture);
    start_as(&mut harness, "Ana");
    harness.key_press(Key::Home);
    harness.run();
    for _ in 0..10 {
        harness
            .input_mut()
            .events
            .push(key_event(Key::PageDown, true));
        harness
            .input_mut()
            .events
            .push(key_event(Key::PageDown, false));
    }
    harness.step();
    harness.run();
    assert_eq!(harness.state().current_unit(), Some(200));
}

/// Issue 28: at 900 px the card keeps at least 45 % of the window, also when the window shrinks
/// from a larger size (side panels remember their width).
#[test]
fn the_card_keeps_nearly_half_of_a_small_window() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");
    for (width, height) in [(1280.0, 800.0), (900.0, 600.0)] {
        harness.set_size(egui::vec2(width, height));
        harness.run();
        // The filter field spans the queue panel; the form's heading starts the form panel.
        let queue_right = harness
            .query_all_by_label("Filter:")
            .map(|n| n.rect().right())
            .fold(0.0, f32::max);
        let form_left = harness.get_by_label("Coding").rect().left();
        let card = form_left - queue_right;
        assert!(
            card >= 0.45 * width,
            "at {width}: card {card} px between {queue_right} and {form_left}"
        );
    }
}

/// Issue 29: a URL with a password, however written (`?password=`, next to a mistyped sslmode),
/// is refused in the window, and neither the settings file nor the start screen ever holds it.
#[test]
fn a_password_in_a_server_url_is_refused_and_never_kept() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.json");
    let app = CodingdeskApp::new(Some(settings.clone())).speaking(codingdesk::i18n::Lang::En);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(common::gui::load_cjk_font)
        .build_ui_state(|ui, app: &mut CodingdeskApp| app.show(ui), app);
    let ctx = harness.ctx.clone();
    for url in [
        "postgres://li_na@127.0.0.1:9/cq?password=hunter2&sslmode=off",
        "postgres://li_na:hunter2@127.0.0.1:9/cq?sslmode=disabled",
    ] {
        harness.state_mut().apply(
            &ctx,
            codingdesk::ui::AppCommand::Connect {
                login: codingdesk::server::replica::Login::new(url, None),
                media: None,
            }
            .into(),
        );
        harness.run();
        let notice = harness.state().notice().cloned().unwrap();
        assert!(
            notice.is_error() && notice.text.contains("not in the URL"),
            "{notice:?}"
        );
        assert!(harness.query_by_label_contains("hunter2").is_none());
    }
    let saved = std::fs::read_to_string(&settings).unwrap_or_default();
    assert!(!saved.contains("hunter2"), "{saved}");
}

/// Enter and Space are the desk's keys even while a button of the top bar has the keyboard
/// focus: Enter went to "Switch coder" and closed the desk (found by the model test).
#[test]
fn enter_is_the_desks_even_when_a_button_has_the_focus() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");
    harness.get_by_label("Switch coder").focus();
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        harness.state().session().is_some(),
        "the desk is still up: {:?}",
        harness.state().notice()
    );
    harness.key_press(Key::Space);
    harness.run();
    assert!(harness.state().session().is_some());
}

/// Issue 28: a notice that went stale goes — when the language changes, or when a later
/// attempt succeeds — and something done is said as done, not as a warning.
#[test]
fn stale_notices_go_and_done_looks_done() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    start_as(&mut harness, "Ana");
    let ctx = harness.ctx.clone();
    let missing = fixture.project.with_file_name("nowhere.cdesk");
    harness.state_mut().apply(
        &ctx,
        codingdesk::ui::AppCommand::OpenProject(missing).into(),
    );
    harness.run();
    assert!(harness.state().notice().is_some_and(|n| n.is_error()));
    // Opening the study again succeeds: the failure's notice is over.
    harness.state_mut().apply(
        &ctx,
        codingdesk::ui::AppCommand::OpenProject(fixture.project.clone()).into(),
    );
    harness.run();
    assert!(
        harness.state().notice().is_none_or(|n| !n.is_error()),
        "{:?}",
        harness.state().notice()
    );
    let copy = fixture.project.with_file_name("copy.cdesk");
    harness
        .state_mut()
        .apply(&ctx, codingdesk::ui::AppCommand::SaveCopy(copy).into());
    harness.run();
    assert_eq!(
        harness.state().notice().map(|n| n.kind),
        Some(codingdesk::ui::NoticeKind::Done)
    );
    harness.state_mut().apply(
        &ctx,
        codingdesk::ui::AppCommand::SetLanguage(codingdesk::i18n::Lang::Zh).into(),
    );
    harness.run();
    assert!(harness.state().notice().is_none(), "no English notice left");
}

/// Issue 32: a damaged settings file was silently reset and overwritten with defaults. Now the
/// window says so once, keeps the file aside, and what it saves lands beside it.
#[test]
fn a_damaged_settings_file_is_said_once_and_kept() {
    let fixture = sample();
    let damaged = "{ \"recent\": [\"/work/thesis.cdesk\"], \"theme\": \"dark\",";
    std::fs::write(&fixture.settings, damaged).unwrap();
    let mut harness = harness(&fixture);
    let notice = harness.state().notice().cloned().expect("a notice");
    let kept = fixture.settings.with_file_name("settings.damaged.json");
    assert!(
        notice.text.contains("could not be read")
            && notice.text.contains(&kept.display().to_string()),
        "{notice:?}"
    );
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), damaged);
    // The window goes on with defaults and saves them (the study it opened), not over the file.
    start_as(&mut harness, "Ana");
    assert!(
        std::fs::read_to_string(&fixture.settings)
            .unwrap()
            .contains("chongqing.cdesk")
    );
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), damaged);
}
