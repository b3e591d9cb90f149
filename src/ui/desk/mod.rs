//! The coder's desk: queue (left), unit card (centre), coding form (right), status line.
//! Keyboard-first: every key the desk understands is read here, before the widgets draw.

pub(super) mod card;
mod form;
mod queue;
mod review;
pub(super) mod video;

use egui::{Key, Modifiers};

use super::command::{Command, DeskCommand, VideoCommand};
use super::images::ImageLoader;
use super::notice::{Notice, NoticeKind, Problem};
use crate::desk::{DeskError, DeskSession, Synced, TextTarget, value_keys};
use crate::model::{Answer, Kind, Unit};

/// The open desk: the session (data) and the view state.
pub struct DeskState {
    pub session: DeskSession,
    pub current: usize,
    pub unit: Option<Unit>,
    pub view: DeskView,
    /// When the desk last looked for changes made elsewhere, and whether the window had focus.
    pub last_sync: std::time::Instant,
    pub focused: bool,
}

impl DeskState {
    /// The desk on `session`, whose timers read `clock` from now on (the window's).
    pub fn new(mut session: DeskSession, clock: &crate::clock::Clock) -> DeskState {
        session.use_clock(clock.clone());
        DeskState {
            last_sync: clock.now(),
            session,
            current: 0,
            unit: None,
            view: DeskView::default(),
            focused: true,
        }
    }

    /// Looks for changes other processes made (see `DeskSession::sync`) and shows them; returns
    /// the notice to show, if any. The unit on screen stays, with what the coder is typing.
    pub fn sync(&mut self) -> Result<Option<Notice>, Problem> {
        let synced = self.session.sync()?;
        let coder = self.session.coder().to_owned();
        let told = |text: String, kind: NoticeKind| Some(Notice { text, kind });
        let notice = match synced {
            Synced::Unchanged => return Ok(None),
            Synced::Reloaded { units_changed: 0 } => None,
            Synced::Reloaded { units_changed } => told(
                crate::tr!("desk-changed-elsewhere", count = units_changed),
                NoticeKind::Info,
            ),
            Synced::TakenOver {
                unsaved: Some(reason),
                ..
            } => told(
                crate::tr!("desk-handed-over-unsaved", coder = coder, reason = reason),
                NoticeKind::Error,
            ),
            Synced::TakenOver { unsaved: None, .. } => told(
                crate::tr!("desk-taken-over", coder = coder),
                NoticeKind::Error,
            ),
            Synced::HandedOver { unsaved: None } => told(
                crate::tr!("desk-handed-over", coder = coder),
                NoticeKind::Info,
            ),
            Synced::HandedOver {
                unsaved: Some(reason),
            } => told(
                crate::tr!("desk-handed-over-unsaved", coder = coder, reason = reason),
                NoticeKind::Error,
            ),
            Synced::Claimed => told(crate::tr!("desk-claimed", coder = coder), NoticeKind::Done),
            // The banner above the desk says it for as long as it lasts; the notice says it once.
            Synced::Offline(reason) => told(
                crate::tr!("desk-server-gone", reason = reason),
                NoticeKind::Error,
            ),
            Synced::Reconnected => told(crate::tr!("desk-server-back"), NoticeKind::Done),
        };
        self.refresh_unit();
        Ok(notice)
    }

    /// Takes the coder's desk over from another window: at once if it is gone, else by asking
    /// it to save and hand over (the next `sync` then has it).
    pub fn take_over(&mut self) -> Result<(), Problem> {
        self.session.take_over()?;
        self.refresh_unit();
        Ok(())
    }

    /// Saves what the coder typed, each text on the unit it was typed on. Text that is not an
    /// answer keeps the coder on its unit: the desk shows that unit and field and says why.
    pub fn save_typed(&mut self) -> Result<(), Problem> {
        let saved = self.session.commit_pending();
        self.said(saved)
    }

    /// Saves what was typed into one field (it was left), as `save_typed` does.
    fn save_field(&mut self, unit: &str, target: &TextTarget) -> Result<(), Problem> {
        let saved = self.session.commit_field(unit, target);
        self.said(saved)
    }

