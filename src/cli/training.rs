//! `codingdesk training`: training rounds against a gold standard — start one, see each coder's
//! agreement with gold and their misses, close it, clear the coders who passed.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::{Format, columns};
use crate::format::{apa, percent};
use crate::store::{Gold, NewRound};
use crate::training::{self, CoderTraining, TrainingReport};

#[derive(Debug, Args)]
pub struct TrainingArgs {
    /// The project file (or server study).
    pub file: PathBuf,
    /// Start a training round with this name.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["round"])]
    pub start: Option<String>,
    /// With --start: the round's units by id (a,b,c).
    #[arg(long, value_delimiter = ',', requires = "start")]
    pub units: Vec<String>,
    /// With --start: draw this many units at random instead of naming them, from the units
    /// nobody has coded yet (with --take-coded or --count-in-study: from all of the study's units).
    #[arg(long, requires = "start", conflicts_with = "units")]
    pub draw: Option<usize>,
    /// With --start: the round may take units already coded, whose codes then leave the study's
    /// agreement and results unless --count-in-study (it says how many). Without it, a round
    /// that would move codes out is refused.
    #[arg(long, requires = "start")]
    pub take_coded: bool,
    /// With --start: an optional variable a coder left blank where gold coded it counts as a
    /// miss (by default it does not: the desk counts the unit done without it).
    #[arg(long, requires = "start")]
    pub blanks_count: bool,
    /// The seed of --draw.
    #[arg(long, default_value_t = 1, requires = "draw")]
    pub seed: u64,
    /// With --start: the coders in training (default: every coder but the gold coder).
    #[arg(long, value_delimiter = ',', requires = "start")]
    pub coders: Vec<String>,
    /// With --start: the gold standard, a coder's codes (e.g. your own, coded in a desk as that
    /// coder) or `adjudicated` (the adjudicated values of the round's units).
    #[arg(long, requires = "start")]
    pub gold: Option<String>,
    /// With --start: the α with gold a coder needs on every variable to pass.
    #[arg(long, default_value_t = 0.800, requires = "start")]
    pub alpha_min: f64,
    /// With --start: the round's units also count as the study's (in agreement, results and
    /// exports). Without it they are training only.
    #[arg(long, requires = "start")]
    pub count_in_study: bool,
    /// The round to report on, close or clear coders after.
    #[arg(long, value_name = "NAME")]
    pub round: Option<String>,
    /// With --round: only this coder's result, with each miss.
    #[arg(long, requires = "round", conflicts_with_all = ["close", "clear"])]
    pub coder: Option<String>,
    /// With --round: close the round (codes are kept as they were; coders may review misses).
    #[arg(long, requires = "round")]
    pub close: bool,
    /// With --round: clear these coders for the study (each must have passed the closed round).
    #[arg(long, value_delimiter = ',', requires = "round")]
    pub clear: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Serialize)]
struct RoundsJson<'a> {
    rounds: &'a [TrainingReport],
}

