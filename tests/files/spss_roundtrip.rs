//! The SPSS export read back by PSPP (issue 30): a units file of hostile captions — line breaks
//! in every convention, quotes, commas, tabs, formula-like text, 5,000 CJK characters, emoji —
//! gives exactly one case per unit, from any working folder, and PSPP's frequencies equal
//! `codingdesk stats`; the native .sav read by PSPP and by R's haven (ReadStat, which pyreadstat
//! wraps too). Needs `pspp`, `Rscript` and haven (CI installs them); skips on a developer machine
//! without them, never in CI.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{new_project, ok};

fn pspp_or_skip(test: &str) -> bool {
    let found = Command::new("pspp").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: CI must run the SPSS round trip: install pspp"
        );
        eprintln!("{test}: skipped, pspp is not installed (CI runs it)");
    }
    found
}

/// Runs `syntax` in PSPP from `folder`; its output and the tables it printed (CSV).
fn pspp(folder: &Path, syntax: &Path) -> (std::process::Output, String) {
    let output = Command::new("pspp")
        .current_dir(folder)
        .arg(syntax)
        .args(["-O", "format=csv", "-o", "out.csv"])
        .output()
        .unwrap();
    let printed = std::fs::read_to_string(folder.join("out.csv")).unwrap_or_default();
    (output, printed)
}

/// `codingdesk stats` of theme, as JSON: what every reader's counts are compared with.
fn theme_stats(project: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(&[
        &"stats",
        &project,
        &"--variable",
        &"theme",
        &"--format",
        &"json",
    ]))
    .unwrap()
}

/// Asserts that PSPP's frequency table of theme in `printed` has `codingdesk stats`' count for
/// every category that occurs; returns how many categories it compared.
fn theme_frequencies_match(project: &Path, printed: &str) -> usize {
    let stats = theme_stats(project);
    let mut compared = 0;
    for category in stats["variables"][0]["categories"].as_array().unwrap() {
        let (label, count) = (
            category["label"].as_str().unwrap(),
            category["count"].as_u64().unwrap(),
        );
        if count == 0 {
            continue;
        }
        let line = printed
            .lines()
            .skip_while(|l| !l.starts_with("Table: Theme and focus"))
            .find(|l| l.split(',').nth(1) == Some(label))
            .unwrap_or_else(|| panic!("{label} in {printed}"));
        assert!(line.contains(&format!(",{label},{count},")), "{line}");
        compared += 1;
    }
    compared
}

/// Units whose captions break naive CSV readers, coded by one coder.
fn hostile_study(dir: &Path) -> std::path::PathBuf {
    let project = new_project(dir, "tiktok-six");
    let long_cjk: String = "重庆火锅🌶️".chars().cycle().take(5_000).collect();
    let captions = [
        "line one\nline two".to_owned(),
        "windows\r\nline\r\nends".to_owned(),
        "old mac\rline".to_owned(),
        "unicode\u{2028}line\u{2029}separators".to_owned(),
        "a \"quoted\" word, a comma,\tand a tab".to_owned(),
        "=HYPERLINK(\"http://x\")".to_owned(),
        "@account +1 -2".to_owned(),
        long_cjk,
        "emoji 😀👍🏽 and 中文".to_owned(),
        "plain".to_owned(),
    ];
    let mut csv = csv::Writer::from_path(dir.join("units.csv")).unwrap();
    csv.write_record(["id", "caption", "account"]).unwrap();
    for (i, caption) in captions.iter().enumerate() {
        csv.write_record([
            format!("u{i}"),
            caption.clone(),
            format!("@acct{i}\nsecond"),
        ])
        .unwrap();
    }
    csv.flush().unwrap();
    drop(csv);
    ok(&[&"import", &project, &dir.join("units.csv")]);
    let mut codes = String::from("unit_id,coder,variable,value\n");
    for i in 0..captions.len() {
        // Food for units 0-3, the rest spread over the other values.
        let theme = [4, 4, 4, 4, 1, 2, 3, 9, 1, 2][i];
        codes.push_str(&format!(
            "u{i},Li Na,theme,{theme}\nu{i},Li Na,emotion,{}\n",
            1 + i % 3
        ));
    }
    std::fs::write(dir.join("codes.csv"), codes).unwrap();
    ok(&[&"import-codes", &project, &dir.join("codes.csv")]);
    ok(&[&"primary", &project, &"Li Na"]);
    project
}

