//! Analyses as the report (and the window) show them: each kind builds its chart here, so the
//! Analysis tab and the HTML report draw the same thing. An [`Item`] is what the supervisor added
//! to the report: its settings are stored, its numbers recomputed whenever the report is written.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::analyses::{Comparison, Method};
use super::timeline::{Period, Timeline};
use super::{AnalysisError, Groups, Result, Table};
use crate::charts::{self, BoxStats, Chart};
use crate::export::xml_escape as esc;
use crate::results::Source;
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

/// Three decimals, as reports print statistics.
fn number(value: Option<f64>) -> String {
    super::shown(value, 3)
}

fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < .001".to_owned()
    } else {
        format!("p = {}", format!("{p:.3}").replacen("0.", ".", 1))
    }
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

    /// The analysis as HTML (a table or a sentence, and its chart as inline SVG), computed now.
    pub fn html(&self, project: &Project, table: &Table) -> Result<String> {
        let groups = |by: &str| super::groups(project, table, by, &Source::Final);
        let mut out = String::new();
        let chart = match self {
            Item::Describe {
                field,
                by,
                below,
                log10,
            } => {
                let groups = by.as_deref().map(groups).transpose()?;
                let rows = super::describe(table, field, groups.as_ref(), *below)?;
                out.push_str("<table><thead><tr><th>Group</th><th>n</th><th>Missing</th><th>Mean</th><th>Median</th><th>SD</th><th>Min</th><th>Max</th>");
                if below.is_some() {
                    out.push_str("<th>% below</th>");
                }
                out.push_str("</tr></thead><tbody>");
                for r in &rows {
                    let s = &r.summary;
                    let _ = write!(
                        out,
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                        esc(r.group.as_deref().unwrap_or("all units")),
                        s.n,
                        r.missing,
                        number(s.mean),
                        number(s.median),
                        number(s.sd),
                        number(s.min),
                        number(s.max)
                    );
                    if let Some(b) = &r.below {
                        let _ = write!(out, "<td>{:.1}</td>", b.percent);
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table>");
                describe_chart(table, field, groups.as_ref(), *log10)?
            }
            Item::Timeline { period, split } => {
                let split = split.as_deref().map(groups).transpose()?;
                let result = super::timeline::timeline(table, *period, split.as_ref(), 0);
                let _ = write!(
                    out,
                    "<p class=\"note\">{} units without a usable date.</p>",
                    result.undated
                );
                timeline_chart(&result)
            }
            Item::Compare { field, by, log10 } => {
                let result = super::compare(table, field, &groups(by)?)?;
                out.push_str("<table><thead><tr><th>Group</th><th>n</th><th>Mean</th><th>Median</th><th>SD</th></tr></thead><tbody>");
                for g in &result.groups {
                    let s = &g.summary;
                    let _ = write!(
                        out,
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(&g.group),
                        s.n,
                        number(s.mean),
                        number(s.median),
                        number(s.sd)
                    );
                }
                out.push_str("</tbody></table><p class=\"note\">");
                if let Some(kw) = &result.kruskal_wallis {
                    let _ = write!(
                        out,
                        "Kruskal–Wallis H({}) = {:.2}, {}. ",
                        kw.df,
                        kw.h,
                        p_value(kw.p)
                    );
                }
                if let Some(mw) = &result.mann_whitney {
                    let _ = write!(
                        out,
                        "Mann–Whitney U = {}, z = {:.2}, {}. ",
                        mw.u,
                        mw.z,
                        p_value(mw.p)
                    );
                }
                if let Some(a) = &result.anova {
                    let _ = write!(
                        out,
                        "ANOVA F({}, {}) = {:.2}, {}.",
                        a.df_between,
                        a.df_within,
                        a.f,
                        p_value(a.p)
                    );
                }
                out.push_str("</p>");
                compare_chart(&result, *log10)
            }
            Item::Correlate {
                x,
                y,
                method,
                log10,
            } => {
                let pair = super::correlate(table, &[x.clone(), y.clone()], *method)?
                    .into_iter()
                    .next()
                    .ok_or_else(|| AnalysisError::Invalid("no pair to correlate".into()))?;
                let c = &pair.correlation;
                let name = if *method == Method::Pearson {
                    "r"
                } else {
                    "ρ"
                };
                let _ = write!(
                    out,
                    "<p>{name}({}) = {}, {}, 95% CI {}.</p>",
                    c.n.saturating_sub(2),
                    number(c.r),
                    c.p.map_or("p undefined".to_owned(), p_value),
                    c.ci95
                        .map_or("—".to_owned(), |[lo, hi]| format!("[{lo:.3}, {hi:.3}]"))
                );
                scatter_chart(table, x, y, *log10)?
            }
        };
        out.push_str(&chart.svg());
        Ok(out)
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