pub fn training(args: TrainingArgs) -> anyhow::Result<()> {
    let mut study = super::open_study(&args.file)?;
    let actor = crate::actor();
    if let Some(name) = &args.start {
        let coders_of_study = study.coders()?;
        let gold = match &args.gold {
            Some(text) => Gold::parse(text),
            None => anyhow::bail!(
                "say where the gold standard comes from: --gold CODER (that coder's codes, e.g. \
                 your own) or --gold adjudicated (the adjudicated values of the round's units)"
            ),
        };
        let coders: Vec<String> = if args.coders.is_empty() {
            coders_of_study
                .into_iter()
                .filter(|c| Some(c.as_str()) != gold.coder())
                .collect()
        } else {
            args.coders.iter().map(|c| c.trim().to_owned()).collect()
        };
        let units = match args.draw {
            Some(count) => {
                let from_coded = args.take_coded || args.count_in_study;
                training::draw_training(&study, count, args.seed, from_coded)?.units
            }
            None => args.units.iter().map(|u| u.trim().to_owned()).collect(),
        };
        let (coded_units, codes) = study.coded_in_study(&units)?;
        let started = study.start_training_round(
            &NewRound {
                name: name.clone(),
                units: units.clone(),
                coders: coders.clone(),
                gold: gold.clone(),
                alpha_min: args.alpha_min,
                counted: args.count_in_study,
                take_coded: args.take_coded,
                blanks_count: args.blanks_count,
            },
            &actor,
        );
        if let Err(crate::store::StoreError::TrainingTakesCoded { units, codes, .. }) = &started {
            anyhow::bail!(
                "training round '{}' would take {units} units that are already coded, with their {codes} codes, out of the study (its agreement and results would change); nothing was started. Name units nobody has coded (or use --draw, which draws only those), keep them in the study with --count-in-study, or take them out on purpose with --take-coded",
                name.trim()
            );
        }
        started?;
        study.save()?;
        println!(
            "started training round '{}': {} units for {} ({} coders), gold: {}, α_min {}",
            name.trim(),
            units.len(),
            coders.join(", "),
            coders.len(),
            gold_text(&gold),
            apa(Some(args.alpha_min))
        );
        if let Some(count) = args.draw {
            let pool = if args.take_coded || args.count_in_study {
                "the study's units"
            } else {
                "the units nobody had coded"
            };
            println!(
                "  drew {count} of {pool} at random (seed {}): {}",
                args.seed,
                units.join(", ")
            );
        }
        if codes > 0 && !args.count_in_study {
            println!(
                "  took {coded_units} coded units out of the study with their {codes} codes (--take-coded): the study's agreement and results leave them out now"
            );
        }
        if !args.count_in_study {
            println!(
                "  these units are training units now: the study's agreement, results and exports \
                 leave them out (start the round with --count-in-study to keep them in)"
            );
        }
        println!(
            "  next: each coder codes them in their desk; then `codingdesk training {} --round \"{}\"`",
            args.file.display(),
            name.trim()
        );
        return Ok(());
    }
    let Some(round) = &args.round else {
        let codebook = study.codebook()?.localized(crate::i18n::ui_language());
        let reports = training::all_reports(&study, &codebook)?;
        match args.format {
            Format::Json => println!(
                "{}",
                serde_json::to_string_pretty(&RoundsJson { rounds: &reports })?
            ),
            Format::Table if reports.is_empty() => println!(
                "no training rounds yet: start one with `codingdesk training {} --start \"round 1\" --units … --gold CODER`",
                args.file.display()
            ),
            Format::Table => {
                for report in &reports {
                    print_round(report);
                }
            }
        }
        return Ok(());
    };
    if args.close {
        study.close_training_round(round, &actor)?;
        study.save()?;
        println!(
            "closed training round '{round}': its codes are kept as they were, and each coder can review their misses in the desk"
        );
    }
    for coder in &args.clear {
        training::clear(&mut study, round, coder.trim(), &actor)?;
        study.save()?;
        println!("cleared {} for the study (passed '{round}')", coder.trim());
    }
    if args.close || !args.clear.is_empty() {
        return Ok(());
    }
    let codebook = study.codebook()?.localized(crate::i18n::ui_language());
    let mut report = training::training_report(&study, &codebook, round)?;
    if let Some(coder) = &args.coder {
        let known = report.round.coders.join(", ");
        report.coders.retain(|c| &c.coder == coder);
        if report.coders.is_empty() {
            anyhow::bail!(
                "no coder named '{coder}' in training round '{round}' (its coders: {known})"
            );
        }
    }
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Table => {
            print_round(&report);
            if args.coder.is_some() {
                for coder in &report.coders {
                    print_misses(coder);
                }
            }
        }
    }
    Ok(())
}

fn gold_text(gold: &Gold) -> String {
    match gold {
        Gold::Adjudicated => "the adjudicated values".into(),
        Gold::Coder(name) => format!("{name}'s codes"),
    }
}

fn print_round(report: &TrainingReport) {
    let round = &report.round;
    let state = match &round.closed_at {
        Some(at) => format!("closed {}", crate::format::local_time(at)),
        None => "open".into(),
    };
    println!(
        "training round '{}' ({state}): {} units, gold: {} ({} values), α_min {}{}",
        round.name,
        round.units.len(),
        gold_text(&round.gold),
        report.gold_values,
        apa(Some(round.alpha_min)),
        if round.counted {
            ", counted in the study"
        } else {
            ""
        }
    );
    println!(
        "  {} passed of {} coders\n",
        report.passed(),
        report.coders.len()
    );
    let labels = report
        .coders
        .iter()
        .flat_map(|c| c.variables.iter().map(|v| v.label.as_str()));
    let wide = columns::widest(labels, 10);
    println!(
        "  {:<12} {} {:>6} {:>8} {:>6} {:>6}  result",
        "coder",
        columns::left("variable", wide),
        "units",
        "% agree",
        "κ",
        "α"
    );
    for coder in &report.coders {
        for variable in &coder.variables {
            println!(
                "  {} {} {:>6} {:>8} {:>6} {:>6}  {}",
                columns::left(&coder.coder, 12),
                columns::left(&variable.label, wide),
                variable.units,
                percent(variable.percent_agreement),
                apa(variable.cohen_kappa),
                apa(variable.krippendorff_alpha),
                if variable.passed {
                    "pass"
                } else {
                    "below α_min"
                }
            );
        }
        println!(
            "  {} {}{}{}",
            columns::left(&coder.coder, 12),
            if coder.passed { "PASSED" } else { "NOT PASSED" },
            if coder.not_coded > 0 {
                format!(", {} values not coded", coder.not_coded)
            } else {
                String::new()
            },
            match &coder.cleared {
                Some(c) => format!(", cleared after '{}'", c.round),
                None => String::new(),
            }
        );
    }
    println!();
}

fn print_misses(coder: &CoderTraining) {
    if coder.misses.is_empty() {
        println!("{}: no misses", coder.coder);
        return;
    }
    println!("{}: {} misses", coder.coder, coder.misses.len());
    for miss in &coder.misses {
        println!(
            "\n  {} · {}: coded {}, gold {}",
            miss.unit,
            miss.variable_label,
            miss.coded.as_deref().unwrap_or("nothing"),
            miss.gold
        );
        for value in &miss.gold_values {
            println!("    {} {}: {}", value.code, value.label, value.definition);
            for example in &value.examples {
                println!("      e.g. {example}");
            }
        }
    }
}
