//! Benchmark of the coder's desk (run by `scripts/bench-desk.sh`, or `cargo bench --bench desk --
//! PROJECT...`): for each project, the CPU time of desk frames while the queue scrolls (targets:
//! ≤ 8 ms) and the time a coding change takes to be committed (target: p99 ≤ 5 ms).
//! Frames are laid out by egui_kittest without a GPU: that is the app's own CPU work per frame.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codingdesk::desk::DeskSession;
use codingdesk::model::Answer;
use codingdesk::store::Project;
use codingdesk::ui::{AppCommand, CodingdeskApp};
use egui_kittest::Harness;

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    let at = ((times.len() as f64 - 1.0) * p).round() as usize;
    times[at]
}

fn millis(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

/// Coding changes on a copy of the project, each a committed transaction.
fn coding_changes(project: &Path) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let copy = dir.path().join("copy.cdesk");
    Project::open(project)
        .and_then(|p| {
            std::fs::copy(p.path(), &copy)
                .map_err(|e| codingdesk::store::StoreError::Invalid(e.to_string()))
        })
        .expect("the project copies");
    let mut session = DeskSession::open(Project::open(&copy).expect("the copy opens"), "bench")
        .expect("a session");
    let variable = session
        .codebook()
        .variables
        .iter()
        .find(|v| v.kind == codingdesk::model::Kind::Single)
        .expect("a single-choice variable")
        .clone();
    let uids: Vec<String> = session
        .queue()
        .iter()
        .take(200)
        .map(|r| r.uid.clone())
        .collect();
    let mut times = Vec::new();
    for round in 0..5 {
        for uid in &uids {
            let unit = session.unit(uid).expect("the unit");
            let code = variable.values[(round + uid.len()) % variable.values.len()].code;
            let started = Instant::now();
            session
                .set_answer(&unit, &variable.key, Some(Answer::Code(code)))
                .expect("the change is saved");
            times.push(started.elapsed());
        }
    }
    let n = times.len();
    println!(
        "  coding change, committed ({n} changes): median {}, p99 {}, max {}",
        millis(percentile(&mut times, 0.5)),
        millis(percentile(&mut times, 0.99)),
        millis(percentile(&mut times, 1.0))
    );
}

/// Frames of the desk while the queue is scrolled with the mouse wheel.
fn scrolling_frames(project: &Path) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let app = CodingdeskApp::new(Some(dir.path().join("settings.json")))
        .speaking(codingdesk::i18n::Lang::En);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(100_000)
        .with_context_setup(|ctx| {
            if !codingdesk::ui::fonts::load_cjk_fallback(ctx) {
                eprintln!("no CJK font found: install fonts-wqy-microhei");
            }
        })
        .build_ui_state(|ui, app: &mut CodingdeskApp| app.show(ui), app);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, AppCommand::OpenProject(project.to_owned()).into());
    harness
        .state_mut()
        .apply(&ctx, AppCommand::ChooseCoder("bench".into()).into());
    harness.run();
    let mut times = Vec::new();
    for _ in 0..300 {
        harness.hover_at(egui::pos2(150.0, 400.0));
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, -3.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        let started = Instant::now();
        harness.step();
        times.push(started.elapsed());
    }
    println!(
        "  desk frame while scrolling the queue ({} frames): median {}, p95 {}, max {}",
        times.len(),
        millis(percentile(&mut times, 0.5)),
        millis(percentile(&mut times, 0.95)),
        millis(percentile(&mut times, 1.0))
    );
}

fn main() {
    let projects: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if projects.is_empty() {
        eprintln!("usage: cargo bench --bench desk -- PROJECT.cdesk...");
        return;
    }
    for project in &projects {
        let units = Project::open(project)
            .and_then(|p| p.unit_count())
            .unwrap_or(0);
        println!("{} ({units} units)", project.display());
        scrolling_frames(project);
        coding_changes(project);
    }
}
