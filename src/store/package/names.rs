//! The file name of a coder's package: safe on every file system, honest to read (no invisible
//! characters that reverse or hide part of a name), short enough, and distinct per coder.

use std::path::Path;

/// The longest coder part of a package's file name, in bytes: with the study's name, `-media` and
/// the folder it stays within the 255 bytes file systems allow for a name.
const MAX_CODER_NAME_BYTES: usize = 96;

/// `study.cdesk` and coder `Ana Li` → `study-Ana_Li.cdesk`: characters that file systems refuse
/// or that disguise a name (control and bidirectional/format characters such as U+202E, which
/// can make `cdesk.exe` read as `exe.kdesc`) become `_`; Chinese names stay as they are. A name
/// longer than `MAX_CODER_NAME_BYTES` is cut at a character boundary and keeps a short hash of
/// the whole name, so two long names stay apart.
pub fn package_file_name(master: &Path, coder: &str) -> String {
    let stem = master
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "study".to_owned());
    let mut safe: String = coder
        .chars()
        .map(|c| {
            if c.is_control()
                || c.is_whitespace()
                || is_format_character(c)
                || r#"/\:*?"<>|"#.contains(c)
            {
                '_'
            } else {
                c
            }
        })
        .collect();
    if safe.starts_with('.') {
        safe.replace_range(..1, "_");
    }
    if safe.len() > MAX_CODER_NAME_BYTES {
        let mut cut = MAX_CODER_NAME_BYTES - 9;
        while !safe.is_char_boundary(cut) {
            cut -= 1;
        }
        safe.truncate(cut);
        safe.push_str(&format!("-{:08x}", name_hash(coder) as u32));
    }
    format!("{stem}-{safe}.cdesk")
}

/// Invisible characters that change how text is shown: bidirectional controls (U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C), zero-width characters and the byte-order mark.
fn is_format_character(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// FNV-1a: a stable hash (the same on every computer and version) to tell long names apart.
fn name_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_are_safe_file_names_and_keep_chinese() {
        let master = Path::new("/lab/研究.cdesk");
        assert_eq!(package_file_name(master, "Li Na"), "研究-Li_Na.cdesk");
        assert_eq!(package_file_name(master, "王/浩:1"), "研究-王_浩_1.cdesk");
    }

    #[test]
    fn hostile_and_huge_coder_names_become_short_honest_file_names() {
        let master = Path::new("/lab/study.cdesk");
        let spoof = package_file_name(master, "li\u{202E}gnp.exe");
        assert_eq!(spoof, "study-li_gnp.exe.cdesk");
        assert_eq!(package_file_name(master, ".hidden"), "study-_hidden.cdesk");
        let huge = "王".repeat(4000);
        let name = package_file_name(master, &huge);
        assert!(
            name.len() <= "study-.cdesk".len() + MAX_CODER_NAME_BYTES,
            "{}",
            name.len()
        );
        assert!(name.starts_with("study-王王"));
        let other = package_file_name(master, &format!("{huge}2"));
        assert_ne!(name, other, "long names stay apart");
        assert_eq!(name, package_file_name(master, &huge), "stable");
    }
}
