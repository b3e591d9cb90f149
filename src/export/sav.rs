//! The SPSS system file (`.sav`), written from the layout PSPP documents ("System File Format",
//! PSPP Developers Guide, chapter 1): uncompressed, little-endian, UTF-8 (character code 65001
//! and the encoding record), long variable names, very long strings, value labels, measurement
//! levels, system-missing blanks and `published_at` as a DATETIME. SPSS, PSPP, R's haven and
//! pyreadstat read it; `tests/files/spss_roundtrip.rs` reads it back with PSPP.
//!
//! Written by hand because no maintained Rust writer fits: `ambers` brings Apache Arrow, and the
//! `pspp` crate is GPL.

use std::io::{self, Write};

/// A variable's type and display in the file.
#[derive(Debug, Clone, PartialEq)]
pub enum SavKind {
    /// A number shown with `decimals` places (F`width`.`decimals`).
    Number { width: u8, decimals: u8 },
    /// Seconds since 1582-10-14, shown as DATETIME20.
    DateTime,
    /// Text of at most `width` bytes (1 to 32,767).
    Text { width: usize },
}

/// SPSS's levels of measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Nominal,
    Ordinal,
    Scale,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SavVariable {
    /// A valid SPSS name (see `spss_name`): at most 64 bytes, unique.
    pub name: String,
    pub label: String,
    pub kind: SavKind,
    pub measure: Measure,
    /// Value labels of a numeric variable.
    pub value_labels: Vec<(f64, String)>,
}

/// One cell: a number (None: system-missing), or text.
#[derive(Debug, Clone, PartialEq)]
pub enum SavValue {
    Number(Option<f64>),
    Text(String),
}

/// SPSS's system-missing value, and the largest and smallest numbers it keeps apart from it.
const SYSMIS: f64 = -f64::MAX;

/// How many 8-byte units a string of `width` bytes takes in a case.
fn units(width: usize) -> usize {
    width.div_ceil(8)
}

/// The widths of the segments a string of `width` bytes is stored as: one up to 255 bytes; a
/// very long string as one segment per 252 bytes of width, each 255 wide but the last.
fn segments(width: usize) -> Vec<usize> {
    if width <= 255 {
        return vec![width];
    }
    let count = width.div_ceil(252);
    let mut widths = vec![255; count - 1];
    widths.push(width - (count - 1) * 252);
    widths
}

/// The largest prefix of `text` of at most `bytes` bytes that ends on a character boundary.
fn cut(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `text` in exactly `bytes` bytes: cut at a character boundary, padded with spaces.
fn padded(text: &str, bytes: usize) -> Vec<u8> {
    let mut out = cut(text, bytes).as_bytes().to_vec();
    out.resize(bytes, b' ');
    out
}

/// A short (8-byte) name from a counter: V1, V2 … in base 36 (8 bytes hold 36⁷ of them).
fn short_name(counter: usize) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut digits = Vec::new();
    let mut rest = counter;
    loop {
        digits.push(DIGITS[rest % 36]);
        rest /= 36;
        if rest == 0 {
            break;
        }
    }
    digits.reverse();
    format!("V{}", String::from_utf8_lossy(&digits))
}

/// An SPSS format code: type, width and decimals in one 32-bit integer.
fn format_code(kind: &SavKind, segment_width: usize) -> i32 {
    let (code, width, decimals): (i32, i32, i32) = match kind {
        SavKind::Number { width, decimals } => (5, i32::from(*width), i32::from(*decimals)),
        SavKind::DateTime => (22, 20, 0),
        SavKind::Text { .. } => (1, segment_width as i32, 0),
    };
    (code << 16) | (width << 8) | decimals
}

/// Seconds from SPSS's epoch (1582-10-14 00:00:00) to a time given as seconds since 1970.
pub fn spss_seconds(unix_seconds: i64) -> f64 {
    // 1970-01-01 is 141,428 days after 1582-10-14.
    (unix_seconds + 141_428 * 86_400) as f64
}

struct Out<W: Write> {
    writer: W,
}

impl<W: Write> Out<W> {
    fn i32(&mut self, n: i32) -> io::Result<()> {
        self.writer.write_all(&n.to_le_bytes())
    }
    fn f64(&mut self, x: f64) -> io::Result<()> {
        self.writer.write_all(&x.to_le_bytes())
    }
    fn bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.writer.write_all(bytes)
    }
    /// An extension record (type 7) of `count` items of `size` bytes.
    fn extension(&mut self, subtype: i32, size: i32, data: &[u8]) -> io::Result<()> {
        self.i32(7)?;
        self.i32(subtype)?;
        self.i32(size)?;
        self.i32(data.len() as i32 / size)?;
        self.bytes(data)
    }
}

