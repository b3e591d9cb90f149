//! A coder's session at the desk, without any GUI: the queue, this coder's answers (and only
//! this coder's: coding is blind), unit status, pre-filled numbers, undo/redo. Every change is
//! written to the project file before the call returns.
//!
//! Other processes may change the same file (a second window, the command line, a merge). The
//! session notices (`sync`, about once a second) and reloads; every write is compare-and-set
//! against what this window showed, so nothing another process wrote is overwritten blindly. A
//! coder's desk is claimed in the file: a second window for the same coder is read-only until
//! it takes over.

use crate::clock::Clock;
use crate::link::{Link, Poll, Unpublished};
use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::model::{Answer, Codebook, Kind, Unit, Variable};
use crate::store::{
    Claim, DeskHolder, DeskNews, HANDOVER_WAIT, Project, QueueRow, Shared, StoreError,
    TrainingRound, check_answer,
};
use crate::study::{Study, StudyError};
use crate::training::CoderTraining;

/// How long the desk waits after the last change before it folds the `-wal` into the project
/// file, so that the `.cdesk` alone holds every code (a user may copy just that file).
pub const CHECKPOINT_AFTER_IDLE: Duration = Duration::from_secs(2);

pub use crate::link::RECONNECT_EVERY;

/// How often a read-only desk looks whether the desk became free (its holder crashed on this
/// computer, or its claim went stale), besides whenever the file changes.
pub const CLAIM_RETRY_EVERY: Duration = Duration::from_secs(5);

/// What pressing "Take over" did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakeOver {
    /// The desk is this window's now.
    Done,
    /// The holding window was asked to save and hand the desk over; `sync` claims it once it has
    /// (or after `HANDOVER_WAIT` all the same).
    Asked,
}

/// What `DeskSession::sync` found.
#[derive(Debug, Clone, PartialEq)]
pub enum Synced {
    Unchanged,
    /// Another process changed the file; what the desk shows was reloaded. `units_changed`
    /// counts the units whose answers or note (this coder's) differ from what was shown.
    Reloaded {
        units_changed: usize,
    },
    /// Another window took this coder's desk over (this one did not answer its request in
    /// time: a window hidden or asleep draws no frames): what was typed here was still saved,
    /// compare-and-set, or `unsaved` says why not and what it was. Read-only from now on.
    TakenOver {
        holder: DeskHolder,
        unsaved: Option<String>,
    },
    /// Another window asked for this coder's desk: what was typed here was saved (or, if it
    /// could not be, why not) and the desk handed over; this window is read-only now.
    HandedOver {
        unsaved: Option<String>,
    },
    /// This read-only window holds the desk now: the window it asked gave it up, or the holder
    /// closed or went stale.
    Claimed,
    /// The server of a server study cannot be reached (why): input is refused until it is back.
    Offline(String),
    /// The server is back: the study was read again and input is taken again.
    Reconnected,
}

/// Where a coder stands with a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitStatus {
    NotStarted,
    Partial,
    Done,
}

impl UnitStatus {
    /// The status's name in the window's language.
    pub fn label(self) -> String {
        match self {
            UnitStatus::NotStarted => crate::tr!("status-not-started"),
            UnitStatus::Partial => crate::tr!("status-partial"),
            UnitStatus::Done => crate::tr!("status-done"),
        }
    }
}

/// One change the coder made on a unit, remembered for undo and redo.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub unit: String,
    pub edit: Edit,
}

/// What a change did: an answer or the unit's note, from `before` to `after`.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Answer {
        variable: String,
        before: Option<Answer>,
        after: Option<Answer>,
    },
    /// The coder's note on the unit (`""`: none).
    Note { before: String, after: String },
}

impl Change {
    /// The variable the change was made on (`None`: the unit's note).
    pub fn variable(&self) -> Option<&str> {
        match &self.edit {
            Edit::Answer { variable, .. } => Some(variable),
            Edit::Note { .. } => None,
        }
    }

    /// The same change the other way round (what undo writes).
    fn reversed(&self) -> Change {
        let edit = match &self.edit {
            Edit::Answer {
                variable,
                before,
                after,
            } => Edit::Answer {
                variable: variable.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Note { before, after } => Edit::Note {
                before: after.clone(),
                after: before.clone(),
            },
        };
        Change {
            unit: self.unit.clone(),
            edit,
        }
    }
}

/// Where text typed at the desk goes on a unit: a number or text variable's field, or the
/// coder's note on the unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TextTarget {
    Variable(String),
    Note,
}

/// Text typed into a field of one unit and not saved yet. It belongs to that unit whatever the
/// coder does next: every path away from the unit saves it there first (`commit_pending`).
#[derive(Debug, Clone, PartialEq)]
pub struct PendingEdit {
    pub unit: String,
    pub target: TextTarget,
    pub text: String,
    /// What was stored when the typing began: the text is saved only over that (another
    /// window's change meanwhile is never overwritten, even after the desk read it).
    base: Stored,
}

