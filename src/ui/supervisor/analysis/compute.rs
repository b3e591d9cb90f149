//! Computing what the Analysis tab shows — descriptives, timeline, comparison, correlation and
//! their charts — from the snapshot, with the same functions as the CLI and the report; the view
//! keeps the last result and asks again only when its choices or the study change.

use super::super::Snapshot;
use crate::analysis;
use crate::analysis::analyses::Method;
use crate::analysis::items;
use crate::analysis::timeline::{self, Period};
use crate::charts::Chart;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Describe,
    Timeline,
    Compare,
    Correlate,
    Index,
}

/// What an analysis is computed from.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Asked {
    pub(super) revision: u64,
    pub(super) mode: Mode,
    pub(super) field: Option<String>,
    pub(super) second: Option<String>,
    pub(super) by: Option<String>,
    pub(super) below: Option<f64>,
    pub(super) log10: bool,
    pub(super) period: Period,
    pub(super) method: Method,
    /// Chart titles and axes are in the window's language.
    pub(super) lang: crate::i18n::Lang,
}

/// An analysis computed for the tab to show, or why it could not be.
pub(super) enum Computed {
    Describe {
        rows: Vec<analysis::FieldSummary>,
        chart: Result<Chart, analysis::AnalysisError>,
    },
    Timeline {
        result: timeline::Timeline,
        chart: Chart,
    },
    Compare {
        result: analysis::analyses::Comparison,
        chart: Chart,
    },
    Correlate {
        pair: analysis::CorrelationPair,
        chart: Result<Chart, analysis::AnalysisError>,
    },
    /// Nothing to compute yet (no field chosen).
    Nothing,
    Failed(String),
}

impl Computed {
    pub(super) fn chart(&self) -> Option<&Chart> {
        match self {
            Computed::Describe { chart, .. } | Computed::Correlate { chart, .. } => {
                chart.as_ref().ok()
            }
            Computed::Timeline { chart, .. } | Computed::Compare { chart, .. } => Some(chart),
            Computed::Nothing | Computed::Failed(_) => None,
        }
    }
}

/// Computes one analysis from the snapshot: the same functions as the command line and report.
pub(super) fn compute(asked: &Asked, snapshot: &Snapshot) -> Computed {
    let groups = match asked.by.as_deref().map(|by| {
        analysis::groups_of(
            &snapshot.shown,
            &snapshot.final_dataset,
            &snapshot.table,
            by,
        )
    }) {
        Some(Err(error)) => return Computed::Failed(error.to_string()),
        Some(Ok(groups)) => Some(groups),
        None => None,
    };
    let table = &snapshot.table;
    let lang = asked.lang;
    let computed = match asked.mode {
        Mode::Describe => {
            let Some(field) = &asked.field else {
                return Computed::Nothing;
            };
            analysis::describe(table, field, groups.as_ref(), asked.below).map(|rows| {
                Computed::Describe {
                    rows,
                    chart: items::describe_chart(table, field, groups.as_ref(), asked.log10, lang),
                }
            })
        }
        Mode::Timeline => {
            let result = timeline::timeline(table, asked.period, groups.as_ref(), 0);
            Ok(Computed::Timeline {
                chart: items::timeline_chart(&result, lang),
                result,
            })
        }
        Mode::Compare => {
            let (Some(field), Some(groups)) = (&asked.field, &groups) else {
                return Computed::Nothing;
            };
            analysis::compare(table, field, groups).map(|result| Computed::Compare {
                chart: items::compare_chart(&result, asked.log10, lang),
                result,
            })
        }
        Mode::Correlate => {
            let (Some(x), Some(y)) = (&asked.field, &asked.second) else {
                return Computed::Nothing;
            };
            analysis::correlate(table, &[x.clone(), y.clone()], asked.method).and_then(|pairs| {
                let pair = pairs.into_iter().next().ok_or_else(|| {
                    analysis::AnalysisError::Invalid("no pair to correlate".into())
                })?;
                Ok(Computed::Correlate {
                    pair,
                    chart: items::scatter_chart(table, x, y, asked.log10, lang),
                })
            })
        }
        Mode::Index => Ok(Computed::Nothing),
    };
    computed.unwrap_or_else(|error| Computed::Failed(error.to_string()))
}
