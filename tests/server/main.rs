//! A study on a real PostgreSQL server (the throw-away cluster `scripts/test-postgres.sh` starts;
//! `.ci/run` starts one). Needs `CODINGDESK_TEST_PG`: in CI the tests must run; on a developer
//! machine without it each says so and skips.
//!
//! One test binary for the area (`cargo test --test server`); each module was a binary of its
//! own, which cost a link and ~60 MB of debug executable apiece.

#[path = "../common/mod.rs"]
mod common;

mod database;
mod integrity;
mod live;
mod study;
mod training;
mod window;
