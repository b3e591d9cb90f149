//! Subcommands that create, fill and describe a project file.

use super::columns;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::{Format, ImportArgs};
use crate::codebook::{PRESETS, load_codebook, to_toml};
use crate::import::{self, ReadOptions, Target, UnitImportOptions};
use crate::model::Kind;
use crate::samples;
use crate::store::{Project, StudyStatus, UNIT_NOTE, UnmappedCode};

pub fn new(file: &Path, codebook: &str, title: Option<String>) -> anyhow::Result<()> {
    let codebook = load_codebook(codebook)?;
    let title = title.unwrap_or_else(|| {
        file.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let project = Project::create(file, &title, &codebook)?;
    println!(
        "created {} with codebook '{}' ({} variables)",
        project.path().display(),
        codebook.name,
        codebook.variables.len()
    );
    Ok(())
}

fn parse_overrides(map: &[String]) -> anyhow::Result<Vec<(String, Target)>> {
    map.iter()
        .map(|item| {
            let Some((column, field)) = item.split_once('=') else {
                bail!("--map expects COLUMN=FIELD, found '{item}'");
            };
            let target = Target::parse(field).map_err(anyhow::Error::msg)?;
            Ok((column.trim().to_owned(), target))
        })
        .collect()
}

pub fn import(args: ImportArgs) -> anyhow::Result<()> {
    let mut project = super::open_study(&args.file)?;
    let options = UnitImportOptions {
        read: ReadOptions {
            encoding: args.encoding,
            sheet: args.sheet,
        },
        media_dir: args.media,
        overrides: parse_overrides(&args.map)?,
        platform: args.platform,
        allow_outside_media: args.allow_outside_media,
    };
    let report = import::import_units(&mut project, &args.input, &options, &crate::actor())?;
    project.save()?;
    println!("columns:");
    let width = columns::widest(report.mapping.iter().map(|(c, _)| c.as_str()), 0);
    for (column, target) in &report.mapping {
        println!("  {} -> {target}", columns::left(column, width));
    }
    if let Some(encoding) = report.encoding {
        println!("encoding: {encoding}");
    }
    if let Some(platform) = &report.platform {
        println!("platform: {platform}");
    }
    let summary = report.summary;
    println!(
        "{} rows: {} units added, {} updated, {} unchanged; {} media files linked",
        report.rows, summary.added, summary.updated, summary.unchanged, summary.media_linked
    );
    Ok(())
}

pub fn import_codes(file: &Path, codes: &Path, encoding: Option<String>) -> anyhow::Result<()> {
    let mut project = super::open_study(file)?;
    let options = ReadOptions {
        encoding,
        sheet: None,
    };
    let report = import::import_codes(&mut project, codes, &options, &crate::actor())?;
    project.save()?;
    println!(
        "{} codes from {} coder(s) ({}): {} added, {} updated, {} unchanged",
        report.rows,
        report.coders.len(),
        report.coders.join(", "),
        report.summary.added,
        report.summary.updated,
        report.summary.unchanged
    );
    Ok(())
}

pub fn codebook(
    file: &Path,
    export: Option<PathBuf>,
    apply: Option<PathBuf>,
) -> anyhow::Result<()> {
    let mut project = super::open_study(file)?;
    if let Some(path) = apply {
        let edited = crate::codebook::load_codebook_file(&path)?;
        let before = project.codebook()?.version;
        let summary = project.update_codebook(&edited, &crate::actor())?;
        project.save()?;
        if summary.version == before {
            println!("the codebook is unchanged (version {before})");
        } else {
            println!("codebook updated: version {before} -> {}", summary.version);
        }
        return Ok(());
    }
    let codebook = project.codebook()?;
    if let Some(path) = export {
        let text = to_toml(&codebook);
        if path.as_os_str() == "-" {
            std::io::stdout().write_all(text.as_bytes())?;
        } else {
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            println!("wrote {}", path.display());
        }
        return Ok(());
    }
    // Shown in the chosen language where the codebook has it; --export writes every language.
    let codebook = codebook.localized(crate::i18n::ui_language());
    println!(
        "{} (codebook '{}', version {})",
        codebook.title, codebook.name, codebook.version
    );
    for variable in &codebook.variables {
        let required = if variable.required { ", required" } else { "" };
        println!(
            "\n{} — {} [{} {}{}]",
            variable.key, variable.label, variable.level, variable.kind, required
        );
        if let Some(prefill) = &variable.prefill {
            println!("  pre-filled from unit field '{prefill}'");
        }
        if matches!(variable.kind, Kind::Single | Kind::Multi) {
            for value in &variable.values {
                let indent = if value.parent.is_some() {
                    "      "
                } else {
                    "  "
                };
                let retired = if value.retired { " (retired)" } else { "" };
                println!("{indent}{:<4}{}{retired}", value.code, value.label);
            }
        }
    }
    Ok(())
}

pub fn presets() {
    for preset in PRESETS {
        println!(
            "{:<12} {}",
            preset.name,
            preset.summary(crate::i18n::ui_language())
        );
    }
}

pub fn coders(
    file: &Path,
    add: &[String],
    rename: &[String],
    format: Format,
) -> anyhow::Result<()> {
    let mut project = super::open_study(file)?;
    let actor = crate::actor();
    for name in add {
        project.add_coder(name, &actor)?;
    }
    if let [old, new] = rename {
        project.rename_coder(old, new, &actor)?;
    }
    project.save()?;
    let status = project.status()?;
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&status.per_coder)?);
        return Ok(());
    }
    if status.per_coder.is_empty() {
        println!(
            "No coders yet: add one with `codingdesk coders {} --add NAME`.",
            file.display()
        );
        return Ok(());
    }
    print_coder_table(&status, "");
    Ok(())
}

