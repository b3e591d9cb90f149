//! The system's file dialogs, one for each thing a command asks for. They block, so the app runs
//! them off the UI thread; GUI tests pass paths in commands and never open one.

use std::path::PathBuf;

use crate::export::Format;

pub fn project_file() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("Codingdesk project", &["cdesk", "sqlite"])
        .pick_file()
}

pub fn units_file() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("Units", &crate::import::UNIT_FILE_EXTENSIONS)
        .pick_file()
}

pub fn new_project_path() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("Codingdesk project", &["cdesk"])
        .set_file_name("study.cdesk")
        .save_file()
}

/// A file for an export, or a folder for ReCal's set of files.
pub fn export_path(format: Format) -> Option<PathBuf> {
    let dialog = rfd::FileDialog::new().set_file_name(format.default_file_name());
    if format == Format::Recal {
        dialog.pick_folder()
    } else {
        dialog.save_file()
    }
}

pub fn package_folder() -> Option<PathBuf> {
    rfd::FileDialog::new().pick_folder()
}

pub fn packages() -> Option<Vec<PathBuf>> {
    rfd::FileDialog::new()
        .add_filter("Codingdesk package", &["cdesk", "sqlite", "db"])
        .pick_files()
}

/// Where to save a self-contained copy, suggesting `NAME`.
pub fn copy_path(name: String) -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("Codingdesk project", &["cdesk"])
        .set_file_name(name)
        .save_file()
}
