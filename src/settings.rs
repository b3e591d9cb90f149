//! What Codingdesk remembers on this machine: recent projects, who codes in each, the theme.
//! A small JSON file in the user's configuration folder (`$CODINGDESK_CONFIG_DIR` overrides it,
//! for tests). A missing or damaged file means defaults, never an error at start-up.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

const RECENT: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub recent: Vec<PathBuf>,
    /// Coder name per project path.
    pub coders: BTreeMap<PathBuf, String>,
    /// `system`, `light` or `dark`.
    pub theme: String,
    /// The window's text and widget size, 1.0 = 100 % (0 in an old file: 100 %).
    pub zoom: f32,
    /// Choose files in Codingdesk's own browser rather than the system's file dialog.
    pub built_in_file_browser: bool,
    /// Short videos loop when they open (`None`: never set, which means yes).
    pub loop_short_videos: Option<bool>,
    /// A unit's video starts playing when the unit is shown.
    pub autoplay_videos: bool,
    /// The window's language; none chosen yet means the system's.
    pub language: Option<Lang>,
    /// Server studies connected to, newest first: URLs only (passwords are never kept).
    pub servers: Vec<String>,
    /// How the window draws: `wgpu` or `glow` (OpenGL); none set means wgpu, falling back to
    /// glow when wgpu finds no device. `CODINGDESK_RENDERER` overrides it.
    pub renderer: Option<String>,
    /// The folder holding ffmpeg, ffprobe and ffplay when they are neither beside the program nor
    /// on `PATH` (a portable ffmpeg unzipped somewhere on Windows).
    pub ffmpeg_folder: Option<PathBuf>,
}

/// The text sizes "Text size" steps through (Ctrl + and Ctrl − do the same).
pub const ZOOM_STEPS: [f32; 8] = [0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0];

impl Settings {
    pub fn loop_short_videos(&self) -> bool {
        self.loop_short_videos.unwrap_or(true)
    }

    /// The remembered zoom within the steps offered (a damaged value gives 100 %).
    /// The language the window speaks: the one chosen on this computer, else the system's.
    pub fn language(&self) -> Lang {
        self.language.unwrap_or_else(Lang::system)
    }

    pub fn zoom(&self) -> f32 {
        if self.zoom.is_finite()
            && (ZOOM_STEPS[0]..=ZOOM_STEPS[ZOOM_STEPS.len() - 1]).contains(&self.zoom)
        {
            self.zoom
        } else {
            1.0
        }
    }
}

pub fn location() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CODINGDESK_CONFIG_DIR") {
        return Some(PathBuf::from(dir).join("settings.json"));
    }
    dirs::config_dir().map(|dir| dir.join("codingdesk").join("settings.json"))
}

impl Settings {
    pub fn load_from(path: &Path) -> Settings {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes the settings atomically (a temporary file renamed over the old one).
    pub fn save_to(&self, path: &Path) -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, text)?;
        std::fs::rename(temporary, path)
    }

    #[cfg(test)]
    fn round_trip(&self, path: &Path) -> Settings {
        self.save_to(path)
            .map(|()| Settings::load_from(path))
            .unwrap_or_default()
    }

    /// Puts a project first in the recent list.
    pub fn opened(&mut self, project: &Path) {
        let project = dunce::canonicalize(project).unwrap_or_else(|_| project.to_owned());
        self.recent.retain(|p| *p != project);
        self.recent.insert(0, project);
        self.recent.truncate(RECENT);
    }

    /// Remembers a server study's URL (without any password it may hold) as the newest.
    pub fn connected(&mut self, url: &str) {
        let url = crate::study::without_password(url);
        self.servers.retain(|u| *u != url);
        self.servers.insert(0, url);
        self.servers.truncate(RECENT);
    }

    pub fn coder_for(&self, project: &Path) -> Option<&str> {
        let project = dunce::canonicalize(project).unwrap_or_else(|_| project.to_owned());
        self.coders.get(&project).map(String::as_str)
    }

    pub fn set_coder(&mut self, project: &Path, coder: &str) {
        let project = dunce::canonicalize(project).unwrap_or_else(|_| project.to_owned());
        self.coders.insert(project, coder.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_projects_are_unique_newest_first_and_bounded() {
        let mut settings = Settings::default();
        for i in 0..12 {
            settings.opened(Path::new(&format!("/nowhere/{i}.cdesk")));
        }
        settings.opened(Path::new("/nowhere/5.cdesk"));
        assert_eq!(settings.recent.len(), RECENT);
        assert_eq!(settings.recent[0], Path::new("/nowhere/5.cdesk"));
        assert_eq!(
            settings
                .recent
                .iter()
                .filter(|p| p.ends_with("5.cdesk"))
                .count(),
            1
        );
    }

    #[test]
    fn settings_are_saved_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::default();
        settings.set_coder(Path::new("/nowhere/a.cdesk"), "李娜");
        settings.theme = "dark".into();
        assert_eq!(
            settings.round_trip(&dir.path().join("sub/settings.json")),
            settings
        );
        assert_eq!(
            Settings::load_from(&dir.path().join("missing.json")),
            Settings::default()
        );
    }

    #[test]
    fn damaged_settings_mean_defaults() {
        let parsed: Settings = serde_json::from_str("{\"recent\": 5}").unwrap_or_default();
        assert_eq!(parsed, Settings::default());
        let partial: Settings = serde_json::from_str("{\"theme\": \"dark\"}").unwrap();
        assert_eq!(partial.theme, "dark");
    }
}