/// A stored note or answer, as a pending edit began from it.
#[derive(Debug, Clone, PartialEq)]
enum Stored {
    Note(String),
    Answer(Option<Answer>),
}

/// What can stop the desk from saving typed text.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Typed text that could not be saved (another window changed the value first, the file
    /// refused it): said with the text, so that nothing typed is lost without a trace.
    #[error("{}", crate::tr!("desk-typed-not-saved", reason = reason, text = text))]
    NotSaved { reason: String, text: String },
    /// The text typed into a field is not an answer (letters in a number field): nothing is
    /// saved and the coder stays on the unit until it is mended or cleared.
    #[error("{}", crate::tr!("form-not-a-number", variable = label, text = text))]
    NotValid {
        unit: String,
        variable: String,
        label: String,
        text: String,
    },
}

/// The key that picks each value of a variable: its shortcut if the codebook gives one, else the
/// code's digit when every code is 0–9, else 1–9 then a–z by position. Retired values get none.
pub fn value_keys(variable: &Variable) -> Vec<(i64, Option<char>)> {
    let active: Vec<_> = variable.values.iter().filter(|v| !v.retired).collect();
    let digits = active.iter().all(|v| (0..=9).contains(&v.code));
    let mut by_position = ('1'..='9').chain('a'..='z');
    variable
        .values
        .iter()
        .map(|value| {
            if value.retired {
                return (value.code, None);
            }
            let key = match value.shortcut.as_deref().and_then(|s| s.chars().next()) {
                Some(shortcut) => Some(shortcut.to_ascii_lowercase()),
                None if digits => char::from_digit(value.code as u32, 10),
                None => by_position.next(),
            };
            (value.code, key)
        })
        .collect()
}

pub struct DeskSession {
    /// The project file, or the replica of a server study (every write goes on to the server
    /// before it counts as saved).
    study: Study,
    coder: String,
    /// The study's title, read once: no command changes it after the study is made, and the top
    /// bar and the window's title show it every frame.
    title: String,
    /// The codebook in `lang` (see `set_language`).
    codebook: Codebook,
    lang: crate::i18n::Lang,
    queue: Vec<QueueRow>,
    /// Each unit's place in `queue`, by id: the desk looks units up every frame.
    queue_position: HashMap<String, usize>,
    /// The closed training rounds this coder took part in, with their result against gold.
    training: Vec<(TrainingRound, CoderTraining)>,
    answers: HashMap<Shared, UnitAnswers>,
    notes: HashMap<String, String>,
    /// Text typed into fields and not saved yet, each with the unit it was typed on, in the
    /// order the fields were first typed in.
    pending: Vec<PendingEdit>,
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// When the last change reached the disk (local time, for the status line).
    last_saved: Option<chrono::DateTime<chrono::Local>>,
    /// Counts changes, so views can cache what they derive from the answers.
    revision: u64,
    /// The claim on this coder's desk; `None`: read-only, for the reason in `read_only`.
    token: Option<String>,
    read_only: Option<String>,
    /// When this read-only window asked the holder for the desk (see `take_over`).
    asked_at: Option<Instant>,
    /// When this read-only window last tried to claim the desk.
    last_claim_try: Instant,
    /// What the timers below read (tests move it on instead of sleeping).
    clock: Clock,
    /// The file's `data_version` when the desk last looked, and the newest change-log entry it
    /// has read.
    seen_version: i64,
    seen_change: i64,
    last_refresh: Instant,
    /// A change not yet folded into the project file by a checkpoint, and when it was made.
    unsaved_since: Option<Instant>,
    /// The link to a server study's server: while it cannot be reached, input is refused until
    /// it is back (nothing is kept only on this computer).
    link: Link,
}

impl DeskSession {
    /// Opens a coder's session; the coder is added to the study if new. If the coder's desk is
    /// open in another live window, the session opens read-only (see `read_only`, `take_over`).
    pub fn open(study: impl Into<Study>, coder: &str) -> Result<DeskSession, StoreError> {
        let mut project: Study = study.into();
        project.ensure_coder(coder, coder)?;
        let coder = coder.trim().to_owned();
        let (token, read_only) = match project.claim_desk(&coder, false)? {
            Claim::Granted { token } => (Some(token), None),
            Claim::HeldElsewhere(holder) => (None, Some(held_elsewhere(&coder, &holder))),
        };
        let clock = Clock::default();
        let mut session = DeskSession {
            seen_version: project.data_version()?,
            seen_change: project.last_change_id()?,
            title: project.title()?,
            study: project,
            coder,
            codebook: Codebook::default(),
            lang: crate::i18n::ui_language(),
            queue: Vec::new(),
            queue_position: HashMap::new(),
            training: Vec::new(),
            answers: HashMap::new(),
            notes: HashMap::new(),
            pending: Vec::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            last_saved: None,
            revision: 0,
            token,
            read_only,
            asked_at: None,
            last_claim_try: clock.now(),
            last_refresh: clock.now(),
            clock,
            unsaved_since: None,
            link: Link::default(),
        };
        // A coder new to a server study is refused there (the supervisor signs coders up).
        session.publish()?;
        session.reload()?;
        Ok(session)
    }

