//! How numbers are shown to people, one rule per kind of number, shared by the command line, the
//! window and the report (so that a reliability table reads the same in all three).

/// A coefficient bounded by ±1 (α, κ, π, AC1, r) as APA style prints it: three decimals and no
/// leading zero (`.812`, `-.050`, `1.000`); a dash when undefined.
pub fn apa(value: Option<f64>) -> String {
    match value {
        None => "—".to_owned(),
        Some(v) => {
            let text = format!("{v:.3}");
            match text.strip_prefix("-0.") {
                Some(rest) => format!("-.{rest}"),
                None => text
                    .strip_prefix("0.")
                    .map_or_else(|| text.clone(), |rest| format!(".{rest}")),
            }
        }
    }
}

/// A change in a coefficient with its sign, APA style: `+.022`, `-.056`.
pub fn signed_apa(change: f64) -> String {
    let text = apa(Some(change));
    if change >= 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// A share as a percentage with one decimal (`82.7%`); a dash when undefined.
pub fn percent(share: Option<f64>) -> String {
    share.map_or("—".to_owned(), |p| format!("{:.1}%", p * 100.0))
}

/// A count as people read it: `73,450,000`.
pub fn grouped(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0 { format!("-{out}") } else { out }
}

/// A number on a chart's axis: whole numbers with thousands separators (`10,000,000`), others
/// with as few decimals as show them (`0.25`, `2.5`).
pub fn axis(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    if (value - value.round()).abs() < 1e-9 && value.abs() < 9.0e15 {
        return grouped(value.round() as i64);
    }
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A p-value in a sentence as APA style prints it: `p < .001`, else `p = .023`.
pub fn p_value(p: Option<f64>) -> String {
    match p {
        None => "p undefined".to_owned(),
        Some(p) if p < 0.001 => "p < .001".to_owned(),
        Some(p) => format!("p = {}", apa(Some(p))),
    }
}

/// A p-value in a table's p column: `< .001`, `.023`, or a dash when undefined.
pub fn p_cell(p: Option<f64>) -> String {
    match p {
        None => "—".to_owned(),
        Some(p) if p < 0.001 => "< .001".to_owned(),
        Some(p) => apa(Some(p)),
    }
}

/// A descriptive statistic (mean, SD, median…) to `decimals` places; whole numbers whole,
/// thousands to one decimal; a dash when undefined.
pub fn fixed(value: Option<f64>, decimals: usize) -> String {
    match value {
        None => "—".to_owned(),
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{v:.0}"),
        // The same decimals whatever the size: a column of "952.5000" and "1345.2" reads as
        // two precisions (issue 30).
        Some(v) => format!("{v:.decimals$}"),
    }
}

/// Descriptive statistics as papers print them (APA): two decimals (`82.10`, `0.35`).
pub fn statistic(value: Option<f64>) -> String {
    fixed(value, STATISTIC_DECIMALS)
}

/// Descriptive statistics on the command line: four decimals, to check results against other
/// software (R, SPSS) digit by digit.
pub fn precise(value: Option<f64>) -> String {
    fixed(value, 4)
}

const STATISTIC_DECIMALS: usize = 2;

/// A position in a video as players show it: `0:07`, `12:30`, `1:05:09`.
pub fn clock(seconds: f64) -> String {
    let total = if seconds.is_finite() {
        seconds.max(0.0).floor() as u64
    } else {
        0
    };
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A position to the hundredth of a second, `0:07.93`: the player's readout and the time a
/// note marks, so that a step of one frame shows (a 30 fps frame is 0.033 s).
pub fn clock_fine(seconds: f64) -> String {
    let hundredths = if seconds.is_finite() {
        (seconds.max(0.0) * 100.0).floor() as u64
    } else {
        0
    };
    format!(
        "{}.{:02}",
        clock((hundredths / 100) as f64),
        hundredths % 100
    )
}

/// A post's publication time as people read it: this computer's local time with its offset
/// from UTC (`2024-01-13 21:39 +08:00`), not the stored UTC text. Anything that is not a stored
/// time (a date alone, text a collector wrote) is shown as it is.
pub fn published(stored: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.to_owned(),
        |moment| {
            moment
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M %:z")
                .to_string()
        },
    )
}

/// The local date of a publication time (`2024-01-13`), for lists.
pub fn published_date(stored: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.get(..10).unwrap_or(stored).to_owned(),
        |moment| {
            moment
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d")
                .to_string()
        },
    )
}

/// A stored time as people read it: this computer's local time to the minute
/// (`2026-11-23 16:21`). Text that is not a stored time is shown as it is.
pub fn local_time(stored: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.to_owned(),
        |moment| {
            moment
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

/// An answer as people read it: `3 Positive`, `1 Photography skills; 3 Colour`, a number, text
/// (codes without a variable, or not in it, as plain numbers).
pub fn answer(variable: Option<&crate::model::Variable>, answer: &crate::model::Answer) -> String {
    use crate::model::Answer;
    let label = |code: i64| {
        variable
            .and_then(|v| v.value(code))
            .map_or(code.to_string(), |v| format!("{code} {}", v.label))
    };
    match answer {
        Answer::Code(code) => label(*code),
        Answer::Codes(codes) if codes.is_empty() => crate::tr!("answer-none"),
        Answer::Codes(codes) => codes
            .iter()
            .map(|c| label(*c))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_plain(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn video_positions_read_as_players_show_them() {
        assert_eq!(clock(7.9), "0:07");
        assert_eq!(clock(750.0), "12:30");
        assert_eq!(clock(3909.0), "1:05:09");
        assert_eq!(clock(-1.0), "0:00");
        assert_eq!(clock(f64::NAN), "0:00");
        assert_eq!(clock_fine(7.9), "0:07.90");
        assert_eq!(clock_fine(12.0 + 1.0 / 30.0), "0:12.03");
        assert_eq!(clock_fine(3909.999), "1:05:09.99");
        assert_eq!(clock_fine(-2.0), "0:00.00");
    }

    #[test]
    fn publication_times_are_local_with_their_offset() {
        let stored = "2024-01-13T13:39:27Z";
        let local = chrono::DateTime::parse_from_rfc3339(stored)
            .unwrap()
            .with_timezone(&chrono::Local);
        assert_eq!(
            published(stored),
            local.format("%Y-%m-%d %H:%M %:z").to_string()
        );
        assert!(!published(stored).contains('T'));
        assert_eq!(published_date(stored), local.format("%Y-%m-%d").to_string());
        assert_eq!(published("2024-01-13"), "2024-01-13");
        assert_eq!(published_date("2024-01-13"), "2024-01-13");
        assert_eq!(published_date("昨天"), "昨天");
    }

    #[test]
    fn p_values_read_the_same_in_sentences_and_tables() {
        assert_eq!(p_value(Some(0.0004)), "p < .001");
        assert_eq!(p_cell(Some(0.0004)), "< .001");
        assert_eq!(p_value(Some(0.0234)), "p = .023");
        assert_eq!(p_cell(Some(0.0234)), ".023");
        assert_eq!(p_cell(Some(1.0)), "1.000");
        assert_eq!(p_cell(None), "—");
    }

    #[test]
    fn statistics_show_the_decimals_of_their_measure() {
        assert_eq!(statistic(Some(82.1)), "82.10");
        assert_eq!(statistic(Some(82.0)), "82");
        assert_eq!(statistic(Some(12345.678)), "12345.68");
        assert_eq!(precise(Some(1345.2)), "1345.2000");
        assert_eq!(precise(Some(0.123456)), "0.1235");
        assert_eq!(statistic(None), "—");
    }

    #[test]
    fn apa_drops_the_leading_zero_only() {
        assert_eq!(apa(Some(0.8123)), ".812");
        assert_eq!(apa(Some(-0.05)), "-.050");
        assert_eq!(apa(Some(1.0)), "1.000");
        assert_eq!(apa(Some(-1.0)), "-1.000");
        assert_eq!(apa(Some(0.0)), ".000");
        assert_eq!(apa(None), "—");
        assert_eq!(percent(Some(0.8266)), "82.7%");
    }

    #[test]
    fn counts_axes_and_p_values_read_as_papers_print_them() {
        assert_eq!(grouped(73_450_000), "73,450,000");
        assert_eq!(grouped(-1_000), "-1,000");
        assert_eq!(grouped(122), "122");
        assert_eq!(axis(10_000_000.0), "10,000,000");
        assert_eq!(axis(2.5), "2.5");
        assert_eq!(axis(0.25), "0.25");
        assert_eq!(p_value(Some(0.0004)), "p < .001");
        assert_eq!(p_value(Some(0.0231)), "p = .023");
    }
}