pub fn copy(file: &Path, out: &Path) -> anyhow::Result<()> {
    let project = super::open_study(file)?;
    project.copy_to(out)?;
    let status = Project::open(out)?.status()?;
    println!(
        "{} → {}: {} units, {} codes",
        file.display(),
        out.display(),
        status.units,
        status.codings
    );
    Ok(())
}

pub fn status(file: &Path, format: Format) -> anyhow::Result<()> {
    let project = super::open_study(file)?;
    let status = project.status()?;
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&status)?);
        return Ok(());
    }
    println!("{}", status.title);
    println!(
        "  codebook    {} (version {})",
        status.codebook, status.codebook_version
    );
    println!(
        "  variables   {} ({} required)",
        status.variables, status.required_variables
    );
    println!(
        "  units       {} ({} media files){}",
        status.units,
        status.media,
        if status.training_units > 0 {
            format!(", and {} training units", status.training_units)
        } else {
            String::new()
        }
    );
    println!("  coders      {}", status.coders);
    println!("  codes       {}", status.codings);
    println!("  final       {} adjudicated values", status.final_values);
    if let Some(package) = &status.package {
        println!(
            "  package     for {}, made {} (codebook version {}): code it in the desk and send the file back to be merged",
            package.coder,
            package.made_shown(),
            package.codebook_version
        );
    }
    if status.kept_aside > 0 {
        println!(
            "  kept aside  {} codes or notes merges could not place (listed at the end)",
            status.kept_aside
        );
    }
    if !status.per_coder.is_empty() {
        println!();
        print_coder_table(&status, "  ");
    }
    print_packages(&status);
    if status.kept_aside > 0 {
        print_kept_aside(&project.kept_aside()?);
    }
    Ok(())
}

/// Each coder's progress, for `status` and `coders`: units to code (every unit for a coder without
/// assignments), started, done, codes.
fn print_coder_table(status: &crate::store::StudyStatus, indent: &str) {
    let width = columns::widest(status.per_coder.iter().map(|c| c.coder.as_str()), 5);
    println!(
        "{indent}{} {:>8} {:>8} {:>8} {:>8}",
        columns::left("coder", width),
        "in queue",
        "started",
        "done",
        "codes"
    );
    for coder in &status.per_coder {
        println!(
            "{indent}{} {:>8} {:>8} {:>8} {:>8}",
            columns::left(&coder.coder, width),
            coder.in_queue,
            coder.started,
            coder.done,
            coder.codings
        );
    }
}

