//! Each frame's CPU time (update and paint, as eframe measures it), written to a file when the
//! `CODINGDESK_FRAME_TIMES` environment variable names one: what `scripts/bench-all.sh` reads
//! for the window's frame times. Nothing is measured or written otherwise.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// The environment variable naming the file.
pub const FRAME_TIMES_VARIABLE: &str = "CODINGDESK_FRAME_TIMES";

pub struct FrameTimes {
    out: BufWriter<File>,
}

impl FrameTimes {
    pub fn create(path: &Path) -> std::io::Result<FrameTimes> {
        Ok(FrameTimes {
            out: BufWriter::new(File::create(path)?),
        })
    }

    /// One line per frame: milliseconds. Flushed at once, so a window that is killed has
    /// written every frame it drew.
    pub fn record(&mut self, seconds: f32) -> std::io::Result<()> {
        writeln!(self.out, "{:.3}", seconds * 1000.0)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_frame_is_a_line_of_milliseconds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("frames.txt");
        let mut times = FrameTimes::create(&path).unwrap();
        times.record(0.0125).unwrap();
        times.record(0.002).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "12.500\n2.000\n");
    }
}
