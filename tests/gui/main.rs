//! The window under egui_kittest: found by role and label, clicked and typed into, the stored
//! result checked; the snapshots of every screen.
//!
//! One test binary for the area (`cargo test --test gui`); each module was a binary of its
//! own, which cost a link and ~60 MB of debug executable apiece.
#![cfg(feature = "gui")]

#[path = "../common/mod.rs"]
mod common;

mod analysis;
mod desk;
mod desk_model;
mod language;
mod snapshots;
mod supervisor;
mod team;
mod training;
