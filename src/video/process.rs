//! The ffmpeg (or ffplay) processes the player runs: started with the error naming the program,
//! stopped when dropped (the player moved on, another unit, the window closed).

use std::process::{Child, Command};

use super::VideoError;

pub struct Process(pub Child);

impl Process {
    pub fn start(command: &mut Command, program: &'static str) -> Result<Process, VideoError> {
        command
            .spawn()
            .map(Process)
            .map_err(|source| VideoError::Run { program, source })
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // A process that already ended cannot be killed, and is only reaped: nothing to report.
        if self.0.kill().is_ok() {
            let _ = self.0.wait();
        }
    }
}

/// ffmpeg's `-ss` value for a position in seconds.
pub fn seek_to(seconds: f64) -> String {
    format!("{:.3}", seconds.max(0.0))
}
