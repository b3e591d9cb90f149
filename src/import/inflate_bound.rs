//! A bound on what a zipped workbook (XLSX, XLSM, XLSB, ODS) inflates to, checked before the
//! spreadsheet reader allocates anything for it.
//!
//! A zip entry of a few megabytes can inflate to gigabytes of whitespace or a single cell of
//! two gigabytes; the spreadsheet reader then holds it in memory (6 GB at the peak for a 2.9 MB
//! file, and an abort where memory is limited). So every entry is inflated once into nothing,
//! counting the bytes that really come out (the sizes a zip declares can lie), and the workbook
//! is refused as soon as one entry or all of them together pass the bound.

use std::io::{Cursor, Read};

/// One part of a workbook (a sheet, its shared strings) may inflate to this much: a sheet of
/// 100,000 posts with 30 short columns is about half of it. At the bound, a single cell of
/// that size takes the spreadsheet reader about 3.4 times as much memory: under 1 GB in all.
pub const MAX_PART_BYTES: u64 = 192 << 20;

/// All parts together may inflate to this much.
pub const MAX_INFLATED_BYTES: u64 = 256 << 20;

/// Refuses a zipped workbook whose parts inflate beyond the bounds, naming the sheet (or the
/// part) and the bound. Anything that is not a readable zip passes: the spreadsheet reader says
/// what is wrong with it.
pub fn check_inflated_size(bytes: &[u8]) -> Result<(), String> {
    check_with_bounds(bytes, MAX_PART_BYTES, MAX_INFLATED_BYTES)
}

fn check_with_bounds(bytes: &[u8], part_bound: u64, total_bound: u64) -> Result<(), String> {
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let megabytes = |n: u64| n >> 20;
    let file_size = format!("{:.1} MB", bytes.len() as f64 / 1e6);
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index(index) else {
            continue;
        };
        let part = entry.name().map_or_else(
            |_| format!("number {}", index + 1),
            |name| name.into_owned(),
        );
        let counted = inflated_size(entry, part_bound + 1);
        if counted > part_bound {
            let what = sheet_of_part(&mut archive, &part).map_or_else(
                || format!("part '{part}'"),
                |sheet| format!("sheet '{sheet}'"),
            );
            return Err(format!(
                "{what} inflates to over {} MB (the workbook file is {file_size}); a workbook part over {} MB is refused, as a zip bomb would be. Save the posts as CSV and import that",
                megabytes(part_bound),
                megabytes(part_bound)
            ));
        }
        total += counted;
        if total > total_bound {
            return Err(format!(
                "the workbook inflates to over {} MB (the file is {file_size}); workbooks over {} MB inflated are refused, as a zip bomb would be. Save the posts as CSV and import that",
                megabytes(total_bound),
                megabytes(total_bound)
            ));
        }
    }
    Ok(())
}

/// How many bytes `entry` inflates to, counting no further than `stop`. A damaged entry counts
/// what came out before the damage: the spreadsheet reader reports it in its own words.
fn inflated_size(entry: impl Read, stop: u64) -> u64 {
    let mut limited = entry.take(stop);
    let mut buffer = vec![0u8; 64 * 1024];
    let mut counted = 0u64;
    while let Ok(read) = limited.read(&mut buffer) {
        if read == 0 {
            break;
        }
        counted += read as u64;
    }
    counted
}

/// The name a workbook gives the sheet stored in `part` (`xl/worksheets/sheet1.xml` →
/// "Posts"), from its small index files; `None` when they do not say.
fn sheet_of_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, part: &str) -> Option<String> {
    // The index files are small; one that is not is no index.
    let mut small_text = |name: &str| -> Option<String> {
        let entry = archive.by_name(name).ok()?;
        let mut text = String::new();
        entry.take(1 << 20).read_to_string(&mut text).ok()?;
        Some(text)
    };
    let rels = small_text("xl/_rels/workbook.xml.rels")?;
    let workbook = small_text("xl/workbook.xml")?;
    let target = part.strip_prefix("xl/")?;
    let relation = elements(&rels, "Relationship").find_map(|attributes| {
        let points_at = attribute(attributes, "Target")?;
        let points_at = points_at.trim_start_matches("/xl/");
        (points_at == target).then(|| attribute(attributes, "Id"))?
    })?;
    elements(&workbook, "sheet").find_map(|attributes| {
        let id = attribute(attributes, "r:id")?;
        (id == relation).then(|| attribute(attributes, "name"))?
    })
}

/// The attribute text of each `<name …>` element in `xml`.
fn elements<'a>(xml: &'a str, name: &str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{name} ");
    let starts: Vec<usize> = xml
        .match_indices(open.as_str())
        .map(|(start, _)| start + open.len())
        .collect();
    starts.into_iter().filter_map(move |start| {
        let rest = &xml[start..];
        rest.find('>').map(|end| &rest[..end])
    })
}

/// The value of `name="…"` among an element's attributes, unescaped for the few entities a
/// sheet name can hold.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = attributes
        .match_indices(&key)
        .find(|(at, _)| *at == 0 || attributes[..*at].ends_with(char::is_whitespace))?
        .0
        + key.len();
    let end = attributes[start..].find('"')? + start;
    Some(
        attributes[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A workbook-shaped zip whose sheet 1 ("Posts") is `sheet` bytes of spaces.
    fn workbook_with_sheet_of(spaces: usize) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/workbook.xml", options).unwrap();
        zip.write_all(br#"<workbook><sheets><sheet name="Posts &amp; more" sheetId="1" r:id="rId1"/></sheets></workbook>"#)
            .unwrap();
        zip.start_file("xl/_rels/workbook.xml.rels", options)
            .unwrap();
        zip.write_all(
            br#"<Relationships><Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/></Relationships>"#,
        )
        .unwrap();
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let block = vec![b' '; 1 << 16];
        let mut left = spaces;
        while left > 0 {
            let n = left.min(block.len());
            zip.write_all(&block[..n]).unwrap();
            left -= n;
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_part_inflating_past_the_bound_is_refused_by_its_sheets_name() {
        let bomb = workbook_with_sheet_of(3 << 20);
        assert!(bomb.len() < 64 << 10, "{} bytes", bomb.len());
        let refused = check_with_bounds(&bomb, 2 << 20, 100 << 20).unwrap_err();
        assert!(refused.contains("sheet 'Posts & more'"), "{refused}");
        assert!(refused.contains("over 2 MB"), "{refused}");
        let total = check_with_bounds(&bomb, 100 << 20, 2 << 20).unwrap_err();
        assert!(
            total.contains("the workbook inflates to over 2 MB"),
            "{total}"
        );
        assert_eq!(check_with_bounds(&bomb, 4 << 20, 8 << 20), Ok(()));
    }

    #[test]
    fn what_is_no_zip_is_left_to_the_spreadsheet_reader() {
        assert_eq!(check_inflated_size(b"not a workbook"), Ok(()));
        assert_eq!(check_inflated_size(b"PK\x03\x04 broken"), Ok(()));
    }
}
