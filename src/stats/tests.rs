//! Published reliability data sets used by the tests, with their sources.

use super::Ratings;
use crate::model::Level;

fn parse(rows: &[&str], level: Level) -> Ratings {
    let data: Vec<Vec<Option<String>>> = rows
        .iter()
        .map(|row| {
            row.split_whitespace()
                .map(|cell| (cell != ".").then(|| cell.to_string()))
                .collect()
        })
        .collect();
    let coders = data[0].len();
    Ratings::from_text(&data, coders, level, None).unwrap()
}

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: reliability data
/// of 4 observers (columns A–D) on 12 units (rows), values 1–5, `.` missing. Also irrCAC's
/// `cac.raw4raters`.
pub fn krippendorff_2011() -> Ratings {
    parse(
        &[
            "1 1 . 1", "2 2 3 2", "3 3 3 3", "3 3 3 3", "2 2 2 2", "1 2 3 4", "4 4 4 4", "1 1 2 1",
            "2 2 2 2", ". 5 5 5", ". . 1 1", ". 3 . .",
        ],
        Level::Nominal,
    )
}

/// irrCAC's `cac.raw4raters`: Krippendorff's data with unit 12's single value under the third
/// rater instead of the second. Only coefficients with coder-specific marginals (Conger) differ.
pub fn irrcac_raw4raters() -> Ratings {
    parse(
        &[
            "1 1 . 1", "2 2 3 2", "3 3 3 3", "3 3 3 3", "2 2 2 2", "1 2 3 4", "4 4 4 4", "1 1 2 1",
            "2 2 2 2", ". 5 5 5", ". . 1 1", ". . 3 .",
        ],
        Level::Nominal,
    )
}

/// Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological Bulletin
/// 76(5): 30 patients diagnosed by 6 psychiatrists into 5 categories (R irr's `diagnoses`, as
/// letters a–e in the RExRepos inter-rater example).
pub fn fleiss_1971_diagnoses() -> Ratings {
    let raters = [
        "dbbeb acaae aabab caaba ebbaa babae",
        "dbceb acaae dbbdb caabc edbad babce",
        "dbceb cccde ddbdd caadc edddd badce",
        "deced cccde ddcdd cdade ededd badce",
        "deced cecde ddcdd ceade ededd bedce",
        "deeed cedde ddcde eebde edede dedce",
    ];
    let letters: Vec<Vec<char>> = raters
        .iter()
        .map(|r| r.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    let rows: Vec<String> = (0..30)
        .map(|patient| {
            letters
                .iter()
                .map(|r| r[patient].to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    parse(&rows, Level::Nominal)
}
