//! The analyses a supervisor runs on numeric fields, each over the units that have the values
//! it needs (missing values are excluded pairwise and counted).

use serde::Serialize;

use super::{AnalysisError, Groups, Result, Table};
use crate::stats::numeric::{
    self, Anova, Correlation, KruskalWallis, MannWhitney, Summary, anova, kruskal_wallis,
    mann_whitney, summary,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Pearson,
    Spearman,
}

/// The share of units below a threshold ("63.8% have fewer than 500 favourites").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Below {
    pub threshold: f64,
    pub count: usize,
    /// Of the units with a value.
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldSummary {
    pub field: String,
    /// `None` for all units; else the group's name.
    pub group: Option<String>,
    pub missing: usize,
    #[serde(flatten)]
    pub summary: Summary,
    pub below: Option<Below>,
}

fn summarise(
    field: &str,
    group: Option<String>,
    values: &[Option<f64>],
    below: Option<f64>,
) -> FieldSummary {
    let valid: Vec<f64> = values.iter().flatten().copied().collect();
    let below = below.map(|threshold| {
        let count = valid.iter().filter(|v| **v < threshold).count();
        Below {
            threshold,
            count,
            percent: if valid.is_empty() {
                0.0
            } else {
                count as f64 * 100.0 / valid.len() as f64
            },
        }
    });
    FieldSummary {
        field: field.to_owned(),
        group,
        missing: values.len() - valid.len(),
        summary: summary(&valid),
        below,
    }
}

