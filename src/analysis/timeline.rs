//! Units per year, month, weekday or hour of `published_at`, optionally split by the categories
//! of a variable. Years and months run without gaps from the first to the last; weekdays and
//! hours are always all there.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::Serialize;

use super::{Groups, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Year,
    Month,
    Weekday,
    Hour,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineRow {
    pub period: String,
    pub count: usize,
    /// Counts per category of the split, in `Timeline::categories` order.
    pub split: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub by: Period,
    pub split_by: Option<String>,
    pub categories: Vec<String>,
    pub rows: Vec<TimelineRow>,
    /// Units without a usable date (or, for hours, without a time of day).
    pub undated: usize,
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The moment a unit was published, shifted by `offset_hours` when it is in UTC (`…Z`), and
/// whether a time of day is known.
pub fn moment(text: &str, offset_hours: i64) -> Option<(NaiveDateTime, bool)> {
    let text = text.trim();
    if let Some(utc) = text.strip_suffix('Z') {
        let at = NaiveDateTime::parse_from_str(utc, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
        return Some((at + chrono::Duration::hours(offset_hours), true));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
            return Some((at, true));
        }
    }
    let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    Some((date.and_hms_opt(0, 0, 0)?, false))
}

pub fn timeline(table: &Table, by: Period, split: Option<&Groups>, offset_hours: i64) -> Timeline {
    let categories: Vec<String> = split.map(|g| g.order.clone()).unwrap_or_default();
    let mut counts: BTreeMap<i64, (usize, Vec<usize>)> = BTreeMap::new();
    let mut undated = 0;
    let dates = table.text("published_at");
    for index in 0..table.len() {
        let at = dates
            .and_then(|d| d[index].as_deref())
            .and_then(|t| moment(t, offset_hours));
        let key = match (at, by) {
            (Some((at, _)), Period::Year) => i64::from(at.year()),
            (Some((at, _)), Period::Month) => i64::from(at.year()) * 12 + i64::from(at.month0()),
            (Some((at, _)), Period::Weekday) => i64::from(at.weekday().num_days_from_monday()),
            (Some((at, true)), Period::Hour) => i64::from(at.hour()),
            _ => {
                undated += 1;
                continue;
            }
        };
        let entry = counts
            .entry(key)
            .or_insert_with(|| (0, vec![0; categories.len()]));
        entry.0 += 1;
        if let Some(groups) = split
            && let Some(label) = &groups.labels[index]
            && let Some(at) = categories.iter().position(|c| c == label)
        {
            entry.1[at] += 1;
        }
    }
    let keys: Vec<i64> = match by {
        Period::Weekday => (0..7).collect(),
        Period::Hour => (0..24).collect(),
        _ => match (counts.keys().next(), counts.keys().last()) {
            (Some(&first), Some(&last)) => (first..=last).collect(),
            _ => Vec::new(),
        },
    };
    let rows = keys
        .into_iter()
        .map(|key| {
            let (count, split) = counts
                .get(&key)
                .cloned()
                .unwrap_or_else(|| (0, vec![0; categories.len()]));
            let period = match by {
                Period::Year => key.to_string(),
                Period::Month => format!("{}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1),
                Period::Weekday => WEEKDAYS[key as usize].to_owned(),
                Period::Hour => format!("{key:02}"),
            };
            TimelineRow {
                period,
                count,
                split,
            }
        })
        .collect();
    Timeline {
        by,
        split_by: split.map(|g| g.by.clone()),
        categories,
        rows,
        undated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_parse_with_and_without_time_and_shift_utc() {
        let (at, timed) = moment("2024-01-13T04:59:33Z", 8).unwrap();
        assert_eq!((at.hour(), timed), (12, true));
        let (at, timed) = moment("2021-06-30", 8).unwrap();
        assert_eq!((at.year(), at.month(), timed), (2021, 6, false));
        assert!(moment("yesterday", 0).is_none());
    }
}
