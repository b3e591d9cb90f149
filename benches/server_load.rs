//! Load on a server study: 20 coders, each signed in as their own role in a desk session (the
//! window's own path: replica, compare-and-set on the server), make 500 code changes at the same
//! time against a local PostgreSQL server. Checks that nothing is lost or duplicated
//! (each coder's final answers are the ones they last gave; the change log holds exactly one
//! entry per change that changed something) and prints the commit latency (p50, p99, max) and
//! the throughput.
//!
//! Needs a server: `eval "$(scripts/test-postgres.sh start)"`, then
//! `cargo bench --bench server_load` (`CODERS=… CHANGES=…` to vary it), then
//! `scripts/test-postgres.sh stop`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use codingdesk::desk::DeskSession;
use codingdesk::model::Answer;
use codingdesk::server;
use codingdesk::study::Study;
use rand::{RngExt, SeedableRng};

fn main() {
    let Ok(admin) = std::env::var("CODINGDESK_TEST_PG") else {
        eprintln!("server_load: needs CODINGDESK_TEST_PG (scripts/test-postgres.sh start)");
        std::process::exit(2);
    };
    let coders: usize = env_number("CODERS", 20);
    let changes: usize = env_number("CHANGES", 500);

    // A fresh database holding the Chongqing sample.
    let name = format!("cd_load_{}", std::process::id());
    let mut client = server::connect(&admin).expect("the test server answers");
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a database for the load test");
    let (base, _) = admin.rsplit_once('/').expect("a URL with a database");
    let study = format!("{base}/{name}");
    server::init(&study).expect("init");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("cq.cdesk");
    let sample = codingdesk::samples::sample("chongqing-tiktok").expect("the sample");
    codingdesk::samples::build(sample, &file, codingdesk::samples::Existing::Replace)
        .expect("the sample builds");
    server::push(&file, &study).expect("push");
    let mut admin_client = server::connect(&study).expect("connect");
    let units: Vec<String> = admin_client
        .query("SELECT uid FROM unit ORDER BY position", &[])
        .expect("units")
        .iter()
        .map(|row| row.get(0))
        .collect();
    let host_port = base.rsplit_once('@').expect("user@host").1;
    let roles: Vec<(String, String)> = (0..coders)
        .map(|i| {
            let role = format!("load_{}_{i}", std::process::id());
            server::add_coder(
                &study,
                &format!("load coder {i}"),
                &role,
                Some("load-secret"),
            )
            .expect("add coder");
            (
                format!("load coder {i}"),
                format!("postgres://{role}:load-secret@{host_port}/{name}"),
            )
        })
        .collect();

    // Everyone at once.
    let started = Instant::now();
    let threads: Vec<_> = roles
        .into_iter()
        .enumerate()
        .map(|(i, (coder, url))| {
            let units = units.clone();
            std::thread::spawn(move || {
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(i as u64);
                let study = Study::open(std::path::Path::new(&url)).expect("sign in");
                let mut desk = DeskSession::open(study, &coder).expect("the desk opens");
                let mut last: HashMap<String, i64> = HashMap::new();
                let mut latencies = Vec::with_capacity(changes);
                let mut written = 0usize;
                for _ in 0..changes {
                    let unit = &units[rng.random_range(0..units.len())];
                    let code = [1, 2, 3, 4, 9][rng.random_range(0..5)];
                    let shown = desk.unit(unit).expect("the unit");
                    let at = Instant::now();
                    let changed = desk
                        .set_answer(&shown, "theme", Some(Answer::Code(code)))
                        .expect("a change commits");
                    latencies.push(at.elapsed());
                    if changed {
                        written += 1;
                    }
                    last.insert(unit.clone(), code);
                }
                (coder, last, latencies, written)
            })
        })
        .collect();
    let results: Vec<_> = threads
        .into_iter()
        .map(|t| t.join().expect("a coder thread"))
        .collect();
    let wall = started.elapsed();

    // Nothing lost, nothing duplicated.
    let mut lost = 0;
    let mut duplicated = 0;
    let mut latencies: Vec<Duration> = Vec::new();
    for (coder, last, times, written) in &results {
        latencies.extend(times);
        let rows = admin_client
            .query(
                "SELECT u.uid, c.code FROM coding c JOIN unit u ON u.id = c.unit_id
                 JOIN coder k ON k.id = c.coder_id JOIN variable v ON v.id = c.variable_id
                 WHERE k.name = $1 AND v.key = 'theme'",
                &[coder],
            )
            .expect("stored codes");
        let stored: HashMap<String, i64> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        lost += last
            .iter()
            .filter(|(u, c)| stored.get(*u) != Some(c))
            .count();
        duplicated += stored.len().saturating_sub(last.len());
        let logged: i64 = admin_client
            .query_one(
                "SELECT count(*) FROM change_log
                 WHERE coder = $1 AND action = 'coding.set' AND variable = 'theme'",
                &[coder],
            )
            .expect("log")
            .get(0);
        if logged as usize != *written {
            duplicated += (logged as usize).abs_diff(*written);
        }
    }
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{coders} coders × {changes} changes = {} commits in {:.2} s ({:.0} commits/s)",
        latencies.len(),
        wall.as_secs_f64(),
        latencies.len() as f64 / wall.as_secs_f64()
    );
    println!(
        "commit latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    );
    println!("lost: {lost}, duplicated: {duplicated}");
    drop(admin_client);
    let _ = client.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"));
    if lost > 0 || duplicated > 0 {
        std::process::exit(1);
    }
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
