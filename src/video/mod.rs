//! Playing a unit's video inside the window, without a window: a [`Player`] holds where the
//! video is, whether it plays, its speed, volume and loop, and the picture to show now. Pictures
//! come from an `ffmpeg` process ([`decode`]) and sound goes out through another ([`audio`]), on
//! named background threads; the desk's card draws the player and sends it the coder's keys.
//!
//! The clock is the wall clock from the moment play started, times the speed: the picture shown
//! is the newest decoded frame whose time has come (late frames are skipped, so a slow machine
//! shows fewer frames, never a slower video), and the sound, started at the same position, keeps
//! its own pace.

pub mod audio;
pub mod decode;
pub mod probe;
mod process;
pub mod tools;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

pub use decode::Frame;
pub use probe::VideoInfo;
pub use tools::{INSTALL_HINT, Tools};

use audio::{Audio, Output};
use decode::{Decoded, Decoder};

#[derive(Debug, thiserror::Error)]
pub enum VideoError {
    #[error("{}", crate::tr!("video-err-run", program = *program, reason = source.to_string()))]
    Run {
        program: &'static str,
        source: std::io::Error,
    },
    #[error("{}", crate::tr!("video-err-unreadable", file = file, reason = why))]
    Unreadable { file: String, why: String },
    #[error("{}", crate::tr!("video-err-pipe"))]
    Pipe,
    #[error("{}", crate::tr!("video-err-no-audio"))]
    NoAudioOutput,
}

/// Speeds the player offers, slowest first.
pub const SPEEDS: [f64; 7] = [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0];

/// Videos up to this long loop by default (a setting can turn looping off).
pub const SHORT_VIDEO: f64 = 60.0;

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Paused { at: f64 },
    Playing { anchor: Instant, from: f64 },
}

pub struct Player {
    tools: Tools,
    path: PathBuf,
    /// The largest picture decoded (the card's stage); the video's shape is kept.
    max_size: (u32, u32),
    opening: Option<Receiver<Result<VideoInfo, VideoError>>>,
    info: Option<VideoInfo>,
    size: (usize, usize),
    state: State,
    speed: f64,
    volume: f64,
    muted: bool,
    looping: bool,
    /// Whether a short video starts looping (the user's setting).
    loop_short: bool,
    /// Where to start once the video is known (where the coder left it).
    resume_at: Option<f64>,
    play_when_open: bool,
    decoder: Option<Decoder>,
    /// A decoded frame whose time has not come yet.
    pending: Option<Frame>,
    current: Option<Frame>,
    /// Raised whenever `current` changes, so that a view uploads the picture only then.
    serial: u64,
    ended: bool,
    audio: Option<Audio>,
    outputs: &'static [Output],
    output: usize,
    audio_problem: Option<String>,
    problem: Option<String>,
}

