use super::*;
use crate::codebook::preset;
use crate::model::Unit;
use crate::store::NewRound;

/// Units t1–t6 for training, s1–s2 the study's; coders ana and bo, gold coded by "sup".
fn project(dir: &std::path::Path) -> Project {
    let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
    let mut project = Project::create(&dir.join("s.cdesk"), "t", &codebook).unwrap();
    let units: Vec<Unit> = ["t1", "t2", "t3", "t4", "t5", "t6", "s1", "s2"]
        .iter()
        .map(|uid| Unit {
            uid: (*uid).to_owned(),
            ..Unit::default()
        })
        .collect();
    project.upsert_units(&units, "test").unwrap();
    project.add_coder("ana", "test").unwrap();
    project.add_coder("bo", "test").unwrap();
    project
}

fn start(project: &mut Project, counted: bool) {
    project
        .start_training_round(
            &NewRound {
                name: "round 1".into(),
                units: (1..=6).map(|i| format!("t{i}")).collect(),
                coders: vec!["ana".into(), "bo".into()],
                gold: Gold::Coder("sup".into()),
                alpha_min: 0.8,
                counted,
                take_coded: false,
                blanks_count: false,
            },
            "supervisor",
        )
        .unwrap();
}

fn code(project: &mut Project, coder: &str, themes: &[i64]) {
    for (i, theme) in themes.iter().enumerate() {
        project
            .set_answer(
                &format!("t{}", i + 1),
                coder,
                "theme",
                Some(&Answer::Code(*theme)),
            )
            .unwrap();
    }
}

#[test]
fn agreement_with_gold_matches_hand_computed_alpha_and_kappa() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project(dir.path());
    start(&mut project, false);
    code(&mut project, "sup", &[1, 1, 2, 2, 3, 3]);
    code(&mut project, "ana", &[1, 1, 2, 2, 3, 1]);
    code(&mut project, "bo", &[1, 1, 2, 2, 3, 3]);
    let codebook = project.codebook().unwrap();
    let report = training_report(&project, &codebook, "round 1").unwrap();
    assert_eq!(report.round.coders, ["ana", "bo"]);
    assert_eq!(report.gold_values, 6);
    let ana = report.coder("ana").unwrap();
    let theme = &ana.variables[0];
    assert_eq!(theme.variable, "theme");
    assert_eq!((theme.units, theme.agreed), (6, 5));
    // Coincidences: n = 12, n_1 = 5, n_2 = 4, n_3 = 3, two off-diagonal values:
    // α = 1 − (n − 1)·2 / (n² − Σ n_c²) = 1 − 22/94.
    let alpha = theme.krippendorff_alpha.unwrap();
    assert!((alpha - (1.0 - 22.0 / 94.0)).abs() < 1e-12, "{alpha}");
    // p_o = 5/6, p_e = (3·2 + 2·2 + 1·2)/36 = 1/3: κ = (5/6 − 1/3)/(2/3) = .75.
    assert!((theme.cohen_kappa.unwrap() - 0.75).abs() < 1e-12);
    assert!((theme.percent_agreement.unwrap() - 5.0 / 6.0).abs() < 1e-12);
    assert!(!theme.passed && !ana.passed);
    assert!(ana.failed().contains("Theme and focus"));
    // The other variables gold never coded are not judged.
    assert_eq!(ana.variables.len(), 1);
    assert_eq!(ana.misses.len(), 1);
    let miss = &ana.misses[0];
    assert_eq!(
        (miss.unit.as_str(), miss.variable.as_str()),
        ("t6", "theme")
    );
    assert_eq!(miss.coded.as_deref(), Some("1 Natural landscape"));
    assert_eq!(miss.gold, "3 City features");
    assert!(miss.gold_values[0].definition.contains("built city"));
    assert!(!miss.gold_values[0].examples.is_empty());
    let bo = report.coder("bo").unwrap();
    assert!(bo.passed && bo.misses.is_empty());
    assert_eq!(bo.variables[0].krippendorff_alpha, Some(1.0));
    assert_eq!(report.passed(), 1);
}

#[test]
fn a_coder_who_coded_nothing_fails_and_an_uncoded_unit_is_a_miss() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project(dir.path());
    start(&mut project, false);
    code(&mut project, "sup", &[1, 1, 2, 2, 3, 3]);
    code(&mut project, "ana", &[1, 1, 2, 2, 3]);
    let codebook = project.codebook().unwrap();
    let report = training_report(&project, &codebook, "round 1").unwrap();
    let ana = report.coder("ana").unwrap();
    assert_eq!(ana.not_coded, 1);
    assert_eq!(ana.misses[0].coded, None);
    assert!(ana.passed, "α = 1 on the five units both coded");
    let bo = report.coder("bo").unwrap();
    assert!(!bo.passed);
    assert_eq!(bo.not_coded, 6);
}

