//! The unit card: its pictures and video one at a time (the video plays here, with sound), the
//! button to open the original post, metadata and the caption.

use std::path::{Path, PathBuf};

use super::video::{VideoPrefs, VideoStage};
use crate::format::grouped;
use crate::model::{ExtraValue, MediaKind, Unit, format_number};
use crate::ui::command::{AppCommand, Command, DeskCommand};
use crate::ui::images::{ImageLoader, Picture};

#[derive(Default)]
pub struct CardView {
    /// The enlarged picture, when one is open.
    viewer: Option<Viewer>,
    /// The pictures of the unit shown last, for the viewer's arrows.
    pictures: Vec<PathBuf>,
    /// The unit's video, when its media shown is a video.
    pub video: VideoStage,
    /// Which of the unit's media the card shows (pictures and videos, one at a time); `None`:
    /// the unit's first video, or its first picture.
    media: Option<usize>,
    /// How many media the unit shown has.
    media_count: usize,
}

/// A picture enlarged over the window: zoomed with the wheel, panned by dragging.
struct Viewer {
    index: usize,
    zoom: f32,
    offset: egui::Vec2,
}

impl Viewer {
    fn at(index: usize) -> Viewer {
        Viewer {
            index,
            zoom: 1.0,
            offset: egui::Vec2::ZERO,
        }
    }
}

/// A picture at most `max` in size (aspect kept, never enlarged beyond 4×); a click on it opens the
/// viewer.
fn picture(
    ui: &mut egui::Ui,
    images: &mut ImageLoader,
    path: &std::path::Path,
    max: egui::Vec2,
) -> bool {
    match images.get(path) {
        Picture::Ready(texture) => {
            let size = texture.size_vec2();
            let scale = (max.x / size.x).min(max.y / size.y).min(4.0);
            let response = ui
                .add(
                    egui::Image::new(texture)
                        .fit_to_exact_size(size * scale)
                        .alt_text(crate::tr!(
                            "card-picture-alt",
                            name = path.file_name().map_or_else(
                                || path.display().to_string(),
                                |name| name.to_string_lossy().into_owned()
                            )
                        ))
                        .sense(egui::Sense::click()),
                )
                .on_hover_text(crate::tr!(
                    "card-click-to-enlarge",
                    path = path.display().to_string()
                ));
            response.clicked()
        }
        Picture::Loading => {
            let height = max.y.min(max.x * 1.6);
            let (rect, _) =
                ui.allocate_exact_size(egui::vec2(height * 0.6, height), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 4.0, ui.visuals().faint_bg_color);
            ui.put(rect, egui::Spinner::new());
            false
        }
        Picture::Failed(message) => {
            ui.label(crate::tr!(
                "card-cannot-show",
                path = path.display().to_string(),
                reason = message.to_string()
            ));
            false
        }
    }
}

