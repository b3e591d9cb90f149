//! The desktop window (eframe/egui). A thin layer: each view owns only its view state, draws
//! from the data the app hands it and returns [`Command`]s; the app applies them through the
//! core at the end of the frame. No SQL here.

mod app;
mod coder_picker;
mod command;
mod desk;
mod files;
pub mod fonts;
mod images;
mod input_order;
mod notice;
mod start;
mod supervisor;
mod top_bar;

pub use app::CodingdeskApp;
pub use command::{AppCommand, Command, DeskCommand, SupervisorCommand, VideoCommand};
pub use files::FileRequest;
pub use notice::{Notice, NoticeKind, Problem};
pub use supervisor::Tab as SupervisorTab;

use std::path::PathBuf;

/// What the window opens on.
#[derive(Debug, Clone)]
pub enum Launch {
    /// The bundled Chongqing sample study (built on first use).
    Sample,
    Project(PathBuf),
    /// A project in supervisor mode.
    Supervisor(PathBuf),
    StartScreen,
}

/// The window's icon: coded rows, one of them marked.
const ICON: &[u8] = include_bytes!("../../assets/icon/codingdesk-256.png");

/// Forces a renderer for the window: `wgpu` or `glow`.
pub const RENDERER_VARIABLE: &str = "CODINGDESK_RENDERER";

/// Why the window did not run.
#[derive(Debug, thiserror::Error)]
pub enum WindowError {
    /// wgpu, chosen by default, found no device before anything was drawn: worth starting
    /// again with glow (`CODINGDESK_RENDERER=glow`).
    #[error("the GPU renderer (wgpu) could not start: {0}")]
    NoGpu(eframe::Error),
    #[error("{0}")]
    Failed(eframe::Error),
    #[error("{RENDERER_VARIABLE} or the settings' renderer is '{0}': use wgpu or glow (OpenGL)")]
    UnknownRenderer(String),
}

/// The renderer the environment or the settings ask for, if any.
fn forced_renderer() -> Result<Option<eframe::Renderer>, WindowError> {
    let asked = match std::env::var(RENDERER_VARIABLE) {
        Ok(value) if !value.trim().is_empty() => Some(value),
        _ => crate::settings::location()
            .map(|path| crate::settings::Settings::load_from(&path))
            .and_then(|settings| settings.renderer),
    };
    match asked.as_deref().map(|v| v.trim().to_ascii_lowercase()) {
        None => Ok(None),
        Some(name) if name == "wgpu" => Ok(Some(eframe::Renderer::Wgpu)),
        Some(name) if name == "glow" || name == "opengl" => Ok(Some(eframe::Renderer::Glow)),
        Some(_) => Err(WindowError::UnknownRenderer(asked.unwrap_or_default())),
    }
}

/// Opens the window and runs until it is closed. Draws with wgpu unless told otherwise; when
/// wgpu finds no device before anything is drawn, says so with [`WindowError::NoGpu`], and the
/// caller starts again with glow.
pub fn run(launch: Launch) -> Result<(), WindowError> {
    let forced = forced_renderer()?;
    // The window keeps studies out of its resident memory (the file stays in the page cache).
    crate::store::set_memory_map_limit(0);
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Codingdesk")
        .with_app_id("codingdesk")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([720.0, 480.0])
        .with_drag_and_drop(true);
    // The icon is built into the binary; a damaged one (never expected) only costs the icon.
    match eframe::icon_data::from_png_bytes(ICON) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(error) => eprintln!("codingdesk: the window icon could not be read: {error}"),
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: forced.unwrap_or(eframe::Renderer::Wgpu),
        ..Default::default()
    };
    // Set once the renderer works and the app is made: a failure before that is the renderer's.
    let started = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let app_started = started.clone();
    eframe::run_native(
        "Codingdesk",
        options,
        Box::new(move |creation| {
            app_started.store(true, std::sync::atomic::Ordering::SeqCst);
            let mut app = CodingdeskApp::new(crate::settings::location());
            if let Some(path) = std::env::var_os(app::FRAME_TIMES_VARIABLE) {
                match app::FrameTimes::create(std::path::Path::new(&path)) {
                    Ok(times) => app.record_frame_times(times),
                    Err(error) => eprintln!(
                        "codingdesk: frame times cannot be written to {}: {error}",
                        std::path::Path::new(&path).display()
                    ),
                }
            }
            app.launch(&creation.egui_ctx, launch);
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| {
        if forced.is_none() && !started.load(std::sync::atomic::Ordering::SeqCst) {
            WindowError::NoGpu(error)
        } else {
            WindowError::Failed(error)
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_icon_is_a_square_png() {
        let icon = eframe::icon_data::from_png_bytes(super::ICON).unwrap();
        assert_eq!((icon.width, icon.height), (256, 256));
    }
}
