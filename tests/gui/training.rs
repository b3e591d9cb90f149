//! Training rounds through egui_kittest on a copy of the Chongqing sample: the supervisor starts a
//! round in the Training tab, closes it and clears a coder who passed; a coder reviews their
//! misses in the desk after the round closed and cannot change a closed round's codes.
#![cfg(feature = "gui")]

use crate::common;

use codingdesk::model::Answer;
use codingdesk::store::{Gold, NewRound, Project};
use codingdesk::ui::CodingdeskApp;
use common::gui::{harness, retype, sample};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn open_supervisor(harness: &mut Harness<'static, CodingdeskApp>) {
    harness.get_by_label("Supervisor").click();
    harness.run();
    harness.get_by_label("Training").click();
    harness.run();
}

#[test]
fn a_round_is_started_closed_and_a_passed_coder_cleared_in_the_training_tab() {
    let fixture = sample();
    let study_units = Project::open(&fixture.project).unwrap().unit_ids().unwrap();
    let mut harness = harness(&fixture);
    open_supervisor(&mut harness);
    retype(&mut harness, "Units (drawn at random from the study):", "6");
    retype(&mut harness, "Seed:", "5");
    retype(&mut harness, "α_min to pass:", "0");
    harness
        .get_by_label("Where the gold standard comes from")
        .click();
    harness.run();
    harness.get_by_label("Li Na").click();
    harness.run();
    // Every unit of the sample is coded: by default a round draws none of them (issue 28).
    harness.get_by_label("Start the round").click();
    harness.run();
    let refused = harness.state().notice().map(|n| n.text.clone());
    assert!(
        refused
            .as_deref()
            .is_some_and(|n| n.contains("nobody has coded")),
        "{refused:?}"
    );
    assert!(
        Project::open(&fixture.project)
            .unwrap()
            .training_rounds()
            .unwrap()
            .is_empty()
    );
    // Taking coded units is a choice, confirmed with what it moves out of the study.
    harness
        .get_by_label_contains("Also draw units that are already coded")
        .click();
    harness.run();
    harness.get_by_label("Start the round").click();
    harness.run();
    let codes_out = Project::open(&fixture.project)
        .unwrap()
        .coded_in_study(&codingdesk::training::draw_units(&study_units, 6, 5).unwrap())
        .unwrap();
    assert!(
        harness
            .query_by_label_contains(&format!(
                "takes 6 units that are already coded, with their {} codes",
                codes_out.1
            ))
            .is_some()
    );
    assert!(
        Project::open(&fixture.project)
            .unwrap()
            .training_rounds()
            .unwrap()
            .is_empty(),
        "nothing before the confirmation"
    );
    harness.get_by_label("Start and take them out").click();
    harness.run();

    let project = Project::open(&fixture.project).unwrap();
    let rounds = project.training_rounds().unwrap();
    assert_eq!(rounds.len(), 1);
    let round = &rounds[0];
    assert_eq!(round.name, "round 1");
    assert_eq!(round.gold, Gold::Coder("Li Na".into()));
    assert_eq!(round.coders, ["Chen Yu", "Wang Hao"]);
    assert_eq!(
        round.units,
        codingdesk::training::draw_units(&study_units, 6, 5).unwrap()
    );
    assert_eq!(
        project.unit_ids().unwrap().len(),
        44,
        "training units left the study"
    );
    drop(project);
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| !n.is_error() && n.text.contains("round 1"))
    );

    harness.get_by_label("Close round 1").click();
    harness.run();
    let project = Project::open(&fixture.project).unwrap();
    assert!(project.training_rounds().unwrap()[0].is_closed());
    let codebook = project.codebook().unwrap();
    let report = codingdesk::training::training_report(&project, &codebook, "round 1").unwrap();
    let passed: Vec<String> = report
        .coders
        .iter()
        .filter(|c| c.passed)
        .map(|c| c.coder.clone())
        .collect();
    assert!(!passed.is_empty(), "α_min 0: {report:?}");
    drop(project);
    harness
        .get_by_label(&format!("Clear {} for the study", passed[0]))
        .click();
    harness.run();
    let cleared = Project::open(&fixture.project)
        .unwrap()
        .clearances()
        .unwrap();
    assert_eq!(cleared.len(), 1);
    assert_eq!(cleared[0].coder, passed[0]);
    assert_eq!(cleared[0].round, "round 1");
}

