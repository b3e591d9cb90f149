//! The unit card: pictures (or video keyframes), the buttons to play or open the original,
//! metadata and the caption.

use std::path::{Path, PathBuf};

use crate::format::grouped;
use crate::model::{ExtraValue, MediaKind, Unit, format_number};
use crate::ui::command::{AppCommand, Command};
use crate::ui::images::{ImageLoader, KeyframeState, Picture};

#[derive(Default)]
pub struct CardView {
    /// The enlarged picture, when one is open.
    viewer: Option<Viewer>,
    /// The pictures of the unit shown last (images, then video keyframes), for the viewer's
    /// arrows.
    pictures: Vec<PathBuf>,
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
                        .alt_text(format!(
                            "Picture {}",
                            path.file_name().map_or_else(
                                || path.display().to_string(),
                                |name| name.to_string_lossy().into_owned()
                            )
                        ))
                        .sense(egui::Sense::click()),
                )
                .on_hover_text(format!("{}\nclick to enlarge", path.display()));
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
            ui.label(format!("cannot show {}: {message}", path.display()));
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
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let cache = base.join(".codingdesk-cache");
        egui::ScrollArea::vertical().show(ui, |ui| {
            // A long id or title stays on one line (whole on hover, and in the fields below).
            let heading = unit.title.as_deref().unwrap_or(&unit.uid);
            ui.add(egui::Label::new(egui::RichText::new(heading).heading()).truncate())
                .on_hover_text(heading);
            // A single picture fills the card's width (up to 45% of its height); several share a
            // row; video keyframes are a strip.
            let width = ui.available_width();
            let height = (ui.available_height() * 0.45).max(200.0);
            let mut pictures = Vec::new();
            let mut clicked = None;
            ui.horizontal_wrapped(|ui| {
                let local: Vec<(PathBuf, MediaKind)> = unit
                    .media
                    .iter()
                    .filter(|m| !m.path.starts_with("http"))
                    .map(|m| (base.join(&m.path), m.kind))
                    .collect();
                if unit.media.is_empty() {
                    ui.label("(no media linked to this unit)");
                }
                let images_here = local.iter().filter(|(_, k)| *k == MediaKind::Image).count();
                let per_image = egui::vec2((width / images_here.clamp(1, 3) as f32) - 8.0, height);
                for (path, kind) in &local {
                    match kind {
                        MediaKind::Image => {
                            if picture(ui, images, path, per_image) {
                                clicked = Some(pictures.len());
                            }
                            pictures.push(path.clone());
                        }
                        MediaKind::Video => match images.keyframes(path, &cache) {
                            KeyframeState::Ready(frames) => {
                                let strip = egui::vec2(width / 4.0 - 8.0, height * 0.5);
                                for frame in frames {
                                    if picture(ui, images, &frame, strip) {
                                        clicked = Some(pictures.len());
                                    }
                                    pictures.push(frame.clone());
                                }
                            }
                            KeyframeState::Extracting => {
                                ui.add(egui::Spinner::new());
                                ui.label("extracting keyframes…");
                            }
                            KeyframeState::NoFfmpeg => {
                                ui.label(
                                    "Video (no preview: install ffmpeg to see keyframes here)",
                                );
                            }
                            KeyframeState::Failed(message) => {
                                ui.label(format!("Video (no preview: {message})"));
                            }
                        },
                    }
                }
            });
            if let Some(index) = clicked {
                self.viewer = Some(Viewer::at(index));
            }
            if self.pictures != pictures {
                self.pictures = pictures;
                // Another unit (or its media changed): an open viewer would show the wrong picture.
                if self
                    .viewer
                    .as_ref()
                    .is_some_and(|v| clicked.is_none() && v.index >= self.pictures.len())
                {
                    self.viewer = None;
                }
            }
            ui.horizontal(|ui| {
                let video = unit
                    .media
                    .iter()
                    .find(|m| m.kind == MediaKind::Video && !m.path.starts_with("http"));
                if let Some(video) = video
                    && ui.button("Play video").clicked()
                {
                    commands.push(AppCommand::OpenFile(base.join(&video.path)).into());
                }
                if let Some(url) = &unit.url
                    && ui.button("Open original").on_hover_text(url).clicked()
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
                    row("id", Some(unit.uid.clone()));
                    row("platform", unit.platform.clone());
                    row("account", unit.account.clone());
                    row("published", unit.published_at.clone());
                    row(
                        "duration",
                        unit.duration_s.map(|d| format!("{} s", format_number(d))),
                    );
                    row("plays", unit.plays.map(grouped));
                    row("likes", unit.likes.map(grouped));
                    row("comments", unit.comments.map(grouped));
                    row("shares", unit.shares.map(grouped));
                    row("favourites", unit.favorites.map(grouped));
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
                ui.strong("Caption");
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

    /// Closes the viewer (another unit is shown).
    pub fn close_viewer(&mut self) {
        self.viewer = None;
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
                let caption = format!(
                    "{} of {} · wheel zooms ({:.0}%), drag pans · ← → pictures · Esc closes",
                    viewer.index + 1,
                    count,
                    viewer.zoom * 100.0
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
