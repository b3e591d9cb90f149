//! Files in and out: imports of bad and hostile input, exports read back by other programs,
//! project files, the samples, the seeded fuzzer and the team properties.
//!
//! One test binary for the area (`cargo test --test files`); each module was a binary of its
//! own, which cost a link and ~60 MB of debug executable apiece.

#[path = "../common/mod.rs"]
mod common;

mod export_hardening;
mod fuzz;
mod import_bad_input;
mod import_hardening;
mod project_files;
mod samples;
mod spss_roundtrip;
mod team_properties;
