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
}
