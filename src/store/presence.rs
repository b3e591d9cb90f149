//! Where a coder's desk is open. Two windows coding as the same coder would overwrite each other's
//! changes, so a desk claims its coder in the project file; a second window is told who holds it
//! (computer, since when, last seen) and opens read-only unless the user takes over. A claim whose
//! process is gone (same computer) or that has not been refreshed for `STALE_AFTER` (another
//! computer, e.g. after a crash) is stale and never blocks.

use rusqlite::{OptionalExtension, params};

use super::{Project, Result, begin, now, sqlite_error};

/// How long a claim lasts without being refreshed. Windows refresh theirs every `REFRESH_EVERY`.
pub const STALE_AFTER: chrono::TimeDelta = chrono::TimeDelta::seconds(120);
pub const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// A desk that holds a coder's claim: where, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskHolder {
    pub host: String,
    pub pid: i64,
    /// Stored times (UTC, RFC 3339).
    pub opened_at: String,
    pub seen_at: String,
}

impl DeskHolder {
    /// "on lab-pc-3 (process 4121) since 2026-11-30 14:02, last seen 2026-11-30 14:05".
    pub fn describe(&self) -> String {
        let place = if self.host == this_host() {
            crate::tr!("holder-this-computer", pid = self.pid)
        } else {
            crate::tr!("holder-other-computer", host = &self.host, pid = self.pid)
        };
        crate::tr!(
            "holder-since",
            place = place,
            opened = super::local_time(&self.opened_at),
            seen = super::local_time(&self.seen_at)
        )
    }

    fn is_stale(&self, at: chrono::DateTime<chrono::Utc>) -> bool {
        let seen = chrono::DateTime::parse_from_rfc3339(&self.seen_at)
            .map(|moment| moment.with_timezone(&chrono::Utc));
        let expired = !matches!(seen, Ok(seen) if at - seen <= STALE_AFTER);
        expired || (self.host == this_host() && !process_alive(self.pid))
    }
}

/// How long a window that asked for a desk waits for its holder to save and give it up before
/// it takes the desk over all the same (a holder that hangs, or whose computer went to sleep).
pub const HANDOVER_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// What a window holding a desk finds when it looks at its claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskNews {
    /// The claim is this window's and nobody asked for it.
    Ours,
    /// Another window asked for the desk: save what is pending, then `release_desk`.
    Asked,
    /// Another window holds it now.
    TakenBy(DeskHolder),
}

/// The outcome of claiming a coder's desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This window holds the desk; the token proves it on refresh and release.
    Granted { token: String },
    /// Another live window holds it.
    HeldElsewhere(DeskHolder),
}

