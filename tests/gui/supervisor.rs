//! Supervisor mode through egui_kittest, on a copy of the Chongqing sample: edit a codebook value
//! label, draw a seeded overlap, adjudicate by keyboard, export. Widgets are found by their
//! accessible labels; results are read back from the SQLite file and the exported files.
#![cfg(feature = "gui")]

use crate::common;

use codingdesk::assign::{Overlap, Request, draw_for_units};
use codingdesk::model::Answer;
use codingdesk::results;
use codingdesk::store::Project;
use codingdesk::ui::CodingdeskApp;
use common::gui::{harness, retype, sample};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn open_supervisor(harness: &mut Harness<'static, CodingdeskApp>, tab: &str) {
    harness.get_by_label("Supervisor").click();
    harness.run();
    harness.get_by_label(tab).click();
    harness.run();
}

#[test]
fn a_value_label_edited_in_the_codebook_tab_is_stored_versioned_and_logged() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    open_supervisor(&mut harness, "Codebook");
    let log_before = Project::open(&fixture.project)
        .unwrap()
        .change_log_len()
        .unwrap();

    retype(&mut harness, "Label of value 1", "自然风光 Nature");
    harness.key_press(Key::Enter); // leaves the field: saved
    harness.run();

    let project = Project::open(&fixture.project).unwrap();
    let codebook = project.codebook().unwrap();
    assert_eq!(
        codebook.variable("theme").unwrap().value(1).unwrap().label,
        "自然风光 Nature"
    );
    assert_eq!(codebook.version, 2, "one edit, one version");
    assert_eq!(project.change_log_len().unwrap(), log_before + 1);
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| !n.is_error() && n.text.contains("version 2"))
    );
    // The codes on that value are untouched.
    let natural = project
        .codings_of_coder("Li Na")
        .unwrap()
        .into_iter()
        .filter(|c| &*c.variable == "theme" && c.answer == Answer::Code(1))
        .count();
    assert_eq!(natural, 21);
}

#[test]
fn a_seeded_overlap_drawn_in_the_assignments_tab_is_the_cli_plan_and_is_stored() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    open_supervisor(&mut harness, "Assignments");
    retype(&mut harness, "Overlap (units, or a percentage):", "10");
    retype(&mut harness, "Seed:", "7");
    harness.get_by_label("Preview").click();
    harness.run();
    let existing = Project::open(&fixture.project)
        .unwrap()
        .status()
        .unwrap()
        .assignments;
    if existing > 0 {
        harness
            .get_by_label(&format!(
                "Replace the study's {existing} existing assignments"
            ))
            .click();
        harness.run();
    }
    harness.get_by_label("Apply assignments").click();
    harness.run();

    let project = Project::open(&fixture.project).unwrap();
    let coders = project.coders().unwrap();
    let expected = draw_for_units(
        &project.units().unwrap(),
        &Request {
            coders: coders.clone(),
            overlap: Overlap::Units(10),
            seed: 7,
            stratify: None,
            shares: None,
        },
    )
    .unwrap();
    let db = rusqlite::Connection::open(&fixture.project).unwrap();
    for coder in &coders {
        let mut reliability: Vec<String> = db
            .prepare(
                "SELECT u.uid FROM assignment a JOIN unit u ON u.id = a.unit_id
                 JOIN coder c ON c.id = a.coder_id WHERE c.name = ?1 AND a.reliability = 1
                 ORDER BY u.position",
            )
            .unwrap()
            .query_map([coder], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        reliability.sort();
        let mut overlap = expected.overlap.clone();
        overlap.sort();
        assert_eq!(reliability, overlap, "{coder} codes the seeded subsample");
    }
    let total: i64 = db
        .query_row("SELECT count(*) FROM assignment", [], |row| row.get(0))
        .unwrap();
    assert_eq!(total, 3 * 10 + 40, "overlap for all, the other 40 split");
}

