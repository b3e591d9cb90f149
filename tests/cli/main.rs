//! The command line, driven as a user drives it: the real `codingdesk` binary on real project files.
//!
//! One test binary for the area (`cargo test --test cli`); each module was a binary of its
//! own, which cost a link and ~60 MB of debug executable apiece.

#[path = "../common/mod.rs"]
mod common;

mod agreement;
mod analysis;
mod assign;
mod export;
mod foundation;
mod language;
mod methods;
mod plan;
mod report;
mod results;
mod team;
mod training;
