//! The video's sound really plays (issue 15): a throw-away PulseAudio server with a null sink
//! stands in for a sound card; while the player plays a clip with a 440 Hz tone, `parec` records
//! what the sink plays, and the recording's strongest frequency must be 440 Hz. Needs ffmpeg,
//! pulseaudio and pulseaudio-utils: CI installs them; on a developer's machine without them (and
//! without `CI` set) the test says so and passes.

mod common;

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use codingdesk::video::Player;
use common::video::{clip, tools_or_skip};

/// The PulseAudio server of this test, stopped when dropped.
struct Pulse {
    runtime: tempfile::TempDir,
}

impl Drop for Pulse {
    fn drop(&mut self) {
        let _ = Command::new("pulseaudio")
            .arg("--kill")
            .env("XDG_RUNTIME_DIR", self.runtime.path())
            .status();
    }
}

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// The power of frequency `hz` in the samples (Goertzel).
fn power(samples: &[f64], rate: f64, hz: f64) -> f64 {
    let w = 2.0 * std::f64::consts::PI * hz / rate;
    let (mut s1, mut s2) = (0.0, 0.0);
    for x in samples {
        let s = x + 2.0 * w.cos() * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    s1 * s1 + s2 * s2 - 2.0 * w.cos() * s1 * s2
}

#[test]
fn the_tone_of_a_playing_video_comes_out_of_the_speakers() {
    let test = "the_tone_of_a_playing_video_comes_out_of_the_speakers";
    let Some(tools) = tools_or_skip(test) else {
        return;
    };
    if !(have("pulseaudio") && have("parec")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: CI must have pulseaudio and pulseaudio-utils"
        );
        eprintln!("{test}: skipped, pulseaudio is not installed (CI runs it)");
        return;
    }
    let runtime = tempfile::tempdir().unwrap();
    // The only test in this binary: the player's ffmpeg finds the server through this.
    unsafe { std::env::set_var("XDG_RUNTIME_DIR", runtime.path()) };
    let started = Command::new("pulseaudio")
        .args([
            "-D",
            "--exit-idle-time=-1",
            "-n",
            "--load=module-null-sink sink_name=cdtest",
            "--load=module-native-protocol-unix",
        ])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(started.success(), "pulseaudio did not start");
    let _pulse = Pulse { runtime };
    let ready = Instant::now();
    while !Command::new("pactl")
        .arg("info")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        assert!(
            ready.elapsed() < Duration::from_secs(10),
            "pulseaudio never answered"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let dir = tempfile::tempdir().unwrap();
    let video = clip(&tools, &dir.path().join("tone.mp4"), 4, 440);
    let mut recorder: Child = Command::new("parec")
        .args([
            "-d",
            "cdtest.monitor",
            "--raw",
            "--format=s16le",
            "--rate=44100",
            "--channels=1",
            "--latency-msec=20",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = recorder.stdout.take().unwrap();
    let reading = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });

    let mut player = Player::open(&tools, &video, (180, 320));
    let opened = Instant::now();
    while player.info().is_none() {
        player.tick();
        assert!(
            opened.elapsed() < Duration::from_secs(5),
            "{:?}",
            player.problem()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(player.looping(), "a 4-second clip loops");
    player.play();
    let playing = Instant::now();
    // Past the loop at 4 s: the sound goes on without a gap (issue 28: it stopped ~1.5 s at
    // every loop).
    while playing.elapsed() < Duration::from_millis(8000) {
        player.tick();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(player.sounding(), "{:?}", player.audio_problem());
    assert_eq!(player.audio_problem(), None);
    drop(player);
    // SIGINT lets parec write out what it holds (SIGKILL would lose it).
    Command::new("kill")
        .args(["-INT", &recorder.id().to_string()])
        .status()
        .unwrap();
    recorder.wait().unwrap();
    let bytes = reading.join().unwrap();
    let samples: Vec<f64> = bytes
        .chunks_exact(2)
        .map(|b| f64::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
        .collect();
    assert!(samples.len() > 22_050, "recorded {} samples", samples.len());
    let loud = samples.iter().map(|x| x * x).sum::<f64>() / samples.len() as f64;
    assert!(
        loud.sqrt() > 0.01,
        "the recording is silent (rms {})",
        loud.sqrt()
    );
    // No silence from the first sound to the last, across the loop: 50 ms windows.
    let window = 2_205;
    let rms: Vec<f64> = samples
        .chunks(window)
        .map(|w| (w.iter().map(|x| x * x).sum::<f64>() / w.len() as f64).sqrt())
        .collect();
    let first = rms.iter().position(|r| *r > 0.01).unwrap();
    let last = rms.iter().rposition(|r| *r > 0.01).unwrap();
    let silent: Vec<usize> = (first..=last).filter(|&i| rms[i] < 0.003).collect();
    eprintln!(
        "sound from {:.2} s to {:.2} s; silent 50 ms windows between: {}",
        first as f64 * 0.05,
        last as f64 * 0.05,
        silent.len()
    );
    // Past the loop at 4 s, with room for a slow start of the recorder on a busy machine.
    assert!(
        (last - first) as f64 * 0.05 > 4.6,
        "the sound lasted {:.2} s of 8",
        (last - first) as f64 * 0.05
    );
    assert!(
        silent.is_empty(),
        "silent windows at {:?} s",
        silent.iter().map(|i| *i as f64 * 0.05).collect::<Vec<_>>()
    );
    // The strongest frequency between 100 Hz and 2 kHz, in 2 Hz steps.
    let rate = 44_100.0;
    let peak = (50..1000)
        .map(|i| f64::from(i) * 2.0)
        .max_by(|a, b| power(&samples, rate, *a).total_cmp(&power(&samples, rate, *b)))
        .unwrap();
    eprintln!(
        "recorded {:.2} s of sound, rms {:.3}, loudest frequency {peak} Hz",
        samples.len() as f64 / rate,
        loud.sqrt()
    );
    assert!(
        (peak - 440.0).abs() <= 4.0,
        "the loudest frequency is {peak} Hz"
    );
}
