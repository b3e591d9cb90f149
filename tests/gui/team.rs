//! Team coding in the window: the supervisor writes packages for all coders in the Team tab, a
//! coder codes in a package (which opens straight in that coder's desk), and the supervisor
//! previews and merges it back. Results are read from the SQLite files.
#![cfg(feature = "gui")]

use crate::common;

use std::path::Path;

use codingdesk::model::Answer;
use codingdesk::store::Project;
use common::gui::{harness_on as window_on, retype, sample};
use egui_kittest::kittest::Queryable;

fn theme_of(project: &Path, coder: &str, unit: &str) -> Option<Answer> {
    Project::open(project)
        .unwrap()
        .codings_of_coder(coder)
        .unwrap()
        .into_iter()
        .find(|c| *c.unit == *unit && &*c.variable == "theme")
        .map(|c| c.answer)
}

#[test]
fn packages_written_coded_in_the_desk_previewed_and_merged_in_the_window() {
    let fixture = sample();
    let outbox = fixture._dir.path().join("outbox");
    std::fs::create_dir(&outbox).unwrap();
    let mut supervisor = window_on(&fixture.project, &fixture.settings);
    supervisor.get_by_label("Supervisor").click();
    supervisor.run();
    supervisor.get_by_label("Team").click();
    supervisor.run();
    retype(&mut supervisor, "Folder:", &outbox.display().to_string());
    supervisor
        .get_by_label("Write packages for 3 coders")
        .click();
    supervisor.run();
    let notice = supervisor.state().notice().cloned().unwrap();
    assert!(
        !notice.is_error() && notice.text.contains("3 packages written"),
        "{notice:?}"
    );
    let package = outbox.join("chongqing-Li_Na.cdesk");
    assert!(package.is_file());
    assert!(outbox.join("chongqing-Chen_Yu.cdesk").is_file());

    // The coder opens the package: straight into Li Na's desk, no coder to choose.
    let laptop_settings = fixture._dir.path().join("laptop.json");
    let mut coder = window_on(&package, &laptop_settings);
    let session = coder.state().session().expect("the desk is open");
    assert_eq!(session.coder(), "Li Na");
    let told = coder.state().notice().cloned().unwrap();
    assert!(
        told.text.contains("This is Li Na's package") && !told.text.contains("  "),
        "{told:?}"
    );
    assert_eq!(session.queue().len(), 50);
    let unit = session.queue()[0].uid.clone();
    let before = theme_of(&package, "Li Na", &unit);
    let (label, code) = if before == Some(Answer::Code(2)) {
        ("[3] City features", 3)
    } else {
        ("[2] History and culture", 2)
    };
    coder.get_by_label(label).click();
    coder.run();
    assert_eq!(theme_of(&package, "Li Na", &unit), Some(Answer::Code(code)));
    drop(coder);
    // On the same laptop somebody also coded a unit under another name: the merge cannot put
    // those codes in Li Na's name, so it keeps them aside and the Team tab lists them.
    let mut laptop = Project::open(&package).unwrap();
    laptop.ensure_coder("李娜", "test").unwrap();
    laptop
        .set_answer(&unit, "李娜", "theme", Some(&Answer::Code(1)))
        .unwrap();
    drop(laptop);

    // Back at the master: add the package, preview (nothing written), merge.
    retype(
        &mut supervisor,
        "Package file:",
        &package.display().to_string(),
    );
    supervisor.get_by_label("Add").click();
    supervisor.run();
    supervisor.get_by_label("Preview merge").click();
    supervisor.run();
    supervisor.get_by_label("Preview: nothing has been written yet.");
    assert_eq!(theme_of(&fixture.project, "Li Na", &unit), before);
    supervisor.get_by_label("Merge into the master").click();
    supervisor.run();
    assert_eq!(
        theme_of(&fixture.project, "Li Na", &unit),
        Some(Answer::Code(code))
    );
    let notice = supervisor.state().notice().cloned().unwrap();
    assert!(notice.text.contains("1 package merged"), "{notice:?}");
    assert!(
        supervisor
            .query_by_label_contains("Merged. Backup of the master taken first")
            .is_some()
    );
    supervisor.get_by_label("Kept aside by merges (1)");
    supervisor.get_by_label("theme = 1");
    // Once in this merge's report, once in the list of what is kept aside.
    assert_eq!(
        supervisor
            .query_all_by_label_contains("coded under the name '李娜'")
            .count(),
        2
    );
    assert!(theme_of(&fixture.project, "李娜", &unit).is_none());
}
