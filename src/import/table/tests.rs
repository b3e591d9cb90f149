use super::*;

#[test]
fn csv_rows_are_numbered_as_in_the_file() {
    let table = read_csv("id,caption\n1,\"two\nlines\"\n\n2,b\n", false).unwrap();
    assert_eq!(table.records.len(), 2);
    assert_eq!(table.records[0].at, 2);
    assert_eq!(table.records[1].at, 5);
}

/// A quote-free body over 1 MiB is read in two halves: the same records, numbered by their
/// lines in the file, blank lines skipped in either half, and a bad row in the second half
/// named by its line; a single quote anywhere reads the whole body in one go.
#[test]
fn a_large_quote_free_csv_read_in_halves_numbers_rows_as_in_the_file() {
    let mut text = String::from("id,caption\r\n");
    let mut expected = Vec::new();
    let mut line = 1;
    while text.len() <= 1 << 21 {
        line += 1;
        if line % 1000 == 0 {
            text.push_str("\r\n");
            continue;
        }
        text.push_str(&format!("{line},重庆 caption {line}\r\n"));
        expected.push((line, line.to_string()));
    }
    let id = |record: &Record| record.cells[0].as_text().unwrap_or_default().into_owned();
    let table = read_csv(&text, false).unwrap();
    let read: Vec<(usize, String)> = table.records.iter().map(|r| (r.at, id(r))).collect();
    assert_eq!(read, expected);

    let ragged = format!("{text}x,y,z\n");
    assert_eq!(
        read_csv(&ragged, false).unwrap_err(),
        format!("row {} has 3 fields but the header has 2", line + 1)
    );
    let quoted = format!("{text}{},\"a \"\"quoted\"\", caption\"\n", line + 1);
    let table = read_csv(&quoted, false).unwrap();
    let last = table.records.last().unwrap();
    assert_eq!(last.at, line + 1);
    assert_eq!(
        last.cells[1].as_text().unwrap_or_default(),
        "a \"quoted\", caption"
    );
}

#[test]
fn ragged_rows_and_bad_headers_are_refused() {
    assert_eq!(
        read_csv("id,a\n1,2\n3\n", false).unwrap_err(),
        "row 3 has 1 fields but the header has 2"
    );
    assert!(
        read_csv("id,,b\n1,2,3\n", false)
            .unwrap_err()
            .contains("column 2 has no name")
    );
    assert!(
        read_csv("id,id\n1,2\n", false)
            .unwrap_err()
            .contains("both named 'id'")
    );
}

#[test]
fn delimiters_are_sniffed() {
    assert_eq!(
        read_csv("id\tlikes\n1\t2\n", false).unwrap().headers,
        ["id", "likes"]
    );
    assert_eq!(
        read_csv("id;likes\n1;2\n", false).unwrap().headers,
        ["id", "likes"]
    );
}

#[test]
fn json_arrays_and_lines_are_flattened() {
    let table = read_json(
        r#"[{"id": "7", "stats": {"diggCount": 12}, "images": ["a.jpg", "b.jpg"]},
            {"id": "8", "extra": null}]"#,
    )
    .unwrap();
    assert_eq!(table.headers, ["id", "stats.diggCount", "images", "extra"]);
    assert_eq!(table.records[0].cells[1], Cell::Number(12.0));
    assert_eq!(table.records[0].cells[2], Cell::Text("a.jpg;b.jpg".into()));
    let lines = read_json("{\"id\": 1}\n\n{\"id\": 2}\n").unwrap();
    assert_eq!(lines.records[1].at, 3);
    assert_eq!(lines.position, Position::Line);
    assert!(
        read_json("{\"id\": 1}\n{oops}\n")
            .unwrap_err()
            .starts_with("line 2")
    );
    assert!(
        read_json("[1, 2]")
            .unwrap_err()
            .contains("record 1 is not a JSON object")
    );
}

#[test]
fn every_extension_names_one_input_format_and_others_are_read_as_csv() {
    let mut seen = std::collections::HashSet::new();
    for format in InputFormat::ALL {
        for extension in format.extensions() {
            assert!(seen.insert(*extension), "{extension} names two formats");
            let path = std::path::PathBuf::from(format!("units.{}", extension.to_uppercase()));
            assert_eq!(InputFormat::of(&path), format, "{}", path.display());
        }
    }
    assert_eq!(unit_file_extensions().len(), seen.len());
    for other in ["units.dat", "units", "units.csv.bak"] {
        assert_eq!(
            InputFormat::of(std::path::Path::new(other)),
            InputFormat::Csv
        );
    }
}
