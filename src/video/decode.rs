//! Pictures of a video, decoded by an `ffmpeg` process from a position on, at the size they are
//! shown, as raw RGBA through a pipe. A named thread reads them into a small bounded queue: memory
//! stays a few frames whatever the video's length, and ffmpeg waits while the queue is full.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};

use super::process::{Process, seek_to};
use super::{Tools, VideoError};

/// Frames decoded ahead of the one shown.
pub const QUEUE: usize = 6;

/// One picture and the moment of the video it shows.
#[derive(Clone, PartialEq)]
pub struct Frame {
    /// Seconds from the video's start.
    pub time: f64,
    pub width: usize,
    pub height: usize,
    /// `width × height` pixels, 4 bytes each (RGBA, not premultiplied).
    pub rgba: Vec<u8>,
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Frame({:.3} s, {}×{})",
            self.time, self.width, self.height
        )
    }
}

pub enum Decoded {
    Frame(Frame),
    /// The video ended (or ffmpeg stopped: then with why).
    End(Option<String>),
}

/// A running decoder: the ffmpeg process and the queue its frames arrive in.
pub struct Decoder {
    /// Stopped when the decoder is dropped; the reading thread then sees the pipe close.
    _process: Process,
    frames: Receiver<Decoded>,
}

impl Decoder {
    /// Decodes `path` from `from` seconds on at `width × height` and `fps` frames a second.
    pub fn start(
        tools: &Tools,
        path: &Path,
        from: f64,
        (width, height): (usize, usize),
        fps: f64,
    ) -> Result<Decoder, VideoError> {
        let mut process = Process::start(
            Command::new(&tools.ffmpeg)
                .args(["-nostdin", "-loglevel", "error", "-ss"])
                .arg(seek_to(from))
                .arg("-i")
                .arg(path)
                .args(["-an", "-sn", "-vf"])
                .arg(format!(
                    "scale={width}:{height}:flags=bilinear,fps={fps:.6}"
                ))
                .args(["-f", "rawvideo", "-pix_fmt", "rgba", "-"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped()),
            "ffmpeg",
        )?;
        let child = &mut process.0;
        // Both were asked for as pipes; never expected otherwise, but not worth a panic (the
        // process stops as it is dropped).
        let (Some(mut stdout), Some(mut stderr)) = (child.stdout.take(), child.stderr.take())
        else {
            return Err(VideoError::Pipe);
        };
        let (sender, frames) = sync_channel(QUEUE);
        let frame_bytes = width * height * 4;
        std::thread::Builder::new()
            .name("codingdesk-video".into())
            .spawn(move || {
                read_frames(
                    &mut stdout,
                    &mut stderr,
                    &sender,
                    from,
                    fps,
                    (width, height, frame_bytes),
                )
            })
            .map_err(|source| VideoError::Run {
                program: "a decoding thread",
                source,
            })?;
        Ok(Decoder {
            _process: process,
            frames,
        })
    }

    /// The next decoded frame if one is ready (never waits).
    pub fn next(&self) -> Option<Decoded> {
        match self.frames.try_recv() {
            Ok(decoded) => Some(decoded),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Decoded::End(None)),
        }
    }

    /// Waits up to `timeout` for the next frame (for the first frame after opening or seeking).
    pub fn wait(&self, timeout: std::time::Duration) -> Option<Decoded> {
        self.frames.recv_timeout(timeout).ok()
    }
}

fn read_frames(
    stdout: &mut impl Read,
    stderr: &mut impl Read,
    sender: &SyncSender<Decoded>,
    from: f64,
    fps: f64,
    (width, height, frame_bytes): (usize, usize, usize),
) {
    let mut index = 0u64;
    loop {
        let mut rgba = vec![0u8; frame_bytes];
        if stdout.read_exact(&mut rgba).is_err() {
            let mut errors = Vec::new();
            let why = match stderr.read_to_end(&mut errors) {
                Ok(_) if !errors.is_empty() => Some(super::probe::first_line(&errors)),
                _ => None,
            };
            // The player may have gone away already: then nobody needs to hear it ended.
            let _ = sender.send(Decoded::End(why));
            return;
        }
        let frame = Frame {
            time: from + index as f64 / fps,
            width,
            height,
            rgba,
        };
        index += 1;
        if sender.send(Decoded::Frame(frame)).is_err() {
            return;
        }
    }
}
