//! Assigning units to coders: a reliability subsample that every chosen coder codes (drawn at
//! random with a seed, optionally stratified by a unit field), and the remaining units split
//! between the coders evenly or by shares. Pure: the plan is applied by the store.

use std::collections::BTreeMap;

use crate::model::{ExtraValue, Unit, UnitField, format_number};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use thiserror::Error;

/// How big the reliability subsample is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Overlap {
    Units(usize),
    Percent(f64),
}

impl Overlap {
    /// `20%`, `12.5%` or `50`.
    pub fn parse(text: &str) -> Result<Overlap, AssignError> {
        let text = text.trim();
        let bad = || AssignError::BadOverlap(text.to_owned());
        match text.strip_suffix('%') {
            Some(percent) => {
                let value: f64 = percent.trim().parse().map_err(|_| bad())?;
                if !(0.0..=100.0).contains(&value) {
                    return Err(bad());
                }
                Ok(Overlap::Percent(value))
            }
            None => text.parse().map(Overlap::Units).map_err(|_| bad()),
        }
    }

    pub fn units(self, total: usize) -> usize {
        match self {
            Overlap::Units(n) => n,
            Overlap::Percent(p) => (total as f64 * p / 100.0).round() as usize,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AssignError {
    #[error("{}", crate::tr!("err-bad-overlap", text = .0))]
    BadOverlap(String),
    #[error("{}", crate::tr!("err-overlap-too-large", wanted = *wanted, total = *total))]
    OverlapTooLarge { wanted: usize, total: usize },
    #[error("{}", crate::tr!("err-no-coders"))]
    NoCoders,
    #[error("{}", crate::tr!("err-bad-seed", text = .0))]
    BadSeed(String),
    #[error("{}", crate::tr!("err-duplicate-coder", name = .0))]
    DuplicateCoder(String),
    #[error("{}", crate::tr!("err-bad-shares", reason = .0))]
    BadShares(String),
    #[error("{}", crate::tr!("err-no-stratum", field = .0))]
    NoStratumField(String),
}

/// Who codes what.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub coders: Vec<String>,
    /// Unit ids every coder codes, in study order.
    pub overlap: Vec<String>,
    /// The overlap per stratum (empty without stratification).
    pub strata: BTreeMap<String, usize>,
    /// Each coder's own units (not in the overlap), in study order.
    pub own: BTreeMap<String, Vec<String>>,
}

impl Plan {
    /// (unit, coder, reliability) rows to store.
    pub fn rows(&self) -> Vec<(String, String, bool)> {
        let mut rows = Vec::new();
        for coder in &self.coders {
            rows.extend(
                self.overlap
                    .iter()
                    .map(|u| (u.clone(), coder.clone(), true)),
            );
            for unit in self.own.get(coder).into_iter().flatten() {
                rows.push((unit.clone(), coder.clone(), false));
            }
        }
        rows
    }
}

/// Spreads `total` over weights as whole numbers (largest remainder, ties to the first).
fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let remainder = |i: usize| exact[i] - exact[i].floor();
        remainder(b).total_cmp(&remainder(a)).then(a.cmp(&b))
    });
    let missing = total.saturating_sub(counts.iter().sum());
    for &i in order.iter().take(missing) {
        counts[i] += 1;
    }
    counts
}

/// Parses `ana=2,bo=1` into weights in the coders' order (coders not named weigh 0).
pub fn parse_shares(text: &str, coders: &[String]) -> Result<Vec<f64>, AssignError> {
    let mut weights = vec![0.0; coders.len()];
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, weight) = part
            .split_once('=')
            .ok_or_else(|| AssignError::BadShares(part.to_owned()))?;
        let index = coders
            .iter()
            .position(|c| c == name.trim())
            .ok_or_else(|| {
                AssignError::BadShares(format!("'{}' is not one of the coders", name.trim()))
            })?;
        weights[index] = weight
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|w| w.is_finite() && *w >= 0.0)
            .ok_or_else(|| AssignError::BadShares(part.to_owned()))?;
    }
    if weights.iter().sum::<f64>() <= 0.0 {
        return Err(AssignError::BadShares(text.to_owned()));
    }
    Ok(weights)
}