    /// Makes the session's timers read `clock` (the window's, which tests move on).
    pub fn use_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// The clock the session's timers read.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The study's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Reads the codebook, queue, answers and notes again from the file.
    fn reload(&mut self) -> Result<(), StoreError> {
        // The coder reads the codebook in the window's language where it has it; keys and codes
        // are the codebook's own, so answers are the same whatever the language.
        self.codebook = self.study.codebook()?.localized(self.lang);
        self.queue = self.study.queue(&self.coder)?;
        self.queue_position = self
            .queue
            .iter()
            .enumerate()
            .map(|(index, row)| (row.uid.clone(), index))
            .collect();
        self.training = crate::training::my_training(&self.study, &self.codebook, &self.coder)?;
        let mut answers: HashMap<Shared, UnitAnswers> = HashMap::new();
        // One at a time: a coder of 100,000 units never has all their codes in memory twice.
        self.study.each_coding_of_coder(&self.coder, |record| {
            answers
                .entry(record.unit)
                .or_default()
                .insert(record.variable, record.answer);
        })?;
        answers.values_mut().for_each(UnitAnswers::shrink_to_fit);
        self.answers = answers;
        self.notes = self.study.unit_notes(&self.coder)?;
        self.revision += 1;
        Ok(())
    }

    /// Notices what other processes changed (cheap when nothing did: one pragma), keeps this
    /// window's claim on the desk alive, and folds the `-wal` into the file once the desk has
    /// been idle for `CHECKPOINT_AFTER_IDLE`. Call it about once a second and when the window
    /// regains focus.
    pub fn sync(&mut self) -> Result<Synced, StoreError> {
        if self.study.is_server() {
            return self.sync_with_server();
        }
        let mut outcome = Synced::Unchanged;
        let version = self.study.data_version()?;
        if version != self.seen_version {
            self.seen_version = version;
            // Another window's claim refresh changes the file too, but not its content: only a
            // new change-log entry is worth reading everything again.
            let last_change = self.study.last_change_id()?;
            if last_change != self.seen_change {
                self.seen_change = last_change;
                let (answers, notes) = (self.answers.clone(), self.notes.clone());
                self.reload()?;
                let units_changed = count_differences(&answers, &self.answers)
                    + count_differences(&notes, &self.notes);
                outcome = Synced::Reloaded { units_changed };
            }
            // A take-over or a request for the desk changes the file: look (reading only)
            // whether the desk is still ours.
            if let Some(token) = &self.token {
                match self.study.desk_news(&self.coder, token)? {
                    DeskNews::Ours => {}
                    DeskNews::Asked => outcome = self.hand_over()?,
                    DeskNews::TakenBy(holder) => outcome = self.taken_over(holder),
                }
            } else if self.try_claim()? {
                outcome = Synced::Claimed;
            }
        } else if self.token.is_none()
            && (self.asked_at.is_some()
                || self.clock.since(self.last_claim_try) >= CLAIM_RETRY_EVERY)
            && self.try_claim()?
        {
            outcome = Synced::Claimed;
        }
        // Keep the claim from going stale; this write wakes other windows only every 30 s, and
        // they find no new change-log entry.
        if let Some(token) = self.token.clone()
            && self.clock.since(self.last_refresh) >= crate::store::REFRESH_EVERY
        {
            self.last_refresh = self.clock.now();
            if let Some(holder) = self.study.refresh_desk(&self.coder, &token)? {
                outcome = self.taken_over(holder);
            }
        }
        if self
            .unsaved_since
            .is_some_and(|at| self.clock.since(at) >= CHECKPOINT_AFTER_IDLE)
            && self.study.checkpoint()?
        {
            self.unsaved_since = None;
        }
        Ok(outcome)
    }

    /// A server study: reads it again when the server says someone changed it (a supervisor's
    /// codebook edit, new assignments) or when the server is back after it went away.
    fn sync_with_server(&mut self) -> Result<Synced, StoreError> {
        match self
            .link
            .poll(&mut self.study, &self.clock)
            .map_err(server_words)?
        {
            Poll::Unchanged => Ok(Synced::Unchanged),
            Poll::Reconnected => {
                self.reload()?;
                Ok(Synced::Reconnected)
            }
            Poll::Changed => {
                let (answers, notes) = (self.answers.clone(), self.notes.clone());
                self.reload()?;
                let units_changed = count_differences(&answers, &self.answers)
                    + count_differences(&notes, &self.notes);
                Ok(Synced::Reloaded { units_changed })
            }
            Poll::WentOffline(error) => {
                self.forget_undo();
                Ok(Synced::Offline(error.to_string()))
            }
        }
    }