    /// What a commit of typed text means for the desk: text that is not an answer keeps the coder
    /// on its unit and field.
    fn said(&mut self, saved: Result<(), DeskError>) -> Result<(), Problem> {
        match saved {
            Ok(()) => Ok(()),
            Err(error @ DeskError::NotValid { .. }) => {
                if let DeskError::NotValid { unit, variable, .. } = &error {
                    if self.unit.as_ref().is_none_or(|u| &u.uid != unit)
                        && let Some(index) = self.session.queue_position(unit)
                    {
                        self.show_at(index);
                    }
                    self.view.form.focus_field(&self.session, variable);
                }
                Err(Problem::Refused(crate::tr!(
                    "desk-not-left",
                    reason = error.to_string()
                )))
            }
            Err(DeskError::Store(error)) => Err(error.into()),
            Err(error @ DeskError::NotSaved { .. }) => Err(Problem::Refused(error.to_string())),
        }
    }

    /// Puts the video's position (`[0:12]`) at the end of the unit's note and saves it.
    fn insert_time(&mut self) -> Result<(), Problem> {
        let (Some(stamp), Some(unit)) = (self.view.card.video.time_stamp(), &self.unit) else {
            return Ok(());
        };
        let note = self.session.field_text(unit, &TextTarget::Note);
        let note = note.trim_end();
        let note = if note.is_empty() {
            stamp
        } else {
            format!("{note} {stamp}")
        };
        let uid = unit.uid.clone();
        self.session.edit(&uid, TextTarget::Note, note);
        self.save_typed()
    }

    /// Shows the current unit again as stored (after a reload), keeping the place in the queue,
    /// the current variable and what is being typed.
    fn refresh_unit(&mut self) {
        let uid = self.unit.as_ref().map(|u| u.uid.clone());
        match uid.and_then(|uid| Some((self.session.queue_position(&uid)?, uid))) {
            Some((index, uid)) => {
                self.current = index;
                match self.session.unit(&uid) {
                    Ok(unit) => self.unit = Some(unit),
                    Err(error) => self.unreadable(&error),
                }
            }
            // The unit left the queue (reassigned): the one now at its place.
            None => self.show_at(self.current),
        }
    }

    fn unreadable(&mut self, error: &crate::store::StoreError) {
        // Said in the status line; the card says the unit could not be read.
        self.view.message = Some(crate::tr!(
            "desk-unit-unreadable",
            reason = error.to_string()
        ));
        self.unit = None;
    }

    /// Moves to the unit at `index` of the queue, once what was typed on the unit being left is
    /// saved there (text that is not an answer keeps the coder where they are).
    pub fn select(&mut self, index: usize) -> Result<(), Problem> {
        self.save_typed()?;
        self.show_at(index);
        Ok(())
    }

    /// Shows the unit at `index` of the queue.
    pub fn show_at(&mut self, index: usize) {
        let queue = self.session.queue();
        if queue.is_empty() {
            self.unit = None;
            return;
        }
        self.current = index.min(queue.len() - 1);
        self.view.card.leave_unit();
        match self.session.unit(&queue[self.current].uid) {
            Ok(unit) => self.unit = Some(unit),
            Err(error) => self.unreadable(&error),
        }
        self.view
            .form
            .unit_changed(&self.session, self.unit.as_ref());
        self.view.queue.scroll_to_current = true;
    }

    fn show_unit(&mut self, uid: &str) {
        if let Some(index) = self.session.queue_position(uid) {
            self.show_at(index);
        }
    }

    /// The unit a pick or a typed text was made on, as the session needs it.
    fn unit_named(&self, uid: &str) -> Result<Unit, Problem> {
        match &self.unit {
            Some(unit) if unit.uid == uid => Ok(unit.clone()),
            _ => Ok(self.session.unit(uid)?),
        }
    }