/// A unit's value of a field, as text, for stratifying (`published_at` by year).
pub fn field_text(unit: &Unit, field: &str) -> Option<String> {
    let text = |value: &Option<String>| value.clone();
    match UnitField::from_name(field) {
        Some(UnitField::Platform) => text(&unit.platform),
        Some(UnitField::Account) => text(&unit.account),
        Some(UnitField::Url) => text(&unit.url),
        Some(UnitField::Title) => text(&unit.title),
        Some(UnitField::PublishedAt) => unit
            .published_at
            .as_ref()
            .map(|d| d.chars().take(4).collect()),
        Some(_) => unit.number(field).map(format_number),
        None => unit.extra.get(field).map(|value| match value {
            ExtraValue::Number(n) => format_number(*n),
            ExtraValue::Text(t) => t.clone(),
        }),
    }
}

/// What a supervisor asks for: the same for the CLI and the window.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub coders: Vec<String>,
    pub overlap: Overlap,
    pub seed: u64,
    /// A unit field to stratify the subsample by.
    pub stratify: Option<String>,
    /// Weights of the remaining units, in the coders' order (even when `None`).
    pub shares: Option<Vec<f64>>,
}

/// How a reliability subsample was drawn, as a study records it beside the assignments (for the
/// methods paragraph: "a random subsample of 20 units, seed 7, stratified by platform").
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DrawRecord {
    pub seed: u64,
    /// Units every coder codes.
    pub overlap_units: usize,
    pub stratify: Option<String>,
    pub coders: Vec<String>,
}

impl DrawRecord {
    pub fn of(request: &Request, plan: &Plan) -> DrawRecord {
        DrawRecord {
            seed: request.seed,
            overlap_units: plan.overlap.len(),
            stratify: request.stratify.clone(),
            coders: plan.coders.clone(),
        }
    }
}

/// Draws a plan over a study's units (in study order).
pub fn draw_for_units(units: &[Unit], request: &Request) -> Result<Plan, AssignError> {
    let keyed = units
        .iter()
        .map(|unit| (unit.uid.clone(), stratum(unit, request)))
        .collect();
    draw_for_strata(keyed, request)
}

/// A unit's stratum for `request` (none when it does not stratify, or the unit lacks the field).
pub fn stratum(unit: &Unit, request: &Request) -> Option<String> {
    request
        .stratify
        .as_deref()
        .and_then(|field| field_text(unit, field))
}

/// Draws a plan over the study's units given as (unit id, [`stratum`]) in study order: what a
/// caller that reads the units one at a time keeps of them.
pub fn draw_for_strata(
    keyed: Vec<(String, Option<String>)>,
    request: &Request,
) -> Result<Plan, AssignError> {
    if let Some(field) = &request.stratify
        && keyed.iter().all(|(_, stratum)| stratum.is_none())
    {
        return Err(AssignError::NoStratumField(field.clone()));
    }
    let keyed: Vec<(String, String)> = keyed
        .into_iter()
        .map(|(uid, stratum)| (uid, stratum.unwrap_or_else(|| "(none)".to_owned())))
        .collect();
    draw(
        &keyed,
        &request.coders,
        request.overlap,
        request.seed,
        request.stratify.is_some(),
        request.shares.as_deref(),
    )
}

