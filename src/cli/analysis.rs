//! `codingdesk describe | timeline | compare | correlate | index | rank`: the analyses of
//! `crate::analysis` on the command line, as tables, JSON or CSV.

use super::columns;
use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use super::agree::OutputFormat;
use crate::analysis::timeline::{self, Period};
use crate::analysis::{self, Table, analyses::Method};
use crate::results::Source;

/// The text column a grouping by `by` reads (none for a coded variable: it reads codes).
fn text_for(by: Option<&str>) -> Vec<&str> {
    match by {
        Some("year") => vec!["published_at"],
        Some(field) => vec![field],
        None => Vec::new(),
    }
}

/// A number for a table: four decimals, to check against other software digit by digit.
pub(super) fn num(value: Option<f64>) -> String {
    crate::format::precise(value)
}

pub(super) fn print_csv(header: &[&str], rows: Vec<Vec<String>>) -> anyhow::Result<()> {
    let mut out = crate::export::SafeCsv::new(csv::Writer::from_writer(std::io::stdout()));
    out.write_record(header)?;
    for row in rows {
        out.write_record(&row)?;
    }
    out.flush()?;
    Ok(())
}

fn opt(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

#[derive(Debug, Args)]
pub struct DescribeArgs {
    pub file: PathBuf,
    /// Numeric fields (canonical, imported columns or indices), separated by commas.
    #[arg(long, value_delimiter = ',', required = true)]
    pub fields: Vec<String>,
    /// Also per group: a single-choice variable or a unit field (account, platform, year …).
    #[arg(long)]
    pub by: Option<String>,
    /// Also the share of units below this value.
    #[arg(long)]
    pub below: Option<f64>,
    /// Whose codes group the units: final or coder:NAME.
    #[arg(long, default_value = "final")]
    pub source: String,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn describe(args: DescribeArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    let table = Table::load_with(
        &project,
        args.by.is_some(),
        Some(&args.fields),
        &text_for(args.by.as_deref()),
    )?;
    let source = Source::parse(&args.source).map_err(anyhow::Error::msg)?;
    let groups = match &args.by {
        Some(by) => Some(analysis::groups(&project, &table, by, &source)?),
        None => None,
    };
    let mut rows = Vec::new();
    for field in &args.fields {
        rows.extend(analysis::describe(
            &table,
            field,
            groups.as_ref(),
            args.below,
        )?);
    }
    match args.format {
        OutputFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json!({ "descriptives": rows }))?
        ),
        OutputFormat::Csv => print_csv(
            &[
                "field",
                "group",
                "n",
                "missing",
                "mean",
                "median",
                "sd",
                "min",
                "q1",
                "q3",
                "max",
                "below",
                "below_count",
                "below_percent",
            ],
            rows.iter()
                .map(|r| {
                    let s = &r.summary;
                    vec![
                        r.field.clone(),
                        r.group.clone().unwrap_or_default(),
                        s.n.to_string(),
                        r.missing.to_string(),
                        opt(s.mean),
                        opt(s.median),
                        opt(s.sd),
                        opt(s.min),
                        opt(s.q1),
                        opt(s.q3),
                        opt(s.max),
                        opt(r.below.as_ref().map(|b| b.threshold)),
                        r.below
                            .as_ref()
                            .map(|b| b.count.to_string())
                            .unwrap_or_default(),
                        opt(r.below.as_ref().map(|b| b.percent)),
                    ]
                })
                .collect(),
        )?,
        OutputFormat::Table => {
            println!(
                "{:<14} {:<24} {:>6} {:>5} {:>13} {:>11} {:>13} {:>11} {:>11} {:>11} {:>13} {:>8}",
                "field",
                "group",
                "n",
                "miss",
                "mean",
                "median",
                "sd",
                "min",
                "q1",
                "q3",
                "max",
                "% below"
            );
            for r in &rows {
                let s = &r.summary;
                let group = columns::fit(r.group.as_deref().unwrap_or("(all units)"), 24);
                println!(
                    "{} {group} {:>6} {:>5} {:>13} {:>11} {:>13} {:>11} {:>11} {:>11} {:>13} {:>8}",
                    columns::left(&r.field, 14),
                    s.n,
                    r.missing,
                    num(s.mean),
                    num(s.median),
                    num(s.sd),
                    num(s.min),
                    num(s.q1),
                    num(s.q3),
                    num(s.max),
                    r.below
                        .as_ref()
                        .map_or(String::new(), |b| format!("{:.1}%", b.percent))
                );
            }
            if let Some(threshold) = args.below {
                println!("\n% below: share of the units with a value that are below {threshold}");
            }
        }
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = Period::Year)]
    pub by: Period,
    /// Split each period by the categories of a single-choice variable (or a unit field).
    #[arg(long)]
    pub split: Option<String>,
    #[arg(long, default_value = "final")]
    pub source: String,
    /// Hours to add to times stored in UTC (e.g. 8 for China Standard Time) before taking the
    /// day, weekday or hour.
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub utc_offset: i64,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn timeline(args: TimelineArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    let mut text = text_for(args.split.as_deref());
    text.push("published_at");
    let table = Table::load_with(&project, args.split.is_some(), Some(&[]), &text)?;
    let source = Source::parse(&args.source).map_err(anyhow::Error::msg)?;
    let split = match &args.split {
        Some(by) => Some(analysis::groups(&project, &table, by, &source)?),
        None => None,
    };
    let result = timeline::timeline(&table, args.by, split.as_ref(), args.utc_offset);
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
        OutputFormat::Csv => {
            let mut header = vec!["period", "count"];
            header.extend(result.categories.iter().map(String::as_str));
            print_csv(
                &header,
                result
                    .rows
                    .iter()
                    .map(|r| {
                        let mut row = vec![r.period.clone(), r.count.to_string()];
                        row.extend(r.split.iter().map(usize::to_string));
                        row
                    })
                    .collect(),
            )?;
        }
        OutputFormat::Table => {
            let total: usize = result.rows.iter().map(|r| r.count).sum();
            let widest = result
                .rows
                .iter()
                .map(|r| r.count)
                .max()
                .unwrap_or(0)
                .max(1);
            for row in &result.rows {
                let bar = "█".repeat((row.count * 40).div_ceil(widest));
                let split = if result.categories.is_empty() {
                    String::new()
                } else {
                    let parts: Vec<String> = result
                        .categories
                        .iter()
                        .zip(&row.split)
                        .filter(|(_, n)| **n > 0)
                        .map(|(c, n)| format!("{c}: {n}"))
                        .collect();
                    format!("  ({})", parts.join(", "))
                };
                println!("{:>8} {:>6}  {bar}{split}", row.period, row.count);
            }
            println!(
                "\n{total} units dated; {} without a usable date",
                result.undated
            );
        }
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    pub file: PathBuf,
    /// The numeric field to compare.
    pub field: String,
    /// The groups: a single-choice variable or a unit field.
    #[arg(long)]
    pub by: String,
    #[arg(long, default_value = "final")]
    pub source: String,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn compare(args: CompareArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    let table = Table::load_with(
        &project,
        true,
        Some(std::slice::from_ref(&args.field)),
        &text_for(Some(&args.by)),
    )?;
    let source = Source::parse(&args.source).map_err(anyhow::Error::msg)?;
    let groups = analysis::groups(&project, &table, &args.by, &source)?;
    let result = analysis::compare(&table, &args.field, &groups)?;
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
        OutputFormat::Csv => print_csv(
            &[
                "group", "n", "mean", "median", "sd", "min", "q1", "q3", "max",
            ],
            result
                .groups
                .iter()
                .map(|g| {
                    let s = &g.summary;
                    vec![
                        g.group.clone(),
                        s.n.to_string(),
                        opt(s.mean),
                        opt(s.median),
                        opt(s.sd),
                        opt(s.min),
                        opt(s.q1),
                        opt(s.q3),
                        opt(s.max),
                    ]
                })
                .collect(),
        )?,
        OutputFormat::Table => {
            println!(
                "{} by {} ({} units left out: no value or no group)\n",
                result.field, result.by, result.excluded
            );
            println!(
                "{:<28} {:>6} {:>13} {:>11} {:>13}",
                "group", "n", "mean", "median", "sd"
            );
            for g in &result.groups {
                let s = &g.summary;
                println!(
                    "{} {:>6} {:>13} {:>11} {:>13}",
                    columns::left(&g.group, 28),
                    s.n,
                    num(s.mean),
                    num(s.median),
                    num(s.sd)
                );
            }
            println!();
            if let Some(kw) = &result.kruskal_wallis {
                println!(
                    "Kruskal–Wallis H = {:.4}, df = {}, {}",
                    kw.h,
                    kw.df,
                    crate::format::p_value(Some(kw.p))
                );
            }
            if let Some(mw) = &result.mann_whitney {
                println!(
                    "Mann–Whitney U = {}, z = {:.4}, {} (two-tailed)",
                    mw.u,
                    mw.z,
                    crate::format::p_value(Some(mw.p))
                );
            }
            if let Some(a) = &result.anova {
                println!(
                    "one-way ANOVA F({}, {}) = {:.4}, {}",
                    a.df_between,
                    a.df_within,
                    a.f,
                    crate::format::p_value(Some(a.p))
                );
            }
            for note in &result.notes {
                println!("note: {note}");
            }
        }
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct CorrelateArgs {
    pub file: PathBuf,
    /// Two numeric fields or more (a matrix of every pair).
    #[arg(required = true, num_args = 2..)]
    pub fields: Vec<String>,
    #[arg(long, value_enum, default_value_t = Method::Pearson)]
    pub method: Method,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn correlate(args: CorrelateArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    let table = Table::load_with(&project, false, Some(&args.fields), &[])?;
    let pairs = analysis::correlate(&table, &args.fields, args.method)?;
    match args.format {
        OutputFormat::Json if pairs.len() == 1 => {
            let c = &pairs[0].correlation;
            let mut value =
                json!({"method": args.method, "n": c.n, "r": c.r, "p": c.p, "ci95": c.ci95});
            if !c.notes.is_empty() {
                value["notes"] = json!(c.notes);
            }
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        OutputFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"method": args.method, "fields": args.fields, "pairs": pairs})
            )?
        ),
        OutputFormat::Csv => print_csv(
            &[
                "x",
                "y",
                "method",
                "n",
                "r",
                "p",
                "ci95_low",
                "ci95_high",
                "excluded",
            ],
            pairs
                .iter()
                .map(|p| {
                    let c = &p.correlation;
                    vec![
                        p.x.clone(),
                        p.y.clone(),
                        format!("{:?}", p.method).to_lowercase(),
                        c.n.to_string(),
                        opt(c.r),
                        opt(c.p),
                        opt(c.ci95.map(|ci| ci[0])),
                        opt(c.ci95.map(|ci| ci[1])),
                        p.excluded.to_string(),
                    ]
                })
                .collect(),
        )?,
        OutputFormat::Table => {
            let name = if args.method == Method::Pearson {
                "Pearson r"
            } else {
                "Spearman ρ"
            };
            println!(
                "{:<16} {:<16} {:>6} {:>10} {:>10} {:>22}",
                "x", "y", "n", name, "p", "95% CI"
            );
            for p in &pairs {
                let c = &p.correlation;
                let ci = c
                    .ci95
                    .map_or("—".to_owned(), |[lo, hi]| format!("[{lo:.4}, {hi:.4}]"));
                println!(
                    "{} {} {:>6} {:>10} {:>10} {:>22}",
                    columns::left(&p.x, 16),
                    columns::left(&p.y, 16),
                    c.n,
                    num(c.r),
                    crate::format::p_cell(c.p),
                    ci
                );
                for note in &c.notes {
                    println!("  note: {note}");
                }
                if p.excluded > 0 {
                    println!("  {} unit(s) without both values left out", p.excluded);
                }
            }
            println!("\np: two-tailed, t distribution with n − 2 df; CI: Fisher's z");
        }
    }
    Ok(())
}
