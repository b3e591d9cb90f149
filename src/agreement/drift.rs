//! Coder drift: each coder's agreement over the order in which they coded — with the other
//! coders on the units they share, or with the gold standard (the adjudicated values) where it
//! exists — in windows of N units or per calendar week. A coder who agreed in the first weeks and
//! drifts later shows as a falling line, and a window below α_min is a warning.
//!
//! In a window, every (unit, other coder) pair of values — or (unit, gold) — is one pairable unit
//! of a two-column reliability matrix [this coder, the other], and α is computed on those pairs:
//! the coder's agreement with the others on the units of the window, not the others' among
//! themselves.

use std::collections::HashMap;

use serde::Serialize;

use super::{AgreementError, chosen_coders, domain, single_valued};
use crate::model::Answer;
use crate::stats::Ratings;
use crate::stats::alpha::krippendorff_alpha;
use crate::store::{CodingRecord, Project};

/// How a coder's coding order is cut into windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Windows {
    /// N compared units at a time.
    Units(usize),
    /// One window per calendar week (ISO 8601, in UTC) of coding.
    Weeks,
}

/// Whom each coder is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Against {
    /// The other coders, on the units they coded too.
    Others,
    /// The gold standard: the adjudicated values, on the units that have one.
    Gold,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DriftOptions {
    pub windows: Windows,
    pub against: Against,
    pub alpha_min: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftWindow {
    /// Positions (1-based) in the coder's own order of compared units of the window's first and
    /// last unit.
    pub first: usize,
    pub last: usize,
    /// The calendar week (`2026-W48`) of a weekly window.
    pub week: Option<String>,
    /// When the coder coded the window's first and last unit (stored time, UTC).
    pub from: String,
    pub to: String,
    /// Pairs of values compared in the window.
    pub pairs: usize,
    pub alpha: Option<f64>,
    pub percent_agreement: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoderDrift {
    pub coder: String,
    pub windows: Vec<DriftWindow>,
    /// Windows whose α is below α_min.
    pub below: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drift {
    pub variable: String,
    /// Units per window; `None` for weekly windows.
    pub window: Option<usize>,
    /// `units` or `week`.
    pub per: &'static str,
    pub against: Against,
    pub alpha_min: f64,
    pub coders: Vec<CoderDrift>,
}

impl Drift {
    /// The coders with a window below α_min.
    pub fn warnings(&self) -> Vec<&CoderDrift> {
        self.coders.iter().filter(|c| c.below > 0).collect()
    }
}

/// The ISO week of a stored time (`2026-11-30T…`), e.g. `2026-W49`; `None` if it is no date.
fn iso_week(stored: &str) -> Option<String> {
    use chrono::Datelike;
    let date = chrono::NaiveDate::parse_from_str(stored.get(..10)?, "%Y-%m-%d").ok()?;
    let week = date.iso_week();
    Some(format!("{}-W{:02}", week.year(), week.week()))
}

fn value_of(answer: &Answer) -> Option<f64> {
    match answer {
        Answer::Code(code) => Some(*code as f64),
        Answer::Number(number) => Some(*number),
        Answer::Codes(_) | Answer::Text(_) => None,
    }
}

/// Each coder's agreement in windows of their coding order, for one single-choice or number
/// variable.
pub fn drift(
    project: &Project,
    variable_key: &str,
    options: &DriftOptions,
) -> Result<Drift, AgreementError> {
    let codebook = project.codebook()?;
    let variable = single_valued(&codebook, variable_key)?;
    let coders = chosen_coders(project, &[])?;
    let records: Vec<CodingRecord> = project
        .all_codings()?
        .into_iter()
        .filter(|r| *r.variable == *variable.key)
        .collect();
    // What each unit is compared with, looked up by unit: every coder's value, or gold's.
    let mut by_unit: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
    for record in &records {
        if let Some(value) = value_of(&record.answer) {
            by_unit
                .entry(&*record.unit)
                .or_default()
                .push((&*record.coder, value));
        }
    }
    let gold: HashMap<String, f64> = match options.against {
        Against::Others => HashMap::new(),
        Against::Gold => project
            .final_values()?
            .into_iter()
            .filter(|(_, key, _)| *key == variable.key)
            .filter_map(|(unit, _, answer)| Some((unit, value_of(&answer)?)))
            .collect(),
    };
    let compared_with = |unit: &str, coder: &str| -> Vec<f64> {
        match options.against {
            Against::Others => by_unit
                .get(unit)
                .map(|values| {
                    values
                        .iter()
                        .filter(|(other, _)| *other != coder)
                        .map(|(_, value)| *value)
                        .collect()
                })
                .unwrap_or_default(),
            Against::Gold => gold.get(unit).map(|value| vec![*value]).unwrap_or_default(),
        }
    };
    let values_domain = domain(variable);
    let mut out = Vec::new();
    for coder in &coders {
        // The coder's codes in the order they were first given (ties by unit id), keeping the
        // units there is something to compare with.
        let mut own: Vec<(&CodingRecord, f64, Vec<f64>)> = records
            .iter()
            .filter(|r| *r.coder == **coder)
            .filter_map(|r| {
                let mine = value_of(&r.answer)?;
                let others = compared_with(&r.unit, coder);
                (!others.is_empty()).then_some((r, mine, others))
            })
            .collect();
        own.sort_by(|a, b| {
            a.0.created_at
                .cmp(&b.0.created_at)
                .then_with(|| a.0.unit.cmp(&b.0.unit))
        });
        let mut windows = Vec::new();
        for (start, chunk, week) in cut(&own, options.windows) {
            // A window of a single unit says nothing.
            if chunk.len() < 2 {
                continue;
            }
            let mut rows: Vec<Vec<Option<f64>>> = Vec::new();
            let mut agreeing = 0usize;
            for (_, mine, others) in chunk {
                for theirs in others {
                    agreeing += usize::from(theirs == mine);
                    rows.push(vec![Some(*mine), Some(*theirs)]);
                }
            }
            let ratings = Ratings::from_codes(&rows, 2, &values_domain);
            windows.push(DriftWindow {
                first: start + 1,
                last: start + chunk.len(),
                week,
                from: chunk[0].0.created_at.to_string(),
                to: chunk[chunk.len() - 1].0.created_at.to_string(),
                pairs: rows.len(),
                alpha: krippendorff_alpha(&ratings, variable.level),
                percent_agreement: (!rows.is_empty()).then(|| agreeing as f64 / rows.len() as f64),
            });
        }
        let below = windows
            .iter()
            .filter(|w| w.alpha.is_some_and(|a| a < options.alpha_min))
            .count();
        out.push(CoderDrift {
            coder: coder.clone(),
            windows,
            below,
        });
    }
    let (window, per) = match options.windows {
        Windows::Units(n) => (Some(n.max(2)), "units"),
        Windows::Weeks => (None, "week"),
    };
    Ok(Drift {
        variable: variable.key.clone(),
        window,
        per,
        against: options.against,
        alpha_min: options.alpha_min,
        coders: out,
    })
}

/// The coder's ordered codes cut into windows: (index of the first, the window, its week).
type Ordered<'a, T> = [(&'a CodingRecord, f64, T)];

fn cut<'a, 'b, T>(
    own: &'b Ordered<'a, T>,
    windows: Windows,
) -> Vec<(usize, &'b Ordered<'a, T>, Option<String>)> {
    match windows {
        Windows::Units(n) => {
            let n = n.max(2);
            own.chunks(n)
                .enumerate()
                .map(|(i, chunk)| (i * n, chunk, None))
                .collect()
        }
        Windows::Weeks => {
            let mut out = Vec::new();
            let mut start = 0;
            while start < own.len() {
                let week = iso_week(&own[start].0.created_at);
                let length = own[start..]
                    .iter()
                    .take_while(|(record, _, _)| iso_week(&record.created_at) == week)
                    .count()
                    .max(1);
                out.push((start, &own[start..start + length], week));
                start += length;
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::preset;
    use crate::model::Unit;

    fn units_of(n: usize) -> DriftOptions {
        DriftOptions {
            windows: Windows::Units(n),
            against: Against::Others,
            alpha_min: 0.8,
        }
    }

    /// Two coders on 20 units, coded one after the other; "b" agrees with "a" on the first ten
    /// units of their coding order and disagrees on most of the last ten.
    #[test]
    fn a_coder_who_drifts_shows_a_falling_line_and_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
        let mut project = Project::create(&dir.path().join("d.cdesk"), "d", &codebook).unwrap();
        let units: Vec<Unit> = (0..20)
            .map(|i| Unit {
                uid: format!("u{i:02}"),
                ..Unit::default()
            })
            .collect();
        project.upsert_units(&units, "t").unwrap();
        project.ensure_coder("a", "t").unwrap();
        project.ensure_coder("b", "t").unwrap();
        let codes = [1, 2, 3, 4, 9];
        for i in 0..20usize {
            let unit = format!("u{i:02}");
            let a = codes[i % 5];
            let b = if i < 10 || i % 5 == 0 {
                a
            } else {
                codes[(i + 2) % 5]
            };
            for (coder, value) in [("a", a), ("b", b)] {
                project
                    .set_answer(&unit, coder, "theme", Some(&Answer::Code(value)))
                    .unwrap();
            }
        }
        let result = drift(&project, "theme", &units_of(10)).unwrap();
        let b = result.coders.iter().find(|c| c.coder == "b").unwrap();
        assert_eq!(b.windows.len(), 2);
        assert_eq!((b.windows[0].first, b.windows[0].last), (1, 10));
        assert_eq!(b.windows[0].alpha, Some(1.0));
        assert_eq!(b.windows[0].percent_agreement, Some(1.0));
        let late = b.windows[1].alpha.unwrap();
        assert!(late < 0.8, "{late}");
        assert_eq!(b.below, 1);
        assert_eq!(
            result.warnings().len(),
            2,
            "with two coders, both see the drop"
        );
        assert!(matches!(
            drift(&project, "shooting", &units_of(10)),
            Err(AgreementError::NotSingleValued(_))
        ));
    }

    #[test]
    fn weekly_windows_follow_iso_weeks_across_a_year_end() {
        assert_eq!(
            iso_week("2026-11-29T23:59:59Z").as_deref(),
            Some("2026-W48")
        );
        assert_eq!(
            iso_week("2026-11-30T00:00:00Z").as_deref(),
            Some("2026-W49")
        );
        assert_eq!(
            iso_week("2027-01-01T10:00:00Z").as_deref(),
            Some("2026-W53")
        );
        assert_eq!(iso_week("not a date"), None);
        let record = |at: &str| CodingRecord {
            unit: "u".into(),
            coder: "a".into(),
            variable: "theme".into(),
            answer: Answer::Code(1),
            note: String::new(),
            created_at: at.into(),
            updated_at: at.into(),
        };
        let records: Vec<CodingRecord> = [
            "2026-11-29T09:00:00Z",
            "2026-11-30T09:00:00Z",
            "2026-12-01T09:00:00Z",
            "2026-12-06T23:00:00Z",
            "2026-12-07T08:00:00Z",
        ]
        .iter()
        .map(|at| record(at))
        .collect();
        let own: Vec<(&CodingRecord, f64, ())> = records.iter().map(|r| (r, 1.0, ())).collect();
        let weeks: Vec<(usize, usize, Option<String>)> = cut(&own, Windows::Weeks)
            .into_iter()
            .map(|(start, chunk, week)| (start, chunk.len(), week))
            .collect();
        assert_eq!(
            weeks,
            [
                (0, 1, Some("2026-W48".into())),
                (1, 3, Some("2026-W49".into())),
                (4, 1, Some("2026-W50".into())),
            ]
        );
    }

    /// Against gold: each coder against the adjudicated values only, on the units that have one.
    #[test]
    fn drift_against_gold_compares_with_the_adjudicated_values() {
        let dir = tempfile::tempdir().unwrap();
        let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
        let mut project = Project::create(&dir.path().join("g.cdesk"), "g", &codebook).unwrap();
        let units: Vec<Unit> = (0..6)
            .map(|i| Unit {
                uid: format!("u{i}"),
                ..Unit::default()
            })
            .collect();
        project.upsert_units(&units, "t").unwrap();
        for coder in ["a", "b"] {
            project.ensure_coder(coder, "t").unwrap();
        }
        let gold = [1, 2, 3, 1, 2, 3];
        for (i, value) in gold.iter().enumerate() {
            let unit = format!("u{i}");
            project
                .set_answer(&unit, "a", "theme", Some(&Answer::Code(*value)))
                .unwrap();
            // b misses the last three.
            let b = if i < 3 { *value } else { 4 };
            project
                .set_answer(&unit, "b", "theme", Some(&Answer::Code(b)))
                .unwrap();
            // Gold on all but the first unit.
            if i > 0 {
                project
                    .set_final_value(&unit, "theme", Some(&Answer::Code(*value)), "", "sup")
                    .unwrap();
            }
        }
        let options = DriftOptions {
            windows: Windows::Units(10),
            against: Against::Gold,
            alpha_min: 0.8,
        };
        let result = drift(&project, "theme", &options).unwrap();
        assert_eq!(result.against, Against::Gold);
        let a = result.coders.iter().find(|c| c.coder == "a").unwrap();
        assert_eq!(a.windows[0].pairs, 5, "one pair per unit with gold");
        assert_eq!(a.windows[0].alpha, Some(1.0));
        let b = result.coders.iter().find(|c| c.coder == "b").unwrap();
        assert_eq!(b.windows[0].pairs, 5);
        assert_eq!(b.windows[0].percent_agreement, Some(2.0 / 5.0));
        assert_eq!(b.below, 1);
        assert_eq!(result.warnings().len(), 1, "a agrees with gold throughout");
    }
}
