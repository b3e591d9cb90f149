use super::*;
use crate::codebook::preset;
use crate::model::Unit;

fn project(dir: &std::path::Path) -> Project {
    let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
    let mut project = Project::create(&dir.join("s.cdesk"), "t", &codebook).unwrap();
    let units: Vec<Unit> = (1..=3)
        .map(|i| Unit {
            uid: format!("v{i}"),
            caption: Some(format!("重庆 {i}")),
            likes: Some(100 * i),
            comments: Some(7),
            ..Unit::default()
        })
        .collect();
    project.upsert_units(&units, "test").unwrap();
    project
}

fn code_required(session: &mut DeskSession, unit: &Unit) {
    for (variable, answer) in [
        ("theme", Answer::Code(1)),
        ("shooting", Answer::codes(vec![9])),
        ("emotion", Answer::Code(3)),
        ("narrative", Answer::codes(vec![3])),
        ("source", Answer::Code(2)),
    ] {
        session.set_answer(unit, variable, Some(answer)).unwrap();
    }
}

#[test]
fn changes_are_saved_at_once_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.cdesk");
    let mut session = DeskSession::open(project(dir.path()), "ana").unwrap();
    let unit = session.unit("v1").unwrap();
    assert!(
        session
            .set_answer(&unit, "theme", Some(Answer::Code(4)))
            .unwrap()
    );
    assert!(
        !session
            .set_answer(&unit, "theme", Some(Answer::Code(4)))
            .unwrap()
    );
    session.toggle(&unit, "narrative", 1).unwrap();
    session.toggle(&unit, "narrative", 3).unwrap();
    session.set_note(&unit.uid, "music is loud").unwrap();
    assert!(session.last_saved().is_some());
    drop(session);
    let session = DeskSession::open(Project::open(&path).unwrap(), "ana").unwrap();
    assert_eq!(session.answer("v1", "theme"), Some(&Answer::Code(4)));
    assert_eq!(
        session.answer("v1", "narrative"),
        Some(&Answer::Codes(vec![1, 3]))
    );
    assert_eq!(session.note("v1"), "music is loud");
}

#[test]
fn a_coder_never_sees_another_coders_codes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.cdesk");
    let mut ana = DeskSession::open(project(dir.path()), "ana").unwrap();
    let unit = ana.unit("v1").unwrap();
    code_required(&mut ana, &unit);
    ana.set_note("v1", "ana's note").unwrap();
    drop(ana);
    let bo = DeskSession::open(Project::open(&path).unwrap(), "bo").unwrap();
    assert_eq!(bo.answer("v1", "theme"), None);
    assert_eq!(bo.note("v1"), "");
    assert_eq!(bo.status("v1"), UnitStatus::NotStarted);
    assert_eq!(bo.counts(), (0, 0, 3));
}

#[test]
fn status_counts_and_the_next_unit_not_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = DeskSession::open(project(dir.path()), "ana").unwrap();
    let first = session.unit("v1").unwrap();
    session
        .set_answer(&first, "theme", Some(Answer::Code(2)))
        .unwrap();
    assert_eq!(session.status("v1"), UnitStatus::Partial);
    code_required(&mut session, &first);
    assert_eq!(session.status("v1"), UnitStatus::Done);
    let second = session.unit("v2").unwrap();
    code_required(&mut session, &second);
    assert_eq!(session.counts(), (2, 0, 1));
    assert_eq!(session.next_not_done(0), Some(2));
    assert_eq!(
        session.next_not_done(2),
        Some(2),
        "wraps round to itself when it is the last"
    );
    let third = session.unit("v3").unwrap();
    code_required(&mut session, &third);
    assert_eq!(session.next_not_done(0), None);
}

