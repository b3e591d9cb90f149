//! A video's sound, played by an `ffmpeg` process straight to the system's audio output (no audio
//! library is linked, so the build needs no `-dev` package): PulseAudio (which PipeWire also
//! serves) on Linux, falling back to ALSA; AudioToolbox on macOS; `ffplay` (SDL audio) on Windows
//! and wherever ffmpeg has no output device. Pausing, seeking and changing speed or volume stop
//! the process and start a new one at the new position.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use super::process::{Process, seek_to};
use super::{Tools, VideoError};

/// The ways sound can leave ffmpeg, tried in this order on this system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Pulse,
    Alsa,
    AudioToolbox,
    Ffplay,
}

impl Output {
    pub fn for_this_system() -> &'static [Output] {
        if cfg!(target_os = "macos") {
            &[Output::AudioToolbox, Output::Ffplay]
        } else if cfg!(windows) {
            &[Output::Ffplay]
        } else {
            &[Output::Pulse, Output::Alsa, Output::Ffplay]
        }
    }

    /// How far ahead of the picture the sound starts, so that what is heard matches what is
    /// seen: the time to start the process and open the output, plus the output's buffer
    /// (PulseAudio's own latency at an 80 ms buffer, measured with `pactl list sink-inputs`: about
    /// 60 ms; see benches/video.rs).
    fn lead(self) -> f64 {
        match self {
            Output::Pulse => 0.12,
            Output::Alsa | Output::AudioToolbox | Output::Ffplay => 0.08,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Output::Pulse => "PulseAudio",
            Output::Alsa => "ALSA",
            Output::AudioToolbox => "AudioToolbox",
            Output::Ffplay => "ffplay",
        }
    }
}

/// Sound playing from a position at a speed and volume.
pub struct Audio {
    /// Stopped (the sound with it) when dropped.
    process: Process,
    output: Output,
}

/// The `atempo` chain for a speed: each step of the filter takes 0.5×–2×, so 0.25× is two.
pub fn tempo_filter(speed: f64) -> String {
    let mut steps = Vec::new();
    let mut left = speed.clamp(0.25, 4.0);
    while left < 0.5 {
        steps.push(0.5);
        left /= 0.5;
    }
    while left > 2.0 {
        steps.push(2.0);
        left /= 2.0;
    }
    steps.push(left);
    steps
        .iter()
        .map(|s| format!("atempo={s:.4}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The sample rate a looping sound is resampled to, so that one pass is an exact count of samples.
const LOOP_RATE: u32 = 48_000;

/// The filters that play a video's sound round and round from `from`: each pass padded or cut to
/// exactly `duration` (the picture's length) and repeated inside one process, so the sound has
/// no gap at the loop (a new process per pass left ~1.5 s of silence) and does not drift from
/// the picture pass after pass.
fn loop_filters(duration: f64, from: f64) -> String {
    let samples = (duration * f64::from(LOOP_RATE)).round().max(1.0) as u64;
    format!(
        "aresample={LOOP_RATE},apad=whole_dur={duration:.6},atrim=end={duration:.6},\
         aloop=loop=-1:size={samples},atrim=start={from:.6},asetpts=PTS-STARTPTS"
    )
}

impl Audio {
    /// Plays the sound from `from`; with `looping` (the video's length), round and round.
    pub fn start(
        tools: &Tools,
        path: &Path,
        from: f64,
        (speed, volume): (f64, f64),
        looping: Option<f64>,
        output: Output,
    ) -> Result<Audio, VideoError> {
        // The sound heard `lead` seconds from now is the picture's then (scaled by the speed).
        let from = from + output.lead() * speed;
        let (seek, filters) = match looping {
            Some(duration) if duration > 0.0 => (
                0.0,
                format!(
                    "{},{},volume={volume:.3}",
                    loop_filters(duration, from.rem_euclid(duration)),
                    tempo_filter(speed)
                ),
            ),
            _ => (from, format!("{},volume={volume:.3}", tempo_filter(speed))),
        };
        let from = seek;
        let mut command = match output {
            Output::Ffplay => {
                let ffplay = tools.ffplay().ok_or(VideoError::NoAudioOutput)?;
                let mut command = Command::new(ffplay);
                command
                    .args(["-nodisp", "-autoexit", "-loglevel", "error", "-ss"])
                    .arg(seek_to(from))
                    .arg("-af")
                    .arg(&filters)
                    .arg("-vn")
                    .arg("-i")
                    .arg(path);
                command
            }
            Output::Pulse | Output::Alsa | Output::AudioToolbox => {
                let mut command = Command::new(&tools.ffmpeg);
                command
                    .args(["-nostdin", "-loglevel", "error", "-ss"])
                    .arg(seek_to(from))
                    // Read at the pace of playback, as a player does.
                    .arg("-re")
                    .arg("-i")
                    .arg(path)
                    .args(["-vn", "-sn", "-af"])
                    .arg(&filters);
                match output {
                    // PulseAudio's default buffer is about two seconds: sound that far behind the
                    // picture. 80 ms keeps them together and does not run dry.
                    Output::Pulse => {
                        command.args(["-f", "pulse", "-buffer_duration", "80", "Codingdesk"])
                    }
                    Output::Alsa => command.args(["-f", "alsa", "default"]),
                    Output::AudioToolbox | Output::Ffplay => {
                        command.args(["-f", "audiotoolbox", "-"])
                    }
                };
                command
            }
        };
        let program = match output {
            Output::Ffplay => "ffplay",
            Output::Pulse | Output::Alsa | Output::AudioToolbox => "ffmpeg",
        };
        let process = Process::start(
            command
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped()),
            program,
        )?;
        Ok(Audio { process, output })
    }

    /// `Some(why)` once the sound stopped by failing (no audio server, no device); `None`
    /// while it plays or after it played to the end.
    pub fn failure(&mut self) -> Option<String> {
        match self.process.0.try_wait() {
            Ok(Some(status)) if !status.success() => {
                let mut errors = Vec::new();
                if let Some(stderr) = self.process.0.stderr.as_mut()
                    && stderr.read_to_end(&mut errors).is_err()
                {
                    errors.clear();
                }
                Some(format!(
                    "{}: {}",
                    self.output.name(),
                    super::probe::first_line(&errors)
                ))
            }
            Ok(_) => None,
            Err(error) => Some(error.to_string()),
        }
    }

    pub fn output(&self) -> Output {
        self.output
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_looping_sound_is_cut_to_the_pictures_length_and_repeated_from_where_it_is() {
        let filters = loop_filters(9.0, 2.5);
        assert!(filters.contains("apad=whole_dur=9.000000,atrim=end=9.000000"));
        assert!(filters.contains("aloop=loop=-1:size=432000"));
        assert!(filters.contains("atrim=start=2.500000"));
    }

    #[test]
    fn speeds_outside_one_tempo_step_are_chained() {
        assert_eq!(tempo_filter(1.0), "atempo=1.0000");
        assert_eq!(tempo_filter(0.25), "atempo=0.5000,atempo=0.5000");
        assert_eq!(tempo_filter(2.0), "atempo=2.0000");
        assert_eq!(tempo_filter(0.75), "atempo=0.7500");
    }
}
