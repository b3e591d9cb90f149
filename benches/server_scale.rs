//! A 100,000-unit study on a local PostgreSQL server: push and pull, `status` on the server
//! study (the CLI, whole process), a coder's desk ready with its queue, supervisor mode's first
//! snapshot. Medians of `RUNS` (default 3); targets: `status` ≤ 0.5 s, the desk's queue ≤ 1 s.
//!
//! Needs a server: `eval "$(scripts/test-postgres.sh start)"`, then
//! `cargo bench --bench server_scale` (`UNITS=…` to vary it), then `scripts/test-postgres.sh stop`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use codingdesk::desk::DeskSession;
use codingdesk::model::{Answer, Unit};
use codingdesk::server;
use codingdesk::store::{NewCoding, Project};
use codingdesk::study::Study;
use codingdesk::supervise::SupervisorSession;

fn main() {
    let Ok(admin) = std::env::var("CODINGDESK_TEST_PG") else {
        eprintln!("server_scale: needs CODINGDESK_TEST_PG (scripts/test-postgres.sh start)");
        std::process::exit(2);
    };
    let units: usize = env_number("UNITS", 100_000);
    let runs: usize = env_number("RUNS", 3);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("big.cdesk");
    build_study(&file, units);

    let name = format!("cd_scale_{}", std::process::id());
    let mut client = server::connect(&admin).expect("the test server answers");
    let (base, _) = admin.rsplit_once('/').expect("a URL with a database");
    let study = format!("{base}/{name}");
    let host_port = base.rsplit_once('@').expect("user@host").1;

    let mut push = Vec::new();
    for run in 0..runs {
        if run > 0 {
            client
                .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
                .expect("drop");
        }
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("a database");
        server::init(&study).expect("init");
        let at = Instant::now();
        server::push(&file, &study).expect("push");
        push.push(at.elapsed());
    }
    let role = format!("scale_{}", std::process::id());
    server::add_coder(&study, "Li Na", &role, Some("scale-secret")).expect("a coder");
    let coder = format!("postgres://{role}:scale-secret@{host_port}/{name}");

    let pull = timed(runs, || {
        let out = dir.path().join("pulled.cdesk");
        server::pull(&study, &out).expect("pull");
        std::fs::remove_file(&out).expect("remove the copy");
    });
    let status = timed(runs, || {
        let output = Command::new(env!("CARGO_BIN_EXE_codingdesk"))
            .args(["status", &study])
            .output()
            .expect("the binary runs");
        assert!(output.status.success(), "{output:?}");
    });
    let status_file = timed(runs, || {
        let output = Command::new(env!("CARGO_BIN_EXE_codingdesk"))
            .arg("status")
            .arg(&file)
            .output()
            .expect("the binary runs");
        assert!(output.status.success(), "{output:?}");
    });
    let desk = timed(runs, || {
        let signed_in = Study::open(Path::new(&coder)).expect("sign in");
        let session = DeskSession::open(signed_in, "Li Na").expect("the desk");
        assert_eq!(session.queue().len(), units);
    });
    let supervisor = timed(runs, || {
        let signed_in = Study::open(Path::new(&study)).expect("sign in");
        let session = SupervisorSession::open(signed_in)
            .map_err(|failed| failed.1.to_string())
            .expect("supervisor mode");
        assert_eq!(session.snapshot().table.uids.len(), units);
    });
    println!(
        "{units} units, 2 coders × {} codes, medians of {runs}:",
        units / 5
    );
    for (what, took) in [
        ("push (file → server)", push),
        ("pull (server → new file)", pull),
        ("`status` on the server study (process)", status),
        ("`status` on the file (process)", status_file),
        ("coder's desk ready, queue listed", desk),
        ("supervisor mode's first snapshot", supervisor),
    ] {
        println!("  {what:<42} {:>7.2} s", median(took).as_secs_f64());
    }
    drop(client);
    if let Ok(mut client) = server::connect(&admin)
        && let Err(error) = client.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
    {
        eprintln!("server_scale: could not drop {name}: {error}");
    }
}

/// A study of `units` units with the city-image codebook and two coders' codes on a fifth.
fn build_study(file: &Path, units: usize) {
    let codebook = codingdesk::codebook::preset("city-image")
        .expect("the preset")
        .codebook()
        .expect("its codebook");
    let mut project = Project::create(file, "scale", &codebook).expect("a project");
    let rows: Vec<Unit> = (0..units)
        .map(|i| Unit {
            uid: format!("v{i:06}"),
            platform: Some("douyin".into()),
            account: Some(format!("account {}", i % 400)),
            published_at: Some(format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
            caption: Some(format!("重庆 第 {i} 条 城市形象 视频 #Chongqing")),
            duration_s: Some((i % 300) as f64 + 0.5),
            plays: Some((i * 37 % 100_000) as i64),
            likes: Some((i * 13 % 9_000) as i64),
            ..Unit::default()
        })
        .collect();
    project.upsert_units(&rows, "bench").expect("units");
    let codes = [11, 12, 13, 21, 22];
    let codings: Vec<NewCoding> = (0..units / 5)
        .flat_map(|i| {
            ["Li Na", "Wang Hao"]
                .into_iter()
                .enumerate()
                .map(move |(j, coder)| NewCoding {
                    unit: format!("v{i:06}"),
                    coder: coder.to_owned(),
                    variable: "city_image".to_owned(),
                    answer: Answer::Code(codes[(i + j * usize::from(i % 3 == 0)) % 5]),
                    note: String::new(),
                })
        })
        .collect();
    project.write_codings(&codings, "bench").expect("codes");
}

fn timed(runs: usize, mut work: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let at = Instant::now();
            work();
            at.elapsed()
        })
        .collect()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
