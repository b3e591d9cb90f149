//! `codingdesk agree` (a stand-alone reliability calculator on a CSV) and `codingdesk agreement`
//! (per variable, from a project).

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use super::report_format::{
    print_agreement_table, print_confusion, print_drift, print_influence, print_report_table,
    write_csv,
};
use crate::agreement::{self, AgreementOptions, Method};
use crate::import::decode::decode_owned;
use crate::import::matrix::{MatrixOptions, count_matrix, count_wide_file};
use crate::model::Level;
use crate::stats::{self, Bootstrap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// CSV/TSV: rows = units, columns = coders (first row = coder names); empty, NA or . = missing.
    pub input: PathBuf,
    /// The first row is data, not coder names.
    #[arg(long)]
    pub no_header: bool,
    /// Long input: one row per code with columns unit,coder,value.
    #[arg(long, conflicts_with = "no_header")]
    pub long: bool,
    #[arg(long, value_enum, default_value_t = LevelArg::Nominal)]
    pub level: LevelArg,
    /// The categories, in order (their domain and, for ordinal data, their ranks): a,b,c.
    #[arg(long, value_delimiter = ',')]
    pub categories: Option<Vec<String>>,
    /// Bootstrap α with this many resamples (Hayes & Krippendorff 2007).
    #[arg(long)]
    pub bootstrap: Option<usize>,
    #[arg(long, default_value_t = Bootstrap::DEFAULT.seed)]
    pub seed: u64,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Text encoding (detected when absent: UTF-8, UTF-8 with BOM, GBK).
    #[arg(long)]
    pub encoding: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    Nominal,
    Ordinal,
    Interval,
    Ratio,
}

impl From<LevelArg> for Level {
    fn from(level: LevelArg) -> Level {
        match level {
            LevelArg::Nominal => Level::Nominal,
            LevelArg::Ordinal => Level::Ordinal,
            LevelArg::Interval => Level::Interval,
            LevelArg::Ratio => Level::Ratio,
        }
    }
}

#[derive(Debug, Args)]
pub struct AgreementArgs {
    pub file: PathBuf,
    /// Only these variables (repeat or separate with commas).
    #[arg(long = "variable", value_delimiter = ',')]
    pub variables: Vec<String>,
    /// Only these coders: a,b.
    #[arg(long, value_delimiter = ',')]
    pub coders: Vec<String>,
    /// Bootstrap resamples for α's confidence interval (0 to skip).
    #[arg(long, default_value_t = Bootstrap::DEFAULT.samples)]
    pub bootstrap: usize,
    #[arg(long, default_value_t = Bootstrap::DEFAULT.seed)]
    pub seed: u64,
    /// Print the confusion matrix of this pair of coders (a,b) for --variable.
    #[arg(long, value_delimiter = ',', num_args = 1)]
    pub pair: Option<Vec<String>>,
    /// With one --variable: α with each coder left out (whom to retrain) and the units whose
    /// removal moves α most (which definitions to sharpen).
    #[arg(long, conflicts_with = "pair")]
    pub influence: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn agree(args: AgreeArgs) -> anyhow::Result<()> {
    let file = args.input.display().to_string();
    // A pipe or a device is never opened: it could wait for a writer forever.
    if !args.input.is_file() {
        anyhow::bail!(crate::store::not_a_file(&args.input));
    }
    let level = Level::from(args.level);
    let options = MatrixOptions {
        header: !args.no_header,
        long: args.long,
        level,
        categories: args.categories.as_deref(),
    };
    // A large plain UTF-8 file is counted as it is read; anything else is read whole and decoded.
    let counted = match args.encoding {
        None => count_wide_file(&args.input, &options),
        Some(_) => None,
    };
    let counted = match counted {
        Some(counted) => counted,
        None => {
            let bytes =
                std::fs::read(&args.input).with_context(|| format!("cannot read {file}"))?;
            let text = decode_owned(bytes, args.encoding.as_deref())
                .map_err(|m| anyhow::anyhow!("{file}: {m}"))?;
            count_matrix(&text.text, &options)
        }
    };
    let (counted, names) = counted.map_err(|error| anyhow::anyhow!("{file}: {error}"))?;
    let bootstrap = args.bootstrap.map(|samples| Bootstrap {
        samples,
        seed: args.seed,
    });
    let report = stats::report_from_tally(&counted.tally, &counted.categories, level, bootstrap);
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        OutputFormat::Csv => {
            let name = args
                .input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            write_csv(&[(name, None, &report)])?;
        }
        OutputFormat::Table => print_report_table(&file, &names, &report),
    }
    Ok(())
}

