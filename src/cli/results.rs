//! `codingdesk stats` (category frequencies of the final dataset or one coder) and
//! `codingdesk primary` (the coder whose values settle unresolved disagreements).

use super::columns;
use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use serde::Serialize;

use super::agree::OutputFormat;
use crate::model::Kind;
use crate::report::parse_crosstab;
use crate::results::{self, Frequencies, Source};
use crate::stats::Bootstrap;

#[derive(Debug, Args)]
pub struct StatsArgs {
    pub file: PathBuf,
    /// Only these variables (repeat or separate with commas).
    #[arg(long = "variable", value_delimiter = ',')]
    pub variables: Vec<String>,
    /// final (the adjudicated/agreed dataset) or coder:NAME.
    #[arg(long, default_value = "final")]
    pub source: String,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Serialize)]
struct StatsJson {
    variables: Vec<Frequencies>,
}

pub fn stats(args: StatsArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    let source = Source::parse(&args.source).map_err(anyhow::Error::msg)?;
    let dataset = results::dataset(&project, &source)?;
    let codebook = project.codebook()?.localized(crate::i18n::ui_language());
    let units = project.unit_ids()?;
    let mut tables = Vec::new();
    for variable in &codebook.variables {
        if !args.variables.is_empty() && !args.variables.contains(&variable.key) {
            continue;
        }
        if matches!(variable.kind, Kind::Single | Kind::Multi) {
            tables.push(results::frequencies(variable, &dataset, &units, &source));
        }
    }
    for wanted in &args.variables {
        if !tables.iter().any(|t| &t.variable == wanted) {
            let keys: Vec<&str> = codebook
                .variables
                .iter()
                .filter(|v| v.kind.has_values())
                .map(|v| v.key.as_str())
                .collect();
            bail!(
                "no single- or multi-select variable '{wanted}' (variables: {})",
                keys.join(", ")
            );
        }
    }
    match args.format {
        OutputFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&StatsJson { variables: tables })?
        ),
        OutputFormat::Csv => {
            let mut out = crate::export::SafeCsv::new(csv::Writer::from_writer(std::io::stdout()));
            out.write_record([
                "variable",
                "source",
                "level",
                "code",
                "label",
                "count",
                "percent",
                "valid_percent",
            ])?;
            for table in &tables {
                let rows = table.categories.iter().map(|c| ("value", c));
                let rolled = table.primary.iter().flatten().map(|c| ("primary", c));
                for (level, category) in rows.chain(rolled) {
                    out.write_record([
                        table.variable.as_str(),
                        table.source.as_str(),
                        level,
                        &category.code.to_string(),
                        &category.label,
                        &category.count.to_string(),
                        &category.percent.to_string(),
                        &category.valid_percent.to_string(),
                    ])?;
                }
            }
            out.flush()?;
        }
        OutputFormat::Table => {
            for table in &tables {
                println!(
                    "{} — {} ({}, n = {}, missing {})",
                    table.variable, table.label, table.source, table.n, table.missing
                );
                if table.kind == Kind::Multi {
                    println!("  several values may apply: percentages can add up to more than 100");
                }
                let show = |rows: &[results::CategoryCount], indent: &str| {
                    for row in rows {
                        println!(
                            "{indent}{:>4}  {} {:>6} {:>7.1}% {:>7.1}%",
                            row.code,
                            columns::left(&row.label, 36),
                            row.count,
                            row.percent,
                            row.valid_percent
                        );
                    }
                };
                println!(
                    "  {:>4}  {:<36} {:>6} {:>8} {:>8}",
                    "code", "category", "count", "%", "valid %"
                );
                show(&table.categories, "  ");
                if let Some(primary) = &table.primary {
                    println!("  rolled up to the primary categories:");
                    show(primary, "  ");
                }
                if table.unresolved > 0 {
                    println!(
                        "  {} unit(s) unresolved: coders disagree and nobody adjudicated (set a primary coder with `codingdesk primary`)",
                        table.unresolved
                    );
                }
                println!();
            }
        }
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct CrosstabArgs {
    pub file: PathBuf,
    /// The variable whose categories are the rows.
    pub rows: String,
    /// The variable whose categories are the columns.
    pub columns: String,
    /// final (the adjudicated/agreed dataset) or coder:NAME.
    #[arg(long, default_value = "final")]
    pub source: String,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn crosstab(args: CrosstabArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    let source = Source::parse(&args.source).map_err(anyhow::Error::msg)?;
    let dataset = results::dataset(&project, &source)?;
    let codebook = project.codebook()?.localized(crate::i18n::ui_language());
    let single = |key: &str| {
        codebook
            .variable(key)
            .filter(|v| v.kind == Kind::Single)
            .ok_or_else(|| {
                let keys: Vec<&str> = codebook
                    .variables
                    .iter()
                    .filter(|v| v.kind == Kind::Single)
                    .map(|v| v.key.as_str())
                    .collect();
                anyhow::anyhow!(
                    "no single-choice variable '{key}' (variables: {})",
                    keys.join(", ")
                )
            })
    };
    let (rows, columns) = (single(&args.rows)?, single(&args.columns)?);
    let table = results::crosstab(rows, columns, &dataset, &project.unit_ids()?, &source);
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&table)?),
        OutputFormat::Csv => {
            let mut out = crate::export::SafeCsv::new(csv::Writer::from_writer(std::io::stdout()));
            out.write_record(["row", "column", "count", "row_percent", "column_percent"])?;
            for (i, row) in table.row_categories.iter().enumerate() {
                for (j, column) in table.column_categories.iter().enumerate() {
                    out.write_record([
                        row.as_str(),
                        column.as_str(),
                        &table.counts[i][j].to_string(),
                        &table.row_percent[i][j].to_string(),
                        &table.column_percent[i][j].to_string(),
                    ])?;
                }
            }
            out.flush()?;
        }
        OutputFormat::Table => print_crosstab(&table),
    }
    Ok(())
}