#[test]
fn training_units_stay_out_of_the_study_unless_the_round_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project(dir.path());
    start(&mut project, false);
    code(&mut project, "ana", &[1, 1, 2, 2, 3, 1]);
    project
        .set_answer("s1", "ana", "theme", Some(&Answer::Code(4)))
        .unwrap();
    assert_eq!(project.unit_ids().unwrap(), ["s1", "s2"]);
    assert_eq!(project.units().unwrap().len(), 2);
    let codings = project.all_codings().unwrap();
    assert_eq!(codings.len(), 1);
    assert_eq!(&*codings[0].unit, "s1");
    assert_eq!(project.training_codings("round 1").unwrap().len(), 6);

    let dir = tempfile::tempdir().unwrap();
    let mut project = self::project(dir.path());
    start(&mut project, true);
    code(&mut project, "ana", &[1, 1, 2, 2, 3, 1]);
    assert_eq!(project.unit_ids().unwrap().len(), 8);
    assert_eq!(project.all_codings().unwrap().len(), 6);
}

#[test]
fn the_queue_puts_training_first_and_assigning_the_study_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project(dir.path());
    start(&mut project, false);
    let queue = project.queue("ana").unwrap();
    // No study assignment yet: the training units, then every unit of the study.
    let uids: Vec<&str> = queue.iter().map(|r| r.uid.as_str()).collect();
    assert_eq!(uids, ["t1", "t2", "t3", "t4", "t5", "t6", "s1", "s2"]);
    assert_eq!(queue[0].training.as_deref(), Some("round 1"));
    assert_eq!(queue[6].training, None);
    // The gold coder was added and assigned the round too.
    assert!(project.coders().unwrap().contains(&"sup".to_owned()));
    assert_eq!(project.queue("sup").unwrap()[0].uid, "t1");
    let draw = crate::assign::DrawRecord {
        seed: 1,
        overlap_units: 0,
        stratify: None,
        coders: vec!["ana".into()],
    };
    project
        .set_assignments(&[("s2".into(), "ana".into(), false)], false, &draw, "test")
        .unwrap();
    project
        .set_assignments(&[("s1".into(), "ana".into(), false)], true, &draw, "test")
        .unwrap();
    let uids: Vec<String> = project
        .queue("ana")
        .unwrap()
        .into_iter()
        .map(|r| r.uid)
        .collect();
    assert_eq!(uids, ["t1", "t2", "t3", "t4", "t5", "t6", "s1"]);
}

#[test]
fn a_closed_round_keeps_its_codes_and_only_a_passed_coder_is_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project(dir.path());
    start(&mut project, false);
    code(&mut project, "sup", &[1, 1, 2, 2, 3, 3]);
    code(&mut project, "ana", &[1, 1, 2, 2, 3, 1]);
    code(&mut project, "bo", &[1, 1, 2, 2, 3, 3]);
    assert!(matches!(
        clear(&mut project, "round 1", "bo", "supervisor"),
        Err(TrainingError::StillOpen(_))
    ));
    let codebook = project.codebook().unwrap();
    assert!(my_training(&project, &codebook, "ana").unwrap().is_empty());
    project
        .close_training_round("round 1", "supervisor")
        .unwrap();
    let error = project
        .set_answer("t6", "ana", "theme", Some(&Answer::Code(3)))
        .unwrap_err();
    assert!(
        matches!(error, StoreError::TrainingClosed { .. }),
        "{error}"
    );
    assert!(
        project
            .close_training_round("round 1", "supervisor")
            .is_err()
    );
    let error = clear(&mut project, "round 1", "ana", "supervisor").unwrap_err();
    assert!(matches!(error, TrainingError::NotPassed { .. }), "{error}");
    clear(&mut project, "round 1", "bo", "supervisor").unwrap();
    let cleared = project.clearances().unwrap();
    assert_eq!(cleared.len(), 1);
    assert_eq!(
        (cleared[0].coder.as_str(), cleared[0].round.as_str()),
        ("bo", "round 1")
    );
    let mine = my_training(&project, &codebook, "ana").unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].1.misses.len(), 1);
    assert!(clear(&mut project, "round 2", "bo", "supervisor").is_err());
}

#[test]
fn starting_a_round_checks_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project(dir.path());
    let round = |name: &str, units: &[&str], coders: &[&str], gold: &str| NewRound {
        name: name.into(),
        units: units.iter().map(|u| (*u).to_owned()).collect(),
        coders: coders.iter().map(|c| (*c).to_owned()).collect(),
        gold: Gold::parse(gold),
        alpha_min: 0.8,
        counted: false,
        take_coded: false,
        blanks_count: false,
    };
    for (bad, why) in [
        (round("", &["t1"], &["ana"], "sup"), "name"),
        (round("r", &[], &["ana"], "sup"), "no units"),
        (round("r", &["t1"], &[], "sup"), "no coders"),
        (round("r", &["t1"], &["ana"], "ana"), "gold standard"),
        (round("r", &["nope"], &["ana"], "sup"), "nope"),
        (round("r", &["t1"], &["zed"], "sup"), "zed"),
    ] {
        let error = project.start_training_round(&bad, "test").unwrap_err();
        assert!(
            error.to_string().contains(why),
            "{error} should mention {why}"
        );
    }
    // Nothing half-written.
    assert!(project.training_rounds().unwrap().is_empty());
    assert!(
        project
            .queue("ana")
            .unwrap()
            .iter()
            .all(|r| r.training.is_none())
    );
    project
        .start_training_round(&round("r", &["t1"], &["ana"], "adjudicated"), "test")
        .unwrap();
    let error = project
        .start_training_round(&round("r", &["t2"], &["ana"], "adjudicated"), "test")
        .unwrap_err();
    assert!(error.to_string().contains("already"));
    assert_eq!(
        project.training_rounds().unwrap()[0].gold,
        Gold::Adjudicated
    );
}