#[test]
fn disagreements_are_adjudicated_by_keyboard_and_raw_codes_stay() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    let before = Project::open(&fixture.project).unwrap();
    let raw_before = before.all_codings().unwrap();
    let items = results::disagreements(&before, &[]).unwrap();
    assert!(items.len() >= 2, "the sample's coders disagree");
    drop(before);
    open_supervisor(&mut harness, "Adjudication");

    // Shift+2 takes the second coder's value for the first disagreement.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Num2);
    harness.run();
    // Enter: the next open disagreement; its value by the value's own key.
    harness.key_press(Key::Enter);
    harness.run();
    let second = &items[1];
    let codebook = Project::open(&fixture.project).unwrap().codebook().unwrap();
    let variable = codebook.variable(&second.variable).unwrap();
    let Answer::Code(first_code) = second.answers[0].1 else {
        panic!("the sample's second disagreement is a single-choice variable")
    };
    let key = Key::from_name(&first_code.to_string()).unwrap();
    assert!(variable.value(first_code).is_some());
    harness.key_press(key);
    harness.run();

    let project = Project::open(&fixture.project).unwrap();
    let finals = project.final_values().unwrap();
    let find = |unit: &str, var: &str| {
        finals
            .iter()
            .find(|(u, v, _)| u == unit && v == var)
            .map(|(_, _, a)| a.clone())
    };
    assert_eq!(
        find(&items[0].unit, &items[0].variable),
        Some(items[0].answers[1].1.clone())
    );
    assert_eq!(
        find(&second.unit, &second.variable),
        Some(Answer::Code(first_code))
    );
    assert_eq!(finals.len(), 2);
    assert_eq!(
        project.all_codings().unwrap(),
        raw_before,
        "raw codes unchanged"
    );

    // Delete clears the adjudicated value of the disagreement on screen.
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(
        Project::open(&fixture.project)
            .unwrap()
            .final_values()
            .unwrap()
            .len(),
        1
    );

    // The agreed value can also be typed (as `codingdesk adjudicate` takes it), with a reason.
    let third = second.answers[2].1.clone();
    harness.get_by_label("Or type the final value:").click();
    harness
        .get_by_label("Or type the final value:")
        .type_text(&third.to_plain());
    harness.get_by_label("Reason (optional):").click();
    harness
        .get_by_label("Reason (optional):")
        .type_text("第三位编码员的判断");
    harness.run();
    harness.get_by_label("Set").click();
    harness.run();
    let project = Project::open(&fixture.project).unwrap();
    let finals = project.final_values().unwrap();
    assert!(
        finals
            .iter()
            .any(|(u, v, a)| *u == second.unit && *v == second.variable && *a == third)
    );
}

#[test]
fn the_export_tab_writes_an_xlsx_that_reads_back() {
    use calamine::Reader;
    let fixture = sample();
    let mut harness = harness(&fixture);
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        codingdesk::supervise::SupervisorAction::SetPrimaryCoder("Li Na".into()).into(),
    );
    open_supervisor(&mut harness, "Export");
    harness.get_by_label("xlsx").click();
    harness.run();
    let out = fixture.project.with_file_name("from the window.xlsx");
    retype(&mut harness, "Save to:", &out.display().to_string());
    harness.get_by_label("Write the export").click();
    harness.run();

    assert!(out.is_file(), "{}", out.display());
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let sheets = workbook.sheet_names();
    assert!(sheets.len() >= 3, "{sheets:?}");
    let data = workbook.worksheet_range(&sheets[0]).unwrap();
    assert_eq!(data.height(), 51, "a header and the 50 units");
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| !n.is_error() && n.text.contains("from the window.xlsx"))
    );
}

#[test]
fn supervisor_mode_opens_with_the_reliability_table_and_goes_back_to_the_desk() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    harness.get_by_label("Supervisor").click();
    harness.run();
    // The reliability tab is first shown: α of the sample's variables, colour-coded.
    harness.get_by_label("Krippendorff's α");
    // Rows are named by the codebook's labels; pre-filled numbers are left out and named.
    harness.get_by_label("Emotional tendency").click();
    harness.run();
    assert!(harness.query_by_label("Likes").is_none());
    assert!(
        harness
            .query_by_label_contains("Not rated: Likes, Comments, Reposts")
            .is_some()
    );
    // Three coders: no all-dash Holsti column; the verdict in words with its CI.
    assert!(harness.query_by_label("Holsti").is_none());
    assert!(
        harness
            .query_by_label_contains("Krippendorff's α = .838, 95% CI [")
            .is_some()
    );
    // `codingdesk disagreements --variable emotion` lists 7 on the sample.
    harness.get_by_label("Units the coders disagree on (7)");
    harness.get_by_label("Coder's desk").click();
    harness.run();
    harness.get_by_label("Start coding");
}

/// Supervisor mode looks at the file once a second: what another window or program changed is
/// shown without reopening (here a value renamed from the command line).
#[test]
fn supervisor_mode_shows_changes_made_elsewhere() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    open_supervisor(&mut harness, "Codebook");
    let shown = |harness: &Harness<'static, CodingdeskApp>| {
        harness
            .get_by_label("Label of value 1")
            .accesskit_node()
            .value()
            .map(|value| value.to_string())
    };
    assert_eq!(shown(&harness).as_deref(), Some("Natural landscape"));
    let mut elsewhere = Project::open(&fixture.project).unwrap();
    elsewhere
        .rename_value("theme", 1, "自然风光", "cli")
        .unwrap();
    // Not yet: the look is once a second, and the window's clock has not moved.
    harness.run();
    assert_eq!(shown(&harness).as_deref(), Some("Natural landscape"));
    harness
        .state()
        .clock()
        .advance(std::time::Duration::from_millis(1100));
    harness.run();
    assert_eq!(shown(&harness).as_deref(), Some("自然风光"));
}