fn print_crosstab(table: &results::Crosstab) {
    println!(
        "{} × {} ({}, n = {})\n",
        table.rows, table.columns, table.source, table.n
    );
    let width = columns::widest(table.row_categories.iter().map(String::as_str), 4).min(30);
    print!("{:width$} ", "");
    for column in &table.column_categories {
        print!(
            " {}",
            columns::right(columns::fit(column, 14).trim_end(), 14)
        );
    }
    println!();
    for (i, row) in table.row_categories.iter().enumerate() {
        print!("{} ", columns::fit(row, width));
        for j in 0..table.column_categories.len() {
            print!(
                " {:>5} ({:>5.1}%)",
                table.counts[i][j], table.row_percent[i][j]
            );
        }
        println!();
    }
    println!("\n(row percentages in brackets; --format csv or json also gives column percentages)");
    match &table.test {
        Some(test) => {
            println!(
                "χ² = {:.3}, df = {}, p = {:.4}, Cramér's V = {:.3}",
                test.chi2, test.df, test.p, test.cramers_v
            );
            if test.small_expected > 0 {
                println!(
                    "caution: {} cell(s) have an expected count below 5",
                    test.small_expected
                );
            }
        }
        None => println!("χ² not computed: fewer than two categories of a variable occur"),
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub file: PathBuf,
    #[arg(long, value_enum)]
    pub format: crate::export::Format,
    #[arg(long)]
    pub out: PathBuf,
    /// Wide formats: one column per variable and coder, for these coders, instead of the final
    /// dataset.
    #[arg(long, value_delimiter = ',')]
    pub coders: Vec<String>,
    /// SPSS: final (default) or coder:NAME.
    #[arg(long, default_value = "final")]
    pub source: String,
    /// HTML: crosstabs to include, ROW:COLUMN (repeat or separate with commas).
    #[arg(long = "crosstab", value_delimiter = ',')]
    pub crosstabs: Vec<String>,
}

pub fn export(args: ExportArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    let request = crate::export::Request {
        coders: args.coders,
        source: Source::parse(&args.source).map_err(anyhow::Error::msg)?,
        crosstabs: parse_crosstabs(&args.crosstabs)?,
        lang: crate::i18n::ui_language(),
        ..crate::export::Request::new(args.format, &args.out)
    };
    if is_standard_output(&args.out) {
        return write_to_standard_output(&project, request);
    }
    println!("{}", crate::export::write(&project, &request)?.summary());
    Ok(())
}

/// `--out -`: standard output, as `codebook --export -` (a file named `-` helps nobody).
fn is_standard_output(out: &std::path::Path) -> bool {
    out.as_os_str() == "-"
}

/// Writes a one-file export to standard output: built in a private folder like any export,
/// then copied out whole (so a failure leaves no half a file in a pipe either).
fn write_to_standard_output(
    project: &crate::study::Study,
    mut request: crate::export::Request,
) -> anyhow::Result<()> {
    use std::io::Write;
    let format = request.format;
    if !format.is_one_file() {
        anyhow::bail!(
            "--out - writes to standard output, and {} writes more than one file: give --out a file name{}",
            format.name(),
            match format {
                crate::export::Format::Spss => " (the data CSV; the .sps is written beside it)",
                _ => " (a folder for ReCal's files)",
            }
        );
    }
    let folder = tempfile::tempdir()?;
    request.out = folder.path().join(format.default_file_name());
    crate::export::write(project, &request)?;
    let bytes = std::fs::read(&request.out)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&bytes)?;
    stdout.flush()?;
    Ok(())
}

fn parse_crosstabs(texts: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    texts
        .iter()
        .map(|c| parse_crosstab(c))
        .collect::<Result<_, _>>()
        .map_err(anyhow::Error::msg)
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    pub file: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
    /// Crosstabs to include, ROW:COLUMN (repeat or separate with commas), e.g. theme:emotion.
    #[arg(long = "crosstab", value_delimiter = ',')]
    pub crosstabs: Vec<String>,
    /// Bootstrap resamples for α's 95% confidence intervals.
    #[arg(long, default_value_t = Bootstrap::DEFAULT.samples)]
    pub bootstrap: usize,
    #[arg(long, default_value_t = Bootstrap::DEFAULT.seed)]
    pub seed: u64,
}