    /// Runs a desk command through the session; errors come back as the notice's text.
    pub fn apply(&mut self, command: DeskCommand) -> Result<(), Problem> {
        let count = self.session.queue().len();
        match command {
            DeskCommand::Select(index) => self.select(index)?,
            DeskCommand::Step(step) => {
                if count > 0 {
                    let index = (self.current as isize + step).clamp(0, count as isize - 1);
                    self.select(index as usize)?;
                }
            }
            DeskCommand::NextNotDone => {
                // What is typed counts: a unit whose last field was just typed may be done.
                self.save_typed()?;
                match self.session.next_not_done(self.current) {
                    Some(index) => self.select(index)?,
                    None => self.view.message = Some(crate::tr!("desk-all-done")),
                }
            }
            DeskCommand::SetAnswer {
                unit,
                variable,
                answer,
            } => {
                let unit = self.unit_named(&unit)?;
                self.session.set_answer(&unit, &variable, answer)?;
            }
            DeskCommand::Toggle {
                unit,
                variable,
                code,
            } => {
                let unit = self.unit_named(&unit)?;
                self.session.toggle(&unit, &variable, code)?;
            }
            DeskCommand::Edit { unit, target, text } => self.session.edit(&unit, target, text),
            DeskCommand::CommitEdit { unit, target } => self.save_field(&unit, &target)?,
            DeskCommand::Undo | DeskCommand::Redo => {
                // Typed text is the newest change: saved (or refused) here first.
                self.save_typed()?;
                let change = if command == DeskCommand::Undo {
                    self.session.undo()
                } else {
                    self.session.redo()
                };
                let change = change.map_err(|error| match error {
                    DeskError::Store(error) => Problem::from(error),
                    DeskError::NotValid { .. } | DeskError::NotSaved { .. } => {
                        Problem::Refused(error.to_string())
                    }
                })?;
                if let Some(change) = change {
                    if self.unit.as_ref().is_none_or(|u| u.uid != change.unit) {
                        self.show_unit(&change.unit);
                    }
                    // An undone note shows in its field; the keys stay the desk's.
                    if let Some(variable) = change.variable() {
                        self.view.form.focus_variable(&self.session, variable);
                    }
                }
            }
            DeskCommand::TakeOver => self.take_over()?,
            DeskCommand::Media(step) => self.view.card.step_media(step),
            DeskCommand::Video(VideoCommand::InsertTime) => self.insert_time()?,
            DeskCommand::Video(command) => self.view.card.video.apply(&command),
        }
        Ok(())
    }
}

#[derive(Default)]
pub struct DeskView {
    pub queue: queue::QueueView,
    pub form: form::FormView,
    card: card::CardView,
    show_codebook: bool,
    /// "Review my training" is open.
    show_review: bool,
    /// A passing message in the status line.
    pub message: Option<String>,
    /// (done, partial, not started) for a session revision: counting walks the whole queue.
    counts: Option<(u64, (usize, usize, usize))>,
}

impl DeskView {
    /// The unit's video player, while the card shows a video.
    pub fn video_player(&self) -> Option<&crate::video::Player> {
        self.card.video.player()
    }
}

/// The most of the window's width the queue or the form may take.
const SIDE_PANEL_SHARE: f32 = 0.27;

/// Rows PageUp and PageDown move through the queue.
const QUEUE_PAGE: usize = 20;

fn key_for(c: char) -> Option<Key> {
    Key::from_name(&c.to_ascii_uppercase().to_string())
}

