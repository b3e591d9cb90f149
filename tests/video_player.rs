//! The video player (issue 15) on a real clip made by ffmpeg: first frame, play, pause, seek,
//! frame steps, speed, loop, a file that is not a video. These need ffmpeg: in CI they always run;
//! on a developer's machine without ffmpeg (and without `CI` set) they say so and pass.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codingdesk::video::{Player, Tools};
use common::video::tools_or_skip;

/// A 3-second 360×640 clip at 30 fps whose picture moves every frame, with a 440 Hz tone.
fn clip(tools: &Tools, dir: &Path) -> PathBuf {
    common::video::clip(tools, &dir.join("clip.mp4"), 3, 440)
}

/// Ticks the player until `done` holds (or five seconds pass).
fn until(player: &mut Player, mut done: impl FnMut(&Player) -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        player.tick();
        if done(player) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

fn run_for(player: &mut Player, time: Duration) {
    let start = Instant::now();
    while start.elapsed() < time {
        player.tick();
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_first_frame_shows_at_once_at_the_size_asked() {
    let Some(tools) = tools_or_skip("the_first_frame_shows_at_once_at_the_size_asked") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut player = Player::open(&tools, &clip(&tools, dir.path()), (180, 400));
    assert!(
        until(&mut player, |p| p.frame().is_some()),
        "{:?}",
        player.problem()
    );
    let frame = player.frame().unwrap();
    assert_eq!((frame.width, frame.height), (180, 320));
    assert_eq!(frame.rgba.len(), 180 * 320 * 4);
    assert_eq!(frame.time, 0.0);
    let info = player.info().unwrap();
    assert_eq!((info.width, info.height, info.fps), (360, 640, 30.0));
    assert!(info.has_audio && (info.duration - 3.0).abs() < 0.1);
    assert!(!player.is_playing());
    assert!(player.looping(), "a 3-second video loops by default");
}

#[test]
fn play_advances_pause_holds_and_seek_lands_within_a_frame() {
    let Some(tools) = tools_or_skip("play_advances_pause_holds_and_seek_lands_within_a_frame")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut player = Player::open(&tools, &clip(&tools, dir.path()), (360, 640));
    player.set_muted(true);
    assert!(until(&mut player, |p| p.frame().is_some()));
    let first = player.frame().unwrap().clone();

    player.play();
    run_for(&mut player, Duration::from_millis(600));
    let position = player.position();
    assert!((0.4..1.2).contains(&position), "{position}");
    let shown = player.frame().unwrap().clone();
    assert!(shown.time > 0.2, "{shown:?}");
    assert_ne!(shown.rgba, first.rgba, "the picture moved");

    player.pause();
    let held = player.position();
    let serial = player.serial();
    run_for(&mut player, Duration::from_millis(300));
    assert_eq!(player.position(), held);
    assert_eq!(player.serial(), serial);

    player.seek(1.5);
    assert!(until(&mut player, |p| p
        .frame()
        .is_some_and(|f| (f.time - 1.5).abs() < 1.0 / 30.0 + 1e-9)));
    assert_eq!(player.position(), 1.5);

    player.step(1);
    let stepped = player.frame().unwrap().time;
    assert!((stepped - (1.5 + 1.0 / 30.0)).abs() < 1e-6, "{stepped}");
    player.step(-1);
    assert!(until(&mut player, |p| p
        .frame()
        .is_some_and(|f| (f.time - 1.5).abs() < 1e-6)));
}

#[test]
fn twice_the_speed_advances_twice_as_fast_and_a_short_video_loops() {
    let Some(tools) =
        tools_or_skip("twice_the_speed_advances_twice_as_fast_and_a_short_video_loops")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut player = Player::open(&tools, &clip(&tools, dir.path()), (180, 320));
    player.set_muted(true);
    assert!(until(&mut player, |p| p.info().is_some()));
    player.set_speed(2.0);
    player.play();
    let start = Instant::now();
    run_for(&mut player, Duration::from_millis(500));
    let wall = start.elapsed().as_secs_f64();
    let position = player.position();
    assert!(
        (position - 2.0 * wall).abs() < 0.25,
        "{position} after {wall} s at 2×"
    );
    // Past the end (3 s at 2× is 1.5 s): it starts again.
    run_for(&mut player, Duration::from_millis(1400));
    assert!(player.is_playing());
    assert!(player.position() < 2.5, "{}", player.position());

    player.set_looping(false);
    player.set_speed(1.0);
    player.seek(2.8);
    run_for(&mut player, Duration::from_millis(700));
    assert!(!player.is_playing(), "stops at the end without loop");
}

#[test]
fn a_file_that_is_not_a_video_says_why() {
    let Some(tools) = tools_or_skip("a_file_that_is_not_a_video_says_why") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.mp4");
    std::fs::write(&path, "not a video").unwrap();
    let mut player = Player::open(&tools, &path, (360, 640));
    assert!(until(&mut player, |p| p.problem().is_some()));
    assert!(player.problem().unwrap().contains("broken.mp4"));
    player.play();
    player.tick();
    assert!(!player.is_playing());
}
