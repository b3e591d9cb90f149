//! `codingdesk index` (composite indices) and `codingdesk rank`.

use super::columns;
use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use super::agree::OutputFormat;
use super::analysis::{num, print_csv};
use crate::analysis::{self, IndexDefinition, Standardize, Table};

#[derive(Debug, Args)]
pub struct IndexArgs {
    pub file: PathBuf,
    /// The index's name, used as a field from then on.
    #[arg(long)]
    pub name: String,
    /// field=weight pairs: "gdp=0.35,likes=0.25,comments=0.2,shares=0.2".
    #[arg(long, required_unless_present = "remove")]
    pub weights: Option<String>,
    #[arg(long, value_enum, default_value_t = Standardize::Minmax)]
    pub standardize: Standardize,
    /// Divide the weights by their sum instead of requiring them to sum to 1.
    #[arg(long)]
    pub normalize: bool,
    /// Remove the index's definition.
    #[arg(long, conflicts_with = "weights")]
    pub remove: bool,
}

pub fn index(args: IndexArgs) -> anyhow::Result<()> {
    let mut project = super::open_study(&args.file)?;
    if args.remove {
        project.remove_derived_field(args.name.trim(), &crate::actor())?;
        project.save()?;
        println!("index '{}' removed", args.name.trim());
        return Ok(());
    }
    let table = Table::load(&project)?;
    let definition = IndexDefinition::parse(
        &args.name,
        args.weights.as_deref().unwrap_or_default(),
        args.standardize,
        args.normalize,
        &table,
    )?;
    let computed = definition.compute(&table)?;
    analysis::index::save(&mut project, &definition, &crate::actor())?;
    project.save()?;
    let valid: Vec<f64> = computed.values.iter().flatten().copied().collect();
    let s = crate::stats::numeric::summary(&valid);
    println!("index '{}' = {}", definition.name, definition.formula());
    println!(
        "{} units with a value (min {}, mean {}, max {}); {} without every field",
        s.n,
        num(s.min),
        num(s.mean),
        num(s.max),
        computed.excluded
    );
    println!(
        "use it as a field: codingdesk describe FILE --fields {}",
        definition.name
    );
    Ok(())
}

#[derive(Debug, Args)]
pub struct RankArgs {
    pub file: PathBuf,
    pub field: String,
    /// Lowest first.
    #[arg(long)]
    pub ascending: bool,
    /// Only the first N ranks (ties at the cut are kept).
    #[arg(long)]
    pub top: Option<usize>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn rank(args: RankArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    let table = Table::load_with(
        &project,
        true,
        Some(std::slice::from_ref(&args.field)),
        &["account"],
    )?;
    let (mut ranked, missing) = analysis::rank(&table, &args.field, args.ascending)?;
    if let Some(top) = args.top {
        ranked.retain(|r| r.rank <= top);
    }
    match args.format {
        OutputFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"field": args.field, "missing": missing, "units": ranked})
            )?
        ),
        OutputFormat::Csv => print_csv(
            &["rank", "unit_id", "account", "value"],
            ranked
                .iter()
                .map(|r| {
                    vec![
                        r.rank.to_string(),
                        r.unit.clone(),
                        r.account.clone().unwrap_or_default(),
                        r.value.to_string(),
                    ]
                })
                .collect(),
        )?,
        OutputFormat::Table => {
            println!(
                "{:>5}  {:<22} {:<24} {:>16}",
                "rank", "unit", "account", args.field
            );
            for r in &ranked {
                println!(
                    "{:>5}  {} {} {:>16}",
                    r.rank,
                    columns::left(&r.unit, 22),
                    columns::left(r.account.as_deref().unwrap_or_default(), 24),
                    num(Some(r.value))
                );
            }
            if missing > 0 {
                println!("\n{missing} unit(s) without a value are not ranked");
            }
        }
    }
    Ok(())
}