impl DeskView {
    /// Keys the desk handles itself. Text fields keep their keys, except the ones that move on.
    /// Read before anything of the frame is drawn (the top bar included): a button that has
    /// egui's focus would otherwise take Enter or Space as its own click first.
    pub fn keyboard(
        &mut self,
        ctx: &egui::Context,
        session: &DeskSession,
        unit: Option<&Unit>,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        // An enlarged picture takes the keys (← → Esc) until it is closed.
        if self.card.viewer_open() {
            return commands;
        }
        let consume = |modifiers: Modifiers, key: Key| {
            let taken = ctx.input_mut(|i| consume_exactly(i, modifiers, key));
            if taken && matches!(key, Key::Tab | Key::ArrowUp | Key::ArrowDown) {
                // The desk's key, not egui's move of the focus to a neighbouring widget (which
                // took a focused field's cursor on to the note).
                ctx.memory_mut(|memory| memory.move_focus(egui::FocusDirection::None));
            }
            taken
        };
        if consume(Modifiers::COMMAND, Key::F) {
            self.queue.focus_filter = true;
        }
        if consume(Modifiers::NONE, Key::F1) {
            self.show_codebook = !self.show_codebook;
        }
        if consume(Modifiers::COMMAND, Key::ArrowRight) {
            commands.push(DeskCommand::Step(1).into());
        }
        if consume(Modifiers::COMMAND, Key::ArrowLeft) {
            commands.push(DeskCommand::Step(-1).into());
        }
        // A field left by moving to another unit lets go of the keys before they are read: the
        // next key is the desk's, not typing (or egui's undo) in the field of the unit left.
        if self.form.leave_field && self.form.editing() {
            ctx.memory_mut(egui::Memory::stop_text_input);
        }
        let in_text = ctx.text_edit_focused();
        commands.extend(video_keys(&consume, in_text));
        if in_text {
            // Tab and Enter leave a form field (its value is saved as it loses focus).
            if self.form.editing() {
                // A one-line number field has no use for ↑ ↓: they move on, as everywhere else
                // on the desk (leaving the field saves it).
                let in_number = self
                    .form
                    .current_variable(session)
                    .is_some_and(|v| v.kind == Kind::Number);
                if in_number && consume(Modifiers::NONE, Key::ArrowDown) {
                    self.form.move_variable(session, 1, true);
                }
                if in_number && consume(Modifiers::NONE, Key::ArrowUp) {
                    self.form.move_variable(session, -1, true);
                }
                if consume(Modifiers::NONE, Key::Tab) {
                    self.form.move_variable(session, 1, true);
                }
                if consume(Modifiers::SHIFT, Key::Tab) {
                    self.form.move_variable(session, -1, true);
                }
                if consume(Modifiers::NONE, Key::Escape) {
                    self.form.leave_field = true;
                }
            }
            return commands;
        }
        if consume(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)
            || consume(Modifiers::COMMAND, Key::Y)
        {
            commands.push(DeskCommand::Redo.into());
        }
        if consume(Modifiers::COMMAND, Key::Z) {
            commands.push(DeskCommand::Undo.into());
        }
        if consume(Modifiers::NONE, Key::Enter) {
            commands.push(DeskCommand::NextNotDone.into());
        }
        // Through the queue as filtered: a page at a time, or to either end.
        let current = unit
            .and_then(|u| session.queue_position(&u.uid))
            .unwrap_or(0);
        let queue = &self.queue;
        let targets: [(Key, &dyn Fn() -> Option<usize>); 4] = [
            (Key::PageDown, &|| queue.page_from(current, 1, QUEUE_PAGE)),
            (Key::PageUp, &|| queue.page_from(current, -1, QUEUE_PAGE)),
            (Key::Home, &|| queue.end(false)),
            (Key::End, &|| queue.end(true)),
        ];
        for (key, target) in targets {
            // Worked out only for a key pressed, and the key left to others when there is
            // nowhere to go.
            if ctx.input(|i| i.key_pressed(key))
                && let Some(target) = target()
                && consume(Modifiers::NONE, key)
            {
                commands.push(DeskCommand::Select(target).into());
            }
        }
        for (modifiers, key, step) in [
            (Modifiers::NONE, Key::ArrowDown, 1),
            (Modifiers::NONE, Key::Tab, 1),
            (Modifiers::NONE, Key::ArrowUp, -1),
            (Modifiers::SHIFT, Key::Tab, -1),
        ] {
            if consume(modifiers, key) {
                self.form.move_variable(session, step, true);
            }
        }
        if consume(Modifiers::NONE, Key::ArrowRight) {
            self.form.move_cursor(session, 1);
        }
        if consume(Modifiers::NONE, Key::ArrowLeft) {
            self.form.move_cursor(session, -1);
        }
        let Some(variable) = self.form.current_variable(session).cloned() else {
            return commands;
        };
        let Some(unit) = unit else {
            return commands;
        };
        if consume(Modifiers::NONE, Key::Space)
            && let Some(code) = self.form.cursor_code(&variable)
        {
            commands.push(pick(&unit.uid, &variable.key, variable.kind, code).into());
        }
        if variable.kind.has_values() {
            for (code, key) in value_keys(&variable) {
                if let Some(key) = key.and_then(key_for)
                    && consume(Modifiers::NONE, key)
                {
                    self.form.set_cursor(&variable, code);
                    commands.push(pick(&unit.uid, &variable.key, variable.kind, code).into());
                }
            }
        }
        commands
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        session: &DeskSession,
        current: usize,
        unit: Option<&Unit>,
        images: &mut ImageLoader,
        prefs: video::VideoPrefs,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::Panel::bottom("status-line").show(ui, |ui| self.status_line(ui, session));
        // Side panels in proportion to the window, each at most 27 % of it, so that the card
        // keeps at least 45 % from 900 px up — also after the window shrinks, or a panel was
        // dragged wider in a larger window (egui remembers a panel's width).
        let width = ui.available_width();
        egui::Panel::left("queue")
            .resizable(true)
            .default_size((width * 0.26).clamp(200.0, 420.0))
            .min_size(200.0)
            .max_size((width * SIDE_PANEL_SHARE).max(200.0))
            .show(ui, |ui| {
                commands.extend(self.queue.show(ui, session, current))
            });
        egui::Panel::right("coding-form")
            .resizable(true)
            .default_size((width * SIDE_PANEL_SHARE).clamp(240.0, 440.0))
            .min_size(240.0)
            .max_size((width * SIDE_PANEL_SHARE).max(240.0))
            .show(ui, |ui| {
                // Read-only (another window holds this coder's desk): the form shows the codes
                // but takes no clicks; the banner above says how to take over.
                let closed = unit.and_then(|u| session.closed_training(&u.uid));
                if let Some(round) = closed {
                    ui.label(
                        egui::RichText::new(crate::tr!("desk-training-closed", round = round))
                            .color(ui.visuals().warn_fg_color),
                    );
                }
                if session.read_only().is_some() || session.offline().is_some() || closed.is_some()
                {
                    ui.disable();
                }
                commands.extend(self.form.show(ui, session, unit));
            });
        // A floating window over the card rather than a third panel that would squeeze it.
        let mut open = self.show_codebook;
        egui::Window::new(crate::tr!("desk-codebook-window"))
            .open(&mut open)
            .default_pos(egui::pos2(ui.max_rect().center().x - 210.0, 60.0))
            .default_size([420.0, 520.0])
            .show(ui.ctx(), |ui| form::codebook_panel(ui, session.codebook()));
        self.show_codebook = open;
        let mut open = self.show_review;
        egui::Window::new(crate::tr!("review-window", coder = session.coder()))
            .open(&mut open)
            .default_pos(egui::pos2(ui.max_rect().center().x - 240.0, 60.0))
            .default_size([480.0, 520.0])
            .show(ui.ctx(), |ui| commands.extend(review::show(ui, session)));
        self.show_review = open;
        egui::CentralPanel::default().show(ui, |ui| match unit {
            Some(unit) => commands.extend(self.card.show(
                ui,
                &session.project().base_dir(),
                unit,
                images,
                prefs,
            )),
            None if session.queue().is_empty() => {
                ui.label(crate::tr!("desk-no-unit"));
            }
            None => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    crate::tr!("desk-unit-unreadable-card"),
                );
            }
        });
        commands
    }

    fn status_line(&mut self, ui: &mut egui::Ui, session: &DeskSession) {
        let revision = session.revision();
        let (done, partial, not_started) = match self.counts {
            Some((seen, counts)) if seen == revision => counts,
            _ => {
                let counts = session.counts();
                self.counts = Some((revision, counts));
                counts
            }
        };
        let total = session.queue().len().max(1);
        // Wraps onto a second line in a narrow window rather than cutting the key hints off.
        ui.horizontal_wrapped(|ui| {
            ui.add(
                egui::ProgressBar::new(done as f32 / total as f32)
                    .desired_width(200.0)
                    .text(crate::tr!(
                        "desk-progress",
                        done = crate::format::grouped(done as i64),
                        total = crate::format::grouped(session.queue().len() as i64)
                    )),
            );
            ui.label(crate::tr!(
                "desk-partial-not-started",
                partial = crate::format::grouped(partial as i64),
                not_started = crate::format::grouped(not_started as i64)
            ));
            ui.separator();
            match session.last_saved() {
                Some(time) => ui.label(crate::tr!(
                    "desk-saved-at",
                    time = time.format("%H:%M:%S").to_string()
                )),
                None => ui.label(crate::tr!("desk-saved-at-once")),
            };
            if self.form.editing() {
                ui.label(crate::tr!("desk-editing"));
            }
            if let Some(message) = &self.message {
                ui.separator();
                ui.label(message);
            }
            if !session.training().is_empty() {
                ui.separator();
                if ui
                    .selectable_label(self.show_review, crate::tr!("desk-review-training"))
                    .clicked()
                {
                    self.show_review = !self.show_review;
                }
            }
            ui.separator();
            ui.small(crate::tr!("desk-key-hints"));
        });
    }
}

