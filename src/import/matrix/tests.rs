use super::*;

fn wide(text: &str, level: Level) -> Result<(Ratings, Vec<String>), MatrixError> {
    read_matrix(
        text,
        &MatrixOptions {
            header: true,
            long: false,
            level,
            categories: None,
        },
    )
}

#[test]
fn plain_and_quoted_paths_read_the_same() {
    let plain = "a,b,c\n1,2,\n\n3,NA,3\r\n.,1,1\n";
    let quoted = "\"a\",b,c\n1,2,\n\n3,NA,3\r\n.,1,1\n";
    assert_eq!(
        wide(plain, Level::Nominal).unwrap(),
        wide(quoted, Level::Nominal).unwrap()
    );
    let (ratings, names) = wide(plain, Level::Nominal).unwrap();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(ratings.units(), 3);
}

#[test]
fn errors_name_the_file_row_on_both_paths() {
    for header in ["a,b", "\"a\",b"] {
        let text = format!("{header}\n1,2\n\n3\n");
        assert_eq!(
            wide(&text, Level::Nominal).unwrap_err(),
            MatrixError::Ragged {
                row: 4,
                found: 1,
                expected: 2
            }
        );
        let text = format!("{header}\n1,2\nx,4\n");
        assert_eq!(
            wide(&text, Level::Interval).unwrap_err().to_string(),
            "row 3, column 1 ('a'): 'x' is not a number, but interval data need numbers"
        );
    }
    assert_eq!(
        wide("only\n1\n", Level::Nominal).unwrap_err(),
        MatrixError::TooFewCoders(1)
    );
    assert_eq!(
        wide("a,b\n\n", Level::Nominal).unwrap_err(),
        MatrixError::NoUnits
    );
}

/// Counting while reading must give exactly the report of the matrix path: over labels,
/// numbers to sort, missing cells, a domain, over 64 categories (falls back) and a file large
/// enough to be read in two parts.
#[test]
fn counting_while_reading_equals_the_matrix_path() {
    use crate::stats::{report, report_from_tally};
    let mut big = String::from("a,b,c\n");
    for unit in 0..150_000u64 {
        let truth = (unit * 7 % 11) + 3;
        let second = if unit % 9 == 0 { truth + 1 } else { truth };
        let third = if unit % 13 == 0 {
            String::new()
        } else {
            truth.to_string()
        };
        big.push_str(&format!("{truth},{second},{third}\n"));
    }
    let many: String = std::iter::once("a,b\n".to_owned())
        .chain((0..200).map(|i| format!("{i},{}\n", i + i % 2)))
        .collect();
    let domain = ["low".to_owned(), "mid".to_owned(), "high".to_owned()];
    let cases: Vec<(&str, Level, Option<&[String]>)> = vec![
        (
            "x,y\npos,pos\nneg,\npos,neu\nneu,neu\n",
            Level::Nominal,
            None,
        ),
        ("x,y,z\n10,2,2\n2,NA,10\n5,5,.\n", Level::Interval, None),
        (
            "x,y\nhigh,mid\nlow,low\nmid,mid\n",
            Level::Ordinal,
            Some(&domain),
        ),
        (&many, Level::Ratio, None),
        (&big, Level::Ordinal, None),
    ];
    for (text, level, categories) in cases {
        let options = MatrixOptions {
            header: true,
            long: false,
            level,
            categories,
        };
        let (ratings, names) = read_matrix(text, &options).unwrap();
        let (counted, counted_names) = count_matrix(text, &options).unwrap();
        assert_eq!(names, counted_names);
        assert_eq!(ratings.categories, counted.categories);
        let expected = report(&ratings, level, None);
        let got = report_from_tally(&counted.tally, &counted.categories, level, None);
        assert_eq!(expected, got, "{level}");
    }
}

#[test]
fn long_rows_become_a_matrix() {
    let options = MatrixOptions {
        header: true,
        long: true,
        level: Level::Nominal,
        categories: None,
    };
    let (ratings, coders) =
        read_matrix("unit,coder,value\nu1,a,x\nu1,b,x\nu2,b,y\n", &options).unwrap();
    assert_eq!(coders, ["a", "b"]);
    assert_eq!(ratings.cells, [Some(0), Some(0), None, Some(1)]);
    let error = read_matrix("u1,a,x\nu1,a,y\nu2,b,y\n", &options).unwrap_err();
    assert!(matches!(
        error,
        MatrixError::LongDuplicate {
            row: 2,
            first: 1,
            ..
        }
    ));
}