    /// What was undone or redone here may not be what the server holds when it is back.
    fn forget_undo(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    /// Why a server study's desk takes no input now (its server cannot be reached), if so.
    pub fn offline(&self) -> Option<&str> {
        self.link.offline()
    }

    /// Carries what was just written to the replica on to the server (nothing to do for a
    /// file). Only when this returns Ok is the change saved. If the server refuses it — someone
    /// changed the same thing first, or the server forbids it — the study is read again, so that
    /// the desk shows what the server holds; if the server cannot be reached, the desk stops
    /// taking input until it is back.
    fn publish(&mut self) -> Result<(), StoreError> {
        match self.link.publish(&mut self.study, &self.clock) {
            Ok(()) => Ok(()),
            Err(Unpublished::Lost(error)) => {
                self.forget_undo();
                Err(StoreError::ServerLost(error.to_string()))
            }
            Err(Unpublished::Refused(refused)) => {
                self.reload()?;
                Err(server_words(refused))
            }
            Err(Unpublished::Reread(error)) => Err(server_words(error)),
        }
    }

    /// A read-only window claims the desk if its holder gave it up or is gone (the stale rule
    /// of opening), or, after asking, once the holder had `HANDOVER_WAIT` to answer.
    fn try_claim(&mut self) -> Result<bool, StoreError> {
        self.last_claim_try = self.clock.now();
        let force = self
            .asked_at
            .is_some_and(|at| self.clock.since(at) >= HANDOVER_WAIT);
        match self.study.claim_desk(&self.coder, force)? {
            Claim::Granted { token } => {
                self.claimed(token)?;
                Ok(true)
            }
            Claim::HeldElsewhere(holder) => {
                if self.asked_at.is_none() {
                    self.read_only = Some(held_elsewhere(&self.coder, &holder));
                }
                Ok(false)
            }
        }
    }

    /// This window holds the desk from now on: what the other window wrote is read.
    fn claimed(&mut self, token: String) -> Result<(), StoreError> {
        self.token = Some(token);
        self.read_only = None;
        self.asked_at = None;
        self.last_refresh = self.clock.now();
        self.seen_version = self.study.data_version()?;
        self.seen_change = self.study.last_change_id()?;
        self.reload()
    }

    /// Another window asked for the desk: what the coder typed here is saved on its unit, then
    /// the desk is given up and this window turns read-only.
    fn hand_over(&mut self) -> Result<Synced, StoreError> {
        let unsaved = self.commit_pending().err().map(|error| error.to_string());
        if let Some(token) = self.token.take() {
            self.study.release_desk(&self.coder, &token)?;
        }
        self.read_only = Some(crate::tr!("desk-handed-over", coder = &self.coder));
        self.undo.clear();
        self.redo.clear();
        Ok(Synced::HandedOver { unsaved })
    }

    /// Another window holds the desk now: what the coder typed here is saved all the same
    /// (compare-and-set: what the other window changed since is never overwritten, and then
    /// the text is given back in the message), and this one turns read-only and forgets its
    /// undo steps.
    fn taken_over(&mut self, holder: DeskHolder) -> Synced {
        let unsaved = self.commit_pending().err().map(|error| error.to_string());
        self.token = None;
        self.read_only = Some(held_elsewhere(&self.coder, &holder));
        self.undo.clear();
        self.redo.clear();
        Synced::TakenOver { holder, unsaved }
    }

    /// Why this window may not write (another window holds the coder's desk), if so.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Takes the coder's desk over from another window. A live holder is asked first: it saves
    /// what its coder typed and gives the desk up on its next look at the file, and `sync` then
    /// claims it here (`TakeOver::Asked`); a holder gone or stale is taken over at once.
    pub fn take_over(&mut self) -> Result<TakeOver, StoreError> {
        if self.token.is_some() {
            return Ok(TakeOver::Done);
        }
        match self.study.ask_for_desk(&self.coder)? {
            Claim::Granted { token } => {
                self.claimed(token)?;
                Ok(TakeOver::Done)
            }
            Claim::HeldElsewhere(holder) => {
                self.asked_at = Some(self.clock.now());
                self.read_only = Some(crate::tr!(
                    "desk-asked-for",
                    coder = &self.coder,
                    place = holder.describe()
                ));
                Ok(TakeOver::Asked)
            }
        }
    }

    /// Ends the session: gives the desk up and folds the `-wal` into the project file. The
    /// project is handed back (to switch coder) with what went wrong, if anything.
    pub fn close(mut self) -> (Study, Result<(), StoreError>) {
        // Typed text is saved on its unit first; text that is not an answer is said, not lost
        // silently (the window commits it before closing, and refuses to close over it).
        let committed = match self.commit_pending() {
            Ok(()) => Ok(()),
            Err(DeskError::Store(error)) => Err(error),
            Err(error @ (DeskError::NotValid { .. } | DeskError::NotSaved { .. })) => {
                Err(StoreError::Invalid(error.to_string()))
            }
        };
        let released = match self.token.take() {
            Some(token) => self.study.release_desk(&self.coder, &token),
            None => Ok(()),
        };
        let result = committed
            .and(released)
            .and_then(|()| self.study.checkpoint().map(|_| ()));
        (self.study, result)
    }

    fn writable(&self) -> Result<(), StoreError> {
        if self.link.offline().is_some() {
            return Err(StoreError::ServerOffline);
        }
        match &self.read_only {
            // The banner says where the desk is open; the notice only says what to do.
            Some(_) => Err(StoreError::ReadOnly(crate::tr!("desk-press-take-over"))),
            None => Ok(()),
        }
    }

    /// After a write: what the status line and the checkpoint need to know.
    fn saved(&mut self) {
        self.last_saved = Some(chrono::Local::now());
        self.unsaved_since = Some(self.clock.now());
        self.revision += 1;
    }

    pub fn coder(&self) -> &str {
        &self.coder
    }

    /// Shows the codebook in `lang` from now on (where the codebook has that language).
    pub fn set_language(&mut self, lang: crate::i18n::Lang) -> Result<(), StoreError> {
        if self.lang == lang {
            return Ok(());
        }
        self.lang = lang;
        self.codebook = self.study.codebook()?.localized(lang);
        Ok(())
    }

    pub fn codebook(&self) -> &Codebook {
        &self.codebook
    }

    pub fn project(&self) -> &Project {
        &self.study
    }

    pub fn study(&self) -> &Study {
        &self.study
    }

    /// The closed training rounds this coder took part in, with their result and misses
    /// ("Review my training"); gold stays hidden while a round is open.
    pub fn training(&self) -> &[(TrainingRound, CoderTraining)] {
        &self.training
    }

    /// The closed training round a unit of the queue belongs to: its codes are kept as they were.
    pub fn closed_training(&self, uid: &str) -> Option<&str> {
        let round = self.queue[self.queue_position(uid)?].training.as_deref()?;
        self.training
            .iter()
            .any(|(closed, _)| closed.name == round)
            .then_some(round)
    }

    /// A unit's place in the queue.
    pub fn queue_position(&self, uid: &str) -> Option<usize> {
        self.queue_position.get(uid).copied()
    }

    pub fn queue(&self) -> &[QueueRow] {
        &self.queue
    }

    pub fn last_saved(&self) -> Option<chrono::DateTime<chrono::Local>> {
        self.last_saved
    }

    /// Changes with every saved change.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn unit(&self, uid: &str) -> Result<Unit, StoreError> {
        self.study.unit(uid)
    }