/// Codes merges kept aside, one line each: what the coder said and why it could not be placed.
/// A merge of the same package places them once the codebook or the units allow it.
fn print_kept_aside(kept: &[UnmappedCode]) {
    println!(
        "\n  kept aside by merges (placed by merging the package again once the cause is fixed):"
    );
    for item in kept {
        let what = if item.variable == UNIT_NOTE {
            format!("note \"{}\"", item.value)
        } else {
            format!("{} = {}", item.variable, item.value)
        };
        println!("  {}  {}  {what}: {}", item.unit, item.coder, item.reason);
    }
}

fn print_packages(status: &StudyStatus) {
    if !status.packages.is_empty() {
        println!(
            "\n  {:<16} {:<16} {:<16} file",
            "packages", "made", "merged"
        );
        for package in &status.packages {
            println!(
                "  {} {:<16} {:<16} {}",
                columns::left(&package.coder, 16),
                package.made_shown(),
                package.merged_shown(),
                package.file
            );
        }
    }
}

pub fn sample(name: &str, out: Option<PathBuf>, force: bool) -> anyhow::Result<()> {
    use samples::Existing;
    let sample = samples::sample(name)?;
    // The data folder's sample is ours to reopen; a file at a path the user named may be theirs.
    let (out, existing) = match (out, force) {
        (Some(out), true) => (out, Existing::Replace),
        (None, true) => (samples::default_location(sample), Existing::Replace),
        (Some(out), false) => (out, Existing::Refuse),
        (None, false) => (samples::default_location(sample), Existing::Open),
    };
    if sample.videos && (existing != Existing::Open || !out.exists()) {
        if crate::video::Tools::find().is_some() {
            eprintln!(
                "Building the sample; its videos are made with ffmpeg the first time (a minute or so)…"
            );
        } else {
            eprintln!(
                "ffmpeg is not installed: the sample gets pictures instead of videos ({}).",
                crate::video::INSTALL_HINT
            );
        }
    }
    let path = samples::build_with(sample, &out, existing, samples::Videos::IfFfmpeg)?;
    println!("{}", path.display());
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct ValueArgs {
    pub file: PathBuf,
    /// The variable's key.
    pub variable: String,
    /// The value's code.
    pub code: i64,
    /// A new label.
    #[arg(long, conflicts_with_all = ["retire", "restore", "merge_into"])]
    pub label: Option<String>,
    /// Hide the value from coders (its codes stay in the data).
    #[arg(long, conflicts_with_all = ["restore", "merge_into"])]
    pub retire: bool,
    /// Show a retired value to coders again.
    #[arg(long, conflicts_with = "merge_into")]
    pub restore: bool,
    /// Rewrite every code of this value as CODE (logged), and retire this value.
    #[arg(long, value_name = "CODE")]
    pub merge_into: Option<i64>,
}

/// `codingdesk value`: rename, retire, restore or merge a value of the codebook.
pub fn value(args: ValueArgs) -> anyhow::Result<()> {
    let mut project = super::open_study(&args.file)?;
    let actor = crate::actor();
    let (what, summary) = if let Some(label) = &args.label {
        (
            "renamed",
            project.rename_value(&args.variable, args.code, label, &actor)?,
        )
    } else if args.retire {
        (
            "retired",
            project.retire_value(&args.variable, args.code, true, &actor)?,
        )
    } else if args.restore {
        (
            "restored",
            project.retire_value(&args.variable, args.code, false, &actor)?,
        )
    } else if let Some(into) = args.merge_into {
        (
            "merged",
            project.merge_value(&args.variable, args.code, into, &actor)?,
        )
    } else {
        bail!("say what to do with the value: --label, --retire, --restore or --merge-into");
    };
    project.save()?;
    println!(
        "{what} {} {}: codebook version {}{}",
        args.variable,
        args.code,
        summary.version,
        if summary.rewritten > 0 {
            format!(", {} codes rewritten", summary.rewritten)
        } else {
            String::new()
        }
    );
    Ok(())
}
