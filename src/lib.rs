//! Codingdesk: quantitative content analysis of social-media posts and short videos.
//!
//! The core (everything but `ui`) builds without a GUI: the domain [`model`], the SQLite
//! [`store`], [`codebook`] files, [`import`] of units and codes, and the [`cli`].

pub mod agreement;
pub mod analysis;
pub mod assign;
pub mod charts;
pub mod cli;
pub mod codebook;
pub mod desk;
pub mod export;
pub mod extra_fields;
pub mod format;
pub mod i18n;
pub mod import;
pub mod markup;
pub mod model;
pub mod parallel;
pub mod reliability_plan;
pub mod report;
pub mod results;
pub mod samples;
pub mod server;
pub mod settings;
pub mod stats;
pub mod store;
pub mod study;
pub mod supervise;
pub mod system_fonts;
pub mod training;
#[cfg(feature = "gui")]
pub mod ui;
pub mod video;

/// Who is making a change, for the change log: the operating-system user.
pub fn actor() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}