/// Shift+1 … Shift+9 take that coder's value, matched by the physical key: with Shift held, a US
/// keyboard sends "!" for 1 (Shift+1 did nothing), and layouts differ for the other digits.
#[test]
fn shift_and_every_digit_takes_that_coders_value() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    let project = Project::open(&fixture.project).unwrap();
    let items = results::disagreements(&project, &[]).unwrap();
    drop(project);
    open_supervisor(&mut harness, "Adjudication");
    // What the keyboard sends with Shift held, digit by digit (US layout).
    let shifted = [
        Key::Exclamationmark,
        Key::Num2, // "@": egui has no key for it and falls back to the digit
        Key::Num3, // "#"
        Key::Num4, // "$"
        Key::Num5, // "%"
        Key::Num6, // "^"
        Key::Num7, // "&"
        Key::Num8, // "*"
        Key::Num9, // "("
    ];
    let digits = [
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
    let coders = items[0].answers.len();
    assert!(coders >= 3, "the sample has three coders");
    for digit in 0..9 {
        harness.event(egui::Event::Key {
            key: shifted[digit],
            physical_key: Some(digits[digit]),
            pressed: true,
            repeat: false,
            modifiers: Modifiers::SHIFT,
        });
        harness.run();
        let finals = Project::open(&fixture.project)
            .unwrap()
            .final_values()
            .unwrap();
        let chosen = finals
            .iter()
            .find(|(u, v, _)| *u == items[0].unit && *v == items[0].variable)
            .map(|(_, _, a)| a.clone());
        if digit < coders {
            assert_eq!(
                chosen,
                Some(items[0].answers[digit].1.clone()),
                "Shift+{}",
                digit + 1
            );
        } else {
            // No coder number `digit + 1`: the value stays the last one taken.
            assert_eq!(
                chosen,
                Some(items[0].answers[coders - 1].1.clone()),
                "Shift+{}",
                digit + 1
            );
        }
    }
}

/// Beside the overlap setting, the Assignments tab says how many units the reliability subsample
/// needs (the CLI's `plan-reliability` for α ≥ .800, p = .05) and whether the overlap typed in
/// reaches it.
#[test]
fn the_assignments_tab_says_what_the_reliability_subsample_needs() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    open_supervisor(&mut harness, "Assignments");
    let project = Project::open(&fixture.project).unwrap();
    let plans = codingdesk::reliability_plan::plan_variables(
        &project.codebook().unwrap(),
        &project.all_codings().unwrap(),
        0.8,
        0.05,
        2,
    )
    .unwrap();
    let most = plans.iter().map(|p| p.plan.units).max().unwrap();
    assert!(
        harness
            .query_all_by_label_contains(&format!("{most} units for α ≥ .800 at p = .05"))
            .next()
            .is_some()
    );
    harness.get_by_label("This overlap gives 10 units: too few for 6 variables.");
    retype(&mut harness, "Overlap (units, or a percentage):", "100%");
    harness.get_by_label("This overlap gives 50 units: too few for 6 variables.");
}

/// The Reliability tab shows, for a chosen variable, α with each coder left out and the units
/// that move α most — the figures the command line's `agreement --influence` prints.
#[test]
fn the_reliability_tab_shows_whom_to_retrain_and_the_decisive_units() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    open_supervisor(&mut harness, "Reliability");
    harness.get_by_label("Theme and focus").click();
    harness.run();
    harness.get_by_label("Compute").click();
    // The figures come under the reliability table: a window tall enough to show them.
    harness.set_size(egui::vec2(1280.0, 1600.0));
    harness.run();
    let project = Project::open(&fixture.project).unwrap();
    let expected = codingdesk::agreement::influence::influence(&project, "theme", &[]).unwrap();
    for left in &expected.coders_left_out {
        let change = codingdesk::format::signed_apa(left.change.unwrap());
        assert!(
            harness.query_all_by_label(&change).next().is_some(),
            "{} {change}",
            left.coder
        );
    }
    assert!(
        harness
            .query_all_by_label(&expected.decisive_units[0].unit)
            .next()
            .is_some()
    );
}

