//! Counting a large wide file straight from disk. Two threads each read their half of the file
//! through a small buffer of their own: the file's bytes are never one allocation (megabytes of
//! pages the kernel zeroes and then fills by copying, on one thread, before either half can be
//! read), the copies land in a buffer that stays in the cache, and memory stays the same whatever
//! the file's size. The counts are those of [`super::count_matrix`] on the decoded text.
//!
//! Anything this path does not read as it is gives None, and the caller reads the whole text the
//! general way, which decodes or reports it: bytes that are not UTF-8 (another encoding), a NUL
//! (UTF-16), a quote, more categories than counting has room for, a read that fails.

use std::fs::File;
use std::io::{ErrorKind, Read as _, Seek, SeekFrom};
use std::path::Path;

use super::{
    Counted, Head, Lines, MatrixError, MatrixOptions, Plain, PlainReader, Read, Shape,
    line_start_from,
};

/// Files up to this size are read whole (one read, one thread: splitting would cost more than it
/// saves). The same size as the in-memory path's threshold for two halves.
const SMALLEST: u64 = 1 << 20;

/// Each thread's buffer; grown only for a line longer than it.
const BUFFER: usize = 128 << 10;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Counts the wide reliability data in the file at `path` as [`super::count_matrix`] counts its
/// text (with no encoding forced); None when the file is small, long-format, or anything the
/// module comment lists: the caller then reads and decodes it whole.
pub fn count_wide_file(
    path: &Path,
    options: &MatrixOptions,
) -> Option<Result<(Counted, Vec<String>), MatrixError>> {
    if options.long {
        return None;
    }
    let mut file = File::open(path).ok()?;
    let length = file.metadata().ok()?.len();
    if length <= SMALLEST {
        return None;
    }
    let mut first = vec![0; BUFFER];
    let filled = read_fully(&mut file, &mut first).ok()?;
    // A UTF-8 byte-order mark only says the text is UTF-8; decoding drops it too.
    let bom = if first[..filled].starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    let first = &first[bom..filled];
    let whole_lines = first.iter().rposition(|&byte| byte == b'\n')? + 1;
    let first = checked_text(&first[..whole_lines])?;
    let head = match Head::of(first, options)? {
        Ok(head) => head,
        Err(error) => return Some(Err(error)),
    };
    let shape = head.shape(options);
    // Offsets in the file; the second half starts at the first line beginning at or after `half`.
    let body = (bom + head.body_start) as u64;
    let half = body + length.saturating_sub(body) / 2;
    let ranges = [(body, half, false), (half, u64::MAX, true)];
    let read = crate::parallel::on_threads(&ranges, |&(from, to, to_a_line_start)| {
        read_range(path, from, to, to_a_line_start, &shape)
    });
    let read: Vec<Result<Plain, MatrixError>> = read.into_iter().collect::<Option<_>>()?;
    let parts = shape.join(read, head.body_line)?;
    match shape.merge(parts) {
        Ok(Read::Counted(counted)) => Some(Ok((counted, head.names))),
        // Counting while reading has no room for the categories: the general path reads them.
        Ok(Read::Ratings(_)) | Err(MatrixError::StreamOverflow) => None,
        Err(error) => Some(Err(error)),
    }
}

