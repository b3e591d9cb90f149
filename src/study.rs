//! Where a study lives — a project file, or a study on a PostgreSQL server (`postgres://…`, or a
//! named connection profile `@NAME`) — and the one way commands open it. On a server study the
//! commands work on a replica (`server::replica`) and [`Study::save`] carries their changes to the
//! server, so every command means the same on both and prints the same.
//!
//! Connection profiles live in `connections.toml` beside the settings (a lab's URL and where its
//! media are on this computer); passwords are never kept there.

use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::server::ServerError;
use crate::server::replica::{Login, Role, ServerStudy};
pub use crate::server_url::{has_password, without_password};
use crate::store::{Project, StoreError};

#[derive(Debug, Error)]
pub enum StudyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Server(#[from] ServerError),
    #[error("{}", crate::tr!("study-err-profiles", file = .file, reason = .reason))]
    Profiles { file: String, reason: String },
    #[error("{}", crate::tr!("study-err-unknown-profile", name = .name, known = .known, file = .file))]
    UnknownProfile {
        name: String,
        known: String,
        file: String,
    },
    #[error("{}", crate::tr!("study-err-password-in-profile", name = .0))]
    PasswordInProfile(String),
}

pub type Result<T, E = StudyError> = std::result::Result<T, E>;

/// A named server study on this computer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// `postgres://ROLE@HOST:PORT/DATABASE[?sslmode=verify-full&sslrootcert=FILE]`, no password.
    pub url: String,
    /// Where the study's media are on this computer (default: where they were pushed from).
    pub media: Option<PathBuf>,
}

/// Where a study is.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    File(PathBuf),
    Server { url: String, media: Option<PathBuf> },
}

/// Whether `text` names a server study rather than a file.
pub fn is_server(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://") || text.starts_with('@')
}

/// The file connection profiles are read from.
pub fn profiles_file() -> Option<PathBuf> {
    crate::settings::location().map(|settings| settings.with_file_name("connections.toml"))
}

/// The connection profiles in `file` (none when it does not exist).
pub fn profiles_in(file: &Path) -> Result<BTreeMap<String, Profile>> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(error) => {
            return Err(StudyError::Profiles {
                file: file.display().to_string(),
                reason: error.to_string(),
            });
        }
    };
    // The parser's message quotes the offending line, which may hold a password: only where
    // and what is said, never the line.
    let profiles: BTreeMap<String, Profile> =
        toml::from_str(&text).map_err(|error| StudyError::Profiles {
            file: file.display().to_string(),
            reason: match error.span() {
                Some(span) => format!(
                    "line {}: {}",
                    text[..span.start.min(text.len())].matches('\n').count() + 1,
                    error.message()
                ),
                None => error.message().to_owned(),
            },
        })?;
    for (name, profile) in &profiles {
        if has_password(&profile.url) {
            return Err(StudyError::PasswordInProfile(name.clone()));
        }
    }
    Ok(profiles)
}

/// Where the study named on a command line is: a URL, `@PROFILE`, or a file path.
pub fn place_of(arg: &Path) -> Result<Place> {
    let text = arg.to_string_lossy();
    if let Some(name) = text.strip_prefix('@') {
        let file = profiles_file().unwrap_or_else(|| PathBuf::from("connections.toml"));
        let profiles = profiles_in(&file)?;
        return match profiles.get(name) {
            Some(profile) => Ok(Place::Server {
                url: profile.url.clone(),
                media: profile.media.clone(),
            }),
            None => Err(StudyError::UnknownProfile {
                name: name.to_owned(),
                known: profiles.keys().cloned().collect::<Vec<_>>().join(", "),
                file: file.display().to_string(),
            }),
        };
    }
    if is_server(&text) {
        return Ok(Place::Server {
            url: text.into_owned(),
            media: None,
        });
    }
    Ok(Place::File(arg.to_owned()))
}

/// An open study: a project file, or a replica of a server study with its connection.
pub struct Study {
    project: Project,
    server: Option<ServerStudy>,
}

impl Study {
    /// Opens the study a command line names; a server's password comes from `PGPASSWORD`.
    pub fn open(arg: &Path) -> Result<Study> {
        Study::open_at(place_of(arg)?, None)
    }

    /// Rows of a server study its last read left out because the file would refuse them
    /// (none for a file).
    pub fn set_aside(&self) -> &[crate::store::tables::SetAside] {
        self.server.as_ref().map_or(&[], ServerStudy::set_aside)
    }

    pub fn open_at(place: Place, password: Option<String>) -> Result<Study> {
        match place {
            Place::File(path) => Ok(Study {
                project: Project::open(&path)?,
                server: None,
            }),
            Place::Server { url, media } => Study::sign_in(Login::new(&url, password), media),
        }
    }

    /// Signs in to a server study and reads it; `media` says where its media are on this
    /// computer when not where the study was pushed from.
    pub fn sign_in(login: Login, media: Option<PathBuf>) -> Result<Study> {
        let (server, project) = ServerStudy::open(login, media)?;
        Ok(Study {
            project,
            server: Some(server),
        })
    }

