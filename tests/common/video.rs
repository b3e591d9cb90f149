//! Video clips for the tests, made by ffmpeg. Tests that need ffmpeg always run in CI; on a
//! developer's machine without it (and without `CI` set) they say so and pass.

use std::path::{Path, PathBuf};

use codingdesk::video::Tools;

pub fn tools_or_skip(test: &str) -> Option<Tools> {
    match Tools::find() {
        Some(tools) => Some(tools),
        None if std::env::var_os("CI").is_some() => {
            panic!("{test}: CI must have ffmpeg (apt-get install ffmpeg)")
        }
        None => {
            eprintln!("{test}: skipped, ffmpeg is not installed (CI runs it)");
            None
        }
    }
}

/// A `seconds`-long 360×640 clip at 30 fps whose picture changes every frame, with a sine tone.
pub fn clip(tools: &Tools, path: &Path, seconds: u32, tone_hz: u32) -> PathBuf {
    let status = std::process::Command::new(&tools.ffmpeg)
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg("testsrc2=size=360x640:rate=30")
        .args(["-f", "lavfi", "-i"])
        .arg(format!("sine=frequency={tone_hz}:sample_rate=44100"))
        .args(["-t", &seconds.to_string()])
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
        ])
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "ffmpeg made no clip");
    path.to_owned()
}