pub fn agreement(args: AgreementArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    if let Some(pair) = &args.pair {
        let [first, second] = pair.as_slice() else {
            bail!("--pair takes two coder names: --pair a,b");
        };
        let [variable] = args.variables.as_slice() else {
            bail!("--pair needs exactly one --variable");
        };
        let confusion = agreement::confusion(&project, variable, first, second)?;
        match args.format {
            OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&confusion)?),
            _ => print_confusion(&confusion),
        }
        return Ok(());
    }
    if args.influence {
        let [variable] = args.variables.as_slice() else {
            bail!("--influence needs exactly one --variable");
        };
        let influence = agreement::influence::influence(&project, variable, &args.coders)?;
        match args.format {
            OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&influence)?),
            OutputFormat::Table | OutputFormat::Csv => print_influence(&influence),
        }
        return Ok(());
    }
    let options = AgreementOptions {
        variables: args.variables,
        coders: args.coders,
        bootstrap: (args.bootstrap > 0).then_some(Bootstrap {
            samples: args.bootstrap,
            seed: args.seed,
        }),
    };
    let mut result = agreement::project_agreement(&project, &options)?;
    // Value labels (rows of multi-select values) in the chosen language.
    let codebook = project.codebook()?;
    let shown = codebook.localized(crate::i18n::ui_language());
    result.relabel(&codebook, &shown);
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
        OutputFormat::Csv => {
            let rows: Vec<(String, Option<String>, stats::Report)> = result
                .variables
                .iter()
                .map(|v| {
                    (
                        v.variable.clone(),
                        // The value of a multi-select row; the level of a rolled-up row.
                        match v.method {
                            Method::Rolled { levels_up } => Some(format!("levels_up={levels_up}")),
                            Method::Mvda => Some("sets=mvda".to_owned()),
                            Method::Standard | Method::Masi | Method::Binary => {
                                v.value.map(|c| c.to_string())
                            }
                        },
                        stats::Report {
                            counts: stats::Counts {
                                units: v.units,
                                pairable_units: v.units,
                                coders: v.coders.len(),
                                values: v.values,
                            },
                            level: v.level,
                            measures: v.measures.clone(),
                            alpha_bootstrap: v.alpha_bootstrap.clone(),
                            notes: Vec::new(),
                        },
                    )
                })
                .collect();
            let borrowed: Vec<(String, Option<String>, &stats::Report)> = rows
                .iter()
                .map(|(a, b, c)| (a.clone(), b.clone(), c))
                .collect();
            write_csv(&borrowed)?;
        }
        OutputFormat::Table => print_agreement_table(
            &project.title()?,
            &agreement::table::ReliabilityTable::new(&result, &shown, crate::i18n::ui_language()),
        ),
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    pub file: PathBuf,
    /// The single-choice or number variable.
    #[arg(long)]
    pub variable: String,
    /// Compared units per window, in each coder's coding order.
    #[arg(long, default_value_t = 10, conflicts_with = "weekly")]
    pub window: usize,
    /// One window per calendar week of coding (ISO weeks, UTC) instead of N units.
    #[arg(long)]
    pub weekly: bool,
    /// Compare each coder with the adjudicated values (the gold standard) on the units that have
    /// one, instead of with the other coders.
    #[arg(long)]
    pub against_gold: bool,
    /// A window whose α is below this is a warning.
    #[arg(long, default_value_t = crate::stats::alpha::ACCEPTABLE_ALPHA)]
    pub alpha_min: f64,
    #[arg(long, value_enum, default_value_t = super::Format::Table)]
    pub format: super::Format,
}

/// `codingdesk drift`: each coder's agreement with the others over their coding order.
pub fn drift(args: DriftArgs) -> anyhow::Result<()> {
    let project = super::open_study(&args.file)?;
    use agreement::drift::{Against, DriftOptions, Windows};
    let options = DriftOptions {
        windows: if args.weekly {
            Windows::Weeks
        } else {
            Windows::Units(args.window)
        },
        against: if args.against_gold {
            Against::Gold
        } else {
            Against::Others
        },
        alpha_min: args.alpha_min,
    };
    let drift = agreement::drift::drift(&project, &args.variable, &options)?;
    match args.format {
        super::Format::Json => println!("{}", serde_json::to_string_pretty(&drift)?),
        super::Format::Table => print_drift(&drift),
    }
    Ok(())
}
