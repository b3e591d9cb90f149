//! Quote-free lines of a wide file, read one run of whole lines at a time (all of a part in
//! memory, or a buffer at a time from the file), counting a short line met again by its bytes.

use super::super::short_lines::{LINE_CHUNK, LineCache, line_key, short_line};
use super::{MatrixError, Part, Shape};
use crate::stats::RatingsBuilder;
use crate::stats::tally::{STREAM_CATEGORIES, StreamTally};

/// Whether the lines given to [`PlainReader::read`] were read, or one had a quote.
pub(super) enum Lines {
    Read,
    Quoted,
}

/// Quote-free text, line by line, given all at once or a run of whole lines at a time; each
/// field becomes a category number as soon as it ends. When counting, a short line already read
/// is not split again: the same bytes are the same unit, so it is counted in a table keyed by the
/// line's bytes (a file of a million units has a few hundred or thousand distinct lines), added
/// to the tally by its pattern at the end. Rows in errors are numbered from 0 at the first line
/// given.
pub(super) struct PlainReader<'a> {
    shape: &'a Shape<'a>,
    builder: RatingsBuilder,
    counting: Option<StreamTally>,
    seen: LineCache,
    unit: Vec<Option<u32>>,
    /// Units read, and lines (blank ones too).
    rows: usize,
    lines: usize,
}

impl<'a> PlainReader<'a> {
    pub(super) fn new(shape: &'a Shape<'a>, stream: bool) -> Result<PlainReader<'a>, MatrixError> {
        Ok(PlainReader {
            shape,
            builder: shape.builder()?,
            counting: stream.then(|| StreamTally::new(shape.width)),
            seen: LineCache::default(),
            unit: Vec::with_capacity(shape.width),
            rows: 0,
            lines: 0,
        })
    }

    /// Reads `text`: whole lines, each ending with `\n` except, at the end of the data, the last.
    pub(super) fn read(&mut self, text: &str) -> Result<Lines, MatrixError> {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if self.counting.is_some()
                && let Some(chunk) = bytes.get(at..at + LINE_CHUNK)
                && let Some((key, length)) = short_line(chunk)
                && self.seen.count(key)
            {
                self.rows += 1;
                self.lines += 1;
                at += length + 1;
                continue;
            }
            let end = bytes[at..]
                .iter()
                .position(|&byte| byte == b'\n')
                .map_or(bytes.len(), |offset| at + offset);
            let line = &text[at..end];
            if line.as_bytes().contains(&b'"') {
                return Ok(Lines::Quoted);
            }
            let row = self.lines;
            if self
                .shape
                .read_line(line, row, &mut self.builder, &mut self.unit)?
            {
                match self.counting.as_mut() {
                    Some(tally) => {
                        if self.builder.category_count() > STREAM_CATEGORIES {
                            return Err(MatrixError::StreamOverflow);
                        }
                        match tally.pattern_of(&self.unit) {
                            Some(pattern) => match line_key(line.as_bytes()) {
                                Some(key) if self.seen.insert(key, pattern) => {}
                                _ => tally.add_pattern(pattern, 1),
                            },
                            None => tally.add(&self.unit),
                        }
                    }
                    None => self.builder.push_indices(&self.unit),
                }
                self.rows += 1;
            }
            self.lines += 1;
            at = end + 1;
        }
        Ok(Lines::Read)
    }

    pub(super) fn finish(mut self) -> Part {
        if let Some(tally) = self.counting.as_mut() {
            for (pattern, units) in self.seen.counted() {
                tally.add_pattern(pattern, units);
            }
        }
        Part {
            builder: self.builder,
            rows: self.rows,
            lines: self.lines,
            stream: self.counting,
        }
    }
}