/// Descriptives of a field over all units, then per group if `groups` is given.
pub fn describe(
    table: &Table,
    field: &str,
    groups: Option<&Groups>,
    below: Option<f64>,
) -> Result<Vec<FieldSummary>> {
    let values = table.values(field)?;
    let mut rows = vec![summarise(field, None, &values, below)];
    if let Some(groups) = groups {
        for group in &groups.order {
            let members: Vec<Option<f64>> = values
                .iter()
                .zip(&groups.labels)
                .filter(|(_, label)| label.as_ref() == Some(group))
                .map(|(v, _)| *v)
                .collect();
            rows.push(summarise(field, Some(group.clone()), &members, below));
        }
    }
    Ok(rows)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSummary {
    pub group: String,
    #[serde(flatten)]
    pub summary: Summary,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub field: String,
    pub by: String,
    /// What `by` is called where it is a coded variable (for charts and tables).
    #[serde(skip)]
    pub by_variable: Option<super::VariableName>,
    pub groups: Vec<GroupSummary>,
    /// Units left out: no value of the field, or no group.
    pub excluded: usize,
    pub kruskal_wallis: Option<KruskalWallis>,
    /// Only for exactly two groups.
    pub mann_whitney: Option<MannWhitney>,
    pub anova: Option<Anova>,
    pub notes: Vec<String>,
}

/// A numeric field across the groups: descriptives, Kruskal–Wallis (and Mann–Whitney for two
/// groups) and a one-way ANOVA.
pub fn compare(table: &Table, field: &str, groups: &Groups) -> Result<Comparison> {
    let values = table.values(field)?;
    let mut samples: Vec<(String, Vec<f64>)> = groups
        .order
        .iter()
        .map(|g| (g.clone(), Vec::new()))
        .collect();
    let mut excluded = 0;
    for (value, label) in values.iter().zip(&groups.labels) {
        match (
            value,
            label
                .as_ref()
                .and_then(|l| samples.iter().position(|(g, _)| g == l)),
        ) {
            (Some(v), Some(at)) => samples[at].1.push(*v),
            _ => excluded += 1,
        }
    }
    samples.retain(|(_, values)| !values.is_empty());
    if samples.len() < 2 {
        return Err(AnalysisError::Invalid(format!(
            "comparing '{field}' by '{}' needs two groups with values; there {}",
            groups.by,
            if samples.len() == 1 {
                "is one"
            } else {
                "are none"
            }
        )));
    }
    let lists: Vec<Vec<f64>> = samples.iter().map(|(_, v)| v.clone()).collect();
    let mut notes = Vec::new();
    let kruskal = kruskal_wallis(&lists);
    if kruskal.is_none() {
        notes.push("Kruskal–Wallis undefined: every value is the same".to_owned());
    }
    let anova_result = anova(&lists);
    if anova_result.is_none() {
        notes.push("ANOVA undefined: no variance within the groups".to_owned());
    }
    if samples.iter().any(|(_, v)| v.len() < 5) {
        notes.push("some groups have fewer than 5 units: read p with care".to_owned());
    }
    Ok(Comparison {
        field: field.to_owned(),
        by: groups.by.clone(),
        by_variable: groups.by_variable.clone(),
        groups: samples
            .iter()
            .map(|(group, values)| GroupSummary {
                group: group.clone(),
                summary: summary(values),
            })
            .collect(),
        excluded,
        kruskal_wallis: kruskal,
        mann_whitney: (lists.len() == 2)
            .then(|| mann_whitney(&lists[0], &lists[1]))
            .flatten(),
        anova: anova_result,
        notes,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrelationPair {
    pub method: Method,
    pub x: String,
    pub y: String,
    /// Units without both values.
    pub excluded: usize,
    #[serde(flatten)]
    pub correlation: Correlation,
}

/// Correlations of every pair of the fields, each over the units that have both values.
pub fn correlate(table: &Table, fields: &[String], method: Method) -> Result<Vec<CorrelationPair>> {
    if fields.len() < 2 {
        return Err(AnalysisError::Invalid(
            "a correlation needs two numeric fields or more".into(),
        ));
    }
    let columns: Vec<Vec<Option<f64>>> = fields
        .iter()
        .map(|f| table.values(f))
        .collect::<Result<_>>()?;
    // A column without missing values has the same ranks in every pair: rank it once.
    let complete_ranks: Vec<Option<Vec<f64>>> = columns
        .iter()
        .map(|column| {
            (method == Method::Spearman && column.iter().all(Option::is_some)).then(|| {
                let values: Vec<f64> = column.iter().flatten().copied().collect();
                numeric::average_ranks(&values)
            })
        })
        .collect();
    let mut pairs = Vec::new();
    for i in 0..fields.len() {
        for j in i + 1..fields.len() {
            if let (Some(x), Some(y)) = (&complete_ranks[i], &complete_ranks[j]) {
                pairs.push(CorrelationPair {
                    method,
                    x: fields[i].clone(),
                    y: fields[j].clone(),
                    excluded: 0,
                    correlation: numeric::pearson(x, y),
                });
                continue;
            }
            let (mut x, mut y) = (Vec::new(), Vec::new());
            for (a, b) in columns[i].iter().zip(&columns[j]) {
                if let (Some(a), Some(b)) = (a, b) {
                    x.push(*a);
                    y.push(*b);
                }
            }
            let correlation = match method {
                Method::Pearson => numeric::pearson(&x, &y),
                Method::Spearman => numeric::spearman(&x, &y),
            };
            pairs.push(CorrelationPair {
                method,
                x: fields[i].clone(),
                y: fields[j].clone(),
                excluded: table.len() - x.len(),
                correlation,
            });
        }
    }
    Ok(pairs)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedUnit {
    /// Standard competition ranking: ties share the best rank and the next rank is skipped
    /// (1, 2, 2, 4).
    pub rank: usize,
    pub unit: String,
    pub account: Option<String>,
    pub value: f64,
}

/// The units ranked by a field (highest first unless `ascending`); units without a value are
/// left out and counted.
pub fn rank(table: &Table, field: &str, ascending: bool) -> Result<(Vec<RankedUnit>, usize)> {
    let values = table.values(field)?;
    let mut valued: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    // Stable: ties keep study order.
    valued.sort_by(|a, b| {
        if ascending {
            a.1.total_cmp(&b.1)
        } else {
            b.1.total_cmp(&a.1)
        }
    });
    let missing = values.len() - valued.len();
    let accounts = table.text("account");
    let mut ranked: Vec<RankedUnit> = Vec::with_capacity(valued.len());
    for (position, (index, value)) in valued.iter().enumerate() {
        let rank = match ranked.last() {
            Some(last) if last.value == *value => last.rank,
            _ => position + 1,
        };
        ranked.push(RankedUnit {
            rank,
            unit: table.uids[*index].clone(),
            account: accounts.and_then(|a| a[*index].clone()),
            value: *value,
        });
    }
    Ok((ranked, missing))
}