impl Player {
    /// Starts reading what the video holds on a background thread; the first frame follows as
    /// soon as it is known (see [`Player::tick`]). `max_size` bounds the decoded picture.
    pub fn open(tools: &Tools, path: &Path, max_size: (u32, u32)) -> Player {
        let (sender, receiver) = channel();
        let (probe_tools, probe_path) = (tools.clone(), path.to_owned());
        // The probe's messages are read by the coder: in the language of the caller's thread.
        let lang = crate::i18n::ui_language();
        let started = std::thread::Builder::new()
            .name("codingdesk-probe".into())
            .spawn(move || {
                crate::i18n::set_ui_language(lang);
                // The player may be gone (another unit) before the answer: nobody waits then.
                let _ = sender.send(probe::probe(&probe_tools, &probe_path));
            });
        let problem = started
            .err()
            .map(|e| crate::tr!("video-err-start", reason = e.to_string()));
        Player {
            tools: tools.clone(),
            path: path.to_owned(),
            max_size,
            opening: problem.is_none().then_some(receiver),
            info: None,
            size: (0, 0),
            state: State::Paused { at: 0.0 },
            speed: 1.0,
            volume: 1.0,
            muted: false,
            looping: false,
            loop_short: true,
            resume_at: None,
            play_when_open: false,
            decoder: None,
            pending: None,
            current: None,
            serial: 0,
            ended: false,
            audio: None,
            outputs: Output::for_this_system(),
            output: 0,
            audio_problem: None,
            problem,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn info(&self) -> Option<&VideoInfo> {
        self.info.as_ref()
    }

    /// Why the video cannot be shown, if it cannot.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Why there is no sound, if there is none although the video has sound.
    pub fn audio_problem(&self) -> Option<&str> {
        self.audio_problem.as_deref()
    }

    pub fn frame(&self) -> Option<&Frame> {
        self.current.as_ref()
    }

    /// Changes whenever the frame shown changes.
    pub fn serial(&self) -> u64 {
        self.serial
    }

    pub fn is_playing(&self) -> bool {
        matches!(self.state, State::Playing { .. }) || self.play_when_open
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn volume(&self) -> f64 {
        self.volume
    }

    pub fn muted(&self) -> bool {
        self.muted
    }

    pub fn looping(&self) -> bool {
        self.looping
    }

    pub fn duration(&self) -> Option<f64> {
        self.info.as_ref().map(|i| i.duration)
    }

    /// Where the video is, in seconds.
    pub fn position(&self) -> f64 {
        let at = match self.state {
            State::Paused { at } => at,
            State::Playing { anchor, from } => from + anchor.elapsed().as_secs_f64() * self.speed,
        };
        match self.duration() {
            Some(duration) => at.clamp(0.0, duration),
            None => at.max(0.0),
        }
    }

    fn frame_time(&self) -> f64 {
        1.0 / self.info.as_ref().map_or(25.0, |i| i.fps)
    }

    /// Moves the player on: takes in what reading the video found, shows the frame whose time has
    /// come, loops or stops at the end, and notices sound that failed. Call it every frame the
    /// view draws; returns whether the picture changed.
    pub fn tick(&mut self) -> bool {
        if !self.take_info() {
            return false;
        }
        let before = self.serial;
        if self.looping {
            // Round again once the whole length has played (the last picture held until then):
            // the sound, looping in its own process, is at the same place.
            if let (State::Playing { anchor, from }, Some(duration)) = (self.state, self.duration())
            {
                let raw = from + anchor.elapsed().as_secs_f64() * self.speed;
                if raw >= duration {
                    self.wrap_around((raw - duration).min(duration - self.frame_time()));
                }
            }
        } else if self.is_at_end()
            && let Some(duration) = self.duration()
        {
            self.state = State::Paused { at: duration };
            self.audio = None;
        }
        self.take_due_frames();
        self.check_audio();
        self.serial != before
    }

    /// Whether the video is known (false while it is being read, or when it cannot be).
    fn take_info(&mut self) -> bool {
        let Some(receiver) = &self.opening else {
            return self.info.is_some();
        };
        let found = match receiver.try_recv() {
            Ok(found) => found,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => {
                self.opening = None;
                self.problem = Some(crate::tr!("video-err-stopped"));
                return false;
            }
        };
        self.opening = None;
        match found {
            Ok(info) => {
                self.size = fit(&info, self.max_size);
                self.looping = self.loop_short && info.duration <= SHORT_VIDEO;
                let at = self
                    .resume_at
                    .take()
                    .filter(|at| *at < info.duration - 1.0 / info.fps)
                    .unwrap_or(0.0);
                self.info = Some(info);
                self.state = State::Paused { at };
                self.restart_decoder(at);
                if std::mem::take(&mut self.play_when_open) {
                    self.play();
                }
                true
            }
            Err(error) => {
                self.problem = Some(error.to_string());
                false
            }
        }
    }

    fn is_at_end(&self) -> bool {
        let State::Playing { .. } = self.state else {
            return false;
        };
        let Some(duration) = self.duration() else {
            return false;
        };
        let position = self.position();
        let shown_last = self.ended
            && self.pending.is_none()
            && self
                .current
                .as_ref()
                .is_some_and(|frame| position >= frame.time + self.frame_time());
        position >= duration || shown_last
    }

    fn take_due_frames(&mut self) {
        let due = self.position() + self.frame_time() * 0.5;
        loop {
            let next = match self.pending.take() {
                Some(frame) => Some(Decoded::Frame(frame)),
                None => self.decoder.as_ref().and_then(Decoder::next),
            };
            match next {
                Some(Decoded::Frame(frame)) if frame.time <= due || self.current.is_none() => {
                    // Paused after a seek, or the first picture: show it at once.
                    self.current = Some(frame);
                    self.serial += 1;
                }
                Some(Decoded::Frame(frame)) => {
                    self.pending = Some(frame);
                    return;
                }
                Some(Decoded::End(why)) => {
                    self.ended = true;
                    self.decoder = None;
                    if let (Some(why), None) = (why, &self.current) {
                        self.problem = Some(why);
                    }
                    return;
                }
                None => return,
            }
        }
    }

    fn check_audio(&mut self) {
        let Some(audio) = &mut self.audio else {
            return;
        };
        let Some(why) = audio.failure() else {
            return;
        };
        // This output does not work here: try the next one from where the video is.
        self.audio = None;
        self.output += 1;
        if self.output < self.outputs.len() {
            self.restart_audio();
        } else {
            self.audio_problem = Some(crate::tr!("video-no-sound", reason = why));
        }
    }

    fn restart_decoder(&mut self, from: f64) {
        self.decoder = None;
        self.pending = None;
        self.ended = false;
        let fps = self.info.as_ref().map_or(25.0, |i| i.fps);
        match Decoder::start(&self.tools, &self.path, from, self.size, fps) {
            Ok(decoder) => self.decoder = Some(decoder),
            Err(error) => self.problem = Some(error.to_string()),
        }
    }

    fn restart_audio(&mut self) {
        self.audio = None;
        let State::Playing { .. } = self.state else {
            return;
        };
        let has_audio = self.info.as_ref().is_some_and(|i| i.has_audio);
        if !has_audio || self.muted || self.volume <= 0.0 {
            return;
        }
        let Some(output) = self.outputs.get(self.output).copied() else {
            return;
        };
        let looping = self.looping.then(|| self.duration()).flatten();
        match Audio::start(
            &self.tools,
            &self.path,
            self.position(),
            (self.speed, self.volume),
            looping,
            output,
        ) {
            Ok(audio) => self.audio = Some(audio),
            Err(error) => {
                self.audio_problem = Some(crate::tr!("video-no-sound", reason = error.to_string()))
            }
        }
    }

    pub fn play(&mut self) {
        if self.info.is_none() {
            self.play_when_open = self.problem.is_none();
            return;
        }
        if matches!(self.state, State::Playing { .. }) {
            return;
        }
        let mut at = self.position();
        if self.duration().is_some_and(|d| at >= d - self.frame_time()) {
            // Play at the end starts again from the beginning.
            at = 0.0;
            self.restart_decoder(0.0);
        }
        self.state = State::Playing {
            anchor: Instant::now(),
            from: at,
        };
        self.restart_audio();
    }

    pub fn pause(&mut self) {
        self.play_when_open = false;
        if let State::Playing { .. } = self.state {
            self.state = State::Paused {
                at: self.position(),
            };
        }
        self.audio = None;
    }

    pub fn toggle(&mut self) {
        if self.is_playing() {
            self.pause();
        } else {
            self.play();
        }
    }

    /// Goes to `at` seconds (within the video), playing on if it played.
    pub fn seek(&mut self, at: f64) {
        let Some(duration) = self.duration() else {
            return;
        };
        let at = at.clamp(0.0, (duration - self.frame_time()).max(0.0));
        // The old picture stays until the new one is decoded (no blank flash).
        self.restart_decoder(at);
        self.state = match self.state {
            State::Playing { .. } => State::Playing {
                anchor: Instant::now(),
                from: at,
            },
            State::Paused { .. } => State::Paused { at },
        };
        self.restart_audio();
    }

    /// Moves by `seconds` (negative: back).
    pub fn skip(&mut self, seconds: f64) {
        self.seek(self.position() + seconds);
    }

    /// One frame forward or back (pauses first).
    pub fn step(&mut self, frames: i32) {
        if self.info.is_none() {
            return;
        }
        self.pause();
        if frames > 0 {
            for _ in 0..frames {
                let next = self.pending.take().map(Decoded::Frame).or_else(|| {
                    self.decoder
                        .as_ref()
                        .and_then(|d| d.wait(Duration::from_millis(500)))
                });
                if let Some(Decoded::Frame(frame)) = next {
                    self.state = State::Paused { at: frame.time };
                    self.current = Some(frame);
                    self.serial += 1;
                }
            }
        } else if frames < 0 {
            let at = self.current.as_ref().map_or(self.position(), |f| f.time);
            self.seek(at + f64::from(frames) * self.frame_time());
        }
    }

    pub fn set_speed(&mut self, speed: f64) {
        let speed = speed.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]);
        if let State::Playing { .. } = self.state {
            self.state = State::Playing {
                anchor: Instant::now(),
                from: self.position(),
            };
        }
        self.speed = speed;
        self.restart_audio();
    }

    /// The next speed up (+1) or down (−1) in [`SPEEDS`].
    pub fn step_speed(&mut self, direction: i32) {
        let at = SPEEDS
            .iter()
            .position(|s| (s - self.speed).abs() < 1e-6)
            .unwrap_or(3);
        let next = if direction > 0 {
            (at + 1).min(SPEEDS.len() - 1)
        } else {
            at.saturating_sub(1)
        };
        self.set_speed(SPEEDS[next]);
    }

    pub fn set_volume(&mut self, volume: f64) {
        self.volume = volume.clamp(0.0, 1.0);
        self.restart_audio();
    }

    pub fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
        self.restart_audio();
    }

