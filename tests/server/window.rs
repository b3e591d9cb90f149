//! The window on a server study: `codingdesk open postgres://…` fills in the sign-in form, the
//! coder types the password, the desk opens for whoever the server says signed in, and a click
//! on a code is committed on the server. The password is never written to the settings. Runs on
//! the test server (`scripts/test-postgres.sh`); must run in CI.
#![cfg(feature = "gui")]

use crate::common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use codingdesk::i18n::Lang;
use codingdesk::ui::{AppCommand, CodingdeskApp};
use common::gui::load_cjk_font;
use common::pg::{run_psql, sample_on_server, server_or_skip};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[test]
fn a_coder_signs_in_to_a_server_study_in_the_window_and_codes_on_the_server() {
    let Some(server) =
        server_or_skip("a_coder_signs_in_to_a_server_study_in_the_window_and_codes_on_the_server")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let study = sample_on_server(&server, dir.path());
    let li = study.sign_up("li", Some("Li Na"), "li-secret");
    let url = format!("postgres://{li}@{}", study.host_port_db);
    let first_unit = run_psql(
        &study.admin,
        "",
        "SELECT uid FROM unit ORDER BY position LIMIT 1",
    )
    .1;
    let stored = || {
        run_psql(
            &study.admin,
            "",
            &format!(
                "SELECT c.code FROM coding c JOIN unit u ON u.id = c.unit_id
                 JOIN coder k ON k.id = c.coder_id JOIN variable v ON v.id = c.variable_id
                 WHERE u.uid = '{first_unit}' AND k.name = 'Li Na' AND v.key = 'theme'"
            ),
        )
        .1
    };
    let (label, code) = if stored() == "4" {
        ("[1] Natural landscape", "1")
    } else {
        ("[4] Food", "4")
    };

    let settings = dir.path().join("settings.json");
    let app = CodingdeskApp::new(Some(settings.clone())).speaking(Lang::En);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(load_cjk_font)
        .build_ui_state(|ui, app: &mut CodingdeskApp| app.show(ui), app);
    let ctx = harness.ctx.clone();
    // As `codingdesk open URL` does: the form waits for the password.
    harness
        .state_mut()
        .apply(&ctx, AppCommand::OpenProject(PathBuf::from(&url)).into());
    harness.run();
    harness.get_by_label("A study on the lab's PostgreSQL server");
    harness.get_by_label("Password").click();
    harness.get_by_label("Password").type_text("li-secret");
    harness.run();
    harness.get_by_label("Connect").click();
    // Signing in and reading the study happen off the UI thread.
    let started = Instant::now();
    while harness.query_by_label("Queue").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the desk did not open: {:?}",
            harness.state().notice()
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(50));
    }
    // The card's video keeps repainting: steps, not `run`.
    harness.run_steps(4);
    // The server said who signed in.
    assert_eq!(harness.state().session().map(|s| s.coder()), Some("Li Na"));
    harness.get_by_label(label).click();
    harness.run_steps(4);
    assert_eq!(stored(), code, "the click is committed on the server");
    assert!(harness.state().notice().is_none_or(|n| !n.is_error()));

    // The URL is remembered for next time; the password is not, anywhere in the settings.
    let remembered = std::fs::read_to_string(&settings).unwrap();
    assert!(remembered.contains(&url), "{remembered}");
    assert!(!remembered.contains("li-secret"));
}
