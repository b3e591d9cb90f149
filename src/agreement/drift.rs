//! Coder drift: each coder's agreement with the other coders over the order in which they coded,
//! in windows of N overlap units — a coder who agreed in the first weeks and drifts later shows as
//! a falling line, and a window below α_min is a warning.
//!
//! In a window, every (unit, other coder) pair of values is one pairable unit of a two-column
//! reliability matrix [this coder, the other coder], and α is computed on those pairs: the coder's
//! agreement with the others on the units of the window, not the others' among themselves.

use serde::Serialize;

use super::{AgreementError, chosen_coders, domain, single_valued};
use crate::model::Answer;
use crate::stats::Ratings;
use crate::stats::alpha::krippendorff_alpha;
use crate::store::{CodingRecord, Project};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftWindow {
    /// Positions (1-based) in the coder's own coding order of the window's first and last unit.
    pub first: usize,
    pub last: usize,
    /// When the coder coded the window's first and last unit (stored time, UTC).
    pub from: String,
    pub to: String,
    /// Pairs of values with other coders in the window.
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
    pub window: usize,
    pub alpha_min: f64,
    pub coders: Vec<CoderDrift>,
}

impl Drift {
    /// The coders with a window below α_min.
    pub fn warnings(&self) -> Vec<&CoderDrift> {
        self.coders.iter().filter(|c| c.below > 0).collect()
    }
}

/// Each coder's agreement with the others in windows of `window` overlap units of their coding
/// order, for one single-choice or number variable.
pub fn drift(
    project: &Project,
    variable_key: &str,
    window: usize,
    alpha_min: f64,
) -> Result<Drift, AgreementError> {
    let codebook = project.codebook()?;
    let variable = single_valued(&codebook, variable_key)?;
    let window = window.max(2);
    let coders = chosen_coders(project, &[])?;
    let records: Vec<CodingRecord> = project
        .all_codings()?
        .into_iter()
        .filter(|r| r.variable == variable.key)
        .collect();
    let value = |answer: &Answer| match answer {
        Answer::Code(code) => Some(*code as f64),
        Answer::Number(number) => Some(*number),
        Answer::Codes(_) | Answer::Text(_) => None,
    };
    let values_domain = domain(variable);
    let mut out = Vec::new();
    for coder in &coders {
        // The coder's codes in the order they were first given (ties by unit id), keeping the
        // units someone else coded too.
        let mut own: Vec<&CodingRecord> = records
            .iter()
            .filter(|r| &r.coder == coder)
            .filter(|r| {
                records
                    .iter()
                    .any(|other| other.unit == r.unit && &other.coder != coder)
            })
            .collect();
        own.sort_by(|a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then_with(|| a.unit.cmp(&b.unit))
        });
        let mut windows = Vec::new();
        for (index, chunk) in own.chunks(window).enumerate() {
            // A last window of a single unit says nothing.
            if chunk.len() < 2 {
                continue;
            }
            let mut rows: Vec<Vec<Option<f64>>> = Vec::new();
            let mut agreeing = 0usize;
            for mine in chunk {
                let Some(mine_value) = value(&mine.answer) else {
                    continue;
                };
                for other in records
                    .iter()
                    .filter(|o| o.unit == mine.unit && &o.coder != coder)
                {
                    if let Some(theirs) = value(&other.answer) {
                        agreeing += usize::from(theirs == mine_value);
                        rows.push(vec![Some(mine_value), Some(theirs)]);
                    }
                }
            }
            let ratings = Ratings::from_codes(&rows, 2, &values_domain);
            windows.push(DriftWindow {
                first: index * window + 1,
                last: index * window + chunk.len(),
                from: chunk[0].created_at.clone(),
                to: chunk[chunk.len() - 1].created_at.clone(),
                pairs: rows.len(),
                alpha: krippendorff_alpha(&ratings, variable.level),
                percent_agreement: (!rows.is_empty()).then(|| agreeing as f64 / rows.len() as f64),
            });
        }
        let below = windows
            .iter()
            .filter(|w| w.alpha.is_some_and(|a| a < alpha_min))
            .count();
        out.push(CoderDrift {
            coder: coder.clone(),
            windows,
            below,
        });
    }
    Ok(Drift {
        variable: variable.key.clone(),
        window,
        alpha_min,
        coders: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::preset;
    use crate::model::Unit;

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
        let result = drift(&project, "theme", 10, 0.8).unwrap();
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
            drift(&project, "shooting", 10, 0.8),
            Err(AgreementError::NotSingleValued(_))
        ));
    }
}
