//! Analyses as the report (and the window) show them: each kind builds its chart here, so the
//! Analysis tab and the HTML report draw the same thing. An [`Item`] is what the supervisor added
//! to the report: its settings are stored, its numbers recomputed whenever the report is written.

use serde::{Deserialize, Serialize};

use super::analyses::{Comparison, Method};
use super::timeline::{Period, Timeline};
use super::{AnalysisError, Groups, Result, Table};
use crate::charts::{self, BoxStats, Chart};
use crate::i18n::Lang;
use crate::model::UnitField;
use crate::store::Project;
use crate::tr_in;

/// A histogram of a field, or its box plot per group.
pub fn describe_chart(
    table: &Table,
    field: &str,
    groups: Option<&Groups>,
    log10: bool,
    lang: Lang,
) -> Result<Chart> {
    let values = table.values(field)?;
    let name = UnitField::label_of(field, lang);
    Ok(match groups {
        Some(groups) => Chart::Boxes {
            title: tr_in!(
                lang,
                "chart-by",
                field = &name,
                by = super::group_name(&groups.by, groups.by_variable.as_ref(), lang)
            ),
            field: name,
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
                title: tr_in!(lang, "chart-distribution", field = &name),
                field: name,
                log10,
                bins: charts::histogram(&valid, log10),
            }
        }
    })
}

pub fn timeline_chart(result: &Timeline, lang: Lang) -> Chart {
    Chart::Bars {
        title: units_per(result.by, lang),
        value_label: tr_in!(lang, "chart-units"),
        categories: result.rows.iter().map(|r| r.period.clone()).collect(),
        values: result.rows.iter().map(|r| r.count as f64).collect(),
    }
}

/// "Units per month", "每月单元数".
pub fn units_per(period: Period, lang: Lang) -> String {
    match period {
        Period::Year => tr_in!(lang, "chart-units-per-year"),
        Period::Month => tr_in!(lang, "chart-units-per-month"),
        Period::Weekday => tr_in!(lang, "chart-units-per-weekday"),
        Period::Hour => tr_in!(lang, "chart-units-per-hour"),
    }
}

pub fn compare_chart(result: &Comparison, log10: bool, lang: Lang) -> Chart {
    let field = UnitField::label_of(&result.field, lang);
    Chart::Boxes {
        title: tr_in!(
            lang,
            "chart-by",
            field = &field,
            by = super::group_name(&result.by, result.by_variable.as_ref(), lang)
        ),
        field,
        log10,
        groups: result
            .groups
            .iter()
            .filter_map(|g| BoxStats::of(&g.summary).map(|b| (g.group.clone(), b)))
            .collect(),
    }
}

pub fn scatter_chart(table: &Table, x: &str, y: &str, log10: bool, lang: Lang) -> Result<Chart> {
    let (xs, ys) = (table.values(x)?, table.values(y)?);
    let (x, y) = (UnitField::label_of(x, lang), UnitField::label_of(y, lang));
    Ok(Chart::Scatter {
        title: tr_in!(lang, "chart-scatter", x = &x, y = &y),
        x,
        y,
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
    /// The analysis's title, naming coded variables by their labels in `lang` and unit fields
    /// by theirs (never by a key).
    pub fn title(&self, codebook: &crate::model::Codebook, lang: Lang) -> String {
        let name = |field: &str| {
            super::group_name(
                field,
                codebook
                    .variable(field)
                    .map(super::VariableName::of)
                    .as_ref(),
                lang,
            )
        };
        match self {
            Item::Describe {
                field,
                by: Some(by),
                ..
            } => tr_in!(lang, "chart-by", field = name(field), by = name(by)),
            Item::Describe { field, .. } => {
                tr_in!(lang, "item-descriptives", field = name(field))
            }
            Item::Timeline {
                period,
                split: Some(split),
            } => tr_in!(
                lang,
                "item-timeline-split",
                units = units_per(*period, lang),
                by = name(split)
            ),
            Item::Timeline { period, .. } => units_per(*period, lang),
            Item::Compare { field, by, .. } => {
                tr_in!(lang, "item-compare", field = name(field), by = name(by))
            }
            Item::Correlate { x, y, method, .. } => {
                let method = match method {
                    Method::Pearson => tr_in!(lang, "item-pearson"),
                    Method::Spearman => tr_in!(lang, "item-spearman"),
                };
                tr_in!(
                    lang,
                    "item-correlate",
                    method = method,
                    x = name(x),
                    y = name(y)
                )
            }
        }
    }
}

/// The analyses added to the report, with their ids.
/// A stored report item, or why it cannot be read (a file edited by hand, an item from a
/// newer Codingdesk): one such item never keeps the others out of the report.
pub type StoredItem = (i64, std::result::Result<Item, String>);

pub fn stored(project: &Project) -> Result<Vec<StoredItem>> {
    Ok(project
        .report_items()?
        .into_iter()
        .map(|(id, json)| {
            let item = serde_json::from_str(&json).map_err(|e| {
                format!(
                    "report item {id} cannot be read ({e}): remove it and add the analysis again"
                )
            });
            (id, item)
        })
        .collect())
}

pub fn add(project: &mut Project, item: &Item, actor: &str) -> Result<i64> {
    let json = serde_json::to_string(item).map_err(|e| AnalysisError::Invalid(e.to_string()))?;
    Ok(project.add_report_item(&json, actor)?)
}

#[cfg(test)]
mod title_tests {
    use super::*;

    /// Issue 28: charts and report items name a coded variable by its label in the reader's
    /// language, never by its key.
    #[test]
    fn titles_name_variables_by_their_labels() {
        let codebook = crate::codebook::preset("tiktok-six")
            .unwrap()
            .codebook()
            .unwrap();
        let item = Item::Compare {
            field: "likes".into(),
            by: "emotion".into(),
            log10: false,
        };
        let english = item.title(&codebook, Lang::En);
        assert!(english.contains("Emotional tendency"), "{english}");
        assert!(!english.contains("emotion "), "{english}");
        let chinese = item.title(&codebook, Lang::Zh);
        assert!(chinese.contains("情感倾向"), "{chinese}");
        let name = crate::analysis::VariableName::of(codebook.variable("theme").unwrap());
        assert_eq!(
            crate::analysis::group_name("theme", Some(&name), Lang::En),
            "Theme and focus"
        );
        assert_eq!(
            crate::analysis::group_name("theme", Some(&name), Lang::Zh),
            "主题与焦点"
        );
    }
}