/// Draws a plan. `units` are (unit id, stratum) in study order; the stratum is ignored unless
/// `stratified`. The same inputs and seed give the same plan on every machine.
pub fn draw(
    units: &[(String, String)],
    coders: &[String],
    overlap: Overlap,
    seed: u64,
    stratified: bool,
    shares: Option<&[f64]>,
) -> Result<Plan, AssignError> {
    if coders.is_empty() {
        return Err(AssignError::NoCoders);
    }
    for (i, coder) in coders.iter().enumerate() {
        if coders[..i].contains(coder) {
            return Err(AssignError::DuplicateCoder(coder.clone()));
        }
    }
    let wanted = overlap.units(units.len());
    if wanted > units.len() {
        return Err(AssignError::OverlapTooLarge {
            wanted,
            total: units.len(),
        });
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Strata in name order so that the draw does not depend on the order of the file.
    let mut by_stratum: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, (_, stratum)) in units.iter().enumerate() {
        let key = if stratified { stratum.as_str() } else { "" };
        by_stratum.entry(key).or_default().push(index);
    }
    let sizes: Vec<f64> = by_stratum.values().map(|v| v.len() as f64).collect();
    let quotas = apportion(wanted, &sizes);
    let mut chosen = vec![false; units.len()];
    let mut strata = BTreeMap::new();
    for ((name, members), quota) in by_stratum.iter().zip(quotas) {
        let mut members = members.clone();
        members.shuffle(&mut rng);
        for &index in members.iter().take(quota) {
            chosen[index] = true;
        }
        if stratified {
            strata.insert(name.to_string(), quota);
        }
    }
    let overlap: Vec<String> = (0..units.len())
        .filter(|&i| chosen[i])
        .map(|i| units[i].0.clone())
        .collect();
    let mut rest: Vec<usize> = (0..units.len()).filter(|&i| !chosen[i]).collect();
    rest.shuffle(&mut rng);
    let even = vec![1.0; coders.len()];
    let counts = apportion(rest.len(), shares.unwrap_or(&even));
    let mut own: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut next = rest.into_iter();
    for (coder, count) in coders.iter().zip(counts) {
        let mut mine: Vec<usize> = next.by_ref().take(count).collect();
        mine.sort_unstable();
        own.insert(
            coder.clone(),
            mine.into_iter().map(|i| units[i].0.clone()).collect(),
        );
    }
    Ok(Plan {
        coders: coders.to_vec(),
        overlap,
        strata,
        own,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(n: usize) -> Vec<(String, String)> {
        (0..n)
            .map(|i| {
                (
                    format!("u{i}"),
                    if i % 4 == 0 { "official" } else { "citizen" }.to_owned(),
                )
            })
            .collect()
    }

    fn coders() -> Vec<String> {
        ["ana", "bo", "cy"].iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn overlap_sizes_parse() {
        assert_eq!(Overlap::parse("20%"), Ok(Overlap::Percent(20.0)));
        assert_eq!(Overlap::parse("12"), Ok(Overlap::Units(12)));
        assert!(Overlap::parse("120%").is_err());
        assert!(Overlap::parse("lots").is_err());
    }

    #[test]
    fn everyone_gets_the_overlap_and_the_rest_is_split_evenly_without_gaps() {
        let plan = draw(
            &units(50),
            &coders(),
            Overlap::Percent(20.0),
            7,
            false,
            None,
        )
        .unwrap();
        assert_eq!(plan.overlap.len(), 10);
        let sizes: Vec<usize> = plan.own.values().map(Vec::len).collect();
        assert_eq!(sizes, [14, 13, 13]);
        let mut seen: Vec<&String> = plan
            .overlap
            .iter()
            .chain(plan.own.values().flatten())
            .collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 50, "every unit once, none twice");
        assert_eq!(plan.rows().len(), 10 * 3 + 40);
    }

    #[test]
    fn the_same_seed_gives_the_same_plan() {
        let first = draw(&units(50), &coders(), Overlap::Units(10), 7, true, None).unwrap();
        assert_eq!(
            first,
            draw(&units(50), &coders(), Overlap::Units(10), 7, true, None).unwrap()
        );
        assert_ne!(
            first.overlap,
            draw(&units(50), &coders(), Overlap::Units(10), 8, true, None)
                .unwrap()
                .overlap
        );
    }

    #[test]
    fn strata_get_their_proportional_share() {
        // 13 of 52 units are "official" (25%): a 20-unit overlap takes 5 of them.
        let plan = draw(&units(52), &coders(), Overlap::Units(20), 1, true, None).unwrap();
        assert_eq!(plan.strata.get("official"), Some(&5));
        assert_eq!(plan.strata.get("citizen"), Some(&15));
        let officials = plan
            .overlap
            .iter()
            .filter(|u| u[1..].parse::<usize>().unwrap() % 4 == 0)
            .count();
        assert_eq!(officials, 5);
    }

    #[test]
    fn shares_weight_the_split() {
        let weights = parse_shares("ana=2, bo=1", &coders()).unwrap();
        assert_eq!(weights, [2.0, 1.0, 0.0]);
        let plan = draw(
            &units(40),
            &coders(),
            Overlap::Units(10),
            3,
            false,
            Some(&weights),
        )
        .unwrap();
        let sizes: Vec<usize> = plan.own.values().map(Vec::len).collect();
        assert_eq!(sizes, [20, 10, 0]);
        assert!(parse_shares("zed=1", &coders()).is_err());
        assert!(parse_shares("ana=-1", &coders()).is_err());
    }

    #[test]
    fn impossible_plans_are_refused() {
        assert!(matches!(
            draw(&units(5), &coders(), Overlap::Units(9), 1, false, None),
            Err(AssignError::OverlapTooLarge {
                wanted: 9,
                total: 5
            })
        ));
        assert_eq!(
            draw(&units(5), &[], Overlap::Units(1), 1, false, None),
            Err(AssignError::NoCoders)
        );
        let twice = vec!["ana".to_string(), "ana".to_string()];
        assert!(matches!(
            draw(&units(5), &twice, Overlap::Units(1), 1, false, None),
            Err(AssignError::DuplicateCoder(_))
        ));
    }
}
