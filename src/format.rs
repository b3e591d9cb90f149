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

/// A p-value as APA style prints it: `p < .001`, else `p = .023`.
pub fn p_value(p: Option<f64>) -> String {
    match p {
        None => "p undefined".to_owned(),
        Some(p) if p < 0.001 => "p < .001".to_owned(),
        Some(p) => format!("p = {}", apa(Some(p))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