    pub fn answer(&self, unit: &str, variable: &str) -> Option<&Answer> {
        self.answers.get(unit)?.get(variable)
    }

    pub fn note(&self, unit: &str) -> &str {
        self.notes.get(unit).map_or("", String::as_str)
    }

    /// The value a number variable starts from on a unit: the coder's answer, else the unit
    /// field the codebook names.
    pub fn shown_number(&self, unit: &Unit, variable: &Variable) -> Option<f64> {
        match self.answer(&unit.uid, &variable.key) {
            Some(Answer::Number(number)) => Some(*number),
            _ => variable
                .prefill
                .as_deref()
                .and_then(|field| unit.number(field)),
        }
    }

    pub fn status(&self, unit: &str) -> UnitStatus {
        let Some(answers) = self.answers.get(unit).filter(|a| !a.is_empty()) else {
            return UnitStatus::NotStarted;
        };
        let complete = self
            .codebook
            .variables
            .iter()
            .filter(|v| v.required)
            .all(|v| answers.contains_key(v.key.as_str()));
        if complete {
            UnitStatus::Done
        } else {
            UnitStatus::Partial
        }
    }

    /// (done, partial, not started) over the queue.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for row in &self.queue {
            match self.status(&row.uid) {
                UnitStatus::Done => counts.0 += 1,
                UnitStatus::Partial => counts.1 += 1,
                UnitStatus::NotStarted => counts.2 += 1,
            }
        }
        counts
    }

    /// The next unit after `from` (wrapping round) that is not done.
    pub fn next_not_done(&self, from: usize) -> Option<usize> {
        let n = self.queue.len();
        (1..=n)
            .map(|step| (from + step) % n)
            .find(|&i| self.status(&self.queue[i].uid) != UnitStatus::Done)
    }

    fn variable(&self, key: &str) -> Result<&Variable, StoreError> {
        self.codebook
            .variable(key)
            .ok_or_else(|| StoreError::UnknownVariable {
                key: key.to_owned(),
                available: String::new(),
            })
    }

    /// Sets (or clears) an answer, saving it at once together with the unit's pre-filled numbers
    /// that were only shown so far. Returns false when nothing changed.
    pub fn set_answer(
        &mut self,
        unit: &Unit,
        variable: &str,
        answer: Option<Answer>,
    ) -> Result<bool, StoreError> {
        let definition = self.variable(variable)?;
        if let Some(answer) = &answer {
            check_answer(definition, answer).map_err(|message| StoreError::InvalidAnswer {
                variable: variable.to_owned(),
                message,
            })?;
        }
        let before = self.answer(&unit.uid, variable).cloned();
        if before == answer {
            return Ok(false);
        }
        self.writable()?;
        let prefills: Vec<(String, Answer)> = self
            .codebook
            .variables
            .iter()
            .filter(|v| v.kind == Kind::Number && v.key != variable)
            .filter(|v| self.answer(&unit.uid, &v.key).is_none())
            .filter_map(|v| Some((v.key.clone(), Answer::Number(self.shown_number(unit, v)?))))
            .collect();
        let prefill_writes: Vec<(&str, &Answer)> = prefills
            .iter()
            .map(|(key, value)| (key.as_str(), value))
            .collect();
        let written = self.study.set_answer_if(
            &unit.uid,
            &self.coder,
            (variable, before.as_ref(), answer.as_ref()),
            &prefill_writes,
        );
        self.reload_if_changed_elsewhere(written)?;
        self.publish()?;
        let answers = self.answers.entry(unit.uid.as_str().into()).or_default();
        for (key, value) in prefills {
            answers.insert_if_absent(key.into(), value);
        }
        match &answer {
            Some(value) => answers.insert(variable.into(), value.clone()),
            None => answers.remove(variable),
        }
        self.undo.push(Change {
            unit: unit.uid.clone(),
            edit: Edit::Answer {
                variable: variable.to_owned(),
                before,
                after: answer,
            },
        });
        self.redo.clear();
        self.saved();
        Ok(true)
    }

    /// When a write was refused because another process changed the value first, shows what is
    /// stored now (so the window stops showing a stale value) and passes the refusal on.
    fn reload_if_changed_elsewhere(
        &mut self,
        written: Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        if let Err(error @ StoreError::ChangedElsewhere { .. }) = written {
            // `seen_version` stays: the next `sync` also looks at who holds the desk now.
            self.reload()?;
            return Err(error);
        }
        written
    }

    /// Ticks or unticks a value of a multi-select variable.
    pub fn toggle(&mut self, unit: &Unit, variable: &str, code: i64) -> Result<bool, StoreError> {
        let ticked = match self.answer(&unit.uid, variable) {
            Some(Answer::Codes(codes)) => codes.clone(),
            _ => Vec::new(),
        };
        let codes = self.variable(variable)?.toggled(&ticked, code);
        let answer = (!codes.is_empty()).then(|| Answer::codes(codes));
        self.set_answer(unit, variable, answer)
    }

    /// Writes a change without recording a new undo step, if what is stored is still its
    /// `before` side (what this window wrote).
    fn apply(&mut self, change: &Change) -> Result<(), StoreError> {
        self.writable()?;
        let unit = change.unit.as_str();
        match &change.edit {
            Edit::Answer {
                variable,
                before,
                after,
            } => {
                let written = self.study.set_answer_if(
                    unit,
                    &self.coder,
                    (variable, before.as_ref(), after.as_ref()),
                    &[],
                );
                self.reload_if_changed_elsewhere(written)?;
                self.publish()?;
                let answers = self.answers.entry(unit.into()).or_default();
                match after {
                    Some(value) => answers.insert(variable.as_str().into(), value.clone()),
                    None => answers.remove(variable),
                }
            }
            Edit::Note { before, after } => {
                let written = self
                    .study
                    .set_unit_note_if(unit, &self.coder, Some(before), after);
                self.reload_if_changed_elsewhere(written)?;
                self.publish()?;
                self.remember_note(unit, after);
            }
        }
        self.saved();
        Ok(())
    }

    /// Takes back the last change (an answer or a note); returns it so the desk can show its
    /// unit. Typed text not saved yet is saved first: it is the newest change. If another
    /// process changed that value since, nothing is written, the step is dropped (it can no
    /// longer be undone as it was) and the error says what the value is now.
    pub fn undo(&mut self) -> Result<Option<Change>, DeskError> {
        self.commit_pending()?;
        let Some(change) = self.undo.pop() else {
            return Ok(None);
        };
        match self.apply(&change.reversed()) {
            Ok(()) => {
                self.redo.push(change.clone());
                Ok(Some(change))
            }
            Err(error @ StoreError::ChangedElsewhere { .. }) => Err(error.into()),
            Err(error) => {
                self.undo.push(change);
                Err(error.into())
            }
        }
    }

    pub fn redo(&mut self) -> Result<Option<Change>, DeskError> {
        self.commit_pending()?;
        let Some(change) = self.redo.pop() else {
            return Ok(None);
        };
        match self.apply(&change) {
            Ok(()) => {
                self.undo.push(change.clone());
                Ok(Some(change))
            }
            Err(error @ StoreError::ChangedElsewhere { .. }) => Err(error.into()),
            Err(error) => {
                self.redo.push(change);
                Err(error.into())
            }
        }
    }

    /// Sets the coder's note on a unit (an empty note removes it), as one undo step.
    pub fn set_note(&mut self, unit: &str, note: &str) -> Result<(), StoreError> {
        if self.note(unit) == note {
            return Ok(());
        }
        self.writable()?;
        let shown = self.note(unit).to_owned();
        let written = self
            .study
            .set_unit_note_if(unit, &self.coder, Some(&shown), note);
        self.reload_if_changed_elsewhere(written)?;
        self.publish()?;
        self.remember_note(unit, note);
        self.undo.push(Change {
            unit: unit.to_owned(),
            edit: Edit::Note {
                before: shown,
                after: note.to_owned(),
            },
        });
        self.redo.clear();
        self.saved();
        Ok(())
    }

    fn remember_note(&mut self, unit: &str, note: &str) {
        if note.is_empty() {
            self.notes.remove(unit);
        } else {
            self.notes.insert(unit.to_owned(), note.to_owned());
        }
    }

    /// Text typed into fields and not saved yet.
    pub fn pending(&self) -> &[PendingEdit] {
        &self.pending
    }

    /// What a unit's field shows: the text typed there and not saved yet, else what is stored
    /// (a number field shows the pre-filled number until the coder answers).
    pub fn field_text(&self, unit: &Unit, target: &TextTarget) -> String {
        if let Some(pending) = self
            .pending
            .iter()
            .find(|p| p.unit == unit.uid && &p.target == target)
        {
            return pending.text.clone();
        }
        match target {
            TextTarget::Note => self.note(&unit.uid).to_owned(),
            TextTarget::Variable(key) => {
                match (self.codebook.variable(key), self.answer(&unit.uid, key)) {
                    (Some(variable), _) if variable.kind == Kind::Number => self
                        .shown_number(unit, variable)
                        .map(crate::model::format_number)
                        .unwrap_or_default(),
                    (_, Some(Answer::Text(text))) => text.clone(),
                    _ => String::new(),
                }
            }
        }
    }

    /// Records text typed into a field of `unit`: the unit the field was shown for, whatever the
    /// desk shows by the time this arrives. Saved by `commit_pending`.
    pub fn edit(&mut self, unit: &str, target: TextTarget, text: String) {
        match self
            .pending
            .iter_mut()
            .find(|p| p.unit == unit && p.target == target)
        {
            Some(pending) => pending.text = text,
            None => {
                let base = self.stored(unit, &target);
                self.pending.push(PendingEdit {
                    unit: unit.to_owned(),
                    target,
                    text,
                    base,
                });
            }
        }
    }

    fn stored(&self, unit: &str, target: &TextTarget) -> Stored {
        match target {
            TextTarget::Note => Stored::Note(self.note(unit).to_owned()),
            TextTarget::Variable(key) => Stored::Answer(self.answer(unit, key).cloned()),
        }
    }

    /// Saves the typed text that is pending, each on the unit it was typed on, in order. Text
    /// that is not an answer (letters in a number field) stays pending and the first such is
    /// returned as `DeskError::NotValid`: the desk keeps the coder on that unit. Any other
    /// failure (the file refused it, another window changed the value first) drops that text
    /// and is returned, after the rest was saved.
    pub fn commit_pending(&mut self) -> Result<(), DeskError> {
        self.commit_where(|_| true)
    }

    /// Saves the text typed into one field of one unit (the field was left), as
    /// `commit_pending` does; text typed into other fields stays pending.
    pub fn commit_field(&mut self, unit: &str, target: &TextTarget) -> Result<(), DeskError> {
        self.commit_where(|pending| pending.unit == unit && &pending.target == target)
    }

    fn commit_where(&mut self, chosen: impl Fn(&PendingEdit) -> bool) -> Result<(), DeskError> {
        let (now, later): (Vec<PendingEdit>, Vec<PendingEdit>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|p| chosen(p));
        self.pending = later;
        let mut first_error = None;
        if !now.is_empty() {
            // The fields show what is stored from now on, even where the text only wrote the
            // stored value differently ("3,400" for 3400).
            self.revision += 1;
        }
        for pending in now {
            match self.commit(&pending) {
                Ok(()) => {}
                Err(error @ DeskError::NotValid { .. }) => {
                    self.pending.push(pending);
                    first_error.get_or_insert(error);
                }
                Err(error) => {
                    // The typed text goes back to the coder in the message.
                    first_error.get_or_insert(DeskError::NotSaved {
                        reason: error.to_string(),
                        text: pending.text.clone(),
                    });
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    fn commit(&mut self, pending: &PendingEdit) -> Result<(), DeskError> {
        // Changed elsewhere since the typing began (and read here since): not overwritten.
        let now = self.stored(&pending.unit, &pending.target);
        if now != pending.base {
            return Err(DeskError::Store(StoreError::ChangedElsewhere {
                unit: pending.unit.clone(),
                variable: match &pending.target {
                    TextTarget::Note => "the unit's note".to_owned(),
                    TextTarget::Variable(key) => key.clone(),
                },
                stored: match now {
                    Stored::Note(note) => (!note.is_empty()).then_some(Answer::Text(note)),
                    Stored::Answer(answer) => answer,
                },
            }));
        }
        match &pending.target {
            TextTarget::Note => Ok(self.set_note(&pending.unit, pending.text.trim())?),
            TextTarget::Variable(key) => {
                let variable = self.variable(key)?.clone();
                let Some(answer) = parse_typed(&variable, &pending.text) else {
                    return Err(DeskError::NotValid {
                        unit: pending.unit.clone(),
                        variable: key.clone(),
                        label: variable.label,
                        text: pending.text.trim().to_owned(),
                    });
                };
                let unit = self.study.unit(&pending.unit)?;
                self.set_answer(&unit, key, answer)?;
                Ok(())
            }
        }
    }
}

/// A typed field's answer: empty clears it; a number must parse (`None`: it does not).
pub fn parse_typed(variable: &Variable, text: &str) -> Option<Option<Answer>> {
    let text = text.trim();
    if text.is_empty() {
        return Some(None);
    }
    match variable.kind {
        Kind::Number => text
            .replace(',', "")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(|n| Some(Answer::Number(n))),
        Kind::Text | Kind::Single | Kind::Multi => Some(Some(Answer::Text(text.to_owned()))),
    }
}

/// A server's refusal as the desk reports it: what happened, typed; worded where it is shown.
fn server_words(error: StudyError) -> StoreError {
    match error {
        StudyError::Store(error) => error,
        StudyError::Server(crate::server::ServerError::Conflict { table, row }) => {
            StoreError::ServerConflict { table, row }
        }
        StudyError::Server(error) if error.is_unreachable() => {
            StoreError::ServerLost(error.to_string())
        }
        other => StoreError::ServerRefused(other.to_string()),
    }
}

fn held_elsewhere(coder: &str, holder: &DeskHolder) -> String {
    crate::tr!(
        "desk-held-elsewhere",
        coder = coder,
        place = holder.describe()
    )
}

/// One unit's answers by variable: a handful, in a vector sorted by variable (a map per unit of
/// a 100,000-unit queue would take twice the memory of the answers).
#[derive(Debug, Clone, Default, PartialEq)]
struct UnitAnswers(Vec<(Shared, Answer)>);

impl UnitAnswers {
    fn find(&self, variable: &str) -> std::result::Result<usize, usize> {
        self.0.binary_search_by(|(key, _)| (**key).cmp(variable))
    }

    fn get(&self, variable: &str) -> Option<&Answer> {
        self.find(variable).ok().map(|at| &self.0[at].1)
    }

    fn contains_key(&self, variable: &str) -> bool {
        self.find(variable).is_ok()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn insert(&mut self, variable: Shared, answer: Answer) {
        match self.find(&variable) {
            Ok(at) => self.0[at].1 = answer,
            Err(at) => self.0.insert(at, (variable, answer)),
        }
    }

    fn insert_if_absent(&mut self, variable: Shared, answer: Answer) {
        if let Err(at) = self.find(&variable) {
            self.0.insert(at, (variable, answer));
        }
    }

    fn remove(&mut self, variable: &str) {
        if let Ok(at) = self.find(variable) {
            self.0.remove(at);
        }
    }

    fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

/// How many entries differ between two maps (added, removed or changed).
fn count_differences<K: Eq + std::hash::Hash, V: PartialEq>(
    before: &HashMap<K, V>,
    after: &HashMap<K, V>,
) -> usize {
    let changed = before
        .iter()
        .filter(|(key, value)| after.get(*key) != Some(*value))
        .count();
    changed
        + after
            .keys()
            .filter(|key| !before.contains_key(*key))
            .count()
}

#[cfg(test)]
mod tests;