#[test]
fn pspp_reads_one_case_per_unit_whatever_the_captions_hold() {
    if !pspp_or_skip("pspp_reads_one_case_per_unit_whatever_the_captions_hold") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let project = hostile_study(dir.path());
    let out = dir.path().join("spss").join("study.csv");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    ok(&[&"export", &project, &"--format", &"spss", &"--out", &out]);
    let syntax = out.with_extension("sps");
    let sps = std::fs::read_to_string(&syntax).unwrap();
    // Text as wide as its longest value: 5,000 characters of 3-4 bytes each fit whole.
    let caption_width: usize = sps
        .lines()
        .find_map(|l| l.trim().strip_prefix("caption A"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(caption_width >= 15_000, "caption A{caption_width}");
    // Run from another folder: the syntax finds its data by its full path.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let run = elsewhere.join("run.sps");
    std::fs::write(
        &run,
        format!(
            "INCLUDE FILE='{}'.\nSAVE OUTFILE='{}'.\nFREQUENCIES VARIABLES=theme emotion.\nLIST VARIABLES=unit account.\n",
            syntax.display(),
            elsewhere.join("study.sav").display()
        ),
    )
    .unwrap();
    let (output, printed) = pspp(&elsewhere, &run);
    assert!(
        output.status.success() && !printed.contains("warning") && !printed.contains("error"),
        "{}\n{printed}",
        String::from_utf8_lossy(&output.stderr)
    );
    // One case per unit.
    let listed: Vec<&str> = printed
        .lines()
        .skip_while(|l| !l.starts_with("Table: Data List"))
        .skip(2)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(listed.len(), 10, "{printed}");
    assert!(listed.iter().all(|l| l.starts_with('u')), "{listed:?}");
    assert!(
        printed.contains("@acct0 second"),
        "the apostrophe guard stays out of SPSS data"
    );
    // PSPP's frequencies of theme equal codingdesk's, category by category.
    assert_eq!(theme_frequencies_match(&project, &printed), 5, "{printed}");
}

/// Issue 30: the native .sav holds the text exactly as stored (line breaks and a 5,000
/// character caption whole), labels, levels, a date, and PSPP's frequencies equal codingdesk's.
#[test]
fn pspp_reads_the_sav_with_labels_levels_dates_and_whole_text() {
    if !pspp_or_skip("pspp_reads_the_sav_with_labels_levels_dates_and_whole_text") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let project = hostile_study(dir.path());
    let sav = dir.path().join("study.sav");
    ok(&[&"export", &project, &"--format", &"sav", &"--out", &sav]);
    let long_cjk: String = "重庆火锅🌶️".chars().cycle().take(5_000).collect();
    let run = dir.path().join("read.sps");
    std::fs::write(
        &run,
        format!(
            "GET FILE='{}'.\nDISPLAY DICTIONARY.\nCOMPUTE bytes = LENGTH(caption).\nCOMPUTE year = XDATE.YEAR(published_at).\nFORMATS bytes year (F8.0).\nLIST VARIABLES=unit bytes.\nFREQUENCIES VARIABLES=theme.\n",
            sav.display()
        ),
    )
    .unwrap();
    let (output, printed) = pspp(dir.path(), &run);
    assert!(
        output.status.success() && !printed.contains("error"),
        "{}\n{printed}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Labels and levels.
    assert!(
        printed.contains("theme,") && printed.contains("Theme and focus,Nominal"),
        "{printed}"
    );
    assert!(
        printed.contains("emotion,") && printed.contains("Emotional tendency,Ordinal"),
        "{printed}"
    );
    assert!(
        printed.contains("published_at,5,published_at,Scale"),
        "{printed}"
    );
    assert!(printed.contains(",4,Food"), "value labels: {printed}");
    // One case per unit, the long caption whole (its bytes), line breaks kept.
    let listed: Vec<&str> = printed
        .lines()
        .skip_while(|l| !l.starts_with("Table: Data List"))
        .skip(2)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(listed.len(), 10, "{printed}");
    assert!(
        listed.contains(&format!("u7,{}", long_cjk.len()).as_str()),
        "{listed:?} (caption of {} bytes)",
        long_cjk.len()
    );
    theme_frequencies_match(&project, &printed);
}

/// The sample's `published_at` (stored in UTC) is the same moment in the .sav, as a DATETIME.
#[test]
fn published_at_is_an_spss_date_and_time() {
    if !pspp_or_skip("published_at_is_an_spss_date_and_time") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let project = common::sample_project_in(dir.path());
    let sav = dir.path().join("sample.sav");
    ok(&[&"export", &project, &"--format", &"sav", &"--out", &sav]);
    let stored = common::query(
        &project,
        "SELECT uid, published_at FROM unit ORDER BY position LIMIT 1",
    );
    let run = dir.path().join("dates.sps");
    std::fs::write(
        &run,
        format!(
            "GET FILE='{}'.\nLIST VARIABLES=unit published_at /CASES=FROM 1 TO 1.\n",
            sav.display()
        ),
    )
    .unwrap();
    let (output, printed) = pspp(dir.path(), &run);
    assert!(output.status.success());
    let when = chrono::DateTime::parse_from_rfc3339(&stored[0][1]).unwrap();
    let expected = format!(
        "{},{}",
        stored[0][0],
        when.format("%d-%b-%Y %H:%M:%S").to_string().to_uppercase()
    );
    assert!(printed.contains(&expected), "{expected} in {printed}");
}

/// Runs R with haven (ReadStat, the library pyreadstat also wraps: an implementation of the
/// format independent of PSPP's) on `script`; None, after saying so, where R or haven is missing
/// on a developer machine. CI installs r-cran-haven.
fn haven(script: &str, sav: &Path) -> Option<String> {
    let missing = match Command::new("Rscript")
        .args(["-e", script])
        .arg(sav)
        .output()
    {
        Ok(output) if output.status.success() => {
            return Some(String::from_utf8_lossy(&output.stdout).into_owned());
        }
        Ok(output) => {
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(
                stderr.contains("no package called"),
                "R failed on the .sav: {stderr}"
            );
            stderr
        }
        Err(e) => e.to_string(),
    };
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must read the .sav with R's haven: install r-base-core and r-cran-haven ({missing})"
    );
    eprintln!("skipped: R with haven is not installed (CI runs it): {missing}");
    None
}

/// Issue 30: a second, independent reader (R's haven, i.e. ReadStat) takes the .sav with its
/// labels, the whole text, a date-time, and counts equal to `codingdesk stats`.
#[test]
fn r_haven_reads_the_sav_with_labels_text_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let project = hostile_study(dir.path());
    let sav = dir.path().join("study.sav");
    ok(&[&"export", &project, &"--format", &"sav", &"--out", &sav]);
    let script = r#"suppressMessages(library(haven))
d <- read_sav(commandArgs(TRUE)[1])
cat("rows", nrow(d), "\n")
cat("label", attr(d$theme, "label"), "\n")
l <- attr(d$theme, "labels")
cat("labels", paste(l, names(l), sep = "=", collapse = "|"), "\n")
cat("class", class(d$published_at)[1], "\n")
cat("caption", d$unit[8], nchar(d$caption[8]), "\n")
cat("breaks", d$caption[1] == "line one\nline two", "\n")
t <- table(as_factor(d$theme))
for (k in names(t)) cat("count", k, t[[k]], sep = "\t"); cat("\n")"#;
    let Some(printed) = haven(script, &sav) else {
        return;
    };
    assert!(printed.contains("rows 10 \n"), "{printed}");
    assert!(printed.contains("label Theme and focus \n"), "{printed}");
    assert!(
        printed.contains(
            "labels 1=Natural landscape|2=History and culture|3=City features|4=Food|9=Other"
        ),
        "{printed}"
    );
    assert!(printed.contains("class POSIXct"), "{printed}");
    assert!(printed.contains("caption u7 5000 \n"), "{printed}");
    assert!(printed.contains("breaks TRUE"), "{printed}");
    let stats = theme_stats(&project);
    for category in stats["variables"][0]["categories"].as_array().unwrap() {
        let expected = format!(
            "count\t{}\t{}",
            category["label"].as_str().unwrap(),
            category["count"]
        );
        assert!(printed.contains(&expected), "{expected} in {printed}");
    }
}