impl CardView {
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        base: &Path,
        unit: &Unit,
        images: &mut ImageLoader,
        prefs: VideoPrefs,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::ScrollArea::vertical().show(ui, |ui| {
            // A long id or title stays on one line (whole on hover, and in the fields below).
            let heading = unit.title.as_deref().unwrap_or(&unit.uid);
            ui.add(egui::Label::new(egui::RichText::new(heading).heading()).truncate())
                .on_hover_text(heading);
            let local: Vec<(PathBuf, MediaKind)> = unit
                .media
                .iter()
                .filter(|m| !is_remote(&m.path))
                .map(|m| (base.join(&m.path), m.kind))
                .collect();
            self.media_count = local.len();
            let shown = self
                .media
                .unwrap_or_else(|| {
                    local
                        .iter()
                        .position(|(_, kind)| *kind == MediaKind::Video)
                        .unwrap_or(0)
                })
                .min(local.len().saturating_sub(1));
            self.media = Some(shown);
            let pictures: Vec<PathBuf> = local
                .iter()
                .filter(|(_, kind)| *kind == MediaKind::Image)
                .map(|(path, _)| path.clone())
                .collect();
            if self.pictures != pictures {
                self.pictures = pictures;
                // Another unit: an open viewer would show the wrong picture.
                self.viewer = None;
            }
            if local.len() > 1 {
                self.pager(ui, &local, &mut commands);
            }
            // The stage: the card's width, up to 55% of its height (all of it in the large view).
            let stage = if self.video.large {
                egui::vec2(ui.available_width(), ui.available_height() - 120.0)
            } else {
                egui::vec2(
                    ui.available_width(),
                    (ui.available_height() * 0.55).max(220.0),
                )
            };
            match local.get(shown) {
                None if unit.media.is_empty() => {
                    self.video.stop();
                    ui.label(crate::tr!("card-no-media"));
                }
                None => self.video.stop(),
                Some((path, MediaKind::Image)) => {
                    self.video.stop();
                    if picture(ui, images, path, stage) {
                        self.viewer = self.pictures.iter().position(|p| p == path).map(Viewer::at);
                    }
                }
                Some((path, MediaKind::Video)) => {
                    self.video.show(ui, path, stage, prefs, &mut commands);
                }
            }
            if self.video.large {
                return;
            }
            ui.horizontal_wrapped(|ui| {
                for remote in unit.media.iter().filter(|m| is_remote(&m.path)) {
                    let what = match remote.kind {
                        MediaKind::Video => crate::tr!("card-open-video-browser"),
                        MediaKind::Image => crate::tr!("card-open-picture-browser"),
                    };
                    if ui.button(what).on_hover_text(&remote.path).clicked() {
                        commands.push(AppCommand::OpenUrl(remote.path.clone()).into());
                    }
                }
                if let Some(url) = &unit.url
                    && ui
                        .button(crate::tr!("card-open-original"))
                        .on_hover_text(url)
                        .clicked()
                {
                    commands.push(AppCommand::OpenUrl(url.clone()).into());
                }
            });
            ui.separator();
            egui::Grid::new("metadata")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    let mut row = |name: &str, value: Option<String>| {
                        if let Some(value) = value {
                            ui.label(name);
                            ui.label(value);
                            ui.end_row();
                        }
                    };
                    row(&crate::tr!("field-id"), Some(unit.uid.clone()));
                    row(&crate::tr!("field-platform"), unit.platform.clone());
                    row(&crate::tr!("field-account"), unit.account.clone());
                    row(
                        &crate::tr!("field-published"),
                        unit.published_at.as_deref().map(crate::format::published),
                    );
                    row(
                        &crate::tr!("field-duration"),
                        unit.duration_s
                            .map(|d| crate::tr!("card-seconds", seconds = format_number(d))),
                    );
                    row(&crate::tr!("field-plays"), unit.plays.map(grouped));
                    row(&crate::tr!("field-likes"), unit.likes.map(grouped));
                    row(&crate::tr!("field-comments"), unit.comments.map(grouped));
                    row(&crate::tr!("field-shares"), unit.shares.map(grouped));
                    row(&crate::tr!("field-favourites"), unit.favorites.map(grouped));
                    for (name, value) in &unit.extra {
                        row(
                            name,
                            Some(match value {
                                ExtraValue::Number(n) => format_number(*n),
                                ExtraValue::Text(t) => t.clone(),
                            }),
                        );
                    }
                });
            if let Some(caption) = &unit.caption {
                ui.separator();
                ui.strong(crate::tr!("card-caption"));
                ui.add(egui::Label::new(caption).selectable(true).wrap());
            }
        });
        self.show_viewer(ui.ctx(), images);
        commands
    }

    /// Whether a picture is enlarged (the desk's keys wait while it is).
    pub fn viewer_open(&self) -> bool {
        self.viewer.is_some()
    }

    /// Leaves the unit: the viewer closes, the video stops (its place is remembered), the first
    /// of the next unit's media will show.
    pub fn leave_unit(&mut self) {
        self.viewer = None;
        self.video.stop();
        self.media = None;
    }

    /// Shows the unit's previous (−1) or next (+1) picture or video.
    pub fn step_media(&mut self, step: i32) {
        if self.media_count > 1 {
            let count = self.media_count as i64;
            let at = self.media.unwrap_or(0) as i64;
            self.media = Some((at + i64::from(step)).rem_euclid(count) as usize);
        }
    }

    /// "‹ 2 of 3 ›" over the stage, with what each one is.
    fn pager(
        &self,
        ui: &mut egui::Ui,
        media: &[(PathBuf, MediaKind)],
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            if ui
                .small_button("‹")
                .on_hover_text(crate::tr!("card-previous-media"))
                .clicked()
            {
                commands.push(DeskCommand::Media(-1).into());
            }
            let at = self.media.unwrap_or(0);
            let kind = match media.get(at).map(|(_, kind)| *kind) {
                Some(MediaKind::Video) => crate::tr!("card-kind-video"),
                Some(MediaKind::Image) | None => crate::tr!("card-kind-picture"),
            };
            ui.label(crate::tr!(
                "card-media-position",
                kind = kind,
                at = at + 1,
                count = media.len()
            ));
            if ui
                .small_button("›")
                .on_hover_text(crate::tr!("card-next-media"))
                .clicked()
            {
                commands.push(DeskCommand::Media(1).into());
            }
        });
    }

    /// The enlarged picture over the whole window: wheel zooms, dragging pans, ← → go through the
    /// unit's pictures, Esc (or a click outside the picture, or ×) closes.
    fn show_viewer(&mut self, ctx: &egui::Context, images: &mut ImageLoader) {
        let count = self.pictures.len();
        let Some(viewer) = self.viewer.as_mut() else {
            return;
        };
        if count == 0 {
            self.viewer = None;
            return;
        }
        let mut close = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowRight)) {
            *viewer = Viewer::at((viewer.index + 1) % count);
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowLeft)) {
            *viewer = Viewer::at((viewer.index + count - 1) % count);
        }
        let path = self.pictures[viewer.index.min(count - 1)].clone();
        let screen = ctx.content_rect();
        egui::Area::new(egui::Id::unique("picture-viewer"))
            .order(egui::Order::Foreground)
            .fixed_pos(screen.min)
            .show(ctx, |ui| {
                let (area, backdrop) = ui.allocate_exact_size(screen.size(), egui::Sense::click());
                ui.painter()
                    .rect_filled(area, 0.0, egui::Color32::from_black_alpha(220));
                if let Picture::Ready(texture) = images.get(&path) {
                    let size = texture.size_vec2();
                    let fit = ((area.width() - 80.0) / size.x).min((area.height() - 80.0) / size.y);
                    let scroll = ui.input(|i| i.smooth_scroll_delta.y);
                    if scroll != 0.0 {
                        viewer.zoom = (viewer.zoom * (1.0 + scroll / 400.0)).clamp(1.0, 8.0);
                    }
                    let shown = size * fit * viewer.zoom;
                    let rect = egui::Rect::from_center_size(area.center() + viewer.offset, shown);
                    let image = ui.put(
                        rect,
                        egui::Image::new(texture)
                            .fit_to_exact_size(shown)
                            .sense(egui::Sense::click_and_drag()),
                    );
                    if image.dragged() {
                        viewer.offset += image.drag_delta();
                    }
                    if viewer.zoom == 1.0 {
                        viewer.offset = egui::Vec2::ZERO;
                    }
                }
                let caption = crate::tr!(
                    "card-viewer-hint",
                    at = viewer.index + 1,
                    count = count,
                    zoom = format!("{:.0}", viewer.zoom * 100.0)
                );
                ui.put(
                    egui::Rect::from_min_size(
                        area.left_bottom() - egui::vec2(-16.0, 32.0),
                        egui::vec2(area.width() - 32.0, 24.0),
                    ),
                    egui::Label::new(egui::RichText::new(caption).color(egui::Color32::WHITE)),
                );
                let close_button = ui.put(
                    egui::Rect::from_min_size(
                        area.right_top() + egui::vec2(-48.0, 12.0),
                        egui::vec2(36.0, 28.0),
                    ),
                    egui::Button::new("×"),
                );
                close |= close_button.clicked() || backdrop.clicked();
            });
        if close {
            self.viewer = None;
        }
    }
}

/// Media on the web are opened in the browser, never downloaded.
fn is_remote(path: &str) -> bool {
    let lower = path.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}