impl Project {
    /// Claims a coder's desk for this window. A live claim elsewhere is reported (and left alone)
    /// unless `take_over`, which replaces it (logged); the other window finds out on its next
    /// refresh and turns read-only.
    pub fn claim_desk(&mut self, coder: &str, take_over: bool) -> Result<Claim> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let claimed = (|| {
            let holder = read_holder(&tx, coder)?;
            let stamp = now();
            if let Some(holder) = &holder
                && !take_over
                && !holder.is_stale(chrono::Utc::now())
            {
                return Ok(Claim::HeldElsewhere(holder.clone()));
            }
            let token: String =
                tx.query_row("SELECT lower(hex(randomblob(16)))", [], |row| row.get(0))?;
            tx.execute(
                "INSERT INTO desk_open (coder, token, host, pid, opened_at, seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)
                 ON CONFLICT (coder) DO UPDATE SET token = excluded.token, host = excluded.host,
                     pid = excluded.pid, opened_at = excluded.opened_at, seen_at = excluded.seen_at,
                     handover_asked_at = NULL",
                params![coder, token, this_host(), std::process::id(), stamp],
            )?;
            if let Some(holder) = holder.filter(|h| !h.is_stale(chrono::Utc::now())) {
                tx.execute(
                    "INSERT INTO change_log (at, actor, action, coder, old, new)
                     VALUES (?1, ?2, 'desk.take_over', ?2, ?3, ?4)",
                    params![
                        stamp,
                        coder,
                        format!("{} pid {}", holder.host, holder.pid),
                        format!("{} pid {}", this_host(), std::process::id())
                    ],
                )?;
            }
            Ok(Claim::Granted { token })
        })();
        claimed
            .and_then(|claim| tx.commit().map(|()| claim))
            .map_err(|e| sqlite_error(&path, e))
    }

    /// Refreshes this window's claim. Returns who holds the desk now when another window took it
    /// over (this window must stop writing), `None` while the claim is still this window's.
    pub fn refresh_desk(&mut self, coder: &str, token: &str) -> Result<Option<DeskHolder>> {
        let path = self.path.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(&path, e))?;
        let refreshed = (|| {
            let updated = tx.execute(
                "UPDATE desk_open SET seen_at = ?3 WHERE coder = ?1 AND token = ?2",
                params![coder, token, now()],
            )?;
            if updated == 1 {
                return Ok(None);
            }
            Ok(Some(
                read_holder(&tx, coder)?.unwrap_or_else(unknown_holder),
            ))
        })();
        refreshed
            .and_then(|holder| tx.commit().map(|()| holder))
            .map_err(|e| sqlite_error(&path, e))
    }

    /// Whether the desk is still this window's, asked for, or held by another window now (read
    /// only: looking writes nothing, so other windows are not woken by it).
    pub fn desk_news(&self, coder: &str, token: &str) -> Result<DeskNews> {
        let asked: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT handover_asked_at FROM desk_open WHERE coder = ?1 AND token = ?2",
                params![coder, token],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        match asked {
            Some(None) => Ok(DeskNews::Ours),
            Some(Some(_)) => Ok(DeskNews::Asked),
            None => {
                let holder = read_holder(&self.conn, coder).map_err(|e| self.err(e))?;
                Ok(DeskNews::TakenBy(holder.unwrap_or_else(unknown_holder)))
            }
        }
    }

    /// Asks the window holding a coder's desk to hand it over: it saves what its coder typed and
    /// gives the desk up on its next look at the file (about a second). A desk nobody holds, or
    /// whose claim is stale, is claimed at once instead.
    pub fn ask_for_desk(&mut self, coder: &str) -> Result<Claim> {
        let claim = self.claim_desk(coder, false)?;
        if let Claim::HeldElsewhere(_) = &claim {
            self.conn
                .execute(
                    "UPDATE desk_open SET handover_asked_at = ?2
                     WHERE coder = ?1 AND handover_asked_at IS NULL",
                    params![coder, now()],
                )
                .map_err(|e| self.err(e))?;
        }
        Ok(claim)
    }

    /// Gives the desk up (the window closes or switches coder). Someone else's claim is left alone.
    pub fn release_desk(&mut self, coder: &str, token: &str) -> Result<()> {
        self.conn
            .execute(
                "DELETE FROM desk_open WHERE coder = ?1 AND token = ?2",
                params![coder, token],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}

/// A claim that was removed rather than taken over (by hand, or by a crashed window's cleanup).
fn unknown_holder() -> DeskHolder {
    DeskHolder {
        host: "an unknown computer".into(),
        pid: 0,
        opened_at: String::new(),
        seen_at: String::new(),
    }
}

fn read_holder(conn: &rusqlite::Connection, coder: &str) -> rusqlite::Result<Option<DeskHolder>> {
    conn.query_row(
        "SELECT host, pid, opened_at, seen_at FROM desk_open WHERE coder = ?1",
        [coder],
        |row| {
            Ok(DeskHolder {
                host: row.get(0)?,
                pid: row.get(1)?,
                opened_at: row.get(2)?,
                seen_at: row.get(3)?,
            })
        },
    )
    .optional()
}

/// This computer's name, as other computers' windows will show it.
pub fn this_host() -> String {
    #[cfg(unix)]
    {
        let mut buffer = [0u8; 256];
        // SAFETY: the buffer is writable for its whole length; gethostname NUL-terminates within it
        // or truncates, and the result is read only up to the first NUL.
        let status = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) };
        if status == 0 {
            let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
            let name = String::from_utf8_lossy(&buffer[..end]).into_owned();
            if !name.is_empty() {
                return name;
            }
        }
    }
    std::env::var("COMPUTERNAME").unwrap_or_else(|_| "this computer".to_owned())
}

/// Whether a process of this computer still runs (a claim of a crashed window is stale at once).
fn process_alive(pid: i64) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // SAFETY: signal 0 performs only the existence and permission check; nothing is sent.
        let status = unsafe { libc::kill(pid, 0) };
        status == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        // Without a cheap check, rely on the claim going stale when it is not refreshed.
        let _ = pid;
        true
    }
}
