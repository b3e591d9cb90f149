//! A unit's video in the card: the picture at the card's size and the controls under it. The
//! playback state is the GUI-free [`Player`]; this view draws its frame, turns clicks into
//! [`VideoCommand`]s and applies them (keys arrive the same way from the desk).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::ui::command::{AppCommand, Command, DeskCommand, VideoCommand};
use crate::video::{INSTALL_HINT, Player, SPEEDS, Tools};

/// The largest picture decoded for the card (a 1080×1920 clip is shown at 540×960 at most).
const DECODE_BOX: (u32, u32) = (540, 960);

/// The keys the player answers to, as the card and the README list them. None of them is a
/// coding key (digits, letters, arrows, Space, Enter).
pub fn keys() -> String {
    crate::tr!("video-keys")
}

/// What the window remembers about video for the session and asks of the player.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VideoPrefs {
    pub loop_short: bool,
    pub autoplay: bool,
}

pub struct VideoStage {
    tools: Option<Tools>,
    player: Option<Player>,
    texture: Option<(u64, egui::TextureHandle)>,
    /// Where each video was left, for this session.
    positions: HashMap<PathBuf, f64>,
    /// The card enlarged over the window.
    pub large: bool,
    speed: f64,
    volume: f64,
    muted: bool,
    /// When the video shown now was opened.
    opened: Option<std::time::Instant>,
    /// Until when frames are drawn although the video is paused: a seek or step decodes its
    /// picture on another thread, and it must show without waiting for the mouse to move.
    awake_until: Option<std::time::Instant>,
}

/// How long a paused video keeps being drawn after a change.
const AWAKE_AFTER_CHANGE: std::time::Duration = std::time::Duration::from_secs(1);

/// Clicks on the picture count from this long after it appeared.
const CLICK_SETTLE: std::time::Duration = std::time::Duration::from_millis(400);

impl Default for VideoStage {
    fn default() -> Self {
        VideoStage {
            tools: Tools::find(),
            player: None,
            texture: None,
            positions: HashMap::new(),
            large: false,
            speed: 1.0,
            volume: 1.0,
            muted: false,
            opened: None,
            awake_until: None,
        }
    }
}

impl VideoStage {
    /// Stops the video (leaving the unit), remembering where it was.
    pub fn stop(&mut self) {
        if let Some(player) = self.player.take() {
            self.positions
                .insert(player.path().to_owned(), player.position());
        }
        self.texture = None;
        self.large = false;
    }

    pub fn player(&self) -> Option<&Player> {
        self.player.as_ref()
    }

    /// The position as a note marks it, e.g. `[0:12]`.
    pub fn time_stamp(&self) -> Option<String> {
        self.player
            .as_ref()
            .map(|p| format!("[{}]", crate::format::clock_fine(p.position())))
    }

    pub fn apply(&mut self, command: &VideoCommand) {
        self.awake_until = Some(std::time::Instant::now() + AWAKE_AFTER_CHANGE);
        if let VideoCommand::Large = command {
            self.large = !self.large;
            return;
        }
        let Some(player) = &mut self.player else {
            return;
        };
        match *command {
            VideoCommand::Toggle => player.toggle(),
            VideoCommand::Skip(seconds) => player.skip(seconds),
            VideoCommand::Seek(at) => player.seek(at),
            VideoCommand::Step(frames) => player.step(frames),
            VideoCommand::Speed(direction) => {
                player.step_speed(direction);
                self.speed = player.speed();
            }
            VideoCommand::SetSpeed(speed) => {
                player.set_speed(speed);
                self.speed = player.speed();
            }
            VideoCommand::Mute => {
                self.muted = !player.muted();
                player.set_muted(self.muted);
            }
            VideoCommand::SetVolume(volume) => {
                self.volume = volume;
                player.set_volume(volume);
            }
            VideoCommand::SetLoop(on) => player.set_looping(on),
            // Handled above and by the desk (it writes the note).
            VideoCommand::Large | VideoCommand::InsertTime => {}
        }
    }

