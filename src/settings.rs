//! What Codingdesk remembers on this machine: recent projects, who codes in each, the theme.
//! A small JSON file in the user's configuration folder (`$CODINGDESK_CONFIG_DIR` overrides it,
//! for tests). A missing file means defaults. A damaged one means defaults too, never an error
//! at start-up — but the window that will write the settings first moves the damaged file aside
//! and says so ([`Settings::open`]), so that nothing a user set is overwritten unseen.

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

    /// The language the window speaks: the one chosen on this computer, else the system's.
    pub fn language(&self) -> Lang {
        self.language.unwrap_or_else(Lang::system)
    }

    /// The remembered zoom within the steps offered (a damaged value gives 100 %).
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

/// A settings file that could not be used: what was wrong, and where the file was kept.
#[derive(Debug, Clone, PartialEq)]
pub struct DamagedSettings {
    pub path: PathBuf,
    /// What reading it said, with the line and column for a JSON error.
    pub reason: String,
    /// Where the damaged file now is; `None` when it could not be moved (then the window
    /// does not save over it either).
    pub kept_as: Option<PathBuf>,
}

impl Settings {
    /// The settings for reading only (which renderer, where ffmpeg is): defaults when the file
    /// is missing or damaged. The window, which writes them, uses [`Settings::open`].
    pub fn load_from(path: &Path) -> Settings {
        Self::read(path).ok().flatten().unwrap_or_default()
    }

    /// The settings the window starts with and will save. A damaged file is moved aside
    /// (`settings.damaged.json`, numbered when that exists) before anything can overwrite it,
    /// and reported, so that the window can say it once.
    pub fn open(path: &Path) -> (Settings, Option<DamagedSettings>) {
        match Self::read(path) {
            Ok(settings) => (settings.unwrap_or_default(), None),
            Err(reason) => {
                let kept_as = Self::keep_aside(path);
                let damage = DamagedSettings {
                    path: path.to_owned(),
                    reason,
                    kept_as,
                };
                (Settings::default(), Some(damage))
            }
        }
    }

    /// `Ok(None)` when there is no file; `Err` with the reason when it cannot be read or parsed.
    fn read(path: &Path) -> Result<Option<Settings>, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|error| error.to_string()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error.to_string()),
        }
    }

    fn keep_aside(path: &Path) -> Option<PathBuf> {
        let folder = path.parent()?;
        let mut free = (1..1000).map(|n| match n {
            1 => folder.join("settings.damaged.json"),
            n => folder.join(format!("settings.damaged-{n}.json")),
        });
        let target = free.find(|candidate| !candidate.exists())?;
        std::fs::rename(path, &target).ok().map(|()| target)
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
        let url = crate::server_url::without_password(url);
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
    fn a_damaged_settings_file_is_kept_aside_and_reported_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let damaged = "{\"recent\": [\"/a.cdesk\"], \"theme\": \"dark\",\n  \"zoom\": 1.2.3 }";
        std::fs::write(&path, damaged).unwrap();

        let (settings, damage) = Settings::open(&path);
        assert_eq!(settings, Settings::default());
        let damage = damage.expect("the damage is reported");
        assert_eq!(damage.path, path);
        assert!(damage.reason.contains("line 2"), "{}", damage.reason);
        let kept = damage.kept_as.expect("kept aside");
        assert_eq!(kept, dir.path().join("settings.damaged.json"));
        // What the window saves next lands beside the damaged file, not over it.
        settings.save_to(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), damaged);

        // A second damaged file does not replace the first one kept.
        std::fs::write(&path, "not json").unwrap();
        let (_, damage) = Settings::open(&path);
        assert_eq!(
            damage.and_then(|d| d.kept_as),
            Some(dir.path().join("settings.damaged-2.json"))
        );
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), damaged);

        // No file at all is a first start, nothing to report.
        assert!(!path.exists());
        assert_eq!(Settings::open(&path), (Settings::default(), None));
    }

    #[test]
    fn a_remembered_server_never_keeps_its_password() {
        let mut settings = Settings::default();
        settings.connected("postgres://li_na:s3cret@db/cq");
        settings.connected("postgres://li_na@db/cq");
        assert_eq!(settings.servers, ["postgres://li_na@db/cq"]);
        assert!(!serde_json::to_string(&settings).unwrap().contains("s3cret"));
    }

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