/// Fills `buffer` from `file` as far as the file goes; the bytes read.
fn read_fully(file: &mut File, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// The bytes as text when they are UTF-8 without a NUL (what decoding takes as plain UTF-8).
fn checked_text(bytes: &[u8]) -> Option<&str> {
    if bytes.contains(&0) {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

/// Reads the lines that start in `from..to` (the first at `from`, or when `to_a_line_start`, at
/// the first line start at or after `from`), numbering them from 0. None when the bytes are not
/// plain UTF-8 or the file cannot be read.
fn read_range(
    path: &Path,
    from: u64,
    to: u64,
    to_a_line_start: bool,
    shape: &Shape,
) -> Option<Result<Plain, MatrixError>> {
    let mut reader = match PlainReader::new(shape, true) {
        Ok(reader) => reader,
        Err(error) => return Some(Err(error)),
    };
    let mut file = File::open(path).ok()?;
    // The byte before `from` says whether a line starts at `from`.
    let mut skipping = to_a_line_start && from > 0;
    let mut position = if skipping { from - 1 } else { from };
    file.seek(SeekFrom::Start(position)).ok()?;
    let mut buffer = vec![0; BUFFER];
    // buffer[..filled] holds the file's bytes from `position` not yet read as lines.
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            buffer.resize(buffer.len() * 2, 0);
        }
        let got = match file.read(&mut buffer[filled..]) {
            Ok(got) => got,
            Err(error) if error.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        filled += got;
        let at_end = got == 0;
        let data = &buffer[..filled];
        let mut begin = 0;
        if skipping {
            match data.iter().position(|&byte| byte == b'\n') {
                Some(newline) => {
                    begin = newline + 1;
                    skipping = false;
                }
                None if at_end => break,
                None => {
                    position += filled as u64;
                    filled = 0;
                    continue;
                }
            }
        }
        // Whole lines only, but for the last line of the file.
        let whole = if at_end {
            filled
        } else {
            match data[begin..].iter().rposition(|&byte| byte == b'\n') {
                Some(newline) => begin + newline + 1,
                None => begin,
            }
        };
        let begin_in_file = position + begin as u64;
        let done = at_end || position + whole as u64 >= to;
        if begin_in_file >= to {
            break;
        }
        let mine = match usize::try_from(to - begin_in_file) {
            Ok(before_to) if before_to < whole - begin => {
                begin + line_start_from(&data[begin..whole], before_to)
            }
            _ => whole,
        };
        match reader.read(checked_text(&data[begin..mine])?) {
            Ok(Lines::Read) => {}
            Ok(Lines::Quoted) => return Some(Ok(Plain::Quoted)),
            Err(error) => return Some(Err(error)),
        }
        if done {
            break;
        }
        buffer.copy_within(whole..filled, 0);
        position += whole as u64;
        filled -= whole;
    }
    Some(Ok(Plain::Read(Box::new(reader.finish()))))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::import::decode::decode_owned;
    use crate::import::matrix::count_matrix;
    use crate::model::Level;
    use crate::stats::report_from_tally;

    /// A file in a folder of its own under the system's temporary folder, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn with(bytes: &[u8]) -> Scratch {
            static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let folder = std::env::temp_dir().join(format!(
                "codingdesk-wide-file-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&folder).unwrap();
            let file = folder.join("data.csv");
            std::fs::write(&file, bytes).unwrap();
            Scratch(file)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            if let Some(folder) = self.0.parent() {
                std::fs::remove_dir_all(folder).unwrap();
            }
        }
    }

    fn options(level: Level, header: bool) -> MatrixOptions<'static> {
        MatrixOptions {
            header,
            long: false,
            level,
            categories: None,
        }
    }

    /// What the whole-text path makes of the same bytes: names and the report, or the error.
    fn whole(bytes: &[u8], options: &MatrixOptions) -> Result<(Vec<String>, String), MatrixError> {
        let text = decode_owned(bytes.to_vec(), None).unwrap();
        let (counted, names) = count_matrix(&text.text, options)?;
        Ok((names, report_of(&counted, options.level)))
    }

    fn report_of(counted: &Counted, level: Level) -> String {
        let report = report_from_tally(&counted.tally, &counted.categories, level, None);
        format!("{:?} {report:?}", counted.categories)
    }

    /// Counts the bytes from a file; panics when the file path declines them.
    fn from_file(
        bytes: &[u8],
        options: &MatrixOptions,
    ) -> Result<(Vec<String>, String), MatrixError> {
        let file = Scratch::with(bytes);
        let (counted, names) = count_wide_file(&file.0, options).expect("read from the file")?;
        Ok((names, report_of(&counted, options.level)))
    }

    /// A small deterministic generator (xorshift), enough to vary line lengths and values.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// Over a mebibyte of wide data: labels short and long (lines of under and over 16 bytes),
    /// missing cells, blank lines and CRLF line ends; `pad` lengthens the header so the half
    /// falls in a different place of a line.
    fn data(seed: u64, pad: usize, header: bool) -> Vec<u8> {
        let mut rng = Rng(seed * 2_654_435_761 + 1);
        let labels = [
            "1",
            "2",
            "3",
            "positive",
            "negative",
            "neutral tone",
            "城市",
            "",
        ];
        let mut text = String::new();
        if header {
            text.push_str(&format!("coder a{},b,c\n", "x".repeat(pad)));
        }
        while text.len() < 1_300_000 {
            match rng.below(200) {
                0 => text.push('\n'),
                1 => text.push_str("1,2,3\r\n"),
                _ => {
                    let cells: Vec<&str> = (0..3)
                        .map(|_| labels[rng.below(labels.len() as u64) as usize])
                        .collect();
                    text.push_str(&cells.join(","));
                    text.push('\n');
                }
            }
        }
        text.into_bytes()
    }

    #[test]
    fn a_file_read_in_halves_counts_as_its_whole_text() {
        for pad in 0..8 {
            for header in [true, false] {
                let bytes = data(pad as u64, pad, header);
                let options = options(Level::Nominal, header);
                assert_eq!(
                    from_file(&bytes, &options),
                    whole(&bytes, &options),
                    "pad {pad}, header {header}"
                );
            }
        }
    }

    #[test]
    fn a_byte_order_mark_a_last_line_without_its_end_and_a_line_longer_than_the_buffer() {
        let options = options(Level::Nominal, true);
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(data(11, 0, true));
        bytes.extend(b"1,2,3");
        assert_eq!(from_file(&bytes, &options), whole(&bytes, &options));
        // Across the half, at a line start.
        let mut long = data(12, 0, true);
        let middle = long.len() / 2 - BUFFER;
        let at = long[..middle].iter().rposition(|&b| b == b'\n').unwrap() + 1;
        let line = format!("{},1,1\n", "y".repeat(3 * BUFFER));
        long.splice(at..at, line.bytes());
        assert_eq!(from_file(&long, &options), whole(&long, &options));
    }

    #[test]
    fn errors_name_the_same_row_as_the_whole_text_path() {
        let options = options(Level::Nominal, true);
        for at in [0.1, 0.5, 0.9] {
            let mut bytes = data(21, 0, true);
            let place = (bytes.len() as f64 * at) as usize;
            let line_start = bytes[..place].iter().rposition(|&b| b == b'\n').unwrap() + 1;
            bytes.splice(line_start..line_start, b"1,2\n".iter().copied());
            let expected = whole(&bytes, &options).unwrap_err();
            assert!(matches!(expected, MatrixError::Ragged { .. }), "{expected}");
            assert_eq!(from_file(&bytes, &options).unwrap_err(), expected);
        }
        let interval = self::options(Level::Interval, true);
        let mut numbers = b"a,b\n".to_vec();
        while numbers.len() < 1_200_000 {
            numbers.extend(b"1,2\n3,.\n");
        }
        numbers.extend(b"4,x\n");
        let expected = whole(&numbers, &interval).unwrap_err();
        assert!(
            expected.to_string().contains("'x' is not a number"),
            "{expected}"
        );
        assert_eq!(from_file(&numbers, &interval).unwrap_err(), expected);
        // Categories given in order: read the same, and one outside them named on its row.
        let domain = ["low".to_owned(), "mid".to_owned(), "high".to_owned()];
        let ordered = MatrixOptions {
            categories: Some(&domain),
            ..self::options(Level::Ordinal, true)
        };
        let mut labels = b"a,b,c\n".to_vec();
        while labels.len() < 1_200_000 {
            labels.extend(b"low,mid,mid\nhigh,,high\nmid,mid,low\n");
        }
        assert_eq!(from_file(&labels, &ordered), whole(&labels, &ordered));
        labels.extend(b"low,top,mid\n");
        let expected = whole(&labels, &ordered).unwrap_err();
        assert!(
            matches!(expected, MatrixError::NotInDomain { .. }),
            "{expected}"
        );
        assert_eq!(from_file(&labels, &ordered).unwrap_err(), expected);
    }

    /// Quotes, other encodings, NULs, small files and long-format input are left to the
    /// whole-text path (which reads them as before).
    #[test]
    fn what_this_path_does_not_read_is_left_to_the_whole_text() {
        let options = options(Level::Nominal, true);
        let declined = |bytes: &[u8], options: &MatrixOptions| {
            let file = Scratch::with(bytes);
            count_wide_file(&file.0, options).is_none()
        };
        let late = |insert: &[u8]| {
            let mut bytes = data(31, 0, true);
            let at = bytes.len() - 100;
            let at = bytes[..at].iter().rposition(|&b| b == b'\n').unwrap() + 1;
            bytes.splice(at..at, insert.iter().copied());
            bytes
        };
        assert!(declined(&late(b"\"1\",2,3\n"), &options));
        assert!(declined(&late(b"\xFF,2,3\n"), &options));
        assert!(declined(&late(b"1,\x00,3\n"), &options));
        assert!(declined(b"a,b\n1,2\n", &options));
        let long = MatrixOptions {
            long: true,
            ..options.clone()
        };
        assert!(declined(&data(32, 0, true), &long));
        let many: Vec<u8> = std::iter::once("a,b\n".to_owned())
            .chain((0..200_000).map(|i| format!("{},{}\n", i % 100, i % 97)))
            .collect::<String>()
            .into_bytes();
        assert!(declined(&many, &options), "over 64 categories");
        assert!(
            !declined(&data(33, 0, true), &options),
            "plain data is read"
        );
    }
}
