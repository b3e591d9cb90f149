//! Benchmark of video playback (`cargo bench --bench video`; needs ffmpeg): on a generated
//! 1080×1920 30 fps clip with sound, decoded for the card at 540×960 —
//! - how long after "play" the picture starts moving (target ≤ 300 ms),
//! - frames shown per second while the view ticks at 60 Hz (target: the clip's 30),
//! - the cost of one tick on the UI thread (taking frames in; the texture upload is the view's),
//! - resident memory while playing (bounded by the frame queue, whatever the video's length),
//! - with a PulseAudio server running, the sound's output latency as PulseAudio reports it.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use codingdesk::video::{Player, Tools};

fn resident_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    times[((times.len() as f64 - 1.0) * p).round() as usize]
}

fn make_clip(tools: &Tools, path: &Path) {
    let status = Command::new(&tools.ffmpeg)
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg("testsrc2=size=1080x1920:rate=30")
        .args(["-f", "lavfi", "-i", "sine=frequency=440", "-t", "12"])
        .args([
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
        ])
        .args(["-c:a", "aac"])
        .arg(path)
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "ffmpeg could not make the clip"
    );
}

/// PulseAudio's latency report for our sound, if a server answers.
fn pulse_latency() -> Option<String> {
    let output = Command::new("pactl")
        .args(["list", "sink-inputs"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let micros = |name: &str| -> Option<f64> {
        let line = text.lines().find(|l| l.trim_start().starts_with(name))?;
        line.split_whitespace().nth(2)?.parse().ok()
    };
    let (buffer, sink) = (micros("Buffer Latency:")?, micros("Sink Latency:")?);
    Some(format!(
        "buffer {:.0} ms + sink {:.0} ms = {:.0} ms (the player starts the sound 120 ms ahead)",
        buffer / 1000.0,
        sink / 1000.0,
        (buffer + sink) / 1000.0
    ))
}

fn main() {
    let Some(tools) = Tools::find() else {
        eprintln!("video bench: ffmpeg is not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let clip = dir.path().join("1080x1920.mp4");
    make_clip(&tools, &clip);
    let before = resident_mb();

    let mut starts = Vec::new();
    for _ in 0..5 {
        let mut player = Player::open(&tools, &clip, (540, 960));
        while player.frame().is_none() {
            player.tick();
            std::thread::sleep(Duration::from_millis(2));
        }
        let serial = player.serial();
        let pressed = Instant::now();
        player.play();
        while player.serial() == serial {
            player.tick();
            std::thread::sleep(Duration::from_millis(1));
        }
        starts.push(pressed.elapsed());
    }

    let mut player = Player::open(&tools, &clip, (540, 960));
    player.play();
    let mut ticks = Vec::new();
    let mut shown = 0u64;
    let mut peak = 0.0f64;
    let mut latency = None;
    let started = Instant::now();
    // Ten seconds at 60 frames a second, as the window asks for frames while a video plays.
    while started.elapsed() < Duration::from_secs(10) {
        let tick = Instant::now();
        if player.tick() {
            shown += 1;
        }
        ticks.push(tick.elapsed());
        if let Some(mb) = resident_mb() {
            peak = peak.max(mb);
        }
        if latency.is_none() && started.elapsed() > Duration::from_secs(2) {
            latency = pulse_latency();
        }
        std::thread::sleep(Duration::from_micros(16_667).saturating_sub(tick.elapsed()));
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("video bench: 1080×1920 30 fps H.264 with sound, shown at 540×960");
    println!(
        "  play → picture moving: median {:.0} ms, worst {:.0} ms (5 runs)",
        percentile(&mut starts, 0.5).as_secs_f64() * 1000.0,
        percentile(&mut starts, 1.0).as_secs_f64() * 1000.0
    );
    println!(
        "  frames shown: {:.1} per second over {seconds:.1} s (the clip has 30)",
        shown as f64 / seconds
    );
    println!(
        "  one tick on the UI thread: median {:.3} ms, p99 {:.3} ms",
        percentile(&mut ticks, 0.5).as_secs_f64() * 1000.0,
        percentile(&mut ticks, 0.99).as_secs_f64() * 1000.0
    );
    if let (Some(before), true) = (before, peak > 0.0) {
        println!(
            "  resident memory: {before:.0} MB before, {peak:.0} MB at most while playing \
             (queue: 6 frames of {:.1} MB)",
            540.0 * 960.0 * 4.0 / 1_048_576.0
        );
    }
    match (latency, player.audio_problem()) {
        (Some(latency), _) => println!("  sound output latency (PulseAudio): {latency}"),
        (None, Some(problem)) => println!("  sound: {problem}"),
        (None, None) => println!("  sound: no PulseAudio server to ask for its latency"),
    }
}