#[test]
fn a_coder_reviews_their_misses_after_the_round_and_cannot_change_its_codes() {
    let fixture = sample();
    let mut project = Project::open(&fixture.project).unwrap();
    project.add_coder("Zhao Min", "test").unwrap();
    let units: Vec<String> = project.unit_ids().unwrap()[..3].to_vec();
    project
        .start_training_round(
            &NewRound {
                name: "round 1".into(),
                units: units.clone(),
                coders: vec!["Zhao Min".into()],
                gold: Gold::Coder("Li Na".into()),
                alpha_min: 0.8,
                counted: false,
                // Li Na's codes are the gold: the units are coded, and leave the study on purpose.
                take_coded: true,
                blanks_count: false,
            },
            "test",
        )
        .unwrap();
    let gold: Vec<Answer> = units
        .iter()
        .map(|unit| {
            project
                .codings_of_coder("Li Na")
                .unwrap()
                .into_iter()
                .find(|c| *c.unit == **unit && &*c.variable == "theme")
                .unwrap()
                .answer
        })
        .collect();
    // Zhao Min agrees on the first two units' theme and misses the third.
    let Answer::Code(third) = gold[2] else {
        panic!("theme is single-choice")
    };
    let wrong = if third == 1 { 2 } else { 1 };
    for (unit, answer) in units
        .iter()
        .zip([gold[0].clone(), gold[1].clone(), Answer::Code(wrong)])
    {
        project
            .set_answer(unit, "Zhao Min", "theme", Some(&answer))
            .unwrap();
    }
    // While the round is open the desk offers no review (gold stays hidden).
    drop(project);
    let mut harness = harness(&fixture);
    harness.get_by_label("I am Zhao Min").click();
    harness.run();
    assert!(harness.query_by_label("Review my training").is_none());
    assert_eq!(harness.query_all_by_label("training").count(), 3);
    drop(harness);

    Project::open(&fixture.project)
        .unwrap()
        .close_training_round("round 1", "test")
        .unwrap();
    let mut harness = harness_for(&fixture);
    harness.get_by_label("Review my training").click();
    harness.run();
    let codebook = Project::open(&fixture.project).unwrap().codebook().unwrap();
    let theme = codebook.variable("theme").unwrap();
    let wrong_label = format!("You coded: {wrong} {}", theme.value(wrong).unwrap().label);
    let gold_label = format!(
        "Gold standard: {third} {}",
        theme.value(third).unwrap().label
    );
    harness.get_by_label(&wrong_label);
    harness.get_by_label(&gold_label);
    harness.get_by_label(&format!(
        "{third} {}: {}",
        theme.value(third).unwrap().label,
        theme.value(third).unwrap().definition
    ));
    harness
        .get_by_label(&format!("Open unit {} at Theme and focus", units[2]))
        .click();
    harness.run();
    assert_eq!(harness.state().current_unit(), Some(2));
    // The closed round's codes stay: the form takes no clicks.
    harness
        .get_by_label(&format!("[4] {}", theme.value(4).unwrap().label))
        .click();
    harness.run();
    let stored = Project::open(&fixture.project)
        .unwrap()
        .codings_of_coder("Zhao Min")
        .unwrap()
        .into_iter()
        .find(|c| *c.unit == *units[2] && &*c.variable == "theme")
        .unwrap()
        .answer;
    assert_eq!(stored, Answer::Code(wrong));
}

/// The app opened again on the fixture, where "Who is coding?" remembers Zhao Min.
fn harness_for(fixture: &common::gui::Fixture) -> Harness<'static, CodingdeskApp> {
    let mut harness = harness(fixture);
    if harness.query_by_label("I am Zhao Min").is_some() {
        harness.get_by_label("I am Zhao Min").click();
        harness.run();
    }
    harness
}
