//! `codingdesk assign`: the reliability subsample and each coder's share of the rest.

use super::columns;
use std::path::PathBuf;

use clap::Args;

use crate::assign::{Overlap, Request, draw_for_units, parse_shares};

#[derive(Debug, Args)]
pub struct AssignArgs {
    pub file: PathBuf,
    /// The coders, in order: ana,bo,cy (new names are added to the study).
    #[arg(long, value_delimiter = ',', required = true)]
    pub coders: Vec<String>,
    /// The reliability subsample every coder codes: a number of units or a percentage (20%).
    #[arg(long)]
    pub overlap: String,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Draw the subsample proportionally within the values of this unit field (platform,
    /// account, or an imported column).
    #[arg(long)]
    pub stratify: Option<String>,
    /// Split the remaining units by weights instead of evenly: ana=2,bo=1,cy=1.
    #[arg(long)]
    pub shares: Option<String>,
    /// Show the plan without storing it.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace the study's existing assignments.
    #[arg(long)]
    pub replace: bool,
}

pub fn assign(args: AssignArgs) -> anyhow::Result<()> {
    let mut project = super::open_study(&args.file)?;
    let units = project.units()?;
    let coders: Vec<String> = args
        .coders
        .iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    let shares = args
        .shares
        .as_deref()
        .map(|s| parse_shares(s, &coders))
        .transpose()?;
    let request = Request {
        coders: coders.clone(),
        overlap: Overlap::parse(&args.overlap)?,
        seed: args.seed,
        stratify: args.stratify.clone(),
        shares,
    };
    let plan = draw_for_units(&units, &request)?;

    println!(
        "reliability subsample: {} of {} units (seed {}), coded by all {} coders",
        plan.overlap.len(),
        units.len(),
        args.seed,
        coders.len()
    );
    for (stratum, count) in &plan.strata {
        println!("  {stratum}: {count}");
    }
    println!(
        "\n  {:<20} {:>8} {:>8} {:>8}",
        "coder", "overlap", "own", "total"
    );
    for coder in &coders {
        let own = plan.own.get(coder).map_or(0, Vec::len);
        println!(
            "  {} {:>8} {own:>8} {:>8}",
            columns::left(coder, 20),
            plan.overlap.len(),
            plan.overlap.len() + own
        );
    }
    if args.dry_run {
        println!("\npreview only (--dry-run): nothing was stored");
        return Ok(());
    }
    let stored = project.set_assignments(
        &plan.rows(),
        args.replace,
        &crate::assign::DrawRecord::of(&request, &plan),
        &crate::actor(),
    )?;
    project.save()?;
    println!("\nstored {stored} assignments");
    Ok(())
}