    pub fn set_looping(&mut self, looping: bool) {
        if self.looping != looping {
            self.looping = looping;
            // The sound process plays round and round only when it was started looping.
            self.restart_audio();
        }
    }

    /// Back to the start of a looping video, `over` seconds into it, without a new sound
    /// process (the sound loops by itself).
    fn wrap_around(&mut self, over: f64) {
        let at = over.max(0.0);
        self.restart_decoder(at);
        self.state = State::Playing {
            anchor: Instant::now(),
            from: at,
        };
        if self.audio.is_none() {
            self.restart_audio();
        }
    }

    /// Whether a short video loops when it opens (the setting; the loop box overrides it).
    pub fn set_loop_short(&mut self, on: bool) {
        self.loop_short = on;
    }

    /// Starts at `at` seconds once the video is known (or goes there now if it is).
    pub fn resume_at(&mut self, at: f64) {
        if self.info.is_some() {
            self.seek(at);
        } else {
            self.resume_at = Some(at);
        }
    }

    /// Whether sound is going out now.
    pub fn sounding(&self) -> bool {
        self.audio.is_some()
    }
}

/// The decoded size: the video's shape within `max`, never larger than the video, even sides
/// (what the scaler and the pixel formats want).
fn fit(info: &VideoInfo, (max_w, max_h): (u32, u32)) -> (usize, usize) {
    let (w, h) = (f64::from(info.width.max(2)), f64::from(info.height.max(2)));
    let scale = (f64::from(max_w) / w).min(f64::from(max_h) / h).min(1.0);
    let even = |v: f64| ((v * scale / 2.0).round() as usize).max(1) * 2;
    (even(w), even(h))
}