/// Random UTF-8 text of 1–4 byte characters with line breaks; every byte offset is tried as the
/// place to cut. The cut must be a character boundary at the start of a line, at or after the
/// offset, with no line start skipped between the offset and the cut.
#[test]
fn line_cut_is_a_line_start_for_every_offset_of_random_utf8() {
    use rand::{RngExt, SeedableRng};
    let alphabet = [
        'a', ',', '\n', '\r', 'é', '正', '中', '负', '面', '性', '😀', '"',
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
    for _ in 0..300 {
        let length = rng.random_range(0..60);
        let text: String = (0..length)
            .map(|_| alphabet[rng.random_range(0..alphabet.len())])
            .collect();
        for at in 0..=text.len() + 1 {
            let cut = line_cut(&text, at);
            assert!(text.is_char_boundary(cut), "{text:?} at {at} → {cut}");
            assert!(cut >= at.min(text.len()), "{text:?} at {at} → {cut}");
            let line_start = cut == 0 || cut == text.len() || text.as_bytes()[cut - 1] == b'\n';
            assert!(line_start, "{text:?} at {at} → {cut}");
            if at > 0 && cut > at {
                // No line started between the offset and the cut.
                let between = &text.as_bytes()[at - 1..cut - 1];
                assert!(
                    !between.contains(&b'\n'),
                    "{text:?} at {at} → {cut} skips a line"
                );
            }
        }
    }
}

/// Over 1 MiB of quote-free Chinese labels is read on two threads; the cut used to fall inside
/// a character and panic (issue 13).
#[test]
fn a_wide_file_over_one_mebibyte_of_chinese_labels_reads_on_two_threads() {
    let labels = ["正面", "中性", "负面"];
    let mut text = String::from("甲,乙,丙\n");
    let mut units = 0;
    while text.len() <= 1 << 21 {
        let row = units % 3;
        text.push_str(&format!(
            "{},{},{}\n",
            labels[row],
            labels[(row + units / 7) % 3],
            labels[(row + 1) % 3]
        ));
        units += 1;
    }
    for shift in 0..4 {
        // Trailing blank lines move the middle byte by byte, so it falls inside a character.
        let shifted = format!("{text}{}", "\n".repeat(shift));
        let (ratings, names) = wide(&shifted, Level::Nominal).unwrap();
        assert_eq!(names, ["甲", "乙", "丙"]);
        assert_eq!(ratings.cells.len(), units * 3);
    }
}

/// A large file is read in two halves that number their lines from 0: an error in the second
/// half still names the file's row, and a quote in the second half alone sends the whole file to
/// the csv reader (the halves' quote-free reading is dropped).
#[test]
fn the_second_half_of_a_large_file_names_file_rows_and_notices_quotes() {
    let mut text = String::from("a,b\n");
    let mut lines = 1;
    while text.len() <= 1 << 21 {
        text.push_str(if lines % 5 == 0 { "\n" } else { "1,2\n" });
        lines += 1;
    }
    let bad_row = lines + 1;
    let ragged = format!("{text}3,4,5\n1,1\n");
    assert_eq!(
        wide(&ragged, Level::Nominal).unwrap_err(),
        MatrixError::Ragged {
            row: bad_row,
            found: 3,
            expected: 2
        }
    );
    let word = format!("{text}x,2\n");
    assert_eq!(
        wide(&word, Level::Interval).unwrap_err().to_string(),
        format!(
            "row {bad_row}, column 1 ('a'): 'x' is not a number, but interval data need numbers"
        )
    );
    // Quoted, the last line is two cells; read as plain text it would be three.
    let quoted = format!("{text}\"3,4\",5\n");
    let (ratings, _) = wide(&quoted, Level::Nominal).unwrap();
    let last = ratings.unit(ratings.units() - 1);
    assert_eq!(
        last.iter()
            .map(|cell| cell.map(|k| ratings.categories[k as usize].label.as_str()))
            .collect::<Vec<_>>(),
        [Some("3,4"), Some("5")]
    );
}

/// Counting short lines by their bytes must count exactly what reading every line counts: with
/// more distinct lines than the line table takes (the rest read the long way), with `\r\n`
/// endings, and with a last line without its newline.
#[test]
fn counting_lines_by_their_bytes_equals_reading_every_line() {
    use crate::stats::{report, report_from_tally};
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let cell = |draw: u64| match draw % 8 {
        0 => String::new(),
        7 => "NA".to_owned(),
        k => k.to_string(),
    };
    let mut many = String::from("a,b,c,d,e,f\n");
    for unit in 0..300_000 {
        let cells: Vec<String> = (0..6).map(|_| cell(next())).collect();
        many.push_str(&cells.join(","));
        many.push_str(if unit % 3 == 0 { "\r\n" } else { "\n" });
    }
    many.push_str("1,1,1,1,1,1");
    assert!(many.len() > 1 << 20, "two halves");
    let options = MatrixOptions {
        header: true,
        long: false,
        level: Level::Nominal,
        categories: None,
    };
    let (ratings, _) = read_matrix(&many, &options).unwrap();
    let (counted, _) = count_matrix(&many, &options).unwrap();
    assert_eq!(ratings.units(), 300_001);
    assert_eq!(
        report(&ratings, Level::Nominal, None),
        report_from_tally(&counted.tally, &counted.categories, Level::Nominal, None)
    );
}