    /// Draws the video at `path` within `size`; opens it (where it was left) if it is new.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        path: &Path,
        size: egui::Vec2,
        prefs: VideoPrefs,
        commands: &mut Vec<Command>,
    ) {
        let Some(tools) = self.tools.clone() else {
            ui.label(crate::tr!("video-no-ffmpeg", hint = INSTALL_HINT));
            if ui.button(crate::tr!("video-system-player")).clicked() {
                commands.push(AppCommand::OpenFile(path.to_owned()).into());
            }
            return;
        };
        if self.player.as_ref().is_none_or(|p| p.path() != path) {
            self.stop();
            let mut player = Player::open(&tools, path, DECODE_BOX);
            player.set_speed(self.speed);
            player.set_volume(self.volume);
            player.set_muted(self.muted);
            if let Some(at) = self.positions.get(path) {
                player.resume_at(*at);
            }
            if prefs.autoplay {
                player.play();
            }
            self.player = Some(player);
            self.opened = Some(std::time::Instant::now());
            self.awake_until = Some(std::time::Instant::now() + AWAKE_AFTER_CHANGE);
        }
        let Some(player) = &mut self.player else {
            return;
        };
        player.set_loop_short(prefs.loop_short);
        player.tick();
        if let Some(problem) = player.problem() {
            ui.colored_label(ui.visuals().error_fg_color, problem.to_owned());
            if ui.button(crate::tr!("video-system-player")).clicked() {
                commands.push(AppCommand::OpenFile(path.to_owned()).into());
            }
            return;
        }
        // The picture: uploaded only when it changed.
        if let Some(frame) = player.frame() {
            let fresh = self
                .texture
                .as_ref()
                .is_none_or(|(serial, _)| *serial != player.serial());
            if fresh {
                let image = egui::ColorImage::from_rgba_unmultiplied(
                    [frame.width, frame.height],
                    &frame.rgba,
                );
                match &mut self.texture {
                    Some((serial, texture)) => {
                        texture.set(image, egui::TextureOptions::LINEAR);
                        *serial = player.serial();
                    }
                    None => {
                        let texture = ui.ctx().load_texture(
                            "unit-video",
                            image,
                            egui::TextureOptions::LINEAR,
                        );
                        self.texture = Some((player.serial(), texture));
                    }
                }
            }
        }
        let playing = player.is_playing();
        match &self.texture {
            Some((_, texture)) => {
                let shown = texture.size_vec2();
                let scale = (size.x / shown.x).min(size.y / shown.y);
                let response = ui.add(
                    egui::Image::new(texture)
                        .fit_to_exact_size(shown * scale)
                        .alt_text(crate::tr!("video-alt"))
                        .sense(egui::Sense::click()),
                );
                // A click that began on the previous screen (the coder picker's button, the
                // previous unit's link) must not start the video it lands on.
                let settled = self
                    .opened
                    .is_some_and(|opened| opened.elapsed() > CLICK_SETTLE);
                if response.clicked_by(egui::PointerButton::Primary) && settled {
                    commands.push(DeskCommand::Video(VideoCommand::Toggle).into());
                }
            }
            None => {
                let (rect, _) = ui.allocate_exact_size(
                    egui::vec2(size.y * 9.0 / 16.0, size.y).min(size),
                    egui::Sense::hover(),
                );
                ui.painter().rect_filled(rect, 4.0, egui::Color32::BLACK);
                ui.put(rect, egui::Spinner::new());
            }
        }
        controls(ui, player, commands);
        let awake = self
            .awake_until
            .is_some_and(|until| std::time::Instant::now() < until);
        if playing || awake {
            // The next frame is due in at most a frame's time.
            let fps = player.info().map_or(25.0, |i| i.fps);
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(0.5 / fps));
        }
    }
}

