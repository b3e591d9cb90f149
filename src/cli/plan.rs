//! `codingdesk plan-reliability`: the reliability subsample a study needs (Bloch & Kraemer's
//! formula as Krippendorff uses it), for given categories or per variable of a project.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::{Format, columns};
use crate::format::{apa, fixed};
use crate::reliability_plan::{Basis, VariablePlan, plan_variables};
use crate::stats::plan::{FORMULA, SOURCE, equal_categories, plan, smallest_probability};

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// A project (or server study): plan each single- and multi-select variable from its codes
    /// so far (or its codebook values) and say whether the units coded by two coders or more
    /// already suffice.
    pub file: Option<PathBuf>,
    /// The smallest α the study will accept.
    #[arg(long, default_value_t = 0.800)]
    pub alpha_min: f64,
    /// The level of significance (one-tailed): the chance of accepting data whose α is below α_min.
    #[arg(long, default_value_t = 0.05)]
    pub p: f64,
    /// The number of equally likely categories (p_c = 1/K).
    #[arg(long, conflicts_with_all = ["probabilities", "file"])]
    pub categories: Option<usize>,
    /// The categories' expected probabilities, e.g. 0.5,0.3,0.2 (the smallest decides).
    #[arg(long, value_delimiter = ',', conflicts_with = "file")]
    pub probabilities: Vec<f64>,
    /// Coders who code the subsample (Krippendorff's table is for 2).
    #[arg(long, default_value_t = 2)]
    pub coders: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Serialize)]
struct PlanJson {
    alpha_min: f64,
    p: f64,
    categories: usize,
    coders: usize,
    units: usize,
    smallest: f64,
    z: f64,
    formula: &'static str,
    source: &'static str,
}

#[derive(Serialize)]
struct ProjectPlanJson<'a> {
    alpha_min: f64,
    p: f64,
    coders: usize,
    formula: &'static str,
    source: &'static str,
    variables: &'a [VariablePlan],
}

pub fn plan_reliability(args: PlanArgs) -> anyhow::Result<()> {
    if let Some(file) = &args.file {
        let study = super::open_study(file)?;
        let codebook = study.codebook()?.localized(crate::i18n::ui_language());
        let plans = plan_variables(
            &codebook,
            &study.all_codings()?,
            args.alpha_min,
            args.p,
            args.coders,
        )?;
        match args.format {
            Format::Json => println!(
                "{}",
                serde_json::to_string_pretty(&ProjectPlanJson {
                    alpha_min: args.alpha_min,
                    p: args.p,
                    coders: args.coders,
                    formula: FORMULA,
                    source: SOURCE,
                    variables: &plans,
                })?
            ),
            Format::Table => print_project(&args, &plans),
        }
        return Ok(());
    }
    let (categories, smallest) = match (args.categories, args.probabilities.as_slice()) {
        (Some(k), _) => (k, equal_categories(k)?),
        (None, []) => anyhow::bail!(
            "say how the categories are distributed: --categories K (equally likely) or \
             --probabilities 0.5,0.3,0.2 — or give a project file to plan its variables"
        ),
        (None, given) => (given.len(), smallest_probability(given)?),
    };
    let planned = plan(args.alpha_min, args.p, smallest, args.coders)?;
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&PlanJson {
                alpha_min: planned.alpha_min,
                p: planned.p,
                categories,
                coders: planned.coders,
                units: planned.units,
                smallest: planned.smallest,
                z: planned.z,
                formula: FORMULA,
                source: SOURCE,
            })?
        ),
        Format::Table => {
            print_formula();
            println!(
                "  α_min {}, p {} (one-tailed z = {}), smallest category probability p_c = {} \
                 ({categories} categories), {} coders",
                apa(Some(planned.alpha_min)),
                fixed(Some(planned.p), 3),
                fixed(Some(planned.z), 3),
                fixed(Some(planned.smallest), 3),
                planned.coders
            );
            println!(
                "\nminimum reliability subsample: {} units, each coded by all {} coders",
                planned.units, planned.coders
            );
        }
    }
    Ok(())
}

fn print_formula() {
    println!("Reliability subsample — {SOURCE}:");
    println!("  {FORMULA}");
}

fn print_project(args: &PlanArgs, plans: &[VariablePlan]) {
    print_formula();
    println!(
        "  α_min {}, p {}, {} coders; p_c from the codes so far (or the codebook's values)\n",
        apa(Some(args.alpha_min)),
        fixed(Some(args.p), 3),
        args.coders
    );
    if plans.is_empty() {
        println!("The codebook has no single- or multi-select variable to plan for.");
        return;
    }
    let width = columns::widest(plans.iter().map(|p| p.label.as_str()), 8);
    println!(
        "{} {:>10} {:>7} {:>7} {:>8} {:>8}  ",
        columns::left("variable", width),
        "basis",
        "values",
        "p_c",
        "needed",
        "overlap"
    );
    for plan in plans {
        let basis = match plan.basis {
            Basis::Codes => "codes",
            Basis::Codebook => "codebook",
        };
        let verdict = if plan.enough {
            "enough".to_owned()
        } else {
            format!("{} more", plan.plan.units.saturating_sub(plan.overlap))
        };
        let unused = if plan.unused > 0 {
            format!(" ({} value(s) not used yet)", plan.unused)
        } else {
            String::new()
        };
        println!(
            "{} {basis:>10} {:>7} {:>7} {:>8} {:>8}  {verdict}{unused}",
            columns::left(&plan.label, width),
            plan.categories,
            fixed(Some(plan.plan.smallest), 3),
            plan.plan.units,
            plan.overlap
        );
    }
}