    /// Makes what the commands changed permanent where the study lives. A project file already
    /// is (every change commits); a server study gets the changes in one transaction, checked row
    /// by row. Returns how many rows went to the server.
    pub fn save(&mut self) -> Result<usize> {
        match &mut self.server {
            None => Ok(0),
            Some(server) => Ok(server.commit(&mut self.project)?),
        }
    }

    pub fn server(&self) -> Option<&ServerStudy> {
        self.server.as_ref()
    }

    /// Whether the study lives on a server (and this is its replica).
    pub fn is_server(&self) -> bool {
        self.server.is_some()
    }

    /// Who the server says is signed in (`None` for a file).
    pub fn role(&self) -> Option<&Role> {
        self.server.as_ref().map(ServerStudy::role)
    }

    /// What to call the study in a window's title or a list of recent studies: the file's
    /// path, or the server URL.
    pub fn name(&self) -> String {
        match &self.server {
            Some(server) => server.url().to_owned(),
            None => self.project.path().display().to_string(),
        }
    }

    /// Whether someone else changed a server study since it was last read (a file's windows
    /// watch the file themselves: always false). Fails when the server cannot be reached.
    pub fn news(&mut self) -> Result<bool> {
        match &mut self.server {
            Some(server) => Ok(server.changed_elsewhere()?),
            None => Ok(false),
        }
    }

    /// Reads a server study afresh, replacing the replica (and anything in it not saved).
    pub fn reread(&mut self) -> Result<()> {
        if let Some(server) = &mut self.server {
            self.project = server.snapshot()?;
        }
        Ok(())
    }

    /// Signs in to the server again after the connection was lost, and reads the study afresh.
    pub fn reconnect(&mut self) -> Result<()> {
        if let Some(server) = &mut self.server {
            server.reconnect()?;
            self.project = server.snapshot()?;
        }
        Ok(())
    }

    pub fn into_parts(self) -> (Project, Option<ServerStudy>) {
        (self.project, self.server)
    }
}

impl From<Project> for Study {
    fn from(project: Project) -> Study {
        Study {
            project,
            server: None,
        }
    }
}

impl Deref for Study {
    type Target = Project;
    fn deref(&self) -> &Project {
        &self.project
    }
}

impl DerefMut for Study {
    fn deref_mut(&mut self) -> &mut Project {
        &mut self.project
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_study_is_named_by_path_url_or_profile() {
        assert_eq!(
            place_of(Path::new("study.cdesk")).unwrap(),
            Place::File("study.cdesk".into())
        );
        assert_eq!(
            place_of(Path::new("postgres://li_na@db/cq")).unwrap(),
            Place::Server {
                url: "postgres://li_na@db/cq".into(),
                media: None
            }
        );
        assert!(is_server("postgresql://x@y/z") && is_server("@lab") && !is_server("a/b"));
    }

    #[test]
    fn profiles_are_read_and_never_hold_a_password() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("connections.toml");
        assert!(profiles_in(&file).unwrap().is_empty());
        std::fs::write(
            &file,
            "[chongqing]\nurl = \"postgres://li_na@db.lab/cq?sslmode=verify-full\"\nmedia = \"/mnt/lab/视频\"\n",
        )
        .unwrap();
        let profiles = profiles_in(&file).unwrap();
        assert_eq!(
            profiles["chongqing"],
            Profile {
                url: "postgres://li_na@db.lab/cq?sslmode=verify-full".into(),
                media: Some("/mnt/lab/视频".into()),
            }
        );
        std::fs::write(&file, "[lab]\nurl = \"postgres://li_na:hunter2@db/cq\"\n").unwrap();
        let refused = profiles_in(&file).unwrap_err().to_string();
        assert!(
            refused.contains("lab") && !refused.contains("hunter2"),
            "{refused}"
        );
        // However it is written, and whatever else is wrong with the URL (issue 29).
        for url in [
            "postgres://li_na:pw@db/cq?sslmode=disabled",
            "postgres://li_na@db/cq?password=pw&sslmode=off",
            "postgresql://li_na@db/cq?sslmode=require&PASSWORD=pw",
        ] {
            std::fs::write(&file, format!("[lab]\nurl = \"{url}\"\n")).unwrap();
            let refused = profiles_in(&file).unwrap_err().to_string();
            assert!(
                refused.contains("lab") && !refused.contains("pw&"),
                "{refused}"
            );
        }
        // A line that does not parse is not quoted back (it may hold a password).
        std::fs::write(&file, "[lab]\nurl = \"postgres://li_na:hunter2@db/cq\n").unwrap();
        let refused = profiles_in(&file).unwrap_err().to_string();
        assert!(
            !refused.contains("hunter2") && refused.contains("line 2"),
            "{refused}"
        );
        std::fs::write(&file, "[lab]\nurll = \"x\"\n").unwrap();
        assert!(matches!(
            profiles_in(&file),
            Err(StudyError::Profiles { .. })
        ));
    }
}