/// A round draws only units nobody has coded, unless told to take coded ones; a round not
/// counted in the study that would take coded units out is refused with the counts, and
/// allowed when asked on purpose (issue 28).
#[test]
fn training_never_shrinks_the_study_by_surprise() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project(dir.path());
    // ana codes t1 and t2 in the study.
    for unit in ["t1", "t2"] {
        project
            .set_answer(unit, "ana", "theme", Some(&Answer::Code(1)))
            .unwrap();
    }
    let units = project.unit_ids().unwrap();
    for seed in 0..20 {
        let draw = crate::training::draw_training(&project, 4, seed, false).unwrap();
        assert_eq!((draw.coded_units, draw.codes), (0, 0));
        assert!(!draw.units.iter().any(|u| u == "t1" || u == "t2"));
    }
    let too_many = crate::training::draw_training(&project, units.len() - 1, 1, false);
    assert!(
        matches!(too_many, Err(TrainingError::DrawUncoded { uncoded, .. }) if uncoded == units.len() - 2),
        "{too_many:?}"
    );
    let everything = crate::training::draw_training(&project, units.len(), 1, true).unwrap();
    assert_eq!((everything.coded_units, everything.codes), (2, 2));

    let round = |take_coded: bool, counted: bool, name: &str| NewRound {
        name: name.into(),
        units: vec!["t1".into(), "t3".into()],
        coders: vec!["bo".into()],
        gold: Gold::Coder("sup".into()),
        alpha_min: 0.8,
        counted,
        take_coded,
        blanks_count: false,
    };
    let refused = project.start_training_round(&round(false, false, "r1"), "sup");
    assert!(
        matches!(
            refused,
            Err(StoreError::TrainingTakesCoded {
                units: 1,
                codes: 1,
                ..
            })
        ),
        "{refused:?}"
    );
    assert_eq!(
        project.unit_ids().unwrap().len(),
        units.len(),
        "nothing moved"
    );
    // Counted in the study, the coded unit stays in it.
    project
        .start_training_round(&round(false, true, "r2"), "sup")
        .unwrap();
    assert_eq!(project.unit_ids().unwrap().len(), units.len());
    // Asked on purpose, it leaves.
    let mut on_purpose = round(true, false, "r3");
    on_purpose.units = vec!["t2".into(), "t4".into()];
    project.start_training_round(&on_purpose, "sup").unwrap();
    assert!(project.unit_ids().unwrap().len() < units.len());
}

/// An optional variable a coder left blank where gold coded it is no miss, unless the round
/// says blanks count (issue 28: the desk counts such a unit done).
#[test]
fn optional_blanks_are_misses_only_when_the_round_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project(dir.path());
    let codebook = project.codebook().unwrap();
    for (name, blanks_count) in [("lenient", false), ("strict", true)] {
        let units: Vec<String> = if blanks_count {
            vec!["t4".into(), "t5".into(), "t6".into()]
        } else {
            vec!["t1".into(), "t2".into(), "t3".into()]
        };
        project
            .start_training_round(
                &NewRound {
                    name: name.into(),
                    units: units.clone(),
                    coders: vec!["bo".into()],
                    gold: Gold::Coder("sup".into()),
                    alpha_min: 0.8,
                    counted: false,
                    take_coded: false,
                    blanks_count,
                },
                "supervisor",
            )
            .unwrap();
        for (i, unit) in units.iter().enumerate() {
            let theme = Answer::Code(i as i64 + 1);
            project
                .set_answer(unit, "sup", "theme", Some(&theme))
                .unwrap();
            project
                .set_answer(unit, "bo", "theme", Some(&theme))
                .unwrap();
            // Gold read the comments; bo left the optional variable blank.
            project
                .set_answer(unit, "sup", "comment_attitude", Some(&Answer::Code(2)))
                .unwrap();
        }
        let report = crate::training::training_report(&project, &codebook, name).unwrap();
        let bo = &report.coders[0];
        let attitude_misses = bo
            .misses
            .iter()
            .filter(|m| m.variable == "comment_attitude")
            .count();
        if blanks_count {
            assert_eq!((bo.not_coded, attitude_misses), (3, 3), "{name}");
            assert!(!bo.passed, "{name}");
        } else {
            assert_eq!((bo.not_coded, attitude_misses), (0, 0), "{name}");
            assert!(bo.passed, "{name}: {:?}", bo.variables);
        }
    }
}
