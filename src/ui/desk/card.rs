//! The unit card: pictures (or video keyframes), the buttons to play or open the original,
//! metadata and the caption.

use std::path::{Path, PathBuf};

use crate::model::{ExtraValue, MediaKind, Unit, format_number};
use crate::ui::Command;
use crate::ui::images::{ImageLoader, KeyframeState, Picture};

#[derive(Default)]
pub struct CardView;

/// Counts as people read them: 73,450,000 → "73,450,000".
fn grouped(value: i64) -> String {
    let digits = value.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0 { format!("-{out}") } else { out }
}

fn picture(ui: &mut egui::Ui, images: &mut ImageLoader, path: &std::path::Path, height: f32) {
    match images.get(path) {
        Picture::Ready(texture) => {
            let size = texture.size_vec2();
            let scale = (height / size.y).min(4.0);
            ui.add(egui::Image::new(texture).fit_to_exact_size(size * scale))
                .on_hover_text(path.display().to_string());
        }
        Picture::Loading => {
            let (rect, _) =
                ui.allocate_exact_size(egui::vec2(height * 0.6, height), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 4.0, ui.visuals().faint_bg_color);
            ui.put(rect, egui::Spinner::new());
        }
        Picture::Failed(message) => {
            ui.label(format!("cannot show {}: {message}", path.display()));
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
            ui.horizontal_wrapped(|ui| {
                ui.heading(unit.title.as_deref().unwrap_or(&unit.uid));
            });
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
                for (path, kind) in &local {
                    match kind {
                        MediaKind::Image => picture(ui, images, path, 280.0),
                        MediaKind::Video => match images.keyframes(path, &cache) {
                            KeyframeState::Ready(frames) => {
                                for frame in frames {
                                    picture(ui, images, &frame, 140.0);
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
            ui.horizontal(|ui| {
                let video = unit
                    .media
                    .iter()
                    .find(|m| m.kind == MediaKind::Video && !m.path.starts_with("http"));
                if let Some(video) = video
                    && ui.button("Play video").clicked()
                {
                    commands.push(Command::OpenFile(base.join(&video.path)));
                }
                if let Some(url) = &unit.url
                    && ui.button("Open original").on_hover_text(url).clicked()
                {
                    commands.push(Command::OpenUrl(url.clone()));
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
        commands
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(super::grouped(73_450_000), "73,450,000");
        assert_eq!(super::grouped(122), "122");
        assert_eq!(super::grouped(-1_000), "-1,000");
    }
}
