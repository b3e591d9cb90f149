use super::*;
use crate::codebook::preset;
use crate::model::Unit;
use crate::store::NewCoding;

fn project(dir: &std::path::Path, codebook: &str) -> Project {
    let codebook = preset(codebook).unwrap().codebook().unwrap();
    let mut project = Project::create(&dir.join("r.cdesk"), "t", &codebook).unwrap();
    let units: Vec<Unit> = (1..=4)
        .map(|i| Unit {
            uid: format!("u{i}"),
            ..Unit::default()
        })
        .collect();
    project.upsert_units(&units, "test").unwrap();
    project
}

fn code(unit: &str, coder: &str, variable: &str, answer: Answer) -> NewCoding {
    NewCoding {
        unit: unit.into(),
        coder: coder.into(),
        variable: variable.into(),
        answer,
        note: String::new(),
    }
}

fn units() -> Vec<String> {
    (1..=4).map(|i| format!("u{i}")).collect()
}

#[test]
fn the_final_value_follows_the_documented_rule() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project(dir.path(), "tiktok-six");
    project
        .write_codings(
            &[
                code("u1", "a", "theme", Answer::Code(1)),
                code("u1", "b", "theme", Answer::Code(1)),
                code("u2", "a", "theme", Answer::Code(1)),
                code("u2", "b", "theme", Answer::Code(2)),
                code("u3", "a", "theme", Answer::Code(3)),
            ],
            "test",
        )
        .unwrap();
    // Unanimous, single coder, and one disagreement nobody settled.
    let dataset = final_dataset(&project).unwrap();
    assert_eq!(dataset.get("u1", "theme"), Some(&Answer::Code(1)));
    assert_eq!(dataset.get("u3", "theme"), Some(&Answer::Code(3)));
    assert_eq!(dataset.get("u2", "theme"), None);
    assert_eq!(dataset.unresolved, [("u2".into(), "theme".into())]);
    // The primary coder settles it.
    project.set_primary_coder("b", "test").unwrap();
    let dataset = final_dataset(&project).unwrap();
    assert_eq!(dataset.get("u2", "theme"), Some(&Answer::Code(2)));
    assert!(dataset.unresolved.is_empty());
    // An adjudicated value wins over everything.
    let conn = rusqlite::Connection::open(dir.path().join("r.cdesk")).unwrap();
    conn.execute(
        "INSERT INTO final_value (unit_id, variable_id, code, reason, decided_by, decided_at)
         SELECT u.id, v.id, 4, 'discussed', 'sup', 'now' FROM unit u, variable v
         WHERE u.uid = 'u1' AND v.key = 'theme'",
        [],
    )
    .unwrap();
    let dataset = final_dataset(&project).unwrap();
    assert_eq!(dataset.get("u1", "theme"), Some(&Answer::Code(4)));
    // Raw codes are untouched.
    assert_eq!(project.all_codings().unwrap().len(), 5);
}

#[test]
fn frequencies_count_percent_valid_percent_and_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project(dir.path(), "tiktok-six");
    project
        .write_codings(
            &[
                code("u1", "a", "theme", Answer::Code(1)),
                code("u2", "a", "theme", Answer::Code(1)),
                code("u3", "a", "theme", Answer::Code(4)),
                code("u1", "a", "narrative", Answer::codes(vec![1, 3])),
                code("u2", "a", "narrative", Answer::codes(vec![3])),
            ],
            "test",
        )
        .unwrap();
    let codebook = project.codebook().unwrap();
    let dataset = coder_dataset(&project, "a").unwrap();
    let source = Source::Coder("a".into());
    let theme = frequencies(
        codebook.variable("theme").unwrap(),
        &dataset,
        &units(),
        &source,
    );
    assert_eq!((theme.n, theme.missing), (4, 1));
    let landscape = &theme.categories[0];
    assert_eq!((landscape.count, landscape.percent), (2, 50.0));
    assert!((landscape.valid_percent - 200.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        theme.categories.len(),
        5,
        "unused categories are listed with 0"
    );
    let narrative = frequencies(
        codebook.variable("narrative").unwrap(),
        &dataset,
        &units(),
        &source,
    );
    let music = narrative.categories.iter().find(|c| c.code == 3).unwrap();
    assert_eq!((music.count, music.valid_percent), (2, 100.0));
    assert!(coder_dataset(&project, "zed").is_err());
}

#[test]
fn hierarchical_codes_roll_up_to_their_primary_category() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project(dir.path(), "city-image");
    project
        .write_codings(
            &[
                code("u1", "a", "city_image", Answer::Code(11)),
                code("u2", "a", "city_image", Answer::Code(13)),
                code("u3", "a", "city_image", Answer::Code(31)),
                code("u4", "a", "city_image", Answer::Code(1)),
            ],
            "test",
        )
        .unwrap();
    let codebook = project.codebook().unwrap();
    let dataset = final_dataset(&project).unwrap();
    let table = frequencies(
        codebook.variable("city_image").unwrap(),
        &dataset,
        &units(),
        &Source::Final,
    );
    let primary = table.primary.unwrap();
    assert_eq!(primary.len(), 5);
    assert_eq!(
        (primary[0].code, primary[0].count, primary[0].percent),
        (1, 3, 75.0)
    );
    assert_eq!((primary[2].code, primary[2].count), (3, 1));
}

#[test]
fn sources_parse() {
    assert_eq!(Source::parse("final"), Ok(Source::Final));
    assert_eq!(
        Source::parse("coder:Li Na"),
        Ok(Source::Coder("Li Na".into()))
    );
    assert!(Source::parse("coder:").is_err());
    assert!(Source::parse("all").is_err());
}

#[test]
fn a_dataset_finds_values_by_names_whatever_order_they_came_in() {
    let mut first = Dataset::default();
    first.insert("u1".into(), "theme".into(), Answer::Code(1));
    first.insert("u2".into(), "emotion".into(), Answer::Code(3));
    first.insert("u1".into(), "theme".into(), Answer::Code(2));
    assert_eq!(first.get("u1", "theme"), Some(&Answer::Code(2)));
    assert_eq!(first.get("u2", "emotion"), Some(&Answer::Code(3)));
    assert_eq!(first.get("u2", "theme"), None);
    assert_eq!(first.get("u3", "theme"), None);
    assert_eq!(first.len(), 2);
    let mut second = Dataset::default();
    second.insert("u2".into(), "emotion".into(), Answer::Code(3));
    second.insert("u1".into(), "theme".into(), Answer::Code(2));
    assert_eq!(first, second);
    second.insert("u2".into(), "theme".into(), Answer::Code(9));
    assert_ne!(first, second);
}