/// Writes a system file: `label` as the file label, then the dictionary and the cases.
pub fn write_sav<W: Write>(
    writer: W,
    label: &str,
    variables: &[SavVariable],
    rows: &[Vec<SavValue>],
    created: chrono::NaiveDateTime,
) -> io::Result<()> {
    let mut out = Out { writer };
    // Each variable's segments (width 0: numeric) and their short names.
    let mut counter = 0;
    let layout: Vec<Vec<(usize, String)>> = variables
        .iter()
        .map(|variable| {
            let widths = match variable.kind {
                SavKind::Text { width } => segments(width.clamp(1, 32_767)),
                _ => vec![0],
            };
            widths
                .into_iter()
                .map(|width| {
                    counter += 1;
                    (width, short_name(counter))
                })
                .collect()
        })
        .collect();
    let case_units: usize = layout
        .iter()
        .flatten()
        .map(|(width, _)| if *width == 0 { 1 } else { units(*width) })
        .sum();

    // The file header.
    out.bytes(b"$FL2")?;
    out.bytes(&padded(
        &format!(
            "@(#) SPSS DATA FILE Codingdesk {}",
            env!("CARGO_PKG_VERSION")
        ),
        60,
    ))?;
    out.i32(2)?; // layout code
    out.i32(case_units as i32)?;
    out.i32(0)?; // not compressed
    out.i32(0)?; // not weighted
    out.i32(rows.len() as i32)?;
    out.f64(100.0)?; // compression bias
    out.bytes(created.format("%d %b %y").to_string().as_bytes())?;
    out.bytes(created.format("%H:%M:%S").to_string().as_bytes())?;
    out.bytes(&padded(label, 64))?;
    out.bytes(&[0; 3])?;

    // Variable records: one per segment, each string segment followed by a continuation record
    // per further 8 bytes. `index` counts them all (value labels refer to it, from 1).
    let mut index = 0;
    let mut first_index = Vec::with_capacity(variables.len());
    for (variable, segments) in variables.iter().zip(&layout) {
        first_index.push(index + 1);
        for (k, (width, short)) in segments.iter().enumerate() {
            let with_label = k == 0 && !variable.label.is_empty();
            out.i32(2)?;
            out.i32(*width as i32)?;
            out.i32(i32::from(with_label))?;
            out.i32(0)?; // no missing values: blanks are system-missing
            let format = format_code(&variable.kind, *width);
            out.i32(format)?;
            out.i32(format)?;
            out.bytes(&padded(short, 8))?;
            if with_label {
                let text = cut(&variable.label, 255).as_bytes();
                out.i32(text.len() as i32)?;
                let mut bytes = text.to_vec();
                bytes.resize(text.len().div_ceil(4) * 4, b' ');
                out.bytes(&bytes)?;
            }
            index += 1;
            for _ in 1..units(*width).max(1) {
                out.i32(2)?;
                out.i32(-1)?;
                out.bytes(&[0; 16])?;
                out.bytes(b"        ")?;
                index += 1;
            }
        }
    }

    // Value labels of numeric variables (labels of at most 120 bytes).
    for (variable, at) in variables.iter().zip(&first_index) {
        if variable.value_labels.is_empty() || matches!(variable.kind, SavKind::Text { .. }) {
            continue;
        }
        out.i32(3)?;
        out.i32(variable.value_labels.len() as i32)?;
        for (value, label) in &variable.value_labels {
            out.f64(*value)?;
            let text = cut(label, 120).as_bytes();
            let mut bytes = vec![text.len() as u8];
            bytes.extend_from_slice(text);
            bytes.resize(bytes.len().div_ceil(8) * 8, b' ');
            out.bytes(&bytes)?;
        }
        out.i32(4)?;
        out.i32(1)?;
        out.i32(*at)?;
    }

    // Machine integer info: version, IEEE 754, little-endian, UTF-8 (code page 65001).
    let mut integers = Vec::new();
    for n in [1, 0, 0, -1, 1, 1, 2, 65001i32] {
        integers.extend_from_slice(&n.to_le_bytes());
    }
    out.extension(3, 4, &integers)?;
    // Machine floating-point info: system-missing, highest, lowest.
    let mut floats = Vec::new();
    for x in [SYSMIS, f64::MAX, f64::from_bits(SYSMIS.to_bits() - 1)] {
        floats.extend_from_slice(&x.to_le_bytes());
    }
    out.extension(4, 8, &floats)?;
    // Display parameters per segment: measure, width, alignment.
    let mut display = Vec::new();
    for (variable, segments) in variables.iter().zip(&layout) {
        let measure = match variable.measure {
            Measure::Nominal => 1,
            Measure::Ordinal => 2,
            Measure::Scale => 3,
        };
        let (width, alignment) = match variable.kind {
            SavKind::Text { width } => (width.clamp(1, 40) as i32, 0),
            SavKind::DateTime => (20, 1),
            SavKind::Number { width, .. } => (i32::from(width), 1),
        };
        for _ in segments {
            for n in [measure, width, alignment] {
                display.extend_from_slice(&n.to_le_bytes());
            }
        }
    }
    out.extension(11, 4, &display)?;
    // Long variable names: SHORT=Long, separated by tabs.
    let names: Vec<String> = variables
        .iter()
        .zip(&layout)
        .map(|(variable, segments)| format!("{}={}", segments[0].1, variable.name))
        .collect();
    out.extension(13, 1, names.join("\t").as_bytes())?;
    // Very long strings: SHORT=WIDTH (five digits), each ended by NUL and tab.
    let mut very_long = Vec::new();
    for (variable, segments) in variables.iter().zip(&layout) {
        if let SavKind::Text { width } = variable.kind
            && segments.len() > 1
        {
            very_long.extend_from_slice(
                format!("{}={:05}", segments[0].1, width.clamp(1, 32_767)).as_bytes(),
            );
            very_long.extend_from_slice(b"\0\t");
        }
    }
    if !very_long.is_empty() {
        out.extension(14, 1, &very_long)?;
    }
    out.extension(20, 1, b"UTF-8")?;
    // The end of the dictionary.
    out.i32(999)?;
    out.i32(0)?;

    // The cases.
    for row in rows {
        for ((variable, segments), value) in variables.iter().zip(&layout).zip(row) {
            match (&variable.kind, value) {
                (SavKind::Text { .. }, SavValue::Text(text)) => {
                    // Packed 255 bytes per segment, each segment padded to its 8-byte units.
                    let mut rest = text.as_bytes();
                    for (width, _) in segments {
                        let take = rest.len().min(255).min(*width);
                        let mut bytes = rest[..take].to_vec();
                        bytes.resize(units(*width) * 8, b' ');
                        out.bytes(&bytes)?;
                        rest = &rest[take..];
                    }
                }
                (SavKind::Text { .. }, SavValue::Number(number)) => {
                    let text = number.map(|n| n.to_string()).unwrap_or_default();
                    let width = segments.first().map_or(8, |(w, _)| *w);
                    out.bytes(&padded(&text, units(width) * 8))?;
                    for (width, _) in segments.iter().skip(1) {
                        out.bytes(&vec![b' '; units(*width) * 8])?;
                    }
                }
                (_, SavValue::Number(number)) => out.f64(number.unwrap_or(SYSMIS))?,
                (_, SavValue::Text(text)) => {
                    out.f64(text.trim().parse::<f64>().ok().unwrap_or(SYSMIS))?
                }
            }
        }
    }
    out.writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn very_long_strings_split_as_the_format_says() {
        assert_eq!(segments(255), [255]);
        assert_eq!(segments(256), [255, 4]);
        // PSPP's own example: width 600 is 255 + 255 + 96.
        assert_eq!(segments(600), [255, 255, 96]);
        assert_eq!(segments(20_000).len(), 80);
    }

    #[test]
    fn short_names_are_unique_and_fit_eight_bytes() {
        let names: Vec<String> = (1..50_000).map(short_name).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert!(names.iter().all(|n| n.len() <= 8));
    }

    #[test]
    fn the_epoch_is_spss_gregorian_start() {
        // 1970-01-01 in SPSS seconds, as PSPP computes it (DATE.DMY(1,1,1970)).
        assert_eq!(spss_seconds(0), 12_219_379_200.0);
    }

    #[test]
    fn cut_never_splits_a_character() {
        assert_eq!(cut("重庆", 4), "重");
        assert_eq!(padded("重庆", 4), b"\xe9\x87\x8d ");
    }
}