/// `codingdesk report`: the self-contained HTML report.
pub fn report(args: ReportArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    // Through the export, which builds the file aside and moves it into place whole.
    let request = crate::export::Request {
        crosstabs: parse_crosstabs(&args.crosstabs)?,
        bootstrap: crate::stats::Bootstrap {
            samples: args.bootstrap,
            seed: args.seed,
        },
        lang: crate::i18n::ui_language(),
        ..crate::export::Request::new(crate::export::Format::Html, &args.out)
    };
    if is_standard_output(&args.out) {
        return write_to_standard_output(&project, request);
    }
    crate::export::write(&project, &request)?;
    println!("wrote {}", args.out.display());
    Ok(())
}

#[derive(Debug, Args)]
pub struct DisagreementsArgs {
    pub file: PathBuf,
    /// Only these variables (repeat or separate with commas).
    #[arg(long = "variable", value_delimiter = ',')]
    pub variables: Vec<String>,
}

/// Lists every unit × variable on which coders gave different values, with each coder's value
/// (supervisor's view: names are shown here) and any adjudicated value.
pub fn disagreements(args: DisagreementsArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    let codebook = project.codebook()?.localized(crate::i18n::ui_language());
    for wanted in &args.variables {
        if codebook.variable(wanted).is_none() {
            bail!(
                "no variable '{wanted}' in the codebook (variables: {})",
                codebook.variable_keys()
            );
        }
    }
    let mut open = 0;
    let mut settled = 0;
    for item in results::disagreements(&project, &args.variables)? {
        let shown: Vec<String> = item
            .answers
            .iter()
            .map(|(coder, answer)| format!("{coder}={}", answer.to_plain()))
            .collect();
        match &item.adjudicated {
            Some(answer) => {
                settled += 1;
                println!(
                    "{}  {}  {}  -> adjudicated {}",
                    item.unit,
                    item.variable,
                    shown.join("  "),
                    answer.to_plain()
                );
            }
            None => {
                open += 1;
                println!("{}  {}  {}", item.unit, item.variable, shown.join("  "));
            }
        }
    }
    println!("\n{open} open, {settled} adjudicated");
    Ok(())
}

#[derive(Debug, Args)]
pub struct AdjudicateArgs {
    pub file: PathBuf,
    pub unit: String,
    pub variable: String,
    /// The final value: a code or label (multi-select a;b), a number or text.
    #[arg(required_unless_present = "clear")]
    pub value: Option<String>,
    /// Why (kept with the value).
    #[arg(long, default_value = "")]
    pub reason: String,
    /// Remove the adjudicated value.
    #[arg(long)]
    pub clear: bool,
}

pub fn adjudicate(args: AdjudicateArgs) -> anyhow::Result<()> {
    let mut project = super::open_study(&args.file)?;
    let codebook = project.codebook()?;
    let Some(variable) = codebook.variable(&args.variable) else {
        bail!("no variable '{}' in the codebook", args.variable);
    };
    let answer = match (&args.value, args.clear) {
        (_, true) => None,
        (Some(text), false) => {
            Some(crate::import::parse_answer(variable, text).map_err(anyhow::Error::msg)?)
        }
        (None, false) => bail!("give the final value, or --clear"),
    };
    project.set_final_value(
        &args.unit,
        &args.variable,
        answer.as_ref(),
        args.reason.trim(),
        &crate::actor(),
    )?;
    project.save()?;
    match answer {
        Some(answer) => println!(
            "{} {}: final value {}",
            args.unit,
            args.variable,
            answer.to_plain()
        ),
        None => println!("{} {}: adjudicated value removed", args.unit, args.variable),
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct PrimaryArgs {
    pub file: PathBuf,
    /// The coder whose values settle disagreements nobody adjudicated.
    pub coder: String,
}

pub fn primary(args: PrimaryArgs) -> anyhow::Result<()> {
    let mut project = super::open_study(&args.file)?;
    project.set_primary_coder(args.coder.trim(), &crate::actor())?;
    project.save()?;
    println!("primary coder: {}", args.coder.trim());
    Ok(())
}

#[derive(Debug, Args)]
pub struct MethodsArgs {
    pub file: PathBuf,
    /// Bootstrap resamples for the confidence intervals.
    #[arg(long, default_value_t = Bootstrap::DEFAULT.samples)]
    pub bootstrap: usize,
    #[arg(long, default_value_t = Bootstrap::DEFAULT.seed)]
    pub seed: u64,
}

pub fn methods(args: MethodsArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    if args.bootstrap == 0 {
        bail!(
            "the methods paragraph reports 95% confidence intervals: --bootstrap must be 1 or more"
        );
    }
    let paragraph = crate::report::methods::study_methods(
        &project,
        crate::i18n::ui_language(),
        Bootstrap {
            samples: args.bootstrap,
            seed: args.seed,
        },
    )?;
    println!("{paragraph}");
    Ok(())
}
