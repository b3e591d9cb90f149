//! A session's link to the server of a server study — the one poll and the one publish the
//! coder's desk and supervisor mode share (each had its own copy). Online, a poll asks the
//! server whether anyone committed and reads the study again if so; offline (the server could
//! not be reached), the session takes no changes and tries again every [`RECONNECT_EVERY`].
//! A file study never goes offline: polls and publishes do nothing here for it.

use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::study::{Study, StudyError};

/// How often a session whose server went away tries to reach it again.
pub const RECONNECT_EVERY: Duration = Duration::from_secs(2);

/// What a poll found.
#[derive(Debug)]
pub enum Poll {
    /// Nothing new (or not yet time to try the lost server again).
    Unchanged,
    /// Someone committed: the study was read again; the session reloads what it shows.
    Changed,
    /// The lost server is back: the study was read again.
    Reconnected,
    /// The server could not be reached: the session is offline from now on.
    WentOffline(StudyError),
}

/// Why a change did not reach the server.
#[derive(Debug)]
pub enum Unpublished {
    /// The server could not be reached: the session is offline; the change is not saved.
    Lost(StudyError),
    /// The server refused it (someone changed the same thing first, or a rule): the study was
    /// read again, so that what is shown is what the server holds.
    Refused(StudyError),
    /// Reading the study again after a refusal failed too.
    Reread(StudyError),
}

#[derive(Debug, Default)]
pub struct Link {
    /// Why and since when the server cannot be reached.
    offline: Option<(String, Instant)>,
}

impl Link {
    /// Why the server cannot be reached, if it cannot.
    pub fn offline(&self) -> Option<&str> {
        self.offline.as_ref().map(|(reason, _)| reason.as_str())
    }

    /// Asks a server study's server for news, or tries a lost one again when it is time.
    pub fn poll(&mut self, study: &mut Study, clock: &Clock) -> Result<Poll, StudyError> {
        if !study.is_server() {
            return Ok(Poll::Unchanged);
        }
        if let Some((_, tried)) = &self.offline {
            if clock.since(*tried) < RECONNECT_EVERY {
                return Ok(Poll::Unchanged);
            }
            return match study.reconnect() {
                Ok(()) => {
                    self.offline = None;
                    Ok(Poll::Reconnected)
                }
                Err(error) => {
                    self.offline = Some((error.to_string(), clock.now()));
                    Ok(Poll::Unchanged)
                }
            };
        }
        match study.news() {
            Ok(false) => Ok(Poll::Unchanged),
            Ok(true) => {
                study.reread()?;
                Ok(Poll::Changed)
            }
            Err(error) => {
                self.offline = Some((error.to_string(), clock.now()));
                Ok(Poll::WentOffline(error))
            }
        }
    }

    /// Carries what was just written to a server study's replica on to the server (nothing to
    /// do for a file). Only when this returns Ok is the change saved.
    pub fn publish(&mut self, study: &mut Study, clock: &Clock) -> Result<(), Unpublished> {
        match study.save() {
            Ok(_) => Ok(()),
            Err(StudyError::Server(error)) if error.is_unreachable() => {
                self.offline = Some((error.to_string(), clock.now()));
                Err(Unpublished::Lost(StudyError::Server(error)))
            }
            Err(refused) => match study.reread() {
                Ok(()) => Err(Unpublished::Refused(refused)),
                Err(error) => Err(Unpublished::Reread(error)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::preset;
    use crate::store::Project;

    /// A file study has no server to lose: however much time passes, a poll finds nothing and a
    /// publish has nothing to carry.
    #[test]
    fn a_file_study_is_never_offline() {
        let dir = tempfile::tempdir().unwrap();
        let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
        let project = Project::create(&dir.path().join("s.cdesk"), "Study", &codebook).unwrap();
        let mut study = Study::from(project);
        let (mut link, clock) = (Link::default(), Clock::default());
        for _ in 0..3 {
            assert!(matches!(link.poll(&mut study, &clock), Ok(Poll::Unchanged)));
            assert!(link.publish(&mut study, &clock).is_ok());
            clock.advance(RECONNECT_EVERY * 2);
        }
        assert_eq!(link.offline(), None);
    }
}