/// Takes a key pressed with exactly these modifiers out of the frame's input. egui's
/// `consume_key` ignores an extra Shift or Alt, so Shift+Tab was taken as Tab (the next
/// variable, not the previous one) and Ctrl+Shift+Z as Ctrl+Z.
fn consume_exactly(input: &mut egui::InputState, modifiers: Modifiers, key: Key) -> bool {
    let before = input.events.len();
    input.events.retain(|event| {
        !matches!(
            event,
            egui::Event::Key {
                key: pressed,
                modifiers: held,
                pressed: true,
                ..
            } if *pressed == key && held.matches_exact(modifiers)
        )
    });
    input.events.len() != before
}

/// The player's keys (see `video::KEYS`): none is a coding key, so a unit can be coded while its
/// video plays. In a text field only the Ctrl ones work (Alt+arrows move the text cursor there).
fn video_keys(consume: &impl Fn(Modifiers, Key) -> bool, in_text: bool) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut video = |command| commands.push(DeskCommand::Video(command).into());
    if consume(Modifiers::COMMAND, Key::Space) {
        video(VideoCommand::Toggle);
    }
    if consume(Modifiers::COMMAND, Key::M) {
        video(VideoCommand::Mute);
    }
    if consume(Modifiers::COMMAND, Key::E) {
        video(VideoCommand::Large);
    }
    if consume(Modifiers::COMMAND, Key::T) {
        video(VideoCommand::InsertTime);
    }
    if in_text {
        return commands;
    }
    let alt_shift = Modifiers::ALT | Modifiers::SHIFT;
    for (modifiers, key, command) in [
        (alt_shift, Key::ArrowLeft, VideoCommand::Skip(-1.0)),
        (alt_shift, Key::ArrowRight, VideoCommand::Skip(1.0)),
        (Modifiers::ALT, Key::ArrowLeft, VideoCommand::Skip(-5.0)),
        (Modifiers::ALT, Key::ArrowRight, VideoCommand::Skip(5.0)),
        (Modifiers::ALT, Key::Comma, VideoCommand::Step(-1)),
        (Modifiers::ALT, Key::Period, VideoCommand::Step(1)),
        (Modifiers::ALT, Key::ArrowDown, VideoCommand::Speed(-1)),
        (Modifiers::ALT, Key::ArrowUp, VideoCommand::Speed(1)),
    ] {
        if consume(modifiers, key) {
            video(command);
        }
    }
    if consume(Modifiers::COMMAND, Key::PageUp) {
        commands.push(DeskCommand::Media(-1).into());
    }
    if consume(Modifiers::COMMAND, Key::PageDown) {
        commands.push(DeskCommand::Media(1).into());
    }
    commands
}

/// The command a key or a click on value `code` means for a variable of a unit.
fn pick(unit: &str, variable: &str, kind: Kind, code: i64) -> DeskCommand {
    match kind {
        Kind::Multi => DeskCommand::Toggle {
            unit: unit.to_owned(),
            variable: variable.to_owned(),
            code,
        },
        Kind::Single | Kind::Number | Kind::Text => DeskCommand::SetAnswer {
            unit: unit.to_owned(),
            variable: variable.to_owned(),
            answer: Some(Answer::Code(code)),
        },
    }
}
