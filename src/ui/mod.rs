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

/// Opens the window and runs until it is closed.
pub fn run(launch: Launch) -> Result<(), eframe::Error> {
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
        ..Default::default()
    };
    eframe::run_native(
        "Codingdesk",
        options,
        Box::new(move |creation| {
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
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_icon_is_a_square_png() {
        let icon = eframe::icon_data::from_png_bytes(super::ICON).unwrap();
        assert_eq!((icon.width, icon.height), (256, 256));
    }
}
