//! Finding the `ffmpeg` and `ffprobe` programs. Video is decoded by running them, never by
//! linking libav*: the build needs no system `-dev` package, and a machine without ffmpeg still
//! runs everything else (the card then says which package to install).

use std::path::{Path, PathBuf};

/// The programs video playback runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tools {
    pub ffmpeg: PathBuf,
    pub ffprobe: PathBuf,
}

/// What to install when ffmpeg is missing, said the way each system installs it.
pub const INSTALL_HINT: &str = if cfg!(target_os = "macos") {
    "install ffmpeg (brew install ffmpeg)"
} else if cfg!(windows) {
    "install ffmpeg (winget install ffmpeg) and make sure it is on PATH"
} else {
    "install the ffmpeg package (sudo apt install ffmpeg)"
};

impl Tools {
    /// ffmpeg and ffprobe on `PATH` (or in `$CODINGDESK_FFMPEG_DIR`); `None` if either is missing.
    pub fn find() -> Option<Tools> {
        let dirs: Vec<PathBuf> = match std::env::var_os("CODINGDESK_FFMPEG_DIR") {
            Some(dir) => vec![PathBuf::from(dir)],
            None => std::env::split_paths(&std::env::var_os("PATH")?).collect(),
        };
        Some(Tools {
            ffmpeg: find_in(&dirs, "ffmpeg")?,
            ffprobe: find_in(&dirs, "ffprobe")?,
        })
    }

    /// `ffplay`, next to ffmpeg: the audio route where ffmpeg has no audio output device.
    pub fn ffplay(&self) -> Option<PathBuf> {
        let dir = self.ffmpeg.parent()?;
        find_in(&[dir.to_path_buf()], "ffplay")
    }
}

fn find_in(dirs: &[PathBuf], program: &str) -> Option<PathBuf> {
    let name = if cfg!(windows) {
        format!("{program}.exe")
    } else {
        program.to_owned()
    };
    dirs.iter()
        .map(|dir| dir.join(&name))
        .find(|candidate| is_program(candidate))
}

fn is_program(path: &Path) -> bool {
    path.is_file()
}