/// Drift: under a chosen variable, each coder's α over their coding order, with a warning for a
/// coder with a window below α = .800 — the command line's `drift` figures.
#[test]
fn the_reliability_tab_warns_of_a_coder_drifting_below_alpha_min() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    open_supervisor(&mut harness, "Reliability");
    harness.get_by_label("Theme and focus").click();
    harness.run();
    harness.get_by_label("Show drift").click();
    // The chart and its warnings come under the reliability table: a window tall enough to show
    // them without scrolling.
    harness.set_size(egui::vec2(1280.0, 1600.0));
    harness.run();
    let project = Project::open(&fixture.project).unwrap();
    let drift = codingdesk::agreement::drift::drift(
        &project,
        "theme",
        &codingdesk::agreement::drift::DriftOptions {
            windows: codingdesk::agreement::drift::Windows::Units(10),
            against: codingdesk::agreement::drift::Against::Others,
            alpha_min: 0.8,
        },
    )
    .unwrap();
    let warned = drift.warnings();
    assert!(!warned.is_empty());
    for coder in warned {
        let windows = if coder.below == 1 {
            "one window".to_owned()
        } else {
            format!("{} windows", coder.below)
        };
        harness.get_by_label(&format!(
            "{}: {windows} below α = .800 — look at those units with them, or retrain.",
            coder.coder
        ));
    }
    // Per week, against the adjudicated values: the sample has none yet, and says so.
    harness.get_by_label("per week").click();
    harness.get_by_label("with the adjudicated values").click();
    harness.run();
    harness.get_by_label("Show drift").click();
    harness.run();
    harness.get_by_label(
        "Nothing to compare yet: no coder has two units with the adjudicated values (the gold standard, on the units that have one).",
    );
}

/// One coder's results are read when the Results tab asks for them (the study's codes are not
/// all kept in the window): choosing the coder shows that coder's frequencies, not the final
/// dataset's.
#[test]
fn choosing_a_coder_in_the_results_tab_shows_that_coders_frequencies() {
    let fixture = sample();
    let project = Project::open(&fixture.project).unwrap();
    let theme = project
        .codebook()
        .unwrap()
        .variable("theme")
        .unwrap()
        .clone();
    let units = project.unit_ids().unwrap();
    let of_coder = results::frequencies(
        &theme,
        &results::coder_dataset(&project, "Li Na").unwrap(),
        &units,
        &results::Source::Coder("Li Na".into()),
    );
    let of_final = results::frequencies(
        &theme,
        &results::final_dataset(&project).unwrap(),
        &units,
        &results::Source::Final,
    );
    let shown = |table: &results::Frequencies| -> Vec<String> {
        table
            .categories
            .iter()
            .flat_map(|c| {
                [
                    format!("{:.1}", c.percent),
                    format!("{:.1}", c.valid_percent),
                ]
            })
            .collect()
    };
    // A percentage the coder's table has and the final one does not.
    let telling = shown(&of_coder)
        .into_iter()
        .find(|text| !shown(&of_final).contains(text))
        .expect("the coder's table differs from the final one");

    let mut harness = harness(&fixture);
    open_supervisor(&mut harness, "Results");
    assert_eq!(harness.query_all_by_label(&telling).count(), 0);
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Results of")
        .click();
    harness.run();
    harness.get_by_label("coder Li Na").click();
    harness.run();
    harness.run();
    assert!(
        harness.query_all_by_label(&telling).count() > 0,
        "Li Na's {telling} is shown"
    );
}

/// Issue 28: the Reliability tab can leave a coder out of agreement (a trainee, a test coder),
/// as `agreement --coders` does: α is then the two remaining coders' — the same figure the
/// command line gives — and the codes stay in the study.
#[test]
fn the_reliability_tab_leaves_a_coder_out_of_agreement() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    open_supervisor(&mut harness, "Reliability");
    let project = Project::open(&fixture.project).unwrap();
    let two = codingdesk::agreement::project_agreement(
        &project,
        &codingdesk::agreement::AgreementOptions {
            coders: vec!["Li Na".into(), "Wang Hao".into()],
            ..Default::default()
        },
    )
    .unwrap();
    let theme = two
        .variables
        .iter()
        .find(|v| v.variable == "theme")
        .unwrap();
    assert_eq!(theme.coders.len(), 2);
    let alpha = codingdesk::format::apa(theme.measures.krippendorff_alpha);
    let codes_before = project.all_codings().unwrap().len();
    harness
        .query_all_by_label("Chen Yu")
        .find(|node| node.accesskit_node().role() == egui::accesskit::Role::CheckBox)
        .expect("a tick for Chen Yu")
        .click();
    harness.run();
    assert!(harness.query_by_label_contains("1 left out of α").is_some());
    assert!(
        harness.query_all_by_label(&alpha).next().is_some(),
        "α of Li Na and Wang Hao on theme: {alpha}"
    );
    assert_eq!(
        Project::open(&fixture.project)
            .unwrap()
            .all_codings()
            .unwrap()
            .len(),
        codes_before,
        "the codes stay in the study"
    );
}
