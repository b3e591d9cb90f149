use super::*;

fn open(dir: &std::path::Path) -> SupervisorSession {
    match SupervisorSession::open(project(dir)) {
        Ok(session) => session,
        Err(failed) => panic!("the session did not open: {}", failed.1),
    }
}

fn project(dir: &std::path::Path) -> Project {
    let codebook = crate::codebook::preset("tiktok-six")
        .unwrap()
        .codebook()
        .unwrap();
    let mut project = Project::create(&dir.join("s.cdesk"), "S", &codebook).unwrap();
    let units: Vec<crate::model::Unit> = (1..=4)
        .map(|i| crate::model::Unit {
            uid: format!("u{i}"),
            ..Default::default()
        })
        .collect();
    project.upsert_units(&units, "test").unwrap();
    project
}

/// The snapshot reads the codes once, unit by unit, keeping only the units two coders coded
/// for agreement: what it shows must be what reading every code gives.
#[test]
fn the_snapshot_read_unit_by_unit_equals_reading_every_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cq.cdesk");
    let sample = crate::samples::sample("chongqing-tiktok").unwrap();
    crate::samples::build(sample, &path, crate::samples::Existing::Replace).unwrap();
    let session = match SupervisorSession::open(Project::open(&path).unwrap()) {
        Ok(session) => session,
        Err(failed) => panic!("the session did not open: {}", failed.1),
    };
    let (project, snapshot) = (session.project(), session.snapshot());
    let records = project.all_codings().unwrap();
    assert!(
        records.iter().any(|r| r.coder != records[0].coder),
        "the sample has several coders"
    );
    assert_eq!(
        snapshot.final_dataset,
        crate::results::final_dataset(project).unwrap()
    );
    let disagreements = crate::results::disagreements(project, &[]).unwrap();
    assert!(!disagreements.is_empty());
    assert_eq!(snapshot.disagreements, disagreements);
    let alphas = |table: &agreement::ProjectAgreement| -> Vec<(String, Option<f64>)> {
        table
            .variables
            .iter()
            .map(|row| (row.variable.clone(), row.measures.krippendorff_alpha))
            .collect()
    };
    let whole = agreement::project_agreement(
        project,
        &agreement::AgreementOptions {
            bootstrap: (snapshot.bootstrap.samples > 0).then_some(snapshot.bootstrap),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(alphas(snapshot.agreement.as_ref().unwrap()), alphas(&whole));
    assert_eq!(
        snapshot.reliability_plans,
        crate::reliability_plan::plan_variables(&snapshot.shown, &records, 0.8, 0.05, 2)
    );
    // Units are not all kept: those disputed, and the extra fields a draw can use.
    let units = project.units().unwrap();
    let disputed: std::collections::BTreeSet<&String> =
        disagreements.iter().map(|d| &d.unit).collect();
    let mut expected: Vec<&crate::model::Unit> =
        units.iter().filter(|u| disputed.contains(&u.uid)).collect();
    expected.sort_by(|a, b| a.uid.cmp(&b.uid));
    assert_eq!(
        snapshot.disputed_units.values().collect::<Vec<_>>(),
        expected
    );
    let extra: std::collections::BTreeSet<String> = units
        .iter()
        .take(500)
        .flat_map(|u| u.extra.keys().cloned())
        .collect();
    assert_eq!(snapshot.extra_fields, extra.into_iter().collect::<Vec<_>>());
    assert_eq!(
        snapshot.table.uids,
        units.iter().map(|u| u.uid.clone()).collect::<Vec<_>>()
    );
}

#[test]
fn an_adjudication_is_stored_logged_and_in_the_next_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = open(dir.path());
    let variable = "theme".to_owned();
    let before = session.snapshot().revision;
    let applied = session
        .apply(SupervisorAction::Adjudicate {
            unit: "u1".into(),
            variable: variable.clone(),
            answer: Some(Answer::Code(1)),
            reason: "  clear case ".into(),
        })
        .unwrap();
    assert!(applied.message.is_none());
    assert_eq!(session.snapshot().revision, before + 1);
    // Our own change does not make the next look read the study again.
    assert!(!session.sync().unwrap());
    let finals = session.project().final_values().unwrap();
    assert_eq!(finals, [("u1".into(), variable, Answer::Code(1))]);
}

#[test]
fn a_change_made_elsewhere_is_read_on_the_next_look() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = open(dir.path());
    assert!(!session.sync().unwrap());
    let mut other = Project::open(&dir.path().join("s.cdesk")).unwrap();
    other.add_coder("Li Na", "elsewhere").unwrap();
    assert!(session.sync().unwrap());
    assert_eq!(session.snapshot().coders, ["Li Na"]);
}

#[test]
fn a_refused_change_says_why_and_keeps_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = open(dir.path());
    let revision = session.snapshot().revision;
    let error = session
        .apply(SupervisorAction::SetPrimaryCoder("Nobody".into()))
        .unwrap_err();
    assert!(matches!(error, SuperviseError::Store(_)), "{error:?}");
    assert!(!error.to_string().is_empty());
    assert_eq!(session.snapshot().revision, revision);
    let error = session
        .apply(SupervisorAction::SaveChart {
            svg: "<svg/>".into(),
            path: dir.path().join("missing").join("chart.svg"),
        })
        .unwrap_err();
    assert!(error.to_string().contains("chart.svg"), "{error}");
}

#[test]
fn agreement_without_two_coders_is_a_reason_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let session = open(dir.path());
    assert!(matches!(
        session.snapshot().agreement,
        Err(AgreementError::TooFewCoders(_))
    ));
}
