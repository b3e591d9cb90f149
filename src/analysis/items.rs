//! Analyses as the report (and the window) show them: each kind builds its chart here, so the
//! Analysis tab and the HTML report draw the same thing. An [`Item`] is what the supervisor added
//! to the report: its settings are stored, its numbers recomputed whenever the report is written.

use serde::{Deserialize, Serialize};

use super::analyses::{Comparison, Method};
use super::timeline::{Period, Timeline};
use super::{AnalysisError, Groups, Result, Table};
use crate::charts::{self, BoxStats, Chart};
use crate::store::Project;

/// A histogram of a field, or its box plot per group.
pub fn describe_chart(
    table: &Table,
    field: &str,
    groups: Option<&Groups>,
    log10: bool,
) -> Result<Chart> {
    let values = table.values(field)?;
    Ok(match groups {
        Some(groups) => Chart::Boxes {
            title: format!("{field} by {}", groups.by),
            field: field.to_owned(),
            log10,
            groups: groups
                .order
                .iter()
                .filter_map(|g| {
                    let members: Vec<f64> = values
                        .iter()
                        .zip(&groups.labels)
                        .filter(|(_, l)| l.as_ref() == Some(g))
                        .filter_map(|(v, _)| *v)
                        .collect();
                    charts::box_stats(&members).map(|b| (g.clone(), b))
                })
                .collect(),
        },
        None => {
            let valid: Vec<f64> = values.into_iter().flatten().collect();
            Chart::Histogram {
                title: format!("Distribution of {field}"),
                field: field.to_owned(),
                log10,
                bins: charts::histogram(&valid, log10),
            }
        }
    })
}

pub fn timeline_chart(result: &Timeline) -> Chart {
    Chart::Bars {
        title: format!("Units per {:?}", result.by).to_lowercase(),
        value_label: "units".into(),
        categories: result.rows.iter().map(|r| r.period.clone()).collect(),
        values: result.rows.iter().map(|r| r.count as f64).collect(),
    }
}

pub fn compare_chart(result: &Comparison, log10: bool) -> Chart {
    Chart::Boxes {
        title: format!("{} by {}", result.field, result.by),
        field: result.field.clone(),
        log10,
        groups: result
            .groups
            .iter()
            .filter_map(|g| BoxStats::of(&g.summary).map(|b| (g.group.clone(), b)))
            .collect(),
    }
}

pub fn scatter_chart(table: &Table, x: &str, y: &str, log10: bool) -> Result<Chart> {
    let (xs, ys) = (table.values(x)?, table.values(y)?);
    Ok(Chart::Scatter {
        title: format!("{y} by {x}"),
        x: x.to_owned(),
        y: y.to_owned(),
        log10,
        points: xs
            .iter()
            .zip(&ys)
            .filter_map(|(a, b)| Some(((*a)?, (*b)?)))
            .collect(),
    })
}

/// An analysis added to the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Item {
    Describe {
        field: String,
        by: Option<String>,
        below: Option<f64>,
        log10: bool,
    },
    Timeline {
        period: Period,
        split: Option<String>,
    },
    Compare {
        field: String,
        by: String,
        log10: bool,
    },
    Correlate {
        x: String,
        y: String,
        method: Method,
        log10: bool,
    },
}

impl Item {
    pub fn title(&self) -> String {
        match self {
            Item::Describe {
                field,
                by: Some(by),
                ..
            } => format!("{field} by {by}"),
            Item::Describe { field, .. } => format!("Descriptives of {field}"),
            Item::Timeline {
                period,
                split: Some(split),
            } => format!("Units per {period:?} by {split}").to_lowercase(),
            Item::Timeline { period, .. } => format!("Units per {period:?}").to_lowercase(),
            Item::Compare { field, by, .. } => format!("{field} across {by}"),
            Item::Correlate { x, y, method, .. } => {
                format!("{method:?} correlation of {x} and {y}")
            }
        }
    }
}

/// The analyses added to the report, with their ids.
pub fn stored(project: &Project) -> Result<Vec<(i64, Item)>> {
    project
        .report_items()?
        .into_iter()
        .map(|(id, json)| {
            serde_json::from_str(&json)
                .map(|item| (id, item))
                .map_err(|e| {
                    AnalysisError::Invalid(format!("report item {id} cannot be read: {e}"))
                })
        })
        .collect()
}

pub fn add(project: &mut Project, item: &Item, actor: &str) -> Result<i64> {
    let json = serde_json::to_string(item).map_err(|e| AnalysisError::Invalid(e.to_string()))?;
    Ok(project.add_report_item(&json, actor)?)
}
