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
    "install ffmpeg (winget install ffmpeg), or put ffmpeg.exe and ffprobe.exe beside codingdesk.exe"
} else {
    "install the ffmpeg package (sudo apt install ffmpeg)"
};

impl Tools {
    /// ffmpeg and ffprobe where a user keeps them: `$CODINGDESK_FFMPEG_DIR` alone when it is set;
    /// else the settings' `ffmpeg_folder`, the program's own folder (and an `ffmpeg\bin` folder
    /// beside it, as a Windows zip of ffmpeg unpacks), then `PATH`. `None` if either is missing.
    pub fn find() -> Option<Tools> {
        let dirs: Vec<PathBuf> = match std::env::var_os("CODINGDESK_FFMPEG_DIR") {
            Some(dir) => vec![PathBuf::from(dir)],
            None => {
                let configured = crate::settings::location()
                    .map(|path| crate::settings::Settings::load_from(&path))
                    .and_then(|settings| settings.ffmpeg_folder);
                let beside = std::env::current_exe()
                    .ok()
                    .and_then(|exe| exe.parent().map(Path::to_path_buf));
                let path = std::env::var_os("PATH");
                configured
                    .into_iter()
                    .chain(
                        beside
                            .iter()
                            .flat_map(|dir| [dir.clone(), dir.join("ffmpeg").join("bin")]),
                    )
                    .chain(path.iter().flat_map(std::env::split_paths))
                    .collect()
            }
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