#[test]
fn numbers_are_prefilled_and_saved_with_the_first_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.cdesk");
    let mut session = DeskSession::open(project(dir.path()), "ana").unwrap();
    let unit = session.unit("v2").unwrap();
    let likes = session.codebook().variable("likes").unwrap().clone();
    assert_eq!(session.shown_number(&unit, &likes), Some(200.0));
    assert_eq!(session.answer("v2", "likes"), None, "shown, not yet saved");
    session
        .set_answer(&unit, "theme", Some(Answer::Code(1)))
        .unwrap();
    assert_eq!(session.answer("v2", "likes"), Some(&Answer::Number(200.0)));
    assert_eq!(session.answer("v2", "comments"), Some(&Answer::Number(7.0)));
    drop(session);
    let stored = Project::open(&path)
        .unwrap()
        .codings_of_coder("ana")
        .unwrap();
    assert!(
        stored
            .iter()
            .any(|c| c.variable == "likes" && c.answer == Answer::Number(200.0))
    );
}

#[test]
fn undo_and_redo_write_through_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.cdesk");
    let mut session = DeskSession::open(project(dir.path()), "ana").unwrap();
    let unit = session.unit("v1").unwrap();
    session
        .set_answer(&unit, "emotion", Some(Answer::Code(1)))
        .unwrap();
    session
        .set_answer(&unit, "emotion", Some(Answer::Code(3)))
        .unwrap();
    let undone = session.undo().unwrap().unwrap();
    assert_eq!(
        (undone.before.clone(), undone.unit.as_str()),
        (Some(Answer::Code(1)), "v1")
    );
    assert_eq!(session.answer("v1", "emotion"), Some(&Answer::Code(1)));
    session.undo().unwrap();
    assert_eq!(session.answer("v1", "emotion"), None);
    assert_eq!(session.undo().unwrap(), None);
    session.redo().unwrap();
    assert_eq!(session.answer("v1", "emotion"), Some(&Answer::Code(1)));
    let stored = Project::open(&path)
        .unwrap()
        .codings_of_coder("ana")
        .unwrap();
    let emotion: Vec<_> = stored.iter().filter(|c| c.variable == "emotion").collect();
    assert_eq!(emotion[0].answer, Answer::Code(1));
    // A new change clears what could be redone.
    session
        .set_answer(&unit, "emotion", Some(Answer::Code(2)))
        .unwrap();
    assert_eq!(session.redo().unwrap(), None);
}

#[test]
fn invalid_answers_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = DeskSession::open(project(dir.path()), "ana").unwrap();
    let unit = session.unit("v1").unwrap();
    assert!(
        session
            .set_answer(&unit, "theme", Some(Answer::Code(77)))
            .is_err()
    );
    assert!(
        session
            .set_answer(&unit, "nope", Some(Answer::Code(1)))
            .is_err()
    );
    assert_eq!(session.answer("v1", "likes"), None);
    assert_eq!(session.undo().unwrap(), None);
}

#[test]
fn keys_are_digits_shortcuts_or_positions() {
    let tiktok = preset("tiktok-six").unwrap().codebook().unwrap();
    let theme = value_keys(tiktok.variable("theme").unwrap());
    assert_eq!(
        theme,
        [
            (1, Some('1')),
            (2, Some('2')),
            (3, Some('3')),
            (4, Some('4')),
            (9, Some('9'))
        ]
    );
    let city = preset("city-image").unwrap().codebook().unwrap();
    let keys = value_keys(city.variable("city_image").unwrap());
    assert_eq!(keys[0], (1, Some('1')));
    // Codes 1, 11, 12, 13, 2, 21 … are not all digits: keys go 1–9, then a, b …
    assert_eq!(keys[8], (3, Some('9')));
    assert_eq!(keys[9], (31, Some('a')));
    let mut variable = tiktok.variable("emotion").unwrap().clone();
    variable.values[0].shortcut = Some("N".into());
    variable.values[1].retired = true;
    assert_eq!(
        value_keys(&variable),
        [(1, Some('n')), (2, None), (3, Some('3'))]
    );
}