/// The controls under the picture: play, seek bar and time, skips, frame steps, speed, sound,
/// loop, large view, time into the note.
fn controls(ui: &mut egui::Ui, player: &Player, commands: &mut Vec<Command>) {
    let mut video = |command: VideoCommand| commands.push(DeskCommand::Video(command).into());
    let duration = player.duration().unwrap_or(0.0);
    ui.horizontal(|ui| {
        let label = if player.is_playing() {
            crate::tr!("video-pause")
        } else {
            crate::tr!("video-play")
        };
        if ui
            .button(label)
            .on_hover_text(crate::tr!("video-play-hint"))
            .clicked()
        {
            video(VideoCommand::Toggle);
        }
        let mut at = player.position();
        let time = format!(
            "{} / {}",
            crate::format::clock_fine(player.position()),
            crate::format::clock(duration)
        );
        // The seek bar takes what the time beside it leaves, measured: a guess that was a few
        // pixels short widened the whole card and pushed its right edge out of sight.
        let time_width = ui
            .painter()
            .layout_no_wrap(
                time.clone(),
                egui::TextStyle::Monospace.resolve(ui.style()),
                egui::Color32::PLACEHOLDER,
            )
            .size()
            .x;
        let spacing = ui.spacing().item_spacing.x;
        let handle = ui.spacing().interact_size.y;
        let width = (ui.available_width() - time_width - 2.0 * spacing - handle).max(80.0);
        ui.spacing_mut().slider_width = width;
        let seek = ui.add(
            egui::Slider::new(&mut at, 0.0..=duration.max(0.01))
                .show_value(false)
                .trailing_fill(true),
        );
        if seek.changed() {
            video(VideoCommand::Seek(at));
        }
        ui.monospace(time);
    });
    ui.horizontal_wrapped(|ui| {
        for (text, seconds, hint) in [
            (crate::tr!("video-back-5"), -5.0, "Alt+←"),
            (crate::tr!("video-back-1"), -1.0, "Alt+Shift+←"),
            (crate::tr!("video-forward-1"), 1.0, "Alt+Shift+→"),
            (crate::tr!("video-forward-5"), 5.0, "Alt+→"),
        ] {
            if ui.small_button(text).on_hover_text(hint).clicked() {
                video(VideoCommand::Skip(seconds));
            }
        }
        // A gap, not a separator: a vertical separator in a wrapping row takes the row's
        // full height and upset where the row wraps (seen in Chinese at 900 px).
        ui.add_space(8.0);
        if ui
            .small_button(crate::tr!("video-frame-back"))
            .on_hover_text(crate::tr!("video-frame-back-hint"))
            .clicked()
        {
            video(VideoCommand::Step(-1));
        }
        if ui
            .small_button(crate::tr!("video-frame-forward"))
            .on_hover_text(crate::tr!("video-frame-forward-hint"))
            .clicked()
        {
            video(VideoCommand::Step(1));
        }
        ui.add_space(8.0);
        let speed = player.speed();
        egui::ComboBox::from_id_salt("video-speed")
            .selected_text(format!("{speed}×"))
            .width(64.0)
            .show_ui(ui, |ui| {
                for choice in SPEEDS {
                    if ui
                        .selectable_label((choice - speed).abs() < 1e-6, format!("{choice}×"))
                        .clicked()
                    {
                        video(VideoCommand::SetSpeed(choice));
                    }
                }
            })
            .response
            .on_hover_text(crate::tr!("video-speed-hint"));
        // Mute and volume as one piece of a known width: a slider is laid out in a nested row,
        // which a wrapping row cannot move to the next line, so the piece is placed (or wrapped)
        // as a whole.
        let mute_text = crate::tr!("video-mute");
        let text_width = ui
            .painter()
            .layout_no_wrap(
                mute_text.clone(),
                egui::TextStyle::Button.resolve(ui.style()),
                egui::Color32::PLACEHOLDER,
            )
            .size()
            .x;
        let spacing = ui.spacing();
        let volume_width = 64.0;
        let piece = egui::vec2(
            spacing.icon_width
                + spacing.icon_spacing
                + text_width
                + spacing.item_spacing.x
                + volume_width
                + spacing.interact_size.y,
            spacing.interact_size.y,
        );
        ui.allocate_ui(piece, |ui| {
            ui.horizontal(|ui| {
                let mut muted = player.muted();
                if ui
                    .checkbox(&mut muted, mute_text)
                    .on_hover_text("Ctrl+M")
                    .changed()
                {
                    video(VideoCommand::Mute);
                }
                let mut volume = player.volume();
                ui.spacing_mut().slider_width = volume_width;
                let slider = ui
                    .add(egui::Slider::new(&mut volume, 0.0..=1.0).show_value(false))
                    .on_hover_text(crate::tr!("video-volume"));
                // A new sound process per change: only when the slider is let go.
                if slider.drag_stopped() || (slider.changed() && !slider.dragged()) {
                    video(VideoCommand::SetVolume(volume));
                }
            });
        });
        let mut looping = player.looping();
        if ui
            .checkbox(&mut looping, crate::tr!("video-loop"))
            .changed()
        {
            video(VideoCommand::SetLoop(looping));
        }
        ui.add_space(8.0);
        if ui
            .small_button(crate::tr!("video-large"))
            .on_hover_text("Ctrl+E")
            .clicked()
        {
            video(VideoCommand::Large);
        }
        if ui
            .small_button(crate::tr!("video-insert-time"))
            .on_hover_text(crate::tr!("video-insert-time-hint"))
            .clicked()
        {
            video(VideoCommand::InsertTime);
        }
    });
    if let Some(problem) = player.audio_problem() {
        ui.colored_label(ui.visuals().warn_fg_color, problem.to_owned());
    }
    ui.small(keys());
}
