//! Codingdesk: quantitative content analysis of social-media posts and short videos.
//!
//! The core (everything but `ui`) builds without a GUI: the domain [`model`], the SQLite
//! [`store`], [`codebook`] files, [`import`] of units and codes, and the [`cli`].

pub mod agreement;
pub mod analysis;
pub mod assign;
pub mod charts;
pub mod cli;
pub mod clock;
pub mod codebook;
pub mod desk;
pub mod export;
pub mod extra_fields;
pub mod format;
pub mod i18n;
pub mod import;
pub mod link;
pub mod listed;
pub mod markup;
pub mod model;
pub mod parallel;
pub mod reliability_plan;
pub mod report;
pub mod results;
pub mod samples;
pub mod server;
pub mod server_url;
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
        .or_else(account_name)
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The operating system's name for the account this runs as, when the environment does not say
/// (a desktop started without `$USER`, a service): the record or log says who, not "unknown".
#[cfg(unix)]
fn account_name() -> Option<String> {
    let mut buffer = vec![0u8; 4096];
    // SAFETY: `passwd` is plain data that getpwuid_r fills; `buffer` outlives every pointer it
    // sets into it; the result pointer is checked before the name is read, and the name is read
    // only up to its NUL within the buffer.
    unsafe {
        let uid = libc::getuid();
        let mut record: libc::passwd = std::mem::zeroed();
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let status = libc::getpwuid_r(
            uid,
            &mut record,
            buffer.as_mut_ptr().cast(),
            buffer.len(),
            &mut found,
        );
        if status != 0 || found.is_null() || record.pw_name.is_null() {
            return Some(format!("uid {uid}"));
        }
        let name = std::ffi::CStr::from_ptr(record.pw_name).to_string_lossy();
        Some(if name.trim().is_empty() {
            format!("uid {uid}")
        } else {
            name.into_owned()
        })
    }
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}
