//! The Analysis tab through egui_kittest on a copy of the Chongqing sample: a composite index
//! defined in the form is stored in the project; a chart is saved as SVG.
#![cfg(feature = "gui")]

use crate::common;

use codingdesk::analysis::{Table, index};
use codingdesk::store::Project;
use common::gui::{harness, sample};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn an_index_defined_in_the_analysis_tab_is_stored_and_a_chart_saved_as_svg() {
    let fixture = sample();
    let mut harness = harness(&fixture);
    harness.get_by_label("Supervisor").click();
    harness.run();
    harness.get_by_label("Analysis").click();
    harness.run();
    // The descriptives of the first numeric field are shown with their histogram.
    harness.get_by_label("Distribution of duration");

    harness.get_by_label("Composite index").click();
    harness.run();
    harness.get_by_label("Index name:").click();
    harness.get_by_label("Index name:").type_text("engagement");
    harness.get_by_label("Weights (field=weight, …):").click();
    harness
        .get_by_label("Weights (field=weight, …):")
        .type_text("likes=0.5,comments=0.3,shares=0.2");
    harness.run();
    harness.get_by_label("Save index").click();
    harness.run();

    let project = Project::open(&fixture.project).unwrap();
    let stored = index::stored(&project).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].name, "engagement");
    assert_eq!(
        stored[0].weights,
        [
            ("likes".to_owned(), 0.5),
            ("comments".to_owned(), 0.3),
            ("shares".to_owned(), 0.2)
        ]
    );
    assert!(
        Table::load(&project)
            .unwrap()
            .numeric_fields()
            .contains(&"engagement".to_owned())
    );
    harness.get_by_label("Remove engagement");

    // A chart, saved where the supervisor says.
    harness.get_by_label("Timeline").click();
    harness.run();
    let svg = fixture.project.with_file_name("per year.svg");
    harness.get_by_label("Save chart to:").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Save chart to:")
        .type_text(&svg.display().to_string());
    harness.run();
    harness.get_by_label("Save chart as SVG").click();
    harness.run();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("Units per year"));

    // Added to the report: stored in the project, recomputed when the report is written.
    harness.get_by_label("Add to report").click();
    harness.run();
    let project = Project::open(&fixture.project).unwrap();
    let items = codingdesk::analysis::items::stored(&project).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0]
            .1
            .as_ref()
            .unwrap()
            .title(&project.codebook().unwrap(), codingdesk::i18n::Lang::En),
        "Units per year"
    );
    let report = fixture.project.with_file_name("report.html");
    codingdesk::report::write_report(&project, &report, &Default::default()).unwrap();
    let html = std::fs::read_to_string(&report).unwrap();
    let analyses = html
        .split("<h2>Analyses</h2>")
        .nth(1)
        .expect("an Analyses section");
    assert!(analyses.starts_with("\n<h3>Units per year</h3>"));
    assert!(analyses.contains("<svg") && analyses.contains(">2024<"));
    assert!(html.contains("engagement</td><td>0.5 × likes + 0.3 × comments + 0.2 × shares"));
}
